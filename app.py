"""The chat in a browser: `python app.py` serves it on http://127.0.0.1:7860 (see rag/ui.py)."""
import argparse
import logging

from rag.ui import add_arguments, launch

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Chat with cited answers from the briefs, in a browser.")
    add_arguments(parser)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its own logger to DEBUG
    launch(host=args.host, port=args.port, share=args.share, index=args.index)
