"""Where the DSN reader finds messages: .eml files, mbox files, Maildir folders, broken files."""

from __future__ import annotations

from pathlib import Path

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest.dsn import ReadStats, read, read_with_stats
from desktop.ingest.dsn.mail_source import RawMessage, iter_messages

DATA = Path(__file__).resolve().parents[2] / "data" / "dsn"
SEPARATOR = b"From MAILER-DAEMON Tue Mar  3 10:15:02 2026\n"


def raw_messages(path: Path) -> list[RawMessage]:
    found = list(iter_messages([str(path)]))
    assert all(isinstance(item, RawMessage) for item in found)
    return [item for item in found if isinstance(item, RawMessage)]


def test_mbox_yields_each_message_at_its_byte_offset(tmp_path: Path) -> None:
    first = (DATA / "qmail.eml").read_bytes()
    second = (DATA / "gmail.eml").read_bytes()
    mbox = tmp_path / "bounces.mbox"
    mbox.write_bytes(SEPARATOR + first + b"\n" + SEPARATOR + second)
    messages = raw_messages(mbox)
    offset = len(SEPARATOR + first + b"\n")
    assert [m.source for m in messages] == [f"{mbox}:0", f"{mbox}:{offset}"]
    assert messages[0].data == first + b"\n"
    assert messages[1].data == second
    events = [e for e in read([str(mbox)]) if isinstance(e, ParsedEvent)]
    assert [(e.source, e.recipient) for e in events] == [
        (f"{mbox}:0", "kees@example.org"),
        (f"{mbox}:{offset}", "noor@example.net"),
    ]


def test_mbox_from_escapes_are_undone_and_body_from_lines_do_not_split(tmp_path: Path) -> None:
    mbox = tmp_path / "escaped.mbox"
    body = b"Subject: x\n\nline\n>From the desk of the editor\n>>From quoted\nFrom here on\n"
    mbox.write_bytes(SEPARATOR + body)
    (message,) = raw_messages(mbox)
    assert (
        message.data
        == b"Subject: x\n\nline\nFrom the desk of the editor\n>From quoted\nFrom here on\n"
    )


def test_mbox_is_read_in_blocks(tmp_path: Path) -> None:
    """Messages that straddle the reader's block boundary come out whole."""
    message = (DATA / "rfc3464.eml").read_bytes()
    count = (3 << 20) // len(message) + 2  # more than three 1 MiB blocks
    mbox = tmp_path / "big.mbox"
    entry = SEPARATOR + message + b"\n"
    mbox.write_bytes(entry * count)
    messages = raw_messages(mbox)
    assert len(messages) == count
    assert all(m.data == message + b"\n" for m in messages)
    assert messages[-1].source == f"{mbox}:{(count - 1) * len(entry)}"


def test_crlf_and_cr_only_files_read_like_lf(tmp_path: Path) -> None:
    original = (DATA / "exim.eml").read_bytes()
    for name, newline in (("dos.eml", b"\r\n"), ("mac.eml", b"\r")):
        path = tmp_path / name
        path.write_bytes(original.replace(b"\n", newline))
        (event,) = read([str(path)])
        assert isinstance(event, ParsedEvent)
        assert (event.recipient, event.status) == ("lisa@example.co.uk", "5.7.1")


def test_maildir_reads_new_and_cur(tmp_path: Path) -> None:
    maildir = tmp_path / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (maildir / "new" / "1.host").write_bytes((DATA / "qmail.eml").read_bytes())
    (maildir / "cur" / "2.host:2,S").write_bytes((DATA / "exim.eml").read_bytes())
    (maildir / "tmp" / "3.host").write_bytes((DATA / "gmail.eml").read_bytes())  # not delivered yet
    recipients = sorted(e.recipient for e in read([str(maildir)]) if isinstance(e, ParsedEvent))
    assert recipients == ["kees@example.org", "lisa@example.co.uk"]


def test_empty_garbage_and_missing_files_are_bad_records(tmp_path: Path) -> None:
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(bytes(range(256)) * 4)
    missing = tmp_path / "missing.eml"
    stats = ReadStats()
    results = list(read_with_stats([str(empty), str(garbage), str(missing)], stats))
    assert (stats.messages, stats.bad, stats.bounces, stats.not_bounces) == (2, 3, 0, 0)
    bad = [r for r in results if isinstance(r, BadRecord)]
    assert len(bad) == len(results) == 3
    assert [r.source for r in bad] == [f"{empty}:0", f"{garbage}:0", f"{missing}:0"]
    assert [r.why.split(":")[0] for r in bad] == [
        "empty message",
        "binary data, not a mail message",
        "cannot open file",
    ]


def test_truncated_report_still_yields_what_is_there(tmp_path: Path) -> None:
    data = (DATA / "rfc3464.eml").read_bytes()
    cut = data.index(b"Remote-MTA:")
    path = tmp_path / "truncated.eml"
    path.write_bytes(data[:cut])
    (event,) = read([str(path)])
    assert isinstance(event, ParsedEvent)
    assert (event.recipient, event.status) == ("jan@example.nl", "5.1.1")
