"""Checks for exercise 03: does a fast response keep the customer?

Each check recomputes the right answer from the exercise's dataset (the loyalty frame, the
``loyalty`` result, a Cox model, the battery-batch incident in ``world.truth``), compares it
with the trainee's answer by meaning, and recognises the typical wrong answers: counting the
censored customers as lost, "ever" instead of "within 90 days", the resolution time instead
of the first response, a hazard ratio where a log hazard ratio was asked (and back), the
wrong model or term, a comparison the wrong way round or not stratified by tier, the paradox
verdict from the point estimate alone, and the batch filtered on the wrong date or product.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from . import task
from .answers import (
    ATOL,
    NO,
    YES,
    AnswerError,
    as_number,
    as_pair,
    close,
    first_match,
    read_shares,
    single_number,
    words,
)
from .feedback import correct, not_yet

WINDOW = 90
CSAT_TERM, HOURS_TERM = "csat_score", "log1p_hours_to_first_response"
RESPONDENTS, ALL = "respondents with CSAT", "all complainants"
CENSORING = (f"customers whose clock started less than {WINDOW} days before the end could not "
             "have been seen buying again: keep the complainants with "
             f"days_to_period_end >= {WINDOW}")


# --------------------------------------------------------------------------- shared pieces
def _frame(ctx) -> pd.DataFrame:
    def make():
        from ..analysis import loyalty_frame

        w = ctx.world
        lf = loyalty_frame(w.customers, w.complaints, w.surveys, w.orders)
        lf["bought_90"] = lf["repurchased"] & (lf["days_to_next_purchase"] <= WINDOW)
        return lf

    return ctx.cached("frame", make)


def _result(ctx):
    from ..analysis import loyalty

    return ctx.cached("loyalty", lambda: loyalty(_frame(ctx)))


def _complainants(ctx) -> pd.DataFrame:
    lf = _frame(ctx)
    return lf[lf["index_event"].astype(str) == "complaint"]


def _observable(d: pd.DataFrame) -> pd.DataFrame:
    return d[d["days_to_period_end"] >= WINDOW]


def _cox(time, status, exog: pd.DataFrame, strata=None):
    """(log HRs, standard errors) of a PHReg fit."""
    import warnings

    from statsmodels.duration.hazard_regression import PHReg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = PHReg(np.asarray(time, float), exog.astype(float).to_numpy(),
                    status=np.asarray(status, int),
                    strata=None if strata is None else np.asarray(strata)).fit()
    return np.asarray(fit.params), np.asarray(fit.bse)


def _row(res, model: str, term: str) -> pd.Series:
    hr = res.hazard_ratios
    return hr[(hr["model"] == model) & (hr["term"] == term)].iloc[0]


def _log_ci(row: pd.Series) -> tuple[float, float]:
    return float(np.log(row["ci_lower"])), float(np.log(row["ci_upper"]))


# --------------------------------------------------------------------------- task 1
@task("03.1", "Share of complainants who bought again within 90 days")
def repurchase_share(answer, ctx):
    comp = _complainants(ctx)
    seen = _observable(comp)
    want = float(seen["bought_90"].mean())
    x = as_number(answer)
    if x > 100:
        return not_yet("03.1", f"{x:,.0f} looks like a count: divide by the number of "
                               "complainants observable for 90 days to get a share.")
    x, notes = read_shares(x)
    if abs(x - want) < ATOL:
        return correct("03.1", *notes, f"{want:.1%} of the {len(seen):,} complainants "
                                       f"observable for {WINDOW} days bought again within "
                                       f"{WINDOW} days.")
    wrong = {
        f"That is the share among all {len(comp):,} complainants: {CENSORING}.":
            comp["bought_90"].mean(),
        f"That is the share who bought again at any time before the end of the data, not "
        f"within {WINDOW} days: also require days_to_next_purchase <= {WINDOW}.":
            seen["repurchased"].mean(),
        f"That is the share who bought again at any time, over all complainants: require "
        f"days_to_next_purchase <= {WINDOW}, and {CENSORING}.": comp["repurchased"].mean(),
        "That is the share who did not buy again within 90 days: the question asks for "
        "those who did.": 1 - want,
    }
    lf = _frame(ctx)
    everyone = _observable(lf)
    wrong["That is over all customers (silent and no-problem ones too): keep the complainants "
          "(index_event == 'complaint')."] = everyone["bought_90"].mean()
    why = first_match(x, wrong)
    if why:
        return not_yet("03.1", *notes, why)
    return not_yet("03.1", *notes, f"Not quite ({x:.3f}): among complainants with "
                                   f"days_to_period_end >= {WINDOW}, take the share with "
                                   f"repurchased and days_to_next_purchase <= {WINDOW}.")


# --------------------------------------------------------------------------- task 2
_FAST = re.compile(r"fast|quick|≤|<=|<|快|以内|within", re.I)
_SLOW = re.compile(r"slow|>|≥|>=|over|more|慢|以上|超过", re.I)


def _pair(answer) -> tuple[float, float, bool]:
    """(fast, slow, keyed): two shares from a tuple, a dict, a Series or a small table."""
    return as_pair(answer, _FAST, _SLOW, what="shares",
                   order="(share for <= 1 h, share for > 24 h)", example="a tuple (0.6, 0.4)")


def _fast_slow(d: pd.DataFrame, hours: str = "hours_to_first_response") -> tuple[float, float]:
    return (float(d.loc[d[hours] <= 1, "bought_90"].mean()),
            float(d.loc[d[hours] > 24, "bought_90"].mean()))


@task("03.2", "Repurchase after a first response within 1 h vs after more than 24 h")
def fast_vs_slow(answer, ctx):
    comp = _complainants(ctx)
    seen = _observable(comp)
    want = _fast_slow(seen)
    single = single_number(answer)
    if single is not None and abs(single - (want[0] - want[1])) < ATOL:
        return not_yet("03.2", f"{single:.3f} is the difference: give both shares, as "
                               "(share for <= 1 h, share for > 24 h).")
    fast, slow, keyed = _pair(answer)
    (fast, slow), notes = read_shares((fast, slow))
    n_fast, n_slow = int((seen["hours_to_first_response"] <= 1).sum()), int(
        (seen["hours_to_first_response"] > 24).sum())
    if close((fast, slow), want):
        return correct("03.2", *notes, f"{want[0]:.1%} of {n_fast:,} complainants answered "
                                       f"within 1 hour bought again within {WINDOW} days, "
                                       f"against {want[1]:.1%} of {n_slow:,} answered after "
                                       f"more than 24 hours: {100 * (want[0] - want[1]):.0f} "
                                       "points apart.")
    if not keyed and close((slow, fast), want):
        return not_yet("03.2", *notes, "The two shares are right but in the wrong order: give "
                                       "(share for <= 1 h, share for > 24 h).")
    wrong = {
        f"Those are the shares over all complainants: {CENSORING}.": _fast_slow(comp),
        "Those shares use the hours to resolution; the question is about the first response "
        "(hours_to_first_response).": _fast_slow(seen, "hours_to_resolution"),
        f"Those are the shares who bought again at any time: also require "
        f"days_to_next_purchase <= {WINDOW}.": (
            float(seen.loc[seen["hours_to_first_response"] <= 1, "repurchased"].mean()),
            float(seen.loc[seen["hours_to_first_response"] > 24, "repurchased"].mean())),
    }
    for why, value in wrong.items():
        if close((fast, slow), value) or (not keyed and close((slow, fast), value)):
            return not_yet("03.2", *notes, why)
    which = [name for name, got, w in (("<= 1 h", fast, want[0]), ("> 24 h", slow, want[1]))
             if abs(got - w) >= ATOL]
    return not_yet("03.2", *notes, f"Not quite: the share for {' and '.join(which)} is off. "
                                   "Among complainants observable for 90 days, split on "
                                   "hours_to_first_response (<= 1 and > 24) and take the mean "
                                   f"of 'bought again within {WINDOW} days' in each part.")


# --------------------------------------------------------------------------- task 3
@task("03.3", "The log hazard ratio of CSAT among survey respondents")
def csat_log_hr(answer, ctx):
    res = _result(ctx)
    if RESPONDENTS not in set(res.hazard_ratios["model"]):
        raise AnswerError("this dataset has too few survey respondents for the CSAT model")
    row = _row(res, RESPONDENTS, CSAT_TERM)
    want = float(row["log_hr"])
    lo, hi = _log_ci(row)
    se = (hi - lo) / (2 * 1.959964)
    truth = ctx.world.truth.value("loyalty.csat_log_hr")
    x = as_number(answer, "the log hazard ratio")
    tol = max(0.01, 0.5 * se)
    if abs(x - want) <= tol:
        inside = lo <= truth <= hi
        verdict = ("includes it: the model recovers the effect that generated the data." if
                   inside else "misses it; with 95% intervals that happens about one time in "
                   "twenty.")
        return correct("03.3", f"Log hazard ratio {want:.3f} per CSAT point (hazard ratio "
                               f"{np.exp(want):.2f}: each point more of satisfaction raises the "
                               f"daily chance of buying again by {np.exp(want) - 1:.0%}), at "
                               "the same response time.",
                       f"The truth in this world is {truth:g} "
                       f"(world.truth.value('loyalty.csat_log_hr')); the 95% CI, {lo:.3f} to "
                       f"{hi:.3f}, {verdict}")
    if x > 0 and abs(np.log(x) - want) <= tol:
        return not_yet("03.3", f"{x:.3f} looks like the hazard ratio: the log hazard ratio is "
                               f"its log, log({x:.3f}) = {np.log(x):.3f} (the hazard_ratio "
                               "column is exp of the log_hr column).")
    terms = {
        "That is the response-time term of the respondents' model; take the csat_score row.":
            _row(res, RESPONDENTS, HOURS_TERM)["log_hr"],
        "That is the response-time term of the all-complainants model; the CSAT term is in "
        "the 'respondents with CSAT' model.": _row(res, ALL, HOURS_TERM)["log_hr"],
    }
    for why, value in terms.items():
        if abs(x - value) <= tol or (x > 0 and abs(np.log(x) - value) <= tol):
            return not_yet("03.3", why)
    only = ctx.cached("csat_only", lambda: _csat_only(ctx))
    if abs(x - only) <= tol:
        return not_yet("03.3", f"{x:.3f} is CSAT alone, without the response time in the model. "
                               "Fast answers also raise CSAT, so CSAT alone carries part of the "
                               "speed effect: fit CSAT and log(1 + hours) together, as "
                               "ck.loyalty does.")
    if 0 <= x < want / 2:
        return not_yet("03.3", f"{x:.3f} is far smaller than the respondents' estimate. Did you "
                               "fit all complainants with missing CSAT filled in (e.g. with 0)? "
                               "Only survey respondents have a CSAT: fit them only.")
    if abs(x - truth) < 1e-9:
        return not_yet("03.3", f"{truth:g} is the truth; the task asks for the estimate from the "
                               "data (then compare the two).")
    return not_yet("03.3", f"Not quite ({x:.3f}): take log_hr of the csat_score row of the "
                           "'respondents with CSAT' model in ck.loyalty(lf).hazard_ratios.")


def _csat_only(ctx) -> float:
    comp = _complainants(ctx)
    r = comp[(comp["days_to_next_purchase"] > 0) & comp["csat_score"].notna()]
    params, _ = _cox(r["days_to_next_purchase"], r["repurchased"].astype(int),
                     r[["csat_score"]], r["tier"].astype(str))
    return float(params[0])


# --------------------------------------------------------------------------- task 4
def _silent_fits(ctx) -> dict[str, float]:
    """Log HR of silent vs no problem: by tier (the answer) and without strata."""
    lf = _frame(ctx)
    ev = lf["index_event"].astype(str)
    pair = lf[ev.isin(["silent_problem", "no_problem"]) & (lf["days_to_next_purchase"] > 0)]
    silent = (pair["index_event"].astype(str) == "silent_problem").to_frame("silent")
    days = np.ceil(pair["days_to_next_purchase"])  # whole days: same estimate, much faster
    status = pair["repurchased"].astype(int)
    strat, se = _cox(days, status, silent, pair["tier"].astype(str))
    plain, _ = _cox(days, status, silent)
    return {"strata": float(strat[0]), "se": float(se[0]), "plain": float(plain[0])}


@task("03.4", "Hazard ratio of the silent dissatisfied against no-problem customers")
def silent_hr(answer, ctx):
    fits = ctx.cached("silent", lambda: _silent_fits(ctx))
    want = fits["strata"]
    truth = ctx.world.truth.value("loyalty.silent_log_hr")
    x = as_number(answer, "the hazard ratio")
    tol = 0.025
    if x <= 0:
        if abs(x - want) <= tol:
            return not_yet("03.4", f"{x:.3f} is the log hazard ratio; the hazard ratio is "
                                   f"exp({x:.3f}) = {np.exp(x):.2f}.")
        return not_yet("03.4", "A hazard ratio is a positive number (1 = no difference).")
    lx = np.log(x)
    if abs(lx - want) <= tol:
        lo, hi = np.exp(want - 1.959964 * fits["se"]), np.exp(want + 1.959964 * fits["se"])
        return correct("03.4", f"Hazard ratio {np.exp(want):.2f} (95% CI {lo:.2f} to {hi:.2f}): "
                               "on any day, a silent dissatisfied customer buys again at about "
                               f"{np.exp(want):.0%} of the rate of a customer with no problem, "
                               "within the same tier.",
                       f"The truth is {np.exp(truth):.2f} (exp of "
                       f"world.truth.value('loyalty.silent_log_hr') = {truth:g}).")
    if abs(lx + want) <= tol:
        return not_yet("03.4", f"{x:.2f} compares the no-problem customers with the silent "
                               "ones: make 'silent' the group (1) and no problem the reference "
                               f"(0); the hazard ratio is then 1 / {x:.2f}.")
    if abs(lx - fits["plain"]) <= tol:
        return not_yet("03.4", f"{x:.2f} is the hazard ratio without strata. The silent "
                               "dissatisfied include more VIPs, who buy more often anyway, so "
                               "the tiers mix into the comparison: stratify by tier "
                               "(strata='tier').")
    seen = _observable(_frame(ctx))
    share = {}
    for ev in ("silent_problem", "no_problem"):
        g = seen[seen["index_event"].astype(str) == ev]
        share[ev] = np.average(g["bought_90"], weights=g["weight"])
    if abs(x - share["silent_problem"] / share["no_problem"]) < 0.01:
        return not_yet("03.4", f"{x:.2f} is the ratio of the 90-day repurchase shares, not a "
                               "hazard ratio: fit a Cox model of days_to_next_purchase with "
                               "status = repurchased (PHReg), stratified by tier.")
    if abs(lx - truth) < 1e-6:
        return not_yet("03.4", "That is the truth; the task asks for the estimate from the data.")
    return not_yet("03.4", f"Not quite ({x:.2f}): fit a Cox model (PHReg) on the silent and "
                           "no-problem customers with follow-up > 0, 'silent' as the only "
                           "covariate and the tier as strata, and take exp of its coefficient.")


# --------------------------------------------------------------------------- task 5
_VERDICTS = {
    **dict.fromkeys(YES | {"paradox"}, "paradox"),
    **dict.fromkeys(NO | {"opposite", "相反"}, "opposite"),
    "cannot tell": "cannot tell", "can't tell": "cannot tell", "cant tell": "cannot tell",
    "can not tell": "cannot tell", "unknown": "cannot tell", "unclear": "cannot tell",
    "not sure": "cannot tell", "无法判断": "cannot tell", "不能确定": "cannot tell",
    "无法确定": "cannot tell", "说不清": "cannot tell", "不确定": "cannot tell",
}
_WORD = {"paradox": "yes", "opposite": "no", "cannot tell": "cannot tell"}


@task("03.5", "Does this world show the service-recovery paradox?")
def paradox(answer, ctx):
    if isinstance(answer, (bool, np.bool_)):
        return not_yet("03.5", "Answer in words: 'yes' (the paradox: CI above 1), 'no' (its "
                               "opposite: CI below 1) or 'cannot tell' (the CI includes 1). "
                               "True/False cannot say 'cannot tell'.")
    if not isinstance(answer, str):
        raise AnswerError("answer 'yes', 'no' or 'cannot tell' (a string)")
    got = _VERDICTS.get(words(answer))
    if got is None:
        return not_yet("03.5", f"{answer!r} is not one of 'yes', 'no' or 'cannot tell'.")
    res = _result(ctx)
    want = res.paradox_verdict
    p = res.paradox.set_index("measure").loc["hazard_ratio"]
    ci = f"hazard ratio {p['estimate']:.2f}, 95% CI {p['ci_lower']:.2f} to {p['ci_upper']:.2f}"
    true_hr = float(np.exp(ctx.world.truth.value("loyalty.paradox_group_log_hr")))
    truth = (f"The truth in this world: hazard ratio {true_hr:.2f} "
             f"(exp of world.truth.value('loyalty.paradox_group_log_hr')), "
             + ("a paradox." if true_hr > 1 else "no paradox." if true_hr < 1 else "neither."))
    if got == want:
        extra = ("The data cannot separate a small true effect from none; with real data you "
                 "would stop here, and a larger sample could decide." if want == "cannot tell"
                 else "")
        return correct("03.5", f"{_WORD[want]!r}: {ci}.", truth, *([extra] if extra else []))
    if want == "cannot tell":
        side = "above" if p["estimate"] > 1 else "below"
        if (got == "paradox") == (side == "above"):
            return not_yet("03.5", f"The estimate is {side} 1 ({ci}), but the interval "
                                   "includes 1: the data cannot tell. Judge by the confidence "
                                   "interval, not by the point estimate.")
        return not_yet("03.5", f"The estimate is even {side} 1 ({ci}), and the interval "
                               "includes 1: the data cannot tell either way.")
    return not_yet("03.5", f"Look at the interval: {ci}. It lies entirely "
                           f"{'above' if want == 'paradox' else 'below'} 1, so the answer is "
                           f"{_WORD[want]!r}.")


# --------------------------------------------------------------------------- task 6
def _batch(ctx) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """(complaints with product and order date, the batch mask, the incident row)."""
    def make():
        w = ctx.world
        inc = w.truth.incidents.set_index("incident").loc["battery_batch"]
        c = w.complaints.merge(w.orders[["order_id", "product_category", "ordered_at"]],
                               on="order_id", how="left")
        in_window = c["ordered_at"].between(inc["start"], inc["end"], inclusive="left")
        mask = ((c["root_cause"].astype(str) == inc["root_cause"])
                & (c["product_category"].astype(str) == inc["target"]) & in_window)
        return c, mask, inc

    return ctx.cached("batch", make)


def _ids(answer) -> set[str]:
    if isinstance(answer, pd.DataFrame):
        if "complaint_id" not in answer.columns:
            raise AnswerError("your table has no complaint_id column: give the batch's "
                              "complaints (rows of world.complaints) or their complaint_id")
        answer = answer["complaint_id"]
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
        return {str(x) for x in answer if not (pd.api.types.is_scalar(x) and pd.isna(x))}
    raise AnswerError(f"expected the batch's complaints (a table with complaint_id) or their "
                      f"ids, not {type(answer).__name__}")


@task("03.6", "The complaints about the March battery batch")
def battery_batch(answer, ctx):
    c, mask, inc = _batch(ctx)
    got = _ids(answer)
    want = set(c.loc[mask, "complaint_id"].astype(str))
    if got == want:
        lf = _frame(ctx)
        b = lf[lf["complaint_id"].isin(want)]
        seen = _observable(_complainants(ctx))
        fast = b["hours_to_first_response"] <= 1
        return correct("03.6", f"{len(want)} complaints about the batch ({inc['target']}, root "
                               f"cause {inc['root_cause']}, ordered {inc['start']:%d %b} to "
                               f"{inc['end'] - pd.Timedelta(days=1):%d %b}).",
                       f"For {len(b)} of their customers it was the first complaint: "
                       f"{fast.mean():.0%} were answered within 1 hour, and "
                       f"{b['bought_90'].mean():.0%} bought again within {WINDOW} days "
                       f"(all complainants observable for {WINDOW} days: "
                       f"{seen['bought_90'].mean():.0%}).")
    unknown = got - set(c["complaint_id"].astype(str))
    if unknown:
        return not_yet("03.6", f"{sorted(unknown)[0]!r} is not a complaint_id of this dataset.")
    rows = c.set_index(c["complaint_id"].astype(str))
    extra, missing = rows.loc[sorted(got - want)], rows.loc[sorted(want - got)]
    problems = []
    if len(extra):
        if (extra["root_cause"].astype(str) != inc["root_cause"]).any():
            problems.append(f"Some of your complaints have another root cause: keep root_cause "
                            f"== {inc['root_cause']!r}.")
        if (extra["product_category"].astype(str) != inc["target"]).any():
            problems.append(f"Some are not about {inc['target']}: join the orders "
                            "(world.orders, on order_id) and keep product_category == "
                            f"{inc['target']!r}.")
        outside = ~extra["ordered_at"].between(inc["start"], inc["end"], inclusive="left")
        if outside.any():
            problems.append(f"{int(outside.sum())} were ordered outside the batch's weeks: keep "
                            f"orders placed from {inc['start']:%Y-%m-%d} (incident start) to "
                            f"before {inc['end']:%Y-%m-%d} (incident end).")
    if len(missing):
        problems.append(f"{len(missing)} batch complaints are missing"
                        + (": filter on when the item was ordered (ordered_at, while the batch "
                           "was sold), not on when the complaint was received."
                           if (missing["received_at"] >= inc["end"]).any() else "."))
    return not_yet("03.6", *problems)
