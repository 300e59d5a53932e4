"""``{% csrf_token %}`` with the one-time form token (core.once) for a signed-in person.

Registered as a template builtin (settings.TEMPLATES), so it replaces Django's tag in every
template: each POST form already carries ``{% csrf_token %}``, and so each gets its own
token without a template to change or forget.
"""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html

from dienhinh.core import once

register = template.Library()


class CsrfAndOnceNode(CsrfTokenNode):
    def render(self, context):
        csrf = super().render(context)
        request = context.get("request")
        user = getattr(request, "user", None)
        if not csrf or not getattr(user, "is_authenticated", False):
            return csrf
        return csrf + format_html(
            '<input type="hidden" name="{}" value="{}">', once.FIELD, once.issue(user)
        )


@register.tag
def csrf_token(parser, token):
    return CsrfAndOnceNode()
