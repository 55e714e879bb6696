"""Write large, realistic feed files for benchmarks: a postfix maillog and SendGrid JSON lines.

    .venv/bin/python bench/make_feeds.py FOLDER                  # 1,000,000 events per feed
    .venv/bin/python bench/make_feeds.py FOLDER --events 100000 --array
    .venv/bin/python bench/make_feeds.py FOLDER --days-later 1   # the next day's traffic

FOLDER receives `maillog` (postfix, traditional syslog stamps, interleaved messages with the
noise lines a real log has) and `sendgrid.ndjson` (one webhook event per line, ~8 % of them
opens and clicks that a reader skips); with --array also `sendgrid.json`, the same events as
one JSON array. N counts the delivery events a reader yields (postfix delivery lines and
expiries; SendGrid non-engagement events). Output is the same for the same --seed.
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

END = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
RATE = 40  # messages per second on the busy relay the log comes from
DOMAINS = (
    ("gmail.com", "gmail-smtp-in.l.google.com", 30),
    ("hotmail.com", "hotmail-com.olc.protection.outlook.com", 14),
    ("outlook.com", "outlook-com.olc.protection.outlook.com", 8),
    ("ziggo.nl", "mx.ziggo.nl", 10),
    ("kpn.nl", "mx.kpnmail.nl", 6),
    ("xs4all.nl", "mx.xs4all.nl", 4),
    ("yahoo.com", "mta7.am0.yahoodns.net", 5),
    ("icloud.com", "mx01.mail.icloud.com", 5),
    ("planet.nl", "mx.kpnmail.nl", 3),
    ("company.example", "mail.company.example", 15),
)
ACCOUNTS = ("gala-organiser", "run-for-charity", "city-theatre", "jazz-festival", "expo-center")
NAMES = ("jan", "piet", "anna", "sanne", "lisa", "bram", "eva", "kees", "fleur", "daan", "noor")
# (weight, dsn, text) — {host} is the remote host, {to} the recipient
HARD = (
    (
        50,
        "5.1.1",
        "host {host}[{ip}] said: 550 5.1.1 <{to}>: Recipient address rejected: "
        "User unknown in virtual mailbox table (in reply to RCPT TO command)",
    ),
    (
        15,
        "5.1.1",
        "host {host}[{ip}] said: 550-5.1.1 The email account that you tried to reach "
        "does not exist. Please try double-checking the recipient's email address (in reply to "
        "RCPT TO command)",
    ),
    (
        10,
        "5.7.1",
        "host {host}[{ip}] said: 554 5.7.1 Service unavailable; Client host "
        "[198.51.100.1] blocked using zen.spamhaus.org (in reply to RCPT TO command)",
    ),
    (
        8,
        "5.2.2",
        "host {host}[{ip}] said: 552 5.2.2 <{to}>: Mailbox full (in reply to RCPT TO command)",
    ),
    (
        7,
        "5.4.4",
        "Host or domain name not found. Name service error for name={domain} type=A: "
        "Host not found",
    ),
    (
        5,
        "5.3.4",
        "host {host}[{ip}] said: 552 5.3.4 Message size exceeds fixed limit (in reply "
        "to end of DATA command)",
    ),
    (
        5,
        "5.7.26",
        "host {host}[{ip}] said: 550 5.7.26 Unauthenticated email is not accepted due "
        "to the sender domain's DMARC policy (in reply to end of DATA command)",
    ),
)
DEFER = (
    (40, "4.4.1", "connect to {host}[{ip}]:25: Connection timed out"),
    (
        25,
        "4.7.1",
        "host {host}[{ip}] said: 451 4.7.1 Greylisted, please try again later (in "
        "reply to RCPT TO command)",
    ),
    (
        15,
        "4.2.2",
        "host {host}[{ip}] said: 452 4.2.2 Mailbox over quota (in reply to RCPT TO command)",
    ),
    (
        10,
        "4.3.2",
        "host {host}[{ip}] said: 421 4.3.2 Too many concurrent connections (in reply "
        "to MAIL FROM command)",
    ),
    (
        10,
        "4.4.2",
        "lost connection with {host}[{ip}] while sending end of data -- message may be "
        "sent more than once",
    ),
)


@dataclass(frozen=True, slots=True)
class _Message:
    qid: str
    message_id: str
    sender: str
    recipient: str
    domain: str
    host: str
    ip: str
    account: str


def _choose(rng: random.Random, table: tuple[tuple[int, str, str], ...]) -> tuple[str, str]:
    _, dsn, text = rng.choices(table, weights=[w for w, _, _ in table])[0]
    return dsn, text


class _People:
    """Recipients drawn from a fixed population, so addresses repeat like in real traffic."""

    def __init__(self, rng: random.Random, size: int) -> None:
        weights = [w for _, _, w in DOMAINS]
        self._people: list[tuple[str, str, str, str]] = []
        for number in range(size):
            domain, host, _ = rng.choices(DOMAINS, weights=weights)[0]
            name = f"{rng.choice(NAMES)}.{number}"
            ip = ".".join(str(rng.randint(1, 220)) for _ in range(4))
            self._people.append((f"{name}@{domain}", domain, host, ip))

    def pick(self, rng: random.Random) -> tuple[str, str, str, str]:
        return rng.choice(self._people)


def _traffic(rng: random.Random, seed: int, end: datetime) -> random.Random:
    """The draw of messages and outcomes: another day of the same platform (the same people)
    gets traffic of its own, and END keeps the draw that earlier figures were measured on."""
    return rng if end == END else random.Random(f"{seed} {end.isoformat()}")


def _stamp(moment: datetime) -> str:
    return f"{moment:%b} {moment.day:2d} {moment:%H:%M:%S}"


def postfix_lines(events: int, seed: int = 1, end: datetime = END) -> Iterator[str]:
    """Maillog lines, in time order, holding `events` delivery outcomes, ending near `end`."""
    rng = random.Random(seed)
    people = _People(rng, max(100, events // 3))
    rng = _traffic(rng, seed, end)
    duration = timedelta(seconds=events / RATE * 1.15)
    moment = end - duration
    pending: list[tuple[datetime, int, str]] = []  # lines due later (retries), by time
    order = written = number = 0

    def later(at: datetime, line: str) -> None:
        nonlocal order
        order += 1
        heapq.heappush(pending, (at, order, line))

    while written < events or pending:
        if written < events:
            moment += timedelta(seconds=rng.expovariate(RATE))
            while pending and pending[0][0] <= moment:
                yield heapq.heappop(pending)[2]
            number += 1
            written += yield from _one_message(rng, people, moment, number, later)
        else:
            yield heapq.heappop(pending)[2]


def _one_message(
    rng: random.Random,
    people: _People,
    moment: datetime,
    number: int,
    later: Callable[[datetime, str], None],
) -> Generator[str, None, int]:
    recipient, domain, host, ip = people.pick(rng)
    account = rng.choice(ACCOUNTS)
    message = _Message(
        qid=f"{(number * 2654435761) & 0xFFFFFFFFFF:010X}",
        message_id=f"{int(moment.timestamp())}.{number}@mailer.platform.example",
        sender=f"bounces+{number}@{account}.platform.example",
        recipient=recipient,
        domain=domain,
        host=host,
        ip=ip,
        account=account,
    )
    pid = 3000 + number % 5000
    stamp = _stamp(moment)
    client = f"app{number % 4}.platform.example[10.0.0.{number % 4 + 5}]"
    yield f"{stamp} relay1 postfix/smtpd[{pid}]: connect from {client}"
    yield f"{stamp} relay1 postfix/smtpd[{pid}]: {message.qid}: client={client}"
    yield (
        f"{stamp} relay1 postfix/cleanup[{pid + 1}]: {message.qid}: "
        f"message-id=<{message.message_id}>"
    )
    yield (
        f"{stamp} relay1 postfix/qmgr[1200]: {message.qid}: from=<{message.sender}>, "
        f"size={rng.randint(3000, 60000)}, nrcpt=1 (queue active)"
    )
    yield (
        f"{stamp} relay1 postfix/smtpd[{pid}]: disconnect from {client} "
        "ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5"
    )
    outcome = rng.random()
    attempts = 1 if outcome < 0.86 else rng.randint(2, 4)
    when = moment
    count = 0
    for attempt in range(attempts):
        when += timedelta(seconds=rng.uniform(0.2, 3.0) if attempt == 0 else rng.uniform(600, 1800))
        last = attempt == attempts - 1
        if not last:
            dsn, text = _choose(rng, DEFER)
            later(when, _delivery(message, when, dsn, "deferred", text, rng))
        elif outcome < 0.93 or (outcome >= 0.96 and attempts > 1 and outcome < 0.985):
            later(when, _delivery(message, when, "2.0.0", "sent", _accepted(rng), rng))
        elif outcome < 0.96:
            dsn, text = _choose(rng, HARD)
            later(when, _delivery(message, when, dsn, "bounced", text, rng))
        else:
            dsn, text = _choose(rng, DEFER)
            later(when, _delivery(message, when, dsn, "deferred", text, rng))
            when += timedelta(hours=rng.uniform(1, 4))  # a relay with a short queue lifetime
            later(
                when,
                f"{_stamp(when)} relay1 postfix/qmgr[1200]: {message.qid}: "
                f"from=<{message.sender}>, status=expired, returned to sender",
            )
            count += 1
        count += 1
    later(when, f"{_stamp(when)} relay1 postfix/qmgr[1200]: {message.qid}: removed")
    return count


def _accepted(rng: random.Random) -> str:
    queued = f"{rng.getrandbits(40):010X}"
    return rng.choice(
        (
            f"250 2.0.0 Ok: queued as {queued}",
            f"250 2.0.0 OK  1795800000 {queued.lower()}si.{rng.randint(1, 999)} - gsmtp",
            f"250 2.6.0 <{queued}@mail.example> [InternalId={rng.getrandbits(32)}] "
            "Queued mail for delivery",
        )
    )


def _delivery(
    message: _Message, when: datetime, dsn: str, status: str, text: str, rng: random.Random
) -> str:
    detail = text.format(
        host=message.host, ip=message.ip, to=message.recipient, domain=message.domain
    )
    relay = (
        "none"
        if detail.startswith(("connect to", "Host or domain"))
        else f"{message.host}[{message.ip}]:25"
    )
    delay = rng.uniform(0.3, 4.0)
    return (
        f"{_stamp(when)} relay1 postfix/smtp[{rng.randint(4000, 9000)}]: {message.qid}: "
        f"to=<{message.recipient}>, relay={relay}, delay={delay:.1f}, "
        f"delays=0.1/0.01/{delay / 2:.1f}/{delay / 2:.1f}, dsn={dsn}, status={status} ({detail})"
    )


def sendgrid_events(events: int, seed: int = 2, end: datetime = END) -> Iterator[dict[str, object]]:
    """SendGrid webhook events, in time order, holding `events` delivery events, ending near
    `end`."""
    rng = random.Random(seed)
    people = _People(rng, max(100, events // 3))
    rng = _traffic(rng, seed, end)
    moment = int((end - timedelta(seconds=events / RATE)).timestamp())
    written = number = 0
    while written < events:
        number += 1
        moment += rng.choice((0, 0, 0, 1))
        recipient, _, host, _ = people.pick(rng)
        base = {
            "email": recipient,
            "smtp-id": f"<{moment}.{number}@mailer.platform.example>",
            "sg_message_id": (
                f"{number:012x}{rng.getrandbits(40):010x}.filterdrecv-{rng.randint(1, 99)}-0-0.0"
            ),
            "category": [rng.choice(("invitation", "reminder", "ticket"))],
            "account": rng.choice(ACCOUNTS),
        }
        outcome = rng.random()
        steps: list[dict[str, object]] = [{"event": "processed"}]
        if outcome < 0.02:
            steps.append({"event": "dropped", "reason": "Bounced Address", "status": "5.0.0"})
        else:
            if outcome > 0.9:
                dsn, text = _choose(rng, DEFER)
                steps.append(
                    {
                        "event": "deferred",
                        "response": text.format(host=host, ip="192.0.2.7", to=recipient, domain=""),
                        "attempt": "1",
                    }
                )
            if outcome < 0.05:
                dsn, text = _choose(rng, HARD)
                steps.append(
                    {
                        "event": "bounce",
                        "type": rng.choice(("bounce", "bounce", "blocked")),
                        "status": dsn,
                        "reason": text.split(" said: ")[-1]
                        .split(" (in reply")[0]
                        .format(to=recipient, host=host, ip="192.0.2.7", domain=""),
                    }
                )
            else:
                steps.append({"event": "delivered", "response": _accepted(rng)})
                if rng.random() < 0.15:
                    steps.append({"event": "open", "useragent": "Mozilla/5.0", "ip": "203.0.113.9"})
                if rng.random() < 0.003:
                    steps.append({"event": "spamreport"})
        for step in steps:
            moment += rng.choice((0, 1, 2))
            event = {
                **base,
                **step,
                "timestamp": moment,
                "sg_event_id": f"{rng.getrandbits(96):024x}",
            }
            if step["event"] in ("open", "click"):
                del event["smtp-id"]
            else:
                written += 1
            yield event
            if written >= events:
                return


def write(
    folder: Path, events: int, seed: int = 1, end: datetime = END, array: bool = False
) -> dict[str, Path]:
    """Write the feeds into `folder`: {"postfix": maillog, "sendgrid": sendgrid.ndjson}.

    The same people receive mail whatever `end` is, so a feed ending a day later is the next
    day's traffic of the same platform: new messages and events, known addresses.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = feed_paths(folder)
    maillog = paths["postfix"]
    with maillog.open("w", encoding="utf-8") as out:
        for line in postfix_lines(events, seed, end):
            out.write(line + "\n")
    stamp = end.timestamp() + 3600  # the year of syslog stamps comes from the mtime
    os.utime(maillog, (stamp, stamp))
    with paths["sendgrid"].open("w", encoding="utf-8") as out:
        for event in sendgrid_events(events, seed + 1, end):
            out.write(json.dumps(event, separators=(",", ":")) + "\n")
    if array:
        with (folder / "sendgrid.json").open("w", encoding="utf-8") as out:
            out.write("[\n")
            for index, event in enumerate(sendgrid_events(events, seed + 1, end)):
                out.write(("," if index else "") + json.dumps(event) + "\n")
            out.write("]\n")
    return paths


def feed_paths(folder: Path) -> dict[str, Path]:
    """Where `write` puts each format's feed in `folder`."""
    return {"postfix": folder / "maillog", "sendgrid": folder / "sendgrid.ndjson"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--events", type=int, default=1_000_000, help="delivery events per feed")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--days-later", type=int, default=0, help="end the feeds this many days later"
    )
    parser.add_argument("--array", action="store_true", help="also write sendgrid.json")
    args = parser.parse_args()
    end = END + timedelta(days=args.days_later)
    write(args.folder, args.events, args.seed, end, args.array)
    for path in sorted(args.folder.iterdir()):
        print(f"{path}: {path.stat().st_size / 1e6:,.1f} MB")


if __name__ == "__main__":
    main()
