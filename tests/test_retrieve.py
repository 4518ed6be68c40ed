"""retrieve() on the real seed index with the real packaged embedder."""
import pytest

import rag
from conftest import SEED_QUESTIONS
from rag.errors import BadInput

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_index(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("seed-index")
    rag.build_index([seed_path], out)
    return rag.load_index(out)


@pytest.mark.parametrize("question, doc_id", [
    ("Meta 2026 年资本开支指引是多少?", "meta-20260203-1456"),
    *SEED_QUESTIONS,
])
def test_right_article_in_top5(seed_index, question, doc_id):
    hits = rag.retrieve(question, index=seed_index, k=5)
    assert doc_id in [h.doc_id for h in hits]


def test_hits_expose_the_contract_fields(seed_index):
    hit = rag.retrieve("Meta 2026 年资本开支指引是多少?", index=seed_index, k=1)[0]
    assert hit.chunk_id.startswith(hit.doc_id + "#")
    assert (hit.title, hit.source, hit.date) == (hit.chunk.title, hit.chunk.source, hit.chunk.date)
    assert hit.text in open(seed_index.manifest["documents"][hit.doc_id]["path"], encoding="utf-8").read()
    assert hit.score > 0 and hit.dense_rank is not None


def test_filters_restrict_source_and_dates(seed_index):
    hits = rag.retrieve("资本开支", index=seed_index, k=10, filters={"source": "中银国际"})
    assert hits and {h.source for h in hits} == {"中银国际"}
    hits = rag.retrieve("资本开支", index=seed_index, k=50, filters={"date_from": "2026-02-03T12:00"})
    assert hits and all(h.date >= "2026-02-03T12:00" for h in hits)
    assert rag.retrieve("资本开支", index=seed_index, filters={"date_to": "2025-12-31"}) == []


@pytest.mark.parametrize("kwargs, message", [
    ({"k": 0}, "k must be an integer from 1 to 1000"),
    ({"filters": {"outlet": "x"}}, r"unknown filter key\(s\) \['outlet'\]"),
    ({"filters": {"date_from": "2026-03-01", "date_to": "2026-02-01"}}, "date range is inverted"),
    ({"fusion": "magic"}, "unknown fusion 'magic'"),
])
def test_bad_arguments_are_named(seed_index, kwargs, message):
    with pytest.raises(BadInput, match=message):
        rag.retrieve("资本开支", index=seed_index, **kwargs)


def test_empty_question_is_refused(seed_index):
    with pytest.raises(BadInput, match="the question is empty"):
        rag.retrieve("   ", index=seed_index)
