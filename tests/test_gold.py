"""Sanity checks for the gold question set in eval/gold.jsonl.

The gold set is hand-written against the seed briefs in seeds/. These tests make
sure it stays well-formed and grounded: every evidence string is a verbatim
substring of the seed text, every gold document id is one of the parser's ids,
and the mix of languages and question types stays as required.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD_PATH = ROOT / "eval" / "gold.jsonl"
SEEDS_DIR = ROOT / "seeds"
SEED_FILE = SEEDS_DIR / "000_b61d5e6d8fe08b5d.txt"

# The parser's stable document ids for SEED_FILE, in file order. They are
# hard-coded here on purpose; another test checks that the parser produces them.
DOC_IDS = [
    "meta-20260203-1456",  # 港股异动 | 光通信概念股涨幅居前 … (智通财经网)
    "meta-20260203-1416",  # We will not allow you to share even a single data … (The Economic Times)
    "meta-20260203-1309",  # AI’s white-collar gig economy is booming. Can it last? (The Economic Times)
    "meta-20260203-1211",  # 我拥有了超能力,Meta最牛文科生让3个AI互掐… (36氪)
    "meta-20260203-1130",  # AI Boom or Bust? Here are 4 Telltale Signs (The Smart Investor)
    "meta-20260203-1120",  # 通信行业周报:光纤行业涨价趋势明确… (国泰海通证券)
    "meta-20260203-1005",  # Crawdbot真的是全能的AI助手吗? (no source)
    "meta-20260203-1005-2",  # 强CALL算力的逻辑是什么 (no source)
    "meta-20260203-0920",  # 计算机行业“一周解码”… (中银国际)
    "meta-20260203-0837",  # 刚刚,全线大涨!芯片,突传重磅利好!… (券商中国)
]

LANGS = {"zh", "en"}
TYPES = {
    "numeric",
    "entity",
    "source_date",
    "crosslingual",
    "multi_doc",
    "paraphrase",
    "unanswerable",
}
REQUIRED = {
    "id": str,
    "question": str,
    "lang": str,
    "type": str,
    "answers": list,
    "answerable": bool,
    "gold_doc_ids": list,
    "evidence": list,
}
OPTIONAL = {"answer_groups": list}

HEADER_LINES = 4
META_RE = re.compile(r"^(?:(?P<source>.+?)\s*·\s*)?(?P<date>\d{4}-\d{2}-\d{2}) (?P<time>\d{2}:\d{2})$")
THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


def _norm(text: str) -> str:
    """Lower-case and drop thousands separators ("1,150" -> "1150")."""
    return THOUSANDS_RE.sub("", text).lower()


def _load_gold() -> list[dict]:
    rows = []
    with GOLD_PATH.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:  # pragma: no cover - reported as failure
                pytest.fail(f"{GOLD_PATH.name}:{lineno}: invalid JSON: {exc}")
    return rows


def _parse_seed(path: Path) -> dict[str, dict]:
    """Minimal independent parse: 4 header lines, then (title, meta, body) triples."""
    lines = [ln.rstrip("\r\n") for ln in path.read_text(encoding="utf-8").splitlines()]
    rest = [ln for ln in lines[HEADER_LINES:] if ln.strip()]
    assert len(rest) % 3 == 0, "seed articles should be title/meta/body triples"
    triples = [rest[i : i + 3] for i in range(0, len(rest), 3)]
    assert len(triples) == len(DOC_IDS)
    docs = {}
    for doc_id, (title, meta, body) in zip(DOC_IDS, triples):
        assert META_RE.match(meta.strip()), f"unexpected meta line for {doc_id}: {meta!r}"
        docs[doc_id] = {"title": title, "meta": meta, "body": body}
    return docs


GOLD = _load_gold()
SEED_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt")))
DOCS = _parse_seed(SEED_FILE)


def _groups(row: dict) -> list[list[str]]:
    return row.get("answer_groups") or [row["answers"]]


def test_ids_unique_and_well_formed():
    ids = [r.get("id") for r in GOLD]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not isinstance(i, str) or not re.fullmatch(r"g\d{3,}", i)]
    assert not bad, f"malformed ids: {bad}"


def test_questions_unique():
    qs = [r["question"].strip() for r in GOLD]
    dupes = [q for q, n in Counter(qs).items() if n > 1]
    assert not dupes, f"duplicate questions: {dupes}"


@pytest.mark.parametrize("row", GOLD, ids=lambda r: r.get("id", "?"))
def test_fields_and_types(row):
    missing = set(REQUIRED) - set(row)
    assert not missing, f"missing fields: {missing}"
    extra = set(row) - set(REQUIRED) - set(OPTIONAL)
    assert not extra, f"unexpected fields: {extra}"
    for key, typ in {**REQUIRED, **OPTIONAL}.items():
        if key in row:
            assert isinstance(row[key], typ), f"{key} should be {typ.__name__}"
    assert row["question"].strip()
    assert row["lang"] in LANGS
    assert row["type"] in TYPES
    assert row["answers"], "answers must not be empty"
    assert all(isinstance(a, str) and a.strip() for a in row["answers"])
    assert all(isinstance(d, str) for d in row["gold_doc_ids"])
    assert all(isinstance(e, str) and e.strip() for e in row["evidence"])
    if "answer_groups" in row:
        groups = row["answer_groups"]
        assert len(groups) >= 2, "answer_groups is for questions with two or more key facts"
        for g in groups:
            assert isinstance(g, list) and g, "each answer group must be a non-empty list"
            assert all(isinstance(a, str) and a.strip() for a in g)
            assert set(g) <= set(row["answers"]), "group alternatives should also be listed in answers"


@pytest.mark.parametrize("row", GOLD, ids=lambda r: r.get("id", "?"))
def test_answerable_consistency(row):
    if row["answerable"]:
        assert row["gold_doc_ids"], "answerable question needs gold_doc_ids"
        assert row["evidence"], "answerable question needs evidence"
        assert row["type"] != "unanswerable"
    else:
        assert not row["gold_doc_ids"], "unanswerable question must have no gold_doc_ids"
        assert not row["evidence"], "unanswerable question must have no evidence"
        assert row["type"] == "unanswerable"
    if row["type"] == "multi_doc":
        assert len(set(row["gold_doc_ids"])) >= 2, "multi_doc needs at least two briefs"
        assert "answer_groups" in row, "multi_doc needs one answer group per brief's fact"


@pytest.mark.parametrize("row", GOLD, ids=lambda r: r.get("id", "?"))
def test_gold_doc_ids_known(row):
    unknown = [d for d in row["gold_doc_ids"] if d not in DOC_IDS]
    assert not unknown, f"unknown doc ids: {unknown}"
    assert len(set(row["gold_doc_ids"])) == len(row["gold_doc_ids"]), "duplicate gold_doc_ids"


@pytest.mark.parametrize("row", GOLD, ids=lambda r: r.get("id", "?"))
def test_evidence_verbatim_in_seed(row):
    missing = [e for e in row["evidence"] if e not in SEED_TEXT]
    assert not missing, f"evidence not found verbatim in seeds: {missing}"


@pytest.mark.parametrize("row", [r for r in GOLD if r["answerable"]], ids=lambda r: r["id"])
def test_evidence_in_gold_docs(row):
    """Each evidence string is in a gold doc's title or body; each gold doc has evidence."""
    docs = [DOCS[d] for d in row["gold_doc_ids"] if d in DOCS]
    for ev in row["evidence"]:
        assert any(ev in d["title"] or ev in d["body"] for d in docs), (
            f"evidence not in any gold doc title/body: {ev!r}"
        )
    for doc_id in row["gold_doc_ids"]:
        d = DOCS[doc_id]
        assert any(ev in d["title"] or ev in d["body"] for ev in row["evidence"]), (
            f"gold doc {doc_id} has no supporting evidence string"
        )


@pytest.mark.parametrize("row", [r for r in GOLD if r["answerable"]], ids=lambda r: r["id"])
def test_answers_grounded_in_gold_docs(row):
    """Every key fact has at least one accepted form that appears in the gold docs' text."""
    text = _norm(
        "\n".join(
            f"{DOCS[d]['title']}\n{DOCS[d]['meta']}\n{DOCS[d]['body']}"
            for d in row["gold_doc_ids"]
            if d in DOCS
        )
    )
    for group in _groups(row):
        assert any(_norm(a) in text for a in group), f"no form of {group} occurs in the gold docs"


def test_counts():
    n = len(GOLD)
    langs = Counter(r["lang"] for r in GOLD)
    types = Counter(r["type"] for r in GOLD)
    unanswerable = sum(1 for r in GOLD if not r["answerable"])
    assert n >= 80, f"only {n} questions"
    assert langs["zh"] >= 48, f"only {langs['zh']} zh questions"
    assert langs["en"] >= 28, f"only {langs['en']} en questions"
    assert unanswerable >= 12, f"only {unanswerable} unanswerable questions"
    low = {t: types[t] for t in TYPES if types[t] < 4}
    assert not low, f"types with fewer than 4 questions: {low}"
    un_langs = Counter(r["lang"] for r in GOLD if not r["answerable"])
    assert un_langs["zh"] >= 1 and un_langs["en"] >= 1, "unanswerable questions should mix zh and en"
