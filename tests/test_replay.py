"""rag.replay / `rag eval --replay`: a live report's stored replies through the checks again, with the real models."""
import json
from pathlib import Path

import pytest

from rag import generate
from rag.cli import main
from rag.errors import BadInput
from rag.harness import run_eval, write_report
from rag.replay import SUPPORT_CACHE, replay

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

GOLD = [  # two seed gold questions the model answers, and one off topic that the gate refuses unread
    {"id": "g001", "question": "Meta 2026 年资本开支指引是多少?", "lang": "zh", "answers": ["1150亿"],
     "answer_groups": [["1150亿"], ["1350亿"]], "answerable": True, "gold_doc_ids": ["meta-20260203-1456"]},
    {"id": "g060", "question": "How much did Microsoft spend on capex in fiscal Q2 2026?", "lang": "en",
     "answers": ["$37.5 billion", "375亿美元"], "answerable": True, "gold_doc_ids": ["meta-20260203-1456"]},
    {"id": "cat", "question": "猫为什么喜欢睡觉?", "lang": "zh", "answers": [], "answerable": False, "gold_doc_ids": []},
]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A live `rag eval --answers` report over the seeds, and the cache its index (and support checks) go to."""
    root = tmp_path_factory.mktemp("replay")
    gold = root / "gold.jsonl"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in GOLD), encoding="utf-8")
    cache = root / "cache"
    report = run_eval(gold=gold, seeds=ROOT / "seeds", configs=["rrf"], answers=True, cache=cache, name="live")
    return write_report(report, root / "reports"), cache


def _rows(folder):
    return {r["id"]: r for r in map(json.loads, (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines())}


def test_a_replay_of_unchanged_code_gives_the_live_answers(live):
    folder, cache = live
    stored = _rows(folder)
    assert stored["cat"]["answer"]["raw"] is None  # refused unread: nothing to replay
    report, changed = replay(folder, cache=cache)
    assert changed == []
    assert report.meta["replay_of"] == str(folder) and report.meta["replayed"] == 2
    assert report.meta["answered_live"] == 0  # the gate refused the off-topic question again, unread
    for a in report.answered:
        before = stored[a.question_id]["answer"]
        assert (a.text, a.refused, a.raw) == (before["text"], before["refused"], before["raw"])
        if a.raw is not None:
            assert a.seconds == before["seconds"]  # a replayed reply keeps the time the model took
        assert a.support == before["support"]  # the same checked answer: its stored P(yes)
    assert report.answers["all"]["accuracy"] == json.loads((folder / "results.json").read_text())["answers"]["all"][
        "accuracy"]


def test_a_second_replay_asks_the_model_nothing(live, monkeypatch):
    folder, cache = live
    replay(folder, cache=cache)
    for backend in (generate.LlamaCppGenerator, generate.TransformersGenerator):
        monkeypatch.setattr(backend, "stream", lambda *a, **k: pytest.fail("the model generated"))
        monkeypatch.setattr(backend, "yes_probability", lambda *a, **k: pytest.fail("the model was asked"))
    report, changed = replay(folder, cache=cache)
    assert changed == [] and report.meta["replayed"] == 2


def test_an_edited_reply_is_checked_as_if_the_model_had_said_it(live, tmp_path):
    folder, cache = live
    edited = tmp_path / folder.name
    edited.mkdir()
    (edited / "results.json").write_text((folder / "results.json").read_text(encoding="utf-8"), encoding="utf-8")
    rows = _rows(folder)
    rows["g001"]["answer"]["raw"] = "Meta 2026年资本开支指引为9999亿美元[1]。"  # a figure no brief gives
    (edited / "questions.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows.values()),
                                            encoding="utf-8")
    report, changed = replay(edited, cache=cache)
    (change,) = changed
    assert change.question_id == "g001" and (change.correct_before, change.correct_after) == (True, False)
    assert change.after == "简报中没有找到这个问题的答案。"
    assert next(a for a in report.answered if a.question_id == "g001").refused


def test_a_changed_answer_is_judged_by_the_model_once(live, tmp_path, monkeypatch):
    folder, cache = live
    edited = tmp_path / folder.name
    edited.mkdir()
    (edited / "results.json").write_text((folder / "results.json").read_text(encoding="utf-8"), encoding="utf-8")
    rows = _rows(folder)
    rows["g001"]["answer"]["raw"] = "Meta预计2026年资本开支为1150亿至1350亿美元[1]。"  # other words than stored
    (edited / "questions.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows.values()),
                                            encoding="utf-8")
    report, _ = replay(edited, cache=cache)
    judged = next(a for a in report.answered if a.question_id == "g001")
    assert not judged.refused and 0 < judged.support < 1 and (cache / SUPPORT_CACHE).is_file()
    for backend in (generate.LlamaCppGenerator, generate.TransformersGenerator):
        monkeypatch.setattr(backend, "yes_probability", lambda *a, **k: pytest.fail("the model was asked again"))
    again, _ = replay(edited, cache=cache)
    assert next(a for a in again.answered if a.question_id == "g001").support == judged.support


def test_settings_are_the_stored_runs_and_set_overrides_them(live):
    folder, cache = live
    report, changed = replay(folder, cache=cache, overrides=["min_support_en=0.9999", "min_support_zh=0.9999"])
    assert report.meta["settings"] == {"min_support_en": 0.9999, "min_support_zh": 0.9999}
    assert {c.question_id for c in changed} == {a.question_id for a in report.answered
                                                if a.question_id != "cat"} and all(a.refused for a in report.answered)


def test_cli_replay_prints_the_table_and_what_changed(live, tmp_path, capsys):
    folder, cache = live
    assert main(["eval", "--replay", str(folder), "--cache", str(cache), "--reports", str(tmp_path),
                 "--name", "again"]) == 0
    out = capsys.readouterr().out
    assert "0 of 3 answers changed" in out and "accuracy" in out
    (written,) = tmp_path.glob("again-*")
    assert json.loads((written / "results.json").read_text())["meta"]["replay_of"] == str(folder)


def test_a_folder_without_answers_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(BadInput, match="not a report folder"):
        replay(tmp_path)
    assert main(["eval", "--replay", str(tmp_path)]) != 0
    assert "rag eval --answers" in capsys.readouterr().err


def test_the_stored_p_yes_stands_only_for_the_same_answer_over_the_same_sources(tmp_path):
    from rag.prompt import Source, build_check_messages
    from rag.replay import StoredReply, SupportCache
    from rag.types import Chunk, Hit

    class Judge:  # plumbing only: the real model's P(yes) is what the slow tests above read
        model_name = "judge"

        def yes_probability(self, messages, *a, **k):
            return 0.5

    def source(n):
        text = f"腾讯第四季度营收1,550亿元，来源{n}。"
        return Source(n, Hit(Chunk(f"d{n}#0", f"d{n}", text, 0, len(text), f"标题{n}", "财联社", "2026-03-18"), 1.0), text)

    reply = StoredReply("…", Judge(), SupportCache(tmp_path / "cache.json"), said="腾讯营收1,550亿元[1]。", support=0.93)
    question = "腾讯营收多少?"
    assert reply.yes_probability(build_check_messages(question, "腾讯营收1,550亿元[1]。", [source(1)], "zh")) == 0.93
    assert reply.yes_probability(build_check_messages(question, "腾讯营收1,550亿元[2]。", [source(2)], "zh")) == 0.5
    assert reply.yes_probability(build_check_messages(question, "腾讯营收增长11.75%[1]。", [source(1)], "zh")) == 0.5


def test_a_support_refused_answer_keeps_its_stored_p_yes_when_the_report_holds_its_checked_text(tmp_path):
    from rag.prompt import Source, build_check_messages
    from rag.replay import SupportCache, _reply
    from rag.types import Chunk, Hit

    class Judge:  # plumbing only
        model_name = "judge"

        def yes_probability(self, messages, *a, **k):
            return 0.7

    text = "腾讯第四季度营收1,550亿元。"
    sources = [Source(1, Hit(Chunk("d1#0", "d1", text, 0, len(text), "标题", "财联社", "2026-03-18"), 1.0), text)]
    messages = build_check_messages("腾讯营收多少?", "腾讯营收1,550亿元[1]。", sources, "zh")
    row = {"refused": True, "raw": "腾讯营收1,550亿元。[1]", "text": "简报中没有找到这个问题的答案。", "support": 0.61}
    cache = SupportCache(tmp_path / "cache.json")
    assert _reply(row | {"checked": "腾讯营收1,550亿元[1]。"}, Judge(), cache).yes_probability(messages) == 0.61
    assert _reply(row, Judge(), cache).yes_probability(messages) == 0.7  # an older report: asked again


def test_a_reply_asked_again_is_replayed_in_turn_and_an_unstored_one_generated_once(tmp_path):
    from rag.replay import SupportCache, _reply

    class Model:  # plumbing only: tests/test_ask.py runs the real model on a question it restates
        model_name = "model"
        calls = 0

        def count_tokens(self, text):
            return len(text)

        def stream(self, messages, **kwargs):
            Model.calls += 1
            yield f"[1] 2021年 {kwargs['not_opening']}"

    messages = [{"role": "user", "content": "哪一年?"}]
    row = {"refused": False, "raw": "[1] 2021年", "text": "2021年[1]", "support": 0.9, "restated": "哪一年? [1]"}
    stored = _reply(row, Model(), SupportCache(tmp_path / "cache.json"))
    assert "".join(stored.stream(messages)) == "哪一年? [1]"  # the first reply, then the one asked again
    assert "".join(stored.stream(messages, not_opening=("哪一年? [1]",))) == "[1] 2021年"
    older = {"refused": True, "raw": "哪一年? [1]", "text": "简报中没有找到这个问题的答案。"}  # before session 13
    for _ in range(2):  # asked again live, then from the cache
        replayed = _reply(older, Model(), SupportCache(tmp_path / "cache.json"))
        assert "".join(replayed.stream(messages)) == "哪一年? [1]"
        assert "".join(replayed.stream(messages, not_opening=("哪一年? [1]", "哪一年?"))).startswith("[1] 2021年")
    assert Model.calls == 1


def test_the_reply_asked_over_reversed_sources_is_replayed_after_the_others(tmp_path):
    from rag.replay import SupportCache, _reply

    class Model:  # plumbing only: a stored reply is never generated again
        model_name = "model"

        def count_tokens(self, text):
            return len(text)

        def stream(self, messages, **kwargs):
            raise AssertionError("a stored reply was generated again")

    row = {"refused": False, "raw": "南非[1]", "text": "南非[1]", "support": 0.83, "again": "南非[5]"}
    stored = _reply(row, Model(), SupportCache(tmp_path / "cache.json"))
    first = [{"role": "user", "content": "[1] a\n[2] b"}]
    assert "".join(stored.stream(first)) == "南非[1]"
    assert "".join(stored.stream([{"role": "user", "content": "[1] b\n[2] a"}])) == "南非[5]"
