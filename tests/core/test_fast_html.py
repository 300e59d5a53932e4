"""The HTML built in Python for speed (the filter forms' selects, the dossier tables' rows)
escapes every value exactly as Django's own escaping does, braces and quotes included."""

import datetime
from types import SimpleNamespace

from django import forms
from django.utils import timezone, translation

from dienhinh.core.web import Form
from dienhinh.nominations.tables import dossier_rows

TRICKY = "<b>Tổ & \"Đội\" 'số' {1}</b>"


class Example(Form):
    pick = forms.ChoiceField(
        choices=[("", "— All —"), (TRICKY, TRICKY), ("Nhóm", [("a&b", "A & B"), ("c", "C")])],
        required=False,
    )
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y<", "Y<")], required=False)


def test_a_fast_select_escapes_values_and_labels_and_marks_the_chosen_ones():
    form = Example({"pick": TRICKY, "many": ["x", "y<"]})
    escaped = "&lt;b&gt;Tổ &amp; &quot;Đội&quot; &#x27;số&#x27; {1}&lt;/b&gt;"
    assert str(form["pick"]) == (
        '<select name="pick" id="id_pick">'
        '<option value="">— All —</option>'
        f'<option value="{escaped}" selected>{escaped}</option>'
        '<optgroup label="Nhóm">'
        '<option value="a&amp;b">A &amp; B</option><option value="c">C</option>'
        "</optgroup></select>"
    )
    assert str(form["many"]) == (
        '<select name="many" id="id_many" multiple>'
        '<option value="x" selected>X</option><option value="y&lt;" selected>Y&lt;</option>'
        "</select>"
    )


def test_a_dossier_row_escapes_each_value_once():
    updated = timezone.make_aware(datetime.datetime(2026, 3, 9, 10, 0))
    row = SimpleNamespace(
        pk=7,
        subject_kind="individual",
        subject_name=TRICKY,
        headline="Lao động & sáng tạo {x}",
        state="submitted",
        round=2,
        updated_at=updated,
        current_unit_id=3,
        plan=SimpleNamespace(reference="12/KH-LĐLĐ", year=2026),
        nominating_unit=SimpleNamespace(display_name="CĐCS <A>"),
        current_unit=SimpleNamespace(display_name='LĐLĐ "B"'),
    )
    escaped = "&lt;b&gt;Tổ &amp; &quot;Đội&quot; &#x27;số&#x27; {1}&lt;/b&gt;"
    with translation.override("en"):
        html = dossier_rows([row], selectable=True)
    assert html == (
        "<tr>"
        '<td><input type="checkbox" name="pick" value="7:submitted:3:2"'
        f' aria-label="Select {escaped}"></td>'
        f'<td data-label="Subject"><a href="/dossiers/7/">{escaped}</a></td>'
        '<td data-label="Kind">Individual</td>'
        '<td data-label="Headline">Lao động &amp; sáng tạo {x}</td>'
        '<td data-label="Nominating unit">CĐCS &lt;A&gt;</td>'
        '<td data-label="Plan">12/KH-LĐLĐ (2026)</td>'
        '<td data-label="State"><span class="badge state state-submitted">Submitted</span></td>'
        '<td data-label="Now reviewed at">LĐLĐ &quot;B&quot;</td>'
        '<td data-label="Updated">09/03/2026</td>'
        "</tr>"
    )
