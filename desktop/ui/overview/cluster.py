"""The cluster release of an incident: one request per quarantined address, after a question."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.ui.common.i18n import counted


class ClusterReleaseDialog(QMessageBox):
    """Asks before filing release requests for every quarantined address of a cluster."""

    def __init__(self, domain: str, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Release the cluster"))
        self.setTextFormat(Qt.TextFormat.PlainText)  # the domain came from a feed
        asked = self.tr(
            "File release requests for the %Ln quarantined address(es) at {0}?", "", count
        )
        self.setText(counted(asked, count).format(domain))
        self.setInformativeText(
            self.tr(
                "Do this once the provider-side problem is solved (the block lifted, the servers "
                "back): released before, the addresses bounce again."
            )
        )
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.button(QMessageBox.StandardButton.Yes).setText(self.tr("File the requests"))
        self.setDefaultButton(QMessageBox.StandardButton.No)

    @classmethod
    def ask(cls, domain: str, count: int, parent: QWidget | None = None) -> bool:
        return cls(domain, count, parent).exec() == QMessageBox.StandardButton.Yes
