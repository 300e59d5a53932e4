"""Who sees which story on the editors' side: the single rule behind Story.objects.visible_to.
(The public sees Story.objects.public() only.)"""

from django.db.models import Exists, OuterRef, Q

from dienhinh.accounts.scope import is_system_admin, unit_filter
from dienhinh.nominations.workflow import WRITER_ROLES


def story_filter(user) -> Q:
    """A ``Q`` on Story: stories of units in the user's scope (any role), and the stories
    told about dossiers of units where the user writes dossiers (an officer reads what the
    federation wrote about their unit's people, drafts included, to check the facts)."""
    from dienhinh.orgs.models import OrgUnit
    from dienhinh.publishing.models import StoryDossier

    if is_system_admin(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    unit = OrgUnit.objects.filter(pk=OuterRef("unit_id"))
    visible = Exists(unit.filter(unit_filter(user)))
    writes = unit_filter(user, WRITER_ROLES, prefix="nomination__nominating_unit__")
    if writes != Q(pk__in=[]):
        linked = StoryDossier.objects.filter(writes, story=OuterRef("pk"))
        visible |= Exists(linked)
    return visible
