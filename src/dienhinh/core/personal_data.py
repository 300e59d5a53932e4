"""The register of personal data (Law 91/2025/QH15 on personal data protection, in force from
1/1/2026): which model holds which personal data, why, on what basis and for how long.

Each app declares its own models in a ``personal_data`` module (found by ``entries``), so
the register changes with the models it describes; the test of the register checks that
every field it names exists and that every never-public and sensitive field of
nominations.privacy is in it. System administrators read it at /audit/personal-data/.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Entry:
    model: str  # "nominations.nomination"
    whose: object  # whose data it is (a lazy translated string)
    purpose: object  # why it is kept
    retention: object  # how long
    fields: dict[str, object] = field(default_factory=dict)  # field name → what it is for
    never_public: frozenset[str] = frozenset()
    sensitive: frozenset[str] = frozenset()

    @property
    def verbose_name(self) -> str:
        return str(apps.get_model(self.model)._meta.verbose_name)

    def rows(self) -> list[tuple[str, str, object, bool, bool]]:
        """(field name, its label, what it is for, never public, sensitive) per field."""
        model = apps.get_model(self.model)
        return [
            (
                name,
                str(model._meta.get_field(name).verbose_name),
                use,
                name in self.never_public,
                name in self.sensitive,
            )
            for name, use in self.fields.items()
        ]


_REGISTER: dict[str, Entry] = {}
_discovered = False


def register(entry: Entry) -> Entry:
    _REGISTER[entry.model] = entry
    return entry


def entries() -> list[Entry]:
    """Every entry of the register, by model label."""
    global _discovered
    if not _discovered:
        autodiscover_modules("personal_data")
        _discovered = True
    return [_REGISTER[label] for label in sorted(_REGISTER)]
