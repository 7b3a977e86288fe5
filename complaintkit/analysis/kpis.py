"""Service KPIs with confidence intervals: overall, by any grouping and over time.

Seed 002: a complaint team is judged on first response time, average response time,
resolution rate, average resolution time and customer satisfaction. :func:`kpis` reports
those and the other usual ones (first-contact resolution, SLA met, reopen and escalation
rates, CSAT top-2-box, NPS, survey response rate) as one tidy table, each with the number of
complaints it rests on and a confidence interval, so a small team's bad month can be told
apart from noise.

Times are summarised by medians and 90th percentiles, not means: they are heavily skewed (a few
complaints wait days), and a mean moves with the tail.

Real exports hold only some of these columns (the CFPB database has a timely-response flag and
a dispute flag, no times of first response): :func:`kpis` reports the KPIs whose columns the
frame has, says in one note which column is missing for which KPI, and adds any flag of the
source as a share (``shares=["timely_response"]``) and any pair of times as a duration
(``durations={"days_to_close": ("received_at", "closed_at")}``), each with its interval.

Every text is written in the language of the data (``complaintkit.i18n``): in a Chinese world
the summary, notes, assumptions, errors and the dashboard are Chinese, with labels for the
groups; the table keeps the KPI names and codes.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import flags
from ..i18n import N_, fmt_int, fmt_pct, is_english, locale_of, tr
from ..locale import LOCALES
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


# label, short and axis are shown (translated with tr in the result's language); unit is
# a code of the table's ``unit`` column
_META: dict[str, _Kpi] = {
    "complaints": _Kpi(N_("Complaints"), N_("count"), "complaints", N_("complaints")),
    "first_response_median_hours": _Kpi(N_("First response, median"), N_("h"), "hours",
                                        N_("hours")),
    "first_response_p90_hours": _Kpi(N_("First response, p90"), "h", "hours", "hours"),
    "resolution_median_hours": _Kpi(N_("Resolution, median"), N_("h, resolved"), "hours",
                                    "hours"),
    "resolution_rate": _Kpi(N_("Resolution rate"), "%", "share", "%", 100.0),
    "first_contact_resolution_rate": _Kpi(N_("First-contact resolution"), "%", "share", "%",
                                          100.0),
    "sla_met_rate": _Kpi(N_("SLA met"), "%", "share", "%", 100.0),
    "reopen_rate": _Kpi(N_("Reopened"), N_("% of resolved"), "share", "%", 100.0),
    "escalation_rate": _Kpi(N_("Escalated"), "%", "share", "%", 100.0),
    "survey_response_rate": _Kpi(N_("Survey response"), "%", "share", "%", 100.0),
    "csat_mean": _Kpi(N_("CSAT, mean"), "1-5", "score 1-5", N_("score (1-5)")),
    "csat_top2_share": _Kpi(N_("CSAT top-2-box"), N_("% 4 or 5"), "share", "%", 100.0),
    "nps": _Kpi("NPS", N_("-100 to 100"), "points", N_("NPS points")),
}
_UNIT_WORDS = (N_("days"), N_("median"), N_("mean"), N_("{name}, {stat}"))

KPIS: tuple[str, ...] = tuple(_META)
"""Every KPI :func:`kpis` can report, in the order of its table."""

KPI_LABELS: dict[str, str] = {k: f"{m.label} ({m.short})" for k, m in _META.items()}
"""A readable title with its unit for each KPI (as in the dashboard)."""

# The columns kpis() reads, by role; ``columns=`` maps a role to another column name.
_DERIVED = ("hours_to_first_response", "hours_to_resolution", "resolved")
_FLAGS = ("first_contact_resolution", "sla_met", "reopened", "escalated")
_SURVEY = ("responded", "csat_score", "nps")
_ROLES = _DERIVED + _FLAGS + _SURVEY + ("survey_id",)
_FREQS = {"D": N_("day"), "W": N_("week"), "M": N_("month"), "Q": N_("quarter")}
_OUTPUT = ("kpi", "value", "ci_lower", "ci_upper", "n", "unit")
_MAX_LINES = 10  # lines in one panel (more groups: the largest and "other")
_MAX_DOTS = 20  # dots in one panel

#: the input columns (roles) each KPI reads: without one of them it is not reported
_NEEDS: dict[str, tuple[str, ...]] = {
    "complaints": (),
    "first_response_median_hours": ("hours_to_first_response",),
    "first_response_p90_hours": ("hours_to_first_response",),
    "resolution_median_hours": ("hours_to_resolution", "resolved"),
    "resolution_rate": ("resolved",),
    "first_contact_resolution_rate": ("first_contact_resolution",),
    "sla_met_rate": ("sla_met",),
    "reopen_rate": ("reopened", "resolved"),
    "escalation_rate": ("escalated",),
    "survey_response_rate": ("responded",),
    "csat_mean": ("csat_score",),
    "csat_top2_share": ("csat_score",),
    "nps": ("nps",),
}

#: what each KPI row is computed from: (the measure's key, the statistic)
_SPEC: dict[str, tuple[str | None, str]] = {
    "complaints": (None, "count"),
    "first_response_median_hours": ("frt", "median"),
    "first_response_p90_hours": ("frt", "p90"),
    "resolution_median_hours": ("rt", "median"),
    "resolution_rate": ("resolved", "share"),
    "first_contact_resolution_rate": ("fcr", "share"),
    "sla_met_rate": ("sla", "share"),
    "reopen_rate": ("reopen", "share"),
    "escalation_rate": ("esc", "share"),
    "survey_response_rate": ("responded", "share"),
    "csat_mean": ("csat", "mean"),
    "csat_top2_share": ("top2", "share"),
    "nps": ("nps", "nps"),
}

_MEAN_DURATIONS = N_(" and for mean durations (its lower end cut at 0)")

#: seconds in one unit of a duration
_SECONDS = {"hours": 3600.0, "days": 86400.0}

#: the messages of this module's newer parts, in one place (for the zh catalogue to come)
_MSG = {
    "absent": N_("not reported, for want of their columns: {which}; build the frame with "
                 "ck.complaint_frame(complaints, surveys), or name your own columns with "
                 "columns={{role: your_column}}"),
    "absent_one": N_("{kpis} (no {cols} column)"),
    "absent_many": N_("{kpis} (no {cols} columns)"),
    "needs": N_("{kpi} needs the column {col!r}, which is not in data{hint}: drop it from "
                "kpis=, build the frame with ck.complaint_frame(complaints, surveys), or name "
                "your own column with columns={{{role!r}: ...}}"),
    "unknown_kpi": N_("kpis must be among {have}, but {kpi!r} was passed (a flag of your own: "
                      "shares=[{kpi!r}])"),
    "kpis_type": N_("kpis must be a KPI's name or a list of them (e.g. ['sla_met_rate']), not "
                    "{value!r}"),
    "kpis_twice": N_("kpis names {kpi!r} twice"),
    "nothing": N_("nothing to report: kpis=[] and no shares= or durations= were given"),
    "durations_type": N_("durations must map a name to a pair of time columns, e.g. "
                         "{{'days_to_close': ('received_at', 'closed_at')}} (a third item, "
                         "'hours' or 'days', sets the unit), not {value!r}"),
    "duration_name": N_("durations: {name!r} must be a snake_case name such as "
                        "'days_to_close'"),
    "clash": N_("{what} {name!r} would make the KPI {kpi!r}, which is already reported: "
                "choose another name"),
    "unit": N_("durations: the unit of {name!r} must be 'hours' or 'days', not {unit!r}"),
    "same": N_("durations: {name!r} runs from {col!r} to itself: name two different columns"),
    "flag_split": N_(" ({na:,} n/a, {empty:,} empty)"),
    "negative": N_("{name}: {end} is before {start} in {k:,} of {n:,} complaints ({rows}): "
                   "they are left out of {name}_median and {name}_mean; check the timestamps"),
    "open": N_("{name}: {k:,} of {n:,} complaints lack {start} or {end} (e.g. not closed yet): "
               "{name}_median and {name}_mean are over the {used:,} that have both, so they "
               "leave out the open ones (a median of finished cases only)"),
    "duration_unit": N_("{name}: from {start} to {end}, in {unit}"),
}


# --------------------------------------------------------------------------- input
def _column_map(columns: Mapping[str, str] | None, lang: str | None = None) -> dict[str, str]:
    names = {r: r for r in _ROLES}
    if columns is None:
        return names
    if not isinstance(columns, Mapping):
        raise TypeError(tr("columns must be a mapping from kpis' column name to yours, e.g. "
                           "{{'hours_to_first_response': 'frt_h'}}, not {type}", lang,
                           type=type(columns).__name__))
    for role, col in columns.items():
        if role not in names:
            raise ValueError(tr("columns keys must be one of {roles}, but {role!r} was passed",
                                lang, roles=", ".join(map(repr, _ROLES)), role=role))
        if not isinstance(col, str):
            raise TypeError(tr("column names must be text, not {col!r}", lang, col=col))
        names[role] = col
    return names


def _hours(s: pd.Series, col: str, lang: str | None = None) -> np.ndarray:
    if pd.api.types.is_timedelta64_dtype(s):
        raise TypeError(tr("{col} must hold hours as numbers, not timedeltas: convert with "
                           "df[{col!r}].dt.total_seconds() / 3600", lang, col=col))
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        raise TypeError(tr("{col} must hold hours as numbers, not {dtype}", lang, col=col,
                           dtype=s.dtype))
    return s.to_numpy(dtype=float, na_value=np.nan)


def _read_flag(s: pd.Series, col: str) -> tuple[np.ndarray, int]:
    """A yes/no flag as 1.0/0.0, n/a and empty as NaN, by the kit's one rule
    (:mod:`complaintkit.flags`: True/False, 1/0, "Yes"/"No"/"N/A", yes/no/n/a categoricals);
    also the number of n/a answers (kept apart from the empty ones in the notes)."""
    if s.dtype == bool:
        return s.to_numpy(dtype=float), 0
    coded = flags.read_flags(s, col)
    x = np.where(coded == "yes", 1.0, np.where(coded == "no", 0.0, np.nan))
    return x, int((coded == "n/a").sum())


def _flag(s: pd.Series, col: str) -> np.ndarray:
    return _read_flag(s, col)[0]


def _score(s: pd.Series, col: str, lo: float, hi: float,
           lang: str | None = None) -> np.ndarray:
    if isinstance(s.dtype, pd.CategoricalDtype):  # straight from the surveys table
        s = pd.to_numeric(s.astype("object"), errors="coerce")
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        raise TypeError(tr("{col} must hold numbers, not {dtype}", lang, col=col,
                           dtype=s.dtype))
    v = s.to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isnan(v) & ((v < lo) | (v > hi))
    if bad.any():
        row = s.index[bad][0]
        raise ValueError(tr("{col} must lie between {lo:g} and {hi:g}, but row {row} holds "
                            "{value:g}", lang, col=col, lo=lo, hi=hi, row=row,
                            value=v[bad][0]))
    return v


# --------------------------------------------------------------------------- arguments
def _check_clash(by_cols: list[str], freq: str | None, lang: str | None = None) -> None:
    """A ``by`` column may not share a name with an output column."""
    clash = [b for b in by_cols if b in _OUTPUT or (freq is not None and b == "period")]
    if clash:
        raise ValueError(tr("by column {name!r} clashes with an output column of kpis(); "
                            "rename it first", lang, name=clash[0]))


@dataclass(frozen=True)
class _Out:
    """One KPI row of the table: its name, the measure it reads, the statistic, the unit."""

    kpi: str
    key: str | None
    stat: str  # count, median, p90, share, mean, nps
    meta: _Kpi


@dataclass
class _Plan:
    """What kpis() reports and from which columns."""

    cols: dict[str, str]  # role -> the frame's column
    standard: list[str]  # the usual KPIs reported
    absent: dict[str, list[str]]  # KPI -> its missing columns (default KPIs only)
    shares: list[str]  # flag columns reported as shares
    durations: dict[str, tuple[str, str, str]]  # name -> (start, end, unit)
    lang: str | None = None  # the language of titles and notes

    @property
    def outs(self) -> list[_Out]:
        outs = [_Out(k, *_SPEC[k], _META[k]) for k in self.standard]
        for flag in self.shares:
            outs.append(_Out(f"{flag}_share", f"share:{flag}", "share",
                             _Kpi(_words(flag), "%", "share", "%", 100.0)))
        for name, (_, _, unit) in self.durations.items():
            for stat in ("median", "mean"):
                label = tr("{name}, {stat}", self.lang, name=_words(name),
                           stat=tr(stat, self.lang))
                outs.append(_Out(f"{name}_{stat}", f"duration:{name}", stat,
                                 _Kpi(label, unit, unit, unit)))
        return outs


def _words(name: str) -> str:
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


def _plan(data: pd.DataFrame, columns, wanted, shares, durations,
          lang: str | None = None) -> _Plan:
    """The KPIs to report: the requested ones (each with its columns, else an error naming
    both), or every one whose columns the frame has; plus the shares and durations."""
    cols = _column_map(columns, lang)
    for role in dict(columns or {}):  # a column the user named must be there
        check_columns(data, [cols[role]])
    absent = {k: [cols[r] for r in _NEEDS[k] if cols[r] not in data.columns] for k in KPIS}
    if wanted is None:
        standard = [k for k in KPIS if not absent[k]]
    else:
        standard = _requested(wanted, data, cols, absent, lang)
    plan = _Plan(cols, standard, {k: v for k, v in absent.items() if v and wanted is None},
                 _shares(shares, data), _durations(durations, data, lang), lang)
    names = [o.kpi for o in plan.outs]
    if not names:
        raise ValueError(tr(_MSG["nothing"], lang))
    twice = [k for i, k in enumerate(names) if k in names[:i]]
    if twice:
        what = "shares" if twice[0].endswith("_share") else "durations"
        raise ValueError(tr(_MSG["clash"], lang, what=what, name=twice[0].rsplit("_", 1)[0],
                            kpi=twice[0]))
    return plan


def _requested(wanted, data: pd.DataFrame, cols: dict[str, str],
               absent: dict[str, list[str]], lang: str | None = None) -> list[str]:
    """The KPIs named in ``kpis=``: known ones whose columns are in ``data``."""
    names = [wanted] if isinstance(wanted, str) else wanted
    if not isinstance(names, Sequence):
        raise TypeError(tr(_MSG["kpis_type"], lang, value=wanted))
    names = list(names)
    twice = [k for i, k in enumerate(names) if k in names[:i]]
    if twice:
        raise ValueError(tr(_MSG["kpis_twice"], lang, kpi=twice[0]))
    for k in names:
        if k not in _META:
            raise ValueError(tr(_MSG["unknown_kpi"], lang, have=", ".join(map(repr, KPIS)),
                                kpi=k))
        if absent[k]:
            col = absent[k][0]
            role = next(r for r in _NEEDS[k] if cols[r] == col)
            close = difflib.get_close_matches(col, [str(c) for c in data.columns], n=1)
            hint = tr(" (did you mean {name!r}?)", lang, name=close[0]) if close else ""
            raise KeyError(tr(_MSG["needs"], lang, kpi=k, col=col, hint=hint, role=role))
    return [k for k in KPIS if k in names]


def _shares(shares, data: pd.DataFrame) -> list[str]:
    return [] if shares is None else checks.column_names("shares", shares, data)


def _durations(durations, data: pd.DataFrame,
               lang: str | None = None) -> dict[str, tuple[str, str, str]]:
    """``name -> (start, end[, unit])`` checked: two time columns of data, hours or days."""
    if durations is None:
        return {}
    if not isinstance(durations, Mapping):
        raise TypeError(tr(_MSG["durations_type"], lang, value=durations))
    out = {}
    for name, spec in durations.items():
        if not isinstance(name, str) or not name.isidentifier() or name != name.lower():
            raise ValueError(tr(_MSG["duration_name"], lang, name=name))
        if isinstance(spec, str) or not isinstance(spec, Sequence) or len(spec) not in (2, 3):
            raise TypeError(tr(_MSG["durations_type"], lang, value=spec))
        start, end = spec[0], spec[1]
        unit = spec[2] if len(spec) == 3 else _unit_from_name(name)
        if unit not in _SECONDS:
            raise ValueError(tr(_MSG["unit"], lang, name=name, unit=unit))
        if start == end:
            raise ValueError(tr(_MSG["same"], lang, name=name, col=start))
        check_columns(data, [start, end])
        out[name] = (start, end, unit)
    return out


def _unit_from_name(name: str) -> str:
    """``days`` when the name says so (``days_to_close``, ``close_days``), else ``hours``."""
    return "days" if "days" in name.split("_") else "hours"


# --------------------------------------------------------------------------- measures
@dataclass
class _Measures:
    """kpis()' inputs as float arrays, NaN where a complaint is not in a KPI's ``n``."""

    values: dict[str, np.ndarray]  # what _stats reads (frt, rt, resolved, fcr, sla, ...)
    n: int  # complaints given
    na: dict[str, int] = field(default_factory=dict)  # flag key -> its n/a answers
    hours_to_resolution: np.ndarray | None = None  # as given (for the notes)
    resolved_once: np.ndarray | None = None  # resolved, or reopened: the reopen rate's n
    notes: list[str] = field(default_factory=list)


_FLAG_KEYS = {"resolved": "resolved", "fcr": "first_contact_resolution", "sla": "sla_met",
              "esc": "escalated"}


def _measures(data: pd.DataFrame, plan: _Plan) -> _Measures:
    """Read and check the input columns the plan uses (missing values stay NaN)."""
    keys = {o.key for o in plan.outs}
    cols, lang = plan.cols, plan.lang
    m = _Measures({}, len(data))
    if "frt" in keys:
        m.values["frt"] = _hours(data[cols["hours_to_first_response"]],
                                 cols["hours_to_first_response"], lang)
    for key, role in _FLAG_KEYS.items():
        if key in keys or (key == "resolved" and keys & {"rt", "reopen"}):
            m.values[key], m.na[key] = _read_flag(data[cols[role]], cols[role])
    if "rt" in keys:
        m.hours_to_resolution = _hours(data[cols["hours_to_resolution"]],
                                       cols["hours_to_resolution"], lang)
        m.values["rt"] = np.where(m.values["resolved"] == 1, m.hours_to_resolution, np.nan)
    if "reopen" in keys:
        reopened = _flag(data[cols["reopened"]], cols["reopened"])
        m.resolved_once = (m.values["resolved"] == 1) | (reopened == 1)
        m.values["reopen"] = np.where(m.resolved_once, reopened, np.nan)
    _survey_measures(data, cols, keys, m, lang)
    _own_measures(data, plan, m)
    return m


def _survey_measures(data: pd.DataFrame, cols: dict[str, str], keys: set, m: _Measures,
                     lang: str | None = None):
    """The survey inputs asked for: responded, csat (and its top-2 box), nps."""
    if "responded" in keys:
        m.values["responded"], notes = _responded(data, cols,
                                                  cols["survey_id"] in data.columns, lang)
        m.notes += notes
    if keys & {"csat", "top2"}:
        csat = _score(data[cols["csat_score"]], cols["csat_score"], 1, 5, lang)
        m.values["csat"] = csat
        m.values["top2"] = np.where(np.isnan(csat), np.nan, csat >= 4)
    if "nps" in keys:
        m.values["nps"] = _score(data[cols["nps"]], cols["nps"], 0, 10, lang)


def _responded(data: pd.DataFrame, cols: dict[str, str], has_survey_id: bool,
               lang: str | None = None) -> tuple[np.ndarray, list[str]]:
    """Responded, over the complaints sent a survey (all of them without ``survey_id``)."""
    resp = _flag(data[cols["responded"]], cols["responded"])
    if not has_survey_id:
        return resp, []
    sent = data[cols["survey_id"]].notna().to_numpy()
    notes = []
    if (~sent).any():
        notes.append(tr("survey_response_rate: {k:,} of {n:,} complaints were sent a survey; "
                        "the other {rest:,} are not in its n", lang, k=int(sent.sum()),
                        n=len(data), rest=int((~sent).sum())))
    return np.where(sent, resp, np.nan), notes


def _own_measures(data: pd.DataFrame, plan: _Plan, m: _Measures) -> None:
    """The shares of the source's own flags and the durations between its times."""
    for flag in plan.shares:
        key = f"share:{flag}"
        m.values[key], m.na[key] = _read_flag(data[flag], flag)
    for name, (start, end, unit) in plan.durations.items():
        m.values[f"duration:{name}"], notes = _duration(data, name, start, end, unit,
                                                        plan.lang)
        m.notes += notes


def _duration(data: pd.DataFrame, name: str, start: str, end: str, unit: str,
              lang: str | None = None) -> tuple[np.ndarray, list[str]]:
    """``end - start`` in ``unit``; missing or negative (end before start) left out, with the
    rows named."""
    a = checks.times(data, start, what="duration", missing="keep")
    b = checks.times(data, end, what="duration", missing="keep")
    x = (b - a).dt.total_seconds().to_numpy(dtype=float, na_value=np.nan) / _SECONDS[unit]
    notes = [tr(_MSG["duration_unit"], lang, name=name, start=start, end=end,
                unit=tr(unit, lang))]
    neg = x < 0
    if neg.any():
        notes.append(tr(_MSG["negative"], lang, name=name, k=int(neg.sum()), n=len(x), end=end,
                        start=start, rows=checks._rows(neg, data.index, lang=lang)))
        x = np.where(neg, np.nan, x)
    open_ = int((a.isna() | b.isna()).sum())
    if open_:
        notes.append(tr(_MSG["open"], lang, name=name, k=open_, n=len(x), start=start, end=end,
                        used=int((~np.isnan(x)).sum())))
    return x, notes


# --------------------------------------------------------------------------- groups
def _group_keys(data: pd.DataFrame, by_cols: list[str], freq: str | None,
                ts: pd.Series | None, time: str,
                lang: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The group columns (``by``, then ``period``); a missing value is a group of its own."""
    keys = pd.DataFrame({b: data[b] for b in by_cols}, index=data.index)
    notes = []
    if freq is not None:
        if isinstance(data[time].dtype, pd.DatetimeTZDtype):
            notes.append(tr("periods are of the local time in {time} (time zone {tz})", lang,
                            time=_column(time, lang), tz=data[time].dt.tz))
        keys["period"] = ts.dt.to_period(freq).dt.start_time
    for col in keys.columns:
        miss = int(keys[col].isna().sum())
        if miss:
            what = time if col == "period" and freq is not None else col
            notes.append(tr("{what} is missing for {k:,} complaints: they are kept as a group "
                            "of their own (an empty group value)", lang,
                            what=_column(what, lang), k=miss))
    return keys, notes


def _column(name: str, lang: str | None) -> str:
    """A column's name as shown: its label in a non-English locale that has one."""
    if is_english(lang) or lang not in LOCALES:
        return name
    return checks.column_label(name, lang)


def _tables(values: dict[str, np.ndarray], keys: pd.DataFrame, outs: list[_Out],
            alpha: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tidy table (one row per group and KPI) and the overall table."""
    overall = _long(_stats(values, np.zeros(len(keys), dtype=np.int64), 1, alpha, outs),
                    None, outs)
    if not len(keys.columns):
        return overall, overall.copy()
    grouped = keys.groupby(list(keys.columns), observed=True, dropna=False, sort=True)
    codes = grouped.ngroup().to_numpy(dtype=np.int64)
    groups = grouped.size().index.to_frame(index=False)
    return _long(_stats(values, codes, len(groups), alpha, outs), groups, outs), overall


# --------------------------------------------------------------------------- notes
def _missing_note(x: np.ndarray, col: str, kpi_names: str, n_all: int,
                  na: int | None = None, lang: str | None = None) -> list[str]:
    k = int(np.isnan(x).sum())
    if not k:
        return []
    split = "" if na is None else tr(_MSG["flag_split"], lang, na=na, empty=k - na)
    fields = dict(col=col, k=k, n=n_all, split=split, rest=n_all - k,
                  kpis=", ".join(_kpi_names(kpi_names.split(", "), lang)))
    if "," not in kpi_names:
        return [tr("{col} is missing for {k:,} of {n:,} complaints{split}: {kpis} is over the "
                   "{rest:,} that have it", lang, **fields)]
    return [tr("{col} is missing for {k:,} of {n:,} complaints{split}: {kpis} are over the "
               "{rest:,} that have it", lang, **fields)]


def _kpi_names(kpis, lang: str | None) -> list[str]:
    """KPIs as a note names them: their names in English, their labels elsewhere."""
    if is_english(lang):
        return list(kpis)
    return [tr(_META[k].label, lang) if k in _META else k for k in kpis]


def _absent_note(absent: dict[str, list[str]], lang: str | None = None) -> list[str]:
    """One note: which column is missing for which KPI (KPIs sharing columns together)."""
    if not absent:
        return []
    by_cols: dict[tuple[str, ...], list[str]] = {}
    for kpi, cols in absent.items():
        by_cols.setdefault(tuple(cols), []).append(kpi)
    which = "; ".join(tr(_MSG["absent_many" if len(c) > 1 else "absent_one"], lang,
                         kpis=", ".join(_kpi_names(k, lang)), cols=tr(" and ", lang).join(c))
                      for c, k in by_cols.items())
    return [tr(_MSG["absent"], lang, which=which)]


def _time_notes(m: _Measures, cols: dict[str, str], lang: str | None = None) -> list[str]:
    """What the first-response and resolution times left out, and odd timestamps."""
    notes = []
    if "frt" in m.values:
        frt = m.values["frt"]
        notes += _missing_note(frt, cols["hours_to_first_response"],
                               "first_response_median_hours, first_response_p90_hours", m.n,
                               lang=lang)
        if (frt < 0).any():
            notes.append(tr("{k:,} complaints have a negative {col} (a response before the "
                            "complaint was received): check the timestamps", lang,
                            k=int((frt < 0).sum()), col=cols["hours_to_first_response"]))
    if "rt" in m.values:
        notes += _resolution_notes(m, cols, lang)
    return notes


def _resolution_notes(m: _Measures, cols: dict[str, str], lang: str | None = None) -> list[str]:
    resolved, res_h = m.values["resolved"], m.hours_to_resolution
    n_res = int((resolved == 1).sum())
    notes = [tr("resolution_median_hours is over the {k:,} resolved complaints only; the "
                "{rest:,} not resolved are left out (see resolution_rate)", lang, k=n_res,
                rest=m.n - n_res)]
    lost = int(((resolved == 1) & np.isnan(res_h)).sum())
    if lost:
        notes.append(tr("{k:,} resolved complaints have no {col}: they are not in "
                        "resolution_median_hours", lang, k=lost,
                        col=cols["hours_to_resolution"]))
    if (res_h[resolved == 1] < 0).any():
        notes.append(tr("some resolved complaints have a negative {col}: check the timestamps",
                        lang, col=cols["hours_to_resolution"]))
    return notes


def _flag_notes(m: _Measures, cols: dict[str, str], plan: _Plan) -> list[str]:
    """What the rates over all complaints left out (n/a and empty apart), and the reopen
    rate's n."""
    notes, lang = [], plan.lang
    reported = {o.kpi for o in plan.outs}
    for key, role, kpi in (("resolved", "resolved", "resolution_rate"),
                           ("fcr", "first_contact_resolution", "first_contact_resolution_rate"),
                           ("sla", "sla_met", "sla_met_rate"),
                           ("esc", "escalated", "escalation_rate")):
        if kpi in reported:
            notes += _missing_note(m.values[key], cols[role], kpi, m.n, m.na[key], lang)
    if "reopen" in m.values:
        notes.append(tr("reopen_rate is over the {k:,} complaints resolved at least once "
                        "(resolved, or reopened)", lang, k=int(m.resolved_once.sum())))
    for flag in plan.shares:
        key = f"share:{flag}"
        notes += _missing_note(m.values[key], flag, f"{flag}_share", m.n, m.na[key], lang)
    return notes


def _survey_notes(m: _Measures, lang: str | None = None) -> list[str]:
    """Over whom the survey KPIs are."""
    notes = []
    if "csat" in m.values:
        notes += _csat_notes(m.values, m.n, lang)
    if "nps" in m.values:
        k = int((~np.isnan(m.values["nps"])).sum())
        notes.append(tr("nps: {k:,} of {n:,} complaints gave a 0-10 recommendation score; "
                        "NPS = % promoters (9-10) - % detractors (0-6), over those only", lang,
                        k=k, n=m.n))
    return notes


def _csat_notes(values: dict[str, np.ndarray], n_all: int,
                lang: str | None = None) -> list[str]:
    csat = values["csat"]
    k = int((~np.isnan(csat)).sum())
    notes = [tr("csat: {k:,} of {n:,} complaints answered the survey ({share}); CSAT is over "
                "respondents only — non-response is not random", lang, k=k, n=n_all,
                share=fmt_pct(k / n_all, lang))]
    if "responded" not in values:
        return notes
    said = int((values["responded"] == 1).sum())
    if said > k:
        notes.append(tr("csat: {k:,} respondents left the satisfaction question empty", lang,
                        k=said - k))
    odd = int(((values["responded"] == 0) & ~np.isnan(csat)).sum())
    if odd:
        notes.append(tr("csat: {k:,} complaints have a score but responded is false: check "
                        "the survey join", lang, k=odd))
    return notes


def _group_notes(table: pd.DataFrame, grouped: bool, confidence: float,
                 lang: str | None = None) -> list[str]:
    """Small groups: open time intervals and wide ones."""
    if not grouped:
        return []
    notes = []
    quantiles = table["kpi"].str.endswith(("_hours", "_median"))
    open_ = table[quantiles & (table["n"] > 0)
                  & (table["ci_lower"].isna() | table["ci_upper"].isna())]
    if len(open_):
        notes.append(tr("{k:,} time KPIs (of groups with few complaints) have an open "
                        "{confidence} interval: too few values for an order-statistic bound, "
                        "so that bound is left missing", lang, k=len(open_),
                        confidence=fmt_pct(confidence, lang)))
    if "complaints" in set(table["kpi"]):
        small = int((table.loc[table["kpi"] == "complaints", "n"] < 30).sum())
    else:  # the largest n of a group's KPIs
        keys = [c for c in table.columns if c not in _OUTPUT]
        sizes = table.groupby(keys, observed=True, dropna=False, sort=False)["n"].max()
        small = int((sizes < 30).sum())
    if small:
        notes.append(tr("{k:,} groups have fewer than 30 complaints: their intervals are wide, "
                        "compare them with care", lang, k=small))
    return notes


def _assumptions(confidence: float, freq: str | None, time: str, plan: _Plan) -> list[str]:
    lang = plan.lang
    durations = tr(_MEAN_DURATIONS, lang) if plan.durations else ""
    out = [
        tr("Each complaint counts once and complaints are independent (repeat complainers "
           "make the intervals a little too narrow).", lang),
        tr("{confidence} intervals: Wilson score for shares; the distribution-free "
           "order-statistic (binomial) interval for medians and 90th percentiles (Conover "
           "1999, section 3.2); a t interval for the CSAT mean{durations}; a normal "
           "approximation for NPS.", lang, confidence=fmt_pct(confidence, lang),
           durations=durations),
        tr("CSAT and NPS describe the customers who answered; those who did not may differ.",
           lang),
    ]
    if plan.shares:
        out.append(tr("A share counts yes over yes + no; n/a (not applicable) and empty "
                      "answers are in neither (complaintkit.flags, the kit's one yes/no/N-A "
                      "rule).", lang))
    if freq is not None:
        out.append(tr("A complaint belongs to the {period} of its {time}.", lang,
                      period=tr(_FREQS[freq], lang), time=_column(time, lang)))
    return out


# --------------------------------------------------------------------------- statistics
def _count(codes: np.ndarray, x: np.ndarray, g: int) -> tuple[np.ndarray, np.ndarray]:
    """Per group: the number of non-missing values and their sum."""
    ok = ~np.isnan(x)
    n = np.bincount(codes[ok], minlength=g)
    return n, np.bincount(codes[ok], weights=x[ok], minlength=g)


def _share(codes, x, g, alpha):
    """Share of 1s among the non-missing values, with a Wilson score interval."""
    n, k = _count(codes, x, g)
    return wilson_shares(k, n, alpha)


def wilson_shares(k: np.ndarray, n: np.ndarray, alpha: float):
    """Per group: ``k / n`` with its Wilson score interval, and ``n`` (NaN where ``n`` is 0);
    also used by :mod:`complaintkit.scale` on counts DuckDB made."""
    from statsmodels.stats.proportion import proportion_confint

    g = len(n)
    value, lo, hi = (np.full(g, np.nan) for _ in range(3))
    m = n > 0
    value[m] = k[m] / n[m]
    if m.any():
        lo[m], hi[m] = proportion_confint(np.round(k[m]), n[m], alpha=alpha, method="wilson")
    return value, lo, hi, n


def _sorted_within(c: np.ndarray, v: np.ndarray, n: np.ndarray,
                   start: np.ndarray) -> np.ndarray:
    """The values ``v`` grouped by their codes ``c`` (groups in code order, ``n`` values in
    each, the first at ``start``), sorted within each group: what ``v[np.lexsort((v, c))]``
    gives, but by a stable sort of the codes (a radix sort for fewer than 32,768 groups) and
    one sort per group, about ten times faster on millions of values (issue 14)."""
    g = len(n)
    if g > 20_000 or not len(v):
        return v[np.lexsort((v, c))]
    key = c.astype(np.int16) if g < 2 ** 15 else c
    out = v[np.argsort(key, kind="stable")]
    for a, k in zip(start[n > 1], n[n > 1], strict=True):
        out[a:a + k].sort()
    return out


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
    n = np.bincount(c, minlength=g)
    start = np.cumsum(n) - n
    v = _sorted_within(c, v, n, start)  # sorted within each group, groups one after another
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

def _stats(work: dict[str, np.ndarray], codes: np.ndarray, g: int, alpha: float,
           outs: list[_Out]) -> dict:
    """Each KPI's value, interval bounds and n per group."""
    out = {}
    for o in outs:
        if o.stat == "count":
            n_all = np.bincount(codes, minlength=g)
            out[o.kpi] = (n_all.astype(float), np.full(g, np.nan), np.full(g, np.nan), n_all)
        elif o.stat in ("median", "p90"):
            q = 0.5 if o.stat == "median" else 0.9
            out[o.kpi] = _quantile(codes, work[o.key], g, q, alpha)
        else:
            out[o.kpi] = {"share": _share, "mean": _mean, "nps": _nps}[o.stat](
                codes, work[o.key], g, alpha)
        if o.stat == "mean" and o.key.startswith("duration:"):  # a duration is >= 0
            value, lo, hi, n = out[o.kpi]
            out[o.kpi] = (value, np.maximum(lo, 0.0), hi, n)
    return out


def _long(stats: dict, groups: pd.DataFrame | None, outs: list[_Out]) -> pd.DataFrame:
    parts = []
    for o in outs:
        value, lo, hi, n = stats[o.kpi]
        part = pd.DataFrame({"kpi": o.kpi, "value": value, "ci_lower": lo, "ci_upper": hi,
                             "n": n.astype(np.int64), "unit": o.meta.unit})
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
    locale : str or None
        The language of its texts: ``locale=``, else the data's.
    """

    overall: pd.DataFrame | None = None
    by: list[str] = field(default_factory=list)
    freq: str | None = None
    time: str = "received_at"
    confidence: float = 0.95
    _meta: dict = field(default_factory=dict, repr=False)  # KPI -> how to title and draw it
    _work: tuple | None = field(default=None, repr=False)  # to pool small groups in plots
    locale: str | None = None

    def _kpi(self, kpi: str) -> _Kpi:
        return self._meta.get(kpi) or _META[kpi]

    def _title(self, kpi: str) -> str:
        m, lang = self._kpi(kpi), self.text_locale
        return tr("{label} ({unit})", lang, label=tr(m.label, lang), unit=tr(m.short, lang))

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
        """The overall headline numbers in a sentence or two (of the KPIs reported)."""
        o, lang = self.overall.set_index("kpi"), self.text_locale
        n = int(o.loc["complaints", "value"]) if "complaints" in o.index else self.ledger.total
        text = tr("{n} complaints", lang, n=fmt_int(n, lang))
        parts = _service_parts(self.value, set(o.index), lang)
        if parts:
            text += tr(": ", lang) + tr(", ", lang).join(parts)
        if "csat_mean" in o.index:
            text += tr("; CSAT {mean:.2f} of 5 ({top2} gave 4 or 5) from {k:,} respondents",
                       lang, mean=self.value("csat_mean"), k=int(o.loc["csat_mean", "n"]),
                       top2=_pct(self.value("csat_top2_share"), 0, lang))
            if "survey_response_rate" in o.index:
                text += tr(" ({share} response)", lang,
                           share=_pct(self.value("survey_response_rate"), 0, lang))
        if "nps" in o.index and not np.isnan(self.value("nps")):
            text += tr(", NPS {nps:+.0f}", lang, nps=self.value("nps"))
        own = [self._own_part(k, o.loc[k]) for k in o.index if k in self._meta]
        if own:
            text += tr("; ", lang) + tr(", ", lang).join(own)
        return text + tr(".", lang) + self._by_part(lang)

    def _by_part(self, lang: str | None) -> str:
        keys = [_column(b, lang) for b in self.by]
        keys += [tr(_FREQS[self.freq], lang)] if self.freq else []
        if not keys:
            return ""
        groups = len(self.table.drop_duplicates(self.group_columns))
        return tr(" By {keys}: {groups:,} groups with {confidence} intervals; see .table or "
                  ".wide().", lang, keys=tr(" and ", lang).join(keys), groups=groups,
                  confidence=fmt_pct(self.confidence, lang))

    def _own_part(self, kpi: str, row: pd.Series) -> str:
        """A share or duration of the source's own columns, with its interval."""
        m, lang = self._kpi(kpi), self.text_locale
        if m.unit == "share":
            return tr("{kpi} {value} ({lower} to {upper}, n={n:,})", lang, kpi=kpi,
                      value=_pct(row["value"], 1, lang), lower=_pct(row["ci_lower"], 1, lang),
                      upper=_pct(row["ci_upper"], 1, lang), n=int(row["n"]))
        return tr("{kpi} {value} {unit} (n={n:,})", lang, kpi=kpi,
                  value=_num(row["value"], lang), unit=tr(m.unit, lang), n=int(row["n"]))

    # ------------------------------------------------------------------ dashboard
    def _group_labels(self, t: pd.DataFrame) -> pd.Series:
        lang = self.text_locale
        if not self.by:
            return pd.Series(tr("all complaints", lang), index=t.index)
        parts = [_labelled(t[b], b, lang) for b in self.by]
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
        lines, lang = self.freq is not None, self.text_locale
        t, labels, folded = self._drawn(names, _MAX_LINES if lines else _MAX_DOTS)
        with plot_context():
            if ax is None:
                fig, axes, ncols = self._new_figure(len(names), lines, len(labels), folded)
            else:
                fig, axes, ncols = None, _given_axes(ax, len(names), lang), 1
            colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
            for i, (a, kpi) in enumerate(zip(axes, names, strict=True)):
                rows = t[t["kpi"] == kpi]
                if lines:
                    _draw_lines(a, rows, labels, self._kpi(kpi), self.freq, colors, lang)
                else:  # in a new figure, the groups are named once per row
                    ylabel = self._by_title() if fig is None or i % ncols == 0 else None
                    _draw_dots(a, rows, labels, self._kpi(kpi), colors[0], ylabel, lang)
                a.set_title(self._title(kpi), fontsize=10)
            if lines and self.by:
                self._legend(fig, axes, len(labels))
            fix_fonts(*axes)
        return np.asarray(axes, dtype=object)

    def _by_title(self) -> str:
        """The group columns' names, as a panel's axis or the legend's title."""
        return " / ".join(_column(b, self.text_locale) for b in self.by)

    def _kpis_to_draw(self, kpis, one_panel: bool) -> list[str]:
        have = list(dict.fromkeys(self.table["kpi"]))
        if kpis is None:
            return have[:1] if one_panel else have
        names = [kpis] if isinstance(kpis, str) else list(kpis)
        for k in names:
            if k not in have:
                raise ValueError(tr("kpis must be among {have}, but {kpi!r} was passed",
                                    self.text_locale, have=", ".join(map(repr, have)), kpi=k))
        if not names:
            raise ValueError(tr("kpis is empty: name at least one KPI to draw",
                                self.text_locale))
        return names

    def _drawn(self, names: list[str], limit: int) -> tuple[pd.DataFrame, list[str], str]:
        """The rows to draw with their group label, the labels in order, and what was folded.

        More groups than ``limit``: the largest ``limit - 1`` (by complaints) and one "other"
        whose KPIs are computed again over the pooled complaints
        (:func:`complaintkit.plotting.top_and_other`)."""
        from ..plotting import top_and_other

        t = self.table[self.table["kpi"].isin(names)].copy()
        t["_label"] = self._group_labels(t)
        labels = list(dict.fromkeys(t["_label"]))
        if len(labels) <= limit or self._work is None:
            return t, labels, ""
        values, keys, outs, alpha = self._work
        row_labels = self._group_labels(keys)
        fold = top_and_other(row_labels.value_counts(sort=False).reindex(labels), limit,
                             locale=self.text_locale)
        pooled = pd.DataFrame({"_label": fold.label(row_labels)}, index=keys.index)
        if self.freq:
            pooled["period"] = keys["period"]
        t, _ = _tables(values, pooled, [o for o in outs if o.kpi in names], alpha)
        return t, fold.labels, fold.note

    def _new_figure(self, k: int, lines: bool, n_labels: int, folded: str = ""):
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
        lang = self.text_locale
        what = tr(" by {by}", lang, by=tr(" and ", lang).join(
            _column(b, lang) for b in self.by)) if self.by else ""
        per = tr(" per {period}", lang, period=tr(_FREQS[self.freq], lang)) if self.freq else ""
        band = tr("bands", lang) if lines else tr("whiskers", lang)
        fig.suptitle(tr("Complaint KPIs{what}{per} ({band}: {confidence} confidence "
                        "intervals)", lang, what=what, per=per, band=band,
                        confidence=fmt_pct(self.confidence, lang))
                     + (f"\n{folded}" if folded else ""))
        return fig, axes[:k], ncols

    def _legend(self, fig, axes, n_labels: int) -> None:
        title = self._by_title()
        if fig is not None:
            handles, names = axes[0].get_legend_handles_labels()
            fig.legend(handles, names, loc="outside lower center", title=title,
                       ncols=min(n_labels, 6), fontsize=8, title_fontsize=8)
        else:
            axes[0].legend(fontsize=7, title=title, title_fontsize=7)


def _labelled(values: pd.Series, column: str, lang: str | None) -> pd.Series:
    """A group column as shown: labels for codes in a non-English locale, "(missing)"."""
    lab = {} if is_english(lang) or lang not in LOCALES else checks.level_labels(
        column, lang, values.dropna().astype(str).unique())
    return values.astype("object").map(
        lambda v: tr("(missing)", lang) if pd.isna(v) else lab.get(str(v), str(v)))


def _pct(x: float, digits: int = 1, lang: str | None = None) -> str:
    return tr("n/a", lang) if np.isnan(x) else fmt_pct(x, lang, digits)


def _num(x: float, lang: str | None = None) -> str:
    return tr("n/a", lang) if np.isnan(x) else f"{x:.1f}"


def _service_parts(v, have: set, lang: str | None = None) -> list[str]:
    """The service KPIs of the summary sentence, those reported only."""

    def hrs(kpi):
        return tr("n/a", lang) if np.isnan(v(kpi)) else tr("{h:.1f} h", lang, h=v(kpi))

    parts = []
    if "first_response_median_hours" in have:
        parts.append(tr("first response {median} (median; 90% within {p90})", lang,
                        median=hrs("first_response_median_hours"),
                        p90=hrs("first_response_p90_hours")))
    if "resolution_rate" in have:
        when = (tr(" (median {h} when resolved)", lang, h=hrs("resolution_median_hours"))
                if "resolution_median_hours" in have else "")
        parts.append(tr("{share} resolved{when}", lang, share=_pct(v("resolution_rate"), 1,
                                                                   lang), when=when))
    for kpi, words in (("first_contact_resolution_rate", N_("{share} at first contact")),
                       ("sla_met_rate", N_("SLA met {share}")),
                       ("reopen_rate", N_("reopened {share}")),
                       ("escalation_rate", N_("escalated {share}"))):
        if kpi in have:
            parts.append(tr(words, lang, share=_pct(v(kpi), 1, lang)))
    return parts


# --------------------------------------------------------------------------- dashboard panels
def _given_axes(ax, k: int, lang: str | None = None) -> list:
    axes = list(np.ravel(np.asarray(ax, dtype=object)))
    if len(axes) < k:
        raise ValueError(tr("ax has {n} axes but {k} KPIs are to be drawn: pass more axes or "
                            "fewer kpis", lang, n=len(axes), k=k))
    return axes[:k]


def _draw_lines(a, rows: pd.DataFrame, labels: list[str], meta: _Kpi, freq: str,
                colors: list, lang: str | None = None) -> None:
    """One line per group over the periods, the interval as a band."""
    from matplotlib import dates as mdates

    for i, lab in enumerate(labels):
        r = rows[rows["_label"] == lab]
        x = r["period"].to_numpy()
        color = colors[i % len(colors)]
        a.plot(x, r["value"].to_numpy() * meta.scale, marker="o", markersize=3, color=color,
               label=lab)
        if meta.unit != "complaints":
            a.fill_between(x, r["ci_lower"].to_numpy() * meta.scale,
                           r["ci_upper"].to_numpy() * meta.scale,
                           color=color, alpha=0.15, linewidth=0)
    loc = mdates.AutoDateLocator(maxticks=6)
    a.xaxis.set_major_locator(loc)
    a.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    a.set_xlabel(tr(_FREQS[freq], lang))
    a.set_ylabel(tr(meta.axis, lang))


def _draw_dots(a, rows: pd.DataFrame, labels: list[str], meta: _Kpi, color,
               ylabel: str | None, lang: str | None = None) -> None:
    """One dot with interval whiskers per group; ``ylabel=None`` hides the group names."""
    r = rows.set_index("_label").reindex(labels)
    y = np.arange(len(labels))[::-1]
    a.hlines(y, r["ci_lower"] * meta.scale, r["ci_upper"] * meta.scale,
             color=color, linewidth=2, alpha=0.6)
    a.plot(r["value"].to_numpy() * meta.scale, y, "o", color=color)
    a.set_yticks(y, labels)
    a.set_ylim(-0.7, len(labels) - 0.3)
    a.grid(True, axis="x")
    a.grid(False, axis="y")
    a.set_xlabel(tr(meta.axis, lang))
    if ylabel is None:
        a.tick_params(labelleft=False)
    else:
        a.set_ylabel(ylabel)


def kpis(data: pd.DataFrame, by: str | Sequence[str] | None = None, freq: str | None = None,
         *, time: str = "received_at", confidence: float = 0.95,
         columns: Mapping[str, str] | None = None, kpis: Sequence[str] | None = None,
         shares: str | Sequence[str] | None = None,
         durations: Mapping[str, Sequence[str]] | None = None,
         locale: str | None = None) -> KpiResult:
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
        ``nps`` (0-10) and ``survey_id`` (present when a survey was sent). Flags are read by
        the kit's one rule (:mod:`complaintkit.flags`): True/False, 1/0, "Yes"/"No"/"N/A".
        A KPI whose input columns the frame lacks is not reported, and one note says which
        column is missing for which KPI.
    kpis : list of str, optional
        Report only these KPIs (names as in :data:`KPIS`; ``[]`` for none, with ``shares`` or
        ``durations``). A KPI named here whose column is missing is an error naming both.
        Default: every KPI whose columns the frame has.
    shares : str or list of str, optional
        Flag columns of your own (``"timely_response"``, ``"disputed"``, ``"monetary_relief"``)
        reported as the share answered yes, KPI ``<column>_share``, with a Wilson interval
        (always within 0 and 1). The share is yes / (yes + no): n/a (not applicable) and
        empty answers are left out of its ``n`` and counted apart in the notes.
    durations : mapping, optional
        ``{name: (start, end)}`` or ``{name: (start, end, unit)}`` with two date-time columns
        and ``unit`` ``"hours"`` or ``"days"`` (default: days when the name has the word
        ``days``, as ``days_to_close``, else hours). Reported as ``<name>_median`` (with the
        order-statistic interval) and ``<name>_mean`` (with a t interval, cut at 0), over complaints
        with both times; a negative duration (end before start) is left out and its rows
        named in the notes.
    locale : {"en_US", "zh_CN"}, optional
        The language of the summary, notes and dashboard; default the data's (a kit world's
        tables know theirs), else English.

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
    [{'value': 0.701, 'ci_lower': 0.69, 'ci_upper': 0.712, 'n': 7222}]
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

    A source with only a few of these columns, and flags and times of its own:

    >>> import pandas as pd
    >>> cfpb = pd.DataFrame({
    ...     "received_at": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-02-01"]),
    ...     "closed_at": pd.to_datetime(["2024-01-04", "2024-01-06", None]),
    ...     "timely_response": ["Yes", "Yes", "No"], "disputed": ["No", "N/A", "Yes"]})
    >>> res = ck.kpis(cfpb, shares=["timely_response", "disputed"],
    ...               durations={"days_to_close": ("received_at", "closed_at")})
    >>> res.table[["kpi", "value", "n", "unit"]].round(3)
                         kpi  value  n        unit
    0             complaints  3.000  3  complaints
    1  timely_response_share  0.667  3       share
    2         disputed_share  0.500  2       share
    3   days_to_close_median  1.500  2        days
    4     days_to_close_mean  1.500  2        days
    """
    conf = checks.confidence(confidence)
    lang = locale_of(data, locale=checks.locale(locale))
    data = checks.check_frame(data)
    by_cols = checks.by_columns(by, data)
    freq = None if freq is None else checks.freq(freq, _FREQS)
    ts = None if freq is None else checks.times(data, time, missing="keep")  # in the notes
    _check_clash(by_cols, freq, lang)
    if "complaint_id" in data.columns:  # a repeated complaint would count twice in every KPI
        unique_ids(data, "complaint_id", "data", "complaint")
    plan = _plan(data, columns, kpis, shares, durations, lang)  # what, from which columns
    ledger = RowLedger(data, unit="complaints", locale=lang)  # no row left out of every KPI
    measures = _measures(data, plan)
    keys, group_notes = _group_keys(data, by_cols, freq, ts, time, lang)
    outs = plan.outs
    table, overall = _tables(measures.values, keys, outs, alpha=1 - conf)
    notes = (measures.notes + group_notes + _absent_note(plan.absent, lang)
             + _time_notes(measures, plan.cols, lang) + _flag_notes(measures, plan.cols, plan)
             + _survey_notes(measures, lang)
             + _group_notes(table, grouped=len(keys.columns) > 0, confidence=conf, lang=lang))
    own = {o.kpi: o.meta for o in outs if o.kpi not in _META}
    return KpiResult(table=table, assumptions=_assumptions(conf, freq, time, plan), notes=notes,
                     ledger=ledger, overall=overall, by=by_cols, freq=freq, time=time,
                     confidence=conf, _meta=own, locale=lang,
                     _work=(measures.values, keys, outs, 1 - conf))
