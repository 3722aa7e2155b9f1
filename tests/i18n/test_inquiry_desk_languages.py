"""The inquiry desk reads wholly in Chinese or Russian for a handler who reads it: no word
of the interface left in English (names of people and places aside), in the page and in
its CSV."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from investments.models import Inquiry, InquirySource, InquiryStatus
from tests.admin.conftest import make_staff, roles  # noqa: F401  (fixtures)
from tests.factories import AreaFactory, IndustryFactory, InquiryFactory

from .test_no_english_left import PROPER_NAMES, english_words

pytestmark = pytest.mark.django_db
DESK = "/admin/investments/inquiry/desk/"
NAMES = {"Amina", "Handler"}  # the handler's own name


@pytest.fixture
def desk_client(client, make_staff):  # noqa: F811
    handler = make_staff("Inquiry handler", username="amina", first_name="Amina", last_name="Handler")
    area = AreaFactory(name_en="Kashgar", name_zh_hans="喀什", name_ru="Кашгар")
    industry = IndustryFactory(name_en="Logistics", name_zh_hans="物流", name_ru="Логистика")
    now = timezone.now()
    for number, status in enumerate(InquiryStatus):
        inquiry = InquiryFactory(
            area=area if number % 2 else None,
            industry=industry,
            assignee=handler if number % 2 else None,
            status=status,
            country=["KG", "", "CN", "KZ"][number],
            province="zhejiang" if number == 2 else "",
            source=list(InquirySource)[number],
        )
        Inquiry.objects.filter(pk=inquiry.pk).update(
            reply_due_at=now - timedelta(hours=1) if status == InquiryStatus.NEW else now + timedelta(hours=5),
            first_replied_at=now if status in (InquiryStatus.ANSWERED, InquiryStatus.CLOSED) else None,
            closed_at=now if status == InquiryStatus.CLOSED else None,
        )
    client.force_login(handler)
    return client


@pytest.mark.parametrize(("language", "word"), [("zh-hans", "咨询工作台"), ("ru", "Рабочее место по запросам")])
def test_the_desk_has_no_english_left(desk_client, language, word):
    desk_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for period in ("week", "month", "quarter"):
        content = desk_client.get(DESK, {"period": period}).content.decode()
        assert word in content
        assert english_words(content) - PROPER_NAMES - NAMES == set(), period
    csv_text = desk_client.get(DESK, {"format": "csv"}).content.decode("utf-8-sig")
    assert english_words(f"<p>{csv_text}</p>") - PROPER_NAMES - NAMES == set()


def test_the_check_sees_the_english_desk(desk_client):
    """Positive control: in English the same check reports the desk's words."""
    words = english_words(desk_client.get(DESK).content.decode())
    assert {"Inquiry", "desk", "Overdue", "Trends"} <= words
