import json
import logging

import pytest

from rag.documents import load_documents, read_text
from rag.errors import BadInput, RagError

# (doc_id, title, source, date, first 20 chars of the body, last 20)
SEED_ARTICLES = [
    ("meta-20260203-1456", "港股异动 | 光通信概念股涨幅居前 北美CSP资本开支指引乐观 光纤光缆行业已转向量价齐升", "智通财经网",
     "2026-02-03T14:56", "市场表现 - 光通信概念股普遍上涨,截至", "光缆行业已从复苏转向量价齐升阶段 [1]"),
    ("meta-20260203-1416", "We will not allow you to share even a single data: SC pulls up Meta, WhatsApp over 2021 "
     "privacy policy", "The Economic Times", "2026-02-03T14:16", "案件核心与法院立场 - 印度最高法院正在",
     "据都被共享 仅共享特定数据 [2][3]"),
    ("meta-20260203-1309", "AI’s white-collar gig economy is booming. Can it last?", "The Economic Times",
     "2026-02-03T13:09", "AI对就业市场的潜在影响与当前趋势 - ", "能也会面临被自动化的命运 [9][11]"),
    ("meta-20260203-1211", "我拥有了超能力,Meta最牛文科生让3个AI互掐,竟造出1人技术部", "36氪", "2026-02-03T12:11",
     "AI赋能非技术人员实现生产力跃迁 - M", "低了初始学习曲线[47][48][49]"),
    ("meta-20260203-1130", "AI Boom or Bust? Here are 4 Telltale Signs", "The Smart Investor", "2026-02-03T11:30",
     "AI收入实质与投资分析框架 - 当前众多", "锁新收入、主导市场并重塑商业世界[20]"),
    ("meta-20260203-1120", "通信行业周报:光纤行业涨价趋势明确,关注 cpo 和光互联投资机会", "国泰海通证券",
     "2026-02-03T11:20", "报告行业投资评级 - 评级:增持 [4]", "公司也推出基于XPU的NPO方案 [8]"),
    ("meta-20260203-1005", "Crawdbot真的是全能的AI助手吗?", None, "2026-02-03T10:05", "**Open Cloud (龙虾) 电话",
     "但会议未下结论,仅作为现象提及[10]。"),
    ("meta-20260203-1005-2", "强CALL算力的逻辑是什么", None, "2026-02-03T10:05", "纪要涉及的行业与公司 * **AI与算力",
     "液冷技术方面有潜力成为中国核心企业[8]"),
    ("meta-20260203-0920", "计算机行业“一周解码”:太空算力或是商业航天的核心商业模式", "中银国际", "2026-02-03T09:20",
     "报告行业投资评级 - 行业评级为“强于大", "图、超图软件、盛邦安全、开普云等 [3]"),
    ("meta-20260203-0837", "刚刚,全线大涨!芯片,突传重磅利好!黄金、白银飙涨", "券商中国", "2026-02-03T08:37",
     "美股及全球市场表现 - 隔夜美股三大指数", ",12月美国职位空缺报告也被推迟 [7]"),
]
HEADER_WORDS = ("Workflow", "icon", "搜索文档", "Meta Platforms(META)")


# ---------------------------------------------------------------------------------------------- seed export

def test_seed_articles_exactly(seed_docs, seed_path):
    got = [(d.doc_id, d.title, d.source, d.date, d.body[:20], d.body[-20:]) for d in seed_docs]
    assert got == SEED_ARTICLES
    assert {d.collection for d in seed_docs} == {"Meta Platforms(META)"}
    assert {d.path for d in seed_docs} == {str(seed_path)}
    assert [d.lang for d in seed_docs] == ["zh"] * 10  # English titles, Chinese bodies


def test_seed_header_never_leaks(seed_docs):
    for doc in seed_docs:
        for word in HEADER_WORDS:
            assert word not in doc.title
            assert word not in doc.body.split("\n")
        assert "\n" not in doc.body  # each seed body is one line
        assert not any(line.strip() == "" for line in doc.body.split("\n"))


def test_directory_walk_equals_file(seed_docs, seed_path):
    assert load_documents([seed_path.parent]) == seed_docs


# ---------------------------------------------------------------------------------------------- briefs

def test_inline_brief(brief_file):
    docs = load_documents([brief_file])
    assert [(d.doc_id, d.title, d.source, d.date, d.lang) for d in docs] == [
        ("0700-hk-20260318-1630", "腾讯发布2025年第四季度财报", "财联社", "2026-03-18T16:30", "zh"),
        ("0700-hk-20260318-0905", "腾讯加大AI投入", None, "2026-03-18T09:05", "zh"),
        ("0700-hk-20260318-1802", "Tencent beats estimates", "Reuters", "2026-03-18T18:02", "en"),
    ]
    assert docs[1].body == "资本开支 - 腾讯预计2026年资本开支将超过900亿元 [1]"
    assert docs[2].body == "Revenue rose 11% to 155 billion yuan. Analysts at J. P. Morgan raised their target [1]"
    assert {d.collection for d in docs} == {"Tencent Holdings(0700.HK)"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030"])
def test_encodings_parse_identically(tmp_path, brief_text, brief_file, encoding):
    path = tmp_path / f"brief-{encoding}.txt"
    path.write_bytes(brief_text.replace("\n", "\r\n").encode(encoding))
    assert read_text(path) == brief_text
    expected = [(d.doc_id, d.title, d.body, d.source, d.date) for d in load_documents([brief_file])]
    assert [(d.doc_id, d.title, d.body, d.source, d.date) for d in load_documents([path])] == expected


def test_multiline_bodies_and_a_dateless_first_article(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Workflow\n笔记(NOTE)\nicon\n无日期文章\n第一段正文。\n\n"
                    "有日期文章\n新华社· 2026-01-05 08:00\n第一段。\nicon\n第二段。\n\n"
                    "空文章\n2026-01-05 09:00\n\n", encoding="utf-8")
    docs = load_documents([path])
    assert [(d.doc_id, d.title, d.body, d.date) for d in docs] == [
        ("note-undated", "无日期文章", "第一段正文。", None),
        ("note-20260105-0800", "有日期文章", "第一段。\n第二段。", "2026-01-05T08:00"),
    ]  # the body-less 09:00 article is skipped


def test_bodyless_article_is_skipped_with_a_warning(tmp_path, caplog):
    path = tmp_path / "b.txt"
    path.write_text("标题一\n来源· 2026-01-05 08:00\n标题二\n来源· 2026-01-05 09:00\n正文。\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="rag.documents"):
        docs = load_documents([path])
    assert [(d.doc_id, d.title) for d in docs] == [("b-20260105-0900", "标题二")]
    assert "'标题一' has no body" in caplog.text


# ---------------------------------------------------------------------------------------------- plain, jsonl

def test_markdown_and_plain_text(tmp_path):
    (tmp_path / "Q4 Notes.md").write_text("Intro line\n\n# Meta Q4\n\nRevenue grew 24%.\n", encoding="utf-8")
    (tmp_path / "plain.txt").write_text("\n腾讯财报摘要\n营收增长11%。\n利润增长18%。\n", encoding="utf-8")
    docs = load_documents([tmp_path])
    assert [(d.doc_id, d.title, d.body, d.date, d.source, d.lang) for d in docs] == [
        ("q4-notes", "Meta Q4", "Intro line\n\nRevenue grew 24%.", None, None, "en"),  # sorted: "Q" < "p"
        ("plain", "腾讯财报摘要", "营收增长11%。\n利润增长18%。", None, None, "zh"),
    ]


def test_jsonl_keeps_ids_exactly_and_skips_malformed_lines(tmp_path, caplog):
    path = tmp_path / "corpus.jsonl"
    rows = [json.dumps({"id": "news_0001", "title": "Meta capex", "text": "Meta guided 115-135B.", "lang": "en",
                        "source": "Reuters", "date": "2026-02-01"}),
            '{"id": "news_0002", "title": "broken"',
            json.dumps({"id": "news_0003", "title": "无正文"}),
            "",
            json.dumps({"id": "新闻_0004", "title": "腾讯", "text": "腾讯营收增长。", "lang": "zh", "source": ""})]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="rag.documents"):
        docs = load_documents([path])
    assert [(d.doc_id, d.title, d.body, d.lang, d.source, d.date) for d in docs] == [
        ("news_0001", "Meta capex", "Meta guided 115-135B.", "en", "Reuters", "2026-02-01"),
        ("新闻_0004", "腾讯", "腾讯营收增长。", "zh", None, None),
    ]
    assert f"{path}:2: not valid JSON" in caplog.text
    assert f'{path}:3: no "text"' in caplog.text


# ---------------------------------------------------------------------------------------------- bad files

def test_binary_txt_is_skipped_with_a_warning(tmp_path, caplog):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with caplog.at_level(logging.WARNING, logger="rag.documents"):
        assert load_documents([path]) == []
    assert read_text(path) is None
    assert f"skipping {path}: binary" in caplog.text


def test_empty_file_gives_no_documents(tmp_path, caplog):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="rag.documents"):
        assert load_documents([path]) == []
    assert f"skipping {path}: the file is empty" in caplog.text


def test_unknown_extension_is_skipped(tmp_path, caplog):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "a.md").write_text("# A\nbody\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="rag.documents"):
        docs = load_documents([tmp_path])
    assert [d.doc_id for d in docs] == ["a"]
    assert "report.pdf: unknown file type '.pdf'" in caplog.text


def test_duplicates_kept_once_and_ids_made_unique(tmp_path, brief_text, brief_file, caplog):
    (tmp_path / "copy.txt").write_text(brief_text, encoding="utf-8")  # brief_file is tmp_path / "tencent.txt"
    (tmp_path / "a.md").write_text("# Same stem\none\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("# Same stem\ntwo\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="rag.documents"):
        docs = load_documents([tmp_path])
    assert [d.doc_id for d in docs] == ["a", "0700-hk-20260318-1630", "0700-hk-20260318-0905",
                                        "0700-hk-20260318-1802", "a-2"]
    assert "repeats 0700-hk-20260318-1630" in caplog.text


def test_missing_path_raises_bad_input(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(BadInput, match=f"no such file or directory: '{missing}'"):
        load_documents([missing])
    with pytest.raises(RagError, match=r"pass \["):
        load_documents(str(missing))  # a bare path, not a list of them
