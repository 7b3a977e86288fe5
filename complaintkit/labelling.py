"""Any table in its reader's language: codes shown as labels, column names as their labels.

:meth:`World.labelled <complaintkit.world.World.labelled>` does this for a world's own tables;
:func:`labelled` does it for every other table a user looks at: a result's ``.table``, a
``value_counts()``, a drill-down's children, a truth table. The label data are the locale
files' (:func:`complaintkit.locale.labels`), found as the analyses find them
(:func:`~complaintkit.analysis._checks.level_labels`); nothing here repeats them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .analysis._checks import level_labels
from .i18n import N_, is_english, locale_of, tr
from .locale import FAMILY, LOCALES, check_locale, labels

__all__ = ["labelled"]

#: column names whose label family has another name (besides :data:`locale.FAMILY`)
ALIASES = {**FAMILY, "step": "process_step", "owner_department": "department"}
#: columns that hold column names (a grouped result's ``by``): shown as column labels
BY = ("by",)
#: label families that are not families of codes in a column
NOT_CODES = ("column", "table")

#: the columns of the kit's result tables (not in the locale files' ``column`` labels, which
#: name the schema's columns), named in a non-English locale; English keeps the names
RESULT_COLUMNS = {
    # pareto, drilldown, grouped results
    "level": N_("group"), "by": N_("grouped by"), "label": N_("label"),
    "n": N_("number of complaints"), "count": N_("number of complaints"), "share": N_("share"),
    "cum_share": N_("cumulative share"), "vital_few": N_("vital few"), "depth": N_("depth"),
    "share_of_parent": N_("share of parent"), "share_of_total": N_("share of total"),
    # improvement_plan and its check
    "action": N_("action"), "owner_customer_service": N_("owner in customer service"),
    "owner_department": N_("owner in the department"), "deadline": N_("deadline"),
    "target_reduction": N_("target reduction"), "target_n": N_("target (complaints)"),
    "follow_up_date": N_("follow-up date"), "if_missed": N_("if missed"),
    "next_n": N_("complaints next period"), "change": N_("change"), "met": N_("met"),
    # the truth's tables, iceberg
    "improvement": N_("improvement"), "start": N_("start"),
    "voice_multiplier": N_("voice multiplier"), "problems": N_("problems"),
    "complaints": N_("number of complaints"), "silent": N_("silent"),
    "voice_rate": N_("voice rate"), "expected_voice_rate": N_("expected voice rate"),
    "expected_complaints": N_("expected complaints"), "dissatisfied": N_("dissatisfied customers"),
    "ci_lower": N_("lower bound"), "ci_upper": N_("upper bound"),
    "true_dissatisfied": N_("true dissatisfied customers"), "relative_error": N_("relative error"),
    "covered": N_("covers the truth"),
    # the Joyo.com table (joyo_delivery_timeout)
    "sub_type": N_("sub-type"), "sub_type_zh": N_("sub-type"), "root_cause_zh": N_("root cause"),
    "responsible_party": N_("responsible party"), "improvement_plan": N_("improvement plan"),
    "improvement_plan_zh": N_("improvement plan"),
    # process
    "cases": N_("cases"), "with_loops": N_("cases with loops"), "loops": N_("loops"),
    "with_handoffs": N_("cases with hand-offs"), "team_handoffs": N_("hand-offs between teams"),
    "with_team_handoffs": N_("cases with hand-offs between teams"),
    "median_hours": N_("median hours"), "step": N_("step"), "stat": N_("statistic"),
    "median": N_("median"), "p90": N_("90th percentile"), "mean": N_("mean"), "case": N_("case"),
    "row": N_("row"), "activity": N_("activity"),
    # sla, staffing
    "sla_hours": N_("SLA (hours)"), "share_met": N_("share within the SLA"),
    "arrivals": N_("arrivals"), "within_sla": N_("share within the SLA"), "demand": N_("demand"),
    "agents": N_("agents on duty"), "service_level": N_("service level"),
    "p_abandon": N_("share who give up"), "occupancy": N_("occupancy"),
    # followup, callback_plan, score_reply
    "unsatisfied": N_("unsatisfied"), "closed": N_("closed loop"), "outcome": N_("outcome"),
    "model": N_("model"), "estimate": N_("estimate"), "truth": N_("true value"),
    "rank": N_("rank"), "day": N_("day of the cycle"), "date": N_("date"),
    "unresolved": N_("unresolved"), "status": N_("status"), "evidence": N_("evidence"),
}


def _families(lang: str) -> dict[str, dict[str, str]]:
    return {k: v for k, v in labels(lang).items() if k not in NOT_CODES}


def _family_of(name, families: dict, lang: str, values, wanted: Mapping,
               guess: bool) -> dict[str, str]:
    """The code -> label mapping for a column (or index level) called ``name``: its family's
    (by ``wanted``, else by its name); with ``guess``, else the family that knows every value
    (as the analyses' charts find it)."""
    if not isinstance(name, str):
        return {}
    kind = wanted.get(name)
    if kind is None:
        kind = ALIASES.get(name, name)
        if kind in families:
            return families[kind]
        if not guess:
            return {}
    kind = ALIASES.get(kind, kind)
    if kind in families:
        return families[kind]
    return level_labels(kind, lang, [v for v in pd.unique(pd.Series(values).dropna())
                                     if isinstance(v, str)])


def _shown(values, names: dict[str, str]):
    """``values`` (a Series or an Index) with each code replaced by its label."""
    if not names:
        return values
    if isinstance(values.dtype, pd.CategoricalDtype):
        cat = values.cat if isinstance(values, pd.Series) else values
        shown = [names.get(v, v) if isinstance(v, str) else v for v in cat.categories]
        if len(set(shown)) == len(shown):   # two codes of one label: no longer categories
            return cat.rename_categories(shown)
        values = values.astype(object)
    return values.map(lambda v: names.get(v, v) if isinstance(v, str) else v)


def _axis(index: pd.Index, mapping, rename, *, heads: bool = False) -> pd.Index:
    """``index`` with each level named after a label family showing labels, its names as
    column labels; with ``heads`` (the columns' axis), every other level's values (column
    names) as column labels too."""
    def level(values: pd.Index, name) -> pd.Index:
        names = mapping(name, values)
        if names:
            return _shown(values, names)
        return values.map(rename) if heads else values

    if isinstance(index, pd.MultiIndex):
        levels = [level(lv, name) for name, lv in zip(index.names, index.levels, strict=True)]
        return index.set_levels(levels, verify_integrity=False).set_names(
            [rename(n) for n in index.names])
    return level(index, index.name).rename(rename(index.name))


def labelled(table: pd.DataFrame | pd.Series, locale: str | None = None, *,
             columns: Mapping[str, str] | Sequence[str] | None = None
             ) -> pd.DataFrame | pd.Series:
    """A copy of ``table`` with its codes shown as labels and its column names as their
    labels, in the reader's language.

    Every column (and index level, and a Series' values) named after a label family of the
    locale (``category``, ``sub_category``, ``root_cause``, ``channel``, ``priority``,
    ``department``, ``region``, ``team``, ``step`` ...) shows each code as its label, and a
    ``by`` column (a grouped result's, naming columns) its columns' labels; a value that is
    not a code of its family (``total``, a typo) is left as it is, and so is every other
    column. Column names, the index's names and a Series' name become the locale's column
    labels (``category`` -> 投诉类别); in a non-English locale the columns of the kit's
    results (``n``, ``share``, ``cum_share`` ...) are named too (English keeps the names
    users type). Nothing is computed: the values, the order of rows and the index are those
    of ``table``.

    Parameters
    ----------
    table : DataFrame or Series
        Any table: a result's ``.table``, a ``value_counts()``, a truth table.
    locale : str, optional
        The language: the table's own when omitted (:func:`complaintkit.i18n.locale_of`: a
        kit world's tables and results carry it), else English. English shows English labels,
        as :meth:`World.labelled <complaintkit.world.World.labelled>` does.
    columns : dict or list of str, optional
        A dict names the label family of columns not named after it
        (``{"level": "root_cause"}``; a name that is no family lets the values choose the
        family that knows them all, as the analyses' charts do). A list labels only those
        columns (and index levels), each by its name's family or else by its values'.

    Returns
    -------
    DataFrame or Series
        A labelled copy; ``table`` itself is unchanged.

    Examples
    --------
    >>> import pandas as pd
    >>> import complaintkit as ck
    >>> counts = pd.Series(["delivery", "delivery", "billing"], name="category").value_counts()
    >>> ck.labelled(counts, "zh_CN")
    投诉类别
    物流配送    2
    支付扣费    1
    Name: 投诉数, dtype: int64
    >>> t = pd.DataFrame({"level": ["delivery_delay", "oops"], "n": [5, 1]})
    >>> ck.labelled(t, "en_US", columns={"level": "sub_category"})
                  level  n
    0  Delivery timeout  5
    1              oops  1
    """
    if not isinstance(table, (pd.DataFrame, pd.Series)):
        raise TypeError(tr("table must be a pandas DataFrame or Series, not {type}",
                           locale_of(locale=locale), type=type(table).__name__))
    lang = locale_of(table, locale=locale)
    lang = LOCALES[0] if is_english(lang) else check_locale(lang)
    families = _families(lang)
    heads = labels(lang, "column")
    english = is_english(lang)

    def rename(name):
        if not isinstance(name, str):
            return name
        if name in heads:
            return heads[name]
        if not english and name in RESULT_COLUMNS:
            return tr(RESULT_COLUMNS[name], lang)
        return name

    wanted = dict(columns) if isinstance(columns, Mapping) else {}
    only = None if columns is None or isinstance(columns, Mapping) else list(columns)

    def mapping(name, values) -> dict[str, str]:
        if only is not None and name not in only:
            return {}
        if name in BY and name not in wanted:
            # a grouped result's ``by``: column names, and ``all`` for the overall rows
            return {**heads, "all": tr("all", lang)}
        return _family_of(name, families, lang, values, wanted,
                          guess=only is not None or name in wanted)

    out = table.copy()
    out.index = _axis(table.index, mapping, rename)
    if isinstance(out, pd.Series):
        return _shown(out, mapping(table.name, table)).rename(rename(table.name))
    for i, col in enumerate(table.columns):
        names = mapping(col, table.iloc[:, i])
        if names:
            out.isetitem(i, _shown(table.iloc[:, i], names))
    out.columns = _axis(table.columns, mapping, rename, heads=True)
    return out
