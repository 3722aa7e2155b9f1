"""Reading RSS 2.0 and Atom responses in tests, checking the elements each format requires
on the way (the list feeds in tests/ftzportal/, the area feed in tests/portal/)."""

import datetime
from xml.etree import ElementTree

from django.utils import timezone

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_channel(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    # RSS 2.0 requires title, link and description of the channel, and a title or a
    # description of each item.
    for required in ("title", "link", "description"):
        assert channel.findtext(required), f"channel has no {required}"
    for item in channel.findall("item"):
        assert item.findtext("title") and item.findtext("link") and item.findtext("guid")
        assert item.findtext("pubDate")
    return channel


def rss_titles(response) -> list[str]:
    return [item.findtext("title") for item in rss_channel(response).findall("item")]


def atom_titles(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # Atom requires id, title and updated of the feed, an author of the feed (or of every
    # entry), and id, title, updated and a link of each entry.
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}"), f"feed has no {required}"
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), f"entry has no {required}"
        assert entry.find(f"{ATOM}link").get("href")
    return [entry.findtext(f"{ATOM}title") for entry in entries]


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)
