"""Checks for exercise 10: the six steps in our own event log (六步).

Six tasks on the world's event log (``world.events``) read with ``ck.process``: the share of
complaints on the usual path, the share that skips each of the six steps, the reopen loops
(重开) by team, the hours to confirm the demand (确认诉求) by priority, a ticket system's own
status history read with ``steps=`` (which tickets got no follow-up call, 回访), and the
hours a hand-off (转交) adds. The right
answers come from ``ck.process`` on the world (tests/test_ex10.py recomputes them from the raw
events and complaints with pandas). The typical wrong answers recognised: a count for a share;
the share that passes all six steps, or the second path, for the usual path's share; the share
that *did* a step; reopen counts, or shares of all complaints instead of the team's; the mean,
the 90th percentile, minutes, the time spent in the step, or every first response for the
median hours to confirm; a closed ticket taken for a call-back, a call-back without a time
taken as done, or the tickets that were called back; for the hand-offs, the means, the ratio,
or the difference the wrong way round. The feedback speaks the exercise's language
(``ctx.locale``), with labels for steps, teams, priorities and events.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_int, fmt_list, fmt_pct, is_english, tr
from . import task
from .answers import (
    AnswerError,
    Msg,
    as_number,
    as_series,
    close,
    first_match,
    named,
    named_list,
    read_shares,
    type_name,
)
from .feedback import correct, not_yet

SIX = ("receive", "confirm", "analyse", "propose", "implement", "follow_up")
STEP_NAMES = {  # what a trainee may write for a step -> the step
    **{s: s for s in SIX}, "follow-up": "follow_up", "followup": "follow_up",
    "analyze": "analyse", "受理": "receive", "确认诉求": "confirm", "分析原因": "analyse",
    "提出方案": "propose", "实施": "implement", "回访": "follow_up"}
TEAMS = ("phone", "digital", "escalation")

# task 5: a ticket system's status history (the same rows as in the exercise's master)
TICKETS = [
    ("T1", "New", "2025-05-01 09:00"), ("T1", "Confirmed", "2025-05-01 09:30"),
    ("T1", "Solved", "2025-05-02 10:00"), ("T1", "Call-back done", "2025-05-04 11:00"),
    ("T1", "Closed", "2025-05-04 11:05"), ("T2", "New", "2025-05-01 10:00"),
    ("T2", "Solved", "2025-05-01 10:20"), ("T2", "Closed", "2025-05-01 10:25"),
    ("T3", "New", "2025-05-02 08:00"), ("T3", "Confirmed", "2025-05-02 08:10"),
    ("T3", "Solved", "2025-05-03 16:00"), ("T3", "Call-back done", None),
    ("T3", "Closed", "2025-05-06 09:00"), ("T4", "New", "2025-05-02 12:00"),
    ("T4", "Confirmed", "2025-05-02 12:30"), ("T4", "Waiting for customer", "2025-05-03 09:00"),
    ("T4", "Solved", "2025-05-05 14:00"), ("T4", "Call-back done", "2025-05-07 10:00"),
    ("T4", "Call-back done", "2025-05-07 10:00"), ("T4", "Closed", "2025-05-07 10:10"),
    ("T5", "New", "2025-05-03 09:00"), ("T5", "Confirmed", "2025-05-03 09:20"),
    ("T5", "Closed", "2025-05-03 09:30")]
STATUS = {"New": "receive", "Confirmed": "confirm", "Solved": "implement",
          "Call-back done": "follow_up", "Closed": None, "Waiting for customer": None}
NO_CALL = ("T2", "T3", "T5")      # no call-back (T3's has no time: nobody knows it happened)
UNTIMED = "T3"

MESSAGES = {
    "steps": N_("{why}: give one share per step, e.g. pd.Series({{'receive': 0.0, 'confirm': "
                "0.02, ...}}) or the rows measure == 'skipped' of res.table"),
    "missing_steps": N_("give a share for each of the six steps; missing: {missing}"),
    "extra_steps": N_("{extra} is not one of the six steps ({steps})"),
    "teams": N_("give one share per team ({teams}); you gave {got}"),
    "priorities": N_("give one number per priority (low, medium, high); you gave {got}"),
    "tickets": N_("give the ticket ids as a list of strings, e.g. ['T1', 'T4'], not {kind}"),
}


def _typed(keys):
    """A field for names the trainee gave: ``a, b`` in English, quoted in another language."""
    keys = [str(k) for k in keys]
    return lambda loc: fmt_list(keys if is_english(loc) else map(repr, keys), loc)


def _tickets_shown(ids, loc) -> str:
    return _typed(ids)(loc)


def _variant(variant: str, loc) -> str:
    """A path of events (``received → acknowledged → ...``) with the events' labels."""
    if is_english(loc):
        return variant
    return " → ".join(named("event", e.strip(), quote=False)(loc) for e in variant.split("→"))


def _one(answer):
    """A dict with one value: the value."""
    if isinstance(answer, Mapping) and len(answer) == 1:
        return next(iter(answer.values()))
    return answer


def ticket_log() -> pd.DataFrame:
    """Task 5's status history as a table (ticket, status, time)."""
    log = pd.DataFrame(TICKETS, columns=["ticket", "status", "time"])
    return log.assign(time=pd.to_datetime(log["time"]))


# --------------------------------------------------------------------------- the data
def _world(ctx):
    return ctx.world


def _process(ctx, by=None):
    from ..analysis.process import process

    w = _world(ctx)
    return ctx.cached(("process", by), lambda: process(
        w.events, by=by, complaints=w.complaints, agents=w.agents))


def _is_result(answer, attr: str) -> bool:
    return hasattr(answer, attr) and isinstance(getattr(answer, attr), pd.DataFrame)


def _share_number(answer, what: str, loc) -> tuple[float, list[str]]:
    got = as_number(_one(answer), what)
    if 1.5 < got <= 100.5:
        shares, notes = read_shares(got, locale=loc)
        return float(shares), notes
    return got, []


# --------------------------------------------------------------------------- task 1
@task("10.1", "The usual path (路径): the share of complaints that follow it")
def usual_path(answer, ctx):
    loc = ctx.locale
    res = _process(ctx)
    v = res.variants
    if _is_result(answer, "variants"):
        answer = answer.variants["share"].iloc[0]
    top = v.iloc[0]
    n = len(res.cases)
    raw = as_number(_one(answer), N_("the share"))
    if raw > 1.5 and close(raw, top["cases"], 0.5):
        return not_yet("10.1", tr("That is a count; divide by the {n} complaints.", loc,
                                  n=fmt_int(n, loc)))
    got, notes = _share_number(answer, N_("the share"), loc)
    if close(got, top["share"]):
        return correct("10.1", *notes, tr("{k} of {n} complaints ({share}) follow the usual "
                                          "path: {variant}.", loc,
                                          k=fmt_int(int(top["cases"]), loc), n=fmt_int(n, loc),
                                          share=fmt_pct(top["share"], loc),
                                          variant=_variant(top["variant"], loc)),
                       tr("The usual path is the team's habit; every other path is a way of "
                          "leaving it. Read a few complaints of each.", loc))
    conform = float((res.cases["skipped"] == "").mean())
    wrong = {N_("That is the share of complaints that pass every one of the six steps; the "
                "usual path may skip one (read it in res.variants)."): conform}
    if len(v) > 1 and v["rank"].notna().iloc[1]:
        wrong[N_("That is the second most common path; the usual one is the first row of "
                 "res.variants.")] = float(v["share"].iloc[1])
    wrong[N_("That is the share of complaints that leave the usual path; the task asks for "
             "the share that follow it.")] = 1 - float(top["share"])
    why = first_match(got, wrong)
    return not_yet("10.1", tr(why, loc) if why else
                   tr("Not quite: run ck.process(world.events, ...) and read the share of the "
                      "first row of .variants (one row per path).", loc))


# --------------------------------------------------------------------------- task 2
def _steps_answer(answer) -> pd.Series:
    if _is_result(answer, "table") and "measure" in answer.table.columns:
        t = answer.table
        if getattr(answer, "by", None):
            raise AnswerError(N_("your result is split by group: run ck.process without by= "
                                 "for one share per step"))
        answer = t[t["measure"] == "skipped"].set_index("step")["share"]
    if not isinstance(answer, (Mapping, pd.Series, pd.DataFrame)) \
            and not _is_result(answer, "table"):
        raise AnswerError(MESSAGES["steps"], why=Msg(N_("expected a Series (or a table, or a "
                                                        "dict) of shares, not {kind}"),
                                                     kind=type_name(answer)))
    try:
        s = as_series(answer, "step", N_("shares"))
    except AnswerError as e:
        raise AnswerError(MESSAGES["steps"], why=e.msg) from e
    keys = [STEP_NAMES.get(str(k).strip().lower(), STEP_NAMES.get(str(k).strip(), k))
            for k in s.index]
    s.index = keys
    missing = [x for x in SIX if x not in s.index]
    if missing:
        raise AnswerError(MESSAGES["missing_steps"],
                          missing=named_list("process_step", missing))
    extra = [k for k in s.index if k not in SIX]
    if extra:
        raise AnswerError(MESSAGES["extra_steps"],
                          extra=lambda loc: fmt_list(map(repr, map(str, extra)), loc),
                          steps=named_list("process_step", SIX))
    return s.loc[list(SIX)]


@task("10.2", "Which step is skipped (流程符合度): the share of complaints skipping each")
def skipped_steps(answer, ctx):
    loc = ctx.locale
    res = _process(ctx)
    t = res.table[res.table["measure"] == "skipped"].set_index("step")
    want = t.loc[list(SIX), "share"].astype(float)
    counts = t.loc[list(SIX), "cases"].astype(float)
    got = _steps_answer(answer)
    if (got > 1.5).any() and close(got.to_numpy(), counts.to_numpy(), 0.5):
        return not_yet("10.2", tr("Those are counts; divide each by the {n} complaints.", loc,
                                  n=fmt_int(len(res.cases), loc)))
    got, notes = read_shares(got, locale=loc)
    if close(got.to_numpy(), want.to_numpy()):
        top = want.idxmax()
        most = [tr("{name} {share}", loc, name=named("process_step", s, quote=False)(loc),
                   share=fmt_pct(want[s], loc))
                for s in want.sort_values(ascending=False).index[:3] if want[s] > 0]
        return correct("10.2", *notes, tr("Skipped most: {steps}.", loc,
                                          steps=fmt_list(most, loc)),
                       tr("Not every skip is a fault: {top} is skipped when the complaint is "
                          "solved without it. A skipped confirmation (确认诉求) or follow-up "
                          "call (回访) is one to coach.", loc,
                          top=named("process_step", top, quote=False)(loc)))
    if close(got.to_numpy(), 1 - want.to_numpy()):
        return not_yet("10.2", tr("Those are the shares that *did* each step; the task asks for "
                                  "the shares that skipped it.", loc))
    off = [s for s in SIX if not close(got[s], want[s])]
    return not_yet("10.2", tr("Not quite for {steps}: a step is skipped when the complaint has "
                              "no event of it (res.table, measure == 'skipped').", loc,
                              steps=named_list("process_step", off)(loc)))


# --------------------------------------------------------------------------- task 3
def _team_answer(answer) -> pd.Series:
    if _is_result(answer, "loops"):
        loops = answer.loops
        if "team" not in loops.columns:
            raise AnswerError(N_("your result is not split by team: pass by='team' (and "
                                 "agents=world.agents)"))
        answer = loops.set_index("team")["share"]
    s = as_series(answer, "team", N_("shares"))
    if set(s.index) != set(TEAMS):
        raise AnswerError(MESSAGES["teams"], teams=named_list("team", TEAMS),
                          got=_typed(s.index))
    return s.loc[list(TEAMS)]


@task("10.3", "Reopen loops (重开): the share of each team's complaints that come back")
def reopen_by_team(answer, ctx):
    loc = ctx.locale
    loops = _process(ctx, "team").loops.set_index("team").loc[list(TEAMS)]
    want = loops["share"].astype(float)
    got = _team_answer(answer)
    if (got > 1.5).any() and close(got.to_numpy(), loops["with_loops"].to_numpy(), 0.5):
        return not_yet("10.3", tr("Those are counts; divide each by the team's complaints.",
                                  loc))
    got, notes = read_shares(got, locale=loc)
    if close(got.to_numpy(), want.to_numpy()):
        top = want.idxmax()
        each = [tr("{name} {share}", loc, name=named("team", t, quote=False)(loc),
                   share=fmt_pct(want[t], loc, 1)) for t in TEAMS]
        return correct("10.3", *notes, tr("Complaints with a reopen loop: {teams}; most in the "
                                          "{top} team.", loc, teams=fmt_list(each, loc),
                                          top=named("team", top, quote=False)(loc)),
                       tr("Before blaming a team, compare like with like: the escalation team "
                          "gets the hardest complaints. Then check whether the reopened ones had "
                          "their demand confirmed (确认诉求).", loc))
    n = float(loops["cases"].sum())
    wrong = {N_("Those are shares of all complaints; divide by each team's own complaints."):
             loops["with_loops"].to_numpy() / n,
             N_("Those are the shares without a reopen loop; the task asks for the share that "
                "came back."): 1 - want.to_numpy()}
    if (loops["loops"] != loops["with_loops"]).any():
        wrong[N_("Those count loops per complaint; the task asks for the share of complaints "
                 "with at least one.")] = (loops["loops"] / loops["cases"]).to_numpy()
    why = first_match(got.to_numpy(), wrong)
    return not_yet("10.3", tr(why, loc) if why else
                   tr("Not quite: ck.process(world.events, by='team', complaints=complaints, "
                      "agents=world.agents).loops gives each team's share of complaints with a "
                      "loop.", loc))


# --------------------------------------------------------------------------- task 4
def _confirm_times(ctx) -> dict:
    def make():
        res = _process(ctx, "priority")
        t = res.times
        t = t[(t["step"] == "confirm")]
        pick = {}
        for name, measure, stat in (("median", "hours_to_step", "median"),
                                    ("p90", "hours_to_step", "p90"),
                                    ("in_step", "hours_in_step", "median")):
            r = t[(t["measure"] == measure) & (t["stat"] == stat)]
            pick[name] = r.set_index("priority")["value"].astype(float)
        cases = res.cases.assign(priority=_priority_of(ctx, res.cases["case"]))
        g = cases.groupby("priority", observed=True)["hours_to_confirm"]
        pick["mean"] = g.mean()
        c = _world(ctx).complaints
        first = (c["first_response_at"] - c["received_at"]).dt.total_seconds() / 3600
        pick["first_response"] = first.groupby(c["priority"], observed=True).median()
        return {k: v.rename(index=str) for k, v in pick.items()}

    return ctx.cached("confirm_times", make)


def _priority_of(ctx, ids: pd.Series) -> np.ndarray:
    c = _world(ctx).complaints.set_index("complaint_id")["priority"].astype(str)
    return c.reindex(ids.to_numpy()).to_numpy()


def _priority_answer(answer) -> pd.Series:
    if _is_result(answer, "times"):
        t = answer.times
        if "priority" not in t.columns:
            raise AnswerError(N_("your result is not split by priority: pass by='priority'"))
        t = t[(t["step"] == "confirm") & (t["measure"] == "hours_to_step")
              & (t["stat"] == "median")]
        answer = t.set_index("priority")["value"]
    s = as_series(answer, "priority", N_("hours"))
    if set(s.index) != {"low", "medium", "high"}:
        raise AnswerError(MESSAGES["priorities"], got=_typed(s.index))
    return s.loc[["low", "medium", "high"]]


@task("10.4", "Hours to confirm the demand (确认诉求), median by priority")
def hours_to_confirm(answer, ctx):
    loc = ctx.locale
    t = _confirm_times(ctx)
    order = ["low", "medium", "high"]
    want = t["median"].loc[order]
    got = _priority_answer(answer)
    if close(got.to_numpy(), want.to_numpy(), 0.05, 0.01):
        each = [tr("{name} {hours} h", loc, name=named("priority", p, quote=False)(loc),
                   hours=format(want[p], ".1f")) for p in order]
        return correct("10.4", tr("Median hours from receipt to the confirmation: {each}.", loc,
                                  each=fmt_list(each, loc)),
                       tr("A high-priority complaint should be confirmed first; if it is not, "
                          "the queue is not sorted by priority. The slow tenth (p90) tells you "
                          "more about the customers who wait.", loc))
    wrong = {
        N_("Those are minutes; the task asks for hours."): want.to_numpy() * 60,
        N_("Those are days; the task asks for hours."): want.to_numpy() / 24,
        N_("Those are means; a few very slow complaints pull a mean up: give the median."):
            t["mean"].loc[order].to_numpy(),
        N_("Those are the 90th percentiles; give the median (the usual complaint)."):
            t["p90"].loc[order].to_numpy(),
        N_("That is the time spent *in* the confirm step (from confirming to the next step); "
           "the task asks for the hours *to* it, from receipt (measure 'hours_to_step')."):
            t["in_step"].loc[order].to_numpy(),
    }
    first = t["first_response"].loc[order].to_numpy()
    if not close(first, want.to_numpy(), 0.05, 0.01):
        wrong[N_("That counts every first response, also those that did not confirm the "
                 "demand; the task asks for the confirmation (the 'acknowledged' event).")] = first
    why = first_match(got.to_numpy(), wrong, 0.05, 0.01)
    return not_yet("10.4", tr(why, loc) if why else
                   tr("Not quite: from ck.process(..., by='priority').times, take step "
                      "'confirm', measure 'hours_to_step', stat 'median'.", loc))


# --------------------------------------------------------------------------- task 5
def _tickets(answer) -> list[str]:
    if _is_result(answer, "cases"):
        cases = answer.cases
        answer = cases.loc[cases["skipped"].str.contains("follow_up"), "case"].tolist()
    if isinstance(answer, str):
        answer = answer.replace("，", ",").replace(",", " ").split()
    if isinstance(answer, pd.DataFrame) and "case" in answer.columns:
        answer = answer["case"]
    if not isinstance(answer, (list, tuple, set, pd.Series, pd.Index, np.ndarray)):
        raise AnswerError(MESSAGES["tickets"], kind=type_name(answer))
    return sorted({str(t).strip().upper() for t in answer})


@task("10.5", "A ticket system's status history: which tickets got no follow-up call (回访)?")
def no_follow_up(answer, ctx):
    loc = ctx.locale
    got = _tickets(answer)
    want = sorted(NO_CALL)
    untimed = _tickets_shown([UNTIMED], loc)
    if got == want:
        return correct("10.5", tr("{tickets}: no follow-up call on record. {untimed}'s "
                                  "call-back has no time, so the kit leaves it out and says so "
                                  "(res.problems).", loc, tickets=_tickets_shown(want, loc),
                                  untimed=untimed),
                       tr("A status without a time is a question for the ticket system's "
                          "owner: was the call made? Until then it cannot count as done.", loc))
    called = sorted(set(t for t, *_ in TICKETS) - set(NO_CALL))
    if got == called or got == sorted(set(called) | {UNTIMED}):
        return not_yet("10.5", tr("Those are the tickets that *were* called back; the task asks "
                                  "for those without a call-back.", loc))
    if not got:
        return not_yet("10.5", tr("Every ticket is closed, but closing is not a call-back: map "
                                  "'Closed' to None (no step), and 'Call-back done' to "
                                  "'follow_up'.", loc))
    if got == sorted(set(want) - {UNTIMED}):
        return not_yet("10.5", tr("Look at {untimed} again: its 'Call-back done' has no time. "
                                  "Nobody can say when, or whether, the call was made: "
                                  "ck.process leaves the event out and names it in .problems.",
                                  loc, untimed=untimed))
    extra = sorted(set(got) - set(want))
    unknown = [t for t in extra if t not in {x for x, *_ in TICKETS}]
    if unknown:
        return not_yet("10.5", tr("There is no ticket {tickets} in the log.", loc,
                                  tickets=_tickets_shown(unknown, loc)))
    return not_yet("10.5", tr("Not quite: map each status to its step with steps= ('Closed' and "
                              "'Waiting for customer' are no step), run ck.process on the log "
                              "and read which cases skipped 'follow_up' (res.cases).", loc))


# --------------------------------------------------------------------------- task 6
def _handoff_hours(ctx) -> dict:
    def make():
        cases = _process(ctx).cases
        moved = cases["handoffs"] > 0
        h = cases["hours_total"]
        with_, without = h[moved], h[~moved]
        return {"n": int(moved.sum()), "with": float(with_.median()),
                "without": float(without.median()),
                "mean_diff": float(with_.mean() - without.mean())}

    return ctx.cached("handoff_hours", make)


@task("10.6", "Hand-offs (转交): the extra hours of a complaint that changed hands")
def handoff_hours(answer, ctx):
    loc = ctx.locale
    t = _handoff_hours(ctx)
    got = as_number(_one(answer), N_("the difference in hours"))
    if not t["n"]:   # a log without hand-offs: nothing is added
        if close(got, 0):
            return correct("10.6", tr("No complaint in this log changed hands: nothing added.",
                                      loc))
        return not_yet("10.6", tr("No complaint in this log changed hands (res.cases' handoffs "
                                  "are all 0): the difference is 0.", loc))
    want = t["with"] - t["without"]
    if close(got, want, 0.05, 0.01):
        return correct("10.6", tr("{n} complaints changed hands at least once: median {with_} "
                                  "hours from first to last event, against {without} for the "
                                  "others ({diff} hours).", loc, n=fmt_int(t["n"], loc),
                                  with_=format(t["with"], ".0f"),
                                  without=format(t["without"], ".0f"),
                                  diff=format(want, "+.0f")),
                       tr("A comparison, not yet a cause: complaints that are passed on are "
                          "often the hard ones. Still, each hand-off is a wait and a story told "
                          "again: route right the first time.", loc))
    wrong = {N_("That is the difference the wrong way round: with hand-offs minus without."):
             -want,
             N_("That is the difference of the means; a few very long complaints pull a mean: "
                "use the medians."): t["mean_diff"],
             N_("That is the ratio of the medians; the task asks for the difference in hours."):
             t["with"] / t["without"] if t["without"] else float("nan"),
             N_("That is in minutes; the task asks for the difference in hours."): want * 60,
             N_("That is in days; the task asks for the difference in hours."): want / 24,
             N_("That is the median of the complaints with a hand-off alone; subtract the "
                "median of the others."): t["with"]}
    why = first_match(got, wrong, 0.05, 0.01)
    return not_yet("10.6", tr(why, loc) if why else
                   tr("Not quite: in res.cases, split the complaints by handoffs > 0 and compare "
                      "the medians of hours_total (with minus without).", loc))
