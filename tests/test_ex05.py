"""Exercise 05 (forecasting): every check on right and typical wrong answers, the built
notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh."""

import math

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

NAME = "ex05-forecasting.ipynb"


ex = exercise_fixture("05")


@pytest.fixture(scope="module")
def counts(ex):
    w = ex.world
    return ck.complaint_counts(w.complaints, freq="D", locale=w.locale)



# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "05", 4, leak="math.ceil")


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "05", 4)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "05", 4)


# --------------------------------------------------------------------------- checks
def test_task1_weekday_means(ex, counts):
    right = counts.groupby("weekday")["n"].mean()
    assert ex.check(1, right).ok
    names = pd.Series(right.to_numpy(), index=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    assert ex.check(1, names.sample(frac=1, random_state=1)).ok
    assert ex.check(1, dict(zip(["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
                                right.round(2), strict=True))).ok
    assert ex.check(1, right.reset_index()).ok
    says(ex.check(1, counts.groupby("weekday")["n"].sum()), "totals")
    says(ex.check(1, right.iloc[:6]), "7 numbers")


def test_task2_seasonal_naive(ex, counts):
    right = counts["n"].iloc[-7:]
    fb = ex.check(2, right)
    assert fb.ok and "benchmark" in str(fb), str(fb)
    assert ex.check(2, list(right)).ok
    says(ex.check(2, [counts["n"].iloc[-1]] * 7), "You repeated the last day")
    says(ex.check(2, [right.mean()] * 7), "mean of the last week")
    says(ex.check(2, right.iloc[:3]), "7 numbers")


def test_task3_backtest_choice(ex):
    from complaintkit.exercises.ex05 import _forecast

    res = _forecast(ex)
    bt = res.backtest.set_index("model")
    assert res.chosen == "nb_glm"  # docs/volume.md: ecommerce_en chooses the GLM, MASE 0.98
    mase = bt.loc[res.chosen, "mase"]
    fb = ex.check(3, (res.chosen, mase))
    assert fb.ok and "0.98" in str(fb), str(fb)
    assert ex.check(3, ("negative binomial", round(mase, 2))).ok
    assert ex.check(3, res).ok
    says(ex.check(3, ("seasonal_naive", bt.loc["seasonal_naive", "mase"])), "lowest")
    says(ex.check(3, (res.chosen, bt.loc["seasonal_naive", "mase"])), "MASE of seasonal_naive")
    says(ex.check(3, ("arima", 1.0)), "not one of the models")
    says(ex.check(3, 0.98), "model name")


def test_task4_agents(ex):
    from complaintkit.exercises.ex05 import _peak

    _, peak = _peak(ex)
    upper = peak["upper"].max()
    right = math.ceil(upper / 14)
    fb = ex.check(4, right)
    assert fb.ok and "What came in" in str(fb), str(fb)
    assert ex.check(4, np.int64(right)).ok
    says(ex.check(4, math.floor(upper / 14)), "rounded down")
    point = peak.loc[peak["upper"].idxmax(), "forecast"]
    says(ex.check(4, math.ceil(point / 14)), "point forecast")
    says(ex.check(4, upper / 14), "round up")
    says(ex.check(4, 99), "Not quite")
