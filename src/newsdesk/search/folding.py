"""Folding for search in this outlet's languages: "TÜRKİYE", "Turkiye" and "Türkiye" are one word, and so are
"Azerbaycan" and "Azərbaycan". Neither FTS5's remove_diacritics nor PostgreSQL's unaccent folds ə, and FTS5
leaves ı, so both the index and every query are folded here, the same way, before a backend sees them."""

import re
import unicodedata

# Letters that are not "a base letter plus a mark" in Unicode, so decomposition alone would keep them.
_OWN_LETTERS = str.maketrans(
    {"ə": "e", "Ə": "e", "ı": "i", "İ": "i", "ß": "ss", "æ": "ae", "ø": "o", "ł": "l"}
)
_WORD = re.compile(r"[^\W_]+")  # letters and digits: "_" separates words, as in FTS5

MAX_TERMS = 8  # a reader types a few words; a pasted page must not become a 1,500-way AND
MAX_TERM_LENGTH = 64


def fold(text: str) -> str:
    text = text or ""
    if text.isascii():  # most words of English copy: nothing to decompose or translate
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_OWN_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def words(text: str) -> list[str]:
    """Folded words of a text, as the index and the query both see them."""
    return _WORD.findall(fold(text))


# How English-language copy and its readers spell Azerbaijani and Turkish names: Şuşa "Shusha", Məmmədova
# "Mammadova", Gəncə "Ganja", Qasımov "Gasimov", Ağdam "Aghdam", Xankəndi "Khankendi" or "Khankandi" (ə is
# written both ways). Only for a word that has one of the letters below, which marks it as Azerbaijani or
# Turkish: "Texas" keeps its x and "Cairo" its c.
_MARKED = frozenset("əƏğĞşŞçÇıİöÖüÜ")
_ENGLISH = {"ş": "sh", "ç": "ch", "ğ": "gh", "x": "kh", "q": "g", "c": "j"}
_ROMANIZED = [
    str.maketrans(
        {**_ENGLISH, **{key.upper(): value for key, value in _ENGLISH.items()}, "ə": schwa, "Ə": schwa}
    )
    for schwa in ("a", "e")
]


def romanized(word: str) -> set[str]:
    """The word as English copy spells it, folded (one or two ways; none for a word that is not Azerbaijani or
    Turkish, or is spelled the same either way)."""
    if _MARKED.isdisjoint(word):
        return set()
    return {fold(word.translate(table)) for table in _ROMANIZED} - {fold(word)}


def spellings(word: str) -> set[str]:
    """Every form of one word the index holds: folded, and as English copy spells it."""
    return {fold(word)} | romanized(word)


def english_spellings(text: str) -> list[tuple[str, list[str]]]:
    """Each word of a text, folded, with its English spellings (none for most words), in the text's order."""
    # NFC first: text pasted from elsewhere may spell "ş" as "s" plus a combining cedilla.
    return [
        (fold(word), sorted(romanized(word)))
        for word in _WORD.findall(unicodedata.normalize("NFC", text or ""))
    ]


def indexed_words(text: str) -> list[str]:
    """What the index holds for a text: its folded words in their order (so a phrase synonym, "Dağlıq Qarabağ",
    still finds its words side by side), then the English spellings of its Azerbaijani and Turkish words, so
    "Shusha" and "Şuşa" both find a story that says "Şuşa" (query_groups does the reverse)."""
    english = [spelled for _, spelled_ways in english_spellings(text) for spelled in spelled_ways]
    return words(text) + list(dict.fromkeys(english))


MAX_QUERY_CHARS = 2000
_LAST_WORD = re.compile(r"\S+\Z")


def _whole_words(text: str, limit: int) -> str:
    """The text cut to `limit` characters, less any word the cut went through: a half word ("turke") would be
    one more term every result must contain, and find nothing. A text that is one word longer than the limit
    keeps its start: dropping it would tell the reader their query "has no words to search for"."""
    if len(text) <= limit or text[limit].isspace():
        return text[:limit]
    return _LAST_WORD.sub("", text[:limit]) or text[:limit]


def query_groups(text: str) -> list[list[str]]:
    """The words of a reader's query, bounded, as groups a result must each match (any word of a group).

    Every word is its own group, except that OR in capitals between two words puts them in one ("Ganja OR
    Shusha"), as in the search engines readers know. Nothing else is syntax: anything pasted in (10 kB,
    operators, quotes) becomes plain words, and a lowercase "or" is a word like any other."""
    groups: list[list[str]] = []
    terms = 0
    joins_previous = False
    for token in _whole_words(text, MAX_QUERY_CHARS).split():
        if token == "OR":
            joins_previous = bool(groups)
            continue
        # A word typed the Azerbaijani or Turkish way also finds it spelled the English way ("Şuşa", "Shusha"),
        # as the index does the other way round: its English spellings join its group, uncounted.
        english = dict(english_spellings(token))
        for word in words(token):
            word = word[:MAX_TERM_LENGTH]
            if terms == MAX_TERMS:
                return groups
            spelled = [word, *english.get(word, ())]
            if joins_previous:
                joins_previous = False
                if word not in groups[-1]:
                    groups[-1].extend(other for other in spelled if other not in groups[-1])
                    terms += 1
            elif spelled not in groups:
                groups.append(spelled)
                terms += 1
    return groups
