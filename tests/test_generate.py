"""Both generator backends on the packaged GGUF weights (real models)."""
import pytest

from rag.errors import BadInput
from rag.generate import LlamaCppGenerator, TransformersGenerator, get_generator

MESSAGES = [{"role": "user", "content": "资料:\n[1] 汇聚科技涨11.75%报17.12港元。\n\n问题: 汇聚科技涨了多少?\n\n"
                                        "请根据资料用中文简短回答,句末注明资料编号,如[1]。"}]


def test_auto_picks_llama_cpp_for_the_packaged_gguf():
    pytest.importorskip("llama_cpp")
    assert isinstance(get_generator(), LlamaCppGenerator)


def test_unknown_backend_is_named():
    with pytest.raises(BadInput, match="unknown generator backend 'vllm'"):
        get_generator(backend="vllm")


def test_decode_threads_are_checked_and_kept():
    with pytest.raises(BadInput, match="decode_threads must be 0"):
        get_generator(decode_threads=-1)
    assert get_generator(decode_threads=1).decode_threads == 1  # not loaded: the weights load on first use
    assert get_generator(decode_threads=1) is get_generator(decode_threads=1)  # shared per setting


@pytest.mark.slow
def test_llama_cpp_streams_a_grounded_answer():
    pytest.importorskip("llama_cpp")
    generator = get_generator()
    text = "".join(generator.stream(MESSAGES, max_tokens=40))
    assert "11.75%" in text
    assert generator.count_tokens("汇聚科技涨11.75%") > 3


@pytest.mark.slow
def test_transformers_backend_runs_the_same_gguf():
    pytest.importorskip("gguf")
    generator = TransformersGenerator("Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF")
    text = "".join(generator.stream(MESSAGES, max_tokens=12))
    assert "11.75" in text
