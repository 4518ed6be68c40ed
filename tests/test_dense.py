import numpy as np
import pytest

from rag.dense import DenseIndex
from rag.errors import IndexCorrupt


def _unit(rows: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_flat_search_equals_numpy_brute_force():
    vectors, query = _unit(200), _unit(1, seed=1)[0]
    scores, rows = DenseIndex.build(vectors).search(query, 10)
    expected = np.argsort(-(vectors @ query), kind="stable")[:10]
    assert rows.tolist() == expected.tolist()
    np.testing.assert_allclose(scores, (vectors @ query)[expected], rtol=1e-5)


def test_search_restricted_to_allowed_rows():
    vectors, query = _unit(50), _unit(1, seed=2)[0]
    allowed = np.array([3, 7, 11, 40])
    _, rows = DenseIndex.build(vectors).search(query, 10, allowed)
    assert sorted(rows.tolist()) == [3, 7, 11, 40]
    assert rows.tolist() == allowed[np.argsort(-(vectors[allowed] @ query))].tolist()


def test_hnsw_above_threshold_finds_exact_top1_for_stored_vector():
    vectors = _unit(300)
    index = DenseIndex.build(vectors, ann_threshold=100)
    assert type(index.index).__name__ == "IndexHNSWFlat"
    _, rows = index.search(vectors[123], 1)
    assert rows.tolist() == [123]


def test_save_load_roundtrip_and_vectors(tmp_path):
    vectors = _unit(20)
    DenseIndex.build(vectors).save(tmp_path / "d.faiss")
    loaded = DenseIndex.load(tmp_path / "d.faiss")
    np.testing.assert_array_equal(loaded.vectors(), vectors)


def test_truncated_file_names_file_and_fix(tmp_path):
    path = tmp_path / "d.faiss"
    DenseIndex.build(_unit(20)).save(path)
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(IndexCorrupt, match="d.faiss.*run `rag index --rebuild`"):
        DenseIndex.load(path)
