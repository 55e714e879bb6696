"""Share of the corpus's dev-labelled bounces whose recipient and status the DSN reader extracts.

Run: .venv/bin/python bench/dsn_coverage.py [--corpus ../shared/corpus] [--misses]

Status is compared as d.d.d. The reference labels come from another parser which, when a mail
carries no status code, invents one of its own with a detail of 900 or more (e.g. 5.0.911).
Such a code is not in the mail, so for those records only the class digit is compared; the
"strict" line shows the figure without that allowance. Auto-reply records (decoded as RFC 3834)
count as found when the reader recognises the mail as an auto-reply and yields nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.domain.model import BadRecord, ParsedEvent
from desktop.ingest.dsn import parse_mail
from desktop.ingest.dsn.mail_source import RawMessage, iter_messages

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class MessageResult:
    kind: str | None
    events: list[ParsedEvent]
    bad: list[BadRecord]


def read_corpus_file(path: str) -> list[MessageResult]:
    results: list[MessageResult] = []
    for item in iter_messages([path]):
        if not isinstance(item, RawMessage):
            results.append(MessageResult(None, [], [BadRecord(*item)]))
            continue
        kind, out = parse_mail(item, _EPOCH)
        events = [x for x in out if isinstance(x, ParsedEvent)]
        bad = [x for x in out if isinstance(x, BadRecord)]
        results.append(MessageResult(kind, events, bad))
    return results


def status_matches(ours: str | None, label: str, strict: bool) -> bool:
    if not label:
        return not ours or ours.endswith(".0.0")
    if ours == label:
        return True
    pieces = label.split(".")
    pseudo = len(pieces) == 3 and pieces[2].isdigit() and int(pieces[2]) >= 900
    return not strict and pseudo and ours is not None and ours[0] == label[0]


def record_hit(record: dict[str, object], results: list[MessageResult], strict: bool) -> bool:
    index = int(str(record["msgindex"])) - 1
    if index >= len(results):
        return False
    result = results[index]
    if record["decodedby"] == "RFC3834":
        return result.kind == "autoreply"
    recipient = str(record["recipient"]).lower()
    return any(
        event.recipient == recipient
        and status_matches(event.status, str(record["deliverystatus"]), strict)
        for event in result.events
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus")
    )
    parser.add_argument("--misses", action="store_true", help="print every missed record")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    emails = corpus / "emails"
    labels = [json.loads(line) for line in (corpus / "dev-labels.jsonl").read_text().splitlines()]

    cache: dict[str, list[MessageResult]] = {}
    for record in labels:
        source = record["source"]
        if source not in cache:
            cache[source] = read_corpus_file(str(emails / source))

    for strict in (False, True):
        hits = [record_hit(r, cache[r["source"]], strict) for r in labels]
        dedup: dict[tuple[str, str], bool] = {}
        for record, hit in zip(labels, hits, strict=True):
            dedup.setdefault((record["message_sha1"], record["recipient"]), hit)
        name = "strict status" if strict else "status (pseudo codes by class)"
        print(
            f"{name:32s} raw {sum(hits)}/{len(hits)} = {100 * sum(hits) / len(hits):.1f}%   "
            f"dedup {sum(dedup.values())}/{len(dedup)} = "
            f"{100 * sum(dedup.values()) / len(dedup):.1f}%"
        )

    per_file: dict[str, list[bool]] = defaultdict(list)
    misses: dict[str, list[str]] = defaultdict(list)
    for record in labels:
        hit = record_hit(record, cache[record["source"]], strict=False)
        per_file[record["source"]].append(hit)
        if not hit:
            results = cache[record["source"]]
            index = record["msgindex"] - 1
            got = results[index] if index < len(results) else None
            ours = (
                [(e.recipient, e.status) for e in got.events] + [b.why for b in got.bad]
                if got
                else "no message"
            )
            misses[record["decodedby"]].append(
                f"{record['source']}#{record['msgindex']}: want {record['recipient']} "
                f"{record['deliverystatus'] or '-'}; got {got.kind if got else None} {ours}"
            )
    wanted: dict[tuple[str, int], set[str]] = defaultdict(set)
    for record in labels:
        wanted[(record["source"], record["msgindex"])].add(str(record["recipient"]).lower())
    extra = total = 0
    for (source, index), recipients in wanted.items():
        results = cache[source]
        if index - 1 < len(results):
            for event in results[index - 1].events:
                total += 1
                if event.recipient not in recipients:
                    extra += 1
                    if args.misses:
                        print(f"   extra: {source}#{index}: {event.recipient} {event.status}")
    print(f"events on labelled messages whose recipient has no label: {extra}/{total}")
    full = sum(all(v) for v in per_file.values())
    print(f"files with every record found     {full}/{len(per_file)}")
    print("misses by decoder family:", dict(Counter({k: len(v) for k, v in misses.items()})))
    if args.misses:
        for family, lines in sorted(misses.items()):
            print(f"== {family}")
            for line in lines:
                print("  ", line)

    names = sorted(os.listdir(emails / "maildir" / "not"))
    kinds_of = {
        n: [r.kind for r in read_corpus_file(str(emails / "maildir" / "not" / n))] for n in names
    }
    recognised = [
        n for n, k in kinds_of.items() if all(x in ("not_bounce", "autoreply") for x in k)
    ]
    print(
        f"maildir/not files recognised as not bounces: {len(recognised)}/{len(names)}  {kinds_of}"
    )

    kinds: Counter[str] = Counter()
    events = 0
    bad: list[str] = []
    for root, _, files in os.walk(emails):
        for name in files:
            for result in read_corpus_file(os.path.join(root, name)):
                kinds[str(result.kind)] += 1
                events += len(result.events)
                bad += [f"{b.source}: {b.why}" for b in result.bad]
    print(f"whole corpus: messages by kind {dict(kinds)}; events {events}; bad records {len(bad)}")
    if args.misses:
        for line in sorted(bad):
            print("  ", line)


if __name__ == "__main__":
    main()
