"""``{% fixed %}…{% endfixed %}``: a part of a layout that is the same on every page (the
site's header and footer: translated words, fixed links, static files), rendered once per
language, script prefix and URLconf in each process and then copied.

Its content sees no variable of the page: it is rendered with an empty context, so that a
variable put in it by mistake shows as empty on the first page rather than the first page's
value on every later one. A new process (a deploy, new translations) renders it again, and
so does a change of settings (``setting_changed``: the tests' overrides, such as the browser
tests' plain static storage, must not get a header rendered under another storage).
"""

import weakref

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import Context
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()
_NODES: "weakref.WeakSet[FixedNode]" = weakref.WeakSet()
_KEY = "dienhinh.fixed.key"


class FixedNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered: dict[tuple, str] = {}
        _NODES.add(self)

    def render(self, context) -> str:
        # Found once per page (a page has ten fixed parts; each lookup reads four
        # thread-locals and the settings).
        key = context.render_context.get(_KEY)
        if key is None:
            key = (get_language(), get_script_prefix(), get_urlconf(), settings.STATIC_URL)
            context.render_context[_KEY] = key
        found = self.rendered.get(key)
        if found is None:
            found = self.rendered[key] = self.nodelist.render(Context(autoescape=True))
        return mark_safe(found)  # noqa: S308 (rendered by the template engine, escaped)


@register.tag
def fixed(parser, token):
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist)


@receiver(setting_changed)
def _forget(**_signal) -> None:
    for node in list(_NODES):
        node.rendered.clear()
