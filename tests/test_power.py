"""ck.power: the analytic path is statsmodels', the simulated path agrees with it within the
Monte Carlo error where both apply, the simulated tests are compare's, the generator path
detects an effect the scenario sets and not one it does not (issue 10, item 8)."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import proportion_effectsize

import complaintkit as ck
from complaintkit.analysis.power import mean_pvalues, proportion_pvalues

matplotlib.use("Agg")


def _by_method(res, method):
    t = res.table
    return t[t["method"] == method].set_index("n")["power"]


def test_analytic_power_is_statsmodels():
    res = ck.power("two_proportions", n=[100, 300], baseline=0.2, effect=0.1, ratio=2,
                   method="analytic", confidence=0.9)
    es = proportion_effectsize(0.3, 0.2)
    want = [NormalIndPower().power(es, nobs1=n, alpha=0.1, ratio=2) for n in (100, 300)]
    np.testing.assert_allclose(_by_method(res, "analytic"), want, rtol=1e-12, atol=0)
    assert res.table["n_total"].tolist() == [300, 900]
    assert res.required_n == pytest.approx(
        NormalIndPower().solve_power(es, alpha=0.1, power=0.8, ratio=2), rel=1e-6)
    assert res.notes[0] == "all 2 sizes used"
    means = ck.power("two_means", n=[15, 30], effect=-2.0, sd=4.0, method="analytic")
    want = [TTestIndPower().power(0.5, nobs1=n, alpha=0.05) for n in (15, 30)]
    np.testing.assert_allclose(_by_method(means, "analytic"), want, rtol=1e-12, atol=0)


@pytest.mark.parametrize("design, kwargs, sizes", [
    ("two_proportions", dict(baseline=0.10, effect=0.05), [150, 400, 800]),
    ("two_proportions", dict(baseline=0.30, effect=-0.12, ratio=0.5), [60, 150, 300]),
    ("two_means", dict(effect=0.5, sd=1.0, test="welch"), [12, 30, 60]),
])
def test_simulated_power_agrees_with_analytic(design, kwargs, sizes):
    """Within 4 Monte Carlo standard errors (plus 0.01 for the analytic approximations:
    the arcsine scale for rates, the pooled t for Welch)."""
    n_sim = 3000
    res = ck.power(design, n=sizes, n_sim=n_sim, seed=7, **kwargs)
    sim, ana = _by_method(res, "simulate"), _by_method(res, "analytic")
    se = np.sqrt(ana * (1 - ana) / n_sim)
    assert (np.abs(sim - ana) < 4 * se + 0.01).all(), pd.DataFrame({"sim": sim, "ana": ana})
    assert ana.is_monotonic_increasing and ana.iloc[0] < 0.6 < ana.iloc[-1]  # a real range
    t = res.table[res.table["method"] == "simulate"]
    assert ((t["ci_lower"] <= t["power"]) & (t["power"] <= t["ci_upper"])).all()
    assert res.notes[0] == f"all {len(sizes) * n_sim:,} simulated studies used"


def test_no_effect_gives_the_size_of_the_test():
    res = ck.power("two_means", n=[25], effect=0.0, sd=2.0, n_sim=4000, seed=3)
    assert abs(_by_method(res, "simulate").iloc[0] - 0.05) < 4 * np.sqrt(0.05 * 0.95 / 4000)
    assert np.isnan(res.required_n) and "stays below 80%" in res.summary()


def test_the_simulated_tests_are_compares():
    rng = np.random.default_rng(0)
    na, nb = 40, 25
    ka, kb = rng.integers(0, na + 1, 30), rng.integers(0, nb + 1, 30)
    ka[:3], kb[:3] = [0, 1, 40], [0, 2, 25]  # empty and full columns, a Fisher table
    p = proportion_pvalues(ka, na, kb, nb)
    for i in range(len(ka)):
        df = pd.DataFrame({"g": ["a"] * na + ["b"] * nb,
                           "f": np.r_[np.arange(na) < ka[i], np.arange(nb) < kb[i]]})
        assert p[i] == pytest.approx(ck.compare(df, "f", "g").overall["p_value"].item(),
                                     rel=1e-9, abs=1e-12)
    a, b = rng.lognormal(0, 1, (5, 30)), rng.normal(2, 1, (5, 20))
    p = mean_pvalues(a, b)
    for i in range(5):
        df = pd.DataFrame({"g": ["a"] * 30 + ["b"] * 20, "x": np.r_[a[i], b[i]]})
        res = ck.compare(df, "x", "g")
        assert p[i] == pytest.approx(res.overall["p_value"].item(), rel=1e-9)
    assert stats.skew(a[0], bias=False) > 1  # so the rank test was chosen and checked


def test_seed_reproduces_and_another_seed_differs():
    kw = dict(n=[50, 100], baseline=0.2, effect=0.1, n_sim=300, method="simulate")
    a = ck.power("two_proportions", seed=1, **kw).table
    pd.testing.assert_frame_equal(a, ck.power("two_proportions", seed=1, **kw).table)
    assert not a.equals(ck.power("two_proportions", seed=2, **kw).table)


def test_numbers_read_from_a_scenario_are_its_parameters():
    sc = ck.get_scenario("ecommerce").replace(training={"response_log_mult": -0.2})
    res = ck.power("two_means", n=[30], scenario=sc, effect="training.response_log_mult",
                   sd="handling.response_sigma", method="analytic")
    assert res.what == "a mean difference of -0.2 (SD 0.6, d = -0.33)"
    assert any("real power is likely lower" in n for n in res.notes)
    direct = ck.power("two_means", n=[30], effect=-0.2, sd=0.6, method="analytic")
    assert res.table["power"].item() == pytest.approx(direct.table["power"].item())
    assert not any("likely lower" in n for n in direct.notes)


def test_generator_design_detects_the_effect_a_scenario_sets():
    """Phone (0.6 base hours) against email (14): obvious in 300 complaints. With app's base
    hours set to online_chat's, nothing to detect: neither of two studies finds it."""
    big = ck.power("generator", n=[300], outcome="hours_to_first_response", by="channel",
                   groups=["phone", "email"], n_sim=1, seed=1)
    assert big.table["power"].item() == 1.0
    assert 50 < big.table["n_total"].item() < 300  # the rows compared, from the ledgers
    sc = ck.get_scenario("ecommerce")
    null = sc.replace(channels={"app": {"base_hours": sc.channels["online_chat"].base_hours}})
    none = ck.power("generator", n=[300], scenario=null, outcome="hours_to_first_response",
                    by="channel", groups=["online_chat", "app"], n_sim=2, seed=1)
    assert none.table["power"].item() == 0.0
    assert any("made by ck.generate" in n for n in none.notes)


def test_generator_design_in_weeks():
    res = ck.power("generator", n=[3], unit="weeks", outcome="escalated", by="priority",
                   n_sim=1, seed=5, progress=True)
    assert res.table["n"].tolist() == [3] and "weeks per study" in res.summary()
    sc = ck.get_scenario("ecommerce")
    per_week = sc.size.n_complaints * 7 / (sc.period.end - sc.period.start).days
    assert 0.5 * 3 * per_week < res.table["n_total"].item() < 1.5 * 3 * per_week


def test_plot_is_a_power_curve_on_the_given_axes():
    import matplotlib.pyplot as plt

    res = ck.power("two_proportions", n=[100, 200, 400], baseline=0.1, effect=0.05,
                   n_sim=200, seed=1)
    fig, ax = plt.subplots()
    try:
        assert res.plot(ax) is ax
        labels = [line.get_label() for line in ax.get_lines()]
        assert "analytic" in labels and "simulate" in labels
        assert len(ax.collections) == 1  # the simulated power's band
    finally:
        plt.close("all")
    assert res.n_for(0.5, "analytic") == 400 and np.isnan(res.n_for(0.99))


@pytest.mark.parametrize("args, kwargs, match", [
    (("two_proportions",), dict(baseline=0.1, effect=0.05), "power needs n"),
    (("two_proportions", [1, 10]), dict(baseline=0.1, effect=0.05), "whole numbers >= 2"),
    (("two_proportions", [10.5]), dict(baseline=0.1, effect=0.05), "whole numbers >= 2"),
    (("two_proportions", [10]), dict(baseline=0.1), "needs effect="),
    (("two_proportions", [10]), dict(effect=0.1), "needs baseline="),
    (("two_proportions", [10]), dict(baseline=0.95, effect=0.1), "between 0 and 1"),
    (("two_proportions", [10]), dict(baseline=0.1, effect=0.1, test="welch"), "does not fit"),
    (("two_proportions", [10]), dict(baseline=0.1, effect=0.1, ratio=0), "ratio"),
    (("two_proportions", [10]), dict(baseline=0.1, effect=0.1, unit="weeks"), "unit="),
    (("two_means", [10, 100]), dict(effect=1, sd=1, ratio=0.1), "group b 1 complaints"),
    (("generator", [5]), dict(outcome="escalated", by="channel"), "n_complaints"),
    (("two_means", [10]), dict(effect=1), "needs sd="),
    (("two_means", [10]), dict(effect=1, sd=0), "sd must be a number above 0"),
    (("two_means", [10]), dict(effect="voice.nope", sd=1), "not a number of scenario"),
    (("two_means", [10]), dict(effect=[1], sd=1), "effect must be a number"),
    (("generator", [100]), dict(outcome="escalated", by="channel", effect=0.1),
     "the scenario's own"),
    (("generator", [100]), dict(outcome="escalated"), "needs outcome= and by="),
    (("generator", [100]), dict(outcome="escalated", by="channel", method="analytic"),
     "no analytic power"),
    (("anova", [10]), dict(), "design must be one of"),
    (("two_means", [10]), dict(effect=1, sd=1, n_sim=0), "n_sim must be a whole number"),
    (("two_means", [10]), dict(effect=1, sd=1, seed=-1), "seed must be a whole number"),
    (("two_means", [10]), dict(effect=1, sd=1, confidence=1.5), "confidence must be a level"),
])
def test_bad_input_gets_a_clear_error(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        ck.power(*args, **kwargs)


def test_a_study_that_cannot_be_analysed_counts_as_not_detecting():
    """Worlds of 20 complaints rarely hold two social-media complaints and two
    marketplace reviews: compare refuses, and power says so; when no study at all can be
    analysed (a group that never occurs), power refuses too, with compare's reason."""
    res = ck.power("generator", n=[20, 300], outcome="hours_to_first_response", by="channel",
                   groups=["social_media", "marketplace_review"], n_sim=1, seed=0)
    failed = [n for n in res.notes if "1 of 2 simulated studies could not be analysed" in n]
    assert res.table["power"].iloc[0] == 0.0 and failed, res.notes
    assert np.isnan(res.table["n_total"].iloc[0]) and res.table["n_total"].iloc[1] > 20
    with pytest.raises(ValueError, match="none of the 1 simulated studies.*'fax'"):
        ck.power("generator", n=[50], outcome="escalated", by="channel",
                 groups=["phone", "fax"], n_sim=1, seed=0)
    with pytest.raises(KeyError, match="'escalation' is not in data"):
        ck.power("generator", n=[50], outcome="escalation", by="channel", n_sim=1, seed=0)
