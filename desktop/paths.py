"""Where Bounce Desk keeps its files: the only module that knows (platformdirs, env overrides)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

from desktop.domain.errors import EnvironmentFailure
from desktop.domain.phrases import Wording

_DIRS = PlatformDirs(appname="bouncedesk", appauthor=False)
_CANNOT_USE = Wording(
    "Cannot use the folder {path}: {why}; point {variable} elsewhere",
    "Kan de map {path} niet gebruiken: {why}; laat {variable} naar een andere map wijzen",
)


def _dir(env: str, default: str) -> Path:
    path = Path(os.environ.get(env) or default)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise EnvironmentFailure(
            _CANNOT_USE(path=path, why=error.strerror or error, variable=env)
        ) from error
    return path


def data_dir() -> Path:
    return _dir("BOUNCEDESK_DATA_DIR", _DIRS.user_data_dir)


def config_dir() -> Path:
    return _dir("BOUNCEDESK_CONFIG_DIR", _DIRS.user_config_dir)


def cache_dir() -> Path:
    return _dir("BOUNCEDESK_CACHE_DIR", _DIRS.user_cache_dir)


def log_dir() -> Path:
    return _dir("BOUNCEDESK_LOG_DIR", _DIRS.user_log_dir)


def default_database_path() -> Path:
    return data_dir() / "bouncedesk.sqlite3"


def default_database_url() -> str:
    return f"sqlite:///{default_database_path()}"
