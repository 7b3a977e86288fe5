"""Aggregates over a world's Parquet files through DuckDB, never loading a table into pandas.

Each function takes a world folder (one file per table, or partitioned tables of
``part-*.parquet`` files: see :func:`complaintkit.scale.table_source`), lets DuckDB read and
aggregate the files in place (out of core: DuckDB spills to disk beyond its memory limit),
and returns a small pandas table shaped as the in-memory analysis' own:

- :func:`counts`: complaints per group and per day / week / month / quarter;
- :func:`complaint_counts`: the regular, zero-filled count series of
  :func:`complaintkit.complaint_counts` (with its calendar and festivals): the input of
  ``ck.forecast``, ``ck.decompose`` and ``ck.early_warning``;
- :func:`pareto`: the table of ``ck.pareto`` (counts, shares, cumulative shares, vital few);
- :func:`kpis`: the table of ``ck.kpis(ck.complaint_frame(complaints, surveys), by, freq)``
  (every KPI with its interval and ``n``).

The tests compare each with the in-memory analysis of the same world: counts equal, floats
within 1e-9.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..i18n import N_, tr
from . import _engine as engine
from ._engine import quote

__all__ = ["counts", "complaint_counts", "pareto", "kpis", "KPI_UNITS"]

#: DuckDB's date_trunc unit of each period code (weeks run Monday to Sunday, as pandas' "W")
_TRUNC = {"D": "day", "W": "week", "M": "month", "Q": "quarter"}
MISSING = "(missing)"  # the level of a missing value in a Pareto table, as ck.pareto's

#: each KPI of :func:`kpis`, in the order of ``ck.kpis``' table, with its unit
KPI_UNITS: dict[str, str] = {
    "complaints": "complaints",
    "first_response_median_hours": "hours",
    "first_response_p90_hours": "hours",
    "resolution_median_hours": "hours",
    "resolution_rate": "share",
    "first_contact_resolution_rate": "share",
    "sla_met_rate": "share",
    "reopen_rate": "share",
    "escalation_rate": "share",
    "survey_response_rate": "share",
    "csat_mean": "score 1-5",
    "csat_top2_share": "share",
    "nps": "points",
}

_MSG = {
    "freq": N_("freq must be one of {have}, not {value!r}"),
    "by": N_("by must be a column name or a list of them, not {value!r}"),
    "cutoff": N_("cutoff must be a share between 0 and 1 (e.g. 0.8), not {value}"),
    "ranked_in_by": N_("by names the column being ranked ({name}): rank another column "
                       "within it, or drop by="),
    "confidence": N_("confidence must be between 0 and 1 (e.g. 0.95), not {value!r}"),
    "empty": N_("no complaints to count in {path} (check where=)"),
}


# --------------------------------------------------------------------------- shared steps
def _lang(folder, locale: str | None) -> str | None:
    return locale if locale is not None else engine.manifest(folder).get("locale")


def _by(by, lang: str | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, Sequence) and all(isinstance(b, str) for b in by):
        return list(by)
    raise TypeError(tr(_MSG["by"], lang, value=by))


def _freq(freq, allowed: Sequence[str], lang: str | None) -> str | None:
    if freq is None:
        return None
    if freq not in allowed:
        raise ValueError(tr(_MSG["freq"], lang, have=", ".join(map(repr, allowed)),
                            value=freq))
    return freq


def _where(where: str | None) -> str:
    return "" if where is None else f"({where})"


def _and(*parts: str) -> str:
    kept = [p for p in parts if p]
    return ("WHERE " + " AND ".join(kept)) if kept else ""


def _typed(frame: pd.DataFrame, dtypes: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The group columns read back from DuckDB in the in-memory table's dtypes."""
    for col in columns:
        if col in dtypes.columns:
            frame[col] = engine.as_dtype(frame[col], dtypes[col].dtype)
    return frame


def _sorted(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Sorted as pandas' groupby(sort=True) sorts groups: categories in their order,
    missing last."""
    if not keys:
        return frame.reset_index(drop=True)
    return frame.sort_values(list(keys), kind="stable", na_position="last").reset_index(
        drop=True)


# --------------------------------------------------------------------------- counts
def counts(folder: str | os.PathLike, by: str | Sequence[str] | None = None,
           freq: str | None = None, *, table: str = "complaints", time: str = "received_at",
           where: str | None = None, con=None, locale: str | None = None) -> pd.DataFrame:
    """Rows of ``table`` per group of ``by`` and per period of ``time``, counted by DuckDB.

    Parameters
    ----------
    folder : path
        A world folder written as Parquet (either layout).
    by : str or list of str, optional
        Code (or any) columns of ``table``: ``"category"``, ``"sub_category"``,
        ``"channel"`` ... A missing value is a group of its own.
    freq : {"D", "W", "M", "Q"}, optional
        Also count per day, week (Monday to Sunday), month or quarter of ``time``; the
        ``period`` column holds the period's first day (a missing time: a missing period).
    table, time : str
        The table (a truth table as ``"truth/incidents"``) and its date-time column.
    where : str, optional
        An SQL condition on the table's columns, e.g. ``"received_at >= '2025-09-01'"``.
    con : DuckDB connection, optional
        Default: a new in-process one (:func:`complaintkit.scale.connect`).

    Returns
    -------
    DataFrame
        The ``by`` columns (in the dtypes ``ck.read_world`` gives them), ``period`` with
        ``freq``, and ``n`` (int64): the groups seen, sorted as pandas sorts groups
        (categories in their order, missing last). The same as
        ``df.groupby(by + ["period"], observed=True, dropna=False).size()`` in memory.

    Examples
    --------
    >>> from complaintkit.data import data_dir
    >>> from complaintkit import scale
    >>> n = scale.counts(data_dir() / "ecommerce_en", by="channel")
    >>> n.head(2).to_dict("records")
    [{'channel': 'phone', 'n': 2174}, {'channel': 'email', 'n': 1192}]
    """
    lang = _lang(folder, locale)
    by_cols, freq = _by(by, lang), _freq(freq, tuple(_TRUNC), lang)
    dtypes = engine.empty_table(folder, table)
    engine.check_columns(dtypes, by_cols + ([time] if freq else []), table, lang)
    keys = [quote(b) for b in by_cols]
    if freq is not None:
        keys.append(f"date_trunc('{_TRUNC[freq]}', {quote(time)}) AS period")
    select = ", ".join(keys + ["count(*) AS n"])
    group = "GROUP BY ALL" if keys else ""
    sql = f"SELECT {select} FROM {engine.relation(folder, table)} {_and(_where(where))} {group}"
    out = _run(con, sql)
    out = _typed(out, dtypes, by_cols)
    if freq is not None:
        out["period"] = pd.to_datetime(out["period"]).astype("datetime64[ns]")
    out["n"] = out["n"].astype(np.int64)
    return _sorted(out, by_cols + (["period"] if freq else []))


def _run(con, sql: str, **frames) -> pd.DataFrame:
    """``sql`` on ``con`` (a new connection when None), the named frames registered."""
    own = con is None
    con = engine.connect() if own else con
    try:
        for name, frame in frames.items():
            con.register(name, frame)
        return con.execute(sql).df()
    finally:
        for name in frames:
            con.unregister(name)
        if own:
            con.close()


# --------------------------------------------------------------------------- count series
def complaint_counts(folder: str | os.PathLike, freq: str = "D",
                     by: str | Sequence[str] | None = None, *, time: str = "received_at",
                     locale: str | None = None, start=None, end=None,
                     where: str | None = None, con=None) -> pd.DataFrame:
    """The regular count series of :func:`complaintkit.complaint_counts`, counted by DuckDB.

    The same frame as ``ck.complaint_counts(world.complaints, freq, by, locale=..., start=,
    end=)`` for the world in ``folder``: every group has every period (zeros included), with
    ``weekday`` and ``is_weekend`` (daily) or ``days`` (weekly, monthly), and with a locale
    the ``festival`` columns. One ``by`` column: all its levels (every category of a code
    column, used or not); several: the combinations seen. Feed it to ``ck.forecast``,
    ``ck.decompose`` or ``ck.early_warning`` as it is (one group's rows for ``forecast``).

    ``locale`` adds the festivals of that locale (as in memory, none by default); the
    messages and ``attrs["locale"]`` are in the world's language. Complaints with no time, or
    outside ``start`` to ``end``, are not counted; ``where`` filters rows first (SQL).

    Examples
    --------
    >>> from complaintkit.data import data_dir
    >>> from complaintkit import scale
    >>> weekly = scale.complaint_counts(data_dir() / "ecommerce_en", "W")
    >>> weekly[["period", "n", "days"]].head(2).to_dict("list")  # doctest: +ELLIPSIS
    {'period': [Timestamp('2024-12-30 00:00:00'), Timestamp('2025-01-06 00:00:00')], ...}
    """
    from ..analysis import volume

    lang = _lang(folder, None)
    freq = _freq(freq, ("D", "W", "M"), lang)
    by_cols = _by(by, lang)
    dtypes = engine.empty_table(folder, "complaints")
    engine.check_columns(dtypes, by_cols + [time], "complaints", lang)
    seen = counts(folder, by_cols, freq, time=time, con=con, locale=lang,
                  where=" AND ".join(p for p in (f"{quote(time)} IS NOT NULL", _where(where))
                                     if p))
    if seen.empty and (start is None or end is None):
        raise ValueError(tr(_MSG["empty"], lang, path=folder))
    first, last = volume._first_and_last(seen["period"], start, end, freq, time, lang)
    periods = pd.period_range(first, last, freq=freq).start_time
    seen = seen[(seen["period"] >= periods[0]) & (seen["period"] <= periods[-1])]
    out = _zero_filled(seen, dtypes, by_cols, periods)
    volume._add_calendar(out, freq)
    if locale is not None:
        volume._add_festivals(out, freq, locale, periods, lang)
    volume._coverage_warning(out, freq, lang)
    out = out.reset_index(drop=True)
    if lang is not None:
        out.attrs["locale"] = lang
    return out


def _zero_filled(seen: pd.DataFrame, dtypes: pd.DataFrame, by_cols: list[str],
                 periods: pd.DatetimeIndex) -> pd.DataFrame:
    """Every group x every period: one column's levels all (its categories, or the values
    seen, missing last); several columns' combinations seen, sorted."""
    grid = pd.DataFrame({"period": periods.astype("datetime64[ns]")})
    if not by_cols:
        out = grid.merge(seen[["period", "n"]], on="period", how="left")
    else:
        grid = _groups(seen, dtypes, by_cols).merge(grid, how="cross")
        # missing group values are matched as a value of their own, not as "no match"
        keys = [f"_{c}" for c in by_cols]

        def keyed(frame):
            return frame.assign(**{f"_{c}": _shown(frame[c]) for c in by_cols})

        out = keyed(grid).merge(keyed(seen)[keys + ["period", "n"]], on=keys + ["period"],
                                how="left")
        out = out[["period"] + by_cols + ["n"]]
    out["n"] = out["n"].fillna(0).astype(np.int64)
    return out


def _groups(seen: pd.DataFrame, dtypes: pd.DataFrame, by_cols: list[str]) -> pd.DataFrame:
    if len(by_cols) == 1:
        col = by_cols[0]
        dtype = dtypes[col].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            levels = list(dtype.categories)
        else:
            levels = sorted(seen[col].dropna().unique().tolist(),
                            key=lambda v: (str(type(v)), v))
        if seen[col].isna().any():
            levels.append(np.nan)
        return pd.DataFrame({col: engine.as_dtype(pd.Series(levels, dtype="object"), dtype)})
    groups = seen[by_cols].drop_duplicates()
    return groups.sort_values(by_cols, kind="stable", na_position="last")


# --------------------------------------------------------------------------- pareto
def pareto(folder: str | os.PathLike, column: str, *, by: str | Sequence[str] | None = None,
           cutoff: float = 0.8, weight: str | None = None, table: str = "complaints",
           where: str | None = None, con=None, locale: str | None = None) -> pd.DataFrame:
    """The Pareto table of :func:`complaintkit.pareto`, counted by DuckDB.

    ``level, n, share, cum_share, vital_few`` (the ``by`` columns first, groups in the order
    they first appear in the world's order, as in memory), sorted by ``n`` (ties by name)
    within each group; a missing value is the level ``"(missing)"``; ``weight`` sums a column
    of counts instead of counting rows. A level is in the vital few if the levels above it
    have not yet reached ``cutoff``. For the chart and the summary, pass the table to
    ``ck.pareto(table, "level", weight="n")``.
    ``locale`` (``"en_US"``, ``"zh_CN"``) adds a ``label`` column after ``level``, as
    ``ck.pareto(locale=)`` does, and sets the language of the messages (default the
    world's).

    Examples
    --------
    >>> from complaintkit.data import data_dir
    >>> from complaintkit import scale
    >>> t = scale.pareto(data_dir() / "ecommerce_en", "category")
    >>> t[["level", "n", "vital_few"]].head(2).to_dict("list")
    {'level': ['product_quality', 'delivery'], 'n': [3023, 2133], 'vital_few': [True, True]}
    """
    lang = _lang(folder, locale)
    if isinstance(cutoff, bool) or not (isinstance(cutoff, (int, float)) and 0 < cutoff <= 1):
        raise ValueError(tr(_MSG["cutoff"], lang, value=repr(cutoff)))
    by_cols = _by(by, lang)
    if column in by_cols:
        raise ValueError(tr(_MSG["ranked_in_by"], lang, name=repr(column)))
    dtypes = engine.empty_table(folder, table)
    engine.check_columns(dtypes, [column] + by_cols + ([weight] if weight else []), table,
                         lang)
    rel = f"({engine.positioned(folder, table)})" if by_cols else engine.relation(folder, table)
    size = f"sum({quote(weight)})" if weight else "count(*)"
    keys = ", ".join([quote(b) for b in by_cols] + [f"{quote(column)} AS level"])
    first = ", min(_pos) AS _first" if by_cols else ""
    sql = (f"SELECT {keys}, {size} AS n{first} FROM {rel} AS t {_and(_where(where))} "
           f"GROUP BY ALL")
    got = _run(con, sql)
    table = _ranked_table(got, by_cols, float(cutoff))
    if locale is not None:  # as ck.pareto(locale=): the levels' labels in that language
        from ..analysis.pareto import _with_labels

        table = _with_labels(table, column, locale)
    return table


def _shown(values: pd.Series) -> pd.Series:
    """Missing values as the level "(missing)"; other values as Python objects."""
    out = values.astype("object")
    return out.where(values.notna(), MISSING)


def _ranked_table(got: pd.DataFrame, by_cols: list[str], cutoff: float) -> pd.DataFrame:
    got = got.assign(level=_shown(got["level"]), **{b: _shown(got[b]) for b in by_cols})
    got["n"] = got["n"].astype(float)
    if not by_cols:
        table = _ranked(got, cutoff)
    else:
        firsts = got.groupby(by_cols, sort=False)["_first"].agg(
            lambda s: min(tuple(d.values()) for d in s))
        parts = []
        for g in sorted(firsts.index, key=lambda g: firsts[g]):
            values = g if isinstance(g, tuple) else (g,)
            mask = np.ones(len(got), dtype=bool)
            for b, v in zip(by_cols, values, strict=True):
                mask &= (got[b] == v).to_numpy()
            parts.append(_ranked(got[mask], cutoff).assign(
                **dict(zip(by_cols, values, strict=True))))
        table = pd.concat(parts, ignore_index=True)
        table = table[by_cols + [c for c in table.columns if c not in by_cols]]
    n = table["n"]
    whole = np.isfinite(n).all() and (n == np.round(n)).all() and (n.abs() < 2**53).all()
    table["n"] = n.astype(np.int64) if whole else n
    return table


def _ranked(got: pd.DataFrame, cutoff: float) -> pd.DataFrame:
    got = got[got["n"] > 0]
    order = sorted(range(len(got)), key=lambda i: (-got["n"].iloc[i], str(got["level"].iloc[i])))
    level = [got["level"].iloc[i] for i in order]
    n = got["n"].to_numpy()[order]
    share = n / n.sum()
    cum = np.cumsum(share)
    return pd.DataFrame({"level": level, "n": n, "share": share, "cum_share": cum,
                         "vital_few": (cum - share) < cutoff - 1e-12})


# --------------------------------------------------------------------------- kpis
def kpis(folder: str | os.PathLike, by: str | Sequence[str] | None = None,
         freq: str | None = None, *, time: str = "received_at", confidence: float = 0.95,
         where: str | None = None, con=None, locale: str | None = None) -> pd.DataFrame:
    """The table of :func:`complaintkit.kpis` for a whole world, computed by DuckDB.

    The same rows as ``ck.kpis(ck.complaint_frame(w.complaints, w.surveys), by, freq,
    time=time, confidence=confidence).table``: the ``by`` columns (of the complaints table,
    or of the agents table joined on ``agent_id``, as ``complaint_frame(..., agents=)``: e.g.
    ``"team"``) and ``period`` with ``freq`` ("D", "W", "M", "Q"), then ``kpi, value,
    ci_lower, ci_upper, n, unit`` for every KPI of :data:`KPI_UNITS` (counts, first-response
    and resolution medians and 90th percentile with their order-statistic intervals, the
    shares with Wilson intervals, the CSAT mean with a t interval, NPS with a normal one).
    DuckDB joins the surveys to the complaints, derives the hours, and aggregates; the
    medians' order statistics are picked by rank (a window over each group), not by loading
    the times.

    ``where`` (SQL on the complaints' columns, e.g. ``"channel = 'phone'"``) filters the
    complaints first. The summary, notes and dashboard of ``ck.kpis`` need the complaints in
    memory: read a period or a sample for them.

    Examples
    --------
    >>> from complaintkit.data import data_dir
    >>> from complaintkit import scale
    >>> t = scale.kpis(data_dir() / "ecommerce_en")
    >>> t.loc[t["kpi"] == "first_contact_resolution_rate",
    ...       ["value", "ci_lower", "ci_upper", "n"]].round(3).to_dict("records")
    [{'value': 0.701, 'ci_lower': 0.69, 'ci_upper': 0.712, 'n': 7222}]
    """
    lang = _lang(folder, locale)
    if isinstance(confidence, bool) or not (isinstance(confidence, (int, float))
                                            and 0 < confidence < 1):
        raise ValueError(tr(_MSG["confidence"], lang, value=confidence))
    alpha = 1 - float(confidence)
    by_cols, freq = _by(by, lang), _freq(freq, tuple(_TRUNC), lang)
    dtypes = engine.empty_table(folder, "complaints")
    engine.check_columns(dtypes, [time], "complaints", lang)
    agent_cols = [b for b in by_cols if b not in dtypes.columns]
    if agent_cols:  # the agents' columns (team, trained ...), as complaint_frame(agents=)
        agents = engine.empty_table(folder, "agents").drop(columns=["name"], errors="ignore")
        engine.check_columns(pd.concat([dtypes, agents.drop(columns="agent_id")], axis=1),
                             agent_cols, "complaints / agents", lang)
        dtypes = pd.concat([dtypes, agents[agent_cols]], axis=1)
    keys = by_cols + (["period"] if freq else [])
    base = _kpi_base(folder, by_cols, agent_cols, freq, time, where)
    times = _kpi_base(folder, by_cols, agent_cols, freq, time, where, surveys=False)
    own = con is None
    con = engine.connect() if own else con
    try:
        agg = con.execute(_kpi_aggregate(base, keys)).df()
        agg = agg.reset_index(drop=True)
        agg["_gid"] = np.arange(len(agg), dtype=np.int64)
        order = {m: _order_stats(con, times, keys, agg, m, qs, alpha)
                 for m, qs in (("frt", (0.5, 0.9)), ("rt", (0.5,)))}
    finally:
        if own:
            con.close()
    groups = agg[keys].copy()
    groups = _typed(groups, dtypes, by_cols)
    if freq is not None:
        groups["period"] = pd.to_datetime(groups["period"]).astype(_period_dtype(freq))
    stats = _kpi_stats(agg, order, alpha)
    return _kpi_long(groups, stats, keys)


def _period_dtype(freq: str):
    """The dtype of kpis' ``period`` column (the start time of a pandas period)."""
    one = pd.Series(pd.to_datetime(["2025-01-01"]).astype("datetime64[s]"))
    return one.dt.to_period(freq).dt.start_time.dtype


def _kpi_base(folder, by_cols: list[str], agent_cols: list[str], freq: str | None, time: str,
              where: str | None, surveys: bool = True) -> str:
    """One row per complaint with kpis' measures, as ck.complaint_frame derives them (with
    the agents' columns in ``agent_cols`` joined on agent_id); without the surveys' columns
    (and their join) when ``surveys`` is false."""
    c = engine.relation(folder, "complaints")
    s = engine.relation(folder, "surveys")
    hours = ("((epoch_us(c.{end}) - epoch_us(c.received_at)) / 1000000.0) / 3600.0")
    cols = [f"{'a' if b in agent_cols else 'c'}.{quote(b)} AS {quote(b)}" for b in by_cols]
    if freq is not None:
        cols.append(f"date_trunc('{_TRUNC[freq]}', c.{quote(time)}) AS period")
    cols += [
        f"{hours.format(end='first_response_at')} AS frt",
        "c.resolved_at IS NOT NULL AS resolved",
        f"CASE WHEN c.resolved_at IS NOT NULL THEN {hours.format(end='resolved_at')} END AS rt",
        "c.first_contact_resolution AS fcr", "c.sla_met AS sla", "c.escalated AS esc",
        "CASE WHEN c.resolved_at IS NOT NULL OR coalesce(c.reopened, false) THEN c.reopened "
        "END AS reopen",
    ]
    if surveys:
        cols += ["CASE WHEN s.survey_id IS NOT NULL THEN coalesce(s.responded, false) END "
                 "AS responded", "CAST(s.csat AS DOUBLE) AS csat",
                 "CAST(s.nps AS DOUBLE) AS nps"]
    filt = "" if where is None else f"WHERE ({where})"
    join = (f" LEFT JOIN (SELECT survey_id, complaint_id, responded, csat, nps FROM {s}) AS s "
            f"ON s.complaint_id = c.complaint_id") if surveys else ""
    return (f"SELECT {', '.join(cols)} FROM (SELECT * FROM {c} {filt}) AS c{join}" + (
                f" LEFT JOIN {engine.relation(folder, 'agents')} AS a "
                f"ON a.agent_id = c.agent_id" if agent_cols else ""))


def _kpi_aggregate(base: str, keys: list[str]) -> str:
    k = [quote(x) for x in keys]
    shares = []
    for m in ("resolved", "fcr", "sla", "reopen", "esc", "responded"):
        shares += [f"count({m}) AS n_{m}", f"sum(CAST({m} AS BIGINT)) AS k_{m}"]
    select = k + ["count(*) AS n_all", "count(frt) AS n_frt", "count(rt) AS n_rt", *shares,
                  "count(csat) AS n_csat", "sum(csat) AS sum_csat",
                  "var_samp(csat) AS var_csat", "sum(CAST(csat >= 4 AS BIGINT)) AS k_top2",
                  "count(nps) AS n_nps", "sum(CAST(nps >= 9 AS BIGINT)) AS k_pro",
                  "sum(CAST(nps <= 6 AS BIGINT)) AS k_det"]
    group = "GROUP BY ALL" if k else ""
    return f"SELECT {', '.join(select)} FROM ({base}) AS b {group}"


def _order_stats(con, base: str, keys: list[str], agg: pd.DataFrame, measure: str,
                 qs: Sequence[float], alpha: float) -> dict[float, tuple]:
    """For each quantile ``q``: its value (linear interpolation between order statistics,
    numpy's default) and the distribution-free order-statistic interval (Conover 1999,
    section 3.2) per group, from the order statistics DuckDB picks by rank."""
    from scipy.stats import binom

    n = agg[f"n_{measure}"].to_numpy(dtype=np.int64)
    g = len(agg)
    wanted, plans = [], {}
    for q in qs:
        h = (n - 1) * q
        j = np.floor(np.maximum(h, 0)).astype(np.int64)
        j1 = np.minimum(j + 1, np.maximum(n - 1, 0))
        with np.errstate(invalid="ignore"):
            r = np.where(n > 0, binom.ppf(alpha / 2, np.maximum(n, 1), q), 0).astype(np.int64)
            s = np.where(n > 0, binom.ppf(1 - alpha / 2, np.maximum(n, 1), q), 0).astype(
                np.int64) + 1
        plans[q] = (h, j, j1, r, s)
        for ranks in (j + 1, j1 + 1, r, s):  # 1-based ranks
            ok = (n > 0) & (ranks >= 1) & (ranks <= n)
            wanted.append(pd.DataFrame({"_gid": np.arange(g)[ok], "k": ranks[ok]}))
    ranks = pd.concat(wanted, ignore_index=True).drop_duplicates()
    picked = _pick(con, base, keys, agg, measure, ranks)
    out = {}
    for q, (h, j, j1, r, s) in plans.items():
        def at(rank, ok):
            x = np.full(g, np.nan)
            idx = np.flatnonzero(ok)
            x[idx] = [picked[(i, k)] for i, k in zip(idx, rank[idx], strict=True)]
            return x
        has = n > 0
        lo_v, hi_v = at(j + 1, has), at(j1 + 1, has)
        value = lo_v + (h - j) * (hi_v - lo_v)
        lo = at(r, has & (r >= 1))
        hi = at(s, has & (s <= n))
        out[q] = (np.where(has, value, np.nan), lo, hi, n)
    return out


def _pick(con, base: str, keys: list[str], agg: pd.DataFrame, measure: str,
          ranks: pd.DataFrame) -> dict[tuple[int, int], float]:
    """The values at the given (group, rank) of ``measure``, sorted within each group."""
    k = [quote(x) for x in keys]
    part = f"PARTITION BY {', '.join(k)}" if k else ""
    on = " AND ".join([f"w.{c} IS NOT DISTINCT FROM g.{c}" for c in k] or ["true"])
    sql = (f"WITH w AS (SELECT {''.join(c + ', ' for c in k)}{measure} AS x, "
           f"row_number() OVER ({part} ORDER BY {measure}) AS k FROM ({base}) AS b "
           f"WHERE {measure} IS NOT NULL) "
           f"SELECT g._gid, w.k, w.x FROM w JOIN _groups AS g ON {on} "
           f"JOIN _ranks AS r ON r._gid = g._gid AND r.k = w.k")
    groups = agg[keys + ["_gid"]]
    for name, frame in (("_groups", groups), ("_ranks", ranks)):
        con.register(name, frame)
    try:
        got = con.execute(sql).fetchall()
    finally:
        con.unregister("_groups")
        con.unregister("_ranks")
    return {(int(gid), int(rank)): float(x) for gid, rank, x in got}


def _wilson(k: np.ndarray, n: np.ndarray, alpha: float):
    from ..analysis.kpis import wilson_shares  # the in-memory kpis' own interval

    return wilson_shares(k, n, alpha)


def _kpi_stats(agg: pd.DataFrame, order: dict, alpha: float) -> dict[str, tuple]:
    from scipy.stats import norm, t

    def col(name, dtype=float):
        return agg[name].fillna(0).to_numpy(dtype=dtype)

    n_all = col("n_all", np.int64)
    out = {"complaints": (n_all.astype(float), np.full(len(agg), np.nan),
                          np.full(len(agg), np.nan), n_all),
           "first_response_median_hours": order["frt"][0.5],
           "first_response_p90_hours": order["frt"][0.9],
           "resolution_median_hours": order["rt"][0.5]}
    for kpi, m in (("resolution_rate", "resolved"), ("first_contact_resolution_rate", "fcr"),
                   ("sla_met_rate", "sla"), ("reopen_rate", "reopen"),
                   ("escalation_rate", "esc"), ("survey_response_rate", "responded")):
        out[kpi] = _wilson(col(f"k_{m}"), col(f"n_{m}", np.int64), alpha)
    n = col("n_csat", np.int64)
    g = len(agg)
    mean, lo, hi = (np.full(g, np.nan) for _ in range(3))
    m = n > 0
    mean[m] = col("sum_csat")[m] / n[m]
    m2 = n > 1
    half = t.ppf(1 - alpha / 2, n[m2] - 1) * np.sqrt(col("var_csat")[m2] / n[m2])
    lo[m2], hi[m2] = mean[m2] - half, mean[m2] + half
    out["csat_mean"] = (mean, lo, hi, n)
    out["csat_top2_share"] = _wilson(col("k_top2"), n, alpha)
    n = col("n_nps", np.int64)
    value, lo, hi = (np.full(g, np.nan) for _ in range(3))
    m = n > 0
    pp, pd_ = col("k_pro")[m] / n[m], col("k_det")[m] / n[m]
    value[m] = 100 * (pp - pd_)
    se = np.sqrt(np.maximum(pp + pd_ - (pp - pd_) ** 2, 0) / n[m])
    z = norm.ppf(1 - alpha / 2)
    lo[m] = np.maximum(value[m] - 100 * z * se, -100)
    hi[m] = np.minimum(value[m] + 100 * z * se, 100)
    out["nps"] = (value, lo, hi, n)
    return out


def _kpi_long(groups: pd.DataFrame, stats: dict, keys: list[str]) -> pd.DataFrame:
    """One row per group and KPI: groups sorted, each group's KPIs in kpis' order."""
    parts = []
    for i, (kpi, unit) in enumerate(KPI_UNITS.items()):
        value, lo, hi, n = stats[kpi]
        part = pd.DataFrame({"kpi": kpi, "value": value, "ci_lower": lo, "ci_upper": hi,
                             "n": np.asarray(n).astype(np.int64), "unit": unit})
        part = pd.concat([groups.reset_index(drop=True), part], axis=1)
        part["_k"] = i
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table = table.sort_values(keys + ["_k"], kind="stable", na_position="last")
    return table.drop(columns="_k").reset_index(drop=True)

