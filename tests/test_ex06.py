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


ex = exercise_fixture("06", zh_twin=True)


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


# --------------------------------------------------------------------------- tried answers
def _res(ex):
    daily = ck.complaint_counts(ex.world.complaints, freq="D", by="category")
    return ex.cached("test_res", lambda: ck.early_warning(daily, by="category"))


def _incident(ex, col):
    return ex.world.truth.incidents.set_index("kind").loc["courier_disruption", col]


def _first(ex):
    f = _res(ex).flags
    return f.loc[(f["category"] == "delivery") & (f["period"] >= _incident(ex, "start")),
                 "period"].min()


def _delay(ex):
    return (_first(ex) - _incident(ex, "start")).days


def _fa(ex):
    return false_alarms(_res(ex), ex.world.truth.incidents).set_index("category")


def _other_flag(ex):
    f, start = _res(ex).flags, _incident(ex, "start")
    other = f.loc[(f["category"] != "delivery") & (f["period"] >= start)]
    return other[~other["period"].isin(f.loc[f["category"] == "delivery", "period"])][
        "period"].iloc[0]


LIMIT = 20 + 3 * np.sqrt(20)
TRIED = [
    (1, "exact", lambda ex: LIMIT, "correct", ("variance equals the mean",)),
    (1, "as the session prints it", lambda ex: 33.4, "correct", ()),
    (1, "two decimals", lambda ex: 33.42, "correct", ()),
    (1, "one-element series", lambda ex: pd.Series([LIMIT]), "correct", ()),
    (1, "variance as sd", lambda ex: 80, "not yet", ("standard deviation", "√20")),
    (1, "width only", lambda ex: 3 * np.sqrt(20), "not yet", ("width",)),
    (1, "lower limit", lambda ex: 20 - 3 * np.sqrt(20), "not yet", ("lower limit",)),
    (1, "the first count out of control", lambda ex: 34, "not yet", ("whole count",)),
    (1, "text", lambda ex: "high", "not yet", ("single number",)),
    (2, "timestamp", _first, "correct", ("CUSUM",)),
    (2, "ISO", lambda ex: f"{_first(ex):%Y-%m-%d}", "correct", ()),
    (2, "US", lambda ex: f"{_first(ex):%m/%d/%Y}", "correct", ()),
    (2, "Chinese", lambda ex: f"{_first(ex).year}年{_first(ex).month}月{_first(ex).day}日",
     "correct", ()),
    (2, "Chinese with a time", lambda ex: f"{_first(ex).year}年{_first(ex).month}月"
     f"{_first(ex).day}日 09:30", "correct", ()),
    (2, "Chinese without the year", lambda ex: f"{_first(ex).month}月{_first(ex).day}日",
     "correct", ()),
    (2, "flags row", lambda ex: _res(ex).flags.pipe(
        lambda f: f[(f["category"] == "delivery") & (f["period"] == _first(ex))]),
     "correct", ()),
    (2, "list of one", lambda ex: [_first(ex)], "correct", ()),
    (2, "incident start", lambda ex: _incident(ex, "start"), "not yet",
     ("start of the disruption",)),
    (2, "another category", _other_flag, "not yet", ("delivery category's flags",)),
    (2, "before the start", lambda ex: _incident(ex, "start") - pd.Timedelta(days=3),
     "not yet", ("before the disruption began",)),
    (2, "text", lambda ex: "soon", "not yet", ("one date",)),
    (2, "misspelt column", lambda ex: pd.DataFrame({"periode": [_first(ex)] * 2,
                                                    "category": ["delivery"] * 2}),
     "not yet", ("no 'period' column",)),
    (3, "days", _delay, "correct", ("days from the start",)),
    (3, "timedelta", lambda ex: _first(ex) - _incident(ex, "start"), "correct", ()),
    (3, "float", lambda ex: float(_delay(ex)), "correct", ()),
    (3, "start as day 1", lambda ex: _delay(ex) + 1, "not yet", ("day 1",)),
    (3, "from the end", lambda ex: (_first(ex) - _incident(ex, "end")).days, "not yet",
     ("end of the disruption",)),
    (3, "sign", lambda ex: -_delay(ex), "not yet", ("The sign",)),
    (3, "hours", lambda ex: 24 * _delay(ex), "not yet", ("hours",)),
    (3, "text", lambda ex: "four", "not yet", ("single number",)),
    (4, "per month", lambda ex: _fa(ex).loc["delivery", "per_month"], "correct", ("a month",)),
    (4, "rounded", lambda ex: round(_fa(ex).loc["delivery", "per_month"], 2), "correct", ()),
    (4, "the delivery row", lambda ex: _fa(ex).loc[["delivery"]], "correct", ()),
    (4, "pooled", lambda ex: _res(ex).score(ex.world.truth.incidents)[
        "false_alarms_per_month"].iloc[0], "not yet", ("pooled over all categories",)),
    (4, "count", lambda ex: _fa(ex).loc["delivery", "false_alarms"], "not yet", ("count",)),
    (4, "per day", lambda ex: _fa(ex).loc["delivery", "per_month"] / 30, "not yet",
     ("per quiet day",)),
    (4, "whole table", _fa, "not yet", ("single number",)),
]


@pytest.mark.parametrize("task,label,make_answer,status,words", TRIED,
                         ids=[f"{t[0]}-{t[1]}" for t in TRIED])
def test_tried_answers(ex, task, label, make_answer, status, words):
    fb = ex.check(task, make_answer(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
