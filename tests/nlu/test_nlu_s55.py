"""Session 55: what whole conversations through the real stack found in the NLU layer."""
import pytest

from nlu.urgency import hazard


@pytest.mark.parametrize("text, kind", [
    ("小区里有条大狗没拴绳，追着我孩子咬，孩子腿上被咬破了", "动物咬伤"),
    ("邻居家的狗冲出来，我手上被咬伤了", "动物咬伤"),
    ("上个月狗咬破了我腿，现在要赔偿", None),
    ("我家狗腿上被咬破了", None),
    ("狗在楼下叫，孩子腿上被蚊子咬了好几个包", None),
])
def test_a_bite_told_of_a_body_part_after_the_dog_gets_the_bite_advice(text, kind):
    """The dog named, then the bite on a body part (孩子腿上被咬破了): no advice before (session 55's conversations);
    a bite long over, a pet bitten and a mosquito's are none."""
    found = hazard(text)
    assert (found.kind if found else None) == kind
