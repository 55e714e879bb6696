"""Draws the status cell of the results table as a tinted pill with its icon."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from desktop.domain.model import Message
from desktop.ui.look import status_colour, status_icon, status_label
from desktop.ui.search.model import MESSAGE_ROLE


class StatusDelegate(QStyledItemDelegate):
    """Paints on the GUI thread from the row's Message; never fetches anything."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        message = index.data(MESSAGE_ROLE)
        if not isinstance(message, Message):
            super().paint(painter, option, index)
            return
        # Let the style draw selection and focus; we draw the pill on top.
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        plain.icon = QIcon()  # the pill carries the icon
        plain.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, option.widget)
        status = message.status.value
        colour = status_colour(status)
        text = status_label(status)
        metrics = option.fontMetrics
        height = min(option.rect.height() - 6, metrics.height() + 4)
        width = metrics.horizontalAdvance(text) + height + 14
        pill = QRect(
            option.rect.left() + 4,
            option.rect.center().y() - height // 2,
            min(width, option.rect.width() - 8),
            height,
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        tint = QColor(colour)
        tint.setAlpha(40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(tint)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        icon_size = height - 4
        status_icon(status).paint(
            painter, QRect(pill.left() + 3, pill.top() + 2, icon_size, icon_size)
        )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected else colour.darker(115))
        painter.drawText(
            pill.adjusted(icon_size + 8, 0, -4, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            text,
        )
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + 24, size.height())
