"""Answer: time to first token and decode speed of ask(stream=True) vs the raw llama.cpp call
(Llama.create_chat_completion(messages, stream=True)) on the very messages ask() built (captured by wrapping
the generator's stream), same sampling; then the prompt-length trade-off over Settings.source_tokens.
"""
from __future__ import annotations

import importlib
import time

from bench.common import Row, fmt, judge, loadavg, pct

SECTION = "answer"


class Capture:
    """Wraps the shared generator's stream() to record the messages ask() sends."""

    def __init__(self, generator):
        self.generator, self.messages = generator, []

    def __enter__(self):
        original = self.generator.stream

        def stream(messages, **kwargs):
            self.messages.append(messages)
            return original(messages, **kwargs)

        self.generator.stream = stream
        return self

    def __exit__(self, *exc):
        del self.generator.stream


def run(ctx) -> list[Row]:
    from rag.config import Settings
    from rag.evaluate import answer_correct
    from rag.generate import get_generator

    ask = importlib.import_module("rag.ask").ask
    index = ctx["seed_index"]
    settings = Settings()
    generator = get_generator(settings.generator, settings.backend, settings.decode_threads)
    t = time.perf_counter()
    llama = generator.model
    load_s = time.perf_counter() - t
    index.embedder.model  # noqa: B018 - loaded before any clock starts
    questions = ctx["answer_questions"]
    ratio_set = questions[:ctx["ratio_questions"]]

    def run_ask(q: dict, source_tokens: int, max_tokens: int) -> dict:
        generator.model.reset()  # no KV-cache reuse from the previous call, on either side
        with Capture(generator) as cap:
            t0 = time.perf_counter()
            times, answer = [], None
            for step in ask(q["question"], index=index, stream=True,
                            settings=settings.replace(source_tokens=source_tokens, max_new_tokens=max_tokens)):
                if isinstance(step, str):
                    times.append(time.perf_counter())
                else:
                    answer = step
            end = time.perf_counter()
        messages = cap.messages[0] if cap.messages else None
        generated = answer.raw if answer.raw is not None else None
        ok = (answer_correct(answer.text, q["answers"], q.get("answer_groups")) and not answer.refused
              if q["answerable"] else answer.refused)
        out = {"id": q["id"], "lang": q["lang"], "source_tokens": source_tokens, "refused": answer.refused,
               "raw_text": generated,
               "generated": messages is not None, "correct": ok, "text": answer.text, "total_s": end - t0,
               "timings": answer.timings}
        if messages is not None:
            out |= {"messages": messages, "prompt_tokens": _prompt_tokens(llama, messages),
                    "ttft_s": times[0] - t0, **_decode(llama, generated or "", times)}
        return out

    def run_raw(messages, max_tokens: int, model=None) -> dict:
        model = model or llama
        model.reset()
        t0 = time.perf_counter()
        times, pieces = [], []
        for part in model.create_chat_completion(messages=messages, stream=True, max_tokens=max_tokens,
                                                 temperature=settings.temperature,
                                                 top_k=1 if settings.temperature == 0 else 40, seed=0):
            piece = part["choices"][0]["delta"].get("content")
            if piece:
                times.append(time.perf_counter())
                pieces.append(piece)
        text = "".join(pieces)
        return {"ttft_s": times[0] - t0 if times else None, "text": text, **_decode(llama, text, times)}

    pairs, runs = [], {}
    short = ctx["ratio_max_tokens"]
    for i, q in enumerate(ratio_set):
        if i % 2:  # raw first, on the messages ask() will build (rebuilt with rag's steps), against load drift
            from bench.bench_coldstart import _messages

            messages = _messages(index, q["question"], settings.answer_k)
            r = run_raw(messages, short)
            a = run_ask(q, settings.source_tokens, short)
            pairs.append({"ask": a, "raw": r if a.get("messages") == messages else None, "order": "raw, ask"})
            continue
        a = run_ask(q, settings.source_tokens, short)
        r = run_raw(a["messages"], short) if a["generated"] else None
        pairs.append({"ask": a, "raw": r, "order": "ask, raw"})
    done = [p for p in pairs if p["raw"] and p["raw"]["ttft_s"]]
    rows: list[Row] = []
    if done:
        ask_ttft = [p["ask"]["ttft_s"] for p in done]
        raw_ttft = [p["raw"]["ttft_s"] for p in done]
        ask_tpt = [p["ask"]["ms_per_token"] for p in done if p["ask"]["ms_per_token"]]
        raw_tpt = [p["raw"]["ms_per_token"] for p in done if p["raw"]["ms_per_token"]]
        retrieve_s = [p["ask"]["timings"].get("retrieve", 0) for p in done]
        prompt_s = [p["ask"]["timings"].get("prompt", 0) for p in done]
        same = sum(_same_text(p["ask"], p["raw"]) for p in done)
        ratios = [a / r for a, r in zip(ask_ttft, raw_ttft)]
        rows.append(Row(SECTION, f"time to first token, ask() vs raw ({len(done)} questions, "
                                 f"{sum(p['ask']['lang'] == 'zh' for p in done)} zh; {short} new tokens)",
                        pct(ask_ttft, 50), "s", pct(raw_ttft, 50), "raw create_chat_completion, same messages",
                        "ratio <= 1.1", judge(pct(ask_ttft, 50) / pct(raw_ttft, 50), 1.1),
                        note=f"per-question ratios {', '.join(f'{x:.2f}' for x in ratios)}; ask's TTFT = retrieve "
                             f"{pct(retrieve_s, 50):.2f} s + sentence selection {pct(prompt_s, 50):.2f} s + prefill; "
                             f"prompt {pct([p['ask']['prompt_tokens'] for p in done], 50):.0f} tokens p50; "
                             f"{same}/{len(done)} outputs identical",
                        extra={"pairs": [_strip(p) for p in pairs]}))
        if ask_tpt and raw_tpt:
            rows.append(Row(SECTION, "decode time per token, ask() vs raw", pct(ask_tpt, 50), "ms/token",
                            pct(raw_tpt, 50), "raw create_chat_completion", "ratio <= 1.1",
                            judge(pct(ask_tpt, 50) / pct(raw_tpt, 50), 1.1),
                            note=f"{1000 / pct(ask_tpt, 50):.1f} vs {1000 / pct(raw_tpt, 50):.1f} tokens/s"))
        rows.append(Row(SECTION, "ask() overhead before prefill (retrieve + sentence selection)",
                        pct([a + b for a, b in zip(retrieve_s, prompt_s)], 50), "s", pct(raw_ttft, 50),
                        "raw time to first token", note="selection embeds every candidate sentence of the top 5 hits"))
    refused = [p["ask"]["id"] for p in pairs if not p["ask"]["generated"]]
    if refused:
        ctx.findings.append(f"answer: {len(refused)} of the timed questions were refused before generation "
                            f"({', '.join(refused)}): no TTFT pair for them")
    # decode threads: the other choice next to rag's (all cores if rag decodes on fewer, else half of them;
    # n_threads_batch, for prefill, stays at all cores), same messages, back to back
    from llama_cpp import Llama

    from rag.generate import CONTEXT_TOKENS, _threads
    from rag.models import generator_path

    cores = _threads()
    other_threads = cores if llama.n_threads < cores else max(1, cores // 2)
    other = None
    if other_threads != llama.n_threads:
        other = Llama(model_path=generator_path(settings.generator), n_ctx=CONTEXT_TOKENS, n_threads=other_threads,
                      n_threads_batch=cores, seed=0, verbose=False)
    if done and other is not None:
        probe = done[0]
        rag_raw = run_raw(probe["ask"]["messages"], short)
        r1 = run_raw(probe["ask"]["messages"], short, model=other)
        if r1["ms_per_token"] and rag_raw["ms_per_token"]:
            rows.append(Row(SECTION, f"decode per token at n_threads={other.n_threads} (n_threads_batch="
                                     f"{other.n_threads_batch}) vs rag's n_threads={llama.n_threads}",
                            r1["ms_per_token"], "ms/token", rag_raw["ms_per_token"], "raw call, rag's Llama settings",
                            note=f"question {probe['ask']['id']}, back to back; time to first token "
                                 f"{r1['ttft_s']:.1f} vs {rag_raw['ttft_s']:.1f} s; same output: "
                                 f"{r1['text'].strip() == rag_raw['text'].strip()}"))
            ctx.findings.append(
                f"answer: llama.cpp decodes at {rag_raw['ms_per_token']:.0f} ms/token with rag's n_threads="
                f"{llama.n_threads} and {r1['ms_per_token']:.0f} ms/token with n_threads={other.n_threads} "
                f"(load average {loadavg()[0]:.1f}); same output")
    # prompt-length trade-off: full answers; decoded on the fewer threads of the two (robust on a loaded machine,
    # so the table fits the time budget); prefill (the time to first token) on all cores, as in rag
    fewer = other if other is not None and other.n_threads < llama.n_threads else llama
    table = []
    generator._model, shipped = fewer, generator._model
    try:
        chosen = questions[:ctx["tradeoff_questions"]]
        levels = list(ctx["source_tokens"])
        for qi, q in enumerate(chosen):  # settings interleaved per question, order rotated: load drift spreads
            for tokens in levels[qi % len(levels):] + levels[:qi % len(levels)]:
                runs[(q["id"], tokens)] = run_ask(q, tokens, settings.max_new_tokens)
        for tokens in levels:
            results = [runs[(q["id"], tokens)] for q in chosen]
            gen = [r for r in results if r["generated"]]
            table.append({"source_tokens": tokens, "n": len(results),
                          "prompt_tokens": pct([r["prompt_tokens"] for r in gen], 50),
                          "ttft_s": pct([r["ttft_s"] for r in gen], 50),
                          "ms_per_prompt_token": pct([r["ttft_s"] / r["prompt_tokens"] * 1e3 for r in gen], 50),
                          "total_s": pct([r["total_s"] for r in results], 50),
                          "correct": sum(r["correct"] for r in results), "refused": sum(r["refused"] for r in results),
                          "runs": [_strip_run(r) for r in results]})
    finally:
        generator._model = shipped
    default = next((t for t in table if t["source_tokens"] == settings.source_tokens), None)
    for t in table:  # per-question ratios to the default setting: robust to load swings between questions
        base = {r["id"]: r.get("ttft_s") for r in default["runs"]} if default else {}
        paired = [r["ttft_s"] / base[r["id"]] for r in t["runs"] if r.get("ttft_s") and base.get(r["id"])]
        t["paired_ratio"] = pct(paired, 50)
    decode_threads = fewer.n_threads
    del other, fewer
    for t in table:
        rows.append(Row("prompt", f"source_tokens={t['source_tokens']}: time to first token", t["ttft_s"], "s",
                        default["ttft_s"] if default else None, f"source_tokens={settings.source_tokens} (default)",
                        note=f"per-question ratio to the default {fmt(t['paired_ratio'])} (median); "
                             f"prompt {t['prompt_tokens']:.0f} tokens p50; {t['correct']}/{t['n']} correct, "
                             f"{t['refused']} refused; answer total {t['total_s']:.1f} s p50",
                        extra={"runs": t["runs"]}))
    lines = ["| source_tokens | prompt tokens (p50) | time to first token (p50) | vs default, per question (median) "
             "| ms per prompt token | answer total (p50) | correct | refused |", "|---|---|---|---|---|---|---|---|"]
    lines += [f"| {t['source_tokens']}{' (default)' if t is default else ''} | {fmt(t['prompt_tokens'], 0)} | "
              f"{fmt(t['ttft_s'], 1)} s | {fmt(t['paired_ratio'])}× | {fmt(t['ms_per_prompt_token'], 0)} | "
              f"{fmt(t['total_s'], 1)} s | "
              f"{t['correct']}/{t['n']} | {t['refused']} |" for t in table]
    ids = ", ".join(f"{q['id']} ({q['lang']})" for q in questions[:ctx["tradeoff_questions"]])
    ctx.tables.setdefault("prompt", []).append(
        "\n".join(lines) + f"\n\nQuestions: {ids}; correct = rag.evaluate.answer_correct with answers/answer_groups "
        f"(unanswerable: refused). Full answers (max_new_tokens as shipped), greedy, decoded at n_threads={decode_threads} "
        "(prefill, hence time to first token, on all cores as in rag). The settings run back to back per question, "
        "in rotated order.")
    rows.insert(0, Row(SECTION, "generator load (llama.cpp, in process)", load_s, "s"))
    return rows


def _prompt_tokens(llama, messages) -> int:
    """Tokens of the chat-templated prompt, as llama.cpp sees it."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    eos = llama._model.token_get_text(llama.token_eos())
    prompt = Jinja2ChatFormatter(template=llama.metadata["tokenizer.chat_template"], eos_token=eos,
                                 bos_token="")(messages=messages).prompt
    return len(llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True))


def _decode(llama, text: str, times: list[float]) -> dict:
    tokens = len(llama.tokenize(text.encode("utf-8"), add_bos=False, special=False)) if text else 0
    span = times[-1] - times[0] if len(times) > 1 else 0.0
    return {"tokens": tokens, "ms_per_token": span / (tokens - 1) * 1e3 if tokens > 1 and span > 0 else None}


def _same_text(a: dict, r: dict) -> bool:
    return (a.get("raw_text") or "").strip() == (r.get("text") or "").strip()


def _strip_run(r: dict) -> dict:
    return {k: v for k, v in r.items() if k != "messages"}


def _strip(pair: dict) -> dict:
    return {"ask": _strip_run(pair["ask"]), "raw": pair["raw"], "order": pair.get("order")}
