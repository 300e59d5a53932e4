"""``{% address "portal:home" %}``: the ``{% url %}`` of a page's fixed links, reversed once
(core.addresses)."""

from django import template

from dienhinh.core.addresses import address as _address

register = template.Library()


@register.simple_tag(name="address")
def address_tag(name: str, *args) -> str:
    return _address(name, *args)
