"""The details screen: header, event timeline, reason panel and the quarantine explanation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import BounceDeskError
from desktop.domain.model import Event, Message, Quarantine
from desktop.domain.policy import PolicyConfig
from desktop.domain.retry import RetryWindow
from desktop.services.details import MessageReport, load_message_report
from desktop.services.explain import Explanation, explain
from desktop.services.originals import OriginalView, original_record
from desktop.services.quarantine import WhyQuarantined
from desktop.services.search import MessageDetails
from desktop.ui.common.i18n import error_text, ui_language
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.style import local_time, set_role, status_icon, status_label
from desktop.ui.details.original_dialog import OriginalDialog
from desktop.ui.details.panels import QuarantinePanel, ReasonPanel, heading, plain_label
from desktop.ui.details.release_targets import ReleaseTargetsLine
from desktop.ui.details.timeline import Timeline


class MessageDetailsView(QScrollArea):
    """Shows one message. GUI thread; the details are loaded by the runner on a worker."""

    sig_release_requested = Signal(Quarantine)
    sig_copied = Signal(str)  # what was put on the clipboard, for the status bar

    def __init__(
        self,
        tasks: DatabaseTasks,
        policy: PolicyConfig | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        self._policy = policy or PolicyConfig()
        self._language = "en"
        self._windows: Mapping[str, RetryWindow] = {}
        self.details: MessageDetails | None = None
        self.why: WhyQuarantined | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Text wraps to the pane's width; long unbreakable values scroll inside their own field.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Message details"))
        self._build()
        self._countdown = QTimer(self)
        self._countdown.setInterval(30_000)
        self._countdown.timeout.connect(self._tick)

    def _build(self) -> None:
        page = QWidget()
        page.setObjectName("detailsPage")
        self.placeholder = plain_label(self.tr("Select a message to see its timeline and reason."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_role(self.placeholder, "placeholder")

        self.subject = plain_label("", "subject")
        set_role(self.subject, "subject")
        self.status_badge = QLabel()
        self.status_badge.setTextFormat(Qt.TextFormat.PlainText)
        self.header = QWidget()
        grid = QGridLayout(self.header)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self._fields: dict[str, QLineEdit] = {}
        captions = (
            ("From", self.tr("From")),
            ("To", self.tr("To")),
            ("Account", self.tr("Account")),
            ("Created", self.tr("Created")),
            ("Message-ID", "Message-ID"),  # the header's own name, in every language
            ("Number", self.tr("Number")),
        )
        for row, (name, shown) in enumerate(captions):
            caption = QLabel(shown)
            set_role(caption, "muted")
            value = QLineEdit()  # plain text by nature; selectable; long ids scroll
            value.setReadOnly(True)
            value.setFrame(False)
            set_role(value, "value")
            value.setMinimumWidth(60)
            value.setAccessibleName(shown)
            grid.addWidget(caption, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self._fields[name] = value
        grid.setColumnStretch(1, 1)

        self.quarantine_panel = QuarantinePanel()
        self.quarantine_panel.sig_release.connect(self._release_clicked)
        self.release_targets = ReleaseTargetsLine(self._tasks)
        self.reason_panel = ReasonPanel()
        self.reason_panel.sig_copy.connect(self.copy_explanation)
        self.timeline = Timeline()
        self.timeline.sig_grown.connect(self._fit_page)
        self.timeline.sig_show_original.connect(self.show_original)
        self.original_dialog: OriginalDialog | None = None
        # below the last event: what happens next (the retry forecast, the quarantine's end)
        self.next_step = plain_label("", "next")
        self.next_step.setAccessibleName(self.tr("What happens next"))
        self.next_step.setWordWrap(True)
        set_role(self.next_step, "next-step")

        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(10)
        layout.addWidget(self.placeholder)
        top = QVBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.status_badge)
        top.addWidget(self.subject)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.quarantine_panel)
        layout.addWidget(self.release_targets)
        layout.addWidget(self.reason_panel)
        self.timeline_heading = heading(self.tr("Timeline"))
        layout.addWidget(self.timeline_heading)
        layout.addWidget(self.timeline)
        layout.addWidget(self.next_step)
        layout.addStretch(1)
        self.setWidget(page)
        self._set_visible(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_page()

    def _fit_page(self) -> None:
        # The page takes the pane's width and the height its wrapped text needs at that
        # width; QScrollArea alone would squeeze word-wrapped labels into the viewport.
        page, width = self.widget(), self.viewport().width()
        layout = page.layout() if page is not None else None
        if page is None or layout is None:
            return
        page.setFixedWidth(width)
        layout.activate()
        needed = (
            layout.heightForWidth(width)
            if layout.hasHeightForWidth()
            else layout.sizeHint().height()
        )
        page.setMinimumHeight(max(needed, layout.minimumSize().height()))

    def _set_visible(self, shown: bool) -> None:
        self.placeholder.setVisible(not shown)
        for widget in (
            self.subject,
            self.status_badge,
            self.header,
            self.timeline_heading,
            self.timeline,
        ):
            widget.setVisible(shown)
        if not shown:
            self.quarantine_panel.hide()
            self.release_targets.hide()
            self.reason_panel.hide()
            self.next_step.hide()

    # --- loading --------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        self._language = language if language in ("en", "nl") else "en"
        self.reason_panel.set_language(self._language)

    def set_retry_windows(self, windows: Mapping[str, RetryWindow]) -> None:
        """The sending sides' retry windows where the settings override the defaults."""
        self._windows = dict(windows)

    def _explain(
        self, details: MessageDetails, language: str, now: datetime | None = None
    ) -> Explanation | None:
        return explain(details, language, now, windows=self._windows, staff_lang=ui_language())

    def show_message(self, message: Message | None) -> None:
        """Load and show `message` (None clears); a newer call makes an older load stale."""
        if message is None:
            self._tasks.cancel("details")
            self.details = None
            self._set_visible(False)
            return
        language, windows, staff = self._language, self._windows, ui_language()
        self._tasks.query(
            lambda uow: load_message_report(
                uow, message, language, windows=windows, staff_lang=staff
            )
        ).success(self._show).failure(self._failed).on_channel("details").run()

    def reload(self) -> None:
        if self.details is not None:
            self.show_message(self.details.message)

    def _failed(self, error: BounceDeskError) -> None:
        self.placeholder.setText(
            self.tr("Could not load this message: {0}").format(error_text(error))
        )
        self._set_visible(False)

    def _show(self, loaded: MessageReport) -> None:
        details, why = loaded.details, loaded.why
        self.details = details
        self.why = why
        message, now = details.message, datetime.now(UTC)
        self._set_visible(True)
        self.subject.setText(message.subject or self.tr("(no subject)"))
        self.status_badge.setText(f"  {status_label(message.status.value)}  ")
        set_role(self.status_badge, f"status-{message.status.value}")
        self.status_badge.setMaximumWidth(self.status_badge.sizeHint().width() + 8)
        self.status_badge.setToolTip(status_label(message.status.value))
        self.setWindowIcon(status_icon(message.status.value))
        values = {
            "From": message.sender,
            "To": message.recipient,
            "Account": message.account,
            "Created": f"{local_time(message.created_at, seconds=True)}",
            "Message-ID": message.message_id,
            "Number": str(message.id),  # an id to copy, not a quantity: no grouping
        }
        for name, value in values.items():
            self._fields[name].setText(value)
            self._fields[name].setCursorPosition(0)
        quarantine = details.quarantine
        explanation = loaded.explanation
        if explanation is not None and explanation.lang != self._language:
            explanation = self._explain(details, self._language, now)  # language changed
        if quarantine is not None:
            self.quarantine_panel.show_quarantine(
                quarantine, details.events, now, details.policy, why
            )
            self.quarantine_panel.show()
            self._countdown.start()
        else:
            self.quarantine_panel.hide()
            self._countdown.stop()
        if explanation is not None:
            self.reason_panel.show_explanation(explanation)
            self.reason_panel.show()
        else:
            self.reason_panel.hide()
        next_text = explanation.next_text if explanation is not None else None
        self.next_step.setText(next_text or "")
        self.next_step.setVisible(bool(next_text))
        self.release_targets.show_for(message.recipient)
        causing = set(quarantine.cause_event_ids) if quarantine else set()
        self.timeline.show_events(details.events, now, causing, loaded.spans)
        self.verticalScrollBar().setValue(0)
        QTimer.singleShot(0, self, self._fit_page)  # again once the new rows have their sizes

    def _tick(self) -> None:
        if self.details is not None and self.details.quarantine is not None:
            self.quarantine_panel.update_countdown(self.details.quarantine, datetime.now(UTC))

    # --- actions --------------------------------------------------------------------------

    def copy_explanation(self, language: str | None = None) -> bool:
        """Put the client explanation on the clipboard as plain text and HTML."""
        if self.details is None:
            return False
        explanation = self._explain(self.details, language or self._language)
        if explanation is None:
            return False
        data = QMimeData()
        data.setText(explanation.client_text)
        data.setHtml(explanation.client_html)
        QGuiApplication.clipboard().setMimeData(data)
        self.sig_copied.emit(
            self.tr("Explanation for the client copied ({0})").format(
                (language or self._language).upper()
            )
        )
        return True

    def show_original(self, event: Event) -> None:
        """Load the event's raw record on a worker, then show it in its own window."""
        if self.details is None:
            return
        message = self.details.message.id
        self._tasks.query(lambda uow: original_record(uow, message, event.id)).success(
            self._open_original
        ).failure(self._failed_original).on_channel("original").run()

    def _open_original(self, view: OriginalView) -> None:
        if self.original_dialog is not None:
            self.original_dialog.close()
        self.original_dialog = OriginalDialog(view, self)
        self.original_dialog.sig_copied.connect(self.sig_copied)
        self.original_dialog.show()

    def _failed_original(self, error: BounceDeskError) -> None:
        self.sig_copied.emit(
            self.tr("Could not load the original record: {0}").format(error_text(error))
        )

    def _release_clicked(self) -> None:
        if self.details is not None and self.details.quarantine is not None:
            self.sig_release_requested.emit(self.details.quarantine)
