"""Two-step verification helpers for tests: a confirmed authenticator and its current code."""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from voorveld.models import User


def totp_device(user: User) -> TOTPDevice:
    """The user's confirmed authenticator, made when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def totp_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code the authenticator app shows now (or ``offset_steps`` 30-second steps from now)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def otp_verify_session(client: Client, user: User) -> TOTPDevice:
    """Mark the client's (logged-in) session as having passed two-step verification with the user's
    authenticator, exactly as django_otp.login() stores it."""
    device = totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def totp_fresh_code(device: TOTPDevice) -> str:
    """A code the device still accepts: django-otp refuses a time step that was used already, so a
    second login within 30 seconds takes the next step's code (within the device's tolerance)."""
    device.refresh_from_db()
    now_t = int((time.time() - device.t0) // device.step) + device.drift
    wait_steps = device.last_t + 1 - now_t
    if wait_steps > device.tolerance:
        time.sleep(device.step * (wait_steps - device.tolerance))
        return totp_fresh_code(device)
    return totp_code(device, offset_steps=max(0, wait_steps))


def force_login_verified(client: Client, user: User) -> None:
    """client.force_login, plus the passed two-step verification that the user's role requires."""
    from voorveld.two_factor import is_mandatory

    client.force_login(user)
    if is_mandatory(user):
        otp_verify_session(client, user)
