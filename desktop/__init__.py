"""Bounce Desk: find a failed message, explain its bounce, release wrongly quarantined addresses."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bouncedesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
