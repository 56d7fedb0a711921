"""Explicit links need the SDG item in the sentence or a governing heading/box; inferred ones come from the passage."""
from pipeline.link import link
from pipeline.types import Mention, Sentence


def S(i, text, *, section="", kind="text", block="b1", page=1):
    return Sentence(doc_id="d", sentence_id=f"s{i}", page=page, char_start=i * 100, char_end=i * 100 + len(text),
                    text=text, block_id=block, block_kind=kind, section=section)


def M(i, label, cid):
    return Mention(doc_id="d", mention_id=f"m{i}{cid}", label=label, text=cid, canonical_id=cid, page=1,
                   char_start=i * 100, char_end=i * 100 + 1, sentence_id=f"s{i}")


def test_same_sentence_explicit_with_generic_copy() -> None:
    sents = [S(0, "Target 10.c aims to cut remittance costs.")]
    links = link(sents, [M(0, "SDG_TARGET", "SDG:10.c"), M(0, "MIGRATION_THEME", "remittances")])
    assert {(l.source_id, l.target_id, l.relation) for l in links} == {
        ("remittances", "SDG:10.c", "explicit"), ("migration", "SDG:10.c", "explicit")}
    assert all(l.evidence == sents[0].text and l.page == 1 for l in links)


def test_no_sdg_no_theme_no_link() -> None:
    sents = [S(0, "Target 10.c is about costs."), S(1, "Remittances grew.")]
    assert link(sents, [M(0, "SDG_TARGET", "SDG:10.c"), M(1, "MIGRATION_THEME", "remittances")]) == ()


def test_heading_governs_its_section_and_box_governs_its_block() -> None:
    sents = [S(0, "Goal 10: Reduced inequalities", kind="heading", section="Goal 10: Reduced inequalities", block="h"),
             S(1, "Diaspora bonds were issued.", section="Goal 10: Reduced inequalities"),
             S(2, "Key message: SDG 8", kind="callout", block="box", section="Other"),
             S(3, "Migrant workers need decent work.", kind="callout", block="box", section="Other"),
             S(4, "Refugees arrived.", section="Other", block="b9")]
    links = link(sents, [M(0, "SDG_GOAL", "SDG:10"), M(1, "MIGRATION_THEME", "diaspora"), M(2, "SDG_GOAL", "SDG:8"),
                         M(3, "MIGRATION_THEME", "labour_migration"), M(4, "MIGRATION_THEME", "refugees_asylum")])
    got = {(l.source_id, l.target_id, l.weight) for l in links if l.source_id != "migration"}
    assert got == {("diaspora", "SDG:10", 0.8), ("labour_migration", "SDG:8", 0.8)}


def test_inferred_links_only_without_explicit_items() -> None:
    sents = [S(0, "Lower the cost of sending remittances."), S(1, "Target 10.c: remittances.")]
    ms = [M(0, "MIGRATION_THEME", "remittances"), M(1, "SDG_TARGET", "SDG:10.c"), M(1, "MIGRATION_THEME", "remittances")]
    links = link(sents, ms, infer=lambda texts: [[("10.c", 0.9)] if "cost" in t else [] for t in texts])
    rels = {(l.source_id, l.target_id, l.relation) for l in links}
    assert ("remittances", "SDG:10.c", "explicit") in rels
    assert ("remittances", "SDG:10.c", "inferred") not in rels  # the explicit pair supersedes it
    links = link(sents[:1], ms[:1], infer=lambda texts: [[("10.c", 0.9), ("8.8", 0.95), ("17.3", 0.5)] for _ in texts])
    # only targets the theme can be tied to, above the weight floor, and no generic copies
    assert {(l.source_id, l.target_id, l.relation, l.weight) for l in links} == {
        ("remittances", "SDG:10.c", "inferred", 0.9)}


def test_goal_tiles_split_over_lines_and_not_tables_of_contents() -> None:
    from pipeline.document.tiles import find_goal_tiles, tile_goal

    assert tile_goal("REDUCED 10INEQUALITIES") == "10"
    assert tile_goal("Goal 5: Gender equality") == "5"
    assert tile_goal("ODD 10 : Inégalités réduites") == "10"
    assert tile_goal("17 PARTNERSHIPS FOR THE GOALS") == "17"
    assert tile_goal("Reduced inequalities .... 52") is None
    assert tile_goal("5 Reduced inequalities") is None
    assert tile_goal("Reduced inequalities are a priority for the 10 regions of the country.") is None
    sents = [S(0, "5 EQUALITY", kind="heading"), S(1, "GENDER", kind="heading"), S(2, "Indicator 5.1.1"),
             S(3, "NO 1 POVERTY | Indicator 1.2.1", kind="table", page=2)]
    tiles = find_goal_tiles(sents)
    assert [(t.goal, t.sentence_id, t.number_start) for t in tiles] == [("5", "s1", 0), ("1", "s3", 303)]


def test_goal_tile_governs_its_chapter_until_the_next_tile() -> None:
    from pipeline.document.tiles import find_goal_tiles

    sents = [S(0, "10 REDUCED INEQUALITIES", kind="heading", block="t10"), S(1, "Remittances fell."),
             S(2, "PEACE, JUSTICE AND STRONG INSTITUTIONS 16", kind="heading", block="t16"),
             S(3, "Human trafficking cases rose.")]
    links = link(sents, [M(1, "MIGRATION_THEME", "remittances"), M(3, "MIGRATION_THEME", "trafficking_smuggling")],
                 tiles=find_goal_tiles(sents))
    assert {(l.source_id, l.target_id) for l in links if l.source_id != "migration"} == {
        ("remittances", "SDG:10"), ("trafficking_smuggling", "SDG:16")}
