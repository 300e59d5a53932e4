from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    FORWARDED = "forwarded", _("Forwarded")
    RETURNED = "returned", _("Returned for revision")
    SELECTED = "selected", _("Selected for propagation")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


IN_REVIEW = frozenset({State.SUBMITTED, State.FORWARDED})
EDITABLE = frozenset({State.DRAFT, State.RETURNED})
DECIDED = frozenset({State.SELECTED, State.NOT_SELECTED})


class Action(models.TextChoices):
    SUBMIT = "submit", _("Submit")
    FORWARD = "forward", _("Forward")
    RETURN = "return", _("Return for revision")
    SELECT = "select", _("Select for propagation")
    REJECT = "reject", _("Do not select")
    WITHDRAW = "withdraw", _("Withdraw")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class PeopleConsent(models.TextChoices):
    """Whether the people recognisable in a photo agreed to its publication (Law 91/2025)."""

    NOT_RECORDED = "not_recorded", _("Not recorded")
    AGREED = "agreed", _("The people shown agreed")
    NOBODY_RECOGNISABLE = "nobody", _("Nobody recognisable")


# A photo may be published only with one of these.
PUBLISHABLE_CONSENT = frozenset({PeopleConsent.AGREED, PeopleConsent.NOBODY_RECOGNISABLE})
