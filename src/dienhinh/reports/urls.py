"""Routes of the report pages. Views live in reports/views/, one module per concern."""

from django.urls import path

from dienhinh.reports.views import files, lists, monitoring, unit

app_name = "reports"

urlpatterns = [
    path("", lists.my_reports, name="mine"),
    path("plans/<int:plan_id>/", lists.plan_reports, name="plan"),
    path("plans/<int:plan_id>/export.xlsx", lists.export_xlsx, name="export"),
    path("plans/<int:plan_id>/remind/", lists.remind, name="remind"),
    path("plans/<int:plan_id>/dates/", lists.change_dates, name="dates"),
    path("plans/<int:plan_id>/monitoring/", monitoring.monitoring, name="monitoring"),
    path(
        "plans/<int:plan_id>/monitoring/export.xlsx",
        monitoring.monitoring_export,
        name="monitoring_export",
    ),
    path("plans/<int:plan_id>/units/<int:unit_id>/", unit.unit_report, name="unit_report"),
    path("plans/<int:plan_id>/units/<int:unit_id>/<str:step>/", unit.act, name="act"),
    path("<int:pk>/attachments/", files.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", files.attachment, name="attachment"),
    path("attachments/<int:pk>/remove/", files.attachment_remove, name="attachment_remove"),
    path("versions/<int:pk>/", unit.version, name="version"),
    path("versions/<int:pk>/scan/", files.scan_upload, name="scan_upload"),
    path("versions/<int:pk>/scan/file/", files.scan, name="scan"),
]
