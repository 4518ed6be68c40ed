"""rag: cited answers from news and financial briefs (Chinese and English), offline on a laptop.

    import rag
    rag.build_index(["seeds"], "index")
    answer = rag.ask("Meta 2026 年资本开支指引是多少?")
    print(answer.text, [c.title for c in answer.citations])
"""
from .ask import ask
from .config import Settings
from .errors import BadInput, IndexCorrupt, IndexMismatch, IndexNotFound, ModelUnavailable, RagError
from .index import Index, IndexInfo, build_index, load_index
from .retrieve import retrieve
from .types import Answer, Chunk, Citation, Document, Hit

__all__ = ["ask", "retrieve", "build_index", "load_index", "Index", "IndexInfo", "Settings", "Answer", "Chunk",
           "Citation", "Document", "Hit", "RagError", "BadInput", "IndexCorrupt", "IndexMismatch",
           "IndexNotFound", "ModelUnavailable"]
__version__ = "0.1.0"
