"""Rule-based entities over masked text: address parts, time expressions, complained-about objects."""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache

from .lexicon import BARE_DISTRICTS, DISTRICTS, LANDMARKS, OBJECTS, street_index
from .types import Entity

__all__ = ["extract_entities", "parse_ref_time"]

_HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF))

# ---------------------------------------------------------------- address

_DISTRICT = re.compile(
    "(?:北京市?)?(?:(" + "|".join(sorted(DISTRICTS, key=len, reverse=True)) + ")区"
    "|(" + "|".join(sorted(BARE_DISTRICTS, key=len, reverse=True)) + ")(?![区县]))"
    # The anonymised data writes districts/counties as "A3区", "A8县".
    "|(?<![A-Za-z0-9])[A-Z][0-9]{1,2}[区县]")
# Cities/provinces are not entities but mark where a following place name starts ("A市杜鹃文苑小区").
_CUT_MARK = re.compile(r"(?<![A-Za-z0-9])[A-Z][0-9]{0,2}[市省]|北京市?")

# Single characters that are never the last char before a place name: function words, pronouns and
# verbs that sit right before an address ("我住在望京街道", "这条路", "离小区").
_BOUNDARY = frozenset("的了是我你他她它们在住到从和与及或对向给把被让这那该此有就都也还又很说要请将为"
                      "因但而个条其所已不没无即等过着可能会由自比跟同并只再更最太非吗呢吧啊去搬找打叫看"
                      "问听想做每几多某各本间边年次率离至替省市县")
# Words that may precede a name; stripped from the left of a candidate ("位于书院路").
_LEADING_WORDS = ("位于", "地处", "处于", "对于", "关于", "由于", "至于", "靠近", "临近", "附近", "对面",
                  "旁边", "隔壁", "周边", "周围", "门口", "楼下", "楼上", "沿线", "一带", "反映", "投诉",
                  "举报", "咨询", "居住", "路过", "经过", "前往", "来到", "回到", "途经", "地址", "小区",
                  "家住", "现住", "居民", "业主", "市民", "本人", "我家", "北京", "距离")
# An institution before an area's name names the institution, not the area (tester54 V16: 某公立小学
# 中关村第三小学 read community 小学中关村): stripped from a candidate's left where a name of two or
# more characters stays before the suffix (新开铺小学路, 农机公司小区 keep theirs)
_INSTITUTION_WORDS = ("小学", "中学", "学校", "幼儿园", "医院", "公司",
                      # 海淀公安分局中关村派出所 read community 公安分局中关村 (tester56 E8)
                      "公安分局", "分局", "公安局", "支队", "大队")
# Quantity words that jieba tags as numerals (so not caught by the tag filter) but end a name.
_QUANTITY_WORDS = frozenset({"多个", "几个", "各个", "一个", "两个", "这个", "那个", "整个", "绝大多数",
                             "大多数", "多数", "少数", "部分", "所有", "全部", "一批", "一些", "许多",
                             "同一个", "一所",
                             # nouns seen right before 小区/社区 in complaints that are never names
                             "影响", "问题", "规定", "法规", "边上", "路口", "传统", "全日制",
                             # 老旧小区改造 read community 老旧小区 (tester57 F6: the case's place)
                             "老旧", "老旧住宅",
                             # a list's markers (一是…二是小区里的路灯…: a tester's hot issue was placed
                             # at "二是小区")
                             "一是", "二是", "三是", "四是", "五是", "首先", "其次", "另外", "还有"})
# jieba dictionary tags of words that cannot be part of a place name: verbs, adverbs, conjunctions,
# prepositions, pronouns, particles, adjectives, time and direction words, set phrases.
_NON_NAME_TAGS = frozenset({"v", "vd", "vi", "vq", "c", "p", "d", "r", "rr", "rz", "ul", "uj", "uz", "ug",
                            "uv", "ud", "y", "e", "o", "a", "ad", "ag", "f", "t", "tg", "z", "l"})

_STREET_SUFFIX = re.compile(r"街道|镇|乡")
_STREET_BLOCK = ("城镇", "乡镇", "村镇", "重镇", "古镇", "集镇", "小镇", "城乡", "家乡", "老乡", "下乡",
                 "回乡", "故乡", "异乡", "他乡", "同乡", "百姓乡")
# "街道" is the sub-district office, "街坊" neighbours, "道德/道理/道歉" are not roads, and
# "道路" is matched at its "路" (then rejected as a common word); 路过 is passing by (去洗手间路过后厨:
# a tester's road 洗手间路).
_ROAD_SUFFIX = re.compile(r"大街|大道|胡同|(?<!路)路(?!过(?!街天桥|街桥|街地道|街通道))|街(?![道坊])|巷|(?<=[东西南北中环])道(?![德理歉具教士义路])"
                          # Beijing's numbered hutongs: 东四六条, 西四北三条, 北新桥三条
                          r"|(?<=[四桥门口])[东西南北]?[一二三四五六七八九十]{1,3}条(?![路街狗鱼件款例线船河道腿命心项规])")
# Common words ending in a road suffix: never road names by themselves.
_ROAD_BLOCK_TAIL = ("马路", "道路", "公路", "铁路", "线路", "小路", "土路", "进路", "出路", "思路", "走路",
                    "一路", "半路", "网路", "套路", "门路", "电路", "水路", "山路", "岔路", "弯路", "来路",
                    "去路", "陆路", "之路", "后路", "退路", "活路", "迷路", "让路", "拦路", "开路", "带路",
                    "引路", "领路", "赶路", "上路", "问路", "绕路", "顺路", "近路", "远路", "老路", "修路",
                    "筑路", "过路", "夜路", "堵路", "占路", "封路", "挡路", "环路", "车路", "大路", "条路",
                    "到路", "在路", "满路", "漫路", "向路",
                    "条街", "整条街", "条胡同", "上街", "逛街", "沿街", "临街", "满街", "过街", "当街", "小巷", "街巷", "里巷", "小胡同",
                    "死胡同", "人行道", "车道", "通道", "楼道", "知道", "报道", "渠道", "频道", "轨道", "管道",
                    "隧道", "跑道", "步道", "坡道", "赛道", "味道", "难道", "地道", "水道", "航道", "弯道",
                    "引道", "过道", "走道", "干道", "便道", "匝道", "辅道", "称道", "说道", "公道", "霸道",
                    "厚道", "打交道", "一道", "顺道", "正道", "王道", "得道", "前道", "口道", "专用道",
                    "烟道", "柏油路", "水泥路", "沥青路", "快速路", "主路", "辅路", "高速路", "十字路",
                    "丁字路", "环岛路", "交通路", "公交路", "步行路", "商业街", "一条街", "占道", "单行道",
                    "上学路", "施工路", "跑路")
_RING_ROAD = re.compile(r"[东西南北]?[二三四五六]环(?:路)?")
# Beijing's residential areas are also 里 (红庙北里, 古城南路东里), numbered or lettered zones
# (劲松八区, 和平里九区, 天通苑北一区, 建新北区) and 大院 (石油大院)
_COMMUNITY_SUFFIX = re.compile(r"(?:小区|社区|花园|家园|嘉园|佳园|公寓|大厦|新村|华庭|大院|苑|村(?![民委干])"
                               r"|[东西南北中]里(?![面边头外])"
                               r"|[东西南北中]?[一二三四五六七八九十]{1,3}区(?![域别分长级政])"
                               r"|[东西南北]区(?![域别分长级政]))"
                               r"(?:小区|社区)?")
_LI_AFTER_UNIT = re.compile(r"([\u4e00-\u9fff]{1,3}里)(?![面边头外屋堡庄河屯铺桥营沟坡村店街路巷园湾甸镇])")
_LI_BLOCK = set("这那哪家楼院村城心屋店区内外小段")
_COMMUNITY_BLOCK = ("农村", "乡村", "山村", "渔村", "城中村", "本村", "该村", "全村", "邻村", "各村",
                    "外村", "同村", "我村", "行政村", "自然村", "名村", "屋顶花园", "后花园", "生活小区", "商品房小区")
# Public places named by their kind (万达广场, 龙泽地铁站, 朝阳公园); 广场舞 is a dance, not a place
# (朝外派出所, 朝阳医院, 新发地批发市场)
# and malls and estates named …城 (富力城, 大悦城, 华纺易城) or …大楼 (百货大楼): a 城 that starts
# no other word (城管, 城市, 城区, 城中村, 城里 …); a name of one character (进城, 县城) is none
_PLACE_SUFFIX = re.compile(r"广场(?!舞)|公园|火车站|地铁站|汽车站|客运站|航站楼|商场|购物中心|体育场|体育馆"
                           r"|园区|产业园|软件园|开发区|派出所|医院|卫生院|农贸市场|批发市场|大楼"
                           r"|(?<![县省市京进回出])城(?![市管区乡镇墙里外中内建铁际关郊际])")
# a place of these kinds takes the road or landmark right before it as its name (金融街购物中心,
# 西单商场, 王府井百货大楼), as a 小区 takes its road (花园路小区)
_NAMED_BY_PLACE = re.compile(r"广场|商场|购物中心|大楼|城|体育场|体育馆|公园|医院")
_PLACE_BLOCK = ("小广场", "大广场", "小公园", "附近公园", "去公园", "逛公园", "逛商场", "去商场",
                "众志成城", "全城", "文化名城", "满城", "倾城", "古城", "围城", "办公大楼")
# what follows a landmark's name and still belongs to the place: 北京西站南广场, 首都机场T3航站楼,
# 北京南站北口, 国贸C口, and a station named by its landmark with its exit: 国贸地铁站B口, 国贸站A口
_LANDMARK_TAIL = re.compile(r"(?:地铁站|站(?=[A-Z东西南北出进]))?"
                            r"(?:[东西南北]?(?:广场|出站口|进站口|出口|入口|停车场|[口门侧])(?![场口])"
                            r"|\s?T[1-3](?:航站楼|门口)?|[0-9]号航站楼|[A-Z][0-9]?(?:出口|口))|地铁站")
# House numbers after a road or community: 5号院, 3号楼2单元301室, 甲1号, 12栋, 3-2-501.
_HOUSE_NO = re.compile(r"(?:[甲乙丙]?(?:[0-9]+|[一二三四五六七八九十百零〇两]{1,4})"
                       r"(?:号院|号楼|号|栋|幢|座|单元|室)"
                       r"|(?<![A-Za-z0-9])[A-Z][0-9]?(?:区|座|栋)(?![域别分长级政])"
                       r"|[0-9]+(?:-[0-9]+){1,2}(?:室|号)?)+")

_words_lock = threading.Lock()
_word_sets: tuple[frozenset[str], frozenset[str], frozenset[str]] | None = None
# jieba's tags of proper names: place (ns), other proper noun (nz), person (nr …), organisation (nt)
_PROPER_TAGS = frozenset({"ns", "nz", "nr", "nrt", "nrfg", "nt"})


def _is_han(c: str) -> bool:
    o = ord(c)
    return any(a <= o <= b for a, b in _HAN_RANGES)


def _words() -> tuple[frozenset[str], frozenset[str]]:
    """(words that end a name leftwards, idioms) from jieba's tagged dictionary, read once (~0.6 s)."""
    global _word_sets
    if _word_sets is None:
        with _words_lock:
            if _word_sets is None:
                from .segment import _get_tokenizer, load_stopwords

                non_name: set[str] = set()
                idioms: set[str] = set()
                proper: set[str] = set()
                with _get_tokenizer().get_dict_file() as f:
                    for raw in f:
                        parts = raw.decode("utf-8").split()
                        if len(parts) != 3 or len(parts[0]) < 2:
                            continue
                        if parts[2] in _PROPER_TAGS:
                            proper.add(parts[0])
                        if parts[2] in _NON_NAME_TAGS:
                            non_name.add(parts[0])
                        elif parts[2] == "i":
                            idioms.add(parts[0])
                non_name |= {w for w in load_stopwords() if len(w) > 1}
                non_name |= set(_LEADING_WORDS) | _QUANTITY_WORDS
                # Beijing areas jieba tags as time or idiom (东四 "t", 永定门外 "l") name roads and
                # hutongs: 东四六条, 永定门外大街
                areas = {re.sub(r"(?:街道|地区|镇|乡)$", "", n) for n in street_index()}
                non_name -= {a for a in areas if len(a) >= 2}
                _word_sets = frozenset(non_name), frozenset(idioms), frozenset(proper)
    return _word_sets[0], _word_sets[1]


def _proper_words() -> frozenset[str]:
    """Words jieba's dictionary tags as proper names (小营, 西三旗 …), read with ``_words``."""
    _words()
    assert _word_sets is not None
    return _word_sets[2]


def _token_spans(text: str, tokens: tuple[str, ...] | None) -> list[tuple[int, int]]:
    """Offsets of jieba tokens in ``text`` (tokens are in order; only whitespace was dropped)."""
    if tokens is None:
        from .segment import segment

        tokens = segment(text)
    spans: list[tuple[int, int]] = []
    pos = 0
    for t in tokens:
        i = text.find(t, pos)
        if i < 0:
            continue
        spans.append((i, i + len(t)))
        pos = i + len(t)
    return spans


class _Names:
    """Finds the left boundary of a place name from the jieba tokens of one text."""

    def __init__(self, text: str, toks: list[tuple[int, int]]):
        self.text = text
        self.toks = toks
        self.starts = [t[0] for t in toks]
        self.non_name, self.idioms = _words()
        from .segment import _get_tokenizer

        self.freq = _get_tokenizer().FREQ

    def _nameish(self, w: str, alnum: bool) -> bool:
        if not all(_is_han(c) or (alnum and c.isascii() and c.isalnum()) for c in w):
            return False
        if w.isascii() and w.isdigit():  # "22号" belongs to the road before, not to the name
            return False
        if len(w) == 1:
            return w not in _BOUNDARY
        if w in self.non_name:
            return False
        # jieba's HMM glues unknown pairs like "但全": a word not in the dictionary that starts
        # with a function word is not a name part.
        return not (w[0] in _BOUNDARY and not self.freq.get(w))

    def start(self, end: int, lo: int, max_len: int, alnum: bool = False) -> int | None:
        """Start of the name whose suffix starts at ``end``, not before ``lo``; None if the suffix
        is the tail of an idiom or common word ("走投无路")."""
        text, toks = self.text, self.toks
        i = bisect_right(self.starts, end - 1) - 1 if end > 0 else -1
        start = end
        if i >= 0 and toks[i][0] < end < toks[i][1]:
            # The suffix sits inside a token ("西霞路"): that token's head belongs to the name.
            if text[toks[i][0]:toks[i][1]] in self.idioms:
                return None
            s = max(toks[i][0], lo)
            head = text[s:end]
            if len(head) > 1 and self._nameish(head, alnum) or len(head) == 1 and head not in _BOUNDARY:
                start = s
            i = i - 1 if s > lo and start == s else -1
        while i >= 0:
            s, e = toks[i]
            if e != start or s < lo or end - s > max_len or not self._nameish(text[s:e], alnum):
                break
            start = s
            i -= 1
        changed = True
        while changed and start < end:
            changed = False
            for w in _LEADING_WORDS:
                if text.startswith(w, start) and end - start > len(w):
                    start += len(w)
                    changed = True
            for w in _INSTITUTION_WORDS:
                if text.startswith(w, start) and end - start - len(w) >= 2:
                    start += len(w)
                    changed = True
        return start


_Index = dict[str, tuple[str, ...]]


def _landmark_index() -> _Index:
    """First-char index (longest first) of ``LANDMARKS``."""
    d: dict[str, list[str]] = {}
    for w in sorted(LANDMARKS, key=len, reverse=True):
        d.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in d.items()}


_LANDMARK_IDX = _landmark_index()


@lru_cache(maxsize=1)
def _by_first_char() -> tuple[_Index, _Index, dict[str, tuple[str, ...]]]:
    """First-char indexes (longest first) of known streets and objects, plus street -> districts."""
    streets = street_index()

    def index(words) -> _Index:
        d: dict[str, list[str]] = {}
        for w in sorted(set(words), key=len, reverse=True):
            d.setdefault(w[0], []).append(w)
        return {k: tuple(v) for k, v in d.items()}

    return index(streets), index(OBJECTS), streets


@lru_cache(maxsize=4)
def _first_char_re(chars: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(chars)) + "]")


def _lexicon_matches(text: str, idx: _Index) -> list[tuple[int, int]]:
    """Leftmost-longest matches of a first-char-indexed lexicon."""
    out: list[tuple[int, int]] = []
    pos = 0
    # Jump between positions holding a possible first char (C speed) instead of every char.
    for m in _first_char_re(tuple(idx)).finditer(text):
        i = m.start()
        if i < pos:
            continue
        for w in idx[text[i]]:
            if text.startswith(w, i):
                out.append((i, i + len(w)))
                pos = i + len(w)
                break
    return out


@lru_cache(maxsize=1)
def _bare_streets() -> dict[str, dict[str, str]]:
    """An area's name without its unit (清河, 梨园, 回龙观) -> district -> the unit (清河街道);
    a 街道 before a 地区, a 镇, a 乡 of the same name (回龙观街道, not 回龙观镇)."""
    rank = {"街道": 0, "地区": 1, "镇": 2, "乡": 3}
    out: dict[str, dict[str, str]] = {}
    for name, districts in sorted(street_index().items(),
                                  key=lambda kv: rank.get(_STREET_UNIT.search(kv[0]).group(), 9)
                                  if _STREET_UNIT.search(kv[0]) else 9):
        m = _STREET_UNIT.search(name)
        if not m or m.start() < 2:
            continue
        for d in districts:
            out.setdefault(name[:m.start()], {}).setdefault(d, name)
    return out


_STREET_UNIT = re.compile(r"(?:街道|地区|镇|乡)$")


def _overlaps(s: int, e: int, spans) -> bool:
    return any(s < b and a < e for a, b in spans)


def _last_end_before(pos: int, spans) -> int:
    return max((b for a, b in spans if b <= pos), default=0)


def _addresses(text: str, toks: list[tuple[int, int]], cuts: list[tuple[int, int]]) -> list[Entity]:
    """District, street, road, community and place (landmark, 广场 / 公园 / 地铁站 …) entities
    (non-overlapping), left to right.

    ``cuts`` are spans (times, cities) a place name must not extend over.
    """
    street_idx, _, street_districts = _by_first_char()
    names = _Names(text, toks)
    found: list[Entity] = []
    spans: list[tuple[int, int]] = []
    cuts = cuts + [(m.start(), m.end()) for m in _CUT_MARK.finditer(text)]

    def add(kind: str, s: int, e: int, value: str | None = None) -> None:
        found.append(Entity(kind, text[s:e], s, e, value))
        spans.append((s, e))

    def house_no(end: int) -> int:
        h = _HOUSE_NO.match(text, end)
        # never over a part already read (蔡锷南路A2区: A2区 a district of the data's cities)
        return h.end() if h and not _overlaps(end, h.end(), spans) else end

    street_spans = _lexicon_matches(text, street_idx)
    # a bare district name that begins its own town's name is the town (在延庆镇 read district 延庆,
    # and the bot asked the place again: tester56 E8); 延庆区延庆镇 keeps both
    town_starts = {(s, e) for s, e in street_spans}
    for m in _DISTRICT.finditer(text):
        if m.group() in BARE_DISTRICTS and any(s == m.start() and e > m.end() for s, e in town_starts):
            continue
        # …and one that begins a landmark's name is the landmark (密云水库: district 密云 only, and the bot filed
        # the case with no place: tester59 G11); the landmark's entry names its district
        if m.group() in BARE_DISTRICTS and any(len(w) > len(m.group()) and text.startswith(w, m.start())
                                               for w in _LANDMARK_IDX.get(text[m.start()], ())):
            continue
        short = m.group(1) or m.group(2)
        add("district", m.start(), m.end(), f"北京市{DISTRICTS[short]}" if short else m.group())

    districts_seen = [e.value for e in found]
    for s, e in street_spans:
        if not _overlaps(s, e, spans):
            name = text[s:e]
            ds = street_districts[name]
            # 八里庄街道 exists in two districts: take the one the text names, if any.
            d = ds[0] if len(ds) == 1 else next((x for x in ds if f"北京市{x}" in districts_seen), None)
            add("street", s, e, f"北京市{d}{name}" if d else None)
    # a bare district name right after a district or street begins a place's name (海淀区中关村街道
    # 海淀黄庄地铁站: the address was cut to …中关村街道海淀)
    ends = {x.end for x in found if x.kind in ("district", "street")}
    bare = [x for x in found if x.kind == "district" and x.start in ends and x.text in BARE_DISTRICTS
            and x.end < len(text) and _is_han(text[x.end])]
    for x in bare:
        found.remove(x)
        spans.remove((x.start, x.end))

    for m in _RING_ROAD.finditer(text):
        if not _overlaps(m.start(), m.end(), spans):
            add("road", m.start(), house_no(m.end()))

    def generic(kind: str, rx: re.Pattern[str], max_len: int, block: tuple[str, ...],
                alnum: bool = False, numbered: bool = True) -> None:
        for m in rx.finditer(text):
            if _overlaps(m.start(), m.end(), spans) or _overlaps(m.start(), m.end(), cuts):
                continue
            lo = _last_end_before(m.start(), spans + cuts)
            s = names.start(m.start(), lo, max_len, alnum)
            if s is None:
                continue
            value = None
            if m.start() - s < 2:
                head = _area_word(m.start(), lo, inside=True) if kind == "road" else None
                before = _area_word(m.start(), lo, inside=False) if kind == "community" else None
                if head is not None:
                    # 朝阳区青年路: a road whose name is a common word, right after its district
                    s = head
                elif before is not None:
                    # 西三旗育新花园: a community whose name is a common word, right after its area
                    s = before
                elif kind == "community" and m.start() - s == 1 and _is_han(text[s]) \
                        and text[s] not in _BOUNDARY and text[s] not in "一二两三四五六七八九十百千" \
                        and not m.group().startswith(("小区", "社区")) \
                        and any(x.end == s and x.kind in ("district", "street") for x in found):
                    # one character of a word the suffix sits in, right after a district or street
                    # (和平街街道 + 樱 + 花园小区: the tokens 樱花园 小区; the community was lost)
                    pass
                else:
                    # "花园路小区": the name is the road right before the suffix, so absorb that road
                    # (or the community: 天通苑 + 北一区; a mall its road or landmark: 金融街购物中心)
                    zone = m.group().endswith(("区", "里"))
                    named = kind == "place" and _NAMED_BY_PLACE.fullmatch(m.group())
                    road = next((e for e in found if e.end == m.start()
                                 and (e.kind in ("road", "street") or (zone and e.kind == "community")
                                      or (named and e.kind == "place"))), None)
                    if kind not in ("community", "place") or road is None \
                            or (kind == "place" and not named):
                        continue
                    if road.kind == "street":
                        # an area named without its unit (金融街 of 金融街购物中心, 和平里 of 和平里九区)
                        # stays the street; the place is the rest
                        if road.value is None or road.value.endswith(road.text):
                            continue
                        s = m.start()
                    else:
                        found.remove(road)
                        spans.remove((road.start, road.end))
                        s = road.start
                        if road.value and road.value.endswith(road.text):
                            value = road.value
            if text[s:m.end()].endswith(block):
                continue
            e = house_no(m.end()) if numbered else m.end()
            if kind == "street" and not value:
                # qualified by its district as a known street is (tester54 V16: 万柳街道 beside
                # 北京市朝阳区望京街道): the district right before it, else the only one named
                named = {x.value for x in found if x.kind == "district" and x.value}
                by = next((x.value for x in found if x.kind == "district" and x.end == s and x.value), None) \
                    or (next(iter(named)) if len(named) == 1 else None)
                if by and by.startswith("北京市"):
                    add(kind, s, e, by + text[s:e])
                    continue
            add(kind, s, e, value + text[m.start():e] if value else None)

    def _area_word(end: int, lo: int, *, inside: bool) -> int | None:
        """Start of the dictionary word right after a district, street or landmark (ending at lo)
        that names what follows — there a common word is a name: the word the suffix sits in or
        ends (青年 of 青年路, ``inside``), or the one word before a community's suffix (育新 of
        育新花园)."""
        i = bisect_right(names.starts, lo) - 1
        if i < 0 or names.toks[i][0] != lo or end - lo < 2:
            return None
        b = names.toks[i][1]
        w = text[lo:end]
        fits = lo < end <= b if inside else (b == end and w not in _QUANTITY_WORDS and w[0] not in _BOUNDARY)
        if fits and all(_is_han(c) for c in w) \
                and any(x.end == lo and x.kind in ("district", "street", "place") for x in found):
            return lo
        return None

    generic("street", _STREET_SUFFIX, 5, _STREET_BLOCK, numbered=False)
    generic("road", _ROAD_SUFFIX, 6, _ROAD_BLOCK_TAIL)
    generic("community", _COMMUNITY_SUFFIX, 8, _COMMUNITY_BLOCK, alnum=True)
    # a 胡同 whose name the dictionary reads as a common word (丰盛 an adjective): the 2–4 characters
    # between the place before it (or a boundary word) and 胡同 (a tester's 丰盛胡同12号院 was lost,
    # and its 胡同 brought 市容条例's 胡同 articles into a noise complaint)
    for m in re.finditer(r"胡同", text):
        if _overlaps(m.start(), m.end(), spans) or _overlaps(m.start(), m.end(), cuts):
            continue
        before = _last_end_before(m.start(), spans + cuts)
        s = m.start()
        while s > max(before, m.start() - 4) and _is_han(text[s - 1]) and text[s - 1] not in _BOUNDARY:
            s -= 1
        end = house_no(m.end())
        # the name starts after a place, a boundary word or punctuation; at the text's start only
        # with a house number ("开进胡同里" is no name)
        starts = s == before > 0 or (s > 0 and (text[s - 1] in _BOUNDARY or not _is_han(text[s - 1]))) \
            or (s == 0 and end > m.end())
        if 2 <= m.start() - s <= 4 and starts:
            add("road", s, end)
    # an area named without its unit right after its district (海淀区清河, 通州区梨园云景里, 朝阳区双井),
    # after the roads and communities, which keep their whole names (德胜门内大街, 团结湖中路):
    # that street or township, read as written (its unit's name is the value, for the street office)
    bare = _bare_streets()
    for d in [e for e in found if e.kind == "district"]:
        for n in range(min(5, len(text) - d.end), 1, -1):
            name = text[d.end:d.end + n]
            # an area named after its road (学院路, 花园路) is read as that road, with its number
            unit = None if name.endswith(("路", "街", "道")) else bare.get(name, {}).get(d.value.removeprefix("北京市"))
            # not the head of a longer name: 中关村大街, 花园路小区, 和平里九区
            # (朝外派出所, 望京SOHO: a landmark)
            end = d.end + n
            longer = _ROAD_SUFFIX.match(text, end) or _COMMUNITY_SUFFIX.match(text, end) \
                or _PLACE_SUFFIX.match(text, end) \
                or any(len(w) > n and text.startswith(w, d.end) for w in _LANDMARK_IDX.get(name[0], ()))
            if unit and not longer and not _overlaps(d.end, d.end + n, spans) \
                    and not _overlaps(d.end, d.end + n, cuts):
                add("street", d.end, d.end + n, f"{d.value}{unit}")
                break
            # a community or road read whole that starts with the area (清河毛纺路小区, 回龙观龙跃苑三区):
            # split, where a word ends after the area and the rest is a name of two or more
            # characters and its suffix (团结湖中路, 和平里北街, 德胜门内大街 stay whole)
            whole = next((x for x in found if x.start == d.end and x.kind in ("road", "community")), None)
            if unit and whole is not None and whole.end > end and any(b == end for _, b in names.toks):
                rx = _ROAD_SUFFIX if whole.kind == "road" else _COMMUNITY_SUFFIX
                tails = list(rx.finditer(text, end, whole.end))
                if tails and tails[-1].start() - end >= 2:
                    found.remove(whole)
                    spans.remove((whole.start, whole.end))
                    add("street", d.end, end, f"{d.value}{unit}")
                    add(whole.kind, end, whole.end, whole.value)
                    break

    # a community after the area just found (西三旗 + 育新花园)
    generic("community", _COMMUNITY_SUFFIX, 8, _COMMUNITY_BLOCK, alnum=True)
    # a 里 right after a district or street is a residential area (劲松街道农光里, 东城区和平里),
    # never 这里 / 家里 / 楼里
    for unit in [x for x in found if x.kind in ("district", "street")]:
        m = _LI_AFTER_UNIT.match(text, unit.end)
        if m is None:
            continue
        s, e = m.start(1), m.end(1)
        # (潮白河仁和镇段河道里: community 段河道里, tester55 S13 — a river's or a corridor's inside, no area)
        if text[s] not in _LI_BLOCK and not text[s:e].endswith(("道里", "河里", "沟里", "湖里", "水里")) \
                and not _overlaps(s, e, spans) and not _overlaps(s, e, cuts):
            add("community", s, house_no(e))
    # landmarks (北京西站南广场, 国贸) after the patterns, which keep 中关村大街 a road: a place with
    # its district, so that a complaint naming only a landmark is placed
    for s, e in _lexicon_matches(text, _LANDMARK_IDX):
        if not _overlaps(s, e, spans):
            name = text[s:e]
            tail = _LANDMARK_TAIL.match(text, e)
            end = tail.end() if tail else e
            district = LANDMARKS[name]
            add("place", s, end, f"北京市{district}{text[s:end]}" if district else None)
    generic("place", _PLACE_SUFFIX, 6, _PLACE_BLOCK, alnum=True)
    # the name told after an area and nothing else (海淀区清河小营, 丰台区方庄芳群园, 国贸建外SOHO,
    # 海淀区西三旗育新花园): a community, when it ends the clause or comes before 楼下 / 门口 …
    for unit in sorted((x for x in found if x.kind in ("district", "street", "place")), key=lambda x: x.end):
        # Beijing's own areas only (the data's other cities, A3区, have no such names to tell)
        if not (unit.value or "").startswith("北京市") or any(x.start == unit.end for x in found):
            continue
        i = bisect_right(names.starts, unit.end - 1)
        end = unit.end
        last = 0
        named = False   # a name's word, not only a suffix (小区里 is no name)
        proper = _proper_words()
        while i < len(names.toks) and names.toks[i][0] == end and end - unit.end < 8:
            a, b = names.toks[i]
            w = text[a:b]
            # a name's parts: words the dictionary lacks (芳群园) or tags as proper names (小营), Latin
            # letters (SOHO), a residential suffix (花园); never a common word (施工, 噪音, 遛狗)
            name = w.isascii() and w.isalnum() or (len(w) >= 2 and not names.freq.get(w)) or w in proper
            suffix = bool(_COMMUNITY_SUFFIX.fullmatch(w)) or w in ("园", "营", "庄", "屯", "坊", "堡")
            if not (name or suffix and named) or w in _AFTER_PLACE or w in OBJECTS \
                    or _overlaps(a, b, spans) or _overlaps(a, b, cuts):
                break
            named = True
            end, last = b, b - a
            i += 1
        after = text[end:end + 2]
        closes = end == len(text) or not _is_han(text[end]) and not text[end].isalnum() \
            or after in _AFTER_PLACE or text[end] in "的里"
        told = text[unit.end:end]
        if end - unit.end >= 2 and last >= 2 and closes and any(_is_han(c) for c in told) \
                and not _NOT_A_COMMUNITY.search(told):
            add("community", unit.end, house_no(end))
    found.sort(key=lambda e: e.start)
    return found


# offices and generic words after an area are no community's name (朝阳区城管局, 各乡镇, 这座城市)
_NOT_A_COMMUNITY = re.compile(r"^[这那各每该本全此某]|(?:局|委|政府|大队|中队|支队|办|所|站|中心|公司|医院|部门)$")
# where a place is said to be, after its name (育新花园门口, 小营楼下)
_AFTER_PLACE = frozenset({"楼下", "楼上", "门口", "旁边", "附近", "对面", "一带", "那边", "这边", "里面", "路口",
                          "东门", "西门", "南门", "北门", "底商", "院里", "外面", "周边", "那块", "这块"})


_BESIDE = frozenset({"旁边的", "旁的", "附近的", "对面的", "边上的", "隔壁的", "后面的", "北边的", "南边的", "东边的", "西边的"})


def _combined(parts: list[Entity], text: str) -> list[Entity]:
    """An ``address`` entity for every run of ≥ 2 adjacent address parts."""
    out: list[Entity] = []
    run: list[Entity] = []
    for e in [*parts, None]:
        # adjacent, or apart by spaces only ("西城区 广安门外街道 红莲中里")
        if e is not None and run and e.start >= run[-1].end and not text[run[-1].end:e.start].strip():
            run.append(e)
            continue
        # a landmark that only says where the 小区 is: 学院路街道石油大院旁边的六道口小区 is at the 小区
        if (e is not None and run and e.kind == "community" and run[-1].kind in ("place", "road", "community")
                and text[run[-1].end:e.start] in _BESIDE and len(run) >= 2):
            run[-1] = e
            continue
        if len(run) >= 2:
            s, t = run[0].start, run[-1].end
            head = run[0]
            # The district's (or a known street's) qualified value, then the rest as written.
            value = (head.value or head.text) + "".join(p.text for p in run[1:])
            if head.kind == "district" and run[1].kind == "street" and run[1].value \
                    and run[1].value.endswith(run[1].text):
                value = run[1].value + "".join(p.text for p in run[2:])
            out.append(Entity("address", text[s:t], s, t, value))
        run = [e] if e is not None else []
    return out


# ---------------------------------------------------------------- time

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
_NUM = r"(?:[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3})"
_WEEKDAY = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7, "末": 6,
            "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}

# Period of day -> (start hour, end hour) for the value and hour shift rule for clocks.
_PERIODS: dict[str, tuple[str, str]] = {
    "凌晨": ("00:00-06:00", "early"), "后半夜": ("00:00-05:00", "night"), "半夜": ("00:00-05:00", "night"),
    "午夜": ("00:00-05:00", "night"), "深夜": ("23:00-05:00", "night"), "清晨": ("06:00-09:00", "am"),
    "早晨": ("06:00-09:00", "am"), "早上": ("06:00-09:00", "am"), "一早": ("06:00-09:00", "am"),
    "上午": ("09:00-12:00", "am"), "中午": ("11:00-13:00", "noon"), "午间": ("11:00-13:00", "noon"),
    "下午": ("13:00-18:00", "pm"), "午后": ("13:00-18:00", "pm"), "傍晚": ("17:00-19:00", "pm"),
    "黄昏": ("17:00-19:00", "pm"), "晚上": ("18:00-24:00", "night"), "晚间": ("18:00-24:00", "night"),
    "夜晚": ("18:00-24:00", "night"), "夜里": ("22:00-06:00", "night"), "夜间": ("22:00-06:00", "night"),
    "整夜": ("22:00-06:00", "night"), "通宵": ("22:00-06:00", "night"), "白天": ("06:00-18:00", "am"),
    "全天": ("00:00-24:00", "am"),
}
_PERIOD_RE = "|".join(sorted(_PERIODS, key=len, reverse=True))
_RELDAY = {"大前天": -3, "前天": -2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "当天": 0, "当日": 0,
           "明天": 1, "次日": 1, "第二天": 1, "后天": 2, "昨晚": -1, "前晚": -2, "今晚": 0, "当晚": 0,
           "今早": 0, "昨夜": -1, "今夜": 0, "明早": 1, "明晚": 1}
_RELDAY_RE = "|".join(sorted(_RELDAY, key=len, reverse=True))
_RECUR = {"每天": "每天", "每日": "每天", "天天": "每天", "每晚": "每天", "每夜": "每天", "夜夜": "每天",
          "每天晚上": "每天", "每个晚上": "每天", "每月": "每月", "每个月": "每月", "每年": "每年",
          "工作日": "工作日", "节假日": "节假日"}

_TIME = re.compile(
    # Only try where some component can start (keeps the all-optional body from matching empty).
    rf"(?=每|天天|夜夜|工作日|节假日|[去今前明]年|[上这本下]个?(?:月|周|星期|礼拜)|(?:19|20)[0-9]{{2}}"
    rf"|{_NUM}(?:月|日|号|点|时)|[0-9]{{1,2}}:[0-9]{{2}}|[0-9]{{2}}年|{_RELDAY_RE}|周末|(?:周|星期|礼拜)[一二三四五六日天1-7]"
    rf"|{_PERIOD_RE})"
    rf"(?P<recur>每天晚上|每个晚上|每天|每日|天天|每晚|每夜|夜夜|每个?月|每年|工作日|节假日"
    r"|每(?:个|到|逢)?(?:周末|(?:周|星期|礼拜)[一二三四五六日天1-7]?))?"
    r"(?P<relyear>去年|今年|前年|明年)?(?P<relmonth>上个?月|这个月|本月|下个?月)?"
    r"(?:(?P<y>(?:19|20)[0-9]{2})[-/.](?P<m2>[0-9]{1,2})[-/.](?P<d2>[0-9]{1,2})(?![0-9])[日号]?"
    r"|(?<![0-9])(?P<y8>(?:19|20)[0-9]{2})(?P<m8>0[1-9]|1[0-2])(?P<d8>0[1-9]|[12][0-9]|3[01])(?![0-9])"
    rf"|(?:(?<![0-9])(?P<year>(?:19|20)[0-9]{{2}}|[0-9]{{2}})年)?(?P<month>{_NUM})月份?(?:(?P<day>{_NUM})[日号])?"
    r"|(?<![0-9])(?P<yearonly>(?:19|20)[0-9]{2})年(?!代|度|龄|级|纪)"
    rf"|(?<![0-9])(?P<dayonly>{_NUM})(?:日|号(?=凌晨|清晨|早|上午|中午|下午|傍晚|晚|夜|半夜|深夜|{_NUM}[点时])))?"
    rf"(?P<relday>{_RELDAY_RE})?"
    r"(?P<week>(?:上上|上|这|本|下)?个?(?:周末|(?:周|星期|礼拜)[一二三四五六日天1-7](?![0-9]))"
    r"|(?:上|这|本|下)个?(?:周|星期|礼拜))?"
    rf"(?P<period>{_PERIOD_RE})?"
    rf"(?:(?P<h1>{_NUM})(?:点|时)(?:(?P<mi1>[0-9]{{1,2}}|[零〇一二三四五六七八九十]{{1,3}})分|(?P<half1>半)|(?P<q1>一刻|三刻))?钟?"
    r"|(?P<hh1>[0-2]?[0-9]):(?P<mm1>[0-5][0-9]))?"
    rf"(?:(?P<to>到|至|-|~|～|—)(?P<period2>{_PERIOD_RE})?"
    rf"(?:(?P<h2>{_NUM})(?:点|时)(?:(?P<mi2>[0-9]{{1,2}}|[零〇一二三四五六七八九十]{{1,3}})分|(?P<half2>半)|(?P<q2>一刻|三刻))?钟?"
    r"|(?P<hh2>[0-2]?[0-9]):(?P<mm2>[0-5][0-9])))?"
    r"(?P<mod>以后|之后|以前|之前|左右|前后|开始|多|后|前|起)?")
_CLOCK_CONTEXT_BEFORE = frozenset("到至在从于约晚早近都")  # (都十二点了: session 53)
_CORE_GROUPS = ("recur", "relyear", "relmonth", "y", "y8", "yearonly", "month", "dayonly", "relday",
                "week", "period")


def _cn_int(s: str | None) -> int | None:
    """Arabic or Chinese numeral (up to 99) to int; '二〇一九'-style digit strings too."""
    if not s:
        return None
    if s.isdigit() and s.isascii():
        return int(s)
    if "十" in s:
        a, _, b = s.partition("十")
        tens = _CN_DIGIT.get(a, 1) if a else 1
        ones = _CN_DIGIT.get(b, 0) if b else 0
        return tens * 10 + ones
    v = 0
    for c in s:
        if c not in _CN_DIGIT:
            return None
        v = v * 10 + _CN_DIGIT[c]
    return v


def _shift_hour(h: int, rule: str | None) -> int:
    if rule == "early":
        return 0 if h == 12 else h
    if rule == "noon":
        return h + 12 if h <= 3 else h
    if rule == "pm":
        return h + 12 if h < 12 else h
    if rule == "night":
        if h == 12:
            return 0
        return h + 12 if 5 <= h < 12 else h
    return h


_APPROX_HOURS = re.compile(r"^(十)?([一二两三四五六七八九])([二两三四五六七八九十])$")  # 一两点 too


def _approx_hours(s: str | None) -> tuple[int, int] | None:
    """"两三" → (2, 3), "七八" → (7, 8), "十一二" → (11, 12): two neighbouring hours, as people say
    an approximate time (夜里两三点, 晚上十一二点); None for anything else (二十, 十二, 二三十)."""
    m = _APPROX_HOURS.match(s or "")
    if not m:
        return None
    a, b = _CN_DIGIT[m.group(2)], (10 if m.group(3) == "十" else _CN_DIGIT[m.group(3)])
    if b != a + 1:
        return None
    tens = 10 if m.group(1) else 0
    if tens and b == 10:
        return None
    return tens + a, tens + b


def _clock(m: re.Match[str], i: int, rule: str | None) -> str | None:
    approx = _approx_hours(m.group(f"h{i}")) if m.group(f"hh{i}") is None else None
    if approx is not None and not m.group(f"mi{i}") and not m.group(f"half{i}") and not m.group(f"q{i}"):
        lo, hi = (_shift_hour(h, rule) for h in approx)
        hi = 24 if hi == 0 and lo > 0 else hi   # 晚上十一二点: 23:00-24:00
        return f"{lo:02d}:00-{hi:02d}:00" if 0 <= lo <= 24 and 0 <= hi <= 24 else None
    if m.group(f"hh{i}") is not None:
        h, mi = int(m.group(f"hh{i}")), int(m.group(f"mm{i}"))
    else:
        h = _cn_int(m.group(f"h{i}"))
        if h is None:
            return None
        if m.group(f"half{i}"):
            mi = 30
        elif m.group(f"q{i}"):
            mi = 15 if m.group(f"q{i}") == "一刻" else 45
        else:
            mi = _cn_int(m.group(f"mi{i}")) or 0
    h = _shift_hour(h, rule)
    if not (0 <= h <= 24 and 0 <= mi < 60):
        return None
    return f"{h:02d}:{mi:02d}"


def _has_clock(m: re.Match[str], i: int) -> bool:
    return m.group(f"h{i}") is not None or m.group(f"hh{i}") is not None


def _as_date(ref: date | datetime | None) -> date | None:
    if isinstance(ref, datetime):
        return ref.date()
    return ref


def _time_value(m: re.Match[str], ref: date | None, inherited: str | None = None) -> str | None:
    """Normalized value: "[recurrence] [date] [HH:MM | HH:MM-HH:MM | HH:MM- | -HH:MM]".
    ``inherited``: the period rule of a time said before in the same sentence, for a clock said
    without one (每天晚上施工到十二点: midnight, not noon).

    Raises ValueError when the date part is impossible ("13月", "2月30日").
    """
    parts: list[str] = []
    g = m.group
    rule: str | None = None
    if g("recur"):
        r = g("recur")
        canon = _RECUR.get(r)
        if canon is None:  # 每周三 / 每个周末 / 每逢周末
            wk = r[-1]
            canon = "每周末" if r.endswith("周末") else (f"每周{r[-1]}" if wk in _WEEKDAY else "每周")
            canon = canon.replace("周7", "周日").replace("周天", "周日")
        parts.append(canon)
        if r in ("每晚", "每夜", "夜夜", "每天晚上", "每个晚上"):
            rule = "night"
    # Dates.
    y = mo = d = None
    if g("y"):
        y, mo, d = int(g("y")), int(g("m2")), int(g("d2"))
    elif g("y8"):
        y, mo, d = int(g("y8")), int(g("m8")), int(g("d8"))
    else:
        if g("year") or g("yearonly"):
            y = int(g("year") or g("yearonly"))
            if y < 100:
                y += 2000 if y < 50 else 1900
        mo = _cn_int(g("month"))
        d = _cn_int(g("day")) if g("day") else _cn_int(g("dayonly"))
    if g("relyear"):
        off = {"去年": -1, "今年": 0, "前年": -2, "明年": 1}[g("relyear")]
        if ref:
            y = ref.year + off
        else:
            parts.append(g("relyear"))
    if g("relmonth"):
        off = -1 if g("relmonth").startswith("上") else (1 if g("relmonth").startswith("下") else 0)
        if ref:
            mm = ref.month - 1 + off
            y, mo = ref.year + mm // 12, mm % 12 + 1
        else:
            parts.append(g("relmonth").replace("个", "").replace("这", "本"))
    if (mo is not None and not 1 <= mo <= 12) or (d is not None and not 1 <= d <= 31):
        raise ValueError("not a date")
    if mo is not None and d is not None:
        date(y or 2000, mo, d)  # raises ValueError for 2月30日 (2000 is a leap year: 2月29日 is fine)
    if y is None and ref is not None and (mo is not None or d is not None):
        y = ref.year
        if mo is None:
            mo = ref.month
    if mo is not None or d is not None or y is not None:
        ys = f"{y:04d}" if y else "XXXX"
        if mo is None and d is None:
            parts.append(ys)
        elif d is None:
            parts.append(f"{ys}-{mo:02d}")
        else:
            parts.append(f"{ys}-{mo:02d}-{d:02d}" if mo else f"{ys}-XX-{d:02d}")
    day_at = len(parts) - 1 if (d is not None and mo is not None) else None  # a whole date's place
    if g("relday"):
        rd = g("relday")
        day_at = len(parts)
        if ref:
            parts.append((ref + timedelta(days=_RELDAY[rd])).isoformat())
        else:
            parts.append({"昨日": "昨天", "今日": "今天", "当日": "当天"}.get(rd, rd))
        if rd.endswith(("晚", "夜")):
            rule = "night"
        elif rd.endswith("早"):
            rule = "am"
    if g("week"):
        w = g("week")
        off = -14 if w.startswith("上上") else -7 if w.startswith("上") else 7 if w.startswith("下") else 0
        wd = _WEEKDAY.get(w[-1]) if not w.endswith(("周", "星期", "礼拜")) else None
        if w.endswith("周末"):
            wd = 6
        if ref and wd:
            monday = ref - timedelta(days=ref.weekday())
            parts.append((monday + timedelta(days=off + wd - 1)).isoformat())
        else:
            parts.append(w.replace("个", "").replace("星期", "周").replace("礼拜", "周")
                         .replace("这", "本").replace("周天", "周日").replace("周7", "周日"))
    period = g("period")
    if period:
        rule = _PERIODS[period][1]
    elif rule is None and inherited:
        rule = inherited
    c1 = _clock(m, 1, rule) if _has_clock(m, 1) else None
    if c1:
        if g("to") and _has_clock(m, 2):
            rule2 = _PERIODS[g("period2")][1] if g("period2") else rule
            c2 = _clock(m, 2, rule2)
            # an approximate hour at either end reads as its first / last hour (七八点到十一二点)
            parts.append(f"{c1.split('-')[0]}-{c2.split('-')[-1]}" if c2 else c1)
        elif g("mod") in ("以后", "之后", "后", "开始", "起"):
            parts.append(f"{c1}-")
        elif g("mod") in ("以前", "之前", "前"):
            parts.append(f"-{c1}")
        else:
            parts.append(c1)
        # 昨天晚上12点多 is after midnight: the next day's 00:xx, not the day named (a tester's
        # 昨天晚上12点多 read 昨天 00:00, a day early)
        if rule == "night" and day_at is not None and int(c1[:2]) < 5:
            parts[day_at] = _next_day(parts[day_at])
    elif period:
        parts.append(_PERIODS[period][0])
    elif rule == "night" and g("recur") and not g("relday"):   # 每晚 / 每天晚上: the evening
        parts.append(_PERIODS["晚上"][0])
    return " ".join(parts) or None


_NEXT_RELDAY = {"大前天": "前天", "前天": "昨天", "昨天": "今天", "昨晚": "今天", "昨夜": "今天", "前晚": "昨天",
                "今天": "明天", "今晚": "明天", "今夜": "明天", "当天": "次日", "当晚": "次日"}


def _next_day(day: str) -> str:
    """The day after ``day`` (an ISO date, XXXX-MM-DD or a relative day word); unchanged when it
    cannot be told."""
    try:
        return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    except ValueError:
        pass
    if re.fullmatch(r"XXXX-\d{2}-\d{2}", day):
        try:
            return "XXXX" + (date(2001, int(day[5:7]), int(day[8:10])) + timedelta(days=1)).isoformat()[4:]
        except ValueError:
            return day
    return _NEXT_RELDAY.get(day, day)


_SENTENCE_BREAK = re.compile(r"[。！？!?；;\n]")
_NIGHT_RECUR = frozenset({"每晚", "每夜", "夜夜", "每天晚上", "每个晚上"})


def _said_period(m: re.Match[str]) -> str | None:
    """The period rule a time match says (晚上 → night; 每晚 too), for the clocks after it."""
    for k in ("period2", "period"):
        if m.group(k):
            return _PERIODS[m.group(k)][1]
    return "night" if m.group("recur") in _NIGHT_RECUR else None


def _times(text: str, ref: date | None) -> list[Entity]:
    out: list[Entity] = []
    said: str | None = None   # the period said last in this sentence (每天晚上 … 到十二点)
    last = 0
    for m in _TIME.finditer(text):
        s, e = m.span()
        g = m.group
        if _SENTENCE_BREAK.search(text, last, s):
            said = None
        core = [k for k in _CORE_GROUPS if g(k)]
        clock = _has_clock(m, 1)
        if not core and not clock:
            continue
        if not core:
            # A bare "两点"/"3点" is often not a time ("提出两点意见", "小一点"): require a clock form
            # that is unmistakable or a time word around it.
            unmistakable = g("hh1") or g("mi1") or g("half1") or g("q1") or g("to") or \
                "钟" in m.group() or g("mod") not in (None, "多")
            # (…or "了"/"还" after it, 都十二点了还在干, 十一点多了还在唱: an hour reached; never 一点 nor 好一点了: session 53)
            reached = text[e:e + 1] in ("了", "还") and text[e:e + 2] != "了解" and m.group() not in ("一点", "1点") \
                and (s == 0 or text[s - 1] not in "好小大快慢多少远近高低有差再")
            if not unmistakable and not reached and (s == 0 or text[s - 1] not in _CLOCK_CONTEXT_BEFORE):
                continue
        # "以后/以前/左右…" only qualify a clock; after a date ("2016年前") they are left out of
        # the entity, whose value would not say "before" anyway.
        if g("mod") and not clock:
            e = m.start("mod")
        try:
            value = _time_value(m, ref, inherited=said)
        except ValueError:  # "0月", "13月32日": not a date
            continue
        said = _said_period(m) or said
        last = e
        out.append(Entity("time", text[s:e], s, e, value))
    return out


def parse_ref_time(value: str | None) -> date | None:
    """Date of a complaint's ``time`` field ("2020/1/6 12:09:38", "2022-05-10", ISO); None if unknown."""
    if not value:
        return None
    m = re.match(r"\s*((?:19|20)[0-9]{2})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})", value)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# ---------------------------------------------------------------- objects

def _objects(text: str, taken: list[tuple[int, int]], toks: list[tuple[int, int]] | None = None) -> list[Entity]:
    """Complained-about objects; one of one character only where a word ends with it (鸡 of 养鸡,
    never of 臭鸡蛋味)."""
    _, obj_idx, _ = _by_first_char()
    ends = {b for _, b in toks} if toks else None
    out = []
    for s, e in _lexicon_matches(text, obj_idx):
        if e - s == 1 and ends is not None and e not in ends:
            continue
        if not _overlaps(s, e, taken):
            out.append(Entity("object", text[s:e], s, e))
    return out


# another city named right before a place ("长春市朝阳区红旗街", "吉林长春的朝阳区"): a district Beijing has too is
# that city's, and no Beijing address is made of it (it was 北京市朝阳区红旗街: tester50 C3)
_OTHER_CITY = re.compile(
    r"(?<!不是)(?<!不在)(?:(?:吉林|辽宁|黑龙江|山东|山西|河南|湖北|湖南|江苏|浙江|安徽|江西|福建|广东|广西|海南|四川|贵州|云南|"
    r"陕西|甘肃|青海|内蒙古?|宁夏|新疆|西藏|河北)省?的?)?"
    r"(?:长春|吉林|沈阳|大连|鞍山|锦州|哈尔滨|大庆|济南|青岛|烟台|太原|大同|郑州|洛阳|武汉|长沙|南京|苏州|无锡|南通|徐州|杭州|"
    r"宁波|温州|合肥|南昌|福州|厦门|广州|深圳|东莞|佛山|南宁|海口|三亚|成都|贵阳|昆明|西安|兰州|西宁|呼和浩特|包头|银川|"
    r"乌鲁木齐|拉萨|上海|重庆|天津|石家庄|保定|廊坊|唐山|承德|张家口)(?:市(?:的|里)?|的)")


def _in_other_city(text: str, parts: list[Entity]) -> list[Entity]:
    """``parts`` without the address parts said right after another city's name, and those joined to them."""
    dropped: set[int] = set()
    for m in _OTHER_CITY.finditer(text):
        end = m.end()
        for i, e in sorted(enumerate(parts), key=lambda p: p[1].start):
            if e.start < m.end():
                continue
            if e.start <= end + 1:
                dropped.add(i)
                end = max(end, e.end)
    return [e for i, e in enumerate(parts) if i not in dropped]


def extract_entities(masked_text: str, ref: date | datetime | None = None,
                     tokens: tuple[str, ...] | None = None) -> tuple[Entity, ...]:
    """Address parts (+ combined ``address``), times and complained-about objects, by position.

    ``ref`` (the complaint's date) resolves relative times; ``tokens`` are ``segment(masked_text)``
    when the caller already has them (they give place names their left boundary).
    """
    if not masked_text:
        return ()
    # Times first: a date right before a place name ("3月5日星沙街道") bounds that name.
    times = _times(masked_text, _as_date(ref))
    toks = _token_spans(masked_text, tokens)
    parts = _addresses(masked_text, toks, [(t.start, t.end) for t in times])
    parts = _in_other_city(masked_text, parts)
    taken = [(e.start, e.end) for e in parts]
    times = [t for t in times if not _overlaps(t.start, t.end, taken)]
    taken += [(t.start, t.end) for t in times]
    objects = _objects(masked_text, taken, toks)
    ents = parts + _combined(parts, masked_text) + times + objects
    ents.sort(key=lambda e: (e.start, -(e.end - e.start)))
    return tuple(ents)
