"""The interface-language choice: follow the system, or one of the languages the app ships."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.settings import ui_languages

# Each language by its own name, as every language picker does: findable by a reader of it.
NATIVE_NAMES = {"en": "English", "nl": "Nederlands"}


class UiLanguageBox(QComboBox):
    """A combo of "" (the system's language) and the shipped languages. GUI thread."""

    def __init__(self, chosen: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Interface language"))
        self.setToolTip(self.tr("The window is rebuilt in this language when you save."))
        self.addItem(self.tr("Same as the system"), "")
        for language in ui_languages():
            self.addItem(NATIVE_NAMES.get(language, language), language)
        self.setCurrentIndex(max(0, self.findData(chosen)))

    def language(self) -> str:
        return str(self.currentData() or "")
