"""Loyalty after a complaint: does the handling decide whether a customer buys again?

Seed 001: handling satisfaction drives repurchase and loyalty. Three views of the same
question, each from one row per customer (:func:`loyalty_frame`):

* the **repurchase curve**: the probability of buying again within a window, against the hours
  to the first response, as a natural cubic spline (a logistic GLM), with its CI;
* a **Cox model** of the time to the next purchase, censored at the end of the period, with
  hazard ratios for the response time (all complainants) and for CSAT (the survey
  respondents), and Kaplan-Meier curves by response-time band;
* the **service-recovery paradox**: are complainants whose complaint was handled quickly and
  well *more* loyal than customers who never had a problem? The no-problem customers come
  from a weighted sample of untroubled orders, so their shares are weighted.
"""

from __future__ import annotations

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
from .frames import absent_columns, complaint_frame, first_position

__all__ = ["loyalty", "loyalty_frame", "LoyaltyResult"]

MIN_EVENTS = 20  # repurchases (and non-repurchases, for the curve) a model needs at least
FRAME_HINT = N_("build the frame with ck.loyalty_frame(customers, complaints, surveys, "
                "orders), which joins each customer's first complaint and the sample weights")
#: the columns loyalty() needs, and what for (the handling time ``hours=`` is needed too)
NEEDED = {
    "index_event": N_("who complained and who had no problem"),
    "tier": N_("the stratum of every model"),
    "days_to_next_purchase": N_("the repurchase outcome"),
    "repurchased": N_("the repurchase outcome"),
    "days_to_period_end": N_("who can be followed for the window"),
}
#: columns whose outputs are left out, with a note, when the frame lacks them
OPTIONAL = {
    "csat_score": N_("csat_score is not in data: the respondents' Cox model and the "
                     "service-recovery paradox are not reported (pass surveys to "
                     "loyalty_frame)"),
    "weight": N_("weight is not in data: every customer counts once (no-problem customers "
                 "drawn as a weighted sample need their weights: pass orders to loyalty_frame)"),
}
MISSING_COLUMNS = N_("loyalty needs columns that are not in data: {absent}; its columns are: "
                     "{have}. To analyse loyalty, {hint}")
KINDS = ("curve", "survival", "hazard")
PARADOX = "resolved quickly and well vs no problem"
#: the models of the hazard-ratio table as texts and charts name them (the table keeps the
#: English names)
MODEL_NAMES = {"all complainants": N_("all complainants"),
               "respondents with CSAT": N_("respondents with CSAT"),
               PARADOX: N_("resolved quickly and well vs no problem")}

ASSUMPTIONS = [
    N_("Proportional hazards: within a tier, a covariate multiplies the repurchase hazard by "
       "the same factor at every day of follow-up (the Kaplan-Meier curves by band are the "
       "check: they should part steadily, not cross)."),
    N_("Independent censoring: customers who had not bought again by the end of the period "
       "would buy again as soon as comparable customers who did; censoring here comes from the "
       "calendar (the period ends), not from the customer."),
    N_("First complaint per customer: a complainant's clock starts when their first complaint "
       "was closed, and their response time, CSAT and resolution are those of that complaint; "
       "later complaints are not modelled."),
    N_("No-problem customers come from a weighted sample of untroubled orders: each stands for "
       "`weight` customers (the sample weight of their index order). Shares are weighted; the "
       "Cox hazard ratio is not (statsmodels' PHReg takes no weights), which is unbiased when "
       "the weight does not depend on loyalty within a tier, as with a simple random sample."),
    N_("CSAT is observed for survey respondents only; the respondents' model is unbiased if "
       "answering the survey depends on the handling (the satisfaction drivers), not on the "
       "customer's loyalty."),
    N_("Not randomised: response time and satisfaction go with the kind of problem and the "
       "customer; the curve and the hazard ratios describe associations adjusted for tier "
       "only."),
]


def _shown(lang: str | None) -> bool:
    """True when texts show labels rather than names: a non-English locale the kit knows."""
    return not is_english(lang) and lang in LOCALES


def _col(name: str, lang: str | None) -> str:
    """A column as a message names it: its label in a non-English locale (English: the
    column's own name, as the kit always wrote)."""
    return column_label(name, lang) if _shown(lang) else name


def _model_name(model: str, lang: str | None) -> str:
    return tr(MODEL_NAMES[model], lang) if model in MODEL_NAMES else model


# --------------------------------------------------------------------------- the frame
def loyalty_frame(customers: pd.DataFrame, complaints: pd.DataFrame,
                  surveys: pd.DataFrame | None = None, orders: pd.DataFrame | None = None,
                  *, period_end=None) -> pd.DataFrame:
    """One row per customer: the index event, the follow-up and the first complaint's handling.

    Parameters
    ----------
    customers : DataFrame
        The ``customers`` table (``index_event``, ``index_at``, ``days_to_next_purchase``,
        ``repurchased`` ...).
    complaints : DataFrame
        The ``complaints`` table; each complainant's first complaint (by ``received_at``) is
        the one that started their loyalty clock.
    surveys : DataFrame, optional
        The ``surveys`` table, for ``responded`` and ``csat_score``. Without it both are
        missing.
    orders : DataFrame, optional
        The ``orders`` table, for ``weight``: the ``sample_weight`` of each customer's index
        order (a no-problem customer stands for 1/fraction customers). Without it every
        weight is 1.
    period_end : date-like, optional
        End of the observation period. Default: inferred from the censored customers
        (``index_at + days_to_next_purchase`` of those who had not bought again).

    Returns
    -------
    DataFrame
        The customer columns (without ``name``), in the same order and with every customer,
        plus ``days_to_period_end`` (days from ``index_at`` to the end of the period: the
        longest follow-up possible, 0 if the clock starts after it), ``complaint_id``,
        ``hours_to_first_response``, ``hours_to_resolution``, ``resolved``,
        ``first_contact_resolution``, ``responded`` and ``csat_score`` (1-5, respondents
        only) of the first complaint (missing for customers whose index event is not a
        complaint), and ``weight``. A handling column the complaints cannot give (a source
        without ``first_response_at``) is missing throughout, and ``frame.attrs["notes"]``
        names the column it lacks.

    Raises
    ------
    ValueError
        If ``orders`` lacks the index order of some customers.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> lf = ck.loyalty_frame(w.customers, w.complaints, w.surveys, w.orders)
    >>> len(lf) == len(w.customers)
    True
    >>> lf.groupby("index_event", observed=True)["weight"].min().round(1).to_dict()
    {'complaint': 1.0, 'silent_problem': 1.0, 'no_problem': 57.9}
    """
    out = _customer_rows(customers)
    out["days_to_period_end"] = _days_to_period_end(out, period_end)
    out = _join_first_complaint(out, complaints, surveys)
    out["weight"] = 1.0 if orders is None else _index_order_weights(out, orders)
    return out


#: the customer columns loyalty_frame needs, and what for
CUSTOMER_COLUMNS = {
    "customer_id": N_("one row per customer, joined to their complaints"),
    "tier": N_("the stratum of every model"), "index_event": N_("who complained"),
    "index_at": N_("when the loyalty clock starts"),
    "days_to_next_purchase": N_("the repurchase outcome"),
    "repurchased": N_("the repurchase outcome"),
}


def _customer_rows(customers: pd.DataFrame) -> pd.DataFrame:
    """The customers table, one row per customer, without ``name``."""
    cu = checks.check_frame(customers, "customers")
    lang = locale_of(cu)
    absent = absent_columns(cu, CUSTOMER_COLUMNS, locale=lang)
    if absent:
        raise KeyError(tr("customers lack columns loyalty_frame needs: {absent}; its columns "
                          "are: {have}", lang, absent=", ".join(absent),
                          have=", ".join(map(str, cu.columns))))
    if cu["customer_id"].duplicated().any():
        dup = cu.loc[cu["customer_id"].duplicated(), "customer_id"].iloc[0]
        raise ValueError(tr("customers has more than one row for customer {id!r}; pass the "
                            "customers table (one row per customer)", lang, id=dup))
    return cu.drop(columns=["name"], errors="ignore").reset_index(drop=True).copy()


def _days_to_period_end(out: pd.DataFrame, period_end) -> pd.Series:
    """The longest follow-up each customer could have had (0 if the clock starts after the
    end); the end is inferred from the censored customers unless given."""
    days = out["days_to_next_purchase"].astype(float)
    if period_end is None:
        stop = out["index_at"] + pd.to_timedelta(days, unit="D")
        censored = ~out["repurchased"].astype(bool) & (days > 0)
        period_end = stop[censored].max() if censored.any() else stop.max()
    else:
        period_end = checks.timestamp("period_end", period_end, locale=locale_of(out))
    return ((period_end - out["index_at"]).dt.total_seconds() / 86400).clip(lower=0.0)


def _join_first_complaint(out: pd.DataFrame, complaints: pd.DataFrame,
                          surveys: pd.DataFrame | None) -> pd.DataFrame:
    """The handling of each complainant's first complaint (missing for other customers)."""
    _complaint_columns(complaints)
    f = complaint_frame(complaints, surveys)
    first = f.sort_values("received_at", kind="stable").drop_duplicates("customer_id")
    cols = ["complaint_id", "hours_to_first_response", "hours_to_resolution", "resolved",
            "first_contact_resolution"]
    cols += ["responded", "csat_score"] if surveys is not None else []
    first = first.set_index("customer_id")[[c for c in cols if c in first.columns]]
    is_c = (out["index_event"].astype(str) == "complaint").to_numpy()
    # only a complaint index event has a complaint to describe
    got = first.reindex(out["customer_id"].where(is_c)).set_axis(out.index)
    out["complaint_id"] = got["complaint_id"].astype(object).where(is_c, None)
    for col in ("hours_to_first_response", "hours_to_resolution"):  # missing if not derived
        out[col] = got[col].astype(float) if col in got else np.nan
    for col in ("resolved", "first_contact_resolution", "responded"):
        vals = got[col] if col in got else pd.Series(pd.NA, index=out.index, dtype=object)
        out[col] = _as_boolean(vals)
    out["csat_score"] = (got["csat_score"].astype(float) if "csat_score" in got
                         else np.full(len(out), np.nan))
    out.attrs["notes"] = list(f.attrs.get("notes", []))
    return out


def _as_boolean(vals: pd.Series) -> pd.arrays.BooleanArray:
    """``bool(v)`` of each value, missing values kept missing (a nullable boolean array);
    vectorised for booleans and numbers, value by value for anything else."""
    missing = vals.isna().to_numpy()
    if pd.api.types.is_bool_dtype(vals) or pd.api.types.is_numeric_dtype(vals) \
            or pd.api.types.infer_dtype(vals, skipna=True) in ("boolean", "empty"):
        truth = np.zeros(len(vals), dtype=bool)
        truth[~missing] = vals[~missing].to_numpy(dtype=float) != 0
        return pd.arrays.BooleanArray(truth, missing)
    return pd.array([pd.NA if pd.isna(v) else bool(v) for v in vals], dtype="boolean")


def _complaint_columns(complaints: pd.DataFrame) -> None:
    """The complaint columns loyalty_frame needs, all named at once with what needs them."""
    c = checks.check_frame(complaints, "complaints")
    lang = locale_of(c)
    absent = absent_columns(c, {"complaint_id": N_("each complaint once"),
                                "customer_id": N_("whose complaint it is"),
                                "received_at": N_("which complaint came first")}, locale=lang)
    if absent:
        raise KeyError(tr("complaints lack columns loyalty_frame needs: {absent}; its columns "
                          "are: {have}", lang, absent=", ".join(absent),
                          have=", ".join(map(str, c.columns))))


def _index_order_weights(out: pd.DataFrame, orders: pd.DataFrame) -> pd.Series:
    """The sample weight of each customer's index order."""
    o = checks.check_frame(orders, "orders")
    checks.check_columns(o, ["order_id", "sample_weight"], "orders")
    checks.check_columns(out, ["index_order_id"], "customers")
    pos = first_position(out["index_order_id"], o["order_id"])  # the first row of each id
    w = pd.Series(np.where(pos >= 0, o["sample_weight"].to_numpy(dtype=float, na_value=np.nan)
                           [np.maximum(pos, 0)] if len(o) else np.nan, np.nan),
                  index=out.index)
    if w.isna().any():
        lang = locale_of(out, o)
        raise ValueError(tr("{n} customers' index orders are not in orders (e.g. {id!r}); pass "
                            "the whole orders table", lang, n=fmt_int(int(w.isna().sum()), lang),
                            id=out.loc[w.isna(), "index_order_id"].iloc[0]))
    return w.astype(float)


# --------------------------------------------------------------------------- the result
@dataclass(repr=False)
class LoyaltyResult(Result):
    """Repurchase after a complaint against the handling it got.

    Attributes
    ----------
    table, hazard_ratios : DataFrame
        The Cox models' hazard ratios (the same table): ``model`` (``"all complainants"``,
        ``"respondents with CSAT"``), ``term``, ``log_hr``, ``hazard_ratio``, ``ci_lower``,
        ``ci_upper`` (of the hazard ratio), ``p_value``, ``n``, ``events``.
    curve : DataFrame
        Predicted probability of buying again within ``window`` days over a grid of hours:
        ``hours``, ``probability``, ``ci_lower``, ``ci_upper``.
    survival : DataFrame
        Kaplan-Meier curves by response-time band, day by day: ``band`` (ordered), ``day``,
        ``survival`` (share who have not bought again yet), ``ci_lower``, ``ci_upper``,
        ``n`` (complainants in the band).
    paradox : DataFrame
        ``comparison``, ``measure`` (``"hazard_ratio"``, ``"repurchase_difference"``),
        ``estimate``, ``ci_lower``, ``ci_upper``, ``n_recovered``, ``n_no_problem``; empty
        when there is nothing to compare (see ``notes``).
    model : dict
        The fits: ``"curve"`` (statsmodels GLM), ``"cox_all"``, ``"cox_respondents"``,
        ``"paradox"`` (:class:`CoxFit`: statsmodels PHReg's estimates and standard errors,
        fitted in numpy; ``.to_statsmodels()`` gives the PHReg results) and ``"survival"``
        (band -> SurvfuncRight); absent keys were not fitted.
    window, hours, confidence, paradox_csat, paradox_hours
        The arguments it was computed with.
    n_curve : int
        Complainants in the repurchase curve (those whose ``window``-day outcome is known).
    ledger : RowLedger
        Customers passed and used in any part, with a reason for each one left out (no
        tier, a silent problem, no handling time, zero follow-up, a no-problem customer the
        paradox did not compare); its line is the first of ``notes``.
    """

    hazard_ratios: pd.DataFrame = field(default_factory=pd.DataFrame)
    curve: pd.DataFrame = field(default_factory=pd.DataFrame)
    survival: pd.DataFrame = field(default_factory=pd.DataFrame)
    paradox: pd.DataFrame = field(default_factory=pd.DataFrame)
    window: float = 90
    hours: str = "hours_to_first_response"
    confidence: float = 0.95
    paradox_csat: float = 5
    paradox_hours: float = 1
    n_curve: int = 0

    @property
    def paradox_verdict(self) -> str:
        """``"paradox"`` (HR CI above 1), ``"opposite"`` (below 1) or ``"cannot tell"``."""
        p = self.paradox
        row = p[p["measure"] == "hazard_ratio"] if len(p) else p
        if row.empty:
            return "cannot tell"
        lo, hi = float(row["ci_lower"].iloc[0]), float(row["ci_upper"].iloc[0])
        return "paradox" if lo > 1 else "opposite" if hi < 1 else "cannot tell"

    def summary(self) -> str:
        """A few sentences a manager can read."""
        lang = self.text_locale
        level = fmt_pct(self.confidence, lang)
        what = _hours_words(self.hours, lang)
        parts = []
        c = self.curve
        if len(c):
            fast, slow = _at(c, 1.0), _at(c, 48.0)
            parts.append(tr(
                "Among {n} complainants whose {window:g}-day outcome is known, {p_fast} are "
                "predicted to buy again within {window:g} days after a {what} of {h_fast:.3g} h, "
                "against {p_slow} after {h_slow:.3g} h.", lang, n=fmt_int(self.n_curve, lang),
                window=self.window, p_fast=fmt_pct(fast["probability"], lang), what=what,
                h_fast=fast["hours"], p_slow=fmt_pct(slow["probability"], lang),
                h_slow=slow["hours"]))
        hr = self.hazard_ratios
        for model in hr["model"].unique() if len(hr) else []:
            rows = hr[hr["model"] == model].set_index("term")
            texts = []
            for term, r in rows.iterrows():
                texts.append(tr("{term}: hazard ratio {hr:.2f} ({level} CI {lo:.2f} to "
                                "{hi:.2f})", lang, term=_term_words(term, lang),
                                hr=r["hazard_ratio"], level=level, lo=r["ci_lower"],
                                hi=r["ci_upper"]))
            first = rows.iloc[0]
            parts.append(tr("Cox model of the time to the next purchase ({model}, {n} "
                            "customers, {events} repurchases, by tier): {terms}.", lang,
                            model=_model_name(model, lang), n=fmt_int(int(first["n"]), lang),
                            events=fmt_int(int(first["events"]), lang),
                            terms=tr("; ", lang).join(texts)))
        parts.append(self._paradox_sentence())
        return ("" if _shown(lang) else " ").join(parts)

    def _paradox_sentence(self) -> str:
        p, lang = self.paradox, self.text_locale
        group = tr("complainants with CSAT {csat:g} and a {what} within {hours:g} h", lang,
                   csat=self.paradox_csat, what=_hours_words(self.hours, lang),
                   hours=self.paradox_hours)
        row = p[p["measure"] == "hazard_ratio"] if len(p) else p
        if row.empty:
            return tr("The service-recovery paradox could not be tested ({group} against "
                      "customers with no problem): see the notes.", lang, group=group)
        r = row.iloc[0]
        ci = tr("hazard ratio {hr:.2f}, {level} CI {lo:.2f} to {hi:.2f}", lang,
                hr=r["estimate"], level=fmt_pct(self.confidence, lang), lo=r["ci_lower"],
                hi=r["ci_upper"])
        verdict = self.paradox_verdict
        if verdict == "paradox":
            text = tr("The data show the service-recovery paradox: {group} buy again sooner "
                      "than customers who had no problem ({ci}).", lang, group=group, ci=ci)
        elif verdict == "opposite":
            text = tr("No service-recovery paradox here, rather its opposite: {group} buy again "
                      "later than customers who had no problem ({ci}).", lang, group=group,
                      ci=ci)
        else:
            text = tr("The data cannot tell whether {group} buy again sooner or later than "
                      "customers who had no problem ({ci}, which includes 1).", lang,
                      group=group, ci=ci)
        diff = p[p["measure"] == "repurchase_difference"]
        if len(diff):
            d = diff.iloc[0]
            text += tr(" Within {window:g} days, their repurchase share differs by {d:+.1f} "
                       "points ({level} CI {lo:+.1f} to {hi:+.1f}; within tier, no-problem "
                       "customers weighted).", lang, window=self.window, d=100 * d["estimate"],
                       level=fmt_pct(self.confidence, lang), lo=100 * d["ci_lower"],
                       hi=100 * d["ci_upper"])
        return text

    def plot(self, ax=None, *, kind: str = "curve", title: str | None = None):
        """Draw the repurchase curve, the survival curves or the hazard ratios.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Axes to draw into (a new figure otherwise).
        kind : {"curve", "survival", "hazard"}
            ``"curve"``: predicted probability of buying again within the window against
            hours (log axis) with its CI band; ``"survival"``: Kaplan-Meier curves by
            response-time band (one line per band, CI shaded); ``"hazard"``: forest plot of
            the hazard ratios (log axis, line at 1).
        title : str, optional
            Replaces the default title.

        Returns
        -------
        matplotlib.axes.Axes
        """
        ax, kind = option_passed_as_ax(ax, kind, name="kind", default="curve")
        lang = self.text_locale
        if kind not in KINDS:
            raise ValueError(tr("kind must be one of {allowed}, but {value!r} was passed",
                                lang, allowed=", ".join(map(repr, KINDS)), value=kind))
        from ..plotting import fix_fonts, new_axes, plot_context

        own = ax is None
        with plot_context(lang if _shown(lang) else None):
            fig, ax = new_axes(ax)
            getattr(self, f"_plot_{kind}")(ax, title)
            fix_fonts(ax)
            if own:
                fig.tight_layout()
        return ax

    def _plot_curve(self, ax, title):
        c, lang = self.curve, self.text_locale
        if c.empty:
            raise ValueError(tr("no repurchase curve was fitted: see the notes", lang))
        level = fmt_pct(self.confidence, lang)
        what = _hours_words(self.hours, lang)
        ax.fill_between(c["hours"], c["ci_lower"], c["ci_upper"], color="#2c7fb8", alpha=0.2,
                        linewidth=0, label=tr("{level} CI", lang, level=level))
        ax.plot(c["hours"], c["probability"], color="#2c7fb8", linewidth=2,
                label=tr("predicted (natural cubic spline)", lang))
        ax.set_xscale("log")
        _plain_log_ticks(ax)
        ax.set_xlabel(tr("{what} (hours, log scale)", lang, what=what))
        ax.set_ylabel(tr("probability of buying again within {window:g} days", lang,
                         window=self.window))
        ax.set_title(title or tr("Repurchase within {window:g} days by {what}", lang,
                                 window=self.window, what=what))
        ax.legend(loc="best", fontsize=8)

    def _plot_survival(self, ax, title):
        s, lang = self.survival, self.text_locale
        if s.empty:
            raise ValueError(tr("no survival curves were estimated: see the notes", lang))
        colors = ["#1a9850", "#91cf60", "#fdae61", "#f46d43", "#a50026", "#542788"]
        for i, (band, g) in enumerate(s.groupby("band", observed=True, sort=True)):
            col = colors[i % len(colors)]
            ax.fill_between(g["day"], g["ci_lower"], g["ci_upper"], step="post", color=col,
                            alpha=0.15, linewidth=0)
            ax.step(g["day"], g["survival"], where="post", color=col, linewidth=1.6,
                    label=tr("{band} (n={n})", lang, band=_band_shown(str(band), lang),
                             n=fmt_int(int(g["n"].iloc[0]), lang)))
        what = _hours_words(self.hours, lang)
        ax.set_ylim(0, 1.02)
        ax.set_xlabel(tr("days since the complaint was closed", lang))
        ax.set_ylabel(tr("share not yet bought again", lang))
        ax.set_title(title or tr("Time to the next purchase by {what} (Kaplan-Meier)", lang,
                                 what=what))
        ax.legend(loc="best", fontsize=8, title=what, title_fontsize=8)

    def _plot_hazard(self, ax, title):
        import matplotlib.ticker
        hr, lang = self.hazard_ratios, self.text_locale
        if hr.empty:
            raise ValueError(tr("no Cox model was fitted: see the notes", lang))
        y = np.arange(len(hr))[::-1]
        ax.axvline(1, color="#555555", linewidth=0.8, linestyle="--")
        ax.hlines(y, hr["ci_lower"], hr["ci_upper"], color="#2c3e50", linewidth=1.5)
        ax.plot(hr["hazard_ratio"], y, "o", color="#2c3e50",
                label=tr("hazard ratio and {level} CI", lang,
                         level=fmt_pct(self.confidence, lang)))
        ax.set_xscale("log")
        lo, hi = min(hr["ci_lower"].min(), 1), max(hr["ci_upper"].max(), 1)
        _plain_log_ticks(ax)
        if hi / lo < 4:  # a narrow range: round ticks, not only the powers of ten
            ticks = [t for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.5,
                                 1.75, 2, 2.5, 3) if lo / 1.05 <= t <= hi * 1.05]
            ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
            ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        ax.set_ylim(-0.6, len(hr) - 0.4)
        ax.set_yticks(y, [tr("{term}\n({model})", lang, term=_term_words(t, lang),
                             model=_model_name(m, lang))
                          for m, t in zip(hr["model"], hr["term"], strict=True)], fontsize=8)
        ax.grid(True, axis="x")
        ax.set_xlabel(tr("hazard ratio of buying again (log scale; > 1 = sooner)", lang))
        ax.set_ylabel(tr("term (model)", lang))
        ax.set_title(title or tr("Time to the next purchase: hazard ratios", lang))
        ax.legend(loc="best", fontsize=8)

    def _repr_html_(self) -> str:
        import html

        lang = self.text_locale
        extra = ""
        if len(self.paradox):
            heading = html.escape(tr("Service-recovery paradox", lang))
            extra = (f"<p><b>{heading}</b></p>"
                     + self.paradox.to_html(index=False, float_format=lambda x: f"{x:.4g}"))
        base = super()._repr_html_()
        notes = "<p><b>" + tr("Notes", lang)
        cut = base.find(notes) if notes in base else base.find("<details>")
        return base + extra if cut < 0 else base[:cut] + extra + base[cut:]


def _plain_log_ticks(ax) -> None:
    """Label a log x axis with plain numbers (0.1, 1, 10)."""
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))


#: the handling times as texts name them
HOURS_WORDS = {"hours_to_first_response": N_("first response"),
               "hours_to_resolution": N_("resolution")}


def _hours_words(hours: str, lang: str | None = None) -> str:
    if hours in HOURS_WORDS:
        return tr(HOURS_WORDS[hours], lang)
    return column_label(hours, lang) if _shown(lang) else hours.replace("_", " ")


def _term_words(term: str, lang: str | None = None) -> str:
    if term.startswith("log1p_"):
        what = (column_label(term[6:], lang) if _shown(lang)
                else term[6:].replace("_", " "))
        return tr("log(1 + {what})", lang, what=what)
    if term == "csat_score":
        return tr("CSAT (per point)", lang)
    return column_label(term, lang) if _shown(lang) else term.replace("_", " ")


def _band_shown(band: str, lang: str | None) -> str:
    """A response-time band as a chart shows it: ``≤1 h`` (the hour unit in ``lang``)."""
    return band if not _shown(lang) else band[:-2] + tr("h", lang)


def _at(curve: pd.DataFrame, hours: float) -> pd.Series:
    """The curve's row nearest ``hours`` (on the log scale)."""
    i = np.abs(np.log(curve["hours"].to_numpy()) - np.log(hours)).argmin()
    return curve.iloc[i]


# --------------------------------------------------------------------------- helpers
def _band_labels(bands: Sequence[float]) -> list[str]:
    edges = [f"{b:g}" for b in bands]
    return ([f"≤{edges[0]} h"] + [f"{a}-{b} h" for a, b in zip(edges[:-1], edges[1:],
                                                               strict=True)]
            + [f">{edges[-1]} h"])


def _check_number(value, name: str, *, low: float = 0.0, low_open: bool = True,
                  lang: str | None = None) -> float:
    ok = (isinstance(value, (int, float, np.integer, np.floating))
          and not isinstance(value, bool) and np.isfinite(value)
          and (value > low if low_open else value >= low))
    if not ok:
        rng = f"{'>' if low_open else '>='} {low:g}"
        raise ValueError(tr("{name} must be a number {range}, not {value!r}", lang, name=name,
                            range=rng, value=value))
    return float(value)


#: How the Cox models are fitted: ``"numpy"`` (:func:`_breslow_fit`, below) or ``"phreg"``
#: (statsmodels' PHReg, the former fit, kept as the reference the tests compare with: the
#: same estimates and standard errors, but its loops over event times take minutes past
#: 100,000 customers, whose repurchase times in fractional days are almost all distinct).
COX_METHOD = "numpy"


@dataclass(repr=False)
class CoxFit:
    """A stratified Cox model by Breslow's partial likelihood (ties: Breslow), fitted by
    :func:`_breslow_fit`: the estimates statsmodels' ``PHReg(...).fit()`` gives, and its
    model-based (inverse-Hessian) standard errors.

    Attributes: ``params``, ``bse``, ``tvalues``, ``pvalues`` (Series by term), ``llf`` (log
    partial likelihood), ``nobs``, ``events``, ``n_iter``; ``cov_params()``,
    ``conf_int(alpha)``; ``to_statsmodels()`` builds the statsmodels ``PHRegResults`` with
    the same numbers (its ``summary()``, baseline hazards ...; slow on large data).
    """

    params: pd.Series
    cov: np.ndarray
    llf: float
    nobs: int
    events: int
    n_iter: int
    data: tuple = ()  # (time, status, exog, strata), for to_statsmodels()

    @property
    def bse(self) -> pd.Series:
        return pd.Series(np.sqrt(np.diag(self.cov)), index=self.params.index)

    @property
    def tvalues(self) -> pd.Series:
        return self.params / self.bse

    @property
    def pvalues(self) -> pd.Series:
        from scipy import stats  # imported here: scipy.stats is slow to import
        return 2 * stats.norm.sf(np.abs(self.tvalues))

    def cov_params(self) -> pd.DataFrame:
        return pd.DataFrame(self.cov, index=self.params.index, columns=self.params.index)

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        from scipy import stats  # imported here: scipy.stats is slow to import
        z = stats.norm.ppf(1 - alpha / 2)
        return pd.DataFrame({0: self.params - z * self.bse, 1: self.params + z * self.bse})

    def to_statsmodels(self):
        """statsmodels' PHRegResults for these estimates (no refit)."""
        from statsmodels.duration.hazard_regression import PHReg, PHRegResults

        time, status, exog, strata = self.data
        model = PHReg(time, exog, status=status, strata=strata)
        return PHRegResults(model, self.params.to_numpy(), cov_params=self.cov)

    def __repr__(self) -> str:
        return (f"CoxFit(n={self.nobs}, events={self.events}, "
                f"params={dict(self.params.round(6))})")


def _breslow_fit(time: np.ndarray, status: np.ndarray, x: np.ndarray,
                 strata: np.ndarray, *, tol: float = 1e-10, max_iter: int = 100):
    """Newton's method on the stratified Breslow log partial likelihood, vectorised:
    ``(params, covariance, log-likelihood, iterations)``.

    Within each stratum the rows are sorted by time, latest first, so every risk set (those
    still at risk at an event time, ties included) is a cumulative sum up to the last row
    tied with the event: a fit costs a sort and a few cumulative sums per iteration instead
    of statsmodels' loop over the distinct event times. The estimates and the covariance
    (the inverse of minus the Hessian) are those of statsmodels' PHReg (Breslow ties), to
    ~1e-8 on the kit's worlds (see tests/test_loyalty.py), since PHReg takes no weights, no
    aggregation of tied rows would keep them with a continuous covariate.
    """
    codes = pd.factorize(strata)[0]
    order = np.lexsort((-time, codes))
    t, d, x, s = time[order], status[order].astype(bool), x[order], codes[order]
    n, k = x.shape
    new_run = np.r_[True, (s[1:] != s[:-1]) | (t[1:] != t[:-1])]
    run_start = np.flatnonzero(new_run)
    run_end = np.r_[run_start[1:], n] - 1
    end = run_end[np.cumsum(new_run) - 1][d]  # each event: the last row tied with it
    bounds = np.flatnonzero(np.r_[True, s[1:] != s[:-1], True])
    xd = x[d]
    spans = list(zip(bounds[:-1], bounds[1:], strict=True))

    def cumsum(v):  # cumulative sums restarting at each stratum
        return np.concatenate([np.cumsum(v[a:b], axis=0) for a, b in spans])

    def revcumsum(v):  # sums from each row to the end of its stratum
        return np.concatenate([np.cumsum(v[a:b][::-1], axis=0)[::-1] for a, b in spans])

    def parts(beta):
        eta = x @ beta
        top = eta.max() if n else 0.0
        w = np.exp(eta - top)
        s0 = cumsum(w)[end]
        m = cumsum(w[:, None] * x)[end] / s0[:, None]
        ll = float(np.sum(eta[d] - top - np.log(s0)))
        grad = (xd - m).sum(axis=0)
        # sum over events of S2(risk set) / S0 = sum over rows of w x x' times the sum of
        # 1 / S0 over the events whose risk set holds the row: one weighted x'x (issue 14:
        # the n-by-k-by-k cumulative sum of the outer products was most of a fit's time)
        c = revcumsum(np.bincount(end, weights=1.0 / s0, minlength=n))
        hess = -((x * (w * c)[:, None]).T @ x - m.T @ m)
        return ll, grad, hess

    beta, n_iter = np.zeros(k), 0
    ll, grad, hess = parts(beta)
    while n_iter < max_iter:
        n_iter += 1
        step = np.linalg.solve(hess, -grad)
        for _ in range(30):  # halve the step while the likelihood falls
            new = parts(beta + step)
            if new[0] >= ll - 1e-12 * abs(ll):
                break
            step = step / 2
        beta = beta + step
        ll, grad, hess = new
        if np.max(np.abs(step)) < tol:
            break
    return beta, np.linalg.inv(-hess), ll, n_iter


def _cox(time, status, exog: pd.DataFrame, strata, model: str, alpha: float):
    """Fit the stratified Cox model (by :data:`COX_METHOD`) and return (result, rows of the
    hazard-ratio table)."""
    time, status = np.asarray(time, float), np.asarray(status, int)
    exog, strata = exog.astype(float), np.asarray(strata)
    if COX_METHOD == "phreg":
        from statsmodels.duration.hazard_regression import PHReg

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            fit = PHReg(time, exog, status=status, strata=strata).fit()
    else:
        beta, cov, llf, n_iter = _breslow_fit(time, status, exog.to_numpy(), strata)
        fit = CoxFit(pd.Series(beta, index=exog.columns), cov, llf, len(exog),
                     int(status.sum()), n_iter, (time, status, exog, strata))
    from scipy import stats  # imported here: scipy.stats is slow to import
    z = stats.norm.ppf(1 - alpha / 2)
    params, bse = np.asarray(fit.params), np.asarray(fit.bse)
    rows = []
    for j, term in enumerate(exog.columns):
        rows.append({"model": model, "term": term, "log_hr": params[j],
                     "hazard_ratio": np.exp(params[j]),
                     "ci_lower": np.exp(params[j] - z * bse[j]),
                     "ci_upper": np.exp(params[j] + z * bse[j]),
                     "p_value": float(np.asarray(fit.pvalues)[j]), "n": int(len(exog)),
                     "events": int(np.sum(status))})
    return fit, rows


def _km_table(time: np.ndarray, status: np.ndarray, z: float):
    """Kaplan-Meier day by day (0 .. last follow-up) with log-log pointwise CIs."""
    from statsmodels.duration.survfunc import SurvfuncRight

    sf = SurvfuncRight(time, status)
    days = np.arange(0, int(np.floor(time.max())) + 1, dtype=float)
    if sf.surv_times.size:
        k = np.searchsorted(sf.surv_times, days, side="right") - 1
        surv = np.where(k >= 0, sf.surv_prob[np.maximum(k, 0)], 1.0)
        se = np.where(k >= 0, sf.surv_prob_se[np.maximum(k, 0)], 0.0)
    else:
        surv, se = np.ones_like(days), np.zeros_like(days)
    with np.errstate(divide="ignore", invalid="ignore"):
        ll_se = se / (surv * np.abs(np.log(surv)))
        lower = surv ** np.exp(z * ll_se)
        upper = surv ** np.exp(-z * ll_se)
    inner = (surv > 0) & (surv < 1) & np.isfinite(ll_se)
    lower = np.where(inner, lower, surv)
    upper = np.where(inner, upper, surv)
    return sf, pd.DataFrame({"day": days, "survival": surv, "ci_lower": lower,
                             "ci_upper": upper})


def _standardised_difference(rec: pd.DataFrame, base: pd.DataFrame, z: float):
    """Recovered minus weighted no-problem repurchase share, within tier, averaged over the
    recovered group's tiers; ``None`` if no tier holds both groups."""
    if rec.empty or base.empty:
        return None
    parts, dropped = [], []
    for tier, g1 in rec.groupby("tier"):
        g0 = base[base["tier"] == tier]
        if g0.empty:
            dropped.append(str(tier))
            continue
        p1 = g1["y"].mean()
        p0, se0 = _weighted_share(g0["y"].to_numpy(float), g0["weight"].to_numpy(float))
        parts.append((len(g1), len(g0), p1 - p0, p1 * (1 - p1) / len(g1) + se0 ** 2))
    if not parts:
        return None
    n1 = np.array([p[0] for p in parts], float)
    share = n1 / n1.sum()
    est = float((share * [p[2] for p in parts]).sum())
    se = float(np.sqrt((share ** 2 * [p[3] for p in parts]).sum()))
    crude = rec["y"].mean() - _weighted_share(base["y"].to_numpy(float),
                                              base["weight"].to_numpy(float))[0]
    n0 = int(sum(p[1] for p in parts))
    return est, se, int(n1.sum()), n0, float(crude), dropped


def _weighted_share(y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted share and its linearisation standard error."""
    total = w.sum()
    p = float((w * y).sum() / total)
    se = float(np.sqrt((w ** 2 * (y - p) ** 2).sum()) / total)
    return p, se


# --------------------------------------------------------------------------- the analysis
def loyalty(data: pd.DataFrame, *, window: float = 90, hours: str = "hours_to_first_response",
            df_spline: int = 4, bands: Sequence[float] = (1, 4, 24, 72),
            paradox_csat: float = 5, paradox_hours: float = 1,
            confidence: float = 0.95) -> LoyaltyResult:
    """Repurchase after a complaint against the handling: curve, Cox model, paradox test.

    Parameters
    ----------
    data : DataFrame
        One row per customer: ``ck.loyalty_frame(customers, complaints, surveys, orders)``.
    window : float
        Days after the index event within which a repurchase counts, for the curve and the
        repurchase difference. Only customers whose index event lies at least ``window`` days
        before the end of the period are used there (for the others the outcome is not yet
        observable; ``.notes`` counts them).
    hours : str
        The handling time on the x axis: ``"hours_to_first_response"`` (default) or another
        hours column of the first complaint (``"hours_to_resolution"``).
    df_spline : int
        Degrees of freedom of the natural cubic spline of ``log(1 + hours)`` (patsy ``cr``).
    bands : sequence of float
        Increasing band edges in hours for the Kaplan-Meier curves: ``(1, 4, 24, 72)`` gives
        ≤1, 1-4, 4-24, 24-72 and >72 h.
    paradox_csat, paradox_hours : float
        "Resolved quickly and well": CSAT at least ``paradox_csat`` and ``hours`` at most
        ``paradox_hours``.
    confidence : float
        Level of the confidence intervals.

    Returns
    -------
    LoyaltyResult
        ``.curve`` (``hours, probability, ci_lower, ci_upper``), ``.hazard_ratios`` = ``.table``
        (``model, term, log_hr, hazard_ratio, ci_lower, ci_upper, p_value, n, events``),
        ``.survival`` (``band, day, survival, ci_lower, ci_upper, n``), ``.paradox``
        (``comparison, measure, estimate, ci_lower, ci_upper, n_recovered, n_no_problem``),
        ``.summary()``, ``.plot(ax, kind=...)``, ``.model`` (dict of statsmodels results),
        ``.assumptions``, ``.ledger`` (the customers used in any part, and why the others
        were not) and ``.notes`` (the ledger's line, then who was left out of which part).

    Raises
    ------
    KeyError
        If a column is missing (build the frame with :func:`loyalty_frame`).
    ValueError
        If there are no complainants, or too few repurchases (fewer than 20) for the curve
        or the Cox model of all complainants. Too few for the respondents' model or the
        paradox leave those out with a note.

    Notes
    -----
    The curve is a logistic GLM of "bought again within ``window`` days" on a natural cubic
    spline of ``log(1 + hours)``; its CI is the delta-method interval on the logit scale,
    transformed. The Cox models (Breslow ties, as statsmodels ``PHReg``) are stratified by tier
    and censored at the end of the period; customers with zero follow-up (clock starting at
    or after the end) are left out of them. The paradox's hazard ratio compares the chosen
    complainants with no-problem customers (Cox, strata tier); the repurchase difference is
    their share minus the weighted share of no-problem customers, with a normal CI from the
    linearisation standard errors, compared within tier and averaged over the recovered
    complainants' tiers (loyal tiers complain more, so the crude difference mixes the tier in;
    the notes give it).

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> lf = ck.loyalty_frame(w.customers, w.complaints, w.surveys, w.orders)
    >>> res = ck.loyalty(lf)
    >>> res.hazard_ratios["model"].unique().tolist()
    ['all complainants', 'respondents with CSAT']
    >>> hr = res.hazard_ratios.set_index(["model", "term"])["hazard_ratio"]
    >>> bool(hr["respondents with CSAT", "csat_score"] > 1)
    True
    >>> list(res.survival["band"].cat.categories)
    ['≤1 h', '1-4 h', '4-24 h', '24-72 h', '>72 h']
    >>> res.paradox["measure"].tolist()
    ['hazard_ratio', 'repurchase_difference']
    >>> res.notes[0]
    '12,180 of 64,624 customers used: 52,337 silent-problem customers (not compared here), 71
    complainants with zero follow-up, 36 no-problem customers with zero follow-up'
    >>> ax = res.plot(kind="survival")
    """
    confidence = checks.confidence(confidence, locale=locale_of(data))
    data = checks.check_frame(data)
    lang = locale_of(data)
    opt = _options(data, window, hours, df_spline, bands, paradox_csat, paradox_hours,
                   confidence, lang)
    ledger = RowLedger(data, unit="customers", locale=lang)
    notes: list[str] = []
    d, comp = _prepare(data, opt, ledger, notes)
    models: dict = {}

    seen = _observable(comp, opt, notes)
    models["curve"], curve = _repurchase_curve(seen, opt)
    pos = _followed_up(comp, opt, ledger, notes)
    hazard = _cox_models(pos, opt, models, notes)
    models["survival"], survival = _survival_by_band(pos, opt, notes)
    paradox = _paradox(d, comp, opt, notes)
    if paradox.fit is not None:
        models["paradox"] = paradox.fit
    _record_no_problem(ledger, paradox)

    return LoyaltyResult(table=hazard, hazard_ratios=hazard, curve=curve, survival=survival,
                         paradox=paradox.table, model=models,
                         assumptions=[tr(a, lang) for a in ASSUMPTIONS],
                         notes=notes, ledger=ledger, window=opt.window, hours=opt.hours,
                         confidence=confidence, paradox_csat=opt.paradox_csat,
                         paradox_hours=opt.paradox_hours, n_curve=len(seen))


# --------------------------------------------------------------------------- the steps
@dataclass(frozen=True)
class _Options:
    """The arguments of :func:`loyalty`, checked."""

    window: float
    hours: str
    df_spline: int
    edges: list[float]
    paradox_csat: float
    paradox_hours: float
    confidence: float
    lang: str | None = None  # the language of the messages

    @property
    def alpha(self) -> float:
        return 1 - self.confidence

    @property
    def z(self) -> float:
        from scipy import stats  # imported here: scipy.stats is slow to import
        return stats.norm.ppf(1 - self.alpha / 2)

    @property
    def hours_word(self) -> str:
        return _hours_words(self.hours, self.lang)


def _options(data, window, hours, df_spline, bands, paradox_csat, paradox_hours,
             confidence, lang=None) -> _Options:
    if not isinstance(hours, str):
        raise TypeError(tr("hours must be a column name, not {value!r}", lang, value=hours))
    absent = absent_columns(data, {**NEEDED, hours: N_("the handling time of every output")},
                            locale=lang)
    if absent:
        raise KeyError(tr(MISSING_COLUMNS, lang, absent=", ".join(absent),
                          hint=tr(FRAME_HINT, lang), have=", ".join(map(str, data.columns))))
    window = _check_number(window, "window", lang=lang)
    paradox_hours = _check_number(paradox_hours, "paradox_hours", low_open=False, lang=lang)
    paradox_csat = _check_number(paradox_csat, "paradox_csat", lang=lang)
    df_spline = checks.whole_number("df_spline", df_spline, 3, locale=lang)
    edges = _band_edges(bands, lang)
    _check_hours(data[hours], hours, lang)
    return _Options(window, hours, df_spline, edges, paradox_csat, paradox_hours, confidence,
                    lang)


def _band_edges(bands, lang: str | None = None) -> list[float]:
    try:
        edges = [float(b) for b in bands]
    except (TypeError, ValueError):
        raise ValueError(tr("bands must be increasing hours such as (1, 4, 24, 72), not "
                            "{value!r}", lang, value=bands)) from None
    if not edges or any(b <= 0 for b in edges) or np.any(np.diff(edges) <= 0):
        raise ValueError(tr("bands must be increasing hours > 0 such as (1, 4, 24, 72), not "
                            "{value!r}", lang, value=bands))
    return edges


def _check_hours(h: pd.Series, hours: str, lang: str | None = None) -> None:
    if not pd.api.types.is_numeric_dtype(h) or pd.api.types.is_bool_dtype(h):
        raise TypeError(tr("column {col!r} must hold hours (numbers), not {dtype}", lang,
                           col=hours, dtype=h.dtype))
    if (h < 0).any():
        raise ValueError(tr("column {col!r} has negative hours (e.g. row {row!r}); check the "
                            "timestamps", lang, col=hours, row=h.index[h < 0][0]))


def _repurchase_status(s: pd.Series, lang: str | None = None) -> pd.Series:
    """``repurchased`` as 1/0. A missing value is refused, not read as "bought again" (which
    ``astype(bool)`` would do) nor as "censored"."""
    if s.isna().any():
        rows = ", ".join(map(str, s.index[s.isna()][:5]))
        raise ValueError(tr("column 'repurchased' is empty in {n} rows (e.g. rows {rows}): each "
                            "customer either bought again (True) or was followed until the end "
                            "without buying (False); fill or drop them", lang,
                            n=fmt_int(int(s.isna().sum()), lang), rows=rows))
    ok = s.isin([True, False, 0, 1])
    if not ok.all():
        raise TypeError(tr("column 'repurchased' must be True/False (or 1/0), not values like "
                           "{values}", lang, values=s[~ok].unique()[:3].tolist()))
    return s.astype(bool).astype(int)


def _numbers(data: pd.DataFrame, column: str, lang: str | None = None) -> pd.Series:
    """A numeric column as floats; text, dates or true/false are refused, naming the column."""
    s = data[column]
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        raise TypeError(tr("column {col!r} must hold numbers, not {dtype} (e.g. {value!r})",
                           lang, col=column, dtype=s.dtype, value=s.dropna().iloc[0])
                        if s.notna().any() else
                        tr("column {col!r} must hold numbers, not {dtype}", lang, col=column,
                           dtype=s.dtype))
    return s.astype(float)


def _optional(data: pd.DataFrame, column: str, fill: float,
              lang: str | None = None) -> pd.Series:
    """An optional numeric column, or ``fill`` throughout when the frame lacks it."""
    if column not in data.columns:
        return pd.Series(fill, index=data.index, dtype=float)
    return _numbers(data, column, lang)


def _prepare(data: pd.DataFrame, opt: _Options, ledger: RowLedger, notes: list[str]):
    """The working frame of complainants and no-problem customers, and the complainants
    with a handling time; every customer left out is counted in the ledger."""
    lang = opt.lang
    d = pd.DataFrame({
        "event": data["index_event"].astype(str),
        "tier": data["tier"].astype(str).where(data["tier"].notna()),
        "time": _numbers(data, "days_to_next_purchase", lang),
        "status": _repurchase_status(data["repurchased"], lang),
        "reach": _numbers(data, "days_to_period_end", lang),
        "hours": _numbers(data, opt.hours, lang),
        "csat": _optional(data, "csat_score", np.nan, lang),
        "weight": _optional(data, "weight", 1.0, lang)}, index=data.index)
    notes += [tr(note, lang) for col, note in OPTIONAL.items() if col not in data.columns]
    d["y"] = ((d["status"] == 1) & (d["time"] <= opt.window)).astype(int)
    d["log_hours"] = np.log1p(d["hours"])
    if d["tier"].isna().any():
        notes.append(tr("{n} customers with no tier were left out (tier is the Cox models' "
                        "stratum).", lang, n=fmt_int(int(d["tier"].isna().sum()), lang)))
    d = ledger.drop(d["tier"].isna().to_numpy(), tr("customers without a tier", lang), data=d)
    for event in sorted(set(d["event"]) - {"complaint", "no_problem"}):
        reason = (tr("silent-problem customers (not compared here)", lang)
                  if event == "silent_problem"
                  else tr("customers with index_event {event!r} (not compared here)", lang,
                          event=event))
        d = ledger.drop((d["event"] == event).to_numpy(), reason, data=d)
    comp = d[d["event"] == "complaint"]
    if comp.empty:
        raise ValueError(tr("data has no complainants (index_event == 'complaint'); {hint}",
                            lang, hint=tr(FRAME_HINT, lang)))
    if comp["hours"].isna().any():
        notes.append(tr("{n} complainants have no {column} (their first complaint is not in "
                        "the complaints passed, or it has no such time) and were left out.",
                        lang, n=fmt_int(int(comp["hours"].isna().sum()), lang),
                        column=_col(opt.hours, lang)))
    comp = ledger.drop(comp["hours"].isna().to_numpy(),
                       tr("complainants without a {what} time", lang, what=opt.hours_word),
                       data=comp)
    if comp.empty:
        raise ValueError(tr("no complainant has a {column}; {hint}", lang, column=opt.hours,
                            hint=tr(FRAME_HINT, lang)))
    return d, comp


def _observable(comp: pd.DataFrame, opt: _Options, notes: list[str]) -> pd.DataFrame:
    """The complainants whose ``window``-day outcome is known, with enough of each outcome."""
    seen = comp[comp["reach"] >= opt.window]
    n_late, window, lang = len(comp) - len(seen), opt.window, opt.lang
    if n_late:
        notes.append(tr("Repurchase curve: {n} of {total} complainants are not yet observable "
                        "for a {window:g}-day window (their complaint was closed less than "
                        "{window:g} days before the period end) and were left out; {used} were "
                        "used.", lang, n=fmt_int(n_late, lang), total=fmt_int(len(comp), lang),
                        window=window, used=fmt_int(len(seen), lang)))
    n_yes = int(seen["y"].sum())
    if min(n_yes, len(seen) - n_yes) < MIN_EVENTS:
        raise ValueError(tr("too few events for the repurchase curve: {k} of {n} complainants "
                            "with a known {window:g}-day outcome bought again (at least {least} "
                            "of each outcome are needed); use a shorter window or more data",
                            lang, k=n_yes, n=len(seen), window=window, least=MIN_EVENTS))
    return seen


def _repurchase_curve(seen: pd.DataFrame, opt: _Options):
    """The logistic GLM on a natural spline of log(1 + hours), and its curve with CIs."""
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    glm = smf.glm(f"y ~ cr(log_hours, df={int(opt.df_spline)}, constraints='center')", seen,
                  family=sm.families.Binomial()).fit()
    grid = _curve_grid(seen["hours"], opt.edges)
    pred = glm.get_prediction(pd.DataFrame({"log_hours": np.log1p(grid)})).summary_frame(
        alpha=opt.alpha)
    return glm, pd.DataFrame({"hours": grid, "probability": pred["mean"].to_numpy(),
                              "ci_lower": pred["mean_ci_lower"].to_numpy(),
                              "ci_upper": pred["mean_ci_upper"].to_numpy()})


def _curve_grid(hours: pd.Series, edges: list[float]) -> np.ndarray:
    """80 log-spaced hours over the middle 99% of those observed, plus round values."""
    lo_h, hi_h = hours.quantile([0.005, 0.995])
    lo_h = max(lo_h, 0.01)
    grid = np.geomspace(lo_h, max(hi_h, lo_h * 1.01), 80)
    return np.unique(np.concatenate([grid, [b for b in (0.5, *edges, 48.0)
                                            if lo_h <= b <= hi_h]]))


def _followed_up(comp: pd.DataFrame, opt: _Options, ledger: RowLedger,
                 notes: list[str]) -> pd.DataFrame:
    """The complainants with some follow-up (for the Cox models and the survival curves)."""
    pos = comp[comp["time"] > 0]
    n_zero, lang = len(comp) - len(pos), opt.lang
    if n_zero:
        notes.append(tr("Cox models and survival curves: {n} complainants with zero follow-up "
                        "(their complaint was closed at or after the period end) were left "
                        "out.", lang, n=fmt_int(n_zero, lang)))
    # in no part of the analysis: no follow-up, and no known window outcome either
    unused = (comp["time"] <= 0) & (comp["reach"] < opt.window)
    ledger.record(int(unused.sum()), tr("complainants with zero follow-up", lang))
    return pos


def _cox_models(pos: pd.DataFrame, opt: _Options, models: dict,
                notes: list[str]) -> pd.DataFrame:
    """Cox models by tier: all complainants (hours), and the respondents (CSAT and hours)."""
    term, lang = f"log1p_{opt.hours}", opt.lang
    if pos["status"].sum() < MIN_EVENTS:
        raise ValueError(tr("too few events for the Cox model: {k} repurchases among {n} "
                            "complainants (at least {least} needed)", lang,
                            k=int(pos["status"].sum()), n=len(pos), least=MIN_EVENTS))
    models["cox_all"], rows = _cox(pos["time"], pos["status"],
                                   pos[["log_hours"]].set_axis([term], axis=1), pos["tier"],
                                   "all complainants", opt.alpha)
    resp = pos[pos["csat"].notna()]
    if resp["status"].sum() >= MIN_EVENTS:
        models["cox_respondents"], more = _cox(
            resp["time"], resp["status"],
            resp[["csat", "log_hours"]].set_axis(["csat_score", term], axis=1), resp["tier"],
            "respondents with CSAT", opt.alpha)
        rows += more
        notes.append(tr("Respondents' Cox model: {n} of {total} complainants have a CSAT "
                        "(survey respondents); the others were left out of it.", lang,
                        n=fmt_int(len(resp), lang), total=fmt_int(len(pos), lang)))
    else:
        notes.append(tr("The respondents' Cox model was not fitted: {k} repurchases among {n} "
                        "complainants with a CSAT (at least {least} needed; pass surveys to "
                        "loyalty_frame).", lang, k=int(resp["status"].sum()),
                        n=fmt_int(len(resp), lang), least=MIN_EVENTS))
    return pd.DataFrame(rows, columns=["model", "term", "log_hr", "hazard_ratio", "ci_lower",
                                       "ci_upper", "p_value", "n", "events"])


def _survival_by_band(pos: pd.DataFrame, opt: _Options, notes: list[str]):
    """Kaplan-Meier curves by handling-time band: (band -> SurvfuncRight, tidy table)."""
    labels = _band_labels(opt.edges)
    band = pd.cut(pos["hours"], [-np.inf, *opt.edges, np.inf], labels=labels, right=True)
    pieces, km = [], {}
    for lab in labels:
        g = pos[band == lab]
        if g.empty:
            notes.append(tr("No complainant had a {what} of {band}: no survival curve for that "
                            "band.", opt.lang, what=opt.hours_word,
                            band=_band_shown(lab, opt.lang)))
            continue
        km[lab], tab = _km_table(g["time"].to_numpy(), g["status"].to_numpy(), opt.z)
        pieces.append(tab.assign(band=lab, n=len(g)))
    survival = pd.concat(pieces, ignore_index=True)[["band", "day", "survival", "ci_lower",
                                                     "ci_upper", "n"]]
    survival["band"] = pd.Categorical(survival["band"], categories=labels, ordered=True)
    return km, survival


PARADOX_COLUMNS = ["comparison", "measure", "estimate", "ci_lower", "ci_upper", "n_recovered",
                   "n_no_problem"]


@dataclass
class _Paradox:
    """The paradox table, its Cox fit, and which no-problem customers it compared."""

    table: pd.DataFrame
    fit: object = None
    base: pd.DataFrame = field(default_factory=pd.DataFrame)  # the no-problem customers
    used: pd.Series | None = None  # over ``base``: compared in the table; None: not tested


def _paradox(d: pd.DataFrame, comp: pd.DataFrame, opt: _Options,
             notes: list[str]) -> _Paradox:
    """The paradox table: hazard ratio and weighted repurchase difference."""
    base = d[d["event"] == "no_problem"]
    best = comp[(comp["csat"] >= opt.paradox_csat) & (comp["hours"] <= opt.paradox_hours)]
    why = _untestable(base, best, opt)
    if why:
        notes.append(why)
        return _Paradox(pd.DataFrame(columns=PARADOX_COLUMNS), base=base)
    if base["weight"].nunique() > 1:
        notes.append(tr("No-problem customers' weights vary: the repurchase difference is "
                        "weighted, the hazard ratio is not (valid if the weights do not depend "
                        "on loyalty within a tier).", opt.lang))
    hr_row, fit, hr_used = _paradox_hazard(best, base, opt, notes)
    diff_row, diff_used = _paradox_difference(best, base, opt, notes)
    rows = [r for r in (hr_row, diff_row) if r is not None]
    out = pd.DataFrame(rows, columns=PARADOX_COLUMNS)
    return _Paradox(out.astype({"n_recovered": int, "n_no_problem": int}), fit, base,
                    hr_used | diff_used)


def _untestable(base: pd.DataFrame, best: pd.DataFrame, opt: _Options) -> str | None:
    """Why the paradox cannot be tested, or None."""
    if base.empty:
        return tr("Service-recovery paradox not tested: there are no customers with "
                  "index_event 'no_problem' to compare with.", opt.lang)
    if best.empty:
        return tr("Service-recovery paradox not tested: no complainant had CSAT >= {csat:g} "
                  "and a {what} within {hours:g} h (is CSAT in the frame? pass surveys to "
                  "loyalty_frame).", opt.lang, csat=opt.paradox_csat, what=opt.hours_word,
                  hours=opt.paradox_hours)
    return None


def _paradox_hazard(best: pd.DataFrame, base: pd.DataFrame, opt: _Options,
                    notes: list[str]):
    """The Cox hazard ratio of the recovered against no-problem customers, by tier:
    (table row or None, fit or None, no-problem customers used)."""
    both = pd.concat([best, base])
    both = both[both["time"] > 0]
    is_rec = both["event"] == "complaint"
    n_rec, n_base = int(is_rec.sum()), int((both["event"] == "no_problem").sum())
    if not (n_rec and n_base and both["status"].sum() >= MIN_EVENTS
            and both.loc[is_rec, "status"].sum() > 0):
        notes.append(tr("Paradox hazard ratio not estimated: too few repurchases ({k}) among "
                        "{n_rec} recovered complainants and {n_base} no-problem customers.",
                        opt.lang, k=int(both["status"].sum()), n_rec=fmt_int(n_rec, opt.lang),
                        n_base=fmt_int(n_base, opt.lang)))
        return None, None, pd.Series(False, index=base.index)
    exog = pd.DataFrame({"recovered": is_rec.astype(float)})
    fit, r = _cox(both["time"], both["status"], exog, both["tier"], PARADOX, opt.alpha)
    r = r[0]
    left = len(best) + len(base) - len(both)
    if left:
        notes.append(tr("Paradox hazard ratio: {n} customers with zero follow-up were left "
                        "out.", opt.lang, n=fmt_int(left, opt.lang)))
    row = {"comparison": PARADOX, "measure": "hazard_ratio", "estimate": r["hazard_ratio"],
           "ci_lower": r["ci_lower"], "ci_upper": r["ci_upper"], "n_recovered": n_rec,
           "n_no_problem": n_base}
    return row, fit, base["time"] > 0


def _paradox_difference(best: pd.DataFrame, base: pd.DataFrame, opt: _Options,
                        notes: list[str]):
    """The weighted repurchase difference within ``window`` days, within tier:
    (table row or None, no-problem customers used)."""
    window, z, lang = opt.window, opt.z, opt.lang
    rec_w, base_w = best[best["reach"] >= window], base[base["reach"] >= window]
    diff = _standardised_difference(rec_w, base_w, z)
    if diff is None:
        notes.append(tr("Paradox repurchase difference not estimated: no tier has customers of "
                        "both groups observable for {window:g} days.", lang, window=window))
        return None, pd.Series(False, index=base.index)
    est, se, n1, n0, crude, dropped = diff
    notes.append(tr("Paradox repurchase difference: {n_rec} recovered complainants and "
                    "{n_base} no-problem customers not yet observable for {window:g} days were "
                    "left out. The difference is compared within tier and averaged over the "
                    "recovered complainants' tiers (the crude difference, which mixes in the "
                    "tiers, is {crude:+.1f} points).", lang,
                    n_rec=fmt_int(len(best) - len(rec_w), lang),
                    n_base=fmt_int(len(base) - len(base_w), lang), window=window,
                    crude=100 * crude))
    if dropped:
        tiers = (dropped if not _shown(lang)
                 else [checks.level_labels("tier", lang).get(t, t) for t in dropped])
        notes.append(tr("Paradox repurchase difference: tiers {tiers} have no observable "
                        "customers in one of the groups and were left out.", lang,
                        tiers=fmt_list(tiers, lang)))
    row = {"comparison": PARADOX, "measure": "repurchase_difference", "estimate": est,
           "ci_lower": est - z * se, "ci_upper": est + z * se, "n_recovered": n1,
           "n_no_problem": n0}
    # the no-problem customers of the tiers compared (those the recovered group has)
    return row, (base["reach"] >= window) & base["tier"].isin(set(rec_w["tier"]))


def _record_no_problem(ledger: RowLedger, paradox: _Paradox) -> None:
    """Count the no-problem customers the paradox did not compare, and why."""
    base, lang = paradox.base, ledger.locale
    if paradox.used is None:
        ledger.record(len(base), tr("no-problem customers (the paradox could not be tested)",
                                    lang))
        return
    unused = base[~paradox.used.to_numpy(dtype=bool)]
    reason = (tr("no-problem customers with zero follow-up", lang)
              if (unused["time"] <= 0).all()
              else tr("no-problem customers left out of the paradox comparison", lang))
    ledger.record(len(unused), reason)
