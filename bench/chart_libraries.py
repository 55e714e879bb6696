"""Time to first paint of a 24-bar stacked chart with QtCharts or pyqtgraph, in a fresh process.

# Usage: python bench/chart_libraries.py [--lib qtcharts|pyqtgraph] [--runs N]
#
# Each run is a new interpreter (imports are part of the cost): QApplication, import of the
# chart library, a chart of 24 bars x 6 stacked reasons, shown and painted once (grab()).
# Prints the best and median of the runs. pyqtgraph needs numpy; run that one with a Python
# that has both (the app itself does not depend on them).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

_CHILD = r"""
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
started = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
values = [[(i * 7 + r * 3) % 11 + 1 for i in range(24)] for r in range(6)]
if sys.argv[1] == "qtcharts":
    from PySide6.QtCharts import QBarSet, QChart, QChartView, QStackedBarSeries, QBarCategoryAxis
    chart = QChart()
    series = QStackedBarSeries()
    for r, row in enumerate(values):
        bar_set = QBarSet(f"reason {r}")
        bar_set.append([float(v) for v in row])
        series.append(bar_set)
    chart.addSeries(series)
    axis = QBarCategoryAxis()
    axis.append([f"{h:02d}" for h in range(24)])
    chart.addAxis(axis, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis)
    view = QChartView(chart)
else:
    import numpy as np
    import pyqtgraph as pg
    view = pg.PlotWidget()
    bottom = np.zeros(24)
    for r, row in enumerate(values):
        heights = np.array(row, dtype=float)
        view.addItem(pg.BarGraphItem(x=np.arange(24), height=heights, y0=bottom, width=0.8,
                                     brush=pg.intColor(r)))
        bottom = bottom + heights
view.resize(700, 420)
view.show()
view.grab()
print((time.perf_counter() - started) * 1000)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lib", choices=("qtcharts", "pyqtgraph"), default="qtcharts")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, args.lib], capture_output=True, text=True, env=env
        )
        if done.returncode:
            print(done.stderr.strip().splitlines()[-1], file=sys.stderr)
            return 1
        first_paint = float(done.stdout.strip().splitlines()[-1])
        times.append((first_paint, (time.perf_counter() - started) * 1000))
    paint = [t[0] for t in times]
    total = [t[1] for t in times]
    print(
        f"{args.lib}: first paint {min(paint):.0f} ms best, {statistics.median(paint):.0f} median "
        f"(process total {statistics.median(total):.0f} ms median, {args.runs} runs)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
