"""Progress of a long op: steps reported from the worker, shown on the GUI thread; a cancel flag."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.ui.common.i18n import translate

P = TypeVar("P")


class _StepRelay(QObject):
    """Lives on the GUI thread; a worker's emission is queued to it."""

    sig_step = Signal(object)


class Progress(Generic[P]):
    """`report` and `cancelled` are for the worker; everything else is GUI thread only.

    The op holds this object until its reply lands on the GUI thread, so the relay (a Qt
    object) is never let go of on a worker.
    """

    def __init__(self, show: Callable[[P], object], parent: QObject | None = None) -> None:
        self._show = show
        self._stop = threading.Event()
        self._done = False
        self._dialog: QProgressDialog | None = None
        self._relay = _StepRelay(parent)
        self._relay.sig_step.connect(self._arrived)

    @classmethod
    def in_dialog(
        cls,
        parent: QWidget | None,
        title: str,
        label: str,
        maximum: int | None,
        describe: Callable[[P], tuple[int | None, str]],
        delay_ms: int = 0,
    ) -> Progress[P]:
        """A cancellable progress dialog; `describe(step)` gives its value (None: keep) and text."""
        cancel = translate("Progress", "Cancel")
        dialog = QProgressDialog(label, cancel, 0, maximum or 0, parent)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(delay_ms)

        def show(step: P) -> None:
            value, text = describe(step)
            if value is not None:
                dialog.setValue(value)
            dialog.setLabelText(text)

        progress = cls(show, parent)
        progress._dialog = dialog
        dialog.canceled.connect(progress.cancel)
        return progress

    def report(self, step: P) -> None:
        """Any thread: show `step` on the GUI thread (ignored once the op has ended)."""
        if not self._done:
            self._relay.sig_step.emit(step)

    def cancelled(self) -> bool:
        """Any thread: whether the user asked to stop."""
        return self._stop.is_set()

    def cancel(self) -> None:
        self._stop.set()

    def finish(self) -> None:
        """The op ended: close the dialog; later steps still in the queue are not shown."""
        self._done = True
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.deleteLater()
        self._relay.deleteLater()

    def _arrived(self, step: P) -> None:
        if not self._done:
            self._show(step)
