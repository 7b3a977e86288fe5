"""Forecast complaint volume, with intervals, and choose the model by a rolling-origin backtest.

Seed 003 asks to predict future problems from the trend of complaints. :func:`forecast` takes
one regular count series (the output of :func:`~complaintkit.analysis.volume.complaint_counts`
for one group) and fits three models:

- ``seasonal_naive``: the value one season ago (the benchmark every model must beat);
- ``ets``: exponential smoothing with a damped additive trend and additive seasonality, on
  ``log1p`` of the counts (statsmodels ``ExponentialSmoothing``);
- ``nb_glm``: a negative-binomial GLM with a linear trend, seasonal Fourier terms and a festival
  indicator (statsmodels ``GLM``).

Each gives a prediction interval. The models are compared by a rolling-origin backtest
(statsmodels has none): at each origin every model is fitted on the data up to it and forecasts
``horizon`` periods ahead; MAE, MASE (Hyndman & Koehler, 2006) and interval coverage are
averaged over the origins. The model with the lowest backtest MASE is chosen — never the best
in-sample fit. :func:`decompose` splits a series into trend, seasonal parts and remainder
(STL / MSTL).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_date, fmt_int, fmt_pct, is_english, locale_of, tr
from ..locale import LOCALES
from ..schema import SchemaError, local_datetimes
from . import _checks as checks
from ._checks import check_columns, unique_columns
from ._ledger import RowLedger
from ._result import Result

__all__ = ["forecast", "ForecastResult", "decompose", "DecompositionResult", "MODELS"]

MODELS: tuple[str, ...] = ("seasonal_naive", "ets", "nb_glm")
"""The models :func:`forecast` knows, from the simplest (ties in the backtest go to it)."""

_LABELS = {"seasonal_naive": N_("seasonal naive"), "ets": N_("ETS (damped trend, seasonal)"),
           "nb_glm": N_("negative-binomial GLM"), "zero": N_("all-zero fallback")}
# columns complaint_counts adds besides the group columns
_CALENDAR = {"period", "n", "weekday", "is_weekend", "days", "festival", "days_to_festival"}
_N_SIMS = 1000
_FOURIER_K = 3


# --------------------------------------------------------------------------- input
@dataclass(frozen=True)
class _Step:
    """The spacing of a regular series: a fixed time (days, weeks, hours) or calendar months
    (1 for months, 3 for quarters, 12 for years), anchored at month ends when every date is
    one (so a series of 31 Jan, 28 Feb, 31 Mar ... stays at month ends)."""

    delta: pd.Timedelta | None = None
    months: int = 0
    month_end: bool = False

    def offset(self, k: int):
        if self.delta is not None:
            return self.delta * k
        if self.month_end:
            return pd.offsets.MonthEnd(self.months * k)
        return pd.DateOffset(months=self.months * k)

    def dates(self, first: pd.Timestamp, n: int, skip: int = 0) -> pd.DatetimeIndex:
        """``n`` dates from ``first`` (``skip`` steps after it), each counted from ``first`` so
        that day-of-month clipping does not drift."""
        return pd.DatetimeIndex([first + self.offset(k) for k in range(skip, skip + n)])

    @property
    def unit(self) -> str:
        if self.delta is None:
            return {1: "months", 3: "quarters", 12: "years"}.get(self.months, "periods")
        return {pd.Timedelta(days=1): "days", pd.Timedelta(days=7): "weeks",
                pd.Timedelta(hours=1): "hours"}.get(self.delta, "periods")

    @property
    def season(self) -> int | None:
        """The usual season: a week of days, a year of weeks, months or quarters."""
        return {"days": 7, "weeks": 52, "months": 12, "quarters": 4}.get(self.unit)


_SEASONS = N_("7 for days, 52 for weeks, 12 for months, 4 for quarters")
_CYCLES = {"days": N_("a week of days"), "weeks": N_("a year of weeks"),
           "months": N_("a year of months"), "quarters": N_("a year of quarters")}
#: the units of a series' spacing (``_Step.unit``), plural and one, translated where shown
_UNITS = {"days": N_("day"), "weeks": N_("week"), "months": N_("month"),
          "quarters": N_("quarter"), "years": N_("year"), "hours": N_("hour"),
          "periods": N_("period")}
_PLURALS = (N_("days"), N_("weeks"), N_("months"), N_("quarters"), N_("years"), N_("hours"),
            N_("periods"))
_COVERAGE_FREQ = {"days": "D", "weeks": "W", "months": "M", "quarters": "Q"}
MESSAGES = {
    "season_inferred": N_("season {season} ({cycle}), from the spacing of the dates (one period "
                          "every {one}); pass season= for another cycle"),
    "season_unusual": N_("season={season} on a series of {unit}: a cycle of {season} {unit}, "
                         "while the usual season of {unit} is {usual} ({cycle}); check that "
                         "this is the cycle meant"),
    "periods_unusual": N_("periods={periods} on a series of {unit}: the usual seasonal period "
                          "of {unit} is {usual} ({cycle}); check that this is the cycle meant"),
}


def _model(code: str, lang: str | None, with_code: bool = True) -> str:
    """A model as a text shows it: ``ets (ETS (damped trend, seasonal))`` in English (the code
    a user types, and its name), its name alone in another language."""
    if not is_english(lang):
        return tr(_LABELS.get(code, code), lang)
    return f"{code} ({_LABELS.get(code, code)})" if with_code else _LABELS.get(code, code)


def _step(periods: pd.DatetimeIndex) -> _Step:
    """The spacing of a regular series: a fixed time, or 1, 3 or 12 calendar months."""
    if len(periods) < 2:
        return _Step(delta=pd.Timedelta(days=1))
    d = np.diff(periods.to_numpy("datetime64[ns]").astype(np.int64))  # nanoseconds
    days = float(np.median(d)) / 86_400e9
    for months, (lo, hi) in {1: (28, 31), 3: (89, 92), 12: (365, 366)}.items():
        if lo <= days <= hi:
            return _Step(months=months, month_end=bool(periods.is_month_end.all()))
    return _Step(delta=pd.Timedelta(int(np.median(d)), unit="ns"))


def _as_dates(index: pd.DatetimeIndex | pd.PeriodIndex, lang: str | None = None
              ) -> pd.DatetimeIndex:
    """A Series' date index by the kit's one rule for date-times: periods count from their
    first day, a time zone is dropped (the wall-clock dates count)."""
    if isinstance(index, pd.PeriodIndex):
        index = index.to_timestamp(how="start")
    if index.tz is not None:
        index = index.tz_localize(None)
    if index.hasnans:
        raise ValueError(tr("counts' index has {k} missing dates", lang,
                            k=int(index.isna().sum())))
    return index


def _frame_dates(counts: pd.DataFrame, lang: str | None = None) -> pd.DatetimeIndex:
    """The ``period`` column as dates: date-times by the kit's one rule (text refused with
    the line that converts it), or periods from their first day."""
    col = counts["period"]
    if isinstance(col.dtype, pd.PeriodDtype):
        return _as_dates(pd.PeriodIndex(col), lang)
    return pd.DatetimeIndex(checks.times(counts, "period", what="period", missing="error",
                                         locale=lang))


def _series(counts, lang: str | None = None) -> tuple[pd.Series, pd.Series | None, _Step]:
    """``(n, festival indicator or None, step)`` from complaint_counts output or a Series."""
    if isinstance(counts, pd.Series):
        y, fest = _from_series(counts, lang)
    elif isinstance(counts, pd.DataFrame):
        y, fest = _from_frame(counts, lang)
    else:
        raise TypeError(tr("counts must be complaint_counts' DataFrame (one group) or a Series "
                           "of counts indexed by date, not {type}", lang,
                           type=type(counts).__name__))
    if y.index.has_duplicates:
        raise ValueError(tr("counts has a period twice: it holds several groups or duplicated "
                            "rows; filter one group first", lang))
    y = y.sort_index()
    if fest is not None:
        fest = fest.sort_index()
    _check_counts(y, lang)
    return y.astype(float), fest, _check_regular(y.index, lang)


def _from_series(counts: pd.Series, lang: str | None = None) -> tuple[pd.Series, None]:
    if counts.empty:
        raise ValueError(tr("counts is empty (0 rows): check the filter that produced it",
                            lang))
    if not isinstance(counts.index, (pd.DatetimeIndex, pd.PeriodIndex)):
        raise TypeError(tr("counts as a Series must be indexed by dates (a DatetimeIndex), not "
                           "{type}; or pass complaint_counts' frame", lang,
                           type=type(counts.index).__name__))
    y = counts.copy()
    y.index = _as_dates(counts.index, lang)
    return y, None


def _from_frame(counts: pd.DataFrame, lang: str | None = None
                ) -> tuple[pd.Series, pd.Series | None]:
    """The counts and festival indicator of complaint_counts' frame for one group."""
    if counts.empty:
        raise ValueError(tr("counts is empty (0 rows): check the filter that produced it",
                            lang))
    unique_columns(counts, "counts", locale=lang)
    check_columns(counts, ["period", "n"], "counts", locale=lang)
    groups = [c for c in counts.columns if c not in _CALENDAR]
    several = [c for c in groups if counts[c].nunique(dropna=False) > 1]
    if several:
        raise ValueError(tr("counts holds several groups (column {col!r} has {k} values): "
                            "filter one group first, e.g. counts[counts[{col!r}] == ...], or "
                            "count without by=", lang, col=several[0],
                            k=counts[several[0]].nunique(dropna=False)))
    idx = _frame_dates(counts, lang)
    order = np.argsort(idx.to_numpy("datetime64[ns]"), kind="stable")
    frame, idx = counts.iloc[order], idx[order]
    y = pd.Series(frame["n"].to_numpy(), index=idx, name="n")
    if "festival" not in frame.columns:
        return y, None
    f = frame["festival"]
    return y, pd.Series(((f.notna()) & (f.astype(str) != "")).to_numpy(dtype=float),
                        index=idx, name="festival")


def _check_counts(y: pd.Series, lang: str | None = None) -> None:
    if y.isna().any():
        raise ValueError(tr("counts has {k} missing values: use complaint_counts, which fills "
                            "periods without complaints with 0", lang, k=int(y.isna().sum())))
    if not pd.api.types.is_numeric_dtype(y) or pd.api.types.is_bool_dtype(y):
        raise TypeError(tr("the counts must be numbers, not {dtype}", lang, dtype=y.dtype))
    bad = ~np.isfinite(y.to_numpy(dtype=float))
    if bad.any():
        raise ValueError(tr("counts has {k} infinite values (first on {day}): counts must be "
                            "finite numbers >= 0", lang, k=int(bad.sum()),
                            day=fmt_date(y.index[bad][0], lang)))
    if (y < 0).any():
        raise ValueError(tr("counts must be >= 0, but {k} are negative (first on {day})", lang,
                            k=int((y < 0).sum()),
                            day=fmt_date(y.index[(y < 0).to_numpy()][0], lang)))


def _check_regular(index: pd.DatetimeIndex, lang: str | None = None) -> _Step:
    """The series' step; every period between the first and the last must be present."""
    step = _step(index)
    if step.delta is not None and step.delta <= pd.Timedelta(0):
        raise ValueError(tr("counts has a period twice; filter one group first", lang))
    last = (index[-1] - index[0]) / step.delta if step.delta is not None else None
    n = int(round(last)) + 1 if last is not None else _months_between(index, step) + 1
    full = step.dates(index[0], n)
    if len(full) != len(index) or not (full == index).all():
        missing, extra = full.difference(index), index.difference(full)
        what = (tr("{k} of the {n} {unit} from {first} to {last} are missing (first: {day})",
                   lang, k=len(missing), n=n, unit=tr(step.unit, lang),
                   first=fmt_date(index[0], lang), last=fmt_date(index[-1], lang),
                   day=fmt_date(missing[0], lang)) if len(missing)
                else tr("{k} dates are off the regular step of one {one} (first: {day})", lang,
                        k=len(extra), one=tr(_UNITS.get(step.unit, step.unit), lang),
                        day=extra[0]))
        raise ValueError(tr("counts has gaps in its dates: {what}; use complaint_counts, which "
                            "fills zeros, or aggregate the counts to a regular period", lang,
                            what=what))
    return step


def _months_between(index: pd.DatetimeIndex, step: _Step) -> int:
    months = (index[-1].year - index[0].year) * 12 + index[-1].month - index[0].month
    return months // step.months


def _ledger(y: pd.Series, step: _Step, lang: str | None = None) -> RowLedger:
    """The periods of the series, all used (a series with gaps or missing counts is refused,
    not patched)."""
    return RowLedger(y, unit=step.unit, locale=lang)


def _future_festival(future, dates: pd.DatetimeIndex, lang: str | None = None
                     ) -> np.ndarray | None:
    """The festival indicator for the future ``dates`` from a frame, or None."""
    if future is None:
        return None
    if not isinstance(future, pd.DataFrame):
        raise TypeError(tr("future must be a DataFrame of future dates with a festival column, "
                           "e.g. festival_calendar(locale, start, end), not {type}", lang,
                           type=type(future).__name__))
    col = "period" if "period" in future.columns else "date"
    check_columns(future, [col, "festival"], "future", locale=lang)
    f = future["festival"]
    try:  # the kit's one time rule: ISO 8601 text or date-times, a zone's own wall clock
        when = local_datetimes(future[col], f"future[{col!r}]")
    except SchemaError as e:
        raise ValueError(tr("column {col!r} of future must hold dates: {error}", lang, col=col,
                            error=e)) from None
    on = when[(f.notna() & (f.astype(str) != "")).to_numpy()].dropna().dt.normalize()
    return np.isin(dates.normalize(), pd.DatetimeIndex(on)).astype(float)


# --------------------------------------------------------------------------- models
def _quantiles(confidence: float) -> tuple[float, float]:
    return (1 - confidence) / 2, (1 + confidence) / 2


def _fit_naive(y: np.ndarray, season: int, horizon: int, confidence: float, **_) -> dict:
    """Seasonal naive; the interval for k seasons ahead from in-sample k-season errors."""
    n = len(y)
    h = np.arange(horizon)
    idx = n - season + h % season
    point = y[idx]
    k = h // season + 1
    lo_q, hi_q = _quantiles(confidence)
    lower, upper = np.empty(horizon), np.empty(horizon)
    for kk in np.unique(k):
        lag = kk * season
        err = y[lag:] - y[:-lag] if lag < n else y[season:] - y[:-season]
        ql, qh = np.quantile(err, [lo_q, hi_q])
        lower[k == kk], upper[k == kk] = point[k == kk] + ql, point[k == kk] + qh
    return {"forecast": point, "lower": np.maximum(lower, 0), "upper": np.maximum(upper, 0),
            "model": None}


def _fit_ets(y: np.ndarray, season: int, horizon: int, confidence: float, rng, **_) -> dict:
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ExponentialSmoothing(np.log1p(y), trend="add", damped_trend=True,
                                   seasonal="add", seasonal_periods=season,
                                   initialization_method="estimated").fit()
        sims = res.simulate(horizon, anchor="end", repetitions=_N_SIMS, error="add", rng=rng)
    sims = np.maximum(np.expm1(np.asarray(sims).reshape(horizon, -1)), 0)
    point = np.maximum(np.expm1(np.asarray(res.forecast(horizon))), 0)
    lower, upper = np.quantile(sims, _quantiles(confidence), axis=1)
    return {"forecast": point, "lower": np.minimum(lower, point),
            "upper": np.maximum(upper, point), "model": res}


def _design(t: np.ndarray, n_train: int, season: int, fest: np.ndarray | None) -> np.ndarray:
    """Intercept, trend (in units of the training length), Fourier terms, festival."""
    cols = [np.ones(len(t)), t / n_train]
    for k in range(1, min(_FOURIER_K, season // 2) + 1):
        w = 2 * np.pi * k * t / season
        cols.append(np.cos(w))
        if 2 * k != season:
            cols.append(np.sin(w))
    if fest is not None:
        cols.append(fest)
    return np.column_stack(cols)


def _fit_nb(y: np.ndarray, season: int, horizon: int, confidence: float, rng, t0: int = 0,
            fest: np.ndarray | None = None, fest_future: np.ndarray | None = None,
            **_) -> dict:
    """NB2 GLM; alpha by the Cameron-Trivedi moment estimate after a Poisson fit."""
    import statsmodels.api as sm

    n = len(y)
    use_fest = fest is not None and fest.sum() > 0
    t = np.arange(t0, t0 + n, dtype=float)
    tf = np.arange(t0 + n, t0 + n + horizon, dtype=float)
    X = _design(t - t0, n, season, fest if use_fest else None)
    ff = fest_future if fest_future is not None else np.zeros(horizon)
    Xf = _design(tf - t0, n, season, ff if use_fest else None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mu = sm.GLM(y, X, family=sm.families.Poisson()).fit().fittedvalues
        alpha = 1e-8
        for _i in range(2):
            alpha = max(float(np.sum((y - mu) ** 2 - y) / np.sum(mu ** 2)), 1e-8)
            res = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha)).fit()
            mu = res.fittedvalues
    beta = rng.multivariate_normal(res.params, res.cov_params(), size=_N_SIMS,
                                   method="eigh")
    mus = np.exp(np.clip(Xf @ beta.T, -50, 50))  # horizon x sims
    lam = rng.gamma(1 / alpha, mus * alpha)
    sims = rng.poisson(lam)
    point = res.predict(Xf)
    lower, upper = np.quantile(sims, _quantiles(confidence), axis=1)
    res.alpha_ = alpha
    return {"forecast": point, "lower": np.minimum(lower, point),
            "upper": np.maximum(upper, point), "model": res}


_FITTERS = {"seasonal_naive": _fit_naive, "ets": _fit_ets, "nb_glm": _fit_nb}


def _snaive_scale(y: np.ndarray, season: int) -> float:
    return float(np.mean(np.abs(y[season:] - y[:-season])))


# --------------------------------------------------------------------------- result
@dataclass(repr=False)
class ForecastResult(Result):
    """What :func:`forecast` returns.

    ``.table``: the chosen model's forecast (``model, period, forecast, lower, upper``);
    ``.forecasts``: every model's; ``.backtest``: ``model, mae, mase, coverage, folds`` per
    model; ``.backtest_folds``: the same per origin; ``.chosen``: the model with the lowest
    backtest MASE; ``.season``: the periods in one seasonal cycle (given, or inferred from
    the spacing: a note says which); ``.model``: dict of the final fitted models;
    ``.history``: the series; ``.confidence``: the intervals' coverage; ``.ledger``: the
    periods of the series used.
    """

    forecasts: pd.DataFrame = field(default_factory=pd.DataFrame)
    backtest: pd.DataFrame = field(default_factory=pd.DataFrame)
    backtest_folds: pd.DataFrame = field(default_factory=pd.DataFrame)
    chosen: str = ""
    history: pd.Series = field(default_factory=pd.Series)
    horizon: int = 0
    confidence: float = 0.9
    season: int = 0

    @property
    def level(self) -> float:
        """Deprecated name of :attr:`confidence`."""
        warnings.warn(tr("ForecastResult.level is deprecated: use .confidence (same meaning)",
                         self.text_locale), DeprecationWarning, stacklevel=2)
        return self.confidence

    def summary(self) -> str:
        lang = self.text_locale
        total = self.table["forecast"].sum()
        head = tr("Chosen model: {model}; the next {horizon} periods are forecast at {total} "
                  "complaints in all", lang, model=_model(self.chosen, lang),
                  horizon=self.horizon, total=fmt_int(total, lang))
        bt = self.backtest.set_index("model") if len(self.backtest) else None
        if bt is None or self.chosen not in bt.index or pd.isna(bt.loc[self.chosen, "mase"]):
            return head + tr(" (no backtest).", lang)
        row = bt.loc[self.chosen]
        naive = (tr(" vs {mase:.2f} for the seasonal naive", lang,
                    mase=bt.loc["seasonal_naive", "mase"])
                 if "seasonal_naive" in bt.index and self.chosen != "seasonal_naive" else "")
        return head + tr(". Backtest over {folds} origins: MASE {mase:.2f}{naive}; {confidence} "
                         "intervals covered {coverage} of the actual counts.", lang,
                         folds=int(row["folds"]), mase=row["mase"], naive=naive,
                         confidence=fmt_pct(self.confidence, lang),
                         coverage=fmt_pct(row["coverage"], lang))

    def plot(self, ax=None, *, history: int | None = 120):
        """Fan chart: the last ``history`` periods (None or 0: all), the forecast and its
        interval.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from ..plotting import fix_fonts, new_axes, plot_context

        lang = self.text_locale
        h = self.history.iloc[-history:] if history else self.history
        t = self.table
        english = is_english(lang)
        with plot_context():
            fig, ax = new_axes(ax, figsize=(9, 4.5))
            ax.plot(h.index, h.to_numpy(), color="#555555", lw=1, label=tr("observed", lang))
            # join the forecast to the last observation so the line does not break
            xs = [h.index[-1], *t["period"]] if len(h) else list(t["period"])
            ys = [h.iloc[-1], *t["forecast"]] if len(h) else list(t["forecast"])
            ax.plot(xs, ys, color="#1f77b4", lw=1.8,
                    label=tr("forecast ({model})", lang,
                             model=self.chosen if english else _model(self.chosen, lang)))
            ax.fill_between(t["period"], t["lower"], t["upper"], color="#1f77b4", alpha=0.25,
                            lw=0, label=tr("{confidence} interval", lang,
                                           confidence=fmt_pct(self.confidence, lang)))
            if len(h):
                ax.axvline(h.index[-1], color="#999999", ls="--", lw=1)
            ax.set_title(tr("Complaints: {horizon}-period forecast ({model})", lang,
                            horizon=self.horizon, model=_model(self.chosen, lang, False)))
            ax.set_xlabel(tr("period", lang))
            ax.set_ylabel(tr("complaints per period", lang))
            ax.set_ylim(bottom=0)
            ax.legend(loc="upper left", fontsize=8)
            fig.autofmt_xdate()
            fix_fonts(ax)
        return ax


# --------------------------------------------------------------------------- forecast
def _check_args(horizon, models, season, folds, step, lang: str | None = None
                ) -> tuple[tuple[str, ...], int]:
    """The models to backtest (the seasonal naive always, from the simplest) and the step
    between origins."""
    checks.whole_number("horizon", horizon, 1, example=28, locale=lang)
    if season is not None:
        checks.whole_number("season", season, 2, example=7, locale=lang)
    checks.whole_number("folds", folds, 1, example=6, locale=lang)
    step = (horizon if step is None
            else checks.whole_number("step", step, 1, example=28, locale=lang))
    if isinstance(models, str):
        models = (models,)
    if not isinstance(models, Sequence) or not models:
        raise ValueError(tr("models must be a non-empty list of model names", lang))
    for m in models:
        checks.one_of("models", m, MODELS, locale=lang)
    return tuple(m for m in MODELS if m in models or m == "seasonal_naive"), int(step)


def _season(season: int | None, step: _Step, name: str = "season",
            lang: str | None = None) -> int:
    """``season``, or the usual one for the series' step; say how to choose one otherwise."""
    if season is not None:
        return int(season)
    if step.season is None:
        apart = (step.delta if step.delta is not None
                 else tr("{k} months", lang, k=step.months))
        raise ValueError(tr("the dates of counts are {apart} apart, a spacing with no usual "
                            "season: pass {name}= (the periods in one seasonal cycle; "
                            "{seasons})", lang, apart=apart, name=name,
                            seasons=tr(_SEASONS, lang)))
    return step.season


def _season_notes(given: int | None, season: int, step: _Step,
                  lang: str | None = None) -> list[str]:
    """Where the season came from: inferred from the spacing (say so), or given and unlike
    the usual one of the spacing (say that too: a weekly series with season=7 is a 7-week
    cycle, not a week)."""
    unit = step.unit
    if given is None:
        return [tr(MESSAGES["season_inferred"], lang, season=season,
                   cycle=tr(_CYCLES[unit], lang), one=tr(_UNITS[unit], lang))]
    if step.season is not None and season != step.season:
        return [tr(MESSAGES["season_unusual"], lang, season=season, unit=tr(unit, lang),
                   usual=step.season, cycle=tr(_CYCLES[unit], lang))]
    return []


def _coverage_notes(y: pd.Series, step: _Step, stacklevel: int = 4,
                    lang: str | None = None) -> list[str]:
    """checks.time_coverage of the counts (clustered in time, gaps), as notes and warnings."""
    freq = _COVERAGE_FREQ.get(step.unit)
    if freq is None:
        return []
    return checks.warn_notes(checks.time_coverage(y.index, freq, weights=y.to_numpy(),
                                                  locale=lang), stacklevel=stacklevel)


def _check_length(n: int, season: int, horizon: int, step: _Step,
                  lang: str | None = None) -> None:
    need = 2 * season + horizon
    if n < need:
        raise ValueError(tr("need at least {need} periods ({unit}: two seasons of {season} "
                            "plus the horizon of {horizon}) to fit and backtest, but counts has "
                            "{n}: pass a shorter horizon= or season= (season is the periods in "
                            "one seasonal cycle: {seasons})", lang, need=need,
                            unit=tr(step.unit, lang), season=season, horizon=horizon, n=n,
                            seasons=tr(_SEASONS, lang)))


def _future_dates(index: pd.DatetimeIndex, horizon: int, step: _Step,
                  lang: str | None = None) -> pd.DatetimeIndex:
    """The ``horizon`` periods after the series, on its step (month ends stay month ends)."""
    try:
        return step.dates(index[0], horizon, skip=len(index))
    except (OverflowError, ValueError, pd.errors.OutOfBoundsDatetime):
        raise ValueError(tr("the {horizon} {unit} after {day} run past the last date pandas "
                            "can hold ({last}): use a shorter horizon=", lang, horizon=horizon,
                            unit=tr(step.unit, lang), day=fmt_date(index[-1], lang),
                            last=fmt_date(pd.Timestamp.max, lang))) from None


def _assumptions(confidence: float, lang: str | None = None) -> list[str]:
    return [
        tr("The series is regular and complete; future periods behave like the past (the same "
           "weekly pattern, the trend continued — damped for ETS, log-linear for the GLM).",
           lang),
        tr("{confidence} prediction intervals: the seasonal naive from the empirical "
           "quantiles of its in-sample k-season-ahead errors; ETS by simulating its additive "
           "errors on the log1p scale; the GLM by simulating negative-binomial counts around "
           "means drawn from the coefficients' normal approximation (alpha held at its moment "
           "estimate).", lang, confidence=fmt_pct(confidence, lang)),
        tr("The model is chosen by the rolling-origin backtest MASE, not by in-sample fit.",
           lang),
    ]


def _table(name: str, dates: pd.DatetimeIndex, out: dict) -> pd.DataFrame:
    return pd.DataFrame({"model": name, "period": dates, "forecast": out["forecast"],
                         "lower": out["lower"], "upper": out["upper"]})


def _zero_forecast(dates: pd.DatetimeIndex, common: dict,
                   lang: str | None = None) -> ForecastResult:
    """An all-zero series: no model, no backtest, a forecast of 0 with interval [0, 0]."""
    zeros = np.zeros(len(dates))
    t = _table("zero", dates, {"forecast": zeros, "lower": zeros, "upper": zeros})
    return ForecastResult(
        table=t, model={}, forecasts=t, chosen="zero",
        notes=[tr("every count is zero: no model is fitted and there is no backtest; the "
                  "forecast is 0 with interval [0, 0]", lang)],
        backtest=pd.DataFrame(columns=["model", "mae", "mase", "coverage", "folds"]),
        backtest_folds=pd.DataFrame(columns=["model", "origin", "mae", "mase", "coverage"]),
        **common)


def _origins(n: int, horizon: int, step: int, folds: int, season: int,
             notes: list[str], lang: str | None = None) -> list[int]:
    """Backtest origins: the last ``horizon`` before the end, ``step`` apart going back, each
    leaving two seasons of training data."""
    origins = sorted(o for o in (n - horizon - i * step for i in range(folds))
                     if o >= 2 * season)
    if len(origins) < folds:
        notes.append(tr("the series is too short for {folds} backtest origins {step} periods "
                        "apart with two seasons of training data: {k} used", lang, folds=folds,
                        step=step, k=len(origins)))
    return origins


def _festival_notes(fest, fest_future, models, lang: str | None = None) -> list[str]:
    if fest is not None and fest.any() and fest_future is None and "nb_glm" in models:
        return [tr("no future festival calendar given: the GLM assumes no festival in the "
                   "forecast periods (pass future=festival_calendar(locale, start, end))",
                   lang)]
    return []


@dataclass
class _Task:
    """What every fit shares: the series, its festival indicator, the models and settings,
    and the one random stream (drawn in a fixed order: origins, then models)."""

    y: np.ndarray
    fest: np.ndarray | None
    models: tuple[str, ...]
    season: int
    horizon: int
    confidence: float
    rng: np.random.Generator

    def fit(self, model: str, end: int, fest_future: np.ndarray | None) -> dict:
        """``model`` fitted on the first ``end`` periods, forecasting ``horizon`` more."""
        return _FITTERS[model](self.y[:end], self.season, self.horizon, self.confidence,
                               rng=self.rng, t0=0,
                               fest=None if self.fest is None else self.fest[:end],
                               fest_future=fest_future)


def _scores(test: np.ndarray, out: dict, scale: float) -> dict:
    mae = float(np.mean(np.abs(test - out["forecast"])))
    cover = float(np.mean((test >= out["lower"]) & (test <= out["upper"])))
    return {"mae": mae, "mase": mae / scale if scale > 0 else np.nan, "coverage": cover}


def _backtest(task: _Task, origins: list[int], index: pd.DatetimeIndex):
    """Every model at every origin: ``(scores per origin, {model: first error})``."""
    rows, failed = [], {}
    for o in origins:
        test, end = task.y[o:o + task.horizon], o + task.horizon
        scale = _snaive_scale(task.y[:o], task.season)
        for m in task.models:
            try:
                out = task.fit(m, o, None if task.fest is None else task.fest[o:end])
            except Exception as err:  # noqa: BLE001 - reported, and the model is dropped
                failed.setdefault(m, f"{type(err).__name__}: {err}")
                continue
            rows.append({"model": m, "origin": index[o], **_scores(test, out, scale)})
    return pd.DataFrame(rows, columns=["model", "origin", "mae", "mase", "coverage"]), failed


def _backtest_table(per_fold: pd.DataFrame, models: tuple[str, ...]) -> pd.DataFrame:
    bt = (per_fold.groupby("model", sort=False)
          .agg(mae=("mae", "mean"), mase=("mase", "mean"), coverage=("coverage", "mean"),
               folds=("mae", "size")).reset_index())
    bt["folds"] = bt["folds"].astype(np.int64)
    return bt.set_index("model").reindex(list(models)).reset_index()


def _choose(bt: pd.DataFrame, failed: dict, notes: list[str], lang: str | None = None
            ) -> str:
    """The model with the lowest backtest MASE; ties go to the simpler model."""
    ok = bt[~bt["model"].isin(failed) & bt["mase"].notna()]
    if len(ok):
        rank = {m: i for i, m in enumerate(MODELS)}
        best = ok.assign(r=ok["model"].map(rank), m=ok["mase"].round(10))
        return best.sort_values(["m", "r"]).iloc[0]["model"]
    notes.append(tr("the backtest could not score the models (the training windows have no "
                    "seasonal variation): the seasonal naive is used", lang))
    return "seasonal_naive"


def _final_fits(task: _Task, chosen: str, fest_future, dates: pd.DatetimeIndex,
                notes: list[str], lang: str | None = None) -> tuple[dict, dict]:
    """Every model on the whole series: ``({model: forecast table}, {model: fit})``."""
    final, fitted = {}, {}
    for m in task.models:
        try:
            out = task.fit(m, len(task.y), fest_future)
        except Exception as err:  # noqa: BLE001
            if m == chosen:
                raise
            error = f"{type(err).__name__}: {err}"
            notes.append(tr("{model} failed to fit on the whole series ({error})", lang,
                            model=m if is_english(lang) else _model(m, lang), error=error))
            continue
        final[m] = _table(m, dates, out)
        fitted[m] = out["model"]
    return final, fitted


@checks.renamed_arguments(level="confidence")
def forecast(counts, *, horizon: int = 28, models: Sequence[str] = MODELS,
             season: int | None = None,
             folds: int = 6, step: int | None = None, confidence: float = 0.9, future=None,
             seed: int | None = 0, locale: str | None = None) -> ForecastResult:
    """Forecast a complaint count series; choose the model by a rolling-origin backtest.

    Parameters
    ----------
    counts : DataFrame or Series
        :func:`complaint_counts` output for one group (``period``, ``n`` and, with a locale,
        ``festival``), or counts in a Series indexed by date. Every period must be present.
        Days, weeks (ending on any weekday), months (at their start, their end or any day),
        quarters or any fixed spacing; periods (``pd.PeriodIndex``) count from their first
        day, and a time zone is dropped (the local dates count).
    horizon : int
        Periods to forecast (and the length of each backtest window).
    models : list of str
        Among ``"seasonal_naive"``, ``"ets"``, ``"nb_glm"``. The seasonal naive is always
        backtested as the benchmark.
    season : int, optional
        Periods in a season. Default: from the spacing of the dates, 7 for days (a weekly
        pattern), 52 for weeks, 12 for months, 4 for quarters (a note says which); other
        spacings must give it (an error says so). A season unlike the spacing's usual one
        (season=7 on weekly counts: a 7-week cycle) gets a note.
    folds : int
        Backtest origins. The last is ``horizon`` periods before the end, the others ``step``
        periods apart going back; fewer are used (with a note) when the series is too short to
        leave two seasons of training data before the first.
    step : int, optional
        Periods between origins; default ``horizon`` (windows that do not overlap).
    confidence : float
        Coverage of the prediction intervals (0.9: 90% intervals). ``level=`` is its former
        name: still accepted, with a DeprecationWarning.
    future : DataFrame, optional
        Festival days of the forecast periods (``date`` or ``period`` and ``festival``, e.g.
        ``festival_calendar(locale, start, end)``) for the GLM's festival indicator. Without it
        the forecast periods are assumed to have no festival (with a note).
    seed : int, optional
        Seed of the simulations behind the ETS and GLM intervals.
    locale : {"en_US", "zh_CN"}, optional
        The language of the summary, notes, chart and messages. Default (None): the data's
        own (``complaint_counts`` keeps it in ``attrs["locale"]``), else English. In Chinese
        the models are shown by name (季节性朴素法), not by code.

    Returns
    -------
    ForecastResult
        ``.table`` (the chosen model): ``model, period, forecast, lower, upper``;
        ``.forecasts`` the same for every model; ``.backtest``: ``model, mae, mase, coverage,
        folds``; ``.backtest_folds``: ``model, origin, mae, mase, coverage``; ``.chosen``;
        ``.model`` (dict of final fitted models); ``.ledger`` (the periods used) and
        ``.notes`` (its line first); ``.plot()`` (fan chart).

    Raises
    ------
    TypeError
        If ``counts`` is neither a frame nor a date-indexed Series.
    ValueError
        If ``counts`` holds several groups, has gaps or missing counts, or has fewer than
        ``2 * season + horizon`` periods; or an argument is out of range.

    Notes
    -----
    MASE divides a window's MAE by the in-sample MAE of the seasonal naive over the training
    data at that origin (Hyndman & Koehler, 2006), then is averaged over the origins; below 1
    the model beats a one-season-back guess made in-sample. Coverage is the share of the
    actual counts inside the intervals, over all windows. Ties in MASE go to the simpler model.

    An all-zero series is not modelled: the forecast is 0 with interval [0, 0] (a note says
    so). A model that fails to fit at some origin is left out of the choice, with a note.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> daily = ck.complaint_counts(w.complaints, locale="en_US")
    >>> res = forecast(daily, horizon=14, folds=3)
    >>> len(res.table), res.chosen in ("seasonal_naive", "ets", "nb_glm")
    (14, True)
    >>> res.notes[0]
    'all 365 days used'

    In a Chinese world (``locale="zh_CN"``, or counts of one) the texts are Chinese:

    >>> forecast(daily, horizon=14, folds=2, locale="zh_CN").notes[0]
    '全部 365 天均已使用'
    """
    lang = _lang(counts, locale)
    conf = checks.confidence(confidence, locale=lang)
    seed = checks.seed(seed, locale=lang)
    models, step = _check_args(horizon, models, season, folds, step, lang)
    y_s, fest_s, period_step = _series(counts, lang)
    ledger = _ledger(y_s, period_step, lang)
    given, season = season, _season(season, period_step, lang=lang)
    _check_length(len(y_s), season, horizon, period_step, lang)
    dates = _future_dates(y_s.index, horizon, period_step, lang)
    common = {"assumptions": _assumptions(conf, lang), "history": y_s,
              "horizon": int(horizon), "confidence": conf, "ledger": ledger, "season": season}
    if not y_s.to_numpy().any():
        return _zero_forecast(dates, common, lang)
    notes: list[str] = []
    origins = _origins(len(y_s), horizon, step, folds, season, notes, lang)
    fest = None if fest_s is None else fest_s.to_numpy()
    fest_future = _future_festival(future, dates, lang)
    notes += _festival_notes(fest, fest_future, models, lang)
    task = _Task(y_s.to_numpy(), fest, models, season, horizon, conf,
                 np.random.default_rng(seed))
    per_fold, failed = _backtest(task, origins, y_s.index)
    notes += [tr("{model} failed to fit at some backtest origin and is not chosen ({error})",
                 lang, model=m if is_english(lang) else _model(m, lang), error=err)
              for m, err in failed.items()]
    bt = _backtest_table(per_fold, models)
    chosen = _choose(bt, failed, notes, lang)
    final, fitted = _final_fits(task, chosen, fest_future, dates, notes, lang)
    notes += (_season_notes(given, season, period_step, lang)
              + _coverage_notes(y_s, period_step, lang=lang))
    return ForecastResult(
        table=final[chosen].reset_index(drop=True), model=fitted, notes=notes,
        forecasts=pd.concat(list(final.values()), ignore_index=True), backtest=bt,
        backtest_folds=per_fold, chosen=chosen, **common)


def _lang(counts, locale: str | None) -> str | None:
    """The language of an analysis of ``counts``: ``locale=`` (checked), else the counts' own
    (``attrs["locale"]``, which complaint_counts sets), else None (English)."""
    lang = locale_of(counts, locale=locale if isinstance(locale, str) and locale in LOCALES
                     else None)
    checks.locale(locale, locale=lang)
    return lang


# --------------------------------------------------------------------------- decompose
@dataclass(repr=False)
class DecompositionResult(Result):
    """What :func:`decompose` returns: ``.table`` with ``period, observed, trend,
    seasonal_<p>`` (one per period kept) and ``resid``; ``.periods``; ``.ledger`` (the
    periods of the series used); ``.plot()``."""

    periods: tuple[int, ...] = ()

    def summary(self) -> str:
        lang = self.text_locale
        t = self.table
        var = np.var(t["observed"])
        parts = [f"seasonal_{p}" for p in self.periods]
        shares = tr(", ", lang).join(
            tr("{part} {share}", lang, part=_part(c, lang), share=fmt_pct(np.var(t[c]) / var,
                                                                           lang))
            for c in ["trend", *parts, "resid"]) if var > 0 else tr("the series is constant",
                                                                   lang)
        kind = "MSTL" if len(self.periods) > 1 else "STL"
        return tr("{kind} decomposition of {n} periods; variance shares: {shares}.", lang,
                  kind=kind, n=len(t), shares=shares)

    def plot(self, ax=None, *, history: int | None = None):
        """Observed counts with the trend and trend + seasonal parts on one Axes: the last
        ``history`` periods (None, the default, or 0: all).

        Returns
        -------
        matplotlib.axes.Axes
        """
        from ..plotting import fix_fonts, new_axes, plot_context

        lang = self.text_locale
        t = self.table.iloc[-history:] if history else self.table
        with plot_context():
            fig, ax = new_axes(ax, figsize=(9, 4.5))
            ax.plot(t["period"], t["observed"], color="#bbbbbb", lw=0.8,
                    label=tr("observed", lang))
            seas = t[[f"seasonal_{p}" for p in self.periods]].sum(axis=1)
            ax.plot(t["period"], t["trend"] + seas, color="#1f77b4", lw=0.9,
                    label=tr("trend + seasonal", lang))
            ax.plot(t["period"], t["trend"], color="#d62728", lw=2, label=tr("trend", lang))
            ax.set_title(tr("Complaints: trend and seasonal pattern", lang))
            ax.set_xlabel(tr("period", lang))
            ax.set_ylabel(tr("complaints per period", lang))
            ax.legend(loc="upper left", fontsize=8)
            fig.autofmt_xdate()
            fix_fonts(ax)
        return ax


def decompose(counts, periods: Sequence[int] | None = None, *,
              locale: str | None = None) -> DecompositionResult:
    """Split a count series into trend, seasonal parts and remainder (STL or MSTL).

    Parameters
    ----------
    counts : DataFrame or Series
        As for :func:`forecast`: one group, every period present.
    periods : list of int, optional
        Seasonal periods; those longer than half the series are dropped (with a note). With
        one left, STL; with several, MSTL. Default: from the spacing of the dates, (7, 365)
        for days, 52 for weeks, 12 for months, 4 for quarters; other spacings must give it.
        Periods without the spacing's usual one (periods=[7] on weekly counts) get a note.
    locale : {"en_US", "zh_CN"}, optional
        The language of the summary, notes, chart and messages. Default (None): the data's
        own (``complaint_counts`` keeps it in ``attrs["locale"]``), else English.

    Returns
    -------
    DecompositionResult
        ``.table``: ``period, observed, trend, seasonal_<p>...``, ``resid``; ``.model`` (the
        statsmodels fit); ``.ledger`` (the periods used) and ``.notes`` (its line first);
        ``.plot()``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> daily = ck.complaint_counts(ck.load_dataset("ecommerce_en").complaints)
    >>> list(decompose(daily).table.columns)
    ['period', 'observed', 'trend', 'seasonal_7', 'resid']
    """
    lang = _lang(counts, locale)
    y_s, _, step = _series(counts, lang)
    notes: list[str] = []
    if periods is None:
        periods = ((7, 365) if step.unit == "days"
                   else (_season(None, step, "periods", lang),))
    elif step.season is not None and step.season not in np.atleast_1d(periods):
        notes.append(tr(MESSAGES["periods_unusual"], lang,
                        periods=[int(p) for p in np.atleast_1d(periods)],
                        unit=tr(step.unit, lang), usual=step.season,
                        cycle=tr(_CYCLES[step.unit], lang)))
    keep = _seasonal_periods(periods, len(y_s), notes, lang)
    notes += _coverage_notes(y_s, step, stacklevel=3, lang=lang)
    res, seasonal = _stl(y_s.to_numpy(), keep)
    table = pd.DataFrame({"period": y_s.index, "observed": y_s.to_numpy(),
                          "trend": np.asarray(res.trend), **seasonal,
                          "resid": np.asarray(res.resid)})
    assumptions = [tr("Additive parts: observed = trend + seasonal + remainder (robust LOESS "
                      "fits, statsmodels STL/MSTL defaults).", lang)]
    return DecompositionResult(table=table, model=res, assumptions=assumptions, notes=notes,
                               ledger=_ledger(y_s, step, lang), periods=keep)


def _part(column: str, lang: str | None) -> str:
    """A column of the decomposition as the summary names it: the column itself in English,
    its name elsewhere (趋势, 季节（周期 7）, 残差)."""
    if is_english(lang):
        return column
    if column.startswith("seasonal_"):
        return tr("seasonal (period {p})", lang, p=column.removeprefix("seasonal_"))
    return tr({"trend": N_("trend"), "resid": N_("remainder")}.get(column, column), lang)


def _seasonal_periods(periods, n: int, notes: list[str], lang: str | None = None
                      ) -> tuple[int, ...]:
    """The seasonal periods with at least two full cycles in ``n`` periods."""
    if isinstance(periods, (int, np.integer)):
        periods = (periods,)
    bad = [p for p in periods if isinstance(p, bool) or not isinstance(p, (int, np.integer))
           or p < 2]
    if bad or not periods:
        raise ValueError(tr("periods must be integers >= 2, but {value!r} was passed", lang,
                            value=list(periods)))
    keep = tuple(sorted(int(p) for p in set(periods) if 2 * p <= n))
    dropped = sorted(set(periods) - set(keep))
    if dropped:
        notes.append(tr("periods {dropped} dropped: a seasonal period needs at least two full "
                        "cycles and the series has {n} periods", lang, dropped=dropped, n=n))
    if not keep:
        raise ValueError(tr("need at least {need} periods to decompose with period {p}, but "
                            "counts has {n}", lang, need=2 * min(periods), p=min(periods),
                            n=n))
    return keep


def _stl(y: np.ndarray, keep: tuple[int, ...]):
    """STL for one seasonal period, MSTL for several: ``(fit, {seasonal_<p>: part})``."""
    from statsmodels.tsa.seasonal import MSTL, STL

    if len(keep) == 1:
        res = STL(y, period=keep[0], robust=True).fit()
        return res, {f"seasonal_{keep[0]}": np.asarray(res.seasonal)}
    res = MSTL(y, periods=keep).fit()
    s = np.asarray(res.seasonal).reshape(len(y), -1)
    return res, {f"seasonal_{p}": s[:, i] for i, p in enumerate(keep)}
