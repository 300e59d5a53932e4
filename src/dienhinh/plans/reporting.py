"""The reporting rules of a plan in plain words, for the plan page and the report form.

The rules themselves (what is on time, late or refused) are computed in reports.timing; the
sentences here say the same dates the way a union office writes them.
"""

import datetime

from django.utils.translation import gettext as _

from dienhinh.orgs.models import UnitKind
from dienhinh.plans.models import DEFAULT_REPORTING_KINDS, Plan


def _day(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def on_time_until(plan: Plan) -> datetime.date:
    """The last day a first submission counts as on time (deadline plus grace days)."""
    return plan.report_deadline + datetime.timedelta(days=plan.report_grace_days or 0)


def report_rules(plan: Plan) -> list[str]:
    """The three rules, one sentence each: on time, late, refused."""
    on_time = on_time_until(plan)
    last = plan.report_last_day
    rules = [
        _(
            "Deadline: %(deadline)s. A report first submitted by 23:59:59 on %(day)s "
            "counts as on time."
        )
        % {"deadline": _day(plan.report_deadline), "day": _day(on_time)}
    ]
    if last > on_time:
        rules.append(
            _("From %(start)s to 23:59:59 on %(last)s a report is still taken, as late.")
            % {"start": _day(on_time + datetime.timedelta(days=1)), "last": _day(last)}
        )
    rules.append(_("After %(last)s no report can be submitted any more.") % {"last": _day(last)})
    rules.append(
        _(
            "A report returned for revision and submitted again keeps the time of its first "
            "submission; a report sent by email counts from the day it was received."
        )
    )
    return rules


def reporting_kinds_text(plan: Plan) -> str:
    """Which kinds of target units report, in words."""
    labels = dict(UnitKind.choices)
    names = ", ".join(str(labels[kind]) for kind in plan.report_kinds if kind in labels)
    if not plan.reporting_kinds or list(plan.reporting_kinds) == list(DEFAULT_REPORTING_KINDS):
        return _("Every target unit down to grassroots unions (%(kinds)s).") % {"kinds": names}
    return _("Target units of these kinds: %(kinds)s.") % {"kinds": names}
