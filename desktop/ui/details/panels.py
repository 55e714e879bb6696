"""The details screen's side panels: the reason help and "why is this address quarantined?"."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.model import Event, Quarantine, QuarantineCause
from desktop.domain.policy import PolicyConfig
from desktop.services.explain import Explanation
from desktop.services.quarantine import WhyQuarantined
from desktop.ui.common.i18n import counted
from desktop.ui.common.style import (
    RISK_COLOURS,
    local_time,
    reason_label,
    risk_label,
    set_role,
    status_label,
    until,
)


def plain_label(text: str = "", role: str = "") -> QLabel:
    """A label that never interprets markup (remote or data text passes through these)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        label.setObjectName(role)
    return label


def heading(text: str) -> QLabel:
    label = plain_label(text, "heading")
    set_role(label, "section")
    return label


class Card(QFrame):
    """A rounded panel grouping one topic."""

    def __init__(self, accent: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        set_role(self, f"card-{accent}" if accent else "card")  # accent: reason, quarantine
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(12, 10, 12, 10)
        self.body.setSpacing(4)


class ReasonPanel(Card):
    # The button of the language chosen in Settings says that Ctrl+Shift+C copies that one.
    """What the reason means, what the agent can do, release risk; copy buttons for the client."""

    sig_copy = Signal(str)  # language code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("reason", parent)
        self.setAccessibleName(self.tr("Reason"))
        self.title = plain_label("", "reasonTitle")
        set_role(self.title, "title")
        self.meaning = plain_label()
        self.todo_heading = heading(self.tr("What you can do"))
        self.todo = plain_label()
        self.suggestion = plain_label()
        set_role(self.suggestion, "strong")
        self.risk = plain_label()
        bold = QFont(self.risk.font())
        bold.setWeight(QFont.Weight.DemiBold)
        self.risk.setFont(bold)
        self.copy_en = QPushButton()
        self.copy_en.setAccessibleName(self.tr("Copy explanation for the client in English"))
        self.copy_nl = QPushButton()
        self.copy_nl.setAccessibleName(self.tr("Copy explanation for the client in Dutch"))
        self.copy_en.clicked.connect(lambda: self.sig_copy.emit("en"))
        self.copy_nl.clicked.connect(lambda: self.sig_copy.emit("nl"))
        # Side by side when they fit, else one above the other: a narrow details pane cut the
        # first button's text at both ends.
        self._buttons = buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        buttons.addWidget(self.copy_en)
        buttons.addWidget(self.copy_nl)
        buttons.addStretch(1)
        self.set_language("en")
        for widget in (
            self.title,
            self.meaning,
            self.todo_heading,
            self.todo,
            self.suggestion,
            self.risk,
        ):
            self.body.addWidget(widget)
        self.body.addLayout(buttons)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_buttons()

    def _place_buttons(self) -> None:
        margins = self.body.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        needed = (
            self.copy_en.sizeHint().width()
            + self._buttons.spacing()
            + self.copy_nl.sizeHint().width()
        )
        side_by_side = needed <= room
        self._buttons.setDirection(
            QBoxLayout.Direction.LeftToRight if side_by_side else QBoxLayout.Direction.TopToBottom
        )
        for button in (self.copy_en, self.copy_nl):  # stacked: as wide as the longer one
            button.setSizePolicy(
                QSizePolicy.Policy.Maximum if side_by_side else QSizePolicy.Policy.Preferred,
                QSizePolicy.Policy.Fixed,
            )

    def set_language(self, language: str) -> None:
        """Mark the button Ctrl+Shift+C stands for: the language chosen in Settings."""
        keys = "  ·  Ctrl+Shift+C"
        english, dutch = language != "nl", language == "nl"
        self.copy_en.setText(
            self.tr("Copy explanation for client (EN)") + (keys if english else "")
        )
        self.copy_nl.setText("NL" + (keys if dutch else ""))
        self._place_buttons()  # the texts' widths changed
        self.copy_en.setToolTip(
            self.tr("Plain text and formatted text on the clipboard, in English")
            + (self.tr(" (Ctrl+Shift+C: the language chosen in Settings)") if english else "")
        )
        self.copy_nl.setToolTip(
            self.tr("The explanation for the client in Dutch")
            + (self.tr(" (Ctrl+Shift+C: the language chosen in Settings)") if dutch else "")
        )

    def show_explanation(self, explanation: Explanation) -> None:
        self.title.setText(explanation.title)
        # why (the reason), then what happens next (the state): the two never contradict
        meaning = explanation.meaning
        if explanation.next_text:
            meaning += "\n\n" + explanation.next_text
        self.meaning.setText(meaning)
        steps = "\n".join(f"• {step}" for step in explanation.what_you_can_do)
        self.todo.setText(steps)
        self.todo.setVisible(bool(steps))
        self.todo_heading.setVisible(bool(steps))
        self.suggestion.setText(
            self.tr("Did the client mean {0}? The domain looks misspelt.").format(
                explanation.suggestion
            )
            if explanation.suggestion
            else ""
        )
        self.suggestion.setVisible(bool(explanation.suggestion))
        level = explanation.risk.value
        colour = RISK_COLOURS.get(level, "#7b8494")
        self.risk.setText(
            self.tr("Release risk: {0} — {1}").format(
                risk_label(level).upper(), explanation.risk_why
            )
        )
        palette = self.risk.palette()  # a palette, not a style sheet: no re-polish per message
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        self.risk.setPalette(palette)


class QuarantinePanel(Card):
    """ "Why is this address quarantined?": the rule, the causing events, the countdown."""

    sig_release = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("quarantine", parent)
        self.setAccessibleName(self.tr("Why is this address quarantined?"))
        self.title = plain_label(self.tr("Why is this address quarantined?"))
        set_role(self.title, "quarantine-title")
        self.rule = plain_label()
        self.causes = plain_label()
        set_role(self.causes, "mono")
        self.countdown = plain_label()
        set_role(self.countdown, "strong")
        self.release_button = QPushButton(self.tr("Request release…"))
        self.release_button.setAccessibleName(self.tr("Request release of this address"))
        self.release_button.clicked.connect(self.sig_release.emit)
        row = QHBoxLayout()
        row.addWidget(self.countdown, 1)
        row.addWidget(self.release_button)
        for widget in (self.title, self.rule, self.causes):
            self.body.addWidget(widget)
        self.body.addLayout(row)

    def show_quarantine(
        self,
        quarantine: Quarantine,
        events: list[Event],
        now: datetime,
        config: PolicyConfig,
        why: WhyQuarantined | None = None,
    ) -> None:
        reason = reason_label(quarantine.reason)
        rule = self.rule_text(quarantine.cause, config)
        self.rule.setText(
            self.tr("Rule: {0}.\nReason: {1}.").format(rule[:1].upper() + rule[1:], reason)
        )
        here = {e.id for e in events}
        causing = (
            why.events
            if why is not None
            else [e for e in events if e.id in set(quarantine.cause_event_ids)]
        )
        this_message = "  " + self.tr("(this message)")
        lines = [
            f"{local_time(e.at)}  {status_label(e.type.value):<12} "
            f"{e.status or e.reply_code or '':<6}{this_message if e.id in here else ''}"
            for e in causing
        ]
        self.causes.setText(self.tr("Caused by:") + "\n" + "\n".join(lines) if lines else "")
        self.causes.setVisible(bool(lines))
        self.update_countdown(quarantine, now)

    def rule_text(self, cause: QuarantineCause, config: PolicyConfig) -> str:
        """The rule that fired, in the UI language (services/quarantine.py words it in English
        for the CLI)."""
        if cause is QuarantineCause.HARD_BOUNCE:
            return self.tr("a hard bounce quarantines the address at once")
        if cause is QuarantineCause.SOFT_BOUNCE:
            limit = config.soft_bounce_limit
            return counted(
                self.tr(
                    "%Ln soft bounce(s) in a row with no delivery in between count as a hard"
                    " bounce",
                    "",
                    limit,
                ),
                limit,
            )
        return self.tr("a spam complaint quarantines the address at once")

    def update_countdown(self, quarantine: Quarantine, now: datetime) -> None:
        self.countdown.setText(
            self.tr("Ends by itself in {0} ({1})").format(
                until(quarantine.ends_at, now), local_time(quarantine.ends_at)
            )
        )
