"""Checks for exercise 11: triage, SLA and staffing for the peak (分级、服务时限与排班).

Five tasks on the workshop world: the share of high-priority complaints answered within their
SLA (服务时限), SLA compliance by team, the busiest day after the year's big shopping festival
(Black Friday, 11.11), the agents on duty that day needs (Erlang C, ``ck.staffing``), and seed
002's question: the agents to schedule (排班) after a 60% rise. The right answers come from
``ck.sla``, ``ck.complaint_counts`` and ``ck.staffing`` (tests/test_ex11.py recomputes them
from the raw complaints, the calendar rule of the festival and the textbook Erlang C sum). The
typical wrong answers recognised: every priority's share, or the share missed, for the
high-priority one; counts or shares missed by team; the festival day itself, the three weeks'
total or the mean day for the peak; a desk open 8 hours (the default) instead of round the
clock, the agents scheduled instead of on duty, the load in Erlangs, or a 24-hour SLA; after
the rise, the agents on duty instead of scheduled, today's team scaled by 1.6, or the rise
applied to the mean day. The feedback speaks the exercise's language (``ctx.locale``), with
labels for teams.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd

from ..i18n import N_, fmt_date, fmt_int, fmt_list, fmt_pct, is_english, tr
from . import task
from .answers import (
    AnswerError,
    as_number,
    as_series,
    close,
    first_match,
    named,
    named_list,
    read_shares,
    to_codes,
)
from .feedback import correct, not_yet

AHT, SLA_TIME, TARGET, SHRINKAGE, OPEN_HOURS = "45min", "2h", 0.8, 0.3, 24
RISE = 1.6
FESTIVALS = {"zh_CN": "d1111"}       # the year's big festival; else Black Friday
WINDOW_DAYS = 21                      # complaints follow the orders for about three weeks
TEAMS = ("phone", "digital", "escalation")
MESSAGES = {
    "teams": N_("give one share per team ({teams}); you gave {got}"),
    "agents": N_("give a whole number of agents, e.g. 4, not {got}"),
}


def _typed(keys):
    """A field for names the trainee gave: ``a, b`` in English, quoted in another language."""
    keys = [str(k) for k in keys]
    return lambda loc: fmt_list(keys if is_english(loc) else map(repr, keys), loc)


def _one(answer):
    """A dict with one value: the value."""
    if isinstance(answer, Mapping) and len(answer) == 1:
        return next(iter(answer.values()))
    return answer


def _world(ctx):
    return ctx.world


def _complaints(ctx) -> pd.DataFrame:
    return _world(ctx).complaints


def festival(locale: str) -> str:
    """The festival code of the year's big shopping festival in a world of ``locale``."""
    return FESTIVALS.get(locale, "black_friday")


# --------------------------------------------------------------------------- task 1
def _sla(ctx, by="priority", data=None):
    from ..analysis.staffing import sla

    key = ("sla", by, data is None)
    return ctx.cached(key, lambda: sla(_complaints(ctx) if data is None else data, by=by,
                                       agents=_world(ctx).agents))


@task("11.1", "SLA (服务时限): the share of high-priority complaints answered in time")
def high_in_time(answer, ctx):
    t = _sla(ctx).table.set_index("priority")
    high = t.loc["high"]
    if hasattr(answer, "table") and isinstance(answer.table, pd.DataFrame) \
            and "share_met" in answer.table.columns:
        answer = answer.table.set_index(answer.table.columns[0])["share_met"]
        if "high" not in answer.index:
            raise AnswerError(N_("your result has no row for the high priority: ck.sla(...) by "
                                 "priority (the default)"))
        answer = answer.loc["high"]
    answer = _high_of(answer)
    loc = ctx.locale
    raw = as_number(_one(answer), N_("the share"))
    if raw > 1.5 and close(raw, high["met"], 0.5):
        return not_yet("11.1", tr("That is a count; divide by the {n} high-priority "
                                  "complaints.", loc, n=fmt_int(int(high["n"]), loc)))
    got, notes = read_shares(raw, locale=loc)
    if close(got, high["share_met"]):
        return correct("11.1", *notes, tr("{met} of {n} high-priority complaints ({share}, 95% "
                                          "interval {lo} to {hi}) had a first response within "
                                          "{hours} hours.", loc,
                                          met=fmt_int(int(high["met"]), loc),
                                          n=fmt_int(int(high["n"]), loc),
                                          share=fmt_pct(high["share_met"], loc),
                                          lo=fmt_pct(high["ci_lower"], loc),
                                          hi=fmt_pct(high["ci_upper"], loc),
                                          hours=format(high["sla_hours"], "g")),
                       tr("The strictest promise is the one missed most: look at it by channel "
                          "before adding agents.", loc))
    every = float(t["met"].sum() / t["n"].sum())
    wrong = {N_("That is the share over every priority; the task asks for the high-priority "
                "complaints only."): every,
             N_("That is the share that *missed* the SLA; the task asks for the share answered "
                "in time."): 1 - float(high["share_met"])}
    hours = _high_hours(ctx)
    wrong[N_("That is the share within 24 hours, the medium SLA; high priority has {hours} "
             "hours.")] = float((hours <= 24).mean())
    why = first_match(got, wrong)
    return not_yet("11.1", tr(why, loc, hours=format(high["sla_hours"], "g")) if why else
                   tr("Not quite: ck.sla(complaints) gives share_met for each priority; read "
                      "the row 'high'.", loc))


def _high_of(answer):
    """From a share per priority (a Series or a dict, codes or labels), the high one's."""
    if isinstance(answer, Mapping) and len(answer) > 1:
        answer = pd.Series(dict(answer), dtype=object)
    if isinstance(answer, pd.Series) and len(answer) > 1:
        keys = to_codes([str(k).strip() for k in answer.index], "priority")
        if "high" in keys:
            return answer.iloc[keys.index("high")]
    return answer


def _high_hours(ctx) -> pd.Series:
    c = _complaints(ctx)
    c = c[c["priority"].astype(str) == "high"]
    return ((c["first_response_at"] - c["received_at"]).dt.total_seconds() / 3600).dropna()


# --------------------------------------------------------------------------- task 2
@task("11.2", "SLA compliance (服务时限达成率) by team")
def sla_by_team(answer, ctx):
    t = _sla(ctx, "team").table.set_index("team").loc[list(TEAMS)]
    want = t["share_met"].astype(float)
    if hasattr(answer, "table") and isinstance(answer.table, pd.DataFrame) \
            and "share_met" in answer.table.columns:
        if "team" not in answer.table.columns:
            raise AnswerError(N_("your result is not by team: ck.sla(complaints, by='team', "
                                 "agents=world.agents)"))
        answer = answer.table.set_index("team")["share_met"]
    loc = ctx.locale
    s = as_series(answer, "team", N_("shares"))
    if set(s.index) != set(TEAMS):
        raise AnswerError(MESSAGES["teams"], teams=named_list("team", TEAMS),
                          got=_typed(s.index))
    got = s.loc[list(TEAMS)]
    if (got > 1.5).any() and close(got.to_numpy(), t["met"].to_numpy(), 0.5):
        return not_yet("11.2", tr("Those are counts; divide each by the team's complaints.",
                                  loc))
    got, notes = read_shares(got, locale=loc)
    if close(got.to_numpy(), want.to_numpy()):
        low = want.idxmin()
        each = [tr("{name} {share}", loc, name=named("team", k, quote=False)(loc),
                   share=fmt_pct(want[k], loc)) for k in TEAMS]
        return correct("11.2", *notes, tr("Answered in time: {teams}; lowest: {low}.", loc,
                                          teams=fmt_list(each, loc),
                                          low=named("team", low, quote=False)(loc)),
                       tr("A team that gets the hardest complaints or the slow channels misses "
                          "more: split by channel too before judging a team.", loc))
    if close(got.to_numpy(), 1 - want.to_numpy()):
        return not_yet("11.2", tr("Those are the shares that *missed* the SLA; the task asks "
                                  "for the shares answered in time.", loc))
    if close(got.to_numpy(), t["met"].to_numpy() / float(t["n"].sum())):
        return not_yet("11.2", tr("Those are shares of all complaints; divide by each team's "
                                  "own complaints.", loc))
    return not_yet("11.2", tr("Not quite: the team of a complaint is its agent's team "
                              "(world.agents); ck.sla(complaints, by='team', "
                              "agents=world.agents) gives share_met per team.", loc))


# --------------------------------------------------------------------------- task 3
def _peak(ctx) -> dict:
    def make():
        from ..analysis.volume import complaint_counts

        w = _world(ctx)
        counts = complaint_counts(w.complaints, locale=w.locale)
        day = counts.loc[counts["festival"] == festival(w.locale), "period"].iloc[0]
        inside = (counts["period"] >= day) & (counts["period"]
                                              < day + pd.Timedelta(days=WINDOW_DAYS))
        win = counts[inside]
        top = win.loc[win["n"].idxmax()]
        return {"day": day, "festival_n": int(counts.loc[counts["period"] == day, "n"].iloc[0]),
                "peak": int(top["n"]), "peak_day": top["period"], "total": int(win["n"].sum()),
                "mean": float(counts["n"].mean()), "year_max": int(counts["n"].max())}

    return ctx.cached("peak", make)


@task("11.3", "The festival peak: complaints on the busiest day after the festival")
def festival_peak(answer, ctx):
    loc = ctx.locale
    p = _peak(ctx)
    answer = _one(answer)
    got = as_number(answer, N_("the number of complaints"))
    if isinstance(answer, bool) or got < 0:
        return not_yet("11.3", tr("A number of complaints is a whole number of 0 or more, not "
                                  "{value}.", loc, value=repr(answer) if is_english(loc)
                                  else repr(str(answer))))
    if close(got, p["peak"], 0.5):
        return correct("11.3", tr("{peak} complaints on {day}, {after} days after the festival "
                                  "({on_day} on the day itself; {mean} on a mean day).", loc,
                                  peak=p["peak"], day=fmt_date(p["peak_day"], loc),
                                  after=(p["peak_day"] - p["day"]).days,
                                  on_day=p["festival_n"], mean=format(p["mean"], ".0f")),
                       tr("Complaints follow deliveries, not orders: staff the weeks after the "
                          "festival.", loc))
    wrong = {N_("That is the festival day itself; complaints come when the parcels arrive, "
                "days later. Take the busiest day of the three weeks from the festival."):
             p["festival_n"],
             N_("That is the total of the three weeks; the task asks for the busiest single "
                "day."): p["total"],
             N_("That is the mean day of the year; the task asks for the busiest day after the "
                "festival."): p["mean"]}
    if p["year_max"] != p["peak"]:
        wrong[N_("That is the busiest day of the whole year; the task asks for the busiest day "
                 "in the three weeks from the festival.")] = p["year_max"]
    why = first_match(got, wrong, 0.5)
    if why:
        return not_yet("11.3", tr(why, loc))
    if not float(got).is_integer():
        return not_yet("11.3", tr("A number of complaints is a whole number, not {got}.", loc,
                                  got=format(got, "g")))
    return not_yet("11.3", tr("Not quite: count complaints per day (ck.complaint_counts), find "
                              "the festival's day in its 'festival' column, and take the "
                              "largest count from that day to {days} days after.", loc,
                              days=WINDOW_DAYS - 1))


# --------------------------------------------------------------------------- tasks 4 and 5
def _staff(ctx, per_day: float, **kw) -> pd.Series:
    from ..analysis.staffing import staffing

    args = {"aht": AHT, "answer_within": SLA_TIME, "target": TARGET,
            "hours_per_day": OPEN_HOURS, "shrinkage": SHRINKAGE} | kw
    key = ("staff", round(per_day, 6), tuple(sorted(args.items())))
    return ctx.cached(key, lambda: staffing(per_day, **args).table.iloc[0])


def _agents(answer, column: str) -> tuple[float, dict | None]:
    """The number of agents in an answer (a number or a ck.staffing result), and its inputs."""
    inputs = None
    if hasattr(answer, "table") and hasattr(answer, "inputs") \
            and isinstance(answer.table, pd.DataFrame) and column in answer.table.columns:
        inputs = answer.inputs
        answer = answer.table[column].max()
    answer = _one(answer)
    if isinstance(answer, bool):
        raise AnswerError(MESSAGES["agents"],
                          got=lambda loc: str(answer) if is_english(loc) else repr(str(answer)))
    got = as_number(answer, N_("the number of agents"))
    if got < 0 or not float(got).is_integer():
        raise AnswerError(MESSAGES["agents"], got=got)
    return got, inputs


@task("11.4", "Staffing (排班): agents on duty for the busiest day after the festival")
def on_duty_at_peak(answer, ctx):
    loc = ctx.locale
    p = _peak(ctx)
    right = _staff(ctx, p["peak"])
    want = int(right["agents"])
    got, inputs = _agents(answer, "agents")
    if inputs is not None and inputs["open_hours"] != OPEN_HOURS:
        return not_yet("11.4", _round_the_clock(inputs, loc))
    if got == want:
        return correct("11.4", tr("{want} agents on duty at any time for {peak} complaints that "
                                  "day: {level} answered within {within}, agents busy "
                                  "{occupancy} of the time.", loc, want=want, peak=p["peak"],
                                  level=fmt_pct(right["service_level"], loc),
                                  within=SLA_TIME if is_english(loc) else tr(
                                      "{hours} hours", loc, hours=_hours(SLA_TIME)),
                                  occupancy=fmt_pct(right["occupancy"], loc)),
                       tr("With {shrinkage} shrinkage that is {scheduled} agents scheduled per "
                          "hour.", loc, shrinkage=fmt_pct(SHRINKAGE, loc),
                          scheduled=int(right["scheduled"])))
    wrong = {
        N_("That is for a desk open 8 hours a day (ck.staffing's default); this desk works "
           "round the clock: hours_per_day={open_hours}."):
            _staff(ctx, p["peak"], hours_per_day=8)["agents"],
        N_("That is the agents to schedule (with shrinkage); the task asks for the agents on "
           "duty at a time (the 'agents' column)."): right["scheduled"],
        N_("That is for a 24-hour SLA; the strictest promise, 2 hours, sets the team."):
            _staff(ctx, p["peak"], answer_within="24h")["agents"],
        N_("That is the mean day's team; the task asks for the busiest day after the "
           "festival."): _staff(ctx, p["mean"])["agents"],
    }
    load = math.ceil(right["load"])
    if load != want:
        wrong[N_("That is the workload rounded up (in Erlangs, agents busy all the time); a "
                 "queue needs more agents than that to answer in time.")] = load
    why = first_match(got, wrong, 0.1)
    return not_yet("11.4", tr(why, loc, open_hours=OPEN_HOURS) if why else
                   tr("Not quite: ck.staffing(peak, aht=AHT, answer_within=SLA_TIME, "
                      "target=TARGET, hours_per_day=24) and read the 'agents' column.", loc))


def _hours(duration: str) -> str:
    """A duration such as ``"2h"`` in hours: ``"2"``."""
    return format(pd.Timedelta(duration) / pd.Timedelta("1h"), "g")


def _round_the_clock(inputs: dict, loc) -> str:
    return tr("Your desk is open {hours} hours a day; this one works round the clock: pass "
              "hours_per_day={open_hours}.", loc, hours=format(inputs["open_hours"], "g"),
              open_hours=OPEN_HOURS)


@task("11.5", "Seed 002: agents to schedule for the festival peak after a 60% rise")
def scheduled_after_rise(answer, ctx):
    loc = ctx.locale
    p = _peak(ctx)
    right = _staff(ctx, RISE * p["peak"])
    want = int(right["scheduled"])
    got, inputs = _agents(answer, "scheduled")
    if inputs is not None and inputs["open_hours"] != OPEN_HOURS:
        return not_yet("11.5", _round_the_clock(inputs, loc))
    if got == want:
        today = _staff(ctx, p["peak"])
        return correct("11.5", tr("{want} agents scheduled per hour ({on_duty} on duty) for "
                                  "{volume} complaints that day, against {today} today: "
                                  "{shifts} eight-hour shifts that day.", loc, want=want,
                                  on_duty=int(right["agents"]),
                                  volume=format(RISE * p["peak"], ".0f"),
                                  today=int(today["scheduled"]), shifts=3 * want),
                       tr("Recompute for each volume rather than scaling the team: a larger "
                          "queue keeps agents busier at the same service, and whole agents "
                          "round up.", loc))
    today = _staff(ctx, p["peak"])
    wrong = {
        N_("That is the agents on duty; schedule more to cover breaks, training and leave "
           "(shrinkage={shrinkage}): the 'scheduled' column."): right["agents"],
        N_("That is for a desk open 8 hours a day (ck.staffing's default); this desk works "
           "round the clock: hours_per_day={open_hours}."):
            _staff(ctx, RISE * p["peak"], hours_per_day=8)["scheduled"],
        N_("That is the rise applied to the mean day; seed 002 asks for the festival peak too: "
           "1.6 x the busiest day."): _staff(ctx, RISE * p["mean"])["scheduled"],
        N_("That is today's peak team, before the rise: multiply the day's complaints by 1.6."):
            today["scheduled"],
    }
    scaled = math.ceil(RISE * today["scheduled"])
    if scaled != want:
        wrong[N_("That is today's team scaled by 1.6; the team does not grow in proportion to "
                 "the volume: run ck.staffing on 1.6 x the day's complaints.")] = scaled
    why = first_match(got, wrong, 0.1)
    return not_yet("11.5", tr(why, loc, shrinkage=SHRINKAGE, open_hours=OPEN_HOURS) if why else
                   tr("Not quite: ck.staffing(1.6 * peak, aht=AHT, answer_within=SLA_TIME, "
                      "target=TARGET, hours_per_day=24, shrinkage=SHRINKAGE) and read the "
                      "'scheduled' column.", loc))
