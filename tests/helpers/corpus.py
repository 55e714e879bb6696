"""The shared bounce corpus: where it is, and skip-or-fail when it is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# shared/ sits beside the checkout (in CI too); BOUNCEDESK_CORPUS points elsewhere.
CORPUS = Path(
    os.environ.get("BOUNCEDESK_CORPUS") or Path(__file__).resolve().parents[2] / "../shared/corpus"
).resolve()


def require_corpus() -> Path:
    """The corpus folder; skip when it is missing, except in CI, where that is a failure."""
    if CORPUS.is_dir():
        return CORPUS
    if os.environ.get("CI"):
        pytest.fail(f"the shared bounce corpus is missing at {CORPUS}; CI must run these tests")
    pytest.skip(f"the shared bounce corpus is not at {CORPUS} (and CI is unset)")
