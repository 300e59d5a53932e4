"""Routes of the editors' story pages. Views live in publishing/views/, one module per concern."""

from django.urls import path

from dienhinh.publishing.views import (
    actions,
    detail,
    edit,
    lists,
    newspaper,
    photos,
    previews,
    settings,
)

app_name = "publishing"

urlpatterns = [
    path("", lists.story_list, name="list"),
    path("new/", edit.create, name="create"),
    path("<int:pk>/", detail.story_detail, name="detail"),
    path("<int:pk>/edit/", edit.edit, name="edit"),
    path("<int:pk>/act/", actions.act, name="act"),
    path("<int:pk>/compare/", detail.compare, name="compare"),
    path("<int:pk>/photos/", photos.upload, name="photo_upload"),
    path("<int:pk>/photos/import/", photos.import_photo, name="photo_import"),
    path("<int:pk>/previews/", previews.create, name="preview_create"),
    path("versions/<int:pk>/", detail.version_detail, name="version"),
    path("versions/<int:pk>/restore/", detail.restore, name="restore"),
    path("photos/<int:pk>/", photos.photo_file, name="photo"),
    path("photos/<int:pk>/thumbnail/", photos.photo_thumbnail, name="photo_thumbnail"),
    path("photos/<int:pk>/remove/", photos.remove, name="photo_remove"),
    path("previews/<int:pk>/revoke/", previews.revoke, name="preview_revoke"),
    path("preview/<str:key>/", previews.preview, name="preview"),
    path("preview/<str:key>/photos/<int:photo>/", previews.preview_photo, name="preview_photo"),
    path("settings/<int:pk>/", settings.unit_settings, name="settings"),
    path("<int:pk>/newspaper/", newspaper.propose_story, name="newspaper_propose"),
    path("newspaper/", newspaper.proposals, name="newspaper"),
    path("newspaper/<int:pk>/act/", newspaper.act, name="newspaper_act"),
    path("newspaper/columns/<int:pk>/send/", newspaper.send, name="newspaper_send"),
    path("newspaper/batches/<int:pk>/", newspaper.batch_detail, name="newspaper_batch"),
    path(
        "newspaper/batches/<int:pk>/download/",
        newspaper.batch_download,
        name="newspaper_download",
    ),
    path("newspaper/units/<int:unit_pk>/", newspaper.columns, name="newspaper_columns"),
]
