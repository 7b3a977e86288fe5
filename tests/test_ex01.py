"""Exercise 01 (the delivery-delay drill-down): every check on right and typical wrong answers,
the built notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh."""

import pandas as pd
import pytest
from exercise_helpers import (
    assert_built_versions_match,
    assert_solution_is_correct,
    assert_trainee_says_not_yet,
    exercise_fixture,
    says,
)

import complaintkit as ck

NAME = "ex01-delivery-delay-drilldown.ipynb"
ex = exercise_fixture("01", zh_twin=True)


@pytest.fixture(scope="module")
def january(ex):
    return ck.in_period(ex.world.complaints, "2025-01")


# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "01", 6, leak="value_counts(normalize=True)")


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "01", 6)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "01", 6)


# --------------------------------------------------------------------------- checks
def test_task1_shares(ex, january):
    right = january["category"].value_counts(normalize=True)
    assert ex.check(1, right).ok
    # equivalent forms: order, rounding, a table, a dict, percentages, Chinese labels
    assert ex.check(1, right.sort_index().round(3)).ok
    assert ex.check(1, right.rename_axis("category").reset_index(name="share")).ok
    assert ex.check(1, right.to_dict()).ok
    assert ex.check(1, right * 100).ok
    zh = ck.labels("zh_CN", "category")
    assert ex.check(1, right.rename(lambda k: zh[k])).ok
    # typical wrong answers
    says(ex.check(1, january["category"].value_counts()), "counts", "divide")
    says(ex.check(1, ex.world.complaints["category"].value_counts(normalize=True)),
          "whole year", "January")
    says(ex.check(1, right * 1.37), "sum to 1.37")
    says(ex.check(1, "product_quality"), "expected a pandas Series")
    says(ex.check(1, ...), "Replace the `...`")


def test_task2_cumulative(ex, january):
    shares = january["category"].value_counts(normalize=True)
    assert ex.check(2, shares.sort_values(ascending=False).cumsum()).ok
    says(ex.check(2, shares.sort_index().cumsum()), "Sort the categories by share")
    says(ex.check(2, january["category"].value_counts().cumsum()), "divide the running count")
    says(ex.check(2, shares.sort_values(ascending=False)), "end at 1")


def test_task3_vital_few(ex, january):
    cum = january["category"].value_counts(normalize=True).sort_values(ascending=False).cumsum()
    right = list(cum[cum.shift(fill_value=0) < 0.8].index)
    assert ex.check(3, right).ok
    assert ex.check(3, list(reversed(right))).ok
    assert ex.check(3, [ck.labels("zh_CN", "category")[k] for k in right]).ok
    says(ex.check(3, list(cum[cum <= 0.8].index)), "one more category is needed")
    says(ex.check(3, list(cum.index)), "more than you need")
    says(ex.check(3, ["weather"]), "'weather' is not a category")


def test_task4_root_causes(ex, january):
    delays = january[january["sub_category"] == "delivery_delay"]
    right = delays["root_cause"].value_counts(normalize=True)  # includes unused categories
    assert ex.check(4, right).ok
    says(ex.check(4, delays["root_cause"].value_counts() / len(january)),
          "all of January's complaints")
    per_category = (delays["root_cause"].value_counts()
                    / (january["category"] == "delivery").sum())
    says(ex.check(4, per_category), "whole delivery category")


def test_task5_joyo_share(ex):
    assert ex.check(5, 530 / 1094).ok
    assert ex.check(5, 48.4).ok  # a percentage
    says(ex.check(5, 0.45), "what the article says")
    says(ex.check(5, 530), "530 is the count")
    says(ex.check(5, 270 / 1094), "one of the two rows")
    says(ex.check(5, "half"), "single number")


def test_task6_plan(ex, january):
    plan = ck.improvement_plan(january, where={"sub_category": "delivery_delay"})
    says(ex.check(6, plan), "no action yet", "owner in customer service")
    t = plan.table
    t["action"] = "call the customer"
    t["owner_customer_service"] = "Li"
    says(ex.check(6, plan), "sharper target of 40%")
    requested = t["root_cause"].str.startswith("customer_requested")
    t.loc[requested, "target_reduction"] = 0.4
    t["target_n"] = t["n"] * (1 - t["target_reduction"])
    assert ex.check(6, plan).ok
    t.loc[requested, "target_reduction"] = 0.5  # target changed but target_n not updated
    says(ex.check(6, plan), "target_n should be")
    whole = ck.improvement_plan(january)
    whole.table["action"], whole.table["owner_customer_service"] = "x", "y"
    says(ex.check(6, whole), "Did you filter to delivery timeouts")
    says(ex.check(6, pd.DataFrame({"root_cause": ["x"]})), "missing column")



# --------------------------------------------------------------------------- tried answers
def _jan(ex):
    return ck.in_period(ex.world.complaints, "2025-01")


def _shares(ex):
    return _jan(ex)["category"].value_counts(normalize=True)


def _cum(ex):
    return _shares(ex).sort_values(ascending=False).cumsum()


def _vital(ex):
    cum = _cum(ex)
    return list(cum[cum.shift(fill_value=0) < 0.8].index)


def _roots(ex, base=None):
    jan = _jan(ex)
    delays = jan[jan["sub_category"] == "delivery_delay"]
    counts = delays["root_cause"].value_counts()
    return counts / (len(delays) if base is None else base(jan))


def _drop_smallest(s):
    return s.drop(s.astype(float).idxmin())


def _misspelt(s):
    return s.rename({s.index[0]: str(s.index[0])[:-1] + "x"})


def _plan(ex, target=0.4, rows="requested", update=True, where="delivery_delay"):
    jan = _jan(ex)
    plan = ck.improvement_plan(jan, where={"sub_category": where} if where else None)
    t = plan.table
    t["action"], t["owner_customer_service"] = "call the customer", "Li"
    requested = t["root_cause"].astype(str).str.startswith("customer_requested")
    if rows == "requested":
        t.loc[requested, "target_reduction"] = target
    elif rows == "all":
        t["target_reduction"] = target
    if update:
        t["target_n"] = t["n"] * (1 - t["target_reduction"])
    return plan


def _joyo():
    j = ck.load_dataset("joyo_delivery_timeout")
    req = j["sub_type"].astype(str).str.startswith("customer_requested")
    return j.loc[req, "count"].sum() / j["count"].sum()


def _month_shares(ex, month):
    return ck.in_period(ex.world.complaints, month)["category"].value_counts(normalize=True)


TRIED = [
    # 01.1 shares by category
    (1, "series", _shares, "correct", ("largest",)),
    (1, "percent", lambda ex: _shares(ex) * 100, "correct", ("percentage",)),
    (1, "rounded", lambda ex: _shares(ex).round(2), "correct", ()),
    (1, "dict", lambda ex: _shares(ex).to_dict(), "correct", ()),
    (1, "one-column table", lambda ex: _shares(ex).to_frame("share"), "correct", ()),
    (1, "two-column table", lambda ex: _shares(ex).rename_axis("category")
     .reset_index(name="share"), "correct", ()),
    (1, "counts", lambda ex: _jan(ex)["category"].value_counts(), "not yet", ("counts",)),
    (1, "February", lambda ex: _month_shares(ex, "2025-02"), "not yet", ("February",)),
    (1, "whole year", lambda ex: ex.world.complaints["category"].value_counts(normalize=True),
     "not yet", ("whole year",)),
    (1, "dropped category", lambda ex: _drop_smallest(_shares(ex)), "not yet",
     ("missing from your answer",)),
    (1, "dropped and renormalised", lambda ex: (lambda s: s / s.sum())(
        _drop_smallest(_shares(ex))), "not yet", ("missing from your answer",)),
    (1, "misspelt key", lambda ex: _misspelt(_shares(ex)), "not yet",
     ("should not be in the answer",)),
    (1, "text", lambda ex: "delivery", "not yet", ("expected a pandas Series",)),
    # 01.2 cumulative shares
    (2, "series", _cum, "correct", ("80%",)),
    (2, "percent", lambda ex: _cum(ex) * 100, "correct", ("percentages",)),
    (2, "table", lambda ex: _cum(ex).rename_axis("category").reset_index(name="cum_share"),
     "correct", ()),
    (2, "not sorted", lambda ex: _shares(ex).sort_index().cumsum(), "not yet", ("Sort",)),
    (2, "counts", lambda ex: _jan(ex)["category"].value_counts().cumsum(), "not yet",
     ("running count",)),
    (2, "not cumulated", lambda ex: _shares(ex).sort_values(ascending=False), "not yet",
     ("end at 1",)),
    (2, "misspelt key", lambda ex: _misspelt(_cum(ex)), "not yet", ("is not a category",)),
    # 01.3 the vital few
    (3, "list", _vital, "correct", ("categories make up",)),
    (3, "labels", lambda ex: [ck.labels("zh_CN", "category")[k] for k in _vital(ex)],
     "correct", ()),
    (3, "series of the vital few", lambda ex: _cum(ex)[_vital(ex)], "correct", ()),
    (3, "index", lambda ex: pd.Index(_vital(ex)), "correct", ()),
    (3, "stopped short", lambda ex: _vital(ex)[:-1], "not yet",
     ("cumulative share reaches", "one more category is needed")),
    (3, "one too many", lambda ex: list(_cum(ex).index[:len(_vital(ex)) + 1]), "not yet",
     ("more than you need",)),
    (3, "misspelt", lambda ex: [*_vital(ex)[:-1], "delivry"], "not yet",
     ("'delivry' is not a category",)),
    # 01.4 root causes of delivery timeouts
    (4, "series", _roots, "correct", ()),
    (4, "percent", lambda ex: _roots(ex) * 100, "correct", ("percentage",)),
    (4, "dict", lambda ex: _roots(ex).to_dict(), "correct", ()),
    (4, "all of January", lambda ex: _roots(ex, len), "not yet",
     ("all of January's complaints",)),
    (4, "delivery category", lambda ex: _roots(ex, lambda j: (j["category"] == "delivery")
                                              .sum()), "not yet", ("whole delivery category",)),
    (4, "counts", lambda ex: _roots(ex, lambda j: 1), "not yet", ("counts",)),
    (4, "dropped cause", lambda ex: _drop_smallest(_roots(ex)[_roots(ex) > 0.01]), "not yet",
     ("missing from your answer",)),
    (4, "misspelt key", lambda ex: _misspelt(_roots(ex)), "not yet",
     ("should not be in the answer",)),
    # 01.5 the Joyo share
    (5, "share", lambda ex: _joyo(), "correct", ("530 of 1094",)),
    (5, "percent", lambda ex: round(_joyo() * 100, 1), "correct", ("percentage",)),
    (5, "rounded", lambda ex: round(_joyo(), 2), "correct", ()),
    (5, "one-element series", lambda ex: pd.Series([_joyo()]), "correct", ()),
    (5, "article", lambda ex: 0.45, "not yet", ("what the article says",)),
    (5, "count", lambda ex: 530, "not yet", ("530 is the count",)),
    (5, "one row", lambda ex: 270 / 1094, "not yet", ("one of the two rows",)),
    (5, "text", lambda ex: "half", "not yet", ("single number",)),
    # 01.6 the plan
    (6, "plan", _plan, "correct", ("complete plan",)),
    (6, "its table", lambda ex: _plan(ex).table, "correct", ()),
    (6, "40% on every row", lambda ex: _plan(ex, rows="all"), "not yet",
     ("Only the two customer-requested rows",)),
    (6, "no sharper target", lambda ex: _plan(ex, rows="none"), "not yet",
     ("sharper target of 40%",)),
    (6, "40 for 0.4", lambda ex: _plan(ex, target=40, rows="all", update=False), "not yet",
     ("is a share",)),
    (6, "target_n not updated", lambda ex: _plan(ex, update=False), "not yet",
     ("target_n should be",)),
    (6, "whole month", lambda ex: _plan(ex, where=None), "not yet", ("Did you filter",)),
    (6, "misspelt column", lambda ex: _plan(ex).table.rename(columns={"action": "acton"}),
     "not yet", ("missing column(s) action",)),
    (6, "not a plan", lambda ex: 3, "not yet", ("ck.improvement_plan",)),
]


@pytest.mark.parametrize("task,label,make_answer,status,words", TRIED,
                         ids=[f"{t[0]}-{t[1]}" for t in TRIED])
def test_tried_answers(ex, task, label, make_answer, status, words):
    fb = ex.check(task, make_answer(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
