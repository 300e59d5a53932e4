"""The outbox in the Django admin (system administrators): what waits, what failed and why,
with "retry now" (core.mail.retry); and the background tasks' list, read-only, which the
audit page links to for the tasks a lost worker left (core.worker)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db import admin as tasks_admin
from django_tasks_db.models import DBTaskResult

from dienhinh.core.mail import retry
from dienhinh.core.models import OutgoingEmail


class SystemAdminsView:
    """Viewing for every system administrator, without Django model permissions."""

    # The admin admits system administrators only (accounts.User.is_staff); core sits below
    # the accounts app and asks that flag rather than the roles.
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(SystemAdminsView, admin.ModelAdmin):
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


# django-tasks-db's admin asks for the model permission "view_dbtaskresult", which no one
# holds (roles, not Django permissions, say who may what), so a system administrator got
# 403 on the task list /audit/ links to. It is open to them as the outbox is; the second
# factor is asked before any admin page (accounts.middleware). Nothing here changes a task.
admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(SystemAdminsView, tasks_admin.DBTaskResultAdmin):
    pass
