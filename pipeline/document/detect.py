"""Document language, kind and title, by rules that can be explained.

Language: counts of frequent function words of each language over the first part of the text.
Kind: weighted cue phrases in the title and the first pages; the best-scoring kind wins, else ``other``.
Title: the page's typography (pipeline.document.title): the largest text of the first page, else the metadata.
"""
from __future__ import annotations

import re
from collections import Counter

from pipeline.document.title import typographic_title
from pipeline.types import Document

LANGUAGE_SAMPLE_CHARS = 60_000
KIND_SAMPLE_CHARS = 15_000
FRONT_MATTER_CHARS = 3_000
FRONT_MATTER_WEIGHT = 2.0
BODY_WEIGHT = 0.5
TITLE_WEIGHT = 3.0
MAX_CUE_COUNT = 3
MIN_LANGUAGE_HITS = 5
WORD_RE = re.compile(r"[a-zà-ÿ]+")
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the and of to in is that for with are on as by this be from which was have has it an or were not their".split()),
    "fr": frozenset("le la les des et du en est une pour dans que qui sur par au aux ce sont avec pas ont été cette ses leur".split()),
    "es": frozenset("el la los las de del y en que por con para una es su se al lo como más sus fue han este esta".split()),
}
KIND_CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "vnr": (("voluntary national review", 5.0), ("examen national volontaire", 5.0), ("informe nacional voluntario", 5.0),
            ("vnr", 2.0), ("high-level political forum", 1.0)),
    "resolution": (("resolution adopted by the general assembly", 6.0), ("the general assembly,", 3.0),
                   ("draft resolution", 5.0), ("a/res/", 3.0), ("recalling its resolution", 2.0), ("résolution adoptée", 6.0),
                   ("projet de résolution", 5.0), ("proyecto de resolución", 5.0), ("decides to", 1.0)),
    "law": (("ley de", 2.0), ("decreto", 2.0), ("diario oficial", 3.0), ("lineamientos", 2.0), ("reglamento", 2.0),
            ("artículo", 1.0), ("transitorios", 2.0), ("official gazette", 3.0), ("journal officiel", 3.0),
            ("gaceta oficial", 3.0), ("boletín oficial", 3.0), ("be it enacted", 4.0), ("loi n", 2.0), ("décret", 2.0),
            ("article premier", 2.0), ("section 1.", 0.5), ("act, 20", 2.0)),
    "management_response": (("management response", 5.0), ("management follow-up response", 5.0),
                            ("response matrix", 3.0), ("réponse de la direction", 5.0), ("réponse de la gestion", 5.0),
                            ("respuesta de la gerencia", 5.0), ("respuesta de la administración", 5.0),
                            ("action plan matrix", 2.0), ("responsible unit", 1.0), ("key actions", 1.0)),
    "evaluation": (("evaluation report", 4.0), ("final evaluation", 4.0), ("internal evaluation", 4.0), ("evaluation brief", 4.0),
                   ("évaluation finale", 4.0), ("rapport d'évaluation", 4.0), ("evaluation", 1.0),
                   ("évaluation", 1.0), ("evaluación", 2.0), ("evaluation criteria", 2.0), ("inception report", 3.0),
                   ("rapport initial", 3.0), ("case study", 1.0)),
    "progress_report": (("progress report", 5.0), ("annual report", 2.0), ("rapport d'avancement", 5.0), ("informe de progreso", 5.0),
                        ("reporting period", 3.0), ("output 1", 2.0), ("outcome 1", 1.5), ("results framework", 1.5),
                        ("project code", 1.5), ("implementing partners", 1.0)),
    "meeting_report": (("expert group meeting", 5.0), ("meeting report", 5.0), ("summary report", 2.0), ("workshop", 1.0),
                       ("rapport de réunion", 5.0), ("informe de la reunión", 5.0), ("participants", 1.0), ("agenda item", 2.0),
                       ("session", 0.5)),
}
MIN_KIND_SCORE = 4.0
UNDETERMINED_LANGUAGE = "und"
OTHER_KIND = "other"
MIN_METADATA_TITLE_CHARS = 4
"""A metadata title shorter than this ("Doc", "1") says nothing."""
JUNK_TITLE_SUFFIXES = (".doc", ".docx", ".pdf", ".indd")
"""A metadata title ending so is a file name left by the authoring tool."""
JUNK_TITLE_PREFIXES = ("microsoft word", "untitled")
TITLE_SEARCH_CHARS = 3_000
"""The title is looked for in the first this-many characters of the text."""
TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 30
TITLE_MIN_LETTERS = 11
"""A line needs at least this many letters to be a title (not a page number or a date)."""
TITLE_MAX_CHARS = 200


def detect_language(text: str) -> str:
    """Return ``en``, ``fr`` or ``es`` by function-word counts, or ``und`` when there is too little text."""
    counts: Counter[str] = Counter()
    for word in WORD_RE.findall(text[:LANGUAGE_SAMPLE_CHARS].lower()):
        for lang, words in STOPWORDS.items():
            if word in words:
                counts[lang] += 1
    if not counts or counts.most_common(1)[0][1] < MIN_LANGUAGE_HITS:
        return UNDETERMINED_LANGUAGE
    return counts.most_common(1)[0][0]


def kind_scores(text: str, *, title: str = "") -> dict[str, float]:
    """Score each document kind from cue phrases: the title and front matter say what a document is,
    while a later mention ("as the Voluntary National Reviews show") only says what it talks about."""
    front = text[:FRONT_MATTER_CHARS].lower()
    body = text[FRONT_MATTER_CHARS:KIND_SAMPLE_CHARS].lower()
    title_l = title.lower()
    scores: dict[str, float] = {}
    for kind, cues in KIND_CUES.items():
        score = 0.0
        for phrase, weight in cues:
            score += weight * (FRONT_MATTER_WEIGHT * min(front.count(phrase), MAX_CUE_COUNT)
                               + BODY_WEIGHT * min(body.count(phrase), MAX_CUE_COUNT)
                               + TITLE_WEIGHT * (phrase in title_l))
        scores[kind] = score
    return scores


def detect_kind(text: str, *, title: str = "") -> str:
    """Return the document kind (one of pipeline.types.DOC_KINDS; ``other`` when no kind scores enough)."""
    scores = kind_scores(text, title=title)
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= MIN_KIND_SCORE else OTHER_KIND


def guess_title(text: str, *, fallback: str = "") -> str:
    """The metadata title when it is meaningful, else the first substantial line of text."""
    lowered = fallback.lower()
    if len(fallback) >= MIN_METADATA_TITLE_CHARS and not lowered.endswith(JUNK_TITLE_SUFFIXES) \
            and not lowered.startswith(JUNK_TITLE_PREFIXES):
        return " ".join(fallback.split())
    for line in text[:TITLE_SEARCH_CHARS].split("\n"):
        words = line.split()
        if TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS and sum(c.isalpha() for c in line) >= TITLE_MIN_LETTERS:
            return " ".join(words)[:TITLE_MAX_CHARS]
    return ""


def detect_title(doc: Document, *, metadata: str = "") -> str:
    """The document's title: its largest first-page text (:func:`typographic_title`), else the metadata title
    when it is meaningful, else the first substantial line of text."""
    return typographic_title(doc) or guess_title(doc.text, fallback=metadata)
