"""Print how the desktop app responds on a big demo database (figures only; asserts nothing).

Usage: python bench/gui_responsiveness.py [--messages 1000000] [--db URL] [--runs 20]

Without --db, a SQLite demo database of N messages is made once with `bouncedesk demo` in the
cache folder and reused. Measures, offscreen: Enter → first rows painted (p50/p95) per kind of
query; the longest GUI-thread stall while searching, scrolling to row 10,000, opening
details, opening the quarantine tab and importing 100,000 events in the import dialog; cold
start to a usable window; resident memory after scrolling 100,000 rows.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from desktop import paths
from desktop.domain.search import SearchCriteria
from desktop.services.connection import open_database
from desktop.services.ports import Database
from desktop.services.search import count_messages, search_messages
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner, favour_the_gui_thread, settle_the_heap
from desktop.ui.main_window import MESSAGES_TAB, QUARANTINE_TAB, MainWindow

TICK_MS = 5


class StallMeter(QObject):
    """A 5 ms timer on the GUI thread; a late tick means the thread was busy that long."""

    def __init__(self) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._last = time.perf_counter()
        self.worst_ms = 0.0
        self.running = False  # read by StallSampler's thread

    def start(self) -> None:
        self.worst_ms = 0.0
        self._last = time.perf_counter()
        self._timer.start()
        self.running = True

    def stop(self) -> float:
        self.running = False
        self._timer.stop()
        return self.worst_ms

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst_ms = max(self.worst_ms, (now - self._last) * 1000 - TICK_MS)
        self._last = now

    def last_tick(self) -> float:
        return self._last


class StallSampler(threading.Thread):
    """With --why: while the GUI thread's ticks are late, note where every thread is.

    Samples every 2 ms from its own thread; prints the commonest GUI-thread stacks (and what
    the workers were doing meanwhile) seen during stalls longer than `threshold_ms`.
    """

    def __init__(self, meter: StallMeter, threshold_ms: float = 30.0) -> None:
        super().__init__(daemon=True)
        self._meter = meter
        self._threshold = threshold_ms / 1000
        self._gui = threading.get_ident()
        self._stop = threading.Event()
        self.gui_stacks: Counter[str] = Counter()
        self.worker_stacks: Counter[str] = Counter()

    def run(self) -> None:
        while not self._stop.wait(0.002):
            late = time.perf_counter() - self._meter.last_tick()
            if not self._meter.running or late < self._threshold:
                continue
            for ident, frame in sys._current_frames().items():
                if ident == self.ident:
                    continue
                frames = traceback.extract_stack(frame)[-4:]
                where = " < ".join(
                    f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames)
                )
                if ident == self._gui:
                    self.gui_stacks[where] += 1
                elif "_wait_for_tstate_lock" not in where and "wait" not in frames[-1].name:
                    self.worker_stacks[where] += 1

    def report(self) -> None:
        self._stop.set()
        print("where the GUI thread was during stalls (2 ms samples)")
        for where, count in self.gui_stacks.most_common(8):
            print(f"  {count:5}  {where}")
        print("what other threads were running meanwhile")
        for where, count in self.worker_stacks.most_common(8):
            print(f"  {count:5}  {where}")


class PaintWatch(QObject):
    """Notes when the results table paints with rows in it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self._window = window
        self.painted_at: float | None = None
        window.search.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._window.search.model.rowCount() > 0:
            self.painted_at = time.perf_counter()
        return False


def wait(app: QApplication, ready: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if ready():
            return True
        time.sleep(0.0005)
    return False


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def ensure_demo(messages: int) -> str:
    target = paths.cache_dir() / f"bench-gui-{messages}.sqlite3"
    url = f"sqlite:///{target}"
    if target.exists():
        database = open_database(url)
        with database.unit_of_work() as uow:
            have = count_messages(uow, SearchCriteria(), cap=messages)
        database.dispose()
        if have >= messages:
            return url
        target.unlink()
    print(f"making a demo database of {messages:,} messages (once) in {target} ...", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "desktop", "--db", url, "demo", "--messages", str(messages)],
        check=True,
    )
    print(f"  done in {time.perf_counter() - started:,.0f} s", flush=True)
    return url


def _piece(address: str) -> str:
    """Five letters from inside an address's longest run of letters (a substring query)."""
    runs = re.findall(r"[a-z]+", address.split("@")[0])
    longest = max(runs, key=len, default="")
    return longest[1:6] if len(longest) >= 6 else longest[:5]


def sample_queries(database: Database, runs: int) -> dict[str, list[str]]:
    """Real values from the data, so every query finds something."""
    rng = random.Random(7)
    with database.unit_of_work() as uow:
        page = search_messages(uow, SearchCriteria(), None, 1000)
    recipients = [m.recipient for m in page.messages]
    words = [w for m in page.messages for w in m.subject.split() if len(w) >= 5 and w.isalpha()]
    domains = sorted({r.rpartition("@")[2] for r in recipients})
    pieces = [r for r in recipients if len(_piece(r)) >= 5]
    return {
        "exact address": [rng.choice(recipients) for _ in range(runs)],
        "domain": [f"@{rng.choice(domains)}" for _ in range(runs)],
        "substring": [_piece(rng.choice(pieces)) for _ in range(runs)],
        "subject word": [f'"{rng.choice(words).lower()}"' for _ in range(runs)],
    }


def measure_searches(
    app: QApplication, window: MainWindow, queries: dict[str, list[str]], meter: StallMeter
) -> float:
    watch = PaintWatch(window)
    meter.start()
    print("Enter → first rows painted")
    for kind, texts in queries.items():
        times: list[float] = []
        for text in texts:
            window.search.query.setText(text)
            watch.painted_at = None
            started = time.perf_counter()
            window.search.query.returnPressed.emit()  # what Enter does
            if not wait(
                app, lambda: watch.painted_at is not None and window.search.model.rowCount() > 0
            ):
                print(f"  {kind}: {text!r} found nothing in time")
                continue
            assert watch.painted_at is not None
            times.append((watch.painted_at - started) * 1000)
        if times:
            print(
                f"  {kind:<14} p50 {statistics.median(times):7.1f} ms   "
                f"p95 {percentile(times, 0.95):7.1f} ms   ({len(times)} runs)"
            )
    window.search.table.viewport().removeEventFilter(watch)
    return meter.stop()


def scroll_to(app: QApplication, window: MainWindow, rows: int) -> float:
    """Scroll like a user holding End: each step at the bottom fetches the next page."""
    table, model = window.search.table, window.search.model
    bar = table.verticalScrollBar()
    started = time.perf_counter()
    while model.rowCount() < rows and (model.has_more() or model.is_loading()):
        bar.setValue(bar.maximum())
        wait(app, lambda: not model.is_loading())
        app.processEvents()
    table.scrollTo(model.index(min(rows, model.rowCount()) - 1, 0))
    app.processEvents()
    return time.perf_counter() - started


def import_stall(app: QApplication, events: int) -> tuple[float, float]:
    """Import `events` SendGrid events through the import dialog into a scratch database.

    Returns the longest GUI-thread stall while it ran and the seconds it took.
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import make_feeds  # the feeds every import bench reads

    with tempfile.TemporaryDirectory() as scratch:
        feed = Path(scratch) / "sendgrid.ndjson"
        with feed.open("w", encoding="utf-8") as out:
            for event in make_feeds.sendgrid_events(events):
                out.write(json.dumps(event, separators=(",", ":")) + "\n")
        database = open_database(f"sqlite:///{scratch}/import.sqlite3")
        runner = TaskRunner()
        window = MainWindow(DatabaseTasks(runner, database.unit_of_work), "bench")
        window.resize(1440, 880)
        window.show()
        window.start()
        wait(app, lambda: not runner.is_busy())
        dialog = window.open_import()
        dialog.format.setCurrentIndex(dialog.format.findData("sendgrid"))
        dialog.add_paths([str(feed)])
        meter = StallMeter()
        meter.start()
        started = time.perf_counter()
        dialog.start()
        wait(app, lambda: dialog.summary is not None, timeout=600)
        seconds = time.perf_counter() - started
        worst = meter.stop()
        dialog.close()
        window.close()
        runner.wait()
        database.dispose()
    return worst, seconds


_COLD_START = """
import os, sys, time
spawned = float(sys.argv[2])
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])  # run_gui takes this one over, as it would its own

def poll():
    for widget in app.topLevelWidgets():
        search = getattr(widget, "search", None)
        if search is not None and widget.isVisible() and search.model.rowCount() > 0:
            widget.repaint()
            print(time.time() - spawned, time.process_time(), flush=True)
            app.quit()
            return
    QTimer.singleShot(1, poll)

QTimer.singleShot(0, poll)
from desktop.cli import main
main(["--db", sys.argv[1]])
"""


def cold_start(url: str, home: Path) -> tuple[float, float]:
    """`bouncedesk --db URL` in a new process: from spawning it to its first rows painted.

    The app starts as a user starts it (the command line, settings, the database opened on
    a worker, the window restored), with settings and logs in a scratch folder. Returns the
    wall seconds and the CPU seconds the process used until then (less noisy when busy).
    """
    env = dict(os.environ)
    for name in ("CONFIG", "LOG", "DATA"):
        env[f"BOUNCEDESK_{name}_DIR"] = str(home / name.lower())
    env["XDG_CONFIG_HOME"] = str(home / "xdg")  # QSettings: window geometry and filters
    spawned = time.time()
    out = subprocess.run(
        [sys.executable, "-c", _COLD_START, url, repr(spawned)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if out.returncode != 0 or not out.stdout.strip():
        print(out.stderr[-2000:])
        return float("nan"), float("nan")
    wall, cpu = out.stdout.split()[:2]
    return float(wall), float(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--db", help="an existing database instead of the generated demo one")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--why", action="store_true", help="sample the threads' stacks during GUI stalls"
    )
    args = parser.parse_args()
    url = args.db or ensure_demo(args.messages)
    database = open_database(url)
    with database.unit_of_work() as uow:
        total = count_messages(uow, SearchCriteria(), cap=100_000_000)
    print(f"database: {database.url}  ({total:,} messages)")
    favour_the_gui_thread()  # as the app does
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    runner = TaskRunner()
    window = MainWindow(DatabaseTasks(runner, database.unit_of_work), "bench")
    window.resize(1440, 880)
    window.show()
    window.start()
    settle_the_heap()  # as the app does once its window is up
    wait(app, lambda: window.search.model.rowCount() > 0 and not runner.is_busy())

    queries = sample_queries(database, args.runs)
    meter = StallMeter()
    sampler = StallSampler(meter) if args.why else None
    if sampler is not None:
        sampler.start()
    stall_search = measure_searches(app, window, queries, meter)

    window.search.query.setText("")
    window.search.run_search()
    wait(app, lambda: window.search.model.rowCount() > 0)
    meter.start()
    seconds = scroll_to(app, window, 10_000)
    stall_scroll = meter.stop()
    print(f"scroll to row 10,000: {seconds:.1f} s ({window.search.model.rowCount():,} rows loaded)")

    meter.start()
    opened = 0
    for row in range(0, 10_000, 500):
        window.search.table.selectRow(row)
        wait(app, lambda: window.details.details is not None and not runner.is_busy())
        opened += 1
    stall_details = meter.stop()

    meter.start()
    started = time.perf_counter()
    window.tabs.setCurrentIndex(QUARANTINE_TAB)  # expires what is due, then lists
    quarantine = window.quarantine
    wait(app, lambda: quarantine.model.rowCount() > 0)
    listed = time.perf_counter() - started
    wait(app, lambda: not runner.is_busy())
    for row in range(0, min(quarantine.model.rowCount(), 400), 20):
        quarantine.table.selectRow(row)
        wait(app, lambda: not runner.is_busy())
    window.tabs.setCurrentIndex(MESSAGES_TAB)
    stall_quarantine = meter.stop()
    print(
        f"quarantine tab: {quarantine.model.rowCount():,} open quarantines listed in "
        f"{listed * 1000:,.0f} ms"
    )

    print("longest GUI-thread stall")
    print(f"  during searches       {stall_search:7.1f} ms")
    print(f"  scrolling to 10,000   {stall_scroll:7.1f} ms")
    print(f"  opening details (x{opened}) {stall_details:5.1f} ms")
    print(f"  quarantine tab        {stall_quarantine:7.1f} ms")
    if sampler is not None:
        sampler.report()

    seconds = scroll_to(app, window, 100_000)
    print(
        f"resident memory after scrolling {window.search.model.rowCount():,} rows: "
        f"{rss_mb():,.0f} MB (scrolling took {seconds:.1f} s)"
    )
    window.close()
    runner.wait()
    database.dispose()
    worst, seconds = import_stall(app, 100_000)
    print(
        f"importing 100,000 SendGrid events in the import dialog: longest GUI-thread stall "
        f"{worst:.1f} ms (the import took {seconds:.1f} s)"
    )
    with tempfile.TemporaryDirectory() as scratch:
        starts = [cold_start(url, Path(scratch)) for _ in range(5)]
    walls, cpus = [w for w, _ in starts], [c for _, c in starts]
    print(
        "cold start, `bouncedesk` spawned → window with its first rows painted: "
        f"median {statistics.median(walls):.2f} s of {', '.join(f'{w:.2f}' for w in walls)}"
        f" (CPU {statistics.median(cpus):.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
