# Placeholder; the import pages replace this.
from django.http import HttpResponse
from django.urls import path

app_name = "unit_import"

urlpatterns = [path("", lambda request: HttpResponse(""), name="upload")]
