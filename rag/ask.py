"""ask(): retrieve -> gate -> answer -> cite -> Answer.

Until the generator lands, the answer is extractive: the sentences of the retrieved chunks that cover the
question best, each followed by the number of the chunk it came from.
"""
from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator

from .index import Index, open_index
from .retrieve import retrieve
from .text import detect_lang, sentence_spans, tokenize
from .types import Answer, Citation, Hit

log = logging.getLogger(__name__)

REFUSAL = {"zh": "简报中没有找到这个问题的答案。", "en": "The briefs do not say."}
# The briefs carry their own reference marks ("[1][11]"); shown in an answer they would pass for our citations.
SOURCE_MARKS = re.compile(r"\s*(?:\[\d{1,3}\])+")
# A question whose best chunk is less similar than this is answered with the refusal sentence, unread.
# multilingual-e5-small cosines sit in ~0.70-0.90; calibrated on the gold set's unanswerable questions.
MIN_DENSE_SCORE = 0.80
# ... and so is one where no sentence of the retrieved chunks holds this share of the question's terms
MIN_SENTENCE_COVERAGE = 0.0


def question_lang(question: str) -> str:
    """The answer's language: Chinese if the question is written in Chinese at all, else English."""
    return "en" if detect_lang(question) == "en" else "zh"


def ask(question: str, *, index: str | os.PathLike | Index = "index", k: int = 5, filters: dict | None = None,
        stream: bool = False) -> Answer | Iterator[str | Answer]:
    """Answer `question` from the briefs with numbered citations; stream=True yields text pieces, then the Answer."""
    steps = _answer(question, index=index, k=k, filters=filters)
    if stream:
        return steps
    return next(step for step in steps if isinstance(step, Answer))


def _answer(question: str, *, index, k: int, filters: dict | None) -> Iterator[str | Answer]:
    started = time.perf_counter()
    index = open_index(index)
    hits = retrieve(question, index=index, k=k, filters=filters)
    timings = {"retrieve": time.perf_counter() - started}
    lang = question_lang(question)
    best = max((h.dense_score or 0.0 for h in hits), default=0.0)
    if best < MIN_DENSE_SCORE:
        log.info("refusing unread: best dense score %.3f < %.2f", best, MIN_DENSE_SCORE)
        yield REFUSAL[lang]
        yield Answer(REFUSAL[lang], hits=tuple(hits), refused=True, timings=timings | _total(started))
        return
    picked = extract(question, hits, index)
    if not picked:
        yield REFUSAL[lang]
        yield Answer(REFUSAL[lang], hits=tuple(hits), refused=True, timings=timings | _total(started))
        return
    numbers: dict[str, int] = {}
    pieces = []
    for hit, sentence in picked:
        n = numbers.setdefault(hit.chunk_id, len(numbers) + 1)
        pieces.append(f"{sentence} [{n}]")
    text = ("" if lang == "zh" else " ").join(pieces)
    by_id = {h.chunk_id: h for h in hits}
    citations = tuple(_citation(n, by_id[cid]) for cid, n in numbers.items())
    yield text
    yield Answer(text, citations=citations, hits=tuple(hits), timings=timings | _total(started))


def extract(question: str, hits: list[Hit], index: Index, *, max_sentences: int = 2, top_hits: int = 3) -> list[tuple[Hit, str]]:
    """The sentences of the top hits that cover most of the question's (idf-weighted) terms."""
    terms = {t: index.sparse.idf(t) for t in dict.fromkeys(tokenize(question))}
    total = sum(terms.values())
    scored = []
    for rank, hit in enumerate(hits[:top_hits]):
        for start, end in sentence_spans(hit.text):
            sentence = SOURCE_MARKS.sub("", hit.text[start:end]).strip(" -*\n\t")
            if len(sentence) < 4:
                continue
            present = set(tokenize(sentence))
            coverage = sum(w for t, w in terms.items() if t in present) / total if total else 0.0
            scored.append((coverage + 0.05 / (rank + 1), rank, start, hit, sentence))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    return [(hit, sentence) for score, _, _, hit, sentence in scored[:max_sentences]
            if score - 0.05 > MIN_SENTENCE_COVERAGE]


def _citation(n: int, hit: Hit) -> Citation:
    return Citation(n, hit.chunk_id, hit.doc_id, hit.title, hit.source, hit.date, hit.text)


def _total(started: float) -> dict[str, float]:
    return {"total": time.perf_counter() - started}
