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

from ..i18n import N_, fmt_int, tr
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
BEFORE_TOO = N_("You compared trained and untrained agents after the training only; what "
                "about before? They differed already (juniors were sent first): subtract the gap "
                "they had before the programme date.")
ANYWAY = N_("You compared trained agents before and after only; the untrained show what would "
            "have happened anyway: subtract the untrained agents' change over the same dates.")
ANYWAY_CSAT = N_("That is the trained agents' before-after change only: the untrained show what "
                 "would have happened anyway: subtract the untrained agents' change over the "
                 "same dates.")


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


def _csat_note(ctx, loc) -> list[str]:
    """training_effect's note on the survey non-respondents, in ``loc`` (the same msgid)."""
    y = _frame(ctx)["csat_score"]
    n_na = int(y.isna().sum())
    if not n_na:
        return []
    return [tr("CSAT: {used} complaints with a survey answer were used; {n} had no answer "
               "(non-respondents) and were left out. Customers with extreme experiences answer "
               "more often, so the respondents are not a random sample.", loc,
               used=fmt_int(len(y) - n_na, loc), n=fmt_int(n_na, loc))]


def _pct(x: float) -> float:
    return float(100 * np.expm1(x))


def _f(x, spec: str) -> str:
    return format(float(x), spec)


# --------------------------------------------------------------------------- task 1
_TRAINED = re.compile(r"^(true|1|yes|trained|已培训|培训)$", re.I)
_UNTRAINED = re.compile(r"^(false|0|no|untrained|not[ _]trained|未培训|没有培训|非培训)$", re.I)


def _by_group(answer, what: str) -> tuple[float, float, bool]:
    """(trained, untrained, keyed) from a dict, Series, one-column table or a pair."""
    return as_pair(answer, _TRAINED, _UNTRAINED, what=what, order=N_("(trained, untrained)"),
                   example="agents.groupby('trained')['tenure_years'].mean()",
                   prefer=("mean", "tenure_years", "tenure"))


@task("04.1", "Mean tenure of trained and untrained agents")
def tenure(answer, ctx):
    loc = ctx.locale
    agents = ctx.world.agents
    by = agents.groupby(agents["trained"].astype(bool))["tenure_years"]
    want = (float(by.mean()[True]), float(by.mean()[False]))
    single = single_number(answer)
    if single is not None and abs(abs(single) - abs(want[0] - want[1])) < 0.01:
        return not_yet("04.1", tr("{x} is the difference: give both means, e.g. "
                                  "agents.groupby('trained')['tenure_years'].mean().", loc,
                                  x=_f(single, ".2f")))
    trained, un, keyed = _by_group(answer, N_("mean tenures"))
    if close((trained, un), want, 0.01):
        n = by.size()
        return correct("04.1", tr("Trained agents ({n_trained}) have {trained} years of tenure "
                                  "on average, untrained agents ({n_untrained}) {untrained}: "
                                  "the juniors were sent first.", loc, n_trained=n[True],
                                  trained=_f(want[0], ".2f"), n_untrained=n[False],
                                  untrained=_f(want[1], ".2f")),
                       tr("So the two groups differed before anybody was trained, and a "
                          "comparison after the course mixes the course with who was sent.",
                          loc))
    if not keyed and close((un, trained), want, 0.01):
        return not_yet("04.1", tr("The two means are right but in the wrong order: give "
                                  "(trained, untrained), or a Series indexed by trained.", loc))
    f = _frame(ctx)
    per_complaint = f.groupby("trained")["tenure_years"].mean()
    medians = by.median()
    wrong = {
        tr("Those are averages over complaints, so busy agents count more: average over the "
           "agents (world.agents), one row per agent.", loc):
            (per_complaint[True], per_complaint[False]),
        tr("Those are medians; the task asks for the mean tenure.", loc):
            (medians[True], medians[False]),
    }
    for why, value in wrong.items():
        if close((trained, un), value, 0.01) or (not keyed and close((un, trained), value,
                                                                     0.01)):
            return not_yet("04.1", why)
    return not_yet("04.1", tr("Not quite ({trained}, {untrained}): take world.agents, group by "
                              "trained and average tenure_years.", loc,
                              trained=_f(trained, ".2f"), untrained=_f(un, ".2f")))


# --------------------------------------------------------------------------- task 2
@task("04.2", "Naive after-only difference in mean log first-response hours")
def naive_after(answer, ctx):
    loc = ctx.locale
    t = _means(ctx)
    want = float(t.loc[True, True] - t.loc[False, True])
    x = as_number(answer, N_("the difference"))
    if abs(x) > 1.5 and abs(x - _pct(want)) < PCT_ATOL:
        return not_yet("04.2", tr("{x}% is a percent change; the task asks for the difference "
                                  "in mean log hours (np.log of the hours, then the means, then "
                                  "trained - untrained), not a percentage.", loc,
                                  x=_f(x, "+.1f")))
    if abs(x) > 1.5 and abs(x - 100 * want) < PCT_ATOL:
        return not_yet("04.2", tr("{x} is the difference times 100; the task asks for the "
                                  "difference in mean log hours itself, not a percentage.",
                                  loc, x=_f(x, "+.1f")))
    if abs(x - want) < ATOL:
        return correct("04.2", tr("After the programme date trained agents' mean log "
                                  "first-response hours are {x} against the untrained "
                                  "({pct}%).", loc, x=_f(want, "+.3f"), pct=_f(_pct(want), "+.0f")),
                       tr("This naive comparison takes any gap the groups had before for an "
                          "effect of the training; the next task fixes that.", loc))
    f = _frame(ctx)
    hours = _means(ctx, "hours_to_first_response")
    log1p = f.assign(l1=np.log1p(f["hours_to_first_response"])).pivot_table(
        index="trained", columns="after", values="l1", aggfunc="mean")
    year = f.groupby("trained")["log_hours"].mean()
    wrong = {
        tr("The sign is reversed: that is untrained - trained. Take trained minus untrained "
           "(negative = trained agents are faster).", loc): -want,
        tr("That is the difference in mean hours, not in mean log hours: take "
           "np.log(hours_to_first_response) first, then average.", loc):
            hours.loc[True, True] - hours.loc[False, True],
        tr("That uses log(1 + hours); the task asks for log(hours) (np.log).", loc):
            log1p.loc[True, True] - log1p.loc[False, True],
        tr("That is the gap over the whole year: keep only complaints received on or after the "
           "programme date.", loc): year[True] - year[False],
        tr("That is the gap before the programme date: the task asks for after.", loc):
            t.loc[True, False] - t.loc[False, False],
        tr("That is already the difference in differences (task 3); here the naive after-only "
           "gap is asked.", loc): _did(t),
    }
    why = first_match(x, wrong)
    if why:
        return not_yet("04.2", why)
    return not_yet("04.2", tr("Not quite ({x}): among complaints received on or after the "
                              "programme date, mean log_hours of trained agents minus that of "
                              "untrained agents.", loc, x=_f(x, "+.3f")))


# --------------------------------------------------------------------------- task 3
@task("04.3", "Difference in differences by hand from the 2x2 group means")
def did_by_hand(answer, ctx):
    loc = ctx.locale
    t = _means(ctx)
    want = _did(t)
    x = as_number(answer, N_("the difference in differences"))
    if abs(x) > 1.5 and (abs(x - _pct(want)) < PCT_ATOL or abs(x - 100 * want) < PCT_ATOL):
        return not_yet("04.3", tr("{x}% is a percent change; the task asks for the difference "
                                  "in differences in log hours (from the 2x2 table of mean "
                                  "log_hours), not a percentage.", loc, x=_f(x, "+.1f")))
    trained_change = float(t.loc[True, True] - t.loc[True, False])
    untrained_change = float(t.loc[False, True] - t.loc[False, False])
    truth = ctx.world.truth.value("training.response_log_mult")
    if abs(x - want) < ATOL:
        return correct("04.3",
                       tr("Trained agents changed by {trained} log-hours, untrained by "
                          "{untrained}: the difference in differences is {did} ({pct}%).", loc,
                          trained=_f(trained_change, "+.3f"),
                          untrained=_f(untrained_change, "+.3f"), did=_f(want, "+.3f"),
                          pct=_f(_pct(want), "+.0f")),
                       tr("The truth is {truth} (world.truth.value("
                          "'training.response_log_mult')); the model of task 4 also holds team, "
                          "week, channel and priority fixed.", loc, truth=_f(truth, "+.2f")))
    hours = _means(ctx, "hours_to_first_response")
    res = _result(ctx)
    model = float(res.table.set_index("term").loc["did", "estimate"])
    wrong = {
        tr(BEFORE_TOO, loc): float(t.loc[True, True] - t.loc[False, True]),
        tr(ANYWAY, loc): trained_change,
        tr("The sign is reversed: take the trained agents' change minus the untrained agents' "
           "change.", loc): -want,
        tr("That is the untrained agents' change only: it is what happened anyway; subtract it "
           "from the trained agents' change.", loc): untrained_change,
        tr("That is the gap before the programme date; the difference in differences is the "
           "gap after minus the gap before.", loc):
            float(t.loc[True, False] - t.loc[False, False]),
        tr("That is computed on hours, not log hours: the effect is multiplicative, so take "
           "np.log of the hours first.", loc): _did(hours),
        tr("That is the model's estimate (task 4); here compute it by hand from the four group "
           "means.", loc): model,
        tr("That is the truth; compute the estimate from the data (then compare).", loc): truth,
    }
    why = first_match(x, wrong)
    if why:
        return not_yet("04.3", why)
    return not_yet("04.3", tr("Not quite ({x}): from the 2x2 table of mean log_hours (trained x "
                              "after), take (trained after - trained before) - (untrained after "
                              "- untrained before).", loc, x=_f(x, "+.3f")))


# --------------------------------------------------------------------------- task 4
def _did_row(table: pd.DataFrame) -> pd.Series:
    """The did row of a training_effect table (or the only row of a one-row table)."""
    if "term" in table.columns:
        table = table.set_index("term")
    if "did" in table.index:
        return table.loc["did"]
    if len(table) == 1:
        return table.iloc[0]
    raise AnswerError(N_("give the did row (or its percent_change and CI), not the whole "
                         "table"))


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
        raise AnswerError(N_("expected the percent change, or three numbers (percent change, "
                             "CI lower, CI upper)"))
    try:
        a, lo, hi = (float(v) for v in values)
    except (TypeError, ValueError):
        raise AnswerError(N_("the percent change and its CI must be numbers")) from None
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
            raise AnswerError(N_("expected the percent change, or (percent change, CI lower, "
                                 "CI upper)"))
        answer = answer.to_numpy()
    if isinstance(answer, (tuple, list, np.ndarray)):
        return _estimate_triple(answer)
    return as_number(answer, N_("the percent change")), None


@task("04.4", "The training effect on first-response time, as a percent change with its CI")
def effect_percent(answer, ctx):
    loc = ctx.locale
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
        notes.append(tr("Read as a share; as a percent change it is {pct}%.", loc,
                        pct=_f(100 * x, "+.1f")))
        scale = 100.0
    x = scale * x
    if ci is not None:
        ci = (scale * ci[0], scale * ci[1])
    if abs(x - want) < PCT_ATOL:
        if ci is not None and not (abs(ci[0] - lo) < PCT_ATOL and abs(ci[1] - hi) < PCT_ATOL):
            return not_yet("04.4", *notes, tr(
                "The estimate {x}% is right, but the CI is off: take percent_ci_lower and "
                "percent_ci_upper of the did row ({lower}% to {upper}%).", loc,
                x=_f(want, "+.1f"), lower=_f(lo, "+.1f"), upper=_f(hi, "+.1f")))
        inside = lo <= truth <= hi
        pct = dict(x=_f(abs(want), ".0f"), lower=_f(lo, "+.1f"), upper=_f(hi, "+.1f"))
        return correct("04.4", *notes,
                       tr("Trained agents' first responses became {x}% faster (95% CI {lower}% "
                          "to {upper}%).", loc, **pct) if want < 0 else
                       tr("Trained agents' first responses became {x}% slower (95% CI {lower}% "
                          "to {upper}%).", loc, **pct),
                       tr("The truth is 100*(exp({log}) - 1) = {truth}% (world.truth.value("
                          "'training.response_log_mult')); the interval holds it: the "
                          "difference in differences recovers the effect that generated the "
                          "data.", loc, log=_f(truth_log, "+.2f"), truth=_f(truth, "+.1f"))
                       if inside else
                       tr("The truth is 100*(exp({log}) - 1) = {truth}% (world.truth.value("
                          "'training.response_log_mult')); the interval misses it; with 95% "
                          "intervals that happens about one time in twenty.", loc,
                          log=_f(truth_log, "+.2f"), truth=_f(truth, "+.1f")))
    log_est = float(row["estimate"])
    naive = res.table.set_index("term").loc["naive_after_only"]
    wrong = {
        tr("{x} is the estimate on the log scale (the estimate column): the percent change is "
           "100*(exp({log}) - 1) = {pct}%.", loc, x=_f(x, "+.3f"), log=_f(log_est, ".3f"),
           pct=_f(want, "+.1f")): log_est,
        tr("{x} is 100 times the log estimate; for a percent change take 100*(exp(x) - 1) = "
           "{pct}% (the two differ more the larger the change).", loc, x=_f(x, "+.1f"),
           pct=_f(want, "+.1f")): 100 * log_est,
        tr("The sign: a shorter first-response time is a negative change (fewer hours). {x}% "
           "faster is {pct}%.", loc, x=_f(abs(want), ".0f"), pct=_f(want, "+.1f")): -want,
        tr("That is the naive_after_only row; the training's effect is the did row.", loc):
            float(naive["percent_change"]),
        tr("That is the truth ({pct}%); give the estimate from the data, then compare.", loc,
           pct=_f(truth, "+.1f")): truth,
        tr("That is the truth on the log scale ({log}); give the estimate from the data, as a "
           "percent change.", loc, log=_f(truth_log, "+.2f")): truth_log,
    }
    for why, value in wrong.items():
        tol = ATOL if abs(value) < 1.5 else PCT_ATOL
        if abs(x - value) < tol:
            return not_yet("04.4", *notes, why)
    return not_yet("04.4", *notes, tr("Not quite ({x}): run ck.training_effect(frame) and take "
                                      "percent_change of the did row of .table.", loc,
                                      x=_f(x, "+.2f")))


# --------------------------------------------------------------------------- task 5
@task("04.5", "Is there evidence of a pre-trend?")
def pretrend(answer, ctx):
    loc = ctx.locale
    res = _result(ctx)
    p = res.pretrend_p_value
    if np.isnan(p):
        raise AnswerError(N_("this dataset has too few months before the programme for the "
                             "test"))
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
            return not_yet("04.5", tr("{answer} is neither 'yes' nor 'no'.", loc,
                                      answer=repr(answer)))
    else:
        x = as_number(answer, N_("the answer ('yes' or 'no')"))
        if abs(x - p) < 0.01:
            return not_yet("04.5", tr("That is the p-value ({p}); now read it: below 0.05 is "
                                      "evidence of a pre-trend ('yes'), above is not ('no').",
                                      loc, p=_f(p, ".2g")))
        raise AnswerError(N_("answer 'yes' or 'no'"))
    test = tr("the joint test of the {k} months before the programme gives p = {p}", loc,
              k=int(res.pretrend["n_pre_periods"].iloc[0]), p=_f(p, ".2g"))
    if got == want:
        if want:
            return correct("04.5", tr("Yes: {test}. The groups were already drifting apart: "
                                      "read the estimate with care and look at the event "
                                      "study.", loc, test=test))
        return correct("04.5", tr("No: {test}, so nothing says the two groups were drifting "
                                  "apart before the training.", loc, test=test),
                       tr("That is not proof of parallel trends: with 48 agents the test is "
                          "weak, and the event study's pre-period months should still be "
                          "looked at.", loc))
    if want:
        return not_yet("04.5", tr("Look again: {test}, below 0.05: the months before differ "
                                  "from zero together, which is evidence of a pre-trend.", loc,
                                  test=test))
    return not_yet("04.5", tr("Look again: {test}, well above 0.05. A single month's estimate "
                              "away from zero is not evidence; the test of all the months "
                              "before together finds none.", loc, test=test))


# --------------------------------------------------------------------------- task 6
@task("04.6", "The training effect on CSAT (points), among survey respondents")
def csat_effect(answer, ctx):
    loc = ctx.locale
    res = _csat(ctx)
    tab = res.table.set_index("term")
    row = tab.loc["did"]
    want = float(row["estimate"])
    x = as_number(answer, N_("the CSAT effect in points"))
    tol = 0.006  # an estimate rounded to 2 decimals passes
    if abs(x - want) <= tol:
        note = _csat_note(ctx, loc)
        return correct("04.6", tr("CSAT rose by {x} points for trained agents' customers (95% "
                                  "CI {lower} to {upper}).", loc, x=_f(want, ".2f"),
                                  lower=_f(row["ci_lower"], "+.2f"),
                                  upper=_f(row["ci_upper"], "+.2f")),
                       *(note[:1]),
                       tr("Trained agents' customers also answered the survey more often after "
                          "the course: part of a change among respondents can be who answers.",
                          loc))
    t = _means(ctx, "csat_score")
    wrong = {
        tr("That is the naive after-only difference (naive_after_only row); the effect is the "
           "did row.", loc): float(tab.loc["naive_after_only", "estimate"]),
        tr("That is the 2x2 difference in differences of mean CSAT by hand; use "
           "ck.training_effect(frame, outcome='csat_score', log=False), which also holds agent, "
           "team-by-week, channel and priority fixed.", loc): _did(t),
        tr("The sign is reversed: a higher CSAT for trained agents is a positive effect.",
           loc): -want,
        tr(ANYWAY_CSAT, loc): float(t.loc[True, True] - t.loc[True, False]),
    }
    why = first_match(x, wrong, tol)
    if why:
        return not_yet("04.6", why)
    return not_yet("04.6", tr("Not quite ({x}): run ck.training_effect(frame, "
                              "outcome='csat_score', log=False) and take the estimate of the "
                              "did row (in CSAT points).", loc, x=_f(x, "+.3f")))
