"""Pure page-layout analysis on positioned line boxes, one module per step in the order of the work.

- ``lines``: the records (TextLine, Graphic, Unit) and same-line fragments → visual lines (``merge_fragments``);
- ``order``: reading order by recursive XY-cut (``reading_order``: column leaves of box indices);
- ``furniture``: running headers, footers and page numbers (``find_furniture``);
- ``paragraphs``: lines → paragraphs (``group_paragraphs``), their block kind (``classify``) and their final,
  cleaned text with the line boxes that map it back to the page (``paragraph_text``).

Everything works on plain records so it can be tested on synthetic boxes. Boxes are (x0, top, x1, bottom)
in PDF points with the origin at the top-left of the page. Text clean-up and line joining live in
``pipeline.clean``.
"""
