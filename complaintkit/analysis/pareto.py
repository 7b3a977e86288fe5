"""Pareto analysis, multi-level drill-down and the improvement plan (the Joyo.com method).

Seed 004: rank a month's complaints, find the vital few that make up most of them, drill the
biggest ("delivery timeout") down to root causes with counts and owners, then write an
improvement plan with targets and check it against the next month.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._checks import check_columns, check_frame, column_label, level_labels, weights

__all__ = ["pareto", "drilldown", "improvement_plan", "in_period",
           "ParetoResult", "DrilldownResult", "ImprovementPlan"]

MISSING = "(missing)"


def _counts(data: pd.DataFrame, column: str, w: np.ndarray) -> pd.Series:
    """Weighted counts per level; missing values are a level of their own, not dropped."""
    key = data[column].astype("object").where(data[column].notna(), MISSING)
    return pd.Series(w, index=data.index).groupby(key.to_numpy(), sort=False).sum()


def _ranked(counts: pd.Series, cutoff: float) -> pd.DataFrame:
    counts = counts[counts > 0]
    order = sorted(counts.index, key=lambda k: (-counts[k], str(k)))  # ties by name
    n = counts.loc[order].to_numpy()
    share = n / n.sum()
    cum = np.cumsum(share)
    before = cum - share
    return pd.DataFrame({"level": order, "n": n, "share": share, "cum_share": cum,
                         "vital_few": before < cutoff - 1e-12})


def _int_if_whole(s: pd.Series) -> pd.Series:
    return s.astype("int64") if np.allclose(s, np.round(s)) else s


# --------------------------------------------------------------------------- pareto
@dataclass
class ParetoResult:
    """A Pareto table with a chart.

    Attributes
    ----------
    table : DataFrame
        ``level, n, share, cum_share, vital_few`` (and ``label`` with a locale, the ``by``
        column when grouped), sorted by ``n`` within each group.
    column, cutoff, weight, by, locale
        The arguments it was computed with.
    """

    table: pd.DataFrame
    column: str
    cutoff: float
    weight: str | None = None
    by: str | None = None
    locale: str | None = None

    @property
    def vital_few(self) -> list:
        """The levels that together reach the cut-off (the first group's, when grouped)."""
        t = self.table if self.by is None else self.table[
            self.table[self.by] == self.table[self.by].iloc[0]]
        return list(t.loc[t["vital_few"], "level"])

    @property
    def total(self) -> float:
        return float(self.table["n"].sum())

    def summary(self) -> str:
        """One sentence a manager can read."""
        t = self.table
        if self.by is not None:
            return (f"Pareto of {self.column} within each {self.by}: "
                    f"{t.groupby(self.by, observed=True)['vital_few'].sum().to_dict()} "
                    f"levels reach {self.cutoff:.0%}.")
        k = int(t["vital_few"].sum())
        reach = t.loc[t["vital_few"], "share"].sum()
        return (f"{k} of {len(t)} {self.column} levels ({k / len(t):.0%}) account for "
                f"{reach:.0%} of {self.total:,.0f} complaints; the vital few: "
                f"{', '.join(map(str, self.vital_few))}.")

    def _repr_html_(self) -> str:  # pragma: no cover - display only
        return (f"<p>{self.summary()}</p>"
                + self.table.style.format({"share": "{:.1%}", "cum_share": "{:.1%}"})
                .hide(axis="index").to_html())

    def __repr__(self) -> str:
        return f"ParetoResult({self.summary()})\n{self.table.to_string(index=False)}"

    def plot(self, ax=None, *, title: str | None = None):
        """Sorted bars, the cumulative share on a second axis, and the cut-off line.

        Returns
        -------
        matplotlib.axes.Axes
            The bar axes; the cumulative line is on ``ax.right_ax``.
        """
        from ..plotting import fix_fonts, new_axes, plot_context

        if self.by is not None:
            raise ValueError("a grouped Pareto has one chart per group: filter the table or "
                             "call pareto() on one group's rows to plot it")
        t = self.table
        names = t["label"] if "label" in t else t["level"].astype(str)
        with plot_context():
            fig, ax = new_axes(ax, figsize=(max(6.0, 0.6 * len(t) + 3), 4.5))
            x = np.arange(len(t))
            colors = np.where(t["vital_few"], "#c0392b", "#95a5a6")
            ax.bar(x, t["n"], color=colors, label="count")
            ax.set_xticks(x, names, rotation=35 if len(t) > 5 else 0,
                          ha="right" if len(t) > 5 else "center")
            ax.set_ylabel("complaints" if self.weight is None else f"complaints ({self.weight})")
            ax.set_xlabel(column_label(self.column, self.locale))
            right = ax.twinx()
            right.plot(x, t["cum_share"] * 100, color="#2c3e50", marker="o", label="cumulative %")
            right.axhline(self.cutoff * 100, color="#2c3e50", linestyle="--", linewidth=1)
            right.annotate(f"{self.cutoff:.0%} cut-off", (len(t) - 0.5, self.cutoff * 100),
                           ha="right", va="bottom", fontsize=9)
            right.set_ylim(0, 105)
            right.set_ylabel("cumulative share (%)")
            right.spines["right"].set_visible(True)
            right.grid(False)
            what = column_label(self.column, self.locale)
            ax.set_title(title or f"Pareto of complaints: {what} (the vital few in red)")
            ax.right_ax = right
            fix_fonts(ax, right)
        return ax


def pareto(data: pd.DataFrame, column: str, *, weight: str | None = None,
           cutoff: float = 0.8, by: str | None = None, locale: str | None = None) -> ParetoResult:
    """Rank the levels of ``column`` and mark the vital few that reach ``cutoff``.

    Parameters
    ----------
    data : DataFrame
        One row per complaint (e.g. ``world.complaints``), or one row per level with counts
        in ``weight`` (e.g. the Joyo table with ``weight="count"``).
    column : str
        The column to rank (``"category"``, ``"root_cause"``, ``"department"`` ...).
    weight : str, optional
        A column of non-negative counts or weights; each row counts once if omitted.
    cutoff : float
        The cumulative share the vital few must reach (0.8 for the 80/20 rule).
    by : str, optional
        Rank within each group of this column (e.g. ``"channel"``); shares are per group.
    locale : {"en_US", "zh_CN"}, optional
        Add a ``label`` column (and use it in the chart) from the locale's labels.

    Returns
    -------
    ParetoResult
        ``.table`` with ``level, n, share, cum_share, vital_few``; ``.vital_few``;
        ``.summary()``; ``.plot()``. A level is in the vital few if the levels ranked above
        it have not yet reached the cut-off, so the vital few are the fewest levels that
        reach it. Missing values are counted as the level ``"(missing)"``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> joyo = ck.load_dataset("joyo_delivery_timeout")
    >>> res = ck.pareto(joyo, "sub_type", weight="count")
    >>> res.table[["level", "n"]].head(2).to_dict("list")
    {'level': ['customer_requested_next_day', 'postal_delay'], 'n': [270, 270]}
    >>> res.vital_few[:3]
    ['customer_requested_next_day', 'postal_delay', 'customer_requested_same_day']
    """
    data = check_frame(data)
    check_columns(data, [column] + ([by] if by else []))
    if isinstance(cutoff, bool) or not (isinstance(cutoff, (int, float)) and 0 < cutoff <= 1):
        raise ValueError(f"cutoff must be a share between 0 and 1 (e.g. 0.8), not {cutoff!r}")
    w = weights(data, weight)
    if by is None:
        table = _ranked(_counts(data, column, w), cutoff)
    else:
        parts = []
        groups = data[by].astype("object").where(data[by].notna(), MISSING)
        for g, pos in groups.groupby(groups.to_numpy(), sort=False).indices.items():
            t = _ranked(_counts(data.iloc[pos], column, w[pos]), cutoff)
            parts.append(t.assign(**{by: g}))
        table = pd.concat(parts, ignore_index=True)
        table = table[[by] + [c for c in table.columns if c != by]]
    table["n"] = _int_if_whole(table["n"])
    lab = level_labels(column, locale, table["level"])
    if lab:
        table.insert(table.columns.get_loc("level") + 1, "label",
                     [lab.get(str(v), str(v)) for v in table["level"]])
    return ParetoResult(table, column, float(cutoff), weight, by, locale)


# --------------------------------------------------------------------------- drill-down
@dataclass
class DrilldownResult:
    """Shares within each parent, level by level.

    Attributes
    ----------
    table : DataFrame
        One row per node: the level columns (empty below the node's depth), ``depth``,
        ``n``, ``share_of_parent``, ``share_of_total``; sorted as a tree, largest first.
    levels : list of str
    """

    table: pd.DataFrame
    levels: list[str]
    weight: str | None = None
    locale: str | None = None

    def children(self, **path) -> pd.DataFrame:
        """The children of one node, e.g. ``children(category="delivery")``."""
        unknown = [k for k in path if k not in self.levels]
        if unknown:
            raise KeyError(f"{unknown[0]!r} is not one of the drill-down levels {self.levels}")
        depth = len(path)
        if depth >= len(self.levels):
            raise ValueError("that node is at the deepest level: it has no children")
        want = self.levels[:depth]
        if list(path) != want:
            raise ValueError(f"give the path from the top, in order: {want}")
        t = self.table[self.table["depth"] == depth + 1]
        for k, v in path.items():
            t = t[t[k] == v]
        if t.empty:
            raise KeyError(f"no node {path}; see the table for the values at each level")
        return t

    def path(self, **path) -> pd.DataFrame:
        """The chain of nodes from the top, following ``path`` then the largest child."""
        unknown = [k for k in path if k not in self.levels]
        if unknown:
            raise KeyError(f"{unknown[0]!r} is not one of the drill-down levels {self.levels}")
        rows = []
        chosen: dict = {}
        for lvl in self.levels:
            kids = self.children(**chosen) if chosen else self.table[self.table["depth"] == 1]
            pick = path.get(lvl, kids.iloc[0][lvl])
            row = kids[kids[lvl] == pick]
            if row.empty:
                raise KeyError(f"{lvl}={pick!r} is not a child of {chosen or 'the top'}")
            rows.append(row)
            chosen[lvl] = pick
        return pd.concat(rows)

    def _repr_html_(self) -> str:  # pragma: no cover - display only
        return self.table.to_html(index=False, na_rep="")

    def plot(self, *, path: Mapping | None = None, axes=None, top: int = 8, ncols: int = 2,
             title: str | None = None):
        """One panel per level: the children's shares within the node followed.

        The followed child (``path``, else the largest) is highlighted; the next panel
        drills into it. Panels are laid out ``ncols`` to a row. Returns the array of axes.
        """
        from ..plotting import fix_fonts, plot_context

        chain = self.path(**dict(path or {}))
        import matplotlib.pyplot as plt

        k = len(self.levels)
        with plot_context():
            if axes is None:
                ncols = max(1, min(ncols, k))
                nrows = -(-k // ncols)
                fig, axes = plt.subplots(nrows, ncols, figsize=(5.5 * ncols, 3.6 * nrows),
                                         layout="constrained", squeeze=False)
                for extra in axes.ravel()[k:]:
                    extra.set_visible(False)
            axes = np.atleast_1d(axes).ravel()[:k]
            chosen: dict = {}
            for i, lvl in enumerate(self.levels):
                kids = (self.children(**chosen) if chosen
                        else self.table[self.table["depth"] == 1]).head(top)
                pick = chain.iloc[i][lvl]
                lab = level_labels(lvl, self.locale, self.table[lvl].dropna())
                names = [lab.get(str(v), str(v)) for v in kids[lvl]]
                colors = ["#c0392b" if v == pick else "#bdc3c7" for v in kids[lvl]]
                ax = axes[i]
                y = np.arange(len(kids))[::-1]
                ax.barh(y, kids["share_of_parent"] * 100, color=colors)
                ax.set_yticks(y, names)
                ax.set_xlabel("share within parent (%)")
                prev = self.levels[i - 1] if i else None
                parent = ("all complaints" if not chosen else
                          level_labels(prev, self.locale, self.table[prev].dropna()).get(
                              str(chosen[prev]), str(chosen[prev])))
                ax.set_title(f"{column_label(lvl, self.locale)}\nwithin: {parent}", fontsize=10)
                for yy, s in zip(y, kids["share_of_parent"], strict=True):
                    ax.annotate(f"{s:.0%}", (s * 100, yy), xytext=(3, 0),
                                textcoords="offset points", va="center", fontsize=8)
                chosen[lvl] = pick
                fix_fonts(ax)
            default = ("Drill-down: following the biggest share" if not path
                       else "Drill-down: following the chosen path")
            axes[0].figure.suptitle(title or default, fontweight="bold")
        return axes


def drilldown(data: pd.DataFrame, levels: Sequence[str] = ("category", "sub_category",
                                                            "root_cause", "department"),
              *, weight: str | None = None, locale: str | None = None) -> DrilldownResult:
    """Shares within each parent at every level of a hierarchy.

    Parameters
    ----------
    data : DataFrame
        One row per complaint, or counts in ``weight``.
    levels : list of str
        Columns from the top of the hierarchy down, e.g. category → sub-category → root
        cause → department.
    weight : str, optional
        Counts or weights per row.
    locale : {"en_US", "zh_CN"}, optional
        Labels for the chart.

    Returns
    -------
    DrilldownResult
        ``.table`` (one row per node with ``depth, n, share_of_parent, share_of_total``),
        ``.children(**path)``, ``.path(**path)``, ``.plot()``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> joyo = ck.load_dataset("joyo_delivery_timeout")
    >>> d = ck.drilldown(joyo, ["department", "sub_type"], weight="count")
    >>> d.children(department="customer_service")["n"].sum()
    np.int64(555)
    """
    data = check_frame(data)
    levels = list(levels)
    if not levels:
        raise ValueError("levels must name at least one column")
    check_columns(data, levels)
    w = weights(data, weight)
    keys = pd.DataFrame({lvl: data[lvl].astype("object").where(data[lvl].notna(), MISSING)
                         for lvl in levels}, index=data.index)
    total = w.sum()
    parts = []
    for depth in range(1, len(levels) + 1):
        cols = levels[:depth]
        g = pd.Series(w, index=data.index).groupby([keys[c] for c in cols], sort=False).sum()
        t = g.rename("n").reset_index()
        t = t[t["n"] > 0]
        if depth == 1:
            t["share_of_parent"] = t["n"] / total
        else:
            parent_n = t.groupby(cols[:-1], sort=False)["n"].transform("sum")
            t["share_of_parent"] = t["n"] / parent_n
        t["share_of_total"] = t["n"] / total
        t["depth"] = depth
        parts.append(t)
    table = pd.concat(parts, ignore_index=True)
    table = _tree_order(table, levels)
    table["n"] = _int_if_whole(table["n"])
    cols = levels + ["depth", "n", "share_of_parent", "share_of_total"]
    return DrilldownResult(table[cols].reset_index(drop=True), levels, weight, locale)


def _tree_order(table: pd.DataFrame, levels: list[str]) -> pd.DataFrame:
    """Depth-first order, siblings by descending n then name."""
    order: list = []

    def walk(depth: int, prefix: dict) -> None:  # one call per node, not per complaint
        kids = table[table["depth"] == depth]
        for k, v in prefix.items():
            kids = kids[kids[k] == v]
        kids = kids.assign(_name=kids[levels[depth - 1]].astype(str)).sort_values(
            ["n", "_name"], ascending=[False, True], kind="stable")
        for idx, value in zip(kids.index, kids[levels[depth - 1]], strict=True):
            order.append(idx)
            if depth < len(levels):
                walk(depth + 1, {**prefix, levels[depth - 1]: value})

    walk(1, {})
    return table.loc[order]


# --------------------------------------------------------------------------- the plan
PLAN_COLUMNS = ["root_cause", "n", "share", "department", "action", "owner_customer_service",
                "owner_department", "deadline", "target_reduction", "target_n",
                "follow_up_date", "if_missed"]


@dataclass
class ImprovementPlan:
    """The seed 004 improvement plan: one row per vital-few root cause, to be filled in.

    Edit ``.table`` like any DataFrame (actions, owners, targets), then call
    :meth:`check` with the next period's complaints.
    """

    table: pd.DataFrame
    column: str
    weight: str | None = None
    filters: dict = field(default_factory=dict)

    def check(self, next_data: pd.DataFrame) -> pd.DataFrame:
        """Compare the next period's counts with each row's target.

        Returns
        -------
        DataFrame
            ``root_cause, n, target_n, next_n, change, met``: ``change`` is the relative
            change from ``n``; ``met`` is true when ``next_n <= target_n``.
        """
        next_data = check_frame(next_data, "next_data")
        check_columns(next_data, [self.column], "next_data")
        for col, value in self.filters.items():
            check_columns(next_data, [col], "next_data")
            next_data = next_data[next_data[col] == value]
        counts = _counts(next_data, self.column, weights(next_data, self.weight)) \
            if len(next_data) else pd.Series(dtype=float)
        t = self.table[["root_cause", "n", "target_n"]].copy()
        t["next_n"] = [float(counts.get(rc, 0.0)) for rc in t["root_cause"]]
        t["next_n"] = _int_if_whole(t["next_n"])
        t["change"] = t["next_n"] / t["n"] - 1
        t["met"] = t["next_n"] <= t["target_n"]
        return t

    def _repr_html_(self) -> str:  # pragma: no cover - display only
        return self.table.to_html(index=False)


def improvement_plan(data: pd.DataFrame, *, column: str = "root_cause",
                     department: str | None = "department", weight: str | None = None,
                     cutoff: float = 0.8, top: int | None = None,
                     actions: Mapping[str, str] | None = None, target_reduction: float = 0.3,
                     start: str | dt.date | None = None, deadline_days: int = 30,
                     follow_up_days: int = 30, where: Mapping[str, object] | None = None
                     ) -> ImprovementPlan:
    """Draft an improvement plan for the vital few root causes.

    Parameters
    ----------
    data : DataFrame
        This period's complaints (or counts in ``weight``).
    column : str
        What to plan against, usually ``"root_cause"``.
    department : str or None
        Column naming the responsible department (its most frequent value per root cause
        fills ``department`` and ``owner_department``).
    weight : str, optional
        Counts per row (e.g. ``"count"`` for the Joyo table).
    cutoff, top : float, int
        Rows for the vital few reaching ``cutoff`` of the complaints, or the ``top`` largest.
    actions : mapping, optional
        Proposed action per root cause (e.g. the Joyo article's plans); empty otherwise.
    target_reduction : float
        Default target: the share by which each root cause's complaints should fall.
    start : date, optional
        When the plan starts (default: the day after the last ``received_at``, or today).
    deadline_days, follow_up_days : int
        Days from ``start`` to the deadline, and from the deadline to the follow-up check.
    where : mapping, optional
        Filters applied to ``data`` now and to the next period in :meth:`ImprovementPlan.check`,
        e.g. ``{"sub_category": "delivery_delay"}``.

    Returns
    -------
    ImprovementPlan
        ``.table`` with ``root_cause, n, share, department, action, owner_customer_service,
        owner_department, deadline, target_reduction, target_n, follow_up_date, if_missed``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> joyo = ck.load_dataset("joyo_delivery_timeout")
    >>> plan = ck.improvement_plan(joyo, column="sub_type", weight="count", start="2006-02-01")
    >>> plan.table[["root_cause", "n", "target_n"]].head(1).to_dict("records")
    [{'root_cause': 'customer_requested_next_day', 'n': 270, 'target_n': 189.0}]
    """
    data = check_frame(data)
    if start is None:  # the day after the period the data covers (before any filter)
        start = (pd.Timestamp(data["received_at"].max()).normalize() + pd.Timedelta(days=1)
                 if "received_at" in data.columns else pd.Timestamp.today().normalize())
    filters = dict(where or {})
    for col, value in filters.items():
        check_columns(data, [col])
        data = data[data[col] == value]
    check_frame(data, "data after the `where` filter")
    if not 0 <= target_reduction <= 1:
        raise ValueError(f"target_reduction must be a share between 0 and 1, not "
                         f"{target_reduction!r}")
    res = pareto(data, column, weight=weight, cutoff=cutoff)
    t = res.table if top is None else res.table.head(top).assign(vital_few=True)
    t = t[t["vital_few"]]
    if department is not None and department in data.columns:
        dept = (data.assign(_w=weights(data, weight))
                .groupby([column, department], observed=True)["_w"].sum().reset_index()
                .sort_values("_w", ascending=False, kind="stable")
                .drop_duplicates(column).set_index(column)[department].astype(str))
        depts = [dept.get(v, "") for v in t["level"]]
    else:
        depts = [""] * len(t)
    start = pd.Timestamp(start)
    deadline = start + pd.Timedelta(days=deadline_days)
    actions = dict(actions or {})
    plan = pd.DataFrame({
        "root_cause": t["level"].to_numpy(),
        "n": t["n"].to_numpy(),
        "share": t["share"].to_numpy(),
        "department": depts,
        "action": [actions.get(v, "") for v in t["level"]],
        "owner_customer_service": "",
        "owner_department": depts,
        "deadline": deadline,
        "target_reduction": float(target_reduction),
        "target_n": np.round(t["n"].to_numpy() * (1 - target_reduction), 1),
        "follow_up_date": deadline + pd.Timedelta(days=follow_up_days),
        "if_missed": "escalate to the department head; review at the next monthly meeting",
    })
    return ImprovementPlan(plan[PLAN_COLUMNS], column, weight, filters)


def in_period(data: pd.DataFrame, period: str, *, column: str = "received_at") -> pd.DataFrame:
    """Rows whose ``column`` falls in ``period``: a year, month, ISO week or day.

    Examples: ``"2025"``, ``"2025-01"``, ``"2025-W03"``, ``"2025-11-11"``.
    """
    data = check_frame(data)
    check_columns(data, [column])
    ts = data[column]
    if not pd.api.types.is_datetime64_any_dtype(ts):
        raise TypeError(f"column {column!r} must hold dates and times, not {ts.dtype}")
    if not isinstance(period, str) or not re.fullmatch(
            r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?|-W\d{2})?", period):
        raise ValueError(f"period must look like '2025', '2025-01', '2025-W03' or "
                         f"'2025-11-11', not {period!r}")
    try:
        if "-W" in period:
            start = pd.Timestamp(dt.date.fromisocalendar(int(period[:4]), int(period[6:]), 1))
            end = start + pd.Timedelta(days=7)
        else:
            p = pd.Period(period)
            start, end = p.start_time, (p + 1).start_time
    except (ValueError, TypeError):
        raise ValueError(f"period must look like '2025', '2025-01', '2025-W03' or "
                         f"'2025-11-11', not {period!r}") from None
    return data[(ts >= start) & (ts < end)]
