"""Both generator backends on the packaged GGUF weights (real models)."""
import pytest

from rag.errors import BadInput
from rag.generate import LlamaCppGenerator, TransformersGenerator, get_generator
from rag.prompt import Source, build_check_messages
from rag.types import Chunk, Hit

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
    # asked again after a reply that only restated the question (ask()): it may not open as that reply did
    again = "".join(generator.stream(MESSAGES, max_tokens=12, not_opening=(text, "汇聚科技涨了多少?")))
    assert again and generator._token_ids(again)[0] not in {generator._token_ids(text)[0],
                                                            generator._token_ids("汇聚科技涨了多少?")[0]}


def _source(text: str, lang: str) -> list[Source]:
    chunk = Chunk("c1", "d1", text, 0, len(text), "brief", "outlet", "2026-02-03", None, lang)
    return [Source(1, Hit(chunk, 1.0), text)]


ZH_SOURCE = _source("汇聚科技(01729)股价上涨11.75%,报17.12港元。北美云厂商资本开支指引乐观,光通信概念股涨幅居前。", "zh")
EN_SOURCE = _source("The Wimbledon 2019 women's singles draw: Serena Williams and Johanna Konta open on Centre Court.", "en")
# (messages, P(yes) bounds): measured 0.94 / 0.55 / 0.82 / 0.26 with the packaged weights on llama.cpp
CHECKS = [(build_check_messages("汇聚科技涨了多少?", "汇聚科技股价上涨11.75%,报17.12港元[1]。", ZH_SOURCE, "zh"), (0.85, 1)),
          (build_check_messages("汇聚科技涨了多少?", "汇聚科技股价下跌5%[1]。", ZH_SOURCE, "zh"), (0, 0.7)),
          (build_check_messages("Who won the women's singles Wimbledon in 2019?",
                                "Serena Williams won the women's singles Wimbledon in 2019 [1].", EN_SOURCE, "en"), (0.7, 1)),
          (build_check_messages("Who won the women's singles Wimbledon in 2019?",
                                "Simona Halep won the women's singles Wimbledon in 2019 [1].", EN_SOURCE, "en"), (0, 0.45))]


@pytest.mark.slow
def test_llama_cpp_says_whether_the_sources_state_an_answer():
    pytest.importorskip("llama_cpp")
    generator = get_generator()
    "".join(generator.stream(MESSAGES, max_tokens=12))
    model = generator.model
    cached = model.n_tokens, list(model.input_ids[:model.n_tokens])
    for messages, (low, high) in CHECKS:
        assert low <= generator.yes_probability(messages) <= high, messages[1]["content"]
    assert generator.yes_probability(CHECKS[0][0]) == pytest.approx(generator.yes_probability(CHECKS[0][0]), abs=0.02)
    # the answer prompt stays cached for the next question: the check puts llama.cpp's state back
    assert (model.n_tokens, list(model.input_ids[:model.n_tokens])) == cached
    assert "11.75%" in "".join(generator.stream(MESSAGES, max_tokens=12))


@pytest.mark.slow
def test_transformers_backend_runs_the_same_gguf():
    pytest.importorskip("gguf")
    generator = TransformersGenerator("Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF")
    text = "".join(generator.stream(MESSAGES, max_tokens=12))
    assert "11.75" in text
    again = "".join(generator.stream(MESSAGES, max_tokens=4, not_opening=(text,)))
    assert again and generator._token_ids(again)[0] != generator._token_ids(text)[0]
    stated, unstated = (generator.yes_probability(messages) for messages, _ in CHECKS[:2])
    assert stated > 0.85 and unstated < 0.7
