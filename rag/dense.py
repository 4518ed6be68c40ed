"""FAISS inner-product search over L2-normalised vectors (inner product = cosine)."""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from .errors import IndexCorrupt

log = logging.getLogger(__name__)


class DenseIndex:
    def __init__(self, index):
        self.index = index

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def __repr__(self) -> str:
        return f"DenseIndex({type(self.index).__name__}, {len(self)} vectors, dim={self.index.d})"

    @classmethod
    def build(cls, vectors: np.ndarray, *, ann_threshold: int = 200_000) -> "DenseIndex":
        """Exact IndexFlatIP below `ann_threshold` vectors, HNSW above it (recall traded for speed)."""
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if len(vectors) >= ann_threshold:
            index = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efSearch = 128
        else:
            index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return cls(index)

    def vectors(self) -> np.ndarray:
        """All stored vectors in row order (used to reuse unchanged documents when rebuilding)."""
        if len(self) == 0:
            return np.zeros((0, self.index.d), dtype=np.float32)
        return self.index.reconstruct_n(0, len(self))

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows), best first; `allowed` restricts the search to those row numbers."""
        import faiss

        k = min(k, len(self) if allowed is None else len(allowed))
        if k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            params = (faiss.SearchParametersHNSW(sel=selector) if isinstance(self.index, faiss.IndexHNSW)
                      else faiss.SearchParameters(sel=selector))
        # One query is too little work to split across OpenMP threads: bench/ measured exact search over 10k
        # vectors at 0.64 ms on 1 thread vs 9.3 ms on 2 (28 vs 84 ms at 100k) on this 2-core machine.
        faiss.omp_set_num_threads(1)
        scores, rows = self.index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        keep = rows[0] >= 0
        return scores[0][keep], rows[0][keep]

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> "DenseIndex":
        import faiss

        try:
            return cls(faiss.read_index(str(path)))
        except RuntimeError as e:
            raise IndexCorrupt(f"cannot read {path} ({str(e).splitlines()[0][:80]}); run `rag index --rebuild`") from e
