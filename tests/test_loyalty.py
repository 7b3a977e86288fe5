"""loyalty: repurchase after a complaint against the handling, with truth recovery.

The generator draws each customer's time to the next purchase as exponential with a daily rate
by tier times exp(log HR): for a complainant (clock from the closing of their first complaint)
log HR = recovery_log_hr + csat_log_hr * (CSAT - 5) + response_log_hr * (log(1 + hours) -
log 2); CSAT is observed for survey respondents only, and answering depends on the handling,
not on loyalty. So the respondents' Cox model must recover csat_log_hr and response_log_hr,
and the paradox comparison must find the recovered group's mean log HR.
"""

import importlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import complaintkit as ck  # noqa: E402
from complaintkit.analysis.loyalty import LoyaltyResult, loyalty, loyalty_frame  # noqa: E402

PRESETS = ("ecommerce", "ecommerce_recovery")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def frame(world):
    return loyalty_frame(world.customers, world.complaints, world.surveys, world.orders)


@pytest.fixture(scope="module")
def result(frame):
    return loyalty(frame)


@pytest.fixture(scope="module")
def big(generated):
    """Bigger worlds for the paradox (the recovered group is a few per cent of complainants):
    preset -> (scenario, loyalty frame, result). The worlds are test_recovery.py's too."""
    out = {}
    for preset in PRESETS:
        sc = ck.get_scenario(preset)
        w = generated(preset, seed=6, n_complaints=20_000, n_customers=400_000)
        lf = loyalty_frame(w.customers, w.complaints, w.surveys, w.orders)
        out[preset] = (sc, lf, loyalty(lf))
    return out


# --------------------------------------------------------------------------- the frame
def test_frame_keeps_every_customer_and_joins_the_first_complaint(world, frame):
    cu = world.customers
    assert len(frame) == len(cu)
    assert frame["customer_id"].tolist() == cu["customer_id"].tolist()
    comp = frame[frame["index_event"] == "complaint"]
    # the first complaint is the one about the index order, and its clock starts at closing
    c = world.complaints.set_index("complaint_id")
    assert (c.loc[comp["complaint_id"], "order_id"].to_numpy()
            == comp["index_order_id"].to_numpy()).all()
    assert (c.loc[comp["complaint_id"], "closed_at"].to_numpy()
            == comp["index_at"].to_numpy()).all()
    assert comp["hours_to_first_response"].notna().all()
    assert comp["responded"].notna().all()
    assert comp["csat_score"].notna().sum() == comp["responded"].sum()
    others = frame[frame["index_event"] != "complaint"]
    assert others[["hours_to_first_response", "csat_score"]].isna().all().all()
    assert others["responded"].isna().all()
    assert (frame["days_to_period_end"] >= frame["days_to_next_purchase"] - 1e-3).all()


def test_weights_come_from_the_index_order(world, frame):
    no = frame[frame["index_event"] == "no_problem"]
    w = world.orders.set_index("order_id")["sample_weight"]
    np.testing.assert_allclose(no["weight"], w.loc[no["index_order_id"]].to_numpy(),
                               rtol=0, atol=0)
    assert (no["weight"] > 1).all()
    assert (frame.loc[frame["index_event"] != "no_problem", "weight"] == 1).all()
    # without orders every weight is 1; without surveys CSAT is missing
    plain = loyalty_frame(world.customers, world.complaints)
    assert len(plain) == len(world.customers)
    assert (plain["weight"] == 1).all()
    assert plain["csat_score"].isna().all()


def test_frame_needs_the_whole_orders_table(world):
    with pytest.raises(ValueError, match="index orders are not in orders"):
        loyalty_frame(world.customers, world.complaints, orders=world.orders.iloc[:100])


# --------------------------------------------------------------------------- truth recovery
def test_respondents_cox_model_recovers_the_truth(result, scenario):
    assert isinstance(result, LoyaltyResult)
    hr = result.hazard_ratios.set_index(["model", "term"])
    assert list(result.hazard_ratios.columns) == ["model", "term", "log_hr", "hazard_ratio",
                                                  "ci_lower", "ci_upper", "p_value", "n",
                                                  "events"]
    truth = {"csat_score": scenario.loyalty.csat_log_hr,
             "log1p_hours_to_first_response": scenario.loyalty.response_log_hr}
    for term, value in truth.items():
        row = hr.loc[("respondents with CSAT", term)]
        assert np.log(row["ci_lower"]) < value < np.log(row["ci_upper"]), (term, row)
        assert row["hazard_ratio"] == pytest.approx(np.exp(row["log_hr"]), rel=1e-12)
    # among all complainants slower responses also lower CSAT: the total effect is stronger
    total = hr.loc[("all complainants", "log1p_hours_to_first_response")]
    assert total["ci_upper"] < 1
    assert total["n"] > hr.loc[("respondents with CSAT", "csat_score"), "n"]
    assert result.table is result.hazard_ratios


@pytest.mark.parametrize("preset", PRESETS)
def test_paradox_hazard_ratio_finds_the_groups_truth(big, preset):
    sc, lf, res = big[preset]
    L = sc.loyalty
    group = lf[(lf["index_event"] == "complaint") & (lf["csat_score"] == 5)
               & (lf["hours_to_first_response"] <= 1) & (lf["days_to_next_purchase"] > 0)]
    truth = L.recovery_log_hr + L.response_log_hr * (
        np.log1p(group["hours_to_first_response"]) - np.log(2)).mean()
    p = res.paradox.set_index("measure")
    row = p.loc["hazard_ratio"]
    assert row["n_recovered"] == len(group)
    assert np.log(row["ci_lower"]) < truth < np.log(row["ci_upper"])
    assert "repurchase_difference" in p.index
    diff = p.loc["repurchase_difference"]
    assert diff["ci_lower"] < diff["estimate"] < diff["ci_upper"]
    if L.recovery_log_hr > 0:
        assert row["ci_lower"] > 1
        assert res.paradox_verdict == "paradox"
        assert "data show the service-recovery paradox" in res.summary()
    else:
        assert res.paradox_verdict != "paradox"
        assert "service-recovery paradox:" not in res.summary()
        assert "data show the service-recovery paradox" not in res.summary()


def test_curve_falls_with_slower_responses(result):
    c = result.curve
    assert list(c.columns) == ["hours", "probability", "ci_lower", "ci_upper"]
    assert c["hours"].is_monotonic_increasing
    part = c[(c["hours"] >= 0.5) & (c["hours"] <= 48)]
    assert part["hours"].min() == 0.5 and part["hours"].max() == 48
    assert part["probability"].is_monotonic_decreasing
    assert part["probability"].iloc[0] - part["probability"].iloc[-1] > 0.05
    assert ((c["ci_lower"] < c["probability"]) & (c["probability"] < c["ci_upper"])).all()
    assert c[["ci_lower", "ci_upper"]].stack().between(0, 1).all()


def test_survival_curves_are_ordered_by_band(result):
    s = result.survival
    assert list(s.columns) == ["band", "day", "survival", "ci_lower", "ci_upper", "n"]
    bands = list(s["band"].cat.categories)
    assert bands == ["≤1 h", "1-4 h", "4-24 h", "24-72 h", ">72 h"]
    at60 = s[s["day"] == 60].set_index("band")["survival"]
    assert at60[">72 h"] > at60["≤1 h"]
    for _, g in s.groupby("band", observed=True):
        assert g["survival"].iloc[0] == 1
        assert g["survival"].is_monotonic_decreasing
        assert (g["ci_lower"] <= g["survival"] + 1e-12).all()
        assert (g["survival"] <= g["ci_upper"] + 1e-12).all()


# --------------------------------------------------------------------------- numpy Cox = PHReg
def _cox_numbers(res):
    return [getattr(res, name).select_dtypes("number").to_numpy(float)
            for name in ("hazard_ratios", "paradox")]


@pytest.mark.parametrize("preset", [None, *PRESETS])
def test_numpy_cox_equals_statsmodels_phreg(frame, result, big, preset, monkeypatch):
    """The vectorised Breslow fit (loyalty's default) gives statsmodels PHReg's estimates,
    standard errors and hence the whole table, on the default world and the paradox worlds."""
    from statsmodels.duration.hazard_regression import PHRegResults

    module = importlib.import_module("complaintkit.analysis.loyalty")  # not the function

    lf, res = (frame, result) if preset is None else big[preset][1:]
    assert module.COX_METHOD == "numpy"
    monkeypatch.setattr(module, "COX_METHOD", "phreg")
    ref = loyalty(lf)
    for mine, theirs in zip(_cox_numbers(res), _cox_numbers(ref), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-6, atol=1e-12)
    assert res.summary() == ref.summary() and res.notes == ref.notes
    for key in ("cox_all", "cox_respondents", "paradox"):
        if key in ref.model:
            fit, phreg = res.model[key], ref.model[key]
            np.testing.assert_allclose(fit.params, phreg.params, rtol=1e-6, atol=1e-9)
            np.testing.assert_allclose(fit.bse, phreg.bse, rtol=1e-6)
            np.testing.assert_allclose(fit.llf, phreg.llf, rtol=1e-9)
    sm_fit = res.model["cox_all"].to_statsmodels()
    assert isinstance(sm_fit, PHRegResults)
    np.testing.assert_allclose(sm_fit.bse, res.model["cox_all"].bse, rtol=1e-12)


# --------------------------------------------------------------------------- notes and errors
def test_notes_say_who_was_left_out(result, frame):
    notes = " ".join(result.notes)
    comp = frame[frame["index_event"] == "complaint"]
    late = int((comp["days_to_period_end"] < 90).sum())
    zero = int((comp["days_to_next_purchase"] <= 0).sum())
    assert late > 0 and zero > 0
    assert f"{late:,} of {len(comp):,} complainants are not yet observable" in notes
    assert f"{zero:,} complainants with zero follow-up" in notes
    assert any("Proportional hazards" in a for a in result.assumptions)
    assert any("weighted sample" in a for a in result.assumptions)
    html = result._repr_html_()
    assert "Service-recovery paradox" in html and "<table" in html


def _hand_count(frame, window=90):
    """Customers used by loyalty(), counted by hand: complainants with some follow-up or a
    known window outcome, and the no-problem customers the paradox compares."""
    comp = frame[frame["index_event"] == "complaint"]
    no = frame[frame["index_event"] == "no_problem"]
    zero = (comp["days_to_next_purchase"] <= 0) & (comp["days_to_period_end"] < window)
    no_zero = (no["days_to_next_purchase"] <= 0) & (no["days_to_period_end"] < window)
    silent = int((frame["index_event"] == "silent_problem").sum())
    return silent, int(zero.sum()), int(no_zero.sum())


def test_the_ledger_counts_the_customers_used(result, frame):
    silent, zero, no_zero = _hand_count(frame)
    assert silent > 0 and zero > 0 and no_zero > 0
    assert frame["tier"].notna().all() and frame["hours_to_first_response"].notna().sum() \
        == (frame["index_event"] == "complaint").sum()  # nobody left out for these here
    used = len(frame) - silent - zero - no_zero
    assert result.ledger.used == used
    assert result.ledger.table.to_dict("records") == [
        {"reason": "silent-problem customers (not compared here)", "n": silent},
        {"reason": "complainants with zero follow-up", "n": zero},
        {"reason": "no-problem customers with zero follow-up", "n": no_zero}]
    assert result.notes[0] == (
        f"{used:,} of {len(frame):,} customers used: {silent:,} silent-problem customers "
        f"(not compared here), {zero:,} complainants with zero follow-up, {no_zero:,} "
        "no-problem customers with zero follow-up")
    # the parts' counts add up: every complainant used is in the curve or the Cox models
    comp = frame[frame["index_event"] == "complaint"]
    cox_n = int(result.hazard_ratios.set_index("model").loc["all complainants", "n"])
    assert cox_n == int((comp["days_to_next_purchase"] > 0).sum())
    assert len(comp) - zero == int(((comp["days_to_next_purchase"] > 0)
                                    | (comp["days_to_period_end"] >= 90)).sum())


def test_the_ledger_says_why_customers_without_a_tier_or_a_time_were_left_out(frame):
    f = frame.iloc[::4].copy()  # a quarter of the customers is enough, and quicker
    comp = f.index[f["index_event"] == "complaint"]
    f.loc[comp[:7], "hours_to_first_response"] = np.nan
    f["tier"] = f["tier"].astype(object)
    f.loc[f.index[:5], "tier"] = None  # whatever their index event
    res = loyalty(f)
    reasons = res.ledger.table.set_index("reason")["n"]
    assert reasons["customers without a tier"] == 5
    no_time = int(f.loc[f["tier"].notna(), :].pipe(
        lambda g: (g["index_event"] == "complaint") & g["hours_to_first_response"].isna()).sum())
    assert reasons["complainants without a first response time"] == no_time
    assert res.ledger.total == len(f)
    assert res.notes[0] == res.ledger.note()
    assert any("customers with no tier were left out" in n for n in res.notes[1:])


def test_without_surveys_the_respondents_model_and_paradox_are_skipped(world):
    lf = loyalty_frame(world.customers, world.complaints)
    res = loyalty(lf)
    assert res.hazard_ratios["model"].unique().tolist() == ["all complainants"]
    assert res.paradox.empty
    assert list(res.paradox.columns) == ["comparison", "measure", "estimate", "ci_lower",
                                         "ci_upper", "n_recovered", "n_no_problem"]
    assert any("respondents' Cox model was not fitted" in n for n in res.notes)
    assert "could not be tested" in res.summary()
    # the no-problem customers were compared with nobody
    n_no = int((lf["index_event"] == "no_problem").sum())
    reasons = res.ledger.table.set_index("reason")["n"]
    assert reasons["no-problem customers (the paradox could not be tested)"] == n_no


def test_no_no_problem_customers_leaves_the_paradox_empty(frame):
    res = loyalty(frame[frame["index_event"] != "no_problem"])
    assert res.paradox.empty
    assert any("no customers with index_event 'no_problem'" in n for n in res.notes)
    assert res.paradox_verdict == "cannot tell"


def test_errors(frame, world):
    with pytest.raises(KeyError, match="loyalty_frame"):
        loyalty(frame.drop(columns=["days_to_period_end"]))
    with pytest.raises(ValueError, match="no complainants"):
        loyalty(frame[frame["index_event"] != "complaint"])
    few = pd.concat([frame[frame["index_event"] == "complaint"].head(30),
                     frame[frame["index_event"] == "no_problem"].head(30)])
    with pytest.raises(ValueError, match="too few events"):
        loyalty(few)
    with pytest.raises(TypeError, match="World"):
        loyalty(world)
    with pytest.raises(ValueError, match="confidence must be a level between 0 and 1"):
        loyalty(pd.DataFrame({"x": [1]}), confidence=1.5)  # shared arguments first
    for kwargs, match in [({"window": 0}, "window"), ({"df_spline": 2}, "df_spline"),
                          ({"bands": (4, 1)}, "bands"), ({"confidence": 95}, "confidence"),
                          ({"hours": "hours_to_reply"}, "hours_to_reply")]:
        with pytest.raises((ValueError, KeyError), match=match):
            loyalty(frame, **kwargs)


# --------------------------------------------------------------------------- plots
def test_plots(result):
    ax = result.plot(kind="curve")
    assert ax.get_xscale() == "log"
    assert len(ax.lines) == 1 and len(ax.collections) == 1
    ax = result.plot(kind="survival")
    assert len(ax.lines) == result.survival["band"].nunique() == 5
    ax = result.plot(kind="hazard")
    assert ax.get_xscale() == "log"
    markers = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert len(markers) == 1 and len(markers[0].get_xdata()) == len(result.hazard_ratios)
    assert any(list(ln.get_xdata()) == [1, 1] for ln in ax.lines)  # the line at 1
    for kind in ("curve", "survival", "hazard"):
        ax = result.plot(kind=kind)
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    fig, ax = plt.subplots()
    assert result.plot(ax, kind="survival") is ax
    with pytest.raises(ValueError, match="kind must be one of"):
        result.plot(kind="bars")


def test_plot_takes_ax_first_and_the_kind_by_name(result):
    fig, ax = plt.subplots()
    assert result.plot(ax) is ax  # the default kind: the repurchase curve
    assert ax.get_xscale() == "log" and len(ax.lines) == 1
    fig, ax = plt.subplots()
    assert result.plot(ax=ax, kind="hazard", title="HR") is ax and ax.get_title() == "HR"
    # the old call, plot("survival"), still works for a while, with a warning
    with pytest.warns(DeprecationWarning, match=r"plot\(kind='survival'\)"):
        ax = result.plot("survival")
    assert len(ax.lines) == 5
    with pytest.raises(TypeError, match="kind= only"):
        result.plot("survival", kind="hazard")


# --------------------------------------------------------------------------- a Chinese world
def test_a_zh_world_speaks_chinese(world_zh):
    """issue 13 item 4: summary, ledger, chart and errors in Chinese, codes as labels."""
    w = world_zh
    lf = loyalty_frame(w.customers, w.complaints, w.surveys, w.orders)
    res = loyalty(lf)
    s = res.summary()
    assert "位投诉客户中，首次响应用时" in s and "Cox 模型" in s and "风险比" in s
    assert "hazard" not in s and "complainants" not in s
    assert "位客户中使用" in res.notes[0] and "沉默不满的客户" in res.notes[0]
    ax = res.plot(kind="hazard")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "对数（1 + 首次响应时长（小时））\n（全部投诉客户）" in ticks
    assert ax.get_xlabel() == "再次购买的风险比（对数刻度；> 1 表示更早）"
    ax = res.plot(kind="survival")
    assert [t.get_text() for t in ax.get_legend().get_texts()][0].startswith("≤1小时（n=")
    with pytest.raises(ValueError, match="bands 必须是大于 0 的递增小时数"):
        loyalty(lf, bands=(4, 1))
