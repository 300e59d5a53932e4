"""A user's own profile: the one change every user may make to their own account."""

from django.db import transaction

from dienhinh.accounts.models import User
from dienhinh.core.text import clean_attributes

PROFILE_FIELDS = ("full_name", "phone")


@transaction.atomic
def update_own_profile(user: User, *, full_name: str, phone: str = "") -> User:
    """Change ``user``'s own name and phone (through clean_text).

    Side effects: validates and saves the user row (its search and sort columns follow) and
    updates ``user`` in memory. Raises ValidationError, changing nothing, when a value is
    invalid.
    """
    # Work on a fresh row so that an invalid value never lingers on the caller's object
    # (the page header shows request.user's name).
    row = User.objects.select_for_update().get(pk=user.pk)
    row.full_name, row.phone = full_name, phone
    clean_attributes(row, lines=PROFILE_FIELDS)
    row.full_clean(exclude=["password"])
    row.save(update_fields=[*PROFILE_FIELDS, "search_text", "sort_name"])
    for name in (*PROFILE_FIELDS, "search_text", "sort_name"):
        setattr(user, name, getattr(row, name))
    return user
