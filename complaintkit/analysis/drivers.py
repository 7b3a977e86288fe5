"""Key-driver analysis of satisfaction: which ratings move CSAT, and where to act.

Three views of the same question, side by side:

* **Coefficients.** OLS with HC3 robust standard errors (CSAT points per rating point) and an
  ordered logit (statsmodels ``OrderedModel``, fitted with analytic derivatives; log-odds per
  rating point), which respects that CSAT is an ordered 1-5 answer rather than a measurement.
* **Relative importance.** The LMG / Shapley decomposition (Lindeman, Merenda & Gold 1980;
  Grömping 2007) splits the R² among correlated drivers by averaging each driver's R² gain over
  every order of entry, exactly, over all 2^k subsets; percentile bootstrap CIs. Johnson's
  relative weights (Johnson 2000) are a fast approximation reported as a check.
* **Importance-performance map.** Importance (the LMG share) against performance (the mean
  rating), split at the means of both axes into the four quadrants of Martilla & James (1977):
  *concentrate here*, *keep up*, *low priority*, *possible overkill*.

References
----------
Grömping, U. (2007). Estimators of relative importance in linear regression based on variance
decomposition. The American Statistician 61(2), 139-147.
Johnson, J. W. (2000). A heuristic method for estimating the relative weight of predictor
variables in multiple regression. Multivariate Behavioral Research 35(1), 1-19.
Lindeman, R. H., Merenda, P. F. & Gold, R. Z. (1980). Introduction to Bivariate and
Multivariate Analysis. Scott, Foresman.
Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. Journal of Marketing
41(1), 77-79.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_int, fmt_list, fmt_pct, is_english, locale_of, tr
from ..locale import LOCALES
from . import _checks as checks
from ._checks import column_label
from ._ledger import RowLedger
from ._result import Result, option_passed_as_ax

__all__ = ["drivers", "DriversResult", "lmg", "relative_weights", "ipa_quadrants",
           "QUADRANTS"]

MAX_DRIVERS = 12
ROWS_PER_TERM = 10
FRAME_HINT = N_("build the frame with ck.complaint_frame(complaints, surveys), which adds "
                "csat_score and the rating_* columns")
PLOT_KINDS = ("ipa", "importance", "coefficients")
DEFAULT_CONTROLS = ("resolved", "first_contact_resolution", "extra_contacts")
"""The controls of ``controls="auto"`` (those present): how a complaint ended, which a
customer's ratings do not capture (columns of ``complaint_frame``)."""
MESSAGES = {
    "controls_auto": N_("controls (controls='auto', the default ones present in data): "
                        "{used}"),
    "controls_auto_missing": N_("; not in data, so not controlled for: {missing}"),
    "controls_none": N_("no controls: data has none of the default controls ({defaults}); "
                        "pass controls=[...] to hold how a complaint ended (or other columns) "
                        "fixed"),
    "not_rating_one": N_("{names} is not rated on the outcome's scale {lo:g}-{hi:g} (whole "
                         "numbers, at least 3 values): {why}; it is left off the "
                         "importance-performance map (mean_rating and quadrant are empty), and "
                         "its importance is in lmg and lmg_share"),
    "not_rating_many": N_("{names} are not rated on the outcome's scale {lo:g}-{hi:g} (whole "
                          "numbers, at least 3 values): {why}; they are left off the "
                          "importance-performance map (mean_rating and quadrant are empty), "
                          "and their importance is in lmg and lmg_share"),
    "ipa_too_few": N_("the importance-performance map needs at least two drivers rated on the "
                      "outcome's scale {lo:g}-{hi:g}; {have}: no quadrants (see lmg_share, or "
                      "plot(kind='importance'))"),
    "ipa_plot": N_("the importance-performance map needs at least two drivers rated on the "
                   "outcome's scale (here {n}): draw plot(kind='importance') instead"),
    "auto_hint": N_(" (it is one of the default controls, controls='auto': pass "
                    "controls=[...] or controls=None to choose them)"),
}
QUADRANTS = {
    (True, False): "concentrate here",
    (True, True): "keep up",
    (False, False): "low priority",
    (False, True): "possible overkill",
}
"""IPA quadrant by (importance above its mean, performance above its mean)."""
#: the quadrants as a chart shows them (translated where they are drawn)
QUADRANT_NAMES = {"concentrate here": N_("Concentrate here"), "keep up": N_("Keep up"),
                  "low priority": N_("Low priority"),
                  "possible overkill": N_("Possible overkill")}
#: a column's role in the model, as messages name it
ROLES = {"outcome": N_("outcome"), "control": N_("control"), "driver": N_("driver")}

ASSUMPTIONS = [
    N_("Linearity (OLS): each rating point moves the outcome by the same amount, and rating "
       "points are treated as equally spaced numbers."),
    N_("Proportional odds (ordered logit): a driver shifts the odds of 'at least this score' "
       "by the same factor at every cut point of the outcome scale."),
    N_("Controls are always in the model: LMG and the relative weights split only the R² the "
       "drivers add over the controls-only model. Importance depends on which drivers are "
       "included: a driver left out passes its share to the drivers correlated with it."),
    N_("Non-response: the model is fitted to the rows with an answer. It is unbiased when "
       "whether a customer answers depends on the drivers (and controls) only, not on their "
       "satisfaction beyond them."),
    N_("Importance is association, not a promise: raising a rating changes the outcome as "
       "estimated only if nothing left out of the model drives both."),
]


def _shown(lang: str | None) -> bool:
    """True when texts show labels rather than names: a non-English locale the kit knows."""
    return not is_english(lang) and lang in LOCALES


def _col(name: str, lang: str | None) -> str:
    """A column as a message names it: its label in a non-English locale (English: the
    column's own name, as the kit always wrote)."""
    return column_label(name, lang) if _shown(lang) else name


def _cols(names, lang: str | None) -> str:
    """Columns listed: labels joined the locale's way (English: ``a, b``)."""
    return fmt_list([_col(c, lang) for c in names], lang)


# --------------------------------------------------------------------------- computation
def _subset_plan(n_controls: int, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each subset size m: the bit masks of the size-m driver subsets and, per subset,
    the predictor positions (controls first) in the predictor correlation matrix."""
    masks = np.arange(2 ** k)
    sizes = np.array([bin(m).count("1") for m in masks])
    plan = []
    for m in range(k + 1):
        ms = masks[sizes == m]
        bits = ((ms[:, None] >> np.arange(k)) & 1).astype(bool)
        cols = np.array([np.concatenate([np.arange(n_controls),
                                         n_controls + np.flatnonzero(b)]) for b in bits],
                        dtype=int).reshape(len(ms), n_controls + m)
        plan.append((ms, cols))
    return plan


def _subset_r2(corr: np.ndarray, plan, k: int) -> np.ndarray:
    """R² of the outcome (row/column 0 of ``corr``) on controls + every subset of drivers.

    R² of a subset S of standardized predictors is r_S' R_SS^-1 r_S; the subsets of one size
    are solved together as a stack of small systems, so no model is refitted.
    """
    r = corr[0, 1:]
    rxx = corr[1:, 1:]
    r2 = np.empty(2 ** k)
    for masks, cols in plan:
        if cols.shape[1] == 0:
            r2[masks] = 0.0
            continue
        sub = rxx[cols[:, :, None], cols[:, None, :]]
        rs = r[cols]
        sol = np.linalg.solve(sub, rs[:, :, None])[:, :, 0]
        r2[masks] = np.einsum("ij,ij->i", rs, sol)
    return r2


def _shapley(r2: np.ndarray, k: int) -> np.ndarray:
    """Shapley values of the drivers from the R² of every subset (indexed by bit mask)."""
    masks = np.arange(2 ** k)
    sizes = np.array([bin(m).count("1") for m in masks])
    weight = np.array([math.factorial(s) * math.factorial(k - s - 1) / math.factorial(k)
                       if s < k else 0.0 for s in range(k + 1)])
    out = np.empty(k)
    for j in range(k):
        without = masks[(masks >> j) & 1 == 0]
        out[j] = np.sum(weight[sizes[without]] * (r2[without | (1 << j)] - r2[without]))
    return out


def lmg(data: pd.DataFrame, outcome: str, drivers: Sequence[str],
        controls: Sequence[str] = ()) -> pd.Series:
    """LMG (Shapley) relative importance of each driver in an OLS regression.

    Each driver's share of R² is its R² gain averaged over every order in which the drivers
    can enter the model (computed exactly over all 2^k subsets of the drivers). The controls
    are in every model, so the values add up to the R² of the full model minus the R² of the
    controls-only model.

    Parameters
    ----------
    data : DataFrame
        Complete numeric rows (no missing values).
    outcome : str
        The column explained.
    drivers : sequence of str
        At most 12 columns whose importance is wanted.
    controls : sequence of str
        Columns kept in every model, not ranked.

    Returns
    -------
    Series
        LMG value per driver (in R² units), indexed by driver.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> f = ck.complaint_frame(w.complaints, w.surveys).dropna(subset=["csat_score"])
    >>> v = lmg(f, "csat_score", ["rating_fairness", "rating_price"], ["resolved"])
    >>> bool(v["rating_fairness"] > v["rating_price"])
    True
    """
    drivers, controls = list(drivers), list(controls)
    _check_k(len(drivers), locale_of(data))
    m = data[[outcome, *controls, *drivers]].to_numpy(dtype=float)
    corr = np.corrcoef(m, rowvar=False)
    plan = _subset_plan(len(controls), len(drivers))
    return pd.Series(_shapley(_subset_r2(corr, plan, len(drivers)), len(drivers)),
                     index=drivers, name="lmg")


def relative_weights(data: pd.DataFrame, outcome: str, drivers: Sequence[str],
                     controls: Sequence[str] = ()) -> pd.Series:
    """Johnson's (2000) relative weights of the drivers.

    The drivers are replaced by their closest orthogonal counterparts (from the eigen
    decomposition of their correlation matrix), the outcome is regressed on those, and the
    R² is given back to the drivers through their squared loadings. With controls, the
    outcome and the drivers are first residualised on the controls, and the weights are
    rescaled so that they add up, like LMG, to the R² the drivers add over the controls.

    Parameters
    ----------
    data : DataFrame
        Complete numeric rows (no missing values).
    outcome : str
        The column explained.
    drivers : sequence of str
        The columns whose weight is wanted.
    controls : sequence of str
        Columns partialled out first.

    Returns
    -------
    Series
        Relative weight per driver (in R² units), indexed by driver.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> f = ck.complaint_frame(w.complaints, w.surveys).dropna(subset=["csat_score"])
    >>> rw = relative_weights(f, "csat_score", ["rating_fairness", "rating_price"])
    >>> bool(rw["rating_fairness"] > rw["rating_price"])
    True
    """
    drivers, controls = list(drivers), list(controls)
    y = data[outcome].to_numpy(dtype=float)
    x = data[drivers].to_numpy(dtype=float)
    return pd.Series(_johnson(y, x, data[controls].to_numpy(dtype=float)), index=drivers,
                     name="relative_weight")


def _johnson(y: np.ndarray, x: np.ndarray, c: np.ndarray) -> np.ndarray:
    z = np.column_stack([np.ones(len(y)), c])
    beta, *_ = np.linalg.lstsq(z, np.column_stack([y, x]), rcond=None)
    res = np.column_stack([y, x]) - z @ beta
    ey, ex = res[:, 0], res[:, 1:]
    keep = (ey @ ey) / np.sum((y - y.mean()) ** 2)  # 1 - R² of the controls
    corr = np.corrcoef(np.column_stack([ey, ex]), rowvar=False)
    rxx, rxy = corr[1:, 1:], corr[1:, 0]
    evals, evecs = np.linalg.eigh(rxx)
    lam = evecs @ np.diag(np.sqrt(np.clip(evals, 0, None))) @ evecs.T  # R_xx^(1/2)
    b = np.linalg.solve(lam, rxy)  # outcome on the orthogonal counterparts
    return (lam ** 2) @ (b ** 2) * keep


def ipa_quadrants(importance, performance, *, locale: str | None = None) -> np.ndarray:
    """Martilla & James (1977) quadrant of each driver, split at the means of both axes.

    Parameters
    ----------
    importance, performance : array-like
        One value per driver (e.g. ``lmg_share`` and ``mean_rating``). A value above its
        axis's mean is "high"; a value at or below it is "low".
    locale : str, optional
        Language of the error message (e.g. ``"zh_CN"``); None: English. The quadrants
        returned are codes in every language.

    Returns
    -------
    ndarray of str
        ``"concentrate here"`` (important, performing below the mean), ``"keep up"``
        (important, above), ``"low priority"`` (less important, below) or
        ``"possible overkill"`` (less important, above).

    Examples
    --------
    >>> ipa_quadrants([0.4, 0.4, 0.1, 0.1], [3.0, 4.0, 3.0, 4.0]).tolist()
    ['concentrate here', 'keep up', 'low priority', 'possible overkill']
    >>> ipa_quadrants([0.4], [3.0, 4.0], locale="zh_CN")
    Traceback (most recent call last):
    ...
    ValueError: 重要性和表现需要每个驱动因素各一个值，但分别有 1 个和 2 个值
    """
    imp = np.asarray(importance, dtype=float)
    perf = np.asarray(performance, dtype=float)
    if imp.shape != perf.shape:
        raise ValueError(tr("importance and performance need one value per driver, but have "
                            "{a} and {b} values", locale, a=imp.size, b=perf.size))
    hi_imp = imp > imp.mean()
    hi_perf = perf > perf.mean()
    return np.array([QUADRANTS[(bool(a), bool(b))] for a, b in zip(hi_imp, hi_perf,
                                                                   strict=True)], dtype=object)


def _check_k(k: int, lang: str | None = None) -> None:
    if k > MAX_DRIVERS:
        raise ValueError(tr("{k} drivers were passed; the exact LMG decomposition runs over "
                            "all 2^k subsets and is limited to {most} drivers. Pass the {most} "
                            "or fewer that matter to the question (or average related ratings "
                            "into one), and keep the others as controls=", lang, k=k,
                            most=MAX_DRIVERS))
    if k == 0:
        raise ValueError(tr("no drivers: pass drivers=[...] with at least one column", lang))


# --------------------------------------------------------------------------- the result
@dataclass(repr=False)
class DriversResult(Result):
    """Key drivers of an outcome: coefficients, relative importance and an IPA map.

    Attributes
    ----------
    table : DataFrame
        One row per driver (by LMG, largest first), then one per control: ``driver``,
        ``role`` (``"driver"`` or ``"control"``), ``ols_coef, ols_ci_lower, ols_ci_upper,
        ols_p_value`` (HC3 robust), ``ologit_coef, ologit_ci_lower, ologit_ci_upper``,
        ``lmg, lmg_ci_lower, lmg_ci_upper`` (R² attributed, percentile bootstrap CI),
        ``lmg_share`` (share of the drivers' R²), ``lmg_share_ci_lower,
        lmg_share_ci_upper`` (percentile bootstrap of the share, within [0, 1]),
        ``relative_weight`` (Johnson), ``mean_rating`` and ``quadrant`` (drivers rated on the
        outcome's scale only). Controls have coefficients only (NaN / empty elsewhere).
    model : dict
        ``"ols"``: the statsmodels OLS result (HC3); ``"ologit"``: the ``OrderedModel``
        result (None when the outcome is not on a whole-number scale).
    outcome, drivers, controls, scale, confidence, n_boot, locale
        The arguments it was computed with.
    r2, r2_controls : float
        R² of the full OLS model and of the controls-only model; the drivers' LMG values and
        relative weights add up to ``r2 - r2_controls``.
    ledger : RowLedger
        Rows passed, used, and left out for having no outcome (non-respondents); its line is
        the first of ``notes``.
    n_used, n_rows, n_no_outcome : int
        Rows used, rows passed and rows left out for having no outcome (the ledger's
        counts).
    boot : DataFrame
        The bootstrap LMG values, one row per resample, one column per driver.
    """

    outcome: str = "csat_score"
    drivers: list[str] = field(default_factory=list)
    controls: list[str] = field(default_factory=list)
    scale: tuple[float, float] = (1, 5)
    confidence: float = 0.95
    n_boot: int = 200
    locale: str | None = None
    r2: float = float("nan")
    r2_controls: float = 0.0
    n_used: int = 0
    n_rows: int = 0
    n_no_outcome: int = 0
    boot: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def r2_drivers(self) -> float:
        """The R² the drivers add over the controls (what LMG splits among them)."""
        return self.r2 - self.r2_controls

    @property
    def driver_table(self) -> pd.DataFrame:
        """The rows of the drivers only (controls left out)."""
        return self.table[self.table["role"] == "driver"]

    def _label(self, column: str, locale: str | None = None) -> str:
        """A column's label: in ``locale``, else the result's, else the data's language when
        the kit has labels for it, else en_US."""
        lang = locale or self.locale
        if lang is None:
            lang = self.text_locale if _shown(self.text_locale) else "en_US"
        return column_label(column, lang)

    def summary(self) -> str:
        """A few sentences a manager can read."""
        t, lang = self.driver_table, self.text_locale
        top = t.iloc[0]
        ci = (tr(", {level} CI {lo} to {hi}", lang, level=fmt_pct(self.confidence, lang),
                 lo=fmt_pct(top["lmg_share_ci_lower"], lang),
                 hi=fmt_pct(top["lmg_share_ci_upper"], lang))
              if np.isfinite(top["lmg_share_ci_lower"]) and len(t) > 1 else "")
        others = fmt_list([tr("{name} ({share})", lang, name=self._label(d),
                              share=fmt_pct(s, lang))
                           for d, s in zip(t["driver"].iloc[1:4], t["lmg_share"].iloc[1:4],
                                           strict=True)], lang)
        what = self._label(self.outcome)
        text = (tr("{top} matters most for {what} ({share} of the variance the {k} drivers "
                   "explain{ci})", lang, top=self._label(top["driver"]), what=what,
                   share=fmt_pct(top["lmg_share"], lang), k=len(t), ci=ci)
                + (tr(", then {others}", lang, others=others) if others else "")
                + tr(".", lang) + ("" if _shown(lang) else " "))
        if self.controls:
            ctrl = fmt_list([self._label(c) for c in self.controls], lang)
            text += tr("The model explains R² = {r2:.2f} of {what}: {r2c:.2f} from the controls "
                       "({controls}) and {r2d:.2f} more from the drivers. ", lang, r2=self.r2,
                       what=what, r2c=self.r2_controls, controls=ctrl, r2d=self.r2_drivers)
        else:
            text += tr("The drivers explain R² = {r2:.2f} of {what}. ", lang, r2=self.r2,
                       what=what)
        focus = t.loc[t["quadrant"] == "concentrate here", "driver"]
        if len(focus):
            text += tr("Concentrate here (important, rated below average): {names}. ", lang,
                       names=fmt_list([self._label(d) for d in focus], lang))
        text += tr("Fitted on {used} of {total} rows", lang, used=fmt_int(self.n_used, lang),
                   total=fmt_int(self.n_rows, lang))
        if self.n_no_outcome:
            text += tr("; {n} without an answer were left out (non-response is not random)",
                       lang, n=fmt_int(self.n_no_outcome, lang))
        return text + tr(".", lang)

    def plot(self, ax=None, *, kind: str = "ipa", locale: str | None = None,
             title: str | None = None, show_controls: bool = False):
        """Draw the importance-performance map, the importance bars or the coefficients.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw into (a new figure otherwise; for ``"coefficients"``, the
            ordered-logit panel is split off its right side).
        kind : {"ipa", "importance", "coefficients"}
            ``"ipa"``: importance (LMG share) against performance (mean rating), one labelled
            point per driver, lines at the means of both axes and the quadrant names in the
            corners. ``"importance"``: horizontal LMG bars with bootstrap CI whiskers and
            Johnson's relative weights as diamonds. ``"coefficients"``: OLS (left panel) and
            ordered-logit (right panel) estimates with CI whiskers.
        locale : str, optional
            Locale of the chart's texts and driver labels (default: the result's ``locale``,
            else its data's language; en_US labels for English).
        title : str, optional
            Replaces the default title.
        show_controls : bool
            ``"coefficients"`` only: also show the controls (their coefficients are often much
            larger than a rating point's, which squeezes the drivers).

        Returns
        -------
        matplotlib.axes.Axes
            For ``"coefficients"`` the OLS panel; the ordered-logit panel is ``ax.ologit_ax``.
        """
        ax, kind = option_passed_as_ax(ax, kind, name="kind", default="ipa")
        lang = locale or self.text_locale
        if kind not in PLOT_KINDS:
            raise ValueError(tr("kind must be one of {allowed}, but {value!r} was passed",
                                lang, allowed=", ".join(map(repr, PLOT_KINDS)), value=kind))
        locale = checks.locale(locale, locale=self.text_locale)
        from ..plotting import fix_fonts, new_axes, plot_context

        own = ax is None
        with plot_context(lang if _shown(lang) else (locale or self.locale)):
            draw = {"ipa": self._plot_ipa, "importance": self._plot_importance,
                    "coefficients": self._plot_coefficients}[kind]
            fig, ax, extra = draw(ax, new_axes, locale, title, show_controls)
            fix_fonts(ax, *extra)
            if own:
                fig.tight_layout()
        return ax

    def _plot_ipa(self, ax, new_axes, locale, title, _):
        t = self.driver_table
        t = t[t["quadrant"] != ""]
        lang = locale or self.text_locale
        if len(t) < 2:
            raise ValueError(tr(MESSAGES["ipa_plot"], lang, n=len(t)))
        fig, ax = new_axes(ax, figsize=(7.5, 5.5))
        x = t["mean_rating"].to_numpy(dtype=float)
        y = t["lmg_share"].to_numpy(dtype=float) * 100
        colors = {"concentrate here": "#c0392b", "keep up": "#27ae60",
                  "low priority": "#95a5a6", "possible overkill": "#2980b9"}
        ax.scatter(x, y, s=60, zorder=3, c=[colors[q] for q in t["quadrant"]])
        for xi, yi, d in zip(x, y, t["driver"], strict=True):
            ax.annotate(self._label(d, locale), (xi, yi), xytext=(6, 4),
                        textcoords="offset points", fontsize=9)
        ax.axvline(x.mean(), color="#555555", linewidth=0.8, linestyle="--")
        ax.axhline(y.mean(), color="#555555", linewidth=0.8, linestyle="--")
        dx = max(np.ptp(x), 0.2) * 0.25
        dy = max(np.ptp(y), 2.0) * 0.25
        ax.set_xlim(x.min() - dx, x.max() + dx)
        ax.set_ylim(max(0.0, y.min() - dy), y.max() + dy)
        corners = {"concentrate here": (0.02, 0.98, "left", "top"),
                   "keep up": (0.98, 0.98, "right", "top"),
                   "low priority": (0.02, 0.02, "left", "bottom"),
                   "possible overkill": (0.98, 0.02, "right", "bottom")}
        for name, (cx, cy, ha, va) in corners.items():
            txt = ax.text(cx, cy, tr(QUADRANT_NAMES[name], lang), transform=ax.transAxes,
                          ha=ha, va=va, fontsize=9, color=colors[name], fontstyle="italic")
            txt.set_gid("quadrant")
        ax.set_xlabel(tr("performance: mean rating ({lo:g}-{hi:g})", lang, lo=self.scale[0],
                         hi=self.scale[1]))
        ax.set_ylabel(tr("importance: share of the drivers' R² (LMG, %)", lang))
        ax.set_title(title or tr("Importance-performance map: {what}", lang,
                                 what=self._label(self.outcome, locale)))
        return fig, ax, ()

    def _plot_importance(self, ax, new_axes, locale, title, _):
        t = self.driver_table.iloc[::-1]  # largest on top
        lang = locale or self.text_locale
        fig, ax = new_axes(ax, figsize=(7.5, 0.45 * len(t) + 2))
        pos = np.arange(len(t))
        est = t["lmg"].to_numpy(dtype=float)
        # a percentile interval of a few resamples need not hold the estimate: no negative bar
        lo = np.clip(np.nan_to_num(est - t["lmg_ci_lower"].to_numpy(dtype=float)), 0, None)
        hi = np.clip(np.nan_to_num(t["lmg_ci_upper"].to_numpy(dtype=float) - est), 0, None)
        ax.barh(pos, est, color="#2c7fb8", xerr=[lo, hi], capsize=3,
                error_kw={"ecolor": "#333333", "linewidth": 1},
                label=tr("LMG with {level} bootstrap CI", lang,
                         level=fmt_pct(self.confidence, lang)))
        ax.plot(t["relative_weight"].to_numpy(dtype=float), pos, "D", color="#e67e22",
                markersize=5, label=tr("Johnson's relative weight (check)", lang))
        for p, e, s in zip(pos, est, t["lmg_share"], strict=True):
            ax.annotate(fmt_pct(s, lang), (e, p), xytext=(4, -10), textcoords="offset points",
                        fontsize=8, color="#333333")
        ax.set_yticks(pos, [self._label(d, locale) for d in t["driver"]])
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.set_xlabel(tr("R² attributed (drivers' total {total:.3f}; % = share)", lang,
                         total=self.r2_drivers))
        ax.set_title(title or tr("What drives {what}: relative importance", lang,
                                 what=self._label(self.outcome, locale)))
        ax.legend(loc="lower right", fontsize=8)
        return fig, ax, ()

    def _plot_coefficients(self, ax, new_axes, locale, title, show_controls):
        from mpl_toolkits.axes_grid1 import make_axes_locatable

        t = self.table if show_controls else self.driver_table
        t = t.iloc[::-1]
        fig, ax = new_axes(ax, figsize=(10, 0.45 * len(t) + 2.2))
        right = make_axes_locatable(ax).append_axes("right", size="100%", pad=0.25, sharey=ax)
        pos = np.arange(len(t))
        lang = locale or self.text_locale
        level = fmt_pct(self.confidence, lang)
        for a, prefix, color, xlabel in (
                (ax, "ols", "#2c3e50", tr("OLS: {what} points per unit (HC3)", lang,
                                          what=self._label(self.outcome, locale))),
                (right, "ologit", "#8e44ad", tr("ordered logit: log-odds per unit", lang))):
            est = t[f"{prefix}_coef"].to_numpy(dtype=float)
            lo = np.clip(np.nan_to_num(est - t[f"{prefix}_ci_lower"].to_numpy(dtype=float)),
                         0, None)
            hi = np.clip(np.nan_to_num(t[f"{prefix}_ci_upper"].to_numpy(dtype=float) - est),
                         0, None)
            a.errorbar(est, pos, xerr=[lo, hi], fmt="o", color=color, capsize=3)
            a.axvline(0, color="#555555", linewidth=0.8)
            a.grid(axis="y", visible=False)
            a.grid(axis="x", visible=True)
            a.set_xlabel(xlabel)
        ax.set_yticks(pos, [self._label(d, locale) for d in t["driver"]])
        right.tick_params(labelleft=False)
        ax.set_title(tr("OLS ({level} CI)", lang, level=level), fontsize="medium")
        right.set_title(tr("Ordered logit ({level} CI)", lang, level=level), fontsize="medium")
        fig.suptitle(title or tr("Drivers of {what}: coefficients", lang,
                                 what=self._label(self.outcome, locale)), fontweight="bold")
        ax.ologit_ax = right
        return fig, ax, (right,)


# --------------------------------------------------------------------------- the analysis
def drivers(data: pd.DataFrame, outcome: str = "csat_score",
            drivers: Sequence[str] | None = None, *,
            controls: Sequence[str] | str | None = "auto",
            scale: tuple[float, float] = (1, 5), n_boot: int = 200, seed: int = 0,
            confidence: float = 0.95, progress: bool = False,
            locale: str | None = None) -> DriversResult:
    """Key-driver analysis: what moves an outcome such as CSAT, and where to act.

    Fits OLS with HC3 robust standard errors and an ordered logit of ``outcome`` on the
    drivers and the controls; splits the R² the drivers add over the controls among them
    (exact LMG / Shapley decomposition with percentile bootstrap CIs, and Johnson's relative
    weights as a check); and places each driver on an importance-performance map.

    Parameters
    ----------
    data : DataFrame
        One row per complaint: ``ck.complaint_frame(complaints, surveys)``.
    outcome : str
        The rating explained, on the scale ``scale`` (default ``"csat_score"``, 1-5). Rows
        without it (non-respondents) are left out and counted in ``.ledger`` and ``.notes``.
    drivers : sequence of str, optional
        The numeric columns to rank (at most 12). Default: every ``rating_*`` column present.
    controls : sequence of str, "auto" or None
        Columns kept in every model (True/False or numeric): they get coefficients but no
        importance, and LMG splits only the R² the drivers add over them. ``"auto"`` (the
        default): those of ``DEFAULT_CONTROLS`` (``resolved``, ``first_contact_resolution``,
        ``extra_contacts``: how the complaint ended, which a customer's ratings do not
        capture) that data has and that are not the outcome or a driver; a note names the
        controls used and those missing. A list names them (each must be in data); ``None``
        or ``()`` for none.
    scale : (float, float)
        Lowest and highest possible outcome value; values outside are an error.
    n_boot : int
        Bootstrap resamples for the LMG CIs (0: no CIs).
    seed : int or None
        Seed of ``np.random.default_rng`` for the bootstrap (None: fresh entropy).
    confidence : float
        Level of every confidence interval.
    progress : bool
        Show a tqdm progress bar over the bootstrap.
    locale : str, optional
        Language of the result's texts and driver labels (``.summary()``, ``.notes``,
        ``.plot()``, errors), e.g. ``"zh_CN"``. None: the data's own language
        (:func:`complaintkit.i18n.locale_of`), with en_US labels for English data.

    Returns
    -------
    DriversResult
        ``.table`` (one row per driver, largest LMG first, then the controls): ``driver,
        role, ols_coef, ols_ci_lower, ols_ci_upper, ols_p_value, ologit_coef,
        ologit_ci_lower, ologit_ci_upper, lmg, lmg_ci_lower, lmg_ci_upper, lmg_share,
        lmg_share_ci_lower, lmg_share_ci_upper, relative_weight, mean_rating, quadrant``;
        ``.summary()``, ``.plot(ax, kind=...)``,
        ``.model`` (``{"ols": ..., "ologit": ...}``), ``.r2``, ``.r2_controls``, ``.boot``,
        ``.assumptions``, ``.ledger`` (rows used, and those without an outcome) and
        ``.notes`` (the ledger's line, then non-response and the fit).

    Raises
    ------
    ValueError
        An outcome value outside ``scale``; a driver or control missing among rows that
        have an outcome; fewer than 10 rows per model term (10·(k+1)); a constant driver;
        perfectly collinear drivers; more than 12 drivers.

    Notes
    -----
    LMG: each driver's R² gain is averaged over all orders in which the drivers can enter
    the model, with the controls in every model, so the values add up to R²(full) - R²
    (controls only); ``lmg_share`` divides by that sum. The R² of each of the 2^k subsets is
    computed from the correlation matrix (r_S' R_SS^-1 r_S), not by refitting, which also
    makes the bootstrap cheap. Johnson's relative weights are computed after partialling the
    controls out of the outcome and the drivers, and add up to the same total.

    IPA (Martilla & James 1977): importance is ``lmg_share``, performance ``mean_rating``
    (the drivers' mean over the rows used); both axes are split at their means across the
    drivers. Only drivers rated on the outcome's ``scale`` (whole numbers inside it, at least
    three values seen) are placed: the mean of a 0/1 flag (e.g. ``late``) or of a count is
    not a performance rating, so such a driver gets no ``mean_rating`` or ``quadrant`` (a
    note says so), and the map needs two rated drivers.

    ``lmg_share_ci_lower`` / ``lmg_share_ci_upper``: percentile bootstrap interval of each
    driver's share (its LMG over the drivers' total in the same resample), so it lies within
    [0, 1]; with one driver the share is 1 by definition.

    Quadrants: ``"concentrate here"``: important and rated below average; ``"keep up"``:
    important and rated above; ``"low priority"``: less important, rated below;
    ``"possible overkill"``: less important, rated above.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> f = ck.complaint_frame(w.complaints, w.surveys)
    >>> res = ck.drivers(f, n_boot=20)
    >>> res.table["driver"].iloc[0]
    'rating_fairness'
    >>> d = res.driver_table
    >>> bool(np.isclose(d["lmg"].sum(), res.r2 - res.r2_controls))
    True
    >>> bool(np.isclose(d["relative_weight"].sum(), d["lmg"].sum()))
    True
    >>> res.summary()[:38]
    'Fairness of solution matters most for '
    >>> res.notes[0]
    '2,576 of 7,222 complaints used: 4,646 without a survey answer'
    >>> "non-response is not random" in res.notes[1]
    True
    >>> ax = res.plot(kind="ipa")
    """
    lang = locale_of(data, locale=locale if locale in LOCALES else None)  # of the errors too
    confidence = checks.confidence(confidence, locale=lang)
    n_boot, seed = checks.n_boot(n_boot, locale=lang), checks.seed(seed, locale=lang)
    locale = checks.locale(locale, locale=lang)
    data = checks.check_frame(data)
    lang = locale_of(data, locale=locale)
    spec = _spec(data, outcome, drivers, controls, scale, lang)
    num = _numeric(data, spec)
    ledger = RowLedger(data, unit="complaints", locale=lang)
    d = ledger.drop(num[spec.outcome].isna().to_numpy(), _no_outcome_reason(spec.outcome, lang),
                    data=num)
    _check_rows(d, spec)
    notes = [_non_response_note(ledger, spec.outcome)] if ledger.dropped else []
    notes += _controls_note(spec) + _rating_note(d, spec)

    ols = _fit_ols(d, spec.outcome, spec.drivers, spec.controls)
    ologit, ologit_note = _fit_ologit(d, spec.outcome, spec.drivers, spec.controls, lang)
    notes += [ologit_note] if ologit_note else []
    imp = _importance(d, spec)
    boot, ci, failed = _bootstrap(imp, n_boot, seed, confidence, progress, lang)
    notes += [_bootstrap_note(failed, n_boot, lang)] if failed else []

    table = _table(spec, d, imp, ci, ols, ologit, confidence, boot)
    notes.append(_fit_note(len(d), imp, n_boot, seed, lang))
    return DriversResult(
        table=table, model={"ols": ols, "ologit": ologit},
        assumptions=[tr(a, lang) for a in ASSUMPTIONS],
        notes=notes, ledger=ledger, outcome=spec.outcome, drivers=spec.drivers,
        controls=spec.controls, scale=spec.scale, confidence=confidence, n_boot=n_boot,
        locale=locale, r2=imp.r2_full, r2_controls=imp.r2_controls, n_used=ledger.used,
        n_rows=ledger.total, n_no_outcome=ledger.dropped,
        boot=pd.DataFrame(boot, columns=spec.drivers))


# --------------------------------------------------------------------------- the steps
@dataclass(frozen=True)
class _Spec:
    """The columns of the model and the outcome's scale, checked against the data."""

    outcome: str
    drivers: list[str]
    controls: list[str]
    scale: tuple[float, float]
    auto: bool = False              # controls chosen by controls="auto"
    absent: tuple[str, ...] = ()    # default controls not in data (auto only)
    lang: str | None = None         # the language of the messages

    @property
    def names(self) -> list[str]:
        return [self.outcome, *self.drivers, *self.controls]

    @property
    def predictors(self) -> list[str]:
        return [*self.drivers, *self.controls]

    def role(self, column: str) -> str:
        if column == self.outcome:
            role = "outcome"
        else:
            role = "control" if column in self.controls else "driver"
        return tr(ROLES[role], self.lang)


def _spec(data, outcome, drivers, controls, scale, lang=None) -> _Spec:
    """Outcome, drivers (default: the rating_* columns), controls and scale, checked."""
    if not isinstance(outcome, str):
        raise TypeError(tr("outcome must be a column name, not {value!r}", lang, value=outcome))
    drivers = _driver_list(data, outcome, drivers, lang)
    auto = isinstance(controls, str) and controls == "auto"
    absent: tuple[str, ...] = ()
    if auto:
        taken = {outcome, *drivers}
        controls = [c for c in DEFAULT_CONTROLS if c in data.columns and c not in taken]
        absent = tuple(c for c in DEFAULT_CONTROLS if c not in data.columns)
    else:
        controls = [] if controls is None else ([controls] if isinstance(controls, str)
                                                else list(controls))
    _check_names(data, outcome, drivers, controls, lang)
    _check_k(len(drivers), lang)
    return _Spec(outcome, drivers, controls, _scale(scale, lang), auto, absent, lang)


def _controls_note(spec: _Spec) -> list[str]:
    """What controls="auto" used, and which default controls data lacks."""
    if not spec.auto:
        return []
    lang = spec.lang
    if not spec.controls:
        return [tr(MESSAGES["controls_none"], lang, defaults=_cols(DEFAULT_CONTROLS, lang))]
    note = tr(MESSAGES["controls_auto"], lang, used=_cols(spec.controls, lang))
    if spec.absent:
        note += tr(MESSAGES["controls_auto_missing"], lang, missing=_cols(spec.absent, lang))
    return [note]


def _rated(values: pd.Series, scale: tuple[float, float], lang: str | None = None) -> str:
    """Why ``values`` are not a rating on ``scale`` ("" when they are one)."""
    v = values.to_numpy(dtype=float)
    lo, hi = scale
    levels = np.unique(v)
    if len(levels) < 3:
        return tr("{n} values ({values})", lang, n=len(levels),
                  values=tr(", ", lang).join(f"{x:g}" for x in levels))
    if not np.allclose(v, np.round(v)):
        return tr("not whole numbers", lang)
    if v.min() < lo or v.max() > hi:
        return tr("values {lo:g} to {hi:g}", lang, lo=v.min(), hi=v.max())
    return ""


def _ratings(d: pd.DataFrame, spec: _Spec) -> dict[str, str]:
    """Driver -> why it is not a rating on the outcome's scale, for those that are not."""
    return {c: why for c in spec.drivers if (why := _rated(d[c], spec.scale, spec.lang))}


def _rating_note(d: pd.DataFrame, spec: _Spec) -> list[str]:
    """Which drivers the importance-performance map leaves out, and why."""
    lo, hi = spec.scale
    lang = spec.lang
    out = _ratings(d, spec)
    notes = []
    if out:
        many = len(out) > 1
        notes.append(tr(MESSAGES["not_rating_many" if many else "not_rating_one"], lang,
                        names=fmt_list([repr(c) for c in out], lang), lo=lo, hi=hi,
                        why=tr("; ", lang).join(tr("{name!r} has {what}", lang, name=c, what=w)
                                                for c, w in out.items())))
    rated = len(spec.drivers) - len(out)
    if rated < 2:
        have = tr(N_("none is") if rated == 0 else N_("only one is"), lang)
        notes.append(tr(MESSAGES["ipa_too_few"], lang, lo=lo, hi=hi, have=have))
    return notes


def _driver_list(data: pd.DataFrame, outcome: str, drivers, lang=None) -> list[str]:
    if drivers is None:
        drivers = [c for c in data.columns if isinstance(c, str) and c.startswith("rating_")
                   and c != outcome]
        if not drivers:
            raise ValueError(tr("data has no rating_* columns to use as drivers: pass "
                                "drivers=[...], or {hint}", lang, hint=tr(FRAME_HINT, lang)))
    return [drivers] if isinstance(drivers, str) else list(drivers)


def _check_names(data: pd.DataFrame, outcome: str, drivers: list[str],
                 controls: list[str], lang: str | None = None) -> None:
    """Every column is in the data (with a hint how to get it), and no column twice."""
    try:
        checks.check_columns(data, [outcome, *drivers])
    except KeyError as e:
        raise KeyError(tr("{error}. For CSAT drivers, {hint}", lang, error=e.args[0],
                          hint=tr(FRAME_HINT, lang))) from None
    try:
        checks.check_columns(data, controls)
    except KeyError as e:
        raise KeyError(tr("{error}. The controls are {controls}: pass controls=[...] with "
                          "columns of data, or controls=None for none; for CSAT, {hint}", lang,
                          error=e.args[0], controls=controls,
                          hint=tr(FRAME_HINT, lang))) from None
    names = [outcome, *drivers, *controls]
    if len(set(names)) != len(names):
        dup = sorted({c for c in names if names.count(c) > 1})
        raise ValueError(tr("outcome, drivers and controls must be different columns, but "
                            "{names} appears more than once", lang,
                            names=", ".join(map(repr, dup))))


def _scale(scale, lang: str | None = None) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise ValueError(tr("scale must be (lowest, highest), e.g. (1, 5), not {value!r}",
                            lang, value=scale)) from None
    if not lo < hi:
        raise ValueError(tr("scale must be (lowest, highest) with lowest < highest, not "
                            "{value!r}", lang, value=scale))
    return lo, hi


def _numeric(data: pd.DataFrame, spec: _Spec) -> pd.DataFrame:
    """The model's columns as floats (True/False as 0/1), the outcome on its scale."""
    for col in spec.names:
        s = data[col]
        if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)):
            raise TypeError(tr("{role} {col!r} must be numeric or True/False, not {dtype}; "
                               "code a category as 0/1 columns first", spec.lang,
                               role=spec.role(col), col=col, dtype=s.dtype))
    num = pd.DataFrame({c: data[c].astype("Float64").astype(float) for c in spec.names},
                       index=data.index)
    y = num[spec.outcome]
    (lo, hi), outcome = spec.scale, spec.outcome
    bad = y.notna() & ((y < lo) | (y > hi))
    if bad.any():
        vals = ", ".join(f"{v:g}" for v in sorted(y[bad].unique())[:5])
        rows = ", ".join(map(str, y.index[bad][:5])) + (" …" if bad.sum() > 5 else "")
        raise ValueError(tr("outcome {outcome!r} must lie on the scale {lo:g} to {hi:g}, but "
                            "has {values} in {n} rows ({rows}); fix or drop those rows, or "
                            "pass the right scale=(lowest, highest)", spec.lang,
                            outcome=outcome, lo=lo, hi=hi, values=vals, n=int(bad.sum()),
                            rows=rows))
    return num


def _answered(outcome: str) -> bool:
    return outcome in ("csat_score", "nps")


def _no_outcome_reason(outcome: str, lang: str | None = None) -> str:
    """The ledger's reason for a row without the outcome."""
    return (tr("without a survey answer", lang) if _answered(outcome)
            else tr("without {outcome}", lang, outcome=_col(outcome, lang)))


def _non_response_note(ledger: RowLedger, outcome: str) -> str:
    lang = ledger.locale
    answered = (tr("answered", lang) if _answered(outcome)
                else tr("have {outcome}", lang, outcome=_col(outcome, lang)))
    return tr("{used} of {total} complaints {answered}; {dropped} without an answer were left "
              "out — non-response is not random; see the survey response rate (the model is "
              "unbiased only if answering depends on the drivers, not on satisfaction beyond "
              "them).", lang, used=fmt_int(ledger.used, lang), total=fmt_int(ledger.total, lang),
              answered=answered, dropped=fmt_int(ledger.dropped, lang))


def _check_rows(d: pd.DataFrame, spec: _Spec) -> None:
    """The rows with an outcome can fit the model: complete, enough, varying, not collinear."""
    outcome = spec.outcome
    for col in spec.predictors:
        miss = int(d[col].isna().sum())
        if miss:
            raise ValueError(tr("{role} {col!r} is missing in {miss} of the {n} rows that have "
                                "{outcome}{hint}: drop those rows explicitly "
                                "(data.dropna(subset=[{col!r}])) or impute the values yourself "
                                "before calling drivers(); they are not dropped silently",
                                spec.lang, role=spec.role(col), col=col,
                                miss=fmt_int(miss, spec.lang), n=fmt_int(len(d), spec.lang),
                                outcome=outcome, hint=_auto_hint(spec, col)))
    n, p = len(d), len(spec.predictors)
    need = ROWS_PER_TERM * (p + 1)
    if n < need:
        raise ValueError(tr("only {n} rows have {outcome}; a model with {p} drivers and "
                            "controls needs at least {need} (10 per term, intercept included): "
                            "use fewer drivers or more data (e.g. a longer period)", spec.lang,
                            n=fmt_int(n, spec.lang), outcome=outcome, p=p,
                            need=fmt_int(need, spec.lang)))
    for col in spec.names:
        if d[col].nunique() < 2:
            what = (tr("there is nothing to explain", spec.lang) if col == outcome
                    else tr("it cannot explain differences; drop it", spec.lang))
            where = (tr("every row used", spec.lang) if col == outcome
                     else tr("all {n} rows used", spec.lang, n=fmt_int(n, spec.lang)))
            raise ValueError(tr("{role} {col!r} is constant ({value:g} in {where}){hint}: "
                                "{what}", spec.lang, role=spec.role(col), col=col,
                                value=d[col].iloc[0], where=where, hint=_auto_hint(spec, col),
                                what=what))
    _check_collinear(d[[*spec.controls, *spec.drivers]], spec.lang)


def _auto_hint(spec: _Spec, col: str) -> str:
    return tr(MESSAGES["auto_hint"], spec.lang) if spec.auto and col in spec.controls else ""


@dataclass(frozen=True)
class _Importance:
    """LMG and Johnson's weights of the drivers, and what the bootstrap needs."""

    m: np.ndarray  # outcome, controls, drivers: one row per row used
    plan: list
    k: int
    lmg: np.ndarray
    r2_full: float
    r2_controls: float
    relative_weight: np.ndarray


def _importance(d: pd.DataFrame, spec: _Spec) -> _Importance:
    k, c = len(spec.drivers), len(spec.controls)
    m = d[[spec.outcome, *spec.controls, *spec.drivers]].to_numpy(dtype=float)
    plan = _subset_plan(c, k)
    r2_sub = _subset_r2(np.corrcoef(m, rowvar=False), plan, k)
    rw = _johnson(m[:, 0], m[:, 1 + c:], m[:, 1:1 + c])
    return _Importance(m=m, plan=plan, k=k, lmg=_shapley(r2_sub, k), r2_full=float(r2_sub[-1]),
                       r2_controls=float(r2_sub[0]), relative_weight=rw)


def _bootstrap(imp: _Importance, n_boot: int, seed, confidence: float, progress: bool,
               lang: str | None = None):
    """Percentile bootstrap of the LMG values: (draws, CI rows lower/upper, failed draws)."""
    k, n = imp.k, len(imp.m)
    boot = np.full((n_boot, k), np.nan)
    if not n_boot:
        return boot, np.full((2, k), np.nan), 0
    rng = np.random.default_rng(seed)
    draws = range(n_boot)
    if progress:
        from ..progress import progress_bar

        draws = progress_bar(draws, desc=tr("bootstrap LMG", lang))
    rows, inv = _distinct_rows(imp.m)
    for b in draws:  # the same draws of rows as before, counted on the distinct rows
        idx = rng.integers(0, n, n)
        if rows is None:
            boot[b] = _boot_lmg(imp.m[idx], imp.plan, k)
        else:
            w = np.bincount(inv[idx], minlength=len(rows)).astype(float)
            boot[b] = _boot_lmg_weighted(rows, w, imp.plan, k)
    failed = int(np.isnan(boot[:, 0]).sum())
    if failed == n_boot:
        return boot, np.full((2, k), np.nan), failed
    alpha = 1 - confidence
    return boot, np.nanpercentile(boot, [100 * alpha / 2, 100 * (1 - alpha / 2)], axis=0), failed


def _boot_lmg(mb: np.ndarray, plan, k: int) -> np.ndarray:
    """LMG of one resample; NaN when a column is constant in it or the drivers collinear."""
    with np.errstate(invalid="ignore", divide="ignore"):
        cb = np.corrcoef(mb, rowvar=False)
    return _lmg_of(cb, plan, k)


def _lmg_of(cb: np.ndarray, plan, k: int) -> np.ndarray:
    """LMG from a correlation matrix; NaN when it is not finite or the drivers collinear."""
    if not np.isfinite(cb).all():
        return np.full(k, np.nan)
    try:
        return _shapley(_subset_r2(cb, plan, k), k)
    except np.linalg.LinAlgError:
        return np.full(k, np.nan)


def _distinct_rows(m: np.ndarray):
    """The distinct rows of ``m`` and each row's index among them, when there are few (ratings
    on a 1-5 scale repeat: a resample's correlations are then a weighted sum over a few
    thousand rows instead of a copy of every drawn row; issue 14); (None, None) otherwise."""
    if len(m) < 1000:
        return None, None
    inv = pd.DataFrame(m).groupby(list(range(m.shape[1])), sort=False, dropna=False) \
        .ngroup().to_numpy()
    if inv.max() + 1 > len(m) // 2:
        return None, None
    first = np.full(inv.max() + 1, len(m))
    np.minimum.at(first, inv, np.arange(len(m)))
    return m[first], inv


def _boot_lmg_weighted(rows: np.ndarray, w: np.ndarray, plan, k: int) -> np.ndarray:
    """:func:`_boot_lmg` of the resample holding each distinct row ``w`` times: the same
    correlation matrix as ``np.corrcoef`` of the drawn rows (to rounding)."""
    used = rows[w > 0]
    if (used == used[0]).all(axis=0).any():  # a column constant in the resample
        return np.full(k, np.nan)
    n = w.sum()
    centred = rows - (w @ rows) / n
    cov = (centred * w[:, None]).T @ centred / (n - 1)
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        cb = np.clip(cov / sd[:, None] / sd[None, :], -1, 1)
    return _lmg_of(cb, plan, k)


def _bootstrap_note(failed: int, n_boot: int, lang: str | None = None) -> str:
    return tr("{failed} of {n_boot} bootstrap resamples had a constant or collinear column and "
              "were skipped.", lang, failed=failed, n_boot=n_boot)


def _share_ci(boot: np.ndarray, confidence: float) -> np.ndarray:
    """Percentile bootstrap interval of each driver's share of the drivers' LMG total, from
    the same resamples: a share of a sum of non-negative parts, so within [0, 1]."""
    k = boot.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        total = boot.sum(axis=1, keepdims=True)
        shares = np.where(total > 0, np.clip(boot, 0, None) / total, np.nan)
    ok = np.isfinite(shares).all(axis=1)
    if not ok.any():
        return np.full((2, k), np.nan)
    alpha = 1 - confidence
    ci = np.percentile(shares[ok], [100 * alpha / 2, 100 * (1 - alpha / 2)], axis=0)
    return np.clip(ci, 0.0, 1.0)


def _quadrants(d: pd.DataFrame, spec: _Spec, share: np.ndarray) -> tuple[np.ndarray,
                                                                          np.ndarray]:
    """Mean rating and IPA quadrant of each driver; NaN and "" for a driver not rated on the
    outcome's scale, and "" for all when fewer than two are."""
    not_rated = _ratings(d, spec)
    rated = np.array([c not in not_rated for c in spec.drivers])
    means = np.where(rated, d[spec.drivers].mean().to_numpy(), np.nan)
    quadrant = np.full(len(rated), "", dtype=object)
    if rated.sum() >= 2:
        quadrant[rated] = ipa_quadrants(share[rated], means[rated])
    return means, quadrant


def _table(spec: _Spec, d: pd.DataFrame, imp: _Importance, ci: np.ndarray, ols, ologit,
           confidence: float, boot: np.ndarray) -> pd.DataFrame:
    """One row per driver (largest LMG first), then one per control."""
    alpha = 1 - confidence
    share = imp.lmg / imp.lmg.sum() if imp.lmg.sum() > 0 else np.full(imp.k, np.nan)
    sci = _share_ci(boot, confidence)
    means, quadrant = _quadrants(d, spec, share)
    rows = pd.DataFrame({"driver": spec.drivers, "role": "driver", "lmg": imp.lmg,
                         "lmg_ci_lower": ci[0], "lmg_ci_upper": ci[1], "lmg_share": share,
                         "lmg_share_ci_lower": sci[0], "lmg_share_ci_upper": sci[1],
                         "relative_weight": imp.relative_weight, "mean_rating": means,
                         "quadrant": quadrant})
    rows = rows.sort_values("lmg", ascending=False, kind="stable")
    t = (pd.concat([rows, pd.DataFrame({"driver": spec.controls, "role": "control"})],
                   ignore_index=True) if spec.controls else rows.reset_index(drop=True))
    _add_coefficients(t, "ols", ols, alpha, p_value=True)
    _add_coefficients(t, "ologit", ologit, alpha)
    t["quadrant"] = t["quadrant"].fillna("")
    t = t[["driver", "role", "ols_coef", "ols_ci_lower", "ols_ci_upper", "ols_p_value",
           "ologit_coef", "ologit_ci_lower", "ologit_ci_upper", "lmg", "lmg_ci_lower",
           "lmg_ci_upper", "lmg_share", "lmg_share_ci_lower", "lmg_share_ci_upper",
           "relative_weight", "mean_rating", "quadrant"]]
    for col in t.columns[2:-1]:
        t[col] = t[col].astype(float)
    return t


def _add_coefficients(t: pd.DataFrame, prefix: str, fit, alpha: float,
                      p_value: bool = False) -> None:
    """``<prefix>_coef, _ci_lower, _ci_upper`` (and ``_p_value``) of each row's term; NaN
    when the model was not fitted."""
    if fit is None:
        t[f"{prefix}_coef"] = t[f"{prefix}_ci_lower"] = t[f"{prefix}_ci_upper"] = np.nan
        return
    ci = fit.conf_int(alpha=alpha)
    t[f"{prefix}_coef"] = fit.params.loc[t["driver"]].to_numpy()
    t[f"{prefix}_ci_lower"] = ci.loc[t["driver"], 0].to_numpy()
    t[f"{prefix}_ci_upper"] = ci.loc[t["driver"], 1].to_numpy()
    if p_value:
        t[f"{prefix}_p_value"] = fit.pvalues.loc[t["driver"]].to_numpy()


def _fit_note(n: int, imp: _Importance, n_boot: int, seed, lang: str | None = None) -> str:
    full, ctrl = imp.r2_full, imp.r2_controls
    return (tr("{n} rows used; LMG and relative weights split the R² the {k} drivers add over "
               "the controls ({full:.3f} - {ctrl:.3f} = {diff:.3f})", lang, n=fmt_int(n, lang),
               k=imp.k, full=full, ctrl=ctrl, diff=full - ctrl)
            + (tr("; LMG CIs from {n_boot} bootstrap resamples (seed {seed}).", lang,
                  n_boot=n_boot, seed=seed)
               if n_boot else tr("; no bootstrap (n_boot=0).", lang)))


# --------------------------------------------------------------------------- plot helpers
# --------------------------------------------------------------------------- helpers
def _check_collinear(x: pd.DataFrame, lang: str | None = None) -> None:
    """Raise when some columns are an exact linear combination of others (and the intercept)."""
    z = x.to_numpy(dtype=float)
    z = (z - z.mean(axis=0)) / z.std(axis=0)
    _, sv, vt = np.linalg.svd(z, full_matrices=False)
    tol = sv.max() * max(z.shape) * np.finfo(float).eps * 10
    null = vt[sv <= tol]
    if not len(null):
        return
    involved = [c for c, w in zip(x.columns, np.abs(null).max(axis=0), strict=True)
                if w > 1e-6]
    raise ValueError(tr("{names} are perfectly collinear (one is an exact linear combination "
                        "of the others), so their separate effects cannot be told apart: drop "
                        "one of them, or combine them into one column", lang,
                        names=", ".join(map(repr, involved))))


def _design(d: pd.DataFrame, drivers: list[str], controls: list[str]) -> pd.DataFrame:
    return d[[*drivers, *controls]].astype(float)


def _fit_ols(d, outcome, drivers, controls):
    import statsmodels.api as sm

    x = sm.add_constant(_design(d, drivers, controls), has_constant="add")
    return sm.OLS(d[outcome].astype(float), x).fit(cov_type="HC3")


def _fit_ologit(d, outcome, drivers, controls, lang=None):
    """The ordered logit, or (None, why) when the outcome is not on a whole-number scale."""
    from .followup import fit_ordered_logit

    y = d[outcome].to_numpy(dtype=float)
    if not np.allclose(y, np.round(y)):
        return None, tr("{outcome!r} has values that are not whole numbers, so it is not an "
                        "ordered rating: the ordered logit was not fitted (columns ologit_* "
                        "are empty).", lang, outcome=outcome)
    levels = np.unique(y)
    codes = pd.Series(pd.Categorical(y, categories=levels, ordered=True), index=d.index)
    x = _design(d, drivers, controls)
    # statsmodels' OrderedModel with the analytic gradient and Hessian (issue 14: its
    # numerical ones were nearly all of drivers' time); the same fit as the plain
    # OrderedModel to its optimiser's tolerance (tests/test_drivers.py)
    fit = fit_ordered_logit(codes, x)
    if not fit.mle_retvals.get("converged", True):
        warnings.warn(tr("the ordered logit of {outcome!r} did not converge; its coefficients "
                         "may be unreliable (check for an outcome level with very few rows)",
                         lang, outcome=outcome), RuntimeWarning, stacklevel=3)
    return fit, None

