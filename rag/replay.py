"""Replay: an earlier report's stored model replies through today's checks, without generating them again.

    report, changed = replay("eval/reports/gold-s10-20261201-022501")

A change to what ask() does after generation (citation checks, refusal rules, the support check's floor) is
measured in seconds of lexical work and one support forward pass per changed answer, instead of a live run of
10-20 minutes: each question is asked again (retrieval, gate, prompt) with a generator that returns the reply the
report stored for it. An answer the checks leave as stored keeps its stored P(yes), so a replay of unchanged code
gives the stored answers exactly; a changed one is judged by the real model, its P(yes) cached by prompt
(`<cache>/support-checks.json`), so a second replay costs no model time. A question the report holds no reply for
(its gate refused it unread) is answered live. Exact only while retrieval and the prompt are those of the stored
run: a change before generation needs a live run.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from .config import Settings
from .errors import BadInput
from .generate import Generator, get_generator
from .harness import Answered, Report, answer_row, make_report, open_dataset, run_answers
from .prompt import SOURCE_MARKS

log = logging.getLogger(__name__)

SUPPORT_CACHE = "support-checks.json"
_NUMBERS = re.compile(r"\[(\d+)\]")  # the source numbers a checked answer cites
_LISTED = re.compile(r"^\[(\d+)\] ", re.MULTILINE)  # the sources a check prompt lists, one per header line


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """A question whose checked answer differs from the stored one."""

    question_id: str
    before: str
    after: str
    correct_before: bool | None  # None: an unanswerable question
    correct_after: bool | None


class SupportCache:
    """P(yes) of support-check prompts, by model and prompt, in one JSON file."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            self.values: dict[str, float] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.values = {}
        except (OSError, ValueError) as e:
            log.warning("ignoring an unreadable support-check cache %s (%s)", self.path, e)
            self.values = {}

    @staticmethod
    def key(model: str, messages: list[dict]) -> str:
        return hashlib.sha256(json.dumps([model, messages], ensure_ascii=False).encode()).hexdigest()

    def get(self, key: str) -> float | None:
        return self.values.get(key)

    def put(self, key: str, value: float) -> None:
        self.values[key] = value
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps(self.values), encoding="utf-8")
        partial.replace(self.path)


class StoredReply(Generator):
    """Streams one stored reply; counts tokens and judges support with the real model, or with the stored P(yes)
    when the checked answer is the stored one (the same check prompt: llama.cpp's prompt cache, reused from
    another prompt, moves P(yes) by up to ~0.02, enough to cross a floor)."""

    backend = "replay"

    def __init__(self, reply: str, model: Generator, cache: SupportCache, said: str | None = None,
                 support: float | None = None):
        super().__init__(f"replay of {model.model_name}")
        self.reply, self.real, self.cache = reply, model, cache
        # the stored check prompt's answer and its sources' numbers (the checked text cites them as [n])
        self.stored = ((f"{SOURCE_MARKS.sub('', said).strip()}\n\n", sorted(set(_NUMBERS.findall(said))), support)
                       if said and support is not None else None)
        self.used = False

    def count_tokens(self, text: str) -> int:
        return self.real.count_tokens(text)

    def stream(self, messages, *, max_tokens=200, temperature=0.0) -> Iterator[str]:
        self.used = True
        yield self.reply
        # ask() counts pieces to know a reply stopped at max_tokens: one piece per token, as the model gave them
        yield from [""] * (min(self.real.count_tokens(self.reply), max_tokens) - 1)

    def yes_probability(self, messages, *args, **kwargs) -> float:
        if self.stored:
            answer, numbers, support = self.stored
            prompt = messages[-1]["content"]
            if answer in prompt and sorted(set(_LISTED.findall(prompt))) == numbers:
                return support
        key = SupportCache.key(self.real.model_name, messages)
        value = self.cache.get(key)
        if value is None:
            value = self.real.yes_probability(messages, *args, **kwargs)
            self.cache.put(key, value)
        return value


def replay(folder: str | os.PathLike, *, cache: str | os.PathLike = "eval/.cache", overrides: Sequence[str] = (),
           name: str | None = None, show_progress: bool = False) -> tuple[Report, list[Change]]:
    """The report in `folder` (written by `rag eval --answers`) with its stored replies put through today's
    checks: a report of its answers (timings as stored for replayed replies) and the questions that changed.
    Answering settings are the stored run's, with "name=value" `overrides` (`rag eval --replay … --set …`)."""
    folder = Path(folder)
    try:
        meta = json.loads((folder / "results.json").read_text(encoding="utf-8"))["meta"]
        rows = [json.loads(line) for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
    except (OSError, ValueError, KeyError) as e:
        raise BadInput(f"{folder} is not a report folder of `rag eval --answers` ({e}); give one under "
                       "eval/reports/") from None
    stored = {row["id"]: row["answer"] for row in rows if "answer" in row}
    if not stored:
        raise BadInput(f"{folder} holds no answers to replay; give a report of `rag eval --answers`")
    benchmark = Path(meta["corpus"]).is_file()
    questions, index, _, _ = open_dataset(
        gold=None if benchmark else meta["questions_file"], seeds=meta["corpus"],
        corpus=meta["corpus"] if benchmark else None, questions=meta["questions_file"] if benchmark else None,
        titles=meta.get("titles", True), limit=meta.get("limit"), without_gold=meta.get("without_gold", False),
        cache=cache, show_progress=show_progress)
    questions = [q for q in questions if q.id in stored]
    settings = Settings().replace(**meta.get("settings", {})).with_overrides(list(overrides))
    model = get_generator(settings.generator, settings.backend, settings.decode_threads)
    support = SupportCache(Path(cache) / SUPPORT_CACHE)
    replies = {q.id: _reply(stored[q.id], model, support) for q in questions if stored[q.id].get("raw") is not None}
    answered = run_answers(questions, index, settings=settings, show_progress=show_progress, generators=replies)
    replayed = {q for q, reply in replies.items() if reply.used}
    answered = [_stored_timings(a, stored[a.question_id]) if a.question_id in replayed else a for a in answered]
    # no stored reply (the stored run's gate refused it unread) but the model answered now
    live = sum(a.question_id not in replies and a.first_token is not None for a in answered)
    default = dataclasses.asdict(Settings())
    data = {key: meta[key] for key in ("corpus", "questions_file", "titles", "without_gold", "limit", "index")
            if key in meta}
    report = make_report(name or f"{meta['name']}-replay", questions, [], answered, meta=data | {
        "replay_of": str(folder), "replayed": len(replayed), "answered_live": live,
        "settings": {k: v for k, v in dataclasses.asdict(settings).items() if v != default[k]},
        "notes": ["timings of replayed replies are those stored; an answer the checks left as stored keeps its "
                  "stored P(yes), a changed one is judged by the model (cached)"]})
    return report, changes(stored, report)


def _reply(row: dict, model: Generator, cache: SupportCache) -> StoredReply:
    """The stored reply of one report row, with its checked answer and P(yes) when the support check judged it (a
    refused answer's checked text is stored since session 12; older reports have none, and such an answer's P(yes)
    is asked again)."""
    if row["refused"]:
        return StoredReply(row["raw"], model, cache, said=row.get("checked"), support=row.get("support"))
    return StoredReply(row["raw"], model, cache, said=row["text"], support=row.get("support"))


def _stored_timings(answered: Answered, row: dict) -> Answered:
    return dataclasses.replace(answered, seconds=row.get("seconds", answered.seconds),
                               first_token=row.get("first_token", answered.first_token))


def changes(stored: dict[str, dict], report: Report) -> list[Change]:
    """The questions whose checked answer (text or refusal) differs from the stored one (`stored`: the report
    rows' answers by question id)."""
    by_id = {q.id: q for q in report.questions}
    out = []
    for a in report.answered:
        before = stored[a.question_id]
        if before["text"] != a.text or before["refused"] != a.refused:
            out.append(Change(a.question_id, before["text"], a.text, before.get("correct"),
                              answer_row(by_id[a.question_id], a)["correct"]))
    return out
