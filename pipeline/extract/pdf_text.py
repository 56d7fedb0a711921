"""Low-level pdfium reading: positioned text lines and drawn rectangles/rulings of one page.

Speed matters here: instead of one FFI call per character we ask pdfium for its line texts in one call,
then for the text-object rectangles of each line, and only bisect a line into pieces when its rectangles
are geometrically apart (columns drawn row by row, table cells).
"""
from __future__ import annotations

import ctypes
import logging
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.extract.layout import Graphic, TextLine

logger = logging.getLogger(__name__)

BOLD_WEIGHT = 600
"""pdfium font weight from which a run counts as bold."""
BOLD_NAME_MARKERS = ("bold", "black", "heavy", "semibold", "demi")
"""Font-name fragments that mark a bold face when the weight is not declared."""
SAME_LINE_OVERLAP = 0.5
"""Two rectangles are on one line when their vertical overlap is at least this share of the smaller height."""
MAX_INLINE_GAP_EM = 1.0
"""Rectangles further apart than this many font heights are split into separate segments."""
MAX_PATH_OBJECTS = 6000
"""Pages with more path objects than this (maps, charts) are not searched for boxes and rulings."""
MAX_PATH_SEGMENTS = 20000
"""Budget of path segments decomposed per page."""
MIN_COMPOUND_SIDE = 12.0
"""Only paths at least this large in both directions are decomposed into subpaths (table grids)."""
MIN_RECT_SIDE = 0.1
"""Rectangles thinner than this in both directions are dropped as degenerate."""
LINE_BREAKS = ("\r", "\n")
FONT_NAME_BUFFER = 128
FPDF_PAGEOBJ_PATH = 2
FPDF_PAGEOBJ_IMAGE = 3
FPDF_PAGEOBJ_FORM = 5
FPDF_SEGMENT_MOVETO = 2


def _char_text(textpage: pdfium.PdfTextPage, count: int) -> str:
    """The page text as pdfium orders it: one code unit per character index."""
    if count <= 0:
        return ""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    got = pdfium_c.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    if got <= 0:
        return ""
    return buffer.raw[: (got - 1) * 2].decode("utf-16-le", errors="replace")


class _RectReader:
    """Reusable ctypes buffers for FPDFText_GetRect."""

    __slots__ = ("left", "top", "right", "bottom", "refs")

    def __init__(self) -> None:
        self.left, self.top, self.right, self.bottom = (ctypes.c_double() for _ in range(4))
        self.refs = tuple(ctypes.byref(v) for v in (self.left, self.top, self.right, self.bottom))

    def rects(self, textpage: pdfium.PdfTextPage, start: int, count: int) -> list[tuple[float, float, float, float]]:
        """Rectangles (left, bottom, right, top) of the text objects covering chars [start, start+count)."""
        n = pdfium_c.FPDFText_CountRects(textpage, start, count)
        out = []
        get_rect, refs = pdfium_c.FPDFText_GetRect, self.refs
        for i in range(n):
            if get_rect(textpage, i, *refs):
                left, top, right, bottom = self.left.value, self.top.value, self.right.value, self.bottom.value
                if right - left > 0 and top - bottom > 0:
                    out.append((left, bottom, right, top))
        return out


def _same_line(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= SAME_LINE_OVERLAP * min(a[3] - a[1], b[3] - b[1])


def _group_rects(rects: list[tuple[float, float, float, float]]) -> list[int]:
    """Indices where a new geometric segment starts (always includes 0)."""
    starts = [0]
    for i in range(1, len(rects)):
        prev, cur = rects[i - 1], rects[i]
        height = max(prev[3] - prev[1], cur[3] - cur[1])
        gap = cur[0] - prev[2]
        if not _same_line(prev, cur) or gap > MAX_INLINE_GAP_EM * height or cur[2] < prev[0]:
            starts.append(i)
    return starts


def _first_char_of_rect(textpage: pdfium.PdfTextPage, start: int, count: int, rect_index: int) -> int:
    """Smallest char index in [start, start+count) that belongs to rectangle number `rect_index`."""
    lo, hi = 1, count
    while lo < hi:
        mid = (lo + hi) // 2
        if pdfium_c.FPDFText_CountRects(textpage, start, mid) >= rect_index + 1:
            hi = mid
        else:
            lo = mid + 1
    return start + lo - 1


def _font_of(
    textpage: pdfium.PdfTextPage, index: int, name_buffer: ctypes.Array, matrix: pdfium_c.FS_MATRIX
) -> tuple[float, bool]:
    """Effective font size (Tf size scaled by the text matrix) and boldness of one character."""
    size = float(pdfium_c.FPDFText_GetFontSize(textpage, index))
    if pdfium_c.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix)):
        scale = math.hypot(matrix.c, matrix.d)
        if scale > 0:
            size *= scale
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    if weight > 0:
        return size, weight >= BOLD_WEIGHT
    flags = ctypes.c_int()
    got = pdfium_c.FPDFText_GetFontInfo(textpage, index, name_buffer, FONT_NAME_BUFFER, ctypes.byref(flags))
    name = name_buffer.value.decode("latin-1", errors="ignore").lower() if 0 < got <= FONT_NAME_BUFFER else ""
    return size, any(marker in name for marker in BOLD_NAME_MARKERS)


def read_text_lines(textpage: pdfium.PdfTextPage, *, page_height: float) -> tuple[TextLine, ...]:
    """Positioned line segments of a page in pdfium's (content-stream) order, origin top-left."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    text = _char_text(textpage, count)
    if len(text) != count:
        logger.debug("pdfium text length %d differs from char count %d; using bounded text", len(text), count)
        return _read_lines_bounded(textpage, page_height=page_height)
    reader = _RectReader()
    name_buffer = ctypes.create_string_buffer(FONT_NAME_BUFFER + 1)
    matrix = pdfium_c.FS_MATRIX()
    lines: list[TextLine] = []
    start = 0
    while start < count:
        end = start
        while end < count and text[end] not in LINE_BREAKS:
            end += 1
        if end > start and not text[start:end].isspace():
            _split_line(textpage, text, start, end, reader, (name_buffer, matrix), page_height, lines)
        start = end + 1
    return tuple(lines)


def _split_line(
    textpage: pdfium.PdfTextPage,
    text: str,
    start: int,
    end: int,
    reader: _RectReader,
    font_buffers: tuple[ctypes.Array, pdfium_c.FS_MATRIX],
    page_height: float,
    out: list[TextLine],
) -> None:
    rects = reader.rects(textpage, start, end - start)
    if not rects:
        return
    starts = _group_rects(rects)
    bounds = [start] + [_first_char_of_rect(textpage, start, end - start, i) for i in starts[1:]] + [end]
    for g, rect_start in enumerate(starts):
        rect_end = starts[g + 1] if g + 1 < len(starts) else len(rects)
        piece = text[bounds[g] : bounds[g + 1]]
        stripped = piece.strip()
        if not stripped:
            continue
        middle = bounds[g] + (len(piece) - len(piece.lstrip())) + len(stripped) // 2
        while middle > bounds[g] and text[middle].isspace():
            middle -= 1
        size, bold = _font_of(textpage, middle, *font_buffers)
        left, bottom, right, top = rects[rect_start]
        for r in rects[rect_start + 1 : rect_end]:
            left, bottom = min(left, r[0]), min(bottom, r[1])
            right, top = max(right, r[2]), max(top, r[3])
        out.append(TextLine(stripped, (left, page_height - top, right, page_height - bottom), size, bold))


def _read_lines_bounded(textpage: pdfium.PdfTextPage, *, page_height: float) -> tuple[TextLine, ...]:
    """Slow fallback: one bounded-text query per grouped rectangle."""
    reader = _RectReader()
    rects = reader.rects(textpage, 0, pdfium_c.FPDFText_CountChars(textpage))
    starts = _group_rects(rects)
    lines = []
    for g, rect_start in enumerate(starts):
        group = rects[rect_start : starts[g + 1] if g + 1 < len(starts) else len(rects)]
        left, bottom = min(r[0] for r in group), min(r[1] for r in group)
        right, top = max(r[2] for r in group), max(r[3] for r in group)
        piece = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
        if piece:
            lines.append(TextLine(piece, (left, page_height - top, right, page_height - bottom), top - bottom, False))
    return tuple(lines)


class _PathReader:
    """Reusable ctypes buffers for path-object queries."""

    def __init__(self) -> None:
        self.f = [ctypes.c_float() for _ in range(6)]
        self.u = [ctypes.c_uint() for _ in range(4)]
        self.mode = ctypes.c_int()
        self.stroke = ctypes.c_int()
        self.matrix = pdfium_c.FS_MATRIX()


def read_graphics(page: pdfium.PdfPage, *, page_height: float) -> tuple[Graphic, ...]:
    """Axis-aligned rectangles and rulings drawn on the page (top-level path objects), origin top-left."""
    n = pdfium_c.FPDFPage_CountObjects(page)
    if n > MAX_PATH_OBJECTS:
        return ()
    reader = _PathReader()
    f, u = reader.f, reader.u
    bound_refs = [ctypes.byref(v) for v in f[:4]]
    color_refs = [ctypes.byref(v) for v in u]
    mode_ref, stroke_ref = ctypes.byref(reader.mode), ctypes.byref(reader.stroke)
    get_object, get_type, get_bounds = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDFPageObj_GetBounds
    out: list[Graphic] = []
    budget = MAX_PATH_SEGMENTS
    for i in range(n):
        obj = get_object(page, i)
        if get_type(obj) != FPDF_PAGEOBJ_PATH or not get_bounds(obj, *bound_refs):
            continue
        left, bottom, right, top = f[0].value, f[1].value, f[2].value, f[3].value
        pdfium_c.FPDFPath_GetDrawMode(obj, mode_ref, stroke_ref)
        filled, stroked = reader.mode.value != 0, bool(reader.stroke.value)
        if not (filled or stroked):
            continue
        white = False
        if filled and pdfium_c.FPDFPageObj_GetFillColor(obj, *color_refs):
            white = min(u[0].value, u[1].value, u[2].value) >= 245 or u[3].value == 0
        boxes = [(left, bottom, right, top)]
        big = right - left >= MIN_COMPOUND_SIDE and top - bottom >= MIN_COMPOUND_SIDE
        segments = pdfium_c.FPDFPath_CountSegments(obj) if big and budget > 0 else 0
        if segments > 5:
            budget -= segments
            boxes = _subpath_boxes(obj, segments, reader) or boxes
        for x0, y0, x1, y1 in boxes:
            if x1 - x0 < MIN_RECT_SIDE and y1 - y0 < MIN_RECT_SIDE:
                continue
            out.append(Graphic((x0, page_height - y1, x1, page_height - y0), filled, stroked, white))
    return tuple(out)


def _subpath_boxes(obj: ctypes.c_void_p, segments: int, reader: _PathReader) -> list[tuple[float, float, float, float]]:
    """Bounding boxes of the subpaths of a path object, in page space."""
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(reader.matrix)):
        return []
    m = reader.matrix
    x, y = reader.f[4], reader.f[5]
    boxes: list[tuple[float, float, float, float]] = []
    xs: list[float] = []
    ys: list[float] = []
    for s in range(segments):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, s)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        if pdfium_c.FPDFPathSegment_GetType(seg) == FPDF_SEGMENT_MOVETO and xs:
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
            xs, ys = [], []
        px, py = x.value, y.value
        xs.append(m.a * px + m.c * py + m.e)
        ys.append(m.b * px + m.d * py + m.f)
    if xs:
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def image_share(page: pdfium.PdfPage, *, page_width: float, page_height: float) -> float:
    """Share of the page area covered by image (or form) objects: a scan has ~1, a blank page 0."""
    area = 0.0
    f = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in f]
    for i in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) not in (FPDF_PAGEOBJ_IMAGE, FPDF_PAGEOBJ_FORM):
            continue
        if pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            left, bottom, right, top = (v.value for v in f)
            w = max(0.0, min(right, page_width) - max(left, 0.0))
            h = max(0.0, min(top, page_height) - max(bottom, 0.0))
            area += w * h
    return min(1.0, area / max(page_width * page_height, 1.0))
