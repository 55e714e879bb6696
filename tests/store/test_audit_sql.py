"""The settings PostgreSQL lets an approver write are exactly those the services define."""

from __future__ import annotations

from desktop.domain.retention import RETENTION_KEY
from desktop.services.policy import LENGTH_KEY, SOFT_BOUNCES_KEY, SPAM_KEY
from desktop.services.release import APPROVAL_MODE_KEY
from desktop.services.release_targets import REGISTERED_KEY
from desktop.services.systemic import SETTING_MIN_ADDRESSES, SETTING_MIN_SHARE, SETTING_WINDOW
from desktop.store.audit_sql import APPROVER_SETTINGS, UNAUDITED_SETTINGS


def test_the_approvers_settings_are_the_documented_ones() -> None:
    documented = {
        APPROVAL_MODE_KEY,
        SOFT_BOUNCES_KEY,
        LENGTH_KEY,
        SPAM_KEY,
        RETENTION_KEY,
        SETTING_WINDOW,
        SETTING_MIN_ADDRESSES,
        SETTING_MIN_SHARE,
        REGISTERED_KEY,
    }
    assert set(APPROVER_SETTINGS) == documented
    assert set(UNAUDITED_SETTINGS) == {REGISTERED_KEY}  # bookkeeping: which targets exist
