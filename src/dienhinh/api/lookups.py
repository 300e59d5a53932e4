"""Fetching objects through the caller's visibility: outside it, they do not exist (404)."""

from django.utils.translation import gettext as _

from dienhinh.api.errors import ApiError


def visible_or_404(queryset, pk, *, field: str | None = None):
    """The object ``pk`` of the already-scoped ``queryset``, or a 404 naming ``field``.

    ``field`` is the request field that referred to the object, when it came from the body.
    """
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        details = [{"field": field, "message": _("No such object.")}] if field else None
        raise ApiError(404, "not_found", _("Not found."), details)
    return obj


def all_visible_or_404(queryset, pks: list[int], *, field: str) -> list:
    """The objects ``pks`` of the scoped ``queryset`` (in that order), or a 404 naming them."""
    found = {obj.pk: obj for obj in queryset.filter(pk__in=set(pks))}
    missing = [pk for pk in dict.fromkeys(pks) if pk not in found]
    if missing:
        message = _("No such objects: %(ids)s") % {"ids": ", ".join(map(str, missing))}
        raise ApiError(404, "not_found", _("Not found."), [{"field": field, "message": message}])
    return [found[pk] for pk in dict.fromkeys(pks)]
