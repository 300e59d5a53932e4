"""What a batch sends to the paper: one ZIP named by date, holding a Word file of the texts
and captions (from the committed docxtpl template ``submission.docx``) and the full-size
photos, numbered as the captions name them. Built on demand from the batch's proposals,
each pointing at an immutable story version, so every download gives the same content."""

import io
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docxtpl import DocxTemplate, RichText

from dienhinh.nominations.richtext import sanitize
from dienhinh.plans.fields import base_slug
from dienhinh.publishing.models import NewspaperBatch, StoryPhoto

TEMPLATE = Path(__file__).with_name("submission.docx")
_BLOCKS = {"p", "li", "h3", "h4", "blockquote", "div"}


class _Paragraphs(HTMLParser):
    """Sanitised story HTML as Word paragraphs: each block (and each line break) a paragraph
    of runs keeping bold and italic; headings bold; list items marked; a link keeps its text
    and shows its address, since a printed page cannot be clicked."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[tuple[str, bool, bool]]] = []
        self.current: list[tuple[str, bool, bool]] = []
        self.bold = self.italic = 0
        self.lists: list[list] = []  # [kind, counter]
        self.href: str | None = None

    def _close(self) -> None:
        if any(text.strip() for text, _b, _i in self.current):
            self.paragraphs.append(self.current)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS or tag == "br":
            self._close()
        if tag in ("strong", "b", "h3", "h4"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1
            kind, number = self.lists[-1]
            self.current.append((f"{number}. " if kind == "ol" else "– ", False, False))
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in ("strong", "b", "h3", "h4"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "a":
            if self.href and self.href.startswith(("http://", "https://")):
                self.current.append((f" ({self.href})", False, False))
            self.href = None
        if tag in _BLOCKS:
            self._close()

    def handle_data(self, data):
        text = " ".join(data.split())
        if data[:1].isspace() and text:
            text = " " + text
        if data[-1:].isspace() and text:
            text += " "
        if text:
            self.current.append((text, self.bold > 0, self.italic > 0))

    def close(self):
        super().close()
        self._close()


def body_paragraphs(html: str) -> list[RichText]:
    """The body of a story version as docxtpl RichText paragraphs (plain text lines when the
    body has no tags: paragraphs are kept as typed)."""
    if "<" not in (html or ""):
        html = "".join(f"<p>{line}</p>" for line in (html or "").splitlines())
    parser = _Paragraphs()
    parser.feed(sanitize(html))
    parser.close()
    result = []
    for runs in parser.paragraphs:
        rich = RichText()
        runs[0] = (runs[0][0].lstrip(), *runs[0][1:])
        runs[-1] = (runs[-1][0].rstrip(), *runs[-1][1:])
        for text, bold, italic in runs:
            rich.add(text, bold=bold, italic=italic)
        result.append(rich)
    return result


def people_line(people: str) -> str:
    """ "Từ trái sang phải: Nguyễn Văn A – Chủ tịch …; Trần Thị B – …" from one person a line."""
    names = [line.strip() for line in (people or "").splitlines() if line.strip()]
    if not names:
        return ""
    return _("From left to right: %(people)s.") % {"people": "; ".join(names)}


@dataclass(frozen=True)
class Submission:
    filename: str
    content: bytes


def _photo_name(story_number: int, index: int, photo: StoryPhoto) -> str:
    extension = {"image/png": "png", "image/webp": "webp"}.get(photo.content_type, "jpg")
    return f"anh/bai-{story_number:02d}-anh-{index}.{extension}"


def build_submission(batch: NewspaperBatch) -> Submission:
    """The batch's ZIP. Its texts are in Vietnamese whatever the sender's language: the paper
    is Vietnamese."""
    proposals = list(
        batch.proposals.select_related("version", "story__unit", "proposed_by").order_by(
            "position", "pk"
        )
    )
    photo_ids = [item["photo"] for p in proposals for item in p.version.photos]
    photos = StoryPhoto.objects.in_bulk(photo_ids)
    day = timezone.localtime(batch.created_at).date()
    stories, files = [], []
    with translation.override("vi"):
        for number, proposal in enumerate(proposals, start=1):
            version, story = proposal.version, proposal.story
            listed = []
            for index, item in enumerate(
                (i for i in version.photos if i["photo"] in photos), start=1
            ):
                photo = photos[item["photo"]]
                name = _photo_name(number, index, photo)
                files.append((name, photo))
                listed.append(
                    {
                        "label": _("Photo %(index)d (file %(name)s)")
                        % {"index": index, "name": name.rsplit("/", 1)[-1]},
                        "caption": item.get("caption") or item.get("alt_text") or "",
                        "people": people_line(photo.people),
                    }
                )
            published = story.first_published_at or story.published_at
            byline = story.unit.name
            if published:
                byline += " · " + _("published on the portal on %(date)s") % {
                    "date": timezone.localtime(published).strftime("%d/%m/%Y")
                }
            contact = proposal.proposed_by
            stories.append(
                {
                    "number": number,
                    "headline": version.headline,
                    "byline": byline,
                    "lead": version.lead,
                    "paragraphs": body_paragraphs(version.body),
                    "photos": listed,
                    "contact": (contact.get_full_name() or contact.email) if contact else "",
                }
            )
        context = {
            "labels": {
                "title": _("STORIES PROPOSED FOR PRINTING"),
                "sender": _("Sent by"),
                "sent_on": _("Sent on"),
                "count": _("Stories"),
                "story": pgettext("newspaper submission", "Story"),
                "photos": _("Photos sent with it"),
                "contact": _("Contact"),
            },
            "column": batch.column.name,
            "newspaper": batch.column.newspaper,
            "sender": batch.column.unit.name,
            "date": day.strftime("%d/%m/%Y"),
            "count": len(stories),
            "stories": stories,
        }
        document = DocxTemplate(TEMPLATE)
        document.render(context, autoescape=True)
        docx = io.BytesIO()
        document.save(docx)
    stem = f"{base_slug(batch.column.name) or 'bao'}-{day.isoformat()}"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr(f"bai-gui-bao-{day.isoformat()}.docx", docx.getvalue())
        for name, photo in files:
            with photo.image.open("rb") as handle:
                # Photos are JPEG/PNG/WebP already: stored, not compressed again.
                zipped.writestr(name, handle.read(), compress_type=zipfile.ZIP_STORED)
    return Submission(f"{stem}.zip", archive.getvalue())
