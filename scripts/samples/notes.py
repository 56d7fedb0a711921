"""Markdown note (UTF-8) and a short Spanish plain-text note (cp1252, with a form feed)."""
from __future__ import annotations

from pathlib import Path

from samples.common import (
    Heading,
    Items,
    Para,
    write_truth,
)

# ---------------------------------------------------------------------------------------------
# 5. Markdown note (UTF-8) and a short Spanish plain-text note (cp1252, with a form feed)
# ---------------------------------------------------------------------------------------------

NOTES_NAME = "notes.md"
NOTES_FLOW: tuple[Heading | Para | Items, ...] = (
    Heading("Field notes: migration data mission to Chisinau", level=1),
    Para(
        "Meeting with the National Bureau of Statistics of the Republic of Moldova, 3 October 2023. The "
        "Bureau plans to add a module on recruitment costs to the labour force survey, which would allow "
        "reporting on indicator 10.7.1 for the first time."
    ),
    Heading("Points agreed", level=2),
    Items(
        (
            "IOM and UNDP will fund the pilot module (budget EUR 1.2 million over three years).",
            "The Ministry of Labour and Social Protection will share administrative data on returnees.",
            "Results will feed into the Voluntary National Review on SDGs 5, 8 and 10.",
        )
    ),
    Heading("Open questions", level=2),
    Para(
        "How to cover seasonal workers in Romania and Italy, and whether remittances sent through relatives "
        "can be separated from informal transfers. Next mission: February 2024."
    ),
)
SPANISH_NAME = "nota_remesas_es.txt"
SPANISH_ENCODING = "cp1252"
SPANISH_PAGES: tuple[tuple[Heading | Para, ...], ...] = (
    (
        Heading("Nota informativa: remesas y migraci\u00f3n laboral en M\u00e9xico"),
        Para(
            "Las remesas recibidas por M\u00e9xico alcanzaron 63.300 millones de d\u00f3lares en 2023, "
            "seg\u00fan el Banco de M\u00e9xico. El costo promedio de enviar 200 d\u00f3lares desde los Estados "
            "Unidos fue de 4,1 por ciento, todav\u00eda por encima de la meta 10.c de los ODS."
        ),
        Para(
            "La Organizaci\u00f3n Internacional para las Migraciones (OIM) y la Secretar\u00eda del Trabajo y "
            "Previsi\u00f3n Social colaboran en un programa de movilidad laboral justa, vinculado con las "
            "metas 8.8 y 10.7."
        ),
    ),
    (
        Heading("Recomendaciones"),
        Para(
            "Reducir el costo de las remesas, ampliar la inclusi\u00f3n financiera de las mujeres migrantes "
            "y mejorar los datos sobre migraci\u00f3n de retorno para el indicador 10.7.2."
        ),
    ),
)
WRAP_COLUMNS = 78


def _markdown(flow: tuple[Heading | Para | Items, ...]) -> tuple[str, list[str]]:
    """A Markdown rendering of a flow and its truth blocks."""
    lines: list[str] = []
    truth: list[str] = []
    for item in flow:
        if isinstance(item, Heading):
            lines.append("#" * item.level + " " + item.text)
            truth.append(item.text)
        elif isinstance(item, Para):
            lines.append(_hard_wrap(item.text))
            truth.append(item.text)
        else:
            lines.append("\n".join(f"- {t}" for t in item.items))
            truth.extend(item.items)
    return "\n\n".join(lines) + "\n", truth


def _hard_wrap(text: str) -> str:
    """Wrap text at a fixed column, as plain-text notes usually are."""
    return "\n".join(" ".join(words) for words in _wrap_chars(text, WRAP_COLUMNS))


def _wrap_chars(text: str, columns: int) -> list[list[str]]:
    """Greedy word wrap by character count."""
    lines: list[list[str]] = [[]]
    for word in text.split(" "):
        if lines[-1] and len(" ".join(lines[-1] + [word])) > columns:
            lines.append([])
        lines[-1].append(word)
    return lines


def write_notes(out_dir: Path) -> list[Path]:
    """Write the Markdown note and the Spanish cp1252 plain-text note with a page break, and truth texts."""
    md_path = out_dir / NOTES_NAME
    md, truth = _markdown(NOTES_FLOW)
    md_path.write_bytes(md.encode("utf-8"))
    write_truth(md_path, truth)

    es_path = out_dir / SPANISH_NAME
    pages_text: list[str] = []
    es_truth: list[str] = []
    for page in SPANISH_PAGES:
        chunks = []
        for item in page:
            chunks.append(item.text.upper() if isinstance(item, Heading) else _hard_wrap(item.text))
            es_truth.append(item.text.upper() if isinstance(item, Heading) else item.text)
        pages_text.append("\r\n\r\n".join(c.replace("\n", "\r\n") for c in chunks) + "\r\n")
    es_path.write_bytes("\f".join(pages_text).encode(SPANISH_ENCODING))
    write_truth(es_path, es_truth)
    return [md_path, es_path]
