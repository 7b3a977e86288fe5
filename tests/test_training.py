"""training_effect: difference in differences for the training programme, with truth recovery.

The generator shifts trained agents' log first-response hours by
``scenario.training.response_log_mult`` from ``training.date`` and sends juniors to training
first, so the DiD must recover the shift while the naive after-only comparison is biased.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import complaintkit as ck  # noqa: E402
from complaintkit.analysis.training import (  # noqa: E402
    TrainingEffect,
    TrainingResult,
    _wild_pretrend,
    training_effect,
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _frame(w):
    return ck.complaint_frame(w.complaints, w.surveys, agents=w.agents)


@pytest.fixture(scope="module")
def frame_en():
    return _frame(ck.load_dataset("ecommerce_en"))


@pytest.fixture(scope="module")
def frame_11(world):
    return _frame(world)


@pytest.fixture(scope="module")
def fits(frame_en, frame_11):
    """One fit per world, shared by the tests below (each fit takes about a second)."""
    return {"ecommerce_en": training_effect(frame_en), "seed_11": training_effect(frame_11)}


@pytest.fixture(scope="module")
def csat(frame_en):
    return training_effect(frame_en, outcome="csat_score", log=False)


def _did(res):
    return res.table.set_index("term").loc["did"]


# --------------------------------------------------------------------------- truth recovery
@pytest.mark.parametrize("name", ["ecommerce_en", "seed_11"])
def test_did_ci_contains_the_true_training_effect(fits, scenario, name):
    did = _did(fits[name])
    assert did["ci_lower"] < scenario.training.response_log_mult < did["ci_upper"]


@pytest.mark.parametrize("name", ["ecommerce_en", "seed_11"])
def test_naive_after_only_is_further_from_the_truth(fits, scenario, name):
    t = fits[name].table.set_index("term")["estimate"]
    truth = scenario.training.response_log_mult
    assert abs(t["naive_after_only"] - truth) > abs(t["did"] - truth)


# Seed 11 is a false positive of the pre-trend test, not a pre-trend in the generator: over
# 140 seeds of the default scenario the test rejects at 0.05 in 9% of worlds (the analytic
# cluster-robust F test: 18%); in a world without queue effects, 6% (analytic: 9%). Seed 11's
# pre-period gaps are -0.05, -0.08, 0.02, -0.17, 0.06 (each p > 0.07), bootstrap p = 0.038.
# Team-by-day fixed effects (period="D") give p = 0.11 but take ~10 s per fit.
SEED_11_FALSE_POSITIVE = pytest.mark.xfail(
    strict=True, reason="seed 11 is one of the ~9% of no-pre-trend worlds whose pre-trend test "
                        "rejects at 0.05 (bootstrap p = 0.038); see the comment above")


@pytest.mark.parametrize("name", ["ecommerce_en",
                                  pytest.param("seed_11", marks=SEED_11_FALSE_POSITIVE)])
def test_pretrend_test_does_not_reject(fits, name):
    assert fits[name].pretrend_p_value > 0.05


@pytest.mark.parametrize("name", ["ecommerce_en", "seed_11"])
def test_event_study_and_pretrend_tables(fits, name):
    res = fits[name]
    es = res.event_study
    assert (es.loc[es["rel_period"] >= 0, "estimate"] < 0).all()
    ref = es[es["reference"]]
    assert ref["rel_period"].tolist() == [-1] and ref["estimate"].tolist() == [0.0]
    assert es["n_obs"].sum() == _did(res)["n_obs"]
    pt = res.pretrend.iloc[0]
    assert pt["p_value"] == res.pretrend_p_value
    assert pt["n_pre_periods"] == 5  # Jan..May; June is the reference
    assert pt["n_boot"] == 999 and 0 < pt["p_value_analytic"] < 1
    assert pt["df_num"] == 5 and pt["df_denom"] == 47  # agents - 1


def test_pretrend_bootstrap_is_seeded(fits, frame_en):
    fit = fits["ecommerce_en"].model["event_study"]
    idx = [i for i, name in enumerate(fit.params.index) if name.startswith("_ev_m")
           and name != "_ev_m1"]
    groups = pd.factorize(frame_en["agent_id"])[0]
    p1, p2, p3 = (_wild_pretrend(fit, idx, groups, 999, np.random.default_rng(s))
                  for s in (5, 5, 6))
    assert p1 == p2 and abs(p1 - p3) < 0.08  # Monte Carlo error: sd about 0.015
    assert p1 == pytest.approx(fits["ecommerce_en"].pretrend_p_value, abs=0.08)
    phone = training_effect(frame_en[frame_en["team"] == "phone"], n_boot=0)
    row = phone.pretrend.iloc[0]
    assert row["p_value"] == row["p_value_analytic"] and row["n_boot"] == 0
    assert any("only 19 units" in n and "rough" in n for n in phone.notes)


def test_too_few_units_for_the_joint_pretrend_test(frame_en):
    res = training_effect(frame_en[frame_en["team"] == "escalation"])  # 5 agents
    assert np.isnan(res.pretrend_p_value)
    assert any("too few clusters for a joint test" in n for n in res.notes)
    assert "could not be tested" in res.summary()


def test_no_training_effect_gives_a_ci_containing_zero():
    sc = ck.get_scenario("ecommerce").replace(
        training={"response_log_mult": 0.0, "fcr_log_odds": 0.0, "attitude_shift": 0.0})
    did = _did(training_effect(_frame(ck.generate(sc, seed=3)), n_boot=0))
    assert did["ci_lower"] < 0 < did["ci_upper"]


# --------------------------------------------------------------------------- within = dummies
def _numbers(res):
    return {name: getattr(res, name).select_dtypes("number").to_numpy(float)
            for name in ("table", "event_study", "pretrend")}


def _assert_same_fit(within, dummies):
    a, b = _numbers(within), _numbers(dummies)
    for name in a:  # estimates, cluster-robust SEs (small-sample factor), CIs, tests
        np.testing.assert_allclose(a[name], b[name], rtol=1e-6, atol=1e-9, err_msg=name)
    assert within.summary() == dummies.summary() and within.notes == dummies.notes
    assert within.model["did"].df_resid == dummies.model["did"].df_resid


@pytest.mark.parametrize("name", ["ecommerce_en", "seed_11"])
def test_within_fit_equals_the_dummies_fit(fits, frame_en, frame_11, name, monkeypatch):
    """The fixed effects absorbed (training's default) give what the former statsmodels
    formula with a dummy per agent and per team-week gives, the bootstrap p-value included."""
    from complaintkit.analysis import training

    assert training.FIT_METHOD == "within"
    monkeypatch.setattr(training, "FIT_METHOD", "dummies")
    frame = {"ecommerce_en": frame_en, "seed_11": frame_11}[name]
    dummies = training_effect(frame)
    assert len(dummies.model["did"].params) > 200  # the dense design: one column per dummy
    _assert_same_fit(fits[name], dummies)


def test_within_fit_equals_the_dummies_fit_other_designs(frame_en, monkeypatch):
    from complaintkit.analysis import training

    kw = [dict(outcome="csat_score", log=False, group=None, controls=("channel",), n_boot=99),
          dict(period="M", controls=None, n_boot=0, event_bins="Q"),
          dict(controls=("channel", "priority"), n_boot=99, data=frame_en[
              frame_en["team"] != "escalation"].assign(
              priority=lambda x: x["priority"].astype("category")))]
    for k in kw:
        data = k.pop("data", frame_en)
        within = training_effect(data, **k)
        monkeypatch.setattr(training, "FIT_METHOD", "dummies")
        _assert_same_fit(within, training_effect(data, **k))
        monkeypatch.setattr(training, "FIT_METHOD", "within")


# --------------------------------------------------------------------------- the result
def test_table_columns_and_percent_change(fits):
    res = fits["ecommerce_en"]
    assert isinstance(res, TrainingResult)
    assert TrainingEffect is TrainingResult  # the former name, kept as an alias
    t = res.table
    assert t["term"].tolist() == ["did", "naive_after_only"]
    for col in ["estimate", "std_error", "ci_lower", "ci_upper", "p_value", "n_obs",
                "n_units", "percent_change", "percent_ci_lower", "percent_ci_upper"]:
        assert col in t.columns
    assert all(c == c.lower() and c.isidentifier() for c in t.columns)
    np.testing.assert_allclose(t["percent_change"], 100 * np.expm1(t["estimate"]),
                               rtol=1e-12, atol=0)
    assert (t["ci_lower"] < t["estimate"]).all() and (t["estimate"] < t["ci_upper"]).all()
    did = _did(res)
    assert did["n_units"] == 48 and did["n_obs"] == len(res.model["did"].model.endog)
    assert set(res.model) == {"did", "event_study", "naive_after_only"}
    assert "_did" in res.model["did"].params.index
    assert list(res.event_study.columns[:5]) == ["rel_period", "period", "estimate",
                                                  "std_error", "ci_lower"]


def test_summary_assumptions_and_html(fits):
    res = fits["ecommerce_en"]
    text = res.summary()
    pct = round(-_did(res)["percent_change"])
    assert text.startswith(f"Trained agents' first responses became {pct}% faster (95% CI")
    assert "naive after-only" in text and "Pre-trends p = " in text
    joined = " ".join(res.assumptions).lower()
    for word in ["parallel trends", "no anticipation", "stable composition", "sutva"]:
        assert word in joined
    assert "<table" in res._repr_html_()
    assert res.date == pd.Timestamp("2025-07-01")  # the earliest trained_at


def test_csat_uses_respondents_only_and_says_so(csat, frame_en):
    n_answer = int(frame_en["csat_score"].notna().sum())
    n_missing = len(frame_en) - n_answer
    did = _did(csat)
    assert did["n_obs"] == n_answer
    assert any(f"{n_missing:,}" in n and "no answer" in n for n in csat.notes)
    assert did["estimate"] > 0  # training improves staff attitude and speed
    assert "percent_change" not in csat.table.columns
    assert "CSAT scores rose by" in csat.summary()


def test_missing_values_are_reported_not_dropped_silently(frame_en):
    f = frame_en[frame_en["team"] == "phone"].copy()  # a smaller frame: a faster fit
    f["trained"] = f["trained"].astype(object)
    f.loc[f.index[:7], "trained"] = np.nan  # e.g. an agent missing from the agents table
    res = training_effect(f, n_boot=0)
    assert _did(res)["n_obs"] == len(f) - 7
    assert any("7 rows with a missing trained were left out" in n for n in res.notes)
    assert res.ledger.table.values.tolist() == [["with no trained flag", 7]]
    assert res.notes[0] == f"{len(f) - 7:,} of {len(f):,} complaints used: 7 with no trained flag"


# --------------------------------------------------------------------------- row ledger
def test_ledger_counts_every_complaint(fits, csat, frame_en):
    res = fits["ecommerce_en"]
    assert res.ledger.total == len(frame_en) and res.ledger.dropped == 0
    assert res.notes[0] == f"all {len(frame_en):,} complaints used"
    # CSAT: the complaints without a survey answer are left out, and only those
    n_missing = int(frame_en["csat_score"].isna().sum())
    assert csat.ledger.table.values.tolist() == [["without a survey answer", n_missing]]
    assert csat.ledger.used == len(frame_en) - n_missing == _did(csat)["n_obs"]
    assert csat.notes[0] == (f"{len(frame_en) - n_missing:,} of {len(frame_en):,} complaints "
                             f"used: {n_missing:,} without a survey answer")
    assert csat.notes[1].startswith("24 of 48 units (agent_id) reached by the programme")


def test_ledger_gives_each_left_out_complaint_one_reason(frame_en):
    f = frame_en[frame_en["team"] == "phone"].copy()
    f["trained"] = f["trained"].astype(object)
    rows = f.index
    # hand count: 5 without a first response (2 of them also without a trained flag), 3 more
    # without a trained flag only, 4 without a channel: 12 left out, each for one reason
    f.loc[rows[:5], "hours_to_first_response"] = np.nan
    f.loc[rows[3:8], "trained"] = np.nan
    f.loc[rows[20:24], "channel"] = np.nan
    res = training_effect(f, n_boot=0)
    assert dict(res.ledger.table.values.tolist()) == {
        "with no hours_to_first_response": 5, "with no trained flag": 3, "with no channel": 4}
    assert res.ledger.used == len(f) - 12 == _did(res)["n_obs"]
    assert res.notes[0] == (f"{len(f) - 12:,} of {len(f):,} complaints used: 5 with no "
                            "hours_to_first_response, 3 with no trained flag, 4 with no channel")
    # the notes below count each column on its own
    assert any("5 rows with a missing trained were left out" in n for n in res.notes)


# --------------------------------------------------------------------------- plot
def test_plot_event_study(fits):
    res = fits["ecommerce_en"]
    ax = res.plot()
    es = res.event_study
    (bars,) = ax.containers
    data_line, _, (whiskers,) = bars
    assert len(data_line.get_xdata()) == len(es)
    assert len(whiskers.get_segments()) == len(es)
    vertical = [ln for ln in ax.lines
                if len(set(np.asarray(ln.get_xdata(), dtype=float))) == 1
                and list(ln.get_ydata()) == [0, 1]]
    assert vertical
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    fig, given = plt.subplots()
    assert res.plot(ax=given) is given


# --------------------------------------------------------------------------- errors
def test_missing_columns_name_the_fix(frame_en):
    with pytest.raises(KeyError, match=r"'team'.*ck\.complaint_frame\(complaints, surveys, "
                                       r"agents=agents\)"):
        training_effect(frame_en.drop(columns=["team"]))
    with pytest.raises(KeyError, match="complaint_frame"):
        training_effect(frame_en, outcome="csat_score", log=False,
                        controls=("chanel",))


def test_no_treated_or_no_untreated_units(frame_en):
    with pytest.raises(ValueError, match="no treated units"):
        training_effect(frame_en.assign(trained=False))
    with pytest.raises(ValueError, match="only treated units"):
        training_effect(frame_en.assign(trained=True))


def test_no_rows_before_or_after_the_date(frame_en):
    with pytest.raises(ValueError, match="no rows before the programme date"):
        training_effect(frame_en, date="2024-01-01")
    with pytest.raises(ValueError, match="no rows on or after the programme date"):
        training_effect(frame_en, date="2026-06-01")


def test_too_few_rows(frame_en):
    with pytest.raises(ValueError, match="at least 50"):
        training_effect(frame_en.head(40))


def test_other_input_errors(frame_en):
    with pytest.raises(ValueError, match="log=False"):
        training_effect(frame_en.assign(hours_to_first_response=0.0))
    with pytest.raises(ValueError, match="log=False"):
        training_effect(frame_en, outcome="csat_score")
    with pytest.raises(ValueError, match="date="):
        training_effect(frame_en.drop(columns=["trained_at"]))
    with pytest.raises(ValueError, match="constant for each agent_id"):
        training_effect(frame_en.assign(trained=frame_en["received_at"].dt.month > 6))
    with pytest.raises(ValueError, match="confidence"):
        training_effect(frame_en, confidence=95)
    with pytest.raises(ValueError, match="period alias"):
        training_effect(frame_en, period="fortnight")
    with pytest.raises(ValueError, match="n_boot"):
        training_effect(frame_en, n_boot=-1)
    with pytest.raises(TypeError, match="DataFrame"):
        training_effect(frame_en.to_dict())
    with pytest.raises(TypeError, match="pd.to_datetime"):
        training_effect(frame_en.assign(received_at=frame_en["received_at"].astype(str)))


def test_shared_arguments_are_checked_first():
    # before the columns: the data need not be a complaint frame for these errors
    for kw, msg in [({"confidence": 1.5}, "confidence must be a level between 0 and 1"),
                    ({"n_boot": 2.5}, "n_boot must be a whole number"),
                    ({"seed": -1}, "seed must be a whole number")]:
        with pytest.raises(ValueError, match=msg):
            training_effect(pd.DataFrame({"x": [1]}), **kw)


# --------------------------------------------------------------------------- a Chinese world
def test_a_zh_world_speaks_chinese(world_zh):
    """issue 13 item 4: summary, notes, chart and errors in Chinese, dates the Chinese way."""
    f = _frame(world_zh)
    res = training_effect(f, n_boot=0)
    s = res.summary()
    assert "培训之后，受训客服的首次响应" in s and "（双重差分，基于" in s
    assert "年" in s and "Trained" not in s
    assert "个单位（客服编号）中有" in res.notes[1] and "标准误按客服编号聚类" in res.notes[1]
    ax = res.plot()
    assert ax.get_xlabel().startswith("相对培训的月数（0 = ")
    assert ax.get_ylabel() == "受训 - 未受训：首次响应时长（小时）的对数"
    assert "基准期" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match="是评分：请用 log=False"):
        training_effect(f, outcome="csat_score", n_boot=0)
