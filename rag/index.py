"""Index = chunks + dense (FAISS) + sparse (BM25) + manifest; build, update and load it safely.

On disk an index is a folder holding versions and a pointer to the live one:

    index/CURRENT            name of the live version (replaced atomically)
    index/v<time>/manifest.json  chunks.jsonl  dense.faiss  sparse/  sentences.npy  sentence_rows.npy

A build writes a new version next to the live one and only then switches CURRENT, so a crash at any point
leaves the previous index loadable; the version before the live one is kept for readers still using it.
"""
from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunking import chunk_document
from .config import Settings
from .dense import DenseIndex
from .documents import load_documents
from .embedding import get_embedder
from .errors import BadInput, IndexCorrupt, IndexMismatch, IndexNotFound
from .sentences import FILES as SENTENCE_FILES
from .sentences import SentenceVectors
from .sparse import SparseIndex
from .text import tokenize
from .types import Chunk, Document

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
TOKENIZER = {"name": "rag.text.tokenize", "version": 1}  # bump when tokenize() changes its output
# bump when parsing or chunking changes the chunks of an unchanged file: a build then re-chunks and re-embeds
# every document instead of keeping the old chunks of those whose content hash is unchanged
CHUNKER_VERSION = 1
DEFAULT_INDEX = "index"
DEFAULT_SOURCES = ("seeds",)


@dataclass(frozen=True, slots=True)
class IndexInfo:
    path: str
    version: str
    documents: int
    chunks: int
    embedded: int  # chunks embedded by this build
    reused: int  # chunks whose vectors were kept from the previous index (unchanged documents)
    removed_documents: int
    seconds: float


class Index:
    """A loaded index. Cheap to keep around; the embedder loads on first query."""

    def __init__(self, path: Path, version: str, manifest: dict, chunks: list[Chunk], dense: DenseIndex,
                 sparse: SparseIndex, sentences: SentenceVectors | None = None):
        self.path, self.version, self.manifest = path, version, manifest
        self.chunks, self.dense, self.sparse = chunks, dense, sparse
        self.sentences = sentences  # None for an index built before sentence vectors (still searchable)
        self.settings = Settings().replace(**manifest["settings"])
        self.row_of = {c.chunk_id: i for i, c in enumerate(chunks)}

    def __repr__(self) -> str:
        return f"Index({str(self.path)!r}, {self.manifest['counts']['documents']} docs, {len(self.chunks)} chunks)"

    def __len__(self) -> int:
        return len(self.chunks)

    @property
    def embedder(self):
        embedder = get_embedder(self.settings.embedder, self.settings.batch_size)
        if embedder.dim != self.dense.index.d:  # the model behind the name changed since the build
            raise IndexMismatch(f"index at {self.path} holds {self.dense.index.d}-d vectors but embedder "
                                f"{self.settings.embedder!r} now gives {embedder.dim}-d ones; "
                                "run `rag index --rebuild`")
        return embedder

    @property
    def sources(self) -> list[str]:
        return sorted({c.source for c in self.chunks if c.source})

    @property
    def date_range(self) -> tuple[str | None, str | None]:
        dates = sorted(c.date for c in self.chunks if c.date)
        return (dates[0], dates[-1]) if dates else (None, None)


def document_hash(doc: Document) -> str:
    payload = json.dumps([doc.title, doc.body, doc.source, doc.date, doc.collection], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def build_index(sources: Iterable[str | os.PathLike] = ("seeds",), out: str | os.PathLike = "index", *,
                rebuild: bool = False, show_progress: bool = False, **settings) -> IndexInfo:
    """Index `sources` into `out`, re-embedding only documents that are new or changed since the last build.

    Any failure leaves the previous index as it was.
    """
    started = time.perf_counter()
    out = Path(out)
    config = Settings().replace(**settings)
    documents = load_documents(sources)
    if not documents:
        raise BadInput(f"no documents found in {[str(s) for s in sources]}; "
                       "give brief exports (.txt), .md/.txt files or corpus .jsonl files")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise BadInput(f"cannot create the index folder {out} ({e.strerror}); "
                       "choose a writable folder with --out") from e
    with _build_lock(out):
        _remove_stale(out)
        previous = None if rebuild else _previous_for_reuse(out, config)
        embedder = get_embedder(config.embedder, config.batch_size)
        if previous is not None and previous.dense.index.d != embedder.dim:
            log.info("the embedder now gives %d-d vectors, the index holds %d-d: embedding everything again",
                     embedder.dim, previous.dense.index.d)
            previous = None
        old = _chunks_by_doc(previous)
        chunks: list[Chunk] = []
        reused_rows: list[int] = []  # rows of the previous index, in the order of `chunks` (None: new)
        fresh: list[Chunk] = []
        hashes = {}
        for doc in documents:
            digest = hashes[doc.doc_id] = document_hash(doc)
            kept = old.get(doc.doc_id)
            if kept and previous.manifest["documents"][doc.doc_id]["hash"] == digest:
                chunks.extend(kept)
                reused_rows.extend(previous.row_of[c.chunk_id] for c in kept)
            else:
                new = chunk_document(doc, embedder.count_tokens, config)
                chunks.extend(new)
                fresh.extend(new)
                reused_rows.extend([-1] * len(new))
        log.info("indexing %d documents: %d chunks to embed, %d reused", len(documents), len(fresh),
                 len(chunks) - len(fresh))
        new_vectors = embedder.embed_passages([c.search_text for c in fresh], show_progress=show_progress)
        vectors = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
        rows = np.asarray(reused_rows, dtype=np.int64)
        if previous is not None and (rows >= 0).any():
            vectors[rows >= 0] = previous.dense.vectors()[rows[rows >= 0]]
        vectors[rows < 0] = new_vectors
        dense = DenseIndex.build(vectors, ann_threshold=config.ann_threshold)
        old_sentences = previous.sentences if previous is not None else None
        sentences = SentenceVectors.build(
            chunks, embedder.embed_passages, embedder.dim,
            reuse=lambda i: old_sentences.of(reused_rows[i]) if old_sentences is not None and reused_rows[i] >= 0
            else None)
        sparse = SparseIndex.build([tokenize(c.search_text) for c in chunks])
        removed = 0 if previous is None else len(set(previous.manifest["documents"]) - set(hashes))
        manifest = {
            "format_version": FORMAT_VERSION,
            "embedder": {"name": config.embedder, "dim": embedder.dim},
            "tokenizer": TOKENIZER,
            "chunker_version": CHUNKER_VERSION,
            "settings": config.index_key() | {"batch_size": config.batch_size, "ann_threshold": config.ann_threshold},
            "dense_type": type(dense.index).__name__,
            "documents": {d.doc_id: {"hash": hashes[d.doc_id], "title": d.title, "source": d.source,
                                     "date": d.date, "path": d.path} for d in documents},
            "counts": {"documents": len(documents), "chunks": len(chunks)},
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }
        version = _write_version(out, manifest, chunks, dense, sparse, sentences)
    seconds = time.perf_counter() - started
    log.info("index %s/%s: %d documents, %d chunks in %.1f s", out, version, len(documents), len(chunks), seconds)
    return IndexInfo(str(out), version, len(documents), len(chunks), len(fresh), len(chunks) - len(fresh),
                     removed, round(seconds, 3))


def load_index(path: str | os.PathLike = "index") -> Index:
    """The live version at `path`. A version pruned by newer builds while it was being read is read again
    as the version now live."""
    path = Path(path)
    for attempt in range(3):
        version = _current_version(path)
        try:
            return _load_version(path, version)
        except IndexCorrupt:
            if attempt == 2 or current_version(path) == version:
                raise
            log.info("%s/%s was replaced while being read; reading the live version", path, version)


def _load_version(path: Path, version: str) -> Index:
    folder = path / version
    manifest = _read_manifest(folder)
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatch(f"index at {path} has format version {manifest.get('format_version')}, this rag "
                            f"reads {FORMAT_VERSION}; run `rag index --rebuild`")
    if manifest.get("tokenizer") != TOKENIZER:
        raise IndexMismatch(f"index at {path} was tokenized with {manifest.get('tokenizer')}, this rag uses "
                            f"{TOKENIZER}; run `rag index --rebuild`")
    for name, size in manifest["files"].items():
        try:
            actual = (folder / name).stat().st_size
        except OSError:
            actual = None
        if actual != size:
            raise IndexCorrupt(f"{folder / name} is {'missing' if actual is None else f'{actual} bytes, expected {size}'}; "
                               "run `rag index --rebuild`")
    for name, crc in manifest.get("crc32", {}).items():  # same size, other bytes: would load and answer wrongly
        try:
            actual = _crc32(folder / name)
        except OSError as e:
            raise IndexCorrupt(f"cannot read {folder / name} ({e.__class__.__name__}); "
                               "run `rag index --rebuild`") from e
        if actual != crc:
            raise IndexCorrupt(f"{folder / name} does not match its checksum (corrupted); run `rag index --rebuild`")
    chunks = _read_chunks(folder / "chunks.jsonl")
    dense = DenseIndex.load(folder / "dense.faiss")
    sparse = SparseIndex.load(folder / "sparse")
    count = manifest["counts"]["chunks"]
    if not (len(chunks) == len(dense) == len(sparse) == count):
        raise IndexCorrupt(f"index at {folder} is inconsistent ({len(chunks)} chunks, {len(dense)} vectors, "
                           f"{len(sparse)} BM25 rows, manifest says {count}); run `rag index --rebuild`")
    sentences = SentenceVectors.load(folder, count) if SENTENCE_FILES[0] in manifest["files"] else None
    return Index(path, version, manifest, chunks, dense, sparse, sentences)


def current_version(path: str | os.PathLike) -> str | None:
    """The live version's name, or None when there is no index at `path`."""
    try:
        return _current_version(Path(path))
    except IndexNotFound:
        return None


def _current_version(path: Path) -> str:
    seen = []
    while len(seen) < 3:  # a version pruned between reading CURRENT and looking for it: read CURRENT again
        try:
            version = (path / "CURRENT").read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError):
            raise IndexNotFound(f"no index at {path}; run `rag index` first") from None
        except (OSError, UnicodeDecodeError) as e:
            raise IndexCorrupt(f"cannot read {path / 'CURRENT'} ({e.__class__.__name__}); "
                               "run `rag index --rebuild`") from e
        if version and "/" not in version and (path / version).is_dir():
            return version
        if version in seen:
            break
        seen.append(version)
    raise IndexCorrupt(f"{path / 'CURRENT'} names a missing version {version!r}; run `rag index --rebuild`")


def _read_manifest(folder: Path) -> dict:
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest["counts"]["chunks"], manifest["files"].items(), manifest["settings"]  # noqa: B018 - required keys
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        raise IndexCorrupt(f"cannot read {folder / 'manifest.json'} ({e.__class__.__name__}); "
                           "run `rag index --rebuild`") from e
    return manifest


def _read_chunks(path: Path) -> list[Chunk]:
    chunks = []
    try:
        with path.open(encoding="utf-8") as f:
            for line in f:
                chunks.append(Chunk(**json.loads(line)))
    except (OSError, ValueError, TypeError) as e:
        raise IndexCorrupt(f"cannot read {path} at line {len(chunks) + 1} ({e.__class__.__name__}); "
                           "run `rag index --rebuild`") from e
    return chunks


def _previous_for_reuse(out: Path, config: Settings) -> Index | None:
    """The live index if its vectors can be reused by a build with `config`; else None (full build)."""
    if current_version(out) is None:
        return None
    try:
        previous = load_index(out)
    except (IndexCorrupt, IndexMismatch) as e:
        log.warning("not reusing the previous index: %s", e)
        return None
    if previous.settings.index_key() != config.index_key():
        log.info("settings changed since the last build: embedding everything again")
        return None
    if previous.manifest.get("chunker_version") != CHUNKER_VERSION:
        log.info("parsing or chunking changed since the last build: chunking and embedding everything again")
        return None
    return previous


def _chunks_by_doc(index: Index | None) -> dict[str, list[Chunk]]:
    by_doc: dict[str, list[Chunk]] = {}
    for chunk in index.chunks if index is not None else ():
        by_doc.setdefault(chunk.doc_id, []).append(chunk)
    return by_doc


def _write_version(out: Path, manifest: dict, chunks: list[Chunk], dense: DenseIndex, sparse: SparseIndex,
                   sentences: SentenceVectors) -> str:
    now = time.time_ns()  # names sort in build order
    version = f"v{time.strftime('%Y%m%d-%H%M%S', time.gmtime(now // 10**9))}-{now % 10**9:09d}-{os.getpid()}"
    tmp = out / f".tmp-{version}"
    tmp.mkdir()
    try:
        with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as f:
            for chunk in chunks:
                f.write(json.dumps(dataclasses.asdict(chunk), ensure_ascii=False) + "\n")
        dense.save(tmp / "dense.faiss")
        sparse.save(tmp / "sparse")
        sentences.save(tmp)
        names = sorted(p.relative_to(tmp).as_posix() for p in tmp.rglob("*") if p.is_file())  # incl. sparse/
        manifest = manifest | {"files": {name: (tmp / name).stat().st_size for name in names},
                               "crc32": {name: _crc32(tmp / name) for name in names}}
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync_tree(tmp)
        os.replace(tmp, out / version)
        pointer = out / f".CURRENT-{version}"
        pointer.write_text(version, encoding="utf-8")
        _fsync_file(pointer)
        previous = current_version(out)
        os.replace(pointer, out / "CURRENT")  # the switch: atomic on POSIX
        _fsync_file(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(out, keep={version, previous})
    return version


def _prune(out: Path, keep: set) -> None:
    for child in out.iterdir():
        if child.is_dir() and child.name.startswith("v") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def _remove_stale(out: Path) -> None:
    """Leftovers of builds that were killed: temporary folders and pointer files (we hold the build lock)."""
    for child in out.iterdir():
        if child.name.startswith(".tmp-"):
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(".CURRENT-"):
            child.unlink(missing_ok=True)


class _build_lock:
    """An exclusive lock on `out/.lock` so two builds never write the same index at once."""

    def __init__(self, out: Path):
        self.path = out / ".lock"

    def __enter__(self):
        try:
            self.file = self.path.open("a")
        except OSError as e:
            raise BadInput(f"cannot write to {self.path.parent} ({e.strerror}); "
                           "choose a writable folder with --out") from e
        if not os.access(self.path.parent, os.W_OK | os.X_OK):  # .lock may be writable in a read-only folder
            self.file.close()
            raise BadInput(f"cannot write to {self.path.parent} (read-only); choose a writable folder with --out")
        fcntl.flock(self.file, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.file, fcntl.LOCK_UN)
        self.file.close()


def _crc32(path: Path) -> int:
    crc = 0
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            crc = zlib.crc32(block, crc)
    return crc


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_tree(folder: Path) -> None:
    for root, _, files in os.walk(folder):
        for name in files:
            _fsync_file(Path(root) / name)
        _fsync_file(Path(root))


_loaded: dict[Path, Index] = {}
_open_lock = threading.Lock()


def open_index(index: str | os.PathLike | Index = DEFAULT_INDEX, *, show_progress: bool = True) -> Index:
    """A loaded Index for a path or an Index; reloaded when a build has switched versions since.

    The default index is built from seeds/ on first use, and the log says so.
    """
    if isinstance(index, Index):
        return index
    path = Path(index).resolve()
    with _open_lock:
        version = current_version(path)
        if version is None and Path(index) == Path(DEFAULT_INDEX) and Path(DEFAULT_SOURCES[0]).is_dir():
            log.warning("no index at %s yet: building it from %s/ once; later runs reuse it", index,
                        DEFAULT_SOURCES[0])
            build_index(DEFAULT_SOURCES, path, show_progress=show_progress)
            version = current_version(path)
        if version is None:
            raise IndexNotFound(f"no index at {index}; run `rag index` first")
        cached = _loaded.get(path)
        if cached is None or cached.version != version:
            cached = _loaded[path] = load_index(path)
        return cached
