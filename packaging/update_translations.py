"""Refresh resources/translations/*.ts from the code (Qt's lupdate over desktop/ui).

    python packaging/update_translations.py

Then translate the new (unfinished) entries with Qt Linguist (`pyside6-linguist FILE.ts`) or
in an editor, and commit the .ts. The .qm files are compiled at build time, never committed.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    spec = importlib.util.spec_from_file_location(
        "bouncedesk_resource_build", ROOT / "desktop" / "resources" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    steps = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(steps)
    sources = sorted((ROOT / "desktop" / "ui").rglob("*.py"))
    for ts in sorted((ROOT / "resources" / "translations").glob("*.ts")):
        steps.lupdate(sources, ts)
        print(f"update_translations: {ts.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
