"""Typo hints for recipient domains: 'gmial.com' is most likely 'gmail.com'."""

from __future__ import annotations

from functools import lru_cache

# Mailbox providers our recipients use most, international and Dutch, most common first:
# on a tie the earlier one is suggested.
PROVIDERS: tuple[str, ...] = (
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "ziggo.nl",
    "kpnmail.nl",
    "live.nl",
    "hotmail.nl",
    "outlook.nl",
    "icloud.com",
    "yahoo.com",
    "live.com",
    "home.nl",
    "planet.nl",
    "xs4all.nl",
    "hetnet.nl",
    "msn.com",
    "me.com",
    "googlemail.com",
    "yahoo.nl",
    "kpnplanet.nl",
    "upcmail.nl",
    "chello.nl",
    "casema.nl",
    "quicknet.nl",
    "zeelandnet.nl",
    "telfort.nl",
    "tele2.nl",
    "online.nl",
    "aol.com",
    "gmx.net",
    "gmx.de",
    "web.de",
    "protonmail.com",
    "proton.me",
    "mac.com",
    "ymail.com",
    "live.be",
    "hotmail.be",
    "telenet.be",
    "skynet.be",
)

# Real domains that are one slip away from a provider: never "corrected".
_ALSO_REAL: frozenset[str] = frozenset(
    {
        "gmx.at",
        "gmx.ch",
        "gmx.com",
        "mail.com",
        "email.com",
        "hotmail.de",
        "hotmail.fr",
        "hotmail.co.uk",
        "outlook.be",
        "outlook.de",
        "yahoo.de",
        "yahoo.fr",
        "yahoo.co.uk",
        "live.de",
        "live.fr",
        "live.co.uk",
        "aol.de",
        "online.de",
        "pm.me",
        "protonmail.ch",
    }
)
KNOWN: frozenset[str] = frozenset(PROVIDERS) | _ALSO_REAL

# Top-level domains seen in real addresses; anything else near one of them is a TLD slip.
_REAL_TLDS: frozenset[str] = frozenset(
    {
        "com",
        "nl",
        "net",
        "org",
        "de",
        "be",
        "eu",
        "info",
        "me",
        "uk",
        "fr",
        "io",
        "co",
        "biz",
        "nu",
        "edu",
        "gov",
        "ch",
        "at",
        "es",
        "it",
        "pl",
        "se",
        "dk",
        "no",
        "fi",
        "us",
        "ca",
        "au",
        "tv",
        "app",
        "dev",
        "online",
        "email",
        "frl",
        "amsterdam",
        "nz",
        "jp",
        "cn",
        "ru",
        "br",
        "in",
        "mx",
        "pt",
        "ie",
        "lu",
        "cz",
        "hu",
        "gr",
        "tr",
        "za",
    }
)
# The TLDs a slip is corrected to, most likely first.
_COMMON_TLDS: tuple[str, ...] = ("com", "nl", "net", "org", "de", "be", "eu")

_ROWS = ("1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_ROW_SHIFT = (0.0, 0.5, 0.75, 1.25)  # how far each keyboard row is staggered to the right

SLIP = 0.5  # a neighbouring key, two swapped letters, or a doubled letter
EDIT = 1.0  # any other insertion, deletion or substitution


def _key_positions() -> dict[str, tuple[float, float]]:
    return {
        char: (row + 0.0, column + _ROW_SHIFT[row])
        for row, keys in enumerate(_ROWS)
        for column, char in enumerate(keys)
    }


_KEYS = _key_positions()


@lru_cache(maxsize=4096)
def _substitution_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    pa, pb = _KEYS.get(a), _KEYS.get(b)
    if pa is None or pb is None:
        return EDIT
    row_gap, column_gap = abs(pa[0] - pb[0]), abs(pa[1] - pb[1])
    return SLIP if row_gap <= 1 and column_gap <= 1.0 else EDIT


def typing_distance(typed: str, meant: str) -> float:
    """Damerau (optimal string alignment) distance, cheaper for the slips fingers make."""
    rows, cols = len(typed) + 1, len(meant) + 1
    table = [[0.0] * cols for _ in range(rows)]
    for i in range(1, rows):
        table[i][0] = table[i - 1][0] + _insertion_cost(typed, i - 1)
    for j in range(1, cols):
        table[0][j] = table[0][j - 1] + _insertion_cost(meant, j - 1)
    for i in range(1, rows):
        for j in range(1, cols):
            best = min(
                table[i - 1][j] + _insertion_cost(typed, i - 1),  # an extra letter typed
                table[i][j - 1] + _insertion_cost(meant, j - 1),  # a letter left out
                table[i - 1][j - 1] + _substitution_cost(typed[i - 1], meant[j - 1]),
            )
            if (
                i > 1
                and j > 1
                and typed[i - 1] == meant[j - 2]
                and typed[i - 2] == meant[j - 1]
                and typed[i - 1] != typed[i - 2]
            ):
                best = min(best, table[i - 2][j - 2] + SLIP)  # two letters swapped
            table[i][j] = best
    return table[-1][-1]


def _insertion_cost(word: str, index: int) -> float:
    """Typing or dropping a letter costs less when it doubles its neighbour (ziggo.nll)."""
    char = word[index]
    doubled = (index > 0 and word[index - 1] == char) or (
        index + 1 < len(word) and word[index + 1] == char
    )
    return SLIP if doubled else EDIT


def _allowed(domain: str) -> float:
    # Short names leave little room: 'me.com' is one edit from many real domains.
    return 1.0 if len(domain) < 9 else 1.5


def _provider_for(domain: str) -> str | None:
    best: tuple[float, int, str] | None = None
    for rank, provider in enumerate(PROVIDERS):
        if abs(len(provider) - len(domain)) > 2:
            continue
        distance = typing_distance(domain, provider)
        if distance <= _allowed(provider) and (best is None or (distance, rank) < best[:2]):
            best = (distance, rank, provider)
    return None if best is None else best[2]


def _tld_fix(domain: str) -> str | None:
    name, dot, tld = domain.rpartition(".")
    if not dot or not name or tld in _REAL_TLDS or not tld.isalpha():
        return None
    for common in _COMMON_TLDS:
        if typing_distance(tld, common) <= EDIT:
            return f"{name}.{common}"
    return None


@lru_cache(maxsize=2048)
def suggest_domain(domain: str) -> str | None:
    """The domain that was probably meant, or None when it looks right (or unfixable)."""
    cleaned = domain.strip().strip(".").lower()
    if not cleaned or cleaned in KNOWN or len(cleaned) > 253:
        return None
    suggestion = _provider_for(cleaned) or _tld_fix(cleaned)
    if suggestion is None or suggestion == cleaned:
        return None
    return suggestion
