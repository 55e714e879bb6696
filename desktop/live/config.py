"""The ingest service's TOML config (DESIGN.md, 'Ingest service'), read into typed values."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.errors import ValidationError

DEFAULT_LISTEN = "127.0.0.1:8025"
DEFAULT_MAX_BODY = 10 * 1024 * 1024
DEFAULT_SPOOL_MAX = 1024 * 1024 * 1024  # a day of a busy platform's webhooks, in round figures
DEFAULT_MAX_AGE = 900  # seconds a signed timestamp stays acceptable (replays after that: 403)


@dataclass(frozen=True, slots=True)
class SendGridHook:
    public_key: str  # base64 DER (as the SendGrid console shows it) or PEM


@dataclass(frozen=True, slots=True)
class MailgunHook:
    signing_key: str


@dataclass(frozen=True, slots=True)
class PostmarkHook:
    username: str
    password: str


@dataclass(frozen=True, slots=True)
class MandrillHook:
    key: str
    url: str  # exactly as entered in Mandrill: it is part of what Mandrill signs


@dataclass(frozen=True, slots=True)
class SesHook:
    topic_arns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    host: str = "127.0.0.1"
    port: int = 8025
    tls_cert: str | None = None
    tls_key: str | None = None
    spool: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY
    spool_max_bytes: int = DEFAULT_SPOOL_MAX
    max_age_seconds: int = DEFAULT_MAX_AGE
    sendgrid: SendGridHook | None = None
    mailgun: MailgunHook | None = None
    postmark: PostmarkHook | None = None
    mandrill: MandrillHook | None = None
    ses: SesHook | None = None

    @property
    def providers(self) -> list[str]:
        names = ("sendgrid", "mailgun", "postmark", "mandrill", "ses")
        return [name for name in names if getattr(self, name) is not None]


@dataclass(frozen=True, slots=True)
class LiveConfig:
    """The whole config: the parsed TOML as given (for the sources) and the typed parts."""

    raw: dict[str, Any]
    database_url: str | None = None
    webhooks: WebhookConfig | None = None
    path: str = ""


def load_config(path: str) -> LiveConfig:
    """Read `path`; any mistake is a ValidationError naming the file and the key."""
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValidationError(f"cannot read the config {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: not valid TOML: {exc}") from exc
    return parse_config(raw, path)


def parse_config(raw: dict[str, Any], path: str = "config") -> LiveConfig:
    database = _table(raw, "database", path)
    url = _opt_str(database, "url", f"{path}: [database]")
    hooks = raw.get("webhooks")
    webhooks = _webhooks(_table(raw, "webhooks", path), path) if hooks is not None else None
    return LiveConfig(raw=raw, database_url=url, webhooks=webhooks, path=path)


def _webhooks(table: dict[str, Any], path: str) -> WebhookConfig:
    where = f"{path}: [webhooks]"
    listen = _opt_str(table, "listen", where) or DEFAULT_LISTEN
    host, _, port_text = listen.rpartition(":")
    if not host or not port_text.isdigit() or not 0 <= int(port_text) <= 65535:
        raise ValidationError(f"{where} listen must be host:port, not {listen!r}")
    cert, key = _opt_str(table, "tls_cert", where), _opt_str(table, "tls_key", where)
    if (cert is None) != (key is None):
        raise ValidationError(f"{where} needs both tls_cert and tls_key, or neither")
    return WebhookConfig(
        host=host.strip("[]"),
        port=int(port_text),
        tls_cert=cert,
        tls_key=key,
        spool=_opt_str(table, "spool", where),
        max_body_bytes=_int(table, "max_body_bytes", DEFAULT_MAX_BODY, where),
        spool_max_bytes=_int(table, "spool_max_bytes", DEFAULT_SPOOL_MAX, where),
        max_age_seconds=_int(table, "max_age_seconds", DEFAULT_MAX_AGE, where),
        sendgrid=_provider(table, "sendgrid", path, _sendgrid),
        mailgun=_provider(table, "mailgun", path, _mailgun),
        postmark=_provider(table, "postmark", path, _postmark),
        mandrill=_provider(table, "mandrill", path, _mandrill),
        ses=_provider(table, "ses", path, _ses),
    )


def _provider(table: dict[str, Any], name: str, path: str, build: Any) -> Any:
    if name not in table:
        return None
    return build(_table(table, name, f"{path}: [webhooks]"), f"{path}: [webhooks.{name}]")


def _sendgrid(table: dict[str, Any], where: str) -> SendGridHook:
    return SendGridHook(public_key=secret(table, "public_key", where))


def _mailgun(table: dict[str, Any], where: str) -> MailgunHook:
    return MailgunHook(signing_key=secret(table, "signing_key", where))


def _postmark(table: dict[str, Any], where: str) -> PostmarkHook:
    return PostmarkHook(
        username=secret(table, "username", where), password=secret(table, "password", where)
    )


def _mandrill(table: dict[str, Any], where: str) -> MandrillHook:
    url = _opt_str(table, "url", where)
    if not url:
        raise ValidationError(f"{where} needs url: the webhook URL exactly as Mandrill has it")
    return MandrillHook(key=secret(table, "key", where), url=url)


def _ses(table: dict[str, Any], where: str) -> SesHook:
    arns = table.get("topic_arns")
    if not isinstance(arns, list) or not arns or not all(isinstance(a, str) for a in arns):
        raise ValidationError(f"{where} needs topic_arns: a list of SNS topic ARNs")
    return SesHook(topic_arns=tuple(arns))


KEYRING_SERVICE = "bouncedesk-ingest"


def secret(table: dict[str, Any], name: str, where: str) -> str:
    """`name`, or the file `name_file` (stripped), or the OS keyring entry named by
    `name_keyring` (service "bouncedesk-ingest"). A secret is never logged."""
    value = table.get(name)
    file_name = table.get(f"{name}_file")
    entry = table.get(f"{name}_keyring")
    if isinstance(value, str) and value:
        return value
    if isinstance(entry, str) and entry:
        found = _from_keyring(entry)
        if found:
            return found
        raise ValidationError(f"{where} {name}_keyring: no entry {entry!r} in the OS keyring")
    if isinstance(file_name, str) and file_name:
        try:
            text = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ValidationError(
                f"{where} {name}_file: cannot read {file_name}: {exc.strerror or exc}"
            ) from exc
        if text:
            return text
        raise ValidationError(f"{where} {name}_file {file_name} is empty")
    raise ValidationError(f"{where} needs {name}, {name}_file or {name}_keyring")


def _from_keyring(entry: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        return None
    try:
        found: str | None = keyring.get_password(KEYRING_SERVICE, entry)
    except (KeyringError, RuntimeError):  # no usable backend on this machine
        return None
    return found


def _table(raw: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    value = raw.get(name, {})
    if not isinstance(value, dict):
        raise ValidationError(f"{where}: [{name}] must be a table")
    return value


def _opt_str(table: dict[str, Any], name: str, where: str) -> str | None:
    value = table.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(f"{where} {name} must be a string")
    return value or None


def _int(table: dict[str, Any], name: str, default: int, where: str) -> int:
    value = table.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValidationError(f"{where} {name} must be a positive whole number")
    return value
