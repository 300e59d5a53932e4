# Being written: see nominations/urls.py for the views this module provides.
from django.http import Http404


def _missing(request, *args, **kwargs):
    raise Http404


bulk = act = _missing
