"""A person's sessions as the profile page lists them: browser and device, address, last
seen; ending one, or all but the current one (also after a password change or reset).

The sessions themselves live in the session store (SESSION_ENGINE); SessionRecord keeps what
the list shows, written at login and then at most every SESSION_SEEN_INTERVAL seconds, never
on every request.
"""

import time
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from dienhinh.accounts.models import SessionRecord, User
from dienhinh.accounts.security import SESSION_REVOKE, record_event
from dienhinh.core.context import client_address, ip_or_none

SEEN_KEY = "dienhinh_seen"


def _store(session_key: str):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def record_session(request) -> None:
    """Write the current session's record now (at login, or when it is due)."""
    key = request.session.session_key
    if not key or not request.user.is_authenticated:
        return
    now = timezone.now()
    details = {
        "user": request.user,
        "last_seen_at": now,
        "address": ip_or_none(client_address(request)),
        "user_agent": request.headers.get("User-Agent", "")[:300],
    }
    SessionRecord.objects.update_or_create(
        session_key=key, defaults=details, create_defaults={**details, "created_at": now}
    )
    request.session[SEEN_KEY] = int(time.time())


def touch(request) -> None:
    """Record the session when it was last recorded more than SESSION_SEEN_INTERVAL ago
    (the time is kept in the session itself, so most requests read nothing more)."""
    seen = request.session.get(SEEN_KEY, 0)
    if int(time.time()) - seen >= settings.SESSION_SEEN_INTERVAL:
        record_session(request)


def forget_session(request) -> None:
    """Drop the record of the current session (it is being logged out)."""
    if request.session.session_key:
        SessionRecord.objects.filter(session_key=request.session.session_key).delete()


def _live_keys(keys: list[str]) -> set[str]:
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        from django.contrib.sessions.models import Session

        return set(
            Session.objects.filter(
                session_key__in=keys, expire_date__gt=timezone.now()
            ).values_list("session_key", flat=True)
        )
    return {key for key in keys if _store(key).exists(key)}


def live_sessions(user: User) -> list[SessionRecord]:
    """``user``'s sessions that still exist, most recently seen first; records of sessions
    that ended on their own are dropped."""
    records = list(SessionRecord.objects.filter(user=user).order_by("-last_seen_at", "-pk"))
    live = _live_keys([record.session_key for record in records])
    gone = [record.pk for record in records if record.session_key not in live]
    if gone:
        SessionRecord.objects.filter(pk__in=gone).delete()
    return [record for record in records if record.session_key in live]


def _end(records: list[SessionRecord]) -> int:
    for record in records:
        _store(record.session_key).delete()
    SessionRecord.objects.filter(pk__in=[record.pk for record in records]).delete()
    return len(records)


def end_session(record: SessionRecord, *, by: User) -> None:
    """End one of ``by``'s own sessions.

    Side effects: deletes the session from the store and its record; one "session.revoke"
    audit entry.
    """
    if record.user_id != by.pk:
        raise PermissionError("Only the owner ends a session.")
    _end([record])
    record_event(SESSION_REVOKE, actor=by, target=by, extra={"count": 1})


def end_other_sessions(user: User, *, keep: str | None, by: User | None, why: str) -> int:
    """End every session of ``user`` but the one with key ``keep`` (all when None): after
    "log out my other sessions", a password change or reset, or turning 2FA on.

    Side effects: deletes the sessions and their records; one "session.revoke" entry when
    any ended. (Every signed-in request records its session first, see touch.)
    """
    records = list(SessionRecord.objects.filter(user=user).exclude(session_key=keep or ""))
    count = _end(records)
    if count:
        record_event(SESSION_REVOKE, actor=by, target=user, extra={"count": count, "why": why})
    return count
