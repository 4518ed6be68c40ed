"""rag.ui: answer + citations -> HTML, filters, uploads and one chat turn, with exact expected strings."""
from __future__ import annotations

import pytest

from rag import ui
from rag.errors import BadInput, IndexNotFound
from rag.types import Answer, Chunk, Citation, Hit

BODY = ("市场表现 - 光通信概念股普遍上涨,截至发稿,汇聚科技涨11.75%报17.12港元 [1] "
        "行业驱动因素 - 微软2026财年第二财季资本支出达到375亿美元 [1] - Meta预计2026年资本支出将在1150亿美元至1350亿美元之间 [1]")
SHORT = "汇聚科技涨11.75%报17.12港元 [1]"


def citation(n: int, text: str, chunk_id: str = "meta-20260203-1456#0") -> Citation:
    return Citation(n, chunk_id, chunk_id.split("#")[0], "港股异动 | 光通信概念股涨幅居前", "智通财经网",
                    "2026-02-03T14:56", text)


def hit(chunk_id: str, text: str, score: float) -> Hit:
    chunk = Chunk(chunk_id, chunk_id.split("#")[0], text, 0, len(text), "港股异动 | 光通信概念股涨幅居前",
                  "智通财经网", "2026-02-03T14:56")
    return Hit(chunk, score, dense_rank=1, sparse_rank=1, dense_score=0.86)


# ---------------------------------------------------------------------------------------------- formatting

def test_link_marks_makes_known_numbers_superscript_links_to_their_cards():
    assert ui.link_marks("汇聚科技涨11.75%[1]。", "cite-2", {1}) == (
        '汇聚科技涨11.75%<sup><a class="rag-cite" href="#cite-2-1">[1]</a></sup>。')
    assert ui.link_marks("Spent $37.5 billion [1, 2].", "cite-1", {1, 2}) == (
        'Spent $37.5 billion <sup><a class="rag-cite" href="#cite-1-1">[1]</a>'
        '<a class="rag-cite" href="#cite-1-2">[2]</a></sup>.')


def test_link_marks_leaves_unknown_numbers_as_text_and_escapes_everything_else():
    assert ui.link_marks("<b>x</b> & y [7].", "cite-1", {1}) == "&lt;b&gt;x&lt;/b&gt; &amp; y [7]."


def test_claims_pairs_each_sentence_with_its_numbers():
    assert ui.claims("汇聚科技涨11.75%[1]。微软支出375亿美元[1][2]。") == [
        ("汇聚科技涨11.75%。", [1]), ("微软支出375亿美元。", [1, 2])]


@pytest.mark.parametrize("claim, expected", [
    ("汇聚科技涨了11.75%", "市场表现 - 光通信概念股普遍上涨,截至发稿,汇聚科技涨11.75%报17.12港元"),
    ("Meta expects 2026 capex of $115 billion to $135 billion", "Meta预计2026年资本支出将在1150亿美元至1350亿美元之间"),
    ("Microsoft spent $37.5 billion", "行业驱动因素 - 微软2026财年第二财季资本支出达到375亿美元"),
])
def test_support_spans_pick_the_sentence_sharing_most_tokens_and_figures(claim, expected):
    assert [BODY[s:e] for s, e in ui.support_spans(BODY, [claim])] == [expected]


def test_support_spans_mark_nothing_for_an_unrelated_claim():
    assert ui.support_spans(BODY, ["zzz"]) == []
    assert ui.support_spans(BODY, []) == []


def test_highlight_escapes_and_marks():
    assert ui.highlight("a<b> c\nd", [(0, 4)]) == "<mark>a&lt;b&gt;</mark> c<br>d"


def test_short_card_shows_the_whole_chunk_with_its_support_marked():
    card = ui.citation_card(citation(1, SHORT), "cite-1", [(0, 19)], 0.0325)
    assert card == (
        '<div class="rag-card" id="cite-1-1"><div class="rag-card-head"><span class="rag-n">1</span> '
        '<span class="rag-title">港股异动 | 光通信概念股涨幅居前</span></div>'
        '<div class="rag-meta">智通财经网 · 2026-02-03 14:56 · score 0.0325</div>'
        '<div class="rag-text"><mark>汇聚科技涨11.75%报17.12港元</mark> [1]</div></div>')


def test_long_card_is_collapsed_behind_its_supporting_sentence():
    text = BODY + " 机构观点 - " + "机构继续看好AI算力产业链。" * 12
    card = ui.citation_card(citation(2, text), "cite-1", [(0, 5)], None)
    assert card.startswith('<div class="rag-card" id="cite-1-2">')
    assert '<div class="rag-meta">智通财经网 · 2026-02-03 14:56</div>' in card  # no hit: no score
    assert f'<blockquote class="rag-support">市场表现 </blockquote><details class="rag-text"><summary>full passage ' \
           f'({len(text)} characters)</summary><mark>市场表现 </mark>- 光通信' in card
    assert card.endswith("</details></div>")
    assert "\n" not in card


def test_card_escapes_untrusted_brief_text():
    evil = Citation(1, "x#0", "x", '<img src=x onerror="alert(1)">', "<i>src</i>", None, "<script>alert(1)</script>")
    card = ui.citation_card(evil, "cite-1", [], None)
    assert "<script>" not in card and "<img" not in card and "<i>" not in card
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in card
    assert '<span class="rag-title">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</span>' in card


def test_format_answer_links_marks_and_adds_one_card_per_citation():
    answer = Answer("汇聚科技涨11.75%[1]。", citations=(citation(1, SHORT),),
                    hits=(hit("meta-20260203-1456#0", SHORT, 0.0325),))
    assert ui.format_answer(answer, "cite-1") == (
        '汇聚科技涨11.75%<sup><a class="rag-cite" href="#cite-1-1">[1]</a></sup>。\n\n'
        '<div class="rag-cards"><div class="rag-card" id="cite-1-1"><div class="rag-card-head">'
        '<span class="rag-n">1</span> <span class="rag-title">港股异动 | 光通信概念股涨幅居前</span></div>'
        '<div class="rag-meta">智通财经网 · 2026-02-03 14:56 · score 0.0325</div>'
        '<div class="rag-text"><mark>汇聚科技涨11.75%报17.12港元</mark> [1]</div></div></div>')


def test_format_answer_says_when_sentences_were_left_out():
    answer = Answer("汇聚科技涨11.75%[1]。", citations=(citation(1, SHORT),), unsupported=("鸿腾精密涨9%。",))
    assert "\n\n<small>1 generated sentence left out: no source states its figures.</small>\n\n" in \
        ui.format_answer(answer)


def test_format_answer_for_a_refusal_has_a_hint_and_no_cards():
    answer = Answer("The briefs do not say.", refused=True)
    assert ui.format_answer(answer) == ("The briefs do not say.\n\n<small>Nothing retrieved says it. Try other "
                                        "words, a wider date range or fewer source filters.</small>")


def test_format_error_is_one_friendly_line_never_a_traceback():
    assert ui.format_error(IndexNotFound("no index at x; run `rag index` first")) == \
        "⚠️ no index at x; run `rag index` first"
    assert ui.format_error(ZeroDivisionError("division by zero")) == \
        "⚠️ Something went wrong (ZeroDivisionError); the server log has the details."


def test_format_status():
    manifest = {"counts": {"documents": 10, "chunks": 78}, "built_at": "2026-02-04T09:30:00+0800"}
    assert ui.format_status(manifest, "index", "ready", ("2026-02-02T08:37", "2026-02-03T14:56")) == (
        "**Index** `index` · 10 briefs · 78 chunks · dated 2026-02-02 to 2026-02-03 · "
        "built 2026-02-04 09:30:00+0800 · **models** ready")
    assert ui.format_status(manifest, "index", "ready") == \
        "**Index** `index` · 10 briefs · 78 chunks · built 2026-02-04 09:30:00+0800 · **models** ready"
    assert ui.format_status(None, "index", "loading…") == "**Index** `index`: not loaded yet · **models** loading…"


def test_make_filters():
    assert ui.make_filters([], "", None) is None
    assert ui.make_filters(["智通财经网"], " 2026-02 ", "2026-02-03") == {
        "date_from": "2026-02", "date_to": "2026-02-03", "source": ["智通财经网"]}
    with pytest.raises(BadInput, match="write YYYY-MM-DD"):
        ui.make_filters(None, "3 Feb", None)


# ---------------------------------------------------------------------------------------------- uploads

@pytest.mark.parametrize("name, safe", [
    ("../../etc/passwd", "passwd"), ("..\\..\\evil.MD", "evil.md"), (".hidden.txt", "hidden.txt"),
    ("报告 2026.TXT", "报告_2026.txt"), ("a<b>.jsonl", "a_b.jsonl"), ("", "upload"), ("..", "upload"),
])
def test_safe_filename_cannot_leave_the_folder(name, safe):
    assert ui.safe_filename(name) == safe


def test_save_uploads_copies_checks_and_never_overwrites(tmp_path, monkeypatch):
    incoming, folder = tmp_path / "in", tmp_path / "data" / "uploads"
    incoming.mkdir()
    (incoming / "a.md").write_text("# A\nfirst", encoding="utf-8")
    (incoming / "evil.exe").write_bytes(b"MZ")
    (incoming / "big.txt").write_text("x" * 11, encoding="utf-8")
    monkeypatch.setattr(ui, "MAX_UPLOAD_BYTES", 10)
    saved, rejected = ui.save_uploads([str(incoming / n) for n in ("a.md", "evil.exe", "big.txt")], folder)
    assert saved == [folder / "a.md"]
    assert rejected == ["evil.exe: not one of .txt, .md, .jsonl", "big.txt: 0.0 MB, over the 0 MB limit"]
    assert ui.save_uploads([str(incoming / "a.md")], folder)[0] == [folder / "a.md"]  # same file: kept once
    (incoming / "a.md").write_text("# A\nsecond", encoding="utf-8")
    assert ui.save_uploads([str(incoming / "a.md")], folder)[0] == [folder / "a-2.md"]
    assert sorted(p.name for p in folder.iterdir()) == ["a-2.md", "a.md"]


# ---------------------------------------------------------------------------------------------- a chat turn

def fake_ask(pieces, final, seen=None):
    def ask(question, **kwargs):
        if seen is not None:
            seen.append((question, kwargs))
        yield from pieces
        yield final
    return ask


def test_chat_turn_streams_then_shows_the_formatted_answer(monkeypatch):
    final = Answer("汇聚科技涨11.75%[1]。", citations=(citation(1, SHORT),))
    seen = []
    monkeypatch.setattr(ui, "ask", fake_ask(["汇聚科技", "涨11.75%[1]。"], final, seen))
    turns = list(ui.chat_turn(" 汇聚科技涨了多少? ", [], [], index="idx", k=4, lang="zh"))
    assert [t[0][-1]["content"] for t in turns[:3]] == ["<em>Searching the briefs…</em>", "汇聚科技" + ui.CHECKING,
                                                         "汇聚科技涨11.75%[1]。" + ui.CHECKING]
    chat, history = turns[-1]
    assert chat[0] == {"role": "user", "content": "汇聚科技涨了多少?"}
    assert chat[1]["content"] == ui.format_answer(final, "cite-1")
    assert history == [{"role": "user", "content": "汇聚科技涨了多少?"},
                       {"role": "assistant", "content": "汇聚科技涨11.75%[1]。"}]
    assert seen == [("汇聚科技涨了多少?", {"index": "idx", "k": 4, "filters": None, "stream": True, "lang": "zh"})]


def test_chat_turn_passes_history_only_when_ask_takes_it(monkeypatch):
    seen = []
    monkeypatch.setattr(ui, "ask", fake_ask([], Answer("ok"), seen))
    earlier = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    list(ui.chat_turn("again?", [], earlier, index="idx"))
    assert "history" not in seen[-1][1]

    def ask_with_history(question, *, history=None, **kwargs):
        seen.append((question, {"history": history, **kwargs}))
        yield Answer("ok")
    monkeypatch.setattr(ui, "ask", ask_with_history)
    list(ui.chat_turn("again?", [], earlier, index="idx"))
    assert seen[-1][1]["history"] == earlier


def test_chat_turn_numbers_anchors_per_answer(monkeypatch):
    monkeypatch.setattr(ui, "ask", fake_ask([], Answer("x[1]。", citations=(citation(1, SHORT),))))
    chat = [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]
    last = list(ui.chat_turn("q2", chat, [], index="idx"))[-1][0]
    assert 'href="#cite-2-1"' in last[-1]["content"] and 'id="cite-2-1"' in last[-1]["content"]


def test_chat_turn_ignores_empty_input():
    assert list(ui.chat_turn("   ", [], [], index="idx")) == []


def test_chat_turn_turns_errors_into_messages(monkeypatch):
    def failing(question, **kwargs):
        raise IndexNotFound("no index at idx; run `rag index` first")
        yield  # noqa: unreachable - makes this a generator like ask(stream=True)
    monkeypatch.setattr(ui, "ask", failing)
    chat, history = list(ui.chat_turn("q", [], [], index="idx"))[-1]
    assert chat[-1]["content"] == "⚠️ no index at idx; run `rag index` first" and history == []
    chat, _ = list(ui.chat_turn("q", [], [], index="idx", date_from="yesterday"))[-1]
    assert chat[-1]["content"].startswith("⚠️ date from &#x27;yesterday&#x27; is not a date")


def test_build_app_makes_blocks_without_loading_models(tmp_path):
    gr = pytest.importorskip("gradio")
    demo = ui.build_app(str(tmp_path / "no-index"), uploads=str(tmp_path / "uploads"))
    assert isinstance(demo, gr.Blocks)
    assert not (tmp_path / "uploads").exists()
