import pytest

from rag.chunking import chunk_document, chunk_documents
from rag.config import Settings
from rag.errors import BadInput
from rag.types import Chunk, Document


def doc(body: str, title: str = "T", **fields) -> Document:
    return Document(doc_id="d", title=title, body=body, **fields)


def texts(chunks: list[Chunk]) -> list[str]:
    return [c.text for c in chunks]


def check_layout(chunks: list[Chunk], body: str) -> None:
    """Offsets are exact and stripped; chunks cover the body in order (overlaps allowed, gaps only blank)."""
    assert [c.chunk_id for c in chunks] == [f"{chunks[0].doc_id}#{n}" for n in range(len(chunks))]
    for c in chunks:
        assert c.text == body[c.start:c.end] and c.text == c.text.strip() and c.text
    assert chunks[0].start == len(body) - len(body.lstrip())
    assert chunks[-1].end == len(body.rstrip())
    for a, b in zip(chunks, chunks[1:]):
        assert a.start < b.start and a.end < b.end
        assert b.start <= a.end or body[a.end:b.start].strip() == ""


# ---------------------------------------------------------------------------------------------- exact boundaries
# toy counts (conftest): one per Han character, Latin word or number. With title "光通信" the head line costs
# 3 + 4 (section) + MARGIN 2 = 9. ZH_BODY's sentences cost 9, 6, 5 | 13, 6 (the bar is a section head).

ZH_SECTIONS = ["市场表现 - 光纤股上涨。汇聚科技涨11.75%。长飞涨8.16%。 [1]", "行业驱动 - 微软支出达375亿美元。Meta支出翻倍。 [2]"]


@pytest.mark.parametrize("budget", [30, 45])
def test_chinese_chunks_start_at_section_heads(zh_body, count, budget):
    # at 45 "行业驱动 - 微软…" would still fit (29 + 13), but not its whole section (29 + 19): new chunk
    chunks = chunk_document(doc(zh_body, "光通信"), count, Settings(chunk_tokens=budget, max_chunk_tokens=60))
    assert texts(chunks) == ZH_SECTIONS
    assert [c.section for c in chunks] == ["市场表现", "行业驱动"]
    check_layout(chunks, zh_body)


def test_small_sections_share_a_chunk(zh_body, count):
    chunks = chunk_document(doc(zh_body, "光通信"), count, Settings(chunk_tokens=50, max_chunk_tokens=60))
    assert texts(chunks) == [zh_body]
    assert chunks[0].section == "市场表现"


def test_chinese_tight_budget_packs_whole_sentences(zh_body, count):
    chunks = chunk_document(doc(zh_body, "光通信"), count, Settings(chunk_tokens=20, max_chunk_tokens=60))
    assert texts(chunks) == ["市场表现 - 光纤股上涨。", "汇聚科技涨11.75%。长飞涨8.16%。 [1]",
                             "行业驱动 - 微软支出达375亿美元。", "Meta支出翻倍。 [2]"]
    assert [c.section for c in chunks] == ["市场表现", "市场表现", "行业驱动", "行业驱动"]
    check_layout(chunks, zh_body)


# EN_BODY with title "Capex": head 1 + 2 = 3; sentences 5, 10, 8, 7 (U.S. counts as two words).
EN = ["Meta raised its capex guidance.", "The company expects spending of up to 135 billion dollars.",
      "Analysts at J. P. Morgan called it bold.", "Shares rose 11.75% in U.S. trading."]


def test_english_chunks_overlap_by_one_sentence(en_body, count):
    chunks = chunk_document(doc(en_body, "Capex"), count, Settings(chunk_tokens=24, max_chunk_tokens=40))
    assert texts(chunks) == [f"{EN[0]} {EN[1]}", f"{EN[1]} {EN[2]}", f"{EN[2]} {EN[3]}"]
    assert [c.section for c in chunks] == [None, None, None]
    assert [c.lang for c in chunks] == ["en", "en", "en"]
    check_layout(chunks, en_body)


def test_english_chunks_without_overlap(en_body, count):
    settings = Settings(chunk_tokens=24, max_chunk_tokens=40, overlap_sentences=0)
    chunks = chunk_document(doc(en_body, "Capex"), count, settings)
    assert texts(chunks) == [f"{EN[0]} {EN[1]}", f"{EN[2]} {EN[3]}"]


@pytest.mark.parametrize("budget, cap, expected", [
    (8, 10, ["甲乙丙丁，", "戊己庚辛，", "壬癸子丑，", "寅卯辰巳。"]),
    (12, 14, ["甲乙丙丁，戊己庚辛，", "壬癸子丑，寅卯辰巳。"]),
])
def test_a_sentence_over_the_cap_is_cut_at_clauses(count, budget, cap, expected):
    body = "甲乙丙丁，戊己庚辛，壬癸子丑，寅卯辰巳。"  # 16 tokens + head 3 > cap
    chunks = chunk_document(doc(body), count, Settings(chunk_tokens=budget, max_chunk_tokens=cap))
    assert texts(chunks) == expected
    assert all(count(c.search_text) <= cap for c in chunks)


def test_a_sentence_without_clauses_is_cut_by_tokens(count):
    chunks = chunk_document(doc("一二三四五六七八九十"), count, Settings(chunk_tokens=6, max_chunk_tokens=8))
    assert texts(chunks) == ["一二三", "四五六", "七八九", "十"]


def test_a_sentence_between_budget_and_cap_stays_whole(count):
    body = "短句。这一句比目标长但没有超过上限。"
    chunks = chunk_document(doc(body), count, Settings(chunk_tokens=10, max_chunk_tokens=30))
    assert texts(chunks) == ["短句。", "这一句比目标长但没有超过上限。"]


def test_offsets_skip_surrounding_whitespace(count):
    body = "  第一句。  \n\n 第二句。 \n"
    chunks = chunk_document(doc(body), count, Settings(chunk_tokens=6, max_chunk_tokens=10))
    assert [(c.text, c.start, c.end) for c in chunks] == [("第一句。", 2, 6), ("第二句。", 11, 15)]


def test_chunk_fields(count):
    d = Document("meta-20260203-1456", "标题", "市场表现 - 上涨。", source="智通财经网", date="2026-02-03T14:56")
    assert chunk_document(d, count, Settings()) == [Chunk(
        chunk_id="meta-20260203-1456#0", doc_id="meta-20260203-1456", text="市场表现 - 上涨。", start=0, end=10,
        title="标题", source="智通财经网", date="2026-02-03T14:56", section="市场表现", lang="zh")]
    assert chunk_document(Document("e", "t", "   "), count, Settings()) == []


def test_a_long_title_is_shortened_to_keep_the_cap(count):
    d = doc("正文一句。", title="长" * 100)
    chunks = chunk_document(d, count, Settings(chunk_tokens=30, max_chunk_tokens=40))
    assert chunks[0].title == "长" * 20 + "…"  # 50% of the cap
    assert count(chunks[0].search_text) <= 40


def test_bad_settings_raise(count):
    with pytest.raises(BadInput, match="expected 0 < chunk_tokens <= max_chunk_tokens"):
        chunk_document(doc("句。"), count, Settings(chunk_tokens=500, max_chunk_tokens=400))


# ---------------------------------------------------------------------------------------------- the seed export

@pytest.mark.parametrize("settings", [Settings(), Settings(chunk_tokens=60, max_chunk_tokens=80),
                                      Settings(chunk_tokens=30, max_chunk_tokens=40, overlap_sentences=2)])
def test_seed_chunks_reassemble_and_respect_the_cap(seed_docs, count, settings):
    for d in seed_docs:
        chunks = chunk_document(d, count, settings)
        check_layout(chunks, d.body)
        assert all(count(c.search_text) <= settings.max_chunk_tokens for c in chunks)
        assert all((c.doc_id, c.source, c.date) == (d.doc_id, d.source, d.date) for c in chunks)
        assert all(c.title == d.title or d.title.startswith(c.title[:-1]) for c in chunks)  # shortened at cap 40


def test_seed_sections_recorded(seed_docs, count):
    chunks = chunk_document(seed_docs[0], count, Settings())
    assert chunks[0].section == "市场表现"
    assert {c.section for c in chunks} <= {"市场表现", "行业驱动因素", "机构观点"}
    sections = {c.section for c in chunk_documents(seed_docs, count, Settings())}
    assert {"案件核心与法院立场", "标志三:核查客户验证点", "2. 行业重点新闻", "5. Meta 业绩亮点摘要"} <= sections


def test_seed_chunk_ids_are_stable(seed_docs, count):
    first = chunk_documents(seed_docs, count, Settings())
    again = chunk_documents(seed_docs, count, Settings())
    assert first == again
    assert len({c.chunk_id for c in first}) == len(first)
    assert first[0].chunk_id == "meta-20260203-1456#0"


def test_seed_with_a_real_tokenizer(seed_docs, real_tokenizer_count):
    settings = Settings()
    for d in seed_docs:
        chunks = chunk_document(d, real_tokenizer_count, settings)
        check_layout(chunks, d.body)
        assert all(real_tokenizer_count(c.search_text) <= settings.max_chunk_tokens for c in chunks)
