"""POST /auth/token: exchange an email and password for a bearer token."""

from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from dienhinh.accounts.authentication import login_with_password
from dienhinh.accounts.domain import issue_token
from dienhinh.api.errors import ApiError
from dienhinh.api.schemas.auth import IssuedToken, TokenRequest
from dienhinh.api.schemas.common import ErrorOut

router = Router(tags=["auth"])


@router.post(
    "/token",
    auth=None,
    response={201: IssuedToken, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Get an API token with an email and password",
)
def obtain_token(request, payload: TokenRequest):
    """Throttled exactly like the login page: too many failures give 429 with Retry-After."""
    result = login_with_password(request, email=payload.email, password=payload.password)
    if result.retry_after:
        raise ApiError(
            429, "throttled", result.error, headers={"Retry-After": str(result.retry_after)}
        )
    if result.user is None:
        raise ApiError(401, "invalid_credentials", result.error)
    token, key = issue_token(user=result.user, name=payload.name or _("API"))
    return Status(201, {"id": token.id, "name": token.name, "token": key})
