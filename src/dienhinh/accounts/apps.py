from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "dienhinh.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        # The audit actions of security events and invitations exist before any page lists
        # the actions (the audit filter's choices).
        from dienhinh.accounts import invitations, security  # noqa: F401

        # What this app adds to the unit pages (see orgs/hooks.py); orgs never imports it.
        from dienhinh.accounts.panels import unit_history, unit_people
        from dienhinh.orgs.hooks import unit_page, unit_page_end

        unit_page.register("accounts.people", unit_people)
        unit_page_end.register("accounts.history", unit_history)
