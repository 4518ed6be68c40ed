"""Evaluation harness: questions -> retrieval (and answer) runs -> metrics by configuration, language, type -> report.

    questions = load_questions("eval/gold.jsonl")
    index = cached_index(["seeds"], "eval/.cache", "seeds")
    report = make_report("gold", questions, run_retrieval(questions, index, ("dense", "rrf")))
    write_report(report, "eval/reports")

`rag eval` does the same for the gold set or any benchmark in ../shared/benchmarks format (eval/README.md).
Metrics are document level: a question's ranked chunk hits become its ranked unique documents.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .errors import BadInput, IndexCorrupt, IndexMismatch
from .evaluate import (answer_correct, citation_supported, first_match_rank, mean, percentile, recall_curve,
                       retrieval_scores, unique_docs)
from .generate import Generator
from .index import TOKENIZER, Index, build_index, current_version, load_index

log = logging.getLogger(__name__)

CONFIGS = ("dense", "sparse", "rrf", "weighted")  # retrieval fusions compared by default (rag.retrieve.FUSIONS)
K = 10  # metrics at 1, 5 and K documents
# Chunk hits fetched per question: enough that, folded into documents, they still fill the top K documents.
CHUNK_DEPTH = 50
RERANK_NOTE = "hybrid + rerank: not run; no packaged multilingual reranker exists"


# ---------------------------------------------------------------------------------------------- records

@dataclass(frozen=True, slots=True)
class Question:
    """One line of eval/gold.jsonl or of a benchmark's questions.jsonl."""

    id: str
    question: str
    lang: str  # "zh" | "en"
    answers: tuple[str, ...]
    gold_doc_ids: tuple[str, ...]
    answerable: bool
    type: str | None = None  # the gold set's question type (numeric, entity, ...); benchmarks have none
    answer_groups: tuple[tuple[str, ...], ...] | None = None  # every part must be matched
    evidence: tuple[str, ...] = ()  # verbatim supporting strings (gold set only)
    corpus_doc_ids: tuple[str, ...] | None = None  # the only passages this question may be given
    # an unanswerable question's real answer, which its passages should not give (RGB's negatives; --without-gold
    # questions keep theirs here)
    reference_answers: tuple[str, ...] = ()
    reference_answer_groups: tuple[tuple[str, ...], ...] | None = None

    @property
    def scored(self) -> bool:
        """Counts for retrieval metrics: answerable and with a gold document."""
        return self.answerable and bool(self.gold_doc_ids)

    @property
    def filters(self) -> dict | None:
        return {"doc_ids": list(self.corpus_doc_ids)} if self.corpus_doc_ids is not None else None


@dataclass(frozen=True, slots=True)
class Retrieved:
    """One question's ranking under one configuration."""

    question_id: str
    config: str
    doc_ids: tuple[str, ...]  # unique documents, best first, at most K
    chunk_ids: tuple[str, ...]  # the top K chunk hits
    seconds: float
    # First of the top K chunks whose title or text holds an evidence string (None: none does); titles count
    # because source/date questions' evidence is the article title, which the prompt shows with the chunk.
    evidence_rank: int | None = None


@dataclass(frozen=True, slots=True)
class Cited:
    n: int
    doc_id: str
    chunk_id: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Answered:
    """One question's answer from ask()."""

    question_id: str
    text: str
    refused: bool
    citations: tuple[Cited, ...]
    seconds: float  # Answer.timings["total"]
    first_token: float | None = None  # Answer.timings["first_token"]; None when the gate refused unread
    raw: str | None = None  # the model's own text before citation checks
    unsupported: tuple[str, ...] = ()  # sentences removed by the checks
    support: float | None = None  # Answer.support: the model's P(yes) that the cited sources state the answer
    checked: str | None = None  # Answer.checked: the checked text the support check refused
    restated: str | None = None  # Answer.restated: a first reply that only restated the question (asked again)
    parts: tuple[str, ...] = ()  # Answer.parts: replies to parts of the question asked on their own
    again: str | None = None  # Answer.again: the reply asked again over the sources in reverse order


@dataclass(frozen=True)
class Report:
    name: str
    meta: dict  # data set, index, counts, configs, when
    questions: tuple[Question, ...]
    retrieved: tuple[Retrieved, ...]
    answered: tuple[Answered, ...] = ()
    retrieval: dict = field(default_factory=dict)  # summarize_retrieval()
    answers: dict | None = None  # summarize_answers(), when answers were run


# ---------------------------------------------------------------------------------------------- loaders

_REQUIRED = {"id": str, "question": str, "lang": str, "answers": list, "gold_doc_ids": list, "answerable": bool}


def load_questions(path: str | os.PathLike, *, limit: int | None = None, start: int = 0) -> list[Question]:
    """The first `limit` questions of a .jsonl file (all when None) after its first `start`, in file order; a bad line
    raises."""
    path = Path(path)
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise BadInput(f"limit must be a positive integer, got {limit!r}")
    if not isinstance(start, int) or isinstance(start, bool) or start < 0:
        raise BadInput(f"start must be a whole number of questions to skip (0 or more), got {start!r}")
    if not path.is_file():
        raise BadInput(f"no question file at {path}; give a questions .jsonl (format in eval/README.md)")
    questions, skipped = [], 0
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if limit is not None and len(questions) >= limit:
                break
            if line.strip():
                skipped += 1
                if skipped > start:
                    questions.append(_question(line, f"{path}:{n}"))
    if not questions:
        raise BadInput(f"{path} holds no questions after the first {start}; give a smaller --start" if skipped else
                       f"{path} holds no questions; give one JSON object per line")
    seen = set()
    for q in questions:
        if q.id in seen:
            raise BadInput(f"{path}: question id {q.id!r} is repeated; ids must be unique")
        seen.add(q.id)
    return questions


def _question(line: str, where: str) -> Question:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        raise BadInput(f"{where}: not valid JSON ({e.msg}); fix the line") from None
    if not isinstance(record, dict):
        raise BadInput(f"{where}: expected a JSON object, got {type(record).__name__}")
    for key, kind in _REQUIRED.items():
        if not isinstance(record.get(key), kind):
            raise BadInput(f"{where}: {key!r} is missing or not a {kind.__name__}; required keys: {list(_REQUIRED)}")
    groups, corpus = record.get("answer_groups"), record.get("corpus_doc_ids")
    reference_groups = record.get("reference_answer_groups")
    return Question(
        id=record["id"], question=record["question"], lang=record["lang"], answers=tuple(record["answers"]),
        gold_doc_ids=tuple(record["gold_doc_ids"]), answerable=record["answerable"], type=record.get("type"),
        answer_groups=tuple(tuple(g) for g in groups) if groups else None,
        evidence=tuple(record.get("evidence") or ()),
        corpus_doc_ids=tuple(corpus) if corpus is not None else None,
        reference_answers=tuple(record.get("reference_answers") or ()),
        reference_answer_groups=tuple(tuple(g) for g in reference_groups) if reference_groups else None)


def load_corpus(path: str | os.PathLike, *, titles: bool = True) -> list[dict]:
    """A benchmark corpus.jsonl as records {id, title, text, lang, source}; titles=False blanks every title."""
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"no corpus file at {path}; give a corpus .jsonl (format in eval/README.md)")
    records = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                raise BadInput(f"{path}:{n}: not valid JSON ({e.msg}); fix the line") from None
            if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text"), str):
                raise BadInput(f'{path}:{n}: expected an object with "id" and "text"')
            records.append(record if titles else record | {"title": ""})
    return records


# ---------------------------------------------------------------------------------------------- indexes

def cached_index(sources: Sequence[str | os.PathLike], cache: str | os.PathLike, name: str, *,
                 rebuild: bool = False, show_progress: bool = False) -> Index:
    """The index of `sources` under `cache`/<name>-<content key>/, built on first use and reused after.

    The key hashes the source files' bytes with the index settings, so an unchanged corpus is never embedded
    twice (a folder of another name with the same key is reused too) and a changed one gets a new folder.
    The key does not see code: after changing how documents are parsed or chunked, pass rebuild=True.
    """
    key = content_key(sources)
    cache = Path(cache)
    folder = cache / f"{name}-{key}"
    if not _live(folder):
        folder = next((f for f in sorted(cache.glob(f"*-{key}")) if _live(f)), folder)
    if _live(folder) and not rebuild:
        try:
            index = load_index(folder)
            if index.sentences is not None:
                return index
            log.info("adding sentence vectors to the cached index %s (its chunk vectors are kept)", folder)
            build_index(sources, folder, show_progress=show_progress)
            return load_index(folder)
        except (IndexCorrupt, IndexMismatch) as e:
            log.warning("rebuilding the cached index %s: %s", folder, e)
    log.info("building the index of %s into %s", [str(s) for s in sources], folder)
    build_index(sources, folder, rebuild=True, show_progress=show_progress)
    return load_index(folder)


def _live(folder: Path) -> bool:
    try:
        return current_version(folder) is not None
    except IndexCorrupt:
        return False


_LOCATOR = re.compile(r"[\w.-]+/[\w.-]+:[^\s#]+#\S")  # "ymcui/cmrc2018:squad-style-data/cmrc2018_dev.json#DEV_0"


def corpus_index(corpus: str | os.PathLike, cache: str | os.PathLike, *, titles: bool = True,
                 only: set[str] | None = None, rebuild: bool = False, show_progress: bool = False) -> Index:
    """The cached index of a benchmark corpus; titles=False indexes passage text only; `only` (passage ids)
    indexes just those passages (a --limit run over a benchmark whose questions name their passages embeds only
    what they may see).

    A `source` that says where the benchmark took the passage from (`owner/repo:path#locator`) is no outlet: it
    is left out, since the prompt shows a passage under its outlet's name, and RGB's locators name the passage's
    role ("chen700564/RGB:data/en_fact.json#id=58/negative[2]": the model copied "58/negative" into an answer)."""
    corpus = Path(corpus)
    name = corpus.parent.name or corpus.stem
    records = load_corpus(corpus, titles=titles)
    kept = [{k: v for k, v in r.items() if not (k == "source" and _LOCATOR.match(str(v)))}
            for r in records if only is None or r["id"] in only]
    if titles and kept == records:  # the file as it stands
        return cached_index([corpus], cache, name, rebuild=rebuild, show_progress=show_progress)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept)
    # derived corpora, named as the corpus file; the index key hashes the file's bytes
    derived = Path(cache) / "corpora" / hashlib.sha256(text.encode()).hexdigest()[:12] / "corpus.jsonl"
    label = f"{name}{'' if titles else '-notitles'}{'' if only is None else f'-{len(only)}p'}"
    derived.parent.mkdir(parents=True, exist_ok=True)
    if not derived.exists():
        derived.write_text(text, encoding="utf-8")
    return cached_index([derived], cache, label, rebuild=rebuild, show_progress=show_progress)


def content_key(sources: Sequence[str | os.PathLike]) -> str:
    """12 hex digits of a hash over the files under `sources` (names and bytes) and the index settings."""
    digest = hashlib.sha256(json.dumps([Settings().index_key(), TOKENIZER]).encode())
    for source in sources:
        source = Path(source)
        if not source.exists():
            raise BadInput(f"no such file or directory: {str(source)!r}; check the path")
        files = [source] if source.is_file() else sorted(  # as rag.documents walks a folder: no hidden files
            p for p in source.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(source).parts))
        for path in files:
            digest.update(f"\0{path.name if path == source else path.relative_to(source)}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# ---------------------------------------------------------------------------------------------- runs

def run_retrieval(questions: Iterable[Question], index: Index, configs: Sequence[str] = CONFIGS, *, k: int = K,
                  show_progress: bool = False) -> list[Retrieved]:
    """Each scored question under each configuration (a rag.retrieve fusion), configuration by configuration."""
    from tqdm.auto import tqdm

    from .retrieve import FUSIONS, retrieve

    check_configs(configs, FUSIONS)
    jobs = [(config, q) for config in configs for q in questions if q.scored]
    out = []
    for config, q in tqdm(jobs, desc="retrieval", unit="q", disable=not show_progress):
        started = time.perf_counter()
        hits = retrieve(q.question, index=index, k=max(k, CHUNK_DEPTH), filters=q.filters, fusion=config)
        seconds = time.perf_counter() - started
        out.append(Retrieved(q.id, config, tuple(unique_docs(h.doc_id for h in hits))[:k],
                             tuple(h.chunk_id for h in hits[:k]), round(seconds, 4),
                             first_match_rank((f"{h.title}\n{h.text}" for h in hits[:k]), q.evidence)))
    return out


def run_answers(questions: Iterable[Question], index: Index, *, k: int | None = None,
                settings: Settings | None = None, show_progress: bool = False,
                generators: Mapping[str, Generator] | None = None) -> list[Answered]:
    """ask() for every question, with its allowed passages as a filter; `generators` (by question id) answer
    instead of the configured model (rag.replay)."""
    from tqdm.auto import tqdm

    from .ask import ask

    out = []
    for q in tqdm(list(questions), desc="answers", unit="q", disable=not show_progress):
        answer = ask(q.question, index=index, k=k, filters=q.filters, settings=settings,
                     generator=(generators or {}).get(q.id))
        cited = tuple(Cited(c.n, c.doc_id, c.chunk_id, c.title, c.text) for c in answer.citations)
        first = answer.timings.get("first_token")
        out.append(Answered(q.id, answer.text, answer.refused, cited, round(answer.timings.get("total", 0.0), 4),
                            None if first is None else round(first, 4), answer.raw, answer.unsupported,
                            None if answer.support is None else round(answer.support, 4), answer.checked,
                            answer.restated, answer.parts, answer.again))
    return out


def check_configs(configs: Sequence[str], known: Iterable[str]) -> None:
    known = set(known)
    unknown = [c for c in configs if c not in known]
    if unknown or not configs:
        raise BadInput(f"unknown configuration(s) {unknown}; expected some of {sorted(known)}")


# ---------------------------------------------------------------------------------------------- aggregation

def _groups(questions: Iterable[Question]) -> dict[str, list[Question]]:
    """"all", then "lang:<lang>" and "type:<type>" groups, each in first-seen order."""
    groups: dict[str, list[Question]] = {"all": []}
    for q in questions:
        groups["all"].append(q)
        groups.setdefault(f"lang:{q.lang}", []).append(q)
        if q.type:
            groups.setdefault(f"type:{q.type}", []).append(q)
    return groups


def summarize_retrieval(questions: Sequence[Question], retrieved: Iterable[Retrieved], *,
                        k: int = K) -> dict[str, dict[str, dict]]:
    """{config: {group: {n, recall@1, recall@5, recall@k, mrr@k, ndcg@k, recall_curve, seconds_p50}}} over scored
    questions; with evidence strings (the gold set) also evidence@1 and evidence@5: a top-1/top-5 chunk holds one."""
    by_config: dict[str, dict[str, Retrieved]] = {}
    for r in retrieved:
        by_config.setdefault(r.config, {})[r.question_id] = r
    summary = {}
    for config, runs in by_config.items():
        summary[config] = {}
        for group, members in _groups(q for q in questions if q.scored and q.id in runs).items():
            scores = [retrieval_scores(runs[q.id].doc_ids, q.gold_doc_ids, k) for q in members]
            curves = [recall_curve(runs[q.id].doc_ids, q.gold_doc_ids, k) for q in members]
            summary[config][group] = {"n": len(members)} | {m: mean(s[m] for s in scores) for m in scores[0]} | {
                "recall_curve": [mean(c[i] for c in curves) for i in range(k)],
                "seconds_p50": round(percentile([runs[q.id].seconds for q in members], 50), 4)}
            ranks = [runs[q.id].evidence_rank for q in members if q.evidence]
            if ranks:
                summary[config][group] |= {f"evidence@{n}": mean(r is not None and r <= n for r in ranks)
                                           for n in (1, 5)}
    return summary


def answer_row(q: Question, a: Answered) -> dict:
    """Per-question answer scores: correct (answerable only), refused, real (unanswerable with a known real
    answer: answered with it anyway), supported flag of each citation."""
    real, real_groups = q.reference_answers, q.reference_answer_groups
    return {"correct": answer_correct(a.text, q.answers, q.answer_groups) if q.answerable and not a.refused
            else (False if q.answerable else None),
            "refused": a.refused, "cited": len(a.citations),
            "real": (not a.refused and answer_correct(a.text, real, real_groups)) if real or real_groups else None,
            "supported": [citation_supported(c.doc_id, f"{c.title}\n{c.text}", q.gold_doc_ids, q.evidence)
                          for c in a.citations]}


def summarize_answers(questions: Sequence[Question], answered: Iterable[Answered]) -> dict[str, dict]:
    """{group: {answerable, unanswerable, accuracy, false_refusal, refusal, real_answer, citation_precision,
    with_citation, first_token_p50, latency_p50, latency_p95}}; rates are over the questions they concern (nan where
    none). real_answer: the unanswerable questions with a known real answer that were answered with it anyway (a
    passage that states it in other words than the benchmark looked for), the rest of the non-refusals invented."""
    by_id = {a.question_id: a for a in answered}
    summary = {}
    for group, members in _groups(q for q in questions if q.id in by_id).items():
        rows = [(q, by_id[q.id], answer_row(q, by_id[q.id])) for q in members]
        pos = [(q, a, r) for q, a, r in rows if q.answerable]
        neg = [(q, a, r) for q, a, r in rows if not q.answerable]
        flags = [s for _, _, r in pos for s in r["supported"]]
        spoke = [r for _, _, r in rows if not r["refused"]]
        seconds = [a.seconds for _, a, _ in rows]
        first = [a.first_token for _, a, _ in rows if a.first_token is not None]  # questions the model answered
        summary[group] = {
            "answerable": len(pos), "unanswerable": len(neg),
            "accuracy": mean(r["correct"] for _, _, r in pos),
            "false_refusal": mean(r["refused"] for _, _, r in pos),
            "refusal": mean(r["refused"] for _, _, r in neg),
            "real_answer": mean(r["real"] for _, _, r in neg if r["real"] is not None),
            "citation_precision": mean(flags),  # pooled over the citations of answerable questions
            "with_citation": mean(r["cited"] > 0 for r in spoke),  # of the answers that were not refusals
            "first_token_p50": percentile(first, 50),
            "latency_p50": percentile(seconds, 50), "latency_p95": percentile(seconds, 95)}
    return summary


def make_report(name: str, questions: Sequence[Question], retrieved: Sequence[Retrieved],
                answered: Sequence[Answered] = (), *, meta: dict | None = None, k: int = K) -> Report:
    configs = list(dict.fromkeys(r.config for r in retrieved))
    meta = {"name": name, "created": time.strftime("%Y-%m-%dT%H:%M:%S"), "configs": configs, "k": k,
            "questions": len(questions), "scored": sum(q.scored for q in questions),
            "answerable": sum(q.answerable for q in questions)} | (meta or {})
    return Report(name, meta, tuple(questions), tuple(retrieved), tuple(answered),
                  summarize_retrieval(questions, retrieved, k=k),
                  summarize_answers(questions, answered) if answered else None)


# ---------------------------------------------------------------------------------------------- one call

def run_eval(*, gold: str | os.PathLike | None = "eval/gold.jsonl", seeds: str | os.PathLike = "seeds",
             corpus: str | os.PathLike | None = None, questions: str | os.PathLike | None = None,
             titles: bool = True, limit: int | None = None, start: int = 0, without_gold: bool = False,
             configs: Sequence[str] = CONFIGS, answers: bool = False, cache: str | os.PathLike = "eval/.cache",
             rebuild: bool = False, name: str | None = None, settings: Settings | None = None,
             show_progress: bool = False) -> Report:
    """The gold set over `seeds`, or a benchmark (`corpus` + `questions`, `without_gold`: its gold passages left
    out): index (cached), retrieve, answer (with `settings`: the answering ones may differ from the defaults, the
    index ones may not)."""
    from .retrieve import FUSIONS

    check_configs(configs, FUSIONS)
    if settings is not None and settings.index_key() != Settings().index_key():
        raise BadInput("rag eval indexes with the default index settings; --set takes answering settings only "
                       f"(not {sorted(k for k, v in settings.index_key().items() if v != Settings().index_key()[k])})")
    qs, index, data, default_name = open_dataset(gold=gold, seeds=seeds, corpus=corpus, questions=questions,
                                                 titles=titles, limit=limit, start=start, without_gold=without_gold,
                                                 cache=cache, rebuild=rebuild, show_progress=show_progress)
    name = name or default_name
    known = set(index.manifest["documents"])
    missing = sorted({d for q in qs for d in q.gold_doc_ids if d not in known})
    if missing:
        log.warning("%d gold document id(s) are not in the index, e.g. %s", len(missing), missing[:3])
    retrieved = run_retrieval(qs, index, configs, show_progress=show_progress)
    answered = run_answers(qs, index, settings=settings, show_progress=show_progress) if answers else []
    default = dataclasses.asdict(Settings())
    changed = {} if settings is None else {k: v for k, v in dataclasses.asdict(settings).items() if v != default[k]}
    meta = data | {"limit": limit, "start": start, "missing_gold_docs": missing, "notes": [RERANK_NOTE],
                   "settings": changed,
                   "index": {"path": str(index.path), "version": index.version,
                             "documents": index.manifest["counts"]["documents"], "chunks": len(index)}}
    return make_report(name, qs, retrieved, answered, meta=meta)


def open_dataset(*, gold: str | os.PathLike | None = "eval/gold.jsonl", seeds: str | os.PathLike = "seeds",
                 corpus: str | os.PathLike | None = None, questions: str | os.PathLike | None = None,
                 titles: bool = True, limit: int | None = None, start: int = 0, without_gold: bool = False,
                 cache: str | os.PathLike = "eval/.cache", rebuild: bool = False,
                 show_progress: bool = False) -> tuple[list[Question], Index, dict, str]:
    """The questions, their (cached) index, the data's metadata ({corpus, questions_file, titles}) and the
    default report name: the gold set over `seeds`, or a benchmark (`corpus` + `questions`); without_gold
    (benchmarks only) leaves the questions' gold passages out, every question then unanswerable."""
    if (corpus is None) != (questions is None):
        raise BadInput("give --corpus and --questions together (a benchmark), or neither (the gold set)")
    if corpus is not None:
        qs = load_questions(questions, limit=limit, start=start)
        # some questions of a benchmark whose questions name their passages (RGB) need only those
        only = ({d for q in qs for d in (*q.corpus_doc_ids, *q.gold_doc_ids)}
                if (limit is not None or start) and qs and all(q.corpus_doc_ids is not None for q in qs) else None)
        name = Path(corpus).parent.name + ("" if titles else "-notitles") + (
            "" if not only else f"-{limit}" if not start else f"-{start}-{start + len(qs)}")
        if without_gold:
            qs, only = _without_gold(qs, only if only is not None else {r["id"] for r in load_corpus(corpus)})
            name += "-without-gold"
        index = corpus_index(corpus, cache, titles=titles, only=only, rebuild=rebuild, show_progress=show_progress)
        return qs, index, {"corpus": str(corpus), "questions_file": str(questions), "titles": titles} | (
            {"without_gold": True} if without_gold else {}), name
    if without_gold:
        raise BadInput("--without-gold needs a benchmark (--corpus and --questions): the seed briefs' gold "
                       "articles share files with the others")
    qs = load_questions(gold, limit=limit, start=start)
    index = cached_index([seeds], cache, "seeds", rebuild=rebuild, show_progress=show_progress)
    return qs, index, {"corpus": str(seeds), "questions_file": str(gold), "titles": True}, Path(gold).stem


def _without_gold(questions: list[Question], passages: set[str]) -> tuple[list[Question], set[str]]:
    """The questions made unanswerable by leaving their gold passages out of `passages` (and of their own
    allowed passages), and the passages left: the neighbours that retrieval then finds are near misses (XQuAD's
    other paragraphs of the same article), the test of refusal that RGB's negatives give for news."""
    gold = {d for q in questions for d in q.gold_doc_ids}

    def allowed(q: Question) -> tuple[str, ...] | None:
        return None if q.corpus_doc_ids is None else tuple(d for d in q.corpus_doc_ids if d not in gold)

    unanswerable = [dataclasses.replace(q, answerable=False, gold_doc_ids=(), corpus_doc_ids=allowed(q),
                                        reference_answers=q.answers, reference_answer_groups=q.answer_groups)
                    for q in questions]  # the answer a passage stating it anyway would give
    return unanswerable, passages - gold


# ---------------------------------------------------------------------------------------------- output

RETRIEVAL_COLUMNS = ("n", "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
EVIDENCE_COLUMNS = ("evidence@1", "evidence@5")
ANSWER_COLUMNS = ("answerable", "unanswerable", "accuracy", "false_refusal", "refusal", "real_answer",
                  "citation_precision", "with_citation", "first_token_p50", "latency_p50", "latency_p95")


def _cell(value) -> str:
    if isinstance(value, float):
        return "-" if value != value else f"{value:.3f}"
    return str(value)


def retrieval_columns(report: Report) -> tuple[str, ...]:
    """The metric columns: the evidence ones only when the questions carry evidence strings."""
    return RETRIEVAL_COLUMNS + (EVIDENCE_COLUMNS if any(q.evidence for q in report.questions) else ())


def table_rows(report: Report, *, by: str = "lang") -> list[list[str]]:
    """Retrieval rows (config, group, metrics...) for "all" and each `by` group ("lang" or "type")."""
    rows = []
    for config, groups in report.retrieval.items():
        for group, scores in groups.items():
            if group == "all" or group.startswith(by + ":"):
                rows.append([config, group.split(":")[-1]] +
                            [_cell(scores.get(c, float("nan"))) for c in retrieval_columns(report)])
    return rows


def answer_rows(report: Report) -> list[list[str]]:
    return [[group.split(":")[-1]] + [_cell(s[c]) for c in ANSWER_COLUMNS]
            for group, s in (report.answers or {}).items() if group == "all" or group.startswith("lang:")]


def format_table(rows: list[list[str]], header: Sequence[str]) -> str:
    """A plain aligned text table."""
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    lines = ["  ".join(str(x).ljust(w) for x, w in zip(line, widths)).rstrip() for line in [list(header), *rows]]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def format_report(report: Report) -> str:
    """What `rag eval` prints: the retrieval table by configuration and language, and the answer table."""
    m = report.meta
    parts = [f"{report.name}: {m['questions']} questions ({m['scored']} scored for retrieval) over "
             f"{m.get('index', {}).get('documents', '?')} documents",
             format_table(table_rows(report), ("config", "lang", *retrieval_columns(report)))]
    if report.answers:
        parts.append(format_table(answer_rows(report), ("lang", *ANSWER_COLUMNS)))
    return "\n\n".join(parts)


def _markdown(rows: list[list[str]], header: Sequence[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


def results(report: Report) -> dict:
    """The machine-readable summary (results.json, `rag eval --json`); nan (no questions to rate) is null."""
    return _json_safe({"name": report.name, "meta": report.meta, "retrieval": report.retrieval,
                       "answers": report.answers})


def _json_safe(value):
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {key: _json_safe(v) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def question_rows(report: Report) -> list[dict]:
    """One row per question: its gold, each configuration's top documents and scores, its answer."""
    runs = {(r.question_id, r.config): r for r in report.retrieved}
    answers = {a.question_id: a for a in report.answered}
    rows = []
    for q in report.questions:
        row = {"id": q.id, "lang": q.lang, "type": q.type, "question": q.question, "answerable": q.answerable,
               "gold_doc_ids": list(q.gold_doc_ids), "evidence": list(q.evidence), "retrieval": {}}
        for config in report.meta["configs"]:
            r = runs.get((q.id, config))
            if r is not None:
                rank = next((i for i, d in enumerate(r.doc_ids, 1) if d in q.gold_doc_ids), None)
                row["retrieval"][config] = {"gold_rank": rank, "evidence_rank": r.evidence_rank,
                                            "doc_ids": list(r.doc_ids), "chunk_ids": list(r.chunk_ids),
                                            "seconds": r.seconds}
        if q.id in answers:
            a = answers[q.id]
            row["answer"] = {"text": a.text, "seconds": a.seconds, "first_token": a.first_token, "raw": a.raw,
                             "unsupported": list(a.unsupported), "support": a.support,
                             "citations": [c.chunk_id for c in a.citations]} | answer_row(q, a)
            if a.checked is not None:
                row["answer"]["checked"] = a.checked
            if a.restated is not None:
                row["answer"]["restated"] = a.restated
            if a.parts:
                row["answer"]["parts"] = list(a.parts)
            if a.again is not None:
                row["answer"]["again"] = a.again
        rows.append(row)
    return rows


def write_report(report: Report, root: str | os.PathLike = "eval/reports") -> Path:
    """eval/reports/<name>-<time>/: report.md, results.json, questions.jsonl and PNG plots."""
    stamp = report.meta["created"].replace("-", "").replace(":", "").replace("T", "-")
    folder = Path(root) / f"{report.name}-{stamp}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(results(report), ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    with (folder / "questions.jsonl").open("w", encoding="utf-8") as f:
        for row in question_rows(report):
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    plots = write_plots(report, folder)
    (folder / "report.md").write_text(_report_md(report, plots), encoding="utf-8")
    log.info("report written to %s", folder)
    return folder


def _misses(report: Report, limit: int = 60) -> tuple[list[list[str]], int]:
    """Scored questions some configuration does not rank first (or, with evidence, whose evidence is not in its
    top 5 chunks): id, lang, type, question, then "document rank / evidence chunk rank" per configuration."""
    def cell(r: dict, evidence: bool) -> str:
        return f"{r['gold_rank'] or '-'}" + (f" / {r['evidence_rank'] or '-'}" if evidence else "")

    rows = []
    for row in question_rows(report):
        runs, evidence = row["retrieval"], bool(row["evidence"])
        if any(r["gold_rank"] != 1 or (evidence and (r["evidence_rank"] or K + 1) > 5) for r in runs.values()):
            rows.append([row["id"], row["lang"], row["type"] or "", row["question"].replace("|", "/")] +
                        [cell(runs[c], evidence) for c in report.meta["configs"] if c in runs])
    return rows[:limit], len(rows)


def _report_md(report: Report, plots: list[str]) -> str:
    m, index = report.meta, report.meta.get("index", {})
    evidence = any(q.evidence for q in report.questions)
    columns = retrieval_columns(report)
    lines = [f"# {report.name}", "",
             f"{m['questions']} questions from `{m.get('questions_file')}` ({m['scored']} scored for retrieval"
             f"{'; after the first ' + str(m['start']) if m.get('start') else ''}"
             f"{'; the first ' + str(m['limit']) if m.get('limit') else ''}), corpus `{m.get('corpus')}`"
             f"{'' if m.get('titles', True) else ' (titles dropped)'}: {index.get('documents')} documents, "
             f"{index.get('chunks')} chunks. Run {m['created']}"
             f"{' with `' + m['command'] + '`' if m.get('command') else ''}.", "",
             "Document level: a question's chunk hits become its unique documents, best first; recall@k = a gold "
             "document in the top k" + ("; evidence@k = the title or text of one of the top k chunks holds a gold "
                                         "evidence string (what a k-chunk prompt would carry)." if evidence else "."),
             "", "## Retrieval by configuration and language", "",
             _markdown(table_rows(report), ("config", "lang", *columns)), ""]
    if any(q.type for q in report.questions):
        lines += ["## Retrieval by question type", "",
                  _markdown(table_rows(report, by="type"), ("config", "type", *columns)), ""]
    if report.answers:
        lines += ["## Answers (ask, default fusion)", "", _markdown(answer_rows(report), ("lang", *ANSWER_COLUMNS)),
                  "", "citation_precision: citations naming a gold document or holding an evidence string, pooled "
                  "over answerable questions; with_citation: answers (not refusals) with at least one citation.", ""]
    misses, total = _misses(report)
    if misses:
        shown = f", the first {len(misses)} shown; all are in questions.jsonl" if total > len(misses) else ""
        lines += [f"## Questions not ranked first by some configuration ({total}{shown})", "",
                  "Rank of the first gold document" + (" / of the first chunk holding an evidence string" * evidence)
                  + " per configuration (- = not in the top 10); listed when a document rank is not 1"
                  + (" or an evidence rank is over 5." if evidence else "."), "",
                  _markdown(misses, ("id", "lang", "type", "question", *m["configs"])), ""]
    lines += ["## Notes", ""] + [f"- {note}" for note in m.get("notes", [])] + [""]
    lines += [f"![{p}]({p})" for p in plots]
    return "\n".join(lines) + "\n"


def write_plots(report: Report, folder: Path) -> list[str]:
    """metrics.png (bars by configuration and language), recall_at_k.png, latency.png (answers); [] without
    matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log.warning("matplotlib is not installed: no plots (pip install -e '.[dev]')")
        return []
    configs = list(report.retrieval)
    groups = [g for g in next(iter(report.retrieval.values()), {}) if g == "all" or g.startswith("lang:")]
    metrics = [c for c in retrieval_columns(report) if c != "n"]
    written = []
    if configs:
        fig, axes = plt.subplots(1, len(groups), figsize=(6 * len(groups), 4), squeeze=False, sharey=True)
        width = 0.8 / len(configs)
        for ax, group in zip(axes[0], groups):
            for i, config in enumerate(configs):
                values = [report.retrieval[config].get(group, {}).get(m, float("nan")) for m in metrics]
                ax.bar([x + i * width for x in range(len(metrics))], values, width, label=config)
            ax.set_xticks([x + width * (len(configs) - 1) / 2 for x in range(len(metrics))], metrics, fontsize=8)
            ax.set_title(f"{report.name}: {group}")
            ax.set_ylim(0, 1.15)  # headroom for the legend above the bars
            ax.legend(fontsize=8, ncol=len(configs), loc="upper center")
        written.append(_save(fig, folder / "metrics.png"))
        fig, ax = plt.subplots(figsize=(6, 4))
        for config in configs:
            curve = report.retrieval[config]["all"]["recall_curve"]
            ax.plot(range(1, len(curve) + 1), curve, marker="o", label=config)
        ax.set(xlabel="k (documents)", ylabel="recall@k", title=f"{report.name}: recall@k", ylim=(0, 1.05))
        ax.legend()
        written.append(_save(fig, folder / "recall_at_k.png"))
    if report.answered:
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.hist([a.seconds for a in report.answered], bins=30)
        ax.set(xlabel="seconds (Answer.timings['total'])", ylabel="questions", title=f"{report.name}: answer latency")
        written.append(_save(fig, folder / "latency.png"))
    plt.close("all")
    return written


def _save(fig, path: Path) -> str:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return path.name


def with_meta(report: Report, **meta) -> Report:
    return dataclasses.replace(report, meta=report.meta | meta)
