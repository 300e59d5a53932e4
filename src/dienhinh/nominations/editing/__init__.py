"""Creating and editing nomination dossiers (hồ sơ điển hình), their photos and attachments.

Pages and the API call these functions. Each one checks the user's permission itself, runs
in one transaction and either saves everything or nothing. State never changes here: that
is ``workflow.transition_nomination``'s job.

``data`` is a plain dict with the dossier's fields (see ``DOSSIER_FIELDS``; ``field`` is a
PlanField and ``movement`` a Movement instance or None; years and headcount are ints), plus
``initiatives`` (a list of dicts: title, year, benefit, recognised_by) and ``assessments``
(a list of dicts: criterion (a Criterion or its id), met, evidence). Both lists replace
what was there. ``past_awards`` (a list of dicts: title, year, decision_number,
decision_date, issued_by) replaces the past titles and awards when given; left out, they
stay as they are. Dates are ``datetime.date`` or ISO text; ``party_member`` is True, False
or None (not recorded).

The package: ``eligibility`` (which plans and units), ``validation`` (the fields' rules),
``subject`` (the subject's details of Decree 98/2023), ``dossiers`` (create and update),
``uploads`` (photos and attachments). Callers use the
names below, ``editing.create_nomination(...)``.
"""

from dienhinh.nominations.editing._limits import (
    COLLECTIVE_FIELDS,
    DOSSIER_FIELDS,
    INDIVIDUAL_FIELDS,
    MAX_ATTACHMENTS,
    MAX_HEADCOUNT,
    MAX_INITIATIVES,
    MAX_PAST_AWARDS,
    MAX_PHOTOS,
)
from dienhinh.nominations.editing.dossiers import create_nomination, update_nomination
from dienhinh.nominations.editing.eligibility import (
    nominating_units,
    open_plans,
    plan_closed_reason,
)
from dienhinh.nominations.editing.uploads import (
    add_attachment,
    add_photo,
    move_photo,
    remove_attachment,
    remove_photo,
    safe_filename,
)
from dienhinh.nominations.editing.validation import plan_has_fields, subject_errors

__all__ = [
    "COLLECTIVE_FIELDS",
    "DOSSIER_FIELDS",
    "INDIVIDUAL_FIELDS",
    "MAX_ATTACHMENTS",
    "MAX_HEADCOUNT",
    "MAX_INITIATIVES",
    "MAX_PAST_AWARDS",
    "MAX_PHOTOS",
    "add_attachment",
    "add_photo",
    "create_nomination",
    "move_photo",
    "nominating_units",
    "open_plans",
    "plan_closed_reason",
    "plan_has_fields",
    "remove_attachment",
    "remove_photo",
    "safe_filename",
    "subject_errors",
    "update_nomination",
]
