"""The API and the pages under concurrent clients, against gunicorn as deployed.

Loads the demo registry, or `--rows` agreements generated as benchmarks/figures_large.py does,
into a fresh database (a scratch PostgreSQL database by default), starts gunicorn with
deploy/gunicorn.conf.py and production settings, and has every process answer each endpoint
once. Then wrk (Debian's `wrk` package: a real load generator, not a Python client competing
with the server for the cores) keeps `--clients` connections on loopback busy with one endpoint
for `--duration` seconds, endpoint after endpoint. Prints, per endpoint, requests, errors,
median, p95 and p99 latency by wrk's histogram, throughput, and the p95 as a multiple of a
static file's from the same server, with the machine's load before and after. Exit 1 when any
request failed.

    .venv/bin/python benchmarks/load.py [--rows 100000] [--clients 16] [--duration 10]
        [--workers 4] [--cache-url redis://127.0.0.1:6379/0]
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
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A static file served by the same server (WhiteNoise): the floor each page is set against.
STATIC = "/static/web/site.css"
ENDPOINTS = [
    ("static", STATIC),
    ("page", "/"),
    ("page", "/agreements/"),
    ("page", "/agreements/?forum=10"),
    ("page", "/regions/"),
    ("page", "/regions/BY-HO/"),
    ("page", "/regions/BY-HO/with/RU-SMO/"),
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


# wrk's report of one run, as JSON: its own latency histogram's percentiles, in microseconds.
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "failed": %d, "non_2xx": %d, "seconds": %.3f, '
    .. '"p50": %d, "p95": %d, "p99": %d}\\n',
    summary.requests, e.connect + e.read + e.write + e.timeout, e.status,
    summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99)))
end
"""


def _wrk(port: int, path: str, *, clients: int, seconds: float, script: Path) -> dict[str, float]:
    """One page under `clients` connections for `seconds`, by wrk (two threads, one a core)."""
    import json

    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    result = subprocess.run(  # noqa: S603 - wrk, with our own arguments
        [
            wrk, "-t", "2", "-c", str(clients), "-d", f"{seconds:.0f}s", "--timeout", "30s",
            "-H", "Host: localhost", "-s", str(script), f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def _registry(env: dict[str, str], rows: int) -> str:
    """The demo registry, or `rows` generated agreements (as benchmarks/figures_large.py
    generates them); the agreement list's first agreement is looked up once serving."""
    if not rows:
        # The demo is a debug-mode command; the server runs in production mode.
        _regionforum(env | {"REGIONFORUM_DEBUG": "1"}, "demo", "--no-serve")
        return "demo registry"
    subprocess.run(  # noqa: S603 - our own benchmark script
        [
            sys.executable, str(ROOT / "benchmarks/figures_large.py"), "--rows", str(rows),
            "--database-url", env["REGIONFORUM_DATABASE_URL"], "--generate-only",
        ],
        env=env,
        check=True,
        capture_output=True,
    )  # fmt: skip
    return f"{rows:,} generated agreements"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument(
        "--rows", type=int, default=0, help="generated agreements instead of the demo registry"
    )
    parser.add_argument(
        "--admin-url",
        default="postgres://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server where a scratch database is created and dropped",
    )
    parser.add_argument("--sqlite", action="store_true", help="the embedded database instead")
    parser.add_argument(
        "--cache-url", default="", help="REGIONFORUM_CACHE_URL for the server (Redis)"
    )
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
        "REGIONFORUM_DATABASE_URL": f"sqlite:///{folder / 'regionforum.sqlite3'}",
    }
    if args.cache_url:
        env["REGIONFORUM_CACHE_URL"] = args.cache_url
    admin = None
    if not args.sqlite:
        import psycopg

        admin = psycopg.connect(args.admin_url, autocommit=True)
        scratch = f"regionforum_load_{uuid.uuid4().hex[:8]}"
        admin.execute(f'CREATE DATABASE "{scratch}"')
        env["REGIONFORUM_DATABASE_URL"] = args.admin_url.rsplit("/", 1)[0] + "/" + scratch
    script = folder / "report.lua"
    script.write_text(WRK_REPORT)
    server = None
    results: dict[str, dict[str, float]] = {}
    try:
        began = time.monotonic()
        _regionforum(env | {"REGIONFORUM_DEBUG": "1"}, "migrate")
        registry = _registry(env, args.rows)
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
        # Every process answers each endpoint once first, so that none starts the clock cold.
        for path in paths:
            for _ in range(args.workers):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
                connection.request("GET", path, headers={"Host": "localhost"})
                connection.getresponse().read()
                connection.close()
        load_before = os.getloadavg()
        for path in paths:
            results[path] = _wrk(
                port, path, clients=args.clients, seconds=args.duration, script=script
            )
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
        f"{os.cpu_count()} CPUs seen, {database}, {registry} (built in {setup:.0f} s), "
        f"gunicorn {args.workers} processes x {args.threads} threads, "
        f"cache {'Redis' if args.cache_url else 'per process'}; wrk, {args.clients} "
        f"connections on loopback for {args.duration:.0f} s on each endpoint in turn"
    )
    print(
        "machine load (1, 5, 15 min) before: "
        + ", ".join(f"{value:.1f}" for value in load_before)
        + "; after: "
        + ", ".join(f"{value:.1f}" for value in load_after)
    )
    static = results[STATIC]
    print(
        f"{'endpoint':42} {'kind':6} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'req/s':>7} {'p95/static':>10}"
    )
    failed = 0
    for path in paths:
        row = results[path]
        errors = int(row["failed"] + row["non_2xx"])
        failed += errors
        print(
            f"{path:42} {kinds[path]:6} {int(row['requests']):>8} {errors:>6} "
            f"{row['p50'] / 1000:>8.1f} {row['p95'] / 1000:>8.1f} {row['p99'] / 1000:>8.1f} "
            f"{row['requests'] / row['seconds']:>7.1f} {row['p95'] / static['p95']:>10.1f}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
