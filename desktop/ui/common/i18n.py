"""Translation helpers: texts marked for lupdate, translation outside a QObject, and numbers and
dates in the UI's locale (QLocale's default, set at start-up by ui/startup/language.py)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from desktop.domain.phrases import error_in, in_language


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation in `context`; translated where it is shown (`translate`).

    Qt's own QT_TRANSLATE_NOOP is typed to return `object`; lupdate matches the name only.
    """
    return text


def translate(context: str, text: str) -> str:
    """`text` in the UI language. Safe on workers: installed translators are only read."""
    return QCoreApplication.translate(context, text)


def counted(shown: str, n: int) -> str:
    """A text Qt translated with a count, as `self.tr("%Ln event(s)", "", n)`, in its plural.

    Qt put `n` in for %n (%Ln: in the locale's digits) and the catalogue chose the plural
    form. English is the source language and has no catalogue: its "(s)" and "(es)" are
    resolved here ("1 event", "2 events"). Only `self.tr` with a count is written, because
    lupdate marks a plural in `self.tr(text, "", n)` but not in translate() with a variable.
    """
    if "(" in shown:
        ending = ("", "") if n == 1 else ("s", "es")
        shown = shown.replace("(s)", ending[0]).replace("(es)", ending[1])
    return shown


def number(value: int | float, decimals: int = 0) -> str:
    """A count or rate with the locale's grouping and decimal signs: 12.345 or 12,345."""
    if isinstance(value, int) and decimals == 0:
        return QLocale().toString(value)
    return QLocale().toString(float(value), "f", decimals)


def date_time(moment: datetime, seconds: bool = False) -> str:
    """A moment in the agent's time zone, in the locale's short date and time: 05-12-2026 14:05.

    Years are always written in full (en_US would say 12/5/26).
    """
    shown = moment.astimezone()
    locale = QLocale()
    date_format = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in date_format:
        date_format = date_format.replace("yy", "yyyy")
    time_format = locale.timeFormat(QLocale.FormatType.ShortFormat)
    if seconds and "ss" not in time_format:
        time_format = time_format.replace("mm", "mm:ss", 1)
    value = QDateTime(
        QDate(shown.year, shown.month, shown.day),
        QTime(shown.hour, shown.minute, shown.second),
    )
    return locale.toString(value, f"{date_format} {time_format}")


def ui_language() -> str:
    """'nl' or 'en': the UI language, for services that word their texts in either."""
    return "nl" if QLocale().language() == QLocale.Language.Dutch else "en"


def error_text(error: BaseException) -> str:
    """An error's message in the UI language: a service's phrase in Dutch or English (see
    domain/phrases.py); words it did not phrase (a driver's own line) as they are."""
    return error_in(error, ui_language())


def phrase_text(text: object) -> str:
    """A phrase a service returned, in the UI language; any other value as it is."""
    return in_language(text, ui_language())
