"""A PDF page as a PNG (pypdfium2), with an evidence box drawn on it (Pillow); rendered pages are cached (LRU).

Boxes are in PDF points from the page's left and top edges (the links' x0, y0, x1, y1); the image is the page at
:data:`SCALE` pixels per point, so a box lands at its points times the scale.
"""
from __future__ import annotations

import io
import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from pipeline.errors import InputError

log = logging.getLogger(__name__)

SCALE = 1.5
"""Pixels per PDF point of a rendered page (108 dpi)."""
CACHE_PAGES = 24
"""Rendered pages kept in memory (least recently used dropped first)."""
CACHE_PNGS = 64
"""Finished PNGs (page and box) kept in memory."""
BOX_OUTLINE = (220, 20, 60)
"""The evidence box's outline colour (crimson)."""
BOX_FILL = (255, 215, 0, 80)
"""The box's fill: gold, about a third opaque."""
BOX_WIDTH = 3
BOX_PAD = 3
"""Pixels the box is widened by on each side, so its outline does not cover the evidence's letters."""
MAX_BOX_POINTS = 20000.0
"""A box coordinate beyond this (points) is refused as nonsense."""

_PDFIUM_LOCK = threading.Lock()
"""pdfium is not thread-safe: one render at a time."""


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page in PDF points from the left and top edges."""

    x0: float
    y0: float
    x1: float
    y1: float

    def pixels(self, *, scale: float = SCALE) -> tuple[int, int, int, int]:
        """The rectangle drawn on an image at ``scale`` (padded by BOX_PAD)."""
        return (round(self.x0 * scale) - BOX_PAD, round(self.y0 * scale) - BOX_PAD,
                round(self.x1 * scale) + BOX_PAD, round(self.y1 * scale) + BOX_PAD)


def parse_box(text: str | None) -> Box | None:
    """A box from ``x0,y0,x1,y1`` (points); None for no box; ValueError for a malformed one."""
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 4:
        raise ValueError(f"box {text!r} is not x0,y0,x1,y1")
    try:
        x0, y0, x1, y1 = (float(p) for p in parts)
    except ValueError:
        raise ValueError(f"box {text!r} is not x0,y0,x1,y1 (four numbers, in points)") from None
    if not all(0 <= v <= MAX_BOX_POINTS for v in (x0, y0, x1, y1)) or x1 < x0 or y1 < y0:
        raise ValueError(f"box {text!r} is not a rectangle on a page (0 ≤ x0 ≤ x1, 0 ≤ y0 ≤ y1, in points)")
    return Box(x0, y0, x1, y1)


class PageRenderer:
    """Renders PDF pages to images and PNGs, keeping the latest in LRU caches."""

    def __init__(self, *, scale: float = SCALE, cache_pages: int = CACHE_PAGES, cache_pngs: int = CACHE_PNGS) -> None:
        self.scale = scale
        self._pages: OrderedDict[tuple, Image.Image] = OrderedDict()
        self._pngs: OrderedDict[tuple, bytes] = OrderedDict()
        self._counts: OrderedDict[tuple, int] = OrderedDict()
        self._sizes = {"pages": cache_pages, "pngs": cache_pngs, "counts": cache_pngs}
        self._lock = threading.Lock()

    def _cached(self, cache: OrderedDict, key: tuple, limit: int, value: object | None = None) -> object | None:
        """Look a key up (moving it to the front) or store a value, dropping the oldest past ``limit``."""
        with self._lock:
            if value is None:
                if key in cache:
                    cache.move_to_end(key)
                    return cache[key]
                return None
            cache[key] = value
            while len(cache) > limit:
                cache.popitem(last=False)
            return value

    def page_count(self, path: Path) -> int:
        """How many pages a PDF has (opened once per file version: cached by path and modification time)."""
        key = (str(path), path.stat().st_mtime_ns)
        count = self._cached(self._counts, key, self._sizes["counts"])
        if count is None:
            count = self._cached(self._counts, key, self._sizes["counts"], page_count(path))
        return count

    def page_image(self, path: Path, page: int) -> Image.Image:
        """The RGB image of a 1-based page of a PDF (from the cache when rendered before)."""
        key = (str(path), path.stat().st_mtime_ns, page)
        image = self._cached(self._pages, key, self._sizes["pages"])
        if image is None:
            image = self._cached(self._pages, key, self._sizes["pages"], render(path, page, scale=self.scale))
        return image

    def png(self, path: Path, page: int, box: Box | None = None) -> bytes:
        """The PNG of a page with the box drawn on it (cached)."""
        key = (str(path), path.stat().st_mtime_ns, page, box)
        data = self._cached(self._pngs, key, self._sizes["pngs"])
        if data is None:
            image = self.page_image(path, page)
            data = self._cached(self._pngs, key, self._sizes["pngs"], to_png(draw_box(image, box, scale=self.scale)))
        return data


@contextmanager
def _opened(path: Path) -> Iterator[pdfium.PdfDocument]:
    """A PDF opened under the pdfium lock and closed after use; a file pdfium cannot read is an InputError."""
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            raise InputError(f"cannot open {path.name}: {exc}") from exc
        try:
            yield pdf
        finally:
            pdf.close()


def page_count(path: Path) -> int:
    """How many pages a PDF has."""
    with _opened(path) as pdf:
        return len(pdf)


def render(path: Path, page: int, *, scale: float = SCALE) -> Image.Image:
    """Render a 1-based page of a PDF as an RGB image."""
    with _opened(path) as pdf:
        if not 1 <= page <= len(pdf):
            raise InputError(f"{path.name} has {len(pdf)} pages, not a page {page}")
        image = pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
    log.debug("rendered %s page %d at scale %.2f", path.name, page, scale)
    return image


def draw_box(image: Image.Image, box: Box | None, *, scale: float = SCALE) -> Image.Image:
    """A copy of the page image with the box drawn: a semi-transparent fill and a solid outline."""
    if box is None:
        return image
    base = image.convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    rect = box.pixels(scale=scale)
    ImageDraw.Draw(overlay).rectangle(rect, fill=BOX_FILL)
    out = Image.alpha_composite(base, overlay).convert("RGB")
    ImageDraw.Draw(out).rectangle(rect, outline=BOX_OUTLINE, width=BOX_WIDTH)
    return out


def to_png(image: Image.Image) -> bytes:
    """The PNG bytes of an image."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
