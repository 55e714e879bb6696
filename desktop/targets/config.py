"""`[[release_targets]]` of the ingest config: parsed from the TOML dict, secrets read on demand."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.domain.errors import ValidationError
from desktop.domain.release_targets import TargetKind

DEFAULT_API_BASE = {
    TargetKind.SENDGRID: "https://api.sendgrid.com",
    TargetKind.MAILGUN: "https://api.mailgun.net",
    TargetKind.POSTMARK: "https://api.postmarkapp.com",
    TargetKind.MANDRILL: "https://mandrillapp.com/api/1.0",
    TargetKind.SES: "https://email.{region}.amazonaws.com",
}
# Keys a target may carry; anything else is a typo worth a clear message.
_KNOWN = {
    "kind", "name", "api_base", "api_key_file", "api_key_keyring", "domains",
    "server_token_file", "server_token_keyring", "stream", "region", "subaccount", "timeout",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class SecretSource:
    """Where a credential lives: a file, or the OS keyring (service, user). Never the value."""

    file: Path | None = None
    keyring: tuple[str, str] | None = None

    def read(self) -> str | None:
        """The secret, read now (not kept in the config object, never logged)."""
        if self.file is not None:
            try:
                return self.file.read_text(encoding="utf-8").strip()
            except OSError as error:
                raise ValidationError(f"cannot read {self.file}: {error.strerror}") from error
        if self.keyring is not None:
            import keyring

            value: str | None = keyring.get_password(*self.keyring)
            if value is None:
                service, user = self.keyring
                raise ValidationError(f"no secret in the keyring for {service} / {user}")
            return value
        return None


@dataclass(frozen=True, slots=True)
class TargetConfig:
    """One `[[release_targets]]` entry."""

    name: str
    kind: TargetKind
    api_base: str
    secret: SecretSource
    domains: tuple[str, ...] = ()  # mailgun: each sending domain
    stream: str = "outbound"  # postmark: the message stream
    region: str = ""  # ses
    subaccount: str = ""  # mandrill
    timeout: float = 10.0
    extra: Mapping[str, Any] = field(default_factory=dict)


def _keyring(value: Any, where: str) -> tuple[str, str]:
    # "service/user", e.g. "bouncedesk/sendgrid"
    if not isinstance(value, str) or "/" not in value:
        raise ValidationError(f'{where}: give the keyring entry as "service/user"')
    service, user = value.split("/", 1)
    return service, user


def _secret(entry: Mapping[str, Any], kind: TargetKind, where: str, base: Path) -> SecretSource:
    prefix = "server_token" if kind is TargetKind.POSTMARK else "api_key"
    if f"{prefix}_file" in entry:
        path = Path(str(entry[f"{prefix}_file"])).expanduser()
        return SecretSource(file=path if path.is_absolute() else base / path)
    if f"{prefix}_keyring" in entry:
        return SecretSource(keyring=_keyring(entry[f"{prefix}_keyring"], where))
    if kind is TargetKind.SES:
        return SecretSource()  # botocore's own chain: environment, ~/.aws, instance role
    raise ValidationError(f"{where}: give {prefix}_file or {prefix}_keyring")


def parse_target(entry: Mapping[str, Any], index: int, base: Path = Path(".")) -> TargetConfig:
    where = f"release_targets[{index}]"
    unknown = sorted(set(entry) - _KNOWN)
    if unknown:
        raise ValidationError(f"{where}: unknown key {unknown[0]!r}")
    try:
        kind = TargetKind(str(entry.get("kind", "")))
    except ValueError:
        names = " | ".join(k.value for k in TargetKind)
        raise ValidationError(f"{where}: kind must be one of {names}") from None
    region = str(entry.get("region", ""))
    if kind is TargetKind.SES and not region:
        raise ValidationError(f"{where}: ses needs a region")
    domains = entry.get("domains", [])
    if kind is TargetKind.MAILGUN and (
        not isinstance(domains, list) or not domains or not all(isinstance(d, str) for d in domains)
    ):
        raise ValidationError(f'{where}: mailgun needs domains = ["mg.example.org", ...]')
    api_base = str(entry.get("api_base") or DEFAULT_API_BASE[kind].format(region=region))
    if not api_base.startswith(("http://", "https://")):
        raise ValidationError(f"{where}: api_base must be an http(s) URL")
    try:
        timeout = float(entry.get("timeout", 10.0))
    except (TypeError, ValueError):
        raise ValidationError(f"{where}: timeout must be a number of seconds") from None
    return TargetConfig(
        name=str(entry.get("name") or kind.value),
        kind=kind,
        api_base=api_base.rstrip("/"),
        secret=_secret(entry, kind, where, base),
        domains=tuple(domains) if kind is TargetKind.MAILGUN else (),
        stream=str(entry.get("stream", "outbound")),
        region=region,
        subaccount=str(entry.get("subaccount", "")),
        timeout=timeout,
    )


def parse_release_targets(config: Mapping[str, Any], base: Path = Path(".")) -> list[TargetConfig]:
    """The `[[release_targets]]` of a parsed TOML config (relative secret paths from `base`)."""
    entries: Sequence[Any] = config.get("release_targets", [])
    if not isinstance(entries, list):
        raise ValidationError("release_targets must be an array of tables: [[release_targets]]")
    targets = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ValidationError(f"release_targets[{index}] must be a table")
        targets.append(parse_target(entry, index, base))
    names = [t.name for t in targets]
    duplicate = next((n for n in names if names.count(n) > 1), None)
    if duplicate:
        raise ValidationError(f"two release targets are named {duplicate!r}; give each a name")
    return targets
