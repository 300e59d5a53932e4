"""The consent recorded on a dossier (Law 91/2025): record it (with an optional scan of the
signed form), withdraw it, download the scan. The same functions as the dossier page."""

from django.http import Http404
from ninja import File, Router
from ninja.files import UploadedFile

from dienhinh.api.routers.nomination_files import _binary
from dienhinh.api.routers.nominations import nomination_for
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from dienhinh.api.schemas.nominations import ConsentWithdrawIn
from dienhinh.api.schemas.publishing import ConsentOut
from dienhinh.core.serving import file_response
from dienhinh.nominations import consent

router = Router(tags=["nomination consent"])


@router.post(
    "/{int:nomination_id}/consent",
    response={200: ConsentOut, **WRITE_ERRORS},
    summary="Record that the person agreed to be publicised (optionally with a scan)",
)
def post_consent(request, nomination_id: int, scan: File[UploadedFile] = None):
    nomination = nomination_for(request, nomination_id)
    return consent.record_consent(nomination, by=request.user, scan=scan)


@router.delete(
    "/{int:nomination_id}/consent",
    response={200: ConsentOut, **WRITE_ERRORS},
    summary="Withdraw the consent (the stories about the dossier go offline)",
)
def delete_consent(request, nomination_id: int, payload: ConsentWithdrawIn = None):
    nomination = nomination_for(request, nomination_id)
    reason = payload.reason if payload is not None else ""
    return consent.withdraw_consent(nomination, by=request.user, reason=reason)


@router.get(
    "/{int:nomination_id}/consent/scan",
    response=READ_ERRORS,
    summary="Download the scan of the signed consent (those who manage consent only)",
    url_name="consent_scan",
    openapi_extra=_binary("The scan.", "application/pdf", "image/jpeg", "image/png"),
)
def get_consent_scan(request, nomination_id: int):
    nomination = nomination_for(request, nomination_id)
    if not consent.may_manage_consent(request.user, nomination) or not nomination.consent_scan:
        raise Http404
    return file_response(
        nomination.consent_scan.name,
        content_type=nomination.consent_scan_type or "application/octet-stream",
        filename=f"consent-{nomination.pk}",
    )
