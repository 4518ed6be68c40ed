import pytest

from rag.followup import previous_questions, standalone_query

HISTORY = [{"role": "user", "content": "Meta 2026 年资本开支指引是多少?"},
           {"role": "assistant", "content": "1150亿至1350亿美元[1]。"}]


@pytest.mark.parametrize("question, expected", [
    ("那2025年呢?", "Meta 2026 年资本开支指引是多少? 那2025年呢?"),
    ("And who fined them?", "Meta 2026 年资本开支指引是多少? And who fined them?"),
    ("微软2026财年第二财季资本支出是多少?", "微软2026财年第二财季资本支出是多少?"),
])
def test_follow_ups_are_joined_with_the_previous_question(question, expected):
    assert standalone_query(question, HISTORY) == expected


def test_no_history_means_no_rewrite():
    assert standalone_query("那2025年呢?", None) == "那2025年呢?"


def test_history_shapes():
    assert previous_questions(["a", ("b", "answer"), {"role": "user", "content": "c"},
                               {"role": "assistant", "content": "x"}]) == ["a", "b", "c"]


def test_answer_language_follows_the_question():
    from rag.ask import question_lang

    assert question_lang("Meta 和 WhatsApp 在印度最高法院的辩护律师是谁?") == "zh"
    assert question_lang("How much did TIME Interconnect (汇聚科技) shares rise?") == "en"
    assert question_lang("Who fined WhatsApp?") == "en"
