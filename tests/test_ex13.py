"""Exercise 13 (writing the reply): every check on right and typical wrong answers, the built
notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh.

The replies here are written for the tests from the case's own facts (not by the kit's
template), so a check cannot agree with the template by construction.
"""

import pandas as pd
import pytest
from exercise_helpers import (
    assert_built_versions_match,
    assert_solution_is_correct,
    assert_trainee_says_not_yet,
    exercise_fixture,
    says,
)

import complaintkit as ck
from complaintkit.exercises import ex13
from complaintkit.text.rubric import load_rubric

NAME = "ex13-writing-the-reply.ipynb"

ex = exercise_fixture("13", zh_twin=True)
ex_zh = exercise_fixture("13", "ecommerce_zh")


def _own_reply(case) -> str:
    """A reply written from the case's facts, in English, with every element."""
    c = case.complaint
    return (f"Dear customer, thank you for writing to us. We are sorry, truly. I understand "
            f"your order {c['order_id']} went wrong and you want it put right. We checked and "
            f"found the cause: {c['root_cause'].replace('_', ' ')}. We will refund the order "
            f"in full today. We will call you within 24 hours to check all is well.")


def _own_reply_zh(case) -> str:
    c = case.complaint
    return (f"感谢您联系我们。非常抱歉。您的订单{c['order_id']}出了问题，您希望尽快解决。"
            f"经核实，原因已经查明。我们将免费为您换货。我们将在24小时内致电回访。")


# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "13", 3,
                                leak=("calm.model_reply().text", '"follow_up", "blame"'))


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "13", 3)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "13", 3)


# --------------------------------------------------------------------------- tasks 1 and 2
@pytest.mark.parametrize("task,level", [(1, "calm"), (2, "angry")])
def test_replies_written_by_hand(ex, task, level):
    case = ck.role_play_case(ex.world, level=level, seed=ex13.SEED)
    assert case.complaint == ex13.case(ex, level).complaint  # the notebook's case
    fb = ex.check(task, _own_reply(case))
    assert fb.ok and "Ready to send: 10 of 10 points." in str(fb), str(fb)
    assert "template's reply" not in str(fb)
    fb = ex.check(task, case.model_reply())
    assert fb.ok and "template's reply" in str(fb), str(fb)
    no_time = _own_reply(case).replace("within 24 hours", "soon")
    says(ex.check(task, no_time), "Not yet: 8 of 10 points", "with a time")
    blame = _own_reply(case) + " You should have read the listing."
    says(ex.check(task, blame), "puts the blame on the customer")
    says(ex.check(task, case.narrative), "repeats the customer's own complaint")
    says(ex.check(task, ""), "the reply is empty")
    says(ex.check(task, _own_reply_zh(case)), "reply in English")
    says(ex.check(task, 42), "one text (a string)")


def test_replies_in_chinese_get_chinese_feedback(ex_zh):
    case = ex13.case(ex_zh, "angry")
    assert case.locale == "zh_CN"
    fb = ex_zh.check(2, _own_reply_zh(case))
    assert fb.ok and "可以发送" in str(fb), str(fb)
    says(ex_zh.check(2, _own_reply_zh(case).replace("非常抱歉。", "")), "明确道歉")
    says(ex_zh.check(2, _own_reply(case)), "请用中文回复")
    says(ex_zh.check(1, ""), "回复是空的")


# --------------------------------------------------------------------------- task 3
@pytest.mark.parametrize("fixture", ["ex", "ex_zh"])
def test_task3_the_draft(fixture, request):
    e = request.getfixturevalue(fixture)
    res = ck.score_reply(ex13.DRAFTS[e.world.locale], ex13.case(e, "angry").complaint)
    # the draft, read by hand: thanks and apologises; blames; no details, cause, remedy, time
    assert res.missing == ["restate", "explain", "remedy", "follow_up"], res.table
    assert res.harmful == ["blame"]
    right = ["restate", "explain", "remedy", "follow_up", "blame"]
    fb = e.check(3, right)
    assert fb.ok, str(fb)
    assert e.check(3, "blame, follow_up, remedy, explain, restate").ok
    labels = [load_rubric(locale=e.world.locale).elements[n].label
              for n in right]
    assert e.check(3, labels).ok  # labels in the world's language
    zh = e.world.locale == "zh_CN"   # the feedback speaks the world's language

    def words(en, chinese):
        return (chinese,) if zh else (en,)

    says(e.check(3, right[:4]), *words("one sentence does harm", "有一句话是有害的"))
    says(e.check(3, right + ["apologise"]), *words("The draft has", "草稿做到了"))
    says(e.check(3, right + ["forbidden_promise"]), *words("does not do that", "没有这样做"))
    says(e.check(3, ["blame", "remedy"]), *words("lacks more than that", "缺的不止这些"))
    says(e.check(3, ["tone"]), *words("not an element of the rubric", "不是评分标准中的要素"))
    says(e.check(3, 7), *words("as a list of their names", "以名称列表给出要素"))


# --------------------------------------------------------------------------- tried answers
def _case(ex, level="angry"):
    return ex13.case(ex, level)


def _mine(ex, level="angry"):
    c = _case(ex, level)
    return _own_reply_zh(c) if ex.world.locale == "zh_CN" else _own_reply(c)


RIGHT = ["restate", "explain", "remedy", "follow_up", "blame"]


def _draft(ex):
    return ck.score_reply(ex13.draft(ex), _case(ex).complaint, locale=ex.world.locale)


#: (task, label, make_answer(ex), status, words the English feedback must contain)
TRIED = [
    (1, "right, written by hand", lambda ex: _mine(ex, "calm"), "correct", ["Ready to send"]),
    (1, "right, the template's result", lambda ex: _case(ex, "calm").model_reply(), "correct",
     ["template's reply"]),
    (1, "right, line by line", lambda ex: _mine(ex, "calm").split(". "), "correct", []),
    (1, "empty", lambda ex: "", "not yet", ["the reply is empty"]),
    (1, "pasted from the complaint", lambda ex: _case(ex, "calm").narrative, "not yet",
     ["repeats the customer's own complaint"]),
    (1, "a number", lambda ex: 42, "not yet", ["one text (a string)"]),
    (2, "right, written by hand", _mine, "correct", ["Ready to send"]),
    (2, "no time", lambda ex: _mine(ex).replace("within 24 hours", "soon").replace(
        "在24小时内", "尽快"), "not yet",
     ["with a time"]),
    (2, "blaming", lambda ex: _mine(ex) + (" You should have read the listing."
                                           if ex.world.locale != "zh_CN"
                                           else "这是您自己没有仔细看商品页面造成的。"),
     "not yet",
     ["puts the blame on the customer"]),
    (2, "in the other language", lambda ex: (_own_reply if ex.world.locale == "zh_CN"
                                             else _own_reply_zh)(_case(ex)), "not yet",
     ["reply in English"]),
    (3, "right, names", lambda ex: RIGHT, "correct", ["Right: the draft lacks"]),
    (3, "right, one string", lambda ex: ", ".join(RIGHT[::-1]), "correct", []),
    (3, "right, joined by 、", lambda ex: "、".join(RIGHT), "correct", []),
    (3, "right, labels", lambda ex: [load_rubric(locale="zh_CN").elements[n].label
                                     for n in RIGHT], "correct", []),
    (3, "right, the scored draft", _draft, "correct", []),
    (3, "right, a Series", lambda ex: pd.Series(RIGHT), "correct", []),
    (3, "the harmful one left out", lambda ex: RIGHT[:4], "not yet", ["one sentence does harm"]),
    (3, "a present one named", lambda ex: RIGHT + ["apologise"], "not yet", ["The draft has"]),
    (3, "one it does not do", lambda ex: RIGHT + ["forbidden_promise"], "not yet",
     ["does not do that"]),
    (3, "too few", lambda ex: ["blame", "remedy"], "not yet", ["lacks more than that"]),
    (3, "misspelt", lambda ex: ["restat"], "not yet", ["'restat' is not an element"]),
    (3, "two unknown", lambda ex: ["tone", "style"], "not yet", ["are not an element"]),
    (3, "a number", lambda ex: 7, "not yet", ["as a list of their names"]),
]


@pytest.mark.parametrize("task, label, make, status, words", TRIED,
                         ids=[f"{t}-{lab}" for t, lab, *_ in TRIED])
def test_tried_answers(ex, task, label, make, status, words):
    fb = ex.check(task, make(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
