"""Supervisor tools for the regulation knowledge base: ``jiesu kb add | remove | restore | list``.

Importable functions (``triage/cli.py`` wraps them); each raises ``KbError`` with a bilingual
message on bad input. ``add`` and ``remove`` record the change in ``<home>/kb_added`` (see
``kb_index.added``) and rewrite the regulation index at once, atomically: BM25 is rebuilt over
all articles (about half a minute for the full collection), the stored article vectors are
reused and only the new statute's articles are embedded (``passage: ``). A running API loads
the new index at its next triage (``TriagePipeline.follow_changes``).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from classifier.data import decode_user_text
from kb_index.added import (
    added_dir,
    file_name_for,
    guess_scope,
    is_current,
    locked,
    overrides_fingerprint,
    parse_added,
    read_manifest,
    regulation_build_fingerprint,
    supersede,
    write_atomic,
    write_manifest,
)
from kb_index.regulations import (Article, IndexFormatError, RegulationIndex, _law_short, cn_to_int, load_statutes,
                                  today)

log = logging.getLogger("kb_index.cli")

SCOPES = ("beijing_local", "national")
MAX_FILE_BYTES = 5_000_000


class KbError(ValueError):
    """Bad input for a knowledge-base command (the CLI exits 2 with this message)."""


class KbShrinks(KbError):
    """A file that would replace a statute with fewer than half its articles, not confirmed (tester55 S9:
    《北京市养犬管理规定》 went from 35 articles to a draft's 1, unasked): ``law``, ``articles``, ``replaced``."""

    def __init__(self, law: str, articles: int, replaced: int) -> None:
        super().__init__(f"《{law}》现有 {replaced} 条，这个文件只有 {articles} 条：替换会让其余条文不再被检索和引用。"
                         f"确认要替换请加 --yes / the file has {articles} articles where the statute has {replaced}: "
                         f"add --yes to replace it")
        self.law, self.articles, self.replaced = law, articles, replaced


def _index_dir(settings) -> Path:
    return Path(settings.indexes_dir) / "regulations"


def _load(settings) -> RegulationIndex:
    d = _index_dir(settings)
    try:
        return RegulationIndex.load(d)
    except (IndexFormatError, FileNotFoundError, ValueError) as e:
        raise KbError(f"法规索引不可用 / regulation index not available ({e}); "
                      f"请先运行 `jiesu setup` / run `jiesu setup` first") from e


def list_statutes(settings) -> list[dict[str, Any]]:
    """The statutes in the regulation index with their article counts, in index order."""
    from kb_index.regulations import today

    idx = _load(settings)
    added = read_manifest(added_dir(settings.home))["added"]
    day = today()
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for a in idx.articles:
        # two versions of one title (a new one waiting for its 施行 date) are two rows
        key = (a.law, a.effective_from, a.effective_until)
        row = out.get(key)
        if row is None:
            row = out[key] = {"law": a.law, "scope": a.scope, "articles": 0,
                              "version_date": a.version_date,
                              "source": "added" if a.law in added and not a.effective_until else "data",
                              # one not yet in force is listed as such (a tester saw no mark)
                              "in_force": is_current(a, day),
                              "effective_from": a.effective_from or None}
            if a.effective_until:
                row["effective_until"] = a.effective_until
        row["articles"] += 1
    return list(out.values())


def _rebuild(idx: RegulationIndex, keep: list[int], new: list[Article],
             new_vectors: np.ndarray | None) -> RegulationIndex:
    """A new index over ``idx.articles[keep] + new`` with the same config; stored vectors are
    reused for the kept articles."""
    articles = [idx.articles[i] for i in keep] + list(new)
    if not articles:
        raise KbError("不能删除最后一部法规 / the index cannot be left without statutes")
    vectors = None
    if idx.dense is not None:
        parts = [idx.dense[keep]] + ([new_vectors] if new else [])
        vectors = np.vstack(parts).astype(np.float32)
    enc = (idx.meta.get("encoder") or {}).get("name")
    out = RegulationIndex(idx.config, synonyms=idx.synonyms).build(
        articles, vectors=vectors, encoder_name=enc)
    base = _build_base(idx)
    if base is not None:
        out.meta["build_base"] = base
    if "limit_laws" in idx.meta:
        out.meta["limit_laws"] = idx.meta["limit_laws"]
    return out


def _article_vectors(settings, idx: RegulationIndex, articles: list[Article]) -> np.ndarray | None:
    """The new articles' passage vectors for an index that has dense vectors (None without), with
    the encoder the index was embedded with (else KbError: the vectors would not compare)."""
    if idx.dense is None:
        return None
    enc = settings.load_encoder()
    want = (idx.meta.get("encoder") or {}).get("name")
    if want and enc.name != want:
        raise KbError(f"编码器不符 / the index was embedded with {want}, settings give "
                      f"{enc.name}: 请运行 `jiesu setup --force` / rebuild it")
    return np.asarray(enc.encode([RegulationIndex.passage(a) for a in articles], prefix="passage: "),
                      dtype=np.float32)


def _save_with_manifest(settings, idx: RegulationIndex, store: Path, manifest: dict[str, Any],
                        before: dict[str, Any]) -> None:
    """Write ``manifest`` and save ``idx``; if either fails, the manifest as it was (``before``)."""
    try:
        write_manifest(store, manifest)
        _save(settings, idx, store)
    except BaseException:
        write_manifest(store, before)
        raise


def _build_base(idx: RegulationIndex) -> str | None:
    base = idx.meta.get("build_base")
    if base is None and idx.meta.get("build_fingerprint"):
        base = str(idx.meta["build_fingerprint"]).split("|kb:", 1)[0]
    return base


def _save(settings, idx: RegulationIndex, store: Path) -> None:
    """Save ``idx`` with the fingerprint ``jiesu setup`` will compute for the current store, so
    that setup skips the rebuild (or, after a data change, rebuilds with the store applied)."""
    base = _build_base(idx)
    if base is not None:
        idx.meta["build_fingerprint"] = regulation_build_fingerprint(
            base, overrides_fingerprint(store))
    idx.save(_index_dir(settings))


def _match_law(idx: RegulationIndex, law: str) -> str | None:
    titles = dict.fromkeys(a.law for a in idx.articles)
    if law in titles:
        return law
    short = [t for t in titles if _law_short(t) == _law_short(law)]
    return short[0] if len(short) == 1 else None


def add_statute(settings, path: str | Path, *, scope: str | None = None, shrink_ok: bool = False) -> dict[str, Any]:
    """Parse a statute Markdown file, replace any statute with the same title, embed its
    articles when the index is dense, save the index atomically and keep the file in the store.

    The file may be UTF-8, UTF-16 with a BOM or GB18030 (GBK); the store keeps it as UTF-8.
    Returns ``{"law","scope","articles","replaced","total_articles","statutes","dense","encoding"}``."""
    path = Path(path)
    if path.is_dir():
        raise KbError(f"路径是目录，请给出文件 / a directory, not a file: {path}")
    if not path.is_file():
        raise KbError(f"文件不存在 / file not found: {path}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise KbError(f"文件过大（>{MAX_FILE_BYTES // 1_000_000} MB）/ file too large: {path}")
    if scope is not None and scope not in SCOPES:
        raise KbError(f"未知范围 / unknown scope {scope!r}: {' | '.join(SCOPES)}")
    data = path.read_bytes()
    if not data.strip():
        raise KbError(f"文件是空的 / the file is empty: {path}")
    decoded = decode_user_text(data)
    if decoded is None or "\x00" in decoded[0]:
        raise KbError(f"文件不是 UTF-8、UTF-16（带 BOM）或 GBK 文本 / not UTF-8, UTF-16 (BOM) or GBK text: {path}")
    text, encoding = decoded
    # the store keeps UTF-8 whatever the file was saved as; the parser reads that copy
    raw = text.encode("utf-8")
    if encoding == "utf-8":
        return _add_statute(settings, path, path, raw, scope, encoding, shrink_ok)
    with tempfile.TemporaryDirectory(prefix="jiesu-kb-") as tmp:
        utf8 = Path(tmp) / path.name
        utf8.write_bytes(raw)
        return _add_statute(settings, path, utf8, raw, scope, encoding, shrink_ok)


def _add_statute(settings, path: Path, parse_path: Path, raw: bytes, scope: str | None,
                 encoding: str, shrink_ok: bool = False) -> dict[str, Any]:
    store = added_dir(settings.home)
    with locked(store):
        idx = _load(settings)
        try:
            probe = parse_added(parse_path, scope=scope or "national", rel_name=path.name)
        except ValueError as e:
            raise KbError(f"无法解析法规文件 / cannot parse statute file ({e}); 需要 '# 名称' "
                          f"标题行 / a '# title' first line is required") from e
        if not probe:
            raise KbError(f"未解析出任何条文 / no articles parsed from {path}: 条文须以"
                          f"“第X条 ”开头（标题、<!-- INFO END -->、## 第一章 …）/ articles must "
                          f"start a line with 第X条 and a space")
        title = probe[0].law
        if not title:
            raise KbError(f"法规标题为空 / empty statute title in {path}")
        scope = scope or guess_scope(title)
        name = file_name_for(title)
        articles = parse_added(parse_path, scope=scope, rel_name=name)
        if len({a.id for a in articles}) != len(articles):   # pragma: no cover - parser dedups
            raise KbError(f"条文编号重复 / duplicate article ids in {path}")

        vectors = _article_vectors(settings, idx, articles)
        keep = [i for i, a in enumerate(idx.articles) if a.law != title]
        replaced = len(idx.articles) - len(keep)
        # a version that starts later leaves the one in force cited until then (``supersede``)
        day = today()
        olds = [i for i, a in enumerate(idx.articles) if a.law == title]
        merged = supersede([idx.articles[i] for i in olds], articles, day)
        carried = [i for i in olds if is_current(idx.articles[i], day)] if len(merged) > len(articles) else []
        gone = replaced - len(carried)   # (a version not yet in force replaces nothing today)
        if gone and len(articles) * 2 < gone and not shrink_ok:
            raise KbShrinks(title, len(articles), gone)   # nothing written yet
        if carried and vectors is not None:
            vectors = np.vstack([idx.dense[carried], vectors]).astype(np.float32)
        new = _rebuild(idx, keep, merged, vectors)

        manifest = read_manifest(store)
        before = copy.deepcopy(manifest)
        old_entry = manifest["added"].get(title)
        manifest["added"][title] = {
            "file": name, "scope": scope, "sha256": hashlib.sha256(raw).hexdigest(),
            "source": path.name, "articles": len(articles),
            "added_at": datetime.now(UTC).isoformat(timespec="seconds")}
        manifest["removed"] = [t for t in manifest["removed"] if t != title]
        target = store / name
        backup = None
        if target.exists():
            backup = target.with_name(f".{name}.bak")
            shutil.copy2(target, backup)
        try:
            write_atomic(target, raw)
            write_manifest(store, manifest)
            _save(settings, new, store)
        except BaseException:
            # put the store back as it was: the index on disk is unchanged
            if backup is not None:
                backup.replace(target)
            elif not old_entry:
                target.unlink(missing_ok=True)
            write_manifest(store, before)
            raise
        if backup is not None:
            backup.unlink(missing_ok=True)
        if old_entry and old_entry.get("file") != name:
            (store / old_entry["file"]).unlink(missing_ok=True)
    log.info("kb_index.cli.add articles=%d replaced=%d", len(articles), replaced)
    out = {"law": title, "scope": scope, "articles": len(articles), "replaced": replaced - len(carried),
           "kept_until_effective": len(carried),
           "total_articles": len(new.articles), "statutes": len(dict.fromkeys(
               a.law for a in new.articles)), "dense": new.dense is not None,
           "encoding": encoding, "note": "运行中的 API 在下一次分拣时自动载入 / a running API loads it at its next triage"}
    seen: dict[str, int] = {}
    for a in articles:
        seen[a.article] = seen.get(a.article, 0) + 1
    twice = [k for k, n in seen.items() if n > 1]
    warnings = []
    if twice:  # kept (as 第一条, 第一条~2 …), but most likely a slip in the file
        warnings.append(f"条文编号重复：{'、'.join(twice[:10])}（均已收入，请核对文件）/ "
                        f"article numbers given more than once: {', '.join(twice[:10])} (all kept; check the file)")
    missing = _numbers_missing(seen)
    if missing:  # 第一条, 第三条: 第二条 never came (tester55 S15: added without a word)
        warnings.append(f"条文编号不连续，缺少：{'、'.join(missing[:10])}（请核对文件）/ "
                        f"article numbers skipped: {', '.join(missing[:10])} (check the file)")
    if warnings:
        out["warning"] = "；".join(warnings)
    return out


def _numbers_missing(articles: dict[str, int]) -> list[str]:
    """The article numbers skipped between the first and the last given (第二条 between 第一条 and 第三条);
    none for numbers that are no plain 第X条 (第十条之一)."""
    numbers = set()
    for name in articles:
        m = re.fullmatch(r"第([零〇一二两三四五六七八九十百千0-9]+)条", name)
        if m:
            try:
                numbers.add(cn_to_int(m.group(1).replace("〇", "零").replace("两", "二")))
            except ValueError:
                continue
    if len(numbers) < 2:
        return []
    gone = [n for n in range(min(numbers), max(numbers) + 1) if n not in numbers]
    return [f"第{_int_to_cn(n)}条" for n in gone] if len(gone) <= 50 else []


def _int_to_cn(n: int) -> str:
    """A statute's article number in Chinese (2 → 二, 15 → 十五, 105 → 一百零五)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    head = digits[n // 100] + "百"
    if not rest:
        return head
    return head + ("零" + digits[rest] if rest < 10 else (("一" if rest < 20 else "") + _int_to_cn(rest)))


def topics_citing(settings, title: str) -> list[str]:
    """Names of the knowledge base's topic entries (``training_data/statute_topics.yml``) that
    list articles of statute ``title``: what loses its legal basis when the statute is removed.
    None when the topic file is missing or unreadable (``jiesu kb topics`` says why)."""
    from kb_index.topics import TOPICS_NAME, load_topics

    try:
        topics = load_topics(Path(settings.training_data) / TOPICS_NAME)
    except Exception as e:  # noqa: BLE001 - a malformed topic file must not block a removal
        log.warning("kb_index.cli.topics_unreadable %s", e)
        return []
    short = _law_short(title)
    return [t.name for t in topics if any(law == title or _law_short(law) == short for law, _ in t.basis)]


def describe_statute(settings, law: str) -> dict[str, Any]:
    """What ``remove_statute`` would remove, without removing it (the confirmation shows it):
    ``{"law","articles","source","topics"}``; ``KbError`` for an empty or unknown name."""
    if not law or not law.strip():
        raise KbError("法规名称为空 / empty statute name")
    idx = _load(settings)
    title = _match_law(idx, law.strip())
    if title is None:
        raise KbError(f"索引中没有这部法规 / unknown statute {law!r}; "
                      f"用 `jiesu kb list` 查看 / see `jiesu kb list`")
    entry = read_manifest(added_dir(settings.home))["added"].get(title)
    return {"law": title, "articles": sum(a.law == title for a in idx.articles),
            "source": "added" if entry else "data", "topics": topics_citing(settings, title)}


REMOVED_DIR = "removed"  # under the added store: the files of added statutes since removed


def remove_statute(settings, law: str) -> dict[str, Any]:
    """Drop a statute (exact title, or title without 中华人民共和国) from the index and keep it
    out of later rebuilds. Returns ``{"law","articles","source","total_articles","statutes",
    "topics","restore"}``: the topic entries that list its articles, and the command that brings
    it back (``jiesu kb restore`` for a statute of the data directory, ``jiesu kb add`` of the
    stored copy, moved to ``kb_added/removed/``, for one that was only added)."""
    if not law or not law.strip():
        raise KbError("法规名称为空 / empty statute name")
    store = added_dir(settings.home)
    with locked(store):
        idx = _load(settings)
        title = _match_law(idx, law.strip())
        if title is None:
            raise KbError(f"索引中没有这部法规 / unknown statute {law!r}; "
                          f"用 `jiesu kb list` 查看 / see `jiesu kb list`")
        keep = [i for i, a in enumerate(idx.articles) if a.law != title]
        removed = len(idx.articles) - len(keep)
        new = _rebuild(idx, keep, [], None)
        manifest = read_manifest(store)
        before = copy.deepcopy(manifest)
        entry = manifest["added"].pop(title, None)
        source = "added" if entry else "data"
        # kept out of the data statutes too: a rebuild must not bring back an older version
        manifest["removed"] = sorted(set(manifest["removed"]) | {title})
        _save_with_manifest(settings, new, store, manifest, before)
        kept = None
        if entry is not None and (store / entry["file"]).exists():
            # kept aside, never deleted: the restore hint names this copy, valid from any directory
            # (a tester's hint named the bare file they had added from elsewhere, and the copy was gone)
            kept = store / REMOVED_DIR / entry["file"]
            kept.parent.mkdir(exist_ok=True)
            os.replace(store / entry["file"], kept)
    log.info("kb_index.cli.remove articles=%d source=%s", removed, source)
    out = {"law": title, "articles": removed, "source": source,
           "total_articles": len(new.articles), "statutes": len(dict.fromkeys(a.law for a in new.articles)),
           "topics": topics_citing(settings, title),
           "note": "运行中的 API 在下一次分拣时自动载入 / a running API loads it at its next triage"}
    data_file = _data_file_of(settings, title, idx.meta.get("limit_laws"))
    if data_file is not None:
        out["restore"] = f"jiesu kb restore {_shell_word(title)}"
        out["data_file"] = str(data_file)
    elif entry is not None:
        out["restore"] = f"jiesu kb add {_shell_word(str(kept) if kept else entry.get('source') or entry['file'])}"
    if data_file is not None and entry is not None:
        # the added version had replaced the data directory's: both are out now; say how to get it back
        out["warning"] = (f"数据目录中的同名法规也已移出索引；如需恢复数据目录的版本，请运行 {out['restore']} / "
                          f"the data directory's version is out of the index as well; to bring it back: "
                          f"{out['restore']}")
    return out


def _shell_word(s: str) -> str:
    """``s`` as one word of a shell command, quoted only when it needs it (a Chinese title
    does not: shlex would quote every one)."""
    import shlex

    return s if re.fullmatch(r"""[^\s'"\\$`!*?;&|<>()\[\]{}#~=%]+""", s) else shlex.quote(s)


def _match_title(titles: list[str], law: str) -> str | None:
    if law in titles:
        return law
    short = [t for t in titles if _law_short(t) == _law_short(law)]
    return short[0] if len(short) == 1 else None


def restore_statute(settings, law: str) -> dict[str, Any]:
    """Bring back a statute of the data directory that ``jiesu kb remove`` took out: its title
    leaves the store's ``removed`` list and its articles (the data directory's latest version in
    force, embedded when the index is dense) go back into the index, as a data statute — not as
    an added one (``jiesu kb add`` of its file would make it one). Returns
    ``{"law","articles","source","total_articles","statutes"}``."""
    if not law or not law.strip():
        raise KbError("法规名称为空 / empty statute name")
    store = added_dir(settings.home)
    with locked(store):
        idx = _load(settings)
        manifest = read_manifest(store)
        title = _match_title(manifest["removed"], law.strip())
        if title is None:
            if _match_law(idx, law.strip()) is not None:
                raise KbError(f"这部法规在知识库中，无需恢复 / {law!r} is in the index: nothing to restore")
            removed = "、".join(manifest["removed"]) or "无 / none"
            raise KbError(f"没有删除过这部法规 / {law!r} was not removed; 已删除的法规 / removed: {removed}")
        try:
            articles = [a for a in load_statutes(settings.data_dir) if a.law == title]
        except (OSError, ValueError) as e:
            raise KbError(f"无法读取数据目录的法规 / cannot read the data directory's statutes: {e}") from e
        limit = idx.meta.get("limit_laws")
        if articles and limit is not None:
            # an index built from the first N titles (jiesu setup --laws-limit) never held the others
            data_titles = sorted({a.law for a in load_statutes(settings.data_dir)})[:int(limit)]
            if title not in data_titles:
                articles = []
        if not articles:
            # an added statute removed: its copy kept aside names the command (tester55 S19: 文件.md only)
            kept = store / REMOVED_DIR / file_name_for(title)
            command = f"jiesu kb add {_shell_word(str(kept))}" if kept.is_file() else "jiesu kb add 文件.md"
            raise KbError(f"数据目录中没有这部法规（或不在本索引的范围内），无法恢复；如是添加的法规，请用原文件重新添加："
                          f"{command} / the data directory holds no version in force of {title}: "
                          f"add its file again with {command if kept.is_file() else 'jiesu kb add FILE.md'}")
        vectors = _article_vectors(settings, idx, articles)
        keep = [i for i, a in enumerate(idx.articles) if a.law != title]
        before = copy.deepcopy(manifest)
        manifest["removed"] = [t for t in manifest["removed"] if t != title]
        new = _rebuild(idx, keep, articles, vectors)
        _save_with_manifest(settings, new, store, manifest, before)
    log.info("kb_index.cli.restore articles=%d", len(articles))
    return {"law": title, "articles": len(articles), "source": "data", "total_articles": len(new.articles),
            "statutes": len(dict.fromkeys(a.law for a in new.articles)),
            "note": "运行中的 API 在下一次分拣时自动载入 / a running API loads it at its next triage"}


def _data_file_of(settings, title: str, limit_laws: int | None = None) -> Path | None:
    """The data directory's latest in-force file of statute ``title``, if it has one (and, for an
    index built from the first ``limit_laws`` titles only, if it is one of them)."""
    from kb_index.regulations import select_statutes

    try:
        current = [st for st in select_statutes(settings.data_dir) if st.in_force]
    except (OSError, ValueError):
        return None
    if limit_laws is not None and title not in sorted({st.title for st in current})[:int(limit_laws)]:
        return None
    return next((Path(settings.data_dir) / st.path for st in current if st.title == title), None)
