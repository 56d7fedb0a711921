"""Single-column programme progress report (PDF, platypus)."""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from samples.egm import (
    BODY_FONT,
    BOLD_FONT,
    FOOTER_Y,
    FURNITURE_SIZE,
    HEADER_Y,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_W,
)
from samples.common import (
    AUTHOR,
    Aligned,
    Grid,
    Heading,
    Items,
    Para,
    table_text,
    write_truth,
)

# ---------------------------------------------------------------------------------------------
# 2. Single-column programme progress report (PDF, platypus)
# ---------------------------------------------------------------------------------------------

PROGRESS_NAME = "progress_report_labour_mobility.pdf"
PROGRESS_RUNNING_HEADER = "Migration MPTF \u2014 Annual progress report 2014 \u2014 Labour mobility"
PROGRESS_TITLE = "Annual Progress Report: Labour Mobility and Skills Partnerships for Sustainable Development"

PROGRESS_KV: tuple[tuple[str, str], ...] = (
    ("Project title", "Strengthening Labour Mobility Governance for Sustainable Development in Eastern Europe "
     "and Central Asia"),
    ("Project code", "LM-ECA-2014-017"),
    ("Countries", "Republic of Moldova, Kyrgyz Republic, Tajikistan"),
    ("Implementing partners", "IOM (lead agency), ILO and UNDP, with the Ministry of Labour and Social "
     "Protection of the Republic of Moldova and the Ministry of Labour, Migration and Youth of the Kyrgyz "
     "Republic"),
    ("Budget", "USD 822,771"),
    ("Period", "1 February 2014 \u2013 31 January 2015"),
    ("SDG targets", "8.8, 10.7 and 10.c (mapped retroactively in 2016)"),
    ("Reporting officer", "Programme Coordinator, IOM Chisinau"),
)
PROGRESS_DATA_TITLE = "Project Data Table"
PROGRESS_DATA: tuple[tuple[str, str], ...] = (  # drawn without rules: bold keys and values at two fixed x
    ("Executing organisation", "International Organization for Migration (IOM), Mission to the Republic of "
     "Moldova, on behalf of the participating UN organizations"),
    ("Donor", "Migration Multi-Partner Trust Fund (MPTF)"),
    ("Project period", "1 February 2014 \u2013 31 January 2015; no-cost extension of six months requested"),
    ("Countries", "Republic of Moldova, Kyrgyz Republic, Tajikistan"),
    ("Beneficiaries", "Prospective and returning labour migrants and their families; public employment "
     "services, migration services and ministries of labour"),
    ("Partners", "ILO and UNDP; ministries of labour of the Republic of Moldova and the Kyrgyz Republic; "
     "Agency on Statistics and National Bank of Tajikistan"),
    ("Reporting period", "1 February 2014 \u2013 31 January 2015"),
    ("Total budget", "USD 822,771"),
    ("Funds received to date", "USD 658,217 (80 per cent of the total budget, first and second tranches)"),
    ("Expenditure to date", "USD 611,208 (74.3 per cent of the total budget)"),
)
PROGRESS_DATA_WIDTHS = (0.3, 0.7)
PROGRESS_RESULTS: tuple[tuple[str, ...], ...] = (  # Table 1: the results framework
    ("Result", "Indicator", "Baseline", "Target", "Achieved"),
    ("Outcome 1: Labour migration governance is strengthened in the countries of origin",
     "Countries with a labour migration strategy or law revised in line with ILO standards", "0", "2",
     "2 (drafts submitted)"),
    ("Output 1.1: National labour migration policies are updated and aligned with ILO standards",
     "Policy texts drafted or revised with programme support", "0", "3", "3"),
    ("Output 1.2: Public employment services provide information and matching services",
     "Migrant resource centres opened", "0", "3", "3"),
    ("", "Jobseekers matched with vacancies abroad", "0", "1,000", "1,310"),
    ("Outcome 2: Migrants and their families make productive use of remittances and skills",
     "Average cost of sending USD 200 from the Russian Federation to Tajikistan (%)", "2.9", "2.5", "2.1"),
    ("Output 2.1: Financial literacy and savings products are available to migrant households",
     "Remittance-receiving households trained", "0", "3,000", "2,150"),
    ("Output 2.2: Returning migrants receive support for reintegration and skills recognition",
     "Return migrants whose skills were assessed", "0", "600", "640 (212 certified)"),
)
PROGRESS_RESULTS_WIDTHS = (0.29, 0.29, 0.12, 0.12, 0.18)
PROGRESS_ACHIEVEMENTS: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = (
    ("Republic of Moldova", (
        ("Output 1.1", (
            "1.1.1 Drafted the national labour migration strategy with the Ministry of Labour and Social "
            "Protection and ILO, and submitted it to the Government in November 2014.",
            "1.1.2 Supported the adoption of the regulation on private employment agencies in June 2014.",
        )),
        ("Output 1.2", (
            "1.2.1 Opened the migrant resource centre in Chisinau with the National Employment Agency in "
            "May 2014.",
            "1.2.2 Trained 40 staff of the National Employment Agency on pre-departure orientation with IOM "
            "in Q3 2014.",
        )),
        ("Output 2.1", (
            "2.1.1 Launched savings accounts for migrant families with two commercial banks in Q3 2014.",
            "2.1.2 Delivered financial literacy training to 1,200 remittance-receiving households; the "
            "training of trainers in the northern districts is ongoing.",
        )),
        ("Output 2.2", (
            "2.2.1 Designed the diaspora investment fund with the Bureau for Diaspora Relations between "
            "April and October 2014; the fund rules are ongoing with the Ministry of Economy.",
        )),
    )),
    ("Kyrgyz Republic", (
        ("Output 1.1", (
            "1.1.1 Revised the law on external labour migration with the Ministry of Labour, Migration and "
            "Youth; the draft was approved by the Government in December 2014.",
        )),
        ("Output 1.2", (
            "1.2.1 Opened the migrant resource centres in Bishkek and Osh with the State Migration Service "
            "in March 2014.",
            "1.2.2 Trained 80 staff of public employment services on job matching with IOM and ILO in Q2 "
            "2014.",
            "1.2.3 Operated the hotline for migrants from June to December 2014; the extension of its hours "
            "is ongoing.",
        )),
        ("Output 2.2", (
            "2.2.1 Assessed the skills of 640 return migrants and certified 212 of them in Q4 2014.",
        )),
    )),
    ("Tajikistan", (
        ("Output 2.1", (
            "2.1.1 Negotiated the agreement with the National Bank of Tajikistan on remittance cost "
            "monitoring; the signature is ongoing and expected in Q1 2015.",
            "2.1.2 Trained 950 remittance-receiving households in Khatlon and Sughd between July and "
            "December 2014.",
        )),
        ("Output 2.2", (
            "2.2.1 Completed the survey of 1,500 return migrants with the Agency on Statistics in "
            "September 2014.",
            "2.2.2 Presented the survey results to the Ministry of Labour, Migration and Employment of "
            "Population in November 2014.",
        )),
    )),
)
PROGRESS_BULLET = "\u2022"  # drawn in the Symbol font (Helvetica's bullet has no text mapping)
PROGRESS_PLANNED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Republic of Moldova", (
        "Launch the diaspora investment fund and its first call for proposals in Q2 2015.",
        "Support the Government in adopting the labour migration strategy by June 2015.",
        "Pilot a module on recruitment costs in the labour force survey in Q3 2015.",
    )),
    ("Kyrgyz Republic", (
        "Open a third migrant resource centre in Jalal-Abad in Q1 2015.",
        "Extend pre-departure orientation to migrants bound for Kazakhstan by June 2015.",
    )),
    ("Tajikistan", (
        "Sign the agreement with the National Bank of Tajikistan in Q1 2015 and deliver Output 2.1 "
        "by July 2015.",
        "Publish the return migrant survey with the Agency on Statistics by April 2015.",
        "Train 1,000 more remittance-receiving households between Q2 and Q3 2015.",
    )),
)


def _achievement_flow() -> tuple[Heading | Items, ...]:
    """Section 4: a heading per country, then per output its label and numbered activities."""
    flow: list[Heading | Items] = [Heading("4. Achievements by outputs")]
    for country, outputs in PROGRESS_ACHIEVEMENTS:
        flow.append(Heading(country, level=2))
        for output, activities in outputs:
            flow.extend((Heading(output, level=3), Items(activities)))
    return tuple(flow)


def _planned_flow() -> tuple[Heading | Items, ...]:
    """Section 8: a heading per country, then its planned interventions as bullets."""
    flow: list[Heading | Items] = [Heading("8. Interventions planned for the next reporting period")]
    for country, items in PROGRESS_PLANNED:
        flow.extend((Heading(country, level=2), Items(items, bullet=PROGRESS_BULLET)))
    return tuple(flow)


PROGRESS_FUNDING: tuple[tuple[str, ...], ...] = (
    ("Budget line", "Approved budget (USD)", "Expenditure (USD)", "Delivery (%)"),
    ("Output 1.1", "210,000", "168,400", "80.2"),
    ("Output 1.2", "175,500", "131,250", "74.8"),
    ("Output 2.1", "198,271", "139,800", "70.5"),
    ("Output 2.2", "129,000", "96,758", "75.0"),
    ("Programme management", "110,000", "75,000", "68.2"),
    ("Total", "822,771", "611,208", "74.3"),
)
PROGRESS_FLOW: tuple[Heading | Para | Grid | Aligned | Items, ...] = (
    Heading(PROGRESS_TITLE, level=0),
    Heading(PROGRESS_DATA_TITLE, level=2),
    Aligned(PROGRESS_DATA, PROGRESS_DATA_WIDTHS, header=False),
    Para("Reporting period: 1 February 2014 to 31 January 2015. Submitted to the Steering Committee on "
         "27 February 2015."),
    Grid(tuple((k, v) for k, v in PROGRESS_KV), header=False),
    Heading("1. Executive summary"),
    Para(
        "During its first year the programme helped three countries of origin to manage labour migration "
        "in ways that protect workers and support development at home. The Republic of Moldova adopted a "
        "regulation on private employment agencies, the Kyrgyz Republic opened two migrant resource centres, "
        "and Tajikistan completed its first survey of return migrants. In total 4,820 prospective migrants "
        "received pre-departure orientation, 38 per cent of them women."
    ),
    Para(
        "Delivery reached 74.3 per cent of the approved budget of $822,771. Delays in Output 2.1 were caused "
        "by the late signature of the agreement with the National Bank of Tajikistan. The programme "
        "contributes to SDG 8 and SDG 10, in particular target 10.7 on well-managed migration policies and "
        "target 10.c on remittance costs, which the Steering Committee mapped to the programme after the "
        "adoption of the 2030 Agenda."
    ),
    Heading("2. Results by outcome and output"),
    Para("Table 1 shows progress against the indicators of the results framework as of 31 January 2015."),
    Grid(PROGRESS_RESULTS, widths=PROGRESS_RESULTS_WIDTHS),
    Heading("Outcome 1: Labour migration governance is strengthened in the countries of origin", level=2),
    Para(
        "Output 1.1: National labour migration policies are updated and aligned with ILO standards. The "
        "Ministry of Labour and Social Protection of the Republic of Moldova drafted a national labour "
        "migration strategy with ILO support, and the Kyrgyz Republic revised its law on external labour "
        "migration. Both texts refer to fair recruitment and to the portability of social security rights."
    ),
    Para(
        "Output 1.2: Public employment services provide information and matching services to prospective "
        "migrants. Three migrant resource centres were opened in Chisinau, Bishkek and Osh, and 120 staff "
        "of public employment services were trained. The centres registered 9,400 visits, and 1,310 "
        "jobseekers were matched with vacancies abroad through bilateral labour agreements."
    ),
    Heading("Outcome 2: Migrants and their families make productive use of remittances and skills", level=2),
    Para(
        "Output 2.1: Financial literacy and savings products are available to migrant households. Training "
        "modules were delivered to 2,150 remittance-receiving households, and two banks in the Republic of "
        "Moldova launched savings accounts for migrant families. The average cost of sending USD 200 from "
        "the Russian Federation to Tajikistan fell from 2.9 to 2.1 per cent during the period."
    ),
    Para(
        "Output 2.2: Returning migrants receive support for reintegration and skills recognition. In the "
        "Kyrgyz Republic 640 return migrants had their skills assessed and 212 received certificates. A "
        "diaspora investment fund of EUR 1.2 million was designed with the Moldovan diaspora in Italy and "
        "Germany and will be launched in 2015."
    ),
    Heading("3. Activities by country"),
    Heading("3.1 Republic of Moldova", level=2),
    Para(
        "Activities in the Republic of Moldova focused on the regulation of recruitment and on diaspora "
        "engagement. The programme supported the Bureau for Diaspora Relations in organizing the Diaspora "
        "Days in August 2014, attended by 450 representatives of diaspora associations, and financed a "
        "study on the social costs of migration for children left behind."
    ),
    Heading("3.2 Kyrgyz Republic", level=2),
    Para(
        "In the Kyrgyz Republic the programme worked with the State Migration Service on a pre-departure "
        "orientation curriculum and on a hotline for migrants in the Russian Federation and Kazakhstan. The "
        "hotline answered 3,200 calls between June and December 2014, a quarter of them about unpaid wages, "
        "and referred 57 cases of suspected trafficking in persons to the police."
    ),
    Heading("3.3 Tajikistan", level=2),
    Para(
        "In Tajikistan the programme completed a survey of 1,500 return migrants with the Agency on "
        "Statistics. The survey found that 41 per cent of returnees could not re-enter the Russian "
        "Federation because of entry bans, and that remittances accounted for 36.6 per cent of household "
        "income. The results informed the national development strategy to 2030."
    ),
    *_achievement_flow(),
    Heading("5. Financial overview"),
    Para("Table 2 shows the approved budget and expenditure by budget line as of 31 January 2015."),
    Grid(PROGRESS_FUNDING),
    Para(
        "A no-cost extension of six months was requested to complete Output 2.1. The Government of "
        "Switzerland provided parallel funding of CHF 150,000 for the migrant resource centres, which is not "
        "included in the table above."
    ),
    Heading("6. Challenges and lessons learned"),
    Para(
        "Frequent changes of government counterparts in the Republic of Moldova slowed the adoption of the "
        "labour migration strategy. The programme learned that working through inter-ministerial working "
        "groups, rather than with a single ministry, makes results more durable. Data on recruitment costs "
        "remain scarce; a pilot survey on indicator 10.7.1 is planned for 2015."
    ),
    Heading("7. Priorities for the next reporting period"),
    Items(
        (
            "1. Launch the diaspora investment fund and the first call for proposals.",
            "2. Complete the agreement with the National Bank of Tajikistan and deliver Output 2.1.",
            "3. Extend pre-departure orientation to Kazakhstan and T\u00fcrkiye as destination countries.",
            "4. Publish the return migrant survey and present it at the Global Forum on Migration and "
            "Development (GFMD).",
        )
    ),
    *_planned_flow(),
)


def _progress_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles of the progress report."""
    body = ParagraphStyle("body", fontName=BODY_FONT, fontSize=10.5, leading=14.5, spaceAfter=7, alignment=TA_LEFT)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=BOLD_FONT, fontSize=17, leading=22, spaceAfter=10),
        "h1": ParagraphStyle("h1", parent=body, fontName=BOLD_FONT, fontSize=13, leading=17, spaceBefore=10,
                             spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD_FONT, fontSize=11, leading=15, spaceBefore=6,
                             spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=body, fontName=BOLD_FONT, fontSize=10.5, leading=14, spaceBefore=2,
                             spaceAfter=2),
        "kv": ParagraphStyle("kv", parent=body, fontSize=10, leading=13, spaceAfter=0),
        "kvb": ParagraphStyle("kvb", parent=body, fontName=BOLD_FONT, fontSize=10, leading=13, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.5, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=body, fontName=BOLD_FONT, fontSize=9.5, leading=12.5, spaceAfter=0),
        "item": ParagraphStyle("item", parent=body, leftIndent=14, spaceAfter=3),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=16, bulletIndent=4, bulletFontName="Symbol",
                                 spaceAfter=3),
    }


def _progress_story() -> tuple[list, list[str]]:
    """Flowables and truth blocks of the progress report, from the same structures."""
    st = _progress_styles()
    story: list = []
    truth: list[str] = []
    usable = PAGE_W - 2 * MARGIN_X
    for item in PROGRESS_FLOW:
        if isinstance(item, Heading):
            style = {0: st["title"], 1: st["h1"], 3: st["h3"]}.get(item.level, st["h2"])
            story.append(Paragraph(escape(item.text), style))
            truth.append(item.text)
        elif isinstance(item, Para):
            story.append(Paragraph(escape(item.text), st["body"]))
            truth.append(item.text)
        elif isinstance(item, Items):
            if item.bullet:
                story.extend(Paragraph(escape(t), st["bullet"], bulletText=item.bullet) for t in item.items)
            else:
                story.extend(Paragraph(escape(t), st["item"]) for t in item.items)
            truth.extend(item.items)
        elif isinstance(item, Aligned):  # no grid, no shading: text columns starting at fixed x
            data = [
                [Paragraph(escape(cell), st["kvb"] if (item.header and r == 0) or (not item.header and ci == 0)
                           else st["kv"]) for ci, cell in enumerate(row)]
                for r, row in enumerate(item.rows)
            ]
            table = Table(data, colWidths=[usable * w for w in item.widths], hAlign="LEFT")
            table.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]))
            story.extend([table, Spacer(1, 10)])
            truth.append(table_text(item.rows))
        else:
            n_cols = len(item.rows[0])
            if item.widths is not None:
                widths = [usable * w for w in item.widths]
            else:
                widths = [usable * 0.3, usable * 0.7] if n_cols == 2 else [usable * 0.34] + [usable * 0.22] * 3
            data = [
                [Paragraph(escape(cell), st["cellb"] if (item.header and r == 0) or (not item.header and ci == 0)
                           else st["cell"]) for ci, cell in enumerate(row)]
                for r, row in enumerate(item.rows)
            ]
            table = Table(data, colWidths=widths, hAlign="LEFT")
            style = [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
            if item.header:
                style.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)))
            else:
                style.append(("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.92, 0.92)))
            table.setStyle(TableStyle(style))
            story.extend([KeepTogether([table]), Spacer(1, 10)])  # a ruled table is never split
            truth.append(table_text(item.rows))
    return story, truth


def _progress_build(target: str | io.BytesIO, n_pages: int) -> int:
    """Build the progress report into a target; returns the number of pages."""
    count = {"pages": 0}

    def furniture(c: canvas.Canvas, doc: SimpleDocTemplate) -> None:
        count["pages"] = doc.page
        c.saveState()
        c.setFont(BODY_FONT, FURNITURE_SIZE)
        c.drawString(MARGIN_X, HEADER_Y, PROGRESS_RUNNING_HEADER)
        c.line(MARGIN_X, HEADER_Y - 5, PAGE_W - MARGIN_X, HEADER_Y - 5)
        c.drawRightString(PAGE_W - MARGIN_X, FOOTER_Y, f"Page {doc.page} of {n_pages}")
        c.restoreState()

    doc = SimpleDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=PROGRESS_TITLE, author=AUTHOR,
        subject="Programme progress report (sample document)", creator="scripts/make_samples.py", invariant=1,
    )
    story, _ = _progress_story()
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return count["pages"]


def write_progress_pdf(out_dir: Path) -> Path:
    """Write the single-column progress report with its tables and lists, and its truth text."""
    path = out_dir / PROGRESS_NAME
    n_pages = _progress_build(io.BytesIO(), 0)
    _progress_build(str(path), n_pages)
    write_truth(path, _progress_story()[1])
    return path
