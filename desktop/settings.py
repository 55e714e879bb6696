"""The user's settings: a typed, versioned dataclass in settings.json; passwords in the keyring."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from desktop import paths, resources
from desktop.db_url import password_in as password_in
from desktop.db_url import resolve_database
from desktop.db_url import strip_password as strip_password
from desktop.db_url import with_password as with_password
from desktop.domain.advice import LANGUAGES
from desktop.domain.phrases import Wording

log = logging.getLogger(__name__)

VERSION = 3  # 3: ui_language
KEYRING_SERVICE = "bouncedesk"


class KeyringUnavailable(Exception):
    """No usable OS keyring: the password cannot be stored (the message says what to do).

    Raised with a `Phrase`: `str()` is English; the settings dialog shows it in its language."""


_NO_PACKAGE = Wording(
    "The keyring package is not installed.", "Het pakket keyring is niet geïnstalleerd."
)
_NO_KEYRING = Wording(
    "No system keyring is available, so the password cannot be stored; "
    "put it in the BOUNCEDESK_DB_URL environment variable instead.",
    "Er is geen sleutelbos van het systeem, dus het wachtwoord kan niet worden bewaard; "
    "zet het in plaats daarvan in de omgevingsvariabele BOUNCEDESK_DB_URL.",
)
_REFUSED = Wording(
    "The keyring refused the password: {detail}", "De sleutelbos weigerde het wachtwoord: {detail}"
)


@dataclass(frozen=True, slots=True)
class Settings:
    """What the user configured. Empty `database_url` means the local SQLite file.

    The release approval mode is not here: it belongs to the database, shared by every agent
    on it (services.release.approval_mode).
    """

    version: int = VERSION
    database_url: str = ""  # never contains a password; that lives in the keyring
    user_name: str = ""  # written into the audit log
    client_language: str = "en"
    offered_demo: bool = False
    # How long each sending side retries a deferred message, in hours, when it differs from
    # its documented default ({"postfix": 72}); sides: postfix ses sendgrid mailgun postmark
    # mandrill mta. Not hashable: never used as a dict key.
    retry_hours: dict[str, float] = field(default_factory=dict)
    # The interface's language ("en", "nl"); empty follows the system's. Dates and numbers
    # follow it too. Applied at start-up.
    ui_language: str = ""

    def checked(self) -> Settings:
        """These settings with unusable values replaced by defaults (a hand-edited file)."""
        language = self.client_language if self.client_language in LANGUAGES else "en"
        hours = {
            str(side): float(value)
            for side, value in self.retry_hours.items()
            if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 720
        }
        ui_language = self.ui_language if self.ui_language in ui_languages() else ""
        return replace(
            self,
            version=VERSION,
            client_language=language,
            retry_hours=hours,
            ui_language=ui_language,
        )

    def actor(self) -> str:
        """The name for the audit log: the configured one, else the login name."""
        return (
            self.user_name.strip()
            or os.environ.get("USER")
            or os.environ.get("USERNAME")
            or "agent"
        )


def ui_languages() -> tuple[str, ...]:
    """The interface languages there are: English (the source) and every shipped translation."""
    return ("en", *resources.languages())


def settings_path() -> Path:
    return paths.config_dir() / "settings.json"


def load(path: Path | None = None) -> Settings:
    """The saved settings; defaults when there are none or the file is unreadable."""
    target = path or settings_path()
    try:
        raw = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as error:
        log.warning("Ignoring unreadable settings file %s: %s", target, error)
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    return _migrate(raw)


def _migrate(raw: dict[str, Any]) -> Settings:
    # Version 1 also held "approval_mode"; the database holds it (every change was written
    # there too), so version 2 drops it: unknown keys are left out below, and the next save
    # writes the file without it. Version 3 adds ui_language: older files follow the system.
    known = {f.name: f.type for f in fields(Settings)}
    values: dict[str, Any] = {}
    defaults = Settings()
    for name in known:
        if name in raw and isinstance(raw[name], type(getattr(defaults, name))):
            values[name] = raw[name]
    return Settings(**values).checked()


def save(settings: Settings, path: Path | None = None) -> None:
    """Write atomically (temp file then rename), so a crash never leaves half a file."""
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    clean = replace(settings.checked(), database_url=strip_password(settings.database_url))
    temporary.write_text(json.dumps(asdict(clean), indent=2) + "\n", encoding="utf-8")
    temporary.replace(target)


def _keyring() -> Any:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError as error:  # not installed in this environment
        raise KeyringUnavailable(_NO_PACKAGE()) from error
    backend = keyring.get_keyring()
    if (
        type(backend).__name__ in ("FailKeyring", "NullKeyring")
        or getattr(backend, "priority", 1) <= 0
    ):
        raise KeyringUnavailable(_NO_KEYRING())
    return keyring, KeyringError


def load_password(url: str) -> str | None:
    """The stored password for this database URL, or None (also when there is no keyring)."""
    try:
        keyring, _error_type = _keyring()
        value = keyring.get_password(KEYRING_SERVICE, strip_password(url))
    except KeyringUnavailable as error:
        log.info("%s", error)
        return None
    except Exception as error:  # a broken backend must not stop the app from starting
        log.warning("Could not read the keyring: %s", error)
        return None
    return str(value) if value is not None else None


def store_password(url: str, password: str) -> None:
    """Keep the password in the OS keyring; raises KeyringUnavailable when there is none."""
    keyring, keyring_error = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, strip_password(url), password)
    except keyring_error as error:
        raise KeyringUnavailable(_REFUSED(detail=error)) from error


def effective_database_url(settings: Settings, given: str | None = None) -> str:
    """The URL to open: one given explicitly wins, then the settings' one, else the local file."""
    explicit = given if given and given != paths.default_database_url() else None
    return resolve_database(explicit, None, settings)
