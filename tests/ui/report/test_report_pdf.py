"""The client report as a PDF in English and Dutch: its text holds the figures, its pages draw."""

from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desktop.cli import main
from desktop.domain.model import EventType, ParsedEvent
from desktop.services.importing import import_feed
from desktop.services.ports import Database
from desktop.services.report import client_report
from desktop.ui.common.operations import DatabaseTasks
from desktop.ui.common.workers import TaskRunner
from desktop.ui.report.dialog import ReportDialog

pytestmark = [pytest.mark.gui]

START = datetime(2026, 11, 2, 9, tzinfo=UTC)
ACCOUNT = "Oranje <Gala> & Diner"  # escaped on the way into the document


def _event(i: int, kind: EventType, diagnostic: str | None = None) -> list[ParsedEvent]:
    at = START + timedelta(hours=i)
    base = dict(
        recipient=f"guest{i}@example.nl",
        message_id=f"m{i}",
        sender="tickets@gala.example",
        subject="Invitation",
        account=ACCOUNT,
    )
    return [
        ParsedEvent(source="t", type=EventType.SENT, at=at, key=f"s{i}", **base),  # type: ignore[arg-type]
        ParsedEvent(
            source="t",
            type=kind,
            at=at + timedelta(minutes=1),
            key=f"o{i}",
            diagnostic=diagnostic,
            **base,  # type: ignore[arg-type]
        ),
    ]


@pytest.fixture
def url(database: Database, tmp_path: Path) -> str:
    records: list[ParsedEvent] = []
    for i in range(40):  # 40 sent: 30 delivered, 8 addresses unknown, 2 complaints after delivery
        if i < 8:
            records += _event(i, EventType.HARD_BOUNCE, "550 5.1.1 user unknown")
        else:
            records += _event(i, EventType.DELIVERED)
    for i in (8, 9):
        records.append(
            ParsedEvent(
                source="t",
                type=EventType.SPAM_COMPLAINT,
                at=START + timedelta(hours=i, minutes=30),
                key=f"c{i}",
                recipient=f"guest{i}@example.nl",
                message_id=f"m{i}",
                account=ACCOUNT,
            )
        )
    import_feed(database, "test", ["t"], records=records)
    return f"sqlite:///{tmp_path}/x.sqlite3"


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    # NFKC undoes the typesetter's ligatures ("ﬁ" → "fi").
    return " ".join(unicodedata.normalize("NFKC", done.stdout.decode("utf-8")).split())


def _pages_draw(pdf: Path, tmp_path: Path) -> int:
    prefix = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(prefix)], check=True)
    pages = sorted(tmp_path.glob(f"{pdf.stem}-*.png"))
    for page in pages:
        image = QImage(str(page))
        assert not image.isNull()
        colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
                   for y in range(0, image.height(), 7)}  # fmt: skip
        assert len(colours) > 3, f"{page.name} is blank"
    return len(pages)


# .ci/run installs poppler-utils; under CI a missing one fails rather than skips.
@pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("CI"),
    reason="poppler-utils not installed",
)
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["Deliverability report: Oranje <Gala> & Diner", "Sent 40", "Delivered 32 80.0%",
                "Hard bounces (permanent) 8 20.0%", "Spam complaints 2 5.0%",
                "Email address does not exist — 8 times", "What you can do",
                "guest0@example.nl", "Advice, most important first"]),
        ("nl", ["Bezorgrapport: Oranje <Gala> & Diner", "Verstuurd 40", "Afgeleverd 32 80.0%",
                "Harde bounces (blijvend) 8 20.0%", "Spamklachten 2 5.0%",
                "E-mailadres bestaat niet — 8 keer", "Wat u kunt doen", "guest7@example.nl"]),
    ],
)  # fmt: skip
def test_the_report_cli_writes_a_pdf_with_the_figures(
    url: str, tmp_path: Path, lang: str, words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"report-{lang}.pdf"
    code = main(["--db", url, "report", ACCOUNT, "--since", "2026-11-01", "--until",
                 "2026-11-05", "--out", str(out), "--lang", lang])  # fmt: skip
    assert code == 0 and capsys.readouterr().out.strip() == f"wrote {out}"
    text = _text(out)
    for expected in words:
        assert expected in text
    # Advice ranked by impact: complaints (x10) before the 8 unknown addresses.
    if lang == "en":
        assert text.index("2 spam complaint(s)") < text.index("Email address does not exist (8×")
    assert _pages_draw(out, tmp_path) >= 2


def test_an_unknown_account_is_one_line(url: str, tmp_path: Path) -> None:
    code = main(["--db", url, "report", "Nobody", "--since", "2026-11-01", "--until",
                 "2026-11-05", "--out", str(tmp_path / "x.pdf")])  # fmt: skip
    assert code == 1 and not (tmp_path / "x.pdf").exists()


def test_the_dialog_writes_the_same_report(
    qtbot: QtBot, runner: TaskRunner, database: Database, url: str, tmp_path: Path
) -> None:
    dialog = ReportDialog(
        DatabaseTasks(runner, database.unit_of_work),
        ACCOUNT,
        datetime(2026, 11, 1, tzinfo=UTC),
        datetime(2026, 11, 5, tzinfo=UTC),
    )
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("nl"))
    out = tmp_path / "dialog.pdf"
    with qtbot.waitSignal(dialog.sig_written, timeout=10_000):
        dialog.write(out)
    assert "Verstuurd 40" in _text(out)
    with database.unit_of_work() as uow:
        report = client_report(
            uow, ACCOUNT, datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 6, tzinfo=UTC), UTC
        )
    assert report.figures.sent == 40 and len(report.quarantined) == 10
