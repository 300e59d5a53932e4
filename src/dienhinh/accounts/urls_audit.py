"""The audit list and its CSV export (system administrators and monitors)."""

from django.urls import path

from dienhinh.accounts.views import audit

app_name = "audit"

urlpatterns = [
    path("", audit.audit_list, name="list"),
    path("export.csv", audit.audit_export, name="export"),
    path("personal-data/", audit.personal_data_register, name="personal_data"),
]
