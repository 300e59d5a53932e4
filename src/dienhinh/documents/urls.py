from django.urls import path, register_converter

from dienhinh.documents import views


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
]
