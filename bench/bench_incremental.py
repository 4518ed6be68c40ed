"""Incremental: add one brief to an N-brief index (vectors of the N briefs from FakeVectors, cached; the new
brief embedded by the real model), then delete one; check what was embedded and that deleted chunks never
come back. The floor of the add is raw encode_document of the new brief's chunks."""
from __future__ import annotations

import dataclasses
import importlib
import shutil
import time

from bench.common import CACHE, Row, Stages

SECTION = "incremental"


def run(ctx) -> list[Row]:
    from bench import corpus
    from rag.config import Settings
    from rag.documents import load_documents
    from rag.embedding import get_embedder
    from rag.index import load_index

    rag_index = importlib.import_module("rag.index")
    retrieve = importlib.import_module("rag.retrieve").retrieve
    n = ctx["incremental_base"]
    index_path, src_path, record = ctx.synthetic(str(n))
    work = CACHE / "work-incremental"
    shutil.rmtree(work, ignore_errors=True)
    src, out = work / "src", work / "index"
    shutil.copytree(src_path, src)
    shutil.copytree(index_path, out)
    settings = Settings()
    embedder = get_embedder(settings.embedder, settings.batch_size)
    model = embedder.model  # loaded before the clock starts
    base_chunks = len(load_index(out))

    def build() -> tuple:
        with Stages() as stages:
            stages.wrap(rag_index, "load_documents").wrap(rag_index, "_previous_for_reuse", "load previous index")
            stages.wrap(rag_index, "chunk_document").wrap(embedder, "embed_passages").wrap(rag_index, "tokenize")
            stages.wrap(rag_index.SparseIndex, "build", "SparseIndex.build")
            stages.wrap(rag_index.DenseIndex, "build", "DenseIndex.build").wrap(rag_index, "_write_version")
            t = time.perf_counter()
            info = rag_index.build_index([src], out)
            seconds = time.perf_counter() - t
        return info, seconds, dict(stages.seconds)

    # add brief n (a new export file)
    before_ids = {d.doc_id for d in load_documents([src])}
    corpus.write_corpus(src, n + 1, start=n)
    new_ids = {d.doc_id for d in load_documents([src])} - before_ids
    info, add_s, stages = build()
    new_chunks = [c for c in load_index(out).chunks if c.doc_id in new_ids]
    t = time.perf_counter()
    model.encode_document([c.search_text for c in new_chunks], batch_size=settings.batch_size,
                          normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    floor_s = time.perf_counter() - t
    stage_text = ", ".join(f"{k} {v:.2f} s" for k, v in sorted(stages.items(), key=lambda kv: -kv[1]))
    rows = [Row(SECTION, f"add 1 brief ({len(new_chunks)} chunks) to a {n:,}-brief index ({base_chunks:,} chunks)",
                add_s, "s", floor_s, "raw encode_document of the new chunks", "<= 2 s", add_s <= 2.0,
                note=stage_text, extra={"stages_s": stages, "info": dataclasses.asdict(info)}),
            Row(SECTION, "chunks embedded by that build", info.embedded, "chunks", len(new_chunks),
                "chunks of the new brief", "equal (no re-embedding)", info.embedded == len(new_chunks),
                note=f"{info.reused:,} reused")]
    # delete brief 7 of the first export file (the file is rewritten without it, as an export would be)
    first = corpus.generate(min(n, 50))[0]
    victim = first[7]
    path = src / "brief_00000.txt"
    kept = [b for i, b in enumerate(first) if i != 7]
    ids_before = {d.doc_id for d in load_documents([path])}
    path.write_text(corpus.render_export(0, kept), encoding="utf-8")
    gone = ids_before - {d.doc_id for d in load_documents([path])}
    queries = [victim.title, victim.body[:120]]
    hits_before = sum(any(h.doc_id in gone for h in retrieve(q, index=out, k=50)) for q in queries)
    info_del, del_s, stages_del = build()
    index = load_index(out)
    left_chunks = sum(c.doc_id in gone for c in index.chunks)
    hits_after = sum(any(h.doc_id in gone for h in retrieve(q, index=out, k=50)) for q in queries)
    filtered = retrieve(victim.title, index=out, k=50, filters={"doc_ids": sorted(gone)})
    ok = len(gone) == 1 and left_chunks == 0 and hits_after == 0 and not filtered
    rows.append(Row(SECTION, "delete 1 brief: rebuild time", del_s, "s", None, "", "<= 2 s", del_s <= 2.0,
                    note=", ".join(f"{k} {v:.2f} s" for k, v in sorted(stages_del.items(), key=lambda kv: -kv[1]))
                         + f"; embedded {info_del.embedded}, removed {info_del.removed_documents}"))
    rows.append(Row(SECTION, "delete 1 brief: its chunks in results afterwards", hits_after + left_chunks, "",
                    target="0", ok=ok,
                    note=f"{', '.join(sorted(gone))}: found by {hits_before}/{len(queries)} title/body queries at "
                         f"k=50 before, {hits_after} after; {left_chunks} chunks left in the index; a doc_ids filter "
                         f"on it returns {len(filtered)} hits"))
    overhead = add_s - stages.get("embed_passages", 0.0)
    rebuilt = sum(stages.get(k, 0.0) for k in ("tokenize", "SparseIndex.build", "load_documents", "_write_version"))
    finding = (f"incremental: adding 1 brief to {base_chunks:,} chunks costs {overhead:.2f} s besides embedding it, "
               f"{rebuilt:.2f} s of it re-reading all briefs and re-tokenizing and re-indexing every chunk for BM25")
    big = getattr(ctx, "_built", {}).get("100k")
    if big:
        st = big[2]["stages_s"]
        est = sum(st.get(k, 0.0) for k in ("tokenize", "SparseIndex.build", "load_documents", "_write_version"))
        finding += (f"; at {big[2]['chunks']:,} chunks the same steps took {est:.0f} s in the synthetic build, so one "
                    "added brief would cost about that")
    ctx.findings.append(finding)
    shutil.rmtree(work, ignore_errors=True)
    return rows
