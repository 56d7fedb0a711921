"""Low-level pdfium reading: positioned text lines and drawn rectangles/rulings of one page.

Speed matters here: instead of one FFI call per character we ask pdfium for its line texts in one call,
then for the text-object rectangles of each line, and only bisect a line into pieces when its rectangles
are geometrically apart (columns drawn row by row, table cells).
"""
from __future__ import annotations

import ctypes
import logging
import math
import re
import statistics

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.extract.layout.lines import Graphic, TextLine

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
WHITE_LEVEL = 245
"""A fill whose red, green and blue are all at least this (0-255) is white (a background, not a shading)."""
MIN_GRID_SEGMENTS = 6
"""Only paths of at least this many segments (more than one rectangle) are decomposed into subpaths."""
FONT_NAME_BUFFER = 128
FPDF_PAGEOBJ_PATH = 2
FPDF_PAGEOBJ_IMAGE = 3
FPDF_PAGEOBJ_FORM = 5
FPDF_SEGMENT_MOVETO = 2


def _bind(function: ctypes._CFuncPtr) -> ctypes._CFuncPtr:
    """A copy of a pypdfium2 raw function without per-call argument conversion (~5x cheaper to call).

    Callers must pass ctypes values (handles as returned by pdfium, `byref` pointers, prepared c_ulong)
    or small Python ints for C `int` parameters.
    """
    address = ctypes.cast(function, ctypes.c_void_p).value
    fast = ctypes.CFUNCTYPE(function.restype)(address)
    fast.argtypes = None
    return fast


_count_rects = _bind(pdfium_c.FPDFText_CountRects)
_get_rect = _bind(pdfium_c.FPDFText_GetRect)
_font_size = _bind(pdfium_c.FPDFText_GetFontSize)
_text_matrix = _bind(pdfium_c.FPDFText_GetMatrix)
_font_weight = _bind(pdfium_c.FPDFText_GetFontWeight)
_font_info = _bind(pdfium_c.FPDFText_GetFontInfo)
_get_object = _bind(pdfium_c.FPDFPage_GetObject)
_object_type = _bind(pdfium_c.FPDFPageObj_GetType)
_object_bounds = _bind(pdfium_c.FPDFPageObj_GetBounds)
_draw_mode = _bind(pdfium_c.FPDFPath_GetDrawMode)
_fill_color = _bind(pdfium_c.FPDFPageObj_GetFillColor)
_count_segments = _bind(pdfium_c.FPDFPath_CountSegments)
_path_segment = _bind(pdfium_c.FPDFPath_GetPathSegment)
_segment_point = _bind(pdfium_c.FPDFPathSegment_GetPoint)
_segment_type = _bind(pdfium_c.FPDFPathSegment_GetType)
_object_matrix = _bind(pdfium_c.FPDFPageObj_GetMatrix)

_LINE_RE = re.compile(r"[^\r\n]+")
"""A run of characters between pdfium's generated line breaks."""
LETTER_SPACED_RE = re.compile(r"(?:^|\s)(?:\w\s){3,}")
"""Three single letters in a row: text set with letter spacing, where pdfium generates spaces between letters."""
_SPACED_START_RE = re.compile(r"\w\s\w\s\w\s")
_SPACED_INNER_RE = re.compile(r"\s\w\s\w\s\w\s")
"""LETTER_SPACED_RE split at its alternation: a pattern that opens with a character class is searched about twice
as fast."""
DISPLAY_SIZE = 16.0
"""Lines at least this large (titles, pull quotes: where letter spacing is used) are checked for it too."""
WORD_GAP_RATIO = 1.8
"""In letter-spaced text a generated space is a word break only where the gap is this many times the median gap
between letters..."""
MIN_WORD_GAP = 1.0
"""...and at least this many points above it."""
_char_box = _bind(pdfium_c.FPDFText_GetCharBox)
_is_generated = _bind(pdfium_c.FPDFText_IsGenerated)


def letter_spaced(text: str) -> bool:
    """Whether `text` holds three single letters in a row (LETTER_SPACED_RE, searched faster)."""
    return _SPACED_START_RE.match(text) is not None or _SPACED_INNER_RE.search(text) is not None


def _respace(textpage: ctypes._Pointer, text: str, start: int, end: int) -> str:
    """The text of chars [start, end) without the spaces pdfium generated between the letters of a word.

    pdfium adds a space wherever two glyphs stand apart, so tracked (letter-spaced) display text reads
    "s u s t a i n a b l e"; a generated space is kept only where the gap is a word gap (see WORD_GAP_RATIO).
    """
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    refs = (ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top))
    glyphs: list[tuple[int, float, float]] = []  # (char index, left, right) of the non-space chars
    for k in range(start, end):
        if not text[k].isspace() and _char_box(textpage, k, *refs):
            glyphs.append((k, left.value, right.value))
    gaps = [b[1] - a[2] for a, b in zip(glyphs, glyphs[1:])]
    if not gaps:
        return text[start:end].strip()
    typical = statistics.median(gaps)
    word_gap = max(WORD_GAP_RATIO * typical, typical + MIN_WORD_GAP)
    out = [text[glyphs[0][0]]]
    for (a, _, _), (b, _, _), gap in zip(glyphs, glyphs[1:], gaps):
        between = text[a + 1 : b]
        if between and (gap >= word_gap or any(not _is_generated(textpage, a + 1 + j) for j in range(len(between)))):
            out.append(" ")
        out.append(text[b])
    return "".join(out)


def _view(array: ctypes.Array, code: str) -> memoryview:
    """A typed memoryview of a ctypes array: unpacking it makes the Python numbers ~10x faster than the array's
    own item access (the same values)."""
    return memoryview(array).cast("B").cast(code)


def _char_text(textpage: ctypes._Pointer, count: int) -> str:
    """The page text as pdfium orders it: one code unit per character index."""
    if count <= 0:
        return ""
    # a power-of-two length reuses ctypes' cached array types instead of creating one per page
    buffer = (ctypes.c_ushort * (1 << (count + 1).bit_length()))()
    got = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    if got <= 0:
        return ""
    return ctypes.string_at(buffer, (got - 1) * 2).decode("utf-16-le", errors="replace")


class _TextReader:
    """One page's text queries with preallocated ctypes buffers (no Python objects per FFI call)."""

    __slots__ = ("textpage", "rect", "rect_refs", "rect_view", "name", "name_size", "flags_ref", "matrix",
                 "matrix_ref", "matrix_view")

    def __init__(self, textpage: ctypes._Pointer) -> None:
        self.textpage = textpage
        self.rect = (ctypes.c_double * 4)()
        self.rect_refs = tuple(ctypes.byref(self.rect, k * ctypes.sizeof(ctypes.c_double)) for k in range(4))
        self.rect_view = _view(self.rect, "d")
        self.name = ctypes.create_string_buffer(FONT_NAME_BUFFER + 1)
        self.name_size = ctypes.c_ulong(FONT_NAME_BUFFER)
        self.flags_ref = ctypes.byref(ctypes.c_int())
        self.matrix = (ctypes.c_float * 6)()  # FS_MATRIX: a, b, c, d, e, f
        self.matrix_ref = ctypes.byref(self.matrix)
        self.matrix_view = _view(self.matrix, "f")

    def segments(self, start: int, count: int) -> tuple[list[tuple[float, float, float, float]], list[int]]:
        """Geometric segments of chars [start, start+count): their boxes (left, bottom, right, top) and the
        pdfium indices of the text-object rectangles where each one starts.

        A new segment starts when two consecutive rectangles are not on one line (vertical overlap below
        SAME_LINE_OVERLAP of the smaller height), are further apart than MAX_INLINE_GAP_EM heights, or
        when the text runs backwards.
        """
        textpage, rect, refs = self.textpage, self.rect_view, self.rect_refs
        boxes: list[tuple[float, float, float, float]] = []
        starts: list[int] = []
        p_left = p_bottom = p_right = p_top = 0.0
        b_left = b_bottom = b_right = b_top = 0.0
        for i in range(_count_rects(textpage, start, count)):
            if not _get_rect(textpage, i, *refs):
                continue
            left, top, right, bottom = rect
            if right - left <= 0 or top - bottom <= 0:
                continue
            if starts:
                p_height, c_height = p_top - p_bottom, top - bottom
                overlap = (top if top < p_top else p_top) - (bottom if bottom > p_bottom else p_bottom)
                if (
                    overlap >= SAME_LINE_OVERLAP * (p_height if p_height < c_height else c_height)
                    and left - p_right <= MAX_INLINE_GAP_EM * (p_height if p_height > c_height else c_height)
                    and right >= p_left
                ):
                    if left < b_left:
                        b_left = left
                    if bottom < b_bottom:
                        b_bottom = bottom
                    if right > b_right:
                        b_right = right
                    if top > b_top:
                        b_top = top
                    p_left, p_bottom, p_right, p_top = left, bottom, right, top
                    continue
                boxes.append((b_left, b_bottom, b_right, b_top))
            p_left, p_bottom, p_right, p_top = left, bottom, right, top
            b_left, b_bottom, b_right, b_top = left, bottom, right, top
            starts.append(i)
        if starts:
            boxes.append((b_left, b_bottom, b_right, b_top))
        return boxes, starts

    def first_char_of_rect(self, start: int, count: int, rect_index: int) -> int:
        """Smallest char index in [start, start+count) that belongs to rectangle number `rect_index`."""
        textpage = self.textpage
        lo, hi = 1, count
        while lo < hi:
            mid = (lo + hi) // 2
            if _count_rects(textpage, start, mid) >= rect_index + 1:
                hi = mid
            else:
                lo = mid + 1
        return start + lo - 1

    def font(self, index: int) -> tuple[float, bool]:
        """Effective font size (Tf size scaled by the text matrix) and boldness of one character."""
        textpage = self.textpage
        size = _font_size(textpage, index)
        if _text_matrix(textpage, index, self.matrix_ref):
            _, _, c, d, _, _ = self.matrix_view
            scale = math.hypot(c, d)
            if scale > 0:
                size *= scale
        weight = _font_weight(textpage, index)
        if weight > 0:
            return size, weight >= BOLD_WEIGHT
        got = _font_info(textpage, index, self.name, self.name_size, self.flags_ref)
        name = self.name.value.decode("latin-1", errors="ignore").lower() if 0 < got <= FONT_NAME_BUFFER else ""
        return size, any(marker in name for marker in BOLD_NAME_MARKERS)


def read_text_lines(textpage: pdfium.PdfTextPage, *, page_height: float) -> tuple[TextLine, ...]:
    """Positioned line segments of a page in pdfium's (content-stream) order, origin top-left."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = _char_text(raw, count)
    if len(text) != count:
        logger.debug("pdfium text length %d differs from char count %d; using bounded text", len(text), count)
        return _read_lines_bounded(textpage, page_height=page_height)
    reader = _TextReader(raw)
    segments, font, first_char_of_rect = reader.segments, reader.font, reader.first_char_of_rect
    lines: list[TextLine] = []
    append = lines.append
    for match in _LINE_RE.finditer(text):
        line = match.group()
        if line.isspace():
            continue
        start = match.start()
        length = len(line)
        boxes, starts = segments(start, length)
        if not boxes:
            continue
        if len(boxes) == 1:
            bounds = (start, start + length)
        else:
            bounds = (start, *[first_char_of_rect(start, length, i) for i in starts[1:]], start + length)
        for g, (left, bottom, right, top) in enumerate(boxes):
            piece_start = bounds[g]
            piece = text[piece_start : bounds[g + 1]] if len(boxes) > 1 else line
            stripped = piece.strip()
            if not stripped:
                continue
            middle = piece_start + (len(piece) - len(piece.lstrip())) + len(stripped) // 2
            while middle > piece_start and text[middle].isspace():
                middle -= 1
            size, bold = font(middle)
            if " " in stripped and (size >= DISPLAY_SIZE or letter_spaced(stripped)):
                stripped = _respace(raw, text, piece_start, piece_start + len(piece))
            append(TextLine(stripped, (left, page_height - top, right, page_height - bottom), size, bold))
    return tuple(lines)


def _read_lines_bounded(textpage: pdfium.PdfTextPage, *, page_height: float) -> tuple[TextLine, ...]:
    """Slow fallback: one bounded-text query per geometric segment of the page's rectangles."""
    boxes, _ = _TextReader(textpage.raw).segments(0, pdfium_c.FPDFText_CountChars(textpage.raw))
    lines = []
    for left, bottom, right, top in boxes:
        piece = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
        if piece:
            lines.append(TextLine(piece, (left, page_height - top, right, page_height - bottom), top - bottom, False))
    return tuple(lines)


class _PathReader:
    """Reusable ctypes buffers (and pointers to them) for path-object queries."""

    __slots__ = ("bounds", "bound_refs", "bound_view", "color", "color_refs", "color_view", "mode", "stroke",
                 "mode_refs", "point", "point_refs", "point_view", "matrix", "matrix_ref")

    def __init__(self) -> None:
        float_size, uint_size = ctypes.sizeof(ctypes.c_float), ctypes.sizeof(ctypes.c_uint)
        self.bounds = (ctypes.c_float * 4)()
        self.bound_refs = tuple(ctypes.byref(self.bounds, k * float_size) for k in range(4))
        self.bound_view = _view(self.bounds, "f")
        self.color = (ctypes.c_uint * 4)()
        self.color_refs = tuple(ctypes.byref(self.color, k * uint_size) for k in range(4))
        self.color_view = _view(self.color, "I")
        self.mode, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.mode_refs = (ctypes.byref(self.mode), ctypes.byref(self.stroke))
        self.point = (ctypes.c_float * 2)()
        self.point_refs = (ctypes.byref(self.point, 0), ctypes.byref(self.point, float_size))
        self.point_view = _view(self.point, "f")
        self.matrix = pdfium_c.FS_MATRIX()
        self.matrix_ref = ctypes.byref(self.matrix)


def read_graphics(page: pdfium.PdfPage, *, page_height: float) -> tuple[Graphic, ...]:
    """Axis-aligned rectangles and rulings drawn on the page (top-level path objects), origin top-left."""
    raw = page.raw
    n = pdfium_c.FPDFPage_CountObjects(raw)
    if n > MAX_PATH_OBJECTS:
        return ()
    reader = _PathReader()
    bounds, bound_refs, color, color_refs = reader.bound_view, reader.bound_refs, reader.color_view, reader.color_refs
    mode_refs = reader.mode_refs
    out: list[Graphic] = []
    budget = MAX_PATH_SEGMENTS
    for i in range(n):
        obj = _get_object(raw, i)
        if _object_type(obj) != FPDF_PAGEOBJ_PATH or not _object_bounds(obj, *bound_refs):
            continue
        _draw_mode(obj, *mode_refs)
        filled, stroked = reader.mode.value != 0, bool(reader.stroke.value)
        if not (filled or stroked):
            continue
        left, bottom, right, top = bounds
        white = False
        if filled and _fill_color(obj, *color_refs):
            red, green, blue, alpha = color
            white = min(red, green, blue) >= WHITE_LEVEL or alpha == 0
        boxes = [(left, bottom, right, top)]
        big = right - left >= MIN_COMPOUND_SIDE and top - bottom >= MIN_COMPOUND_SIDE
        segments = _count_segments(obj) if big and budget > 0 else 0
        if segments >= MIN_GRID_SEGMENTS:
            budget -= segments
            boxes = _subpath_boxes(obj, segments, reader) or boxes
        for x0, y0, x1, y1 in boxes:
            if x1 - x0 < MIN_RECT_SIDE and y1 - y0 < MIN_RECT_SIDE:
                continue
            out.append(Graphic((x0, page_height - y1, x1, page_height - y0), filled, stroked, white))
    return tuple(out)


def _subpath_boxes(obj: ctypes._Pointer, segments: int, reader: _PathReader) -> list[tuple[float, float, float, float]]:
    """Bounding boxes of the subpaths of a path object, in page space."""
    if not _object_matrix(obj, reader.matrix_ref):
        return []
    m = reader.matrix
    a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
    point, point_refs = reader.point_view, reader.point_refs
    boxes: list[tuple[float, float, float, float]] = []
    xs: list[float] = []
    ys: list[float] = []
    for s in range(segments):
        seg = _path_segment(obj, s)
        if not seg or not _segment_point(seg, *point_refs):
            continue
        if xs and _segment_type(seg) == FPDF_SEGMENT_MOVETO:
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
            xs, ys = [], []
        px, py = point
        xs.append(a * px + c * py + e)
        ys.append(b * px + d * py + f)
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
