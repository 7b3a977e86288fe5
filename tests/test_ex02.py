"""Exercise 02 (satisfaction drivers): every check on right and typical wrong answers, the
built notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh."""

import numpy as np
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

NAME = "ex02-satisfaction-drivers.ipynb"
ex = exercise_fixture("02")


@pytest.fixture(scope="module")
def frame(ex):
    return ck.complaint_frame(ex.world.complaints, ex.world.surveys)


@pytest.fixture(scope="module")
def res(frame):
    return ck.drivers(frame, n_boot=0)


# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    assert_built_versions_match(tmp_path, NAME, "02", 6,
                                leak=("ologit_coef", 'answer3 = \\"C\\"'))


def test_trainee_version_runs_and_every_check_says_not_yet():
    assert_trainee_says_not_yet(NAME, "02", 6, each_says=("Replace the `...`",))


def test_solution_runs_on_the_chinese_dataset():
    assert_solution_is_correct(NAME, "02", 6)


# --------------------------------------------------------------------------- checks
def test_task1_response_rate_and_top2(ex, frame):
    rr = frame["responded"].mean()
    top2 = frame["csat_score"].dropna().ge(4).mean()
    assert ex.check(1, (rr, top2)).ok
    # equivalent forms: rounding, percentages, a dict with names, the kpis result
    assert ex.check(1, [round(rr, 3), round(top2, 3)]).ok
    assert ex.check(1, (rr * 100, top2 * 100)).ok
    assert ex.check(1, {"top2": top2, "response_rate": rr}).ok
    assert ex.check(1, ck.kpis(frame)).ok
    # typical wrong answers
    says(ex.check(1, (rr, (frame["csat_score"] >= 4).mean())), "divides by all complaints")
    says(ex.check(1, (rr, frame["csat_score"].dropna().eq(5).mean())), "5s only")
    says(ex.check(1, (rr, frame["csat_score"].dropna().ge(3).mean())), "counts 3s")
    says(ex.check(1, (1.0, top2)), "*sent* a follow-up")
    says(ex.check(1, (top2, rr)), "swapped")
    says(ex.check(1, (..., ...)), "Replace the `...`")
    says(ex.check(1, rr), "two numbers")


def test_task2_response_rate_by_resolved(ex, frame):
    right = frame.groupby("resolved")["responded"].mean()
    assert ex.check(2, right).ok
    assert ex.check(2, right.sort_index(ascending=False).round(3)).ok
    assert ex.check(2, {"已解决": right[True], "未解决": right[False]}).ok
    assert ex.check(2, right * 100).ok
    assert ex.check(2, ck.kpis(frame, by="resolved")).ok
    assert ex.check(2, ck.kpis(frame, by="resolved").wide()).ok
    respondents = frame[frame["responded"]]
    says(ex.check(2, respondents["resolved"].value_counts(normalize=True)),
          "shares of the *respondents*")
    says(ex.check(2, frame.groupby("responded")["resolved"].mean()), "grouped by `responded`")
    says(ex.check(2, frame.groupby("resolved")["responded"].sum()), "counts")
    says(ex.check(2, frame.groupby("resolved")["csat_score"].mean()), "mean CSAT")
    says(ex.check(2, pd.Series(frame["responded"].mean(), index=[False, True])),
          "overall response rate")
    says(ex.check(2, {"maybe": 0.5, "True": 0.3}), "not a resolved status")


def test_task3_multiple_choice(ex, frame):
    for right in ("C", "c", "(c)", " C. "):
        fb = ex.check(3, right)
        assert fb.ok, str(fb)
    assert f"{frame['csat_score'].mean():.2f}" in str(ex.check(3, "C"))  # from the data
    says(ex.check(3, "A"), "*sent* a follow-up")
    says(ex.check(3, "B"), "so are the", "either way")
    says(ex.check(3, "D"), "self-selected")
    says(ex.check(3, "E"), "one letter")


def test_task4_top_driver(ex, res):
    t = res.driver_table.set_index("driver")
    top = t.index[0]
    assert top == "rating_fairness"
    assert ex.check(4, top).ok
    assert ex.check(4, "fairness").ok
    assert ex.check(4, ["Fairness of solution"]).ok
    assert ex.check(4, ck.labels("zh_CN", "column")[top]).ok
    says(ex.check(4, "resolved"), "is a control")
    says(ex.check(4, t["mean_rating"].idxmin()), "worst-rated", "performance")
    says(ex.check(4, "rating_staff_attitude"), "another rating has more")
    says(ex.check(4, "weather"), "not one of the drivers")
    says(ex.check(4, res), "not the whole result")


def test_task5_fairness_against_the_truth(ex, frame, res):
    row = res.table.set_index("driver").loc["rating_fairness"]
    right = (row["ologit_coef"], row["ologit_ci_lower"], row["ologit_ci_upper"])
    truth = ex.world.truth.value("satisfaction.ratings.fairness")
    fb = ex.check(5, right)
    assert fb.ok and f"{truth:g}" in str(fb) and "inside your interval" in str(fb), str(fb)
    assert ex.check(5, tuple(np.round(right, 2))).ok
    assert ex.check(5, (right[1], right[2], right[0])).ok  # any order
    assert ex.check(5, row).ok  # the whole table row: the ologit_* entries are used
    assert ex.check(5, {"coef": right[0], "ci_lower": right[1], "ci_upper": right[2]}).ok
    # typical wrong answers
    says(ex.check(5, (row["ols_coef"], row["ols_ci_lower"], row["ols_ci_upper"])),
          "You used OLS", "1-5 scale", "latent scale")
    says(ex.check(5, row[["ols_coef", "ols_ci_lower", "ols_ci_upper"]]), "You used OLS")
    bare = ck.drivers(frame, controls=None, n_boot=0).table.set_index("driver")
    bare = bare.loc["rating_fairness"]
    says(ex.check(5, (bare["ologit_coef"], bare["ologit_ci_lower"], bare["ologit_ci_upper"])),
          "without the controls")
    says(ex.check(5, tuple(np.exp(right))), "odds ratio")
    says(ex.check(5, (right[0], right[0] - 0.01, right[0] + 0.01)), "coefficient is right")
    says(ex.check(5, (right[0], -1.0, 2.0)), "coefficient is right")
    says(ex.check(5, (truth, truth - 0.5, truth + 0.5)), "covers the truth")
    says(ex.check(5, (2.0, 1.9, 2.1)), "does not cover the true effect")
    staff = res.table.set_index("driver").loc["rating_staff_attitude"].copy()
    staff["driver"] = "rating_staff_attitude"
    says(ex.check(5, staff), "row of 'rating_staff_attitude'")
    says(ex.check(5, right[0]), "(coef, lower, upper)")


def test_task6_quadrants(ex, res):
    t = res.driver_table.set_index("driver")
    right = t["quadrant"]
    assert ex.check(6, right).ok
    assert ex.check(6, res).ok
    assert ex.check(6, res.table).ok  # the controls' rows are ignored
    assert ex.check(6, right.str.upper().sample(frac=1, random_state=1)).ok
    zh = {"concentrate here": "重点改进区", "keep up": "继续保持区", "low priority": "低优先区",
          "possible overkill": "过度投入区"}
    labels = ck.labels("zh_CN", "column")
    assert ex.check(6, {labels[d]: zh[q] for d, q in right.items()}).ok
    fb = ex.check(6, right)
    assert "Response speed" in str(fb)  # near the importance line, in ecommerce_en
    # typical wrong answers
    imp, perf = t["lmg_share"], t["mean_rating"]
    names = {(True, False): "concentrate here", (True, True): "keep up",
             (False, False): "low priority", (False, True): "possible overkill"}
    midpoint = {d: names[imp[d] > imp.mean(), perf[d] > 3] for d in t.index}
    says(ex.check(6, midpoint), "not the middle of the scale")
    ols = {d: names[t["ols_coef"][d] > t["ols_coef"].mean(), perf[d] > perf.mean()]
           for d in t.index}
    if any(ols[d] != right[d] for d in t.index):  # in some worlds they coincide: then right
        says(ex.check(6, ols), "not the OLS coefficient")
    else:
        assert ex.check(6, ols).ok
    says(ex.check(6, right.drop("rating_price")), "Missing: rating_price")
    says(ex.check(6, {**right.to_dict(), "resolved": "keep up"}), "controls have no quadrant")
    says(ex.check(6, right.replace("keep up", "great")), "not a quadrant name")
    one_off = right.copy()
    one_off["rating_price"] = "possible overkill"
    says(ex.check(6, one_off), "1 of 5 not yet right", "'low priority', not 'possible overkill'")
