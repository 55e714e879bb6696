"""Schema upgrades through Alembic, run from code on a live connection.

Opening an up-to-date database is the common case and must be fast (every CLI call, every
GUI start): it reads the stored revision with one query and compares it with `SCHEMA_HEAD`,
importing Alembic only when there is something to do.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from desktop.domain.errors import SchemaTooNew, SchemaTooOld
from desktop.domain.phrases import Wording

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
# Alembic's INFO lines (plugin set-up at import, "Context impl SQLiteImpl.") are noise in the
# app's log and on any terminal set to INFO; `upgrade` logs what changed itself. Set before
# Alembic is first imported, which is when it logs its plugins.
logging.getLogger("alembic").setLevel(logging.WARNING)

# The newest migration in migrations/versions; a test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0015"


@contextmanager
def _config() -> Iterator[Config]:
    from alembic.config import Config

    with resources.as_file(resources.files("desktop.store.migrations")) as folder:
        config = Config()
        config.set_main_option("script_location", str(folder))
        yield config


def head_revision() -> str:
    """Alembic's own idea of the head (slow: reads every migration script)."""
    from alembic.script import ScriptDirectory

    with _config() as config:
        head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    with _config() as config:
        return {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


_TOO_NEW = Wording(
    "This database was upgraded by a newer Bounce Desk (schema {schema}). "
    "Install the newer version to use it; this one will not touch it.",
    "Deze database is bijgewerkt door een nieuwere Bounce Desk (schema {schema}). "
    "Installeer die nieuwere versie om haar te gebruiken; deze versie blijft eraf.",
)
_TOO_OLD = Wording(
    "This database needs an upgrade: run `bouncedesk migrate`.",
    "Deze database moet eerst worden bijgewerkt: voer `bouncedesk migrate` uit.",
)


def check_schema(connection: Connection, *, allow_old: bool) -> str | None:
    """Refuse a schema written by a newer Bounce Desk; optionally refuse an outdated one."""
    current = current_revision(connection)
    if current == SCHEMA_HEAD:
        return current
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(_TOO_NEW(schema=current))
    if not allow_old:
        raise SchemaTooOld(_TOO_OLD())
    return current


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        current = check_schema(connection, allow_old=True)
        if current == SCHEMA_HEAD and revision == "head":
            return
        from alembic import command

        with _config() as config:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        target = SCHEMA_HEAD if revision == "head" else revision
        log.info("database schema upgraded from %s to %s", current or "nothing", target)


def downgrade(engine: Engine, revision: str = "base") -> None:
    from alembic import command

    with engine.begin() as connection, _config() as config:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
