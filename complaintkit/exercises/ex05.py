"""Checks for exercise 05: forecasting next month's complaints.

Each check recomputes the right answer from the exercise's dataset (the daily counts of
``complaint_counts``, ``forecast`` with its backtest, and the festival forecast made a month
ahead), compares it with the trainee's answer by meaning, and recognises the typical wrong
answers: totals instead of means per weekday, the last day repeated instead of the last week,
the seasonal naive's MASE or another model's instead of the chosen one, and agents from the
point forecast or rounded down.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_list, is_english, tr
from . import task
from .answers import (
    AnswerError,
    Msg,
    as_number,
    close,
    finite,
    first_match,
    numeric_columns,
    table_series,
)
from .feedback import correct, not_yet

PER_AGENT = 14  # complaints one agent handles per day (the exercise's assumption)
HORIZON = 28
FESTIVAL = {"zh_CN": "d1111", "en_US": "black_friday"}
_WEEKDAYS = [
    ("mon", "monday", "周一", "星期一"), ("tue", "tuesday", "周二", "星期二"),
    ("wed", "wednesday", "周三", "星期三"), ("thu", "thursday", "周四", "星期四"),
    ("fri", "friday", "周五", "星期五"), ("sat", "saturday", "周六", "星期六"),
    ("sun", "sunday", "周日", "星期日", "星期天"),
]
_DAY = {name: i for i, names in enumerate(_WEEKDAYS) for name in names}


def _code(name, loc) -> str:
    """A name the trainee types (a model): as it is in English, quoted in another language."""
    return str(name) if is_english(loc) else repr(str(name))


def _day_name(i: int, loc) -> str:
    return _WEEKDAYS[i][1].title() if is_english(loc) else _WEEKDAYS[i][3]


# --------------------------------------------------------------------------- shared pieces
def _counts(ctx) -> pd.DataFrame:
    from ..analysis import complaint_counts

    w = ctx.world
    return ctx.cached("counts", lambda: complaint_counts(w.complaints, freq="D",
                                                         locale=w.locale))


def _forecast(ctx):
    def make():
        from ..analysis import festival_calendar, forecast

        c = _counts(ctx)
        end = c["period"].max()
        fut = festival_calendar(ctx.world.locale, end + pd.Timedelta(days=1),
                                end + pd.Timedelta(days=HORIZON))
        return forecast(c, horizon=HORIZON, future=fut)

    return ctx.cached("forecast", make)


def _peak(ctx) -> tuple[pd.Timestamp, pd.DataFrame]:
    """The festival day and the early forecast (made 30 days before) of it and the week after."""
    def make():
        from ..analysis import festival_calendar, forecast

        c = _counts(ctx)
        day = c.loc[c["festival"] == FESTIVAL[ctx.world.locale], "period"].iloc[0]
        cutoff = day - pd.Timedelta(days=30)
        fut = festival_calendar(ctx.world.locale, cutoff, cutoff + pd.Timedelta(days=41))
        res = forecast(c[c["period"] < cutoff], horizon=42, future=fut)
        t = res.table
        peak = t[t["period"].between(day, day + pd.Timedelta(days=7))]
        return day, peak.merge(c[["period", "n"]], on="period")

    return ctx.cached("peak", make)


def _numbers(answer, what: str) -> np.ndarray:
    if isinstance(answer, pd.DataFrame):
        cols = [c for c in ("forecast", "n") if c in answer.columns]
        if not cols:
            num = numeric_columns(answer)
            if not num:
                raise AnswerError(N_("your table has no numeric column: put the {what} in a "
                                     "column"), what=what)
            cols = num[-1:]
        answer = answer[cols[0]]
    the = Msg(N_("the {what}"), what=what)
    try:
        values = np.asarray(answer, dtype=float).ravel()
    except OverflowError:
        raise AnswerError(N_("{what}: a number is far too large to be an answer here"),
                          what=the) from None
    except (TypeError, ValueError):
        raise AnswerError(N_("{what} must be numbers, e.g. a list or a Series"),
                          what=the) from None
    return finite(values, the)


# --------------------------------------------------------------------------- task 1
def _by_weekday(answer) -> pd.Series:
    """A Series of 7 indexed 0-6 (Monday = 0) from numbers, names or a plain sequence."""
    if isinstance(answer, pd.DataFrame):
        answer = table_series(answer, N_("means per weekday"), key="weekday")
    if isinstance(answer, Mapping):
        answer = pd.Series(dict(answer), dtype=object)
    if not isinstance(answer, pd.Series):
        if isinstance(answer, (list, tuple, np.ndarray)):
            answer = pd.Series(list(answer))
        else:
            raise AnswerError(N_("expected a Series of 7 means indexed by weekday, e.g. "
                                 "counts.groupby('weekday')['n'].mean()"))
    if len(answer) != 7:
        raise AnswerError(N_("expected 7 numbers, one per weekday, got {n}"), n=len(answer))
    keys = []
    for k in answer.index:
        if isinstance(k, (int, np.integer)) and 0 <= k <= 6:
            keys.append(int(k))
        elif str(k).strip().lower() in _DAY:
            keys.append(_DAY[str(k).strip().lower()])
        else:
            raise AnswerError(N_("cannot read {key} as a weekday: index by 0-6 (Monday = 0) "
                                 "or by names (Mon, Monday, 周一)"), key=repr(k))
    if len(set(keys)) != 7:
        raise AnswerError(N_("a weekday appears twice in your answer"))
    values = pd.to_numeric(answer, errors="coerce").astype(float).to_numpy()
    return pd.Series(values, index=keys).sort_index()


@task("05.1", "Mean daily complaints per weekday")
def weekday_means(answer, ctx):
    loc = ctx.locale
    c = _counts(ctx)
    want = c.groupby("weekday")["n"].mean()
    got = _by_weekday(answer)
    if close(got, want, 0.06):
        hi, lo = want.idxmax(), want.idxmin()
        return correct("05.1", tr("From {low} ({low_day}) to {high} ({high_day}) complaints a "
                                  "day on average.", loc, low=format(want.min(), ".1f"),
                                  low_day=_day_name(lo, loc), high=format(want.max(), ".1f"),
                                  high_day=_day_name(hi, loc)),
                       tr("That weekly shape (季节性) is what the seasonal naive and the "
                          "seasonal terms of the other models repeat.", loc))
    totals = c.groupby("weekday")["n"].sum()
    if close(got, totals, 0.5):
        return not_yet("05.1", tr("Those are the totals per weekday; the task asks for the "
                                  "mean number of complaints per day (.mean(), not .sum()).",
                                  loc))
    med = c.groupby("weekday")["n"].median()
    if close(got, med, 0.06):
        return not_yet("05.1", tr("Those are medians; the task asks for the mean per weekday.",
                                  loc))
    shifted = np.roll(want.to_numpy(), 1)
    if close(got, shifted, 0.06):
        return not_yet("05.1", tr("The numbers are right but one day off: weekday 0 is Monday "
                                  "(Python's convention), not Sunday.", loc))
    if close(got, want / 7, 0.06):
        return not_yet("05.1", tr("Those are the means divided by 7; the task asks for the "
                                  "mean number of complaints on each weekday.", loc))
    return not_yet("05.1", tr("Not quite: group the daily counts by weekday and average n, "
                              "counts.groupby('weekday')['n'].mean().", loc))


# --------------------------------------------------------------------------- task 2
@task("05.2", "The seasonal-naive forecast of the next 7 days")
def seasonal_naive(answer, ctx):
    loc = ctx.locale
    n = _counts(ctx)["n"].to_numpy(dtype=float)
    want = n[-7:]
    got = _numbers(answer, N_("seven forecasts"))
    if len(got) != 7:
        raise AnswerError(N_("expected 7 numbers (the next 7 days), got {n}"), n=len(got))
    if close(got, want, 0.5):
        last = fmt_list([format(x, ".0f") for x in want], loc)
        return correct("05.2", tr("The next 7 days = the last 7: {last}.", loc, last=last),
                       tr("Next Monday = last Monday: the benchmark every model must beat "
                          "(MASE below 1).", loc))
    if close(got, n[-1], 0.5):
        return not_yet("05.2", tr("You repeated the last day seven times; the seasonal naive "
                                  "repeats the last *week*: each day gets the count of the "
                                  "same weekday one week before (counts['n'].iloc[-7:]).", loc))
    if close(got, want.mean(), 0.5):
        return not_yet("05.2", tr("You repeated the mean of the last week; the seasonal naive "
                                  "keeps each weekday's own count of last week.", loc))
    if close(got, want[::-1], 0.5):
        return not_yet("05.2", tr("The last week in reverse order: keep the days in order.",
                                  loc))
    if close(got, n[-14:-7], 0.5):
        return not_yet("05.2", tr("That is the week before last; the seasonal naive repeats "
                                  "the last 7 days (counts['n'].iloc[-7:]).", loc))
    return not_yet("05.2", tr("Not quite: take the last 7 daily counts, in order.", loc))


# --------------------------------------------------------------------------- task 3
_ALIASES = {"seasonal_naive": ("seasonal naive", "snaive", "naive"),
            "ets": ("exponential smoothing", "holt-winters", "holt winters"),
            "nb_glm": ("glm", "negative binomial", "negative-binomial glm", "nb", "negbin")}


def _model_name(x) -> str | None:
    s = str(x).strip().lower()
    for m, names in _ALIASES.items():
        if s == m or s in names or s.replace("-", "_").replace(" ", "_") == m:
            return m
    return None


@task("05.3", "The model the backtest chooses, and its MASE")
def chosen(answer, ctx):
    loc = ctx.locale
    res = _forecast(ctx)
    bt = res.backtest.set_index("model")
    want_m, want = res.chosen, float(bt.loc[res.chosen, "mase"])
    if hasattr(answer, "chosen") and hasattr(answer, "backtest"):
        answer = (answer.chosen, float(answer.backtest.set_index("model").loc[answer.chosen,
                                                                               "mase"]))
    if isinstance(answer, Mapping):
        answer = tuple(answer.values())
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise AnswerError(N_("give two things: (model name, its backtest MASE), e.g. "
                             "('ets', 1.02)"))
    name = next((v for v in answer if isinstance(v, str)), None)
    num = [v for v in answer if not isinstance(v, str)]
    if name is None or len(num) != 1:
        raise AnswerError(N_("give (model name, MASE): one name and one number"))
    m = _model_name(name)
    if m is None:
        return not_yet("05.3", tr("{name} is not one of the models: {models}.", loc,
                                  name=repr(name), models=fmt_list(
                                      [_code(k, loc) for k in _ALIASES], loc)))
    x = as_number(num[0], N_("the MASE"))
    ok_m, ok_x = m == want_m, abs(x - want) < 0.006
    if ok_m and ok_x:
        naive = float(bt.loc["seasonal_naive", "mase"])
        return correct("05.3", tr("The backtest chooses {model} with MASE {mase} (the "
                                  "seasonal naive: {naive}).", loc, model=_code(want_m, loc),
                                  mase=format(want, ".2f"), naive=format(naive, ".2f")),
                       tr("Below 1 it beats 'same as last week' on the training data; chosen "
                          "on data it had not seen, not by the in-sample fit.", loc))
    if ok_m:
        for other, v in bt["mase"].items():
            if abs(x - v) < 0.006:
                return not_yet("05.3", tr("The model is right, but {x} is the MASE of "
                                          "{model}; give the chosen model's.", loc,
                                          x=format(x, ".2f"), model=_code(other, loc)))
        return not_yet("05.3", tr("The model is right; its MASE is in res.backtest, not {x}.",
                                  loc, x=format(x, ".2f")))
    if abs(x - float(bt.loc[m, "mase"])) < 0.006 and m != want_m:
        return not_yet("05.3", tr("That is {model} and its MASE; the backtest chooses the "
                                  "model with the *lowest* MASE (res.chosen).", loc,
                                  model=_code(m, loc)))
    return not_yet("05.3", tr("Not quite: read res.chosen and the mase column of "
                              "res.backtest.", loc))


# --------------------------------------------------------------------------- task 4
@task("05.4", "Agents needed on the peak day (upper bound, 14 per agent-day)")
def agents(answer, ctx):
    loc = ctx.locale
    day, peak = _peak(ctx)
    upper = float(peak["upper"].max())
    want = math.ceil(upper / PER_AGENT)
    x = as_number(answer, N_("the number of agents"))
    actual = int(peak["n"].max())
    if abs(x - want) < 1e-9:
        return correct("05.4", tr("The upper bound on the busiest peak day is {upper} "
                                  "complaints: {upper} / {per_agent} rounded up = {k} agents.",
                                  loc, upper=format(upper, ".0f"), per_agent=PER_AGENT, k=want),
                       tr("What came in: {actual} on the busiest day, {k} agents' work. The "
                          "complaint history alone does not see the festival peak; plan it "
                          "from the sales forecast.", loc, actual=actual,
                          k=math.ceil(actual / PER_AGENT)))
    point = float(peak.loc[peak["upper"].idxmax(), "forecast"])
    wrong = {
        tr("You rounded down: with that many agents the upper bound is not covered. Round up "
           "(math.ceil).", loc): math.floor(upper / PER_AGENT),
        tr("That is {upper} / {per_agent} before rounding: agents come whole, round up.", loc,
           upper=format(upper, ".1f"), per_agent=PER_AGENT): upper / PER_AGENT,
        tr("You used the point forecast; plan with the upper bound of the interval, so that "
           "nine days in ten are covered.", loc): math.ceil(point / PER_AGENT),
        tr("You used the point forecast (and rounded down); plan with the upper bound, "
           "rounded up.", loc): math.floor(point / PER_AGENT),
        tr("That is the upper bound in complaints ({upper}); divide by {per_agent} complaints "
           "per agent-day.", loc, upper=format(upper, ".0f"), per_agent=PER_AGENT): upper,
        tr("That is from what actually came in; the roster is made a month ahead, from the "
           "forecast.", loc): math.ceil(actual / PER_AGENT),
    }
    why = first_match(x, wrong, 0.05)
    if why:
        return not_yet("05.4", why)
    return not_yet("05.4", tr("Not quite ({x}): take the largest upper bound of the forecast "
                              "on the peak days, divide by {per_agent} and round up.", loc,
                              x=format(x, "g"), per_agent=PER_AGENT))
