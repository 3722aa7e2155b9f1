"""Factories for test data. Curated entries are published unless a test says otherwise."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from ftzportal.publication import PublicationStatus
from investments.models import Enterprise, Inquiry, Project, ProjectStatus
from zones.models import Area, AreaIndustry, Facility, Incentive, IncentiveCategory, Industry, Milestone, Source, Zone


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True


class PublishedFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    publication_status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Source article {n}")
    publisher = "Test Daily"


class ZoneFactory(PublishedFactory):
    class Meta:
        model = Zone
        django_get_or_create = ("slug",)

    name = "Test Pilot Free Trade Zone"
    short_name = "Test FTZ"
    slug = "test-zone"
    total_area_km2 = Decimal("100")


class IndustryFactory(PublishedFactory):
    class Meta:
        model = Industry

    name = factory.Sequence(lambda n: f"Industry {n}")
    slug = factory.Sequence(lambda n: f"industry-{n}")


class AreaFactory(PublishedFactory):
    class Meta:
        model = Area

    zone = factory.SubFactory(ZoneFactory)
    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    area_km2 = Decimal("10.5")


class AreaIndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaIndustry

    area = factory.SubFactory(AreaFactory)
    industry = factory.SubFactory(IndustryFactory)
    note = "Key industry"


class IncentiveFactory(PublishedFactory):
    class Meta:
        model = Incentive
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Incentive {n}")
    slug = factory.Sequence(lambda n: f"incentive-{n}")
    category = IncentiveCategory.INVESTMENT_FACILITATION
    summary = "What the measure does."
    source = factory.SubFactory(SourceFactory)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def industries(self, create, extracted, **kwargs):
        if create and extracted:
            self.industries.set(extracted)


class FacilityFactory(PublishedFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Facility {n}")
    slug = factory.Sequence(lambda n: f"facility-{n}")
    zone = factory.SubFactory(ZoneFactory)


class MilestoneFactory(PublishedFactory):
    class Meta:
        model = Milestone

    title = factory.Sequence(lambda n: f"Milestone {n}")
    slug = factory.Sequence(lambda n: f"milestone-{n}")
    zone = factory.SubFactory(ZoneFactory)
    happened_on = factory.Faker("date_between", start_date="-2y", end_date="today")


class EnterpriseFactory(PublishedFactory):
    class Meta:
        model = Enterprise
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Enterprise {n:04d}")
    slug = factory.Sequence(lambda n: f"enterprise-{n}")
    area = factory.SubFactory(AreaFactory)
    origin_country = "KG"
    is_foreign_invested = True

    @factory.post_generation
    def industries(self, create, extracted, **kwargs):
        if create and extracted:
            self.industries.set(extracted)


class ProjectFactory(PublishedFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n:04d}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    area = factory.SubFactory(AreaFactory)
    industry = factory.SubFactory(IndustryFactory)
    status = ProjectStatus.SIGNED
    value = Decimal("1000000")
    currency = "CNY"


class InquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inquiry

    name = "Aibek Investor"
    email = "aibek@example.com"
    company = "Bishkek Trading LLC"
    message = "We would like to know more."
    consent = True
    # As inquiry_create sets it with the default promise of 48 hours.
    reply_due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=48))
