"""``jiesu`` command line: thin wrappers over importable functions."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Optional

import typer

# plain help (click's): rich lays an option's help out in columns and crops a Chinese run, which has
# no space to wrap at, with "…" (tester46 Q16: 重新训练（即使数据未变），且即使… in `train --help`)
PLAIN_HELP = None
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=PLAIN_HELP,
                  help="jiesu 接诉 — 12345 热线工单分拣助手 / hotline triage assistant")
models_app = typer.Typer(no_args_is_help=True, rich_markup_mode=PLAIN_HELP, help="分类模型版本 / classifier versions")
kb_app = typer.Typer(no_args_is_help=True, rich_markup_mode=PLAIN_HELP, help="法规知识库 / regulation knowledge base")
app.add_typer(models_app, name="models")
app.add_typer(kb_app, name="kb")
from triage.users_cli import users_app  # noqa: E402

app.add_typer(users_app, name="users")


def _fail(msg: str) -> None:
    typer.echo(f"错误 / error: {msg}", err=True)
    raise typer.Exit(code=2)


def _check_listen(host: str, port: int) -> None:
    """Exit 2 before anything loads when ``host:port`` cannot be listened on (a port outside
    1–65535, one in use, an unknown host), instead of uvicorn's late English error (exit 3)."""
    import socket

    if not 1 <= port <= 65535:
        _fail(f"端口须在 1–65535 之间 / the port must be within 1–65535 (got {port})")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as e:
        _fail(f"无法解析主机 {host} / cannot resolve host {host}: {e}")
    family, _, _, _, addr = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(addr)
        except OSError as e:
            import errno

            why = ("端口已被占用 / port in use" if e.errno == errno.EADDRINUSE else
                   "本机没有这个地址 / not an address of this machine" if e.errno == errno.EADDRNOTAVAIL else
                   "没有权限 / not permitted" if e.errno in (errno.EACCES, errno.EPERM) else "")
            _fail(f"无法在 {host}:{port} 监听 / cannot listen on {host}:{port}"
                  f"{'（' + why + '）' if why else ''}: {e.strerror or e}")


def _settings():
    from pydantic import ValidationError

    from triage.settings import get_settings

    try:
        return get_settings()
    except ValidationError as e:   # (JIESU_THREADS=abc printed pydantic's dump, exit 1: tester58 D6)
        wrong = "; ".join(f"JIESU_{'_'.join(str(p) for p in err['loc']).upper()}={err.get('input')!r}: {err['msg']}"
                          for err in e.errors())
        _fail(f"配置有误 / invalid setting: {wrong}")


def _settings_with_data():
    """The settings, exit 2 when the data directory is not there (setup and run need it before anything)."""
    s = _settings()
    if not (s.data_dir / "complaints").exists():
        _fail(f"数据目录不存在 / data directory not found: {s.data_dir} (set JIESU_DATA_DIR)")
    return s


def _sqlite_file(settings) -> Path | None:
    """The file of a SQLite case database, None for another backend (or an in-memory one)."""
    url = settings.db_url
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


def _home_is_empty(settings) -> bool:
    """Whether the home holds no model, no index and no database: new, or a mistyped JIESU_HOME."""
    from classifier.registry import get_active_id

    db = _sqlite_file(settings)
    return (get_active_id(settings.models_dir) is None and not (settings.indexes_dir / "cases").exists()
            and not (db is not None and db.exists()))


def _empty_home_said(settings) -> str:
    return (f"JIESU_HOME={settings.home} 里没有模型、索引或数据库（新目录，还是路径拼错了？）/ "
            f"{settings.home} holds no models, indexes or database (a new folder, or a mistyped JIESU_HOME?)")


def _pipeline():
    from classifier.registry import ModelError, get_active_id
    from kb_index.cases import IndexMismatch
    from kb_index.regulations import IndexFormatError
    from triage.pipeline import TriagePipeline

    settings = _settings()
    # before the encoder is prepared (≈ 20 s, 854 MB on disk) for nothing: tester58 D16
    if _home_is_empty(settings):
        _fail(f"{_empty_home_said(settings)}\n请先运行 `jiesu setup`（或 make run）/ run `jiesu setup` first")
    if get_active_id(settings.models_dir) is None:
        _fail(f"没有已启用的分类模型（{settings.models_dir}）/ no active model; "
              "请先运行 `jiesu setup`（或 make run）/ run `jiesu setup` first")
    try:
        pipe = TriagePipeline(settings)
    except (ModelError, IndexMismatch, IndexFormatError, FileNotFoundError) as e:
        _fail(f"{e}\n请先运行 `jiesu setup`（或 make run）/ run `jiesu setup` first")
    _add_db_cases(pipe, settings)
    return pipe


def _add_db_cases(pipe, settings) -> None:
    """The case database's cases into the similar-case index, as the API adds them at start-up:
    `jiesu predict` / `jiesu triage` then vote with the same operator-decided cases the API does
    (a tester's CLI and API gave two first departments for one text). No database yet (a fresh
    home): nothing to add, and none is created."""
    url = settings.db_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return
    from triage.cases.index_sync import sync_from_db
    from triage.db import session_factory

    try:
        sync_from_db(pipe, session_factory(url))
    except Exception as e:  # noqa: BLE001 - the data directory's cases still serve; said on stderr
        typer.echo(f"[predict] 工单库的案例未载入 / the case database's cases were not added: "
                   f"{type(e).__name__}", err=True)


def _dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


JSON_HELP = "输出 JSON（每行一个对象，供程序读取）/ print JSON for programs"


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (a Chinese character takes two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _table(head: list[str], rows: list[list[str]], right: tuple[int, ...] = ()) -> str:
    """A plain-text table: the heads, a rule, the rows; columns ``right`` right-aligned."""
    cells = [[str(c) for c in r] for r in [head] + rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(head))]

    def line(r: list[str]) -> str:
        out = []
        for i, c in enumerate(r):
            pad = " " * (widths[i] - _width(c))
            out.append(pad + c if i in right else (c + pad if i < len(r) - 1 else c))
        return "  ".join(out).rstrip()

    return "\n".join([line(cells[0]), "  ".join("-" * w for w in widths)] + [line(r) for r in cells[1:]])


def _pct(v) -> str:
    return f"{v * 100:.1f}%" if isinstance(v, (int, float)) else "—"


@app.command()
def setup(force: bool = typer.Option(False, help="重建全部 / rebuild everything"),
          train_limit: Optional[int] = typer.Option(None, help="只用部分训练数据（调试）/ subset for a quick build"),
          cases_limit: Optional[int] = typer.Option(None, help="每个来源最多案例数 / cap per case source"),
          laws_limit: Optional[int] = typer.Option(None, help="最多法规数 / cap on statutes")) -> None:
    """准备编码器、训练分类器、构建索引 / prepare encoder, train, build indexes."""
    from triage.setup import setup_all

    s = _settings_with_data()
    if _home_is_empty(s):
        typer.echo(f"注意 / note: {_empty_home_said(s)}\n  将从头构建（约 1–2 小时）/ building everything from scratch", err=True)
    reports = setup_all(s, train_limit=train_limit, cases_limit=cases_limit, laws_limit=laws_limit,
                        force=force)
    typer.echo(_dump({r.name: {"skipped": r.skipped, "seconds": round(r.seconds, 1)} for r in reports}))


def _check_text(text: str, title: str) -> None:
    """A complaint the pipeline can take, as ``jiesu predict`` checks its rows: exit 2 otherwise."""
    from nlu import has_words, is_blank

    if is_blank(text):
        _fail("投诉内容为空 / complaint text is empty")
    if not has_words(text):
        _fail("投诉内容没有文字（只有表情或符号）/ complaint text has no letters or digits")
    if len(text) + len(title) > _settings().max_text_chars:
        _fail(f"投诉内容过长（标题和内容共 >{_settings().max_text_chars} 字）/ text and title too long")


@app.command()
def triage(text: str = typer.Argument(..., help="投诉内容 / complaint text"),
           title: str = typer.Option("", help="标题 / title"),
           summary: bool | None = typer.Option(None, "--summary/--json",
                                               help="中文摘要（终端里默认）或 JSON（管道里默认）/ a readable "
                                                    "summary (the default on a terminal) or JSON (the default in a pipe)")) -> None:
    """分拣一条投诉：类别、承办部门及理由、适用条文、相似案例 / triage one complaint."""
    from nlu import Complaint

    _check_text(text, title)
    pipe = _pipeline()
    result = pipe.triage(Complaint(text=text, title=title))
    if summary is None:
        summary = sys.stdout.isatty()
    names = {code: d.name for code, d in (getattr(getattr(pipe, "router", None), "departments", None) or {}).items()}
    typer.echo(_triage_summary(result, names) if summary
               else json.dumps(result.model_dump(), ensure_ascii=False, indent=2))


def _triage_summary(r: Any, names: dict[str, str]) -> str:
    """What an operator reads of a triage (an operator tester found only raw JSON here)."""
    lines = []
    if r.urgent:
        lines.append(f"【紧急】{r.urgent.kind}（依据原话「{r.urgent.words}」）：{r.urgent.advice}")
    if r.priority:
        lines.append(f"【重点件】{r.priority.kind}（依据原话「{r.priority.words}」）：{r.priority.reason}")
    cats = "，".join(f"{c.label} {c.confidence:.2f}" for c in r.categories[:3])
    lines.append(f"类别：{cats}" + ("（把握不大，请向市民问清）" if r.needs_clarification else ""))
    if r.request_kind != "投诉":
        lines.append(f"诉求类型：{r.request_kind}")
    if r.repeats:
        lines.append(f"疑似重复件：{'、'.join(r.repeats)}（请核对后合并，勿重复派单）")
    lines.append("承办部门：")
    for i, d in enumerate(r.departments, 1):
        lines.append(f"  {i}. {d.unit or d.name} {d.confidence:.2f}" + (f"（{d.name}）" if d.unit and d.unit != d.name else ""))
        lines += [f"     · {why}" for why in d.reasons[:3]]
    if r.regulations:
        lines.append("适用条文：")
        for g in r.regulations[:5]:
            body = re.sub(r"\s+", "", g.text)
            lines.append(f"  《{g.law}》{g.article}：{body[:60]}{'…' if len(body) > 60 else ''}")
    if r.similar_cases:
        lines.append("相似案例：")
        for c in r.similar_cases[:3]:
            units = "、".join(names.get(code, code) for code in c.departments) or "承办部门未知"
            said = re.sub(r"\s+", "", c.text)[:40]
            lines.append(f"  {c.id}（相似度 {c.score:.2f}，{units}）{said}")
    lines.append(f"脱敏文本：{r.masked_text}")
    return "\n".join(lines)


@app.command()
def draft(text: str | None = typer.Argument(None, help="投诉内容（或用 --case）/ complaint text"),
          case: str | None = typer.Option(None, "--case", help="案件 id 或编号 / a stored case (JS…)"),
          title: str = typer.Option("", help="标题 / title"),
          as_json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON")) -> None:
    """起草答复意见（引用条文逐字核对，待填事实留占位）/ draft the official reply for a complaint or a case."""
    from triage.drafting import draft_reply

    if (text is None) == (case is None):
        _fail("请给出投诉内容或 --case，二者选一 / give either a complaint text or --case")
    s = _settings()
    if case is not None:
        from triage.api.errors import ApiError
        from triage.cases.service import audit, get_case
        from triage.db import init_db, session_scope

        try:
            init_db(s)
        except Exception as e:  # noqa: BLE001 - an unreachable or broken database: say so
            _fail(f"案件库不可用 / case database unavailable: {type(e).__name__}")
        with session_scope(s) as db:
            try:
                row = get_case(case.strip(), db_session=db)
            except ApiError as e:
                _fail(f"{e.zh} / {e.en}: {case}")
            result = draft_reply(row, _pipeline())
            audit("draft", user=None, case_ids=[row.id], detail="cli", db_session=db)
    else:
        from nlu import Complaint

        _check_text(text, title)
        pipe = _pipeline()
        result = draft_reply(pipe.triage(Complaint(text=text, title=title)), pipe)
    if as_json:
        typer.echo(json.dumps(result.model_dump(by_alias=True), ensure_ascii=False, indent=2))
        return
    typer.echo(result.text)
    from triage.drafting import book_title

    cites = "；".join(f"{book_title(c.law)}{c.article}" for c in result.citations) or "无"
    typer.echo(f"\n引用条文（已逐字核对）/ citations: {cites}\n"
               f"待填写 / placeholders: {'、'.join(result.placeholders)}\n"
               f"格式参照 / structure from: {'、'.join(result.structure_from) or '语料常见格式 / corpus'}", err=True)


@app.command()
def predict(input: Path = typer.Option(..., "--input", "-i", help="JSONL: {id, title?, text}"),
            output: Path = typer.Option(..., "--output", "-o", help="结果 JSONL / output JSONL"),
            batch_size: int = typer.Option(32, min=1, max=512)) -> None:
    """批量分拣 / batch triage: one output row per input row, same order."""
    from triage.batch import run_batch

    if input.is_dir():
        _fail(f"输入路径是目录，请给出文件 / input is a directory, not a file: {input}")
    if not input.is_file():
        _fail(f"输入文件不存在 / input file not found: {input}")
    if output.exists() and output.is_dir():
        _fail(f"输出路径是目录 / output is a directory: {output}")
    if output.exists() and output.resolve() == input.resolve():
        _fail(f"输出会覆盖输入 / output would overwrite the input: {output}")
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

    _check_listen(host, port)
    uvicorn.run("triage.api.app:create_app", factory=True, host=host, port=port, log_level="info")


@app.command()
def run(host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000),
        bot_port: Optional[int] = typer.Option(
            None, "--bot-port", help="对话机器人端口 / the bot's port (default: that of JIESU_BOT_URL, 5005)"),
        actions_port: Optional[int] = typer.Option(
            None, "--actions-port",
            help="机器人动作服务端口 / its action server's port (default: that of JIESU_BOT_ACTIONS_URL, 5055)")
        ) -> None:
    """准备一切并启动全部服务（Ctrl-C 停止）/ set up everything and start all services."""
    from triage.runner import bot_available, bot_ports, run_all

    settings = _settings_with_data()   # (it converted the encoder first, then 内部错误: tester58 D5)
    if _home_is_empty(settings):
        typer.echo(f"注意 / note: {_empty_home_said(settings)}\n  将从头构建（约 1–2 小时），案件库为空 / "
                   "building everything from scratch, with an empty case database", err=True)
    update = {}
    if bot_port is not None:
        update["bot_url"] = f"http://127.0.0.1:{bot_port}"
    if actions_port is not None:
        update["bot_actions_url"] = f"http://127.0.0.1:{actions_port}"
    settings = settings.model_copy(update=update) if update else settings
    _check_listen(host, port)
    if bot_available():
        ports = bot_ports(settings)
        if port in ports or ports[0] == ports[1]:
            _fail(f"API、机器人与动作服务须用不同端口 / the API, the bot and its action server need "
                  f"different ports (got {port}, {ports[0]}, {ports[1]})")
        for p in ports:
            _check_listen("127.0.0.1", p)
    sys.exit(run_all(settings, host=host, port=port))


@app.command()
def train(kind: str = typer.Option("e5_ngram", help="e5_ngram | tfidf_svm | e5_finetune"),
          limit: Optional[int] = typer.Option(None), force: bool = typer.Option(
              False, help="重新训练（即使数据未变），且即使比当前版本差也启用 / retrain, and promote even if worse"),
          activate: bool = typer.Option(True, help="--no-activate：只训练并评估，不启用 / never promote"),
          from_db: bool = typer.Option(True, "--from-db/--no-from-db",
                                       help="合并案件库中坐席确认/更正的案件及已添加的样本 / merge decided cases"),
          add_rows: Optional[Path] = typer.Option(
              None, "--add-rows", help="JSONL {text,label,title?}：添加样本（可含新类别，每个新类别至少 20 条）"),
          epochs: Optional[float] = typer.Option(None, help="e5_finetune：训练轮数 / epochs (default 3)"),
          max_minutes: Optional[float] = typer.Option(
              None, "--max-minutes", help="e5_finetune：时间上限，学习率计划随之缩短 / time budget"),
          max_length: Optional[int] = typer.Option(None, "--max-length",
                                                   help="e5_finetune：最大词元数 / max tokens (default 256)"),
          lr: Optional[float] = typer.Option(None, help="e5_finetune：学习率 / learning rate (default 6e-5)"),
          batch_size: Optional[int] = typer.Option(None, "--batch-size", help="e5_finetune：批大小 (default 16)"),
          as_json: bool = typer.Option(False, "--json", help=JSON_HELP)
          ) -> None:
    """重新训练分类模型：候选与当前版本在固定评估集上比较，不差才启用 / retrain: the candidate is
    promoted only if not worse than the active model on the fixed evaluation split.

    e5_finetune 微调编码器本身（冻结词向量），显示进度与剩余时间；中断后以同样的命令重跑即从检查点继续
    / fine-tunes the encoder (word embeddings frozen) with a progress bar and ETA; rerun the same
    command after an interruption and it resumes from its checkpoint."""
    from classifier.data import LabelledRow
    from classifier.model import MODEL_KINDS
    from classifier.registry import ModelError
    from classifier.retrain import AddRowsError, base_labels, read_add_rows, retrain

    if kind not in MODEL_KINDS:
        _fail(f"未知模型类型 / unknown kind {kind!r}: {', '.join(MODEL_KINDS)}")
    if limit is not None and limit < 100:
        _fail("--limit 至少 100 / --limit must be at least 100")
    finetune = {"epochs": epochs, "max_minutes": max_minutes, "max_length": max_length, "lr": lr,
                "batch_size": batch_size}
    if kind != "e5_finetune" and any(v is not None for v in finetune.values()):
        _fail("--epochs/--max-minutes/--max-length/--lr/--batch-size 只用于 e5_finetune / only for --kind e5_finetune")
    for name, v, lo in (("--epochs", epochs, 0.01), ("--max-minutes", max_minutes, 0.01), ("--max-length", max_length, 16),
                        ("--lr", lr, 1e-7), ("--batch-size", batch_size, 1)):
        if v is not None and v < lo:
            _fail(f"{name} 须不小于 {lo} / {name} must be at least {lo}")
    s = _settings()
    file_rows: list = []
    if add_rows is not None:
        from nlu import mask_pii
        from triage.db import init_db, session_scope
        from triage.jobs import add_rows as store_rows
        from triage.jobs import added_label_counts

        init_db(s)
        with session_scope(s) as db:
            stored = added_label_counts(db_session=db)
        try:
            rows = read_add_rows(add_rows, base_labels(s.data_dir), stored)
        except AddRowsError as e:
            _fail(str(e))
        with session_scope(s) as db:  # kept: later retrainings (and the dashboard's) use them too
            added, dup = store_rows(rows, source=add_rows.name, db_session=db)
        typer.echo(f"已添加 {added} 条样本（{dup} 条重复）/ added {added} rows ({dup} duplicates)", err=True)
        file_rows = [LabelledRow(id=f"file:{i}", title=mask_pii(r["title"])[0], text=mask_pii(r["text"])[0],
                                 label=r["label"], form="raw") for i, r in enumerate(rows)]
    try:
        res = retrain(s, force=force, kind=kind, limit=limit, from_db=from_db, add_rows=file_rows,
                      promote=activate, finetune=finetune if kind == "e5_finetune" else None)
    except (ModelError, ValueError, FileNotFoundError) as e:
        _fail(str(e))
    typer.echo(("" if res.promoted else "⚠ ") + f"{res.reason_zh} / {res.reason_en}", err=True)
    dept = _retrain_departments(s) if from_db else None
    if as_json:
        typer.echo(_dump({"model_id": res.candidate_id, "skipped": res.reused, "promoted": res.promoted,
                          "active": res.active_after, "reason": res.reason_en, "candidate": res.candidate,
                          "baseline": res.baseline, "active_model": res.active, "data": res.data,
                          "seconds": res.seconds, "departments": dept}))
    else:
        typer.echo(_train_summary(res))
        if dept:
            typer.echo(_departments_summary(dept))


def _retrain_departments(s) -> dict | None:
    """The department model again with the operators' decisions (skipped when none changed)."""
    from classifier.department import db_dept_rows
    from triage.setup import department_summary, train_department_model

    if not db_dept_rows(s.db_url, ""):   # no decided department yet: nothing to learn (no encoder loaded)
        return None
    try:
        r = train_department_model(s, s.load_encoder(), only_with_decisions=True)
    except (ValueError, OSError) as e:
        typer.echo(f"⚠ 部门模型未更新 / department model not retrained: {e}", err=True)
        return None
    return department_summary(r)


def _departments_summary(d: dict) -> str:
    """The department model's line, said apart from the category model's 启用 (tester55 S1: a
    refused candidate's run read 未启用, then 部门模型：已重训, replaced unseen)."""
    if d.get("skipped"):
        return "部门模型（与分类模型分开评估）：案件库没有新的部门分拣，未重训 / department model: nothing new, not retrained"
    cv = f"历史答复交叉验证 top-1 {_pct(d.get('cv_top1'))}、top-3 {_pct(d.get('cv_top3'))}"
    before = (f"；之前 top-1 {_pct(d.get('previous_cv_top1'))}、top-3 {_pct(d.get('previous_cv_top3'))}"
              if d.get("previous_cv_top1") is not None else "")
    if d.get("kept"):
        return (f"部门模型（与分类模型分开评估）：重训结果较差，未替换，仍用原部门模型（{cv}{before}）"
                " / department model: the retrained one was worse; the current one stays")
    return (f"部门模型（与分类模型分开评估）：已重训并替换（训练 {d.get('rows')} 条，其中坐席确认/更正部门的案件 "
            f"{d.get('decided_rows')} 件；{cv}{before}）。运行中的服务在下一次分拣时载入；"
            "恢复上一版：jiesu models rollback --departments / a running API loads it at its next triage")


def _promoted_said(res) -> str:
    """启用 or not, and "already active" for the candidate that is the active version (data unchanged:
    a tester read 未启用 for the version the next words named active)."""
    if res.promoted:
        return "已启用"
    return "已是当前启用的版本" if res.candidate_id and res.candidate_id == res.active_after else "未启用"


def _train_summary(res) -> str:
    """What a retraining did, in Chinese: the candidate, whether it is active, the fixed split's
    figures beside the reference's and the active version's, the data it learnt from."""
    d = res.data or {}
    split = (d.get("eval_split") or {}).get("n") or (res.candidate or {}).get("n") or "—"
    lines = [f"候选版本：{res.candidate_id}{'（数据未变，沿用已训练的版本）' if res.reused else ''}",
             f"是否启用：{_promoted_said(res)}；当前启用版本：{res.active_after or '—'}",
             "", f"固定评估集（{split} 条）上的比较："]
    rows = []
    for name, m in (("候选", res.candidate), ("参照", res.baseline), ("当前版本", res.active)):
        if not m:
            continue
        if name == "参照" and m.get("source") == "active":
            continue  # the active version itself, the next row
        who = m.get("id") or ("按当前版本配置重训" if m.get("source") == "active_refit" else "—")
        rows.append([name, str(who), str(m.get("kind") or "—"), _pct(m.get("accuracy")), _pct(m.get("macro_f1"))])
    lines.append(_table(["", "版本", "类型", "准确率", "Macro-F1"], rows, right=(3, 4)))
    data = (f"训练数据：标注 {d.get('labelled_rows', 0)} 条；案件库确认 {d.get('db_cases_accepted', 0)} 件、"
            f"更正 {d.get('db_cases_corrected', 0)} 件；主管添加 {d.get('db_added_rows', 0)} 条；"
            f"本次文件 {d.get('file_rows', 0)} 条")
    if d.get("new_labels"):
        # the fixed split has no row of a label added now: no figure of its own (tester55 S4)
        data += (f"；新类别：{'、'.join(d['new_labels'])}（固定评估集没有它的样本，上面的数字不含它；请用 "
                 f"jiesu evaluate --input 含该类别的标注文件 检验 / not in the fixed split: evaluate it with a labelled file）")
    lines += ["", data, f"用时 {res.seconds} 秒。完整结果加 --json 查看 / add --json for the full result"]
    return "\n".join(lines)


@app.command()
def evaluate(kind: Optional[str] = typer.Option(None, help="e5_ngram | tfidf_svm（默认 e5_ngram）"),
             folds: int = typer.Option(5, help="交叉验证折数 / CV folds"),
             limit: Optional[int] = typer.Option(None, help="只用部分数据 / subset of rows"),
             input: Optional[Path] = typer.Option(None, "--input", "-i",
                                                  help="标注 JSONL {id,title,text,label}：评估已启用（或 --model）模型"),
             model: Optional[str] = typer.Option(None, help="模型版本 / model id (default: active)"),
             out: Optional[Path] = typer.Option(None, help="报告目录 / report directory"),
             as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """评估分类模型并写报告（交叉验证或标注文件，含基线与校准）/ evaluate a classifier, write a report."""
    from classifier.evaluate import EvaluationError, run_evaluation
    from classifier.registry import ModelError

    s = _settings()
    try:
        summ = run_evaluation(data_dir=s.data_dir, home=s.home, load_encoder=s.load_encoder, kind=kind,
                              folds=folds, limit=limit, input_path=input, model_id=model, out=out)
    except (EvaluationError, ModelError) as e:
        _fail(str(e))
    if summ.get("warning"):
        typer.echo(f"⚠ {summ['warning']}", err=True)
    if as_json:
        typer.echo(_dump(summ))
    elif summ.get("report"):
        typer.echo(f"报告（含混淆矩阵、可靠性图、覆盖率—精确率曲线）：{summ['report']}；机器可读结果加 --json / "
                   "add --json for the machine-readable summary")


@models_app.command("list")
def models_list(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """列出模型版本 / list versions."""
    from classifier.registry import list_models

    models = list_models(_settings().models_dir)
    if as_json:
        for m in models:
            typer.echo(_dump({k: m.get(k) for k in ("id", "kind", "created_at", "active", "metrics")}))
        return
    if not models:
        typer.echo("没有已训练的模型版本（请先运行 jiesu setup 或 jiesu train）/ no model versions yet")
        return
    rows = []
    for m in models:
        met, ev = m.get("metrics") or {}, m.get("evaluation") or {}
        fixed = (ev.get("candidate") or {}).get("macro_f1")
        state = "启用中" if m.get("active") else ("未启用" if ev.get("promoted") is False else "")
        rows.append([m["id"], m.get("kind") or "—", _beijing_time(m.get("created_at")),
                     str((m.get("data") or {}).get("rows") or "—"), _pct(met.get("accuracy")),
                     _pct(met.get("macro_f1")), _pct(fixed), _pct(met.get("ask_threshold")), state])
    typer.echo(_table(["版本", "类型", "训练时间（北京时间）", "训练样本", "准确率", "Macro-F1", "固定评估集 Macro-F1",
                       "询问阈值", "状态"], rows, right=(3, 4, 5, 6, 7)))
    active = next((m["id"] for m in models if m.get("active")), None)
    typer.echo(f"\n共 {len(models)} 个版本，启用中：{active or '无'}。准确率、Macro-F1 在各版本自己的留出集上，"
               f"固定评估集 Macro-F1 各版本可直接比较。")


def _beijing_time(stamp: object) -> str:
    """An ISO time with its offset as Beijing wall-clock time (as the pages show it); "—" when none."""
    from datetime import datetime, timedelta, timezone

    try:
        t = datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "—")[:19].replace("T", " ")
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone(timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def _known_version(models_dir: Path, model_id: str) -> bool:
    """``model_id`` names a version directory of ``models_dir`` ("ID", "ID/", "./ID")."""
    if not models_dir.is_dir():
        return False
    target = (models_dir / model_id).resolve()
    return any(d.resolve() == target for d in models_dir.iterdir() if d.is_dir() and not d.name.startswith("."))


def _switched(before: str | None, after: str | None, as_json: bool) -> None:
    """What a promote or rollback did, as a sentence (``--json``: the object scripts read)."""
    if as_json:
        typer.echo(_dump({"active": after, "previous": before}))
        return
    if before == after:
        typer.echo(f"模型版本 {after} 已是启用版本，未改变 / {after} was already active")
        return
    typer.echo(f"已启用模型版本 {after}（之前为 {before or '无'}） / active version: {after} (was {before or 'none'})")
    typer.echo("运行中的服务在下一次分拣时改用该版本 / a running server switches at its next triage")


@models_app.command("promote")
def models_promote(model_id: str, as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """启用某版本 / make a version active."""
    from classifier.registry import ModelError, get_active_id, list_models, load_model, read_meta, set_active

    models_dir = _settings().models_dir
    before = get_active_id(models_dir)
    if not _known_version(models_dir, model_id.strip()):
        known = [m["id"] for m in list_models(models_dir)]
        _fail(f"没有这个模型版本 / unknown model version: {model_id!r}；已有版本 / known versions: "
              f"{'、'.join(known) or '无 / none'}（jiesu models list）")
    try:
        read_meta(models_dir / model_id)
        load_model(models_dir / model_id)  # all its files, as a server will load them
        set_active(models_dir, model_id)
    except ModelError as e:
        _fail(f"该模型版本无法启用 / this version cannot be made active: {e}")
    _switched(before, get_active_id(models_dir), as_json)


@models_app.command("rollback")
def models_rollback(as_json: bool = typer.Option(False, "--json", help=JSON_HELP),
                    departments: bool = typer.Option(False, "--departments",
                                                     help="回滚部门模型（重新训练替换前的那一版）/ restore the "
                                                          "department model a retraining replaced")) -> None:
    """回滚到上一版本 / re-activate the previous version."""
    from classifier.registry import ModelError, get_active_id, load_model, read_pointer, restore_pointer, rollback

    models_dir = _settings().models_dir
    if departments:
        from classifier.department import restore_previous_departments

        try:
            meta = restore_previous_departments(models_dir)
        except (OSError, ValueError) as e:
            _fail(f"无法回滚部门模型 / cannot restore the department model: {e}")
        m = meta.get("metrics") or {}
        if as_json:
            typer.echo(_dump({"departments": "restored", "created_at": meta.get("created_at"), "metrics": m}))
            return
        typer.echo(f"已恢复部门模型（训练于 {_beijing_time(meta.get('created_at'))}，历史答复交叉验证 top-1 "
                   f"{_pct(m.get('cv_top1'))}、top-3 {_pct(m.get('cv_top3'))}）；运行中的服务在下一次分拣时载入。"
                   "再运行一次可换回 / restored; run again to swap back")
        return
    before = read_pointer(models_dir)
    was = get_active_id(models_dir)
    try:
        mid = rollback(models_dir)
        load_model(models_dir / mid)
    except ModelError as e:
        restore_pointer(models_dir, before)
        _fail(f"无法回滚 / cannot roll back: {e}")
    _switched(was, mid, as_json)


@kb_app.command("search")
def kb_search(query: str, k: int = typer.Option(5, min=1, max=50),
              as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """检索法规条文 / search regulation articles."""
    from kb_index.regulations import IndexFormatError, RegulationIndex

    if not query.strip():
        _fail("查询为空 / empty query")
    if not any(ch.isalnum() for ch in query):  # "%%%", "！！！": nothing to look for
        _fail("查询里没有文字或数字 / the query has no letters or digits to search for")
    s = _settings()
    try:
        idx = RegulationIndex.load(s.indexes_dir / "regulations")
    except (IndexFormatError, FileNotFoundError, ValueError) as e:
        _fail(str(e))
    idx.topics = _topics(s)
    qv = None
    if idx.dense is not None:
        qv = s.load_encoder().encode([query], prefix="query: ")[0]
    hits = idx.search(query, k=k, query_vec=qv)
    if not hits:
        typer.echo("没有找到相关条文（请换用描述问题的词语）/ no matching articles (try words that describe the problem)",
                   err=True)
    if as_json:
        for hit in hits:
            typer.echo(_dump(hit))
        return
    for i, hit in enumerate(hits, 1):
        where = f"（{hit['chapter']}）" if hit.get("chapter") else ""
        why = f"  知识库条目：{hit['topic']}" if hit.get("topic") else ""
        typer.echo(f"{i}. 《{hit['law']}》{hit['article']}{where}  得分 {hit['score']:.3f}{why}")
        typer.echo("   " + str(hit["text"]).replace("\n", "\n   "))


def _topics(s):
    """The knowledge base's topic entries of the settings' training data; a malformed file exits 2."""
    import yaml

    from kb_index.topics import TOPICS_NAME, TopicFileError, load_topics

    try:
        return load_topics(s.training_data / TOPICS_NAME)
    except (TopicFileError, yaml.YAMLError, OSError, UnicodeDecodeError) as e:
        _fail(f"知识库条目文件有误 / the topic file is invalid: {e}")


@kb_app.command("topics")
def kb_topics(query: Optional[str] = typer.Argument(None, help="只列出这段诉求说到的条目 / only the entries this complaint names"),
              check: bool = typer.Option(False, "--check", help="条文不在知识库中则退出码 2 / exit 2 when an article is not in the index"),
              as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """知识库条目：常见诉求的说法及其法律依据 / topic entries: what citizens say and the articles that apply."""
    from kb_index.regulations import IndexFormatError, RegulationIndex
    from kb_index.topics import matching

    s = _settings()
    topics = _topics(s)
    try:
        idx = RegulationIndex.load(s.indexes_dir / "regulations")
    except (IndexFormatError, FileNotFoundError, ValueError) as e:
        _fail(str(e))
    held = idx._article_positions()
    named = {t.name: w for t, w in matching(query, topics)} if query else None
    if query is not None and not named:
        typer.echo("这段诉求没有说到任何知识库条目 / the complaint names no topic entry", err=True)
    missing = 0
    for t in topics:
        if named is not None and t.name not in named:
            continue
        basis = []
        for law, arts in t.basis:
            for a in arts:
                ok = (law, a) in held
                missing += not ok
                basis.append({"law": law, "article": a, **({} if ok else {"missing": True})})
        row = {"topic": t.name, "words": list(t.words), "basis": basis}
        if t.unless:
            row["unless"] = list(t.unless)
        if named:
            row["named_by"] = named[t.name]
        typer.echo(_dump(row) if as_json else _topic_text(row))
    if missing:
        typer.echo(f"⚠ {missing} 条依据不在知识库中（已删除或未收入），检索时跳过 / {missing} articles are not in "
                   f"the index (removed or never added): skipped when searching", err=True)
        if check:
            raise typer.Exit(2)


def _topic_text(row: dict) -> str:
    """One topic entry for a supervisor: its name, the words, the articles by statute."""
    by_law: dict[str, list[str]] = {}
    for b in row["basis"]:
        by_law.setdefault(b["law"], []).append(b["article"] + ("（不在知识库）" if b.get("missing") else ""))
    head = f"【{row['topic']}】" + (f"  诉求中的“{row['named_by']}”" if row.get("named_by") else "")
    lines = [head, f"  说法：{'、'.join(row['words'])}"]
    if row.get("unless"):
        lines.append(f"  除外：{'、'.join(row['unless'])}")
    lines += [f"  依据：《{law}》{'、'.join(arts)}" for law, arts in by_law.items()]
    return "\n".join(lines)


@kb_app.command("add")
def kb_add(file: Path = typer.Argument(..., help="法规 Markdown 文件 / statute Markdown file"),
           scope: Optional[str] = typer.Option(None, help="beijing_local | national（默认按标题）/ default: from the title"),
           yes: bool = typer.Option(False, "--yes", "-y", help="替换后条文不到原来一半时也不再询问 / replace even "
                                                                "with fewer than half the articles, without asking"),
           as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """添加或替换一部法规（主管）/ add or replace a statute (supervisor)."""
    from kb_index.cli import KbError, KbShrinks, add_statute

    settings = _settings()
    try:
        out = add_statute(settings, file, scope=scope, shrink_ok=yes)
    except KbShrinks as e:
        # a statute replaced by far fewer articles (a draft file): asked, as a removal is (tester55 S9)
        if not sys.stdin.isatty():
            _fail(str(e))
        typer.echo(f"将用 {e.articles} 条替换《{e.law}》现有的 {e.replaced} 条，其余条文将不再被检索和引用。", err=True)
        if not typer.confirm("确定替换吗？/ replace it?", default=False, err=True):
            typer.echo("已取消，未替换 / cancelled, nothing replaced", err=True)
            raise typer.Exit(1)
        out = add_statute(settings, file, scope=scope, shrink_ok=True)
    except KbError as e:
        _fail(str(e))
    pending = _not_yet_in_force(settings, out)
    if pending:
        typer.echo(f"⚠ {pending}", err=True)
        out["warning"] = f"{pending}；{out['warning']}" if out.get("warning") else pending
    if as_json:
        typer.echo(_dump(out))
        return
    scope_zh = {"beijing_local": "北京地方性法规", "national": "全国性法律法规"}.get(out["scope"], out["scope"])
    typer.echo(f"已添加《{out['law']}》（{scope_zh}），{out['articles']} 条"
               + (f"，替换了同名法规的 {out['replaced']} 条" if out.get("replaced") else "")
               + f"；知识库现有 {out['statutes']} 部法规，{out['total_articles']} 条。")
    if out.get("warning") and not pending:
        typer.echo(f"⚠ {out['warning']}", err=True)
    typer.echo("运行中的 API 在下一次分拣时自动载入。")


def _not_yet_in_force(settings, out: dict) -> str | None:
    """The warning for a statute just added whose 施行 date is after today (stored, but left out
    of search and citations until then: kb_index.regulations), with ``out`` given its
    ``effective_from`` and ``in_force``; None for a statute in force."""
    from kb_index.added import added_dir, read_manifest
    from kb_index.regulations import parse_statute, today

    store = added_dir(settings.home)
    entry = read_manifest(store)["added"].get(out["law"])
    if entry is None:   # pragma: no cover - add_statute has just written it
        return None
    arts = parse_statute(store / entry["file"], scope=entry["scope"])
    effective = arts[0].effective_from if arts else ""
    day = today()
    out["effective_from"], out["in_force"] = effective or None, effective <= day
    if effective <= day:
        return None
    msg = (f"该法规尚未施行（{effective} 起施行，今天 {day}）：已收入知识库，但施行日前不参与检索和引用 / "
           f"not yet in force (takes effect {effective}, today is {day}): stored, but left out of "
           f"search and citations until that date")
    if out.get("kept_until_effective"):
        msg += (f"；同名法规现行版本的 {out['kept_until_effective']} 条在施行日前继续检索和引用，施行日起由新版本取代 / "
                f"the {out['kept_until_effective']} articles of the version in force are still searched and "
                f"cited until then; the new version takes over on that day")
    elif out.get("replaced"):
        msg += (f"；它替换了同名法规的 {out['replaced']} 条，施行日前这部法规检索不到 / it replaced the "
                f"{out['replaced']} articles of the statute of the same title: until then that statute "
                f"is not found at all")
    return msg


@kb_app.command("remove")
def kb_remove(law: str = typer.Argument(..., help="法规名称 / statute title"),
              yes: bool = typer.Option(False, "--yes", "-y", help="不再询问，直接删除（脚本中必须）/ do not ask"),
              as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """删除一部法规（主管；先确认，可用 jiesu kb restore 恢复）/ remove a statute (supervisor)."""
    from kb_index.cli import KbError, describe_statute, remove_statute

    s = _settings()
    try:
        plan = describe_statute(s, law)
    except KbError as e:
        _fail(str(e))
    if not yes:
        if not sys.stdin.isatty():
            _fail(f"删除法规《{plan['law']}》需要确认：非交互运行时请加 --yes / removing a statute needs "
                  f"confirmation: add --yes when not running interactively")
        src = "数据目录的法规" if plan["source"] == "data" else "主管添加的法规"
        typer.echo(f"将删除《{plan['law']}》（{src}，{plan['articles']} 条），检索和引用都不再用到它。", err=True)
        if plan["topics"]:
            typer.echo(f"以下 {len(plan['topics'])} 个知识库条目列有它的条文，删除后这些依据将被跳过："
                       f"{'、'.join(plan['topics'])}", err=True)
        if not typer.confirm("确定删除吗？/ remove it?", default=False, err=True):
            typer.echo("已取消，未删除 / cancelled, nothing removed", err=True)
            raise typer.Exit(1)
    try:
        out = remove_statute(s, law)
    except KbError as e:
        _fail(str(e))
    if as_json:
        typer.echo(_dump(out))
        return
    src = "数据目录的法规" if out["source"] == "data" else "主管添加的法规"
    typer.echo(f"已删除《{out['law']}》（{src}，{out['articles']} 条）；知识库现有 {out['statutes']} 部法规，"
               f"{out['total_articles']} 条。")
    if out.get("warning"):
        typer.echo(f"⚠ {out['warning']}")
    if out["topics"]:
        typer.echo(f"⚠ 以下 {len(out['topics'])} 个知识库条目（training_data/statute_topics.yml）列有它的条文，"
                   f"检索时这些依据将被跳过：{'、'.join(out['topics'])}（jiesu kb topics --check 可逐条查看）")
    if out.get("restore"):
        typer.echo(f"如需恢复：{out['restore']}")
    typer.echo("运行中的 API 在下一次分拣时自动载入。")


@kb_app.command("restore")
def kb_restore(law: str = typer.Argument(..., help="法规名称 / statute title"),
               as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """恢复用 jiesu kb remove 删除的数据目录法规 / bring back a data statute that was removed."""
    from kb_index.cli import KbError, restore_statute

    try:
        out = restore_statute(_settings(), law)
    except KbError as e:
        _fail(str(e))
    if as_json:
        typer.echo(_dump(out))
        return
    typer.echo(f"已恢复《{out['law']}》（数据目录的法规，{out['articles']} 条）；知识库现有 {out['statutes']} 部法规，"
               f"{out['total_articles']} 条。运行中的 API 在下一次分拣时自动载入。")


@kb_app.command("list")
def kb_list(as_json: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """列出法规及条文数 / list statutes with article counts."""
    from kb_index.added import added_dir, read_manifest
    from kb_index.cli import KbError, list_statutes

    s = _settings()
    try:
        rows = list_statutes(s)
    except KbError as e:
        _fail(str(e))
    if as_json:
        for row in rows:
            typer.echo(_dump(row))
    else:
        scope_zh = {"beijing_local": "北京", "national": "全国"}
        table = []
        for r in rows:
            if r.get("effective_until"):
                state = f"施行中，{r['effective_until']} 起由新版本取代"
            elif not r.get("in_force", True):
                state = f"尚未施行（{r.get('effective_from') or '—'} 起）"
            else:
                state = "施行中"
            table.append([str(r["articles"]), scope_zh.get(r["scope"], r["scope"]), r.get("version_date") or "—",
                          "主管添加" if r["source"] == "added" else "数据目录", state, r["law"]])
        typer.echo(_table(["条数", "范围", "版本日期", "来源", "状态", "法规"], table, right=(0,)))
        removed = read_manifest(added_dir(s.home))["removed"]
        if removed:
            typer.echo(f"\n已删除的法规 {len(removed)} 部：{'、'.join(removed)}（数据目录的可用 jiesu kb restore 名称 恢复）")
    pending = [r for r in rows if not r.get("in_force", True)]
    note = (f"（其中 {len(pending)} 部尚未施行，{sum(r['articles'] for r in pending)} 条不参与检索 / "
            f"{len(pending)} not yet in force, not searched）") if pending else ""
    typer.echo(f"共 {len(rows)} 部法规，{sum(r['articles'] for r in rows)} 条 / "
               f"{len(rows)} statutes, {sum(r['articles'] for r in rows)} articles{note}", err=True)


@app.command()
def backup(dest: Path = typer.Argument(..., help="备份文件 / the backup file to write")) -> None:
    """备份案件数据库（SQLite 在线备份，服务运行时也可）/ back up the case database (SQLite, online)."""
    from triage.db import backup_sqlite

    if dest.exists() and dest.is_dir():
        _fail(f"{dest} 是目录，请给出文件名 / is a directory: give a file name")
    try:
        n = backup_sqlite(_settings().db_url, dest)
    except (ValueError, OSError) as e:
        _fail(str(e))
    typer.echo(f"已备份到 {dest}（{n} 件案件）；恢复：停止服务后用它替换 JIESU_HOME 下的 jiesu.db，并删除旁边的 "
               f"jiesu.db-wal、jiesu.db-shm / backed up ({n} cases); to restore, stop the services and replace jiesu.db "
               f"with it, removing jiesu.db-wal and jiesu.db-shm")


@app.command("hot-issues")
def hot_issues(input: Optional[Path] = typer.Option(None, "--input", "-i",
                                                    help="JSONL: {id, title?, text, time?, likes?, dislikes?}；缺省读案件库 / default: the case database"),
               top: int = typer.Option(5, min=1, max=100, help="前 N 组 / top N groups"),
               days: Optional[float] = typer.Option(None, min=0.01, max=3660, help="最近 N 天（文件：自最新一条起算；案件库缺省 30）/ last N days"),
               as_json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON")) -> None:
    """热点问题：同一地点同一问题的诉求分组并按热度排序 / hot issues: group and rank by heat."""
    from triage import hot_issues as hi

    s = _settings()
    db = _sqlite_file(s)
    if input is None and db is not None and not db.exists():
        # (it prepared the encoder, then said 没有找到热点问题: tester58 D16)
        _fail(f"案件库不存在 / no case database: {db}" + (f"\n{_empty_home_said(s)}" if _home_is_empty(s) else "")
              + "\n（用 --input 文件 分析一个文件 / --input FILE for a file）")
    try:
        if input is not None:
            groups = hi.top_from_file(input, s, top=top, days=days,
                                      progress=lambda m: typer.echo(f"[hot-issues] {m}", err=True))
        else:
            groups, _ = hi.top_from_db(s, top=top, days=30 if days is None else days)
    except hi.HotIssueInputError as e:
        _fail(str(e))
    typer.echo(json.dumps(groups, ensure_ascii=False, indent=2) if as_json else hi.format_table(groups))


_BOUNDS = ((re.compile(r"greater than or equal to (-?[\d.]+)"), "不能小于 {}"),
           (re.compile(r"greater than (-?[\d.]+)"), "须大于 {}"),
           (re.compile(r"less than or equal to (-?[\d.]+)"), "不能大于 {}"),
           (re.compile(r"less than (-?[\d.]+)"), "须小于 {}"),
           (re.compile(r"(?:is not|should be) a valid (?:integer|int)"), "须为整数"),
           (re.compile(r"(?:is not|should be) a valid (?:float|number)"), "须为数字"),
           (re.compile(r"is not one of|is not a valid choice"), "不是可选的值"),
           (re.compile(r"does not exist"), "文件或目录不存在"))


def _usage_zh(e: Exception, cx: Any) -> str:
    """The usage error's detail in Chinese (click says it in English only: a tester read
    "Invalid value for '--k': Input should be greater than or equal to 1"); "" when unknown."""
    msg = e.format_message() if hasattr(e, "format_message") else str(e)
    hint = ""
    if isinstance(e, (cx.BadParameter, cx.MissingParameter)):
        m = re.search(r"for ('[^']+'|\S+)", msg)
        hint = m.group(1).strip("'") if m else ""
    if isinstance(e, cx.NoSuchOption):
        return f"没有这个选项 {e.option_name}"
    if isinstance(e, cx.MissingParameter):
        m = re.search(r"Missing (argument|option) '?([^'.]+)'?", msg)
        if m:
            return f"缺少{'参数' if m.group(1) == 'argument' else '选项'} {m.group(2)}"
        return "缺少必填的参数"
    if isinstance(e, cx.BadParameter):
        why = next((zh.format(*m.groups()) for rx, zh in _BOUNDS if (m := rx.search(msg))), "")
        return f"{hint or '参数'} 的值无效" + (f"：{why}" if why else "")
    if "No such command" in msg:
        m = re.search(r"No such command '([^']+)'", msg)
        return f"没有这个命令{' ' + m.group(1) if m else ''}"
    m = re.search(r"Option '([^']+)' requires an argument", msg)
    if m:
        return f"选项 {m.group(1)} 后面要写一个值"
    if "unexpected extra argument" in msg:
        return "多余的参数"
    return ""


def main() -> None:
    """The ``jiesu`` entry point: ``app``, with command-line usage errors (a missing argument, an
    unknown option or command, a bad value) said in Chinese and English, exit code 2."""
    try:  # typer ≥ 0.2x carries its own copy of click
        from typer._click import exceptions as cx
    except ImportError:  # pragma: no cover
        from click import exceptions as cx

    try:
        rc = app(standalone_mode=False)
    except cx.NoArgsIsHelpError as e:  # `jiesu`, `jiesu models`: the help, once
        # typer's rich help prints itself when the error is made (its message is then empty);
        # a plain-text help is the message
        if e.format_message().strip():
            typer.echo(e.format_message())
        sys.exit(2)
    except cx.UsageError as e:
        if e.ctx is not None:
            typer.echo(e.ctx.get_usage(), err=True)
        zh = _usage_zh(e, cx)
        typer.echo(f"用法错误{'：' + zh if zh else ''}（运行 `jiesu --help` 或 `jiesu 命令 --help` 查看用法）/ "
                   f"usage error: {e.format_message()}", err=True)
        sys.exit(2)
    except typer.Exit as e:  # _fail's 2, or 0
        sys.exit(e.exit_code)
    except typer.Abort:  # Ctrl-C at a prompt
        typer.echo("已中止 / aborted", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:  # a bug: one line for the user, the traceback on request
        if os.environ.get("JIESU_DEBUG"):
            raise
        typer.echo(f"内部错误（设置 JIESU_DEBUG=1 可查看详细信息）/ internal error: {type(e).__name__}: {e}", err=True)
        sys.exit(1)
    sys.exit(rc if isinstance(rc, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
