"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 on Python 3.11 did not.

That build dropped a reference to None on every void call and to True on every emit, so the
app died with "deallocating None" after some minutes of use. Pin a build that passes this.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

pytestmark = pytest.mark.gui


class _Sender(QObject):
    sig_value = Signal(object)


def _counts() -> tuple[int, int]:
    return sys.getrefcount(None), sys.getrefcount(True)


def test_calls_and_emits_do_not_lose_references(qtbot: QtBot) -> None:
    sender = _Sender()
    received: list[object] = []
    sender.sig_value.connect(received.append)
    label = QLabel()
    qtbot.addWidget(label)
    before = _counts()
    for _ in range(500):
        sender.sig_value.emit(None)
        label.setText("x")
        label.setVisible(False)
    received.clear()
    none_after, true_after = _counts()
    # A little drift is the interpreter's own; a lost reference per call is 500 or more.
    assert none_after - before[0] > -100
    assert true_after - before[1] > -100
