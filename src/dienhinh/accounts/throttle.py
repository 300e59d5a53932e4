"""Throttling of logins: per account-and-address pair and per address, never per account
alone, so that a stranger's wrong passwords cannot lock the owner out from elsewhere.

Every attempt takes a pass before the password is checked (core.throttle: check and count
in one step, so a parallel burst gets no extra tries); a successful login gives its pass
back, so what is counted is failures and attempts still under way. The second step of a
login (the code from the authenticator app) is counted on the same keys.
"""

from dataclasses import dataclass

from django.conf import settings

from dienhinh.core import throttle
from dienhinh.core.context import client_address as core_client_address
from dienhinh.core.throttle import Rate, Taken

PAIR_PREFIX = "login:pair:"


def client_address(request) -> str:
    """The client's address (see core.context.client_address); "unknown" when there is none."""
    return core_client_address(request) or "unknown"


def normal_email(email: str) -> str:
    return (email or "").strip().lower()


def pair_key(email: str, address: str) -> str:
    return f"{PAIR_PREFIX}{normal_email(email)}|{address}"


def address_key(address: str) -> str:
    return f"login:address:{address}"


def pair_rate() -> Rate:
    return Rate(settings.LOGIN_THROTTLE_PER_ACCOUNT_ADDRESS, settings.LOGIN_THROTTLE_WINDOW)


def address_rate() -> Rate:
    return Rate(settings.LOGIN_THROTTLE_PER_ADDRESS, settings.LOGIN_THROTTLE_WINDOW)


@dataclass(frozen=True)
class Attempt:
    """One login attempt that was let through, or refused (``refused`` says by what)."""

    email: str
    address: str
    pair: Taken | None = None
    refused: Taken | None = None
    by_pair: bool = False

    @property
    def allowed(self) -> bool:
        return self.refused is None

    @property
    def locks_now(self) -> bool:
        """Whether this attempt, failing, used up the pair's last try (the lockout begins)."""
        return self.pair is not None and self.pair.count >= pair_rate().limit


def begin(email: str, address: str) -> Attempt:
    """Take a pass for one attempt on ``email`` from ``address``, or say why not."""
    pair = throttle.take(pair_key(email, address), pair_rate())
    if not pair.allowed:
        return Attempt(email, address, refused=pair, by_pair=True)
    per_address = throttle.take(address_key(address), address_rate())
    if not per_address.allowed:
        throttle.give_back(pair_key(email, address), pair_rate())
        return Attempt(email, address, refused=per_address)
    return Attempt(email, address, pair=pair)


def succeeded(attempt: Attempt) -> None:
    """The attempt was right: the pair starts afresh and the address gets its pass back."""
    throttle.clear(pair_key(attempt.email, attempt.address))
    throttle.give_back(address_key(attempt.address), address_rate())


def unlock_account(email: str) -> int:
    """Clear the pairs of ``email`` from every address (the owner's unlock link)."""
    return throttle.clear_prefix(f"{PAIR_PREFIX}{normal_email(email)}|")
