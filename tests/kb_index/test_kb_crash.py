"""An index update killed half-way (SIGKILL): after a restart the previous index serves, nothing
half-written is loaded, and what the dead writer left is tidied (``kb_index.atomic``)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from kb_index.cases import CaseIndex
from kb_index.sources import CaseRecord

REPO = Path(__file__).resolve().parents[2]
DIM = 384


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _index(n: int, seed: int = 0) -> CaseIndex:
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    idx = CaseIndex(DIM, "toy-encoder")
    idx.upsert([CaseRecord(id=f"c{i}", source="synthetic", text=f"案例 {i}") for i in range(n)], x)
    return idx


def _consistent(d: Path) -> int:
    """Load ``d`` and check its parts agree; returns the record count."""
    idx = CaseIndex.load(d, encoder="toy-encoder", dim=DIM)
    meta = json.loads((d / "meta.json").read_text(encoding="utf-8"))
    n_lines = sum(1 for _ in (d / "records.jsonl").open(encoding="utf-8"))
    assert meta["count"] == len(idx) == n_lines == idx.index_info()["ntotal"]
    return len(idx)


def test_case_index_killed_between_the_two_renames_serves_the_previous(tmp_path):
    d = tmp_path / "cases"
    _index(300).save(d)
    pid = _dead_pid()
    # what a writer killed inside swap_dir leaves: the current index renamed aside, its
    # successor still a temp directory (here half-written: no meta.json)
    aside = tmp_path / f".cases.old-{pid}-{time.time_ns()}"
    os.replace(d, aside)
    half = tmp_path / f".cases.tmp-{pid}-abc123"
    half.mkdir()
    (half / "index.faiss").write_bytes(b"\0" * 1000)
    assert not d.exists()

    assert _consistent(d) == 300  # restored, not rebuilt
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases"]  # temp and aside tidied

    # an aside copy left after a completed swap (killed before its removal) is removed too
    os.makedirs(tmp_path / f".cases.old-{pid}-1")
    assert _consistent(d) == 300 and sorted(p.name for p in tmp_path.iterdir()) == ["cases"]
    # a live writer's temp directory is left alone
    live = tmp_path / f".cases.tmp-{os.getpid()}-x"
    live.mkdir()
    _consistent(d)
    assert live.exists()


def test_regulation_index_killed_between_the_two_renames_serves_the_previous(built_home, tmp_path):
    from kb_index.regulations import RegulationIndex

    d = tmp_path / "regulations"
    shutil.copytree(built_home.indexes_dir / "regulations", d)
    n = len(RegulationIndex.load(d).articles)
    aside = tmp_path / f".regulations.old-{_dead_pid()}-{time.time_ns()}"
    os.replace(d, aside)
    assert len(RegulationIndex.load(d).articles) == n
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regulations"]


WRITER = textwrap.dedent("""
    import sys
    import numpy as np
    from kb_index.cases import CaseIndex
    from kb_index.sources import CaseRecord

    d = sys.argv[1]
    idx = CaseIndex.load(d, encoder="toy-encoder", dim=384)
    rng = np.random.default_rng(int(sys.argv[2]))
    for step in range(10_000):
        x = rng.standard_normal((200, 384)).astype(np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        base = len(idx)
        idx.upsert([CaseRecord(id=f"n{base + i}", source="synthetic", text="新案例") for i in range(200)], x)
        if step % 3 == 2:  # an update, then a delete, as the service does them
            idx.remove([f"n{base}"])
        print("saving", len(idx), flush=True)
        idx.save(d)
        print("saved", len(idx), flush=True)
""")


@pytest.mark.parametrize("delay", [0.9, 2.3])
def test_case_index_sigkill_during_saves_never_loads_half_written(tmp_path, delay):
    """A real writer (upserts, deletes, saves in a loop, 20k vectors: ~30 MB a save) killed with
    SIGKILL at some moment: the index loads, whole, as one of the versions the writer was saving
    or had saved."""
    d = tmp_path / "cases"
    _index(20_000, seed=int(delay * 10)).save(d)
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(d), str(int(delay * 10))], cwd=REPO,
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"})
    time.sleep(delay + 2.0)  # imports and the first load take ~1-2 s
    proc.send_signal(signal.SIGKILL)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    counts = {20_000} | {int(line.split()[1]) for line in out.splitlines() if line.startswith("sav")}
    assert len(counts) > 1, f"the writer never got to save: {out[-500:]}"
    assert _consistent(d) in counts
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
