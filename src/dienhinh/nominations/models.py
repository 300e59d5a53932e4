"""Nomination dossiers (hồ sơ điển hình), their reviews and the audit trail of transitions."""

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dienhinh.core.history import CachedHistoryManager
from dienhinh.core.models import TimeStampedModel
from dienhinh.core.text import collation_key, fold, nfc
from dienhinh.nominations.enums import Action, Gender, PeopleConsent, State
from dienhinh.nominations.ethnicities import ETHNIC_GROUPS
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Criterion, Movement, Plan, PlanField, SubjectKind


def person_key(full_name: str, birth_year: int | None) -> str:
    """A person's identity as dossiers key it (``Nomination.subject_key``): the folded name
    and the year of birth, so spellings that differ in case or diacritics match."""
    return f"i:{fold(nfc(full_name))}:{birth_year or ''}"


def _consent_path(instance, filename: str) -> str:
    # A random name in the dossier's folder; the scan is served only through its view.
    import uuid

    return f"nominations/{instance.pk}/consent-{uuid.uuid4().hex}"


# Stored NFC whatever path wrote them (the editing functions clean them already).
_NFC_FIELDS = (
    "full_name",
    "position",
    "workplace",
    "home_town",
    "residence",
    "party_position",
    "government_position",
    "union_position",
    "professional_level",
    "political_theory_level",
    "academic_titles",
    "collective_name",
    "collective_address",
    "collective_phone",
    "headline",
    "contact_name",
    "contact_phone",
)


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NominationQuerySet":
        """Dossiers of units in the user's scope, and dossiers that have reached a unit in it."""
        from dienhinh.nominations.visibility import nomination_filter

        return self.filter(nomination_filter(user))


class Nomination(TimeStampedModel):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="nominations"
    )
    nominating_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("nominating unit"),
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    subject_kind = models.CharField(_("subject"), max_length=12, choices=SubjectKind.choices)
    # Individual (đoàn viên, CNVCLĐ)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    workplace = models.CharField(_("workplace"), max_length=255, blank=True)
    member_since = models.PositiveSmallIntegerField(
        _("union member since (year)"), null=True, blank=True
    )
    # What the achievement-report forms of Decree 98/2023/NĐ-CP (Mẫu số 01, 02) ask for.
    # A given date of birth sets birth_year (kept alone for older records and the duplicate
    # check). Ethnicity and party membership are sensitive (see nominations.privacy).
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    home_town = models.CharField(_("home town"), max_length=255, blank=True)
    residence = models.CharField(_("residence"), max_length=255, blank=True)
    party_position = models.CharField(_("position in the Party"), max_length=255, blank=True)
    government_position = models.CharField(
        _("position in the government"), max_length=255, blank=True
    )
    union_position = models.CharField(
        _("position in the unions and associations"), max_length=255, blank=True
    )
    professional_level = models.CharField(
        _("professional qualification"), max_length=255, blank=True
    )
    political_theory_level = models.CharField(
        _("political theory level"), max_length=100, blank=True
    )
    academic_titles = models.CharField(_("academic titles and degrees"), max_length=255, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNIC_GROUPS, blank=True)
    # None: not recorded (the office records it only where the person agreed to give it).
    party_member = models.BooleanField(_("member of the Communist Party"), null=True, blank=True)
    party_joined_on = models.DateField(_("date of admission to the Party"), null=True, blank=True)
    # Collective (tập thể)
    collective_name = models.CharField(_("name of the collective"), max_length=255, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    women_count = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    collective_address = models.CharField(_("address"), max_length=255, blank=True)
    collective_phone = models.CharField(_("phone"), max_length=30, blank=True)
    collective_email = models.EmailField(_("email"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    organisation_structure = models.TextField(_("organisational structure"), blank=True)
    functions_and_tasks = models.TextField(_("functions and tasks"), blank=True)

    field = models.ForeignKey(
        PlanField,
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("movement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    headline = models.CharField(_("headline"), max_length=255)
    achievements = models.TextField(_("achievements"), blank=True)  # sanitised HTML
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)

    # The person's consent to be publicised (Law 91/2025/QH15): who recorded it and when,
    # with an optional scan of the signed form (never public: see nominations.privacy).
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consent recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    consent_scan = models.FileField(
        _("scan of the signed consent"), upload_to=_consent_path, max_length=200, blank=True
    )
    consent_scan_type = models.CharField(max_length=40, blank=True, editable=False)

    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    # The unit whose reviewers must act now (None unless the dossier is in review).
    current_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Derived: folded text for search; normalised identity for the duplicate check.
    search_text = models.TextField(editable=False, default="")
    subject_key = models.CharField(max_length=300, editable=False, default="", db_index=True)
    sort_name = models.CharField(max_length=255, editable=False, default="")
    # The outbox's emails about the dossier (its moves, the stories told from it), linked
    # when they are queued: they name the person, and erasing the dossier's personal data
    # scrubs exactly these (nominations.erasure).
    emails = models.ManyToManyField(
        "core.OutgoingEmail", related_name="nominations", blank=True, editable=False
    )

    objects = NominationQuerySet.as_manager()
    # Who changed which field (see core.history); derived columns are left out.
    history = HistoricalRecords(
        # Consent has its own audit entries ("nomination.consent"); a withdrawn consent's
        # scan is deleted, and no history row should keep pointing at it.
        excluded_fields=[
            "search_text",
            "subject_key",
            "sort_name",
            "updated_at",
            "consent_recorded_at",
            "consent_recorded_by",
            "consent_scan",
            "consent_scan_type",
            # Sensitive personal data (nominations.privacy.SENSITIVE) is not copied into
            # history rows: one place holds it, and erasing it there erases it.
            "ethnicity",
            "party_member",
            "party_joined_on",
        ],
        history_manager=CachedHistoryManager,
    )

    class Meta:
        verbose_name = _("nomination dossier")
        verbose_name_plural = _("nomination dossiers")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["plan", "state"]),
            models.Index(fields=["current_unit", "state"]),
            models.Index(fields=["nominating_unit", "state"]),
            models.Index(fields=["subject_kind"]),
            # The lists' default order: newest change first.
            models.Index(fields=["-updated_at", "-id"], name="nomination_recent_idx"),
            models.Index(fields=["sort_name", "id"], name="nomination_name_idx"),
            # The monitoring board and the report figures count a subtree's dossiers of a
            # plan unit by unit: covering, so PostgreSQL answers from the index alone
            # instead of visiting each unit's dossiers scattered over the table.
            models.Index(
                fields=["nominating_unit", "plan"],
                include=["id", "state", "field", "submitted_at"],
                name="nomination_unit_plan_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.subject_name

    @property
    def subject_name(self) -> str:
        if self.subject_kind == SubjectKind.INDIVIDUAL:
            return self.full_name
        return self.collective_name

    def save(self, *args, **kwargs) -> None:
        for name in _NFC_FIELDS:
            setattr(self, name, nfc(getattr(self, name)))
        for name in ("organisation_structure", "functions_and_tasks"):
            # Paragraphs: NFC without collapsing the line breaks.
            setattr(self, name, unicodedata.normalize("NFC", getattr(self, name) or ""))
        self.contact_email = (self.contact_email or "").strip().lower()
        self.collective_email = (self.collective_email or "").strip().lower()
        if self.date_of_birth is not None:
            self.birth_year = self.date_of_birth.year
        if self.subject_kind == SubjectKind.INDIVIDUAL:
            self.subject_key = person_key(self.full_name, self.birth_year)
            self.sort_name = collation_key(self.full_name, person=True)
        else:
            self.subject_key = f"c:{fold(self.collective_name)}"
            self.sort_name = collation_key(self.collective_name)
        self.search_text = fold(
            " ".join(
                [self.full_name, self.collective_name, self.headline, self.workplace, self.position]
            )
        )
        super().save(*args, **kwargs)


class PastAward(models.Model):
    """A title or award the subject received before (danh hiệu, hình thức khen thưởng đã
    được ghi nhận), with the decision that conferred it."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="past_awards")
    title = models.CharField(_("title or award"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("past title or award")
        verbose_name_plural = _("past titles and awards")

    def __str__(self) -> str:
        return self.title


class Initiative(models.Model):
    """A sáng kiến credited to the subject."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="initiatives")
    title = models.CharField(_("title"), max_length=255)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    benefit = models.DecimalField(
        _("benefit (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    recognised_by = models.CharField(_("recognised by"), max_length=255, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class SelfAssessment(models.Model):
    """The nominating unit's own view of one criterion, with its evidence."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    met = models.BooleanField(_("met"), default=False)
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="unique_assessment_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id}/{self.criterion_id}"


class Review(models.Model):
    """One reviewer's decision at one level in one round. Never updated once written."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="reviews")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(max_length=10, choices=Action.choices)
    comment = models.TextField(_("comment to the nominating unit"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination_id} r{self.round} {self.decision}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(max_digits=6, decimal_places=2)

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class Transition(models.Model):
    """The audit trail: who moved the dossier from which state to which, where and why."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=10, choices=Action.choices)
    from_state = models.CharField(max_length=12, choices=State.choices)
    to_state = models.CharField(max_length=12, choices=State.choices)
    from_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, related_name="+")
    to_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    round = models.PositiveSmallIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.from_state} → {self.to_state}"


def _upload_path(instance, filename: str) -> str:
    # Random names: the original name is kept in a column, never trusted as a path.
    import uuid

    return f"nominations/{instance.nomination_id}/{uuid.uuid4().hex}"


class Photo(models.Model):
    """A photo of the subject, checked by content and stripped of EXIF before it is stored."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=_upload_path, max_length=200)
    thumbnail = models.FileField(upload_to=_upload_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    alt_text = models.CharField(_("description for screen readers"), max_length=255, blank=True)
    people_consent = models.CharField(
        _("consent of the people shown"),
        max_length=12,
        choices=PeopleConsent.choices,
        default=PeopleConsent.NOT_RECORDED,
    )
    original_name = models.CharField(max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or self.original_name


class Attachment(models.Model):
    """A PDF or DOCX document supporting the dossier."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_upload_path, max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=255, blank=True)
    original_name = models.CharField(max_length=255)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title or self.original_name


def _pending_path(instance, filename: str) -> str:
    import uuid

    return f"nominations/pending/{uuid.uuid4().hex}"


class PendingUpload(models.Model):
    """A photo or document uploaded on the dossier form before the dossier is saved.

    A separate table rather than a nullable dossier on Photo and Attachment: every query of
    those two can keep assuming a dossier (and its visibility), while a pending file belongs
    to its uploader alone: it is served only to them (nominations.editing.pending), becomes
    a Photo or Attachment when they save the dossier form that carries its id, and is
    deleted with its files 24 hours after upload if that never happens. Its files were
    checked and cleaned exactly as a dossier's are (nominations.files) when uploaded.
    """

    class Kind(models.TextChoices):
        PHOTO = "photo", _("photo")
        ATTACHMENT = "attachment", _("attachment")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.FileField(upload_to=_pending_path, max_length=200)
    thumbnail = models.FileField(upload_to=_pending_path, max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    original_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
