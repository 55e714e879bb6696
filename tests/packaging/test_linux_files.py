"""The Linux .desktop entry and AppStream metainfo: required keys, well-formed, in step."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ET
from typing import Any

from tests.packaging.conftest import PACKAGING

DESKTOP = PACKAGING / "linux" / "bouncedesk.desktop"
METAINFO = PACKAGING / "linux" / "nl.bouncedesk.BounceDesk.metainfo.xml"


def _entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_the_desktop_entry_has_the_required_keys() -> None:
    entry = _entry()
    assert {"Type", "Name", "Exec", "Icon", "Categories", "Comment"} <= entry.keys()
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_the_desktop_entry_starts_the_installed_command(project: dict[str, Any]) -> None:
    assert _entry()["Exec"].split()[0] in project["scripts"]


def test_the_metainfo_is_well_formed_and_names_the_desktop_entry() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    component_id = root.findtext("id")
    assert component_id == _entry()["Icon"]  # the icon is installed under the component id
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    for tag in ("name", "summary", "metadata_license", "project_license"):
        assert (root.findtext(tag) or "").strip(), tag


def test_the_metainfo_lists_the_current_release(project: dict[str, Any]) -> None:
    root = ET.parse(METAINFO).getroot()
    versions = [release.get("version") for release in root.iter("release")]
    assert versions[0] == project["version"]
    binaries = [binary.text for binary in root.iter("binary")]
    assert binaries == list(project["scripts"])
