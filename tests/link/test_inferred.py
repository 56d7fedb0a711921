"""Inferred links over the whole framework: reasons, cue words for shared terms, names, a calibrated score."""
from pathlib import Path

import pytest

from pipeline.config import DEFAULT_INFER_THRESHOLD, Settings
from pipeline.errors import ConfigError
from pipeline.link import link
from pipeline.link.calibrate import evaluate, featurise, load_judged
from pipeline.link.explicit import Placed
from pipeline.link.inferred import FEATURES, calibration, candidates, theme_targets
from tests.link.helpers import TinyDoc, theme

JUDGED = Path(__file__).parent / "fixtures" / "inferred_judged.json"
MIN_PRECISION = 0.85
"""The calibrated score at the default threshold keeps judged candidates at least this precise ..."""
MAX_BRIER = 0.2
"""... and its probabilities are this close to the verdicts (mean squared error)."""


def _theme(text: str, words: str, cid: str) -> Placed:
    start = text.index(words)
    return Placed("MIGRATION_THEME", cid, start, start + len(words), words)


def test_a_term_of_the_theme_mention_gives_a_reasoned_calibrated_link() -> None:
    text = "Governments should reduce the cost of sending remittances to migrants' families."
    (cand,) = [c for c in candidates(text, [("10.c", 0.85)], [_theme(text, "cost of sending remittances",
                                                                        "remittances")], language="en")]
    assert cand.code == "10.c" and 0.7 < cand.score < 1 and len(cand.features) == len(FEATURES)
    assert cand.reason.startswith('term "cost of sending remittances" of target 10.c: "')


def test_any_target_may_be_proposed_not_only_the_prior() -> None:
    text = "Returnees said that mental health support was missing from the reintegration package."
    (cand,) = candidates(text, [("3.4", 0.8)], [_theme(text, "Returnees", "return_reintegration")], language="en")
    assert "3.4" not in theme_targets()["return_reintegration"] and cand.score > 0.3


def test_a_shared_term_needs_the_cue_of_its_target_unless_it_is_the_theme_default() -> None:
    plain = "States should combat trafficking in persons through cooperation."
    women = "States should combat trafficking in persons, especially women and girls."  # girls are no 16.2 cue alone
    found = [("5.2", 0.85), ("8.7", 0.85), ("16.2", 0.85)]
    codes = {c.code for c in candidates(plain, found, [_theme(plain, "trafficking in persons", "trafficking_smuggling")],
                                        language="en")}
    assert codes == {"8.7"}
    codes = {c.code for c in candidates(women, found, [_theme(women, "trafficking in persons", "trafficking_smuggling")],
                                        language="en")}
    assert codes == {"5.2", "8.7"}


def test_a_term_inside_a_name_is_no_evidence() -> None:
    text = "States should ratify the Protocol to Prevent, Suppress and Punish Trafficking in Persons soon."
    start = text.index("Protocol")
    names = [(start, text.index(" soon"))]
    assert candidates(text, [("8.7", 0.85)], [_theme(text, "States", "migration_governance")], language="en",
                      names=names) == []


def test_the_threshold_is_a_setting_and_inferred_rows_respect_it() -> None:
    assert Settings().infer_threshold == DEFAULT_INFER_THRESHOLD
    with pytest.raises(ConfigError, match="infer_threshold"):
        Settings(infer_threshold=1.5)
    d = TinyDoc()
    d.add("Governments should reduce the cost of sending remittances to families.",
          tags=[theme("cost of sending remittances", "remittances")])
    infer = lambda texts: [[("10.c", 0.85)] for _ in texts]  # noqa: E731
    (row,) = link(d.sentences, d.mentions, infer=infer, min_inferred_weight=0.5)
    assert row.relation == "inferred" and row.reason and row.weight >= 0.5
    assert link(d.sentences, d.mentions, infer=infer, min_inferred_weight=0.999) == ()


def test_the_calibration_is_precise_and_close_on_the_judged_candidates() -> None:
    figures = evaluate(calibration(), featurise(load_judged(JUDGED)))
    kept, precision = figures["precision"][str(DEFAULT_INFER_THRESHOLD)]
    assert kept >= 40 and precision >= MIN_PRECISION and figures["brier"] <= MAX_BRIER, figures


def test_a_heading_that_gives_an_indicator_title_governs_its_section() -> None:
    from pipeline.link.inferred import heading_indicator

    assert heading_indicator("Remittance Costs as a Proportion of the Amount Remitted", language="en")[0] == "10.c.1"
    assert heading_indicator("Countries with a Migration Policy", language="en")[0] == "10.7.2"
    assert heading_indicator("Status and Trends", language="en") is None
    d = TinyDoc()
    head = "Proportion of the Population who are Refugees by Country of Origin"
    d.add(head, kind="heading", section=head)
    d.add("The number of refugees seeking asylum in the country has increased.", section=head,
          tags=[theme("refugees", "refugees_asylum")])
    links = link(d.sentences, d.mentions, infer=lambda texts: [[] for _ in texts])
    assert {(l.target_id, l.relation) for l in links} == {("SDG:10.7.4", "inferred"), ("SDG:10.7", "inferred")}
    assert all(l.weight >= DEFAULT_INFER_THRESHOLD and head in l.reason for l in links)


def test_a_sentence_under_an_indicator_heading_must_speak_of_the_indicator() -> None:
    d = TinyDoc()
    head = "Remittance Costs as a Proportion of the Amount Remitted"
    d.add(head, kind="heading", section=head)
    d.add("Remittances are low in volume compared with other private flows.", section=head,
          tags=[theme("Remittances", "remittances")])
    assert link(d.sentences, d.mentions, infer=lambda texts: [[] for _ in texts]) == ()


def test_a_question_gives_no_inferred_link() -> None:
    seen: list[str] = []

    def infer(texts: list[str]) -> list[list[tuple[str, float]]]:
        seen.extend(texts)
        return [[("10.c", 0.9)] for _ in texts]

    d = TinyDoc()
    d.add("To what extent did the project reduce the cost of sending remittances?",
          tags=[theme("cost of sending remittances", "remittances")])
    assert link(d.sentences, d.mentions, infer=infer) == () and seen == []


def test_social_cohesion_is_no_evidence_of_target_10_2() -> None:
    text = "Le projet renforce la cohésion sociale entre les communautés frontalières et les migrants."
    themes = [_theme(text, "cohésion sociale", "integration_inclusion")]
    found = [c for c in candidates(text, [("10.2", 0.9)], themes, language="fr") if "term" in c.reason]
    assert found == []


def test_migration_data_needs_a_capacity_or_availability_cue_for_17_18() -> None:
    bare = "The strategy on migration data was launched by the regional office in 2021."
    cued = "The project strengthened national capacity to collect migration data disaggregated by sex."
    assert not [c for c in candidates(bare, [("17.18", 0.9)], [_theme(bare, "migration data", "migration_data")],
                                      language="en") if "term" in c.reason]
    assert [c for c in candidates(cued, [("17.18", 0.9)], [_theme(cued, "migration data", "migration_data")],
                                  language="en") if c.code == "17.18"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Les principes de la politique de remittances sont les suivants:", "text"),
     ("12 Reducing the cost of sending remittances was a priority of the plan.", "footnote")],
)
def test_lead_ins_and_footnotes_give_no_inferred_link(text: str, kind: str) -> None:
    d = TinyDoc()
    d.add(text, kind=kind, tags=[theme("remittances", "remittances")])
    assert link(d.sentences, d.mentions, infer=lambda texts: [[("10.c", 0.9)] for _ in texts]) == ()
    d = TinyDoc()
    d.add("Reducing the cost of sending remittances was a priority of the plan.",
          tags=[theme("remittances", "remittances")])
    assert link(d.sentences, d.mentions, infer=lambda texts: [[("10.c", 0.9)] for _ in texts])


def test_a_sentence_the_report_repeats_is_linked_once() -> None:
    d = TinyDoc()
    sentence = "Reducing the cost of sending remittances was a priority of the plan."
    d.add(sentence, page=3, tags=[theme("remittances", "remittances")])
    d.add("Other findings follow here.", page=20)
    d.add(sentence, page=37, tags=[theme("remittances", "remittances")])
    links = link(d.sentences, d.mentions, infer=lambda texts: [[("10.c", 0.9)] for _ in texts])
    assert [(l.target_id, l.page) for l in links] == [("SDG:10.c", 3)]
