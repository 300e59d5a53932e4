"""Big unit imports run on the worker with a progress bar (core.jobs): the confirmation
page hands the checked file over and shows the job's page; the worker reads and validates
the file again, exactly as a confirmation in the request would, then writes it in one
transaction. Small files are still imported at once, inside the request."""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser as User
from django.urls import reverse
from django.utils.translation import gettext as _

from dienhinh.core import jobs
from dienhinh.orgs.importing import store
from dienhinh.orgs.importing.apply import ImportFailed, apply_plan
from dienhinh.orgs.importing.reader import ImportFileError, read_rows
from dienhinh.orgs.importing.validate import ImportPlan, build_plan
from dienhinh.orgs.models import OrgUnit

KIND = "unit_import"


def in_background(plan: ImportPlan) -> bool:
    return len(plan.rows) > settings.IMPORT_BACKGROUND_ROWS


def start_import(plan: ImportPlan, *, data: bytes, extension: str, file_name: str, by: User):
    """Queue the import of a checked file; returns its Job. (``User`` is accounts.User typed
    by its Django base class, as in orgs.domain: orgs sits below accounts.)"""
    from dienhinh.orgs.importing.tasks import import_units_task

    token = store.save_upload(data, extension)
    return jobs.start(
        KIND,
        owner=by,
        title=_("Import of units from %(file)s") % {"file": file_name or _("a file")},
        total=len(plan.rows),
        params={
            "token": token,
            "extension": extension,
            "parent": plan.default_parent.pk if plan.default_parent else None,
            "digest": plan.digest(),
            "file_name": file_name,
        },
        task=import_units_task,
    )


def _errors(messages) -> list[dict]:
    return [{"row": e.row, "message": str(e.message)} for e in messages]


def work(job, progress) -> tuple[dict, list]:
    """The worker's part: (the counts, no errors) or (nothing, the errors); nothing saved
    on errors. The stored file is removed either way."""
    params = job.params
    data = store.load_upload(params["token"])
    store.delete_upload(params["token"])
    if data is None:
        return {}, [
            {"row": None, "message": _("The file is no longer on the server. Upload again.")}
        ]
    try:
        parsed = read_rows(data)
    except ImportFileError as error:
        return {}, [{"row": None, "message": str(error)}]
    parent = None
    if params.get("parent") is not None:
        parent = OrgUnit.objects.managed_by(job.owner).filter(pk=params["parent"]).first()
        if parent is None:
            message = _("The chosen unit no longer exists or is outside your scope.")
            return {}, [{"row": None, "message": message}]
    plan = build_plan(parsed, user=job.owner, default_parent=parent)
    if plan.has_errors:
        return {}, _errors(plan.errors)
    if plan.digest() != params.get("digest"):
        message = _("The units changed since the preview. Upload the file again to check it.")
        return {}, [{"row": None, "message": message}]
    try:
        result = apply_plan(plan, by=job.owner, progress=progress)
    except ImportFailed as failed:
        return {}, _errors(failed.errors)
    return {**result.counts(), "file_name": params.get("file_name", "")}, []


def register() -> None:
    jobs.register(
        KIND,
        result_template="orgs/import/_result_counts.html",
        back_url=lambda job: reverse("unit_import:upload"),
    )
