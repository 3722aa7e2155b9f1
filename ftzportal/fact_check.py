"""Is a fact as its source states it? The checks curators see in the admin (and tests may
run on the real data): a number stands in its own quote, with the qualifier the quote
gives it ("more than 17.6 billion"), and every line of a quote stands verbatim in the
source's article.

An article writes a number in several ways — 17600000000, 17,600,000,000, "17.6 billion",
"five" — and a number is only found where it stands whole: 5 is not in 15, 1.5, 5,000 or
"5 billion".

Everything here but `article_text` is a pure function of its arguments.
"""

import re
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from ftzportal.facts import Qualifier

NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905
SCALES = {"trillion": Decimal(10**12), "billion": Decimal(10**9), "million": Decimal(10**6)}
SCALE_WORD = r"(?:thousand|million|billion|trillion)\b"

# The words a source puts before a number to qualify it, matched as whole words right before
# the number (a currency between them is skipped: "more than CNY 17.6 billion").
QUALIFIER_WORDS = {
    "more than": Qualifier.MORE_THAN,
    "over": Qualifier.MORE_THAN,
    "less than": Qualifier.LESS_THAN,
    "about": Qualifier.ABOUT,
    "around": Qualifier.ABOUT,
    "approximately": Qualifier.ABOUT,
    "up to": Qualifier.UP_TO,
    "nearly": Qualifier.NEARLY,
    "almost": Qualifier.NEARLY,
}
QUALIFIER_BEFORE = re.compile(r"\b(" + "|".join(re.escape(words) for words in QUALIFIER_WORDS) + r")\s*$")
CURRENCY_BEFORE = re.compile(r"(?:\b(?:cny|rmb|usd|eur|yuan)|us\$|\$|¥|€)\s*$")


def plain(value: Decimal) -> str:
    """17600000000.00 → "17600000000", 89.70 → "89.7"."""
    return format(Decimal(value).normalize(), "f")


def grouped(value: Decimal) -> str:
    """17600000000.00 → "17,600,000,000", 89.70 → "89.7": how the admin shows a number."""
    return format(Decimal(value).normalize(), ",f")


def renderings(value: Decimal) -> set[str]:
    """How an article may write `value`: 17600000000, 17,600,000,000, "17.6 billion",
    "1 billion", 89.7, "five"."""
    value = Decimal(value)
    found = {plain(value), grouped(value)}
    if value == value.to_integral() and 0 <= value < len(NUMBER_WORDS):
        found.add(NUMBER_WORDS[int(value)])
    for word, size in SCALES.items():
        if value >= size:
            scaled = (value / size).normalize()
            found.add(f"{plain(scaled)} {word}")
            if scaled == scaled.to_integral() and scaled < len(NUMBER_WORDS):
                found.add(f"{NUMBER_WORDS[int(scaled)]} {word}")
    return found


# A number word stands as a whole word ("five ports", never "someone"); digits stand
# inside no other number: no digit, point or comma before them, and after them no digit,
# nor a point or comma followed by one (5 is not in 15, 1.5, 5.5 or 5,000).
WHOLE_WORD = r"\b{}\b"
WHOLE_NUMBER = r"(?<![\d.,]){}(?!\d|[.,]\d)"


def _pattern(rendering: str) -> str:
    number, _space, scale = rendering.partition(" ")
    start = (WHOLE_NUMBER if number[0].isdigit() else WHOLE_WORD).format(re.escape(number))
    if scale:
        return rf"{start}\s*{scale}\b"
    # A bare number is not the same number followed by a scale: 5 is not "5 billion".
    return rf"{start}(?!\s*{SCALE_WORD})"


def occurrences(text: str, value: Decimal) -> list[re.Match]:
    """Where `value` stands whole in `text`, in any of its renderings, in text order."""
    matches = [
        match
        for rendering in renderings(value)
        for match in re.finditer(_pattern(rendering), text, flags=re.IGNORECASE)
    ]
    return sorted(matches, key=lambda match: match.start())


def qualifier_before(text: str, match: re.Match) -> str:
    """The qualifier `text` puts right before `match` ("" where it states it exactly)."""
    before = CURRENCY_BEFORE.sub("", text[: match.start()].rstrip().lower()).rstrip()
    words = QUALIFIER_BEFORE.search(before)
    return QUALIFIER_WORDS[words.group(1)] if words else Qualifier.EXACT


def stated_qualifiers(text: str, value: Decimal) -> set[str]:
    """The qualifiers with which `text` states `value`: empty where `value` is not in it."""
    return {qualifier_before(text, match) for match in occurrences(text, value)}


def number_problems(value: Decimal, quote: str, qualifier: str = Qualifier.EXACT) -> list[str]:
    """What is wrong with showing `value` (with `qualifier`) on the strength of `quote`:
    the number is not in it, or the quote qualifies it otherwise. Empty when all is well."""
    stated = stated_qualifiers(quote, value)
    number = grouped(value)
    if not stated:
        return [_("%(number)s is not in what the source says.") % {"number": number}]
    if qualifier in stated:
        return []
    if stated == {Qualifier.EXACT}:
        return [
            _("The source states %(number)s exactly, but the qualifier is “%(qualifier)s”.")
            % {"number": number, "qualifier": Qualifier(qualifier).label}
        ]
    said = Qualifier(sorted(stated - {Qualifier.EXACT})[0]).label
    if qualifier == Qualifier.EXACT:
        return [_("The source says “%(said)s” %(number)s, but no qualifier is set.") % {"said": said, "number": number}]
    return [
        _("The source says “%(said)s” %(number)s, but the qualifier is “%(qualifier)s”.")
        % {"said": said, "number": number, "qualifier": Qualifier(qualifier).label}
    ]


def quote_lines(quote: str) -> list[str]:
    """The quoted sentences, one per line, blank lines dropped."""
    return [line.strip() for line in quote.splitlines() if line.strip()]


def lines_not_in(quote: str, article: str) -> list[str]:
    """The lines of `quote` that do not stand verbatim in `article`."""
    return [line for line in quote_lines(quote) if line not in article]


def articles_dir() -> Path:
    """The folder of the source articles (`Source.seed_file` names a file in it). The
    loader of the real data lives in the portal app, which this layer may not import; the
    folder is named by a setting, by default where that app keeps it."""
    return Path(getattr(settings, "SOURCE_ARTICLES_DIR", settings.BASE_DIR / "portal" / "data" / "seeds"))


def article_text(seed_file: str | None) -> str | None:
    """The text of the article `seed_file`, or None if there is no such file. Only a plain
    file name in the articles folder is read: never a path elsewhere."""
    if not seed_file or Path(seed_file).name != seed_file or seed_file.startswith("."):
        return None
    path = articles_dir() / seed_file
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8")
