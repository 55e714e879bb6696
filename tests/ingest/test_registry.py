"""The format registry: every documented format has a reader, unknown ones are refused."""

from __future__ import annotations

import sys

import pytest

from desktop.domain.errors import ValidationError
from desktop.ingest import FORMATS, reader_for


def test_formats_are_the_cli_contract() -> None:
    assert FORMATS == ("postfix", "dsn", "sendgrid", "mailgun", "postmark", "mandrill", "ses")


@pytest.mark.parametrize("name", FORMATS)
def test_reader_for_returns_the_module_read(name: str) -> None:
    reader = reader_for(name)
    assert reader is sys.modules[f"desktop.ingest.{name}"].read


def test_unknown_format_names_the_known_ones() -> None:
    with pytest.raises(ValidationError) as caught:
        reader_for("exim")
    message = str(caught.value)
    assert "exim" in message
    for name in FORMATS:
        assert name in message
