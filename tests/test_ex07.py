"""Exercise 07 (the complaint iceberg): every check on a right and a typical wrong answer, the
built notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh."""

import pytest
from exercise_helpers import (
    assert_built_versions_match,
    assert_solution_is_correct,
    assert_trainee_says_not_yet,
    exercise_fixture,
    says,
)

NAME = "ex07-complaint-iceberg.ipynb"


ex = exercise_fixture("07")


@pytest.fixture(scope="module")
def january(ex):
    c = ex.world.complaints
    return int((c["received_at"].dt.month == 1).sum())



# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "07", 4, leak="idxmin")


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "07", 4)


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "07", 4)


# --------------------------------------------------------------------------- checks
def test_task1_dissatisfied(ex, january):
    fb = ex.check(1, january / 0.10)
    assert fb.ok and "dissatisfied = complaints / rate" in str(fb), str(fb)
    assert ex.check(1, round(january * 10)).ok
    says(ex.check(1, january * 0.10), "multiplied", "divide by 0.10")
    says(ex.check(1, len(ex.world.complaints) / 0.10), "whole year")
    says(ex.check(1, ...), "Replace the `...`")


def test_task2_silent(ex, january):
    fb = ex.check(2, january * 9)
    assert fb.ok and "session 03" in str(fb), str(fb)
    says(ex.check(2, january * 10), "subtract the ones who complained")
    says(ex.check(2, january * 24), "1/25")


def test_task3_true_voice_rate(ex):
    w = ex.world
    problems = (w.orders["problem"] != "none").sum()
    right = len(w.complaints) / problems
    truth = w.truth.iceberg
    assert right == pytest.approx(truth["complaints"].sum() / truth["problems"].sum())
    fb = ex.check(3, right)
    assert fb.ok and "sample_weight" in str(fb) and "untroubled" in str(fb), str(fb)
    assert ex.check(3, round(100 * right, 1)).ok  # a percentage, with a note
    says(ex.check(3, len(w.complaints) / len(w.orders)), "problem != 'none'")
    says(ex.check(3, len(w.complaints) / w.orders["sample_weight"].sum()), "weighted")
    says(ex.check(3, "low"), "single number")


def test_task4_lowest_category(ex):
    truth = ex.world.truth.iceberg.groupby("category", observed=True)[
        ["problems", "complaints"]].sum()
    lowest = (truth["complaints"] / truth["problems"]).idxmin()
    assert lowest == "technical"
    fb = ex.check(4, lowest)
    assert fb.ok and "technical" in str(fb), str(fb)
    assert ex.check(4, "技术原因").ok  # the Chinese label
    fewest = ex.world.complaints["category"].value_counts().idxmin()
    assert fewest != lowest
    says(ex.check(4, fewest), "fewest complaints")
    says(ex.check(4, "billing"), "highest")
    says(ex.check(4, "nonsense"), "not a category")
