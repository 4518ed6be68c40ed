"""question -> ranked Hits: dense (FAISS) and sparse (BM25) candidates, filters, fusion.

Fusion must know when a ranking carries no signal: an English question over Chinese briefs shares almost no
BM25 terms with them, and plain RRF lets that noise push the right dense hit out of the top 5 (MEASURED.md:
XQuAD en->zh recall@5 0.93 dense-only vs 0.46 plain RRF). So each BM25 contribution is scaled by the hit's
coverage: the idf-weighted share of the question's terms that the chunk contains (sparse.py), squared, so
that one shared name or year (coverage 0.1-0.3) adds almost nothing (MRR@10 on 600 XQuAD en->zh questions
0.874 -> 0.887, seed gold 0.965 -> 0.974, XQuAD zh unchanged at 0.974).

The dense candidates are ranked by their chunk cosine mixed with their best sentence's cosine when the index
holds sentence vectors (sentences.py); Hit.dense_score stays the chunk cosine, which the refusal gate reads.
"""
from __future__ import annotations

import logging
import os
import unicodedata
from collections.abc import Callable

import numpy as np

from .errors import BadInput
from .index import Index, open_index
from .text import tokenize
from .types import Hit

log = logging.getLogger(__name__)

RRF_K = 60  # the constant of Cormack et al. (2009): flattens the head so one list cannot dominate
DEPTH = 50  # candidates taken from each retriever; the right chunk is often ranked 4-10 by one of them
MAX_K = 1000
# ask() takes 2,000 characters and may prepend the previous question; beyond this it is pasted text, and
# the embedder reads only the first ~500 tokens anyway
MAX_QUERY_CHARS = 10_000
FILTER_KEYS = ("source", "date_from", "date_to", "doc_ids")


def _rrf(dense: dict, sparse: dict, coverage: dict) -> dict[int, float]:
    scores: dict[int, float] = {}
    for row, (rank, _) in dense.items():
        scores[row] = 1.0 / (RRF_K + rank)
    for row, (rank, _) in sparse.items():
        scores[row] = scores.get(row, 0.0) + coverage[row] ** 2 / (RRF_K + rank)
    return scores


def _weighted(dense: dict, sparse: dict, coverage: dict, alpha: float = 0.7) -> dict[int, float]:
    """alpha * cosine + (1 - alpha) * coverage * BM25 / max BM25 (dense cosine is already on 0..1)."""
    top = max((s for _, s in sparse.values()), default=0.0) or 1.0
    scores = {row: alpha * s for row, (_, s) in dense.items()}
    for row, (_, s) in sparse.items():
        scores[row] = scores.get(row, 0.0) + (1 - alpha) * coverage[row] * s / top
    return scores


def _dense_only(dense: dict, sparse: dict, coverage: dict) -> dict[int, float]:
    return {row: s for row, (_, s) in dense.items()}


def _sparse_only(dense: dict, sparse: dict, coverage: dict) -> dict[int, float]:
    return {row: s for row, (_, s) in sparse.items()}


FUSIONS: dict[str, Callable] = {"rrf": _rrf, "weighted": _weighted, "dense": _dense_only, "sparse": _sparse_only}


def retrieve(question: str, *, index: str | os.PathLike | Index = "index", k: int = 10, filters: dict | None = None,
             fusion: str = "rrf") -> list[Hit]:
    """The k best chunks for `question`, best first. filters: source, date_from, date_to, doc_ids."""
    if fusion not in FUSIONS:
        raise BadInput(f"unknown fusion {fusion!r}; expected one of {sorted(FUSIONS)}")
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
        raise BadInput(f"k must be an integer from 1 to {MAX_K}, got {k!r}")
    question = clean_question(question) if isinstance(question, str) else question
    if not question or not isinstance(question, str):
        raise BadInput("the question is empty; type a question about the briefs")
    if len(question) > MAX_QUERY_CHARS:
        raise BadInput(f"the question is {len(question)} characters long; search with at most {MAX_QUERY_CHARS}")
    index = open_index(index)
    allowed = allowed_rows(index, filters)
    if len(index) == 0 or (allowed is not None and len(allowed) == 0):
        return []
    depth = max(DEPTH, k)
    dense, sparse = {}, {}
    cosine = {}
    if fusion != "sparse":
        query = index.embedder.embed_query(question)
        scores, rows = index.dense.search(query, depth, allowed)
        cosine = {int(r): float(s) for s, r in zip(scores, rows)}
        if index.sentences is not None:  # the candidates ranked again by their best sentence (sentences.py)
            scores = index.sentences.rescore(query, rows, scores)
        order = sorted(range(len(rows)), key=lambda i: (-scores[i], int(rows[i])))
        dense = {int(rows[i]): (rank, float(scores[i])) for rank, i in enumerate(order, 1)}
    tokens = tokenize(question)
    if fusion != "dense":
        scores, rows = index.sparse.search(tokens, depth, allowed)
        sparse = {int(r): (rank, float(s)) for rank, (s, r) in enumerate(zip(scores, rows), 1)}
    cover = dict(zip(sparse, index.sparse.coverage(tokens, np.fromiter(sparse, dtype=np.int64))))
    fused = FUSIONS[fusion](dense, sparse, cover)
    best = sorted(fused, key=lambda row: (-fused[row], row))[:k]
    return [Hit(index.chunks[row], float(fused[row]),
                dense_rank=dense.get(row, (None,))[0], sparse_rank=sparse.get(row, (None,))[0],
                dense_score=cosine.get(row),
                sparse_score=sparse[row][1] if row in sparse else None) for row in best]


def clean_question(question: str) -> str:
    """`question` without control characters; odd spaces (no-break, ideographic) become plain spaces."""
    return "".join(ch if ch.isprintable() or ch in "\n\t" else " " if unicodedata.category(ch)[0] == "Z" else ""
                   for ch in question).strip()


def allowed_rows(index: Index, filters: dict | None) -> np.ndarray | None:
    """Row numbers that pass `filters` (None: no filter). Keys: source, date_from, date_to, doc_ids."""
    if not filters:
        return None
    if not isinstance(filters, dict):
        raise BadInput(f"filters must be a dict with keys from {list(FILTER_KEYS)}, got {type(filters).__name__}")
    unknown = set(filters) - set(FILTER_KEYS)
    if unknown:
        raise BadInput(f"unknown filter key(s) {sorted(unknown)}; expected some of {list(FILTER_KEYS)}")
    date_from, date_to = filters.get("date_from"), filters.get("date_to")
    if date_from and date_to and str(date_from) > str(date_to):
        raise BadInput(f"date range is inverted: date_from {date_from} is after date_to {date_to}; swap them")
    sources = filters.get("source")
    sources = {sources} if isinstance(sources, str) else set(sources) if sources else None
    doc_ids = set(filters["doc_ids"]) if filters.get("doc_ids") is not None else None
    keep = []
    for row, chunk in enumerate(index.chunks):
        if sources is not None and chunk.source not in sources:
            continue
        if doc_ids is not None and chunk.doc_id not in doc_ids:
            continue
        if date_from and (not chunk.date or chunk.date < str(date_from)):
            continue
        if date_to and (not chunk.date or chunk.date[: len(str(date_to))] > str(date_to)):
            continue
        keep.append(row)
    return np.asarray(keep, dtype=np.int64)
