"""The shape of a demo dossier and of the steps of its history, as plain data.

A dossier's state is never written here: the loader replays ``steps`` through
``transition_nomination``, so the state, the reviews and the audit trail are the real ones.
Who acts is derived: the unit's officer submits and withdraws; the reviewer of the level
where the dossier waits forwards or returns; the federation's editor decides.
"""

from dataclasses import dataclass

# Indexes into the plan's fields (plan57.PLAN_57["fields"]).
CONG_TAC, LAO_DONG_SAN_XUAT, NONG_THON_MOI, NGUOI_TOT_VIEC_TOT, DAY_TOT, HO_CHI_MINH = range(6)


@dataclass(frozen=True)
class Step:
    action: str  # an Action value
    text: str = ""  # the reason (return, reject) or the reviewer's comment
    scores: tuple[int, ...] = ()  # points per criterion, in the plan's order (decisions only)


def submit() -> Step:
    return Step("submit")


def forward(comment: str = "") -> Step:
    return Step("forward", comment)


def send_back(reason: str) -> Step:
    return Step("return", reason)


def select(comment: str = "", scores: tuple[int, ...] = ()) -> Step:
    return Step("select", comment, scores)


def reject(reason: str, scores: tuple[int, ...] = ()) -> Step:
    return Step("reject", reason, scores)


def withdraw() -> Step:
    return Step("withdraw")


@dataclass(frozen=True)
class Initiative:
    title: str
    year: int
    benefit: int | None  # đồng a year
    recognised_by: str


@dataclass(frozen=True)
class Dossier:
    unit: str  # code of the nominating grassroots union
    headline: str
    field: int
    achievements: tuple[str, ...]  # paragraphs of plain text
    steps: tuple[Step, ...] = ()
    # An individual …
    name: str = ""
    gender: str = ""
    born: int | None = None
    position: str = ""
    workplace: str = ""
    member_since: int | None = None
    # … or a collective.
    collective: str = ""
    headcount: int | None = None
    initiatives: tuple[Initiative, ...] = ()
    met: tuple[int, ...] = (0, 2)  # criteria the unit says are met (indexes)

    @property
    def is_collective(self) -> bool:
        return bool(self.collective)
