"""The cluster release of an incident: one request per quarantined address, after a question."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.services.bulk_release import BulkLine, BulkState


class ClusterReleaseDialog(QMessageBox):
    """Asks before filing release requests for every quarantined address of a cluster."""

    def __init__(self, domain: str, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle("Release the cluster")
        self.setTextFormat(Qt.TextFormat.PlainText)  # the domain came from a feed
        self.setText(f"File release requests for the {count} quarantined addresses at {domain}?")
        self.setInformativeText(
            "Do this once the provider-side problem is solved (the block lifted, the servers "
            "back): released before, the addresses bounce again."
        )
        self.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        self.button(QMessageBox.StandardButton.Yes).setText("File the requests")
        self.setDefaultButton(QMessageBox.StandardButton.No)

    @classmethod
    def ask(cls, domain: str, count: int, parent: QWidget | None = None) -> bool:
        return cls(domain, count, parent).exec() == QMessageBox.StandardButton.Yes


def describe(domain: str, lines: list[BulkLine]) -> str:
    """One line for the status bar about what the cluster release did."""
    filed = sum(1 for line in lines if line.state is BulkState.REQUESTED)
    already = sum(1 for line in lines if line.state is BulkState.ALREADY_REQUESTED)
    text = f"{filed} release request(s) filed for {domain}"
    if already:
        text += f"; {already} already requested"
    return text
