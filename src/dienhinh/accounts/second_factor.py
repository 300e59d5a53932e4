"""Two-factor authentication: a TOTP authenticator app (django-otp's TOTPDevice) and ten
single-use recovery codes.

Required for the people whose roles reach many others' data (system and subtree
administrators, monitors, editors, who publish to the portal), optional for everyone else;
the demo accounts are exempt only while the site runs in demo mode. Whoever has a device is
asked for a code after the password, on the login page and at the API's token endpoint.
"""

import hashlib
import secrets

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from dienhinh.accounts.models import RecoveryCode, Role, User
from dienhinh.accounts.scope import assignments
from dienhinh.accounts.security import (
    OTP_DISABLE,
    OTP_ENABLE,
    OTP_RECOVERY_RENEW,
    OTP_RECOVERY_USED,
    record_event,
)

REQUIRED_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SUBTREE_ADMIN, Role.MONITOR, Role.EDITOR})
RECOVERY_CODES = 10
# Unambiguous letters and digits (no 0/O, 1/I/L): 16 of them hold 80 random bits.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_RECOVERY_LENGTH = 16
DEVICE_NAME = "authenticator"


def is_demo_exempt(user) -> bool:
    """A demo account while the site runs in demo mode (and only then)."""
    return bool(settings.DEMO_MODE) and user.email.endswith(f"@{settings.DEMO_ACCOUNT_DOMAIN}")


def requires_second_factor(user) -> bool:
    """Whether ``user``'s roles oblige them to use two-factor authentication (no query once
    their roles are loaded)."""
    if not getattr(user, "is_authenticated", False) or is_demo_exempt(user):
        return False
    return user.is_superuser or any(a.role in REQUIRED_ROLES for a in assignments(user))


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice:
    """The device being set up for ``user`` (made now if there is none): its key is in the QR
    code until a first code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an SVG QR code in a data: URI (allowed by the
    policy's img-src, so no script and no extra request)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def manual_key(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _hash_code(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _normal_recovery(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        "".join(secrets.choice(_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODES)
    ]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, code_hash=_hash_code(code)) for code in codes]
    )
    return ["-".join(code[i : i + 4] for i in range(0, len(code), 4)) for code in codes]


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def _verify_totp(user: User, code: str, *, confirmed: bool = True) -> TOTPDevice | None:
    digits = "".join((code or "").split())
    if not (digits.isdigit() and len(digits) == 6):
        return None
    with transaction.atomic():
        # Locked: the same code used twice at once must pass only once (django-otp keeps the
        # last accepted time step on the device).
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=confirmed)
            .order_by("pk")
            .first()
        )
        if device is not None and device.verify_token(digits):
            return device
    return None


def _use_recovery_code(user: User, code: str) -> bool:
    text = _normal_recovery(code)
    if len(text) != _RECOVERY_LENGTH:
        return False
    # One conditional update: a code used twice at once is accepted once.
    return bool(
        RecoveryCode.objects.filter(
            user=user, code_hash=_hash_code(text), used_at__isnull=True
        ).update(used_at=timezone.now())
    )


def check_code(user: User, code: str) -> str | None:
    """Whether ``code`` is a current code of ``user``'s app ("totp") or one of their unused
    recovery codes ("recovery", which is used up); None otherwise.

    Side effects: updates the device's last accepted step (or its failure count), or marks
    the recovery code used and writes an "otp.recovery_used" audit entry.
    """
    if _verify_totp(user, code) is not None:
        return "totp"
    if _use_recovery_code(user, code):
        record_event(
            OTP_RECOVERY_USED,
            actor=user,
            target=user,
            extra={"left": recovery_codes_left(user)},
        )
        return "recovery"
    return None


@transaction.atomic
def enable(user: User, *, code: str) -> list[str] | None:
    """Confirm the device being set up with a first ``code`` from the app; return the ten
    recovery codes (shown once), or None when the code is wrong.

    Side effects: confirms the TOTPDevice (any older device goes), replaces the recovery
    codes, writes an "otp.enable" audit entry.
    """
    device = _verify_totp(user, code, confirmed=False)
    if device is None:
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    record_event(OTP_ENABLE, actor=user, target=user)
    return codes


@transaction.atomic
def disable(user: User, *, code: str) -> bool:
    """Turn two-factor authentication off for ``user``, given a current code (or a recovery
    code). False, changing nothing, when the code is wrong.

    Side effects: deletes the devices and recovery codes, writes an "otp.disable" entry.
    """
    if check_code(user, code) is None:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    record_event(OTP_DISABLE, actor=user, target=user)
    return True


@transaction.atomic
def renew_recovery_codes(user: User, *, code: str) -> list[str] | None:
    """Ten new recovery codes in place of the old ones, given a current code; None when the
    code is wrong or the user has no device.

    Side effects: replaces the RecoveryCode rows, writes an "otp.recovery_renew" entry.
    """
    if not has_device(user) or check_code(user, code) is None:
        return None
    codes = _new_recovery_codes(user)
    record_event(OTP_RECOVERY_RENEW, actor=user, target=user)
    return codes
