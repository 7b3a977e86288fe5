"""Exercise 06 (early warning): every check on the right and a typical wrong answer, the built
notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh."""

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
from complaintkit.analysis import false_alarms

NAME = "ex06-early-warning.ipynb"


ex = exercise_fixture("06")


@pytest.fixture(scope="module")
def res(ex):
    daily = ck.complaint_counts(ex.world.complaints, freq="D", by="category")
    return ck.early_warning(daily, by="category")


@pytest.fixture(scope="module")
def start(ex):
    inc = ex.world.truth.incidents
    return inc.set_index("kind").loc["courier_disruption", "start"]


@pytest.fixture(scope="module")
def first(res, start):
    f = res.flags
    return f.loc[(f["category"] == "delivery") & (f["period"] >= start), "period"].min()



# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "06", 4, leak="np.sqrt(20)")


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "06", 4)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "06", 4)


# --------------------------------------------------------------------------- checks
def test_task1_cchart_limit(ex):
    fb = ex.check(1, 20 + 3 * np.sqrt(20))
    assert fb.ok and "variance equals the mean" in str(fb), str(fb)
    assert ex.check(1, 33.42).ok
    says(ex.check(1, 20 + 3 * 20), "standard deviation", "√20")
    says(ex.check(1, 3 * np.sqrt(20)), "width")
    says(ex.check(1, ...), "Replace the `...`")


def test_task2_first_flag(ex, first, start, res):
    assert first - start == pd.Timedelta(days=4)  # the shipped world: 2025-09-12
    fb = ex.check(2, first)
    assert fb.ok and "2025-09-12" in str(fb), str(fb)
    assert ex.check(2, "2025-09-12").ok
    says(ex.check(2, start), "start of the disruption")
    f = res.flags
    other = f.loc[(f["category"] != "delivery") & (f["period"] >= start)]
    other = other[~other["period"].isin(f.loc[f["category"] == "delivery", "period"])]
    says(ex.check(2, other["period"].iloc[0]), "delivery category's flags")
    says(ex.check(2, "soon"), "one date")


def test_task3_delay(ex, first, start):
    right = (first - start).days
    fb = ex.check(3, right)
    assert fb.ok and "4 days" in str(fb), str(fb)
    assert ex.check(3, first - start).ok  # a Timedelta
    says(ex.check(3, right + 1), "day 1")
    end = ex.world.truth.incidents.set_index("kind").loc["courier_disruption", "end"]
    says(ex.check(3, (first - end).days), "end of the disruption")
    says(ex.check(3, 30), "Not quite")


def test_task4_false_alarms(ex, res):
    inc = ex.world.truth.incidents
    fa = false_alarms(res, inc).set_index("category")
    right = fa.loc["delivery", "per_month"]
    fb = ex.check(4, right)
    assert fb.ok and "a month" in str(fb), str(fb)
    assert ex.check(4, round(right, 2)).ok
    pooled = res.score(inc)["false_alarms_per_month"].iloc[0]
    says(ex.check(4, pooled), "pooled over all categories")
    says(ex.check(4, fa.loc["delivery", "false_alarms"]), "count")
