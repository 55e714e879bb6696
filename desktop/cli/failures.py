"""Failures of the environment that reach the command line as plain exceptions: one clear line."""

from __future__ import annotations


def environment_failure(exc: BaseException) -> str | None:
    """The one-line message for `exc` when the environment caused it, else None (a bug)."""
    if isinstance(exc, PermissionError):
        return f"permission denied: {exc.filename or exc}"
    if isinstance(exc, FileNotFoundError):
        return f"no such file or folder: {exc.filename or exc}"
    if isinstance(exc, IsADirectoryError):
        return f"is a folder, not a file: {exc.filename or exc}"
    if isinstance(exc, OSError) and exc.errno is not None:
        import os

        where = f": {exc.filename}" if exc.filename else ""
        return f"{os.strerror(exc.errno).lower()}{where}"
    return None
