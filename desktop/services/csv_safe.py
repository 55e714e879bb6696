"""The one way Bounce Desk writes CSV: every cell guarded against spreadsheet formulas."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...),
# =cmd|' /C calc'!A0, @SUM(...)); tab and carriage return start one after trimming. Exports
# hold text from remote mail servers and notes typed by people, so such a cell is written
# with a leading apostrophe, which spreadsheets show as text (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    """`value` as CSV cell text that a spreadsheet shows and never evaluates."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class SafeCsvWriter:
    """csv.writer whose every cell goes through `neutralise`; header rows too."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([neutralise(value) for value in row])
