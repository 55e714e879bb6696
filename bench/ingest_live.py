"""Live webhook throughput of `bouncedesk ingest` against PostgreSQL.

Starts the service in a process of its own on a fresh database of the PostgreSQL server,
then, with real HTTP and signed SendGrid posts of 100 events each (two events per message:
"processed", then mostly "delivered", some deferred or bounced):

1. sustained: 8 concurrent posters as fast as the service acknowledges, for --seconds;
   prints events/s acknowledged (each 200 means committed) and p50/p99 acknowledgement time,
   and the service's RSS every minute of it (a 10-minute run shows whether memory grows);
2. paced: 1,000 events/s (10 posts/s spread over the 8 posters), for --paced-seconds; p50/p99;
3. the service's RSS after the run and its peak.

    .venv/bin/python bench/ingest_live.py                  # 30 s per phase
    .venv/bin/python bench/ingest_live.py --seconds 60 --paced-seconds 0   # sustained only
    .venv/bin/python bench/ingest_live.py --seconds 600    # 10 minutes sustained, RSS per minute
    BOUNCEDESK_BENCH_PG=postgresql://postgres@127.0.0.1:5432/postgres  (the default)

The machine's load average is printed first and last: on a shared machine compare runs made
back to back only.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import machine_speed  # beside this script: its folder is first on sys.path
import psycopg
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

ROOT = Path(__file__).resolve().parents[1]
ADMIN = os.environ.get("BOUNCEDESK_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
POSTERS = 8
EVENTS = 100


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class Signer:
    def __init__(self) -> None:
        self._key = ec.generate_private_key(ec.SECP256R1())
        der = self._key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.public_key = base64.b64encode(der).decode()

    def headers(self, body: bytes) -> dict[str, str]:
        stamp = str(int(time.time()))
        signature = self._key.sign(stamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        return {
            "Content-Type": "application/json",
            "X-Twilio-Email-Event-Webhook-Signature": base64.b64encode(signature).decode(),
            "X-Twilio-Email-Event-Webhook-Timestamp": stamp,
        }


class Bodies:
    """Fresh signed posts, made on demand by each poster: a mix of a platform's events."""

    def __init__(self, signer: Signer) -> None:
        self._signer = signer
        self._lock = threading.Lock()
        self._next = 0
        self._run = uuid.uuid4().hex[:8]

    def take(self) -> tuple[bytes, dict[str, str]]:
        with self._lock:
            start = self._next
            self._next += EVENTS
        now = int(time.time())
        events = []
        for n in range(start, start + EVENTS):
            # Two events per message, as SendGrid sends them: "processed", then the outcome
            # (mostly "delivered"; one in ten deferred, one in twenty bounced).
            message, second = divmod(n, 2)
            kind = "processed"
            if second:
                kind = {3: "deferred", 7: "deferred", 11: "bounce"}.get(message % 20, "delivered")
            event = {
                "email": f"person{message % 50_000}@example{message % 300}.nl",
                "timestamp": now,
                "event": kind,
                "sg_event_id": f"bench-{self._run}-{n}",
                "sg_message_id": f"msg-{self._run}-{message}.filterdrecv-1",
                "response": "250 2.0.0 OK",
            }
            if kind == "bounce":
                event.update(type="blocked", status="4.2.2", reason="452 4.2.2 Mailbox full")
            if kind == "deferred":
                event["response"] = "421 4.4.2 Connection timed out"
            events.append(event)
        body = json.dumps(events).encode()
        return body, self._signer.headers(body)


def _phase(
    port: int, bodies: Bodies, seconds: float, rate: float | None
) -> tuple[int, list[float], int]:
    """(events acknowledged, latencies in s, failures); `rate` posts/s overall, None: flat out."""
    latencies: list[float] = []
    acked = [0]
    failed = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    interval = POSTERS / rate if rate else 0.0

    def poster(offset: float) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        due = time.monotonic() + offset
        while True:
            if interval:
                delay = due - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                due += interval
            if time.monotonic() >= deadline:
                break
            body, headers = bodies.take()
            began = time.perf_counter()
            try:
                connection.request("POST", "/hooks/sendgrid", body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status = 0
            took = time.perf_counter() - began
            with lock:
                if status == 200:
                    acked[0] += EVENTS
                    latencies.append(took)
                else:
                    failed[0] += 1
        connection.close()

    threads = [
        threading.Thread(target=poster, args=(index * interval / POSTERS,))
        for index in range(POSTERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return acked[0], latencies, failed[0]


def _quantile(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


def _acks(latencies: list[float], failed: int) -> str:
    p50, p99 = _quantile(latencies, 0.5) * 1000, _quantile(latencies, 0.99) * 1000
    return f"ack p50 {p50:.0f} ms, p99 {p99:.0f} ms; {failed} posts not acknowledged"


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in MiB."""
    found = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                found[name] = int(value.split()[0]) // 1024
    return found["VmRSS"], found["VmHWM"]


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _watch_rss(pid: int, done: threading.Event) -> None:
    """Print the service's RSS every minute until `done`."""
    began = time.monotonic()
    while not done.wait(60):
        rss, _ = _rss(pid)
        print(f"  after {time.monotonic() - began:.0f} s: service RSS {rss} MiB", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="sustained (default 30)")
    parser.add_argument(
        "--paced-seconds", type=float, help="paced at 1,000 events/s (default: --seconds; 0: skip)"
    )
    args = parser.parse_args()
    paced = args.seconds if args.paced_seconds is None else args.paced_seconds
    print(f"{machine_speed.describe()}; load average {_load()}")
    name = f"bd_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    url = ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1) + f"/{name}"
    signer = Signer()
    port = _free_port()
    folder = Path(tempfile.mkdtemp(prefix="bd-bench-"))
    config = folder / "ingest.toml"
    config.write_text(
        f'[webhooks]\nlisten = "127.0.0.1:{port}"\nspool = "{folder / "spool"}"\n'
        f'[webhooks.sendgrid]\npublic_key = "{signer.public_key}"\n'
    )
    log = (folder / "service.log").open("wb")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    service = subprocess.Popen(
        [sys.executable, "-m", "desktop", "--db", url, "ingest", "--config", str(config)],
        env=env, stdout=log, stderr=log,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or service.poll() is not None:
                    raise SystemExit("the service did not start; see " + str(folder)) from None
                time.sleep(0.1)
        bodies = Bodies(signer)
        _phase(port, bodies, 3.0, None)  # warm up: connections, caches, first pages
        # A new database's tables have no statistics until autovacuum's first ANALYZE (within
        # a minute); until then the planner scans the events table for every key look-up.
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as database:
            database.execute("ANALYZE")
        cpu = _cpu_seconds(service.pid)
        watching = threading.Event()
        watcher = threading.Thread(target=_watch_rss, args=(service.pid, watching), daemon=True)
        watcher.start()
        acked, latencies, failed = _phase(port, bodies, args.seconds, None)
        watching.set()
        cpu = _cpu_seconds(service.pid) - cpu
        print(
            f"sustained, {POSTERS} posters x {EVENTS}-event posts, {args.seconds:.0f} s:"
            f" {acked / args.seconds:,.0f} events/s acknowledged; {_acks(latencies, failed)};"
            f" service CPU {cpu / args.seconds:.0%} of a core"
            f" ({acked / cpu if cpu else 0:,.0f} events per CPU second)"
        )
        if paced > 0:
            acked, latencies, failed = _phase(port, bodies, paced, 1000 / EVENTS)
            print(
                f"paced at 1,000 events/s, {paced:.0f} s: {acked / paced:,.0f}"
                f" events/s acknowledged; {_acks(latencies, failed)}"
            )
        rss, peak = _rss(service.pid)
        print(f"service RSS after the run: {rss} MiB (peak {peak} MiB); load average {_load()}")
    finally:
        service.send_signal(signal.SIGTERM)
        print(f"service exit status after SIGTERM: {service.wait(60)}")
        log.close()
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
