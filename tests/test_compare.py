"""ck.compare: checked against scipy / statsmodels computed independently, hand formulas,
interval coverage where the truth is known, and a generated world whose channels differ by a
known amount (issue 10, item 8)."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

import complaintkit as ck
from complaintkit.analysis.compare import cliffs_delta, median_difference

matplotlib.use("Agg")


def _rates_frame(counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """groups -> (yes, no) as a frame with a boolean flag."""
    rows = [(g, v) for g, (k, n_no) in counts.items() for v in [True] * k + [False] * n_no]
    return pd.DataFrame(rows, columns=["response", "disputed"])


def _eff(res, a, b, effect):
    t = res.table
    return t[(t.group_a == a) & (t.group_b == b) & (t.effect == effect)].iloc[0]


# --------------------------------------------------------------------------- rates
def test_two_rates_match_z_test_and_newcombe_by_hand():
    df = _rates_frame({"explanation": (60, 240), "relief": (30, 270)})
    res = ck.compare(df, "disputed", "response")
    row = _eff(res, "explanation", "relief", "risk_difference")
    assert row["test"] == "chi2"
    z, p = proportions_ztest([30, 60], [300, 300])  # independent: the pooled z-test
    assert row["p_value"] == pytest.approx(p, rel=1e-10)
    assert row["statistic"] == pytest.approx(z ** 2, rel=1e-10)
    assert row["estimate"] == pytest.approx(0.1 - 0.2, abs=1e-12)
    # Newcombe's hybrid score interval from the two Wilson intervals, by hand
    l1, u1 = proportion_confint(30, 300, method="wilson")
    l2, u2 = proportion_confint(60, 300, method="wilson")
    d = 0.1 - 0.2
    assert row["ci_lower"] == pytest.approx(d - math.hypot(0.1 - l1, u2 - 0.2), rel=1e-9)
    assert row["ci_upper"] == pytest.approx(d + math.hypot(u1 - 0.1, 0.2 - l2), rel=1e-9)
    h = _eff(res, "explanation", "relief", "cohens_h")
    assert h["estimate"] == pytest.approx(2 * math.asin(math.sqrt(0.1))
                                          - 2 * math.asin(math.sqrt(0.2)), rel=1e-12)
    rr = _eff(res, "explanation", "relief", "risk_ratio")
    assert rr["estimate"] == pytest.approx(0.5) and rr["ci_lower"] < 0.5 < rr["ci_upper"]
    assert res.overall["p_value"].item() == pytest.approx(p, rel=1e-10)
    assert "relief" in res.summary() and "10.0%" in res.summary()


def test_a_zero_one_column_is_a_rate_unless_told_otherwise():
    df = pd.DataFrame({"g": ["a"] * 50 + ["b"] * 50,
                       "late": [1] * 10 + [0] * 40 + [1] * 25 + [0] * 25})
    assert ck.compare(df, "late", "g").kind == "rate"
    auto = ck.compare(df, "late", "g", kind="number")
    assert auto.test == "mann_whitney"  # 10 of 50 ones: skewness 1.5, beyond the rule's 1
    res = ck.compare(df, "late", "g", kind="number", test="welch")
    assert res.kind == "number" and res.test == "welch"
    assert _eff(res, "a", "b", "mean_difference")["estimate"] == pytest.approx(0.3)


def test_small_counts_get_fisher_exact():
    df = _rates_frame({"a": (1, 19), "b": (6, 14)})
    res = ck.compare(df, "disputed", "response")
    row = res.table.iloc[0]
    assert row["test"] == "fisher"
    assert row["p_value"] == pytest.approx(stats.fisher_exact([[1, 19], [6, 14]]).pvalue)
    assert any("Fisher" in n for n in res.notes)
    forced = ck.compare(df, "disputed", "response", test="chi2")
    assert forced.table["test"].iloc[0] == "chi2"


def test_yes_no_na_text_counts_na_and_empty_apart():
    df = pd.DataFrame({
        "company_response": ["Closed with explanation"] * 6 + ["Closed with monetary relief"] * 6
        + [None],
        "consumer_disputed": ["Yes", "No", "No", "N/A", "", "yes",
                              "No", "No", "n/a", None, "NO", "Yes", "Yes"]})
    res = ck.compare(df, "consumer_disputed", "company_response", test="fisher")
    assert res.notes[0] == ("8 of 13 complaints used: 1 without company_response, 2 with "
                            "consumer_disputed n/a (not applicable), 2 with consumer_disputed "
                            "empty")
    g = res.groups.set_index("group")
    assert g.loc["Closed with explanation", "n"] == 4
    assert g.loc["Closed with explanation", "estimate"] == pytest.approx(0.5)
    assert g.loc["Closed with monetary relief", "estimate"] == pytest.approx(1 / 4)


def test_several_rates_overall_and_holm_pairs_match_scipy_statsmodels():
    counts = {"phone": (40, 360), "email": (30, 270), "chat": (55, 245), "app": (20, 280)}
    df = _rates_frame(counts)
    res = ck.compare(df, "disputed", "response", groups=list(counts))
    table = np.array([[k, n] for k, n in counts.values()])
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    o = res.overall.iloc[0]
    assert (o["test"], o["df"]) == ("chi2", dof)
    assert o["statistic"] == pytest.approx(chi2) and o["p_value"] == pytest.approx(p)
    pairs = res.table.drop_duplicates(["group_a", "group_b"])
    assert len(pairs) == 6
    raw = [stats.chi2_contingency(np.array([counts[a], counts[b]]), correction=False)[1]
           for a, b in zip(pairs.group_a, pairs.group_b, strict=True)]
    np.testing.assert_allclose(pairs["p_value"], raw, rtol=1e-10, atol=0)
    holm = multipletests(raw, alpha=0.05, method="holm")[1]
    np.testing.assert_allclose(pairs["p_adjusted"], holm, rtol=1e-10, atol=0)
    bonf = ck.compare(df, "disputed", "response", groups=list(counts),
                      correction="bonferroni").table
    assert (bonf.drop_duplicates(["group_a", "group_b"])["p_adjusted"].to_numpy()
            >= pairs["p_adjusted"].to_numpy() - 1e-12).all()
    ref = ck.compare(df, "disputed", "response", reference="phone")
    assert set(ref.table["group_a"]) == {"phone"} and ref.table["group_b"].nunique() == 3


def test_risk_difference_interval_covers_the_truth():
    """Known rates 0.10 and 0.16: the 90% interval covers 0.06 in about 90% of samples
    (compare's own step, without building a frame 400 times)."""
    from complaintkit.analysis.compare import _rate_effects

    rng = np.random.default_rng(5)
    hits, reps = 0, 400
    for _ in range(reps):
        _, est, lo, hi = _rate_effects(rng.random(150) < 0.10, rng.random(120) < 0.16, 0.9)[0]
        hits += lo <= 0.06 <= hi
    assert 0.86 <= hits / reps <= 0.94  # binomial sd of the rate: 0.015


# --------------------------------------------------------------------------- numbers
def test_welch_matches_scipy_and_hedges_g_by_hand():
    rng = np.random.default_rng(1)
    a, b = rng.normal(10, 2, 40), rng.normal(11, 3, 55)
    df = pd.DataFrame({"ch": ["a"] * 40 + ["b"] * 55, "x": np.r_[a, b]})
    res = ck.compare(df, "x", "ch")
    assert res.test == "welch"
    md = _eff(res, "a", "b", "mean_difference")
    ref = stats.ttest_ind(b, a, equal_var=False)
    ci = ref.confidence_interval(0.95)
    assert md["p_value"] == pytest.approx(ref.pvalue, rel=1e-10)
    assert (md["ci_lower"], md["ci_upper"]) == pytest.approx((ci.low, ci.high), rel=1e-10)
    sp = math.sqrt((39 * a.var(ddof=1) + 54 * b.var(ddof=1)) / 93)
    g = (1 - 3 / (4 * 95 - 9)) * (b.mean() - a.mean()) / sp
    assert _eff(res, "a", "b", "hedges_g")["estimate"] == pytest.approx(g, rel=1e-12)


def test_skewed_durations_get_rank_tests_that_match_scipy():
    rng = np.random.default_rng(2)
    x = {"phone": rng.lognormal(0, 1, 60), "email": rng.lognormal(0.5, 1, 50),
         "chat": rng.lognormal(0.2, 1, 70)}
    df = pd.DataFrame([(g, v) for g, vs in x.items() for v in vs], columns=["ch", "hours"])
    res = ck.compare(df, "hours", "ch", groups=["phone", "email", "chat"])
    assert res.test == "mann_whitney" and any("skewed" in n for n in res.notes)
    o = res.overall.iloc[0]
    kw = stats.kruskal(*x.values())
    assert o["test"] == "kruskal_wallis" and o["p_value"] == pytest.approx(kw.pvalue)
    row = _eff(res, "phone", "email", "cliffs_delta")
    mw = stats.mannwhitneyu(x["email"], x["phone"], alternative="two-sided")
    assert row["p_value"] == pytest.approx(mw.pvalue, rel=1e-10)
    brute = np.sign(x["email"][:, None] - x["phone"][None, :]).mean()
    assert row["estimate"] == pytest.approx(brute, rel=1e-12)
    md = _eff(res, "phone", "email", "median_difference")
    assert md["estimate"] == pytest.approx(np.median(x["email"]) - np.median(x["phone"]))
    welch = ck.compare(df, "hours", "ch", test="welch")
    assert welch.overall["test"].item() == "welch_anova"


def test_welch_anova_matches_the_formula():
    rng = np.random.default_rng(3)
    xs = [rng.normal(m, s, n) for m, s, n in [(0, 1, 30), (0.5, 2, 40), (0.2, 1.5, 35)]]
    df = pd.DataFrame([(i, v) for i, x in enumerate(xs) for v in x], columns=["g", "y"])
    o = ck.compare(df, "y", "g", test="welch").overall.iloc[0]
    # Welch (1951), by hand
    n = np.array([len(x) for x in xs])
    w = n / np.array([x.var(ddof=1) for x in xs])
    m = np.array([x.mean() for x in xs])
    mw = (w * m).sum() / w.sum()
    k = len(xs)
    lam = ((1 - w / w.sum()) ** 2 / (n - 1)).sum()
    f = ((w * (m - mw) ** 2).sum() / (k - 1)) / (1 + 2 * (k - 2) / (k ** 2 - 1) * lam)
    df2 = (k ** 2 - 1) / (3 * lam)
    assert o["statistic"] == pytest.approx(f, rel=1e-9)
    assert o["p_value"] == pytest.approx(stats.f.sf(f, k - 1, df2), rel=1e-9)


def test_rank_effect_intervals_cover_the_truth():
    """Log-normal hours, medians 1 and e^0.5: the true median difference is e^0.5 - 1 and the
    true Cliff's delta 2 Phi(0.5 / sqrt 2) - 1 (a shift of 0.5 in log-normal(0, 1))."""
    rng = np.random.default_rng(11)
    true_md = math.exp(0.5) - 1
    true_delta = 2 * stats.norm.cdf(0.5 / math.sqrt(2)) - 1
    reps, hit_md, hit_d = 400, 0, 0
    for _ in range(reps):
        a, b = rng.lognormal(0, 1, 80), rng.lognormal(0.5, 1, 60)
        _, lo, hi = median_difference(a, b, confidence=0.9)
        hit_md += lo <= true_md <= hi
        _, lo, hi = cliffs_delta(a, b, confidence=0.9)
        hit_d += lo <= true_delta <= hi
    assert 0.85 <= hit_md / reps <= 0.96
    assert 0.86 <= hit_d / reps <= 0.94


def test_standardised_effect_intervals_cover_the_truth():
    """Hedges' g (normal data, true d = 0.5) and Cohen's h (rates 0.2 and 0.3)."""
    from complaintkit.analysis.compare import _hedges_g, _rate_effects

    rng = np.random.default_rng(12)
    true_h = 2 * math.asin(math.sqrt(0.3)) - 2 * math.asin(math.sqrt(0.2))
    reps, hit_g, hit_h = 400, 0, 0
    for _ in range(reps):
        _, lo, hi = _hedges_g(rng.normal(0, 2, 25), rng.normal(1, 2, 35), 0.9)
        hit_g += lo <= 0.5 <= hi
        h = _rate_effects(rng.random(200) < 0.2, rng.random(150) < 0.3, 0.9)[2]
        hit_h += h[2] <= true_h <= h[3]
    assert 0.86 <= hit_g / reps <= 0.94 and 0.86 <= hit_h / reps <= 0.94


def test_generated_channels_differ_by_their_true_response_time():
    """online_chat, app and email share team and routing, so log hours to first response
    differ by the log of their base hours' ratio exactly. One world: email against
    online_chat by log(14 / 1.2); app, given online_chat's base hours, by nothing."""
    sc = ck.get_scenario("ecommerce")
    chat = sc.channels["online_chat"].base_hours
    truth = math.log(sc.channels["email"].base_hours / chat)
    w = ck.generate(sc.replace(channels={"app": {"base_hours": chat}}), seed=4,
                    n_complaints=3000)
    f = ck.complaint_frame(w.complaints)
    f["log_hours"] = np.log(f["hours_to_first_response"])
    res = ck.compare(f, "log_hours", "channel", groups=["online_chat", "app", "email"],
                     test="welch")
    for other, true_diff in (("email", truth), ("app", 0.0)):
        row = _eff(res, "online_chat", other, "mean_difference")
        assert row["ci_lower"] < true_diff < row["ci_upper"], (other, row.to_dict())
        assert row["ci_upper"] - row["ci_lower"] < 0.5  # a real test: the interval is narrow
    # escalation depends on priority and public channels, not on app against online_chat
    esc = ck.compare(f, "escalated", "channel", groups=["online_chat", "app"])
    rd = _eff(esc, "online_chat", "app", "risk_difference")
    assert rd["ci_lower"] < 0 < rd["ci_upper"] and rd["ci_upper"] - rd["ci_lower"] < 0.1
    public = ck.compare(f, "escalated", "channel", groups=["online_chat", "social_media"])
    assert _eff(public, "online_chat", "social_media", "risk_difference")["ci_lower"] > 0


@pytest.fixture(scope="module")
def world():
    return ck.load_dataset("ecommerce_en")


def test_durations_from_two_time_columns(world):
    w = world
    res = ck.compare(w.complaints, ("received_at", "resolved_at"), "channel")
    unresolved = int(w.complaints["resolved_at"].isna().sum())
    assert res.notes[0] == (f"{len(w.complaints) - unresolved:,} of {len(w.complaints):,} "
                            f"complaints used: {unresolved:,} without resolved_at")
    assert res.overall["n_groups"].item() == 6
    hours = (w.complaints["resolved_at"] - w.complaints["received_at"]).dt.total_seconds() / 3600
    direct = ck.compare(w.complaints.assign(h=hours), "h", "channel")
    pd.testing.assert_series_equal(res.table["p_value"], direct.table["p_value"])


def test_plots_draw_on_the_given_axes():
    import matplotlib.pyplot as plt

    df = _rates_frame({"a": (10, 40), "b": (20, 30), "c": (15, 35)})
    res = ck.compare(df, "disputed", "response")
    fig, ax = plt.subplots()
    try:
        assert res.plot(ax) is ax and len(ax.collections) + len(ax.lines) > 0
        ax2 = res.plot(kind="groups")
        assert [t.get_text() for t in ax2.get_yticklabels()] == ["a", "b", "c"]
    finally:
        plt.close("all")


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, error, match", [
    (dict(), ValueError, "needs an outcome"),
    (dict(outcome="flag"), ValueError, "needs by="),
    (dict(outcome="flag", by=["g", "x"]), ValueError, "one column"),
    (dict(outcome="nope", by="g"), KeyError, "not in data"),
    (dict(outcome="when", by="g"), TypeError, r"by passing \(start, end\)"),
    (dict(outcome="word", by="g"), TypeError, "neither a yes/no flag nor a number"),
    (dict(outcome="word", by="g", kind="rate"), ValueError, "'maybe' is not yes, no or N/A"),
    (dict(outcome="x", by="g", test="fisher"), ValueError, "is for a yes/no flag"),
    (dict(outcome="flag", by="g", test="welch"), ValueError, "is for a number"),
    (dict(outcome="bad", by="g"), ValueError, r"infinite values in row 2"),
    (dict(outcome=("when", "before"), by="g"), ValueError, r"'before' is before 'when' in row 0"),
    (dict(outcome=("when",), by="g"), ValueError, r"\(start, end\)"),
    (dict(outcome="flag", by="g", groups=["a", "zz"]), ValueError, "not in column 'g'"),
    (dict(outcome="flag", by="g", groups=["a"]), ValueError, "at least two groups"),
    (dict(outcome="flag", by="g", reference="zz"), ValueError, "reference='zz'"),
    (dict(outcome="flag", by="one"), ValueError, "only 'a' has complaints left"),
    (dict(outcome="x", by="one"), ValueError, "only 'a' has two or more values left"),
    (dict(outcome="flag", by="g", groups="ab"), TypeError, "must be a list of groups"),
    (dict(outcome="word", by="g"), TypeError, r"'maybe' is not yes, no or N/A \(row 2\)"),
    (dict(outcome="flag", by="g", correction="tukey"), ValueError, "correction must be one of"),
    (dict(outcome="flag", by="g", confidence=1.5), ValueError, "confidence must be a level"),
])
def test_bad_input_gets_a_clear_error(kwargs, error, match):
    df = pd.DataFrame({"g": ["a", "a", "b", "b"], "one": ["a"] * 4,
                       "flag": [True, False, True, True], "x": [1.0, 2, 3, 4],
                       "bad": [1.0, 2, np.inf, 4], "word": ["yes", "no", "maybe", "no"],
                       "when": pd.to_datetime(["2025-01-02"] * 4),
                       "before": pd.to_datetime(["2025-01-01"] + ["2025-01-03"] * 3)})
    with pytest.raises(error, match=match):
        ck.compare(df, **kwargs)


def test_a_world_or_an_empty_frame_is_refused(world):
    with pytest.raises(TypeError, match="not a whole World"):
        ck.compare(world, "escalated", "channel")
    with pytest.raises(ValueError, match="empty"):
        ck.compare(pd.DataFrame({"g": [], "flag": []}), "flag", "g")


def test_edge_effects_say_why_they_have_no_interval():
    rates = _rates_frame({"a": (0, 30), "b": (5, 25)})
    res = ck.compare(rates, "disputed", "response")
    assert np.isnan(_eff(res, "a", "b", "risk_ratio")["estimate"])
    assert any("risk ratio of b vs a is undefined: no disputed in a" in n for n in res.notes)
    apart = pd.DataFrame({"g": ["a"] * 5 + ["b"] * 5, "x": [9.0, 8, 7, 6, 5, 1, 2, 3, 4, 0]})
    res = ck.compare(apart, "x", "g", test="mann_whitney")
    row = _eff(res, "a", "b", "cliffs_delta")
    assert row["estimate"] == -1 and np.isnan(row["ci_lower"])
    assert any("Cliff's delta of b vs a is -1" in n for n in res.notes)


def test_groups_of_one_value_are_counted_not_dropped_silently():
    df = pd.DataFrame({"g": ["a", "a", "a", "b", "b", "c"], "x": [1.0, 2, 3, 4, 6, 9]})
    res = ck.compare(df, "x", "g")
    assert res.notes[0] == "5 of 6 complaints used: 1 in a g group with fewer than 2 values"
    assert res.overall["n_groups"].item() == 2


# --------------------------------------------------------------------------- awkward tables
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import recipes  # noqa: E402
from test_properties import FAST, call  # noqa: E402
from test_properties import world as shipped  # noqa: E402

FLAG_OUTCOMES = ["escalated", "reopened", "sla_met", "first_contact_resolution"]
NUMBER_OUTCOMES = ["contacts", "compensation_amount", ("received_at", "first_response_at"),
                   ("received_at", "resolved_at"), "channel", "received_at"]
COLUMNS = ("channel", "priority", "escalated", "contacts", "compensation_amount",
           "received_at", "first_response_at", "resolved_at", "sla_met")


@FAST
@given(recipe=recipes(COLUMNS), outcome=st.sampled_from(FLAG_OUTCOMES + NUMBER_OUTCOMES),
       by=st.sampled_from(["channel", "priority", "category"]),
       test=st.sampled_from(["auto"] * 3 + ["chi2", "fisher", "welch", "mann_whitney"]))
def test_awkward_tables_get_a_result_or_a_clear_error(recipe, outcome, by, test):
    """Columns dropped, retyped, NaN, inf, huge, text times ...: a result whose counts add
    up, or one of the kit's clear errors (the judge of tests/test_properties.py)."""
    data = recipe.build(shipped().complaints)
    res = call(ck.compare, data, outcome, by, test=test)
    if res is not None:
        assert res.ledger.used == res.overall["n"].item() <= len(data)
        assert res.ledger.used + res.ledger.dropped == len(data)
        assert res.table["p_adjusted"].between(0, 1).all()
        assert (res.table["p_adjusted"] >= res.table["p_value"] - 1e-12).all()


def test_small_expected_counts_over_several_groups_get_a_monte_carlo_exact_test():
    from complaintkit.analysis.compare import chi2_monte_carlo

    counts = {"a": (1, 3), "b": (0, 1), "c": (0, 5), "d": (2, 1)}
    res = ck.compare(_rates_frame(counts), "disputed", "response", groups=list(counts))
    o = res.overall.iloc[0]
    assert o["test"] == "chi2_monte_carlo" and any("Monte Carlo exact" in n for n in res.notes)
    table = np.array(list(counts.values()))
    perm = stats.chi2_contingency(table, correction=False, method=stats.PermutationMethod(
        n_resamples=4999, rng=1)).pvalue  # scipy's own permutation test, independent draws
    assert abs(o["p_value"] - perm) < 0.03  # both Monte Carlo: a few standard errors
    assert o["p_value"] == chi2_monte_carlo(table)  # a fixed seed: reproducible
    asked = ck.compare(_rates_frame(counts), "disputed", "response", test="chi2")
    assert asked.overall["test"].item() == "chi2"
    assert asked.overall["p_value"].item() == pytest.approx(
        stats.chi2_contingency(np.array([counts[g] for g in sorted(counts)]),
                               correction=False).pvalue)
    assert any("approximate" in n for n in asked.notes)


def test_holm_is_statsmodels_holm(monkeypatch):
    """compare's own Holm step-down (statsmodels' runs gc.collect() on every call) gives the
    same floats as multipletests(method="holm"), ties and NaN included."""
    import gc

    from statsmodels.stats.multitest import multipletests

    monkeypatch.setattr(gc, "collect", lambda *a: 0)  # about 1 s a call in a test session

    from complaintkit.analysis.compare import _holm

    rng = np.random.default_rng(0)
    for i in range(300):
        n = int(rng.integers(2, 30))
        p = rng.random(n) ** rng.uniform(0.2, 5)
        if i % 3 == 0:
            p[rng.integers(0, n, 3)] = p[0]
        if i % 7 == 0:
            p[rng.integers(0, n)] = np.nan
        np.testing.assert_array_equal(_holm(p), multipletests(p, method="holm")[1])
