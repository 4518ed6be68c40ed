"""The synthetic corpora: sizes, languages, uniqueness, parse check; and the scale-up index builds."""
from __future__ import annotations

import shutil
import time
from collections import Counter

from bench.common import CACHE, Row

SECTION = "corpus"


def run(ctx) -> list[Row]:
    from bench import corpus
    from rag.documents import load_documents

    rows = []
    for n in ctx["corpus_sizes"]:
        out = CACHE / f"corpus-check-{n}"
        shutil.rmtree(out, ignore_errors=True)
        t = time.perf_counter()
        paths = corpus.write_corpus(out, n)
        gen_s = time.perf_counter() - t
        t = time.perf_counter()
        docs = load_documents([out])
        parse_s = time.perf_counter() - t
        langs = Counter(d.lang for d in docs)
        unique = len({(d.title, d.body) for d in docs})
        chars = sum(len(d.body) for d in docs)
        rows.append(Row(SECTION, f"generate {n} briefs ({len(paths)} export files)", gen_s, "s", parse_s,
                        "rag load_documents of the result",
                        target="parsed back whole, all distinct", ok=len(docs) == n == unique,
                        note=f"{len(docs)} parsed, {unique} distinct; {chars / n:,.0f} chars/brief; "
                             f"{dict(langs)}; {len({d.source for d in docs})} sources; corpus "
                             f"{corpus.corpus_hash(paths)}"))
    for label in ctx["scales"]:
        path, src, record = ctx.synthetic(label)
        stages = record["stages_s"]
        embed = stages.get("fake embed_passages", 0.0)
        chunks = record["chunks"]
        rows.append(Row(SECTION, f"build_index {label}: {record['briefs']:,} briefs -> {chunks:,} chunks, "
                                 "fake vectors", record["build_s"], "s",
                        note=f"{chunks / (record['build_s'] - embed):,.0f} chunks/s without embedding: "
                             + ", ".join(f"{k} {v:.1f} s" for k, v in stages.items())
                             + (f"; cached from {record['built_at']} (load {record['loadavg'][0]})"
                                if record.get("cached") else ""),
                        extra=record))
    return rows
