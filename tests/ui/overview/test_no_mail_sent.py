"""A rate of nothing sent is a dash with "no mail sent", never 0.0% (tiles and clients)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.search import SearchCriteria
from desktop.domain.stats import Figures, Outcomes
from desktop.services.overview import ClientRow, Tile, TileKind
from desktop.ui.overview.model import DELIVERED, HARD, SENT, ClientTableModel
from desktop.ui.overview.tiles import TileButton

pytestmark = pytest.mark.gui

NOTHING_SENT = Tile(TileKind.DELIVERED, None, (95.0, 96.5), False, SearchCriteria())


def test_the_delivered_tile_of_a_day_without_mail_says_so(qtbot: QtBot) -> None:
    tile = TileButton(TileKind.DELIVERED)
    qtbot.addWidget(tile)
    tile.set_tile(NOTHING_SENT)
    assert tile.value.text() == "–"  # was "0.0%"
    assert tile.usual.text() == "no mail sent"
    assert tile.accessibleName().startswith("Delivered: no mail sent")
    tile.set_tile(Tile(TileKind.DELIVERED, 97.25, (95.0, 96.5), False, SearchCriteria()))
    assert tile.value.text() == "97.3%" and tile.usual.text() == "usually 95.0%–96.5%"


def test_a_client_without_mail_sent_in_the_period_shows_dashes(qtbot: QtBot) -> None:
    model = ClientTableModel()
    late = Figures.of([], Outcomes())  # only answers to earlier mail fell in the period
    fine = Figures.of([], Outcomes(sent=4, delivered=3, hard_bounced=1))
    model.set_clients((ClientRow("Late Only", late, ""), ClientRow("Wine Fair", fine, "")))
    shown = [[model.data(model.index(r, c)) for c in (SENT, DELIVERED, HARD)] for r in (0, 1)]
    assert shown == [["0", "–", "–"], ["4", "75.0%", "25.0%"]]
    tip = model.data(model.index(0, DELIVERED), Qt.ItemDataRole.ToolTipRole)
    assert tip == "No mail sent in this period"
    assert model.data(model.index(1, DELIVERED), Qt.ItemDataRole.ToolTipRole) is None
