"""``jiesu users``: API tokens per role. The token is printed once; only its hash is stored."""

from __future__ import annotations

import json

import typer

users_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None, help="API 用户与令牌 / API users and tokens")


def _fail(msg: str) -> None:
    typer.echo(f"错误 / error: {msg}", err=True)
    raise typer.Exit(code=2)


def _settings():
    from triage.cli import _settings as settings   # a bad setting named, exit 2

    return settings()


def _session(*, create: bool = False):
    """The case database's session. Only ``users add`` creates a database that is not there; the
    others say which file they looked for (a mistyped JIESU_HOME made a new, empty one: tester58 D16)."""
    from triage.cli import _sqlite_file
    from triage.db import init_db, session_scope

    s = _settings()
    db = _sqlite_file(s)
    if db is not None and not db.exists():
        if not create:
            _fail(f"数据库不存在 / no database: {db}（JIESU_HOME={s.home}：路径对吗？/ is the home right?）")
        typer.echo(f"新建数据库 / creating the database: {db}", err=True)
    init_db(s)
    return session_scope(s)


@users_app.command("add")
def users_add(name: str = typer.Argument(..., help="用户名 / user name"),
              role: str = typer.Option(..., "--role", "-r", help="operator | supervisor | bot")) -> None:
    """新建用户并打印令牌（只显示一次）/ add a user and print its token (shown once)."""
    from triage.auth import ROLES, UserError, add_user

    if role not in ROLES:
        _fail(f"未知角色 / unknown role {role!r}: {', '.join(ROLES)}")
    try:
        with _session(create=True) as db:
            token = add_user(name, role, db_session=db)
    except UserError as e:
        _fail(str(e))
    typer.echo(f"用户 / user {name.strip()} ({role}) 已创建 / created. "
               "令牌只显示这一次，请妥善保存 / the token is shown only now:", err=True)
    typer.echo(token)


ROLE_ZH = {"operator": "坐席", "supervisor": "主管", "bot": "机器人"}


@users_app.command("list")
def users_list(as_json: bool = typer.Option(False, "--json", help="输出 JSON（每行一个用户）/ print JSON")) -> None:
    """列出用户（不含令牌）/ list users (no tokens)."""
    from triage.auth import list_users

    with _session() as db:
        users = [u.model_dump(mode="json") for u in list_users(db_session=db)]
    if as_json:
        for u in users:
            typer.echo(json.dumps(u, ensure_ascii=False))
        return
    if not users:
        typer.echo("还没有用户（jiesu users add 名称 --role operator|supervisor|bot）/ no users yet")
        return
    from triage.cli import _beijing_time, _table

    # Beijing time, as `jiesu models list` and the pages show times (it read UTC here: tester58 D17)
    rows = [[u["name"], f"{ROLE_ZH.get(u['role'], u['role'])}（{u['role']}）", "有效" if u["active"] else "已停用",
             _beijing_time(u["created_at"])] for u in users]
    typer.echo(_table(["用户", "角色", "令牌", "创建时间（北京时间）"], rows))
    typer.echo(f"\n共 {len(users)} 个用户，{sum(u['active'] for u in users)} 个有效。令牌只在创建时显示一次。")


@users_app.command("deactivate")
def users_deactivate(name: str = typer.Argument(..., help="用户名 / user name")) -> None:
    """停用用户令牌（jiesu users token 名称 可重新发放）/ revoke a user's token."""
    from triage.auth import UserError, set_active

    try:
        with _session() as db:
            set_active(name, False, db_session=db)
    except UserError as e:
        _fail(str(e))
    typer.echo(f"已停用 {name} 的令牌；需要时用 jiesu users token {name} 重新发放 / {name}'s token revoked")


@users_app.command("token")
def users_token(name: str = typer.Argument(..., help="用户名 / user name")) -> None:
    """为用户重新发放令牌（旧令牌立即失效，已停用的用户恢复）/ issue a new token; the old one stops working."""
    from triage.auth import UserError, reissue_token

    try:
        with _session() as db:
            token = reissue_token(name, db_session=db)
    except UserError as e:
        _fail(str(e))
    typer.echo(f"用户 / user {name.strip()} 的新令牌，旧令牌已失效；只显示这一次 / new token, the old one no longer "
               "works; shown only now:", err=True)
    typer.echo(token)
