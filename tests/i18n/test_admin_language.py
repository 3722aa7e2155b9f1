"""The admin stays usable for a curator who reads Chinese (or Russian): Django's own admin
strings come from Django's catalogues, ours (app groups, actions, the translations marker)
from locale/."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.admin.conftest import make_staff, roles  # noqa: F401  (fixtures)
from tests.factories import IndustryFactory
from zones.models import Industry

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_curator_client(client, make_staff):  # noqa: F811
    client.force_login(make_staff("Curator"))
    # The admin has no language prefix: the curator's browser language (or the language
    # picked on the website, kept in this cookie) decides.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    return client


def test_admin_index_is_in_chinese_for_a_chinese_curator(chinese_curator_client):
    response = chinese_curator_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans"' in content
    assert "自贸区与片区" in content  # our app group "Zone & areas"
    assert "站点管理" in content or "注销" in content  # Django's own admin strings
    assert "Zone &amp; areas" not in content


def test_admin_changelist_is_in_chinese_with_the_missing_translations_marker(chinese_curator_client):
    IndustryFactory(name_en="Logistics", name_zh_hans="物流", name_ru="")
    url = reverse(f"admin:{Industry._meta.app_label}_{Industry._meta.model_name}_changelist")
    response = chinese_curator_client.get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "翻译" in content  # the "Translations" column
    assert "缺少：" in content and "ru" in content  # "missing: ru"
    assert "发布状态" in content or "草稿" in content or "已发布" in content


def test_admin_follows_accept_language_for_a_russian_curator(client, make_staff):  # noqa: F811
    client.force_login(make_staff("Curator"))
    content = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="ru"' in content
    assert "Зона и участки" in content
