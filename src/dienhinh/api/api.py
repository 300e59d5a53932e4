"""The REST API at /api/v1: the same domain functions and permissions as the pages."""

from ninja import NinjaAPI

from dienhinh.api import errors
from dienhinh.api.auth import AUTH

api = NinjaAPI(
    title="Dienhinh API",
    version="1",
    description="Units, users, roles and emulation groups of the Dienhinh union system.",
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
