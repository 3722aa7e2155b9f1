"""The zone and what the portal says about it: areas, industries, incentives, facilities,
milestones, published figures, and the sources every real fact comes from.

Translatable text fields (names, summaries, descriptions…) are registered in
`translation.py`; django-modeltranslation adds one column per language beside each.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ftzportal.facts import MoneyKind, Qualifier
from ftzportal.publication import PublicationStatus, Publishable, PublishableQuerySet


class Source(models.Model):
    """Where a fact comes from: a published article (the seed files are such articles)."""

    title = models.CharField(_("title"), max_length=300)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    url = models.URLField(_("URL"), blank=True)
    seed_file = models.CharField(
        _("seed file"),
        max_length=100,
        blank=True,
        unique=True,
        null=True,
        help_text=_("File name of the source article in the seeds folder, if it is one."),
    )

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        parts = [self.title]
        if self.publisher:
            parts.append(self.publisher)
        if self.published_on:
            parts.append(self.published_on.isoformat())
        return " — ".join(parts)


CONTACT_PHOTO_TYPES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


def validate_contact_photo(upload) -> None:
    """A PNG or JPEG, recognised by its first bytes (not by its name), at most 2 MB. Read
    without Pillow: the portal only stores and serves the file, it never resizes it."""
    if upload.size > 2 * 1024 * 1024:
        raise ValidationError(_("The photo must be at most 2 MB."), code="too_large")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in CONTACT_PHOTO_TYPES):
        raise ValidationError(_("The photo must be a PNG or JPEG image."), code="not_an_image")


class Contact(models.Model):
    """A named person of the investment promotion team whom investors can reach about an
    area or a project. Inquiries about that area or project are assigned to them."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    photo = models.FileField(
        _("photo"),
        upload_to="contacts/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"]), validate_contact_photo],
        help_text=_("A PNG or JPEG portrait, at most 2 MB."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.CharField(
        _("languages spoken"), max_length=200, blank=True, help_text=_("e.g. Chinese, English, Russian")
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive contacts are no longer shown or assigned inquiries.")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("admin account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_card",
        help_text=_("The contact's account in this admin: inquiries assigned to the contact are assigned to it."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name


class ZoneQuerySet(PublishableQuerySet):
    def with_related(self):
        """Shaped for serializers: source joined, areas in one extra query."""
        return self.select_related("source").prefetch_related("areas")


class Quoted(models.Model):
    """A fact that keeps the sentence or sentences of its source it rests on, verbatim."""

    quote = models.TextField(
        _("what the source says"),
        blank=True,
        help_text=_("The sentence or sentences of the source this rests on, copied exactly (one per line)."),
    )

    class Meta:
        abstract = True


class Zone(Quoted, Publishable):
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    total_area_km2 = models.DecimalField(_("total area (km²)"), max_digits=10, decimal_places=2)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)

    objects = ZoneQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=Q(total_area_km2__gte=0), name="zone_total_area_not_negative"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:home")


# The investments app's tally resources (investments.models.TallyResource) read here.
TALLIED_ENTERPRISES = "enterprise-industry"
TALLIED_PROJECTS = "project"


class IndustryQuerySet(PublishableQuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def with_directory_counts(self):
        """Annotates `enterprise_count` and `project_count`: published rows only. DISTINCT
        counts because both joins multiply rows."""
        published = PublicationStatus.PUBLISHED
        return self.annotate(
            enterprise_count=models.Count(
                "enterprises", filter=Q(enterprises__publication_status=published), distinct=True
            ),
            project_count=models.Count("projects", filter=Q(projects__publication_status=published), distinct=True),
        )

    # An industry belongs to an area when a source names it for the area (an AreaIndustry,
    # of any basis) or when a published enterprise or project of it is there. Only
    # published areas count. The enterprises and projects are counted from the investments
    # app's tallies (investments.models.Tally, kept up to date as the data changes), named
    # here by their lookup and resource values only: "enterprise-industry" rows count an
    # enterprise once per industry, "project" rows count projects.

    def in_areas(self, areas):
        """Industries that belong to any of `areas`. EXISTS, so an industry of several
        areas (or with many enterprises there) comes back once, without DISTINCT."""
        named = AreaIndustry.objects.filter(
            industry=models.OuterRef("pk"), area__in=areas, area__publication_status=PublicationStatus.PUBLISHED
        )
        return self.filter(
            models.Exists(named)
            | models.Exists(self._with_published(TALLIED_ENTERPRISES, area__in=areas))
            | models.Exists(self._with_published(TALLIED_PROJECTS, area__in=areas))
        )

    def with_reasons_in(self, areas):
        """Annotates why each industry belongs to each of `areas` (a handful: the zone has
        three): the basis on which a source names it there (None if none), and the
        number of published enterprises and of published projects of it there, under the
        names `reason_fields(area)` gives (zones.reasons reads them). One query whatever
        the number of rows: three subqueries per area, the counts read from the tallies."""
        annotations = {}
        for area in areas:
            basis, enterprises, projects = self.reason_fields(area)
            named = AreaIndustry.objects.filter(
                industry=models.OuterRef("pk"), area=area, area__publication_status=PublicationStatus.PUBLISHED
            )
            annotations[basis] = models.Subquery(named.order_by().values("basis")[:1])
            annotations[enterprises] = self._published_count(TALLIED_ENTERPRISES, area)
            annotations[projects] = self._published_count(TALLIED_PROJECTS, area)
        return self.annotate(**annotations)

    @staticmethod
    def reason_fields(area) -> tuple[str, str, str]:
        """The names of `with_reasons_in`'s annotations for `area`: basis, enterprise
        count, project count."""
        return f"basis_in_{area.pk}", f"enterprises_in_{area.pk}", f"projects_in_{area.pk}"

    @staticmethod
    def _published_here(resource: str, **area_lookup) -> models.Q:
        """Tallies of published `resource` rows (enterprises, projects) in a published
        area matching `area_lookup` (`area=…`, `area__in=…`)."""
        return models.Q(
            **{f"tallies__{name}": value for name, value in area_lookup.items()},
            tallies__resource=resource,
            tallies__count__gt=0,
            tallies__area__publication_status=PublicationStatus.PUBLISHED,
        )

    def _with_published(self, resource: str, **area_lookup):
        """The outer industry, where it has such rows (see `_published_here`)."""
        return Industry.objects.filter(self._published_here(resource, **area_lookup), pk=models.OuterRef("pk"))

    def _published_count(self, resource: str, area):
        """The number of published `resource` rows of the outer industry in `area` (the
        subquery always has its one row: the industry, with a count of 0 if none)."""
        count = Coalesce(models.Sum("tallies__count", filter=self._published_here(resource, area=area)), 0)
        rows = Industry.objects.filter(pk=models.OuterRef("pk")).order_by().values("pk").annotate(count=count)
        return models.Subquery(rows.values("count"))

    def with_related(self):
        """Shaped for serializers: parent and source joined, children in one extra query."""
        return self.select_related("parent", "source").prefetch_related("children")


class Industry(Quoted, Publishable):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)

    objects = IndustryQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="industry_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:industry-detail", args=[self.slug])


class AreaQuerySet(PublishableQuerySet):
    def matching_name(self, text):
        """Areas whose name in any language, or one of whose other spellings, contains
        `text` (Kashi finds Kashgar, Khorgas finds Horgos)."""
        return self.filter(
            Q(name_en__icontains=text)
            | Q(name_zh_hans__icontains=text)
            | Q(name_ru__icontains=text)
            | Q(aliases__icontains=text)
        )

    def with_related(self):
        """Shaped for serializers: zone and source joined; key industries (with their
        industry) in one extra query."""
        return self.select_related("zone", "source").prefetch_related(
            models.Prefetch("area_industries", queryset=AreaIndustry.objects.select_related("industry"))
        )


class Area(Quoted, Publishable):
    """A sub-area of a zone (Urumqi, Kashgar, Horgos)."""

    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="areas")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    aliases = models.CharField(
        _("other names and spellings"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated, used by search: Kashi, Kashgar, Khorgas, Khorgos…"),
    )
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2)
    inaugurated_on = models.DateField(_("inaugurated on"), null=True, blank=True)
    inaugurated_on_basis = models.CharField(
        _("how the date is known"),
        max_length=300,
        blank=True,
        help_text=_("Where the source gives no date itself: how it was worked out (shown beside the date)."),
    )
    summary = models.TextField(_("summary"), blank=True)
    positioning = models.TextField(_("positioning"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    key_industries = models.ManyToManyField(
        Industry, through="AreaIndustry", verbose_name=_("key industries"), related_name="key_in_areas", blank=True
    )
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="areas",
        help_text=_("Who answers investors about this area; inquiries about it are assigned to them."),
    )
    first_reply_hours = models.PositiveSmallIntegerField(
        _("promised first reply (hours)"),
        null=True,
        blank=True,
        help_text=_(
            "How soon investors asking about this area get a first reply. Empty: the portal's default "
            "(INQUIRY_FIRST_REPLY_HOURS). Applies to inquiries received from then on."
        ),
    )

    objects = AreaQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["-area_km2"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=Q(area_km2__gte=0), name="area_km2_not_negative"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="area_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="area_longitude_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:area-detail", args=[self.slug])

    @property
    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in self.aliases.split(",") if alias.strip()]


class IndustryBasis(models.TextChoices):
    """Why a source names an industry for an area."""

    KEY_INDUSTRY = "key-industry", _("key industry")
    CONTRACTED_PROJECT_FIELD = "contracted-project-field", _("field of contracted projects")


class AreaIndustry(Quoted):
    """An industry that a source names for an area, with why (`basis`) and how (`note`)."""

    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="area_industries")
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), on_delete=models.CASCADE, related_name="area_industries"
    )
    basis = models.CharField(
        _("basis"), max_length=30, choices=IndustryBasis.choices, default=IndustryBasis.KEY_INDUSTRY
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)

    class Meta(Publishable.Meta):
        ordering = ["order", "pk"]
        verbose_name = _("key industry")
        verbose_name_plural = _("key industries")
        constraints = [models.UniqueConstraint(fields=["area", "industry"], name="unique_area_industry")]

    def __str__(self):
        return f"{self.area} — {self.industry}"


class IncentiveCategory(models.TextChoices):
    INVESTMENT_FACILITATION = "investment", _("Investment facilitation")
    FINANCE = "finance", _("Finance")
    TRADE_CUSTOMS = "trade-customs", _("Trade and customs")
    RD_INNOVATION = "rd-innovation", _("R&D and innovation")
    TALENT = "talent", _("Talent")
    LOGISTICS = "logistics", _("Logistics")
    TAX = "tax", _("Tax")
    LAND = "land", _("Land")
    RULES = "rules", _("International rules")


class IncentiveStatement(models.TextChoices):
    """What kind of statement an entry is: the portal lists measures as incentives; an
    authority's announced plans and commentators' recommendations are not incentives."""

    MEASURE = "measure", _("measure")
    RESULT = "result", _("reported result")
    PLAN = "plan", _("announced plan")
    COMMENTARY = "commentary", _("commentary")


class FigureScope(models.TextChoices):
    """What a figure describes, as its source says: a prefecture's figure is never an area's."""

    ZONE = "zone", _("the zone")
    AREA = "area", _("one area of the zone")
    PREFECTURE = "prefecture", _("a prefecture or city")
    REGION = "region", _("the region")
    OTHER_ZONE = "other-zone", _("another pilot free trade zone")
    COUNTRY = "country", _("China")


class IncentiveQuerySet(PublishableQuerySet):
    """Area and industry filters use EXISTS so an incentive with several areas or
    industries still comes back once, without DISTINCT."""

    def published(self):
        """Public as incentives: published measures. A reported result, an announced plan
        or a commentator's recommendation is never listed among incentives (see
        `published_statements`)."""
        return super().published().filter(statement=IncentiveStatement.MEASURE)

    def published_statements(self):
        """Published entries that are not measures, shown for what they are."""
        return super().published().exclude(statement=IncentiveStatement.MEASURE)

    def in_areas(self, areas):
        """Incentives that apply in any of `areas`: those naming one of them, and the
        zone-wide ones (which name no area)."""
        links = Incentive.areas.through.objects.filter(incentive=models.OuterRef("pk"))
        return self.filter(models.Exists(links.filter(area__in=areas)) | ~models.Exists(links))

    def for_industries(self, industries):
        """Incentives for any of `industries`, and those for every industry (none named)."""
        links = Incentive.industries.through.objects.filter(incentive=models.OuterRef("pk"))
        return self.filter(models.Exists(links.filter(industry__in=industries)) | ~models.Exists(links))

    def zone_wide(self):
        return self.filter(~models.Exists(Incentive.areas.through.objects.filter(incentive=models.OuterRef("pk"))))

    def newest(self):
        """Most recently published first (then most recently created)."""
        return self.order_by(models.F("published_at").desc(nulls_last=True), "-pk")

    def with_related(self):
        return self.select_related("source").prefetch_related("areas", "industries")


class Incentive(Quoted, Publishable):
    """A policy measure. No areas means zone-wide; no industries means every industry."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=IncentiveCategory.choices)
    statement = models.CharField(
        _("what the source makes of it"),
        max_length=20,
        choices=IncentiveStatement.choices,
        default=IncentiveStatement.MEASURE,
        help_text=_("Only measures (in force or announced by an authority) are listed as incentives."),
    )
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("areas"),
        blank=True,
        related_name="incentives",
        help_text=_("Leave empty for a zone-wide measure."),
    )
    industries = models.ManyToManyField(
        Industry,
        verbose_name=_("industries"),
        blank=True,
        related_name="incentives",
        help_text=_("Leave empty for a measure open to every industry."),
    )
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)
    source_note = models.CharField(_("source note"), max_length=500, blank=True)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    effective_until = models.DateField(_("effective until"), null=True, blank=True)

    objects = IncentiveQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["-effective_from", "title"]
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=Q(category__in=IncentiveCategory.values), name="incentive_valid_category"),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="incentive_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["publication_status", "category"], name="incentive_status_category")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("zones:incentive-detail", args=[self.slug])


class FacilityKind(models.TextChoices):
    TRADING_CENTER = "trading-center", _("Trading centre")
    LOGISTICS_HUB = "logistics-hub", _("Logistics hub")
    RAIL = "rail", _("Rail")
    CUSTOMS = "customs", _("Customs")
    BORDER_PORT = "border-port", _("Border port")
    INDUSTRIAL_PARK = "industrial-park", _("Industrial park")
    OTHER = "other", _("Other")


class FacilityQuerySet(PublishableQuerySet):
    def in_area(self, area):
        return self.filter(area=area)


class Facility(Quoted, Publishable):
    """A piece of infrastructure or a service centre of the zone."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="facilities")
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="facilities",
        help_text=_("Empty when the source does not place it in one area."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FacilityKind.choices, default=FacilityKind.OTHER)
    description = models.TextField(_("description"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=200,
        blank=True,
        help_text=_("What the source says of its progress, e.g. 'completed and in use'."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)

    objects = FacilityQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=Q(kind__in=FacilityKind.values), name="facility_valid_kind"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        if self.area_id:
            return reverse("portal:area-detail", args=[self.area.slug]) + f"#facility-{self.slug}"
        return reverse("portal:home") + f"#facility-{self.slug}"


class Milestone(Quoted, Publishable):
    """A dated event in the zone's history."""

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="milestones")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="milestones"
    )
    happened_on = models.DateField(_("date"))
    date_basis = models.CharField(
        _("how the date is known"),
        max_length=300,
        blank=True,
        help_text=_("Where the source gives no date itself: how it was worked out (shown beside the date)."),
    )
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)

    class Meta(Publishable.Meta):
        ordering = ["-happened_on"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.happened_on}: {self.title}"

    def get_absolute_url(self):
        if self.area_id:
            return reverse("portal:area-detail", args=[self.area.slug]) + f"#milestone-{self.slug}"
        return reverse("portal:home") + f"#milestone-{self.slug}"


class Figure(Quoted, Publishable):
    """A published figure quoted from a source (e.g. Kashgar foreign trade, Q1–Q3 2023)."""

    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    zone = models.ForeignKey(Zone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="figures")
    area = models.ForeignKey(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="figures"
    )
    label = models.CharField(_("label"), max_length=300)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("e.g. CNY, USD, %, enterprises"))
    qualifier = models.CharField(_("qualifier"), max_length=20, choices=Qualifier.choices, blank=True, default="")
    money_kind = models.CharField(
        _("kind of money"),
        max_length=20,
        choices=MoneyKind.choices,
        blank=True,
        help_text=_("For an amount invested: planned, contracted or actually invested, as the source says."),
    )
    scope = models.CharField(_("scope"), max_length=20, choices=FigureScope.choices, default=FigureScope.ZONE)
    scope_name = models.CharField(
        _("place described"),
        max_length=200,
        blank=True,
        help_text=_("Where the scope is not the zone or an area of it: e.g. Kashi Prefecture, Shaanxi."),
    )
    period = models.CharField(_("period"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta(Publishable.Meta):
        ordering = ["order", "pk"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self):
        return f"{self.label}: {self.value} {self.unit}".strip()

    @property
    def describes_elsewhere(self) -> bool:
        """A figure of a prefecture, the region, another zone or China: labelled as such
        wherever it is shown, never as the zone's or an area's."""
        return self.scope not in (FigureScope.ZONE, FigureScope.AREA)
