"""Request middleware of the accounts app.

AccountSecurityMiddleware — for signed-in pages: a session that owes a second factor is sent
to give it (the code page) or to set it up, before anything else; and the session's "last
seen" is kept for the profile page's list (at most every SESSION_SEEN_INTERVAL seconds).
The API is left to its own authentication (api/auth.py asks the same question).

PersonalDataAccessMiddleware — exports (XLSX, CSV) and downloads of private files, which
hold personal data, are written to the audit log with who fetched what from where. The
response builders mark them (core.serving, core.xlsx); this records the marked ones.
"""

from urllib.parse import quote

from django.shortcuts import redirect
from django.urls import reverse

from dienhinh.accounts import sessions
from dienhinh.accounts.login_flow import second_factor_due
from dienhinh.accounts.security import (
    DOWNLOAD_PERSONAL_DATA,
    EXPORT_PERSONAL_DATA,
    record_event,
)

# Pages a session owing its second factor may still reach: giving it, setting it up, leaving.
_OPEN_NAMES = ("login_code", "two_factor_setup", "logout", "set_language", "javascript-catalog")
_OPEN_PREFIXES = ("/static/", "/api/", "/healthz")


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: set[str] | None = None

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in _OPEN_NAMES}
        return path in self._open_paths or path.startswith(_OPEN_PREFIXES)

    def __call__(self, request):
        if request.user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES):
            due = second_factor_due(request)
            if due and not self._is_open(request.path):
                target = reverse("login_code" if due == "code" else "two_factor_setup")
                return redirect(f"{target}?next={quote(request.get_full_path())}")
            sessions.touch(request)
        return self.get_response(request)


class PersonalDataAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        kind = getattr(response, "personal_data", "")
        if kind and response.status_code == 200 and request.user.is_authenticated:
            action = EXPORT_PERSONAL_DATA if kind == "export" else DOWNLOAD_PERSONAL_DATA
            extra = {
                "path": request.get_full_path()[:500],
                "filename": getattr(response, "personal_data_name", "")[:255],
            }
            sensitive = getattr(response, "personal_data_sensitive", None)
            if sensitive:
                extra["sensitive"] = list(sensitive)
            record_event(action, actor=request.user, target=None, extra=extra)
        return response
