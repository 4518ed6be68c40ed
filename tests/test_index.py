"""Index build/load/update plumbing with a deterministic fake embedder (real-model tests: test_retrieve.py)."""
import json
import os

import numpy as np
import pytest

import rag.index
from rag.errors import BadInput, IndexCorrupt, IndexMismatch, IndexNotFound
from rag.index import build_index, current_version, load_index


def _brief(title, when, body, collection="Acme(ACME)"):
    return f"Workflow\n{collection}\nicon\n搜索文档\n{title}\n财联社· {when}\n{body}\n"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "briefs"
    folder.mkdir()
    (folder / "a.txt").write_text(_brief("甲公司发布财报", "2026-03-01 09:00", "业绩 - 营收增长11.75%。净利润100亿元。 [1]"))
    (folder / "b.txt").write_text(_brief("乙公司回购股票", "2026-03-02 10:30", "回购 - 公司宣布回购50亿元股票。 [1]",
                                         collection="Beta(BETA)"))
    return folder


def test_build_then_load_roundtrip(fake, corpus, tmp_path):
    info = build_index([corpus], tmp_path / "idx")
    assert (info.documents, info.embedded, info.reused, info.removed_documents) == (2, info.chunks, 0, 0)
    index = load_index(tmp_path / "idx")
    assert [c.doc_id for c in index.chunks][:1] == ["acme-20260301-0900"]
    assert index.manifest["counts"] == {"documents": 2, "chunks": info.chunks}
    assert index.manifest["embedder"]["dim"] == 8
    assert sorted(index.manifest["documents"]) == ["acme-20260301-0900", "beta-20260302-1030"]
    assert index.sources == ["财联社"]
    assert index.date_range == ("2026-03-01T09:00", "2026-03-02T10:30")
    chunks_file = tmp_path / "idx" / index.version / "chunks.jsonl"
    assert "甲公司发布财报" in chunks_file.read_text(encoding="utf-8")  # ensure_ascii=False


def test_rebuild_embeds_only_changed_and_drops_deleted(fake, corpus, tmp_path):
    build_index([corpus], tmp_path / "idx")
    first = load_index(tmp_path / "idx")
    fake.embedded.clear()
    (corpus / "a.txt").write_text(_brief("甲公司发布财报", "2026-03-01 09:00", "业绩 - 营收增长12%。 [1]"))
    (corpus / "c.txt").write_text(_brief("丙公司上市", "2026-03-03 11:00", "上市 - 首日涨20%。 [1]", collection="Gamma(GMA)"))
    (corpus / "b.txt").unlink()
    info = build_index([corpus], tmp_path / "idx")
    assert info.removed_documents == 1 and info.reused == 0
    assert all("乙公司" not in t for t in fake.embedded) and any("丙公司" in t for t in fake.embedded)
    index = load_index(tmp_path / "idx")
    assert {c.doc_id for c in index.chunks} == {"acme-20260301-0900", "gma-20260303-1100"}
    fake.embedded.clear()
    info = build_index([corpus], tmp_path / "idx")
    assert (info.embedded, info.reused) == (0, info.chunks)
    again = load_index(tmp_path / "idx")
    np.testing.assert_array_equal(again.dense.vectors(), index.dense.vectors())
    assert first.version != index.version != again.version


def test_only_live_and_previous_versions_are_kept(fake, corpus, tmp_path):
    for _ in range(3):
        build_index([corpus], tmp_path / "idx", rebuild=True)
    versions = sorted(p.name for p in (tmp_path / "idx").iterdir() if p.name.startswith("v"))
    assert len(versions) == 2 and current_version(tmp_path / "idx") == versions[-1]


def test_failed_build_keeps_previous_index(fake, corpus, tmp_path, monkeypatch):
    build_index([corpus], tmp_path / "idx")
    before = load_index(tmp_path / "idx")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(rag.index.SparseIndex, "save", boom)
    (corpus / "a.txt").write_text(_brief("甲公司发布财报", "2026-03-01 09:00", "业绩 - 改了。 [1]"))
    with pytest.raises(OSError):
        build_index([corpus], tmp_path / "idx")
    after = load_index(tmp_path / "idx")
    assert after.version == before.version and [c.text for c in after.chunks] == [c.text for c in before.chunks]
    assert not [p for p in (tmp_path / "idx").iterdir() if p.name.startswith(".tmp-")]


def test_no_documents_is_bad_input_and_keeps_index(fake, corpus, tmp_path):
    build_index([corpus], tmp_path / "idx")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BadInput, match="no documents found"):
        build_index([empty], tmp_path / "idx")
    assert load_index(tmp_path / "idx").manifest["counts"]["documents"] == 2


def test_missing_index_says_run_rag_index(tmp_path):
    with pytest.raises(IndexNotFound, match=r"no index at .*; run `rag index` first"):
        load_index(tmp_path / "nowhere")


def test_truncated_chunks_file_is_named(fake, corpus, tmp_path):
    build_index([corpus], tmp_path / "idx")
    version = current_version(tmp_path / "idx")
    path = tmp_path / "idx" / version / "chunks.jsonl"
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(IndexCorrupt, match=r"chunks.jsonl.*run `rag index --rebuild`"):
        load_index(tmp_path / "idx")


def test_format_version_mismatch_is_refused(fake, corpus, tmp_path):
    build_index([corpus], tmp_path / "idx")
    manifest_path = tmp_path / "idx" / current_version(tmp_path / "idx") / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = 999
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatch, match="format version 999"):
        load_index(tmp_path / "idx")


def test_unknown_setting_is_named(fake, corpus, tmp_path):
    with pytest.raises(BadInput, match=r"unknown setting\(s\) \['chunk_size'\]"):
        build_index([corpus], tmp_path / "idx", chunk_size=10)


def test_leftover_temporary_folders_are_cleaned(fake, corpus, tmp_path):
    (tmp_path / "idx" / ".tmp-v-crashed").mkdir(parents=True)
    build_index([corpus], tmp_path / "idx")
    assert not (tmp_path / "idx" / ".tmp-v-crashed").exists()
    assert os.listdir(tmp_path / "idx")


def test_a_new_chunker_version_rechunks_everything(fake, corpus, tmp_path, monkeypatch):
    build_index([corpus], tmp_path / "idx")
    monkeypatch.setattr(rag.index, "CHUNKER_VERSION", rag.index.CHUNKER_VERSION + 1)
    info = build_index([corpus], tmp_path / "idx")
    assert (info.embedded, info.reused) == (info.chunks, 0)
    assert load_index(tmp_path / "idx").manifest["chunker_version"] == rag.index.CHUNKER_VERSION
