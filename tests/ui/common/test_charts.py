"""The stacked chart's value axis: whole-number labels, also on an empty chart (found under
Xvfb on a first start: the empty overview chart's axis read "0, 0, 1, 1, 1")."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QCategoryAxis, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from desktop.domain.model import Reason
from desktop.ui.common.charts import chart_view, stacked_chart

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("highest", [0.0, 0.4, 2.0, 7.0, 60.0, 140.0, 270.0, 900.0])
def test_every_label_of_the_value_axis_is_a_distinct_whole_number(
    qtbot: QtBot, highest: float
) -> None:
    labels = ["00", "01", "02"]
    chart, _sets = stacked_chart(labels, [(Reason.DELAYED, [0.0, highest, 0.0])])
    view = chart_view(chart)  # as the overview shows it; the view owns the chart
    qtbot.addWidget(view)
    (axis,) = chart.axes(Qt.Orientation.Vertical)
    assert isinstance(axis, QValueAxis)
    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
    ticks = [axis.min() + step * i for i in range(axis.tickCount())]
    assert all(tick.is_integer() for tick in ticks), ticks  # "%.0f" shows them as they are
    assert axis.max() >= highest and len(set(ticks)) == len(ticks) >= 2


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_bar_labels_thin_out_to_stay_whole_in_a_narrow_chart(qtbot: QtBot) -> None:
    """24 hours in the chart beside the clients table at 1024 px were all cut to dots; now
    every n-th bar is labelled, upright and whole, and a wide chart labels every bar."""
    labels = [f"{(hour + 18) % 24:02d}" for hour in range(24)]
    chart, _sets = stacked_chart(labels, [(Reason.DELAYED, [10.0] * 24)], legend_below=True)
    view = chart_view(chart)
    qtbot.addWidget(view)
    (axis,) = chart.axes(Qt.Orientation.Horizontal)
    assert isinstance(axis, QCategoryAxis)
    view.resize(480, 330)
    view.show()
    qtbot.waitUntil(lambda: 1 < len(axis.categoriesLabels()) < len(labels))
    shown = axis.categoriesLabels()
    step = int(axis.endValue(shown[1]))
    # Each shown label sits under its own bar: the first, then every step-th.
    assert [axis.endValue(label) for label in shown] == [float(i) for i in range(0, 24, step)]
    assert shown == labels[::step]
    room = chart.plotArea().width() / len(labels) * step
    assert max(QFontMetrics(axis.labelsFont()).horizontalAdvance(t) for t in shown) < room
    view.resize(1000, 330)
    qtbot.waitUntil(lambda: axis.categoriesLabels() == labels)
