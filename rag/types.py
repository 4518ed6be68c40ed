"""The small frozen records that flow through the pipeline.

seeds/* -> Document -> Chunk -> Index;  question -> Hit -> prompt -> text -> Answer.
"""
from __future__ import annotations

from dataclasses import dataclass, field


def _short(text: str, n: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass(frozen=True, slots=True)
class Document:
    """One article: a brief of an export, a plain text/markdown file, or a jsonl record."""

    doc_id: str  # stable and readable: "meta-20260203-1456"; rebuilding gives the same id
    title: str
    body: str
    source: str | None = None  # the outlet ("智通财经网"); None when the brief names none
    date: str | None = None  # ISO 8601 "2026-02-03T14:56"; None when unknown
    collection: str | None = None  # the export's collection name ("Meta Platforms(META)")
    lang: str = "zh"  # "zh" | "en" | "mixed"
    path: str | None = None  # the file it came from

    def __repr__(self) -> str:
        return f"Document({self.doc_id!r}, {self.lang}, {_short(self.title)!r}, {len(self.body)} chars)"


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of one document's body, sized for the embedder."""

    chunk_id: str  # "<doc_id>#<n>", n from 0 in body order
    doc_id: str
    text: str  # exactly body[start:end]: what the user is shown
    start: int  # char offsets into Document.body
    end: int
    title: str
    source: str | None = None
    date: str | None = None
    section: str | None = None  # the inline section head the chunk falls under ("市场表现")
    lang: str = "zh"

    @property
    def search_text(self) -> str:
        """What is embedded and BM25-indexed: title and section head make a chunk findable by them."""
        head = " · ".join(p for p in (self.title, self.section) if p)
        return f"{head}\n{self.text}" if head else self.text

    def __repr__(self) -> str:
        return f"Chunk({self.chunk_id!r}, {self.lang}, {_short(self.text)!r}, {len(self.text)} chars)"


@dataclass(frozen=True, slots=True)
class Hit:
    """A retrieved chunk with its fused score and the ranks each retriever gave it."""

    chunk: Chunk
    score: float
    dense_rank: int | None = None  # 1-based rank in the FAISS list; None if FAISS did not return it
    sparse_rank: int | None = None  # 1-based rank in the BM25 list; None if BM25 did not return it
    dense_score: float | None = None  # cosine similarity, when FAISS returned it
    sparse_score: float | None = None

    chunk_id = property(lambda self: self.chunk.chunk_id)
    doc_id = property(lambda self: self.chunk.doc_id)
    title = property(lambda self: self.chunk.title)
    source = property(lambda self: self.chunk.source)
    date = property(lambda self: self.chunk.date)
    text = property(lambda self: self.chunk.text)

    def __repr__(self) -> str:
        return f"Hit({self.chunk_id!r}, {self.score:.4f}, dense={self.dense_rank}, sparse={self.sparse_rank})"


@dataclass(frozen=True, slots=True)
class Citation:
    """A numbered source the answer cites; n is the number shown in the answer text."""

    n: int
    chunk_id: str
    doc_id: str
    title: str
    source: str | None
    date: str | None
    text: str


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    citations: tuple[Citation, ...] = ()
    hits: tuple[Hit, ...] = ()
    refused: bool = False
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage: retrieve, generate, total
    query: str | None = None  # the query used for retrieval: the question, or its standalone rewrite
    unsupported: tuple[str, ...] = ()  # generated sentences removed: no source states their figures
    raw: str | None = None  # the generator's text before citation checks (None when it was not called)
    support: float | None = None  # the generator's P(yes) that the cited sources state the answer (None: not asked)
    checked: str | None = None  # a refused answer's text after the citation checks, when the support check refused it
    restated: str | None = None  # a first reply that only restated the question: the model was asked again (raw)
    parts: tuple[str, ...] = ()  # replies to parts of the question asked on their own (raw): the answer left them out
    again: str | None = None  # the reply to the question asked again over the sources in reverse order (raw)

    def __repr__(self) -> str:
        return f"Answer({_short(self.text, 40)!r}, citations={[c.n for c in self.citations]}, refused={self.refused})"
