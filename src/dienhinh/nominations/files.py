"""Checks for uploaded photos and documents, by content and never by name or browser type.

Photos are decoded by Pillow, limited in bytes and pixels (a small PNG can decode to
gigabytes: a decompression bomb), then re-encoded, which drops EXIF (GPS positions of
people's homes) and anything hidden after the image data. Documents must really be PDF or
DOCX: a PDF has to parse, a DOCX must be a sane zip with a Word document part.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

# iPhones save photos as HEIC by default; Pillow reads them through pillow-heif. They are
# kept as JPEG (browsers and Word do not show HEIC).
register_heif_opener(thumbnails=False)

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
THUMBNAIL_SIZE = (480, 480)
# Phones store some photos as MPO (a JPEG with extra images, e.g. a depth map): the first
# image is an ordinary JPEG, and that is what is kept.
PHOTO_FORMATS = {
    "MPO": ("image/jpeg", "jpg"),
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "HEIF": ("image/jpeg", "jpg"),
}
# Formats kept as they came; the others are stored as JPEG.
_KEPT_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024


@dataclass
class CleanPhoto:
    content: bytes
    thumbnail: bytes
    content_type: str
    extension: str
    width: int
    height: int


@dataclass
class CleanDocument:
    content: bytes
    content_type: str
    extension: str


def _read_limited(upload, limit: int, message: str) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError(message, code="too_large")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(message, code="too_large")
    return data


def clean_photo(upload) -> CleanPhoto:
    """Validate and re-encode an uploaded photo; raise ValidationError with a clear message."""
    data = _read_limited(upload, PHOTO_MAX_BYTES, _("A photo may be at most 10 MB."))
    not_image = _("This file is not a JPEG, PNG, WebP or HEIC photo.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(not_image, code="not_image") from exc
    if kind not in PHOTO_FORMATS:
        raise ValidationError(not_image, code="not_image")
    if width * height > PHOTO_MAX_PIXELS:
        raise ValidationError(
            _("A photo may have at most 40 megapixels; this one has %(mp)s.")
            % {"mp": round(width * height / 1_000_000, 1)},
            code="too_many_pixels",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            # Apply the camera's orientation before EXIF is dropped, so photos stay upright.
            image = ImageOps.exif_transpose(image)
            content = _encode(image, kind if kind in _KEPT_FORMATS else "JPEG")
            thumb = image.copy()
            thumb.thumbnail(THUMBNAIL_SIZE)
            thumbnail = _encode(thumb, "WEBP")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This photo is damaged and cannot be read."), code="damaged"
        ) from exc
    content_type, extension = PHOTO_FORMATS[kind]
    return CleanPhoto(content, thumbnail, content_type, extension, image.width, image.height)


def _encode(image: Image.Image, kind: str) -> bytes:
    if kind in ("JPEG",) and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if kind == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    out = io.BytesIO()
    options = {
        "JPEG": {"quality": 88, "optimize": True},
        "WEBP": {"quality": 85},
        "PNG": {"optimize": True},
    }[kind]
    # No exif= argument: the new file carries no metadata at all.
    image.save(out, kind, **options)
    return out.getvalue()


def clean_document(upload) -> CleanDocument:
    """Validate an uploaded PDF or DOCX by its content; raise ValidationError if it is not."""
    data = _read_limited(upload, ATTACHMENT_MAX_BYTES, _("A document may be at most 20 MB."))
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return CleanDocument(data, "application/pdf", "pdf")
    if data.startswith(b"PK\x03\x04"):
        _check_docx(data)
        return CleanDocument(data, DOCX_TYPE, "docx")
    raise ValidationError(_("Only PDF and DOCX documents can be attached."), code="bad_type")


# A PDF may carry code that runs when it is opened (JavaScript, launching a program,
# submitting a form to a server). Office PDFs never need it: such a file is refused, and the
# message says how to make a plain one.
_PDF_ACTIVE_KEYS = {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/XFA": "XFA"}
_PDF_ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/SubmitForm", "/ImportData"})
_PDF_MAX_OBJECTS = 100_000


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if len(reader.pages) < 1:
            raise ValidationError(_("This PDF has no pages."), code="damaged")
        active = _pdf_active_content(reader)
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ValidationError(_("This PDF is damaged and cannot be read."), code="damaged") from exc
    if active:
        raise ValidationError(
            _(
                "This PDF contains code that runs when it is opened (%(what)s). Save it again "
                'as a plain PDF, for example with "Print to PDF", and attach that copy.'
            )
            % {"what": active},
            code="active_content",
        )


def _pdf_active_content(reader) -> str:
    """The first kind of active content in any object of the PDF (an action that runs
    JavaScript, launches a program or submits a form, a script, an XFA form), or ""."""
    size = int(reader.trailer.get("/Size", 0) or 0)
    if size > _PDF_MAX_OBJECTS:
        raise ValueError("too many objects")
    for number in range(1, size):
        try:
            obj = reader.get_object(number)
        except Exception:  # noqa: S112  (a missing or broken object holds no code)
            continue
        found = _active_in(obj, depth=0)
        if found:
            return found
    return ""


def _active_in(obj, *, depth: int) -> str:
    """Look through a dictionary or array and what it holds directly (indirect objects are
    visited on their own by the caller)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    if depth > 20 or isinstance(obj, IndirectObject):
        return ""
    if isinstance(obj, DictionaryObject):  # streams are dictionaries too
        action = str(obj.get("/S", ""))
        if action in _PDF_ACTIVE_ACTIONS:
            return action[1:]
        for key, label in _PDF_ACTIVE_KEYS.items():
            if key in obj:
                return label
        values = obj.values()
    elif isinstance(obj, ArrayObject):
        values = obj
    else:
        return ""
    for value in values:
        found = _active_in(value, depth=depth + 1)
        if found:
            return found
    return ""


def _check_docx(data: bytes) -> None:
    damaged = ValidationError(
        _("This DOCX document is damaged and cannot be read."), code="damaged"
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
            if total > ZIP_MAX_UNCOMPRESSED:
                raise damaged
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise ValidationError(
                    _("Only PDF and DOCX documents can be attached."), code="bad_type"
                )
            if archive.testzip() is not None:
                raise damaged
            _check_docx_active(archive, names)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise damaged from exc


# The same check for other uploaded Word files (the documents app's unit templates).
def check_docx(data: bytes) -> None:
    """Raise ValidationError unless ``data`` is a readable DOCX without macros or content
    loaded from outside it."""
    _check_docx(data)


# Relationships a Word file may point outside itself with. A hyperlink is only followed when
# clicked; the others are fetched when the file is opened (a remote template or object is
# how documents carry attacks), and are refused like macros.
_DOCX_FOLLOWED_EXTERNALLY = ("/hyperlink",)


def _check_docx_active(archive, names: set[str]) -> None:
    content_types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower()
    if any(name.lower().endswith("vbaproject.bin") for name in names) or (
        "macroenabled" in content_types or "vbaproject" in content_types
    ):
        raise ValidationError(
            _(
                "This Word document contains macros. Save it as a plain .docx document "
                '("Word Document", not "Word Macro-Enabled Document") and attach that copy.'
            ),
            code="macros",
        )
    for name in names:
        if not name.endswith(".rels"):
            continue
        rels = archive.read(name).decode("utf-8", "replace")
        for relationship in re.findall(r"<Relationship\b[^>]*>", rels):
            if 'TargetMode="External"' not in relationship:
                continue
            kind = re.search(r'Type="([^"]*)"', relationship)
            if kind and kind.group(1).endswith(_DOCX_FOLLOWED_EXTERNALLY):
                continue
            raise ValidationError(
                _(
                    "This Word document loads content from outside itself when it is opened "
                    "(a linked template, picture or object). Save a copy with the content "
                    "embedded and attach that."
                ),
                code="external_content",
            )


CONSENT_MAX_BYTES = PHOTO_MAX_BYTES


def clean_consent_scan(upload) -> CleanDocument:
    """Validate a scan of a signed consent form: a PDF that parses, or a photo (JPEG, PNG or
    WebP) re-encoded like any photo, so no EXIF survives. Raise ValidationError otherwise."""
    data = _read_limited(upload, CONSENT_MAX_BYTES, _("A consent scan may be at most 10 MB."))
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return CleanDocument(data, "application/pdf", "pdf")
    try:
        photo = clean_photo(io.BytesIO(data))
    except ValidationError as error:
        if error.code == "not_image":
            raise ValidationError(
                _("The consent scan must be a PDF or a photo (JPEG, PNG or WebP)."),
                code="bad_type",
            ) from error
        raise
    return CleanDocument(photo.content, photo.content_type, photo.extension)
