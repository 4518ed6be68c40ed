from rag.citations import is_refusal, parse, verify
from rag.prompt import Source
from rag.types import Chunk, Hit


def _source(n: int, text: str) -> Source:
    chunk = Chunk(f"d{n}#0", f"d{n}", text, 0, len(text), f"title {n}", "智通财经网", "2026-02-03T14:56")
    return Source(n, Hit(chunk, 1.0 / n), text)


SOURCES = [_source(1, "Meta预计2026年资本支出将在1150亿美元至1350亿美元之间。"),
           _source(2, "印度竞争委员会对WhatsApp和Meta处以21.3亿印度卢比罚款。"),
           _source(3, "汇聚科技涨11.75%报17.12港元。")]


def test_parse_forms_and_bounds():
    assert parse("a [1] b [2, 3] c [3][1] d 【2】 e [0] f [4] g [1，2]", 3) == [1, 2, 3]
    assert parse("[0] [4] [14]", 3) == []  # an unchecked [0] would become the last source


def test_verified_citation_kept_and_moved_before_stop():
    checked = verify("Meta 2026年资本开支指引为1150亿至1350亿美元。[1]", SOURCES, "zh")
    assert checked.text == "Meta 2026年资本开支指引为1150亿至1350亿美元[1]。"
    assert (checked.cited, checked.unsupported, checked.recited) == ((1,), (), 0)


def test_wrong_citation_is_replaced_by_the_source_holding_the_figure():
    checked = verify("WhatsApp was fined 2.13 billion Indian rupees [1].", SOURCES, "en")
    assert checked.text == "WhatsApp was fined 2.13 billion Indian rupees [2]."
    assert checked.cited == (2,) and checked.recited == 1


def test_invented_figure_is_removed_and_reported():
    checked = verify("Meta guided $1150 billion [1]. Shares rose 11.75% [3].", SOURCES, "en")
    assert checked.text == "Shares rose 11.75% [3]."
    assert checked.unsupported == ("Meta guided $1150 billion.",)


def test_uncited_sentence_gets_the_closest_source():
    checked = verify("汇聚科技股价上涨。", SOURCES, "zh")
    assert checked.text == "汇聚科技股价上涨[3]。" and checked.recited == 1


def test_out_of_range_marks_are_dropped():
    checked = verify("汇聚科技涨11.75% [7][0]", SOURCES, "zh")
    assert checked.text == "汇聚科技涨11.75%[3]" and checked.cited == (3,)


def test_refusal_detection():
    assert is_refusal("The briefs do not say.") and is_refusal("简报中没有找到这个问题的答案。")
    assert not is_refusal("Meta guided $115 billion [1].")


LIST = _source(1, "市场表现 - 光通信概念股普遍上涨,截至发稿,汇聚科技涨11.75%报17.12港元,鸿腾精密涨8.09%报5.09港元,"
                  "剑桥科技涨1.71%报77.25港元")


def test_figure_of_another_entry_in_a_list_is_not_support():
    checked = verify("汇聚科技涨1.71%报77.25港元[1]。", [LIST], "zh")
    assert checked.text == "" and checked.unsupported == ("汇聚科技涨1.71%报77.25港元。",)
    assert verify("汇聚科技涨11.75%报17.12港元[1]。", [LIST], "zh").text == "汇聚科技涨11.75%报17.12港元[1]。"


def test_a_claim_in_other_words_still_counts_as_support():
    source = _source(1, "事件:Meta发布2025年第四季度财报,营收598.9亿美元(同比增长24%)。公司宣布2026年资本支出指引为1150亿至1350亿美元。")
    checked = verify("Meta 2026年资本开支指引为1,150至1,350亿美元[1]。", [source], "zh")
    assert checked.cited == (1,) and not checked.unsupported


def test_missing_years():
    from rag.citations import missing_years

    assert missing_years("Meta 2024 年全年营收是多少?", ["Meta 2025年第四季度营收598.9亿美元"]) == ["2024"]
    assert missing_years("Meta 2026 年资本开支指引?", ["公司宣布2026年资本支出指引"]) == []
    assert missing_years("What was revenue in 20245?", ["x"]) == []


def test_repeated_sentences_are_kept_once():
    checked = verify("Shares rose 11.75% [3]. Shares rose 11.75% [3]. Shares rose 11.75% [3].", SOURCES, "en")
    assert checked.text == "Shares rose 11.75% [3]."


def test_refusal_sentences_are_dropped_and_a_pure_refusal_leaves_nothing():
    checked = verify("Shares rose 11.75% [3]. The briefs do not say.", SOURCES, "en")
    assert checked.text == "Shares rose 11.75% [3]."
    assert verify("简报中没有找到这个问题的答案。", SOURCES, "zh").text == ""
