"""A throwaway Dovecot IMAP server for tests: own config, port, passwd-file user, Maildir, cert.

Nothing of the system's Dovecot is touched: the server reads only the config written here and
keeps its sockets, state, log and mail in a temporary folder.
"""

from __future__ import annotations

import imaplib
import os
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

USER, PASSWORD = "desk", "s3cret-for-tests"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


def require_dovecot() -> None:
    """Skip without Dovecot, except in CI, where .ci/run installs it."""
    if os.path.exists(DOVECOT) and shutil.which("openssl"):
        return
    if os.environ.get("CI"):
        pytest.fail("dovecot-imapd (and openssl) must be installed for CI: see .ci/run")
    pytest.skip("dovecot-imapd is not installed (and CI is unset)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class DovecotServer:
    """Started by `start`, stopped by `stop`; `connect()` gives a logged-in client."""

    def __init__(self) -> None:
        # Not pytest's tmp_path: its folders are private to the test's user, and Dovecot reads
        # the mail as the mail user (nobody, when the tests run as root).
        self.root = Path(tempfile.mkdtemp(prefix="bouncedesk-dovecot-"))
        self.root.chmod(0o755)
        self.port = _free_port()  # TLS from the start
        self.starttls_port = _free_port()  # plain, upgraded by STARTTLS (required before login)
        self.cert = self.root / "cert.pem"
        self.password_file = self.root / "password"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        root = self.root
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", str(root / "key.pem"), "-out", str(self.cert), "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True,
        )  # fmt: skip
        for sub in ("mail", "run", "state"):
            (root / sub).mkdir()
        if os.geteuid() == 0:
            uid = gid = 65534  # nobody: Dovecot serves no mail as root
            os.chown(root / "mail", uid, gid)
            users = ""
        else:
            uid, gid = os.getuid(), os.getgid()
            me = os.environ.get("USER") or str(uid)
            users = f"default_login_user = {me}\ndefault_internal_user = {me}\n"
        (root / "passwd").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{root / 'mail' / USER}\n"
        )
        self.password_file.write_text(PASSWORD + "\n")
        config = root / "dovecot.conf"
        config.write_text(
            f"""base_dir = {root / "run"}
state_dir = {root / "state"}
log_path = {root / "dovecot.log"}
{users}protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{self.cert}
ssl_key = <{root / "key.pem"}
first_valid_uid = 1
auth_failure_delay = 0
mail_location = maildir:{root / "mail"}/%u
passdb {{
  driver = passwd-file
  args = {root / "passwd"}
}}
userdb {{
  driver = passwd-file
  args = {root / "passwd"}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.starttls_port}
  }}
  inet_listener imaps {{
    port = {self.port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""
        )
        self._process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)])
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if time.monotonic() > deadline or self._process.poll() is not None:
                    raise RuntimeError(f"Dovecot did not start: {self.log()}") from None
                time.sleep(0.05)

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else "(no log)"

    def connect(self) -> imaplib.IMAP4_SSL:
        context = ssl.create_default_context(cafile=str(self.cert))
        client = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=context, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def kick(self) -> None:
        """Drop the test user's open sessions, as a server restart or a network cut does."""
        doveadm = shutil.which("doveadm") or "/usr/bin/doveadm"
        config = self.root / "dovecot.conf"
        subprocess.run([doveadm, "-c", str(config), "kick", USER], check=True, capture_output=True)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        shutil.rmtree(self.root, ignore_errors=True)
