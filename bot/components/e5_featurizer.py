"""Sentence embeddings of the project's e5 encoder as dense features for the bot's DIET classifier.

The bot's own features (jieba words, character n-grams) only know the wordings written in
``data/nlu.yml``; a citizen's unseen phrasing ("晚安", "就到这儿吧") has no n-gram in common with
the training examples of its intent, while its multilingual-e5 embedding lies near theirs.
Intent F1 by 3-fold cross-validation: see the README's bot section.

The bot runs in its own Python 3.10 virtualenv without torch or transformers, so the forward pass is
written here in numpy (BERT architecture, as ``classifier.encoder`` converts the checkpoint): the
weights are memory-mapped from ``model.safetensors`` (the 96M-parameter word-embedding table is only
paged in where a message's tokens touch it), the tokenizer is ``tokenizer.json`` read by
``tokenizers``. Embeddings match ``classifier.encoder.Encoder`` (fp32) to a cosine of 1.0000
(``tests/bot/test_bot_e5.py``); a 20-token message costs a few milliseconds.

The checkpoint is the folder ``bot/.e5`` (``prepare.py`` links it to the API's encoder) or the
component's ``model_path``.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any, Dict, List, Text  # Rasa's graph validation reads these hints

import numpy as np

BOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = BOT / ".e5"
_DTYPES = {"F32": np.float32, "F16": np.float16}


def _safetensors_memmap(path: Path) -> Dict[str, np.ndarray]:
    """Every tensor of a safetensors file as a read-only memory map (no copy, no torch)."""
    with path.open("rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        if t["dtype"] not in _DTYPES:
            raise ValueError(f"{path}: tensor {name} has dtype {t['dtype']}, expected F32/F16")
        start, _ = t["data_offsets"]
        out[name] = np.memmap(path, dtype=_DTYPES[t["dtype"]], mode="r", offset=8 + n + start,
                              shape=tuple(t["shape"]))
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


class E5Numpy:
    """Mean-pooled, L2-normalised e5 sentence embeddings (``query: `` prefix), numpy only."""

    def __init__(self, path: Path, max_tokens: int = 128) -> None:
        from scipy.special import erf
        from tokenizers import Tokenizer

        path = Path(path)
        if not (path / "model.safetensors").is_file() or not (path / "tokenizer.json").is_file():
            raise FileNotFoundError(
                f"没有编码器 / no encoder checkpoint at {path} (model.safetensors, tokenizer.json): "
                "run `python prepare.py` after `jiesu setup`")
        self.path = path
        self.config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        if self.config.get("model_type") != "bert" or self.config.get("position_embedding_type",
                                                                         "absolute") != "absolute":
            raise ValueError(f"{path}: only BERT-architecture checkpoints are supported here")
        self._erf = erf
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.w = _safetensors_memmap(path / "model.safetensors")
        self.layers = int(self.config["num_hidden_layers"])
        self.heads = int(self.config["num_attention_heads"])
        self.eps = float(self.config.get("layer_norm_eps", 1e-12))
        self.max_tokens = min(int(max_tokens), int(self.config["max_position_embeddings"]) - 2)
        self.bos = self.tokenizer.token_to_id("<s>")
        self.eos = self.tokenizer.token_to_id("</s>")
        # small weights as float32 arrays in memory (the word table stays mapped)
        self._dense = {k: np.asarray(v, dtype=np.float32) for k, v in self.w.items()
                       if k != "embeddings.word_embeddings.weight"}
        self.dim = int(self.config["hidden_size"])

    def _gelu(self, x: np.ndarray) -> np.ndarray:
        return 0.5 * x * (1.0 + self._erf(x / np.sqrt(2.0)))

    def _forward(self, batch: List[List[int]]) -> np.ndarray:
        """Mean-pooled last hidden states of a batch of token-id lists, (b, dim): the lists are
        padded to the longest, and the padding is masked out of attention and of the mean (a
        message's vector is the same alone or in any batch)."""
        d = self._dense
        b, n = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((b, n), dtype=np.int64)
        mask = np.zeros((b, n), dtype=np.float32)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        words = np.asarray(self.w["embeddings.word_embeddings.weight"][ids.ravel()], dtype=np.float32)
        x = (words.reshape(b, n, self.dim) + d["embeddings.position_embeddings.weight"][:n]
             + d["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, d["embeddings.LayerNorm.weight"], d["embeddings.LayerNorm.bias"], self.eps)
        h = self.heads
        hd = self.dim // h
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]  # keys that are padding get no attention
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def lin(name: str, v: np.ndarray, p: str = p) -> np.ndarray:
                w = d[p + name + ".weight"]  # one 2-D product for the whole batch
                return (v.reshape(-1, v.shape[-1]) @ w.T + d[p + name + ".bias"]).reshape(b, n, w.shape[0])

            def heads(v: np.ndarray) -> np.ndarray:
                return v.reshape(b, n, h, hd).transpose(0, 2, 1, 3)

            q, k, v = (heads(lin(f"attention.self.{m}", x)) for m in ("query", "key", "value"))
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            a = (s / s.sum(-1, keepdims=True)) @ v
            a = a.transpose(0, 2, 1, 3).reshape(b, n, self.dim)
            x = _layer_norm(lin("attention.output.dense", a) + x, d[p + "attention.output.LayerNorm.weight"],
                            d[p + "attention.output.LayerNorm.bias"], self.eps)
            f = lin("output.dense", self._gelu(lin("intermediate.dense", x)))
            x = _layer_norm(f + x, d[p + "output.LayerNorm.weight"], d[p + "output.LayerNorm.bias"], self.eps)
        return (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)

    def embed(self, texts: List[str], prefix: str = "query: ", batch_size: int = 32) -> np.ndarray:
        """(n, dim) float32, L2-normalised; each text's first ``max_tokens`` tokens. Texts of
        similar length go through the encoder together (training's 1,900 examples: seconds, where
        one at a time took a minute)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        enc = [[self.bos, *self.tokenizer.encode(prefix + t, add_special_tokens=False).ids[: self.max_tokens],
                self.eos] for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(enc[i]))
        for start in range(0, len(order), batch_size):
            chunk = order[start: start + batch_size]
            vecs = self._forward([enc[i] for i in chunk])
            norms = np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
            out[chunk] = vecs / norms
        return out


try:  # the Rasa component (only where Rasa is installed: the tests above import E5Numpy alone)
    from rasa.engine.graph import ExecutionContext, GraphComponent
    from rasa.engine.recipes.default_recipe import DefaultV1Recipe
    from rasa.engine.storage.resource import Resource
    from rasa.engine.storage.storage import ModelStorage
    from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData
except ImportError:  # pragma: no cover - outside .venv-rasa
    DenseFeaturizer = None

if DenseFeaturizer is not None:

    @DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
    class E5SentenceFeaturizer(DenseFeaturizer, GraphComponent):
        """Adds the e5 sentence embedding of a message's text as a dense sentence feature."""

        @staticmethod
        def get_default_config() -> Dict[Text, Any]:
            return {**DenseFeaturizer.get_default_config(), "model_path": None, "max_tokens": 128}

        @staticmethod
        def required_packages() -> List[Text]:
            return ["tokenizers", "scipy"]

        def __init__(self, config: Dict[Text, Any], name: Text) -> None:
            super().__init__(name, config)
            path = Path(config.get("model_path") or DEFAULT_PATH)
            if not path.is_absolute():
                path = BOT / path
            self.encoder = E5Numpy(path, max_tokens=int(config.get("max_tokens") or 128))

        @classmethod
        def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                   execution_context: ExecutionContext) -> "E5SentenceFeaturizer":
            return cls(config, execution_context.node_name)

        @classmethod
        def validate_config(cls, config: Dict[Text, Any]) -> None:
            pass

        def _featurize(self, messages: List[Message]) -> None:
            todo = [m for m in messages if m.get(TEXT)]
            if not todo:
                return
            vecs = self.encoder.embed([m.get(TEXT) for m in todo])
            for m, v in zip(todo, vecs):
                self.add_features_to_message(sequence=None, sentence=v[None, :], attribute=TEXT,
                                             message=m)

        def process(self, messages: List[Message]) -> List[Message]:
            self._featurize(messages)
            return messages

        def process_training_data(self, training_data: TrainingData) -> TrainingData:
            self._featurize(training_data.training_examples)
            return training_data
