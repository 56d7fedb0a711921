"""The structure extractors on small documents: each finds its rows, normalised, and nothing in plain prose."""
from __future__ import annotations

from pipeline.structure import extract_structures, structure_columns
from pipeline.structure.lines import document_lines
from pipeline.structure.normalise import deadline
from pipeline.structure.recommendations import find_recommendations
from tests.structure.conftest import table

PROSE = ("text", "The programme helped three countries to manage labour migration. It trained 120 staff of public "
                 "employment services and opened two migrant resource centres in 2014.")


def test_prose_yields_no_structure(make_doc) -> None:
    doc, mentions = make_doc([("heading", "1. Introduction"), PROSE, PROSE])
    assert extract_structures(doc, mentions) == {}


def test_key_value_table_gives_normalised_facts(make_doc) -> None:
    doc, mentions = make_doc([("heading", "Project Data Table"), table([
        ("Executing organisation", "International Organization for Migration (IOM)"),
        ("Countries", "Republic of Moldova, Kyrgyz Republic, Tajikistan"),
        ("Total budget", "USD 822,771"),
        ("Project period", "1 February 2014 – 31 January 2015"),
    ])])
    facts = {f.key: f for f in extract_structures(doc, mentions)["facts"]}
    assert set(facts) == {"executing_organisation", "countries", "budget", "project_period"}
    assert facts["countries"].normalised_value == "MDA;KGZ;TJK"
    assert facts["budget"].normalised_value == "USD 822771"
    assert facts["project_period"].normalised_value == "2014-02-01/2015-01-31"
    assert facts["executing_organisation"].normalised_value == "IOM"
    for f in facts.values():
        assert doc.text[f.char_start:f.char_end].startswith(f.raw_key)


def test_results_take_their_framework_row(make_doc) -> None:
    doc, mentions = make_doc([
        ("text", "Output 1.1: National labour migration policies are updated. The ministry drafted a strategy."),
        table([("Result", "Indicator", "Baseline", "Target", "Achieved"),
               ("Output 1.1: National labour migration policies are updated", "Policies revised", "0", "3", "2")]),
    ])
    (result,) = extract_structures(doc, mentions)["results"]
    assert (result.kind, result.number, result.statement) == ("OUTPUT", "1.1", "National labour migration policies are updated")
    assert (result.indicators, result.baseline, result.target, result.achieved) == ("Policies revised", "0", "3", "2")


def test_activities_by_country_with_status_period_and_actors(make_doc) -> None:
    doc, mentions = make_doc([
        ("heading", "4. Achievements by outputs"), ("heading", "Republic of Moldova"), ("heading", "Output 1.1"),
        ("text", "1.1.1 Drafted the labour migration strategy with the ILO in November 2014."),
        ("text", "1.1.2 The training of trainers is ongoing."),
        ("heading", "5. Interventions planned for the next reporting period"), ("heading", "Tajikistan"),
        ("list", "• Sign the agreement with the National Bank of Tajikistan in Q2 2015."),
        ("heading", "6. Challenges"), ("list", "• Staff turnover was high."),
    ])
    rows = extract_structures(doc, mentions)["activities"]
    assert [(a.country, a.output, a.status) for a in rows] == [("MDA", "1.1", "done"), ("MDA", "1.1", "ongoing"),
                                                                ("TJK", "", "planned")]
    assert rows[0].period == "2014-11" and rows[0].actors == "ILO"
    assert rows[2].period == "2015-04/2015-06"


def test_agenda_table(make_doc) -> None:
    doc, mentions = make_doc([("heading", "Annex I. Programme of work"), table([
        ("Time", "Session", "Moderator", "Speakers"),
        ("09:00–09:30", "Opening of the meeting", "Thomas Keller, IOM", "Grace Mwangi, UNDP (Kenya)"),
        ("09:30–11:00", "Session 1: Remittances", "Sandra Clarke, World Bank",
         "Ion Rusu, Ministry of Labour and Social Protection (Republic of Moldova)"),
    ])])
    items = extract_structures(doc, mentions)["agenda"]
    assert [(i.time, i.session) for i in items] == [("09:00–09:30", "Opening of the meeting"),
                                                   ("09:30–11:00", "Session 1: Remittances")]
    assert "KEN" in items[0].countries and "UNDP" in items[0].institutions
    assert items[1].countries == "MDA"


def test_management_response_matrix(make_doc) -> None:
    doc, mentions = make_doc([table([
        ("Evaluation recommendation 1: To maintain a flexible approach.", "", ""),
        ("Recommendation to: Project Management", "", "Priority level (1 to 3): 1"),
        ("Management response (Accept/Partially Accept/Reject): Partially accepted.", "", ""),
        ("Key actions", "Timeframe or deadline", "Responsible unit(s)"),
        ("1.1 Develop a logframe.", "Q2 2022", "Project team"),
        ("1.2 Share the plan.", "Continuous", "RO Rome"),
        ("Evaluation recommendation 2: To design a timeline.", "", ""),
        ("Management response (Accept/Partially Accept/Reject): Rejected.", "", ""),
    ])])
    recs = find_recommendations(doc, list(document_lines(doc)))
    assert [(r.number, r.recommendation, r.response) for r in recs] == [
        ("1", "To maintain a flexible approach.", "partially accepted"), ("2", "To design a timeline.", "not accepted")]
    assert recs[0].addressed_to == "Project Management" and recs[0].priority == "1"
    assert recs[0].actions == "1.1 Develop a logframe. | 1.2 Share the plan."
    assert recs[0].responsible == "Project team | RO Rome" and recs[0].deadline == "2022-06"


def test_deadlines() -> None:
    assert deadline("Q2 2022") == "2022-06"
    assert deadline("by June 2015") == "2015-06"
    assert deadline("2024") == "2024"
    assert deadline("Continuous effort over the next five years") == ""
    assert deadline("Q2 to Q4") == ""


def test_columns_spread_the_box() -> None:
    assert structure_columns("facts", ("x0", "y0", "x1", "y1"))[-4:] == ("x0", "y0", "x1", "y1")
    assert "bbox" not in structure_columns("tables", ("x0", "y0", "x1", "y1"))


def test_table_cells_with_header_path_joined_over_a_page_break(make_doc) -> None:
    header = [("Budget line", "Approved", "Implementation monitoring", ""),
              ("", "", "Spent", "Status")]
    doc, mentions = make_doc(
        [table([*header, ("Output 1.1", "210,000", "168,400", "open")])],
        [table([*header, ("Output 1.2", "175,500", "131,250", "closed")])],
    )
    cells = extract_structures(doc, mentions)["tables"]
    assert len({c.table_id for c in cells}) == 1  # the repeated header continues the table on page 2
    data = [c for c in cells if c.header_path]
    assert {c.page for c in data} == {1, 2}
    by_text = {c.text: c for c in data}
    assert by_text["168,400"].header_path == "Implementation monitoring / Spent"
    assert by_text["closed"].header_path == "Implementation monitoring / Status"
    assert by_text["Output 1.2"].row == 3  # rows go on after the first page's (the repeated header dropped)
    for c in cells:
        assert doc.text[c.char_start:c.char_end] == c.text


def test_no_activities_outside_activity_sections_and_no_agenda_from_numbers(make_doc) -> None:
    doc, mentions = make_doc([
        ("heading", "6.1. Design and achievement of targets for the programme's indicators"),
        ("list", "(1) Relevant, i.e. closely linked to the objectives to be reached."),
        ("list", "(2) Accepted by staff and stakeholders."),
        ("heading", "4. Achievements by outputs"), ("list", "• financial, technology and physical infrastructure"),
        table([("Share", "Value"), ("30.20", "%"), ("12.00", "%"), ("6.90", "%")]),
    ])
    found = extract_structures(doc, mentions)
    assert "activities" not in found and "agenda" not in found


def test_a_recommendations_list_under_its_heading(make_doc) -> None:
    doc, mentions = make_doc([
        ("heading", "KEY RECOMMENDATIONS"),
        ("list", "1. To maintain a flexible and bottom-up approach for the municipalities."),
        ("list", "2. To design a structured project timeline and workplan."),
        ("heading", "Lessons learned"), ("list", "1. Ownership grows with early involvement of the partners."),
    ])
    recs = extract_structures(doc, mentions)["recommendations"]
    assert [(r.number, r.recommendation, r.response) for r in recs] == [
        ("1", "To maintain a flexible and bottom-up approach for the municipalities.", ""),
        ("2", "To design a structured project timeline and workplan.", "")]
    assert doc.text[recs[1].char_start:recs[1].char_end] == recs[1].recommendation


def test_cells_are_cleaned_like_their_row_and_spans_cover_them(make_doc) -> None:
    doc, mentions = make_doc([table([
        ("Donor", "European\u00a0Union"), ("Total budget", "USD\u00a0822,771"), ("Countries", "Kenya"),
        ("", ""), ("Project period", "January 2020 – December 2022"),
    ])])
    facts = {f.key: f for f in extract_structures(doc, mentions)["facts"]}
    assert facts["budget"].normalised_value == "USD 822771"
    assert facts["project_period"].normalised_value == "2020-01/2022-12"
    for f in facts.values():
        assert doc.text[f.char_start:f.char_end].endswith(f.value)


def test_country_lines_with_in_or_two_countries(make_doc) -> None:
    doc, mentions = make_doc([
        ("heading", "Activities"), ("heading", "Kenya"), ("list", "• Trained 40 border officials in March 2021."),
        ("heading", "Uganda and Rwanda"), ("list", "• Held a regional workshop on labour migration."),
        ("heading", "In Ethiopia:"), ("list", "• Drafted the national migration policy."),
    ])
    assert [a.country for a in extract_structures(doc, mentions)["activities"]] == ["KEN", "UGA;RWA", "ETH"]


def test_label_patterns_stay_linear_on_long_whitespace() -> None:
    import time

    from pipeline.structure.recommendations import LABEL_RE

    for text in ("key actions" + " " * 20000 + ".", "Evaluation recommendation" + " " * 20000 + "#" + " " * 20000,
                 "recommendation to" + " " * 20000 + ":" + " " * 20000):
        started = time.perf_counter()
        list(LABEL_RE.finditer(text))
        assert time.perf_counter() - started < 1.0
