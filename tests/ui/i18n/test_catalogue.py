"""The Dutch catalogue is complete: lupdate over desktop/ui finds no untranslated text.

Runs Qt's lupdate over the ui code into a temporary copy of resources/translations/
bouncedesk_nl.ts, as `packaging/update_translations.py` would, and fails on any entry still
unfinished there; a text the code shows without tr() is caught by reading the code itself,
and so is a marked text lupdate could not read (it skips some translate() calls silently).
Every screen is covered: there is no list of screens left out any more.
"""

from __future__ import annotations

import ast
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.resources import build

ROOT = Path(__file__).resolve().parents[3]
UI = ROOT / "desktop" / "ui"
CATALOGUE = ROOT / "resources" / "translations" / build.ts_name("nl")

# Calls whose first text argument the user reads; a bare literal there is untranslated.
_TEXT_CALLS = {
    "setText",
    "setWindowTitle",
    "setPlaceholderText",
    "setAccessibleName",
    "setToolTip",
    "setInformativeText",
    "setLabelText",
    "addItem",
    "insertItem",
    "addRow",
    "addButton",
    "show_status",
    "QLabel",
    "QPushButton",
    "QRadioButton",
    "QCheckBox",
    "QGroupBox",
    "QAction",
    "QProgressDialog",
}
# QMessageBox.warning(parent, title, text) and friends: the title and text.
_BOX_CALLS = {
    "warning",
    "information",
    "critical",
    "question",
    "getOpenFileNames",
    "getSaveFileName",
    "getOpenFileName",
}
_PLACEHOLDER = re.compile(r"\{[a-z_0-9]*\}")
_COUNT = re.compile(r"%L?n")
_NAMES = {"Bounce Desk"}  # the product's name reads the same in every language


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _ui_files() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def _words(node: ast.expr) -> str | None:
    """The text of a bare string argument that holds words, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = (
            "".join(part.value for part in node.values if isinstance(part, ast.Constant)) or "{…}"
        )
    else:
        return None
    return text if re.search(r"[A-Za-z]{2}", text) and text not in _NAMES else None


def _bare_texts(path: Path) -> Iterator[str]:
    """`line: text` for every literal shown to the user without tr()/translate()."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name in _TEXT_CALLS:
            arguments = node.args[:1]
        elif name in _BOX_CALLS:
            arguments = node.args[1:3]
        else:
            continue
        for argument in arguments:
            text = _words(argument)
            if text is not None:
                yield f"{_relative(path)}:{node.lineno}: {text!r}"


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed catalogue brought up to date with the code, every entry with its file."""
    ts = tmp_path_factory.mktemp("ts") / CATALOGUE.name
    shutil.copyfile(CATALOGUE, ts)
    build.lupdate(_ui_files(), ts, locations="absolute")
    return ts


def _entries(ts: Path) -> Iterator[tuple[str, str, ET.Element, set[str]]]:
    """(context, source, translation element, files of the code using it) per message."""
    root = ET.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            files = {
                _relative((ts.parent / (loc.get("filename") or "")).resolve())
                for loc in message.iter("location")
            }
            translation = message.find("translation")
            assert translation is not None
            yield name, message.findtext("source") or "", translation, files


def _forms(translation: ET.Element) -> list[str]:
    """The Dutch text, or each plural form of a text with a count (%n)."""
    forms = translation.findall("numerusform")
    return [form.text or "" for form in forms] if forms else [translation.text or ""]


def test_every_text_of_every_screen_has_its_dutch(refreshed: Path) -> None:
    missing = [
        f"{context}: {source!r} ({', '.join(sorted(files))})"
        for context, source, translation, files in _entries(refreshed)
        if translation.get("type") == "unfinished"
        or not all(form.strip() for form in _forms(translation))
    ]
    assert missing == [], "untranslated (run packaging/update_translations.py, then translate)"


def test_the_committed_catalogue_is_up_to_date(refreshed: Path) -> None:
    """Every text of the code is in the committed .ts, and nothing else is (lupdate was run)."""
    committed = {(c, s) for c, s, _, _ in _entries(CATALOGUE)}
    fresh = {(c, s) for c, s, _, _ in _entries(refreshed)}
    assert sorted(fresh ^ committed) == []


def test_translations_keep_the_placeholders(refreshed: Path) -> None:
    broken = [
        f"{context}: {source!r} → {form!r}"
        for context, source, translation, _ in _entries(refreshed)
        for form in _forms(translation)
        if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(form))
        or sorted(_COUNT.findall(source)) != sorted(_COUNT.findall(form))
    ]
    assert broken == []


def test_dutch_plurals_have_both_forms(refreshed: Path) -> None:
    """Dutch has two plural forms (1 gebeurtenis, 2 gebeurtenissen); each is written."""
    counted = [
        (context, source, _forms(translation))
        for context, source, translation, _ in _entries(refreshed)
        if translation.findall("numerusform")
    ]
    assert counted, "no text with a count was found: the plural check checks nothing"
    assert [(c, s) for c, s, forms in counted if len(forms) != 2] == []


def test_no_screen_shows_bare_text() -> None:
    bare = [text for path in _ui_files() for text in _bare_texts(path)]
    assert bare == [], "wrap these in self.tr() or translate()"


def _marked(path: Path) -> Iterator[tuple[str, str, bool, int]]:
    """(context, text, has a count, line) of every self.tr / translate / QT_TRANSLATE_NOOP call
    with a literal text: what lupdate should have put in the catalogue."""

    def visit(node: ast.AST, owner: str) -> Iterator[tuple[str, str, bool, int]]:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.ClassDef) else owner
            if isinstance(child, ast.Call):
                func = child.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                texts = [a.value for a in child.args if isinstance(a, ast.Constant)]
                if name == "tr" and texts and isinstance(texts[0], str):
                    yield owner, texts[0], len(child.args) >= 3, child.lineno
                elif name in ("translate", "QT_TRANSLATE_NOOP") and len(texts) >= 2:
                    yield str(texts[0]), str(texts[1]), False, child.lineno
            yield from visit(child, inner)

    yield from visit(ast.parse(path.read_text(encoding="utf-8")), "")


def test_every_marked_text_reaches_the_catalogue(refreshed: Path) -> None:
    """lupdate drops some calls without a word (translate() with a count, or with a variable
    where it wants a literal): each marked text must be in the catalogue, with a count as a
    plural entry, so no screen shows English in the Dutch build."""
    entries = {(c, s): t for c, s, t, _ in _entries(refreshed)}
    lost, unplural = [], []
    for path in _ui_files():
        for context, text, has_count, line in _marked(path):
            where = f"{_relative(path)}:{line}: {context}: {text!r}"
            translation = entries.get((context, text))
            if translation is None:
                lost.append(where)
            elif has_count and not translation.findall("numerusform"):
                unplural.append(where)
    assert lost == [], "lupdate did not read these: use self.tr(text) or translate(ctx, text)"
    assert unplural == [], "a count needs self.tr(text, '', n) for lupdate to see the plural"
