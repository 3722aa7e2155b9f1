"""Load the real data of the zone (portal/data/xinjiang.yaml), every fact with its source
and the source's own sentences (`quote`).

Idempotent: entries are matched by slug and saved only when a value differs, so a second
run writes nothing (no new history rows, no cache bump). All or nothing: one transaction.
A value the file no longer gives is cleared (the file is the whole truth about the real
data), a key-industry link it no longer names is removed, and an entry it lists under
`withdrawn` is archived.
"""

from decimal import Decimal
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from ftzportal.i18n import translated
from ftzportal.publication import PublicationStatus
from investments.models import Enterprise, Project
from zones.models import Area, AreaIndustry, Facility, Figure, Incentive, Industry, Milestone, Source, Zone

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "xinjiang.yaml"
TRANSLATED_KEYS = {
    "name",
    "short_name",
    "summary",
    "description",
    "positioning",
    "title",
    "eligibility",
    "body",
    "note",
    "state",
    "label",
    "period",
    "unit",
    "scope_name",
    "inaugurated_on_basis",
    "date_basis",
}
# Optional values: absent from an entry means "the source does not state it", so a value
# loaded by an earlier version of the file is cleared.
NOT_STATED = {
    Area: {"inaugurated_on": None, **dict.fromkeys(translated("inaugurated_on_basis"), "")},
    Enterprise: {"settled_on": None, "is_foreign_invested": None},
    Project: {"industry": None, "value": None, "value_qualifier": "", "signed_on": None},
    Figure: {"qualifier": "", "money_kind": "", "area": None, **dict.fromkeys(translated("scope_name", "note"), "")},
    Milestone: dict.fromkeys(translated("date_basis"), ""),
    # Not translated, so not shown: what kind of statement an entry is says it instead.
    Incentive: {"source_note": ""},
}
WITHDRAWN_MODELS = {"industries": Industry, "incentives": Incentive, "projects": Project, "figures": Figure}


def flatten_translations(values: dict) -> dict:
    """{"name": {"en": "A", "ru": "Б"}} → {"name_en": "A", "name_ru": "Б"}; a language
    left out stays empty, and modeltranslation falls back to English for it."""
    flat = {}
    for key, value in values.items():
        if key in TRANSLATED_KEYS and isinstance(value, dict):
            for language, text in value.items():
                flat[f"{key}_{language}"] = text.strip() if isinstance(text, str) else text
        else:
            flat[key] = value
    return flat


class Loader:
    def __init__(self):
        self.written = 0
        self.sources: dict[str, Source] = {}
        self.now = timezone.now()

    def upsert(self, model, lookup: dict, values: dict, *, publish=True):
        """Create or update one row, saving only if something differs."""
        values = flatten_translations(values)
        instance = model.objects.filter(**lookup).first()
        created = instance is None
        if created:
            instance = model(**lookup, **values)
        changed = created
        for field, value in values.items():
            if not created and getattr(instance, field) != value:
                setattr(instance, field, value)
                changed = True
        if publish and created:
            instance.publish(when=self.now)
        if changed:
            instance.save()
            self.written += 1
        return instance

    def by_slug(self, model, entry: dict):
        entry = {**NOT_STATED.get(model, {}), **flatten_translations(entry)}
        return self.upsert(model, {"slug": entry.pop("slug")}, entry)

    def set_m2m(self, manager, targets):
        if set(manager.all()) != set(targets):
            manager.set(targets)
            self.written += 1

    def source(self, seed_file):
        return self.sources[seed_file] if seed_file else None

    def load(self, data: dict):
        for entry in data["sources"]:
            entry = {"published_on": None, **entry}
            seed_file = entry.pop("seed_file")
            self.sources[seed_file] = self.upsert(Source, {"seed_file": seed_file}, entry, publish=False)

        entry = self.common(data["zone"])
        entry["total_area_km2"] = Decimal(entry["total_area_km2"])
        zone = self.by_slug(Zone, entry)

        industries = {}
        for entry in map(self.common, data["industries"]):
            entry["parent"] = industries.get(entry.pop("parent", None))
            industries[entry["slug"]] = self.by_slug(Industry, entry)

        areas = {}
        for entry in map(self.common, data["areas"]):
            key_industries = entry.pop("key_industries", [])
            entry.update(zone=zone, inaugurated_on=entry.get("inaugurated_on"))
            for field in ("area_km2", "latitude", "longitude"):
                entry[field] = Decimal(entry[field])
            area = areas[entry["slug"]] = self.by_slug(Area, entry)
            named = []
            for order, link in enumerate(map(self.common, key_industries)):
                industry = industries[link.pop("industry")]
                named.append(industry.pk)
                self.upsert(AreaIndustry, {"area": area, "industry": industry}, {**link, "order": order}, publish=False)
            for link in AreaIndustry.objects.filter(area=area).exclude(industry__in=named):
                link.delete()  # one by one: the delete signals bump the content version
                self.written += 1

        for entry in map(self.common, data["incentives"]):
            applies_in = [areas[slug] for slug in entry.pop("areas", [])]
            applies_to = [industries[slug] for slug in entry.pop("industries", [])]
            incentive = self.by_slug(Incentive, entry)
            self.set_m2m(incentive.areas, applies_in)
            self.set_m2m(incentive.industries, applies_to)

        enterprises = {}
        for entry in map(self.common, data["enterprises"]):
            active_in = [industries[slug] for slug in entry.pop("industries", [])]
            entry["area"] = areas[entry["area"]]
            enterprise = enterprises[entry["slug"]] = self.by_slug(Enterprise, entry)
            self.set_m2m(enterprise.industries, active_in)

        for entry in map(self.common, data["projects"]):
            value = entry.get("value")
            entry.update(
                area=areas[entry["area"]],
                industry=industries.get(entry.get("industry")),
                enterprise=enterprises.get(entry.get("enterprise")),
                value=Decimal(value) if value is not None else None,
            )
            self.by_slug(Project, entry)

        for model, key in ((Facility, "facilities"), (Milestone, "milestones")):
            for entry in map(self.common, data[key]):
                entry.update(zone=zone, area=areas.get(entry.get("area")))
                self.by_slug(model, entry)

        for order, entry in enumerate(map(self.common, data["figures"])):
            entry.update(zone=zone, area=areas.get(entry.get("area")), value=Decimal(entry["value"]), order=order)
            self.by_slug(Figure, entry)

        for key, slugs in data.get("withdrawn", {}).items():
            for entry in (
                WITHDRAWN_MODELS[key]
                .objects.filter(slug__in=slugs)
                .exclude(publication_status=PublicationStatus.ARCHIVED)
            ):
                entry.archive()
                entry.save()
                self.written += 1

    def common(self, entry: dict) -> dict:
        """A copy of a data entry with its seed-file name replaced by the Source row."""
        entry = dict(entry)
        if "source" in entry:
            entry["source"] = self.source(entry["source"])
        return entry


def read_data(path: Path = DATA_FILE) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


class Command(BaseCommand):
    help = "Load the zone's real data (from the seed articles, with sources). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="YAML data file to load.")

    def handle(self, *args, file: Path, verbosity: int, **options):
        loader = Loader()
        with transaction.atomic():
            loader.load(read_data(file))
        if verbosity:
            self.stdout.write(self.style.SUCCESS(f"Real data loaded: {loader.written} rows written or changed."))
