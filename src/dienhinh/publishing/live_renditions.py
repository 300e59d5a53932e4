"""The public renditions of the photos a story's live version shows, as a column of the
story's own row: the story page reads its story and its pictures in one query, not two
(on PostgreSQL a round trip and a statement fewer a page).

``LiveRenditions(F("live_version__photos"))`` is a JSON array of ``[id, photo id, format,
width, height, file]``, one a rendition, of the photos named in that version's ``photos``
list whose people agreed or are not recognisable (PUBLISHABLE_CONSENT), as
publishing.public's renditions query chooses them for lists: PostgreSQL reads the list with
``jsonb_array_elements`` and aggregates with ``jsonb_agg``, SQLite with ``json_each`` and
``json_group_array``. NULL or an empty array when there is none.
"""

from django.db.models import Expression, JSONField

from dienhinh.nominations.enums import PUBLISHABLE_CONSENT
from dienhinh.publishing.models import StoryPhoto, StoryRendition

_COLUMNS = ("id", "photo", "format", "width", "height", "file")
# Plain strings in a fixed order: one statement text for every process (a frozenset of
# enum members iterates in an order that changes with the process's hash seed).
_CONSENT = tuple(sorted(str(value) for value in PUBLISHABLE_CONSENT))


class LiveRenditions(Expression):
    output_field = JSONField()

    def __init__(self, photos):
        super().__init__()
        self.photos = photos

    def get_source_expressions(self):
        return [self.photos]

    def set_source_expressions(self, exprs):
        (self.photos,) = exprs

    def as_sql(self, compiler, connection):
        photos_sql, photos_params = compiler.compile(self.photos)
        quote = connection.ops.quote_name
        rendition, photo = StoryRendition._meta, StoryPhoto._meta
        columns = ", ".join(f"r.{quote(rendition.get_field(c).column)}" for c in _COLUMNS)
        photo_id = f"r.{quote(rendition.get_field('photo').column)}"
        consent = ", ".join(["%s"] * len(_CONSENT))
        # Nothing in the text comes from a reader: model names and Django's compiled column.
        if connection.vendor == "postgresql":
            aggregate = f"jsonb_agg(jsonb_build_array({columns}))"
            elements = f"jsonb_array_elements({photos_sql})"
            listed = f"SELECT (e.value->>'photo')::bigint FROM {elements} e"  # noqa: S608
        else:
            aggregate = f"json_group_array(json_array({columns}))"
            listed = f"SELECT json_extract(e.value, '$.photo') FROM json_each({photos_sql}) e"  # noqa: S608
        sql = (
            f"(SELECT {aggregate} FROM {quote(rendition.db_table)} r "  # noqa: S608
            f"INNER JOIN {quote(photo.db_table)} p ON p.{quote(photo.pk.column)} = {photo_id} "
            f"WHERE {photo_id} IN ({listed}) "
            f"AND p.{quote(photo.get_field('people_consent').column)} IN ({consent}))"
        )
        return sql, (*photos_params, *_CONSENT)


def rendition_rows(value) -> list[dict]:
    """The column's renditions as the renditions query gives them (dicts)."""
    return [
        {"pk": pk, "photo_id": photo, "format": kind, "width": width, "height": height, "file": f}
        for pk, photo, kind, width, height, f in value or ()
    ]
