"""``jiesu backup``: a consistent copy of the SQLite case database while it is in use (WAL mode: a plain copy
of jiesu.db lost what its -wal file held, tester58 D1), the database and its copy readable by the owner only."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys


def test_backup_copies_what_the_wal_holds_and_keeps_files_private(test_env, tmp_path):
    from triage.auth import add_user
    from triage.db import get_engine, init_db, session_scope
    from triage.settings import Settings

    db = tmp_path / "home" / "jiesu.db"
    db.parent.mkdir()
    env = {**test_env, "JIESU_DATABASE_URL": f"sqlite:///{db}"}
    s = Settings(database_url=f"sqlite:///{db}", home=tmp_path / "home", data_dir=test_env["JIESU_DATA_DIR"])
    init_db(s)
    with session_scope(s) as session:
        add_user("backup-op", "operator", db_session=session)
    assert stat.S_IMODE(os.stat(db).st_mode) == 0o600   # it was 0644 (tester58 D7)
    # the engine stays open: the user may sit in jiesu.db-wal only, as with a running server
    assert get_engine(s.db_url) is not None
    plain = tmp_path / "plain-copy.db"
    plain.write_bytes(db.read_bytes())
    out = tmp_path / "bk" / "jiesu-backup.db"
    r = subprocess.run([sys.executable, "-m", "triage.cli", "backup", str(out)], env=env, capture_output=True,
                       text=True, timeout=120, check=False)
    assert r.returncode == 0, r.stderr
    assert "已备份" in r.stdout and "0 件案件" in r.stdout
    with sqlite3.connect(out) as c:
        assert c.execute("SELECT count(*) FROM users WHERE name = 'backup-op'").fetchone()[0] == 1
    assert not (tmp_path / "bk" / "jiesu-backup.db-wal").exists()
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    # bad targets: exit 2 with a message, nothing written
    for args, env2 in ((["backup", str(tmp_path)], env),
                       (["backup", str(tmp_path / "x.db")], {**env, "JIESU_DATABASE_URL": "postgresql://h/db"})):
        r = subprocess.run([sys.executable, "-m", "triage.cli", *args], env=env2, capture_output=True, text=True,
                           timeout=120, check=False)
        assert r.returncode == 2 and "错误 / error" in r.stderr and "Traceback" not in r.stderr, r.stderr
