"""The private parts of Django that the fast paths use (ftzportal/orm_internals.py,
ftzportal/cache_backends.py) still exist and still do what those modules rely on. A
failure here after a Django upgrade says which one changed: fix that module, not the
callers."""

import inspect

import pytest
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.utils.functional import cached_property

from ftzportal.orm_internals import known_related_objects, rows_loaded_like, with_known_related_objects
from investments.models import Enterprise
from tests.factories import AreaFactory, EnterpriseFactory
from zones.models import Area

pytestmark = pytest.mark.django_db

UPGRADE_HINT = "Django changed a private part that {module} relies on: {what}. Update {module}."


def require(condition: bool, what: str, module: str = "ftzportal/orm_internals.py"):
    if not condition:
        pytest.fail(UPGRADE_HINT.format(module=module, what=what))


def test_queryset_clone_and_known_related_objects_exist():
    queryset = Area.objects.all()
    require(callable(getattr(queryset, "_chain", None)), "QuerySet._chain() is gone")
    require(isinstance(getattr(queryset, "_known_related_objects", None), dict), "QuerySet._known_related_objects")
    require(hasattr(queryset, "_prefetch_related_lookups"), "QuerySet._prefetch_related_lookups is gone")
    require(
        hasattr(queryset.query, "select_related") and hasattr(queryset.query, "deferred_loading"),
        "Query.select_related / Query.deferred_loading",
    )
    require("_known_related_objects" in inspect.getsource(ModelIterable), "ModelIterable no longer reads them")


def test_rows_get_the_known_related_instances_without_a_query(django_assert_num_queries):
    area = AreaFactory()
    EnterpriseFactory.create_batch(2, area=area)
    held = Area(pk=area.pk, slug="held-instance")
    area_field = Enterprise._meta.get_field("area")
    queryset = with_known_related_objects(Enterprise.objects.filter(area=area), {area_field: {area.pk: held}})
    with django_assert_num_queries(1):
        rows = list(queryset)
        require(all(row.area is held for row in rows), "ModelIterable did not hand over _known_related_objects")
    assert len(rows) == 2


def test_a_page_fetched_by_key_loads_rows_as_its_list_does():
    area = AreaFactory()
    enterprise = EnterpriseFactory(area=area)
    listed = Enterprise.objects.select_related("area").only("name", "area__name").prefetch_related("industries")
    fetch = rows_loaded_like(Enterprise._base_manager.filter(pk__in=[enterprise.pk]), listed)
    require(fetch.query.select_related == listed.query.select_related, "copying Query.select_related")
    require(fetch.query.deferred_loading == listed.query.deferred_loading, "copying Query.deferred_loading")
    require(fetch._prefetch_related_lookups == listed._prefetch_related_lookups, "copying _prefetch_related_lookups")
    require(known_related_objects(fetch) is known_related_objects(listed), "copying _known_related_objects")
    assert isinstance(fetch, QuerySet) and [row.pk for row in fetch] == [enterprise.pk]


def test_the_redis_cache_client_internals_exist():
    module = "ftzportal/cache_backends.py"
    require("_class" in inspect.getsource(RedisCache.__init__), "RedisCache._class", module)
    cache_property = inspect.getattr_static(RedisCache, "_cache", None)
    require(isinstance(cache_property, cached_property), "RedisCache._cache", module)
    for name in ("get_client", "_get_connection_pool_index", "_get_connection_pool"):
        require(hasattr(RedisCacheClient, name), f"RedisCacheClient.{name}", module)
    require("self._client = " in inspect.getsource(RedisCacheClient), "RedisCacheClient._client", module)
    get_client_parameters = inspect.signature(RedisCacheClient.get_client).parameters
    require("write" in get_client_parameters, "RedisCacheClient.get_client(write=)", module)
