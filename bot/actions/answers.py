"""Answers to the questions citizens ask most, kept apart from the actions that say them (the form answers a
question said inside a complaint with them, the consultation action a question asked alone)."""

from __future__ import annotations

import re
from typing import Optional

# the basic path for the questions asked most (tester50 C15: only a department was named); the unit
# still decides, and says so
APPEAL_ASKED = re.compile(r"(?:不服|不认可|不接受|有异议|不同意|冤枉|申诉|复议|起诉)[^。？?！!]{0,10}(?:罚|处罚|处分)|"
                          r"(?:罚款|处罚|罚单)[^。？?！!]{0,10}(?:不服|不认可|不接受|有异议|申诉|复议|起诉)")
APPEAL_TOLD = ("对行政处罚不服，可以依法申请行政复议，或者向人民法院提起行政诉讼：行政复议一般在知道处罚决定之日起60日内申请"
               "（处罚决定书上会写明向哪个机关申请）；行政诉讼一般在知道处罚决定之日起6个月内起诉。具体的途径和期限以处罚决定书上"
               "写明的为准，也可以先向作出处罚的部门问清楚。")
BASIC_PATHS = (
    (re.compile(r"(?:社保|养老保险|医保|医疗保险|失业保险|保险关系)[^。？?！!]{0,12}(?:转(?!账|款|钱)|转移|转到|转入|转回|迁|接续)|"
                r"(?:转|转移|迁)[^。？?！!]{0,8}(?:社保|养老保险|医保)"),
     ("社保从外地转到北京，一般是先在北京参保缴费，再申请转移接续：养老保险可以在国家社会保险公共服务平台（网站或“掌上12333”"
      "App）上申请，也可以到北京参保地的社保经办机构申请，原参保地会把缴费记录转过来；医保关系可以在国家医保服务平台App上"
      "申请。办理中有疑问可以拨打人力社保热线12333。")),
    (re.compile(r"居住证|暂住证|居住登记"),
     ("北京居住证一般到居住地的派出所办理，也可以先在“北京警务”App上申请、预约：先办居住登记，在京居住满半年、有合法稳定"
      "就业或住所（或连续就读）的，可以申领居住证。一般要带身份证、近期证件照片，以及租房合同（或房产证明）、劳动合同等"
      "居住和就业证明；具体材料以派出所的要求为准。")),
    (re.compile(r"(?:非京籍|外地户口|外地孩子|随迁|外省|没有北京户口|非北京户口)[^。？?！!]{0,16}(?:上学|入学|小学|初中|读书|念书)|"
                r"(?:上学|入学|小学|初中|读书)[^。？?！!]{0,16}(?:非京籍|外地户口|随迁|没有北京户口|非北京户口)"),
     ("非京籍孩子在北京上小学、初中，一般要准备“五证”：父母在京务工就业证明、在京实际住所居住证明、全家户口簿、北京市居住证"
      "（或有效的居住登记卡）、户籍所在地没有监护条件的证明。各区的具体要求和时间不完全一样，每年春季会公布当年的入学政策，"
      "请以居住地的区教委和学区（学校）的通知为准，按时参加信息采集。")),
    (re.compile(r"(?:供暖费|取暖费|暖气费|采暖费|供热费)"),
     ("供暖费交给为您家供热的单位：可以先问物业或社区，您家是哪家供热单位（比如北京热力或小区自己的锅炉房），一般可以在"
      "供热单位的营业厅、代收的银行，或它的公众号、App上缴纳。对收费标准有疑问，可以问供热单位，也可以向我反映。")),
    # tester51 C6: 业主能不能自己换物业？要怎么弄？ was never answered
    (re.compile(r"(?:换|更换|解聘|炒掉|辞退|赶走|撤换)[^。？?！!]{0,4}物业|物业[^。？?！!]{0,6}(?:能不能|可以|怎么|如何)?(?:换|更换|解聘|撤换)"),
     ("换物业要由业主共同决定，业主个人不能单方更换：小区成立了业主大会的，由业主大会表决解聘原物业、选聘新物业（《北京市"
      "物业管理条例》第三十四条）；按《民法典》第二百七十八条，要有专有部分面积和人数都占三分之二以上的业主参加表决，参加表决的"
      "业主中面积和人数都过半数同意。还没有业主大会的，可以向街道办事处或乡镇政府申请成立（条例第三十条），街道会指导组织。")),
    # tester51 C6: 新能源车充电桩怎么申请安装？ was sent to the labour bureau
    (re.compile(r"充电桩|充电设施|充电装置"),
     ("在自家固定车位装充电桩，一般是先告诉物业并请物业配合（很多供电公司要物业或产权单位出具同意施工的证明），再向供电公司"
      "（国网北京电力，95598或“网上国网”App）申请报装，供电公司到现场勘察电容量并负责接电；小区电容量不够的，由供电公司和"
      "物业、产权单位协商增容。物业没有正当理由不配合，可以向街道办事处或区住房城乡建设委反映。")),
)


def _basic_path(question: str) -> Optional[str]:
    """The basic path for a common question (社保转移, 居住证, 非京籍入学, 供暖费, 不服罚款), or None."""
    plain = re.sub(r"\s", "", question or "")
    if APPEAL_ASKED.search(plain):
        return APPEAL_TOLD
    return next((told for words, told in BASIC_PATHS if words.search(plain)), None)


# the citizen insists on an answer to a question said before (你先回答我能不能换物业, 你先告诉我怎么申请, 你还没回答我问题呢)
ANSWER_DEMAND = re.compile(r"(?:你|您)?(?:先|倒是)(?:回答|告诉|说说?|答复)(?:我|一下)|还没(?:有)?(?:回答|答复|告诉)(?:我|我的)?|"
                           r"(?:回答|答复)(?:一下)?我(?:的)?(?:问题)?|我(?:是|就是)?(?:在)?问(?:你)?(?:的是)?(?:业主|怎么|能不能|可不可以|如何)")
# a sentence that asks (想问下…？, 要怎么弄？, 这合理吗？)
_ASKS = re.compile(r"[？?]|想问|请问|问一下|问下|能不能|可不可以|怎么(?:办|弄|申请|处理|换|装)|如何")


def held_question(description: str) -> Optional[str]:
    """The question said inside a complaint (我家小区物业费年年涨…想问下业主能不能自己换物业？要怎么弄？ → 想问下业主能不能
    自己换物业？要怎么弄？), or None when it asks nothing."""
    sentences = [m.group(0).strip() for m in re.finditer(r"[^。！!？?]+[。！!？?]*", description or "") if m.group(0).strip()]
    asked = [x for x in sentences if _ASKS.search(x)]
    return "".join(asked) or None
