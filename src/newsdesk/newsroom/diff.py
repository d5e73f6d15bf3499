"""Readable diffs of headline, standfirst and body (paragraph by paragraph, then word by word within an edited
paragraph), built only from escaped text.

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


# A removed paragraph and an added one count as one edited paragraph (shown word by word) when at least this share
# of their words is common; below it, as one paragraph removed and another added. Two editors who each added a
# different paragraph read as two paragraphs, not as one with every other word struck through.
SIMILAR_ENOUGH = 0.5


def _word_pieces(before: str, after: str) -> list[tuple[str, str]]:
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
    return pieces


def _marked(tag: str, text: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>" if tag else escape(text)


def word_diff(before: str, after: str) -> SafeString:
    """Paragraphs (lines) of `after`, with removed words in <del> and added words in <ins>."""
    lines: list[list[str]] = [[]]
    for tag, text in _word_pieces(before, after):
        for index, part in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(_marked(tag, part))
    return mark_safe("".join(f"<p>{''.join(line)}</p>" for line in lines if line))


def _similar(before: str, after: str) -> bool:
    return SequenceMatcher(None, before.split(), after.split(), autojunk=False).ratio() >= SIMILAR_ENOUGH


def paragraph_diff(before: str, after: str) -> SafeString:
    """Text of one paragraph per line, diffed paragraph by paragraph first: a paragraph added or removed is marked
    whole, and only a paragraph that was edited is marked word by word."""
    old, new = before.splitlines(), after.splitlines()
    shown: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            shown += [escape(line) for line in old[i1:i2]]
            continue
        shown += _replaced(old[i1:i2], new[j1:j2])
    return mark_safe("".join(f"<p>{line}</p>" for line in shown if line))


def _replaced(removed: list[str], added: list[str]) -> list[str]:
    """Paragraphs that gave way to others, in order: each removed one is paired with the next added one similar
    enough to be its edit (so a paragraph inserted before an edited one does not make the edit read as removed
    and written again); the rest are marked whole."""
    shown: list[str] = []
    next_added = 0
    for was in removed:
        match = next((index for index in range(next_added, len(added)) if _similar(was, added[index])), None)
        if match is None:
            shown.append(_marked("del", was))
            continue
        shown += [_marked("ins", now) for now in added[next_added:match]]
        shown.append("".join(_marked(tag, text) for tag, text in _word_pieces(was, added[match])))
        next_added = match + 1
    shown += [_marked("ins", now) for now in added[next_added:]]
    return shown


def texts_diff(before: dict[str, str], after: dict[str, str]) -> list[tuple[str, SafeString]]:
    """[(field label, diff)] for each of headline, standfirst and body that differs."""
    changed = []
    for field, label in FIELDS:
        old, new = before.get(field, ""), after.get(field, "")
        if field == "body":
            old, new = paragraphs(old), paragraphs(new)
            if old != new:
                changed.append((label, paragraph_diff(old, new)))
        elif old != new:
            changed.append((label, word_diff(old, new)))
    return changed


def texts_diff_html(before: dict[str, str], after: dict[str, str]) -> str:
    return "".join(
        f'<div class="diff"><h3 class="diff__field">{escape(label)}</h3>{diff}</div>'
        for label, diff in texts_diff(before, after)
    )
