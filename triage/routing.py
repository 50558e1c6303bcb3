"""Department routing: five kinds of evidence blended, each kept as a reason.

1. the department model (``classifier.department``): a classifier over the complaint's text
   trained on past cases whose official reply names the handling units;
2. similarity-weighted votes of the nearest past cases that have departments (from the reply's
   replying units, or read from the reply's text where those are generic: the reason says so);
3. the category distribution through each department's category weights (our duty list,
   ``training_data/departments.yml``);
4. the 主管部门 that the top regulation articles name (``law_responsible_phrases.csv``, or the
   statute's own articles where the table lacks it: ``load_law_departments``);
5. duty matching: the words of each department's duties and ``keywords`` in the duty list that
   the complaint uses (a word several departments list counts a share for each).

Scores are normalized per kind and mixed with weights (``Router.weights``); the mix was chosen
by 5-fold cross-validation over the replied messages (``bench/routing_eval.py``). The mix is a
distribution but an under-confident one (a convex combination of several spreads out), so the
confidence is ``mix ** power`` renormalized, ``power`` fitted by NLL of the true departments on
out-of-fold cases (``Router.DEFAULT_POWER``; the bench reports the calibration error before and
after). The output is the ranked codes with that confidence (summing to 1 over the returned
list) and the reasons.
"""

from __future__ import annotations

import csv
import functools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from nlu.pii import PLACEHOLDERS
from nlu.priority import Priority
from nlu.priority import priority as priority_of
from nlu.request_kind import PRAISE, request_kind
from nlu.urgency import hazard


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    categories: dict[str, float] = field(default_factory=dict)
    duties: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # what citizens write about those duties
    district_unit: str = ""  # e.g. "{district}城市管理委（城管执法局）"
    level: str = "city"
    # units of the department's system named by what the complaint is about: ((words, unit at the
    # city level, unit at a district's), …), e.g. 公积金 → 北京住房公积金管理中心(朝阳管理部)
    special_units: tuple[tuple[tuple[str, ...], str, str], ...] = ()
    # places where the department's matters happen but many others' too (农贸市场, 医院): a
    # complaint naming one says where, not what, and the word counts as a short one
    places: tuple[str, ...] = ()
    # dangers now (``nlu.urgency`` kinds: 火情, 燃气泄漏 …) the department answers first
    hazards: tuple[str, ...] = ()
    # matters the 权责清单 gives this department alone (居住证 → 公安, 群租 → 住建委): a complaint naming one
    # in its opening goes to it first, whatever the other province's replies taught the models
    leads: tuple[str, ...] = ()
    # how a citizen names the department's units (民政局, 教育局, 交警, 派出所): the directory's reply-unit
    # pattern with a unit's ending (``_unit_name``); None for a department the directory lacks
    named_as: re.Pattern | None = None


# what makes a directory word a unit's name (民政 + 局): 市政 alone is 市政府's, 消防 alone 消防通道's; never a verb
# or a word that goes on (房产办证, 社保办理, 房屋所有权, 委屈, 站台)
_UNIT_ENDING = (r"(?:局|委员会|委(?![屈托婉])|厅|分局|所(?![以有谓在属述])|部门|支队|大队|中队|中心|办公室"
                r"|办(?![理证事法不完好了下成得过到的])|站(?![台点牌岗着在起]))")
# a unit's name as citizens say it (Beijing's names among them: 教委, 交通委, 规自委, 房管局, 市场监督管理局 …), and the
# directory's words that are a unit already (体育局, 建设局, 农委)
_BARE_UNITS = {"public_security": r"公安局|公安分局|公安厅|派出所|警方", "traffic_police": r"交警|交管局|车管所",
               "urban_management": r"城管", "education": r"教委",
               "transport": r"交通局|交通委|运管局|路政局",
               "human_resources_social_security": r"劳动局|劳动监察|人力社保局|人力资源和社会保障局",
               "housing_construction": r"建设局|建委|住建委|房管局",
               "planning_natural_resources": r"规自委|规划委|不动产登记中心",
               "health": r"卫生局", "market_regulation": r"市场监督管理局|市场监管所",
               "agriculture_rural": r"农委|农业农村局", "landscaping_forestry": r"园林绿化局|绿化局",
               "sports": r"体育局", "fire_rescue": r"消防队|消防救援", "culture_tourism": r"文旅局|文化和旅游局",
               "power_supply": r"电力公司|供电公司"}


# a unit named as one that declined (打了环保局的电话，说不归他们管): no evidence for it (of the 2 such provincial
# messages, neither was answered by it)
_DECLINED = re.compile(r"不管|不归|不属于|推诿|推脱|踢皮球|不予|不作为|说不是|管不了|不受理")
# the words of a unit that said the matter is not its own (说不归他们管, 不属于我们的职责, 管不了, 不受理): not 推诿 or
# 不作为, which blame the unit that should act (of the 854, four letters so naming (推诿, 不作为, 不予) their own answering unit)
_OUT_OF_REMIT = re.compile(r"不归|不属于|不是(?:他们|我们|其|本单位)(?:的)?(?:职责|管|负责|管辖)|不在(?:他们|我们|其)(?:的)?(?:管辖|职责)|"
                           r"管不了|不管(?:他们|我们)的事|不受理")


def _unit_name(code: str, pattern: str, bare: str | None = None) -> re.Pattern:
    """``pattern`` (the directory's) as a unit a citizen names: with a unit's ending, or a bare unit word."""
    bare = bare or _BARE_UNITS.get(code)
    # (国家发改委 is no local unit)
    return re.compile(f"(?<!国家)(?<!国务院)(?:(?:{pattern}){_UNIT_ENDING}" + (f"|{bare}" if bare else "") + ")")


def _yaml(training_data: Path) -> dict:
    yml = Path(training_data) / "departments.yml"
    return (yaml.safe_load(yml.read_text(encoding="utf-8")) or {}) if yml.exists() else {}


def load_departments(data_dir: Path, training_data: Path) -> dict[str, Department]:
    """Codes and names from ``departments/directory.csv`` merged with our duty list."""
    out: dict[str, Department] = {}
    path = Path(data_dir) / "departments" / "directory.csv"
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[row["code"]] = Department(row["code"], row["beijing_name"], named_as=_unit_name(
                row["code"], row["reply_unit_pattern"]) if row.get("reply_unit_pattern") else None)
    spec = _yaml(training_data)
    units = spec.get("district_units") or {}
    for code, d in (spec.get("departments") or {}).items():
        base = out.get(code)
        out[code] = Department(code, d.get("name") or (base.name if base else code),
                               {k: float(v) for k, v in (d.get("categories") or {}).items()},
                               tuple(str(w) for w in d.get("duties") or ()),
                               tuple(str(w) for w in d.get("keywords") or ()),
                               units.get(code, ""), d.get("level", "city"),
                               tuple((tuple(str(w) for w in u.get("words") or ()), str(u["unit"]),
                                      str(u.get("district_unit") or u["unit"]))
                                     for u in (spec.get("special_units") or {}).get(code) or ()),
                               places=tuple(str(w) for w in d.get("places") or ()),
                               hazards=tuple(str(w) for w in d.get("hazards") or ()),
                               leads=tuple(str(w) for w in d.get("leads") or ()),
                               # a unit beside the directory is named by the duty list's own words (通信管理局, 人防办)
                               named_as=base.named_as if base else
                               _unit_name(code, str(d["unit_words"]), d.get("unit_bare")) if d.get("unit_words") else None)
    return out


def duty_phrases(departments: dict[str, Department]) -> dict[str, list[str]]:
    """Per code, "name：duty" for each duty in the duty list (the name alone where it has none):
    what the department model's duty block embeds."""
    return {code: [f"{d.name}：{x}" for x in d.duties] or [d.name] for code, d in departments.items()}


def street_unit(street: str, district: str = "") -> str:
    """The street office or township government an address names, as a citizen is told of it:
    北京市朝阳区望京街道 → 朝阳区望京街道办事处, 北京市海淀区上庄镇 → 海淀区上庄镇人民政府; with
    no street, the district's: 朝阳区属地街道（乡镇）; "" with neither."""
    street = street.removeprefix("北京市")
    if street:
        if street.endswith(("镇", "乡")):
            return f"{street}人民政府"
        return street if street.endswith(("办事处", "政府")) else f"{street}办事处"
    district = district.removeprefix("北京市")
    return f"{district}属地街道（乡镇）" if district else ""


def department_units(d: Department, district: str = "", street: str = "") -> list[tuple[str, str]]:
    """Every unit of ``d`` an operator may send a case to, as (unit, its district or "" at the city
    level), each once: those of ``district`` first (the department's district office, then the
    units of its system there, 朝阳区城管执法局 / 朝阳区城市管理委; for the street level the office
    of ``street``), then the city's, then every other district's in the list's order. A case placed
    by its workplace, or a unit the suggestion did not name, is an operator's choice (tester54 V3:
    a 居住证 question placed in 海淀 could not be sent to 昌平's police)."""
    from nlu.lexicon import DISTRICTS

    district = district.removeprefix("北京市")
    out: list[tuple[str, str]] = []

    def add(unit: str, where: str) -> None:
        if unit and all(unit != u for u, _ in out):
            out.append((unit, where))

    def at(full: str, st: str = "") -> None:
        short = re.sub(r"(区|县)$", "", full) if len(full) > 2 else full
        if d.code == "street_township":
            add(street_unit(st, full), full)
            add(street_unit("", full), full)
            return
        for tpl in (d.district_unit, *(u[2] for u in d.special_units)):
            if tpl and "{district" in tpl and "{street}" not in tpl:
                add(tpl.format(district=full, district_short=short, street=""), full)

    if district in DISTRICTS.values():
        at(district, street.removeprefix("北京市"))
    if d.code != "street_township":
        for unit in (d.name, *(u[1] for u in d.special_units)):
            add(unit, "")
        for tpl in (u[2] for u in d.special_units):   # a city unit that acts for every district (市交通委)
            if tpl and "{" not in tpl:
                add(tpl, "")
    for full in DISTRICTS.values():
        at(full)
    return out


def case_ref(cid: str, text: str = "") -> str:
    """A past case as a reason names it for an operator (tester54 V12: past-97073 said nothing):
    a case of the database by its number (工单JS20261205-000001), another by the opening of its
    text with its id after it (“新华路东段怎么还没修好”（past-2554）), the id alone without text."""
    cid = str(cid)
    if cid.startswith("db-"):
        return "工单" + cid.removeprefix("db-")
    gist = re.split(r"[，。！？；,.!?;\s]", text.strip(), maxsplit=1)[0] if text else ""
    if len(gist) < 4:
        return cid
    return f"“{gist[:16]}{'…' if len(gist) > 16 else ''}”（{cid}）"


def _with_score(ref: str, score: str) -> str:
    """``ref`` with its similarity in its brackets: 工单…（相似度0.94）, “…”（past-1，相似度0.91）."""
    return f"{ref[:-1]}，{score}）" if ref.endswith("）") else f"{ref}（{score}）"


def law_key(title: str) -> str:
    """A statute's name as both the phrase table and the regulation index can spell it: without
    "中华人民共和国", brackets or spaces (the table's 《道路交通安全法》 办法 is the index's
    北京市实施《中华人民共和国道路交通安全法》办法)."""
    return re.sub(r"[《》〈〉<>\s]", "", title.replace("中华人民共和国", ""))


# a clause that names a department before it is given a duty or a power: "市城市管理部门负责……",
# "区人民政府及其有关部门应当……", "由公安部门给予警告" (from the clause's start, after a comma,
# 由 or the article number)
_RESPONSIBLE_RE = re.compile(
    r"(?:^第[^\s]{1,12}条[\s\u3000]*|[，。；：\n由]|^)([^，。；：、（）()\s]{2,30}?(?:部门|机关|机构|局|委员会))"
    r"(?=负责|按照|依照|依法|应当|主管|会同|组织|履行|承担|对本|给予|处以?|责令|没收|予以|是[^，。；]{0,20}主管)")


def _unit_patterns(data_dir: Path, training_data: Path) -> list[tuple[str, re.Pattern]]:
    """The directory's reply-unit patterns and our ``law_phrases`` (regular expressions, so that
    e.g. 民政 does not match inside 人民政府)."""
    pats: list[tuple[str, re.Pattern]] = []
    with (Path(data_dir) / "departments" / "directory.csv").open(encoding="utf-8") as fh:
        pats += [(r["code"], re.compile(r["reply_unit_pattern"])) for r in csv.DictReader(fh)
                 if r.get("reply_unit_pattern")]
    for code, words in (_yaml(training_data).get("law_phrases") or {}).items():
        pats.append((code, re.compile("|".join(map(str, words)))))
    return pats


def _phrase_codes(phrase: str, pats: list[tuple[str, re.Pattern]]) -> set[str]:
    if phrase.startswith("国务院"):
        return set()  # national ministries are not the local department that acts
    # the directory's 市政 (城管's 市政管理) is no part of 市政府 / 市政务服务部门: 接诉即办条例
    # 第五条's 市政务服务部门 made 城管 its 主管部门 (a tester's cat complaint went to 城管 for it)
    phrase = re.sub(r"政府|政务", "", phrase)
    codes = {c for c, p in pats if p.search(phrase)}
    if "traffic_police" in codes:
        codes -= {"public_security", "transport"}
    return codes


def article_departments(text: str, data_dir: Path, training_data: Path) -> set[str]:
    """The department codes an article's text gives a duty or a power (由卫生行政部门责令… → health)."""
    pats = _cached_patterns(str(data_dir), str(training_data))
    return {c for m in _RESPONSIBLE_RE.finditer(text) for c in _phrase_codes(m.group(1), pats)}


@functools.lru_cache(maxsize=4)
def _cached_patterns(data_dir: str, training_data: str) -> list[tuple[str, re.Pattern]]:
    return _unit_patterns(Path(data_dir), Path(training_data))


def _shares(counts: dict[str, dict[str, list]]) -> dict[str, list[tuple[str, float, str]]]:
    out: dict[str, list[tuple[str, float, str]]] = {}
    for law, per in counts.items():
        total = sum(v[0] for v in per.values()) or 1
        out[law] = sorted(((c, v[0] / total, v[1]) for c, v in per.items()), key=lambda x: -x[1])
    return out


def departments_named_in(articles: Iterable[Any], pats: list[tuple[str, re.Pattern]]
                         ) -> dict[str, list[tuple[str, float, str]]]:
    """Statute title → ``[(code, share, first article)]`` read from the articles themselves: the
    clauses that name a department before giving it a duty (``_RESPONSIBLE_RE``), each article
    counted once per code."""
    return _shares(_named_counts(articles, pats))


def _named_counts(articles: Iterable[Any], pats: list[tuple[str, re.Pattern]],
                  counts: dict[str, dict[str, list]] | None = None) -> dict[str, dict[str, list]]:
    """Per statute and code [articles naming it, first such article], added to ``counts``."""
    counts = {} if counts is None else counts
    for a in articles:
        codes: dict[str, int] = {}
        for m in _RESPONSIBLE_RE.finditer(a.text):
            strength = _assigns(a.text, m)
            for c in _phrase_codes(m.group(1), pats):
                codes[c] = max(codes.get(c, 0), strength)
        for c, strength in codes.items():
            slot = counts.setdefault(a.law, {}).setdefault(c, [0, a.article, -1])
            slot[0] += 1
            if strength > slot[2]:  # the article that gives the department its remit, not its first
                slot[1], slot[2] = a.article, strength
    return counts


def _assigns(text: str, m: re.Match[str]) -> int:
    """How plainly a clause gives the department its remit: 2 for "…部门主管 / 负责…工作" or "是…主管
    部门", 1 for "负责 / 按照职责" otherwise, 0 for a duty or a penalty ("由…给予警告"). A routing
    reason quotes that article (养犬管理规定 第四条 "公安机关是本市养犬管理的主管机关", not the
    第十二条 on registration that names it first)."""
    after = text[m.end():m.end() + 40]
    if after.startswith("主管") or re.match(r"负责[^。；]{0,30}工作|是[^，。；]{0,20}主管", after) \
            or "主管部门" in m.group(1):
        return 2
    if after.startswith(("负责", "按照", "依照", "履行", "承担")):
        return 1
    return 0


def load_law_departments(data_dir: Path, training_data: Path, articles: Iterable[Any] | None = None
                         ) -> dict[str, list[tuple[str, float, str]]]:
    """Statute title → ``[(code, share, first article)]``: the departments its articles name as
    主管部门, by the directory's unit patterns and our ``law_phrases``. From the data's
    ``law_responsible_phrases.csv`` where it covers the statute (matched by ``law_key``, so a
    national law is found under its full title), else (``articles``: the regulation index's)
    read from the statute's own articles; keyed by both spellings."""
    pats = _unit_patterns(data_dir, training_data)
    counts: dict[str, dict[str, list]] = {}
    path = Path(data_dir) / "departments" / "law_responsible_phrases.csv"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                for c in _phrase_codes(r["dept_phrase"], pats):
                    slot = counts.setdefault(r["law"], {}).setdefault(c, [0, r.get("first_article", "")])
                    slot[0] += int(r.get("n_articles") or 1)
    out = _shares(counts)
    if articles is not None:
        # the table's counts and the statute's own articles together: the table misses clauses
        # (治安管理处罚法's only row outside 国务院 is 第一百零六条's 财政部门, which made 市财政局
        # the 主管部门 of a fraud complaint), the articles miss phrasings the table has
        by_key = {law_key(law): per for law, per in counts.items()}
        read = _named_counts(articles, pats)
        for title, per in read.items():
            merged = {c: list(v) for c, v in (by_key.get(law_key(title)) or {}).items()}
            for c, (n, art, strength) in per.items():
                slot = merged.setdefault(c, [0, art])
                slot[0] += n
                if strength > 0:  # the statute's own article that gives the remit wins the table's first
                    slot[1] = art
            out[title] = _shares({title: {c: v[:2] for c, v in merged.items()}})[title]
    return out


# the masking's placeholders
# A placeholder with the words that introduce it: "我的身份证号<身份证号>" gives a number, not a
# complaint about 身份证 (which named 市公安局 a reason for unpaid wages)
_MASKED = re.compile(r"(?:身份证|证件|手机|电话|联系方式|银行卡|卡)?(?:号码|号)?[：:是为\s]{0,3}(?:"
                     + "|".join(map(re.escape, PLACEHOLDERS.values())) + ")")


def _whole_number(word: str, text: str) -> bool:
    """``word`` (a number such as 110) in ``text`` as a number of its own: not part of a longer
    number (1101, an ID number) nor a quantity (110平米, 110元)."""
    return re.search(rf"(?<![0-9.]){re.escape(word)}(?![0-9.]|\s*{_UNIT})", text) is not None


_UNIT = r"(?:平|米|元|块|万|千|号|室|楼|层|栋|户|天|日|月|年|岁|个|人|次|斤|公里|分|秒|%|％|㎡)"


_FROM_TEXT = object()  # Router.route's default: the danger is read from the text
# a noise told with what it does to a pupil (楼上装修太吵了…我家孩子明年要高考了，根本没法复习; 学校旁边的工地晚上十一点
# 还在施工…影响学生休息) went to 市教委 0.64–0.70 by the exam and the school: the harm is no matter of the schools'
_NOISE_MATTER = re.compile(r"吵|噪音|噪声|扰民|施工|装修|电钻|砸墙|音响|喇叭|广场舞|打桩|蹦迪|跺脚|轰鸣|嗡嗡")
_STUDY_HARM = re.compile(r"(?:孩子|小孩|学生|女儿|儿子|闺女|考生)[^。！？!?]{0,12}"
                         r"(?:中考|高考|考试|考研|上课|上学|学习|复习|写作业|做作业|休息|睡觉|睡不好)")
# …unless the school or its staff are what the complaint is about (学校的广播, 老师, 补课)
_SCHOOL_ITSELF = re.compile(r"老师|校长|教委|招生|学位|补课|学费|(?:学校|幼儿园)(?:的|里的?)?(?:广播|喇叭|铃声|音响|操场)")
STUDY_HARM_FACTOR = 0.25
# a unit the citizen says declined the matter (找了环保局说不归他们管) keeps this share of its score (session 50: a
# billboard's glare went to 生态环境局 first after the citizen told that it had declined)
DECLINED_FACTOR = 0.5
EDUCATION_LABEL = "教育文体"  # the category the same rule holds back in the triage (the category model read 0.86)


def study_harm_only(text: str) -> bool:
    """Whether ``text`` is a noise that names a pupil's exam, lessons or sleep as its harm, the school
    itself not being what it is about."""
    return bool(text and _NOISE_MATTER.search(text) and _STUDY_HARM.search(text) and not _SCHOOL_ITSELF.search(text))

LEAD_CHARS = 80  # where a lead word counts (the opening: 居住证 said in passing late in a letter does not)
# a lead marked ^ counts in the first two clauses only: 我的电动自行车被偷了 is the complaint, …门禁坏了好几个月不修，外人
# 随便进出，上个月我的电动车就被偷了 a property-management complaint that tells a theft as its evidence
FIRST_CLAUSES = re.compile(r"^[^，,。！？!?；;\n]*(?:[，,][^，,。！？!?；;\n]*)?")


# praise (表扬) goes to the unit of the person praised: first the person's role (民警, 城管队, 医生 …),
# else the first unit word (街道, 医院 …). A tester's praise of a community worker who called 120 went
# to 卫健委 for 医院; thanks to 交道口街道的社区民警 went to the street office for 街道.
_PRAISED_PEOPLE = tuple((re.compile(p), code) for p, code in (
    (r"交警|交通警察", "traffic_police"),
    (r"民警|警察|警官|所长|派出所", "public_security"),
    (r"城管(?:队|队员|执法|大队|中队)?|环卫工|环卫师傅|保洁员", "urban_management"),
    (r"消防员|消防队|消防战士", "fire_rescue"),
    (r"医生|大夫|护士|急救员", "health"),
    (r"老师|校长|班主任", "education"),
    (r"司机|的哥|乘务员|售票员", "transport"),
    (r"网格员|社区工作者|社区书记|居委会|村委会|街道干部|社工", "street_township"),
))
_PRAISED_PLACES = tuple((re.compile(p), code) for p, code in (
    (r"街道|社区|乡政府|镇政府", "street_township"),
    (r"医院|卫生院|急救中心", "health"),
    (r"学校|幼儿园", "education"),
    (r"公交|地铁|出租车", "transport"),
    (r"医保", "medical_insurance"),
    (r"社保|人社|劳动监察", "human_resources_social_security"),
))


def praised_unit(text: str) -> tuple[str, str] | None:
    """(department code, the word) of the person's role a praise names first, else of the first
    unit word, or None."""
    for table in (_PRAISED_PEOPLE, _PRAISED_PLACES):
        best = None
        for pat, code in table:
            m = pat.search(text)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), code, m.group(0))
        if best:
            return best[1], best[2]
    return None


_ROAD_END = re.compile(r"(?:路|街|大街|大道|胡同|巷|桥)$")
# (早上五点就开始施工: before six is night for a building site in Beijing)
_NIGHT = r"(?:夜里|夜间|夜晚|半夜|深夜|凌晨|晚上|通宵|连夜|后半夜|(?:早上|早晨|清晨|一大早)[三四五]点)"
# duty words citizens say apart: 夜里十一点以后还在施工 is 夜间施工 (城管's, Beijing's most frequent
# 12345 complaint), though no duty word is in it (a night-construction complaint went to 住建委 by 工地)
_WORK = r"(?:施工|打桩|作业|干活|开工|浇筑|电焊)"
# at night, on a site (昨天夜里两点还在打桩: no 施工 in it), and loud; 晚上加班干活 is no building site
_SAID_APART = {"夜间施工": (re.compile(rf"{_NIGHT}[^。！？!?；;\n]{{0,12}}{_WORK}|{_WORK}[^。！？!?；;\n]{{0,12}}(?:到|至){_NIGHT}"),
                         re.compile(r"工地|施工|打桩|浇筑|挖掘机|塔吊|搅拌|渣土"),
                         # (工地半夜还在干活: a line that says no more is the noise, said short; 顺义区后沙峪镇的一个工地夜里
                         # 两点还在施工, with its place, says it by 还在: session 51)
                         re.compile(r"吵|噪|扰民|睡不着|睡不好|休息|声音|轰鸣|电锯|打桩|哐|还在(?:施工|干活|作业|打桩|浇筑|开工|干)"
                                    r"|^[^。！？!?；;\n，,]{0,16}$"))}


def _only_inside(word: str, longer: list[str], text: str) -> bool:
    """Whether every place ``text`` says ``word`` lies inside one of the ``longer`` words it says."""
    if not longer:
        return False
    covered = [False] * len(text)
    for x in longer:
        i = text.find(x)
        while i >= 0:
            for j in range(i, i + len(x)):
                covered[j] = True
            i = text.find(x, i + 1)
    i = text.find(word)
    while i >= 0:
        if not all(covered[i:i + len(word)]):
            return False
        i = text.find(word, i + 1)
    return True


def specific_places(address: dict[str, str] | None) -> list[str]:
    """The parts of a complaint's address below the district (community, road, place; without
    their 北京市 / district head), for telling the same site from the same district."""
    address = address or {}
    district = str(address.get("district") or "")
    heads = [h for h in (district, district.removeprefix("北京市"), "北京市") if h]
    out = []
    for key in ("community", "road", "place"):
        v = str(address.get(key) or "").strip()
        for h in heads:
            v = v.removeprefix(h)
        if len(v) >= 2 and v not in out:
            out.append(v)
    return out


def _normalized(d: dict[str, float]) -> dict[str, float]:
    total = sum(d.values())
    return {k: v / total for k, v in d.items()} if total > 0 else {}


class Router:
    """Blends the evidence; ``route`` returns the ranked departments with reasons."""

    # duties 0.3 (was 0.1, 2026-12-05): the duty list is Beijing's 权责清单, the model and the votes
    # learn another province's replies. On 12 everyday Beijing complaints a tester judged, 7 → 9
    # first departments right (燃气漏气 → 城管委 not 生态环境局, 物业卖车位 → 住建委 not 发改委);
    # on the provincial CV 0.718 / 0.900 → 0.713 / 0.900 (4 of 854 cases, within its noise)
    DEFAULT_WEIGHTS = {"model": 0.55, "votes": 0.25, "category": 0.1, "law": 0.1, "duties": 0.3, "named": 0.3}
    DEFAULT_POWER = 1.6  # bench/routing_eval.py: top-1 ECE 0.230 -> 0.059 (2-fold cross-fitted)
    LAW_REASON_SHARE = 0.2  # of a statute's department-naming articles, for a reason to name it
    # 重复件: an operator-decided case of the case database (``source`` db) this near and naming the
    # complaint's place (its community, road or place) is the same problem at the same place, and
    # its department leads (a tester's callers about one 望京 site went 3 to 城管, 3 to 住建委, after
    # operators had decided the first ones for 城管 at cosine 0.94). Nearness alone says too little
    # in e5's space: of the replied messages' nearest neighbours at ≥ 0.94, 63 % share a department
    # (≥ 0.98: 97.5 %), so below SAME_TEXT the place must match too.
    REPEAT_SIM = 0.93
    # the intake's 疑似重复件 hint, decided or not: nearer (a tester's two suggestions about 天通苑, one for a bus
    # line, one for bike parking, were 0.932; a reworded repeat of the same lift 0.975)
    REPEAT_HINT_SIM = 0.95
    SAME_TEXT = 0.985

    def __init__(self, departments: dict[str, Department], *,
                 law_departments: dict[str, list[tuple[str, float, str]]] | None = None,
                 weights: dict[str, float] | None = None, k_votes: int = 10, sharpness: float = 20.0,
                 min_results: int = 5, power: float | None = None) -> None:
        self.departments = departments
        self.law_departments = law_departments or {}
        self.weights = {**self.DEFAULT_WEIGHTS, **(weights or {})}
        self.k_votes = k_votes
        self.sharpness = sharpness
        self.min_results = min_results
        self.power = self.DEFAULT_POWER if power is None else power
        self._duty_words: dict[str, list[str]] = {}  # word → the departments that list it
        self._place_words: set[str] = set()  # words some department lists as a place
        for code, d in departments.items():
            for w in dict.fromkeys(d.duties + d.keywords + d.places):
                if len(w) >= 2:
                    self._duty_words.setdefault(w, []).append(code)
            self._place_words.update(d.places)
        # a danger's kind → the department that answers it first (火情 → 消防)
        self._hazard_code = {k: code for code, d in departments.items() for k in d.hazards}
        # leads parsed once: (its words, whether it counts in the first two clauses only (^), department);
        # a lead of more words is the more particular one and is tried first (养老院+暖气 → 民政 before
        # 暖气不热 → 城管委: a nursing home's cold rooms are the home's to answer; over the data's 9,175
        # messages the order changed which lead was found in 3, each for the same department)
        self._leads = sorted(((tuple(w.lstrip("^").split("+")), w.startswith("^"), code)
                              for code, d in departments.items() for w in d.leads), key=lambda l: -len(l[0]))
        # the duty words by their first character, each with its place in ``_duty_words``: a
        # complaint is checked only for the words that start with one of its characters
        self._duty_by_char: dict[str, list[tuple[int, str, list[str]]]] = {}
        for i, (w, codes) in enumerate(self._duty_words.items()):
            self._duty_by_char.setdefault(w[0], []).append((i, w, codes))

    # -- evidence --------------------------------------------------------------------------
    def _votes(self, similar: list[dict[str, Any]]) -> tuple[dict[str, float], dict[str, list]]:
        votes: dict[str, float] = {}
        why: dict[str, list[tuple[float, str, str]]] = {}
        voters = [h for h in similar if h.get("departments")][: self.k_votes]
        if voters:
            top = voters[0]["score"]
            for h in voters:
                w = math.exp(self.sharpness * (h["score"] - top))
                for code in h["departments"]:
                    votes[code] = votes.get(code, 0.0) + w / len(h["departments"])
                    # a case whose departments were read from its reply's text says so
                    note = "，据答复正文" if h.get("departments_from") == "reply_text" else ""
                    why.setdefault(code, []).append((h["score"], case_ref(h["id"], h.get("text") or ""), note))
        return _normalized(votes), why

    def _category(self, categories: list[dict[str, Any]]) -> tuple[dict[str, float], dict[str, tuple]]:
        prior: dict[str, float] = {}
        # code -> (share, label, True: the citizen's choice | "repeat": a repeated case's decided one)
        why: dict[str, tuple[float, str, Any]] = {}
        for c in categories:
            for code, d in self.departments.items():
                w = d.categories.get(c["label"], 0.0)
                if w:
                    contrib = c["confidence"] * w
                    prior[code] = prior.get(code, 0.0) + contrib
                    if contrib > why.get(code, (0.0, ""))[0]:
                        why[code] = (contrib, c["label"], True if c.get("stated") else
                                     "repeat" if c.get("repeat_of") else False)
        return _normalized(prior), why

    def _laws(self, regulations: list[dict[str, Any]]) -> tuple[dict[str, float], dict[str, tuple]]:
        """Departments the top articles' statutes name as 主管部门 (first three laws, by rank)."""
        named: dict[str, float] = {}
        why: dict[str, tuple[float, str, str, float]] = {}
        laws: list[str] = []
        for r in regulations:
            if r.get("law") and r["law"] not in laws:
                laws.append(r["law"])
        for rank, law in enumerate(laws[:3]):
            for code, share, art in self.law_departments.get(law, []):
                w = share / (rank + 1)
                named[code] = named.get(code, 0.0) + w
                # a reason names the statute only for its main departments: 养犬管理规定's one
                # article on dog trading makes 市场监管 no 主管部门 of a lift complaint's statute
                if share >= self.LAW_REASON_SHARE and w > why.get(code, (0.0, "", "", 0.0))[0]:
                    why[code] = (w, law, art, share)
        return _normalized(named), why

    def _duties(self, text: str) -> tuple[dict[str, float], dict[str, list[str]]]:
        """Departments whose duty words the complaint uses, each word by its length less one (缺斤短两
        says more than 超市: a tester's short-weight complaint went to 商务局; routing CV 0.711 /
        0.900 → 0.715 / 0.903 with this weight instead of 1 a word); a word several departments list
        counts a share for each."""
        found: dict[str, float] = {}
        why: dict[str, list[str]] = {}
        text = _MASKED.sub(" ", text)  # <身份证号> is the masking's word, not the citizen's
        apart = {}   # word → what the citizen said for it
        for w, (said, site, loud) in _SAID_APART.items():
            m = said.search(text) if (w in self._duty_words and w not in text and site.search(text)
                                      and loud.search(text)) else None
            if m:
                apart[w] = m.group()
        cand = [e for ch in set(text) | {w[0] for w in apart} for e in self._duty_by_char.get(ch, ())]
        cand.sort()  # the words' own order: the same sums, and reasons in the same order
        # a word said only inside another department's longer duty word is that word's (医院 in 宠物医院:
        # a tester's pet hospital went to 卫健委 by 医院); inside its own department's (地铁 in 地铁站) it
        # counts as before
        said_in = [w for _, w, _ in cand if w in text]
        for _, w, codes in cand:
            others = [x for x in said_in if len(x) > len(w) and w in x and not set(codes) <= set(self._duty_words[x])]
            if w in text and not w[0].isdigit() and _only_inside(w, others, text):
                continue
            if (w in text or w in apart) and (not w[0].isdigit() or _whole_number(w, text)):
                weight = 1 if w in self._place_words else len(w) - 1
                for code in codes:
                    found[code] = found.get(code, 0.0) + weight / len(codes)
                    why.setdefault(code, []).append(f"{w}（{apart[w]}）" if w in apart else w)
        return _normalized(found), why

    def _unit_mentions(self, text: str) -> dict[str, list[re.Match]]:
        """Per department, where the citizen names its unit (read once a triage for both uses below)."""
        return {code: found for code, d in self.departments.items()
                if d.named_as is not None and (found := list(d.named_as.finditer(text)))}

    def _named_unit(self, text: str, mentions: dict[str, list[re.Match]] | None = None
                    ) -> tuple[dict[str, float], dict[str, str]]:
        """The one department whose unit the citizen names (请问民政局领导…, 希望教育局…), with the words; none
        when several are named (已向城管、环保局反映过) or none is. Of the 854 provincial replied messages with
        departments, 215 name exactly one such unit and 179 of those (83 %) were answered by it."""
        mentions = self._unit_mentions(text) if mentions is None else mentions
        found = {code: ms[0].group(0) for code, ms in mentions.items()
                 if not _DECLINED.search(text, ms[0].end(), ms[0].end() + 15)}
        return ({code: 1.0 for code in found}, found) if len(found) == 1 else ({}, {})

    def _declined_units(self, text: str, mentions: dict[str, list[re.Match]] | None = None) -> dict[str, str]:
        """The departments whose unit the citizen says declined the matter (找了环保局说不归他们管, 城管也说不归他们管),
        with the words: sending it there again is the runaround the citizen complains of (``DECLINED_FACTOR``)."""
        mentions = self._unit_mentions(text) if mentions is None else mentions
        found = {}
        for code, ms in mentions.items():
            for m in ms:
                said = _OUT_OF_REMIT.search(text, m.end(), m.end() + 15)
                if said:   # the unit's name to the end of the clause that declines (环保局的电话，说不归他们管)
                    found[code] = text[m.start():said.end()] + re.match(r"[^，,。；;！!？?\s]{0,4}", text[said.end():]).group()
                    break
        return found

    def _repeats(self, similar: list[dict[str, Any]], address: dict[str, str] | None
                 ) -> tuple[str | None, list[tuple[float, str]]]:
        """The department operators decided for this same complaint (重复件), with those cases
        (``REPEAT_SIM``): the one most of them (by nearness) went to, or None."""
        found: dict[str, list[tuple[float, str]]] = {}
        for h in self._repeat_hits(similar, address):
            for code in h.get("departments") or ():
                found.setdefault(code, []).append((h["score"], h["id"]))
        if not found:
            return None, []
        code = max(found, key=lambda c: (sum(s for s, _ in found[c]), len(found[c])))
        return code, sorted(found[code], key=lambda sc_id: (-sc_id[0], sc_id[1]))

    def _repeat_hits(self, similar: list[dict[str, Any]], address: dict[str, str] | None) -> list[dict[str, Any]]:
        """The case database's cases this complaint repeats: ``REPEAT_SIM`` near and naming its
        place, or ``SAME_TEXT`` near."""
        places = specific_places(address)
        # a road said with its area before it (望京阜通东大街) is the road another caller names alone
        places += [p[k:] for p in list(places) for k in (2, 3)
                   if len(p) - k >= 4 and _ROAD_END.search(p) and p[k:] not in places]
        return [h for h in similar
                if h.get("source") == "db" and h.get("score", 0.0) >= self.REPEAT_SIM
                and (h["score"] >= self.SAME_TEXT or any(p in (h.get("text") or "") for p in places))]

    def repeat_cases(self, similar: list[dict[str, Any]], address: dict[str, str] | None) -> list[str]:
        """The numbers of the filed cases this complaint likely repeats (疑似重复件), decided or not,
        nearest first: a tester's second filing of the very same text was not flagged at intake."""
        hits = sorted((h for h in self._repeat_hits(similar, address) if h["score"] >= self.REPEAT_HINT_SIM),
                      key=lambda h: -h["score"])
        return list(dict.fromkeys(str(h["id"]).removeprefix("db-") for h in hits))

    def repeat_category(self, similar: list[dict[str, Any]], address: dict[str, str] | None
                        ) -> tuple[str, list[str]] | None:
        """The category operators decided for the case(s) this complaint repeats (重复件), with those
        cases' ids, or None: a tester's repeat followed the corrected department but kept the
        model's category (劳动和社会保障 for a gym's prepaid card corrected to 商贸旅游)."""
        votes: dict[str, list[tuple[float, str]]] = {}
        for h in self._repeat_hits(similar, address):
            if h.get("category"):
                votes.setdefault(h["category"], []).append((h["score"], h["id"]))
        if not votes:
            return None
        label = max(votes, key=lambda c: (sum(s for s, _ in votes[c]), len(votes[c])))
        return label, [cid for _, cid in sorted(votes[label], key=lambda x: (-x[0], x[1]))]

    @staticmethod
    def _repeat_street(similar: list[dict[str, Any]], repeats: list[tuple[float, str]],
                       address: dict[str, str] | None) -> str:
        """The street office a repeat complaint without a street goes to: the one the repeated
        cases name (a tester's paraphrased 跳绳 repeat went to 丰台区属地街道（乡镇）, the case it
        repeated to 丰台区马家堡街道办事处), in the complaint's district when it names one; "" else."""
        from nlu.entities import extract_entities

        district = (address or {}).get("district", "")
        texts = {h["id"]: h.get("text") or "" for h in similar}
        for _, cid in repeats:
            street = next((e.value for e in extract_entities(texts.get(cid, ""))
                           if e.kind == "street" and e.value), "")
            if street and (not district or street.startswith(district)):
                return street
        return ""

    def issues(self, text: str) -> list[dict[str, str]]:
        """The problems a message tells one after another (``nlu.issues.split_issues``) when their
        duty words belong to different departments, each ``{"text", "department"}``; else ``[]``.
        One work order is for one department: a tester's 共享单车 + 红绿灯 went to 交管 as one,
        with no hint of the second problem. (Parts of one matter, 一是…二是…, mostly share a
        department: on the data's 11,291 messages 1.8 % are told.)"""
        from nlu.issues import split_issues

        out = []
        for part in split_issues(text):
            found = self._duties(part)[0]
            out.append({"text": part, "department": max(found, key=found.get) if found else ""})
        named = {x["department"] for x in out if x["department"]}
        return out if len(named) >= 2 else []

    # -- routing ---------------------------------------------------------------------------
    def route(self, categories: list[dict[str, Any]], similar: list[dict[str, Any]], *,
              model_proba: dict[str, float] | None = None,
              regulations: list[dict[str, Any]] | None = None,
              address: dict[str, str] | None = None, text: str = "",
              limit: int | None = None, danger: Any = _FROM_TEXT,
              kind: Any = _FROM_TEXT, priority: Any = _FROM_TEXT) -> list[dict[str, Any]]:
        """Ranked ``[{"code","name","unit","confidence","reasons"}]``, ≥ ``min_results`` long;
        with ``limit``, the first ``max(limit, min_results)`` only (confidences are shares of
        all departments' scores either way). ``danger``: the ``nlu.urgency.hazard`` of ``text``
        when the caller has it (else read from ``text``); ``kind``: the ``nlu.request_kind`` of
        ``text`` likewise (praise goes to the unit of the person praised); ``priority``: its
        ``nlu.priority`` likewise (a 重点件 goes first to the unit that acts on it)."""
        votes, why_cases = self._votes(similar)
        prior, why_cat = self._category(categories)
        named, why_law = self._laws(regulations or [])
        duties, why_duty = self._duties(text) if text else ({}, {})
        mentions = self._unit_mentions(text) if text else {}
        addressed, why_named = self._named_unit(text, mentions) if text else ({}, {})
        model = _normalized(dict(model_proba or {}))
        parts = {"model": model, "votes": votes, "category": prior, "law": named, "duties": duties,
                 "named": addressed}
        active = {k: w for k, w in self.weights.items() if parts[k] and w > 0}
        wsum = sum(active.values()) or 1.0
        scores: dict[str, float] = {}
        for part, w in active.items():
            for code, v in parts[part].items():
                if code in self.departments:
                    scores[code] = scores.get(code, 0.0) + (w / wsum) * v
        if "education" in scores and study_harm_only(text):
            scores["education"] *= STUDY_HARM_FACTOR
        declined = self._declined_units(text, mentions) if text else {}
        for code in declined:
            if code in scores:
                scores[code] *= DECLINED_FACTOR
        scores = {code: v ** self.power for code, v in scores.items()}
        repeat_of, repeats = self._repeats(similar, address)
        if repeat_of is not None and repeat_of in self.departments:
            scores[repeat_of] = max(scores.get(repeat_of, 0.0), 1.2 * max(scores.values(), default=1.0))
        if kind is _FROM_TEXT:
            kind = request_kind(text) if text else None
        praised = praised_unit(text) if kind == PRAISE else None
        if praised is not None and praised[0] in self.departments:
            scores[praised[0]] = max(scores.get(praised[0], 0.0), 1.2 * max(scores.values(), default=1.0))
        # a danger now goes first to the department that answers it (a tester's fire went to 生态环境局,
        # a gas-cylinder leak too): it leads with a fifth more than the best other score
        if danger is _FROM_TEXT:
            danger = hazard(text) if text else None
        if danger is None:
            # a 重点件 (群体性欠薪) likewise goes first to the department that acts on it (tester53 D3: a group's
            # unpaid wages on a site went to 住房城乡建设委)
            danger = (priority_of(text) if text else None) if priority is _FROM_TEXT else priority
        first_for = self._hazard_code.get(danger.kind) if danger else None
        # a matter the duty list gives one department alone, named in the opening (tester54 V7, V8: 居住证 went to
        # 住房城乡建设委 by the model, 群租 to 消防 by 消防隐患)
        opening = text[:LEAD_CHARS] if text else ""
        # a lead of several words (乞讨+小孩: begging with a child is the police's) needs every one
        first = FIRST_CLAUSES.match(opening).group() if opening else ""
        found = None if first_for is not None or kind == PRAISE or not opening else \
            next(((words, code) for words, first_only, code in self._leads
                  if all(p in (first if first_only else opening) for p in words)), None)
        lead = found[0] if found else None
        if found is not None:
            first_for = found[1]
        if first_for is not None:
            scores[first_for] = max(scores.get(first_for, 0.0), 1.2 * max(scores.values(), default=1.0))
        # a repeat sent to the street office without a street of its own: the repeated case's street
        unit_address = {code: address for code in scores}
        if repeat_of == "street_township" and not (address or {}).get("street"):
            street = self._repeat_street(similar, repeats, address)
            if street:
                unit_address[repeat_of] = {**(address or {}), "street": street}
        total = sum(scores.values()) or 1.0
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if limit is not None:
            ranked = ranked[:max(limit, self.min_results)]
        out = []
        for code, s in ranked:
            reasons = []
            if model.get(code, 0) >= 0.05:
                # the model's own share, said apart from the blend's percentage (tester52 W16: 55.5% beside 0.17)
                reasons.append(f"按投诉内容判断（部门模型单项概率 {model[code]:.2f}，非综合把握）")
            if code in why_cases:
                cases = sorted(why_cases[code], reverse=True)[:3]
                reasons.append("相似案例由该部门办理：" + "、".join(_with_score(ref, f"相似度{sc:.2f}{note}")
                                                               for sc, ref, note in cases))
            if code in why_law:
                _, law, art, share = why_law[code]
                # title marks inside a title nest as 〈〉 (北京市实施〈中华人民共和国道路交通安全法〉办法)
                inner = law.replace("《", "〈").replace("》", "〉")
                # 主管部门 only for the department most of the statute's department-naming articles
                # name; else what the article does say: 民法典 第五百三十四条 gives 市场监管 one duty,
                # and a tester read it as the 主管部门 of a property-management complaint
                says = "规定该部门为主管部门" if share > 0.5 else "写明该部门的职责"
                reasons.append(f"《{inner}》{art or ''}{says}")
            if code == first_for and lead is not None:
                said = "".join(f"「{p}」" for p in lead)
                reasons.append(f"投诉提到{said}，按职责清单由该部门承办")
            elif code == first_for:
                reasons.append(f"{'重点件' if isinstance(danger, Priority) else '险情'}「{danger.kind}」"
                               f"（原话「{danger.words}」）由该部门先行处置")
            if praised is not None and code == praised[0]:
                reasons.append(f"表扬：转达被表扬人员所在单位（原话「{praised[1]}」）")
            if code == repeat_of:
                reasons.append("重复件：同一地点同一问题已由坐席分拣给该部门：" +
                               "、".join(_with_score(case_ref(cid), f"相似度{sc:.2f}") for sc, cid in repeats[:3]))
            if code in why_duty and "duties" in active and not (code == first_for and lead is not None
                                                                and why_duty[code][:4] == list(lead)):
                words = "".join(f"「{w}」" for w in why_duty[code][:4])
                reasons.append(f"投诉提到{words}，属该部门职责（职责清单）")
            if code in declined:
                reasons.append(f"市民称该单位已表示不归其管（原话「{declined[code]}」），排序下调")
            if code in why_named and "named" in active:
                reasons.append(f"市民点名该部门的单位（原话「{why_named[code]}」）")
            if code in why_cat:
                said = {True: "市民确认的投诉类别", "repeat": "重复件已确认的投诉类别"}.get(why_cat[code][2], "投诉类别")
                # as often as the duty list says: 公安 handles few 劳动和社会保障 complaints (a tester
                # read "通常由该部门承办" for 市公安局 on unpaid wages)
                share = self.departments[code].categories.get(why_cat[code][1], 0.0)
                how = "通常" if share >= 0.6 else "常" if share >= 0.3 else "少数"
                reasons.append(f"{said}「{why_cat[code][1]}」{how}由该部门承办")
            out.append({"code": code, "name": self.departments[code].name,
                        "unit": self.unit_name(code, unit_address.get(code, address), text),
                        "confidence": round(s / total, 4), "reasons": reasons})
        if len(out) < self.min_results:
            seen = {d["code"] for d in out}
            for code, d in self.departments.items():
                if len(out) >= self.min_results:
                    break
                if code not in seen and d.level == "city":
                    out.append({"code": code, "name": d.name, "unit": d.name, "confidence": 0.0,
                                "reasons": ["无直接依据，仅供备选 / no direct evidence"]})
        return out

    def unit_name(self, code: str, address: dict[str, str] | None, text: str = "") -> str:
        """The acting unit at the level the address names: the district's office when the
        complaint names a district (``北京市朝阳区`` → 朝阳区城市管理委（城管执法局）), else the
        city department; a unit of the department's system where the complaint names what it
        handles (``special_units``: 公积金 → 北京住房公积金管理中心朝阳管理部)."""
        d = self.departments[code]
        district = (address or {}).get("district", "")
        street = (address or {}).get("street", "")
        if code == "street_township":
            return street_unit(street, district) or d.name
        special = next((u for u in d.special_units if any(w in text for w in u[0])), None) if text else None
        city_unit, district_unit = (special[1], special[2]) if special else (d.name, d.district_unit)
        if not district or not district_unit:
            return city_unit
        district = district.removeprefix("北京市")
        short = re.sub(r"(区|县)$", "", district) if len(district) > 2 else district
        return district_unit.format(district=district, district_short=short, street=street)
