"""POST /auth/token: exchange an email and password (and the code of the authenticator app,
for those who have one) for a bearer token."""

from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from dienhinh.accounts import second_factor
from dienhinh.accounts.authentication import (
    LoginResult,
    check_second_factor,
    login_with_password,
    record_login,
)
from dienhinh.accounts.domain import issue_token
from dienhinh.accounts.models import TokenKind
from dienhinh.api.errors import ApiError
from dienhinh.api.schemas.auth import IssuedToken, TokenRequest
from dienhinh.api.schemas.common import ErrorOut

router = Router(tags=["auth"])


def _refuse(result: LoginResult, code: str) -> None:
    if result.retry_after:
        raise ApiError(
            429, "throttled", result.error, headers={"Retry-After": str(result.retry_after)}
        )
    raise ApiError(401, code, result.error)


@router.post(
    "/token",
    auth=None,
    response={
        201: IssuedToken,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    summary="Get an API token with an email and password",
)
def obtain_token(request, payload: TokenRequest):
    """Throttled exactly like the login page: too many tries give 429 with Retry-After.

    Someone with two-factor authentication sends the app's current code (or a recovery
    code) as ``otp``: without it the answer is 401 ``otp_required``. Someone whose roles
    require two-factor authentication and who has not set it up gets 403
    ``second_factor_setup_required`` (set it up on the profile page first). The token expires
    after API_LOGIN_TOKEN_DAYS; a person keeps only their latest API_LOGIN_TOKEN_CAP login
    tokens (the oldest is revoked)."""
    result = login_with_password(request, email=payload.email, password=payload.password)
    if result.user is None:
        _refuse(result, "invalid_credentials")
    user, method = result.user, "password"
    if second_factor.has_device(user):
        if not payload.otp:
            raise ApiError(
                401, "otp_required", _("Send the code of your authenticator app as “otp”.")
            )
        result = check_second_factor(request, user, payload.otp)
        if result.user is None:
            _refuse(result, "invalid_otp")
        method = result.method
    elif second_factor.requires_second_factor(user):
        raise ApiError(
            403,
            "second_factor_setup_required",
            _("Your roles require two-factor authentication: set it up on your profile page."),
        )
    record_login(user, method=method)
    token, key = issue_token(user=user, name=payload.name or _("API"), kind=TokenKind.LOGIN)
    return Status(
        201, {"id": token.id, "name": token.name, "token": key, "expires_at": token.expires_at}
    )
