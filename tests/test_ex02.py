"""Exercise 02 (satisfaction drivers): its built notebooks, and every check on right and wrong
answers."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from nbrun import outputs, run_notebook

import complaintkit as ck
from complaintkit.exercises import STRICT_ENV, build_exercises

ROOT = Path(__file__).resolve().parent.parent
EX = ROOT / "exercises"
NAME = "02-satisfaction-drivers.ipynb"


@pytest.fixture(autouse=True)
def _lenient(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "0")  # wrong answers return feedback instead of raising


@pytest.fixture(scope="module")
def ex():
    return ck.exercises.start("02", dataset="ecommerce_en")


@pytest.fixture(scope="module")
def frame(ex):
    return ck.complaint_frame(ex.world.complaints, ex.world.surveys)


@pytest.fixture(scope="module")
def res(frame):
    return ck.drivers(frame, n_boot=0)


def _says(fb, *words):
    text = str(fb)
    assert not fb.ok, text
    for w in words:
        assert w in text, text


# --------------------------------------------------------------------------- notebooks
def test_six_tasks_are_registered():
    assert list(ck.exercises.tasks("02")) == [f"02.{i}" for i in range(1, 7)]


def test_built_notebooks_are_up_to_date_and_clean():
    stale = [p.name for p in build_exercises(EX / "masters", EX, check=True)]
    assert NAME not in stale
    for path, version in [(EX / NAME, "trainee"), (EX / "solutions" / NAME, "solution")]:
        text = path.read_text(encoding="utf-8")
        nb = json.loads(text)
        assert "BEGIN SOLUTION" not in text and "# SOLUTION" not in text
        assert nb["metadata"]["complaintkit"]["version"] == version
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    trainee = (EX / NAME).read_text(encoding="utf-8")
    assert "ologit_coef" not in trainee and 'answer3 = \\"C\\"' not in trainee  # no leaks
    assert "For trainers" not in trainee


def _outputs(nb) -> list[str]:
    return [text if kind == "result" else f"{kind}: {text}" for kind, text in outputs(nb)]


def test_trainee_version_runs_and_every_check_says_not_yet():
    nb = run_notebook(EX / NAME, "ecommerce_en", env={STRICT_ENV: "0"})
    results = [o for o in _outputs(nb) if "Task 02." in o]
    assert len(results) == len(ck.exercises.tasks("02")) == 6
    assert all(": not yet" in r and "Replace the `...`" in r for r in results), results
    assert not [o for o in _outputs(nb) if o.startswith(("stderr", "error"))]


def test_solution_runs_on_the_chinese_dataset():
    nb = run_notebook(EX / "solutions" / NAME, "ecommerce_zh", env={STRICT_ENV: "1"})
    results = [o for o in _outputs(nb) if "Task 02." in o]
    assert len(results) == 6 and all(": correct" in r for r in results), results
    assert not [o for o in _outputs(nb) if o.startswith(("stderr", "error"))]


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
    _says(ex.check(1, (rr, (frame["csat_score"] >= 4).mean())), "divides by all complaints")
    _says(ex.check(1, (rr, frame["csat_score"].dropna().eq(5).mean())), "5s only")
    _says(ex.check(1, (rr, frame["csat_score"].dropna().ge(3).mean())), "counts 3s")
    _says(ex.check(1, (1.0, top2)), "*sent* a follow-up")
    _says(ex.check(1, (top2, rr)), "swapped")
    _says(ex.check(1, (..., ...)), "Replace the `...`")
    _says(ex.check(1, rr), "two numbers")


def test_task2_response_rate_by_resolved(ex, frame):
    right = frame.groupby("resolved")["responded"].mean()
    assert ex.check(2, right).ok
    assert ex.check(2, right.sort_index(ascending=False).round(3)).ok
    assert ex.check(2, {"已解决": right[True], "未解决": right[False]}).ok
    assert ex.check(2, right * 100).ok
    assert ex.check(2, ck.kpis(frame, by="resolved")).ok
    assert ex.check(2, ck.kpis(frame, by="resolved").wide()).ok
    respondents = frame[frame["responded"]]
    _says(ex.check(2, respondents["resolved"].value_counts(normalize=True)),
          "shares of the *respondents*")
    _says(ex.check(2, frame.groupby("responded")["resolved"].mean()), "grouped by `responded`")
    _says(ex.check(2, frame.groupby("resolved")["responded"].sum()), "counts")
    _says(ex.check(2, frame.groupby("resolved")["csat_score"].mean()), "mean CSAT")
    _says(ex.check(2, pd.Series(frame["responded"].mean(), index=[False, True])),
          "overall response rate")
    _says(ex.check(2, {"maybe": 0.5, "True": 0.3}), "not a resolved status")


def test_task3_multiple_choice(ex, frame):
    for right in ("C", "c", "(c)", " C. "):
        fb = ex.check(3, right)
        assert fb.ok, str(fb)
    assert f"{frame['csat_score'].mean():.2f}" in str(ex.check(3, "C"))  # from the data
    _says(ex.check(3, "A"), "*sent* a follow-up")
    _says(ex.check(3, "B"), "so are the", "either way")
    _says(ex.check(3, "D"), "self-selected")
    _says(ex.check(3, "E"), "one letter")


def test_task4_top_driver(ex, res):
    t = res.driver_table.set_index("driver")
    top = t.index[0]
    assert top == "rating_fairness"
    assert ex.check(4, top).ok
    assert ex.check(4, "fairness").ok
    assert ex.check(4, ["Fairness of solution"]).ok
    assert ex.check(4, ck.labels("zh_CN", "column")[top]).ok
    _says(ex.check(4, "resolved"), "is a control")
    _says(ex.check(4, t["mean_rating"].idxmin()), "worst-rated", "performance")
    _says(ex.check(4, "rating_staff_attitude"), "another rating has more")
    _says(ex.check(4, "weather"), "not one of the drivers")
    _says(ex.check(4, res), "not the whole result")


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
    _says(ex.check(5, (row["ols_coef"], row["ols_ci_lower"], row["ols_ci_upper"])),
          "You used OLS", "1-5 scale", "latent scale")
    _says(ex.check(5, row[["ols_coef", "ols_ci_lower", "ols_ci_upper"]]), "You used OLS")
    bare = ck.drivers(frame, controls=None, n_boot=0).table.set_index("driver")
    bare = bare.loc["rating_fairness"]
    _says(ex.check(5, (bare["ologit_coef"], bare["ologit_ci_lower"], bare["ologit_ci_upper"])),
          "without the controls")
    _says(ex.check(5, tuple(np.exp(right))), "odds ratio")
    _says(ex.check(5, (right[0], right[0] - 0.01, right[0] + 0.01)), "coefficient is right")
    _says(ex.check(5, (right[0], -1.0, 2.0)), "coefficient is right")
    _says(ex.check(5, (truth, truth - 0.5, truth + 0.5)), "covers the truth")
    _says(ex.check(5, (2.0, 1.9, 2.1)), "does not cover the true effect")
    staff = res.table.set_index("driver").loc["rating_staff_attitude"].copy()
    staff["driver"] = "rating_staff_attitude"
    _says(ex.check(5, staff), "row of 'rating_staff_attitude'")
    _says(ex.check(5, right[0]), "(coef, lower, upper)")


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
    _says(ex.check(6, midpoint), "not the middle of the scale")
    ols = {d: names[t["ols_coef"][d] > t["ols_coef"].mean(), perf[d] > perf.mean()]
           for d in t.index}
    _says(ex.check(6, ols), "not the OLS coefficient")
    _says(ex.check(6, right.drop("rating_price")), "Missing: rating_price")
    _says(ex.check(6, {**right.to_dict(), "resolved": "keep up"}), "controls have no quadrant")
    _says(ex.check(6, right.replace("keep up", "great")), "not a quadrant name")
    one_off = right.copy()
    one_off["rating_price"] = "possible overkill"
    _says(ex.check(6, one_off), "1 of 5 not yet right", "'low priority', not 'possible overkill'")
