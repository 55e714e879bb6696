"""Each provider's release call against a local server that follows its documentation."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.release_targets import CallOutcome
from desktop.targets.config import parse_release_targets
from desktop.targets.providers import ReleaseClient, client_for
from tests.helpers.provider_servers import KEY, ProviderServer, suppress, target_entry

ADDRESS = "jan+gala@example.nl"


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[ProviderServer]:
    with ProviderServer(request.param) as running:
        yield running


def _client(server: ProviderServer, folder: Path, key: str = KEY) -> ReleaseClient:
    (target,) = parse_release_targets({"release_targets": [target_entry(server, folder, key)]})
    return client_for(target)


def _elsewhere(tmp_path: Path) -> Path:
    folder = tmp_path / "wrong"
    folder.mkdir(exist_ok=True)
    return folder


def test_sendgrid_deletes_from_the_list_of_the_cause(tmp_path: Path) -> None:
    with ProviderServer("sendgrid") as server:
        suppress(server, ADDRESS)
        suppress(server, "spam@example.nl", "spam")
        server.suppressed.add(("blocks", "blocked@example.nl"))
        client = _client(server, tmp_path)
        assert client.remove(ADDRESS, "hard-bounce", "address_unknown").outcome is CallOutcome.DONE
        assert client.remove("spam@example.nl", "spam", "spam_complaint").succeeded
        assert client.remove("blocked@example.nl", "hard-bounce", "blocked").succeeded
        again = client.remove(ADDRESS, "hard-bounce", "address_unknown")
    assert (again.outcome, again.status) == (CallOutcome.GONE, 404)
    assert [(s.method, s.path, s.body) for s in server.requests] == [
        ("DELETE", "/v3/suppression/bounces/jan%2Bgala@example.nl", b""),
        ("DELETE", "/v3/suppression/spam_reports/spam@example.nl", b""),
        ("DELETE", "/v3/suppression/blocks/blocked@example.nl", b""),
        ("DELETE", "/v3/suppression/bounces/jan%2Bgala@example.nl", b""),
    ]
    assert {s.headers["Authorization"] for s in server.requests} == {f"Bearer {KEY}"}


def test_mailgun_deletes_on_every_sending_domain(tmp_path: Path) -> None:
    with ProviderServer("mailgun") as server:
        suppress(server, ADDRESS)
        suppress(server, "spam@example.nl", "spam")
        client = _client(server, tmp_path)
        result = client.remove(ADDRESS, "soft-bounce", "mailbox_full")
        assert (result.outcome, result.requests) == (CallOutcome.DONE, 2)
        assert client.remove("spam@example.nl", "spam", "spam_complaint").succeeded
    basic = "Basic " + base64.b64encode(f"api:{KEY}".encode()).decode()
    assert [(s.method, s.path, s.headers["Authorization"]) for s in server.requests] == [
        ("DELETE", "/v3/mg.example.org/bounces/jan%2Bgala@example.nl", basic),
        ("DELETE", "/v3/mg2.example.org/bounces/jan%2Bgala@example.nl", basic),
        ("DELETE", "/v3/mg.example.org/complaints/spam@example.nl", basic),
        ("DELETE", "/v3/mg2.example.org/complaints/spam@example.nl", basic),
    ]
    assert not server.suppressed


def test_postmark_posts_the_suppression_to_delete(tmp_path: Path) -> None:
    with ProviderServer("postmark") as server:
        suppress(server, ADDRESS)
        assert _client(server, tmp_path).remove(ADDRESS, "hard-bounce", "address_unknown").succeeded
    (seen,) = server.requests
    assert (seen.method, seen.path) == ("POST", "/message-streams/outbound/suppressions/delete")
    assert seen.headers["X-Postmark-Server-Token"] == KEY
    assert seen.headers["Accept"] == seen.headers["Content-Type"] == "application/json"
    assert seen.json() == {"Suppressions": [{"EmailAddress": ADDRESS}]}


def test_mandrill_deletes_the_rejection_and_not_listed_is_success(tmp_path: Path) -> None:
    with ProviderServer("mandrill") as server:
        suppress(server, ADDRESS)
        client = _client(server, tmp_path)
        assert client.remove(ADDRESS, "hard-bounce", "address_unknown").outcome is CallOutcome.DONE
        assert client.remove(ADDRESS, "hard-bounce", "address_unknown").outcome is CallOutcome.GONE
        bad = _client(server, _elsewhere(tmp_path), key="wrong").remove(ADDRESS, "spam", "spam")
    assert (bad.outcome, bad.detail) == (CallOutcome.STOP, "Invalid_Key")
    assert [(s.method, s.path, s.json()) for s in server.requests] == [
        ("POST", "/rejects/delete", {"key": KEY, "email": ADDRESS}),
        ("POST", "/rejects/delete", {"key": KEY, "email": ADDRESS}),
        ("POST", "/rejects/delete", {"key": "wrong", "email": ADDRESS}),
    ]


def test_ses_signs_with_sigv4_and_deletes_the_address(tmp_path: Path) -> None:
    with ProviderServer("ses") as server:
        suppress(server, ADDRESS)
        client = _client(server, tmp_path)
        assert client.remove(ADDRESS, "hard-bounce", "address_unknown").outcome is CallOutcome.DONE
        assert client.remove(ADDRESS, "hard-bounce", "address_unknown").outcome is CallOutcome.GONE
    first = server.requests[0]
    assert (first.method, first.path) == (
        "DELETE", "/v2/email/suppression/addresses/jan%2Bgala%40example.nl",
    )  # fmt: skip
    pattern = (
        r"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\d{8}/eu-west-1/ses/aws4_request, "
        r"SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}"
    )
    assert re.fullmatch(pattern, first.headers["Authorization"])
    assert re.fullmatch(r"\d{8}T\d{6}Z", first.headers["X-Amz-Date"])


@pytest.mark.parametrize(
    "server", ["sendgrid", "mailgun", "postmark", "mandrill", "ses"], indirect=True
)
def test_answers_429_5xx_401_mean_retry_retry_stop(server: ProviderServer, tmp_path: Path) -> None:
    client = _client(server, tmp_path)
    server.script.append((429, {"Retry-After": "17"}, b'{"message": "slow down"}'))
    limited = client.remove(ADDRESS, "hard-bounce", "address_unknown")
    assert (limited.outcome, limited.status, limited.retry_after) == (CallOutcome.RETRY, 429, 17.0)
    server.script.append((503, {}, b"upstream unavailable"))
    failed = client.remove(ADDRESS, "hard-bounce", "address_unknown")
    assert (failed.outcome, failed.status) == (CallOutcome.RETRY, 503)
    refused = _client(server, _elsewhere(tmp_path), key="wrong").remove(ADDRESS, "hard-bounce", "x")
    assert refused.outcome is CallOutcome.STOP
    if server.kind != "mandrill":  # Mandrill answers a bad key with 500 Invalid_Key
        assert refused.status in (401, 403)


def test_no_answer_is_a_retry(tmp_path: Path) -> None:
    with ProviderServer("sendgrid") as server:
        client = _client(server, tmp_path)
    result = client.remove(ADDRESS, "hard-bounce", "address_unknown")  # the server is gone
    assert (result.outcome, result.status) == (CallOutcome.RETRY, 0)


def test_config_errors_are_one_clear_line(tmp_path: Path) -> None:
    cases = [
        ({"kind": "sparkpost"}, "kind must be one of"),
        ({"kind": "sendgrid"}, "api_key_file or api_key_keyring"),
        ({"kind": "mailgun", "api_key_file": "k"}, "mailgun needs domains"),
        ({"kind": "ses"}, "ses needs a region"),
        ({"kind": "sendgrid", "api_key_file": "k", "api_kye": "x"}, "unknown key 'api_kye'"),
        ({"kind": "postmark", "server_token_file": "k", "api_base": "ftp://x"}, "http"),
    ]
    for entry, message in cases:
        with pytest.raises(ValidationError, match=message):
            parse_release_targets({"release_targets": [entry]})
    twice = [{"kind": "sendgrid", "api_key_file": "k"}] * 2
    with pytest.raises(ValidationError, match="named 'sendgrid'"):
        parse_release_targets({"release_targets": twice})
    (ses,) = parse_release_targets({"release_targets": [{"kind": "ses", "region": "eu-west-1"}]})
    assert ses.api_base == "https://email.eu-west-1.amazonaws.com"


def test_the_secret_never_appears_in_the_config_object(tmp_path: Path) -> None:
    key_file = tmp_path / "sg.key"
    key_file.write_text("SG.very-secret\n")
    entry = {"kind": "sendgrid", "api_key_file": str(key_file)}
    (target,) = parse_release_targets({"release_targets": [entry]})
    assert "very-secret" not in repr(target)
    assert target.secret.read() == "SG.very-secret"
    assert json.dumps(str(target)).count("very-secret") == 0
