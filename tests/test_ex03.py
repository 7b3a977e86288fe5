"""Exercise 03 (response time and loyalty): every check on right and typical wrong answers,
the built notebooks, the trainee version (all "not yet") and the solution on ecommerce_zh."""

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
NAME = "03-response-time-and-loyalty.ipynb"


@pytest.fixture(autouse=True)
def _lenient(monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "0")  # wrong answers return feedback instead of raising


@pytest.fixture(scope="module")
def ex():
    return ck.exercises.start("03", dataset="ecommerce_en")


@pytest.fixture(scope="module")
def lf(ex):
    w = ex.world
    f = ck.loyalty_frame(w.customers, w.complaints, w.surveys, w.orders)
    f["bought_90"] = f["repurchased"] & (f["days_to_next_purchase"] <= 90)
    return f


@pytest.fixture(scope="module")
def complainants(lf):
    return lf[lf["index_event"] == "complaint"]


@pytest.fixture(scope="module")
def observable(complainants):
    return complainants[complainants["days_to_period_end"] >= 90]


@pytest.fixture(scope="module")
def res(lf):
    return ck.loyalty(lf)


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
    assert "pair.assign(" not in trainee and "For trainers" not in trainee  # no solution leaks
    assert set(ck.exercises.tasks("03")) == {f"03.{i}" for i in range(1, 7)}


def _results(nb) -> list[str]:
    return [text for kind, text in outputs(nb) if "Task 03." in text]


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
def test_task1_share_within_90_days(ex, complainants, observable, lf):
    right = observable["bought_90"].mean()
    assert ex.check(1, right).ok
    assert ex.check(1, round(right, 2)).ok
    assert ex.check(1, 100 * right).ok  # a percentage
    assert ex.check(1, pd.Series([right])).ok
    _says(ex.check(1, complainants["bought_90"].mean()),
          "could not have been seen buying again", "days_to_period_end >= 90")
    _says(ex.check(1, observable["repurchased"].mean()), "at any time", "<= 90")
    _says(ex.check(1, lf.loc[lf["days_to_period_end"] >= 90, "bought_90"].mean()),
          "all customers")
    _says(ex.check(1, int(observable["bought_90"].sum())), "count")
    _says(ex.check(1, "most"), "single number")
    _says(ex.check(1, ...), "Replace the `...`")


def test_task2_fast_against_slow(ex, complainants, observable):
    def pair(d, hours="hours_to_first_response"):
        return d.loc[d[hours] <= 1, "bought_90"].mean(), d.loc[d[hours] > 24, "bought_90"].mean()

    fast, slow = pair(observable)
    assert fast > slow
    assert ex.check(2, (fast, slow)).ok
    assert ex.check(2, [round(fast, 3), round(slow, 3)]).ok
    assert ex.check(2, {">24 h": slow, "≤1 h": fast}).ok  # keys say which is which
    assert ex.check(2, pd.Series({"fast": 100 * fast, "slow": 100 * slow})).ok
    _says(ex.check(2, (slow, fast)), "wrong order")
    _says(ex.check(2, pair(complainants)), "all complainants", "could not have been seen")
    _says(ex.check(2, pair(observable, "hours_to_resolution")), "hours to resolution")
    _says(ex.check(2, fast - slow), "the difference")
    _says(ex.check(2, 0.5), "both shares")


def test_task3_csat_log_hazard_ratio(ex, res):
    row = res.hazard_ratios.set_index(["model", "term"]).loc[("respondents with CSAT",
                                                             "csat_score")]
    fb = ex.check(3, row["log_hr"])
    assert fb.ok and "truth" in str(fb) and "0.15" in str(fb), str(fb)
    assert ex.check(3, round(float(row["log_hr"]), 2)).ok
    _says(ex.check(3, row["hazard_ratio"]), "looks like the hazard ratio", "log(")
    hours = res.hazard_ratios.set_index(["model", "term"])["log_hr"]
    _says(ex.check(3, hours[("respondents with CSAT", "log1p_hours_to_first_response")]),
          "response-time term")
    _says(ex.check(3, hours[("all complainants", "log1p_hours_to_first_response")]),
          "all-complainants model")
    _says(ex.check(3, 0.02), "missing CSAT filled in")


def test_task3_csat_alone_is_named(ex, complainants):
    from statsmodels.duration.hazard_regression import PHReg

    r = complainants[(complainants["days_to_next_purchase"] > 0)
                     & complainants["csat_score"].notna()]
    fit = PHReg(r["days_to_next_purchase"].to_numpy(), r[["csat_score"]].to_numpy(float),
                status=r["repurchased"].astype(int).to_numpy(),
                strata=r["tier"].astype(str).to_numpy()).fit()
    _says(ex.check(3, float(fit.params[0])), "CSAT alone")


@pytest.fixture(scope="module")
def silent_fit(lf):
    from statsmodels.duration.hazard_regression import PHReg

    pair = lf[lf["index_event"].isin(["silent_problem", "no_problem"])
              & (lf["days_to_next_purchase"] > 0)]
    pair = pair.assign(silent=(pair["index_event"] == "silent_problem").astype(float),
                       status=pair["repurchased"].astype(int),
                       days=np.ceil(pair["days_to_next_purchase"]))
    by_tier = PHReg.from_formula("days ~ silent", pair, status="status", strata="tier").fit()
    plain = PHReg.from_formula("days ~ silent", pair, status="status").fit()
    return float(by_tier.params[0]), float(plain.params[0])


def test_task4_silent_hazard_ratio(ex, silent_fit, lf):
    log_hr, unstratified = silent_fit
    fb = ex.check(4, np.exp(log_hr))
    assert fb.ok and "truth is 0.64" in str(fb), str(fb)
    assert ex.check(4, round(float(np.exp(log_hr)), 2)).ok
    _says(ex.check(4, log_hr), "log hazard ratio", "exp(")
    _says(ex.check(4, np.exp(-log_hr)), "no-problem customers with the silent ones")
    _says(ex.check(4, np.exp(unstratified)), "without strata", "VIPs")
    seen = lf[lf["days_to_period_end"] >= 90]
    weighted = (seen["bought_90"] * seen["weight"]).groupby(seen["index_event"]).sum()
    share = weighted / seen["weight"].groupby(seen["index_event"]).sum()
    _says(ex.check(4, share["silent_problem"] / share["no_problem"]),
          "ratio of the 90-day repurchase shares")


def test_task5_paradox_verdict(ex, res):
    assert res.paradox_verdict == "cannot tell"  # the shipped world: CI includes 1
    fb = ex.check(5, "cannot tell")
    assert fb.ok and "0.95" in str(fb), str(fb)  # the truth, exp(-0.05)
    assert ex.check(5, "Cannot tell.").ok
    assert ex.check(5, "无法判断").ok
    _says(ex.check(5, "no"), "interval includes 1", "not by the point estimate")
    _says(ex.check(5, "yes"), "cannot tell either way")
    _says(ex.check(5, True), "Answer in words")
    _says(ex.check(5, "maybe"), "not one of")


def test_task6_battery_batch(ex):
    w = ex.world
    inc = w.truth.incidents.set_index("incident").loc["battery_batch"]
    c = w.complaints.merge(w.orders[["order_id", "product_category", "ordered_at"]],
                           on="order_id")
    bad = (c["root_cause"] == "bad_batch") & (c["product_category"] == "electronics")
    ordered = c["ordered_at"].between(inc["start"], inc["end"], inclusive="left")
    fb = ex.check(6, c[bad & ordered])
    assert fb.ok and "bought again within 90 days" in str(fb), str(fb)
    assert ex.check(6, list(c.loc[bad & ordered, "complaint_id"])).ok
    _says(ex.check(6, c[bad]), "ordered outside the batch's weeks")
    _says(ex.check(6, c[(c["root_cause"] == "bad_batch") & ordered]), "product_category")
    received = c["received_at"].between(inc["start"], inc["end"], inclusive="left")
    _says(ex.check(6, c[bad & received]), "not on when the complaint was received")
    _says(ex.check(6, ["T9999999"]), "not a complaint_id")
    _says(ex.check(6, 120), "expected the batch's complaints")
