"""Demo photos made on the spot: a coloured card with the subject's initials.

No image files ship with the project; each card is a small JPEG drawn with Pillow and then
stored through the same cleaning path as an uploaded photo (re-encoded, thumbnail made).
"""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from dienhinh.core.text import fold
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.files import clean_photo
from dienhinh.nominations.models import Nomination, Photo

SIZE = (360, 270)
# The photos of the dossiers the demo's stories tell about are drawn as wide as the portal's
# widest rendition (publishing.renditions.WIDTHS), so a story page offers every width in its
# srcset as a real one would; the other cards stay small (each costs time at every load).
STORY_SIZE = (1600, 1200)
# Muted colours that keep white letters readable.
PALETTE = [
    (30, 94, 150),
    (166, 52, 46),
    (38, 120, 84),
    (120, 72, 150),
    (184, 110, 20),
    (20, 110, 120),
    (140, 60, 90),
    (80, 96, 40),
]


def initials(name: str) -> str:
    """The first letters of the first and last words, without diacritics ("Đặng Thu" → "DT").

    Pillow's bundled font lacks the Vietnamese letters, so the card shows folded ones.
    """
    words = fold(name).split()
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def card_jpeg(text: str, index: int, size: tuple[int, int] = SIZE) -> bytes:
    """A JPEG card (under 30 KB at the small size, 60 KB at the story size) with ``text``
    centred on a colour picked by ``index``."""
    width, height = size
    scale = width / SIZE[0]
    image = Image.new("RGB", size, PALETTE[index % len(PALETTE)])
    draw = ImageDraw.Draw(image)
    margin, line = round(12 * scale), round(3 * scale)
    box = (margin, margin, width - margin - 1, height - margin - 1)
    draw.rectangle(box, outline=(255, 255, 255), width=line)
    font = ImageFont.load_default(size=round(110 * scale))
    draw.text((width / 2, height / 2), text, fill=(255, 255, 255), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def add_card_photo(nomination: Nomination, index: int, *, wide: bool = False) -> Photo:
    """Store one generated photo for the dossier through default_storage (the FileFields);
    ``wide`` draws it at STORY_SIZE."""
    letters = initials(nomination.subject_name)
    card = card_jpeg(letters, index, STORY_SIZE if wide else SIZE)
    clean = clean_photo(ContentFile(card, "card.jpg"))
    return Photo.objects.create(
        nomination=nomination,
        image=ContentFile(clean.content, f"photo.{clean.extension}"),
        thumbnail=ContentFile(clean.thumbnail, "thumbnail.webp"),
        content_type=clean.content_type,
        width=clean.width,
        height=clean.height,
        caption=nomination.subject_name,
        alt_text=f"Ảnh minh họa mang chữ {letters} — {nomination.subject_name}",
        # A card of initials shows nobody: true of these photos, and they may be published.
        people_consent=PeopleConsent.NOBODY_RECOGNISABLE,
        original_name=f"{letters.lower()}.jpg",
    )
