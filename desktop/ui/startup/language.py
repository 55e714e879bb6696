"""The UI language: Qt translators for the app and Qt's own dialogs; QLocale for dates, numbers."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop import resources
from desktop.resources.build import BuildError

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "en"  # the language the code is written in; needs no translation


@dataclass(frozen=True, slots=True)
class InstalledLanguage:
    """What start-up chose; keep it to remove the translators again (tests, a restart)."""

    language: str
    locale: QLocale
    translators: tuple[QTranslator, ...]

    def remove(self, app: QCoreApplication) -> None:
        for translator in self.translators:
            app.removeTranslator(translator)


def ui_language(setting: str, system: QLocale, offered: tuple[str, ...]) -> str:
    """The language to show: the setting; when empty ("follow the system"), the first of the
    system's preferred UI languages the app has; else English."""
    available = {SOURCE_LANGUAGE, *offered}
    if setting:
        return setting if setting in available else SOURCE_LANGUAGE
    for name in system.uiLanguages():  # e.g. ["nl-NL", "nl", "en-US"]
        language = name.replace("-", "_").split("_")[0].lower()
        if language in available:
            return language
    return SOURCE_LANGUAGE


def ui_locale(language: str, system: QLocale) -> QLocale:
    """Dates and numbers follow the UI language: the system's own locale when it speaks it
    (nl_BE stays Belgian); else that language as used in the system's country when there is
    such a locale (English on a Dutch system: en_NL, 24-hour clock), else its main one."""
    wanted = QLocale(language)
    if system.language() == wanted.language():
        return system
    return QLocale(wanted.language(), system.territory())


def install_language(app: QCoreApplication, setting: str, cache: Path) -> InstalledLanguage:
    """Install the translators and the default QLocale before any widget is built."""
    system = QLocale.system()
    language = ui_language(setting, system, resources.languages())
    locale = ui_locale(language, system)
    QLocale.setDefault(locale)
    translators: list[QTranslator] = []
    if language != SOURCE_LANGUAGE:
        own = _own_translator(app, language, cache)
        if own is not None:
            translators.append(own)
        qt = QTranslator(app)  # Qt's own texts: standard buttons, file dialogs
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(locale, "qtbase", "_", folder):
            translators.append(qt)
    for translator in translators:
        app.installTranslator(translator)
    log.info("UI language %s, locale %s", language, locale.name())
    return InstalledLanguage(language, locale, tuple(translators))


def _own_translator(app: QCoreApplication, language: str, cache: Path) -> QTranslator | None:
    try:
        data = resources.translation(language, cache)
    except (BuildError, OSError) as error:  # a checkout without Qt's lrelease: English it is
        log.warning("No %s translation: %s", language, error)
        return None
    if data is None:
        return None
    translator = _LoadedTranslator(data, app)
    if translator.isEmpty():
        log.warning("The %s translation could not be read", language)
        return None
    return translator


class _LoadedTranslator(QTranslator):
    """A translator over .qm bytes it keeps: Qt reads them in place, never copying."""

    def __init__(self, data: bytes, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self._data = data
        self.load(self._data)
