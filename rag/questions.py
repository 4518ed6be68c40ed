"""What a question asks, in patterns both the prompt (sentence selection) and the citation checks read."""
from __future__ import annotations

# "When …?" asks a time; "How old was Manning when he played …?", "How many seconds were left when …?" ask an age
# and a count: "when" asks only as the question's first wh-word (a pattern to embed, case as written)
EN_WHEN = (r"(?:^|[,;，；]\s*)(?:(?!\b(?:[Ww]hat|[Ww]hich|[Ww]ho|[Ww]hom|[Ww]hose|[Ww]here|[Ww]hy|[Hh]ow)\b)"
           r"[^?？,;，；])*\b[Ww]hen\b")
