"""API authentication: bearer tokens, or the browser session (with CSRF) for the docs page."""

from ninja.security import HttpBearer, SessionAuth

from dienhinh.accounts.domain import user_for_token
from dienhinh.accounts.login_flow import second_factor_due


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """The browser's session, for an active user whose session owes no second factor (the
    pages would send it to give or set one up first)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None or not user.is_active or second_factor_due(request):
            return None
        return user


AUTH = [TokenAuth(), ActiveSessionAuth()]
