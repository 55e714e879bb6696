"""Schema upgrades through Alembic, run from code on a live connection."""

from __future__ import annotations

from contextlib import ExitStack
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from desktop.domain.errors import SchemaTooNew, SchemaTooOld


def _config(stack: ExitStack) -> Config:
    folder = stack.enter_context(resources.as_file(resources.files("desktop.store.migrations")))
    config = Config()
    config.set_main_option("script_location", str(folder))
    return config


def head_revision() -> str:
    with ExitStack() as stack:
        head = ScriptDirectory.from_config(_config(stack)).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    with ExitStack() as stack:
        script = ScriptDirectory.from_config(_config(stack))
        return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def check_schema(connection: Connection, *, allow_old: bool) -> str | None:
    """Refuse a schema written by a newer Bounce Desk; optionally refuse an outdated one."""
    current = current_revision(connection)
    if current is not None and current not in known_revisions():
        raise SchemaTooNew(
            f"This database was upgraded by a newer Bounce Desk (schema {current}). "
            "Install the newer version to use it; this one will not touch it."
        )
    if not allow_old and current != head_revision():
        raise SchemaTooOld("This database needs an upgrade: run `bouncedesk migrate`.")
    return current


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        check_schema(connection, allow_old=True)
        with ExitStack() as stack:
            config = _config(stack)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    with engine.begin() as connection, ExitStack() as stack:
        config = _config(stack)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
