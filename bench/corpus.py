"""A deterministic synthetic corpus of briefs in the seed export format, for scale-up benchmarks.

Each brief is built from real sentences: the bullets of seeds/*.txt and sentences of the shared QA corpora
(../shared/benchmarks: RGB news, CMRC 2018 and XQuAD Wikipedia, zh and en). Titles, outlets, dates, section
heads and reference marks vary; no two briefs are the same. Brief i depends only on (seed, i), so the first
100 briefs of a 1,000-brief corpus are the 100-brief corpus, and brief 1,000 can be added to it on its own.

    Workflow
    <collection>(<TICKER>)          one collection per export file of `per_file` briefs
    icon
    搜索文档
    <title>
    <source>· YYYY-MM-DD HH:MM      or the date alone (~8%)
    <head> - <sentence> [3] - <sentence> [3][7] <head> - ...

The generated text uses CC BY-SA (XQuAD, CMRC) and CC BY-NC-SA (RGB) sentences: benchmark input only; it is
written under bench/.cache and never committed.
"""
from __future__ import annotations

import hashlib
import json
import os
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("BENCH_SHARED", ROOT.parent / "shared")) / "benchmarks"
GENERATOR_VERSION = 1  # bump when the output for a given (seed, i) changes

# (file under SHARED, language, share of that language's bullets drawn from it)
CORPORA = (("rgb/rgb-zh/corpus.jsonl", "zh", 0.45), ("cmrc2018/cmrc2018-dev/corpus.jsonl", "zh", 0.15),
           ("xquad/xquad-zh/corpus.jsonl", "zh", 0.10),
           ("rgb/rgb-en/corpus.jsonl", "en", 0.5), ("xquad/xquad-mixed/corpus.jsonl", "en", 0.5))
SEED_SHARE_ZH = 0.30  # the rest of the Chinese bullets come from the seeds themselves

ZH_SOURCES = ("智通财经网", "36氪", "国泰海通证券", "中银国际", "券商中国", "财联社", "新浪财经", "证券时报",
              "第一财经", "华尔街见闻", "中信建投证券", "东方财富网", "经济观察报", "格隆汇")
EN_SOURCES = ("The Economic Times", "The Smart Investor", "Reuters", "Bloomberg", "CNBC", "Financial Times",
              "MarketWatch", "Barron's", "Nikkei Asia", "TechCrunch")
ZH_HEADS = ("市场表现", "行业驱动因素", "机构观点", "公司动态", "业绩表现", "风险提示", "政策动向", "核心观点",
            "事件概述", "后续展望", "报告行业投资评级", "监管处罚与争议焦点", "主要参与者", "估值与盈利预测")
EN_HEADS = ("Market performance", "Key points", "Analyst views", "Background", "Outlook", "Risks",
            "Company news", "Earnings", "Policy", "What happened")
ZH_TITLE_TAGS = ("港股异动", "美股异动", "A股收评", "研报精选", "晨会纪要", "行业周报", "公司公告", "快讯")
COMPANIES = (("Meta Platforms", "META"), ("腾讯控股", "TCEHY"), ("阿里巴巴", "BABA"), ("英伟达", "NVDA"),
             ("Microsoft", "MSFT"), ("小米集团", "XIAOMI"), ("Apple", "AAPL"), ("比亚迪", "BYDDY"),
             ("中际旭创", "ZJXC"), ("Amazon", "AMZN"), ("台积电", "TSM"), ("Alphabet", "GOOGL"))

_MARKS = re.compile(r"\s*(?:[\[【]\s*\d{1,3}(?:\s*[,，、]\s*\d{1,3})*\s*[\]】])+\s*")
_DATE_LINE = re.compile(r"^(?:(.*?)\s*[·•・]\s*)?\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}\s*$")
_ZH_SENT = re.compile(r"[^。！？!?]*[。！？!?]")
_EN_SENT = re.compile(r"\S.*?[.!?](?=\s+[A-Z\"“]|\s*$)")
_UI = {"workflow", "icon", "搜索文档", "搜索", "search", "search documents"}


@dataclass(frozen=True, slots=True)
class Brief:
    title: str
    source: str | None
    date: str  # "YYYY-MM-DD HH:MM"
    body: str
    lang: str  # "zh" | "en": the body's language

    def render(self) -> str:
        stamp = f"{self.source}· {self.date}" if self.source else self.date
        return f"{self.title}\n{stamp}\n{self.body}\n"


@dataclass(frozen=True, slots=True)
class Pools:
    zh: dict[str, tuple[str, ...]]  # corpus name -> sentences
    en: dict[str, tuple[str, ...]]
    seed_bullets: tuple[str, ...]
    seed_heads: tuple[str, ...]
    seed_titles: tuple[str, ...]

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for pool in (self.zh, self.en):
            for name in sorted(pool):
                h.update(name.encode())
                h.update("\n".join(pool[name]).encode())
        for part in (self.seed_bullets, self.seed_heads, self.seed_titles):
            h.update("\n".join(part).encode())
        return h.hexdigest()[:16]


def _clean(text: str) -> str:
    return " ".join(_MARKS.sub(" ", text).replace("**", "").split()).strip(" -*•·")


def _seed_parts(folder: Path) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(bullets, section heads, titles) of the seed exports, read with a small parser of their own."""
    bullets, heads, titles = [], [], []
    for path in sorted(folder.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").split("\n")]
        for i, line in enumerate(lines):
            if not line or not _DATE_LINE.match(line) or i + 1 >= len(lines):
                continue
            if i > 0 and lines[i - 1] and lines[i - 1].casefold() not in _UI:
                titles.append(lines[i - 1])
            for segment in re.split(r"(?:\[\d+\])+", lines[i + 1]):
                head, sep, rest = segment.partition(" - ")
                head = _clean(head)
                if sep and 2 <= len(head) <= 20 and not re.search(r"[,，。:：]", head):
                    heads.append(head)
                    segment = rest
                for piece in re.split(r"\s+-\s+|\s\*\s", segment):
                    piece = _clean(piece)
                    if 15 <= len(piece) <= 300:
                        bullets.append(piece)
    unique = lambda xs: tuple(dict.fromkeys(xs))  # noqa: E731
    return unique(bullets), unique(heads), unique(titles)


def _sentences(text: str, lang: str) -> list[str]:
    text = " ".join(text.split())
    if lang == "zh":
        return [s.strip() for s in _ZH_SENT.findall(text) if 15 <= len(s.strip()) <= 160]
    return [s.strip() for s in _EN_SENT.findall(text) if 40 <= len(s.strip()) <= 300]


@lru_cache(maxsize=2)
def load_pools(shared: str | None = None, seeds: str | None = None) -> Pools:
    """Sentence pools from the seeds and, where present, the shared benchmark corpora (file order)."""
    shared_dir = Path(shared) if shared else SHARED
    bullets, heads, titles = _seed_parts(Path(seeds) if seeds else SEEDS)
    zh, en = {}, {}
    for name, lang, _ in CORPORA:
        path = shared_dir / name
        if not path.is_file():
            continue
        found = []
        with path.open(encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if record.get("lang") == lang:
                    found.extend(_sentences(_clean(record["text"]), lang))
        pool = (zh if lang == "zh" else en)
        pool[name] = tuple(dict.fromkeys(found))
    return Pools(zh, en, bullets, heads, titles)


def _bullet(rng: random.Random, pools: Pools, lang: str) -> str:
    if lang == "zh":
        if not pools.zh or rng.random() < SEED_SHARE_ZH:
            return rng.choice(pools.seed_bullets)
        names = [n for n, l, _ in CORPORA if l == "zh" and n in pools.zh]
        weights = [w for n, l, w in CORPORA if l == "zh" and n in pools.zh]
        pool = pools.zh[rng.choices(names, weights)[0]]
        return "".join(rng.choice(pool) for _ in range(rng.choice((1, 1, 2, 3))))
    if not pools.en:  # no English corpus: English-titled briefs over seed bullets, like the seeds' own
        return rng.choice(pools.seed_bullets)
    names = sorted(pools.en)
    pool = pools.en[rng.choice(names)]
    return " ".join(rng.choice(pool) for _ in range(rng.choice((1, 1, 2))))


def _marks(rng: random.Random) -> str:
    return "".join(f"[{n}]" for n in sorted(rng.sample(range(1, 31), rng.choice((1, 1, 1, 2, 3)))))


def _title(rng: random.Random, pools: Pools, lang: str) -> str:
    if lang == "zh":
        if rng.random() < 0.1:  # a seed story again, as a follow-up
            return f"{_short(rng.choice(pools.seed_titles), 60)} ({rng.randint(2, 99)})"
        text = _short(_bullet(rng, pools, "zh"), 34)
        return f"{rng.choice(ZH_TITLE_TAGS)} | {text}" if rng.random() < 0.4 else text
    return _short(_bullet(rng, pools, "en"), 90)


def _short(text: str, limit: int) -> str:
    text = text.strip().rstrip("。.!?！？").strip()
    if len(text) <= limit:
        return text
    cut = max(text.rfind(c, 0, limit) for c in ",，;；、 ")
    return text[:cut if cut > limit // 3 else limit].rstrip(",，;；、 (（")


def brief(i: int, seed: int = 0, *, pools: Pools | None = None, when: datetime | None = None) -> Brief:
    """Brief number `i` of the corpus `seed` (depends on nothing else)."""
    pools = pools or load_pools()
    rng = random.Random(f"bench-corpus/{GENERATOR_VERSION}/{seed}/{i}")
    body_lang = "en" if pools.en and rng.random() < 0.25 else "zh"
    title_lang = "en" if body_lang == "en" or (rng.random() < 0.3 and pools.en) else "zh"
    title = _title(rng, pools, title_lang)
    if rng.random() < 0.08:
        source = None
    else:
        source = rng.choice(EN_SOURCES if title_lang == "en" and rng.random() < 0.7 else ZH_SOURCES)
    heads = (ZH_HEADS + pools.seed_heads) if body_lang == "zh" else EN_HEADS
    target = int(rng.lognormvariate(7.1, 0.55))  # median ~1,200 characters, like the seeds (430-3,750)
    target = min(max(target, 250), 4000)
    parts: list[str] = []
    length = 0
    while length < target:
        head = rng.choice(heads)
        bullets = [f"- {_bullet(rng, pools, body_lang)} {_marks(rng)}" for _ in range(rng.randint(1, 4))]
        section = f"{head} " + " ".join(bullets)
        parts.append(section)
        length += len(section)
    when = when or datetime(2025, 1, 1) + timedelta(minutes=rng.randrange(400 * 24 * 60))
    return Brief(title=title, source=source, date=when.strftime("%Y-%m-%d %H:%M"), body=" ".join(parts),
                 lang=body_lang)


def collection(file_no: int) -> str:
    name, ticker = COMPANIES[file_no % len(COMPANIES)]
    return f"{name}({ticker}{file_no:04d})"  # one ticker per file: doc ids `<ticker>-<date>` never collide


def generate(n: int, seed: int = 0, *, per_file: int = 50, start: int = 0) -> dict[int, list[Brief]]:
    """Briefs start..n-1 by export file number (file f holds briefs f*per_file .. f*per_file+per_file-1).

    Dates are distinct within a file (its doc ids are `<ticker>-YYYYMMDD-HHMM`), and no two briefs of the
    corpus share title and body.
    """
    if n < 0 or start < 0 or per_file < 1:
        raise ValueError(f"need 0 <= start, 0 <= n and per_file >= 1, got start={start}, n={n}, per_file={per_file}")
    pools = load_pools()
    files: dict[int, list[Brief]] = {}
    seen: set[str] = set()
    for i in range(start, n):
        f = i // per_file
        base = datetime(2025, 1, 1) + timedelta(days=random.Random(f"{seed}/file/{f}").randrange(380))
        # one brief every ~3 h in the file's stretch of days: distinct minutes by construction
        when = base + timedelta(minutes=(i % per_file) * 181 + random.Random(f"{seed}/{i}/min").randrange(180))
        b = brief(i, seed, pools=pools, when=when)
        attempt = 0
        while (key := hashlib.sha1(f"{b.title}\n{b.body}".encode()).hexdigest()) in seen:
            attempt += 1
            b = brief(i + 1_000_000 * attempt, seed, pools=pools, when=when)
        seen.add(key)
        files.setdefault(f, []).append(b)
    return files


def render_export(file_no: int, briefs: list[Brief]) -> str:
    return f"Workflow\n{collection(file_no)}\nicon\n搜索文档\n" + "".join(b.render() for b in briefs)


def write_corpus(out: str | os.PathLike, n: int, seed: int = 0, *, per_file: int = 50, start: int = 0) -> list[Path]:
    """Write briefs start..n-1 as export files `out/brief_<file>.txt`; returns the paths (replaced if there)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for file_no, group in generate(n, seed, per_file=per_file, start=start).items():
        path = out / f"brief_{file_no:05d}.txt"
        path.write_text(render_export(file_no, group), encoding="utf-8")
        paths.append(path)
    return paths


def corpus_hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write a synthetic brief corpus in the seed export format.")
    parser.add_argument("out")
    parser.add_argument("-n", type=int, default=100, help="number of briefs (default 100)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-file", type=int, default=50)
    args = parser.parse_args()
    written = write_corpus(args.out, args.n, args.seed, per_file=args.per_file)
    print(f"{args.n} briefs in {len(written)} files under {args.out} (corpus {corpus_hash(written)})")
