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
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._checks import check_columns, check_frame
from ._result import Result

__all__ = ["complaint_counts", "festival_calendar", "iceberg", "IcebergResult",
           "SEED_VOICE_RATE", "SEED_VOICE_RATE_RANGE", "SEED_PYRAMID"]

_FREQS = {"D": "day", "W": "week", "M": "month"}
_DAYS_CAP = 30

SEED_VOICE_RATE = 0.10
"""Seed 004: 90% of dissatisfied customers never complain, so 1 in 10 does."""

SEED_VOICE_RATE_RANGE = (1 / 25, 1 / 10)
"""Seed 004's two figures as a range: one complaint speaks for about 24 customers who did not
complain (1 in 25 voices it) ... 90% never complain (1 in 10 voices it)."""

SEED_PYRAMID = (("never complained", 0.69), ("front-line staff only", 0.23),
                ("reached management", 0.08))
"""Seed 004's complaint pyramid, from the base up: shares of the customers."""

# --------------------------------------------------------------------------- calendar
# The first day of the lunar new year (Spring Festival, 春节) in the Gregorian calendar.
# Source: Hong Kong Observatory, "Gregorian-Lunar Calendar Conversion Table"
# (https://www.hko.gov.hk/en/gts/time/conversion.htm), cross-checked with timeanddate.com
# "Chinese New Year" dates. No network is used; years outside this table have no Spring
# Festival in the calendar (with a warning).
_SPRING_FESTIVAL = {
    2020: dt.date(2020, 1, 25), 2021: dt.date(2021, 2, 12), 2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10), 2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17), 2027: dt.date(2027, 2, 6), 2028: dt.date(2028, 1, 26),
    2029: dt.date(2029, 2, 13), 2030: dt.date(2030, 2, 3),
}


def _us_thanksgiving(year: int) -> dt.date:
    """The fourth Thursday of November."""
    nov1 = dt.date(year, 11, 1)
    first_thursday = nov1 + dt.timedelta(days=(3 - nov1.weekday()) % 7)
    return first_thursday + dt.timedelta(weeks=3)


def _festivals_of_year(locale: str, year: int) -> list[tuple[str, dt.date]]:
    if locale == "zh_CN":
        out = [("d618", dt.date(year, 6, 18)), ("national_day", dt.date(year, 10, 1)),
               ("d1111", dt.date(year, 11, 11))]
        if year in _SPRING_FESTIVAL:
            out.append(("spring_festival", _SPRING_FESTIVAL[year]))
        return out
    thanks = _us_thanksgiving(year)
    return [("thanksgiving", thanks), ("black_friday", thanks + dt.timedelta(days=1)),
            ("cyber_monday", thanks + dt.timedelta(days=4)),
            ("christmas", dt.date(year, 12, 25))]


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
    from ..locale import check_locale

    check_locale(locale)
    start, end = pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize()
    rows, missing = [], []
    for year in range(start.year, end.year + 1):
        if locale == "zh_CN" and year not in _SPRING_FESTIVAL:
            missing.append(year)
        rows += [(code, pd.Timestamp(day)) for code, day in _festivals_of_year(locale, year)
                 if start <= pd.Timestamp(day) <= end]
    if missing:
        warnings.warn(f"the Spring Festival date is tabled for 2020-2030 only; years "
                      f"{', '.join(map(str, missing))} have none in the calendar",
                      stacklevel=3)
    out = pd.DataFrame(rows, columns=["festival", "date"])
    out["date"] = pd.to_datetime(out["date"])
    return out.sort_values(["date", "festival"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- helpers
def _by_list(by) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        out = [by]
    elif isinstance(by, Sequence):
        out = list(by)
    else:
        raise TypeError(f"by must be a column name or a list of them, not {type(by).__name__}")
    if len(set(out)) < len(out):
        raise ValueError(f"by names a column twice: {out}")
    return out


def _check_freq(freq) -> str:
    if freq not in _FREQS:
        raise ValueError(f"freq must be one of {', '.join(map(repr, _FREQS))}, but {freq!r} "
                         "was passed")
    return freq


def _times(data: pd.DataFrame, time: str) -> pd.Series:
    check_columns(data, [time])
    ts = data[time]
    if not pd.api.types.is_datetime64_any_dtype(ts):
        raise TypeError(f"column {time!r} must hold dates and times, not {ts.dtype}: convert "
                        f"it with pd.to_datetime(df[{time!r}])")
    if isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = ts.dt.tz_localize(None)  # the local time of day decides the day
    return ts


def _period_start(x, freq: str) -> pd.Timestamp:
    try:
        ts = pd.Timestamp(x)
    except (TypeError, ValueError) as err:
        raise ValueError(f"start and end must be dates, not {x!r}") from err
    if ts is pd.NaT:
        raise ValueError("start and end must be dates, not missing")
    if ts.tzinfo is not None:
        ts = ts.tz_localize(None)
    return ts.to_period(freq).start_time


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
        frame's ``attrs["locale"]`` if set, else none (no festival columns).
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
    freq = _check_freq(freq)
    by_cols = _by_list(by)
    if not (isinstance(data, pd.DataFrame) and data.empty and start is not None
            and end is not None):
        check_frame(data)
    check_columns(data, by_cols)
    ts = _times(data, time)
    if locale is None:
        locale = data.attrs.get("locale")
    if locale is not None:
        from ..locale import check_locale

        check_locale(locale)

    period = ts.dt.to_period(freq).dt.start_time
    first = _period_start(start, freq) if start is not None else period.min()
    last = _period_start(end, freq) if end is not None else period.max()
    if pd.isna(first) or pd.isna(last):
        raise ValueError(f"column {time!r} has no dates: give start and end for an all-zero "
                         "series")
    if first > last:
        raise ValueError(f"start ({first.date()}) is after end ({last.date()})")
    periods = pd.period_range(first, last, freq=freq).start_time

    keep = period.notna() & (period >= first) & (period <= last)
    keys = pd.DataFrame({b: data[b] for b in by_cols}, index=data.index)[keep]
    keys["period"] = period[keep].astype("datetime64[ns]")
    counts = keys.groupby(by_cols + ["period"], observed=True, dropna=False, sort=False).size()

    # ---- every group x every period
    if not by_cols:
        n = counts.droplevel(list(range(counts.index.nlevels - 1))) if len(counts) else counts
        out = pd.DataFrame({"period": periods})
        out["n"] = out["period"].map(n) if len(counts) else 0
    else:
        if len(by_cols) == 1:
            groups = pd.DataFrame({by_cols[0]: _levels(data[by_cols[0]])})
        else:
            groups = (keys[by_cols].drop_duplicates() if len(keys) else
                      pd.DataFrame({b: pd.Series([], dtype=data[b].dtype) for b in by_cols}))
            groups = groups.sort_values(by_cols, kind="stable", na_position="last")
        grid = groups.merge(pd.DataFrame({"period": periods}), how="cross")
        c = counts.rename("n").reset_index()
        out = grid.merge(c, on=by_cols + ["period"], how="left") if len(c) else grid.assign(n=0)
        for b in by_cols:  # keep the frame's dtypes (categoricals stay categorical)
            out[b] = out[b].astype(data[b].dtype)
        out = out[["period"] + by_cols + ["n"]]
    out["n"] = out["n"].fillna(0).astype(np.int64)
    out["period"] = out["period"].astype("datetime64[ns]")

    # ---- the calendar
    if freq == "D":
        out["weekday"] = out["period"].dt.day_of_week.astype(np.int64)
        out["is_weekend"] = out["weekday"] >= 5
    else:
        ends = out["period"].dt.to_period(freq).dt.end_time.dt.normalize()
        out["days"] = ((ends - out["period"]).dt.days + 1).astype(np.int64)
    if locale is not None:
        last_day = pd.Period(last, freq).end_time.normalize()
        with warnings.catch_warnings():
            if freq == "D":  # only the next festival after the last day is looked up
                warnings.simplefilter("ignore")
                ahead = festival_calendar(locale, last_day + pd.Timedelta(days=1),
                                          last_day + pd.Timedelta(days=_DAYS_CAP))
        cal = festival_calendar(locale, first, last_day)
        if freq == "D":
            days = pd.DatetimeIndex(periods)
            names = cal.groupby("date")["festival"].agg(",".join)
            out["festival"] = out["period"].map(names).fillna("").astype(object)
            fdays = np.unique(np.concatenate([cal["date"].to_numpy("datetime64[D]"),
                                              ahead["date"].to_numpy("datetime64[D]")]))
            d = days.to_numpy("datetime64[D]")
            i = np.searchsorted(fdays, d)
            gap = np.full(len(d), _DAYS_CAP, dtype=np.int64)
            has = i < len(fdays)
            gap[has] = np.minimum((fdays[i[has]] - d[has]).astype(np.int64), _DAYS_CAP)
            out["days_to_festival"] = pd.Series(gap, index=days).reindex(
                out["period"]).to_numpy()
        else:
            cal["period"] = cal["date"].dt.to_period(freq).dt.start_time.astype(
                "datetime64[ns]")
            names = cal.groupby("period")["festival"].agg(",".join)
            out["festival"] = out["period"].map(names).fillna("").astype(object)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- iceberg
def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(k, n, alpha=1 - confidence, method="wilson")
    return float(lo), float(hi)


def _voice(voice_rate, voice_rate_ci, surveyed, confidence) -> tuple[float, float, float, str]:
    """The voice rate, its interval and where they come from."""
    def check_rate(x, what):
        if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
            raise TypeError(f"{what} must be a number, not {type(x).__name__}")
        if not (0 < x <= 1):
            raise ValueError(f"{what} must lie in (0, 1], but {x!r} was passed")
        return float(x)

    if surveyed is not None:
        if voice_rate is not None or voice_rate_ci is not None:
            raise ValueError("give either surveyed or voice_rate / voice_rate_ci, not both: "
                             "the survey estimates the voice rate")
        try:
            asked, said = (int(v) for v in surveyed)
        except (TypeError, ValueError) as err:
            raise TypeError("surveyed must be a pair (n_asked, n_complained) of counts, e.g. "
                            "(400, 38)") from err
        if asked <= 0 or not (0 < said <= asked):
            raise ValueError(f"surveyed must be (n_asked, n_complained) with 0 < n_complained "
                             f"<= n_asked, but {tuple(surveyed)!r} was passed (with nobody "
                             "complaining the voice rate could be 0 and the iceberg unbounded)")
        lo, hi = _wilson(said, asked, confidence)
        return said / asked, lo, hi, (f"survey: {said:,} of {asked:,} dissatisfied customers "
                                      f"complained (Wilson {confidence:.0%} interval)")
    if voice_rate_ci is not None:
        try:
            lo, hi = voice_rate_ci
        except (TypeError, ValueError) as err:
            raise TypeError("voice_rate_ci must be a pair (lower, upper)") from err
        lo, hi = check_rate(lo, "voice_rate_ci lower"), check_rate(hi, "voice_rate_ci upper")
        if lo > hi:
            raise ValueError(f"voice_rate_ci must be (lower, upper), but {lo:g} > {hi:g}")
        rate = (np.sqrt(lo * hi) if voice_rate is None
                else check_rate(voice_rate, "voice_rate"))
        if not lo <= rate <= hi:
            raise ValueError(f"voice_rate {rate:g} is outside voice_rate_ci ({lo:g}, {hi:g})")
        return rate, lo, hi, f"assumed: voice rate {rate:.3g} in ({lo:.3g}, {hi:.3g})"
    if voice_rate is not None:
        rate = check_rate(voice_rate, "voice_rate")
        return rate, rate, rate, f"assumed known: voice rate {rate:.3g} (no uncertainty)"
    lo, hi = SEED_VOICE_RATE_RANGE
    return SEED_VOICE_RATE, lo, hi, ("seed 004: voice rate 0.10 (90% never complain), range "
                                     "1/25 (1 complaint per 24 silent) to 1/10")


def _draw_rates(rate, lo, hi, confidence, n, rng) -> np.ndarray:
    """Voice rates: a two-piece normal on the log scale, median ``rate``, whose
    ``confidence`` interval is (lo, hi)."""
    from scipy.stats import norm

    z = norm.ppf(0.5 + confidence / 2)
    sd_lo, sd_hi = (np.log(rate) - np.log(lo)) / z, (np.log(hi) - np.log(rate)) / z
    e = rng.standard_normal(n)
    return np.minimum(np.exp(np.log(rate) + np.where(e < 0, e * sd_lo, e * sd_hi)), 1.0)


def _complaint_counts(complaints, by_cols) -> tuple[pd.DataFrame, np.ndarray]:
    """Groups (a frame of the by columns, or ``group``) and their complaint counts."""
    if isinstance(complaints, (int, np.integer)) and not isinstance(complaints, bool):
        if by_cols:
            raise ValueError("by needs a table of complaints, not a count")
        if complaints < 0:
            raise ValueError(f"complaints must be a count >= 0, not {complaints}")
        return pd.DataFrame({"group": ["all"]}), np.array([int(complaints)])
    if isinstance(complaints, pd.Series):  # counts indexed by group
        if by_cols:
            raise ValueError("by needs a table of complaints; a Series is already counts")
        if complaints.empty:
            raise ValueError("complaints is empty (no groups)")
        v = complaints.to_numpy()
        if (not pd.api.types.is_integer_dtype(complaints) or (v < 0).any()):
            raise ValueError("a Series of complaints must hold counts >= 0 (integers)")
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
        return groups, n.to_numpy(dtype=np.int64)
    n = data.groupby(by_cols, observed=True, dropna=False).size()
    return n.index.to_frame(index=False), n.to_numpy(dtype=np.int64)


@dataclass(repr=False)
class IcebergResult(Result):
    """The dissatisfied customers behind the complaints, returned by :func:`iceberg`.

    Attributes
    ----------
    table : DataFrame
        One row per group: the group column(s) (``group`` = "all" without ``by``), then
        ``complaints, voice_rate, voice_rate_ci_lower, voice_rate_ci_upper, dissatisfied,
        ci_lower, ci_upper, silent, silent_ci_lower, silent_ci_upper``.
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
        o = self.overall.iloc[0]
        text = (f"{int(o['complaints']):,} complaints at a voice rate of "
                f"{o['voice_rate']:.3g} stand for about {o['dissatisfied']:,.0f} dissatisfied "
                f"customers ({self.confidence:.0%} CI {o['ci_lower']:,.0f} to "
                f"{o['ci_upper']:,.0f}), of whom about {o['silent']:,.0f} never complained. "
                f"Voice rate from {self.source}.")
        if self.by:
            text += f" By {' and '.join(self.by)}: {len(self.table):,} groups; see .table."
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
            raise TypeError("truth_iceberg must be world.truth.iceberg (a DataFrame), not "
                            f"{type(truth_iceberg).__name__}")
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

        o = self.overall.iloc[0]
        share = float(min(o["complaints"] / o["dissatisfied"], 1.0)) if o["dissatisfied"] else 1
        conf = f"{self.confidence:.0%} CI"

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
            ax.text(-0.62 * cut - 0.03, y(cut / 2), f"complaints: {int(o['complaints']):,}",
                    ha="right", va="center", fontsize=9, color=colors[0], fontweight="bold")
            ax.text(0.0, y((1 + cut) / 2) - 0.02,
                    f"silent dissatisfied ≈ {o['silent']:,.0f}\n"
                    f"({conf} {o['silent_ci_lower']:,.0f} – {o['silent_ci_upper']:,.0f})",
                    ha="center", va="center", fontsize=9, color="white")
            ax.text(0.0, -0.05,
                    f"dissatisfied ≈ {o['dissatisfied']:,.0f} ({conf} "
                    f"{o['ci_lower']:,.0f} – {o['ci_upper']:,.0f}); voice rate "
                    f"{o['voice_rate']:.3g} " + (
                        "(taken as known)" if o["voice_rate_ci_lower"] == o["voice_rate_ci_upper"]
                        else f"({o['voice_rate_ci_lower']:.3g} – "
                        f"{o['voice_rate_ci_upper']:.3g})"),
                    ha="center", va="top", fontsize=8.5)
            # -- seed 004's pyramid, small, on the right
            cx, base, h, hw = 1.15, 0.3, 0.6, 0.3
            depth = 0.0
            for (name, p), col in zip(reversed(SEED_PYRAMID), colors[2:], strict=True):
                d1 = np.sqrt(depth ** 2 + p)
                yy = layer(ax, cx, base, h, hw, depth, d1, facecolor=col, edgecolor="white",
                           linewidth=1.2)
                ax.text(cx + hw * d1 + 0.04, yy((depth + d1) / 2), f"{p:.0%} {name}",
                        ha="left", va="center", fontsize=8)
                depth = d1
            ax.text(cx, base - 0.05, "seed 004 (Joyo.com):\n90% of dissatisfied customers\n"
                    "never complain; 1 complaint ≈ 24 silent", ha="center", va="top",
                    fontsize=7.5, color="#333333")
            ax.set_xlim(-0.85, 1.75)
            ax.set_ylim(-0.12, 1.03)
            ax.set_aspect("auto")
            ax.axis("off")
            ax.set_title("Complaint pyramid: the dissatisfied customers behind "
                         f"{int(o['complaints']):,} complaints")
            fix_fonts(ax)
        return ax


def iceberg(complaints, *, voice_rate: float | None = None, voice_rate_ci=None,
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
    voice_rate : float in (0, 1], optional
        The assumed voice rate. Alone, it is taken as known (only the count varies).
        Default (with neither ``voice_rate_ci`` nor ``surveyed``): 0.10 with the seed 004
        range ``(1/25, 1/10)`` as its interval.
    voice_rate_ci : (float, float), optional
        An interval for the voice rate; without ``voice_rate`` the point is their geometric
        mean.
    by : str or list of str, optional
        Estimate per group (e.g. ``"category"``); the same voice rate applies to every group.
        One column: all its levels (every category of a categorical); several: the
        combinations seen.
    surveyed : (int, int), optional
        A survey of dissatisfied customers: ``(n_asked, n_complained)``. The voice rate is
        ``n_complained / n_asked`` with a Wilson interval. Not with ``voice_rate``.
    confidence : float
        Confidence level of the intervals.
    n_draws, seed : int
        Size and seed of the simulation (``np.random.default_rng(seed)``).

    Returns
    -------
    IcebergResult
        ``.table``: the group column(s) (``group`` without ``by``), ``complaints,
        voice_rate, voice_rate_ci_lower, voice_rate_ci_upper, dissatisfied, ci_lower,
        ci_upper, silent, silent_ci_lower, silent_ci_upper``; ``.overall`` the same over all
        complaints; ``.compare(world.truth.iceberg)``; ``.plot()``.

    Notes
    -----
    The interval is simulated: the expected complaint count is drawn from its Jeffreys
    posterior Gamma(complaints + 1/2, 1) (Poisson variation of the count), the voice rate from
    a two-piece normal on the log scale with median ``voice_rate`` whose central
    ``confidence`` interval is the voice-rate interval; dissatisfied = count / rate, and the
    interval is the central quantiles of the draws. The point estimate is complaints /
    voice_rate. Silent = dissatisfied - complaints. Groups share the voice-rate draw, so the
    overall interval is not narrowed by pretending the groups' rates are independent.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> res = iceberg(w.complaints)
    >>> int(res.overall["dissatisfied"].iloc[0]) == round(len(w.complaints) / 0.10)
    True
    """
    from scipy.stats import norm

    if isinstance(confidence, bool) or not (isinstance(confidence, (int, float))
                                            and 0 < confidence < 1):
        raise ValueError(f"confidence must lie in (0, 1), but {confidence!r} was passed")
    if not isinstance(n_draws, (int, np.integer)) or n_draws < 100:
        raise ValueError(f"n_draws must be an integer >= 100, not {n_draws!r}")
    by_cols = _by_list(by)
    rate, lo, hi, source = _voice(voice_rate, voice_rate_ci, surveyed, confidence)
    groups, n = _complaint_counts(complaints, by_cols)

    rng = np.random.default_rng(seed)
    rates = _draw_rates(rate, lo, hi, confidence, n_draws, rng)
    lam = rng.gamma(n[:, None] + 0.5, 1.0, size=(len(n), n_draws))
    draws = lam / rates[None, :]
    q = [(1 - confidence) / 2, (1 + confidence) / 2]

    def rows(counts, d):
        ci = np.quantile(d, q, axis=1)
        est = counts / rate
        return pd.DataFrame({
            "complaints": counts.astype(np.int64), "voice_rate": rate,
            "voice_rate_ci_lower": lo, "voice_rate_ci_upper": hi,
            "dissatisfied": est, "ci_lower": ci[0], "ci_upper": ci[1],
            "silent": est - counts, "silent_ci_lower": np.maximum(ci[0] - counts, 0),
            "silent_ci_upper": np.maximum(ci[1] - counts, 0)})

    table = pd.concat([groups.reset_index(drop=True), rows(n, draws)], axis=1)
    total = draws.sum(axis=0)
    overall = pd.concat([pd.DataFrame({"group": ["all"]}),
                         rows(np.array([n.sum()]), total[None, :])], axis=1)

    z = norm.ppf(0.5 + confidence / 2)
    assumptions = [
        "The voice rate (the share of dissatisfied customers who complain) is the same for "
        "every group and over the period; in practice it rises with severity and order value "
        "(seed 004 puts it near 0.10 overall).",
        "Each dissatisfied customer complains at most once and independently (complaints are "
        "Poisson given the dissatisfied; binomial variation is a little smaller, so the "
        "count's part of the interval is slightly conservative).",
        f"{confidence:.0%} intervals by simulation ({n_draws:,} draws, "
        f"np.random.default_rng({seed})): Gamma(complaints + 1/2) for the expected count, a "
        f"two-piece log-normal for the voice rate (log sd below "
        f"{(np.log(rate) - np.log(lo)) / z:.3g}, above {(np.log(hi) - np.log(rate)) / z:.3g})"
        " whose central interval is the voice-rate interval.",
    ]
    notes = [f"voice rate from {source}"]
    if lo == hi:
        notes.append("the voice rate is taken as known: the interval reflects only the chance "
                     "variation of the count and is far too narrow if the rate is a guess; "
                     "pass voice_rate_ci or surveyed")
    if surveyed is not None and int(tuple(surveyed)[0]) < 100:
        notes.append("the survey asked fewer than 100 dissatisfied customers: the voice rate "
                     "and so the iceberg are very uncertain")
    return IcebergResult(table=table, assumptions=assumptions, notes=notes, overall=overall,
                         by=by_cols, confidence=float(confidence), source=source, draws=total)
