"""Programmes and projects named in running text: "the EU Data Action project", 'le projet « Vers une ... »'.

Both are ORG mentions with a slug id; the organisation tagger adds them where no known name is already tagged.
"""
from __future__ import annotations

import re

from pipeline.ids import slugify
from pipeline.nlp.entities.chunks import CONNECTORS, LEFT_STOP, is_capitalised, left_edge, starts_word
from pipeline.nlp.entities.org_words import GENERIC_WORDS, LABEL, MIN_CONTENT_WORDS, blocked_name, content_words
from pipeline.nlp.view import MatchView, clean_surface
from pipeline.types import Span

MAX_SLUG_CHARS = 90
# A capitalised name before a lower-case programme word: "the EU Data Action project".
# Programme words (a literal first, so that re scans for them fast; what precedes is checked after). A capitalised
# name before a lower-case English one is a programme ("the EU Data Action project"); a quoted title after one with an
# article is the project's name ('le projet « Vers une ... »', 'the project "..."').
PROGRAMME_KIND_RE = re.compile(r"(?:project|projet|programme|program|programa|proyecto|initiative|iniciativa)"
                               r"(?![^\W_])")
PROGRAMME_ANCHORS = ("proj", "program", "proyecto", "initiativ", "iniciativa")
LOWER_PROGRAMME_WORDS = frozenset({"project", "programme", "program", "initiative"})
CAPITAL_BEFORE_RE = re.compile(r"[A-Za-z0-9][ \t]$")
QUOTED_TITLE_RE = re.compile(
    r"[ \t\n]+(?:intitul[ée][ \t\n]+|titled[ \t\n]+|entitled[ \t\n]+|titulado[ \t\n]+)?"
    r"(?:«\s*(?P<t1>[^«»\n]{10,200}?)\s*»|\u201c(?P<t2>[^\u201c\u201d\n]{10,200}?)\u201d|\"(?P<t3>[^\"\n]{10,200}?)\")")
ARTICLE_BEFORE_RE = re.compile(r"(?:(?<![^\W_])(?:[Tt]he|[Ll]e|[Ll]a|[Ee]l)\s+|(?<![^\W_])[Ll]['’]\s*)$")
LOOK_BEFORE = 6  # chars read before a programme word for its article or the name it follows


def named_projects(text: str, view: MatchView) -> list[Span]:
    """Programmes named by a capitalised name before a lower-case head ("the EU Data Action project") and projects
    named by a quoted title ("le projet « Vers une dimension environnementale ... »"); one scan finds both."""
    out: list[Span] = []
    for match in _programme_words(text):
        at = match.start()
        before = text[max(0, at - LOOK_BEFORE):at]
        quoted = QUOTED_TITLE_RE.match(text, match.end())
        if quoted is not None and ARTICLE_BEFORE_RE.search(before):
            group = next(g for g in ("t1", "t2", "t3") if quoted.group(g) is not None)
            title = clean_surface(quoted.group(group))
            if len(title.split()) >= MIN_CONTENT_WORDS:
                out.append(Span(LABEL, quoted.start(group), quoted.end(group),
                                slugify(f"{match.group()} {title}")[:MAX_SLUG_CHARS].rstrip("-")))
            continue
        if match.group() not in LOWER_PROGRAMME_WORDS or not CAPITAL_BEFORE_RE.search(before):
            continue
        head = view.token_at_or_after(at)
        if head >= len(view.starts) or view.starts[head] != at:
            continue
        start = left_edge(text, view, head)
        if start == head or _inside_longer_name(text, view, start):
            continue
        words = view.words[start:head]
        content = [w for w in content_words(words) if len(w) > 1]
        if (len(content) < MIN_CONTENT_WORDS or all(w in GENERIC_WORDS for w in content)
                or blocked_name(words)):
            continue
        s_char, e_char = view.starts[start], view.ends[head - 1]
        out.append(Span(LABEL, s_char, e_char, slugify(clean_surface(text[s_char:e_char]))))
    return out


def _programme_words(text: str) -> list[re.Match[str]]:
    """PROGRAMME_KIND_RE matches at word starts, in text order, found from literals with str.find (fast)."""
    found: dict[int, re.Match[str]] = {}
    for anchor in PROGRAMME_ANCHORS:
        pos = text.find(anchor)
        while pos >= 0:
            match = PROGRAMME_KIND_RE.match(text, pos)
            if match is not None and starts_word(text, pos):
                found[pos] = match
            pos = text.find(anchor, pos + len(anchor))
    return [found[k] for k in sorted(found)]


def _inside_longer_name(text: str, view: MatchView, start: int) -> bool:
    """Whether a name starting at token `start` continues leftwards ("Network for | Migration and Development",
    "Mother to | Child Transmission", "Broad-| Based ...")."""
    if start == 0:
        return False
    before = view.words[start - 1]
    if before == "-" and view.ends[start - 1] == view.starts[start]:
        return True
    return (start > 1 and (before in CONNECTORS or before in LEFT_STOP) and view.words[start - 2][0].isalnum()
            and is_capitalised(text, view, start - 2) and "\n" not in text[view.ends[start - 2]:view.starts[start]])
