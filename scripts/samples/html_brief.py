"""Web brief (HTML with navigation, header and footer boilerplate)."""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from samples.common import (
    Grid,
    Heading,
    Items,
    Para,
    table_text,
    write_truth,
)

# ---------------------------------------------------------------------------------------------
# 4. Web brief (HTML with navigation, header and footer boilerplate)
# ---------------------------------------------------------------------------------------------

HTML_NAME = "gcm_review_brief.html"
HTML_BYLINE = "Published 15 April 2024"
HTML_TITLE = "Reviewing the Global Compact for Migration: what the SDG indicators tell us"
HTML_FLOW: tuple[Heading | Para | Grid | Items, ...] = (
    Heading(HTML_TITLE, level=1),
    Para(
        "Four years after the first International Migration Review Forum, Member States are preparing the "
        "second review of the Global Compact for Safe, Orderly and Regular Migration (GCM) in 2026. This "
        "brief summarizes what the SDG indicators on migration show and where data gaps remain."
    ),
    Heading("Progress on target 10.7", level=2),
    Para(
        "According to the latest round of the United Nations Inquiry among Governments on Population and "
        "Development, 62 per cent of reporting countries have policies that meet most of the criteria of "
        "indicator 10.7.2. Countries such as Mexico, the Philippines and C\u00f4te d'Ivoire report "
        "comprehensive policies on migrant rights and on cooperation with countries of origin, transit and "
        "destination."
    ),
    Heading("Remaining gaps", level=2),
    Items(
        (
            "Recruitment costs (indicator 10.7.1) are measured in only 14 countries.",
            "Remittance costs remain well above the 3 per cent target of SDG target 10.c.",
            "Deaths and disappearances during migration (indicator 10.7.3) reached a record in 2023.",
            "Few countries disaggregate labour market data by migratory status, as target 17.18 requires.",
        )
    ),
    Heading("Selected indicators", level=2),
    Grid(
        (
            ("Indicator", "Latest value", "Source"),
            ("10.7.2 Countries with well-managed migration policies", "62%", "UN DESA, 2023"),
            ("10.c.1 Average cost of remittances", "6.2%", "World Bank, 2023"),
            ("10.7.3 Migrants who died or disappeared", "8,565", "IOM Missing Migrants Project, 2023"),
        )
    ),
    Para(
        "The GCM review is also an opportunity to connect migration with climate action. The Kyrgyz "
        "Republic and T\u00fcrkiye have asked the United Nations Network on Migration for support in "
        "linking their national adaptation plans with their GCM implementation plans."
    ),
)
HTML_BOILERPLATE_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | Migration Policy Briefs</title>
<meta name="description" content="Policy brief on the GCM review and the SDG indicators on migration.">
<style>body {{ font-family: sans-serif; }} nav a {{ margin-right: 1em; }}</style>
<script>window.analytics = window.analytics || [];</script>
</head>
<body>
<header class="site-header">
  <div class="logo">Migration Policy Briefs</div>
  <nav>
    <ul>
      <li><a href="/">Home</a></li>
      <li><a href="/briefs/">All briefs</a></li>
      <li><a href="/data/">Data portal</a></li>
      <li><a href="/about/">About us</a></li>
      <li><a href="/contact/">Contact</a></li>
    </ul>
  </nav>
</header>
<main>
<article>
"""
HTML_BOILERPLATE_TAIL = """</article>
<aside class="related">
  <h3>Related briefs</h3>
  <ul>
    <li><a href="/briefs/remittances">Remittance costs in 2023</a></li>
    <li><a href="/briefs/climate">Climate mobility and adaptation plans</a></li>
  </ul>
</aside>
</main>
<footer class="site-footer">
  <p>&copy; 2024 Migration Policy Briefs. All rights reserved.</p>
  <p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a> | Subscribe to our newsletter</p>
</footer>
</body>
</html>
"""


def _html_article() -> tuple[str, list[str]]:
    """The article markup (a byline right after the h1) and its truth blocks."""
    parts: list[str] = []
    truth: list[str] = []
    for item in HTML_FLOW:
        if isinstance(item, Heading):
            parts.append(f"<h{item.level}>{escape(item.text)}</h{item.level}>\n")
            truth.append(item.text)
            if item.level == 1:
                parts.append(f'<p class="byline">{escape(HTML_BYLINE)}</p>\n')
                truth.append(HTML_BYLINE)
        elif isinstance(item, Para):
            parts.append(f"<p>{escape(item.text)}</p>\n")
            truth.append(item.text)
        elif isinstance(item, Items):
            parts.append("<ul>\n" + "".join(f"  <li>{escape(t)}</li>\n" for t in item.items) + "</ul>\n")
            truth.extend(item.items)
        elif isinstance(item, Grid):
            rows = []
            for r, row in enumerate(item.rows):
                tag = "th" if item.header and r == 0 else "td"
                rows.append("  <tr>" + "".join(f"<{tag}>{escape(c)}</{tag}>" for c in row) + "</tr>\n")
            parts.append("<table>\n" + "".join(rows) + "</table>\n")
            truth.append(table_text(item.rows))
    return "".join(parts), truth


def write_gcm_html(out_dir: Path) -> Path:
    """Write the HTML brief (article inside navigation, header, aside and footer) and its truth text."""
    path = out_dir / HTML_NAME
    article, truth = _html_article()
    html = HTML_BOILERPLATE_HEAD.format(title=escape(HTML_TITLE)) + article + HTML_BOILERPLATE_TAIL
    path.write_bytes(html.encode("utf-8"))
    write_truth(path, truth)
    return path
