"""Exercise 04 (did the training work?): every check on right and typical wrong answers, the
built notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh."""

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
NAME = "04-training-effect.ipynb"


@pytest.fixture(autouse=True)
def _lenient(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "0")  # wrong answers return feedback instead of raising


@pytest.fixture(scope="module")
def ex():
    return ck.exercises.start("04", dataset="ecommerce_en")


@pytest.fixture(scope="module")
def frame(ex):
    w = ex.world
    f = ck.complaint_frame(w.complaints, w.surveys, agents=w.agents)
    f["log_hours"] = np.log(f["hours_to_first_response"])
    f["after"] = f["received_at"] >= w.agents["trained_at"].min()
    return f


@pytest.fixture(scope="module")
def table(frame):
    return frame.pivot_table("log_hours", index="trained", columns="after", aggfunc="mean")


@pytest.fixture(scope="module")
def res(ex, frame):
    from complaintkit.exercises.ex04 import _result

    return _result(ex)  # the fit the checks cache on ex (fitting it twice is slow)


def _says(fb, *words):
    text = str(fb)
    assert not fb.ok, text
    for w in words:
        assert w in text, text


# --------------------------------------------------------------------------- build and run
def test_built_versions_match_the_master(tmp_path):
    (tmp_path / "masters").mkdir()
    (tmp_path / "masters" / NAME).write_bytes((EX / "masters" / NAME).read_bytes())
    build_exercises(tmp_path / "masters", tmp_path)
    for built, version in [(Path(NAME), "trainee"), (Path("solutions") / NAME, "solution")]:
        text = (EX / built).read_text(encoding="utf-8")
        assert text == (tmp_path / built).read_text(encoding="utf-8"), f"{built} is stale"
        nb = json.loads(text)
        assert nb["metadata"]["complaintkit"]["version"] == version
        assert "BEGIN SOLUTION" not in text and "# SOLUTION" not in text
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
    trainee = (EX / NAME).read_text(encoding="utf-8")
    assert "trained_change" not in trainee and "For trainers" not in trainee
    assert set(ck.exercises.tasks("04")) == {f"04.{i}" for i in range(1, 7)}


def _results(nb) -> list[str]:
    return [text for kind, text in outputs(nb) if "Task 04." in text]


def test_trainee_version_runs_and_every_check_says_not_yet():
    nb = run_notebook(EX / NAME, "ecommerce_en", env={STRICT_ENV: "0"})
    results = _results(nb)
    assert len(results) == 6 and all(": not yet" in r for r in results), results
    assert not [t for kind, t in outputs(nb) if kind in ("stderr", "error")]


def test_solution_runs_on_the_chinese_dataset():
    nb = run_notebook(EX / "solutions" / NAME, "ecommerce_zh", env={STRICT_ENV: "1"})
    results = _results(nb)
    assert len(results) == 6 and all(": correct" in r for r in results), results


# --------------------------------------------------------------------------- checks
def test_task1_tenure(ex, frame):
    agents = ex.world.agents
    right = agents.groupby("trained")["tenure_years"].mean()
    assert right[True] < right[False]  # juniors were sent first
    fb = ex.check(1, right)
    assert fb.ok and "juniors" in str(fb), str(fb)
    assert ex.check(1, {"trained": round(right[True], 2), "untrained": round(right[False], 2)}).ok
    assert ex.check(1, (right[True], right[False])).ok
    assert ex.check(1, agents.groupby("trained")["tenure_years"].agg(["mean"])).ok
    _says(ex.check(1, (right[False], right[True])), "wrong order")
    per_complaint = frame.groupby("trained")["tenure_years"].mean()
    _says(ex.check(1, per_complaint), "over complaints")
    _says(ex.check(1, agents.groupby("trained")["tenure_years"].median()), "medians")
    _says(ex.check(1, right[False] - right[True]), "the difference")
    _says(ex.check(1, ...), "Replace the `...`")


def test_task2_naive_after_only(ex, frame, table):
    right = table.loc[True, True] - table.loc[False, True]
    assert ex.check(2, right).ok
    assert ex.check(2, round(right, 2)).ok
    assert ex.check(2, 100 * np.expm1(right)).ok  # a percent change, with a note
    _says(ex.check(2, -right), "sign is reversed")
    after = frame[frame["after"]]
    hours = after.groupby("trained")["hours_to_first_response"].mean()
    _says(ex.check(2, hours[True] - hours[False]), "mean hours", "np.log")
    year = frame.groupby("trained")["log_hours"].mean()
    _says(ex.check(2, year[True] - year[False]), "whole year")
    _says(ex.check(2, "faster"), "single number")


def test_task3_did_by_hand(ex, table):
    trained = table.loc[True, True] - table.loc[True, False]
    untrained = table.loc[False, True] - table.loc[False, False]
    right = trained - untrained
    fb = ex.check(3, right)
    assert fb.ok and "truth" in str(fb), str(fb)
    assert ex.check(3, pd.Series([right])).ok
    _says(ex.check(3, table.loc[True, True] - table.loc[False, True]),
          "after the training only; what about before?")
    _says(ex.check(3, trained), "before and after only",
          "the untrained show what would have happened anyway")
    _says(ex.check(3, -right), "sign is reversed")
    _says(ex.check(3, untrained), "untrained agents' change only")
    _says(ex.check(3, 0.5), "Not quite")


def test_task4_percent_change_against_the_truth(ex, res):
    row = res.table.set_index("term").loc["did"]
    pct, lo, hi = row["percent_change"], row["percent_ci_lower"], row["percent_ci_upper"]
    fb = ex.check(4, (pct, lo, hi))
    assert fb.ok and "-25.9%" in str(fb) and "truth" in str(fb), str(fb)
    assert ex.check(4, round(pct, 1)).ok
    assert ex.check(4, pct / 100).ok  # a share
    assert ex.check(4, res).ok  # the result itself
    assert ex.check(4, res.table).ok
    _says(ex.check(4, (pct, lo - 5, hi)), "CI is off")
    _says(ex.check(4, row["estimate"]), "log scale", "exp(")
    _says(ex.check(4, 100 * row["estimate"]), "100 times the log estimate")
    _says(ex.check(4, -pct), "sign")
    naive = res.table.set_index("term").loc["naive_after_only", "percent_change"]
    _says(ex.check(4, naive), "naive_after_only")
    _says(ex.check(4, 100 * np.expm1(-0.30)), "the truth")
    _says(ex.check(4, (1, 2)), "three numbers")


def test_task5_pretrend(ex, res):
    p = res.pretrend_p_value
    assert p > 0.05  # the shipped world has parallel trends
    fb = ex.check(5, "no")
    assert fb.ok and "not proof" in str(fb), str(fb)
    assert ex.check(5, "No.").ok
    assert ex.check(5, False).ok
    assert ex.check(5, "没有").ok
    _says(ex.check(5, "yes"), "well above 0.05")
    _says(ex.check(5, p), "p-value")
    _says(ex.check(5, "maybe"), "neither")


def test_task6_csat(ex, frame):
    from complaintkit.exercises.ex04 import _csat

    tab = _csat(ex).table.set_index("term")  # ck.training_effect(frame, "csat_score", log=False)
    right = tab.loc["did", "estimate"]
    fb = ex.check(6, right)
    assert fb.ok and "non-respondents" in str(fb), str(fb)
    assert ex.check(6, round(right, 2)).ok
    _says(ex.check(6, tab.loc["naive_after_only", "estimate"]), "naive after-only")
    t = frame.pivot_table("csat_score", index="trained", columns="after", aggfunc="mean")
    _says(ex.check(6, t.loc[True, True] - t.loc[True, False]), "before-after change only",
          "what would have happened anyway")
    _says(ex.check(6, -right), "sign is reversed")
