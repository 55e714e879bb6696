"""The search screen: one smart search field, a filter row, the results table and a status line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QEvent, QItemSelection, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import ValidationError
from desktop.domain.model import Message, MessageStatus, Reason
from desktop.domain.search import SearchCriteria, alternatives, parse_query
from desktop.services.search import account_names
from desktop.ui.common.i18n import (
    QT_TRANSLATE_NOOP,
    counted,
    date_time,
    error_text,
    number,
    translate,
)
from desktop.ui.common.message_table import (
    MessageTableModel,
)
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import reason_label, status_icon, status_label
from desktop.ui.common.workers import Debouncer
from desktop.ui.search.export import ask_export_path, export_to
from desktop.ui.search.filter_bar import FilterBar
from desktop.ui.search.inputs import DateFilterEdit
from desktop.ui.search.results_table import ResultsTable

_NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum, shown as "any"
# How the search was understood, in the UI language (SearchCriteria.describe() is the CLI's).
_CRITERIA_LABELS = {
    "recipient": QT_TRANSLATE_NOOP("SearchCriteria", "recipient is {0}"),
    "recipient_prefix": QT_TRANSLATE_NOOP("SearchCriteria", "recipient starts with {0}"),
    "domain": QT_TRANSLATE_NOOP("SearchCriteria", "domain is {0}"),
    "contains": QT_TRANSLATE_NOOP("SearchCriteria", "recipient contains {0}"),
    "subject": QT_TRANSLATE_NOOP("SearchCriteria", "subject has {0}"),
    "sender": QT_TRANSLATE_NOOP("SearchCriteria", "sender is {0}"),
    "message_id": QT_TRANSLATE_NOOP("SearchCriteria", "message id is {0}"),
    "account": QT_TRANSLATE_NOOP("SearchCriteria", "account is {0}"),
    "status": QT_TRANSLATE_NOOP("SearchCriteria", "status is {0}"),
    "reason": QT_TRANSLATE_NOOP("SearchCriteria", "reason is {0}"),
    "since": QT_TRANSLATE_NOOP("SearchCriteria", "from {0}"),
    "until": QT_TRANSLATE_NOOP("SearchCriteria", "before {0}"),
}


def describe_criteria(criteria: SearchCriteria) -> str:
    """'recipient contains 'jan'' in the UI language: statuses, reasons and moments as the
    rest of the screen shows them."""
    parts: list[str] = []
    for name, label in _CRITERIA_LABELS.items():
        value = getattr(criteria, name)
        if value is None:
            continue
        if isinstance(value, datetime):
            shown = date_time(value)
        elif isinstance(value, MessageStatus):
            shown = status_label(value.value)
        elif isinstance(value, Reason):
            shown = reason_label(value)
        else:
            shown = str(value)
        parts.append(translate("SearchCriteria", label).format(f"'{shown}'"))
    return ", ".join(parts) if parts else translate("SearchCriteria", "newest messages")


class MessageSearchView(QWidget):
    """Search field, filters, paged results. GUI thread; all queries go through the model."""

    sig_message_selected = Signal(object)  # Message | None
    sig_message_opened = Signal(Message)  # Enter or double click
    sig_copy_address = Signal(Message)

    def __init__(self, tasks: DatabaseTasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._count: tuple[int, bool] | None = None
        self._elapsed_ms: float | None = None
        self._error: str | None = None
        self.model = MessageTableModel(tasks, parent=self)
        self._debounce = Debouncer(self.run_search, 300, self)
        self._build()
        self._connect()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.query = QLineEdit()
        self.query.setObjectName("searchField")
        self.query.setPlaceholderText(
            self.tr('Search: jan@example.nl, @ziggo.nl, a message id or "words of the subject"')
        )
        self.query.setAccessibleName(self.tr("Search messages"))
        self.query.setClearButtonEnabled(True)
        self.query.setMinimumHeight(34)

        self.account = QComboBox()
        self.account.setAccessibleName(self.tr("Account filter"))
        self.account.addItem(self.tr("All accounts"), None)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Status filter"))
        self.status_filter.addItem(self.tr("Any status"), None)
        for status in MessageStatus:
            self.status_filter.addItem(status_icon(status.value), status_label(status), status)
        self.reason_filter = QComboBox()
        self.reason_filter.setAccessibleName(self.tr("Reason filter"))
        self.reason_filter.addItem(self.tr("Any reason"), None)
        for reason in Reason:
            self.reason_filter.addItem(reason_label(reason), reason)
        for combo in (self.account, self.status_filter, self.reason_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
        self.since = self._date_edit(self.tr("From date"))
        self.until = self._date_edit(self.tr("Until date"))
        self.export_button = QPushButton(self.tr("Export CSV…"))
        self.export_button.setAccessibleName(self.tr("Export the result as CSV"))
        self.export_button.setToolTip(
            self.tr("Write every matching message (all pages) to a CSV file")
        )

        filters = self.filters = FilterBar()
        filters.add_group(
            (self.tr("Account"), self.account),
            (self.tr("Status"), self.status_filter),
            (self.tr("Reason"), self.reason_filter),
        )
        filters.add_group(
            (self.tr("From"), self.since), (self.tr("until"), self.until), self.export_button
        )

        self.table = ResultsTable(self.model)

        self.status_line = QLabel(self.tr("Type to search; newest messages are shown."))
        self.status_line.setObjectName("statusLine")
        self.status_line.setTextFormat(Qt.TextFormat.PlainText)
        self.status_line.setAccessibleName(self.tr("Result count and query time"))
        self.status_line.setWordWrap(True)
        self.suggestion = QPushButton()
        self.suggestion.setAccessibleName(self.tr("Try another reading of the search"))
        self.suggestion.hide()
        self.suggestion.clicked.connect(self._take_suggestion)
        self._suggested = ""
        status_row = QHBoxLayout()
        status_row.addWidget(self.status_line, 1)
        status_row.addWidget(self.suggestion)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.query)
        layout.addWidget(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(status_row)
        QWidget.setTabOrder(self.query, self.account)
        QWidget.setTabOrder(self.account, self.status_filter)
        QWidget.setTabOrder(self.status_filter, self.reason_filter)
        QWidget.setTabOrder(self.reason_filter, self.since)
        QWidget.setTabOrder(self.since, self.until)
        QWidget.setTabOrder(self.until, self.export_button)
        QWidget.setTabOrder(self.export_button, self.table)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = DateFilterEdit(_NO_DATE)
        edit.setAccessibleName(name)
        edit.setCalendarPopup(True)
        edit.setMinimumDate(_NO_DATE)
        edit.setSpecialValueText(self.tr("any"))
        edit.setDate(_NO_DATE)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _connect(self) -> None:
        self.query.textEdited.connect(lambda _text: self._debounce.poke())
        self.query.returnPressed.connect(self._enter_results)
        self.query.installEventFilter(self)
        for combo in (self.account, self.status_filter, self.reason_filter):
            combo.activated.connect(lambda _i: self.run_search())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda _d: self._debounce.poke())
        self.table.sig_open.connect(self._open_index)
        self.table.sig_copy.connect(self._copy_index)
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.export_button.clicked.connect(self.export_csv)
        self.model.sig_first_page.connect(self._first_page)
        self.model.sig_counted.connect(self._counted)
        self.model.sig_failed.connect(self._failed)
        self.model.modelReset.connect(lambda: self.sig_message_selected.emit(None))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.query
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self.focus_results()
            return True
        return super().eventFilter(watched, event)

    def focus_results(self) -> None:
        """Into the results with the keyboard: the current (or first) row is selected."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.selectRow(0)

    def _enter_results(self) -> None:
        """Enter in the field: search what was typed (unless shown already) and move on."""
        if self._debounce.is_pending() or self.model.rowCount() == 0:
            self.run_search()
        self.focus_results()

    def _take_suggestion(self) -> None:
        self.query.setText(self._suggested)
        self.run_search()

    # --- behaviour ------------------------------------------------------------------------

    def criteria(self) -> SearchCriteria:
        """What the field and the filters ask for; raises ValidationError on unusable input."""
        typed = parse_query(self.query.text())
        since = self._moment(self.since)
        until = self._moment(self.until, next_day=True)
        # Qt hands enum item data back as plain strings: turn them into the enums again.
        status, reason = self.status_filter.currentData(), self.reason_filter.currentData()
        filters = SearchCriteria(
            account=self.account.currentData(),
            status=MessageStatus(status) if status else None,
            reason=Reason(reason) if reason else None,
            since=since,
            until=until,
        )
        return typed.merged(filters)

    @staticmethod
    def _moment(edit: QDateEdit, next_day: bool = False) -> datetime | None:
        date = edit.date()
        if date == _NO_DATE:
            return None
        if next_day:
            date = date.addDays(1)
        local = datetime(date.year(), date.month(), date.day()).astimezone()  # local midnight
        return local.astimezone(UTC)

    def run_search(self) -> None:
        self._debounce.cancel()
        try:
            criteria = self.criteria()
        except ValidationError as error:
            self._error = error_text(error)
            self._show_status()
            return
        self._search(criteria)

    def _search(self, criteria: SearchCriteria) -> None:
        self._count = None
        self._elapsed_ms = None
        self._error = None
        self.status_line.setText(self.tr("Searching: {0}…").format(describe_criteria(criteria)))
        self.model.search(criteria)

    def refresh(self) -> None:
        self.model.refresh()

    def apply_criteria(self, criteria: SearchCriteria) -> None:
        """Show exactly `criteria` in the field and the filters (click-through), and search.

        The date filters show the local days it touches; the search keeps the exact times.
        """
        self.query.setText(f"@{criteria.domain}" if criteria.domain else "")
        if criteria.account and self.account.findData(criteria.account) < 0:
            self.account.addItem(criteria.account, criteria.account)
        self.account.setCurrentIndex(max(0, self.account.findData(criteria.account)))
        for combo, value in (
            (self.status_filter, criteria.status),
            (self.reason_filter, criteria.reason),
        ):
            combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
        for edit, moment in ((self.since, criteria.since), (self.until, criteria.until)):
            if moment is None:
                edit.setDate(_NO_DATE)
                continue
            if edit is self.until:
                moment = moment - timedelta(microseconds=1)  # an exclusive end
            local = moment.astimezone()
            edit.setDate(QDate(local.year, local.month, local.day))
        # The widgets show the days; the search itself keeps the exact times asked for.
        self._debounce.cancel()
        self._search(criteria)

    def focus_search(self) -> None:
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    def set_accounts(self, names: list[str]) -> None:
        current = self.account.currentData()
        self.account.clear()
        self.account.addItem(self.tr("All accounts"), None)
        for name in names:
            self.account.addItem(name, name)
        if current in names:
            self.account.setCurrentIndex(names.index(current) + 1)

    def load_accounts(self) -> None:
        self._tasks.query(account_names).success(self.set_accounts).failure(
            lambda _e: None  # the filter keeps its old list; the search says what is wrong
        ).on_channel("accounts").run()

    def selected_message(self) -> Message | None:
        return self.model.message_at(self.table.currentIndex().row())

    def export_csv(self) -> None:
        try:
            criteria = self.criteria()
        except ValidationError as error:
            self._error = error_text(error)
            self._show_status()
            return
        expected = self._count[0] if self._count and not self._count[1] else None
        path = ask_export_path(self)
        if path is not None:
            export_to(self, self._tasks, criteria, path, expected)

    def _copy_index(self, index: QModelIndex) -> None:
        message = self.model.message_at(index.row())
        if message is not None:
            self.sig_copy_address.emit(message)

    def _open_index(self, index: QModelIndex) -> None:
        message = self.model.message_at(index.row())
        if message is not None:
            self.sig_message_opened.emit(message)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        self.sig_message_selected.emit(self.model.message_at(rows[0].row()) if rows else None)

    def _first_page(self, elapsed_ms: float) -> None:
        self._elapsed_ms = elapsed_ms
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._show_status()

    def _counted(self, total: int, capped: bool) -> None:
        self._count = (total, capped)
        self._show_status()

    def _failed(self, message: str) -> None:
        self._error = message
        self._show_status()

    def _show_status(self) -> None:
        if self._error:
            self.status_line.setText(self._error)
            return
        parts: list[str] = []
        self.suggestion.hide()
        if self._count is not None and self._count[0] == 0:
            self.status_line.setText(self._nothing_found())
            return
        if self._count is not None:
            total, capped = self._count
            parts.append(
                counted(self.tr("%Ln+ message(s)", "", total), total)
                if capped
                else counted(self.tr("%Ln message(s)", "", total), total)
            )
        parts.append(describe_criteria(self.model.criteria))
        if self._elapsed_ms is not None:
            parts.append(self.tr("{0} ms").format(number(self._elapsed_ms)))
        self.status_line.setText("  ·  ".join(parts))

    def _nothing_found(self) -> str:
        """What was searched, and the next thing to try (a button does the likeliest)."""
        searched = self.tr("No message matches {0}.").format(describe_criteria(self.model.criteria))
        offers = alternatives(self.query.text())
        if offers:
            label, query = offers[0]
            self._suggested = query
            self.suggestion.setText(label)
            self.suggestion.show()
            return searched
        filtered = any(
            combo.currentIndex() > 0
            for combo in (self.account, self.status_filter, self.reason_filter)
        ) or any(edit.date() != _NO_DATE for edit in (self.since, self.until))
        if filtered:
            hint = self.tr("Try again with fewer filters (any account, status, date).")
        else:
            hint = self.tr("Try part of the address, its domain (@example.nl) or subject words.")
        return f"{searched} {hint}"

    # --- remembered between runs ----------------------------------------------------------

    def filter_state(self) -> dict[str, Any]:
        return {
            "query": self.query.text(),
            "account": self.account.currentData() or "",
            "status": self.status_filter.currentIndex(),
            "reason": self.reason_filter.currentIndex(),
        }

    def restore_filter_state(self, state: dict[str, Any]) -> None:
        self.query.setText(str(state.get("query", "")))
        account = str(state.get("account", ""))
        if account:
            self.account.addItem(account, account)
            self.account.setCurrentIndex(self.account.count() - 1)
        for combo, key in ((self.status_filter, "status"), (self.reason_filter, "reason")):
            try:
                index = int(state.get(key, 0))
            except (TypeError, ValueError):
                index = 0
            if 0 <= index < combo.count():
                combo.setCurrentIndex(index)
