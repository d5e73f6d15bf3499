"""Finding the outlets an article's text credits ("reports Daily Sabah", "per Trend", "according to Reuters",
"citing Anadolu"), so the editor can link each as a Source in one click.

A name is a run of capitalised words after the phrase. Known sources are matched by name (a leading "Turkish" or
"state" is not part of it); the rest are proposed for creation, and the editor decides.
"""

import re
from dataclasses import dataclass

from newsdesk.news.models import ArticleSource, Source
from newsdesk.news.text import plain_text

Usage = ArticleSource.Usage

_VERBS = {
    "reports": Usage.REPORTED_BY, "report": Usage.REPORTED_BY, "reported by": Usage.REPORTED_BY,
    "reporting by": Usage.REPORTED_BY, "told": Usage.REPORTED_BY,
    "per": Usage.VIA, "via": Usage.VIA,
    "according to": Usage.ACCORDING_TO,
    "citing": Usage.CITING, "cited by": Usage.CITING, "quoting": Usage.CITING, "quoted by": Usage.CITING,
}  # fmt: skip
_WORD = r"[A-ZÇĞİÖŞÜƏ][\w'’&-]*(?:\.\w+)*"
_NAME = rf"{_WORD}(?:\s+(?:of\s+|de\s+)?{_WORD}){{0,4}}"
# Words that describe an outlet rather than name it: "Turkish Daily Sabah", "Iranian state news agency IRNA".
_DESCRIPTOR = (
    r"(?:Turkish|Azerbaijani|Azeri|Russian|Iranian|Georgian|Armenian|Kazakh|Uzbek|Turkmen|Pakistani|Israeli|"
    r"state-run|state|pro-government|local|news|agency|outlet|newspaper|daily|broadcaster|website|portal)\s+"
)
_VERB = "|".join(sorted((re.escape(verb) for verb in _VERBS), key=len, reverse=True))
_CREDIT = rf"(?:the\s+)?(?:{_DESCRIPTOR})*"
_PHRASE = re.compile(
    rf"\b(?P<verb>(?i:{_VERB}))\s+{_CREDIT}(?P<name>{_NAME})(?:\s+(?:per|via)\s+{_CREDIT}(?P<via>{_NAME}))?"
)
# Capitalised words that follow "per" or "reports" without being outlets.
_NOT_OUTLETS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "i", "we", "he",
    "she", "they", "it", "this", "that", "these", "those", "said", "cent",
}  # fmt: skip


@dataclass(frozen=True)
class Credit:
    name: str
    usage: str
    source: Source | None
    phrase: str

    @property
    def is_known(self) -> bool:
        return self.source is not None

    @property
    def usage_label(self) -> str:
        return Usage(self.usage).label


def _clean(name: str) -> str:
    name = name.strip().rstrip(".,;:’'")
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    return name


def _match(name: str, known: list[Source]) -> tuple[Source | None, str]:
    lowered = f" {name.lower()} "
    # The longest known name inside the phrase's name ("Turkish Daily Sabah" -> Daily Sabah), or a known name
    # that starts with it ("Anadolu" -> Anadolu Agency).
    for source in sorted(known, key=lambda source: len(source.name), reverse=True):
        known_name = source.name.lower()
        if f" {known_name} " in lowered or known_name.startswith(name.lower() + " "):
            return source, source.name
    return None, name


def detect_credits(html: str, known: list[Source] | None = None) -> list[Credit]:
    """Each outlet the text credits, once, in the order the text first credits it."""
    text = " ".join(plain_text(html).split())
    known = list(Source.objects.only("pk", "name", "slug")) if known is None else known
    credits: dict[str, Credit] = {}
    for found in _PHRASE.finditer(text):
        named = [(found["name"], _VERBS[found["verb"].lower()])]
        if found["via"]:
            named.append((found["via"], Usage.VIA))
        for raw, usage in named:
            name = _clean(raw)
            if not name or name.lower() in _NOT_OUTLETS or name.split()[0].lower() in _NOT_OUTLETS:
                continue
            source, name = _match(name, known)
            key = f"source:{source.pk}" if source else name.lower()
            credits.setdefault(key, Credit(name=name, usage=usage, source=source, phrase=found.group(0)))
    return list(credits.values())


def unlinked_credits(article) -> list[Credit]:
    """The credits in an article's text that are not yet among its sources."""
    linked = set(article.cited_sources.values_list("source_id", flat=True)) if article.pk else set()
    return [
        credit
        for credit in detect_credits(article.body)
        if credit.source is None or credit.source.pk not in linked
    ]


def link_credits(article, names: list[str], *, may_create: bool) -> list[Source]:
    """Links the credits named (as detect_credits() names them) as the article's next sources, creating unknown
    outlets when `may_create`. Only credits found in the stored text are linked, whatever was posted."""
    wanted = {name.strip().lower() for name in names}
    next_order = max(article.cited_sources.values_list("order", flat=True), default=-1) + 1
    linked = []
    for credit in unlinked_credits(article):
        if credit.name.lower() not in wanted:
            continue
        source = credit.source
        if source is None:
            if not may_create:
                continue
            source = Source.objects.filter(name__iexact=credit.name).first() or Source.objects.create(
                name=credit.name
            )
        _, created = ArticleSource.objects.get_or_create(
            article=article, source=source, defaults={"order": next_order, "usage": credit.usage}
        )
        if created:
            next_order += 1
            linked.append(source)
    return linked
