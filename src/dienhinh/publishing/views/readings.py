"""The reading beacon: a 1×1 image on the portal's story page whose request counts one
reading (publishing.readings). Public by design; it answers the same image whatever the id,
so it tells nothing about which stories exist."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from dienhinh.publishing.readings import count_reading

# A transparent 1×1 GIF.
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@require_GET
def read(request, pk: int):
    count_reading(request, pk)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
