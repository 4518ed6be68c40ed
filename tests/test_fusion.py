import pytest

from rag.retrieve import FUSIONS, _rrf, _weighted


def test_rrf_equals_hand_worked_example():
    # dense ranks: a=1, b=2, c=3; sparse ranks: c=1, a=2 (b absent); coverage c=1.0, a=0.5 (weighs 0.5² = 0.25)
    dense = {0: (1, 0.9), 1: (2, 0.8), 2: (3, 0.7)}
    sparse = {2: (1, 12.0), 0: (2, 6.0)}
    fused = _rrf(dense, sparse, {2: 1.0, 0: 0.5})
    assert fused == pytest.approx({0: 1 / 61 + 0.25 / 62, 1: 1 / 62, 2: 1 / 63 + 1 / 61})
    assert sorted(fused, key=fused.get, reverse=True) == [2, 0, 1]


def test_rrf_ignores_bm25_list_without_shared_terms():
    dense = {0: (1, 0.9), 1: (2, 0.8)}
    sparse = {1: (1, 3.0), 5: (2, 2.0)}
    fused = _rrf(dense, sparse, {1: 0.0, 5: 0.0})
    assert fused == pytest.approx({0: 1 / 61, 1: 1 / 62, 5: 0.0})


def test_weighted_fusion_scales_bm25_by_its_max():
    fused = _weighted({0: (1, 0.9)}, {0: (1, 4.0), 1: (2, 2.0)}, {0: 1.0, 1: 1.0}, alpha=0.5)
    assert fused == pytest.approx({0: 0.45 + 0.5, 1: 0.25})


def test_fusion_names():
    assert sorted(FUSIONS) == ["dense", "rrf", "sparse", "weighted"]
