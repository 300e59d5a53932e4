"""A returned dossier says why at the top of its page and of its edit page."""

from django.urls import reverse

from dienhinh.nominations.enums import Action
from dienhinh.nominations.workflow import Decision, transition_nomination

REASON = "Bổ sung ảnh hoạt động của tập thể"


def _returned(world, make_nomination):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    transition_nomination(
        nomination, action=Action.RETURN, by=world.reviewer, decision=Decision(reason=REASON)
    )
    return nomination


def _notice(html: str) -> str:
    start = html.index('class="notice returned-notice"')
    return html[start : html.index("</div>", start)]


def test_the_reason_who_and_when_head_the_dossier_and_edit_pages(world, login, make_nomination):
    nomination = _returned(world, make_nomination)
    client = login(world.officer_a)
    for name in ("nominations:detail", "nominations:edit"):
        html = client.get(reverse(name, args=[nomination.pk])).content.decode()
        html = html[html.index('<main id="main">') :]
        notice = _notice(html)
        assert REASON in notice
        assert world.reviewer.full_name in notice
        # Right under the heading: nothing of the dossier comes between the two.
        assert html.index("</h1>") < html.index("returned-notice") < html.index("<h2")


def test_no_notice_once_resubmitted_or_on_a_draft(world, login, make_nomination):
    nomination = _returned(world, make_nomination)
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    draft = make_nomination(full_name="Trần Văn Mới")
    client = login(world.officer_a)
    for pk in (nomination.pk, draft.pk):
        html = client.get(reverse("nominations:detail", args=[pk])).content.decode()
        assert "returned-notice" not in html
