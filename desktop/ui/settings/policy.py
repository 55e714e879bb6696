"""The quarantine rules dialog: the policy stored in the database, editable by approvers only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.policy import PolicyConfig
from desktop.services.policy import DeskRole, PolicyChange, desk_role, get_policy, set_policy
from desktop.services.ports import UnitOfWork
from desktop.ui.common.i18n import error_text
from desktop.ui.common.operations import DatabaseTasks


@dataclass(frozen=True, slots=True)
class _Stored:
    policy: PolicyConfig
    role: DeskRole


class PolicyDialog(QDialog):
    """Soft bounces before quarantine, quarantine length, spam complaints: read, then (for an
    approver) changed through services/policy.py, which audits the change."""

    sig_saved = Signal(str)  # a line for the status bar

    def __init__(self, tasks: DatabaseTasks, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._actor = actor
        self.setWindowTitle(self.tr("Quarantine rules"))
        self.soft_bounces = QSpinBox()
        self.soft_bounces.setRange(1, 100)
        self.soft_bounces.setAccessibleName(self.tr("Soft bounces in a row before quarantine"))
        self.length_days = QDoubleSpinBox()
        self.length_days.setRange(0.25, 365.0)
        self.length_days.setDecimals(2)
        self.length_days.setSingleStep(1.0)
        self.length_days.setSuffix(self.tr(" days"))
        self.length_days.setAccessibleName(self.tr("Quarantine length in days"))
        self.spam = QCheckBox(self.tr("A spam complaint quarantines the address"))
        self.spam.setAccessibleName(self.tr("Spam complaints quarantine"))
        self.who = QLabel(self.tr("Reading the rules from the database…"))
        self.who.setTextFormat(Qt.TextFormat.PlainText)
        self.who.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Soft bounces before quarantine"), self.soft_bounces)
        form.addRow(self.tr("Quarantine length"), self.length_days)
        form.addRow("", self.spam)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.who)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._editable(False)

        def read(uow: UnitOfWork) -> _Stored:
            return _Stored(get_policy(uow), desk_role(uow))

        tasks.query(read).success(self._loaded).failure(self._failed).owned_by(self).run()

    def _editable(self, editable: bool) -> None:
        for widget in (self.soft_bounces, self.length_days, self.spam):
            widget.setEnabled(editable)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(editable)

    def _loaded(self, stored: _Stored) -> None:
        policy = stored.policy
        self.soft_bounces.setValue(policy.soft_bounce_limit)
        self.length_days.setValue(policy.quarantine_length.total_seconds() / 86_400)
        self.spam.setChecked(policy.quarantine_on_spam)
        approver = stored.role is DeskRole.APPROVER
        self.who.setText(
            self.tr("These rules hold for everyone using this database; changes are audited.")
            if approver
            else self.tr("Only an approver may change these rules; you can read them.")
        )
        self._editable(approver)

    def _failed(self, error: BounceDeskError) -> None:
        self.who.setText(error_text(error))
        self._editable(False)

    def chosen(self) -> PolicyConfig:
        return PolicyConfig(
            soft_bounce_limit=self.soft_bounces.value(),
            quarantine_length=timedelta(days=self.length_days.value()),
            quarantine_on_spam=self.spam.isChecked(),
        )

    def save(self) -> None:
        config, actor = self.chosen(), self._actor
        self._editable(False)

        def saved(change: PolicyChange) -> None:
            self.sig_saved.emit(
                self.tr("Quarantine rules saved.") if change.changed else self.tr("Unchanged.")
            )
            self.accept()

        def failed(error: BounceDeskError) -> None:
            self._failed(error)

        self._tasks.write(lambda uow: set_policy(uow, config, actor)).success(saved).failure(
            failed
        ).owned_by(self).run()
