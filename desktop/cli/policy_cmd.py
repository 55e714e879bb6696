"""`bouncedesk policy`: the team's quarantine rules, shown or (by an approver) changed."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import timedelta
from typing import Any

from desktop.cli.arguments import count
from desktop.cli.context import CliContext, CliError
from desktop.cli.output import plural, print_json
from desktop.cli.release_cmd import current_user
from desktop.domain.errors import BounceDeskError
from desktop.domain.policy import PolicyConfig


def add_parser(sub: Any) -> None:
    parser: argparse.ArgumentParser = sub.add_parser(
        "policy",
        help="the quarantine rules this database's team shares",
        description="Show the quarantine rules; `policy set` changes them (approvers only,"
        " audited). Rules not given keep their current value.",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object")
    actions = parser.add_subparsers(dest="policy_action", metavar="ACTION")
    change = actions.add_parser("set", help="change the rules for everyone (approvers only)")
    change.add_argument("--soft-bounces", type=count(1, 1000), metavar="N",
                        help="soft bounces in a row before an address is quarantined")  # fmt: skip
    change.add_argument(
        "--days", type=count(1, 3650), metavar="D", help="how long a quarantine lasts"
    )
    change.add_argument("--complaints-quarantine", choices=["yes", "no"],
                        help="whether a spam complaint quarantines the address")  # fmt: skip
    change.add_argument("--by", metavar="NAME", help="who changes it (default: your login)")
    change.add_argument("--note", metavar="TEXT", default="", help="why, for the audit log")
    # Its own name: a sub-parser's default would overwrite `policy --json set`'s answer.
    change.add_argument("--json", dest="set_json", action="store_true", help="one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    from desktop.services.policy import describe, get_policy, policy_json, set_policy

    try:
        with ctx.database().unit_of_work() as uow:
            current = get_policy(uow)
            if args.policy_action != "set":
                if args.json:
                    print_json(policy_json(current))
                else:
                    _show(current)
                return 0
            wanted = current
            if args.soft_bounces is not None:
                wanted = replace(wanted, soft_bounce_limit=args.soft_bounces)
            if args.days is not None:
                wanted = replace(wanted, quarantine_length=timedelta(days=args.days))
            if args.complaints_quarantine is not None:
                wanted = replace(wanted, quarantine_on_spam=args.complaints_quarantine == "yes")
            change = set_policy(uow, wanted, args.by or current_user(), note=args.note)
    except BounceDeskError as error:
        raise CliError(str(error)) from error
    if args.json or args.set_json:
        print_json({**policy_json(change.after), "changed": change.changed})
    elif change.changed:
        print(f"policy changed: {describe(change.after)} (was: {describe(change.before)})")
    else:
        print(f"policy unchanged: {describe(change.after)}")
    return 0


def _show(config: PolicyConfig) -> None:
    print(f"quarantine after:      {plural(config.soft_bounce_limit, 'soft bounce')} in a row")
    print(f"quarantine lasts:      {config.length_text()}")
    print(
        f"spam complaints:       {'quarantine' if config.quarantine_on_spam else 'no quarantine'}"
    )
