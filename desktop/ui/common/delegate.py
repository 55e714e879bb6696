"""Draws the status cell of a message table as a tinted pill with its icon."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from desktop.domain.model import Message
from desktop.ui.common.message_table import MESSAGE_ROLE
from desktop.ui.common.style import status_colour, status_icon, status_label

_PILLS: dict[tuple[str, int, int, float, str], QPixmap] = {}


def pill_height(row_height: int, metrics: QFontMetrics) -> int:
    return min(row_height - 6, metrics.height() + 4)


def pill_extra(rows: QHeaderView, metrics: QFontMetrics) -> int:
    """What a status cell needs beside its text: the pill's icon and padding, the margins."""
    return pill_height(rows.defaultSectionSize(), metrics) + 14 + 8


def pill(status: str, text_rgba: int, height: int, ratio: float, font: QFont) -> QPixmap:
    """The pill for one status, drawn once per look; painting a cell then copies pixels."""
    key = (status, text_rgba, height, ratio, font.key())
    cached = _PILLS.get(key)
    if cached is not None:
        return cached
    if len(_PILLS) > 256:  # a theme or font change leaves old looks behind
        _PILLS.clear()
    metrics = QFontMetrics(font)
    text = status_label(status)
    width = metrics.horizontalAdvance(text) + height + 14
    pixmap = QPixmap(round(width * ratio), round(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    tint = status_colour(status)
    tint.setAlpha(40)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(tint)
    painter.drawRoundedRect(QRect(0, 0, width, height), height / 2, height / 2)
    icon_size = height - 4
    status_icon(status).paint(painter, QRect(3, 2, icon_size, icon_size))
    painter.setFont(font)
    painter.setPen(QColor.fromRgba(text_rgba))
    painter.drawText(
        QRect(icon_size + 8, 0, width - icon_size - 12, height),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
        text,
    )
    painter.end()
    _PILLS[key] = pixmap
    return pixmap


class StatusDelegate(QStyledItemDelegate):
    """Paints on the GUI thread from the row's Message; never fetches anything.

    A table repaint calls this for every visible row, so it draws the cell background with
    the style and copies a cached pill: no text layout per cell.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        model = index.model()
        at = getattr(model, "message_at", None)
        message = at(index.row()) if at is not None else index.data(MESSAGE_ROLE)
        if not isinstance(message, Message):
            super().paint(painter, option, index)
            return
        # The view's option carries no text or icon (initStyleOption adds them), so the
        # style draws just the background, selection and focus.
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
        status = message.status.value
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_colour = (
            option.palette.highlightedText().color()
            if selected
            else status_colour(status).darker(115)
        )
        height = pill_height(option.rect.height(), option.fontMetrics)
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        image = pill(status, text_colour.rgba(), height, ratio, option.font)
        top = option.rect.center().y() - height // 2
        room = option.rect.width() - 8
        width = round(image.width() / ratio)
        if width <= room:
            painter.drawPixmap(option.rect.left() + 4, top, image)
        else:  # a narrow column shows the pill's start
            painter.drawPixmap(
                QRect(option.rect.left() + 4, top, room, height),
                image,
                QRect(0, 0, round(room * ratio), image.height()),
            )

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 24, size.height())
