"""Demo data tooling (not a staff use case): realistic traffic through the import's writer."""

from __future__ import annotations

from desktop.demo.generate import (
    DemoNeedsEmptyDatabase,
    DemoProgress,
    DemoSummary,
    generate_demo,
)

__all__ = ["DemoNeedsEmptyDatabase", "DemoProgress", "DemoSummary", "generate_demo"]
