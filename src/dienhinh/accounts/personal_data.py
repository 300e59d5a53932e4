"""The accounts' part of the register of personal data (core/personal_data.py)."""

from django.utils.translation import gettext_lazy as _

from dienhinh.core.personal_data import Entry, register

register(
    Entry(
        model="accounts.user",
        whose=_("the system's users (union officers)"),
        purpose=_("logging in, notifying people of the steps that concern them"),
        retention=_("while the account exists; a deactivated account keeps its name in history"),
        fields={
            "full_name": _("shown beside what the person did"),
            "email": _("login and notifications"),
            "phone": _("reaching the officer about a dossier"),
        },
        never_public=frozenset({"email", "phone"}),
    )
)
register(
    Entry(
        model="core.auditentry",
        whose=_("the system's users"),
        purpose=_("security and accountability: who did what, from where"),
        retention=_(
            "security events and personal data accesses two years "
            "(manage.py purge_security_log); workflow entries as long as their records"
        ),
        fields={
            "actor_label": _("who acted"),
            "address": _("the client address the action came from"),
        },
    )
)
register(
    Entry(
        model="core.outgoingemail",
        whose=_("the system's users, and the people their dossiers are about"),
        purpose=_("delivering notifications once, retrying those that failed"),
        retention=_(
            "sent ones for OUTBOX_RETENTION_DAYS (90 days), pending and failed ones until they "
            "are sent; erasing a person's data takes their name out of the emails about "
            "their dossiers"
        ),
        fields={
            "recipient": _("where the notification went"),
            "subject": _("names the dossier's subject"),
            "body": _("names the dossier's subject"),
        },
        never_public=frozenset({"recipient", "subject", "body"}),
    )
)
