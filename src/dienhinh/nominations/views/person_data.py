"""A person erased from every dossier about them (nominations.person_erasure), for system
administrators: find the dossiers by the person's name and year of birth, check the list,
confirm with a reason. For everyone else this page does not exist (404)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from dienhinh.accounts.scope import is_system_admin
from dienhinh.core.web import Form, add_domain_errors
from dienhinh.nominations import person_erasure
from dienhinh.nominations.erasure import OPEN_STATES


class PersonForm(Form):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=255)
    birth_year = forms.IntegerField(
        label=gettext_lazy("Year of birth"), required=False, min_value=1900, max_value=2100
    )


class ErasePersonForm(PersonForm):
    dossiers = forms.CharField(widget=forms.HiddenInput, max_length=20000)
    reason = forms.CharField(
        label=gettext_lazy("Why the data is erased (the request, its date)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Carried from the search: the person is the one whose dossiers were listed.
        self.fields["full_name"].widget = forms.HiddenInput()
        self.fields["birth_year"].widget = forms.HiddenInput()

    def clean_dossiers(self) -> set[int]:
        try:
            return {int(part) for part in self.cleaned_data["dossiers"].split(",") if part}
        except ValueError:
            raise ValidationError(
                gettext_lazy("The list of dossiers is not valid: search again.")
            ) from None


@login_required
@require_http_methods(["GET", "POST"])
def person_data(request):
    if not is_system_admin(request.user):
        raise Http404
    if request.method == "POST":
        search = PersonForm(request.POST)
        erase = ErasePersonForm(request.POST)
        if erase.is_valid():
            data = erase.cleaned_data
            try:
                erased = person_erasure.erase_person(
                    data["full_name"],
                    data["birth_year"],
                    by=request.user,
                    reason=data["reason"],
                    confirmed=data["dossiers"],
                )
            except ValidationError as error:
                add_domain_errors(erase, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The person's data was erased from %(count)d dossier.",
                        "The person's data was erased from %(count)d dossiers.",
                        len(erased),
                    )
                    % {"count": len(erased)},
                )
                return redirect(reverse("nominations:person_data"))
    else:
        search = PersonForm(request.GET or None)
        erase = None
    found = []
    if search.is_valid():
        found = list(
            person_erasure.dossiers_of(
                request.user, search.cleaned_data["full_name"], search.cleaned_data["birth_year"]
            )
        )
        if erase is None:
            erase = ErasePersonForm(
                initial={**search.cleaned_data, "dossiers": ",".join(str(d.pk) for d in found)}
            )
    return render(
        request,
        "nominations/person_data.html",
        {
            "search": search,
            "erase": erase,
            "found": found,
            "open": [d for d in found if d.state in OPEN_STATES],
        },
        status=400 if (erase is not None and erase.errors) or search.errors else 200,
    )
