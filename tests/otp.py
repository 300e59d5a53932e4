"""Signing test clients in, and two-factor authentication without waiting for real time.

``sign_in`` is ``force_login`` plus what a login with the second factor leaves in the
session (but no record of the session for the profile page), so that tests of other pages
as an administrator, monitor or editor are not sent to set up an authenticator app first.
``code_for`` computes a device's TOTP code from its key, as django-otp's own tests do.
"""

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dienhinh.accounts.login_flow import STATE_KEY, VERIFIED
from dienhinh.accounts.sessions import SEEN_KEY


def sign_in(client: Client, user) -> Client:
    client.force_login(user)
    session = client.session
    session[STATE_KEY] = VERIFIED
    # As a login leaves it: the session's record is fresh, so that the first page a test
    # fetches (often one that counts its queries) does not write it.
    session[SEEN_KEY] = int(time.time())
    session.save()
    return client


def give_device(user) -> TOTPDevice:
    """A confirmed authenticator app for ``user``."""
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def code_for(device: TOTPDevice, *, at: float | None = None) -> str:
    """The device's code at ``at`` (now by default), or, when that time step was used
    already, the next step's code (accepted within the device's tolerance of one step)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    if at is None and totp.t() <= device.last_t:
        totp.time = device.t0 + (device.last_t + 1) * device.step
    return f"{totp.token():0{device.digits}d}"
