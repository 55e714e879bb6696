"""The import use case: `import_feed` reads a feed, classifies it and stores it in batches.

The names below load pipeline.py on first use, not on import: the feed reader's child process
(`python -m desktop.services.importing.reader_process`) imports this package too, and needs
none of the database code (it took half a second of the child's start).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.services.importing.pipeline import (
        BATCH_SIZE,
        FORMATS,
        READING,
        REBUILDING,
        SAVING,
        ImportPhase,
        ImportProgress,
        ImportSummary,
        ImportTuning,
        event_fields,
        import_feed,
        read_feed,
    )

__all__ = [
    "BATCH_SIZE",
    "FORMATS",
    "READING",
    "REBUILDING",
    "SAVING",
    "ImportPhase",
    "ImportProgress",
    "ImportSummary",
    "ImportTuning",
    "event_fields",
    "import_feed",
    "read_feed",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("desktop.services.importing.pipeline"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
