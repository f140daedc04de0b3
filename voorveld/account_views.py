"""Account pages of the login itself: the two-factor step, setting up an authenticator app, recovery
codes, turning two-factor off, a coordinator's reset of someone else's, and the session keep-alive."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from voorveld import two_factor
from voorveld.middleware import session_touch
from voorveld.models import User
from voorveld.roles import MANAGEMENT, AuthenticatedRequest, allow, authenticated

RECOVERY_CODES_SESSION_KEY = "two_factor_new_recovery_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false",
            "data-autofocus": "",
        }),
    )


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url("home")


def _is_verified(request: AuthenticatedRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[attr-defined]


@authenticated
@never_cache
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """The second step of logging in: a code from the authenticator app or a recovery code."""
    user = request.user
    if not two_factor.has_two_factor(user):
        if two_factor.is_mandatory(user):
            return redirect(f"{resolve_url('two_factor_setup')}?{request.GET.urlencode()}")
        return redirect(_next_url(request))
    if _is_verified(request):
        return redirect(_next_url(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if two_factor.verify(request=request, user=user, code=form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error("code", _(
            "This code is not right (or was used already). Wait for the next code in your app and try "
            "again; after several wrong codes you have to wait a little longer each time."
        ))
    return render(request, "voorveld/two_factor/verify.html", {
        "form": form, "next": _next_url(request),
    })


@authenticated
@never_cache
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Link an authenticator app: scan the QR code (or type the key), then confirm with a code."""
    user = request.user
    # Someone with only the password must not replace the authenticator of the account.
    if two_factor.has_two_factor(user) and not _is_verified(request):
        return redirect(f"{resolve_url('two_factor_verify')}?{request.GET.urlencode()}")
    device = two_factor.pending_totp_device(user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        codes = two_factor.totp_setup_confirm(
            request=request, user=user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-step verification is on."))
            query = urlencode({REDIRECT_FIELD_NAME: _next_url(request)})
            return redirect(f"{resolve_url('two_factor_recovery_codes')}?{query}")
        form.add_error("code", _(
            "This code is not right. Check that the time on your phone is correct and enter the code "
            "your app shows now."
        ))
    return render(request, "voorveld/two_factor/setup.html", {
        "form": form, "next": _next_url(request), "qr_svg": two_factor.qr_code_svg(device),
        "secret": two_factor.base32_secret(device), "mandatory": two_factor.is_mandatory(user),
    })


@authenticated
@never_cache
def two_factor_recovery_codes(request: AuthenticatedRequest) -> HttpResponse:
    """Shows new recovery codes once (GET, right after setup) or makes new ones (POST)."""
    if not _is_verified(request):
        return redirect("two_factor_verify")
    if request.method == "POST":
        request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.recovery_codes_renew(user=request.user)
        return redirect("two_factor_recovery_codes")
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("two_factor_account")
    return render(request, "voorveld/two_factor/recovery_codes.html", {
        "codes": codes, "next": _next_url(request),
    })


@authenticated
@never_cache
def two_factor_account(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    return render(request, "voorveld/two_factor/account.html", {
        "enabled": two_factor.has_two_factor(user),
        "mandatory": two_factor.is_mandatory(user),
        "codes_left": two_factor.recovery_codes_left(user),
    })


@authenticated
@require_POST
def two_factor_disable(request: AuthenticatedRequest) -> HttpResponse:
    """Turn two-step verification off: only for roles where it is optional, with a verified session."""
    user = request.user
    if two_factor.is_mandatory(user) or not _is_verified(request):
        messages.error(request, _("Two-step verification is required for your role."))
        return redirect("two_factor_account")
    two_factor.two_factor_remove(user=user, actor=user)
    messages.success(request, _("Two-step verification is off."))
    return redirect("two_factor_account")


@allow(*MANAGEMENT)
@require_POST
def two_factor_reset(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A coordinator removes someone's second factor (lost phone); they set up a new one at login."""
    account = get_object_or_404(User, pk=pk)
    if not two_factor.may_reset(actor=request.user, user=account):
        messages.error(request, _("You cannot reset the two-step verification of this account."))
    else:
        two_factor.two_factor_remove(user=account, actor=request.user)
        messages.success(request, _(
            "The two-step verification of %(name)s is reset: they set up their app again at their next "
            "login."
        ) % {"name": account.display_name})
    target = request.POST.get(REDIRECT_FIELD_NAME, "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("home")


@authenticated
@require_POST
def session_keepalive(request: AuthenticatedRequest) -> HttpResponse:
    """The "stay logged in" button of the session warning: renews the session now."""
    session_touch(request, force=True)
    return HttpResponse(status=204)


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict[str, object] | None = None) -> HttpResponse:
    """django-axes' answer (AXES_LOCKOUT_CALLABLE) to a login attempt while the pair of this username
    and address is locked: a Dutch page, status 429. It says nothing about whether the username exists."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    return render(request, "registration/locked_out.html", {"lockout_minutes": minutes}, status=429)
