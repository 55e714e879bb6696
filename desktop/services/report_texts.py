"""The client report's words: English from the desk's own help, Dutch written for the report.

The desk's staff help (resources/help/help.json) speaks to agents, in English and Dutch; the
report speaks to the client, so its Dutch is written here for that reader, with the same
explanation and advice in the same order of ideas.
"""

from __future__ import annotations

from desktop.domain.advice import advice_for
from desktop.domain.model import Reason

# reason: (title, what it means, what you can do)
_DUTCH: dict[Reason, tuple[str, str, str]] = {
    Reason.ADDRESS_UNKNOWN: (
        "E-mailadres bestaat niet",
        "De ontvangende server kent geen mailbox met deze naam; dit is blijvend.",
        "Controleer de adressen op typefouten en verwijder adressen die niet bestaan uit uw lijst.",
    ),
    Reason.DOMAIN_UNKNOWN: (
        "Domein bestaat niet of ontvangt geen mail",
        "Het deel na de @ bestaat niet of neemt geen e-mail aan.",
        "Vergelijk het domein met bekende providers (gmail.com, ziggo.nl) op typefouten.",
    ),
    Reason.BLOCKED: (
        "Ontvangende server blokkeerde de bezorging",
        "De server van de ontvanger weigerde onze verzendserver, vaak door een blokkadelijst.",
        "Geef de naam van de provider door aan ons; wij lossen de blokkade op met de provider.",
    ),
    Reason.MAILBOX_FULL: (
        "Mailbox is vol",
        "De mailbox van de ontvanger zit vol; dit is meestal tijdelijk.",
        "Wacht: het systeem probeert het opnieuw. Blijft het vol, vraag dan om een ander adres.",
    ),
    Reason.MAILBOX_INACTIVE: (
        "Mailbox niet actief",
        "De mailbox is uitgeschakeld of wordt niet meer gebruikt.",
        "Vraag de ontvanger of het adres nog in gebruik is en haal het anders van de lijst.",
    ),
    Reason.SERVER_UNREACHABLE: (
        "Ontvangende server reageert niet",
        "De server van de ontvanger was niet bereikbaar.",
        "Wacht: het systeem probeert het opnieuw. Er hoeft niets aan de lijst te veranderen.",
    ),
    Reason.SERVER_ERROR: (
        "Ontvangende server heeft problemen",
        "De server van de ontvanger kon de mail tijdelijk niet verwerken.",
        "Wacht: het systeem probeert het opnieuw. Er hoeft niets aan de lijst te veranderen.",
    ),
    Reason.MESSAGE_TOO_LARGE: (
        "Bericht is te groot",
        "Het bericht is groter dan de ontvangende server toestaat.",
        "Verstuur grote bijlagen als downloadlink in plaats van als bijlage.",
    ),
    Reason.CONTENT_BLOCKED: (
        "Geblokkeerd om de inhoud",
        "Een filter keurde de inhoud af (een link, een bijlage of de spamscore).",
        "Pas de inhoud aan: minder links, geen verkorte links, geen bijlagen die op spam lijken.",
    ),
    Reason.POLICY: (
        "Voldoet niet aan het beleid van de server",
        "De server eist bijvoorbeeld SPF, DKIM of DMARC die voor uw afzenderdomein ontbreken.",
        "Laat uw IT-beheer de SPF-, DKIM- en DMARC-records van uw afzenderdomein nakijken.",
    ),
    Reason.SPAM_COMPLAINT: (
        "Spamklacht",
        "De ontvanger markeerde het bericht als spam.",
        "Stuur alleen mail aan wie zich heeft aangemeld en maak afmelden makkelijk.",
    ),
    Reason.DELAYED: (
        "Bericht is vertraagd",
        "Het bericht is nog niet afgeleverd maar ook nog niet geweigerd.",
        "Wacht: het systeem probeert het opnieuw.",
    ),
    Reason.UNKNOWN: (
        "Reden niet herkend",
        "De ontvangende server gaf geen herkenbare reden.",
        "Neem contact met ons op als dit vaak voorkomt.",
    ),
}


def reason_texts(reason: Reason, language: str) -> tuple[str, str, tuple[str, ...]]:
    """(title, meaning, what you can do) for the report, in `language` ("en" or "nl")."""
    if language == "nl":
        title, meaning, action = _DUTCH.get(reason, _DUTCH[Reason.UNKNOWN])
        return title, meaning, (action,)
    advice = advice_for(reason.value)
    steps = tuple(s.replace("{sender}", "your sending domain") for s in advice.what_you_can_do)
    return advice.title, advice.meaning, steps


LABELS: dict[str, tuple[str, str]] = {
    "title": ("Deliverability report", "Bezorgrapport"),
    "period": ("Period", "Periode"),
    "summary": ("What was sent and what arrived", "Wat is verstuurd en wat is aangekomen"),
    "sent": ("Sent", "Verstuurd"),
    "delivered": ("Delivered", "Afgeleverd"),
    "hard": ("Hard bounces (permanent)", "Harde bounces (blijvend)"),
    "soft": ("Soft bounces (temporary)", "Zachte bounces (tijdelijk)"),
    "deferred": ("Delayed attempts", "Vertraagde pogingen"),
    "rejected": ("Not sent (address in quarantine)", "Niet verstuurd (adres in quarantaine)"),
    "complaints": ("Spam complaints", "Spamklachten"),
    "chart": (
        "Bounces and delays per day, per 100 sent",
        "Bounces en vertragingen per dag, per 100 verstuurd",
    ),
    "reasons": ("Why mail did not arrive", "Waarom mail niet aankwam"),
    "count": ("times", "keer"),
    "meaning": ("What it means", "Wat het betekent"),
    "todo": ("What you can do", "Wat u kunt doen"),
    "quarantined": (
        "Addresses quarantined in this period",
        "Adressen in quarantaine in deze periode",
    ),
    "address": ("Address", "Adres"),
    "reason": ("Reason", "Reden"),
    "since": ("Since", "Sinds"),
    "none_quarantined": ("No address was quarantined.", "Er is geen adres in quarantaine gezet."),
    "advice": ("Advice, most important first", "Advies, belangrijkste eerst"),
    "no_failures": ("Nothing failed in this period.", "Er ging in deze periode niets mis."),
    "more": ("and {n} more", "en nog {n}"),
}


def label(key: str, language: str) -> str:
    english, dutch = LABELS[key]
    return dutch if language == "nl" else english
