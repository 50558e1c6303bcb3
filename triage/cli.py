"""``jiesu`` command line: thin wrappers over importable functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="jiesu 接诉 — 12345 热线工单分拣助手 / hotline triage assistant")
models_app = typer.Typer(no_args_is_help=True, help="分类模型版本 / classifier versions")
kb_app = typer.Typer(no_args_is_help=True, help="法规知识库 / regulation knowledge base")
app.add_typer(models_app, name="models")
app.add_typer(kb_app, name="kb")
from triage.users_cli import users_app  # noqa: E402

app.add_typer(users_app, name="users")


def _fail(msg: str) -> None:
    typer.echo(f"错误 / error: {msg}", err=True)
    raise typer.Exit(code=2)


def _settings():
    from triage.settings import get_settings

    return get_settings()


def _pipeline():
    from classifier.registry import ModelError
    from kb_index.cases import IndexMismatch
    from kb_index.regulations import IndexFormatError
    from triage.pipeline import TriagePipeline

    try:
        return TriagePipeline(_settings())
    except (ModelError, IndexMismatch, IndexFormatError, FileNotFoundError) as e:
        _fail(f"{e}\n请先运行 `jiesu setup`（或 make run）/ run `jiesu setup` first")


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


@app.command()
def setup(force: bool = typer.Option(False, help="重建全部 / rebuild everything"),
          train_limit: Optional[int] = typer.Option(None, help="只用部分训练数据（调试）/ subset for a quick build"),
          cases_limit: Optional[int] = typer.Option(None, help="每个来源最多案例数 / cap per case source"),
          laws_limit: Optional[int] = typer.Option(None, help="最多法规数 / cap on statutes")) -> None:
    """准备编码器、训练分类器、构建索引 / prepare encoder, train, build indexes."""
    from triage.setup import setup_all

    s = _settings()
    if not (s.data_dir / "complaints").exists():
        _fail(f"数据目录不存在 / data directory not found: {s.data_dir} (set JIESU_DATA_DIR)")
    reports = setup_all(s, train_limit=train_limit, cases_limit=cases_limit, laws_limit=laws_limit,
                        force=force)
    typer.echo(_dump({r.name: {"skipped": r.skipped, "seconds": round(r.seconds, 1)} for r in reports}))


@app.command()
def triage(text: str = typer.Argument(..., help="投诉内容 / complaint text"),
           title: str = typer.Option("", help="标题 / title")) -> None:
    """分拣一条投诉，输出 JSON / triage one complaint, print JSON."""
    from nlu import Complaint

    if not text.strip():
        _fail("投诉内容为空 / complaint text is empty")
    if len(text) > _settings().max_text_chars:
        _fail(f"投诉内容过长（>{_settings().max_text_chars} 字）/ text too long")
    result = _pipeline().triage(Complaint(text=text, title=title))
    typer.echo(json.dumps(result.model_dump(), ensure_ascii=False, indent=2))


@app.command()
def predict(input: Path = typer.Option(..., "--input", "-i", help="JSONL: {id, title?, text}"),
            output: Path = typer.Option(..., "--output", "-o", help="结果 JSONL / output JSONL"),
            batch_size: int = typer.Option(32, min=1, max=512)) -> None:
    """批量分拣 / batch triage: one output row per input row, same order."""
    from triage.batch import run_batch

    if not input.is_file():
        _fail(f"输入文件不存在 / input file not found: {input}")
    if output.exists() and output.is_dir():
        _fail(f"输出路径是目录 / output is a directory: {output}")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.touch()
    except OSError as e:
        _fail(f"无法写入输出 / cannot write output {output}: {e}")
    stats = run_batch(_pipeline(), input, output, batch_size=batch_size,
                      max_chars=_settings().max_text_chars)
    typer.echo(_dump(stats), err=True)


@app.command()
def serve(host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000)) -> None:
    """启动 HTTP API / start the HTTP API (uvicorn)."""
    import uvicorn

    uvicorn.run("triage.api.app:create_app", factory=True, host=host, port=port, log_level="info")


@app.command()
def run(host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000)) -> None:
    """准备一切并启动全部服务（Ctrl-C 停止）/ set up everything and start all services."""
    from triage.runner import run_all

    sys.exit(run_all(_settings(), host=host, port=port))


@app.command()
def train(kind: str = typer.Option("e5_ngram", help="e5_ngram | tfidf_svm"),
          limit: Optional[int] = typer.Option(None), force: bool = typer.Option(False),
          activate: bool = typer.Option(True)) -> None:
    """训练分类模型 / train a category model."""
    from classifier.model import MODEL_KINDS
    from classifier.train import train as train_fn

    if kind not in MODEL_KINDS:
        _fail(f"未知模型类型 / unknown kind {kind!r}: {', '.join(MODEL_KINDS)}")
    s = _settings()
    enc = s.load_encoder() if kind == "e5_ngram" else None
    r = train_fn(s.data_dir, s.models_dir, enc, kind=kind, limit=limit, force=force, activate=activate)
    typer.echo(_dump({"model_id": r.model_id, "skipped": r.skipped, "metrics": r.metrics,
                      "seconds": round(r.seconds, 1)}))


@models_app.command("list")
def models_list() -> None:
    """列出模型版本 / list versions."""
    from classifier.registry import list_models

    for m in list_models(_settings().models_dir):
        typer.echo(_dump({k: m.get(k) for k in ("id", "kind", "created_at", "active", "metrics")}))


@models_app.command("promote")
def models_promote(model_id: str) -> None:
    """启用某版本 / make a version active."""
    from classifier.registry import ModelError, set_active

    try:
        set_active(_settings().models_dir, model_id)
    except ModelError as e:
        _fail(str(e))
    typer.echo(_dump({"active": model_id}))


@models_app.command("rollback")
def models_rollback() -> None:
    """回滚到上一版本 / re-activate the previous version."""
    from classifier.registry import ModelError, rollback

    try:
        mid = rollback(_settings().models_dir)
    except ModelError as e:
        _fail(str(e))
    typer.echo(_dump({"active": mid}))


@kb_app.command("search")
def kb_search(query: str, k: int = typer.Option(5, min=1, max=50)) -> None:
    """检索法规条文 / search regulation articles."""
    from kb_index.regulations import IndexFormatError, RegulationIndex

    if not query.strip():
        _fail("查询为空 / empty query")
    s = _settings()
    try:
        idx = RegulationIndex.load(s.indexes_dir / "regulations")
    except (IndexFormatError, FileNotFoundError, ValueError) as e:
        _fail(str(e))
    qv = None
    if idx.dense is not None:
        qv = s.load_encoder().encode([query], prefix="query: ")[0]
    for hit in idx.search(query, k=k, query_vec=qv):
        typer.echo(_dump(hit))


if __name__ == "__main__":  # pragma: no cover
    app()
