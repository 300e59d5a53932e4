"""The evidence files of the self-scores, found and served the same way by the pages and the
API: only to those who see the unit's breakdown (scoring.visibility), else a 404."""

from django.http import Http404

from dienhinh.core.serving import file_response
from dienhinh.scoring.models import ScoreEntry, UnitScore


def evidence_for(user, pk: int) -> ScoreEntry:
    """The entry ``pk`` with an evidence file, in ``user``'s scope (Http404 otherwise)."""
    entry = (
        ScoreEntry.objects.filter(score__in=UnitScore.objects.visible_to(user), pk=pk)
        .exclude(evidence_file="")
        .select_related("score__rubric__plan__issuing_unit", "score__unit", "item")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def evidence_response(entry: ScoreEntry):
    """The file as a download, with the name the unit gave it."""
    return file_response(
        entry.evidence_file.name,
        content_type=entry.evidence_type or "application/pdf",
        filename=entry.evidence_name or "minh-chung.pdf",
        as_attachment=True,
    )
