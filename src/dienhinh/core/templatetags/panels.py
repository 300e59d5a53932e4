"""``{% render_panel panel %}``: show a core.hooks.Panel another app contributed, with the
page's context (user, request, csrf) plus the panel's own."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context, panel):
    panel_template = context.template.engine.get_template(panel.template)
    with context.push(**panel.context):
        return panel_template.render(context)
