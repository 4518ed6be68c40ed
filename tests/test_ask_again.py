"""ask() asks the generator once more when its reply only restated the question (plumbing: a scripted generator
over the FakeEmbedder seed index; tests/test_ask.py runs the real model on a question it restates)."""
import re

from rag.ask import REFUSAL, ask
from rag.types import Answer
from conftest import open_gate

QUESTION = "Meta 2026 年资本开支指引是多少?"


class Scripted:
    """Replies in turn from `replies` ("{first}": the first sentence of source [1]), recording each call."""

    def __init__(self, *replies: str):
        self.replies, self.calls = list(replies), []

    def count_tokens(self, text: str) -> int:
        return len(text) // 2 + 1

    def yes_probability(self, messages, **_) -> float:
        return 1.0

    def stream(self, messages, *, max_tokens=200, temperature=0.0, **kwargs):
        self.calls.append(kwargs)
        first = re.search(r"^\[1\] .*\n(.+?)(?: … |\n|$)", messages[1]["content"], re.M).group(1)
        yield self.replies[len(self.calls) - 1].format(first=first)


def _ask(index, generator, stream=False):
    return ask(QUESTION, index=index, settings=open_gate(), generator=generator, stream=stream)


def test_a_restated_question_is_asked_again_and_may_not_open_the_same_way(fake_seed_index, fake):
    generator = Scripted(f"{QUESTION} [1]", "{first}[1]")
    steps = list(_ask(fake_seed_index, generator, stream=True))
    answer = steps[-1]
    assert isinstance(answer, Answer) and not answer.refused and answer.citations
    assert generator.calls == [{}, {"not_opening": (f"{QUESTION} [1]", QUESTION)}]
    assert answer.restated == f"{QUESTION} [1]" and answer.raw != answer.restated
    assert "".join(steps[:-1]).startswith(f"{QUESTION} [1]\n\n")  # the caller saw both replies stream


def test_asked_again_once_only(fake_seed_index, fake):
    generator = Scripted(f"{QUESTION} [1]", f"{QUESTION} [1]", "{first}[1]")
    answer = _ask(fake_seed_index, generator)
    assert answer.refused and answer.text == REFUSAL["zh"] and len(generator.calls) == 2
    assert answer.restated == f"{QUESTION} [1]"


def test_an_answer_or_an_unsupported_reply_is_not_asked_again(fake_seed_index, fake):
    for reply in ("{first}[1]", "Meta预计2026年资本开支为9999亿美元[1]。"):  # answered; a figure no brief states
        generator = Scripted(reply, "{first}[1]")
        answer = _ask(fake_seed_index, generator)
        assert len(generator.calls) == 1 and answer.restated is None
