"""Explicit links need the SDG item in the clause or a governing heading/box/tile; inferred ones come from the passage."""
from pipeline.document.tiles import find_goal_tiles, tile_goal
from pipeline.link import link
from tests.link.helpers import TinyDoc, generic, pairs, sdg, theme


def test_same_clause_explicit_and_no_generic_copy() -> None:
    d = TinyDoc()
    d.add("Target 10.c aims to cut remittance costs for migrants.",
          tags=[sdg("Target 10.c", "10.c"), theme("remittance costs", "remittances"), generic("migrants")])
    links = link(d.sentences, d.mentions)
    assert pairs(links) == {("remittances", "SDG:10.c", "explicit")}  # migration only where no theme applies
    assert all(l.evidence == d.sentences[0].text and l.page == 1 and l.reason for l in links)


def test_generic_migration_only_when_no_theme_is_tied() -> None:
    d = TinyDoc()
    d.add("The report covers migration under target 10.7 of the Goals.",
          tags=[generic("migration"), sdg("target 10.7", "10.7")])
    assert pairs(link(d.sentences, d.mentions)) == {("migration", "SDG:10.7", "explicit")}


def test_no_sdg_no_theme_no_link() -> None:
    d = TinyDoc()
    d.add("Target 10.c is about the costs of transfers.", tags=[sdg("Target 10.c", "10.c")])
    d.add("Remittances grew in the last five years.", tags=[theme("Remittances", "remittances")])
    assert link(d.sentences, d.mentions) == ()


def test_heading_governs_its_section_and_box_governs_its_block() -> None:
    d = TinyDoc()
    head = "Goal 10: Reduced inequalities"
    d.add(head, kind="heading", block="h", section=head, tags=[sdg("Goal 10", "10")])
    d.add("Diaspora bonds were issued by the treasury.", section=head, tags=[theme("Diaspora", "diaspora")])
    d.add("Key message: SDG 8", kind="callout", block="box", section="Other", tags=[sdg("SDG 8", "8")])
    d.add("Migrant workers need decent work and fair pay.", kind="callout", block="box", section="Other",
          tags=[theme("Migrant workers", "labour_migration")])
    d.add("Refugees arrived in large numbers this year.", section="Other", block="b9",
          tags=[theme("Refugees", "refugees_asylum")])
    got = {(l.source_id, l.target_id, l.weight) for l in link(d.sentences, d.mentions)}
    assert got == {("diaspora", "SDG:10", 0.8), ("labour_migration", "SDG:8", 0.8)}


def test_inferred_links_only_without_explicit_items() -> None:
    d = TinyDoc()
    d.add("Governments should lower the cost of sending remittances home.",
          tags=[theme("remittances", "remittances")])
    d.add("Target 10.c: the costs of remittances must fall below three per cent.",
          tags=[sdg("Target 10.c", "10.c"), theme("remittances", "remittances")])
    links = link(d.sentences, d.mentions, infer=lambda texts: [[("10.c", 0.9)] for _ in texts],
                 min_inferred_weight=0.0)
    rels = {(l.sentence_id, l.source_id, l.target_id, l.relation) for l in links}
    assert ("s1", "remittances", "SDG:10.c", "explicit") in rels
    assert ("s0", "remittances", "SDG:10.c", "inferred") in rels  # its own evidence, not superseded
    assert not any(l.relation == "inferred" and l.sentence_id == "s1" for l in links)  # the text names the item


def test_goal_tiles_split_over_lines_and_not_tables_of_contents() -> None:
    assert tile_goal("REDUCED 10INEQUALITIES") == "10"
    assert tile_goal("Goal 5: Gender equality") == "5"
    assert tile_goal("ODD 10 : Inégalités réduites") == "10"
    assert tile_goal("17 PARTNERSHIPS FOR THE GOALS") == "17"
    assert tile_goal("Reduced inequalities .... 52") is None
    assert tile_goal("5 Reduced inequalities") is None
    assert tile_goal("Reduced inequalities are a priority for the 10 regions of the country.") is None
    d = TinyDoc()
    d.add("5 EQUALITY", kind="heading")
    d.add("GENDER", kind="heading")
    d.add("Indicator 5.1.1")
    d.add("NO 1 POVERTY | Indicator 1.2.1", kind="table", page=2)
    tiles = find_goal_tiles(d.sentences)
    assert [(t.goal, t.sentence_id) for t in tiles] == [("5", "s1"), ("1", "s3")]


def test_goal_tile_governs_its_chapter_until_the_next_tile() -> None:
    d = TinyDoc()
    d.add("10 REDUCED INEQUALITIES", kind="heading", block="t10")
    d.add("Remittances fell sharply during the pandemic.", tags=[theme("Remittances", "remittances")])
    d.add("PEACE, JUSTICE AND STRONG INSTITUTIONS 16", kind="heading", block="t16")
    d.add("Human trafficking cases rose in border towns.", tags=[theme("Human trafficking", "trafficking_smuggling")])
    links = link(d.sentences, d.mentions, tiles=find_goal_tiles(d.sentences))
    assert {(l.source_id, l.target_id) for l in links} == {
        ("remittances", "SDG:10"), ("trafficking_smuggling", "SDG:16")}
    assert all(l.reason.startswith("goal tile") for l in links)


def test_a_link_quotes_a_whole_sentence_cut_by_a_page_break_with_its_pieces() -> None:
    d = TinyDoc()
    d.add("Remittances to the region are covered by target 10.c and by national", page=1, block="a",
          tags=[theme("Remittances", "remittances"), sdg("target 10.c", "10.c")])
    d.add("24-24338", page=1, block="f")
    d.add("strategies on transfer costs.", page=2, block="b")
    (only,) = link(d.sentences, d.mentions)
    text = {s.sentence_id: s for s in d.sentences}
    assert only.evidence == d.sentences[0].text + " " + d.sentences[2].text
    assert [(a, b) for a, b in only.spans] == [(text["s0"].char_start, text["s0"].char_end),
                                               (text["s2"].char_start, text["s2"].char_end)]
