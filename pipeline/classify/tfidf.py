"""A TF-IDF model for the knowledge part, equal to scikit-learn's ``TfidfVectorizer(analyzer=..., sublinear_tf=True)``.

The same vocabulary (features sorted by name), the same smoothed idf, counts → 1 + log(count) → times idf → l2 row
norm, in the same floating-point order, so every matrix is identical to scikit-learn's (tests check it). Having it
here keeps tagging and linking free of scikit-learn, whose import is the largest part of a run's start-up, and
skips its per-call checks, which dominate the transform of a batch of short passages.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

Analyzer = Callable[[str], list[str]]


class TfidfModel:
    """A fitted TF-IDF model: ``vocabulary_`` (feature → column), ``idf_`` and the analyzer that makes features."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, *, analyzer: Analyzer) -> None:
        if len(vocabulary) != len(idf):
            raise ValueError(f"TfidfModel: {len(vocabulary)} features but {len(idf)} idf weights")
        self.vocabulary_ = vocabulary
        self.idf_ = idf
        self.analyzer = analyzer

    @classmethod
    def fit(cls, docs: Iterable[str], *, analyzer: Analyzer) -> TfidfModel:
        """Fit on documents: every feature seen is kept, idf = ln((1 + n) / (1 + df)) + 1."""
        df: Counter[str] = Counter()
        n = 0
        for doc in docs:
            df.update(set(analyzer(doc)))
            n += 1
        names = sorted(df)
        counts = np.array([df[name] for name in names], dtype=np.float64)
        idf = np.log((n + 1) / (counts + 1.0)) + 1
        return cls({name: i for i, name in enumerate(names)}, idf, analyzer=analyzer)

    def get_feature_names_out(self) -> np.ndarray:
        """The feature names in column order (an object array, as scikit-learn gives)."""
        names = [""] * len(self.vocabulary_)
        for name, j in self.vocabulary_.items():
            names[j] = name
        return np.asarray(names, dtype=object)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The l2-normalised TF-IDF rows of some texts (features outside the vocabulary are ignored)."""
        vocabulary, analyzer = self.vocabulary_, self.analyzer
        indptr, indices, counts = [0], [], []
        for text in texts:
            row: dict[int, int] = {}
            for feature in analyzer(text):
                j = vocabulary.get(feature)
                if j is not None:
                    row[j] = row.get(j, 0) + 1
            for j in sorted(row):
                indices.append(j)
                counts.append(row[j])
            indptr.append(len(indices))
        data = np.asarray(counts, dtype=np.float64)
        cols = np.asarray(indices, dtype=np.int32)
        np.log(data, out=data)
        data += 1.0
        data *= self.idf_[cols]
        _normalize_rows(data, indptr)
        return sp.csr_matrix((data, cols, np.asarray(indptr, dtype=np.int32)), shape=(len(texts), len(self.idf_)))


def _normalize_rows(data: np.ndarray, indptr: Sequence[int]) -> None:
    """Divide each row's values by its l2 norm in place, summing the squares left to right (as scikit-learn's
    ``inplace_csr_row_normalize_l2`` does: another order could change the last bit of a score)."""
    squares = (data * data).tolist()
    for a, b in zip(indptr, indptr[1:]):
        total = 0.0
        for v in squares[a:b]:
            total += v
        if total != 0.0:
            data[a:b] /= math.sqrt(total)
