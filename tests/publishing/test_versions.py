"""Versions: editing a live story leaves the public on the old version until the new one is
published; restoring copies an old version into a new one; comparing shows the change."""

from django.urls import reverse

from dienhinh.publishing.diff import body_text, word_diff
from dienhinh.publishing.editing import restore_version
from dienhinh.publishing.models import Story, StorySlug
from dienhinh.publishing.workflow import transition_story

from .conftest import edit


def public_headline() -> str:
    return Story.objects.public().get().live_version.headline


def test_editing_a_live_story_keeps_the_public_on_the_old_version(world, make_story):
    story = make_story(headline="Cô giáo dạy giỏi")
    transition_story(story, action="publish", by=world.editor)
    story.refresh_from_db()
    first_search = story.search_text
    assert "co giao day gioi" in first_search
    edit(story, world.editor, headline="Cô giáo Mai dạy giỏi ba năm liền")
    assert public_headline() == "Cô giáo dạy giỏi"
    assert story.has_pending_changes and story.draft_version.number == 2
    story.refresh_from_db()
    assert story.search_text == first_search  # the search reads the live version only
    transition_story(story, action="publish", by=world.editor)
    story.refresh_from_db()
    assert public_headline() == "Cô giáo Mai dạy giỏi ba năm liền"
    # The old address keeps working: its slug is kept for the portal's redirect.
    assert story.slug == "co-giao-mai-day-gioi-ba-nam-lien"
    assert list(StorySlug.objects.values_list("slug", flat=True)) == ["co-giao-day-gioi"]
    transition_story(story, action="unpublish", by=world.editor)
    story.refresh_from_db()
    assert story.search_text == "" and not Story.objects.public().exists()


def test_restoring_an_old_version_makes_a_new_draft_of_it(world, make_story):
    story = make_story(headline="Bản đầu tiên", body="<p>Nội dung gốc</p>")
    edit(story, world.editor, headline="Bản thứ hai", body="<p>Nội dung mới</p>")
    first = story.versions.get(number=1)
    restore_version(first, by=world.editor)
    story.refresh_from_db()
    assert story.draft_version.number == 3
    assert (story.draft_version.headline, story.draft_version.body) == (
        "Bản đầu tiên",
        "<p>Nội dung gốc</p>",
    )
    assert story.draft_version.note == "Restored from version 1"
    assert story.versions.count() == 3  # nothing overwritten


def test_the_compare_page_shows_the_words_that_changed_escaped(world, login, make_story):
    story = make_story(headline="Cô giáo dạy giỏi", body="<p>Dạy <b>toán</b> lớp 5 &amp; lớp 4</p>")
    edit(story, world.editor, headline="Cô giáo dạy giỏi <script>", body="<p>Dạy văn lớp 5</p>")
    url = reverse("publishing:compare", args=[story.pk])
    page = login(world.editor).get(url, {"a": 1, "b": 2}).text
    assert "Cô giáo dạy giỏi<ins> &lt;script&gt;</ins>" in page
    assert "<del>toán</del><ins>văn</ins>" in page
    assert "<del> &amp; lớp 4</del>" in page
    assert login(world.editor).get(url, {"a": 1, "b": 9}).status_code == 404


def test_word_diff_and_body_text():
    assert word_diff("một hai ba", "một bốn ba") == "một <del>hai</del><ins>bốn</ins> ba"
    assert body_text("<p>Dòng một</p><ul><li>Ý &lt;a&gt;</li></ul>") == "Dòng một\nÝ <a>"
