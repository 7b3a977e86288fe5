"""Early warning: flag the days on which complaints rise above what the calendar explains.

Seed 003 asks to "predict future problems" from the complaint series. :func:`early_warning`
watches a daily count series (one per category, say) with one of three statistical process
control charts, against a baseline that already knows the day of the week, so that Mondays and
weekends do not alarm by themselves:

* ``"cchart"`` — the Poisson c-chart (Montgomery, *Introduction to Statistical Quality
  Control*, 8th ed., Wiley 2019, section 7.3.1): flag a day when its count exceeds
  ``baseline + L * sqrt(baseline)``. Quick on a large jump, blind to a small sustained one.
* ``"ewma"`` — the exponentially weighted moving average (Montgomery, section 9.2) of the
  standardized residuals ``z = (n - baseline) / sqrt(baseline)``:
  ``E_t = lambda * z_t + (1 - lambda) * E_{t-1}``, flagged above the asymptotic limit
  ``L * sqrt(lambda / (2 - lambda))``.
* ``"cusum"`` — the one-sided upper tabular CUSUM (Montgomery, section 9.1) of ``z``:
  ``C_t = max(0, C_{t-1} + z_t - k)``, flagged when ``C_t > h`` and reset to 0 after an
  alarm. Accumulates small sustained rises, so it signals a step change sooner.

The baseline of a day is the mean count of the same weekday over the trailing ``window`` days
(``"weekday"``; the day itself excluded) or the plain trailing mean (``"flat"``). Days without
a full ``window`` of history get no baseline and are never flagged (the first 8 weeks, with
the default). A zero baseline (no complaint of that kind in the window) is floored at half a
complaint over the window, so that a single complaint after weeks of none is not an infinite
residual.

:func:`score` compares the flags with known incidents (a generated world's
``truth.incidents``): whether and how soon each was detected in its category, and the false
alarms per month outside the incident windows. :func:`tune` scores a grid of settings.

Tuning of the defaults
----------------------
``tune(complaint_counts(w.complaints, by="category"), w.truth.incidents, by="category")`` on
``load_dataset("ecommerce_en")`` (the courier disruption of 2025-09-08 in ``delivery``, the
battery batch of 2025-03-10 in ``product_quality``; delays in days from the incident's start;
false alarms are flagged days outside the incident windows and the 14 days after them, per
category and 30 monitored days). A few rows of the grid:

==========  ====================  ========  =============  =========  =============
method      setting               detected  delay courier  delay bad  false / month
==========  ====================  ========  =============  =========  =============
cusum       k=0.5, h=4            2         4              7          0.63
**cusum**   **k=0.5, h=5**        **2**     **4**          **8**      **0.41**
cusum       k=0.5, h=8            2         6              11         0.10
cusum       k=1, h=5              2         4              12         0.15
cchart      L=2.5                 2         3              4          1.29
cchart      L=3                   2         3              4          0.74
cchart      L=3.5                 1         3              missed     0.43
ewma        lambda=0.3, L=2.5     2         3              4          1.51
ewma        lambda=0.3, L=3       2         4              8          0.77
ewma        lambda=0.1, L=3       2         6              10         0.65
==========  ====================  ========  =============  =========  =============

The same grid on four more worlds (``generate("ecommerce", seed=s)``, s = 1..4; mean / worst):
cusum k=0.5, h=5 found both incidents every time, courier 3.75 / 6 days, battery 7 / 8 days,
0.46 / 0.48 false alarms a month; the c-chart with L=3 missed the battery batch in one of the
four (0.90 / 1.07 false alarms a month); EWMA lambda=0.3, L=3 found both with 1.01 / 1.12.

Rule: detect both incidents within 14 days in every world, with at most 0.5 false alarms
per category-month, then the smallest delay. That gives the defaults ``method="cusum"``,
``cusum_k=0.5``, ``cusum_h=5`` (h=4 is faster by a day but over the false-alarm budget; the
c-chart is the quickest on a large jump but unreliable on the slow battery batch). ``L=3``
and ``ewma_lambda=0.3`` are the textbook choices for the other two charts. Reproduce with
``tune(daily, w.truth.incidents, by="category")``.

The figures above are in-sample: the five worlds share the incidents' dates and sizes, and
the defaults were chosen on them. Held out (``studies/warning_holdout.py``; 160 worlds of seeds
100-119 in both locales; docs/volume.md has the tables), the default CUSUM found the preset's
incidents in 80 of 80 (courier 5 days, 10-90% 4-6; battery 7 days, 5-9), incidents moved to
random days in 79 of 80, but a battery batch with half the excess rate in only 21 of 40 (after
8 days, 7-12); its false alarms per category-month were 0.43 (0.36-0.53) in en_US and 0.53
(0.42-0.64) in zh_CN, at most 0.72. With no incident, a flag fell inside the 14-day window in
7 of 80 windows: judge a detection by :func:`score`'s ``chance_detection`` and its delay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_date, fmt_int, is_english, locale_of, tr
from ..locale import LOCALES
from ..schema import SchemaError, local_datetimes
from . import _checks as checks
from ._checks import check_columns, check_frame, level_labels
from ._ledger import RowLedger
from ._result import Result, option_passed_as_ax

__all__ = ["early_warning", "score", "false_alarms", "tune", "WarningResult",
           "METHODS", "BASELINES", "INCIDENT_GROUPS"]

METHODS = ("cchart", "ewma", "cusum")
BASELINES = ("weekday", "flat")
INCIDENT_GROUPS = {"courier_disruption": "delivery", "bad_batch": "product_quality"}
"""Incident kind -> the complaint category in which it shows (the generator's incidents)."""

GUARD_DAYS = 14  # days after an incident's end whose flags are not false alarms
_UNITS = {1: (N_("days"), N_("day")), 7: (N_("weeks"), N_("week"))}
_ADVERBS = {1: N_("daily"), 7: N_("weekly")}  # "a regular daily series"
#: the charts and baselines by name (a Chinese text shows these, not the codes)
_METHOD_NAMES = {"cchart": N_("Poisson c-chart"), "ewma": N_("EWMA chart"),
                 "cusum": N_("CUSUM chart")}
_BASELINE_NAMES = {"weekday": N_("same-weekday"), "flat": N_("trailing")}
MESSAGES = {
    "repeat": N_("counts has {k:,} rows for {day}{label}: {why}"),
    "repeat_no_by": N_("several series in one frame? pass by=[...] with the column(s) that "
                       "tell them apart, or sum them first"),
    "repeat_by": N_("drop the duplicated rows (one row per group and period)"),
    "gap": N_("counts{label} is not a regular {regular} series: {k:,} gap(s), the first "
              "{missing:,} {unit} missing after {day}: fill the missing {unit} with 0 (as "
              "complaint_counts does) or cut the series before the gap"),
    "not_whole": N_("the periods of counts{label} are {step} apart: early_warning watches "
                    "daily or weekly counts (period at the start of each day or week); count "
                    "with complaint_counts(df, freq='D') or freq='W'"),
    "spacing": N_("the periods of counts{label} are {step} apart: early_warning watches daily "
                  "or weekly counts; count by day or week with complaint_counts(df, freq='D') "
                  "or freq='W'"),
    "mixed": N_("the series of counts mix daily and weekly periods ({daily} daily, {weekly} "
                "weekly): count every group at one frequency"),
    "short": N_("the series{label} is too short for window={window}: it has {n:,} {unit} "
                "({first} to {last}), and the window takes {rows:,} {unit} of history before "
                "the first {one} it can monitor, so it needs at least {need:,} {unit}. {fix}"),
    "short_fix": N_("Pass window={suggest} (the longest that leaves the last {left:,} {unit} "
                    "monitored; a shorter window gives a noisier baseline and more false "
                    "alarms than the tuned 56 days), or give more {unit}"),
    "short_none": N_("{n:,} {unit} is too short for any baseline (the shortest window is "
                     "{shortest} days{why}): give more {unit}"),
    "week_window": N_("window must be a multiple of 7 days for weekly counts (it is counted in "
                      "whole weeks), not {window}"),
    "weekly": N_("weekly counts: each week is compared with the mean of the previous {rows} "
                 "weeks (window={window} days); the weekday baseline has no days of the week "
                 "to tell apart in weekly counts"),
}


# --------------------------------------------------------------------------- computation
def _baseline(n: np.ndarray, weekday: np.ndarray, window: int, kind: str) -> np.ndarray:
    """Trailing baseline per day (NaN without a full window of history)."""
    s = pd.Series(n, dtype=float)
    if kind == "flat":
        base = s.rolling(window, min_periods=window).mean().shift(1).to_numpy()
        floor = 0.5 / window
    else:
        k = window // 7
        base = (s.groupby(weekday).transform(
            lambda x: x.rolling(k, min_periods=k).mean().shift(1)).to_numpy())
        floor = 0.5 / k
    return np.where(np.isnan(base), np.nan, np.maximum(base, floor))


def _ewma(z: np.ndarray, lam: float) -> np.ndarray:
    out = np.full(len(z), np.nan)
    e = 0.0
    for i, zi in enumerate(z):
        if np.isnan(zi):
            continue
        e = lam * zi + (1 - lam) * e
        out[i] = e
    return out


def _cusum(z: np.ndarray, k: float, h: float) -> np.ndarray:
    out = np.full(len(z), np.nan)
    c = 0.0
    for i, zi in enumerate(z):
        if np.isnan(zi):
            continue
        c = max(0.0, c + zi - k)
        out[i] = c
        if c > h:
            c = 0.0  # reset after the alarm
    return out


def ewma_limit(L: float, lam: float) -> float:
    """The asymptotic EWMA limit for standardized data: ``L * sqrt(lam / (2 - lam))``."""
    return L * float(np.sqrt(lam / (2 - lam)))


def early_warning(counts: pd.DataFrame, *, method: str = "cusum", baseline: str = "weekday",
                  window: int = 56, by: str | Sequence[str] | None = None,
                  L: float = 3.0, ewma_lambda: float = 0.3, cusum_k: float = 0.5,
                  cusum_h: float = 5.0, locale: str | None = None) -> WarningResult:
    """Flag the days whose complaint counts rise above a weekday-aware baseline.

    Parameters
    ----------
    counts : DataFrame
        Regular daily counts, as from ``complaint_counts(df, freq="D", by=...)``: ``period``
        (every day present, per group), ``n`` and the ``by`` column(s). The day of the week
        comes from ``period`` (a ``weekday`` column is not read). Weekly counts
        (``freq="W"``, every week present) are watched too: each week against the mean of
        the previous ``window // 7`` weeks (a note says so; there are no weekdays to tell
        apart). Other spacings, repeated periods and gaps are refused, saying which.
    method : {"cusum", "cchart", "ewma"}
        The chart (see the module docstring). Default tuned on the generator's incidents.
    baseline : {"weekday", "flat"}
        Mean of the same weekday over the trailing ``window`` days, or the trailing mean.
    window : int
        Days of history behind a baseline; a multiple of 7 for ``"weekday"`` and for weekly
        counts. Earlier periods are not monitored; a series no longer than the window is
        refused with its length, what the window needs and the longest window that fits.
    by : str or list of str, optional
        Group column(s): one chart per group.
    L : float
        Width of the c-chart and EWMA limits (in standard deviations).
    ewma_lambda : float
        EWMA smoothing weight, in (0, 1].
    cusum_k, cusum_h : float
        CUSUM reference value and decision interval (in standard deviations).
    locale : {"en_US", "zh_CN"}, optional
        The language of the summary, notes, chart and messages. Default (None): the data's
        own (``complaint_counts`` keeps it in ``attrs["locale"]``), else English. In Chinese
        the charts and groups are shown by name (累积和控制图, 物流配送), not by code.

    Returns
    -------
    WarningResult
        ``.table``: one row per group and day: ``period``, the ``by`` columns, ``n``,
        ``baseline``, ``upper`` (the c-chart limit ``baseline + L * sqrt(baseline)``),
        ``z`` (standardized residual), ``statistic`` (``z``, the EWMA or the CUSUM),
        ``limit`` (the statistic's limit), ``flag`` (bool). ``.flags``: flagged rows only.
        ``.ledger`` counts the days monitored (over all series) and those of the baseline
        warm-up (the first ``window`` days of each series); its line is the first of
        ``.notes``. The notes also say when the total over the series is clustered in time
        or has gaps (``checks.time_coverage``; a UserWarning too): flags in such a sample
        may come from how the data were collected.

    Raises
    ------
    KeyError
        If ``period``, ``n`` or a ``by`` column is missing.
    TypeError
        If ``counts`` is not a DataFrame, ``period`` does not hold dates or ``n`` numbers.
    ValueError
        For an unknown method or baseline, a bad parameter, a group whose days are not
        consecutive (or repeat: forgot ``by``?), a series no longer than ``window``, or a
        count that is missing (NaN), negative or infinite: the message names the days and
        groups. A missing day is refused rather than skipped, because it would leave the
        same-weekday baselines of the following eight weeks without a value; fill it (0 when
        no complaint was recorded, as :func:`~complaintkit.complaint_counts` does) or cut
        the series before it.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> daily = ck.complaint_counts(w.complaints, freq="D", by="category")
    >>> res = early_warning(daily, by="category")
    >>> res.flags[["period", "category"]].head(1).shape
    (1, 2)
    >>> res.notes[0]
    '2,163 of 2,555 days of 7 series used: 392 in the baseline warm-up (the first 56 days of
    each series)'
    """
    lang = _lang(counts, locale)
    by_cols = checks.by_columns(by, locale=lang)
    params = _settings(method, baseline, window, L, ewma_lambda, cusum_k, cusum_h, lang)
    counts = _check_counts(counts, by_cols, lang)
    series = list(_each_series(counts, by_cols))
    params = _with_step(params, series, by_cols, lang)
    charts = [_chart(g, by_cols, key, params, lang) for key, g in series]
    table = pd.concat(charts, ignore_index=True)
    return WarningResult(table=table, model=params, assumptions=_assumptions(params, lang),
                         by=by_cols, params=params,
                         ledger=_ledger(counts, charts, params, lang),
                         notes=_notes(counts, params, lang))


def _lang(counts, locale: str | None) -> str | None:
    """The language of the texts: ``locale=`` (checked), else the counts' own
    (``attrs["locale"]``, which complaint_counts sets), else None (English)."""
    lang = locale_of(counts, locale=locale if isinstance(locale, str) and locale in LOCALES
                     else None)
    checks.locale(locale, locale=lang)
    return lang


def _notes(counts: pd.DataFrame, p: dict, lang: str | None = None) -> list[str]:
    """How weekly counts are watched, and whether the sample is clustered or has gaps
    (checks.time_coverage on the total per period, a UserWarning too)."""
    notes = ([tr(MESSAGES["weekly"], lang, rows=p["window"] // 7, window=p["window"])]
             if p["step_days"] == 7 else [])
    total = counts.groupby("period", sort=True)["n"].sum()
    freq = "D" if p["step_days"] == 1 else "W"
    return notes + checks.warn_notes(
        checks.time_coverage(total.index, freq, weights=total.to_numpy(), locale=lang),
        stacklevel=4)


def _settings(method, baseline, window, L, ewma_lambda, cusum_k, cusum_h,
              lang: str | None = None) -> dict:
    """The chart's settings, checked: the result's ``params``."""
    checks.one_of("method", method, METHODS, locale=lang)
    checks.one_of("baseline", baseline, BASELINES, locale=lang)
    checks.whole_number("window", window, 7, example=56, locale=lang)
    if baseline == "weekday" and window % 7:
        raise ValueError(tr("window must be a multiple of 7 days for the weekday baseline, "
                            "not {window}", lang, window=window))
    if L <= 0 or cusum_h <= 0 or cusum_k < 0 or not 0 < ewma_lambda <= 1:
        raise ValueError(tr("L and cusum_h must be > 0, cusum_k >= 0 and 0 < ewma_lambda <= 1",
                            lang))
    return {"method": method, "baseline": baseline, "window": int(window), "L": L,
            "ewma_lambda": ewma_lambda, "cusum_k": cusum_k, "cusum_h": cusum_h}


def _check_counts(counts: pd.DataFrame, by_cols: list[str],
                  lang: str | None = None) -> pd.DataFrame:
    """``counts`` checked: dates in ``period`` (a time zone dropped), finite counts >= 0."""
    check_frame(counts, "counts", locale=lang)  # also refuses two columns of one name
    check_columns(counts, ["period", "n", *by_cols], "counts", locale=lang)
    period = checks.times(counts, "period", what="period", missing="error", locale=lang)
    n = counts["n"]
    if not pd.api.types.is_numeric_dtype(n) or pd.api.types.is_bool_dtype(n):
        raise TypeError(tr("column 'n' of counts must hold numbers (complaints per day), not "
                           "{dtype}", lang, dtype=n.dtype))
    values = n.to_numpy(dtype=float)
    _refuse_days(counts, period, np.isnan(values), by_cols,
                 N_("column 'n' of counts has no count (NaN) on {k} day(s): {where}{more} "
                    "(index {index}): fill them (0 if no complaint was recorded that day, as "
                    "complaint_counts does) or cut the series before them: a missing day "
                    "would leave the baselines of the following weeks without a value"), lang)
    _refuse_days(counts, period, np.isinf(values) | (values < 0), by_cols,
                 N_("column 'n' of counts has a negative or infinite count on {k} day(s): "
                    "{where}{more} (index {index}): counts are complaints per day, >= 0"),
                 lang)
    return counts.assign(period=period) if period is not counts["period"] else counts


def _refuse_days(counts, period, bad: np.ndarray, by_cols: list[str], message: str,
                 lang: str | None = None) -> None:
    """A ValueError naming the rows, days and groups where ``bad`` holds (``message``: a
    msgid with the fields ``k, where, more, index``)."""
    if not bad.any():
        return
    rows = np.flatnonzero(bad)
    labels = counts.index[rows[:5]]
    where = [f"{period.iloc[i]:%Y-%m-%d}" + (
        " (" + ", ".join(f"{c}={counts[c].iloc[i]!r}" for c in by_cols) + ")" if by_cols
        else "") for i in rows[:5]]
    more = tr(" and {k:,} more", lang, k=len(rows) - 5) if len(rows) > 5 else ""
    raise ValueError(tr(message, lang, k=fmt_int(len(rows), lang), where="; ".join(where),
                        more=more, index=", ".join(map(str, labels))
                        + (", ..." if len(rows) > 5 else "")))


def _each_series(counts: pd.DataFrame, by_cols: list[str]):
    """``(key, rows)`` of each series, its days in order."""
    data = counts.sort_values([*by_cols, "period"], kind="stable")
    if not by_cols:
        return [((), data)]
    return data.groupby(by_cols, observed=True, sort=False, dropna=False)


def _statistic(z: np.ndarray, p: dict) -> tuple[np.ndarray, float]:
    """The chart's statistic and its limit."""
    if p["method"] == "cchart":
        return z, p["L"]
    if p["method"] == "ewma":
        return _ewma(z, p["ewma_lambda"]), ewma_limit(p["L"], p["ewma_lambda"])
    return _cusum(z, p["cusum_k"], p["cusum_h"]), p["cusum_h"]


def _label(by_cols: list[str], key, lang: str | None = None) -> str:
    if isinstance(key, tuple) and len(key) == 1:
        key = key[0]
    return tr(" in group {group!r}", lang, group=key) if by_cols else ""


def _step_days(g: pd.DataFrame, label: str, by_cols: list[str],
               lang: str | None = None) -> int:
    """1 for a daily series, 7 for a weekly one; else a ValueError saying what is wrong
    (repeated periods, gaps, another spacing)."""
    period = g["period"].reset_index(drop=True)
    steps = period.diff().iloc[1:]
    if len(steps) == 0:
        return 1
    zero = steps == pd.Timedelta(0)
    if zero.any():
        day = period[1:][zero.to_numpy()].iloc[0]
        why = tr(MESSAGES["repeat_by" if by_cols else "repeat_no_by"], lang)
        k = int((period == day).sum())
        when = f"{day:%Y-%m-%d %H:%M}".replace(" 00:00", "")
        raise ValueError(tr(MESSAGES["repeat"], lang, k=k, day=when, label=label, why=why))
    days = steps / pd.Timedelta(days=1)
    step = float(days.min())
    if step not in (1.0, 7.0):
        key = "not_whole" if step != round(step) else "spacing"
        raise ValueError(tr(MESSAGES[key], lang, label=label, step=_spacing(days, lang)))
    off = (days != step).to_numpy()
    if off.any():
        first = int(np.flatnonzero(off)[0])
        unit = _UNITS[int(step)][0]
        raise ValueError(tr(
            MESSAGES["gap"], lang, label=label, regular=tr(_ADVERBS[int(step)], lang),
            k=int(off.sum()), unit=tr(unit, lang),
            missing=int(round(days.iloc[first] / step)) - 1,
            day=f"{period.iloc[first]:%Y-%m-%d}"))
    return int(step)


def _spacing(days: pd.Series, lang: str | None = None) -> str:
    """'28 to 31 days', '7 days' or '1:00:00' (hours) for the steps of a series."""
    lo, hi = float(days.min()), float(days.max())
    if lo == round(lo) and hi == round(hi):
        return (tr("{lo:g} days", lang, lo=lo) if lo == hi
                else tr("{lo:g} to {hi:g} days", lang, lo=lo, hi=hi))
    return str(pd.Timedelta(days=lo)) if lo == hi else \
        tr("{lo} to {hi}", lang, lo=pd.Timedelta(days=lo), hi=pd.Timedelta(days=hi))


def _with_step(params: dict, series, by_cols: list[str], lang: str | None = None) -> dict:
    """``params`` with ``step_days`` (1: daily, 7: weekly) common to every series."""
    steps = [_step_days(g, _label(by_cols, key, lang), by_cols, lang) for key, g in series]
    if len(set(steps)) > 1:
        raise ValueError(tr(MESSAGES["mixed"], lang, daily=steps.count(1),
                            weekly=steps.count(7)))
    step = steps[0]
    if step == 7 and params["window"] % 7:
        raise ValueError(tr(MESSAGES["week_window"], lang, window=params["window"]))
    return {**params, "step_days": step}


def _check_length(g: pd.DataFrame, label: str, p: dict, lang: str | None = None) -> int:
    """The window in rows (days or weeks); a ValueError naming the series' length, what the
    window needs and the window that would fit."""
    step, window = p["step_days"], p["window"]
    rows = window // step
    n = len(g)
    if n > rows:
        return rows
    unit, one = (tr(u, lang) for u in _UNITS[step])
    # the shortest baseline: one value per weekday (7 days), or one week (7 days)
    shortest_rows = 1 if step == 7 else 7
    weekday = p["baseline"] == "weekday" or step == 7
    granule = 7 // step if weekday else 1
    suggest_rows = ((n - 1) // granule) * granule if n > 1 else 0
    if suggest_rows < shortest_rows:
        why = (tr("; one value per weekday", lang)
               if step == 1 and p["baseline"] == "weekday" else "")
        fix = tr(MESSAGES["short_none"], lang, n=n, unit=unit, shortest=7, why=why)
    else:
        fix = tr(MESSAGES["short_fix"], lang, suggest=suggest_rows * step,
                 left=n - suggest_rows, unit=unit)
    raise ValueError(tr(
        MESSAGES["short"], lang, label=label, n=n, unit=unit,
        first=fmt_date(g["period"].iloc[0], lang), last=fmt_date(g["period"].iloc[-1], lang),
        window=window, rows=rows, one=one, need=rows + 1, fix=fix))


def _chart(g: pd.DataFrame, by_cols: list[str], key, p: dict,
           lang: str | None = None) -> pd.DataFrame:
    """One series' rows of the table: baseline, limits, statistic and flags."""
    rows = _check_length(g, _label(by_cols, key, lang), p, lang)
    n = g["n"].to_numpy(dtype=float)
    wd = g["period"].dt.day_of_week.to_numpy()   # a `weekday` column of counts is not used
    # weekly counts: every row is one week, so the baseline is the trailing mean of `rows`
    kind = p["baseline"] if p["step_days"] == 1 else "flat"
    base = _baseline(n, wd, rows, kind)
    z = (n - base) / np.sqrt(base)
    stat, limit = _statistic(z, p)
    part = g[["period", *by_cols, "n"]].copy()
    part["weekday"] = wd.astype(np.int64)
    part["baseline"] = base
    part["upper"] = base + p["L"] * np.sqrt(base)
    part["z"] = z
    part["statistic"] = stat
    part["limit"] = np.where(np.isnan(base), np.nan, limit)
    part["flag"] = np.nan_to_num(stat, nan=-np.inf) > limit
    return part


def _ledger(counts: pd.DataFrame, charts: list[pd.DataFrame], p: dict,
            lang: str | None = None) -> RowLedger:
    """Periods monitored, and those of the baseline warm-up (no full window behind them)."""
    k = len(charts)
    units = _UNITS[p["step_days"]][0]
    rows = p["window"] // p["step_days"]
    # the line's unit, already in ``lang`` (the ledger translates a unit it knows)
    unit = units if k == 1 else tr("{units} of {k} series", lang, units=tr(units, lang),
                                   k=fmt_int(k, lang))
    ledger = RowLedger(counts, unit=unit, locale=lang)
    warm = sum(int(c["z"].iloc[:rows].isna().sum()) for c in charts)
    late = sum(int(c["z"].iloc[rows:].isna().sum()) for c in charts)
    each = tr(" of each series", lang) if k > 1 else ""
    ledger.record(warm, tr("in the baseline warm-up (the first {rows} {units}{each})", lang,
                           rows=rows, units=tr(units, lang), each=each))
    ledger.record(late, tr("without a count or a baseline (a missing count in the window)",
                           lang))
    return ledger


def _assumptions(p: dict, lang: str | None = None) -> list[str]:
    step = p.get("step_days", 1)
    return [
        tr("Counts are Poisson around the baseline (variance = mean); overdispersion (festival "
           "peaks, clustered complaints) raises the false-alarm rate above the nominal one.",
           lang),
        _baseline_assumption(p, lang),
        tr("Days are independent given the baseline (no autocorrelation beyond the level).",
           lang) if step == 1 else
        tr("Weeks are independent given the baseline (no autocorrelation beyond the level).",
           lang),
    ]


def _baseline_assumption(p: dict, lang: str | None = None) -> str:
    if p.get("step_days", 1) == 7:
        return tr("The baseline is the mean of the previous {k} weeks: a level that moves "
                  "slowly; an incident that lasts longer than a few weeks enters its own "
                  "baseline.", lang, k=p["window"] // 7)
    return tr("The baseline is the {kind} mean of the previous {k} days: a level that moves "
              "slowly; an incident that lasts longer than a few weeks enters its own "
              "baseline.", lang, kind=tr(_BASELINE_NAMES[p["baseline"]], lang), k=p["window"])


# --------------------------------------------------------------------------- scoring
def _incidents(incidents: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """The incidents with dates checked; no rows is allowed (a world without incidents: every
    monitored day is quiet, and ``score`` has no row to score)."""
    if isinstance(incidents, pd.DataFrame) and incidents.empty:
        check_columns(incidents, ["start", "end"], "incidents", locale=lang)
    else:
        check_frame(incidents, "incidents", locale=lang)
        check_columns(incidents, ["start", "end"], "incidents", locale=lang)
    inc = incidents.copy()
    if "incident" not in inc:
        inc["incident"] = [tr("incident {i}", lang, i=i + 1) for i in range(len(inc))]
    if "kind" not in inc:
        inc["kind"] = inc["incident"]
    for col in ("start", "end"):
        try:  # the kit's one time rule: ISO 8601 text or date-times, a zone's own wall clock
            inc[col] = local_datetimes(inc[col], f"incidents[{col!r}]")
        except SchemaError as e:
            raise ValueError(tr("column {col!r} of incidents must hold dates: {error}", lang,
                                col=col, error=e)) from None
        if inc[col].isna().any():
            raise ValueError(tr("column {col!r} of incidents has no date in row(s) {rows}",
                                lang, col=col,
                                rows=list(inc.index[inc[col].isna().to_numpy()])))
    return inc


def _quiet_mask(table: pd.DataFrame, inc: pd.DataFrame, guard: int,
                step: int = 1) -> np.ndarray:
    """Monitored days outside every incident window (and ``guard`` days after it); with
    weekly counts (``step`` 7), a week overlapping the window is inside it."""
    quiet = table["baseline"].notna().to_numpy().copy()
    for start, end in zip(inc["start"], inc["end"], strict=True):
        begun = (table["period"] >= start) if step == 1 else (
            table["period"] + pd.Timedelta(days=step) > start)
        inside = (begun & (table["period"] < end + pd.Timedelta(days=guard))).to_numpy()
        quiet &= ~inside
    return quiet


def false_alarms(result: WarningResult, incidents: pd.DataFrame, *,
                 guard: int = GUARD_DAYS) -> pd.DataFrame:
    """False alarms per group: flagged days outside every incident window.

    Returns
    -------
    DataFrame
        The ``by`` columns (none for one series), ``days`` (monitored quiet days; a week
        of weekly counts is 7), ``false_alarms`` (flagged quiet days or weeks),
        ``per_month`` (per 30 quiet days).
    """
    inc = _incidents(incidents, result.text_locale)
    t = result.table.assign(_quiet=_quiet_mask(result.table, inc, guard, _step(result)))
    t = t[t["_quiet"]]
    if result.by:
        out = (t.groupby(result.by, observed=True, sort=False)["flag"]
               .agg(days="size", false_alarms="sum").reset_index())
    else:
        out = pd.DataFrame({"days": [len(t)], "false_alarms": [int(t["flag"].sum())]})
    out["days"] = out["days"] * _step(result)  # weekly rows: 7 quiet days each
    out["false_alarms"] = out["false_alarms"].astype(np.int64)
    out["per_month"] = 30 * out["false_alarms"] / out["days"].where(out["days"] > 0)
    return out


def score(result: WarningResult, incidents: pd.DataFrame, *,
          group_of: Mapping[str, str] | None = None, max_delay: int = 14,
          guard: int = GUARD_DAYS) -> pd.DataFrame:
    """Score the flags against known incidents: detected, how soon, at what false-alarm rate.

    Parameters
    ----------
    result : WarningResult
    incidents : DataFrame
        ``start``, ``end`` (exclusive) and optionally ``incident`` and ``kind``, as
        ``world.truth.incidents``.
    group_of : mapping, optional
        Incident ``kind`` -> the group (of a single ``by`` column) whose flags count as a
        detection; default :data:`INCIDENT_GROUPS`. Ignored for a single series.
    max_delay : int
        A flag counts as a detection in ``[start, start + max_delay)`` days.
    guard : int
        Days after an incident's end whose flags are not counted as false alarms.

    Returns
    -------
    DataFrame
        One row per incident: ``method``, ``incident``, ``kind``, ``group``, ``start``,
        ``detected`` (bool), ``first_flag``, ``delay_days`` (NaN if not detected),
        ``window_days`` (monitored days of the group in the detection window; for weekly
        counts, 7 per week, the week in which the incident began included, and a delay of 0
        when that week is flagged),
        ``chance_detection`` (see below), ``false_alarms_per_month`` (flagged quiet days per
        30 monitored quiet days, pooled over the groups, i.e. per group-month).

    Notes
    -----
    A flag inside the detection window is a "detection" even if the incident had no part in
    it: a chart that raises false alarms at a rate ``p`` per day (in the incident's group,
    measured on its quiet days: outside every incident window and ``guard`` days after it)
    would also "detect" with probability ``chance_detection = 1 - (1 - p) ** window_days``.
    Judge ``detected`` against it: a detection is evidence of the incident only when that
    chance is small. The sum of the column is the number of detections expected by chance.
    The formula takes the days as independent; the flags of a CUSUM or EWMA come in runs, so
    the true chance of at least one is a little lower (the held-out study in
    ``studies/warning_holdout.py`` compares it with the "detections" in worlds without
    incidents).

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> res = ck.early_warning(ck.complaint_counts(w.complaints, freq="D", by="category"),
    ...                        by="category")
    >>> sc = score(res, w.truth.incidents)
    >>> sc[["detected", "delay_days", "window_days"]].values.tolist()
    [[True, 4.0, 14], [True, 8.0, 14]]
    >>> sc["chance_detection"].round(2).tolist()
    [0.25, 0.16]
    """
    lang = result.text_locale
    checks.whole_number("max_delay", max_delay, 1, example=14, locale=lang)
    checks.whole_number("guard", guard, 0, example=GUARD_DAYS, locale=lang)
    inc = _incidents(incidents, lang)
    mapping = dict(INCIDENT_GROUPS if group_of is None else group_of)
    t = result.table
    fa = false_alarms(result, inc, guard=guard)
    rate = 30 * fa["false_alarms"].sum() / fa["days"].sum() if fa["days"].sum() else np.nan
    log_quiet = _log_quiet_per_day(result, fa)
    rows = []
    step = _step(result)
    # a period is in the detection window when it ends after the incident's start (for a
    # week: the week the incident began counts) and starts before max_delay days after it
    for _, r in inc.iterrows():
        after = (t["period"] >= r["start"]) if step == 1 else (
            t["period"] + pd.Timedelta(days=step) > r["start"])
        window = after & (
            t["period"] < r["start"] + pd.Timedelta(days=max_delay)) & t["baseline"].notna()
        group = None
        if result.by:
            group = mapping.get(r["kind"], mapping.get(r["incident"]))
            if group is not None:
                window &= t[result.by[0]].astype(object) == group
        sel = window & t["flag"]
        first = t.loc[sel, "period"].min() if sel.any() else pd.NaT
        rows.append({"method": result.params["method"], "incident": r["incident"],
                     "kind": r["kind"], "group": group, "start": r["start"],
                     "detected": bool(sel.any()), "first_flag": first,
                     "delay_days": max((first - r["start"]).days, 0) if sel.any()
                     else np.nan,
                     "window_days": int(window.sum()) * step,
                     "chance_detection": 0.0 - np.expm1(log_quiet[window.to_numpy()].sum()),
                     "false_alarms_per_month": rate})
    out = pd.DataFrame(rows, columns=_SCORE_COLUMNS)
    out["delay_days"] = out["delay_days"].astype(float)
    return out


_SCORE_COLUMNS = ["method", "incident", "kind", "group", "start", "detected", "first_flag",
                  "delay_days", "window_days", "chance_detection", "false_alarms_per_month"]


def _step(result: WarningResult) -> int:
    """Days per row of the result's table: 1 (daily counts) or 7 (weekly)."""
    return int(result.params.get("step_days", 1))


def _log_quiet_per_day(result: WarningResult, fa: pd.DataFrame) -> np.ndarray:
    """Per row of the table, ``log(1 - p)`` with ``p`` its group's flag rate on quiet rows
    (days, or weeks of weekly counts)."""
    p = fa["false_alarms"] * _step(result) / fa["days"].where(fa["days"] > 0)
    if result.by:
        rates = fa[result.by].assign(_p=p.to_numpy())
        p_row = result.table[result.by].merge(rates, on=result.by, how="left")["_p"]
        p_row = p_row.to_numpy(dtype=float)
    else:
        p_row = np.full(len(result.table), float(p.iloc[0]))
    with np.errstate(divide="ignore"):
        return np.log1p(-p_row)


DEFAULT_GRID = (
    [{"method": "cchart", "L": L} for L in (2.5, 3.0, 3.5)]
    + [{"method": "ewma", "ewma_lambda": lam, "L": L} for lam in (0.1, 0.3) for L in (2.5, 3.0)]
    + [{"method": "cusum", "cusum_k": k, "cusum_h": h} for k in (0.5, 1.0) for h in (4.0, 5.0,
                                                                                     8.0)]
)


def tune(counts: pd.DataFrame, incidents: pd.DataFrame, *, by=None, grid=DEFAULT_GRID,
         baseline: str = "weekday", window: int = 56, group_of=None,
         max_delay: int = 14) -> pd.DataFrame:
    """Score a grid of settings against known incidents (how the defaults were chosen).

    Parameters
    ----------
    counts, by, baseline, window
        As for :func:`early_warning`.
    incidents, group_of, max_delay
        As for :func:`score`.
    grid : sequence of dict
        Keyword arguments of :func:`early_warning` (``method`` and its parameters).

    Returns
    -------
    DataFrame
        One row per setting: ``method``, ``setting`` (text), ``detected`` (incidents found
        within ``max_delay``), ``mean_delay`` and ``max_delay_days`` (over the detected),
        one ``delay_<kind>`` column per incident kind, ``false_alarms_per_month``; sorted by
        detected (desc), false alarms, mean delay.
    """
    rows = []
    for setting in grid:
        setting = dict(setting)
        res = early_warning(counts, by=by, baseline=baseline, window=window, **setting)
        sc = score(res, incidents, group_of=group_of, max_delay=max_delay)
        row = {"method": setting.get("method", "cusum"),
               "setting": ", ".join(f"{k}={v:g}" for k, v in setting.items() if k != "method"),
               "detected": int(sc["detected"].sum()),
               "mean_delay": sc["delay_days"].mean(),
               "max_delay_days": sc["delay_days"].max(),
               "false_alarms_per_month": sc["false_alarms_per_month"].iloc[0]}
        row.update({f"delay_{k}": d for k, d in zip(sc["kind"], sc["delay_days"], strict=True)})
        rows.append(row)
    out = pd.DataFrame(rows)
    return out.sort_values(["detected", "false_alarms_per_month", "mean_delay"],
                           ascending=[False, True, True], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- result
@dataclass(repr=False)
class WarningResult(Result):
    """Flags of an early-warning chart.

    Attributes
    ----------
    table : DataFrame
        One row per group and day (see :func:`early_warning`).
    flags : DataFrame
        The flagged rows of ``table``.
    by : list of str
        The group columns.
    params : dict
        The method and its settings (also ``model``).
    """

    by: list[str] = field(default_factory=list)
    params: dict = field(default_factory=dict)

    @property
    def flags(self) -> pd.DataFrame:
        return self.table[self.table["flag"]].reset_index(drop=True)

    def score(self, incidents: pd.DataFrame, **kwargs) -> pd.DataFrame:
        """:func:`score` of this result."""
        return score(self, incidents, **kwargs)

    def _method(self) -> str:
        """The chart as texts show it: its code in English, its name elsewhere."""
        lang, method = self.text_locale, self.params["method"]
        return method if is_english(lang) else tr(_METHOD_NAMES.get(method, method), lang)

    def _setting(self) -> str:
        p, lang = self.params, self.text_locale
        if p["method"] == "cchart":
            s = f"L={p['L']:g}"
        elif p["method"] == "ewma":
            s = f"lambda={p['ewma_lambda']:g}, L={p['L']:g}"
        else:
            s = f"k={p['cusum_k']:g}, h={p['cusum_h']:g}"
        if p.get("step_days", 1) == 7:
            return tr("{method} ({setting}; mean of the previous {k} weeks)", lang,
                      method=self._method(), setting=s, k=p["window"] // 7)
        baseline = (p["baseline"] if is_english(lang)
                    else tr(_BASELINE_NAMES.get(p["baseline"], p["baseline"]), lang))
        return tr("{method} ({setting}; {baseline} baseline over {k} days)", lang,
                  method=self._method(), setting=s, baseline=baseline, k=p["window"])

    @property
    def _units(self) -> tuple[str, str]:
        return tuple(tr(u, self.text_locale) for u in _UNITS[self.params.get("step_days", 1)])

    def _group_name(self, key, sep: str = "/") -> str:
        """A group as texts show it: its value(s) joined by ``sep`` (labels, not codes, in a
        language whose labels the kit has)."""
        lang = self.text_locale
        values = key if isinstance(key, tuple) else (key,)
        if is_english(lang) or lang not in LOCALES:
            return sep.join(map(str, values))
        return sep.join(level_labels(col, lang, [v]).get(str(v), str(v))
                        for col, v in zip(self.by, values, strict=False))

    def summary(self) -> str:
        lang = self.text_locale
        f = self.flags
        monitored = int(self.table["baseline"].notna().sum())
        text = tr("{setting}: {k} flagged of {n} monitored {unit}", lang,
                  setting=self._setting(), k=len(f), n=monitored, unit=self._units[0])
        if self.by and len(f):
            top = f.groupby(self.by, observed=True).size().sort_values(ascending=False)
            text += tr("; most in {groups}", lang, groups=tr(", ", lang).join(
                tr("{group} ({k})", lang, group=self._group_name(k), k=v)
                for k, v in top.head(3).items()))
        if len(f):
            text += tr("; first {first}, last {last}", lang,
                       first=fmt_date(f["period"].min(), lang),
                       last=fmt_date(f["period"].max(), lang))
        return text + tr(".", lang)

    def plot(self, ax=None, *, group=None, incidents: pd.DataFrame | None = None,
             group_of: Mapping[str, str] | None = None):
        """Counts, baseline and c-chart limit of one group, flags as red markers.

        Parameters
        ----------
        ax : matplotlib Axes, optional
            Where to draw (default: a new figure).
        group : value or tuple, optional
            The group to draw (default: the one with the most flags). Before ``ax`` came
            first, the group was the first argument: a text or tuple passed there is still
            taken as the group, with a DeprecationWarning.
        incidents : DataFrame, optional
            ``start``/``end`` windows to shade (e.g. ``world.truth.incidents``). With a
            ``group`` of a single ``by`` column, only the incidents that show in that group
            are shaded (the battery batch is not drawn on the delivery chart); an incident whose
            group is not known is shaded on every chart.
        group_of : mapping, optional
            Incident ``kind`` -> its group, as in :func:`score` (default
            :data:`INCIDENT_GROUPS`).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from ..plotting import fix_fonts, new_axes, plot_context

        lang = self.text_locale
        ax, group = option_passed_as_ax(ax, group, name="group")  # old plot(group, ax)
        t, name = self._series_of(group)
        english = is_english(lang) or lang not in LOCALES
        with plot_context():
            _, ax = new_axes(ax, figsize=(10, 4))
            if incidents is not None:
                inc = _incidents(incidents, lang)
                if len(self.by) == 1 and name:
                    mapping = dict(INCIDENT_GROUPS if group_of is None else group_of)
                    shows_in = [mapping.get(r["kind"], mapping.get(r["incident"]))
                                for _, r in inc.iterrows()]
                    drawn = str(t[self.by[0]].iloc[0]) if len(t) else None
                    inc = inc[[g is None or str(g) == drawn for g in shows_in]]
                for _, r in inc.iterrows():
                    code = r["incident"]
                    shown = code if english else level_labels("incident", lang, [code]).get(
                        str(code), str(code))
                    ax.axvspan(r["start"], r["end"], color="orange", alpha=0.2,
                               label=tr("incident: {name}", lang, name=shown))
            ax.plot(t["period"], t["n"], color="#4c72b0", lw=1,
                    label="complaints" if english else tr("number of complaints", lang))
            ax.plot(t["period"], t["baseline"], color="#555555", lw=1, ls="--",
                    label=tr("baseline", lang))
            ax.plot(t["period"], t["upper"], color="#999999", lw=1, ls=":",
                    label=tr("c-chart limit (L={L:g})", lang, L=self.params["L"]))
            f = t[t["flag"]]
            ax.plot(f["period"], f["n"], ls="none", marker="o", color="red", ms=5,
                    label=tr("flag ({method})", lang, method=self._method()))
            title = (tr("Early warning: {group} — {setting}", lang, group=name,
                        setting=self._setting()) if name else
                     tr("Early warning — {setting}", lang, setting=self._setting()))
            ax.set_title(title, fontsize="medium")
            ax.set_xlabel(self._units[1])
            ax.set_ylabel(tr("complaints per {one}", lang, one=self._units[1]))
            ax.legend(loc="upper left", fontsize="small")
            fix_fonts(ax)
        return ax

    def _series_of(self, group) -> tuple[pd.DataFrame, str]:
        """The rows of one group (default: the one with the most flags) and its name."""
        t = self.table
        if not self.by:
            return t, ""
        keys = t[self.by].astype(object).apply(tuple, axis=1)
        if group is None:
            flagged = keys[t["flag"]]
            group = flagged.value_counts().index[0] if len(flagged) else keys.iloc[0]
        want = group if isinstance(group, tuple) else (group,)
        sel = keys == want
        if not sel.any():
            raise ValueError(tr("group must be one of {groups}, but {group!r} was passed",
                                self.text_locale, groups=sorted(set(keys), key=str),
                                group=group))
        name = (" / ".join(map(str, want)) if is_english(self.text_locale)
                else self._group_name(want, " / "))
        return t[sel.to_numpy()], name
