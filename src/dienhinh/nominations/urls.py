"""Routes of the dossier pages. Views live in nominations/views/, one module per concern."""

from django.urls import path

from dienhinh.nominations.views import (
    autosave,
    consent,
    detail,
    edit,
    export,
    files,
    lists,
    pending,
    person_data,
    subject_data,
    transitions,
)

app_name = "nominations"

urlpatterns = [
    path("", lists.nomination_list, name="list"),
    path("inbox/", lists.inbox, name="inbox"),
    path("export.xlsx", export.export_xlsx, name="export"),
    path("bulk/", transitions.bulk, name="bulk"),
    path("new/", edit.create, name="create"),
    path("<int:pk>/", detail.nomination_detail, name="detail"),
    path("<int:pk>/edit/", edit.edit, name="edit"),
    path("<int:pk>/autosave/", autosave.autosave, name="autosave"),
    path("uploads/", pending.upload, name="pending_upload"),
    path("uploads/<int:pk>/", pending.pending_file, name="pending_file"),
    path("uploads/<int:pk>/thumbnail/", pending.pending_thumbnail, name="pending_thumbnail"),
    path("uploads/<int:pk>/delete/", pending.pending_delete, name="pending_delete"),
    path("<int:pk>/act/<str:action>/", transitions.act, name="act"),
    path("<int:pk>/photos/", files.photo_upload, name="photo_upload"),
    path("<int:pk>/attachments/", files.attachment_upload, name="attachment_upload"),
    path("<int:pk>/consent/", consent.record, name="consent"),
    path("<int:pk>/consent/withdraw/", consent.withdraw, name="consent_withdraw"),
    path("<int:pk>/consent/scan/", consent.scan, name="consent_scan"),
    path("personal-data/", person_data.person_data, name="person_data"),
    path("<int:pk>/personal-data/", subject_data.subject_data, name="subject_data"),
    path("<int:pk>/personal-data/export/", subject_data.subject_export, name="subject_export"),
    path("photos/<int:pk>/", files.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", files.photo_thumbnail, name="photo_thumbnail"),
    path("photos/<int:pk>/delete/", files.photo_delete, name="photo_delete"),
    path("photos/<int:pk>/move/", files.photo_move, name="photo_move"),
    path("attachments/<int:pk>/", files.attachment, name="attachment"),
    path("attachments/<int:pk>/delete/", files.attachment_delete, name="attachment_delete"),
]
