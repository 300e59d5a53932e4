from django.urls import path, register_converter

from dienhinh.documents import template_views, views


class _Format:
    regex = "docx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(_Format, "docformat")

app_name = "documents"

urlpatterns = [
    path("<slug:kind>/<int:pk>.<docformat:fmt>", views.download, name="download"),
    path("files/<int:pk>/", views.job_file, name="job_file"),
    path("exports/plans/<int:plan_id>/", views.export, name="export"),
    path("plans/<int:plan_id>/<slug:kind>/fields/", views.plan_document_fields, name="fields"),
    path("templates/units/<int:unit_id>/", template_views.unit_templates, name="templates"),
    path(
        "templates/units/<int:unit_id>/<slug:kind>.docx",
        template_views.template_download,
        name="template_download",
    ),
    path(
        "templates/units/<int:unit_id>/<slug:kind>/revert/",
        template_views.template_revert,
        name="template_revert",
    ),
]
