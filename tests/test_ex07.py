"""Exercise 07 (the complaint iceberg): every check on a right and a typical wrong answer, the
built notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh."""

import pandas as pd
import pytest
from exercise_helpers import (
    assert_built_versions_match,
    assert_solution_is_correct,
    assert_trainee_says_not_yet,
    exercise_fixture,
    says,
)

NAME = "ex07-complaint-iceberg.ipynb"


ex = exercise_fixture("07", zh_twin=True)


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


# --------------------------------------------------------------------------- tried answers
def _jan(ex):
    c = ex.world.complaints
    return int((c["received_at"].dt.month == 1).sum())


def _rate(ex):
    w = ex.world
    return len(w.complaints) / int((w.orders["problem"] != "none").sum())


def _rates(ex):
    from complaintkit.exercises import ex07

    return ex07._true_rates(ex)


#: (task, label, make_answer(ex), status, words the English feedback must contain)
TRIED = [
    (1, "right, a float", lambda ex: _jan(ex) / 0.10, "correct", ["dissatisfied"]),
    (1, "right, an int", lambda ex: _jan(ex) * 10, "correct", ["voice rate"]),
    (1, "right, a one-value Series", lambda ex: pd.Series([_jan(ex) * 10]), "correct", []),
    (1, "right, a one-value dict", lambda ex: {"dissatisfied": _jan(ex) * 10}, "correct", []),
    (1, "right, a one-cell table", lambda ex: pd.DataFrame({"n": [_jan(ex) * 10]}),
     "correct", []),
    (1, "multiplied by the rate", lambda ex: _jan(ex) * 0.10, "not yet", ["multiplied"]),
    (1, "the whole year", lambda ex: len(ex.world.complaints) * 10, "not yet", ["whole year"]),
    (1, "the complaints themselves", lambda ex: _jan(ex), "not yet", ["tip of the iceberg"]),
    (1, "the silent only", lambda ex: _jan(ex) * 9, "not yet", ["task 2"]),
    (1, "a voice rate of 1/25", lambda ex: _jan(ex) * 25, "not yet", ["1/25"]),
    (1, "a share for a count", lambda ex: 0.9, "not yet", ["0.9 looks like a share"]),
    (1, "in thousands", lambda ex: _jan(ex) * 10 / 1000, "not yet", ["thousands"]),
    (1, "too many", lambda ex: _jan(ex) * 13, "not yet", ["too many"]),
    (1, "a text", lambda ex: "many", "not yet", ["single number"]),
    (2, "right, an int", lambda ex: _jan(ex) * 9, "correct", ["9 for every complaint"]),
    (2, "right, a float", lambda ex: _jan(ex) / 0.10 - _jan(ex), "correct", []),
    (2, "right, a one-value Series", lambda ex: pd.Series({"silent": _jan(ex) * 9}),
     "correct", []),
    (2, "all the dissatisfied", lambda ex: _jan(ex) * 10, "not yet", ["subtract"]),
    (2, "24 per complaint", lambda ex: _jan(ex) * 24, "not yet", ["1/25"]),
    (2, "the wrong way round", lambda ex: -_jan(ex) * 9, "not yet", ["wrong way round"]),
    (2, "the complaints", lambda ex: _jan(ex), "not yet", ["tip of the iceberg"]),
    (2, "the share silent (0.9)", lambda ex: 0.9, "not yet", ["share who stay silent"]),
    (2, "a rate (0.1)", lambda ex: 0.1, "not yet", ["0.1 looks like a share"]),
    (2, "too few", lambda ex: _jan(ex) * 5, "not yet", ["too few"]),
    (3, "right, a share", _rate, "correct", ["sample_weight", "untroubled"]),
    (3, "right, rounded to 3 decimals", lambda ex: round(_rate(ex), 3), "correct", []),
    (3, "right, a percentage", lambda ex: round(100 * _rate(ex), 1), "correct",
     ["percentage"]),
    (3, "right, a one-value Series", lambda ex: pd.Series([_rate(ex)]), "correct", []),
    (3, "all orders", lambda ex: len(ex.world.complaints) / len(ex.world.orders), "not yet",
     ["problem != 'none'"]),
    (3, "all orders weighted",
     lambda ex: len(ex.world.complaints) / ex.world.orders["sample_weight"].sum(), "not yet",
     ["weighted"]),
    (3, "upside down", lambda ex: 1 / _rate(ex), "not yet", ["upside down"]),
    (3, "the silent share", lambda ex: 1 - _rate(ex), "not yet", ["did not complain"]),
    (3, "the silent share in percent", lambda ex: round(100 * (1 - _rate(ex)), 1), "not yet",
     ["did not complain"]),
    (3, "the complaints count", lambda ex: len(ex.world.complaints), "not yet",
     ["number of complaints"]),
    (3, "a text", lambda ex: "low", "not yet", ["single number"]),
    (4, "right, the code", lambda ex: _rates(ex).index[0], "correct", ["technical"]),
    (4, "right, the zh label", lambda ex: "技术原因", "correct", []),
    (4, "right, the en label", lambda ex: "Technical", "correct", []),
    (4, "right, a one-element list", lambda ex: [_rates(ex).index[0]], "correct", []),
    (4, "right, the idxmin of a sorted Series", lambda ex: _rates(ex).head(1), "correct", []),
    (4, "the whole Series", _rates, "not yet", ["not the whole Series"]),
    (4, "the highest", lambda ex: _rates(ex).index[-1], "not yet", ["highest"]),
    (4, "the fewest complaints",
     lambda ex: ex.world.complaints["category"].value_counts().idxmin(), "not yet",
     ["fewest complaints"]),
    (4, "another one", lambda ex: _rates(ex).index[2], "not yet", ["take the smallest"]),
    (4, "misspelt", lambda ex: "tecnical", "not yet", ["'tecnical' is not a category"]),
    (4, "two categories", lambda ex: list(_rates(ex).index[:2]), "not yet", ["one category"]),
    (4, "a number", lambda ex: 0.04, "not yet", ["category name"]),
]


@pytest.mark.parametrize("task, label, make, status, words", TRIED,
                         ids=[f"{t}-{lab}" for t, lab, *_ in TRIED])
def test_tried_answers(ex, task, label, make, status, words):
    fb = ex.check(task, make(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
