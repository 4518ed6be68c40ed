import numpy as np

from rag.prompt import Source, build_messages, clean, gives_asked, select_sources
from rag.types import Chunk, Hit

TEXT = ("市场表现 - 光通信概念股普遍上涨,汇聚科技涨11.75%报17.12港元 [1] 行业驱动因素 - "
        "Meta预计2026年资本支出将在1150亿美元至1350亿美元之间 [1][11] - 两家公司管理层均表示算力投入只增不减 [1]")


def _hit(text=TEXT, rank=1):
    chunk = Chunk(f"meta-20260203-1456#{rank}", "meta-20260203-1456", text, 0, len(text),
                  "港股异动 | 光通信概念股涨幅居前", "智通财经网", "2026-02-03T14:56")
    return Hit(chunk, 1.0 / rank, dense_rank=rank)


def _embed_keyword(texts):
    """Plumbing fake: a sentence is similar to the query iff it mentions 资本支出."""
    return np.array([[1.0, 0.0] if "资本支出" in t else [0.0, 1.0] for t in texts], dtype=np.float32)


def test_clean_removes_the_briefs_own_marks():
    assert clean(" - Meta预计资本支出翻倍 [1][11]") == "Meta预计资本支出翻倍"


def test_select_sources_keeps_the_relevant_sentence_within_budget():
    sources = select_sources("Meta 2026年资本支出指引?", [_hit()], embed=_embed_keyword,
                             query_vector=np.array([1.0, 0.0], dtype=np.float32), idf=lambda t: 1.0,
                             count_tokens=len, budget=60, lang="zh")
    assert [s.n for s in sources] == [1]
    assert sources[0].text == "行业驱动因素 - Meta预计2026年资本支出将在1150亿美元至1350亿美元之间"


def test_stored_sentence_vectors_are_used_and_only_the_rest_embedded():
    from rag.text import sentence_spans

    embedded = []

    def embed(texts):
        embedded.extend(texts)
        return _embed_keyword(texts)

    starts = [a for a, _ in sentence_spans(TEXT)]
    stored = {starts[0]: np.array([0.0, 1.0]), starts[2]: np.array([1.0, 0.0])}
    sources = select_sources("Meta 2026年资本支出指引?", [_hit()], embed=embed,
                             query_vector=np.array([1.0, 0.0], dtype=np.float32), idf=lambda t: 1.0,
                             count_tokens=len, budget=30, lang="zh", stored=lambda hit: stored)
    assert embedded == ["行业驱动因素 - Meta预计2026年资本支出将在1150亿美元至1350亿美元之间"]
    assert sources[0].text == "行业驱动因素 - Meta预计2026年资本支出将在1150亿美元至1350亿美元之间"


def test_english_questions_get_amounts_restated():
    sources = select_sources("What is Meta's capex guidance?", [_hit()], embed=_embed_keyword,
                             query_vector=np.array([1.0, 0.0], dtype=np.float32), idf=lambda t: 1.0,
                             count_tokens=len, budget=60, lang="en")
    assert sources[0].text == "行业驱动因素 - Meta预计2026年资本支出将在$115 billion至$135 billion之间"


def test_messages_number_sources_with_title_source_date():
    messages = build_messages("汇聚科技涨了多少?", [Source(1, _hit(), "汇聚科技涨11.75%报17.12港元")], "zh")
    assert messages[0]["role"] == "system" and messages[1]["role"] == "user"
    assert messages[1]["content"].startswith(
        "资料:\n[1] 标题: 港股异动 | 光通信概念股涨幅居前 | 来源: 智通财经网 | 时间: 2026年2月3日 14:56\n汇聚科技涨11.75%报17.12港元\n\n"
        "问题: 汇聚科技涨了多少?\n\n")


LIST = "市场表现 - 光通信概念股普遍上涨,截至发稿,汇聚科技涨11.75%报17.12港元,鸿腾精密涨8.09%报5.09港元,剑桥科技涨1.71%报77.25港元"


def test_focus_cuts_an_enumeration_to_the_asked_entry():
    from rag.prompt import focus

    terms = {"汇聚": 3.4, "科技": 1.5, "涨": 3.1}
    assert focus(LIST, terms) == "市场表现 - 光通信概念股普遍上涨,…汇聚科技涨11.75%报17.12港元"


def test_focus_keeps_the_list_when_asked_about_the_whole():
    from rag.prompt import focus

    assert focus(LIST, {"光通信": 3.0, "表现": 2.0}) == LIST
    assert focus(LIST, {"shares": 5.0}) == LIST


def test_focus_keeps_two_facts_of_one_lead():
    from rag.prompt import focus

    # the lead names the year and the terms most; its two figures are both asked for, not list entries
    lead = "事件:Meta发布2025年第四季度财报,营收598.9亿美元(同比增长24%),净利润227.7亿美元,均超预期"
    assert focus(lead, {"Meta": 3.0, "2025": 2.0, "第四季度": 3.0, "营收": 2.0, "净利润": 2.5}) == lead


def test_english_headers_name_their_fields():
    messages = build_messages("How much did TIME Interconnect rise?", [Source(1, _hit(), "汇聚科技涨11.75%")], "en")
    assert "[1] Title: 港股异动 | 光通信概念股涨幅居前 | Publisher: 智通财经网 | Published: 2026-02-03 14:56\n" in messages[1]["content"]


def test_a_sentence_two_overlapping_chunks_share_is_shown_once():
    first, second = _hit(rank=1), _hit(rank=2)  # the same brief's text in two chunks (chunk overlap)
    sources = select_sources("Meta 2026年资本支出指引?", [first, second], embed=_embed_keyword,
                             query_vector=np.array([1.0, 0.0], dtype=np.float32), idf=lambda t: 1.0,
                             count_tokens=len, budget=400, lang="zh")
    texts = [s.text for s in sources]
    assert [s.n for s in sources] == [1] and texts[0].count("Meta预计2026年资本支出") == 1


def test_dates_are_shown_as_each_language_writes_them():
    from rag.prompt import shown_date

    assert shown_date("2026-02-03T09:05", "zh") == "2026年2月3日 09:05"
    assert shown_date("2026-02-03", "zh") == "2026年2月3日"
    assert shown_date("2026-02-03T09:05", "en") == "2026-02-03 09:05"
    assert shown_date("Feb 2026", "zh") == "Feb 2026" and shown_date(None, "zh") == ""


def test_gives_asked_reads_what_the_question_asks_for():
    amount = gives_asked("How many people were on board flight MU5735?")
    assert amount("机上人员共计132人，其中旅客123人、机组9人。")
    assert not amount("东航MU5735航班上人员已全部遇难。")  # 5735 is the question's: it names the flight
    quickly = gives_asked("How quickly did the PM translate his app into Hebrew?")
    assert quickly("他仅用2天时间完成了将应用从英语本地化为希伯来语的工程。")
    when = gives_asked("When was the 2021 NBA Draft held?")
    assert when("The draft was held on July 29, 2021 at Barclays Center.")
    assert not when("The 2021 NBA Draft drew a record audience.")
    # "when" not as the first wh-word: an age, a count is asked, not a time
    age = gives_asked("How old was John Elway when he played in Super Bowl XXXIII?")
    assert age("他在 38岁时带领野马队赢得第 33 届超级碗。") and not age("比赛于1999年1月31日举行。")
    assert gives_asked("Who directed The Avengers?")("The film was directed by Joss Whedon.")
    assert not gives_asked("Which countries does RCEP include?")("RCEP包括东盟十国和中日韩澳新。")  # none of the three


def _selected_flat(question, text, budget, lang):
    """select_sources over one hit of `text` with an embedder that scores every sentence alike (plumbing fake)."""
    return select_sources(question, [_hit(text)], embed=lambda texts: np.ones((len(texts), 2), np.float32),
                          query_vector=np.array([0.5, 0.5], dtype=np.float32), idf=lambda t: 1.0, count_tokens=len,
                          budget=budget, lang=lang)


def test_an_english_question_over_chinese_sentences_gets_the_one_giving_what_it_asks():
    # an English question covers no term of a Chinese sentence, and the embedder scores them alike (flat): the
    # sentence holding a time span is the one that can say how quickly
    text = ("AI赋能非技术人员 - 产品经理通过使用AI工具开发了学生辅助应用。 "
            "该产品经理仅用2天时间完成了将应用从英语本地化为希伯来语的工程。")
    sources = _selected_flat("How quickly did the PM translate his app into Hebrew?", text, budget=45, lang="en")
    assert sources[0].text == "该产品经理仅用2天时间完成了将应用从英语本地化为希伯来语的工程。"


def test_a_question_in_the_sources_language_is_scored_by_its_terms_alone():
    # what a sentence gives counts only across languages: over Chinese sentences a Chinese question's terms choose
    text = ("东航MU5735航班坠毁，东航MU5735航班上人员已全部遇难。 "
            "另一架航班上共有132人。")
    sources = _selected_flat("东航MU5735航班上有多少人?", text, budget=40, lang="zh")
    assert sources[0].text == "东航MU5735航班坠毁，东航MU5735航班上人员已全部遇难。"
