"""Explicit ties: one clause or enumerated item, footnote citations, quotations of target wording, indicators."""
from pipeline.link import link
from pipeline.link.explicit import clauses
from tests.link.helpers import TinyDoc, pairs, sdg, theme


def test_clauses_break_at_semicolons_enumerators_bullets_and_cells() -> None:
    text = "Intro: (a) remittances under 10.c; (b) refugees ▪ data | cell"
    parts = [text[a:b].strip() for a, b in clauses(text)]
    assert [p for p in parts if p] == ["Intro:", "remittances under 10.c", "refugees", "data", "cell"]


def test_the_item_tied_is_the_one_of_the_theme_clause_not_of_another_clause() -> None:
    d = TinyDoc()
    d.add("Migration policies are addressed under target 10.7; remittance costs fall under target 10.c.",
          tags=[theme("Migration policies", "migration_governance"), sdg("target 10.7", "10.7"),
                theme("remittance costs", "remittances"), sdg("target 10.c", "10.c")])
    assert pairs(link(d.sentences, d.mentions)) == {("migration_governance", "SDG:10.7", "explicit"),
                                                   ("remittances", "SDG:10.c", "explicit")}


def test_nearest_group_in_a_long_clause_and_a_list_counts_as_one_group() -> None:
    d = TinyDoc()
    d.add("Remittances (targets 10.c and 17.3) and labour migration (target 8.8) grew in the region last year.",
          tags=[theme("Remittances", "remittances"), sdg("targets 10.c", "10.c"), sdg("17.3", "17.3"),
                theme("labour migration", "labour_migration"), sdg("target 8.8", "8.8")])
    assert pairs(link(d.sentences, d.mentions)) == {
        ("remittances", "SDG:10.c", "explicit"), ("remittances", "SDG:17.3", "explicit"),
        ("labour_migration", "SDG:8.8", "explicit")}


def test_a_list_of_goals_is_split_by_the_wording_of_their_targets() -> None:
    d = TinyDoc()
    d.add("Recalling Goals 8 and 10, including the targets on labour rights of migrant workers and on orderly, "
          "safe and regular migration,",
          tags=[sdg("Goals 8", "8"), sdg("10", "10"), theme("migrant workers", "labour_migration"),
                theme("orderly, safe and regular migration", "migration_governance")])
    assert pairs(link(d.sentences, d.mentions)) == {("labour_migration", "SDG:8", "explicit"),
                                                   ("migration_governance", "SDG:10", "explicit")}


def test_footnote_markers_cite_targets_for_the_words_before_them() -> None:
    d = TinyDoc()
    d.add("Recalling the targets on ending violence against women, including trafficking of women,2 and on forced "
          "labour and trafficking in persons,3", block="p",
          tags=[theme("trafficking of women", "trafficking_smuggling"),
                theme("trafficking in persons", "trafficking_smuggling")])
    d.add("2 Target 5.2.", kind="footnote", block="f", tags=[sdg("Target 5.2", "5.2")])
    d.add("3 Target 8.7.", kind="footnote", block="f", tags=[sdg("Target 8.7", "8.7")])
    links = link(d.sentences, d.mentions)
    assert pairs(links) == {("trafficking_smuggling", "SDG:5.2", "explicit"),
                            ("trafficking_smuggling", "SDG:8.7", "explicit")}
    assert all("footnote" in l.reason for l in links)


def test_a_quoted_target_wording_belongs_to_the_target_it_follows() -> None:
    d = TinyDoc()
    d.add("The project contributes to targets #10.7 (“Facilitate orderly, safe, regular and responsible migration”) "
          "and #17.18 (“increase the availability of data disaggregated by migratory status”).",
          tags=[sdg("targets #10.7", "10.7"), theme("orderly, safe, regular and responsible migration",
                                                     "migration_governance"),
                theme("data disaggregated by migratory status", "migration_data")])  # "#17.18" left untagged
    assert pairs(link(d.sentences, d.mentions)) == {("migration_governance", "SDG:10.7", "explicit")}


def test_an_indicator_implies_its_target() -> None:
    d = TinyDoc()
    d.add("Indicator 10.7.2 tracks countries with migration policies.",
          tags=[sdg("Indicator 10.7.2", "10.7.2"), theme("migration policies", "migration_governance")])
    links = link(d.sentences, d.mentions)
    assert pairs(links) == {("migration_governance", "SDG:10.7.2", "explicit"),
                            ("migration_governance", "SDG:10.7", "explicit")}
    assert next(l for l in links if l.target_id == "SDG:10.7").reason == \
        'same clause as "Indicator 10.7.2"; indicator 10.7.2 is of target 10.7'


def test_a_lead_in_governs_its_list_items() -> None:
    d = TinyDoc()
    d.add("The project contributes to SDG target 10.7 through:", block="p", tags=[sdg("SDG target 10.7", "10.7")])
    d.add("▪ support to returnees and their reintegration;", kind="list", block="l",
          tags=[theme("returnees", "return_reintegration")])
    d.add("The budget was spent on returnees in full.", block="q", tags=[theme("returnees", "return_reintegration")])
    links = link(d.sentences, d.mentions)
    assert {(l.sentence_id, l.target_id) for l in links} == {("s1", "SDG:10.7")}


def test_a_denied_item_and_a_new_reporting_clause_make_no_tie() -> None:
    d = TinyDoc()
    d.add("In one survey, 10.7% of households reported receiving remittances, a share that has nothing to do with "
          "target 10.7 despite the numbers.", tags=[theme("remittances", "remittances"), sdg("target 10.7", "10.7")])
    d.add("Experts linked this trend to targets 5.2 and 8.7, and called for screening of migrants in irregular "
          "situations at borders.", tags=[sdg("targets 5.2", "5.2"), sdg("8.7", "8.7"),
                                           theme("migrants in irregular situations", "irregular_migration")])
    assert link(d.sentences, d.mentions) == ()


def test_the_targets_that_refine_a_goal_are_of_its_list() -> None:
    d = TinyDoc()
    d.add("Recalling the commitment to eliminate all forms of violence against all women and girls, including "
          "trafficking in persons and sexual and other types of exploitation, contained in Sustainable Development "
          "Goal 5, in particular targets 5.2 and 5.3,",
          tags=[theme("trafficking in persons", "trafficking_smuggling"), sdg("Sustainable Development Goal 5", "5"),
                sdg("targets 5.2", "5.2"), sdg("5.3", "5.3")])
    found = pairs(link(d.sentences, d.mentions))
    assert {("trafficking_smuggling", "SDG:5", "explicit"), ("trafficking_smuggling", "SDG:5.2", "explicit")} <= found
