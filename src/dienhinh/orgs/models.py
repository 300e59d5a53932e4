"""The union tree (OrgUnit) and emulation groups (cụm / khối thi đua)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from dienhinh.core.models import TimeStampedModel
from dienhinh.core.text import collation_key, fold, nfc


class UnitKind(models.TextChoices):
    NATIONAL = "national", _("National confederation")
    PROVINCE = "province", _("Provincial federation")
    CENTRAL_INDUSTRY = "central_industry", _("Central industry union")
    DISTRICT = "district", _("District federation")
    INDUSTRY = "industry", _("Industry union")
    COMMUNE = "commune", _("Commune union")
    GRASSROOTS = "grassroots", _("Grassroots union")
    GROUP = "group", _("Union group")


class OrgUnitQuerySet(MP_NodeQuerySet):
    def visible_to(self, user) -> "OrgUnitQuerySet":
        """Units where ``user`` holds any role (with their subtree where the role covers it)."""
        from dienhinh.accounts.scope import unit_filter

        return self.filter(unit_filter(user))

    def managed_by(self, user) -> "OrgUnitQuerySet":
        """Units whose details, users and roles ``user`` may manage."""
        from dienhinh.accounts.scope import ADMIN_ROLES, unit_filter

        return self.filter(unit_filter(user, roles=ADMIN_ROLES))

    def subtree_of(self, unit: "OrgUnit") -> "OrgUnitQuerySet":
        return self.filter(path__startswith=unit.path)

    def search(self, text: str) -> "OrgUnitQuerySet":
        """Match every word of ``text`` against name, short name and code, ignoring diacritics."""
        qs = self
        for word in fold(text).split():
            qs = qs.filter(search_text__contains=word)
        return qs


class OrgUnitManager(MP_NodeManager.from_queryset(OrgUnitQuerySet)):
    def get_queryset(self) -> OrgUnitQuerySet:
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")


class OrgUnit(MP_Node, TimeStampedModel):
    """A union unit at any level. The tree is a materialised path (``path``), so subtree and
    ancestor queries are a prefix match, never recursion in Python."""

    steplen = 4
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Unique in the whole tree; imports update units by this code."),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    # Derived columns kept in step by save(): folded text for search, Vietnamese sort order.
    search_text = models.CharField(max_length=600, editable=False, default="", db_index=True)
    sort_name = models.CharField(max_length=255, editable=False, default="", db_index=True)

    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("union unit")
        verbose_name_plural = _("union units")
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})

    def normalize(self) -> None:
        """NFC and trimmed text; called by save() and before validation, so that uniqueness
        checks compare the same form the database will hold."""
        self.code = nfc(self.code)
        self.name = nfc(self.name)
        self.short_name = nfc(self.short_name)
        self.address = nfc(self.address)
        self.email = (self.email or "").strip().lower()

    def save(self, *args, **kwargs) -> None:
        self.normalize()
        self.search_text = fold(f"{self.name} {self.short_name} {self.code}")
        self.sort_name = collation_key(self.name)
        super().save(*args, **kwargs)

    def is_in_subtree_of(self, other: "OrgUnit") -> bool:
        return self.path.startswith(other.path)


class GroupKind(models.TextChoices):
    CLUSTER = "cluster", _("Emulation cluster")
    BLOCK = "block", _("Emulation block")


class EmulationGroupQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EmulationGroupQuerySet":
        """Groups whose organiser, leader or any member unit ``user`` can see."""
        from dienhinh.accounts.scope import unit_filter

        units = OrgUnit.objects.filter(unit_filter(user))
        return self.filter(
            models.Q(organizer__in=units)
            | models.Q(leader__in=units)
            | models.Q(pk__in=EmulationGroupMember.objects.filter(unit__in=units).values("group"))
        )


class EmulationGroup(TimeStampedModel):
    """A cụm or khối thi đua for one year: member units under one organiser, one leader."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    organizer = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="organized_groups",
    )
    leader = models.ForeignKey(
        OrgUnit,
        verbose_name=_("leader unit"),
        on_delete=models.PROTECT,
        related_name="led_groups",
        null=True,
        blank=True,
    )
    members = models.ManyToManyField(
        OrgUnit,
        through="EmulationGroupMember",
        related_name="emulation_groups",
        verbose_name=_("member units"),
    )
    sort_name = models.CharField(max_length=255, editable=False, default="")
    # The name without diacritics, đ as d, lower case: searched like units' search_text.
    search_text = models.CharField(max_length=255, editable=False, default="", db_index=True)

    objects = EmulationGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("emulation group")
        verbose_name_plural = _("emulation groups")
        constraints = [
            models.UniqueConstraint(
                fields=["organizer", "year", "name"], name="unique_group_name_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "sort_name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name)
        self.sort_name = collation_key(self.name)
        self.search_text = fold(self.name)
        super().save(*args, **kwargs)


class EmulationGroupMember(models.Model):
    group = models.ForeignKey(EmulationGroup, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="group_memberships")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "unit"], name="unique_group_member")
        ]
