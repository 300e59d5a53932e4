"""Which texts an import accepts in the kind column."""

from django.utils import translation

from dienhinh.core.text import fold
from dienhinh.orgs.models import UnitKind

# Common Vietnamese names of each level as people write them in spreadsheets. They are data
# (what users type), matched after folding, so "CONG DOAN CO SO" and "cđcs" work too.
VIETNAMESE_NAMES = {
    UnitKind.NATIONAL: ("Tổng Liên đoàn Lao động Việt Nam", "Tổng Liên đoàn", "TLĐ"),
    UnitKind.PROVINCE: (
        "Liên đoàn Lao động tỉnh",
        "Liên đoàn Lao động thành phố",
        "Liên đoàn Lao động tỉnh, thành phố",
        "LĐLĐ tỉnh",
    ),
    UnitKind.CENTRAL_INDUSTRY: ("Công đoàn ngành trung ương", "Công đoàn ngành Trung ương"),
    UnitKind.DISTRICT: ("Liên đoàn Lao động huyện", "Liên đoàn Lao động quận", "LĐLĐ huyện"),
    UnitKind.INDUSTRY: ("Công đoàn ngành",),
    UnitKind.COMMUNE: ("Công đoàn xã", "Công đoàn phường", "Công đoàn xã, phường"),
    UnitKind.GRASSROOTS: ("Công đoàn cơ sở", "CĐCS"),
    UnitKind.GROUP: ("Tổ công đoàn",),
}


def kind_key(text: str) -> str:
    return " ".join(fold(text.replace("_", " ").replace("/", ", ")).split())


def accepted_names() -> dict[str, set[str]]:
    """For each kind, the texts accepted for it: its value, its English and Vietnamese labels
    and the common Vietnamese names."""
    names: dict[str, set[str]] = {}
    for kind in UnitKind:
        texts = {kind.value, *VIETNAMESE_NAMES.get(kind, ())}
        for language in ("en", "vi"):
            with translation.override(language):
                texts.add(str(kind.label))
        names[kind.value] = texts
    return names


def kind_lookup() -> dict[str, str]:
    """Folded text → kind value."""
    return {kind_key(text): kind for kind, texts in accepted_names().items() for text in texts}


def help_rows() -> list[tuple[str, str, list[str]]]:
    """(value, label in the current language, Vietnamese names) for the help table."""
    return [
        (kind.value, str(kind.label), list(VIETNAMESE_NAMES.get(kind, ()))) for kind in UnitKind
    ]
