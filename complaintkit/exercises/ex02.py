"""Checks for exercise 02: what drives satisfaction after a complaint.

Each check recomputes the right answer from the exercise's dataset (the survey KPIs with
pandas, the driver model with :func:`complaintkit.drivers`), compares it with the trainee's
answer by meaning, and recognises the typical wrong answers: the top-2 box over all complaints
or of 5s only, the response rate over respondents, shares of respondents instead of response
rates, a control or the worst-rated rating named as the top driver, the OLS coefficient
compared with the latent-scale truth, the model without its controls, the IPA split at the
scale midpoint or with coefficients as importance.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_int, fmt_list, fmt_pct, is_english, tr
from ..locale import LOCALES, labels
from . import task
from .answers import (
    ATOL,
    AnswerError,
    as_number,
    close,
    numeric_columns,
    read_shares,
    reject_stubs,
    to_floats,
    type_name,
)
from .feedback import correct, not_yet

COEF_ATOL = 0.01  # coefficients rounded to 2 decimals still pass
CONTROLS = ("resolved", "first_contact_resolution", "extra_contacts")
QUADRANT_NAMES = {
    "concentrate here": ("concentrate here", "concentrate", "重点改进区", "重点改进", "改进区"),
    "keep up": ("keep up", "keep up the good work", "继续保持区", "继续保持", "优势区"),
    "low priority": ("low priority", "低优先区", "低优先级", "低优先", "次要改进区"),
    "possible overkill": ("possible overkill", "overkill", "过度投入区", "过度投入",
                          "可能过度", "过度区", "可能投入过度"),
}
MC_CHOICES = "ABCD"


# --------------------------------------------------------------------------- the facts
def _frame(ctx) -> pd.DataFrame:
    def make():
        from ..analysis import complaint_frame

        return complaint_frame(ctx.world.complaints, ctx.world.surveys)

    return ctx.cached("frame", make)


def _fit(ctx, controls=CONTROLS):
    """``drivers`` on the exercise's data (no bootstrap: the checks need no LMG CIs)."""
    def make():
        from ..analysis import drivers

        return drivers(_frame(ctx), controls=controls, n_boot=0)

    return ctx.cached(("fit", controls), make)


def _survey_facts(ctx) -> dict:
    f = _frame(ctx)
    answered = f.loc[f["responded"], "csat_score"].dropna()
    return {"response_rate": float(f["responded"].mean()),
            "top2": float((answered >= 4).mean()),
            "top2_all": float((answered >= 4).sum() / len(f)),
            "top1": float((answered == 5).mean()),
            "top3": float((answered >= 3).mean()),
            "n": len(f), "n_answered": len(answered)}


def _rate_by_resolved(ctx) -> pd.Series:
    f = _frame(ctx)
    return f.groupby("resolved")["responded"].mean().astype(float)


def _label(code: str, ctx) -> str:
    """A column's label in the language of the feedback (English: the dataset's labels, as
    before)."""
    loc = ctx.locale if ctx.locale in LOCALES and not is_english(ctx.locale) \
        else ctx.world.locale
    return labels(loc, "column").get(code, code)


def _labels(codes, ctx) -> str:
    return fmt_list([_label(c, ctx) for c in codes], ctx.locale)


def _quadrant_label(name: str, loc) -> str:
    """A quadrant as the IPA map names it: the code in English, its label elsewhere."""
    from ..analysis.drivers import QUADRANT_NAMES as SHOWN

    return name if is_english(loc) else tr(SHOWN[name], loc)


def _f(x, spec: str) -> str:
    return format(float(x), spec)


# --------------------------------------------------------------------------- reading answers
def _driver_code(name) -> str:
    """A driver or control named by code, short code or label (either locale, any case)."""
    text = str(name).strip()
    known = {}
    for loc in LOCALES:
        for code, lab in labels(loc, "column").items():
            known[str(lab).strip().lower()] = code
    low = text.lower()
    if low in known:
        return known[low]
    if f"rating_{low}" in known.values():
        return f"rating_{low}"
    return low.replace(" ", "_").replace("-", "_")


def _quadrant(value) -> str:
    text = " ".join(str(value).strip().lower().replace("-", " ").replace("_", " ").split())
    for name, aliases in QUADRANT_NAMES.items():
        if text in aliases:
            return name
    raise AnswerError(N_("{value} is not a quadrant name: use 'concentrate here', 'keep up', "
                         "'low priority' or 'possible overkill' (or 重点改进区, 继续保持区, "
                         "低优先区, 过度投入区)"), value=repr(value))


def _two_numbers(answer) -> tuple[float, float, bool]:
    """Task 1: (response rate, top-2 box) from a tuple, dict, Series or kpis result."""
    if hasattr(answer, "table") and isinstance(answer.table, pd.DataFrame):
        t = answer.table
        if "kpi" not in t.columns:
            raise AnswerError(N_("expected the result of ck.kpis(frame), or the two numbers"))
        answer = t.drop_duplicates("kpi").set_index("kpi")["value"]
    if isinstance(answer, pd.DataFrame) and "kpi" in answer.columns and "value" in answer:
        answer = answer.set_index("kpi")["value"]
    if isinstance(answer, (Mapping, pd.Series)):
        items = dict(answer)
        if "survey_response_rate" in items and "csat_top2_share" in items:  # kpis' names
            items = {k: items[k] for k in ("survey_response_rate", "csat_top2_share")}
        reject_stubs(*items.values())
        rr = [v for k, v in items.items() if "resp" in str(k).lower() or "应答" in str(k)]
        t2 = [v for k, v in items.items() if "top" in str(k).lower() or "2" in str(k)]
        if len(rr) == 1 and len(t2) == 1:
            return (as_number(rr[0], N_("the response rate")),
                    as_number(t2[0], N_("the top-2 box")), True)
        if len(items) != 2:
            raise AnswerError(N_("expected two numbers: the response rate and the top-2 box, "
                                 "e.g. {{'response_rate': ..., 'top2': ...}}"), n=len(items))
        answer = list(items.values())
    if isinstance(answer, (tuple, list, np.ndarray)):
        parts = list(answer)
        reject_stubs(*parts)
        if len(parts) != 2:
            raise AnswerError(N_("expected two numbers, (response rate, top-2 box), but got "
                                 "{n}"), n=len(parts))
        return (as_number(parts[0], N_("the response rate")),
                as_number(parts[1], N_("the top-2 box")), False)
    raise AnswerError(N_("expected two numbers: (response_rate, top2), as a tuple or a dict, "
                         "not {type}"), type=type_name(answer))


def _bool_key(k) -> bool:
    if isinstance(k, (bool, np.bool_)):
        return bool(k)
    if isinstance(k, (int, float, np.integer, np.floating)) and k in (0, 1):
        return bool(k)
    text = str(k).strip().lower()
    if text in ("true", "resolved", "yes", "1", "已解决", "是"):
        return True
    if text in ("false", "unresolved", "not resolved", "no", "0", "未解决", "否"):
        return False
    raise AnswerError(N_("{key} is not a resolved status: index the rates by resolved "
                         "(True / False)"), key=repr(k))


def _by_resolved(answer) -> pd.Series:
    """Task 2: one number per resolved status, from a Series, dict, table or kpis result."""
    if hasattr(answer, "table") and isinstance(answer.table, pd.DataFrame):
        t = answer.table
        if "kpi" not in t.columns or "resolved" not in t.columns:
            raise AnswerError(N_("expected ck.kpis(frame, by='resolved') or a Series of "
                                 "response rates indexed by resolved"))
        t = t[t["kpi"] == "survey_response_rate"]
        answer = pd.Series(t["value"].to_numpy(), index=t["resolved"].to_numpy())
    if isinstance(answer, pd.DataFrame):
        df = answer
        if "resolved" in df.columns:
            df = df.set_index("resolved")
        num = numeric_columns(df)
        prefer = [c for c in num if c in ("survey_response_rate", "responded", "response_rate")]
        if not num:
            raise AnswerError(N_("your table has no numeric column: put the response rates "
                                 "in one"))
        answer = df[(prefer or num)[0]]
    if isinstance(answer, Mapping):
        answer = pd.Series(dict(answer), dtype="object")
    if not isinstance(answer, pd.Series):
        raise AnswerError(N_("expected a pandas Series of response rates indexed by resolved "
                             "(True / False), not {type}"), type=type_name(answer))
    reject_stubs(*answer.to_list())
    values = to_floats(answer, N_("rates"))
    values.index = [_bool_key(k) for k in answer.index]
    if values.index.has_duplicates or set(values.index) != {False, True}:
        raise AnswerError(N_("expected one rate for resolved = True and one for resolved = "
                             "False"))
    return values.sort_index()


def _ci_triple(answer) -> tuple[float, float, float, str]:
    """Task 5: (coef, lower, upper) and which model the keys name ('ologit', 'ols' or '')."""
    if isinstance(answer, pd.DataFrame):
        if len(answer) != 1:
            raise AnswerError(N_("expected one row (rating_fairness) or three numbers (coef, "
                                 "lower, upper), not a table of {n} rows"), n=len(answer))
        answer = answer.iloc[0]
    if isinstance(answer, (Mapping, pd.Series)):
        items = {str(k).lower(): v for k, v in dict(answer).items()}
        if "driver" in items and str(items["driver"]) != "rating_fairness":
            raise AnswerError(N_("that is the row of {driver}; take the row of "
                                 "rating_fairness"), driver=repr(items["driver"]))
        for model in ("ologit", "ols", ""):
            prefix = f"{model}_" if model else ""
            coef = [v for k, v in items.items() if k.startswith(prefix)
                    and ("coef" in k or "estimate" in k) and (model or not k.startswith("ol"))]
            lo = [v for k, v in items.items() if k.startswith(prefix) and "lower" in k]
            hi = [v for k, v in items.items() if k.startswith(prefix) and "upper" in k]
            if len(coef) == len(lo) == len(hi) == 1:
                reject_stubs(coef[0], lo[0], hi[0])
                return (as_number(coef[0], N_("the coefficient")),
                        as_number(lo[0], N_("the lower bound")),
                        as_number(hi[0], N_("the upper bound")), model)
        if len(items) != 3:
            raise AnswerError(N_("expected the coefficient and its CI: (coef, lower, upper), "
                                 "or a dict with keys coef, ci_lower, ci_upper"))
        answer = list(items.values())
    if isinstance(answer, (tuple, list, np.ndarray)):
        parts = list(answer)
        reject_stubs(*parts)
        if len(parts) != 3:
            raise AnswerError(N_("expected three numbers (coef, lower, upper), got {n}"),
                              n=len(parts))
        coef, lo, hi = (as_number(p, N_("each value")) for p in parts)
        if not lo <= coef <= hi:  # any order: the middle one is the estimate
            lo, coef, hi = sorted((coef, lo, hi))
        return coef, lo, hi, ""
    raise AnswerError(N_("expected the coefficient and its CI as (coef, lower, upper), not "
                         "{type}"), type=type_name(answer))


def _quadrant_map(answer) -> dict[str, str]:
    """Task 6: driver -> quadrant from a Series, dict, table or DriversResult."""
    if hasattr(answer, "driver_table"):
        answer = answer.driver_table
    if isinstance(answer, pd.DataFrame):
        df = answer
        if "role" in df.columns:
            df = df[df["role"] == "driver"]
        if "quadrant" not in df.columns:
            raise AnswerError(N_("your table has no quadrant column"))
        keys = df["driver"] if "driver" in df.columns else df.index
        answer = pd.Series(df["quadrant"].to_numpy(), index=np.asarray(keys))
    if isinstance(answer, Mapping):
        answer = pd.Series(dict(answer), dtype="object")
    if not isinstance(answer, pd.Series):
        raise AnswerError(N_("expected a Series (or dict) of quadrants indexed by driver, not "
                             "{type}"), type=type_name(answer))
    reject_stubs(*answer.to_list())
    out = {}
    for k, v in answer.items():
        code = _driver_code(k)
        if code in out:
            raise AnswerError(N_("{key} appears more than once in your answer"), key=repr(k))
        out[code] = _quadrant(v)
    return out


# --------------------------------------------------------------------------- the checks
@task("02.1", "The survey response rate and the top-2 box")
def response_and_top2(answer, ctx):
    loc = ctx.locale
    rr, t2, named = _two_numbers(answer)
    (rr, t2), notes = read_shares((rr, t2), locale=loc)
    s = _survey_facts(ctx)
    ok_rr, ok_t2 = abs(rr - s["response_rate"]) < ATOL, abs(t2 - s["top2"]) < ATOL
    if ok_rr and ok_t2:
        return correct("02.1", *notes, tr("{rate} of {n} complaints answered the follow-up, and "
                                          "{top2} of them gave 4 or 5. Keep the two numbers "
                                          "together: the top-2 box describes only the customers "
                                          "who answered.", loc,
                                          rate=fmt_pct(s["response_rate"], loc, 1),
                                          n=fmt_int(s["n"], loc),
                                          top2=fmt_pct(s["top2"], loc, 1)))
    if not named and abs(rr - s["top2"]) < ATOL and abs(t2 - s["response_rate"]) < ATOL:
        return not_yet("02.1", tr("The two numbers are swapped: give (response rate, top-2 "
                                  "box).", loc))
    problems = []
    if not ok_rr:
        if abs(rr - 1) < 1e-9:
            problems.append(tr("Response rate 1: every complaint was *sent* a follow-up, but "
                               "not every customer answered. Take the mean of `responded`.",
                               loc))
        elif rr > 1.5 and abs(rr - s["n_answered"]) < 0.5:
            problems.append(tr("{x} is the number who answered: divide by all {n} complaints.",
                               loc, x=fmt_int(rr, loc), n=fmt_int(s["n"], loc)))
        else:
            problems.append(tr("The response rate should be the share of all complaints whose "
                               "customer answered (`responded`); you have {x}.", loc,
                               x=_f(rr, ".3f")))
    if not ok_t2:
        if abs(t2 - s["top2_all"]) < ATOL:
            problems.append(tr("Your top-2 box divides by all complaints, so non-respondents "
                               "count as not satisfied. The top-2 box is over those who "
                               "answered: drop the missing CSAT first.", loc))
        elif abs(t2 - s["top1"]) < ATOL:
            problems.append(tr("That is the share of 5s only: the top-2 box counts 4 *or* 5.",
                               loc))
        elif abs(t2 - s["top3"]) < ATOL:
            problems.append(tr("That counts 3s as satisfied: the top-2 box is 4 or 5.", loc))
        else:
            problems.append(tr("The top-2 box should be the share of CSAT 4 or 5 among those "
                               "who answered; you have {x}.", loc, x=_f(t2, ".3f")))
    return not_yet("02.1", *notes, *problems)


@task("02.2", "Who answers: the response rate of resolved and unresolved complaints")
def rate_by_resolved(answer, ctx):
    loc = ctx.locale
    got = _by_resolved(answer)
    want = _rate_by_resolved(ctx)
    f = _frame(ctx)
    counts = f.groupby("resolved")["responded"].sum().astype(float)
    if (got > 1.5).any():
        if close(got, counts, 0.5):
            return not_yet("02.2", tr("These are counts of customers who answered: divide each "
                                      "by the number of complaints in its group (the mean of "
                                      "`responded` per group).", loc))
        csat = f.groupby("resolved")["csat_score"].mean()
        if close(got, csat, 0.01):
            return not_yet("02.2", tr("These are the mean CSAT scores of each group, not "
                                      "response rates: average `responded`, not `csat_score`.",
                                      loc))
    got, notes = read_shares(got, locale=loc)
    if close(got, want):
        ratio = want[False] / want[True]
        return correct("02.2", *notes,
                       tr("Unresolved complaints: {unresolved} answer; resolved: {resolved}, "
                          "so the unresolved (and very unhappy) answer {ratio} times as often "
                          "and weigh more among respondents than among complainants.", loc,
                          unresolved=fmt_pct(want[False], loc, 1),
                          resolved=fmt_pct(want[True], loc, 1), ratio=_f(ratio, ".1f")))
    resp = f[f["responded"]]
    among = resp["resolved"].value_counts(normalize=True).astype(float)
    if close(got, among.reindex([False, True]).fillna(0)):
        return not_yet("02.2", *notes,
                       tr("These are the shares of the *respondents* who were resolved or not "
                          "(they add up to 1). We want, within each group, the share that "
                          "answered: group by `resolved`, then average `responded`.", loc))
    flipped = f.groupby("responded")["resolved"].mean().astype(float)
    if close(got, flipped):
        return not_yet("02.2", *notes,
                       tr("You grouped by `responded` and averaged `resolved`: that is the "
                          "share resolved among respondents and non-respondents. Group by "
                          "`resolved` and average `responded`.", loc))
    overall = f["responded"].mean()
    if close(got, [overall, overall]):
        return not_yet("02.2", *notes,
                       tr("Both numbers are the overall response rate: compute it within each "
                          "group (groupby('resolved')).", loc))
    if close(got, want[::-1].to_numpy()):
        return not_yet("02.2", *notes,
                       tr("The two rates are swapped: which group answers more often, resolved "
                          "(True) or unresolved (False)?", loc))
    worst = (got - want).abs().idxmax()
    return not_yet("02.2", *notes,
                   tr("Not quite: the response rate for resolved = {status} should be {want}, "
                      "you have {got}.", loc, status=str(worst), want=_f(want[worst], ".3f"),
                      got=_f(got[worst], ".3f")))


@task("02.3", "What the respondents' mean CSAT can and cannot tell")
def respondents_mean(answer, ctx):
    loc = ctx.locale
    text = str(answer).strip().strip("()[].").strip().upper()
    if len(text) != 1 or text not in MC_CHOICES:
        raise AnswerError(N_("answer with one letter: {choices} (e.g. \"B\"), not {answer}"),
                          choices=lambda loc: fmt_list(
                              MC_CHOICES if is_english(loc) else map(repr, MC_CHOICES), loc),
                          answer=repr(answer))
    f = _frame(ctx)
    rate = _rate_by_resolved(ctx)
    hours = f["hours_to_first_response"]
    fast = f.loc[hours <= hours.quantile(0.25), "responded"].mean()
    slow = f.loc[hours > hours.quantile(0.75), "responded"].mean()
    mean = f["csat_score"].mean()
    pct = dict(unresolved=fmt_pct(rate[False], loc), resolved=fmt_pct(rate[True], loc),
               fast=fmt_pct(fast, loc), slow=fmt_pct(slow, loc))
    who = tr("unresolved complaints answer {unresolved}, resolved {resolved}; the "
             "fastest-handled quarter {fast}, the slowest {slow}", loc, **pct)
    if text == "C":
        ext = ctx.world.truth.value("satisfaction.response_extremity")
        return correct("02.3", tr("Right: {who}. Both ends of the scale answer more, so the "
                                  "respondents' mean ({mean}) and top-2 box are off, and the "
                                  "data alone cannot say by how much. (This world's truth: the "
                                  "log-odds of answering rise by {ext} per unit of distance "
                                  "from the middle of the satisfaction scale.)", loc, who=who,
                                  mean=_f(mean, ".2f"), ext=_f(ext, "g")))
    if text == "A":
        return not_yet("02.3", tr("Every complaint was *sent* a follow-up, but only {rate} "
                                  "answered, and not at random: {who}. The same chance to be "
                                  "asked is not the same chance to answer.", loc,
                                  rate=fmt_pct(f["responded"].mean(), loc), who=who))
    if text == "B":
        return not_yet("02.3", tr("The unhappy unresolved customers are over-represented, yes "
                                  "({unresolved} against {resolved}), but so are the pleased: "
                                  "the fastest-handled quarter answers {fast}, the slowest "
                                  "{slow}. The bias can go either way.", loc, **pct))
    return not_yet("02.3", tr("The resolved customers who answer are self-selected too: the "
                              "fastest-handled quarter answers {fast}, the slowest {slow}. "
                              "Dropping the unresolved also changes the question: it describes "
                              "only resolved complaints.", loc, fast=pct["fast"],
                              slow=pct["slow"]))


@task("02.4", "The most important driver of CSAT")
def top_driver(answer, ctx):
    loc = ctx.locale
    if hasattr(answer, "driver_table"):
        raise AnswerError(N_("give the name of the driver (e.g. res.driver_table['driver']"
                             ".iloc[0]), not the whole result"))
    if isinstance(answer, (list, tuple, pd.Series, pd.Index, np.ndarray)):
        parts = list(answer)
        if len(parts) != 1:
            raise AnswerError(N_("give one driver: the one with the largest LMG share"))
        answer = parts[0]
    if not isinstance(answer, str):
        raise AnswerError(N_("expected the name of a driver (text), not {type}"),
                          type=type_name(answer))
    got = _driver_code(answer)
    res = _fit(ctx)
    t = res.driver_table.set_index("driver")
    top = t.index[0]
    if got == top:
        second = t.index[1]
        agree = t["relative_weight"].idxmax() == top
        fields = dict(top=_label(top, ctx), share=fmt_pct(t.loc[top, "lmg_share"], loc),
                      second=_label(second, ctx),
                      second_share=fmt_pct(t.loc[second, "lmg_share"], loc))
        return correct("02.4", tr("{top}: {share} of the R² the ratings add over the controls, "
                                  "ahead of {second} ({second_share}). Johnson's relative "
                                  "weights agree.", loc, **fields) if agree else
                       tr("{top}: {share} of the R² the ratings add over the controls, ahead "
                          "of {second} ({second_share}). Johnson's relative weights rank "
                          "another driver first: look at the intervals.", loc, **fields))
    if got in CONTROLS:
        return not_yet("02.4", tr("{name} is a control: drivers() keeps it in every model and "
                                  "does not rank it (it matters a lot: resolve the complaint "
                                  "first!). Among the five ratings, which has the largest LMG "
                                  "share?", loc, name=_label(got, ctx)))
    if got not in t.index:
        return not_yet("02.4", tr("{name} is not one of the drivers; they are {drivers}.", loc,
                                  name=repr(answer),
                                  drivers=fmt_list(t.index, loc) if is_english(loc)
                                  else _labels(t.index, ctx)))
    if got == t["mean_rating"].idxmax():
        return not_yet("02.4", tr("{name} is the best-rated aspect: that is performance (the "
                                  "mean rating), not importance. Rank by `lmg`.", loc,
                                  name=_label(got, ctx)))
    if got == t["mean_rating"].idxmin():
        return not_yet("02.4", tr("{name} is the worst-rated aspect: that is performance (the "
                                  "x-axis of the IPA map), not importance. Rank by `lmg`.", loc,
                                  name=_label(got, ctx)))
    return not_yet("02.4", tr("{name} has {share} of the R² the ratings add; another rating "
                              "has more. Sort the drivers by `lmg`.", loc,
                              name=_label(got, ctx),
                              share=fmt_pct(t.loc[got, "lmg_share"], loc)))


@task("02.5", "The ordered-logit effect of fairness, against the truth")
def fairness_effect(answer, ctx):
    loc = ctx.locale
    coef, lo, hi, model = _ci_triple(answer)
    d = "rating_fairness"
    row = _fit(ctx).table.set_index("driver").loc[d]
    want = (row["ologit_coef"], row["ologit_ci_lower"], row["ologit_ci_upper"])
    ols = (row["ols_coef"], row["ols_ci_lower"], row["ols_ci_upper"])
    truth = ctx.world.truth.value("satisfaction.ratings.fairness")
    got = (coef, lo, hi)
    if close(got, want, COEF_ATOL) and model != "ols":
        fields = dict(coef=_f(want[0], ".2f"), lower=_f(want[1], ".2f"),
                      upper=_f(want[2], ".2f"), truth=_f(truth, "g"))
        return correct("02.5", tr("Ordered logit: {coef} (95% CI {lower} to {upper}) log-odds "
                                  "per point of fairness. The true effect in this world is "
                                  "{truth}: inside your interval.", loc, **fields)
                       if want[1] <= truth <= want[2] else
                       tr("Ordered logit: {coef} (95% CI {lower} to {upper}) log-odds per "
                          "point of fairness. The true effect in this world is {truth}: "
                          "outside your interval, which a 95% interval does 1 time in 20.",
                          loc, **fields))
    if model == "ols" or close(got, ols, COEF_ATOL):
        return not_yet("02.5", tr("You used OLS: its coefficient ({coef}) is on the 1-5 scale "
                                  "(CSAT points per rating point), not the latent scale of the "
                                  "ordered logit, on which the truth ({truth}) is stated. Take "
                                  "the ologit_* columns.", loc, coef=_f(ols[0], ".2f"),
                                  truth=_f(truth, "g")))
    bare = _fit(ctx, controls=None).table.set_index("driver").loc[d]
    if close(got, (bare["ologit_coef"], bare["ologit_ci_lower"], bare["ologit_ci_upper"]),
              COEF_ATOL):
        return not_yet("02.5", tr("This is the ordered logit without the controls "
                                  "(controls=None): fairness then takes credit for resolving "
                                  "the complaint ({coef} against the truth {truth}). Keep "
                                  "drivers()' default controls.", loc,
                                  coef=_f(bare["ologit_coef"], ".2f"), truth=_f(truth, "g")))
    if close(got, np.exp(want), COEF_ATOL * 2):
        return not_yet("02.5", tr("That is the odds ratio, e^coef. Give the coefficient itself, "
                                  "in log-odds, the scale of the truth.", loc))
    if abs(coef - want[0]) < COEF_ATOL:
        return not_yet("02.5", tr("The coefficient is right ({coef}), but the interval is not "
                                  "its 95% CI: take ologit_ci_lower and ologit_ci_upper.", loc,
                                  coef=_f(want[0], ".2f")))
    if lo <= truth <= hi:
        return not_yet("02.5", tr("Your interval covers the truth ({truth}), but it is not the "
                                  "ordered logit of ck.drivers(frame) with its default "
                                  "controls: take the ologit_* columns of the rating_fairness "
                                  "row.", loc, truth=_f(truth, "g")))
    return not_yet("02.5", tr("Not quite: ({coef}, {lower}, {upper}) does not cover the true "
                              "effect {truth}. Take ologit_coef, ologit_ci_lower and "
                              "ologit_ci_upper of the rating_fairness row of ck.drivers(frame).",
                              loc, coef=_f(coef, ".2f"), lower=_f(lo, ".2f"),
                              upper=_f(hi, ".2f"), truth=_f(truth, "g")))


@task("02.6", "The IPA quadrant of every driver")
def quadrants(answer, ctx):
    from ..analysis.drivers import QUADRANTS, ipa_quadrants

    loc = ctx.locale
    got = _quadrant_map(answer)
    t = _fit(ctx).driver_table.set_index("driver")
    want = dict(zip(t.index, t["quadrant"], strict=True))
    names = (lambda codes: fmt_list(codes, loc)) if is_english(loc) \
        else (lambda codes: _labels(codes, ctx))
    controls = [k for k in got if k in CONTROLS]
    if controls:
        return not_yet("02.6", tr("{controls}: controls have no quadrant; the map places the "
                                  "five ratings only.", loc, controls=names(controls)))
    unknown = [k for k in got if k not in want]
    if unknown:
        return not_yet("02.6", tr("{name} is not a driver; they are {drivers}.", loc,
                                  name=repr(unknown[0]), drivers=names(want)))
    missing = [k for k in want if k not in got]
    if missing:
        return not_yet("02.6", tr("Missing: {missing}. Give a quadrant for each of the {k} "
                                  "ratings.", loc, missing=names(missing), k=len(want)))
    if got == want:
        line = 1 / len(t)
        focus = [_label(d, ctx) for d in t.index if want[d] == "concentrate here"]
        msg = tr("Concentrate here: {focus}.", loc,
                 focus=fmt_list(focus, loc) if focus else tr("none", loc))
        near = [_label(d, ctx) for d in t.index if abs(t.loc[d, "lmg_share"] - line) < 0.03]
        if near:
            msg += " " + (tr("Close to the importance line ({line}): {near}; read its interval "
                             "before acting on the quadrant.", loc, line=fmt_pct(line, loc),
                             near=fmt_list(near, loc)) if len(near) == 1 else
                          tr("Close to the importance line ({line}): {near}; read their "
                             "intervals before acting on the quadrant.", loc,
                             line=fmt_pct(line, loc), near=fmt_list(near, loc)))
        return correct("02.6", msg)
    imp, perf = t["lmg_share"].to_numpy(), t["mean_rating"].to_numpy()
    lo_scale, hi_scale = _fit(ctx).scale
    mid = (lo_scale + hi_scale) / 2
    alternatives = {
        tr("The performance line is the mean of the ratings' means ({mean}), not the middle "
           "of the scale ({mid}).", loc, mean=_f(perf.mean(), ".2f"), mid=_f(mid, "g")):
            [QUADRANTS[(bool(a), bool(b))] for a, b in zip(imp > imp.mean(), perf > mid,
                                                           strict=True)],
        tr("Importance on this map is the LMG share, not the OLS coefficient.", loc):
            ipa_quadrants(t["ols_coef"], perf),
        tr("Importance on this map is the LMG share, not the ordered-logit coefficient.", loc):
            ipa_quadrants(t["ologit_coef"], perf),
        tr("Importance and performance are swapped: importance (the LMG share) is the vertical "
           "axis, performance (the mean rating) the horizontal one.", loc):
            ipa_quadrants(perf, imp),
    }
    for why, quads in alternatives.items():
        alt = dict(zip(t.index, quads, strict=True))
        if alt != want and got == alt:
            return not_yet("02.6", why)
    wrong = [d for d in want if got[d] != want[d]]
    d = wrong[0]
    return not_yet("02.6", tr("{k} of {n} not yet right. For example {name}: share {share} "
                              "(line at {line}), mean rating {rating} (line at {mean}): that is "
                              "'{want}', not '{got}'.", loc, k=len(wrong), n=len(want),
                              name=_label(d, ctx), share=fmt_pct(t.loc[d, "lmg_share"], loc),
                              line=fmt_pct(imp.mean(), loc),
                              rating=_f(t.loc[d, "mean_rating"], ".2f"),
                              mean=_f(perf.mean(), ".2f"), want=_quadrant_label(want[d], loc),
                              got=_quadrant_label(got[d], loc)))
