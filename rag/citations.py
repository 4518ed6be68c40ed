"""Citations: parse [n] marks, bounds-check them, and check that the cited chunk supports its sentence.

A figure is where a small model goes wrong, so every figure of a sentence must be stated, by value, in a
chunk the sentence cites ("$115 billion" matches "1150亿美元"). A sentence whose figures its citation does
not hold is re-cited to a source that does; with no such source it is removed from the answer and reported
in Answer.unsupported: an unverified number is never shown as fact. Names get the same treatment: a name
the sentence takes from the question must be in the cited brief (the same figure about another company
is no answer), and a name that no source holds was brought in by the model; an English answer over Chinese
briefs names things in translation, checked in a glossary's spellings (rag/aliases.py: Nvidia, 英伟达). An
amount matches only in its own currency ("$2.13 billion" is not 21.3亿印度卢比), and the brief's own date in a
sentence ("rose 11.75% on February 3") is backed by the brief's header. A sentence with no usable citation is
given the source that shares most of its terms.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from collections.abc import Callable, Iterator

from .aliases import aliases, countries_in, named_in, names_one_of
from .numbers import (CN_MEASURES, UNIT_WORDS, Figure, currency_end, english_amount_in, figures, named_currencies,
                      supported)
from .prompt import ISO_DATE, MARK, MARK_NUMBERS, Source, has_figure
from .questions import EN_WHEN
from .text import (apposed_names, detect_lang, folded, last_word, names, nouns, one_place_or_name, people,
                   sentence_spans, tokenize, unaccented, unknown_nouns)

CITE = re.compile(rf"[\[【]\s*({MARK_NUMBERS})\s*[\]】]")
# marks and what lists them: "…, as mentioned in [1], [2], and [5]." leaves "…, as mentioned in."
_LISTED_MARKS = rf"{MARK}(?:\s*[,，、]?\s*(?:and\s+|&\s*)?{MARK})*"
_MARKS_AFTER_STOP = re.compile(rf"([。.!?！？])(\s*)({_LISTED_MARKS})", re.IGNORECASE)
# "… $20 billion (1)." / "(Source [1])" / "(资料1)": a citation in parentheses, at the end of a sentence
_PAREN_MARK = re.compile(r"\(\s*(?:sources?|资料)?\s*\[?(\d{1,2})\]?\s*\)(?=\s*(?:[.。!?！？]|$))", re.IGNORECASE)
_MARKS_AND_SPACE = re.compile(rf"(?:\s*{_LISTED_MARKS})+", re.IGNORECASE)

# The model's own ways of saying the sources do not answer ("…is not directly provided in the given sources")
REFUSAL_PATTERN = re.compile(
    r"简报中没有|资料中没有|没有找到|无法回答|未提及|没有提到"
    r"|(?:资料|简报|材料|文中)[中里]?(?:并)?(?:没有|未|没)(?:直接|明确|具体)?(?:提及|提到|提供|给出|说明|涉及)"
    r"|\bnot say\b|\bno information\b|\bcannot answer\b"
    r"|\b(?:do|does|did)(?: not|n't)(?: directly| explicitly| specifically)? (?:mention|contain|provide|state|say|include)"
    r"|\bnot (?:directly |explicitly |specifically )?(?:mentioned|provided|stated|given|specified|included|available)\b",
    re.IGNORECASE)


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
    return bool(REFUSAL_PATTERN.search(text))


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
# "Feb", "February" (not "Marvel", "Mayfield", "Junior")
_MONTH_NAME = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
               r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_MONTH = rf"{_MONTH_NAME}\.?"  # … "Feb."


def missing_years(question: str, texts: list[str], answer: str | None = None) -> list[str]:
    """Years the question asks about that none of `texts` mentions: an answer from those texts would be
    about another year ("Meta 2024 年营收?" answered with the 2025 figure).

    With `answer`, a part of a several-part question that the answer leaves out does not count ("What run rate
    …, and what was Meta's Q4 2025 advertising revenue?" answered only on the run rate): the answer shares
    no more than half of that part's words."""
    found = set(_YEAR_IN_TEXT.findall(" ".join(texts)))
    parts = _question_parts(question)
    if answer is not None and len(parts) > 1:
        question = " ".join([part for part in parts if answers(answer, part)] or parts)
    return [y for y in dict.fromkeys(_YEAR_IN_TEXT.findall(question)) if y not in found]


def unanswered_parts(question: str, answer: str) -> list[str]:
    """The parts of a several-part question that `answer` leaves out while it answers another ("What run rate …,
    and what was Meta's Q4 2025 advertising revenue?" answered only on the run rate): each a question of its own
    (it asks something: "(一份说实际支出,一份说约数)" does not) of two words or more beyond its question word."""
    parts = [p.strip(" ,，") for p in _question_parts(question) if p.strip(" ,，")]
    left = [part for part in parts if not answers(answer, part)]
    if len(parts) < 2 or len(left) == len(parts):
        return []
    return [part for part in left if _ASKS.search(part) and len(tokenize(_ASKS.sub(" ", part))) >= 2]


def answers(answer: str, part: str) -> bool:
    """`answer` is about `part` of a question: it holds more than half of the part's terms, its question words aside
    (a reply restates what it answers: "Meta's Q4 2025 advertising revenue was $58.1 billion" for "what was Meta's Q4
    2025 advertising revenue"; "Meta AI战略全面加速" is not about "随后隔夜美股中 Meta 表现如何"). Chinese is read by
    character pairs: jieba cuts "财季营收为" as 财季营 and 收为."""
    terms = _terms(_ASKS.sub(" ", part))
    return len(terms & _terms(answer)) * 2 > len(terms)


def agrees(first: str, second: str, question: str) -> bool:
    """A second checked answer to `question` gives what the `first` gives beyond the question: one of its figures
    (a year aside) or one of its names ("2022年金砖国家主席国是南非[1]" and "…是南非[3]"); for an answer giving
    neither, half its words. An empty second answer (the checks passed none of it) gives nothing."""
    if not second:
        return False
    first, second = re.sub(MARK, " ", first), re.sub(MARK, " ", second)
    asked = set(tokenize(question))
    own = [f for f in figures(first) if not f.is_year]
    named = {folded(n) for n in names(first) if not set(tokenize(n)) <= asked}
    if own or named:
        return (any(supported(f, figures(second)) for f in own)
                or bool(named & {folded(n) for n in names(second)}))
    words = set(tokenize(first)) - asked
    return not words or 2 * len(words & set(tokenize(second))) >= len(words)


# A question asking for several values, one from each brief or of each thing ("不同材料里 Meta 2025 年资本开支分别是多少?"): two
# replies may each give another of them, both right
_SEVERAL = re.compile(r"分别|各自|\brespectively\b", re.IGNORECASE)


def asks_several(question: str) -> bool:
    """`question` asks for a value of each of several things or briefs: ask() does not ask it again."""
    return bool(_SEVERAL.search(question))


def _terms(text: str) -> set[str]:
    """The Latin words of `text` (not its numbers) and the character pairs of its Chinese runs."""
    return ({t for t in tokenize(_HAN_RUN.sub(" ", text)) if not t[0].isdigit()}
            | {run[i:i + 2] for run in _HAN_RUN.findall(text) for i in range(len(run) - 1)})


def _question_parts(question: str) -> list[str]:
    """The parts of `question` that ask a thing each, split where _QUESTION_PARTS says, but not inside a quoted title
    ("《Crawdbot真的是全能的AI助手吗?》这份纪要的发布时间是什么时候?" is one question)."""
    quoted = [m.span() for m in _QUOTED.finditer(question)]
    cuts = [m for m in _QUESTION_PARTS.finditer(question) if not any(a <= m.start() < b for a, b in quoted)]
    bounds = [0, *(x for m in cuts for x in m.span()), len(question)]
    return [part for a, b in zip(bounds[::2], bounds[1::2]) if (part := question[a:b]).strip()]


# Where a question asks its next thing: "…?…?", "…, and what was …", "…；…"
_QUESTION_PARTS = re.compile(r"[?？;；]|,\s*and\s+(?=(?:what|which|who|whom|how|when|where|why)\b)", re.IGNORECASE)
_QUOTED = re.compile(r"《[^》]*》|“[^”]*”|「[^」]*」|\"[^\"]*\"")
_ASKS = re.compile(r"\b(?:what|which|who|whom|how(?: much| many| long)?|when|where|why)\b|多少|哪|谁|什么|如何|怎样|怎么|几|吗",
                   re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Checked:
    text: str  # the answer with verified citations
    cited: tuple[int, ...]  # source numbers cited by the checked text, in order of first appearance
    unsupported: tuple[str, ...]  # sentences removed: no source states their figures or names
    recited: int  # sentences whose citation was replaced or added
    restated: int = 0  # sentences dropped as they only restate the question ("…哪一年推出的隐私政策? [1]")
    misnamed: int = 0  # unsupported sentences that named what their briefs do not ("华泰证券…发研报称…" over "中信建投发布研报称…")
    unheld: tuple[str, ...] = ()  # the names those sentences gave that their backing briefs lack ("华泰证券")


def verify(answer: str, sources: list[Source], lang: str, idf: Callable[[str], float] | None = None,
           question: str | None = None) -> Checked:
    """Check every sentence's citations against its figures and names; `idf` (the index's) tells rare terms.

    A sentence that repeats a name of `question` ("腾讯控股当天涨了11.75%") must cite a brief that names
    it: the same figure about another company is no answer. A sentence that only restates `question`
    ("SC 指的是哪个机构[1]") says nothing and is dropped, as is a repeat of an earlier sentence (its citations
    are merged into the first)."""
    by_n = {s.n: s for s in sources}
    asked = set(tokenize(question)) if question else None
    named = _question_names(question) if question else []
    dated = question is None or asks_when_published(question)
    currency = named_currencies(question) if question else set()
    asks_when = question is None or bool(_ASKS_WHEN.search(question))  # then a date is the answer, not an aside
    dates = {source.hit.date for source in sources if source.hit.date}
    headers = {x for source in sources for x in (source.hit.source, source.hit.title) if x}
    brief_words: dict[str, set[str]] = {}  # doc_id -> the words of its sources: a name may sit in a sibling chunk
    brief_text: dict[str, str] = {}  # doc_id -> its sources' text, normalised: a Chinese word may sit inside another
    for source in sources:
        said = stated(source)
        brief_words.setdefault(source.hit.doc_id, set()).update(tokenize(said))
        brief_text[source.hit.doc_id] = brief_text.get(source.hit.doc_id, "") + folded(said) + "\n"
    subject = _subject(question, idf) if question else {}
    numbered = _ordinals(question) if question else set()
    roles = _asked_roles(question) if question else []
    # "Who is the CEO…?": an office someone "was" in, or took up a generation ago, is not held now
    now = bool(question) and bool(_ASKS_NOW.search(question)) and bool(_ASKS_OFFICE.search(question))
    awards = _asked_awards(question) if question else []
    played = _asked_character(question) if question else []  # "Who will be playing the role of Billy Batson…?"
    sexes = _sexes(question) if question else None  # (asked, other): "男单冠军" - the men's event, not the women's
    members = _asked_members(question) if question else []  # "中秋假期": not 端午's; "冠军": not the bronze's
    hosts = _hosts(question) if question and detect_lang(question) == "zh" else set()  # "巴黎奥运会": not 北京奥运会
    titles = _titles(_cased_as_read(question, [s.hit.text for s in sources])) if question else []
    event = _asked_event(question) if question else None
    instalments = _instalments(question) if question else []  # "速度与激情10": not 速度与激情9
    side_events = bool(question) and _asks_for_a_side_event(question)  # where and when: not its press conference's
    kind = _asked_kind(question) if question else None
    categories = _categories(question) if question else set()
    # the year a one-part question asks about, for a claim naming none ("Who won the 2021 Tour de France?" -
    # "Pogacar made history a year ago …" on a page of 2021 names the winner of 2020)
    asked_year = set(_YEAR_IN_TEXT.findall(question)) if question and len(_question_parts(question)) == 1 else set()
    # the numbers of the question's names ("iPhone 11", "Pixel 6", "season 4"), as (word, number)
    name_numbers = {(m.group(1).lower(), m.group(2)) for m in _NAME_NUMBER.finditer(question or "")
                    if tokenize(m.group(1))}  # not "with 12": a word that names nothing
    # a question that picks a list's entry by its figure ("估值22亿美元的初创公司是哪家?")
    anchors = [f for f in figures(question) if _AMOUNT.search(f.raw) or f.percent or f.currency] if (
        question and _ASKS_WHICH.search(question)) else []

    def about(claim: str, doc_ids: set[str]) -> bool:
        """The briefs hold what the claim says it is about: of the question's nouns that a Chinese claim repeats
        ("Meta 的首席财务官是…"), a brief missing two or more, and most of their weight, is about something else."""
        if not subject or detect_lang(claim) != "zh":
            return True
        text = "".join(brief_text[d] for d in doc_ids)
        if detect_lang(text) != "zh":  # "那篇英文文章…" over an English brief: its nouns are translated
            return True
        said = set(tokenize(claim))
        repeated = {t: w for t, w in subject.items() if t in said}
        missing = {t: w for t, w in repeated.items() if t not in text and not any(t in brief_words[d] for d in doc_ids)}
        return len(missing) < 2 or sum(missing.values()) < _ABOUT_MISSING * sum(repeated.values())

    def holds_name(forms: tuple[str, ...], doc_ids: set[str]) -> bool:
        """Whether the briefs name one of `forms` (a name and its other spellings: aliases.aliases)."""
        words = set().union(*(brief_words[d] for d in doc_ids))
        return (any(_name_parts(form) <= words for form in forms)
                or names_one_of(forms, "".join(brief_text[d] for d in doc_ids)))

    def holds_names(must_name: list[tuple[str, ...]], doc_ids: set[str]) -> bool:
        """The briefs name what the claim repeats of the question: every name of one or two; of three or more
        (a title's words: "Animal Crossing: New Horizons on Nintendo Switch"), all but one."""
        missing = sum(not holds_name(forms, doc_ids) for forms in must_name)
        return missing == 0 or (missing == 1 and len(must_name) >= 3)

    @cache
    def moved_otherwise(claim: str, doc_id: str) -> bool:
        """_moved_otherwise over the brief's sources, once per claim and brief (backed() and supports() ask for each
        of a brief's chunks, and again for the ones a claim cites)."""
        return _moved_otherwise(claim, brief_text[doc_id])

    def supports(source: Source, claim: str, figs: list, must_name: list[tuple[str, ...]]) -> bool:
        # the brief's date backs a claim about when it was published
        with_date = dated or bool(_ASKS_PUBLISHED.search(claim))
        text = stated(source, with_date=with_date)
        if not with_date and not asks_when and (undated := without_own_date(claim, source.hit.date)) != claim:
            claim, figs = undated, [f for f in figs if supported(f, figures(undated))]  # "…rose 11.75% on Feb 3"
        claimed = set(_YEAR_IN_TEXT.findall(claim))  # not the question's: in a two-part question they may be the other part's
        # the day a search snippet's dateline gives is the page's, not the day asked about ("Jul 8, 2022 ... … Google
        # Pixel 6: price and release date." for when the Pixel 6 was announced); its year may place what the page says
        dateline = _DATELINE.match(source.hit.text) if asks_when and not with_date else None
        days_text = text.replace(dateline.group(), "", 1) if dateline else text
        return (holds_names(must_name, {source.hit.doc_id}) and about(claim, {source.hit.doc_id})
                and not _numbered_otherwise(numbered, brief_text[source.hit.doc_id])
                and not _named_in_other_numbers(claim, source.hit.text, numbered, asked or set(), lang)
                and not _named_for_other_years(claim, source.hit.text, claimed or asked_year, asked or set(), lang)
                and not _named_for_other_seasons(claim, source.hit.text, asked or set(), lang)
                and not _role_unstated(claim, source.hit.text, roles, named, asked or set(), sexes,
                                       claimed or asked_year, now)
                and not _role_unstated(claim, source.hit.text, awards, named, asked or set())
                and not (played and _role_unstated(claim, _one_per_line(source.hit.text), played, named, asked or set()))
                and not (sexes is not None and _given_for_the_other(claim, source.hit.text, sexes, asked or set()))
                and not _of_a_sibling(claim, source.hit.text, members, question or "")
                and not _of_another_host(claim, source.hit.text, hosts, question or "")
                and not _of_a_derivative(claim, source.hit.text, titles, asked or set())
                and not _other_event(claim, source.hit.text, event)
                and not _of_another_instalment(claim, source.hit.text, instalments)
                and not (side_events and _of_a_side_event(claim, source.hit.text, question or ""))
                and not moved_otherwise(claim, source.hit.doc_id)
                and _entry_of_another(claim, source.hit.text, anchors, asked or set()) is None
                and _days_stated(claim, days_text, figs)
                and all(_states(text, f, claim, idf, claimed, asked or set()) for f in figs
                        if not _names_number(f, claim, text, name_numbers)))

    def backed(claim: str, cited: list[int]) -> tuple[list[int], bool] | None:
        """The sources backing `claim` (its own citations if they do) and whether they are others; None: none."""
        figs, must_name = figures(claim), _asked_names(claim, named, idf, english_sources)
        if len(currency) == 1 and any(f.currency and f.currency not in currency for f in figs):
            return None  # "How much is the penalty in US dollars?" answered in rupees: not what was asked
        if any(moved_otherwise(claim, by_n[n].hit.doc_id) for n in cited):
            return None  # the brief it cites says the other way: a contradicted claim is not moved to another brief
        good = [n for n in cited if supports(by_n[n], claim, figs, must_name)]
        if good:
            return good, False
        if len(cited) > 1 and figs:  # "…$115-135 billion, and Corning's deal is worth $6 billion [3][4]"
            holders = [next((n for n in cited if supports(by_n[n], claim, [f], [])), None) for f in figs]
            joined = list(dict.fromkeys(holders))
            docs = {by_n[n].hit.doc_id for n in joined if n is not None}
            if None not in holders and holds_names(must_name, docs) and about(claim, docs):
                return joined, False
        if figs or must_name or cited:
            good = [s.n for s in sources if supports(s, claim, figs, must_name)][:1]
            return (good, True) if good else None
        return ([_closest(claim, sources)], True) if sources else ([], False)

    # every word the model was shown, and the Latin words a claim could copy from each brief, accents aside
    known = {unaccented(w) for w in set().union(asked or set(), *brief_words.values())}
    latin_of = {d: {unaccented(w) for w in words if w.isascii() or _LATIN_TOKEN.fullmatch(w)}
                for d, words in brief_words.items()}
    latin = set().union(*latin_of.values())
    english_sources = detect_lang(" ".join(s.text for s in sources)) == "en"
    # what the model read, folded, the dots and spaces inside transliterated names set aside (invented_people): the
    # question's words, and each brief's
    shown_asked = _NAME_JOINERS.sub("", folded(question or ""))
    shown_of = {d: _NAME_JOINERS.sub("", text) for d, text in brief_text.items()}
    bare_of = {d: _bare(text) for d, text in shown_of.items()}  # and without title marks or punctuation
    shown = shown_asked + "".join(shown_of.values())
    read_texts = [question or "", *(stated(s) for s in sources)]  # as written: a name's words stand together in one

    def holds(claim: str, cited: list[int]) -> tuple[list[int], bool] | None:
        """backed(), and no name that no source holds ("…held in Tampa [1]" when none says Tampa) or that the
        backing briefs lack ("…weekly published by the Economic Times [1]", a name from another brief; a Chinese
        personal name)."""
        chinese = not english_sources and detect_lang(claim) == "zh"
        if invented_names(claim, known, english_sources, lang) or (chinese and invented_people(claim, shown)):
            return None
        if english_sources and detect_lang(claim) == "en" and stitched_names(claim, read_texts):
            return None
        backing = backed(claim, cited)
        if backing is None:
            return None
        docs = {by_n[n].hit.doc_id for n in backing[0]}
        if not copied_names(claim, latin, asked, lang) <= set().union(*(latin_of[d] for d in docs)):
            return None
        # a Chinese personal name must be in the backing briefs too: "…总导演是王宁", moved off the brief naming 王宁
        # only as an organiser onto one naming no one
        if chinese and invented_people(claim, shown_asked + "".join(shown_of[d] for d in docs)):
            return None
        # and so must a title or quotation in the sources' language that the question does not give: "最佳影片奖获得者是
        # 《中国医生》", moved off the brief naming the film beside another award onto a list of the award's categories
        if any(title not in shown_asked and (detect_lang(title) == "en") == english_sources
               and not any(title in shown_of[d] for d in docs) for title in _quoted(claim)):
            return None
        # and so must every other name of a Chinese claim: "2022年男排亚洲杯冠军是巴林男排", moved off the brief naming
        # 巴林男排 (at the bronze-medal match) onto one naming no team
        if chinese and (unheld := _unheld_names(claim, shown_asked, "".join(bare_of[d] for d in docs))):
            misnamed[claim] = unheld
            return None
        return backing

    kept: dict[str, list[int]] = {}  # claim -> its source numbers, in answer order
    misnamed: dict[str, list[str]] = {}  # claims a backing brief would have held but for the names it lacks
    unsupported, recited, restated = [], 0, 0
    # "(1)" / "(Source [1])" are marks; "…95%。[1]": the mark belongs to the sentence before it
    # "1. …\n2. …\n3.": a list's numbers are no figures of its items, and an item with nothing after its number says nothing
    answer = _PAREN_MARK.sub(r"[\1]", _ANSWER_LABEL.sub("", _LIST_NUMBER.sub("", answer)))
    if _LEADING_MARKS.match(answer):  # "[1] 句子一。 [2] 句子二。": numbered like a list, each mark heads its sentence
        answer = _MARK_THEN_TEXT.sub(lambda m: _after(m.group(2), m.group(1)), answer)
    # "…according to [2]. [5] is the source for this information.": the note says where the sentence before it
    # comes from, so its marks go there; left whole, its marks would leave "is the source…" as a sentence
    answer = _SOURCE_NOTE.sub(lambda m: "".join(re.findall(MARK, m.group(1) or m.group(2))), answer)
    answer = _MARKS_AFTER_STOP.sub(lambda m: "".join(re.findall(MARK, m.group(3))) + m.group(1), answer)
    dropped = False  # the last checked sentence was unsupported
    for start, end in sentence_spans(answer):
        sentence = answer[start:end].strip()
        claim = _MARKS_AND_SPACE.sub("", sentence).strip()
        label = next((h for h in headers if claim.lower().startswith(h.lower()) and claim[len(h):].lstrip()[:1] in ":："),
                     None)
        if label and label.lower() in (rest := claim[len(label):].lstrip()[1:].strip()).lower():
            claim = rest  # "The Economic Times: The Economic Times reported …": a source's header said twice
        if (bare := _LEAD_IN.sub("", claim)) != claim and _has_words(bare):
            claim = bare[0].upper() + bare[1:]  # "根据资料[1]和[2],…": the marks are read, "根据资料和," says nothing
        if not _has_words(claim) or is_refusal(claim):  # "…[1]. The briefs do not say." keeps the answer part
            continue
        if asked is not None and (_adds_nothing(claim, asked, dates, asks_when) and not _picks_one(claim, question)
                                  or _asks_again(claim, question, asked)):
            # a pure restatement, a source's date aside or not ("…translated his app … in 2026-02-03 14:16" read a
            # header's time as the answer: asked again, the model found another source's "约2小时")
            restated += _asks_again(claim, question, asked) or _adds_nothing(claim, asked, set(), asks_when)
            continue
        if _BOILERPLATE.search(claim):
            continue  # copies a source header's "(same brief as [1])"
        if claim[-1] in "?？":  # "RCEP给老百姓带来什么[4]?": a source's heading copied; a question asserts nothing
            continue
        if dropped and _ANAPHOR.match(claim):  # "…Manti Te'o won [5]. This was announced on July 27, 2018 [5].":
            unsupported.append(claim)  # what "this" stands for went with the unsupported sentence before it
            continue
        # about something other than what was asked: another year ("Hinako Shibuno of Japan won the 2019 Women's
        # British Open" for "Who won the British Open in 2020?"), another work ("The Russo Brothers directed Avengers:
        # Infinity War …" for "Who directed The Avengers?"), a body of another kind ("Which tribunal's ruling …?" -
        # "…is the Indian Competition Commission (ICC)")
        if (asked_year and not asks_when and (years := _event_years(claim)) and not years & asked_year
                or titles and _of_a_derivative(claim, claim, titles, asked or set())
                or kind is not None and _of_another_kind(claim, question, kind)
                or categories and _of_another_category(claim, categories)
                or sexes is not None and _of_the_other(claim, sexes)
                or _role_held_elsewhere(claim, roles, asked or set(), now)
                or titles and (_of_another_work(claim, titles, asked or set()) or _of_a_sequel(claim, titles, question))
                or asks_when and _dated_before(claim, question)):
            unsupported.append(claim)
            dropped = True
            continue
        if _ONLY_DATE.match(claim) and any(_DATELINE.match(s.hit.text) and s.hit.text.lstrip().startswith(
                claim.rstrip(". …")) for s in sources):
            unsupported.append(claim)  # "Jan 31, 2023 ..[1].": a search snippet's dateline copied, the page's day
            dropped = True
            continue
        if _MARK_AS_ANSWER.search(sentence):  # "The brokerage is [1]." names a source number, not the answer
            if not has_figure(claim):
                unsupported.append(claim)
                continue
            claim = _DANGLING.sub("", claim)  # "…was $37.5 billion, which is [1].": the figure is the answer
        if question is not None and asks_when and _RELATIVE_TIME.search(claim) and not any(
                m.group() not in question for m in _ABSOLUTE_TIME.finditer(claim)):
            # "2022年春运首日火车票今天正式开售" for "2022年春运首日火车票什么时候开售": a day named from the writer's day
            # (the question's own year aside) tells the reader none
            unsupported.append(claim)
            dropped = True
            continue
        if lang == "en" and (glued := _HALF_TRANSLATED.search(claim)):
            # "The market情绪 is “moderately低迷”, which suggests …": an English sentence with Chinese glued into its
            # words was half translated; what it says of the source cannot be read, let alone checked. Glued into a
            # trailing clause only ("…is Tushar Mehta, who is the Indian total检察长"), that clause goes
            lead = claim.rfind(", ", 0, glued.start())
            if lead < 0 or not _has_words(claim[:lead]):
                unsupported.append(claim)
                dropped = True
                continue
            unsupported.append(claim[lead + 2:].rstrip("".join(_STOPS)))
            claim = claim[:lead] + (claim[-1] if claim[-1] in _STOPS else "")
        if last_word(_ATTRIBUTION.sub("", claim)).lower() in _OPEN_END:
            # "…who in turn, in the course of 1985, sold it to [2]": a passage cut mid-sentence, copied to its cut,
            # says nothing whole (to whom?)
            unsupported.append(claim)
            dropped = True
            continue
        if (bare := _ATTRIBUTION.sub("", claim).rstrip()) != claim and _has_words(bare):
            claim = bare + (claim[-1] if claim[-1] in _STOPS else "")  # "…, as mentioned in [1]": the mark says it
        cited = parse(sentence, len(sources))
        backing = holds(claim, cited)
        aside = _ASIDE.sub("", claim).strip()
        if backing is None and aside != claim and _has_words(aside):
            # "2.13 billion Indian rupees (about $2.13 billion)": the model's own aside goes, the stated part stays
            backing = holds(aside, cited)
            if backing is not None:
                unsupported.extend(m.group().strip() for m in _ASIDE.finditer(claim))
                claim = aside
        if backing is None:
            # a claim its briefs back once one part is written as they give it, if the rewritten claim then passes every
            # check: "卢克·坎克利贡献了4次擒抱" over "他贡献了118次擒抱", the one figure no source states replaced by the one
            # the source's best-matching clause gives for it (_corrected); "…fine WhatsApp and Meta $2.13 billion" over
            # "处以21.3亿印度卢比罚款", the number stated in another currency (_in_stated_currency); "Surge AI" for
            # "估值22亿美元的初创公司是哪家?" over "Surge AI(去年估值250亿美元)、Turing(估值22亿美元)", the name of the entry
            # the question's figure picks (_entry_renamed)
            read = [by_n[n] for n in cited] or sources
            for rewrite in (lambda: _corrected(claim, read, idf), lambda: _in_stated_currency(claim, read),
                            lambda: anchors and next(filter(None, (_entry_renamed(claim, by_n[n].hit.text, anchors,
                                                                                  asked or set()) for n in cited)), None),
                            lambda: cited and _list_held(claim, "".join(bare_of[by_n[n].hit.doc_id] for n in cited))):
                if (fixed := rewrite()) and (fixed_backing := holds(fixed, cited)) is not None:
                    unsupported.append(claim)
                    claim, backing = fixed, fixed_backing
                    break
        if backing is None and (lead := _stated_lead(claim, lambda part: holds(part, cited), question)):
            # "capex grew 66%, with 75% going to GPUs", "…released on June 19, 2020, on PlayStation 4" (no source
            # says PlayStation): the checked lead stays, the rest goes
            (claim, backing), rest = lead
            unsupported.append(rest)
        if backing is not None and asks_when and _superseded(claim, [by_n[n] for n in backing[0]], sources, asked or set()):
            backing = None  # "NBA Draft will be on October 16" (Jun 20) when a later source has it "locked in November 18th"
        dropped = backing is None
        if dropped:
            unsupported.append(claim)
            continue
        good, moved = backing
        recited += moved
        words = set(tokenize(claim))
        # an English sentence over Chinese briefs that gives no figure and no glossary name is backed by whatever
        # it cites: nothing in it can be checked against them
        unchecked = (not english_sources and detect_lang(claim) == "en" and not figures(claim)
                     and not _asked_names(claim, named, idf, english_sources))
        # a sentence said again in other words ("… also reported that …") adds its citations, not a repeat; an
        # unchecked one adds none ("[1] The US employment report was postponed… [2] …[3] …[4] …": lines numbered)
        repeated = next((k for k in kept if _overlap(words, set(tokenize(k))) >= _REPEAT), None)
        same = kept.setdefault(repeated or claim, [])
        if not (repeated and unchecked):
            same.extend(n for n in good if n not in same)
    if kept and question is not None and asks_when and (later := _later_releases(list(kept), question)):
        # "Xenoblade Chronicles 2 was released in 2017 [3]. … was released on September 13, 2018 [2]" (an update's day):
        # asked when it was released, the first release is the answer
        unsupported.extend(later)
        kept = {claim: numbers for claim, numbers in kept.items() if claim not in later}
    if kept and question is not None and _gives_nothing_asked(list(kept), question):
        restated += len(kept)  # asked again like a restatement
        kept = {}
    stop = "。" if len(kept) > 1 else ""  # "10人[2]3人[4]" reads as one figure: a Chinese sentence ends with a stop
    text = ("" if lang == "zh" else " ").join(_with_marks(claim if claim[-1] in _STOPS or lang != "zh" else claim + stop,
                                                          numbers, lang) for claim, numbers in kept.items())
    cited_order = parse(text, len(sources))
    unheld = [name for claim in unsupported for name in misnamed.get(claim, ())]
    return Checked(text, tuple(cited_order), tuple(unsupported), recited, restated,
                   sum(claim in misnamed for claim in unsupported), tuple(dict.fromkeys(unheld)))


def naming(sources: list[Source], unheld: tuple[str, ...], question: str) -> set[int]:
    """The numbers of the sources giving one of `unheld` (Checked.unheld: names read as _unheld_names reads them) and
    not every name of `question`: one naming the question's subject may be the source to answer from, the "name" a
    word jieba mis-tags ("徐梦桃…自由式滑雪空中技巧项目": 滑雪 is a name in its dictionary)."""
    asked = [_bare_form(name) for name in _question_names(question)]
    texts = {s.n: _bare_form(stated(s)) for s in sources}
    return {n for n, text in texts.items()
            if any(name in text for name in unheld) and not (asked and all(name in text for name in asked))}


_HALF_TRANSLATED = re.compile(r"[a-z]{3}[\u4e00-\u9fff]")  # "market情绪", "moderately低迷"
# A sentence that opens with a pronoun stands on the one before it
_ANAPHOR = re.compile(r"^(?:(?:this|that|these|those|it|its|they|their|he|she|his|her)\b|[这此该它他她其])", re.IGNORECASE)
_BOILERPLATE = re.compile(r"^\(?(?:the )?same brief as\b|同一篇简报"  # a copied source header
                          # a label left when its marks are gone: "The sources are [2] and [3].", "资料来源:[3]"
                          r"|^(?:the )?(?:sources?|资料来源|资料|来源)(?:\s*(?:are|is|used|是|为|[:：]))?(?:\s|and|,|，|、|和)*[.。]?$",
                          re.IGNORECASE)
_LEADING_MARKS = re.compile(rf"^\s*{MARK}")
_MARK_THEN_TEXT = re.compile(rf"((?:{MARK}\s*)+)([^\[【]*[^\[【\s])")


def _after(text: str, marks: str) -> str:
    """`marks` moved behind `text`, before its final stop: ("句子。", "[2]") -> "句子[2]。"."""
    marks = re.sub(r"\s+", "", marks)
    return f"{text[:-1]}{marks}{text[-1]} " if text[-1] in "。.!?！？" else f"{text}{marks} "


# A sentence whose subject is its marks and says only that they are the source: "[5] is the source for this
# information.", "[1] and [3] are the sources.", "[2]是以上信息的来源。"
_MARKS_RUN = rf"(?:{MARK}\s*(?:(?:,|，|、|和|and)\s*)?)+"
_SOURCE_NOTE = re.compile(rf"({_MARKS_RUN})(?:is|are|was|were)\s+(?:the\s+)?(?:[a-z]+\s+)?sources?\b"
                          r"(?:\s+(?:of|for)\s+(?:this|that|the|these|those|all)\s+[a-z]+(?:\s+[a-z]+)?)?\s*[.!]?"
                          rf"|({_MARKS_RUN})(?:是|为)(?:以上|上述|该|此|这些|本)?(?:信息|内容|答案|回答)?的?(?:来源|出处)\s*[。！]?",
                          re.IGNORECASE)
# What is left of "根据资料[1]和[2]," / "According to [1] and [2]," once the marks are read
_LEAD_IN = re.compile(r"^(?:(?:根据|据|依据)\s*(?:资料|简报|材料|来源)?(?:\s*[、和与及])*\s*(?:(?:中)?的?(?:信息|内容|数据|报道|显示))?"
                      r"\s*[,，:：]|(?:according to|based on)(?: the)?(?: provided| given)?(?: sources?| briefs?)?"
                      r"(?: provided| given)?(?:\s*(?:,|and))*"
                      r"(?:\s*(?:information|data|reports?))?\s*,"
                      # "The first source states that …", "Source states that …", "第一篇资料指出,…", "资料显示…"
                      r"|(?:the\s+)?(?:(?:first|second|third|fourth|fifth|sixth|last)\s+)?(?:source|brief|article|passage)s?"
                      r"\s+(?:state[sd]?|says?|said|mention(?:s|ed)?|report(?:s|ed)?|note[sd]?|show(?:s|ed)?|indicate[sd]?)"
                      r"\s+that\s*,?|(?:第[一二三四五六\d]+(?:篇|条|份)?)?(?:资料|简报|来源|材料)(?:中)?(?:显示|指出|提到|称|表示)(?!的)"
                      r"\s*[,，:：]?)\s*",
                      re.IGNORECASE)
_STOPS = "。.!?！？;；"
_LIST_NUMBER = re.compile(r"^[ \t]*\d{1,2}(?:[.)）](?=\s|$)|、)[ \t]*", re.MULTILINE)
_ANSWER_LABEL = re.compile(r"^\s*(?:回答|答案|answer)\s*[:：]\s*", re.IGNORECASE)  # a reply that labels itself
_ASIDE = re.compile(r"\s*[(（][^()（）]*[)）]")  # "(approximately $2.13 billion)", "(约合…)"
# A mark standing where the answer should be: "…是[1]、[2]、[3]三篇发布的", "It was published on [2].",
# "This can be seen in the following sources: [1]"
_MARK_AS_ANSWER = re.compile(rf"(?:[是为:：]|\b(?:is|are|was|were|on|(?:published|written|released|issued) by))\s*{MARK}"
                             rf"(?:\s*(?:[、,，和]|and)?\s*{MARK})*\s*(?:[、,，和]|and|[.。!?！？]|$|三篇|两篇)",
                             re.IGNORECASE)
_DANGLING = re.compile(r"[,，]?\s*(?:\b(?:which|that|it)\s+)?(?:\b(?:is|are|was|were)|是|为)\s*(?=[.。!?！？]?$)",
                       re.IGNORECASE)
# Times named from the writer's day, and what places a time on the calendar
_RELATIVE_TIME = re.compile(r"今天|今日|昨天|昨日|明天|明日|前天|后天|本周|这周|下周|上周|本月|下个?月|上个?月|今年|明年|去年|前年|"
                            r"近日|日前|目前|现在|\b(?:today|yesterday|tomorrow|tonight|this\s+(?:week|month|year)|"
                            r"(?:next|last)\s+(?:week|month|year)|recently|now|currently)\b", re.IGNORECASE)
_ABSOLUTE_TIME = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)|\d+\s*[年月日号]|[一二三四五六七八九十〇零]+\s*[年月日号]|\d{1,2}[/-]\d{1,2}"
                            rf"|\b{_MONTH_NAME}\b|[春夏秋冬]季|春节|元旦|国庆|中秋"
                            r"|圣诞|christmas", re.IGNORECASE)
# A closing "as reported by [3]", "according to [1]": where the sentence comes from, its mark gone
_ATTRIBUTION = re.compile(r"[,，]?\s*(?:\bas\s+)?(?:\baccording\s+to|\bbased\s+on|\b(?:reported|stated|mentioned|noted|shown|"
                          r"seen|said|cited|described|listed|found|given|provided|indicated|confirmed)\s+(?:by|in)"
                          r"|\b(?:taken|quoted|drawn)\s+from|\bsee)\s*[.。!?！？]?$", re.IGNORECASE)
# Words no finished sentence ends with: prepositions, articles, conjunctions ("her", "his" can: "…beat her")
_OPEN_END = frozenset({"to", "the", "a", "an", "of", "in", "on", "at", "by", "for", "with", "without", "from", "into",
                       "and", "or", "but", "as", "than", "whose", "their", "its",
                       "和", "与", "及", "以及", "或", "或者", "并", "而", "被", "把", "从", "向", "由"})
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # Latin with its accents: Plíšková, Pogačar
# Words of two letters or more: a lone capital is an initial ("U. S. Open", "J. K. Rowling"), its name checked whole
_LATIN_TOKEN = re.compile(rf"[{_LETTER}0-9'’.&+-]+")
_LATIN_WORD = re.compile(rf"(?<![{_LETTER}0-9])[0-9]*[{_LETTER}][{_LETTER}0-9'’&+-]+")  # "MIX4", "888Plus" (one token)
_GLUED = re.compile(r"[\d.,]+([a-z]{3,})")  # a name glued to a number: "888plus" (not "5g", "100km", "2nd")
_CAPITALISED = re.compile(rf"(?<![{_LETTER}])[A-Z\u00c0-\u00d6\u00d8-\u00de][{_LETTER}0-9'’&+-]+")
# Capitalised words that are no names (English stop words give no tokens and are skipped already)
_NOT_NAMES = {"according", "yes", "no", "source", "sources", "briefs", "brief", "january", "february", "march",
              "april", "june", "july", "august", "september", "october", "november", "december", "monday",
              "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "q1", "q2", "q3", "q4", "pm", "ai",
              "ceo", "cfo", "however", "based", "both", "while", "although", "here", "all", "one", "two", "first",
              "second", "after", "before"}


# Words that say where a claim comes from, not what it claims: "This growth was reported in [1]."
_SOURCE_WORDS = frozenset({"reported", "mentioned", "stated", "according", "source", "sources", "brief", "briefs",
                           "article", "report", "seen", "shown", "following", "provided", "based", "listed", "cited",
                           "given", "above", "found", "information",
                           "报道", "提到", "提及", "资料", "简报", "文章", "来源", "根据", "英文", "中文", "标题", "原文",
                           "材料", "新闻", "内容", "如下", "以下", "可见", "所示"})


def _adds_nothing(claim: str, asked: set[str], dates: set[str], asks_when: bool) -> bool:
    """The claim only restates the question: no word of it is new once the briefs' own dates (when the
    question does not ask when), words about sources, and English words of a question word's stem are set
    aside ("The non-engineer PM translated his app … in 2026-02-03 14:16" for "How quickly did … translate …")."""
    if not asks_when:
        for date in dates:
            claim = without_own_date(claim, date)
    stems = {w[:4] for w in asked if w.isascii() and len(w) >= 4}
    return all(w in asked or w in _SOURCE_WORDS or (w.isascii() and len(w) >= 4 and w[:4] in stems)
               or _ONE_OF_A_KIND.fullmatch(w) for w in tokenize(claim))


# "一部", "一款": "one" and its measure word ("《李茂扮太子》是一部电影" for "…是什么类型的电影" says nothing new)
_ONE_OF_A_KIND = re.compile(r"[一两几][部款个种家位名座项场首本只支条件台架艘辆张篇份类]")


# Questions asking for a name: who, which country, company, city, team or person (not where: "12306", "online")
_ASKS_NAME = re.compile(r"谁|哪家|哪位|哪(?:些|个|一|几)?(?:国家|国|城市|省份?|公司|企业|机构|球队|人)"
                        r"|\b(?:who|whom)\b|\bwhich\s+(?:countr(?:y|ies)|cit(?:y|ies)|compan(?:y|ies)|firms?|teams?|"
                        r"people|persons?|players?)\b", re.IGNORECASE)
_TITLE = re.compile(r"《[^》]+》|“[^”]+”|\"[^\"]+\"")


def _in_title_marks(text: str) -> list[str]:
    """What `text` puts in title marks or quotes, as written: "中国医生" for "《中国医生》"."""
    return [title[1:-1] for title in _TITLE.findall(text)]


def _bare(text: str) -> str:
    """`text` (folded, as shown_of holds it) without title marks, quotes and punctuation: "《艾尔登法环》原计划" reads as
    the claim's "艾尔登法环原计划"."""
    return _MARKS_AND_PUNCTUATION.sub("", text)


_MARKS_AND_PUNCTUATION = re.compile(r"[《》〈〉“”‘’\"'「」『』()（）\[\]【】、,，:：;；!！?？。]")


def _bare_form(text: str) -> str:
    """`text` as bare_of holds a brief's: folded, the dots and spaces inside transliterated names set aside, _bare."""
    return _bare(_NAME_JOINERS.sub("", folded(text)))


def _unheld_names(claim: str, asked: str, held: str) -> list[str]:
    """The names of a Chinese `claim` (jieba's) that neither the question (`asked`, folded as shown_asked) nor the
    backing briefs (`held`, _bare) give. A name whose first or last character belongs to a word the briefs do give,
    with the character beside it in the claim, is jieba's cut, not the model's name ("张新成都是…": 成都 of 张新成)."""
    bare = _bare_form(claim)
    out = []
    for name in map(_bare_form, names(claim)):
        if not name or name in asked or name in held:
            continue
        at = bare.find(name)
        before, after = bare[at - 1:at + 1] if at > 0 else "", bare[at + len(name) - 1:at + len(name) + 1]
        if at >= 0 and any(len(pair) == 2 and _HAN.fullmatch(pair) and pair in held for pair in (before, after)):
            continue
        out.append(name)
    return out


_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _quoted(claim: str) -> list[str]:
    """What `claim` puts in title marks or quotes, folded as shown_of is (spaces and name dots aside): "中国医生" for
    "《中国医生》", "流浪地球2" for "《流浪地球 2》"."""
    return [inner for title in _in_title_marks(claim) if (inner := _NAME_JOINERS.sub("", folded(title)))]


_DAY_NAME = re.compile(rf"{_MONTH_NAME}|(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)  # no one's


# Questions asking for a day ("布林肯访华时间", a noun phrase ending in 时间; not a time of day or a duration: "多长时间",
# "what time"), and what names a time: a date, a day counted from another ("今天", "last year"), or one placed by an
# event ("上市首日", "after the merger")
_ASKS_DAY = re.compile(rf"什么时候|何时|哪天|哪一天|日期|(?<!多长)(?<!多少)时间\s*[?？]?\s*$|{EN_WHEN}|\bdate\b", re.IGNORECASE)
_EVENT_TIME = re.compile(r"(?<![墓门台楼馆桌床眼面身胸窗像碑幕背])(?:前|后)|期间|之际|首日|当天|当日"  # not 墓前: a place
                         r"|\b(?:before|after|during|until|since|ago|early|late|mid)\b"
                         r"|\b(?:spring|summer|autumn|fall|winter|season|week|month|year|quarter|q[1-4])\b|季度",
                         re.IGNORECASE)


# Questions asking how many or how much, and what states an amount: a figure, a number in words ("十三块", "two
# people", "a dozen"; not "一家", "one", which are as often "a"), or none at all ("无人", "no one")
_ASKS_COUNT = re.compile(r"多少|几(?![月日号点时])|\bhow (?:many|much)\b", re.IGNORECASE)
# A question that is a noun phrase naming a measure, asking nothing in words: it asks for the figure ("2022年全国棉花产量",
# "2023年国考实际参考人数", "2022年重庆的GDP增长率")
_NAMES_MEASURE = re.compile(r"(?:量|人数|人次|总数|点数|病例数|额|收入|收益|票房|规模|价格|市值|估值|营收|利润|增速|增长率|涨幅|跌幅|"
                            r"GDP|CPI|PMI)\s*[?？]?\s*$", re.IGNORECASE)
_ASKS_IN_WORDS = re.compile(r"什么|谁|哪|多少|多久|多长|多大|几|吗|怎|如何|为什么|为何|是否|有没有|啥")
# A question that is a noun phrase naming a role, asking nothing in words: it asks who holds it ("2021赛季中超冠军",
# "《流浪地球2》的主演")
_NAMES_ROLE = re.compile(r"(?:主演|导演|编剧|冠军|亚军|季军|得主|获得者|获奖者|总理|总统|首相|主席|董事长|首席执行官|CEO|创始人|"
                         r"旗手|代言人|扮演者|主持人|嫌疑人|凶手)\s*[?？]?\s*$")
_AMOUNT_WORDS = re.compile(r"(?:[零〇二两三四五六七八九十百千万亿半几][零〇一二两三四五六七八九十百千万亿]*|一[零〇一二两三四五六七八九十百千万亿]+)"
                           r"\s*[个名位家项条座所种只件次人席块枚辆台部架艘倍成年天]|无人|没有|"
                           r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|"
                           r"thousands?|millions?|billions?|no one|none|nobody|zero)\b", re.IGNORECASE)


# Questions asking where (not "在哪一年", "在哪个部门": a year, a name), and what names a place besides a name: a word
# ending as places do ("圆柱大厅", "奈良市"; not "多国元首"), a number ("12306", an address), "online"
_ASKS_PLACE = re.compile(r"哪里|哪儿|在哪(?![一个家位些年])|何地|何处|地点|举办地|举行地|\bwhere\b", re.IGNORECASE)
_PLACE_WORD = re.compile(r"(?![的多各两他诸]国)[\u4e00-\u9fff](?:市|省|县|区|镇|村|州|国|馆|厅|宫|场|中心|大厦|大楼|大学|学院|"
                         r"公园|广场|酒店|岛|港|寺|教堂|总部|湾|路|街)|线上|网上|\b(?:online|virtual(?:ly)?)\b", re.IGNORECASE)


def _asks_place(question: str) -> bool:
    return bool(_ASKS_PLACE.search(question)) and not _ASKS_WHEN.search(question) and not _ASKS_AMOUNT.search(question)


# What a country names its people or officials by, when it is no place: "美国总统拜登", "泰国总理巴育"
_OF_A_COUNTRY = re.compile(r"总统|总理|首相|国王|女王|王室|外长|外交部长|政府|官员|大使|元首|领导人|选手|球员|队员")
# Who organises it, not where: "…是清华大学和中国移动联合举办的…研讨会", "由上海市政府主办的…" (not "是在北京举办的")
_ORGANISERS = re.compile(r"(?:^|(?<=[是由为，,]))[^在于，。,\s]+?(?:联合)?(?:主办|举办|承办|协办)的")


# A company or a team, no place: "…在东浩兰生集团项目团队总承办…" (not "在腾讯公司总部": a building is a place)
_COMPANY = re.compile(r"(?:(?<=[在于由是和与及、，,\s])|^)[^在于由是和与及、，。,\s]{2,12}?(?:集团|公司|团队)"
                      r"(?!总部|大厦|大楼|园区|中心|基地|广场|所在地|楼)")


def _names_no_place(claim: str, question: str) -> bool:
    """`claim` names nothing the question does not (_names_none), and no place word or number of its own. An
    official is no place, nor is a country before a word for its people ("…将于下周一（19日）举行，包括美国总统拜登在内的多国
    元首已确认出席" for "…将在哪里举行?"), nor who organises it (_ORGANISERS), nor a company (_COMPANY)."""
    asked = folded(question)
    for person in people(claim):  # an official's title or a name after it: jieba tags "阿布扎比" a person too
        claim = (claim.replace(person, " ") if _OF_A_COUNTRY.search(person)
                 else re.sub(rf"({_OF_A_COUNTRY.pattern}){re.escape(person)}", r"\1 ", claim))
    for country in countries_in(claim):
        claim = re.sub(rf"{re.escape(country)}(?={_OF_A_COUNTRY.pattern})", " ", claim)
    claim = _COMPANY.sub(" ", _ORGANISERS.sub(" ", claim))
    return (_names_none(claim, question) and not any(not f.is_year and not f.calendar for f in figures(claim))
            and all(folded(m.group()) in asked for m in _PLACE_WORD.finditer(claim)))


# Questions asking how much money (revenue, a fine, a price; not how much it changed: "营收增长多少", "涨了多少"), and
# what names money
_ASKS_MONEY = re.compile(r"收入|收益|营收|营业额|销售额|金额|资本开支|资本支出|市值|估值|罚款|罚金|赔偿|投资|成本|价格|售价|票房|多少钱|"
                         r"\b(?:revenues?|sales|income|fines?|penalty|valuation|market (?:cap|value)|capex|price|cost|"
                         r"worth|investment|compensation|box office)\b", re.IGNORECASE)
_CHANGE = re.compile(r"增长|增加|减少|下降|下滑|上涨|涨|跌|同比|环比|增速|幅度|比例|占比|百分|率|\b(?:growth|grow|grew|rise|rose|"
                     r"fall|fell|increase|decrease|percent|percentage|share|rate|margin)\b", re.IGNORECASE)
_MONEY_WORD = re.compile(r"元|美金|欧元|英镑|日元|卢比|韩元|港币|[$€£¥]|\b(?:rs\.?|rupees?|crores?|lakhs?|dollars?|euros?|"
                         r"pounds?|yen|yuan|rmb|usd|cny|eur|inr)\b", re.IGNORECASE)


def _asks_money(question: str) -> bool:
    return bool(_ASKS_MONEY.search(question) and _ASKS_COUNT.search(question)) and not _CHANGE.search(question)


# A sum in 万 or 亿 that counts nothing ("票房1.20亿", "市值1.2万亿"; not "4.22亿人次"): Chinese drops the 元 of big sums
_BARE_SUM = re.compile(r"\d[\d.,]*\s*[万亿]+(?!\s*(?:[人次辆台部件个只吨户名位家套张份头册本条项场座架艘]|平方|公里|千瓦|度电))")


def _names_money(claim: str) -> bool:
    return bool(_MONEY_WORD.search(claim) or _BARE_SUM.search(claim)) or any(f.currency for f in figures(claim))


# Questions counting things by their measure word: "多少个岗位", "几家公司" (a share of them answers none)
_ASKS_UNITS = re.compile(r"(?:多少|几)\s*[个名位家项座所条只件辆台部架艘支枚块]")


def _only_percent(claim: str) -> bool:
    """Every figure of `claim` but its years is a percentage, and it has one."""
    amounts = [f for f in figures(claim) if not f.is_year]
    return bool(amounts) and all(f.percent for f in amounts)


def _names_amount(claim: str) -> bool:
    return has_figure(claim) or bool(_AMOUNT_WORDS.search(claim))


def _names_time(claim: str) -> bool:
    return bool(_ABSOLUTE_TIME.search(claim) or _RELATIVE_TIME.search(claim) or _EVENT_TIME.search(claim))


# A year that only bounds a span places no event in it: "since 2017", "as of 2021", "自2018年以来", "2018年起"
_SPAN_YEAR = re.compile(r"\b(?:since|as of|as at|from|until|till|through|by)\s+(?:[\w.]+,?\s+){0,2}?(?:19|20)\d\d\b"
                        r"|自?(?:19|20)\d\d\s*年?(?:以来|起|至今)", re.IGNORECASE)


def _event_years(claim: str) -> set[str]:
    """The years `claim` places what it says in: those it names, but a span's bound ("since 2017")."""
    return set(_YEAR_IN_TEXT.findall(_SPAN_YEAR.sub(" ", claim)))


def _asks_name(question: str) -> bool:
    """`question` asks for a name, not a time or an amount ("RCEP具体包括哪些国家", "Who fined WhatsApp?"), or names a
    role alone ("2021赛季中超冠军")."""
    return (bool(_ASKS_NAME.search(question)) and not _ASKS_WHEN.search(question) and not _ASKS_AMOUNT.search(question)
            or bool(_NAMES_ROLE.search(question)) and not _ASKS_IN_WORDS.search(question))


def _names_none(claim: str, question: str) -> bool:
    """`claim` names no one and nothing the question does not: no proper name (jieba's, a capitalised word, a
    glossary name in any spelling), no country, no quoted title, no noun no dictionary knows ("艺画开天", a studio
    jieba cuts as 艺画/n 开天/v), no name after a noun for a person ("居民山上彻也") of its own."""
    asked = folded(question)
    # "《漫长的季节》" for "漫长的季节的主演" is the question's
    found = [*(n for n in names(claim) if not _DAY_NAME.fullmatch(n)), *people(claim), *countries_in(claim),
             *_in_title_marks(claim), *unknown_nouns(claim), *apposed_names(claim)]
    return (all(folded(name) in asked for name in found)
            and all(any(folded(form) in asked for form in group) for group in named_in(claim)))


# An award's category: "Best Actor (in a Leading Role)", "Best Supporting Actress", "最佳女主角(奖)", read to the first word
# that is not part of it
_CATEGORY = re.compile(r"\bbest\s+((?:[a-z]+)(?:[\s-]+(?!(?:in|at|for|of|and|or|award|awards|category|oscar|oscars|"
                       r"prize|trophy|winner|winners|nominee|nominees|went|was|is|the|a|with|from|to|by|on)\b)[a-z]+)"
                       r"{0,2})|最佳([\u4e00-\u9fff]+?)(?=奖|的|是|为|获|得|由|[^\u4e00-\u9fff]|$)", re.IGNORECASE)


_CATEGORY_WORD = {"feature": "film", "picture": "film", "movie": "film", "motion": "", "lead": "", "leading": ""}


def _categories(text: str) -> set[str]:
    """The award categories `text` names, lower-cased, a film by any name and a lead role as the role: {"actor"},
    {"supporting actress"}, {"animated film"} for "Best Animated Feature (Film)", {"女主角"}."""
    found = set()
    for m in _CATEGORY.finditer(text):
        words = [_CATEGORY_WORD.get(w, w) for w in (m.group(1) or m.group(2)).lower().replace("-", " ").split()]
        found.add(" ".join(w for i, w in enumerate(words) if w and w not in words[:i]))
    return found - {""}


def _of_another_category(claim: str, asked: set[str]) -> bool:
    """The claim names an award category, and none is the one asked, or the asked one with more words after it:
    "Renée Zellweger won Best Actress" for "Which actor won Best Actor …?"; "Best Actor in a Leading Role" is Best
    Actor, "Best Supporting Actor" is not."""
    named = _categories(claim)
    return bool(named) and not any(c.startswith(a) or a.startswith(c) for c in named for a in asked)


def _gives_nothing_asked(claims: list[str], question: str) -> bool:
    """The reply's checked sentences give none of what the question asks for:
    - a name ("RCEP协定包括15个成员国" for "RCEP具体包括哪些国家", "…主创团队包括总导演和专家顾问团" for "…都有谁");
    - a time, asked when ("Marvel's Spider-Man is a series of action-adventure video games …" for "When was Marvel's
      Spider-Man released?");
    - a place, asked where: no name, place word or number the question lacks ("戈尔巴乔夫的葬礼将于9月3日举行" for
      "戈尔巴乔夫的葬礼将在哪里举行?");
    - the measure asked, every sentence giving another ("5万余人临时避险转移安置" for "泸定地震造成多少人遇难?", a profit for
      "营收多少?");
    - an amount, asked how many or how much ("…飞机由一家喀麦隆石油运输公司租用…" for "喀麦隆失联飞机上有多少人") or by
      naming a measure alone ("…旅客发送量预计会有较大幅度增长" for "2023春运首日旅客发送量"), and no
      share of a whole, asked how many of a thing ("7%的工作岗位" for "高盛预计有多少个岗位将被AI取代");
    - a sum of money, asked how much of one ("4.22亿人次" for "2022年国庆节假期全国旅游收益是多少?");
    - the people asked who they are, only counted ("俄罗斯联邦安全局拘留一名《华尔街日报》记者" for "…记者是谁?");
    - the complement of what is asked ("我国非网民规模为3.62亿" for "我国网民规模有多少人?")."""
    one_part = len(_question_parts(question)) == 1
    asked = _measures(question)
    return (_asks_name(question) and all(_names_none(c, question) and not _picks_one(c, question) for c in claims)
            or bool(_ASKS_WHO.search(question)) and all(_counts_the_asked(c, question) for c in claims)
            or all(_of_the_complement(c, question) for c in claims)
            or bool(_ASKS_DAY.search(question)) and not any(_names_time(c) for c in claims)
            or one_part and _asks_place(question) and all(_names_no_place(c, question) for c in claims)
            or one_part and bool(asked) and all((said := _measures(c)) and not said & asked for c in claims)
            or one_part and bool(_ASKS_COUNT.search(question) or _NAMES_MEASURE.search(question)
                                 and not _ASKS_IN_WORDS.search(question)) and not any(_names_amount(c) for c in claims)
            or one_part and bool(_ASKS_UNITS.search(question)) and all(_only_percent(c) for c in claims)
            or one_part and _asks_money(question) and not any(_names_money(c) for c in claims))


# A Chinese question asking who or which (not "谁的", whose), and people counted by a measure word for persons, with
# what follows the count in its clause ("三名航天员", "10位中国斯诺克选手", "一名《华尔街日报》记者"); a clause opening with
# a contrast turns to others ("…，而…前锋伊万·托尼则是被禁赛8个月")
_ASKS_WHO = re.compile(r"谁(?!的)|哪些|哪位|哪几")
_COUNTED_PEOPLE = re.compile(r"(?:\d+|[一二两三四五六七八九十百千几数多]+)\s*[名位]([^，,。；;！!？?\n]{1,12})")
_CONTRAST = re.compile(r"\s*(?:而|但|但是|不过|然而|可是|此外|另外)")


def _counts_the_asked(claim: str, question: str) -> bool:
    """`claim` counts people the question asks who they are and names no one in its clauses about them: "神舟十四号
    搭载了三名航天员…" for "神舟十四号的航天员有谁", "10位中国斯诺克选手遭到了…禁赛" for "哪些中国斯诺克选手被终身禁赛"; not
    "三名航天员分别是陈冬、刘洋和蔡旭哲"."""
    asked = set(tokenize(question))
    if not any(_led_by(tokenize(m.group(1)), asked) for m in _COUNTED_PEOPLE.finditer(claim)):
        return False
    own = [clause for clause in _clauses(claim) if not _CONTRAST.match(clause)]
    shown = folded(question)
    return all(folded(name) in shown for clause in own for name in [*people(clause), *apposed_names(clause)])


def _led_by(words: list[str], asked: set[str]) -> bool:
    """`words` open with the question's: the people counted are those asked about ("航天员进驻…"), not others
    ("男子木村隆二向岸田文雄…")."""
    return bool(words) and words[0] in asked


# "非网民" (not internet users), "non-farm": what a word names, negated (not "除非", unless; not "nonetheless")
_NEGATED = re.compile(r"(?<![除是莫无若])非([\u4e00-\u9fff]{2})|\bnon-?([a-z]{3,})\b", re.IGNORECASE)


def _of_the_complement(claim: str, question: str) -> bool:
    """`claim` negates a word of the question that the question does not: "非网民规模" for "网民规模有多少人?"."""
    shown = folded(question)
    return any((word := folded(m.group(1) or m.group(2))) in shown and folded(m.group()) not in shown
               and (m.group(1) or re.search(rf"\b{re.escape(word)}\b", shown)) for m in _NEGATED.finditer(claim))


# A question offering a choice: "在野马队和钢人队中，哪支…", "微软和Meta谁…", "Nvidia or AMD?", "between the Broncos and Steelers"
_ASKS_WHICH = re.compile(r"哪|谁|\b(?:which|who|whom)\b", re.IGNORECASE)
_CHOICE_ZH = re.compile(r"([A-Za-z0-9\u4e00-\u9fff·]{2,}?)(?:和|与|跟|还是|或者|或)([A-Za-z0-9\u4e00-\u9fff·]{2,}?)"
                        r"(?=之中|当中|之间|中|里|谁|哪|[,，?？]|$)")
_CHOICE_EN = re.compile(r"\b([A-Z][\w.&-]*),?\s+(?:or|vs\.?|versus)\s+(?:the\s+)?([A-Z][\w.&-]*)"
                        r"|\bbetween\s+(?:the\s+)?([A-Z][\w.&-]*)\s+and\s+(?:the\s+)?([A-Z][\w.&-]*)")
_EDGE_WORD = re.compile(r"[A-Za-z0-9.&-]+|[\u4e00-\u9fff·]{1,2}")


def _picks_one(claim: str, question: str) -> bool:
    """The claim names one option of a choice the question offers and not the other: "野马队是分区冠军" answers
    "在野马队和钢人队中，哪支球队是分区冠军?" although every word of it is the question's. An option is read at its
    edge by the conjunction (its last word or two characters before it, its first after it): "在野马队" is 马队."""
    if not _ASKS_WHICH.search(question):
        return False
    text = folded(claim)
    options = _CHOICE_ZH.findall(question) + [(m[0] or m[2], m[1] or m[3]) for m in _CHOICE_EN.findall(question)]
    for left, right in options:
        before, after = _EDGE_WORD.findall(left)[-1], _EDGE_WORD.findall(right)[0]
        if (folded(before) in text) != (folded(after) in text):
            return True
    return False


# "第一棒", "第七届", "第3季度": a Chinese ordinal and the measure word it numbers
_ORDINAL = re.compile(r"第\s*([0-9]+|[零〇一二两三四五六七八九十百]+)\s*([\u4e00-\u9fff])")
_CN_DIGIT = {**{c: i for i, c in enumerate("零一二三四五六七八九")}, "〇": 0, "两": 2}


def _chinese_number(text: str) -> int:
    """"19" -> 19, "七" -> 7, "十五" -> 15, "二十三" -> 23, "一百零五" -> 105."""
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_DIGIT:
            digit = _CN_DIGIT[ch]
        else:  # 十 or 百
            total += (digit or 1) * (10 if ch == "十" else 100)
            digit = 0
    return total + digit


_EN_ORDER = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
             "twelfth")
_EN_COUNT = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_EN_NUMBERED = r"season|series|episode|edition|installment|instalment|round|stage|leg|game|volume|chapter|part|quarter"
# "the tenth and final season", "92nd Academy Awards" (after a numeral ordinal, whatever word follows), "Season 3",
# "season four", "Q4"
_EN_ORDINAL = re.compile(rf"\b({'|'.join(_EN_ORDER)})(?:\s+and\s+\w+)?[\s-]+({_EN_NUMBERED})s?\b"
                         rf"|\b(\d{{1,3}})(?:st|nd|rd|th)(?:\s+and\s+\w+)?[\s-]+([a-z]+)"
                         rf"|\b({_EN_NUMBERED})\s+(\d{{1,2}}|{'|'.join(_EN_COUNT)})\b|\bq([1-4])\b", re.IGNORECASE)


# A congress and its session numbered without 第: "十三届五次会议", "二十届三中全会" (the session's count is its number;
# "两届冠军" counts terms, it numbers none)
_TERM = re.compile(r"([0-9]+|[零〇一二三四五六七八九十百]+)\s*届\s*(?:([0-9]+|[零〇一二两三四五六七八九十]+)\s*(?:次|中)(?=会议|全会|全体会议))?")


def _ordinals(text: str) -> set[tuple[int, str]]:
    """The ordinals of `text` with the measure word or noun each numbers: "第一棒火炬手" -> {(1, "棒")}, "the first
    season" and "Season 1" -> {(1, "season")}, "the 92nd Academy Awards" -> {(92, "academy")}, "Q4" -> {(4, "quarter")}."""
    found = {(_chinese_number(n), unit) for n, unit in _ORDINAL.findall(text)}
    for term, session in _TERM.findall(text):
        found.add((_chinese_number(term), "届"))
        if session:
            found.add((_chinese_number(session), "次"))
    for m in _EN_ORDINAL.finditer(text):
        word, noun, digits, after, before, count, quarter = m.groups()
        if word:
            found.add((_EN_ORDER.index(word.lower()) + 1, noun.lower()))
        elif digits:
            found.add((int(digits), after.lower()))
        elif before:
            found.add((int(count) if count.isdigit() else _EN_COUNT.index(count.lower()) + 1, before.lower()))
        else:
            found.add((int(quarter), "quarter"))
    return found


def _numbered_otherwise(asked: set[tuple[int, str]], brief: str) -> bool:
    """The brief numbers what the question asks about, and only with other numbers: "姚明作为第19棒火炬手，点燃了第20
    棒火炬手…的火炬" answers nothing about "第一棒火炬手", nor "第三季度营收" a question about 第四季度. The asked one
    written without 第 ("四季度", "Q4", "首棒") counts as named. `brief`: folded text (text.folded)."""
    if not asked:  # most questions number nothing: the brief need not be read
        return False
    found = _ordinals(brief)
    for n, unit in asked:
        others = {m for m, u in found if u == unit}
        if not others or n in others:
            continue
        if unit.isascii():  # English: every way of writing the number is read by _ordinals
            return True
        plain = "|".join(filter(None, (str(n), "零一二三四五六七八九十"[n] if n <= 10 else "", "首" if n == 1 else "")))
        quarter = unit == "季" and re.search(rf"(?<![a-z])q{n}(?![0-9])", brief)  # "2025Q4", folded
        if not quarter and not re.search(rf"(?<!第)(?:{plain}){unit}", brief):
            return True
    return False


def _named_in_other_numbers(claim: str, source: str, numbered: set[tuple[int, str]], asked: set[str],
                            lang: str | None) -> bool:
    """The names the claim gives that the question does not, where the source holds them, stand only in sentences
    numbering what the question numbers, and otherwise: "苹果在印度的第一家旗舰店在新德里" over "印度的第二家苹果旗舰店
    …预计将于4月20日在印度首都新德里开业" (the brief names its 首家 elsewhere, so _numbered_otherwise lets it by)."""
    if not numbered:
        return False
    # Latin names, and in a Chinese claim the names jieba tags ("新德里")
    found = [parts for _, parts in _name_words(claim, lang)] + [
        set(tokenize(name)) for name in (names(claim) if lang != "en" and detect_lang(claim) == "zh" else [])]
    answer = [parts for parts in found if parts and not parts <= asked]
    if not answer:
        return False
    sentences = [(set(tokenize(part)), folded(part)) for part in _excerpts(source)]
    placed = [[part for words, part in sentences if parts <= words] for parts in answer]
    placed = [parts for parts in placed if parts]  # the names the source holds
    return bool(placed) and all(all(_numbered_otherwise(numbered, part) for part in parts) for parts in placed)


_ABOUT_MISSING = 0.7  # gold: wrong-subject claims miss 72-100% of the repeated nouns' weight, right ones <= 62%


def _subject(question: str, idf: Callable[[str], float] | None) -> dict[str, float]:
    """The tokens of the question's Chinese nouns with their idf, rare ones only (idf >= 2: not 公司, 股)."""
    weights = {t: (1.0 if idf is None else idf(t)) for noun in nouns(question) for t in tokenize(noun)}
    return {t: w for t, w in weights.items()
            if not t[0].isdigit() and t not in _SOURCE_WORDS and (idf is None or w >= 2.0)}


_QUESTION_WORD = re.compile(r"几个|几家|几点|多少|哪[家个些一两位年天里国]|什么时候|\bhow (?:many|much)\b", re.IGNORECASE)


def _asks_again(claim: str, question: str, asked: set[str]) -> bool:
    """The claim keeps the question's question word and adds no figure or name ("…给出了几个判断信号[1]")."""
    words = set(_QUESTION_WORD.findall(claim.lower())) & set(_QUESTION_WORD.findall(question.lower()))
    new_names = [n for n in names(claim) if not set(tokenize(n)) <= asked]
    new_figures = [f for f in figures(claim) if not supported(f, figures(question))]
    return bool(words) and not new_names and not new_figures


def _named_for_other_years(claim: str, source: str, years: set[str], asked: set[str], lang: str | None) -> bool:
    """The names the claim gives that the question does not (its answer: "Tua Tagovailoa"), where the source holds
    them, stand only in sentences naming other years than the claim's: "The Maxwell Award winner in 2019 is Tua
    Tagovailoa" over "Headlining the list of semifinalists is 2018 Maxwell Award winner Tua Tagovailoa." The name
    counterpart of _states' rule for figures, for claims that state none ("Meta 2026年资本开支指引为…" names Meta, a
    subject, beside a figure); a sentence naming no year places nothing. `source`: the chunk's text,
    not its header (an outlet's name beside a title's year is placed by neither)."""
    if not years or any(not f.is_year for f in figures(claim)):  # a figure's year is _states' to check
        return False
    answer = [parts for _, parts in _name_words(claim, lang) if not parts <= asked]
    if not answer:
        return False
    # "As of 2021, the player with the most wins was Martina Navratilova": a standing on a day, no event of 2021
    as_of = (lambda part: part) if _AS_OF.search(claim) else (lambda part: _AS_OF.sub(" ", part))
    sentences = [(set(tokenize(part)), set(_YEAR_IN_TEXT.findall(as_of(part))) or _page_year(source, part))
                 for part in _excerpts(source)]
    return _held_only_apart(answer, sentences, years)


def _named_for_other_seasons(claim: str, source: str, asked: set[str], lang: str | None) -> bool:
    """The names the claim gives that the question does not, where the source holds them, stand only in sentences
    naming other seasons than the one the claim names: a season is one thing, not its two years ("CBA2021-2022赛季总冠军
    是广东宏远队" over "2020-2021赛季CBA总决赛…广东宏远队顺利夺得CBA总冠军", which also names 2021)."""
    if not (season := _seasons(claim)) or any(not f.is_year for f in figures(claim)):
        return False
    chinese = [set(tokenize(n)) for n in names(claim)] if lang != "en" and detect_lang(claim) == "zh" else []
    answer = [parts for parts in [*(parts for _, parts in _name_words(claim, lang)), *chinese] if not parts <= asked]
    return _held_only_apart(answer, [(set(tokenize(part)), _seasons(part)) for part in _excerpts(source)], season)


def _held_only_apart(answer: list[set[str]], sentences: list[tuple[set[str], set]], placing: set) -> bool:
    """Some of the `answer` names (each as its words) stand in the `sentences` (each as its words and what it is placed
    in: years, seasons), and every sentence holding one is placed, in none of `placing`."""
    held = [[placed for words, placed in sentences if parts <= words] for parts in answer]  # each name: its sentences
    held = [named for named in held if named]  # the names the source holds
    return bool(held) and all(all(placed and not placed & placing for placed in named) for named in held)


# A sports season or fiscal year named by its two years: "2021-2022赛季", "2021/22 season", "2021-22年度"
_SEASON = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–—/~至]\s*((?:19|20)?\d\d)(?!\d)\s*(?:赛季|年度|\s*season)", re.IGNORECASE)


def _seasons(text: str) -> set[tuple[str, str]]:
    """The seasons `text` names by their two years, the second as its last two digits: {("2021", "22")}."""
    return {(m.group(1), m.group(2)[-2:]) for m in _SEASON.finditer(text)}


# A search snippet's dateline and the gaps between its excerpts: "Jul 9, 2022 ... Elena Rybakina won the women's
# singles final Wimbledon on Saturday ... since 2018, was the youngest…" (each excerpt a place of its own)
_DAY_WRITTEN = rf"{_MONTH}\s+\d{{1,2}},\s*((?:19|20)\d\d)|((?:19|20)\d\d)\s*年\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日"  # its year
_DATELINE = re.compile(rf"^\s*(?:{_DAY_WRITTEN})\s*(?:\.\.\.|…)", re.IGNORECASE)
_ONLY_DATE = re.compile(rf"^\s*(?:{_DAY_WRITTEN})[\s.…]*$", re.IGNORECASE)  # a claim that is a date and nothing else
_SNIPPET_GAP = re.compile(r"\s(?:\.\.\.|…)\s")
_AS_OF = re.compile(r"\bas (?:of|at)\s+(?:[\w.]+,?\s+){0,3}?(?:19|20)\d\d\b", re.IGNORECASE)
_YEARS_AWAY = re.compile(r"\b(?:(?:last|next|this|previous|past)\s+(?:year|season)|years?\s+(?:ago|earlier|later|before)|"
                         r"(?:\d+|one|two|three|four|five|a)\s+years?)\b|去年|明年|前年|今年|[一二三两四五六七八九十\d]+年(?:前|后|来)",
                         re.IGNORECASE)


def _excerpts(source: str) -> list[str]:
    """The sentences of `source`, a search snippet's excerpts apart ("Jul 9, 2022 ... Elena Rybakina won …")."""
    return [part for a, b in sentence_spans(source) for part in _SNIPPET_GAP.split(source[a:b])]


def _page_year(source: str, part: str) -> set[str]:
    """The year of a snippet's dateline for an excerpt naming none: "Elena Rybakina won … on Saturday" on a page of
    Jul 9, 2022 happened in 2022. An excerpt counting years from that day happened in the year it counts to
    ("Pogacar made history a year ago" on a page of Jul 18, 2021: 2020; "去年", "两年前", "next year"); one counting
    them from something else ("three years later", "the past year") is placed in none."""
    dateline = _DATELINE.match(source)
    if not dateline:
        return set()
    year = int(dateline.group(1) or dateline.group(2))
    if not _YEARS_AWAY.search(part):
        return {str(year)}
    if _YEARS_AWAY.search(_COUNTED_FROM_TODAY.sub(" ", part)):
        return set()
    return {str(year + _years_counted(m)) for m in _COUNTED_FROM_TODAY.finditer(part)}


# Years counted from the writer's day: "a year ago", "two years ago", "last/this/next year" (or season: "the award
# last season" on a page of Oct 2019 is the 2018 award), "去年", "前年", "3年前"
_COUNTED_FROM_TODAY = re.compile(r"\b(a|one|two|three|four|five|\d+)\s+years?\s+ago\b|\b(last|previous|this|next)\s+(?:year|season)\b"
                                 r"|(?<!目)(去|前|今|明)年|([一二两三四五\d]+)年前", re.IGNORECASE)
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "last": -1, "previous": -1, "this": 0, "next": 1, "去": -1, "前": -2, "今": 0, "明": 1}


def _years_counted(match: re.Match) -> int:
    """How many years from the writer's day a _COUNTED_FROM_TODAY match counts: "two years ago" -2, "明年" +1."""
    ago, named, han, han_ago = match.groups()
    if named or han:
        return _COUNTS[(named or han).lower()]
    count = (ago or han_ago).lower()
    return -(int(count) if count.isdigit() else _COUNTS[count])


# An office, in English and Chinese: what "Who is the CEO…?" asks who holds
_OFFICE_EN = r"ceo|chief executive|president|chair(?:man|woman|person)?|prime minister|premier"
_OFFICE_ZH = r"首席执行官|总裁|董事长|总统|主席|行长|总理|首相"


# Relations a question asks a name for, each by the words that ask for it and those that state it, in either
# language ("gold" states a win, but "gold prices" ask for none). A source that names the answer only in clauses
# stating none of them gives the name in another role ("Wimbledon 2019 – women's singles: Serena Williams and
# Johanna Konta … first-round encounters" for who won; "…开闭幕式工作组组长…王宁说" for the opening ceremony's
# 总导演; "卫冕冠军就遭遇“猝死”，而遭遇危机的还不光是江苏队" for the champion).
_WON = (r"\b(?:won|wins?|winn(?:er|ers|ing)|champions?(?:hips?)?|beat(?:s|en|ing)?|defeat(?:s|ed|ing)?)\b|"
        r"冠军|夺冠|获胜|胜出|赢|战胜|击败|打败|击溃|夺得|折桂|称王")
_ROLES = [  # (what asks for the relation, what states it)
    (_WON, _WON + r"|\b(?:titles?|victor(?:y|ies|ious)|crowned|medals?|troph(?:y|ies))\b|捧杯|金牌|奖牌|胜利"),
    (r"\b(?:acquir(?:e|ed|es|ing)|acquisitions?|bought|buys?|purchas(?:e|ed|es|ing)|takeover)\b|收购|并购|买下",
     r"\b(?:acquir(?:e|ed|es|ing)|acquisitions?|bought|buys?|buying|purchas(?:e|ed|es|ing)|takeover|took over|"
     r"merged?|merger)\b|收购|并购|买下|购买|购入|合并"),
    (r"\bdirect(?:or|ors|ed)\b|导演|执导", r"\bdirect(?:or|ors|ed|ing|s)?\b|导演|执导"),
    (r"\b(?:screenwriters?|screenplay|scriptwriters?|written by)\b|编剧", r"\b(?:screenwriters?|screenplay|"
     r"scriptwriters?|script|wr(?:ote|itten|ites|iting))\b|编剧|编写|执笔|剧本|改编"),
    (r"\b(?:found(?:er|ers|ed)|co-?found(?:er|ers|ed))\b|创始人|创立|创办",
     r"\b(?:found(?:er|ers|ed|ing)|co-?found(?:er|ers|ed|ing)|established)\b|创始人|创立|创办|创建|成立|创始"),
    (rf"\b(?:{_OFFICE_EN})\b|{_OFFICE_ZH}", rf"\b(?:{_OFFICE_EN}|helm|leads|led)\b|{_OFFICE_ZH}|执掌|掌舵|掌门"),
    (r"\bflag ?bearers?\b|旗手", r"\b(?:flag ?bearers?|carr(?:y|ied|ies|ying) the (?:national )?flag)\b|旗手|擎旗|举旗"),
    (r"\b(?:starring|lead actors?|lead actress(?:es)?|stars? of)\b|主演|领衔",
     r"\b(?:starr(?:ing|ed)|stars?|cast|lead actors?|lead actress(?:es)?|play(?:s|ed|ing)?|portray(?:s|ed|ing)?)\b|"
     r"主演|领衔|出演|饰演|饰|扮演|参演"),
    (r"(?<![导主])(?:演|饰演|扮演)的?(?:是)?谁|(?:演|饰演|扮演)(?:的是)?(?:什么|哪个)角色|\bwhat (?:role|character)\b",
     r"饰|扮演|演|角色|\b(?:play(?:s|ed|ing)?|roles?|portray(?:s|ed|ing)?|characters?)\b"),
    (r"\brunners?-?up\b|\bsecond place\b|亚军", r"\brunners?-?up\b|\bsecond\b|\bfinalists?\b|\blost\b|亚军|屈居|负于|不敌|憾负"),
]
_ROLES = [(re.compile(asked, re.IGNORECASE), re.compile(stated, re.IGNORECASE)) for asked, stated in _ROLES]


# Questions whose answer is a time or an amount, not a name: the names beside it are asides ("When was OpenAI
# founded?" - "…in 2015 by Elon Musk and Sam Altman")
_ASKS_AMOUNT = re.compile(r"多少|几|哪一?年|\bhow (?:many|much|long|old)\b|\bwhat year\b", re.IGNORECASE)


def _asked_roles(question: str) -> list[re.Pattern]:
    """What states each relation of _ROLES that `question` asks about ("Who won…", "野马队打败了谁", "2021赛季中超冠军"),
    when it asks for a name rather than a time or an amount."""
    if _asks_time_or_amount(question):
        return []
    return [stated for asked, stated in _ROLES if asked.search(question)]


def _asks_time_or_amount(question: str) -> bool:
    return bool(_ASKS_WHEN.search(question) or _ASKS_AMOUNT.search(question))


def _asked_awards(question: str) -> list[re.Pattern]:
    """What states each award category `question` asks the winner of ("2022年百花奖最佳影片奖", "Which director won
    Best Director at the 93rd Academy Awards?"), when it asks for a name rather than a time or an amount: checked
    apart from _asked_roles, since a clause stating a win ("袁泉摘得…") must also state the category won."""
    if _asks_time_or_amount(question):
        return []
    return [_stating_category(category) for category in sorted(_categories(question))]


def _stating_category(category: str) -> re.Pattern:
    """What names the award `category` (as _categories gives it) in a source: "最佳影片" for 影片; "Best (Lead) Actress"
    for actress; "Best Animated Feature" or "… Film" for animated film. A name held only in clauses naming no such
    category won another award there, or none ("在电影《中国医生》中饰演…的演员袁泉摘得本届百花奖最佳女主角" for 最佳影片)."""
    if re.search(r"[\u4e00-\u9fff]", category):
        return re.compile(f"最佳{re.escape(category)}")
    film = "|".join(w for w, means in _CATEGORY_WORD.items() if means == "film")
    words = [f"(?:film|{film})" if w == "film" else re.escape(w) for w in category.split()]
    gap = r"[\s-]+"
    return re.compile(rf"\bbest{gap}(?:lead(?:ing)?{gap})?{gap.join(words)}\b", re.IGNORECASE)


# A question asking who plays a character, and the character: "Who will be playing the role of Billy Batson in
# Shazam!?", "Who plays Carl Grimes?", "谁饰演李云龙", "饰演李云龙的演员是谁"
_ASKS_PLAYER = re.compile(r"\b(?i:who)\b.*?\bplay(?:s|ed|ing)?\s+(?:the\s+(?:role|part)\s+of\s+)?"
                          r"(?P<en>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)"
                          r"|谁(?:饰演|扮演)(?P<zh>[\u4e00-\u9fff·]{2,8}?)(?:[？?，,。]|$)"
                          r"|(?:饰演|扮演)(?P<zh2>[\u4e00-\u9fff·]{2,8}?)的(?:演员|人)?是谁")


def _asked_character(question: str) -> list[re.Pattern]:
    """What names the character a question asks who plays (_ASKS_PLAYER), as a role the source's clause naming the
    answer must state: any word of its name ("Asher Angel will play Billy"), or the whole of a Chinese one. A clause
    naming the actor beside another part ("Zachary Levi, who was recently cast to play the titular hero in Shazam")
    says nothing of who plays this one."""
    m = _ASKS_PLAYER.search(question)
    if not m:
        return []
    if m.group("en"):
        words = [w for w in m.group("en").split() if len(w) > 2]
        return [re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")] if words else []
    return [re.compile(re.escape(m.group("zh") or m.group("zh2")))]


def _one_per_line(text: str) -> str:
    """`text` with each sentence on a line of its own: a character named in the next sentence ("…cast to play the titular
    hero in Shazam. Billy Batson can transform…") is not the one played."""
    return "\n".join(text[a:b] for a, b in sentence_spans(text))


def _role_unstated(claim: str, source: str, roles: list[re.Pattern], named: list[str], asked: set[str],
                   sexes: tuple[re.Pattern, re.Pattern] | None = None, years: set[str] = frozenset(),
                   now: bool = False) -> bool:
    """The names the claim gives that the question does not (its answer), where `source` (a chunk's text) holds
    them, share no clause with a word stating the relation asked about (_ROLES): the source names them in another
    role. A name holding a role word is the role, not its holder ("卫冕冠军是江苏队": the team is the answer). A
    claim naming nothing new, or names the source lacks, is left to the other checks, and so is a claim in
    another language than the source's (an English answer over a Chinese brief: "Which model did the Meta PM liken
    to an ideal technical co-founder?" - "Claude", in a clause the role words of neither language need be in). A
    clause stating the win of a part of the event (_PART_WON: "Coco Gauff wins her Open debut") states no win of it,
    nor one of the other sex's event (`sexes`: "女单冠军孙颖莎" for "男单冠军"), nor a sentence naming only other years
    than the claim's or the question's (`years`), nor, asked who holds it `now`, one naming only years a generation
    (_GENERATION) before the latest the source names."""
    if not roles or detect_lang(claim) != detect_lang(source):
        return False
    answer = [name for name in [*names(claim), *_in_title_marks(claim)]  # "《人世间》" too
              if name not in named and not set(tokenize(name)) <= asked and not any(role.search(name) for role in roles)]
    text = source.replace("...", "\n").replace("…", "\n")  # a search snippet's gaps end clauses too
    clauses = _clauses(text)
    held = [name for name in answer if any(name in clause for clause in clauses)]
    if now and not any(_YEAR_IN_TEXT.fullmatch(t) for t in asked) and (written := _YEAR_IN_TEXT.findall(text)):
        # asked who holds it now, a role taken up a generation before the latest year the source names is history
        # ("Jun 22, 2021 ... Daniel Burley Woolfall was elected as President on 4 June 1906")
        recent = int(max(written)) - _GENERATION
        text = _without_sentences(text, lambda part: (placed := _placing_years(part)) and all(
            int(y) < recent for y in placed))
        clauses = _clauses(text)
    if years:  # a role stated in a sentence of other years is another year's ("2017年，阿德恩当选新西兰总理" for 2023)
        text = _without_sentences(text, lambda part: (placed := _placing_years(_DATE_STAMP.sub("", part)))
                                  and not placed & years)
        clauses = _clauses(text)
    # a clause with what describes it: "Sepp Blatter, the former president of FIFA", "Spain, who won the tournament"
    clauses = [f"{clause}, {after}" if _DESCRIBES.match(after) else clause
               for clause, after in zip(clauses, [*clauses[1:], ""])]
    # and a name with the role word just before it: "an Italian-American director, Francis Ford Coppola, made …"
    # (English only: "樊振东获得男单冠军，孙颖莎获得女单冠军" puts a new subject after the comma)
    if detect_lang(source) == "en":
        clauses = [f"{word}, {clause}" if (word := _closing_role(before, roles)) else clause
                   for before, clause in zip(["", *clauses[:-1]], clauses)]
    parts = [m for m in _PART_WON.finditer(source) if not set(tokenize(m.group("part") or m.group("before"))) & asked]
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    return bool(held) and not any(name in clause and any(_states_role(clause, role, asked, now) for role in roles)
                                  and not any(m.group() in clause for m in parts)
                                  and not _won_a_round(clause, sentences, asked)
                                  and not (sexes is not None and _of_the_other(clause, sexes))
                                  for name in held for clause in clauses)


# A Chinese clause stating a match won, no title ("最终切尔西以2-1击败里尔"), in a sentence naming a round short of the
# final ("…欧冠联赛八分之一决赛最后两场比赛开打"): the win is of that round
_MATCH_WON = re.compile(r"击败|战胜|打败|击溃|赢|获胜|胜出|晋级")
_TITLE_WON = re.compile(r"冠军|夺冠|折桂|称王|捧杯|金牌|夺得")
_ROUND = re.compile(r"[八四]分之一决赛|1/[48]决赛|半决赛|小组赛|首轮|次轮|第[一二三四五六七八九十\d]+轮|预选赛|资格赛|淘汰赛|"
                    r"附加赛|(?:八|四|十六|16|32)强")


def _without_sentences(text: str, drop: Callable[[str], bool]) -> str:
    """`text` without the sentences `drop` picks, the others joined as written."""
    return "".join(part for a, b in sentence_spans(text) if not drop(part := text[a:b]))


def _role_held_elsewhere(claim: str, roles: list[re.Pattern], asked: set[str], now: bool = False) -> bool:
    """The claim states a relation the question asks about only as one not held (_states_role): "Anne-Birgitte
    Albrectsen is the CEO of The LEGO Foundation" for Lego's CEO."""
    return any(role.search(claim) for role in roles) and not any(_states_role(claim, role, asked, now)
                                                                 for role in roles)


def _won_a_round(clause: str, sentences: list[str], asked: set[str]) -> bool:
    """`clause` states a match won and no title, in a sentence naming a round short of the final that the question
    does not ask about."""
    if not _MATCH_WON.search(clause) or _TITLE_WON.search(clause):
        return False
    sentence = next((s for s in sentences if clause.strip() in s), clause)
    return any(not set(tokenize(m.group())) & asked for m in _ROUND.finditer(sentence))


# An event of one sex: "男单", "女子", "men's singles", "women's" (a question naming one asks about it, not the other's)
_MEN = r"男单|男双|男子|男篮|男足|男排|男队|\bmen['’]?s\b|\bmale\b"
_WOMEN = r"女单|女双|女子|女篮|女足|女排|女队|\bwomen['’]?s\b|\bfemale\b"
_SEXES = (re.compile(_MEN, re.IGNORECASE), re.compile(_WOMEN, re.IGNORECASE))
# and in what is said of one, tennis's two tours: the men's (ATP) and the women's (WTA). Not in a question: "2023年ATP中国
# 公开赛在哪举行" asks of a fortnight both tours play at one venue
_SEX_EVENTS = (re.compile(rf"{_MEN}|\bATP\b", re.IGNORECASE), re.compile(rf"{_WOMEN}|\bWTA\b", re.IGNORECASE))


def _sexes(question: str) -> tuple[re.Pattern, re.Pattern] | None:
    """(what names the sex's event the question names, the other's), when it names one only."""
    men, women = (bool(p.search(question)) for p in _SEXES)
    return None if men == women else _SEX_EVENTS if men else _SEX_EVENTS[::-1]


def _of_the_other(text: str, sexes: tuple[re.Pattern, re.Pattern]) -> bool:
    asked, other = sexes
    return bool(other.search(text)) and not asked.search(text)


def _given_for_the_other(claim: str, source: str, sexes: tuple[re.Pattern, re.Pattern], asked: set[str]) -> bool:
    """Every sentence of `source` holding the claim's answer (a name the question does not give, or a figure other than
    a year) names the other sex's event and not the asked one's: "Djokovic Honoured With Year-End No. 1 Trophy · Nitto
    ATP Finals" gives the men's No. 1, not the women's."""
    figs = [f for f in figures(claim) if not f.is_year and not f.calendar]
    new = [n for n in names(claim) if not set(tokenize(n)) <= asked]
    if not figs and not new:
        return False
    holding = _holding(source, new, figs)
    return bool(holding) and all(_of_the_other(s, sexes) for s in holding)


# Closed sets a Chinese question picks one member of: a place in the final standing, a public holiday, a half of the
# year, the Olympic or the Paralympic Games. A source whose every sentence holding the claim's answer names another
# member of the set, and not the one asked, gives it for that one ("端午节全国国内旅游出游7961.0万人次" for 中秋假期;
# "铜牌争夺战中，巴林男排以3比0击败韩国男排" for 冠军). Not English: "Champions League" names no place, and "won the
# title, with City runners-up" names the winner with no place word of its own.
_SIBLINGS = [{member: re.compile(words) for member, words in members.items()} for members in (
    {"first": r"冠军|金牌|夺冠", "second": r"亚军|银牌", "third": r"季军|铜牌|第三名", "fourth": r"殿军|第四名"},
    {"春节": r"春节", "元旦": r"元旦", "清明": r"清明", "五一": r"五一|劳动节", "端午": r"端午", "中秋": r"中秋",
     "国庆": r"国庆"},
    {"上半年": r"上半年", "下半年": r"下半年"},
    {"奥运会": r"(?<!残)奥运会|冬奥会|夏奥会", "残奥会": r"残奥会"},  # "冬残奥会" is no 冬奥会
)]


# Games and fairs named by where they are held ("巴黎奥运会", "卡塔尔世界杯"): a source whose every sentence holding the
# claim's answer names another host's edition of the kind, and not the asked one, gives it for that one ("北京奥运会火炬将
# 于4月7日在法国巴黎进行传递" for where the Paris Olympics' torch relay starts). Editions named by year ("1966年世界杯") are
# left alone: which host a year had is not written here.
_EDITION_KIND = re.compile(r"冬残奥会|残奥会|冬奥会|夏奥会|奥运会|奥运|亚残运会|亚运会|世界杯|世锦赛|全运会|大运会|世博会|亚洲杯|"
                           r"欧洲杯|美洲杯")


def _hosts(text: str) -> set[str]:
    """The places `text` names an edition of _EDITION_KIND by: "巴黎奥运会" -> 巴黎, "卡塔尔世界杯" -> 卡塔尔 (the two or three
    characters before the kind, when jieba reads them alone as one place or name: it tags "卡塔尔" a person)."""
    out = set()
    for m in _EDITION_KIND.finditer(text):
        for size in (3, 2):
            word = text[max(0, m.start() - size):m.start()]
            if len(word) == size and (word in countries_in(word) or one_place_or_name(word)):
                out.add(word)
                break
    return out


def _of_another_host(claim: str, source: str, hosts: set[str], question: str) -> bool:
    """Every sentence of `source` holding the claim's answer (a name the question does not give, or a figure other
    than a year) names an edition of the asked kind held by another host (_hosts), and none held by the asked one."""
    if not hosts:
        return False
    figs = [f for f in figures(claim) if not f.is_year]
    new = [n for n in names(claim) if n not in question]
    if not figs and not new:
        return False
    holding = _holding(source, new, figs)
    return bool(holding) and all((found := _hosts(s)) and not found & hosts for s in holding)


def _holding(source: str, new: list[str], figs: list[Figure]) -> list[str]:
    """The sentences of `source` holding the claim's answer: one of its names `new` to the question, or all its
    figures `figs`."""
    sentences = [source[a:b] for a, b in sentence_spans(source)]
    return [s for s in sentences if any(n in s for n in new) or figs and all(supported(f, figures(s)) for f in figs)]


def _asked_members(question: str) -> list[tuple[re.Pattern, list[re.Pattern]]]:
    """For each set of _SIBLINGS the question names exactly one member of: (that member, the others)."""
    out = []
    for members in _SIBLINGS:
        named = [name for name, pattern in members.items() if pattern.search(question)]
        if len(named) == 1:
            out.append((members[named[0]], [p for name, p in members.items() if name != named[0]]))
    return out


def _of_a_sibling(claim: str, source: str, asked: list[tuple[re.Pattern, list[re.Pattern]]], question: str) -> bool:
    """Every sentence of `source` holding the claim's answer (a figure other than a year, or a name or title the
    question does not give) names another member of a set the question picks one of, and not the asked one."""
    if not asked:
        return False
    figs = [f for f in figures(claim) if not f.is_year and not f.calendar]
    new = [n for n in [*names(claim), *_in_title_marks(claim)] if n not in question]
    if not figs and not new:
        return False
    holding = [source[a:b] for a, b in sentence_spans(source)]
    holding = [s for s in holding if any(n in s for n in new) or any(supported(f, figures(s)) for f in figs)]
    return bool(holding) and any(
        all(any(o.search(s) for o in others) and not member.search(s) for s in holding) for member, others in asked)


# What opens a clause describing the name before it: an appositive or a relative clause
_DESCRIBES = re.compile(r"\s*(?:who|whose|which|the|a|an|its|his|her|their|[A-Z][\w.&-]*['’]s)\b")


def _closing_role(clause: str, roles: list[re.Pattern]) -> str | None:
    """The word of `roles` that `clause` ends with, if any: the name after its comma is the one it describes."""
    end = len(clause.rstrip())
    return next((m.group() for role in roles for m in role.finditer(clause) if m.end() == end), None)


def _states_role(clause: str, role: re.Pattern, asked: set[str], now: bool = False) -> bool:
    """`clause` has a word stating `role` that no _FORMER word qualifies ("Sepp Blatter, the former president of
    FIFA" is no president now), unless the question asks for the former one, that no count of editions makes a
    record ("广州队则是两届足协杯冠军得主": two past titles, not this one), that is not hoped for (_HOPED), that is not
    of another body (_of_another_body) and, when the question asks who holds it `now`, that is not stated as held
    before (_WAS) in a clause naming no year the question asks about."""
    past_matters = not _FORMER_WORDS & asked
    return any(not (past_matters and _FORMER.search(clause[max(0, m.start() - 40):m.start()]))
               and not _RECORD.search(clause[max(0, m.start() - 12):m.start()])
               and not _HOPED.search(clause[max(0, m.start() - 24):m.start()])
               and not _of_another_body(clause, m, asked)
               and not (now and _WAS.search(clause[max(0, m.start() - 50):m.start()])
                        and not any(y in clause for y in asked if _YEAR_IN_TEXT.fullmatch(y)))
               for m in role.finditer(clause))


_GENERATION = 30  # years: longer than almost anyone holds an office


# A question about who holds an office now ("Who is the CEO of Nintendo?", "现任…总裁是谁"; not "Who is the winner…",
# "Who is the founder…": those were done once), and an office stated as held before: "Satoru Iwata was the global
# president and CEO of Nintendo", "曾任" (not "was named CEO": that is becoming one)
_ASKS_NOW = re.compile(r"\b(?:who|what|which)\s+(?:is|are)\b|\bcurrent(?:ly)?\b|现任|目前|现在|如今|当前", re.IGNORECASE)
_ASKS_OFFICE = re.compile(rf"\b(?:{_OFFICE_EN})\b|{_OFFICE_ZH}", re.IGNORECASE)
_WAS = re.compile(r"\b(?:was|were)\s+(?:the|an?|its|their|his|her|[A-Z][\w&.'’-]*['’]s)\s+(?:[\w'’.&-]+\s+){0,4}$"
                  r"|曾(?:经)?(?:任|是|担任|出任)过?[^，。,;；]{0,10}$", re.IGNORECASE)


# A body named after the one asked about, and so another: "CEO of The LEGO Foundation" for Lego's, "president of the NFL
# Players Association" or "of an NFL team" for the NFL's, "Nintendo of America" for Nintendo's, "乐高基金会首席执行官". A
# company's own suffix names no other body ("the LEGO Group", "Apple Inc.")
_BODY = (r"[A-Z][\w&.'’-]*(?:\s+(?:of\s+|for\s+|&\s+)?[A-Z][\w&.'’-]*)*"
         r"(?:\s+(?:team|club|foundation|association|union|league|subsidiary|division|unit|branch|chapter)\b)?")
_BODY_AFTER = re.compile(rf"\s+(?:of|at)\s+(?:the\s+|an?\s+)?({_BODY})")
_BODY_BEFORE = re.compile(rf"({_BODY})(?:['’]s)?\s+(?:new\s+)?$")
_SAME_BODY = {"group", "inc", "co", "ltd", "corp", "corporation", "company", "holdings", "holding", "plc", "llc",
              "limited", "ag", "sa", "se", "nv"}
_ZH_BODY = re.compile(r"(基金会|协会|工会|联合会|分公司|子公司|俱乐部|研究院|研究所|学院|球队)的?$")
_OFFICE = re.compile(_OFFICE_EN, re.IGNORECASE)
# A country's office ("US President", "French President", "South Korean President"), not a body's
_COUNTRY_BODY = re.compile(r"^[A-Z.]{1,4}$|(?:an|ish|ese|i|ch|ic)$")
# Capitalised words before an office that name no body: "New CEO …", "Vice President …", "Yesterday President …"
_NO_BODY = {"new", "interim", "acting", "current", "incoming", "newly", "deputy", "vice", "senior", "executive",
            "founding", "honorary", "co", "yesterday", "today", "meanwhile", "earlier", "later", "also", "now", "then"}
_KIND_BEFORE = re.compile(r"\b(?:team|club|franchise|league|union|association|foundation|subsidiary|division)\s+$",
                          re.IGNORECASE)


def _of_another_body(clause: str, role: re.Match, asked: set[str]) -> bool:
    """The `role` word in `clause` is of a body whose name holds the asked one's and more (_BODY_AFTER, _BODY_BEFORE,
    _ZH_BODY), or, an office, of a body none of the question's words name."""
    after = _BODY_AFTER.match(clause, role.end())
    before = _BODY_BEFORE.search(clause[max(0, role.start() - 60):role.start()])
    for body in (after and after.group(1), before and before.group(1)):
        words = [w for w in tokenize(body or "") if w not in _SAME_BODY]
        last = max((i for i, w in enumerate(words) if w in asked), default=None)
        if last is not None and any(w not in asked for w in words[last + 1:]):
            return True  # words after the asked name: "LEGO Foundation" (not "Las Vegas Raiders" for the Raiders)
    if _OFFICE.fullmatch(role.group()) and (others := {t for t in asked if not _OFFICE.fullmatch(t)}):
        # an office in brackets is of what stands before them, not after: "（HQ: San Francisco; CEO: John Hanke ）and
        # Nintendo Co., Ltd." (the snippet cut what the brackets describe)
        rest = clause[role.end():]
        close = re.search(r"[)）]", rest)
        if close and not re.search(r"[(（]", rest[:close.start()]):
            opened = max(clause.rfind("(", 0, role.start()), clause.rfind("（", 0, role.start()))
            if not set(tokenize(clause[:max(opened, 0)])) & others:
                return True
        # an office of a body named by none of the question's words: "Las Vegas Raiders president Sandra Douglass Morgan"
        # for the NFL's (not "US President", "French President": a country's), or of a team or club in a clause naming
        # none ("The Las Vegas Raiders hired Sandra Douglass Morgan as their new team president")
        named = set(tokenize(before.group(1))) - _SAME_BODY - _NO_BODY if before else set()
        if named and not _COUNTRY_BODY.search(before.group(1)) and not any(
                a[:5] == b[:5] for a in named for b in others):
            return True
        if _KIND_BEFORE.search(clause[:role.start()]) and not set(tokenize(clause)) & others:
            return True
    zh = _ZH_BODY.search(clause[:role.start()])
    return bool(zh) and zh.group(1) not in asked and any(
        len(t) > 1 and t in clause[max(0, zh.start() - 8):zh.start()] for t in asked if detect_lang(t) == "zh")


# A role hoped for, not held: "乔科维奇想要挑战温网5连霸、个人第24座大满贯冠军", "渴望夺冠", "hopes to win"
_HOPED = re.compile(r"(?:想要|希望|渴望|冲击|挑战|争夺|力争|有望|期待|梦想|志在|剑指|瞄准)[^，。,;；]{0,16}$"
                    r"|\b(?:hop(?:e|es|ed|ing) to|aim(?:s|ed|ing)? to|bid(?:s|ding)? (?:to|for)|seek(?:s|ing)? to|chas(?:e|es|ing)"
                    r"|want(?:s|ed)? to)\s+(?:[\w'’.&-]+\s+){0,3}$", re.IGNORECASE)


# A count of editions before a title: "两届足协杯", "五次", "3度" (not "第14次": the 14th is this one)
_RECORD = re.compile(r"(?<![第\d])(?:\d+|[两二三四五六七八九十多]+)\s*(?:届|次|度)[^，。,;；]{0,8}$")


# What makes a role a past one: "the former president", "ex-CEO", "outgoing chairman", "前任董事长", "原行长"
_FORMER_WORDS = {"former", "ex", "previous", "outgoing", "late", "onetime", "前任", "原", "卸任", "离任", "辞去", "辞任"}
_FORMER = re.compile(r"\b(?:former|ex|previous|outgoing|late|onetime|one-time)[\s-]+(?:[\w'’.&-]+\s+){0,3}$"
                     r"|(?:前任|原|卸任|离任|辞去|辞任)$", re.IGNORECASE)


# Kinds of body a "which …" question may ask for, by the words that ask for them (English, Chinese) and those that
# end their names: a court is not a commission ("Which tribunal's ruling …?" answered "the Indian Competition
# Commission"), a regulator not a bank. A question or a name of no kind here is left alone.
_KINDS = {
    "court": (r"courts?|tribunals?", r"法院|法庭", r"court|courts|tribunal|tribunals"),
    "regulator": (r"commissions?|regulators?|agenc(?:y|ies)|authorit(?:y|ies)|ministr(?:y|ies)",
                  r"委员会|监管机构|监管部门|监管局|管理局|证监会", r"commission|regulator|agency|authority|ministry"),
    "company": (r"compan(?:y|ies)|firms?|banks?|brokerages?", r"券商|公司|银行|证券公司",
                r"company|companies|firm|bank|brokerage|securities|inc|corp|corporation|group"),
}
_ASKED_KIND = {kind: re.compile(rf"\bwhich\s+(?:[a-z]+\s+)?(?:{en})\b|哪(?:个|家|一个|一家|些)?(?:{zh})", re.IGNORECASE)
               for kind, (en, zh, _) in _KINDS.items()}
_NAME_END = {kind: (set(ends.split("|")), tuple(zh.split("|"))) for kind, (_, zh, ends) in _KINDS.items()}
_BODY_NAME = re.compile(r"\b[A-Z][\w&.'’-]*(?:\s+(?:of\s+|for\s+|&\s+)?[A-Z][\w&.'’-]*)+")  # "Indian Competition Commission"


def _asked_kind(question: str) -> str | None:
    """The one kind of body of _KINDS a "which …" question asks for ("Which tribunal's ruling…", "哪家券商")."""
    asked = [kind for kind, pattern in _ASKED_KIND.items() if pattern.search(question)]
    return asked[0] if len(asked) == 1 else None


def _of_another_kind(claim: str, question: str, kind: str) -> bool:
    """Every body the claim names that the question does not is of another kind of _KINDS than the one asked for:
    its name ends with another kind's word ("…Commission", "…委员会")."""
    bodies = [*_BODY_NAME.findall(claim), *names(claim), *(forms[0] for forms in named_in(claim))]
    kinds = {_kind_of(body) for body in bodies if body not in question} - {None}
    return bool(kinds) and kind not in kinds


def _kind_of(name: str) -> str | None:
    last = name.split()[-1].lower().rstrip(".") if name.split() else ""
    return next((kind for kind, (english, chinese) in _NAME_END.items()
                 if last in english or name.endswith(chinese)), None)


# A win of a part of the event, not of the event: "Coco Gauff wins her Open debut", "…to win the final stage of the
# 2021 Tour de France", "stage 21 victory" (unless the question asks about that part: "Who won stage 21?")
_EVENT_PART = r"stages?|rounds?|heats?|legs?|debut|opener|semi-?finals?|quarter-?finals?|qualif(?:ier|ying)s?"
_PART_WON = re.compile(rf"\b(?:won|wins?|winning|victor(?:y|ies))\s+(?:[\w'’-]+\s+){{0,3}}?(?P<part>{_EVENT_PART})\b"
                       rf"|\b(?P<before>{_EVENT_PART})\s+(?:\d+\s+)?(?:win|wins|victory|winner)\b", re.IGNORECASE)


# What a product's, a work's or an edition's name may be followed by to name another thing: "The Legend of Zelda:
# Ocarina of Time Re-Arranged Album", "the Xenoblade Chronicles 2 DLC season pass", "iPhone 11 Pro"
_DERIVATIVES = {"dlc", "dlcs", "album", "soundtrack", "soundtracks", "ost", "remaster", "remastered", "remake",
                "edition", "expansion", "trailer", "demo", "beta", "sequel", "prequel", "pro", "max", "plus", "mini",
                "lite", "collection", "bundle", "deluxe", "definitive", "anniversary", "vinyl", "manga", "anime",
                "port", "hd", "3d", "spin-off", "spinoff", "pass"}
_BASE_VERSION = {"standard", "regular"}  # an edition that is the thing itself
# A run of capitalised words (numbers and "of", "the", ":" inside): "The Legend of Zelda: Ocarina of Time",
# "Xenoblade Chronicles 2", "iPhone 11"
_RUN_WORD = r"(?:[A-Z0-9][\w'’.+-]*|[a-z]+[A-Z][\w'’.+-]*)"
_NAME_RUN = re.compile(rf"{_RUN_WORD}(?:(?:\s*[:：–-]\s*|\s+(?:(?:of|the|and|for|de|&)\s+)*){_RUN_WORD})*")
_NOT_IN_RUN = {"when", "what", "who", "whom", "which", "where", "why", "how", "is", "was", "were", "did", "does",
              "do", "the", "a", "an", "in", "on", "at"}


def _titles(question: str) -> list[str]:
    """The names of `question` as written, several words long or one with a digit ("Xenoblade Chronicles 2",
    "The Legend of Zelda: Ocarina of Time", "iPhone 11"), its opening question word aside."""
    out = []
    for m in _NAME_RUN.finditer(question):
        words = m.group().split()
        article = False
        while words and words[0].lower() in _NOT_IN_RUN:
            article = words[0] == "The" and m.start() > 0  # "Who directed The Avengers?": a title of one word
            words = words[1:]
        title = " ".join(words).rstrip(".:：-–")
        if _name_parts(title) and (len(words) > 1 or article or any(c.isdigit() for c in title)):
            out.append(title)
    return out


def _cased_as_read(question: str, texts: list[str]) -> str:
    """`question`, written in lower case but for its first letter, with each word capitalised where `texts` write it
    capitalised more often than not: "when was xenoblade chronicles 2 released?" asks of Xenoblade Chronicles 2, a title
    (_titles). A question capitalising its names is left as written: "release date" stays no name beside a listing's
    "Release Date:"."""
    if re.search(r"[A-Z]", question[1:]):
        return question

    def cased(m: re.Match) -> str:
        word = m.group()
        capital = word[0].upper() + word[1:]
        either = re.compile(rf"(?<![\w'’-])(?:{re.escape(word)}|{re.escape(capital)})(?![\w'’-])")
        said = [w for text in texts for w in either.findall(text)]
        return capital if said.count(capital) > said.count(word) else word

    return re.sub(r"(?<![\w'’-])[a-z][a-z'’-]+(?![\w'’-])", cased, question)


def _of_a_derivative(claim: str, source: str, titles: list[str], asked: set[str]) -> bool:
    """The source names a title of the question that the claim repeats only as part of another thing's name, one
    of _DERIVATIVES ("The Legend of Zelda: Ocarina of Time Re-Arranged Album was released on December 22nd, 1999",
    "…available as part of the Xenoblade Chronicles 2 DLC season pass"): what it says is about that thing. A word
    the question itself gives ("the Silent Hill movie") is no other thing."""
    said = set(tokenize(claim))
    for title in titles:
        if not _name_parts(title) <= said:
            continue
        pattern = r"[\s:：–-]+".join(re.escape(w) for w in re.split(r"[\s:：–-]+", title))
        spans = [m.span() for m in re.finditer(rf"(?<![\w]){pattern}(?![\w])", source, re.IGNORECASE)]
        if spans and all(_DERIVATIVE_BEFORE.search(source[max(0, start - 60):start])
                         or _derivative_after(source[end:end + 80], asked) for start, end in spans):
            return True
    return False


# A thing named by what it is of: "the 1975 video for Queen's “Bohemian Rhapsody”", "a sequel to Frozen"
_DERIVATIVE_BEFORE = re.compile(r"\b(?:videos?|trailers?|soundtracks?|sequels?|prequels?|remakes?|adaptations?|"
                                r"expansions?|dlcs?|ports?|covers?|parod(?:y|ies)|spin-?offs?)\s+(?:for|of|to)\s+"
                                r"(?:the\s+)?(?:[\w.&-]+['’]s\s+)?[“\"'‘]?$", re.IGNORECASE)


# A subtitle after a colon, not a date's month ("iPhone 11: September 20, 2019")
_SUBTITLE = re.compile(rf"\s*[:：]\s*(?!(?i:{_MONTH_NAME})\b)([A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*)*")


def _derivative_after(text: str, asked: set[str]) -> bool:
    """`text` (what follows a title) opens with capitalised words ending in one of _DERIVATIVES."""
    subtitle = _SUBTITLE.match(text)
    if subtitle and subtitle.group(1).lower() not in asked and not re.match(r"\s*\d", text[subtitle.end():]):
        return True  # "Avengers: Infinity War", "Cyberpunk 2077: Phantom Liberty": another work of the name
    for word in re.split(r"[\s:：–]+", text.strip(), maxsplit=4)[:4]:
        word = word.strip(".,;!?\"'()")
        lowered = word.lower()
        if not word or lowered in asked or lowered in _BASE_VERSION:
            return False  # "Super Mario Odyssey Standard Edition Nintendo Switch": the game itself
        if lowered in _DERIVATIVES:
            return True
        if not (word[0].isupper() or word[0].isdigit()):
            return False
    return False


# A claim's subject, a work named by capitalised words, and what is said of it: "The Kang Dynasty will be directed by
# Destin Daniel Cretton", "Tears of the Kingdom was released …" ("The film was directed …" names none)
_WORK_SUBJECT = re.compile(rf"^(?:The\s+)?({_RUN_WORD}(?:(?:\s*[:：–-]\s*|\s+(?:(?:of|the|and|for|de|&)\s+)*){_RUN_WORD})*)"
                           r"\s+(?:will be|was|is|were|are|has been|had been)\s+(?:\w+ly\s+)?(?:directed|released|"
                           r"written|produced|developed|published|launched|premiered|set to (?:be )?release)\b")


def _of_another_work(claim: str, titles: list[str], asked: set[str]) -> bool:
    """The claim says what is done to a work (_WORK_SUBJECT) named by none of the words of the question's titles:
    "The Kang Dynasty will be directed by Destin Daniel Cretton" for who directed The Avengers. A shortened or longer
    title ("Breath of the Wild" for The Legend of Zelda: Breath of the Wild, "The Avengers and Avengers: Age of
    Ultron") names the work itself."""
    subject = _WORK_SUBJECT.match(claim)
    if not subject:
        return False
    named = _name_parts(subject.group(1))
    return not named & set().union(*(_name_parts(title) for title in titles)) and bool(named - asked)


def _of_a_sequel(claim: str, titles: list[str], question: str) -> bool:
    """The claim names a numbered work of the series a title of the question names with no number: "Breath Of The
    Wild 2 …" for The Legend of Zelda: Breath of the Wild, "Diablo 3" for Diablo. A title the question leaves open
    ("the oldest quarterback to play in a Super Bowl", "Which Super Bowl…") may be any of them."""
    last = {title.split()[-1].lower() for title in titles if not any(c.isdigit() for c in title)
            and not re.search(rf"\b(?:a|an|which|what|each|every|any)\s+{re.escape(title)}", question, re.IGNORECASE)}
    return any(name.lower() in last and number > 1 and not _COUNTED_AFTER.match(claim, m.end())
               for m in _INSTALMENT.finditer(claim) for name, number in _instalments(m.group()))


_COUNTED_AFTER = re.compile(r"\s*(?:million|billion|thousand|hundred|years?|months?|weeks?|days?|hours?|times|copies|"
                            r"percent|per cent)\b", re.IGNORECASE)  # "… the Wild 2 million copies": a count


# A when-question asking when an event named by its year takes place, not when something is done before it (the
# host announced, tickets sold: "When was the 2022 World Cup awarded?")
_ASKS_HELD = re.compile(r"\bwhen (?:is|was|will|does|did)\b|\bdate of\b|\btake place\b|\bheld\b|\bstart|\bbegin",
                        re.IGNORECASE)
_DONE_BEFORE = re.compile(r"\b(?:announc|award|chos|choose|select|bid|vot|reveal|unveil|ticket|registr|deadline|appl|"
                          r"nominat|sign|draw|qualif|sold|sale)", re.IGNORECASE)
_DATED_YEAR = re.compile(rf"\b{_MONTH}\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d\d)\b|"
                         rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+((?:19|20)\d\d)\b", re.IGNORECASE)


def _dated_before(claim: str, question: str | None) -> bool:
    """An English claim dates the event the question names by its year ("the 2021 NBA Draft", not "Cyberpunk 2077")
    to a day or month of an earlier year: "The 2021 NBA Draft took place on Wednesday, November 18, 2020" (a page on
    the 2020 draft, linking to the next one). An event is not held before the year it is named for; a postponed one
    may be held after it (Tokyo 2020 in 2021), and what is done before it is another question (_DONE_BEFORE)."""
    if not question or not _ASKS_HELD.search(question) or _DONE_BEFORE.search(question):
        return False
    years = [int(y) for y in _NAMING_YEAR.findall(question)]
    dated = {int(m.group(1) or m.group(2)) for m in _DATED_YEAR.finditer(claim)}
    return bool(years and dated) and max(dated) < min(years)


_NAMING_YEAR = re.compile(r"\b((?:19|20)\d\d)\s+[A-Z]")  # "the 2021 NBA Draft"


# Events a when-question asks the time of, by the words that name them; a date a source gives only for another
# event of these is not the one asked ("When does the iPhone 11 release?" - "The iPhone 11 was unveiled on
# September 10, 2019"). "发布" names both a release and an announcement, so it names neither.
_EVENTS = [re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:releas(?:e|ed|es|ing)|launch(?:ed|es|ing)?|came out|comes? out|on sale|in stores|ship(?:s|ped)?)\b|"
    r"上映|发售|开售|上市|公映",
    r"\b(?:announc(?:e|ed|es|ing|ement)|unveil(?:s|ed|ing)?|reveal(?:s|ed|ing)?|teas(?:e|ed|es|ing))\b|官宣|宣布|公布|亮相",
)]


# A work or product numbered in its series: "速度与激情10", "《流浪地球2》", "iPhone 14" (not "2023年", "5G")
_INSTALMENT = re.compile(r"([\u4e00-\u9fff]{2,})\s?(\d{1,2})(?![\d年月日号时点个期届级.%])"
                         r"|\b((?=[A-Za-z]{3})[A-Za-z]*[A-Z][A-Za-z]*)\s?(\d{1,2})(?![\d.%]|\s?(?:st|nd|rd|th)\b)")


def _instalments(text: str) -> list[tuple[str, int]]:
    """(the series' name, the number) of each numbered work `text` names: "速度与激情10" -> ("速度与激情", 10)."""
    return [(m.group(1) or m.group(3), int(m.group(2) or m.group(4))) for m in _INSTALMENT.finditer(text)]


def _of_another_instalment(claim: str, source: str, asked: list[tuple[str, int]]) -> bool:
    """Every sentence of `source` stating the claim's answer (a figure, a date's parts among them, that is no year;
    a name the question does not give) names another work of a series the question names one of, and not that
    one: "《速度与激情9》于2021年5月21日在中国内地上映" answers nothing about 速度与激情10."""
    if not asked:
        return False
    new = [n for n in names(claim) if not any(n in series for series, _ in asked)]
    holding = _holding(source, new, [f for f in figures(claim) if not f.is_year])
    for series, number in asked:
        numbered = [[n for name, n in _instalments(s) if name.endswith(series) or series.endswith(name)]
                    for s in holding]
        if holding and all(found and number not in found for found in numbered):
            return True
    return False


# An event held about another: its press conference, launch or signing ceremony, draw. Where and when it was held
# says nothing of where and when the event it is about is ("2023年中国网球公开赛启幕发布会在钻石球场举行" for where the
# tournament is held)
_SIDE_EVENT = re.compile(r"发布会|记者会|启动仪式|启动会|签约仪式|抽签仪式|推介会|誓师大会|见面会|说明会|宣讲会|"
                         r"\b(?:press conference|news conference|press event|(?:launch|signing|draw) ceremony)\b",
                         re.IGNORECASE)


# What is done at a press conference or a ceremony: a product launched there is launched where and when it is held
_DONE_AT_ONE = re.compile(r"发布|推出|公布|宣布|亮相|官宣|签约|签署|抽签|\b(?:announc|unveil|launch|reveal|sign|draw)",
                          re.IGNORECASE)


def _asks_for_a_side_event(question: str) -> bool:
    """`question` asks where or when something is held, and not about an event held about it (_SIDE_EVENT) nor what
    is done at one ("小米MIX4什么时候发布?")."""
    return (bool(_asks_place(question) or _ASKS_WHEN.search(question)) and not _SIDE_EVENT.search(question)
            and not _DONE_AT_ONE.search(question))


def _of_a_side_event(claim: str, source: str, question: str) -> bool:
    """Every clause of `source` holding the claim's answer (a name, a place word or a figure, a date's parts among
    them, that the question does not give) names an event held about the one asked (_SIDE_EVENT), and the question
    does not: the place or the date is that event's."""
    shown = folded(question)
    words = [w for w in [*names(claim), *(m.group() for m in _PLACE_WORD.finditer(claim))] if folded(w) not in shown]
    figs = [f for f in figures(claim) if not f.is_year and not supported(f, figures(question))]
    holding = [clause for a, b in sentence_spans(source) for clause in _timed_clauses(source[a:b])
               if any(w in clause for w in words) or any(supported(f, figures(clause)) for f in figs)]
    return bool(holding) and all(_SIDE_EVENT.search(clause) for clause in holding)


_ONLY_TIME = re.compile(r"[\d\s年月日号时分点至到—–~-]*|(?:当地时间|北京时间)[\d\s年月日号时分点]*"
                        r"|(?:on|in|by)?\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
                        r"(?:st|nd|rd|th)?(?:\s+\d{4})?", re.IGNORECASE)


def _timed_clauses(sentence: str) -> list[str]:
    """The clauses of `sentence`, one giving only a time read with the clause it times ("6月12日，…发布会在钻石球场举行")."""
    out, times = [], ""
    for clause in _clauses(sentence):
        if _ONLY_TIME.fullmatch(clause.strip()):
            times += f"{clause}，"
        else:
            out.append(times + clause)
            times = ""
    return out + ([times] if times else [])


def _asked_event(question: str) -> re.Pattern | None:
    """The one event of _EVENTS a when-question asks about, if it names exactly one."""
    if not _ASKS_WHEN.search(question):
        return None
    asked = [event for event in _EVENTS if event.search(question)]
    return asked[0] if len(asked) == 1 else None


def _other_event(claim: str, source: str, event: re.Pattern | None) -> bool:
    """Every sentence of `source` giving the claim's date names another event of _EVENTS and not the one asked
    (`event`): the date is that event's. A sentence naming no event places the date in none."""
    dates = [f for f in figures(claim) if f.calendar or f.is_year]
    if event is None or not dates:
        return False
    stating = [part for part in _excerpts(source) if all(supported(f, figures(part)) for f in dates)]
    others = [e for e in _EVENTS if e is not event]
    return bool(stating) and all(not event.search(part) and any(e.search(part) for e in others) for part in stating)


# Which way a price, an index or a figure moved: a claim that something rose is not backed by a source saying it fell
# ("隔夜美股中 Meta 表现全线走强" over "英伟达、特斯拉跌超2%,微软、Meta跌超1%"). "涨跌不一" says neither.
_ROSE = re.compile(r"涨|走强|走高|攀升|飙升|上扬|上行|反弹|拉升|\b(?:rose|rises?|rising|gain(?:ed|s|ing)?|"
                   r"climb(?:ed|s|ing)?|jump(?:ed|s|ing)?|surg(?:e|ed|es|ing)|soar(?:ed|s|ing)?|rall(?:y|ied|ies|ying)|"
                   r"higher)\b", re.IGNORECASE)
_FELL = re.compile(r"跌|走弱|走低|下滑|下挫|回落|重挫|下行|跳水|\b(?:fell|fall(?:s|en|ing)?|drop(?:ped|s|ping)?|"
                   r"declin(?:e|ed|es|ing)|slid|slump(?:ed|s|ing)?|tumbl(?:e|ed|es|ing)|plung(?:e|ed|es|ing)|sank|"
                   r"lower)\b", re.IGNORECASE)
_MIXED = re.compile(r"涨跌|mixed", re.IGNORECASE)
# a source's clauses: a list's bullets (" - ") and reference marks ("… [3] - …") end them too
_MOVE_CLAUSE = re.compile(r"[;；。!?！？\n，]|(?<!\d),|,(?!\d)|\s-\s|\[\d+\]")


def _moved_otherwise(claim: str, source: str) -> bool:
    """The claim says its subject (the name nearest before its one direction word: "Meta" in "隔夜美股中 Meta 表现全线
    走强") rose, or fell, and every clause of `source` naming that subject with a direction says the other way.
    `source`: the brief's sources together (a market wrap names the indices in one chunk, Meta in another)."""
    for clause in _clauses(claim):
        moves = _moves(clause)
        if len({up for _, up in moves}) != 1:
            continue
        at, up = moves[0]
        before = [(clause.rfind(name, 0, at), name) for name in names(clause[:at])]
        if not before:
            continue
        _, subject = max(before)
        forms = aliases(subject)
        said = [way for part in _MOVE_CLAUSE.split(source) if names_one_of(forms, part)
                if (way := _way(part, forms)) is not None]
        if said and all(way != up for way in said):
            return True
    return False


def _moves(text: str) -> list[tuple[int, bool]]:
    """Where `text` says something moved, and whether up, in text order ("涨跌不一" is neither)."""
    text = _MIXED.sub(lambda m: " " * len(m.group()), text)
    return sorted((m.start(), pattern is _ROSE) for pattern in (_ROSE, _FELL) for m in pattern.finditer(text))


def _way(clause: str, forms: tuple[str, ...]) -> bool | None:
    """Which way `clause` says the name (one of `forms`) moved: the first direction word after it, else the last
    before it; True for up, None when it says none."""
    folded_clause = folded(clause)
    at = min((i for form in forms if (i := folded_clause.find(folded(form))) >= 0), default=0)
    moves = _moves(clause)
    after = [up for i, up in moves if i >= at]
    before = [up for i, up in moves if i < at]
    return after[0] if after else before[-1] if before else None


def _name_words(claim: str, lang: str | None, han: bool = False) -> Iterator[tuple[str, set[str]]]:
    """The words of `claim` that may be names, each with its tokens: Latin words as written in a Chinese claim,
    capitalised words in an English one (or, with `han`, the Chinese runs it copies); units and _NOT_NAMES aside.
    `lang`: the answer's language, "en" when the claim is English however much Chinese it copies."""
    zh = lang != "en" and detect_lang(claim) == "zh"
    for word in (_LATIN_WORD if zh else _HAN_RUN if han else _CAPITALISED).findall(claim):
        parts = _name_parts(word) or {t for t in tokenize(word)
                                      if (m := _GLUED.fullmatch(t)) and m.group(1) not in UNIT_WORDS}
        if parts and word.lower() not in _NOT_NAMES and word.lower() not in UNIT_WORDS:  # "$115 billion" is a unit
            yield word, parts


def invented_names(claim: str, known: set[str], english_sources: bool, lang: str | None = None) -> list[str]:
    """Names in `claim` that no source (and not the question) holds: what the model brought from elsewhere.
    `known`: the words shown to the model as tokenize gives them, accents removed (text.unaccented).

    A Chinese answer copies Latin names as written ("Surya Kant"), so any Latin word counts; an English answer
    over English sources is checked on its capitalised words. An English answer over Chinese sources is checked
    on the Chinese it copies ("published by 中银国际"); its translated names (印度竞争委员会 -> Competition
    Commission of India) cannot be checked here."""
    return [word for word, parts in _name_words(claim, lang, han=not english_sources)
            if not all(unaccented(p) in known for p in parts)]


# A full name: two or more capitalised words in a row ("Juliana Henderson", "Anne-Birgitte Albrectsen")
_NAME_CAP = "[A-Z\u00c0-\u00de][a-z\u00df-\u00f6\u00f8-\u024f][A-Za-z\u00c0-\u00f6\u00f8-\u024f'’-]*"  # "HoloLens", not "NFL"
_FULL_NAME = re.compile(rf"(?<![\w'’-]){_NAME_CAP}(?:[ -]{_NAME_CAP})+(?![\w])")
_NAME_WORD = re.compile(r"[a-z0-9]+")
# How far apart a name's words may stand in a source that writes it: a middle name or an initial ("Lionel Andrés
# Messi", "Anthony and Joe Russo" for Anthony Russo)
_NAME_GAP = 3


def stitched_names(claim: str, shown: list[str]) -> list[str]:
    """Full names in an English claim that no text the model read (`shown`: the question, each source) writes
    together: each word of one stands in the sources, but apart, and the model joined them ("Juliana Henderson" over
    "HENDERSON, Nev. … The Las Vegas Raiders today honored Juliana …"). A name's words may stand up to _NAME_GAP
    words apart in a source (a middle name), in either order ("Zhao, Chloé")."""
    def words(text: str) -> list[str]:
        return _NAME_WORD.findall(unaccented(folded(text)).replace("'s", "").replace("’s", ""))

    read = [words(text) for text in shown]
    places = [{} for _ in read]
    for at, text in zip(places, read):
        for i, word in enumerate(text):
            at.setdefault(word, []).append(i)

    def near(a: str, b: str) -> bool:
        return any(0 < abs(j - i) <= _NAME_GAP for at in places for i in at.get(a, ()) for j in at.get(b, ()))

    lower = {w for text in shown for w in re.findall(r"\b[a-z]+\b", unaccented(text))}
    out = []
    for m in _FULL_NAME.finditer(claim):
        parts = [w for w in words(m.group()) if w not in _NOT_NAMES and w not in _STITCH_FREE]
        if not claim[:m.start()].strip() and parts and parts[0] in lower:
            parts = parts[1:]  # "Yesterday Apple …": a sentence's first word is capitalised whatever it is
        if len(parts) > 1 and not all(near(a, b) for a, b in zip(parts, parts[1:])):
            out.append(m.group())
    return out


# Capitalised words a claim joins to a name that need not stand beside it: an article, a sentence's first word
_STITCH_FREE = {"the", "a", "an", "this", "that", "in", "on", "at", "by", "for", "of", "and", "his", "her", "its",
                "their", "when", "where", "who", "which", "it", "he", "she", "they", "we", "there", "as", "from", "with"}


def invented_people(claim: str, shown: str) -> list[str]:
    """Chinese personal names in `claim` that the sources and the question write in none of their spellings:
    "电影《四海》的导演是陈耀" over a review naming only 阿耀. invented_names leaves a Chinese claim's Han names alone; a
    name the model copies is a substring of what it read, however jieba cuts it, once the dots and spaces inside
    transliterated names are set aside ("莱昂德罗内托" for 莱昂德罗·内托). `shown`: what the model read, folded and with
    _NAME_JOINERS removed."""
    return [name for name in people(claim)
            if not any(_NAME_JOINERS.sub("", folded(form)) in shown for form in aliases(name))]


_NAME_JOINERS = re.compile(r"[\s·•・‧.]")


def copied_names(claim: str, latin: set[str], asked: set[str] | None, lang: str | None = None) -> set[str]:
    """The tokens of the claim's Latin names that the sources hold as written and the question does not:
    copied from a source, so the cited brief must hold them ("published by the Economic Times [1]", when
    The Economic Times is the header of [3] and [1] is a brokerage's weekly)."""
    out: set[str] = set()
    for _, parts in _name_words(claim, lang):
        plain = [unaccented(t) for t in parts]
        if all(p in latin for p in plain) and not any(t in (asked or ()) for t in parts):
            out.update(plain)
    return out


def _question_names(question: str) -> list[str]:
    """The names of `question`: the glossary's ("Mark Zuckerberg", "Goldman Sachs", as the question spells them)
    and text.names' others (which gives "Mark" and "Zuckerberg" apart)."""
    glossed = [forms[0] for forms in named_in(question)]
    within = set().union(*(_name_parts(name) for name in glossed))
    return [*glossed, *(name for name in names(question) if not _name_parts(name) <= within)]


def _asked_names(claim: str, named: list[str], idf: Callable[[str], float] | None,
                 english_sources: bool) -> list[tuple[str, ...]]:
    """The names the brief a claim cites must hold, each with its other spellings (aliases.aliases): the question's
    names (`named`: text.names and the glossary's) that the claim repeats and the index knows in some spelling.

    An English claim over Chinese sources translates names (Nvidia for 英伟达, the Competition Commission of India
    for 印度竞争委员会): only the glossary's names are checked there, the question's or not ("Nvidia reported…"
    citing 星环科技's brief)."""
    if idf is None:
        return []
    unknown = idf("\uffff")  # the idf of a term no chunk holds
    words = set(tokenize(claim))
    cross = not english_sources and detect_lang(claim) == "en"
    out: dict[str, tuple[str, ...]] = {}
    for name in named:
        forms = aliases(name)
        if cross and len(forms) == 1:
            continue
        repeated = any((parts := _name_parts(f)) and parts <= words for f in forms)
        if not repeated or name.lower() in _NOT_NAMES:
            continue
        if any(all(idf(p) < unknown for p in parts) for f in forms if (parts := _name_parts(f))):
            out.setdefault(folded(forms[-1]), forms)
    if cross:
        out.update((folded(forms[-1]), forms) for forms in named_in(claim))
    return list(out.values())


def _name_parts(name: str) -> set[str]:
    """A name's tokens, its figures aside ("Q4", "2025" place it, they do not name it)."""
    return {t for t in tokenize(name) if not t[0].isdigit()}


_ASKS_PUBLISHED = re.compile(r"发布|发表|报道|刊登|刊发|publish|report|post", re.IGNORECASE)
# "time"/"date" in lower case only: "TIME Interconnect" is a company; "how much time" asks how long
_ASKS_WHEN = re.compile(rf"时间|几点|哪天|哪一天|什么时候|日期|何时|{EN_WHEN}|(?<![Hh]ow much )\btime\b|\bdate\b")


def asks_when_published(question: str | None) -> bool:
    """"这份纪要的发布时间是?" / "When was the story published?": the brief's own date is the answer."""
    return bool(question) and bool(_ASKS_PUBLISHED.search(question)) and bool(_ASKS_WHEN.search(question))


_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


def _month_number(word: str) -> int:
    """1-12 for a month's name or its abbreviation ("Feb.", "Sept"); 0 for no month."""
    return next((i for i, name in enumerate(_MONTHS, 1) if name.startswith(word.lower().rstrip(".")[:3])), 0)


_DATE_FORMS = re.compile(
    r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})日?(?!\d)"  # 2026-02-03, 2026年2月3日
    r"|(?<!\d)()(\d{1,2})月(\d{1,2})日"  # 2月3日
    rf"|\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?"  # February 3, 2026
    rf"|(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})(?:,?\s+(\d{{4}}))?",  # 3 February 2026
    re.IGNORECASE)


def _ymd(m: re.Match) -> tuple[int | None, int, int]:
    """(year, month, day) of a _DATE_FORMS match; no year where it writes none ("2月3日", "February 3")."""
    g = m.groups()
    if g[1]:  # numeric, with a year
        return int(g[0]), int(g[1]), int(g[2])
    if g[4]:  # 2月3日
        return None, int(g[4]), int(g[5])
    y, mon, d = (g[8], g[6], g[7]) if g[6] else (g[11], g[10], g[9])
    return (int(y) if y else None), _month_number(mon), int(d)


_CLOCK = re.compile(r"(?<!\d)(\d{1,2}):(\d\d)(?!\d)")
# A day of a month as Chinese and English write it ("3月22日", "2022-03-22", "March 22", "22 March"), a range's second day
# too ("3月21日至22日", "March 21-22"), and a day written without its month ("22日")
_MONTH_DAY = re.compile(
    r"(?<!\d)\d{4}\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?!\d)"
    r"|(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s*[-－~～—至到]\s*(\d{1,2})\s*[日号])?(?!\d)"
    rf"|\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–—]\s*(\d{{1,2}})(?!\d))?(?!\d)"
    rf"|(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–—]\s*(\d{{1,2}})(?:st|nd|rd|th)?)?\s+(?:of\s+)?({_MONTH})\b"
    r"|(?<![\d月])(\d{1,2})\s*[日号](?!\d)"
    r"|(?<![\d/])(\d{1,2})/(\d{1,2})/\d{2,4}(?![\d/])", re.IGNORECASE)  # 6/19/2020 (or 19/6/2020)


def _days(text: str) -> set[tuple[int | None, int]]:
    """The days of a month `text` names, as (month, day); (None, day) for a day it names without its month."""
    found = set()
    for m in _MONTH_DAY.finditer(text):
        g = m.groups()
        if g[0]:
            found.add((int(g[0]), int(g[1])))
        elif g[2]:
            found |= {(int(g[2]), int(d)) for d in (g[3], g[4]) if d}
        elif g[5]:
            found |= {(_month_number(g[5]), int(d)) for d in (g[6], g[7]) if d}
        elif g[10]:
            found |= {(_month_number(g[10]), int(d)) for d in (g[8], g[9]) if d}
        elif g[11]:
            found.add((None, int(g[11])))
        else:  # month first in the US, day first elsewhere
            found |= {(int(g[12]), int(g[13])), (int(g[13]), int(g[12]))}
    return found


def _days_stated(claim: str, source: str, figs: list[Figure]) -> bool:
    """Every day of a month the claim names (of those among `figs`) is one `source` names: "会议于3月22日举行" is not
    backed by "会议于3月5日举行，共有22人参加", whose 22 is no day. A day the source gives without its month ("22日")
    backs the claim's day of any month."""
    days = {f.value for f in figs if f.calendar}
    claimed = {(m, d) for m, d in _days(claim) if m is not None and d in days}
    if not claimed:
        return True
    held = _days(source)
    return all((m, d) in held or (None, d) in held for m, d in claimed)


# What says a date was changed: "NBA has locked in November 18th for the 2020 Draft", "postponed to", "改期至"
_CHANGED = re.compile(r"\b(?:locked in|moved (?:to|up|back)|postponed|rescheduled|delayed|pushed back|"
                      r"(?:now|newly) (?:set|scheduled) for|new date)\b|改期|推迟|延期|延后|提前至|调整至|改为|改至", re.IGNORECASE)


# Asked when something came out: "When was Diablo 3 released?", "What is the release date of …?"
_ASKS_RELEASE = re.compile(r"\b(?:releas\w*|launch\w*|c[ao]me out|debut\w*|premiere\w*)\b", re.IGNORECASE)
# A claim that it came out in a year: "was released May 2012", "was released for the PC and Mac versions of Diablo III
# on March 25, 2014", "launched in 2017" (what it was released for may stand between; a plan - "will be released",
# "set to release" - is no release)
_RELEASED_IN = re.compile(
    r"(?<!\bwill be )(?<!\bto be )\b(?:released|launched|came out|debuted|premiered|went on sale|hit (?:shelves|stores))"
    rf"\b(?:\s+[A-Za-z'’-]+){{0,10}}?\s+(?:(?:on|in)\s+)?(?:(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?)?"
    rf"(?:{_MONTH}\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d\d)\b", re.IGNORECASE)


def _later_releases(claims: list[str], question: str) -> list[str]:
    """Asked when something was released, the claims dating its release to a later year than another claim of the
    answer dates the same thing's: the first release is the one asked about, a later one an update's, an expansion's
    or a port's ("Xenoblade Chronicles 2 was released in 2017" and "… was released on September 13, 2018", an update's
    day). Not when the answer says the date was changed ("delayed … to December 10"): the earlier one was a plan."""
    if (not _ASKS_RELEASE.search(question) or len(_question_parts(question)) > 1
            or any(_CHANGED.search(claim) for claim in claims)):
        return []
    # of the asked thing, named whole: "The Pixel 5 was released in 2020" is no earlier release of the Pixel 6
    subject = {t for t in tokenize(question) if not _ASKS_RELEASE.fullmatch(t) and t != "date"}
    years = {claim: int(m.group(1)) for claim in claims
             if (m := _RELEASED_IN.search(claim)) and subject <= set(tokenize(claim))}
    first = min(years.values(), default=0)
    return [claim for claim, year in years.items() if year > first]


def _published(source: Source) -> tuple[int, int, int] | None:
    """The day a source was published: the dateline a search snippet opens with, or its brief's date."""
    if ((line := _DATELINE.match(source.hit.text)) and (m := _DATE_FORMS.search(line.group()))
            and (day := _ymd(m))[0] is not None):
        return day
    if m := ISO_DATE.match(source.hit.date or ""):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    return None


def _superseded(claim: str, backing: list[Source], sources: list[Source], asked: set[str]) -> bool:
    """The claim gives a day of a month that every source backing it gives before another shown source, published
    later, says the date of what the question asks about was changed to another day ("Jun 20, 2020 ... NBA Draft will
    be on October 16" against "Sep 16, 2020 ... NBA has locked in November 18th for the 2020 Draft"): the day was
    the plan, not the date."""
    days = {(m, d) for m, d in _days(claim) if m}
    if not days or not asked:
        return False
    changed = []
    for source in sources:
        body = _DATELINE.sub("", source.hit.text, count=1)
        told = {(m, d) for m, d in _days(body) if m}
        if ((day := _published(source)) and _CHANGED.search(body) and told and not told & days
                and len(set(tokenize(body)) & asked) >= min(2, len(asked))):
            changed.append(day)
    published = [_published(source) for source in backing]
    return bool(changed) and bool(published) and all(day is not None and day < min(changed) for day in published)


def without_own_date(claim: str, date: str | None) -> str:
    """`claim` with the brief's own date and time taken out: "shares rose 11.75% on February 3, 2026" places the
    fact on the day the brief reports it, which the brief's header states; its digits are not figures to find."""
    m = ISO_DATE.match(date or "")
    if not m:
        return claim
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))

    def same_day(x: re.Match) -> bool:
        y, mon, d = _ymd(x)
        return (mon, d) == (month, day) and (y is None or y == year)

    claim = _DATE_FORMS.sub(lambda x: " " if same_day(x) else x.group(0), claim)
    if m.group(4):
        clock = (int(m.group(4)), int(m.group(5)))
        claim = _CLOCK.sub(lambda x: " " if (int(x.group(1)), int(x.group(2))) == clock else x.group(0), claim)
    return claim


def stated(source: Source, with_date: bool = True) -> str:
    """What a source states: its header (title, outlet and, with_date, its date) and its chunk. The date a
    brief was published supports "when was it published?", not the date of an event it reports."""
    hit = source.hit
    date = (hit.date or "").replace("T", " ") if with_date else ""
    return "\n".join(x for x in (hit.title, hit.source, date, hit.text) if x)


_CLAUSE = re.compile(r"[;；。!?！？\n，]|(?<!\d),|,(?!\d)")
_DATE_STAMP = re.compile(r"\d{4}-\d\d-\d\d")  # a brief's publication date places no figure


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c.strip()]


# What a figure measures, by the nouns that name it. A figure the briefs give for one measure does not support a
# claim that gives it for another: "中际旭创当天A股收盘涨了128.17%" over "中际旭创:归母净利润达98亿-118亿元,同比增长
# 89.50%-128.17%" (a profit forecast read as a share move).
_MEASURES = {
    "share price": re.compile(r"股价|收盘|收报|盘后|盘前|盘中|开盘|\bshares?\b|stock price|\bclosed\b|after-hours|"
                              r"pre-market", re.IGNORECASE),
    "profit": re.compile(r"净利|利润|盈利|\bprofits?\b|net income|\bearnings\b", re.IGNORECASE),
    "revenue": re.compile(r"营收|收入|销售额|\brevenues?\b|\bsales\b", re.IGNORECASE),
    "capex": re.compile(r"资本开支|资本支出|\bcapex\b|capital (?:expenditure|spending)", re.IGNORECASE),
    "market value": re.compile(r"市值|market (?:cap|value)", re.IGNORECASE),
    "valuation": re.compile(r"估值|\bvaluations?\b|\bvalued\b", re.IGNORECASE),
    "deaths": re.compile(r"遇难|死亡|丧生|罹难|身亡|\b(?:killed|dead|deaths?|died|fatalities)\b", re.IGNORECASE),
    "injured": re.compile(r"受伤|伤者|轻伤|重伤|\binjur(?:ed|ies|y)\b", re.IGNORECASE),
    "missing": re.compile(r"失联|失踪|\bmissing\b", re.IGNORECASE),
    "evacuated": re.compile(r"转移|安置|撤离|疏散|\b(?:evacuat|relocat)\w*", re.IGNORECASE),
    "output": re.compile(r"产量|\boutput\b|\bproduction\b", re.IGNORECASE),
    "area": re.compile(r"面积|\b(?:acreage|acres|hectares)\b|\b(?:sown|planted|floor|land) area\b", re.IGNORECASE),
}


# A figure given per head, per share or per year on average is not the total: "上海2021年的GDP是2.69万美元" over "上海2021年
# 人均GDP为2.69万美元", "2021年我国工业增加值增长了6.1%" over "2013—2021年,我国工业增加值年均增长6.1%"
_PER_UNIT = re.compile(r"人均|每股|每人|年均|平均每年|复合增长|\bper[\s-](?:capita|head|person|share)\b|\beps\b|"
                       r"\b(?:average annual|annual average|annuali[sz]ed|cagr|compound annual)\b", re.IGNORECASE)


# A figure of one part of a whole: "Revenue was stagnant in Q2 2020, with $370 million from that business"
_A_PART = re.compile(r"\bfrom (?:that|this|the|its|their|each) (?:business|segment|unit|division|arm|line)\b|"
                     r"\b(?:segment|divisional)\b", re.IGNORECASE)
_DIVIDEND = re.compile(r"股息|分红|派息|派现|\bdividends?\b", re.IGNORECASE)  # paid per share, said or not


def _measures(text: str) -> set[str]:
    return {name for name, pattern in _MEASURES.items() if pattern.search(text)}


def _stating(source: str, fig: Figure) -> Iterator[tuple[list[str], int]]:
    """Each clause of `source` that states `fig`: the clauses of its sentence, and its place among them."""
    for start, end in sentence_spans(source):
        clauses = _clauses(source[start:end])
        for i, clause in enumerate(clauses):
            if supported(fig, figures(clause)):
                yield clauses, i


def _read_as(stating: list[tuple[list[str], int]], read: Callable[[str], set[str]]) -> list[set[str]]:
    """What `read` finds in each clause stating a figure (`stating`: _stating's clauses of its sentence and its
    place): in the clause itself, else in the nearest clause before it in its sentence where it finds any
    ("归母净利润达98亿元,同比增长128.17%": a profit); empty when none."""
    return [next((m for c in reversed(clauses[:i + 1]) if (m := read(c))), set()) for clauses, i in stating]


# The period a figure covers: a full year is not a quarter or a half, nor one quarter another ("2022年英特尔全年营收为
# 140.42亿美元" over "英特尔第四季度营收为140.42亿美元"); the first three quarters are none of them. A quarter or a half
# named without its number ("季度营收", "半年报") may be any.
_PERIOD_ORDER = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "first": "1", "second": "2", "third": "3",
                 "fourth": "4", "上": "1", "下": "2"}
_PERIOD = re.compile(r"(?P<months>前\s*[二两三]\s*季度|\bfirst\s+(?:nine|six)\s+months\b|前\s*[三六九]\s*个?月)"
                     r"|(?P<quarter>第?\s*(?P<q>[一二三四1-4])\s*季度|\bQ(?P<qn>[1-4])\b|\b(?:fiscal\s+)?(?P<qw>first|second|"
                     r"third|fourth)[\s-]+quarter\b|季度|\bquarter(?:ly)?\b)"
                     r"|(?P<half>(?P<h>[上下])半年|\b(?P<hw>first|second)\s+half\b|\bH(?P<hn>[12])\b|(?<!全)半年)"
                     r"|(?P<year>全年|(?<!半)年度|\bfull[\s-]year\b|\bannual\b|\bfiscal\s+year\b|\bwhole\s+year\b)",
                     re.IGNORECASE)


def _periods(text: str) -> set[str]:
    """The periods `text` names: "year", "q1".."q4" ("q": a quarter of no number), "h1"/"h2" ("h"), "months"."""
    found = set()
    for m in _PERIOD.finditer(text):
        kind = m.lastgroup if m.lastgroup in ("months", "year") else "quarter" if m.group("quarter") else "half"
        number = next((g for g in (m.group("q"), m.group("qn"), m.group("qw"), m.group("h"), m.group("hw"),
                                   m.group("hn")) if g), None)
        order = _PERIOD_ORDER.get(number.lower(), number) if number else ""
        found.add({"quarter": "q", "half": "h"}.get(kind, kind) + ("" if kind in ("months", "year") else order))
    return found


def _other_period(claimed: set[str], text: str | set[str]) -> bool:
    """`text` (or the periods it names) and the `claimed` periods both name one, and none the same: "全年" and "第四季度",
    "q3" and "q4"; "季度" is any quarter."""
    named = _periods(text) if isinstance(text, str) else text
    return bool(claimed and named) and not any(
        a == b or a[0] == b[0] and a[0] in "qh" and (len(a) == 1 or len(b) == 1) for a in claimed for b in named)


_COUNTER = "个名位家项条座所种只件次人席"


def _count_cut(source: str, fig: Figure, claim: str) -> bool:
    """The Chinese claim says what the figure counts ("有30个议席") and the source gives the figure only where a
    snippet's gap or its end cuts off what follows ("…功能团体界别选举的30个 ..."): what it counts is unstated."""
    number = re.escape(fig.raw)
    if not re.search(rf"(?<![\d.]){number}\s*[{_COUNTER}]?\s*[\u4e00-\u9fff]{{2}}", claim):
        return False
    ends = [m.end() for m in re.finditer(rf"(?<![\d.]){number}(?![\d.])", source)]
    return bool(ends) and all(re.match(rf"\s*[{_COUNTER}]?\s*(?:\.\.\.|…|$)", source[end:]) for end in ends)


_COUNTED_NOUN = re.compile(rf"\s*(?:{'|'.join(CN_MEASURES)}|[{_COUNTER}])?\s*([\u4e00-\u9fff]+)")


def _counted_word(text: str, fig: Figure) -> str | None:
    """The Chinese word `text` writes right after `fig` and its measure word: what it counts ("7436名本科生": 本科生,
    "31个省": 省, "13块金牌": 金牌); None when there is none."""
    at = _written_at(text, fig)
    m = _COUNTED_NOUN.match(text, at[0] + len(fig.raw)) if at else None
    return max((t for t in tokenize(m.group(1)) if m.group(1).startswith(t)), key=len, default=None) if m else None


def _counted_elsewhere(source: str, fig: Figure, claim: str, claim_clause: str) -> bool:
    """The Chinese claim's clause stating `fig` says what it counts ("录取了884名本科生": 本科生) and no sentence of the
    source stating the figure names that ("择优拟录取推免生884名": postgraduates)."""
    if not fig.counted or fig.calendar or detect_lang(claim) != "zh":
        return False
    counted = _counted_word(claim_clause, fig)
    spans = [source[a:b] for a, b in sentence_spans(source) if supported(fig, figures(source[a:b]))]
    return bool(counted and spans) and not any(counted in folded(span) for span in spans)


def _counts_another(clause: str, rival: Figure, claim: str, fig: Figure) -> bool:
    """A rival clause's figure counts a thing sharing no character with what the claim's count (one with a measure
    word: 名, 人, …) counts: "录取的本科生来自31个省" is no rival to "录取了7436名本科生" (provinces, not students);
    "31名学生" would be."""
    if not fig.counted or fig.calendar or rival.calendar:
        return False
    theirs, ours = _counted_word(clause, rival), _counted_word(claim, fig)
    return bool(theirs and ours) and not set(theirs) & set(ours)


# A year a figure is compared with: "人口出生率为6.77‰，比2021年下降0.75个千分点" gives no 2021 rate
_BASE_YEAR = re.compile(r"(?:比|较|相比|相较)\s*(?:19|20)\d\d\s*年?|(?:与|同|和)\s*(?:19|20)\d\d\s*年?(?:同期)?(?:相比|相较)"
                        r"|\b(?:than|compared\s+(?:with|to)|versus|vs\.?)\s+(?:in\s+)?(?:19|20)\d\d\b", re.IGNORECASE)


def _leading(clause: str, fig: Figure) -> str:
    """A Chinese clause up to `fig` where a year comes before it there: the year that places a Chinese figure leads it
    ("题：2021年CPI上涨0.9% 2022年物价走势如何？" gives 0.9% for 2021, not 2022); else the whole clause ("rose 0.9% in
    2022")."""
    if detect_lang(clause) != "zh":
        return clause
    at = next((clause.find(g.raw) for g in figures(clause) if not g.is_year and supported(fig, [g])), -1)
    return clause[:at] if at > 0 and _placing_years(clause[:at]) else clause


# A number in a name: "iPhone 11", "Pixel 6", "Season 4" (not "11%", "11.5", "11,000")
_NAME_NUMBER = re.compile(r"\b([A-Za-z][\w'’-]*)\s+(\d{1,3})(?![\d.,]*\d|\s*%)\b")


def _names_number(fig: Figure, claim: str, source: str, name_numbers: set[tuple[str, str]]) -> bool:
    """`fig` is the number of a name the question gives, which the claim and the source both write ("iPhone 11"): part
    of what it is about, not a figure it states, so no year the source's clause names ("Jun 4, 2023 ... iPhone 11: Key
    Takeaways · The iPhone 11, released on September 20, 2019") places it."""
    return any(number == fig.raw and all(re.search(rf"\b{re.escape(word)}\s+{number}\b", text, re.IGNORECASE)
                                         for text in (claim, source))
               for word, number in name_numbers)


def _placing_years(text: str) -> set[str]:
    """The years `text` names, but those a figure is compared with."""
    return set(_YEAR_IN_TEXT.findall(_BASE_YEAR.sub(" ", text)))


# An English sentence's opening phrase, before the clause it belongs to: "With 4:51 left in regulation, …"
_OPENING = re.compile(r"\s*(?:with|after|before|in|on|at|during|by|following|since|until|through|as of)\b",
                      re.IGNORECASE)


def _states(source: str, fig: Figure, claim: str, idf: Callable[[str], float] | None,
            years: set[str] = frozenset(), asked: set[str] = frozenset()) -> bool:
    """The source states `fig`, and not for something else: when a clause binding another figure matches
    the claim's rare terms better than every clause stating `fig` ("汇聚科技涨11.75%, …, 剑桥科技涨1.71%"
    does not support "汇聚科技涨1.71%"), the claim misattributes the figure. A stating clause is read with
    the lead clause of its sentence ("高盛上调DRAM涨幅预测,预计环比涨幅将高达90%—95%") and the clauses before it
    that bind no figure ("2011年，邹游被…引进，身披10号球衣"); for an English claim over a Chinese source, where only
    names can match, with its whole sentence. A clause giving only a date or time is no rival to an amount
    ("投票于12月19日23时结束" vs "90个议席").

    A claim about `years` (those it names) is not supported by a figure whose every stating sentence names
    other years only ("2022年特斯拉交付量为93.62万辆" vs "特斯拉2021年交付93.62万辆"), nor a claim naming a measure
    (_MEASURES: "收盘涨了128.17%") by a figure whose every stating clause gives it for another ("净利润…增长128.17%"),
    nor a claim about one company by a figure every stating clause gives for another (_given_for_another)."""
    if not supported(fig, figures(source)):
        return False
    if fig.is_year:  # a year places the claim; it is not the figure being claimed
        return True
    claim_clause = next((c for c in _clauses(claim) if supported(fig, figures(c))), claim)
    if _count_cut(source, fig, claim) or _counted_elsewhere(source, fig, claim, claim_clause):
        return False
    if years:
        # the years of the clause stating the figure, else of its sentence ("以2021年的交付量93.62万辆计算，2022年
        # …需要超过140万辆"), else the last year named before it (a publication date names none)
        named, last = [], set()
        for a, b in sentence_spans(source):
            if supported(fig, figures(source[a:b])):
                stating = [_leading(c, fig) for c in _clauses(source[a:b]) if supported(fig, figures(c))]
                named.append(_placing_years(" ".join(stating)) or _placing_years(source[a:b]) or last)
            last = _placing_years(_DATE_STAMP.sub("", source[a:b])) or last
        if named and all(ys and not ys & years for ys in named):
            return False
    stated = list(_stating(source, fig))  # each clause stating the figure, read by the checks below
    if (asserted := _measures(claim_clause)) and (measured := _read_as(stated, _measures)) and all(
            m and not m & asserted for m in measured):
        return False  # every clause stating the figure says it measures something else
    if not _PER_UNIT.search(claim_clause) and not _DIVIDEND.search(claim_clause) and stated and all(
            _PER_UNIT.search(clauses[i]) for clauses, i in stated):
        return False  # every clause stating the figure gives it per head, per share or per year: "人均GDP为2.69万美元"
    if not _A_PART.search(claim_clause) and stated and all(_A_PART.search(clauses[i]) for clauses, i in stated):
        return False  # every clause stating the figure gives it for a part: "…, with $370 million from that business"
    period = set().union(*_read_as(list(_stating(claim, fig)), _periods))
    if period and (covered := _read_as(stated, _periods)) and all(_other_period(period, c) for c in covered):
        return False  # every clause stating the figure gives it for another period
    claim_names = names(claim_clause)
    if _given_for_another(source, stated, claim_clause, claim_names):
        return False  # every clause stating the figure gives it for another company
    terms = {t: (1.0 if idf is None else idf(t)) for t in tokenize(claim_clause) if not t[0].isdigit()}
    terms = {t: w for t, w in terms.items() if idf is None or w >= 2.0}
    if not terms:
        return True
    named = {t for name in claim_names for t in tokenize(name)}
    cross_lingual = detect_lang(claim) == "en" and detect_lang(source) == "zh"
    claimed = figures(claim)

    def weight(words: set[str]) -> tuple[float, float]:
        """Names first: "闪迪暴涨超15%" states the claim "闪迪隔夜股价涨了15%" better than "指数涨1.7%" does,
        although the latter shares the verb."""
        shared = [(t, w) for t, w in terms.items() if t in words]
        return sum(w for t, w in shared if t in named), sum(w for _, w in shared)

    stating, other = (0.0, 0.0), (0.0, 0.0)
    for start, end in sentence_spans(source):
        clauses = _clauses(source[start:end])
        context = set(tokenize(source[start:end] if cross_lingual else clauses[0])) if clauses else set()
        carried: set[str] = set()  # the clauses since the last one binding a figure: "2011年，邹游被…引进，身披10号球衣"
        for i, clause in enumerate(clauses):
            words = set(tokenize(clause))
            bound = [f for f in figures(clause) if not f.is_year]
            own = [f for f in bound if f.percent == fig.percent and (fig.calendar or not f.calendar)]
            if supported(fig, own):  # a date is no rival to an amount: "于12月19日23时结束" vs "90个议席"
                # an opening phrase is read with the clause it opens: "With 4:51 left in regulation, Carolina got the
                # ball on their own 24-yard line"
                opens = i == 0 and len(clauses) > 1 and _OPENING.match(clause)
                opened = set(tokenize(clauses[1])) if opens else set()
                stating = max(stating, weight(words | context | carried | opened))
            elif (own and not all(supported(f, claimed) for f in own) and not _other_period(period, clause)
                  and not (cross_lingual and detect_lang(clause) == "en")
                  and not all(_counts_another(clause, f, claim_clause, fig) for f in own)):
                # a clause the claim also quotes, or of another period, is no rival; nor, for an English claim over a
                # Chinese source, an English one ("Super Bowl 50", its title): only its words can match the claim's.
                # There a rival's Latin word that the question gives counts for nothing: the stating clause writes the
                # question's "Summer Theatre" as 夏季剧院, the rival keeps "(Wojciech Bogusławski Theatre)" in Latin
                other = max(other, weight(words - asked if cross_lingual else words))
            carried = set() if any(not f.calendar for f in bound) else carried | words
    return other <= stating


# Who a Chinese clause says it has its figure from: "依据美国地质调查局资料" names the USGS, not the country measured
_ATTRIBUTION_ZH = re.compile(r"(?:依据|根据|据)[^，,。；;]{1,20}?(?:资料|数据|消息|报道|统计|测定|显示|称|介绍|公布)")


def _given_for_another(source: str, stated: list[tuple[list[str], int]], claim_clause: str,
                       claim_names: list[str]) -> bool:
    """Whether every clause of `source` stating a figure (`stated`: _stating's), read with the lead clause of its
    sentence, names a company or institution of the glossary (aliases.ORGANISATIONS) and none of the claim clause's
    names, which the source names elsewhere: "Meta 2025年第四季度资本开支达7,375亿美元" from a brief about Meta whose
    only clause stating it is "微软2025年第四季度资本开支达7,375亿美元"; or names a country (aliases.COUNTRIES_ZH) and none of the claim clause's
    countries: "美国2021年GDP增长4.0%" from "2021年第四季度中国GDP同比增长4.0%". A claim naming nothing the source
    names, and no country, is left to the other checks. `claim_names`: text.names of the claim clause."""
    claimed = [*named_in(claim_clause), *(aliases(name) for name in claim_names)]
    present = [forms for forms in claimed if names_one_of(forms, source)]
    asked = countries_in(claim_clause)
    if not present and not asked:
        return False
    stating = [clauses[i] if i == 0 else clauses[0] + clauses[i] for clauses, i in stated]
    if not stating:
        return False
    for_company = bool(present) and all(
        named_in(clause, people=False) and not any(names_one_of(forms, clause) for forms in present) for clause in stating)
    for_country = bool(asked) and all((found := countries_in(_ATTRIBUTION_ZH.sub(" ", clause))) and not found & asked
                                      for clause in stating)
    return for_company or for_country


def _corrected(claim: str, sources: list[Source], idf: Callable[[str], float] | None) -> str | None:
    """`claim` with its one figure that none of `sources` states replaced by the figure of the same kind (percent or
    not, currency, span of time) that the clause best matching the claim's words gives, when that clause is one of
    a source in the claim's language, names at least half of the claim's word weight, matches better than any
    other clause, and gives one figure of that kind, one the claim does not give already; else None."""
    amounts = [f for f in figures(claim) if not f.is_year and not f.calendar]
    unstated = [f for f in amounts if not any(supported(f, figures(stated(s))) for s in sources)]
    if len(unstated) != 1 or len(at := _written_at(claim, unstated[0])) != 1:
        return None
    wrong, lang = unstated[0], detect_lang(claim)
    terms = {t: (1.0 if idf is None else idf(t)) for t in tokenize(claim) if not t[0].isdigit()}
    total = sum(terms.values())
    scored = []  # (weight of the claim's words it names, the clause's figures of the wrong one's kind)
    for source in sources:
        if detect_lang(source.hit.text) != lang:  # across languages only names match: no clause can be told best
            continue
        for start, end in sentence_spans(source.hit.text):
            for clause in _clauses(source.hit.text[start:end]):
                words = set(tokenize(clause))
                kind = [f for f in figures(clause) if not f.is_year and not f.calendar and f.percent == wrong.percent
                        and f.currency == wrong.currency and f.duration == wrong.duration
                        and (not f.counted or not wrong.counted or f.counted == wrong.counted)]
                scored.append((sum(w for t, w in terms.items() if t in words), kind))
    scored.sort(key=lambda x: -x[0])
    if not scored or not total or scored[0][0] < 0.5 * total or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    kind = scored[0][1]
    if len(kind) != 1 or supported(kind[0], amounts):  # "市值20亿港元,报17.12港元": the price is no value
        return None
    return claim[:at[0]] + kind[0].raw + claim[at[0] + len(wrong.raw):]


# A Chinese list of three or more names after what introduces it: "主演有姚晨、常远、庄达菲、李俊墨"
_NAME_LIST = re.compile(r"(?:有|是|包括|为|[:：])((?:[^、，,。；;:：]{1,12}、){2,}[^、，,。；;:：]{1,12}?)(?=等|[。，,；;]|$)")


def _list_held(claim: str, held: str) -> str | None:
    """A Chinese `claim` listing names with those its cited briefs (`held`: _bare text) do not give left out, when
    they give at least two and half of them: "主演有姚晨、常远、庄达菲、李俊墨" over a brief naming the first three ->
    "主演有姚晨、常远、庄达菲"; else None."""
    m = _NAME_LIST.search(claim)
    if not m or detect_lang(claim) != "zh":
        return None
    items = m.group(1).split("、")
    kept = [item for item in items if _bare_form(item) in held]
    if len(kept) < max(2, len(items) / 2) or len(kept) == len(items):
        return None  # most of a list its briefs do not hold is no list of theirs
    return claim[:m.start(1)] + "、".join(kept) + claim[m.end(1):]


def _written_at(claim: str, fig: Figure) -> list[int]:
    """Where `claim` writes `fig` as its raw text, not inside a longer number: "$3 billion" in "…fined $3 billion."
    (a sentence's stop is no decimal point), not in "$13 billion" or "$3.5 billion"."""
    return [m.start() for m in re.finditer(rf"(?<![\d.$]){re.escape(fig.raw)}(?!\.?\d)", claim)]


def _in_stated_currency(claim: str, sources: list[Source]) -> str | None:
    """An English `claim` with its one amount that no source states written in the currency a source states its number
    in, when one currency does: "$2.13 billion" over "21.3亿印度卢比" is "2.13 billion Indian rupees" (a conversion
    would change the number: the same number in another currency is the currency mislabelled); else None."""
    if detect_lang(claim) != "en":
        return None
    held = [f for s in sources for f in figures(stated(s))]
    moved = [f for f in figures(claim) if f.currency and not supported(f, held)]
    if len(moved) != 1:
        return None
    wrong = moved[0]
    codes = {f.currency for f in held if f.currency and f.currency != wrong.currency
             and supported(replace(wrong, currency=None), [replace(f, currency=None)])}
    at = _written_at(claim, wrong)
    if len(codes) != 1 or len(at) != 1 or supported(replace(wrong, currency=(code := codes.pop())), figures(claim)):
        return None  # "2.13 billion Indian rupees, about $2.13 billion": the stated one is there, the aside goes
    return claim[:at[0]] + english_amount_in(wrong.value, code) + claim[currency_end(claim, at[0] + len(wrong.raw)):]


# An amount, not a bare number: "22亿美元", "8.09%", "$2.2 billion" pick a list's entry; "20th", "Season 17" do not
_AMOUNT = re.compile(r"[万亿]|illion|\b(?:bn|mn|tn)\b", re.IGNORECASE)
# Where one entry of a list ends and the next begins: "例如Surge AI(去年估值250亿美元)、Turing(估值22亿美元)以及Mercor.io…"
_ENTRY_BREAK = re.compile(r"[、,，;；]|以及|\band\b")


def _entry_name(entry: str) -> str | None:
    """An entry's name as written, before its figure: the run of names ending with the last one there, joined by
    spaces only ("例如Surge AI(去年估值250亿美元)" -> "Surge AI", "Optical stocks rallied: Lumentum rose 11.75%" ->
    "Lumentum")."""
    head = re.split(r"[(（]|\d", entry, maxsplit=1)[0]
    found = names(head)
    if not found:
        return None
    end = head.rfind(found[-1])
    start, stop = end, end + len(found[-1])
    for name in reversed(found[:-1]):
        at = head.rfind(name, 0, start)
        if at < 0 or head[at + len(name):start].strip():
            break
        start = at
    return head[start:stop]


def _entry_of_another(claim: str, source: str, anchors: list[Figure], asked: set[str]) -> tuple[str, str] | None:
    """When the question picks a list entry by its figure (`anchors`: "估值22亿美元的初创公司是哪家?") and `source` lists
    the claim's answer name only in entries stating another figure ("Surge AI(去年估值250亿美元)、Turing(估值22亿美元)"):
    (the name as that entry writes it, the name of the entry stating the question's figure or "" when not one
    name); ("", "") when `source` does not state the question's figure at all (another chunk naming Surge AI picks
    nothing); None when the claim's answer name is not misplaced."""
    claimed = [n for n in names(claim) if not set(tokenize(n)) <= asked] if anchors else []
    if not claimed:
        return None
    if not any(supported(a, figures(source)) for a in anchors):
        return "", ""
    wrong, right = None, set()
    for start, end in sentence_spans(source):
        entries = [e for e in _ENTRY_BREAK.split(source[start:end]) if e.strip()]
        anchored = [e for e in entries if any(supported(a, figures(e)) for a in anchors)]
        for entry in entries if anchored else []:
            names_it = any(n in entry for n in claimed)
            if entry in anchored:
                if names_it:
                    return None  # the claim names the entry the question's figure picks
                if name := _entry_name(entry):
                    right.add(name)
            elif names_it and wrong is None and any(not f.is_year and not f.calendar for f in figures(entry)):
                wrong = _entry_name(entry) or ""
    if wrong is None:
        return None
    return wrong, right.pop() if len(right) == 1 else ""


def _entry_renamed(claim: str, source: str, anchors: list[Figure], asked: set[str]) -> str | None:
    """`claim` with a misplaced entry's name (_entry_of_another) replaced by the name of the entry the question's
    figure picks, when the claim writes the wrong name once and the right one is a single name; else None."""
    found = _entry_of_another(claim, source, anchors, asked)
    if not found or not all(found) or claim.count(found[0]) != 1:
        return None
    return claim.replace(found[0], found[1])


_CLAUSE_BREAK = re.compile(r"[,，;；](?!\s*\d)\s*")  # not a thousands comma, nor one before a year ("June 19, 2020")


def _stated_lead(claim: str, backed: Callable[[str], tuple | None], question: str | None = None
                 ) -> tuple[tuple[str, tuple], str] | None:
    """The longest leading run of `claim`'s clauses that states a figure of its own, or for a question asking a name
    names one the question does not ("The new CEO of Vanguard is Tim Buckley, born in Boston…"), and is backed, with
    the rest: ((lead, its backing), rest); None when there is no such lead."""
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(claim)]
    stop = claim[-1] if claim[-1:] in _STOPS else ""
    names_asked = question is not None and _asks_name(question)
    for end in reversed(breaks):
        lead = claim[:end].strip()
        if ((has_figure(lead) or names_asked and not _names_none(_past_first_word(lead), question))
                and (backing := backed(lead + stop)) is not None):
            return (lead + stop, backing), claim[end:].lstrip(",，;； ")
    return None


def _past_first_word(text: str) -> str:
    """An English `text` without its first word, which a capital letter does not make a name ("However", "Based");
    Chinese text whole."""
    return text.split(maxsplit=1)[-1] if detect_lang(text) == "en" else text


def joined_sources(sources: list[Source], more: list[Source]) -> tuple[list[Source], dict[int, int]]:
    """`sources` and those of `more` whose chunk they lack, numbered on from the last; and the number each of `more`
    now has (a chunk already in `sources` keeps its number there)."""
    number = {s.hit.chunk_id: s.n for s in sources}
    last = max(number.values(), default=0)
    joined, renumber = list(sources), {}
    for source in more:
        if source.hit.chunk_id not in number:
            last += 1
            number[source.hit.chunk_id] = last
            joined.append(replace(source, n=last, same_as=None))
        renumber[source.n] = number[source.hit.chunk_id]
    return joined, renumber


def without(sources: list[Source], dropped: set[int]) -> list[Source]:
    """`sources` less the numbers in `dropped`, numbered again from 1; a brief's first source left shows its header."""
    out: list[Source] = []
    first: dict[str, int] = {}  # doc_id -> the number of its first source left
    for source in (s for s in sources if s.n not in dropped):
        n = len(out) + 1
        out.append(replace(source, n=n, same_as=first.get(source.hit.doc_id)))
        first.setdefault(source.hit.doc_id, n)
    return out


def renumbered(text: str, number: dict[int, int]) -> str:
    """A checked text's [n] marks under the numbers `number` gives them."""
    return re.sub(r"\[(\d+)\]", lambda m: f"[{number.get(int(m.group(1)), int(m.group(1)))}]", text)


def _with_marks(claim: str, numbers: list[int], lang: str) -> str:
    """Marks go before the sentence's final stop: "…美元[1]。", "… billion [1]."."""
    marks = "".join(f"[{n}]" for n in numbers)
    body, stop = (claim[:-1], claim[-1]) if claim[-1:] in _STOPS else (claim, "")
    return f"{body}{marks}{stop}" if lang == "zh" else f"{body} {marks}{stop}"


_REPEAT = 0.7  # share of two sentences' words they have in common above which the second repeats the first


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def unfinished(text: str) -> str:
    """What follows the last finished sentence of `text` (its trailing marks belong to it): the part a reply
    cut at the token limit left half-said ("…to uphold the competition committee's"); "" when it ends finished."""
    ends = [m.end() for m in re.finditer(rf"(?:[。!?！？]|\.(?=\s*$|\s*[\[【]|\s+[A-Z0-9\u4e00-\u9fff\"“]))"
                                         rf"(?:\s*{MARK})*", text)]
    return text[ends[-1]:] if ends and text[ends[-1]:].strip() else ""


def _has_words(text: str) -> bool:
    return bool(re.search(r"[\w\u4e00-\u9fff]", text))


def _closest(claim: str, sources: list[Source]) -> int:
    words = set(tokenize(claim))
    overlap = [(len(words & set(tokenize(stated(s)))), -s.n) for s in sources]
    return -max(overlap)[1]
