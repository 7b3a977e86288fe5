"""The follow-up call (回访) and the closed loop: who is called back, when, what it is worth,
and a call-back plan that reaches every customer in a cycle.

Seed 001 ends its six steps with a follow-up on the customer's satisfaction; seed 002 wants a
call-back plan "so every customer is revisited in a cycle"; seed 003 closes the loop (tell the
customer, send progress, confirm satisfaction). Two analyses answer a team lead:

- :func:`followup` — the share of complaints followed up (``followed_up``) by priority,
  channel, team, region and age band, with Wilson intervals; the days from resolution to the
  call (median and 90th percentile, with the order-statistic intervals of ``ck.kpis``); the
  closed-loop rate (resolved, followed up and, where the customer answered the survey,
  satisfied); and the effect of the call on CSAT (ordered logit) and on repurchase (Cox model,
  built as ``ck.loyalty`` builds it), naive and adjusted for what decides who is called, with
  the world's truth beside the estimate when it is given.
- :func:`callback_plan` — given the complaints still to call, a daily capacity (calls per
  agent-day × agents) and a cycle, one call per customer, most urgent first (high priority,
  unresolved, low CSAT, oldest); the coverage of the cycle, and the days or agents needed when
  it cannot reach everyone.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import flags
from ..i18n import N_, fmt_int, fmt_list, is_english, locale_of, tr
from ..vocab import PRIORITIES
from . import _checks as checks
from ._ledger import RowLedger
from ._result import Result
from .frames import complaint_frame, isin
from .kpis import _quantile, _share

__all__ = ["followup", "FollowupResult", "callback_plan", "CallbackPlanResult"]

#: every message shown to users, in one place (for the zh catalogue of issue 13)
MESSAGES = {
    "no_flag": N_("followup needs to know which complaints were followed up: complaints have no "
               "'followed_up' column, and no events= with 'follow_up' events were passed; its "
               "columns are: {have}"),
    "needs": N_("{what} needs columns that complaints lack: {absent}; its columns are: {have}"),
    "flag_missing": N_("without a followed_up answer (empty or N/A)"),
    "flag_from_events": N_("complaints have no 'followed_up' column: a complaint counts as "
                        "followed up when events has a '{event}' event for it"),
    "no_time": N_("follow-up times not known (no 'followup_at' column and no events=): the days "
               "to the call are not reported"),
    "time_missing": N_("{k:,} followed-up complaints have no follow-up time: left out of the days "
                    "to the call"),
    "no_start": N_("{k:,} followed-up complaints have no {start} (e.g. not resolved): left out of "
                "the days to the call"),
    "negative": N_("{k:,} follow-up calls are dated before {start} (e.g. complaint {case!r}): left "
                "out of the days to the call; check the clock or the export"),
    "time_not_flagged": N_("{k:,} complaints marked as not followed up have a follow-up time "
                        "(e.g. {case!r}): the flag is kept as given"),
    "by_absent": N_("by: {cols} not in the data (pass customers= for region, age_band and tier, "
                 "agents= for team): not reported"),
    "by_reserved": N_("by column {col!r} clashes with a column followup() adds: rename it first"),
    "no_resolved": N_("complaints have no 'resolved_at' column: the closed-loop rate is not "
                   "reported"),
    "no_survey": N_("no surveys passed: a loop counts as closed when resolved and followed up "
                 "(satisfaction is not confirmed), and the effect on CSAT is not estimated"),
    "adjust_absent": N_("adjusted for {have} only: {cols} not in the data (pass customers= for "
                     "tier, agents= for team); a confounder left out can bias the adjusted "
                     "effects"),
    "adjust_none": N_("not adjusted: none of {cols} is in the data (pass customers= for tier, "
                   "agents= for team), so the 'adjusted' effects are naive too"),
    "no_start_column": N_("complaints have no {start!r} column: the days to the call are not "
                       "reported (pass start= with the column the call is timed from)"),
    "plan_unknown_flag": N_("{k:,} complaints have no followed_up answer (empty or N/A): they are "
                         "treated as not yet called back"),
    "adjust_missing": N_("{k:,} {unit} with a missing {cols} were left out of the adjusted "
                      "{model}"),
    "too_few": N_("{what} not estimated: {detail}"),
    "no_loyalty": N_("repurchase effect not estimated: customers= with the loyalty columns "
                  "(index_event, index_at, days_to_next_purchase, repurchased, tier) is needed"),
    "truth_absent": N_("the truth passed has no {name!r}: the truth column is empty for {what}"),
    "truth_type": N_("truth must be a world's truth (world.truth) or a mapping of parameter names "
                  "to values, not {type}"),
    "satisfied": N_("satisfied must be a CSAT score from 1 to 5 (e.g. 4), not {value!r}"),
    "kind": N_("kind"),
    "summary": N_("{share:.0%} of {n:,} complaints were followed up ({lo:.0%} to {hi:.0%})."),
    "summary_low": N_(" The lowest group is {low} at {low_share:.0%}."),
    "summary_days": N_(" The call comes a median {med:.1f} days after {start} (90% within "
                    "{p90:.1f} days)."),
    "summary_loop": N_(" {share:.0%} of complaints have a closed loop ({lo:.0%} to {hi:.0%})."),
    "summary_csat": N_(" Without the call, the odds of a higher CSAT change by a factor of "
                    "{ratio:.2f} ({lo:.2f} to {hi:.2f}), adjusted; naive {naive:.2f}."),
    "summary_hr": N_(" Without the call, customers buy again at {ratio:.2f} times the rate "
                  "({lo:.2f} to {hi:.2f}) at the same CSAT."),
    "shares_title": N_("Share of complaints followed up (回访), by group"),
    "loop_title": N_("Closed-loop rate, by group"),
    "effects_title": N_("Effect of no follow-up call (estimate and interval)"),
    "timing_title": N_("Days from {start} to the follow-up call"),
    "share_axis": N_("share of complaints"),
    "effect_axis": N_("log-odds of a higher CSAT / log hazard ratio of buying again"),
    "days_axis": N_("days"),
    "truth_label": N_("truth"),
    # the plan
    "plan_flag": N_("callback_plan with include='not_followed_up' needs a 'followed_up' column in "
                 "complaints (or include='all' to call every customer once); its columns are: "
                 "{have}"),
    "plan_done": N_("already followed up"),
    "plan_no_customer": N_("without a customer_id (no one to call)"),
    "plan_priority": N_("complaints column 'priority' has values that are not {known}: {bad} "
                     "(rows {rows}); map them first, e.g. complaints['priority'].map(...)"),
    "plan_no_priority": N_("complaints have no 'priority' column: every customer counts as the "
                        "same priority"),
    "plan_no_received": N_("{k:,} customers have no received_at: they count as the newest"),
    "plan_nothing": N_("no customer is left to call: {note}"),
    "plan_ok": N_("The {cycle}-day cycle covers all {n:,} customers at {cap:,} calls a day "
               "({agents} × {per:,}); the last call is on day {days}."),
    "plan_short": N_("The {cycle}-day cycle cannot cover everyone: at {cap:,} calls a day "
                  "({agents} × {per:,}) it reaches {k:,} of {n:,} customers ({cov:.0%}); "
                  "covering all needs {days} days, or {need} agents at {per:,} calls each "
                  "in the {cycle}-day cycle."),
    "plan_title": N_("Call-back plan: calls per day against capacity"),
    "plan_calls": N_("calls"),
    "plan_capacity": N_("capacity ({cap:,} a day)"),
    "plan_cycle": N_("end of the {cycle}-day cycle"),
    "plan_day": N_("calling day"),
}

ASSUMPTIONS = [
    N_("Complaints are independent of each other; shares have Wilson intervals and the median "
      "and 90th percentile of the days to the call distribution-free order-statistic intervals "
      "(the helper ck.kpis uses)."),
    N_("Closed loop (闭环): the complaint was resolved, the follow-up call was made, and, where "
      "the customer answered the survey, the answer shows satisfaction (CSAT >= satisfied); "
      "a complaint without a survey answer counts as closed when resolved and called."),
    N_("The effects are of NO follow-up call (term no_followup): negative means the missing call "
      "costs CSAT or repurchase."),
    N_("Who is called depends only on the adjustment columns (adjust=, by default priority, "
      "channel, team and tier): then the adjusted models estimate the effect of the call; any "
      "other reason for skipping a call that also moves CSAT or repurchase biases them. The "
      "naive model (no adjustment) is shown beside for comparison, not as an effect."),
    N_("The CSAT model also holds the handling outcomes and the survey's attribute ratings "
      "(controls=): they come before the call or are not moved by it, and leaving strong "
      "drivers of CSAT out shrinks an ordered logit's coefficient toward zero even when they "
      "do not confound (non-collapsibility). If the call changes the ratings, pass controls=() "
      "or a shorter list."),
    N_("CSAT is seen for survey respondents only; the models are unbiased if answering depends "
      "on the satisfaction itself in the same way with and without the call."),
    N_("Repurchase: one row per customer from their first complaint (as ck.loyalty_frame builds "
      "it), Cox proportional hazards stratified by tier; the 'same CSAT' model (respondents, "
      "with CSAT and log(1 + hours to first response)) gives the direct effect of the call, the "
      "'adjusted' one the total effect (also through CSAT)."),
]


class _Notes(list):
    """The notes of an analysis, knowing their language (the helpers that add to them
    write in it)."""

    def __init__(self, *args, lang: str | None = None):
        super().__init__(*args)
        self.lang = lang


def _msg(name: str, lang: str | None = None, /, **fields) -> str:
    """MESSAGES[name] in ``lang``, formatted."""
    return tr(MESSAGES[name], lang, **fields)


def _shown(locale: str | None, lang: str | None) -> str | None:
    """Whose labels a text shows: ``locale=`` when given, else the data's language when it
    is not English (an English world shows the codes, as always)."""
    return locale or (None if is_english(lang) else lang)


def _column(column: str, lang: str | None) -> str:
    """A column named in a text: itself in English, its label elsewhere."""
    return column if is_english(lang) else checks.column_label(column, lang)


def _list(columns, lang: str | None) -> str:
    """Columns named in a text: ``a, b`` in English, their labels elsewhere (``甲、乙``)."""
    return ", ".join(columns) if is_english(lang) else fmt_list(
        [_column(c, lang) for c in columns], lang)


def _either(columns, lang: str | None) -> str:
    """``a or b`` in English, ``甲或乙`` elsewhere."""
    return tr(" or ", lang).join(_column(c, lang) for c in columns)


DEFAULT_BY = ("priority", "channel", "team", "region", "age_band")
DEFAULT_ADJUST = ("priority", "channel", "team", "tier")
#: the CSAT model's default controls: handling outcomes (before the call) and ratings
DEFAULT_CONTROLS = ("resolved", "first_contact_resolution", "extra_contacts",
                    "rating_response_speed", "rating_staff_attitude", "rating_fairness",
                    "rating_product_quality", "rating_price")
TRUTH = {"csat": "process.no_followup_csat", "repurchase": "process.no_followup_log_hr"}
LOYALTY_COLUMNS = ("index_event", "index_at", "days_to_next_purchase", "repurchased", "tier")
_ADDED = {"no_followup", "closed_loop", "days_to_followup", "followup_time", "_g"}
MIN_ROWS = 30  # rows (and rows of each arm) a model needs at least
KINDS = ("shares", "closed_loop", "timing", "effects")
EFFECT_COLUMNS = ["outcome", "model", "term", "measure", "estimate", "ci_lower", "ci_upper",
                  "p_value", "n", "without_call", "truth", "covariates"]


# --------------------------------------------------------------------------- the result
@dataclass(repr=False)
class FollowupResult(Result):
    """Who is called back and when, the closed loop, and what the call is worth.

    Attributes
    ----------
    table : DataFrame
        The effects of no follow-up call: ``outcome`` (``csat``, ``repurchase``), ``model``
        (``naive``, ``adjusted``, ``adjusted, same CSAT``), ``term`` (``no_followup``),
        ``measure`` (``log_odds``: of a higher CSAT, ordered logit; ``log_hr``: hazard of
        buying again, Cox), ``estimate``, ``ci_lower``, ``ci_upper``, ``p_value``, ``n``
        (rows in the model), ``without_call`` (of them, without the call), ``truth`` (the
        world's value when ``truth=`` was given, beside the model that estimates it; else
        missing), ``covariates`` (what the model adjusts for).
    shares : DataFrame
        Share followed up: ``by`` (the grouping column, ``all`` for everyone), ``level``
        (its overall rows' ``all``, in a non-English locale its label: 全部),
        ``n``, ``followed_up``, ``share``, ``ci_lower``, ``ci_upper`` (Wilson).
    closed_loop : DataFrame
        ``by``, ``level``, ``n``, ``closed``, ``share``, ``ci_lower``, ``ci_upper`` (Wilson),
        ``resolved``, ``followed_up``, ``respondents``, ``unsatisfied`` (counts).
    timing : DataFrame
        Days from ``start`` to the call: ``by``, ``level``, ``stat`` (``median``, ``p90``),
        ``days``, ``ci_lower``, ``ci_upper`` (order-statistic; missing when too few), ``n``.
    complaints : DataFrame
        One row per complaint used: ``complaint_id`` (when given), ``followed_up``,
        ``closed_loop``, ``days_to_followup`` and the ``by`` columns.
    model : dict
        statsmodels results by name (``csat_naive``, ``csat_adjusted``, ``repurchase_naive``,
        ``repurchase_adjusted``, ``repurchase_same_csat``); absent keys were not fitted.
    """

    shares: pd.DataFrame = field(default_factory=pd.DataFrame)
    closed_loop: pd.DataFrame = field(default_factory=pd.DataFrame)
    timing: pd.DataFrame = field(default_factory=pd.DataFrame)
    complaints: pd.DataFrame = field(default_factory=pd.DataFrame)
    by: list = field(default_factory=list)
    start: str = "resolved_at"
    confidence: float = 0.95
    locale: str | None = None

    def summary(self) -> str:
        """A few sentences a team lead can read."""
        lang = self.text_locale
        shown = _shown(self.locale, lang)
        s = self.shares
        top = s[s["by"] == "all"].iloc[0]
        groups = s[s["by"] != "all"]
        text = _msg("summary", lang, share=top["share"], n=int(top["n"]),
                    lo=top["ci_lower"], hi=top["ci_upper"])
        if len(groups):
            low = groups.loc[groups["share"].idxmin()]
            if shown is None:
                name = f"{low['by']} = {low['level']}"
            else:
                level = checks.level_labels(low["by"], shown, [low["level"]]).get(
                    low["level"], tr(low["level"], lang))
                name = f"{checks.column_label(low['by'], shown)} = {level}"
            text += _msg("summary_low", lang, low=name, low_share=low["share"])
        t = self.timing
        t = t[t["by"] == "all"].set_index("stat") if len(t) else t
        if len(t):
            start = (self.start.replace("_at", "") if is_english(lang)
                     else checks.column_label(self.start, lang))
            text += _msg("summary_days", lang, med=t.loc["median", "days"],
                         p90=t.loc["p90", "days"], start=start)
        c = self.closed_loop
        if len(c):
            r = c[c["by"] == "all"].iloc[0]
            text += _msg("summary_loop", lang, share=r["share"], lo=r["ci_lower"],
                         hi=r["ci_upper"])
        return text + self._effect_sentences(lang)

    def _effect_sentences(self, lang: str | None = None) -> str:
        e = self.table.set_index(["outcome", "model"]) if len(self.table) else None
        text = ""
        if e is not None and ("csat", "adjusted") in e.index:
            r = e.loc[("csat", "adjusted")]
            naive = e.loc[("csat", "naive"), "estimate"] if ("csat", "naive") in e.index \
                else np.nan
            text += _msg("summary_csat", lang, ratio=np.exp(r["estimate"]),
                         lo=np.exp(r["ci_lower"]), hi=np.exp(r["ci_upper"]),
                         naive=np.exp(naive))
        if e is not None and ("repurchase", "adjusted, same CSAT") in e.index:
            r = e.loc[("repurchase", "adjusted, same CSAT")]
            text += _msg("summary_hr", lang, ratio=np.exp(r["estimate"]),
                         lo=np.exp(r["ci_lower"]), hi=np.exp(r["ci_upper"]))
        return text

    def plot(self, ax=None, *, kind: str = "shares", by: str | None = None, title=None):
        """Draw the share followed up (``kind="shares"``), the closed-loop rate
        (``"closed_loop"``), the days to the call (``"timing"``) or the effects with the
        truth (``"effects"``); ``by`` keeps one grouping column. Returns the Axes."""
        from ..plotting import fix_fonts, new_axes, plot_context

        checks.one_of("kind", kind, KINDS)
        with plot_context(self.locale):
            fig, ax = new_axes(ax, figsize=(8, 5))
            if kind == "effects":
                _draw_effects(ax, self.table, self.text_locale)
            else:
                _draw_groups(ax, self, kind, by)
            if title is not None:
                ax.set_title(title)
            fix_fonts(ax)
        return ax


#: the effects' outcomes and models as a chart names them (the table keeps the codes)
_OUTCOMES = {"csat": N_("CSAT"), "repurchase": N_("repurchase")}
_MODELS = {"naive": N_("naive"), "adjusted": N_("adjusted"),
           "adjusted, same CSAT": N_("adjusted, same CSAT")}


def _group_labels(t: pd.DataFrame, locale: str | None, lang: str | None = None) -> list[str]:
    """'column: level' per row, levels as the locale's labels (codes without a locale)."""
    out = []
    for b, lev in zip(t["by"], t["level"], strict=True):
        if b == "all":
            out.append(tr("all", lang))
            continue
        lab = checks.level_labels(b, locale, [lev]).get(lev, lev)
        if lab == "(missing)":
            lab = tr(lab, lang)
        out.append(f"{checks.column_label(b, locale)}: {lab}")
    return out


def _draw_groups(ax, res: FollowupResult, kind: str, by: str | None) -> None:
    lang = res.text_locale
    if kind == "timing":
        t = res.timing[res.timing["stat"] == "median"]
        value = "days"
        title = _msg("timing_title", lang, start=_column(res.start, lang))
    else:
        t = res.shares if kind == "shares" else res.closed_loop
        value = "share"
        title = _msg("shares_title" if kind == "shares" else "loop_title", lang)
    if by is not None:
        t = t[t["by"].isin(["all", by])]
    if t.empty:
        raise ValueError(tr("nothing to draw for kind={kind!r}: see the notes", lang,
                            kind=kind))
    y = np.arange(len(t))[::-1]
    est = t[value].to_numpy(dtype=float)
    lo = np.nan_to_num(est - t["ci_lower"].to_numpy(dtype=float), nan=0.0)
    hi = np.nan_to_num(t["ci_upper"].to_numpy(dtype=float) - est, nan=0.0)
    colors = ["#555555" if b == "all" else "#2c6e9b" for b in t["by"]]
    ax.barh(y, est, color=colors, xerr=[lo, hi], error_kw={"elinewidth": 0.8})
    ax.set_yticks(y, _group_labels(t, _shown(res.locale, lang), lang), fontsize=8)
    ax.set_xlabel(_msg("days_axis" if kind == "timing" else "share_axis", lang))
    if kind != "timing":
        ax.set_xlim(0, 1)
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    ax.set_title(title)


def _draw_effects(ax, table: pd.DataFrame, lang: str | None = None) -> None:
    if table.empty:
        raise ValueError(tr("no effect was estimated: see the notes", lang))
    y = np.arange(len(table))[::-1]
    ax.axvline(0, color="#555555", linewidth=0.8, linestyle="--")
    ax.hlines(y, table["ci_lower"], table["ci_upper"], color="#2c3e50", linewidth=1.5)
    ax.plot(table["estimate"], y, "o", color="#2c3e50")
    has = table["truth"].notna().to_numpy()
    if has.any():
        ax.plot(table["truth"][has], y[has], "D", color="#c0392b",
                label=_msg("truth_label", lang))
        ax.legend(loc="best", fontsize=8)
    if is_english(lang):
        names = [f"{o}: {m}" for o, m in zip(table["outcome"], table["model"], strict=True)]
    else:
        names = [tr("{outcome}: {model}", lang, outcome=tr(_OUTCOMES.get(o, o), lang),
                    model=tr(_MODELS.get(m, m), lang))
                 for o, m in zip(table["outcome"], table["model"], strict=True)]
    ax.set_yticks(y, names, fontsize=8)
    ax.set_xlabel(_msg("effect_axis", lang))
    ax.set_title(_msg("effects_title", lang))


# --------------------------------------------------------------------------- arguments
def _by_arg(by, default: tuple, lang: str | None = None) -> tuple[list[str], bool]:
    """The grouping columns and whether they are the defaults (absent ones then skipped)."""
    if by is None:
        return list(default), True
    out = checks.by_columns(by)
    clash = [b for b in out if b in _ADDED or b in ("by", "level", "all")]
    if clash:
        raise ValueError(_msg("by_reserved", lang, col=clash[0]))
    return out, False


def _satisfied(value, lang: str | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not 1 <= value <= 5:
        raise ValueError(_msg("satisfied", lang, value=value))
    return float(value)


def _truth_values(truth, lang: str | None = None) -> dict[str, float]:
    """The truth's values of :data:`TRUTH` (a Truth with ``.value`` or a mapping)."""
    if truth is None:
        return {}
    out = {}
    for outcome, name in TRUTH.items():
        if isinstance(truth, Mapping):
            if name in truth:
                out[outcome] = float(truth[name])
        elif hasattr(truth, "value"):
            try:
                out[outcome] = float(truth.value(name))
            except KeyError:
                pass
        else:
            raise TypeError(_msg("truth_type", lang, type=type(truth).__name__))
    return out


# --------------------------------------------------------------------------- the frame
def _followed_flag(c: pd.DataFrame, events, notes: list[str], event_times=None) -> pd.Series:
    """``followed_up`` as a nullable boolean by the kit's flags rule, or from the events."""
    lang = getattr(notes, "lang", None)
    if "followed_up" in c.columns:
        return flags.as_bool(c["followed_up"], "followed_up").set_axis(c.index)
    if events is None:
        raise KeyError(_msg("no_flag", lang, have=", ".join(map(str, c.columns))))
    checks.check_columns(c, ["complaint_id"], "complaints")
    notes.append(_msg("flag_from_events", lang, event="follow_up"))
    called = (_event_times(events) if event_times is None else event_times()).index
    return pd.Series(isin(c["complaint_id"], pd.Series(called, dtype=c["complaint_id"].dtype)
                          if _all_text(called, c["complaint_id"]) else called),
                     index=c.index, dtype="boolean")


def _all_text(ids: pd.Index, like: pd.Series) -> bool:
    """Whether ``ids`` can be matched as ``like``'s pyarrow strings (all text)."""
    return isinstance(like.dtype, pd.StringDtype) and like.dtype.storage == "pyarrow" \
        and pd.api.types.infer_dtype(ids, skipna=False) == "string"


def _event_times(events: pd.DataFrame) -> pd.Series:
    """complaint_id -> time of its first 'follow_up' event."""
    ev = checks.check_frame(events, "events")
    checks.check_columns(ev, ["complaint_id", "event", "at"], "events")
    at = checks.times(ev, "at", what="events' time", missing="keep")
    hit = (ev["event"].astype(str) == "follow_up").to_numpy() & at.notna().to_numpy()
    return at[hit].groupby(ev.loc[hit, "complaint_id"].to_numpy()).min()


def _followup_times(c: pd.DataFrame, events, notes: list[str],
                    event_times=None) -> pd.Series | None:
    """The time of each complaint's follow-up call (NaT when none), or None when unknown."""
    lang = getattr(notes, "lang", None)
    if "followup_at" in c.columns:
        return checks.times(c, "followup_at", what="follow-up time", missing="keep")
    if events is None or "complaint_id" not in c.columns:
        notes.append(_msg("no_time", lang))
        return None
    times = _event_times(events) if event_times is None else event_times()
    return pd.Series(c["complaint_id"].map(times).to_numpy(dtype="datetime64[ns]"),
                     index=c.index)


def _frame(complaints, surveys, customers, agents, events, ledger, notes) -> pd.DataFrame:
    """One row per complaint with ``followed_up`` (known), ``followup_time`` and the joins."""
    lang = getattr(notes, "lang", None)
    f = complaint_frame(complaints, surveys, agents=agents, customers=customers)
    f.index = complaints.index
    notes += f.attrs.get("notes", [])
    memo = []

    def event_times():  # the events' follow-up times, read once for the flag and the times
        if not memo:
            memo.append(_event_times(events))
        return memo[0]

    flag = _followed_flag(f, events, notes, event_times)
    times = _followup_times(f, events, notes, event_times)
    f["followup_time"] = pd.Series(pd.NaT, index=f.index, dtype="datetime64[ns]") \
        if times is None else times
    f.attrs["times_known"] = times is not None
    f = ledger.drop(flag.isna().to_numpy(), _msg("flag_missing", lang), data=f)
    f["followed_up"] = flag[f.index].astype(bool).to_numpy()
    f["no_followup"] = (~f["followed_up"]).astype(float)
    if surveys is None:
        notes.append(_msg("no_survey", lang))
    if len(f) == 0:
        raise ValueError(tr("no complaint is left to analyse: {note}", lang,
                            note=ledger.note()))
    return f


def _days_to_call(f: pd.DataFrame, start: str, notes: list[str]) -> pd.Series:
    """Days from ``start`` to the call, for followed-up complaints with both times."""
    lang = getattr(notes, "lang", None)
    out = pd.Series(np.nan, index=f.index)
    if not f.attrs.get("times_known", True):
        return out
    if start not in f.columns and start == "resolved_at":  # the default: a note, not an error
        notes.append(_msg("no_start_column", lang, start=start))
        return out
    checks.check_columns(f, [start], "complaints")
    s = checks.times(f, start, what="start", missing="keep")
    days = (f["followup_time"] - s).dt.total_seconds() / 86400
    called = f["followed_up"].to_numpy()
    no_time = called & f["followup_time"].isna().to_numpy()
    no_start = called & ~no_time & s.isna().to_numpy()
    neg = called & (days < 0).to_numpy()
    what = _column(start, lang)
    for k, key in ((no_time, "time_missing"), (no_start, "no_start")):
        if k.any():
            notes.append(_msg(key, lang, k=int(k.sum()), start=what))
    if neg.any():
        case = f["complaint_id"][neg].iloc[0] if "complaint_id" in f else f.index[neg][0]
        notes.append(_msg("negative", lang, k=int(neg.sum()), start=what, case=case))
    odd = ~called & f["followup_time"].notna().to_numpy()
    if odd.any():
        case = f["complaint_id"][odd].iloc[0] if "complaint_id" in f else f.index[odd][0]
        notes.append(_msg("time_not_flagged", lang, k=int(odd.sum()), case=case))
    ok = called & (days >= 0).to_numpy()
    out[ok] = days[ok]
    return out


def _closed_loop(f: pd.DataFrame, satisfied: float, notes: list[str]) -> pd.Series | None:
    """Resolved, followed up, and satisfied where the survey was answered."""
    lang = getattr(notes, "lang", None)
    if "resolved" not in f.columns:
        notes.append(_msg("no_resolved", lang))
        return None
    unhappy = pd.Series(False, index=f.index)
    if "csat_score" in f.columns:
        unhappy = f["responded"].astype(bool) & (f["csat_score"] < satisfied)
    f["_unsatisfied"] = unhappy.to_numpy()
    return f["resolved"].astype(bool) & f["followed_up"] & ~unhappy


# --------------------------------------------------------------------------- groups
def _groups(f: pd.DataFrame, by: list[str]):
    """(by name, level labels, codes) for 'all' and each grouping column."""
    yield "all", np.array(["all"]), np.zeros(len(f), dtype=np.int64)
    for b in by:
        s = f[b]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.cat.remove_unused_categories()
            levels = [str(x) for x in s.cat.categories]
            codes = s.cat.codes.to_numpy().astype(np.int64)
        else:
            codes, uniq = pd.factorize(s, sort=True)
            levels = [str(x) for x in uniq]
        if (codes < 0).any():
            levels = [*levels, "(missing)"]
            codes = np.where(codes < 0, len(levels) - 1, codes)
        yield b, np.array(levels, dtype=object), codes


def _share_table(f: pd.DataFrame, by: list[str], x: np.ndarray, alpha: float,
                 count: str, extra: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    rows = []
    for b, levels, codes in _groups(f, by):
        g = len(levels)
        value, lo, hi, n = _share(codes, x.astype(float), g, alpha)
        part = pd.DataFrame({"by": b, "level": levels, "n": n,
                             count: np.bincount(codes, weights=x, minlength=g).astype(int),
                             "share": value, "ci_lower": lo, "ci_upper": hi})
        for name, v in (extra or {}).items():
            part[name] = np.bincount(codes, weights=v.astype(float), minlength=g).astype(int)
        rows.append(part[part["n"] > 0])
    return pd.concat(rows, ignore_index=True)


def _timing_table(f: pd.DataFrame, by: list[str], days: np.ndarray,
                  alpha: float) -> pd.DataFrame:
    if np.isnan(days).all():
        return pd.DataFrame(columns=["by", "level", "stat", "days", "ci_lower", "ci_upper",
                                     "n"])
    rows = []
    for b, levels, codes in _groups(f, by):
        for stat, q in (("median", 0.5), ("p90", 0.9)):
            value, lo, hi, n = _quantile(codes, days, len(levels), q, alpha)
            part = pd.DataFrame({"by": b, "level": levels, "stat": stat, "days": value,
                                 "ci_lower": lo, "ci_upper": hi, "n": n})
            rows.append(part[part["n"] > 0])
    return pd.concat(rows, ignore_index=True)


def _overall_shown(t: pd.DataFrame, lang: str | None) -> pd.DataFrame:
    """``t`` with the level of its overall rows (``by`` 'all') named in a non-English
    ``lang`` (全部); ``by`` keeps 'all', and English the level 'all' (issue 13 item 4)."""
    if is_english(lang) or t.empty or "level" not in t.columns:
        return t
    t = t.copy()
    t["level"] = t["level"].where(t["by"] != "all", tr("all", lang))
    return t


# --------------------------------------------------------------------------- effects
def _design(d: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Numbers for the model: yes/no as 0/1, categories as indicators (first level left
    out), constant columns dropped."""
    parts = []
    for col in columns:
        s = d[col]
        if pd.api.types.is_bool_dtype(s) or str(s.dtype) == "boolean":
            parts.append(s.astype(float).rename(col))
        elif pd.api.types.is_numeric_dtype(s):
            parts.append(s.astype(float).rename(col))
        else:
            dummies = pd.get_dummies(s.astype(str), prefix=col, drop_first=True, dtype=float)
            parts.append(dummies)
    x = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=d.index)
    return x.loc[:, x.nunique() > 1]


def _usable(d: pd.DataFrame, cols: list[str]) -> np.ndarray:
    return d[cols].notna().all(axis=1).to_numpy() if cols else np.ones(len(d), dtype=bool)


def _row(outcome, model, measure, est, se, p, n, k, z, covariates) -> dict:
    return {"outcome": outcome, "model": model, "term": "no_followup", "measure": measure,
            "estimate": est, "ci_lower": est - z * se, "ci_upper": est + z * se,
            "p_value": p, "n": n, "without_call": k, "truth": np.nan,
            "covariates": covariates}


def _enough(d: pd.DataFrame, lang: str | None = None) -> str | None:
    k = int(d["no_followup"].sum())
    if len(d) - k < MIN_ROWS or k < MIN_ROWS:
        return tr("{called} rows with the call and {k} without (at least {need} of each are "
                  "needed)", lang, called=fmt_int(len(d) - k, lang), k=fmt_int(k, lang),
                  need=MIN_ROWS)
    return None


_ORDERED_LOGIT = None


def _ordered_logit():
    """statsmodels' OrderedModel (logit link) with the analytic gradient and Hessian of the
    ordered logit (its own are numerical: 2k log-likelihoods per gradient, about 2k² for the
    Hessian) and the logistic cdf and density computed directly (scipy.stats' generic ``cdf``
    spends most of its time checking arguments). Same model, same likelihood: the estimates
    and standard errors are those of the plain OrderedModel to its optimiser's tolerance
    (checked in tests/test_followup.py and tests/test_drivers.py). Fitted by
    :func:`fit_ordered_logit`.

    Parameters are statsmodels': the coefficients, then the first threshold and the logs of
    the increments between thresholds, t_j = a_0 + sum_{1 <= m <= j} exp(a_m).
    """
    global _ORDERED_LOGIT
    if _ORDERED_LOGIT is not None:
        return _ORDERED_LOGIT
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    class OrderedLogit(OrderedModel):
        def cdf(self, x):
            from scipy.special import expit

            return expit(x)

        def pdf(self, x):
            y = np.exp(-np.abs(x))
            return y / (1 + y) ** 2

        def _pieces(self, params):
            """Per row: the probability of its level and the derivatives of its
            log-likelihood with respect to the upper (u) and lower (l) bounds."""
            low, upp = self._bounds(params)
            f_low, f_upp = self.cdf(low), self.cdf(upp)
            prob = np.maximum(f_upp - f_low, 0) + 1e-20
            d_low, d_upp = f_low * (1 - f_low), f_upp * (1 - f_upp)  # densities (0 at inf)
            return prob, f_low, f_upp, d_low, d_upp

        def _threshold_chain(self, params, d_t):
            """The gradient with respect to the thresholds, d_t, taken to the parameters."""
            k = self.k_levels - 1
            a = np.asarray(params, dtype=float)[-k:]
            tail = d_t[::-1].cumsum()[::-1]  # t_j = a_0 + sum_{m <= j} exp(a_m)
            return np.concatenate([[tail[0]], np.exp(a[1:]) * tail[1:]])

        def natural(self, params, hessian: bool = True):
            """The gradient (and Hessian) of the log-likelihood in the coefficients and the
            thresholds t themselves, where it is concave."""
            prob, f_low, f_upp, d_low, d_upp = self._pieces(params)
            g_low, g_upp = -d_low / prob, d_upp / prob  # d loglike / d bound
            x = np.asarray(self.exog, dtype=float)
            k, p = self.k_levels - 1, x.shape[1]
            y = np.asarray(self.endog, dtype=np.int64)
            up, lo = y < k, y > 0  # rows with a finite upper / lower bound
            grad = np.concatenate([
                -(g_upp + g_low) @ x,
                np.bincount(y[up], weights=g_upp[up], minlength=k)
                + np.bincount(y[lo] - 1, weights=g_low[lo], minlength=k)])
            if not hessian:
                return grad, None
            # second derivatives of log(F(u) - F(l)); the logistic density's slope f(1 - 2F)
            h_uu = d_upp * (1 - 2 * f_upp) / prob - g_upp ** 2
            h_ll = -d_low * (1 - 2 * f_low) / prob - g_low ** 2
            h_ul = -g_upp * g_low
            h = np.zeros((p + k, p + k))
            h[:p, :p] = (x * (h_uu + h_ll + 2 * h_ul)[:, None]).T @ x
            w_up = np.where(up, h_uu + h_ul, 0.0)  # d2 / d b d t_upper, times -x
            w_lo = np.where(lo, h_ll + h_ul, 0.0)
            # t_j is the upper bound of the rows at level j, the lower one of those at j + 1:
            # per column of x, sums of w x by level
            bt = -np.array([np.bincount(y, weights=w_up * x[:, c], minlength=k + 1)[:k]
                            + np.bincount(y, weights=w_lo * x[:, c], minlength=k + 1)[1:]
                            for c in range(p)]).reshape(p, k)
            h[:p, p:], h[p:, :p] = bt, bt.T
            tt = np.diag(np.bincount(y[up], weights=h_uu[up], minlength=k)
                         + np.bincount(y[lo] - 1, weights=h_ll[lo], minlength=k))
            both = up & lo  # t_{y-1} and t_y both bound the row
            off = np.bincount(y[both] - 1, weights=h_ul[both], minlength=k)[:k - 1]
            tt[np.arange(k - 1), np.arange(1, k)] = off
            tt[np.arange(1, k), np.arange(k - 1)] = off
            h[p:, p:] = tt
            return grad, h

        def _jacobian(self, params):
            """d (b, t) / d params: t = a_0 + cumulative exp(a_m), so dt_j / da_m = e^a_m
            for 1 <= m <= j (and 1 for a_0)."""
            k = self.k_levels - 1
            p = len(params) - k
            e = np.concatenate([[1.0], np.exp(np.asarray(params, dtype=float)[p + 1:])])
            jac = np.eye(p + k)
            jac[p:, p:] = np.tril(np.ones((k, k))) * e[None, :]
            return jac

        def score(self, params):
            grad, _ = self.natural(params, hessian=False)
            return self._jacobian(params).T @ grad

        def hessian(self, params):
            """The analytic Hessian: in the coefficients and thresholds, taken to the
            parameters; the increments' second derivative adds the gradient on the
            diagonal (d2 t / d a_m2 = e^a_m, m >= 1)."""
            grad, h = self.natural(params)
            jac = self._jacobian(params)
            h = jac.T @ h @ jac
            p = len(params) - (self.k_levels - 1)
            chain = jac.T @ grad
            h[np.arange(p + 1, len(params)), np.arange(p + 1, len(params))] += chain[p + 1:]
            return (h + h.T) / 2

    _ORDERED_LOGIT = OrderedLogit
    return OrderedLogit


def fit_ordered_logit(codes, x: pd.DataFrame, maxiter: int = 200):
    """Fit :func:`_ordered_logit` by Newton's method on the coefficients and thresholds
    (where the log-likelihood is concave), halving a step while the likelihood falls or the
    thresholds would cross; then statsmodels' own Newton from there (one step) gives the
    result object. BFGS from the same point if that does not converge."""
    model = _ordered_logit()(codes, x, distr="logit")
    k = model.k_levels - 1
    p = len(model.start_params) - k

    def params_of(nat):
        t = nat[p:]
        return np.concatenate([nat[:p], t[:1], np.log(np.diff(t))])

    theta = np.asarray(model.start_params, dtype=float)
    nat = np.concatenate([theta[:p], model.transform_threshold_params(theta)[1:-1]])
    ll = model.loglike(theta)
    for _ in range(maxiter):
        grad, h = model.natural(theta)
        try:
            step = np.linalg.solve(h, -grad)
        except np.linalg.LinAlgError:
            break
        for _ in range(60):
            new = nat + step
            if np.all(np.diff(new[p:]) > 0):
                new_theta = params_of(new)
                new_ll = model.loglike(new_theta)
                if new_ll >= ll - 1e-12 * abs(ll):
                    break
            step = step / 2
        else:
            break
        nat, theta, ll = new, new_theta, new_ll
        if np.max(np.abs(step)) < 1e-10:
            break
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # OrderedModel's harmless warnings (unused index)
        fit = model.fit(start_params=theta, method="newton", disp=0, maxiter=maxiter)
        if not fit.mle_retvals.get("converged", True) \
                or not np.all(np.isfinite(np.asarray(fit.params))):
            fit = model.fit(start_params=theta, method="bfgs", disp=0, maxiter=5000)
    return fit


def _ologit(d: pd.DataFrame, cols: list[str]):
    y = d["csat_score"].to_numpy(dtype=float)
    codes = pd.Series(pd.Categorical(y, categories=np.unique(y), ordered=True), index=d.index)
    x = _design(d, ["no_followup", *cols])
    fit = fit_ordered_logit(codes, x)
    j = list(x.columns).index("no_followup")
    return fit, float(np.asarray(fit.params)[j]), float(np.asarray(fit.bse)[j]), \
        float(np.asarray(fit.pvalues)[j])


def _csat_effects(f: pd.DataFrame, adjust: list[str], controls: list[str], z: float,
                  models: dict, notes: list[str]) -> list[dict]:
    lang = getattr(notes, "lang", None)
    if "csat_score" not in f.columns:
        return []
    d = f[f["responded"].astype(bool) & f["csat_score"].notna()]
    why = _enough(d, lang) if len(d) else tr("no survey answer with a CSAT", lang)
    if why:
        notes.append(_msg("too_few", lang, what=tr("effect on CSAT", lang), detail=why))
        return []
    rows = []
    fit, est, se, p = _ologit(d, [])
    models["csat_naive"] = fit
    rows.append(_row("csat", "naive", "log_odds", est, se, p, len(d),
                     int(d["no_followup"].sum()), z, ""))
    cols = adjust + controls
    ok = _usable(d, cols)
    if (~ok).any():
        notes.append(_msg("adjust_missing", lang, k=int((~ok).sum()),
                          unit=tr("respondents", lang), cols=_either(cols, lang),
                          model=tr("CSAT model", lang)))
    d = d[ok]
    fit, est, se, p = _ologit(d, cols)
    models["csat_adjusted"] = fit
    rows.append(_row("csat", "adjusted", "log_odds", est, se, p, len(d),
                     int(d["no_followup"].sum()), z, ", ".join(cols)))
    return rows


def _loyalty_rows(f: pd.DataFrame, complaints, surveys, customers, adjust: list[str],
                  notes: list[str]) -> pd.DataFrame | None:
    """One row per complainant (first complaint), as ck.loyalty_frame builds it, with the
    call and the adjustment columns of that complaint."""
    lang = getattr(notes, "lang", None)
    from .loyalty import loyalty_frame

    if customers is None or any(c not in customers.columns for c in LOYALTY_COLUMNS) \
            or "complaint_id" not in f.columns:
        notes.append(_msg("no_loyalty", lang))
        return None
    lf = loyalty_frame(customers, complaints, surveys)
    lf = lf[(lf["index_event"].astype(str) == "complaint") & lf["complaint_id"].notna()]
    cols = ["no_followup", *[c for c in adjust if c not in lf.columns]]
    extra = f.drop_duplicates("complaint_id").set_index("complaint_id")[cols]
    return lf.join(extra, on="complaint_id", how="inner")


def _cox_row(d: pd.DataFrame, cols: list[str], strata, model: str, z: float, models: dict,
             key: str) -> dict:
    from .loyalty import _cox

    x = _design(d, ["no_followup", *cols])
    fit, rows = _cox(d["days_to_next_purchase"].astype(float),
                     d["repurchased"].astype(bool).astype(int), x, strata, model,
                     2 * (1 - _norm_cdf(z)))  # _cox takes alpha
    models[key] = fit
    r = rows[0]
    se = float(np.asarray(fit.bse)[0])
    return _row("repurchase", model, "log_hr", r["log_hr"], se, r["p_value"], len(d),
                int(d["no_followup"].sum()), z, ", ".join(cols))


def _norm_cdf(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _repurchase_effects(lf, adjust: list[str], z: float, models: dict,
                        notes: list[str]) -> list[dict]:
    lang = getattr(notes, "lang", None)
    if lf is None:
        return []
    d = lf[lf["days_to_next_purchase"].astype(float) > 0].copy()
    d["log1p_hours_to_first_response"] = np.log1p(d["hours_to_first_response"].astype(float))
    why = _enough(d, lang) if len(d) else tr("no complainant with some time to buy again",
                                             lang)
    if why:
        notes.append(_msg("too_few", lang, what=tr("effect on repurchase", lang), detail=why))
        return []
    rows = [_cox_row(d, [], np.zeros(len(d)), "naive", z, models, "repurchase_naive")]
    cols = [c for c in adjust if c != "tier"] + ["log1p_hours_to_first_response"]
    strata = "tier" in adjust
    ok = _usable(d, cols + (["tier"] if strata else []))
    if (~ok).any():
        notes.append(_msg("adjust_missing", lang, k=int((~ok).sum()),
                          unit=tr("customers", lang), cols=_either(cols, lang),
                          model=tr("Cox models", lang)))
    d = d[ok]
    s = d["tier"].astype(str).to_numpy() if strata else np.zeros(len(d))
    rows.append(_cox_row(d, cols, s, "adjusted", z, models, "repurchase_adjusted"))
    resp = d["csat_score"].notna().to_numpy()
    if resp.any() and not _enough(d[resp], lang):
        rows.append(_cox_row(d[resp], [*cols, "csat_score"], s[resp], "adjusted, same CSAT",
                             z, models, "repurchase_same_csat"))
    return rows


def _effects(rows: list[dict], truth: dict[str, float], notes: list[str],
             asked: bool) -> pd.DataFrame:
    lang = getattr(notes, "lang", None)
    t = pd.DataFrame(rows, columns=EFFECT_COLUMNS)
    target = {"csat": "adjusted", "repurchase": "adjusted, same CSAT"}
    for outcome, model in target.items():
        hit = (t["outcome"] == outcome) & (t["model"] == model)
        if outcome in truth:
            t.loc[hit, "truth"] = truth[outcome]
        elif asked and hit.any():
            what = outcome if is_english(lang) else tr(_OUTCOMES[outcome], lang)
            notes.append(_msg("truth_absent", lang, name=TRUTH[outcome], what=what))
    return t.astype({"truth": float})


def _adjust_arg(adjust, f: pd.DataFrame, notes: list[str]) -> list[str]:
    lang = getattr(notes, "lang", None)
    if adjust is None:
        cols = list(DEFAULT_ADJUST)
        have = [c for c in cols if c in f.columns]
        if not have:
            notes.append(_msg("adjust_none", lang, cols=_list(cols, lang)))
        elif len(have) < len(cols):
            notes.append(_msg("adjust_absent", lang, have=_list(have, lang),
                              cols=_list([c for c in cols if c not in have], lang)))
        return have
    cols = checks.column_names("adjust", adjust)
    checks.check_columns(f, cols, "the complaints (with customers and agents joined)")
    return cols


def _controls_arg(controls, f: pd.DataFrame) -> list[str]:
    if controls is None:
        return [c for c in DEFAULT_CONTROLS if c in f.columns]
    cols = checks.column_names("controls", controls) if len(controls) else []
    checks.check_columns(f, cols, "the complaints (with surveys joined)")
    return cols


def _by_present(f: pd.DataFrame, by: list[str], default: bool, notes: list[str]) -> list[str]:
    lang = getattr(notes, "lang", None)
    if not default:
        checks.check_columns(f, by, "the complaints (with customers and agents joined)")
        return by
    absent = [b for b in by if b not in f.columns]
    if absent:
        notes.append(_msg("by_absent", lang, cols=_list(absent, lang)))
    return [b for b in by if b in f.columns]


# --------------------------------------------------------------------------- the analysis
def followup(complaints: pd.DataFrame, surveys: pd.DataFrame | None = None, *,
             customers: pd.DataFrame | None = None, agents: pd.DataFrame | None = None,
             events: pd.DataFrame | None = None, by=None, adjust=None, controls=None,
             start: str = "resolved_at", satisfied: float = 4, truth=None,
             locale: str | None = None, confidence: float = 0.95) -> FollowupResult:
    """The follow-up call (回访): who is called back and when, the closed loop, and the
    effect of the call on CSAT and repurchase.

    Parameters
    ----------
    complaints : DataFrame
        The ``complaints`` table, with ``followed_up`` (yes/no by the kit's flags rule:
        True/False, Y/N, 是/否 ...). Without it, ``events=`` tells who was called.
    surveys : DataFrame, optional
        The ``surveys`` table: CSAT for the closed loop and the effect on CSAT.
    customers, agents : DataFrame, optional
        Joined for ``region``, ``age_band``, ``tier`` and ``team``; ``customers`` with the
        loyalty columns (a kit world's) also gives the effect on repurchase.
    events : DataFrame, optional
        The life-cycle log: the time of each complaint's ``follow_up`` event is the time of
        the call (when the complaints have no ``followup_at`` column).
    by : str or list of str, optional
        Grouping columns; default priority, channel, team, region, age_band (those present).
    adjust : list of str, optional
        What decides who is called (the confounders); default priority, channel, team, tier.
    controls : list of str, optional
        Other drivers of CSAT in its model (default: resolved, first_contact_resolution,
        extra_contacts and the survey's ratings, those present); ``()`` for none.
    start : str
        The date-time column the days to the call are counted from (``"closed_at"`` where a
        system closes before calling).
    satisfied : float
        The lowest CSAT that confirms satisfaction in the closed loop.
    truth : Truth or mapping, optional
        A world's truth (``world.truth``): its ``process.no_followup_csat`` and
        ``process.no_followup_log_hr`` are put beside the adjusted estimates.
    locale : {None, "en_US", "zh_CN"}
        Labels of the groups in plots, and the language of every text; None: the
        complaints' own (a Chinese world's speak Chinese, with labels; an English one shows
        the codes).
    confidence : float
        Confidence level of every interval.

    Returns
    -------
    FollowupResult
        ``.table`` (the effects, with the truth), ``.shares``, ``.closed_loop``, ``.timing``,
        ``.complaints``; every column is listed in :class:`FollowupResult`.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.generate(n_complaints=1500, seed=3, progress=False)
    >>> res = ck.followup(w.complaints, w.surveys, customers=w.customers, agents=w.agents,
    ...                   events=w.events, truth=w.truth)
    >>> res.notes[0].endswith("complaints used")
    True
    >>> list(res.table["model"])
    ['naive', 'adjusted', 'naive', 'adjusted', 'adjusted, same CSAT']
    >>> import matplotlib.pyplot as plt
    >>> ax = res.plot(kind="shares", by="priority")
    >>> plt.close("all")
    """
    conf = checks.confidence(confidence)
    locale = checks.locale(locale)
    lang = locale_of(complaints, locale=locale)
    complaints = checks.check_frame(complaints, "complaints")
    by, default_by = _by_arg(by, DEFAULT_BY, lang)
    satisfied = _satisfied(satisfied, lang)
    truth_values = _truth_values(truth, lang)
    ledger, notes, models = RowLedger(complaints, unit="complaints", locale=lang), \
        _Notes(lang=lang), {}
    f = _frame(complaints, surveys, customers, agents, events, ledger, notes)
    by = _by_present(f, by, default_by, notes)
    adjust, controls = _adjust_arg(adjust, f, notes), _controls_arg(controls, f)
    f["days_to_followup"] = _days_to_call(f, start, notes)
    loop = _closed_loop(f, satisfied, notes)
    alpha, z = 1 - conf, float(_z(conf))
    shares = _share_table(f, by, f["followed_up"].to_numpy(), alpha, "followed_up")
    closed = pd.DataFrame() if loop is None else _share_table(
        f, by, loop.to_numpy(), alpha, "closed",
        {"resolved": f["resolved"].to_numpy(), "followed_up": f["followed_up"].to_numpy(),
         "respondents": f.get("responded", pd.Series(False, index=f.index)).to_numpy(),
         "unsatisfied": f["_unsatisfied"].to_numpy()})
    timing = _timing_table(f, by, f["days_to_followup"].to_numpy(dtype=float), alpha)
    shares, closed, timing = (_overall_shown(t, lang) for t in (shares, closed, timing))
    rows = _csat_effects(f, adjust, controls, z, models, notes)
    lf = _loyalty_rows(f, complaints, surveys, customers, adjust, notes)
    rows += _repurchase_effects(lf, adjust, z, models, notes)
    f["closed_loop"] = loop if loop is not None else np.nan
    keep = [c for c in ("complaint_id", "followed_up", "closed_loop", "days_to_followup")
            if c in f.columns] + by
    return FollowupResult(
        table=_effects(rows, truth_values, notes, truth is not None), shares=shares,
        closed_loop=closed, timing=timing, complaints=f[keep].reset_index(drop=True),
        by=by, start=start, confidence=conf, locale=locale, model=models, ledger=ledger,
        notes=list(notes), assumptions=[tr(a, lang) for a in ASSUMPTIONS])


def _z(conf: float) -> float:
    from scipy.stats import norm

    return norm.ppf(1 - (1 - conf) / 2)


# =========================================================================== the plan
@dataclass(repr=False)
class CallbackPlanResult(Result):
    """One follow-up call per customer within a cycle, most urgent first.

    Attributes
    ----------
    table : DataFrame
        One row per customer, in calling order: ``rank``, ``customer_id``, ``day`` (1 is the
        first calling day), ``date``, ``within_cycle``, ``complaints`` (how many of theirs
        the call covers), ``complaint_ids`` (comma separated), ``priority`` (the highest),
        ``unresolved`` (any unresolved), ``csat`` (the lowest answered, else missing),
        ``oldest_received_at``.
    days : DataFrame
        ``day``, ``date``, ``calls``, ``capacity``, ``within_cycle``.
    """

    days: pd.DataFrame = field(default_factory=pd.DataFrame)
    capacity: int = 0
    n_agents: int = 1
    calls_per_agent_day: int = 40
    cycle_days: int = 7
    days_needed: int = 0
    agents_needed: int = 0
    coverage: float = 1.0

    @property
    def feasible(self) -> bool:
        """True when the cycle reaches every customer."""
        return self.days_needed <= self.cycle_days

    def summary(self) -> str:
        lang = self.text_locale
        n = len(self.table)
        args = {"cycle": self.cycle_days, "n": n, "cap": self.capacity,
                "agents": self.n_agents, "per": self.calls_per_agent_day,
                "days": self.days_needed, "need": self.agents_needed,
                "k": int(self.table["within_cycle"].sum()), "cov": self.coverage}
        return _msg("plan_ok" if self.feasible else "plan_short", lang, **args)

    def plot(self, ax=None, *, title=None):
        """Calls per day against the capacity, with the end of the cycle; returns the Axes."""
        from ..plotting import fix_fonts, new_axes, plot_context

        lang = self.text_locale
        with plot_context():
            fig, ax = new_axes(ax)
            d = self.days
            colors = np.where(d["within_cycle"], "#2c6e9b", "#c0392b")
            ax.bar(d["day"], d["calls"], color=colors, label=_msg("plan_calls", lang))
            ax.axhline(self.capacity, color="#333333", linestyle="--",
                       label=_msg("plan_capacity", lang, cap=self.capacity))
            ax.axvline(self.cycle_days + 0.5, color="#c0392b", linestyle=":",
                       label=_msg("plan_cycle", lang, cycle=self.cycle_days))
            ax.set_xlabel(_msg("plan_day", lang))
            ax.set_ylabel(_msg("plan_calls", lang))
            ax.legend(loc="best", fontsize=8)
            ax.set_title(title or _msg("plan_title", lang))
            fix_fonts(ax)
        return ax


def _priority_rank(c: pd.DataFrame, notes: list[str]) -> np.ndarray:
    """0 for high, 1 medium, 2 low, 3 missing (a value outside the kit's codes: an error)."""
    lang = getattr(notes, "lang", None)
    if "priority" not in c.columns:
        notes.append(_msg("plan_no_priority", lang))
        return np.zeros(len(c))
    words = c["priority"].astype(object).map(
        lambda v: v.strip().lower() if isinstance(v, str) else v)
    order = {p: i for i, p in enumerate(reversed(PRIORITIES))}
    rank = words.map(order)
    bad = words.notna() & rank.isna()
    if bad.any():
        rows = ", ".join(map(str, c.index[bad.to_numpy()][:5]))
        raise ValueError(_msg("plan_priority", lang, known=", ".join(PRIORITIES),
                              bad=", ".join(map(repr, pd.unique(words[bad])[:5])), rows=rows))
    return rank.fillna(len(PRIORITIES)).to_numpy(dtype=float)


def _to_call(complaints, surveys, include: str, ledger: RowLedger,
             notes: list[str]) -> pd.DataFrame:
    """The complaints to call: not yet followed up (or all), with a customer to call."""
    lang = getattr(notes, "lang", None)
    c = complaints
    if include == "not_followed_up":
        if "followed_up" not in c.columns:
            raise KeyError(_msg("plan_flag", lang, have=", ".join(map(str, c.columns))))
        done = flags.as_bool(c["followed_up"], "followed_up")
        if done.isna().any():
            notes.append(_msg("plan_unknown_flag", lang, k=int(done.isna().sum())))
        c = ledger.drop(done.fillna(False).to_numpy(dtype=bool), _msg("plan_done", lang), data=c)
    checks.check_columns(c, ["customer_id"], "complaints")
    c = ledger.drop(c["customer_id"].isna().to_numpy(), _msg("plan_no_customer", lang), data=c)
    if c.empty:
        raise ValueError(_msg("plan_nothing", lang, note=ledger.note()))
    if surveys is not None:
        f = complaint_frame(c, surveys)
        f.index = c.index
        c = c.assign(_csat=f["csat_score"].where(f["responded"]))
    else:
        c = c.assign(_csat=np.nan)
    return c


def _per_customer(c: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """One row per customer: the most urgent of their complaints decides."""
    lang = getattr(notes, "lang", None)
    rank = _priority_rank(c, notes)
    unresolved = (c["resolved_at"].isna().to_numpy() if "resolved_at" in c.columns
                  else np.zeros(len(c), dtype=bool))
    received = (checks.times(c, "received_at", what="received", missing="keep")
                if "received_at" in c.columns else pd.Series(pd.NaT, index=c.index))
    w = pd.DataFrame({
        "customer_id": c["customer_id"].to_numpy(), "_rank": rank, "unresolved": unresolved,
        "csat": c["_csat"].to_numpy(dtype=float), "received": received.to_numpy(),
        "cid": (c["complaint_id"].astype(str).to_numpy() if "complaint_id" in c.columns
                else c.index.astype(str))})
    g = w.groupby("customer_id", sort=False)
    out = pd.DataFrame({"_rank": g["_rank"].min(), "unresolved": g["unresolved"].any(),
                        "csat": g["csat"].min(), "oldest_received_at": g["received"].min(),
                        "complaints": g.size(),
                        "complaint_ids": g["cid"].agg(", ".join)}).reset_index()
    if out["oldest_received_at"].isna().any():
        notes.append(_msg("plan_no_received", lang,
                          k=int(out["oldest_received_at"].isna().sum())))
    return out


def _schedule(cust: pd.DataFrame, capacity: int, cycle: int, start: pd.Timestamp
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Most urgent first: high priority, unresolved, low CSAT (unknown after known),
    oldest; ties by customer id. ``capacity`` calls a day, in order."""
    cust = cust.assign(_unres=~cust["unresolved"], _id=cust["customer_id"].astype(str))
    # missing CSAT and received times sort last (na_position="last")
    cust = cust.sort_values(["_rank", "_unres", "csat", "oldest_received_at", "_id"],
                            kind="stable")
    cust = cust.reset_index(drop=True)
    cust["rank"] = np.arange(1, len(cust) + 1)
    cust["day"] = (cust["rank"] - 1) // capacity + 1
    cust["date"] = start + pd.to_timedelta(cust["day"] - 1, unit="D")
    cust["within_cycle"] = cust["day"] <= cycle
    names = {i: p for i, p in enumerate(reversed(PRIORITIES))}
    cust["priority"] = cust["_rank"].map(names)
    table = cust[["rank", "customer_id", "day", "date", "within_cycle", "complaints",
                  "complaint_ids", "priority", "unresolved", "csat", "oldest_received_at"]]
    n_days = int(table["day"].max())
    calls = table.groupby("day").size().reindex(range(1, max(n_days, cycle) + 1),
                                                 fill_value=0)
    days = pd.DataFrame({"day": calls.index, "date": start + pd.to_timedelta(
        calls.index - 1, unit="D"), "calls": calls.to_numpy(), "capacity": capacity})
    days["within_cycle"] = days["day"] <= cycle
    return table, days


def callback_plan(complaints: pd.DataFrame, surveys: pd.DataFrame | None = None, *,
                  n_agents: int = 1, calls_per_agent_day: int = 40, cycle_days: int = 7,
                  start=None, include: str = "not_followed_up",
                  locale: str | None = None) -> CallbackPlanResult:
    """A call-back plan (回访计划): one follow-up call per customer within a cycle, most
    urgent first, within the day's capacity (seed 002: "every customer revisited").

    Parameters
    ----------
    complaints : DataFrame
        The complaints to call back (filter them first, e.g. to the last week), with
        ``customer_id``; ``priority``, ``resolved_at``, ``received_at`` and
        ``complaint_id`` are used when present.
    surveys : DataFrame, optional
        The ``surveys`` table: a low CSAT answer moves a customer up.
    n_agents, calls_per_agent_day : int
        The daily capacity is their product.
    cycle_days : int
        The calling days in which everyone should be called.
    start : date-like, optional
        The first calling day; default the day after the latest ``received_at``.
    include : {"not_followed_up", "all"}
        Call the complaints not yet followed up (``followed_up`` false, by the flags rule),
        or every complaint passed (a full revisit cycle).
    locale : {None, "en_US", "zh_CN"}
        The language of the summary, notes, errors and chart; None: the complaints' own (a
        Chinese world's speak Chinese), else English.

    Returns
    -------
    CallbackPlanResult
        ``.table``: one row per customer in calling order (columns in
        :class:`CallbackPlanResult`); ``.days``: calls per day against capacity;
        ``.coverage`` (share reached within the cycle), ``.days_needed``,
        ``.agents_needed`` (to call everyone within the cycle), ``.feasible``.

    Examples
    --------
    >>> import pandas as pd
    >>> import complaintkit as ck
    >>> c = pd.DataFrame({"customer_id": ["A", "B", "B", "C"], "priority": ["low", "high",
    ...                   "low", "medium"], "followed_up": ["N", "N", "Y", "N"]})
    >>> plan = ck.callback_plan(c, calls_per_agent_day=2, cycle_days=1, start="2025-07-01")
    >>> plan.table[["rank", "customer_id", "day", "within_cycle"]]
       rank customer_id  day  within_cycle
    0     1           B    1          True
    1     2           C    1          True
    2     3           A    2         False
    >>> plan.days_needed, plan.agents_needed, plan.feasible
    (2, 2, False)
    """
    n_agents = checks.whole_number("n_agents", n_agents, 1, example=3)
    per = checks.whole_number("calls_per_agent_day", calls_per_agent_day, 1, example=40)
    cycle = checks.whole_number("cycle_days", cycle_days, 1, example=7)
    checks.one_of("include", include, ("not_followed_up", "all"))
    lang = locale_of(complaints, locale=checks.locale(locale))
    complaints = checks.check_frame(complaints, "complaints")
    ledger, notes = RowLedger(complaints, unit="complaints", locale=lang), _Notes(lang=lang)
    c = _to_call(complaints, surveys, include, ledger, notes)
    cust = _per_customer(c, notes)
    first = start if start is not None else _default_start(c)
    first = checks.timestamp("start", first).normalize()
    capacity = n_agents * per
    table, days = _schedule(cust, capacity, cycle, first)
    n = len(table)
    res = CallbackPlanResult(
        table=table, days=days, capacity=capacity, n_agents=n_agents,
        calls_per_agent_day=per, cycle_days=cycle, days_needed=math.ceil(n / capacity),
        agents_needed=math.ceil(n / (cycle * per)),
        coverage=float(table["within_cycle"].mean()), ledger=ledger, notes=list(notes),
        assumptions=[tr(a, lang) for a in PLAN_ASSUMPTIONS])
    if not res.feasible:
        res.notes.append(res.summary())
    return res


PLAN_ASSUMPTIONS = [
    N_("One call per customer covers all their complaints passed."),
    N_("Every calling day has the same capacity; days are calendar days from start (skip the "
       "days off when reading the dates)."),
    N_("Order: high priority first, then unresolved, then the lowest CSAT answered (unknown "
       "after known), then the oldest complaint."),
]


def _default_start(c: pd.DataFrame):
    if "received_at" in c.columns:
        last = checks.times(c, "received_at", what="received", missing="keep").max()
        if pd.notna(last):
            return last.normalize() + pd.Timedelta(days=1)
    return pd.Timestamp.today().normalize()
