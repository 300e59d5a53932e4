"""Forms of the scoring pages; the rules are in scoring.rubric, scoring.entries and
scoring.workflow (the forms only parse what was typed)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dienhinh.core.web import Form
from dienhinh.scoring.enums import ClassScheme, Formula, ItemKind, Source, TieBreak

CLASS_ROWS = 6
TIE_ROWS = 3


def _points(label, *, required=False, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=7,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


class ItemForm(Form):
    parent = forms.TypedChoiceField(label=_("Under"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    title = forms.CharField(label=_("Title"), max_length=255)
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    max_points = _points(
        _("Maximum points"),
        help_text=_("The cap of a per-occurrence item; the ceiling of a group (0: none)."),
    )
    min_points = _points(_("Lowest points (bonus or penalty)"), help_text=_("0 or below."))
    points_each = _points(_("Points each"))
    source = forms.ChoiceField(
        label=_("Computed from"), required=False, choices=[("", "—"), *Source.choices]
    )
    formula = forms.ChoiceField(
        label=_("Formula"), required=False, choices=[("", "—"), *Formula.choices]
    )
    threshold = forms.IntegerField(
        label=_("Occurrences"),
        min_value=1,
        max_value=10_000,
        initial=1,
        required=False,
        help_text=_("From how many occurrences full points are given, or per how many."),
    )
    late_points = _points(_("Points when the report is late"))

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("Top level")), *[(g.pk, g.title) for g in groups]]
        self._groups = {g.pk: g for g in groups}

    def domain_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["parent"] = self._groups.get(data.get("parent"))
        return data


class SettingsForm(Form):
    group_year = forms.IntegerField(
        label=_("Year of the emulation groups"), required=False, min_value=2000, max_value=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(CLASS_ROWS):
            self.fields[f"class_name_{index}"] = forms.CharField(
                label=_("Class"), required=False, max_length=100
            )
            self.fields[f"class_min_{index}"] = _points(_("From (points)"))
        choices = [("", "—"), *TieBreak.choices]
        for index in range(TIE_ROWS):
            self.fields[f"tie_{index}"] = forms.ChoiceField(
                label=_("Then by") if index else _("Ties broken first by"),
                required=False,
                choices=choices,
            )

    def clean(self):
        data = super().clean()
        for index in range(CLASS_ROWS):
            name, low = data.get(f"class_name_{index}"), data.get(f"class_min_{index}")
            if name and low is None:
                self.add_error(f"class_min_{index}", _("Give the lowest total of the class."))
            if low is not None and not name:
                self.add_error(f"class_name_{index}", _("Give the class a name."))
        return data

    def class_rows(self) -> list:
        return [(self[f"class_name_{i}"], self[f"class_min_{i}"]) for i in range(CLASS_ROWS)]

    def tie_fields(self) -> list:
        return [self[f"tie_{i}"] for i in range(TIE_ROWS)]

    def domain_data(self) -> dict:
        data = self.cleaned_data
        classes = [
            (data[f"class_name_{i}"], data[f"class_min_{i}"])
            for i in range(CLASS_ROWS)
            if data.get(f"class_name_{i}")
        ]
        ties = [data[f"tie_{i}"] for i in range(TIE_ROWS) if data.get(f"tie_{i}")]
        return {"classes": classes, "tie_break": ties, "group_year": data.get("group_year")}

    @classmethod
    def initial_for(cls, rubric) -> dict:
        initial = {"group_year": rubric.group_year}
        for index, klass in enumerate(list(rubric.classes.all())[:CLASS_ROWS]):
            initial[f"class_name_{index}"] = klass.name
            initial[f"class_min_{index}"] = klass.min_total
        for index, key in enumerate(rubric.tie_break[:TIE_ROWS]):
            initial[f"tie_{index}"] = key
        return initial


class SchemeForm(Form):
    scheme = forms.ChoiceField(label=_("Grading"), choices=ClassScheme.choices)


class CopyForm(Form):
    source = forms.TypedChoiceField(label=_("Copy the rubric of plan"), coerce=int)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [
            (r.pk, f"{r.plan.reference} — {r.plan.title}") for r in sources
        ]


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


def _value_field(item, label):
    if item.kind == ItemKind.PASS_FAIL:
        return forms.TypedChoiceField(
            label=label,
            required=False,
            coerce=int,
            empty_value=None,
            choices=[("", "—"), (1, _("Met")), (0, _("Not met"))],
        )
    if item.kind == ItemKind.PER_OCCURRENCE:
        return _points(label, help_text=_("Number of occurrences."))
    return _points(label)


class _EntriesForm(Form):
    """One value and one text (and, for the self-score, a file) per entered item."""

    value, value_label = "value", _("Self-score")
    text, text_label = "evidence", _("Evidence")
    with_evidence = False  # a second text: the item's evidence, beside the explanation
    with_file = False

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"{self.value}_{item.pk}"] = _value_field(item, self.value_label)
            self.fields[f"{self.text}_{item.pk}"] = forms.CharField(
                label=self.text_label,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if self.with_evidence:
                self.fields[f"evidence_{item.pk}"] = forms.CharField(
                    label=_("Evidence"),
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )
                # The fingerprint of the evidence as shown (scoring.entries.OfficialInput).
                self.fields[f"evidence_seen_{item.pk}"] = forms.CharField(
                    required=False, max_length=64, widget=forms.HiddenInput
                )
            if self.with_file:
                self.fields[f"file_{item.pk}"] = forms.FileField(
                    label=_("Evidence file (PDF or DOCX)"), required=False
                )

    def rows(self) -> list:
        names = [
            self.value,
            self.text,
            *(["evidence", "evidence_seen"] if self.with_evidence else []),
            *(["file"] if self.with_file else []),
        ]
        return [(item, *(self[f"{name}_{item.pk}"] for name in names)) for item in self.items]


class SelfScoreForm(_EntriesForm):
    """The unit's value, evidence and file per entered item of the rubric."""

    with_file = True


class OfficialScoreForm(_EntriesForm):
    """The reviewing level's official value and explanation per entered item."""

    value, value_label = "official", _("Official score")
    text, text_label = "explanation", _("Explanation of the difference")
    with_evidence = True
