"""Two-factor authentication: who needs it, setting up an authenticator app, recovery codes, reset.

Built on django-otp: a TOTPDevice per user (the authenticator app) and a StaticDevice holding the
recovery codes. A session counts as verified once django_otp.login() stored the device that accepted
a code (the OTPMiddleware then sets ``request.user.is_verified()``).
"""

from __future__ import annotations

import hashlib
import io
import logging
from base64 import b32encode
from binascii import hexlify
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from voorveld.constants import Role
from voorveld.models import User

logger = logging.getLogger("voorveld.security")

# These roles see personal data of many people or the whole organisation: always two factors.
MANDATORY_ROLES: frozenset[str] = frozenset({Role.COORDINATOR, Role.OFFICER, Role.ADMIN})
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


def is_mandatory(user: User) -> bool:
    """Whether this account may never work without a second factor."""
    return user.role in MANDATORY_ROLES or user.is_staff or user.is_superuser


def has_two_factor(user: User) -> bool:
    """Whether the account has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_verification(user: User) -> bool:
    """Whether this logged-in user must still pass the second factor in this session."""
    if user.is_verified():  # type: ignore[attr-defined]
        return False
    return is_mandatory(user) or has_two_factor(user)


def pending_totp_device(user: User) -> TOTPDevice:
    """The unconfirmed authenticator being set up (one per user; made on first need)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it when typed in by hand."""
    return b32encode(device.bin_key).decode("ascii")


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL of the device as an inline SVG QR code, made here (no outside service)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode("utf-8")
    # Drop the XML declaration: the SVG goes inline into the HTML page.
    return svg[svg.index("<svg"):]


def _normalise(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def totp_setup_confirm(
    *, request: HttpRequest, user: User, device: TOTPDevice, code: str
) -> list[str] | None:
    """Confirm the authenticator being set up with a code from it. On success: the device becomes the
    user's one authenticator, fresh recovery codes are made (returned, to show once) and the session
    is verified. On a wrong code: None."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token(_normalise(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user=user)
    otp_login(request, device)
    logger.info("Two-factor authentication set up for user %s", user.pk)
    return codes


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """Replace the user's recovery codes by RECOVERY_CODE_COUNT new ones (each works once)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def verify(*, request: HttpRequest, user: User, code: str) -> bool:
    """Check a code from the authenticator app or a recovery code; on success verify the session.
    django-otp throttles each device: after wrong codes the next try must wait longer and longer."""
    token = _normalise(code)
    if not token:
        return False
    devices: list[TOTPDevice | StaticDevice] = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *StaticDevice.objects.filter(user=user, confirmed=True),
    ]
    for device in devices:
        with transaction.atomic():
            locked = type(device).objects.select_for_update().get(pk=device.pk)
            if locked.verify_token(token):
                otp_login(request, locked)
                if isinstance(locked, StaticDevice):
                    logger.info("Recovery code used by user %s", user.pk)
                return True
    return False


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def two_factor_remove(*, user: User, actor: User) -> int:
    """Remove every second factor of ``user`` (lost phone, or turning it off). A mandatory role then
    sets up a new authenticator at the next login. Returns how many devices were removed."""
    removed = (
        TOTPDevice.objects.filter(user=user).delete()[1].get("otp_totp.TOTPDevice", 0)
        + StaticDevice.objects.filter(user=user).delete()[1].get("otp_static.StaticDevice", 0)
    )
    logger.info("Two-factor authentication removed for user %s by user %s", user.pk, actor.pk)
    return removed


def may_reset(*, actor: User, user: User) -> bool:
    """A coordinator resets the second factor of staff and officers; only an admin that of an admin."""
    if actor.pk == user.pk or not actor.has_role(Role.COORDINATOR, Role.ADMIN):
        return False
    if user.role == Role.ADMIN or user.is_superuser:
        return actor.has_role(Role.ADMIN)
    return True


# --- Demo accounts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSecret:
    username: str
    base32: str


def demo_secret_hex(username: str) -> str:
    """A fixed TOTP secret per demo username, so `make run` can print it. Demo mode only."""
    return hexlify(hashlib.sha256(f"voorveld-demo-totp:{username}".encode()).digest()[:20]).decode()


def demo_totp_upsert(user: User) -> DemoSecret:
    """Give a demo account its fixed, confirmed authenticator (the caller checks DEMO_MODE)."""
    TOTPDevice.objects.filter(user=user).exclude(key=demo_secret_hex(user.username)).delete()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, key=demo_secret_hex(user.username),
        defaults={"name": TOTP_DEVICE_NAME, "confirmed": True},
    )
    return DemoSecret(username=user.username, base32=base32_secret(device))
