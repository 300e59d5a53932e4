"""Vietnamese text helpers: NFC storage, diacritic-free search keys and name ordering."""

import unicodedata

# Vietnamese alphabet order; letters with tone marks sort after their base letter by tone.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 2, "\u0309": 3, "\u0303": 4, "\u0301": 5, "\u0323": 6}  # huyền hỏi ngã sắc nặng
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def nfc(value: str | None) -> str:
    """Return ``value`` in NFC with surrounding whitespace removed and inner runs collapsed."""
    if not value:
        return ""
    return " ".join(unicodedata.normalize("NFC", value).split())


# Đ and đ (U+0110/U+0111) have no decomposition, and neither have Ð and ð (U+00D0/U+00F0,
# Icelandic eth), which look the same and which text converted from the old Vietnamese
# encodings (TCVN3, VNI) and some keyboards produce for Đ: all four fold to d.
_D_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})


def fold(value: str | None) -> str:
    """Fold text for search: lower case, no diacritics, đ→d ("Điển hình" → "dien hinh"; the
    look-alike Ð too)."""
    if not value:
        return ""
    text = unicodedata.normalize("NFD", value.translate(_D_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.casefold().split())


def _letter_key(char: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = decomposed[0]
    tone = 0
    for mark in decomposed[1:]:
        if mark in _BASE_MARKS:
            base = unicodedata.normalize("NFC", base + mark)
        elif mark in _TONES:
            tone = _TONES[mark]
    index = _ALPHABET.find(base)
    if index < 0:
        # Digits and foreign letters (f, j, w, z) keep their code point order after the alphabet.
        return (len(_ALPHABET) + ord(base), tone)
    return (index, tone)


def word_key(word: str) -> tuple:
    letters = [_letter_key(ch) for ch in nfc(word)]
    # Vietnamese dictionaries compare base letters first, then tones.
    return (tuple(b for b, _ in letters), tuple(t for _, t in letters))


def vietnamese_sort_key(text: str) -> tuple:
    """Key for sorting names or titles in Vietnamese alphabet order."""
    return tuple(word_key(word) for word in nfc(text).split())


def person_name_key(full_name: str) -> tuple:
    """Sort people the Vietnamese way: given name (last word) first, then the rest in order."""
    words = nfc(full_name).split()
    if not words:
        return ()
    return (word_key(words[-1]), *(word_key(word) for word in words[:-1]))


def _encode_word(word: str) -> str:
    letters = [_letter_key(ch) for ch in nfc(word)]
    # Base letters map to printable ASCII above "!" so that a shorter word ("an") sorts before
    # a longer one ("anh"); tones follow the "!" so they only break ties between equal bases.
    bases = "".join(chr(0x30 + min(base, 0x4E)) for base, _ in letters)
    tones = "".join(str(tone) for _, tone in letters)
    return f"{bases}!{tones}"


def collation_key(text: str, *, person: bool = False) -> str:
    """An ASCII string whose byte order is Vietnamese dictionary order.

    Stored in an indexed column so that SQLite and PostgreSQL sort the same way without an
    ICU collation. With ``person=True`` the given name (last word) leads, as in Vietnamese
    name lists.
    """
    words = nfc(text).split()
    if person and words:
        words = [words[-1], *words[:-1]]
    return " ".join(_encode_word(word) for word in words)[:255]


# --- The one way in for text ------------------------------------------------------------------
# Forms, API schemas and imports pass every piece of typed text through ``clean_text``.
# NUL cannot be stored by PostgreSQL (a 500 there, silently kept by SQLite); other control
# characters and bidirectional overrides (U+202E turns "gpj.exe" into "exe.jpg" on screen)
# make names that read differently from what they are. Zero-width characters are invisible
# and only split words for search, so they are dropped rather than refused.
_KEPT_CONTROLS = frozenset("\t\n")
_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


class UnsafeText(ValueError):
    """Text holding a character that cannot be stored or shown safely.

    ``message`` is translated and names the character, for a form error or an API detail.
    """

    def __init__(self, char: str):
        from django.utils.translation import gettext

        self.char = char
        code = f"U+{ord(char):04X}"
        if char in _BIDI_CONTROLS:
            message = gettext(
                "The text contains a character that changes the writing direction (%(code)s). "
                "Remove it and type the text again."
            )
        else:
            message = gettext(
                "The text contains an invisible control character (%(code)s). "
                "Remove it and type the text again."
            )
        self.message = message % {"code": code}
        super().__init__(self.message)


def unsafe_char(value: str) -> str | None:
    """The first character of ``value`` that ``clean_text`` refuses, or None."""
    for char in value:
        if char in _KEPT_CONTROLS or char == "\r":
            continue
        if char in _BIDI_CONTROLS:
            return char
        category = unicodedata.category(char)
        if category == "Cc" or category == "Cs":
            return char
    return None


def clean_text(value, *, multiline: bool = False) -> str:
    """Typed text as it is stored: NFC, zero-width characters dropped, trimmed.

    Single-line text has its inner runs of whitespace collapsed to one space; multi-line text
    keeps its line breaks (``\\r\\n`` becomes ``\\n``) and trims only its ends. Raises
    UnsafeText for NUL and other control characters (tab and newline are fine), lone
    surrogates and bidirectional overrides. ``None`` gives "".
    """
    if value is None:
        return ""
    text = str(value)
    bad = unsafe_char(text)
    if bad is not None:
        raise UnsafeText(bad)
    text = unicodedata.normalize("NFC", text.translate(_ZERO_WIDTH))
    if multiline:
        return "\n".join(
            line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        ).strip()
    return " ".join(text.split())


# --- clean_text for domain code: a refused character is a ValidationError on its field -------
# Domain functions are the safety net behind forms, the API and imports: whatever a caller
# forgot to clean, NUL and its kin never reach the database (PostgreSQL would answer 500).


def refusal(*texts) -> str | None:
    """clean_text's message for the first of ``texts`` it would refuse, or None: for domain
    checks that collect every error before raising."""
    for text in texts:
        char = unsafe_char(str(text or ""))
        if char is not None:
            return UnsafeText(char).message
    return None


def clean_field(value, *, field: str | None = None, multiline: bool = False) -> str:
    """``clean_text(value)``, raising a ValidationError (on ``field`` when given) instead of
    UnsafeText, so that pages show it on the field and the API names the field."""
    from django.core.exceptions import ValidationError

    try:
        return clean_text(value, multiline=multiline)
    except UnsafeText as error:
        refused = ValidationError(error.message, code="unsafe_text")
        raise (ValidationError({field: refused}) if field else refused) from error


def clean_attributes(obj, *, lines=(), paragraphs=(), field_names=None) -> None:
    """Put the text attributes ``lines`` (single-line) and ``paragraphs`` (multi-line) of
    ``obj`` through clean_text in place.

    Raises one ValidationError naming every field that holds a refused character, and then
    changes nothing. ``field_names`` maps an attribute to the field name the error should
    carry when they differ.
    """
    from django.core.exceptions import ValidationError

    cleaned, errors = {}, {}
    for names, multiline in ((lines, False), (paragraphs, True)):
        for name in names:
            try:
                cleaned[name] = clean_text(getattr(obj, name), multiline=multiline)
            except UnsafeText as error:
                key = (field_names or {}).get(name, name)
                errors[key] = ValidationError(error.message, code="unsafe_text")
    if errors:
        raise ValidationError(errors)
    for name, value in cleaned.items():
        setattr(obj, name, value)


def refold_eth(model, *fields: str) -> int:
    """A data migration's step after ``fold`` learnt to fold Ð/ð: the folded columns
    ``fields`` of ``model`` (a migration's historical model) that still hold "ð" get "d". The
    old fold differed from the new exactly there (Ð and ð became "ð", nothing else did), so
    this is the new fold of every such row without reading its sources. Returns the rows
    changed."""
    from django.db.models import Value
    from django.db.models.functions import Replace

    changed = 0
    for field in fields:
        rows = model._base_manager.filter(**{f"{field}__contains": "ð"})
        changed += rows.update(**{field: Replace(field, Value("ð"), Value("d"))})
    return changed
