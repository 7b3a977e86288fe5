"""Checks for exercise 04: did the training work?

Each check recomputes the right answer from the exercise's dataset (the agents, the complaint
frame with the agents joined, ``training_effect`` and the scenario's truth in ``world.truth``),
compares it with the trainee's answer by meaning, and recognises the typical wrong answers:
tenure averaged over complaints instead of agents, a difference the wrong way round, hours
instead of log hours, the after-only or the before-after comparison where the difference in
differences was asked, the log-scale estimate where a percent change was asked, the naive row
of the table, the truth instead of the estimate, and a pre-trend verdict from the wrong side of
the p-value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import task
from .answers import (
    ATOL,
    NO,
    YES,
    AnswerError,
    as_number,
    as_pair,
    as_table,
    close,
    first_match,
    single_number,
    words,
)
from .feedback import correct, not_yet

PCT_ATOL = 0.5  # percentage points
BEFORE_TOO = ("You compared trained and untrained agents after the training only; what about "
              "before? They differed already (juniors were sent first): subtract the gap they "
              "had before the programme date.")
ANYWAY = ("You compared trained agents before and after only; the untrained show what would "
          "have happened anyway: subtract the untrained agents' change over the same dates.")


# --------------------------------------------------------------------------- shared pieces
def _date(ctx) -> pd.Timestamp:
    return pd.Timestamp(ctx.world.agents["trained_at"].min())


def _frame(ctx) -> pd.DataFrame:
    def make():
        from ..analysis import complaint_frame

        w = ctx.world
        f = complaint_frame(w.complaints, w.surveys, agents=w.agents)
        f["log_hours"] = np.log(f["hours_to_first_response"])
        f["after"] = f["received_at"] >= _date(ctx)
        f["trained"] = f["trained"].astype(bool)
        return f

    return ctx.cached("frame", make)


def _means(ctx, column: str = "log_hours", how: str = "mean") -> pd.DataFrame:
    """2x2 table: rows trained False/True, columns after False/True."""
    f = _frame(ctx)
    return f.pivot_table(index="trained", columns="after", values=column, aggfunc=how)


def _did(t: pd.DataFrame) -> float:
    return float((t.loc[True, True] - t.loc[True, False]) - (t.loc[False, True]
                                                              - t.loc[False, False]))


def _result(ctx):
    from ..analysis import training_effect

    return ctx.cached("hours", lambda: training_effect(_frame(ctx), date=_date(ctx)))


def _csat(ctx):
    from ..analysis import training_effect

    return ctx.cached("csat", lambda: training_effect(
        _frame(ctx), outcome="csat_score", log=False, date=_date(ctx)))


def _pct(x: float) -> float:
    return float(100 * np.expm1(x))


# --------------------------------------------------------------------------- task 1
_TRAINED = re.compile(r"^(true|1|yes|trained|已培训|培训)$", re.I)
_UNTRAINED = re.compile(r"^(false|0|no|untrained|not[ _]trained|未培训|没有培训|非培训)$", re.I)


def _by_group(answer, what: str) -> tuple[float, float, bool]:
    """(trained, untrained, keyed) from a dict, Series, one-column table or a pair."""
    return as_pair(answer, _TRAINED, _UNTRAINED, what=what, order="(trained, untrained)",
                   example="agents.groupby('trained')['tenure_years'].mean()",
                   prefer=("mean", "tenure_years", "tenure"))


@task("04.1", "Mean tenure of trained and untrained agents")
def tenure(answer, ctx):
    agents = ctx.world.agents
    by = agents.groupby(agents["trained"].astype(bool))["tenure_years"]
    want = (float(by.mean()[True]), float(by.mean()[False]))
    single = single_number(answer)
    if single is not None and abs(abs(single) - abs(want[0] - want[1])) < 0.01:
        return not_yet("04.1", f"{single:.2f} is the difference: give both means, e.g. "
                               "agents.groupby('trained')['tenure_years'].mean().")
    tr, un, keyed = _by_group(answer, "mean tenures")
    if close((tr, un), want, 0.01):
        n = by.size()
        return correct("04.1", f"Trained agents ({n[True]}) have {want[0]:.2f} years of tenure "
                               f"on average, untrained agents ({n[False]}) {want[1]:.2f}: the "
                               "juniors were sent first.",
                       "So the two groups differed before anybody was trained, and a "
                       "comparison after the course mixes the course with who was sent.")
    if not keyed and close((un, tr), want, 0.01):
        return not_yet("04.1", "The two means are right but in the wrong order: give "
                               "(trained, untrained), or a Series indexed by trained.")
    f = _frame(ctx)
    per_complaint = f.groupby("trained")["tenure_years"].mean()
    medians = by.median()
    wrong = {
        "Those are averages over complaints, so busy agents count more: average over the "
        "agents (world.agents), one row per agent.": (per_complaint[True], per_complaint[False]),
        "Those are medians; the task asks for the mean tenure.": (medians[True], medians[False]),
    }
    for why, value in wrong.items():
        if close((tr, un), value, 0.01) or (not keyed and close((un, tr), value, 0.01)):
            return not_yet("04.1", why)
    return not_yet("04.1", f"Not quite ({tr:.2f}, {un:.2f}): take world.agents, group by "
                           "trained and average tenure_years.")


# --------------------------------------------------------------------------- task 2
@task("04.2", "Naive after-only difference in mean log first-response hours")
def naive_after(answer, ctx):
    t = _means(ctx)
    want = float(t.loc[True, True] - t.loc[False, True])
    x = as_number(answer, "the difference")
    notes: list[str] = []
    if abs(x) > 1.5 and abs(x - _pct(want)) < PCT_ATOL:
        notes.append(f"Read as a percent change ({x:+.1f}%); the task asks for log hours, "
                     f"{want:+.3f}.")
        x = want
    if abs(x - want) < ATOL:
        return correct("04.2", *notes, f"After the programme date trained agents' mean log "
                                       f"first-response hours are {want:+.3f} against the "
                                       f"untrained ({_pct(want):+.0f}%).",
                       "This naive comparison takes any gap the groups had before for an "
                       "effect of the training; the next task fixes that.")
    f = _frame(ctx)
    hours = _means(ctx, "hours_to_first_response")
    log1p = f.assign(l1=np.log1p(f["hours_to_first_response"])).pivot_table(
        index="trained", columns="after", values="l1", aggfunc="mean")
    year = f.groupby("trained")["log_hours"].mean()
    wrong = {
        "The sign is reversed: that is untrained - trained. Take trained minus untrained "
        "(negative = trained agents are faster).": -want,
        "That is the difference in mean hours, not in mean log hours: take "
        "np.log(hours_to_first_response) first, then average.":
            hours.loc[True, True] - hours.loc[False, True],
        "That uses log(1 + hours); the task asks for log(hours) (np.log).":
            log1p.loc[True, True] - log1p.loc[False, True],
        "That is the gap over the whole year: keep only complaints received on or after the "
        "programme date.": year[True] - year[False],
        "That is the gap before the programme date: the task asks for after.":
            t.loc[True, False] - t.loc[False, False],
        "That is already the difference in differences (task 3); here the naive after-only "
        "gap is asked.": _did(t),
    }
    why = first_match(x, wrong)
    if why:
        return not_yet("04.2", *notes, why)
    return not_yet("04.2", *notes, f"Not quite ({x:+.3f}): among complaints received on or "
                                   "after the programme date, mean log_hours of trained agents "
                                   "minus that of untrained agents.")


# --------------------------------------------------------------------------- task 3
@task("04.3", "Difference in differences by hand from the 2x2 group means")
def did_by_hand(answer, ctx):
    t = _means(ctx)
    want = _did(t)
    x = as_number(answer, "the difference in differences")
    notes: list[str] = []
    if abs(x) > 1.5 and abs(x - _pct(want)) < PCT_ATOL:
        notes.append(f"Read as a percent change ({x:+.1f}%); in log hours it is {want:+.3f}.")
        x = want
    trained_change = float(t.loc[True, True] - t.loc[True, False])
    untrained_change = float(t.loc[False, True] - t.loc[False, False])
    truth = ctx.world.truth.value("training.response_log_mult")
    if abs(x - want) < ATOL:
        return correct("04.3", *notes,
                       f"Trained agents changed by {trained_change:+.3f} log-hours, untrained "
                       f"by {untrained_change:+.3f}: the difference in differences is "
                       f"{want:+.3f} ({_pct(want):+.0f}%).",
                       f"The truth is {truth:+.2f} (world.truth.value("
                       "'training.response_log_mult')); the model of task 4 also holds team, "
                       "week, channel and priority fixed.")
    hours = _means(ctx, "hours_to_first_response")
    res = _result(ctx)
    model = float(res.table.set_index("term").loc["did", "estimate"])
    wrong = {
        BEFORE_TOO: float(t.loc[True, True] - t.loc[False, True]),
        ANYWAY: trained_change,
        "The sign is reversed: take the trained agents' change minus the untrained agents' "
        "change.": -want,
        "That is the untrained agents' change only: it is what happened anyway; subtract it "
        "from the trained agents' change.": untrained_change,
        "That is the gap before the programme date; the difference in differences is the gap "
        "after minus the gap before.": float(t.loc[True, False] - t.loc[False, False]),
        "That is computed on hours, not log hours: the effect is multiplicative, so take "
        "np.log of the hours first.": _did(hours),
        "That is the model's estimate (task 4); here compute it by hand from the four group "
        "means.": model,
        "That is the truth; compute the estimate from the data (then compare).": truth,
    }
    why = first_match(x, wrong)
    if why:
        return not_yet("04.3", *notes, why)
    return not_yet("04.3", *notes, f"Not quite ({x:+.3f}): from the 2x2 table of mean "
                                   "log_hours (trained x after), take (trained after - trained "
                                   "before) - (untrained after - untrained before).")


# --------------------------------------------------------------------------- task 4
def _did_row(table: pd.DataFrame) -> pd.Series:
    """The did row of a training_effect table (or the only row of a one-row table)."""
    if "term" in table.columns:
        table = table.set_index("term")
    if "did" in table.index:
        return table.loc["did"]
    if len(table) == 1:
        return table.iloc[0]
    raise AnswerError("give the did row (or its percent_change and CI), not the whole table")


def _named_estimate(row: pd.Series) -> tuple[float, tuple[float, float] | None] | None:
    """(percent change, CI or None) from entries named percent_change (and percent_ci_*)."""
    keys = {str(k).lower(): k for k in row.index}
    if "percent_change" not in keys:
        return None
    ci = None
    if "percent_ci_lower" in keys and "percent_ci_upper" in keys:
        ci = (float(row[keys["percent_ci_lower"]]), float(row[keys["percent_ci_upper"]]))
    return float(row[keys["percent_change"]]), ci


def _estimate_triple(values) -> tuple[float, tuple[float, float]]:
    """(percent change, (CI lower, CI upper)) from three numbers."""
    if len(values) != 3:
        raise AnswerError("expected the percent change, or three numbers (percent change, CI "
                          "lower, CI upper)")
    try:
        a, lo, hi = (float(v) for v in values)
    except (TypeError, ValueError):
        raise AnswerError("the percent change and its CI must be numbers") from None
    return a, (lo, hi)


def _estimate_answer(answer) -> tuple[float, tuple[float, float] | None]:
    """(percent change, CI or None) from a number, a triple, a dict/Series or the result."""
    answer = as_table(answer)
    if isinstance(answer, pd.DataFrame):
        answer = _did_row(answer)
    if isinstance(answer, Mapping):
        answer = pd.Series(dict(answer), dtype=object)
    if isinstance(answer, pd.Series) and answer.size > 1:
        named = _named_estimate(answer)
        if named is not None:
            return named
        if answer.size != 3:
            raise AnswerError("expected the percent change, or (percent change, CI lower, CI "
                              "upper)")
        answer = answer.to_numpy()
    if isinstance(answer, (tuple, list, np.ndarray)):
        return _estimate_triple(answer)
    return as_number(answer, "the percent change"), None


@task("04.4", "The training effect on first-response time, as a percent change with its CI")
def effect_percent(answer, ctx):
    res = _result(ctx)
    row = res.table.set_index("term").loc["did"]
    want = float(row["percent_change"])
    lo, hi = float(row["percent_ci_lower"]), float(row["percent_ci_upper"])
    truth_log = ctx.world.truth.value("training.response_log_mult")
    truth = _pct(truth_log)
    x, ci = _estimate_answer(answer)
    notes: list[str] = []
    scale = 1.0
    if abs(x) <= 1 and abs(100 * x - want) < PCT_ATOL:
        notes.append("Read as a share; as a percent change it is "
                     f"{100 * x:+.1f}%.")
        scale = 100.0
    x = scale * x
    if ci is not None:
        ci = (scale * ci[0], scale * ci[1])
    if abs(x - want) < PCT_ATOL:
        if ci is not None and not (abs(ci[0] - lo) < PCT_ATOL and abs(ci[1] - hi) < PCT_ATOL):
            return not_yet("04.4", *notes, f"The estimate {want:+.1f}% is right, but the CI is "
                                           f"off: take percent_ci_lower and percent_ci_upper of "
                                           f"the did row ({lo:+.1f}% to {hi:+.1f}%).")
        inside = lo <= truth <= hi
        verdict = ("holds it: the difference in differences recovers the effect that generated "
                   "the data." if inside else "misses it; with 95% intervals that happens about "
                   "one time in twenty.")
        return correct("04.4", *notes,
                       f"Trained agents' first responses became {abs(want):.0f}% "
                       f"{'faster' if want < 0 else 'slower'} (95% CI {lo:+.1f}% to "
                       f"{hi:+.1f}%).",
                       f"The truth is 100*(exp({truth_log:+.2f}) - 1) = {truth:+.1f}% "
                       f"(world.truth.value('training.response_log_mult')); the interval "
                       f"{verdict}")
    log_est = float(row["estimate"])
    naive = res.table.set_index("term").loc["naive_after_only"]
    wrong = {
        f"{x:+.3f} is the estimate on the log scale (the estimate column): the percent change "
        f"is 100*(exp({log_est:.3f}) - 1) = {want:+.1f}%.": log_est,
        f"{x:+.1f} is 100 times the log estimate; for a percent change take 100*(exp(x) - 1) "
        f"= {want:+.1f}% (the two differ more the larger the change).": 100 * log_est,
        "The sign: a shorter first-response time is a negative change (fewer hours). "
        f"{abs(want):.0f}% faster is {want:+.1f}%.": -want,
        "That is the naive_after_only row; the training's effect is the did row.":
            float(naive["percent_change"]),
        f"That is the truth ({truth:+.1f}%); give the estimate from the data, then compare.":
            truth,
        f"That is the truth on the log scale ({truth_log:+.2f}); give the estimate from the "
        "data, as a percent change.": truth_log,
    }
    for why, value in wrong.items():
        tol = ATOL if abs(value) < 1.5 else PCT_ATOL
        if abs(x - value) < tol:
            return not_yet("04.4", *notes, why)
    return not_yet("04.4", *notes, f"Not quite ({x:+.2f}): run ck.training_effect(frame) and "
                                   "take percent_change of the did row of .table.")


# --------------------------------------------------------------------------- task 5
@task("04.5", "Is there evidence of a pre-trend?")
def pretrend(answer, ctx):
    res = _result(ctx)
    p = res.pretrend_p_value
    if np.isnan(p):
        raise AnswerError("this dataset has too few months before the programme for the test")
    want = bool(p < 0.05)
    if isinstance(answer, (bool, np.bool_)):
        got = bool(answer)
    elif isinstance(answer, str):
        key = words(answer)
        if key in YES:
            got = True
        elif key in NO:
            got = False
        else:
            return not_yet("04.5", f"{answer!r} is neither 'yes' nor 'no'.")
    else:
        x = as_number(answer, "the answer ('yes' or 'no')")
        if abs(x - p) < 0.01:
            return not_yet("04.5", f"That is the p-value ({p:.2g}); now read it: below 0.05 is "
                                   "evidence of a pre-trend ('yes'), above is not ('no').")
        raise AnswerError("answer 'yes' or 'no'")
    test = (f"the joint test of the {int(res.pretrend['n_pre_periods'].iloc[0])} months before "
            f"the programme gives p = {p:.2g}")
    if got == want:
        if want:
            return correct("04.5", f"Yes: {test}. The groups were already drifting apart: "
                                   "read the estimate with care and look at the event study.")
        return correct("04.5", f"No: {test}, so nothing says the two groups were drifting apart "
                               "before the training.",
                       "That is not proof of parallel trends: with 48 agents the test is weak, "
                       "and the event study's pre-period months should still be looked at.")
    if want:
        return not_yet("04.5", f"Look again: {test}, below 0.05: the months before differ "
                               "from zero together, which is evidence of a pre-trend.")
    return not_yet("04.5", f"Look again: {test}, well above 0.05. A single month's estimate "
                           "away from zero is not evidence; the test of all the months before "
                           "together finds none.")


# --------------------------------------------------------------------------- task 6
@task("04.6", "The training effect on CSAT (points), among survey respondents")
def csat_effect(answer, ctx):
    res = _csat(ctx)
    tab = res.table.set_index("term")
    row = tab.loc["did"]
    want = float(row["estimate"])
    x = as_number(answer, "the CSAT effect in points")
    tol = 0.006  # an estimate rounded to 2 decimals passes
    if abs(x - want) <= tol:
        note = [n for n in res.notes if n.startswith("CSAT:")]
        return correct("04.6", f"CSAT rose by {want:.2f} points for trained agents' customers "
                               f"(95% CI {row['ci_lower']:+.2f} to {row['ci_upper']:+.2f}).",
                       *(note[:1]),
                       "Trained agents' customers also answered the survey more often after the "
                       "course: part of a change among respondents can be who answers.")
    t = _means(ctx, "csat_score")
    wrong = {
        "That is the naive after-only difference (naive_after_only row); the effect is the did "
        "row.": float(tab.loc["naive_after_only", "estimate"]),
        "That is the 2x2 difference in differences of mean CSAT by hand; use "
        "ck.training_effect(frame, outcome='csat_score', log=False), which also holds agent, "
        "team-by-week, channel and priority fixed.": _did(t),
        "The sign is reversed: a higher CSAT for trained agents is a positive effect.": -want,
        "That is the trained agents' before-after change only: "
        + ANYWAY.split("; ", 1)[1]: float(t.loc[True, True] - t.loc[True, False]),
    }
    why = first_match(x, wrong, tol)
    if why:
        return not_yet("04.6", why)
    return not_yet("04.6", f"Not quite ({x:+.3f}): run ck.training_effect(frame, "
                           "outcome='csat_score', log=False) and take the estimate of the did "
                           "row (in CSAT points).")
