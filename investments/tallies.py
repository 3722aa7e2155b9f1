"""Keeps `Tally` (counts and sums of published enterprises and projects) equal to what a
fresh COUNT/SUM would give, in the same transaction as each write.

Every save, delete and change of an enterprise's industries reads the rows it touches
before and after (from the database, so whatever the form or import wrote is what is
counted), and adds the difference to the tallies. Paths that write without signals
(sample data, restore) call `recount_tallies()`, which rebuilds the table with a few
GROUP BY queries.
"""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db import IntegrityError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from ftzportal.publication import PublicationStatus

from .models import Enterprise, Project, Tally, TallyResource

# key (Tally.KEY_FIELDS values) -> [count, valued_count, value_total]
Contributions = dict[tuple, list]
ENTERPRISE_FIELDS = ("pk", "area_id", "origin_country", "origin_province")
PROJECT_FIELDS = ("area_id", "industry_id", "status", "currency", "value_kind", "value")


def _add(contributions: Contributions, key: tuple, count: int, valued: int = 0, total=Decimal(0)) -> None:
    entry = contributions.setdefault(key, [0, 0, Decimal(0)])
    entry[0] += count
    entry[1] += valued
    entry[2] += total


def enterprise_contributions(pks) -> Contributions:
    """What the published enterprises among `pks` add to the tallies, as stored now."""
    contributions: Contributions = {}
    rows = list(Enterprise.objects.published().filter(pk__in=list(pks)).values_list(*ENTERPRISE_FIELDS))
    if not rows:
        return contributions
    links = defaultdict(list)
    through = Enterprise.industries.through
    for enterprise_id, industry_id in through.objects.filter(enterprise__in=[row[0] for row in rows]).values_list(
        "enterprise_id", "industry_id"
    ):
        links[enterprise_id].append(industry_id)
    for pk, area_id, country, province in rows:
        _add(contributions, (TallyResource.ENTERPRISE, area_id, None, country, province, "", "", ""), 1)
        for industry_id in links[pk]:
            _add(
                contributions,
                (TallyResource.ENTERPRISE_INDUSTRY, area_id, industry_id, country, province, "", "", ""),
                1,
            )
    return contributions


def project_contributions(pks) -> Contributions:
    contributions: Contributions = {}
    for area_id, industry_id, status, currency, kind, value in (
        Project.objects.published().filter(pk__in=list(pks)).values_list(*PROJECT_FIELDS)
    ):
        key = (TallyResource.PROJECT, area_id, industry_id, "", "", status, currency, kind)
        _add(contributions, key, 1, int(value is not None), value or Decimal(0))
    return contributions


def apply_difference(before: Contributions, after: Contributions) -> None:
    """Adds `after - before` to the tallies, one UPDATE per changed key (an INSERT for a
    key seen the first time). Rows that fall to zero are deleted."""
    for key in before.keys() | after.keys():
        old = before.get(key, [0, 0, Decimal(0)])
        new = after.get(key, [0, 0, Decimal(0)])
        count, valued, total = new[0] - old[0], new[1] - old[1], new[2] - old[2]
        if not (count or valued or total):
            continue
        match = dict(zip(Tally.KEY_FIELDS, key, strict=True))
        if match["industry_id"] is None:
            match["industry__isnull"] = True
            del match["industry_id"]
        rows = Tally.objects.filter(**match)
        change = {
            "count": models.F("count") + count,
            "valued_count": models.F("valued_count") + valued,
            "value_total": models.F("value_total") + total,
        }
        if not rows.update(**change):
            try:
                with transaction.atomic():
                    Tally.objects.create(
                        **dict(zip(Tally.KEY_FIELDS, key, strict=True)),
                        count=count,
                        valued_count=valued,
                        value_total=total,
                    )
            except IntegrityError:  # another transaction created the key meanwhile
                rows.update(**change)
        rows.filter(count__lte=0).delete()


def recount_tallies(apps=None) -> None:
    """Rebuild every tally from the rows: a few GROUP BY queries, for bulk writes. `apps`
    is a migration's app registry (the migration that creates the table fills it)."""
    if apps is not None:
        Enterprise, Project, Tally = (
            apps.get_model("investments", name) for name in ("Enterprise", "Project", "Tally")
        )
    else:
        from .models import Enterprise, Project, Tally
    published = PublicationStatus.PUBLISHED
    Tally.objects.all().delete()
    tallies = []
    enterprises = Enterprise.objects.filter(publication_status=published).order_by()
    for area_id, country, province, n in enterprises.values_list(
        "area_id", "origin_country", "origin_province"
    ).annotate(n=models.Count("pk")):
        tallies.append(
            Tally(
                resource=TallyResource.ENTERPRISE,
                area_id=area_id,
                origin_country=country,
                origin_province=province,
                count=n,
            )
        )
    links = Enterprise.industries.through.objects.filter(enterprise__publication_status=published).order_by()
    for area_id, industry_id, country, province, n in links.values_list(
        "enterprise__area_id", "industry_id", "enterprise__origin_country", "enterprise__origin_province"
    ).annotate(n=models.Count("pk")):
        tallies.append(
            Tally(
                resource=TallyResource.ENTERPRISE_INDUSTRY,
                area_id=area_id,
                industry_id=industry_id,
                origin_country=country,
                origin_province=province,
                count=n,
            )
        )
    projects = Project.objects.filter(publication_status=published).order_by()
    for area_id, industry_id, status, currency, kind, n, valued, total in projects.values_list(
        "area_id", "industry_id", "status", "currency", "value_kind"
    ).annotate(n=models.Count("pk"), valued=models.Count("value"), total=models.Sum("value")):
        tallies.append(
            Tally(
                resource=TallyResource.PROJECT,
                area_id=area_id,
                industry_id=industry_id,
                status=status,
                currency=currency,
                value_kind=kind,
                count=n,
                valued_count=valued,
                value_total=total or 0,
            )
        )
    Tally.objects.bulk_create(tallies, batch_size=1000)


def tallies_snapshot() -> Counter:
    """The tallies as {key: (count, valued_count, value_total)}, zero rows left out: what
    tests compare with a fresh recount."""
    return Counter(
        {
            row[:8]: row[8:]
            for row in Tally.objects.filter(count__gt=0).values_list(
                *Tally.KEY_FIELDS, "count", "valued_count", "value_total"
            )
        }
    )


# Receivers. `raw` saves (loaddata in restore_data) are skipped: the restore recounts.

_CONTRIBUTIONS = {Enterprise: enterprise_contributions, Project: project_contributions}
_BEFORE = "_tally_before"


@receiver(pre_save, sender=Enterprise)
@receiver(pre_save, sender=Project)
@receiver(pre_delete, sender=Enterprise)
@receiver(pre_delete, sender=Project)
def remember_contributions(sender, instance, raw=False, **kwargs):
    if not raw:
        setattr(instance, _BEFORE, _CONTRIBUTIONS[sender]([instance.pk]) if instance.pk else {})


@receiver(post_save, sender=Enterprise)
@receiver(post_save, sender=Project)
def count_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        apply_difference(instance.__dict__.pop(_BEFORE, {}), _CONTRIBUTIONS[sender]([instance.pk]))


@receiver(post_delete, sender=Enterprise)
@receiver(post_delete, sender=Project)
def count_deleted(sender, instance, **kwargs):
    apply_difference(instance.__dict__.pop(_BEFORE, {}), {})


@receiver(m2m_changed, sender=Enterprise.industries.through)
def count_industries_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An enterprise's industries changed, from either side of the relation."""
    if action.startswith("pre_"):
        if reverse:  # industry.enterprises.add/remove/clear
            pks = pk_set if pk_set is not None else set(instance.enterprises.values_list("pk", flat=True))
        else:
            pks = {instance.pk}
        instance._tally_pks = set(pks)
        setattr(instance, _BEFORE, enterprise_contributions(pks))
    else:
        pks = instance.__dict__.pop("_tally_pks", {instance.pk})
        apply_difference(instance.__dict__.pop(_BEFORE, {}), enterprise_contributions(pks))
