"""Document -> list[Chunk]: structure first, then whole sentences packed to a token budget.

Budgets are measured on what is embedded, `Chunk.search_text` (title · section, a newline, the text):
`settings.chunk_tokens` is the target, `settings.max_chunk_tokens` a cap no chunk exceeds. Each sentence is
counted once and chunks are packed on the sums; each finished chunk is checked with one real count.
A chunk's text is exactly `doc.body[start:end]`, stripped of surrounding whitespace.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from .config import Settings
from .errors import BadInput
from .text import detect_lang, sentences
from .types import Chunk, Document

log = logging.getLogger(__name__)

CountTokens = Callable[[str], int]

# Tokens allowed for joining sentences and the head line that a sum of separate counts does not see.
MARGIN = 2
# A chunk at least this full ends before a section head rather than take in the start of the next section;
# an emptier one keeps filling, so a lone head or a one-line section doesn't become a chunk of its own.
MIN_FILL = 0.25
# The title may take at most this share of the cap, title and section head together at most HEAD_SHARE;
# longer ones are shortened in the chunks, so that some text always fits.
TITLE_SHARE = 0.5
HEAD_SHARE = 0.75
# A unit ending in a colon introduces the next one ("- **业绩显著增长**:"), so no chunk ends on it.
LEAD_IN = frozenset(":：")

_CLAUSE = re.compile(r"(?<=[,，、;；:：])|(?<=[.!?])(?=\s)")
_WHITESPACE = re.compile(r"(?<=\s)(?=\S)")


class _Unit(NamedTuple):
    start: int  # stripped span in the body
    end: int
    tokens: int
    section: str | None
    opens: bool  # starts a section: the preferred place to start a chunk


def chunk_documents(docs: Iterable[Document], count_tokens: CountTokens, settings: Settings) -> list[Chunk]:
    return [chunk for doc in docs for chunk in chunk_document(doc, count_tokens, settings)]


def chunk_document(doc: Document, count_tokens: CountTokens, settings: Settings) -> list[Chunk]:
    """The chunks of one document, ids `<doc_id>#<n>` from 0 in body order."""
    _check(settings)
    cap = settings.max_chunk_tokens
    title = _shorten(doc.title, lambda t: count_tokens(t + "\n") <= int(cap * TITLE_SHARE), doc.doc_id) or ""
    sections: dict[str | None, str | None] = {None: None}
    heads: dict[str | None, int] = {}

    def section_of(section: str | None) -> str | None:
        """The section head as chunks carry it (shortened when title and head would crowd out the text)."""
        if section not in sections:
            sections[section] = _shorten(
                section, lambda s: count_tokens(_head(title, s) + "\n") <= int(cap * HEAD_SHARE), doc.doc_id)
        return sections[section]

    def head_tokens(section: str | None) -> int:
        if section not in heads:
            head = _head(title, section)
            heads[section] = (count_tokens(head + "\n") if head else 0) + MARGIN
        return heads[section]

    units = _units(doc.body, count_tokens, section_of, head_tokens, settings)
    spans = _pack(doc, title, units, count_tokens, head_tokens, settings)
    return [Chunk(chunk_id=f"{doc.doc_id}#{n}", doc_id=doc.doc_id, text=doc.body[start:end], start=start, end=end,
                  title=title, source=doc.source, date=doc.date, section=section,
                  lang=detect_lang(doc.body[start:end]))
            for n, (start, end, section) in enumerate(spans)]


def _check(settings: Settings) -> None:
    if not 0 < settings.chunk_tokens <= settings.max_chunk_tokens:
        raise BadInput(f"chunk_tokens={settings.chunk_tokens} and max_chunk_tokens={settings.max_chunk_tokens}: "
                       f"expected 0 < chunk_tokens <= max_chunk_tokens")
    if settings.overlap_sentences < 0:
        raise BadInput(f"overlap_sentences={settings.overlap_sentences}; expected 0 or more")


def _head(title: str, section: str | None) -> str:
    """The line `Chunk.search_text` puts above the text."""
    return " · ".join(p for p in (title, section) if p)


def _shorten(text: str | None, fits: Callable[[str], bool], doc_id: str) -> str | None:
    """`text` if it fits, else its longest prefix that fits with "…" added; None when no prefix does."""
    if text is None or fits(text):
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(text[:mid] + "…"):
            lo = mid
        else:
            hi = mid - 1
    log.warning("%s: %r is too long for the token cap; chunks carry its first %d chars", doc_id, text[:20], lo)
    return text[:lo] + "…" if lo else None


def _strip(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def _units(body: str, count_tokens: CountTokens, section_of, head_tokens, settings: Settings) -> list[_Unit]:
    """Stripped sentences with their token counts; a sentence over the cap is cut into clauses."""
    units = []
    for sentence in sentences(body):
        start, end = _strip(body, sentence.start, sentence.end)
        if start == end:
            continue
        section = section_of(sentence.section)
        head = head_tokens(section)
        tokens = count_tokens(body[start:end])
        if head + tokens <= settings.max_chunk_tokens:
            units.append(_Unit(start, end, tokens, section, sentence.opens))
            continue
        limit = max(settings.chunk_tokens - head, 1)
        for k, (s, e, n) in enumerate(_cut(body, start, end, limit, count_tokens)):
            units.append(_Unit(s, e, n, section, sentence.opens and k == 0))
    return units


def _cut(body: str, start: int, end: int, limit: int, count_tokens: CountTokens,
         splitters: tuple[re.Pattern, ...] = (_CLAUSE, _WHITESPACE)) -> list[tuple[int, int, int]]:
    """Pieces of body[start:end] of at most `limit` tokens each: at clauses, else whitespace, else anywhere."""
    tokens = count_tokens(body[start:end])
    if tokens <= limit:
        return [(start, end, tokens)]
    for k, splitter in enumerate(splitters):
        cuts = [m.start() for m in splitter.finditer(body, start + 1, end)]
        if not cuts:
            continue
        pieces = []
        for s, e in zip([start, *cuts], [*cuts, end]):
            s, e = _strip(body, s, e)
            if s < e:
                pieces.extend(_cut(body, s, e, limit, count_tokens, splitters[k + 1:]))
        merged: list[tuple[int, int, int]] = []
        for s, e, n in pieces:  # greedy: join neighbouring pieces while they fit
            if merged and merged[-1][2] + n <= limit:
                merged[-1] = (merged[-1][0], e, merged[-1][2] + n)
            else:
                merged.append((s, e, n))
        return merged
    return _hard_cut(body, start, end, limit, count_tokens)


def _hard_cut(body: str, start: int, end: int, limit: int, count_tokens: CountTokens) -> list[tuple[int, int, int]]:
    pieces = _prefixes(start, end, lambda s, e: count_tokens(body[s:e]) <= limit)
    return [(s, e, count_tokens(body[s:e])) for s, e in pieces]


def _prefixes(start: int, end: int, fits: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """Consecutive longest spans that fit, found by bisection; at least one character each."""
    pieces = []
    while start < end:
        lo, hi = start + 1, end
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(start, mid):
                lo = mid
            else:
                hi = mid - 1
        pieces.append((start, lo))
        start = lo
    return pieces


def _pack(doc, title, units, count_tokens, head_tokens, settings) -> list[tuple[int, int, str | None]]:
    """(start, end, section) of each chunk: greedy over whole units, breaking at section heads by preference.

    A chunk is units[i:j]; units[i:fresh] repeat the end of the previous chunk (the overlap).
    """
    budget, cap = settings.chunk_tokens, settings.max_chunk_tokens
    run = _run_tokens(units)
    spans = []
    i = fresh = 0
    while i < len(units):
        total = base = head_tokens(units[i].section)
        j = i
        while j < len(units):
            unit = units[j]
            if j > fresh:
                if total + unit.tokens > budget:
                    break
                if unit.opens and total + run[j] > budget and total - base >= budget * MIN_FILL:
                    break
            total += unit.tokens
            j += 1
        while fresh + 1 < j < len(units) and doc.body[units[j - 1].end - 1] in LEAD_IN:
            j -= 1  # "* **业绩会关注点**:" introduces what follows: keep them together
        span = _verify(doc, title, units, i, fresh, j, count_tokens, cap)
        if span is None:  # one unit over the cap in a real count: cut it on real counts (rare)
            spans.extend(_force_fit(doc, title, units[fresh], count_tokens, cap))
            i = fresh = fresh + 1
            continue
        i, j = span
        spans.append((units[i].start, units[j - 1].end, units[i].section))
        fresh = j
        i = j - _overlap(units, i, j, head_tokens, settings) if j < len(units) else j
    return spans


def _run_tokens(units: list[_Unit]) -> list[int]:
    """For each unit, the tokens from it to the next section head; a lone head counts the section after it."""
    run = [0] * len(units)
    acc = 0
    for j in range(len(units) - 1, -1, -1):
        acc += units[j].tokens
        run[j] = acc
        if units[j].opens:
            if j + 1 < len(units) and units[j + 1].opens:
                run[j] = units[j].tokens + run[j + 1]
            acc = 0
    return run


def _verify(doc, title, units, i, fresh, j, count_tokens, cap) -> tuple[int, int] | None:
    """(i, j) after a real count of the chunk: drops trailing units, then the overlap, while over the cap;
    None when the one new unit is over the cap by itself."""
    while True:
        text = doc.body[units[i].start:units[j - 1].end]
        head = _head(title, units[i].section)
        if count_tokens(f"{head}\n{text}" if head else text) <= cap:
            return i, j
        if j - 1 > fresh:
            j -= 1
        elif i < fresh:
            i = fresh
        else:
            return None


def _force_fit(doc, title, unit, count_tokens, cap) -> list[tuple[int, int, str | None]]:
    head = _head(title, unit.section)

    def fits(s: int, e: int) -> bool:
        return count_tokens(f"{head}\n{doc.body[s:e]}" if head else doc.body[s:e]) <= cap

    log.warning("%s: a sentence is over %d tokens even alone; cut where the count allows", doc.doc_id, cap)
    return [(s, e, unit.section) for s, e in _prefixes(unit.start, unit.end, fits)]


def _overlap(units: list[_Unit], i: int, j: int, head_tokens, settings: Settings) -> int:
    """How many units before j the next chunk repeats: within the same section run, never a whole chunk,
    and only as many as leave room for unit j."""
    if units[j].opens:
        return 0
    k = min(settings.overlap_sentences, j - i - 1)
    while k > 0:
        repeat = units[j - k:j]
        if not any(u.opens for u in repeat[1:]):
            cost = head_tokens(repeat[0].section) + sum(u.tokens for u in repeat) + units[j].tokens
            if cost <= settings.chunk_tokens:
                break
        k -= 1
    return k
