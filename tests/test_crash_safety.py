"""Crash safety of the index on disk: killed builds, damaged files, indexes from another embedder or version.

Killed builds run in a helper process that imports rag once with the deterministic FakeEmbedder of
test_index.py, then forks one build per run. Each build is killed with SIGKILL either at a chosen phase (a
hook the forked child installs around embedding, chunks.jsonl, DenseIndex.save, SparseIndex.save, the
manifest, and the renames that publish and switch the version) or after a random delay. After every kill the
index on disk must load and answer exactly as before (or, once the switch has happened, exactly as the new
build), and the next build must succeed and clean up what the killed one left behind.
"""
import json
import logging
import os
import random
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import rag.index
from rag import cli
from rag.errors import IndexCorrupt, IndexMismatch, IndexNotFound, RagError
from rag.index import build_index, current_version, load_index
from rag.retrieve import retrieve
from conftest import FakeEmbedder

TESTS = Path(__file__).resolve().parent
QUESTIONS = ["Meta 2026 年资本开支指引是多少?", "印度最高法院 WhatsApp 隐私政策", "甲公司营收增长多少?",
             "What happened to gold and silver prices?", "丙公司上市首日"]
# Small briefs, so that each of the many builds below takes a few tens of milliseconds.
BRIEFS = {
    "meta.txt": ("Meta Platforms(META)", [
        ("港股异动 | 光通信概念股涨幅居前", "2026-02-03 14:56",
         "市场表现 - 光通信概念股普遍上涨,汇聚科技涨11.75%。 行业驱动 - Meta预计2026年资本支出将在1150亿美元至1350亿美元之间。"),
        ("SC pulls up Meta, WhatsApp over privacy policy", "2026-02-03 14:16",
         "案件核心 - 印度最高法院正在审理Meta和WhatsApp的上诉,竞争委员会罚款21.3亿卢比。"),
        ("刚刚,全线大涨!黄金、白银飙涨", "2026-02-03 08:37",
         "市场表现 - 隔夜美股三大指数收涨,黄金涨超6%,白银涨超8%。 Gold and silver prices jumped."),
    ]),
    "extra.txt": ("Acme(ACME)", [("甲公司发布财报", "2026-03-01 09:00", "业绩 - 营收增长11.75%。净利润100亿元。")]),
}

# The helper process. Requests and replies are JSON lines on stdin/stdout.
BUILDER = r'''
import json, os, shutil, signal, sys, time
from pathlib import Path

sys.path.insert(0, sys.argv[1])
from conftest import FakeEmbedder

import rag.index as ri
from rag.dense import DenseIndex
from rag.sparse import SparseIndex
from rag.text import tokenize

embedder = FakeEmbedder()
ri.get_embedder = lambda name, batch_size=32: embedder
ri._fsync_file = lambda path: None  # fsync guards against power loss, not a killed process: skipped for speed
import bm25s, faiss  # noqa: E401,F401 - imported once, before forking (rag imports them on first use)
tokenize("光纤行业涨价趋势明确")  # load jieba's dictionary once, before forking
PAUSE = 0.01  # random-delay runs pause at each phase so that kills also land in the short write phases


def half(path):
    os.truncate(path, path.stat().st_size // 2)


def install(phase, trace):
    fd = os.open(trace, os.O_WRONLY | os.O_CREAT | os.O_APPEND)

    def enter(name):
        os.write(fd, (name + "\n").encode())
        if phase is None:
            time.sleep(PAUSE)

    def kill_at(name, damage=None):
        if phase == name:
            if damage is not None:
                damage()
            os.kill(os.getpid(), signal.SIGKILL)

    embed = embedder.embed_passages

    def embed_passages(texts, **kw):
        enter("embed")
        vectors = embed(texts, **kw)
        kill_at("embed")
        return vectors

    embedder.embed_passages = embed_passages

    class Dataclasses:  # rag.index writes chunks.jsonl with dataclasses.asdict: die half-way through
        calls = 0

        @staticmethod
        def asdict(chunk):
            Dataclasses.calls += 1
            if Dataclasses.calls == 1:
                enter("chunks")
            if Dataclasses.calls == 3:
                kill_at("chunks")
            return ri.dataclasses_module.asdict(chunk)

    ri.dataclasses_module, ri.dataclasses = ri.dataclasses, Dataclasses

    dense_save, sparse_save = DenseIndex.save, SparseIndex.save

    def save_dense(self, path):
        enter("dense")
        dense_save(self, path)
        kill_at("dense", lambda: half(path))

    def save_sparse(self, path):
        enter("sparse")
        sparse_save(self, path)
        kill_at("sparse", lambda: half(max(path.iterdir(), key=lambda p: p.stat().st_size)))

    DenseIndex.save, SparseIndex.save = save_dense, save_sparse

    crc32, fsync_tree = ri._crc32, ri._fsync_tree
    seen = set()

    def checksum(path):  # on the new version's files: just before manifest.json is written
        if not seen and path.parent.name.startswith(".tmp-"):
            enter("manifest")
            seen.add(path)
        return crc32(path)

    def synced(folder):
        kill_at("manifest", lambda: half(folder / "manifest.json"))
        fsync_tree(folder)

    ri._crc32, ri._fsync_tree = checksum, synced

    replace, renames = os.replace, []

    def renamed(src, dst):
        renames.append(dst)
        if len(renames) == 1:  # .tmp-v... -> v...: the version is complete but not live
            enter("publish")
            replace(src, dst)
            kill_at("publish")
        else:  # .CURRENT-v... -> CURRENT: the switch
            enter("switch")
            kill_at("pointer")
            replace(src, dst)
            kill_at("switch")

    os.replace = renamed
    prune = ri._prune

    def pruned(out, keep):
        enter("prune")
        old = [p for p in out.iterdir() if p.is_dir() and p.name.startswith("v") and p.name not in keep]
        if old and phase == "prune":
            shutil.rmtree(old[0] / "sparse")
            kill_at("prune")
        prune(out, keep)

    ri._prune = pruned
    return enter


for line in sys.stdin:
    request = json.loads(line)
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            enter = install(request["phase"], request["trace"])
            enter("start")
            ri.build_index(request["sources"], request["out"])
            enter("done")
        except BaseException:
            import traceback
            traceback.print_exc()
            os._exit(3)
        os._exit(0)
    if request["delay"] is not None:
        time.sleep(request["delay"])
        os.kill(pid, signal.SIGKILL)  # our own child, not yet reaped: its pid cannot have been reused
    _, status = os.waitpid(pid, 0)
    print(json.dumps({"signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                      "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
                      "seconds": time.perf_counter() - started}), flush=True)
'''


def _brief(title, when, body, collection):
    return _export(collection, [(title, when, body)])


def _export(collection, articles):
    """A brief export: the header, then each article's title, `source· date` line and body."""
    lines = "".join(f"{title}\n财联社· {when}\n{body}\n" for title, when, body in articles)
    return f"Workflow\n{collection}\nicon\n搜索文档\n{lines}"


@pytest.fixture
def fake(monkeypatch):
    embedder = FakeEmbedder()
    monkeypatch.setattr(rag.index, "get_embedder", lambda name, batch_size=32: embedder)
    monkeypatch.setattr(rag.index, "_fsync_file", lambda path: None)  # as in BUILDER: no power loss here
    return embedder


# ---------------------------------------------------------------------------------------------- killed builds

class Builder:
    """The helper process: `run()` forks one build of `sources` into `out`, killed at `phase` or after `delay`."""

    def __init__(self, folder: Path):
        script = folder / "builder.py"
        script.write_text(BUILDER, encoding="utf-8")
        self.stderr = folder / "builder.err"
        env = os.environ | {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
        with self.stderr.open("w") as err:
            self.process = subprocess.Popen([sys.executable, str(script), str(TESTS)], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=err, text=True, env=env)

    def run(self, sources, out, *, phase=None, delay=None, trace) -> dict:
        request = {"sources": [str(s) for s in sources], "out": str(out), "phase": phase, "delay": delay,
                   "trace": str(trace)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], 60)
        line = self.process.stdout.readline() if ready else ""
        assert line, f"the builder did not answer: {self.stderr.read_text()}"
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def builder(tmp_path_factory):
    b = Builder(tmp_path_factory.mktemp("builder"))
    yield b
    b.close()


@pytest.fixture
def corpora(tmp_path):
    """A: a few briefs; B: the same with one brief changed and one added."""
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        for name, (collection, articles) in BRIEFS.items():
            (folder / name).write_text(_export(collection, articles), encoding="utf-8")
    (b / "extra.txt").write_text(_brief("甲公司发布财报", "2026-03-01 09:00", "业绩 - 营收增长9%。净利润80亿元。",
                                        "Acme(ACME)"), encoding="utf-8")
    (b / "new.txt").write_text(_brief("丙公司上市", "2026-03-03 11:00", "上市 - 丙公司首日涨20%。", "Gamma(GMA)"),
                               encoding="utf-8")
    return a, b


def _answers(path) -> list:
    """Every question's hits, from an index loaded from disk now (never a cached one)."""
    index = load_index(path)
    return [retrieve(q, index=index, k=5) for q in QUESTIONS]


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith((".tmp-", ".CURRENT-")))


def _versions(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.is_dir() and p.name.startswith("v"))


def _check_after_kill(out, before, expected_a, expected_b, switched_ok):
    """The index loads and answers exactly as before the killed build (or as the new build, after the switch)."""
    now = current_version(out)
    if now == before:
        assert _answers(out) == expected_a
        return "old"
    assert switched_ok, f"a build killed before the switch left {now} live instead of {before}"
    assert _answers(out) == expected_b
    return "new"


def _next_build_succeeds(a, out, expected_a):
    build_index([a], out)
    assert _leftovers(out) == []
    assert len(_versions(out)) == 2 and current_version(out) == _versions(out)[-1]  # the live one + previous
    assert _answers(out) == expected_a


PHASES = ["embed", "chunks", "dense", "sparse", "manifest", "publish", "pointer", "switch", "prune"]
# What a kill at each phase leaves behind for the next build to clean up.
LEFT = {"chunks": ".tmp-", "dense": ".tmp-", "sparse": ".tmp-", "manifest": ".tmp-", "pointer": ".CURRENT-"}


def test_build_killed_at_each_phase_keeps_the_previous_index(fake, builder, corpora, tmp_path):
    a, b = corpora
    out = tmp_path / "idx"
    build_index([b], tmp_path / "reference-b")
    expected_b = _answers(tmp_path / "reference-b")
    build_index([a], out)
    build_index([a], out, rebuild=True)  # two versions on disk, so the prune phase has one to remove
    expected_a = _answers(out)
    assert expected_a != expected_b
    runs = 0
    for phase in PHASES * 2:
        before = current_version(out)
        result = builder.run([b], out, phase=phase, trace=tmp_path / "trace")
        assert result["signal"] == signal.SIGKILL, (phase, result, builder.stderr.read_text())
        runs += 1
        state = _check_after_kill(out, before, expected_a, expected_b, switched_ok=phase in ("switch", "prune"))
        assert state == ("new" if phase in ("switch", "prune") else "old"), phase
        if phase in LEFT:
            assert any(name.startswith(LEFT[phase]) for name in _leftovers(out)), (phase, os.listdir(out))
        if phase == "publish":  # a complete version that never went live
            assert len(_versions(out)) == 3
        _next_build_succeeds(a, out, expected_a)
    assert runs == 18


def test_build_killed_after_random_delays_keeps_a_complete_index(fake, builder, corpora, tmp_path):
    a, b = corpora
    out = tmp_path / "idx"
    build_index([b], tmp_path / "reference-b")
    expected_b = _answers(tmp_path / "reference-b")
    build_index([a], out)
    expected_a = _answers(out)
    trace = tmp_path / "trace"
    whole = builder.run([b], tmp_path / "timing", trace=trace)["seconds"]  # one build, not killed
    rng = random.Random(20260203)
    landed, states = [], []
    while sum(x != "finished" for x in landed) < 12 and len(landed) < 30:
        trace.unlink(missing_ok=True)
        before = current_version(out)
        result = builder.run([b], out, delay=rng.uniform(0.0, whole), trace=trace)
        assert result["signal"] == signal.SIGKILL or result["code"] == 0, (result, builder.stderr.read_text())
        if result["signal"] is None:
            whole = result["seconds"]  # the build beat the delay: aim within its (shorter) time from now on
        phases = trace.read_text().split() if trace.exists() else ["fork"]
        landed.append(phases[-1] if result["signal"] else "finished")
        states.append(_check_after_kill(out, before, expected_a, expected_b, switched_ok=True))
        _next_build_succeeds(a, out, expected_a)
    print(f"random kills ({whole:.2f} s build): landed in {landed}; index afterwards {states}")
    assert sum(x != "finished" for x in landed) >= 12  # killed mid-build, not after it finished


# ---------------------------------------------------------------------------------------------- damaged files

def main(argv: list[str]) -> int:
    """`rag ...` in this process; its logging.basicConfig would outlive the test's captured stderr."""
    handlers = logging.root.handlers[:]
    try:
        return cli.main(argv)
    finally:
        logging.root.handlers[:] = handlers


@pytest.fixture
def small_index(fake, tmp_path):
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "a.txt").write_text(_brief("甲公司发布财报", "2026-03-01 09:00", "业绩 - 营收增长11.75%。净利润100亿元。 [1]",
                                         "Acme(ACME)"), encoding="utf-8")
    (folder / "b.txt").write_text(_brief("乙公司回购股票", "2026-03-02 10:30", "回购 - 公司宣布回购50亿元股票。 [1]",
                                         "Beta(BETA)"), encoding="utf-8")
    out = tmp_path / "idx"
    build_index([folder], out)
    return out


def _damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif how == "flip":  # same size, one byte changed three quarters in: only a checksum can tell
        i = len(data) * 3 // 4
        path.write_bytes(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:])
    elif how == "garbage":
        path.write_bytes(random.Random(7).randbytes(len(data)))
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "missing":
        path.unlink()


def _sparse_file(version_folder: Path) -> str:
    biggest = max((version_folder / "sparse").iterdir(), key=lambda p: p.stat().st_size)
    return f"sparse/{biggest.name}"


@pytest.mark.parametrize("name", ["dense.faiss", "chunks.jsonl", "manifest.json", "sparse", "CURRENT"])
@pytest.mark.parametrize("how", ["truncate", "flip", "garbage", "empty", "missing"])
def test_damaged_file_is_named_with_the_fix(small_index, name, how, capsys):
    version = current_version(small_index)
    if name == "CURRENT":
        path = small_index / "CURRENT"
    else:
        path = small_index / version / (_sparse_file(small_index / version) if name == "sparse" else name)
    _damage(path, how)
    fix = "run `rag index` first" if (name, how) == ("CURRENT", "missing") else "run `rag index --rebuild`"
    with pytest.raises(RagError) as caught:
        load_index(small_index)
    assert isinstance(caught.value, IndexNotFound if (name, how) == ("CURRENT", "missing") else IndexCorrupt)
    message = str(caught.value)
    assert str(small_index if (name, how) == ("CURRENT", "missing") else path) in message, message
    assert fix in message and "\n" not in message
    # through the CLI: exit code 1, one line on stderr, nothing on stdout
    assert main(["search", "甲公司营收", "--index", str(small_index)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1 and fix in err


def test_damaged_index_through_the_real_cli(small_index):
    path = small_index / current_version(small_index) / "dense.faiss"
    _damage(path, "flip")
    done = subprocess.run([sys.executable, "-m", "rag.cli", "search", "甲公司营收", "--index", str(small_index)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"error: {path} does not match its checksum (corrupted); run `rag index --rebuild`\n")


def test_damaged_index_is_rebuilt_by_the_next_build(small_index, tmp_path):
    version = current_version(small_index)
    _damage(small_index / version / "dense.faiss", "flip")
    info = build_index([tmp_path / "briefs"], small_index)  # the damaged live index is not reused
    assert (info.embedded, info.reused) == (info.chunks, 0)
    assert [h.doc_id for h in retrieve("甲公司营收增长", index=load_index(small_index), k=1)] == ["acme-20260301-0900"]


def test_manifest_of_the_wrong_shape_is_corrupt(small_index):
    path = small_index / current_version(small_index) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(manifest | {"files": ["dense.faiss"]}), encoding="utf-8")
    with pytest.raises(IndexCorrupt, match=rf"cannot read {path} \(AttributeError\); run `rag index --rebuild`"):
        load_index(small_index)


# ---------------------------------------------------------------------------------------------- other builds

class WideEmbedder(FakeEmbedder):
    """A model that gives 16-d vectors: what a different embedder behind the same name looks like."""

    dim = 16

    def embed_passages(self, texts, *, show_progress=False):
        import numpy as np

        return np.hstack([super().embed_passages(texts), super().embed_passages(texts)]) / np.sqrt(2)

    def embed_query(self, text):
        import numpy as np

        return np.hstack([self._vector(text), self._vector(text)]) / np.sqrt(2)


def test_index_from_an_embedder_of_another_dimension_is_refused(small_index, monkeypatch, capsys):
    wide = WideEmbedder()
    monkeypatch.setattr(rag.index, "get_embedder", lambda name, batch_size=32: wide)
    message = (f"index at {small_index} holds 8-d vectors but embedder 'intfloat/multilingual-e5-small' now "
               "gives 16-d ones; run `rag index --rebuild`")
    with pytest.raises(IndexMismatch) as caught:
        retrieve("甲公司营收", index=load_index(small_index))
    assert str(caught.value) == message
    assert main(["search", "甲公司营收", "--index", str(small_index)]) == 1
    assert capsys.readouterr().err == f"error: {message}\n"
    info = build_index([small_index.parent / "briefs"], small_index)  # the next build embeds everything again
    assert (info.embedded, info.reused) == (info.chunks, 0)
    assert retrieve("甲公司营收增长", index=load_index(small_index), k=1)[0].doc_id == "acme-20260301-0900"


def test_queries_use_the_embedder_the_index_was_built_with(fake, tmp_path, monkeypatch):
    asked = []

    def named(name, batch_size=32):
        asked.append(name)
        return fake

    monkeypatch.setattr(rag.index, "get_embedder", named)
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "a.md").write_text("# 甲公司\n营收增长11.75%。\n", encoding="utf-8")
    build_index([folder], tmp_path / "idx", embedder="acme/other-model")
    asked.clear()
    retrieve("甲公司营收", index=load_index(tmp_path / "idx"))
    assert asked == ["acme/other-model"]  # never the default model: the vectors would not be comparable


@pytest.mark.parametrize("field, value, message", [
    ("format_version", 999, "has format version 999, this rag reads 1; run `rag index --rebuild`"),
    ("tokenizer", {"name": "rag.text.tokenize", "version": 0}, "was tokenized with .* run `rag index --rebuild`"),
])
def test_index_from_another_version_is_refused(small_index, field, value, message, capsys):
    path = small_index / current_version(small_index) / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(manifest | {field: value}), encoding="utf-8")
    with pytest.raises(IndexMismatch, match=message):
        load_index(small_index)
    assert main(["search", "甲公司营收", "--index", str(small_index)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
