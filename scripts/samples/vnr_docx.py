"""VNR-style excerpt (DOCX)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from samples.common import (
    AUTHOR,
    FIXED_ZIP_DATE,
    Grid,
    Heading,
    Items,
    Para,
    table_text,
    write_truth,
)

# ---------------------------------------------------------------------------------------------
# 3. VNR-style excerpt (DOCX)
# ---------------------------------------------------------------------------------------------

VNR_NAME = "vnr_excerpt_remittances.docx"
VNR_TITLE = "Voluntary National Review 2023: Jamaica (excerpt)"
VNR_FLOW: tuple[Heading | Para | Grid | Items | str, ...] = (
    Heading(VNR_TITLE, level=0),
    Para(
        "This excerpt of the Voluntary National Review of Jamaica was prepared by the Planning Institute of "
        "Jamaica (PIOJ) with the support of the National Working Group on International Migration and "
        "Development. It covers SDG 10 and the links between migration, remittances and the other goals."
    ),
    Heading("Chapter 4. SDG 10: Reduced inequalities", level=1),
    Para(
        "Migration is a defining feature of Jamaican society: an estimated 1.3 million Jamaicans live "
        "abroad, mainly in the United States of America, the United Kingdom and Canada. The National Policy "
        "on International Migration and Development, approved by Cabinet in 2017, commits the Government to "
        "targets 10.7 and 10.c and to the objectives of the Global Compact for Migration."
    ),
    Heading("4.3 Remittances and the diaspora", level=2),
    Para(
        "Remittances are the largest source of foreign exchange after tourism. Inflows reached USD 3.5 "
        "billion in 2022, equal to 20.2 per cent of gross domestic product. The average cost of sending USD "
        "200 to Jamaica remains above the 3 per cent target of indicator 10.c.1, although costs in the "
        "corridor from the United States fell to 5.8 per cent."
    ),
    Grid(
        (
            ("Year", "Remittance inflows (USD million)", "Share of GDP (%)", "Cost of sending USD 200 (%)"),
            ("2019", "2,405", "15.2", "7.1"),
            ("2020", "2,905", "21.0", "6.6"),
            ("2021", "3,467", "23.6", "6.2"),
            ("2022", "3,502", "20.2", "5.8"),
        )
    ),
    Para(
        "Table 4.3 shows that inflows rose during the COVID-19 pandemic, when migrants supported families "
        "facing job losses in tourism. The Bank of Jamaica notes that 10.7% of recipient households use "
        "digital channels, a figure unrelated to target 10.7."
    ),
    Heading("4.4 Policy measures", level=2),
    Items(
        (
            "Reduce remittance costs through competition between money transfer operators and mobile wallets.",
            "Expand the Diaspora Engagement Programme led by the Ministry of Foreign Affairs and Foreign Trade.",
            "Support return and reintegration of deported migrants through the Ministry of Labour and Social "
            "Security.",
            "Improve migration data with the Statistical Institute of Jamaica, including indicator 10.7.2.",
        )
    ),
    "PAGE_BREAK",
    Heading("Annex: Contributors", level=1),
    Para(
        "The National Working Group thanks IOM, UNDP, the ILO and the Global Forum on Migration and "
        "Development (GFMD) for their contributions, and acknowledges funding of EUR 85,000 from the "
        "European Union for the consultations held between March and May 2023."
    ),
)


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed timestamps so that it is byte-identical on every run."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_vnr_docx(out_dir: Path) -> Path:
    """Write the VNR-style DOCX (headings, paragraphs, list, table, a page break) and its truth text."""
    import datetime as dt

    import docx
    from docx.enum.text import WD_BREAK

    path = out_dir / VNR_NAME
    document = docx.Document()
    props = document.core_properties
    fixed = dt.datetime(2024, 1, 1, 0, 0, 0)
    props.title, props.author, props.last_modified_by = VNR_TITLE, AUTHOR, AUTHOR
    props.created = props.modified = props.last_printed = fixed
    props.revision = 1
    truth: list[str] = []
    for item in VNR_FLOW:
        if item == "PAGE_BREAK":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(item, Heading):
            document.add_heading(item.text, level=item.level)
            truth.append(item.text)
        elif isinstance(item, Para):
            document.add_paragraph(item.text)
            truth.append(item.text)
        elif isinstance(item, Items):
            for entry in item.items:
                document.add_paragraph(entry, style="List Bullet")
            truth.extend(item.items)
        elif isinstance(item, Grid):
            table = document.add_table(rows=len(item.rows), cols=len(item.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(item.rows):
                for ci, cell in enumerate(row):
                    table.cell(r, ci).text = cell
            truth.append(table_text(item.rows))
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))
    write_truth(path, truth)
    return path
