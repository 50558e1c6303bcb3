"""The bot's numpy e5 forward pass (``bot/components/e5_featurizer.py``, run by the Rasa
interpreter) gives the same sentence embeddings as the API's encoder (torch, fp32)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
RASA_PY = REPO / ".venv-rasa" / "bin" / "python"
TEXTS = ["楼下天天半夜有噪音", "晚安", "我的工单办得怎么样了？编号JS20261128-000001",
         "朝陽區望京街道的飯館油煙太大了", "ok thx", "，，，"]


def test_bot_e5_featurizer_matches_the_api_encoder(built_home, tmp_path):
    if not RASA_PY.exists():
        pytest.skip(f"{RASA_PY} missing: run `make venv-rasa`")
    from classifier.encoder import Encoder

    checkpoint = built_home.home / "encoder"
    code = ("import json, sys; sys.path.insert(0, 'bot')\n"
            "from components.e5_featurizer import E5Numpy\n"
            f"e = E5Numpy({str(checkpoint)!r})\n"
            f"print(json.dumps(e.embed(json.loads({json.dumps(json.dumps(TEXTS))})).tolist()))\n")
    r = subprocess.run([str(RASA_PY), "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300,
                       env={"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert r.returncode == 0, r.stderr[-3000:]
    bot = np.array(json.loads(r.stdout.strip().splitlines()[-1]), dtype=np.float32)
    api = Encoder(checkpoint).encode(TEXTS, prefix="query: ")
    assert bot.shape == api.shape == (len(TEXTS), api.shape[1])
    cos = (bot * api).sum(1)
    assert cos.min() > 0.9999, cos
    # and the embeddings say something: a noise complaint is nearer another noise complaint
    assert float(bot[0] @ bot[3]) > float(bot[0] @ bot[4])


def test_bot_e5_refuses_a_missing_checkpoint(tmp_path):
    if not RASA_PY.exists():
        pytest.skip(f"{RASA_PY} missing: run `make venv-rasa`")
    code = ("import sys; sys.path.insert(0, 'bot')\n"
            "from components.e5_featurizer import E5Numpy\n"
            f"E5Numpy({str(tmp_path)!r})\n")
    r = subprocess.run([str(RASA_PY), "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300,
                       env={"PATH": "/usr/bin:/bin", "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert r.returncode != 0
    assert "no encoder checkpoint" in r.stderr and "没有编码器" in r.stderr
