"""Exercise 11 (triage, SLA and staffing for the peak): every check on right and typical wrong
answers, the built notebooks, the trainee version (all "not yet") and the solution on
ecommerce_zh.

Right answers are recomputed here without the kit's analyses: SLA shares from the raw times
and the scenario's hours, the festival's day from its calendar rule (Black Friday: the day
after the fourth Thursday of November), the daily counts by hand, and the agents from the
textbook Erlang C sum in exact rational arithmetic, so a check cannot agree with a wrong kit
function by construction.
"""

import math
from fractions import Fraction

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
from complaintkit.exercises import ex11

NAME = "ex11-triage-and-staffing.ipynb"
SLA_HOURS = {"low": 48, "medium": 24, "high": 2}   # scenarios/ecommerce.toml [handling]

ex = exercise_fixture("11", zh_twin=True)


@pytest.fixture(scope="module")
def world(ex):
    return ex.world


@pytest.fixture(scope="module")
def frame(world):
    c = world.complaints.merge(world.agents[["agent_id", "team"]], on="agent_id", how="left")
    hours = (c["first_response_at"] - c["received_at"]).dt.total_seconds() / 3600
    limit = c["priority"].astype(str).map(SLA_HOURS)
    return c.assign(hours=hours, met=hours <= limit + 1 / 3600)


@pytest.fixture(scope="module")
def peak(world) -> dict:
    nov = pd.date_range("2025-11-01", "2025-11-30")
    black_friday = nov[nov.day_of_week == 3][3] + pd.Timedelta(days=1)
    days = world.complaints["received_at"].dt.normalize().value_counts()
    days = days.reindex(pd.date_range("2025-01-01", "2025-12-31"), fill_value=0)
    window = days[black_friday: black_friday + pd.Timedelta(days=20)]
    return {"day": black_friday, "on_day": int(days[black_friday]), "peak": int(window.max()),
            "total": int(window.sum()), "mean": float(days.mean())}


def erlang_c_agents(per_day: float, aht_min: float = 45, within_h: float = 2,
                    target: float = 0.8, open_h: float = 24) -> int:
    """The fewest agents with P(wait <= within) >= target, by the textbook sum (exact)."""
    a = Fraction(per_day).limit_denominator(10**6) / Fraction(open_h).limit_denominator() \
        * Fraction(aht_min, 60)
    n = math.floor(a) + 1
    while True:
        terms = [a**k / math.factorial(k) for k in range(n)]
        top = a**n / math.factorial(n) * n / (n - a)
        p_wait = top / (sum(terms) + top)
        sl = 1 - float(p_wait) * math.exp(-float(n - a) * within_h / (aht_min / 60))
        if sl >= target:
            return n
        n += 1


def test_erlang_c_helper_matches_the_published_example():
    # 100 calls per 30 minutes, AHT 3 minutes, 80% within 20 seconds -> 14 agents
    assert erlang_c_agents(200, aht_min=3, within_h=20 / 3600, open_h=1) == 14


# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "11", 5,
                                leak=("loc[\"high\", \"share_met\"]", "1.6 * peak"))


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "11", 5)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "11", 5)


# --------------------------------------------------------------------------- task 1
def test_task1_high_priority_in_time(ex, world, frame):
    high = frame[frame["priority"].astype(str) == "high"]
    want = high["met"].mean()
    assert 0.3 < want < 0.95
    fb = ex.check(1, want)
    assert fb.ok and f"{int(high['met'].sum()):,} of {len(high):,}" in str(fb), str(fb)
    assert ex.check(1, round(100 * want, 1)).ok and ex.check(1, ck.sla(world.complaints)).ok
    says(ex.check(1, int(high["met"].sum())), "That is a count")
    says(ex.check(1, frame["met"].mean()), "every priority")
    says(ex.check(1, 1 - want), "*missed*")
    says(ex.check(1, (high["hours"] <= 24).mean()), "24 hours")
    says(ex.check(1, "most"), "single number")


# --------------------------------------------------------------------------- task 2
def test_task2_sla_by_team(ex, world, frame):
    want = frame.groupby("team")["met"].mean().loc[list(ex11.TEAMS)]
    fb = ex.check(2, want)
    assert fb.ok, str(fb)
    assert ex.check(2, want.rename(index=ck.labels("zh_CN", "team"))).ok
    assert ex.check(2, ck.sla(world.complaints, by="team", agents=world.agents)).ok
    says(ex.check(2, frame.groupby("team")["met"].sum().loc[list(ex11.TEAMS)]), "counts")
    says(ex.check(2, 1 - want), "*missed*")
    says(ex.check(2, frame.groupby("channel")["met"].mean()), "one share per team")
    says(ex.check(2, ck.sla(world.complaints)), "not by team")
    says(ex.check(2, want * 0.8), "Not quite")


# --------------------------------------------------------------------------- task 3
def test_task3_festival_peak(ex, peak):
    assert peak["peak"] > 1.5 * peak["mean"]  # the festival brings a real peak
    fb = ex.check(3, peak["peak"])
    assert fb.ok and str(peak["peak"]) in str(fb), str(fb)
    if peak["on_day"] != peak["peak"]:
        says(ex.check(3, peak["on_day"]), "festival day itself")
    says(ex.check(3, peak["total"]), "total of the three weeks")
    says(ex.check(3, peak["mean"]), "mean day")
    says(ex.check(3, peak["peak"] + 7), "Not quite")
    says(ex.check(3, [1, 2]), "single number")
    says(ex.check(3, -5), "whole number")
    says(ex.check(3, peak["peak"] + 3.5), "whole number")


# --------------------------------------------------------------------------- task 4
def test_task4_agents_on_duty(ex, peak):
    want = erlang_c_agents(peak["peak"])
    assert want >= 1
    fb = ex.check(4, want)
    assert fb.ok, str(fb)
    plan = ck.staffing(peak["peak"], aht="45min", answer_within="2h", hours_per_day=24)
    assert ex.check(4, plan).ok
    eight = erlang_c_agents(peak["peak"], open_h=8)
    assert eight > want
    says(ex.check(4, eight), "open 8 hours")
    default = ck.staffing(peak["peak"], aht="45min", answer_within="2h")   # 8 open hours
    says(ex.check(4, default), "round the clock")
    scheduled = math.ceil(want / 0.7 - 1e-9)
    if scheduled not in (eight, want):
        says(ex.check(4, scheduled), "to schedule")
    says(ex.check(4, want + 0.5), "whole number")
    says(ex.check(4, -1), "whole number")
    says(ex.check(4, True), "whole number")
    says(ex.check(4, float("inf")), "finite")


# --------------------------------------------------------------------------- task 5
def test_task5_scheduled_after_the_rise(ex, peak):
    on_duty = erlang_c_agents(1.6 * peak["peak"])
    want = math.ceil(on_duty / 0.7 - 1e-9)
    fb = ex.check(5, want)
    assert fb.ok and f"{3 * want} eight-hour shifts" in str(fb), str(fb)
    after = ck.staffing(1.6 * peak["peak"], aht="45min", answer_within="2h", hours_per_day=24,
                        shrinkage=0.3)
    assert ex.check(5, after).ok
    if on_duty != want:
        says(ex.check(5, on_duty), "agents on duty")
    today = math.ceil(erlang_c_agents(peak["peak"]) / 0.7 - 1e-9)
    scaled = math.ceil(1.6 * today)
    if scaled not in (want, on_duty, today):
        says(ex.check(5, scaled), "scaled by 1.6")
    if today not in (want, on_duty):
        says(ex.check(5, today), "before the rise")
    says(ex.check(5, want + 40), "Not quite")
    says(ex.check(5, "six"), "single number")


# --------------------------------------------------------------------------- any answer
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
                        st.lists(st.floats(), max_size=4),
                        st.dictionaries(st.sampled_from(list(ex11.TEAMS) + ["x", "电话组"]),
                                        st.floats(allow_nan=True), max_size=4)),
       task=st.integers(1, 5))
def test_any_answer_gets_feedback_never_an_error(ex, answer, task):
    fb = ex.check(task, answer)
    assert fb.status in ("correct", "not yet") and fb.messages, str(fb)


# --------------------------------------------------------------------------- tried answers
def _sla_t(ex, by="priority"):
    return ex11._sla(ex, by).table.set_index(by)


def _high(ex):
    return float(_sla_t(ex).loc["high", "share_met"])


def _teams(ex):
    return _sla_t(ex, "team").loc[list(ex11.TEAMS), "share_met"].astype(float)


def _pk(ex):
    return ex11._peak(ex)


def _staff(ex, factor=1.0, col="agents", **kw):
    return int(ex11._staff(ex, factor * _pk(ex)["peak"], **kw)[col])


def _plan(ex, factor=1.0, **kw):
    args = {"aht": "45min", "answer_within": "2h", "hours_per_day": 24, "shrinkage": 0.3} | kw
    return ck.staffing(factor * _pk(ex)["peak"], **args)


#: (task, label, make_answer(ex), status, words the English feedback must contain)
TRIED = [
    (1, "right, a share", _high, "correct", ["high-priority complaints"]),
    (1, "right, a percentage", lambda ex: round(100 * _high(ex), 1), "correct",
     ["percentage"]),
    (1, "right, the sla result", lambda ex: ex11._sla(ex), "correct", []),
    (1, "right, the share per priority", lambda ex: _sla_t(ex)["share_met"], "correct", []),
    (1, "right, a dict by label", lambda ex: {"低": 0.9, "中": 0.8, "高": _high(ex)}, "correct",
     []),
    (1, "right, a one-value dict", lambda ex: {"high": _high(ex)}, "correct", []),
    (1, "the count", lambda ex: int(_sla_t(ex).loc["high", "met"]), "not yet",
     ["That is a count"]),
    (1, "every priority", lambda ex: float(_sla_t(ex)["met"].sum() / _sla_t(ex)["n"].sum()),
     "not yet", ["every priority"]),
    (1, "the share missed", lambda ex: 1 - _high(ex), "not yet", ["*missed*"]),
    (1, "a text", lambda ex: "most", "not yet", ["single number"]),
    (2, "right, a Series", _teams, "correct", ["Answered in time"]),
    (2, "right, labels", lambda ex: _teams(ex).rename(index=ck.labels("zh_CN", "team")),
     "correct", []),
    (2, "right, percentages", lambda ex: (100 * _teams(ex)).round(1), "correct",
     ["percentages"]),
    (2, "right, a dict", lambda ex: _teams(ex).to_dict(), "correct", []),
    (2, "right, the sla result", lambda ex: ex11._sla(ex, "team"), "correct", []),
    (2, "counts", lambda ex: _sla_t(ex, "team").loc[list(ex11.TEAMS), "met"], "not yet",
     ["counts"]),
    (2, "the shares missed", lambda ex: 1 - _teams(ex), "not yet", ["*missed*"]),
    (2, "shares of all", lambda ex: _sla_t(ex, "team").loc[list(ex11.TEAMS), "met"]
     / _sla_t(ex, "team")["n"].sum(), "not yet", ["shares of all complaints"]),
    (2, "a team missing", lambda ex: _teams(ex).drop("digital"), "not yet",
     ["one share per team"]),
    (2, "a misspelt team", lambda ex: _teams(ex).rename(index={"phone": "phnoe"}), "not yet",
     ["phnoe"]),
    (2, "not by team", lambda ex: ex11._sla(ex), "not yet", ["not by team"]),
    (3, "right, a count", lambda ex: _pk(ex)["peak"], "correct", ["days after the festival"]),
    (3, "right, a float", lambda ex: float(_pk(ex)["peak"]), "correct", []),
    (3, "right, a dict", lambda ex: {"peak": _pk(ex)["peak"]}, "correct", []),
    (3, "the total", lambda ex: _pk(ex)["total"], "not yet", ["total of the three weeks"]),
    (3, "the mean day", lambda ex: round(_pk(ex)["mean"]), "not yet", ["mean day"]),
    (3, "not whole", lambda ex: _pk(ex)["peak"] + 3.5, "not yet", ["whole number"]),
    (3, "negative", lambda ex: -5, "not yet", ["whole number"]),
    (3, "a list", lambda ex: [1, 2], "not yet", ["single number"]),
    (4, "right, a number", _staff, "correct", ["agents on duty"]),
    (4, "right, a float", lambda ex: float(_staff(ex)), "correct", []),
    (4, "right, the staffing result", _plan, "correct", []),
    (4, "right, a dict", lambda ex: {"agents": _staff(ex)}, "correct", []),
    (4, "a desk open 8 hours", lambda ex: _plan(ex, hours_per_day=8), "not yet",
     ["round the clock"]),
    (4, "not whole", lambda ex: _staff(ex) + 0.5, "not yet", ["whole number"]),
    (4, "True", lambda ex: True, "not yet", ["whole number"]),
    (4, "too many", lambda ex: _staff(ex) + 40, "not yet", ["Not quite"]),
    (5, "right, a number", lambda ex: _staff(ex, 1.6, "scheduled"), "correct",
     ["eight-hour shifts"]),
    (5, "right, the staffing result", lambda ex: _plan(ex, 1.6), "correct", []),
    (5, "before the rise", lambda ex: _staff(ex, 1.0, "scheduled"), "not yet",
     ["before the rise"]),
    (5, "a desk open 8 hours", lambda ex: _plan(ex, 1.6, hours_per_day=8), "not yet",
     ["round the clock"]),
    (5, "too many", lambda ex: _staff(ex, 1.6, "scheduled") + 40, "not yet", ["Not quite"]),
    (5, "a text", lambda ex: "six", "not yet", ["single number"]),
]


@pytest.mark.parametrize("task, label, make, status, words", TRIED,
                         ids=[f"{t}-{lab}" for t, lab, *_ in TRIED])
def test_tried_answers(ex, task, label, make, status, words):
    fb = ex.check(task, make(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
