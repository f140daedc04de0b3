from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils import translation
from django_htmx.http import HttpResponseClientRedirect

from voorveld.two_factor import has_two_factor, needs_verification


class DutchFirstLocaleMiddleware:
    """Dutch unless the user chose another language with the switcher (the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which on the shared
    tablets and laptops of a workshop is usually English; the portal must open in Dutch.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


SESSION_TOUCHED_KEY = "voorveld_touched"
SESSION_EXPIRES_HEADER = "X-Session-Expires-In"


def _touch_interval() -> int:
    """Seconds between two writes of a session that is only being renewed: one write a minute is
    plenty for an idle timeout of an hour (and the keep-alive always writes)."""
    return max(1, min(60, int(settings.SESSION_COOKIE_AGE) // 10))


def session_touch(request: HttpRequest, *, force: bool = False) -> None:
    """Renew the logged-in session's idle timeout (Django writes it, with a new expiry, at the end)."""
    now = time.time()
    touched = request.session.get(SESSION_TOUCHED_KEY, 0)
    if force or request.session.modified or now - touched >= _touch_interval():
        request.session[SESSION_TOUCHED_KEY] = now


def session_expires_in(request: HttpRequest) -> int:
    """Seconds until the server ends this session if no request comes (what the page's script shows)."""
    touched = request.session.get(SESSION_TOUCHED_KEY, time.time())
    return max(0, int(touched + int(settings.SESSION_COOKIE_AGE) - time.time()))


class SessionIdleMiddleware:
    """The idle timeout slides: every request of a logged-in user renews the session, written at most
    once per _touch_interval() instead of on every request. Each response tells the page's script
    (static/js/session-timeout.js) how many seconds are left, in a header (htmx, the keep-alive) and
    in <body data-session-timeout> (voorveld.context_processors.session_timeout)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session_touch(request)
        response = self.get_response(request)
        if request.user.is_authenticated:
            # The session is written anyway (a login, a view that stored something): its expiry then
            # counts from now, so note the time, for free.
            if request.session.modified:
                session_touch(request, force=True)
            if SESSION_TOUCHED_KEY in request.session:
                response[SESSION_EXPIRES_HEADER] = str(session_expires_in(request))
        return response


def _page_path(request: HttpRequest) -> str:
    """The page the person is on: for an htmx request the page that sent it, not the fragment URL."""
    htmx = getattr(request, "htmx", None)
    if htmx and htmx.current_url_abs_path:
        return str(htmx.current_url_abs_path)
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return resolve_url("home")


def _client_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect the browser follows as a whole page: htmx would swap a plain redirect's target
    (the login page) into the fragment it asked for, so htmx requests get HX-Redirect instead."""
    if getattr(request, "htmx", None):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session expired is sent to the login page as a whole page, with `next`
    the page the person was on (so they come back there after logging in)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            getattr(request, "htmx", None)
            and response.status_code == 302
            and urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)
        ):
            return HttpResponseClientRedirect(redirect_to_login(_page_path(request))["Location"])
        return response


class TwoFactorMiddleware:
    """A logged-in user who needs a second factor (see voorveld.two_factor.needs_verification) reaches
    nothing but the login, logout and two-factor pages until they entered a code in this session:
    every other URL, the Django admin included, sends them to the code page (or, for a mandatory role
    without an authenticator yet, to setting one up)."""

    OPEN_URL_NAMES = frozenset({
        "login", "logout", "healthz", "set_language", "session_keepalive",
        "two_factor_verify", "two_factor_setup", "two_factor_recovery_codes",
    })

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and needs_verification(user):
            if not self._is_open(request):
                target = "two_factor_verify" if has_two_factor(user) else "two_factor_setup"
                url = f"{resolve_url(target)}?{urlencode({REDIRECT_FIELD_NAME: _page_path(request)})}"
                return _client_redirect(request, url)
            # The open pages show no navigation to pages this session cannot reach yet.
            request.two_factor_pending = True  # type: ignore[attr-defined]
        return self.get_response(request)

    def _is_open(self, request: HttpRequest) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name in self.OPEN_URL_NAMES and not match.namespace
