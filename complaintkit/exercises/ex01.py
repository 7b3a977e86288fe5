"""Checks for exercise 01: the delivery-delay drill-down.

Each check recomputes the right answer from the exercise's dataset with plain pandas, compares
it with the trainee's answer by meaning, and recognises the typical wrong answers (counts for
shares, the wrong denominator, the wrong period, cumulating before sorting, stopping short of
the cut-off, the article's 45% instead of the table's share).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import task
from .answers import ATOL, as_list, as_number, as_series, as_table, close, first_match, read_shares
from .feedback import correct, not_yet

MONTH = "2025-01"


def _month(ctx) -> pd.DataFrame:
    def make():
        c = ctx.world.complaints
        t = c["received_at"]
        return c[(t >= "2025-01-01") & (t < "2025-02-01")]

    return ctx.cached("month", make)


def _shares(s: pd.Series) -> pd.Series:
    counts = s.astype(str).value_counts()
    return counts / counts.sum()


def _pareto_order(shares: pd.Series) -> list[str]:
    """Largest share first; ties by name."""
    return sorted(shares.index, key=lambda k: (-shares[k], k))


def _vital_few(shares: pd.Series) -> tuple[list[str], list[str], pd.Series]:
    """(the vital few at 80%, the Pareto order, the cumulative shares in that order)."""
    order = _pareto_order(shares)
    cum = shares[order].cumsum()
    return [k for k in order if cum[k] - shares[k] < 0.8 - 1e-12], order, cum


def _compare(task_id: str, got: pd.Series, want: pd.Series, what: str, *, wrong_bases: dict):
    """Shared logic for 'shares by level' answers."""
    got, notes = read_shares(got, whole=True)
    total = got.sum()
    if abs(total - round(total)) < 1e-9 and total > 1.5 and (got == got.round()).all():
        return not_yet(task_id, f"These look like counts (they add up to {total:,.0f}): divide "
                                f"each by the total to get {what}.")
    got = got[(got != 0) | got.index.isin(want.index)]  # unused categories with share 0
    missing = [k for k in want.index if k not in got.index]
    extra = [k for k in got.index if k not in want.index]
    if extra:
        return not_yet(task_id, f"{', '.join(map(repr, extra[:3]))} should not be in the answer: "
                                f"the levels are {', '.join(map(repr, want.index))}.")
    got_full = got.reindex(want.index).fillna(0.0)
    if close(got_full, want):
        if missing and want[missing].max() > ATOL:
            return not_yet(task_id, f"Missing: {', '.join(map(repr, missing))}.")
        return correct(task_id, *notes, f"Your {what} match: the largest is "
                                        f"{want.idxmax()!r} at {want.max():.1%}.")
    why = first_match(got_full, {why: base.reindex(want.index).fillna(0.0)
                                 for why, base in wrong_bases.items()})
    if why:
        return not_yet(task_id, *notes, why)
    if abs(total - 1) > 0.02:
        return not_yet(task_id, *notes, f"Your {what} sum to {total:.2f}, not 1: did you divide "
                                        "by the right total?")
    worst = (got_full - want).abs().idxmax()
    return not_yet(task_id, *notes, f"Not quite: the share for {worst!r} should be "
                                    f"{want[worst]:.3f}, you have {got_full[worst]:.3f}.")


@task("01.1", "Shares of January's complaints by category")
def shares_by_category(answer, ctx):
    month = _month(ctx)
    want = _shares(month["category"])
    got = as_series(answer, "category")
    year = _shares(ctx.world.complaints["category"])
    return _compare("01.1", got, want, "shares", wrong_bases={
        "These are the shares over the whole year: filter January first "
        "(ck.in_period(world.complaints, '2025-01')).": year,
    })


@task("01.2", "Cumulative shares in Pareto order")
def cumulative(answer, ctx):
    month = _month(ctx)
    shares = _shares(month["category"])
    order = _pareto_order(shares)
    got = as_series(answer, "category", "cum_share")
    got = got[(got != 0) | got.index.isin(shares.index)]
    if got.max() > 100.5:
        return not_yet("01.2", "The last cumulative value should be 1 (everything): "
                               "divide the running count by the month's total.")
    got, notes = read_shares(got)
    if abs(got.iloc[-1] - 1) > 0.01:
        return not_yet("01.2", *notes, f"Your cumulative shares end at {got.iloc[-1]:.2f}; "
                                       "they must end at 1 (all complaints).")
    if not got.is_monotonic_increasing:
        return not_yet("01.2", *notes, "Cumulative shares can only go up: add the shares one "
                                       "after another (.cumsum()).")
    pareto_order = set(got.index) == set(order) and bool(
        np.all(np.diff(shares[list(got.index)].to_numpy()) <= 1e-12))  # ties in any order
    if list(got.index) != order and not pareto_order:
        same_set = set(got.index) == set(order)
        hint = ("Sort the categories by share, largest first, before taking the cumulative "
                "sum: a Pareto curve rises fastest at the start." if same_set else
                f"The categories should be {', '.join(map(repr, order))}.")
        return not_yet("01.2", *notes, hint)
    want = shares[list(got.index)].cumsum()
    if not close(got, want):
        return not_yet("01.2", *notes, "The order is right but the values are off: cumulate "
                                       "the January shares of task 1.")
    k = int((want - shares[order] < 0.8 - 1e-12).sum())
    return correct("01.2", *notes, f"Right: the first {k} categories pass 80% at "
                                   f"{want.iloc[k - 1]:.1%}.")


@task("01.3", "The vital few at 80%")
def vital_few(answer, ctx):
    month = _month(ctx)
    want, order, cum = _vital_few(_shares(month["category"]))
    got = as_list(answer, "category")
    if set(got) == set(want):
        return correct("01.3", f"{len(want)} of {len(order)} categories make up "
                               f"{cum[want[-1]]:.0%} of January's complaints.")
    short = [k for k in order if cum[k] <= 0.8]
    if set(got) == set(short) and len(short) < len(want):
        return not_yet("01.3", f"You stopped before reaching 80% ({cum[short[-1]]:.0%} if "
                               "any): the vital few include the category that takes the "
                               f"cumulative share past 80% ({want[-1]!r}).")
    unknown = [g for g in got if g not in order]
    if unknown:
        return not_yet("01.3", f"{unknown[0]!r} is not a category; the categories are "
                               f"{', '.join(map(repr, order))}.")
    if set(want) < set(got):
        return not_yet("01.3", "That is more than you need: keep only the fewest categories "
                               "that together reach 80%.")
    return not_yet("01.3", "Take the categories in Pareto order until the cumulative share "
                           "first reaches 80%.")


@task("01.4", "Root causes of January's delivery timeouts")
def delay_root_causes(answer, ctx):
    month = _month(ctx)
    delays = month[month["sub_category"] == "delivery_delay"]
    want = _shares(delays["root_cause"])
    got = as_series(answer, "root_cause")
    counts = delays["root_cause"].astype(str).value_counts()
    by_month = counts / len(month)
    by_category = counts / (month["category"] == "delivery").sum()
    all_delays = ctx.world.complaints
    all_delays = _shares(all_delays.loc[all_delays["sub_category"] == "delivery_delay",
                                        "root_cause"])
    return _compare("01.4", got, want, "shares", wrong_bases={
        f"Your shares sum to {by_month.sum():.2f}: you divided by all of January's complaints. "
        "Within a drill-down each level is a share of its parent: divide by the number of "
        "delivery-timeout complaints.": by_month,
        f"Your shares sum to {by_category.sum():.2f}: you divided by the whole delivery "
        "category (which also holds wrong items and courier behaviour). Divide by the "
        "delivery-timeout complaints only.": by_category,
        "These are the shares over the whole year: filter January first.": all_delays,
    })


@task("01.5", "The customer-requested share of the Joyo table")
def joyo_share(answer, ctx):
    from ..data import load_dataset

    joyo = load_dataset("joyo_delivery_timeout")
    requested = joyo["sub_type"].astype(str).str.startswith("customer_requested")
    want = joyo.loc[requested, "count"].sum() / joyo["count"].sum()
    raw = as_number(answer)
    if abs(raw - 530) < 0.5:
        return not_yet("01.5", "530 is the count; as a share of all 1094 delivery timeouts?")
    x, notes = read_shares(raw)
    if abs(x - want) < ATOL:
        return correct("01.5", *notes, f"{joyo.loc[requested, 'count'].sum()} of "
                                       f"{joyo['count'].sum()} = {want:.1%}. The article says "
                                       "45%: always recompute a published share from its table.")
    if abs(x - 0.45) < 1e-9:
        return not_yet("01.5", *notes, "0.45 is what the article says, but compute it from the "
                                       "table: the two customer-requested rows over the total.")
    if any(close(x, n / joyo["count"].sum()) for n in joyo.loc[requested, "count"]):
        return not_yet("01.5", *notes, "That is one of the two rows: add both "
                                       "customer-requested rows (next day and same day).")
    return not_yet("01.5", *notes, f"Not quite ({x:.3f}): add the counts of the two "
                                   "customer-requested rows and divide by the table's total.")


@task("01.6", "Your improvement plan for January's delivery timeouts")
def plan(answer, ctx):
    table = as_table(answer)
    if not isinstance(table, pd.DataFrame):
        return not_yet("01.6", "Expected the plan from ck.improvement_plan(...) (or its table).")
    month = _month(ctx)
    delays = month[month["sub_category"] == "delivery_delay"]
    want = _vital_few(_shares(delays["root_cause"]))[0]
    need = ["root_cause", "n", "action", "owner_customer_service", "owner_department",
            "deadline", "target_reduction", "target_n"]
    missing = [c for c in need if c not in table.columns]
    if missing:
        return not_yet("01.6", f"The plan is missing column(s) {', '.join(missing)}: start from "
                               "ck.improvement_plan(january, where={'sub_category': "
                               "'delivery_delay'}).")
    got = set(table["root_cause"].astype(str))
    problems = []
    if got != set(want):
        lacking = [k for k in want if k not in got]
        if lacking:
            problems.append(f"Rows missing for the vital few: {', '.join(lacking)}. Did you "
                            "filter to delivery timeouts in January?")
        if got - set(want):
            problems.append(f"Rows that are not January's vital few delivery-timeout causes: "
                            f"{', '.join(sorted(got - set(want)))}.")
    blank = lambda col: table[col].isna() | (table[col].astype(str).str.strip() == "")  # noqa: E731
    if blank("action").any():
        problems.append(f"{int(blank('action').sum())} row(s) have no action yet: what will be "
                        "done about each root cause?")
    if blank("owner_customer_service").any():
        problems.append("Name an owner in customer service for every row (the article asks for "
                        "one in customer service and one in the other department).")
    tr = pd.to_numeric(table["target_reduction"], errors="coerce")
    if tr.isna().any() or not tr.between(0.05, 0.95).all():
        problems.append("Each target reduction should be a share between 0.05 and 0.95.")
    else:
        implied = pd.to_numeric(table["n"]) * (1 - tr)
        if not close(pd.to_numeric(table["target_n"]), implied, 0.6):
            problems.append("target_n should be n x (1 - target_reduction): update it after "
                            "changing a target.")
    deadline = pd.to_datetime(table["deadline"], errors="coerce")
    if deadline.isna().any() or (deadline <= pd.Timestamp("2025-01-31")).any():
        problems.append("Every deadline must fall after January.")
    if problems:
        return not_yet("01.6", *problems)
    return correct("01.6", f"A complete plan for {len(want)} root causes. Next: check it "
                           "against February with plan.check(...).")
