"""How far the import's progress share is from the bytes really read, per feed file.

    .venv/bin/python bench/make_feeds.py /tmp/feeds --events 20000 [--array]
    .venv/bin/python bench/import_progress.py /tmp/feeds

Reads FOLDER/maillog (postfix) and FOLDER/sendgrid.ndjson (and sendgrid.json when present)
without a database, as the import dialog's progress sees them, and prints for each the number
of progress reports, the largest and the mean distance between the share shown and the share
of the file's bytes up to the record reported (the share never passes 99 % while reading).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.services.importing import ImportProgress, ImportTuning, import_feed


def _line_ends(path: Path) -> list[int]:
    ends = [0]
    with path.open("rb") as handle:
        for line in handle:
            ends.append(ends[-1] + len(line))
    return ends


def distances(fmt: str, path: Path, by_offset: bool) -> list[float]:
    """|share shown - share of bytes read| at each progress report."""
    ends = [] if by_offset else _line_ends(path)
    size = path.stat().st_size
    steps: list[ImportProgress] = []
    import_feed(
        None, fmt, [str(path)], dry_run=True, progress=steps.append, tuning=ImportTuning(2_000)
    )
    found = []
    for step in steps:
        if step.fraction is None or step.source is None:
            continue
        number = int(step.source.rpartition(":")[2])
        read = number if by_offset else ends[min(number, len(ends) - 1)]
        found.append(abs(step.fraction - read / size))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    feeds = [("postfix", "maillog", False), ("sendgrid", "sendgrid.ndjson", False)]
    if (args.folder / "sendgrid.json").exists():
        feeds.append(("sendgrid", "sendgrid.json", True))  # sources are byte offsets
    print(f"{'feed':<18}{'MB':>8}{'reports':>9}{'largest':>10}{'mean':>8}")
    for fmt, name, by_offset in feeds:
        path = args.folder / name
        found = distances(fmt, path, by_offset)
        mb = path.stat().st_size / 1e6
        largest, mean = max(found, default=0.0), sum(found) / max(len(found), 1)
        print(f"{name:<18}{mb:>8.1f}{len(found):>9}{largest:>10.1%}{mean:>8.1%}")


if __name__ == "__main__":
    main()
