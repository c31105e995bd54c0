"""gunicorn settings for regionforum (`gunicorn -c deploy/gunicorn.conf.py regionforum.wsgi`).

Web processes keep nothing between requests (sessions, tasks and data live in PostgreSQL), so
more of them, on this machine or on others behind the proxy, add capacity. A value given on
the command line (`--bind`, `--workers`) overrides the one here.
"""

import multiprocessing
import os

bind = os.environ.get("REGIONFORUM_BIND", "127.0.0.1:8000")
# Two processes a core, each with a few threads: a request mostly waits on PostgreSQL.
workers = int(os.environ.get("REGIONFORUM_WEB_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("REGIONFORUM_WEB_THREADS", 4))
worker_class = "gthread"
# The forum report (PDF) is the slowest page; longer work goes to the task worker.
timeout = 120
graceful_timeout = 30
keepalive = 5
# Recycle processes now and then, so that a slow leak never grows without bound.
max_requests = 5000
max_requests_jitter = 500
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("REGIONFORUM_FORWARDED_ALLOW_IPS", "127.0.0.1")
