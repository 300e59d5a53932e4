"""GET /me: the caller, their roles with units, and whether they administer the system."""

from ninja import Router

from dienhinh.accounts.scope import assignments, is_system_admin
from dienhinh.api.schemas.common import READ_ERRORS
from dienhinh.api.schemas.people import MeOut

router = Router(tags=["me"])


@router.get("", response={200: MeOut, **READ_ERRORS}, summary="Who am I")
def me(request):
    user = request.user
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "phone": user.phone,
        "is_system_admin": is_system_admin(user),
        "roles": sorted(assignments(user), key=lambda a: (a.unit.path, a.role)),
    }
