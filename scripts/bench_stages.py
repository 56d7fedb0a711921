#!/usr/bin/env python3
"""CPU seconds of the tag and link stages (and of each tagger component) over a folder of PDFs, for one checkout.

usage: bench_stages.py [FOLDER] [--repeat N] [--checkout PATH]

Every PDF goes through ``pipeline.run.process.process_document`` as in a run; ``tag_text``, ``link`` and each
component of the tagger are timed in CPU seconds (process time: far steadier than wall time on a shared machine),
and the best of ``--repeat`` passes is printed. ``--checkout`` runs another checkout of the project (a
``git worktree`` of an older commit) with this same script. Run it from that checkout's folder with
``NEXUS_MODEL_DIR`` set to a folder of its own, so that each checkout builds and uses its own tagger. Otherwise
``python -m`` and the editable install would both pick this checkout's code and model.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "real"


def _timed(fn: Callable[..., Any], key: str, spent: dict[str, float]) -> Callable[..., Any]:
    """``fn``, adding its CPU seconds to ``spent[key]``."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[key] = spent.get(key, 0.0) + time.process_time() - t0
    return wrapper


def _components(nlp: Any, texts: list[tuple[str, str]], spent: dict[str, float], tag: Any) -> None:
    """Run the tagger's components one by one over the texts (as ``tag_text`` does), timing each."""
    for text, language in texts:
        doc = tag.text_doc(nlp, text)
        tag.set_language(doc, language)
        for name, component in nlp.pipeline:
            if name != tag.MERGE_PIPE:
                doc = _timed(component, name, spent)(doc)


def main(argv: list[str] | None = None) -> int:
    """Print the best pass's CPU seconds per stage and per tagger component."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--checkout", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.checkout.resolve()))
    from pipeline import tag
    from pipeline.config import Settings
    from pipeline.run import process

    settings = Settings()
    nlp = process.warm_up(settings)
    spent: dict[str, float] = {}
    process.tag_text = _timed(process.tag_text, "tag_text", spent)
    process.link = _timed(process.link, "link", spent)
    paths = sorted(p for p in args.folder.rglob("*.pdf") if p.is_file())
    best: dict[str, float] = {}
    texts: list[tuple[str, str]] = []
    for rep in range(max(1, args.repeat)):
        spent.clear()
        for path in paths:
            doc = process.process_document(path, settings=settings).document
            if rep == 0 and doc.text:
                texts.append((doc.text, doc.language if doc.language in ("en", "fr", "es") else "en"))
        _components(nlp, texts, spent, tag)
        for key, secs in spent.items():
            best[key] = min(best.get(key, float("inf")), secs)
    components = [name for name, _ in nlp.pipeline if name != tag.MERGE_PIPE]
    print(f"{args.checkout.resolve()}: {len(paths)} PDFs, best of {args.repeat} passes, CPU seconds")
    for key in ("tag_text", "link"):
        print(f"  {key:<24}{best.get(key, 0.0):8.3f}")
    print(f"  {'tag_text + link':<24}{best.get('tag_text', 0.0) + best.get('link', 0.0):8.3f}")
    for name in components:
        print(f"    component {name:<24}{best.get(name, 0.0):8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
