"""Where a release stands at each provider, in the UI language (domain.release_targets words
it in English for the CLI): shared by the details line and the quarantine tab's panel."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from desktop.domain.release_targets import DeliveryState, OutboxItem, target_label
from desktop.ui.common.i18n import QT_TRANSLATE_NOOP, number, translate

_STATES = {
    DeliveryState.PENDING: QT_TRANSLATE_NOOP("ReleaseTarget", "pending"),
    DeliveryState.DONE: QT_TRANSLATE_NOOP("ReleaseTarget", "done"),
    DeliveryState.STOPPED: QT_TRANSLATE_NOOP("ReleaseTarget", "stopped"),
    DeliveryState.GIVEN_UP: QT_TRANSLATE_NOOP("ReleaseTarget", "given up"),
}


def delivery_state_label(state: DeliveryState) -> str:
    return translate("ReleaseTarget", _STATES[state])


def _wait_text(span: timedelta) -> str:
    seconds = max(0, int(span.total_seconds()))
    if seconds < 60:
        return translate("ReleaseTarget", "{0} s").format(number(seconds))
    if seconds < 3600:
        return translate("ReleaseTarget", "{0} min").format(number(round(seconds / 60)))
    return translate("ReleaseTarget", "{0} h {1} min").format(
        number(seconds // 3600), number(seconds % 3600 // 60)
    )


def target_state(item: OutboxItem, now: datetime, zone: tzinfo | None = None) -> str:
    """One target: 'SendGrid ✓ 12:03', 'Mailgun mislukt (503), nieuwe poging over 5 min'."""
    label = target_label(item)
    if item.state is DeliveryState.DONE and item.done_at is not None:
        done = item.done_at.astimezone(zone) if zone else item.done_at
        return f"{label} ✓ {done:%H:%M}"
    if item.state is DeliveryState.STOPPED:
        said = translate("ReleaseTarget", "{0} stopped ({1}): needs an approver")
        return said.format(label, item.last_status)
    if item.state is DeliveryState.GIVEN_UP:
        return translate("ReleaseTarget", "{0} given up").format(label)
    if item.attempts == 0:
        return translate("ReleaseTarget", "{0} waiting").format(label)
    code = item.last_status or translate("ReleaseTarget", "no answer")
    wait = item.next_attempt_at - now
    when = (
        translate("ReleaseTarget", "retrying now")
        if wait.total_seconds() <= 0
        else translate("ReleaseTarget", "retrying in {0}").format(_wait_text(wait))
    )
    return translate("ReleaseTarget", "{0} failed ({1}), {2}").format(label, code, when)


def targets_line(items: list[OutboxItem], now: datetime, zone: tzinfo | None = None) -> str:
    """Every target of one release on one line, joined by ' · '."""
    return " · ".join(target_state(item, now, zone) for item in items)
