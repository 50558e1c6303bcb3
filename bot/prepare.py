"""Prepare the bot for training; optionally train only when its inputs changed.

    python prepare.py                      # copy the jieba user dictionary into bot/.jieba/
    python prepare.py --train-if-changed   # … and `rasa train` when config/domain/data changed

The fingerprint (sha256 of config.yml, domain.yml, data/** and the user dictionary) is stored
in ``models/meta.json`` with the trained model's file name; a model whose fingerprint matches
is reused. Run with the .venv-rasa interpreter (it calls the ``rasa`` next to it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BOT = Path(__file__).resolve().parent
USERDICT = BOT.parent / "training_data" / "userdict.txt"
JIEBA_DIR = BOT / ".jieba"
MODELS = BOT / "models"
META = MODELS / "meta.json"


def copy_dictionary() -> Path:
    """Copy the project's jieba user dictionary where config.yml's ``dictionary_path`` points."""
    JIEBA_DIR.mkdir(exist_ok=True)
    target = JIEBA_DIR / "userdict.txt"
    if USERDICT.exists():
        data = USERDICT.read_bytes()
        if not target.exists() or target.read_bytes() != data:
            # write then rename: a half-written dictionary would be loaded by a concurrent training
            with tempfile.NamedTemporaryFile(dir=JIEBA_DIR, delete=False, suffix=".tmp") as f:
                f.write(data)
            os.replace(f.name, target)
    elif not target.exists():
        target.write_text("", encoding="utf-8")  # jieba needs the folder to hold a file
    return target


def fingerprint() -> str:
    """sha256 over the files that decide what the trained model is."""
    files = [BOT / "config.yml", BOT / "domain.yml", JIEBA_DIR / "userdict.txt",
             *sorted(p for p in (BOT / "data").rglob("*") if p.is_file())]
    h = hashlib.sha256()
    for p in files:
        if p.exists():
            h.update(str(p.relative_to(BOT)).encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _current_model(fp: str) -> Path | None:
    try:
        meta = json.loads(META.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    model = MODELS / str(meta.get("model", ""))
    return model if meta.get("fingerprint") == fp and model.is_file() else None


def train_if_changed(*, force: bool = False) -> Path:
    """Train into models/ unless a model with the current fingerprint is there; returns it."""
    copy_dictionary()
    fp = fingerprint()
    model = None if force else _current_model(fp)
    if model is not None:
        print(f"bot.train.skip fingerprint={fp} model={model.name}")
        return model
    rasa = Path(sys.executable).with_name("rasa")
    name = f"jiesu-{fp}"
    started = time.monotonic()
    print(f"bot.train.start fingerprint={fp}", flush=True)
    subprocess.run([str(rasa), "train", "--fixed-model-name", name, "--out", str(MODELS)],
                   cwd=BOT, check=True)
    model = MODELS / f"{name}.tar.gz"
    meta = {"model": model.name, "fingerprint": fp,
            "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "train_seconds": round(time.monotonic() - started, 1)}
    tmp = META.with_suffix(".tmp")
    tmp.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    os.replace(tmp, META)
    print(f"bot.train.done seconds={meta['train_seconds']} model={model.name}")
    return model


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train-if-changed", action="store_true", help="train when inputs changed")
    ap.add_argument("--force", action="store_true", help="with --train-if-changed: always train")
    args = ap.parse_args(argv)
    if args.train_if_changed:
        train_if_changed(force=args.force)
    else:
        print(copy_dictionary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
