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
the cycle's length.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import task
from .answers import AnswerError, as_number, as_series, close, first_match, read_shares
from .feedback import correct, not_yet

PRIORITIES = ("low", "medium", "high")
SATISFIED = 4
WINDOW_DAYS = 30
CALLS_PER_DAY = 15
CYCLE_DAYS = 5

MESSAGES = {
    "priorities": "give one share per priority (low, medium, high); you gave {got}",
    "whole": "give the number of days as a whole number, e.g. 7",
}


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


def _share(answer, what: str) -> tuple[float, list[str]]:
    got = as_number(answer, what)
    if 1.5 < got <= 100.5:
        shares, notes = read_shares(got)
        return float(shares), notes
    return got, []


# --------------------------------------------------------------------------- task 1
@task("12.1", "Who is called back (谁被回访): the share of complaints with the call")
def share_called(answer, ctx):
    f = _flags(ctx)
    want, n, k = float(f["called"].mean()), len(f), int(f["called"].sum())
    if _is_result(answer, "shares"):
        answer = answer.shares.query("by == 'all'")["share"].iloc[0]
    raw = as_number(answer, "the share")
    if raw > 1.5 and close(raw, k, 0.5):
        return not_yet("12.1", f"That is a count; divide by the {n:,} complaints.")
    got, notes = _share(answer, "the share")
    if close(got, want):
        return correct("12.1", *notes, f"{k:,} of {n:,} complaints ({want:.0%}) got the "
                       "follow-up call (回访).",
                       f"So {1 - want:.0%} of customers heard nothing after their complaint was "
                       "handled. Who are they? Task 2 splits them by priority.")
    if close(got, 1 - want):
        return not_yet("12.1", "That is the share *without* the call; the task asks for the "
                               "share that got it.")
    return not_yet("12.1", "Not quite: the mean of complaints['followed_up'] (True counts as "
                           "1) is the share called back.")


# --------------------------------------------------------------------------- task 2
def _priority_answer(answer) -> pd.Series:
    if _is_result(answer, "shares"):
        t = answer.shares
        answer = t[t["by"] == "priority"].set_index("level")["share"]
    s = as_series(answer, "priority", "shares")
    if set(s.index) != set(PRIORITIES):
        raise AnswerError(MESSAGES["priorities"].format(got=", ".join(map(str, s.index))))
    return s.loc[list(PRIORITIES)]


@task("12.2", "Called back, by priority: the share of each priority's complaints")
def called_by_priority(answer, ctx):
    f = _flags(ctx)
    g = f.groupby("priority")["called"]
    want = g.mean().loc[list(PRIORITIES)].astype(float)
    counts = g.sum().loc[list(PRIORITIES)].astype(float)
    got = _priority_answer(answer)
    if (got > 1.5).any() and close(got.to_numpy(), counts.to_numpy(), 0.5):
        return not_yet("12.2", "Those are counts; divide each by the priority's complaints.")
    got, notes = read_shares(got)
    if close(got.to_numpy(), want.to_numpy()):
        low = want.idxmin()
        return correct("12.2", *notes, "Called back: " + ", ".join(
            f"{p} {want[p]:.0%}" for p in PRIORITIES) + f"; {low} priority is called least.",
            "A low-priority complaint is small for us, not always for the customer: the call "
            "is where we learn whether it was solved.")
    wrong = {"Those are shares of all complaints; divide by each priority's own complaints.":
             counts.to_numpy() / len(f),
             "Those are the shares *without* the call.": 1 - want.to_numpy()}
    why = first_match(got.to_numpy(), wrong)
    return not_yet("12.2", why or "Not quite: group the complaints by priority and take the "
                                  "mean of followed_up in each group.")


# --------------------------------------------------------------------------- task 3
@task("12.3", "The closed loop (闭环): resolved, called, and satisfied where answered")
def closed_loop(answer, ctx):
    f = _flags(ctx)
    base = f["resolved"] & f["called"]
    closed = base & ~(f["answered"] & ~f["happy"])
    want = float(closed.mean())
    if _is_result(answer, "closed_loop"):
        answer = answer.closed_loop.query("by == 'all'")["share"].iloc[0]
    raw = as_number(answer, "the share")
    if raw > 1.5 and close(raw, int(closed.sum()), 0.5):
        return not_yet("12.3", f"That is a count; divide by the {len(f):,} complaints.")
    got, notes = _share(answer, "the share")
    if close(got, want):
        return correct("12.3", *notes, f"{want:.0%} of complaints have a closed loop: "
                       f"{f['resolved'].mean():.0%} resolved, {f['called'].mean():.0%} called, "
                       f"{int((f['answered'] & ~f['happy']).sum()):,} answered the survey "
                       "unsatisfied.",
                       "Each broken condition is a different fix: the solution, the call, or "
                       "what is said during the call.")
    resp = f["answered"]
    wrong = {
        "That counts resolved and called only; where the customer answered the survey, the "
        "answer must also show satisfaction (CSAT 4 or 5).": float(base.mean()),
        "That is the share resolved; the loop also needs the call (and satisfaction where "
        "answered).": float(f["resolved"].mean()),
        "That is the share called; the loop also needs the resolution (and satisfaction "
        "where answered).": float(f["called"].mean()),
        "That is the rate among survey respondents only; give it over all complaints (a "
        "customer who did not answer counts when resolved and called).":
            float(closed[resp].mean()) if resp.any() else -1.0,
        "That counts a customer who did not answer as open; without an answer, resolved and "
        "called is closed.": float((base & resp & f["happy"]).mean()),
    }
    why = first_match(got, wrong)
    return not_yet("12.3", why or "Not quite: ck.followup(...).closed_loop, row by == 'all', "
                                  "gives the share (or count it by hand from the three "
                                  "conditions).")


# --------------------------------------------------------------------------- task 4
@task("12.4", "What the call is worth: the adjusted odds ratio of a higher CSAT without it")
def csat_odds_ratio(answer, ctx):
    t = _followup(ctx).table.set_index(["outcome", "model"])["estimate"]
    est = float(t.loc[("csat", "adjusted")])
    want = math.exp(est)
    got = as_number(answer, "the odds ratio")
    if close(got, want, 0.01):
        word = "lower" if want < 1 else "higher"
        return correct("12.4", f"Without the call the odds of a higher CSAT are multiplied by "
                       f"{want:.2f} ({word}), comparing like with like.",
                       "Read the interval too (ci_lower, ci_upper through np.exp): if it "
                       "crosses 1, the data cannot yet tell.")
    wrong = {"That is the log-odds; turn it into an odds ratio with np.exp.": est,
             "That is the naive odds ratio (model 'naive'); the task asks for the adjusted "
             "one.": math.exp(float(t.loc[("csat", "naive")])),
             "That is the effect of *making* the call (1 / the ratio); the table's term is "
             "no_followup, the effect of no call.": 1 / want}
    if ("repurchase", "adjusted, same CSAT") in t.index:
        wrong["That is the repurchase hazard ratio; the task asks for CSAT (outcome 'csat')."] \
            = math.exp(float(t.loc[("repurchase", "adjusted, same CSAT")]))
    why = first_match(got, wrong, 0.01)
    return not_yet("12.4", why or "Not quite: take res.table's row outcome 'csat', model "
                                  "'adjusted', and np.exp of its estimate.")


# --------------------------------------------------------------------------- task 5
def _due(ctx, include_called: bool = False) -> pd.DataFrame:
    c = ctx.world.complaints
    recent = c["received_at"] > c["received_at"].max() - pd.Timedelta(days=WINDOW_DAYS)
    return c[recent] if include_called else c[recent & ~c["followed_up"].astype(bool)]


@task("12.5", "A call-back plan (回访计划): the days to call every customer once")
def plan_days(answer, ctx):
    due = _due(ctx)
    n = int(due["customer_id"].nunique())
    want = math.ceil(n / CALLS_PER_DAY)
    if hasattr(answer, "days_needed"):
        answer = answer.days_needed
    got = as_number(answer, "the number of days")
    if close(got, want, 0.01):
        return correct("12.5", f"{n:,} customers at {CALLS_PER_DAY} calls a day take {want} "
                       f"days; the {CYCLE_DAYS}-day cycle needs "
                       f"{math.ceil(n / (CYCLE_DAYS * CALLS_PER_DAY))} agents.",
                       "A plan turns 'call everyone' into agents and days: decide which to "
                       "change, the team or the cycle.")
    if not np.isclose(got, round(got)):
        if close(got, n / CALLS_PER_DAY, 0.01):
            return not_yet("12.5", "A part of a day is still a day of calls: round up.")
        raise AnswerError(MESSAGES["whole"])
    every = int(_due(ctx, True)["customer_id"].nunique())
    wrong = {"That counts every recent complaint, also those already called back; only the "
             "ones without the call are due.": math.ceil(every / CALLS_PER_DAY),
             "Rounded down: the last customers still need a day.": n // CALLS_PER_DAY,
             "That is the number of customers to call; divide by the calls a day.": n,
             "That is the cycle's length; the task asks how many days the calls take.":
             CYCLE_DAYS}
    why = first_match(got, {k: v for k, v in wrong.items() if v != want}, 0.01)
    return not_yet("12.5", why or "Not quite: ck.callback_plan(due, n_agents=1, "
                                  "calls_per_agent_day=15).days_needed gives it.")
