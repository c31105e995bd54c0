"""The production deployment, started on this machine as deploy/ and docs/deployment.md say.

A fresh PostgreSQL database is migrated; gunicorn (deploy/gunicorn.conf.py), the task worker and,
where nginx is installed, nginx with deploy/nginx/regionforum.conf run as subprocesses with
production settings from the environment. A secretariat user uploads a sheet on the import
page; the worker checks and imports it; the figures API then counts its agreements.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ADMIN_URL = os.environ.get(
    "REGIONFORUM_SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"
)
PASSWORD = "smoke-test-password-42"
SHEET = (
    "kind,title,party_1,region_1,party_2,region_2,signed_on,amount,currency,forum\n"
    "contract,Supply of tractors,Minsk Tractor Works,BY-HM,Smolensk Agro,RU-SMO,"
    "2023-06-29,1200000,USD,10\n"
    "agreement,Cooperation in education,Gomel State University,BY-HO,Bryansk University,"
    "RU-BRY,2023-06-29,,,10\n"
)

pytestmark = pytest.mark.deployment


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database() -> Iterator[str]:
    try:
        admin = psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {ADMIN_URL}: {exc}")
    name = f"regionforum_smoke_{uuid.uuid4().hex[:8]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _environment(
    tmp_path: Path, database_url: str, *, origin: str, proxied: bool
) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("REGIONFORUM_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env |= {
        "REGIONFORUM_SECRET_KEY": uuid.uuid4().hex * 2,
        "REGIONFORUM_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REGIONFORUM_DATABASE_URL": database_url,
        "REGIONFORUM_DATA_DIR": str(tmp_path / "data"),
        "REGIONFORUM_STATIC_ROOT": str(tmp_path / "static"),
        "REGIONFORUM_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "REGIONFORUM_PASSWORD": PASSWORD,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]),
    }
    if proxied:
        env |= {
            "REGIONFORUM_PROXY_COUNT": "1",
            # nginx passes the host without its port, as on 443: the origin says where forms are.
            "REGIONFORUM_CSRF_TRUSTED_ORIGINS": origin,
        }
    else:
        # gunicorn alone, over plain HTTP on loopback: cookies cannot be HTTPS-only here.
        env["REGIONFORUM_SECURE_COOKIES"] = "0"
    return env


def _run(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(  # noqa: S603 - our own entry point
        [sys.executable, "-m", "regionforum", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"regionforum {' '.join(args)}: {done.stderr}"


def _nginx_config(tmp_path: Path, *, app_port: int, port: int) -> Path:
    """deploy/nginx/regionforum.conf with this test's port, certificate, app and static folder.

    Each replaced line must be in the shipped file, so that the test runs the file as shipped.
    """
    certificate, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(  # noqa: S603 - fixed arguments
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",  # noqa: S607
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
         "-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "regionforum.conf").read_text()
    replacements = {
        "server 127.0.0.1:8000 ": f"server 127.0.0.1:{app_port} ",
        "    listen 80;\n    listen [::]:80;\n": f"    listen 127.0.0.1:{_free_port()};\n",
        "    listen 443 ssl http2;\n    listen [::]:443 ssl http2;\n": (
            f"    listen 127.0.0.1:{port} ssl http2;\n"
        ),
        "/etc/letsencrypt/live/forum.example.org/fullchain.pem": str(certificate),
        "/etc/letsencrypt/live/forum.example.org/privkey.pem": str(key),
        "/var/lib/regionforum/static/": f"{tmp_path / 'static'}/",
    }
    for old, new in replacements.items():
        assert site.count(old) >= 1, f"deploy/nginx/regionforum.conf no longer has {old!r}"
        site = site.replace(old, new)
    (tmp_path / "nginx").mkdir()
    main = tmp_path / "nginx" / "nginx.conf"
    main.write_text(
        f"{'user root;' if os.geteuid() == 0 else ''}\n"
        "worker_processes 1;\npid nginx.pid;\nerror_log stderr;\n"
        "events { worker_connections 256; }\n"
        "http {\n include /etc/nginx/mime.types;\n access_log off;\n"
        f" client_body_temp_path {tmp_path}/nginx/body;\n"
        f" proxy_temp_path {tmp_path}/nginx/proxy;\n"
        f"{site}\n}}\n"
    )
    return main


def _wait_until_up(session: requests.Session, url: str, processes: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + 60
    last: object = None
    while time.monotonic() < deadline:
        for process in processes:
            assert process.poll() is None, f"{process.args[:3]} exited with {process.returncode}"
        try:
            last = session.get(url, timeout=15)
            if last.status_code == 200:
                return
        except requests.ConnectionError as exc:
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within 60 s; last: {last}")


def _wait_for_job(session: requests.Session, url: str, status: str) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        state = session.get(url, timeout=30).json()
        if state["status"] == status:
            return state
        assert state["status"] != "failed", state
        time.sleep(0.3)
    raise AssertionError(f"{url} did not reach {status} within 60 s: {state}")


def _csrf(page: requests.Response) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def test_deployment_serves_pages_static_files_api_and_runs_tasks_in_the_worker(
    tmp_path: Path, database: str
) -> None:
    # Without nginx (Debian's nginx-light) the same runs against gunicorn alone.
    nginx = shutil.which("nginx")
    proxied = nginx is not None
    app_port, port = _free_port(), _free_port()
    base = f"https://localhost:{port}" if proxied else f"http://127.0.0.1:{app_port}"
    env = _environment(tmp_path, database, origin=base, proxied=proxied)
    _run(env, "migrate", "--no-input")
    _run(env, "collectstatic", "--no-input")
    _run(env, "user", "add", "smoke", "--role", "secretariat")
    processes = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and deploy/ files
            [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"),
             "--bind", f"127.0.0.1:{app_port}", "--workers", "2", "regionforum.wsgi"],
            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        ),
        subprocess.Popen(
            [sys.executable, "-m", "regionforum", "db_worker", "--queue-name=*",
             "--interval", "0.2", "--no-startup-delay", "--worker-id", "smoke-1"],
            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        ),
    ]  # fmt: skip
    session = requests.Session()
    session.trust_env = False
    if proxied:
        config = _nginx_config(tmp_path, app_port=app_port, port=port)
        processes.append(
            subprocess.Popen(  # noqa: S603 - the installed nginx, on our test config
                [nginx, "-p", str(tmp_path / "nginx"), "-c", str(config), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        session.verify = str(tmp_path / "cert.pem")  # the test's own self-signed certificate
    try:
        _wait_until_up(session, f"{base}/api/v1/regions", processes)

        dashboard = session.get(f"{base}/", timeout=30)
        assert dashboard.status_code == 200
        assert "Forum of Regions registry" in dashboard.text
        css = session.get(f"{base}/static/web/site.css", timeout=30)
        assert css.status_code == 200
        assert css.content == (ROOT / "src/regionforum/web/static/web/site.css").read_bytes()
        # The same file straight from gunicorn (WhiteNoise), for setups without nginx's folder.
        direct = session.get(f"http://127.0.0.1:{app_port}/static/web/site.css", timeout=30)
        assert direct.content == css.content
        assert session.get(f"{base}/api/v1/figures", timeout=30).json()["agreements"] == 0

        login = session.get(f"{base}/accounts/login/", timeout=30)
        signed_in = session.post(
            f"{base}/accounts/login/",
            data={"username": "smoke", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(login)},
            headers={"Referer": f"{base}/accounts/login/"},
            timeout=30,
        )
        assert signed_in.url == f"{base}/", (signed_in.status_code, signed_in.text[:300])
        upload = session.get(f"{base}/imports/", timeout=30)
        sent = session.post(
            f"{base}/imports/",
            data={"reporter": "BY", "csrfmiddlewaretoken": _csrf(upload)},
            files={"file": ("smoke.csv", SHEET.encode(), "text/csv")},
            headers={"Referer": f"{base}/imports/"},
            timeout=30,
        )
        job = re.search(r"/imports/(\d+)/$", sent.url)
        assert job, sent.url
        job_url = f"{base}/imports/{job.group(1)}/"
        _wait_for_job(session, f"{job_url}progress/", "previewed")
        page = session.get(job_url, timeout=30)
        session.post(
            f"{job_url}commit/",
            data={"csrfmiddlewaretoken": _csrf(page)},
            headers={"Referer": job_url},
            timeout=30,
        )
        _wait_for_job(session, f"{job_url}progress/", "done")

        figures = session.get(f"{base}/api/v1/figures", timeout=30).json()
        assert (figures["agreements"], figures["with_amount"], figures["total_usd"]) == (
            2,
            1,
            1200000.0,
        )
        with psycopg.connect(database) as connection:
            ran = connection.execute(
                "SELECT task_path, status, worker_ids FROM django_tasks_database_dbtaskresult "
                "ORDER BY enqueued_at"
            ).fetchall()
        assert ran == [
            ("regionforum.registry.tasks.import_job_check", "SUCCESSFUL", ["smoke-1"]),
            ("regionforum.registry.tasks.import_job_commit", "SUCCESSFUL", ["smoke-1"]),
        ]
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM if process.args[0] != nginx else signal.SIGQUIT)
        errors = [
            process.communicate(timeout=40)[1].decode(errors="replace") for process in processes
        ]
    assert [process.returncode for process in processes] == [0] * len(processes), errors
