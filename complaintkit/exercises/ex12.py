"""Checks for exercise 12: the follow-up call and the closed loop (回访与闭环).

Five tasks on the world's complaints: the share called back, the share called back by
priority, the closed-loop rate (resolved, called, and satisfied where the survey was
answered), the adjusted odds ratio of a higher CSAT without the call (``ck.followup``), and the
days a call-back plan needs (``ck.callback_plan``). The right answers come from the kit on the
world (tests/test_ex12.py recomputes them with pandas and statsmodels' own ordered logit). The
typical wrong answers recognised: a count for a share; the share *not* called; shares of all
complaints instead of the priority's own; for the closed loop, resolved and called without
the survey, the resolved or the called share alone, the loop counted among respondents only,
or non-respondents counted as open; the log-odds itself, the naive odds ratio, its inverse
(the effect of making the call) or the repurchase hazard ratio; for the plan, the days with
the called-back complaints included, the days not rounded up, the number of customers, or
the cycle's length. The feedback speaks the exercise's language (``ctx.locale``), with labels
for priorities.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_int, fmt_list, fmt_pct, is_english, tr
from . import task
from .answers import (
    AnswerError,
    as_number,
    as_series,
    close,
    first_match,
    named,
    read_shares,
)
from .feedback import correct, not_yet

PRIORITIES = ("low", "medium", "high")
SATISFIED = 4
WINDOW_DAYS = 30
CALLS_PER_DAY = 15
CYCLE_DAYS = 5

MESSAGES = {
    "priorities": N_("give one share per priority (low, medium, high); you gave {got}"),
    "whole": N_("give the number of days as a whole number, e.g. 7"),
}


def _typed(keys):
    """A field for names the trainee gave: ``a, b`` in English, quoted in another language."""
    keys = [str(k) for k in keys]
    return lambda loc: fmt_list(keys if is_english(loc) else map(repr, keys), loc)


def _one(answer):
    """A dict with one value: the value; the share of a True/False split (a Series or a dict
    such as ``value_counts(normalize=True)``): the share of True."""
    if isinstance(answer, Mapping) and len(answer) == 1:
        return next(iter(answer.values()))
    if isinstance(answer, (Mapping, pd.Series)) and len(answer) == 2:
        keys = list(answer.keys()) if isinstance(answer, Mapping) else list(answer.index)
        if set(map(str, keys)) == {"True", "False"}:
            return answer[next(k for k in keys if str(k) == "True")]
    return answer


# --------------------------------------------------------------------------- the data
def _followup(ctx):
    from ..analysis.followup import followup

    w = ctx.world
    return ctx.cached("followup", lambda: followup(
        w.complaints, w.surveys, customers=w.customers, agents=w.agents, events=w.events))


def _flags(ctx) -> pd.DataFrame:
    """Per complaint: called, resolved, answered, satisfied (computed once)."""
    def make():
        w = ctx.world
        c = w.complaints
        s = w.surveys.set_index("complaint_id")
        answered = c["complaint_id"].map(s["responded"]).fillna(False).astype(bool)
        csat = pd.to_numeric(c["complaint_id"].map(s["csat"]).astype(object), errors="coerce")
        return pd.DataFrame({"called": c["followed_up"].astype(bool).to_numpy(),
                             "resolved": c["resolved_at"].notna().to_numpy(),
                             "answered": answered.to_numpy(),
                             "happy": (csat >= SATISFIED).to_numpy(),
                             "priority": c["priority"].astype(str).to_numpy()})
    return ctx.cached("flags", make)


def _is_result(answer, attr: str) -> bool:
    return hasattr(answer, attr) and isinstance(getattr(answer, attr), pd.DataFrame)


def _share(answer, what: str, loc) -> tuple[float, list[str]]:
    got = as_number(answer, what)
    if 1.5 < got <= 100.5:
        shares, notes = read_shares(got, locale=loc)
        return float(shares), notes
    return got, []


# --------------------------------------------------------------------------- task 1
@task("12.1", "Who is called back (谁被回访): the share of complaints with the call")
def share_called(answer, ctx):
    loc = ctx.locale
    f = _flags(ctx)
    want, n, k = float(f["called"].mean()), len(f), int(f["called"].sum())
    if _is_result(answer, "shares"):
        answer = answer.shares.query("by == 'all'")["share"].iloc[0]
    answer = _one(answer)
    raw = as_number(answer, N_("the share"))
    if raw > 1.5 and close(raw, k, 0.5):
        return not_yet("12.1", tr("That is a count; divide by the {n} complaints.", loc,
                                  n=fmt_int(n, loc)))
    got, notes = _share(answer, N_("the share"), loc)
    if close(got, want):
        return correct("12.1", *notes, tr("{k} of {n} complaints ({share}) got the follow-up "
                                          "call (回访).", loc, k=fmt_int(k, loc),
                                          n=fmt_int(n, loc), share=fmt_pct(want, loc)),
                       tr("So {share} of customers heard nothing after their complaint was "
                          "handled. Who are they? Task 2 splits them by priority.", loc,
                          share=fmt_pct(1 - want, loc)))
    if close(got, 1 - want):
        return not_yet("12.1", tr("That is the share *without* the call; the task asks for the "
                                  "share that got it.", loc))
    return not_yet("12.1", tr("Not quite: the mean of complaints['followed_up'] (True counts as "
                              "1) is the share called back.", loc))


# --------------------------------------------------------------------------- task 2
def _priority_answer(answer) -> pd.Series:
    if _is_result(answer, "shares"):
        t = answer.shares
        answer = t[t["by"] == "priority"].set_index("level")["share"]
    s = as_series(answer, "priority", N_("shares"))
    if set(s.index) != set(PRIORITIES):
        raise AnswerError(MESSAGES["priorities"], got=_typed(s.index))
    return s.loc[list(PRIORITIES)]


@task("12.2", "Called back, by priority: the share of each priority's complaints")
def called_by_priority(answer, ctx):
    loc = ctx.locale
    f = _flags(ctx)
    g = f.groupby("priority")["called"]
    want = g.mean().loc[list(PRIORITIES)].astype(float)
    counts = g.sum().loc[list(PRIORITIES)].astype(float)
    got = _priority_answer(answer)
    if (got > 1.5).any() and close(got.to_numpy(), counts.to_numpy(), 0.5):
        return not_yet("12.2", tr("Those are counts; divide each by the priority's complaints.",
                                  loc))
    got, notes = read_shares(got, locale=loc)
    if close(got.to_numpy(), want.to_numpy()):
        low = want.idxmin()
        each = [tr("{name} {share}", loc, name=named("priority", p, quote=False)(loc),
                   share=fmt_pct(want[p], loc)) for p in PRIORITIES]
        return correct("12.2", *notes, tr("Called back: {each}; {low} priority is called "
                                          "least.", loc, each=fmt_list(each, loc),
                                          low=named("priority", low, quote=False)(loc)),
                       tr("A low-priority complaint is small for us, not always for the "
                          "customer: the call is where we learn whether it was solved.", loc))
    wrong = {N_("Those are shares of all complaints; divide by each priority's own "
                "complaints."): counts.to_numpy() / len(f),
             N_("Those are the shares *without* the call."): 1 - want.to_numpy()}
    why = first_match(got.to_numpy(), wrong)
    return not_yet("12.2", tr(why, loc) if why else
                   tr("Not quite: group the complaints by priority and take the mean of "
                      "followed_up in each group.", loc))


# --------------------------------------------------------------------------- task 3
@task("12.3", "The closed loop (闭环): resolved, called, and satisfied where answered")
def closed_loop(answer, ctx):
    f = _flags(ctx)
    base = f["resolved"] & f["called"]
    closed = base & ~(f["answered"] & ~f["happy"])
    want = float(closed.mean())
    loc = ctx.locale
    if _is_result(answer, "closed_loop"):
        answer = answer.closed_loop.query("by == 'all'")["share"].iloc[0]
    answer = _one(answer)
    raw = as_number(answer, N_("the share"))
    if raw > 1.5 and close(raw, int(closed.sum()), 0.5):
        return not_yet("12.3", tr("That is a count; divide by the {n} complaints.", loc,
                                  n=fmt_int(len(f), loc)))
    got, notes = _share(answer, N_("the share"), loc)
    if close(got, want):
        return correct("12.3", *notes, tr("{share} of complaints have a closed loop: {resolved} "
                                          "resolved, {called} called, {unhappy} answered the "
                                          "survey unsatisfied.", loc,
                                          share=fmt_pct(want, loc),
                                          resolved=fmt_pct(f["resolved"].mean(), loc),
                                          called=fmt_pct(f["called"].mean(), loc),
                                          unhappy=fmt_int(int((f["answered"]
                                                               & ~f["happy"]).sum()), loc)),
                       tr("Each broken condition is a different fix: the solution, the call, or "
                          "what is said during the call.", loc))
    resp = f["answered"]
    wrong = {
        N_("That counts resolved and called only; where the customer answered the survey, the "
           "answer must also show satisfaction (CSAT 4 or 5)."): float(base.mean()),
        N_("That is the share resolved; the loop also needs the call (and satisfaction where "
           "answered)."): float(f["resolved"].mean()),
        N_("That is the share called; the loop also needs the resolution (and satisfaction "
           "where answered)."): float(f["called"].mean()),
        N_("That is the rate among survey respondents only; give it over all complaints (a "
           "customer who did not answer counts when resolved and called)."):
            float(closed[resp].mean()) if resp.any() else -1.0,
        N_("That counts a customer who did not answer as open; without an answer, resolved and "
           "called is closed."): float((base & resp & f["happy"]).mean()),
        N_("That is the share whose loop is not closed; the task asks for the share closed."):
            1 - want,
    }
    why = first_match(got, wrong)
    return not_yet("12.3", tr(why, loc) if why else
                   tr("Not quite: ck.followup(...).closed_loop, row by == 'all', gives the share "
                      "(or count it by hand from the three conditions).", loc))


# --------------------------------------------------------------------------- task 4
@task("12.4", "What the call is worth: the adjusted odds ratio of a higher CSAT without it")
def csat_odds_ratio(answer, ctx):
    loc = ctx.locale
    t = _followup(ctx).table.set_index(["outcome", "model"])["estimate"]
    est = float(t.loc[("csat", "adjusted")])
    want = math.exp(est)
    got = as_number(_one(answer), N_("the odds ratio"))
    if close(got, want, 0.01):
        text = (tr("Without the call the odds of a higher CSAT are multiplied by {ratio} "
                   "(lower), comparing like with like.", loc, ratio=format(want, ".2f"))
                if want < 1 else
                tr("Without the call the odds of a higher CSAT are multiplied by {ratio} "
                   "(higher), comparing like with like.", loc, ratio=format(want, ".2f")))
        return correct("12.4", text,
                       tr("Read the interval too (ci_lower, ci_upper through np.exp): if it "
                          "crosses 1, the data cannot yet tell.", loc))
    wrong = {N_("That is the log-odds; turn it into an odds ratio with np.exp."): est,
             N_("That is the naive odds ratio (model 'naive'); the task asks for the adjusted "
                "one."): math.exp(float(t.loc[("csat", "naive")])),
             N_("That is the effect of *making* the call (1 / the ratio); the table's term is "
                "no_followup, the effect of no call."): 1 / want}
    if ("repurchase", "adjusted, same CSAT") in t.index:
        wrong[N_("That is the repurchase hazard ratio; the task asks for CSAT (outcome "
                 "'csat').")] = math.exp(float(t.loc[("repurchase", "adjusted, same CSAT")]))
    why = first_match(got, wrong, 0.01)
    return not_yet("12.4", tr(why, loc) if why else
                   tr("Not quite: take res.table's row outcome 'csat', model 'adjusted', and "
                      "np.exp of its estimate.", loc))


# --------------------------------------------------------------------------- task 5
def _due(ctx, include_called: bool = False) -> pd.DataFrame:
    c = ctx.world.complaints
    recent = c["received_at"] > c["received_at"].max() - pd.Timedelta(days=WINDOW_DAYS)
    return c[recent] if include_called else c[recent & ~c["followed_up"].astype(bool)]


@task("12.5", "A call-back plan (回访计划): the days to call every customer once")
def plan_days(answer, ctx):
    loc = ctx.locale
    due = _due(ctx)
    n = int(due["customer_id"].nunique())
    want = math.ceil(n / CALLS_PER_DAY)
    if hasattr(answer, "days_needed"):
        answer = answer.days_needed
    got = as_number(_one(answer), N_("the number of days"))
    if close(got, want, 0.01):
        return correct("12.5", tr("{n} customers at {per_day} calls a day take {want} days; the "
                                  "{cycle}-day cycle needs {agents} agents.", loc,
                                  n=fmt_int(n, loc), per_day=CALLS_PER_DAY, want=want,
                                  cycle=CYCLE_DAYS,
                                  agents=math.ceil(n / (CYCLE_DAYS * CALLS_PER_DAY))),
                       tr("A plan turns 'call everyone' into agents and days: decide which to "
                          "change, the team or the cycle.", loc))
    if not np.isclose(got, round(got)):
        if close(got, n / CALLS_PER_DAY, 0.01):
            return not_yet("12.5", tr("A part of a day is still a day of calls: round up.", loc))
        raise AnswerError(MESSAGES["whole"])
    every = int(_due(ctx, True)["customer_id"].nunique())
    wrong = {N_("That counts every recent complaint, also those already called back; only the "
                "ones without the call are due."): math.ceil(every / CALLS_PER_DAY),
             N_("Rounded down: the last customers still need a day."): n // CALLS_PER_DAY,
             N_("That is the number of customers to call; divide by the calls a day."): n,
             N_("That is the cycle's length; the task asks how many days the calls take."):
             CYCLE_DAYS}
    why = first_match(got, {k: v for k, v in wrong.items() if v != want}, 0.01)
    return not_yet("12.5", tr(why, loc) if why else
                   tr("Not quite: ck.callback_plan(due, n_agents=1, "
                      "calls_per_agent_day=15).days_needed gives it.", loc))
