"""Widgets the web layer shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

# The labels of the rich-text editor's buttons (core/static/dienhinh/richtext.js), passed
# through data- attributes so that they follow the page's language.
_EDITOR_LABELS = {
    "data-rt-toolbar": _("Formatting"),
    "data-rt-bold": _("Bold"),
    "data-rt-italic": _("Italic"),
    "data-rt-heading": _("Heading"),
    "data-rt-subheading": _("Subheading"),
    "data-rt-paragraph": _("Normal text"),
    "data-rt-bullets": _("Bulleted list"),
    "data-rt-numbers": _("Numbered list"),
    "data-rt-link": _("Link"),
    "data-rt-unlink": _("Remove link"),
    "data-rt-link-prompt": _("Address of the link (https://…)"),
}


class RichTextarea(forms.Textarea):
    """A textarea the page's rich-text editor replaces (load ``dienhinh/richtext.js``);
    without JavaScript it stays a plain textarea. The HTML it sends must still be
    sanitised by the server."""

    def __init__(self, attrs=None):
        super().__init__({"data-richtext": "", **_EDITOR_LABELS, **(attrs or {})})
