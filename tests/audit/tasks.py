"""A background task for the channel test: it closes a plan, as a real task would act."""

from django.tasks import task

from dienhinh.accounts.models import User
from dienhinh.core.context import as_task
from dienhinh.plans.domain import close_plan
from dienhinh.plans.models import Plan


@task
@as_task
def close_plan_later(plan_id: int, user_id: int) -> str:
    plan = close_plan(Plan.objects.get(pk=plan_id), by=User.objects.get(pk=user_id))
    return plan.status
