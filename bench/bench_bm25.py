"""rank-bm25 vs bm25s over the very token lists rag indexed (captured from build_index's tokenize calls):
index time, memory, and per-query scoring latency. The floor is bm25s (what rag uses), so ratios read
"rank-bm25 is N x slower"."""
from __future__ import annotations

import gc
import time

import numpy as np

from bench.common import Row, pct, read_tokens, rss_mb

SECTION = "bm25"


def run(ctx) -> list[Row]:
    import bm25s
    from rank_bm25 import BM25Okapi
    from rag.text import tokenize

    questions = [q["question"] for q in ctx["retrieve_questions"]][:10]
    rows: list[Row] = []
    for label, path in ctx["bm25_scales"]:
        corpus_tokens = [t or [""] for t in read_tokens(path)]  # rag indexes [""] for a chunk without tokens
        queries = [tokenize(q) for q in questions]
        gc.collect()
        before = rss_mb()
        t = time.perf_counter()
        fast = bm25s.BM25()
        fast.index(corpus_tokens, show_progress=False)
        fast_build = time.perf_counter() - t
        fast_mb = rss_mb() - before
        gc.collect()
        before = rss_mb()
        t = time.perf_counter()
        okapi = BM25Okapi(corpus_tokens)
        okapi_build = time.perf_counter() - t
        okapi_mb = rss_mb() - before
        fast_times, okapi_times = [], []
        for q in queries[:2]:
            fast.retrieve([q], k=50, show_progress=False)
        for q in queries:
            t = time.perf_counter()
            fast.retrieve([q], k=50, show_progress=False)
            fast_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            scores = okapi.get_scores(q)
            np.argpartition(-scores, 50)[:50]
            okapi_times.append(time.perf_counter() - t)
        n = len(corpus_tokens)
        f50, o50 = pct(fast_times, 50) * 1e3, pct(okapi_times, 50) * 1e3
        rows.append(Row(SECTION, f"rank-bm25 get_scores + top-50, {label} ({n:,} chunks)", o50, "ms", f50,
                        "bm25s retrieve k=50 (rag's choice)", note=f"{np.mean([len(t) for t in corpus_tokens]):.0f} "
                        f"tokens/chunk; 10 questions"))
        rows.append(Row(SECTION, f"rank-bm25 index time, {label}", okapi_build, "s", fast_build, "bm25s index"))
        rows.append(Row(SECTION, f"rank-bm25 memory (RSS growth), {label}", okapi_mb, "MB", max(fast_mb, 1.0),
                        "bm25s RSS growth", note="RSS deltas: rough, allocator-dependent"))
        del okapi, fast
        gc.collect()
    return rows
