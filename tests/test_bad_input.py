"""The bad-input battery: every case gets an exact outcome, nothing crashes, every message says what to do, and
no bad input changes another document's results.

Index plumbing uses the deterministic FakeEmbedder of test_index.py; ask() runs up to and through a fake
generator that cites source [1] (plumbing); the real models appear only in the test marked slow.
"""
import codecs
import dataclasses
import importlib
import logging
import os
import re
from pathlib import Path

import pytest

from rag import cli
from rag.ask import REFUSAL, ask
from rag.documents import load_documents
from rag.errors import BadInput, IndexNotFound
from rag.index import build_index, current_version, load_index
from rag.retrieve import FILTER_KEYS, MAX_QUERY_CHARS, retrieve
from rag.types import Answer
from conftest import open_gate

ask_module = importlib.import_module("rag.ask")  # `rag.ask` is the function: the package re-exports it

QUESTIONS = ["Meta 2026 年资本开支指引是多少?", "印度最高法院对WhatsApp的隐私政策案说了什么?", "汇聚科技涨了多少?",
             "What happened to gold and silver prices?"]
BINARY_WARNING = "binary or in an unknown encoding (expected UTF-8, UTF-16 with a BOM or GB18030)"


class EchoGenerator:
    """Answers with the first sentence of source [1], cited: a faithful model, minus the model."""

    def __init__(self):
        self.calls: list[list[dict]] = []
        self.checks: list[list[dict]] = []
        self.support = 1.0  # what the check after answering says: P(yes) that the sources state the answer

    def count_tokens(self, text: str) -> int:
        return len(text) // 2 + 1

    def yes_probability(self, messages, **_) -> float:
        self.checks.append(messages)
        return self.support

    def stream(self, messages, *, max_tokens=200, temperature=0.0, **_):
        self.calls.append(messages)
        first = re.search(r"^\[1\] .*\n(.+?)(?: … |\n|$)", messages[1]["content"], re.M)
        yield from ([first.group(1), "[1]"] if first else ["The briefs do not say."])


@pytest.fixture
def echo(monkeypatch):
    generator = EchoGenerator()
    monkeypatch.setattr(ask_module, "get_generator", lambda *a, **k: generator)
    return generator


@pytest.fixture(scope="module")
def seed_index(fake_seed_index):
    return fake_seed_index


def _ids(hits) -> list[tuple[str, float]]:
    return [(h.chunk_id, h.score) for h in hits]


def _results(index) -> list:
    return [_ids(retrieve(q, index=index, k=5)) for q in QUESTIONS]


def cli_main(argv) -> int:
    """`rag ...` in this process; its logging.basicConfig would outlive the test's captured stderr."""
    handlers = logging.root.handlers[:]
    try:
        return cli.main([str(a) for a in argv])
    finally:
        logging.root.handlers[:] = handlers


# ---------------------------------------------------------------------------------------------- questions

@pytest.mark.parametrize("question", ["", "   ", " \n\t\u3000 ", "\x00\x01\x1b\x7f", "\u200b", None, 42])
def test_empty_question_is_refused_before_anything_runs(fake, seed_index, echo, question):
    message = "^the question is empty; type a question about the briefs$"
    with pytest.raises(BadInput, match=message):
        retrieve(question, index=seed_index)
    with pytest.raises(BadInput, match=message):
        ask(question, index=seed_index, settings=open_gate())
    assert echo.calls == []


def test_100k_character_question_is_refused_with_the_limit(fake, seed_index, echo):
    question = "为什么" * 33334  # 100,002 characters
    with pytest.raises(BadInput, match=r"^the question is 100002 characters long; ask in at most 2000$"):
        ask(question, index=seed_index, settings=open_gate())
    with pytest.raises(BadInput, match=rf"^the question is 100002 characters long; search with at most "
                                       rf"{MAX_QUERY_CHARS}$"):
        retrieve(question, index=seed_index)
    assert echo.calls == []
    at_limit = "汇聚科技涨了多少" + "?" * (2000 - 8)
    assert isinstance(ask(at_limit, index=seed_index, settings=open_gate()), Answer)
    assert len(retrieve("汇聚科技涨了多少" + "?" * (MAX_QUERY_CHARS - 8), index=seed_index, k=5)) == 5


def test_control_characters_and_odd_spaces_are_cleaned(fake, seed_index, echo):
    clean = "Meta 2026 年资本开支指引是多少?"
    dirty = "\x00Meta\x07 2026 年资本\x1b开支指引\x7f是多少?\u200b\r"
    assert _ids(retrieve(dirty, index=seed_index, k=5)) == _ids(retrieve(clean, index=seed_index, k=5))
    answer, expected = (ask(q, index=seed_index, settings=open_gate()) for q in (dirty, clean))
    assert (answer.query, answer.text, answer.citations) == (clean, expected.text, expected.citations)
    assert ask("Meta\xa0capex\u3000guidance", index=seed_index, settings=open_gate()).query == "Meta capex guidance"


@pytest.mark.parametrize("question, lang", [("Какие капитальные затраты Meta планирует на 2026 год?", "en"),
                                            ("Metaの2026年の設備投資はいくらですか?", "zh")])
def test_question_in_a_third_language_gets_an_answer_or_a_refusal(fake, seed_index, echo, question, lang):
    assert len(retrieve(question, index=seed_index, k=5)) == 5
    answer = ask(question, index=seed_index, settings=open_gate())
    assert not answer.refused and [c.n for c in answer.citations] == [1]
    assert answer.citations[0].chunk_id in {h.chunk_id for h in answer.hits}
    gated = ask(question, index=seed_index)  # the default floor: refused unread, or answered
    assert (gated.refused and gated.text == REFUSAL[lang]) or gated.citations


def test_a_reply_cut_at_the_token_limit_loses_its_unfinished_end(fake, seed_index, echo, monkeypatch):
    faithful = echo.stream

    def runaway(messages, *, max_tokens=200, temperature=0.0):  # a faithful sentence, then on until the limit
        pieces = [*faithful(messages), "。"]
        yield from pieces
        yield from (("此外", "公司")[i % 2] for i in range(max_tokens - len(pieces)))

    monkeypatch.setattr(echo, "stream", runaway)
    settings = dataclasses.replace(open_gate(), max_new_tokens=10)
    answer = ask(QUESTIONS[0], index=seed_index, settings=settings)
    assert "此外" in answer.raw and "此外" not in answer.text and answer.citations and not answer.refused


def test_an_answer_the_model_judges_unstated_is_refused(fake, seed_index, echo):
    question = "汇聚科技涨了吗?"  # not "how much": the echo of a random source [1] may name no amount
    trusted = ask(question, index=seed_index, settings=open_gate())
    assert not trusted.refused and trusted.support == 1.0 and trusted.citations
    (system, user), = echo.checks  # asked once, about the checked answer and the brief it cites, marks removed
    stated = trusted.text.removesuffix("[1]")
    assert "核查" in system["content"] and f"来源: {trusted.citations[0].source}" in user["content"]
    assert f"\n{stated}\n" in user["content"] and f"回答:{stated}\n" in user["content"]
    echo.support = 0.3
    doubted = ask(question, index=seed_index, settings=open_gate())
    assert doubted.refused and doubted.text == "简报中没有找到这个问题的答案。" and not doubted.citations
    assert doubted.support == 0.3 and doubted.raw == trusted.raw and "support" in doubted.timings
    unchecked = ask(question, index=seed_index, settings=dataclasses.replace(open_gate(), min_support_zh=0.0))
    assert not unchecked.refused and unchecked.support is None and len(echo.checks) == 2


# ---------------------------------------------------------------------------------------------- k and filters

@pytest.mark.parametrize("k", [0, -1, 1001, 10**9, True, 2.5, "5", None])
def test_bad_k_is_named(fake, seed_index, echo, k):
    with pytest.raises(BadInput, match=re.escape(f"k must be an integer from 1 to 1000, got {k!r}")):
        retrieve("资本开支", index=seed_index, k=k)
    if k is not None:  # ask(k=None) means the default
        with pytest.raises(BadInput, match=re.escape(f"k must be an integer from 1 to 1000, got {k!r}")):
            ask("资本开支", index=seed_index, k=k, settings=open_gate())
    assert echo.calls == []


def test_k_at_the_bounds(fake, seed_index):
    assert len(retrieve("资本开支", index=seed_index, k=1)) == 1
    everything = retrieve("资本开支", index=seed_index, k=1000)  # more than the index holds: all of it
    assert len(everything) == len(seed_index) and len({h.chunk_id for h in everything}) == len(seed_index)


@pytest.mark.parametrize("filters, message", [
    ({"outlet": "x"}, f"unknown filter key(s) ['outlet']; expected some of {list(FILTER_KEYS)}"),
    ({"date_from": "2026-03-01", "date_to": "2026-02-01"},
     "date range is inverted: date_from 2026-03-01 is after date_to 2026-02-01; swap them"),
    ("智通财经网", f"filters must be a dict with keys from {list(FILTER_KEYS)}, got str"),
])
def test_bad_filters_are_named(fake, seed_index, echo, filters, message):
    with pytest.raises(BadInput, match=f"^{re.escape(message)}$"):
        retrieve("资本开支", index=seed_index, filters=filters)
    with pytest.raises(BadInput, match=f"^{re.escape(message)}$"):
        ask("资本开支", index=seed_index, filters=filters, settings=open_gate())
    assert echo.calls == []


def test_filter_matching_nothing_is_refused_unread(fake, seed_index, monkeypatch):
    monkeypatch.setattr(ask_module, "get_generator", lambda *a, **k: pytest.fail("the generator was called"))
    assert retrieve("资本开支", index=seed_index, filters={"date_to": "2025-12-31"}) == []
    answer = ask("资本开支是多少?", index=seed_index, filters={"source": "no such outlet"})
    assert answer.refused and answer.text == REFUSAL["zh"] and answer.hits == ()


def test_bad_questions_leave_later_results_unchanged(fake, seed_index, echo):
    before = _results(seed_index)
    for question, kwargs in [("", {}), ("x" * 20000, {}), ("资本开支", {"k": 0}),
                             ("资本开支", {"filters": {"outlet": 1}}), ("\x00", {})]:
        with pytest.raises(BadInput):
            retrieve(question, index=seed_index, **kwargs)
    assert _results(seed_index) == before


# ---------------------------------------------------------------------------------------------- files

def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_only_an_empty_file_is_no_documents(fake, tmp_path):
    folder = tmp_path / "in"
    _write(folder / "empty.txt", b"")
    with pytest.raises(BadInput, match=re.escape(f"no documents found in ['{folder}']; give brief exports (.txt), "
                                                 ".md/.txt files or corpus .jsonl files")):
        build_index([folder], tmp_path / "idx")
    assert not (tmp_path / "idx").exists()


def test_junk_files_are_skipped_and_change_nothing(fake, seed_path, tmp_path, caplog):
    junk = tmp_path / "junk"
    paths = {
        "empty": _write(junk / "empty.txt", b""),
        "blank": _write(junk / "blank.md", "  \n\n\t\n"),
        "binary": _write(junk / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
        "utf16-no-bom": _write(junk / "utf16.txt", "腾讯发布财报\n财联社· 2026-03-18 16:30\n营收增长。\n".encode("utf-16-le")),
        "bad-jsonl": _write(junk / "bad.jsonl", '{"id": "a", "text": \n[1, 2]\n{"title": "no id", "text": "x"}\n'),
        "pdf": _write(junk / "report.pdf", b"%PDF-1.7 ..."),
        "copy": _write(junk / "copy.txt", seed_path.read_bytes()),
    }
    with caplog.at_level(logging.WARNING, logger="rag.documents"):
        info = build_index([seed_path, junk], tmp_path / "with-junk")
    build_index([seed_path], tmp_path / "clean")
    warnings = caplog.text
    assert f"skipping {paths['empty']}: the file is empty" in warnings
    assert f"skipping {paths['blank']}: the file is empty" in warnings
    assert f"skipping {paths['binary']}: {BINARY_WARNING}" in warnings
    assert f"skipping {paths['utf16-no-bom']}: {BINARY_WARNING}" in warnings
    assert f"{paths['bad-jsonl']}:1: not valid JSON" in warnings
    assert f"{paths['bad-jsonl']}:2: expected a JSON object, got list" in warnings
    assert f'{paths["bad-jsonl"]}:3: no "id"' in warnings
    assert f"skipping {paths['pdf']}: unknown file type '.pdf'" in warnings
    assert f"({paths['copy']}) repeats meta-20260203-1456 ({seed_path})" in warnings
    with_junk, clean = load_index(tmp_path / "with-junk"), load_index(tmp_path / "clean")
    assert info.documents == 10 and with_junk.manifest["documents"] == clean.manifest["documents"]
    assert with_junk.chunks == clean.chunks
    assert _results(with_junk) == _results(clean)


ENCODINGS = {
    "gbk": lambda text: text.encode("gbk"),
    "gb18030": lambda text: text.encode("gb18030"),
    "utf-16 (LE with BOM)": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16 (BE with BOM)": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-8 with BOM": lambda text: text.encode("utf-8-sig"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_encoded_briefs_index_like_utf8(fake, brief_text, tmp_path, encoding):
    utf8 = _write(tmp_path / "utf8" / "tencent.txt", brief_text)
    encoded = _write(tmp_path / "encoded" / "tencent.txt", ENCODINGS[encoding](brief_text.replace("\n", "\r\n")))
    fields = lambda docs: [(d.doc_id, d.title, d.body, d.source, d.date, d.lang) for d in docs]  # noqa: E731
    assert fields(load_documents([encoded])) == fields(load_documents([utf8]))
    assert [d.doc_id for d in load_documents([encoded])] == ["0700-hk-20260318-1630", "0700-hk-20260318-0905",
                                                             "0700-hk-20260318-1802"]
    build_index([utf8.parent], tmp_path / "idx-utf8")
    build_index([encoded.parent], tmp_path / "idx-encoded")
    a, b = load_index(tmp_path / "idx-utf8"), load_index(tmp_path / "idx-encoded")
    assert a.chunks == b.chunks
    assert [_ids(retrieve(q, index=a, k=3)) for q in ("腾讯营收", "Tencent revenue")] == \
           [_ids(retrieve(q, index=b, k=3)) for q in ("腾讯营收", "Tencent revenue")]


def test_briefs_without_title_or_date_lines(fake, tmp_path, caplog):
    folder = tmp_path / "in"
    _write(folder / "note.txt", "Meta 资本开支\n预计2026年资本开支为1150亿至1350亿美元。\n")  # no date line: a plain note
    _write(folder / "dated.txt", "财联社· 2026-03-01 09:00\n业绩 - 甲公司营收增长11.75%。\n")  # no title line
    _write(folder / "export.txt", "Workflow\nAcme(ACME)\nicon\n搜索文档\n新华社· 2026-03-02 10:30\n回购 - 乙公司宣布回购50亿元股票。\n")
    with caplog.at_level(logging.WARNING, logger="rag.documents"):
        docs = load_documents([folder])
        info = build_index([folder], tmp_path / "idx")
    assert [(d.doc_id, d.title, d.source, d.date, d.collection) for d in docs] == [
        ("dated-20260301-0900", "业绩 - 甲公司营收增长11.75%。", "财联社", "2026-03-01T09:00", None),
        ("acme-20260302-1030", "回购 - 乙公司宣布回购50亿元股票。", "新华社", "2026-03-02T10:30", "Acme(ACME)"),
        ("note", "Meta 资本开支", None, None, None),
    ]
    assert "an article dated 2026-03-01 09:00:00 has no title line; titled '业绩 - 甲公司营收增长11.75%。'" in caplog.text
    assert info.documents == 3
    assert retrieve("乙公司回购", index=load_index(tmp_path / "idx"), k=1)[0].doc_id == "acme-20260302-1030"


def test_duplicate_briefs_are_indexed_once(fake, seed_path, tmp_path):
    _write(tmp_path / "twice" / "a.txt", seed_path.read_bytes())
    _write(tmp_path / "twice" / "b.txt", seed_path.read_bytes())
    same_text = seed_path.read_text(encoding="utf-8").encode("gb18030")  # other bytes
    _write(tmp_path / "twice" / "c.txt", same_text)
    info = build_index([tmp_path / "twice"], tmp_path / "idx")
    build_index([seed_path], tmp_path / "once")
    twice, once = load_index(tmp_path / "idx"), load_index(tmp_path / "once")
    assert info.documents == 10 and sorted(twice.manifest["documents"]) == sorted(once.manifest["documents"])
    assert _results(twice) == _results(once)


def test_malformed_jsonl_lines_are_skipped_with_line_numbers(fake, tmp_path, caplog):
    path = _write(tmp_path / "corpus" / "news.jsonl", "\n".join([
        '{"id": "n1", "title": "Meta capex", "text": "Meta guided capex of 115-135 billion dollars.", "lang": "en"}',
        '{"id": "n2", "title": "broken"',
        "[1, 2]",
        '{"title": "no id", "text": "orphan text"}',
        '{"id": "n5", "title": 7, "text": "title is a number"}',
        '{"id": "n6", "text": "   "}',
        '{"id": true, "text": "a boolean id"}',
        "",
        '{"id": "n9", "title": "腾讯", "text": "腾讯第四季度营收增长11%。", "source": "财联社", "date": "2026-03-18"}',
    ]) + "\n")
    with caplog.at_level(logging.WARNING, logger="rag.documents"):
        info = build_index([path.parent], tmp_path / "idx")
    skipped = [line.split(": ", 1)[0][len(str(path)) + 1:] for line in caplog.messages if line.startswith(str(path))]
    assert skipped == ["2", "3", "4", "5", "6", "7"]
    assert f'{path}:5: "title" is not a string; line skipped' in caplog.messages
    assert info.documents == 2 and sorted(load_index(tmp_path / "idx").manifest["documents"]) == ["n1", "n9"]


# ---------------------------------------------------------------------------------------------- index folders

def test_missing_index_says_run_rag_index(fake, tmp_path, echo):
    for path in (tmp_path / "nowhere", _write(tmp_path / "empty-dir" / "x", b"").parent):
        message = f"^no index at {re.escape(str(path))}; run `rag index` first$"
        with pytest.raises(IndexNotFound, match=message):
            retrieve("资本开支", index=path)
        with pytest.raises(IndexNotFound, match=message):
            ask("资本开支", index=path, settings=open_gate())
    assert echo.calls == []


def test_index_under_a_file_is_a_clear_error(fake, seed_path, tmp_path):
    blocker = _write(tmp_path / "a-file", "keep me")
    out = blocker / "idx"
    with pytest.raises(BadInput, match=re.escape(f"cannot create the index folder {out} (Not a directory); "
                                                 "choose a writable folder with --out")):
        build_index([seed_path], out)
    assert blocker.read_text() == "keep me"


def test_read_only_index_folder_is_a_clear_error_and_stays_untouched(fake, seed_path, tmp_path):
    out = tmp_path / "idx"
    build_index([seed_path], out)
    version, before = current_version(out), _results(load_index(out))
    os.chmod(out, 0o555)
    try:
        try:
            (out / ".probe").touch()
        except PermissionError:
            pass
        else:
            (out / ".probe").unlink()
            pytest.skip("this user (root) writes into a read-only folder anyway; the ENOTDIR case covers the error")
        with pytest.raises(BadInput, match=re.escape(f"cannot write to {out} (read-only); "
                                                     "choose a writable folder with --out")):
            build_index([seed_path], out, rebuild=True)
    finally:
        os.chmod(out, 0o755)
    assert current_version(out) == version and _results(load_index(out)) == before


# ---------------------------------------------------------------------------------------------- the CLI

@pytest.mark.parametrize("argv, message", [
    (["search", "", "--index", "{index}"], "the question is empty; type a question about the briefs"),
    (["search", "\x00\x1b", "--index", "{index}"], "the question is empty; type a question about the briefs"),
    (["search", "资本开支", "--index", "{index}", "--k", "0"], "k must be an integer from 1 to 1000, got 0"),
    (["search", "资本开支", "--index", "{index}", "--k", "5000"], "k must be an integer from 1 to 1000, got 5000"),
    (["search", "资本开支", "--index", "{index}", "--from", "2026-03-01", "--to", "2026-02-01"],
     "date range is inverted: date_from 2026-03-01 is after date_to 2026-02-01; swap them"),
    (["search", "资本开支", "--index", "{tmp}/nowhere"], "no index at {tmp}/nowhere; run `rag index` first"),
    (["ask", "为什么" * 1000, "--index", "{index}"], "the question is 3000 characters long; ask in at most 2000"),
    (["ask", "资本开支", "--index", "{index}", "--k", "0"], "k must be an integer from 1 to 1000, got 0"),
    (["index", "{tmp}/nowhere", "--out", "{tmp}/out"], "no such file or directory: '{tmp}/nowhere'; check the path"),
    (["index", "{tmp}/empty", "--out", "{tmp}/out"], "no documents found in ['{tmp}/empty']"),
    (["index", "{seed}", "--out", "{tmp}/a-file/idx"], "cannot create the index folder {tmp}/a-file/idx"),
])
def test_cli_prints_one_error_line(fake, seed_index, seed_path, tmp_path, capsys, argv, message):
    (tmp_path / "empty").mkdir()
    _write(tmp_path / "a-file", "x")
    names = {"index": seed_index.path, "tmp": tmp_path, "seed": seed_path}
    assert cli_main([a.format(**names) for a in argv]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("error: ") and err.count("\n") == 1
    assert message.format(**names) in err


# ---------------------------------------------------------------------------------------------- real models

@pytest.mark.slow
def test_third_language_questions_with_the_real_models(brief_file, tmp_path):
    """Russian and Japanese questions over a small real index: an answer or the refusal, never an error."""
    build_index([brief_file], tmp_path / "idx")
    index = load_index(tmp_path / "idx")
    for question, lang in [("Сколько Tencent планирует потратить на капитальные затраты в 2026 году?", "en"),
                           ("テンセントの2026年の設備投資はいくらですか?", "zh")]:
        answer = ask(question, index=index)
        print(f"{question} -> {answer.text!r} refused={answer.refused}")
        assert (answer.refused and answer.text == REFUSAL[lang]) or (
            answer.citations and {c.chunk_id for c in answer.citations} <= {h.chunk_id for h in answer.hits})
