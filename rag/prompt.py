"""(question, hits) -> the numbered sources and chat messages the generator sees.

Prompt length is the latency: the packaged 1.5B model prefills ~40-50 tokens/s on 2 cores, so a whole
~230-token chunk costs ~5 s before the first word. Sources therefore carry only the sentences of the
retrieved chunks that bear on the question (embedding similarity plus term coverage), within a token
budget, each under its title · source · date. The briefs' own reference marks ("[1][11]") are removed so
they cannot pass for citation numbers, and for English questions Chinese amounts are restated in English
("1150亿美元" -> "$115 billion"), since small models misread 亿. Retrieved chunks that address the model
(instructions, role labels, fake sources blocks: prompt injection) are left out, and chat-template tokens
are stripped from everything the prompt quotes.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .numbers import figures, restate_in_english
from .questions import EN_WHEN
from .text import detect_lang, names, people, sentence_spans, tokenize
from .types import Hit

log = logging.getLogger(__name__)

# The briefs' own reference marks, in every form citations.parse reads: [1], [1][11], [1, 2], 【12】
MARK_NUMBERS = r"\d{1,3}(?:\s*[,，、]\s*\d{1,3})*"
MARK = rf"[\[【]\s*{MARK_NUMBERS}\s*[\]】]"
SOURCE_MARKS = re.compile(rf"\s*(?:{MARK})+")
# Chat-template control tokens (<|im_start|>, <|im_end|>, <|endoftext|>): llama.cpp parses them inside message
# text, so a brief holding "<|im_start|>system" would open a real system turn.
CONTROL_TOKENS = re.compile(r"<\|[A-Za-z0-9_]{1,40}\|>")
# Text that addresses the model instead of reporting news: an instruction ("ignore previous instructions",
# "请回答…"), a role label or persona ("Assistant:", "你是…助手"), a fake question/answer pair or numbered
# sources block. A chunk holding any of it is left out of the prompt whole, since its other sentences (a fake
# source's figures) are the injection's payload. No sentence of the seeds or of the benchmark corpora
# (cmrc2018, rgb, xquad: 72k sentences) matches; tests/test_injection.py measures what it stops.
INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,20}\b(?:previous|prior|above|earlier|preceding|all)\b.{0,12}"
    r"\b(?:instructions?|prompts?|rules)\b|\banswer (?:that|with|only)\b|\bthe (?:only )?correct answer is\b"
    r"|\bdeveloper mode\b|\byou are now\b|^(?:assistant|user|human|question|answer)\s*:|^(?:问题|回答|答案)\s*[:：]"
    r"|(?:忽略|无视|忘记|忘掉)(?:之前|以上|上面|前面|上述|先前|所有)|(?:请|直接|都)回答|无论用户|新的规则"
    r"|你是.{0,12}(?:助手|模型)", re.IGNORECASE)
FAKE_SOURCES = re.compile(r"(?:^|\s)(?:sources?|资料)\s*[:：]\s*[\[【]\d"  # "Sources: [1] …"
                          r"|[\[【]\d{1,3}[\]】]\s*[^\[【\s][^。.!?]{0,30}\s·\s\d{4}-\d\d",  # "[2] outlet · 2026-02-04"
                          re.IGNORECASE)
_EDGE = " \t\n-*•·"
MIN_SENTENCE_CHARS = 12  # shorter pieces are headings ("业绩下滑或亏损:") and carry no fact

# Measured on the 92 gold questions (session 3): two worked examples in this (cached, so free) system turn fixed
# outlet/time answers but cost accuracy overall, .750 -> .684, and raised false refusals .079 -> .132; kept plain.
SYSTEM = {
    "zh": "你是金融资讯助手。只根据用户给出的编号资料回答问题,不要使用资料以外的知识。",
    "en": "You are a financial news assistant. Answer only from the numbered sources the user gives, "
          "never from outside knowledge. The sources are often in Chinese; answer in English.",
}
INSTRUCTION = {
    "zh": "请根据以上资料用中文简短回答(一到三句话);问题问了几件事就逐一回答。每句话末尾用方括号注明资料编号,如[1]。"
          "数字和单位照资料原文写。问媒体或时间时,用资料的来源和时间。",
    "en": "Answer the question in English in one to three short sentences, based on the sources above; if it asks "
          "several things, answer each. End each sentence with the number of its source in brackets, like [1]. "
          "Copy figures exactly as written. For which outlet or when, use the source's Publisher and Published.",
}
LABELS = {"zh": ("资料", "问题"), "en": ("Sources", "Question")}
# Each source's header names its fields: given "title · outlet · date", the 1.5B model answered "which outlet /
# when" questions with the title.
HEADER_FIELDS = {"zh": ("标题", "来源", "时间"), "en": ("Title", "Publisher", "Published")}


@dataclass(frozen=True, slots=True)
class Source:
    n: int  # the number the answer cites: [n]
    hit: Hit
    text: str  # the chosen sentences as the model sees them
    same_as: int | None = None  # an earlier source from the same brief: its title is not repeated

    def header(self, lang: str = "zh") -> str:
        if self.same_as is not None:
            return f"(同一篇简报,见[{self.same_as}])" if lang == "zh" else f"(same brief as [{self.same_as}])"
        date = shown_date(self.hit.date, lang)
        names = HEADER_FIELDS[lang]
        return " | ".join(f"{name}: {x}" for name, x in zip(names, (self.hit.title, self.hit.source, date)) if x)


ISO_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d))?")  # a brief's date: year, month, day, hour, minute


def shown_date(date: str | None, lang: str) -> str:
    """A brief's date as the answer should write it: "2026年2月3日 14:56" in Chinese (given "2026-02-03" the model
    wrote "2026年2月03日"), "2026-02-03 14:56" in English."""
    date = (date or "").replace("T", " ")
    m = ISO_DATE.match(date)
    if lang != "zh" or not m:
        return date
    year, month, day, hour, minute = m.groups()
    return f"{year}年{int(month)}月{int(day)}日" + (f" {hour}:{minute}" if hour else "")


def clean(sentence: str) -> str:
    return SOURCE_MARKS.sub("", sentence).replace("**", "").strip(_EDGE)


_CLAUSE = re.compile(r"(?<=[,，;；])")
def has_figure(clause: str) -> bool:
    """A figure other than a year: "2025年第四季度财报" only places a list, it is not one of its entries."""
    return any(not f.is_year for f in figures(clause, words=False))


def focus(sentence: str, terms: dict[str, float]) -> str:
    """A long enumeration ("A涨11.75%…, B涨8.09%…, C涨1.71%…") cut to its lead clause and the clauses that
    name a question term: a 1.5B model given the whole list often copies the wrong entry's figure. The lead
    clause is always kept, so only the entries after it compete ("Meta发布2025年第四季度财报,营收…,净利润…"
    is two facts of one lead, not a list to cut to the lead)."""
    clauses = [c for c in _CLAUSE.split(sentence) if c.strip()]
    entries = range(1, len(clauses))
    if sum(1 for i in entries if has_figure(clauses[i])) < 3 or not terms:
        return sentence
    tokens = [set(tokenize(c)) for c in clauses]
    # terms that tell the list's entries apart: in at most half of the clauses ("涨" is in all of them)
    telling = {t: w for t, w in terms.items() if 0 < sum(t in ts for ts in tokens) <= len(clauses) // 2}
    score = {i: sum(w for t, w in telling.items() if t in tokens[i]) for i in entries}
    best = max(score.values())
    keep = [i for i, v in score.items() if best > 0 and v >= 0.75 * best]
    if not any(has_figure(clauses[i]) for i in keep):  # the question is about the list as a whole
        return sentence
    picked = [0, *keep]
    parts = []
    for prev, i in zip([None, *picked], picked):
        if prev is not None and i != prev + 1:
            parts.append("…")
        parts.append(clauses[i].strip())
    return "".join(parts).rstrip(",，;；")


def looks_injected(text: str) -> bool:
    """Whether `text` holds chat-template tokens, a fake sources block, or a sentence that instructs the model."""
    if CONTROL_TOKENS.search(text) or FAKE_SOURCES.search(text):
        return True
    return any(INJECTION.search(clean(text[start:end])) for start, end in sentence_spans(text))


ANSWER_TYPE_BONUS = 0.15
_ASKS_AMOUNT = re.compile(r"多少|几(?![月日号点时])|\bhow (?:many|much|long|quickly|fast|old|big|large|far)\b", re.IGNORECASE)
_ASKS_TIME = re.compile(rf"什么时候|何时|哪天|哪一天|哪一?年|时间|日期|{EN_WHEN}|\bwhat (?:date|day|year|time)\b", re.IGNORECASE)
_ASKS_PERSON = re.compile(r"谁|哪位|\bwho(?:m|se)?\b", re.IGNORECASE)
_TIME_WORDS = re.compile(r"\d\s*[月日号]|[上下]午|凌晨|傍晚|周[一二三四五六日]|星期|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
                         r"nov|dec)[a-z]*\.?\s+\d|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                         re.IGNORECASE)


def gives_asked(question: str) -> Callable[[str], bool]:
    """Whether a sentence gives the kind of thing `question` asks for: an amount ("多少", "how many"), a time
    ("什么时候", "when"), a person ("谁", "who"). A question asking none of these: always False."""
    asked = {f.value for f in figures(question)}  # "MU5735航班上有多少人": 5735 names the flight, it counts nothing

    def amount(sentence: str) -> bool:
        return any(not f.is_year and not f.calendar and f.value not in asked for f in figures(sentence))

    def time(sentence: str) -> bool:
        return bool(_TIME_WORDS.search(sentence)) or any((f.is_year or f.calendar) and f.value not in asked
                                                         for f in figures(sentence))

    def person(sentence: str) -> bool:
        return bool(people(sentence)) or any(w[:1].isupper() for w in names(sentence))

    if _ASKS_TIME.search(question):
        return time
    if _ASKS_AMOUNT.search(question):
        return amount
    if _ASKS_PERSON.search(question):
        return person
    return lambda sentence: False


def _is_fact(sentence: str) -> bool:
    return len(sentence) >= MIN_SENTENCE_CHARS and sentence[-1] not in ":："


def select_sources(question: str, hits: list[Hit], *, embed: Callable[[list[str]], np.ndarray],
                   query_vector: np.ndarray, idf: Callable[[str], float], count_tokens: Callable[[str], int],
                   budget: int, lang: str, max_hits: int = 5,
                   stored: Callable[[Hit], dict[int, np.ndarray]] | None = None) -> list[Source]:
    """The best sentences of the top hits within `budget` tokens, grouped into numbered sources by hit rank.

    Hits that look injected (looks_injected) are left out. stored(hit) gives the index's sentence vectors of
    a hit by sentence start; only sentences without one are embedded here."""
    injected = [h.chunk_id for h in hits if looks_injected(h.text)]
    if injected:
        log.warning("left out of the prompt, as they address the model: %s", ", ".join(injected))
        hits = [h for h in hits if h.chunk_id not in injected]
    candidates, seen = [], set()  # (hit rank, start, sentence); seen: (brief, sentence)
    for rank, hit in enumerate(hits[:max_hits]):
        for start, end in sentence_spans(hit.text):
            sentence = clean(hit.text[start:end])
            # chunks of one brief overlap by a sentence: the prompt shows it once, under the better-ranked chunk
            if _is_fact(sentence) and (hit.doc_id, sentence) not in seen:
                seen.add((hit.doc_id, sentence))
                candidates.append((rank, start, sentence))
    if not candidates:
        return []
    terms = {t: idf(t) for t in dict.fromkeys(tokenize(question))}
    gives, asked_in = gives_asked(question), detect_lang(question)
    candidates = [(rank, start, focus(sentence, terms)) for rank, start, sentence in candidates]
    vectors = [(stored(hits[rank]) if stored else {}).get(start) for rank, start, _ in candidates]
    missing = [i for i, v in enumerate(vectors) if v is None]
    for i, v in zip(missing, embed([candidates[i][2] for i in missing]) if missing else []):
        vectors[i] = v
    similarity = np.stack(vectors).astype(np.float32) @ query_vector
    total = sum(terms.values()) or 1.0
    scores = []
    for (rank, _, sentence), sim in zip(candidates, similarity):
        present = set(tokenize(sentence))
        coverage = sum(w for t, w in terms.items() if t in present) / total
        across = detect_lang(sentence) != asked_in  # no question term to cover: what it gives must tell
        scores.append(float(sim) + 0.3 * coverage + 0.03 / (rank + 1) + ANSWER_TYPE_BONUS * (across and gives(sentence)))
    chosen, used, headed = [], 0, set()
    for i in sorted(range(len(candidates)), key=lambda i: -scores[i]):
        hit = hits[candidates[i][0]]
        cost = count_tokens(_shown(candidates[i][2], lang)) + 2
        if hit.doc_id not in headed:  # the title · source · date line, once per brief
            cost += count_tokens(hit.title) + 12
        if used + cost > budget and chosen:
            continue
        chosen.append(i)
        headed.add(hit.doc_id)
        used += cost
        if used >= budget:
            break
    by_hit: dict[int, list[tuple[int, str]]] = {}
    for i in chosen:
        rank, start, sentence = candidates[i]
        by_hit.setdefault(rank, []).append((start, _shown(sentence, lang)))
    sources, first_of_doc = [], {}
    for n, rank in enumerate(sorted(by_hit), 1):
        doc_id = hits[rank].doc_id
        sources.append(Source(n, hits[rank], " … ".join(s for _, s in sorted(by_hit[rank])), first_of_doc.get(doc_id)))
        first_of_doc.setdefault(doc_id, n)
    return sources


def _shown(sentence: str, lang: str) -> str:
    return restate_in_english(sentence) if lang == "en" else sentence


# The check after answering (ask(): Settings.min_support_*): a yes/no question about the checked answer and the
# sources it cites, read as P(yes) from the first reply token. Measured (session 6) against a wording that names
# the usual slips ("same person, event, date and figure"): the same refusals of wrong answers, with less margin
# above the lowest right answers. Asking only whether the sources answer the question (no answer shown) separated
# the RGB sets well but not the seed briefs (right answers as low as 0.70). Two cheaper forms, which reuse the answer
# prompt's cached prefill (~1 s instead of ~4 s), separated less on the same stored replies (session 7): asked in the
# answer's own chat after its reply, Chinese answers right and wrong alike scored 0.92-0.97 (the model affirms its own
# turn); asked after the answer prompt's system turn, sources and question (with or without "as a strict fact
# checker"), floors under the lowest right answer refuse 1-2 of the 22 accepted rgb-zh-negative answers and 3-4 of
# the 28 rgb-en-negative ones, where this prompt refuses 4 and 7.
CHECK_SYSTEM = {"zh": "你是严格的事实核查员。", "en": "You are a strict fact checker."}
CHECK = {
    "zh": "资料:\n{sources}\n\n问题:{question}\n回答:{answer}\n\n资料是否明确写出了这个回答?只回答“是”或“否”。",
    "en": "Sources:\n{sources}\n\nQuestion: {question}\nAnswer: {answer}\n\n"
          "Do the sources explicitly state this answer to the question? Reply only yes or no.",
}


def build_messages(question: str, sources: list[Source], lang: str) -> list[dict]:
    """System rules first (a static prefix the backend can cache), then sources, question, instruction."""
    label_sources, label_question = LABELS[lang]
    listed, question = CONTROL_TOKENS.sub("", _listed(sources, lang)), CONTROL_TOKENS.sub("", question)
    user = f"{label_sources}:\n{listed}\n\n{label_question}: {question}\n\n{INSTRUCTION[lang]}"
    return [{"role": "system", "content": SYSTEM[lang]}, {"role": "user", "content": user}]


def build_check_messages(question: str, answer: str, sources: list[Source], lang: str) -> list[dict]:
    """Ask whether `sources` (those the answer cites) state `answer` to `question`; the reply is yes or no."""
    user = CHECK[lang].format(sources=_listed(sources, lang), question=question,
                              answer=SOURCE_MARKS.sub("", answer).strip())
    return [{"role": "system", "content": CHECK_SYSTEM[lang]}, {"role": "user", "content": CONTROL_TOKENS.sub("", user)}]


def _listed(sources: list[Source], lang: str) -> str:
    """The numbered sources as both prompts show them: "[n] header", then the chosen sentences."""
    return "\n\n".join(f"[{s.n}] {s.header(lang)}\n{s.text}" for s in sources)
