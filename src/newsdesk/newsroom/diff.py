"""Readable diffs of headline, standfirst and body, word by word, built only from escaped text.

Everything an editor typed is escaped before it reaches the output, so a diff can be shown to anyone: the only
markup in it is the <ins>, <del> and <p> this module writes itself.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from newsdesk.news.text import plain_text

FIELDS = [("headline", "Headline"), ("standfirst", "Standfirst"), ("body", "Text")]
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|figcaption|pre)>|<br\s*/?>", re.IGNORECASE)
_TOKEN = re.compile(r"\s+|[^\s]+")


def paragraphs(html: str) -> str:
    """Article HTML as plain text with one paragraph per line."""
    return "\n".join(line for line in (plain_text(part) for part in _BLOCK_END.split(html or "")) if line)


def word_diff(before: str, after: str) -> SafeString:
    """Paragraphs (lines) of `after`, with removed words in <del> and added words in <ins>."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("", "".join(old[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(("del", "".join(old[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(("ins", "".join(new[j1:j2])))
    lines: list[list[str]] = [[]]
    for tag, text in pieces:
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(f"<{tag}>{escape(part)}</{tag}>" if tag else escape(part))
    return mark_safe("".join(f"<p>{''.join(line)}</p>" for line in lines if line))


def texts_diff(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, SafeString]]:
    """[(field label, diff)] for each of headline, standfirst and body that differs."""
    changed = []
    for field, label in FIELDS:
        old, new = before.get(field, ""), after.get(field, "")
        if field == "body":
            old, new = paragraphs(old), paragraphs(new)
        if old != new:
            changed.append((label, word_diff(old, new)))
    return changed


def texts_diff_html(before: dict[str, str], after: dict[str, str]) -> str:
    return "".join(
        f'<div class="diff"><h3 class="diff__field">{escape(label)}</h3>{diff}</div>'
        for label, diff in texts_diff(before, after)
    )
