"""Write ``samples/pii_cases.jsonl``: complaint snippets we wrote, each with the personal data in
it (what must be masked) and look-alike numbers (what must stay). Numbers are made up but valid
in form (ID checksums, Luhn for bank cards, real mobile prefixes and area codes); seeded, so the
file is reproducible: ``python training_data/make_pii_cases.py``.

Each row: ``{"id", "text", "pii": [{"kind", "value"}], "keep": [strings that must survive]}``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent / "samples" / "pii_cases.jsonl"
rng = random.Random(20261128)

MOBILE_PREFIX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152",
                 "153", "155", "156", "157", "158", "159", "166", "170", "173", "176", "177", "178", "180",
                 "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199"]
AREA = ["010", "021", "022", "020", "024", "027", "029", "0311", "0371", "0451", "0512", "0731", "0755", "0914"]
REGIONS = ["110101", "110105", "110108", "110102", "120103", "130102", "310104", "320106", "410105",
           "430102", "440106", "510107", "610113", "370202"]
PLACES = ["朝阳区望京西园三区", "海淀区学院路", "丰台区方庄芳古园", "西城区广安门外", "通州区梨园镇",
          "昌平区回龙观龙泽苑", "大兴区黄村", "石景山区鲁谷", "东城区和平里", "顺义区后沙峪"]
MATTERS = ["楼下烧烤店油烟扰民", "工地夜间施工噪音很大", "物业不作为垃圾没人清运", "小区停车位被占",
           "公司拖欠工资三个月", "预付卡商家跑路无法退款", "邻居养狗不拴绳", "路灯坏了半个月",
           "暖气不热室温只有14度", "电梯经常故障困人"]
NAMES = ["张先生", "李女士", "王阿姨", "刘师傅", "陈同学", "赵大爷"]
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "gmail.com", "foxmail.com", "bjedu.cn"]

FW = str.maketrans("0123456789", "０１２３４５６７８９")


def mobile() -> str:
    return rng.choice(MOBILE_PREFIX) + "".join(rng.choice("0123456789") for _ in range(8))


def mobile_written(m: str) -> str:
    return rng.choice([m, f"{m[:3]}-{m[3:7]}-{m[7:]}", f"{m[:3]} {m[3:7]} {m[7:]}", f"+86 {m}", f"+86{m}",
                       f"0086{m}", f"{m[:3]} {m[3:]}", m.translate(FW)])


def landline() -> str:
    a = rng.choice(AREA)
    n = 8 if len(a) == 3 else rng.choice([7, 8])
    return a, str(rng.randint(2, 9)) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def landline_written() -> str:
    a, n = landline()
    return rng.choice([f"{a}-{n}", f"{a}{n}", f"({a}){n}", f"（{a}）{n}", f"{a} {n}"])


def id_card() -> str:
    y, m, d = rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28)
    body = f"{rng.choice(REGIONS)}{y:04d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
    w = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]


def bank_card() -> str:
    n = rng.choice([16, 19])
    body = rng.choice(["622202", "621700", "622848", "623668", "621483"]) + \
        "".join(rng.choice("0123456789") for _ in range(n - 7))
    total = 0
    for i, c in enumerate(reversed(body)):
        v = int(c) * (2 if i % 2 == 0 else 1)
        total += v - 9 if v > 9 else v
    card = body + str((10 - total % 10) % 10)
    return rng.choice([card, " ".join(card[i:i + 4] for i in range(0, len(card), 4))])


def email() -> str:
    local = rng.choice(["zhangwei", "li.na", "wang_fang88", "liu-yang", "chen2019", mobile()])
    return f"{local}@{rng.choice(EMAIL_DOMAINS)}"


def keepers() -> list[str]:
    """Numbers that are not personal data and must survive masking."""
    return rng.sample([f"{rng.randint(2015, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                       f"每月{rng.randint(1500, 9000)}元", f"{rng.randint(2, 30)}号楼{rng.randint(1, 6)}单元",
                       "12345热线", f"{rng.randint(10, 23)}:{rng.choice(['00', '30'])}",
                       f"工单号{rng.randint(10**9, 10**10 - 1)}", f"{rng.randint(50, 180)}平米",
                       f"已经{rng.randint(2, 11)}个月"], 2)


def row(i: int) -> dict:
    place, matter, name = rng.choice(PLACES), rng.choice(MATTERS), rng.choice(NAMES)
    keep = keepers()
    kinds = rng.sample(["mobile", "mobile", "landline", "id_card", "bank_card", "email"], rng.choice([1, 1, 2]))
    pii, parts = [], []
    for k in kinds:
        if k == "mobile":
            m = mobile()
            v = mobile_written(m)
            parts.append(rng.choice([f"联系电话{v}", f"我的手机：{v}", f"有事打{v}", f"{name}，{v}", f"电话 {v} 随时联系"]))
        elif k == "landline":
            v = landline_written()
            parts.append(rng.choice([f"物业座机{v}一直没人接", f"拨打{v}无人接听", f"联系电话：{v}"]))
        elif k == "id_card":
            v = id_card()
            parts.append(rng.choice([f"身份证号{v}", f"我的身份证：{v}", f"证件号码 {v}", f"本人{name}（{v}）"]))
        elif k == "bank_card":
            v = bank_card()
            parts.append(rng.choice([f"工资卡{v}被冻结", f"退款请打到卡号{v}", f"银行卡 {v} 没收到钱"]))
        else:
            v = email()
            parts.append(rng.choice([f"请回复到邮箱{v}", f"邮箱：{v}", f"结果发到 {v} 谢谢"]))
        pii.append({"kind": k, "value": v})
    text = f"我住在{place}，{matter}（{keep[0]}，{keep[1]}），反映过没人管。" + "，".join(parts) + "。"
    return {"id": f"pii-{i:03d}", "text": text, "pii": pii, "keep": keep}


def main() -> None:
    rows = [row(i) for i in range(120)]
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} rows, {sum(len(r['pii']) for r in rows)} personal data items → {OUT}")


if __name__ == "__main__":
    main()
