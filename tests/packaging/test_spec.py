"""The PyInstaller spec: valid Python, existing paths, and the Qt modules the app really uses."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.packaging.conftest import PACKAGING, ROOT

SPEC = PACKAGING / "bouncedesk.spec"


def _tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _constant(name: str) -> object:
    for node in ast.walk(_tree()):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not assigned in the spec")


def _spec_paths() -> list[Path]:
    """Every `ROOT / "a" / "b"` or `PACKAGING / ...` expression in the spec, as a path."""
    bases = {"ROOT": ROOT, "PACKAGING": PACKAGING}

    def resolve(node: ast.expr) -> Path | None:
        if isinstance(node, ast.Name):
            return bases.get(node.id)
        if (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Div)
            and isinstance(node.right, ast.Constant)
            and isinstance(node.right.value, str)
        ):
            left = resolve(node.left)
            return None if left is None else left / node.right.value
        return None

    found = []
    for node in ast.walk(_tree()):
        if isinstance(node, ast.BinOp):
            path = resolve(node)
            if path is not None:
                found.append(path)
    return found


def test_the_spec_parses_as_python() -> None:
    names = {node.id for node in ast.walk(_tree()) if isinstance(node, ast.Name)}
    # The build objects PyInstaller provides to a spec are all used.
    assert {"Analysis", "PYZ", "EXE", "COLLECT"} <= names


def test_every_path_the_spec_references_exists() -> None:
    paths = _spec_paths()
    relative = {path.relative_to(ROOT).as_posix() for path in paths}
    # The data the frozen app reads from disk and the entry script are among them.
    assert {"resources", "desktop/store/migrations", "packaging/launcher.py"} <= relative
    # packaging/build/ is where the spec makes its build products (bundle, icons) first.
    built = PACKAGING / "build"
    missing = [str(p) for p in paths if not p.exists() and built not in (p, *p.parents)]
    assert missing == []


def test_the_bundled_folders_hold_what_the_app_reads() -> None:
    migrations = ROOT / "desktop" / "store" / "migrations"
    assert (migrations / "env.py").is_file()
    assert (migrations / "script.py.mako").is_file()
    assert sorted(migrations.glob("versions/0*.py")), "no migration scripts"
    assert (ROOT / "resources" / "help" / "help.json").is_file()
    assert (ROOT / "desktop" / "resources" / "build.py").is_file()  # the spec runs its steps


def test_the_spec_keeps_every_qt_module_the_app_imports() -> None:
    used = _constant("QT_USED")
    unused = _constant("QT_UNUSED")
    assert isinstance(used, tuple) and isinstance(unused, tuple)
    imported = set()
    for source in (ROOT / "desktop").rglob("*.py"):
        imported |= set(re.findall(r"PySide6\.(Qt\w+)", source.read_text(encoding="utf-8")))
    assert imported, "the app imports no Qt module?"
    assert imported <= set(used), f"add {sorted(imported - set(used))} to QT_USED in the spec"
    assert not imported & set(unused)
    assert not set(used) & set(unused)


def test_the_web_engine_and_qml_stay_out() -> None:
    unused = _constant("QT_UNUSED")
    assert isinstance(unused, tuple)
    assert {"QtWebEngineCore", "QtQml", "QtQuick", "Qt3DCore", "QtMultimedia"} <= set(unused)


def test_the_entry_script_runs_the_bouncedesk_command(project: dict[str, object]) -> None:
    scripts = project["scripts"]
    assert isinstance(scripts, dict)
    module, _, function = scripts["bouncedesk"].partition(":")
    launcher = (PACKAGING / "launcher.py").read_text(encoding="utf-8")
    assert f"from {module} import {function}" in launcher
    assert f"sys.exit({function}())" in launcher
