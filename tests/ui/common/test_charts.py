"""The stacked chart's value axis: whole-number labels, also on an empty chart (found under
Xvfb on a first start: the empty overview chart's axis read "0, 0, 1, 1, 1")."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import Qt
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
