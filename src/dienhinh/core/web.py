"""The web layer every app's pages share: forms that clean typed text, domain errors shown on
forms, pagination and query strings, small request helpers.

Apps import from here instead of writing their own copies; the templates that go with it are
``includes/pagination.html``, ``includes/form_fields.html`` and ``includes/field.html``.
"""

import functools
from collections.abc import Callable, Mapping
from html import escape as html_escape

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.forms.utils import flatatt
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from dienhinh.core import once
from dienhinh.core.params import parse_id
from dienhinh.core.text import UnsafeText, clean_text

PER_PAGE = 50


# --- Forms ----------------------------------------------------------------------------------


def _cleaning(to_python: Callable, *, multiline: bool) -> Callable:
    def cleaned(value):
        value = to_python(value)
        if not isinstance(value, str):
            return value
        try:
            return clean_text(value, multiline=multiline)
        except UnsafeText as error:
            raise ValidationError(error.message, code="unsafe_text") from error

    return cleaned


class FastSelect(forms.Select):
    """A select that renders its options in Python instead of one template per option.

    Django renders every <option> through its own template include, which makes a filter
    form with a few dozen options the most expensive part of a list page. The HTML is the
    same as Django's (attributes through ``flatatt``, everything escaped).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            # Options are the bulk of a filter form (format_html's lazy-string checks on
            # each cost more than the rest): each value escaped once, as escape() would.
            parts.extend(
                f'<option value="{_escape(option["value"])}"{_option_attrs(option["attrs"])}>'
                f"{_escape(option['label'])}</option>"
                for option in options
            )
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308  (every value is escaped above)


def _escape(value) -> str:
    """django.utils.html.conditional_escape without its lazy-string wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_escape(str(value))


def _option_attrs(attrs: dict) -> str:
    if not attrs:
        return ""
    if attrs == {"selected": True}:
        return " selected"
    return flatatt(attrs)


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """FastSelect for several values (``multiple``)."""


_FAST_WIDGETS = {forms.Select: FastSelect, forms.SelectMultiple: FastSelectMultiple}


class CleanTextMixin:
    """Every text field of the form goes through ``core.text.clean_text``: NFC, trimmed,
    control characters and direction overrides refused with a message on the field; and
    selects render as FastSelect.

    The cleaning runs inside each field's own ``to_python``, so ``clean_<name>`` methods,
    length limits and lookups by code all see the stored form of the text. Single-line
    inputs collapse inner whitespace; textareas keep their line breaks. Passwords are left
    exactly as typed (a password may legitimately hold two spaces).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            fast = _FAST_WIDGETS.get(type(field.widget))
            if fast is not None:
                # The widget is this form's own copy; only its rendering changes.
                field.widget.__class__ = fast
            if not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            # self.fields holds per-instance copies, so this never touches the class's fields.
            field.to_python = _cleaning(field.to_python, multiline=multiline)


class Form(CleanTextMixin, forms.Form):
    """The base of every form in the project."""


def add_domain_errors(
    form: forms.BaseForm, error: ValidationError, field_map: Mapping[str, str] | None = None
) -> None:
    """Show a domain ValidationError on ``form``: keys that name a form field (directly or
    through ``field_map``, e.g. ``{"parent": "parent_code"}``) go to that field, everything
    else to the form as a whole."""
    field_map = field_map or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        field = field_map.get(key, key)
        if field == NON_FIELD_ERRORS or field not in form.fields:
            field = None
        form.add_error(field, errors)


# --- Lists ----------------------------------------------------------------------------------


def paginate(
    request: HttpRequest,
    items,
    *,
    param: str = "page",
    per_page: int = PER_PAGE,
    count: int | None = None,
) -> Page:
    """The requested page of ``items``; a missing or bad page number gives the nearest page.
    ``count``, when the caller already knows how many items there are (from counts it shows
    anyway), saves the paginator its own COUNT query."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # a cached_property: the known value is used as if counted
    return paginator.get_page(request.GET.get(param))


def query_without(request: HttpRequest, *names: str) -> str:
    """The current query string without ``names`` and empty values; repeated keys
    (``state=a&state=b``) are kept. For filter links and exports."""
    pairs = [
        (key, value)
        for key, values in request.GET.lists()
        if key not in names
        for value in values
        if value != ""
    ]
    return urlencode(pairs)


def page_query(request: HttpRequest, param: str = "page") -> str:
    """The query string for pagination links: everything but ``param``, ending in ``&`` when
    not empty, so templates write ``?{{ page_query }}page=2``."""
    rest = query_without(request, param)
    return f"{rest}&" if rest else ""


# --- Requests -------------------------------------------------------------------------------


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def id_param(request: HttpRequest, name: str) -> int | None:
    """The id in the query parameter ``name``, or None (see ``core.params.parse_id``)."""
    return parse_id(request.GET.get(name))


def require_perm(request: HttpRequest, perm: str, obj) -> None:
    """403 unless the user has ``perm`` on ``obj`` (the object is already known visible)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def id_or_404(value) -> int:
    """The id in ``value`` (a query parameter), or 404: a bad id names nothing."""
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


# --- Submissions ----------------------------------------------------------------------------

_REDIRECTS = (301, 302, 303, 307, 308)


def _back(request: HttpRequest) -> str:
    """The page the form was on (to show it again with a message), else this address."""
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.get_full_path()


def once_per_submission(view: Callable) -> Callable:
    """Decorate a view that creates a record or makes a transition: a form sent twice with
    the same one-time token (core.once) acts once, and the second submission is sent where
    the first one led, with a message saying so.

    The view runs inside one transaction with the token's row, so the record and the use of
    the token are saved together (a crash leaves the token unused); a parallel second
    submission waits for the first. A POST without a token acts as before; an expired token
    or another person's is answered by the page the form was on with the reason, and
    nothing is saved."""

    @functools.wraps(view)
    def checked(request, *args, **kwargs):
        token = request.POST.get(once.FIELD) if request.method == "POST" else None
        if not token or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        try:
            nonce = once.nonce_of(token, user=request.user)
        except once.Refused as refusal:
            messages.error(request, refusal.message)
            return HttpResponseRedirect(_back(request), status=303)
        with transaction.atomic():
            first = once.first_submission(nonce, user=request.user)
            if first is None:
                response = view(request, *args, **kwargs)
                led_to = response["Location"] if response.status_code in _REDIRECTS else None
                once.keep(nonce, redirect_to=led_to)
                return response
        messages.info(
            request, _("This request was already sent; here is the result of the first one.")
        )
        return HttpResponseRedirect(first.redirect_to or _back(request), status=303)

    checked.once_per_submission = True  # lets a test list the views that use it
    return checked
