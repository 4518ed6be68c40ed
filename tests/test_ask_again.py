"""ask() asks the generator once more when its reply only restated the question, and asks a part of the question
on its own when the checked answer left it out (plumbing: a scripted generator over the FakeEmbedder seed index;
tests/test_ask.py runs the real model on a question it restates)."""
import re
import sys

from rag.ask import REFUSAL, ask
from rag.types import Answer
from conftest import open_gate

QUESTION = "Meta 2026 年资本开支指引是多少?"


class Scripted:
    """Replies in turn from `replies` ("{first}": the first sentence of source [1]), recording each call."""

    def __init__(self, *replies: str):
        self.replies, self.calls, self.prompts = list(replies), [], []

    def count_tokens(self, text: str) -> int:
        return len(text) // 2 + 1

    def yes_probability(self, messages, **_) -> float:
        return 1.0

    def stream(self, messages, *, max_tokens=200, temperature=0.0, **kwargs):
        self.calls.append(kwargs)
        self.prompts.append(messages[1]["content"])
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


def test_a_reply_naming_what_its_briefs_do_not_is_asked_again(fake_seed_index, fake):
    # "华泰证券…" over a brief whose words the reply copies but that names no such broker: the name came from elsewhere
    misnamed = "华泰证券预计Meta 2026年资本支出将在1150亿美元至1350亿美元之间[1]。"
    generator = Scripted(misnamed, "{first}[1]")
    answer = _ask(fake_seed_index, generator)
    assert generator.calls == [{}, {"not_opening": (misnamed, QUESTION)}]
    assert not answer.refused and answer.citations and "华泰" not in answer.text


def test_asked_again_without_the_source_that_gave_the_misnamed_name(fake_seed_index, fake, monkeypatch):
    # which sources give the name is naming()'s call (tests/test_citations.py); here, what ask() does with it
    monkeypatch.setattr(sys.modules["rag.ask"], "naming", lambda sources, names, question: {2})
    misnamed = "华泰证券预计Meta 2026年资本支出将在1150亿美元至1350亿美元之间[1]。"
    generator = Scripted(misnamed, "{first}[1]")
    answer = _ask(fake_seed_index, generator)
    first, again = map(_listed, generator.prompts)
    assert len(again) == len(first) - 1 and first[1] == again[1] and first[3] == again[2]  # numbered again from 1
    # [4] was [2]'s brief, shown under [2]'s header: asked again, it shows the header itself
    assert re.search(r"^\[4\] \(同一篇简报,见\[2\]\)", generator.prompts[0], re.M)
    assert re.search(r"^\[3\] 标题: ", generator.prompts[1], re.M) and first[4] == again[3]
    assert not answer.refused and again[1][:20] in answer.citations[0].text


def _listed(prompt: str) -> dict[int, str]:
    """The first sentence shown under each source number of a prompt."""
    return {int(n): text for n, text in re.findall(r"^\[(\d+)\] .*\n(.+?)(?: … |\n|$)", prompt, re.M)}


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


TWO_PARTS = "Meta 2026 年资本开支指引是多少?印度竞争委员会对 WhatsApp 罚款多少?"


def test_a_part_the_checked_answer_leaves_out_is_asked_on_its_own(fake_seed_index, fake, monkeypatch):
    # which part is left out is unanswered_parts' call (tests/test_citations.py); here, what ask() does with it
    monkeypatch.setattr(sys.modules["rag.ask"], "unanswered_parts",
                        lambda question, text: ["印度竞争委员会对 WhatsApp 罚款多少"])
    generator = Scripted("{first}[1]。印度竞争委员会对WhatsApp罚款9999亿美元[1]。", "{first}[1]")
    steps = list(ask(TWO_PARTS, index=fake_seed_index, settings=open_gate(), generator=generator, stream=True))
    answer = steps[-1]
    assert len(generator.calls) == 2 and answer.parts and not answer.refused
    assert "\n\n" in "".join(steps[:-1])  # the caller saw the part's reply stream after the first
    assert any("9999" in s for s in answer.unsupported)
    # the part's sentence cites its chunk under the answer's numbering: each mark names a listed citation
    by_n = {c.n: c for c in answer.citations}
    sentences = [s for s in re.split(r"(?<=[。])", answer.text) if s]
    assert len(sentences) == 2, answer.text
    for sentence in sentences:
        (n,) = {int(m) for m in re.findall(r"\[(\d+)\]", sentence)}
        assert sentence.split("[")[0].rstrip("。") in by_n[n].text.replace("\n", "")


def test_no_part_is_asked_when_nothing_was_dropped(fake_seed_index, fake):
    generator = Scripted("{first}[1]", "{first}[1]")
    answer = ask(TWO_PARTS, index=fake_seed_index, settings=open_gate(), generator=generator)
    assert len(generator.calls) == 1 and answer.parts == ()


def test_a_part_reply_that_says_again_what_the_answer_says_adds_nothing():
    from rag.ask import _repeats

    answer = "Microsoft spent $37.5 billion on capex in fiscal Q2 2026, which grew by 66% year over year [1]."
    assert _repeats("Microsoft's capex grew by 66% year over year [2].", answer)
    assert not _repeats("Two-thirds of Microsoft's capex went to short-lived assets like GPUs [2].", answer)
    assert not _repeats("Microsoft's capex grew by 24% quarter over quarter [2].", answer)  # a new figure


class Borderline(Scripted):
    """Judges every answer at P(yes) 0.83, under the Chinese recheck's 0.88; asked again over the sources in reverse
    order, states the first reply's sentence again, cited to the number it has there (`same=True`), or states what
    the new [1] says."""

    def __init__(self, same: bool):
        super().__init__()
        self.same, self.said = same, None

    def yes_probability(self, messages, **_) -> float:
        return 0.83

    def stream(self, messages, *, max_tokens=200, temperature=0.0, **kwargs):
        self.calls.append(kwargs)
        self.prompts.append(messages[1]["content"])
        listed = _listed(messages[1]["content"])
        if self.said is None:
            self.said = listed[1]
            yield f"{listed[1]}[1]"
        else:
            n = next(n for n, text in listed.items() if text == self.said) if self.same else 1
            yield f"{listed[n]}[{n}]"


def test_a_chinese_answer_near_the_support_floor_must_come_again_from_its_sources_in_reverse(fake_seed_index, fake):
    generator = Borderline(same=True)
    answer = _ask(fake_seed_index, generator)
    first, again = map(_listed, generator.prompts)
    assert list(again.values()) == list(first.values())[::-1]  # the same sources, the last first
    assert not answer.refused and answer.again == f"{first[1]}[{len(first)}]" and "again" in answer.timings


def test_a_chinese_answer_near_the_support_floor_that_does_not_come_again_is_refused(fake_seed_index, fake):
    generator = Borderline(same=False)
    answer = _ask(fake_seed_index, generator)
    assert len(generator.calls) == 2 and answer.refused and answer.text == REFUSAL["zh"]
    assert answer.again and answer.checked  # what was withheld, and why, stay on the record


def test_a_question_asking_for_several_values_is_not_asked_again(fake_seed_index, fake):
    # "分别是多少": two replies may each give another brief's value, both right, so they need not agree
    generator = Borderline(same=False)
    answer = ask("Meta 2026 年资本开支指引分别是多少?", index=fake_seed_index, settings=open_gate(),
                 generator=generator)
    assert len(generator.calls) == 1 and not answer.refused and answer.again is None
