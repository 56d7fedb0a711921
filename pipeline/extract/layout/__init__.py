"""Pure page-layout analysis on positioned line boxes, one module per step in the order of the work.

- ``lines``: the records (TextLine, Graphic, Unit), same-line fragments → visual lines (``merge_fragments``) and
  rotated margin notes (``margin_notes``);
- ``order``: reading order by recursive XY-cut (``reading_order``: column leaves of box indices; ``page_order``
  for a page's units, ``line_order`` inside a box), helped by ``cues`` (what a unit's text says: heading, runs
  on mid-sentence, label), ``bands`` (band headings, run-on sentences and panel bands cut column stretches
  into bands read in turn) and ``boxes`` (a box that interrupts a sentence is read after the text);
- ``furniture``: running headers, footers and page numbers (``find_furniture``);
- ``paragraphs``: lines → paragraphs (``group_paragraphs``), their block kind (``classify``) and their final,
  cleaned text with the line boxes that map it back to the page (``paragraph_text``).

Everything works on plain records so it can be tested on synthetic boxes. Boxes are (x0, top, x1, bottom)
in PDF points with the origin at the top-left of the page. Text clean-up and line joining live in
``pipeline.clean``.
"""
