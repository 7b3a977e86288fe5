"""Exercise 04 (did the training work?): every check on right and typical wrong answers, the
built notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh."""

import numpy as np
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

NAME = "ex04-training-effect.ipynb"


ex = exercise_fixture("04", zh_twin=True)


@pytest.fixture(scope="module")
def frame(ex):
    w = ex.world
    f = ck.complaint_frame(w.complaints, w.surveys, agents=w.agents)
    f["log_hours"] = np.log(f["hours_to_first_response"])
    f["after"] = f["received_at"] >= w.agents["trained_at"].min()
    return f


@pytest.fixture(scope="module")
def table(frame):
    return frame.pivot_table("log_hours", index="trained", columns="after", aggfunc="mean")


@pytest.fixture(scope="module")
def res(ex, frame):
    from complaintkit.exercises.ex04 import _result

    return _result(ex)  # the fit the checks cache on ex (fitting it twice is slow)



# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "04", 6, leak="trained_change")


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "04", 6)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "04", 6)


# --------------------------------------------------------------------------- checks
def test_task1_tenure(ex, frame):
    agents = ex.world.agents
    right = agents.groupby("trained")["tenure_years"].mean()
    assert right[True] < right[False]  # juniors were sent first
    fb = ex.check(1, right)
    assert fb.ok and "juniors" in str(fb), str(fb)
    assert ex.check(1, {"trained": round(right[True], 2), "untrained": round(right[False], 2)}).ok
    assert ex.check(1, (right[True], right[False])).ok
    assert ex.check(1, agents.groupby("trained")["tenure_years"].agg(["mean"])).ok
    says(ex.check(1, (right[False], right[True])), "wrong order")
    per_complaint = frame.groupby("trained")["tenure_years"].mean()
    says(ex.check(1, per_complaint), "over complaints")
    says(ex.check(1, agents.groupby("trained")["tenure_years"].median()), "medians")
    says(ex.check(1, right[False] - right[True]), "the difference")
    says(ex.check(1, ...), "Replace the `...`")


def test_task2_naive_after_only(ex, frame, table):
    right = table.loc[True, True] - table.loc[False, True]
    assert ex.check(2, right).ok
    assert ex.check(2, round(right, 2)).ok
    says(ex.check(2, 100 * np.expm1(right)), "percent change", "log hours")  # issue 13 item 9
    says(ex.check(2, -right), "sign is reversed")
    after = frame[frame["after"]]
    hours = after.groupby("trained")["hours_to_first_response"].mean()
    says(ex.check(2, hours[True] - hours[False]), "mean hours", "np.log")
    year = frame.groupby("trained")["log_hours"].mean()
    says(ex.check(2, year[True] - year[False]), "whole year")
    says(ex.check(2, "faster"), "single number")


def test_task3_did_by_hand(ex, table):
    trained = table.loc[True, True] - table.loc[True, False]
    untrained = table.loc[False, True] - table.loc[False, False]
    right = trained - untrained
    fb = ex.check(3, right)
    assert fb.ok and "truth" in str(fb), str(fb)
    assert ex.check(3, pd.Series([right])).ok
    says(ex.check(3, table.loc[True, True] - table.loc[False, True]),
          "after the training only; what about before?")
    says(ex.check(3, trained), "before and after only",
          "the untrained show what would have happened anyway")
    says(ex.check(3, -right), "sign is reversed")
    says(ex.check(3, untrained), "untrained agents' change only")
    says(ex.check(3, 0.5), "Not quite")


def test_task4_percent_change_against_the_truth(ex, res):
    row = res.table.set_index("term").loc["did"]
    pct, lo, hi = row["percent_change"], row["percent_ci_lower"], row["percent_ci_upper"]
    fb = ex.check(4, (pct, lo, hi))
    assert fb.ok and "-25.9%" in str(fb) and "truth" in str(fb), str(fb)
    assert ex.check(4, round(pct, 1)).ok
    assert ex.check(4, pct / 100).ok  # a share
    assert ex.check(4, res).ok  # the result itself
    assert ex.check(4, res.table).ok
    says(ex.check(4, (pct, lo - 5, hi)), "CI is off")
    says(ex.check(4, row["estimate"]), "log scale", "exp(")
    says(ex.check(4, 100 * row["estimate"]), "100 times the log estimate")
    says(ex.check(4, -pct), "sign")
    naive = res.table.set_index("term").loc["naive_after_only", "percent_change"]
    says(ex.check(4, naive), "naive_after_only")
    says(ex.check(4, 100 * np.expm1(-0.30)), "the truth")
    says(ex.check(4, (1, 2)), "three numbers")


def test_task5_pretrend(ex, res):
    p = res.pretrend_p_value
    assert p > 0.05  # the shipped world has parallel trends
    fb = ex.check(5, "no")
    assert fb.ok and "not proof" in str(fb), str(fb)
    assert ex.check(5, "No.").ok
    assert ex.check(5, False).ok
    assert ex.check(5, "没有").ok
    says(ex.check(5, "yes"), "well above 0.05")
    says(ex.check(5, p), "p-value")
    says(ex.check(5, "maybe"), "neither")


def test_task6_csat(ex, frame):
    from complaintkit.exercises.ex04 import _csat

    tab = _csat(ex).table.set_index("term")  # ck.training_effect(frame, "csat_score", log=False)
    right = tab.loc["did", "estimate"]
    fb = ex.check(6, right)
    assert fb.ok and "non-respondents" in str(fb), str(fb)
    assert ex.check(6, round(right, 2)).ok
    says(ex.check(6, tab.loc["naive_after_only", "estimate"]), "naive after-only")
    t = frame.pivot_table("csat_score", index="trained", columns="after", aggfunc="mean")
    says(ex.check(6, t.loc[True, True] - t.loc[True, False]), "before-after change only",
          "what would have happened anyway")
    says(ex.check(6, -right), "sign is reversed")


# --------------------------------------------------------------------------- tried answers
def _m(ex, column="log_hours"):
    from complaintkit.exercises.ex04 import _means

    return _means(ex, column)


def _per_complaint(ex):
    from complaintkit.exercises.ex04 import _frame

    return _frame(ex).groupby("trained")["tenure_years"].mean()


def _naive(ex):
    t = _m(ex)
    return t.loc[True, True] - t.loc[False, True]


def _did(ex, column="log_hours"):
    t = _m(ex, column)
    return (t.loc[True, True] - t.loc[True, False]) - (t.loc[False, True] - t.loc[False, False])


def _tenure(ex):
    a = ex.world.agents
    return a.groupby(a["trained"].astype(bool))["tenure_years"].mean()


def _row(ex, term="did"):
    from complaintkit.exercises.ex04 import _result

    return _result(ex).table.set_index("term").loc[term]


def _csat_did(ex, term="did"):
    from complaintkit.exercises.ex04 import _csat

    return _csat(ex).table.set_index("term").loc[term, "estimate"]


def _pretrend_no(ex):
    from complaintkit.exercises.ex04 import _result

    return "yes" if _result(ex).pretrend_p_value < 0.05 else "no"


TRIED = [
    (1, "series", _tenure, "correct", ("juniors were sent first",)),
    (1, "dict", lambda ex: {"trained": _tenure(ex)[True], "untrained": _tenure(ex)[False]},
     "correct", ()),
    (1, "pair", lambda ex: (_tenure(ex)[True], _tenure(ex)[False]), "correct", ()),
    (1, "table", lambda ex: _tenure(ex).rename_axis("trained").reset_index(), "correct", ()),
    (1, "rounded", lambda ex: _tenure(ex).round(2), "correct", ()),
    (1, "wrong order", lambda ex: (_tenure(ex)[False], _tenure(ex)[True]), "not yet",
     ("wrong order",)),
    (1, "the difference", lambda ex: _tenure(ex)[True] - _tenure(ex)[False], "not yet",
     ("is the difference",)),
    (1, "per complaint", _per_complaint, "not yet", ("averages over complaints",)),
    (1, "three numbers", lambda ex: (1.0, 2.0, 3.0), "not yet", ("as (trained, untrained)",)),
    (2, "log hours", _naive, "correct", ("naive comparison",)),
    (2, "rounded", lambda ex: round(_naive(ex), 2), "correct", ()),
    (2, "one-element series", lambda ex: pd.Series([_naive(ex)]), "correct", ()),
    (2, "percent change", lambda ex: 100 * np.expm1(_naive(ex)), "not yet",
     ("percent change", "log hours")),
    (2, "100 times", lambda ex: 100 * _naive(ex), "not yet", ("not a percentage",)),
    (2, "sign", lambda ex: -_naive(ex), "not yet", ("sign is reversed",)),
    (2, "hours", lambda ex: (lambda t: t.loc[True, True] - t.loc[False, True])(
        _m(ex, "hours_to_first_response")), "not yet", ("mean hours",)),
    (2, "before", lambda ex: _m(ex).loc[True, False] - _m(ex).loc[False, False], "not yet",
     ("before the programme date",)),
    (2, "did", _did, "not yet", ("difference in differences",)),
    (3, "did", _did, "correct", ("truth",)),
    (3, "rounded", lambda ex: round(_did(ex), 2), "correct", ()),
    (3, "percent", lambda ex: 100 * np.expm1(_did(ex)), "not yet",
     ("percent change", "log hours")),
    (3, "after only", _naive, "not yet", ("after the training only",)),
    (3, "hours", lambda ex: _did(ex, "hours_to_first_response"), "not yet", ("on hours",)),
    (4, "triple", lambda ex: tuple(_row(ex)[["percent_change", "percent_ci_lower",
                                             "percent_ci_upper"]]), "correct", ("truth",)),
    (4, "percent change only", lambda ex: round(_row(ex)["percent_change"], 1), "correct", ()),
    (4, "share", lambda ex: _row(ex)["percent_change"] / 100, "correct", ("Read as a share",)),
    (4, "did row", lambda ex: _row(ex), "correct", ()),
    (4, "log estimate", lambda ex: _row(ex)["estimate"], "not yet", ("log scale",)),
    (4, "CI off", lambda ex: (_row(ex)["percent_change"], _row(ex)["percent_ci_lower"] - 5,
                              _row(ex)["percent_ci_upper"]), "not yet", ("CI is off",)),
    (4, "naive row", lambda ex: _row(ex, "naive_after_only")["percent_change"], "not yet",
     ("naive_after_only",)),
    (4, "two numbers", lambda ex: (1, 2), "not yet", ("three numbers",)),
    (5, "text", _pretrend_no, "correct", ()),
    (5, "bool", lambda ex: _pretrend_no(ex) == "yes", "correct", ()),
    (5, "Chinese", lambda ex: "是" if _pretrend_no(ex) == "yes" else "否", "correct", ()),
    (5, "the other", lambda ex: "no" if _pretrend_no(ex) == "yes" else "yes", "not yet",
     ("Look again",)),
    (5, "maybe", lambda ex: "maybe", "not yet", ("neither",)),
    (6, "estimate", _csat_did, "correct", ("non-respondents",)),
    (6, "rounded", lambda ex: round(_csat_did(ex), 2), "correct", ()),
    (6, "naive", lambda ex: _csat_did(ex, "naive_after_only"), "not yet", ("naive after-only",)),
    (6, "by hand", lambda ex: _did(ex, "csat_score"), "not yet", ("by hand",)),
    (6, "sign", lambda ex: -_csat_did(ex), "not yet", ("sign is reversed",)),
]


@pytest.mark.parametrize("task,label,make_answer,status,words", TRIED,
                         ids=[f"{t[0]}-{t[1]}" for t in TRIED])
def test_tried_answers(ex, task, label, make_answer, status, words):
    fb = ex.check(task, make_answer(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
