"""Queries compiled to SQL once, then run again with other values.

Building and compiling an ORM query (its filters, the joins of its related fields, its
columns) costs more CPU than the database takes to answer it when it is a lookup by primary
key: about 2 ms against 0.2 ms for the portal's story page, whose queries have the same
shape for every story. A ``Prepared`` query is built once per database connection with
marker values in place of the ones that change, compiled, and then run with the real
values; its rows go through the same compiler's converters (dates, JSON) as the ORM's.

Only for ``values_list()`` querysets (rows, not model instances) whose values are all
parameters of the SQL (no value changes the SQL's text, as ``None`` or an empty list would:
callers pass neither). A list value (for ``__in``) is padded to the next power of two by
repeating its first item, so a few shapes serve every length.

On PostgreSQL a ``Prepared`` query is also prepared on the server, once per connection
(DATABASE_PREPARED_STATEMENTS, on by default): Django's cursors bind values on the client,
so the server would parse and plan the story page's five-table join for every reader (0.7
ms of the server's CPU a page, four times what running the prepared statement takes), and
quoting the values into the text costs Python more than sending them apart.
"""

import functools
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

_MARKER = -7_340_000_000_000  # ids never used: a marker cannot be mistaken for a value


# psycopg prepares a statement after this many runs; Django sets None (never) on its
# connections, which also ignores ``prepare=True``. So high that only the cursor below,
# which asks each time, prepares anything.
_ONLY_WHEN_ASKED = 2**31 - 1


def _cursor(connection):
    """A cursor for a ``Prepared`` query: Django's own, or on PostgreSQL one that binds the
    values on the server and prepares the statement on first use. psycopg keeps the names
    of the statements it prepared per connection (a new connection, after a restart or
    CONN_MAX_AGE, prepares them again) and forgets them on a rollback, as the server does
    not. The cursor goes through what ``connection.cursor()`` does: the health check, the
    connecting, the errors translated to Django's (a lost server answers 503,
    core.errors), the debug wrapper that logs the query (and counts it in tests)."""
    if connection.vendor != "postgresql" or not settings.DATABASE_PREPARED_STATEMENTS:
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        raw.prepare_threshold = _ONLY_WHEN_ASKED
    with connection.wrap_database_errors:
        return connection._prepare_cursor(_preparing_cursor_class()(raw))


@functools.cache
def _preparing_cursor_class():
    # Imported on first use: the PostgreSQL backend needs psycopg, which SQLite does not.
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor


def _padded(values: Sequence) -> list:
    size = 1
    while size < len(values):
        size *= 2
    return [*values, *[values[0]] * (size - len(values))]


class Prepared:
    """``build(*values)`` → a ``values_list()`` queryset; ``rows(*values)`` runs it."""

    def __init__(self, build: Callable[..., QuerySet], *, using: str = "default"):
        self.build, self.using = build, using
        # Per connection (each thread has its own): the compiler's converters are its own.
        self._compiled = weakref.WeakKeyDictionary()

    def _compile(self, connection, shape: tuple):
        markers, positions, counter = [], [], _MARKER
        for size in shape:
            if size is None:
                markers.append(counter)
                counter -= 1
            else:
                markers.append(list(range(counter, counter - size, -1)))
                counter -= size
        queryset = self.build(*markers)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params = list(params)
        for marker in markers:
            for one in marker if isinstance(marker, list) else [marker]:
                if params.count(one) != 1:
                    raise ValueError(f"{self.build!r}: each value must be one SQL parameter")
                positions.append(params.index(one))
        # The converters too, found once (the compiler would look them up for every run).
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = compiler.get_converters(fields)
        return sql, params, positions, compiler, converters, list(queryset._fields)

    def rows(self, *values) -> list[dict]:
        """The rows for ``values`` as dicts by the names given to ``values_list()``."""
        values = [_padded(v) if isinstance(v, list | tuple) else v for v in values]
        shape = tuple(len(v) if isinstance(v, list) else None for v in values)
        connection = connections[self.using]
        by_shape = self._compiled.setdefault(connection, {})
        if shape not in by_shape:
            by_shape[shape] = self._compile(connection, shape)
        sql, params, positions, compiler, converters, names = by_shape[shape]
        params = list(params)
        flat = [one for v in values for one in (v if isinstance(v, list) else [v])]
        for position, value in zip(positions, flat, strict=True):
            params[position] = value
        with _cursor(connection) as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        rows = compiler.apply_converters(fetched, converters) if converters else fetched
        return [dict(zip(names, row, strict=True)) for row in rows]


class PerKey:
    """Querysets whose SQL, parameters included, is a function of a key: built and compiled
    once per database connection and key, then only run.

    For queries whose every value comes from what the key names: the scope a visibility
    function reads (``accounts.scope.scope_key``: roles, their units' ids and paths,
    superuser) and the page's own choices (filters, order, page). They still start from the
    model's visibility function (``build`` is called on the first use of a key) and still
    run every time: only the work of building and compiling them is saved (2-5 ms a query,
    more than the database takes to answer most of them). A key that left out something the
    SQL depends on would show one person's SQL to another: put every input in it.

    ``build`` returns a ``values()`` queryset (rows as dicts). The newest ``size`` keys are
    kept per connection.
    """

    _EMPTY = object()  # the query can match nothing (Django raises EmptyResultSet)

    def __init__(self, *, size: int = 256, using: str = "default"):
        self.size, self.using = size, using
        self._compiled = weakref.WeakKeyDictionary()

    def _get(self, key: Hashable, build: Callable[[], QuerySet], *, count: bool = False):
        connection = connections[self.using]
        compiled = self._compiled.setdefault(connection, OrderedDict())
        found = compiled.get(key)
        if found is not None:
            compiled.move_to_end(key)
            return connection, found
        queryset = build()
        if count:
            queryset = queryset.order_by().values("pk")
        query = queryset.query
        compiler = query.get_compiler(connection=connection)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            found = self._EMPTY
        else:
            if count:
                sql = f"SELECT COUNT(*) FROM ({sql}) counted"  # noqa: S608 (compiled by Django)
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
            found = (sql, tuple(params), compiler, names)
        compiled[key] = found
        if len(compiled) > self.size:
            compiled.popitem(last=False)
        return connection, found

    def rows(self, key: Hashable, build: Callable[[], QuerySet]) -> list[dict]:
        """The rows of ``build()`` as dicts by the names given to ``values()``."""
        connection, found = self._get(key, build)
        if found is self._EMPTY:
            return []
        sql, params, compiler, names = found
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return [dict(zip(names, row, strict=True)) for row in compiler.results_iter([fetched])]

    def count(self, key: Hashable, build: Callable[[], QuerySet]) -> int:
        """How many rows ``build()`` has."""
        connection, found = self._get(("count", key), build, count=True)
        if found is self._EMPTY:
            return 0
        sql, params, _compiler, _names = found
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
