# Placeholder routes; the account pages replace these.
from django.http import HttpResponse
from django.urls import path

app_name = "accounts"


def _todo(request, *args, **kwargs):
    return HttpResponse("")


urlpatterns = [
    path("users/", _todo, name="user_list"),
    path("profile/", _todo, name="profile"),
]
