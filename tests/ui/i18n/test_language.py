"""The Dutch build at run time: translators and locale installed, texts, dates, numbers, style."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from pytestqt.qtbot import QtBot

from desktop import resources
from desktop.domain.model import Reason
from desktop.domain.release_targets import DeliveryState, OutboxItem
from desktop.services.release import ApprovalMode
from desktop.settings import Settings
from desktop.ui.common.i18n import counted, date_time, number
from desktop.ui.common.language_box import UiLanguageBox
from desktop.ui.common.message_table import COLUMNS, MessageTableModel
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.release_words import delivery_state_label, targets_line
from desktop.ui.common.style import (
    RISK_COLOURS,
    STATUS_COLOURS,
    ago,
    apply_style,
    reason_label,
    set_role,
    status_label,
    until,
)
from desktop.ui.common.workers import TaskRunner
from desktop.ui.importing.dialog import ImportDialog, describe_progress
from desktop.ui.settings.view import SettingsDialog
from desktop.ui.startup.language import InstalledLanguage, ui_language, ui_locale
from tests.ui.fakes import InlinePool


def _tasks() -> DatabaseTasks:
    def no_database() -> object:
        raise AssertionError("these tests open no database")

    return DatabaseTasks(TaskRunner(reads=InlinePool(), writes=InlinePool()), no_database)


@pytest.mark.parametrize(
    ("setting", "system", "shown"),
    [
        ("nl", "en_US", "nl"),  # a choice wins over the system
        ("en", "nl_NL", "en"),
        ("", "nl_BE", "nl"),  # empty follows the system
        ("", "en_GB", "en"),
        ("", "de_DE", "en"),  # a language the app lacks: English
        ("tlh", "nl_NL", "en"),  # a hand-edited setting the app lacks: English
    ],
)
def test_the_ui_language_follows_the_setting_then_the_system(
    setting: str, system: str, shown: str
) -> None:
    assert ui_language(setting, QLocale(system), ("nl",)) == shown


def test_the_locale_keeps_the_systems_variant_of_the_ui_language() -> None:
    assert ui_locale("nl", QLocale("nl_BE")).name() == "nl_BE"
    assert ui_locale("nl", QLocale("en_US")).name() == "nl_NL"
    assert ui_locale("en", QLocale("nl_NL")).name() == "en_NL"  # English, Dutch habits
    assert ui_locale("nl", QLocale("de_DE")).name() == "nl_NL"  # no nl_DE: the main one


def test_dutch_installs_the_app_and_qt_translators(dutch: InstalledLanguage) -> None:
    assert dutch.language == "nl"
    assert QLocale().name() == "nl_NL"
    assert len(dutch.translators) == 2  # Bounce Desk's own and Qt's (qtbase_nl)


def test_the_import_dialog_speaks_dutch(qtbot: QtBot, dutch: InstalledLanguage) -> None:
    dialog = ImportDialog(_tasks(), "Sanne")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Gebeurtenissen importeren"
    assert dialog.start_button.text() == "Importeren"
    assert dialog.status.text() == "Kies een formaat en de bestanden die u wilt importeren."
    assert dialog.format.itemText(dialog.format.findData("postfix")) == "Postfix-maillog"


def test_shared_labels_dates_and_numbers_follow_the_dutch_locale(
    dutch: InstalledLanguage,
) -> None:
    assert status_label("delivered") == "Afgeleverd"
    assert reason_label(Reason.MAILBOX_FULL) == "Mailbox vol"
    assert number(1234567) == "1.234.567"
    assert number(1234.5, 1) == "1.234,5"
    moment = datetime(2026, 11, 27, 13, 5, 9, tzinfo=UTC)
    local = moment.astimezone()
    assert date_time(moment) == local.strftime("%d-%m-%Y %H:%M")
    assert date_time(moment, seconds=True) == local.strftime("%d-%m-%Y %H:%M:%S")
    now = datetime(2026, 11, 27, 16, 5, tzinfo=UTC)
    assert ago(moment, now) == "2 u geleden"
    assert until(now, moment) == "2 u 59 min"
    model = MessageTableModel(_tasks())
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(COLUMNS))]
    assert headers[:3] == ["Tijd", "Account", "Afzender"]


def test_progress_numbers_are_grouped_the_dutch_way(dutch: InstalledLanguage) -> None:
    from desktop.services.importing import ImportProgress

    step = ImportProgress(
        read=16246,
        imported=12000,
        duplicates=300,
        bad=45,
        skipped=0,
        elapsed=2.0,
        fraction=None,
        source=None,
    )
    text = describe_progress(step)
    assert text.startswith("16.246 records gelezen  ·  12.000 geïmporteerd")
    assert text.endswith("8.123 records/s")


def test_qts_own_buttons_are_dutch_too(qtbot: QtBot, dutch: InstalledLanguage) -> None:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Save).text().replace("&", "") == (
        "Opslaan"
    )


def test_english_is_the_default_without_translators(qtbot: QtBot) -> None:
    dialog = ImportDialog(_tasks(), "Sanne")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Import events"


def test_the_settings_dialog_offers_the_interface_language(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings(), TaskRunner(), "sqlite:///x.sqlite3", ApprovalMode.AUTO)
    qtbot.addWidget(dialog)
    box = dialog.ui_language
    assert isinstance(box, UiLanguageBox)
    assert [box.itemData(i) for i in range(box.count())] == ["", "en", "nl"]
    assert box.language() == ""  # follows the system by default
    box.setCurrentIndex(box.findData("nl"))
    assert dialog.choice().settings.ui_language == "nl"


def test_the_style_sheet_parses_and_restyles_by_role(qtbot: QtBot, qapp: QApplication) -> None:
    """Qt warns on a sheet it cannot parse, and warnings fail the tests."""
    apply_style(qapp)
    try:
        label = QLabel("risk")
        qtbot.addWidget(label)
        label.show()
        set_role(label, "risk-high")
        assert label.property("role") == "risk-high"
        assert label.palette().color(label.foregroundRole()).name() == RISK_COLOURS["high"]
        label.grab()
    finally:
        qapp.setStyleSheet("")


def test_the_sheet_uses_the_status_and_risk_colours_of_the_code() -> None:
    sheet = resources.style_sheet()
    for status, colour in STATUS_COLOURS.items():
        rule = re.search(rf'role="status-{status}"\] {{ background: (#[0-9a-f]{{6}}); }}', sheet)
        assert rule is not None and rule.group(1) == colour, status
    for level, colour in RISK_COLOURS.items():
        assert re.search(rf'role="risk-{level}"\] {{ color: {colour};', sheet), level


def _outbox(state: DeliveryState, attempts: int, status: int | None) -> OutboxItem:
    moment = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    return OutboxItem(
        id=1,
        request_id=7,
        address="jan@example.nl",
        cause="hard-bounce",
        reason="address_unknown",
        target="mailgun",
        kind="mailgun",
        idempotency_key="k",
        state=state,
        attempts=attempts,
        next_attempt_at=moment + timedelta(minutes=5),
        last_status=status,
        last_error="",
        done_at=None,
        created_at=moment,
        updated_at=moment,
    )


def test_where_a_release_stands_at_the_providers_reads_dutch(dutch: InstalledLanguage) -> None:
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    failed = _outbox(DeliveryState.PENDING, 2, 503)
    stopped = _outbox(DeliveryState.STOPPED, 1, 401)
    assert targets_line([failed, stopped], now) == (
        "Mailgun mislukt (503), nieuwe poging over 5 min"
        " · Mailgun gestopt (401): een goedkeurder is nodig"
    )
    assert delivery_state_label(DeliveryState.GIVEN_UP) == "opgegeven"


@pytest.mark.parametrize(
    ("shown", "count", "english"),
    [
        ("1 message(s)", 1, "1 message"),
        ("2 message(s)", 2, "2 messages"),
        ("0 message(s)", 0, "0 messages"),
        ("3 quarantined address(es) at x", 3, "3 quarantined addresses at x"),
        ("5 berichten", 5, "5 berichten"),  # a catalogue's form is left as it is
    ],
)
def test_english_counts_need_no_catalogue(shown: str, count: int, english: str) -> None:
    assert counted(shown, count) == english
