"""Where the current action comes from: the client address and the channel (web page, API,
management command, background task), for the audit log.

Requests get theirs from ``AuditContextMiddleware``, background tasks from ``as_task``;
anything else (management commands, the shell, a test calling a domain function) is a
command. Domain functions never see the request: ``core.audit.record`` reads this context.
Context variables rather than thread locals, so that each request, thread or task has its own.
"""

import functools
import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Web page")
    API = "api", _("API")
    COMMAND = "command", _("Management command")
    TASK = "task", _("Background task")


_channel: ContextVar[str] = ContextVar("dienhinh_audit_channel", default=Channel.COMMAND)
_address: ContextVar[str | None] = ContextVar("dienhinh_audit_address", default=None)


def current_channel() -> str:
    return _channel.get()


def current_address() -> str | None:
    return _address.get()


@contextmanager
def acting_from(*, channel: str, address: str | None = None) -> Iterator[None]:
    """Within the block, audit entries carry ``channel`` and ``address``."""
    channel_token = _channel.set(channel)
    address_token = _address.set(address)
    try:
        yield
    finally:
        _address.reset(address_token)
        _channel.reset(channel_token)


def as_task(func):
    """Decorate a task function (under ``@task``) so that what it records says "task".

    A task enqueued by a web request and run at once (the immediate backend) still acts as a
    task, without the request's address.
    """

    @functools.wraps(func)
    def run(*args, **kwargs):
        with acting_from(channel=Channel.TASK):
            return func(*args, **kwargs)

    run.acts_as_task = True  # lets a test check that every task function is decorated
    return run


def client_address(request) -> str:
    """The client's address as sent: REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front
    the entry of X-Forwarded-For that the outermost trusted proxy added. "" when unknown.

    One helper for the login throttle and the audit log, so both blame the same address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "") or ""


def ip_or_none(text: str) -> str | None:
    """``text`` if it is an IPv4 or IPv6 address (a header can hold anything), else None.
    An IPv6 zone ("fe80::1%eth0") is dropped: PostgreSQL's inet type refuses it."""
    try:
        return str(ipaddress.ip_address(text.strip().split("%", 1)[0]))
    except ValueError:
        return None
