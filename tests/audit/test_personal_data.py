"""Personal data under Law 91/2025: the register (every never-public and sensitive field is in
it, every field it names exists), its page for system administrators, opening a dossier's
personal data from outside its nominating unit logged (page and API), and the two-year
purge of security events."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from dienhinh.accounts.security import VIEW_PERSONAL_DATA
from dienhinh.core.models import AuditEntry
from dienhinh.core.personal_data import entries
from dienhinh.nominations.privacy import NEVER_PUBLIC, PLANNED, SENSITIVE, WHOLE_MODEL
from tests.factories import make_nomination

pytestmark = pytest.mark.django_db


def test_the_register_holds_every_never_public_and_sensitive_field():
    register = {entry.model: entry for entry in entries()}
    missing = []
    for label, names in {**NEVER_PUBLIC, **SENSITIVE}.items():
        if WHOLE_MODEL in names:
            continue  # a model public in nothing (review scores) holds no personal data
        entry = register.get(label)
        for name in sorted(names - PLANNED):
            if entry is None or name not in entry.fields:
                missing.append(f"{label}.{name}")
    assert missing == []
    for entry in register.values():
        model = apps.get_model(entry.model)
        for name in entry.fields:
            model._meta.get_field(name)  # raises for a field that does not exist
        assert entry.never_public <= set(entry.fields) | PLANNED
        assert entry.sensitive <= entry.never_public
        assert entry.purpose and entry.retention and entry.whose


def test_system_administrators_read_the_register_and_nobody_else(world, login):
    page = login(world.sysadmin).get("/audit/personal-data/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<code>nominations.nomination</code>" in html and "<code>party_member</code>" in html
    assert "730" in html
    for person in (world.fed_admin, world.monitor, world.officer_a):
        assert login(person).get("/audit/personal-data/").status_code == 404


def _opened(nomination):
    return AuditEntry.objects.filter(action=VIEW_PERSONAL_DATA, target_id=nomination.pk)


def test_opening_a_dossier_from_outside_its_unit_is_logged(world, plan, login, api_client):
    dossier = make_nomination(plan, world.unit_a, by=world.officer_a)
    # The nominating unit's own officer: no entry.
    assert login(world.officer_a).get(f"/dossiers/{dossier.pk}/").status_code == 200
    assert api_client(world.officer_a).get(f"/api/v1/nominations/{dossier.pk}").status_code == 200
    assert not _opened(dossier).exists()
    # The federation's administrator (above, outside the unit) on the page and the API.
    assert login(world.fed_admin).get(f"/dossiers/{dossier.pk}/").status_code == 200
    assert api_client(world.sysadmin).get(f"/api/v1/nominations/{dossier.pk}").status_code == 200
    entries_ = list(_opened(dossier).order_by("pk"))
    assert [(e.actor_id, e.channel, e.unit_id) for e in entries_] == [
        (world.fed_admin.pk, "web", world.unit_a.pk),
        (world.sysadmin.pk, "api", world.unit_a.pk),
    ]
    assert entries_[1].extra == {"sensitive": ["ethnicity", "party_joined_on", "party_member"]}
    # Refused readers are not logged (they saw nothing).
    assert login(world.officer_b).get(f"/dossiers/{dossier.pk}/").status_code == 404
    assert _opened(dossier).count() == 2


def test_security_events_older_than_two_years_are_purged(world, plan):
    dossier = make_nomination(plan, world.unit_a, by=world.officer_a)
    now = timezone.now()
    kinds = {
        "old_view": (VIEW_PERSONAL_DATA, 731),
        "recent_view": (VIEW_PERSONAL_DATA, 729),
        "old_login": ("auth.login", 800),
        "old_workflow": ("nomination.submit", 900),
    }
    made = {}
    for name, (action, days) in kinds.items():
        made[name] = AuditEntry.objects.create(
            action=action,
            at=now - datetime.timedelta(days=days),
            target_id=dossier.pk,
            actor_label="x",
        ).pk
    call_command("purge_security_log")
    left = set(AuditEntry.objects.filter(pk__in=made.values()).values_list("pk", flat=True))
    assert left == {made["recent_view"], made["old_workflow"]}
