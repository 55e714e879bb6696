"""Score the bounce classifier against the labelled dev corpus: agreement, recall, confusions."""

# Usage: .venv/bin/python bench/classifier_accuracy.py [--labels PATH] [--map PATH] [--show-misses]
#        [--confusions]
#
# Only what a feed would carry is given to the classifier: the server's diagnostic text, the
# enhanced status code and the reply code. Records in folders the corpus README calls
# untrusted are left out, as are records whose reference reason maps to null. Figures are
# printed twice: over every record, and once per distinct message (by message_sha1).

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop.domain.reasons import classify


def _find_corpus() -> Path:
    # the checkout sits beside shared/ (main) or one level deeper (a helper's worktree)
    for parent in Path(__file__).resolve().parents[1:]:
        if (parent / "shared/corpus").is_dir():
            return parent / "shared/corpus"
    return Path(__file__).resolve().parents[2] / "shared/corpus"


CORPUS = _find_corpus()
# The corpus README: labels in these places are known to be wrong.
UNTRUSTED = ("to-be-debugged-because/something-is-wrong/", "maildir/not/rb-issue-368-bug.eml")


@dataclass(frozen=True)
class Scored:
    source: str
    sha1: str
    expected: str
    got: str
    diagnostic: str
    status: str
    reply_code: str


def load(labels: Path, mapping: Path) -> list[Scored]:
    reason_map: dict[str, str | None] = json.loads(mapping.read_text(encoding="utf-8"))
    rows: list[Scored] = []
    for line in labels.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if any(part in record["source"] for part in UNTRUSTED):
            continue
        expected = reason_map.get(record["reason"])
        if expected is None:
            continue
        diagnostic = record.get("diagnosticcode") or ""
        status = record.get("deliverystatus") or ""
        reply = record.get("replycode") or ""
        verdict = classify(diagnostic, status or None, reply or None)
        rows.append(
            Scored(
                f"{record['source']}#{record['msgindex']}",
                record["message_sha1"],
                expected,
                verdict.reason.value,
                diagnostic,
                status,
                reply,
            )
        )
    return rows


def dedupe(rows: Iterable[Scored]) -> list[Scored]:
    seen: set[str] = set()
    unique: list[Scored] = []
    for row in rows:
        if row.sha1 not in seen:
            seen.add(row.sha1)
            unique.append(row)
    return unique


def report(title: str, rows: list[Scored], show_misses: bool) -> None:
    hits = sum(row.expected == row.got for row in rows)
    print(f"== {title}: {hits}/{len(rows)} = {100 * hits / max(len(rows), 1):.1f}% agreement")
    support = Counter(row.expected for row in rows)
    predicted = Counter(row.got for row in rows)
    right = Counter(row.expected for row in rows if row.expected == row.got)
    print(f"{'reason':<20}{'n':>5}{'recall':>9}{'precision':>11}")
    for reason in sorted(support | predicted):
        recall = right[reason] / support[reason] if support[reason] else float("nan")
        precision = right[reason] / predicted[reason] if predicted[reason] else float("nan")
        print(f"{reason:<20}{support[reason]:>5}{recall:>9.0%}{precision:>11.0%}")
    confusions = Counter((row.expected, row.got) for row in rows if row.expected != row.got)
    print("top confusions (expected -> got):")
    for (expected, got), count in confusions.most_common(10):
        print(f"  {count:>3}  {expected} -> {got}")
    if show_misses:
        for row in rows:
            if row.expected != row.got:
                text = " ".join(row.diagnostic.split())[:200]
                print(f"  MISS {row.expected}->{row.got} [{row.status}|{row.reply_code}] {text}")
                print(f"       {row.source}")
    print()


def confusions(rows: list[Scored]) -> None:
    """The disagreements once per distinct message, grouped by (reference -> ours)."""
    records = Counter(row.sha1 for row in rows if row.expected != row.got)
    groups: dict[tuple[str, str], list[Scored]] = {}
    for row in dedupe(rows):
        if row.expected != row.got:
            groups.setdefault((row.expected, row.got), []).append(row)
    print("== confusions per distinct message (reference -> classifier)")
    for (expected, got), members in sorted(groups.items(), key=lambda item: -len(item[1])):
        print(f"-- {expected} -> {got}: {len(members)} message(s)")
        for row in members:
            text = " ".join(row.diagnostic.split())[:240] or "(no diagnostic text)"
            print(f"   [{row.status or '-'}|{row.reply_code or '-'}] x{records[row.sha1]} {text}")
            print(f"       {row.source}")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=CORPUS / "dev-labels.jsonl")
    parser.add_argument("--map", type=Path, default=CORPUS / "reason-map.json")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--confusions", action="store_true", help="list each distinct disagreement, grouped"
    )
    args = parser.parse_args(argv)
    rows = load(args.labels, args.map)
    report("raw (every scored record)", rows, args.show_misses)
    report("deduplicated by message_sha1", dedupe(rows), False)
    if args.confusions:
        confusions(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
