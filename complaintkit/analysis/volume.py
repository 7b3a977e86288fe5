"""Complaint volume: regular count series with a calendar, and the iceberg behind them.

Seed 003 asks for trend analysis of time series to predict future problems; that needs a
*regular* series — every day (week, month) present, zeros included — with the calendar that
drives volume beside it. :func:`complaint_counts` builds it, per group, with the weekday, the
weekend and the sales festivals and holidays of a locale (618, 11.11, Spring Festival and
National Day for ``zh_CN``; Thanksgiving, Black Friday, Cyber Monday and Christmas for
``en_US``).

Seed 004's complaint pyramid: 90% of dissatisfied customers never complain, and one complaint
speaks for about 24 customers who did not. :func:`iceberg` turns a complaint count into an
estimate of the dissatisfied customers behind it, with an interval that carries both the
chance variation of the count and the uncertainty of the voice rate (an assumed range, or a
survey of dissatisfied customers), and compares it with a world's truth.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..calendars import SPRING_FESTIVAL, festival_day, us_thanksgiving
from ..i18n import N_, fmt_date, fmt_int, fmt_list, fmt_pct, is_english, locale_of, tr
from ..locale import LOCALES
from . import _checks as checks
from ._checks import check_columns, check_frame
from ._ledger import RowLedger
from ._result import Result

__all__ = ["complaint_counts", "festival_calendar", "iceberg", "IcebergResult", "MAX_DRAWS",
           "SEED_VOICE_RATE", "SEED_VOICE_RATE_RANGE", "SEED_PYRAMID"]

_FREQS = {"D": "day", "W": "week", "M": "month"}
_DAYS_CAP = 30

SEED_VOICE_RATE = 0.10
"""Seed 004: 90% of dissatisfied customers never complain, so 1 in 10 does."""

SEED_VOICE_RATE_RANGE = (1 / 25, 1 / 10)
"""Seed 004's two figures as a range: one complaint speaks for about 24 customers who did not
complain (1 in 25 voices it) ... 90% never complain (1 in 10 voices it)."""

SEED_PYRAMID = ((N_("never complained"), 0.69), (N_("front-line staff only"), 0.23),
                (N_("reached management"), 0.08))
"""Seed 004's complaint pyramid, from the base up: shares of the customers."""

ICEBERG_MESSAGES = {
    "no_rate": N_(
        "iceberg needs the voice rate of these customers (the share of dissatisfied customers "
        "who complain), and {what} not known to come from a kit world, so the workshop "
        "shop's assumption (seed 004: 0.10, range 1/25 to 1/10) is not used for it. Pass "
        "surveyed=(n_asked, n_complained) from a survey of dissatisfied customers (e.g. "
        "customers who rated an order or a delivery badly, asked whether they complained), "
        "voice_rate_ci=(lower, upper) from studies of your sector or your own past surveys, "
        "or voice_rate= when the rate is known (per group: a dict group -> rate). To use the "
        "shop's figures on purpose, pass voice_rate=0.10, voice_rate_ci=(1/25, 1/10)"),
    "what_frame": N_("this table is"),
    "what_count": N_("a count is"),
    "what_series": N_("counts by group are"),
}

# --------------------------------------------------------------------------- calendar
# The date rules (Spring Festival table, US Thanksgiving) live in complaintkit.calendars, shared
# with the generator; years outside the Spring Festival table have none here (with a warning).
_ZH_FIXED = (("d618", "06-18"), ("national_day", "10-01"), ("d1111", "11-11"))


def _festivals_of_year(locale: str, year: int) -> list[tuple[str, dt.date]]:
    if locale == "zh_CN":
        out = [(code, festival_day(rule, year)) for code, rule in _ZH_FIXED]
        if year in SPRING_FESTIVAL:
            out.append(("spring_festival", SPRING_FESTIVAL[year]))
        return out
    return [("thanksgiving", us_thanksgiving(year)),
            ("black_friday", festival_day("black_friday", year)),
            ("cyber_monday", festival_day("cyber_monday", year)),
            ("christmas", festival_day("12-25", year))]


def festival_calendar(locale: str, start, end) -> pd.DataFrame:
    """The festival and holiday days of ``locale`` from ``start`` to ``end`` (inclusive).

    Parameters
    ----------
    locale : {"en_US", "zh_CN"}
        ``zh_CN``: ``spring_festival`` (lunar new year, tabled for 2020-2030), ``d618``
        (06-18), ``national_day`` (10-01), ``d1111`` (11-11). ``en_US``: ``thanksgiving``
        (4th Thursday of November), ``black_friday`` (the day after), ``cyber_monday`` (the
        Monday after), ``christmas`` (12-25 — the holiday; a scenario's Christmas shopping
        peak may be set on another day).
    start, end : date-like
        The first and last day.

    Returns
    -------
    DataFrame
        ``festival`` (code), ``date`` (Timestamp), sorted by date.

    Examples
    --------
    >>> festival_calendar("en_US", "2025-11-01", "2025-12-31")["festival"].tolist()
    ['thanksgiving', 'black_friday', 'cyber_monday', 'christmas']
    """
    return _festival_table(locale, start, end)


def _festival_table(locale: str, start, end, stacklevel: int = 3,
                    lang: str | None = None) -> pd.DataFrame:
    """:func:`festival_calendar`; ``stacklevel`` points a missing-year warning at the user;
    messages in ``lang`` (default: the calendar's ``locale``)."""
    lang = lang if lang is not None else locale if locale in LOCALES else None
    checks.one_of("locale", locale, LOCALES, locale=lang)
    start = checks.timestamp("start", start, locale=lang).normalize()
    end = checks.timestamp("end", end, locale=lang).normalize()
    rows, missing = [], []
    for year in range(start.year, end.year + 1):
        if locale == "zh_CN" and year not in SPRING_FESTIVAL:
            missing.append(year)
        rows += [(code, pd.Timestamp(day)) for code, day in _festivals_of_year(locale, year)
                 if start <= pd.Timestamp(day) <= end]
    if missing:
        warnings.warn(tr("the Spring Festival date is tabled for 2020-2030 only; years "
                         "{years} have none in the calendar", lang,
                         years=fmt_list(map(str, missing), lang)),
                      stacklevel=stacklevel)
    out = pd.DataFrame(rows, columns=["festival", "date"])
    out["date"] = pd.to_datetime(out["date"])
    return out.sort_values(["date", "festival"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- helpers
def _period_start(x, freq: str, name: str, lang: str | None = None) -> pd.Timestamp:
    """The start of the period holding the date ``x`` (ISO text or a date; a zone-aware one
    counts by its own wall clock; day/month never guessed: see ``checks.timestamp``)."""
    return checks.timestamp(name, x, locale=lang).to_period(freq).start_time


def _levels(s: pd.Series) -> list:
    """All levels of a categorical (used or not), else the values seen; missing last."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        levels = list(s.cat.categories)
    else:
        levels = sorted(s.dropna().unique().tolist(), key=lambda v: (str(type(v)), v))
    if s.isna().any():
        levels.append(np.nan)
    return levels


# --------------------------------------------------------------------------- counts
def complaint_counts(data: pd.DataFrame, freq: str = "D", by: str | Sequence[str] | None = None,
                     *, time: str = "received_at", locale: str | None = None,
                     start=None, end=None) -> pd.DataFrame:
    """Complaints per day, week or month: a regular series per group, with its calendar.

    Every group has every period from ``start`` to ``end``, periods without complaints as
    ``n = 0``, so the series can go straight into a trend or forecasting model (seed 003).

    Parameters
    ----------
    data : DataFrame
        One row per complaint (``world.complaints``, or a filter of it).
    freq : {"D", "W", "M"}
        Days, weeks (Monday to Sunday) or calendar months.
    by : str or list of str, optional
        Count per group. With one column, the groups are all its levels: every category of a
        categorical column, used or not (``observed=False``), or the values seen in any other
        column. With several columns, the combinations seen in the data (plus, for an empty
        frame, none). Missing values form a group of their own, so the groups always sum to
        the total.
    time : str
        The date-time column that places a complaint in a period (time-zone-aware times count
        in their own local time). Complaints with no time are not counted.
    locale : {"en_US", "zh_CN"}, optional
        Whose festivals and holidays to attach (see :func:`festival_calendar`); default the
        frame's ``attrs["locale"]`` if set, else none (no festival columns). Also the
        language of the messages and of the analyses of the counts: default the data's own
        (a kit world's mark, :func:`complaintkit.i18n.locale_of`), kept in the result's
        ``attrs["locale"]`` for :func:`forecast`, :func:`decompose` and
        :func:`early_warning`.
    start, end : date-like, optional
        The first and last period (any day inside it). Default: the first and last period in
        the data. Complaints outside are left out. With both given, an empty ``data`` gives an
        all-zero series rather than an error.

    Returns
    -------
    DataFrame
        One row per group and period, sorted by group then period:

        - ``period``: the first day of the period (Timestamp);
        - the ``by`` column(s);
        - ``n``: complaints (int);
        - ``weekday`` (0 = Monday ... 6 = Sunday) and ``is_weekend`` — daily only;
        - ``days``: calendar days in the period — weekly and monthly only;
        - ``festival``: with a locale, the festival code of the day ("" if none); weekly and
          monthly, the codes of the festivals inside the period joined by ",";
        - ``days_to_festival``: with a locale, daily only, days until the next festival day
          (0 on the day), capped at 30.

        ``attrs["locale"]``: the language of the data (``locale=``, else the data's own; not
        set when unknown), so that the analyses of the counts write in it.

    Warns
    -----
    UserWarning
        When the complaints are clustered in time (e.g. most of them in one quarter) or
        the series has gaps (a week or more without a complaint where the average rate
        expects ten): see ``checks.time_coverage``. A trend, season or early-warning flag
        fitted across such a series may come from how the data were collected.

    Raises
    ------
    KeyError
        If ``time`` or a ``by`` column is not in ``data``.
    TypeError
        If ``time`` does not hold dates and times.
    ValueError
        If ``freq`` is not D/W/M, ``data`` is empty (without both ``start`` and ``end``), or
        ``start`` is after ``end``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> daily = complaint_counts(w.complaints, locale="en_US")
    >>> len(daily), int(daily["n"].sum()) == len(w.complaints)
    (365, True)
    >>> daily.loc[daily["festival"] != "", "festival"].tolist()
    ['thanksgiving', 'black_friday', 'cyber_monday', 'christmas']
    """
    lang = locale_of(data, locale=locale if isinstance(locale, str) and locale in LOCALES
                     else None)  # the language of the messages and of the counts
    freq = checks.freq(freq, tuple(_FREQS), locale=lang)
    by_cols = checks.by_columns(by, locale=lang)
    locale = checks.locale(locale, locale=lang)
    if not (isinstance(data, pd.DataFrame) and data.empty and start is not None
            and end is not None):  # both given: an empty frame is an all-zero series
        check_frame(data, locale=lang)
    check_columns(data, by_cols, locale=lang)
    ts = _in_calendar_range(checks.times(data, time, locale=lang), time, lang)
    if locale is None:
        locale = checks.locale(data.attrs.get("locale"), locale=lang)

    period = ts.dt.to_period(freq).dt.start_time
    first, last = _first_and_last(period, start, end, freq, time, lang)
    periods = pd.period_range(first, last, freq=freq).start_time
    out = _zero_filled_counts(data, period, by_cols, periods)
    _add_calendar(out, freq)
    if locale is not None:
        _add_festivals(out, freq, locale, periods, lang)
    _coverage_warning(out, freq, lang)
    out = out.reset_index(drop=True)
    if lang is not None:
        out.attrs["locale"] = lang
    return out


def _coverage_warning(out: pd.DataFrame, freq: str, lang: str | None = None) -> None:
    """A UserWarning when the complaints are clustered in time or have gaps
    (checks.time_coverage on the total per period)."""
    total = out.groupby("period", sort=True)["n"].sum()
    checks.warn_notes(checks.time_coverage(total.index, freq, weights=total.to_numpy(),
                                           locale=lang), stacklevel=4)


def _first_and_last(period: pd.Series, start, end, freq: str, time: str,
                    lang: str | None = None):
    """The first and last period: ``start`` / ``end``, else the data's own."""
    first = _period_start(start, freq, "start", lang) if start is not None else period.min()
    last = _period_start(end, freq, "end", lang) if end is not None else period.max()
    if pd.isna(first) or pd.isna(last):
        raise ValueError(tr("column {time!r} has no dates: give start and end for an all-zero "
                            "series", lang, time=time))
    if first > last:
        raise ValueError(tr("start ({first}) is after end ({last})", lang,
                            first=fmt_date(first, lang), last=fmt_date(last, lang)))
    return first, last


def _groups(data: pd.DataFrame, keys: pd.DataFrame, by_cols: list[str]) -> pd.DataFrame:
    """The groups of the series: every level of one column, the combinations seen of several."""
    if len(by_cols) == 1:
        return pd.DataFrame({by_cols[0]: _levels(data[by_cols[0]])})
    groups = (keys[by_cols].drop_duplicates() if len(keys) else
              pd.DataFrame({b: pd.Series([], dtype=data[b].dtype) for b in by_cols}))
    return groups.sort_values(by_cols, kind="stable", na_position="last")


def _in_calendar_range(ts: pd.Series, time: str, lang: str | None = None) -> pd.Series:
    """Times a day-by-day calendar can hold (pandas' nanosecond range, 1677-09-22 to
    2262-04-11); a date outside it is almost always a typo (2999 for 2025)."""
    lo, hi = pd.Timestamp.min.ceil("D"), pd.Timestamp.max.floor("D")
    bad = ts.notna() & ((ts < lo) | (ts > hi))
    if bad.any():
        rows = ", ".join(map(str, ts.index[bad.to_numpy()][:5]))
        raise ValueError(tr("column {time!r} has {k} times outside {lo} to {hi} (rows "
                            "{rows}, e.g. {example}): a count series cannot span them; correct "
                            "or drop those rows", lang, time=time, k=fmt_int(int(bad.sum()), lang),
                            lo=fmt_date(lo, lang), hi=fmt_date(hi, lang), rows=rows,
                            example=ts[bad].iloc[0]))
    return ts


def _zero_filled_counts(data: pd.DataFrame, period: pd.Series, by_cols: list[str],
                        periods: pd.DatetimeIndex) -> pd.DataFrame:
    """``period``, the ``by`` columns and ``n``: every group x every period, zeros included."""
    first, last = periods[0], periods[-1]
    keep = period.notna() & (period >= first) & (period <= last)
    keys = pd.DataFrame({b: data[b] for b in by_cols}, index=data.index)[keep]
    keys["period"] = period[keep].astype("datetime64[ns]")
    counts = keys.groupby(by_cols + ["period"], observed=True, dropna=False, sort=False).size()
    if not by_cols:
        n = counts.droplevel(list(range(counts.index.nlevels - 1))) if len(counts) else counts
        out = pd.DataFrame({"period": periods})
        out["n"] = out["period"].map(n) if len(counts) else 0
    else:
        grid = _groups(data, keys, by_cols).merge(pd.DataFrame({"period": periods}), how="cross")
        c = counts.rename("n").reset_index()
        out = grid.merge(c, on=by_cols + ["period"], how="left") if len(c) else grid.assign(n=0)
        for b in by_cols:  # keep the frame's dtypes (categoricals stay categorical)
            out[b] = out[b].astype(data[b].dtype)
        out = out[["period"] + by_cols + ["n"]]
    out["n"] = out["n"].fillna(0).astype(np.int64)
    out["period"] = out["period"].astype("datetime64[ns]")
    return out


def _add_calendar(out: pd.DataFrame, freq: str) -> None:
    """Daily: ``weekday`` and ``is_weekend``; weekly and monthly: ``days`` in the period."""
    if freq == "D":
        out["weekday"] = out["period"].dt.day_of_week.astype(np.int64)
        out["is_weekend"] = out["weekday"] >= 5
    else:
        ends = out["period"].dt.to_period(freq).dt.end_time.dt.normalize()
        out["days"] = ((ends - out["period"]).dt.days + 1).astype(np.int64)


def _add_festivals(out: pd.DataFrame, freq: str, locale: str,
                   periods: pd.DatetimeIndex, lang: str | None = None) -> None:
    """``festival`` (and, daily, ``days_to_festival``) from the locale's calendar."""
    last_day = pd.Period(periods[-1], freq).end_time.normalize()
    cal = _festival_table(locale, periods[0], last_day, stacklevel=4,
                          lang=lang if lang is not None else locale)
    if freq != "D":
        cal["period"] = cal["date"].dt.to_period(freq).dt.start_time.astype("datetime64[ns]")
        names = cal.groupby("period")["festival"].agg(",".join)
        out["festival"] = out["period"].map(names).fillna("").astype(object)
        return
    with warnings.catch_warnings():  # only the next festival after the last day is looked up
        warnings.simplefilter("ignore")
        ahead = _festival_table(locale, last_day + pd.Timedelta(days=1),
                                last_day + pd.Timedelta(days=_DAYS_CAP))
    names = cal.groupby("date")["festival"].agg(",".join)
    out["festival"] = out["period"].map(names).fillna("").astype(object)
    fdays = np.unique(np.concatenate([cal["date"].to_numpy("datetime64[D]"),
                                      ahead["date"].to_numpy("datetime64[D]")]))
    d = periods.to_numpy("datetime64[D]")
    i = np.searchsorted(fdays, d)
    gap = np.full(len(d), _DAYS_CAP, dtype=np.int64)
    has = i < len(fdays)
    gap[has] = np.minimum((fdays[i[has]] - d[has]).astype(np.int64), _DAYS_CAP)
    out["days_to_festival"] = pd.Series(gap, index=periods).reindex(out["period"]).to_numpy()


# --------------------------------------------------------------------------- iceberg
def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
    return float(lo), float(hi)


def _rate(x, what: str, lang: str | None = None) -> float:
    """A voice rate: a number in (0, 1]."""
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
        raise TypeError(tr("{what} must be a number, not {type}", lang, what=what,
                           type=type(x).__name__))
    if not (0 < x <= 1):
        raise ValueError(tr("{what} must lie in (0, 1], but {value!r} was passed", lang,
                            what=what, value=x))
    return float(x)


def _count(x, what: str, lang: str | None = None) -> int:
    """A whole number of people (floats such as 400.0 are fine, 10.5 is not)."""
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)) \
            or not np.isfinite(x) or float(x) != int(x):
        raise TypeError(tr("{what} must be a whole number, not {value!r}", lang, what=what,
                           value=x))
    return int(x)


def _surveyed_rate(surveyed, confidence: float, where: str = "", lang: str | None = None
                   ) -> tuple[float, float, float, str]:
    """The voice rate of a survey ``(n_asked, n_complained)``, with a Wilson interval."""
    try:
        asked, said = surveyed
    except (TypeError, ValueError) as err:
        raise TypeError(tr("surveyed{where} must be a pair (n_asked, n_complained) of counts, "
                           "e.g. (400, 38)", lang, where=where)) from err
    asked = _count(asked, f"surveyed{where} n_asked", lang)
    said = _count(said, f"surveyed{where} n_complained", lang)
    if asked <= 0 or not (0 < said <= asked):
        raise ValueError(tr("surveyed{where} must be (n_asked, n_complained) with 0 < "
                            "n_complained <= n_asked, but {value!r} was passed (with nobody "
                            "complaining the voice rate could be 0 and the iceberg unbounded)",
                            lang, where=where, value=(asked, said)))
    lo, hi = _wilson(said, asked, confidence)
    return said / asked, lo, hi, tr("survey: {k:,} of {n:,} dissatisfied customers "
                                    "complained (Wilson {confidence} interval)", lang, k=said,
                                    n=asked, confidence=fmt_pct(confidence, lang))


def _assumed_interval(voice_rate, voice_rate_ci, where: str = "", lang: str | None = None
                      ) -> tuple[float, float, float, str]:
    """An assumed interval for the voice rate (and its point, default the geometric mean)."""
    try:
        lo, hi = voice_rate_ci
    except (TypeError, ValueError) as err:
        raise TypeError(tr("voice_rate_ci{where} must be a pair (lower, upper)", lang,
                           where=where)) from err
    lo = _rate(lo, f"voice_rate_ci{where} lower", lang)
    hi = _rate(hi, f"voice_rate_ci{where} upper", lang)
    if lo > hi:
        raise ValueError(tr("voice_rate_ci{where} must be (lower, upper), but {lo:g} > {hi:g}",
                            lang, where=where, lo=lo, hi=hi))
    rate = (np.sqrt(lo * hi) if voice_rate is None
            else _rate(voice_rate, f"voice_rate{where}", lang))
    if not lo <= rate <= hi:
        raise ValueError(tr("voice_rate{where} {rate:g} is outside voice_rate_ci{where} "
                            "({lo:g}, {hi:g})", lang, where=where, rate=rate, lo=lo, hi=hi))
    return rate, lo, hi, tr("assumed: voice rate {rate:.3g} in ({lo:.3g}, {hi:.3g})", lang,
                            rate=rate, lo=lo, hi=hi)


def _voice(voice_rate, voice_rate_ci, surveyed, confidence, where: str = "",
           lang: str | None = None) -> tuple[float, float, float, str]:
    """The voice rate, its interval and where they come from."""
    if surveyed is not None:
        if voice_rate is not None or voice_rate_ci is not None:
            raise ValueError(tr("give either surveyed or voice_rate / voice_rate_ci, not both: "
                                "the survey estimates the voice rate", lang))
        return _surveyed_rate(surveyed, confidence, where, lang)
    if voice_rate_ci is not None:
        return _assumed_interval(voice_rate, voice_rate_ci, where, lang)
    if voice_rate is not None:
        rate = _rate(voice_rate, f"voice_rate{where}", lang)
        return rate, rate, rate, tr("assumed known: voice rate {rate:.3g} (no uncertainty)",
                                    lang, rate=rate)
    lo, hi = SEED_VOICE_RATE_RANGE
    return SEED_VOICE_RATE, lo, hi, tr("seed 004 (the workshop shop, for a kit world's "
                                       "complaints): voice rate 0.10 (90% never complain), "
                                       "range 1/25 (1 complaint per 24 silent) to 1/10", lang)


@dataclass(frozen=True)
class _Rates:
    """The voice rate of each group (``rate, lo, hi`` arrays) and where it comes from."""

    rate: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    source: str
    per_group: bool
    known: bool
    small_survey: bool


def _is_per_group(x) -> bool:
    return isinstance(x, (Mapping, pd.Series, pd.DataFrame))


def _key(k):
    """A group key comparable across sources: missing values as None, numpy scalars as
    Python ones, tuples for several columns."""
    if isinstance(k, tuple):
        return tuple(_key(v) for v in k)
    if k is None or (not isinstance(k, str) and pd.api.types.is_scalar(k) and pd.isna(k)):
        return None
    return k.item() if isinstance(k, np.generic) else k


def _per_group_dict(x, what: str, lang: str | None = None) -> dict:
    """A mapping group -> value from a dict, a Series or (surveys) a DataFrame."""
    if isinstance(x, pd.DataFrame):
        check_columns(x, ["n_asked", "n_complained"], what, locale=lang)
        x = pd.Series(list(zip(x["n_asked"], x["n_complained"], strict=True)), index=x.index)
    if isinstance(x, pd.Series) and x.index.has_duplicates:
        dup = x.index[x.index.duplicated()].unique().tolist()[:5]
        raise ValueError(tr("{what} names the group(s) {groups} more than once: give one "
                            "value per group", lang, what=what,
                            groups=", ".join(map(repr, dup))))
    return {_key(k): v for k, v in x.items()}


def _group_keys(groups: pd.DataFrame) -> list:
    cols = list(groups.columns)
    if len(cols) == 1:
        return [_key(v) for v in groups[cols[0]]]
    return [_key(tuple(r)) for r in groups.itertuples(index=False, name=None)]


def _lookup(x, keys: list, what: str, lang: str | None = None) -> list:
    """``x`` for each group: one value for all, or the group's own from a mapping."""
    if not _is_per_group(x):
        return [x] * len(keys)
    d = _per_group_dict(x, what, lang)
    missing = [k for k in keys if k not in d]
    if missing:
        shown = ", ".join(map(repr, missing[:5])) + (tr(" and {k:,} more", lang,
                                                        k=len(missing) - 5)
                                                     if len(missing) > 5 else "")
        raise ValueError(tr("{what} has no value for the group(s) {shown}: give one for every "
                            "group of the complaints (or one value for all); it has {have}",
                            lang, what=what, shown=shown,
                            have=", ".join(map(repr, list(d)[:8]))))
    return [d[k] for k in keys]


def _group_rates(groups: pd.DataFrame | None, voice_rate, voice_rate_ci, surveyed,
                 confidence: float, lang: str | None = None) -> _Rates:
    """The voice rate of every group (``groups`` None: one, overall): one for all, or each
    group's own."""
    per_group = [name for x, name in ((voice_rate, "voice_rate"),
                                      (voice_rate_ci, "voice_rate_ci"),
                                      (surveyed, "surveyed")) if _is_per_group(x)]
    if per_group and groups is None:
        raise ValueError(tr("{name} per group needs by= (the column whose groups it names), "
                            "or complaints as counts indexed by group", lang,
                            name=per_group[0]))
    if not per_group:
        g = 1 if groups is None else len(groups)
        rate, lo, hi, source = _voice(voice_rate, voice_rate_ci, surveyed, confidence,
                                      lang=lang)
        small = surveyed is not None and _count(tuple(surveyed)[0], "n_asked", lang) < 100
        return _Rates(np.full(g, rate), np.full(g, lo), np.full(g, hi), source, False,
                      lo == hi, small)
    keys = _group_keys(groups)
    cols = list(zip(*(_lookup(x, keys, name, lang) for x, name in (
        (voice_rate, "voice_rate"), (voice_rate_ci, "voice_rate_ci"),
        (surveyed, "surveyed"))), strict=True))
    out = [_voice(r, ci, s, confidence, where=tr(" for {group!r}", lang, group=k), lang=lang)
           for k, (r, ci, s) in zip(keys, cols, strict=True)]
    rate, lo, hi = (np.array([o[i] for o in out]) for i in range(3))
    kind = (tr("a survey per group", lang) if surveyed is not None
            else tr("a voice rate given per group", lang))
    small = surveyed is not None and any(
        _count(tuple(s)[0], "n_asked", lang) < 100 for _, _, s in cols)
    return _Rates(rate, lo, hi, tr("{kind} ({k:,} groups; see .table)", lang, kind=kind,
                                   k=len(keys)), True, bool((lo == hi).all()), small)


def _draw_rates(rate, lo, hi, confidence, size, rng) -> np.ndarray:
    """Voice rates: a two-piece normal on the log scale, median ``rate``, whose
    ``confidence`` interval is (lo, hi); ``rate, lo, hi`` scalars or per-row columns."""
    from scipy.stats import norm

    z = norm.ppf(0.5 + confidence / 2)
    sd_lo, sd_hi = (np.log(rate) - np.log(lo)) / z, (np.log(hi) - np.log(rate)) / z
    e = rng.standard_normal(size)
    return np.minimum(np.exp(np.log(rate) + np.where(e < 0, e * sd_lo, e * sd_hi)), 1.0)


def _complaint_counts(complaints, by_cols, lang: str | None = None
                      ) -> tuple[pd.DataFrame, np.ndarray]:
    """Groups (a frame of the by columns, or ``group``) and their complaint counts."""
    if isinstance(complaints, (int, np.integer)) and not isinstance(complaints, bool):
        if by_cols:
            raise ValueError(tr("by needs a table of complaints, not a count", lang))
        if complaints < 0:
            raise ValueError(tr("complaints must be a count >= 0, not {value}", lang,
                                value=complaints))
        return pd.DataFrame({"group": ["all"]}), np.array([int(complaints)])
    if isinstance(complaints, pd.Series):  # counts indexed by group
        if by_cols:
            raise ValueError(tr("by needs a table of complaints; a Series is already counts",
                                lang))
        if complaints.empty:
            raise ValueError(tr("complaints is empty (no groups)", lang))
        v = complaints.to_numpy()
        if (not pd.api.types.is_integer_dtype(complaints) or (v < 0).any()):
            raise ValueError(tr("a Series of complaints must hold counts >= 0 (integers)",
                                lang))
        name = complaints.index.name or "group"
        return pd.DataFrame({name: complaints.index.to_numpy()}), v.astype(np.int64)
    data = check_frame(complaints, "complaints")
    if not by_cols:
        return pd.DataFrame({"group": ["all"]}), np.array([len(data)])
    check_columns(data, by_cols, "complaints")
    if len(by_cols) == 1:
        s = data[by_cols[0]]
        levels = _levels(s)
        n = s.value_counts(dropna=False).reindex(levels, fill_value=0)
        groups = pd.DataFrame({by_cols[0]: pd.Series(levels).astype(s.dtype)})
    else:
        n = data.groupby(by_cols, observed=True, dropna=False).size()
        groups = n.index.to_frame(index=False)
    n = n.to_numpy(dtype=np.int64)
    if (n <= 1).all() and (n == 1).sum() > 10:
        name = by_cols[0] if len(by_cols) == 1 else by_cols
        raise ValueError(tr("by={name!r} puts every complaint in a group of its own ({k:,} "
                            "groups of one complaint): it is an identifier, and an iceberg per "
                            "complaint means nothing; group by a kind of complaint such as "
                            "'category', 'channel' or 'product'", lang, name=name,
                            k=int((n == 1).sum())))
    return groups, n


@dataclass(repr=False)
class IcebergResult(Result):
    """The dissatisfied customers behind the complaints, returned by :func:`iceberg`.

    Attributes
    ----------
    table : DataFrame
        One row per group: the group column(s) (``group`` = "all" without ``by``), then
        ``complaints, voice_rate, voice_rate_ci_lower, voice_rate_ci_upper,
        voice_rate_source`` ("overall", "shared": one rate spread over the groups, or
        "per group"), ``dissatisfied, ci_lower, ci_upper, silent, silent_ci_lower,
        silent_ci_upper``.
    overall : DataFrame
        The same for all complaints together (one row, ``group`` = "all").
    draws : ndarray
        Simulated dissatisfied totals (one per draw), for power users.
    by, confidence, source
        The arguments, and where the voice rate came from.
    """

    overall: pd.DataFrame | None = None
    by: list[str] = field(default_factory=list)
    confidence: float = 0.95
    source: str = ""
    draws: np.ndarray | None = None

    @property
    def group_columns(self) -> list[str]:
        return self.by or ["group"]

    def summary(self) -> str:
        o, lang = self.overall.iloc[0], self.text_locale
        text = tr("{n:,} complaints at a voice rate of {rate:.3g} stand for about {est:,.0f} "
                  "dissatisfied customers ({confidence} CI {lo:,.0f} to {hi:,.0f}), of whom "
                  "about {silent:,.0f} never complained. Voice rate from {source}.", lang,
                  n=int(o["complaints"]), rate=o["voice_rate"], est=o["dissatisfied"],
                  confidence=fmt_pct(self.confidence, lang), lo=o["ci_lower"],
                  hi=o["ci_upper"], silent=o["silent"], source=self.source)
        if self.by:
            text += tr(" By {by}: {k:,} groups; see .table.", lang, k=len(self.table),
                       by=tr(" and ", lang).join(_column(b, lang) for b in self.by))
        if (self.table["voice_rate_source"] == "shared").any():
            text += tr(" Warning: one voice rate is spread over all {k:,} groups; a group's "
                       "interval is right only if it voices its problems at that rate (give "
                       "voice_rate or surveyed per group).", lang, k=len(self.table))
        return text

    def compare(self, truth_iceberg) -> pd.DataFrame:
        """Set the estimates beside the truth of a world.

        Parameters
        ----------
        truth_iceberg : DataFrame, Truth or World
            ``world.truth.iceberg`` (``category, sub_category, problems, complaints, ...``);
            the true number of dissatisfied customers of a group is the sum of ``problems``.

        Returns
        -------
        DataFrame
            The group column(s) (as in ``table``; the ``by`` columns must be in the truth),
            then ``dissatisfied, ci_lower, ci_upper, true_dissatisfied, true_complaints,
            true_voice_rate, error`` (estimate - truth), ``relative_error``, ``covered`` (the
            interval contains the truth); a last row ``total`` (group columns "total") over
            all complaints.
        """
        t = getattr(truth_iceberg, "truth", truth_iceberg)
        t = getattr(t, "iceberg", t)
        if not isinstance(t, pd.DataFrame):
            raise TypeError(tr("truth_iceberg must be world.truth.iceberg (a DataFrame), not "
                               "{type}", self.text_locale, type=type(truth_iceberg).__name__))
        check_columns(t, ["problems", "complaints"], "truth_iceberg")
        check_columns(t, self.by, "truth_iceberg")
        est = ["dissatisfied", "ci_lower", "ci_upper"]
        rows = []
        if self.by:
            truth = (t.groupby(self.by, observed=True)[["problems", "complaints"]].sum()
                     .reset_index())
            keys = self.table[self.by].astype("object")
            truth[self.by] = truth[self.by].astype("object")
            part = pd.concat([keys, self.table[est]], axis=1).merge(truth, on=self.by,
                                                                    how="left")
            rows.append(part)
        total = {c: "total" for c in self.group_columns}
        total.update(self.overall.iloc[0][est].to_dict())
        total.update(problems=t["problems"].sum(), complaints=t["complaints"].sum())
        rows.append(pd.DataFrame([total]))
        out = pd.concat(rows, ignore_index=True).rename(
            columns={"problems": "true_dissatisfied", "complaints": "true_complaints"})
        out["true_dissatisfied"] = out["true_dissatisfied"].astype(float)
        out["true_voice_rate"] = out["true_complaints"] / out["true_dissatisfied"]
        out["error"] = out["dissatisfied"] - out["true_dissatisfied"]
        out["relative_error"] = out["error"] / out["true_dissatisfied"]
        out["covered"] = ((out["ci_lower"] <= out["true_dissatisfied"])
                          & (out["true_dissatisfied"] <= out["ci_upper"]))
        return out

    def plot(self, ax=None):
        """A complaint pyramid of the overall estimate, with seed 004's pyramid beside it.

        The big triangle is split so that each layer's area is its share: complaints at the
        top, the silent dissatisfied below, with the estimates and intervals written in. The
        small triangle on the right is seed 004's: 8% reached management, 23% complained only
        to front-line staff, 69% never complained.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from matplotlib.patches import Polygon

        from ..plotting import fix_fonts, new_axes, plot_context

        o, lang = self.overall.iloc[0], self.text_locale
        share = float(min(o["complaints"] / o["dissatisfied"], 1.0)) if o["dissatisfied"] else 1
        conf = tr("{confidence} CI", lang, confidence=fmt_pct(self.confidence, lang))

        def layer(a, cx, base_y, height, half_w, t0, t1, **kw):
            """The part of a triangle (apex on top) between depths t0 and t1 (0 = apex)."""
            y = lambda t: base_y + height * (1 - t)  # noqa: E731
            w = lambda t: half_w * t  # noqa: E731
            pts = [(cx - w(t0), y(t0)), (cx + w(t0), y(t0)), (cx + w(t1), y(t1)),
                   (cx - w(t1), y(t1))]
            a.add_patch(Polygon(pts, closed=True, **kw))
            return y

        with plot_context():
            fig, ax = new_axes(ax, figsize=(9, 5.2))
            colors = ["#c0392b", "#7f8c8d", "#2c3e50", "#e67e22", "#bdc3c7"]
            # -- the estimate: area-proportional split at depth sqrt(share)
            cut = np.sqrt(share)
            y = layer(ax, 0.0, 0.0, 1.0, 0.62, 0.0, cut, facecolor=colors[0],
                      edgecolor="white", linewidth=1.5)
            layer(ax, 0.0, 0.0, 1.0, 0.62, cut, 1.0, facecolor=colors[1], edgecolor="white",
                  linewidth=1.5)
            ax.text(-0.62 * cut - 0.03, y(cut / 2),
                    tr("complaints: {n:,}", lang, n=int(o["complaints"])),
                    ha="right", va="center", fontsize=9, color=colors[0], fontweight="bold")
            ax.text(0.0, y((1 + cut) / 2) - 0.02,
                    tr("silent dissatisfied ≈ {silent:,.0f}\n({conf} {lo:,.0f} – {hi:,.0f})",
                       lang, silent=o["silent"], conf=conf, lo=o["silent_ci_lower"],
                       hi=o["silent_ci_upper"]),
                    ha="center", va="center", fontsize=9, color="white")
            known = o["voice_rate_ci_lower"] == o["voice_rate_ci_upper"]
            ax.text(0.0, -0.05,
                    tr("dissatisfied ≈ {est:,.0f} ({conf} {lo:,.0f} – {hi:,.0f}); voice rate "
                       "{rate:.3g} {spread}", lang, est=o["dissatisfied"], conf=conf,
                       lo=o["ci_lower"], hi=o["ci_upper"], rate=o["voice_rate"],
                       spread=tr("(taken as known)", lang) if known else
                       f"({o['voice_rate_ci_lower']:.3g} – {o['voice_rate_ci_upper']:.3g})"),
                    ha="center", va="top", fontsize=8.5)
            # -- seed 004's pyramid, small, on the right
            cx, base, h, hw = 1.15, 0.3, 0.6, 0.3
            depth = 0.0
            for (name, p), col in zip(reversed(SEED_PYRAMID), colors[2:], strict=True):
                d1 = np.sqrt(depth ** 2 + p)
                yy = layer(ax, cx, base, h, hw, depth, d1, facecolor=col, edgecolor="white",
                           linewidth=1.2)
                ax.text(cx + hw * d1 + 0.04, yy((depth + d1) / 2),
                        tr("{share} {name}", lang, share=fmt_pct(p, lang), name=tr(name, lang)),
                        ha="left", va="center", fontsize=8)
                depth = d1
            ax.text(cx, base - 0.05, tr("seed 004 (Joyo.com):\n90% of dissatisfied customers\n"
                                        "never complain; 1 complaint ≈ 24 silent", lang),
                    ha="center", va="top", fontsize=7.5, color="#333333")
            ax.set_xlim(-0.85, 1.75)
            ax.set_ylim(-0.12, 1.03)
            ax.set_aspect("auto")
            ax.axis("off")
            ax.set_title(tr("Complaint pyramid: the dissatisfied customers behind {n:,} "
                            "complaints", lang, n=int(o["complaints"])))
            fix_fonts(ax)
        return ax


MAX_DRAWS = 1_000_000
"""The most simulation draws :func:`iceberg` takes (20,000 give quantiles to about 0.1%)."""

_MAX_CELLS = 200_000_000  # groups x draws: about 10 s of gamma draws
_CHUNK_CELLS = 4_000_000  # groups x draws held at once (32 MB)


def _n_draws(n_draws, n_groups: int, lang: str | None = None) -> int:
    """The number of draws: 100 to MAX_DRAWS, and not more than _MAX_CELLS over the groups."""
    n_draws = checks.whole_number("n_draws", n_draws, 100, example=20_000, locale=lang)
    if n_draws > MAX_DRAWS:
        raise ValueError(tr("n_draws must be at most {most:,}, but {value:,} was passed: "
                            "20,000 draws (the default) already give the interval's ends to "
                            "about 0.1%", lang, most=MAX_DRAWS, value=n_draws))
    if n_groups * n_draws > _MAX_CELLS:
        raise ValueError(tr("{k:,} groups x {n:,} draws is more than {cells:,} simulated "
                            "values: use fewer draws (at most {most:,}) or coarser groups",
                            lang, k=n_groups, n=n_draws, cells=_MAX_CELLS,
                            most=max(_MAX_CELLS // n_groups, 1)))
    return n_draws


@dataclass(frozen=True)
class _Sim:
    """The simulation's summaries: per-group interval ends, the total's draws and the overall
    voice rate's draws (complaints / dissatisfied at the drawn rates)."""

    ci: np.ndarray       # (2, groups)
    total: np.ndarray    # (draws,)
    overall_rate: np.ndarray  # (draws,)


def _simulate(n: np.ndarray, rates: _Rates, confidence: float, n_draws: int,
              seed: int | None) -> _Sim:
    """Draws of the dissatisfied (count / voice rate) per group, summarised chunk by chunk.

    One rate for all groups: one rate draw shared by every group (then the counts, in one
    stream: chunking does not change the numbers). Rates per group: each group's own rate
    draws, independent of the others'.
    """
    rng = np.random.default_rng(seed)
    q = [(1 - confidence) / 2, (1 + confidence) / 2]
    shared = None
    if not rates.per_group:
        shared = _draw_rates(rates.rate[0], rates.lo[0], rates.hi[0], confidence, n_draws,
                             rng)
    total, inv = np.zeros(n_draws), np.zeros(n_draws)
    ci = np.empty((2, len(n)))
    step = max(1, _CHUNK_CELLS // n_draws)
    for a in range(0, len(n), step):
        b = min(a + step, len(n))
        if shared is None:
            r = _draw_rates(rates.rate[a:b, None], rates.lo[a:b, None], rates.hi[a:b, None],
                            confidence, (b - a, n_draws), rng)
        else:
            r = shared[None, :]
        draws = rng.gamma(n[a:b, None] + 0.5, 1.0, size=(b - a, n_draws)) / r
        ci[:, a:b] = np.quantile(draws, q, axis=1)
        total += draws.sum(axis=0)
        inv += (n[a:b, None] / r).sum(axis=0)
    if n.sum() > 0:
        overall = n.sum() / inv
    else:
        overall = shared if shared is not None else np.full(n_draws, rates.rate.mean())
    return _Sim(ci=ci, total=total, overall_rate=overall)


def iceberg(complaints, *, voice_rate=None, voice_rate_ci=None,
            by: str | Sequence[str] | None = None, surveyed=None, confidence: float = 0.95,
            n_draws: int = 20_000, seed: int | None = 0) -> IcebergResult:
    """Estimate the dissatisfied customers behind the complaints (the complaint iceberg).

    dissatisfied = complaints / voice rate, where the voice rate is the share of dissatisfied
    customers who complain. Seed 004: 90% never complain (voice rate 0.10), and one complaint
    speaks for about 24 customers who did not (1/25 = 0.04).

    Parameters
    ----------
    complaints : DataFrame, int or Series
        The complaints table (one row per complaint), a count, or counts indexed by group.
    voice_rate : float in (0, 1], or a mapping group -> float, optional
        The assumed voice rate. Alone, it is taken as known (only the count varies).
        Default (with neither ``voice_rate_ci`` nor ``surveyed``), for a kit world's
        complaints only (its table, or a filter of it: they carry the kit's mark,
        ``checks.kit_made``): 0.10 with the seed 004 range ``(1/25, 1/10)`` as its
        interval, the workshop shop's figures. Any other data (your own export, a count, a
        Series) must bring its own rate (``surveyed``, ``voice_rate_ci`` or
        ``voice_rate``): without one, a ValueError says what to pass and where such a rate
        comes from. ``voice_rate=0.10, voice_rate_ci=(1/25, 1/10)`` (``SEED_VOICE_RATE``,
        ``SEED_VOICE_RATE_RANGE``) uses the shop's figures on purpose. A dict or Series
        (indexed by group: the ``by`` value, a tuple of them for several columns, ``None``
        for the missing group) gives each group its own rate; every group needs one.
    voice_rate_ci : (float, float), or a mapping group -> (float, float), optional
        An interval for the voice rate (per group with a mapping); without ``voice_rate``
        the point is their geometric mean.
    by : str or list of str, optional
        Estimate per group (e.g. ``"category"``). One column: all its levels (every category
        of a categorical); several: the combinations seen. An identifier (every complaint a
        group of its own, such as ``complaint_id``) is refused. Voice rates differ a lot
        between kinds of problem, so give them per group: with one rate for every group the
        result warns (notes, summary and ``voice_rate_source = "shared"``).
    surveyed : (int, int), or a mapping group -> (int, int), optional
        A survey of dissatisfied customers: ``(n_asked, n_complained)``, or one per group (a
        dict, a Series of pairs, or a DataFrame indexed by group with ``n_asked`` and
        ``n_complained``). The voice rate is ``n_complained / n_asked`` with a Wilson
        interval. Not with ``voice_rate``.
    confidence : float
        Confidence level of the intervals.
    n_draws, seed : int
        Size (100 to 1,000,000, and at most 200 million over all groups) and seed of the
        simulation (``np.random.default_rng(seed)``).

    Returns
    -------
    IcebergResult
        ``.table``: the group column(s) (``group`` without ``by``), ``complaints,
        voice_rate, voice_rate_ci_lower, voice_rate_ci_upper, voice_rate_source`` (``"overall"``
        without groups, ``"shared"`` when one rate is spread over the groups, ``"per group"``),
        ``dissatisfied, ci_lower, ci_upper, silent, silent_ci_lower, silent_ci_upper``;
        ``.overall`` the same over all complaints (with rates per group, its voice rate is
        complaints / dissatisfied); ``.compare(world.truth.iceberg)``; ``.plot()``.
        ``.ledger`` counts the complaints used (all of them: complaints with a missing ``by``
        value form a group of their own); its line is the first of ``.notes``.

    Notes
    -----
    The interval is simulated: the expected complaint count is drawn from its Jeffreys
    posterior Gamma(complaints + 1/2, 1) (Poisson variation of the count), the voice rate from
    a two-piece normal on the log scale with median ``voice_rate`` whose central
    ``confidence`` interval is the voice-rate interval; dissatisfied = count / rate, and the
    interval is the central quantiles of the draws. The point estimate is complaints /
    voice_rate. Silent = dissatisfied - complaints. With one rate, groups share its draw, so
    the overall interval is not narrowed by pretending the groups' rates are independent;
    rates given per group are drawn independently (as from separate surveys).

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> res = iceberg(w.complaints, voice_rate=0.10, voice_rate_ci=(1 / 25, 1 / 10))
    >>> int(res.overall["dissatisfied"].iloc[0]) == round(len(w.complaints) / 0.10)
    True

    A kit world's complaints may leave the rate out (seed 004's figures are the default for
    them); complaints from anywhere else bring their own:

    >>> mine = w.complaints.copy()
    >>> mine.attrs = {}               # as if read from your own export
    >>> iceberg(mine)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: iceberg needs the voice rate of these customers ...
    >>> int(iceberg(mine, surveyed=(400, 38)).overall["complaints"].iloc[0]) == len(mine)
    True
    >>> res.notes[0] == f"all {len(w.complaints):,} complaints used"
    True

    A voice rate per category (here, a small world's own realised rates):

    >>> small = ck.generate("ecommerce", seed=1, n_complaints=300)
    >>> cats = small.complaints["category"].cat.categories
    >>> rates = {c: small.truth.value(f"voice.rate.{c}") for c in cats}
    >>> per = iceberg(small.complaints, by="category", voice_rate=rates, n_draws=2_000)
    >>> per.table["voice_rate_source"].unique().tolist()
    ['per group']
    >>> one = iceberg(small.complaints, by="category", voice_rate=0.10, n_draws=2_000)
    >>> one.table["voice_rate_source"].iloc[0], "Warning: one voice rate" in one.summary()
    ('shared', True)
    """
    lang = locale_of(complaints)
    confidence = checks.confidence(confidence, locale=lang)
    seed = checks.seed(seed, locale=lang)
    by_cols = checks.by_columns(by, locale=lang)
    groups, n = _complaint_counts(complaints, by_cols, lang)
    _require_rate(complaints, voice_rate, voice_rate_ci, surveyed, lang)
    n_draws = _n_draws(n_draws, len(n), lang)
    grouped = bool(by_cols) or isinstance(complaints, pd.Series)
    rates = _group_rates(groups if grouped else None, voice_rate, voice_rate_ci, surveyed,
                         confidence, lang)
    # a missing group value is a group of its own, so every complaint is used
    ledger = RowLedger(int(n.sum()), unit="complaints", locale=lang)
    sim = _simulate(n, rates, confidence, n_draws, seed)
    label = "per group" if rates.per_group else "shared" if grouped and len(n) > 1 else "overall"
    table = pd.concat([groups.reset_index(drop=True), _estimates(n, sim.ci, rates, label)],
                      axis=1)
    overall = pd.concat([pd.DataFrame({"group": ["all"]}),
                         _overall(n, sim, rates, confidence, label)], axis=1)
    return IcebergResult(table=table, ledger=ledger,
                         assumptions=_iceberg_assumptions(rates, confidence, n_draws, seed,
                                                          lang),
                         notes=_iceberg_notes(complaints, by_cols, rates, label, len(n), lang),
                         overall=overall, by=by_cols, confidence=confidence,
                         source=rates.source, draws=sim.total)


def _require_rate(complaints, voice_rate, voice_rate_ci, surveyed, lang=None) -> None:
    """Data not made by the kit needs its own voice rate: an error saying what to pass. A
    table is the kit's when it carries the kit's mark (``checks.kit_made``: a generated or
    shipped world's table, or a filter of one); a count or a Series has no known source."""
    if checks.kit_made(complaints) or any(
            x is not None for x in (voice_rate, voice_rate_ci, surveyed)):
        return
    what = ("what_series" if isinstance(complaints, pd.Series) else
            "what_frame" if isinstance(complaints, pd.DataFrame) else "what_count")
    raise ValueError(tr(ICEBERG_MESSAGES["no_rate"], lang,
                        what=tr(ICEBERG_MESSAGES[what], lang)))


def _estimates(counts: np.ndarray, ci: np.ndarray, rates: _Rates, label: str) -> pd.DataFrame:
    """The table's estimate columns for the groups with ``counts`` and interval ends ``ci``."""
    est = counts / rates.rate
    return pd.DataFrame({
        "complaints": counts.astype(np.int64), "voice_rate": rates.rate,
        "voice_rate_ci_lower": rates.lo, "voice_rate_ci_upper": rates.hi,
        "voice_rate_source": label,
        "dissatisfied": est, "ci_lower": ci[0], "ci_upper": ci[1],
        "silent": est - counts, "silent_ci_lower": np.maximum(ci[0] - counts, 0),
        "silent_ci_upper": np.maximum(ci[1] - counts, 0)})


def _overall(n: np.ndarray, sim: _Sim, rates: _Rates, confidence: float,
             label: str) -> pd.DataFrame:
    """The overall row: all complaints, the total's interval and the voice rate they imply."""
    total = np.array([n.sum()])
    ci = np.quantile(sim.total, [(1 - confidence) / 2, (1 + confidence) / 2])[:, None]
    if rates.per_group:
        est = float((n / rates.rate).sum())
        point = n.sum() / est if est > 0 else float(rates.rate.mean())
        lo, hi = ((point, point) if rates.known else np.quantile(
            sim.overall_rate, [(1 - confidence) / 2, (1 + confidence) / 2]))
        one = _Rates(np.array([point]), np.array([min(lo, point)]),
                     np.array([max(hi, point)]), rates.source, True, rates.known, False)
        out = _estimates(total, ci, one, label)
        out["dissatisfied"] = est
        out["silent"] = est - total
        return out
    one = _Rates(rates.rate[:1], rates.lo[:1], rates.hi[:1], rates.source, False,
                 rates.known, False)
    return _estimates(total, ci, one, label)


def _iceberg_assumptions(rates: _Rates, confidence: float, n_draws: int,
                         seed: int | None, lang: str | None = None) -> list[str]:
    from scipy.stats import norm

    z = norm.ppf(0.5 + confidence / 2)
    first = (tr("The voice rate (the share of dissatisfied customers who complain) of each "
                "group is its own, and the groups' rates are independent.", lang)
             if rates.per_group else
             tr("The voice rate (the share of dissatisfied customers who complain) is the same "
                "for every group and over the period; in practice it rises with severity and "
                "order value (seed 004 puts it near 0.10 overall).", lang))
    if rates.per_group:
        spread = tr("per group: see the table's voice_rate_ci_lower and voice_rate_ci_upper",
                    lang)
    else:
        rate, lo, hi = rates.rate[0], rates.lo[0], rates.hi[0]
        spread = tr("log sd below {below:.3g}, above {above:.3g}", lang,
                    below=(np.log(rate) - np.log(lo)) / z, above=(np.log(hi) - np.log(rate)) / z)
    return [
        first,
        tr("Each dissatisfied customer complains at most once and independently (complaints "
           "are Poisson given the dissatisfied; binomial variation is a little smaller, so the "
           "count's part of the interval is slightly conservative).", lang),
        tr("{confidence} intervals by simulation ({n_draws:,} draws, "
           "np.random.default_rng({seed})): Gamma(complaints + 1/2) for the expected count, a "
           "two-piece log-normal for the voice rate ({spread}) whose central interval is the "
           "voice-rate interval.", lang, confidence=fmt_pct(confidence, lang), n_draws=n_draws,
           seed=seed, spread=spread),
    ]


def _shared_rate_warning(rates: _Rates, n_groups: int, lang: str | None = None) -> str:
    return tr("one voice rate ({rate:.3g}) is spread over all {k:,} groups: each group's "
              "interval is right only if that group voices its problems at this rate, and "
              "voice rates differ a lot by kind of problem (severity, order value), so "
              "per-group intervals can miss by half or more; give voice_rate (or surveyed) per "
              "group as a mapping group -> rate", lang, rate=rates.rate[0], k=n_groups)


def _column(name: str, lang: str | None) -> str:
    """A column's name as shown: its label in a non-English locale that has one."""
    if is_english(lang) or lang not in LOCALES:
        return name
    return checks.column_label(name, lang)


def _iceberg_notes(complaints, by_cols: list[str], rates: _Rates, label: str,
                   n_groups: int, lang: str | None = None) -> list[str]:
    notes = [tr("voice rate from {source}", lang, source=rates.source)]
    for col in by_cols:  # used, not left out: say where they went
        missing = int(complaints[col].isna().sum())
        if missing:
            one = N_("{k:,} complaint without a {col}: counted as a group of their own "
                     "(missing)")
            many = N_("{k:,} complaints without a {col}: counted as a group of their own "
                      "(missing)")
            notes.append(tr(one if missing == 1 else many, lang, k=missing,
                            col=_column(col, lang)))
    if label == "shared":
        notes.append(_shared_rate_warning(rates, n_groups, lang))
    if by_cols:
        notes += _singleton_note(complaints, by_cols, lang)
    if rates.known:
        notes.append(tr("the voice rate is taken as known: the interval reflects only the "
                        "chance variation of the count and is far too narrow if the rate is a "
                        "guess; pass voice_rate_ci or surveyed", lang))
    if rates.small_survey:
        notes.append(tr("the survey asked fewer than 100 dissatisfied customers: the voice "
                        "rate and so the iceberg are very uncertain", lang))
    return notes


def _singleton_note(complaints: pd.DataFrame, by_cols: list[str],
                    lang: str | None = None) -> list[str]:
    """A note when most groups hold one complaint (an identifier-like ``by``)."""
    sizes = complaints.groupby(by_cols, observed=True, dropna=False).size()
    ones = int((sizes == 1).sum())
    if len(sizes) >= 20 and ones >= len(sizes) / 2:
        return [tr("by={by!r}: {k:,} of {n:,} groups hold a single complaint; an iceberg of "
                   "one complaint is mostly noise (is this an identifier?)", lang,
                   by=by_cols if len(by_cols) > 1 else by_cols[0], k=ones, n=len(sizes))]
    return []
