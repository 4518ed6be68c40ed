"""Build: chunks/s and peak RSS of build_index vs raw SentenceTransformer.encode_document of the same texts.

Each side runs in its own fresh subprocess (peak RSS is per process), the model loaded before the clock
starts on both sides, the same batch size. The texts are what the build embedded: the search texts of the
chunks it made and their sentences (rag/sentences.py).
"""
from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from bench.common import CACHE, Row, judge, loadavg, peak_rss_mb, rss_mb, run_json

SECTION = "build"


def run(ctx) -> list[Row]:
    from bench import corpus
    from rag.index import load_index
    from rag.models import embedder_path
    from rag.sentences import split

    n_briefs = ctx["build_briefs"]
    src = CACHE / f"corpus-build-{n_briefs}"
    shutil.rmtree(src, ignore_errors=True)
    corpus.write_corpus(src, n_briefs)
    builds, floors = [], []
    for attempt in range(ctx["build_pairs"]):
        out = CACHE / "index-build"
        shutil.rmtree(out, ignore_errors=True)
        b, b_wall = run_json(["-m", "bench.bench_build", "build", str(src), str(out)], timeout=1800)
        texts = CACHE / "build-texts.json"
        chunks = load_index(out).chunks  # the build embeds each chunk and each of its sentences (sentences.py)
        embedded = [c.search_text for c in chunks] + [c.text[a:b].strip() for c in chunks for a, b in split(c)]
        texts.write_text(json.dumps(embedded, ensure_ascii=False))
        f, f_wall = run_json(["-m", "bench.bench_build", "floor", str(texts), embedder_path(),
                              str(b["batch_size"])], timeout=1800)
        builds.append(b | {"wall_s": round(b_wall, 2)})
        floors.append(f | {"wall_s": round(f_wall, 2)})
    # what the batch size does to peak memory: the raw encode again at batch 8 (first 96 texts)
    small = CACHE / "build-texts-96.json"
    small.write_text(json.dumps(json.loads(texts.read_text(encoding="utf-8"))[:96], ensure_ascii=False))
    probe, _ = run_json(["-m", "bench.bench_build", "floor", str(small), embedder_path(), "8"], timeout=1800)
    chunks = builds[0]["chunks"]
    build_rate = sorted(chunks / b["build_s"] for b in builds)[len(builds) // 2]
    floor_rate = sorted(chunks / f["encode_s"] for f in floors)[len(floors) // 2]
    b, f = builds[0], floors[0]
    ratio = build_rate / floor_rate
    stages = b["stages_s"]
    other = b["build_s"] - stages.get("embed_passages", 0.0)
    rows = [Row(SECTION, f"build_index throughput ({chunks} chunks, {n_briefs} briefs, batch {b['batch_size']})",
                build_rate, "chunks/s", floor_rate, "raw encode_document, same texts and batch size",
                "ratio >= 0.9", judge(ratio, min_ratio=0.9),
                note=f"build {b['build_s']:.1f} s = embedding {stages.get('embed_passages', 0):.1f} s + "
                     f"everything else {other:.1f} s (chunking {stages.get('chunk_document', 0):.1f}, BM25 "
                     f"tokenize {stages.get('tokenize', 0):.1f}, write {stages.get('_write_version', 0):.1f}); "
                     f"raw encode {f['encode_s']:.1f} s",
                extra={"builds": builds, "floors": floors})]
    floor_mb = f["weights_mb"] + f["vectors_mb"]
    limit = 1.2 * floor_mb + 300
    rows.append(Row(SECTION, "build peak RSS", b["peak_rss_mb"], "MB", floor_mb,
                    "model weights + vectors (fp32 bytes)", "<= 1.2 x floor + 300 MB",
                    b["peak_rss_mb"] <= limit,
                    note=f"limit {limit:.0f} MB; the raw encode process peaks at {f['peak_rss_mb']:.0f} MB "
                         f"(build/raw process {b['peak_rss_mb'] / f['peak_rss_mb']:.2f}x); build RSS after model "
                         f"load {b['rss_after_load_mb']:.0f} MB"))
    rows.append(Row(SECTION, f"raw encode peak RSS at batch 8 ({probe['texts']} of the texts)", probe["peak_rss_mb"],
                    "MB", f["peak_rss_mb"], f"raw encode at batch {b['batch_size']}, all texts",
                    note=f"{probe['texts'] / probe['encode_s']:.2f} chunks/s at batch 8 vs {floor_rate:.2f} at "
                         f"{b['batch_size']}"))
    reach = "within" if f["peak_rss_mb"] <= limit else "above"
    ctx.findings.append(f"build: peak RSS {b['peak_rss_mb']:.0f} MB against {f['peak_rss_mb']:.0f} MB for the raw "
                        f"encode process ({b['peak_rss_mb'] / f['peak_rss_mb']:.2f}x); the raw process itself is {reach} "
                        f"the weights + vectors limit ({limit:.0f} MB); at batch 8 it peaks at "
                        f"{probe['peak_rss_mb']:.0f} MB; the build holds {b['rss_after_load_mb']:.0f} MB once the "
                        f"model is loaded")
    return rows


# ---------------------------------------------------------------------------------------------- workers

def _build(src: str, out: str) -> dict:
    import rag.index as rag_index
    from bench.common import Stages
    from rag.config import Settings
    from rag.embedding import get_embedder

    settings = Settings()
    embedder = get_embedder(settings.embedder, settings.batch_size)
    t = time.perf_counter()
    embedder.model  # noqa: B018 - load the weights before the clock starts (the floor does the same)
    load_s = time.perf_counter() - t
    after_load = rss_mb()
    load = loadavg()
    with Stages() as stages:
        stages.wrap(rag_index, "load_documents").wrap(rag_index, "chunk_document").wrap(rag_index, "tokenize")
        stages.wrap(rag_index.SparseIndex, "build", "SparseIndex.build")
        stages.wrap(rag_index.DenseIndex, "build", "DenseIndex.build").wrap(rag_index, "_write_version")
        stages.wrap(embedder, "embed_passages")
        t = time.perf_counter()
        info = rag_index.build_index([src], out, rebuild=True)
        build_s = time.perf_counter() - t
    return {"build_s": round(build_s, 3), "chunks": info.chunks, "documents": info.documents,
            "embedded": info.embedded, "batch_size": settings.batch_size, "model_load_s": round(load_s, 2),
            "stages_s": {k: round(v, 3) for k, v in stages.seconds.items()},
            "peak_rss_mb": round(peak_rss_mb(), 1), "rss_after_load_mb": round(after_load, 1),
            "loadavg": [load, loadavg()]}


def _floor(texts_file: str, model_dir: str, batch_size: str) -> dict:
    """Raw sentence-transformers over the build's chunk texts, in a process that never imports rag."""
    from sentence_transformers import SentenceTransformer

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    batch_size = int(batch_size)
    t = time.perf_counter()
    model = SentenceTransformer(model_dir, device="cpu")
    load_s = time.perf_counter() - t
    load = loadavg()
    t = time.perf_counter()
    vectors = model.encode_document(texts, batch_size=batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
    encode_s = time.perf_counter() - t
    weights = sum(p.numel() * p.element_size() for p in model.parameters())
    return {"encode_s": round(encode_s, 3), "texts": len(texts), "model_load_s": round(load_s, 2),
            "weights_mb": round(weights / 2**20, 1), "vectors_mb": round(vectors.nbytes / 2**20, 2),
            "peak_rss_mb": round(peak_rss_mb(), 1), "loadavg": [load, loadavg()]}


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.WARNING)
    mode, *args = sys.argv[1:]
    print(json.dumps(_build(*args) if mode == "build" else _floor(*args)))
