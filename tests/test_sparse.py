import math

import numpy as np

from rag.sparse import SparseIndex

DOCS = [["meta", "资本", "开支", "1150"], ["微软", "资本", "开支"], ["whatsapp", "罚款"], []]


def test_search_ranks_by_bm25_and_skips_zero_scores():
    index = SparseIndex.build(DOCS)
    scores, rows = index.search(["资本", "开支", "meta"], 10)
    assert rows.tolist() == [0, 1]
    assert scores[0] > scores[1] > 0


def test_unknown_tokens_score_nothing():
    index = SparseIndex.build(DOCS)
    scores, rows = index.search(["who", "fined"], 10)
    assert rows.tolist() == [] and scores.tolist() == []


def test_allowed_rows_restrict_results():
    index = SparseIndex.build(DOCS)
    _, rows = index.search(["资本"], 10, allowed=np.array([1, 2]))
    assert rows.tolist() == [1]


def test_idf_is_lucene_and_unseen_token_is_rarest():
    index = SparseIndex.build(DOCS)
    assert math.isclose(index.idf("资本"), math.log(1 + (4 - 2 + 0.5) / (2 + 0.5)))
    assert index.idf("never-seen") == max(index.idf(t) for t in ("资本", "whatsapp", "never-seen"))


def test_coverage_is_idf_weighted_share_of_query_terms():
    index = SparseIndex.build(DOCS)
    cover = index.coverage(["资本", "whatsapp"], np.array([0, 2, 3]))
    w_cap, w_wa = index.idf("资本"), index.idf("whatsapp")
    np.testing.assert_allclose(cover, [w_cap / (w_cap + w_wa), w_wa / (w_cap + w_wa), 0.0], rtol=1e-6)


def test_save_load_roundtrip(tmp_path):
    index = SparseIndex.build(DOCS)
    index.save(tmp_path / "sparse")
    loaded = SparseIndex.load(tmp_path / "sparse")
    np.testing.assert_allclose(loaded.scores(["资本", "meta"]), index.scores(["资本", "meta"]))


def test_empty_corpus():
    index = SparseIndex.build([])
    assert len(index) == 0 and index.search(["x"], 5)[1].tolist() == []
