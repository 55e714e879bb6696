"""The Overview tab on a real SQLite file: tiles, chart, clients and incidents click through."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCharts import QStackedBarSeries
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop.demo import generate_demo
from desktop.domain.model import EventType, MessageStatus, ParsedEvent
from desktop.domain.search import SearchCriteria
from desktop.services.importing import import_feed
from desktop.services.overview import Period, TileKind
from desktop.services.ports import Database
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.main_window import MESSAGES_TAB, OVERVIEW_TAB, QUARANTINE_TAB, MainWindow
from desktop.ui.overview.cluster import ClusterReleaseDialog
from desktop.ui.overview.view import OverviewView

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]

NOW = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)
BLOCK = "550 5.7.1 Service unavailable; client host blocked using Spamhaus"


def blocked_burst(count: int = 40) -> list[ParsedEvent]:
    events = []
    for i in range(count):
        at = NOW.replace(hour=14, minute=10) + timedelta(seconds=20 * i)
        base = dict(
            recipient=f"b{i}@ziggo.nl",
            message_id=f"burst-{i}",
            sender="news@client.example",
            subject="News",
            account="Cleaning Crew",
        )
        events.append(ParsedEvent(source="t", type=EventType.SENT, at=at, key=f"s{i}", **base))  # type: ignore[arg-type]
        events.append(
            ParsedEvent(
                source="t",
                type=EventType.HARD_BOUNCE,
                at=at + timedelta(seconds=5),
                key=f"h{i}",
                diagnostic=BLOCK,
                **base,  # type: ignore[arg-type]
            )
        )
    return events


@pytest.fixture
def view(qtbot: QtBot, runner: TaskRunner, database: Database) -> OverviewView:
    generate_demo(database, messages=1500, seed=2, now=NOW)  # type: ignore[arg-type]
    import_feed(database, "test", ["t"], records=blocked_burst())
    overview = OverviewView(DatabaseTasks(runner, database.unit_of_work), UTC, lambda: NOW)
    qtbot.addWidget(overview)
    overview.resize(1300, 760)
    overview.show()
    overview.refresh()
    qtbot.waitUntil(lambda: overview.last_open_ms is not None and bool(overview.incidents))
    return overview


def test_tiles_chart_and_clients_show_the_figures(view: OverviewView) -> None:
    sent = view.tiles[TileKind.SENT]
    assert sent.tile is not None and sent.tile.value > 0
    assert sent.value.text() == sent.tile.text and "usually" in sent.usual.text()
    figures = view.figures
    assert figures is not None and len(figures.bars) == 24
    assert view.chart_table_model.rowCount() == 24
    assert view.clients_model.rowCount() == len(figures.clients) > 5
    worst = view.clients_model.client_at(0)
    assert worst is not None and worst.account == "Cleaning Crew"
    (incident,) = view.incidents
    assert incident.text.startswith("ziggo.nl: ") and "blocked since 14:10" in incident.text


def test_a_tile_a_bar_a_row_and_an_incident_open_the_search(
    qtbot: QtBot, view: OverviewView
) -> None:
    asked: list[SearchCriteria] = []
    view.sig_search_requested.connect(asked.append)
    qtbot.mouseClick(view.tiles[TileKind.HARD], Qt.MouseButton.LeftButton)
    assert asked[-1].status is MessageStatus.HARD_BOUNCE
    assert asked[-1].since == datetime(2026, 11, 27, tzinfo=UTC)

    # A real click on the 14:00 bar's lowest segment (most failures: "blocked" by the burst).
    figures = view.figures
    assert figures is not None
    index = next(i for i, bar in enumerate(figures.bars) if bar.start.hour == 14)
    chart = view.chart.chart()
    series = chart.series()[0]
    assert isinstance(series, QStackedBarSeries)
    first = figures.bars[index].segments[0][1]
    scene = chart.mapToScene(chart.mapToPosition(QPointF(index, first / 2), series))
    point: QPoint = view.chart.mapFromScene(scene)
    qtbot.mouseClick(view.chart.viewport(), Qt.MouseButton.LeftButton, pos=point)
    bar_criteria = asked[-1]
    assert bar_criteria.since == figures.bars[index].start
    assert bar_criteria.until == figures.bars[index].end
    assert bar_criteria.reason is figures.reasons[0]

    row = view.clients_model.index(0, 0)
    view.clients.scrollTo(row)
    rect = view.clients.visualRect(row)
    # A double click is a click followed by a double-click event, as a real mouse sends them.
    qtbot.mouseClick(view.clients.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.clients.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked[-1].account == "Cleaning Crew" and asked[-1].since == figures.since

    button = next(
        b for b in view.incident_box.findChildren(type(view.report_button))
        if b.text() == "Show messages"
    )  # fmt: skip
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked[-1].domain == "ziggo.nl"


def test_a_period_change_redraws_and_the_table_says_the_same(
    qtbot: QtBot, view: OverviewView
) -> None:
    qtbot.mouseClick(view.period_button[Period.MONTH], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.figures is not None and view.figures.period is Period.MONTH)
    assert view.last_redraw_ms is not None
    figures = view.figures
    assert figures is not None and len(figures.bars) == 30
    qtbot.mouseClick(view.as_table, Qt.MouseButton.LeftButton)
    assert view.chart_stack.currentWidget() is view.chart_table
    model = view.chart_table_model
    last = figures.bars[-1]
    assert model.data(model.index(29, 1)) == str(last.sent)
    assert model.data(model.index(29, 2)) == f"{last.total:.1f}"
    view.set_domain("ziggo.nl")
    qtbot.waitUntil(lambda: view.figures is not None and view.figures.domain == "ziggo.nl")
    assert view.domain.currentData() == "ziggo.nl"


def test_the_window_opens_on_the_overview_and_clicks_through(
    qtbot: QtBot, runner: TaskRunner, database: Database
) -> None:
    now = datetime.now(UTC)
    generate_demo(database, messages=600, seed=3, now=now)  # type: ignore[arg-type]
    window = MainWindow(DatabaseTasks(runner, database.unit_of_work), "anna")
    qtbot.addWidget(window)
    window.show()
    window.start()
    assert window.tabs.currentIndex() == OVERVIEW_TAB
    qtbot.waitUntil(lambda: window.overview.last_open_ms is not None)
    with qtbot.waitSignal(window.search.model.sig_first_page, timeout=5000):
        qtbot.mouseClick(window.overview.tiles[TileKind.SOFT], Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == MESSAGES_TAB
    assert window.search.status_filter.currentData() == MessageStatus.SOFT_BOUNCE
    asked = window.overview.tiles[TileKind.SOFT].tile
    assert asked is not None and window.search.model.criteria == asked.criteria
    rows = [window.search.model.message_at(r) for r in range(window.search.model.rowCount())]
    assert all(m is not None and m.status is MessageStatus.SOFT_BOUNCE for m in rows)
    window.tabs.setCurrentIndex(OVERVIEW_TAB)
    qtbot.mouseClick(window.overview.tiles[TileKind.QUARANTINES], Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == QUARANTINE_TAB

    # The team change feed reloads the Overview while it is shown.
    window.tabs.setCurrentIndex(OVERVIEW_TAB)
    qtbot.waitUntil(lambda: not runner.is_busy())
    window.overview.last_open_ms = None
    window.team_changed(frozenset({"event_rollup"}))
    qtbot.waitUntil(lambda: window.overview.last_open_ms is not None)


def test_the_incident_releases_its_cluster_after_a_question(
    qtbot: QtBot, view: OverviewView, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, int]] = []

    def answer(domain: str, count: int, parent: object = None) -> bool:
        asked.append((domain, count))
        return len(asked) > 1  # "no" the first time, "yes" the second

    monkeypatch.setattr(ClusterReleaseDialog, "ask", answer)
    view.set_actor("anna")
    with database.unit_of_work() as uow:
        before = len(uow.requests.recent())  # the demo's own
    button = view.incident_box.findChild(QPushButton, "releaseCluster")
    assert isinstance(button, QPushButton) and button.text() == "Release cluster (40)…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    with database.unit_of_work() as uow:
        assert len(uow.requests.recent()) == before  # answered no: nothing filed
    with qtbot.waitSignal(view.sig_status, timeout=10_000) as status:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked == [("ziggo.nl", 40)] * 2
    assert status.args == ["40 release requests filed for ziggo.nl"]  # plural, not "(s)"
    with database.unit_of_work() as uow:
        requests = [r for r in uow.requests.recent() if r.address.endswith("@ziggo.nl")]
    filed = [r for r in requests if r.requested_by == "anna"]
    assert len(filed) == 40 and {r.address for r in filed} == {f"b{i}@ziggo.nl" for i in range(40)}
    # The Overview reloads: the cluster's addresses are no longer quarantined.
    qtbot.waitUntil(lambda: not view.incidents or not view.incidents[0].cluster.quarantined)
