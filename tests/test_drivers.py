"""drivers: key-driver analysis of CSAT, with truth recovery and an independent LMG check.

The generator makes CSAT an ordered logit of the five ratings (``satisfaction.ratings``), of
``resolved``, first-contact resolution and extra contacts; survey response depends on those
drivers only, so the ordered logit fitted to the respondents must recover the scenario's
coefficients.
"""

import itertools
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import statsmodels.api as sm  # noqa: E402

import complaintkit as ck  # noqa: E402
from complaintkit.analysis.drivers import (  # noqa: E402
    DriversResult,
    drivers,
    ipa_quadrants,
    lmg,
    relative_weights,
)

RATINGS = ["rating_response_speed", "rating_staff_attitude", "rating_fairness",
           "rating_product_quality", "rating_price"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def frame_11(world):
    return ck.complaint_frame(world.complaints, world.surveys)


@pytest.fixture(scope="module")
def res_11(frame_11):
    return drivers(frame_11)


def _synthetic(n: int, seed: int = 1, k: int = 4) -> pd.DataFrame:
    """Correlated drivers, one True/False control, and y linear in them plus noise."""
    rng = np.random.default_rng(seed)
    cov = 0.35 * np.ones((k, k)) + 0.65 * np.eye(k)
    x = rng.multivariate_normal(np.zeros(k), cov, n)
    control = rng.random(n) < 0.6
    beta = np.array([0.8, 0.5, 0.3, 0.15, 0.05])[:k]
    y = x @ beta + 0.9 * control + rng.normal(0, 1.0, n)
    df = pd.DataFrame(x, columns=[f"d{i}" for i in range(k)])
    return df.assign(y=y, ctrl=control)


def _brute_force_shapley(df, outcome, names, controls=()):
    """Shapley values by refitting statsmodels OLS along every one of the k! orderings."""
    cache = {}

    def r2(cols):
        key = frozenset(cols)
        if key not in cache:
            full = [*controls, *sorted(cols)]
            cache[key] = (sm.OLS(df[outcome], sm.add_constant(df[full].astype(float)))
                          .fit().rsquared if full else 0.0)
        return cache[key]

    out = dict.fromkeys(names, 0.0)
    perms = list(itertools.permutations(names))
    for order in perms:
        have = []
        for name in order:
            before = r2(have)
            have.append(name)
            out[name] += (r2(have) - before) / len(perms)
    return pd.Series(out), r2(names), r2([])


# --------------------------------------------------------------------------- truth recovery
def test_ordered_logit_cis_contain_the_scenario_coefficients(res_11, scenario):
    t = res_11.table.set_index("driver")
    truth = {f"rating_{k}": v for k, v in scenario.satisfaction.ratings.items()}
    truth["resolved"] = scenario.satisfaction.resolved
    for name, value in truth.items():
        lo, hi = t.loc[name, ["ologit_ci_lower", "ologit_ci_upper"]]
        assert lo < value < hi, (name, value, lo, hi)
    # price has no effect in the scenario
    assert t.loc["rating_price", "ologit_ci_lower"] < 0 < t.loc["rating_price",
                                                                "ologit_ci_upper"]


def test_the_ordered_logit_is_statsmodels_plain_ordered_model(res_11, frame_11):
    """The fit with analytic derivatives (issue 14) against the plain OrderedModel (numerical
    gradient and Hessian, BFGS): the same coefficients and standard errors to the plain fit's
    own tolerance, and at least its log-likelihood (the analytic fit is the exact maximum)."""
    import warnings

    from statsmodels.miscmodels.ordinal_model import OrderedModel

    fast = res_11.model["ologit"]
    assert isinstance(fast.model, OrderedModel)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = OrderedModel(fast.model.endog, fast.model.exog, distr="logit").fit(
            method="bfgs", disp=0, maxiter=5000)
    diff = np.abs(np.asarray(fast.params) - np.asarray(plain.params))
    assert np.all(diff < 0.01 * np.asarray(plain.bse)), diff  # well inside 1% of an SE
    np.testing.assert_allclose(np.asarray(fast.bse), np.asarray(plain.bse), rtol=1e-3)
    assert fast.llf >= plain.llf - 1e-9
    assert np.abs(fast.model.score(np.asarray(fast.params))).max() < 1e-6


def test_fairness_is_most_important_and_the_true_ranking_is_reproduced(res_11, scenario):
    d = res_11.driver_table.set_index("driver")
    assert d["lmg"].idxmax() == "rating_fairness"
    assert res_11.table["driver"].iloc[0] == "rating_fairness"
    truth = {f"rating_{k}": v for k, v in scenario.satisfaction.ratings.items()}
    est = d["ologit_coef"]
    pairs = [(a, b) for a, b in itertools.permutations(truth, 2)
             if truth[a] - truth[b] >= 0.1 - 1e-12]
    assert len(pairs) >= 8
    for a, b in pairs:
        assert est[a] > est[b], (a, b, est[a], est[b])


def test_the_real_frame_result_is_complete(res_11, frame_11):
    t = res_11.table
    assert isinstance(res_11, DriversResult)
    assert list(t.columns) == [
        "driver", "role", "ols_coef", "ols_ci_lower", "ols_ci_upper", "ols_p_value",
        "ologit_coef", "ologit_ci_lower", "ologit_ci_upper", "lmg", "lmg_ci_lower",
        "lmg_ci_upper", "lmg_share", "lmg_share_ci_lower", "lmg_share_ci_upper",
        "relative_weight", "mean_rating", "quadrant"]
    assert sorted(t.loc[t["role"] == "driver", "driver"]) == sorted(RATINGS)
    assert list(t.loc[t["role"] == "control", "driver"]) == [
        "resolved", "first_contact_resolution", "extra_contacts"]
    ctrl = t[t["role"] == "control"]
    assert ctrl[["lmg", "lmg_share", "relative_weight", "mean_rating"]].isna().all().all()
    assert (ctrl["quadrant"] == "").all()
    assert ctrl[["ols_coef", "ologit_coef"]].notna().all().all()
    d = res_11.driver_table
    np.testing.assert_allclose(d["lmg_share"].sum(), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(d["lmg"].sum(), res_11.r2 - res_11.r2_controls, rtol=0,
                               atol=1e-12)
    np.testing.assert_allclose(d["relative_weight"].sum(), d["lmg"].sum(), rtol=0, atol=1e-12)
    # the R² from the correlation matrix is the fitted OLS model's
    np.testing.assert_allclose(res_11.r2, res_11.model["ols"].rsquared, rtol=0, atol=1e-10)
    assert res_11.n_used == int(frame_11["csat_score"].notna().sum())
    assert set(res_11.model) == {"ols", "ologit"}
    assert res_11.model["ols"].cov_type == "HC3"
    text = res_11.summary()
    assert text.startswith("Fairness of solution matters most")
    assert f"{res_11.n_used:,}" in text and "without an answer" in text
    assert "R² = " in text
    assert res_11._repr_html_().startswith("<p>")


# --------------------------------------------------------------------------- LMG, Johnson
@pytest.mark.parametrize("k, controls", [(3, ()), (4, ("ctrl",))])
def test_lmg_matches_a_brute_force_shapley_over_all_orderings(k, controls):
    df = _synthetic(400, k=k)
    names = [f"d{i}" for i in range(k)]
    expected, r2_full, r2_ctrl = _brute_force_shapley(df, "y", names, controls)
    assert math.factorial(k) == len(list(itertools.permutations(names)))
    got = lmg(df, "y", names, controls)
    np.testing.assert_allclose(got[names], expected[names], rtol=0, atol=1e-8)
    np.testing.assert_allclose(got.sum(), r2_full - r2_ctrl, rtol=0, atol=1e-10)
    # the same through drivers(), and Johnson's weights add up to the same total
    res = drivers(df, "y", names, controls=controls, scale=(-100, 100), n_boot=0)
    d = res.driver_table.set_index("driver")
    np.testing.assert_allclose(d.loc[names, "lmg"], expected[names], rtol=0, atol=1e-8)
    np.testing.assert_allclose(d["relative_weight"].sum(), r2_full - r2_ctrl, rtol=0,
                               atol=1e-10)
    np.testing.assert_allclose(res.r2, r2_full, rtol=0, atol=1e-10)
    assert res.model["ologit"] is None  # y is continuous: no ordered logit
    assert res.table["ologit_coef"].isna().all()


def test_relative_weights_of_uncorrelated_drivers_are_squared_standardized_betas():
    rng = np.random.default_rng(1)
    n, k = 500, 4
    x = rng.normal(size=(n, k))
    x = np.linalg.qr(x - x.mean(axis=0))[0] * np.sqrt(n)  # exactly uncorrelated in-sample
    y = x @ np.array([0.7, 0.4, 0.2, 0.0]) + rng.normal(0, 1, n)
    names = [f"d{i}" for i in range(k)]
    df = pd.DataFrame(x, columns=names).assign(y=y)
    z = (df - df.mean()) / df.std()
    beta = sm.OLS(z["y"], z[names]).fit().params
    rw = relative_weights(df, "y", names)
    np.testing.assert_allclose(rw[names], beta[names] ** 2, rtol=0, atol=1e-12)
    # uncorrelated drivers: LMG is the same, and both add up to R²
    r2 = sm.OLS(df["y"], sm.add_constant(df[names])).fit().rsquared
    np.testing.assert_allclose(lmg(df, "y", names)[names], beta[names] ** 2, rtol=0,
                               atol=1e-12)
    np.testing.assert_allclose(rw.sum(), r2, rtol=0, atol=1e-12)


# --------------------------------------------------------------------------- bootstrap
def test_bootstrap_cis_contain_the_estimate_and_shrink_with_n():
    names = ["d0", "d1", "d2", "d3"]
    widths = {}
    for n in (300, 3000):
        res = drivers(_synthetic(n, seed=2), "y", names, controls=["ctrl"], scale=(-100, 100),
                      n_boot=200, seed=3)
        d = res.driver_table
        assert (d["lmg_ci_lower"] <= d["lmg"]).all() and (d["lmg"] <= d["lmg_ci_upper"]).all()
        assert res.boot.shape == (200, 4) and res.boot.notna().all().all()
        widths[n] = (d["lmg_ci_upper"] - d["lmg_ci_lower"]).to_numpy()
    assert (widths[3000] < widths[300]).all()
    # the bootstrap is reproducible from the seed, and n_boot=0 skips it
    df = _synthetic(300, seed=2)
    a = drivers(df, "y", names, controls=None, scale=(-100, 100), n_boot=20,
                seed=5)
    b = drivers(df, "y", names, controls=None, scale=(-100, 100), n_boot=20,
                seed=5)
    pd.testing.assert_frame_equal(a.table, b.table)
    none = drivers(df, "y", names, controls=None, scale=(-100, 100), n_boot=0)
    assert none.table["lmg_ci_lower"].isna().all()


# --------------------------------------------------------------------------- bad input
def _ratings_frame(n: int, seed: int = 4) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    r = pd.DataFrame(rng.integers(1, 6, size=(n, 3)).astype(float), columns=["a", "b", "c"])
    lat = r.sum(axis=1) / 3 + rng.normal(0, 0.7, n)
    return r.assign(csat_score=np.clip(np.round(lat), 1, 5))


def test_too_few_rows_says_how_many_are_needed():
    with pytest.raises(ValueError, match=r"only 25 rows .* at least 40"):
        drivers(_ratings_frame(25), drivers=["a", "b", "c"], controls=None)


def test_a_constant_driver_is_named():
    df = _ratings_frame(200).assign(b=4.0)
    with pytest.raises(ValueError, match=r"driver 'b' is constant"):
        drivers(df, drivers=["a", "b", "c"], controls=None)


def test_collinear_drivers_are_named():
    df = _ratings_frame(200)
    df["c"] = df["a"] + df["b"]
    with pytest.raises(ValueError, match=r"'a', 'b', 'c' are perfectly collinear"):
        drivers(df, drivers=["a", "b", "c"], controls=None)


def test_an_outcome_outside_its_scale_is_named_with_its_rows():
    df = _ratings_frame(200)
    df.loc[17, "csat_score"] = 7
    with pytest.raises(ValueError, match=r"scale 1 to 5, but has 7 in 1 rows \(17\)"):
        drivers(df, drivers=["a", "b", "c"], controls=None)


def test_a_missing_driver_among_respondents_is_an_error_not_a_silent_drop():
    df = _ratings_frame(200)
    df.loc[[3, 8, 9], "b"] = np.nan
    with pytest.raises(ValueError, match=r"driver 'b' is missing in 3 of the 200 rows .*dropna"):
        drivers(df, drivers=["a", "b", "c"], controls=None)
    # a missing driver among non-respondents is fine: those rows are left out anyway
    df.loc[[3, 8, 9], "csat_score"] = np.nan
    res = drivers(df, drivers=["a", "b", "c"], controls=None, n_boot=0)
    assert res.n_used == 197


def test_non_response_is_reported_with_the_counts(res_11, frame_11):
    n, answered = len(frame_11), int(frame_11["csat_score"].notna().sum())
    assert res_11.n_no_outcome == n - answered > 0
    note = res_11.notes[1]  # after the row ledger's line
    assert f"{answered:,} of {n:,} complaints answered" in note
    assert f"{n - answered:,} without an answer were left out" in note
    assert "non-response is not random" in note


def test_the_ledger_counts_the_respondents_with_every_rating(res_11, frame_11):
    # by hand: the complaints used are those with a CSAT answer, every rating and every
    # control; the others have no survey answer
    model = ["csat_score", *RATINGS, "resolved", "first_contact_resolution", "extra_contacts"]
    used = int(frame_11[model].notna().all(axis=1).sum())
    no_answer = int(frame_11["csat_score"].isna().sum())
    assert used + no_answer == len(frame_11)
    ledger = res_11.ledger
    assert (ledger.total, ledger.used, ledger.dropped) == (len(frame_11), used, no_answer)
    assert ledger.table.to_dict("records") == [{"reason": "without a survey answer",
                                                "n": no_answer}]
    assert res_11.notes[0] == (f"{used:,} of {len(frame_11):,} complaints used: "
                               f"{no_answer:,} without a survey answer")
    assert (res_11.n_used, res_11.n_rows, res_11.n_no_outcome) == (used, len(frame_11),
                                                                   no_answer)


def test_the_ledger_names_another_outcome_and_a_complete_frame():
    df = _ratings_frame(200)
    df.loc[[3, 8, 9], "csat_score"] = np.nan
    res = drivers(df.rename(columns={"csat_score": "score"}), "score", ["a", "b", "c"],
                  controls=None, n_boot=0)
    assert res.notes[0] == "197 of 200 complaints used: 3 without score"
    full = drivers(_ratings_frame(200), drivers=["a", "b", "c"], controls=None, n_boot=0)
    assert full.notes[0] == "all 200 complaints used"
    assert full.notes[1].startswith("200 rows used; LMG")


def test_shared_arguments_are_checked_first():
    with pytest.raises(ValueError, match="confidence must be a level between 0 and 1"):
        drivers(pd.DataFrame({"x": [1]}), confidence=1.5)
    for kwargs, match in [({"n_boot": -1}, "n_boot must be a whole number >= 0"),
                          ({"seed": -2}, "seed must be a whole number >= 0"),
                          ({"locale": "xx"}, "locale must be one of")]:
        with pytest.raises(ValueError, match=match):
            drivers(pd.DataFrame({"x": [1]}), **kwargs)


def test_other_bad_arguments_say_what_to_do(frame_11):
    with pytest.raises(KeyError, match="complaint_frame"):
        drivers(frame_11, drivers=["rating_fairnes"])
    with pytest.raises(ValueError, match="limited to 12 drivers"):
        drivers(pd.DataFrame({f"x{i}": [1.0, 2.0] for i in range(13)}).assign(y=[1.0, 2.0]),
                "y", [f"x{i}" for i in range(13)], controls=None)
    with pytest.raises(ValueError, match="more than once"):
        drivers(frame_11, drivers=["rating_fairness", "resolved"], controls=["resolved"])
    # controls named explicitly must exist (the default, controls="auto", takes those present:
    # tests/test_guard_rails.py)
    with pytest.raises(KeyError, match="controls=None"):
        drivers(_ratings_frame(200), drivers=["a", "b", "c"], controls=["resolved"])
    with pytest.raises(ValueError, match="no rating_"):
        drivers(frame_11[["csat_score", "resolved", "extra_contacts"]])


# --------------------------------------------------------------------------- IPA and plots
def test_ipa_quadrants_on_a_hand_made_table():
    t = pd.DataFrame({"driver": ["w", "x", "y", "z", "v"],
                      "lmg_share": [0.40, 0.30, 0.15, 0.10, 0.05],
                      "mean_rating": [3.1, 4.2, 3.0, 4.4, 3.9]})
    # means: importance 0.20, performance 3.72
    got = ipa_quadrants(t["lmg_share"], t["mean_rating"])
    assert got.tolist() == ["concentrate here", "keep up", "low priority", "possible overkill",
                            "possible overkill"]
    with pytest.raises(ValueError, match="one value per driver"):
        ipa_quadrants([0.1, 0.2], [3.0])


def test_result_quadrants_follow_the_table(res_11):
    d = res_11.driver_table
    assert d["quadrant"].tolist() == ipa_quadrants(d["lmg_share"], d["mean_rating"]).tolist()


def test_ipa_plot_has_one_point_per_driver_and_four_quadrant_labels(res_11):
    ax = res_11.plot(kind="ipa")
    assert len(ax.collections) == 1
    assert len(ax.collections[0].get_offsets()) == 5
    quads = [t.get_text() for t in ax.texts if t.get_gid() == "quadrant"]
    assert sorted(quads) == ["Concentrate here", "Keep up", "Low priority", "Possible overkill"]
    labels = {t.get_text() for t in ax.texts if t.get_gid() != "quadrant"}
    assert "Fairness of solution" in labels
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_importance_and_coefficient_plots(res_11):
    ax = res_11.plot(kind="importance")
    assert len(ax.patches) == 5
    assert ax.get_title() and ax.get_xlabel()
    assert [t.get_text() for t in ax.get_yticklabels()][-1] == "Fairness of solution"
    ax = res_11.plot(kind="coefficients")
    right = ax.ologit_ax
    assert ax.get_xlabel() and right.get_xlabel() and ax.get_title() and right.get_title()
    assert ax.figure._suptitle.get_text()
    assert len(ax.get_yticks()) == 5
    fig, own = plt.subplots()
    assert res_11.plot(own, kind="coefficients", show_controls=True) is own
    assert len(own.get_yticks()) == 5 + 3  # five ratings and three controls
    with pytest.raises(ValueError, match="kind must be one of"):
        res_11.plot(kind="pie")


def test_locale_labels_in_plots(res_11):
    ax = res_11.plot(kind="importance", locale="zh_CN")
    zh = ck.labels("zh_CN", "column")["rating_fairness"]
    assert zh in [t.get_text() for t in ax.get_yticklabels()]


def test_plot_takes_ax_first_and_the_kind_by_name(res_11):
    fig, own = plt.subplots()
    assert res_11.plot(own) is own  # the default kind: the IPA map
    assert len(own.collections) == 1 and len(own.collections[0].get_offsets()) == 5
    fig, own = plt.subplots()
    assert res_11.plot(own, kind="importance") is own and len(own.patches) == 5
    # the old call, plot("importance"), still works for a while, with a warning
    with pytest.warns(DeprecationWarning, match=r"plot\(kind='importance'\)"):
        ax = res_11.plot("importance")
    assert len(ax.patches) == 5
    with pytest.raises(TypeError, match="kind= only"):
        res_11.plot("importance", kind="coefficients")


# --------------------------------------------------------------------------- a Chinese world
def test_a_zh_world_speaks_chinese_with_labels_not_codes(world_zh):
    """issue 13 item 4: summary, notes, chart and errors in Chinese, drivers as labels."""
    f = ck.complaint_frame(world_zh.complaints, world_zh.surveys)
    res = drivers(f, n_boot=5)
    names = ck.labels("zh_CN")["column"]
    top = res.table["driver"].iloc[0]
    assert res.summary().startswith(f"对{names['csat_score']}影响最大的是{names[top]}（")
    assert "rating_" not in res.summary() and "matters" not in res.summary()
    assert res.notes[0].endswith(f"未使用：没有回访回答（{res.n_no_outcome:,}）")
    assert any(n.startswith("控制变量（controls='auto'") and names["resolved"] in n
               for n in res.notes)
    ax = res.plot(kind="importance")
    assert ax.get_title() == f"什么在驱动{names['csat_score']}：相对重要性"
    assert {t.get_text() for t in ax.get_yticklabels()} == {names[d] for d in RATINGS}
    ax = res.plot(kind="ipa")
    assert {t.get_text() for t in ax.texts if t.get_gid() == "quadrant"} == {
        "重点改进", "继续保持", "低优先级", "可能投入过度"}
    with pytest.raises(ValueError, match=r"scale 必须是（最低分, 最高分）且最低分 < 最高分"):
        drivers(f, scale=(5, 1))
    with pytest.raises(ValueError, match="kind 必须是"):
        res.plot(kind="bars")


def test_the_bootstrap_on_distinct_rows_is_the_bootstrap_on_drawn_rows():
    """Issue 14: a resample's correlations are computed from the counts of the distinct rows
    it drew (ratings repeat); the same LMG as np.corrcoef of the drawn rows, to rounding, and
    NaN when a column is constant in the resample."""
    import sys

    dr = sys.modules["complaintkit.analysis.drivers"]
    rng = np.random.default_rng(3)
    n, k = 4000, 3
    x = rng.integers(1, 6, size=(n, k)).astype(float)
    ctrl = (rng.random(n) < 0.5).astype(float)
    y = np.clip(np.round(x @ [0.5, 0.3, 0.1] + ctrl + rng.normal(0, 1, n) - 1.5), 1, 5)
    m = np.column_stack([y, ctrl, x])
    rows, inv = dr._distinct_rows(m)
    assert rows is not None and len(rows) < n // 2
    np.testing.assert_array_equal(rows[inv], m)
    plan = dr._subset_plan(1, k)
    for _ in range(5):
        idx = rng.integers(0, n, n)
        w = np.bincount(inv[idx], minlength=len(rows)).astype(float)
        np.testing.assert_allclose(dr._boot_lmg_weighted(rows, w, plan, k),
                                   dr._boot_lmg(m[idx], plan, k), rtol=1e-10, atol=1e-13)
    one = np.flatnonzero(rows[:, 1] == rows[inv[0], 1])  # the control constant in these
    w2 = np.zeros(len(rows))
    w2[one] = 1.0
    assert np.isnan(dr._boot_lmg_weighted(rows, w2, plan, k)).all()
