"""Checks for exercise 07: the complaint iceberg (投诉冰山).

Each check recomputes the right answer from the exercise's dataset (January's complaints, the
orders table and its problems) and recognises the typical wrong answers: multiplying by the
voice rate instead of dividing, the whole year instead of January, the dissatisfied where the
silent were asked, the voice rate over all orders (counted or weighted) instead of over the
problem orders, and the category with the fewest complaints instead of the lowest voice rate.
The feedback speaks the exercise's language (``ctx.locale``), with category labels for codes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..analysis.pareto import _names
from ..i18n import N_, fmt_int, fmt_list, fmt_pct, tr
from . import task
from .answers import (
    AnswerError,
    as_number,
    close,
    first_match,
    read_shares,
    to_codes,
    type_name,
)
from .feedback import correct, not_yet

VOICE_RATE = 0.10  # seed 004: 90% of dissatisfied customers never complain
CUSTOMERS = {"atol": 0.5, "rtol": 0.005}  # counts of customers: within 0.5% or half a customer


def _january(ctx) -> int:
    received = ctx.world.complaints["received_at"]
    first = received.min()
    return int(((received.dt.year == first.year) & (received.dt.month == 1)).sum())


def _close(x: float, want) -> bool:
    return close(x, want, **CUSTOMERS)


def _shown(x: float) -> str:
    """A number as given, with all the digits that matter (0.9 stays 0.9, not 1)."""
    return f"{x:,.10g}" if abs(x) < 1e10 else f"{x:g}"


def _number(answer, what: str) -> float:
    """One number; a dict with one value counts too (``what``: a msgid, marked ``N_``)."""
    if isinstance(answer, Mapping) and len(answer) == 1:
        answer = next(iter(answer.values()))
    return as_number(answer, what)


def _label(code: str, loc) -> str:
    return _names("category", loc, [code])[0]


def _true_rates(ctx) -> pd.Series:
    """True voice rate per category: complaints / problem orders (from the tables)."""
    w = ctx.world
    sub_to_cat = (w.truth.iceberg.assign(sub_category=lambda t: t["sub_category"].astype(str),
                                         category=lambda t: t["category"].astype(str))
                  .set_index("sub_category")["category"])
    problems = w.orders.loc[w.orders["problem"] != "none", "problem"].astype(str)
    n_problems = problems.map(sub_to_cat).value_counts()
    n_complaints = w.complaints["category"].astype(str).value_counts()
    rates = n_complaints.reindex(n_problems.index, fill_value=0) / n_problems
    return rates.rename("voice_rate").sort_values()


def _count_off(task_id: str, x: float, want: float, loc, hint: str):
    """The feedback for a number of customers that is none of the typical wrong ones: a share
    or a rate given for a count, a count in thousands, else too few or too many."""
    if 0 < abs(x) <= 1.5:
        return not_yet(task_id, tr("{x} looks like a share or a rate, not a number of "
                                   "customers: the answer is a count of customers (a whole "
                                   "number with {digits} digits here).", loc, x=_shown(x),
                                   digits=len(str(int(round(want))))))
    if _close(x * 1000, want):
        return not_yet(task_id, tr("{x} seems to be in thousands: give the number of "
                                   "customers itself.", loc, x=_shown(x)))
    if x < want:
        return not_yet(task_id, tr("Not quite ({x}, too few): {hint}", loc, x=_shown(x),
                                   hint=hint))
    return not_yet(task_id, tr("Not quite ({x}, too many): {hint}", loc, x=_shown(x),
                               hint=hint))


# --------------------------------------------------------------------------- task 1
@task("07.1", "Dissatisfied customers behind January's complaints at a voice rate of 1 in 10")
def dissatisfied(answer, ctx):
    loc = ctx.locale
    jan = _january(ctx)
    want = jan / VOICE_RATE
    x = _number(answer, N_("the number of dissatisfied customers"))
    if _close(x, want):
        return correct("07.1", tr("{jan} complaints in January at a voice rate of 1 in 10 stand "
                                  "for about {want} dissatisfied customers (不满客户).", loc,
                                  jan=fmt_int(jan, loc), want=fmt_int(want, loc)),
                       tr("The voice rate is the share of the dissatisfied who complain: "
                          "complaints = dissatisfied × rate, so dissatisfied = complaints / "
                          "rate.", loc))
    total = len(ctx.world.complaints)
    wrong = {
        N_("You multiplied by the voice rate: that gives fewer customers than complaints. The "
           "complaints are 1 in 10 of the dissatisfied, so divide by 0.10 (multiply by 10)."):
            jan * VOICE_RATE,
        N_("That is the whole year's complaints: keep only those received in January."):
            total / VOICE_RATE,
        N_("That is January's complaints themselves, the tip of the iceberg: divide by the "
           "voice rate."): jan,
        N_("That is the silent ones (task 2); here all the dissatisfied are asked, the "
           "complainers included."): want - jan,
        N_("That uses 1 complaint per 24 silent (a voice rate of 1/25); the task asks for 1 in "
           "10."): jan * 25,
    }
    why = first_match(x, wrong, **CUSTOMERS)
    if why:
        return not_yet("07.1", tr(why, loc))
    return _count_off("07.1", x, want, loc, tr(
        "count January's complaints (received_at in January) and divide by the voice rate "
        "0.10.", loc))


# --------------------------------------------------------------------------- task 2
@task("07.2", "Silent dissatisfied customers (沉默的不满客户) in January")
def silent(answer, ctx):
    loc = ctx.locale
    jan = _january(ctx)
    want = jan / VOICE_RATE - jan
    x = _number(answer, N_("the number of silent customers"))
    if _close(x, want):
        return correct("07.2", tr("About {want} dissatisfied customers did not complain in "
                                  "January, 9 for every complaint ({jan}).", loc,
                                  want=fmt_int(want, loc), jan=fmt_int(jan, loc)),
                       tr("They are invisible in the complaints table, and they buy less again "
                          "(session 03).", loc))
    wrong = {
        N_("That is all the dissatisfied (task 1): subtract the ones who complained."):
            jan / VOICE_RATE,
        N_("That is 24 per complaint (seed 004's other figure, a voice rate of 1/25); at 1 in "
           "10 there are 9 silent per complaint."): jan * 24,
        N_("You subtracted the wrong way round: silent = dissatisfied − complaints."): -want,
        N_("That is the dissatisfied at a voice rate multiplied, not divided: start from task "
           "1's answer, complaints / 0.10."): jan * VOICE_RATE - jan,
        N_("That is January's complaints themselves, the tip of the iceberg: the silent are "
           "the dissatisfied of task 1 minus these."): jan,
        N_("That is the share who stay silent (9 in 10), not a number of customers: multiply "
           "the dissatisfied of task 1 by it, or subtract the complaints from them."):
            1 - VOICE_RATE,
    }
    why = first_match(x, wrong, **CUSTOMERS)
    if why:
        return not_yet("07.2", tr(why, loc))
    return _count_off("07.2", x, want, loc, tr(
        "the dissatisfied of task 1 minus January's complaints.", loc))


# --------------------------------------------------------------------------- task 3
@task("07.3", "The true voice rate of the world: complaints / problem orders")
def voice_rate(answer, ctx):
    loc = ctx.locale
    w = ctx.world
    problems = int((w.orders["problem"] != "none").sum())
    n = len(w.complaints)
    want = n / problems
    x = _number(answer, N_("the voice rate"))
    share, notes = read_shares(x, locale=loc)
    if abs(share - want) < 0.0015:
        return correct("07.3", *notes, tr("{n} complaints from {problems} orders with a "
                                          "problem: a true voice rate of {rate}, about 1 in "
                                          "{one_in}.", loc, n=fmt_int(n, loc),
                                          problems=fmt_int(problems, loc),
                                          rate=format(want, ".3f"),
                                          one_in=format(1 / want, ".0f")),
                       tr("The orders table keeps every problem order but only a sample of the "
                          "untroubled ones (sample_weight > 1), so count the problem orders "
                          "directly; the untroubled orders, however weighted, are not "
                          "dissatisfied and do not belong in the denominator.", loc))
    weighted = float(w.orders["sample_weight"].sum())
    wrong = {
        N_("That divides by all the orders in the table: the untroubled orders (problem == "
           "'none') are not dissatisfied customers. Count only orders with problem != 'none'."):
            n / len(w.orders),
        N_("That divides by all orders, weighted (sample_weight): that is the complaint rate "
           "per order. The voice rate is per dissatisfied customer: only problem != 'none'."):
            n / weighted,
        N_("That is upside down: problems per complaint. Take complaints / problem orders."):
            problems / n,
        N_("That is the share who did not complain; the voice rate is the share who did."):
            1 - want,
        N_("That is the number of complaints; divide it by the number of problem orders."): n,
        N_("That is the number of problem orders; divide the complaints by it."): problems,
    }
    # typical wrong answers as given: 11 is 11% but also 11 problem orders per complaint;
    # then as read (a percentage of a wrong share: 90.9 is 1 - the voice rate)
    why = (first_match(x, wrong, atol=0.0015, rtol=0.005)
           or first_match(share, wrong, atol=0.0015, rtol=0.005))
    if why:
        return not_yet("07.3", tr(why, loc))
    return not_yet("07.3", tr("Not quite ({x}): the number of complaints divided by the number "
                              "of orders with problem != 'none'.", loc, x=format(x, ".4f")))


# --------------------------------------------------------------------------- task 4
def _category(answer) -> str:
    if isinstance(answer, Mapping) and len(answer) == 1:
        answer = pd.Series(dict(answer))
    if isinstance(answer, pd.DataFrame) and answer.shape == (1, 1):
        answer = answer.iloc[:, 0]
    if isinstance(answer, pd.Series):
        if answer.size == 1:
            answer = answer.index[0] if pd.api.types.is_numeric_dtype(answer) else answer.iloc[0]
        else:
            raise AnswerError(N_("give one category (e.g. rates.idxmin()), not the whole "
                                 "Series"))
    if isinstance(answer, (list, tuple, np.ndarray, pd.Index)) and len(answer) == 1:
        answer = answer[0]
    if isinstance(answer, (list, tuple, np.ndarray, pd.Index)) and len(answer) > 1:
        raise AnswerError(N_("give one category, not {k}"), k=len(answer))
    if isinstance(answer, Mapping) or not isinstance(answer, str):
        raise AnswerError(N_("give one category name (a string), not {kind}"),
                          kind=type_name(answer))
    name = answer.strip()
    code = to_codes([name], "category")[0]
    if code == name:  # not a label: try the code in another case ('Technical ')
        code = to_codes([name.lower()], "category")[0] if name.lower() != name else code
    return code


@task("07.4", "The category with the lowest true voice rate")
def lowest(answer, ctx):
    loc = ctx.locale
    rates = _true_rates(ctx)
    want = rates.index[0]
    got = _category(answer)
    if got == want:
        return correct("07.4", tr("{want}: only {low} of the customers with such a problem "
                                  "complain, against {high} for {top}.", loc,
                                  want=_label(want, loc), low=fmt_pct(rates.iloc[0], loc, 1),
                                  high=fmt_pct(rates.iloc[-1], loc, 1),
                                  top=_label(rates.index[-1], loc)),
                       tr("One voice rate for all categories makes such problems look rare: "
                          "their iceberg is much bigger than the complaints suggest.", loc))
    if got not in rates.index:
        return not_yet("07.4", tr("{got} is not a category; the categories are {known}.", loc,
                                  got=repr(got),
                                  known=fmt_list(_names("category", loc, rates.index), loc)))
    fewest = ctx.world.complaints["category"].astype(str).value_counts().index[-1]
    name = _label(got, loc)
    if got == rates.index[-1]:
        return not_yet("07.4", tr("{got} has the highest voice rate; the task asks for the "
                                  "lowest.", loc, got=name))
    if got == fewest:
        return not_yet("07.4", tr("{got} has the fewest complaints, but few complaints can mean "
                                  "few problems: divide the complaints by the problems of each "
                                  "category.", loc, got=name))
    return not_yet("07.4", tr("Not {got} ({rate}): per category, complaints / problem orders, "
                              "and take the smallest.", loc, got=name,
                              rate=fmt_pct(rates[got], loc, 1)))
