"""Database URLs: no password in settings.json, masked output, IPv6 kept, one resolver."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from desktop import paths
from desktop import settings as s
from desktop.cli import main
from desktop.db_url import masked, parse_url, password_in, resolve_database, strip_password
from desktop.domain.errors import DatabaseUnavailable, ValidationError
from desktop.store.database import open_database

SECRET_URLS = [
    ("postgresql+psycopg://agent:pa#ss@db.example.net:5433/desk", "pa#ss"),
    ("postgresql+psycopg://agent:pa?ss@db.example.net:5433/desk", "pa?ss"),
    ("postgresql+psycopg://agent:pa/ss@db.example.net:5433/desk", "pa/ss"),
    ("postgresql+psycopg://agent:p%40ss%23@db.example.net/desk", "p@ss#"),
    ("postgresql+psycopg://agent@db.example.net:5433/desk?password=pa%26ss", "pa&ss"),
    ("postgresql://agent@db.example.net/desk?sslmode=require&password=secret", "secret"),
    ("postgresql+psycopg://agent:pa%3Ass@[::1]:5432/desk", "pa:ss"),
]


@pytest.mark.parametrize(("url", "password"), SECRET_URLS)
def test_settings_json_never_holds_the_password(tmp_path: Path, url: str, password: str) -> None:
    target = tmp_path / "settings.json"
    s.save(s.Settings(database_url=url), target)
    text = target.read_text()
    stored = json.loads(text)["database_url"]
    for form in {password, password.replace("#", "%23").replace("/", "%2F").replace("?", "%3F")}:
        assert form not in text
    assert "password" not in stored
    assert password_in(url) == password
    assert password_in(s.with_password(stored, password)) == password  # keyring round trip
    assert make_url(stored).host == make_url(url).host  # IPv6 included


def test_an_ipv6_host_survives_a_round_trip(tmp_path: Path) -> None:
    url = "postgresql+psycopg://u:pw@[::1]:5432/desk"
    stored = strip_password(url)
    assert stored == "postgresql+psycopg://u@[::1]:5432/desk"
    back = make_url(s.with_password(stored, "pw"))
    assert (back.host, back.port, back.password) == ("::1", 5432, "pw")


@pytest.mark.parametrize(("url", "password"), SECRET_URLS)
def test_masked_urls_show_no_password(url: str, password: str) -> None:
    assert password not in masked(url)
    assert password not in parse_url(url).render_as_string(hide_password=True)


def test_a_connection_error_shows_no_password() -> None:
    url = "postgresql+psycopg://agent@127.0.0.1:1/desk?password=topsecret"
    with pytest.raises(DatabaseUnavailable) as failed:
        open_database(url)
    assert "topsecret" not in str(failed.value)
    assert "127.0.0.1" in str(failed.value)


def test_migrate_and_the_log_show_no_query_password(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, db_url: str
) -> None:
    url = db_url + "?password=topsecret"
    if db_url.startswith("sqlite"):
        assert main(["--db", url, "migrate"]) == 1
        err = capsys.readouterr().err
        assert "no host or password" in err and "topsecret" not in err
        return
    with caplog.at_level(logging.DEBUG):
        assert main(["--db", url, "migrate"]) == 0
        database = open_database(url)
        logging.getLogger("desktop.app").info("Opened %s", database.url)
        database.dispose()
    captured = capsys.readouterr()
    assert "topsecret" not in captured.out + captured.err + caplog.text


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+asyncpg://u@h/d",
        "postgresql+psycopg2://u@h/d",
        "postgresql://u@h:abc/d",
        "mysql://u@h/d",
        "not a url",
        "sqlite+pysqlcipher:///x.db",
    ],
)
def test_unusable_urls_are_one_clear_line(url: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_url(url)
    assert "\n" not in str(refused.value)


def test_postgres_scheme_means_psycopg() -> None:
    assert parse_url("postgres://u@h/d").drivername == "postgresql+psycopg"


def test_resolve_database_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(s, "load_password", lambda url: "kept")
    saved = s.Settings(database_url="postgresql+psycopg://agent@db/desk")
    assert resolve_database("sqlite:///a", "sqlite:///b", saved) == "sqlite:///a"
    assert resolve_database(None, "sqlite:///b", saved) == "sqlite:///b"
    assert resolve_database(None, None, saved) == "postgresql+psycopg://agent:kept@db/desk"
    assert resolve_database(None, None, s.Settings()) == paths.default_database_url()
    assert resolve_database(None, None, None) == paths.default_database_url()


def test_the_cli_uses_the_saved_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BOUNCEDESK_DB_URL", raising=False)
    saved = f"sqlite:///{tmp_path / 'saved.sqlite3'}"
    s.save(s.Settings(database_url=saved))
    assert main(["migrate"]) == 0
    assert "saved.sqlite3" in capsys.readouterr().out


def test_a_sqlite_file_uri_creates_no_folder_named_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sqlite:///file:/x/db?uri=true` names its file itself: nothing called `file:` appears
    in the working folder (a test run used to leave one behind)."""
    from desktop.store.database import create_db_engine

    monkeypatch.chdir(tmp_path)
    engine = create_db_engine(f"sqlite:///file:{tmp_path}/elsewhere/db.sqlite3?mode=ro&uri=true")
    engine.dispose()
    assert not (tmp_path / "file:").exists()
