"""normalize / unsegment: NFKC with Chinese punctuation kept, 繁→简, whitespace, jieba-segmented rows."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from nlu import normalize, unsegment
from nlu.normalize import is_segmented, to_simplified

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("JIESU_DATA_DIR", REPO.parent / "shared" / "data"))
LABELLED = DATA_DIR / "complaints" / "labelled.jsonl"
HAN_GAP = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


def _rows(form: str, n: int) -> list[dict]:
    if not LABELLED.exists():
        pytest.skip(f"data not found: {LABELLED} (set JIESU_DATA_DIR)")
    out = []
    with LABELLED.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["form"] == form:
                out.append(r)
                if len(out) == n:
                    break
    return out


@pytest.mark.parametrize("raw, expected", [
    # 繁→简 (OpenCC t2s), punctuation untouched
    ("樓下噪音擾民，請儘快處理", "楼下噪音扰民，请尽快处理"),
    ("鄰居養的狗每天半夜亂叫，嚴重影響休息！", "邻居养的狗每天半夜乱叫，严重影响休息！"),
    ("這個社區的停車場收費標準不合理？", "这个社区的停车场收费标准不合理？"),
    # full-width digits/letters -> ASCII; Chinese full-width punctuation kept
    ("２０１９年１１月２７日，电话：１３９１２３４５６７８！", "2019年11月27日，电话：13912345678！"),
    ("ＡＢＣ小区３号楼（东门）", "ABC小区3号楼（东门）"),
    # ASCII sentence punctuation typed after a Han character becomes Chinese punctuation
    ("我家楼下,太吵了!怎么办?", "我家楼下，太吵了！怎么办？"),
    # ideographic space, tabs and runs of spaces collapse; blank lines collapse
    ("标题\u3000\u3000内容\t\t结束", "标题 内容 结束"),
    ("第一行\r\n\r\n\n  第二行  ", "第一行\n第二行"),
    # control and zero-width characters are dropped
    ("噪\u200b音\x07扰\ufeff民", "噪音扰民"),
    # simplified text is not run through OpenCC's phrase table ("打坏" would become "打坯")
    ("冰雹打坏墙体", "冰雹打坏墙体"),
    # the ellipsis and circled numbers stay (NFKC would make "①" a digit and glue it to a phone)
    ("说……好吧①13912345678", "说……好吧①13912345678"),
    # English is left alone, including its spaces and punctuation
    ("Noise after 10 p.m. every day, please help!", "Noise after 10 p.m. every day, please help!"),
    # the jieba-segmented form is detected and undone; Latin/digit tokens keep their spaces
    ("A1 区 蔡锷 南路 A2 区华庭 楼顶 水箱 长年 不洗", "A1区蔡锷南路A2区华庭楼顶水箱长年不洗"),
    ("建议 市 B 市 C 市 联合 修建 中速 磁悬浮 最高 时速 150km 以上 西部 快线 停电 6.21 6.22 6.28 已 停电 三次",
     "建议市B市C市联合修建中速磁悬浮最高时速150km以上西部快线停电6.21 6.22 6.28已停电三次"),
    # ... but a short text using spaces as commas is not taken for it
    ("标题 内容 结束", "标题 内容 结束"),
    ("", ""),
])
def test_normalize_table(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize("text, expected", [
    ("A1 区 蔡锷 南路 A2 区华庭 楼顶 水箱", "A1区蔡锷南路A2区华庭楼顶水箱"),
    ("建议 修建 中速 磁悬浮 最高 时速 150km 以上", "建议修建中速磁悬浮最高时速150km以上"),
    ("6.21 6.22 6.28 已 停电", "6.21 6.22 6.28已停电"),
    ("iPhone X 手机 坏 了", "iPhone X手机坏了"),
    ("第一 行\n第二 行", "第一行\n第二行"),
])
def test_unsegment(text: str, expected: str) -> None:
    assert unsegment(text) == expected


@pytest.mark.parametrize("text, segmented", [
    ("A1 区 蔡锷 南路 A2 区华庭 楼顶 水箱 长年 不洗", True),
    ("我家楼下烧烤店每天营业到凌晨两点，油烟直接排进居民楼", False),
    ("你好 我想反映一个问题 楼下噪音很大", False),   # spaces used as commas: too few gaps
    ("停车 难", False),                               # a single gap is not enough evidence
    ("I love Beijing and the Great Wall", False),
])
def test_is_segmented(text: str, segmented: bool) -> None:
    assert is_segmented(text) is segmented


def test_to_simplified_keeps_simplified_text_byte_identical() -> None:
    s = "朝阳区望京街道花家地西里小区，物业乱收费，请尽快处理。"
    assert to_simplified(s) == s
    assert to_simplified("後來") == "后来"


def test_real_segmented_rows_are_unsegmented() -> None:
    rows = _rows("segmented", 200)
    first = next(r for r in rows if r["text"].startswith("A1 区 蔡锷 南路 A2 区华庭"))
    assert normalize(first["text"]).startswith("A1区蔡锷南路A2区华庭楼顶水箱长年不洗")
    undone = [r for r in rows if not HAN_GAP.search(normalize(r["text"]))]
    # All but rare short outliers lose every space between two Han characters.
    assert len(undone) >= 0.98 * len(rows)


def test_real_raw_rows_keep_their_text() -> None:
    rows = _rows("raw", 200)
    for r in rows:
        text = f"{r['title']}\n{r['text']}"
        assert not is_segmented(text), r["id"]
        out = normalize(text)
        assert out == normalize(out), r["id"]               # idempotent
        assert len(out) >= 0.9 * len(text.strip()), r["id"]  # nothing but whitespace/controls lost
        assert not re.search(r"[\u4e00-\u9fff][,!?;:]", out), r["id"]  # Chinese punctuation after Han


def test_a_beijing_district_written_in_pinyin_is_the_districts_name() -> None:
    """A tester's English complaint ("I live in Chaoyang district, 亮马桥 area…") got no address and
    a city-level unit: "X District" / "X Qu" is the district; a bare "Chaoyang" (a park) is not."""
    from nlu import Complaint, preprocess

    assert normalize("I live in Chaoyang district, near 亮马桥") == "I live in 朝阳区， near 亮马桥"
    assert normalize("Dongcheng District") == "东城区" and normalize("in the HAIDIAN QU.") == "in 海淀区."
    assert normalize("Chaoyang Park is nice") == "Chaoyang Park is nice"
    assert normalize("Xichengdistrict") == "西城区"
    addr = preprocess(Complaint(text="Hi, I live in Chaoyang district. 工地晚上十一点以后还在施工")).entities_dict()["address"]
    assert addr["district"] == "北京市朝阳区"


def test_zhe_written_for_zhao_is_read_as_such() -> None:
    """t2s keeps 著 (a simplified character too): 樓上著火了 became 楼上著火了 and no fire was read
    (a tester's 睡不著覺 stayed in a hot issue's title). 著名 / 著作 / 显著 stay."""
    from nlu.urgency import hazard

    assert normalize("樓上著火了，好大的煙") == "楼上着火了，好大的烟"
    assert hazard(normalize("樓上著火了，好大的煙")).kind == "火情"
    assert hazard(normalize("厨房著火了")).kind == "火情"
    assert normalize("我們根本睡不著覺") == "我们根本睡不着觉"
    for keep in ("著名作家住在楼下", "著作权纠纷", "效果显著"):
        assert normalize(keep) == keep


def test_normalize_names_a_street_office_called_short():
    """An operator tester's W11: 我是西城区广外街道红居南街小区的业主 lost its district (街道红居南街小区): 广外街道
    is 广安门外街道; the address then has its district, street and community."""
    from nlu import Complaint, normalize, preprocess

    assert normalize("西城区广外街道红居南街小区") == "西城区广安门外街道红居南街小区"
    assert normalize("广外大街") == "广外大街"   # only the street office's short name
    p = preprocess(Complaint(text="我是西城区广外街道红居南街小区的业主，小区电梯坏了"))
    got = {e.kind: e.text for e in p.entities}
    assert got["street"] == "广安门外街道" and got["community"] == "红居南街小区" and got["district"] == "西城区", got
