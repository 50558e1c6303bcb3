"""PII masking: mobiles, landlines, ID cards (GB 11643 checksum), bank cards (Luhn), e-mail."""

from __future__ import annotations

import itertools
import json
import os
import re
from pathlib import Path

import pytest

from nlu import find_pii, mask_pii, normalize
from nlu.pii import id_card_valid, luhn_valid

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("JIESU_DATA_DIR", REPO.parent / "shared" / "data"))
LETTERS = DATA_DIR / "letters" / "shangluo_mailbox.jsonl"

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(first17: str) -> str:
    """Append the GB 11643-1999 check character (computed here, independently of nlu.pii)."""
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, _W)) % 11]


def bad_id(first17: str) -> str:
    """The same number with a wrong check character."""
    good = make_id(first17)
    return first17 + ("0" if good[-1] != "0" else "1")


def make_card(prefix: str) -> str:
    """Append the Luhn check digit to ``prefix`` (computed here)."""
    total = 0
    for i, c in enumerate(reversed(prefix + "0")):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return prefix + str((10 - total % 10) % 10)


ID_A = make_id("11010519491231002")     # ends in X
ID_B = make_id("61010219900307123")
ID_C = make_id("44030419851111234")
CARD_19 = make_card("622202123456789012")
CARD_16 = make_card("622848001234567")
CARD_BAD = CARD_16[:-1] + str((int(CARD_16[-1]) + 1) % 10)


def kinds(text: str) -> list[str]:
    return [p.kind for p in find_pii(text)]


@pytest.mark.parametrize("text, expected_kinds, expected_masked", [
    # mobiles, with the usual ways of writing them
    ("我的电话13912345678，请回电", ["mobile"], "我的电话<手机号>，请回电"),
    ("联系人：张先生 139-1234-5678", ["mobile"], "联系人：张先生 <手机号>"),
    ("手机 139 1234 5678 随时联系", ["mobile"], "手机 <手机号> 随时联系"),
    ("+86 13912345678", ["mobile"], "<手机号>"),
    ("+8613912345678", ["mobile"], "<手机号>"),
    ("008613912345678", ["mobile"], "<手机号>"),
    ("13912345678 2019年反映过", ["mobile"], "<手机号> 2019年反映过"),
    ("号码是18612345678和15812345678", ["mobile", "mobile"], "号码是<手机号>和<手机号>"),
    ("１３９１２３４５６７８", ["mobile"], "<手机号>"),  # full-width digits, not normalized
    # landlines
    ("座机010-12345678转1", ["landline"], "座机<座机号>转1"),
    ("(010)12345678", ["landline"], "<座机号>"),
    ("（0912）1234567", ["landline"], "<座机号>"),
    ("商洛市住建局0914-2313651无人接听", ["landline"], "商洛市住建局<座机号>无人接听"),
    ("电话：65123456", ["landline"], "电话：<座机号>"),
    ("联系物业，tel 8765 4321", ["landline"], "联系物业，tel <座机号>"),
    # ID cards: checksum-valid only
    (f"身份证号{ID_A}，户籍在海淀", ["id_card"], "身份证号<身份证号>，户籍在海淀"),
    (f"{ID_B}", ["id_card"], "<身份证号>"),
    (f"证件 {ID_C[:6]} {ID_C[6:14]} {ID_C[14:]}", ["id_card"], "证件 <身份证号>"),
    # bank cards: Luhn-valid 16–19 digits, plain or grouped by 4
    (f"工资卡{CARD_19}被冻结", ["bank_card"], "工资卡<银行卡号>被冻结"),
    (f"卡号 {' '.join(CARD_16[i:i + 4] for i in range(0, 16, 4))} 退款", ["bank_card"], "卡号 <银行卡号> 退款"),
    # said to be an ID or a card, a mistyped number (checksum / Luhn fails) is still the citizen's
    (f"身份证号{bad_id('11010519491231002')}", ["id_card"], "身份证号<身份证号>"),
    (f"我的身份证号是{bad_id('61010219900307123')}", ["id_card"], "我的身份证号是<身份证号>"),
    (f"卡号{CARD_BAD}", ["bank_card"], "卡号<银行卡号>"),
    (f"银行卡 {CARD_BAD} 被盗刷", ["bank_card"], "银行卡 <银行卡号> 被盗刷"),
    # a number said in Chinese digits
    ("电话一三八一二三四五六七八，找我", ["mobile"], "电话<手机号>，找我"),
    ("他家电话幺三九一二三四五六七八", ["mobile"], "他家电话<手机号>"),
    # ... also in groups, like digits (a tester's "一三九 一一一一 二二二二" was kept)
    ("全号是一三九 一一一一 二二二二", ["mobile"], "全号是<手机号>"),
    # a mistyped ID said to be one, written in groups (a tester's were kept as written)
    (f"身份证{bad_id('11010519850315231')[:6]} {bad_id('11010519850315231')[6:10]} "
     f"{bad_id('11010519850315231')[10:14]} {bad_id('11010519850315231')[14:]}", ["id_card"], "身份证<身份证号>"),
    (f"身份证号：{bad_id('11010519850315231')[:6]}-{bad_id('11010519850315231')[6:14]}-"
     f"{bad_id('11010519850315231')[14:]}", ["id_card"], "身份证号：<身份证号>"),
    # e-mail, including one whose local part looks like a phone number
    ("请回复到 zhang.san@163.com 谢谢", ["email"], "请回复到 <邮箱> 谢谢"),
    ("邮箱13912345678@qq.com", ["email"], "邮箱<邮箱>"),
])
def test_masked(text: str, expected_kinds: list[str], expected_masked: str) -> None:
    masked, spans = mask_pii(text)
    assert [p.kind for p in spans] == expected_kinds
    assert masked == expected_masked


@pytest.mark.parametrize("text", [
    "请拨打12345热线反映",                             # the hotline itself
    "2019年11月27日开始施工",                          # dates
    "日期20191127，2019-11-27，2019/11/27",
    "每平米13999元，总价1399999元",                    # prices
    "共65123456元",                                    # 8 digits but a price, no phone context
    "案号（2019）京0105民初12345号",                   # case numbers
    "工单号201911271234567890",                        # 18+ digit run, not a valid ID
    "编号12139123456789012345678",                     # a mobile-like run inside 23 digits
    "订单139123456789",                                # 12 digits: not a mobile
    "流水号913912345678",                              # mobile-like run with a digit before it
    f"编号{bad_id('11010519491231002')}",              # checksum-invalid 18 digits, no ID context
    f"订单号{CARD_BAD}",                               # Luhn-invalid 16 digits, no card context
    "他说一 二 三 四 五 六 七",                        # Chinese digits in groups, no number
    "订单号 2019 0101 1234 5678 90",                   # grouped digits, no ID or card context
    "一二三四五六七八九十",                            # counting, not a number said in words
    "时间10:30到12:00，2020-05-10",
    # jieba-segmented rows glue neighbouring numbers into one digit chunk; these pass Luhn but
    # are years, amounts and anonymised zeros, not cards
    "补交 2010 2011 2012 2013 年 养老保险",
    "每人 每年 500 700 900 1200 1500 元",
    "电话 0000 00000000 0000",
    "房号 1302 1402 2201 201 2502",
    "面积123.45平方米，单价4.5万",
])
def test_not_masked(text: str) -> None:
    assert find_pii(text) == ()
    assert mask_pii(text) == (text, ())


def test_id_checksum_with_impossible_birth_date_is_not_an_id() -> None:
    number = make_id("11010518881231002")  # checksum fine, born 1888
    assert "id_card" not in kinds(f"编号{number}")
    assert kinds(f"编号{make_id('11010519881231002')}") == ["id_card"]


def test_spans_refer_to_input_positions() -> None:
    text = f"张三，电话 139-1234-5678，身份证{ID_B}，邮箱 a.b@example.com。"
    spans = find_pii(text)
    assert [p.kind for p in spans] == ["mobile", "id_card", "email"]
    assert [text[p.start:p.end] for p in spans] == ["139-1234-5678", ID_B, "a.b@example.com"]
    assert [p.placeholder for p in spans] == ["<手机号>", "<身份证号>", "<邮箱>"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_checksum_helpers() -> None:
    assert id_card_valid(ID_A) and ID_A.endswith("X")
    assert id_card_valid(ID_A.lower())
    assert not id_card_valid(bad_id("11010519491231002"))
    assert not id_card_valid(make_id("11010519491331002"))  # month 13
    assert luhn_valid(CARD_16) and luhn_valid(CARD_19)
    assert luhn_valid("4111111111111111")
    assert not luhn_valid(CARD_BAD)


_MOBILE_LEFT = re.compile(r"(?<![0-9])1[3-9][0-9](?:[ -]?[0-9]{4}){2}(?![0-9])")
_ID18_LEFT = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def test_real_letters_leave_no_mobile_or_id() -> None:
    if not LETTERS.exists():
        pytest.skip(f"data not found: {LETTERS} (set JIESU_DATA_DIR)")
    found: dict[str, int] = {}
    with LETTERS.open(encoding="utf-8") as f:
        letters = [json.loads(line)["query"] for line in f]
    assert len(letters) > 1000
    for q in letters:
        masked, spans = mask_pii(normalize(q))
        for p in spans:
            found[p.kind] = found.get(p.kind, 0) + 1
        assert not _MOBILE_LEFT.search(masked)
        assert not any(id_card_valid(m.group()) for m in _ID18_LEFT.finditer(masked))
    # The letters are known to hold real phone and ID numbers: the masker must have seen them.
    assert found.get("mobile", 0) >= 20
    assert found.get("id_card", 0) >= 2
    assert found.get("landline", 0) >= 10


def test_pii_recall_on_the_written_cases_table() -> None:
    """training_data/samples/pii_cases.jsonl (120 complaints we wrote: mobiles in 8 spellings,
    landlines, ID and bank cards, e-mail; dates, prices, house numbers beside them): through the
    pipeline's preprocessing every personal number is gone and every look-alike number stays."""
    import unicodedata

    from nlu import Complaint, preprocess

    path = Path(__file__).resolve().parents[2] / "training_data" / "samples" / "pii_cases.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    items = [(r, p) for r in rows for p in r["pii"]]
    assert len(rows) >= 100 and len(items) >= 100
    assert {p["kind"] for _, p in items} == {"mobile", "landline", "id_card", "bank_card", "email"}
    missed, lost = [], []
    for r in rows:
        masked = preprocess(Complaint(text=r["text"])).masked
        digits = re.sub(r"\D", "", masked)
        for p in r["pii"]:
            v = unicodedata.normalize("NFKC", p["value"])
            d = re.sub(r"\D", "", v)
            if v in masked or (p["kind"] != "email" and d in digits):
                missed.append((r["id"], p["kind"]))
        lost += [(r["id"], k) for k in r["keep"] if k not in masked]
    recall = 1 - len(missed) / len(items)
    assert recall >= 0.995, missed
    assert len(lost) / sum(len(r["keep"]) for r in rows) <= 0.01, lost


def test_a_private_cars_plate_is_masked_a_beijing_taxis_kept():
    """A tester's 京N8K2F7 stayed in the masked text beside a masked mobile; a 京B taxi plate is what
    the transport office needs and names no private person."""
    from nlu.pii import mask_pii

    assert mask_pii("一辆车牌京N8K2F7的私家车天天停在消防通道")[0] == "一辆车牌<车牌号>的私家车天天停在消防通道"
    assert mask_pii("京AD12345新能源车占了车位")[0] == "<车牌号>新能源车占了车位"
    assert mask_pii("出租车京B·T3928拒载")[0] == "出租车京B·T3928拒载"
    assert mask_pii("京ABCDEF是什么")[0] == "京ABCDEF是什么"   # no digit: no plate
