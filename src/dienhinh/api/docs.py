"""The interactive API docs, served entirely from our own static files under the strict CSP.

Ninja's Swagger page already keeps its settings in a JSON data block and starts Swagger UI
from a static script; our template adds the CSP nonce and never refers to a CDN, and the
settings switch off the online validator badge (an image from another site).
"""

from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    template = "api/swagger.html"
    default_settings = {
        **Swagger.default_settings,
        "validatorUrl": None,
        "persistAuthorization": False,
    }
