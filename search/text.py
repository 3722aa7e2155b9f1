"""Text as the search index stores it and as a query is read, the same for every backend.

- Index text is NFKC-normalised and case-folded; each run of Chinese characters is
  followed by its single characters and its pairs of neighbours ("喀什经济" gives 喀 什 经
  济 喀什 什经 经济), because Chinese is written without spaces and neither PostgreSQL's
  parser nor a word index would find 纺织 inside 纺织品.
- A query word becomes a *key* matched as a prefix of the words of the index (PostgreSQL:
  `key:*` against the stemmed lexemes; SQLite: a substring of the trigram index): the
  longest common prefix of the word and its Snowball stem (the same stemmers PostgreSQL's
  english and russian configurations use), so "textiles" and "textile" both give
  "textil", "industry" gives "industr" (a prefix of its stem "industri" too). Russian
  adjectives lose the -н(ь) of their noun as well, so «текстильной» gives «текстил», a
  prefix of «текстиль».
"""

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RE = re.compile(rf"[{CJK}]+|[^\W_{CJK}]+")
CJK_RUN_RE = re.compile(rf"[{CJK}]+")
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
LATIN_RE = re.compile(r"[a-z]")
PHRASE_RE = re.compile(r'"([^"]*)"|“([^”]*)”|«([^»]*)»')
# Words that carry no meaning alone, and the operators of full-text query languages
# (AND, OR, NOT, NEAR): read as nothing, never as syntax.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "it",
        "near",
        "not",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "и",
        "в",
        "во",
        "на",
        "с",
        "со",
        "по",
        "для",
        "или",
        "не",
        "от",
        "из",
        "к",
        "у",
        "о",
        "об",
    ]
)
MAX_TERMS = 8
MAX_QUERY_LENGTH = 200
MIN_TYPO_LENGTH = 4
TYPO_SIMILARITY = 0.7

_english = snowballstemmer.stemmer("english")
_russian = snowballstemmer.stemmer("russian")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().replace("\x00", " ")


def cjk_grams(run: str) -> list[str]:
    return [*run, *(run[i : i + 2] for i in range(len(run) - 1))] if len(run) > 1 else [run]


def index_text(*parts: str) -> str:
    """Index form of some display text (see the module docstring)."""
    text = normalize(" ".join(part for part in parts if part))
    grams = [gram for run in CJK_RUN_RE.findall(text) if len(run) > 1 for gram in cjk_grams(run)]
    return f"{text} {' '.join(grams)}".strip() if grams else text


def vocabulary(text: str) -> set[str]:
    """Words of an index text that a misspelt query word may be corrected to."""
    return {word for word in TOKEN_RE.findall(text) if len(word) >= MIN_TYPO_LENGTH - 1 and not word.isdigit()}


def _common_prefix(a: str, b: str) -> str:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return a[:size]


@lru_cache(maxsize=4096)
def key_of(word: str) -> str:
    """The prefix a normalised query word is matched by."""
    if CJK_RUN_RE.fullmatch(word) or word.isdigit():
        return word
    if CYRILLIC_RE.search(word):
        stem = _russian.stemWord(word)
        if len(stem) > 5 and stem.endswith("н"):
            stem = stem[:-1]
        stem = stem.rstrip("ь")
    elif LATIN_RE.search(word):
        stem = _english.stemWord(word)
    else:
        return word
    key = _common_prefix(word, stem)
    return key if len(key) >= min(3, len(word)) else word


@dataclass
class Term:
    """One word or quoted phrase of a query, with the other spellings it stands for
    (an area's aliases). An entry matches the term if it matches any spelling."""

    text: str
    phrase: bool = False
    spellings: list[str] = field(default_factory=list)

    def __post_init__(self):
        if not self.spellings:
            self.spellings = [self.text]

    def keys(self, spelling: str) -> list[str]:
        """The keys an entry must all contain for one spelling (several for a phrase or
        for words written together with Chinese)."""
        return [key_of(word) for word in TOKEN_RE.findall(spelling)]

    def all_keys(self) -> list[str]:
        return [key for spelling in self.spellings for key in self.keys(spelling)]


@dataclass
class ParsedQuery:
    terms: list[Term]

    @property
    def text(self) -> str:
        return " ".join(f'"{term.text}"' if term.phrase else term.text for term in self.terms)

    def __bool__(self):
        return bool(self.terms)


def parse(query: str) -> ParsedQuery:
    """Words and "quoted phrases" of a query; punctuation and operators are not syntax."""
    query = normalize(query[:MAX_QUERY_LENGTH])
    terms: list[Term] = []
    position = 0
    for match in PHRASE_RE.finditer(query):
        terms.extend(_words(query[position : match.start()]))
        phrase = " ".join(TOKEN_RE.findall(next(group for group in match.groups() if group is not None)))
        if len(TOKEN_RE.findall(phrase)) > 1:
            terms.append(Term(phrase, phrase=True))
        else:
            terms.extend(_words(phrase))
        position = match.end()
    terms.extend(_words(query[position:]))
    meaningful = [term for term in terms if term.phrase or (term.text not in STOPWORDS and not _lone_letter(term.text))]
    return ParsedQuery((meaningful or terms)[:MAX_TERMS])


def _lone_letter(word: str) -> bool:
    return len(word) == 1 and not CJK_RUN_RE.match(word) and not word.isdigit()


def _words(text: str) -> list[Term]:
    return [Term(word) for word in TOKEN_RE.findall(text)]


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def best_correction(word: str, candidates) -> str | None:
    """The known word closest to a misspelt one, if close enough."""
    scored = [(similarity(word, candidate), -abs(len(candidate) - len(word)), candidate) for candidate in candidates]
    scored = [item for item in scored if item[0] >= TYPO_SIMILARITY and item[2] != word]
    return max(scored)[2] if scored else None


SNIPPET_LENGTH = 180


def highlight(text: str, keys: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """A short escaped extract of `text` around the first match of any key, every match
    wrapped in <mark>. Only this function adds markup: the text and the keys are escaped."""
    text = " ".join((text or "").replace("\x00", " ").split())
    keys = sorted({key for key in keys if key}, key=len, reverse=True)
    # A key is a prefix: the rest of its word is marked too (textil → textiles).
    alternatives = [re.escape(key) + ("" if CJK_RUN_RE.match(key) else rf"[^\W_{CJK}]*") for key in keys]
    pattern = re.compile("|".join(alternatives), re.IGNORECASE) if keys else None
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    extract = text[start : start + length]
    if start + length < len(text):
        cut = extract.rfind(" ")
        extract = (extract[:cut] if cut > length // 2 else extract) + "…"
    if start:
        extract = "…" + extract
    if not pattern:
        return escape(extract)
    parts, position = [], 0
    for match in pattern.finditer(extract):
        parts.append(escape(extract[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(extract[position:]))
    return mark_safe("".join(parts))
