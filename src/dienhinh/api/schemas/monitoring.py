"""Schemas of the live monitoring of a plan's reports (reports.monitoring.board.as_dict)."""

from datetime import datetime

from ninja import Field, Schema


class StatusCounts(Schema):
    on_time: int
    late: int
    missing: int = Field(description="Missing, including those the monitor closed as missing.")
    not_yet_due: int
    exempt: int
    expected: int = Field(description="Expected units less the exempt: the rates' denominator.")
    reported: int
    reporting_rate: float = Field(description="reported / expected, in percent (never over 100).")
    on_time_rate: float = Field(description="on_time / expected, in percent.")


class Figures(Schema):
    dossiers: int
    selected: int
    stories: int
    meetings: int
    meeting_participants: int
    seminars: int = Field(description="Seminars hosted by the unit or a unit below it.")
    seminar_participants: int = Field(description="The participants of the seminars hosted.")
    seminars_attended: int = Field(
        description=(
            "Seminars hosted elsewhere that the unit or a unit below it took part in, each once."
        )
    )


class UnitLine(StatusCounts, Figures):
    key: str = Field(description="The unit's materialised path.")
    id: int
    code: str
    name: str
    below: int = Field(description="Expected units strictly below this unit.")
    drillable: bool = Field(description="Whether the caller may ask for this unit (`unit=`).")


class GroupLine(StatusCounts, Figures):
    key: str
    name: str


class FieldLine(Schema):
    key: str = Field(description="The shared field's id, empty for dossiers without a field.")
    name: str
    dossiers: int
    selected: int
    stories: int


class MonthLine(Schema):
    key: str = Field(description="YYYY-MM, in Asia/Ho_Chi_Minh.")
    name: str
    reports: int
    dossiers: int = Field(description="Dossiers first submitted that month.")
    stories: int
    meetings: int
    seminars: int
    seminars_attended: int


class PlanRef(Schema):
    id: int
    reference: str


class UnitRef(Schema):
    id: int
    code: str
    name: str


class MonitoringOut(Schema):
    plan: PlanRef
    unit: UnitRef
    counted_at: datetime
    total: UnitLine
    own: UnitLine | None = Field(description="The unit's own report and records, if any.")
    story_views: int
    children: list[UnitLine]
    fields: list[FieldLine]
    groups: list[GroupLine]
    months: list[MonthLine]
