"""The benchmark suite in one command: `python -m bench.run` (full, ~25 min) or `python -m bench.run --quick`
(~5 min). Writes bench/results/<date>[-quick].md and .json; see bench/README.md."""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):  # `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import CACHE, RESULTS, ROOT, Row, header, loadavg, pick_questions  # noqa: E402

SECTIONS = ("corpus", "build", "retrieve", "bm25", "faiss", "answer", "incremental", "coldstart")
# Synthetic briefs give ~6.1 chunks each (median body ~1,400 characters, 240-token chunks).
BRIEFS_FOR = {"10k": 1650, "100k": 16500}
PARAMS = {
    "full": {"corpus_sizes": (100, 1000), "scales": ("10k", "100k"),
             "build_briefs": 50, "build_pairs": 1,  # ~300 chunks: ~40-80 s per side at 4-8 chunks/s
             "n_retrieve_questions": 20, "retrieve_reps": 2, "retrieve_reps_default": 1,
             "retrieve_threads": (None, 1),
             "hnsw_ef": (16, 64, 128),
             # LLM calls dominate: ~20-70 s each on 2 loaded cores
             "ratio_questions": 3, "ratio_max_tokens": 16, "tradeoff_questions": 4, "source_tokens": (150, 300, 500),
             "incremental_base": 1000, "coldstart_ask": True},
    "quick": {"corpus_sizes": (100,), "scales": ("10k",),
              "build_briefs": 8, "build_pairs": 1,
              "n_retrieve_questions": 8, "retrieve_reps": 1, "retrieve_reps_default": 1,
              "retrieve_threads": (None, 1),
              "hnsw_ef": (64, 128),
              "ratio_questions": 1, "ratio_max_tokens": 16, "tradeoff_questions": 1, "source_tokens": (150, 300),
              "incremental_base": 100, "coldstart_ask": False},
}
ABOUT = {
    "corpus": "Briefs in the seed export format from real sentences (seeds, RGB, CMRC 2018, XQuAD); brief i depends "
              "only on (seed, i). The 10k/100k-chunk indexes go through the real `build_index` with the embedder's "
              "`embed_passages` replaced by FakeVectors (random unit vectors shaped like e5 passage vectors): "
              "embedding 100k chunks for real takes ~3.6 h here. Their build times are everything but embedding; "
              "they are cached in bench/.cache and rebuilt when rag's chunking, tokenizer or format changes.",
    "build": "Fresh subprocess per side, model loaded before the clock starts on both; peak RSS = VmHWM of the "
             "process (getrusage's ru_maxrss would include the parent's peak: Linux keeps it across exec).",
    "retrieve": "{n_retrieve_questions} gold questions (zh/en alternating) x {retrieve_reps} ({retrieve_reps_default} "
                "as shipped), pipeline and floor "
                "interleaved per question; stage shares from one extra pass with timing wrappers. 10k/100k: "
                "FakeVectors in FAISS, real BM25 over the synthetic chunk texts, real query encoder. Run twice: "
                "with torch and faiss at their default thread counts (rag as shipped), and at 1 thread each.",
    "answer": "{ratio_questions} answerable gold questions, greedy, at most {ratio_max_tokens} new tokens on both sides "
              "(decoding runs at ~1 token/s on loaded cores); the llama.cpp KV cache is reset before every call on both sides (otherwise "
              "the raw call would reuse the ask call's prompt). TTFT of ask() counts from the call (retrieve + "
              "sentence selection + prefill); raw TTFT from create_chat_completion. tokens/s = generated tokens "
              "after the first / time from first to last piece.",
    "incremental": "Base index built with FakeVectors (cached); the added brief is embedded by the real model.",
    "coldstart": "Fresh processes; floors are the same work done with the raw libraries.",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a ~5 minute version: smaller sizes, fewer questions")
    parser.add_argument("--only", help=f"comma-separated sections of {','.join(SECTIONS)}")
    parser.add_argument("--out", default=str(RESULTS), help="results folder (default: bench/results)")
    parser.add_argument("--name", help="result file name without extension (default: the date)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s: %(message)s")
    import bm25s  # noqa: F401 - it sets its own logger to DEBUG on import: quiet it after that

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.chdir(ROOT)
    sections = [s.strip() for s in args.only.split(",")] if args.only else list(SECTIONS)
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s) {sorted(unknown)}; expected some of {list(SECTIONS)}")
    started = time.perf_counter()
    CACHE.mkdir(parents=True, exist_ok=True)
    ctx = Context(PARAMS["quick" if args.quick else "full"], quick=args.quick)
    result = {"command": "python -m bench.run" + (" --quick" if args.quick else "")
                         + (f" --only {args.only}" if args.only else ""),
              "quick": args.quick, "header": header(), "params": ctx.params, "sections": {}, "rows": []}
    for name in sections:
        _progress(f"[{time.perf_counter() - started:6.0f} s] {name} (load {loadavg()[0]:.1f})")
        t, load = time.perf_counter(), loadavg()
        meta = {"about": ABOUT.get(name, "").format(**ctx.params)}
        try:
            module = importlib.import_module(f"bench.bench_{name}")
            rows: list[Row] = module.run(ctx)
            result["rows"].extend(r.as_dict() for r in rows)
            meta["tables"] = ctx.tables.pop(name, [])
            for other, tables in ctx.tables.items():  # tables for a pseudo-section (answer -> prompt)
                result["sections"].setdefault(other, {}).setdefault("tables", []).extend(tables)
            ctx.tables.clear()
        except Exception as e:  # noqa: BLE001 - one failing section must not lose the others
            traceback.print_exc()
            meta["error"] = f"{type(e).__name__}: {e}"
        meta |= {"seconds": round(time.perf_counter() - t, 1), "loadavg": [load, loadavg()]}
        result["sections"][name] = meta
    result["loadavg_end"] = loadavg()
    result["elapsed_s"] = round(time.perf_counter() - started, 1)
    result["findings"] = ctx.findings
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = args.name or time.strftime("%Y-%m-%d") + ("-quick" if args.quick else "")
    (out / f"{stem}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1, default=_plain) + "\n",
                                      encoding="utf-8")
    from bench.report import markdown

    (out / f"{stem}.md").write_text(markdown(result), encoding="utf-8")
    _progress(f"done in {result['elapsed_s'] / 60:.1f} min: {out / stem}.md and .json")
    return 0


def _plain(x):
    try:
        return float(x)
    except (TypeError, ValueError):
        return str(x)


def _progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Context(dict):
    """Parameters plus shared, lazily built things (seed index, base vectors, synthetic indexes)."""

    def __init__(self, params: dict, *, quick: bool):
        super().__init__(params)
        self.params, self.quick = dict(params), quick
        self.tables: dict[str, list[str]] = {}
        self.findings: list[str] = []
        self._built: dict[str, tuple] = {}

    def __missing__(self, key):
        if key == "retrieve_questions":
            value = pick_questions(self["n_retrieve_questions"], answerable=None)
        elif key == "answer_questions":
            n = max(self["ratio_questions"], self["tradeoff_questions"])
            value = pick_questions(n - 1 if n >= 4 else n, answerable=True)
            value += pick_questions(1, answerable=False, langs=("zh",)) if n >= 4 else []
        elif key == "seed_index":
            from bench.common import seed_index

            value = seed_index()[0]
        elif key == "base_vectors":
            value = self["seed_index"].dense.vectors()
        elif key == "retrieve_scales":
            value = [("seeds", str(self["seed_index"].path))] + [(s, str(self.synthetic(s)[0])) for s in self["scales"]]
        elif key in ("bm25_scales", "faiss_scales"):
            value = [(s, self.synthetic(s)[0]) for s in self["scales"]]
        elif key == "query_vectors":
            from bench.common import gold_questions

            model = self["seed_index"].embedder.model
            value = model.encode_query([q["question"] for q in gold_questions()], normalize_embeddings=True,
                                       convert_to_numpy=True, show_progress_bar=False).astype("float32")
        else:
            raise KeyError(key)
        self[key] = value
        return value

    def synthetic(self, label: str):
        """(index path, corpus dir, build record) of a synthetic index: "10k", "100k" or a brief count."""
        if label not in self._built:
            from bench.common import synthetic_index

            n = BRIEFS_FOR.get(label) or int(label)
            _progress(f"    synthetic index {label} ({n} briefs; cached after the first build)")
            self._built[label] = synthetic_index(n, base=self["base_vectors"], capture_tokens=label in BRIEFS_FOR,
                                                 label=label)
        return self._built[label]


if __name__ == "__main__":
    sys.exit(main())
