"""Argument types shared by the sub-commands: ids, counts and times that the database can hold."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from desktop.domain.model import MAX_ID


def record_id(text: str) -> int:
    """A database id: a whole number from 1 to the largest the database stores."""
    value = text.strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= MAX_ID:
        raise argparse.ArgumentTypeError(f"not an id: {text!r} (a whole number from 1)")
    return int(value)


def count(low: int, high: int = MAX_ID) -> Callable[[str], int]:
    """A whole number from `low` to `high`, for --limit and the like."""

    def parse(text: str) -> int:
        value = text.strip()
        digits = value[1:] if value.startswith("-") else value
        if not (digits.isascii() and digits.isdigit()) or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(f"not a number from {low} to {high:,}: {text!r}")
        return int(value)

    return parse
