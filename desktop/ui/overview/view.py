"""The Overview tab: today's tiles, incidents, a chart per period and domain, and the clients."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from PySide6.QtCharts import QBarSet, QChartView
from PySide6.QtCore import QDate, QLocale, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.search import SearchCriteria
from desktop.services.bulk_release import BulkLine, BulkState, bulk_request
from desktop.services.overview import (
    Incident,
    Period,
    PeriodFigures,
    Tile,
    TileKind,
    incidents,
    period_figures,
    today_tiles,
)
from desktop.services.ports import UnitOfWork
from desktop.ui.common.charts import chart_view, stacked_chart
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, counted, error_text, ui_language
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.table_model import make_table
from desktop.ui.overview.clients import ClientsPane
from desktop.ui.overview.cluster import ClusterReleaseDialog
from desktop.ui.overview.incident_row import incident_row
from desktop.ui.overview.model import ChartTableModel, ClientTableModel
from desktop.ui.overview.tiles import TileButton, TileGrid

_PERIOD_LABELS = {
    Period.DAY: QT_TRANSLATE_NOOP("OverviewView", "24 h"),
    Period.WEEK: QT_TRANSLATE_NOOP("OverviewView", "7 d"),
    Period.MONTH: QT_TRANSLATE_NOOP("OverviewView", "30 d"),
}


@dataclass(frozen=True, slots=True)
class _Loaded:
    tiles: list[Tile]
    figures: PeriodFigures


class OverviewView(QWidget):
    """What is going wrong today, at a glance; every figure opens the search. GUI thread only."""

    sig_search_requested = Signal(object)  # SearchCriteria
    sig_quarantine_requested = Signal(str)  # a filter for the quarantine list ("" for all)
    sig_report_requested = Signal(str, object, object)  # account, since, until
    sig_status = Signal(str)

    def __init__(
        self,
        tasks: DatabaseTasks,
        zone: tzinfo | None = None,
        clock: Callable[[], datetime] | None = None,
        actor: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._actor = actor
        self._zone = zone or datetime.now().astimezone().tzinfo or UTC
        self._clock = clock or (lambda: datetime.now(UTC))
        self._period = Period.DAY
        self._domain: str | None = None
        self.figures: PeriodFigures | None = None
        self.incidents: list[Incident] = []
        self.last_open_ms: float | None = None  # refresh asked → tiles and chart shown
        self.last_redraw_ms: float | None = None  # period or domain changed → chart shown
        self._build()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = QLabel(self.tr("Today"))
        self.title.setObjectName("overviewTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)

        self.tiles: dict[TileKind, TileButton] = {}
        for kind in TileKind:
            button = TileButton(kind)
            button.sig_chosen.connect(self._tile_chosen)
            self.tiles[kind] = button
        self.tile_grid = TileGrid(list(self.tiles.values()))

        self.incident_box = QFrame()
        self.incident_box.setObjectName("incidents")
        self.incident_layout = QVBoxLayout(self.incident_box)
        self.incident_layout.setContentsMargins(0, 4, 0, 4)
        self.no_incidents = QLabel(self.tr("No provider-side incidents right now."))
        self.incident_layout.addWidget(self.no_incidents)

        self.period_buttons = QButtonGroup(self)
        periods = QHBoxLayout()
        periods.setSpacing(0)
        self.period_button: dict[Period, QPushButton] = {}
        for period in Period:
            period_label = self.tr(_PERIOD_LABELS[period])
            choice = QPushButton(period_label)
            choice.setCheckable(True)
            # As narrow as "24 h" needs (the style's least button width is far more), so the
            # chart's pane leaves the clients table room at 1024 px.
            choice.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            choice.setMinimumWidth(choice.fontMetrics().horizontalAdvance(period_label) + 24)
            choice.setChecked(period is self._period)
            choice.setAccessibleName(self.tr("Period {0}").format(period_label))
            self.period_buttons.addButton(choice)
            choice.clicked.connect(lambda _c=False, p=period: self.set_period(p))
            self.period_button[period] = choice
            periods.addWidget(choice)
        self.domain = QComboBox()
        self.domain.setAccessibleName(self.tr("Receiving domain of the chart"))
        self.domain.addItem(self.tr("All domains"), None)
        self.domain.activated.connect(self._domain_chosen)
        self.as_table = QPushButton(self.tr("Show as table"))
        self.as_table.setCheckable(True)
        self.as_table.setAccessibleName(self.tr("Show the chart's figures as a table"))
        self.as_table.toggled.connect(self._toggle_table)
        controls = QHBoxLayout()
        heading = QLabel(self.tr("Bounces and delays per 100 sent, by reason"))
        # The heading wraps rather than widening the chart's pane: at 1024 px the clients
        # table beside it needs the room.
        heading.setWordWrap(True)
        heading.setMinimumWidth(80)
        controls.addWidget(heading, 1)
        controls.addLayout(periods)
        controls.addWidget(self.domain)
        controls.addWidget(self.as_table)

        self.chart_stack = QStackedWidget()
        self.chart: QChartView = chart_view(
            stacked_chart([], [], axis_title=self.tr("per 100 sent"))[0]
        )
        self.chart.setAccessibleName(self.tr("Bounce and delay chart"))
        self.chart_table_model = ChartTableModel(self)
        self.chart_table = make_table(self.tr("Bounce and delay figures"))
        self.chart_table.setModel(self.chart_table_model)
        self.chart_table.doubleClicked.connect(self._chart_row_opened)
        self.chart_stack.addWidget(self.chart)
        self.chart_stack.addWidget(self.chart_table)
        self._bar_sets: list[QBarSet] = []

        self.clients_model = ClientTableModel(self)
        clients_page = ClientsPane(
            self.clients_model,
            self.tr("Clients, worst first"),
            self.tr("Report…"),
            self.tr("Deliverability report for the selected client"),
        )
        self.clients, self.report_button = clients_page.table, clients_page.report_button
        self.clients.doubleClicked.connect(self._client_opened)
        self.clients.activated.connect(self._client_opened)
        self.report_button.clicked.connect(self._report)

        chart_page = QWidget()
        chart_layout = QVBoxLayout(chart_page)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        chart_layout.addLayout(controls)
        chart_layout.addWidget(self.chart_stack, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(chart_page)
        self.splitter.addWidget(clients_page)
        self.splitter.setSizes([680, 680])  # halves: at 1024 px the clients need their half

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.tile_grid)
        layout.addWidget(self.incident_box)
        layout.addWidget(self.splitter, 1)

    # --- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload everything: tiles and the period's figures first, then the incidents."""
        started = time.perf_counter()
        now, zone, period, domain = self._clock(), self._zone, self._period, self._domain
        language = ui_language()

        def load(uow: UnitOfWork) -> _Loaded:
            return _Loaded(
                today_tiles(uow, now, zone),
                period_figures(uow, now, period, zone, domain, language),
            )

        def shown(loaded: _Loaded) -> None:
            self._show_tiles(loaded.tiles)
            self._show_figures(loaded.figures)
            self.title.setToolTip(self.tr("As of {0}").format(f"{now.astimezone(zone):%H:%M}"))
            self.last_open_ms = (time.perf_counter() - started) * 1000

        self._tasks.query(load).success(shown).failure(self._failed).owned_by(self).on_channel(
            "overview"
        ).run()
        self._tasks.query(lambda uow: incidents(uow, now, zone, language)).success(
            self._show_incidents
        ).failure(self._failed).owned_by(self).on_channel("overview-incidents").run()

    def set_period(self, period: Period) -> None:
        self._period = period
        self.period_button[period].setChecked(True)  # the group unchecks the others
        self._reload_figures()

    def set_domain(self, domain: str | None) -> None:
        self._domain = domain
        index = self.domain.findData(domain) if domain else 0
        if index < 0:
            self.domain.addItem(domain or "", domain)
            index = self.domain.count() - 1
        self.domain.setCurrentIndex(index)
        self._reload_figures()

    def _domain_chosen(self, index: int) -> None:
        self.set_domain(self.domain.itemData(index))

    def _reload_figures(self) -> None:
        started = time.perf_counter()
        now, zone, period, domain = self._clock(), self._zone, self._period, self._domain
        language = ui_language()

        def shown(figures: PeriodFigures) -> None:
            self._show_figures(figures)
            self.last_redraw_ms = (time.perf_counter() - started) * 1000

        self._tasks.query(
            lambda uow: period_figures(uow, now, period, zone, domain, language)
        ).success(shown).failure(self._failed).owned_by(self).on_channel("overview-period").run()

    def _failed(self, error: BounceDeskError) -> None:
        self.sig_status.emit(error_text(error))

    # --- showing --------------------------------------------------------------------------

    def _show_tiles(self, tiles: list[Tile]) -> None:
        for tile in tiles:
            self.tiles[tile.kind].set_tile(tile)

    def _show_figures(self, figures: PeriodFigures) -> None:
        self.figures = figures
        labels = [self._bar_label(bar.start, figures.period) for bar in figures.bars]
        stacks = [
            (reason, [bar.segments[i][1] for bar in figures.bars])
            for i, reason in enumerate(figures.reasons)
        ]
        chart, self._bar_sets = stacked_chart(
            labels, stacks, axis_title=self.tr("per 100 sent"), legend_below=True
        )
        for bar_set in self._bar_sets:
            bar_set.clicked.connect(
                lambda index, s=bar_set: self.open_bar(index, self._bar_sets.index(s))
            )
        old = self.chart.chart()
        self.chart.setChart(chart)
        old.deleteLater()
        self.chart_table_model.set_figures(figures, labels)
        current = self.domain.currentData()
        self.domain.clear()
        self.domain.addItem(self.tr("All domains"), None)
        for name in figures.domains:
            self.domain.addItem(name, name)
        if current and self.domain.findData(current) < 0:
            self.domain.addItem(current, current)
        self.domain.setCurrentIndex(max(0, self.domain.findData(current)) if current else 0)
        self.clients_model.set_clients(figures.clients)

    def _bar_label(self, start: datetime, period: Period) -> str:
        local = start.astimezone(self._zone)
        if period is Period.DAY:
            return f"{local:%H}"
        return QLocale().toString(QDate(local.year, local.month, local.day), "d MMM")

    def _show_incidents(self, found: list[Incident]) -> None:
        self.incidents = found
        while self.incident_layout.count():
            item = self.incident_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.no_incidents:
                widget.deleteLater()
        if not found:
            self.incident_layout.addWidget(self.no_incidents)
            self.no_incidents.show()
            return
        self.no_incidents.hide()
        for incident in found:
            self.incident_layout.addWidget(self._incident_row(incident))

    def _incident_row(self, incident: Incident) -> QWidget:
        domain = incident.cluster.domain
        return incident_row(
            incident,
            lambda: self.sig_search_requested.emit(incident.criteria),
            lambda: self.sig_quarantine_requested.emit(f"@{domain}"),
            lambda: self.release_cluster(incident),
        )

    def set_actor(self, actor: str) -> None:
        self._actor = actor

    def release_cluster(self, incident: Incident) -> None:
        """After a question, one release request per quarantined address of the cluster."""
        domain, addresses = incident.cluster.domain, incident.cluster.quarantined
        if not ClusterReleaseDialog.ask(domain, len(addresses), self):
            return
        actor = self._actor or "bouncedesk"
        note = f"cluster release: suspected provider-side problem at {domain}"

        def done(lines: list[BulkLine]) -> None:
            self.sig_status.emit(self.describe_release(domain, lines))
            self.refresh()

        now = self._clock()
        self._tasks.write(lambda uow: bulk_request(uow, addresses, actor, note, now)).success(
            done
        ).failure(self._failed).owned_by(self).run()

    def describe_release(self, domain: str, lines: list[BulkLine]) -> str:
        """One line for the status bar about what the cluster release did."""
        filed = sum(1 for line in lines if line.state is BulkState.REQUESTED)
        already = sum(1 for line in lines if line.state is BulkState.ALREADY_REQUESTED)
        text = counted(self.tr("%Ln release request(s) filed for {0}", "", filed), filed)
        text = text.format(domain)
        if already:
            text += "; " + counted(self.tr("%Ln already requested", "", already), already)
        return text

    def _toggle_table(self, on: bool) -> None:
        self.chart_stack.setCurrentIndex(1 if on else 0)
        self.as_table.setText(self.tr("Show as chart") if on else self.tr("Show as table"))

    # --- click-through --------------------------------------------------------------------

    def open_bar(self, index: int, stack: int | None = None) -> None:
        """The messages behind one bar (and one reason of it, when a segment was clicked)."""
        figures = self.figures
        if figures is None or not 0 <= index < len(figures.bars):
            return
        bar = figures.bars[index]
        reason = figures.reasons[stack] if stack is not None else None
        self.sig_search_requested.emit(
            SearchCriteria(domain=figures.domain, reason=reason, since=bar.start, until=bar.end)
        )

    def _chart_row_opened(self, index: QModelIndex) -> None:
        self.open_bar(index.row())

    def _tile_chosen(self, tile: Tile) -> None:
        if tile.criteria is not None:
            self.sig_search_requested.emit(tile.criteria)
        elif tile.kind in (TileKind.QUARANTINES, TileKind.PENDING):
            self.sig_quarantine_requested.emit("")

    def _client_opened(self, index: QModelIndex) -> None:
        client = self.clients_model.client_at(index.row())
        if client is not None and self.figures is not None:
            self.sig_search_requested.emit(
                SearchCriteria(account=client.account, since=self.figures.since)
            )

    def selected_client(self) -> str | None:
        rows = self.clients.selectionModel().selectedRows()
        client = self.clients_model.client_at(rows[0].row()) if rows else None
        return client.account if client is not None else None

    def _report(self) -> None:
        account = self.selected_client()
        if account is None:
            self.sig_status.emit(self.tr("Select a client first, then ask for its report."))
            return
        if self.figures is not None:
            self.sig_report_requested.emit(account, self.figures.since, self.figures.until)
