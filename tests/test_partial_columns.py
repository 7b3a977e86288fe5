"""Analyses take what exists (issue 10, item 5): each needs only the columns its requested
output uses, and says which one is missing for which output.

The frames are small and written here: a CFPB-like export (complaint_id, received_at,
category, sub_category, channel, company, timely_response, disputed), a few rows of the
kit's tables with columns removed, and a hand-made loyalty frame. Expected numbers are
counted with plain pandas, never copied from the analysis' own output.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import complaintkit as ck  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def world():
    return ck.load_dataset("ecommerce_en")


def _cfpb(n: int = 120, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "complaint_id": np.arange(1, n + 1),
        "received_at": pd.Timestamp("2024-01-01")
        + pd.to_timedelta(rng.integers(0, 180, n), unit="D"),
        "category": rng.choice(["mortgage", "credit_card", "debt_collection", "student_loan"],
                               n, p=[0.5, 0.3, 0.15, 0.05]),
        "sub_category": rng.choice(["billing", "fees", "reporting"], n),
        "channel": rng.choice(["web", "phone", "referral"], n),
        "company": rng.choice([f"bank_{i:02d}" for i in range(15)], n),
        "timely_response": rng.choice(["Yes", "No"], n, p=[0.9, 0.1]),
        "disputed": rng.choice(["Yes", "No", "N/A", None], n),
    })


# --------------------------------------------------------------------------- the CFPB-like frame
def test_pareto_on_category_works():
    df = _cfpb()
    res = ck.pareto(df, "category")
    counts = df["category"].value_counts()
    assert dict(zip(res.table["level"], res.table["n"], strict=True)) == counts.to_dict()
    assert res.notes[0] == "all 120 complaints used"


def test_drilldown_default_levels_as_far_as_the_data_have_them():
    df = _cfpb()
    d = ck.drilldown(df)
    assert d.levels == ["category", "sub_category"]
    assert ("levels: root_cause, department are not in data, so the drill-down stops at "
            "sub_category") in d.notes[1]
    top = d.table[d.table["depth"] == 1].set_index("category")["n"]
    assert top.to_dict() == df["category"].value_counts().to_dict()
    # levels named by the user must all be there
    with pytest.raises(KeyError, match="column 'root_cause' is not in data"):
        ck.drilldown(df, ["category", "root_cause"])
    with pytest.raises(KeyError, match="default levels .* are none of them in data"):
        ck.drilldown(df[["complaint_id", "company"]])


def test_improvement_plan_names_its_column_and_notes_the_department():
    df = _cfpb()
    with pytest.raises(KeyError, match=r"column 'root_cause' is not in data.*improvement_plan "
                                       r"ranks this column \(column='root_cause'\)"):
        ck.improvement_plan(df)
    plan = ck.improvement_plan(df, column="category")
    assert plan.table["root_cause"].iloc[0] == df["category"].value_counts().index[0]
    assert (plan.table["department"] == "").all()
    assert any("department column 'department' is not in data" in n for n in plan.notes)
    quiet = ck.improvement_plan(df, column="category", department=None)
    assert not any("department" in n for n in quiet.notes)


def test_complaint_frame_without_surveys_and_without_handling_times():
    df = _cfpb()
    f = ck.complaint_frame(df)
    assert len(f) == len(df) and list(f.columns) == list(df.columns)  # nothing derived
    assert f.attrs["notes"] == [
        "hours_to_first_response not derived: complaints have no first_response_at column",
        "hours_to_resolution not derived: complaints have no resolved_at column",
        "resolved not derived: complaints have no resolved_at column",
        "extra_contacts not derived: complaints have no contacts column",
    ]
    closed = df.assign(resolved_at=df["received_at"] + pd.Timedelta(hours=30))
    closed.loc[:9, "resolved_at"] = pd.NaT
    f = ck.complaint_frame(closed)
    assert f["hours_to_resolution"].dropna().eq(30).all()
    assert int(f["resolved"].sum()) == len(df) - 10
    assert "hours_to_first_response" not in f.columns
    # the survey join needs complaint_id: named
    surveys = pd.DataFrame({"complaint_id": [1], "responded": [True], "csat": [5]})
    with pytest.raises(KeyError, match="column 'complaint_id' is not in complaints"):
        ck.complaint_frame(df.drop(columns="complaint_id"), surveys)
    assert len(ck.complaint_frame(df.drop(columns="complaint_id"))) == len(df)


def test_kpis_on_the_cfpb_frame_report_what_exists(world):
    df = _cfpb()
    res = ck.kpis(df, shares=["timely_response", "disputed"], by="channel", freq="M")
    assert set(res.table["kpi"]) == {"complaints", "timely_response_share", "disputed_share"}
    [absent] = [n for n in res.notes if n.startswith("not reported")]
    assert "sla_met_rate (no sla_met column)" in absent
    assert "csat_mean, csat_top2_share (no csat_score column)" in absent
    d = df["disputed"]
    n_na, n_empty = int((d == "N/A").sum()), int(d.isna().sum())
    assert (f"disputed is missing for {n_na + n_empty} of 120 complaints ({n_na} n/a, "
            f"{n_empty} empty)") in " ".join(res.notes)
    overall = res.overall.set_index("kpi")
    assert overall.loc["disputed_share", "n"] == (d.isin(["Yes", "No"])).sum()
    assert overall.loc["disputed_share", "value"] == pytest.approx(
        (d == "Yes").sum() / d.isin(["Yes", "No"]).sum())
    with pytest.raises(KeyError, match="sla_met_rate needs the column 'sla_met', which is "
                                       "not in data"):
        ck.kpis(df, kpis=["sla_met_rate"])
    # the kit's own flags as "Yes"/"No" text are read by the one rule
    w = world.complaints.head(200)
    text = w.assign(escalated=w["escalated"].map({True: "Yes", False: "No"}))
    a, b = ck.kpis(w).overall.set_index("kpi"), ck.kpis(text).overall.set_index("kpi")
    assert a.loc["escalation_rate"].equals(b.loc["escalation_rate"])


def test_kpis_plot_of_fifteen_companies_folds_into_other():
    df = _cfpb()
    res = ck.kpis(df, shares="timely_response", by="company", freq="M", kpis=[])
    axes = res.plot()
    legend = [t.get_text() for t in axes[0].figure.legends[0].get_texts()]
    assert len(legend) == 10 and legend[-1] == "other (6 groups)"
    # the 9 largest companies; between equal counts, the table's order (by name) decides
    sizes = df["company"].value_counts().sort_index()
    kept = sizes.sort_values(ascending=False, kind="stable").index[:9]
    assert set(legend[:9]) == set(kept)
    # the "other" line is the share over the 6 smallest companies' pooled complaints
    rest = df[~df["company"].isin(kept)]
    line = [ln for ln in axes[0].lines if ln.get_label() == "other (6 groups)"][0]
    by_month = rest.groupby(rest["received_at"].dt.to_period("M"))["timely_response"]
    np.testing.assert_allclose(line.get_ydata(), 100 * by_month.apply(
        lambda s: (s == "Yes").mean()).to_numpy(), rtol=1e-12)


def test_loyalty_and_training_name_every_missing_column():
    df = _cfpb()
    with pytest.raises(KeyError) as e:
        ck.loyalty(df)
    msg = str(e.value)
    for col in ("index_event", "tier", "days_to_next_purchase", "repurchased",
                "days_to_period_end", "hours_to_first_response"):
        assert f"'{col}' (" in msg, col
    assert "'tier' (the stratum of every model)" in msg and "ck.loyalty_frame(" in msg
    with pytest.raises(KeyError) as e:
        ck.training_effect(df)
    msg = str(e.value)
    for part in ("'hours_to_first_response' (outcome=)", "'trained' (treated=)",
                 "'agent_id' (unit=)", "'team' (group=)"):
        assert part in msg, part
    assert "'received_at'" not in msg.split("; its columns")[0]  # it is there


def test_loyalty_frame_names_missing_customer_and_complaint_columns(world):
    w = world
    cu = w.customers.head(50)
    with pytest.raises(KeyError, match=r"customers lack columns loyalty_frame needs: 'tier' "
                                       r"\(the stratum of every model\)"):
        ck.loyalty_frame(cu.drop(columns="tier"), w.complaints)
    with pytest.raises(KeyError, match="complaints lack columns loyalty_frame needs: "
                                       "'customer_id' \\(whose complaint it is\\)"):
        ck.loyalty_frame(cu, w.complaints.drop(columns="customer_id"))
    # complaints without first-response times: that column is missing, and the note says why
    lf = ck.loyalty_frame(cu, w.complaints.drop(columns=["first_response_at"]))
    assert lf["hours_to_first_response"].isna().all()
    assert lf["hours_to_resolution"].notna().any()
    assert lf.attrs["notes"] == ["hours_to_first_response not derived: complaints have no "
                                 "first_response_at column"]


# --------------------------------------------------------------------------- loyalty, partly
def _loyalty_frame(n: int = 900, seed: int = 5) -> pd.DataFrame:
    """Complainants and no-problem customers; faster handling, sooner repurchase."""
    rng = np.random.default_rng(seed)
    event = rng.choice(["complaint", "no_problem"], n, p=[0.7, 0.3])
    hours = np.where(event == "complaint", rng.exponential(10, n), np.nan)
    rate = 1 / 60 * np.exp(-0.2 * np.log1p(np.nan_to_num(hours)))
    days = rng.exponential(1 / rate)
    reach = rng.uniform(100, 300, n)
    return pd.DataFrame({
        "index_event": event, "tier": rng.choice(["new", "loyal"], n),
        "days_to_next_purchase": np.minimum(days, reach), "repurchased": days <= reach,
        "days_to_period_end": reach, "hours_to_first_response": hours,
        "csat_score": np.where(event == "complaint", rng.integers(1, 6, n), np.nan),
        "weight": 1.0})


def test_loyalty_without_csat_or_weight_reports_the_rest():
    full = _loyalty_frame()
    base = ck.loyalty(full)
    no_w = ck.loyalty(full.drop(columns="weight"))
    # weight 1 throughout and no weight column are the same analysis
    pd.testing.assert_frame_equal(no_w.table, base.table)
    pd.testing.assert_frame_equal(no_w.curve, base.curve)
    assert any(n.startswith("weight is not in data: every customer counts once")
               for n in no_w.notes)
    no_csat = ck.loyalty(full.drop(columns="csat_score"))
    assert no_csat.table["model"].unique().tolist() == ["all complainants"]
    pd.testing.assert_frame_equal(
        no_csat.table.reset_index(drop=True),
        base.table[base.table["model"] == "all complainants"].reset_index(drop=True))
    assert no_csat.paradox.empty
    assert any(n.startswith("csat_score is not in data: the respondents' Cox model and the "
                            "service-recovery paradox are not reported") for n in no_csat.notes)


def test_training_reads_a_yes_no_treated_column(world):
    w = world
    f = ck.complaint_frame(w.complaints, agents=w.agents)
    a = ck.training_effect(f, n_boot=0)
    text = f.assign(trained=f["trained"].map({True: "Yes", False: "No"}))
    b = ck.training_effect(text, n_boot=0)
    pd.testing.assert_frame_equal(a.table, b.table)


# --------------------------------------------------------------------------- plots of many levels
def test_pareto_plot_folds_the_long_tail_into_other():
    levels = [f"p{i:02d}" for i in range(30)]
    df = pd.DataFrame({"product": levels, "count": np.arange(30, 0, -1) * 10})
    res = ck.pareto(df, "product", weight="count")
    ax = res.plot()
    bars = [p.get_height() for p in ax.patches]
    names = [t.get_text() for t in ax.get_xticklabels()]
    assert len(bars) == 20 and names[-1] == "other (11 levels)"
    assert bars[-1] == df["count"].iloc[19:].sum()  # the 11 smallest, summed
    assert bars[:19] == df["count"].iloc[:19].tolist()
    assert ax.right_ax.lines[0].get_ydata()[-1] == pytest.approx(100.0)
    assert "11 smaller levels of 30" in ax.get_title()
    assert len(res.plot(top=30).patches) == 30  # room for all: nothing folded
    with pytest.raises(ValueError, match="top must be a whole number >= 2"):
        res.plot(top=1)


def test_drilldown_panel_folds_small_children_but_keeps_the_path():
    df = pd.DataFrame({"a": ["x"] * 10, "b": ["b1", "b2", "b3", "b4", "b5"] * 2,
                       "n": [40, 30, 20, 6, 4] * 2})
    d = ck.drilldown(df, ["a", "b"], weight="n")
    fig, ax = plt.subplots()
    d.plot(ax, path={"a": "x", "b": "b5"}, top=3)
    names = [t.get_text() for t in ax.get_yticklabels()]
    widths = [p.get_width() for p in ax.patches]
    # b1 (the largest) and b5 (followed) kept; b2, b3, b4 folded: (30 + 20 + 6) / 100
    assert names == ["b1", "b5", "other (3 levels)"]
    assert widths == pytest.approx([40.0, 4.0, 56.0])
