"""PostgreSQL lets only an approver (or the owner) change the retention period; agents read it."""

from __future__ import annotations

import pytest

from desktop.domain.errors import PermissionDenied
from desktop.services.retention import retention_days, set_retention
from desktop.store.database import Database
from tests.store.test_roles import (  # noqa: F401 (fixtures)
    AGENT,
    APPROVER,
    NOW,
    LoginAs,
    login_as,
    owner,
    roles,
)

pytestmark = pytest.mark.postgres


def test_only_an_approver_sets_the_retention_period(owner: Database, login_as: LoginAs) -> None:  # noqa: F811
    agent, approver = login_as(AGENT), login_as(APPROVER)
    with pytest.raises(PermissionDenied), agent.unit_of_work() as uow:
        set_retention(uow, 30, "anna", NOW)
    with approver.unit_of_work() as uow:
        set_retention(uow, 90, "lead", NOW)
    with approver.unit_of_work() as uow:
        set_retention(uow, 60, "lead", NOW)  # and change it again
    with agent.unit_of_work() as uow:
        assert retention_days(uow) == 60
    with owner.unit_of_work() as uow:
        set_retention(uow, None, "owner", NOW)
        assert retention_days(uow) is None
        assert [e.after for e in uow.audit.entries(action="setting_changed")][-3:] == [
            "90", "60", "",
        ]  # fmt: skip
