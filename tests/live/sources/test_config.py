"""build_sources: the [[follow]] and [[mailbox]] entries of the config, or one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.domain.errors import ValidationError
from desktop.live.sources import build_sources
from desktop.live.sources.follow import PostfixFollow
from desktop.live.sources.imap import ImapWatch
from desktop.live.sources.maildir import MaildirWatch


def test_every_entry_becomes_a_source(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    config: dict[str, Any] = {
        "database": {"url": "ignored here"},
        "follow": [
            {"format": "postfix", "path": "/var/log/mail.log", "timezone": "Europe/Amsterdam"}
        ],
        "mailbox": [
            {"kind": "maildir", "path": "/var/mail/bounces/Maildir"},
            {
                "kind": "imap",
                "host": "imap.example.org",
                "user": "bounces",
                "password_file": "/etc/bouncedesk/imap.pw",
                "folder": "INBOX",
                "tls": True,
            },
        ],
    }
    sources = build_sources(config, url)
    assert [type(source) for source in sources] == [PostfixFollow, MaildirWatch, ImapWatch]
    assert [source.name for source in sources] == [
        "follow:/var/log/mail.log",
        "maildir:/var/mail/bounces/Maildir",
        "imap:bounces@imap.example.org/INBOX",
    ]


def test_no_sources_opens_no_database(tmp_path: Path) -> None:
    assert build_sources({"webhooks": {}}, f"sqlite:///{tmp_path / 'none.sqlite3'}") == []
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"follow": [{"format": "exim", "path": "/x"}]}, r"\[\[follow\]\] #1: format"),
        ({"follow": [{"format": "postfix"}]}, r"#1: `path` must be given"),
        ({"follow": [{"format": "postfix", "path": "/x", "timezone": "Mars/Olympus"}]}, "timezone"),
        ({"follow": [{"format": "postfix", "path": "/x", "poll_seconds": 0}]}, "poll_seconds"),
        ({"follow": "nope"}, "list of tables"),
        ({"mailbox": [{"kind": "pop3"}]}, r"\[\[mailbox\]\] #1: kind"),
        ({"mailbox": [{"kind": "imap", "host": "h", "user": "u"}]}, "password_file"),
        (
            {
                "mailbox": [
                    {"kind": "imap", "host": "h", "user": "u", "password_file": "p", "tls": False}
                ]
            },
            "tls must be",
        ),
        (
            {
                "mailbox": [
                    {"kind": "imap", "host": "h", "user": "u", "password_file": "p", "port": 0}
                ]
            },
            "port",
        ),
        (
            {
                "mailbox": [
                    {
                        "kind": "imap",
                        "host": "h",
                        "user": "u",
                        "password_file": "p",
                        "done_flag": "\\Flagged",
                    }
                ]
            },
            "done_flag",
        ),
        (
            {"mailbox": [{"kind": "maildir", "path": "/m"}, {"kind": "maildir", "path": "/m"}]},
            "two sources are named",
        ),
    ],
)
def test_a_bad_entry_is_refused_in_one_line(
    config: dict[str, Any], message: str, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match=message) as raised:
        build_sources(config, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert "\n" not in str(raised.value)
