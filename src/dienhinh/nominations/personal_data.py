"""The dossiers' part of the register of personal data (core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from dienhinh.core.personal_data import Entry, register
from dienhinh.nominations.privacy import NEVER_PUBLIC, SENSITIVE

_LABEL = "nominations.nomination"
_PROFILE = _("to present the person or collective to the reviewers and the public")
_IDENTIFY = _("to tell people of the same name apart and check eligibility")
_CONTACT = _("to reach the person or the collective about the dossier")
_SENSITIVE = _("asked by the emulation rules for some titles; seen only by the dossier's units")

register(
    Entry(
        model=_LABEL,
        whose=_("the person or collective nominated, and the unit's contact person"),
        purpose=_(
            "reviewing and selecting exemplary people and collectives under a plan, and "
            "publicising the selected ones with their consent"
        ),
        retention=_(
            "as long as the plan's records are kept; erased or anonymised by a system "
            "administrator on request once no open decision needs them"
        ),
        fields={
            "full_name": _PROFILE,
            "gender": _PROFILE,
            "birth_year": _IDENTIFY,
            "date_of_birth": _IDENTIFY,
            "home_town": _IDENTIFY,
            "residence": _IDENTIFY,
            "position": _PROFILE,
            "workplace": _PROFILE,
            "member_since": _IDENTIFY,
            "party_position": _PROFILE,
            "government_position": _PROFILE,
            "union_position": _PROFILE,
            "professional_level": _PROFILE,
            "political_theory_level": _PROFILE,
            "academic_titles": _PROFILE,
            "ethnicity": _SENSITIVE,
            "party_member": _SENSITIVE,
            "party_joined_on": _SENSITIVE,
            "collective_address": _CONTACT,
            "collective_phone": _CONTACT,
            "collective_email": _CONTACT,
            "contact_name": _CONTACT,
            "contact_phone": _CONTACT,
            "contact_email": _CONTACT,
            "consent_scan": _("proof of the person's consent to be publicised"),
            "consent_scan_type": _("proof of the person's consent to be publicised"),
            "consent_recorded_by": _("who recorded the consent"),
        },
        never_public=NEVER_PUBLIC[_LABEL],
        sensitive=SENSITIVE[_LABEL],
    )
)
register(
    Entry(
        model="nominations.review",
        whose=_("the reviewer"),
        purpose=_("the review's reasons, for the next levels of review"),
        retention=_("as long as the dossier"),
        fields={
            "internal_note": _("reviewers' working notes"),
            "reviewer": _("who decided"),
        },
        never_public=NEVER_PUBLIC["nominations.review"],
    )
)
register(
    Entry(
        model="nominations.photo",
        whose=_("the people in the dossier's photos"),
        purpose=_("evidence of the achievements; published only with the people's consent"),
        retention=_("as long as the dossier"),
        fields={"image": _("the photo"), "caption": _("who and what the photo shows")},
    )
)
