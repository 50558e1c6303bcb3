"""Fine-tuned e5: the encoder itself trained as the category classifier.

``AutoModelForSequenceClassification`` on the converted e5 checkpoint (or any BERT-style
encoder the home was set up with). The 96M-parameter word-embedding table is frozen (it is
four fifths of e5-small's weights and the costliest part of the backward pass and of the
optimizer state); everything above it — position embeddings, the 12 layers, the pooler and a
new classification head, 21M parameters — trains. Inputs are the model text reduced to
letters, digits and CJK (``ngram_view``: raw rows then look like the segmented ones, which
lost their punctuation and stop words) behind e5's ``query:`` prefix; a text longer than
``max_length`` tokens keeps its head and its tail (¾ / ¼), where complaints say what happened
and what they ask for.

Training is resumable: a checkpoint (trainable weights, AdamW state, position in the epoch,
the planned schedule) is written atomically every ``checkpoint_minutes`` and when the time
budget runs out; ``fit`` with the same ``checkpoint_dir`` and data continues from it. With
``max_minutes`` the learning-rate schedule is fitted to the budget from the pace of the steps
so far (re-estimated every 20 steps, never beyond ``epochs``), so a short budget or a machine that
got busier still ends with a decayed learning rate rather than a cut-off.

Saved as ``finetune.safetensors`` (the trainable tensors only, 85 MB; the frozen table comes
from the encoder checkpoint, whose fingerprint must match) + ``finetune.json`` + the usual
``head.json`` with labels and the softmax temperature.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import random
import time
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np

from classifier.model import MODEL_KINDS, CategoryModel, TextEncoder, ngram_view

log = logging.getLogger("classifier.finetune")

FINETUNE_CODE_VERSION = "1"
PREFIX = "query: "


class FinetuneError(RuntimeError):
    pass


def _base_path(encoder: TextEncoder | None, base: str | Path | None) -> str:
    if base is not None:
        return str(base)
    path = getattr(encoder, "path_or_name", None)
    if not path:
        raise FinetuneError("微调需要编码器检查点 / fine-tuning needs the encoder checkpoint (path or hub id)")
    return str(path)


def _digest(texts: Sequence[str], labels: Sequence[str]) -> str:
    h = hashlib.sha256()
    for t, lab in zip(texts, labels):
        h.update(t.encode("utf-8"))
        h.update(b"\x1f")
        h.update(lab.encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:24]


class E5FinetuneModel(CategoryModel):
    """The encoder fine-tuned end to end (word embeddings frozen); see the module docstring."""

    kind = "e5_finetune"
    needs_encoder = True

    def __init__(self, encoder: TextEncoder | None = None, labels: Sequence[str] | None = None,
                 temperature: float = 1.0, *, base: str | Path | None = None, max_length: int = 256,
                 epochs: float = 3.0, lr: float = 6e-5, batch_size: int = 16, weight_decay: float = 0.01,
                 warmup: float = 0.06, max_minutes: float | None = None,
                 checkpoint_dir: Path | None = None, checkpoint_minutes: float = 5.0,
                 seed: int = 7, progress: bool = True,
                 on_step: Callable[[int, int], None] | None = None) -> None:
        super().__init__(labels, temperature)
        self.encoder = encoder
        self.base = base
        self.max_length = int(max_length)
        if self.max_length < 16:
            raise ValueError("max_length 至少 16 / must be at least 16")
        self.epochs = float(epochs)
        self.lr = float(lr)
        self.batch_size = int(batch_size)
        self.weight_decay = float(weight_decay)
        self.warmup = float(warmup)
        self.max_minutes = max_minutes
        self.checkpoint_dir = Path(checkpoint_dir) if checkpoint_dir else None
        self.checkpoint_minutes = float(checkpoint_minutes)
        self.seed = int(seed)
        self.progress = progress
        self.on_step = on_step
        self.net: Any = None
        self.tokenizer: Any = None
        self.stats: dict[str, Any] = {}

    # -- model construction ----------------------------------------------------------------
    def _build(self, num_labels: int) -> None:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        path = _base_path(self.encoder, self.base)
        self.base = path
        verbosity = hf_logging.get_verbosity()
        hf_logging.set_verbosity_error()  # "newly initialized: classifier.*" is expected here
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(path)
            self.net = AutoModelForSequenceClassification.from_pretrained(
                path, num_labels=num_labels, dtype=torch.float32)
        finally:
            hf_logging.set_verbosity(verbosity)
        self.net.get_input_embeddings().weight.requires_grad_(False)
        limit = int(getattr(self.net.config, "max_position_embeddings", 512) or 512)
        if getattr(self.net.config, "model_type", "") in ("xlm-roberta", "roberta", "camembert"):
            limit -= 2
        self.max_length = min(self.max_length, limit)
        specials = self.tokenizer("", add_special_tokens=True)["input_ids"]
        self._head_ids, self._tail_ids = list(specials[:1]), list(specials[1:])
        pad = self.tokenizer.pad_token_id
        self._pad = int(pad if pad is not None else 0)

    def _trainable_names(self) -> list[str]:
        return [n for n, p in self.net.named_parameters() if p.requires_grad]

    def trainable_parameters(self) -> int:
        return sum(p.numel() for p in self.net.parameters() if p.requires_grad)

    # -- inputs ----------------------------------------------------------------------------
    def _ids(self, texts: Sequence[str]) -> list[list[int]]:
        content = self.tokenizer([PREFIX + ngram_view(t) for t in texts], add_special_tokens=False,
                                 verbose=False)["input_ids"]
        span = self.max_length - len(self._head_ids) - len(self._tail_ids)
        out = []
        for ids in content:
            ids = list(ids)
            if len(ids) > span:
                tail = span // 4
                ids = ids[: span - tail] + ids[len(ids) - tail:]
            out.append(self._head_ids + ids + self._tail_ids)
        return out

    def _batch(self, seqs: list[list[int]]):
        import torch

        L = max(len(s) for s in seqs)
        input_ids = torch.full((len(seqs), L), self._pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), L), dtype=torch.long)
        for r, s in enumerate(seqs):
            input_ids[r, : len(s)] = torch.tensor(s, dtype=torch.long)
            mask[r, : len(s)] = 1
        return input_ids, mask

    def _epoch_batches(self, lengths: Sequence[int], epoch: int) -> list[list[int]]:
        """Shuffled, length-bucketed batches (little padding), the same for a given seed and epoch."""
        rng = random.Random(self.seed * 1000 + epoch)
        order = list(range(len(lengths)))
        rng.shuffle(order)
        chunk = self.batch_size * 32
        batches: list[list[int]] = []
        for a in range(0, len(order), chunk):
            part = sorted(order[a:a + chunk], key=lambda i: lengths[i])
            batches += [part[b:b + self.batch_size] for b in range(0, len(part), self.batch_size)]
        rng.shuffle(batches)
        return batches

    # -- checkpoints -----------------------------------------------------------------------
    def _ckpt_path(self) -> Path | None:
        return self.checkpoint_dir / "checkpoint.pt" if self.checkpoint_dir else None

    def _save_checkpoint(self, opt, state: dict[str, Any]) -> None:
        import torch

        path = self._ckpt_path()
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        trainable = {n: p.detach().clone() for n, p in self.net.named_parameters() if p.requires_grad}
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        torch.save({"state": state, "weights": trainable, "optimizer": opt.state_dict(),
                    "rng": torch.get_rng_state()}, tmp)
        os.replace(tmp, path)

    def _load_checkpoint(self, opt, want: dict[str, Any]) -> dict[str, Any] | None:
        import torch

        path = self._ckpt_path()
        if path is None or not path.exists():
            return None
        try:
            ck = torch.load(path, map_location="cpu", weights_only=True)
        except Exception as e:  # a torn or foreign file: start over, keep it for inspection
            log.warning("classifier.finetune.checkpoint_unreadable path=%s error=%s", path, e)
            return None
        state = ck.get("state", {})
        if any(state.get(k) != v for k, v in want.items()):
            log.info("classifier.finetune.checkpoint_other_run path=%s", path)
            return None
        missing, unexpected = self.net.load_state_dict(ck["weights"], strict=False)
        if unexpected:
            return None
        opt.load_state_dict(ck["optimizer"])
        if isinstance(ck.get("rng"), torch.Tensor):
            torch.set_rng_state(ck["rng"])  # dropout continues as if never stopped
        return state

    # -- training --------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "E5FinetuneModel":
        import torch
        from torch.nn.functional import cross_entropy

        self.labels = sorted(set(labels))
        torch.manual_seed(self.seed)  # the new head's initial weights
        self._build(len(self.labels))
        seqs = self._ids(texts)
        y = torch.tensor([self.labels.index(lab) for lab in labels], dtype=torch.long)
        lengths = [len(s) for s in seqs]
        per_epoch = math.ceil(len(seqs) / self.batch_size)
        planned = max(1, int(round(self.epochs * per_epoch)))
        decay, no_decay = [], []
        for n, p in self.net.named_parameters():
            if p.requires_grad:
                (no_decay if p.ndim < 2 or "LayerNorm" in n or "bias" in n else decay).append(p)
        opt = torch.optim.AdamW([{"params": decay, "weight_decay": self.weight_decay},
                                 {"params": no_decay, "weight_decay": 0.0}], lr=self.lr)
        want = {"code": FINETUNE_CODE_VERSION, "data": _digest(texts, labels), "labels": self.labels,
                "base": str(self.base), "max_length": self.max_length, "batch_size": self.batch_size,
                "lr": self.lr, "epochs": self.epochs, "seed": self.seed, "max_minutes": self.max_minutes}
        state = self._load_checkpoint(opt, want)
        resumed = state is not None
        if state is None:
            state = dict(want, step=0, planned=planned, elapsed=0.0, fitted_to_budget=False,
                         loss_ema=None)
        else:
            log.info("classifier.finetune.resume step=%d planned=%d", state["step"], state["planned"])
        t_start = time.time() - float(state["elapsed"])
        last_ckpt = time.time()
        budget_s = self.max_minutes * 60.0 if self.max_minutes else None
        warm_steps = lambda: max(1, int(self.warmup * state["planned"]))  # noqa: E731

        def lr_at(step: int) -> float:
            w = warm_steps()
            if step < w:
                return self.lr * (step + 1) / w
            return self.lr * max(0.0, (state["planned"] - step) / max(1, state["planned"] - w))

        bar = None
        if self.progress:
            from tqdm import tqdm

            bar = tqdm(total=state["planned"], initial=state["step"], desc="微调 / fine-tuning",
                       unit="step", mininterval=5.0, dynamic_ncols=True)
        self.net.train()
        stopped = "done"
        timing_from = (state["step"], time.time())
        cached: tuple[int, list[list[int]]] = (-1, [])
        try:
            while state["step"] < state["planned"]:
                epoch, pos = divmod(state["step"], per_epoch)
                if epoch != cached[0]:
                    cached = (epoch, self._epoch_batches(lengths, epoch))
                batch = cached[1][pos]
                ids, mask = self._batch([seqs[i] for i in batch])
                for g in opt.param_groups:
                    g["lr"] = lr_at(state["step"])
                logits = self.net(input_ids=ids, attention_mask=mask).logits
                loss = cross_entropy(logits, y[batch])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_([p for p in self.net.parameters() if p.requires_grad], 1.0)
                opt.step()
                state["step"] += 1
                lv = float(loss.detach())
                state["loss_ema"] = lv if state["loss_ema"] is None else 0.98 * state["loss_ema"] + 0.02 * lv
                state["elapsed"] = time.time() - t_start
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(loss=f"{state['loss_ema']:.3f}", epoch=f"{state['step'] / per_epoch:.2f}",
                                    refresh=False)
                if self.on_step is not None:
                    self.on_step(state["step"], state["planned"])
                done_since = state["step"] - timing_from[0]
                if budget_s and done_since >= 20 and done_since % 20 == 0:
                    # Re-estimated every 20 steps from this run's pace (the machine may get busier
                    # or quieter), never beyond the epochs asked for: the learning rate reaches zero
                    # when the budget ends.
                    rate = (time.time() - timing_from[1]) / done_since  # seconds per step
                    fit = state["step"] + int((budget_s - state["elapsed"]) / rate * 0.97)
                    new_plan = max(state["step"] + 1, min(planned, fit))
                    if new_plan != state["planned"]:
                        log.info("classifier.finetune.fit_budget planned=%d->%d", state["planned"], new_plan)
                        state["planned"] = new_plan
                        state["fitted_to_budget"] = new_plan < planned
                        if bar is not None:
                            bar.total = state["planned"]
                if budget_s and state["elapsed"] >= budget_s and state["step"] < state["planned"]:
                    stopped = "time budget"
                    break
                if time.time() - last_ckpt >= self.checkpoint_minutes * 60:
                    self._save_checkpoint(opt, state)
                    last_ckpt = time.time()
        except KeyboardInterrupt:
            self._save_checkpoint(opt, state)
            raise
        finally:
            if bar is not None:
                bar.close()
        self._save_checkpoint(opt, state)
        self.net.eval()
        self.stats = {"steps": state["step"], "planned_steps": state["planned"],
                      "epochs_done": round(state["step"] / per_epoch, 3), "seconds": round(state["elapsed"], 1),
                      "final_loss_ema": round(state["loss_ema"] or 0.0, 4), "stopped": stopped,
                      "fitted_to_budget": bool(state.get("fitted_to_budget")),
                      "resumed": resumed, "rows": len(seqs),
                      "trainable_parameters": self.trainable_parameters()}
        return self

    # -- inference -------------------------------------------------------------------------
    def decision_function(self, texts: Sequence[str], emb: Any = None) -> np.ndarray:
        """Logits (n, labels); ``emb`` is accepted and ignored (the model reads the text)."""
        import torch

        if self.net is None:
            raise FinetuneError("模型未训练 / model is not fitted")
        texts = list(texts)
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        if not texts:
            return out
        seqs = self._ids(texts)
        order = sorted(range(len(seqs)), key=lambda i: -len(seqs[i]))
        self.net.eval()
        with torch.inference_mode():
            for a in range(0, len(order), 32):
                idx = order[a:a + 32]
                ids, mask = self._batch([seqs[i] for i in idx])
                out[idx] = self.net(input_ids=ids, attention_mask=mask).logits.float().numpy()
        return out

    def predict_proba(self, texts: Sequence[str], emb: Any = None) -> np.ndarray:
        return self.calibrate(self.decision_function(texts))

    # -- persistence -----------------------------------------------------------------------
    def save(self, d: Path) -> None:
        from safetensors.torch import save_file

        if self.net is None:
            raise FinetuneError("模型未训练 / model is not fitted")
        tensors = {n: p.detach().contiguous() for n, p in self.net.named_parameters() if p.requires_grad}
        save_file(tensors, str(d / "finetune.safetensors"))
        (d / "finetune.json").write_text(json.dumps({
            "base": str(self.base), "encoder": getattr(self.encoder, "name", None),
            "max_length": self.max_length, "labels": self.labels, "stats": self.stats,
            "hyper": {"epochs": self.epochs, "lr": self.lr, "batch_size": self.batch_size,
                      "weight_decay": self.weight_decay, "warmup": self.warmup, "seed": self.seed,
                      "max_minutes": self.max_minutes},
            "code": FINETUNE_CODE_VERSION}, ensure_ascii=False, indent=1), encoding="utf-8")
        # the base class's head files carry kind, labels and the calibration
        (d / "head.json").write_text(json.dumps(self.head_config(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, d: Path, encoder: TextEncoder | None = None) -> "E5FinetuneModel":
        from safetensors.torch import load_file

        cfg = json.loads((d / "finetune.json").read_text(encoding="utf-8"))
        head = json.loads((d / "head.json").read_text(encoding="utf-8"))
        if head.get("kind") != cls.kind:
            raise ValueError(f"模型类型不符 / model kind mismatch: {head.get('kind')} != {cls.kind}")
        base = getattr(encoder, "path_or_name", None) or cfg["base"]
        want = cfg.get("encoder")
        if want and encoder is not None and getattr(encoder, "name", None) != want:
            raise ValueError(f"微调模型的编码器不符 / fine-tuned on encoder {want}, "
                             f"not {getattr(encoder, 'name', None)}")
        m = cls(encoder=encoder, base=base, max_length=cfg["max_length"], progress=False)
        m.labels = list(head["labels"])
        m.load_calibration(head)
        m._build(len(m.labels))
        try:
            tensors = load_file(str(d / "finetune.safetensors"))
        except Exception as e:  # safetensors' own error type for a torn or foreign file
            raise ValueError(f"微调权重无法读取 / unreadable fine-tuned weights: {e}") from e
        missing, unexpected = m.net.load_state_dict(tensors, strict=False)
        frozen = {"embeddings.word_embeddings.weight"}
        bad_missing = [k for k in missing if not any(k.endswith(f) for f in frozen)]
        if unexpected or bad_missing:
            raise ValueError(f"微调权重不完整 / fine-tuned weights do not fit the base model: "
                             f"missing {bad_missing[:3]}, unexpected {list(unexpected)[:3]}")
        m.net.eval()
        m.stats = cfg.get("stats", {})
        return m


MODEL_KINDS[E5FinetuneModel.kind] = E5FinetuneModel
