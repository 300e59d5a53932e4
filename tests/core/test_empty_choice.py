"""Selects name their empty choice in the page's language (Django 6.1's own label, "- Select
an option -", is missing from its Vietnamese catalogue)."""

from django import forms
from django.urls import reverse
from django.utils import translation

from dienhinh.core.web import Form
from dienhinh.orgs.models import OrgUnit


class Example(Form):
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.all(), required=False)
    named = forms.ModelChoiceField(
        queryset=OrgUnit.objects.all(), required=False, empty_label="Mọi đơn vị"
    )


def test_the_empty_choice_is_named_in_the_active_language(db):
    with translation.override("vi"):
        html = str(Example())
    assert "Select an option" not in html and "---------" not in html
    assert html.count("— Chọn —") == 1
    assert "Mọi đơn vị" in html  # a form's own empty label stays
    with translation.override("en"):
        assert str(Example()).count("— Choose —") == 1


def test_the_plan_form_offers_its_movements_under_a_vietnamese_empty_choice(world, login):
    page = login(world.fed_admin).get(reverse("plans:create"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Select an option" not in html
    assert '<option value="" selected>— Chọn —</option>' in html
