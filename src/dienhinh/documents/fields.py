"""The issuing fields of the documents a federation issues about a plan (the summary of the
reports, the score table): number and symbol, place and date, recipients, authority line
and signer. Until the office fills them in they come from the plan: its place, signature
block and recipients, the symbol of the plan's issuer with the document's type ("BC-LĐLĐ"
beside "KH-LĐLĐ"), no number (the blank a paper draft leaves) and today's date.
"""

from django.utils import timezone

from dienhinh.plans.models import Plan

# The document's type in its symbol (Decree 30, Annex III): báo cáo, thông báo.
TYPE_CODES = {"summary": "BC", "scores": "TB"}


def default_symbol(plan: Plan, kind: str) -> str:
    code = TYPE_CODES[kind]
    return f"{code}-{plan.symbol.split('-', 1)[-1]}" if "-" in plan.symbol else code


def plan_document_fields(plan: Plan, kind: str) -> dict:
    """The frame's issuing fields (documents.common.frame) of ``kind`` about ``plan``."""
    return {
        "superior": plan.superior_name,
        "issuer": plan.issuing_unit.name,
        "number": None,
        "symbol": default_symbol(plan, kind),
        "place": plan.place,
        "day": timezone.localdate(),
        "recipients": plan.recipient_lines,
        "authority_line": plan.authority_line,
        "signer_title": plan.signer_title,
        "signer_name": plan.signer_name,
    }
