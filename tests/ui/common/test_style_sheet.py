"""One style sheet: no widget styles itself, every role the code names has a rule, and the
state colours (a flagged tile, a quiet live feed) come out of the sheet."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from pytestqt.qtbot import QtBot

from desktop import resources
from desktop.domain.model import MessageStatus
from desktop.services.live_status import Freshness, Level
from desktop.services.overview import Tile, TileKind
from desktop.ui.common.live_status import LiveStatusLabel
from desktop.ui.overview.tiles import TileButton

pytestmark = [pytest.mark.gui]

PACKAGE = Path(__file__).parents[3] / "desktop"
STYLE_LOADER = PACKAGE / "ui" / "common" / "style.py"


def _calls(name: str) -> list[tuple[Path, ast.Call]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called == name:
                    found.append((path, node))
    return found


def test_no_module_but_the_style_loader_sets_a_style_sheet() -> None:
    callers = {path.relative_to(PACKAGE.parent) for path, _ in _calls("setStyleSheet")}
    assert callers == {STYLE_LOADER.relative_to(PACKAGE.parent)}


def test_every_role_the_code_names_has_a_rule_in_the_sheet() -> None:
    roles = {role for _, call in _calls("set_role") for role in _literals(call.args[1])}
    # The roles made from a value (f-strings): one rule per value.
    roles |= {f"live-{level.value}" for level in (Level.LIVE, Level.QUIET)}
    roles |= {f"risk-{level}" for level in ("low", "medium", "high")}
    roles |= {f"card-{accent}" for accent in ("reason", "quarantine")}
    roles |= {f"status-{status.value}" for status in MessageStatus}
    sheet = resources.style_sheet()
    assert "tile" in roles and "next-step" in roles  # the scan found the calls
    missing = sorted(role for role in roles if f'[role="{role}"]' not in sheet)
    assert missing == []


def _literals(node: ast.expr) -> list[str]:
    """A literal role, or the literals either way of `"a" if x else "b"`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


@pytest.mark.usefixtures("styled")
def test_the_live_feed_reads_green_when_live_and_amber_when_quiet(qtbot: QtBot) -> None:
    label = LiveStatusLabel(None)  # type: ignore[arg-type]  # shown values only: no queries
    qtbot.addWidget(label)
    label.show_freshness(Freshness(Level.LIVE, "Live · 4 s ago", ""))
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor("#2e9d57")
    label.show_freshness(Freshness(Level.QUIET, "sendgrid: nothing for 2 h", ""))
    assert label.palette().color(QPalette.ColorRole.WindowText) == QColor("#b07d0f")


@pytest.mark.usefixtures("styled")
def test_a_flagged_tile_gets_its_red_border_and_loses_it_again(qtbot: QtBot) -> None:
    tile = TileButton(TileKind.HARD)
    qtbot.addWidget(tile)
    tile.resize(160, 90)
    tile.show()

    def border() -> QColor:  # the middle of the left edge, just inside the frame
        return tile.grab().toImage().pixelColor(1, tile.height() // 2)

    tile.set_tile(Tile(TileKind.HARD, 42, (10.0, 12.0, 9.0, 11.0), True, None))
    assert border() == QColor("#d0413a")
    tile.set_tile(Tile(TileKind.HARD, 11, (10.0, 12.0, 9.0, 11.0), False, None))
    assert border() != QColor("#d0413a")
