"""Time, exactly: whether a report is on time, late or refused, from one function.

A deadline is a date. The end of a day is 23:59:59 in Asia/Ho_Chi_Minh (the site's time zone,
whatever the server's): a first submission up to the end of (deadline + grace days) is on
time, up to the end of the cut-off date late, and after that refused. A report returned and
submitted again keeps its first submission's time; a report a monitor recorded from an email
counts from the day it was received (a date: received on the last on-time day is on time).
"""

import datetime

from django.utils import timezone

from dienhinh.plans.models import Plan
from dienhinh.plans.reporting import on_time_until
from dienhinh.reports.enums import Timeliness


def end_of_day(day: datetime.date) -> datetime.datetime:
    """23:59:59.999999 of ``day`` in the site's time zone, as an aware datetime."""
    zone = timezone.get_default_timezone()
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=zone)


def local_day(moment: datetime.datetime | datetime.date) -> datetime.date:
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).date()
    return moment


def timeliness(plan: Plan, counted_from: datetime.datetime | datetime.date | None):
    """ON_TIME, LATE or None (refused: after the cut-off) for a report first submitted at
    ``counted_from`` (an aware datetime, or the date an email was received)."""
    if counted_from is None:
        return None
    if isinstance(counted_from, datetime.datetime):
        if counted_from <= end_of_day(on_time_until(plan)):
            return Timeliness.ON_TIME
        if counted_from <= end_of_day(plan.report_last_day):
            return Timeliness.LATE
        return None
    if counted_from <= on_time_until(plan):
        return Timeliness.ON_TIME
    if counted_from <= plan.report_last_day:
        return Timeliness.LATE
    return None


def is_refused(plan: Plan, moment: datetime.datetime | None = None) -> bool:
    """Whether a first submission at ``moment`` (now) would come after the cut-off."""
    return timeliness(plan, moment or timezone.now()) is None


def is_overdue(plan: Plan, moment: datetime.datetime | None = None) -> bool:
    """Whether the on-time window has ended at ``moment`` (now): a unit without a report is
    missing from then on."""
    return (moment or timezone.now()) > end_of_day(on_time_until(plan))
