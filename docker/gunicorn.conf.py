"""Gunicorn settings for the `web` container (docker-compose.yml). Command-line flags override them."""

from __future__ import annotations

import os

# All interfaces inside the container; docker-compose.yml publishes the port on 127.0.0.1 only,
# for the TLS-terminating proxy on the same host.
bind = "0.0.0.0:8000"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# The heartbeat file on a tmpfs: a container's overlay filesystem can stall workers.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - a tmpfs inside the container, not a shared /tmp
timeout = 60
graceful_timeout = 30
# Recycle workers now and then so slow memory growth never takes the container down.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
# The path without its query string and without the referring URL: a query string holds search
# terms (names), and so does a referrer that came from a search. Gunicorn's default format logs both.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
# forwarded_allow_ips stays at gunicorn's default (127.0.0.1 only): Django alone decides whether to
# trust X-Forwarded-Proto, through TRUSTED_PROXY_COUNT / SECURE_PROXY_SSL_HEADER in settings.
