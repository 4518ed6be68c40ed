"""What every benchmark shares: timers, percentiles, load and memory readings, the row format, stage
profiling by wrapping library functions, the random-vector embedder, and cached synthetic indexes.

A row is one measured figure next to its floor (the raw library doing the same work, measured in the same
run), the ratio value/floor, and the target it is judged against.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import resource
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
RESULTS = ROOT / "bench" / "results"
GOLD = ROOT / "eval" / "gold.jsonl"

log = logging.getLogger("bench")


# ---------------------------------------------------------------------------------------------- rows

@dataclass
class Row:
    section: str
    name: str  # what was measured
    value: float | None  # the pipeline's figure
    unit: str
    floor: float | None = None  # the raw library doing the same work, same run
    floor_name: str = ""
    target: str = ""  # e.g. "ratio <= 1.3 and <= 50 ms"
    ok: bool | None = None  # target met (None: no target)
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.floor:
            return None
        return self.value / self.floor

    def as_dict(self) -> dict:
        return asdict(self) | {"ratio": self.ratio}


def judge(ratio: float | None, max_ratio: float | None = None, value: float | None = None,
          max_value: float | None = None, min_ratio: float | None = None) -> bool | None:
    checks = []
    if max_ratio is not None and ratio is not None:
        checks.append(ratio <= max_ratio)
    if min_ratio is not None and ratio is not None:
        checks.append(ratio >= min_ratio)
    if max_value is not None and value is not None:
        checks.append(value <= max_value)
    return all(checks) if checks else None


# ---------------------------------------------------------------------------------------------- measuring

def pct(values, q: float) -> float:
    values = [v for v in values if v is not None and not math.isnan(v)]
    return float(np.percentile(values, q)) if values else float("nan")


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def rss_mb() -> float:
    """Current resident set size of this process, from /proc (no psutil)."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_rss_mb() -> float:
    """Peak resident set size of this process image (VmHWM). Not getrusage's ru_maxrss: Linux carries the
    pre-exec high-water mark over exec, so a child started from a big parent reports the parent's peak."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Stages:
    """Wall time per wrapped function: `with Stages() as s: s.wrap(module, "name") ...; s.seconds`.

    Wrapping replaces the attribute for the duration of the block (module functions or class methods);
    nested wrapped calls count in both stages. The wrapper costs ~1 µs per call.
    """

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._undo: list = []

    def wrap(self, owner, attr: str, label: str | None = None, *, record=None):
        original = getattr(owner, attr)
        label = label or attr
        seconds, calls = self.seconds, self.calls

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                result = original(*args, **kwargs)
            finally:
                seconds[label] += time.perf_counter() - t
                calls[label] += 1
            if record is not None:
                record(args, kwargs, result)
            return result

        timed.__wrapped__ = original
        self._undo.append((owner, attr, owner.__dict__.get(attr, _MISSING) if hasattr(owner, "__dict__") else _MISSING,
                           original))
        setattr(owner, attr, timed)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for owner, attr, own, original in reversed(self._undo):
            if own is _MISSING:  # it came from the class: removing the wrapper uncovers it again
                delattr(owner, attr)
            else:
                setattr(owner, attr, own)
        self._undo.clear()

    def reset(self):
        self.seconds.clear()
        self.calls.clear()


_MISSING = object()


# ---------------------------------------------------------------------------------------------- environment

def header() -> dict:
    import platform

    versions = {}
    for name in ("rag", "numpy", "torch", "sentence_transformers", "transformers", "faiss", "bm25s", "rank_bm25",
                 "llama_cpp", "jieba", "gradio"):
        try:
            from importlib.metadata import version

            dist = {"faiss": "faiss-cpu", "rank_bm25": "rank-bm25", "llama_cpp": "llama_cpp_python",
                    "sentence_transformers": "sentence-transformers"}.get(name, name)
            versions[name] = version(dist)
        except Exception:  # noqa: BLE001 - not installed
            versions[name] = None
    mem = {}
    with open("/proc/meminfo") as f:
        for line in f:
            key, value = line.split(":", 1)
            if key in ("MemTotal", "MemAvailable"):
                mem[key] = round(int(value.split()[0]) / 2**20, 1)
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    git = _git("rev-parse", "--short", "HEAD")
    dirty = _git("status", "--porcelain", "--", "rag", "app.py", strip=False)
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "host_cpu": cpu, "nproc": os.cpu_count(),
            "affinity": len(os.sched_getaffinity(0)), "ram_gib": mem.get("MemTotal"),
            "ram_available_gib": mem.get("MemAvailable"), "loadavg_start": loadavg(),
            "python": platform.python_version(), "versions": versions, "git": git,
            "rag_dirty_files": [line[3:] for line in (dirty or "").splitlines()],
            "torch_threads": _torch_threads()}


def _torch_threads():
    try:
        import torch

        return torch.get_num_threads()
    except Exception:  # noqa: BLE001
        return None


def _git(*args, strip: bool = True) -> str | None:
    try:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout
        return out.strip() if strip else out
    except (OSError, subprocess.SubprocessError):
        return None


# ---------------------------------------------------------------------------------------------- questions

def gold_questions() -> list[dict]:
    with GOLD.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def pick_questions(n: int, *, answerable: bool | None = True, langs=("zh", "en")) -> list[dict]:
    """n gold questions, alternating languages, in file order (deterministic)."""
    rows = [q for q in gold_questions() if answerable is None or q["answerable"] == answerable]
    by_lang = {lang: [q for q in rows if q["lang"] == lang] for lang in langs}
    out, i = [], 0
    while len(out) < n and any(by_lang.values()):
        lang = langs[i % len(langs)]
        if by_lang[lang]:
            out.append(by_lang[lang].pop(0))
        i += 1
    return out


# ---------------------------------------------------------------------------------------------- vectors

class FakeVectors:
    """Unit vectors with the shape of real e5 passage vectors, at no embedding cost.

    Each text gets normalize(w * a + (1 - w) * b + noise) for two real passage vectors a, b (the seed index's)
    chosen by the text's hash: anisotropic and clustered like real embeddings, deterministic per text.
    Retrieval quality over them means nothing; latency and memory do.
    """

    def __init__(self, base: np.ndarray, sigma: float = 0.025):
        self.base = np.ascontiguousarray(base, dtype=np.float32)
        self.sigma = sigma

    def __call__(self, texts, *, show_progress: bool = False) -> np.ndarray:
        out = np.empty((len(texts), self.base.shape[1]), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
            rng = np.random.default_rng(seed)
            a, b = rng.integers(len(self.base), size=2)
            w = rng.random()
            v = w * self.base[a] + (1 - w) * self.base[b] + self.sigma * rng.standard_normal(self.base.shape[1])
            out[i] = v / np.linalg.norm(v)
        return out


def seed_index_path() -> Path:
    return CACHE / "index-seeds"


def seed_index(*, show_progress: bool = False):
    """The seed export indexed with the real embedder (built once, then reused unless the seeds changed)."""
    from rag.index import build_index, load_index

    path = seed_index_path()
    info = build_index([ROOT / "seeds"], path, show_progress=show_progress)  # incremental: a no-op when unchanged
    return load_index(path), info


@contextlib.contextmanager
def fake_embedding(base: np.ndarray):
    """build_index embeds with FakeVectors instead of the model (the model's tokenizer still counts tokens)."""
    from rag.config import Settings
    from rag.embedding import get_embedder

    settings = Settings()
    embedder = get_embedder(settings.embedder, settings.batch_size)
    embedder.embed_passages = FakeVectors(base)  # instance attribute shadows the method
    try:
        yield embedder
    finally:
        del embedder.embed_passages


def rag_fingerprint() -> str:
    """What a cached synthetic index depends on: rag.index's version constants, the chunking settings, and the
    code of parsing, chunking and tokenizing (a change there makes build_index re-embed everything)."""
    from rag import index as rag_index
    from rag.config import Settings

    h = hashlib.sha256()
    constants = {k: v for k, v in sorted(vars(rag_index).items())  # FORMAT_VERSION, TOKENIZER, CHUNKER_VERSION...
                 if k.isupper() and isinstance(v, (int, str, dict, tuple))}
    h.update(json.dumps([constants, Settings().index_key()], sort_keys=True, default=str).encode())
    for name in ("chunking.py", "text.py", "documents.py", "types.py"):
        h.update((ROOT / "rag" / name).read_bytes())
    return h.hexdigest()[:12]


def synthetic_index(n_briefs: int, *, base: np.ndarray, capture_tokens: bool = False, label: str | None = None):
    """(index path, corpus dir, build record) for n synthetic briefs, built with fake vectors through the real
    build_index and cached under bench/.cache; the build record says how long it took when it was built."""
    from bench import corpus
    from rag.index import build_index, load_index
    from rag.errors import RagError

    label = label or f"{n_briefs}"
    generator = hashlib.sha256(Path(corpus.__file__).read_bytes()).hexdigest()[:8]
    key = f"{generator}-{rag_fingerprint()}-{hashlib.sha256(base.tobytes()).hexdigest()[:8]}"
    src = CACHE / f"corpus-{label}"
    out = CACHE / f"index-{label}"
    record_path = out / "bench-build.json"
    tokens_path = out / "bench-tokens.jsonl"
    if record_path.is_file():
        record = json.loads(record_path.read_text())
        if record.get("key") == key and (not capture_tokens or tokens_path.is_file()):
            try:
                load_index(out)
                return out, src, record | {"cached": True}
            except RagError as e:
                log.info("cached index %s unusable (%s): rebuilding", out, e)
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(src, ignore_errors=True)
    t = time.perf_counter()
    paths = corpus.write_corpus(src, n_briefs)
    generate_s = time.perf_counter() - t
    import rag.index as rag_index

    captured: list[list[str]] = []
    stages = Stages()
    with fake_embedding(base) as embedder, stages:
        stages.wrap(rag_index, "load_documents").wrap(rag_index, "chunk_document")
        stages.wrap(rag_index, "tokenize", record=(lambda a, k, r: captured.append(r)) if capture_tokens else None)
        stages.wrap(rag_index.SparseIndex, "build", "SparseIndex.build").wrap(rag_index.DenseIndex, "build",
                                                                              "DenseIndex.build")
        stages.wrap(rag_index, "_write_version").wrap(embedder, "embed_passages", "fake embed_passages")
        info = build_index([src], out)
    if capture_tokens:
        with tokens_path.open("w", encoding="utf-8") as f:
            for tokens in captured:
                f.write(json.dumps(tokens, ensure_ascii=False) + "\n")
    record = {"key": key, "briefs": n_briefs, "files": len(paths), "corpus_hash": corpus.corpus_hash(paths),
              "generate_s": round(generate_s, 2), "build_s": info.seconds, "documents": info.documents,
              "chunks": info.chunks, "stages_s": {k: round(v, 2) for k, v in stages.seconds.items()},
              "built_at": time.strftime("%Y-%m-%d %H:%M:%S"), "loadavg": loadavg()}
    record_path.write_text(json.dumps(record, indent=1))
    return out, src, record | {"cached": False}


def read_tokens(index_path: Path) -> list[list[str]]:
    with (index_path / "bench-tokens.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


# ---------------------------------------------------------------------------------------------- subprocesses

def run_json(args: list[str], *, timeout: float, cwd: Path = ROOT, env: dict | None = None) -> tuple[dict, float]:
    """Run a Python helper that prints one JSON object on its last stdout line; (object, wall seconds)."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=(os.environ | (env or {})))
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed ({proc.returncode}): {proc.stderr.strip()[-800:]}")
    last = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not last:
        raise RuntimeError(f"{' '.join(args[:3])} printed no JSON: {proc.stdout[-400:]} {proc.stderr[-400:]}")
    return json.loads(last[-1]), wall


def fmt(x, digits: int = 2) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if isinstance(x, float):
        if abs(x) >= 100:
            return f"{x:,.0f}"
        return f"{x:.{digits}f}"
    return str(x)
