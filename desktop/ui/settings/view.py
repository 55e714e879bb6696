"""The settings dialog: database (local or PostgreSQL, Test connection), name, client language."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.phrases import Phrase
from desktop.services.health import probe_url
from desktop.services.release import ApprovalMode
from desktop.settings import Settings, password_in, strip_password, with_password
from desktop.ui.common.i18n import error_text, phrase_text
from desktop.ui.common.language_box import NATIVE_NAMES, UiLanguageBox
from desktop.ui.common.style import set_role
from desktop.ui.common.workers import TaskRunner


@dataclass(frozen=True, slots=True)
class SettingsChoice:
    """What the dialog returns: the settings to save, a password for the keyring, and the
    approval mode for the database (None: no database is open to hold it)."""

    settings: Settings
    password: str | None
    approval_mode: ApprovalMode | None


# An example to copy, the same in every language (not text to translate).
_URL_EXAMPLE = "postgresql+psycopg://agent@db.example.net/bouncedesk"


class SettingsDialog(QDialog):
    """Edits a copy of the settings; nothing is saved here (the caller saves the choice)."""

    def __init__(
        self,
        settings: Settings,
        runner: TaskRunner,
        local_url: str,
        approval_mode: ApprovalMode | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bounce Desk settings"))
        self.setMinimumWidth(560)
        self._settings = settings
        self._runner = runner
        self._local_url = local_url

        self.local = QRadioButton(self.tr("Local database on this computer"))
        self.shared = QRadioButton(self.tr("Shared PostgreSQL database"))
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.shared)
        self.url = QLineEdit(strip_password(settings.database_url))
        self.url.setPlaceholderText(_URL_EXAMPLE)
        self.url.setAccessibleName(self.tr("PostgreSQL URL"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("kept in the system keyring, never in a file"))
        self.password.setAccessibleName(self.tr("Database password"))
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setAccessibleName(self.tr("Test the database connection"))
        self.test_result = QLabel()
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setWordWrap(True)
        (self.shared if settings.database_url else self.local).setChecked(True)
        local_note = QLabel(local_url.removeprefix("sqlite:///"))
        local_note.setTextFormat(Qt.TextFormat.PlainText)
        set_role(local_note, "muted")

        self.user_name = QLineEdit(settings.user_name)
        self.user_name.setPlaceholderText(settings.actor())
        self.user_name.setAccessibleName(self.tr("Your name for the audit log"))
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language of client explanations"))
        for code in ("en", "nl"):  # each by its own name, as in the interface-language box
            self.language.addItem(NATIVE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.client_language)))
        self.ui_language = UiLanguageBox(settings.ui_language)
        self.approval = QComboBox()
        self.approval.setAccessibleName(self.tr("Release approval"))
        self.approval.addItem(
            self.tr("Apply release requests at once (single user)"), ApprovalMode.AUTO
        )
        self.approval.addItem(self.tr("Wait for an approver (team)"), ApprovalMode.APPROVER)
        # The mode lives in the database, for every agent sharing it; none open, none shown.
        self._approval_mode = approval_mode
        if approval_mode is None:
            self.approval.insertItem(
                0, self.tr("Kept in the database: open one to change it"), None
            )
            self.approval.setCurrentIndex(0)
            self.approval.setEnabled(False)
        else:
            self.approval.setCurrentIndex(max(0, self.approval.findData(approval_mode)))
        theme = QLabel(self.tr("Follows the system's light or dark theme."))
        set_role(theme, "muted")

        database = QVBoxLayout()
        database.addWidget(self.local)
        database.addWidget(local_note)
        database.addWidget(self.shared)
        form_db = QFormLayout()
        form_db.addRow(self.tr("URL"), self.url)
        form_db.addRow(self.tr("Password"), self.password)
        database.addLayout(form_db)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        database.addLayout(test_row)

        form = QFormLayout()
        form.addRow(self.tr("Database"), database)
        form.addRow(self.tr("Your name"), self.user_name)
        form.addRow(self.tr("Client language"), self.language)
        form.addRow(self.tr("Releases"), self.approval)
        form.addRow(self.tr("Interface language"), self.ui_language)
        form.addRow(self.tr("Theme"), theme)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.shared.toggled.connect(self._mode_changed)
        self.test_button.clicked.connect(self.test_connection)
        self._mode_changed()

    def _mode_changed(self) -> None:
        shared = self.shared.isChecked()
        self.url.setEnabled(shared)
        self.password.setEnabled(shared)

    def chosen_url(self) -> str:
        if not self.shared.isChecked():
            return ""
        url = self.url.text().strip()
        return with_password(url, self.password.text() or password_in(url))

    def test_connection(self) -> None:
        url = self.chosen_url() or self._local_url
        self.test_button.setEnabled(False)
        self.test_result.setText(self.tr("Connecting…"))

        def done(verdict: Phrase) -> None:
            self.test_button.setEnabled(True)
            set_role(self.test_result, "ok")
            self.test_result.setText(phrase_text(verdict))

        def failed(error: BounceDeskError) -> None:
            self.test_button.setEnabled(True)
            set_role(self.test_result, "error")
            self.test_result.setText(error_text(error))

        self._runner.task(lambda: probe_url(url)).success(done).failure(failed).on_channel(
            "settings-test"
        ).owned_by(self).run()

    def choice(self) -> SettingsChoice:
        url = self.chosen_url()
        password = password_in(url) if url else None
        chosen = replace(
            self._settings,
            database_url=strip_password(url),
            user_name=self.user_name.text().strip(),
            client_language=str(self.language.currentData()),
            ui_language=self.ui_language.language(),
        )
        # Qt hands enum item data back as plain strings.
        mode = None if self._approval_mode is None else ApprovalMode(self.approval.currentData())
        return SettingsChoice(chosen.checked(), password, mode)

    @classmethod
    def ask(
        cls,
        settings: Settings,
        runner: TaskRunner,
        local_url: str,
        approval_mode: ApprovalMode | None = None,
        parent: QWidget | None = None,
    ) -> SettingsChoice | None:
        dialog = cls(settings, runner, local_url, approval_mode, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
