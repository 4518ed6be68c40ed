"""Figures in text: find them, normalise their units, and restate Chinese amounts in English.

Small models get Chinese units wrong (570亿美元 came out as "$570 billion": 亿 is 10^8), so an English answer
is prompted with sources whose amounts are already restated ("$57 billion"), and every figure of an answer
is checked against its cited chunks by value, not by spelling.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

CN_UNITS = {"万亿": 1e12, "亿": 1e8, "万": 1e4}
EN_UNITS = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6,
            "thousand": 1e3, "k": 1e3}
CURRENCIES = {"美元": ("$", ""), "港元": ("HK$", ""), "港币": ("HK$", ""), "印度卢比": ("", " Indian rupees"),
              "卢比": ("", " rupees"), "人民币": ("", " yuan"), "元": ("", " yuan"), "欧元": ("€", ""),
              "日元": ("", " yen"), "英镑": ("£", "")}

# the Latin words restate_in_english writes: not names when an answer repeats them
UNIT_WORDS = set(EN_UNITS) | {w.lower() for _, suffix in CURRENCIES.values() for w in suffix.split()} | {"us", "hk"}

_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# "1150亿美元", "21.3亿印度卢比", "1,150亿", "375亿美元" (a Chinese unit is what makes it worth restating)
_CN_AMOUNT = re.compile(_NUM + r"\s*(万亿|亿|万)(" + "|".join(sorted(CURRENCIES, key=len, reverse=True)) + ")?")
# any figure: optional currency sign, number, optional unit word / Chinese unit / percent ("$135 billion之间":
# a unit word may run straight into Chinese text, so it ends where Latin letters do, not at a \b)
_FIGURE = re.compile(r"(?<![A-Za-z0-9.])(?<!\d,)(US\$|HK\$|\$|€|£)?\s?" + _NUM +
                     r"(?:\s?(%|万亿|亿|万|trillion|billion|million|thousand|tn|bn|mn)(?![A-Za-z])|\s?(%|万亿|亿|万))?",
                     re.IGNORECASE)
# "1,150至1,350亿美元": the unit after the second number belongs to the first too
_CN_RANGE = re.compile(_NUM + r"\s*(至|到|~|～|-|–|—)\s*" + _NUM + r"\s*(万亿|亿|万)(" +
                       "|".join(sorted(CURRENCIES, key=len, reverse=True)) + ")?")
# The currency an amount is in, by the sign before it or the word after it: "21.3亿印度卢比" and "$2.13 billion"
# are the same number but not the same amount.
_SIGNS = {"us$": "USD", "$": "USD", "hk$": "HKD", "€": "EUR", "£": "GBP"}
_CURRENCY_WORDS = {"美元": "USD", "港元": "HKD", "港币": "HKD", "印度卢比": "INR", "卢比": "INR", "人民币": "CNY",
                   "元": "CNY", "欧元": "EUR", "日元": "JPY", "英镑": "GBP", "hong kong dollars": "HKD",
                   "us dollars": "USD", "dollars": "USD", "usd": "USD", "hkd": "HKD", "indian rupees": "INR",
                   "rupees": "INR", "inr": "INR", "yuan": "CNY", "rmb": "CNY", "cny": "CNY", "euros": "EUR",
                   "eur": "EUR", "yen": "JPY", "jpy": "JPY", "pounds": "GBP", "gbp": "GBP"}
_CURRENCY_ALTERNATIVES = "|".join(sorted(map(re.escape, _CURRENCY_WORDS), key=len, reverse=True))
_CURRENCY_AFTER = re.compile(rf"\s?({_CURRENCY_ALTERNATIVES})(?![A-Za-z])", re.IGNORECASE)
_CURRENCY_NAMED = re.compile(rf"(?<![A-Za-z])({_CURRENCY_ALTERNATIVES})(?![A-Za-z])|(US\$|HK\$|\$)", re.IGNORECASE)
# The span of time a count measures: "2天" and "2 hours" are both 2, but not the same figure
_DURATIONS = {"天": "day", "day": "day", "days": "day", "小时": "hour", "个小时": "hour", "hour": "hour",
              "hours": "hour", "hrs": "hour", "分钟": "minute", "minute": "minute", "minutes": "minute",
              "mins": "minute", "秒": "second", "秒钟": "second", "second": "second", "seconds": "second",
              "周": "week", "个星期": "week", "星期": "week", "week": "week", "weeks": "week", "个月": "month",
              "month": "month", "months": "month", "年": "year", "year": "year", "years": "year"}
# What a count counts, by the measure word after it: "5.02亿人" (drivers) is not "5.02亿辆" (vehicles). Words counting
# the same things share a kind (人/名/位; 枚/块 medals; 家/所 for a hospital; 场/次 for a match; 分 a score's points, so
# "以 11 分领先" counts no players); 个, which counts anything,
# names none, nor do words that count several kinds of thing (部 and 台 a phone, 部 a film too; 款, 套).
_COUNTED = {"人次": "person", "人": "person", "名": "person", "位": "person", "people": "person", "persons": "person",
            "players": "person",
            "辆": "vehicle", "vehicles": "vehicle", "cars": "vehicle", "架": "aircraft", "艘": "ship", "ships": "ship",
            "家": "body", "所": "body", "companies": "body", "firms": "body", "户": "household", "households": "household",
            "枚": "medal", "块": "medal", "medals": "medal", "吨": "ton", "tons": "ton", "tonnes": "ton",
            "公里": "km", "千米": "km", "km": "km", "kilometers": "km", "kilometres": "km", "平方米": "m2", "平米": "m2",
            "亩": "mu", "公顷": "hectare", "hectares": "hectare", "公斤": "kg", "千克": "kg", "kg": "kg", "票": "vote",
            "votes": "vote", "席": "seat", "seats": "seat", "岁": "age", "倍": "multiple", "届": "edition",
            "篇": "article", "座": "building", "件": "item", "项": "item", "场": "times", "次": "times", "times": "times",
            "分": "point", "points": "point", "pts": "point"}
# the words a measure word starts that count nothing: "3部门" (departments), "票房", "所以", "位数", "名额", "分钟", "三分之一"
_NOT_COUNTED = {"票": "房", "所": "以有", "位": "数", "名": "额义", "人": "民", "分": "钟之别"}
_COUNTED_AFTER = re.compile(r"\s?(" + "|".join(
    re.escape(w) + (f"(?![{_NOT_COUNTED[w]}])" if w in _NOT_COUNTED else "")
    for w in sorted(_COUNTED, key=len, reverse=True)) + r")(?![A-Za-z])", re.IGNORECASE)
_SPAN_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1, "day": 24, "week": 168, "year": 8766,
               "month": 8766 / 12}
_DURATION_AFTER = re.compile(r"\s?(" + "|".join(sorted(map(re.escape, _DURATIONS), key=len, reverse=True))
                             + r")(?![A-Za-z])", re.IGNORECASE)
_CITATION = re.compile(r"[\[【]\s*\d+(?:\s*[,，、]\s*\d+)*\s*[\]】]")
# A part of a date or a clock time, not an amount: "12月19日23时", "Dec. 19", "14:56", "2026-02-03"
_CALENDAR_AFTER = re.compile(r"\s?(?:月|日|号|时)|:\d")
# A rank or a place in a series: "第78任", "第 3 名", "78th", "21st"
_ORDINAL_BEFORE = re.compile(r"第\s?$")
_ORDINAL_AFTER = re.compile(r"(?:st|nd|rd|th)\b", re.IGNORECASE)
# A map position is read like a date: "北纬37.174度" places something, it is no amount
_POSITION_BEFORE = re.compile(r"(?:北纬|南纬|东经|西经|纬度|经度)\s*$|\b(?:latitude|longitude)\s*(?:of\s*)?$", re.IGNORECASE)
_CALENDAR_BEFORE = re.compile(r"(?:\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG"
                              r"|SEP|OCT|NOV|DEC)[a-z]*\.?\s|\d:|\b(?:19|20)\d\d[-/](?:\d\d?[-/])?)$")  # "2026-02-03"


# A count written in Chinese numerals before a measure word: "四次迫使掉球", "两人", "二十四次", "三个月" (not "第四次", an
# ordinal; not "数十人", "几十人", dozens; not a lone 一, which is as often "a": "一名优秀的工程师")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_TENS = {"十": 10, "百": 100, "千": 1000}
# the Chinese measure words of counts and spans, longest first ("人次" before "人")
CN_MEASURES = sorted({w for w in (*_COUNTED, *_DURATIONS) if not w.isascii()} | {"个"}, key=len, reverse=True)
_CN_COUNT = re.compile(r"(?<![第数几零〇一二两三四五六七八九十百千万亿])"
                       r"((?:[二两三四五六七八九十]|一(?=[十百千]))[零〇一二两三四五六七八九十百千]*)"
                       rf"(?=\s?(?:{'|'.join(CN_MEASURES)}))")


def _cn_number(numeral: str) -> float:
    """"二十四" -> 24, "十一" -> 11, "一百零八" -> 108, "两千" -> 2000."""
    total, digit = 0, 0
    for char in numeral:
        if char in _CN_TENS:
            total, digit = total + (digit or 1) * _CN_TENS[char], 0
        else:
            digit = _CN_DIGITS[char]
    return float(total + digit)


@dataclass(frozen=True, slots=True)
class Figure:
    value: float  # in base units: "1150亿" -> 1.15e11, "$115 billion" -> 1.15e11, "11.75%" -> 11.75
    percent: bool
    raw: str
    currency: str | None = None  # "USD", "INR", …; None when the text does not say
    duration: str | None = None  # "day", "hour", …: the span of time the figure counts ("2天", "48 hours")
    calendar: bool = False  # a part of a date, clock time or map position ("12月19日", "Dec 19", "14:56", "北纬37度")
    counted: str | None = None  # what a count counts, by its measure word: "person" for "5.02亿人", "vehicle" for "辆"
    ordinal: bool = False  # a rank or place in a series ("第78任", "78th"): it counts nothing

    @property
    def is_year(self) -> bool:
        """A bare year ("2025"): it places a fact in time; it is not the figure being stated."""
        return bool(_YEAR.match(self.raw))


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _plain(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".")


def english_amount(value: float, currency: str | None = None) -> str:
    """1.15e11, "美元" -> "$115 billion"; 2.13e9, "印度卢比" -> "2.13 billion Indian rupees"."""
    for word, scale in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if value >= scale:
            amount = f"{_plain(value / scale)} {word}"
            break
    else:
        amount = _plain(value)
    prefix, suffix = CURRENCIES.get(currency or "", ("", ""))
    return f"{prefix}{amount}{suffix}"


def english_amount_in(value: float, code: str) -> str:
    """english_amount by currency code: 2.13e9, "INR" -> "2.13 billion Indian rupees"."""
    word = next((w for w in CURRENCIES if _CURRENCY_WORDS.get(w) == code), None)
    return english_amount(value, word)


def currency_end(text: str, at: int) -> int:
    """Where the currency word that follows `at` ends (" Indian rupees", "美元"), else `at`."""
    after = _CURRENCY_AFTER.match(text, at)
    return after.end() if after else at


def _expand_ranges(text: str) -> str:
    return _CN_RANGE.sub(lambda m: f"{m.group(1)}{m.group(4)}{m.group(5) or ''}{m.group(2)}"
                                   f"{m.group(3)}{m.group(4)}{m.group(5) or ''}", text)


def restate_in_english(text: str) -> str:
    """Replace Chinese-unit amounts by their English value: "1150亿美元" -> "$115 billion"."""
    text = _expand_ranges(text)

    def repl(m: re.Match) -> str:
        return english_amount(_number(m.group(1)) * CN_UNITS[m.group(2)], m.group(3))
    return _CN_AMOUNT.sub(repl, text)


# Full-width digits and signs as Chinese text often writes them: "63％", "１１５０亿"
_FULL_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "％": "%", "．": ".", "＄": "$"})


def figures(text: str, words: bool = True) -> list[Figure]:
    """Every figure in `text` (citation marks like [2] are not figures; full-width digits and ％ read as ASCII), with
    words=True also the counts Chinese writes in numerals ("四次" is 4 times)."""
    text = _expand_ranges(_CITATION.sub(" ", text.translate(_FULL_WIDTH)))
    found = []  # (where, figure): digits and Chinese numerals, in the order the text gives them
    for m in _CN_COUNT.finditer(text) if words else ():
        span, counted = _DURATION_AFTER.match(text, m.end()), _COUNTED_AFTER.match(text, m.end())
        if not (span or counted or text.startswith("个", m.end())) or m.group(1) in ("十", "百", "千") and counted and (
                counted.group(1) == "分"):
            continue  # "三分之一", a share; "十分重要", very
        found.append((m.start(), Figure(_cn_number(m.group(1)), False, m.group(1), None,
                                        _DURATIONS[span.group(1).lower()] if span else None, False,
                                        _COUNTED[counted.group(1).lower()] if counted and not span else None)))
    for m in _FIGURE.finditer(text):
        sign, number = m.group(1), m.group(2)
        unit = (m.group(3) or m.group(4) or "").lower()
        value = _number(number)
        if unit == "%":
            found.append((m.start(), Figure(value, True, m.group(0).strip())))
            continue
        value *= CN_UNITS.get(unit, EN_UNITS.get(unit, 1.0))
        after = _CURRENCY_AFTER.match(text, m.end())
        currency = _SIGNS.get(sign.lower()) if sign else _CURRENCY_WORDS[after.group(1).lower()] if after else None
        span = None if unit or sign or _YEAR.match(number) else _DURATION_AFTER.match(text, m.end())  # not "2026年"
        calendar = not (unit or sign or span) and bool(_CALENDAR_AFTER.match(text, m.end())
                                                       or _CALENDAR_BEFORE.search(text, 0, m.start())
                                                       or _POSITION_BEFORE.search(text, 0, m.start()))
        # "第3名" ranks; it counts nothing
        ordinal = not (unit or sign or calendar) and bool(
            _ORDINAL_BEFORE.search(text, 0, m.start()) or _ORDINAL_AFTER.match(text, m.end()))
        counted = None if currency or span or calendar or ordinal else _COUNTED_AFTER.match(text, m.end())
        span = None if ordinal else span
        found.append((m.start(), Figure(value, False, m.group(0).strip(), currency,
                                        _DURATIONS[span.group(1).lower()] if span else None, calendar,
                                        _COUNTED[counted.group(1).lower()] if counted else None, ordinal)))
    return [figure for _, figure in sorted(found, key=lambda pair: pair[0])]


def supported(figure: Figure, candidates: list[Figure], rel: float = 0.006) -> bool:
    """True if some candidate has the same value (within rounding: "2.13 billion" for 21.3亿) and kind, in the
    same currency where both say which ("$2.13 billion" is not 21.3亿印度卢比); spans of time compare in hours
    where both say theirs ("2 hours" is not 2天, "48 hours" is); counts count the same kind of thing where both say
    what ("5.02亿人" is not 5.02亿辆); a rank is no amount ("第78任首相" is not "78天")."""
    for c in candidates:
        if c.percent != figure.percent:
            continue
        if c.ordinal != figure.ordinal and _amount_of_something(figure if c.ordinal else c):
            continue
        if c.currency and figure.currency and c.currency != figure.currency:
            continue
        if c.counted and figure.counted and c.counted != figure.counted:
            continue
        a, b = c.value, figure.value
        if c.duration and figure.duration:  # "48 hours" is 2天
            a, b = a * _SPAN_HOURS[c.duration], b * _SPAN_HOURS[figure.duration]
        if abs(a - b) <= rel * max(abs(a), abs(b), 1e-9):
            return True
    return False


def _amount_of_something(figure: Figure) -> bool:
    """`figure` says what it amounts to: a span of time, a count of some kind of thing, a sum of money, a share."""
    return bool(figure.duration or figure.counted or figure.currency or figure.percent)


def unsupported_figures(sentence: str, source_text: str) -> list[Figure]:
    """The figures of `sentence` that `source_text` does not state (in any unit or spelling)."""
    available = figures(source_text)
    return [f for f in figures(sentence) if not supported(f, available)]


def named_currencies(text: str) -> set[str]:
    """The currencies `text` names, with or without an amount: "罚款折合多少美元?" -> {"USD"}."""
    return {_CURRENCY_WORDS[m.group(1).lower()] if m.group(1) else _SIGNS[m.group(2).lower()]
            for m in _CURRENCY_NAMED.finditer(text)}
