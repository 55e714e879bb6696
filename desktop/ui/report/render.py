"""Renders a ClientReport to PDF with QTextDocument and QPdfWriter: no browser involved.

Every text from the database (account names, addresses) is HTML-escaped before it enters the
document; the chart is drawn by the same QtCharts code as the Overview, on a light palette.
"""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPalette,
    QPdfWriter,
    QTextDocument,
)

from desktop.domain.model import Reason
from desktop.services.report import ClientReport
from desktop.services.report_texts import label, reason_texts
from desktop.ui.common.charts import chart_view, stacked_chart

CHART_URL = QUrl("bouncedesk://chart/days")
_CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #1d2430; }
h1 { font-size: 20pt; margin-bottom: 2pt; }
h2 { font-size: 13pt; margin-top: 14pt; color: #25324a; }
h3 { font-size: 11pt; margin-top: 8pt; margin-bottom: 2pt; }
td, th { padding: 3pt 8pt 3pt 0; }
th { text-align: left; border-bottom: 1px solid #888; }
.num { text-align: right; }
.muted { color: #5b6576; }
"""


def _paper_palette() -> QPalette:
    palette = QPalette(QColor("#f0f0f0"))
    palette.setColor(QPalette.ColorRole.Window, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1d2430"))
    return palette


def chart_image(report: ClientReport, width: int = 1400, height: int = 560) -> QImage:
    """The report's per-day chart as an image (the Overview's chart code, light palette)."""
    labels = [
        f"{bar.day:%d}" if len(report.days) > 10 else f"{bar.day:%d-%m}" for bar in report.days
    ]
    stacks = [
        (section.reason, [bar.segments[i][1] for bar in report.days])
        for i, section in enumerate(report.reasons)
    ]
    axis = "per 100 verstuurd" if report.language == "nl" else "per 100 sent"
    chart, _sets = stacked_chart(
        labels,
        stacks,
        axis_title=axis,
        palette=_paper_palette(),
        legend_below=True,
        names=lambda reason: reason_texts(reason, report.language)[0],
    )
    view = chart_view(chart)
    view.resize(width, height)
    image = view.grab().toImage()
    view.deleteLater()
    return image


def report_html(report: ClientReport, chart_width: int = 640) -> str:
    """The report as the HTML subset QTextDocument understands (texts escaped)."""
    lang = report.language
    e = html.escape
    f = report.figures

    def pct(count: int) -> str:
        return rated(f.rate(count))

    def rated(rate: float | None) -> str:
        return "" if rate is None else f"{rate:.1f}%"

    last_day = report.until - timedelta(microseconds=1)  # the end is exclusive
    period = f"{report.since:%Y-%m-%d} – {last_day:%Y-%m-%d}"
    rows = [
        ("sent", f.sent, ""),
        # Shares of the messages sent in the period (a late answer to earlier mail is not
        # one of them), so never above 100; the other lines are events per 100 sent.
        ("delivered", f.delivered, rated(f.delivered_rate)),
        ("hard", f.hard_bounces, rated(f.hard_bounce_rate)),
        ("soft", f.soft_bounces, pct(f.soft_bounces)),
        ("deferred", f.deferred, pct(f.deferred)),
        ("rejected", f.rejected, pct(f.rejected)),
        ("complaints", f.complaints, rated(f.complaint_rate)),
    ]
    parts = [
        f"<html><head><style>{_CSS}</style></head><body>",
        f"<h1>{e(label('title', lang))}: {e(report.account)}</h1>",
        f"<p class='muted'>{e(label('period', lang))}: {e(period)} (UTC)</p>",
        f"<h2>{e(label('summary', lang))}</h2><table>",
    ]
    for key, count, share in rows:
        parts.append(
            f"<tr><td>{e(label(key, lang))}</td><td class='num'>{count}</td>"
            f"<td class='num'>{e(share)}</td></tr>"
        )
    parts.append("</table>")
    parts.append(f"<h2>{e(label('chart', lang))}</h2>")
    parts.append(f"<p><img src='{CHART_URL.toString()}' width='{chart_width}'></p>")
    parts.append(f"<h2>{e(label('advice', lang))}</h2>")
    if report.advice:
        parts.append("<ol>" + "".join(f"<li>{e(line)}</li>" for line in report.advice) + "</ol>")
    else:
        parts.append(f"<p>{e(label('no_failures', lang))}</p>")
    parts.append(f"<h2>{e(label('reasons', lang))}</h2>")
    if not report.reasons:
        parts.append(f"<p>{e(label('no_failures', lang))}</p>")
    for section in report.reasons:
        parts.append(
            f"<h3>{e(section.title)} — {section.count} {e(label('count', lang))}</h3>"
            f"<p><b>{e(label('meaning', lang))}:</b> {e(section.meaning)}</p>"
            f"<p><b>{e(label('todo', lang))}:</b></p><ul>"
            + "".join(f"<li>{e(step)}</li>" for step in section.what_you_can_do)
            + "</ul>"
        )
    parts.append(f"<h2>{e(label('quarantined', lang))}</h2>")
    if report.quarantined:
        parts.append(
            f"<table><tr><th>{e(label('address', lang))}</th><th>{e(label('reason', lang))}</th>"
            f"<th>{e(label('since', lang))}</th></tr>"
        )
        for q in report.quarantined:
            parts.append(
                f"<tr><td>{e(q.address)}</td><td>{e(_reason_name(q.reason.value, lang))}</td>"
                f"<td>{q.started_at:%Y-%m-%d %H:%M}</td></tr>"
            )
        parts.append("</table>")
        hidden = report.quarantined_total - len(report.quarantined)
        if hidden > 0:
            parts.append(f"<p class='muted'>{e(label('more', lang).format(n=hidden))}</p>")
    else:
        parts.append(f"<p>{e(label('none_quarantined', lang))}</p>")
    parts.append("</body></html>")
    return "".join(parts)


def _reason_name(value: str, language: str) -> str:
    return reason_texts(Reason(value), language)[0]


def render_pdf(report: ClientReport, path: Path) -> None:
    """Write the report as an A4 PDF to `path` (needs a QApplication: the chart is a widget)."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # QTextDocument.print_ puts its own 2 cm margins (and the page numbers) inside these.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    writer.setResolution(150)
    writer.setTitle(f"{label('title', report.language)}: {report.account}")
    writer.setCreator("Bounce Desk")
    document = QTextDocument()
    # print_ lays the document out at the screen's logical resolution (96 per inch): the chart
    # is drawn half as large again as it is shown, so it stays sharp on paper.
    width_mm = writer.pageLayout().paintRect(QPageLayout.Unit.Millimeter).width() - 40
    shown = int(width_mm / 25.4 * 96) - 16
    scale = 1.5
    document.addResource(
        QTextDocument.ResourceType.ImageResource.value,
        CHART_URL,
        chart_image(report, int(shown * scale), int(shown * scale * 0.5)),
    )
    document.setHtml(report_html(report, shown))
    document.print_(writer)
