"""Shared look: status colours and icons, reason labels, local times, "3 h ago", roles, icon."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import cache

from PySide6.QtCore import QBuffer, QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImageReader, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from desktop import resources
from desktop.domain.model import EventType, MessageStatus, Reason
from desktop.resources import build
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, date_time, number, translate

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
    "queued": QT_TRANSLATE_NOOP("status", "Queued"),
    "sent": QT_TRANSLATE_NOOP("status", "Sent"),
    "delivered": QT_TRANSLATE_NOOP("status", "Delivered"),
    "deferred": QT_TRANSLATE_NOOP("status", "Delayed"),
    "soft_bounce": QT_TRANSLATE_NOOP("status", "Soft bounce"),
    "hard_bounce": QT_TRANSLATE_NOOP("status", "Hard bounce"),
    "rejected": QT_TRANSLATE_NOOP("status", "Rejected"),
    "spam_complaint": QT_TRANSLATE_NOOP("status", "Spam complaint"),
    "quarantined": QT_TRANSLATE_NOOP("status", "Quarantined"),
    "released": QT_TRANSLATE_NOOP("status", "Released"),
}

REASON_LABELS: dict[Reason, str] = {
    Reason.ADDRESS_UNKNOWN: QT_TRANSLATE_NOOP("reason", "Address does not exist"),
    Reason.DOMAIN_UNKNOWN: QT_TRANSLATE_NOOP("reason", "Domain does not exist"),
    Reason.BLOCKED: QT_TRANSLATE_NOOP("reason", "Blocked by receiver"),
    Reason.MAILBOX_FULL: QT_TRANSLATE_NOOP("reason", "Mailbox full"),
    Reason.MAILBOX_INACTIVE: QT_TRANSLATE_NOOP("reason", "Mailbox inactive"),
    Reason.SERVER_UNREACHABLE: QT_TRANSLATE_NOOP("reason", "Server unreachable"),
    Reason.SERVER_ERROR: QT_TRANSLATE_NOOP("reason", "Server error"),
    Reason.MESSAGE_TOO_LARGE: QT_TRANSLATE_NOOP("reason", "Message too large"),
    Reason.CONTENT_BLOCKED: QT_TRANSLATE_NOOP("reason", "Content blocked"),
    Reason.POLICY: QT_TRANSLATE_NOOP("reason", "Sender policy (SPF/DMARC)"),
    Reason.SPAM_COMPLAINT: QT_TRANSLATE_NOOP("reason", "Spam complaint"),
    Reason.DELAYED: QT_TRANSLATE_NOOP("reason", "Delayed"),
    Reason.UNKNOWN: QT_TRANSLATE_NOOP("reason", "Unknown reason"),
}

RISK_COLOURS = {"low": _GREEN, "medium": _AMBER, "high": _RED}


def set_role(widget: QWidget, role: str) -> None:
    """Name what `widget` is for the style sheet (resources/style/bouncedesk.qss).

    Re-polished, so a role changed on a shown widget (a risk level, a status) restyles it.
    """
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def apply_style(app: QApplication) -> None:
    """The app's one style sheet, from the resources.

    The only place that sets a style sheet (a test holds every other module to it): widgets
    name what they are (`set_role`, object names) and the sheet says how that looks.
    """
    app.setStyleSheet(resources.style_sheet())


def remove_style(app: QApplication) -> None:
    """Take the style sheet off again (a caller that borrowed a running application)."""
    app.setStyleSheet("")


def status_label(status: str) -> str:
    """The status in the UI language (any thread: the table cells are made on a worker)."""
    label = STATUS_LABELS.get(status)
    return translate("status", label) if label else status.replace("_", " ").capitalize()


RISK_LABELS = {
    "low": QT_TRANSLATE_NOOP("risk", "low"),
    "medium": QT_TRANSLATE_NOOP("risk", "medium"),
    "high": QT_TRANSLATE_NOOP("risk", "high"),
}


def risk_label(level: str) -> str:
    """A release-risk level (low, medium, high) in the UI language."""
    label = RISK_LABELS.get(level)
    return translate("risk", label) if label else level


CAUSE_LABELS = {
    "hard-bounce": QT_TRANSLATE_NOOP("cause", "Hard bounce"),
    "soft-bounce": QT_TRANSLATE_NOOP("cause", "Soft bounce"),
    "spam": QT_TRANSLATE_NOOP("cause", "Spam"),
}
REQUEST_STATE_LABELS = {
    "pending": QT_TRANSLATE_NOOP("request", "pending"),
    "approved": QT_TRANSLATE_NOOP("request", "approved"),
    "applied": QT_TRANSLATE_NOOP("request", "applied"),
    "rejected": QT_TRANSLATE_NOOP("request", "rejected"),
}


def cause_label(cause: str) -> str:
    """A quarantine cause (hard-bounce, soft-bounce, spam) in the UI language."""
    label = CAUSE_LABELS.get(cause)
    return translate("cause", label) if label else cause.replace("-", " ").capitalize()


def request_state_label(state: str) -> str:
    """A release request's state (pending, approved, applied, rejected) in the UI language."""
    label = REQUEST_STATE_LABELS.get(state)
    return translate("request", label) if label else state


def span_text(span: timedelta) -> str:
    """A past span, roughly: '12 min', '5 h', '3 days' (the re-bounce watch's wording)."""
    minutes = max(int(span.total_seconds() // 60), 0)
    if minutes < 60:
        return translate("time", "{minutes} min").format(minutes=number(minutes))
    if minutes < 48 * 60:
        return translate("time", "{hours} h").format(hours=number(minutes // 60))
    return translate("time", "{days} days").format(days=number(minutes // (24 * 60)))  # ≥ 2


def reason_label(reason: Reason | None) -> str:
    label = REASON_LABELS.get(reason) if reason is not None else None
    return translate("reason", label) if label else ""


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
    """A UTC moment in the agent's local zone and the UI's locale: '27-11-2026 14:05' (nl)."""
    return date_time(moment, seconds)


def ago(moment: datetime, now: datetime | None = None) -> str:
    """How long ago, coarsely: 'just now', '12 min ago', '3 h ago', '4 d ago'."""
    seconds = int(((now or datetime.now(UTC)) - moment).total_seconds())
    if seconds < 0:
        return translate("time", "in {duration}").format(duration=until(moment, now))
    if seconds < 60:
        return translate("time", "just now")
    if seconds < 3600:
        return translate("time", "{minutes} min ago").format(minutes=number(seconds // 60))
    if seconds < 86400:
        return translate("time", "{hours} h ago").format(hours=number(seconds // 3600))
    return translate("time", "{days} d ago").format(days=number(seconds // 86400))


def until(moment: datetime, now: datetime | None = None) -> str:
    """Time left until `moment`: '6 d 3 h', '2 h 10 min', '4 min'; 'now' when past."""
    seconds = int((moment - (now or datetime.now(UTC))).total_seconds())
    if seconds <= 0:
        return translate("time", "now")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return translate("time", "{days} d {hours} h").format(days=number(days), hours=hours)
    if hours:
        return translate("time", "{hours} h {minutes} min").format(hours=hours, minutes=minutes)
    return translate("time", "{minutes} min").format(minutes=max(minutes, 1))


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
