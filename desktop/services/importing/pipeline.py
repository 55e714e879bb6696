"""The import use case: feed records, classified, through the quarantine rules, into the database.

Streams in batches of `BATCH_SIZE` events, one transaction each, committed on a thread of their
own while the next batch is read, so memory stays flat on any file size and a cancelled import
keeps every batch it committed. Importing the same file again adds nothing: each event carries
a key the database holds unique.
"""

from __future__ import annotations

import contextlib
import gc
import getpass
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Literal

from desktop.domain.errors import EnvironmentFailure
from desktop.domain.model import BadRecord, ParsedEvent
from desktop.domain.policy import PolicyConfig
from desktop.ingest import FORMATS as FORMATS  # the formats, for the GUI import dialog
from desktop.ingest import reader_for, validated
from desktop.services.importing.indexes import indexes_set_aside
from desktop.services.importing.position import FilePosition
from desktop.services.importing.reader_process import ProcessReader, worth_a_process
from desktop.services.importing.records import GC_THRESHOLDS, classified
from desktop.services.importing.records import read_feed as read_feed  # for callers
from desktop.services.policy import stored_policy
from desktop.services.ports import Database, UnitOfWorkFactory
from desktop.store.bulk_import.batch import BatchCounts, BatchImporter
from desktop.store.bulk_import.commit import COMMIT_EVENTS, CommitThread
from desktop.store.bulk_import.concurrency import retrying

BATCH_SIZE = 5_000
MAX_BAD_KEPT = 1_000  # bad records listed in the summary; all of them are counted
PROGRESS_EVERY = 2_000  # records between progress reports (and cancel checks)


@dataclass(frozen=True, slots=True)
class ImportTuning:
    """How an import runs, not what it does: the same feed gives the same data with any of these.

    Batches of `batch_size` events are written in transactions of about `commit_every`.
    `reader_process` reads the files in a child process (None: when they are big enough);
    `suspend_indexes` sets the search indexes aside while loading (None: when worth it).
    `gc_thresholds` are the garbage collector's while importing (None: left as they are).
    The default collects seldom, which is fastest; a GUI wants shorter collections, as each
    holds the GIL (scanning 100,000 young objects stalled the window 30-45 ms).
    """

    batch_size: int = BATCH_SIZE
    commit_every: int = COMMIT_EVENTS
    reader_process: bool | None = None
    suspend_indexes: bool | None = None
    gc_thresholds: tuple[int, int, int] | None = GC_THRESHOLDS


DEFAULT_TUNING = ImportTuning()


# What an import is doing: reading the files (a share of them is known), then saving the
# batches still on their way to the database, then rebuilding the indexes it set aside.
ImportPhase = Literal["reading", "saving", "rebuilding"]
READING: Final = "reading"
SAVING: Final = "saving"
REBUILDING: Final = "rebuilding"


@dataclass(frozen=True, slots=True)
class ImportProgress:
    """A snapshot for a progress bar; `fraction` is the share of the files read, or None.

    While `phase` is READING the fraction grows with the bytes read (estimated) and stays
    below 1; the later phases have no share to show, only that they run.
    """

    read: int
    imported: int
    duplicates: int
    bad: int
    skipped: int
    elapsed: float
    fraction: float | None
    source: str | None
    phase: ImportPhase = READING

    @property
    def rate(self) -> float:
        """Records read per second so far."""
        return self.read / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(slots=True)
class ImportSummary:
    """What an import did. `imported` events are committed; `bad_records` is capped."""

    format: str
    paths: tuple[str, ...]
    dry_run: bool = False
    read: int = 0  # records read: events, bad records and skipped records
    events: int = 0  # events the reader produced
    imported: int = 0
    duplicates: int = 0
    bad: int = 0
    skipped: int = 0  # records that are not bounces or deliveries (opens, clicks, other lines)
    rejected: int = 0  # sends stored as rejections because the address was quarantined
    quarantines: int = 0  # quarantines started by this import
    messages: int = 0  # messages created
    batches: int = 0  # transactions committed
    cancelled: bool = False
    stopped_at: BadRecord | None = None  # --strict: the bad record that stopped the import
    bad_records: list[BadRecord] = field(default_factory=list)
    elapsed: float = 0.0

    def counts(self) -> dict[str, Any]:
        """The figures as plain values (for the audit log and JSON output)."""
        return {
            "format": self.format,
            "files": list(self.paths),
            "dry_run": self.dry_run,
            "read": self.read,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "bad": self.bad,
            "skipped": self.skipped,
            "rejected": self.rejected,
            "quarantines": self.quarantines,
            "messages": self.messages,
            "batches": self.batches,
            "cancelled": self.cancelled,
            "stopped_at": self.stopped_at.source if self.stopped_at else None,
        }


def event_fields(event: ParsedEvent) -> dict[str, Any]:
    """The DESIGN.md fields of a parsed event, as `import --dry-run --json` prints them."""
    fields = {
        "source": event.source,
        "type": event.type.value,
        "recipient": event.recipient,
        "status": event.status,
        "reply_code": event.reply_code,
        "diagnostic": event.diagnostic,
        "reason": event.reason.value if event.reason else None,
        "at": event.at.astimezone(UTC).isoformat(timespec="seconds"),
        "message_id": event.message_id,
    }
    if "time_note" in event.extra:  # the time is not the record's own: say where it came from
        fields["time_note"] = event.extra["time_note"]
    return fields


def import_feed(
    database: Database | UnitOfWorkFactory | None,
    format: str,
    paths: Sequence[str],
    *,
    dry_run: bool = False,
    strict: bool = False,
    actor: str | None = None,
    policy: PolicyConfig | None = None,
    progress: Callable[[ImportProgress], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    on_bad: Callable[[BadRecord], None] | None = None,
    on_event: Callable[[ParsedEvent], None] | None = None,
    records: Iterable[ParsedEvent | BadRecord] | None = None,
    tuning: ImportTuning = DEFAULT_TUNING,
) -> ImportSummary:
    """Import `paths` of feed `format`; see the module docstring.

    `dry_run` writes nothing (the database may then be None) and hands each classified event
    to `on_event`; `strict` stops at the first bad record after committing the events before
    it. `records` replaces the reader (tests, or a caller that already reads the feed).
    `tuning` says how it runs (see ImportTuning).
    Database failures propagate as domain errors; committed batches stay committed.
    """
    summary = ImportSummary(format, tuple(paths), dry_run=dry_run)
    reader: ProcessReader | None = None
    if records is not None:
        source, skipped = classified(validated(records)), _nothing_skipped
    elif tuning.reader_process or (
        tuning.reader_process is None and not dry_run and worth_a_process(paths)
    ):
        reader_for(format)  # an unknown format fails here, not in the child
        reader = ProcessReader(format, paths)
        source, skipped = iter(reader), reader.skipped
    else:
        source, skipped = read_feed(format, paths)
    uow_factory = _factory(database) if not dry_run else None
    importer = BatchImporter(policy or stored_policy(uow_factory))  # the team's rules
    tracker = FilePosition(paths)
    started = time.monotonic()
    pending: list[ParsedEvent] = []
    counted = 0  # events at the start of `pending` already counted and tracked

    def count_pending() -> None:
        # Once per report rather than once per event: the loop below runs a million times.
        nonlocal counted
        if len(pending) > counted:
            fresh = pending[counted:]
            summary.events += len(fresh)
            tracker.seen_many(fresh)
            counted = len(pending)

    phase: ImportPhase = READING
    sending = threading.Lock()

    def report() -> None:  # on the caller's thread
        count_pending()
        summary.skipped = skipped()
        summary.read = summary.events + summary.bad + summary.skipped
        summary.elapsed = time.monotonic() - started
        send()

    def send() -> None:  # either thread: only the summary's counters are read
        if progress is None:
            return
        with sending:  # the commit thread reports while the last batches are saved
            progress(
                ImportProgress(
                    summary.read,
                    summary.imported,
                    summary.duplicates,
                    summary.bad,
                    summary.skipped,
                    time.monotonic() - started,
                    tracker.fraction() if phase == READING else None,
                    tracker.source,
                    phase,
                )
            )

    def enter(next_phase: ImportPhase) -> None:
        nonlocal phase
        phase = next_phase
        report()

    def committed(counts: BatchCounts) -> None:  # on the commit thread
        summary.imported += counts.imported
        summary.duplicates += counts.duplicates
        summary.rejected += counts.rejected
        summary.quarantines += counts.quarantines
        summary.messages += counts.messages
        summary.batches += 1
        if phase != READING:  # while reading, the next report picks these up
            send()  # the imported count grows while the last batches are saved

    def flush() -> None:
        nonlocal counted
        count_pending()
        if writer is not None and pending:
            writer.submit(pending.copy())
        pending.clear()
        counted = 0

    writer: CommitThread | None = None
    thresholds = gc.get_threshold()
    if tuning.gc_thresholds is not None:
        gc.set_threshold(*tuning.gc_thresholds)
    try:
        with contextlib.ExitStack() as set_aside:
            set_aside_names: list[str] = []
            if uow_factory is not None:
                # Entered first, so left last: the indexes come back once the writer stopped.
                set_aside_names = set_aside.enter_context(
                    indexes_set_aside(uow_factory, format, paths, tuning.suspend_indexes)
                )
                writer = CommitThread(uow_factory, importer, committed, tuning.commit_every)
            try:
                until_report = PROGRESS_EVERY
                for record in source:
                    if isinstance(record, BadRecord):
                        summary.bad += 1
                        if len(summary.bad_records) < MAX_BAD_KEPT:
                            summary.bad_records.append(record)
                        if on_bad is not None:
                            on_bad(record)
                        if strict:
                            summary.stopped_at = record
                            break
                    else:
                        if on_event is not None:
                            on_event(record)
                        pending.append(record)
                        if len(pending) >= tuning.batch_size:
                            flush()
                            report()
                            until_report = PROGRESS_EVERY
                            if cancel is not None and cancel():
                                summary.cancelled = True
                                break
                            continue
                    until_report -= 1
                    if not until_report:
                        until_report = PROGRESS_EVERY
                        if cancel is not None and cancel():
                            summary.cancelled = True
                            break
                        report()
                if summary.cancelled:
                    count_pending()
                    pending.clear()  # never submitted: cancel keeps what was committed only
                else:
                    flush()
                if writer is not None:
                    enter(SAVING)  # every record is read: what is left is the database's
            except BaseException:
                if writer is not None:
                    writer.abandon()
                raise
            finally:
                if reader is not None:
                    reader.close()  # a cancel or a strict stop leaves the child reading
            if writer is not None:
                writer.close()
                if set_aside_names:
                    enter(REBUILDING)  # left the block, the indexes are built again
    except EnvironmentFailure as error:
        # Say what is safe: the batches committed before the failure stay committed.
        raise type(error)(
            f"{error}; {summary.imported:,} events were committed before it"
            f" ({summary.batches} batch(es)), the rest was not"
        ) from error
    finally:
        gc.set_threshold(*thresholds)
        if reader is not None:
            reader.close()  # also when setting the indexes aside failed
    report()
    if uow_factory is not None:
        factory, who = uow_factory, actor or _current_user()
        retrying(lambda: _audit(factory, who, summary))  # other imports may be writing
    return summary


def _nothing_skipped() -> int:
    return 0


def _factory(database: Database | UnitOfWorkFactory | None) -> UnitOfWorkFactory:
    if database is None:
        raise ValueError("an import that writes needs a database")
    if callable(database):
        return database
    return database.unit_of_work


def _audit(uow_factory: UnitOfWorkFactory, actor: str, summary: ImportSummary) -> None:
    files = ", ".join(os.path.basename(path) or path for path in summary.paths)
    with uow_factory() as uow:
        uow.audit.record(
            actor=actor,
            action="import",
            subject=f"{summary.format}: {files}",
            at=datetime.now(UTC),
            after=json.dumps(summary.counts(), sort_keys=True),
        )
        uow.commit()


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        return "unknown"
