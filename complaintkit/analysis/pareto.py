"""Pareto analysis, multi-level drill-down and the improvement plan (the Joyo.com method).

Seed 004: rank a month's complaints, find the vital few that make up most of them, drill the
biggest ("delivery timeout") down to root causes with counts and owners, then write an
improvement plan with targets and check it against the next month.

Every function follows the analysis contract (``complaintkit.analysis._result``): it returns a
``…Result`` with ``.table``, ``.summary()``, ``.plot(ax=None, ...)``, ``.assumptions`` and
``.notes``, the first note being the row ledger's line ("all 514 complaints used").

Every text is written in the language of the data (``complaintkit.i18n``): a Chinese world's
summaries, notes, assumptions, errors and charts are Chinese, with labels for codes; the
tables keep the codes (and add a ``label`` column when ``locale=`` is passed).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_date, fmt_int, fmt_list, fmt_num, fmt_pct, is_english, locale_of, tr
from ..locale import LOCALES
from . import _checks as checks
from ._checks import check_columns, column_label, level_labels, weights
from ._ledger import RowLedger
from ._result import Result

__all__ = ["pareto", "drilldown", "improvement_plan", "in_period",
           "ParetoResult", "DrilldownResult", "ImprovementPlanResult", "ImprovementPlan"]

MISSING = N_("(missing)")  # translated in charts and summaries; the table keeps "(missing)"
HIGHLIGHT, MUTED, LIGHT, DARK = "#c0392b", "#95a5a6", "#bdc3c7", "#2c3e50"


# --------------------------------------------------------------------------- shared steps
def check_frame(data, what: str = "data") -> pd.DataFrame:
    """The shared frame check, and no two columns of one name."""
    return checks.check_frame(data, what)


def _names(column: str, lang: str | None, values) -> list[str]:
    """What a chart or a summary shows for each level: its label in ``lang`` when the locale
    has one (else the value itself), and "(missing)" in ``lang``. English shows the codes, as
    the kit always did (pass ``locale=`` for a ``label`` column)."""
    lab = level_labels(column, lang, values) if lang in LOCALES and not is_english(lang) else {}
    return [tr(MISSING, lang) if v == MISSING else lab.get(str(v), str(v)) for v in values]


def _what(column: str, lang: str | None) -> str:
    """The column's name in ``lang``: its label when the locale has one (English: the
    column's own name)."""
    return column_label(column, lang) if lang in LOCALES and not is_english(lang) else column


def _keys(data: pd.DataFrame, column: str) -> pd.Series:
    """The column as plain objects, missing values as the level ``"(missing)"`` (refused when
    the column also holds that text: the two would be counted as one level)."""
    values = data[column].astype("object")
    missing = data[column].isna()
    if missing.any() and (values == MISSING).any():
        raise ValueError(tr("column {column} holds both missing values and the text "
                            "{missing}, which stands for them: rename that text first, e.g. "
                            "df[{column}].replace({missing}, 'missing (text)')",
                            locale_of(data), column=repr(column), missing=repr(MISSING)))
    return values.where(~missing, MISSING)


def _counts(data: pd.DataFrame, column: str, w: np.ndarray) -> pd.Series:
    """Weighted counts per level; missing values are a level of their own, not dropped."""
    return pd.Series(w, index=data.index).groupby(_keys(data, column).to_numpy(),
                                                  sort=False).sum()


def _ranked(counts: pd.Series, cutoff: float) -> pd.DataFrame:
    counts = counts[counts > 0]
    keys, values = list(counts.index), counts.to_numpy()
    pos = sorted(range(len(keys)), key=lambda i: (-values[i], str(keys[i])))  # ties by name
    order = [keys[i] for i in pos]  # by position: True/False levels are not a mask
    n = values[pos]
    share = n / n.sum()
    cum = np.cumsum(share)
    before = cum - share
    return pd.DataFrame({"level": order, "n": n, "share": share, "cum_share": cum,
                         "vital_few": before < cutoff - 1e-12})


def _int_if_whole(s: pd.Series) -> pd.Series:
    """Whole counts as integers for display; floats stay floats when a cast could change
    them (the shared rule: 1e20 is never wrapped into a negative int64)."""
    return checks.whole_numbers_or_float(s)


def _number(x: float, lang: str | None = None) -> str:
    """1,094 for whole numbers, 4.2 otherwise."""
    return fmt_num(x, lang)


def _cutoff(value, lang: str | None = None) -> float:
    if isinstance(value, bool) or not (isinstance(value, (int, float)) and 0 < value <= 1):
        raise ValueError(tr("cutoff must be a share between 0 and 1 (e.g. 0.8), not {value}",
                            lang, value=repr(value)))
    return float(value)


def _ledger(data: pd.DataFrame, weight: str | None, lang: str | None = None) -> RowLedger:
    """Rows in: complaints, or rows of counts when a weight column is given."""
    return RowLedger(data, unit="complaints" if weight is None else "rows", locale=lang)


def _weigh(data: pd.DataFrame, weight: str | None, ledger: RowLedger) -> np.ndarray:
    """The row weights; rows weighing 0 count nothing, and the ledger says so."""
    w = weights(data, weight)
    if weight is not None:
        ledger.record(int((w == 0).sum()), tr("with {weight} = 0", ledger.locale,
                                              weight=weight))
    return w


def _weight_notes(w: np.ndarray, weight: str | None, lang: str | None = None) -> list[str]:
    if weight is None:
        return []
    return [tr("weighted total: {total} complaints (the sum of {weight} over {n} rows)", lang,
               total=_number(w.sum(), lang), weight=repr(weight), n=fmt_int(len(w), lang))]


def _counting(weight: str | None, lang: str | None = None) -> str:
    if weight is None:
        return tr("each row is one complaint", lang)
    return tr("each row stands for {weight} complaints (weights are counts)", lang,
              weight=repr(weight))


def _missing_assumption(lang: str | None = None) -> str:
    return tr("missing values are a level of their own ('{missing}'), not dropped", lang,
              missing=tr(MISSING, lang))


MISSING_ASSUMPTION = _missing_assumption()


# --------------------------------------------------------------------------- pareto
@dataclass(repr=False)
class ParetoResult(Result):
    """A Pareto table with a chart, returned by :func:`pareto`.

    Attributes
    ----------
    table : DataFrame
        ``level, n, share, cum_share, vital_few`` (and ``label`` with a locale, the ``by``
        column(s) first when grouped), sorted by ``n`` within each group.
    column, cutoff, weight, by, locale
        The arguments it was computed with.
    """

    column: str = ""
    cutoff: float = 0.8
    weight: str | None = None
    by: str | Sequence[str] | None = None
    locale: str | None = None

    @property
    def vital_few(self) -> list:
        """The levels that together reach the cut-off (the first group's, when grouped)."""
        t = self.table
        for col in checks.by_columns(self.by):
            t = t[t[col] == t[col].iloc[0]]
        return list(t.loc[t["vital_few"], "level"])

    @property
    def total(self) -> float:
        return float(self.table["n"].sum())

    def summary(self) -> str:
        """One sentence a manager can read."""
        t, lang = self.table, self.text_locale
        if self.by is not None:
            return self._grouped_summary(lang)
        k = int(t["vital_few"].sum())
        reach = t.loc[t["vital_few"], "share"].sum()
        return tr("{k} of {n} {column} levels ({share}) account for {reach} of {total} "
                  "complaints; the vital few: {vital}.", lang, k=fmt_int(k, lang),
                  n=fmt_int(len(t), lang), column=_what(self.column, lang),
                  share=fmt_pct(k / len(t), lang), reach=fmt_pct(reach, lang),
                  total=fmt_int(round(self.total), lang),
                  vital=fmt_list(_names(self.column, lang, self.vital_few), lang))

    def _grouped_summary(self, lang: str | None) -> str:
        by = checks.by_columns(self.by)
        per = self.table.groupby(by if len(by) > 1 else by[0], observed=True,
                                 sort=False)["vital_few"].sum()
        if is_english(lang):
            counts = str(per.to_dict())
        else:
            counts = fmt_list([tr("{group}: {k}", lang, k=fmt_int(k, lang), group=" / ".join(
                _names(col, lang, [v])[0] for col, v in
                zip(by, g if len(by) > 1 else (g,), strict=True)))
                for g, k in per.items()], lang)
        return tr("Pareto of {column} within each {by}: {counts} levels reach {cutoff}.", lang,
                  column=_what(self.column, lang), counts=counts,
                  by=tr(" and ", lang).join(_what(b, lang) for b in by),
                  cutoff=fmt_pct(self.cutoff, lang))

    def plot(self, ax=None, *, top: int = 20, title: str | None = None):
        """Sorted bars, the cumulative share on a second axis, and the cut-off line.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure when omitted.
        top : int
            At most this many bars: with more levels, the ``top - 1`` largest and one bar
            "other (k levels)" for the rest (its count is their sum; the cumulative line
            reaches 100% there), and the title says so.
        title : str, optional
            Replaces the default title.

        Returns
        -------
        matplotlib.axes.Axes
            The bar axes; the cumulative line is on ``ax.right_ax``.
        """
        from ..plotting import fix_fonts, new_axes, plot_context

        lang = self.text_locale
        if self.by is not None:
            raise ValueError(tr("a grouped Pareto has one chart per group: filter the table "
                                "or call pareto() on one group's rows to plot it", lang))
        t, folded = _fold_levels(self.table, top, lang)
        names = (t["label"] if "label" in t
                 else _names(self.column, lang, t["level"]) if not is_english(lang)
                 else t["level"].astype(str))
        what = column_label(self.column, self.locale) if self.locale else _what(self.column,
                                                                                lang)
        with plot_context():
            fig, ax = new_axes(ax, figsize=(max(6.0, 0.6 * len(t) + 3), 4.5))
            x = np.arange(len(t))
            ax.bar(x, t["n"], color=np.where(t["vital_few"], HIGHLIGHT, MUTED),
                   label=tr("count", lang))
            ax.set_xticks(x, names, rotation=35 if len(t) > 5 else 0,
                          ha="right" if len(t) > 5 else "center")
            ax.set_ylabel(_complaints_axis(self.weight, lang))
            ax.set_xlabel(what)
            right = self._cumulative_axis(ax, x, t["cum_share"], lang)
            ax.set_title(title or tr("Pareto of complaints: {what} (the vital few in red)", lang,
                                     what=what) + (f"\n{folded}" if folded else ""))
            ax.right_ax = right
            fix_fonts(ax, right)
        return ax

    def _cumulative_axis(self, ax, x: np.ndarray, cum_share: pd.Series, lang: str | None):
        right = ax.twinx()
        right.plot(x, cum_share * 100, color=DARK, marker="o",
                   label=tr("cumulative %", lang))
        right.axhline(self.cutoff * 100, color=DARK, linestyle="--", linewidth=1)
        right.annotate(tr("{cutoff} cut-off", lang, cutoff=fmt_pct(self.cutoff, lang)),
                       (len(x) - 0.5, self.cutoff * 100), ha="right", va="bottom", fontsize=9)
        right.set_ylim(0, 105)
        right.set_ylabel(tr("cumulative share (%)", lang))
        right.spines["right"].set_visible(True)
        right.grid(False)
        return right


def _complaints_axis(weight: str | None, lang: str | None) -> str:
    """The count axis: "complaints", or "complaints (count)" for weighted rows."""
    if weight is None:
        return tr("complaints", lang)
    return tr("complaints ({weight})", lang, weight=weight)


def _fold_levels(table: pd.DataFrame, top: int,
                 lang: str | None = None) -> tuple[pd.DataFrame, str]:
    """The Pareto table with the levels beyond the ``top - 1`` largest as one "other" row
    (:func:`complaintkit.plotting.top_and_other`), and the note saying so."""
    from ..plotting import top_and_other

    checks.whole_number("top", top, 2, example=20)
    fold = top_and_other(pd.Series(table["n"].to_numpy(dtype=float), index=table.index),
                         top, what="levels", locale=lang)
    if not fold.folded:
        return table, ""
    rest = table.loc[fold.folded]
    other = {"level": fold.other, "n": rest["n"].sum(), "share": rest["share"].sum(),
             "cum_share": table["cum_share"].iloc[-1], "vital_few": False}
    if "label" in table:
        other["label"] = fold.other
    t = pd.concat([table.loc[fold.kept], pd.DataFrame([other])], ignore_index=True)
    return t, fold.note


def pareto(data: pd.DataFrame, column: str, *, weight: str | None = None,
           cutoff: float = 0.8, by: str | Sequence[str] | None = None,
           locale: str | None = None) -> ParetoResult:
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
    by : str or list of str, optional
        Rank within each group of these column(s) (e.g. ``"channel"``); shares are per group.
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
    >>> res.notes
    ['all 10 rows used', "weighted total: 1,094 complaints (the sum of 'count' over 10 rows)"]
    """
    locale = checks.locale(locale)
    lang = locale_of(data, locale=locale)
    cutoff = _cutoff(cutoff, lang)
    data = check_frame(data)
    check_columns(data, [column])
    by_cols = _pareto_by(by, data, column)
    ledger = _ledger(data, weight, lang)
    w = _weigh(data, weight, ledger)
    table = _pareto_table(data, column, w, cutoff, by_cols)
    table = _with_labels(table, column, locale)
    assumptions = [_counting(weight, lang), _missing_assumption(lang),
                   _vital_few_assumption(cutoff, bool(by_cols), lang)]
    return ParetoResult(table=table, assumptions=assumptions,
                        notes=_weight_notes(w, weight, lang), ledger=ledger, column=column,
                        cutoff=cutoff, weight=weight, by=by, locale=locale)


def _vital_few_assumption(cutoff: float, grouped: bool, lang: str | None) -> str:
    if grouped:
        return tr("the vital few are the fewest levels, largest first, that reach {cutoff} of "
                  "the complaints within each group; ties are ranked by name", lang,
                  cutoff=fmt_pct(cutoff, lang))
    return tr("the vital few are the fewest levels, largest first, that reach {cutoff} of the "
              "complaints; ties are ranked by name", lang, cutoff=fmt_pct(cutoff, lang))


PARETO_COLUMNS = ("level", "label", "n", "share", "cum_share", "vital_few")


def _pareto_by(by, data: pd.DataFrame, column: str) -> list[str]:
    """The ``by`` columns: not the ranked column, and no name of an output column."""
    by_cols = checks.by_columns(by, data)
    if column in by_cols:
        raise ValueError(tr("by names the column being ranked ({name}): within each "
                            "{column} there is one level, so every share would be 1; rank "
                            "another column within it, or drop by=", locale_of(data),
                            name=repr(column), column=column))
    clash = [b for b in by_cols if b in PARETO_COLUMNS]
    if clash:
        raise ValueError(tr("by column {name} has the name of an output column of pareto() "
                            "({columns}): rename it first, e.g. data.rename(columns={{{name}: "
                            "'{column}_group'}})", locale_of(data), name=repr(clash[0]),
                            column=clash[0], columns=", ".join(PARETO_COLUMNS)))
    return by_cols


def _pareto_table(data: pd.DataFrame, column: str, w: np.ndarray, cutoff: float,
                  by_cols: list[str]) -> pd.DataFrame:
    """The ranked table, within each group of ``by_cols`` (groups in order of appearance)."""
    if not by_cols:
        table = _ranked(_counts(data, column, w), cutoff)
    else:
        keys = [_keys(data, c).to_numpy() for c in by_cols]
        groups = pd.Series(w).groupby(keys if len(keys) > 1 else keys[0], sort=False).indices
        parts = []
        for g, pos in groups.items():
            t = _ranked(_counts(data.iloc[pos], column, w[pos]), cutoff)
            values = g if len(by_cols) > 1 else (g,)
            parts.append(t.assign(**dict(zip(by_cols, values, strict=True))))
        table = pd.concat(parts, ignore_index=True)
        table = table[by_cols + [c for c in table.columns if c not in by_cols]]
    table["n"] = _int_if_whole(table["n"])
    return table


def _with_labels(table: pd.DataFrame, column: str, locale: str | None) -> pd.DataFrame:
    """A ``label`` column after ``level`` when the locale has labels for the levels."""
    lab = level_labels(column, locale, table["level"])
    if lab:
        table.insert(table.columns.get_loc("level") + 1, "label",
                     [lab.get(str(v), str(v)) for v in table["level"]])
    return table


# --------------------------------------------------------------------------- drill-down
@dataclass(repr=False)
class DrilldownResult(Result):
    """Shares within each parent, level by level, returned by :func:`drilldown`.

    Attributes
    ----------
    table : DataFrame
        One row per node: the level columns (empty below the node's depth), ``depth``,
        ``n``, ``share_of_parent``, ``share_of_total``; sorted as a tree, largest first.
    levels : list of str
    weight, locale
        The arguments it was computed with.
    """

    levels: list[str] = field(default_factory=list)
    weight: str | None = None
    locale: str | None = None

    def _check_path(self, path: Mapping) -> None:
        unknown = [k for k in path if k not in self.levels]
        if unknown:
            raise KeyError(tr("{name} is not one of the drill-down levels {levels}",
                              self.text_locale, name=repr(unknown[0]), levels=self.levels))

    def children(self, **path) -> pd.DataFrame:
        """The children of one node, e.g. ``children(category="delivery")``."""
        self._check_path(path)
        lang = self.text_locale
        depth = len(path)
        if depth >= len(self.levels):
            raise ValueError(tr("that node is at the deepest level: it has no children", lang))
        want = self.levels[:depth]
        if list(path) != want:
            raise ValueError(tr("give the path from the top, in order: {levels}", lang,
                                levels=want))
        t = self.table[self.table["depth"] == depth + 1]
        for k, v in path.items():
            t = t[t[k] == v]
        if t.empty:
            raise KeyError(tr("no node {path}; see the table for the values at each level",
                              lang, path=path))
        return t

    def path(self, **path) -> pd.DataFrame:
        """The chain of nodes from the top, following ``path`` then the largest child."""
        self._check_path(path)
        rows = []
        chosen: dict = {}
        for lvl in self.levels:
            kids = self.children(**chosen) if chosen else self.table[self.table["depth"] == 1]
            pick = path.get(lvl, kids.iloc[0][lvl])
            row = kids[kids[lvl] == pick]
            if row.empty:
                raise KeyError(tr("{level}={value} is not a child of {parent}",
                                  self.text_locale, level=lvl, value=repr(pick),
                                  parent=chosen or tr("the top", self.text_locale)))
            rows.append(row)
            chosen[lvl] = pick
        return pd.concat(rows)

    def summary(self) -> str:
        """The largest path, with each node's share of its parent."""
        lang = self.text_locale
        chain = self.path()
        steps = [tr("{node} ({share})", lang, node=_names(lvl, lang, [row[lvl]])[0],
                    share=fmt_pct(row["share_of_parent"], lang))
                 for lvl, (_, row) in zip(self.levels, chain.iterrows(), strict=True)]
        total = self.table.loc[self.table["depth"] == 1, "n"].sum()
        return tr("Drill-down of {total} complaints by {levels}. The largest path, each node "
                  "with its share of its parent: {steps}, {share} of all complaints.", lang,
                  total=_number(total, lang),
                  levels=" → ".join(_what(lvl, lang) for lvl in self.levels),
                  steps=" → ".join(steps),
                  share=fmt_pct(chain["share_of_total"].iloc[-1], lang))

    def _repr_html_(self) -> str:
        shown = copy.copy(self)  # levels below a node's depth shown empty, not NaN
        shown.table = self.table.astype({lvl: object for lvl in self.levels}).where(
            self.table.notna(), "")
        return Result._repr_html_(shown)

    @checks.renamed_arguments(axes="ax")
    def plot(self, ax=None, *, path: Mapping | None = None, top: int = 8, ncols: int = 2,
             title: str | None = None):
        """One panel per level: the children's shares within the node followed.

        The followed child (``path``, else the largest) is highlighted; the next panel
        drills into it.

        Parameters
        ----------
        ax : Axes or array of Axes, optional
            None: a new figure with one panel per level, ``ncols`` to a row. An array of
            Axes (at least one per level): the panels in order, top level first. One Axes:
            one panel, the children of the deepest node named in ``path`` (the top level
            without a ``path``; the last level when ``path`` names every level).
            ``axes=`` is a deprecated alias.
        path : mapping, optional
            The nodes to follow from the top, e.g. ``{"category": "delivery"}``; below it
            the largest child is followed.
        top : int
            At most this many bars per panel: with more children, the ``top - 1`` largest
            (the followed one always among them) and one bar "other (k levels)" for the rest.
        ncols : int
            Panels per row of a new figure.
        title : str, optional
            The figure's title (the panel's title when one Axes is given).

        Returns
        -------
        Axes or ndarray of Axes
            The one Axes given, else the array of panels.
        """
        from matplotlib.axes import Axes

        from ..plotting import plot_context

        panels = self._panels(path, top)
        lang = self.text_locale
        with plot_context():
            if isinstance(ax, Axes):
                self._draw_panel(ax, *panels[min(len(path or {}), len(panels) - 1)])
                if title:
                    ax.set_title(title)
                return ax
            axes = self._panel_axes(ax, ncols)
            for panel_ax, panel in zip(axes, panels, strict=True):
                self._draw_panel(panel_ax, *panel)
            default = (tr("Drill-down: following the biggest share", lang) if not path
                       else tr("Drill-down: following the chosen path", lang))
            axes[0].figure.suptitle(title or default, fontweight="bold")
        return axes

    def _label(self, lvl: str, value) -> str:
        if self.locale is None:  # no locale= given: codes in English, labels otherwise
            return _names(lvl, self.text_locale, [value])[0]
        return level_labels(lvl, self.locale, self.table[lvl].dropna()).get(str(value),
                                                                             str(value))

    def _panels(self, path: Mapping | None, top: int) -> list[tuple]:
        """(level, children shown, child followed, parent's name) for each level."""
        chain = self.path(**dict(path or {}))
        panels, chosen = [], {}
        for i, lvl in enumerate(self.levels):
            kids = self.children(**chosen) if chosen else self.table[self.table["depth"] == 1]
            parent = (tr("all complaints", self.text_locale) if not chosen
                      else self._label(self.levels[i - 1], chosen[self.levels[i - 1]]))
            panels.append((lvl, _fold_children(kids, lvl, top, chain.iloc[i][lvl],
                                               self.text_locale),
                           chain.iloc[i][lvl], parent))
            chosen[lvl] = chain.iloc[i][lvl]
        return panels

    def _panel_axes(self, ax, ncols: int) -> np.ndarray:
        k = len(self.levels)
        if ax is None:
            import matplotlib.pyplot as plt

            ncols = max(1, min(ncols, k))
            nrows = -(-k // ncols)
            _, grid = plt.subplots(nrows, ncols, figsize=(5.5 * ncols, 3.6 * nrows),
                                   layout="constrained", squeeze=False)
            for extra in grid.ravel()[k:]:
                extra.set_visible(False)
            ax = grid
        axes = np.atleast_1d(ax).ravel()
        if len(axes) < k:
            raise ValueError(tr("ax must be one Axes or at least {k} Axes (one per level), "
                                "not {n}", self.text_locale, k=k, n=len(axes)))
        return axes[:k]

    def _draw_panel(self, ax, lvl: str, kids: pd.DataFrame, pick, parent: str) -> None:
        from ..plotting import fix_fonts

        y = np.arange(len(kids))[::-1]
        ax.barh(y, kids["share_of_parent"] * 100,
                color=[HIGHLIGHT if v == pick else LIGHT for v in kids[lvl]])
        ax.set_yticks(y, [self._label(lvl, v) for v in kids[lvl]])
        lang = self.text_locale
        what = column_label(lvl, self.locale) if self.locale else _what(lvl, lang)
        ax.set_xlabel(tr("share within parent (%)", lang))
        ax.set_title(tr("{level}\nwithin: {parent}", lang, level=what, parent=parent),
                     fontsize=10)
        for yy, s in zip(y, kids["share_of_parent"], strict=True):
            ax.annotate(fmt_pct(s, lang), (s * 100, yy), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=8)
        fix_fonts(ax)


def _fold_children(kids: pd.DataFrame, lvl: str, top: int, pick,
                   lang: str | None = None) -> pd.DataFrame:
    """A panel's children: the ``top - 1`` largest (the followed one kept) and "other"."""
    from ..plotting import top_and_other

    checks.whole_number("top", top, 2, example=8)
    sizes = pd.Series(kids["n"].to_numpy(dtype=float), index=kids.index)
    sizes[kids.index[(kids[lvl] == pick).to_numpy()]] = np.inf  # never fold the path
    fold = top_and_other(sizes, top, what="levels", locale=lang)
    if not fold.folded:
        return kids
    rest = kids.loc[fold.folded]
    other = {lvl: fold.other, "n": rest["n"].sum(),
             "share_of_parent": rest["share_of_parent"].sum(),
             "share_of_total": rest["share_of_total"].sum()}
    return pd.concat([kids.loc[[i for i in kids.index if i in set(fold.kept)]],
                      pd.DataFrame([other])], ignore_index=True)


DEFAULT_LEVELS = ("category", "sub_category", "root_cause", "department")


def drilldown(data: pd.DataFrame, levels: Sequence[str] = DEFAULT_LEVELS,
              *, weight: str | None = None, locale: str | None = None) -> DrilldownResult:
    """Shares within each parent at every level of a hierarchy.

    Parameters
    ----------
    data : DataFrame
        One row per complaint, or counts in ``weight``.
    levels : list of str
        Columns from the top of the hierarchy down, e.g. category → sub-category → root
        cause → department. By default those four, as far as ``data`` has them (a source
        with category and sub-category only is drilled down two levels, and a note names the
        levels left out); levels named here must all be columns of ``data``.
    weight : str, optional
        Counts or weights per row.
    locale : {"en_US", "zh_CN"}, optional
        Labels for the chart.

    Returns
    -------
    DrilldownResult
        ``.table`` (one row per node with ``depth, n, share_of_parent, share_of_total``),
        ``.children(**path)``, ``.path(**path)``, ``.summary()``, ``.plot()``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> joyo = ck.load_dataset("joyo_delivery_timeout")
    >>> d = ck.drilldown(joyo, ["department", "sub_type"], weight="count")
    >>> d.children(department="customer_service")["n"].sum()
    np.int64(555)
    >>> d.summary()
    'Drill-down of 1,094 complaints by department → sub_type. The largest path, each node
    with its share of its parent: customer_service (51%) → customer_requested_next_day (49%),
    25% of all complaints.'
    """
    locale = checks.locale(locale)
    data = check_frame(data)
    lang = locale_of(data, locale=locale)
    levels, notes = _default_levels(levels, data, lang)
    levels = _levels(levels, data, weight, lang)
    ledger = _ledger(data, weight, lang)
    w = _weigh(data, weight, ledger)
    table = _tree_order(_nodes(data, levels, w), levels)
    table["n"] = _int_if_whole(table["n"])
    table = table[levels + ["depth", "n", "share_of_parent", "share_of_total"]]
    assumptions = [_counting(weight, lang), _missing_assumption(lang),
                   tr("the levels form a hierarchy from the top down: a share_of_parent is a "
                      "share of the node above it", lang)]
    return DrilldownResult(table=table.reset_index(drop=True), assumptions=assumptions,
                           notes=notes + _weight_notes(w, weight, lang), ledger=ledger,
                           levels=levels, weight=weight, locale=locale)


DRILLDOWN_COLUMNS = ("depth", "n", "share_of_parent", "share_of_total")

#: the messages about columns a frame lacks, in one place (translated by tr where raised)
_ABSENT = {
    "levels_left_out": N_("levels: {missing} not in data, so the drill-down stops at {last} "
                          "(name the levels with levels=[...])"),
    "no_level": N_("drilldown's default levels ({levels}) are none of them in data: name the "
                   "hierarchy's columns with levels=[...]; the columns are: {have}"),
    "plan_column": N_("; improvement_plan ranks this column (column={column}) to choose the "
                      "plan's rows: pass the column to plan against, e.g. column='category'"),
    "no_department": N_("department column {department} is not in data: the plan's "
                        "department and owner_department are left empty (pass department= "
                        "the column naming the responsible department, or department=None)"),
}


def _default_levels(levels, data: pd.DataFrame,
                    lang: str | None = None) -> tuple[Sequence[str], list[str]]:
    """The default hierarchy as far as ``data`` has it, with a note on the levels left out
    (levels the user named are all required, by :func:`_levels`)."""
    if levels is not DEFAULT_LEVELS:
        return levels, []
    have = [lvl for lvl in levels if lvl in data.columns]
    if not have:
        raise KeyError(tr(_ABSENT["no_level"], lang, levels=", ".join(levels),
                          have=", ".join(map(str, data.columns))))
    missing = [lvl for lvl in levels if lvl not in data.columns]
    if not missing:
        return levels, []
    words = (tr("{column} is", lang, column=missing[0]) if len(missing) == 1
             else tr("{columns} are", lang, columns=", ".join(missing)))
    return have, [tr(_ABSENT["levels_left_out"], lang, missing=words, last=have[-1])]


def _levels(levels, data: pd.DataFrame, weight: str | None = None,
            lang: str | None = None) -> list[str]:
    """The level columns: at least one, each once, none named like an output column, and
    not the weight."""
    levels = checks.column_names("levels", levels, data)
    if not levels:
        raise ValueError(tr("levels must name at least one column", lang))
    clash = [lvl for lvl in levels if lvl in DRILLDOWN_COLUMNS]
    if clash:
        raise ValueError(tr("level {name} has the name of an output column of drilldown() "
                            "({columns}): rename it first, e.g. data.rename(columns={{{name}: "
                            "'{column}_level'}})", lang, name=repr(clash[0]), column=clash[0],
                            columns=", ".join(DRILLDOWN_COLUMNS)))
    if weight is not None and weight in levels:
        raise ValueError(tr("weight column {weight} is also a level: a column of counts cannot "
                            "be a level of the hierarchy", lang, weight=repr(weight)))
    return levels


def _nodes(data: pd.DataFrame, levels: list[str], w: np.ndarray) -> pd.DataFrame:
    """One row per node at every depth: counts and shares of the parent and the total."""
    keys = pd.DataFrame({lvl: _keys(data, lvl) for lvl in levels}, index=data.index)
    total = w.sum()
    parts = []
    for depth in range(1, len(levels) + 1):
        cols = levels[:depth]
        g = pd.Series(w, index=data.index).groupby([keys[c] for c in cols], sort=False).sum()
        t = g.rename("n").reset_index()
        t = t[t["n"] > 0]
        parent_n = (total if depth == 1
                    else t.groupby(cols[:-1], sort=False)["n"].transform("sum"))
        t["share_of_parent"] = t["n"] / parent_n
        t["share_of_total"] = t["n"] / total
        t["depth"] = depth
        parts.append(t)
    return pd.concat(parts, ignore_index=True)


def _tree_order(table: pd.DataFrame, levels: list[str]) -> pd.DataFrame:
    """Depth-first order, siblings by descending n then name."""
    order: list = []

    def walk(depth: int, prefix: dict) -> None:  # one call per node, not per complaint
        kids = table[table["depth"] == depth]
        for k, v in prefix.items():
            kids = kids[kids[k] == v]
        names = np.asarray(kids[levels[depth - 1]].astype(str), dtype=str)
        kids = kids.iloc[np.lexsort((names, -kids["n"].to_numpy(dtype=float)))]
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
IF_MISSED = N_("escalate to the department head; review at the next monthly meeting")


@dataclass(repr=False)
class ImprovementPlanResult(Result):
    """The seed 004 improvement plan: one row per vital-few root cause, to be filled in.

    Edit ``.table`` like any DataFrame (actions, owners, targets), then call
    :meth:`check` with the next period's complaints.

    Attributes
    ----------
    table : DataFrame
        ``root_cause, n, share, department, action, owner_customer_service,
        owner_department, deadline, target_reduction, target_n, follow_up_date, if_missed``.
    column, weight, locale
        The arguments it was computed with.
    filters : dict
        The ``where`` filters, applied again to the next period by :meth:`check`.
    """

    column: str = "root_cause"
    weight: str | None = None
    filters: dict = field(default_factory=dict)
    locale: str | None = None

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

    def summary(self) -> str:
        """How many root causes, how many complaints now, the target and the dates."""
        t, lang = self.table, self.text_locale
        if t.empty:
            return tr("The improvement plan has no rows.", lang)
        scope = tr(" and ", lang).join(
            tr("{column} = {value}", lang, column=_what(k, lang), value=_names(k, lang, [v])[0])
            for k, v in self.filters.items())
        fields = dict(k=fmt_int(len(t), lang), n=_number(t["n"].sum(), lang),
                      share=fmt_pct(t["share"].sum(), lang),
                      target=_number(round(t["target_n"].sum(), 1), lang),
                      deadline=fmt_date(t["deadline"].max(), lang),
                      follow_up=fmt_date(t["follow_up_date"].max(), lang), scope=scope)
        if scope:
            return tr("Improvement plan for {k} root causes with {n} complaints, {share} of the "
                      "complaints with {scope}. The targets bring them to {target} by "
                      "{deadline}; follow-up on {follow_up}.", lang, **fields)
        return tr("Improvement plan for {k} root causes with {n} complaints, {share} of the "
                  "complaints. The targets bring them to {target} by {deadline}; follow-up on "
                  "{follow_up}.", lang, **fields)

    def plot(self, ax=None, *, title: str | None = None):
        """Horizontal bars per root cause: this period's complaints and the target.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure when omitted.
        title : str, optional
            Replaces the default title.

        Returns
        -------
        matplotlib.axes.Axes
            Two bars per root cause (the plan's first row on top): the count now (red) and
            the target (grey), each labelled with its value.
        """
        from ..plotting import fix_fonts, new_axes, plot_context

        t, lang = self.table, self.text_locale
        lab = level_labels(self.column, self.locale, t["root_cause"])
        names = ([lab.get(str(v), str(v)) for v in t["root_cause"]] if self.locale
                 else _names(self.column, lang, t["root_cause"]))
        with plot_context():
            fig, ax = new_axes(ax, figsize=(8, 1.5 + 0.7 * max(len(t), 1)))
            y = np.arange(len(t))[::-1]
            now = ax.barh(y + 0.2, t["n"], height=0.4, color=HIGHLIGHT,
                          label=tr("this period", lang))
            goal = ax.barh(y - 0.2, t["target_n"], height=0.4, color=MUTED,
                           label=tr("target", lang))
            for bars, values in ((now, t["n"]), (goal, t["target_n"])):
                ax.bar_label(bars, [_number(v, lang) for v in values], padding=3, fontsize=8)
            ax.set_yticks(y, names)
            ax.set_xlabel(_complaints_axis(self.weight, lang))
            ax.grid(axis="x", visible=True)
            ax.grid(axis="y", visible=False)
            ax.legend(loc="lower right")
            ax.set_title(title or self._title())
            fix_fonts(ax)
        return ax

    def _title(self) -> str:
        lang = self.text_locale
        if self.table.empty:
            return tr("Improvement plan", lang)
        return tr("Improvement plan: complaints now and targets by {deadline}", lang,
                  deadline=fmt_date(self.table["deadline"].max(), lang))


ImprovementPlan = ImprovementPlanResult  # the name before the analysis contract


def improvement_plan(data: pd.DataFrame, *, column: str = "root_cause",
                     department: str | None = "department", weight: str | None = None,
                     cutoff: float = 0.8, top: int | None = None,
                     actions: Mapping[str, str] | None = None, target_reduction: float = 0.3,
                     start: str | dt.date | None = None, deadline_days: int = 30,
                     follow_up_days: int = 30, where: Mapping[str, object] | None = None,
                     locale: str | None = None) -> ImprovementPlanResult:
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
        When the plan starts (default: the day after the last ``received_at``). Required when
        ``data`` has no ``received_at``: the plan is never dated from the computer's clock.
    deadline_days, follow_up_days : int
        Days from ``start`` to the deadline, and from the deadline to the follow-up check.
    where : mapping, optional
        Filters applied to ``data`` now and to the next period in
        :meth:`ImprovementPlanResult.check`, e.g. ``{"sub_category": "delivery_delay"}``; the
        rows outside them are counted in the notes.
    locale : {"en_US", "zh_CN"}, optional
        Labels for the chart (the table keeps the codes).

    Returns
    -------
    ImprovementPlanResult
        ``.table`` with ``root_cause, n, share, department, action, owner_customer_service,
        owner_department, deadline, target_reduction, target_n, follow_up_date, if_missed``;
        ``.check(next_data)``, ``.summary()``, ``.plot()``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> joyo = ck.load_dataset("joyo_delivery_timeout")
    >>> plan = ck.improvement_plan(joyo, column="sub_type", weight="count", start="2006-02-01")
    >>> plan.table[["root_cause", "n", "target_n"]].head(1).to_dict("records")
    [{'root_cause': 'customer_requested_next_day', 'n': 270, 'target_n': 189.0}]
    >>> plan.summary()
    'Improvement plan for 4 root causes with 900 complaints, 82% of the complaints. The targets
    bring them to 630 by 2006-03-03; follow-up on 2006-04-02.'
    """
    locale = checks.locale(locale)
    data = check_frame(data)
    lang = locale_of(data, locale=locale)
    _check_plan_arguments(target_reduction, top, deadline_days, follow_up_days, lang)
    _plan_column(data, column, lang)
    start = _start(data, start, lang)
    ledger = _ledger(data, weight, lang)
    filters = dict(where or {})
    data = _filtered(data, filters, ledger)
    w = _weigh(data, weight, ledger)
    vital = _vital_rows(data, column, weight, cutoff, top)
    depts = _departments(data, column, department, w, vital["level"])
    plan = _plan_table(vital, depts, dict(actions or {}), target_reduction, start,
                       deadline_days, follow_up_days, lang)
    assumptions = [_counting(weight, lang), _missing_assumption(lang),
                   tr("each root cause's target is {reduction} fewer complaints than this "
                      "period (edit target_n per row to change it)", lang,
                      reduction=fmt_pct(target_reduction, lang)),
                   tr("the responsible department is the one with the most complaints of that "
                      "root cause", lang),
                   tr("the next period is filtered the same way (where=) in .check()", lang)]
    notes = _weight_notes(w, weight, lang) + _department_note(data, department, lang)
    return ImprovementPlanResult(table=plan, assumptions=assumptions,
                                 notes=notes, ledger=ledger, column=column,
                                 weight=weight, filters=filters, locale=locale)


def _plan_column(data: pd.DataFrame, column: str, lang: str | None = None) -> None:
    """The column the plan ranks must be in ``data``: the error says what it is for."""
    try:
        check_columns(data, [column])
    except KeyError as e:
        raise KeyError(str(e.args[0]) + tr(_ABSENT["plan_column"], lang,
                                           column=repr(column))) from None


def _department_note(data: pd.DataFrame, department: str | None,
                     lang: str | None = None) -> list[str]:
    if department is None or department in data.columns:
        return []
    return [tr(_ABSENT["no_department"], lang, department=repr(department))]


def _check_plan_arguments(target_reduction, top, deadline_days, follow_up_days,
                          lang: str | None = None) -> None:
    if isinstance(target_reduction, bool) \
            or not isinstance(target_reduction, (int, float, np.integer, np.floating)) \
            or not 0 < target_reduction <= 1:
        raise ValueError(tr("target_reduction must be a share above 0 and at most 1 (e.g. 0.3 "
                            "for 30% fewer complaints), but {value} was passed", lang,
                            value=repr(target_reduction)))
    if top is not None:
        checks.whole_number("top", top, 1, example=5)
    checks.whole_number("deadline_days", deadline_days, 0, example=30)
    checks.whole_number("follow_up_days", follow_up_days, 0, example=30)


DATE_COLUMN = "received_at"


def _start(data: pd.DataFrame, start, lang: str | None = None) -> pd.Timestamp:
    """``start``, or the day after the last ``received_at`` (before any filter); never the
    computer's clock, so the same data give the same plan on any day."""
    if start is not None:
        return _start_date(start, lang)
    if DATE_COLUMN not in data.columns:
        raise ValueError(tr("data has no {column} column to date the plan from: pass the day "
                            "the plan starts, e.g. start='2025-02-01'", lang,
                            column=repr(DATE_COLUMN)))
    ts = checks.times(data, DATE_COLUMN, missing="keep")
    if ts.isna().all():
        raise ValueError(tr("{column} is missing in every row, so the plan cannot be dated from "
                            "the data: pass the day the plan starts, e.g. start='2025-02-01'",
                            lang, column=repr(DATE_COLUMN)))
    return ts.max().normalize() + pd.Timedelta(days=1)


def _start_date(start, lang: str | None = None) -> pd.Timestamp:
    """``start`` as a Timestamp (a time zone is dropped: the local date counts)."""
    bad = ValueError(tr("start must be a date such as '2025-02-01' (text, datetime.date or "
                        "Timestamp), but {value} was passed", lang, value=repr(start)))
    if not isinstance(start, (str, dt.date, np.datetime64)):
        raise bad
    try:
        ts = pd.Timestamp(start)
    except (ValueError, TypeError, OverflowError):
        raise bad from None
    if pd.isna(ts):
        raise bad
    return ts.tz_localize(None) if ts.tz is not None else ts


def _plan_dates(start: pd.Timestamp, deadline_days: int, follow_up_days: int,
                lang: str | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The deadline and the follow-up date; refused past the last date pandas can hold."""
    try:
        deadline = start + pd.Timedelta(days=deadline_days)
        return deadline, deadline + pd.Timedelta(days=follow_up_days)
    except (OverflowError, ValueError):
        raise ValueError(tr("start {start} + deadline_days={deadline_days} + follow_up_days="
                            "{follow_up_days} runs past the last date pandas can hold ({last}): "
                            "use fewer days", lang, start=fmt_date(start, lang),
                            deadline_days=deadline_days, follow_up_days=follow_up_days,
                            last=fmt_date(pd.Timestamp.max, lang))) from None


def _filtered(data: pd.DataFrame, filters: dict, ledger: RowLedger) -> pd.DataFrame:
    """The rows inside every ``where`` filter; the ledger counts the others by filter."""
    check_columns(data, list(filters))
    for col, value in filters.items():
        data = ledger.drop(~(data[col] == value).to_numpy(),
                           tr("outside {column} = {value}", ledger.locale,
                              column=_what(col, ledger.locale),
                              value=_names(col, ledger.locale, [value])[0]), data=data)
    return check_frame(data, "data after the `where` filter")


def _vital_rows(data: pd.DataFrame, column: str, weight: str | None, cutoff: float,
                top: int | None) -> pd.DataFrame:
    """The Pareto rows the plan covers: the vital few, or the ``top`` largest."""
    t = pareto(data, column, weight=weight, cutoff=cutoff).table
    t = t if top is None else t.head(top).assign(vital_few=True)
    return t[t["vital_few"]]


def _departments(data: pd.DataFrame, column: str, department: str | None, w: np.ndarray,
                 levels: pd.Series) -> list[str]:
    """The department with the most complaints of each level ("" without the column; the
    level itself when the plan is by department)."""
    if department is None or department not in data.columns:
        return [""] * len(levels)
    if department == column:
        return [str(v) for v in levels]
    dept = (data.assign(_w=w).groupby([column, department], observed=True)["_w"].sum()
            .reset_index().sort_values("_w", ascending=False, kind="stable")
            .drop_duplicates(column).set_index(column)[department].astype(str))
    return [dept.get(v, "") for v in levels]


def _plan_table(t: pd.DataFrame, depts: list[str], actions: dict, target_reduction: float,
                start: pd.Timestamp, deadline_days: int, follow_up_days: int,
                lang: str | None = None) -> pd.DataFrame:
    deadline, follow_up = _plan_dates(start, deadline_days, follow_up_days, lang)
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
        "follow_up_date": follow_up,
        "if_missed": tr(IF_MISSED, lang),
    })
    return plan[PLAN_COLUMNS]


# --------------------------------------------------------------------------- periods
PERIOD_FORMS = N_("'2025', '2025-01', '2025-W03' or '2025-11-11'")


@checks.renamed_arguments(column="time")
def in_period(data: pd.DataFrame, period: str, *, time: str = "received_at") -> pd.DataFrame:
    """Rows whose ``time`` falls in ``period``: a year, month, ISO week or day.

    Examples: ``"2025"``, ``"2025-01"``, ``"2025-W03"``, ``"2025-11-11"``. ``column=`` is a
    deprecated alias of ``time``. A time zone is dropped: the local time decides the period.

    Examples
    --------
    >>> import complaintkit as ck
    >>> world = ck.load_dataset("ecommerce_en")
    >>> jan = ck.in_period(world.complaints, "2025-01")
    >>> bool(jan["received_at"].dt.month.eq(1).all())
    True
    """
    data = check_frame(data)
    ts = checks.times(data, time)
    start, end = _period_bounds(period, locale_of(data))
    return data[((ts >= start) & (ts < end)).to_numpy()]


def _period_bounds(period, lang: str | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """[start, end) of a year, month, ISO week or day."""
    bad = ValueError(tr("period must look like {forms}, not {value}", lang,
                        forms=tr(PERIOD_FORMS, lang), value=repr(period)))
    if not isinstance(period, str) or not re.fullmatch(
            r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?|-W\d{2})?", period):
        raise bad
    try:
        if "-W" in period:
            start = pd.Timestamp(dt.date.fromisocalendar(int(period[:4]), int(period[6:]), 1))
            return start, start + pd.Timedelta(days=7)
        p = pd.Period(period)
        return p.start_time, (p + 1).start_time
    except (ValueError, TypeError):
        raise bad from None
