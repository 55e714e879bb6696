"""How fast this machine runs Python right now, for reading the other benches' figures.

The machines here are shared: the same run has taken twice as long from one hour to the next.
A bench that prints this beside its result lets two results be compared across such swings:
divide by the loop's seconds, or rerun both when the loop reads about the same.
"""

from __future__ import annotations

import time

LOOP = 10_000_000


def python_loop_seconds(repeat: int = 3) -> float:
    """The best of `repeat` timings of a plain loop of `LOOP` integer additions."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        total = 0
        for number in range(LOOP):
            total += number
        best = min(best, time.perf_counter() - began)
    return best


def describe() -> str:
    return f"machine: a {LOOP:,}-step Python loop takes {python_loop_seconds():.2f} s right now"


if __name__ == "__main__":
    print(describe())
