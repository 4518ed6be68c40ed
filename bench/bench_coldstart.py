"""Cold start: `rag ask "…" --index <seed index>` in a fresh process (wall time, split by Answer.timings) vs a
fresh process doing the same work with the raw libraries (load e5 + encode the question, load the GGUF,
stream the same messages); `python app.py` until its port answers vs a bare gradio app; import costs."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.common import CACHE, ROOT, Row, judge, pct, run_json

SECTION = "coldstart"
QUESTION_ID = "g022"  # "微软发布的第二代自研 AI 芯片叫什么名字?": a short answer keeps decoding out of the way
CLI_K = 5  # `rag ask --k` default


def run(ctx) -> list[Row]:
    from bench.common import gold_questions

    index = ctx["seed_index"]
    question = next(q for q in gold_questions() if q["id"] == QUESTION_ID)["question"]
    rows: list[Row] = []

    # imports
    bare = pct([_wall([sys.executable, "-c", "pass"]) for _ in range(3)], 50)
    cli = pct([_wall([sys.executable, "-c", "import rag.cli"]) for _ in range(3)], 50)
    rows.append(Row(SECTION, "python -c 'import rag.cli'", cli, "s", bare, "python -c pass",
                    note="rag imports numpy and its own modules; torch, faiss, llama_cpp load on first use"))
    check, _ = run_json(["-c", "import json, time; from rag.models import embedder_path, generator_path; "
                               "t = time.perf_counter(); embedder_path(); e = time.perf_counter() - t; "
                               "t = time.perf_counter(); generator_path(); g = time.perf_counter() - t; "
                               "print(json.dumps({'embedder': e, 'generator': g}))"], timeout=300)
    rows.append(Row(SECTION, "model path checks per fresh process (embedder_path + generator_path)",
                    check["embedder"] + check["generator"], "s",
                    note=f"embedder_path {check['embedder']:.2f} s: sha256 of every file of the converted e5 "
                         f"folder (~490 MB) on each process start; generator_path {check['generator']:.2f} s "
                         "(trusts its .sha256 sidecar)"))

    if ctx["coldstart_ask"]:
        rows += _cold_ask(ctx, index, question)
    # app.py until the port answers
    env = {"GRADIO_ANALYTICS_ENABLED": "False"}
    app_s = _until_up([sys.executable, "app.py", "--port", "{port}", "--index", str(index.path)], env)
    bare_app = _until_up([sys.executable, "-c", BARE_GRADIO, "{port}"], env)
    rows.append(Row(SECTION, "python app.py: HTTP port answers", app_s, "s", bare_app,
                    "bare gradio Blocks app with one Textbox", "<= 5 s", judge(app_s / bare_app, value=app_s,
                                                                                 max_value=5.0),
                    note="models load in a background thread after the page is up (rag.ui.Warmup)"))
    return rows


def _cold_ask(ctx, index, question) -> list[Row]:
    rows = []
    messages = _messages(index, question)
    msg_file = CACHE / "coldstart-messages.json"
    msg_file.write_text(json.dumps(messages, ensure_ascii=False), encoding="utf-8")
    rag_exe = Path(sys.executable).with_name("rag")
    t = time.perf_counter()
    proc = subprocess.run([str(rag_exe), "ask", question, "--index", str(index.path), "--k", str(CLI_K), "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    cli_wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"rag ask failed: {proc.stderr.strip()[-500:]}")
    answer = json.loads(proc.stdout)
    from rag.models import EMBEDDER_DIR, GENERATOR_FILE, cache_dir

    floor, floor_wall = run_json(["-m", "bench.bench_coldstart", "floor", str(msg_file), question,
                                  str(ctx["seed_index"].settings.max_new_tokens), str(cache_dir() / EMBEDDER_DIR),
                                  str(cache_dir() / GENERATOR_FILE)], timeout=900)
    tm = answer["timings"]
    startup = cli_wall - tm["total"]
    prefill = tm.get("first_token", 0) - tm["retrieve"] - tm.get("prompt", 0)
    decode = tm["total"] - tm.get("first_token", tm["total"])
    rows.append(Row(SECTION, "rag ask, cold process: answer complete", cli_wall, "s", floor_wall,
                    "fresh process: raw e5 load + encode, raw GGUF load + same messages", "<= 15 s",
                    judge(cli_wall / floor_wall, value=cli_wall, max_value=15.0),
                    note=f"interpreter + imports + exit {startup:.1f} s, retrieve incl. index + embedder load "
                         f"{tm['retrieve']:.1f} s, sentence selection incl. generator load {tm.get('prompt', 0):.1f} s, "
                         f"prefill {prefill:.1f} s, decode {decode:.1f} s; raw: imports {floor['import_s']:.1f} s, "
                         f"e5 load {floor['embedder_load_s']:.1f} s, GGUF load {floor['generator_load_s']:.1f} s, "
                         f"first token {floor['ttft_s']:.1f} s, decode {floor['decode_s']:.1f} s; "
                         f"answer {answer['text'][:60]!r}; same text as raw: "
                         f"{(answer.get('raw') or '').strip() == floor['text'].strip()}",
                    extra={"timings": tm, "floor": floor, "answer": answer["text"]}))
    to_first = startup + tm.get("first_token", tm["total"])
    floor_first = floor_wall - floor["decode_s"]
    rows.append(Row(SECTION, "rag ask, cold process: first token", to_first, "s", floor_first,
                    "raw process to first token", note="wall time minus decode on both sides"))
    return rows


BARE_GRADIO = """
import sys, gradio as gr
with gr.Blocks() as demo:
    gr.Textbox()
demo.launch(server_name="127.0.0.1", server_port=int(sys.argv[1]), ssr_mode=False)
"""


def _wall(cmd) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300, check=True)
    return time.perf_counter() - t


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _until_up(cmd, env, timeout: float = 180) -> float:
    """Seconds from spawn until GET / on the port returns 200; the process is then stopped."""
    port = _free_port()
    cmd = [c.replace("{port}", str(port)) for c in cmd]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=os.environ | env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while time.perf_counter() - t < timeout:
            if proc.poll() is not None:
                raise RuntimeError(f"{' '.join(cmd[:3])} exited with {proc.returncode} before serving")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    if r.status == 200:
                        return time.perf_counter() - t
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"{' '.join(cmd[:3])} did not answer on port {port} within {timeout} s")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # its own session: the app and anything it started
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _messages(index, question: str, k: int = CLI_K) -> list[dict]:
    """The messages `rag ask` will send, rebuilt with rag's own steps (as ask() does, no generation)."""
    from rag.ask import question_lang
    from rag.config import Settings
    from rag.generate import get_generator
    from rag.prompt import build_messages, select_sources
    from rag.retrieve import retrieve

    settings = Settings()
    lang = question_lang(question)
    hits = retrieve(question, index=index, k=k)
    generator = get_generator(settings.generator, settings.backend, settings.decode_threads)
    embedder = index.embedder
    sources = select_sources(question, hits, embed=embedder.embed_passages, query_vector=embedder.embed_query(question),
                             idf=index.sparse.idf, count_tokens=generator.count_tokens,
                             budget=settings.source_tokens, lang=lang)
    return build_messages(question, sources, lang)


def _floor(msg_file: str, question: str, max_tokens: str, embedder_dir: str, gguf: str) -> dict:
    """The cold `rag ask` done with raw libraries only, in a process that never imports rag."""
    t0 = time.perf_counter()
    from llama_cpp import Llama
    from sentence_transformers import SentenceTransformer

    import_s = time.perf_counter() - t0
    messages = json.loads(Path(msg_file).read_text(encoding="utf-8"))
    t = time.perf_counter()
    model = SentenceTransformer(embedder_dir, device="cpu")
    model.encode_query([question], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
    embedder_load_s = time.perf_counter() - t
    t = time.perf_counter()
    threads = len(os.sched_getaffinity(0))
    llm = Llama(model_path=gguf, n_ctx=4096, n_threads=threads, seed=0, verbose=False)
    generator_load_s = time.perf_counter() - t
    t = time.perf_counter()
    times, pieces = [], []
    for part in llm.create_chat_completion(messages=messages, stream=True, max_tokens=int(max_tokens), temperature=0.0,
                                           top_k=1, seed=0):
        piece = part["choices"][0]["delta"].get("content")
        if piece:
            times.append(time.perf_counter())
            pieces.append(piece)
    return {"import_s": import_s, "embedder_load_s": embedder_load_s, "generator_load_s": generator_load_s,
            "ttft_s": times[0] - t if times else None, "decode_s": times[-1] - times[0] if times else 0.0,
            "text": "".join(pieces)}


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.WARNING)
    mode, *args = sys.argv[1:]
    print(json.dumps(_floor(*args), ensure_ascii=False))
