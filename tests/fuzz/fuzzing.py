"""Schemathesis over the API's OpenAPI document, in process, inside the test's transaction.

The document is the one django-ninja serves at /api/v1/openapi.json (built from the same
code), loaded without a request. Requests go to Django's WSGI application through
schemathesis' WSGI transport, in this thread, so they see and roll back with the test's
database transaction.

What is generated beyond the document:
- path parameters are half the time objects of the sweep's world (tests/sweep), so that the
  examples reach the endpoints' code rather than only their 404;
- every text value of bodies and query strings may carry NUL, a bidirectional override or a
  zero-width character, which the API's one cleaning step (core.text.clean_text) must refuse
  (422) or strip; after each accepted write no stored text holds any of them.
"""

import os
import re
from functools import cache

import hypothesis.strategies as st
import schemathesis
from django.apps import apps
from django.db import connection, models
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from dienhinh.api.api import api

# Bounded and reproducible: a few examples per operation and persona, the same ones on every
# run (derandomized), nothing written to .hypothesis/. No coverage phase (it enumerates
# dozens of boundary cases per operation, minutes for the whole document) and no stateful
# phase (the world already holds an object of every kind).
# FUZZ_EXAMPLES tunes it (the suite's time budget; more for a longer run by hand).
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
CONFIG = SchemathesisConfig.from_dict(
    {
        "generation": {
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "database": "none",
            # The bearer token is ours (the persona's), not a generated one.
            "with-security-parameters": False,
        },
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=CONFIG)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Characters that must never be stored: NUL (PostgreSQL refuses it with a 500; SQLite would
# keep it), bidirectional controls and zero-width characters (core.text).
BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
POISON = ("\x00", "\u202e", "\u200b", "\ufeff", "\u2067", "\x07")

# Objects the path parameters may name, filled by the module's world (conftest.py) before
# any example is drawn: parameter name → values, and for operations about an object named
# by several parameters, innermost parameter → dicts of all of them.
KNOWN: dict[str, list] = {}
KNOWN_SETS: dict[str, list[dict]] = {}


def _known_values(names: tuple[str, ...], index: int) -> dict:
    combos = KNOWN_SETS.get(names[-1])
    if combos:
        return dict(combos[index % len(combos)])
    values = {}
    for name in names:
        choices = KNOWN.get(name)
        if not choices:
            return {}
        values[name] = choices[index % len(choices)]
    return values


@SCHEMA.hook
def before_generate_path_parameters(context, strategy):
    names = tuple(re.findall(r"{(\w+)}", context.operation.path))
    if not names:
        return strategy
    # Read at draw time: the world is built after the tests are collected.
    known = st.integers(min_value=0, max_value=1000).map(lambda i: _known_values(names, i))
    return st.one_of(known.filter(bool), strategy)


def _text_paths(value, path=()):
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _text_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_paths(item, (*path, index))


def _poison_at(value, path, char):
    if not path:
        return value[:1] + char + value[1:]
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _poison_at(value[path[0]], path[1:], char)
    return copy


def _poisoned(value):
    """``value`` as generated, or (as likely) with an unsafe character slipped into one of its
    texts: one at a time, so that a field the cleaning step missed is not hidden by another
    field's refusal."""
    paths = list(_text_paths(value))
    if not paths:
        return st.just(value)
    slipped = st.tuples(st.sampled_from(paths), st.sampled_from(POISON))
    return st.one_of(st.just(value), slipped.map(lambda pick: _poison_at(value, *pick)))


@SCHEMA.hook
def before_generate_body(context, strategy):
    return strategy.flatmap(_poisoned)


@SCHEMA.hook
def before_generate_query(context, strategy):
    return strategy.flatmap(_poisoned)


def error_shape_problem(response) -> str | None:
    """Every 4xx of the API is {"error": {"code", "message", "details"}} (api/errors.py)."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except ValueError:
        return f"{response.status_code} is not JSON: {response.content[:200]!r}"
    error = body.get("error") if isinstance(body, dict) else None
    if (
        set(body) != {"error"}
        or not isinstance(error, dict)
        or set(error) != {"code", "message", "details"}
        or not isinstance(error["message"], str)
        or not error["message"]
        or not isinstance(error["details"], list)
    ):
        return f"{response.status_code} is not in the API's error shape: {body!r:.300}"
    return None


@cache
def _text_columns() -> dict[str, tuple[type[models.Model], list[str]]]:
    """Table name → the project's model and its free-text columns."""
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("dienhinh."):
            continue
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices
        ]
        if names:
            found[model._meta.db_table] = (model, names)
    return found


_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


class WrittenTables:
    """The tables the statements run inside the block insert into or update: only those can
    have received a text of the request (``connection.execute_wrapper``)."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = _WRITE.match(sql)
        if match:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)


def stored_unsafe_text(tables) -> list[str]:
    """Rows of ``tables`` whose text holds NUL, a bidi control or a zero-width character:
    "Model.field #pk: 'text'". On PostgreSQL NUL cannot be stored (nor even sent in a query),
    so it is looked for on SQLite only."""
    chars = BIDI + ZERO_WIDTH
    if connection.vendor == "sqlite":
        chars += "\x00"
    pattern = "[" + chars + "]"
    columns = _text_columns()
    found = []
    for table in sorted(tables):
        if table not in columns:
            continue
        model, names = columns[table]
        query = models.Q()
        for name in names:
            query |= models.Q(**{f"{name}__regex": pattern})
        for row in model._base_manager.filter(query).values("pk", *names)[:5]:
            for name in names:
                if row[name] and re.search(pattern, row[name]):
                    found.append(f"{model.__name__}.{name} #{row['pk']}: {row[name]!r:.120}")
    return found
