"""The outbox in the Django admin (system administrators): what waits, what failed and why,
with "retry now" (core.mail.retry)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dienhinh.core.mail import retry
from dienhinh.core.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    list_display = [
        "recipient",
        "subject",
        "state",
        "attempts",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    list_filter = ["state"]
    search_fields = ["recipient", "subject", "key"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    # What was sent is history: nothing here edits an email.
    readonly_fields = [field.name for field in OutgoingEmail._meta.fields]

    # The admin admits system administrators only (accounts.User.is_staff); core sits below
    # the accounts app and asks that flag rather than the roles.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Retry now"))
    def retry_now(self, request, queryset):
        count = retry(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)s email will be sent again now.",
                "%(count)s emails will be sent again now.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
