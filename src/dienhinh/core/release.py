"""The running code's identity, for what is cached across processes and deploys.

Values in the shared cache (rendered portal pages, a plan's text, filter options) are kept
under generation tokens (core.generations) that say when the data changed, not when the
code did: after a deploy that changes a template, a translation or the code that renders
them, the old rendering would be served until it expired (an hour for a portal page). The
generations' epoch is therefore kept per release: new code starts with values of its own,
and during a rolling deploy the old and the new servers never serve each other's.

A deployment that knows its version sets DIENHINH_RELEASE (a git commit, a package
version). Otherwise the release is a digest of the package's files (code, templates, static
sources, Word templates) and the compiled translations, read once per process (about 0.1 s
on the development machine): the same checkout gives the same release on every server.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

_PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def release() -> str:
    if settings.DIENHINH_RELEASE:
        return settings.DIENHINH_RELEASE
    digest = hashlib.blake2b(digest_size=8)
    folders = [(_PACKAGE, "*"), *((Path(folder), "*.mo") for folder in settings.LOCALE_PATHS)]
    for folder, pattern in folders:
        for path in sorted(folder.rglob(pattern)):
            if "__pycache__" in path.parts or not path.is_file():
                continue
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
