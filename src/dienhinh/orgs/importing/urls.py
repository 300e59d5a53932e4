from django.urls import path

from dienhinh.orgs.importing import views

app_name = "unit_import"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<uuid:token>/confirm/", views.confirm, name="confirm"),
    path("<uuid:token>/cancel/", views.cancel, name="cancel"),
]
