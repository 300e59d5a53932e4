"""The public search of stories: diacritic-free, đ folded, every word must match (the last
one as a prefix, so "dien hin" finds "điển hình" while it is being typed), ranked by
relevance then date; the same set of results on SQLite (FTS5) and PostgreSQL (full-text
search over the unaccented configuration). The index objects: publishing/search_index.py.

Both databases index ``Story.search_text``: the live version folded (core.text.fold) and cut
into words here, so both tokenisers see the same words separated by spaces and agree on
what a word is.

Bounded: words found in nearly every story ("cong doan co so") would make each search count
and rank tens of thousands of matches. Matches are counted up to ``BOUND`` + 1 (the page then
says "more than 1,000"), and when there are more than ``BOUND`` only the ``BOUND`` latest
published are ranked (by the publication's second, then the id: one integer that the FTS5
rowid and a PostgreSQL expression index hold, search_index.ORDER_SHIFT, so both walk it
from the top without reading the other matches); with fewer, all are. Both databases take
the same stories, so they still agree on the set up to the bound.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.utils.html import strip_tags

from dienhinh.core.text import fold
from dienhinh.publishing.search_index import FTS_TABLE, ID_MASK

# Letters and digits of any script; everything else (punctuation, "_", spaces) separates.
_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 12
BOUND = 1_000  # matches counted, and ranked, at most


def words_of(text: str) -> list[str]:
    """The folded words of ``text``: "Điển hình, tiên tiến!" → ["dien", "hinh", "tien", "tien"]."""
    return _WORD.findall(fold(text))


def search_document(*, headline: str, lead: str, body: str) -> str:
    """What ``Story.search_text`` holds for a live version: its folded words."""
    return " ".join(words_of(" ".join([headline, lead, strip_tags(body)])))


@dataclass(frozen=True)
class Query:
    """A reader's query as folded words; the last one matches as a prefix."""

    words: tuple[str, ...]

    @classmethod
    def parse(cls, text: str | None) -> "Query":
        return cls(tuple(dict.fromkeys(words_of(text or "")))[:MAX_WORDS])

    def __bool__(self) -> bool:
        return bool(self.words)

    def matches(self, folded_word: str) -> bool:
        """Whether one folded word of a text is one the query asks for (for highlighting)."""
        if not self.words:
            return False
        return folded_word in self.words[:-1] or folded_word.startswith(self.words[-1])

    def fts5(self) -> str:
        # Words are letters and digits only, quoted all the same: nothing reaches FTS5's syntax.
        *exact, last = self.words
        return " ".join([*(f'"{word}"' for word in exact), f'"{last}"*'])

    def tsquery(self) -> str:
        *exact, last = self.words
        return " & ".join([*exact, f"{last}:*"])


# A public story: as Story.objects.public() says, on the alias "s" of publishing_story.
_PUBLIC = "s.state = 'published' AND s.live_version_id IS NOT NULL"


def _where(query: Query, candidates) -> tuple[str, str, list]:
    """FROM and WHERE clauses (and params) of the public matches, among ``candidates``' ids
    when given (a narrower Story queryset: a unit's, a field's)."""
    if candidates is None:
        within, params = "", []
    else:
        sub_sql, params = candidates.values("pk").query.sql_with_params()
        within = f" AND s.id IN ({sub_sql})"
    if connection.vendor == "postgresql":
        return (
            "publishing_story s, to_tsquery('dienhinh_unaccent', %s) q",
            f"s.search_vector @@ q AND {_PUBLIC}{within}",
            [query.tsquery(), *params],
        )
    return (
        f"{FTS_TABLE} f JOIN publishing_story s ON s.id = (f.rowid & {ID_MASK})",
        f"f.search_text MATCH %s AND {_PUBLIC}{within}",
        [query.fts5(), *params],
    )


def _order() -> str:
    """The publication order (search_index.ORDER_SHIFT) as each index holds it: FTS5 walks
    and bounds its rowid itself; PostgreSQL walks the expression index of public stories
    for words in many stories, or sorts the matches the GIN index found for rarer ones."""
    if connection.vendor == "postgresql":
        return "dienhinh_search_order(s.published_at, s.id)"
    return "f.rowid"


def _rank() -> str:
    if connection.vendor == "postgresql":
        return "ts_rank(s.search_vector, q) DESC"
    return "f.rank"  # FTS5's bm25: lower is better


@dataclass(frozen=True)
class Matches:
    """How many public stories match (``count`` up to BOUND, ``more`` when over it), and
    the lowest place in the publication order (search_index.ORDER_SHIFT) of the BOUND
    latest published matches when there are more (None: all matches are ranked)."""

    count: int = 0
    more: bool = False
    lowest: int | None = None


def matches(query: Query, candidates=None) -> Matches:
    """The matches of ``query`` (among ``candidates``, a Story queryset, when given), counted
    up to BOUND + 1 in one walk of the index from the latest published down."""
    if not query:
        return Matches()
    tables, where, params = _where(query, candidates)
    order = _order()
    sql = f"SELECT {order} FROM {tables} WHERE {where} ORDER BY {order} DESC LIMIT %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, BOUND + 1])
        places = [row[0] for row in cursor.fetchall()]
    if len(places) <= BOUND:
        return Matches(count=len(places))
    return Matches(count=BOUND, more=True, lowest=places[BOUND - 1])


def count(query: Query, candidates=None) -> int:
    """How many public stories (of ``candidates`` when given) match, at most BOUND."""
    return matches(query, candidates).count


def ranked_ids(
    query: Query, candidates=None, *, limit: int, offset: int = 0, matched: Matches | None = None
) -> list[int]:
    """Ids of the matching public stories, best first, then the newest first; over BOUND
    matches, among the BOUND latest published (``matched``: ``matches()``'s answer, when
    the caller has it)."""
    if not query:
        return []
    matched = matched or matches(query, candidates)
    tables, where, params = _where(query, candidates)
    if matched.lowest is not None:
        where, params = f"{where} AND {_order()} >= %s", [*params, matched.lowest]
    sql = (
        f"SELECT s.id FROM {tables} WHERE {where} "  # noqa: S608 (only our own SQL and params)
        f"ORDER BY {_rank()}, s.published_at DESC, s.id DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


class Results:
    """The matches of ``query`` among ``candidates`` as a sequence a Paginator pages through
    (the first BOUND of them): one bounded count and one ranked page of ids, turned into
    stories by ``load(ids)`` (in order)."""

    def __init__(self, query: Query, candidates=None, *, load):
        self.query, self.candidates, self.load = query, candidates, load
        self._matched = None

    @property
    def matched(self) -> Matches:
        if self._matched is None:
            self._matched = matches(self.query, self.candidates)
        return self._matched

    @property
    def more(self) -> bool:
        """More than BOUND stories match."""
        return self.matched.more

    def count(self) -> int:
        return self.matched.count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start = item.start or 0
        stop = item.stop if item.stop is not None else self.count()
        ids = ranked_ids(
            self.query,
            self.candidates,
            limit=max(0, stop - start),
            offset=start,
            matched=self.matched,
        )
        return self.load(ids)
