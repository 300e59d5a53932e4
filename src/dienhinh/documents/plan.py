"""The plan (kế hoạch) as its official document: its own sections as written, or, for a
plan that has none yet, sections made from its structured data."""

from dienhinh.documents.common import Section, frame
from dienhinh.plans.models import Plan


def _sections_from_data(plan: Plan) -> list[Section]:
    """A plan without written text: the opening from its bases, then its purposes, fields
    and criteria, numbered the way plans are."""
    sections = []
    bases = [b.text.rstrip(" ;.") for b in plan.bases.all()]
    if bases:
        sections.append(Section(paragraphs=["Thực hiện " + "; ".join(bases) + "."]))
    purposes = [line for line in plan.purposes.splitlines() if line.strip()]
    if purposes:
        sections.append(Section("I. MỤC ĐÍCH YÊU CẦU", purposes))
    fields = [f"- {f.name}." for f in plan.plan_fields.all()]
    criteria = [f"- {c.text}." for c in plan.criteria.all()]
    body = []
    if fields:
        body += ["**1. Lĩnh vực**", *fields]
    if criteria:
        body += ["**2. Tiêu chí**", *criteria]
    if body:
        sections.append(Section("II. NỘI DUNG", body))
    return sections


def plan_context(plan: Plan) -> dict:
    written = [Section(s.heading, s.paragraphs) for s in plan.sections.all()]
    return frame(
        superior=plan.superior_name,
        issuer=plan.issuing_unit.name,
        number=plan.number,
        symbol=plan.symbol,
        place=plan.place,
        day=plan.issued_on,
        year=plan.year,
        title=plan.title,
        sections=written or _sections_from_data(plan),
        recipients=plan.recipient_lines,
        authority_line=plan.authority_line,
        signer_title=plan.signer_title,
        signer_name=plan.signer_name,
    )
