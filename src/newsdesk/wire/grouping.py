"""Grouping near-duplicate wire items (the same event, reworded by each agency) into stories.

A small MinHash in the standard library rather than datasketch: at a newsroom's volume (hundreds of items a day,
compared against the last few days) the LSH index datasketch adds is not needed, and numpy + scipy (~200 MB) would
be the desk's heaviest dependency for about forty lines of arithmetic. See docs/architecture.md.
"""

import hashlib
import random
import re
from datetime import timedelta

from anyascii import anyascii

from newsdesk.news.text import plain_text

PERMUTATIONS = 128
_PRIME = (1 << 61) - 1
_rng = random.Random(20261124)  # fixed: signatures stored in the database must stay comparable
_COEFFICIENTS = [(_rng.randrange(1, _PRIME), _rng.randrange(0, _PRIME)) for _ in range(PERMUTATIONS)]

# Measured on tests/wire/data/labelled_items.json (see tests/wire/test_grouping.py and docs/wire.md).
THRESHOLD = 0.30
WINDOW = timedelta(hours=72)
# Words that every wire report uses: they say nothing about which event it is.
STOPWORDS = frozenset(
    """a an and are as at be been by for from has have he her his in is it its of on or said says that the their
    they this to was were which will with after over per according reports reported report news agency told
    also who not but more than into about new up""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    folded = anyascii(plain_text(text).replace("ı", "i").replace("ə", "e")).lower()
    return [word for word in _WORD.findall(folded) if word not in STOPWORDS and len(word) > 1]


def shingles(text: str) -> set[str]:
    """Character 5-grams of each word plus the words themselves: rewording keeps the names, places and numbers,
    and word-stem fragments survive the inflections Turkish and Azerbaijani agencies' English copy varies in."""
    result = set()
    for word in words(text):
        result.add(word)
        if len(word) > 5:
            result.update(word[i : i + 5] for i in range(len(word) - 4))
    return result


def signature(text: str) -> list[int]:
    hashed = [
        int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for shingle in shingles(text)
    ]
    if not hashed:
        return []
    return [min((a * value + b) % _PRIME for value in hashed) for a, b in _COEFFICIENTS]


def similarity(first: list[int], second: list[int]) -> float:
    """The estimated Jaccard similarity of the two texts' shingle sets."""
    if not first or not second or len(first) != len(second):
        return 0.0
    return sum(1 for x, y in zip(first, second, strict=True) if x == y) / len(first)


def item_text(title: str, summary: str, body: str = "") -> str:
    # The headline and the first paragraphs carry the event; a long body's later background dilutes it.
    return " ".join([title, title, " ".join(plain_text(summary or body).split()[:80])])


def best_match(sig: list[int], candidates) -> tuple[object | None, float]:
    """The candidate (anything with a .signature) most similar to `sig`, if any reaches the threshold."""
    best, best_score = None, 0.0
    for candidate in candidates:
        score = similarity(sig, candidate.signature)
        if score > best_score:
            best, best_score = candidate, score
    return (best, best_score) if best_score >= THRESHOLD else (None, best_score)
