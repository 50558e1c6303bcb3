"""Prepare the bot for training; optionally train only when its inputs changed.

    python prepare.py                      # copy the jieba user dictionary into bot/.jieba/,
                                           # link bot/.e5 to the project's encoder checkpoint
    python prepare.py --train-if-changed   # … and `rasa train` when config/domain/data changed

The encoder (``components/e5_featurizer.py``) is the API's: ``$JIESU_BOT_ENCODER``, else
``$JIESU_HOME/encoder``, else ``../var/encoder`` (``jiesu setup``), else ``../var/test-home/encoder``
(the tests' home). The fingerprint (sha256 of config.yml, domain.yml, data/**, components/*.py, the user
dictionary and the encoder's own fingerprint) is stored
in ``models/meta.json`` with the trained model's file name; a model whose fingerprint matches
is reused. Run with the .venv-rasa interpreter (it calls the ``rasa`` next to it).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

BOT = Path(__file__).resolve().parent
USERDICT = BOT.parent / "training_data" / "userdict.txt"
JIEBA_DIR = BOT / ".jieba"
E5_LINK = BOT / ".e5"
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


def _encoder_candidates() -> list[Path]:
    env = os.environ.get("JIESU_BOT_ENCODER")
    if env:
        return [Path(env)]
    out = []
    if os.environ.get("JIESU_HOME"):
        out.append(Path(os.environ["JIESU_HOME"]) / "encoder")
    return out + [BOT.parent / "var" / "encoder", BOT.parent / "var" / "test-home" / "encoder"]


def link_encoder() -> Path:
    """Point ``bot/.e5`` at the first encoder checkpoint found (see the module docstring)."""
    for cand in _encoder_candidates():
        if (cand / "model.safetensors").is_file() and (cand / "tokenizer.json").is_file():
            target = cand.resolve()
            if not (E5_LINK.is_symlink() and E5_LINK.resolve() == target):
                tmp = BOT / ".e5.tmp"
                if tmp.is_symlink() or tmp.exists():
                    tmp.unlink()
                tmp.symlink_to(target, target_is_directory=True)
                os.replace(tmp, E5_LINK)
            return target
    where = ", ".join(str(c) for c in _encoder_candidates())
    raise SystemExit(f"没有编码器 / no encoder checkpoint ({where}): run `jiesu setup` first")


def fingerprint() -> str:
    """sha256 over the files that decide what the trained model is."""
    files = [BOT / "config.yml", BOT / "domain.yml", JIEBA_DIR / "userdict.txt",
             *sorted(p for p in (BOT / "data").rglob("*") if p.is_file()),
             *sorted((BOT / "components").glob("*.py"))]  # our own components' code trains too
    h = hashlib.sha256()
    try:  # the encoder's own content fingerprint (meta.json), else its config
        enc = json.loads((E5_LINK / "meta.json").read_text(encoding="utf-8")).get("fingerprint", "")
    except (OSError, ValueError):
        enc = (E5_LINK / "config.json").read_text(encoding="utf-8") if (E5_LINK / "config.json").exists() else ""
    h.update(b"encoder\0" + str(enc).encode() + b"\0")
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
    link_encoder()
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
        print(link_encoder())
    return 0


if __name__ == "__main__":
    sys.exit(main())
