from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

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


# django-otp's own admin shows each device's secret key and QR code: whoever saw it could
# copy a person's second factor. Here a system administrator only sees who has a device
# and may delete one (a person who lost both the phone and the recovery codes).
admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    search_fields = ["user__email"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
