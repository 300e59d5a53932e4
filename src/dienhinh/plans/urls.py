# Being written: the plan and movement pages replace this.
from django.http import Http404
from django.urls import path

app_name = "plans"


def _missing(request, *args, **kwargs):
    raise Http404


urlpatterns = [path("", _missing, name="list")]
