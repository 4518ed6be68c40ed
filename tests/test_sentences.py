"""Sentence vectors: built with the index, reused for unchanged briefs, checked on load, used by retrieve()."""
import json

import numpy as np
import pytest

from rag.errors import IndexCorrupt
from rag.index import build_index, load_index
from rag.retrieve import retrieve
from rag.sentences import SentenceVectors, split

from test_index import _brief


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "a.txt").write_text(_brief("甲公司发布财报", "2026-03-01 09:00",
                                         "业绩 - 营收增长11.75%,创历史新高。净利润100亿元,好于预期。 [1]"))
    (folder / "b.txt").write_text(_brief("乙公司回购股票", "2026-03-02 10:30", "回购 - 公司宣布回购50亿元股票,用于员工激励。 [1]",
                                         collection="Beta(BETA)"))
    return folder


def test_every_chunk_sentence_gets_a_float16_vector(fake, corpus, tmp_path):
    build_index([corpus], tmp_path / "idx")
    index = load_index(tmp_path / "idx")
    sentences = index.sentences
    assert len(sentences) == len(index.chunks) and sentences.vectors.dtype == np.float16
    for row, chunk in enumerate(index.chunks):
        texts = [chunk.text[a:b].strip() for a, b in split(chunk)]
        assert texts and all(len(t) >= 8 for t in texts)
        expected = np.stack([fake._vector(t) for t in texts])
        np.testing.assert_allclose(sentences.of(row).astype(np.float32), expected, atol=2e-3)
    assert any("营收增长11.75%" in t for t in fake.embedded)  # sentences are embedded on their own


def test_unchanged_briefs_keep_their_sentence_vectors(fake, corpus, tmp_path):
    build_index([corpus], tmp_path / "idx")
    first = load_index(tmp_path / "idx")
    fake.embedded.clear()
    (corpus / "c.txt").write_text(_brief("丙公司上市", "2026-03-03 11:00", "上市 - 首日涨20%,成交活跃。 [1]", collection="Gamma(GMA)"))
    build_index([corpus], tmp_path / "idx")
    second = load_index(tmp_path / "idx")
    assert fake.embedded and all("丙公司" in t or "上市" in t or "首日" in t for t in fake.embedded)
    for row, chunk in enumerate(first.chunks):
        np.testing.assert_array_equal(second.sentences.of(second.row_of[chunk.chunk_id]), first.sentences.of(row))


def test_an_index_without_sentence_vectors_is_upgraded_by_the_next_build(fake, corpus, tmp_path):
    build_index([corpus], tmp_path / "idx")
    index = load_index(tmp_path / "idx")
    folder = tmp_path / "idx" / index.version
    for name in ("sentences.npy", "sentence_rows.npy"):  # as written before sentence vectors existed
        (folder / name).unlink()
    manifest = json.loads((folder / "manifest.json").read_text())
    for key in ("files", "crc32"):
        manifest[key] = {k: v for k, v in manifest[key].items() if not k.startswith("sentence")}
    (folder / "manifest.json").write_text(json.dumps(manifest))
    old = load_index(tmp_path / "idx")
    assert old.sentences is None and retrieve("甲公司营收", index=old, k=2)
    fake.embedded.clear()
    info = build_index([corpus], tmp_path / "idx")
    assert info.embedded == 0 and fake.embedded  # chunk vectors reused, only sentences embedded
    assert len(load_index(tmp_path / "idx").sentences) == info.chunks


def test_sentence_rows_that_do_not_match_the_chunks_are_refused(tmp_path):
    SentenceVectors(np.zeros((3, 8), np.float16), np.array([0, 2, 3])).save(tmp_path)
    assert len(SentenceVectors.load(tmp_path, 2)) == 2
    with pytest.raises(IndexCorrupt, match="do not match its 3 chunks.*rag index --rebuild"):
        SentenceVectors.load(tmp_path, 3)
    SentenceVectors(np.zeros((3, 8), np.float16), np.array([0, 2, 1])).save(tmp_path)
    with pytest.raises(IndexCorrupt, match="do not match"):
        SentenceVectors.load(tmp_path, 2)


def test_rescore_mixes_the_chunk_and_its_best_sentence():
    vectors = np.array([[1, 0], [0, 1], [0.6, 0.8]], np.float16)
    sentences = SentenceVectors(vectors, np.array([0, 2, 2, 3]))  # chunk 1 has no sentence
    query = np.array([1.0, 0.0], np.float32)
    got = sentences.rescore(query, np.array([0, 1, 2]), np.array([0.5, 0.4, 0.3], np.float32))
    np.testing.assert_allclose(got, [0.75, 0.4, 0.45], atol=1e-3)
