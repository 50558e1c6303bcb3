"""Embeddings of fixed text lists, cached on disk by (encoder, prefix, texts): retraining a head,
re-running a cross-validation or rebuilding after a code change must not pay the encoder again."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

import numpy as np


def cache_key(texts: Sequence[str], encoder_name: str, prefix: str = "query: ") -> str:
    h = hashlib.sha256(str(encoder_name).encode())
    if prefix != "query: ":  # "query: " keys match those classifier.train has written already
        h.update(b"|prefix=" + prefix.encode())
    for t in texts:
        h.update(t.encode("utf-8") + b"\x00")
    return h.hexdigest()[:20]


def cached_embeddings(texts: Sequence[str], encoder, cache_dir: Path, *, prefix: str = "query: ",
                      chunk: int = 256) -> np.ndarray:
    texts = list(texts)
    path = Path(cache_dir) / f"emb-{cache_key(texts, getattr(encoder, 'name', ''), prefix)}.npy"
    if path.exists():
        emb = np.load(path)
        if emb.shape[0] == len(texts):
            print(f"  复用缓存的向量 / reusing cached embeddings {path.name}", flush=True)
            return emb
    from tqdm import tqdm

    print(f"  编码 {len(texts)} 条文本 / embedding {len(texts)} texts …", flush=True)
    parts = []
    with tqdm(total=len(texts), desc="编码 / embedding", unit="text", mininterval=2.0) as bar:
        for i in range(0, len(texts), chunk):
            parts.append(encoder.encode(texts[i:i + chunk], prefix=prefix))
            bar.update(len(parts[-1]))
    emb = np.vstack(parts) if parts else np.zeros((0, getattr(encoder, "dim", 384)), np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, emb)
    tmp.replace(path)
    return emb
