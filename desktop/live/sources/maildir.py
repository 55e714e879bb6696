"""[[mailbox]] kind = "maildir": new bounce mail read, stored, and only then moved out of new/.

A mail's events are committed first; the mail is moved to cur/ (or to the configured Maildir++
folder) after. A crash in between reads it again, and its events, already stored, are counted
as duplicates: nothing is lost, nothing stored twice. Auto-replies, other mail and mail that
cannot be read stay in new/ untouched; their names are kept with the position so a restart
does not count them again.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from desktop.domain.ingest_position import IngestPosition
from desktop.domain.model import ParsedEvent
from desktop.live.sources.base import SourceCounts, SourceReport
from desktop.live.sources.commit import EventCommitter
from desktop.live.sources.mail import read_mail
from desktop.live.sources.retry import run_with_retries

BATCH_MAILS = 200  # mails per transaction


@dataclass(frozen=True, slots=True)
class MaildirSettings:
    """One [[mailbox]] entry with kind = "maildir"."""

    name: str
    path: str
    done_folder: str | None = None  # a Maildir++ folder name ("Done" → PATH/.Done); else cur/
    poll_seconds: float = 2.0


class MaildirWatch:
    """Watches one Maildir's new/ folder. `run` on one thread; `counts` readable from any."""

    def __init__(self, settings: MaildirSettings, committer: EventCommitter) -> None:
        self.name = settings.name
        self.counts = SourceCounts()
        self._settings = settings
        self._committer = committer
        self._left_alone: dict[str, str] = {}  # file name in new/ -> its kind

    def run(self, stop: threading.Event, report: SourceReport) -> None:
        run_with_retries(self.name, stop, report, self.counts, lambda: self._watch(stop, report))

    def _watch(self, stop: threading.Event, report: SourceReport) -> None:
        saved = self._committer.load(self.name)
        self._left_alone = _left_alone(saved.state) if saved else {}
        target = self._target()
        while not stop.is_set():
            names = self._new_names()
            self.counts.polls += 1
            if names is None:
                report.error(self.name, f"no Maildir at {self._settings.path} (no new/ folder)")
            else:
                for start in range(0, len(names), BATCH_MAILS):
                    self._batch(names[start : start + BATCH_MAILS], target, report)
                    if stop.is_set():
                        return
            stop.wait(self._settings.poll_seconds)

    def _target(self) -> str:
        """The cur/ folder read mail goes to, created when it is a Maildir++ folder."""
        if not self._settings.done_folder:
            return os.path.join(self._settings.path, "cur")
        folder = os.path.join(self._settings.path, "." + self._settings.done_folder.strip("."))
        for sub in ("cur", "new", "tmp"):
            os.makedirs(os.path.join(folder, sub), exist_ok=True)
        return os.path.join(folder, "cur")

    def _new_names(self) -> list[str] | None:
        try:
            names = sorted(n for n in os.listdir(self._new()) if not n.startswith("."))
        except FileNotFoundError:
            return None
        present = set(names)
        if self._left_alone.keys() - present:  # gone (read or moved by someone else)
            self._left_alone = {n: k for n, k in self._left_alone.items() if n in present}
        return [name for name in names if name not in self._left_alone]

    def _new(self) -> str:
        return os.path.join(self._settings.path, "new")

    def _batch(self, names: list[str], target: str, report: SourceReport) -> None:
        events: list[ParsedEvent] = []
        reports: list[str] = []
        for name in names:
            path = os.path.join(self._new(), name)
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
                    # Delivery time: dates a report that carries no date of its own.
                    received = datetime.fromtimestamp(os.fstat(handle.fileno()).st_mtime, UTC)
            except FileNotFoundError:
                continue  # taken by someone else meanwhile
            self.counts.mails += 1
            mail = read_mail(data, path, received)
            if mail.is_report:
                events.extend(mail.events)
                reports.append(name)
                continue
            self._left_alone[name] = mail.kind
            self.counts.left_alone[mail.kind] += 1
            if mail.kind == "bad":
                self.counts.bad += 1
                report.error(self.name, f"{path}: {mail.why}; left in new/")
        state = json.dumps({"left_alone": self._left_alone}, separators=(",", ":"))
        position = IngestPosition(self.name, "maildir", 0, state)
        result = self._committer.commit(events, position)
        self.counts.commits += 1
        self.counts.committed += result.imported
        self.counts.duplicates += result.duplicates
        if events:
            report.events_committed(self.name, result.imported, result.last_event_at)
        for name in reports:  # only now that their events are committed
            try:
                os.rename(os.path.join(self._new(), name), os.path.join(target, name + ":2,S"))
                self.counts.moved += 1
            except FileNotFoundError:
                pass  # moved by someone else meanwhile; its events are stored


def _left_alone(state: str) -> dict[str, str]:
    try:
        saved = json.loads(state) if state else {}
    except ValueError:
        return {}
    found = saved.get("left_alone") if isinstance(saved, dict) else None
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}


def left_alone_counts(state: str) -> Counter[str]:
    """Mails a saved maildir position left in new/, by kind (for a status view)."""
    return Counter(_left_alone(state).values())
