"""One incident of the Overview: its sentence and the three things an agent can do about it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.services.overview import Incident
from desktop.ui.common.i18n import number, translate


def incident_row(
    incident: Incident,
    show_messages: Callable[[], None],
    show_quarantined: Callable[[], None],
    release_cluster: Callable[[], None],
) -> QWidget:
    """The row of `incident`; its buttons call the three callbacks. GUI thread only.

    Its texts keep the Overview's translation context (their Dutch is catalogued there).
    """
    row = QFrame()
    row.setObjectName("incident")  # the style sheet gives it its accent stripe
    layout = QHBoxLayout(row)
    layout.setContentsMargins(8, 2, 2, 2)
    text = QLabel(incident.text)
    text.setTextFormat(Qt.TextFormat.PlainText)  # the domain came from a feed
    text.setWordWrap(True)
    domain = incident.cluster.domain
    messages = QPushButton(translate("OverviewView", "Show messages"))
    messages.setAccessibleName(translate("OverviewView", "Show the messages to {0}").format(domain))
    messages.clicked.connect(show_messages)
    listed = QPushButton(translate("OverviewView", "Quarantined"))
    listed.setAccessibleName(
        translate("OverviewView", "Show the quarantined addresses at {0}").format(domain)
    )
    listed.clicked.connect(show_quarantined)
    count = number(len(incident.cluster.quarantined))
    cluster = QPushButton(translate("OverviewView", "Release cluster ({0})…").format(count))
    cluster.setObjectName("releaseCluster")
    cluster.setAccessibleName(
        translate("OverviewView", "File release requests for every address at {0}").format(domain)
    )
    cluster.setEnabled(bool(incident.cluster.quarantined))
    cluster.clicked.connect(release_cluster)
    layout.addWidget(text, 1)
    layout.addWidget(messages)
    layout.addWidget(listed)
    layout.addWidget(cluster)
    return row
