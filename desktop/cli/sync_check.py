"""`bouncedesk sync --check`: report the differences between the providers' lists and the desk."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from desktop.cli.context import CliContext
from desktop.cli.output import print_json, print_table
from desktop.targets.config import TargetConfig


def run_check(args: argparse.Namespace, ctx: CliContext, targets: list[TargetConfig]) -> int:
    from desktop.services.reconcile import Difference, differences, queue_retries
    from desktop.targets.listing import Lister

    database = ctx.database()
    now = datetime.now(UTC)
    found: list[Difference] = []
    pages: dict[str, int] = {}
    for target in targets:
        lister = Lister(target)
        listed = list(lister.suppressions())
        pages[target.name] = lister.requests
        with database.unit_of_work() as uow:
            found.extend(differences(uow, target.name, listed, now))
    retries = [d for d in found if d.offer == "retry"]
    imports = [d for d in found if d.offer == "import"]
    if args.json:
        for item in found:
            print_json(
                {
                    "target": item.target,
                    "address": item.address,
                    "difference": item.difference,
                    "provider_reason": item.provider_reason,
                    "provider_list": item.provider_list,
                    "offer": item.offer,
                }
            )
        print_json({"imports": len(imports), "retries": len(retries), "requests": pages})
        return 0
    if found:
        print_table(
            ["TARGET", "ADDRESS", "DIFFERENCE", "PROVIDER REASON", "OFFER"],
            [[d.target, d.address, d.difference, d.provider_reason, d.offer] for d in found],
        )
    print(
        f"{len(imports)} suppressed there but not quarantined here (import),"
        f" {len(retries)} released here but still suppressed there (retry)"
    )
    if retries and sys.stdin.isatty():
        answer = input(f"Queue the release call again for {len(retries)} addresses? [y/N] ")
        if answer.strip().lower() in ("y", "yes"):
            by_name = {t.name: t for t in targets}
            with database.unit_of_work() as uow:
                queued = queue_retries(uow, by_name, retries, datetime.now(UTC))
            print(f"queued {queued}; `bouncedesk sync --once` delivers them")
            return 0
    print("nothing changed")
    return 0
