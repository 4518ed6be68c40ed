"""The benchmark's synthetic corpus generator (bench/corpus.py): deterministic, distinct, and in the seed
export format that rag.documents parses back exactly."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench/ is a folder of the repo, not installed
from bench import corpus  # noqa: E402
from rag.documents import load_documents  # noqa: E402


def _flat(groups: dict) -> list:
    return [b for f in sorted(groups) for b in groups[f]]


def test_same_seed_writes_the_same_bytes(tmp_path):
    a = corpus.write_corpus(tmp_path / "a", 60, per_file=25)
    b = corpus.write_corpus(tmp_path / "b", 60, per_file=25)
    assert [p.name for p in a] == ["brief_00000.txt", "brief_00001.txt", "brief_00002.txt"]
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert corpus.corpus_hash(a) == corpus.corpus_hash(b)


def test_another_seed_gives_other_briefs():
    assert {b.body for b in _flat(corpus.generate(20, seed=0))}.isdisjoint(
        {b.body for b in _flat(corpus.generate(20, seed=1))})


def test_a_brief_depends_only_on_seed_and_number():
    small, large = _flat(corpus.generate(30)), _flat(corpus.generate(80))
    assert small == large[:30]
    assert _flat(corpus.generate(80, start=79)) == large[79:]  # one brief on its own, as an incremental add


def test_no_two_briefs_are_the_same():
    briefs = _flat(corpus.generate(400))
    assert len({(b.title, b.body) for b in briefs}) == 400
    if corpus.SHARED.is_dir():  # without the shared corpora only the seeds' headings make titles
        assert len({b.title for b in briefs}) > 380  # a few stories recur, as in real feeds


def test_parses_back_as_seed_exports(tmp_path):
    corpus.write_corpus(tmp_path, 120)
    briefs = _flat(corpus.generate(120))
    docs = load_documents([tmp_path])
    assert len(docs) == 120  # nothing dropped as a duplicate, no brief split or merged
    assert [d.title for d in docs] == [b.title for b in briefs]
    assert [d.body for d in docs] == [b.body for b in briefs]
    assert [d.source for d in docs] == [b.source for b in briefs]
    assert [d.date for d in docs] == [b.date.replace(" ", "T") for b in briefs]
    assert len({d.doc_id for d in docs}) == 120
    assert all(re.fullmatch(r"[a-z]+\d{4}-\d{8}-\d{4}", d.doc_id) for d in docs)  # no "-2" collision suffixes
    assert docs[0].collection == "Meta Platforms(META0000)"


def test_briefs_vary_like_the_seeds():
    briefs = _flat(corpus.generate(300))
    sources = {b.source for b in briefs}
    assert None in sources and len(sources) > 10  # some briefs give only a date, like the seeds
    assert len({b.date[:7] for b in briefs}) > 3
    assert all(re.search(r" - .+ \[\d+\]", b.body) for b in briefs)  # "head - sentence [n]" bullets
    lengths = sorted(len(b.body) for b in briefs)
    assert lengths[0] >= 250 and lengths[-1] > 2 * lengths[len(lengths) // 2]
    if corpus.load_pools().en:  # the shared corpora are there: English briefs and English titles too
        assert 0.1 < sum(b.lang == "en" for b in briefs) / len(briefs) < 0.4
        assert any(b.lang == "zh" and re.match(r"[A-Za-z]", b.title) for b in briefs)


def test_adding_one_brief_writes_one_new_file(tmp_path):
    corpus.write_corpus(tmp_path, 100)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    written = corpus.write_corpus(tmp_path, 101, start=100)
    assert [p.name for p in written] == ["brief_00002.txt"]
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name in before} == before
    assert len(load_documents([tmp_path])) == 101


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError, match="per_file"):
        corpus.generate(10, per_file=0)
