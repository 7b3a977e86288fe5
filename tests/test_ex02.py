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
ex = exercise_fixture("02", zh_twin=True)


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


# --------------------------------------------------------------------------- tried answers
def _f(ex):
    from complaintkit.exercises.ex02 import _frame

    return _frame(ex)


def _rr_top2(ex):
    f = _f(ex)
    return f["responded"].mean(), (f["csat_score"].dropna() >= 4).mean()


def _by_res(ex):
    return _f(ex).groupby("resolved")["responded"].mean()


def _dt(ex, controls="default"):
    from complaintkit.exercises.ex02 import CONTROLS, _fit

    return _fit(ex, CONTROLS if controls == "default" else controls)


def _top(ex):
    return _dt(ex).driver_table["driver"].iloc[0]


def _fair(ex, prefix="ologit", controls="default"):
    row = _dt(ex, controls).table.set_index("driver").loc["rating_fairness"]
    return tuple(row[[f"{prefix}_coef", f"{prefix}_ci_lower", f"{prefix}_ci_upper"]])


def _quads(ex):
    t = _dt(ex).driver_table
    return pd.Series(t["quadrant"].to_numpy(), index=t["driver"].to_numpy())


TRIED = [
    (1, "pair", _rr_top2, "correct", ("top-2 box describes",)),
    (1, "percent", lambda ex: tuple(100 * x for x in _rr_top2(ex)), "correct", ("percentages",)),
    (1, "dict", lambda ex: dict(zip(["response_rate", "top2"], _rr_top2(ex), strict=True)),
     "correct", ()),
    (1, "kpis", lambda ex: ck.kpis(_f(ex)), "correct", ()),
    (1, "swapped", lambda ex: _rr_top2(ex)[::-1], "not yet", ("swapped",)),
    (1, "top-2 over all", lambda ex: (_rr_top2(ex)[0], (_f(ex)["csat_score"] >= 4).mean()),
     "not yet", ("divides by all complaints",)),
    (1, "count answered", lambda ex: (float(_f(ex)["csat_score"].notna().sum()),
                                      _rr_top2(ex)[1]), "not yet", ("number who answered",)),
    (1, "one number", lambda ex: _rr_top2(ex)[0], "not yet", ("two numbers",)),
    (2, "series", _by_res, "correct", ("times as often",)),
    (2, "percent", lambda ex: _by_res(ex) * 100, "correct", ()),
    (2, "dict of labels", lambda ex: {"已解决": _by_res(ex)[True], "未解决": _by_res(ex)[False]},
     "correct", ()),
    (2, "table", lambda ex: _by_res(ex).reset_index(), "correct", ()),
    (2, "counts", lambda ex: _f(ex).groupby("resolved")["responded"].sum(), "not yet",
     ("counts",)),
    (2, "swapped", lambda ex: pd.Series(_by_res(ex).to_numpy()[::-1], index=[False, True]),
     "not yet", ("swapped",)),
    (2, "misspelt key", lambda ex: {"resolvd": 0.5, "True": 0.3}, "not yet",
     ("'resolvd' is not a resolved status",)),
    (3, "C", lambda ex: "C", "correct", ()),
    (3, "(c)", lambda ex: "(c)", "correct", ()),
    (3, "A", lambda ex: "A", "not yet", ("*sent* a follow-up",)),
    (3, "E", lambda ex: "E", "not yet", ("one letter",)),
    (4, "code", _top, "correct", ("relative weights",)),
    (4, "Chinese label", lambda ex: ck.labels("zh_CN", "column")[_top(ex)], "correct", ()),
    (4, "list of one", lambda ex: [_top(ex)], "correct", ()),
    (4, "control", lambda ex: "resolved", "not yet", ("is a control",)),
    (4, "misspelt", lambda ex: "fairnes", "not yet", ("'fairnes' is not one of the drivers",)),
    (4, "two", lambda ex: ["a", "b"], "not yet", ("give one driver",)),
    (5, "triple", _fair, "correct", ("true effect",)),
    (5, "rounded", lambda ex: tuple(np.round(_fair(ex), 2)), "correct", ()),
    (5, "dict", lambda ex: dict(zip(["coef", "ci_lower", "ci_upper"], _fair(ex), strict=True)),
     "correct", ()),
    (5, "OLS", lambda ex: _fair(ex, "ols"), "not yet", ("You used OLS",)),
    (5, "no controls", lambda ex: _fair(ex, controls=None), "not yet", ("without the controls",)),
    (5, "odds ratio", lambda ex: tuple(np.exp(_fair(ex))), "not yet", ("odds ratio",)),
    (5, "one number", lambda ex: _fair(ex)[0], "not yet", ("(coef, lower, upper)",)),
    (6, "series", _quads, "correct", ("Concentrate here",)),
    (6, "result", lambda ex: _dt(ex), "correct", ()),
    (6, "Chinese quadrants", lambda ex: _quads(ex).map(
        {"concentrate here": "重点改进", "keep up": "继续保持", "low priority": "低优先级",
         "possible overkill": "可能投入过度"}), "correct", ()),
    (6, "missing driver", lambda ex: _quads(ex).iloc[1:], "not yet", ("Missing",)),
    (6, "control", lambda ex: {**_quads(ex).to_dict(), "resolved": "keep up"}, "not yet",
     ("controls have no quadrant",)),
    (6, "misspelt column", lambda ex: _quads(ex).rename_axis("driver")
     .reset_index(name="quadrnt"), "not yet", ("no quadrant column",)),
    (6, "not a quadrant", lambda ex: _quads(ex).replace({q: "great" for q in _quads(ex)}),
     "not yet", ("not a quadrant name",)),
]


@pytest.mark.parametrize("task,label,make_answer,status,words", TRIED,
                         ids=[f"{t[0]}-{t[1]}" for t in TRIED])
def test_tried_answers(ex, task, label, make_answer, status, words):
    fb = ex.check(task, make_answer(ex))
    assert fb.status == status, str(fb)
    for w in words:
        assert w in str(fb), str(fb)
