"""files -> list[Document]: brief exports, plain text/markdown, and jsonl corpora, in any common encoding.

A brief export (seeds/*.txt) is a header (`Workflow`, the collection name `Meta Platforms(META)`, UI words)
and then articles, each a title line, a `source· YYYY-MM-DD HH:MM` line (or the date alone) and a body:
    港股异动 | 光通信概念股涨幅居前 ...
    智通财经网· 2026-02-03 14:56
    市场表现 - 光通信概念股普遍上涨,... [1] 行业驱动因素 - ...
Bad files never stop a build: they are skipped with a warning that names them.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from .errors import BadInput
from .text import detect_lang
from .types import Document

log = logging.getLogger(__name__)

BRIEF_SUFFIXES = frozenset({".txt"})
PLAIN_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl"})
LANGS = frozenset({"zh", "en", "mixed"})
# Lines of the export's user interface, never content (compared case-insensitively).
UI_WORDS = frozenset({"workflow", "icon", "搜索文档", "搜索", "search", "search documents"})

_DATE_LINE = re.compile(
    r"^\s*(?:(?P<source>.*?)\s*[·•・]\s*)?"
    r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2})?\s*$")
_TICKER = re.compile(r"\(\s*([A-Za-z0-9][A-Za-z0-9.\-]{0,11})\s*\)\s*$")  # "(META)", "(0700.HK)"
_MD_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t#]*$", re.M)
# Controls other than \t \n \v \f \r and ESC: a decoded "text" with more than 1% of them is binary.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def load_documents(sources: Iterable[str | os.PathLike]) -> list[Document]:
    """Documents from files and directories (walked recursively, sorted), in order, ids unique.

    A missing source raises BadInput; unreadable, empty or unknown files are skipped with a warning.
    Documents with the same title and body are kept once; a repeated doc_id gets -2, -3, ... in load order.
    """
    if isinstance(sources, (str, os.PathLike)):
        raise BadInput(f"sources must be a list of paths, got the single path {str(sources)!r}; "
                       f"pass [{str(sources)!r}]")
    docs: list[Document] = []
    for path in _files(sources):
        docs.extend(_load_file(path))
    return _unique_ids(_drop_duplicates(docs))


def _files(sources: Iterable[str | os.PathLike]) -> list[Path]:
    files = []
    for source in sources:
        path = Path(source)
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in sorted(path.rglob("*"))
                         if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            raise BadInput(f"no such file or directory: {str(path)!r}; check the path")
    return files


def _load_file(path: Path) -> list[Document]:
    suffix = path.suffix.lower()
    if suffix not in PLAIN_SUFFIXES | JSONL_SUFFIXES:
        log.warning("skipping %s: unknown file type %r; expected one of %s", path, suffix,
                    sorted(PLAIN_SUFFIXES | JSONL_SUFFIXES))
        return []
    text = read_text(path)
    if text is None:
        return []
    if not text.strip():
        log.warning("skipping %s: the file is empty", path)
        return []
    if suffix in JSONL_SUFFIXES:
        return parse_jsonl(text, path)
    if suffix in BRIEF_SUFFIXES and looks_like_brief(text):
        return parse_brief(text, path)
    return parse_plain(text, path)


def read_text(path: str | os.PathLike) -> str | None:
    """The file's text with newlines normalised to \\n, or None (with a warning) for a binary file.

    Tries UTF-8, then a BOM (UTF-8, UTF-16, UTF-32), then GB18030 (a superset of GBK and GB2312).
    """
    data = Path(path).read_bytes()
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                pass
            break
    if text is None and b"\x00" not in data:
        for encoding in ("utf-8", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if text is None or len(_CONTROL.findall(text)) > len(text) / 100:
        log.warning("skipping %s: binary or in an unknown encoding (expected UTF-8, UTF-16 with a BOM or "
                    "GB18030)", path)
        return None
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------------------------- briefs

def looks_like_brief(text: str) -> bool:
    """A brief export has a date line (`source· 2026-02-03 14:56`) right after a title line, or first."""
    previous = ""
    for line in text.split("\n"):
        if not line.strip():
            continue
        if _date_of(line) and not (previous and _date_of(previous)):
            return True
        previous = line
    return False


def _date_of(line: str) -> tuple[str | None, datetime] | None:
    """(source, when) of a date line, else None."""
    m = _DATE_LINE.match(line)
    if not m:
        return None
    try:
        when = datetime(int(m["y"]), int(m["mo"]), int(m["d"]), int(m["h"]), int(m["mi"]))
    except ValueError:
        return None
    return (m["source"] or "").strip() or None, when


def parse_brief(text: str, path: str | os.PathLike) -> list[Document]:
    """The articles of one brief export, in file order; ids are `{slug}-{YYYYMMDD}-{HHMM}`."""
    lines = [line.strip() for line in text.split("\n")]
    dated = [i for i, line in enumerate(lines) if line and _date_of(line)]
    if not dated:
        return parse_plain(text, path)
    starts: list[tuple[int | None, int]] = []  # (title line or None, date line)
    previous = -1
    for d in dated:
        t = d - 1
        while t > previous and not lines[t]:
            t -= 1
        starts.append((t if t > previous and lines[t].casefold() not in UI_WORDS else None, d))
        previous = d
    first = starts[0][0] if starts[0][0] is not None else starts[0][1]
    collection, undated = _split_header(lines[:first], path)
    slug = _brief_slug(collection, path)
    docs = []
    if undated:
        docs.extend(_article(undated[0], "\n".join(undated[1:]), None, None, collection, slug, path))
    for k, (t, d) in enumerate(starts):
        end = len(lines) if k + 1 == len(starts) else (starts[k + 1][0] or starts[k + 1][1])
        body = "\n".join(line for line in lines[d + 1:end] if line.casefold() not in UI_WORDS).strip()
        source, when = _date_of(lines[d])
        docs.extend(_article(lines[t] if t is not None else None, body, source, when, collection, slug, path))
    return docs


def _split_header(lead: list[str], path) -> tuple[str | None, list[str]]:
    """(collection name, lines of an undated article) from the lines before the first dated article.

    The header is the run up to the last UI word; the collection is its one line that is not a UI word.
    Without UI words, a lone line or one ending in a ticker `(META)` is the collection.
    """
    lead = [line for line in lead if line]
    ui = [i for i, line in enumerate(lead) if line.casefold() in UI_WORDS]
    collection = None
    rest = lead
    if ui:
        names = [line for line in lead[:ui[-1] + 1] if line.casefold() not in UI_WORDS]
        collection = names[0] if names else None
        rest = lead[ui[-1] + 1:]
    if collection is None and rest and (len(rest) == 1 or _TICKER.search(rest[0])):
        collection, rest = rest[0], rest[1:]
    if len(rest) == 1:
        log.warning("%s: %r before the first dated article has no body; skipped", path, rest[0])
        return collection, []
    return collection, rest


def _article(title, body, source, when, collection, slug, path) -> list[Document]:
    if not body:
        log.warning("%s: article %r has no body; skipped", path, title)
        return []
    if title is None:
        title = body.split("\n", 1)[0][:40]
        log.warning("%s: an article dated %s has no title line; titled %r from its body", path, when, title)
    stamp = when.strftime("%Y%m%d-%H%M") if when else "undated"
    return [Document(doc_id=f"{slug}-{stamp}", title=title, body=body, source=source,
                     date=when.strftime("%Y-%m-%dT%H:%M") if when else None, collection=collection,
                     lang=detect_lang(f"{title}\n{body}"), path=str(path))]


def _brief_slug(collection: str | None, path) -> str:
    if collection:
        ticker = _TICKER.search(collection)
        if ticker and re.search("[A-Za-z]", ticker.group(1)):
            return slugify(ticker.group(1))
        if slug := slugify(collection):
            return slug
    return stem_slug(path)


def slugify(text: str) -> str:
    """ASCII lowercase words joined by '-' ("Meta Platforms" -> "meta-platforms"); "" when none."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def stem_slug(path) -> str:
    """The file stem as a slug; a stem with no ASCII letters gets `doc-` and a short hash of it."""
    stem = Path(path).stem
    return slugify(stem) or "doc-" + hashlib.sha1(stem.encode()).hexdigest()[:8]


# ---------------------------------------------------------------------------------------------- plain, jsonl

def parse_plain(text: str, path: str | os.PathLike) -> list[Document]:
    """One document: title = the first markdown heading, else the first non-empty line; body = the rest."""
    m = _MD_HEADING.search(text)
    if m:
        title, body = m.group(1).strip(), text[:m.start()] + text[m.end():].lstrip("\n")
    else:
        first, _, body = text.strip().partition("\n")
        title = first.strip()
    body = body.strip() or title  # a one-line file is its own body
    return [Document(doc_id=stem_slug(path), title=title, body=body, lang=detect_lang(f"{title}\n{body}"),
                     path=str(path))]


def parse_jsonl(text: str, path: str | os.PathLike) -> list[Document]:
    """One document per line `{"id","title","text","lang","source"}` (+ optional "date"); doc_id = id exactly.

    Malformed lines are skipped with a warning naming the file and line number.
    """
    docs = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            log.warning("%s:%d: not valid JSON (%s); line skipped", path, n, e.msg)
            continue
        problem = _jsonl_problem(record)
        if problem:
            log.warning("%s:%d: %s; line skipped", path, n, problem)
            continue
        title, body = (record.get("title") or "").strip(), record["text"].strip()
        source, date, lang = record.get("source"), record.get("date"), record.get("lang")
        docs.append(Document(
            doc_id=str(record["id"]), title=title, body=body,
            source=source.strip() or None if isinstance(source, str) else None,
            date=date.strip() or None if isinstance(date, str) else None,
            lang=lang if lang in LANGS else detect_lang(f"{title}\n{body}"), path=str(path)))
    return docs


def _jsonl_problem(record) -> str | None:
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    if not isinstance(record.get("id"), (str, int)) or isinstance(record.get("id"), bool) or record["id"] == "":
        return 'no "id" (a non-empty string)'
    if not isinstance(record.get("title", ""), (str, type(None))):
        return '"title" is not a string'
    if not isinstance(record.get("text"), str) or not record["text"].strip():
        return 'no "text" (a non-empty string)'
    return None


# ---------------------------------------------------------------------------------------------- identity

def _drop_duplicates(docs: list[Document]) -> list[Document]:
    seen: dict[str, Document] = {}
    kept = []
    for doc in docs:
        digest = hashlib.sha256(f"{doc.title}\n{doc.body}".encode()).hexdigest()
        if digest in seen:
            log.warning("%s (%s) repeats %s (%s) word for word; kept once", doc.doc_id, doc.path,
                        seen[digest].doc_id, seen[digest].path)
            continue
        seen[digest] = doc
        kept.append(doc)
    return kept


def _unique_ids(docs: list[Document]) -> list[Document]:
    taken: set[str] = set()
    out = []
    for doc in docs:
        doc_id, n = doc.doc_id, 2
        while doc_id in taken:
            doc_id, n = f"{doc.doc_id}-{n}", n + 1
        if doc_id != doc.doc_id:
            log.info("doc_id %r is taken; %s gets %r", doc.doc_id, doc.path, doc_id)
            doc = replace(doc, doc_id=doc_id)
        taken.add(doc_id)
        out.append(doc)
    return out


