"""BM25 over segmented text (jieba for Chinese, lowercased words for English) with bm25s.

bm25s, not rank-bm25: at 100k chunks rank-bm25's get_scores takes ~369 ms and 290 MB per question, bm25s
~1 ms and 85 MB (../shared/MEASURED.md, re-measured by bench/). Its saved state is numpy arrays plus JSON:
no pickle.
"""
from __future__ import annotations

import logging
import math
from pathlib import Path

import numpy as np

from .errors import IndexCorrupt

log = logging.getLogger(__name__)


class SparseIndex:
    def __init__(self, retriever, n_docs: int):
        self.retriever = retriever  # None when the corpus is empty
        self.n_docs = n_docs

    def __len__(self) -> int:
        return self.n_docs

    def __repr__(self) -> str:
        vocab = len(self.retriever.vocab_dict) if self.retriever is not None else 0
        return f"SparseIndex({self.n_docs} docs, {vocab} terms)"

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> "SparseIndex":
        import bm25s

        if not token_lists:
            return cls(None, 0)
        retriever = bm25s.BM25()  # k1=1.5, b=0.75, Lucene idf: the library's tested defaults
        retriever.index([tokens or [""] for tokens in token_lists], show_progress=False)
        return cls(retriever, len(token_lists))

    def _known(self, tokens: list[str]) -> list[str]:
        vocab = self.retriever.vocab_dict
        return [t for t in dict.fromkeys(tokens) if t in vocab and t]

    def scores(self, tokens: list[str]) -> np.ndarray:
        """BM25 score of every document for the query tokens (zeros where none match)."""
        if self.retriever is None:
            return np.zeros(0, dtype=np.float32)
        known = self._known(tokens)
        if not known:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.retriever.get_scores(known), dtype=np.float32)

    def search(self, tokens: list[str], k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) with score > 0, best first; `allowed` restricts to those row numbers."""
        scores = self.scores(tokens)
        if allowed is not None and len(scores):
            mask = np.zeros_like(scores, dtype=bool)
            mask[allowed] = True
            scores = np.where(mask, scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if len(positive) == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        if len(positive) > k:
            positive = positive[np.argpartition(-scores[positive], k - 1)[:k]]
        order = positive[np.lexsort((positive, -scores[positive]))]  # score desc, then row for stable ties
        return scores[order], order.astype(np.int64)

    def idf(self, token: str) -> float:
        """Lucene idf; a token the corpus never saw gets the largest idf (it is as rare as it gets)."""
        df = 0
        if self.retriever is not None and token in self.retriever.vocab_dict:
            t = self.retriever.vocab_dict[token]
            indptr = self.retriever.scores["indptr"]
            df = int(indptr[t + 1] - indptr[t])
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def coverage(self, tokens: list[str], rows: np.ndarray) -> np.ndarray:
        """For each row, the idf-weighted share of the query's distinct tokens that occur in it (0..1).

        An English question over Chinese chunks shares almost no tokens with them, so its BM25 ranking
        carries little signal; this is how fusion knows (see retrieve.py).
        """
        rows = np.asarray(rows, dtype=np.int64)
        distinct = [t for t in dict.fromkeys(tokens) if t]
        if not distinct or self.retriever is None or len(rows) == 0:
            return np.zeros(len(rows), dtype=np.float32)
        vocab, indptr, indices = (self.retriever.vocab_dict, self.retriever.scores["indptr"],
                                  self.retriever.scores["indices"])
        total = np.zeros(len(rows), dtype=np.float64)
        weight_sum = 0.0
        for token in distinct:
            w = self.idf(token)
            weight_sum += w
            if token in vocab:
                t = vocab[token]
                total += w * np.isin(rows, indices[indptr[t]:indptr[t + 1]])
        return (total / weight_sum).astype(np.float32)

    def save(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        (path / "n_docs.txt").write_text(str(self.n_docs))
        if self.retriever is not None:
            self.retriever.save(str(path), show_progress=False)

    @classmethod
    def load(cls, path: Path) -> "SparseIndex":
        import bm25s

        try:
            n_docs = int((path / "n_docs.txt").read_text())
            retriever = bm25s.BM25.load(str(path), show_progress=False) if n_docs else None
        except (OSError, ValueError, KeyError) as e:
            raise IndexCorrupt(f"cannot read the BM25 state in {path} ({e.__class__.__name__}); "
                               "run `rag index --rebuild`") from e
        return cls(retriever, n_docs)
