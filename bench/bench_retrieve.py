"""Retrieve: p50/p95 of retrieve() vs the floor = one raw query encode + raw FAISS search + raw bm25s retrieve
of the same query, interleaved question by question; per-stage shares; filtered queries.

Scales: the seed index (real vectors) and synthetic 10k/100k-chunk indexes built through build_index with
FakeVectors (random unit vectors shaped like e5's; see common.py). Queries are embedded by the real model,
so the encode cost is real; what the dense search returns over fake vectors is meaningless, its cost is not.
"""
from __future__ import annotations

import time

import numpy as np

from bench.common import Row, Stages, judge, loadavg, pct

SECTION = "retrieve"
DEPTH = 50  # rag.retrieve.DEPTH: candidates taken from each retriever


def run(ctx) -> list[Row]:
    import importlib

    rag_retrieve = importlib.import_module("rag.retrieve")  # `rag.retrieve` the attribute is the function
    from rag.dense import DenseIndex
    from rag.embedding import Embedder
    from rag.index import open_index
    from rag.retrieve import retrieve
    from rag.sparse import SparseIndex
    from rag.text import tokenize

    questions = [q["question"] for q in ctx["retrieve_questions"]]
    rows: list[Row] = []
    summary, loads = {}, {}
    for label, path in ctx["retrieve_scales"]:
        index = open_index(path)
        model = index.embedder.model  # the SentenceTransformer itself: the floor calls it directly
        faiss_index, bm25 = index.dense.index, index.sparse.retriever
        k_sparse = min(DEPTH, len(index))
        tokens = {q: tokenize(q) for q in questions}
        load_start = loadavg()[0]

        def floor(q: str) -> float:
            t = time.perf_counter()
            v = model.encode_query([q], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            faiss_index.search(np.ascontiguousarray(v, dtype=np.float32), DEPTH)
            bm25.retrieve([tokens[q]], k=k_sparse, show_progress=False)
            return time.perf_counter() - t

        def pipeline(q: str, filters=None) -> float:
            t = time.perf_counter()
            retrieve(q, index=path, k=10, filters=filters)
            return time.perf_counter() - t

        for threads in ctx["retrieve_threads"]:
            _set_threads(threads)
            for q in questions[:3]:  # warm-up: first calls pay for lazy imports and caches
                floor(q), pipeline(q)
            floors, pipes = [], []
            # as shipped, under load, each call is slow and swings: fewer repetitions there
            for rep in range(ctx["retrieve_reps"] if threads else ctx["retrieve_reps_default"]):
                for i, q in enumerate(questions):
                    if (rep + i) % 2:
                        floors.append(floor(q)), pipes.append(pipeline(q))
                    else:
                        pipes.append(pipeline(q)), floors.append(floor(q))
            # one instrumented pass for the stage shares
            with Stages() as stages:
                stages.wrap(Embedder, "embed_query", "encode").wrap(DenseIndex, "search", "dense")
                stages.wrap(rag_retrieve, "tokenize", "sparse").wrap(SparseIndex, "search", "sparse")
                stages.wrap(SparseIndex, "coverage", "coverage").wrap(rag_retrieve, "open_index", "open_index")
                stages.wrap(rag_retrieve, "allowed_rows", "filters")
                total = sum(pipeline(q) for q in questions)
            shares = {k: v / total for k, v in stages.seconds.items()}
            shares["fusion, hits, rest"] = max(0.0, 1 - sum(shares.values()))
            raw_parts = _raw_parts(model, faiss_index, bm25, questions, tokens, k_sparse)
            p50, p95, f50, f95 = (pct(pipes, 50) * 1e3, pct(pipes, 95) * 1e3, pct(floors, 50) * 1e3,
                                  pct(floors, 95) * 1e3)
            at_100k = label == "100k"
            share_text = ", ".join(f"{k} {v:.0%}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1]))
            raw_text = ", ".join(f"{k} {v:.2f} ms" for k, v in raw_parts.items())
            default = threads is None
            how = "" if default else f", torch and faiss at {threads} thread (what-if)"
            target = ("ratio <= 1.3" + (" and p50 <= 50 ms" if at_100k else "")) if default else ""
            rows.append(Row(SECTION, f"retrieve() p50, {label} ({len(index):,} chunks){how}", p50, "ms", f50,
                            "raw encode_query + faiss search + bm25s retrieve", target,
                            judge(p50 / f50, 1.3, p50, 50.0 if at_100k else None) if default else None,
                            note=f"stages: {share_text}; raw p50s: {raw_text}",
                            extra={"shares": shares, "raw_parts_ms": raw_parts, "n": len(pipes), "threads": threads,
                                   "stage_seconds": dict(stages.seconds), "stage_calls": dict(stages.calls)}))
            rows.append(Row(SECTION, f"retrieve() p95, {label}{how}", p95, "ms", f95, "same floor, p95",
                            "ratio <= 1.3" if default else "", judge(p95 / f95, 1.3) if default else None))
            ctx["encode_ms"] = min(ctx.get("encode_ms") or 1e9, raw_parts["encode"])
            summary[(label, threads)] = (p50, shares, raw_parts)
            loads[label] = (load_start, loadavg()[0])
        if label == "seeds":
            continue
        # filters (the UI's sidebar: a source, a date range) at 1 thread, where timings are steady; the floor is
        # the unfiltered retrieve() interleaved with them, so the ratio is the cost of filtering
        _set_threads(1)
        source = _common_source(index)
        for name, filters in ((f"source={source}", {"source": source}), ("date_from", {"date_from": "2025-07-01"})):
            plain, filtered = [], []
            with Stages() as stages:
                stages.wrap(rag_retrieve, "allowed_rows", "filters")
                for q in questions:
                    plain.append(pipeline(q)), filtered.append(pipeline(q, filters))
            per_query = stages.seconds["filters"] / len(questions) * 1e3
            f50, p50 = pct(plain, 50) * 1e3, pct(filtered, 50) * 1e3
            rows.append(Row(SECTION, f"retrieve() p50 with filter {name}, {label}, 1 thread", p50, "ms", f50,
                            "unfiltered retrieve(), same questions, interleaved", "ratio <= 1.3",
                            judge(p50 / f50, 1.3),
                            note=f"allowed_rows: {per_query:.1f} ms per query (a Python scan of every chunk); "
                                 f"{sum(1 for c in index.chunks if c.source == source):,} chunks pass"
                                 if "source" in filters else f"allowed_rows: {per_query:.1f} ms per query"))
    _set_threads(None)
    for label, _ in ctx["retrieve_scales"]:
        if (label, None) in summary and (label, 1) in summary:
            (shipped, _, raw0), (one, shares1, raw1) = summary[(label, None)], summary[(label, 1)]
            ctx.findings.append(
                f"retrieve {label}: with torch and faiss at 1 thread, retrieve() p50 is {one:.0f} ms against "
                f"{shipped:.0f} ms as shipped ({shipped / one:.1f}x); raw query encode {raw1['encode']:.0f} vs "
                f"{raw0['encode']:.0f} ms, raw FAISS search {raw1['faiss']:.1f} vs {raw0['faiss']:.1f} ms "
                f"(load average {loads[label][0]:.1f} -> {loads[label][1]:.1f})")
    if ("100k", 1) in summary:
        shares = summary[("100k", 1)][1]
        ctx.findings.append(f"retrieve 100k at 1 thread: encode {shares.get('encode', 0):.0%}, exact FAISS "
                            f"{shares.get('dense', 0):.0%}, BM25 coverage (np.isin over posting lists) "
                            f"{shares.get('coverage', 0):.0%}, BM25 search {shares.get('sparse', 0):.0%}")
    return rows


_DEFAULT_THREADS: dict = {}


def _set_threads(n: int | None) -> None:
    """Both OpenMP pools (torch's and faiss's) to n threads; None: back to their defaults."""
    import faiss
    import torch

    if not _DEFAULT_THREADS:
        _DEFAULT_THREADS.update(torch=torch.get_num_threads(), faiss=faiss.omp_get_max_threads())
    torch.set_num_threads(n or _DEFAULT_THREADS["torch"])
    faiss.omp_set_num_threads(n or _DEFAULT_THREADS["faiss"])


def _common_source(index) -> str:
    from collections import Counter

    return Counter(c.source for c in index.chunks if c.source).most_common(1)[0][0]


def _raw_parts(model, faiss_index, bm25, questions, tokens, k_sparse) -> dict[str, float]:
    enc, dense, sparse = [], [], []
    for q in questions:
        t = time.perf_counter()
        v = model.encode_query([q], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        enc.append(time.perf_counter() - t)
        t = time.perf_counter()
        faiss_index.search(np.ascontiguousarray(v, dtype=np.float32), DEPTH)
        dense.append(time.perf_counter() - t)
        t = time.perf_counter()
        bm25.retrieve([tokens[q]], k=k_sparse, show_progress=False)
        sparse.append(time.perf_counter() - t)
    return {"encode": pct(enc, 50) * 1e3, "faiss": pct(dense, 50) * 1e3, "bm25s": pct(sparse, 50) * 1e3}
