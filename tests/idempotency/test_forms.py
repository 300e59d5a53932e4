"""One-time form tokens: a form sent twice (a double click, a page sent again) acts once,
and the second submission lands where the first one led, with a message."""

import re
import time

from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dienhinh.accounts.models import Invitation
from dienhinh.activities.models import Activity
from dienhinh.core import once
from dienhinh.core.models import AuditEntry, FormSubmission
from dienhinh.nominations.models import Nomination, Photo, Transition
from dienhinh.publishing.enums import StoryState
from dienhinh.publishing.models import Story
from dienhinh.reports.domain import report_for
from dienhinh.scoring.models import ScoreEntry
from tests.accounts.test_invite import invite_data
from tests.factories import jpeg_bytes, pdf_bytes
from tests.nominations.pages_edit.test_create import create_url, dossier_post

TOKEN = re.compile(r'name="form_once" value="([^"]+)"')
REPLAYED = "This request was already sent; here is the result of the first one."


def token_of(client, url) -> str:
    page = client.get(url)
    assert page.status_code == 200, url
    tokens = TOKEN.findall(page.content.decode())
    # Every POST form of the page has its own (the language switch's too).
    assert len(tokens) >= 2 and len(set(tokens)) == len(tokens), url
    return tokens[-1]


def sent_twice(client, form_url, post_url, data):
    """Post the form of ``form_url`` twice with one token; returns the first answer, after
    checking that the second one led to the same place with the message, and wrote no
    audit entry."""
    token = token_of(client, form_url)
    first = client.post(post_url, {**data(), once.FIELD: token})
    assert first.status_code == 302, first.content.decode()[:3000]
    entries = AuditEntry.objects.count()
    again = client.post(post_url, {**data(), once.FIELD: token}, follow=True)
    assert again.redirect_chain[0] == (first["Location"], 303)
    assert REPLAYED in again.content.decode()
    assert AuditEntry.objects.count() == entries
    return first


def test_a_dossier_form_sent_twice_creates_one_dossier(world, plan, login):
    client = login(world.officer_a)
    sent_twice(client, create_url(plan), create_url(plan), lambda: dossier_post(world, plan))
    assert Nomination.objects.filter(full_name="Nguyễn Thị Hồng").count() == 1
    # A page without the token (older than it, or no browser) is accepted as before.
    assert client.post(create_url(plan), dossier_post(world, plan)).status_code == 302
    assert Nomination.objects.filter(full_name="Nguyễn Thị Hồng").count() == 2


def test_a_transition_and_an_upload_sent_twice_act_once(world, login, make_nomination):
    nomination = make_nomination(full_name="Trần Văn Gửi")
    client = login(world.officer_a)
    page = reverse("nominations:detail", args=[nomination.pk])
    photos = Photo.objects.filter(nomination=nomination).count()
    sent_twice(
        client,
        page,
        reverse("nominations:photo_upload", args=[nomination.pk]),
        lambda: {
            "image": SimpleUploadedFile("anh.jpg", jpeg_bytes(), "image/jpeg"),
            "caption": "Trên lớp",
        },
    )
    assert Photo.objects.filter(nomination=nomination).count() == photos + 1
    sent_twice(
        client,
        page,
        reverse("nominations:act", args=[nomination.pk, "submit"]),
        lambda: {"seen_state": "draft", "seen_unit": "", "seen_round": nomination.round},
    )
    assert Transition.objects.filter(nomination=nomination).count() == 1


def test_a_story_created_and_published_twice_is_one_story_published_once(
    world,
    plan,
    login,
    selected,
    make_story,
):
    client = login(world.editor)
    start = f"{reverse('publishing:create')}?dossier={selected.pk}"
    data = {
        "dossier": selected.pk,
        "unit": world.province.pk,
        "headline": "Cô giáo Nguyễn Thị Mai",
        "lead": "Mở đầu",
        "body": "<p>Nội dung</p>",
        "field": plan.plan_fields.get().shared_id,
    }
    sent_twice(client, start, reverse("publishing:create"), lambda: data)
    assert Story.objects.filter(draft_version__headline="Cô giáo Nguyễn Thị Mai").count() == 1
    story = make_story(photo=True)
    sent_twice(
        client,
        reverse("publishing:detail", args=[story.pk]),
        reverse("publishing:act", args=[story.pk]),
        lambda: {
            "action": "publish",
            "act-publish-seen_state": "draft",
            "act-publish-seen_version": story.draft_version_id,
        },
    )
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED


def test_a_report_submitted_twice_is_one_version(world, plan, login):
    client = login(world.officer_a)
    page = reverse("reports:unit_report", args=[plan.pk, world.unit_a.pk])
    sent_twice(client, page, page, lambda: {"results": "Tổ chức 3 buổi sinh hoạt."})
    sent_twice(
        client, page, reverse("reports:act", args=[plan.pk, world.unit_a.pk, "submit"]), dict
    )
    assert report_for(plan, world.unit_a, create=False).versions.count() == 1


def test_a_score_form_sent_twice_saves_once(world, plan, login, scorecard):
    client = login(world.officer_a)
    page = f"/scoring/plans/{plan.pk}/units/{world.unit_a.pk}/"
    sent_twice(
        client,
        page,
        f"{page}self/",
        lambda: {
            f"value_{scorecard.bonus.pk}": "2,5",
            f"value_{scorecard.quality.pk}": "30",
            f"evidence_{scorecard.quality.pk}": "Có biên bản",
        },
    )
    assert ScoreEntry.objects.filter(item=scorecard.bonus).count() == 1


def test_an_activity_and_an_invitation_sent_twice_are_one_each(world, plan, login):
    client = login(world.officer_a)
    sent_twice(
        client,
        reverse("activities:create"),
        reverse("activities:create"),
        lambda: {
            "kind": "meeting",
            "unit": world.unit_a.pk,
            "title": "Sinh hoạt chuyên đề tháng 10",
            "held_on": "12/10/2017",
            "participants": "31",
            "plan": plan.pk,
            "minutes": SimpleUploadedFile("Biên bản.pdf", pdf_bytes(72, 72), "application/pdf"),
        },
    )
    assert Activity.objects.filter(title="Sinh hoạt chuyên đề tháng 10").count() == 1
    admin = login(world.fed_admin)
    mail.outbox.clear()
    sent_twice(admin, reverse("accounts:invite"), reverse("accounts:invite"), invite_data)
    assert Invitation.objects.filter(user__email="moi.den@example.vn").count() == 1


class _Yesterday(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 25 * 3600)


def test_an_expired_or_foreign_token_is_refused_with_a_message_and_nothing_saved(
    world, plan, login
):
    client = login(world.officer_a)
    url = reverse("activities:create")
    data = {"kind": "meeting", "unit": world.unit_a.pk, "title": "Họp", "held_on": "12/10/2017"}
    expired = _Yesterday(salt="dienhinh.core.once").sign(f"{world.officer_a.pk}:{'a' * 32}")
    foreign = once.issue(world.officer_b)
    for token, reason in (
        (expired, "more than 24 hours ago"),
        (foreign, "opened by another person"),
        ("garbled", "opened by another person"),
    ):
        answer = client.post(url, {**data, once.FIELD: token}, HTTP_REFERER=url, follow=True)
        assert answer.redirect_chain == [(url, 303)]
        page = answer.content.decode()
        assert answer.status_code == 200 and reason in page and "Nothing was saved" in page
        assert TOKEN.search(page), "the form is shown again with a new token"
    assert not Activity.objects.exists() and not FormSubmission.objects.exists()


def test_a_form_shown_again_with_its_errors_leaves_its_token_unused(world, login):
    client = login(world.officer_a)
    url = reverse("activities:create")
    token = token_of(client, url)
    refused = client.post(url, {"kind": "meeting", "title": "", once.FIELD: token})
    assert refused.status_code == 200 and 'class="errorlist' in refused.content.decode()
    assert not FormSubmission.objects.exists()


# The pages that create a record or make a transition: each consumes the form's token.
ONCE_PER_SUBMISSION = {
    "accounts:invitation_resend", "accounts:invite", "accounts:role_add",
    "activities:create", "activities:edit", "activities:photo_upload",
    "documents:export", "documents:templates",
    "nominations:act", "nominations:attachment_upload", "nominations:bulk",
    "nominations:consent", "nominations:create", "nominations:edit", "nominations:photo_upload",
    "orgs:add", "orgs:group_add", "orgs:groups_copy",
    "plans:close", "plans:copy", "plans:create", "plans:issue", "plans:movement_create",
    "publishing:act", "publishing:create", "publishing:edit", "publishing:newspaper_act",
    "publishing:newspaper_propose", "publishing:newspaper_send", "publishing:photo_import",
    "publishing:photo_upload", "publishing:preview_create", "publishing:restore",
    "reports:act", "reports:attachment_upload", "reports:remind", "reports:scan_upload",
    "reports:unit_report",
    "scoring:copy", "scoring:finalise", "scoring:item_add", "scoring:reopen",
    "scoring:unit_official", "scoring:unit_self",
}  # fmt: skip


def _views(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern.callback


def test_the_creating_and_transition_pages_consume_the_token():
    views = dict(_views(get_resolver().url_patterns))
    assert set(views) >= ONCE_PER_SUBMISSION
    consuming = {name for name, view in views.items() if getattr(view, "once_per_submission", 0)}
    assert consuming == ONCE_PER_SUBMISSION
