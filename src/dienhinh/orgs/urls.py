# Placeholder routes; the orgs pages replace these.
from django.http import HttpResponse
from django.urls import path

app_name = "orgs"


def _todo(request, *args, **kwargs):
    return HttpResponse("")


urlpatterns = [
    path("", _todo, name="tree"),
    path("<int:pk>/", _todo, name="detail"),
    path("groups/", _todo, name="group_list"),
]
