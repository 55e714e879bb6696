"""[[mailbox]] kind = "imap": a bounce folder over IMAP with TLS, woken by IDLE (RFC 2177).

Mail is fetched with BODY.PEEK (nothing marked read), its events committed, and only then is
it flagged with `done_flag` or moved to `done_folder`. A crash in between fetches it again and
its events count as duplicates. Auto-replies, other mail and unreadable mail are left exactly
as they are; their UIDs (per UIDVALIDITY) are saved with the position, so they are counted once.

Python 3.11's imaplib has no IDLE: `_Connection` reads the server's lines through a buffer of
its own, so it can tell whether a line is waiting and wait on the socket for the next one.
"""

from __future__ import annotations

import contextlib
import imaplib
import itertools
import json
import re
import select
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.domain.ingest_position import IngestPosition
from desktop.domain.model import ParsedEvent
from desktop.live.sources.base import SourceCounts, SourceReport
from desktop.live.sources.commit import EventCommitter
from desktop.live.sources.mail import read_mail
from desktop.live.sources.retry import run_with_retries

BATCH_MAILS = 50  # mails per transaction
IDLE_SECONDS = 25 * 60  # RFC 2177: re-issue IDLE at least every 29 minutes
TIMEOUT_SECONDS = 30.0  # for one server answer
_NEWS = re.compile(rb"^\* \d+ (?:EXISTS|RECENT)", re.I)
_UID = re.compile(rb"UID (\d+)")
_TAGS = itertools.count(1)


@dataclass(frozen=True, slots=True)
class ImapSettings:
    """One [[mailbox]] entry with kind = "imap"."""

    name: str
    host: str
    port: int
    user: str
    password_file: str
    folder: str = "INBOX"
    tls: bool | str = True  # True: TLS from the start (993); "starttls": upgraded (143)
    ca_file: str | None = None  # trust this certificate (a private CA, a test server)
    done_folder: str | None = None  # move read bounces here; else flag them
    done_flag: str = "$BounceDesk"
    poll_seconds: float = 30.0  # NOOP interval for a server without IDLE


class _Buffered:
    """imaplib's reading, through a buffer this class can see into (for IDLE)."""

    sock: socket.socket
    _pending_bytes: bytes = b""

    def read(self, size: int) -> bytes:
        while len(self._pending_bytes) < size:
            if not self._receive():
                break
        data, self._pending_bytes = self._pending_bytes[:size], self._pending_bytes[size:]
        return data

    def readline(self) -> bytes:
        while b"\n" not in self._pending_bytes:
            if len(self._pending_bytes) > 1 << 20:
                raise imaplib.IMAP4.error("server line longer than 1 MB")
            if not self._receive():
                break
        end = self._pending_bytes.find(b"\n") + 1 or len(self._pending_bytes)
        line, self._pending_bytes = self._pending_bytes[:end], self._pending_bytes[end:]
        return line

    def _receive(self) -> bool:
        chunk = self.sock.recv(65536)
        self._pending_bytes += chunk
        return bool(chunk)

    def has_line_waiting(self) -> bool:
        # TLS may hold a decrypted record the socket no longer shows as readable.
        sock = self.sock
        return bool(self._pending_bytes) or (isinstance(sock, ssl.SSLSocket) and sock.pending() > 0)


class _Connection(_Buffered, imaplib.IMAP4_SSL):
    """An IMAP connection with TLS from the start."""


class _StartTlsConnection(_Buffered, imaplib.IMAP4):
    """An IMAP connection upgraded with STARTTLS."""


Connection = _Connection | _StartTlsConnection


class ImapWatch:
    """Watches one IMAP folder. `run` on one thread; `counts` readable from any."""

    def __init__(self, settings: ImapSettings, committer: EventCommitter) -> None:
        self.name = settings.name
        self.counts = SourceCounts()
        self._settings = settings
        self._committer = committer
        self._uidvalidity = ""
        self._left_alone: dict[str, str] = {}  # UID -> kind

    def run(self, stop: threading.Event, report: SourceReport) -> None:
        run_with_retries(self.name, stop, report, self.counts, lambda: self._watch(stop, report))

    def _watch(self, stop: threading.Event, report: SourceReport) -> None:
        connection = self._connect()
        try:
            self._restore()
            while not stop.is_set():
                self._process(connection, report, stop)
                if stop.is_set():
                    return
                if "IDLE" in connection.capabilities:
                    idle(connection, stop, IDLE_SECONDS)
                else:
                    stop.wait(self._settings.poll_seconds)
                    _check(connection.noop(), "NOOP")
        finally:
            try:
                connection.logout()
            except (imaplib.IMAP4.error, OSError):
                # The server is gone already: logout left the socket open.
                with contextlib.suppress(OSError):
                    connection.shutdown()

    def _connect(self) -> Connection:
        settings = self._settings
        password = Path(settings.password_file).read_text(encoding="utf-8").strip()
        context = ssl.create_default_context(cafile=settings.ca_file)
        connection: Connection
        if settings.tls == "starttls":
            connection = _StartTlsConnection(settings.host, settings.port, TIMEOUT_SECONDS)
            connection.starttls(context)
        else:
            connection = _Connection(
                settings.host, settings.port, ssl_context=context, timeout=TIMEOUT_SECONDS
            )
        try:
            _check(connection.login(settings.user, password), "LOGIN")
            # Servers say more after login (MOVE, UIDPLUS); imaplib keeps the list from before.
            listed = _check(connection.capability(), "CAPABILITY")
            connection.capabilities = tuple(
                word.upper() for word in b" ".join(listed).decode("ascii", "replace").split()
            )
            _check(connection.select(_quoted(settings.folder)), f"SELECT {settings.folder}")
            validity = connection.response("UIDVALIDITY")[1]
            self._uidvalidity = validity[0].decode() if validity and validity[0] else ""
            if settings.done_folder:
                connection.create(_quoted(settings.done_folder))  # "already exists" is fine
        except BaseException:
            connection.shutdown()
            raise
        return connection

    def _restore(self) -> None:
        saved = self._committer.load(self.name)
        self._left_alone = {}
        if saved is None or saved.identity != self._identity():
            return  # a new folder (or one whose UIDs were renumbered): its UIDs mean nothing
        try:
            state = json.loads(saved.state)
        except ValueError:
            return
        found = state.get("left_alone") if isinstance(state, dict) else None
        if isinstance(found, dict):
            self._left_alone = {
                k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)
            }

    def _identity(self) -> str:
        return f"uidvalidity:{self._uidvalidity}"

    def _process(self, connection: Connection, report: SourceReport, stop: threading.Event) -> None:
        """Read every mail not done yet, a batch per transaction."""
        # imaplib keeps every untagged answer (EXISTS, EXPUNGE, ...) until asked for it;
        # nothing here asks, so they would pile up for as long as the service runs.
        connection.untagged_responses.clear()
        flag = self._settings.done_flag
        search = ("UNSEEN",) if flag == "\\Seen" else ("UNKEYWORD", flag)
        data = _check(connection.uid("SEARCH", "UNDELETED", *search), "SEARCH")
        self.counts.polls += 1
        uids = [uid.decode() for uid in (data[0] or b"").split()]
        present = set(uids)
        self._left_alone = {k: v for k, v in self._left_alone.items() if k in present}
        todo = [uid for uid in uids if uid not in self._left_alone]
        for start in range(0, len(todo), BATCH_MAILS):
            self._batch(connection, todo[start : start + BATCH_MAILS], report)
            if stop.is_set():
                return

    def _batch(self, connection: Connection, uids: list[str], report: SourceReport) -> None:
        settings = self._settings
        events: list[ParsedEvent] = []
        done: list[str] = []
        for uid in uids:
            fetched = _fetch(connection, uid)
            if fetched is None:
                continue  # expunged meanwhile
            data, received = fetched
            self.counts.mails += 1
            source = f"imap://{settings.user}@{settings.host}/{settings.folder};UID={uid}"
            mail = read_mail(data, source, received)
            if mail.is_report:
                events.extend(mail.events)
                done.append(uid)
                continue
            self._left_alone[uid] = mail.kind
            self.counts.left_alone[mail.kind] += 1
            if mail.kind == "bad":
                self.counts.bad += 1
                report.error(self.name, f"{source}: {mail.why}; left as it is")
        state = json.dumps({"left_alone": self._left_alone}, separators=(",", ":"))
        top = max((int(uid) for uid in uids), default=0)
        result = self._committer.commit(
            events, IngestPosition(self.name, self._identity(), top, state)
        )
        self.counts.commits += 1
        self.counts.committed += result.imported
        self.counts.duplicates += result.duplicates
        if events:
            report.events_committed(self.name, result.imported, result.last_event_at)
        if done:  # only now that their events are committed
            self._mark_done(connection, ",".join(done))
            self.counts.moved += len(done)

    def _mark_done(self, connection: Connection, uid_set: str) -> None:
        folder = self._settings.done_folder
        if not folder:
            flags = f"({self._settings.done_flag})"
            _check(connection.uid("STORE", uid_set, "+FLAGS.SILENT", flags), "STORE")
            return
        if "MOVE" in connection.capabilities:  # RFC 6851
            _check(connection.uid("MOVE", uid_set, _quoted(folder)), "MOVE")
            return
        _check(connection.uid("COPY", uid_set, _quoted(folder)), "COPY")
        _check(connection.uid("STORE", uid_set, "+FLAGS.SILENT", "(\\Deleted)"), "STORE")
        if "UIDPLUS" in connection.capabilities:
            _check(connection.uid("EXPUNGE", uid_set), "EXPUNGE")
        else:
            _check(connection.expunge(), "EXPUNGE")


def idle(connection: Connection, stop: threading.Event, seconds: float) -> bool:
    """Wait in IDLE until new mail, `stop`, or `seconds`; True when mail arrived."""
    tag = b"BDI%d" % next(_TAGS)
    connection.send(tag + b" IDLE\r\n")
    news = False
    while True:
        line = _line(connection)
        if line.startswith(b"+"):
            break
        if line.startswith(tag + b" "):
            raise imaplib.IMAP4.error(f"IDLE refused: {_shown(line)}")
        news = news or bool(_NEWS.match(line))
    deadline = time.monotonic() + seconds
    while not news and not stop.is_set() and time.monotonic() < deadline:
        if not connection.has_line_waiting():
            readable, _, _ = select.select([connection.sock], [], [], 0.5)
            if not readable:
                continue
        line = _line(connection)
        if line.upper().startswith(b"* BYE"):
            raise imaplib.IMAP4.abort(f"the server closed the connection: {_shown(line)}")
        news = bool(_NEWS.match(line))
    connection.send(b"DONE\r\n")
    while True:
        line = _line(connection)
        if line.startswith(tag + b" "):
            if not line[len(tag) + 1 :].upper().startswith(b"OK"):
                raise imaplib.IMAP4.error(f"IDLE ended badly: {_shown(line)}")
            return news
        news = news or bool(_NEWS.match(line))


def _line(connection: Connection) -> bytes:
    line = connection.readline()
    if not line:
        raise imaplib.IMAP4.abort("the server closed the connection")
    return line


def _fetch(connection: Connection, uid: str) -> tuple[bytes, datetime] | None:
    """A mail's bytes (not marked read) and when the server received it."""
    data = _check(connection.uid("FETCH", uid, "(INTERNALDATE BODY.PEEK[])"), "FETCH")
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            head, body = item
            found = _UID.search(head)
            if found is not None and found.group(1).decode() != uid:
                continue  # an unsolicited answer about another mail
            stamp = imaplib.Internaldate2tuple(head)
            received = datetime.fromtimestamp(time.mktime(stamp), UTC) if stamp else None
            return bytes(body), received or datetime.now(UTC)
    return None


def _check(answer: tuple[str, list[Any]], what: str) -> list[Any]:
    status, data = answer
    if status != "OK":
        text = b" ".join(item for item in data if isinstance(item, bytes))
        raise imaplib.IMAP4.error(f"{what} failed: {_shown(text)}")
    return data


def _quoted(name: str) -> str:
    """A mailbox name as an IMAP quoted string."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _shown(text: bytes) -> str:
    """Server text for a one-line message: decoded, printable, bounded."""
    return "".join(c if c.isprintable() else " " for c in text.decode("utf-8", "replace"))[:200]
