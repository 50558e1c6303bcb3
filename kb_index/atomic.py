"""Index directories replaced whole, and taken back after a crash.

An index is written into a temp directory beside its place, then swapped in with two renames:
the current one aside (``.NAME.old-PID-NS``), the new one into place. A process killed between the
two renames leaves no directory at the place but a complete previous one aside; one killed while
writing leaves a half-written temp directory. ``recover_dir`` (called by every index ``load``)
puts the previous one back and removes what dead writers left, so after a restart the previous
index serves and nothing half-written is ever loaded.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

log = logging.getLogger("kb_index")


def temp_dir(target: Path) -> Path:
    """A fresh directory beside ``target`` to write its next version into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.tmp-{os.getpid()}-"))


def swap_dir(new: Path, target: Path) -> None:
    """Replace ``target`` by the complete directory ``new``."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.time_ns()}")
        os.replace(target, old)
    os.replace(new, target)   # a crash before this line: recover_dir puts ``old`` back
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_dir(target: Path) -> None:
    """Undo what a writer killed mid-save left around ``target`` (see the module docstring)."""
    target = Path(target)
    parent = target.parent
    if not parent.is_dir():
        return
    pat = re.compile(rf"^\.{re.escape(target.name)}\.(old|tmp)-(\d+)-(\S+)$")
    olds: list[tuple[int, Path]] = []
    for p in parent.iterdir():
        m = pat.match(p.name)
        if m is None or _alive(int(m.group(2))):
            continue  # not ours, or its writer is still at work
        if m.group(1) == "old":
            ns = int(m.group(3)) if m.group(3).isdigit() else 0
            olds.append((ns, p))
        else:
            shutil.rmtree(p, ignore_errors=True)  # half-written: never loaded
            log.warning("kb_index.recover removed unfinished %s", p.name)
    olds.sort()
    try:
        if not target.exists() and olds:
            os.replace(olds[-1][1], target)   # killed between the two renames: the previous one
            log.warning("kb_index.recover restored %s from %s", target.name, olds[-1][1].name)
            olds.pop()
        for _, p in olds:
            shutil.rmtree(p, ignore_errors=True)
    except OSError as e:  # a read-only home: load what is there
        log.warning("kb_index.recover could not tidy %s: %s", target, e)
