"""Editing the settings: ask the dialog, keep the password in the keyring, save, apply."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import settings as user_settings
from desktop.domain.errors import BounceDeskError
from desktop.services import release
from desktop.services.release import ApprovalMode
from desktop.ui.common.i18n import error_text, translate
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.settings.view import SettingsChoice, SettingsDialog


def edit_settings(
    settings: user_settings.Settings,
    runner: TaskRunner,
    tasks: DatabaseTasks | None,
    local_url: str,
    parent: QWidget | None,
    saved: Callable[[user_settings.Settings, bool], object],
) -> None:
    """Show the dialog; `saved(new_settings, database_moved)` hears a saved choice.

    With a database open, its approval mode is read first (it lives there, shared by every
    agent) and a change is written back, audited. Without one the dialog opens at once.
    """

    def ask(mode: ApprovalMode | None) -> None:
        choice = SettingsDialog.ask(settings, runner, local_url, mode, parent)
        if choice is None:
            return
        _keep_password(choice, parent)
        if tasks is not None and choice.approval_mode is not None and choice.approval_mode != mode:
            _write_approval_mode(tasks, choice.approval_mode, settings.actor(), parent)
        user_settings.save(choice.settings)
        saved(choice.settings, choice.settings.database_url != settings.database_url)

    if tasks is None:
        ask(None)
        return
    tasks.query(release.approval_mode).success(ask).failure(lambda _e: ask(None)).run()


def _keep_password(choice: SettingsChoice, parent: QWidget | None) -> None:
    if choice.password and choice.settings.database_url:
        try:
            user_settings.store_password(choice.settings.database_url, choice.password)
        except user_settings.KeyringUnavailable as error:
            QMessageBox.information(
                parent, translate("SettingsDialog", "Password not stored"), error_text(error)
            )


def _write_approval_mode(
    tasks: DatabaseTasks, mode: ApprovalMode, actor: str, parent: QWidget | None
) -> None:
    def failed(error: BounceDeskError) -> None:
        QMessageBox.warning(
            parent,
            translate("SettingsDialog", "Settings"),
            translate("SettingsDialog", "The approval mode is unchanged: {0}").format(
                error_text(error)
            ),
        )

    tasks.write(lambda uow: release.set_approval_mode(uow, mode, actor)).failure(failed).run()
