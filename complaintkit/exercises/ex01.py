"""Checks for exercise 01: the delivery-delay drill-down.

Each check recomputes the right answer from the exercise's dataset with plain pandas, compares
it with the trainee's answer by meaning, and recognises the typical wrong answers (counts for
shares, the wrong denominator, the wrong period, cumulating before sorting, stopping short of
the cut-off, the article's 45% instead of the table's share).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_int, fmt_list, fmt_pct, is_english, tr
from . import task
from .answers import (
    ATOL,
    as_list,
    as_number,
    as_series,
    as_table,
    close,
    first_match,
    named,
    named_list,
    read_shares,
)
from .feedback import correct, not_yet

MONTH = "2025-01"


def _month(ctx) -> pd.DataFrame:
    def make():
        c = ctx.world.complaints
        t = c["received_at"]
        return c[(t >= "2025-01-01") & (t < "2025-02-01")]

    return ctx.cached("month", make)


def _other_months(ctx) -> dict[int, pd.Series]:
    """The category shares of every other month (month number -> shares): an answer computed
    on the wrong month is recognised and the month named."""
    def make():
        c = ctx.world.complaints
        t = pd.to_datetime(c["received_at"])
        return {m: _shares(c.loc[t.dt.month == m, "category"])
                for m in sorted(set(t.dt.month)) if m != 1}

    return ctx.cached("other_months", make)


def _month_name(m: int, loc) -> str:
    """January ... in English, 1月 ... in Chinese."""
    return pd.Timestamp(2025, m, 1).strftime("%B") if is_english(loc) else f"{m}月"


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


def _compare(task_id: str, got: pd.Series, want: pd.Series, kind: str, loc, *,
             wrong_bases: dict):
    """Shared logic for 'shares by level' answers (``kind``: the level's column)."""
    got, notes = read_shares(got, whole=True, locale=loc)
    total = got.sum()
    if abs(total - round(total)) < 1e-9 and total > 1.5 and (got == got.round()).all():
        return not_yet(task_id, tr("These look like counts (they add up to {total}): divide "
                                   "each by the total to get shares.", loc,
                                   total=fmt_int(total, loc)))
    got = got[(got != 0) | got.index.isin(want.index)]  # unused categories with share 0
    missing = [k for k in want.index if k not in got.index]
    extra = [k for k in got.index if k not in want.index]
    if extra:
        return not_yet(task_id, tr("{extra} should not be in the answer: the levels are "
                                   "{levels}.", loc,
                                   extra=named_list(kind, extra[:3], quote=True)(loc),
                                   levels=named_list(kind, want.index, quote=True)(loc)))
    got_full = got.reindex(want.index).fillna(0.0)
    if close(got_full, want):
        if missing and want[missing].max() > ATOL:
            return not_yet(task_id, tr("Missing: {missing}.", loc,
                                       missing=named_list(kind, missing, quote=True)(loc)))
        return correct(task_id, *notes, tr("Your shares match: the largest is {top} at "
                                           "{share}.", loc, top=named(kind, want.idxmax())(loc),
                                           share=fmt_pct(want.max(), loc, 1)))
    why = first_match(got_full, {why: base.reindex(want.index).fillna(0.0)
                                 for why, base in wrong_bases.items()})
    if why:
        return not_yet(task_id, *notes, why)
    lost = [k for k in missing if want[k] > ATOL]
    if lost:
        return not_yet(task_id, *notes, tr(
            "{missing} is missing from your answer (its share is {share}): every level counts, "
            "and the shares of all of them add up to 1.", loc,
            missing=named_list(kind, lost, quote=True)(loc),
            share=fmt_pct(want[lost].sum(), loc, 1)))
    if abs(total - 1) > 0.02:
        return not_yet(task_id, *notes, tr("Your shares sum to {total}, not 1: did you divide "
                                           "by the right total?", loc, total=format(total, ".2f")))
    worst = (got_full - want).abs().idxmax()
    return not_yet(task_id, *notes, tr("Not quite: the share for {level} should be {want}, you "
                                       "have {got}.", loc, level=named(kind, worst)(loc),
                                       want=format(want[worst], ".3f"),
                                       got=format(got_full[worst], ".3f")))


@task("01.1", "Shares of January's complaints by category")
def shares_by_category(answer, ctx):
    loc = ctx.locale
    month = _month(ctx)
    want = _shares(month["category"])
    got = as_series(answer, "category")
    year = _shares(ctx.world.complaints["category"])
    wrong = {tr("These are the shares over the whole year: filter January first "
                "(ck.in_period(world.complaints, '2025-01')).", loc): year}
    for m, other in _other_months(ctx).items():
        wrong[tr("These are the shares of {month}: the task asks for January (filter "
                 "ck.in_period(world.complaints, '2025-01')).", loc,
                 month=_month_name(m, loc))] = other
    return _compare("01.1", got, want, "category", loc, wrong_bases=wrong)


@task("01.2", "Cumulative shares in Pareto order")
def cumulative(answer, ctx):
    loc = ctx.locale
    month = _month(ctx)
    shares = _shares(month["category"])
    order = _pareto_order(shares)
    got = as_series(answer, "category", N_("cum_share"))
    got = got[(got != 0) | got.index.isin(shares.index)]
    unknown = [k for k in got.index if k not in shares.index]
    if unknown:
        return not_yet("01.2", tr("{name} is not a category; the categories are {order}.",
                                  loc, name=repr(unknown[0]),
                                  order=named_list("category", order, quote=True)(loc)))
    if got.max() > 100.5:
        return not_yet("01.2", tr("The last cumulative value should be 1 (everything): "
                                  "divide the running count by the month's total.", loc))
    got, notes = read_shares(got, locale=loc)
    if abs(got.iloc[-1] - 1) > 0.01:
        return not_yet("01.2", *notes, tr("Your cumulative shares end at {last}; they must end "
                                          "at 1 (all complaints).", loc,
                                          last=format(got.iloc[-1], ".2f")))
    if not got.is_monotonic_increasing:
        return not_yet("01.2", *notes, tr("Cumulative shares can only go up: add the shares "
                                          "one after another (.cumsum()).", loc))
    pareto_order = set(got.index) == set(order) and bool(
        np.all(np.diff(shares[list(got.index)].to_numpy()) <= 1e-12))  # ties in any order
    if list(got.index) != order and not pareto_order:
        same_set = set(got.index) == set(order)
        hint = (tr("Sort the categories by share, largest first, before taking the cumulative "
                   "sum: a Pareto curve rises fastest at the start.", loc) if same_set else
                tr("The categories should be {order}.", loc,
                   order=named_list("category", order, quote=True)(loc)))
        return not_yet("01.2", *notes, hint)
    want = shares[list(got.index)].cumsum()
    if not close(got, want):
        return not_yet("01.2", *notes, tr("The order is right but the values are off: "
                                          "cumulate the January shares of task 1.", loc))
    k = int((want - shares[order] < 0.8 - 1e-12).sum())
    return correct("01.2", *notes, tr("Right: the first {k} categories pass 80% at {share}.",
                                      loc, k=k, share=fmt_pct(want.iloc[k - 1], loc, 1)))


@task("01.3", "The vital few at 80%")
def vital_few(answer, ctx):
    loc = ctx.locale
    month = _month(ctx)
    want, order, cum = _vital_few(_shares(month["category"]))
    answer = as_table(answer)
    if isinstance(answer, pd.Series) and pd.api.types.is_numeric_dtype(answer):
        answer = list(answer.index)   # the cumulative shares of the vital few: their names
    elif isinstance(answer, pd.DataFrame) and "category" in answer.columns:
        answer = list(answer["category"])
    elif isinstance(answer, pd.DataFrame):
        answer = list(answer.index)
    got = as_list(answer, "category")
    if set(got) == set(want):
        return correct("01.3", tr("{k} of {n} categories make up {share} of January's "
                                  "complaints.", loc, k=len(want), n=len(order),
                                  share=fmt_pct(cum[want[-1]], loc)))
    unknown = [g for g in got if g not in order]
    if unknown:
        return not_yet("01.3", tr("{name} is not a category; the categories are {order}.",
                                  loc, name=repr(unknown[0]),
                                  order=named_list("category", order, quote=True)(loc)))
    if set(got) < set(want) and got:
        given = [k for k in order if k in set(got)]
        if given == order[:len(given)]:
            nxt = order[len(given)]
            return not_yet("01.3", tr(
                "With {given} the cumulative share reaches {reach}, not yet 80%: one more "
                "category is needed, {next} (the vital few include the category that takes "
                "the cumulative share past 80%).", loc,
                given=named_list("category", given, quote=True)(loc),
                reach=fmt_pct(cum[given[-1]], loc), next=named("category", nxt)(loc)))
    if set(want) < set(got):
        return not_yet("01.3", tr("That is more than you need: keep only the fewest "
                                  "categories that together reach 80%.", loc))
    return not_yet("01.3", tr("Take the categories in Pareto order until the cumulative share "
                              "first reaches 80%.", loc))


@task("01.4", "Root causes of January's delivery timeouts")
def delay_root_causes(answer, ctx):
    loc = ctx.locale
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
    return _compare("01.4", got, want, "root_cause", loc, wrong_bases={
        tr("Your shares sum to {total}: you divided by all of January's complaints. Within a "
           "drill-down each level is a share of its parent: divide by the number of "
           "delivery-timeout complaints.", loc, total=format(by_month.sum(), ".2f")): by_month,
        tr("Your shares sum to {total}: you divided by the whole delivery category (which "
           "also holds wrong items and courier behaviour). Divide by the delivery-timeout "
           "complaints only.", loc, total=format(by_category.sum(), ".2f")): by_category,
        tr("These are the shares over the whole year: filter January first.", loc): all_delays,
    })


@task("01.5", "The customer-requested share of the Joyo table")
def joyo_share(answer, ctx):
    from ..data import load_dataset

    loc = ctx.locale
    joyo = load_dataset("joyo_delivery_timeout")
    requested = joyo["sub_type"].astype(str).str.startswith("customer_requested")
    want = joyo.loc[requested, "count"].sum() / joyo["count"].sum()
    raw = as_number(answer)
    if abs(raw - 530) < 0.5:
        return not_yet("01.5", tr("530 is the count; as a share of all 1094 delivery "
                                  "timeouts?", loc))
    x, notes = read_shares(raw, locale=loc)
    if abs(x - want) < ATOL:
        return correct("01.5", *notes, tr("{k} of {n} = {share}. The article says 45%: always "
                                          "recompute a published share from its table.", loc,
                                          k=joyo.loc[requested, "count"].sum(),
                                          n=joyo["count"].sum(), share=fmt_pct(want, loc, 1)))
    if abs(x - 0.45) < 1e-9:
        return not_yet("01.5", *notes, tr("0.45 is what the article says, but compute it from "
                                          "the table: the two customer-requested rows over the "
                                          "total.", loc))
    if any(close(x, n / joyo["count"].sum()) for n in joyo.loc[requested, "count"]):
        return not_yet("01.5", *notes, tr("That is one of the two rows: add both "
                                          "customer-requested rows (next day and same day).",
                                          loc))
    return not_yet("01.5", *notes, tr("Not quite ({x}): add the counts of the two "
                                      "customer-requested rows and divide by the table's "
                                      "total.", loc, x=format(x, ".3f")))


SHARP = 0.4  # the task's sharper target for the two customer-requested rows


def _target_problems(table: pd.DataFrame, loc) -> list[str]:
    """What is wrong with the targets: shares, 40% on the two customer-requested rows only
    (what the task asks), target_n in step."""
    problems = []
    target = pd.to_numeric(table["target_reduction"], errors="coerce")
    if target.isna().any() or not target.between(0.05, 0.95).all():
        if target.notna().all() and target.between(5, 95).all():
            return [tr("target_reduction is a share: write 0.4 for 40%, not 40.", loc)]
        return [tr("Each target reduction should be a share between 0.05 and 0.95.", loc)]
    requested = table["root_cause"].astype(str).str.startswith("customer_requested")
    sharp = (target - SHARP).abs() < 1e-6
    if requested.any() and not sharp[requested].all():
        problems.append(tr("The task asks for a sharper target of 40% (0.4) for the two "
                           "customer-requested rows: set their target_reduction.", loc))
    elif sharp[~requested].any():
        problems.append(tr("Only the two customer-requested rows get the sharper 40% target; "
                           "{k} other row(s) have it too: keep their drafted target.", loc,
                           k=int(sharp[~requested].sum())))
    implied = pd.to_numeric(table["n"], errors="coerce") * (1 - target)
    if not close(pd.to_numeric(table["target_n"], errors="coerce"), implied, 0.6):
        problems.append(tr("target_n should be n x (1 - target_reduction): update it after "
                           "changing a target.", loc))
    return problems


@task("01.6", "Your improvement plan for January's delivery timeouts")
def plan(answer, ctx):
    loc = ctx.locale
    table = as_table(answer)
    if not isinstance(table, pd.DataFrame):
        return not_yet("01.6", tr("Expected the plan from ck.improvement_plan(...) (or its "
                                  "table).", loc))
    month = _month(ctx)
    delays = month[month["sub_category"] == "delivery_delay"]
    want = _vital_few(_shares(delays["root_cause"]))[0]
    need = ["root_cause", "n", "action", "owner_customer_service", "owner_department",
            "deadline", "target_reduction", "target_n"]
    missing = [c for c in need if c not in table.columns]
    if missing:
        return not_yet("01.6", tr("The plan is missing column(s) {columns}: start from "
                                  "ck.improvement_plan(january, where={{'sub_category': "
                                  "'delivery_delay'}}).", loc,
                                  columns=fmt_list(missing if is_english(loc)
                                                   else map(repr, missing), loc)))
    got = set(table["root_cause"].astype(str))
    problems = []
    if got != set(want):
        lacking = [k for k in want if k not in got]
        if lacking:
            problems.append(tr("Rows missing for the vital few: {causes}. Did you filter to "
                               "delivery timeouts in January?", loc,
                               causes=named_list("root_cause", lacking)(loc)))
        if got - set(want):
            problems.append(tr("Rows that are not January's vital few delivery-timeout "
                               "causes: {causes}.", loc,
                               causes=named_list("root_cause", sorted(got - set(want)))(loc)))
    blank = lambda col: table[col].isna() | (table[col].astype(str).str.strip() == "")  # noqa: E731
    if blank("action").any():
        problems.append(tr("{k} row(s) have no action yet: what will be done about each root "
                           "cause?", loc, k=int(blank("action").sum())))
    if blank("owner_customer_service").any():
        problems.append(tr("Name an owner in customer service for every row (the article asks "
                           "for one in customer service and one in the other department).",
                           loc))
    problems += _target_problems(table, loc)
    deadline = pd.to_datetime(table["deadline"], errors="coerce")
    if deadline.isna().any() or (deadline <= pd.Timestamp("2025-01-31")).any():
        problems.append(tr("Every deadline must fall after January.", loc))
    if problems:
        return not_yet("01.6", *problems)
    return correct("01.6", tr("A complete plan for {k} root causes. Next: check it against "
                              "February with plan.check(...).", loc, k=len(want)))
