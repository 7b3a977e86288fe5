"""Exercise 13 (writing the reply): every check on right and typical wrong answers, the built
notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh.

The replies here are written for the tests from the case's own facts (not by the kit's
template), so a check cannot agree with the template by construction.
"""

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

ex = exercise_fixture("13")
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
    says(e.check(3, right[:4]), "one sentence does harm")
    says(e.check(3, right + ["apologise"]), "The draft has")
    says(e.check(3, right + ["forbidden_promise"]), "does not do that")
    says(e.check(3, ["blame", "remedy"]), "lacks more than that")
    says(e.check(3, ["tone"]), "not an element of the rubric")
    says(e.check(3, 7), "as a list of their names")
