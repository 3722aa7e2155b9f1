"""Who invests and in what: enterprises settled in the zone, contracted projects, and the
inquiries investors leave."""

import base64
import functools
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

from ftzportal.facts import MoneyKind, Qualifier
from ftzportal.i18n import translated
from ftzportal.money import Currency
from ftzportal.publication import PublicationStatus, Publishable, PublishableQuerySet, published_only
from ftzportal.reference import with_held_rows
from zones.models import TALLIED_ENTERPRISES, TALLIED_PROJECTS, Area, Contact, Industry, Quoted, Source


class ChineseProvince(models.TextChoices):
    """Provincial-level divisions, for the origin of domestic enterprises."""

    ANHUI = "anhui", _("Anhui")
    BEIJING = "beijing", _("Beijing")
    CHONGQING = "chongqing", _("Chongqing")
    FUJIAN = "fujian", _("Fujian")
    GANSU = "gansu", _("Gansu")
    GUANGDONG = "guangdong", _("Guangdong")
    GUANGXI = "guangxi", _("Guangxi")
    GUIZHOU = "guizhou", _("Guizhou")
    HAINAN = "hainan", _("Hainan")
    HEBEI = "hebei", _("Hebei")
    HEILONGJIANG = "heilongjiang", _("Heilongjiang")
    HENAN = "henan", _("Henan")
    HONG_KONG = "hong-kong", _("Hong Kong")
    HUBEI = "hubei", _("Hubei")
    HUNAN = "hunan", _("Hunan")
    INNER_MONGOLIA = "inner-mongolia", _("Inner Mongolia")
    JIANGSU = "jiangsu", _("Jiangsu")
    JIANGXI = "jiangxi", _("Jiangxi")
    JILIN = "jilin", _("Jilin")
    LIAONING = "liaoning", _("Liaoning")
    MACAO = "macao", _("Macao")
    NINGXIA = "ningxia", _("Ningxia")
    QINGHAI = "qinghai", _("Qinghai")
    SHAANXI = "shaanxi", _("Shaanxi")
    SHANDONG = "shandong", _("Shandong")
    SHANGHAI = "shanghai", _("Shanghai")
    SHANXI = "shanxi", _("Shanxi")
    SICHUAN = "sichuan", _("Sichuan")
    TAIWAN = "taiwan", _("Taiwan")
    TIANJIN = "tianjin", _("Tianjin")
    TIBET = "tibet", _("Tibet")
    XINJIANG = "xinjiang", _("Xinjiang")
    YUNNAN = "yunnan", _("Yunnan")
    ZHEJIANG = "zhejiang", _("Zhejiang")


def origin_lookup(origin: str) -> dict:
    """The lookup of an origin given as an ISO country code (KG) or a Chinese province
    slug (zhejiang), for enterprises and their tallies alike."""
    origin = origin.strip()
    if origin.lower() in ChineseProvince.values:
        return {"origin_province": origin.lower()}
    return {"origin_country": origin.upper()}


class EnterpriseQuerySet(PublishableQuerySet):
    def in_area(self, area):
        return self.filter(area=area)

    def in_areas(self, areas):
        return self.filter(area__in=areas)

    def in_industries(self, industries):
        """Enterprises active in any of `industries`. EXISTS rather than a join keeps
        one row per enterprise without DISTINCT."""
        through = Enterprise.industries.through
        return self.filter(
            models.Exists(through.objects.filter(enterprise=models.OuterRef("pk"), industry__in=industries))
        )

    def from_origin(self, origin: str):
        """`origin` is an ISO country code (KG) or a Chinese province slug (zhejiang)."""
        return self.filter(**origin_lookup(origin))

    def real(self):
        return self.filter(is_sample=False)

    def sample(self):
        return self.filter(is_sample=True)

    def with_related(self):
        """Shaped for lists and serializers: source joined, area from the rows each
        process holds (ftzportal.reference); the published industries
        (`Enterprise.published_industries`) in one extra query, whatever the number of
        rows, as a plain list per row: cloning a related manager's queryset for every row
        cost more than the query."""
        listed_industries = Industry.objects.published().only(*INDUSTRY_LIST_FIELDS)
        return with_held_rows(self.select_related("source"), "area").prefetch_related(
            models.Prefetch("industries", queryset=listed_industries, to_attr=PREFETCHED_INDUSTRIES)
        )


# What lists show of an enterprise's industries: the name in every language, the slug.
INDUSTRY_LIST_FIELDS = ("slug", "publication_status", "name", *translated("name"))
PREFETCHED_INDUSTRIES = "_prefetched_published_industries"


class Enterprise(Quoted, Publishable):
    """A company settled (or settling) in an area."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="enterprises")
    industries = models.ManyToManyField(Industry, verbose_name=_("industries"), blank=True, related_name="enterprises")
    origin_country = CountryField(_("country of origin"), blank=True)
    origin_province = models.CharField(
        _("province of origin"),
        max_length=20,
        choices=ChineseProvince.choices,
        blank=True,
        help_text=_("For domestic enterprises: the Chinese province they come from."),
    )
    # None: the source does not say (a Zhejiang-based company may still have foreign capital).
    is_foreign_invested = models.BooleanField(_("foreign-invested"), null=True, blank=True, default=None)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Generated for load tests; not a real enterprise.")
    )

    objects = EnterpriseQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(origin_province="") | Q(origin_province__in=ChineseProvince.values),
                name="enterprise_valid_province",
            ),
        ]
        indexes = [
            models.Index(fields=["publication_status", "area", "name_en"], name="enterprise_status_area_name"),
            models.Index(fields=["publication_status", "name_en"], name="enterprise_status_name"),
            models.Index(fields=["publication_status", "settled_on"], name="enterprise_status_settled"),
            models.Index(fields=["origin_country"], name="enterprise_origin_country"),
            models.Index(fields=["origin_province"], name="enterprise_origin_province"),
            models.Index(fields=["is_sample"], name="enterprise_is_sample"),
            # The admin's changelist: by name, filtered by area or not.
            models.Index(fields=["name_en"], name="enterprise_name"),
            models.Index(fields=["area", "name_en"], name="enterprise_area_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("investments:enterprise-detail", args=[self.slug])

    @property
    def published_industries(self) -> list:
        """Its published industries, in their order: as prefetched by `with_related()`,
        else read now."""
        prefetched = self.__dict__.get(PREFETCHED_INDUSTRIES)
        if prefetched is not None:
            return prefetched
        return published_only(self.industries.all())

    @property
    def origin_label(self) -> str:
        """The origin in words, in the active language: "Zhejiang, China", "Kyrgyzstan" or ""."""
        return _origin_label(self.origin_country.code, self.origin_province, get_language())


@functools.lru_cache(maxsize=1024)
def _origin_label(country_code: str, province: str, language: str | None) -> str:
    # Cached per language (the active one: it keys the cache and the label comes out in
    # it). get_origin_province_display() flattens and translates all the province
    # choices at each call, which lists of enterprises paid for every row.
    if province:
        return f"{dict(ChineseProvince.choices).get(province, province)}, {_('China')}"
    return countries.name(country_code) if country_code else ""


class ProjectStatus(models.TextChoices):
    """The source's own word for where a project stands, never upgraded."""

    INTRODUCED = "introduced", _("Introduced")
    PLANNED = "planned", _("Planned")
    SIGNED = "signed", _("Signed")
    UNDER_CONSTRUCTION = "under-construction", _("Under construction")
    IN_OPERATION = "in-operation", _("In operation")
    SEEKING_INVESTMENT = "seeking-investment", _("Seeking investment")


class ProjectQuerySet(PublishableQuerySet):
    def in_area(self, area):
        return self.filter(area=area)

    def in_areas(self, areas):
        return self.filter(area__in=areas)

    def in_industries(self, industries):
        return self.filter(industry__in=industries)

    def real(self):
        return self.filter(is_sample=False)

    def sample(self):
        return self.filter(is_sample=True)

    def contracted_totals(self, *group_by: str):
        """Total contracted value per currency, and per `group_by` fields if given:
        [{"currency": "CNY", "area": 2, "total": Decimal, "count": 3}, …]. Projects whose
        value is not stated are left out; currencies are never added together."""
        return (
            self.filter(value__isnull=False, value_kind=MoneyKind.CONTRACTED)
            .order_by()
            .values("currency", *group_by)
            .annotate(total=models.Sum("value"), count=models.Count("pk"))
            .order_by("currency", *group_by)
        )

    def with_related(self):
        """Shaped for lists and serializers: enterprise and source joined; area and
        industry from the rows each process holds (ftzportal.reference)."""
        return with_held_rows(self.select_related("enterprise", "source"), "area", "industry")


class Project(Quoted, Publishable):
    """A contracted or proposed investment project."""

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="projects")
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.SIGNED)
    value = models.DecimalField(
        _("value"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty when the source does not state it."),
    )
    value_kind = models.CharField(
        _("kind of value"),
        max_length=20,
        choices=MoneyKind.choices,
        default=MoneyKind.CONTRACTED,
        help_text=_("Planned, contracted or actually invested, as the source says: a plan is never a contract."),
    )
    value_qualifier = models.CharField(
        _("qualifier of the value"), max_length=20, choices=Qualifier.choices, blank=True, default=""
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(Source, verbose_name=_("source"), null=True, blank=True, on_delete=models.PROTECT)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Generated for load tests; not a real project.")
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        help_text=_("Leave empty to use the area's contact."),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="project_valid_status"),
            models.CheckConstraint(condition=Q(currency__in=Currency.values), name="project_valid_currency"),
            models.CheckConstraint(condition=Q(value_kind__in=MoneyKind.values), name="project_valid_value_kind"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0),
                name="project_value_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["publication_status", "area", "value"], name="project_status_area_value"),
            models.Index(fields=["publication_status", "value"], name="project_status_value"),
            models.Index(fields=["publication_status", "signed_on"], name="project_status_signed"),
            models.Index(fields=["publication_status", "name_en"], name="project_status_name"),
            models.Index(fields=["publication_status", "status"], name="project_status_status"),
            models.Index(fields=["publication_status", "currency"], name="project_status_currency"),
            models.Index(fields=["is_sample"], name="project_is_sample"),
            # The admin's changelist: by name, filtered by area, industry or status or not.
            models.Index(fields=["name_en"], name="project_name"),
            models.Index(fields=["area", "name_en"], name="project_area_name"),
            models.Index(fields=["industry", "name_en"], name="project_industry_name"),
            models.Index(fields=["status", "name_en"], name="project_kind_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("investments:project-detail", args=[self.slug])


class InquiryStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in-progress", _("In progress")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class InquiryChannel(models.TextChoices):
    WEBSITE = "website", _("Website")
    PARTNER_API = "partner-api", _("Partner API")


class InquirySource(models.TextChoices):
    """Where the lead came from. Inquiries stored before the source was recorded say
    "unknown" unless their own data shows it (a partner's lead, an attached shortlist)."""

    FORM = "form", _("Inquiry form")
    MATCH = "match", _("Match page")
    SHORTLIST = "shortlist", _("Shortlist")
    PARTNER = "partner", _("Partner lead")
    UNKNOWN = "unknown", _("Unknown")


class InquiryQuerySet(models.QuerySet):
    def open(self):
        """Not closed: someone still has to do something."""
        return self.exclude(status=InquiryStatus.CLOSED)

    def awaiting_first_reply(self):
        return self.open().filter(first_replied_at__isnull=True)

    def overdue(self, now=None):
        """Open, not yet answered, and past the first reply promised to the investor."""
        return self.awaiting_first_reply().filter(reply_due_at__lt=now or timezone.now())

    def received_between(self, start, end):
        return self.filter(created_at__gte=start, created_at__lt=end)

    def assigned_to(self, user):
        return self.filter(assignee=user)

    def with_overdue_flag(self, now=None):
        """`is_overdue` on each row, computed by the database (lists order by it)."""
        return self.annotate(
            is_overdue=models.Case(
                models.When(
                    ~Q(status=InquiryStatus.CLOSED)
                    & Q(first_replied_at__isnull=True, reply_due_at__lt=now or timezone.now()),
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class Inquiry(models.Model):
    """An investor's request to be contacted. Its original text is never edited."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    company = models.CharField(_("company"), max_length=200, blank=True)
    country = CountryField(_("country"), blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area of interest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry of interest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project of interest"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
    )
    message = models.TextField(_("message"), max_length=5000)
    consent = models.BooleanField(_("consent to be contacted"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=InquiryStatus.choices, default=InquiryStatus.NEW)
    channel = models.CharField(
        _("received via"), max_length=20, choices=InquiryChannel.choices, default=InquiryChannel.WEBSITE
    )
    source = models.CharField(
        _("source"), max_length=20, choices=InquirySource.choices, default=InquirySource.UNKNOWN, editable=False
    )
    province = models.CharField(
        _("province"),
        max_length=20,
        choices=ChineseProvince.choices,
        blank=True,
        help_text=_("For investors from China: their province."),
    )
    partner_name = models.CharField(_("partner"), max_length=200, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_inquiries",
    )
    notified_at = models.DateTimeField(_("handlers notified at"), null=True, blank=True)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inquiries",
        help_text=_("The named contact of the project or area the inquiry is about."),
    )
    shortlist = models.JSONField(
        _("shortlist"),
        default=list,
        blank=True,
        help_text=_("Entries the investor shortlisted and sent with the inquiry: kind, slug and title."),
    )
    # The investor's private link is /inquiries/<token>/. Only the token's SHA-256 is stored
    # (`tracking_digest`, which pages look it up by), so a copy of the database opens no
    # inquiry. Later e-mails (replies) carry the link again: the token is an HMAC of the
    # random `tracking_nonce` under the SECRET_KEY (`tracking_token`, below), which the
    # database does not hold.
    tracking_nonce = models.CharField(_("tracking nonce"), max_length=32, blank=True, default="", editable=False)
    tracking_digest = models.CharField(_("tracking digest"), max_length=64, blank=True, default="", editable=False)
    confirmation_sent_at = models.DateTimeField(_("investor confirmation sent at"), null=True, blank=True)
    # The one-time token of the form that sent it: the same form posted twice is stored once.
    submission_key = models.CharField(
        _("form submission key"), max_length=64, null=True, blank=True, unique=True, editable=False
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        help_text=_("The site language the investor wrote in; e-mails use it."),
    )
    created_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Service levels. The promise is fixed when the inquiry arrives (from its area's
    # promised reply time), so changing an area's promise later does not move it.
    reply_due_at = models.DateTimeField(_("first reply due by"), null=True, blank=True, editable=False)
    first_replied_at = models.DateTimeField(_("first replied at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        permissions = [("view_inquiry_desk", "Can view the inquiry desk dashboard (figures only)")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=InquiryStatus.values), name="inquiry_valid_status"),
            models.CheckConstraint(condition=Q(channel__in=InquiryChannel.values), name="inquiry_valid_channel"),
            models.CheckConstraint(condition=Q(source__in=InquirySource.values), name="inquiry_valid_source"),
            models.CheckConstraint(
                condition=Q(province="") | Q(province__in=ChineseProvince.values), name="inquiry_valid_province"
            ),
            # Unique, and indexed for the lookup; inquiries stored before tracking existed have none.
            models.UniqueConstraint(
                fields=["tracking_digest"], condition=~Q(tracking_digest=""), name="inquiry_unique_tracking_digest"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="inquiry_status_created"),
            models.Index(fields=["first_replied_at", "reply_due_at"], name="inquiry_awaiting_reply"),
            models.Index(fields=["assignee", "status"], name="inquiry_assignee_status"),
            models.Index(fields=["closed_at"], name="inquiry_closed_at"),
        ]

    def __str__(self):
        return f"{self.name} ({self.created_at:%Y-%m-%d})" if self.created_at else self.name

    def origin_label(self) -> str:
        """The investor's origin in words: "Zhejiang, China", "Kyrgyzstan" or ""."""
        return _origin_label(self.country.code or "", self.province, get_language())

    @property
    def tracking_token(self) -> str:
        """The token of the private link, rebuilt under the SECRET_KEY (or a key still in
        SECRET_KEY_FALLBACKS). Empty for an inquiry stored before tokens were rebuilt this
        way, or whose key is gone: its link still opens the page, but later e-mails cannot
        repeat it."""
        if not self.tracking_nonce:
            return ""
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
            token = derive_tracking_token(self.tracking_nonce, secret)
            if constant_time_compare(tracking_digest(token), self.tracking_digest):
                return token
        return ""

    def get_tracking_url(self, token: str = "") -> str:
        token = token or self.tracking_token
        return reverse("investments:inquiry-status", args=[token]) if token else ""


def new_tracking_fields() -> dict:
    """The tracking columns of a new inquiry: a random nonce (128 bits) and the digest of
    the token derived from it."""
    nonce = secrets.token_hex(16)
    return {"tracking_nonce": nonce, "tracking_digest": tracking_digest(derive_tracking_token(nonce))}


def derive_tracking_token(nonce: str, secret: str | None = None) -> str:
    """256 bits, URL-safe (43 characters): HMAC-SHA256 of the nonce under the secret key."""
    mac = salted_hmac(TRACKING_TOKEN_SALT, nonce, secret=secret, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()


def tracking_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


TRACKING_TOKEN_SALT = "investments.inquiry.tracking-token"


class InquiryReply(models.Model):
    """A message on an inquiry's private page: a handler's public reply (e-mailed to the
    investor) or a follow-up the investor wrote there. Never edited once sent."""

    inquiry = models.ForeignKey(Inquiry, verbose_name=_("inquiry"), on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("message"), max_length=5000)
    from_investor = models.BooleanField(_("written by the investor"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self):
        return f"#{self.inquiry_id} {self.created_at:%Y-%m-%d %H:%M}" if self.created_at else f"#{self.inquiry_id}"


class InquiryStatusChange(models.Model):
    """One change of an inquiry's status: who, when, from what to what."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="status_changes")
    old_status = models.CharField(_("from"), max_length=20, choices=InquiryStatus.choices)
    new_status = models.CharField(_("to"), max_length=20, choices=InquiryStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.old_status} → {self.new_status}"


class OverdueDigest(models.Model):
    """One daily e-mail to a handler listing their overdue inquiries: at most one per
    handler and day (the unique constraint is the claim a second run loses)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), on_delete=models.CASCADE, related_name="+"
    )
    sent_on = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    inquiry_count = models.PositiveIntegerField(_("overdue inquiries"))

    class Meta:
        ordering = ["-sent_on"]
        verbose_name = _("overdue digest")
        verbose_name_plural = _("overdue digests")
        constraints = [models.UniqueConstraint(fields=["recipient", "sent_on"], name="overdue_digest_once_a_day")]

    def __str__(self):
        return f"{self.recipient_id} {self.sent_on}"


class TallyResource(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprises")
    # One row per enterprise and industry: an enterprise of two industries counts in both.
    ENTERPRISE_INDUSTRY = TALLIED_ENTERPRISES, _("Enterprises by industry")
    PROJECT = TALLIED_PROJECTS, _("Projects")


class TallyQuerySet(models.QuerySet):
    def enterprises(self):
        """One count per enterprise (areas, origins, the whole zone)."""
        return self.filter(resource=TallyResource.ENTERPRISE)

    def enterprises_by_industry(self):
        """Counts per industry: an enterprise of two industries is in both."""
        return self.filter(resource=TallyResource.ENTERPRISE_INDUSTRY)

    def projects(self):
        return self.filter(resource=TallyResource.PROJECT)

    def from_origin(self, origin: str):
        return self.filter(**origin_lookup(origin))

    def in_published_areas(self):
        return self.filter(area__publication_status=PublicationStatus.PUBLISHED)

    def counts(self, *group_by: str):
        """[(*group values, count)], or the total count if not grouped."""
        if not group_by:
            return self.aggregate(n=models.Sum("count"))["n"] or 0
        return list(self.order_by().values_list(*group_by).annotate(n=models.Sum("count")).filter(n__gt=0))

    def contracted_totals(self, *group_by: str):
        """The same rows as `ProjectQuerySet.contracted_totals` (total contracted value and
        number of valued projects per currency, and per `group_by`), from the tallies."""
        return (
            self.projects()
            .filter(value_kind=MoneyKind.CONTRACTED, valued_count__gt=0)
            .order_by()
            .values("currency", *group_by)
            .annotate(total=models.Sum("value_total"), count=models.Sum("valued_count"))
            .order_by("currency", *group_by)
        )


class Tally(models.Model):
    """How many published enterprises and projects there are per area, industry, origin,
    status, currency and kind of money, and the sum of the projects' values: kept up to
    date in the same transaction as each write (investments.tallies), so the home, area,
    industry, compare, match and chart figures are read here instead of counted over
    millions of rows. Derived data: `manage.py recount_tallies` rebuilds it."""

    resource = models.CharField(max_length=20, choices=TallyResource.choices)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="tallies")
    industry = models.ForeignKey(Industry, null=True, blank=True, on_delete=models.CASCADE, related_name="tallies")
    origin_country = models.CharField(max_length=2, blank=True, default="")
    origin_province = models.CharField(max_length=20, blank=True, default="")
    status = models.CharField(max_length=20, blank=True, default="")
    currency = models.CharField(max_length=3, blank=True, default="")
    value_kind = models.CharField(max_length=20, blank=True, default="")
    count = models.BigIntegerField(default=0)
    # Projects whose value is stated, and the sum of those values (in `currency`).
    valued_count = models.BigIntegerField(default=0)
    value_total = models.DecimalField(max_digits=24, decimal_places=2, default=0)

    objects = TallyQuerySet.as_manager()

    KEY_FIELDS = (
        "resource",
        "area_id",
        "industry_id",
        "origin_country",
        "origin_province",
        "status",
        "currency",
        "value_kind",
    )

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            # Two partial constraints: NULLs are distinct in a plain unique constraint.
            models.UniqueConstraint(
                fields=[
                    "resource",
                    "area",
                    "industry",
                    "origin_country",
                    "origin_province",
                    "status",
                    "currency",
                    "value_kind",
                ],
                condition=Q(industry__isnull=False),
                name="tally_unique_key",
            ),
            models.UniqueConstraint(
                fields=["resource", "area", "origin_country", "origin_province", "status", "currency", "value_kind"],
                condition=Q(industry__isnull=True),
                name="tally_unique_key_without_industry",
            ),
        ]

    def __str__(self):
        return f"{self.resource} {self.area_id}/{self.industry_id}: {self.count}"
