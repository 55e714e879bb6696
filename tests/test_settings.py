"""User settings: typed, versioned, saved atomically, passwords only in the keyring."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop import paths
from desktop import settings as s


def test_round_trip_and_defaults(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    assert s.load(target) == s.Settings()
    chosen = s.Settings(user_name="Sanne", client_language="nl")
    s.save(chosen, target)
    assert s.load(target) == chosen
    assert json.loads(target.read_text())["version"] == s.VERSION


def test_a_version_1_file_loses_its_approval_mode_quietly(tmp_path: Path) -> None:
    """The approval mode lives in the database only; an old file still loads, and the next
    save leaves the key out."""
    target = tmp_path / "settings.json"
    old = {"version": 1, "user_name": "Sanne", "client_language": "nl", "approval_mode": "approver"}
    target.write_text(json.dumps(old))
    loaded = s.load(target)
    assert loaded == s.Settings(user_name="Sanne", client_language="nl")
    s.save(loaded, target)
    saved = json.loads(target.read_text())
    assert "approval_mode" not in saved and saved["version"] == s.VERSION


def test_a_password_never_reaches_the_file(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    url = "postgresql+psycopg://agent:s3cr%40t@db.example.net:5433/desk"
    s.save(s.Settings(database_url=url), target)
    assert "s3cr" not in target.read_text()
    assert s.load(target).database_url == "postgresql+psycopg://agent@db.example.net:5433/desk"
    assert s.password_in(url) == "s3cr@t"
    assert s.password_in(s.with_password(s.strip_password(url), "s3cr@t")) == "s3cr@t"


def test_a_hand_edited_or_broken_file_falls_back_to_defaults(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text('{"client_language": "fr", "user_name": 42, "unknown": 1}')
    loaded = s.load(target)
    assert loaded.client_language == "en" and loaded.user_name == ""
    target.write_text("{not json")
    assert s.load(target) == s.Settings()


class _NoKeyring:
    priority = 0

    def get_password(self, service: str, user: str) -> str | None:
        raise AssertionError("must not be asked")


def test_no_keyring_backend_is_said_not_crashed(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    monkeypatch.setattr(keyring, "get_keyring", lambda: _NoKeyring())
    url = "postgresql+psycopg://agent@db/desk"
    assert s.load_password(url) is None
    with pytest.raises(s.KeyringUnavailable, match="environment variable"):
        s.store_password(url, "pw")
    settings = s.Settings(database_url=url)
    assert s.effective_database_url(settings) == url


class _MemoryKeyring:
    priority = 1

    def __init__(self) -> None:
        self.saved: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.saved.get((service, user))

    def set_password(self, service: str, user: str, password: str) -> None:
        self.saved[(service, user)] = password


def test_the_keyring_password_is_put_back_into_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    memory = _MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: memory)
    monkeypatch.setattr(keyring, "get_password", memory.get_password)
    monkeypatch.setattr(keyring, "set_password", memory.set_password)
    url = "postgresql+psycopg://agent@db/desk"
    s.store_password(url, "pw")
    settings = s.Settings(database_url=url)
    assert s.effective_database_url(settings) == "postgresql+psycopg://agent:pw@db/desk"
    explicit: Any = "sqlite:////tmp/other.sqlite3"
    assert s.effective_database_url(settings, explicit) == explicit
    assert s.effective_database_url(s.Settings(), None) == paths.default_database_url()


def test_retry_hours_are_kept_and_cleaned(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text(
        json.dumps({"retry_hours": {"postfix": 72, "ses": "soon", "mta": -1, "sendgrid": 24.5}}),
        encoding="utf-8",
    )
    loaded = s.load(target)
    assert loaded.retry_hours == {"postfix": 72.0, "sendgrid": 24.5}
    s.save(loaded, target)
    assert s.load(target).retry_hours == {"postfix": 72.0, "sendgrid": 24.5}


def test_the_ui_language_follows_the_system_unless_chosen(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    assert s.Settings().ui_language == ""  # empty: the system's language
    target.write_text(json.dumps({"version": 2, "user_name": "Sanne"}))
    assert s.load(target).ui_language == ""  # a version 2 file follows the system
    s.save(s.Settings(ui_language="nl"), target)
    assert s.load(target).ui_language == "nl"
    assert "nl" in s.ui_languages() and "en" in s.ui_languages()


def test_an_unknown_ui_language_falls_back_to_the_system(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text(json.dumps({"version": 3, "ui_language": "tlh"}))
    assert s.load(target).ui_language == ""
