import math

import pytest

from rag.evaluate import answer_correct, mrr_at, ndcg_at, normalize, percentile, recall_at, unique_docs


def test_unique_docs_keeps_best_rank():
    assert unique_docs(["a", "b", "a", "c", "b"]) == ["a", "b", "c"]


def test_recall_mrr_ndcg_hand_worked():
    ranked = ["x", "g1", "y", "g2"]
    gold = {"g1", "g2"}
    assert recall_at(ranked, gold, 1) == 0.0
    assert recall_at(ranked, gold, 2) == 1.0
    assert mrr_at(ranked, gold) == 0.5
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert ndcg_at(ranked, gold) == pytest.approx(expected)
    assert mrr_at(["x"] * 10 + ["g1"], gold, k=10) == 0.0


def test_normalize_numbers_and_width():
    assert normalize("1,150亿美元") == normalize("１１５０亿 美元") == "1150亿美元"
    assert normalize("11.75%") == "11.75%"


def test_answer_correct_with_groups():
    assert answer_correct("Meta 预计 1,150亿美元至1350亿美元 [1]", ["1150亿美元"])
    assert answer_correct("fined 2.13 billion rupees by the CCI", [], [["CCI", "竞争委员会"], ["2.13 billion", "21.3亿"]])
    assert not answer_correct("fined by the CCI", [], [["CCI"], ["2.13 billion"]])
    # the same answer in other typography: a hyphen for an en dash, a citation mark before the closing stop
    assert answer_correct("The final score was 23-16 [1].", ["23–16"])
    assert answer_correct("Best Director went to Chloe Zhao [2].", ["Chloé Zhao"])
    assert answer_correct("成为环渤海铁路网的南部干线[1]。", ["成为环渤海铁路网的南部干线。"])


def test_percentile():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile([5], 95) == 5
    assert math.isnan(percentile([], 50))


def test_recall_curve_and_retrieval_scores():
    from rag.evaluate import recall_curve, retrieval_scores

    assert recall_curve(["x", "y", "g"], {"g"}, k=4) == [0.0, 0.0, 1.0, 1.0]
    assert retrieval_scores(["x", "g"], ["g"], k=10) == {
        "recall@1": 0.0, "recall@5": 1.0, "recall@10": 1.0, "mrr@10": 0.5, "ndcg@10": pytest.approx(1 / math.log2(3))}


def test_citation_supported_by_gold_doc_or_evidence():
    from rag.evaluate import citation_supported

    assert citation_supported("a", "whatever", ["a"], [])
    assert citation_supported("x", "微软资本支出达到 375 亿美元", ["a"], ["375亿美元"])  # spaces normalised away
    assert not citation_supported("x", "无关的内容", ["a"], ["375亿美元", " "])
