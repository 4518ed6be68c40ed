"""FAISS index types at 10k/100k vectors: exact Flat (the floor) vs HNSW (rag's ANN choice, M=32) and IVF:
recall@10 against Flat, single-query latency at rag's depth (top-50), build time, size on disk.

Two vector sets: "e5-like" (the synthetic index's FakeVectors, built from real e5 passage vectors; queries are
the real e5 embeddings of the gold questions) and "random" (isotropic unit vectors, the ANN worst case; 10k
only, queries random too). Ends with the ann_threshold the numbers suggest.
"""
from __future__ import annotations

import time

import numpy as np

from bench.common import Row, fmt, pct

SECTION = "faiss"
DEPTH = 50


def run(ctx) -> list[Row]:
    import faiss

    from rag.config import Settings
    from rag.index import open_index

    rows: list[Row] = []
    queries_e5 = ctx["query_vectors"]
    for label, path in ctx["faiss_scales"]:
        vectors = open_index(path).dense.vectors()
        sets = [("e5-like", vectors, queries_e5)]
        if label == "10k":
            rng = np.random.default_rng(0)
            rand = rng.standard_normal(vectors.shape).astype(np.float32)
            rand /= np.linalg.norm(rand, axis=1, keepdims=True)
            q = rng.standard_normal((len(queries_e5), vectors.shape[1])).astype(np.float32)
            q /= np.linalg.norm(q, axis=1, keepdims=True)
            sets.append(("random", rand, q))
        for data, x, q in sets:
            n, d = x.shape
            flat = faiss.IndexFlatIP(d)
            flat.add(x)
            _, truth = flat.search(q, 10)
            flat_ms = _latency(flat, q)
            threads = faiss.omp_get_max_threads()
            faiss.omp_set_num_threads(1)
            flat_1 = _latency(flat, q)
            faiss.omp_set_num_threads(threads)
            rows.append(Row(SECTION, f"Flat search, {label} ({n:,}), {data}", flat_ms, "ms", flat_ms,
                            "itself (exact)", note=f"recall@10 1.000; {_size_mb(flat):.0f} MB; "
                                                   f"{threads} OpenMP threads (faiss default)"))
            rows.append(Row(SECTION, f"Flat search at 1 OpenMP thread, {label}, {data}", flat_1, "ms", flat_ms,
                            "Flat search, default threads", extra={"n": n}))
            t = time.perf_counter()
            hnsw = faiss.IndexHNSWFlat(d, 32, faiss.METRIC_INNER_PRODUCT)
            hnsw.add(x)
            hnsw_build = time.perf_counter() - t
            for ef in ctx["hnsw_ef"]:
                hnsw.hnsw.efSearch = ef
                recall = _recall(hnsw, q, truth)
                ms = _latency(hnsw, q)
                rows.append(Row(SECTION, f"HNSW32 efSearch={ef}, {label}, {data}", ms, "ms", flat_ms, "Flat search",
                                note=f"recall@10 {recall:.3f}; build {hnsw_build:.1f} s; {_size_mb(hnsw):.0f} MB"
                                     + ("; rag's setting" if ef == 128 else ""),
                                extra={"recall@10": recall, "build_s": hnsw_build}))
            nlist = int(4 * np.sqrt(n))
            t = time.perf_counter()
            ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, nlist, faiss.METRIC_INNER_PRODUCT)
            ivf.train(x[np.random.default_rng(1).permutation(n)[:max(40 * nlist, 10_000)]])
            ivf.add(x)
            ivf_build = time.perf_counter() - t
            for nprobe in (8, 32):
                ivf.nprobe = nprobe
                recall = _recall(ivf, q, truth)
                ms = _latency(ivf, q)
                rows.append(Row(SECTION, f"IVF{nlist} nprobe={nprobe}, {label}, {data}", ms, "ms", flat_ms,
                                "Flat search", note=f"recall@10 {recall:.3f}; build {ivf_build:.1f} s",
                                extra={"recall@10": recall, "build_s": ivf_build}))
    # where exact search stops being cheap next to the query encode (a data point for ann_threshold, which
    # must also weigh HNSW's recall and its rebuild on every build_index)
    encode_ms = ctx.get("encode_ms") or 37.0
    flats = [(r.extra["n"], r.value) for r in rows if r.name.startswith("Flat search at 1") and "e5-like" in r.name]
    per_vector = max(ms / n for n, ms in flats)
    budget_ms = 0.25 * encode_ms
    crossover = int(round(budget_ms / per_vector, -4)) if per_vector else None
    current = Settings().ann_threshold
    rows.append(Row(SECTION, "vectors at which exact search costs 1/4 of the query encode", crossover, "vectors",
                    current, "ann_threshold now",
                    note=f"exact search at 1 thread: {per_vector * 1e6:.0f} ns/vector per query at the largest "
                         f"scale; query encode {encode_ms:.0f} ms at 1 thread",
                    extra={"flat_ms": flats, "encode_ms": encode_ms}))
    hnsw = {(r.name.split(", ")[1], r.extra.get("recall@10"), r.extra.get("build_s"), r.value) for r in rows
            if r.name.startswith("HNSW32 efSearch=128") and "e5-like" in r.name}
    for scale, recall, build_s, ms in sorted(hnsw):
        flat1 = next((r.value for r in rows if r.name == f"Flat search at 1 OpenMP thread, {scale}, e5-like"), None)
        ctx.findings.append(f"faiss {scale}: HNSW (rag's M=32, efSearch=128) answers in {ms:.2f} ms with recall@10 "
                            f"{recall:.3f} against exact search, which takes {fmt(flat1)} ms at 1 thread; HNSW takes "
                            f"{build_s:.0f} s to build, and build_index rebuilds the dense index from all vectors on "
                            f"every update")
    return rows


def _latency(index, q, k: int = DEPTH) -> float:
    for row in q[:3]:
        index.search(row.reshape(1, -1), k)
    times = []
    for row in q:
        t = time.perf_counter()
        index.search(row.reshape(1, -1), k)
        times.append(time.perf_counter() - t)
    return pct(times, 50) * 1e3


def _recall(index, q, truth) -> float:
    _, got = index.search(q, 10)
    return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(got, truth)]))


def _size_mb(index) -> float:
    import faiss

    return len(faiss.serialize_index(index)) / 2**20
