"""Builders for release-sync tests: targets registered for local servers, releases applied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.domain.model import QuarantineCause, Reason
from desktop.services.release import ApprovalMode, request_release, set_approval_mode
from desktop.services.release_sync import register_targets
from desktop.store.database import Database
from desktop.targets.config import TargetConfig, parse_release_targets
from tests.helpers.provider_servers import ProviderServer, target_entry
from tests.services.quarantine_data import add_quarantine

NOW = datetime.now(UTC).replace(microsecond=0)


def targets_for(
    database: Database, servers: list[ProviderServer], folder: Path
) -> list[TargetConfig]:
    """Parse and register one target per server; releases from now on reach them."""
    entries = [target_entry(server, folder) for server in servers]
    targets = parse_release_targets({"release_targets": entries})
    with database.unit_of_work() as uow:
        register_targets(uow, targets)
        set_approval_mode(uow, ApprovalMode.AUTO, "lead", NOW)
    return targets


def release(
    database: Database,
    *addresses: str,
    cause: QuarantineCause = QuarantineCause.HARD_BOUNCE,
    reason: Reason = Reason.ADDRESS_UNKNOWN,
) -> list[int]:
    """Quarantine each address, then release it (applied at once): the request ids."""
    with database.unit_of_work() as uow:
        for address in addresses:
            add_quarantine(uow, address, NOW - timedelta(hours=1), reason, cause)
        uow.commit()
    ids = []
    for address in addresses:
        with database.unit_of_work() as uow:
            ids.append(request_release(uow, address, "agent").request_id)
    return ids


def config_toml(db_url: str, targets: list[dict[str, object]], **tuning: float) -> str:
    """An ingest config file's text with [database], [release_sync] and [[release_targets]]."""
    lines = ["[database]", f'url = "{db_url}"', "", "[release_sync]"]
    lines += [f"{name} = {value}" for name, value in tuning.items()]
    for entry in targets:
        lines += ["", "[[release_targets]]"]
        for name, value in entry.items():
            shown = (
                "[" + ", ".join(f'"{v}"' for v in value) + "]"
                if isinstance(value, list)
                else f'"{value}"'
            )
            lines.append(f"{name} = {shown}")
    return "\n".join(lines) + "\n"
