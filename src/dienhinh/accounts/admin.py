from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.models import ApiToken, RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    raw_id_fields = ["unit"]
    exclude = ["created_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["sort_name"]
    list_display = ["email", "full_name", "is_active", "is_superuser"]
    search_fields = ["email", "search_text"]
    list_filter = ["is_active", "is_superuser"]
    filter_horizontal = []
    inlines = [RoleInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone"]}),
        (_("Status"), {"fields": ["is_active", "is_superuser", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_start", "created_at", "last_used_at", "revoked_at"]
    # A revoked token stays revoked: nobody re-enables it from the admin.
    readonly_fields = ["key_hash", "key_start", "created_at", "last_used_at", "revoked_at"]
    raw_id_fields = ["user"]
