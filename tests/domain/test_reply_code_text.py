"""A reply code given as text with digit-like characters that are not decimal digits (such as
a superscript one) is no reply code, not a crash (hypothesis found '¹')."""

from __future__ import annotations

from desktop.domain.reasons import classify


def test_a_superscript_digit_is_not_a_reply_code() -> None:
    verdict = classify("mailbox full", None, "¹")
    assert verdict.reason.value == "mailbox_full"
    assert classify(None, None, "55²").reason.value == "unknown"
