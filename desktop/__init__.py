"""Bounce Desk: find a failed message, explain its bounce, release wrongly quarantined addresses."""

from typing import Any


def __getattr__(name: str) -> Any:
    # The version is looked up on first use: importlib.metadata costs every start ~20 ms.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("bouncedesk")
        except PackageNotFoundError:  # running from a source tree that was never installed
            return "0.0.0+unknown"
    raise AttributeError(f"module 'desktop' has no attribute {name!r}")
