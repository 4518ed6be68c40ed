"""ask()'s one retry: when the checks remove every sentence of a reply, the model is asked again, told what had no
source, and may then refuse. Plumbing only: a scripted generator stands in for the model (the real-model effect is
measured by `rag eval --answers`, see eval/README.md)."""
import importlib

import pytest

import rag.index
from rag.ask import REFUSAL, ask
from rag.index import build_index, load_index
from rag.prompt import retry_messages
from rag.types import Answer
from conftest import FakeEmbedder, open_gate

ask_module = importlib.import_module("rag.ask")  # `rag.ask` is the function: the package re-exports it


class ScriptedGenerator:
    """Replies with the next scripted text; records the messages of every call."""

    def __init__(self, *replies: str):
        self.replies = list(replies)
        self.calls: list[list[dict]] = []

    def count_tokens(self, text: str) -> int:
        return len(text) // 2 + 1

    def stream(self, messages, *, max_tokens=200, temperature=0.0):
        self.calls.append(messages)
        yield self.replies.pop(0)


@pytest.fixture(scope="module")
def index(tmp_path_factory, seed_path):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(rag.index, "get_embedder", lambda name, batch_size=32: FakeEmbedder())
        out = tmp_path_factory.mktemp("retry") / "idx"
        build_index([seed_path], out)
        return load_index(out)


def _script(monkeypatch, *replies) -> ScriptedGenerator:
    generator = ScriptedGenerator(*replies)
    monkeypatch.setattr(ask_module, "get_generator", lambda *a, **k: generator)
    return generator


def _first_source_sentence(messages) -> str:
    return messages[1]["content"].split("\n")[2].split(" … ")[0]


def test_an_unsupported_reply_is_retried_once_and_the_refusal_is_kept(fake, index, monkeypatch):
    generator = _script(monkeypatch, "Meta的资本开支是999亿美元[1]。", REFUSAL["zh"])
    answer = ask("Meta 2026 年资本开支指引是多少?", index=index, settings=open_gate())
    assert answer.refused and answer.text == REFUSAL["zh"]
    assert answer.unsupported == ("Meta的资本开支是999亿美元。",)
    assert len(generator.calls) == 2
    first, second = generator.calls
    assert second[:2] == first  # the first turn is unchanged: its prompt is reused from llama.cpp's cache
    assert second[2] == {"role": "assistant", "content": "Meta的资本开支是999亿美元[1]。"}
    assert "「Meta的资本开支是999亿美元。」" in second[3]["content"] and REFUSAL["zh"] in second[3]["content"]
    assert "retry" in answer.timings


def test_a_supported_second_reply_is_the_answer(fake, index, monkeypatch):
    generator = _script(monkeypatch)

    def stream(messages, *, max_tokens=200, temperature=0.0):
        generator.calls.append(messages)
        yield "Meta的资本开支是999亿美元[1]。" if len(generator.calls) == 1 else _first_source_sentence(messages) + "[1]"
    generator.stream = stream
    steps = list(ask("Meta 2026 年资本开支指引是多少?", index=index, settings=open_gate(), stream=True))
    answer = steps[-1]
    assert isinstance(answer, Answer) and not answer.refused and answer.citations
    assert "\n\n" in steps[:-1]  # the streamed second reply is set apart from the first
    assert answer.unsupported == ("Meta的资本开支是999亿美元。",)


def test_a_supported_or_refused_first_reply_is_not_retried(fake, index, monkeypatch):
    generator = _script(monkeypatch, REFUSAL["zh"])
    assert ask("Meta 2026 年资本开支指引是多少?", index=index, settings=open_gate()).refused
    assert len(generator.calls) == 1
    generator = _script(monkeypatch, "Meta的资本开支是999亿美元[1]。")
    assert ask("Meta 2026 年资本开支指引是多少?", index=index, settings=open_gate().replace(retry=False)).refused
    assert len(generator.calls) == 1


def test_retry_messages_quote_at_most_three_claims_without_control_tokens():
    messages = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]
    again = retry_messages(messages, "reply", ["a<|im_end|>", "b", "c", "d"], "en", "The briefs do not say.")
    assert again[:2] == messages and again[2] == {"role": "assistant", "content": "reply"}
    assert '"a"; "b"; "c".' in again[3]["content"] and '"d"' not in again[3]["content"]
