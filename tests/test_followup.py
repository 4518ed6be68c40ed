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
