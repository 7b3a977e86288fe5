"""Key-driver analysis of satisfaction: which ratings move CSAT, and where to act.

Three views of the same question, side by side:

* **Coefficients.** OLS with HC3 robust standard errors (CSAT points per rating point) and an
  ordered logit (statsmodels ``OrderedModel``; log-odds per rating point), which respects that
  CSAT is an ordered 1-5 answer rather than a measurement.
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

from . import _checks as checks
from ._checks import column_label
from ._ledger import RowLedger
from ._result import Result, option_passed_as_ax

__all__ = ["drivers", "DriversResult", "lmg", "relative_weights", "ipa_quadrants",
           "QUADRANTS"]

MAX_DRIVERS = 12
ROWS_PER_TERM = 10
FRAME_HINT = ("build the frame with ck.complaint_frame(complaints, surveys), which adds "
              "csat_score and the rating_* columns")
PLOT_KINDS = ("ipa", "importance", "coefficients")
DEFAULT_CONTROLS = ("resolved", "first_contact_resolution", "extra_contacts")
"""The controls of ``controls="auto"`` (those present): how a complaint ended, which a
customer's ratings do not capture (columns of ``complaint_frame``)."""
MESSAGES = {
    "controls_auto": "controls (controls='auto', the default ones present in data): {used}",
    "controls_auto_missing": "; not in data, so not controlled for: {missing}",
    "controls_none": ("no controls: data has none of the default controls ({defaults}); pass "
                      "controls=[...] to hold how a complaint ended (or other columns) fixed"),
    "not_rating": ("{names} {verb} not rated on the outcome's scale {lo:g}-{hi:g} (whole "
                   "numbers, at least 3 values): {why}; {pronoun} left off the "
                   "importance-performance map (mean_rating and quadrant are empty), and "
                   "{pronoun2} importance is in lmg and lmg_share"),
    "ipa_too_few": ("the importance-performance map needs at least two drivers rated on the "
                    "outcome's scale {lo:g}-{hi:g}; {have}: no quadrants (see lmg_share, or "
                    "plot(kind='importance'))"),
    "ipa_plot": ("the importance-performance map needs at least two drivers rated on the "
                 "outcome's scale (here {n}): draw plot(kind='importance') instead"),
    "auto_hint": (" (it is one of the default controls, controls='auto': pass controls=[...] "
                  "or controls=None to choose them)"),
}
QUADRANTS = {
    (True, False): "concentrate here",
    (True, True): "keep up",
    (False, False): "low priority",
    (False, True): "possible overkill",
}
"""IPA quadrant by (importance above its mean, performance above its mean)."""

ASSUMPTIONS = [
    "Linearity (OLS): each rating point moves the outcome by the same amount, and rating "
    "points are treated as equally spaced numbers.",
    "Proportional odds (ordered logit): a driver shifts the odds of 'at least this score' by "
    "the same factor at every cut point of the outcome scale.",
    "Controls are always in the model: LMG and the relative weights split only the R² the "
    "drivers add over the controls-only model. Importance depends on which drivers are "
    "included: a driver left out passes its share to the drivers correlated with it.",
    "Non-response: the model is fitted to the rows with an answer. It is unbiased when whether "
    "a customer answers depends on the drivers (and controls) only, not on their "
    "satisfaction beyond them.",
    "Importance is association, not a promise: raising a rating changes the outcome as "
    "estimated only if nothing left out of the model drives both.",
]


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
    _check_k(len(drivers))
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


def ipa_quadrants(importance, performance) -> np.ndarray:
    """Martilla & James (1977) quadrant of each driver, split at the means of both axes.

    Parameters
    ----------
    importance, performance : array-like
        One value per driver (e.g. ``lmg_share`` and ``mean_rating``). A value above its
        axis's mean is "high"; a value at or below it is "low".

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
    """
    imp = np.asarray(importance, dtype=float)
    perf = np.asarray(performance, dtype=float)
    if imp.shape != perf.shape:
        raise ValueError(f"importance and performance need one value per driver, but have "
                         f"{imp.size} and {perf.size} values")
    hi_imp = imp > imp.mean()
    hi_perf = perf > perf.mean()
    return np.array([QUADRANTS[(bool(a), bool(b))] for a, b in zip(hi_imp, hi_perf,
                                                                   strict=True)], dtype=object)


def _check_k(k: int) -> None:
    if k > MAX_DRIVERS:
        raise ValueError(f"{k} drivers were passed; the exact LMG decomposition runs over all "
                         f"2^k subsets and is limited to {MAX_DRIVERS} drivers. Pass the "
                         f"{MAX_DRIVERS} or fewer that matter to the question (or average "
                         "related ratings into one), and keep the others as controls=")
    if k == 0:
        raise ValueError("no drivers: pass drivers=[...] with at least one column")


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
        return column_label(column, locale or self.locale or "en_US")

    def summary(self) -> str:
        """A few sentences a manager can read."""
        t = self.driver_table
        top = t.iloc[0]
        level = f"{self.confidence:.0%}"
        ci = (f", {level} CI {top['lmg_share_ci_lower']:.0%} to "
              f"{top['lmg_share_ci_upper']:.0%}"
              if np.isfinite(top["lmg_share_ci_lower"]) and len(t) > 1 else "")
        others = ", ".join(f"{self._label(d)} ({s:.0%})"
                           for d, s in zip(t["driver"].iloc[1:4], t["lmg_share"].iloc[1:4],
                                           strict=True))
        what = self._label(self.outcome)
        text = (f"{self._label(top['driver'])} matters most for {what} "
                f"({top['lmg_share']:.0%} of the variance the {len(t)} drivers explain{ci})"
                + (f", then {others}" if others else "") + ". ")
        if self.controls:
            ctrl = ", ".join(self._label(c) for c in self.controls)
            text += (f"The model explains R² = {self.r2:.2f} of {what}: {self.r2_controls:.2f} "
                     f"from the controls ({ctrl}) and {self.r2_drivers:.2f} more from the "
                     "drivers. ")
        else:
            text += f"The drivers explain R² = {self.r2:.2f} of {what}. "
        focus = t.loc[t["quadrant"] == "concentrate here", "driver"]
        if len(focus):
            text += ("Concentrate here (important, rated below average): "
                     + ", ".join(self._label(d) for d in focus) + ". ")
        text += f"Fitted on {self.n_used:,} of {self.n_rows:,} rows"
        if self.n_no_outcome:
            text += (f"; {self.n_no_outcome:,} without an answer were left out "
                     "(non-response is not random)")
        return text + "."

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
            Locale of the driver labels (the result's locale, else en_US labels).
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
        checks.one_of("kind", kind, PLOT_KINDS)
        locale = checks.locale(locale)
        from ..plotting import fix_fonts, new_axes, plot_context

        own = ax is None
        with plot_context(locale or self.locale):
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
        if len(t) < 2:
            raise ValueError(MESSAGES["ipa_plot"].format(n=len(t)))
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
            txt = ax.text(cx, cy, name.capitalize(), transform=ax.transAxes, ha=ha, va=va,
                          fontsize=9, color=colors[name], fontstyle="italic")
            txt.set_gid("quadrant")
        ax.set_xlabel(f"performance: mean rating ({self.scale[0]:g}-{self.scale[1]:g})")
        ax.set_ylabel("importance: share of the drivers' R² (LMG, %)")
        ax.set_title(title or f"Importance-performance map: {self._label(self.outcome, locale)}")
        return fig, ax, ()

    def _plot_importance(self, ax, new_axes, locale, title, _):
        t = self.driver_table.iloc[::-1]  # largest on top
        fig, ax = new_axes(ax, figsize=(7.5, 0.45 * len(t) + 2))
        pos = np.arange(len(t))
        est = t["lmg"].to_numpy(dtype=float)
        lo = np.nan_to_num(est - t["lmg_ci_lower"].to_numpy(dtype=float))
        hi = np.nan_to_num(t["lmg_ci_upper"].to_numpy(dtype=float) - est)
        ax.barh(pos, est, color="#2c7fb8", xerr=[lo, hi], capsize=3,
                error_kw={"ecolor": "#333333", "linewidth": 1},
                label=f"LMG with {self.confidence:.0%} bootstrap CI")
        ax.plot(t["relative_weight"].to_numpy(dtype=float), pos, "D", color="#e67e22",
                markersize=5, label="Johnson's relative weight (check)")
        for p, e, s in zip(pos, est, t["lmg_share"], strict=True):
            ax.annotate(f"{s:.0%}", (e, p), xytext=(4, -10), textcoords="offset points",
                        fontsize=8, color="#333333")
        ax.set_yticks(pos, [self._label(d, locale) for d in t["driver"]])
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.set_xlabel(f"R² attributed (drivers' total {self.r2_drivers:.3f}; % = share)")
        ax.set_title(title or f"What drives {self._label(self.outcome, locale)}: "
                     "relative importance")
        ax.legend(loc="lower right", fontsize=8)
        return fig, ax, ()

    def _plot_coefficients(self, ax, new_axes, locale, title, show_controls):
        from mpl_toolkits.axes_grid1 import make_axes_locatable

        t = self.table if show_controls else self.driver_table
        t = t.iloc[::-1]
        fig, ax = new_axes(ax, figsize=(10, 0.45 * len(t) + 2.2))
        right = make_axes_locatable(ax).append_axes("right", size="100%", pad=0.25, sharey=ax)
        pos = np.arange(len(t))
        level = f"{self.confidence:.0%}"
        for a, prefix, color, xlabel in (
                (ax, "ols", "#2c3e50", f"OLS: {self._label(self.outcome, locale)} points per "
                                       "unit (HC3)"),
                (right, "ologit", "#8e44ad", "ordered logit: log-odds per unit")):
            est = t[f"{prefix}_coef"].to_numpy(dtype=float)
            lo = np.nan_to_num(est - t[f"{prefix}_ci_lower"].to_numpy(dtype=float))
            hi = np.nan_to_num(t[f"{prefix}_ci_upper"].to_numpy(dtype=float) - est)
            a.errorbar(est, pos, xerr=[lo, hi], fmt="o", color=color, capsize=3)
            a.axvline(0, color="#555555", linewidth=0.8)
            a.grid(axis="y", visible=False)
            a.grid(axis="x", visible=True)
            a.set_xlabel(xlabel)
        ax.set_yticks(pos, [self._label(d, locale) for d in t["driver"]])
        right.tick_params(labelleft=False)
        ax.set_title(f"OLS ({level} CI)", fontsize="medium")
        right.set_title(f"Ordered logit ({level} CI)", fontsize="medium")
        fig.suptitle(title or f"Drivers of {self._label(self.outcome, locale)}: coefficients",
                     fontweight="bold")
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
        Locale of the driver labels in ``.summary()`` and ``.plot()`` (en_US labels if None).

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
    confidence = checks.confidence(confidence)
    n_boot, seed = checks.n_boot(n_boot), checks.seed(seed)
    locale = checks.locale(locale)
    data = checks.check_frame(data)
    spec = _spec(data, outcome, drivers, controls, scale)
    num = _numeric(data, spec)
    ledger = RowLedger(data, unit="complaints")
    d = ledger.drop(num[spec.outcome].isna().to_numpy(), _no_outcome_reason(spec.outcome),
                    data=num)
    _check_rows(d, spec)
    notes = [_non_response_note(ledger, spec.outcome)] if ledger.dropped else []
    notes += _controls_note(spec) + _rating_note(d, spec)

    ols = _fit_ols(d, spec.outcome, spec.drivers, spec.controls)
    ologit, ologit_note = _fit_ologit(d, spec.outcome, spec.drivers, spec.controls)
    notes += [ologit_note] if ologit_note else []
    imp = _importance(d, spec)
    boot, ci, failed = _bootstrap(imp, n_boot, seed, confidence, progress)
    notes += [_bootstrap_note(failed, n_boot)] if failed else []

    table = _table(spec, d, imp, ci, ols, ologit, confidence, boot)
    notes.append(_fit_note(len(d), imp, n_boot, seed))
    return DriversResult(
        table=table, model={"ols": ols, "ologit": ologit}, assumptions=list(ASSUMPTIONS),
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

    @property
    def names(self) -> list[str]:
        return [self.outcome, *self.drivers, *self.controls]

    @property
    def predictors(self) -> list[str]:
        return [*self.drivers, *self.controls]

    def role(self, column: str) -> str:
        if column == self.outcome:
            return "outcome"
        return "control" if column in self.controls else "driver"


def _spec(data, outcome, drivers, controls, scale) -> _Spec:
    """Outcome, drivers (default: the rating_* columns), controls and scale, checked."""
    if not isinstance(outcome, str):
        raise TypeError(f"outcome must be a column name, not {outcome!r}")
    drivers = _driver_list(data, outcome, drivers)
    auto = isinstance(controls, str) and controls == "auto"
    absent: tuple[str, ...] = ()
    if auto:
        taken = {outcome, *drivers}
        controls = [c for c in DEFAULT_CONTROLS if c in data.columns and c not in taken]
        absent = tuple(c for c in DEFAULT_CONTROLS if c not in data.columns)
    else:
        controls = [] if controls is None else ([controls] if isinstance(controls, str)
                                                else list(controls))
    _check_names(data, outcome, drivers, controls)
    _check_k(len(drivers))
    return _Spec(outcome, drivers, controls, _scale(scale), auto, absent)


def _controls_note(spec: _Spec) -> list[str]:
    """What controls="auto" used, and which default controls data lacks."""
    if not spec.auto:
        return []
    if not spec.controls:
        return [MESSAGES["controls_none"].format(defaults=", ".join(DEFAULT_CONTROLS))]
    note = MESSAGES["controls_auto"].format(used=", ".join(spec.controls))
    if spec.absent:
        note += MESSAGES["controls_auto_missing"].format(missing=", ".join(spec.absent))
    return [note]


def _rated(values: pd.Series, scale: tuple[float, float]) -> str:
    """Why ``values`` are not a rating on ``scale`` ("" when they are one)."""
    v = values.to_numpy(dtype=float)
    lo, hi = scale
    levels = np.unique(v)
    if len(levels) < 3:
        return f"{len(levels)} values ({', '.join(f'{x:g}' for x in levels)})"
    if not np.allclose(v, np.round(v)):
        return "not whole numbers"
    if v.min() < lo or v.max() > hi:
        return f"values {v.min():g} to {v.max():g}"
    return ""


def _ratings(d: pd.DataFrame, spec: _Spec) -> dict[str, str]:
    """Driver -> why it is not a rating on the outcome's scale, for those that are not."""
    return {c: why for c in spec.drivers if (why := _rated(d[c], spec.scale))}


def _rating_note(d: pd.DataFrame, spec: _Spec) -> list[str]:
    """Which drivers the importance-performance map leaves out, and why."""
    lo, hi = spec.scale
    out = _ratings(d, spec)
    notes = []
    if out:
        many = len(out) > 1
        notes.append(MESSAGES["not_rating"].format(
            names=", ".join(repr(c) for c in out), verb="are" if many else "is", lo=lo, hi=hi,
            why="; ".join(f"{c!r} has {w}" for c, w in out.items()),
            pronoun="they are" if many else "it is", pronoun2="their" if many else "its"))
    rated = len(spec.drivers) - len(out)
    if rated < 2:
        have = "none is" if rated == 0 else "only one is"
        notes.append(MESSAGES["ipa_too_few"].format(lo=lo, hi=hi, have=have))
    return notes


def _driver_list(data: pd.DataFrame, outcome: str, drivers) -> list[str]:
    if drivers is None:
        drivers = [c for c in data.columns if isinstance(c, str) and c.startswith("rating_")
                   and c != outcome]
        if not drivers:
            raise ValueError(f"data has no rating_* columns to use as drivers: pass "
                             f"drivers=[...], or {FRAME_HINT}")
    return [drivers] if isinstance(drivers, str) else list(drivers)


def _check_names(data: pd.DataFrame, outcome: str, drivers: list[str],
                 controls: list[str]) -> None:
    """Every column is in the data (with a hint how to get it), and no column twice."""
    try:
        checks.check_columns(data, [outcome, *drivers])
    except KeyError as e:
        raise KeyError(f"{e.args[0]}. For CSAT drivers, {FRAME_HINT}") from None
    try:
        checks.check_columns(data, controls)
    except KeyError as e:
        raise KeyError(f"{e.args[0]}. The controls are {controls}: pass controls=[...] with "
                       f"columns of data, or controls=None for none; for CSAT, "
                       f"{FRAME_HINT}") from None
    names = [outcome, *drivers, *controls]
    if len(set(names)) != len(names):
        dup = sorted({c for c in names if names.count(c) > 1})
        raise ValueError(f"outcome, drivers and controls must be different columns, but "
                         f"{', '.join(map(repr, dup))} appears more than once")


def _scale(scale) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise ValueError(f"scale must be (lowest, highest), e.g. (1, 5), not {scale!r}") from None
    if not lo < hi:
        raise ValueError(f"scale must be (lowest, highest) with lowest < highest, not {scale!r}")
    return lo, hi


def _numeric(data: pd.DataFrame, spec: _Spec) -> pd.DataFrame:
    """The model's columns as floats (True/False as 0/1), the outcome on its scale."""
    for col in spec.names:
        s = data[col]
        if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)):
            raise TypeError(f"{spec.role(col)} {col!r} must be numeric or True/False, not "
                            f"{s.dtype}; code a category as 0/1 columns first")
    num = pd.DataFrame({c: data[c].astype("Float64").astype(float) for c in spec.names},
                       index=data.index)
    y = num[spec.outcome]
    (lo, hi), outcome = spec.scale, spec.outcome
    bad = y.notna() & ((y < lo) | (y > hi))
    if bad.any():
        vals = ", ".join(f"{v:g}" for v in sorted(y[bad].unique())[:5])
        rows = ", ".join(map(str, y.index[bad][:5])) + (" …" if bad.sum() > 5 else "")
        raise ValueError(f"outcome {outcome!r} must lie on the scale {lo:g} to {hi:g}, but has "
                         f"{vals} in {int(bad.sum())} rows ({rows}); fix or drop those rows, "
                         "or pass the right scale=(lowest, highest)")
    return num


def _answered(outcome: str) -> bool:
    return outcome in ("csat_score", "nps")


def _no_outcome_reason(outcome: str) -> str:
    """The ledger's reason for a row without the outcome."""
    return "without a survey answer" if _answered(outcome) else f"without {outcome}"


def _non_response_note(ledger: RowLedger, outcome: str) -> str:
    answered = "answered" if _answered(outcome) else f"have {outcome}"
    return (f"{ledger.used:,} of {ledger.total:,} complaints {answered}; {ledger.dropped:,} "
            f"without an answer were left out — non-response is not random; see the survey "
            f"response rate (the model is unbiased only if answering depends on the drivers, "
            f"not on satisfaction beyond them).")


def _check_rows(d: pd.DataFrame, spec: _Spec) -> None:
    """The rows with an outcome can fit the model: complete, enough, varying, not collinear."""
    outcome = spec.outcome
    for col in spec.predictors:
        miss = int(d[col].isna().sum())
        if miss:
            raise ValueError(f"{spec.role(col)} {col!r} is missing in {miss:,} of the "
                             f"{len(d):,} rows that have {outcome}{_auto_hint(spec, col)}: "
                             f"drop those rows explicitly (data.dropna(subset=[{col!r}])) or "
                             "impute the values yourself before calling drivers(); they are "
                             "not dropped silently")
    n, p = len(d), len(spec.predictors)
    need = ROWS_PER_TERM * (p + 1)
    if n < need:
        raise ValueError(f"only {n:,} rows have {outcome}; a model with {p} drivers and "
                         f"controls needs at least {need:,} (10 per term, intercept included)"
                         ": use fewer drivers or more data (e.g. a longer period)")
    for col in spec.names:
        if d[col].nunique() < 2:
            what = ("there is nothing to explain" if col == outcome
                    else "it cannot explain differences; drop it")
            where = "every row used" if col == outcome else f"all {n:,} rows used"
            raise ValueError(f"{spec.role(col)} {col!r} is constant ({d[col].iloc[0]:g} in "
                             f"{where}){_auto_hint(spec, col)}: {what}")
    _check_collinear(d[[*spec.controls, *spec.drivers]])


def _auto_hint(spec: _Spec, col: str) -> str:
    return MESSAGES["auto_hint"] if spec.auto and col in spec.controls else ""


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


def _bootstrap(imp: _Importance, n_boot: int, seed, confidence: float, progress: bool):
    """Percentile bootstrap of the LMG values: (draws, CI rows lower/upper, failed draws)."""
    k, n = imp.k, len(imp.m)
    boot = np.full((n_boot, k), np.nan)
    if not n_boot:
        return boot, np.full((2, k), np.nan), 0
    rng = np.random.default_rng(seed)
    draws = range(n_boot)
    if progress:  # imported only when asked for: tqdm.auto warns without ipywidgets
        from tqdm.auto import tqdm

        draws = tqdm(draws, desc="bootstrap LMG")
    for b in draws:
        boot[b] = _boot_lmg(imp.m[rng.integers(0, n, n)], imp.plan, k)
    failed = int(np.isnan(boot[:, 0]).sum())
    if failed == n_boot:
        return boot, np.full((2, k), np.nan), failed
    alpha = 1 - confidence
    return boot, np.nanpercentile(boot, [100 * alpha / 2, 100 * (1 - alpha / 2)], axis=0), failed


def _boot_lmg(mb: np.ndarray, plan, k: int) -> np.ndarray:
    """LMG of one resample; NaN when a column is constant in it or the drivers collinear."""
    with np.errstate(invalid="ignore", divide="ignore"):
        cb = np.corrcoef(mb, rowvar=False)
    if not np.isfinite(cb).all():
        return np.full(k, np.nan)
    try:
        return _shapley(_subset_r2(cb, plan, k), k)
    except np.linalg.LinAlgError:
        return np.full(k, np.nan)


def _bootstrap_note(failed: int, n_boot: int) -> str:
    return (f"{failed} of {n_boot} bootstrap resamples had a constant or collinear column and "
            "were skipped.")


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


def _fit_note(n: int, imp: _Importance, n_boot: int, seed) -> str:
    full, ctrl = imp.r2_full, imp.r2_controls
    return (f"{n:,} rows used; LMG and relative weights split the R² the {imp.k} drivers add "
            f"over the controls ({full:.3f} - {ctrl:.3f} = {full - ctrl:.3f})"
            + (f"; LMG CIs from {n_boot} bootstrap resamples (seed {seed})."
               if n_boot else "; no bootstrap (n_boot=0)."))


# --------------------------------------------------------------------------- plot helpers
# --------------------------------------------------------------------------- helpers
def _check_collinear(x: pd.DataFrame) -> None:
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
    raise ValueError(f"{', '.join(map(repr, involved))} are perfectly collinear (one is an "
                     "exact linear combination of the others), so their separate effects "
                     "cannot be told apart: drop one of them, or combine them into one column")


def _design(d: pd.DataFrame, drivers: list[str], controls: list[str]) -> pd.DataFrame:
    return d[[*drivers, *controls]].astype(float)


def _fit_ols(d, outcome, drivers, controls):
    import statsmodels.api as sm

    x = sm.add_constant(_design(d, drivers, controls), has_constant="add")
    return sm.OLS(d[outcome].astype(float), x).fit(cov_type="HC3")


def _fit_ologit(d, outcome, drivers, controls):
    """The ordered logit, or (None, why) when the outcome is not on a whole-number scale."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    y = d[outcome].to_numpy(dtype=float)
    if not np.allclose(y, np.round(y)):
        return None, (f"{outcome!r} has values that are not whole numbers, so it is not an "
                      "ordered rating: the ordered logit was not fitted (columns ologit_* "
                      "are empty).")
    levels = np.unique(y)
    codes = pd.Series(pd.Categorical(y, categories=levels, ordered=True), index=d.index)
    x = _design(d, drivers, controls)
    with warnings.catch_warnings():
        # OrderedModel warns about harmless internals (e.g. the unused Categorical index);
        # convergence is checked below.
        warnings.simplefilter("ignore")
        fit = OrderedModel(codes, x, distr="logit").fit(method="bfgs", disp=0, maxiter=5000)
    if not fit.mle_retvals.get("converged", True):
        warnings.warn(f"the ordered logit of {outcome!r} did not converge; its coefficients "
                      "may be unreliable (check for an outcome level with very few rows)",
                      RuntimeWarning, stacklevel=3)
    return fit, None

