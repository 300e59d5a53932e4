from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(TreeAdmin):
    form = movenodeform_factory(OrgUnit, exclude=["search_text", "sort_name"])
    list_display = ["name", "code", "kind", "is_active"]
    search_fields = ["code", "search_text"]
    list_filter = ["kind", "is_active"]


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
