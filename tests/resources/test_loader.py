"""The resource loader in a checkout: resources/ read in place, translations compiled on use."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import resources
from desktop.resources import build

ROOT = Path(__file__).resolve().parents[2]
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")  # the first 16 bytes of any .qm


def test_a_checkout_reads_the_top_level_folder() -> None:
    assert not resources.is_bundled()
    assert Path(str(resources.root())) == ROOT / "resources"
    assert resources.read_text("help", "help.json").lstrip().startswith("{")
    assert "QLabel[role=" in resources.style_sheet()
    assert resources.icon_pngs() == {}  # rendered at build time only
    assert resources.icon_svg().lstrip().startswith(b"<")


def test_dutch_is_offered() -> None:
    assert resources.languages() == ("nl",)


def test_a_translation_is_compiled_once_into_the_cache(tmp_path: Path) -> None:
    first = resources.translation("nl", tmp_path)
    assert first is not None and first.startswith(QM_MAGIC)
    compiled = list((tmp_path / "translations").glob("*.qm"))
    assert len(compiled) == 1
    stamp = compiled[0].stat().st_mtime_ns
    assert resources.translation("nl", tmp_path) == first
    assert compiled[0].stat().st_mtime_ns == stamp  # reused, not compiled again


def test_an_edited_source_is_compiled_again_and_the_old_one_dropped(tmp_path: Path) -> None:
    source = (ROOT / "resources" / "translations" / build.ts_name("nl")).read_bytes()
    old = build.compiled_in_cache(source, "nl", tmp_path)
    edited = source.replace(b"</TS>", b"<!-- edited --></TS>")
    new = build.compiled_in_cache(edited, "nl", tmp_path)
    assert new != old and new.is_file() and not old.exists()


def test_a_language_without_a_translation_has_none(tmp_path: Path) -> None:
    assert resources.translation("fr", tmp_path) is None
    assert not (tmp_path / "translations").exists()


def test_a_broken_source_is_a_build_error(tmp_path: Path) -> None:
    with pytest.raises(build.BuildError, match="lrelease failed"):
        build.compiled_in_cache(b"<TS><context>", "xx", tmp_path)


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("bouncedesk_nl.ts", "nl"),
        ("bouncedesk_pt_BR.qm", "pt_BR"),
        ("other_nl.ts", None),
        ("bouncedesk_.ts", None),
        ("bouncedesk_nl.txt", None),
        ("README", None),
    ],
)
def test_file_names_give_the_language(name: str, language: str | None) -> None:
    assert build.language_of(name) == language
