"""``{% dossier_rows rows selectable %}``: the rows of the dossier table (nominations.tables)."""

from django import template

from dienhinh.nominations.tables import dossier_rows as render_rows

register = template.Library()


@register.simple_tag
def dossier_rows(rows, selectable=False):
    return render_rows(rows, selectable=bool(selectable))
