"""Charts on QtCharts, shared by the Overview and the client report: the same look everywhere.

Colours follow the application palette (light or dark); each reason keeps one hue so a chart
and its legend read the same on screen and on paper.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCharts import (
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.model import Reason
from desktop.ui.common.style import reason_label

REASON_COLOURS: dict[Reason, str] = {
    Reason.ADDRESS_UNKNOWN: "#d0413a",
    Reason.DOMAIN_UNKNOWN: "#a8322c",
    Reason.BLOCKED: "#8e4fc2",
    Reason.MAILBOX_FULL: "#e07020",
    Reason.MAILBOX_INACTIVE: "#c75f8a",
    Reason.SERVER_UNREACHABLE: "#d39a1c",
    Reason.SERVER_ERROR: "#b8862a",
    Reason.MESSAGE_TOO_LARGE: "#3a78c9",
    Reason.CONTENT_BLOCKED: "#5d57c9",
    Reason.POLICY: "#2a8f8a",
    Reason.SPAM_COMPLAINT: "#e2524a",
    Reason.DELAYED: "#e3b341",
    Reason.UNKNOWN: "#7b8494",
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette (default: the application's) has a dark window background."""
    if palette is None:
        palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def stacked_chart(
    labels: Sequence[str],
    stacks: Sequence[tuple[Reason, Sequence[float]]],
    title: str = "",
    axis_title: str = "per 100 sent",
    palette: QPalette | None = None,
    legend_below: bool = False,
    names: Callable[[Reason], str] = reason_label,
) -> tuple[QChart, list[QBarSet]]:
    """A stacked bar chart: one bar per label, one stacked set per reason (values per label)."""
    chart = QChart()
    dark = is_dark(palette)
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
    colours = palette if palette is not None else QApplication.palette()
    chart.setBackgroundBrush(colours.color(QPalette.ColorRole.Base))
    chart.setTitleBrush(colours.color(QPalette.ColorRole.Text))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)  # redraws must be instant
    chart.setMargins(QMargins(4, 4, 4, 4))
    if title:
        chart.setTitle(title)
    series = QStackedBarSeries()
    series.setBarWidth(0.8)
    sets = []
    highest = 0.0
    totals = [0.0] * len(labels)
    for reason, values in stacks:
        bar_set = QBarSet(names(reason))
        bar_set.setColor(QColor(REASON_COLOURS.get(reason, "#7b8494")))
        bar_set.setBorderColor(QColor(REASON_COLOURS.get(reason, "#7b8494")))
        bar_set.append([float(v) for v in values])
        for index, value in enumerate(values):
            totals[index] += value
        series.append(bar_set)
        sets.append(bar_set)
    highest = max(totals, default=0.0)
    chart.addSeries(series)
    categories = _category_axis(labels)
    text = colours.color(QPalette.ColorRole.Text)
    categories.setLabelsBrush(text)
    chart.plotAreaChanged.connect(lambda area: _thin_labels(categories, labels, area))
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    values_axis = QValueAxis()
    top = _nice_top(highest)
    values_axis.setRange(0.0, top)
    values_axis.setTickCount(tick_count(top))
    values_axis.setLabelFormat("%.0f")
    values_axis.setTitleText(axis_title)
    values_axis.setTitleBrush(text)
    values_axis.setLabelsBrush(text)
    chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(values_axis)
    legend = chart.legend()
    legend.setVisible(bool(stacks))
    # Reason names are long: one per line at the right, unless the chart is narrow (paper).
    legend.setAlignment(
        Qt.AlignmentFlag.AlignBottom if legend_below else Qt.AlignmentFlag.AlignRight
    )
    legend.setLabelColor(text)
    small = legend.font()
    small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
    legend.setFont(small)
    legend.setShowToolTips(True)  # a long reason name cut short shows whole on hover
    return chart, sets


# Room a bar's label needs beyond its text; with less, QtCharts cut every label to dots (24
# hours in a chart beside the Overview's clients table at 1024 px).
_LABEL_ROOM = 14


def _category_axis(labels: Sequence[str]) -> QCategoryAxis:
    """An axis with a label under bar 0, 1, 2 …; `_thin_labels` keeps every n-th of them."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setGridLineVisible(False)
    axis.setStartValue(-0.5)
    axis.setRange(-0.5, max(len(labels), 1) - 0.5)
    _label_every(axis, labels, 1)
    return axis


def _label_every(axis: QCategoryAxis, labels: Sequence[str], step: int) -> None:
    for shown in axis.categoriesLabels():
        axis.remove(shown)
    for index in range(0, len(labels), step):
        axis.append(labels[index], index)


def label_step(labels: Sequence[str], width: float, metrics: QFontMetrics) -> int:
    """Label every n-th bar, so each shown label has room beside the next: upright and
    whole in any chart width, rather than turned or cut to dots."""
    if not labels or width <= 0:
        return 1
    needed = max(metrics.horizontalAdvance(label) for label in labels) + _LABEL_ROOM
    per_bar = width / len(labels)
    return max(1, -(-int(needed) // max(int(per_bar), 1)))


def _thin_labels(axis: QCategoryAxis, labels: Sequence[str], area: QRectF) -> None:
    step = label_step(labels, area.width(), QFontMetrics(axis.labelsFont()))
    shown = axis.categoriesLabels()
    if len(shown) != len(range(0, len(labels), step)):  # only when the step changes
        _label_every(axis, labels, step)


def _nice_top(value: float) -> float:
    """A round axis maximum just above `value` (5, 10, 20, 25, 50, 100 …)."""
    for top in (1, 2, 5, 10, 20, 25, 50, 75, 100, 150, 200, 300, 500, 1000):
        if value <= top:
            return float(top)
    return float(int(value * 1.1) + 1)


def tick_count(top: float) -> int:
    """Ticks that fall on whole numbers from 0 to `top` (at most 6): the labels show no
    decimals, and an empty chart (top 1) read "0, 0, 1, 1, 1" with the default five."""
    for count in (6, 5, 4, 3, 2):
        if float(top / (count - 1)).is_integer():
            return count
    return 5


def chart_view(chart: QChart, parent: QWidget | None = None) -> QChartView:
    view = QChartView(chart, parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setFrameShape(QChartView.Shape.NoFrame)
    return view
