"""A PDF's page tree read the way a reader should: every page once, loops and repeated references dropped.

Broken writers list one page object twice in a /Kids array, list a /Pages node inside itself or its own
descendants, or give a page a /Kids array of its own. pdfium then repeats pages (a page listed three times is read
three times) or fails to load one; qpdf refuses a tree with a loop. The walk here is cheap (it reads only the
page-tree dictionaries, not the pages' content) and mends the tree of an open pikepdf document in place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf

INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
"""Page attributes a page may inherit from its ancestors (PDF 32000-1, 7.7.3.4)."""
PAGE = pikepdf.Name.Page
PAGES = pikepdf.Name.Pages
DIRECT = (0, 0)
"""pikepdf's objgen of a direct (not indirect) object: it cannot be referenced twice."""


@dataclass(slots=True)
class PageTree:
    """The pages of a page tree in reading order, each once, with their inherited attributes, and its faults."""

    pages: list[tuple[pikepdf.Dictionary, dict[str, pikepdf.Object]]] = field(default_factory=list)
    repeated: int = 0
    """References to a page, or to a /Pages node, that was already read."""
    loops: int = 0
    """References from a node to itself or to one of its ancestors, and pages that have kids."""

    def problem(self) -> str:
        """What is wrong, as a phrase ("lists pages more than once (2 repeated references)"), "" if nothing."""
        parts = []
        if self.repeated:
            plural = "s" if self.repeated != 1 else ""
            parts.append(f"lists pages more than once ({self.repeated} repeated reference{plural})")
        if self.loops:
            parts.append("loops back on itself")
        return " and ".join(parts)


def _key(node: pikepdf.Object) -> tuple[int, int] | None:
    """The object and generation number of an indirect object, None for a direct one."""
    objgen = node.objgen
    return None if objgen == DIRECT else objgen


def walk_page_tree(pdf: pikepdf.Pdf) -> PageTree:
    """Read the page tree depth first, in order, keeping the first reference to every page and node."""
    tree = PageTree()
    root = pdf.Root.get("/Pages")
    if not isinstance(root, pikepdf.Dictionary):
        return tree
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[pikepdf.Object, dict[str, pikepdf.Object], frozenset[tuple[int, int]]]] = [
        (root, {}, frozenset())
    ]
    while stack:
        node, inherited, ancestors = stack.pop()
        key = _key(node)
        kids = node.get("/Kids")
        has_kids = isinstance(kids, pikepdf.Array)
        if node.get("/Type") == PAGE or not has_kids:
            if key is not None and key in seen:
                tree.repeated += 1
                continue
            if has_kids:  # a page with kids: pdfium cannot load it
                tree.loops += 1
            if key is not None:
                seen.add(key)
            tree.pages.append((node, inherited))
            continue
        if key is not None and key in ancestors:
            tree.loops += 1
            continue
        if key is not None and key in seen:
            tree.repeated += 1
            continue
        if key is not None:
            seen.add(key)
            ancestors = ancestors | {key}
        own = {name: node[name] for name in INHERITABLE if name in node}
        below = {**inherited, **own} if own else inherited
        for kid in reversed(list(kids)):
            if isinstance(kid, pikepdf.Dictionary):
                stack.append((kid, below, ancestors))
    return tree


def page_tree_problem(pdf: pikepdf.Pdf) -> str:
    """What is wrong with the document's page tree, "" when every page is listed once and there is no loop."""
    return walk_page_tree(pdf).problem()


def mend_page_tree(pdf: pikepdf.Pdf) -> str:
    """Replace a repeating or looping page tree by a flat one listing every page once; returns what was wrong."""
    tree = walk_page_tree(pdf)
    problem = tree.problem()
    if not problem:
        return ""
    root = pdf.make_indirect(pikepdf.Dictionary(Type=PAGES, Kids=pikepdf.Array(), Count=len(tree.pages)))
    kids = root.Kids
    for page, inherited in tree.pages:
        for name, value in inherited.items():
            if name not in page:
                page[name] = value
        if "/Kids" in page:
            del page["/Kids"]
        page.Type = PAGE
        page.Parent = root
        kids.append(page)
    pdf.Root.Pages = root
    return problem
