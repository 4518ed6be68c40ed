"""Citations: parse [n] marks, bounds-check them, and check that the cited chunk supports its sentence.

A figure is where a small model goes wrong, so every figure of a sentence must be stated, by value, in a
chunk the sentence cites ("$115 billion" matches "1150亿美元"). A sentence whose figures its citation does
not hold is re-cited to a source that does; with no such source it is removed from the answer and reported
in Answer.unsupported: an unverified number is never shown as fact. A sentence with no usable citation is
given the source that shares most of its terms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from collections.abc import Callable

from .numbers import Figure, figures, supported
from .prompt import Source
from .text import sentence_spans, tokenize

CITE = re.compile(r"[\[【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]】]")
_MARKS_AND_SPACE = re.compile(r"(?:\s*[\[【]\s*\d{1,3}(?:\s*[,，、]\s*\d{1,3})*\s*[\]】])+")

REFUSALS = ("简报中没有", "资料中没有", "没有找到", "未提及", "没有提到", "无法回答", "not say", "do not mention",
            "does not mention", "not mentioned", "no information", "not provide", "cannot answer", "do not contain",
            "does not contain")


def parse(text: str, n_sources: int) -> list[int]:
    """Cited numbers in order of appearance: [n], [n, m], [n][m], 【n】; numbers outside 1..n_sources dropped."""
    found = []
    for m in CITE.finditer(text):
        for part in re.split(r"\s*[,，、]\s*", m.group(1)):
            n = int(part)
            if 1 <= n <= n_sources and n not in found:
                found.append(n)
    return found


def is_refusal(text: str) -> bool:
    lowered = text.lower()
    return any(p in lowered for p in REFUSALS)


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def missing_years(question: str, texts: list[str]) -> list[str]:
    """Years the question asks about that none of `texts` mentions: an answer from those texts would be
    about another year ("Meta 2024 年营收?" answered with the 2025 figure)."""
    found = set(_YEAR_IN_TEXT.findall(" ".join(texts)))
    return [y for y in dict.fromkeys(_YEAR_IN_TEXT.findall(question)) if y not in found]


@dataclass(frozen=True, slots=True)
class Checked:
    text: str  # the answer with verified citations
    cited: tuple[int, ...]  # source numbers cited by the checked text, in order of first appearance
    unsupported: tuple[str, ...]  # sentences removed because no source states their figures
    recited: int  # sentences whose citation was replaced or added


def verify(answer: str, sources: list[Source], lang: str, idf: Callable[[str], float] | None = None) -> Checked:
    """Check every sentence's citations against its figures; `idf` (the index's) tells rare terms apart."""
    by_n = {s.n: s for s in sources}
    holds = lambda source, figs, claim: all(_states(source.hit.text, f, claim, idf) for f in figs)  # noqa: E731
    kept, unsupported, recited = [], [], 0
    for start, end in sentence_spans(answer):
        sentence = answer[start:end].strip()
        claim = _MARKS_AND_SPACE.sub("", sentence).strip()
        if not _has_words(claim) or is_refusal(claim):  # "…[1]. The briefs do not say." keeps the answer part
            continue
        cited = parse(sentence, len(sources))
        figs = figures(claim)
        if figs:
            good = [n for n in cited if holds(by_n[n], figs, claim)]
            if not good:
                good = [s.n for s in sources if holds(s, figs, claim)][:1]
                if not good:
                    unsupported.append(claim)
                    continue
                recited += 1
        else:
            good = cited
            if not good and sources:
                good = [_closest(claim, sources)]
                recited += 1
        sentence = _with_marks(claim, good, lang)
        if sentence not in kept:  # a small model sometimes repeats its one sentence until max_tokens
            kept.append(sentence)
    text = ("" if lang == "zh" else " ").join(kept)
    cited_order = parse(text, len(sources))
    return Checked(text, tuple(cited_order), tuple(unsupported), recited)


_CLAUSE = re.compile(r"[;；。!?！？\n，]|(?<!\d),|,(?!\d)")
_YEAR = re.compile(r"^(19|20)\d\d$")


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c.strip()]


def _states(source: str, fig: Figure, claim: str, idf: Callable[[str], float] | None) -> bool:
    """The source states `fig`, and not for something else: a rare term of the claim's clause around the
    figure that the source binds to a different figure ("汇聚科技涨11.75%, …, 剑桥科技涨1.71%" does not
    support "汇聚科技涨1.71%") makes it a misattribution."""
    if not supported(fig, figures(source)):
        return False
    if _YEAR.match(fig.raw):  # a year places the claim; it is not the figure being claimed
        return True
    claim_clause = next((c for c in _clauses(claim) if supported(fig, figures(c))), claim)
    terms = {t for t in tokenize(claim_clause) if not t[0].isdigit() and (idf is None or idf(t) >= 2.0)}
    if not terms:
        return True
    stating, others = [], []
    for clause in _clauses(source):
        own = [f for f in figures(clause) if f.percent == fig.percent and not _YEAR.match(f.raw)]
        if own:
            (stating if supported(fig, own) else others).append(set(tokenize(clause)))
    bound_elsewhere = {t for t in terms if any(t in c for c in others)}
    return not bound_elsewhere or any(bound_elsewhere <= c for c in stating)


def _with_marks(claim: str, numbers: list[int], lang: str) -> str:
    """Marks go before the sentence's final stop: "…美元[1]。", "… billion [1]."."""
    marks = "".join(f"[{n}]" for n in numbers)
    body, stop = (claim[:-1], claim[-1]) if claim[-1:] in "。.!?！？;；" else (claim, "")
    return f"{body}{marks}{stop}" if lang == "zh" else f"{body} {marks}{stop}"


def _has_words(text: str) -> bool:
    return bool(re.search(r"[\w\u4e00-\u9fff]", text))


def _closest(claim: str, sources: list[Source]) -> int:
    words = set(tokenize(claim))
    overlap = [(len(words & set(tokenize(s.hit.text))), -s.n) for s in sources]
    return -max(overlap)[1]
