"""Results -> markdown: the header, one table per section (value, floor, ratio, target), then the misses."""
from __future__ import annotations

from bench.common import fmt

TITLES = {
    "corpus": "Synthetic corpus and scale-up builds",
    "build": "Build: build_index vs raw encode_document",
    "retrieve": "Retrieve: retrieve() vs raw encode + FAISS + bm25s",
    "bm25": "BM25 library: rank-bm25 vs bm25s (same token lists)",
    "faiss": "FAISS index type (floor: exact Flat)",
    "answer": "Answer: ask() vs raw llama.cpp on the same messages",
    "prompt": "Prompt length trade-off (Settings.source_tokens)",
    "incremental": "Incremental update",
    "coldstart": "Cold start",
}


def markdown(result: dict) -> str:
    h = result["header"]
    v = h["versions"]
    lines = [f"# Benchmarks {h['date'][:10]}{' (quick)' if result['quick'] else ''}", "",
             f"`{result['command']}` — {result['elapsed_s'] / 60:.1f} min, git {h['git']}"
             + (f" (uncommitted changes in {', '.join(h['rag_dirty_files'])})" if h["rag_dirty_files"] else ""),
             "",
             f"- machine: {h['nproc']} CPUs ({h['affinity']} usable; {h['host_cpu']}), {h['ram_gib']} GiB RAM "
             f"({h['ram_available_gib']} GiB available at start), torch threads {h['torch_threads']}",
             f"- load average (1/5/15 min): start {_load(h['loadavg_start'])}, end {_load(result['loadavg_end'])}; "
             f"per section below. Other jobs shared the machine: read absolute times as noisy, ratios (measured "
             f"side by side, interleaved where possible) as the result.",
             "- versions: " + ", ".join(f"{k} {val}" for k, val in v.items() if val),
             "- every ratio is value / floor, both measured in this run; ✅ target met, ❌ missed, blank: no target.",
             ""]
    by_section: dict[str, list[dict]] = {}
    for row in result["rows"]:
        by_section.setdefault(row["section"], []).append(row)
    for section in [*by_section, *(s for s in result["sections"] if s not in by_section)]:
        rows = by_section.get(section, [])
        meta = result["sections"].get(section, {})
        if not rows and not meta.get("tables"):
            continue
        lines += [f"## {TITLES.get(section, section)}", ""]
        if meta.get("about"):
            lines += [meta["about"], ""]
        if meta.get("loadavg"):
            lines += [f"_load average {_load(meta['loadavg'][0])} → {_load(meta['loadavg'][1])}, "
                      f"{meta.get('seconds', 0):.0f} s_", ""]
        if rows:
            lines += ["| measure | value | floor | ratio | target | | notes |", "|---|---|---|---|---|---|---|"]
        for r in rows:
            ok = {True: "✅", False: "❌"}.get(r["ok"], "")
            floor = f"{fmt(r['floor'])} ({r['floor_name']})" if r["floor"] is not None else ""
            ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else ""
            lines.append(f"| {r['name']} | {fmt(r['value'])} {r['unit']} | {floor} | {ratio} | {r['target']} | {ok} "
                         f"| {r['note']} |")
        for extra in meta.get("tables", []):
            lines += ["", extra]
        lines.append("")
    errors = {s: m["error"] for s, m in result["sections"].items() if m.get("error")}
    if errors:
        lines += ["## Sections that failed", ""] + [f"- {s}: `{e}`" for s, e in errors.items()] + [""]
    misses = [r for r in result["rows"] if r["ok"] is False]
    lines += ["## Targets missed", ""]
    lines += [f"- {r['section']}: {r['name']} — {fmt(r['value'])} {r['unit']}"
              + (f", {r['ratio']:.2f}× floor" if r["ratio"] is not None else "") + f" (target {r['target']})"
              for r in misses] or ["- none"]
    if result.get("findings"):
        lines += ["", "## What the numbers say", ""] + [f"- {f}" for f in result["findings"]]
    return "\n".join(lines) + "\n"


def _load(values) -> str:
    return "/".join(f"{x:.1f}" for x in values)
