"""The bounce reason classifier: reply code, enhanced status code and server text -> Reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NamedTuple, TypeAlias

from desktop.domain.model import Reason
from desktop.domain.reason_codes import (
    REPLY,
    SPECIFIC,
    CodeMeaning,
    reply_meaning,
    status_meaning,
)
from desktop.domain.reason_phrases import PHRASES
from desktop.domain.reason_phrases_documented import DOCUMENTED
from desktop.domain.reason_phrases_languages import LANGUAGES
from desktop.domain.reason_phrases_postmasters import POSTMASTERS
from desktop.domain.reason_phrases_providers import PROVIDERS

EvidenceKind = Literal["status", "reply_code", "phrase"]

# Longer texts are quoted mail or HTML; the verdict is always in the first few kilobytes.
MAX_DIAGNOSTIC = 8000

# Soft even with a 5xx code: a passing condition (a full mailbox, a server in trouble), or a
# problem of this message or its sender rather than of the address (size, content, policy),
# which quarantining the recipient would not solve. The help article lists them as soft.
_SOFT_BY_NATURE = frozenset(
    {
        Reason.MAILBOX_FULL,
        Reason.SERVER_UNREACHABLE,
        Reason.SERVER_ERROR,
        Reason.DELAYED,
        Reason.MESSAGE_TOO_LARGE,
        Reason.CONTENT_BLOCKED,
        Reason.POLICY,
    }
)
# Without any code, the help article's hard bounces: the address is gone or we are blocked.
_HARD_WITHOUT_CODE = frozenset(
    {Reason.ADDRESS_UNKNOWN, Reason.BLOCKED, Reason.SPAM_COMPLAINT, Reason.DOMAIN_UNKNOWN}
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What decided the reason; `start`/`end` locate it in the diagnostic when it is there."""

    kind: EvidenceKind
    text: str
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True, slots=True)
class Classification:
    """The verdict on one bounce: why, whether it is permanent, how sure, and on what grounds."""

    reason: Reason
    hard: bool
    confidence: float
    evidence: Evidence | None


class _Candidate(NamedTuple):
    """One piece of evidence and the reason it points to (a tuple: made in the hot loop)."""

    reason: Reason
    weight: int
    kind: EvidenceKind
    text: str
    start: int | None
    end: int | None

    def evidence(self) -> Evidence:
        # built for the winner only: a frozen dataclass costs several times a tuple to make
        return Evidence(self.kind, self.text, self.start, self.end)


@dataclass(frozen=True, slots=True)
class _Group:
    """One phrase rule, compiled, with the anchors that must be in a text it can match."""

    weight: int
    reason: Reason
    anchors: tuple[str, ...]
    pattern: re.Pattern[str]


def _compile_groups() -> tuple[_Group, ...]:
    # One pattern per rule, not one per reason: the anchors then rule out almost all of them
    groups = [
        _Group(p.weight, p.reason, p.anchors, re.compile(p.pattern))
        for p in PHRASES + DOCUMENTED + PROVIDERS + LANGUAGES + POSTMASTERS
    ]
    groups.sort(key=lambda group: -group.weight)
    return tuple(groups)


_Trie: TypeAlias = "dict[str, _Trie]"


def _trie_pattern(words: list[str]) -> str:
    """A regex matching any of `words`, shaped as a trie so each position costs little.

    A blank in a word matches any run of white space: servers fold long lines.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def render(node: _Trie) -> str:
        branches = [
            (r"\s+" if char == " " else re.escape(char)) + render(child)
            for char, child in node.items()
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


_GROUPS = _compile_groups()
_ANCHORS = sorted({anchor for group in _GROUPS for anchor in group.anchors})
# Anchors start a word, so the scan only tries word starts; the look-ahead consumes nothing,
# so an anchor that starts inside another one (the "host" of "unknown host not found") is
# still seen. Scripts without spaces between words (Japanese) are looked for anywhere, and
# only in texts that are not plain ASCII.
_SPACED = [anchor for anchor in _ANCHORS if anchor.isascii()]
_UNSPACED = tuple(anchor for anchor in _ANCHORS if not anchor.isascii())
# An ASCII word boundary is cheaper, and it only ever adds word starts (after a letter like
# "é"), so no anchor is missed; the blanks inside anchors still match any white space.
_ANCHOR_RE = re.compile(r"(?a:\b)(?=(" + _trie_pattern(_SPACED) + "))")
# The groups (by index, weightiest first) each scanned anchor wakes up; an anchor found inside
# a longer one (the scan reports only the longer) counts too.
_GROUPS_OF: dict[str, frozenset[int]] = {
    outer: frozenset(
        index
        for index, group in enumerate(_GROUPS)
        if any(anchor in outer for anchor in group.anchors)
    )
    for outer in _ANCHORS
}
# Scanned without look-arounds, which would defeat the regex engine's fast prefix search;
# the characters around a hit are checked by hand.
_STATUS_RE = re.compile(r"([245])\.(\d{1,3})\.(\d{1,3})")
_REPLY_RE = re.compile(r"[45][0-5]\d")
_NOT_BEFORE_STATUS = frozenset("0123456789.abcdefghijklmnopqrstuvwxyz_")
_NOT_BEFORE_REPLY = _NOT_BEFORE_STATUS | frozenset("#:/=+-")
_AFTER_REPLY = frozenset(" \t\r\n:,;)]-")
_STATUS_PARAM_RE = re.compile(r"\s*#?([245])\.(\d{1,3})\.(\d{1,3})")
_PERMANENT_RE = re.compile(r"permanent|will\s+not\s+be\s+retried|no\s+further\s+delivery")


def _lower_same_length(text: str) -> str:
    """Lower-cased text whose character offsets still match the original."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # a few characters (e.g. U+0130) grow when lower-cased; keep those as they are
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _woken(lowered: str) -> set[int]:
    """The rules (indices into _GROUPS) whose anchors are in the text."""
    found = set(_ANCHOR_RE.findall(lowered))
    if not lowered.isascii():
        found.update(anchor for anchor in _UNSPACED if anchor in lowered)
    woken: set[int] = set()
    for anchor in found:
        groups = _GROUPS_OF.get(anchor)
        if groups is None:  # a multi-word anchor split by a line break or a tab
            groups = _GROUPS_OF.get(" ".join(anchor.split()), frozenset())
        woken |= groups
    return woken


def _phrase(
    lowered: str, original: str, *, use_anchors: bool = True, skip: Reason | None = None
) -> _Candidate | None:
    """The weightiest phrase in the text (the earliest of equal weight), if any."""
    if use_anchors:
        indices: list[int] | range = sorted(_woken(lowered))
    else:
        indices = range(len(_GROUPS))
    best: _Candidate | None = None
    for index in indices:
        group = _GROUPS[index]
        if best is not None and group.weight < best.weight:
            break
        if group.reason is skip:
            continue
        match = group.pattern.search(lowered)
        if match is None:
            continue
        start, end = match.span()
        if best is None or best.start is None or start < best.start:
            best = _Candidate(group.reason, group.weight, "phrase", original[start:end], start, end)
    return best


def _find_status(lowered: str) -> re.Match[str] | None:
    for match in _STATUS_RE.finditer(lowered):
        start, end = match.span()
        if start and lowered[start - 1] in _NOT_BEFORE_STATUS:
            continue
        following = lowered[end : end + 2]
        if following[:1].isdigit() or (following[:1] == "." and following[1:].isdigit()):
            continue
        return match
    return None


def _find_reply(lowered: str) -> int | None:
    for match in _REPLY_RE.finditer(lowered):
        start, end = match.span()
        if start and lowered[start - 1] in _NOT_BEFORE_REPLY:
            continue
        if end < len(lowered) and lowered[end] not in _AFTER_REPLY:
            continue
        return start
    return None


@lru_cache(maxsize=512)
def _given_status(status: str) -> tuple[int, int, int] | None:
    # feeds repeat a handful of codes, so parsing each once is enough
    given = _STATUS_PARAM_RE.match(status)
    return None if given is None else (int(given[1]), int(given[2]), int(given[3]))


@lru_cache(maxsize=1024)
def _meaning(code: tuple[int, int, int]) -> CodeMeaning | None:
    return status_meaning(*code)


def _status(status: object, lowered: str) -> tuple[_Candidate | None, int | None]:
    """The most telling enhanced status code (given, or in the text) and its class."""
    best: _Candidate | None = None
    klass: int | None = None
    given = _given_status(status) if isinstance(status, str) else None
    if given is not None:
        klass = given[0]
        meaning = _meaning(given)
        if meaning is not None:
            best = _Candidate(
                meaning.reason, meaning.weight, "status", "{}.{}.{}".format(*given), None, None
            )
            if meaning.weight >= SPECIFIC:
                return best, klass  # a telling code from the feed: the text's own is irrelevant
    match = _find_status(lowered)
    if match is not None:
        code = (int(match[1]), int(match[2]), int(match[3]))
        klass = code[0] if klass is None else klass
        meaning = _meaning(code)
        if meaning is not None and (best is None or meaning.weight > best.weight):
            text = "{}.{}.{}".format(*code)
            best = _Candidate(meaning.reason, meaning.weight, "status", text, *match.span())
    return best, klass


def _reply(reply_code: object, lowered: str) -> tuple[_Candidate | None, int | None]:
    code: int | None = None
    start: int | None = None
    if isinstance(reply_code, int) and not isinstance(reply_code, bool):
        code = reply_code
    elif isinstance(reply_code, str) and reply_code.strip().isdecimal():
        code = int(reply_code.strip())
    if code is None or not 200 <= code <= 599:
        start = _find_reply(lowered)
        code = None if start is None else int(lowered[start : start + 3])
    if code is None:
        return None, None
    klass = code // 100
    reason = reply_meaning(code)
    if reason is None:
        return None, klass
    end = None if start is None else start + 3
    return _Candidate(reason, REPLY, "reply_code", str(code), start, end), klass


def _is_hard(reason: Reason, klass: int | None, lowered: str) -> bool:
    if klass == 4 or reason in _SOFT_BY_NATURE:
        return False
    if klass == 5:
        return True
    return reason in _HARD_WITHOUT_CODE or bool(_PERMANENT_RE.search(lowered))


def _confidence(chosen: _Candidate, others: list[_Candidate]) -> float:
    agreeing = sum(1 for other in others if other is not chosen and other.reason is chosen.reason)
    return round(min(0.99, chosen.weight / 100 + 0.1 * agreeing), 2)


def classify(
    diagnostic: str | None,
    status: str | None = None,
    reply_code: int | str | None = None,
    *,
    deferred: bool = False,
) -> Classification:
    """Classify one bounce. Never raises: anything unrecognisable is `Reason.UNKNOWN`.

    `deferred` says the feed reported a delay, not a bounce: with nothing more telling,
    the reason is then `Reason.DELAYED`.
    """
    original = diagnostic[:MAX_DIAGNOSTIC] if isinstance(diagnostic, str) else ""
    lowered = _lower_same_length(original)
    phrase = _phrase(lowered, original)
    by_status, status_class = _status(status, lowered)
    by_reply, reply_class = _reply(reply_code, lowered)
    if (
        phrase is not None
        and phrase.reason is Reason.SPAM_COMPLAINT
        and (status_class or reply_class or 0) >= 4
    ):
        # a complaint report (RFC 5965) carries no SMTP refusal: "looks like spam or has been
        # reported as spam" in a 550 is the server's filter speaking about the message
        phrase = _phrase(lowered, original, skip=Reason.SPAM_COMPLAINT)
    candidates = [c for c in (phrase, by_status, by_reply) if c is not None]
    klass = status_class or reply_class
    if deferred:
        klass = 4
    if not candidates:
        reason = Reason.DELAYED if deferred else Reason.UNKNOWN
        return Classification(reason, False, 0.0, None)
    # max() keeps the first of equal weights: a phrase beats a code that is as telling
    chosen = max(candidates, key=lambda c: c.weight)
    if deferred and chosen.weight <= REPLY:
        return Classification(Reason.DELAYED, False, 0.5, chosen.evidence())
    hard = _is_hard(chosen.reason, klass, lowered)
    confidence = _confidence(chosen, candidates)
    return Classification(chosen.reason, hard, confidence, chosen.evidence())
