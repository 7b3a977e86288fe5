"""Checks for exercise 06: seeing trouble coming (early warning, 预警).

Each check recomputes the right answer from the exercise's dataset (the daily counts per
category, ``early_warning`` with its defaults and the incidents in ``world.truth``), compares
it with the trainee's answer and recognises the typical wrong answers: the variance used as the
standard deviation of a Poisson count, a flag from the wrong category or before the incident,
a delay counted from the wrong start, and the false-alarm rate pooled over all categories or
counted with the incident's own flags.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_date, fmt_int, is_english, tr
from . import task
from .answers import AnswerError, as_date, as_number, first_match, named_list
from .feedback import correct, not_yet

GROUP = "delivery"
KIND = "courier_disruption"


def _result(ctx):
    def make():
        from ..analysis import complaint_counts, early_warning

        daily = complaint_counts(ctx.world.complaints, freq="D", by="category")
        return early_warning(daily, by="category")

    return ctx.cached("result", make)


def _incident(ctx) -> pd.Series:
    inc = ctx.world.truth.incidents
    return inc[inc["kind"] == KIND].iloc[0]


def _delivery(ctx) -> pd.DataFrame:
    t = _result(ctx).table
    return t[t["category"].astype(object) == GROUP]


def _first_flag(ctx) -> pd.Timestamp:
    sc = _result(ctx).score(ctx.world.truth.incidents)
    return pd.Timestamp(sc.set_index("kind").loc[KIND, "first_flag"])


def _as_day(answer, year: int) -> pd.Timestamp:
    if isinstance(answer, pd.DataFrame) and "period" in answer and len(answer):
        answer = answer["period"].iloc[0]
    elif isinstance(answer, pd.DataFrame) and answer.size > 1:
        raise AnswerError(N_("your table has no 'period' column: give the first flagged day "
                             "(one date), e.g. flags['period'].min()"))
    return as_date(answer, N_("the first flagged day"), year=year)


def _weekday(day: pd.Timestamp, loc) -> str:
    if is_english(loc):
        return f"{day:%A}"
    from babel.dates import format_date

    return format_date(day.date(), "EEEE", locale=loc)


# --------------------------------------------------------------------------- task 1
@task("06.1", "The c-chart upper limit for a baseline of 20 complaints (L = 3)")
def cchart_limit(answer, ctx):
    loc = ctx.locale
    base, L = 20.0, 3.0
    want = base + L * np.sqrt(base)
    x = as_number(answer, N_("the upper limit"))
    if abs(x - want) < 0.05 + 1e-9:   # as the session prints it (33.4) or more precisely
        return correct("06.1", tr("20 + 3·√20 = {limit}: on a day expected to bring 20 "
                                  "complaints, {k} or more is out of control.", loc,
                                  limit=format(want, ".2f"), k=int(np.floor(want)) + 1),
                       tr("For a Poisson count the variance equals the mean, so the standard "
                          "deviation is √20 ≈ 4.47.", loc))
    if abs(x - (base + L * base)) < 0.01:
        return not_yet("06.1", tr("You used 20 as the standard deviation. For a Poisson count "
                                  "20 is the variance (variance = mean); the standard "
                                  "deviation is its square root, √20.", loc))
    if abs(x - L * np.sqrt(base)) < 0.05:
        return not_yet("06.1", tr("That is only the width 3·√20; the limit is the baseline "
                                  "plus the width.", loc))
    if abs(x - (base - L * np.sqrt(base))) < 0.05:
        return not_yet("06.1", tr("That is the lower limit; early warning watches the upper "
                                  "one, baseline + L·√baseline.", loc))
    if x in (np.floor(want), np.floor(want) + 1):
        return not_yet("06.1", tr("{x} is a whole count; the limit itself is not rounded: "
                                  "baseline + L·√baseline (about {limit}).", loc,
                                  x=format(x, "g"), limit=format(want, ".1f")))
    return not_yet("06.1", tr("Not quite ({x}): the c-chart limit is baseline + L·√baseline.",
                              loc, x=format(x, ".2f")))


# --------------------------------------------------------------------------- task 2
@task("06.2", "The first flagged delivery day of the courier disruption")
def first_flag(answer, ctx):
    loc = ctx.locale
    want = _first_flag(ctx)
    inc = _incident(ctx)
    start = pd.Timestamp(inc["start"])
    day = _as_day(answer, start.year)
    if day == want:
        d = _delivery(ctx).set_index("period").loc[want]
        return correct("06.2", tr("{day} ({weekday}): {n} delivery complaints against a "
                                  "baseline of {baseline}; the CUSUM reached {statistic} > h = "
                                  "{limit}.", loc, day=fmt_date(want, loc),
                                  weekday=_weekday(want, loc), n=int(d["n"]),
                                  baseline=format(d["baseline"], ".1f"),
                                  statistic=format(d["statistic"], ".1f"),
                                  limit=format(d["limit"], "g")),
                       tr("The disruption began on {start}: the alarm rang {days} days later.",
                          loc, start=fmt_date(start, loc), days=(want - start).days))
    if day == start:
        return not_yet("06.2", tr("That is the start of the disruption "
                                  "(world.truth.incidents); the task asks when the chart first "
                                  "flagged it.", loc))
    t = _result(ctx).table
    flagged = t[t["flag"] & (t["period"] == day)]
    if len(flagged) and GROUP not in set(flagged["category"].astype(object)):
        cats = list(flagged["category"].astype(str))
        return not_yet("06.2", tr("{day} is flagged in {categories}; take the delivery "
                                  "category's flags.", loc, day=fmt_date(day, loc),
                                  categories=named_list("category", cats)(loc)))
    if day < start:
        return not_yet("06.2", tr("{day} is before the disruption began ({start}); take the "
                                  "first delivery flag on or after the start.", loc,
                                  day=fmt_date(day, loc), start=fmt_date(start, loc)))
    return not_yet("06.2", tr("Not quite ({day}): filter res.flags to category 'delivery' and "
                              "days on or after the incident's start.", loc,
                              day=fmt_date(day, loc)))


# --------------------------------------------------------------------------- task 3
@task("06.3", "The detection delay in days")
def delay(answer, ctx):
    loc = ctx.locale
    first = _first_flag(ctx)
    inc = _incident(ctx)
    start, end = pd.Timestamp(inc["start"]), pd.Timestamp(inc["end"])
    want = (first - start).days
    if isinstance(answer, (pd.Timedelta, np.timedelta64)) or (
            hasattr(answer, "days") and not isinstance(answer, (pd.Series, pd.DataFrame))):
        answer = pd.Timedelta(answer).days
    x = as_number(answer, N_("the delay in days"))
    if abs(x - want) < 1e-9:
        return correct("06.3", tr("{days} days from the start of the disruption ({start}) to "
                                  "the first flag ({first}).", loc, days=want,
                                  start=fmt_date(start, loc), first=fmt_date(first, loc)),
                       tr("The disruption lasted {days} days: customers had been complaining "
                          "for several days before the alarm.", loc, days=(end - start).days))
    wrong = {
        tr("You counted the start day as day 1; the delay is the difference of the dates "
           "(first flag − start).", loc): want + 1,
        tr("You counted from the end of the disruption; the delay counts from its start.",
           loc): (first - end).days,
        tr("You counted from the first day the chart watches (it needs 8 weeks of history); "
           "the delay counts from the incident's start.", loc):
            (first - _delivery(ctx).dropna(subset=["baseline"])["period"].min()).days,
        tr("The sign: the delay is first flag − start, a positive number of days.", loc): -want,
        tr("That is the delay in hours; the task asks for days.", loc): want * 24,
    }
    why = first_match(x, wrong, 1e-9)
    if why:
        return not_yet("06.3", why)
    return not_yet("06.3", tr("Not quite ({x}): subtract the incident's start from the first "
                              "flagged day, in days.", loc, x=format(x, "g")))


# --------------------------------------------------------------------------- task 4
@task("06.4", "False alarms (误报) per month in the delivery category")
def false_alarms_delivery(answer, ctx):
    from ..analysis.warning import false_alarms

    loc = ctx.locale
    res = _result(ctx)
    inc = ctx.world.truth.incidents
    fa = false_alarms(res, inc).set_index("category")
    fa.index = fa.index.astype(object)
    row = fa.loc[GROUP]
    want = float(row["per_month"])
    if isinstance(answer, pd.DataFrame) and "per_month" in answer.columns and len(answer) == 1:
        answer = answer["per_month"]
    elif isinstance(answer, pd.Series) and "per_month" in answer.index:
        answer = answer["per_month"]
    x = as_number(answer, N_("the false alarms per month"))
    tol = 0.006
    if abs(x - want) < tol:
        return correct("06.4", tr("{k} false alarms in {days} quiet monitored days: {rate} a "
                                  "month.", loc, k=int(row["false_alarms"]),
                                  days=fmt_int(int(row["days"]), loc),
                                  rate=format(want, ".2f")),
                       tr("Across seven categories that is several alarms a month for the team "
                          "to look into: each costs an hour of someone's time.", loc))
    pooled = float(res.score(inc)["false_alarms_per_month"].iloc[0])
    d = _delivery(ctx)
    monitored = d["baseline"].notna()
    all_flags = 30 * float(d.loc[monitored, "flag"].sum()) / float(monitored.sum())
    wrong = {
        tr("That is the rate pooled over all categories (score's false_alarms_per_month); the "
           "task asks for delivery alone: false_alarms(res, incidents).", loc): pooled,
        tr("You counted every delivery flag, the incident's own too; false alarms are flags "
           "outside the incident windows (and the 14 days after them).", loc): all_flags,
        tr("That is the count, not the rate per 30 quiet days.", loc):
            float(row["false_alarms"]),
        tr("That is the rate per quiet day; the task asks per month (30 quiet days).", loc):
            want / 30,
    }
    why = first_match(x, wrong, tol if x > 0.05 else 1e-4)
    if why:
        return not_yet("06.4", why)
    return not_yet("06.4", tr("Not quite ({x}): use false_alarms(res, world.truth.incidents) "
                              "and take per_month of the delivery row.", loc,
                              x=format(x, ".2f")))
