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


ex = exercise_fixture("04")


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
    assert ex.check(2, 100 * np.expm1(right)).ok  # a percent change, with a note
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
