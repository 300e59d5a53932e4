from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import BadRequest
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit, exclude=["search_text", "sort_name"])
    list_display = ["name", "code", "kind", "is_active"]
    search_fields = ["code", "search_text"]
    list_filter = ["kind", "is_active"]

    def children_view(self, request, parent_id):
        # treebeard's tree view builds the change list without the changelist view's guard:
        # an unknown parameter (?page=x) raised IncorrectLookupParameters, answered as a 500.
        try:
            return super().children_view(request, parent_id)
        except IncorrectLookupParameters as error:
            raise BadRequest(str(error)) from error


class MemberInline(admin.TabularInline):
    model = EmulationGroupMember
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(EmulationGroup)
class EmulationGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "year", "organizer", "leader"]
    list_filter = ["year", "kind"]
    raw_id_fields = ["organizer", "leader"]
    inlines = [MemberInline]
