"""Language detection, structure and sentence spans, and the BM25 tokenizer (jieba for Chinese).

Spans are character offsets into the text given and partition it, whitespace included: joining
`text[start:end]` over the spans in order gives back the text exactly.

The briefs' bodies are one long line with inline structure, which is why structure comes before sentences:
  `市场表现 - 光通信概念股普遍上涨,... [1] 行业驱动因素 - 微软2026财年... [1] - Meta预计2026年... [1]`
` - ` starts a bullet; a short phrase between a reference mark `[n]` (or the start) and the next bullet is a
section head. Markdown-ish forms (`**bold head**`, `* ` items, `# heading` lines, paragraph breaks) count too.
"""
from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from typing import NamedTuple

from .lexicon import common_word

log = logging.getLogger(__name__)

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HAN_CHAR = re.compile(f"[{_HAN}]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?")

# A Chinese word is ~1.5 characters, so han / (han + latin words) = 0.6 is roughly "half the words are
# Chinese". A Chinese brief naming Meta, WhatsApp and Surya Kant scores ~0.9; an English sentence with one
# Chinese name in brackets scores under 0.2 once it has ten words.
ZH_SHARE = 0.6
EN_SHARE = 0.2


def detect_lang(text: str) -> str:
    """"zh", "en" or "mixed", from the share of Han characters among Han characters plus Latin words.

    zh: share >= ZH_SHARE; en: share <= EN_SHARE or no Han at all (digits-only text is "en"); else mixed.
    """
    han = len(_HAN_CHAR.findall(text))
    if not han:
        return "en"
    share = han / (han + len(_LATIN_WORD.findall(text)))
    if share >= ZH_SHARE:
        return "zh"
    return "en" if share <= EN_SHARE else "mixed"


# ---------------------------------------------------------------------------------------------- structure

class Block(NamedTuple):
    """A structural piece of a text: a paragraph, a bullet, an item, or a section head with its first bullet."""

    start: int
    end: int
    section: str | None  # the head this block falls under (innermost, the latest one seen); None before any
    opens: bool  # True when the block starts with its section's head


class Sentence(NamedTuple):
    start: int
    end: int
    section: str | None
    opens: bool  # the first sentence of a block that opens a section: a good place to start a chunk


_HEAD_MAX = 48  # chars; the briefs' inline heads are 4-20 chars ("市场表现", "标志一:寻找具体的美元数据")
_BULLET = re.compile(r"(?:^|(?<=\s))-(?=[ \t]+\S)", re.M)
_ITEM = re.compile(r"(?:^|(?<=\s))\*(?=[ \t]+\S)", re.M)
# A standalone bold head: not a label ("**海外**:…") and followed by the end, a line end or more structure.
_BOLD_HEAD = re.compile(
    r"(?:^|(?<=\s))\*\*(?=\S)([^*\n]{1,80}?)(?<=\S)\*\*(?![:：*])(?=[ \t]*(?:$|-[ \t]|\*|#))", re.M)
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
# An inline head: anchored at the start, a line start, a reference mark or a Chinese terminator, followed by
# a bullet, an item or a bold head (checked against the markers found).
_INLINE_HEAD = re.compile(
    r"(?:^|(?<=\])|(?<=[。！？；]))[ \t]*"
    rf"(?P<head>[^\s\[\]*。！？；!?;,，#-][^\[\]*\n。！？；!?;,，]{{0,{_HEAD_MAX - 1}}}?)[ \t]+(?=-[ \t]|\*)", re.M)
_NEWLINES = re.compile(r"\n\s*")
# A single line break inside wrapped prose (long line, no sentence end, continues with a letter) joins lines.
_WRAPPED_END = re.compile(r"[A-Za-z0-9,，、;:(\-]$")
_WRAPPED_START = re.compile(r"[A-Za-z0-9(]")
_WRAP_MIN = 40
_MARKER_ONLY = frozenset({"", "-", "*"})


def structure_spans(text: str) -> list[Block]:
    """Blocks partitioning `text`, each with the section head it falls under.

    Boundaries: paragraph breaks and line breaks (not those inside hard-wrapped prose), ` - ` bullets,
    `* ` items, standalone `**bold heads**`, `# headings`, and inline heads (a short phrase after `[n]` or
    the start, before a bullet). A head and the bullet right after it form one block.
    """
    if not text:
        return []
    heads: dict[int, str | None] = {0: None}  # boundary -> head text it opens (None: plain boundary)
    markers = {m.start() for rx in (_BULLET, _ITEM) for m in rx.finditer(text)}
    bold = {m.start(): m.group(1).strip() for m in _BOLD_HEAD.finditer(text)}
    markers.update(bold)
    for m in _NEWLINES.finditer(text):
        if m.end() < len(text) and (m.group().count("\n") > 1 or not _wrapped(text, m)):
            heads.setdefault(m.end(), None)
    for pos in markers:
        heads.setdefault(pos, None)
    for pos, head in bold.items():
        heads[pos] = head
    for m in _MD_HEADING.finditer(text):
        heads[m.start() + len(m.group()) - len(m.group().lstrip())] = m.group(1).strip()
    for m in _INLINE_HEAD.finditer(text):
        marker = m.end()
        if marker not in markers:
            continue
        heads[m.start("head")] = m.group("head").strip()
        if marker not in bold:
            heads.pop(marker, None)  # the head keeps its first bullet
    blocks: list[Block] = []
    section: str | None = None
    bounds = sorted(heads)
    merged: list[int] = []
    for pos in bounds:  # "- **事件一**": a marker right before a head is one boundary, with the head
        if merged and text[merged[-1]:pos].strip() in _MARKER_ONLY:
            if heads[pos] is not None:
                heads[merged[-1]] = heads[pos]
            continue
        merged.append(pos)
    for k, start in enumerate(merged):
        end = merged[k + 1] if k + 1 < len(merged) else len(text)
        head = heads[start]
        if head is not None:
            section = head
        blocks.append(Block(start, end, section, head is not None))
    return blocks


def _wrapped(text: str, m: re.Match) -> bool:
    """Whether the single line break at `m` sits inside hard-wrapped prose (so it is no boundary)."""
    if m.group().count("\n") > 1:
        return False
    line_start = text.rfind("\n", 0, m.start()) + 1
    line = text[line_start:m.start()].rstrip()
    nxt = text[m.end():m.end() + 2]
    return (len(line) >= _WRAP_MIN and bool(_WRAPPED_END.search(line)) and bool(_WRAPPED_START.match(nxt))
            and not nxt.startswith(("- ", "* ")))


# ---------------------------------------------------------------------------------------------- sentences

_END = re.compile(r"""
    (?P<cjk>[。！？；]+)                       # Chinese terminators always end a sentence
  | (?P<bang>[!?]+)                           # ASCII ! ? when whitespace, the end or Chinese follows
  | (?P<semi>;)(?=\s|$)                       # ASCII ; before whitespace or the end
  | (?P<dot>\.)(?=[\s"'”’)）」』》】]|$)      # an ASCII full stop before whitespace, a closer or the end
  | (?P<refs>(?:\[\d{1,3}\])+)(?=\s)          # reference marks followed by whitespace end a claim
""", re.X)
_CLOSERS = re.compile(r"[\"'”’)）」』》】〕]*")
_TRAILING_REFS = re.compile(r"(?:[ \t]*\[\d{1,3}\])*")
_SPACE = re.compile(r"\s*")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
_DOTTED = re.compile(r"(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}")  # U.S, e.g, i.e, a.m, Ph.D
_ENUM_BEFORE = re.compile(r"(?:^|(?<=[\s*(（\]]))\d{1,2}$")
_ASCII_PROSE = re.compile(r"[A-Za-z0-9%$]")
# Words a full stop follows without ending the sentence (case-sensitive: "No. 1" but "say no.").
ABBREVIATIONS = frozenset("""
    Mr Mrs Ms Dr Prof Sr Jr St Mt Gen Gov Sen Rep Lt Col Capt Sgt Rev Hon Inc Ltd Co Corp Bros No Nos Vol
    Fig Figs Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec vs approx cf al est dept Ave Blvd
""".split())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans partitioning `text`; structure (bullets, heads, paragraphs) is a boundary too."""
    return [(s.start, s.end) for s in sentences(text)]


def sentences(text: str) -> list[Sentence]:
    """Sentences with the section head each falls under; spans partition `text`."""
    out: list[Sentence] = []
    for block in structure_spans(text):
        for k, (start, end) in enumerate(_split(text, block.start, block.end)):
            out.append(Sentence(start, end, block.section, block.opens and k == 0))
    return out


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans partitioning text[start:end], with no regard to structure."""
    spans = []
    pos = start
    search_from = start
    while True:
        m = _END.search(text, search_from, end)
        if m is None:
            break
        stop = m.end()
        if m.lastgroup != "refs":
            stop = _CLOSERS.match(text, stop, end).end()
        if not _ends_sentence(text, m, stop, end):
            search_from = m.end()
            continue
        stop = _TRAILING_REFS.match(text, stop, end).end()
        stop = _SPACE.match(text, stop, end).end()
        spans.append((pos, stop))
        pos = search_from = stop
        if pos >= end:
            break
    if pos < end:
        spans.append((pos, end))
    return spans


def _ends_sentence(text: str, m: re.Match, stop: int, end: int) -> bool:
    kind = m.lastgroup
    if kind in ("cjk", "semi"):
        return True
    nxt_pos = _SPACE.match(text, stop, end).end()
    nxt = text[nxt_pos] if nxt_pos < end else ""
    if kind == "bang":
        after = text[stop] if stop < end else ""
        return after == "" or after.isspace() or after == "[" or bool(_HAN_CHAR.match(after))
    if kind == "refs":
        return not ("a" <= nxt <= "z")
    # kind == "dot": not a decimal (guaranteed by the pattern), abbreviation, initial or enumeration
    if "a" <= nxt <= "z":
        return False
    before = text[max(0, m.start() - 24):m.start()]
    word = _WORD_BEFORE.search(before)
    if word:
        w = word.group(1)
        if w in ABBREVIATIONS or _DOTTED.fullmatch(w) or (len(w) == 1 and w.isupper()):
            return False
    enum = _ENUM_BEFORE.search(before)
    if enum:
        pre = before[:enum.start()].rstrip()
        if not pre or not _ASCII_PROSE.match(pre[-1]):
            return False  # "[7] 2. 行业重点新闻", "**1. 核心行业**": a list number, not a sentence end
    return True


# ---------------------------------------------------------------------------------------------- tokenize

# Latin runs: letters and digits joined by - ' . (gpt-4, v1.2, u.s) and thousands commas (1,150).
_TOKEN = re.compile(
    rf"(?P<han>[{_HAN}]+)"
    r"|(?P<latin>[a-z0-9\u00c0-\u024f]+(?:(?:[-'’.]|,(?=\d{3}(?!\d)))[a-z0-9\u00c0-\u024f]+)*)"
    r"|(?P<other>[^\W\d_]+)")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")

EN_STOPWORDS = frozenset("""
    a an the of to in on at for by with from and or but is are was were be been being am it its it's this
    that these those what which who whom whose how why when where do does did has have had as into than then
    there their they them we you your i he she his her our us my me will would can could should may might
    not so if about also any some such just very s t e.g i.e
""".split())
ZH_STOPWORDS = frozenset("""
    的 了 是 在 和 与 及 或 也 都 就 而 对 把 被 这 那 这个 那个 这些 那些 有 个 之 其 并 于 等 着 过 吗 呢 啊 吧 呀
    么 什么 多少 怎么 怎样 如何 哪些 哪个 哪里 为什么 请问 请 一下 我 你 他 她 它 我们 你们 他们 能 会 要 还 又
""".split())

_jieba = None
_jieba_lock = threading.Lock()


def _segmenter():
    """jieba, loaded on first use with its start-up chatter silenced (its dictionary takes ~1 s)."""
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


@functools.lru_cache(maxsize=1 << 16)
def _cut_han(run: str) -> tuple[str, ...]:
    """jieba's search-mode words of a run of Han characters, stop words dropped (runs repeat a lot: cached)."""
    return tuple(w for w in _segmenter().cut_for_search(run) if w not in ZH_STOPWORDS)


_LAST_WORD = re.compile(r"([\u4e00-\u9fff]+|[A-Za-z\u00c0-\u024f']+)\W*$")


def last_word(text: str) -> str:
    """The word `text` ends with, its trailing marks and punctuation aside: jieba's last word of a closing Han run
    ("他拒绝参与。" -> 参与, "…以及" -> 以及), the last Latin word otherwise ("…sold it to [2]" -> to); "" for neither."""
    m = _LAST_WORD.search(re.sub(r"[\[【]\s*\d+(?:\s*[,，、]\s*\d+)*\s*[\]】]", "", text))
    if not m:
        return ""
    run = m.group(1)
    return _segmenter().lcut(run)[-1] if "\u4e00" <= run[0] <= "\u9fff" else run


def folded(text: str) -> str:
    """NFKC-normalised (full-width letters, digits and commas become ASCII) and lowercased: text compared as
    written, whatever its width or case."""
    return unicodedata.normalize("NFKC", text).lower()


def unaccented(text: str) -> str:
    """Latin letters without their accents: "Plíšková" and "Pliskova" are one name written two ways."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    """BM25 tokens, the same at index and at query time.

    - Text is NFKC-normalised (full-width letters, digits and commas become ASCII) and lowercased.
    - Chinese runs: jieba in search mode (`资本开支` -> 资本, 开支, 资本开支); Chinese stop words dropped.
    - Numbers whole, thousands commas removed, `%` dropped: `1,150` -> 1150, `11.75%` -> 11.75.
    - Latin words lowercased, English stop words dropped, possessive 's removed (AI's -> ai). Joined words
      give the whole and, for hyphens, the parts, like jieba's search mode: `gpt-4` -> gpt-4, gpt, 4;
      `v1.2` -> v1.2; `u.s.` -> u.s.
    - Punctuation and whitespace give no tokens.
    """
    text = folded(text)
    out: list[str] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        tok = m.group()
        if kind == "han":
            out.extend(_cut_han(tok))
        elif kind == "latin":
            _latin(tok, out)
        elif tok not in EN_STOPWORDS:
            out.append(tok)
    return out


def _latin(tok: str, out: list[str]) -> None:
    if _NUMBER.fullmatch(tok):
        out.append(tok.replace(",", ""))
        return
    if _ACRONYM.fullmatch(tok):
        if tok not in EN_STOPWORDS:
            out.append(tok)
        return
    tok = tok.replace("’", "'")
    if tok.endswith("'s"):
        tok = tok[:-2]
    if tok in EN_STOPWORDS:
        return
    out.append(tok.replace(",", ""))
    if "-" in tok:
        out.extend(p for p in tok.split("-") if p and p not in EN_STOPWORDS)


_NAME_TAGS = ("nr", "nrt", "nrfg", "ns", "nt", "nz")  # jieba's person / place / organisation / other proper nouns
_CAPITALISED_WORD = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z0-9]*(?:[.&+-][A-Za-z0-9]+)*")


def names(text: str) -> list[str]:
    """Proper names in `text`: jieba's proper-noun tags in Chinese runs ("腾讯", "扎克伯格", "印度") and Latin
    words that start with a capital ("Nvidia", "CoreWeave"), the first word of the text only when it is not
    a question or sentence opener. Used to check that an answer is about what the question names."""
    found = _tagged(text, _NAME_TAGS)
    found += [w for m in _CAPITALISED_WORD.finditer(text)
              if (w := m.group()).lower() not in EN_STOPWORDS and len(w) >= 2
              and not (m.start() == 0 and w.lower() in _OPENERS)]
    return list(dict.fromkeys(found))


_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})


def people(text: str) -> list[str]:
    """Chinese personal names in `text`, as jieba tags them ("陈耀", "扎克伯格" as 扎克 and 伯格), less the adverbs it
    glues on (_unglued: "曾效力" is none) and the common words it tags so ("吉祥物", "顾问团": _tagged); a word no
    dictionary lists it still takes for a name ("本赛季"), which a check against the sources' text tolerates."""
    return list(dict.fromkeys(name for name in _tagged(text, _PERSON_TAGS) if _HAN_CHAR.match(name)))


@functools.lru_cache(maxsize=1 << 12)
def _pos_tags(text: str) -> tuple[tuple[str, str], ...]:
    """jieba's (word, part-of-speech tag) pairs of `text`, the shared dictionary loaded quietly. Cached: the checks tag
    one claim for its names, its people and its unknown nouns, once per source it cites."""
    import jieba.posseg

    _segmenter()
    return tuple(tuple(pair) for pair in jieba.posseg.cut(text))


def _tagged(text: str, tags) -> list[str]:
    """The words of `text` jieba tags with one of `tags`, less the adverbs it glues on, two characters or more, and
    less the common words its dictionary tags so (lexicon.common_word: "滑雪", "卫星", "人民法院")."""
    return [name for w, tag in _surnames_joined(_pos_tags(text))
            if tag in tags and (name := _unglued(w)) and len(name) >= 2
            and not common_word(name, person=tag in _PERSON_TAGS)]


# What may follow a surname as the rest of a given name jieba cut off: a noun's or a morpheme's tag ("杨幂": 杨/nr 幂/n),
# not a function word ("王说", "李的")
_GIVEN_NAME_TAGS = frozenset({"n", "ng", "nr", "vg", "ag", "g", "j", "nrfg"})


def one_place_or_name(word: str) -> bool:
    """`word`, read alone, is one word jieba tags a place or a person ("巴黎"; "卡塔尔", which it tags a person)."""
    tags = _pos_tags(word)
    return len(tags) == 1 and tags[0][1] in ("ns", "nr", "nrt", "nrfg")


def _surnames_joined(pairs) -> list[tuple[str, str]]:
    """jieba's (word, tag) pairs with a lone surname it tagged a name (杨/nr) joined to the one- or two-character word
    after it, when that word may be a given name ("杨幂" comes as 杨/nr 幂/n), and a common word it tagged a name joined
    to one such character ("罗致焕" as 罗致/nr 焕/vg: 罗致 is "to recruit")."""
    pairs = [tuple(pair) for pair in pairs]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(pairs):
        word, tag = pairs[i]
        rest = pairs[i + 1][0] if i + 1 < len(pairs) and pairs[i + 1][1] in _GIVEN_NAME_TAGS else ""
        if tag == "nr" and _HAN_CHAR.match(rest) and (len(word) == 1 and len(rest) <= 2
                                                       or len(rest) == 1 and common_word(word)):
            out.append((word + pairs[i + 1][0], "nr"))
            i += 2
            continue
        out.append((word, tag))
        i += 1
    return out


def unknown_nouns(text: str) -> list[str]:
    """The nouns of `text` that neither jieba's dictionary nor CC-CEDICT knows, two characters or more: words its HMM
    made of characters it could not place, often a name it does not know ("艺画开天": 艺画/n 开天/v)."""
    tagged = _pos_tags(text)
    import jieba.posseg  # loaded by _pos_tags

    known = jieba.posseg.dt.word_tag_tab
    return list(dict.fromkeys(w for w, tag in tagged if tag == "n" and w not in known and len(w) >= 2
                              and _HAN_CHAR.match(w) and not common_word(w)))


# A person named by what they are, the name right after it and closing the clause: "…的奈良居民山上彻也", "嫌疑人为木村隆二"
_PERSON_NOUN = re.compile(r"(?:嫌疑人|嫌犯|凶手|枪手|男子|女子|居民|选手|球员|演员|歌手|记者|作者|教练)(?:为|是)?"
                          r"([\u4e00-\u9fff·]{2,6})(?=[。，,；;！!？?、）)]|$)")


def apposed_names(text: str) -> list[str]:
    """Names that follow a noun for a person and end the clause, where jieba cuts them into known words: "山上彻也" of
    "…居民山上彻也" (山上/s 彻/vg 也/d), a Japanese name. Not a phrase: no word of two characters or more in it may be a
    verb or an adjective ("男子被捕", "记者表示")."""
    return [run for m in _PERSON_NOUN.finditer(text) if not common_word(run := m.group(1))
            and not any(len(w) >= 2 and tag[:1] in ("v", "a") for w, tag in _pos_tags(run))]


def nouns(text: str) -> list[str]:
    """The Chinese nouns of `text` (jieba's n* and verbal-noun tags: "首席财务官", "创始人", "收盘"), names
    included: what a Chinese question is about, beside what it asks."""
    return list(dict.fromkeys(w for w, tag in _pos_tags(text) if (tag.startswith("n") or tag == "vn")
                              and _HAN_CHAR.match(w)))


# One-character adverbs jieba's segmenter glues to the word beside them, tagging the whole a person's name:
# "曾效力" (once played for), "马云曾" (Ma Yun once).
_GLUED_ADVERBS = frozenset("曾将已也还又都就才再仍正亦均")


def _unglued(word: str) -> str | None:
    """A name jieba tagged, less an adverb it glued on: None when the rest is a common word ("曾效力": 效力), the
    rest when the whole is no dictionary word ("马云曾": 马云). A name whose rest is no common word keeps its
    first character ("曾志伟"). Only ever loosens the name checks: a brief naming the whole also names the rest."""
    import jieba.posseg

    if len(word) < 3 or not _HAN_CHAR.match(word):
        return word
    known = jieba.posseg.dt.word_tag_tab
    if word[0] in _GLUED_ADVERBS and (tag := known.get(word[1:])) and not tag.startswith(_NAME_TAGS):
        return None
    if word[-1] in _GLUED_ADVERBS and word not in known:
        return word[:-1]
    return word


# openers that are not English stop words already ("What", "How", "Is" are): "According to X, …"
_OPENERS = {"according"}
