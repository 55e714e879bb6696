"""Table models of the quarantine screen: open quarantines, and the release-request queue."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop.domain.errors import BounceDeskError
from desktop.domain.model import EventType, Reason, ReleaseRequest, RequestState
from desktop.domain.risk import risk_why_in
from desktop.domain.search import QuarantineFilter, QuarantineSort
from desktop.services.ports import UnitOfWork
from desktop.services.quarantine import AfterRelease, QuarantineEntry
from desktop.services.quarantine_pages import QuarantinePage, quarantine_page
from desktop.services.systemic import SystemicCluster, clusters_by_address
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, error_text, number, translate, ui_language
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import (
    RISK_COLOURS,
    ago,
    cause_label,
    local_time,
    reason_label,
    request_state_label,
    risk_label,
    span_text,
    status_icon,
    until,
)
from desktop.ui.common.table_model import RowsTableModel

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_REQUEST_COLOURS = {"pending": "#d39a1c", "rejected": "#d0413a", "approved": "#2e9d57"}


def after_release_text(after: AfterRelease) -> str:
    """What happened first after an earlier release, in the UI language."""
    if after.outcome is None or after.at is None:
        return translate("QuarantineNote", "no outcome since the release yet")
    span = span_text(after.at - after.released_at)
    if after.outcome is EventType.DELIVERED:
        return translate("QuarantineNote", "delivered {0} after release").format(span)
    if after.outcome is EventType.SPAM_COMPLAINT:
        return translate("QuarantineNote", "spam complaint {0} after release").format(span)
    return translate("QuarantineNote", "bounced again {0} after release").format(span)


def systemic_text(cluster: SystemicCluster) -> str:
    """A suspected provider-side problem, in the UI language."""
    top = reason_label(cluster.reasons[0][0]) if cluster.reasons else reason_label(None)
    # A cluster holds several addresses by definition: the plural form is always the one.
    return translate(
        "QuarantineNote",
        "probably not about this address: {0} addresses at {1} failed within a short time,"
        " mostly '{2}' (suspected provider-side problem)",
    ).format(number(len(cluster.addresses)), cluster.domain, top)


def _note(entry: QuarantineEntry) -> str:
    """The release request's note, a suspected provider-side problem, or what happened after
    an earlier release."""
    parts = []
    if entry.request is not None and entry.request.note:
        parts.append(f"{entry.request.requested_by}: “{entry.request.note}”")
    if entry.systemic is not None:
        parts.append(systemic_text(entry.systemic))
    elif entry.after_release is not None:
        parts.append(after_release_text(entry.after_release))
    return "  ·  ".join(parts)


@dataclass(frozen=True, slots=True)
class QuarantineRow:
    """One quarantine as the table shows it, worked out on the worker that loaded it."""

    entry: QuarantineEntry
    cells: tuple[str, ...]
    keys: tuple[Any, ...]  # per column, what it sorts by
    haystack: str  # the texts the filter looks in, lower case


_RISK_ORDER = {"low": 0, "medium": 1, "high": 2}
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)


def since_sample() -> str:
    """A typical 'since' cell in the UI language, to size its column by."""
    moment = datetime(2026, 12, 28, 23, 59, tzinfo=UTC)
    return f"{local_time(moment)}  ({ago(moment, moment + timedelta(hours=23))})"


def reason_samples() -> list[str]:
    return [reason_label(reason) for reason in Reason]


def request_state_samples() -> list[str]:
    return [request_state_label(state.value) for state in RequestState]


def prepare_rows(entries: list[QuarantineEntry], now: datetime) -> list[QuarantineRow]:
    """Texts and sort keys for `entries` (plain Python: run it on the loading worker)."""
    rows = []
    for entry in entries:
        q, request = entry.quarantine, entry.request
        note = _note(entry)
        cells = (
            q.address,
            cause_label(q.cause.value),
            reason_label(q.reason),
            f"{local_time(q.started_at)}  ({ago(q.started_at, now)})",
            until(q.ends_at, now),
            risk_label(entry.risk.value).capitalize(),
            request_state_label(request.state.value) if request is not None else "—",
            note,
        )
        keys = (
            q.address,
            q.cause.value,
            q.reason.value,
            q.started_at.timestamp(),
            q.ends_at.timestamp(),
            _RISK_ORDER[entry.risk.value],
            request.state.value if request is not None else "",
            note,
        )
        rows.append(QuarantineRow(entry, cells, keys, " ".join(cells[:3] + cells[7:]).lower()))
    return rows


class QuarantineTableModel(RowsTableModel):
    """Open quarantines in keyset pages read on demand: filter and order run in the database.

    GUI thread only. `canFetchMore`/`fetchMore` ask a worker for the next page, as the results
    table does; the header counts every open quarantine, so the list never ends silently.
    A header click on Address, Reason, Since or Ends in re-reads the list in that order.
    """

    COLUMNS = (
        QT_TRANSLATE_NOOP("columns", "Address"),
        QT_TRANSLATE_NOOP("columns", "Cause"),
        QT_TRANSLATE_NOOP("columns", "Reason"),
        QT_TRANSLATE_NOOP("columns", "Since"),
        QT_TRANSLATE_NOOP("columns", "Ends in"),
        QT_TRANSLATE_NOOP("columns", "Risk"),
        QT_TRANSLATE_NOOP("columns", "Request"),
        QT_TRANSLATE_NOOP("columns", "Note"),
    )
    SORTS: ClassVar[dict[int, tuple[QuarantineSort, QuarantineSort | None]]] = {
        0: (QuarantineSort.ADDRESS, None),
        2: (QuarantineSort.REASON, None),
        3: (QuarantineSort.OLDEST, QuarantineSort.NEWEST),
        4: (QuarantineSort.ENDS_SOONEST, None),
    }
    sig_loaded = Signal()  # a page arrived (the first, or one more)
    sig_failed = Signal(str)
    sig_flagged = Signal()  # the suspected provider-side problems were marked on the rows

    def __init__(
        self,
        tasks: DatabaseTasks | None = None,
        page_size: int = 200,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._page_size = page_size
        self._rows: list[QuarantineRow] = []
        self._criteria = QuarantineFilter()
        self._cursor: str | None = None
        self._more = False
        self._loading = False
        self._moment = datetime.now(UTC)
        self._flagged: dict[str, SystemicCluster] | None = None
        self._generation = 0  # a (re)load's number: flags read for an older list are dropped
        self.open_total = 0
        self.matching = 0

    # --- Qt model interface ---------------------------------------------------------------

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index) -> None:
        if self.canFetchMore(parent):
            self._request_page()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sorts = self.SORTS.get(column)
        if sorts is None:
            return  # risk, request and note are worked out per row: not a database order
        ascending, descending = sorts
        wanted = descending if order == Qt.SortOrder.DescendingOrder and descending else ascending
        if wanted is not self._criteria.sort:
            self.load(replace(self._criteria, sort=wanted))

    # --- loading --------------------------------------------------------------------------

    @property
    def criteria(self) -> QuarantineFilter:
        return self._criteria

    def set_needle(self, text: str) -> None:
        """Filter by part of the address, in the database, over every open quarantine."""
        needle = text.strip() or None
        if needle != self._criteria.search:
            self.load(replace(self._criteria, search=needle))

    def has_more(self) -> bool:
        return self._more

    def is_loading(self) -> bool:
        return self._loading

    def header_text(self) -> str:
        """'9,108 open · 312 shown' (with how many match while a filter narrows the list)."""
        parts = [translate("QuarantineView", "{0} open").format(number(self.open_total))]
        if self._criteria.is_filtered():
            parts.append(translate("QuarantineView", "{0} match").format(number(self.matching)))
        parts.append(translate("QuarantineView", "{0} shown").format(number(len(self._rows))))
        return " · ".join(parts)

    def load(self, criteria: QuarantineFilter | None = None) -> None:
        """(Re)read the list from its first page; rows stay until the page replaces them."""
        if criteria is not None:
            self._criteria = criteria
        self._cursor = None
        self._more = True
        self._flagged = None
        self._moment = datetime.now(UTC)
        self._generation += 1
        self._request_page(first=True)

    def _request_page(self, first: bool = False) -> None:
        if self._tasks is None:
            return
        self._loading = True
        criteria, cursor, size = self._criteria, self._cursor, self._page_size
        moment = self._moment
        # Burst detection reads every open quarantine (a second at 200,000): the first page is
        # shown without it, and the flags follow from their own query (`_request_flags`).
        flagged = self._flagged if self._flagged is not None else {}

        def read(uow: UnitOfWork) -> _LoadedPage:
            page = quarantine_page(
                uow, criteria, cursor, size, moment, counts=first, flagged=flagged
            )
            return _LoadedPage(page, prepare_rows(page.entries, moment), flagged, first)

        self._tasks.query(read).success(self._on_page).failure(self._on_failed).on_channel(
            f"quarantine-page:{id(self)}"
        ).run()

    def _on_page(self, loaded: _LoadedPage) -> None:
        page = loaded.page
        self._loading = False
        self._cursor = page.next_cursor
        self._more = page.next_cursor is not None
        if loaded.first:
            self.open_total, self.matching = page.open_total, page.matching
            self.set_rows(loaded.rows)
            if self._flagged is None:
                self._request_flags()
        elif loaded.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(loaded.rows) - 1)
            self._rows.extend(loaded.rows)
            self.endInsertRows()
        self.sig_loaded.emit()

    def _request_flags(self) -> None:
        if self._tasks is None:
            return
        moment, generation = self._moment, self._generation

        def read(uow: UnitOfWork) -> tuple[int, dict[str, SystemicCluster]]:
            return generation, clusters_by_address(uow, moment)

        # A failed burst check leaves the rows and their paging as they are: only said.
        self._tasks.query(read).success(self._on_flags).failure(
            lambda error: self.sig_failed.emit(error_text(error))
        ).on_channel(f"quarantine-flags:{id(self)}").run()

    def _on_flags(self, loaded: tuple[int, dict[str, SystemicCluster]]) -> None:
        generation, flagged = loaded
        if generation != self._generation:
            return  # the list was re-read meanwhile; its own flags are on their way
        self._flagged = flagged
        changed = [
            index
            for index, row in enumerate(self._rows)
            if row.entry.quarantine.address in flagged
            and row.entry.quarantine.active_at(self._moment)
        ]
        for index in changed:
            entry = self._rows[index].entry
            marked = replace(entry, systemic=flagged[entry.quarantine.address])
            self._rows[index] = prepare_rows([marked], self._moment)[0]
        if changed:
            self.dataChanged.emit(
                self.index(changed[0], 0), self.index(changed[-1], len(self.COLUMNS) - 1)
            )
        self.sig_flagged.emit()

    def _on_failed(self, error: BounceDeskError) -> None:
        self._loading = False
        self._more = False
        self.sig_failed.emit(error_text(error))

    def set_rows(self, rows: list[QuarantineRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def set_entries(self, entries: list[QuarantineEntry], now: datetime | None = None) -> None:
        """Show `entries` as they are (a caller that read them itself: tests, previews)."""
        self.set_rows(prepare_rows(entries, now or datetime.now(UTC)))

    def entry(self, row: int) -> QuarantineEntry | None:
        return self._rows[row].entry if 0 <= row < len(self._rows) else None

    def row_of(self, address: str) -> int | None:
        for position, row in enumerate(self._rows):
            if row.entry.quarantine.address == address:
                return position
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        shown, column = self._rows[row], index.column()
        if role == _DISPLAY:
            return shown.cells[column]
        entry = shown.entry
        if role == _FOREGROUND:
            if column == 5:
                return QColor(RISK_COLOURS[entry.risk.value])
            if column == 6 and entry.request is not None:
                colour = _REQUEST_COLOURS.get(entry.request.state.value)
                return QColor(colour) if colour else None
            if column == 7 and entry.systemic is not None:
                return QColor("#e07020")
            return None
        if role == _DECORATION and column == 0:
            return status_icon("quarantined")
        if role == _TOOLTIP:
            if column == 5:
                return risk_why_in(entry.risk_why, ui_language())
            if column == 4:
                return local_time(entry.quarantine.ends_at)
            return shown.cells[column] or None  # a cut-off text is read whole here
        if role == SORT_ROLE:
            return shown.keys[column]
        return None


@dataclass(frozen=True, slots=True)
class _LoadedPage:
    """A page of quarantines with their texts, and the provider-side clusters, from a worker."""

    page: QuarantinePage
    rows: list[QuarantineRow]
    flagged: dict[str, SystemicCluster]
    first: bool


class RequestTableModel(RowsTableModel):
    """Pending release requests, oldest first (the approver's queue). GUI thread."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("columns", "Address"),
        QT_TRANSLATE_NOOP("columns", "Requested by"),
        QT_TRANSLATE_NOOP("columns", "When"),
        QT_TRANSLATE_NOOP("columns", "Risk"),
        QT_TRANSLATE_NOOP("columns", "Note"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReleaseRequest] = []

    def set_requests(self, requests: list[ReleaseRequest]) -> None:
        self.beginResetModel()
        self._rows = list(requests)
        self.endResetModel()

    def request(self, row: int) -> ReleaseRequest | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.address,
                r.requested_by,
                f"{local_time(r.created_at)}  ({ago(r.created_at)})",
                risk_label(r.risk.value).capitalize() if r.risk is not None else "",
                r.note,
            )[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and r.risk is not None:
            return QColor(RISK_COLOURS[r.risk.value])
        return None
