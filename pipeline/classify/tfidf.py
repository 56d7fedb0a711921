"""A TF-IDF model equal to scikit-learn's ``TfidfVectorizer(analyzer=..., sublinear_tf=True)``, without scikit-learn.

The same vocabulary (features sorted by name), the same smoothed idf, counts → 1 + log(count) → times idf → l2 row
norm, in the same floating-point order and dtype, so every matrix is identical to scikit-learn's (tests check it).
The knowledge part fits one per language (:meth:`TfidfModel.fit`); the trained artefact stores its supervised
parts' fitted scikit-learn vectorisers as one (:meth:`TfidfModel.from_vectorizer`). Having it here keeps tagging,
linking and loading the classifier free of scikit-learn, whose import is the largest part of a run's start-up, and
skips its per-call checks, which dominate the transform of a batch of short passages.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import scipy.sparse as sp

Analyzer = Callable[[Any], list[str]]
FEATURE_SEP = "\n"
"""Separator of the feature names in a pickled model (one string unpickles far faster than a large dict)."""
OUT_OF_VOCABULARY = -1
"""Column looked up for a feature outside the vocabulary (dropped)."""
_WHITE_SPACES = re.compile(r"\s\s+")
"""Runs of white space that scikit-learn's ``char_wb`` analyser folds to one space before cutting n-grams."""


@dataclass(frozen=True)
class CharWbNgrams:
    """scikit-learn's ``analyzer="char_wb"`` with a custom preprocessor: character n-grams inside word boundaries,
    each word padded with one space."""

    min_n: int
    max_n: int
    preprocessor: Callable[[str], str]

    def __call__(self, text: str) -> list[str]:
        """The n-grams of a text, in scikit-learn's order."""
        min_n, max_n = self.min_n, self.max_n
        ngrams: list[str] = []
        append = ngrams.append
        for word in _WHITE_SPACES.sub(" ", self.preprocessor(text)).split():
            w = " " + word + " "
            w_len = len(w)
            for n in range(min_n, max_n + 1):
                offset = 0
                append(w[offset:offset + n])
                while offset + n < w_len:
                    offset += 1
                    append(w[offset:offset + n])
                if offset == 0:  # a short word (w_len < n) counts once
                    break
        return ngrams


class TfidfModel:
    """A fitted TF-IDF model: ``vocabulary_`` (feature → column), ``idf_``, the analyzer that makes features, and
    the dtype of its rows."""

    def __init__(self, vocabulary: dict[str, int], idf: np.ndarray, *, analyzer: Analyzer,
                 dtype: type[np.floating[Any]] | np.dtype[Any] = np.float64) -> None:
        if len(vocabulary) != len(idf):
            raise ValueError(f"TfidfModel: {len(vocabulary)} features but {len(idf)} idf weights")
        self.vocabulary_ = vocabulary
        self.idf_ = idf
        self.analyzer = analyzer
        self.dtype = np.dtype(dtype)

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

    @classmethod
    def from_vectorizer(cls, vec: Any) -> TfidfModel | None:
        """The model of a fitted scikit-learn ``TfidfVectorizer`` (same matrices), or None for settings this class
        does not reproduce (the vectoriser is then kept as it is)."""
        params = vec.get_params()
        if not (params["sublinear_tf"] and params["use_idf"] and params["norm"] == "l2" and not params["binary"]
                and params["input"] == "content" and hasattr(vec, "vocabulary_")):
            return None
        if callable(params["analyzer"]):
            analyzer: Analyzer = params["analyzer"]
        elif params["analyzer"] == "char_wb" and callable(params["preprocessor"]):
            analyzer = CharWbNgrams(*params["ngram_range"], preprocessor=params["preprocessor"])
        else:
            return None
        return cls(dict(vec.vocabulary_), np.array(vec.idf_), analyzer=analyzer, dtype=params["dtype"])

    def get_feature_names_out(self) -> np.ndarray:
        """The feature names in column order (an object array, as scikit-learn gives)."""
        return np.asarray(self._names(), dtype=object)

    def _names(self) -> list[str]:
        names = [""] * len(self.vocabulary_)
        for name, j in self.vocabulary_.items():
            names[j] = name
        return names

    def __getstate__(self) -> dict[str, Any]:
        names = self._names()
        compact = bool(names) and not any(FEATURE_SEP in name for name in names)
        return {"features": FEATURE_SEP.join(names) if compact else names, "idf": self.idf_,
                "analyzer": self.analyzer, "dtype": self.dtype.str}

    def __setstate__(self, state: dict[str, Any]) -> None:
        features = state["features"]
        names = features.split(FEATURE_SEP) if isinstance(features, str) else list(features)
        if len(names) != len(state["idf"]):
            raise ValueError(f"TfidfModel: {len(names)} features but {len(state['idf'])} idf weights")
        self.vocabulary_ = dict(zip(names, range(len(names))))
        self.idf_ = state["idf"]
        self.analyzer = state["analyzer"]
        self.dtype = np.dtype(state["dtype"])

    def transform(self, texts: Sequence[Any]) -> sp.csr_matrix:
        """The l2-normalised TF-IDF rows of some texts (features outside the vocabulary are ignored)."""
        lookup, analyzer = self.vocabulary_.get, self.analyzer
        columns: list[int] = []
        counts: list[int] = []
        sizes: list[int] = []
        for text in texts:
            counted = Counter(analyzer(text))
            columns.extend(map(lookup, counted, repeat(OUT_OF_VOCABULARY)))
            counts.extend(counted.values())
            sizes.append(len(counted))
        n = len(texts)
        cols = np.asarray(columns, dtype=np.int64)
        rows = np.repeat(np.arange(n, dtype=np.int64), sizes)
        known = cols != OUT_OF_VOCABULARY
        cols, rows = cols[known], rows[known]
        order = np.argsort(rows * len(self.idf_) + cols)  # by row, then column (each column once per row)
        cols = cols[order].astype(np.int32)
        data = np.asarray(counts, dtype=self.dtype)[known][order]
        indptr = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        np.log(data, out=data)
        data += 1.0
        data *= self.idf_[cols]
        _normalize_rows(data, indptr.tolist())
        return sp.csr_matrix((data, cols, indptr), shape=(n, len(self.idf_)))


def _normalize_rows(data: np.ndarray, indptr: Sequence[int]) -> None:
    """Divide each row's values by its l2 norm in place as scikit-learn's ``inplace_csr_row_normalize_l2`` does:
    squares in the data's dtype, summed left to right in double precision, each value divided in double precision
    (and rounded back to the data's dtype); another order could change the last bit of a score."""
    squares = (data * data).tolist()
    narrow = data.dtype != np.float64
    for a, b in zip(indptr, indptr[1:]):
        total = 0.0
        for v in squares[a:b]:
            total += v
        if total == 0.0:
            continue
        if narrow:
            data[a:b] = data[a:b].astype(np.float64) / math.sqrt(total)
        else:
            data[a:b] /= math.sqrt(total)
