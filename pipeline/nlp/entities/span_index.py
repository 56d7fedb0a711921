"""Which of a growing list of spans overlap a given span, asked many times over one document (the ORG tagger)."""
from __future__ import annotations

from pipeline.types import Span

SPAN_BUCKET_CHARS = 1024
"""Width (chars) of the buckets of :class:`SpanIndex`."""


class SpanIndex:
    """The spans of a growing list that overlap a span, found in buckets of their start offsets instead of by a scan
    of the whole list (which, asked once per candidate name, made the ORG tagger quadratic in the document's length).

    Spans appended to the list since the last question are indexed when the next one is asked.
    """

    __slots__ = ("_spans", "_seen", "_buckets", "_longest")

    def __init__(self, spans: list[Span]) -> None:
        self._spans = spans
        self._seen = 0
        self._buckets: dict[int, list[Span]] = {}
        self._longest = 0

    def overlapping(self, span: Span) -> list[Span]:
        """The spans that overlap `span` (other.start < span.end and span.start < other.end)."""
        spans = self._spans
        for other in spans[self._seen:]:
            self._buckets.setdefault(other.start // SPAN_BUCKET_CHARS, []).append(other)
            self._longest = max(self._longest, other.end - other.start)
        self._seen = len(spans)
        if not self._buckets:
            return []
        # an overlapping span starts after span.start - longest and before span.end
        first = (span.start - self._longest) // SPAN_BUCKET_CHARS
        last = (span.end - 1) // SPAN_BUCKET_CHARS
        get = self._buckets.get
        return [other for bucket in range(first, last + 1) for other in get(bucket, ())
                if other.start < span.end and span.start < other.end]


def contains_all_overlaps(spans: SpanIndex, span: Span) -> bool:
    """Whether every span overlapping `span` lies strictly inside it."""
    return all(span.start <= other.start and other.end <= span.end and other.end - other.start < span.end - span.start
               for other in spans.overlapping(span))
