from django.urls import path

from dienhinh.nominations.views import detail

app_name = "nominations"

urlpatterns = [
    path("<int:pk>/", detail.nomination_detail, name="detail"),
]
