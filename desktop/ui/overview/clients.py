"""The Overview's clients table, sized to fit its pane: 1024 px wide windows included."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.common.column_fit import ColumnFit
from desktop.ui.common.i18n import number
from desktop.ui.common.table_model import make_table, size_columns
from desktop.ui.overview.model import ACCOUNT, HINT, ClientTableModel, percent

# Proportions of the two columns that share what the figures leave: the hint is a sentence,
# the account a name; both elide and show whole in their tooltips.
_SHARES = {ACCOUNT: 1, HINT: 1}
_LEAST_SHARED = 80  # an account name's first ten letters or so
_FIGURE_WIDTHS = (0, 44, 56, 56, 56, 0)  # at least; the header and the samples may need more


def clients_table(model: ClientTableModel, name: str) -> tuple[QTableView, ColumnFit]:
    """The table of `model`: every figure column as wide as its header and its widest value
    need in the UI language (never cut), the account and the hint sharing the rest."""
    table = make_table(name)
    table.setModel(model)
    wide_rate, wide_count = percent(100.0), number(99_999)
    size_columns(
        table,
        _FIGURE_WIDTHS,
        {1: [wide_count], 2: [wide_rate], 3: [wide_rate], 4: [wide_rate]},
    )
    header = table.horizontalHeader()
    figures = sum(header.sectionSize(c) for c in range(ACCOUNT + 1, HINT))
    fit = ColumnFit(table, {c: share * _LEAST_SHARED for c, share in _SHARES.items()})
    # Narrower than this the figures could not all show: the pane stops shrinking here.
    frame = 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
    table.setMinimumWidth(figures + len(_SHARES) * _LEAST_SHARED + frame)
    return table, fit


class ClientsPane(QWidget):
    """The clients table under its heading, with the report button. GUI thread only."""

    def __init__(
        self,
        model: ClientTableModel,
        heading: str,
        report: str,
        report_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.table, self.fit = clients_table(model, heading)
        self.report_button = QPushButton(report)
        self.report_button.setAccessibleName(report_name)
        head = QHBoxLayout()
        head.addWidget(QLabel(heading))
        head.addStretch(1)
        head.addWidget(self.report_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
