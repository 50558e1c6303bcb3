"""Session 50: everyday Beijing complaints and questions of our own (follow-ups, complaints about staff, suggestions,
shopkeepers, villages, common questions) through the form's first step and the question-answering action."""
import pytest

from test_actions import said, validate


@pytest.mark.parametrize("asked, words", [
    ("我想办护照，需要去哪里办，要多长时间", ("身份证", "全国通办", "7个工作日")),
    ("孩子明年上小学，我们租房住，入学要准备什么材料", ("信息采集", "户口簿", "五证", "租房合同")),
    ("幼儿园什么时候报名，外地户口的孩子能不能上公办幼儿园", ("春季", "非京籍的孩子也可以", "区教委")),
    ("公积金贷款最多能贷多少，需要什么条件", ("连续足额缴存", "最高额度", "12329")),
    ("公司不给我们交公积金，可以去哪里投诉", ("管理部", "第三十八条", "劳动合同")),
    ("老婆生孩子了，生育津贴什么时候能发", ("用人单位", "产假", "12393")),
    ("居民医保什么时候交，错过了还能补交吗", ("9月", "下一年度", "等待期")),
    ("老楼加装电梯要多少户同意，钱怎么分", ("第二百七十八条", "四分之三", "补贴")),
])
def test_session_50s_questions_get_their_basic_path(asked, words):
    """Each of these got only the name of the unit that answers it."""
    from actions.answers import _basic_path

    told = _basic_path(asked) or ""
    assert all(w in told for w in words), (asked, told)


@pytest.mark.parametrize("told, path", [
    ("小区配套的幼儿园违规招生，没通过面试的也收了", "北京幼儿园"),           # told, not asked
    ("幼儿园名额全满了，我们报不上名，附近再没有公办的", "北京幼儿园"),
    ("希望提高公积金贷款额度，现在房价这么高根本不够", "北京住房公积金贷款"),  # a wish, no question
    ("想把商业贷款转成公积金贷款，需要什么条件", "北京住房公积金贷款"),        # 商转公: not this path
    ("孩子上小学了，想转学需要什么材料", "北京义务教育"),                     # a transfer, not enrolment
    ("生育津贴一直没申领下来，单位说在走流程", "参加北京职工医保"),           # told
])
def test_session_50s_paths_are_not_read_into_what_is_told(told, path):
    from actions.answers import _basic_path

    assert not (_basic_path(told) or "").startswith(path), told


@pytest.mark.parametrize("text, words", [
    ("我想办本护照，在哪办，多久能拿到", ("全国通办",)),
    ("媳妇刚生完孩子，生育津贴什么时候能发，在哪申请", ("生育津贴由医保基金支付",)),
    ("单位不给交公积金，这个可以去哪里投诉", ("管理部",)),
])
def test_a_question_without_a_question_mark_is_answered_in_the_form(live, domain, text, words):
    """我想办护照，需要去哪里办 got 不够具体; 生育津贴什么时候能发，在哪里申请 and 单位不给交公积金，这个可以去哪里投诉
    (no ？, no 想问) went on to the address with the question unanswered."""
    slots, _, messages = validate(domain, text, "description")
    told = said(messages)
    assert "utter_description_vague" not in told and "先回答您的问题" in told, told
    assert all(w in told for w in words), told
    assert slots.get("description"), slots


def test_a_rhetorical_when_without_a_path_gets_no_answer(live, domain):
    """A complaint's own 什么时候 (电梯坏了一个月了，到底什么时候能修好) is a question with no basic path: the form goes
    on without an answer first."""
    slots, _, messages = validate(domain, "我们楼的电梯坏了一个月了，物业到底什么时候能修好，八楼的老人下不了楼",
                                  "description")
    assert "先回答您的问题" not in said(messages) and slots.get("description"), said(messages)


def test_a_question_on_a_phone_bill_names_the_telecom_regulator_and_its_line(live, domain):
    """运营商乱扣话费找谁 got 市场监管局 and 12315: phone bills, signal and broadband are 市通信管理局's, whose users'
    complaint line is 12300."""
    from actions.actions import ActionAnswerConsultation
    from test_actions import run, tracker_json

    _, _, messages = run(ActionAnswerConsultation(), tracker_json(text="运营商每个月乱扣我话费，这个找哪个部门管",
                                                                  intent="consult", active_loop=None), domain)
    told = said(messages)
    assert "市通信管理局" in told and "12300" in told, told
