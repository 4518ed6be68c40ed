"""Generator: chat messages -> streamed text, from a local instruction-tuned model.

Two backends behind one small interface (`count_tokens`, `stream`, `yes_probability`):
- "llama_cpp": llama-cpp-python over a GGUF file. The default when installed: on 2 cores it prefills
  ~45 tokens/s and decodes ~18 tokens/s with the packaged Qwen2.5-Coder-1.5B Q4_K_M in 1.9 GB.
- "transformers": any causal LM id or folder, or a GGUF file (dequantised to fp32: ~2.5 tokens/s, 8.6 GB).
One model instance is shared per (backend, model); a lock serialises generation, since neither backend's
model state may be used by two threads at once.
"""
from __future__ import annotations

import ctypes
import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import BadInput, ModelUnavailable

log = logging.getLogger(__name__)

BACKENDS = ("auto", "llama_cpp", "transformers")
CONTEXT_TOKENS = 4096  # the prompt budget is far below this; Qwen2.5 supports 32k but the KV cache costs RAM
# A yes/no reply starts with one of these words' first tokens (the check prompt asks in the answer's language).
YES = ("yes", "Yes", "YES", "是")
NO = ("no", "No", "NO", "否", "不")


def _threads() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


class Generator:
    """The interface: count prompt tokens, stream a reply to chat messages."""

    backend = "none"

    def __init__(self, model: str, decode_threads: int = 0):
        self.model_name = model
        self.decode_threads = decode_threads  # 0: every core
        self._model = None
        self._load_lock = threading.Lock()
        self.lock = threading.Lock()  # held for a whole generation

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.model_name!r}, loaded={self._model is not None})"

    @property
    def model(self):
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self):
        raise NotImplementedError

    def count_tokens(self, text: str) -> int:
        raise NotImplementedError

    def stream(self, messages: list[dict], *, max_tokens: int = 200, temperature: float = 0.0,
               not_opening: tuple[str, ...] = ()) -> Iterator[str]:
        """The reply to `messages`, piece by piece; with `not_opening`, it may not open with a token that could begin
        one of those texts (_opening_ids: ask() asking again after a reply that only restated the question)."""
        raise NotImplementedError

    def yes_probability(self, messages: list[dict], yes: tuple[str, ...] = YES, no: tuple[str, ...] = NO) -> float:
        """The model's answer to a yes/no question as a number: P(yes) / (P(yes) + P(no)) over the first reply
        token, yes and no being the first tokens of the given words. One forward pass, no decoding."""
        logits = np.asarray(self._first_logits(messages), dtype=np.float64)
        p = np.exp(logits - logits.max())
        yes_ids = self._first_token_ids(yes)
        no_ids = self._first_token_ids(no) - yes_ids
        y, n = float(p[sorted(yes_ids)].sum()), float(p[sorted(no_ids)].sum())
        return y / (y + n) if y + n > 0 else 0.5

    def _first_token_ids(self, words: tuple[str, ...]) -> set[int]:
        return {ids[0] for word in words if (ids := self._token_ids(word))}

    def _opening_ids(self, texts: tuple[str, ...]) -> set[int]:
        """The tokens a reply could open `texts` with: the first token of each of their first 12 characters'
        prefixes ("汇", "汇聚", "汇聚科技", …), since the model may spell an opening in other tokens than the
        text's own tokenization does."""
        return self._first_token_ids(tuple(text.strip()[:i] for text in texts for i in range(1, 13)))

    def _token_ids(self, text: str) -> list[int]:
        raise NotImplementedError

    def _first_logits(self, messages: list[dict]) -> np.ndarray:
        """Logits of the first token the model would reply with."""
        raise NotImplementedError


class LlamaCppGenerator(Generator):
    backend = "llama_cpp"

    def _load(self):
        from llama_cpp import Llama

        from .models import generator_path

        path = generator_path(self.model_name)
        if not Path(path).is_file():
            raise ModelUnavailable(f"llama_cpp needs a local .gguf file, got {path!r}; give a path or use the "
                                   "transformers backend for hub models")
        # Prefill is batched matrix work and uses every core; decoding uses Settings.decode_threads (every core by
        # default: see its note for when one fewer is faster).
        cores = _threads()
        decode = min(self.decode_threads, cores) if self.decode_threads else cores
        log.info("loading %s with llama.cpp (%d decode / %d prefill threads)", path, decode, cores)
        return Llama(model_path=path, n_ctx=CONTEXT_TOKENS, n_threads=decode, n_threads_batch=cores,
                     seed=0, verbose=False)

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def stream(self, messages, *, max_tokens=200, temperature=0.0, not_opening=()):
        from llama_cpp import LogitsProcessorList

        model = self.model
        banned = sorted(self._opening_ids(not_opening))
        steps = []

        def ban_first(_, logits):
            if not steps:
                logits[banned] = -np.inf
            steps.append(1)
            return logits

        with self.lock:
            for part in model.create_chat_completion(messages=messages, stream=True, max_tokens=max_tokens,
                                                     temperature=temperature, top_k=1 if temperature == 0 else 40,
                                                     seed=0,
                                                     logits_processor=LogitsProcessorList([ban_first]) if banned
                                                     else None):
                piece = part["choices"][0]["delta"].get("content")
                if piece:
                    yield piece

    def _token_ids(self, text):
        return self.model.tokenize(text.encode("utf-8"), add_bos=False, special=False)

    def _first_logits(self, messages):
        # A logits processor sees the whole vocabulary's logits before sampling; the chat template and the prompt
        # prefix cache are the ones stream() uses.
        from llama_cpp import LogitsProcessorList

        seen = []

        def keep(_, logits):
            seen.append(np.array(logits, dtype=np.float32))
            return logits

        with self.lock, _cache_kept(self.model):
            self.model.create_chat_completion(messages=messages, max_tokens=1, temperature=0.0, top_k=1, seed=0,
                                              logits_processor=LogitsProcessorList([keep]))
        return seen[0]


@contextmanager
def _cache_kept(model):
    """Put llama.cpp's KV cache and the tokens it holds back as they were after the block, so a one-off prompt
    (the support check) leaves the answer prompt cached for the next question's prefix reuse. That reuse changes
    how a prompt is batched, and with it this model's greedy replies: with the cache evicted by each check, 13 of
    the 92 gold replies differed from a run without the check; kept, all 92 are the same (gold-ans-s6keep vs
    gold-ans-s5thr), so the check only ever refuses. The state API copies only the used cells: ~10 MB, 20-40 ms
    for a 370-token prompt (Llama.save_state also copies a 300 MB logits buffer: 0.7 + 1.6 s)."""
    import llama_cpp

    ctx = model.ctx  # the llama_context pointer
    size = llama_cpp.llama_state_get_size(ctx)
    saved = (ctypes.c_uint8 * size)()
    used = llama_cpp.llama_state_get_data(ctx, saved, size)
    tokens, count = model.input_ids.copy(), model.n_tokens
    try:
        yield
    finally:
        llama_cpp.llama_state_set_data(ctx, saved, used)
        model.input_ids[:] = tokens
        model.n_tokens = count


class TransformersGenerator(Generator):
    backend = "transformers"

    def _load(self):
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from .models import generator_path

        path = generator_path(self.model_name)
        kwargs = {}
        if path.endswith(".gguf"):  # transformers dequantises GGUF weights (needs the `gguf` package)
            kwargs["gguf_file"] = Path(path).name
            path = str(Path(path).parent)
        torch.set_num_threads(_threads())
        log.info("loading %s with transformers", path)
        try:
            tokenizer = AutoTokenizer.from_pretrained(path, **kwargs)
            model = AutoModelForCausalLM.from_pretrained(path, torch_dtype=torch.float32, **kwargs)
        except OSError as e:
            raise ModelUnavailable(f"cannot load generator {self.model_name!r} ({str(e).splitlines()[0][:120]}); "
                                   "give a local model folder or .gguf file") from e
        model.eval()
        return tokenizer, model

    def count_tokens(self, text: str) -> int:
        tokenizer, _ = self.model
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    def stream(self, messages, *, max_tokens=200, temperature=0.0, not_opening=()):
        import torch
        from transformers import TextIteratorStreamer

        tokenizer, model = self.model
        inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                               return_dict=True)
        streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
        sampling = {"do_sample": True, "temperature": temperature} if temperature > 0 else {"do_sample": False}
        if banned := sorted(self._opening_ids(not_opening)):
            sampling["begin_suppress_tokens"] = banned
        with self.lock:
            errors = []

            def run():
                try:
                    with torch.inference_mode():
                        model.generate(**inputs, max_new_tokens=max_tokens, streamer=streamer, **sampling)
                except Exception as e:  # noqa: BLE001 - re-raised in the caller's thread below
                    errors.append(e)
                    streamer.end()

            worker = threading.Thread(target=run, daemon=True)
            worker.start()
            for piece in streamer:
                if piece:
                    yield piece
            worker.join()
            if errors:
                raise errors[0]

    def _token_ids(self, text):
        tokenizer, _ = self.model
        return tokenizer(text, add_special_tokens=False)["input_ids"]

    def _first_logits(self, messages):
        import torch

        tokenizer, model = self.model
        inputs = tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                               return_dict=True)
        with self.lock, torch.inference_mode():
            return model(**inputs).logits[0, -1].float().numpy()


def _llama_cpp_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("llama_cpp") is not None


@lru_cache(maxsize=4)
def get_generator(model: str | None = None, backend: str = "auto", decode_threads: int = 0) -> Generator:
    """The shared generator for (model, backend, decode_threads); "auto" picks llama.cpp for GGUF weights when
    installed. decode_threads (llama.cpp only): 0 for every core."""
    if backend not in BACKENDS:
        raise BadInput(f"unknown generator backend {backend!r}; expected one of {list(BACKENDS)}")
    if isinstance(decode_threads, bool) or not isinstance(decode_threads, int) or decode_threads < 0:
        raise BadInput(f"decode_threads must be 0 (every core) or a positive thread count, got {decode_threads!r}")
    from .models import DEFAULT_GENERATOR

    model = model or DEFAULT_GENERATOR
    if backend == "auto":
        gguf = model == DEFAULT_GENERATOR or str(model).endswith(".gguf")
        backend = "llama_cpp" if gguf and _llama_cpp_available() else "transformers"
    return (LlamaCppGenerator if backend == "llama_cpp" else TransformersGenerator)(model, decode_threads)
