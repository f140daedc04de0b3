"""voorveld.client_ip: the one place that decides the client's address (lockouts, access log)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from voorveld.client_ip import client_ip


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "expected"), [
    (0, "203.0.113.10", None, "203.0.113.10"),
    (0, "203.0.113.10", "10.0.0.1", "203.0.113.10"),  # no proxy: the header is the client's own claim
    (1, "127.0.0.1", "203.0.113.10", "203.0.113.10"),
    (1, "127.0.0.1", "10.0.0.1, 203.0.113.10", "203.0.113.10"),  # left of the proxy's entry: forged
    (2, "127.0.0.1", "10.0.0.1, 203.0.113.10, 192.0.2.5", "203.0.113.10"),
    (1, "127.0.0.1", None, "127.0.0.1"),  # the proxy added nothing: fall back to the socket
    (1, "127.0.0.1", "not-an-address", "127.0.0.1"),
    (1, "127.0.0.1", "2001:db8::1", "2001:db8::1"),
])
def test_client_ip(settings: object, proxies: int, remote: str, forwarded: str | None, expected: str) -> None:
    settings.TRUSTED_PROXY_COUNT = proxies  # type: ignore[attr-defined]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(RequestFactory().get("/", **extra)) == expected
