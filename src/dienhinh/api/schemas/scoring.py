"""Schemas of emulation scoring: rubrics (items, classes, tie-break, versions) and scores
(each unit's breakdown, totals, class and ranks, live or as finalised)."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from dienhinh.api.schemas.common import Id, Line, Paragraphs

# The same reference to a unit as the monitoring figures (one component in the document).
from dienhinh.api.schemas.monitoring import UnitRef
from dienhinh.scoring.enums import ClassScheme, Formula, ItemKind, ScoringState, Source, TieBreak


class RubricItemOut(Schema):
    id: int
    parent_id: int | None
    position: int
    kind: ItemKind
    title: str
    guidance: str
    max_points: Decimal
    min_points: Decimal
    points_each: Decimal | None
    source: Source | None = Field(None, description="What a computed item counts.")
    formula: Formula | None = None
    threshold: int
    late_points: Decimal | None
    formula_text: str = Field(description="How the item scores, in one sentence.")

    @staticmethod
    def resolve_source(obj):
        return obj.source or None

    @staticmethod
    def resolve_formula(obj):
        return obj.formula or None


class ClassOut(Schema):
    name: str
    min_total: Decimal


# Named apart from publishing's VersionBrief (a story's version): one component name each.
class ScoringVersionBrief(Schema):
    id: int
    number: int
    finalised_at: datetime
    reason: str


class RubricOut(Schema):
    id: int
    plan_id: int
    plan_reference: str
    state: ScoringState
    class_scheme: ClassScheme
    tie_break: list[str] = Field(description="Keys after the official total, in order.")
    group_year: int = Field(description="The year of the emulation groups ranked.")
    items: list[RubricItemOut]
    classes: list[ClassOut]
    versions: list[ScoringVersionBrief]
    allowed_actions: list[str]


class RecordOut(Schema):
    kind: str = Field(description="dossier, story, meeting, seminar or report")
    pk: int
    label: str
    state: str = Field(description="A dossier's state or the report's timeliness.")
    date: str = Field(description="dd/mm/yyyy: published, held or counted from.")
    people: int | None = Field(description="The participants of a meeting or seminar.")
    amount: int = Field(description="What the record adds to the count.")


class ItemScoreOut(Schema):
    id: int
    parent: int | None
    depth: int
    kind: ItemKind
    title: str
    max: Decimal
    min: Decimal
    formula: str
    computed: bool
    self: Decimal | None = Field(None, alias="self", description="Points of the self-score.")
    official: Decimal | None = Field(None, description="Points of the official score.")
    difference: Decimal | None = None
    self_value: Decimal | None = Field(None, description="As typed: 1/0, points, occurrences.")
    official_value: Decimal | None = None
    evidence: str
    evidence_file_id: int | None = Field(
        None,
        description="The evidence file, at /api/v1/score-entries/{evidence_file_id}/evidence.",
    )
    evidence_name: str = Field("", description="The evidence file's name.")
    explanation: str
    count: int | None = Field(None, description="What a computed item counted.")
    status: str | None = Field(None, description="The report's timeliness (report items).")
    records: list[RecordOut] = Field(description="The records behind a computed item.")

    @staticmethod
    def resolve_evidence_file_id(obj):
        return obj.get("evidence_entry")


class RankOut(Schema):
    group: int
    name: str
    rank: int
    of: int


class UnitScoreOut(Schema):
    unit: UnitRef
    self_total: Decimal
    official_total: Decimal
    computed_total: Decimal
    klass: str | None = Field(None, alias="class", description="The class of the official total.")
    report_status: str
    unreviewed: int = Field(description="Entered items still without an official score.")
    ranks: list[RankOut]
    items: list[ItemScoreOut]


class GroupRankOut(Schema):
    unit_id: int
    rank: int


# Not "GroupOut": ninja names a component after its class, and orgs' GroupOut (the emulation
# groups) would then be described with these fields.
class UnscoredMemberOut(Schema):
    unit_id: int
    name: str
    reason: str = Field(
        description="outside, not_reporting, inactive, exempt, or not_in_version (versions "
        "finalised before the list was kept, whose list is derived later)"
    )
    reason_text: str = Field(description="Why the plan does not score it, in a sentence.")


class RankedGroupOut(Schema):
    id: int
    name: str
    size: int = Field(description="Scored units in the group, shown to the caller or not.")
    unscored: list[UnscoredMemberOut] = Field(
        description="Members the plan does not score, with the reason (those the caller may "
        "read: outside the plan's reach, or in the caller's scope)."
    )
    unscored_hidden: int = Field(description="Other members not scored, not shown to the caller.")
    ranking: list[GroupRankOut] = Field(description="The rows the caller may see, by rank.")


class ScoresOut(Schema):
    plan_id: int
    state: ScoringState
    frozen: bool = Field(description="True: read from the last finalised version.")
    version: int | None
    groups: list[RankedGroupOut]
    units: list[UnitScoreOut]


class ScoresFilters(Schema):
    plan_id: Id
    group_id: Id | None = None
    unit_id: Id | None = None


class SelfEntryIn(Schema):
    item_id: Id
    value: Decimal | None = Field(None, max_digits=7, decimal_places=2)
    evidence: Paragraphs = Field("", max_length=4000)


class OfficialEntryIn(Schema):
    item_id: Id
    value: Decimal | None = Field(None, max_digits=7, decimal_places=2)
    explanation: Paragraphs = Field("", max_length=4000)
    evidence: Paragraphs | None = Field(
        None,
        max_length=4000,
        description="The item's evidence text, replacing the unit's (checked as on "
        "/scores/self); left as it is when absent or null.",
    )


class SelfScoresIn(Schema):
    plan_id: Id
    unit_id: Id
    entries: list[SelfEntryIn] = Field(max_length=500)


class OfficialScoresIn(Schema):
    plan_id: Id
    unit_id: Id
    entries: list[OfficialEntryIn] = Field(max_length=500)


# --- Editing the rubric (api/routers/rubric_editing.py) ------------------------------------

Points = Decimal
_POINTS = {"max_digits": 7, "decimal_places": 2, "ge": -1000, "le": 1000}


class RubricStartIn(Schema):
    plan_id: Id = Field(description="The plan whose rubric starts (with the current grading).")


class RubricItemIn(Schema):
    parent_id: Id | None = Field(None, description="The group it goes under (none: top level).")
    kind: ItemKind
    title: Line = Field(min_length=1, max_length=255)
    guidance: Paragraphs = Field("", max_length=4000)
    max_points: Points = Field(Decimal(0), **_POINTS)
    min_points: Points = Field(
        Decimal(0), description="A bonus or penalty's lowest points.", **_POINTS
    )
    points_each: Points | None = Field(None, **_POINTS)
    source: Source | None = Field(None, description="What a computed item counts.")
    formula: Formula | None = None
    threshold: int = Field(1, ge=1, le=10_000)
    late_points: Points | None = Field(None, **_POINTS)


class RubricItemPatch(Schema):
    """Only the fields sent change; the item is then checked whole, as on the page."""

    parent_id: Id | None = Field(None, description="Another group, or null for the top level.")
    kind: ItemKind = None
    title: Line = Field(None, min_length=1, max_length=255)
    guidance: Paragraphs = Field(None, max_length=4000)
    max_points: Points = Field(None, **_POINTS)
    min_points: Points = Field(None, **_POINTS)
    points_each: Points | None = Field(None, **_POINTS)
    source: Source | None = None
    formula: Formula | None = None
    threshold: int = Field(None, ge=1, le=10_000)
    late_points: Points | None = Field(None, **_POINTS)


class ItemOrderIn(Schema):
    parent_id: Id | None = Field(None, description="The group whose items are reordered.")
    item_ids: list[Id] = Field(
        max_length=500, description="Every item directly under it, once each, in the new order."
    )


class ClassIn(Schema):
    name: Line = Field(min_length=1, max_length=100)
    min_total: Points = Field(**_POINTS)


class RubricPatch(Schema):
    """Only the fields sent change."""

    classes: list[ClassIn] = Field(None, min_length=1, max_length=20)
    tie_break: list[TieBreak] = Field(None, max_length=4)
    group_year: int | None = Field(
        None, ge=2000, le=2100, description="The year of the groups ranked (null: the plan's)."
    )


class SchemeIn(Schema):
    scheme: ClassScheme


class RubricCopyIn(Schema):
    source_rubric_id: Id = Field(description="Another plan's rubric, one the caller can read.")
