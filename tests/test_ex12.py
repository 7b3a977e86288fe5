"""Exercise 12 (the follow-up call and the closed loop): every check on right and typical wrong
answers, the built notebooks, the trainee version (all "not yet") and the solution on
ecommerce_zh.

Right answers are recomputed here with pandas from the complaints and surveys (shares, the
closed loop, the customers due and the days by ceiling division) and with statsmodels' own
``OrderedModel`` (the adjusted CSAT odds ratio), not from ``ck.followup`` or
``ck.callback_plan``, so a check cannot agree with a wrong kit function by construction.
"""

import math
import warnings

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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit.exercises import ex12

NAME = "ex12-follow-up-call.ipynb"
ORDER = list(ex12.PRIORITIES)

ex = exercise_fixture("12", zh_twin=True)


@pytest.fixture(scope="module")
def world(ex):
    return ex.world


@pytest.fixture(scope="module")
def frame(world):
    """Complaints with the survey answer, by hand."""
    s = world.surveys[["complaint_id", "responded", "csat"]]
    f = world.complaints.merge(s, on="complaint_id", how="left")
    f["csat"] = pd.to_numeric(f["csat"].astype(object), errors="coerce")
    f["responded"] = f["responded"].fillna(False).astype(bool)
    return f


# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "12", 5,
                                leak=("followed_up\"].mean()", "days_needed"))


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "12", 5)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "12", 5)


# --------------------------------------------------------------------------- tasks 1-2
def test_task1_share_called(ex, frame):
    k, n = int(frame["followed_up"].sum()), len(frame)
    assert 0.5 < k / n < 1
    fb = ex.check(1, k / n)
    assert fb.ok and f"{k:,} of {n:,}" in str(fb), str(fb)
    assert ex.check(1, round(100 * k / n, 1)).ok
    says(ex.check(1, k), "count")
    says(ex.check(1, 1 - k / n), "*without*")
    says(ex.check(1, 0.5), "Not quite")
    says(ex.check(1, "most"), "single number")


def test_task2_by_priority(ex, frame):
    g = frame.groupby(frame["priority"].astype(str))["followed_up"]
    want = g.mean().loc[ORDER]
    assert want["low"] < want["high"]  # the world's rule: low priority is called less
    fb = ex.check(2, want)
    assert fb.ok and "low priority is called least" in str(fb), str(fb)
    assert ex.check(2, want.rename(index=ck.labels("zh_CN", "priority"))).ok
    assert ex.check(2, want.to_dict()).ok
    says(ex.check(2, g.sum().loc[ORDER]), "counts")
    says(ex.check(2, g.sum().loc[ORDER] / len(frame)), "shares of all complaints")
    says(ex.check(2, 1 - want), "*without*")
    says(ex.check(2, want.drop("low")), "one share per priority")
    says(ex.check(2, want * 0.8), "Not quite")


# --------------------------------------------------------------------------- task 3
def test_task3_closed_loop(ex, frame):
    resolved, called = frame["resolved_at"].notna(), frame["followed_up"]
    unhappy = frame["responded"] & (frame["csat"] < 4)
    closed = resolved & called & ~unhappy
    want = closed.mean()
    assert unhappy.any() and want < (resolved & called).mean()
    fb = ex.check(3, want)
    assert fb.ok, str(fb)
    assert ex.check(3, 100 * want).ok
    says(ex.check(3, int(closed.sum())), "count")
    says(ex.check(3, (resolved & called).mean()), "CSAT 4 or 5")
    says(ex.check(3, resolved.mean()), "share resolved")
    says(ex.check(3, called.mean()), "share called")
    says(ex.check(3, closed[frame["responded"]].mean()), "respondents only")
    says(ex.check(3, (resolved & called & frame["responded"] & (frame["csat"] >= 4)).mean()),
         "did not answer as open")


# --------------------------------------------------------------------------- task 4
@pytest.fixture(scope="module")
def odds(world):
    """The adjusted and naive odds ratios with statsmodels' own OrderedModel, by hand."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    f = ck.complaint_frame(world.complaints, world.surveys, agents=world.agents,
                           customers=world.customers)
    d = f[f["responded"] & f["csat_score"].notna()].copy()
    d["no_followup"] = (~d["followed_up"]).astype(float)
    ratings = [c for c in d.columns if c.startswith("rating_")]
    x = pd.get_dummies(d[["priority", "channel", "team", "tier"]].astype(str), drop_first=True,
                       dtype=float)
    x = pd.concat([d[["no_followup", "resolved", "first_contact_resolution",
                      "extra_contacts", *ratings]].astype(float), x], axis=1)
    x = x.loc[:, x.nunique() > 1]
    y = pd.Series(pd.Categorical(d["csat_score"], ordered=True), index=d.index)
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, exog in (("adjusted", x), ("naive", x[["no_followup"]])):
            fit = OrderedModel(y, exog, distr="logit").fit(method="bfgs", disp=0, maxiter=5000)
            out[name] = math.exp(fit.params["no_followup"])
    return out


def test_task4_odds_ratio(ex, odds):
    want = odds["adjusted"]
    fb = ex.check(4, want)
    assert fb.ok, str(fb)
    assert ex.check(4, round(want, 2)).ok
    says(ex.check(4, math.log(want)), "np.exp")
    if abs(odds["naive"] - want) > 0.02:
        says(ex.check(4, odds["naive"]), "naive")
    says(ex.check(4, 1 / want), "*making* the call")
    says(ex.check(4, want + 0.3), "Not quite")


# --------------------------------------------------------------------------- task 5
def test_task5_plan_days(ex, world):
    c = world.complaints
    recent = c[c["received_at"] > c["received_at"].max() - pd.Timedelta(days=30)]
    due = recent[~recent["followed_up"]]
    n = due["customer_id"].nunique()
    want = -(-n // 15)
    fb = ex.check(5, want)
    assert fb.ok and f"{n:,} customers" in str(fb), str(fb)
    assert ex.check(5, float(want)).ok
    plan = ck.callback_plan(due, n_agents=1, calls_per_agent_day=15, cycle_days=5)
    assert ex.check(5, plan).ok
    if n % 15:
        says(ex.check(5, n / 15), "round up")
        says(ex.check(5, n // 15), "Rounded down")
    every = -(-recent["customer_id"].nunique() // 15)
    if every != want:
        says(ex.check(5, every), "already called back")
    says(ex.check(5, n), "number of customers")
    says(ex.check(5, 5), "cycle's length")
    says(ex.check(5, "many"), "single number")
    says(ex.check(5, np.float64(want) + 0.37), "whole number")


# --------------------------------------------------------------------------- any answer
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
                        st.lists(st.one_of(st.text(max_size=3), st.floats()), max_size=4),
                        st.dictionaries(st.sampled_from(ORDER + ["x", "高"]),
                                        st.floats(allow_nan=True), max_size=4)),
       task=st.integers(1, 5))
def test_any_answer_gets_feedback_never_an_error(ex, answer, task):
    fb = ex.check(task, answer)
    assert fb.status in ("correct", "not yet") and fb.messages, str(fb)


# --------------------------------------------------------------------------- tried answers
def _f(ex):
    return ex12._flags(ex)


def _called(ex):
    return float(_f(ex)["called"].mean())


def _by_p(ex, how="mean"):
    return getattr(_f(ex).groupby("priority")["called"], how)().loc[ORDER].astype(float)


def _closed(ex):
    f = _f(ex)
    return f["resolved"] & f["called"] & ~(f["answered"] & ~f["happy"])


def _or(ex, model="adjusted"):
    t = ex12._followup(ex).table.set_index(["outcome", "model"])["estimate"]
    return math.exp(float(t.loc[("csat", model)]))


def _days(ex):
    return -(-int(ex12._due(ex)["customer_id"].nunique()) // ex12.CALLS_PER_DAY)


#: (task, label, make_answer(ex), status, words the English feedback must contain)
TRIED = [
    (1, "right, a share", _called, "correct", ["follow-up call"]),
    (1, "right, a percentage", lambda ex: round(100 * _called(ex), 1), "correct",
     ["percentage"]),
    (1, "right, value_counts(normalize=True)",
     lambda ex: ex.world.complaints["followed_up"].astype(bool).value_counts(normalize=True),
     "correct", []),
    (1, "right, a one-value dict", lambda ex: {"called": _called(ex)}, "correct", []),
    (1, "the count", lambda ex: int(_f(ex)["called"].sum()), "not yet", ["count"]),
    (1, "the share without", lambda ex: 1 - _called(ex), "not yet", ["*without*"]),
    (1, "a text", lambda ex: "most", "not yet", ["single number"]),
    (2, "right, a Series", _by_p, "correct", ["called least"]),
    (2, "right, labels", lambda ex: _by_p(ex).rename(index=ck.labels("zh_CN", "priority")),
     "correct", []),
    (2, "right, a dict", lambda ex: _by_p(ex).to_dict(), "correct", []),
    (2, "right, percentages", lambda ex: (100 * _by_p(ex)).round(1), "correct",
     ["percentages"]),
    (2, "counts", lambda ex: _by_p(ex, "sum"), "not yet", ["counts"]),
    (2, "shares of all", lambda ex: _by_p(ex, "sum") / len(_f(ex)), "not yet",
     ["shares of all complaints"]),
    (2, "the shares without", lambda ex: 1 - _by_p(ex), "not yet", ["*without*"]),
    (2, "a priority missing", lambda ex: _by_p(ex).drop("low"), "not yet",
     ["one share per priority"]),
    (2, "a misspelt priority", lambda ex: _by_p(ex).rename(index={"medium": "mid"}),
     "not yet", ["mid"]),
    (3, "right, a share", lambda ex: float(_closed(ex).mean()), "correct", ["closed loop"]),
    (3, "right, a percentage", lambda ex: 100 * float(_closed(ex).mean()), "correct",
     ["percentage"]),
    (3, "the count", lambda ex: int(_closed(ex).sum()), "not yet", ["count"]),
    (3, "resolved and called", lambda ex: float((_f(ex)["resolved"] & _f(ex)["called"]).mean()),
     "not yet", ["CSAT 4 or 5"]),
    (3, "resolved only", lambda ex: float(_f(ex)["resolved"].mean()), "not yet",
     ["share resolved"]),
    (3, "not closed", lambda ex: 1 - float(_closed(ex).mean()), "not yet", ["not closed"]),
    (4, "right, a number", _or, "correct", ["comparing like with like"]),
    (4, "right, rounded", lambda ex: round(_or(ex), 2), "correct", []),
    (4, "right, a dict", lambda ex: {"or": _or(ex)}, "correct", []),
    (4, "the log-odds", lambda ex: math.log(_or(ex)), "not yet", ["np.exp"]),
    (4, "the inverse", lambda ex: 1 / _or(ex), "not yet", ["*making* the call"]),
    (4, "a text", lambda ex: "lower", "not yet", ["single number"]),
    (5, "right, a number", _days, "correct", ["customers at 15 calls a day"]),
    (5, "right, a float", lambda ex: float(_days(ex)), "correct", []),
    (5, "right, the plan", lambda ex: ck.callback_plan(ex12._due(ex), n_agents=1,
                                                       calls_per_agent_day=15, cycle_days=5),
     "correct", []),
    (5, "the customers", lambda ex: int(ex12._due(ex)["customer_id"].nunique()), "not yet",
     ["number of customers"]),
    (5, "the cycle", lambda ex: 5, "not yet", ["cycle's length"]),
    (5, "not whole", lambda ex: _days(ex) + 0.37, "not yet", ["whole number"]),
    (5, "a text", lambda ex: "many", "not yet", ["single number"]),
]


@pytest.mark.parametrize("task, label, make, status, words", TRIED,
                         ids=[f"{t}-{lab}" for t, lab, *_ in TRIED])
def test_tried_answers(ex, task, label, make, status, words):
    fb = ex.check(task, make(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
