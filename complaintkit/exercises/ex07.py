"""Checks for exercise 07: the complaint iceberg (投诉冰山).

Each check recomputes the right answer from the exercise's dataset (January's complaints, the
orders table and its problems) and recognises the typical wrong answers: multiplying by the
voice rate instead of dividing, the whole year instead of January, the dissatisfied where the
silent were asked, the voice rate over all orders (counted or weighted) instead of over the
problem orders, and the category with the fewest complaints instead of the lowest voice rate.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import task
from .answers import AnswerError, as_number, close, first_match, read_shares, to_codes
from .feedback import correct, not_yet

VOICE_RATE = 0.10  # seed 004: 90% of dissatisfied customers never complain
CUSTOMERS = {"atol": 0.5, "rtol": 0.005}  # counts of customers: within 0.5% or half a customer


def _january(ctx) -> int:
    received = ctx.world.complaints["received_at"]
    first = received.min()
    return int(((received.dt.year == first.year) & (received.dt.month == 1)).sum())


def _close(x: float, want) -> bool:
    return close(x, want, **CUSTOMERS)


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


# --------------------------------------------------------------------------- task 1
@task("07.1", "Dissatisfied customers behind January's complaints at a voice rate of 1 in 10")
def dissatisfied(answer, ctx):
    jan = _january(ctx)
    want = jan / VOICE_RATE
    x = as_number(answer, "the number of dissatisfied customers")
    if _close(x, want):
        return correct("07.1", f"{jan:,} complaints in January at a voice rate of 1 in 10 stand "
                               f"for about {want:,.0f} dissatisfied customers (不满客户).",
                       "The voice rate is the share of the dissatisfied who complain: "
                       "complaints = dissatisfied × rate, so dissatisfied = complaints / rate.")
    total = len(ctx.world.complaints)
    wrong = {
        "You multiplied by the voice rate: that gives fewer customers than complaints. The "
        "complaints are 1 in 10 of the dissatisfied, so divide by 0.10 (multiply by 10).":
            jan * VOICE_RATE,
        "That is the whole year's complaints: keep only those received in January.":
            total / VOICE_RATE,
        "That is January's complaints themselves, the tip of the iceberg: divide by the voice "
        "rate.": jan,
        "That is the silent ones (task 2); here all the dissatisfied are asked, the "
        "complainers included.": want - jan,
        "That uses 1 complaint per 24 silent (a voice rate of 1/25); the task asks for 1 in 10.":
            jan * 25,
    }
    why = first_match(x, wrong, **CUSTOMERS)
    if why:
        return not_yet("07.1", why)
    return not_yet("07.1", f"Not quite ({x:,.0f}): count January's complaints (received_at in "
                           "January) and divide by the voice rate 0.10.")


# --------------------------------------------------------------------------- task 2
@task("07.2", "Silent dissatisfied customers (沉默的不满客户) in January")
def silent(answer, ctx):
    jan = _january(ctx)
    want = jan / VOICE_RATE - jan
    x = as_number(answer, "the number of silent customers")
    if _close(x, want):
        return correct("07.2", f"About {want:,.0f} dissatisfied customers did not complain in "
                               f"January, 9 for every complaint ({jan:,}).",
                       "They are invisible in the complaints table, and they buy less again "
                       "(session 03).")
    wrong = {
        "That is all the dissatisfied (task 1): subtract the ones who complained.":
            jan / VOICE_RATE,
        "That is 24 per complaint (seed 004's other figure, a voice rate of 1/25); at 1 in 10 "
        "there are 9 silent per complaint.": jan * 24,
        "You subtracted the wrong way round: silent = dissatisfied − complaints.": -want,
        "That is the dissatisfied at a voice rate multiplied, not divided: start from task 1's "
        "answer, complaints / 0.10.": jan * VOICE_RATE - jan,
    }
    why = first_match(x, wrong, **CUSTOMERS)
    if why:
        return not_yet("07.2", why)
    return not_yet("07.2", f"Not quite ({x:,.0f}): the dissatisfied of task 1 minus January's "
                           "complaints.")


# --------------------------------------------------------------------------- task 3
@task("07.3", "The true voice rate of the world: complaints / problem orders")
def voice_rate(answer, ctx):
    w = ctx.world
    problems = int((w.orders["problem"] != "none").sum())
    n = len(w.complaints)
    want = n / problems
    x = as_number(answer, "the voice rate")
    share, notes = read_shares(x)
    if abs(share - want) < 0.0015:
        return correct("07.3", *notes, f"{n:,} complaints from {problems:,} orders with a "
                                       f"problem: a true voice rate of {want:.3f}, about 1 in "
                                       f"{1 / want:.0f}.",
                       "The orders table keeps every problem order but only a sample of the "
                       "untroubled ones (sample_weight > 1), so count the problem orders "
                       "directly; the untroubled orders, however weighted, are not dissatisfied "
                       "and do not belong in the denominator.")
    weighted = float(w.orders["sample_weight"].sum())
    wrong = {
        "That divides by all the orders in the table: the untroubled orders (problem == "
        "'none') are not dissatisfied customers. Count only orders with problem != 'none'.":
            n / len(w.orders),
        "That divides by all orders, weighted (sample_weight): that is the complaint rate per "
        "order. The voice rate is per dissatisfied customer: only problem != 'none'.":
            n / weighted,
        "That is upside down: problems per complaint. Take complaints / problem orders.":
            problems / n,
        "That is the share who did not complain; the voice rate is the share who did.":
            1 - want,
    }
    # typical wrong answers as given: 11 is 11% but also 11 problem orders per complaint
    why = first_match(x, wrong, atol=0.0015, rtol=0.005)
    if why:
        return not_yet("07.3", why)
    return not_yet("07.3", f"Not quite ({x:.4f}): the number of complaints divided by the "
                           "number of orders with problem != 'none'.")


# --------------------------------------------------------------------------- task 4
def _category(answer) -> str:
    if hasattr(answer, "index") and isinstance(answer, pd.Series):
        if answer.size == 1:
            answer = answer.index[0] if pd.api.types.is_numeric_dtype(answer) else answer.iloc[0]
        else:
            raise AnswerError("give one category (e.g. rates.idxmin()), not the whole Series")
    if isinstance(answer, (list, tuple, np.ndarray)) and len(answer) == 1:
        answer = answer[0]
    if isinstance(answer, Mapping) or not isinstance(answer, str):
        raise AnswerError(f"give one category name (a string), not {type(answer).__name__}")
    return to_codes([answer.strip()], "category")[0]


@task("07.4", "The category with the lowest true voice rate")
def lowest(answer, ctx):
    rates = _true_rates(ctx)
    want = rates.index[0]
    got = _category(answer)
    if got == want:
        return correct("07.4", f"{want}: only {rates.iloc[0]:.1%} of the customers with such a "
                               f"problem complain, against {rates.iloc[-1]:.1%} for "
                               f"{rates.index[-1]}.",
                       "One voice rate for all categories makes such problems look rare: "
                       "their iceberg is much bigger than the complaints suggest.")
    if got not in rates.index:
        return not_yet("07.4", f"{got!r} is not a category; the categories are "
                               f"{', '.join(rates.index)}.")
    fewest = ctx.world.complaints["category"].astype(str).value_counts().index[-1]
    if got == rates.index[-1]:
        return not_yet("07.4", f"{got} has the highest voice rate; the task asks for the lowest.")
    if got == fewest:
        return not_yet("07.4", f"{got} has the fewest complaints, but few complaints can mean "
                               "few problems: divide the complaints by the problems of each "
                               "category.")
    return not_yet("07.4", f"Not {got} ({rates[got]:.1%}): per category, complaints / problem "
                           "orders, and take the smallest.")
