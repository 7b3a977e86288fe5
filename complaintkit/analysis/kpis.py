"""Service KPIs with confidence intervals: overall, by any grouping and over time.

Seed 002: a complaint team is judged on first response time, average response time,
resolution rate, average resolution time and customer satisfaction. :func:`kpis` reports
those and the other usual ones (first-contact resolution, SLA met, reopen and escalation
rates, CSAT top-2-box, NPS, survey response rate) as one tidy table, each with the number of
complaints it rests on and a confidence interval, so a small team's bad month can be told
apart from noise.

Times are summarised by medians and 90th percentiles, not means: they are heavily skewed (a few
complaints wait days), and a mean moves with the tail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import _checks as checks
from ._checks import check_columns, unique_ids
from ._ledger import RowLedger
from ._result import Result, option_passed_as_ax

__all__ = ["kpis", "KpiResult", "KPIS", "KPI_LABELS"]


@dataclass(frozen=True)
class _Kpi:
    label: str  # readable name for titles
    short: str  # the unit as the title says it
    unit: str  # the ``unit`` column of the table
    axis: str  # axis label in the dashboard
    scale: float = 1.0  # the dashboard draws value * scale (shares as %)


_META: dict[str, _Kpi] = {
    "complaints": _Kpi("Complaints", "count", "complaints", "complaints"),
    "first_response_median_hours": _Kpi("First response, median", "h", "hours", "hours"),
    "first_response_p90_hours": _Kpi("First response, p90", "h", "hours", "hours"),
    "resolution_median_hours": _Kpi("Resolution, median", "h, resolved", "hours", "hours"),
    "resolution_rate": _Kpi("Resolution rate", "%", "share", "%", 100.0),
    "first_contact_resolution_rate": _Kpi("First-contact resolution", "%", "share", "%",
                                          100.0),
    "sla_met_rate": _Kpi("SLA met", "%", "share", "%", 100.0),
    "reopen_rate": _Kpi("Reopened", "% of resolved", "share", "%", 100.0),
    "escalation_rate": _Kpi("Escalated", "%", "share", "%", 100.0),
    "survey_response_rate": _Kpi("Survey response", "%", "share", "%", 100.0),
    "csat_mean": _Kpi("CSAT, mean", "1-5", "score 1-5", "score (1-5)"),
    "csat_top2_share": _Kpi("CSAT top-2-box", "% 4 or 5", "share", "%", 100.0),
    "nps": _Kpi("NPS", "-100 to 100", "points", "NPS points"),
}

KPIS: tuple[str, ...] = tuple(_META)
"""Every KPI :func:`kpis` can report, in the order of its table."""

KPI_LABELS: dict[str, str] = {k: f"{m.label} ({m.short})" for k, m in _META.items()}
"""A readable title with its unit for each KPI (as in the dashboard)."""

# The columns kpis() reads, by role; ``columns=`` maps a role to another column name.
_DERIVED = ("hours_to_first_response", "hours_to_resolution", "resolved")
_FLAGS = ("first_contact_resolution", "sla_met", "reopened", "escalated")
_SURVEY = ("responded", "csat_score", "nps")
_ROLES = _DERIVED + _FLAGS + _SURVEY + ("survey_id",)
_SURVEY_KPIS = ("survey_response_rate", "csat_mean", "csat_top2_share", "nps")
_FREQS = {"D": "day", "W": "week", "M": "month", "Q": "quarter"}
_OUTPUT = ("kpi", "value", "ci_lower", "ci_upper", "n", "unit")
_MAX_LINES = 10


# --------------------------------------------------------------------------- input
def _column_map(columns: Mapping[str, str] | None) -> dict[str, str]:
    names = {r: r for r in _ROLES}
    if columns is None:
        return names
    if not isinstance(columns, Mapping):
        raise TypeError("columns must be a mapping from kpis' column name to yours, e.g. "
                        "{'hours_to_first_response': 'frt_h'}, not "
                        f"{type(columns).__name__}")
    for role, col in columns.items():
        if role not in names:
            raise ValueError(f"columns keys must be one of {', '.join(map(repr, _ROLES))}, "
                             f"but {role!r} was passed")
        if not isinstance(col, str):
            raise TypeError(f"column names must be text, not {col!r}")
        names[role] = col
    return names


def _require(data: pd.DataFrame, cols: dict[str, str], role: str,
             mapped: Mapping[str, str]) -> None:
    col = cols[role]
    if col in data.columns:
        return
    if role in mapped:  # the user named it: say what is there instead
        check_columns(data, [col])
    if role in _DERIVED:
        fix = "build the frame with ck.complaint_frame(complaints, surveys)"
    else:
        fix = ("it is a column of the complaints table: build the frame with "
               "ck.complaint_frame(complaints, surveys)")
    raise KeyError(f"{col} is missing: {fix}, or name your own column with "
                   f"columns={{{role!r}: ...}}")


def _hours(s: pd.Series, col: str) -> np.ndarray:
    if pd.api.types.is_timedelta64_dtype(s):
        raise TypeError(f"{col} must hold hours as numbers, not timedeltas: convert with "
                        f"df[{col!r}].dt.total_seconds() / 3600")
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        raise TypeError(f"{col} must hold hours as numbers, not {s.dtype}")
    return s.to_numpy(dtype=float, na_value=np.nan)


def _flag(s: pd.Series, col: str) -> np.ndarray:
    """True/False (or 1/0) as 1.0/0.0, missing as NaN."""
    if s.dtype == bool:
        return s.to_numpy(dtype=float)
    vals = s.astype("object")
    num = vals.map({True: 1.0, False: 0.0})  # 1/0 and 1.0/0.0 hash like True/False
    bad = vals.notna() & num.isna()
    if bad.any():
        row = bad.index[bad.to_numpy()][0]
        raise TypeError(f"{col} must be true/false (or 1/0), but row {row} holds "
                        f"{vals[row]!r}")
    return num.to_numpy(dtype=float, na_value=np.nan)


def _score(s: pd.Series, col: str, lo: float, hi: float) -> np.ndarray:
    if isinstance(s.dtype, pd.CategoricalDtype):  # straight from the surveys table
        s = pd.to_numeric(s.astype("object"), errors="coerce")
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        raise TypeError(f"{col} must hold numbers, not {s.dtype}")
    v = s.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isnan(v) & ((v < lo) | (v > hi))
    if bad.any():
        row = s.index[bad][0]
        raise ValueError(f"{col} must lie between {lo:g} and {hi:g}, but row {row} holds "
                         f"{v[bad][0]:g}")
    return v


# --------------------------------------------------------------------------- arguments
def _check_clash(by_cols: list[str], freq: str | None) -> None:
    """A ``by`` column may not share a name with an output column."""
    clash = [b for b in by_cols if b in _OUTPUT or (freq is not None and b == "period")]
    if clash:
        raise ValueError(f"by column {clash[0]!r} clashes with an output column of kpis(); "
                         "rename it first")


def _roles(data: pd.DataFrame, columns: Mapping[str, str] | None) -> dict[str, str]:
    """The column that plays each input role; the required ones must be in ``data``."""
    cols = _column_map(columns)
    mapped = dict(columns or {})
    for role in _DERIVED + _FLAGS:
        _require(data, cols, role, mapped)
    for role in _SURVEY + ("survey_id",):
        if role in mapped:
            check_columns(data, [cols[role]])
    return cols


# --------------------------------------------------------------------------- measures
@dataclass
class _Measures:
    """kpis()' inputs as float arrays, NaN where a complaint is not in a KPI's ``n``."""

    values: dict[str, np.ndarray]  # what _stats reads (frt, rt, resolved, fcr, sla, ...)
    hours_to_resolution: np.ndarray  # as given, for every complaint (for the notes)
    resolved_once: np.ndarray  # resolved, or reopened: the reopen rate's n
    have: dict[str, bool]  # which survey columns the frame has
    notes: list[str]

    @property
    def n(self) -> int:
        return len(self.hours_to_resolution)


def _measures(data: pd.DataFrame, cols: dict[str, str]) -> _Measures:
    """Read and check every input column (missing values stay NaN, never filled in)."""
    def read(role, parse):
        return parse(data[cols[role]], cols[role])

    frt = read("hours_to_first_response", _hours)
    res_h = read("hours_to_resolution", _hours)
    resolved = read("resolved", _flag)
    reopened = read("reopened", _flag)
    ever = (resolved == 1) | (reopened == 1)  # a reopened complaint was resolved once
    values = {"frt": frt, "rt": np.where(resolved == 1, res_h, np.nan), "resolved": resolved,
              "fcr": read("first_contact_resolution", _flag), "sla": read("sla_met", _flag),
              "reopen": np.where(ever, reopened, np.nan), "esc": read("escalated", _flag)}
    have = {r: cols[r] in data.columns for r in _SURVEY + ("survey_id",)}
    survey, notes = _survey_measures(data, cols, have)
    values.update(survey)
    return _Measures(values, res_h, ever, have, notes)


def _survey_measures(data: pd.DataFrame, cols: dict[str, str],
                     have: dict[str, bool]) -> tuple[dict[str, np.ndarray], list[str]]:
    """The survey inputs the frame has: responded, csat, nps."""
    values: dict[str, np.ndarray] = {}
    notes: list[str] = []
    if have["responded"]:
        values["responded"], notes = _responded(data, cols, have["survey_id"])
    if have["csat_score"]:
        values["csat"] = _score(data[cols["csat_score"]], cols["csat_score"], 1, 5)
    if have["nps"]:
        values["nps"] = _score(data[cols["nps"]], cols["nps"], 0, 10)
    return values, notes


def _responded(data: pd.DataFrame, cols: dict[str, str],
               has_survey_id: bool) -> tuple[np.ndarray, list[str]]:
    """Responded, over the complaints sent a survey (all of them without ``survey_id``)."""
    resp = _flag(data[cols["responded"]], cols["responded"])
    if not has_survey_id:
        return resp, []
    sent = data[cols["survey_id"]].notna().to_numpy()
    notes = []
    if (~sent).any():
        notes.append(f"survey_response_rate: {int(sent.sum()):,} of {len(data):,} "
                     f"complaints were sent a survey; the other "
                     f"{int((~sent).sum()):,} are not in its n")
    return np.where(sent, resp, np.nan), notes


# --------------------------------------------------------------------------- groups
def _group_keys(data: pd.DataFrame, by_cols: list[str], freq: str | None,
                ts: pd.Series | None, time: str) -> tuple[pd.DataFrame, list[str]]:
    """The group columns (``by``, then ``period``); a missing value is a group of its own."""
    keys = pd.DataFrame({b: data[b] for b in by_cols}, index=data.index)
    notes = []
    if freq is not None:
        if isinstance(data[time].dtype, pd.DatetimeTZDtype):
            notes.append(f"periods are of the local time in {time} (time zone "
                         f"{data[time].dt.tz})")
        keys["period"] = ts.dt.to_period(freq).dt.start_time
    for col in keys.columns:
        miss = int(keys[col].isna().sum())
        if miss:
            what = time if col == "period" and freq is not None else col
            notes.append(f"{what} is missing for {miss:,} complaints: they are kept as a group "
                         "of their own (an empty group value)")
    return keys, notes


def _tables(values: dict[str, np.ndarray], keys: pd.DataFrame,
            alpha: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy table (one row per group and KPI) and the overall table."""
    overall = _long(_stats(values, np.zeros(len(keys), dtype=np.int64), 1, alpha), None)
    if not len(keys.columns):
        return overall, overall.copy()
    grouped = keys.groupby(list(keys.columns), observed=True, dropna=False, sort=True)
    codes = grouped.ngroup().to_numpy(dtype=np.int64)
    groups = grouped.size().index.to_frame(index=False)
    return _long(_stats(values, codes, len(groups), alpha), groups), overall


# --------------------------------------------------------------------------- notes
def _missing_note(x: np.ndarray, col: str, kpi_names: str, n_all: int) -> list[str]:
    k = int(np.isnan(x).sum())
    if not k:
        return []
    verb = "is" if "," not in kpi_names else "are"
    return [f"{col} is missing for {k:,} of {n_all:,} complaints: {kpi_names} {verb} over the "
            f"{n_all - k:,} that have it"]


def _time_notes(m: _Measures, cols: dict[str, str]) -> list[str]:
    """What the first-response and resolution times left out, and odd timestamps."""
    frt, resolved, res_h = m.values["frt"], m.values["resolved"], m.hours_to_resolution
    notes = _missing_note(frt, cols["hours_to_first_response"],
                          "first_response_median_hours, first_response_p90_hours", m.n)
    if (frt < 0).any():
        notes.append(f"{int((frt < 0).sum()):,} complaints have a negative "
                     f"{cols['hours_to_first_response']} (a response before the complaint was "
                     "received): check the timestamps")
    n_res = int((resolved == 1).sum())
    notes.append(f"resolution_median_hours is over the {n_res:,} resolved complaints only; "
                 f"the {m.n - n_res:,} not resolved are left out (see resolution_rate)")
    lost = int(((resolved == 1) & np.isnan(res_h)).sum())
    if lost:
        notes.append(f"{lost:,} resolved complaints have no {cols['hours_to_resolution']}: "
                     "they are not in resolution_median_hours")
    if (res_h[resolved == 1] < 0).any():
        notes.append(f"some resolved complaints have a negative {cols['hours_to_resolution']}: "
                     "check the timestamps")
    return notes


def _flag_notes(m: _Measures, cols: dict[str, str]) -> list[str]:
    """What the rates over all complaints left out, and the reopen rate's n."""
    notes = []
    for key, role, kpi in (("resolved", "resolved", "resolution_rate"),
                           ("fcr", "first_contact_resolution", "first_contact_resolution_rate"),
                           ("sla", "sla_met", "sla_met_rate"),
                           ("esc", "escalated", "escalation_rate")):
        notes += _missing_note(m.values[key], cols[role], kpi, m.n)
    notes.append(f"reopen_rate is over the {int(m.resolved_once.sum()):,} complaints resolved "
                 "at least once (resolved, or reopened)")
    return notes


def _survey_notes(m: _Measures, cols: dict[str, str]) -> list[str]:
    """Which survey KPIs are reported, and over whom."""
    notes = _survey_columns_note(m.have, cols)
    if "csat" in m.values:
        notes += _csat_notes(m.values, m.n)
    if "nps" in m.values:
        k = int((~np.isnan(m.values["nps"])).sum())
        notes.append(f"nps: {k:,} of {m.n:,} complaints gave a 0-10 recommendation score; "
                     "NPS = % promoters (9-10) - % detractors (0-6), over those only")
    return notes


def _survey_columns_note(have: dict[str, bool], cols: dict[str, str]) -> list[str]:
    if not any(have[r] for r in _SURVEY):
        return ["surveys: the frame has no responded / csat_score / nps columns, so "
                f"{', '.join(_SURVEY_KPIS)} are not reported; join the surveys with "
                "ck.complaint_frame(complaints, surveys)"]
    absent = [k for k, r in (("survey_response_rate", "responded"),
                             ("csat_mean, csat_top2_share", "csat_score"), ("nps", "nps"))
              if not have[r]]
    if not absent:
        return []
    return [f"surveys: {', '.join(absent)} not reported (no "
            f"{', '.join(cols[r] for r in _SURVEY if not have[r])} column)"]


def _csat_notes(values: dict[str, np.ndarray], n_all: int) -> list[str]:
    csat = values["csat"]
    k = int((~np.isnan(csat)).sum())
    notes = [f"csat: {k:,} of {n_all:,} complaints answered the survey ({k / n_all:.0%}); "
             "CSAT is over respondents only — non-response is not random"]
    if "responded" not in values:
        return notes
    said = int((values["responded"] == 1).sum())
    if said > k:
        notes.append(f"csat: {said - k:,} respondents left the satisfaction question empty")
    odd = int(((values["responded"] == 0) & ~np.isnan(csat)).sum())
    if odd:
        notes.append(f"csat: {odd:,} complaints have a score but responded is false: "
                     "check the survey join")
    return notes


def _group_notes(table: pd.DataFrame, grouped: bool, confidence: float) -> list[str]:
    """Small groups: open time intervals and wide ones."""
    if not grouped:
        return []
    notes = []
    open_ = table[table["kpi"].str.endswith("_hours") & (table["n"] > 0)
                  & (table["ci_lower"].isna() | table["ci_upper"].isna())]
    if len(open_):
        notes.append(f"{len(open_):,} time KPIs (of groups with few complaints) have an "
                     f"open {confidence:.0%} interval: too few values for an "
                     "order-statistic bound, so that bound is left missing")
    small = int((table.loc[table["kpi"] == "complaints", "n"] < 30).sum())
    if small:
        notes.append(f"{small:,} groups have fewer than 30 complaints: their intervals are "
                     "wide, compare them with care")
    return notes


def _assumptions(confidence: float, freq: str | None, time: str) -> list[str]:
    out = [
        "Each complaint counts once and complaints are independent (repeat complainers make "
        "the intervals a little too narrow).",
        f"{confidence:.0%} intervals: Wilson score for shares; the distribution-free "
        "order-statistic (binomial) interval for medians and 90th percentiles (Conover 1999, "
        "section 3.2); a t interval for the CSAT mean; a normal approximation for NPS.",
        "CSAT and NPS describe the customers who answered; those who did not may differ.",
    ]
    if freq is not None:
        out.append(f"A complaint belongs to the {_FREQS[freq]} of its {time}.")
    return out


# --------------------------------------------------------------------------- statistics
def _count(codes: np.ndarray, x: np.ndarray, g: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group: the number of non-missing values and their sum."""
    ok = ~np.isnan(x)
    n = np.bincount(codes[ok], minlength=g)
    return n, np.bincount(codes[ok], weights=x[ok], minlength=g)


def _share(codes, x, g, alpha):
    """Share of 1s among the non-missing values, with a Wilson score interval."""
    from statsmodels.stats.proportion import proportion_confint

    n, k = _count(codes, x, g)
    value, lo, hi = (np.full(g, np.nan) for _ in range(3))
    m = n > 0
    value[m] = k[m] / n[m]
    if m.any():
        lo[m], hi[m] = proportion_confint(np.round(k[m]), n[m], alpha=alpha, method="wilson")
    return value, lo, hi, n


def _quantile(codes, x, g, q, alpha):
    """Quantile ``q`` per group, with a distribution-free order-statistic interval.

    The estimate interpolates linearly between order statistics (numpy's and pandas' default).
    The interval is the textbook binomial one (Conover, *Practical Nonparametric Statistics*,
    3rd ed., 1999, section 3.2): the number of values below the true quantile is
    Binomial(n, q), so [x(r), x(s)] with r the smallest k where P(B <= k) >= alpha/2 and s - 1
    the smallest k where P(B <= k) >= 1 - alpha/2 covers it with probability
    P(r <= B <= s - 1) >= 1 - alpha, whatever the distribution. When n is too small, x(r) or
    x(s) does not exist (r = 0 or s = n + 1) and that bound is left missing.
    """
    from scipy.stats import binom

    ok = ~np.isnan(x)
    c, v = codes[ok], x[ok]
    v = v[np.lexsort((v, c))]  # sorted within each group, groups one after another
    n = np.bincount(c, minlength=g)
    start = np.cumsum(n) - n
    value, lo, hi = (np.full(g, np.nan) for _ in range(3))
    m = n > 0
    nm, st = n[m], start[m]
    h = (nm - 1) * q
    j = np.floor(h).astype(np.int64)
    j1 = np.minimum(j + 1, nm - 1)
    value[m] = v[st + j] + (h - j) * (v[st + j1] - v[st + j])
    r = binom.ppf(alpha / 2, nm, q).astype(np.int64)  # 1-based index of the lower bound
    s = binom.ppf(1 - alpha / 2, nm, q).astype(np.int64) + 1  # ... and of the upper bound
    lo_m, hi_m = np.full(len(nm), np.nan), np.full(len(nm), np.nan)
    has_lo, has_hi = r >= 1, s <= nm
    lo_m[has_lo] = v[st[has_lo] + r[has_lo] - 1]
    hi_m[has_hi] = v[st[has_hi] + s[has_hi] - 1]
    lo[m], hi[m] = lo_m, hi_m
    return value, lo, hi, n


def _mean(codes, x, g, alpha):
    """Mean per group with a t interval."""
    from scipy.stats import t

    ok = ~np.isnan(x)
    c, v = codes[ok], x[ok]
    n = np.bincount(c, minlength=g)
    value, lo, hi = (np.full(g, np.nan) for _ in range(3))
    m = n > 0
    value[m] = np.bincount(c, weights=v, minlength=g)[m] / n[m]
    ss = np.bincount(c, weights=(v - np.nan_to_num(value)[c]) ** 2, minlength=g)
    m2 = n > 1
    half = t.ppf(1 - alpha / 2, n[m2] - 1) * np.sqrt(ss[m2] / (n[m2] - 1) / n[m2])
    lo[m2], hi[m2] = value[m2] - half, value[m2] + half
    return value, lo, hi, n


def _nps(codes, x, g, alpha):
    """%promoters (9-10) - %detractors (0-6), with a normal-approximation interval."""
    from scipy.stats import norm

    ok = ~np.isnan(x)
    c, v = codes[ok], x[ok]
    n = np.bincount(c, minlength=g)
    pro = np.bincount(c, weights=(v >= 9).astype(float), minlength=g)
    det = np.bincount(c, weights=(v <= 6).astype(float), minlength=g)
    value, lo, hi = (np.full(g, np.nan) for _ in range(3))
    m = n > 0
    pp, pd_ = pro[m] / n[m], det[m] / n[m]
    value[m] = 100 * (pp - pd_)
    # the variance of a promoter (+1) / passive (0) / detractor (-1) score, over n
    se = np.sqrt(np.maximum(pp + pd_ - (pp - pd_) ** 2, 0) / n[m])
    z = norm.ppf(1 - alpha / 2)
    lo[m] = np.maximum(value[m] - 100 * z * se, -100)
    hi[m] = np.minimum(value[m] + 100 * z * se, 100)
    return value, lo, hi, n


def _stats(work: dict[str, np.ndarray], codes: np.ndarray, g: int, alpha: float) -> dict:
    n_all = np.bincount(codes, minlength=g)
    out = {"complaints": (n_all.astype(float), np.full(g, np.nan), np.full(g, np.nan), n_all)}
    out["first_response_median_hours"] = _quantile(codes, work["frt"], g, 0.5, alpha)
    out["first_response_p90_hours"] = _quantile(codes, work["frt"], g, 0.9, alpha)
    out["resolution_median_hours"] = _quantile(codes, work["rt"], g, 0.5, alpha)
    for kpi, key in (("resolution_rate", "resolved"), ("first_contact_resolution_rate", "fcr"),
                     ("sla_met_rate", "sla"), ("reopen_rate", "reopen"),
                     ("escalation_rate", "esc"), ("survey_response_rate", "responded")):
        if key in work:
            out[kpi] = _share(codes, work[key], g, alpha)
    if "csat" in work:
        out["csat_mean"] = _mean(codes, work["csat"], g, alpha)
        top2 = np.where(np.isnan(work["csat"]), np.nan, work["csat"] >= 4)
        out["csat_top2_share"] = _share(codes, top2, g, alpha)
    if "nps" in work:
        out["nps"] = _nps(codes, work["nps"], g, alpha)
    return out


def _long(stats: dict, groups: pd.DataFrame | None) -> pd.DataFrame:
    parts = []
    for kpi in KPIS:
        if kpi not in stats:
            continue
        value, lo, hi, n = stats[kpi]
        part = pd.DataFrame({"kpi": kpi, "value": value, "ci_lower": lo, "ci_upper": hi,
                             "n": n.astype(np.int64), "unit": _META[kpi].unit})
        if groups is not None:
            part = pd.concat([groups, part], axis=1)
        part["_g"] = np.arange(len(part))
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    return (table.sort_values("_g", kind="stable").drop(columns="_g")
            .reset_index(drop=True))


# --------------------------------------------------------------------------- result
@dataclass(repr=False)
class KpiResult(Result):
    """Service KPIs with confidence intervals, returned by :func:`kpis`.

    Attributes
    ----------
    table : DataFrame
        Tidy: the group columns (``by`` ..., ``period``), then ``kpi, value, ci_lower,
        ci_upper, n, unit``.
    overall : DataFrame
        The same KPIs over all complaints (``kpi, value, ci_lower, ci_upper, n, unit``).
    notes : list of str
        The row ledger's line first ("all 7,222 complaints used"), then what each KPI's
        ``n`` left out, and anything odd in the data.
    ledger : RowLedger
        The complaints given and used (kpis leaves no row out of every KPI: a missing group
        value is a group of its own).
    assumptions : list of str
        The interval methods and what they assume.
    by, freq, time, confidence
        The arguments it was computed with.
    """

    overall: pd.DataFrame | None = None
    by: list[str] = field(default_factory=list)
    freq: str | None = None
    time: str = "received_at"
    confidence: float = 0.95

    @property
    def group_columns(self) -> list[str]:
        """The columns that identify a group in ``table``."""
        return self.by + (["period"] if self.freq else [])

    def value(self, kpi: str) -> float:
        """The overall value of one KPI (NaN if it was not reported)."""
        o = self.overall.set_index("kpi")["value"]
        return float(o.get(kpi, np.nan))

    def wide(self) -> pd.DataFrame:
        """One row per group, one column per KPI value (no intervals), for quick reading."""
        t, keys = self.table, self.group_columns
        order = list(dict.fromkeys(t["kpi"]))
        if not keys:
            w = t.set_index("kpi")["value"].reindex(order).to_frame().T
            w = w.reset_index(drop=True)
        else:
            w = t.set_index(keys + ["kpi"])["value"].unstack("kpi")[order].reset_index()
        w.columns.name = None
        return w

    def summary(self) -> str:
        """The overall headline numbers in a sentence or two."""
        v = self.value
        n = int(v("complaints"))

        def pct(kpi, digits=1):
            x = v(kpi)
            return "n/a" if np.isnan(x) else f"{x:.{digits}%}"

        def hrs(kpi):
            x = v(kpi)
            return "n/a" if np.isnan(x) else f"{x:.1f} h"

        text = (f"{n:,} complaints: first response {hrs('first_response_median_hours')} "
                f"(median; 90% within {hrs('first_response_p90_hours')}), "
                f"{pct('resolution_rate')} resolved (median {hrs('resolution_median_hours')} "
                f"when resolved), {pct('first_contact_resolution_rate')} at first contact, "
                f"SLA met {pct('sla_met_rate')}, reopened {pct('reopen_rate')}, escalated "
                f"{pct('escalation_rate')}")
        o = self.overall.set_index("kpi")
        if "csat_mean" in o.index:
            text += (f"; CSAT {v('csat_mean'):.2f} of 5 ({pct('csat_top2_share', 0)} gave 4 or "
                     f"5) from {int(o.loc['csat_mean', 'n']):,} respondents")
            if "survey_response_rate" in o.index:
                text += f" ({pct('survey_response_rate', 0)} response)"
        if "nps" in o.index and not np.isnan(v("nps")):
            text += f", NPS {v('nps'):+.0f}"
        text += "."
        keys = self.by + ([_FREQS[self.freq]] if self.freq else [])
        if keys:
            groups = len(self.table.drop_duplicates(self.group_columns))
            text += (f" By {' and '.join(keys)}: {groups:,} groups with "
                     f"{self.confidence:.0%} intervals; see .table or .wide().")
        return text

    # ------------------------------------------------------------------ dashboard
    def _group_labels(self, t: pd.DataFrame) -> pd.Series:
        if not self.by:
            return pd.Series("all complaints", index=t.index)
        parts = [t[b].astype("object").where(t[b].notna(), "(missing)").astype(str)
                 for b in self.by]
        lab = parts[0]
        for p in parts[1:]:
            lab = lab + " / " + p
        return lab

    def plot(self, ax=None, *, kpis: Sequence[str] | str | None = None):
        """A KPI dashboard: one small panel per KPI.

        With ``freq``, lines over time with the interval as a band (one line per group when
        grouped too); with ``by`` only, dots with interval whiskers per group; with neither,
        one dot and whisker per panel. Shares are drawn as percentages.

        Parameters
        ----------
        ax : Axes or array of Axes, optional
            Where to draw. Omitted: a new figure with one panel per KPI. An array (or list)
            of Axes: one panel per KPI, in order (at least as many Axes as KPIs). A single
            Axes: one panel, the first of ``kpis`` (by default the dashboard's first panel,
            ``complaints``); name the KPI with ``kpis=["csat_mean"]``.
        kpis : str or list of str, optional
            The KPIs to draw, in order (default: every KPI in the table). Keyword-only; the
            older ``plot(["csat_mean", ...])`` with the KPIs first still works for a while,
            with a DeprecationWarning.

        Returns
        -------
        numpy.ndarray of matplotlib.axes.Axes
            One Axes per KPI, in the order drawn (one element when a single Axes was given).

        Examples
        --------
        >>> import complaintkit as ck
        >>> import matplotlib.pyplot as plt
        >>> w = ck.load_dataset("ecommerce_en")
        >>> res = ck.kpis(ck.complaint_frame(w.complaints, w.surveys), by="channel")
        >>> fig, ax = plt.subplots()
        >>> res.plot(ax, kpis=["csat_mean"])[0].get_title()
        'CSAT, mean (1-5)'
        >>> plt.close("all")
        """
        import matplotlib.pyplot as plt
        from matplotlib.axes import Axes

        from ..plotting import fix_fonts, plot_context

        ax, kpis = option_passed_as_ax(ax, kpis, name="kpis")
        names = self._kpis_to_draw(kpis, one_panel=isinstance(ax, Axes))
        t = self.table[self.table["kpi"].isin(names)].copy()
        t["_label"] = self._group_labels(t)
        labels = list(dict.fromkeys(t["_label"]))
        lines = self.freq is not None
        if lines and len(labels) > _MAX_LINES:
            raise ValueError(f"{len(labels)} groups are too many lines for one panel (at most "
                             f"{_MAX_LINES}): filter the data to a few groups, or plot without "
                             "freq for dots per group")
        with plot_context():
            if ax is None:
                fig, axes, ncols = self._new_figure(len(names), lines, len(labels))
            else:
                fig, axes, ncols = None, _given_axes(ax, len(names)), 1
            colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
            for i, (a, kpi) in enumerate(zip(axes, names, strict=True)):
                rows = t[t["kpi"] == kpi]
                if lines:
                    _draw_lines(a, rows, labels, kpi, self.freq, colors)
                else:  # in a new figure, the groups are named once per row
                    ylabel = " / ".join(self.by) if fig is None or i % ncols == 0 else None
                    _draw_dots(a, rows, labels, kpi, colors[0], ylabel)
                a.set_title(KPI_LABELS[kpi], fontsize=10)
            if lines and self.by:
                self._legend(fig, axes, len(labels))
            fix_fonts(*axes)
        return np.asarray(axes, dtype=object)

    def _kpis_to_draw(self, kpis, one_panel: bool) -> list[str]:
        have = list(dict.fromkeys(self.table["kpi"]))
        if kpis is None:
            return have[:1] if one_panel else have
        names = [kpis] if isinstance(kpis, str) else list(kpis)
        for k in names:
            if k not in have:
                raise ValueError(f"kpis must be among {', '.join(map(repr, have))}, but "
                                 f"{k!r} was passed")
        if not names:
            raise ValueError("kpis is empty: name at least one KPI to draw")
        return names

    def _new_figure(self, k: int, lines: bool, n_labels: int):
        """A figure with one panel per KPI (the spare grid cells removed)."""
        import matplotlib.pyplot as plt

        ncols = min(k, 4 if lines else 3)
        nrows = -(-k // ncols)
        height = 2.6 if lines else max(1.6, 0.28 * n_labels + 1.1)
        fig, grid = plt.subplots(nrows, ncols, squeeze=False, layout="constrained",
                                 figsize=(3.7 * ncols, height * nrows))
        axes = list(grid.ravel())
        for extra in axes[k:]:
            fig.delaxes(extra)
        what = " by " + " and ".join(self.by) if self.by else ""
        per = f" per {_FREQS[self.freq]}" if self.freq else ""
        band = "bands" if lines else "whiskers"
        fig.suptitle(f"Complaint KPIs{what}{per} ({band}: {self.confidence:.0%} "
                     "confidence intervals)")
        return fig, axes[:k], ncols

    def _legend(self, fig, axes, n_labels: int) -> None:
        title = " / ".join(self.by)
        if fig is not None:
            handles, names = axes[0].get_legend_handles_labels()
            fig.legend(handles, names, loc="outside lower center", title=title,
                       ncols=min(n_labels, 6), fontsize=8, title_fontsize=8)
        else:
            axes[0].legend(fontsize=7, title=title, title_fontsize=7)


# --------------------------------------------------------------------------- dashboard panels
def _given_axes(ax, k: int) -> list:
    axes = list(np.ravel(np.asarray(ax, dtype=object)))
    if len(axes) < k:
        raise ValueError(f"ax has {len(axes)} axes but {k} KPIs are to be drawn: "
                         "pass more axes or fewer kpis")
    return axes[:k]


def _draw_lines(a, rows: pd.DataFrame, labels: list[str], kpi: str, freq: str,
                colors: list) -> None:
    """One line per group over the periods, the interval as a band."""
    from matplotlib import dates as mdates

    meta = _META[kpi]
    for i, lab in enumerate(labels):
        r = rows[rows["_label"] == lab]
        x = r["period"].to_numpy()
        color = colors[i % len(colors)]
        a.plot(x, r["value"].to_numpy() * meta.scale, marker="o", markersize=3, color=color,
               label=lab)
        if kpi != "complaints":
            a.fill_between(x, r["ci_lower"].to_numpy() * meta.scale,
                           r["ci_upper"].to_numpy() * meta.scale,
                           color=color, alpha=0.15, linewidth=0)
    loc = mdates.AutoDateLocator(maxticks=6)
    a.xaxis.set_major_locator(loc)
    a.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    a.set_xlabel(_FREQS[freq])
    a.set_ylabel(meta.axis)


def _draw_dots(a, rows: pd.DataFrame, labels: list[str], kpi: str, color,
               ylabel: str | None) -> None:
    """One dot with interval whiskers per group; ``ylabel=None`` hides the group names."""
    meta = _META[kpi]
    r = rows.set_index("_label").reindex(labels)
    y = np.arange(len(labels))[::-1]
    a.hlines(y, r["ci_lower"] * meta.scale, r["ci_upper"] * meta.scale,
             color=color, linewidth=2, alpha=0.6)
    a.plot(r["value"].to_numpy() * meta.scale, y, "o", color=color)
    a.set_yticks(y, labels)
    a.set_ylim(-0.7, len(labels) - 0.3)
    a.grid(True, axis="x")
    a.grid(False, axis="y")
    a.set_xlabel(meta.axis)
    if ylabel is None:
        a.tick_params(labelleft=False)
    else:
        a.set_ylabel(ylabel)


def kpis(data: pd.DataFrame, by: str | Sequence[str] | None = None, freq: str | None = None,
         *, time: str = "received_at", confidence: float = 0.95,
         columns: Mapping[str, str] | None = None) -> KpiResult:
    """Service KPIs with counts and confidence intervals, by group and over time.

    Parameters
    ----------
    data : DataFrame
        One row per complaint, as built by ``ck.complaint_frame(complaints, surveys)``. A
        ``complaint_id`` that repeats or is missing is refused (it would count twice).
        Without the survey columns (``complaint_frame(complaints)``) the survey KPIs are not
        reported, with a note.
    by : str or list of str, optional
        Group by these columns (``"channel"``, ``"category"``, ``"agent_id"``, ``"team"`` ...).
        Missing values form a group of their own; a group with no rows is absent.
    freq : {"D", "W", "M", "Q"}, optional
        Also group by periods of ``time``: days, weeks (Monday to Sunday), months, quarters.
        The ``period`` column holds each period's first day (a week may start before the
        data do).
    time : str
        The date-time column that places a complaint in a period.
    confidence : float
        Confidence level of the intervals.
    columns : mapping, optional
        Your column names for kpis' inputs, e.g. ``{"hours_to_first_response": "frt_h"}``.
        Inputs: ``hours_to_first_response``, ``hours_to_resolution`` (numbers of hours),
        ``resolved``, ``first_contact_resolution``, ``sla_met``, ``reopened``, ``escalated``
        (true/false), and optionally ``responded`` (true/false), ``csat_score`` (1-5),
        ``nps`` (0-10) and ``survey_id`` (present when a survey was sent).

    Returns
    -------
    KpiResult
        ``.table`` has one row per group and KPI, with the columns

        - the ``by`` columns, and ``period`` (the period's start, a Timestamp) with ``freq``;
        - ``kpi``: the KPI's name (below);
        - ``value``: the estimate;
        - ``ci_lower``, ``ci_upper``: the confidence interval (missing where there is none);
        - ``n``: the complaints the estimate rests on (its denominator);
        - ``unit``: ``hours``, ``share`` (0-1), ``score 1-5``, ``points`` or ``complaints``.

        The KPIs: ``complaints`` (count, no interval); ``first_response_median_hours`` and
        ``first_response_p90_hours`` (over complaints with a first response);
        ``resolution_median_hours`` (over resolved complaints only); ``resolution_rate``,
        ``first_contact_resolution_rate``, ``sla_met_rate`` and ``escalation_rate`` (over all
        complaints); ``reopen_rate`` (over complaints resolved at least once);
        ``survey_response_rate`` (over complaints sent a survey: all of them unless a
        ``survey_id`` column says otherwise); ``csat_mean``, ``csat_top2_share`` (4 or 5)
        and ``nps`` (% promoters 9-10 minus % detractors 0-6, -100 to 100) over the answers
        given. Missing values are left out of a KPI's ``n``, never filled in; ``.notes``
        says how many, after the row ledger's line (``.ledger``): every complaint is used,
        and one with a missing ``by`` value or ``time`` is kept as a group of its own.

        Intervals: Wilson score for shares; the distribution-free order-statistic (binomial)
        interval for the median and 90th percentile (a bound is missing when there are too
        few complaints for one); a t interval for the mean CSAT; a normal approximation for
        NPS. ``.summary()``, ``.wide()`` (one column per KPI) and ``.plot()`` (a dashboard)
        read them.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> f = ck.complaint_frame(w.complaints, w.surveys)
    >>> res = ck.kpis(f)
    >>> res.table.loc[res.table["kpi"] == "first_contact_resolution_rate",
    ...               ["value", "ci_lower", "ci_upper", "n"]].round(3).to_dict("records")
    [{'value': 0.701, 'ci_lower': 0.691, 'ci_upper': 0.712, 'n': 7222}]
    >>> res.notes[0]
    'all 7,222 complaints used'
    >>> monthly = ck.kpis(f, by="channel", freq="M")
    >>> monthly.wide().shape  # 6 channels x 12 months; channel, period and 13 KPIs
    (72, 15)
    >>> import matplotlib.pyplot as plt
    >>> axes = monthly.plot(kpis=["first_response_median_hours", "csat_mean"])
    >>> [ax.get_title() for ax in axes]
    ['First response, median (h)', 'CSAT, mean (1-5)']
    >>> plt.close("all")
    """
    conf = checks.confidence(confidence)
    data = checks.check_frame(data)
    by_cols = checks.by_columns(by, data)
    freq = None if freq is None else checks.freq(freq, _FREQS)
    ts = None if freq is None else checks.times(data, time, missing="keep")  # in the notes
    _check_clash(by_cols, freq)
    if "complaint_id" in data.columns:  # a repeated complaint would count twice in every KPI
        unique_ids(data, "complaint_id", "data", "complaint")
    cols = _roles(data, columns)
    ledger = RowLedger(data, unit="complaints")  # no row is left out of every KPI
    measures = _measures(data, cols)
    keys, group_notes = _group_keys(data, by_cols, freq, ts, time)
    table, overall = _tables(measures.values, keys, alpha=1 - conf)
    notes = (measures.notes + group_notes + _time_notes(measures, cols)
             + _flag_notes(measures, cols) + _survey_notes(measures, cols)
             + _group_notes(table, grouped=len(keys.columns) > 0, confidence=conf))
    return KpiResult(table=table, assumptions=_assumptions(conf, freq, time), notes=notes,
                     ledger=ledger, overall=overall, by=by_cols, freq=freq, time=time,
                     confidence=conf)

