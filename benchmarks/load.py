"""The API and the pages under concurrent clients, against gunicorn as deployed.

Loads the demo registry into a fresh database (a scratch PostgreSQL database by default),
starts gunicorn with deploy/gunicorn.conf.py and production settings, then runs `--clients`
clients on loopback for `--duration` seconds. Each client keeps one connection and requests the
endpoints below in turn, each client from a different place in the list. Prints, per endpoint,
requests, errors, median, p95 and p99 latency and throughput, with the machine's load before
and after. Exit 1 when any request failed.

    .venv/bin/python benchmarks/load.py [--clients 32] [--duration 60] [--workers 4]
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres | --sqlite]
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ENDPOINTS = [
    ("page", "/"),
    ("page", "/agreements/"),
    ("page", "/agreements/?forum=10"),
    ("page", "/regions/"),
    ("page", "/forums/"),
    ("page", "/map/"),
    ("page", "/strategy/"),
    ("page", "/agreements/{agreement}/"),
    ("api", "/api/v1/agreements"),
    ("api", "/api/v1/agreements?forum=10&page=2"),
    ("api", "/api/v1/agreements/{agreement}"),
    ("api", "/api/v1/figures"),
    ("api", "/api/v1/figures?forum=10"),
    ("api", "/api/v1/regions"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _regionforum(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - our own entry point
        [sys.executable, "-m", "regionforum", *args], env=env, check=True, capture_output=True
    )


def _wait(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/regions")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


def _first_agreement(port: int) -> int:
    import json

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/api/v1/agreements")
    body = json.loads(connection.getresponse().read())
    return body["results"][0]["id"]


def _client(
    port: int,
    paths: list[str],
    start: int,
    until: float,
    latencies: dict[str, list[float]],
    errors: dict[str, list[str]],
    lock: threading.Lock,
) -> None:
    mine: dict[str, list[float]] = defaultdict(list)
    failed: dict[str, list[str]] = defaultdict(list)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    position = start
    while time.monotonic() < until:
        path = paths[position % len(paths)]
        position += 1
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Host": "localhost"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                failed[path].append(f"HTTP {response.status}")
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
        except (OSError, http.client.HTTPException) as exc:
            failed[path].append(type(exc).__name__)
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        mine[path].append(time.perf_counter() - began)
    connection.close()
    with lock:
        for path, values in mine.items():
            latencies[path].extend(values)
        for path, values in failed.items():
            errors[path].extend(values)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument(
        "--admin-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server where a scratch database is created and dropped",
    )
    parser.add_argument("--sqlite", action="store_true", help="the embedded database instead")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="regionforum-load-"))
    scratch = ""
    env = {key: value for key, value in os.environ.items() if not key.startswith("REGIONFORUM_")}
    env |= {
        "REGIONFORUM_SECRET_KEY": uuid.uuid4().hex * 2,
        "REGIONFORUM_ALLOWED_HOSTS": "localhost,127.0.0.1",
        "REGIONFORUM_DATA_DIR": str(folder),
        "REGIONFORUM_STATIC_ROOT": str(folder / "static"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
    }
    admin = None
    if not args.sqlite:
        import psycopg

        admin = psycopg.connect(args.admin_url, autocommit=True)
        scratch = f"regionforum_load_{uuid.uuid4().hex[:8]}"
        admin.execute(f'CREATE DATABASE "{scratch}"')
        env["REGIONFORUM_DATABASE_URL"] = args.admin_url.rsplit("/", 1)[0] + "/" + scratch
    server = None
    try:
        began = time.monotonic()
        # The demo is a debug-mode command; the server below runs in production mode.
        _regionforum(env | {"REGIONFORUM_DEBUG": "1"}, "demo", "--no-serve")
        _regionforum(env, "collectstatic", "--no-input")
        setup = time.monotonic() - began
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and deploy/ config
            [
                sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py"),
                "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
                "--threads", str(args.threads), "--access-logfile", "/dev/null",
                "regionforum.wsgi",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        _wait(port, server)
        agreement = _first_agreement(port)
        paths = [path.format(agreement=agreement) for _kind, path in ENDPOINTS]
        kinds = {path.format(agreement=agreement): kind for kind, path in ENDPOINTS}
        # One round of every endpoint first, so that no process starts the clock cold.
        for path in paths:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", path, headers={"Host": "localhost"})
            connection.getresponse().read()
            connection.close()

        latencies: dict[str, list[float]] = defaultdict(list)
        errors: dict[str, list[str]] = defaultdict(list)
        lock = threading.Lock()
        load_before = os.getloadavg()
        started = time.monotonic()
        until = started + args.duration
        clients = [
            threading.Thread(
                target=_client,
                args=(port, paths, index, until, latencies, errors, lock),
                daemon=True,
            )
            for index in range(args.clients)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=40)
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
            admin.close()
        shutil.rmtree(folder, ignore_errors=True)

    database = "SQLite" if args.sqlite else "PostgreSQL"
    print(
        f"setup: {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPUs seen, {database}, demo registry (loaded in {setup:.0f} s), "
        f"gunicorn {args.workers} processes x {args.threads} threads, {args.clients} clients "
        f"on loopback for {elapsed:.0f} s"
    )
    print(
        "machine load (1, 5, 15 min) before: "
        + ", ".join(f"{value:.1f}" for value in load_before)
        + "; after: "
        + ", ".join(f"{value:.1f}" for value in load_after)
    )
    header = f"{'endpoint':42} {'kind':4} {'requests':>8} {'errors':>6} "
    print(header + f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}")
    everything: list[float] = []
    for path in paths:
        values = latencies.get(path, [])
        everything.extend(values)
        if not values:
            print(f"{path:42} {kinds[path]:4} {0:>8} {len(errors.get(path, [])):>6}")
            continue
        print(
            f"{path:42} {kinds[path]:4} {len(values):>8} {len(errors.get(path, [])):>6} "
            f"{statistics.median(values) * 1000:>8.0f} {_percentile(values, 0.95) * 1000:>8.0f} "
            f"{_percentile(values, 0.99) * 1000:>8.0f} {len(values) / elapsed:>7.1f}"
        )
    failed = sum(len(values) for values in errors.values())
    if everything:
        print(
            f"{'all':42} {'':4} {len(everything):>8} {failed:>6} "
            f"{statistics.median(everything) * 1000:>8.0f} "
            f"{_percentile(everything, 0.95) * 1000:>8.0f} "
            f"{_percentile(everything, 0.99) * 1000:>8.0f} {len(everything) / elapsed:>7.1f}"
        )
    for path, values in errors.items():
        print(f"errors on {path}: {sorted(set(values))}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
