"""The issuing fields of the documents a federation issues about a plan (the summary of the
reports, the score table): number and symbol, place and date, recipients, authority line
and signer. The office sets them on a small form (kept per plan and document,
PlanDocumentFields); until then they come from the plan: its place, signature block and
recipients, the symbol of the plan's issuer with the document's type ("BC-LĐLĐ" beside
"KH-LĐLĐ"), no number (the blank a paper draft leaves) and today's date.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.core.text import clean_field
from dienhinh.documents.models import PlanDocumentFields
from dienhinh.plans.models import Plan

# The document's type in its symbol (Decree 30, Annex III): báo cáo, thông báo.
TYPE_CODES = {"summary": "BC", "scores": "TB"}
EDITABLE = ("number", "symbol", "place", "issued_on", "recipients")
SIGNATURE = ("authority_line", "signer_title", "signer_name")


def default_symbol(plan: Plan, kind: str) -> str:
    code = TYPE_CODES[kind]
    return f"{code}-{plan.symbol.split('-', 1)[-1]}" if "-" in plan.symbol else code


def defaults(plan: Plan, kind: str) -> dict:
    """The fields as the form first shows them (recipients one per line)."""
    return {
        "number": None,
        "symbol": default_symbol(plan, kind),
        "place": plan.place,
        "issued_on": None,
        "recipients": "\n".join(plan.recipient_lines),
        "authority_line": plan.authority_line,
        "signer_title": plan.signer_title,
        "signer_name": plan.signer_name,
    }


def stored_or_default(plan: Plan, kind: str) -> dict:
    row = PlanDocumentFields.objects.filter(plan=plan, kind=kind).first()
    if row is None:
        return defaults(plan, kind)
    return {name: getattr(row, name) for name in (*EDITABLE, *SIGNATURE)}


def plan_document_fields(plan: Plan, kind: str) -> dict:
    """The frame's issuing fields (documents.common.frame) of ``kind`` about ``plan``."""
    values = stored_or_default(plan, kind)
    return {
        "superior": plan.superior_name,
        "issuer": plan.issuing_unit.name,
        "number": values["number"],
        "symbol": values["symbol"] or default_symbol(plan, kind),
        "place": values["place"],
        "day": values["issued_on"] or timezone.localdate(),
        "recipients": [line.strip() for line in values["recipients"].splitlines() if line.strip()],
        "authority_line": values["authority_line"],
        "signer_title": values["signer_title"],
        "signer_name": values["signer_name"],
    }


@transaction.atomic
def save_plan_document_fields(
    plan: Plan,
    kind: str,
    *,
    by,
    number: int | None,
    issued_on: datetime.date | None,
    **texts: str,
) -> PlanDocumentFields:
    """Keep the issuing fields of ``kind`` about ``plan``, for those who issue the plan's
    documents (service.may_summarise; PermissionDenied otherwise). Side effects: writes (or
    replaces) the PlanDocumentFields row."""
    from dienhinh.documents.service import may_summarise

    if not may_summarise(by, plan):
        raise PermissionDenied(_("You may not change this document."))
    values = {
        name: clean_field(texts.get(name) or "", field=name, multiline=name == "recipients")
        for name in ("symbol", "place", "recipients", *SIGNATURE)
    }
    values["symbol"] = values["symbol"] or default_symbol(plan, kind)
    row, _created = PlanDocumentFields.objects.update_or_create(
        plan=plan,
        kind=kind,
        defaults={**values, "number": number, "issued_on": issued_on, "updated_by": by},
    )
    return row
