"""The unit of work: one short session per user action or job; leaving without commit rolls back."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import exc
from sqlalchemy.orm import Session, sessionmaker

from desktop.domain.errors import DatabaseUnavailable, EnvironmentFailure, PermissionDenied
from desktop.domain.phrases import Wording
from desktop.store.audit import SqlAuditLog
from desktop.store.erasure import SqlErasure
from desktop.store.ingest_positions import SqlIngestPositions
from desktop.store.messages import SqlMessageRepository
from desktop.store.originals import SqlOriginalRepository
from desktop.store.outbox import SqlOutboxRepository
from desktop.store.quarantines import SqlQuarantineRepository
from desktop.store.requests import SqlReleaseRequestRepository
from desktop.store.settings_repo import SqlDatabaseSettings
from desktop.store.source_states import SqlSourceStates
from desktop.store.stats_repo import SqlStatsRepository
from desktop.store.webhook_tokens import SqlWebhookTokens


class SqlUnitOfWork:
    """Owns a session and the repositories sharing it. Use as a context manager; one thread.

    Database failures that are the environment's fault (server gone, file locked, no
    permission for this role) leave as domain errors; anything else propagates as a bug.
    """

    messages: SqlMessageRepository
    originals: SqlOriginalRepository
    quarantines: SqlQuarantineRepository
    requests: SqlReleaseRequestRepository
    audit: SqlAuditLog
    settings: SqlDatabaseSettings
    outbox: SqlOutboxRepository
    positions: SqlIngestPositions
    sources: SqlSourceStates
    tokens: SqlWebhookTokens
    stats: SqlStatsRepository
    erasure: SqlErasure

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        assert self._session is not None, "unit of work used outside its `with` block"
        return self._session

    @property
    def dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def __enter__(self) -> SqlUnitOfWork:
        self._session = self._sessions()
        self.messages = SqlMessageRepository(self._session)
        self.originals = SqlOriginalRepository(self._session)
        self.quarantines = SqlQuarantineRepository(self._session)
        self.requests = SqlReleaseRequestRepository(self._session)
        self.audit = SqlAuditLog(self._session)
        self.settings = SqlDatabaseSettings(self._session)
        self.outbox = SqlOutboxRepository(self._session)
        self.positions = SqlIngestPositions(self._session)
        self.sources = SqlSourceStates(self._session)
        self.tokens = SqlWebhookTokens(self._session)
        self.stats = SqlStatsRepository(self._session)
        self.erasure = SqlErasure(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self._session
        self._session = None
        if session is None:
            return
        try:
            session.rollback()
        except exc.SQLAlchemyError:
            pass  # the connection may already be gone; closing below is what matters
        finally:
            session.close()
        if isinstance(exc_value, exc.SQLAlchemyError):
            translated = translate_error(exc_value)
            if translated is not exc_value:
                raise translated from exc_value

    def commit(self) -> None:
        try:
            self.session.commit()
        except exc.SQLAlchemyError as error:
            raise translate_error(error) from error

    def rollback(self) -> None:
        self.session.rollback()


# What the environment did, told apart: each with a way forward. PostgreSQL by SQLSTATE,
# SQLite by its message (its driver gives no codes through sqlite3 before Python 3.11.x).
# Each in English and Dutch (the GUI shows the UI's language); the driver's own line is added
# as it is, for whoever looks further.
_PG_STATES = {
    "40P01": Wording(
        "Two writers blocked each other (deadlock) and this one was stopped; try again",
        "Twee schrijvers hielden elkaar op (deadlock) en deze is gestopt; probeer het opnieuw",
    ),
    "40001": Wording(
        "Another writer changed the same rows at the same moment; try again",
        "Iemand anders wijzigde dezelfde rijen op hetzelfde moment; probeer het opnieuw",
    ),
    "53100": Wording(
        "The database server's disk is full", "De schijf van de databaseserver is vol"
    ),
    "53200": Wording(
        "The database server ran out of memory", "De databaseserver heeft geen geheugen meer"
    ),
    "53300": Wording(
        "The database server accepts no more connections right now; try again later",
        "De databaseserver neemt nu geen verbindingen meer aan; probeer het later opnieuw",
    ),
    "57014": Wording(
        "The database cancelled the statement (it took too long)",
        "De database heeft de opdracht afgebroken (die duurde te lang)",
    ),
    "25006": Wording(
        "The database is read-only (a standby server?)",
        "De database is alleen-lezen (een standby-server?)",
    ),
}
_SQLITE_MESSAGES = (
    (
        "readonly database",
        Wording(
            "The database file is read-only; check its permissions",
            "Het databasebestand is alleen-lezen; controleer de rechten",
        ),
    ),
    (
        "disk is full",
        Wording(
            "The disk holding the database file is full",
            "De schijf met het databasebestand is vol",
        ),
    ),
    (
        "database is locked",
        Wording(
            "The database file is locked by another writer; try again",
            "Het databasebestand is vergrendeld door een andere schrijver; probeer het opnieuw",
        ),
    ),
    (
        "file is not a database",
        Wording(
            "The file is not a Bounce Desk database (not SQLite at all)",
            "Het bestand is geen Bounce Desk-database (helemaal geen SQLite)",
        ),
    ),
    (
        "malformed",
        Wording(
            "The database file is damaged (truncated or overwritten)",
            "Het databasebestand is beschadigd (afgekapt of overschreven)",
        ),
    ),
    (
        "unable to open database file",
        Wording(
            "The database file cannot be opened; check the path",
            "Het databasebestand kan niet worden geopend; controleer het pad",
        ),
    ),
    (
        "disk i/o error",
        Wording(
            "The disk reported an error while reading or writing the database",
            "De schijf meldde een fout bij het lezen of schrijven van de database",
        ),
    ),
)
_FOUR_EYES = Wording(
    "Four eyes: whoever asked for this release cannot approve it;"
    " another approver must (the database refused it).",
    "Vier ogen: wie deze vrijgave aanvroeg, kan hem niet goedkeuren;"
    " een andere goedkeurder moet dat doen (de database weigerde het).",
)
_REFUSED = Wording(
    "The database refused this for your role: {detail}",
    "De database weigerde dit voor uw rol: {detail}",
)
_CAUSE = Wording("{cause}: {detail}", "{cause}: {detail}")
_CAUSE_THEN_DETAIL = Wording("{cause} ({detail})", "{cause} ({detail})")
_STOPPED = Wording(
    "The database stopped answering: {detail}", "De database antwoordt niet meer: {detail}"
)


def sql_unit_of_work(uow: object) -> SqlUnitOfWork:
    """`uow` as the SQL unit of work, for the bulk writer; anything else is a caller's bug."""
    if not isinstance(uow, SqlUnitOfWork):
        raise TypeError(f"the bulk writer needs the SQL unit of work, not {type(uow).__name__}")
    return uow


def translate_error(error: exc.SQLAlchemyError) -> Exception:
    """Environment failures become domain errors with a message a user can act on."""
    refused = getattr(getattr(error, "orig", None), "sqlstate", None) == "42501"
    if refused and "four eyes" in _first_line(error):  # the trigger of store/audit_sql.py
        return PermissionDenied(_FOUR_EYES())
    if isinstance(error, exc.ProgrammingError) and (
        "permission denied" in str(error.orig)
        or getattr(error.orig, "sqlstate", None) == "42501"  # e.g. a row-level security policy
    ):
        return PermissionDenied(_REFUSED(detail=_first_line(error)))
    state = getattr(getattr(error, "orig", None), "sqlstate", None)
    if isinstance(error, exc.DBAPIError) and state in _PG_STATES:
        return EnvironmentFailure(_CAUSE(cause=_PG_STATES[state], detail=_first_line(error)))
    if isinstance(error, exc.DBAPIError) and state == "42501":
        return PermissionDenied(_REFUSED(detail=_first_line(error)))
    if isinstance(error, exc.DatabaseError) and state is None:
        text = _first_line(error).lower()
        for needle, message in _SQLITE_MESSAGES:
            if needle in text:
                return EnvironmentFailure(
                    _CAUSE_THEN_DETAIL(cause=message, detail=_first_line(error))
                )
    if isinstance(error, (exc.OperationalError, exc.InterfaceError)) or (
        isinstance(error, exc.DBAPIError) and error.connection_invalidated
    ):
        return DatabaseUnavailable(_STOPPED(detail=_first_line(error)))
    return error


def _first_line(error: exc.SQLAlchemyError) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__
