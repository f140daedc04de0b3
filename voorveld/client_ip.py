"""The client's address, as far as this installation can know it.

Not behind a proxy (TRUSTED_PROXY_COUNT=0, the default) the address is REMOTE_ADDR: a client can send
any X-Forwarded-For it likes, so the header is ignored. Behind N trusted reverse proxies each proxy
appends the address it received the request from to X-Forwarded-For; the client's address is then the
N-th entry from the right. Everything left of it is whatever the client sent and is never believed.

django-axes (AXES_CLIENT_IP_CALLABLE) and the access log both use this one function.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    proxies: int = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        # The proxy did not add its entry: not the set-up we trust, so fall back to the socket.
        return remote
    return _valid(forwarded[-proxies]) or remote
