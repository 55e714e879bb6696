"""The Dutch build, as start-up installs it, for the tests of this folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from desktop.ui.startup.language import InstalledLanguage, install_language


@pytest.fixture
def dutch(qapp: QApplication, tmp_path: Path) -> Iterator[InstalledLanguage]:
    """The app in Dutch, as start-up installs it; English and the old locale again after."""
    before = QLocale()
    installed = install_language(qapp, "nl", tmp_path)
    yield installed
    installed.remove(qapp)
    QLocale.setDefault(before)
