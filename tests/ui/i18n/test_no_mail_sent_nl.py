"""In Dutch, a rate of nothing sent says "geen mail verzonden", never 0,0%."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.search import SearchCriteria
from desktop.domain.stats import Figures, Outcomes
from desktop.services.overview import ClientRow, Tile, TileKind
from desktop.ui.overview.model import DELIVERED, ClientTableModel
from desktop.ui.overview.tiles import TileButton
from desktop.ui.startup.language import InstalledLanguage

pytestmark = pytest.mark.gui


def test_no_mail_sent_in_dutch(qtbot: QtBot, dutch: InstalledLanguage) -> None:
    assert dutch.language == "nl"
    tile = TileButton(TileKind.DELIVERED)
    qtbot.addWidget(tile)
    tile.set_tile(Tile(TileKind.DELIVERED, None, (), False, SearchCriteria()))
    assert (tile.value.text(), tile.usual.text()) == ("–", "geen mail verzonden")
    assert tile.accessibleName() == "Afgeleverd: geen mail verzonden"
    model = ClientTableModel()
    model.set_clients((ClientRow("Late Only", Figures.of([], Outcomes()), ""),))
    index = model.index(0, DELIVERED)
    assert model.data(index) == "–"
    assert model.data(index, Qt.ItemDataRole.ToolTipRole) == "Geen mail verzonden in deze periode"
