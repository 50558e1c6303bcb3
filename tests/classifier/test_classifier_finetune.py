"""Fine-tuned e5 (``classifier/finetune.py``): what trains and what stays frozen, saving and
loading, resuming from a checkpoint, the time budget, and ``jiesu train --kind e5_finetune``
serving through the pipeline. Tiny runs (a few steps at 32 tokens): the quality run is
``bench/finetune_eval.py``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow

JIESU = [sys.executable, "-m", "triage.cli"]


def _rows(data_dir: Path, per_label: int) -> tuple[list[str], list[str]]:
    from classifier.data import load_labelled
    from classifier.model import model_text

    seen: dict[str, int] = {}
    texts, labels = [], []
    for r in load_labelled(data_dir):
        if seen.get(r.label, 0) < per_label:
            seen[r.label] = seen.get(r.label, 0) + 1
            texts.append(model_text(r.title, r.text))
            labels.append(r.label)
    return texts, labels


def _word_table(path: str):
    from safetensors import safe_open

    with safe_open(str(Path(path) / "model.safetensors"), "np") as f:
        name = next(k for k in f.keys() if k.endswith("word_embeddings.weight"))
        return f.get_tensor(name)


def test_finetune_trains_all_but_the_word_table_and_round_trips(encoder, data_dir, tmp_path):
    from transformers import AutoModel

    from classifier.finetune import E5FinetuneModel
    from classifier.model import MODEL_KINDS

    assert MODEL_KINDS["e5_finetune"] is E5FinetuneModel
    texts, labels = _rows(data_dir, 4)
    m = E5FinetuneModel(encoder=encoder, max_length=32, epochs=1, batch_size=8, lr=5e-4, progress=False)
    m.fit(texts, labels)
    assert m.stats["steps"] == 4 and m.stats["stopped"] == "done"
    # 21.6M trainable of 118M: the 250k × 384 word table stays frozen and unchanged
    assert 15e6 < m.trainable_parameters() < 30e6
    table = m.net.get_input_embeddings().weight
    assert not table.requires_grad
    assert np.array_equal(table.detach().numpy(), _word_table(encoder.path_or_name))
    ref = AutoModel.from_pretrained(encoder.path_or_name)
    q0 = ref.encoder.layer[0].attention.self.query.weight.detach().numpy()
    q1 = m.net.base_model.encoder.layer[0].attention.self.query.weight.detach().numpy()
    assert not np.allclose(q0, q1), "the transformer layers must train"

    p = m.predict_proba(texts)
    assert p.shape == (len(texts), 7) and np.allclose(p.sum(1), 1.0, atol=1e-5)

    d = tmp_path / "model"
    d.mkdir()
    m.temperature = 0.7
    m.save(d)
    size = (d / "finetune.safetensors").stat().st_size
    assert size < 100e6, "only the trainable tensors are saved (the word table comes from the encoder)"
    back = E5FinetuneModel.load(d, encoder=encoder)
    assert back.labels == m.labels and back.temperature == pytest.approx(0.7)
    assert np.allclose(back.decision_function(texts), m.decision_function(texts), atol=1e-5)

    class Other:
        name = "some-other-encoder"
        path_or_name = encoder.path_or_name

    with pytest.raises(ValueError, match="编码器不符"):
        E5FinetuneModel.load(d, encoder=Other())

    # torn weights: a clear error (the registry turns it into "corrupted model files")
    data = (d / "finetune.safetensors").read_bytes()
    (d / "finetune.safetensors").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="无法读取|do not fit"):
        E5FinetuneModel.load(d, encoder=encoder)


def test_finetune_resumes_from_its_checkpoint_as_if_never_stopped(encoder, data_dir, tmp_path):
    from classifier.finetune import E5FinetuneModel

    texts, labels = _rows(data_dir, 3)  # 21 rows, batch 6: 4 steps
    kw = dict(encoder=encoder, max_length=32, epochs=1, batch_size=6, lr=3e-4, progress=False)
    whole = E5FinetuneModel(**kw).fit(texts, labels)

    class Stop(KeyboardInterrupt):
        pass

    def stop_at_two(step: int, planned: int) -> None:
        if step == 2:
            raise Stop()

    ck = tmp_path / "ck"
    with pytest.raises(Stop):
        E5FinetuneModel(**kw, checkpoint_dir=ck, on_step=stop_at_two).fit(texts, labels)
    assert (ck / "checkpoint.pt").exists()
    again = E5FinetuneModel(**kw, checkpoint_dir=ck).fit(texts, labels)
    assert again.stats["resumed"] is True and again.stats["steps"] == 4
    assert np.allclose(again.decision_function(texts), whole.decision_function(texts), atol=1e-4)

    # a checkpoint of other data is not resumed from
    other = E5FinetuneModel(**kw, checkpoint_dir=ck).fit(texts[:-1], labels[:-1])
    assert other.stats["resumed"] is False


def test_finetune_time_budget_ends_training_with_a_usable_model(encoder, data_dir):
    from classifier.finetune import E5FinetuneModel

    texts, labels = _rows(data_dir, 4)
    m = E5FinetuneModel(encoder=encoder, max_length=32, epochs=2, batch_size=4, max_minutes=1e-4,
                        progress=False).fit(texts, labels)
    assert m.stats["stopped"] == "time budget" and m.stats["steps"] == 1 < m.stats["planned_steps"]
    assert m.predict_proba(texts[:3]).shape == (3, 7)


def _jiesu(args: list[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(JIESU + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=900, check=False)


def test_finetune_cli_trains_promotes_and_the_pipeline_serves_it(scratch_home, test_env, tmp_path):
    from classifier.registry import get_active_id, read_meta
    from nlu import Complaint
    from triage.pipeline import TriagePipeline

    s = scratch_home(tmp_path)
    env = {**test_env, "JIESU_HOME": str(s.home), "JIESU_ENCODER": s.encoder, "JIESU_DATABASE_URL": s.db_url}
    for bad in (["--kind", "tfidf_svm", "--epochs", "2"], ["--kind", "e5_finetune", "--max-length", "8"],
                ["--kind", "e5_finetune", "--max-minutes", "0"]):
        r = _jiesu(["train", *bad], env, tmp_path)
        assert r.returncode == 2, (bad, r.stderr[-1500:])
        assert "Traceback" not in r.stderr
    r = _jiesu(["train", "--kind", "e5_finetune", "--limit", "120", "--epochs", "0.2", "--max-length", "32",
                "--batch-size", "8", "--json"], env, tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["promoted"] is True and out["candidate"]["kind"] == "e5_finetune"
    assert out["candidate"]["n"] >= 300  # scored on the fixed evaluation split
    assert "微调 / fine-tuning" in r.stderr  # the progress bar (with its ETA) is shown
    meta = read_meta(s.models_dir / out["model_id"])
    assert meta["config"]["finetune"]["max_length"] == 32 and meta["metrics"]["finetune"]["steps"] >= 1
    assert meta["encoder"] and not list((s.home / "cache").glob(f"finetune-{meta['fingerprint'][:16]}"))

    assert get_active_id(s.models_dir) == out["model_id"]
    pipe = TriagePipeline(s)
    assert pipe.model.kind == "e5_finetune"
    res = pipe.triage(Complaint(text="小区楼下的餐馆油烟太大，每天晚上排到我家窗户里，请城管来查一查。"))
    conf = [c.confidence for c in res.categories]
    assert len(conf) >= 3 and conf == sorted(conf, reverse=True) and 0 < conf[0] <= 1
    assert len(res.departments) >= 5
