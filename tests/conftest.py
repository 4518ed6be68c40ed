"""Shared fixtures: the seed export, tiny inline zh/en briefs, and deterministic token counters.

Keep it in sections (paths, inline texts, counters); add new fixtures to the section they belong to.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

import rag.index
from rag.config import Settings

# ---------------------------------------------------------------------------------------------- paths

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_b61d5e6d8fe08b5d.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_docs():
    from rag.documents import load_documents

    return load_documents([SEED])


# Seed questions about one brief each, with the brief that answers it (retrieval and injection tests)
SEED_QUESTIONS = [
    ("汇聚科技涨了多少?", "meta-20260203-1456"),
    ("印度最高法院对WhatsApp的隐私政策案说了什么?", "meta-20260203-1416"),
    ("Meta最牛文科生是怎么用AI的?", "meta-20260203-1211"),
    ("光纤行业涨价趋势如何,国泰海通怎么看?", "meta-20260203-1120"),
    ("太空算力为什么是商业航天的核心商业模式?", "meta-20260203-0920"),
    ("Who fined WhatsApp, and how much?", "meta-20260203-1416"),
    ("What was Microsoft's capital expenditure in fiscal Q2 2026?", "meta-20260203-1456"),
    ("Is the AI white-collar gig economy sustainable?", "meta-20260203-1309"),
    ("What are the telltale signs of an AI bubble?", "meta-20260203-1130"),
    ("What happened to gold and silver prices?", "meta-20260203-0837"),
]

# ---------------------------------------------------------------------------------------------- inline texts

# A brief export in the seed's shape: header (UI words around the collection name), an article with a source,
# one with only a date, and an English one.
BRIEF = """Workflow
Tencent Holdings(0700.HK)
icon
搜索文档
腾讯发布2025年第四季度财报
财联社· 2026-03-18 16:30
业绩概览 - 腾讯第四季度营收1,550亿元,同比增长11.75% [1] - 净利润同比增长18% [1] 业务亮点 - 视频号广告收入增长60% [2]
腾讯加大AI投入
2026-03-18 09:05
资本开支 - 腾讯预计2026年资本开支将超过900亿元 [1]
Tencent beats estimates
Reuters·2026-03-18 18:02
Revenue rose 11% to 155 billion yuan. Analysts at J. P. Morgan raised their target [1]
"""

# A Chinese body with two inline sections, and an English paragraph with no structure (see test_chunking).
ZH_BODY = "市场表现 - 光纤股上涨。汇聚科技涨11.75%。长飞涨8.16%。 [1] 行业驱动 - 微软支出达375亿美元。Meta支出翻倍。 [2]"
EN_BODY = ("Meta raised its capex guidance. The company expects spending of up to 135 billion dollars. "
           "Analysts at J. P. Morgan called it bold. Shares rose 11.75% in U.S. trading.")


@pytest.fixture(scope="session")
def brief_text() -> str:
    return BRIEF


@pytest.fixture
def brief_file(tmp_path) -> Path:
    path = tmp_path / "tencent.txt"
    path.write_text(BRIEF, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def zh_body() -> str:
    return ZH_BODY


@pytest.fixture(scope="session")
def en_body() -> str:
    return EN_BODY


# ---------------------------------------------------------------------------------------------- counters

_TOY_TOKEN = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+(?:[.,][0-9]+)*")


def toy_count(text: str) -> int:
    """One token per Han character and per Latin word or number: easy to work out by hand."""
    return len(_TOY_TOKEN.findall(text))


@pytest.fixture(scope="session")
def count():
    return toy_count


@pytest.fixture(scope="session")
def real_tokenizer_count():
    """count_tokens from a real tokenizer folder under ~/.cache/rag/models, if one has been provisioned."""
    found = sorted(Path.home().glob(".cache/rag/models/**/tokenizer.json"))
    if not found:
        pytest.skip("no tokenizer.json under ~/.cache/rag/models")
    tokenizers = pytest.importorskip("tokenizers")
    tokenizer = tokenizers.Tokenizer.from_file(str(found[0]))
    return lambda text: len(tokenizer.encode(text).ids)


# ---------------------------------------------------------------------------------------------- fakes (plumbing only)

class FakeEmbedder:
    """Vectors from a hash of the text: deterministic, and counts what it embeds."""

    dim = 8

    def __init__(self):
        self.embedded: list[str] = []

    def count_tokens(self, text: str) -> int:
        return len(text) // 2 + 2

    def embed_passages(self, texts, *, show_progress=False):
        self.embedded.extend(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, 8), np.float32)

    def embed_query(self, text):
        return self._vector(text)

    @staticmethod
    def _vector(text):
        v = np.frombuffer(hashlib.sha256(text.encode()).digest()[:32], dtype=np.uint8).astype(np.float32)[:8] - 127
        return v / np.linalg.norm(v)


@pytest.fixture(scope="module")
def fake_seed_index(tmp_path_factory, seed_path):
    """The seed briefs indexed with FakeEmbedder (plumbing); ask() over it needs the `fake` fixture as well."""
    with pytest.MonkeyPatch.context() as mp:
        embedder = FakeEmbedder()
        mp.setattr(rag.index, "get_embedder", lambda name, batch_size=32: embedder)
        out = tmp_path_factory.mktemp("fake-seeds") / "idx"
        rag.index.build_index([seed_path], out)
        return rag.index.load_index(out)


@pytest.fixture
def fake(monkeypatch):
    embedder = FakeEmbedder()
    monkeypatch.setattr(rag.index, "get_embedder", lambda name, batch_size=32: embedder)
    return embedder


def open_gate() -> Settings:
    """Settings whose retrieval-score floor lets every question through to the generator."""
    settings = Settings()
    return settings.replace(**{f.name: -1.0 for f in dataclasses.fields(settings)
                               if f.name.startswith("min_dense_score")})
