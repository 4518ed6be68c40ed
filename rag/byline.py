"""Questions about a brief's own byline — which outlet published it, when, under what title — answered from its
metadata.

"《我拥有了超能力…》是哪家媒体、什么时间发布的?", "Which brokerage wrote the telecom weekly saying the fiber
price-hike trend is clear?": the answer is the header of one brief (its source and date), not a sentence of any
text. Given those headers in the prompt, the packaged 1.5B model wrote the date without the time asked, echoed the
question, or cited a number as the answer (gold, session 11: 4 of 11 such questions wrong, and the one asking an
English headline refused). Here the described brief is the retrieved one whose title and retrieved text are nearest
the question (a piece is described by its title, a paraphrase of it, or its content, often across languages; a
quoted title must be in the brief's title, an outlet named must be the brief's), and the answer states its title,
outlet and time, citing it: nothing is generated, so nothing can be invented.

Only questions that ask nothing but the byline of a piece: an outlet or a publication time with a verb of
publishing, or a title; and a piece (a quoted title, "那篇", "周报", "the story", "weekly", or "which media") —
"哪家公司发布了新芯片?" asks about news, not a brief. A brief that lacks the field asked (no outlet named), or whose
text reports who published what the question describes ("中信建投发布研报称…" in a news brief), is left to the generator.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .prompt import ISO_DATE, shown_date
from .text import sentence_spans, tokenize
from .types import Hit

# A quoted title: 《…》, “…”, "…", '…' (an apostrophe inside a word, "Meta's", opens none).
_QUOTED = re.compile(r"《[^》]{2,}》|“[^”]{2,}”|\"[^\"]{2,}\"|(?<![A-Za-z])'[^']{2,}'(?![A-Za-z])")
# A piece of news or research. Not "报告" / "report" ("美国1月就业报告原定什么时候发布?" asks about a data release), nor
# "title" ("What is the title of Meta's new model?").
_PIECE = re.compile(r"文章|报道|纪要|周报|日报|月报|研报|简报|快讯|消息|新闻|点评|评论|专栏|这篇|那篇|这份|那份|该文"
                    r"|\b(?:story|stories|article|piece|weekly|daily|brief|note|column|post|coverage|commentary"
                    r"|memo|minutes|transcript)s?\b", re.IGNORECASE)
_PUBLISHED = re.compile(r"发布|发表|刊登|刊发|发的|写的|出自|报道|\b(?:publish|published|wrote|written|ran|posted|"
                        r"issued|put out|reported|carried)\b", re.IGNORECASE)
# What the question asks: an outlet ("which media" needs no piece named: what media publish is one) ...
_MEDIA = r"媒体|网站|报纸|杂志|刊物|出版方|outlet|media|publication|publisher|newspaper|news\s?site|website|magazine"
_ASKS_MEDIA = re.compile(rf"(?:哪|什么)(?:一)?(?:家|个)?(?:{_MEDIA})|\b(?:which|what)\s+(?:\w+\s+){{0,2}}?(?:{_MEDIA})\b",
                         re.IGNORECASE)
_ASKS_OUTLET = re.compile(rf"{_ASKS_MEDIA.pattern}|(?:哪|什么)(?:一)?(?:家|个)?(?:机构|券商|平台|公司)|来源是"
                          r"|\b(?:which|what)\s+(?:\w+\s+){0,2}?(?:paper|site|agency|firm|brokerage|broker|bank|house"
                          r"|institution|company)\b|\bwho\s+(?:published|ran|posted|issued)\b",
                          re.IGNORECASE)
# ... or a time
_ASKS_TIME = re.compile(r"什么时间|什么时候|几点|哪天|哪一天|何时|发布时间|日期|\bwhen\b|\bwhat time\b|\bwhat date\b|\bwhich day\b",
                        re.IGNORECASE)
# ... or its title ("英文报道标题的原话是什么?", "What was the headline of the story …?")
_ASKS_TITLE = re.compile(r"(?:标题|题目)(?:的原话|原文|全文)?(?:是什么|叫什么|是啥)|叫什么标题|原标题"
                         r"|\b(?:what|which)\s+(?:is|was)\s+the\s+(?:\w+\s+)?(?:title|headline)\b"
                         r"|\b(?:title|headline)\s+of\b", re.IGNORECASE)
# Anything else asked makes it a question about content, left to the generator.
_OTHER_ASK = re.compile(r"多少|几(?!点)|什么(?!时间|时候)|哪(?!家|个|一家|一个|天|一天|里)|谁|怎么|如何|为什么|是否|吗"
                        r"|\b(?:what(?!\s+time\b|\s+date\b)|how|where|why|whom|whose)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Asked:
    outlet: bool
    time: bool
    title: bool = False


# In a follow-up, what the answer before was read from: "那它是什么时候发布的?", "Which outlet published that?"
_PRONOUN = re.compile(r"[它这那该此]|\b(?:it|this|that)\b", re.IGNORECASE)


def asked(question: str, follow_up: bool = False) -> Asked | None:
    """The byline fields `question` asks of a piece, or None when it asks anything else. In a `follow_up`, a pronoun
    names the piece the answer before came from."""
    unquoted = _QUOTED.sub(" ", question)
    fields = Asked(*(bool(p.search(unquoted)) for p in (_ASKS_OUTLET, _ASKS_TIME, _ASKS_TITLE)))
    # an outlet or a time of publishing ("哪家公司 … 是谁" is no byline); a title is a piece's own
    if not fields.title and not ((fields.outlet or fields.time) and _PUBLISHED.search(unquoted)):
        return None
    if not (_QUOTED.search(question) or _PIECE.search(unquoted) or _ASKS_MEDIA.search(unquoted)
            or follow_up and _PRONOUN.search(unquoted)):
        return None
    rest = unquoted
    for ask in (_ASKS_TITLE, _ASKS_OUTLET, _ASKS_TIME):
        rest = ask.sub(" ", rest)
    return None if _OTHER_ASK.search(rest) else fields


_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Byline:
    text: str  # the answer, citing [1]
    hit: Hit  # the best-ranked retrieved chunk of the described brief: source [1]


def answer(question: str, hits: list[Hit], lang: str, *, embed_query: Callable[[str], np.ndarray],
           embed_passages: Callable[[list[str]], np.ndarray], query: str | None = None) -> Byline | None:
    """The byline of the retrieved brief `question` describes, or None (not a byline question; or the brief lacks
    the field asked, or its text reports who published what is described). `query`: a follow-up's standalone query
    (the answer before and the question), which describes the brief instead."""
    fields = asked(question, follow_up=query not in (None, question))
    if fields is None or not hits:
        return None
    question = query or question
    briefs: dict[str, Hit] = {}
    for hit in hits:  # best-ranked chunk of each brief
        briefs.setdefault(hit.doc_id, hit)
    chosen = list(briefs.values())
    quoted = [_plain(q[1:-1]) for q in _QUOTED.findall(question)]
    if quoted and not fields.title:  # a quoted title names the brief; a quote no title holds ("the graph") names
        chosen = [h for h in chosen if any(q in _plain(h.title) for q in quoted)]  # none (asking the title, a quote
        if not chosen:  # is what the piece says)
            return None
    plain = _plain(question)  # an outlet the question names ("券商中国那篇…", "the Smart Investor piece") names its briefs
    chosen = [h for h in chosen if h.source and _plain(_THE.sub("", h.source)) in plain] or chosen
    # the title as described, plus the text as retrieved (a piece is described by its content as often as by its
    # title: "the story on the Supreme Court pulling up Meta"); a chunk only BM25 found counts no text similarity
    title = embed_passages([h.title for h in chosen]) @ embed_query(question)
    text = np.array([max(h.dense_score or 0.0 for h in hits if h.doc_id == c.doc_id) for c in chosen])
    hit = chosen[int(np.argmax(title + text))]
    if (fields.outlet and not hit.source) or (fields.time and not hit.date) or not hit.title:
        return None
    if fields.outlet and _reports_publisher(question, [h for h in hits if h.doc_id == hit.doc_id]):
        return None
    return Byline(_sentence(hit, lang, fields), hit)


# A brief reporting what another house published: "中信建投发布研报称…", "…said in a note"
_REPORTED = re.compile(r"(?:发布|发表|发)了?(?:研报|报告|研究报告|点评|纪要)|(?:研报|报告)(?:称|指出|认为|表示)"
                       r"|\b(?:said|wrote|argued|noted)\s+in\s+an?\s+(?:\w+\s+)?(?:note|report)\b"
                       r"|\bpublished\s+an?\s+(?:\w+\s+)?(?:note|report)\b", re.IGNORECASE)


def _reports_publisher(question: str, chunks: list[Hit]) -> bool:
    """Whether the brief itself reports who published what the question describes ("哪家券商发布研报称Clawdbot…"
    over a news brief saying "中信建投发布研报称,Clawdbot等AI Agent现象级火爆"): then the answer is in its text, not its
    byline. A sentence that reports a publication and shares two words of the question."""
    words = {t for t in tokenize(question) if len(t) > 1 and not t[0].isdigit()}
    return any(_REPORTED.search(sentence) and len(words & set(tokenize(sentence))) >= 2
               for hit in chunks for start, end in sentence_spans(hit.text) for sentence in [hit.text[start:end]])


def _plain(text: str) -> str:
    """Letters and digits only, case folded: a quoted title matches the brief's whatever its punctuation."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _sentence(hit: Hit, lang: str, fields: Asked) -> str:
    date = _date(hit.date, lang)
    if lang == "zh":
        title = f"《{hit.title.strip('《》')}》"
        by = (f"由{hit.source}" if hit.source else "") + (f"于{date}" if date else "")
        if fields.title:
            return f"标题是{title}" + (f",{by}发布" if by else "") + "[1]。"
        return f"{title}{by}发布[1]。" if hit.source else f"{title}发布于{date}[1]。"
    by = (f" by {hit.source}" if hit.source else "") + (f" on {date}" if date else "")
    if fields.title:
        return f"The title is '{hit.title}'" + (f"; it was published{by}" if by else "") + " [1]."
    return f"'{hit.title}' was published{by} [1]."


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def _date(date: str | None, lang: str) -> str:
    """"2026年2月3日 12:11" / "February 3, 2026, 12:11" from a brief's ISO date; "" when it has none."""
    m = ISO_DATE.match((date or "").replace("T", " "))
    if lang == "zh" or not m:
        return shown_date(date, lang)
    year, month, day, hour, minute = m.groups()
    return f"{_MONTHS[int(month) - 1]} {int(day)}, {year}" + (f", {hour}:{minute}" if hour else "")
