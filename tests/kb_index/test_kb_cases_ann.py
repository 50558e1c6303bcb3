"""Case index structures (exact, HNSW, IVF) on synthetic clustered embeddings: recall against
exact search, immediate upsert / update / delete, save → load, refused mismatches."""

from __future__ import annotations

import json
import time

import faiss
import numpy as np
import pytest

from kb_index.cases import CaseIndex, IndexMismatch
from kb_index.sources import CaseRecord

DIM = 384
N = 8_000
N_QUERIES = 200


def synthetic(n: int, *, seed: int = 0) -> np.ndarray:
    """Normalized vectors shaped like sentence embeddings: a shared direction (mean cosine
    ≈ 0.6), topics, sub-topics and low-rank within-topic variation (nearest cosine ≈ 0.9)."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(DIM).astype(np.float32)
    common /= np.linalg.norm(common)
    topics = rng.standard_normal((max(20, n // 2000), DIM)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    subs = rng.standard_normal((n // 100 + 1, DIM)).astype(np.float32)
    subs /= np.linalg.norm(subs, axis=1, keepdims=True)
    basis = np.linalg.qr(rng.standard_normal((DIM, 48)))[0].T.astype(np.float32)
    x = (0.8 * common + 0.4 * topics[rng.integers(0, len(topics), n)]
         + 0.3 * subs[rng.integers(0, len(subs), n)]
         + (0.35 / np.sqrt(48)) * rng.standard_normal((n, 48)).astype(np.float32) @ basis
         + (0.1 / np.sqrt(DIM)) * rng.standard_normal((n, DIM)).astype(np.float32))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _records(n: int, start: int = 0) -> list[CaseRecord]:
    return [CaseRecord(id=f"c{i}", source="synthetic", text=f"案例 {i}", departments=[f"d{i % 7}"])
            for i in range(start, start + n)]


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = synthetic(N + N_QUERIES, seed=1)
    base, queries = x[:N], x[N:]
    exact = faiss.IndexFlatIP(DIM)
    exact.add(base)
    _, truth = exact.search(queries, 10)
    return base, queries, truth


@pytest.fixture(scope="module")
def built(data) -> dict[str, CaseIndex]:
    base, _, _ = data
    out = {}
    for kind in ("flat", "hnsw", "ivf"):
        t = time.perf_counter()
        idx = CaseIndex(DIM, "toy-encoder", "fp", index_type=kind)
        idx.upsert(_records(N), base)
        print(f"\n{kind}: {N} vectors in {time.perf_counter() - t:.1f}s")
        out[kind] = idx
    return out


def _recall(idx: CaseIndex, queries: np.ndarray, truth: np.ndarray) -> float:
    hits = idx.search(queries, k=10)
    got = [{int(h["id"][1:]) for h in row} for row in hits]
    return float(np.mean([len(g & set(t.tolist())) / 10 for g, t in zip(got, truth)]))


def test_kb_cases_ann_structures_are_what_was_asked(built):
    assert {k: v.kind for k, v in built.items()} == {"flat": "flat", "hnsw": "hnsw", "ivf": "ivf"}
    ivf = built["ivf"].index_info()
    assert 100 <= ivf["nlist"] <= N // 39 and ivf["trained_on"] == N
    assert all(len(v) == N for v in built.values())


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_kb_cases_ann_recall_at_10(built, data, kind):
    _, queries, truth = data
    assert _recall(built["flat"], queries, truth) == 1.0
    r = _recall(built[kind], queries, truth)
    print(f"\n{kind} recall@10 = {r:.3f}")
    assert r >= 0.95


def test_kb_cases_ann_auto_switches_to_hnsw_at_threshold(data):
    base = data[0]
    idx = CaseIndex(DIM, "toy-encoder", index_type="auto", hnsw_threshold=3000)
    for i in range(0, 2000, 500):
        idx.upsert(_records(500, i), base[i:i + 500])
    assert idx.kind == "flat"
    idx.upsert(_records(1500, 2000), base[2000:3500])
    assert idx.kind == "hnsw" and len(idx) == 3500
    # a vector searched for itself comes back first, including the ones added before the switch
    for j in (0, 1999, 3499):
        assert idx.search(base[j], k=1)[0][0]["id"] == f"c{j}"
    # removing most cases compacts it back to exact search
    idx.remove([f"c{i}" for i in range(3500) if i % 5])
    assert idx.kind == "flat" and len(idx) == 700 and idx.tombstones == 0


def test_kb_cases_ann_hnsw_upsert_update_remove_visible_at_once(data):
    base, _, _ = data
    idx = CaseIndex(DIM, "toy-encoder", index_type="hnsw")
    idx.upsert(_records(3000), base[:3000])
    rng = np.random.default_rng(7)
    # new case: its own vector finds it first
    new = rng.standard_normal((1, DIM)).astype(np.float32)
    new /= np.linalg.norm(new)
    idx.upsert([CaseRecord(id="new", source="api", text="新案例")], new)
    hit = idx.search(new, k=3)[0][0]
    assert hit["id"] == "new" and hit["score"] == pytest.approx(1.0, abs=1e-4)
    # update: same id, other vector and departments; the old vector no longer finds it
    idx.upsert([CaseRecord(id="c5", source="api", text="更新", departments=["城管"])], new)
    assert idx.tombstones == 1 and len(idx) == 3001
    top = idx.search(base[5], k=10)[0]
    assert "c5" not in [h["id"] for h in top] and len(top) == 10
    assert {h["id"] for h in idx.search(new, k=2)[0]} == {"new", "c5"}
    assert idx.get("c5").departments == ["城管"]
    # delete: gone from results and from get, k live hits still come back
    assert idx.remove(["c10", "c11", "missing"]) == 2
    for j in (10, 11):
        ids = [h["id"] for h in idx.search(base[j], k=10)[0]]
        assert f"c{j}" not in ids and len(ids) == 10
    assert idx.get("c10") is None and idx.tombstones == 3
    # tombstones beyond compact_fraction trigger a compaction
    idx.remove([f"c{i}" for i in range(100, 800)])
    assert idx.tombstones == 0 and len(idx) == 3001 - 2 - 700
    assert idx.search(base[900], k=1)[0][0]["id"] == "c900"


def test_kb_cases_ann_save_load_round_trip(data, tmp_path):
    base, queries, _ = data
    for kind in ("hnsw", "ivf"):
        idx = CaseIndex(DIM, "toy-encoder", "fp-1", index_type=kind, ef_search=96)
        idx.upsert(_records(2000), base[:2000])
        idx.remove(["c3"])
        before = idx.search(queries[:20], k=10)
        # saved with its tombstone (no compaction): same hits after loading
        idx.save(tmp_path / kind, compact=False)
        meta = json.loads((tmp_path / kind / "meta.json").read_text(encoding="utf-8"))
        assert meta["index"]["type"] == kind and meta["count"] == 1999
        assert meta["index"]["params"]["ef_search"] == 96 and len(meta["tombstones"]) == 1
        loaded = CaseIndex.load(tmp_path / kind, encoder="toy-encoder", dim=DIM)
        assert loaded.kind == kind and len(loaded) == 1999 and loaded.tombstones == 1
        assert loaded.search(queries[:20], k=10) == before
        assert loaded.get("c3") is None and loaded.get("c4").text == "案例 4"
        # compacting save: the tombstone is gone, hits still the same ids
        loaded.save(tmp_path / kind)
        again = CaseIndex.load(tmp_path / kind)
        assert again.tombstones == 0 and len(again) == 1999
        assert ([[h["id"] for h in r] for r in again.search(queries[:20], k=10)]
                == [[h["id"] for h in r] for r in before])
        # still mutable after loading
        again.upsert([CaseRecord(id="c3", source="api", text="回来了")], base[3:4])
        assert again.search(base[3], k=1)[0][0]["id"] == "c3"


def test_kb_cases_ann_load_refuses_mismatches(data, tmp_path):
    base, _, _ = data
    idx = CaseIndex(DIM, "toy-encoder", index_type="hnsw")
    idx.upsert(_records(500), base[:500])
    d = tmp_path / "cases"
    idx.save(d)
    with pytest.raises(IndexMismatch, match="编码器"):
        CaseIndex.load(d, encoder="other-encoder")
    with pytest.raises(IndexMismatch, match="维度"):
        CaseIndex.load(d, dim=768)
    # a records file that lost a line: count mismatch
    lines = (d / "records.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (d / "records.jsonl").write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(IndexMismatch, match="不完整"):
        CaseIndex.load(d)
    # meta says IVF but the file holds HNSW
    idx.save(d)
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    meta["index"]["type"] = "ivf"
    (d / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexMismatch, match="类型不符"):
        CaseIndex.load(d)
    with pytest.raises(ValueError, match="unknown case index type"):
        CaseIndex(DIM, "toy-encoder", index_type="annoy")
    with pytest.raises(ValueError, match="维度"):
        idx.search(np.zeros((1, 10), dtype=np.float32))


def test_kb_cases_ann_set_index_type_keeps_hits(data):
    base, queries, _ = data
    idx = CaseIndex(DIM, "toy-encoder", index_type="flat")
    idx.upsert(_records(1500), base[:1500])
    exact = [[h["id"] for h in r] for r in idx.search(queries[:30], k=5)]
    for kind in ("hnsw", "ivf", "flat"):
        idx.set_index_type(kind)
        assert idx.kind == kind and len(idx) == 1500
        got = [[h["id"] for h in r] for r in idx.search(queries[:30], k=5)]
        same = np.mean([len(set(a) & set(b)) / 5 for a, b in zip(got, exact)])
        assert same >= 0.95, (kind, same)


@pytest.mark.slow
def test_kb_cases_ann_setup_restructures_without_reencoding(built_home, encoder, subset_limits,
                                                            tmp_path):
    """A changed ``case_index_type`` on a current index: restructured from stored vectors."""
    import shutil

    from kb_index.build import build_case_index

    d = tmp_path / "cases"
    shutil.copytree(built_home.indexes_dir / "cases", d)
    before = CaseIndex.load(d, encoder=encoder.name)
    probe = np.vstack([before._index.reconstruct(i) for i in list(before._records)[:20]])
    want = [[h["id"] for h in r] for r in before.search(probe, k=3)]
    # the sources setup_all indexed (Settings.case_sources where it exists)
    sources = tuple(x.strip() for x in getattr(built_home, "case_sources", "replied").split(",")
                    if x.strip())
    t = time.perf_counter()
    r = build_case_index(built_home.data_dir, d, encoder, sources=sources,
                         limit=subset_limits["cases"], index_type="hnsw")
    # re-encoding 1,200 cases takes minutes on 2 cores; restructuring takes about a second
    assert not r.skipped and r.count == len(before) and time.perf_counter() - t < 60
    after = CaseIndex.load(d, encoder=encoder.name)
    assert after.kind == "hnsw"
    assert json.loads((d / "meta.json").read_text(encoding="utf-8"))["index"]["type"] == "hnsw"
    assert [[h["id"] for h in r] for r in after.search(probe, k=3)] == want
    assert build_case_index(built_home.data_dir, d, encoder, sources=sources,
                            limit=subset_limits["cases"], index_type="hnsw").skipped


class _Counting:
    """The test home's encoder, counting the texts it is asked to encode."""

    def __init__(self, inner):
        self.inner, self.name, self.dim, self.texts = inner, inner.name, inner.dim, []

    def encode(self, texts, **kw):
        self.texts.extend(texts)
        return self.inner.encode(texts, **kw)


@pytest.mark.slow
def test_kb_cases_rebuild_encodes_only_what_the_old_index_lacks(built_home, encoder, subset_limits, tmp_path):
    """A rebuild (``force``, a new code version, a changed data file) takes each case's vector
    from the index already there when id, masked text and encoder match: a deleted case is the
    only one encoded again, and the rebuilt index answers as the old one did."""
    import shutil

    from kb_index.build import build_case_index

    d = tmp_path / "cases"
    shutil.copytree(built_home.indexes_dir / "cases", d)
    before = CaseIndex.load(d, encoder=encoder.name)
    recs, vecs = before.records_and_vectors()
    gone = recs[3]
    assert before.remove([gone.id]) == 1
    before.save(d)
    sources = tuple(x.strip() for x in getattr(built_home, "case_sources", "replied").split(",")
                    if x.strip())
    counting = _Counting(encoder)
    r = build_case_index(built_home.data_dir, d, counting, sources=sources,
                         limit=subset_limits["cases"], force=True)
    assert not r.skipped and r.count == len(recs)
    assert counting.texts == [gone.text]
    after = CaseIndex.load(d, encoder=encoder.name)
    assert np.allclose(after.vector(gone.id), vecs[3], atol=1e-3)
    probe = vecs[:20]
    assert ([[h["id"] for h in row] for row in after.search(probe, k=3)]
            == [[h["id"] for h in row] for row in CaseIndex.load(built_home.indexes_dir / "cases",
                                                                encoder=encoder.name).search(probe, k=3)])
    # another encoder's vectors are never reused
    other = _Counting(encoder)
    other.name = encoder.name + "-other"
    other.encode = lambda texts, **kw: (other.texts.extend(texts),
                                        np.ones((len(texts), encoder.dim), np.float32))[1]
    build_case_index(built_home.data_dir, d, other, sources=sources,
                     limit=subset_limits["cases"], force=True)
    assert len(other.texts) == len(recs)
