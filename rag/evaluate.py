"""Pure metric functions for retrieval and answers (document level, binary relevance)."""
from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from .prompt import SOURCE_MARKS
from .text import folded, unaccented


def unique_docs(doc_ids: Iterable[str]) -> list[str]:
    """Ranked chunk hits -> ranked documents: each document at the rank of its best chunk."""
    return list(dict.fromkeys(doc_ids))


def recall_at(ranked: Sequence[str], gold: Iterable[str], k: int) -> float:
    """1.0 if any gold document is in the top k, else 0.0 (the usual QA-retrieval 'hit@k')."""
    gold = set(gold)
    return float(any(doc in gold for doc in ranked[:k]))


def mrr_at(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> float:
    gold = set(gold)
    return next((1.0 / rank for rank, doc in enumerate(ranked[:k], 1) if doc in gold), 0.0)


def ndcg_at(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> float:
    gold = set(gold)
    dcg = sum(1.0 / math.log2(rank + 1) for rank, doc in enumerate(ranked[:k], 1) if doc in gold)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return dcg / ideal if ideal else 0.0


def recall_curve(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> list[float]:
    """[recall@1, ..., recall@k]: where in the ranking the first gold document turns up."""
    gold = set(gold)
    return [recall_at(ranked, gold, n) for n in range(1, k + 1)]


def retrieval_scores(ranked: Sequence[str], gold: Iterable[str], k: int = 10) -> dict[str, float]:
    """recall@1, recall@5, recall@k, MRR@k and nDCG@k of one ranked document list."""
    gold = set(gold)
    return {"recall@1": recall_at(ranked, gold, 1), "recall@5": recall_at(ranked, gold, 5),
            f"recall@{k}": recall_at(ranked, gold, k), f"mrr@{k}": mrr_at(ranked, gold, k),
            f"ndcg@{k}": ndcg_at(ranked, gold, k)}


_SEPARATOR = re.compile(r"(?<=\d)[,，](?=\d{3})")
_SPACE = re.compile(r"\s+")
_DASH = re.compile(r"[\u2010-\u2015\u2212]")  # hyphens, en and em dashes, minus: "20–18" is "20-18"
_END_STOPS = "。．.!！?？;；,，、 "


def normalize(text: str) -> str:
    """For answer matching: NFKC (full-width -> ASCII), lowercase, no accents ("Chloé" = "Chloe"), one dash, no
    thousands separators, no spaces."""
    text = _DASH.sub("-", folded(unaccented(text)))
    return _SPACE.sub("", _SEPARATOR.sub("", text))


def answer_correct(text: str, answers: Sequence[str], answer_groups: Sequence[Sequence[str]] | None = None) -> bool:
    """Every required part is present in some accepted form (answer_groups); else any accepted answer is.
    The answer's citation marks and a form's closing stop are set aside: "…南部干线[1]。" holds "…南部干线。"."""
    got = normalize(SOURCE_MARKS.sub("", text))
    groups = answer_groups or [answers]
    return all(any(normalize(form.rstrip(_END_STOPS)) in got for form in group if form.strip(_END_STOPS))
               for group in groups)


def citation_supported(doc_id: str, text: str, gold_doc_ids: Iterable[str], evidence: Iterable[str] = ()) -> bool:
    """A citation is supported when it names a gold document or its text holds an evidence string."""
    if doc_id in set(gold_doc_ids):
        return True
    got = normalize(text)
    return any(normalize(e) in got for e in evidence if e.strip())


def first_match_rank(texts: Iterable[str], needles: Iterable[str]) -> int | None:
    """1-based rank of the first text holding any needle (normalised), or None: where the evidence turns up."""
    needles = [normalize(n) for n in needles if n.strip()]
    return next((rank for rank, text in enumerate(texts, 1) if any(n in normalize(text) for n in needles)), None)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else float("nan")
