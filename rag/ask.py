"""ask(): retrieve -> gate -> (a byline question: the brief's header) -> sources -> prompt -> generate -> verify
citations -> (a part of the question the answer leaves out: asked on its own) -> support check -> (a Chinese answer
near the support floor: asked again over its sources in reverse order) -> Answer."""
from __future__ import annotations

import collections.abc
import dataclasses
import logging
import os
import time
from collections.abc import Iterator

import numpy as np

from . import byline
from .citations import (Checked, agrees, answers, asks_several, joined_sources, missing_years, naming, parse,
                        renumbered, unanswered_parts, unfinished, verify, without)
from .config import Settings
from .errors import BadInput
from .followup import standalone_query
from .generate import Generator, get_generator
from .index import Index, open_index
from .numbers import figures, supported
from .prompt import Source, build_check_messages, build_messages, select_sources
from .retrieve import clean_question, retrieve
from .sentences import split
from .text import detect_lang, sentence_spans
from .types import Answer, Citation, Hit

log = logging.getLogger(__name__)

REFUSAL = {"zh": "简报中没有找到这个问题的答案。", "en": "The briefs do not say."}
MAX_PARTS = 2  # parts of a several-part question asked on their own when the checked answer leaves them out
MAX_QUESTION_CHARS = 2000  # a question is a sentence or two; beyond this it is pasted text, not a question


def question_lang(question: str) -> str:
    """The answer's language: Chinese for a Chinese question (English names inside it allowed), else English
    ("How much did TIME Interconnect (汇聚科技) rise?" is an English question)."""
    return "zh" if detect_lang(question) == "zh" else "en"


def ask(question: str, *, index: str | os.PathLike | Index = "index", k: int | None = None,
        filters: dict | None = None, stream: bool = False, settings: Settings | None = None,
        lang: str | None = None, history: list | None = None,
        generator: Generator | None = None) -> Answer | Iterator[str | Answer]:
    """Answer `question` from the briefs, citing numbered chunks.

    stream=True returns an iterator of text pieces ending with the final Answer (whose text is the
    checked one: citations verified, unsupported sentences removed). lang forces "zh" or "en" answers.
    history (earlier turns: strings or {"role", "content"} messages) lets a follow-up be retrieved as a
    standalone question; Answer.query records the query used. generator answers instead of the one
    `settings` name (a replay of stored replies: rag.replay).
    """
    steps = _answer(question, index=index, k=k, filters=filters, settings=settings or Settings(), lang=lang,
                    history=history, generator=generator)
    return steps if stream else next(step for step in steps if isinstance(step, Answer))


def _answer(question, *, index, k, filters, settings: Settings, lang, history,
            generator: Generator | None) -> Iterator[str | Answer]:
    started = time.perf_counter()
    question = _checked_question(question)
    query = standalone_query(question, history)
    lang = lang or question_lang(question)
    if lang not in REFUSAL:
        raise BadInput(f"unknown answer language {lang!r}; expected 'zh' or 'en'")
    index = open_index(index)
    hits = retrieve(query, index=index, k=settings.answer_k if k is None else k, filters=filters)
    timings = {"retrieve": time.perf_counter() - started}
    best = max((h.dense_score or 0.0 for h in hits), default=0.0)
    floor = settings.min_dense_score_en if question_lang(query) == "en" else settings.min_dense_score_zh
    if best < floor:
        log.info("refusing unread: best dense score %.3f < %.2f", best, floor)
        yield REFUSAL[lang]
        yield _refusal(lang, hits, timings, started, query)
        return
    embedder = index.embedder
    told = byline.answer(question, hits, lang, embed_query=embedder.embed_query,
                         embed_passages=embedder.embed_passages, query=query)
    if told:  # "哪家媒体、什么时间发布的?": the described brief's outlet and time, from its metadata
        timings["first_token"] = time.perf_counter() - started
        yield told.text
        yield Answer(told.text, citations=(_citation(1, told.hit),), hits=tuple(hits),
                     timings=timings | _total(started), query=query)
        return
    generator = generator or get_generator(settings.generator, settings.backend, settings.decode_threads)
    sources = _sources(query, hits, index, generator, settings, lang)
    if not sources:  # every retrieved chunk was left out (no fact sentence, or it addresses the model)
        yield REFUSAL[lang]
        yield _refusal(lang, hits, timings, started, query)
        return
    messages = build_messages(question, sources, lang)
    timings["prompt"] = time.perf_counter() - started - timings["retrieve"]
    raw, said = yield from _reply(generator, messages, settings, timings, started)
    checked = verify(said, sources, lang, idf=index.sparse.idf, question=question)
    restated, asked_parts = None, ()
    if not checked.text and (checked.restated and not checked.unsupported
                             or checked.unsupported and checked.misnamed == len(checked.unsupported)):
        # "印度最高法院在审查 Meta 和 WhatsApp 哪一年推出的隐私政策? [1]": the reply only restated the question. Asked
        # once more, not allowed to open as that reply or the question did, the model answers ("[1] 2021年"). So too
        # when every sentence named what its briefs do not: "华泰证券…发研报称…" took the broker from another brief,
        # so it is asked again without the sources giving such names ("券商/研究方:华泰证券" drew the model away from
        # "中信建投发布研报称…"), unless they are all the sources there are
        log.info("asking again: the reply only restated the question or misnamed its sources: %r", raw)
        restated = raw
        if checked.unheld and (left := without(sources, naming(sources, checked.unheld, question))):
            sources, messages = left, build_messages(question, left, lang)
        yield "\n\n"
        raw, said = yield from _reply(generator, messages, settings, timings, started, not_opening=(raw, question))
        checked = verify(said, sources, lang, idf=index.sparse.idf, question=question)
    parts = unanswered_parts(question, checked.text) if checked.text and checked.unsupported else []
    for part in parts[:MAX_PARTS]:
        # "What run rate …, and what was Meta's Q4 2025 advertising revenue?": the reply's revenue was dropped, as no
        # source states it; asked on its own, with the sources it retrieves, the model may read it right
        log.info("asking on its own a part the checked answer leaves out: %r", part)
        yield "\n\n"
        checked, sources, hits, reply = yield from _ask_part(f"{part}?", checked, sources, hits, index=index, k=k,
                                                             filters=filters, settings=settings, lang=lang,
                                                             generator=generator, timings=timings, started=started)
        asked_parts += (reply,)
    by_n = {s.n: s.hit for s in sources}
    if not checked.text or missing_years(question, [_placed(by_n[n]) for n in checked.cited], checked.text):
        yield _refusal(lang, hits, timings, started, query, raw=raw, unsupported=checked.unsupported,
                       restated=restated, parts=asked_parts)
        return
    floor = _support_floor(settings, lang)
    support, again = None, None
    if floor > 0:  # the checks above are lexical: a name from the sources in the wrong role passes them
        cited = [s for s in sources if s.n in checked.cited]
        checked_at = time.perf_counter()
        support = generator.yes_probability(build_check_messages(question, checked.text, cited, lang))
        timings["support"] = time.perf_counter() - checked_at
        if support < floor:
            log.info("refusing: the model judges the cited sources to state the answer at P(yes) %.2f < %.2f",
                     support, floor)
            yield _refusal(lang, hits, timings, started, query, raw=raw, unsupported=checked.unsupported,
                           support=support, checked=checked.text, restated=restated, parts=asked_parts)
            return
        if support < _recheck_below(settings, lang) and not asks_several(question):
            again, agreed = _answer_again(generator, question, sources, checked.text, lang, index, settings, timings)
            if not agreed:
                yield _refusal(lang, hits, timings, started, query, raw=raw, unsupported=checked.unsupported,
                               support=support, checked=checked.text, restated=restated, parts=asked_parts,
                               again=again)
                return
    citations = tuple(_citation(n, by_n[n]) for n in checked.cited)
    yield Answer(checked.text, citations=citations, hits=tuple(hits), timings=timings | _total(started),
                 query=query, unsupported=checked.unsupported, raw=raw, support=support, restated=restated,
                 parts=asked_parts, again=again)


def _ask_part(part: str, checked: Checked, sources: list[Source], hits: list[Hit], *, index: Index, k: int | None,
              filters: dict | None, settings: Settings, lang: str, generator: Generator, timings: dict, started: float
              ) -> collections.abc.Generator[str, None, tuple[Checked, list[Source], list[Hit], str]]:
    """Ask `part` of the question on its own, with the sources it retrieves, and add what of the reply passes the
    checks to `checked`: its sources join `sources` under the next free numbers (a chunk already there keeps its
    number), its hits join `hits`. Returns the answer so far, its sources and hits, and the part's reply."""
    own_hits = retrieve(part, index=index, k=settings.answer_k if k is None else k, filters=filters)
    own = _sources(part, own_hits, index, generator, settings, lang)
    if not own:
        return checked, sources, hits, ""
    raw, said = yield from _reply(generator, build_messages(part, own, lang), settings, timings, started)
    got = verify(said, own, lang, idf=index.sparse.idf, question=part)
    # its first checked sentence answers the part; what follows ran on ("This revenue is generated by the Reels
    # function, which has …" after the revenue asked for), in a reply that repeated itself to the token limit
    first = next((got.text[a:b].strip() for a, b in sentence_spans(got.text)), "")
    cited = [s for s in own if s.n in parse(first, len(own))]
    if (not cited or not answers(first, part) or _repeats(first, checked.text)
            or missing_years(part, [_placed(s.hit) for s in cited], first)):
        return checked, sources, hits, raw
    floor = _support_floor(settings, lang)
    if floor > 0 and (support := generator.yes_probability(build_check_messages(part, first, cited, lang))) < floor:
        log.info("leaving out the part's answer: P(yes) %.2f < %.2f that its sources state it", support, floor)
        return checked, sources, hits, raw
    merged, number = joined_sources(sources, own)
    text = renumbered(first, number)
    before = checked.text if lang != "zh" or checked.text[-1] in "。！？!?" else f"{checked.text}。"  # "…增持[1]" + "…"
    text = f"{before}{'' if lang == 'zh' else ' '}{text}"
    checked = dataclasses.replace(checked, text=text, cited=tuple(parse(text, len(merged))),
                                  unsupported=checked.unsupported + got.unsupported,
                                  recited=checked.recited + got.recited)
    seen = {h.chunk_id for h in hits}
    return checked, merged, [*hits, *(h for h in own_hits if h.chunk_id not in seen)], raw


def _sources(query: str, hits: list[Hit], index: Index, generator: Generator, settings: Settings,
             lang: str) -> list[Source]:
    """The numbered sources the prompt shows for `query`: the best sentences of its hits within the token budget."""
    embedder = index.embedder
    return select_sources(query, hits, embed=embedder.embed_passages, query_vector=embedder.embed_query(query),
                          idf=index.sparse.idf, count_tokens=generator.count_tokens, budget=settings.source_tokens,
                          lang=lang, stored=lambda hit: stored_sentences(index, hit))


def _answer_again(generator: Generator, question: str, sources: list[Source], answer: str, lang: str, index: Index,
                  settings: Settings, timings: dict) -> tuple[str, bool]:
    """The model's reply to `question` over `sources` in reverse order (not streamed), and whether it gives `answer`
    again (citations.agrees) where the checks pass it: "2022年金砖国家主席国是南非", read from a near miss, comes once
    and is cited to a brief that does not say it the second time."""
    began = time.perf_counter()
    flipped = without(list(reversed(sources)), set())
    reply, said = _drained(_reply(generator, build_messages(question, flipped, lang), settings, {}, began))
    again = verify(said, flipped, lang, idf=index.sparse.idf, question=question)
    timings["again"] = time.perf_counter() - began
    agreed = agrees(answer, again.text, question)
    if not agreed:
        log.info("refusing: asked again over its sources in reverse order, the model answered %r", reply)
    return reply, agreed


def _drained(steps: collections.abc.Generator):
    """What a generator returns, its yields dropped."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def _recheck_below(settings: Settings, lang: str) -> float:
    """The P(yes) under which an answer in `lang` must come again from its sources in reverse order (0: never)."""
    return settings.recheck_below_zh if lang == "zh" else settings.recheck_below_en


def _support_floor(settings: Settings, lang: str) -> float:
    """The support check's P(yes) floor for answers in `lang` (0: no check)."""
    return settings.min_support_zh if lang == "zh" else settings.min_support_en


def _reply(generator: Generator, messages: list[dict], settings: Settings, timings: dict, started: float,
           not_opening: tuple[str, ...] = ()) -> collections.abc.Generator[str, None, tuple[str, str]]:
    """Stream the generator's reply; return it whole and what of it the checks read (a reply stopped mid-sentence
    at max_new_tokens loses its unfinished end). Timings: the first token of the first reply, generation summed."""
    pieces, began = [], time.perf_counter()
    extra = {"not_opening": not_opening} if not_opening else {}
    for piece in generator.stream(messages, max_tokens=settings.max_new_tokens, temperature=settings.temperature,
                                  **extra):
        if "first_token" not in timings:
            timings["first_token"] = time.perf_counter() - started
        pieces.append(piece)
        yield piece
    raw = "".join(pieces).strip()
    timings["generate"] = timings.get("generate", 0.0) + time.perf_counter() - began
    said = raw
    if len(pieces) >= settings.max_new_tokens and (cut := unfinished(raw)):  # stopped mid-sentence at the limit
        log.info("dropping the unfinished end of a reply cut at %d tokens: %r", settings.max_new_tokens, cut)
        said = raw[:-len(cut)]
    return raw, said


def stored_sentences(index: Index, hit: Hit) -> dict[int, np.ndarray]:
    """The index's sentence vectors of `hit`, by sentence start in its text (empty for an older index)."""
    if index.sentences is None or hit.chunk_id not in index.row_of:
        return {}
    row = index.row_of[hit.chunk_id]
    return {start: vector for (start, _), vector in zip(split(index.chunks[row]), index.sentences.of(row))}


def _checked_question(question) -> str:
    if not isinstance(question, str) or not question.strip():
        raise BadInput("the question is empty; type a question about the briefs")
    question = clean_question(question)
    if len(question) > MAX_QUESTION_CHARS:
        raise BadInput(f"the question is {len(question)} characters long; ask in at most {MAX_QUESTION_CHARS}")
    return question


def _refusal(lang: str, hits: list[Hit], timings: dict, started: float, query: str, raw: str | None = None,
             unsupported: tuple[str, ...] = (), support: float | None = None, checked: str | None = None,
             restated: str | None = None, parts: tuple[str, ...] = (), again: str | None = None) -> Answer:
    return Answer(REFUSAL[lang], hits=tuple(hits), refused=True, timings=timings | _total(started), raw=raw,
                  query=query, unsupported=unsupported, support=support, checked=checked, restated=restated,
                  parts=parts, again=again)


def _repeats(sentence: str, text: str) -> bool:
    """`sentence` says again what `text` says: most of its terms and every figure ("…which grew by 66% year over
    year" asked again as "how fast did it grow year over year")."""
    return answers(text, sentence) and all(supported(f, figures(text)) for f in figures(sentence))


def _placed(hit: Hit) -> str:
    """A hit's text with what places it in time (missing_years reads the years of its title and date too)."""
    return f"{hit.title} {hit.date} {hit.text}"


def _citation(n: int, hit: Hit) -> Citation:
    return Citation(n, hit.chunk_id, hit.doc_id, hit.title, hit.source, hit.date, hit.text)


def _total(started: float) -> dict[str, float]:
    return {"total": time.perf_counter() - started}
