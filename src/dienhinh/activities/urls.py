from django.urls import path

from dienhinh.activities.views import files, pages

app_name = "activities"

urlpatterns = [
    path("", pages.activity_list, name="list"),
    path("new/", pages.create, name="create"),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/edit/", pages.edit, name="edit"),
    path("<int:pk>/delete/", pages.delete, name="delete"),
    path("<int:pk>/photos/", files.photo_upload, name="photo_upload"),
    path("<int:pk>/minutes/", files.minutes, name="minutes"),
    path("photos/<int:pk>/", files.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", files.photo_thumbnail, name="photo_thumbnail"),
    path("photos/<int:pk>/delete/", files.photo_delete, name="photo_delete"),
]
