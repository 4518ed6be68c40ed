"""The web chat: an Answer -> HTML with linked [n] marks and citation cards, and the Gradio app around ask().

`python app.py` and `rag serve` both call launch(): the page is up at once on 127.0.0.1 while a background
thread loads the index, the embedder and the generator. Brief text is untrusted input: every piece of it
shown on the page goes through html.escape.
"""
from __future__ import annotations

import html
import inspect
import logging
import os
import re
import shutil
import threading
import unicodedata
from pathlib import Path

from .ask import ask
from .citations import CITE, parse
from .config import Settings
from .errors import BadInput, RagError
from .generate import get_generator
from .index import build_index, current_version, open_index
from .numbers import figures, supported
from .text import names, sentence_spans, tokenize
from .types import Answer, Citation

log = logging.getLogger(__name__)

COLLAPSE_CHARS = 280  # chunks longer than ~4 card lines start collapsed behind their supporting sentence
UPLOAD_SUFFIXES = (".txt", ".md", ".jsonl")  # what rag.documents reads (".markdown" too, but rarely uploaded)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # a brief export is ~40 kB; 20 MB is a large jsonl corpus, not a video
LANGS = {"auto": None, "zh": "zh", "en": "en"}  # the language radio -> ask(lang=)
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_TRAILING_MARKS = re.compile(r"(?:\s*\[\d{1,3}\])+\s*$")  # the briefs' own reference marks: "… [1][11]"
_EDGE = " \t\n-*•·"  # bullets and space around a sentence


# ---------------------------------------------------------------------------------------------- formatting

def claims(text: str) -> list[tuple[str, list[int]]]:
    """The answer's sentences without their marks, each with the numbers it cites."""
    found = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        claim = CITE.sub("", sentence).strip()
        if claim:
            found.append((claim, parse(sentence, 999)))
    return found


def support_spans(chunk_text: str, cited_by: list[str]) -> list[tuple[int, int]]:
    """Spans of the chunk's sentences that best support each claim: shared tokens + 2 per matching figure.

    Per claim the highest-scoring sentence wins (the first on a tie); a claim sharing nothing marks nothing.
    """
    spans = [(s, e) for s, e in sentence_spans(chunk_text) if chunk_text[s:e].strip()]
    words = [set(tokenize(chunk_text[s:e])) for s, e in spans]
    numbers = [figures(chunk_text[s:e]) for s, e in spans]
    chosen = set()
    for claim in cited_by:
        claim_words, claim_figures = set(tokenize(claim)), figures(claim)
        scores = [len(claim_words & w) + 2 * sum(supported(f, nums) for f in claim_figures)
                  for w, nums in zip(words, numbers)]
        if scores and max(scores) > 0:
            chosen.add(scores.index(max(scores)))
    return [_trimmed(chunk_text, *spans[i]) for i in sorted(chosen)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding space, a leading bullet or the brief's own trailing marks ("… [1][3]")."""
    piece = text[start:end]
    tail = _TRAILING_MARKS.search(piece)
    piece = piece[:tail.start()] if tail else piece
    return start + len(piece) - len(piece.lstrip(_EDGE)), start + len(piece.rstrip(_EDGE))


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` escaped, with the spans wrapped in <mark> and line breaks as <br>."""
    out, at = [], 0
    for start, end in spans:
        out += [_escape(text[at:start]), f"<mark>{_escape(text[start:end])}</mark>"]
        at = end
    out.append(_escape(text[at:]))
    return "".join(out)


def _escape(text: str) -> str:
    # No raw newlines: a blank line would end the chat's HTML block and let markdown parse brief text.
    return html.escape(text).replace("\n", "<br>")


def link_marks(text: str, anchor: str, known: set[int]) -> str:
    """`text` escaped, each [n] of a known citation a superscript link to card n; other marks left as text."""
    out, at = [], 0
    for m in CITE.finditer(text):
        numbers = [int(x) for x in re.split(r"\s*[,，、]\s*", m.group(1))]
        if not all(n in known for n in numbers):
            continue
        links = "".join(f'<a class="rag-cite" href="#{anchor}-{n}">[{n}]</a>' for n in numbers)
        out += [_escape(text[at:m.start()]), f"<sup>{links}</sup>"]
        at = m.end()
    out.append(_escape(text[at:]))
    return "".join(out)


def shown_date(date: str | None) -> str:
    return (date or "").replace("T", " ")


def citation_card(citation: Citation, anchor: str, spans: list[tuple[int, int]], score: float | None) -> str:
    """One card, on one line: number, title, source · date · score, then the chunk with its support marked."""
    meta = [x for x in (citation.source, shown_date(citation.date)) if x]
    if score is not None:
        meta.append(f"score {score:.4f}")
    head = (f'<div class="rag-card" id="{anchor}-{citation.n}"><div class="rag-card-head">'
            f'<span class="rag-n">{citation.n}</span> <span class="rag-title">{_escape(citation.title)}</span></div>'
            f'<div class="rag-meta">{_escape(" · ".join(meta))}</div>')
    text = citation.text.strip()
    if len(text) <= COLLAPSE_CHARS:
        return f'{head}<div class="rag-text">{highlight(text, spans)}</div></div>'
    support = " … ".join(_escape(text[s:e]) for s, e in spans)
    quote = f'<blockquote class="rag-support">{support}</blockquote>' if support else ""
    return (f'{head}{quote}<details class="rag-text"><summary>full passage ({len(text)} characters)</summary>'
            f'{highlight(text, spans)}</details></div>')


def format_answer(answer: Answer, anchor: str = "cite") -> str:
    """The chat message for a final Answer: its text with linked marks, then one card per citation."""
    if answer.refused:
        return (f"{_escape(answer.text)}\n\n<small>Nothing retrieved says it. Try other words, "
                "a wider date range or fewer source filters.</small>")
    by_n = {c.n: c for c in answer.citations}
    text_claims = claims(answer.text)
    scores = {h.chunk_id: h.score for h in answer.hits}
    parts = [link_marks(answer.text, anchor, set(by_n))]
    if answer.unsupported:
        count = len(answer.unsupported)
        parts.append(f"<small>{count} generated sentence{'s' * (count > 1)} left out: "
                     "no source states its figures.</small>")
    cards = []
    for c in answer.citations:
        text = c.text.strip()
        spans = support_spans(text, [claim for claim, numbers in text_claims if c.n in numbers])
        cards.append(citation_card(c, anchor, spans, scores.get(c.chunk_id)))
    if cards:
        parts.append(f'<div class="rag-cards">{"".join(cards)}</div>')
    return "\n\n".join(parts)


def format_error(error: Exception) -> str:
    """A failure as one friendly line: a RagError's own message, never a traceback."""
    if isinstance(error, RagError):
        return f"⚠️ {_escape(str(error))}"
    return f"⚠️ Something went wrong ({type(error).__name__}); the server log has the details."


def format_status(manifest: dict | None, path: str, models: str,
                  dates: tuple[str | None, str | None] = (None, None)) -> str:
    """The index line: which index, how many briefs and chunks, their dates, when built; the models' state."""
    if manifest is None:
        return f"**Index** `{path}`: not loaded yet · **models** {models}"
    counts = manifest.get("counts", {})
    built = str(manifest.get("built_at", "?")).replace("T", " ")
    span = f"dated {dates[0][:10]} to {dates[1][:10]} · " if dates[0] and dates[1] else ""
    return (f"**Index** `{path}` · {counts.get('documents', '?')} briefs · {counts.get('chunks', '?')} chunks · "
            f"{span}built {built} · **models** {models}")


def make_filters(sources: list[str] | None, date_from: str | None, date_to: str | None) -> dict | None:
    """The form's filters as ask(filters=); dates must be YYYY, YYYY-MM or YYYY-MM-DD."""
    filters = {}
    for key, value in (("date_from", date_from), ("date_to", date_to)):
        value = (value or "").strip()
        if value and not _DATE.match(value):
            raise BadInput(f"{key.replace('_', ' ')} {value!r} is not a date; write YYYY-MM-DD, YYYY-MM or YYYY")
        if value:
            filters[key] = value
    if sources:
        filters["source"] = list(sources)
    return filters or None


# ---------------------------------------------------------------------------------------------- uploads

def safe_filename(name: str) -> str:
    """A file name that stays inside its folder: no path parts, no leading dots, only word chars . and -."""
    name = unicodedata.normalize("NFKC", re.split(r"[/\\]", name)[-1])
    stem, suffix = os.path.splitext(name)
    stem = re.sub(r"[^\w.-]+", "_", stem).strip("._-")[:100] or "upload"
    return stem + re.sub(r"[^\w.]", "", suffix.lower())


def save_uploads(paths: list[str], folder: str | os.PathLike) -> tuple[list[Path], list[str]]:
    """Copy uploaded files into `folder` under safe names; returns (saved paths, one reason per rejected file).

    A name already taken by a different file gets -2, -3, ...; an identical file is not copied again.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    saved, rejected = [], []
    for path in paths:
        original = Path(path).name
        name = safe_filename(original)
        if not name.endswith(UPLOAD_SUFFIXES):
            rejected.append(f"{original}: not one of {', '.join(UPLOAD_SUFFIXES)}")
            continue
        size = os.path.getsize(path)
        if size > MAX_UPLOAD_BYTES:
            rejected.append(f"{original}: {size / 2**20:.1f} MB, over the {MAX_UPLOAD_BYTES // 2**20} MB limit")
            continue
        target = _free_name(folder, name, Path(path).read_bytes())
        if target.resolve().parent != folder.resolve():
            rejected.append(f"{original}: not a usable file name")
            continue
        if not target.exists():
            shutil.copyfile(path, target)
        saved.append(target)
    return saved, rejected


def _free_name(folder: Path, name: str, data: bytes) -> Path:
    stem, suffix = os.path.splitext(name)
    target, n = folder / name, 1
    while target.exists() and target.read_bytes() != data:
        n += 1
        target = folder / f"{stem}-{n}{suffix}"
    return target


# ---------------------------------------------------------------------------------------------- one chat turn

# Shown after the streamed text until the checked answer replaces it: the draft's figures and names are not yet
# checked against the briefs, and the check after the last token (Settings.min_support_*) takes a few seconds.
CHECKING = " <em>· checking against the briefs…</em>"


def chat_turn(message: str, chat: list, history: list, *, index, k=None, source=None, date_from=None,
              date_to=None, lang="auto", loading=False):
    """Yield (chat, history) as a question is answered: the question, the streamed text, the final message.

    Empty input yields nothing. history holds plain {"role", "content"} messages for ask(history=), which is
    passed only when ask() takes it. Any failure ends the turn with a friendly message, never a traceback.
    """
    question = (message or "").strip()
    if not question:
        return
    anchor = f"cite-{sum(1 for m in chat if m['role'] == 'assistant') + 1}"
    waiting = "<em>Searching the briefs…</em>" + (" (models loading)" if loading else "")
    chat = [*chat, {"role": "user", "content": _escape(question)}, {"role": "assistant", "content": waiting}]
    yield [*chat], history
    try:
        extra = {"history": history} if history and _ask_takes_history() else {}
        steps = ask(question, index=index, k=int(k) if k else None, filters=make_filters(source, date_from, date_to),
                    stream=True, lang=LANGS.get(lang), **extra)
        text = ""
        for step in steps:
            if isinstance(step, Answer):
                chat[-1] = {"role": "assistant", "content": format_answer(step, anchor)}
                history = [*history, {"role": "user", "content": question},
                           {"role": "assistant", "content": step.text}]
                break
            text += step
            chat[-1] = {"role": "assistant", "content": _escape(text) + CHECKING}
            yield [*chat], history
    except Exception as e:  # noqa: BLE001 - every failure becomes a message, never a traceback
        if not isinstance(e, RagError):
            log.exception("answering %r failed", question)
        chat[-1] = {"role": "assistant", "content": format_error(e)}
    yield chat, history


def _ask_takes_history() -> bool:
    return "history" in inspect.signature(ask).parameters


# ---------------------------------------------------------------------------------------------- the app

class Warmup:
    """Loads the index, embedder and generator in a background thread so the page is up before they are."""

    def __init__(self, index: str):
        self.index, self.error, self.loaded = index, None, None
        self.done = threading.Event()

    def start(self) -> "Warmup":
        threading.Thread(target=self._run, name="rag-warmup", daemon=True).start()
        return self

    def _run(self):
        try:
            loaded = open_index(self.index)
            loaded.embedder.embed_query("warm-up")
            settings = Settings()
            get_generator(settings.generator, settings.backend, settings.decode_threads).count_tokens("warm-up")
            names("预热")  # jieba's tagger and the dictionary the name checks read (~1 s, once)
            self.loaded = loaded
        except Exception as e:  # noqa: BLE001 - shown on the page; asking again retries
            if isinstance(e, RagError):
                log.warning("warm-up failed: %s", e)
            else:
                log.exception("warm-up failed")
            self.error = e
        finally:
            self.done.set()

    @property
    def models(self) -> str:
        if not self.done.is_set():
            return "loading…"
        return "ready" if self.error is None else format_error(self.error)


CSS = """
.rag-cards {display: flex; flex-direction: column; gap: .5rem; margin-top: .5rem}
.rag-card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5rem .75rem;
           background: var(--background-fill-secondary); font-size: .9em}
.rag-card-head {font-weight: 600}
.rag-n {display: inline-block; min-width: 1.4em; text-align: center; border-radius: 4px; margin-right: .3em;
        background: var(--color-accent); color: white}
.rag-meta {color: var(--body-text-color-subdued); font-size: .85em; margin: .15rem 0 .3rem}
.rag-support {margin: .2rem 0; padding-left: .6rem; border-left: 3px solid var(--color-accent)}
.rag-card mark {background: #fff3a8; color: inherit; padding: 0 .1em}
.rag-flash {outline: 2px solid var(--color-accent)}
sup a.rag-cite {text-decoration: none; font-weight: 600}
"""

# Gradio's markdown may open links in a new tab; a [n] link should scroll to its card and open it instead.
HEAD = """<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.rag-cite");
  if (!link) return;
  event.preventDefault(); event.stopPropagation();
  const card = document.getElementById(link.getAttribute("href").slice(1));
  if (!card) return;
  card.querySelectorAll("details").forEach((d) => { d.open = true; });
  card.scrollIntoView({behavior: "smooth", block: "nearest"});
  card.classList.add("rag-flash");
  setTimeout(() => card.classList.remove("rag-flash"), 1500);
}, true);
</script>"""

EXAMPLES = ["Meta 2026 年资本开支指引是多少?", "Who fined WhatsApp, and how much?", "汇聚科技涨了多少?",
            "What did Microsoft spend on capex in fiscal Q2 2026?"]


def build_app(index: str = "index", *, sources: tuple[str, ...] = ("seeds",), uploads: str = "data/uploads",
              warmup: Warmup | None = None):
    """The gr.Blocks chat over `index`; uploads are copied to `uploads` and indexed with `sources`."""
    import gradio as gr

    warmup = warmup or Warmup(index)
    settings = Settings()

    def status():
        loaded = warmup.loaded
        if warmup.done.is_set():
            if current_version(index) is None:  # open_index would build the default index here, per page view
                missing = f"no index at {index} yet: press **Rebuild index** below or run `rag index`"
                return f"**Index** `{index}`: {missing}", gr.Dropdown(), gr.Timer(active=False)
            try:
                loaded = open_index(index)  # cheap when cached; picks up a rebuilt version
            except RagError as e:
                return f"**Index** `{index}`: {format_error(e)}", gr.Dropdown(), gr.Timer(active=False)
        if loaded is None:
            return format_status(None, index, warmup.models), gr.Dropdown(), gr.Timer(active=True)
        line = format_status(loaded.manifest, index, warmup.models, loaded.date_range)
        return line, gr.Dropdown(choices=loaded.sources), gr.Timer(active=not warmup.done.is_set())

    def respond(message, chat, history, source, date_from, date_to, lang, k):
        if not (message or "").strip():
            yield gr.skip(), gr.skip(), gr.skip()
            return
        steps = chat_turn(message, chat, history, index=index, k=k, source=source, date_from=date_from,
                          date_to=date_to, lang=lang, loading=not warmup.done.is_set())
        for chat, history in steps:
            yield "", chat, history

    def add_files(files, progress=gr.Progress(track_tqdm=True)):
        if not files:
            return "Choose .txt, .md or .jsonl files first.", *status()[:2]
        saved, rejected = save_uploads([getattr(f, "name", f) for f in files], uploads)
        note = "".join(f"\n- skipped {_escape(r)}" for r in rejected)
        if not saved:
            return "Nothing added." + note, *status()[:2]
        return _build(progress, rebuild=False, note=f"Added {len(saved)} file(s).{note}")

    def rebuild(progress=gr.Progress(track_tqdm=True)):
        return _build(progress, rebuild=True, note="Rebuilt.")

    def _build(progress, *, rebuild: bool, note: str):
        progress(0, desc="indexing")
        Path(uploads).mkdir(parents=True, exist_ok=True)
        folders = [s for s in sources if Path(s).exists()] + [uploads]
        try:
            info = build_index(folders, index, rebuild=rebuild, show_progress=True)
        except Exception as e:  # noqa: BLE001
            if not isinstance(e, RagError):
                log.exception("indexing failed")
            return format_error(e), *status()[:2]
        done = (f"{note} {info.documents} briefs, {info.chunks} chunks ({info.embedded} embedded, "
                f"{info.reused} reused) in {info.seconds:.1f} s.")
        return done, *status()[:2]

    with gr.Blocks(title="rag · briefs", analytics_enabled=False) as demo:
        history = gr.State([])
        status_line = gr.Markdown(format_status(None, index, warmup.models), elem_id="rag-status")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(label="Chat", height=620, layout="panel", latex_delimiters=[], feedback_options=None,
                                  buttons=["copy"], elem_id="rag-chat",
                                  placeholder="Ask about the briefs, in Chinese or English.")
                with gr.Row():
                    message = gr.Textbox(placeholder="Meta 2026 年资本开支指引是多少?", show_label=False,
                                         scale=5, autofocus=True, elem_id="rag-question", max_lines=4)
                    send = gr.Button("Ask", variant="primary", scale=1, elem_id="rag-ask")
                    new_chat = gr.Button("New chat", scale=1, elem_id="rag-new-chat")
                gr.Examples(EXAMPLES, inputs=[message], label="Examples")
            with gr.Column(scale=1, min_width=260):
                lang = gr.Radio(list(LANGS), value="auto", label="Answer language")
                k = gr.Slider(1, 20, value=settings.answer_k, step=1, label="Chunks retrieved (k)")
                source = gr.Dropdown([], multiselect=True, label="Sources", info="none chosen: all")
                date_from = gr.Textbox(label="From", placeholder="YYYY-MM-DD")
                date_to = gr.Textbox(label="To", placeholder="YYYY-MM-DD")
                with gr.Accordion("Index", open=False):
                    files = gr.File(file_count="multiple", file_types=list(UPLOAD_SUFFIXES),
                                    label=f"Add briefs (.txt .md .jsonl, ≤{MAX_UPLOAD_BYTES // 2**20} MB each)")
                    add = gr.Button("Add to index")
                    rebuild_button = gr.Button("Rebuild index", variant="stop")
                    build_note = gr.Markdown()
        timer = gr.Timer(1.0)

        inputs = [message, chat, history, source, date_from, date_to, lang, k]
        for trigger in (message.submit, send.click):
            trigger(respond, inputs, [message, chat, history], api_name=False, concurrency_id="ask")
        new_chat.click(lambda: ([], [], ""), None, [chat, history, message], api_name=False)
        timer.tick(status, None, [status_line, source, timer], api_name=False, show_progress="hidden")
        demo.load(status, None, [status_line, source, timer], api_name=False, show_progress="hidden")
        add.click(add_files, [files], [build_note, status_line, source], api_name=False, concurrency_limit=1,
                  concurrency_id="build")
        rebuild_button.click(rebuild, None, [build_note, status_line, source], api_name=False,
                             concurrency_limit=1, concurrency_id="build")
    return demo


def launch(host: str = "127.0.0.1", port: int | None = 7860, share: bool = False, index: str = "index") -> None:
    """Serve the chat; binds localhost unless `host` says otherwise. Blocks until interrupted."""
    import gradio as gr

    warmup = Warmup(index).start()
    demo = build_app(index, warmup=warmup)
    # Generation is serialised by the generator's lock; 4 workers keep retrieval and streaming overlapping and
    # 64 queued requests let 20 people ask at once and wait their turn instead of getting errors.
    demo.queue(default_concurrency_limit=4, max_size=64)
    theme = gr.themes.Soft(font=["system-ui", "sans-serif"], font_mono=["ui-monospace", "monospace"])  # offline
    demo.launch(server_name=host, server_port=port, share=share, max_file_size=MAX_UPLOAD_BYTES,
                ssr_mode=False, theme=theme, css=CSS, head=HEAD, footer_links=[])


def add_arguments(parser) -> None:
    """--host/--port/--share/--index, shared by app.py and `rag serve`."""
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=7860, help="port (default: 7860)")
    parser.add_argument("--share", action="store_true", help="also open a public gradio.live link (needs internet)")
    parser.add_argument("--index", default="index", help="index folder (default: index, built from seeds/ if missing)")
