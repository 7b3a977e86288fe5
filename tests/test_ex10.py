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

ex = exercise_fixture("10", zh_twin=True)


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


# --------------------------------------------------------------------------- tried answers
def _res(ex, by=None):
    return ex10._process(ex, by)


def _usual(ex):
    return float(_res(ex).variants["share"].iloc[0])


def _skip(ex):
    t = _res(ex).table
    return t[t["measure"] == "skipped"].set_index("step").loc[SIX, "share"].astype(float)


def _loops(ex):
    return _res(ex, "team").loops.set_index("team").loc[list(ex10.TEAMS)]


def _confirm(ex, name="median"):
    return ex10._confirm_times(ex)[name].loc[["low", "medium", "high"]]


def _hand(ex):
    t = ex10._handoff_hours(ex)
    return t["with"] - t["without"], t


ZH_STEPS = dict(zip(SIX, ["受理", "确认诉求", "分析原因", "提出方案", "实施", "回访"], strict=True))

#: (task, label, make_answer(ex), status, words the English feedback must contain)
TRIED = [
    (1, "right, a share", _usual, "correct", ["follow the usual path"]),
    (1, "right, a percentage", lambda ex: round(100 * _usual(ex), 1), "correct",
     ["percentage"]),
    (1, "right, the process result", _res, "correct", []),
    (1, "right, a dict", lambda ex: {"usual": _usual(ex)}, "correct", []),
    (1, "the count", lambda ex: int(_res(ex).variants["cases"].iloc[0]), "not yet",
     ["That is a count"]),
    (1, "the second path", lambda ex: float(_res(ex).variants["share"].iloc[1]), "not yet",
     ["second most common"]),
    (1, "the share leaving it", lambda ex: 1 - _usual(ex), "not yet", ["leave the usual path"]),
    (1, "a text", lambda ex: "most", "not yet", ["single number"]),
    (2, "right, a Series", _skip, "correct", ["Skipped most"]),
    (2, "right, a dict", lambda ex: _skip(ex).to_dict(), "correct", []),
    (2, "right, percentages", lambda ex: (100 * _skip(ex)).round(1), "correct",
     ["percentages"]),
    (2, "right, Chinese step names", lambda ex: _skip(ex).rename(index=ZH_STEPS), "correct",
     []),
    (2, "right, the process result", _res, "correct", []),
    (2, "counts", lambda ex: _skip(ex) * len(_res(ex).cases), "not yet", ["counts"]),
    (2, "the shares that did", lambda ex: 1 - _skip(ex), "not yet", ["*did* each step"]),
    (2, "a step missing", lambda ex: _skip(ex).drop("follow_up"), "not yet",
     ["missing: follow_up"]),
    (2, "a misspelt step", lambda ex: _skip(ex).rename(index={"analyse": "analysis"}),
     "not yet", ["missing: analyse"]),
    (2, "an extra key", lambda ex: pd.concat([_skip(ex), pd.Series({"closed": 0.0})]),
     "not yet", ["'closed' is not one of the six steps"]),
    (2, "one off", lambda ex: _skip(ex).add(pd.Series({"analyse": 0.1}), fill_value=0),
     "not yet", ["Not quite for analyse"]),
    (2, "a list", lambda ex: [0.1, 0.2], "not yet", ["one share per step"]),
    (3, "right, a Series", lambda ex: _loops(ex)["share"], "correct", ["reopen loop"]),
    (3, "right, labels", lambda ex: _loops(ex)["share"].rename(
        index=ck.labels("zh_CN", "team")), "correct", []),
    (3, "right, percentages", lambda ex: (100 * _loops(ex)["share"]).round(2), "correct",
     ["percentages"]),
    (3, "right, a dict", lambda ex: _loops(ex)["share"].to_dict(), "correct", []),
    (3, "right, the process result", lambda ex: _res(ex, "team"), "correct", []),
    (3, "counts", lambda ex: _loops(ex)["with_loops"], "not yet", ["counts"]),
    (3, "shares of all", lambda ex: _loops(ex)["with_loops"] / _loops(ex)["cases"].sum(),
     "not yet", ["shares of all complaints"]),
    (3, "the shares without", lambda ex: 1 - _loops(ex)["share"], "not yet",
     ["without a reopen loop"]),
    (3, "a team missing", lambda ex: _loops(ex)["share"].drop("digital"), "not yet",
     ["one share per team"]),
    (3, "not by team", _res, "not yet", ["by='team'"]),
    (4, "right, a Series", _confirm, "correct", ["Median hours"]),
    (4, "right, labels", lambda ex: _confirm(ex).rename(index=ck.labels("zh_CN", "priority")),
     "correct", []),
    (4, "right, a dict rounded", lambda ex: _confirm(ex).round(1).to_dict(), "correct", []),
    (4, "right, the process result", lambda ex: _res(ex, "priority"), "correct", []),
    (4, "minutes", lambda ex: _confirm(ex) * 60, "not yet", ["minutes"]),
    (4, "days", lambda ex: _confirm(ex) / 24, "not yet", ["days"]),
    (4, "means", lambda ex: _confirm(ex, "mean"), "not yet", ["means"]),
    (4, "p90", lambda ex: _confirm(ex, "p90"), "not yet", ["90th percentiles"]),
    (4, "in the step", lambda ex: _confirm(ex, "in_step"), "not yet", ["*in* the confirm"]),
    (4, "a priority missing", lambda ex: _confirm(ex).drop("low"), "not yet",
     ["one number per priority"]),
    (4, "not by priority", _res, "not yet", ["by='priority'"]),
    (5, "right, a list", lambda ex: sorted(ex10.NO_CALL), "correct", ["T3"]),
    (5, "right, a string", lambda ex: "t2, t3, t5", "correct", []),
    (5, "right, a Series", lambda ex: pd.Series(sorted(ex10.NO_CALL)[::-1]), "correct", []),
    (5, "the untimed one missed", lambda ex: ["T2", "T5"], "not yet", ["no time"]),
    (5, "the called ones", lambda ex: ["T1", "T4"], "not yet", ["*were* called back"]),
    (5, "none", lambda ex: [], "not yet", ["closing is not a call-back"]),
    (5, "an unknown ticket", lambda ex: ["T2", "T3", "T9"], "not yet", ["no ticket T9"]),
    (5, "one only", lambda ex: ["T2"], "not yet", ["Not quite"]),
    (5, "a number", lambda ex: 3, "not yet", ["list of strings"]),
    (6, "right, a number", lambda ex: _hand(ex)[0], "correct", ["changed hands"]),
    (6, "right, rounded", lambda ex: round(_hand(ex)[0]), "correct", []),
    (6, "right, a dict", lambda ex: {"extra_hours": _hand(ex)[0]}, "correct", []),
    (6, "the wrong way round", lambda ex: -_hand(ex)[0], "not yet", ["wrong way round"]),
    (6, "means", lambda ex: _hand(ex)[1]["mean_diff"], "not yet", ["means"]),
    (6, "a ratio", lambda ex: _hand(ex)[1]["with"] / _hand(ex)[1]["without"], "not yet",
     ["ratio"]),
    (6, "in minutes", lambda ex: 60 * _hand(ex)[0], "not yet", ["minutes"]),
    (6, "in days", lambda ex: _hand(ex)[0] / 24, "not yet", ["days"]),
    (6, "the median with hand-offs", lambda ex: _hand(ex)[1]["with"], "not yet",
     ["subtract the median of the others"]),
    (6, "a text", lambda ex: "longer", "not yet", ["single number"]),
]


@pytest.mark.parametrize("task, label, make, status, words", TRIED,
                         ids=[f"{t}-{lab}" for t, lab, *_ in TRIED])
def test_tried_answers(ex, task, label, make, status, words):
    fb = ex.check(task, make(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
