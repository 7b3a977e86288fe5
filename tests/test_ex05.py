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


ex = exercise_fixture("05", zh_twin=True)


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


# --------------------------------------------------------------------------- tried answers
def _counts(ex):
    w = ex.world
    return ex.cached("test_counts", lambda: ck.complaint_counts(w.complaints, freq="D",
                                                                locale=w.locale))


def _means(ex):
    return _counts(ex).groupby("weekday")["n"].mean()


def _bt(ex):
    from complaintkit.exercises.ex05 import _forecast

    res = _forecast(ex)
    return res, res.backtest.set_index("model")["mase"]


def _upper(ex):
    from complaintkit.exercises.ex05 import _peak

    return _peak(ex)[1]["upper"].max()


_EN = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
TRIED = [
    (1, "series", _means, "correct", ("complaints a day on average",)),
    (1, "rounded", lambda ex: _means(ex).round(1), "correct", ()),
    (1, "names", lambda ex: pd.Series(_means(ex).to_numpy(), index=_EN), "correct", ()),
    (1, "dict of Chinese names", lambda ex: dict(zip(["周一", "周二", "周三", "周四", "周五",
                                                       "周六", "周日"], _means(ex), strict=True)),
     "correct", ()),
    (1, "table", lambda ex: _means(ex).reset_index(), "correct", ()),
    (1, "list", lambda ex: list(_means(ex)), "correct", ()),
    (1, "totals", lambda ex: _counts(ex).groupby("weekday")["n"].sum(), "not yet",
     ("totals",)),
    (1, "medians", lambda ex: _counts(ex).groupby("weekday")["n"].median(), "not yet",
     ("medians",)),
    (1, "Sunday first", lambda ex: list(np.roll(_means(ex).to_numpy(), 1)), "not yet",
     ("one day off",)),
    (1, "six days", lambda ex: _means(ex).iloc[:6], "not yet", ("7 numbers",)),
    (1, "misspelt day", lambda ex: pd.Series(_means(ex).to_numpy(),
                                             index=["Mnday", *_EN[1:]]), "not yet",
     ("'Mnday'",)),
    (2, "series", lambda ex: _counts(ex)["n"].iloc[-7:], "correct", ("benchmark",)),
    (2, "array", lambda ex: _counts(ex)["n"].iloc[-7:].to_numpy(), "correct", ()),
    (2, "table", lambda ex: _counts(ex).iloc[-7:], "correct", ()),
    (2, "last day repeated", lambda ex: [_counts(ex)["n"].iloc[-1]] * 7, "not yet",
     ("repeated the last day",)),
    (2, "mean of the week", lambda ex: [_counts(ex)["n"].iloc[-7:].mean()] * 7, "not yet",
     ("mean of the last week",)),
    (2, "reversed", lambda ex: _counts(ex)["n"].iloc[-7:].to_numpy()[::-1], "not yet",
     ("reverse order",)),
    (2, "week before last", lambda ex: _counts(ex)["n"].iloc[-14:-7], "not yet",
     ("week before last",)),
    (2, "three days", lambda ex: _counts(ex)["n"].iloc[-3:], "not yet", ("7 numbers",)),
    (3, "pair", lambda ex: (_bt(ex)[0].chosen, _bt(ex)[1][_bt(ex)[0].chosen]), "correct",
     ("backtest chooses",)),
    (3, "alias, rounded", lambda ex: ("negative binomial",
                                      round(_bt(ex)[1][_bt(ex)[0].chosen], 2)), "correct", ()),
    (3, "the result", lambda ex: _bt(ex)[0], "correct", ()),
    (3, "dict", lambda ex: {"model": _bt(ex)[0].chosen,
                            "mase": _bt(ex)[1][_bt(ex)[0].chosen]}, "correct", ()),
    (3, "naive's MASE", lambda ex: (_bt(ex)[0].chosen, _bt(ex)[1]["seasonal_naive"]),
     "not yet", ("MASE of seasonal_naive",)),
    (3, "another model", lambda ex: ("seasonal_naive", _bt(ex)[1]["seasonal_naive"]),
     "not yet", ("lowest",)),
    (3, "misspelt model", lambda ex: ("arima", 1.0), "not yet", ("'arima' is not one of",)),
    (3, "number only", lambda ex: 0.98, "not yet", ("model name",)),
    (4, "agents", lambda ex: math.ceil(_upper(ex) / 14), "correct", ("What came in",)),
    (4, "numpy integer", lambda ex: np.int64(math.ceil(_upper(ex) / 14)), "correct", ()),
    (4, "rounded down", lambda ex: math.floor(_upper(ex) / 14), "not yet", ("rounded down",)),
    (4, "not rounded", lambda ex: _upper(ex) / 14, "not yet", ("round up",)),
    (4, "complaints", lambda ex: round(_upper(ex)), "not yet", ("divide by 14",)),
    (4, "text", lambda ex: "many", "not yet", ("single number",)),
]


@pytest.mark.parametrize("task,label,make_answer,status,words", TRIED,
                         ids=[f"{t[0]}-{t[1]}" for t in TRIED])
def test_tried_answers(ex, task, label, make_answer, status, words):
    fb = ex.check(task, make_answer(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
