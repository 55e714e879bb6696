"""The import use case: `import_feed` reads a feed, classifies it and stores it in batches."""

from __future__ import annotations

from desktop.services.importing.pipeline import (
    BATCH_SIZE,
    FORMATS,
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
    "ImportProgress",
    "ImportSummary",
    "ImportTuning",
    "event_fields",
    "import_feed",
    "read_feed",
]
