"""What a message asks for (诉求类型): a complaint (投诉, the default), praise (表扬), a question (咨询)
or a suggestion (建议).

12345 takes all four, and they are counted and answered differently: praise is passed on to the unit
of the person praised with thanks, not investigated; a question is answered with the policy, not with
"经查……"; a suggestion (能不能把113路的末班车往后延一点, 建议在望京增加一条夜班公交线路) is passed on
to the unit that could take it up, and the citizen told what it said. A tester's praise of a community worker (…立即叫了120，还一直陪着到医院…) was routed
to 卫健委 for the word 医院 and drafted as a complaint ("针对您反映的…问题…高度重视…经调查").

Rules, not a model: there is no labelled data for it. A message that also complains (投诉, 举报,
没人管, 不作为, 扰民 …) is a complaint whatever else it says ("感谢领导重视" closes many complaints).
On the 9,000 data messages the rules find 12 praises and 160 questions (``python -m nlu.request_kind``).
"""

from __future__ import annotations

import re

COMPLAINT = "投诉"
PRAISE = "表扬"
QUESTION = "咨询"
SUGGESTION = "建议"
KINDS = (COMPLAINT, PRAISE, QUESTION, SUGGESTION)

# said as what the message is for, in its opening (HEAD_CHARS): 我想表扬…, 给…送面锦旗, 感谢信,
# 非常感谢社区的工作人员; a letter's courtesy thanks further on (十分感谢您在百忙之中…) are no praise
HEAD_CHARS = 40
_PRAISE = re.compile(r"表扬|锦旗|点赞|点个赞|感谢信|表示(?:衷心的?|诚挚的?|真诚的?)?(?:感谢|谢意)|致以[^。！!]{0,6}(?:感谢|谢意|敬意)"
                     r"|感谢[^。！!，,]{0,16}(?:工作人员|师傅|民警|警察|警官|医生|大夫|护士|老师|同志|社区|街道|城管|环卫"
                     r"|司机|小伙|大姐|阿姨|干部|书记|网格员|志愿者)")
# asked, not complained of: opening with 请问 / 想咨询 …, or asking how to get something done
_QUESTION = re.compile(r"^(?:您好|你好)?[，,。\s]*(?:我|我们)?(?:不是投诉[^。！!？?]{0,8})?(?:请问|想问|想问问|问一下|问问|咨询一下|想咨询"
                       r"|咨询|想了解|了解一下)"
                       r"|怎么办理|如何办理|怎样办理|怎么申请|如何申请|需要(?:准备|提供|带)?(?:哪些|什么)(?:材料|手续|证件|条件)"
                       r"|去?(?:哪儿|哪里|哪)(?:办|申请|领|交|缴)|(?:办理|申请)(?:流程|条件|程序)"
                       r"|有(?:什么|哪些)(?:政策|补贴|规定|条件)|政策是(?:什么|怎么样|怎样)")
# asked further on, after the situation is told (社保断了三个月…，想问一下断缴期间医保还能不能报销): a tester's
# question was a complaint because it did not open the message
_QUESTION_LATER = re.compile(r"(?:想问一下|想问问|想问|请问一下|请问|想咨询一下|想咨询|咨询一下|问一下|想了解一下)"
                             r"[^。！!]{0,40}?(?:吗|么|能不能|可不可以|可以不|能否|是否|怎么|如何|怎样|哪里|哪儿|多少|什么|几|谁)")
# a suggestion: what could be done better, not a wrong done (能不能把末班车往后延一点, 建议增加夜班公交线路)
_SUGGESTION = re.compile(r"^[^。！!？?]{0,12}?(?:提(?:个|一个|一条|点)?建议|建议)"
                         r"|(?:我|我们)?建议(?:在|把|将|给|增加|增设|延长|开通|设置|安装|修建|加装|调整|取消|优化|多|开设)"
                         r"|(?:能不能|可不可以|能否|可否)(?:把|将|在|给)?[^。！!？?]{0,24}(?:延长|延后|往后延|提前|增加|增设|加开|开通|"
                         r"设置|安装|加装|修建|多设|多开|调整|优化|改到|改成)"
                         r"|希望(?:能|可以|政府|有关部门|相关部门)?[^。！!？?]{0,12}(?:增加|增设|延长|加开|开通|设置|安装|修建|加装|多设)")
# a complaint said: then it is one, whatever thanks or questions come with it ("我不是投诉" is not)
_COMPLAINT = re.compile(r"(?<!不是)(?<!不想)(?<!没想)投诉|举报|反映了?(?:多次|很多次|好几次|几次|八百遍)|没人管|无人管|不管不问"
                        r"|不作为|乱作为|不处理|扰民|违法|违规|违章|违建|拖欠|欠薪|克扣|乱收费|乱象|传销|不给|不退|拒绝"
                        r"|刁难|态度(?:差|恶劣|极差|蛮横|不好)|太差|恶劣|污染|噪音|噪声|油烟|臭|堵|占道|乱停|乱扔|乱倒|漏水"
                        r"|坏了|损坏|不合理|合法吗|凭什么|为什么(?:不|没|还)|怎么(?:没人|不)管|何时(?:整治|解决|处理)"
                        r"|(?:请|求|希望|要求|麻烦)[^。！!？?]{0,10}(?:解决|处理|查处|整改|取缔|拆除|管管|核查|督促|恢复|赔偿|退钱|退款)")


# praise said as the message's purpose, at its very start: it decides whatever problem the praised
# act solved (我想表扬…城管队的王队长…违建摊点他带队三天就清理干净了), unless a complaint is said too
_PRAISE_OPENING = re.compile(r"^[^。！!？?]{0,12}?(?:想|要|特此|特别|来)?(?:表扬|点赞|送(?:一面|面)?锦旗|感谢信)")
_PLAIN_COMPLAINT = re.compile(r"(?<!不是)投诉|举报|不满|差评|批评|态度(?:差|恶劣|极差|蛮横|不好)|太差|没人管|无人管|不作为"
                              r"|不处理|(?:还是|仍然|依然|一直)(?:不|没)|但是|可是|不过")


def request_kind(text: str) -> str:
    """``投诉`` (the default), ``表扬``, ``咨询`` or ``建议`` for a (masked) complaint text."""
    if not text:
        return COMPLAINT
    if _PRAISE_OPENING.search(text) and not _PLAIN_COMPLAINT.search(text):
        return PRAISE
    if _COMPLAINT.search(text):
        return COMPLAINT
    if _PRAISE.search(text[:HEAD_CHARS]):
        return PRAISE
    if _QUESTION.search(text):
        return QUESTION
    if _SUGGESTION.search(text):
        return SUGGESTION
    if _QUESTION_LATER.search(text):
        return QUESTION
    return COMPLAINT


def _main() -> None:  # pragma: no cover - counts on the data directory's messages
    import json
    import os
    from collections import Counter
    from pathlib import Path

    data = Path(os.environ.get("JIESU_DATA_DIR", "../shared/data"))
    got: Counter[str] = Counter()
    shown: dict[str, list[str]] = {}
    for name in ("complaints/labelled.jsonl", "complaints/replied_messages.jsonl"):
        for line in (data / name).open(encoding="utf-8"):
            r = json.loads(line)
            t = (r.get("title") or "") + "\n" + (r.get("text") or "")
            k = request_kind(t)
            got[k] += 1
            shown.setdefault(k, []).append(t[:70].replace("\n", " "))
    print(dict(got))
    for k in (PRAISE, QUESTION, SUGGESTION):
        for t in shown.get(k, [])[:40]:
            print(k, t)


if __name__ == "__main__":  # pragma: no cover
    _main()
