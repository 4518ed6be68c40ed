"""The eval harness: loaders, aggregation and report writing on tiny inline data; one run on the real seeds."""
import dataclasses
import importlib
import json
import math
from pathlib import Path

import pytest

from rag import harness
from rag.cli import main
from rag.errors import BadInput
from rag.harness import (Answered, Cited, Question, Report, Retrieved, content_key, load_corpus, load_questions,
                         make_report, question_rows, run_retrieval, summarize_answers, summarize_retrieval, write_report)
from rag.types import Chunk, Hit

# ---------------------------------------------------------------------------------------------- inline data

GOLD_LINES = [
    {"id": "g1", "question": "Meta 资本开支?", "lang": "zh", "type": "numeric", "answers": ["1150亿"],
     "answer_groups": [["1150亿"], ["1350亿"]], "answerable": True, "gold_doc_ids": ["a"], "evidence": ["1150亿至1350亿"]},
    {"id": "g2", "question": "Who fined WhatsApp?", "lang": "en", "type": "entity", "answers": ["CCI"],
     "answerable": True, "gold_doc_ids": ["b", "c"], "evidence": []},
    {"id": "g3", "question": "苹果的市值?", "lang": "zh", "type": "unanswerable", "answers": [], "answerable": False,
     "gold_doc_ids": [], "evidence": []},
]


def q(id, lang="zh", gold=("a",), answerable=True, type=None, answers=("x",), evidence=()):
    return Question(id, f"question {id}", lang, tuple(answers), tuple(gold), answerable, type, evidence=evidence)


@pytest.fixture
def gold_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GOLD_LINES) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------- loaders

def test_load_questions_reads_gold_fields(gold_file):
    qs = load_questions(gold_file)
    assert [x.id for x in qs] == ["g1", "g2", "g3"]
    assert qs[0].answer_groups == (("1150亿",), ("1350亿",)) and qs[0].evidence == ("1150亿至1350亿",)
    assert qs[1].gold_doc_ids == ("b", "c") and qs[1].answer_groups is None and qs[1].type == "entity"
    assert [x.scored for x in qs] == [True, True, False]
    assert qs[0].filters is None


def test_load_questions_limit_takes_the_first_n(gold_file):
    assert [x.id for x in load_questions(gold_file, limit=2)] == ["g1", "g2"]
    with pytest.raises(BadInput, match="positive integer"):
        load_questions(gold_file, limit=0)


def test_load_questions_start_skips_the_first_n(gold_file):
    everything = [x.id for x in load_questions(gold_file)]
    assert [x.id for x in load_questions(gold_file, start=1, limit=2)] == everything[1:3]
    assert [x.id for x in load_questions(gold_file, start=1)] == everything[1:]
    with pytest.raises(BadInput, match="after the first"):
        load_questions(gold_file, start=len(everything))
    with pytest.raises(BadInput, match="start"):
        load_questions(gold_file, start=-1)


def test_load_questions_benchmark_line_with_corpus_doc_ids(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps({"id": "n1", "question": "死亡人数", "lang": "zh", "answers": [], "gold_doc_ids": [],
                                "answerable": False, "corpus_doc_ids": ["d1", "d2"], "orig_id": 7}) + "\n")
    (x,) = load_questions(path)
    assert x.type is None and x.corpus_doc_ids == ("d1", "d2")
    assert x.filters == {"doc_ids": ["d1", "d2"]}


@pytest.mark.parametrize("line, message", [
    ("{not json", r"q.jsonl:2: not valid JSON"),
    (json.dumps({"id": "x", "question": "?", "lang": "zh", "answers": []}), r"q.jsonl:2: 'gold_doc_ids' is missing"),
    (json.dumps(GOLD_LINES[0]), "question id 'g1' is repeated"),
])
def test_load_questions_bad_lines_raise_with_place(tmp_path, line, message):
    path = tmp_path / "q.jsonl"
    path.write_text(json.dumps(GOLD_LINES[0]) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(BadInput, match=message):
        load_questions(path)


def test_load_questions_missing_file(tmp_path):
    with pytest.raises(BadInput, match="no question file"):
        load_questions(tmp_path / "none.jsonl")


def test_load_corpus_drops_titles_on_request(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps({"id": "p1", "title": "Super_Bowl_50", "text": "超级碗", "lang": "zh", "source": "s"})
                    + "\n\n", encoding="utf-8")
    assert load_corpus(path)[0]["title"] == "Super_Bowl_50"
    assert load_corpus(path, titles=False) == [{"id": "p1", "title": "", "text": "超级碗", "lang": "zh", "source": "s"}]


def test_content_key_follows_bytes_not_location(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.txt").write_text("同样的内容", encoding="utf-8")
    (tmp_path / "b" / "x.txt").write_text("同样的内容", encoding="utf-8")
    assert content_key([tmp_path / "a"]) == content_key([tmp_path / "b"])
    (tmp_path / "b" / "x.txt").write_text("不同的内容", encoding="utf-8")
    assert content_key([tmp_path / "a"]) != content_key([tmp_path / "b"])
    assert len(content_key([tmp_path / "a"])) == 12


# ---------------------------------------------------------------------------------------------- runs (plumbing)

def _hit(doc_id, n):
    return Hit(Chunk(f"{doc_id}#{n}", doc_id, f"正文 {doc_id}{n}", 0, 4, "title"), 1.0)


def test_a_limited_benchmark_run_indexes_only_the_passages_its_questions_see(tmp_path, monkeypatch):
    corpus = tmp_path / "bench" / "corpus.jsonl"
    corpus.parent.mkdir()
    lines = [json.dumps({"id": f"d{i}", "title": "", "text": f"passage {i}"}) + "\n" for i in range(5)]
    corpus.write_text("".join(lines), encoding="utf-8")
    built = []
    monkeypatch.setattr(harness, "cached_index", lambda sources, cache, name, **kw: built.append((sources, name)))
    harness.corpus_index(corpus, tmp_path / "cache", only={"d1", "d3"})
    (derived,), name = built[0]
    assert derived.name == "corpus.jsonl" and name == "bench-2p"
    assert derived.read_text(encoding="utf-8") == lines[1] + lines[3]  # the lines as they stand: same cache key
    harness.corpus_index(corpus, tmp_path / "cache")
    assert built[1] == ([corpus], "bench")
    # a benchmark's locator of where it took a passage from is no outlet: left out, an outlet kept
    corpus.write_text(json.dumps({"id": "d0", "title": "", "text": "passage 0", "source": "chen700564/RGB:data/"
                                  "en_fact.json#id=58/negative[2]"}) + "\n" + json.dumps(
        {"id": "d1", "title": "", "text": "passage 1", "source": "Reuters"}) + "\n", encoding="utf-8")
    harness.corpus_index(corpus, tmp_path / "cache")
    (derived,), name = built[2]
    assert name == "bench" and [json.loads(line).get("source") for line in derived.read_text().splitlines()] == [
        None, "Reuters"]


def _bench(tmp_path, passages: int, questions: list[dict]):
    """A benchmark folder "bench": passages d0..d{passages-1}, and `questions`; its corpus and question files."""
    folder = tmp_path / "bench"
    folder.mkdir()
    corpus, listed = folder / "corpus.jsonl", folder / "questions.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "title": "", "text": f"passage {i}"}) + "\n"
                              for i in range(passages)), encoding="utf-8")
    listed.write_text("".join(json.dumps(r) + "\n" for r in questions), encoding="utf-8")
    return corpus, listed


def test_without_gold_leaves_the_gold_passages_out_and_makes_every_question_unanswerable(tmp_path, monkeypatch):
    corpus, questions = _bench(tmp_path, 5, [
        {"id": "q1", "question": "one?", "lang": "en", "answers": ["1"], "gold_doc_ids": ["d1"], "answerable": True},
        {"id": "q2", "question": "two?", "lang": "en", "answers": ["2"], "gold_doc_ids": ["d3"], "answerable": True,
         "corpus_doc_ids": ["d2", "d3"]}])
    indexed = []
    monkeypatch.setattr(harness, "corpus_index", lambda corpus, cache, only=None, **kw: indexed.append(only))
    qs, _, data, name = harness.open_dataset(corpus=corpus, questions=questions, without_gold=True, cache=tmp_path)
    assert indexed == [{"d0", "d2", "d4"}]  # every passage but the questions' gold ones
    assert [(x.answerable, x.gold_doc_ids, x.corpus_doc_ids) for x in qs] == [(False, (), None), (False, (), ("d2",))]
    assert [x.answers for x in qs] == [("1",), ("2",)]  # kept: an answer that still comes out can be looked at
    assert name == "bench-without-gold" and data["without_gold"] is True
    with pytest.raises(BadInput, match="needs a benchmark"):
        harness.open_dataset(gold=questions, without_gold=True)


def test_run_retrieval_folds_chunks_into_documents(monkeypatch):
    calls = []

    def fake_retrieve(question, *, index, k, filters, fusion):
        calls.append((question, k, filters, fusion))
        return [_hit("x", 0), _hit("a", 0), _hit("x", 1), _hit("b", 0)]

    # rag.retrieve names the function in the package, so patch the module itself
    monkeypatch.setattr(importlib.import_module("rag.retrieve"), "retrieve", fake_retrieve)
    qs = [q("q1", evidence=("正文x1", "正文 b0")), q("q2", answerable=False, gold=()),
          Question("q3", "q?", "zh", (), ("b",), True, corpus_doc_ids=("a", "b"))]
    out = run_retrieval(qs, index=None, configs=("dense", "rrf"), k=3)
    assert [(r.question_id, r.config) for r in out] == [("q1", "dense"), ("q3", "dense"), ("q1", "rrf"), ("q3", "rrf")]
    assert out[0].doc_ids == ("x", "a", "b") and out[0].chunk_ids == ("x#0", "a#0", "x#1")
    assert calls[1] == ("q?", harness.CHUNK_DEPTH, {"doc_ids": ["a", "b"]}, "dense")
    assert out[0].evidence_rank == 3  # x#1 holds "正文x1" once spaces are normalised; b#0 is past k=3
    assert out[1].evidence_rank is None  # no evidence strings


def test_run_retrieval_rejects_unknown_config():
    with pytest.raises(BadInput, match=r"unknown configuration\(s\) \['bm42'\]; expected some of"):
        run_retrieval([q("q1")], index=None, configs=("dense", "bm42"))


# ---------------------------------------------------------------------------------------------- aggregation

QS = [q("z1", "zh", ("a",), type="numeric"), q("z2", "zh", ("a", "b"), type="entity"),
      q("e1", "en", ("c",), type="numeric"), q("u1", "en", (), answerable=False, type="unanswerable")]
RUNS = [Retrieved("z1", "dense", ("a", "x"), (), 0.1),
        Retrieved("z2", "dense", ("x", "y", "z", "w", "v", "b"), (), 0.3),
        Retrieved("e1", "dense", ("x", "y"), (), 0.2),
        Retrieved("z1", "sparse", ("x", "a"), (), 0.1), Retrieved("z2", "sparse", ("b",), (), 0.1),
        Retrieved("e1", "sparse", ("c",), (), 0.1)]


def test_summarize_retrieval_exact():
    s = summarize_retrieval(QS, RUNS)
    assert list(s) == ["dense", "sparse"]
    assert list(s["dense"]) == ["all", "lang:zh", "type:numeric", "type:entity", "lang:en"]
    d = s["dense"]["all"]
    assert d["n"] == 3  # the unanswerable question is not scored
    assert d["recall@1"] == pytest.approx(1 / 3) and d["recall@5"] == pytest.approx(1 / 3)
    assert d["recall@10"] == pytest.approx(2 / 3)
    assert d["mrr@10"] == pytest.approx((1 + 1 / 6) / 3)
    assert d["ndcg@10"] == pytest.approx((1 + (1 / math.log2(7)) / (1 + 1 / math.log2(3))) / 3)
    assert d["recall_curve"] == pytest.approx([1 / 3] * 5 + [2 / 3] * 5)
    assert d["seconds_p50"] == pytest.approx(0.2)
    assert s["dense"]["lang:en"]["recall@10"] == 0.0 and s["dense"]["lang:zh"]["recall@5"] == 0.5
    assert s["sparse"]["all"]["mrr@10"] == pytest.approx((0.5 + 1 + 1) / 3)
    assert s["sparse"]["type:numeric"] | {"recall_curve": None} == {
        "n": 2, "recall@1": 0.5, "recall@5": 1.0, "recall@10": 1.0, "mrr@10": 0.75, "ndcg@10": pytest.approx(
            (1 / math.log2(3) + 1) / 2), "recall_curve": None, "seconds_p50": pytest.approx(0.1)}


def _answer(id, text, refused=False, cites=(), seconds=1.0):
    cited = tuple(Cited(n, d, f"{d}#0", "title", t) for n, (d, t) in enumerate(cites, 1))
    return Answered(id, text, refused, cited, seconds, None if refused else seconds / 2)


def test_summarize_answers_exact():
    qs = [q("a1", "zh", ("a",), answers=("1150亿",)), q("a2", "zh", ("a",), answers=("66%",), evidence=("同比增长66%",)),
          q("a3", "en", ("c",), answers=("CCI",)),
          q("n1", "zh", (), answerable=False), q("n2", "en", (), answerable=False)]
    qs[4] = dataclasses.replace(qs[4], reference_answers=("made up",))  # RGB's negatives name the real answer
    answered = [
        _answer("a1", "资本开支 1,150亿 美元 [1]", cites=[("a", "…")], seconds=1.0),  # right; gold doc cited
        _answer("a2", "增长了 50% [1][2]", cites=[("x", "微软资本支出同比增长66%创纪录"), ("y", "无关")], seconds=2.0),
        _answer("a3", "The briefs do not say.", refused=True, seconds=3.0),  # false refusal
        _answer("n1", "简报中没有找到这个问题的答案。", refused=True, seconds=4.0),
        _answer("n2", "Something made up.", seconds=5.0),  # answered an unanswerable question, without citations
    ]
    s = summarize_answers(qs, answered)
    assert s["all"] == {
        "answerable": 3, "unanswerable": 2, "accuracy": pytest.approx(1 / 3), "false_refusal": pytest.approx(1 / 3),
        "refusal": 0.5, "real_answer": 1.0, "citation_precision": pytest.approx(2 / 3),
        "with_citation": pytest.approx(2 / 3), "first_token_p50": 1.0, "latency_p50": 3.0,
        "latency_p95": pytest.approx(4.8)}
    assert s["lang:en"]["accuracy"] == 0.0 and s["lang:en"]["refusal"] == 0.0
    assert math.isnan(s["lang:en"]["citation_precision"])  # no citation among the English answerable answers
    assert s["lang:zh"]["false_refusal"] == 0.0 and s["lang:zh"]["refusal"] == 1.0
    assert math.isnan(s["lang:zh"]["real_answer"])  # n1 names no real answer
    # a question made unanswerable by leaving its gold passages out keeps its answer as the real one
    (kept,), _ = harness._without_gold(qs[:1], {"a"})
    assert summarize_answers([kept], answered[:1])["all"]["real_answer"] == 1.0


# ---------------------------------------------------------------------------------------------- report

def test_write_report_files(tmp_path):
    answered = [_answer(x.id, "x [1]", cites=[("a", "t")]) for x in QS[:2]] + [
        _answer(x.id, "The briefs do not say.", refused=True) for x in QS[2:]]
    report = make_report("toy", QS, RUNS, answered, meta={"questions_file": "q.jsonl", "notes": [harness.RERANK_NOTE]})
    folder = write_report(report, tmp_path)
    assert folder.parent == tmp_path and folder.name.startswith("toy-")
    names = {p.name for p in folder.iterdir()}
    assert {"report.md", "results.json", "questions.jsonl"} <= names
    assert {"metrics.png", "recall_at_k.png", "latency.png"} <= names  # matplotlib is in the dev extra
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    assert results["retrieval"]["dense"]["all"]["n"] == 3 and results["meta"]["configs"] == ["dense", "sparse"]
    assert results["answers"]["lang:en"]["citation_precision"] is None  # nan is written as null
    rows = [json.loads(line) for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["z1", "z2", "e1", "u1"]
    assert rows[1]["retrieval"]["dense"]["gold_rank"] == 6 and rows[2]["retrieval"]["dense"]["gold_rank"] is None
    assert rows[3]["retrieval"] == {} and rows[3]["answer"]["correct"] is None
    md = (folder / "report.md").read_text(encoding="utf-8")
    assert "| dense | zh | 2 | 0.500 | 0.500 | 1.000 |" in md
    assert "| z2 | zh | entity | question z2 | 6 | 1 |" in md and "no packaged multilingual reranker" in md


def test_format_report_table():
    text = harness.format_report(make_report("toy", QS, RUNS))
    lines = text.splitlines()
    assert lines[0] == "toy: 4 questions (3 scored for retrieval) over ? documents"
    assert lines[2].split() == ["config", "lang", "n", "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10"]
    assert lines[4].split() == ["dense", "all", "3", "0.333", "0.333", "0.667", "0.389", "0.406"]


def test_cli_eval_needs_corpus_and_questions_together(tmp_path, capsys):
    assert main(["eval", "--corpus", str(tmp_path / "c.jsonl"), "--cache", str(tmp_path)]) == 1
    assert "give --corpus and --questions together" in capsys.readouterr().err


def test_cli_eval_settings_are_typed_and_checked(tmp_path, capsys):
    from rag.config import Settings

    settings = Settings().with_overrides(["source_tokens=200", "temperature=0.5", "backend=transformers"])
    assert (settings.source_tokens, settings.temperature, settings.backend) == (200, 0.5, "transformers")
    for bad, message in ((["--set", "source_tokens"], "write name=value"), (["--set", "nope=1"], "write name=value"),
                         (["--set", "replace=1"], "write name=value"),
                         (["--set", "source_tokens=many"], "needs a value of type int"),
                         (["--set", "chunk_tokens=100"], "answering settings only")):
        assert main(["eval", "--cache", str(tmp_path), *bad]) == 1
        assert message in capsys.readouterr().err


# ---------------------------------------------------------------------------------------------- real seeds

ROOT = Path(__file__).resolve().parents[1]
# Gold questions every configuration finds in the top 5 on the seed briefs (see eval/README.md for the misses).
EASY = ("g001", "g003", "g005", "g013")


@pytest.mark.slow
def test_retrieval_eval_on_the_real_seed_index(tmp_path):
    from rag.harness import cached_index

    index = cached_index([ROOT / "seeds"], tmp_path, "seeds")
    assert (tmp_path / f"seeds-{content_key([ROOT / 'seeds'])}" / "CURRENT").exists()
    qs = [x for x in load_questions(ROOT / "eval" / "gold.jsonl") if x.id in EASY]
    report = make_report("gold", qs, run_retrieval(qs, index, ("dense", "sparse", "rrf", "weighted")))
    for config, groups in report.retrieval.items():
        assert groups["all"]["n"] == len(EASY), config
        assert groups["all"]["recall@5"] == 1.0, config
    assert cached_index([ROOT / "seeds"], tmp_path, "other-name").path == index.path  # reused by content


def test_a_support_refused_answer_keeps_its_checked_text_in_the_report():
    refused = dataclasses.replace(_answer("a1", "简报中没有找到这个问题的答案。", refused=True), raw="腾讯营收1,550亿元。[1]",
                                  support=0.61, checked="腾讯营收1,550亿元[1]。")
    report = Report("r", {"configs": []}, (q("a1", "zh", ("a",), answers=("1550亿",)),), (), (refused,))
    row = question_rows(report)[0]["answer"]
    assert (row["checked"], row["support"], row["refused"]) == ("腾讯营收1,550亿元[1]。", 0.61, True)


def test_a_benchmark_slice_indexes_just_its_questions_passages(tmp_path, monkeypatch):
    corpus, questions = _bench(tmp_path, 6, [
        {"id": f"q{i}", "question": f"{i}?", "lang": "en", "answers": [str(i)], "gold_doc_ids": [f"d{2 * i}"],
         "answerable": True, "corpus_doc_ids": [f"d{2 * i}", f"d{2 * i + 1}"]} for i in range(3)])
    indexed = []
    monkeypatch.setattr(harness, "corpus_index", lambda corpus, cache, only=None, **kw: indexed.append(only))
    qs, _, _, name = harness.open_dataset(corpus=corpus, questions=questions, start=1, limit=1, cache=tmp_path)
    assert [x.id for x in qs] == ["q1"] and indexed == [{"d2", "d3"}] and name == "bench-1-2"
    qs, _, _, name = harness.open_dataset(corpus=corpus, questions=questions, start=1, cache=tmp_path)
    assert [x.id for x in qs] == ["q1", "q2"] and indexed[-1] == {"d2", "d3", "d4", "d5"} and name == "bench-1-3"
