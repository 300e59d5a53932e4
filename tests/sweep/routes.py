"""Every surface of the site, read from Django's URL resolver and the API's OpenAPI document.

Nothing here lists routes by hand except three small tables, each entry with its reason:
path parameters that do not name an object, routes whose object parameters are public by
design, and routes an anonymous visitor may open. A route added tomorrow is found here by
construction and joins the sweep (or makes it fail until it has a factory).
"""

import re
from dataclasses import dataclass
from functools import cache

from django.urls import URLPattern, URLResolver, get_resolver

from dienhinh.api.api import api
from dienhinh.nominations.enums import Action
from dienhinh.portal.sitemaps import SITEMAPS
from dienhinh.reports.enums import ReportAction

WRITE_METHODS = ("post", "put", "patch", "delete")

# Path parameters that do not name a record, with the values the sweep puts there.
NON_OBJECT_PARAMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "action": (
        "a workflow verb from the closed list nominations.enums.Action; every verb is tried",
        tuple(Action.values),
    ),
    "step": (
        "a report workflow verb from the closed list reports.enums.ReportAction; every verb "
        "is tried",
        tuple(ReportAction.values),
    ),
    "fmt": (
        "the file format of an official document; the PDF is made from the same DOCX after "
        "the same lookup (documents.service.prepare), so the sweep asks for the DOCX only",
        ("docx",),
    ),
    "section": (
        "a section of the sitemap from the closed list portal.sitemaps.SITEMAPS",
        tuple(SITEMAPS),
    ),
    "rest": ("the API's catch-all for unknown paths: it answers 404 to everything", ()),
    "url": ("the admin's catch-all for unknown admin paths", ()),
    "app_label": ("the admin's index of one installed app: an app's name, not a record", ()),
}

# Routes whose object parameters are meant to be opened by anyone who has the link.
PUBLIC_OBJECT_ROUTES = {
    "password_reset_confirm": (
        "the link of the password-reset email works without a login by design; Django's token "
        "generator checks uidb64 and token, a wrong pair shows 'invalid link'"
    ),
    "login_unlock": (
        "the link a lockout emails to the account works without a login by design (its owner "
        "cannot log in); it is signed and expires, a forged one shows 'not valid'"
    ),
    "publishing:preview": (
        "a story's preview link is read without an account by design: the key is 256 random "
        "bits stored hashed; an unknown key is a 404, an expired or revoked one a 410"
    ),
    "publishing:preview_photo": (
        "the photos of a previewed draft, for the holder of the same valid key; any other "
        "key or a photo not in that draft is a 404"
    ),
}

# The public portal: what it shows is public by design, and it reaches only public objects
# through publishing.public (Story.objects.public()); tests/portal/test_leaks.py checks that
# no hidden story and no never-public field shows through any of these.
_PORTAL = "a page of the public portal, for everyone: "
PUBLIC_OBJECT_ROUTES.update(
    {
        "portal:story": _PORTAL + "a published story (404 for one never published, 410 gone)",
        "portal:field": _PORTAL + "a field (a federation's list of fields is public)",
        "portal:field_rss": _PORTAL + "a field's RSS feed",
        "portal:field_atom": _PORTAL + "a field's Atom feed",
        "portal:unit": _PORTAL + "a unit's name and its own published stories",
        "portal:unit_rss": _PORTAL + "a unit's RSS feed",
        "portal:unit_atom": _PORTAL + "a unit's Atom feed",
        "portal:embed_unit": _PORTAL + "a unit's stories for its own website to frame",
        "portal:movement": _PORTAL + "an emulation movement (launched publicly)",
        "portal:movement_rss": _PORTAL + "a movement's RSS feed",
        "portal:movement_atom": _PORTAL + "a movement's Atom feed",
        "portal:rendition": _PORTAL + "a photo of the live version of a published story, whose "
        "people agreed; any other rendition is a 404 (publishing.serving.public_rendition_for)",
    }
)

# API operations whose object parameters are public by design (the public read-only API).
PUBLIC_OBJECT_OPERATIONS = {
    "GET /api/v1/public/stories/{story_id}": "a published story, for everyone without a login "
    "(publishing.public, like the portal's page); any other story is a 404",
}

# Routes an anonymous visitor opens without being sent to the login page.
PUBLIC_ROUTES = {
    "healthz": "the load balancer's health check",
    "portal:home": "the public portal's home page: the published stories are for everyone",
    "portal:story_list": "the public list of published stories",
    "portal:search": "the public search over the published stories",
    "portal:rss": "the site's RSS feed of the published stories",
    "portal:atom": "the site's Atom feed of the published stories",
    "portal:sitemap": "sitemap.xml: the index of the sitemaps of the public portal",
    "portal:sitemap_section": "a sitemap of the published stories or of the public lists",
    "portal:robots": "robots.txt for search engines",
    "login": "the login page itself",
    "login_code": "the code step after the password, before the person is logged in (without "
    "a password just typed it sends back to the login page)",
    "logout": "logging out needs no login (and GET is refused: POST only)",
    "password_reset": "asking for a reset link is for people who cannot log in",
    "password_reset_done": "the page after asking for a reset link",
    "password_reset_complete": "the page after choosing a new password",
    "set_language": "the language switch works before logging in (the login page has it)",
    "javascript-catalog": "the translations for the scripts of the login page",
    "api:openapi-json": "the API's description is public, like its documentation",
    "api:openapi-view": "the API's documentation page (calls still need a token)",
    "admin:login": "the admin's own login page",
    "admin:javascript-catalog": "the translations of the unit tree's admin script (treebeard)",
    "admin:logout": "the admin's logout (POST only)",
}

# Under the admin, everyone but a system administrator is sent to the admin's login page
# before any record is looked up (AdminSite.admin_view checks is_staff first).
ADMIN_NAMESPACE = "admin"
ADMIN_LOGIN = "/admin/login/"
LOGIN = "/accounts/login/"

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
_REGEX_PARAM = re.compile(r"\(\?P<(?P<name>\w+)>")
_API_PARAM = re.compile(r"\{(?P<name>\w+)\}")


def is_object_param(name: str) -> bool:
    """Ids (pk, *_id, id), codes, slugs, tokens: anything not in NON_OBJECT_PARAMS."""
    return name not in NON_OBJECT_PARAMS


@dataclass(frozen=True)
class PageRoute:
    """One URL pattern of the resolver (with every include's prefix)."""

    key: str  # "namespace:name", or the pattern itself for unnamed patterns
    name: str | None
    namespace: str | None
    pattern: str  # "dossiers/<int:pk>/act/<str:action>/"
    params: tuple[str, ...]
    is_regex: bool

    @property
    def object_params(self) -> tuple[str, ...]:
        return tuple(p for p in self.params if is_object_param(p))

    @property
    def in_admin(self) -> bool:
        return (self.namespace or "").split(":")[0] == ADMIN_NAMESPACE

    @property
    def admin_model(self) -> str | None:
        """``app_label.model_name`` of an admin route under admin/<app>/<model>/."""
        match = re.match(r"admin/(\w+)/(\w+)/", self.pattern)
        return f"{match[1]}.{match[2]}" if self.in_admin and match else None

    def url(self, values: dict) -> str:
        if self.is_regex:
            raise ValueError(f"route {self.key} is a regular expression; give it a named path")
        return "/" + _ROUTE_PARAM.sub(lambda m: str(values[m["name"]]), self.pattern)

    @property
    def public_name(self) -> str:
        return self.key if self.namespace else (self.name or self.key)


@dataclass(frozen=True)
class ApiOperation:
    """One operation of the OpenAPI document."""

    method: str  # lower case, as in the document
    path: str  # "/api/v1/units/{unit_id}"
    operation_id: str
    params: tuple[str, ...]
    body: dict | None  # the requestBody's content: {media type: schema}
    secured: bool

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def object_params(self) -> tuple[str, ...]:
        return tuple(p for p in self.params if is_object_param(p))

    @property
    def is_write(self) -> bool:
        return self.method in WRITE_METHODS

    def url(self, values: dict) -> str:
        return _API_PARAM.sub(lambda m: str(values[m["name"]]), self.path)


def _walk(patterns, prefix: str, namespace: str | None, is_regex: bool):
    for entry in patterns:
        text = str(entry.pattern)
        regex = is_regex or not hasattr(entry.pattern, "converters")
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            joined = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _walk(entry.url_patterns, prefix + text, joined, regex)
        elif isinstance(entry, URLPattern):
            full = prefix + text
            params = [m["name"] for m in _ROUTE_PARAM.finditer(full)]
            params += [m["name"] for m in _REGEX_PARAM.finditer(full)]
            key = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield PageRoute(
                key=key or full,
                name=entry.name,
                namespace=namespace,
                pattern=full,
                params=tuple(dict.fromkeys(params)),
                is_regex=regex,
            )


@cache
def api_prefix() -> str:
    """The resolver prefix of the ninja API ("api/v1/"), from its own root route."""
    from django.urls import reverse

    return reverse(f"{api.urls_namespace}:api-root").lstrip("/")


@cache
def all_patterns() -> tuple[PageRoute, ...]:
    return tuple(_walk(get_resolver().url_patterns, "", None, False))


@cache
def page_routes() -> tuple[PageRoute, ...]:
    """Every pattern except the API's operations, which the OpenAPI document describes."""
    return tuple(r for r in all_patterns() if not r.pattern.startswith(api_prefix()))


def api_patterns() -> tuple[PageRoute, ...]:
    return tuple(r for r in all_patterns() if r.pattern.startswith(api_prefix()))


@cache
def openapi() -> dict:
    return api.get_openapi_schema()


@cache
def api_operations() -> tuple[ApiOperation, ...]:
    operations = []
    for path, item in openapi()["paths"].items():
        for method, operation in item.items():
            if method not in ("get", *WRITE_METHODS):
                continue
            operations.append(
                ApiOperation(
                    method=method,
                    path=path,
                    operation_id=operation["operationId"],
                    params=tuple(m["name"] for m in _API_PARAM.finditer(path)),
                    body=operation.get("requestBody", {}).get("content"),
                    secured=bool(operation.get("security")),
                )
            )
    return tuple(operations)


def resolver_path_as_openapi(route: PageRoute) -> str:
    """``api/v1/units/<int:unit_id>`` written the OpenAPI way: ``/api/v1/units/{unit_id}``."""
    return "/" + _ROUTE_PARAM.sub(lambda m: "{" + m["name"] + "}", route.pattern)


def swept_page_routes() -> tuple[PageRoute, ...]:
    """Page routes with a parameter naming an object, public-by-design ones left out."""
    return tuple(
        r for r in page_routes() if r.object_params and r.public_name not in PUBLIC_OBJECT_ROUTES
    )


def swept_api_operations() -> tuple[ApiOperation, ...]:
    return tuple(
        op for op in api_operations() if op.object_params and op.key not in PUBLIC_OBJECT_OPERATIONS
    )


def schema_ref(ref: str) -> dict:
    """The component a ``$ref`` of the OpenAPI document points at."""
    node = openapi()
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node
