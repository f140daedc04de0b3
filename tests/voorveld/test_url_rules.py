"""Every URL pattern must declare who may use it, through voorveld.roles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from voorveld.roles import AccessRule

# The Django admin guards itself (is_staff + login); it is the only namespace without our rule.
SELF_GUARDED_NAMESPACES = {"admin"}


def iter_patterns(
    resolver: URLResolver, prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str | None, URLPattern]]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from iter_patterns(
                entry, prefix + str(entry.pattern), entry.namespace or namespace
            )
        else:
            yield prefix + str(entry.pattern), namespace, entry


def all_routes() -> list[tuple[str, str | None, URLPattern]]:
    return list(iter_patterns(get_resolver()))


def access_rule_of(callback: Any) -> AccessRule | None:
    rule = getattr(callback, "access_rule", None)
    if rule is None and hasattr(callback, "view_class"):
        rule = getattr(callback.view_class, "access_rule", None)
    return rule


def test_every_view_declares_an_access_rule() -> None:
    missing = [
        route
        for route, namespace, pattern in all_routes()
        if namespace not in SELF_GUARDED_NAMESPACES and access_rule_of(pattern.callback) is None
    ]
    assert missing == [], f"Views without an access rule (use voorveld.roles): {missing}"


def test_the_walk_sees_the_apps_urls() -> None:
    routes = {route for route, _, _ in all_routes()}
    assert "" in routes and "healthz" in routes
    assert any(route.startswith("deelnemers/") for route in routes)
    assert any(route.startswith("rapportage/") for route in routes)


def test_a_view_without_a_rule_would_be_reported() -> None:
    def bare_view(request: object) -> None:
        return None

    assert access_rule_of(bare_view) is None
