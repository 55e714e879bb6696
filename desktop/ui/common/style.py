"""Shared look: status colours and icons, reason labels, local times, "3 h ago", the app icon."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImageReader, QPainter, QPen, QPixmap

from desktop import resources
from desktop.resources import build
from desktop.domain.model import EventType, MessageStatus, Reason

# One hue per outcome, readable on light and dark backgrounds.
_GREEN, _BLUE, _AMBER, _ORANGE, _RED, _PURPLE, _GREY = (
    "#2e9d57",
    "#3a78c9",
    "#d39a1c",
    "#e07020",
    "#d0413a",
    "#8e4fc2",
    "#7b8494",
)

STATUS_COLOURS: dict[str, str] = {
    MessageStatus.QUEUED: _GREY,
    MessageStatus.SENT: _BLUE,
    MessageStatus.DELIVERED: _GREEN,
    MessageStatus.DEFERRED: _AMBER,
    MessageStatus.SOFT_BOUNCE: _ORANGE,
    MessageStatus.HARD_BOUNCE: _RED,
    MessageStatus.REJECTED: _PURPLE,
    MessageStatus.SPAM_COMPLAINT: _RED,
    EventType.QUARANTINED: _PURPLE,
    EventType.RELEASED: _GREEN,
}

# A glyph inside the coloured disc, so colour is never the only signal.
_GLYPHS: dict[str, str] = {
    MessageStatus.QUEUED: "…",
    MessageStatus.SENT: "→",
    MessageStatus.DELIVERED: "✓",
    MessageStatus.DEFERRED: "◷",
    MessageStatus.SOFT_BOUNCE: "↺",
    MessageStatus.HARD_BOUNCE: "✕",
    MessageStatus.REJECTED: "⊘",
    MessageStatus.SPAM_COMPLAINT: "!",
    EventType.QUARANTINED: "‖",
    EventType.RELEASED: "▶",
}

STATUS_LABELS: dict[str, str] = {
    "queued": "Queued",
    "sent": "Sent",
    "delivered": "Delivered",
    "deferred": "Delayed",
    "soft_bounce": "Soft bounce",
    "hard_bounce": "Hard bounce",
    "rejected": "Rejected",
    "spam_complaint": "Spam complaint",
    "quarantined": "Quarantined",
    "released": "Released",
}

REASON_LABELS: dict[Reason, str] = {
    Reason.ADDRESS_UNKNOWN: "Address does not exist",
    Reason.DOMAIN_UNKNOWN: "Domain does not exist",
    Reason.BLOCKED: "Blocked by receiver",
    Reason.MAILBOX_FULL: "Mailbox full",
    Reason.MAILBOX_INACTIVE: "Mailbox inactive",
    Reason.SERVER_UNREACHABLE: "Server unreachable",
    Reason.SERVER_ERROR: "Server error",
    Reason.MESSAGE_TOO_LARGE: "Message too large",
    Reason.CONTENT_BLOCKED: "Content blocked",
    Reason.POLICY: "Sender policy (SPF/DMARC)",
    Reason.SPAM_COMPLAINT: "Spam complaint",
    Reason.DELAYED: "Delayed",
    Reason.UNKNOWN: "Unknown reason",
}

RISK_COLOURS = {"low": _GREEN, "medium": _AMBER, "high": _RED}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status.replace("_", " ").capitalize())


def reason_label(reason: Reason | None) -> str:
    return REASON_LABELS.get(reason, "") if reason is not None else ""


def status_colour(status: str) -> QColor:
    return QColor(STATUS_COLOURS.get(status, _GREY))


@cache
def status_icon(status: str, size: int = 16) -> QIcon:
    """A coloured disc with a white glyph; drawn once per status and size."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x so it stays crisp on HiDPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(status_colour(status))
    painter.drawEllipse(QRectF(0.5, 0.5, size - 1.0, size - 1.0))
    painter.setPen(QPen(QColor("white")))
    font = QFont()
    font.setPixelSize(max(8, int(size * 0.62)))
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(
        QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, _GLYPHS.get(status, "")
    )
    painter.end()
    return QIcon(pixmap)


def local_time(moment: datetime, seconds: bool = False) -> str:
    """A UTC moment in the agent's local zone, e.g. '2026-11-27 14:05'."""
    shown = moment.astimezone()
    return shown.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def ago(moment: datetime, now: datetime | None = None) -> str:
    """How long ago, coarsely: 'just now', '12 min ago', '3 h ago', '4 d ago'."""
    seconds = int(((now or datetime.now(UTC)) - moment).total_seconds())
    if seconds < 0:
        return "in " + until(moment, now)
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} d ago"


def until(moment: datetime, now: datetime | None = None) -> str:
    """Time left until `moment`: '6 d 3 h', '2 h 10 min', '4 min'; 'now' when past."""
    seconds = int((moment - (now or datetime.now(UTC))).total_seconds())
    if seconds <= 0:
        return "now"
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{max(minutes, 1)} min"


def app_icon() -> QIcon:
    """The Bounce Desk mark at every size the build renders.

    A wheel or the frozen app carries the PNGs rendered at build time; a checkout has only
    the master SVG, which Qt's SVG image plugin renders here (the frozen app ships no SVG
    support, and needs none).
    """
    icon = QIcon()
    pngs = resources.icon_pngs()
    if pngs:
        for data in pngs.values():
            pixmap = QPixmap()
            if pixmap.loadFromData(data, "PNG"):
                icon.addPixmap(pixmap)
        return icon
    svg = QByteArray(resources.icon_svg())
    for size in build.ICON_SIZES:
        buffer = QBuffer(svg)
        reader = QImageReader(buffer, QByteArray(b"svg"))
        reader.setScaledSize(QSize(size, size))
        image = reader.read()
        if not image.isNull():
            icon.addPixmap(QPixmap.fromImage(image))
    return icon
