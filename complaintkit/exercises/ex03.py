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

from ..i18n import N_, fmt_date, fmt_int, fmt_pct, is_english, tr
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
    named,
    read_shares,
    single_number,
    type_name,
    words,
)
from .feedback import correct, not_yet

WINDOW = 90
CSAT_TERM, HOURS_TERM = "csat_score", "log1p_hours_to_first_response"
RESPONDENTS, ALL = "respondents with CSAT", "all complainants"
CENSORING = N_("customers whose clock started less than {window} days before the end could "
               "not have been seen buying again: keep the complainants with "
               "days_to_period_end >= {window}")


def _censoring(loc) -> str:
    return tr(CENSORING, loc, window=WINDOW)


def _f(x, spec: str) -> str:
    return format(float(x), spec)


def _q(name, loc) -> str:
    """A code the trainee types: as it is in English, quoted in another language."""
    return str(name) if is_english(loc) else repr(str(name))


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
    loc = ctx.locale
    comp = _complainants(ctx)
    seen = _observable(comp)
    want = float(seen["bought_90"].mean())
    x = as_number(answer)
    if x > 100:
        if abs(x - seen["bought_90"].sum()) < 0.5:
            return not_yet("03.1", tr("{x} is the count of complainants who bought again: "
                                      "divide by the {n} complainants observable for {window} "
                                      "days to get a share.", loc, x=fmt_int(x, loc),
                                      n=fmt_int(len(seen), loc), window=WINDOW))
        return not_yet("03.1", tr("{x} looks like a count: divide by the number of "
                                  "complainants observable for 90 days to get a share.", loc,
                                  x=fmt_int(x, loc)))
    x, notes = read_shares(x, locale=loc)
    if abs(x - want) < ATOL:
        return correct("03.1", *notes, tr("{share} of the {n} complainants observable for "
                                          "{window} days bought again within {window} days.",
                                          loc, share=fmt_pct(want, loc, 1),
                                          n=fmt_int(len(seen), loc), window=WINDOW))
    wrong = {
        tr("That is the share among all {n} complainants: {censoring}.", loc,
           n=fmt_int(len(comp), loc), censoring=_censoring(loc)): comp["bought_90"].mean(),
        tr("That is the share who bought again at any time before the end of the data, not "
           "within {window} days: also require days_to_next_purchase <= {window}.", loc,
           window=WINDOW): seen["repurchased"].mean(),
        tr("That is the share who bought again at any time, over all complainants: require "
           "days_to_next_purchase <= {window}, and {censoring}.", loc, window=WINDOW,
           censoring=_censoring(loc)): comp["repurchased"].mean(),
        tr("That is the share who did not buy again within 90 days: the question asks for "
           "those who did.", loc): 1 - want,
    }
    lf = _frame(ctx)
    everyone = _observable(lf)
    wrong[tr("That is over all customers (silent and no-problem ones too): keep the "
             "complainants (index_event == 'complaint').", loc)] = everyone["bought_90"].mean()
    why = first_match(x, wrong)
    if why:
        return not_yet("03.1", *notes, why)
    return not_yet("03.1", *notes, tr("Not quite ({x}): among complainants with "
                                      "days_to_period_end >= {window}, take the share with "
                                      "repurchased and days_to_next_purchase <= {window}.", loc,
                                      x=_f(x, ".3f"), window=WINDOW))


# --------------------------------------------------------------------------- task 2
_FAST = re.compile(r"fast|quick|≤|<=|<|快|以内|within", re.I)
_SLOW = re.compile(r"slow|>|≥|>=|over|more|慢|以上|超过", re.I)


def _pair(answer) -> tuple[float, float, bool]:
    """(fast, slow, keyed): two shares from a tuple, a dict, a Series or a small table."""
    return as_pair(answer, _FAST, _SLOW, what=N_("shares"),
                   order=N_("(share for <= 1 h, share for > 24 h)"),
                   example=N_("a tuple (0.6, 0.4)"))


def _fast_slow(d: pd.DataFrame, hours: str = "hours_to_first_response") -> tuple[float, float]:
    return (float(d.loc[d[hours] <= 1, "bought_90"].mean()),
            float(d.loc[d[hours] > 24, "bought_90"].mean()))


@task("03.2", "Repurchase after a first response within 1 h vs after more than 24 h")
def fast_vs_slow(answer, ctx):
    loc = ctx.locale
    comp = _complainants(ctx)
    seen = _observable(comp)
    want = _fast_slow(seen)
    single = single_number(answer)
    if single is not None and abs(single - (want[0] - want[1])) < ATOL:
        return not_yet("03.2", tr("{x} is the difference: give both shares, as (share for <= 1 "
                                  "h, share for > 24 h).", loc, x=_f(single, ".3f")))
    fast, slow, keyed = _pair(answer)
    (fast, slow), notes = read_shares((fast, slow), locale=loc)
    n_fast, n_slow = int((seen["hours_to_first_response"] <= 1).sum()), int(
        (seen["hours_to_first_response"] > 24).sum())
    if close((fast, slow), want):
        return correct("03.2", *notes, tr(
            "{fast} of {n_fast} complainants answered within 1 hour bought again within "
            "{window} days, against {slow} of {n_slow} answered after more than 24 hours: "
            "{points} points apart.", loc, fast=fmt_pct(want[0], loc, 1),
            n_fast=fmt_int(n_fast, loc), window=WINDOW, slow=fmt_pct(want[1], loc, 1),
            n_slow=fmt_int(n_slow, loc), points=_f(100 * (want[0] - want[1]), ".0f")))
    if not keyed and close((slow, fast), want):
        return not_yet("03.2", *notes, tr("The two shares are right but in the wrong order: "
                                          "give (share for <= 1 h, share for > 24 h).", loc))
    wrong = {
        tr("Those are the shares over all complainants: {censoring}.", loc,
           censoring=_censoring(loc)): _fast_slow(comp),
        tr("Those shares use the hours to resolution; the question is about the first "
           "response (hours_to_first_response).", loc): _fast_slow(seen, "hours_to_resolution"),
        tr("Those are the shares who bought again at any time: also require "
           "days_to_next_purchase <= {window}.", loc, window=WINDOW): (
            float(seen.loc[seen["hours_to_first_response"] <= 1, "repurchased"].mean()),
            float(seen.loc[seen["hours_to_first_response"] > 24, "repurchased"].mean())),
    }
    for why, value in wrong.items():
        if close((fast, slow), value) or (not keyed and close((slow, fast), value)):
            return not_yet("03.2", *notes, why)
    off_fast, off_slow = abs(fast - want[0]) >= ATOL, abs(slow - want[1]) >= ATOL
    which = (tr("<= 1 h and > 24 h", loc) if off_fast and off_slow
             else "<= 1 h" if off_fast else "> 24 h")
    return not_yet("03.2", *notes, tr("Not quite: the share for {which} is off. Among "
                                      "complainants observable for 90 days, split on "
                                      "hours_to_first_response (<= 1 and > 24) and take the "
                                      "mean of 'bought again within {window} days' in each "
                                      "part.", loc, which=which, window=WINDOW))


# --------------------------------------------------------------------------- task 3
@task("03.3", "The log hazard ratio of CSAT among survey respondents")
def csat_log_hr(answer, ctx):
    loc = ctx.locale
    res = _result(ctx)
    if RESPONDENTS not in set(res.hazard_ratios["model"]):
        raise AnswerError(N_("this dataset has too few survey respondents for the CSAT model"))
    row = _row(res, RESPONDENTS, CSAT_TERM)
    want = float(row["log_hr"])
    lo, hi = _log_ci(row)
    se = (hi - lo) / (2 * 1.959964)
    truth = ctx.world.truth.value("loyalty.csat_log_hr")
    x = as_number(answer, N_("the log hazard ratio"))
    tol = max(0.01, 0.5 * se)
    if abs(x - want) <= tol:
        fields = dict(truth=_f(truth, "g"), lower=_f(lo, ".3f"), upper=_f(hi, ".3f"))
        return correct("03.3", tr("Log hazard ratio {x} per CSAT point (hazard ratio {hr}: each "
                                  "point more of satisfaction raises the daily chance of buying "
                                  "again by {pct}), at the same response time.", loc,
                                  x=_f(want, ".3f"), hr=_f(np.exp(want), ".2f"),
                                  pct=fmt_pct(np.exp(want) - 1, loc)),
                       tr("The truth in this world is {truth} (world.truth.value("
                          "'loyalty.csat_log_hr')); the 95% CI, {lower} to {upper}, includes "
                          "it: the model recovers the effect that generated the data.", loc,
                          **fields) if lo <= truth <= hi else
                       tr("The truth in this world is {truth} (world.truth.value("
                          "'loyalty.csat_log_hr')); the 95% CI, {lower} to {upper}, misses it; "
                          "with 95% intervals that happens about one time in twenty.", loc,
                          **fields))
    if x > 0 and abs(np.log(x) - want) <= tol:
        return not_yet("03.3", tr("{x} looks like the hazard ratio: the log hazard ratio is its "
                                  "log, log({x}) = {log} (the hazard_ratio column is exp of the "
                                  "log_hr column).", loc, x=_f(x, ".3f"),
                                  log=_f(np.log(x), ".3f")))
    terms = {
        tr("That is the response-time term of the respondents' model; take the csat_score row.",
           loc): _row(res, RESPONDENTS, HOURS_TERM)["log_hr"],
        tr("That is the response-time term of the all-complainants model; the CSAT term is in "
           "the 'respondents with CSAT' model.", loc): _row(res, ALL, HOURS_TERM)["log_hr"],
    }
    for why, value in terms.items():
        if abs(x - value) <= tol or (x > 0 and abs(np.log(x) - value) <= tol):
            return not_yet("03.3", why)
    only = ctx.cached("csat_only", lambda: _csat_only(ctx))
    if abs(x - only) <= tol:
        return not_yet("03.3", tr("{x} is CSAT alone, without the response time in the model. "
                                  "Fast answers also raise CSAT, so CSAT alone carries part of "
                                  "the speed effect: fit CSAT and log(1 + hours) together, as "
                                  "ck.loyalty does.", loc, x=_f(x, ".3f")))
    if 0 <= x < want / 2:
        return not_yet("03.3", tr("{x} is far smaller than the respondents' estimate. Did you "
                                  "fit all complainants with missing CSAT filled in (e.g. with "
                                  "0)? Only survey respondents have a CSAT: fit them only.",
                                  loc, x=_f(x, ".3f")))
    if abs(x - truth) < 1e-9:
        return not_yet("03.3", tr("{truth} is the truth; the task asks for the estimate from "
                                  "the data (then compare the two).", loc, truth=_f(truth, "g")))
    return not_yet("03.3", tr("Not quite ({x}): take log_hr of the csat_score row of the "
                              "'respondents with CSAT' model in ck.loyalty(lf).hazard_ratios.",
                              loc, x=_f(x, ".3f")))


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
    loc = ctx.locale
    fits = ctx.cached("silent", lambda: _silent_fits(ctx))
    want = fits["strata"]
    truth = ctx.world.truth.value("loyalty.silent_log_hr")
    x = as_number(answer, N_("the hazard ratio"))
    tol = 0.025
    if x <= 0:
        if abs(x - want) <= tol:
            return not_yet("03.4", tr("{x} is the log hazard ratio; the hazard ratio is exp({x}) "
                                      "= {hr}.", loc, x=_f(x, ".3f"), hr=_f(np.exp(x), ".2f")))
        return not_yet("03.4", tr("A hazard ratio is a positive number (1 = no difference).",
                                  loc))
    lx = np.log(x)
    if abs(lx - want) <= tol:
        lo, hi = np.exp(want - 1.959964 * fits["se"]), np.exp(want + 1.959964 * fits["se"])
        return correct("03.4", tr("Hazard ratio {hr} (95% CI {lower} to {upper}): on any day, a "
                                  "silent dissatisfied customer buys again at about {pct} of "
                                  "the rate of a customer with no problem, within the same "
                                  "tier.", loc, hr=_f(np.exp(want), ".2f"), lower=_f(lo, ".2f"),
                                  upper=_f(hi, ".2f"), pct=fmt_pct(np.exp(want), loc)),
                       tr("The truth is {hr} (exp of world.truth.value("
                          "'loyalty.silent_log_hr') = {truth}).", loc,
                          hr=_f(np.exp(truth), ".2f"), truth=_f(truth, "g")))
    if abs(lx + want) <= tol:
        return not_yet("03.4", tr("{x} compares the no-problem customers with the silent ones: "
                                  "make 'silent' the group (1) and no problem the reference "
                                  "(0); the hazard ratio is then 1 / {x}.", loc,
                                  x=_f(x, ".2f")))
    if abs(lx - fits["plain"]) <= tol:
        return not_yet("03.4", tr("{x} is the hazard ratio without strata. The silent "
                                  "dissatisfied include more VIPs, who buy more often anyway, "
                                  "so the tiers mix into the comparison: stratify by tier "
                                  "(strata='tier').", loc, x=_f(x, ".2f")))
    seen = _observable(_frame(ctx))
    share = {}
    for ev in ("silent_problem", "no_problem"):
        g = seen[seen["index_event"].astype(str) == ev]
        share[ev] = np.average(g["bought_90"], weights=g["weight"])
    if abs(x - share["silent_problem"] / share["no_problem"]) < 0.01:
        return not_yet("03.4", tr("{x} is the ratio of the 90-day repurchase shares, not a "
                                  "hazard ratio: fit a Cox model of days_to_next_purchase with "
                                  "status = repurchased (PHReg), stratified by tier.", loc,
                                  x=_f(x, ".2f")))
    if abs(lx - truth) < 1e-6:
        return not_yet("03.4", tr("That is the truth; the task asks for the estimate from the "
                                  "data.", loc))
    return not_yet("03.4", tr("Not quite ({x}): fit a Cox model (PHReg) on the silent and "
                              "no-problem customers with follow-up > 0, 'silent' as the only "
                              "covariate and the tier as strata, and take exp of its "
                              "coefficient.", loc, x=_f(x, ".2f")))


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
    loc = ctx.locale
    if isinstance(answer, (bool, np.bool_)):
        return not_yet("03.5", tr("Answer in words: 'yes' (the paradox: CI above 1), 'no' (its "
                                  "opposite: CI below 1) or 'cannot tell' (the CI includes 1). "
                                  "True/False cannot say 'cannot tell'.", loc))
    if not isinstance(answer, str):
        raise AnswerError(N_("answer 'yes', 'no' or 'cannot tell' (a string)"))
    got = _VERDICTS.get(words(answer))
    if got is None:
        return not_yet("03.5", tr("{answer} is not one of 'yes', 'no' or 'cannot tell'.", loc,
                                  answer=repr(answer)))
    res = _result(ctx)
    want = res.paradox_verdict
    p = res.paradox.set_index("measure").loc["hazard_ratio"]
    ci = tr("hazard ratio {hr}, 95% CI {lower} to {upper}", loc, hr=_f(p["estimate"], ".2f"),
            lower=_f(p["ci_lower"], ".2f"), upper=_f(p["ci_upper"], ".2f"))
    true_hr = float(np.exp(ctx.world.truth.value("loyalty.paradox_group_log_hr")))
    truth = tr("The truth in this world: hazard ratio {hr} (exp of world.truth.value("
               "'loyalty.paradox_group_log_hr')), {verdict}", loc, hr=_f(true_hr, ".2f"),
               verdict=tr("a paradox.", loc) if true_hr > 1 else tr("no paradox.", loc)
               if true_hr < 1 else tr("neither.", loc))
    if got == want:
        extra = (tr("The data cannot separate a small true effect from none; with real data "
                    "you would stop here, and a larger sample could decide.", loc)
                 if want == "cannot tell" else "")
        return correct("03.5", tr("{verdict}: {ci}.", loc, verdict=repr(_WORD[want]), ci=ci),
                       truth, *([extra] if extra else []))
    if want == "cannot tell":
        above = p["estimate"] > 1
        if (got == "paradox") == above:
            return not_yet("03.5", tr("The estimate is above 1 ({ci}), but the interval "
                                      "includes 1: the data cannot tell. Judge by the "
                                      "confidence interval, not by the point estimate.", loc,
                                      ci=ci) if above else
                           tr("The estimate is below 1 ({ci}), but the interval includes 1: "
                              "the data cannot tell. Judge by the confidence interval, not by "
                              "the point estimate.", loc, ci=ci))
        return not_yet("03.5", tr("The estimate is even above 1 ({ci}), and the interval "
                                  "includes 1: the data cannot tell either way.", loc, ci=ci)
                       if above else
                       tr("The estimate is even below 1 ({ci}), and the interval includes 1: "
                          "the data cannot tell either way.", loc, ci=ci))
    if want == "paradox":
        return not_yet("03.5", tr("Look at the interval: {ci}. It lies entirely above 1, so "
                                  "the answer is {verdict}.", loc, ci=ci,
                                  verdict=repr(_WORD[want])))
    return not_yet("03.5", tr("Look at the interval: {ci}. It lies entirely below 1, so the "
                              "answer is {verdict}.", loc, ci=ci, verdict=repr(_WORD[want])))


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
            raise AnswerError(N_("your table has no complaint_id column: give the batch's "
                                 "complaints (rows of world.complaints) or their complaint_id"))
        answer = answer["complaint_id"]
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
        return {str(x) for x in answer if not (pd.api.types.is_scalar(x) and pd.isna(x))}
    raise AnswerError(N_("expected the batch's complaints (a table with complaint_id) or their "
                         "ids, not {type}"), type=type_name(answer))


def _day_month(day, loc) -> str:
    day = pd.Timestamp(day)
    return f"{day:%d %b}" if is_english(loc) else f"{day.month}月{day.day}日"


@task("03.6", "The complaints about the March battery batch")
def battery_batch(answer, ctx):
    loc = ctx.locale
    c, mask, inc = _batch(ctx)
    got = _ids(answer)
    want = set(c.loc[mask, "complaint_id"].astype(str))
    if got == want:
        lf = _frame(ctx)
        b = lf[lf["complaint_id"].isin(want)]
        seen = _observable(_complainants(ctx))
        fast = b["hours_to_first_response"] <= 1
        return correct("03.6", tr("{k} complaints about the batch ({target}, root cause "
                                  "{cause}, ordered {start} to {end}).", loc, k=len(want),
                                  target=named("product_category", inc["target"],
                                                quote=False)(loc),
                                  cause=named("root_cause", inc["root_cause"], quote=False)(loc),
                                  start=_day_month(inc["start"], loc),
                                  end=_day_month(inc["end"] - pd.Timedelta(days=1), loc)),
                       tr("For {k} of their customers it was the first complaint: {fast} were "
                          "answered within 1 hour, and {bought} bought again within {window} "
                          "days (all complainants observable for {window} days: {all}).", loc,
                          k=len(b), fast=fmt_pct(fast.mean(), loc),
                          bought=fmt_pct(b["bought_90"].mean(), loc), window=WINDOW,
                          all=fmt_pct(seen["bought_90"].mean(), loc)))
    unknown = got - set(c["complaint_id"].astype(str))
    if unknown:
        return not_yet("03.6", tr("{id} is not a complaint_id of this dataset.", loc,
                                  id=repr(sorted(unknown)[0])))
    rows = c.set_index(c["complaint_id"].astype(str))
    extra, missing = rows.loc[sorted(got - want)], rows.loc[sorted(want - got)]
    problems = []
    if len(extra):
        if (extra["root_cause"].astype(str) != inc["root_cause"]).any():
            problems.append(tr("Some of your complaints have another root cause: keep "
                               "root_cause == {cause}.", loc, cause=repr(inc["root_cause"])))
        if (extra["product_category"].astype(str) != inc["target"]).any():
            problems.append(tr("Some are not about {target}: join the orders (world.orders, "
                               "on order_id) and keep product_category == {code}.", loc,
                               target=named("product_category", inc["target"],
                                             quote=False)(loc), code=repr(inc["target"])))
        outside = ~extra["ordered_at"].between(inc["start"], inc["end"], inclusive="left")
        if outside.any():
            problems.append(tr("{k} were ordered outside the batch's weeks: keep orders placed "
                               "from {start} (incident start) to before {end} (incident end).",
                               loc, k=int(outside.sum()), start=fmt_date(inc["start"], loc),
                               end=fmt_date(inc["end"], loc)))
    if len(missing):
        problems.append(tr("{k} batch complaints are missing: filter on when the item was "
                           "ordered (ordered_at, while the batch was sold), not on when the "
                           "complaint was received.", loc, k=len(missing))
                        if (missing["received_at"] >= inc["end"]).any() else
                        tr("{k} batch complaints are missing.", loc, k=len(missing)))
    return not_yet("03.6", *problems)
