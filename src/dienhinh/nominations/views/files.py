# Being written: see nominations/urls.py for the views this module provides.
from django.http import Http404


def _missing(request, *args, **kwargs):
    raise Http404


photo_upload = attachment_upload = photo = photo_thumbnail = photo_delete = _missing
attachment = attachment_delete = _missing
