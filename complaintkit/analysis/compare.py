"""Compare a rate or a number between groups: the right test, an effect size with its
interval, and pairwise comparisons corrected for multiplicity.

The questions a researcher asks next, once the KPIs are on the table: is the dispute rate
different after a company's "closed with explanation" than after "closed with monetary
relief"? Does the resolution time differ by channel? :func:`compare` answers with

- an overall test over all groups (``.overall``),
- one row per pair of groups and effect measure (``.table``), with the p-value adjusted for
  the number of pairs (Holm by default, statsmodels ``multipletests``),
- the groups' own estimates with intervals (``.groups``).

The test is chosen by a rule written down here and in :func:`compare` (or named with
``test=``); the notes say which rule fired and why.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import flags
from ..i18n import N_, fmt_list, is_english, locale_of, tr
from ..locale import LOCALES
from . import _checks as checks
from ._ledger import RowLedger
from ._result import Result

__all__ = ["CompareResult", "compare", "TESTS", "CORRECTIONS", "chi2_monte_carlo",
           "cliffs_delta", "median_difference"]

#: ``test=`` values: ``auto`` (the rule below), tests for a flag, tests for a number
TESTS = ("auto", "chi2", "fisher", "welch", "mann_whitney")
RATE_TESTS = ("chi2", "fisher")
NUMBER_TESTS = ("welch", "mann_whitney")
#: ``correction=`` values (statsmodels ``multipletests`` methods, or none)
CORRECTIONS = ("holm", "bonferroni", "sidak", "holm-sidak", "hommel", "fdr_bh", "fdr_by",
               "none")
#: the rule for ``test="auto"``
MIN_EXPECTED = 5      # a 2x2 table with an expected count below this gets Fisher's exact test
MAX_SKEW = 1.0        # a group with |sample skewness| above this: rank tests, not Welch
MONTE_CARLO_TABLES = 9_999  # tables drawn for the overall test when expected counts are small

# every user-visible message of this module, so they can be translated in one place
MESSAGES = {
    "need_outcome": N_("compare needs an outcome column (a yes/no flag or a number), e.g. "
                    "compare(df, 'escalated', 'channel')"),
    "need_by": N_("compare needs by=, the column whose groups are compared, e.g. by='channel'"),
    "one_by": N_("compare compares the groups of one column: by={by!r} names {n} columns"),
    "hours": N_("hours from {start} to {end}"),
    "pair": N_("{b} vs {a}"),
    "measure_of": N_("{measure} of {col}"),
    "axis": N_("{name} ({conf:.0%} CI)"),
    "title": N_("{col} by {by}"),
    "not_pair": N_("outcome ({outcome!r}) as a pair of columns must be (start, end) date-time "
            "columns, e.g. ('received_at', 'resolved_at')"),
    "times": N_("{col!r} is a date-time column: compare a duration by passing (start, end), "
             "e.g. outcome=('received_at', {col!r})"),
    "not_number": N_("column {col!r} is neither a yes/no flag nor a number ({dtype}; {why}): "
                  "compare takes a flag (rates) or a number (means, durations)"),
    "not_flag": N_("kind='rate' but column {col!r} is not a yes/no flag: {err}"),
    "infinite": N_("column {col!r} holds infinite values in {rows}: fix or drop them first"),
    "negative": N_("{end!r} is before {start!r} in {rows}: the duration would be negative; "
                "fix the times or drop those rows first"),
    "groups_missing": N_("groups= names {what} not in column {by!r}: {missing}; its groups are: "
                      "{have}"),
    "groups_list": N_("groups= must be a list of groups, e.g. ['phone', 'email'], not "
                   "{groups!r}"),
    "only_one": N_("only {group!r} has {what} left (see the row ledger for why rows were "
                "left out)"),
    "none": N_("no group has {what} left (see the row ledger for why rows were left out)"),
    "groups_few": N_("groups= must name at least two groups of {by!r}, not {groups!r}"),
    "reference": N_("reference={ref!r} is not one of the groups compared: {have}"),
    "too_few_groups": N_("compare needs at least two groups of {by!r} with data, but {found}"),
    "test_kind": N_("test={test!r} is for {wanted}, but {col!r} is {kind}"),
    "drop_by": N_("without {by}"),
    "drop_na": N_("with {col} n/a (not applicable)"),
    "drop_empty": N_("with {col} empty"),
    "drop_other": N_("in other {by} groups"),
    "drop_missing": N_("without {col}"),
    "drop_small": N_("in a {by} group with fewer than 2 values"),
    "rule_fisher": N_("Fisher's exact test for {pairs} (an expected count below {m} in its 2x2 "
                   "table); the chi-square test elsewhere"),
    "rule_chi2": N_("chi-square test (expected counts of {m} or more; the same p-value as the "
                 "two-sided z-test of two proportions)"),
    "rule_rank": N_("rank tests (Mann-Whitney, Kruskal-Wallis): {group} is skewed (skewness "
                 "{skew:.1f}, beyond +/-{max:g}), so means would mislead"),
    "rule_welch": N_("Welch's t test (no group is skewed beyond +/-{max:g}); several groups: "
                  "Welch's ANOVA"),
    "rule_named": N_("the {test} test, as asked (test={test!r})"),
    "cochran": N_("{k} of {cells} expected counts are below {m}: the overall p-value is a "
               "Monte Carlo exact test ({n:,} tables with the same margins, a fixed seed; "
               "error about 0.002 at p = 0.05), not the chi-square distribution's"),
    "cochran_asked": N_("{k} of {cells} expected counts are below {m}: the chi-square p-value "
                     "asked for (test='chi2') is approximate; test='auto' gives a Monte "
                     "Carlo exact test"),
    "rule_fisher_all": N_("Fisher's exact test for every pair (an expected count below {m} in "
                       "each 2x2 table)"),
    "ratio_undefined": N_("the risk ratio of {pairs} is undefined: no {col} in {a}"),
    "delta_edge": N_("Cliff's delta of {pairs} is {d:+.0f} (the groups do not overlap): no "
                  "interval"),
    "summary_rate": N_("{col} differs between groups of {by} ({test}, p {p}). Largest gap: "
                    "{b} {vb:.1%} against {a} {va:.1%} ({eff} {est:+.1%}, {conf:.0%} CI "
                    "{lo:+.1%} to {hi:+.1%}; adjusted p {padj})."),
    "summary_number": N_("{col} differs between groups of {by} ({test}, p {p}). Largest gap: "
                      "{b} against {a}: {eff} {est:+.3g} ({conf:.0%} CI {lo:+.3g} to "
                      "{hi:+.3g}; adjusted p {padj})."),
    "summary_none": N_("No difference in {col} between groups of {by} at the {conf:.0%} level "
                    "({test}, p {p}); {n_pairs} pair(s) compared, the smallest adjusted p "
                    "{padj}."),
}

ASSUMPTIONS = {
    "rate": [N_("complaints are independent of each other (no clustering by customer or agent)"),
             N_("the risk difference interval is Newcombe's (hybrid score), the risk ratio's the "
             "adjusted log interval (statsmodels confint_proportions_2indep), Cohen's h's "
             "the normal one (standard error sqrt(1/n_a + 1/n_b))")],
    "welch": [N_("values are independent; the means' sampling distributions are near normal "
              "(no group is strongly skewed)"),
              N_("the mean difference interval is Welch's; Hedges' g uses the pooled standard "
              "deviation with the small-sample correction and the Hedges-Olkin standard error")],
    "mann_whitney": [N_("values are independent; the rank tests compare whole distributions "
                     "(a difference in medians only if the shapes are alike)"),
                     N_("Cliff's delta's interval is DeLong's (placement values) on the "
                     "atanh scale; the median difference's interval uses the "
                     "McKean-Schrader standard error of each median")],
}


def _msg(lang: str | None, key: str, **kw) -> str:
    """A message of this module in ``lang`` (:func:`complaintkit.i18n.tr`)."""
    return tr(MESSAGES[key], lang, **kw)


#: names of tests and effects as the summary shows them (English: the code itself)
SHOWN = (N_("chi2"), N_("chi2_monte_carlo"), N_("fisher"), N_("welch"), N_("welch_anova"),
         N_("mann_whitney"), N_("kruskal_wallis"), N_("risk difference"), N_("risk ratio"),
         N_("cohens h"), N_("mean difference"), N_("hedges g"), N_("median difference"),
         N_("cliffs delta"), N_("share"), N_("mean"), N_("median"))


def _group_names(by: str, lang: str | None, values) -> dict:
    """Group value -> what the summary and chart show: its label in a non-English locale."""
    if is_english(lang) or lang not in LOCALES:
        return {}
    return checks.level_labels(by, lang, [str(v) for v in values])


def _show(value, names: dict, lang: str | None = None) -> str:
    return names.get(str(value), str(value))


@dataclass
class CompareResult(Result):
    """Groups compared on a rate or a number, returned by :func:`compare`.

    Attributes
    ----------
    table : DataFrame
        One row per pair of groups and effect measure: ``group_a, group_b, n_a, n_b, test,
        statistic, p_value, p_adjusted, significant, effect, estimate, ci_lower, ci_upper``.
        Effects read group_b against group_a (``b - a`` or ``b / a``).
    overall : DataFrame
        One row: the test over all groups, ``test, statistic, df, p_value, n_groups, n``.
    groups : DataFrame
        ``group, n, measure, estimate, ci_lower, ci_upper``: each group's share (Wilson
        interval), or mean (t interval) and median (order-statistic interval).
    kind : {"rate", "number"}
    outcome, by : str
    test : str
        The two-group test used (``chi2``, ``fisher``, ``welch``, ``mann_whitney``; with
        ``auto`` per pair, ``chi2`` or ``fisher``).
    correction : str
    confidence : float
    """

    overall: pd.DataFrame | None = None
    groups: pd.DataFrame | None = None
    kind: str = "rate"
    outcome: str = ""
    by: str = ""
    test: str = ""
    correction: str = "holm"
    confidence: float = 0.95

    def summary(self) -> str:
        o, lang = self.overall.iloc[0], self.text_locale
        t = self.table
        main = t[t["effect"] == t["effect"].iloc[0]]
        top = main.loc[main["p_adjusted"].idxmin()]
        names = _group_names(self.by, lang, self.groups["group"])
        common = dict(col=_column(self.outcome, lang), by=_column(self.by, lang),
                      test=tr(o["test"], lang), p=_p(o["p_value"], lang),
                      conf=self.confidence, padj=_p(top["p_adjusted"], lang))
        if not (o["p_value"] < 1 - self.confidence):
            return _msg(lang, "summary_none", n_pairs=len(main), **common)
        gap = main.loc[main["estimate"].abs().idxmax()]
        values = self.groups.set_index(["measure", "group"])["estimate"]
        kw = dict(a=_show(gap["group_a"], names), b=_show(gap["group_b"], names),
                  eff=tr(gap["effect"].replace("_", " "), lang),
                  est=gap["estimate"], lo=gap["ci_lower"], hi=gap["ci_upper"])
        kw.update(common, padj=_p(gap["p_adjusted"]))
        if self.kind == "rate":
            return _msg(lang, "summary_rate", va=values[("share", gap["group_a"])],
                        vb=values[("share", gap["group_b"])], **kw)
        return _msg(lang, "summary_number", **kw)

    def plot(self, ax=None, *, kind: str = "effects", title: str | None = None):
        """``kind="effects"``: each pair's first effect with its interval (a forest plot);
        ``kind="groups"``: each group's share or mean with its interval."""
        from ..plotting import new_axes, plot_context

        checks.one_of("kind", kind, ("effects", "groups"))
        lang = self.text_locale
        names = _group_names(self.by, lang, self.groups["group"])
        with plot_context():
            fig, ax = new_axes(ax)
            if kind == "effects":
                t = self.table[self.table["effect"] == self.table["effect"].iloc[0]]
                labels = [_msg(lang, "pair", a=_show(a, names), b=_show(b, names))
                          for a, b in zip(t["group_a"], t["group_b"], strict=True)]
                ax.axvline(0, color="grey", lw=0.8)
                name = tr(t["effect"].iloc[0].replace("_", " "), lang)
            else:
                t = self.groups[self.groups["measure"] == self.groups["measure"].iloc[0]]
                labels = [_show(g, names) for g in t["group"]]
                name = _msg(lang, "measure_of", measure=tr(t["measure"].iloc[0], lang),
                            col=_column(self.outcome, lang))
            est = t["estimate"].to_numpy(float)
            err = [est - t["ci_lower"].to_numpy(float), t["ci_upper"].to_numpy(float) - est]
            ax.errorbar(est, range(len(t)), xerr=np.nan_to_num(err), fmt="o", capsize=3)
            ax.set_yticks(range(len(t)), labels)
            ax.invert_yaxis()  # the first pair or group on top, as in the table
            ax.set_xlabel(_msg(lang, "axis", name=name, conf=self.confidence))
            ax.set_title(title or _msg(lang, "title", col=_column(self.outcome, lang),
                                       by=_column(self.by, lang)))
        return ax


def _p(p: float, lang: str | None = None) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _column(name: str, lang: str | None) -> str:
    """A column's name as shown: its label in a non-English locale that has one."""
    if is_english(lang) or lang not in LOCALES:
        return name
    return checks.column_label(name, lang)


# --------------------------------------------------------------------------- the analysis
def compare(data: pd.DataFrame, outcome: str | tuple[str, str] | None = None,
            by: str | None = None, *, groups=None, reference=None, kind: str = "auto",
            test: str = "auto", correction: str = "holm",
            confidence: float = 0.95) -> CompareResult:
    """Compare a rate (a yes/no flag) or a number (a mean, a duration) between groups.

    Parameters
    ----------
    data : DataFrame
        One row per complaint (or any unit), e.g. ``ck.complaint_frame(...)``, a CFPB export
        read by ``ck.read_complaints``.
    outcome : str or (str, str)
        A yes/no flag (booleans, 0/1, or text read by :mod:`complaintkit.flags`: ``Yes``,
        ``No``, ``N/A`` ...), a number, a timedelta (compared in hours), or a pair
        ``(start, end)`` of date-time columns: the hours from start to end (e.g.
        ``("received_at", "resolved_at")`` for the resolution time).
    by : str
        The column whose groups are compared (e.g. ``"channel"``).
    groups : list, optional
        Compare only these groups of ``by`` (the other rows are counted in the ledger).
    reference : optional
        Compare every group with this one (``group_a``) rather than every pair.
    kind : {"auto", "rate", "number"}
        ``auto``: a flag (booleans, or every value a yes/no/N/A word, which includes a 0/1
        column) is a rate; a number is a number.
    test : {"auto", "chi2", "fisher", "welch", "mann_whitney"}
        The test for two groups; the overall test over several groups follows it (chi2 and
        fisher: the chi-square test of the k x 2 table; welch: Welch's ANOVA;
        mann_whitney: Kruskal-Wallis). The rule for ``auto``:

        - a rate: the chi-square test of the 2x2 table without continuity correction (the
          same p-value as the two-sided z-test of two proportions), or Fisher's exact test
          when an expected count is below 5, pair by pair; over several groups the
          chi-square test of the k x 2 table, or, when an expected count is below 5, its
          Monte Carlo exact version (``chi2_monte_carlo``: 9,999 tables with the same
          margins, a fixed seed);
        - a number: Welch's t test, or the Mann-Whitney test when a group's sample skewness
          is beyond +/-1 (as durations usually are: their means are ruled by a few long
          cases); one choice for all pairs, so that the pairs and the overall test agree.
    correction : str
        The multiple-comparison correction over the pairs: ``holm`` (default),
        ``bonferroni``, ``sidak``, ``holm-sidak``, ``hommel``, ``fdr_bh``, ``fdr_by`` or
        ``none`` (statsmodels ``multipletests``).
    confidence : float
        Confidence level of the intervals; ``1 - confidence`` is the significance level of
        the tests (``significant`` in the table; 0.95 gives alpha 0.05).

    Returns
    -------
    CompareResult
        ``.table``: one row per pair and effect: ``group_a, group_b, n_a, n_b, test,
        statistic, p_value, p_adjusted, significant, effect, estimate, ci_lower,
        ci_upper``. Effects (group_b against group_a): for a rate ``risk_difference``
        (Newcombe interval), ``risk_ratio`` (adjusted log interval) and ``cohens_h``; for a
        number with Welch ``mean_difference`` (Welch interval) and ``hedges_g``; with the rank
        tests ``median_difference`` (McKean-Schrader standard errors) and ``cliffs_delta``
        (DeLong interval). ``.overall``: the test over all groups (``test, statistic, df,
        p_value, n_groups, n``). ``.groups``: ``group, n, measure, estimate, ci_lower,
        ci_upper``. ``.notes``: the row ledger first (rows without a group, with the flag
        n/a, with the flag empty are counted apart), then which test and why.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> res = ck.compare(w.complaints, "escalated", "channel", reference="phone")
    >>> res.overall[["test", "n_groups", "n"]].to_dict("records")
    [{'test': 'chi2', 'n_groups': 6, 'n': 7222}]
    >>> res.table.columns[:4].tolist()
    ['group_a', 'group_b', 'n_a', 'n_b']
    >>> hours = ck.compare(w.complaints, ("received_at", "first_response_at"), "channel",
    ...                    groups=["online_chat", "app"])
    >>> hours.overall["test"].item(), hours.table["effect"].tolist()
    ('mann_whitney', ['median_difference', 'cliffs_delta'])
    """
    conf = checks.confidence(confidence)
    checks.one_of("kind", kind, ("auto", "rate", "number"))
    checks.one_of("test", test, TESTS)
    checks.one_of("correction", correction, CORRECTIONS)
    data = checks.check_frame(data)
    lang = locale_of(data)
    by, label = _arguments(data, outcome, by, lang)
    ledger = RowLedger(data, unit="complaints", locale=lang)
    values, kind, missing = _outcome_values(data, outcome, label, kind, lang)
    _match_test(test, kind, label, lang)
    values, keys = _rows_used(data, values, by, groups, kind, missing, ledger)
    order = _group_order(data[by], keys, groups, by, kind, lang)
    names = _group_names(by, lang, order)
    chosen, notes = _choose_test(values, keys, order, kind, test, lang, names)
    pairs = _pairs(order, reference, lang)
    table = _pairwise(values, keys, pairs, kind, chosen, conf, notes, label, lang, names)
    table = _adjust(table, correction, conf)
    overall = _overall(values, keys, order, kind, chosen, notes, lang)
    summary = _group_table(values, keys, order, kind, conf)
    family = "rate" if kind == "rate" else chosen
    return CompareResult(table=table, overall=overall, groups=summary,
                         assumptions=[tr(a, lang) for a in ASSUMPTIONS[family]], notes=notes,
                         ledger=ledger,
                         kind=kind, outcome=label, by=by, test=chosen,
                         correction=correction, confidence=conf)


# --------------------------------------------------------------------------- the steps
def _arguments(data: pd.DataFrame, outcome, by, lang=None) -> tuple[str, str]:
    """The ``by`` column and the outcome's label, checked against the data."""
    if outcome is None:
        raise ValueError(_msg(lang, "need_outcome"))
    if by is None:
        raise ValueError(_msg(lang, "need_by"))
    by_cols = checks.by_columns(by, data)
    if len(by_cols) != 1:
        raise ValueError(_msg(lang, "one_by", by=by, n=len(by_cols)))
    if isinstance(outcome, (tuple, list)):
        if len(outcome) != 2 or not all(isinstance(c, str) for c in outcome):
            raise ValueError(_msg(lang, "not_pair", outcome=outcome))
        checks.check_columns(data, list(outcome))
        return by_cols[0], _msg(lang, "hours", start=_column(outcome[0], lang),
                                end=_column(outcome[1], lang))
    checks.check_columns(data, [outcome])
    return by_cols[0], outcome


def _outcome_values(data: pd.DataFrame, outcome, label: str, kind: str, lang=None
                    ) -> tuple[pd.Series, str, list]:
    """The outcome as a Series: flag codes (yes/no/n/a, NaN) or floats (NaN where missing),
    its kind, and why values are missing (a duration names the time that is missing)."""
    if isinstance(outcome, (tuple, list)):
        return _duration(data, *outcome, lang=lang), "number", [
            (data[c].isna(), _msg(lang, "drop_missing", col=_column(c, lang))) for c in outcome]
    s = data[outcome]
    if kind == "rate" or (kind == "auto" and flags.looks_like_flags(s)):
        try:
            codes = flags.read_flags(s, outcome)
        except ValueError as e:
            raise ValueError(_msg(lang, "not_flag", col=outcome, err=e)) from None
        col = _column(outcome, lang)
        return codes, "rate", [(codes == "n/a", _msg(lang, "drop_na", col=col)),
                               (codes.isna(), _msg(lang, "drop_empty", col=col))]
    if pd.api.types.is_datetime64_any_dtype(s):
        raise TypeError(_msg(lang, "times", col=outcome))
    missing = [(s.isna(), _msg(lang, "drop_missing", col=_column(outcome, lang)))]
    if pd.api.types.is_timedelta64_dtype(s):
        return s.dt.total_seconds() / 3600, "number", missing
    if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
        raise TypeError(_msg(lang, "not_number", col=outcome, dtype=s.dtype, why=_why_not_flag(s)))
    x = pd.Series(s.to_numpy(dtype=float, na_value=np.nan), index=s.index, name=s.name)
    _finite(x, outcome, lang)
    return x, "number", missing


def _why_not_flag(s: pd.Series) -> str:
    """The first value that is not a yes/no/N/A word, with its rows (from the flag rule)."""
    try:
        flags.read_flags(s, str(s.name))
    except ValueError as e:
        return str(e).split(";")[0]
    return "it holds no values"  # pragma: no cover - a readable flag column is a rate


def _finite(x: pd.Series, col: str, lang=None) -> None:
    bad = np.isinf(x.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        raise ValueError(_msg(lang, "infinite", col=col,
                              rows=checks._rows(bad, x.index, lang=lang)))


def _duration(data: pd.DataFrame, start: str, end: str, lang=None) -> pd.Series:
    """Hours from ``start`` to ``end`` (the kit's one time rule; missing ends stay NaN)."""
    t0 = checks.times(data, start, what="start", missing="keep")
    t1 = checks.times(data, end, what="end", missing="keep")
    hours = (t1 - t0).dt.total_seconds() / 3600
    negative = (hours < 0).to_numpy(dtype=bool, na_value=False)
    if negative.any():
        raise ValueError(_msg(lang, "negative", start=start, end=end,
                              rows=checks._rows(negative, data.index, lang=lang)))
    return hours


def _match_test(test: str, kind: str, label: str, lang=None) -> None:
    if test in RATE_TESTS and kind != "rate":
        raise ValueError(_msg(lang, "test_kind", test=test, wanted=tr("a yes/no flag", lang),
                              col=label, kind=tr("a number", lang)))
    if test in NUMBER_TESTS and kind != "number":
        raise ValueError(_msg(lang, "test_kind", test=test, wanted=tr("a number", lang),
                              col=label, kind=tr("a yes/no flag", lang)))


def _rows_used(data: pd.DataFrame, values: pd.Series, by: str, groups, kind: str,
               missing: list, ledger: RowLedger) -> tuple[pd.Series, pd.Series]:
    """The rows compared, every other row counted in the ledger with its reason (the first
    that applies: no group, the outcome missing (n/a apart from empty), another group, a
    group too small)."""
    keys, lang = data[by], ledger.locale
    reasons = [(keys.isna(), _msg(lang, "drop_by", by=_column(by, lang))), *missing]
    if groups is not None:
        reasons.append((~keys.isin(list(groups)), _msg(lang, "drop_other",
                                                      by=_column(by, lang))))
    left = np.zeros(len(data), dtype=bool)
    for mask, why in reasons:
        m = np.asarray(mask, dtype=bool) & ~left
        ledger.record(int(m.sum()), why)
        left |= m
    if kind == "number":
        sizes = keys[~left].value_counts()
        small = keys.isin(sizes.index[sizes < 2]).to_numpy() & ~left
        ledger.record(int(small.sum()), _msg(lang, "drop_small", by=_column(by, lang)))
        left |= small
    kept = values[~left]
    if kind == "rate":
        kept = kept.astype(object).eq("yes")
    return kept, keys[~left]


def _group_order(column: pd.Series, keys: pd.Series, groups, by: str, kind: str,
                 lang=None) -> list:
    """The groups compared: in ``groups``' order, else the column's category order, else
    sorted."""
    present = list(pd.unique(keys))
    if groups is not None:
        if isinstance(groups, (str, bytes)) or not hasattr(groups, "__iter__"):
            raise TypeError(_msg(lang, "groups_list", groups=groups))
        groups = list(groups)
        if len(groups) < 2 or len(set(groups)) != len(groups):
            raise ValueError(_msg(lang, "groups_few", by=by, groups=groups))
        have = list(pd.unique(column.dropna()))
        missing = [g for g in groups if g not in have]
        if missing:
            raise ValueError(_msg(lang, "groups_missing", what=tr("values", lang), by=by,
                              missing=missing,
                                  have=", ".join(map(str, have))))
        order = [g for g in groups if g in present]
    elif isinstance(column.dtype, pd.CategoricalDtype):
        order = [g for g in column.cat.categories if g in present]
    else:
        order = sorted(present, key=str)
    if len(order) < 2:
        what = tr("complaints", lang) if kind == "rate" else tr("two or more values", lang)
        found = _msg(lang, "only_one", group=order[0], what=what) if order else \
            _msg(lang, "none", what=what)
        raise ValueError(_msg(lang, "too_few_groups", by=by, found=found))
    return order


def _pairs(order: list, reference, lang=None) -> list[tuple]:
    if reference is None:
        return list(itertools.combinations(order, 2))
    if reference not in order:
        raise ValueError(_msg(lang, "reference", ref=reference, have=", ".join(map(str, order))))
    return [(reference, g) for g in order if g != reference]


def _split(values: pd.Series, keys: pd.Series, order: list) -> dict:
    return {g: values[(keys == g).to_numpy()].to_numpy() for g in order}


# --------------------------------------------------------------------------- choosing a test
def _choose_test(values, keys, order, kind, test, lang=None,
                 names=None) -> tuple[str, list[str]]:
    """The test family and the note that says why."""
    if test != "auto":
        return test, [_msg(lang, "rule_named", test=test.replace("_", "-"))]
    if kind == "rate":
        return "auto", []  # decided pair by pair: see _rate_test
    skews = {g: _skew(v) for g, v in _split(values, keys, order).items()}
    worst = max(skews, key=lambda g: abs(skews[g]))
    if abs(skews[worst]) > MAX_SKEW:
        return "mann_whitney", [_msg(lang, "rule_rank", group=_show(worst, names or {}),
                                     skew=skews[worst],
                                     max=MAX_SKEW)]
    return "welch", [_msg(lang, "rule_welch", max=MAX_SKEW)]


def _skew(x: np.ndarray) -> float:
    from scipy import stats
    if len(x) < 3 or np.ptp(x) == 0:
        return 0.0
    return float(stats.skew(x, bias=False))


def _min_expected(table: np.ndarray) -> float:
    """The smallest expected count of a contingency table under independence."""
    total = table.sum()
    if total == 0:
        return 0.0
    return float((np.outer(table.sum(1), table.sum(0)) / total).min())


# --------------------------------------------------------------------------- pairwise
def _pairwise(values, keys, pairs, kind, chosen, conf, notes, label, lang=None,
              names=None) -> pd.DataFrame:
    names = names or {}
    split = _split(values, keys, list(dict.fromkeys(itertools.chain(*pairs))))
    rows, fisher, edge = [], [], []
    for a, b in pairs:
        xa, xb = split[a], split[b]
        pair = _msg(lang, "pair", a=_show(a, names), b=_show(b, names))
        if kind == "rate":
            test, stat, p = _rate_test(xa, xb, chosen)
            if test == "fisher" and chosen == "auto":
                fisher.append(pair)
            effects = _rate_effects(xa, xb, conf)
        else:
            test, stat, p = _number_test(xa, xb, chosen)
            effects = _number_effects(xa, xb, chosen, conf)
        if kind == "rate" and xa.sum() == 0:
            notes.append(_msg(lang, "ratio_undefined", pairs=pair, col=_column(label, lang),
                              a=_show(a, names)))
        edge += [(pair, e[1]) for e in effects
                 if e[0] == "cliffs_delta" and abs(e[1]) == 1]
        rows += [dict(group_a=a, group_b=b, n_a=len(xa), n_b=len(xb), test=test,
                      statistic=stat, p_value=p, effect=e, estimate=est, ci_lower=lo,
                      ci_upper=hi) for e, est, lo, hi in effects]
    if kind == "rate" and chosen == "auto":
        notes.append(_rate_rule(fisher, len(pairs), lang))
    notes += [_msg(lang, "delta_edge", pairs=p, d=d) for p, d in edge]
    return pd.DataFrame(rows)


def _rate_rule(fisher: list[str], n_pairs: int, lang=None) -> str:
    if not fisher:
        return _msg(lang, "rule_chi2", m=MIN_EXPECTED)
    if len(fisher) == n_pairs:
        return _msg(lang, "rule_fisher_all", m=MIN_EXPECTED)
    return _msg(lang, "rule_fisher", pairs=fmt_list(fisher, lang), m=MIN_EXPECTED)


def _rate_test(xa: np.ndarray, xb: np.ndarray, chosen: str) -> tuple[str, float, float]:
    """``(test, statistic, p)`` for two groups of True/False."""
    from scipy import stats
    t = np.array([[xa.sum(), len(xa) - xa.sum()], [xb.sum(), len(xb) - xb.sum()]])
    test = chosen
    if chosen == "auto":
        test = "fisher" if _min_expected(t) < MIN_EXPECTED else "chi2"
    if test == "fisher":
        res = stats.fisher_exact(t)
        return test, float(res.statistic), float(res.pvalue)
    if (t.sum(0) == 0).any():  # nobody (or everybody) has the flag: no evidence of a gap
        return test, 0.0, 1.0
    chi2, p, _, _ = stats.chi2_contingency(t, correction=False)
    return test, float(chi2), float(p)


def _number_test(xa: np.ndarray, xb: np.ndarray, chosen: str) -> tuple[str, float, float]:
    from scipy import stats
    if chosen == "welch":
        res = stats.ttest_ind(xb, xa, equal_var=False)
    else:
        res = stats.mannwhitneyu(xb, xa, alternative="two-sided")
    p = float(res.pvalue)
    return chosen, float(res.statistic), (1.0 if np.isnan(p) else p)


def _rate_effects(xa, xb, conf) -> list[tuple[str, float, float, float]]:
    """Risk difference, risk ratio and Cohen's h of b against a, with intervals."""
    from scipy import stats
    from statsmodels.stats.proportion import confint_proportions_2indep

    ka, na, kb, nb = int(xa.sum()), len(xa), int(xb.sum()), len(xb)
    pa, pb = ka / na, kb / nb
    alpha = 1 - conf
    lo, hi = confint_proportions_2indep(kb, nb, ka, na, method="newcomb", compare="diff",
                                        alpha=alpha)
    out = [("risk_difference", pb - pa, float(lo), float(hi))]
    if ka == 0 or kb == 0:
        ratio = (np.nan if ka == 0 else 0.0, np.nan, np.nan)
    else:
        rlo, rhi = confint_proportions_2indep(kb, nb, ka, na, method="log-adjusted",
                                              compare="ratio", alpha=alpha)
        ratio = (pb / pa, float(rlo), float(rhi))
    out.append(("risk_ratio", *ratio))
    h = 2 * math.asin(math.sqrt(pb)) - 2 * math.asin(math.sqrt(pa))
    half = stats.norm.ppf(1 - alpha / 2) * math.sqrt(1 / na + 1 / nb)
    out.append(("cohens_h", h, h - half, h + half))
    return out


def _number_effects(xa, xb, chosen, conf) -> list[tuple[str, float, float, float]]:
    from scipy import stats
    if chosen == "welch":
        res = stats.ttest_ind(xb, xa, equal_var=False)
        ci = res.confidence_interval(conf)
        d = float(xb.mean() - xa.mean())
        return [("mean_difference", d, float(ci.low), float(ci.high)),
                ("hedges_g", *_hedges_g(xa, xb, conf))]
    return [("median_difference", *median_difference(xa, xb, confidence=conf)),
            ("cliffs_delta", *cliffs_delta(xa, xb, confidence=conf))]


def _hedges_g(xa, xb, conf) -> tuple[float, float, float]:
    """Hedges' g (pooled SD, small-sample correction) with the Hedges-Olkin normal interval."""
    from scipy import stats
    na, nb = len(xa), len(xb)
    pooled = math.sqrt(((na - 1) * xa.var(ddof=1) + (nb - 1) * xb.var(ddof=1)) / (na + nb - 2))
    if pooled == 0:
        return np.nan, np.nan, np.nan
    j = 1 - 3 / (4 * (na + nb) - 9)
    g = j * (xb.mean() - xa.mean()) / pooled
    se = math.sqrt((na + nb) / (na * nb) + g ** 2 / (2 * (na + nb)))
    half = stats.norm.ppf(1 - (1 - conf) / 2) * se
    return float(g), float(g - half), float(g + half)


def median_difference(xa: np.ndarray, xb: np.ndarray, *, confidence: float = 0.95
                      ) -> tuple[float, float, float]:
    """``median(xb) - median(xa)`` with a normal interval from each median's McKean-Schrader
    standard error (the distribution-free order-statistic interval of a median, turned
    into a standard error; McKean and Schrader 1984, as used by Bonett and Price 2002).

    Examples
    --------
    >>> import numpy as np
    >>> est, lo, hi = median_difference(np.arange(100.0), np.arange(100.0) + 10)
    >>> float(est), bool(lo < 10 < hi)
    (10.0, True)
    """
    from scipy import stats
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    se2 = sum(_median_se(np.sort(x)) ** 2 for x in (xa, xb))
    d = float(np.median(xb) - np.median(xa))
    return d, d - z * math.sqrt(se2), d + z * math.sqrt(se2)


def _median_se(x: np.ndarray) -> float:
    """McKean-Schrader: (x(n-c+1) - x(c)) / (2 z), c = round((n+1)/2 - z sqrt(n/4)), z=1.96."""
    from scipy import stats
    n, z = len(x), stats.norm.ppf(0.975)
    c = int(max(1, round((n + 1) / 2 - z * math.sqrt(n / 4))))
    return float((x[n - c] - x[c - 1]) / (2 * z))


def cliffs_delta(xa: np.ndarray, xb: np.ndarray, *, confidence: float = 0.95
                 ) -> tuple[float, float, float]:
    """Cliff's delta, P(b > a) - P(b < a), with DeLong's interval on the atanh scale.

    delta = 2 AUC - 1, where AUC = P(b > a) + P(b = a) / 2 is the Mann-Whitney U of b over
    n_a n_b. Its variance is DeLong's (from the placement values of each observation), so
    the interval needs no assumption about the shape of the data; it is built for
    atanh(delta) and transformed back, so it stays inside (-1, 1). When the groups do not
    overlap (delta = +/-1) there is no interval (NaN).

    Examples
    --------
    >>> import numpy as np
    >>> d, lo, hi = cliffs_delta(np.array([1.0, 2, 3]), np.array([2.0, 3, 4]))
    >>> round(float(d), 4)  # (6 wins - 1 loss) / 9 pairs
    0.5556
    """
    from scipy import stats
    na, nb = len(xa), len(xb)
    pooled = stats.rankdata(np.concatenate([xa, xb]))
    rb = pooled[na:]
    ra = pooled[:na]
    # placements: the share of the other group below each value (ties count a half)
    vb = (rb - stats.rankdata(xb)) / na
    va = (ra - stats.rankdata(xa)) / nb
    auc = float(vb.mean())
    delta = 2 * auc - 1
    if abs(delta) >= 1 - 1e-12 or na < 2 or nb < 2:
        return delta, np.nan, np.nan
    var_auc = vb.var(ddof=1) / nb + va.var(ddof=1) / na
    se = 2 * math.sqrt(var_auc) / (1 - delta ** 2)  # delta method for atanh
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    a = math.atanh(delta)
    return delta, math.tanh(a - z * se), math.tanh(a + z * se)


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjusted p-values, the same floats as statsmodels'
    ``multipletests(p, method="holm")[1]`` (which runs a full ``gc.collect()`` on every call:
    a fifth of a second or more in a session holding worlds).

    >>> _holm(np.array([0.01, 0.04, 0.03, 0.5]))
    array([0.04, 0.09, 0.09, 0.5 ])
    """
    order = np.argsort(p)
    adj = np.maximum.accumulate(p[order] * np.arange(len(p), 0, -1))
    adj[adj > 1] = 1
    out = np.empty_like(adj)
    out[order] = adj
    return out


def _adjust(table: pd.DataFrame, correction: str, conf: float) -> pd.DataFrame:
    """``p_adjusted`` over the pairs (one p-value per pair, whatever the effects)."""
    from statsmodels.stats.multitest import multipletests

    per_pair = table.drop_duplicates(["group_a", "group_b"])
    p = per_pair["p_value"].to_numpy(float)
    adj = p if correction == "none" or len(p) == 1 else _holm(p) if correction == "holm" else \
        multipletests(p, alpha=1 - conf, method=correction)[1]
    key = dict(zip(zip(per_pair["group_a"], per_pair["group_b"], strict=True), adj,
                   strict=True))
    out = table.copy()
    out.insert(out.columns.get_loc("p_value") + 1, "p_adjusted",
               [key[(a, b)] for a, b in zip(out["group_a"], out["group_b"], strict=True)])
    out.insert(out.columns.get_loc("p_adjusted") + 1, "significant",
               out["p_adjusted"] < 1 - conf)
    return out


# --------------------------------------------------------------------------- overall, groups
def _overall(values, keys, order, kind, chosen, notes, lang=None) -> pd.DataFrame:
    from scipy import stats
    split = _split(values, keys, order)
    n = sum(len(v) for v in split.values())
    if kind == "rate":
        t = np.array([[v.sum(), len(v) - v.sum()] for v in split.values()], dtype=float)
        test, stat, df, p = _overall_rate(t, chosen, notes, lang)
    elif len(order) == 2:
        test, stat, p = _number_test(split[order[0]], split[order[1]], chosen)
        df = np.nan
    elif chosen == "welch":
        from statsmodels.stats.oneway import anova_oneway

        res = anova_oneway(list(split.values()), use_var="unequal")
        test, stat, df, p = "welch_anova", float(res.statistic), float(res.df[0]), \
            float(res.pvalue)
    else:
        res = stats.kruskal(*split.values())
        test, stat, df, p = "kruskal_wallis", float(res.statistic), len(order) - 1.0, \
            float(res.pvalue)
    return pd.DataFrame([dict(test=test, statistic=stat, df=df, p_value=p,
                              n_groups=len(order), n=n)])


def _overall_rate(t: np.ndarray, chosen: str, notes: list[str], lang=None):
    from scipy import stats
    if len(t) == 2 and chosen != "chi2":
        a = t.astype(int)
        test, stat, p = _rate_test(np.r_[np.ones(a[0, 0]), np.zeros(a[0, 1])],
                                   np.r_[np.ones(a[1, 0]), np.zeros(a[1, 1])], chosen)
        return test, stat, (np.nan if test == "fisher" else 1.0), p
    if (t.sum(0) == 0).any():
        return "chi2", 0.0, float(len(t) - 1), 1.0
    chi2, p, df, expected = stats.chi2_contingency(t, correction=False)
    small = int((expected < MIN_EXPECTED).sum())
    if not small:
        return "chi2", float(chi2), float(df), float(p)
    if chosen == "chi2":
        notes.append(_msg(lang, "cochran_asked", k=small, cells=expected.size, m=MIN_EXPECTED))
        return "chi2", float(chi2), float(df), float(p)
    notes.append(_msg(lang, "cochran", k=small, cells=expected.size, m=MIN_EXPECTED,
                      n=MONTE_CARLO_TABLES))
    return "chi2_monte_carlo", float(chi2), float(df), chi2_monte_carlo(t)


def chi2_monte_carlo(table, n_tables: int | None = None, seed: int = 0) -> float:
    """The p-value of the chi-square statistic of ``table`` against tables drawn with the
    same margins (Patefield's algorithm, scipy ``random_table``): an exact test up to its
    Monte Carlo error (about 0.002 at p = 0.05 with 9,999 tables), for tables whose
    expected counts are too small for the chi-square distribution. ``seed`` is fixed, so
    the same table gives the same p-value.

    Examples
    --------
    >>> from scipy.stats import fisher_exact
    >>> p = chi2_monte_carlo([[1, 19], [6, 14]])
    >>> bool(abs(p - fisher_exact([[1, 19], [6, 14]]).pvalue) < 0.01)
    True
    """
    from scipy import stats
    t = np.asarray(table, dtype=float)
    n = MONTE_CARLO_TABLES if n_tables is None else n_tables
    rows, cols = t.sum(1), t.sum(0)
    expected = np.outer(rows, cols) / t.sum()
    observed = ((t - expected) ** 2 / expected).sum()
    draws = stats.random_table(rows.astype(int), cols.astype(int), seed=seed).rvs(
        n, method="patefield")
    simulated = ((draws - expected) ** 2 / expected).sum(axis=(1, 2))
    return float((1 + (simulated >= observed * (1 - 1e-12)).sum()) / (n + 1))


def _group_table(values, keys, order, kind, conf) -> pd.DataFrame:
    from scipy import stats
    from statsmodels.stats.proportion import proportion_confint

    rows = []
    for g, x in _split(values, keys, order).items():
        n = len(x)
        if kind == "rate":
            lo, hi = proportion_confint(int(x.sum()), n, alpha=1 - conf, method="wilson")
            rows.append((g, n, "share", x.mean(), lo, hi))
            continue
        half = stats.t.ppf(1 - (1 - conf) / 2, n - 1) * x.std(ddof=1) / math.sqrt(n)
        rows.append((g, n, "mean", x.mean(), x.mean() - half, x.mean() + half))
        rows.append((g, n, "median", *_median_ci(np.sort(x), conf)))
    out = pd.DataFrame(rows, columns=["group", "n", "measure", "estimate", "ci_lower",
                                      "ci_upper"])
    return out.sort_values("measure", kind="stable").reset_index(drop=True)


def _median_ci(x: np.ndarray, conf: float) -> tuple[float, float, float]:
    """The median with the distribution-free binomial order-statistic interval (NaN bound
    when there are too few values for one)."""
    from scipy import stats
    n, alpha = len(x), 1 - conf
    r = int(stats.binom.ppf(alpha / 2, n, 0.5))
    s = int(stats.binom.ppf(1 - alpha / 2, n, 0.5)) + 1
    lo = x[r - 1] if r >= 1 else np.nan
    hi = x[s - 1] if s <= n else np.nan
    return float(np.median(x)), float(lo), float(hi)

