"""What the workflows' transition functions share (nominations, publishing, reports,
scoring): the answer that says why an action is refused."""

from dataclasses import dataclass


@dataclass
class Refusal:
    """Why an action is refused. ``forbidden``: the user may never take it here (403);
    otherwise it is not possible now, in this state or at this time (400)."""

    message: str
    forbidden: bool
