#!/usr/bin/env python3
"""Score third-party text extractors against the reading-order truth fixtures.

usage:
    python compare_reading_order_baselines.py FIXTURES_DIR CORPORA_DIR
        [--scorer PATH] [--work-dir DIR] [--out BASELINES.tsv]

FIXTURES_DIR  folder with MANIFEST.tsv and the *.truth files
              (tests/fixtures/reading_order)
CORPORA_DIR   the shared corpora folder (holds real/ and evaluations/)

For every page in MANIFEST.tsv the page is extracted with
  * pymupdf4llm  (to_markdown(doc, pages=[N-1]), markdown stripped to text)
  * pdftotext -raw
  * pdftotext    (default mode)
the extracted texts are written to WORK_DIR (pm_<stem>_p<N>.txt,
raw_<stem>_p<N>.txt, def_<stem>_p<N>.txt) and each is scored with the shared
scorer (text_quality.py EXTRACTED TRUTH). The word-order similarities go to
BASELINES.tsv in FIXTURES_DIR (or --out).

pymupdf4llm is AGPL-licensed and is NOT a dependency of this project: it is
imported only inside pymupdf4llm_text(), so run this script with the python of
a scratch virtualenv that has pymupdf4llm and rapidfuzz installed, e.g.
    python3.11 -m venv /tmp/scratch_pm
    /tmp/scratch_pm/bin/pip install pymupdf4llm pymupdf rapidfuzz
    /tmp/scratch_pm/bin/python scripts/compare_reading_order_baselines.py \
        tests/fixtures/reading_order ../shared/corpora
"""
import argparse
import contextlib
import csv
import io
import os
import re
import subprocess
import sys


def strip_markdown(md):
    """Turn pymupdf4llm markdown into plain text (words kept, syntax dropped)."""
    md = re.sub(r"<!--.*?-->", " ", md, flags=re.S)        # html comments
    out = []
    for line in md.splitlines():
        s = line
        # picture placeholders such as "**==> picture [..] intentionally omitted <==**"
        if re.search(r"==>.*<==", s):
            s = re.sub(r"\**==>.*?<==\**", " ", s)
        # table separator rows and horizontal rules
        if re.fullmatch(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*", s):
            continue
        if re.fullmatch(r"\s*([-*_]\s*){3,}", s):
            continue
        s = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", s)          # image links
        s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)        # links -> their text
        s = re.sub(r"<br\s*/?>", " ", s, flags=re.I)          # html line breaks
        s = re.sub(r"</?[A-Za-z][^>]*>", " ", s)              # other html tags (tables)
        s = re.sub(r"^\s{0,3}#{1,6}\s*", "", s)               # headings
        s = re.sub(r"^\s*>\s?", "", s)                        # block quotes
        s = re.sub(r"^(\s*)[-*+]\s+", r"\1", s)               # list bullets
        s = s.replace("|", " ")                               # table pipes
        s = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|~<>])", r"\1", s)  # escapes
        s = s.replace("**", "").replace("__", "")             # bold
        s = re.sub(r"(?<!\w)[*_]+|[*_]+(?!\w)", "", s)        # italics markers
        s = s.replace("`", "")
        s = re.sub(r"[ \t]+", " ", s).strip()
        out.append(s)
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def pymupdf4llm_text(pdf, page):
    """pymupdf4llm output of one 1-based page, stripped to plain text."""
    noise = io.StringIO()  # the library prints parser messages; keep them out
    with contextlib.redirect_stdout(noise):
        import pymupdf  # noqa: WPS433 - optional, scratch-venv only
        import pymupdf4llm  # noqa: WPS433 - AGPL, never a project dependency

        doc = pymupdf.open(pdf)
        md = pymupdf4llm.to_markdown(doc, pages=[page - 1])
    doc.close()
    return strip_markdown(md)


def pdftotext_text(pdf, page, raw):
    cmd = ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8"]
    if raw:
        cmd.append("-raw")
    cmd += [pdf, "-"]
    res = subprocess.run(cmd, capture_output=True, check=True)
    return res.stdout.decode("utf-8", errors="replace")


def score(scorer, extracted, truth):
    res = subprocess.run([sys.executable, scorer, extracted, truth],
                         capture_output=True, text=True, check=True)
    m = re.search(r"similarity\s+([0-9.]+)", res.stdout)
    if not m:
        raise RuntimeError(f"unexpected scorer output: {res.stdout!r} {res.stderr!r}")
    return float(m.group(1))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("fixtures_dir")
    ap.add_argument("corpora_dir")
    ap.add_argument("--scorer", default=None,
                    help="text_quality.py (default: CORPORA_DIR/../eval/text_quality.py)")
    ap.add_argument("--work-dir", default="/tmp/ro")
    ap.add_argument("--out", default=None,
                    help="output TSV (default: FIXTURES_DIR/BASELINES.tsv)")
    args = ap.parse_args(argv)

    scorer = args.scorer or os.path.join(
        os.path.dirname(os.path.abspath(args.corpora_dir.rstrip("/"))), "eval", "text_quality.py")
    out_tsv = args.out or os.path.join(args.fixtures_dir, "BASELINES.tsv")
    os.makedirs(args.work_dir, exist_ok=True)

    with open(os.path.join(args.fixtures_dir, "MANIFEST.tsv"), encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))

    results = []
    for row in rows:
        truth = os.path.join(args.fixtures_dir, row["truth_file"])
        pdf = os.path.join(args.corpora_dir, row["corpus_folder"], row["pdf"])
        page = int(row["page"])
        stem = os.path.splitext(row["pdf"])[0]
        texts = {
            "pymupdf4llm": ("pm", pymupdf4llm_text(pdf, page)),
            "pdftotext_raw": ("raw", pdftotext_text(pdf, page, raw=True)),
            "pdftotext_default": ("def", pdftotext_text(pdf, page, raw=False)),
        }
        scores = {}
        for name, (prefix, text) in texts.items():
            path = os.path.join(args.work_dir, f"{prefix}_{stem}_p{page}.txt")
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            scores[name] = score(scorer, path, truth)
        results.append((row["truth_file"], scores))
        print(f"{row['truth_file']}\t" + "\t".join(
            f"{k}={v:.4f}" for k, v in scores.items()), flush=True)

    cols = ["pymupdf4llm", "pdftotext_raw", "pdftotext_default"]
    with open(out_tsv, "w", encoding="utf-8", newline="") as fh:
        fh.write("truth_file\t" + "\t".join(cols) + "\n")
        for truth_file, scores in results:
            fh.write(truth_file + "\t" + "\t".join(f"{scores[c]:.4f}" for c in cols) + "\n")
    means = {c: sum(s[c] for _, s in results) / len(results) for c in cols}
    print("MEAN\t" + "\t".join(f"{c}={means[c]:.4f}" for c in cols))
    return 0


if __name__ == "__main__":
    sys.exit(main())
