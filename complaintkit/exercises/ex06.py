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

from . import task
from .answers import AnswerError, as_number, first_match
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


def _as_day(answer) -> pd.Timestamp:
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple)) and len(answer) == 1:
        answer = list(answer)[0]
    if isinstance(answer, pd.DataFrame) and "period" in answer and len(answer):
        answer = answer["period"].iloc[0]
    try:
        day = pd.Timestamp(answer)
    except (TypeError, ValueError):
        raise AnswerError("give one date, e.g. '2025-09-15' or a Timestamp") from None
    if pd.isna(day):
        raise AnswerError("give one date, e.g. '2025-09-15' or a Timestamp")
    return day.tz_localize(None).normalize() if day.tzinfo else day.normalize()


# --------------------------------------------------------------------------- task 1
@task("06.1", "The c-chart upper limit for a baseline of 20 complaints (L = 3)")
def cchart_limit(answer, ctx):
    base, L = 20.0, 3.0
    want = base + L * np.sqrt(base)
    x = as_number(answer, "the upper limit")
    if abs(x - want) < 0.01:
        return correct("06.1", f"20 + 3·√20 = {want:.2f}: on a day expected to bring 20 "
                               f"complaints, {int(np.floor(want)) + 1} or more is out of control.",
                       "For a Poisson count the variance equals the mean, so the standard "
                       "deviation is √20 ≈ 4.47.")
    if abs(x - (base + L * base)) < 0.01:
        return not_yet("06.1", "You used 20 as the standard deviation. For a Poisson count "
                               "20 is the variance (variance = mean); the standard deviation "
                               "is its square root, √20.")
    if abs(x - L * np.sqrt(base)) < 0.01:
        return not_yet("06.1", "That is only the width 3·√20; the limit is the baseline plus "
                               "the width.")
    if abs(x - (base - L * np.sqrt(base))) < 0.01:
        return not_yet("06.1", "That is the lower limit; early warning watches the upper one, "
                               "baseline + L·√baseline.")
    return not_yet("06.1", f"Not quite ({x:.2f}): the c-chart limit is baseline + L·√baseline.")


# --------------------------------------------------------------------------- task 2
@task("06.2", "The first flagged delivery day of the courier disruption")
def first_flag(answer, ctx):
    want = _first_flag(ctx)
    inc = _incident(ctx)
    start = pd.Timestamp(inc["start"])
    day = _as_day(answer)
    if day == want:
        d = _delivery(ctx).set_index("period").loc[want]
        return correct("06.2", f"{want:%Y-%m-%d} ({want:%A}): {int(d['n'])} delivery "
                               f"complaints against a baseline of {d['baseline']:.1f}; the "
                               f"CUSUM reached {d['statistic']:.1f} > h = {d['limit']:g}.",
                       f"The disruption began on {start:%Y-%m-%d}: the alarm rang "
                       f"{(want - start).days} days later.")
    if day == start:
        return not_yet("06.2", "That is the start of the disruption (world.truth.incidents); "
                               "the task asks when the chart first flagged it.")
    t = _result(ctx).table
    flagged = t[t["flag"] & (t["period"] == day)]
    if len(flagged) and GROUP not in set(flagged["category"].astype(object)):
        cats = ", ".join(flagged["category"].astype(str))
        return not_yet("06.2", f"{day:%Y-%m-%d} is flagged in {cats}; take the delivery "
                               "category's flags.")
    if day < start:
        return not_yet("06.2", f"{day:%Y-%m-%d} is before the disruption began ({start:%Y-%m-%d}); "
                               "take the first delivery flag on or after the start.")
    return not_yet("06.2", f"Not quite ({day:%Y-%m-%d}): filter res.flags to category "
                           "'delivery' and days on or after the incident's start.")


# --------------------------------------------------------------------------- task 3
@task("06.3", "The detection delay in days")
def delay(answer, ctx):
    first = _first_flag(ctx)
    inc = _incident(ctx)
    start, end = pd.Timestamp(inc["start"]), pd.Timestamp(inc["end"])
    want = (first - start).days
    if isinstance(answer, pd.Timedelta):
        answer = answer.days
    x = as_number(answer, "the delay in days")
    if abs(x - want) < 1e-9:
        return correct("06.3", f"{want} days from the start of the disruption "
                               f"({start:%Y-%m-%d}) to the first flag ({first:%Y-%m-%d}).",
                       f"The disruption lasted {(end - start).days} days: customers had been "
                       "complaining for several days before the alarm.")
    wrong = {
        "You counted the start day as day 1; the delay is the difference of the dates "
        "(first flag − start).": want + 1,
        "You counted from the end of the disruption; the delay counts from its start.":
            (first - end).days,
        "You counted from the first day the chart watches (it needs 8 weeks of history); the "
        "delay counts from the incident's start.":
            (first - _delivery(ctx).dropna(subset=["baseline"])["period"].min()).days,
        "The sign: the delay is first flag − start, a positive number of days.": -want,
    }
    why = first_match(x, wrong, 1e-9)
    if why:
        return not_yet("06.3", why)
    return not_yet("06.3", f"Not quite ({x:g}): subtract the incident's start from the first "
                           "flagged day, in days.")


# --------------------------------------------------------------------------- task 4
@task("06.4", "False alarms (误报) per month in the delivery category")
def false_alarms_delivery(answer, ctx):
    from ..analysis.warning import false_alarms

    res = _result(ctx)
    inc = ctx.world.truth.incidents
    fa = false_alarms(res, inc).set_index("category")
    fa.index = fa.index.astype(object)
    row = fa.loc[GROUP]
    want = float(row["per_month"])
    x = as_number(answer, "the false alarms per month")
    tol = 0.006
    if abs(x - want) < tol:
        return correct("06.4", f"{int(row['false_alarms'])} false alarms in {int(row['days'])} "
                               f"quiet monitored days: {want:.2f} a month.",
                       "Across seven categories that is several alarms a month for the team to "
                       "look into: each costs an hour of someone's time.")
    pooled = float(res.score(inc)["false_alarms_per_month"].iloc[0])
    d = _delivery(ctx)
    monitored = d["baseline"].notna()
    all_flags = 30 * float(d.loc[monitored, "flag"].sum()) / float(monitored.sum())
    wrong = {
        "That is the rate pooled over all categories (score's false_alarms_per_month); the "
        "task asks for delivery alone: false_alarms(res, incidents).": pooled,
        "You counted every delivery flag, the incident's own too; false alarms are flags "
        "outside the incident windows (and the 14 days after them).": all_flags,
        "That is the count, not the rate per 30 quiet days.": float(row["false_alarms"]),
    }
    why = first_match(x, wrong, tol)
    if why:
        return not_yet("06.4", why)
    return not_yet("06.4", f"Not quite ({x:.2f}): use false_alarms(res, world.truth.incidents) "
                           "and take per_month of the delivery row.")
