"""Exercise 10 (the six steps in our own event log): every check on right and typical wrong
answers, the built notebooks, the trainee version (all "not yet") and the solution on
ecommerce_zh.

Right answers are recomputed here from the raw event log and complaints table with pandas
(paths by sorting and joining events, steps through ``ck.analysis.STEPS``, reopen loops from
the complaints' ``reopened`` flag, hours to confirm from the first confirming event), not from
``ck.process``, so a check cannot agree with a wrong kit function by construction.
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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit.exercises import ex10

NAME = "ex10-six-steps.ipynb"
SIX = list(ex10.SIX)

ex = exercise_fixture("10")


@pytest.fixture(scope="module")
def world(ex):
    return ex.world


@pytest.fixture(scope="module")
def log(world):
    """The events in order, with each event's step and each case's priority and team."""
    ev = world.events.sort_values(["complaint_id", "at", "seq"], kind="stable")
    return ev.assign(step=ev["event"].map(ck.analysis.STEPS))


# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "10", 6,
                                leak=("res.variants[", "Call-back done\": \"follow_up"))


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "10", 6)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "10", 6)


# --------------------------------------------------------------------------- task 1
def test_task1_usual_path(ex, world, log):
    paths = log.groupby("complaint_id", sort=False)["event"].agg(" → ".join)
    counts = paths.value_counts()
    share = counts.iloc[0] / len(world.complaints)
    assert 0.3 < share < 1 and len(paths) == len(world.complaints)
    fb = ex.check(1, share)
    assert fb.ok and counts.index[0] in str(fb), str(fb)
    assert ex.check(1, round(100 * share, 1)).ok                  # a percentage will do
    assert ex.check(1, ck.process(world.events, complaints=world.complaints)).ok
    says(ex.check(1, int(counts.iloc[0])), "That is a count")
    steps = log.dropna(subset=["step"]).groupby("complaint_id")["step"].nunique()
    all_six = float((steps == 6).mean())
    if abs(all_six - share) > 0.01:
        says(ex.check(1, all_six), "every one of the six steps")
    says(ex.check(1, counts.iloc[1] / len(world.complaints)), "second most common")
    says(ex.check(1, "most"), "single number")


# --------------------------------------------------------------------------- task 2
def _skipped(world, log) -> pd.Series:
    done = log.dropna(subset=["step"]).groupby(["complaint_id", "step"]).size().unstack()
    done = done.reindex(index=world.complaints["complaint_id"], columns=SIX)
    return done.isna().mean()


def test_task2_skipped_steps(ex, world, log):
    want = _skipped(world, log)
    assert want["analyse"] > 0.2 and want["receive"] == 0  # solved at first contact: no analysis
    c = world.complaints   # the log's skips are the complaints' records
    assert want["confirm"] == pytest.approx(1 - c["confirmed"].mean(), abs=1e-12)
    assert want["follow_up"] == pytest.approx(1 - c["followed_up"].mean(), abs=1e-12)
    assert want["confirm"] > 0.02 and want["follow_up"] > 0.02  # the world has deviations
    fb = ex.check(2, want)
    assert fb.ok and "analyse" in str(fb), str(fb)
    assert ex.check(2, want.to_dict()).ok
    assert ex.check(2, ck.process(world.events)).ok
    chinese = want.rename(index=dict(zip(SIX, ["受理", "确认诉求", "分析原因", "提出方案", "实施",
                                                "回访"], strict=True)))
    assert ex.check(2, chinese).ok                                   # the Chinese names will do
    says(ex.check(2, want * len(world.complaints)), "counts")
    says(ex.check(2, 1 - want), "*did* each step")
    says(ex.check(2, want.drop("follow_up")), "missing: follow_up")
    says(ex.check(2, {"receive": "a"}), "must be numbers", "one share per step")
    says(ex.check(2, [0.1, 0.2]), "one share per step")
    off = want.copy()
    off["analyse"] += 0.1
    says(ex.check(2, off), "Not quite for analyse")
    says(ex.check(2, ck.process(world.events, by="channel", complaints=world.complaints)),
         "split by group")


# --------------------------------------------------------------------------- task 3
def test_task3_reopen_by_team(ex, world):
    c = world.complaints.merge(world.agents[["agent_id", "team"]], on="agent_id", how="left")
    want = c.groupby("team")["reopened"].mean().loc[list(ex10.TEAMS)]
    assert want.gt(0).all()
    fb = ex.check(3, want)
    assert fb.ok, str(fb)
    labels = ck.labels("zh_CN", "team")
    assert ex.check(3, want.rename(index=labels)).ok                # labels will do
    counts = c.groupby("team")["reopened"].sum().loc[list(ex10.TEAMS)]
    says(ex.check(3, counts), "counts")
    says(ex.check(3, counts / len(c)), "shares of all complaints")
    by_channel = c.groupby("channel")["reopened"].mean()
    says(ex.check(3, by_channel), "one share per team")
    says(ex.check(3, ck.process(world.events, complaints=world.complaints)), "by='team'")
    says(ex.check(3, want * 1.5), "Not quite")


# --------------------------------------------------------------------------- task 4
def test_task4_hours_to_confirm(ex, world, log):
    first = log.groupby("complaint_id")["at"].min()
    confirm = log[log["step"] == "confirm"].groupby("complaint_id")["at"].min()
    hours = ((confirm - first.reindex(confirm.index)).dt.total_seconds() / 3600)
    priority = world.complaints.set_index("complaint_id")["priority"].astype(str)
    by = hours.groupby(priority.reindex(hours.index))
    order = ["low", "medium", "high"]
    want = by.median().loc[order]
    assert want["high"] < want["low"]  # high priority is answered first in the world
    fb = ex.check(4, want)
    assert fb.ok, str(fb)
    assert ex.check(4, want.rename(index=ck.labels("zh_CN", "priority"))).ok
    says(ex.check(4, want * 60), "minutes")
    says(ex.check(4, by.mean().loc[order]), "means")
    says(ex.check(4, by.quantile(0.9).loc[order]), "90th percentiles")
    res = ck.process(world.events, by="priority", complaints=world.complaints)
    t = res.times.query("step == 'confirm' and measure == 'hours_in_step' and stat == 'median'")
    says(ex.check(4, t.set_index("priority")["value"]), "*in* the confirm step")
    says(ex.check(4, want.drop("low")), "one number per priority")


# --------------------------------------------------------------------------- task 5
def test_task5_ticket_log(ex):
    log = ex10.ticket_log()
    # by hand: tickets without a timed 'Call-back done'
    timed = log.dropna(subset=["time"])
    called = set(timed.loc[timed["status"] == "Call-back done", "ticket"])
    want = sorted(set(log["ticket"]) - called)
    assert want == sorted(ex10.NO_CALL)
    fb = ex.check(5, want)
    assert fb.ok and "T3" in str(fb), str(fb)
    assert ex.check(5, "t2, t3, t5").ok and ex.check(5, pd.Series(want[::-1])).ok
    mine = ck.process(log, case="ticket", activity="status", time="time", order=None,
                      agent=None, steps=ex10.STATUS)
    assert ex.check(5, mine).ok
    says(ex.check(5, ["T2", "T5"]), "T3", "no time")
    says(ex.check(5, ["T1", "T4"]), "*were* called back")
    says(ex.check(5, []), "closing is not a call-back")
    says(ex.check(5, ["T2", "T3", "T9"]), "no ticket T9")
    says(ex.check(5, ["T2"]), "Not quite")
    says(ex.check(5, 3), "list of strings")


# --------------------------------------------------------------------------- task 6
def test_task6_handoff_hours(ex, world, log):
    span = log.groupby("complaint_id")["at"].agg(["min", "max"])
    hours = (span["max"] - span["min"]).dt.total_seconds() / 3600
    moved = world.complaints.set_index("complaint_id")["handoffs"].reindex(hours.index) > 0
    assert moved.sum() > 30   # the world hands complaints off
    with_, without = hours[moved], hours[~moved]
    want = with_.median() - without.median()
    assert want > 0           # each hand-off adds waiting time in the world
    fb = ex.check(6, want)
    assert fb.ok and f"{int(moved.sum()):,} complaints changed hands" in str(fb), str(fb)
    says(ex.check(6, -want), "wrong way round")
    says(ex.check(6, with_.mean() - without.mean()), "means")
    says(ex.check(6, with_.median() / without.median()), "ratio")
    says(ex.check(6, want + 50), "Not quite")
    says(ex.check(6, "longer"), "single number")


# --------------------------------------------------------------------------- any answer
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20),
                        st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
                        st.lists(st.one_of(st.text(max_size=3), st.floats()), max_size=4),
                        st.dictionaries(st.sampled_from(SIX + ["x", "回访"]),
                                        st.floats(allow_nan=True), max_size=7)),
       task=st.integers(1, 6))
def test_any_answer_gets_feedback_never_an_error(ex, answer, task):
    fb = ex.check(task, answer)
    assert fb.status in ("correct", "not yet") and fb.messages, str(fb)
