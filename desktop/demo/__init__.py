"""Demo data tooling (not a staff use case): realistic traffic through the import's writer."""

from __future__ import annotations

from desktop.demo.generate import DemoProgress, DemoSummary, generate_demo

__all__ = ["DemoProgress", "DemoSummary", "generate_demo"]
