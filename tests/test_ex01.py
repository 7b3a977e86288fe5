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
ex = exercise_fixture("01")


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
    says(ex.check(3, list(cum[cum <= 0.8].index)), "stopped before reaching 80%")
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
    assert ex.check(6, plan).ok
    t.loc[0, "target_reduction"] = 0.5  # target changed but target_n not updated
    says(ex.check(6, plan), "target_n should be")
    whole = ck.improvement_plan(january)
    whole.table["action"], whole.table["owner_customer_service"] = "x", "y"
    says(ex.check(6, whole), "Did you filter to delivery timeouts")
    says(ex.check(6, pd.DataFrame({"root_cause": ["x"]})), "missing column")

