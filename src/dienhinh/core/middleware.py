"""Request middleware of the core layer.

LanguageMiddleware — Vietnamese first: pages are in Vietnamese unless the user chose English.

Django's LocaleMiddleware follows the browser's Accept-Language, which would show English
to every officer whose phone is set to English. Pages here follow only the language cookie
set by the language switcher; API clients may still ask with Accept-Language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

from dienhinh.core.context import Channel, acting_from, client_address, ip_or_none


def language_for(request) -> str:
    """The language of the answer to ``request``: the cookie's, else Vietnamese (the API
    alone also follows Accept-Language)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in {code for code, _name in settings.LANGUAGES}:
        return chosen
    if request.path.startswith("/api/"):
        return translation.get_language_from_request(request)
    return settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # Leave the thread as it was (a worker thread, or a test's own override).
            translation.activate(previous)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class AuditContextMiddleware:
    """Sets the channel (API under /api/, otherwise web) and the client address that the audit
    entries written while answering this request carry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = Channel.API if request.path.startswith("/api/") else Channel.WEB
        with acting_from(channel=channel, address=ip_or_none(client_address(request))):
            return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY on every answer (Django has no setting for it).

    Every browser feature the site does not use is switched off for it and for anything it
    frames, so an injected script or a framed page cannot ask for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response
