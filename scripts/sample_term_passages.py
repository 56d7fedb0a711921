#!/usr/bin/env python3
"""Sample passages that hold a target term query, from shared PDFs outside every gold, for independent judges.

usage: sample_term_passages.py OUT.jsonl [--per-term 8] [--per-document 2] [--seed 13] [--targets 10.3 16.4 ...]

The text comes straight from pypdfium2 (one ``get_text_bounded`` per page, whitespace folded), not from nexus, so
that a judge reading the passages sees no nexus output. A passage is the sentence that holds an English term query
of one of ``--targets`` (``pipeline/resources/sdg_terms.json``) and a migration word, with the sentence before and
after it. Documents of ``../shared/eval/dev-gold`` and of ``tests/fixtures/*gold*`` are left out. Each output row
names the document, page, target, the term, and the official target text (``../shared/reference/sdg``), shuffled
with a fixed seed so that judges see the terms interleaved.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = ("real", "evaluations", "archive")
GOLD_FOLDERS = (SHARED / "eval" / "dev-gold", *sorted((REPO / "tests" / "fixtures").glob("*gold*")))
MIGRATION_RE = re.compile(r"\b(?:migra\w*|immigra\w*|emigra\w*|refugee\w*|asylum|diaspora\w*|displace\w*|"
                          r"trafficking|smuggl\w*|stateless\w*|remittance\w*|returnee\w*)\b", re.IGNORECASE)
SENTENCE_RE = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(“\"])|,\s+(?=[A-Z][a-z]+ing\b)")
"""Sentence ends, and the clause openers of a resolution's preamble (", Recalling", ", Noting")."""
PASSAGE_MAX_CHARS = 900
"""A longer passage is cut to this many chars around the term."""
DEFAULT_TARGETS = ("10.3", "16.4", "16.9", "17.3")
TARGET_KEY_RE = re.compile(r"^(\d+)-(\w+)-title:\s*(.+)$")


def _gold_stems() -> set[str]:
    """File stems of every document some gold covers."""
    return {p.stem for folder in GOLD_FOLDERS for p in folder.glob("*.json")}


def _target_texts() -> dict[str, str]:
    """Official English target texts by id ("10.3")."""
    out: dict[str, str] = {}
    key = ""
    for line in (SHARED / "reference" / "sdg" / "en_global_targets.yml").read_text(encoding="utf-8").splitlines():
        m = TARGET_KEY_RE.match(line.strip())
        if m and not line[:1].isspace():
            key = f"{m.group(1)}.{m.group(2)}"
            out[key] = m.group(3).strip()
        elif line[:1].isspace() and key:  # a folded continuation line
            out[key] += " " + line.strip()
        else:
            key = ""
    return {k: v.strip("'\"") for k, v in out.items()}


def _term_re(term: str) -> re.Pattern[str]:
    """A term query as a regex: word bounded, case folded, a trailing * for any ending."""
    body = re.escape(term.lstrip("~").rstrip("*")).replace(r"\ ", r"\s+")
    return re.compile(r"\b" + body + (r"\w*" if term.endswith("*") else r"s?\b"), re.IGNORECASE)


def _pages(path: Path) -> list[str]:
    """Each page's raw text layer, whitespace folded."""
    pdf = pdfium.PdfDocument(path)
    try:
        out = []
        for page in pdf:
            text = page.get_textpage().get_text_bounded()
            out.append(" ".join(text.split()))
        return out
    finally:
        pdf.close()


def _window(passage: str, rx: re.Pattern[str]) -> str:
    """The passage, or PASSAGE_MAX_CHARS of it around the term, cut at spaces and marked with an ellipsis."""
    if len(passage) <= PASSAGE_MAX_CHARS:
        return passage
    hit = rx.search(passage)
    middle = (hit.start() + hit.end()) // 2 if hit else len(passage) // 2
    start = max(0, middle - PASSAGE_MAX_CHARS // 2)
    end = min(len(passage), start + PASSAGE_MAX_CHARS)
    start = passage.find(" ", start) + 1 if start else 0
    end = passage.rfind(" ", 0, end) if end < len(passage) else end
    return ("… " if start else "") + passage[start:end] + (" …" if end < len(passage) else "")


def main(argv: list[str] | None = None) -> int:
    """Write the sampled passages as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-term", type=int, default=8)
    parser.add_argument("--per-document", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--targets", nargs="+", default=list(DEFAULT_TARGETS))
    args = parser.parse_args(argv)
    terms = json.loads((REPO / "pipeline" / "resources" / "sdg_terms.json").read_text(encoding="utf-8"))["targets"]
    official = _target_texts()
    skip = _gold_stems()
    queries = [(t, term, _term_re(term)) for t in args.targets for term in terms.get(t, {}).get("en", [])]
    found: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for corpus in CORPORA:
        for path in sorted((SHARED / "corpora" / corpus).glob("*.pdf")):
            if path.stem in skip:
                continue
            try:
                pages = _pages(path)
            except pdfium.PdfiumError:
                continue
            for number, page in enumerate(pages, start=1):
                sentences = SENTENCE_RE.split(page)
                for i, sentence in enumerate(sentences):
                    if not MIGRATION_RE.search(sentence):
                        continue
                    for target, term, rx in queries:
                        if rx.search(sentence):
                            passage = _window(" ".join(sentences[max(0, i - 1):i + 2]), rx)
                            found[(target, term)].append({"document": f"{corpus}/{path.name}", "page": number,
                                                          "target": target, "term": term, "passage": passage})
    rng = random.Random(args.seed)
    rows = []
    for (target, term), hits in sorted(found.items()):
        by_doc: dict[str, list[dict]] = defaultdict(list)
        for hit in hits:
            by_doc[hit["document"]].append(hit)
        docs = sorted(by_doc)
        rng.shuffle(docs)
        picked: list[dict] = []
        for _ in range(args.per_document):  # round robin over documents: as many as possible, then more of each
            for d in docs:
                left = [h for h in by_doc[d] if h not in picked]
                if left and len(picked) < args.per_term:
                    picked.append(rng.choice(left))
        rows += [{**p, "target_text": official.get(target, "")} for p in picked]
    rng.shuffle(rows)
    with args.out.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(rows, start=1):
            fh.write(json.dumps({"id": i, **row}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} passages from {len({r['document'] for r in rows})} documents -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
