"""Follow-up questions ("那2025年呢?", "And who fined them?") -> a standalone query for retrieval.

Rule-based, so it costs nothing before the first token: a question that leans on the conversation (it is
short, or opens with / contains a pronoun or "what about") is searched together with the previous user
question. The answer still uses the user's own wording.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

_LEANING = re.compile(
    r"^(那|那么|那个|那家|它|它们|他|她|他们|这|这个|这家|该|还有|另外|and\b|what about\b|how about\b|and what\b)"
    r"|(呢[?？]?$|\b(it|its|they|them|their|that|this|those|these|he|she|his|her)\b)", re.IGNORECASE)
SHORT_CHARS = 12  # "那2025年呢?" is 9 characters; a standalone question names its subject and is longer


def previous_questions(history: Sequence) -> list[str]:
    """User turns of a history given as strings, (user, bot) pairs, or {"role", "content"} messages."""
    questions = []
    for turn in history or ():
        if isinstance(turn, str):
            questions.append(turn)
        elif isinstance(turn, dict) and turn.get("role") == "user" and isinstance(turn.get("content"), str):
            questions.append(turn["content"])
        elif isinstance(turn, (list, tuple)) and turn and isinstance(turn[0], str):
            questions.append(turn[0])
    return [q.strip() for q in questions if q and q.strip()]


def standalone_query(question: str, history: Sequence | None) -> str:
    """`question` itself, or the previous user question plus it when it is a follow-up."""
    previous = previous_questions(history or ())
    if not previous:
        return question
    if len(question) <= SHORT_CHARS or _LEANING.search(question.strip()):
        return f"{previous[-1]} {question}"
    return question
