"""Domain exceptions: what can go wrong that a user can act on (everything else is a bug)."""

from desktop.domain.phrases import error_in


class BounceDeskError(Exception):
    """Base of every error shown to the user as a message rather than a crash.

    Raised with a `Phrase` (see domain/phrases.py) it can be shown in English or Dutch;
    `str()` is English (the CLI's). A plain string (a driver's own message) stays as it is.
    """

    def in_language(self, language: str) -> str:
        """The message in `language` ('en' or 'nl'), as far as it was worded in both."""
        return error_in(self, language)


class ValidationError(BounceDeskError):
    """The user's input cannot be used as given (the message says why and what to do)."""


class NotFound(BounceDeskError):
    """The message, address, quarantine or request asked for does not exist."""


class Conflict(BounceDeskError):
    """The action does not fit the current state (e.g. approving a rejected request)."""


class PermissionDenied(BounceDeskError):
    """The database refused the action for this user's role."""


class DataRefused(BounceDeskError):
    """The database refused the data itself (a value it cannot store): retrying cannot help."""


class EnvironmentFailure(BounceDeskError):
    """The environment failed, not the program: database down, locked, disk full."""


class DatabaseUnavailable(EnvironmentFailure):
    """The database cannot be reached or stopped answering."""


class SchemaTooNew(EnvironmentFailure):
    """The database was upgraded by a newer Bounce Desk; this version must not touch it."""


class SchemaTooOld(EnvironmentFailure):
    """The database needs `bouncedesk migrate` before it can be used."""
