"""The reason panel's copy buttons stay readable in a narrow details pane (found under Xvfb at
1024 × 700: the English button's text was cut at both ends)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.details.panels import ReasonPanel

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("propagateSizeHints")]


def test_the_copy_buttons_stack_when_the_pane_is_narrow_and_sit_side_by_side_when_wide(
    qtbot: QtBot,
) -> None:
    panel = ReasonPanel()
    qtbot.addWidget(panel)
    panel.set_language("en")  # the English button also names Ctrl+Shift+C: the longest pair
    panel.show()
    en, nl = panel.copy_en, panel.copy_nl

    def whole() -> bool:  # no button narrower than its text needs
        return all(b.width() >= b.sizeHint().width() for b in (en, nl))

    # The details pane gives its page a fixed width (view.py _fit_page), whatever it holds.
    panel.setFixedWidth(390)  # about the details pane's width at 1024 × 700
    qtbot.waitUntil(lambda: whole() and nl.y() > en.y())  # one above the other

    panel.setFixedWidth(900)
    qtbot.waitUntil(lambda: whole() and nl.x() > en.x() and nl.y() == en.y())  # side by side

    panel.set_language("nl")  # now the Dutch one is the longer: they still fit side by side
    qtbot.waitUntil(lambda: whole() and nl.x() > en.x())
