"""How fast the Overview opens and redraws, and `bouncedesk stats` answers, on a big database.

# Usage: .venv/bin/python bench/overview_speed.py --db URL [--fill MESSAGES] [--repeat N]
#
# --fill adds that many demo messages (about five events each) ending now, first; 200,000
# messages make about a million events. Printed, per measure, the best and the median of N
# runs in milliseconds:
#   service: today's tiles, one period's figures (24 h, 7 d, 30 d), the incidents;
#   widget: the Overview tab from refresh() to tiles and chart on screen (offscreen Qt, real
#   worker threads) and a change of period to the chart redrawn;
#   stats: `stats_rows` over 30 days, not grouped and per hour/day/domain/reason/account;
#   and, for comparison, one full recount of the roll-up from the events (what every figure
#   would cost without it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append((time.perf_counter() - started) * 1000)
    return min(runs), statistics.median(runs)


def line(name: str, figures: tuple[float, float]) -> None:
    print(f"  {name:<34} best {figures[0]:8.1f} ms   median {figures[1]:8.1f} ms", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--fill", type=int, default=0, help="demo messages to add first")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from sqlalchemy import func, select

    from desktop.demo import generate_demo
    from desktop.services.overview import Period, incidents, period_figures, today_tiles
    from desktop.services.stats import GroupBy, stats_rows
    from desktop.store import rollup
    from desktop.store.database import open_database
    from desktop.store.tables import EventRollupRow, EventRow

    database = open_database(args.db)
    now = datetime.now(UTC)
    if args.fill:
        started = time.perf_counter()
        generate_demo(database, messages=args.fill, seed=7, now=now)
        print(f"filled {args.fill:,} demo messages in {time.perf_counter() - started:.0f} s")
    with database.session() as session:
        events = session.scalar(select(func.count()).select_from(EventRow)) or 0
        rows = session.scalar(select(func.count()).select_from(EventRollupRow)) or 0
    print(f"{database.dialect}: {events:,} events, {rows:,} roll-up rows; {args.repeat} runs each")
    zone = UTC

    def with_uow(function: Callable[..., object], *more: object) -> Callable[[], object]:
        def run() -> object:
            with database.unit_of_work() as uow:
                return function(uow, *more)

        return run

    print("service")
    line("today's tiles", timed(with_uow(today_tiles, now, zone), args.repeat))
    for period in Period:
        line(f"period figures {period.value}", timed(
            with_uow(period_figures, now, period, zone), args.repeat))  # fmt: skip
    line("incidents", timed(with_uow(incidents, now, zone), args.repeat))

    print("stats (30 days)")
    since = now - timedelta(days=30)
    line("not grouped", timed(with_uow(stats_rows, since, now, None), args.repeat))
    for by in GroupBy:
        line(f"--by {by.value}", timed(with_uow(stats_rows, since, now, by), args.repeat))

    print("widget (offscreen Qt, worker threads)")
    open_ms, redraw_ms = widget_times(database, args.repeat)
    line("Overview open (tiles + chart)", open_ms)
    line("period change (chart redrawn)", redraw_ms)

    print("without the roll-up")

    def recount() -> None:
        with database.session() as session:
            rollup.recount(session)

    line("full recount from the events", timed(recount, 1))
    database.dispose()
    return 0


def widget_times(database: object, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    from PySide6.QtWidgets import QApplication

    from desktop.services.overview import Period
    from desktop.ui.common.operations import DatabaseTasks
    from desktop.ui.common.workers import TaskRunner
    from desktop.ui.overview.view import OverviewView

    app = QApplication.instance() or QApplication(sys.argv[:1])
    runner = TaskRunner()
    view = OverviewView(DatabaseTasks(runner, database.unit_of_work))  # type: ignore[attr-defined]
    view.resize(1340, 760)
    view.show()

    def wait(done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 60
        while not done() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.001)

    opens, redraws = [], []
    periods = [Period.WEEK, Period.MONTH, Period.DAY]
    for index in range(repeat):
        wait(lambda: not runner.is_busy())  # the last round's incidents
        view.last_open_ms = None
        started = time.perf_counter()
        view.refresh()
        wait(lambda: view.last_open_ms is not None)
        view.repaint()  # painted, not only handed to the widgets
        opens.append((time.perf_counter() - started) * 1000)
        view.last_redraw_ms = None
        started = time.perf_counter()
        view.set_period(periods[index % len(periods)])
        wait(lambda: view.last_redraw_ms is not None)
        view.repaint()
        redraws.append((time.perf_counter() - started) * 1000)
    wait(lambda: not runner.is_busy())
    runner.wait()
    view.close()
    return (min(opens), statistics.median(opens)), (min(redraws), statistics.median(redraws))


if __name__ == "__main__":
    sys.exit(main())
