"""Every request and response schema of the API, by domain.

``common`` holds the error shape, ids, pages and the text types (Line, Paragraphs, RichText,
Secret) that every incoming ``str`` uses; ``auth``, ``orgs``, ``people``, ``plans``,
``nominations`` and ``documents`` the schemas of their routers (``activities`` those of reports
too). Routers import from the modules directly.
"""
