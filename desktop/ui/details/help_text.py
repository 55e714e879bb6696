"""Reason help for the details screen, from desktop.domain.advice (fallback while it is absent)."""

from __future__ import annotations

import html
import importlib
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import Any

from desktop.domain.model import Reason
from desktop.ui.look import reason_label


@dataclass(frozen=True, slots=True)
class ReasonHelp:
    """What the reason panel shows for one reason key."""

    title: str
    meaning: str
    what_you_can_do: str
    risk: str | None  # "low" | "medium" | "high"
    risk_why: str


def _advice() -> ModuleType | None:
    # The advice module is written in parallel; until it lands the panel shows the label only.
    try:
        return importlib.import_module("desktop.domain.advice")
    except ModuleNotFoundError:
        return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\n".join(f"• {item}" for item in value)
    return str(getattr(value, "value", value))


def reason_help(reason: Reason) -> ReasonHelp:
    module = _advice()
    if module is None:
        return ReasonHelp(reason_label(reason), "", "", None, "")
    advice = module.advice_for(reason)
    risk = getattr(advice, "risk", None)
    return ReasonHelp(
        title=_text(getattr(advice, "title", reason_label(reason))),
        meaning=_text(getattr(advice, "meaning", "")),
        what_you_can_do=_text(getattr(advice, "what_you_can_do", "")),
        risk=_text(risk) or None,
        risk_why=_text(getattr(advice, "risk_why", "")),
    )


def client_explanation(
    reason: Reason, language: str, recipient: str, sent_at: datetime, sender: str
) -> tuple[str, str]:
    """The client-ready explanation as (plain text, HTML)."""
    module = _advice()
    if module is not None:
        plain = str(module.render_client_explanation(reason, language, recipient, sent_at, sender))
        rich = getattr(module, "render_client_explanation_html", None)
        markup = (
            str(rich(reason, language, recipient, sent_at, sender))
            if rich is not None
            else "<p>" + html.escape(plain).replace("\n", "<br>") + "</p>"
        )
        return plain, markup
    when = sent_at.astimezone().strftime("%Y-%m-%d %H:%M")
    if language == "nl":
        plain = (
            f"Het bericht van {sender} aan {recipient} ({when}) is niet afgeleverd.\n"
            f"Reden: {reason_label(reason)}."
        )
    else:
        plain = (
            f"The message from {sender} to {recipient} ({when}) was not delivered.\n"
            f"Reason: {reason_label(reason)}."
        )
    return plain, "<p>" + html.escape(plain).replace("\n", "<br>") + "</p>"
