"""The caller's own API tokens: list (never the key), create (key shown once), revoke."""

from ninja import Router
from ninja.responses import Status

from dienhinh.accounts.domain import issue_token, revoke_token
from dienhinh.accounts.models import ApiToken
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.schemas.auth import IssuedToken, TokenIn, TokenOut
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS

router = Router(tags=["tokens"])


def _own_tokens(request):
    return ApiToken.objects.active().filter(user=request.user)


@router.get("", response={200: list[TokenOut], **READ_ERRORS}, summary="List your API tokens")
def list_tokens(request):
    return list(_own_tokens(request).order_by("-created_at"))


@router.post("", response={201: IssuedToken, **WRITE_ERRORS}, summary="Create an API token")
def create_token(request, payload: TokenIn):
    """A named token living ``days`` (at most a year). Through the browser's session this
    needs a session that gave its second factor, as on the profile page (api/auth.py)."""
    token, key = issue_token(user=request.user, name=payload.name, days=payload.days)
    return Status(
        201, {"id": token.id, "name": token.name, "token": key, "expires_at": token.expires_at}
    )


@router.delete(
    "/{int:token_id}", response={204: None, **WRITE_ERRORS}, summary="Revoke an API token"
)
def delete_token(request, token_id: int):
    revoke_token(visible_or_404(_own_tokens(request), token_id), by=request.user)
    return Status(204, None)
