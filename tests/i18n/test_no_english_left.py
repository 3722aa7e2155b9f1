"""A Chinese or Russian page holds none of the interface's English: every word in Latin
letters outside quotes (<blockquote>, <cite>, lang="en") is a proper name: a place's
other spellings, a publisher's or a person's name, a file format, a currency code."""

import re
from html.parser import HTMLParser

import pytest

from zones.models import Area, Source

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/areas/kashgar/",
    "/areas/urumqi/",
    "/areas/horgos/",
    "/areas/kashgar/factsheet/",
    "/compare/?areas=kashgar&areas=horgos",
    "/industries/",
    "/industries/?area=kashgar",
    "/industries/textiles-garments/",
    "/incentives/",
    "/incentives/foreign-rd-centre-thresholds/",
    "/enterprises/",
    "/enterprises/zhejiang-trade-enterprise-kashgar/",
    "/projects/",
    "/projects/central-asia-international-manufacturing-trade-park/",
    "/projects/cold-chain-base/",
    "/match/",
    "/match/?industry=textiles-garments&origin=KG",
    "/inquire/",
    "/shortlist/",
    "/alerts/subscribe/?list=projects&area=kashgar",
]
# Names that are the same in every language: formats, currency codes, a person the source
# names only in pinyin, Roman numerals of quarters.
PROPER_NAMES = {"RSS", "Atom", "CSV", "Excel", "PDF", "CNY", "USD", "Yang", "Caiping", "III", "II", "I"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
URL = re.compile(r"https?://\S+")


class VisibleText(HTMLParser):
    """The text a reader sees as the page's own words: quotes, citations, English-marked
    passages, scripts and drawings left out."""

    QUOTED = {"blockquote", "cite", "script", "style", "svg", "code", "title"}

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"br", "img", "input", "meta", "link", "hr", "source", "area", "wbr"}:
            return
        # A passage marked English inside the page (the page's own <html lang> does not count).
        marked_english = tag != "html" and dict(attrs).get("lang") == "en"
        self.open.append((tag, tag in self.QUOTED or marked_english))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not any(quoted for _tag, quoted in self.open):
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return set(LATIN_WORD.findall(URL.sub(" ", " ".join(parser.parts))))


@pytest.fixture
def allowed(real_data):
    names = set(PROPER_NAMES)
    for area in Area.objects.all():
        names |= set(LATIN_WORD.findall(area.aliases))
    for source in Source.objects.all():
        names |= set(LATIN_WORD.findall(source.publisher))
    return names


@pytest.mark.parametrize("prefix", ["/zh-hans", "/ru"])
def test_no_interface_english_on_chinese_and_russian_pages(client, allowed, prefix):
    leaks = {}
    for page in PAGES:
        response = client.get(prefix + page)
        assert response.status_code == 200, page
        words = english_words(response.content.decode()) - allowed
        if words:
            leaks[page] = sorted(words)
    assert leaks == {}


def test_the_check_sees_english_when_it_is_there(client, allowed):
    """Positive control: the English page is full of words the check would report."""
    words = english_words(client.get("/areas/kashgar/").content.decode()) - allowed
    assert {"Incentives", "Enterprises", "Projects"} <= words
    assert english_words("<p>Hello <cite>Global Times</cite> <span lang='en'>quoted</span></p>") == {"Hello"}
