"""Every public page answers in English, Chinese and Russian, declares its language in
`<html lang>`, and shows the interface in that language."""

import pytest

# The same templates and catalogues on any database.
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

# The URL prefix and the `<html lang>` Django writes for each site language.
LANGUAGES = [("", "en"), ("/zh-hans", "zh-hans"), ("/ru", "ru")]

# One page of each kind, on the real data: lists, details, compare, search, the inquiry form.
PAGES = [
    "/",
    "/areas/kashgar/",
    "/compare/?area=kashgar&area=horgos",
    "/industries/",
    "/industries/textiles-garments/",
    "/incentives/",
    "/incentives/foreign-rd-centre-thresholds/",
    "/enterprises/",
    "/enterprises/zhejiang-trade-enterprise-kashgar/",
    "/projects/",
    "/projects/cold-chain-base/",
    "/search/?q=Kashgar",
    "/inquire/",
    "/inquire/thanks/",
]

# A word of the navigation bar in each language: proves the catalogue is loaded, not only
# that the prefix is accepted.
NAVIGATION_WORD = {"en": "Industries", "zh-hans": "产业", "ru": "Отрасли"}


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_public_page_answers_in_every_language_and_declares_it(client, real_data, prefix, lang, page):
    response = client.get(prefix + page)
    assert response.status_code == 200
    content = response.content.decode()
    assert f'<html lang="{lang}">' in content
    assert NAVIGATION_WORD[lang] in content
    assert response["Content-Language"] == lang


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES)
def test_not_found_page_is_translated_and_declares_its_language(client, real_data, prefix, lang):
    response = client.get(f"{prefix}/areas/no-such-area/")
    assert response.status_code == 404
    content = response.content.decode()
    assert f'<html lang="{lang}">' in content
    assert {"en": "Page not found", "zh-hans": "页面未找到", "ru": "Страница не найдена"}[lang] in content


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("/zh-hans", ["片区对比", "联系我们", "搜索", "企业", "项目", "优惠政策"]),
        ("/ru", ["Сравнить участки", "Связаться с нами", "Поиск", "Предприятия", "Проекты", "Льготы"]),
    ],
)
def test_navigation_and_footer_are_in_the_page_language(client, real_data, prefix, expected):
    content = client.get(f"{prefix}/").content.decode()
    for text in expected:
        assert text in content
    # The English labels of the same links are gone.
    for english in ["Compare areas", "Contact us", "Skip to content"]:
        assert english not in content


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [
        ("", "Thank you — we have received your inquiry"),
        ("/zh-hans", "谢谢——我们已收到您的咨询"),
        ("/ru", "Спасибо — мы получили ваш запрос"),
    ],
)
def test_inquiry_thank_you_page_is_translated(client, prefix, heading):
    assert heading in client.get(f"{prefix}/inquire/thanks/").content.decode()


def test_rejected_inquiry_form_explains_errors_in_russian_and_keeps_the_input(client, real_data):
    response = client.post(
        "/ru/inquire/", {"name": "Айбек", "email": "not-an-address", "message": "Хотим узнать больше"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Исправьте поля, отмеченные ниже." in content
    assert "Айбек" in content
    assert "Хотим узнать больше" in content
