"""Pareto, drill-down, improvement plan and in_period, checked against truth computed by hand.

Every expected number here is written out by hand or computed with plain pandas / Python in a
way that differs from the implementation (Fractions, crosstabs, explicit masks), never copied
from the functions' own output.
"""

import matplotlib

matplotlib.use("Agg")

import datetime as dt  # noqa: E402
import io  # noqa: E402
import tomllib  # noqa: E402
import warnings  # noqa: E402
from fractions import Fraction  # noqa: E402
from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

import complaintkit as ck  # noqa: E402
from complaintkit import drilldown, improvement_plan, in_period, pareto  # noqa: E402

ZH_TOML = Path(ck.__file__).parent / "locales" / "zh_CN.toml"
COLS = ["level", "n", "share", "cum_share", "vital_few"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def joyo():
    return ck.load_dataset("joyo_delivery_timeout")


@pytest.fixture(scope="module")
def eworld():
    return ck.load_dataset("ecommerce_en")


@pytest.fixture(scope="module")
def zh_labels():
    return tomllib.loads(ZH_TOML.read_text(encoding="utf-8"))["labels"]


def _abcd() -> pd.DataFrame:
    """10 complaints: a x5, b x3, c x1, d x1, in a scrambled order (d before c)."""
    return pd.DataFrame({"cat": ["d", "a", "b", "a", "c", "a", "b", "a", "b", "a"]})


def _vital_by_hand(counts: list[int], cutoff) -> list[bool]:
    """The vital-few rule in exact arithmetic: in iff the share of the levels above < cutoff."""
    total = sum(counts)
    cutoff = Fraction(cutoff).limit_denominator(10**6)
    out, before = [], Fraction(0)
    for c in counts:
        out.append(before < cutoff)
        before += Fraction(c, total)
    return out


# ============================================================================ 1. pareto
@pytest.mark.parametrize(("cutoff", "vital"), [
    (0.8, [True, True, False, False]),  # b lands exactly on 80%: c is not needed
    (0.5, [True, False, False, False]),  # a alone is exactly 50%
    (0.81, [True, True, True, False]),
    (1.0, [True, True, True, True]),
])
def test_pareto_tiny_frame_exact_table(cutoff, vital):
    res = pareto(_abcd(), "cat", cutoff=cutoff)
    t = res.table
    assert list(t.columns) == COLS
    assert list(t["level"]) == ["a", "b", "c", "d"]  # c/d tie broken by name
    assert list(t["n"]) == [5, 3, 1, 1]
    np.testing.assert_allclose(t["share"], [0.5, 0.3, 0.1, 0.1])
    np.testing.assert_allclose(t["cum_share"], [0.5, 0.8, 0.9, 1.0])
    assert list(t["vital_few"]) == vital
    assert vital == _vital_by_hand([5, 3, 1, 1], cutoff)
    assert res.vital_few == [lv for lv, v in zip("abcd", vital, strict=True) if v]
    assert res.total == 10
    assert res.cutoff == cutoff


def test_pareto_ties_are_broken_by_name_not_by_order_of_appearance():
    data = pd.DataFrame({"cat": ["zeta", "beta", "alpha", "zeta", "beta", "alpha", "omega"]})
    t = pareto(data, "cat").table
    assert list(t["level"]) == ["alpha", "beta", "zeta", "omega"]
    assert list(t["n"]) == [2, 2, 2, 1]


def test_pareto_cutoff_hit_exactly_despite_float_rounding():
    # shares 0.6, 0.1, 0.1, 0.1, 0.1: in floats 0.6 + 0.1 + 0.1 = 0.7999999999999999
    data = pd.DataFrame({"cat": ["a"] * 6 + ["b", "c", "d", "e"]})
    res = pareto(data, "cat", cutoff=0.8)
    assert list(res.table["vital_few"]) == _vital_by_hand([6, 1, 1, 1, 1], 0.8)
    assert res.vital_few == ["a", "b", "c"]
    res = pareto(data, "cat", cutoff=0.7)
    assert res.vital_few == ["a", "b"]


def test_pareto_weight_equals_repeated_rows():
    counts = pd.DataFrame({"cat": ["c", "a", "d", "b"], "count": [1, 5, 1, 3]})
    weighted = pareto(counts, "cat", weight="count")
    repeated = pareto(_abcd(), "cat")
    pd.testing.assert_frame_equal(weighted.table, repeated.table)
    assert weighted.vital_few == repeated.vital_few == ["a", "b"]


def test_pareto_fractional_weights():
    data = pd.DataFrame({"cat": ["x", "y", "x"], "w": [0.5, 1.25, 0.25]})
    t = pareto(data, "cat", weight="w").table
    assert list(t["level"]) == ["y", "x"]
    np.testing.assert_allclose(t["n"], [1.25, 0.75])
    np.testing.assert_allclose(t["share"], [1.25 / 2, 0.75 / 2])


@pytest.mark.parametrize("categorical", [False, True])
def test_pareto_missing_values_are_a_level(categorical):
    values = ["a", None, "b", "a", np.nan, "a", None]
    data = pd.DataFrame({"cat": pd.Categorical(values) if categorical else values})
    t = pareto(data, "cat").table
    assert t["n"].sum() == len(data)  # no row dropped
    by_level = dict(zip(t["level"], t["n"], strict=True))
    assert by_level == {"a": 3, "(missing)": 3, "b": 1}
    assert list(t["level"]) == ["(missing)", "a", "b"]  # tie 3/3 broken by name: "(" < "a"


def test_pareto_unobserved_categories_are_not_listed():
    data = pd.DataFrame({"cat": pd.Categorical(["a", "b", "a"], categories=["a", "b", "z"])})
    assert list(pareto(data, "cat").table["level"]) == ["a", "b"]


def test_pareto_by_group_shares_within_each_group():
    rng = np.random.default_rng(4)
    data = pd.DataFrame({
        "cat": rng.choice(["a", "b", "c", "d"], size=200, p=[0.5, 0.3, 0.15, 0.05]),
        "channel": rng.choice(["phone", "email", "chat"], size=200),
    })
    res = pareto(data, "cat", by="channel")
    t = res.table
    assert list(t.columns) == ["channel"] + COLS
    # shares sum to 1 and cum_share ends at 1 within every group
    for _, rows in t.groupby("channel"):
        assert rows["share"].sum() == pytest.approx(1.0)
        assert rows["cum_share"].iloc[-1] == pytest.approx(1.0)
        assert list(rows["n"]) == sorted(rows["n"], reverse=True)
    # the counts equal a crosstab, the shares the row-normalised crosstab
    ct = pd.crosstab(data["channel"], data["cat"])
    for _, row in t.iterrows():
        assert row["n"] == ct.loc[row["channel"], row["level"]]
        assert row["share"] == pytest.approx(
            ct.loc[row["channel"], row["level"]] / ct.loc[row["channel"]].sum())
    assert t["n"].sum() == len(data)
    assert set(t["channel"]) == {"phone", "email", "chat"}


def test_pareto_by_group_vital_few_hand_made():
    data = pd.DataFrame({
        "cat": list("aaab") + list("xyzz"),
        "g": ["g1"] * 4 + ["g2"] * 4,
    })
    t = pareto(data, "cat", by="g", cutoff=0.75).table
    g1 = t[t["g"] == "g1"]
    g2 = t[t["g"] == "g2"]
    assert list(g1["level"]) == ["a", "b"] and list(g1["vital_few"]) == [True, False]
    assert list(g2["level"]) == ["z", "x", "y"]
    np.testing.assert_allclose(g2["share"], [0.5, 0.25, 0.25])
    assert list(g2["vital_few"]) == [True, True, False]  # 0.5 + 0.25 = 0.75 = cutoff


def test_pareto_by_group_with_duplicate_index():
    data = pd.DataFrame({"cat": list("aabbc"), "g": list("xxyyx")}, index=[0, 0, 1, 1, 2])
    t = pareto(data, "cat", by="g").table
    assert dict(zip(zip(t["g"], t["level"], strict=True), t["n"], strict=True)) == {
        ("x", "a"): 2, ("x", "c"): 1, ("y", "b"): 2}


def test_pareto_zh_cn_labels(zh_labels):
    cat = zh_labels["category"]
    data = pd.DataFrame({"category": ["product_quality"] * 3 + ["delivery"] * 2
                         + ["not_a_code"]})
    t = pareto(data, "category", locale="zh_CN").table
    assert list(t.columns) == ["level", "label", "n", "share", "cum_share", "vital_few"]
    assert list(t["level"]) == ["product_quality", "delivery", "not_a_code"]
    assert list(t["label"]) == [cat["product_quality"], cat["delivery"], "not_a_code"]
    assert t["label"].iloc[0] == "产品质量"
    # en_US adds the English labels; no locale adds no column
    assert "label" in pareto(data, "category", locale="en_US").table
    assert "label" not in pareto(data, "category").table


def test_pareto_unknown_locale():
    with pytest.raises(ValueError, match="zh_CN"):
        pareto(_abcd(), "cat", locale="fr_FR")


def test_pareto_summary_mentions_the_vital_few():
    s = pareto(_abcd(), "cat").summary()
    assert "2 of 4" in s and "a, b" in s


# ============================================================================ 2. Joyo
JOYO_COUNTS = {  # datasheet: "counts 270, 270, 260, 100, 80, 34, 30, 25, 20, 5; total 1094"
    "postal_delay": 270, "customer_requested_next_day": 270,
    "customer_requested_same_day": 260, "delivery_staff_shortage": 100, "supplier_late": 80,
    "returned_parcel_enquiry": 34, "picking_delay": 30, "freight_not_shipped": 25,
    "address_out_of_range": 20, "wrong_recipient_details": 5,
}


def test_joyo_pareto(joyo):
    res = pareto(joyo, "sub_type", weight="count")
    t = res.table.set_index("level")
    assert res.total == 1094 == sum(JOYO_COUNTS.values())
    assert t["n"].to_dict() == JOYO_COUNTS
    req = t.loc[["customer_requested_next_day", "customer_requested_same_day"]]
    assert req["n"].sum() == 530
    assert req["share"].sum() == pytest.approx(530 / 1094)
    assert round(req["share"].sum(), 4) == 0.4845
    assert res.table["cum_share"].iloc[2] == pytest.approx(800 / 1094)
    assert res.table["cum_share"].iloc[3] == pytest.approx(900 / 1094)
    # 270+270+260 = 800 = 73.1% < 80%, + 100 = 82.3%: the vital few are the 4 largest
    assert 800 / 1094 < 0.8 < 900 / 1094
    assert res.vital_few == ["customer_requested_next_day", "postal_delay",
                             "customer_requested_same_day", "delivery_staff_shortage"]
    assert list(res.table["n"]) == sorted(JOYO_COUNTS.values(), reverse=True)


def test_joyo_pareto_zh_cn_labels(joyo, zh_labels):
    t = pareto(joyo, "sub_type", weight="count", locale="zh_CN").table
    # sub_type codes are the root_cause codes of the locale file
    assert t["label"].iloc[1] == zh_labels["root_cause"]["postal_delay"] == "邮局延误"


# ============================================================================ 3. drilldown
HIER = [  # category, sub_category, root_cause, count
    ("delivery", "delay", "postal", 6),
    ("delivery", "delay", "staff", 3),
    ("delivery", "lost", "carrier", 1),
    ("quality", "defect", "batch", 4),
    ("quality", "defect", "design", 2),
    ("quality", "damaged", "storage", 2),
    ("billing", "error", "system", 2),
]
LEVELS = ["category", "sub_category", "root_cause"]
# Expected tree, worked out by hand (total 20): node, depth, n, share_of_parent, share_of_total
TREE = [
    (("delivery",), 10, Fraction(10, 20), Fraction(10, 20)),
    (("delivery", "delay"), 9, Fraction(9, 10), Fraction(9, 20)),
    (("delivery", "delay", "postal"), 6, Fraction(6, 9), Fraction(6, 20)),
    (("delivery", "delay", "staff"), 3, Fraction(3, 9), Fraction(3, 20)),
    (("delivery", "lost"), 1, Fraction(1, 10), Fraction(1, 20)),
    (("delivery", "lost", "carrier"), 1, Fraction(1), Fraction(1, 20)),
    (("quality",), 8, Fraction(8, 20), Fraction(8, 20)),
    (("quality", "defect"), 6, Fraction(6, 8), Fraction(6, 20)),
    (("quality", "defect", "batch"), 4, Fraction(4, 6), Fraction(4, 20)),
    (("quality", "defect", "design"), 2, Fraction(2, 6), Fraction(2, 20)),
    (("quality", "damaged"), 2, Fraction(2, 8), Fraction(2, 20)),
    (("quality", "damaged", "storage"), 2, Fraction(1), Fraction(2, 20)),
    (("billing",), 2, Fraction(2, 20), Fraction(2, 20)),
    (("billing", "error"), 2, Fraction(1), Fraction(2, 20)),
    (("billing", "error", "system"), 2, Fraction(1), Fraction(2, 20)),
]


def _hier_counts() -> pd.DataFrame:
    return pd.DataFrame(HIER, columns=LEVELS + ["count"])


def _hier_rows() -> pd.DataFrame:
    """The same hierarchy as one row per complaint, shuffled with a seeded generator."""
    rows = [r[:3] for r in HIER for _ in range(r[3])]
    order = np.random.default_rng(7).permutation(len(rows))
    return pd.DataFrame([rows[i] for i in order], columns=LEVELS)


def _assert_tree(table: pd.DataFrame, levels: list[str]) -> None:
    """Each node right after its parent's subtree starts; siblings by descending n; sibling
    shares sum to 1 within every parent at every depth."""
    stack: list[tuple] = []  # path of the current ancestors
    last_n: dict[tuple, float] = {}
    for _, row in table.iterrows():
        d = int(row["depth"])
        node = tuple(row[lv] for lv in levels[:d])
        assert all(pd.isna(row[lv]) for lv in levels[d:]), "level columns below depth not empty"
        assert d <= len(stack) + 1, f"{node} comes before its parent"
        stack = stack[:d - 1]
        assert tuple(stack) == node[:-1], f"{node} is not under {stack}"
        parent = node[:-1]
        assert row["n"] <= last_n.get(parent, np.inf), f"{node}: siblings not by descending n"
        last_n[parent] = row["n"]
        stack.append(node[-1])
    for d in range(1, len(levels) + 1):
        at = table[table["depth"] == d]
        if d == 1:
            assert at["share_of_parent"].sum() == pytest.approx(1.0)
        else:
            sums = at.groupby(levels[:d - 1])["share_of_parent"].sum()
            np.testing.assert_allclose(sums, 1.0)
        assert at["share_of_total"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize("form", ["counts", "rows"])
def test_drilldown_hand_made_hierarchy(form):
    if form == "counts":
        d = drilldown(_hier_counts(), LEVELS, weight="count")
    else:
        d = drilldown(_hier_rows(), LEVELS)
    t = d.table
    assert list(t.columns) == LEVELS + ["depth", "n", "share_of_parent", "share_of_total"]
    assert len(t) == len(TREE)
    for (_, row), (node, n, sop, sot) in zip(t.iterrows(), TREE, strict=True):
        assert tuple(row[lv] for lv in LEVELS[:len(node)]) == node
        assert row["depth"] == len(node)
        assert row["n"] == n
        assert row["share_of_parent"] == pytest.approx(float(sop))
        assert row["share_of_total"] == pytest.approx(float(sot))
    _assert_tree(t, LEVELS)
    assert d.levels == LEVELS


def test_drilldown_children():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    top = d.children()
    assert list(top["category"]) == ["delivery", "quality", "billing"]
    kids = d.children(category="delivery")
    assert list(kids["sub_category"]) == ["delay", "lost"]
    assert list(kids["n"]) == [9, 1]
    kids = d.children(category="quality", sub_category="defect")
    assert list(kids["root_cause"]) == ["batch", "design"]
    np.testing.assert_allclose(kids["share_of_parent"], [4 / 6, 2 / 6])
    assert set(kids["depth"]) == {3}


def test_drilldown_children_errors():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    with pytest.raises(KeyError, match="catgory"):
        d.children(catgory="delivery")
    with pytest.raises(ValueError, match="from the top"):
        d.children(sub_category="delay")  # skips category
    with pytest.raises(ValueError, match="from the top"):
        d.children(sub_category="delay", category="delivery")  # wrong order
    with pytest.raises(KeyError, match="no node"):
        d.children(category="nope")
    with pytest.raises(KeyError, match="no node"):
        d.children(category="billing", sub_category="delay")  # exists, but not under billing
    with pytest.raises(ValueError, match="deepest"):
        d.children(category="delivery", sub_category="delay", root_cause="postal")


def test_drilldown_path():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    p = d.path()
    assert list(p["depth"]) == [1, 2, 3]
    assert [p.iloc[i][lv] for i, lv in enumerate(LEVELS)] == ["delivery", "delay", "postal"]
    assert list(p["n"]) == [10, 9, 6]
    p = d.path(category="quality")
    assert [p.iloc[i][lv] for i, lv in enumerate(LEVELS)] == ["quality", "defect", "batch"]
    p = d.path(category="quality", sub_category="damaged")
    assert [p.iloc[i][lv] for i, lv in enumerate(LEVELS)] == ["quality", "damaged", "storage"]
    assert list(p["n"]) == [8, 2, 2]


def test_drilldown_path_errors_for_missing_nodes():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    with pytest.raises(KeyError, match="nope"):
        d.path(category="nope")
    with pytest.raises(KeyError, match="delay"):
        d.path(category="billing", sub_category="delay")


def test_drilldown_path_unknown_level_name():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    with pytest.raises(KeyError, match="catgory"):
        d.path(catgory="quality")


def test_drilldown_missing_values_are_a_node():
    data = pd.DataFrame({"a": ["x", "x", None, "y"], "b": ["p", None, "q", "r"]})
    t = drilldown(data, ["a", "b"]).table
    top = t[t["depth"] == 1].set_index("a")["n"].to_dict()
    assert top == {"x": 2, "(missing)": 1, "y": 1}
    under_x = t[(t["depth"] == 2) & (t["a"] == "x")].set_index("b")["n"].to_dict()
    assert under_x == {"(missing)": 1, "p": 1}
    assert t.loc[t["depth"] == 2, "n"].sum() == 4


def test_drilldown_joyo(joyo):
    d = drilldown(joyo, ["department", "sub_type"], weight="count")
    top = d.children()
    assert list(top["department"]) == ["customer_service", "logistics", "purchasing",
                                       "warehouse"]
    assert list(top["n"]) == [270 + 260 + 20 + 5, 270 + 100 + 34 + 25, 80, 30]
    assert list(top["n"]) == [555, 429, 80, 30]
    np.testing.assert_allclose(top["share_of_parent"], np.array([555, 429, 80, 30]) / 1094)
    cs = d.children(department="customer_service")
    assert cs["n"].sum() == 555
    assert list(cs["sub_type"]) == ["customer_requested_next_day", "customer_requested_same_day",
                                    "address_out_of_range", "wrong_recipient_details"]
    np.testing.assert_allclose(cs["share_of_parent"], np.array([270, 260, 20, 5]) / 555)
    np.testing.assert_allclose(cs["share_of_total"], np.array([270, 260, 20, 5]) / 1094)
    lg = d.children(department="logistics")
    assert dict(zip(lg["sub_type"], lg["n"], strict=True)) == {
        "postal_delay": 270, "delivery_staff_shortage": 100, "returned_parcel_enquiry": 34,
        "freight_not_shipped": 25}
    assert d.children(department="purchasing")["n"].sum() == 80
    assert d.children(department="warehouse")["n"].sum() == 30
    _assert_tree(d.table, ["department", "sub_type"])


# ============================================================================ 4. a world
def test_drilldown_world_depth1_equals_value_counts(eworld):
    c = eworld.complaints
    d = drilldown(c, ["category", "sub_category", "root_cause"])
    depth1 = d.table[d.table["depth"] == 1].set_index("category")["n"]
    vc = c["category"].value_counts()
    vc = vc[vc > 0]
    assert depth1.to_dict() == {str(k): int(v) for k, v in vc.items()}
    assert depth1.sum() == len(c)
    _assert_tree(d.table, ["category", "sub_category", "root_cause"])


def test_world_january_matches_plain_pandas(eworld):
    c = eworld.complaints
    jan = in_period(c, "2025-01")
    ts = c["received_at"]
    mask = (ts.dt.year == 2025) & (ts.dt.month == 1)
    assert jan.index.equals(c.index[mask])
    assert len(jan) > 100

    levels = ["category", "sub_category", "root_cause"]
    d = drilldown(jan, levels)
    plain = jan[levels].astype(str)
    total = len(plain)
    for depth in (1, 2, 3):
        cols = levels[:depth]
        n = plain.groupby(cols).size().rename("n_plain")
        if depth == 1:
            parent = pd.Series(total, index=n.index)
        else:
            parent = n.groupby(level=list(range(depth - 1))).transform("sum")
        exp = pd.DataFrame({"n_plain": n, "sop": n / parent, "sot": n / total}).reset_index()
        got = d.table[d.table["depth"] == depth]
        m = got.merge(exp, on=cols, how="outer", validate="one_to_one", indicator=True)
        assert (m["_merge"] == "both").all()
        assert (m["n"] == m["n_plain"]).all()
        np.testing.assert_allclose(m["share_of_parent"], m["sop"])
        np.testing.assert_allclose(m["share_of_total"], m["sot"])

    # the Pareto of January's categories is the normalised value_counts
    res = pareto(jan, "category")
    shares = jan["category"].astype(str).value_counts(normalize=True)
    got = res.table.set_index("level")["share"]
    assert set(got.index) == set(shares.index)
    for k, v in shares.items():
        assert got[k] == pytest.approx(v)
    assert list(res.table["n"]) == sorted(res.table["n"], reverse=True)


# ============================================================================ 5. the plan
def _month(rows, month: str) -> pd.DataFrame:
    """rows: (sub_category, root_cause, department, how many) -> one row per complaint."""
    recs = [(s, rc, dep) for s, rc, dep, k in rows for _ in range(k)]
    df = pd.DataFrame(recs, columns=["sub_category", "root_cause", "department"])
    start = pd.Timestamp(f"{month}-01")
    df["received_at"] = start + pd.to_timedelta(np.arange(len(df)) * 17, unit="h")
    df["department"] = pd.Categorical(df["department"])
    return df


JAN = [
    ("delivery_delay", "postal_delay", "logistics", 2),  # postal_delay: 4 x warehouse wins
    ("delivery_delay", "postal_delay", "warehouse", 4),
    ("delivery_delay", "picking_delay", "warehouse", 3),
    ("delivery_delay", "address_out_of_range", "customer_service", 1),
    ("quality_defect", "bad_batch", "purchasing", 20),
]
FEB = [
    ("delivery_delay", "postal_delay", "logistics", 5),  # picking_delay absent
    ("delivery_delay", "address_out_of_range", "customer_service", 2),
    ("quality_defect", "postal_delay", "logistics", 4),  # must be filtered out
    ("quality_defect", "bad_batch", "purchasing", 9),
]


def test_improvement_plan_with_filter_and_check():
    jan, feb = _month(JAN, "2025-01"), _month(FEB, "2025-02")
    plan = improvement_plan(jan, where={"sub_category": "delivery_delay"},
                            actions={"postal_delay": "call the post office weekly"},
                            target_reduction=0.3, start="2025-02-01",
                            deadline_days=14, follow_up_days=7)
    t = plan.table
    assert list(t.columns) == ["root_cause", "n", "share", "department", "action",
                               "owner_customer_service", "owner_department", "deadline",
                               "target_reduction", "target_n", "follow_up_date", "if_missed"]
    # delivery_delay only: 6, 3, 1 of 10 -> cum 0.6, 0.9: the vital few at 80% are two
    assert list(t["root_cause"]) == ["postal_delay", "picking_delay"]
    assert list(t["n"]) == [6, 3]
    np.testing.assert_allclose(t["share"], [0.6, 0.3])
    np.testing.assert_allclose(t["target_n"], [6 * 0.7, 3 * 0.7])
    assert list(t["department"]) == ["warehouse", "warehouse"]
    assert list(t["owner_department"]) == ["warehouse", "warehouse"]
    assert list(t["action"]) == ["call the post office weekly", ""]
    assert (t["deadline"] == pd.Timestamp(dt.date(2025, 2, 1) + dt.timedelta(days=14))).all()
    assert (t["follow_up_date"]
            == pd.Timestamp(dt.date(2025, 2, 1) + dt.timedelta(days=14 + 7))).all()
    assert (t["target_reduction"] == 0.3).all()

    chk = plan.check(feb)
    assert list(chk.columns) == ["root_cause", "n", "target_n", "next_n", "change", "met"]
    assert list(chk["root_cause"]) == ["postal_delay", "picking_delay"]
    # February, delivery_delay only: postal 5 (the 4 quality_defect ones do not count), picking 0
    assert list(chk["next_n"]) == [5, 0]
    np.testing.assert_allclose(chk["change"], [5 / 6 - 1, 0 / 3 - 1])
    assert list(chk["met"]) == [5 <= 4.2, 0 <= 2.1] == [False, True]


def test_improvement_plan_without_filter():
    jan = _month(JAN, "2025-01")
    plan = improvement_plan(jan)  # all 30: bad_batch 20, postal 6 -> cum 0.667, 0.867
    t = plan.table
    assert list(t["root_cause"]) == ["bad_batch", "postal_delay"]
    assert list(t["department"]) == ["purchasing", "warehouse"]
    np.testing.assert_allclose(t["target_n"], [14.0, 4.2])
    # default start: the day after the last complaint received (30 rows, 17 h apart)
    last = pd.Timestamp("2025-01-01") + pd.Timedelta(hours=17 * 29)
    start = pd.Timestamp(last.date()) + pd.Timedelta(days=1)
    assert (t["deadline"] == start + pd.Timedelta(days=30)).all()
    assert (t["follow_up_date"] == start + pd.Timedelta(days=60)).all()
    assert list(plan.check(_month(FEB, "2025-02"))["next_n"]) == [9, 5 + 4]


def test_improvement_plan_top_and_target():
    jan = _month(JAN, "2025-01")
    plan = improvement_plan(jan, top=3, target_reduction=0.5, start="2025-02-01")
    assert list(plan.table["root_cause"]) == ["bad_batch", "postal_delay", "picking_delay"]
    np.testing.assert_allclose(plan.table["target_n"], [10, 3, 1.5])


def test_improvement_plan_joyo_weighted(joyo):
    plan = improvement_plan(joyo, column="sub_type", weight="count", start="2006-02-01")
    t = plan.table
    assert list(t["root_cause"]) == ["customer_requested_next_day", "postal_delay",
                                     "customer_requested_same_day", "delivery_staff_shortage"]
    assert list(t["n"]) == [270, 270, 260, 100]
    np.testing.assert_allclose(t["target_n"], [189, 189, 182, 70])
    assert list(t["department"]) == ["customer_service", "logistics", "customer_service",
                                     "logistics"]
    assert (t["deadline"] == pd.Timestamp("2006-03-03")).all()
    assert (t["follow_up_date"] == pd.Timestamp("2006-04-02")).all()
    nxt = pd.DataFrame({"sub_type": ["customer_requested_next_day", "postal_delay",
                                     "supplier_late"], "count": [120, 200, 50]})
    chk = plan.check(nxt)
    assert list(chk["next_n"]) == [120, 200, 0, 0]
    np.testing.assert_allclose(chk["change"], [120 / 270 - 1, 200 / 270 - 1, -1, -1])
    assert list(chk["met"]) == [True, False, True, True]


def test_improvement_plan_errors():
    jan = _month(JAN, "2025-01")
    with pytest.raises(ValueError, match="empty"):
        improvement_plan(jan, where={"sub_category": "no_such_thing"})
    with pytest.raises(KeyError, match="sub_category"):
        improvement_plan(jan, where={"sub_categry": "delivery_delay"})
    with pytest.raises(ValueError, match="target_reduction"):
        improvement_plan(jan, target_reduction=1.5)
    plan = improvement_plan(jan, where={"sub_category": "delivery_delay"}, start="2025-02-01")
    with pytest.raises(KeyError, match="sub_category"):
        plan.check(_month(FEB, "2025-02").drop(columns="sub_category"))


# ============================================================================ 6. in_period
STAMPS = [
    "2024-12-29 23:59:59",  # 0  Sunday of ISO 2024-W52
    "2024-12-30 00:00:00",  # 1  Monday: ISO 2025-W01 starts
    "2024-12-31 23:59:59",  # 2
    "2025-01-01 00:00:00",  # 3
    "2025-01-12 23:59:59",  # 4  Sunday, W02
    "2025-01-13 00:00:00",  # 5  Monday, W03
    "2025-01-19 23:59:59",  # 6  Sunday, W03
    "2025-01-20 00:00:00",  # 7  W04
    "2025-01-31 23:59:59",  # 8
    "2025-02-01 00:00:00",  # 9
    "2025-11-10 23:59:59",  # 10
    "2025-11-11 00:00:00",  # 11
    "2025-11-11 23:59:59",  # 12
    "2025-11-12 00:00:00",  # 13
    "2025-12-31 23:59:59",  # 14
    "2026-01-01 00:00:00",  # 15
]


def _stamps() -> pd.DataFrame:
    return pd.DataFrame({"received_at": pd.to_datetime(STAMPS), "x": range(len(STAMPS))},
                        index=[100 + i for i in range(len(STAMPS))])


@pytest.mark.parametrize(("period", "rows"), [
    ("2025-01", [3, 4, 5, 6, 7, 8]),
    ("2025-W03", [5, 6]),
    ("2025-W01", [1, 2, 3]),
    ("2026-W01", [14, 15]),
    ("2025-11-11", [11, 12]),
    ("2025", list(range(3, 15))),
])
def test_in_period_bounds(period, rows):
    data = _stamps()
    got = in_period(data, period)
    assert list(got["x"]) == rows
    assert list(got.index) == [100 + i for i in rows]
    assert list(got.columns) == ["received_at", "x"]


def test_in_period_matches_independent_calendar_logic():
    data = _stamps()
    ts = list(data["received_at"])
    by_hand = {
        "2025-01": [t.year == 2025 and t.month == 1 for t in ts],
        "2025-W03": [t.isocalendar()[:2] == (2025, 3) for t in ts],
        "2025-W01": [t.isocalendar()[:2] == (2025, 1) for t in ts],
        "2025-11-11": [t.date() == dt.date(2025, 11, 11) for t in ts],
        "2025": [t.year == 2025 for t in ts],
    }
    for period, mask in by_hand.items():
        assert in_period(data, period).index.equals(data.index[mask]), period


def test_in_period_other_column():
    data = _stamps().rename(columns={"received_at": "closed_at"})
    assert len(in_period(data, "2025-11-11", time="closed_at")) == 2
    with pytest.warns(DeprecationWarning, match="column= is deprecated: use time="):
        assert len(in_period(data, "2025-11-11", column="closed_at")) == 2
    with pytest.raises(KeyError, match="received_at"):
        in_period(data, "2025-01")


def test_in_period_local_time_of_a_time_zone():
    """A time zone is dropped: the local clock decides the day (as in every analysis)."""
    data = _stamps().assign(received_at=lambda d: d["received_at"].dt.tz_localize(
        "Asia/Shanghai"))
    assert list(in_period(data, "2025-11-11")["x"]) == [11, 12]


@pytest.mark.parametrize("bad", ["2025-13", "foo", "2025-W60", "2025-Wxx", "2025/13/45"])
def test_in_period_bad_period(bad):
    with pytest.raises(ValueError) as e:
        in_period(_stamps(), bad)
    msg = str(e.value)
    for form in ("'2025'", "'2025-01'", "'2025-W03'", "'2025-11-11'"):
        assert form in msg


@pytest.mark.parametrize("bad", ["January", ""])
def test_in_period_rejects_loose_strings(bad):
    with pytest.raises(ValueError, match="2025-W03"):
        in_period(_stamps(), bad)


def test_in_period_needs_datetimes():
    data = _stamps().assign(received_at=lambda d: d["received_at"].astype(str))
    with pytest.raises(TypeError, match="received_at"):
        in_period(data, "2025-01")


# ============================================================================ 7. errors
def _cats() -> pd.DataFrame:
    return pd.DataFrame({"category": ["a", "b", "a"], "count": [1, 2, 3]}, index=[10, 11, 12])


def _key_msg(excinfo) -> str:
    return excinfo.value.args[0]


@pytest.mark.parametrize("call", [
    lambda d: pareto(d, "catgory"),
    lambda d: pareto(d, "count", by="catgory"),
    lambda d: drilldown(d, ["catgory"]),
    lambda d: improvement_plan(d, column="catgory"),
])
def test_unknown_column_suggests_closest(call):
    with pytest.raises(KeyError) as e:
        call(_cats())
    msg = _key_msg(e)
    assert "'catgory'" in msg
    assert "did you mean 'category'" in msg


def test_empty_frame():
    for call in (lambda d: pareto(d, "category"), lambda d: drilldown(d, ["category"]),
                 lambda d: improvement_plan(d, column="category"),
                 lambda d: in_period(d, "2025")):
        with pytest.raises(ValueError, match="empty"):
            call(_cats().iloc[:0])


def test_negative_weight_names_the_row():
    data = _cats()
    data.loc[12, "count"] = -1
    with pytest.raises(ValueError, match="negative") as e:
        pareto(data, "category", weight="count")
    assert "12" in str(e.value)
    with pytest.raises(ValueError, match="negative"):
        drilldown(data, ["category"], weight="count")


def test_missing_or_infinite_weight():
    data = _cats().astype({"count": float})
    data.loc[11, "count"] = np.nan
    with pytest.raises(ValueError, match="missing") as e:
        pareto(data, "category", weight="count")
    assert "11" in str(e.value)
    data.loc[11, "count"] = np.inf
    with pytest.raises(ValueError, match="infinite"):
        pareto(data, "category", weight="count")


def test_zero_total_weight():
    data = _cats().assign(count=0)
    with pytest.raises(ValueError, match="0"):
        pareto(data, "category", weight="count")


@pytest.mark.parametrize("w", [["1", "2", "3"], [True, False, True]])
def test_non_numeric_weight(w):
    with pytest.raises(TypeError, match="numeric"):
        pareto(_cats().assign(count=w), "category", weight="count")


def test_unknown_weight_column():
    with pytest.raises(KeyError, match="did you mean 'count'"):
        pareto(_cats(), "category", weight="counts")


def test_world_instead_of_table(eworld):
    for call in (lambda d: pareto(d, "category"), lambda d: drilldown(d),
                 lambda d: improvement_plan(d), lambda d: in_period(d, "2025")):
        with pytest.raises(TypeError, match=r"world\.complaints"):
            call(eworld)


def test_not_a_dataframe():
    with pytest.raises(TypeError, match="DataFrame"):
        pareto({"category": ["a"]}, "category")


@pytest.mark.parametrize("cutoff", [0, 1.5, -0.2, "0.8"])
def test_bad_cutoff(cutoff):
    with pytest.raises(ValueError, match="cutoff"):
        pareto(_cats(), "category", cutoff=cutoff)


def test_drilldown_needs_levels():
    with pytest.raises(ValueError, match="level"):
        drilldown(_cats(), [])


def test_grouped_plot_refused():
    res = pareto(pd.DataFrame({"c": list("aab"), "g": list("xyx")}), "c", by="g")
    with pytest.raises(ValueError, match="group"):
        res.plot()


# ============================================================================ 8. plots
def _savefig_without_warnings(fig) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")


def _bar_colors(patches) -> list[str]:
    return [to_hex(p.get_facecolor()) for p in patches]


def test_pareto_plot_tiny_frame():
    ax = pareto(_abcd(), "cat").plot()
    bars = ax.patches
    assert len(bars) == 4
    bars = sorted(bars, key=lambda p: p.get_x())
    assert [p.get_height() for p in bars] == [5, 3, 1, 1]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["a", "b", "c", "d"]
    colors = _bar_colors(bars)
    assert colors[0] == colors[1] and colors[2] == colors[3] and colors[0] != colors[2]
    right = ax.right_ax
    cum = [ln for ln in right.get_lines() if len(ln.get_xdata()) == 4]
    assert len(cum) == 1
    np.testing.assert_allclose(cum[0].get_ydata(), [50, 80, 90, 100])
    np.testing.assert_allclose(cum[0].get_xdata(), [p.get_x() + p.get_width() / 2 for p in bars])
    flat = [ln for ln in right.get_lines()
            if len(set(np.asarray(ln.get_ydata(), dtype=float))) == 1
            and list(ln.get_xdata()) == [0, 1]]  # axhline: axes coordinates in x
    assert [ln.get_ydata()[0] for ln in flat] == [80]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel() and right.get_ylabel()
    _savefig_without_warnings(ax.figure)


def test_pareto_plot_cutoff_line_moves():
    ax = pareto(_abcd(), "cat", cutoff=0.5).plot(title="my title")
    flat = [ln for ln in ax.right_ax.get_lines() if list(ln.get_xdata()) == [0, 1]]
    assert [ln.get_ydata()[0] for ln in flat] == [50]
    assert ax.get_title() == "my title"
    colors = _bar_colors(sorted(ax.patches, key=lambda p: p.get_x()))
    assert colors[0] != colors[1] and len(set(colors[1:])) == 1


def test_pareto_plot_joyo(joyo):
    ax = pareto(joyo, "sub_type", weight="count").plot()
    bars = sorted(ax.patches, key=lambda p: p.get_x())
    assert [p.get_height() for p in bars] == [270, 270, 260, 100, 80, 34, 30, 25, 20, 5]
    colors = _bar_colors(bars)
    assert len(set(colors[:4])) == 1 and len(set(colors[4:])) == 1 and colors[0] != colors[4]
    cum = [ln for ln in ax.right_ax.get_lines() if len(ln.get_xdata()) == 10][0]
    np.testing.assert_allclose(
        cum.get_ydata(), np.cumsum([270, 270, 260, 100, 80, 34, 30, 25, 20, 5]) / 1094 * 100)
    assert "count" in ax.get_ylabel()


def test_pareto_plot_draws_into_given_axes():
    fig, ax0 = plt.subplots()
    ax = pareto(_abcd(), "cat").plot(ax=ax0)
    assert ax is ax0 and len(ax0.patches) == 4


def test_pareto_plot_zh_cn(eworld, zh_labels):
    c = eworld.complaints
    ax = pareto(c, "category", locale="zh_CN").plot()
    order = c["category"].astype(str).value_counts().index  # counts are all distinct
    assert [t.get_text() for t in ax.get_xticklabels()] == [zh_labels["category"][k]
                                                            for k in order]
    assert ax.get_xlabel() == zh_labels["column"]["category"]
    bars = sorted(ax.patches, key=lambda p: p.get_x())
    assert [p.get_height() for p in bars] == list(c["category"].astype(str).value_counts())
    _savefig_without_warnings(ax.figure)


def _panel(ax):
    """(label, width, colour) of each bar of a barh panel, top to bottom."""
    labels = {round(float(y)): t.get_text()
              for y, t in zip(ax.get_yticks(), ax.get_yticklabels(), strict=True)}
    bars = sorted(ax.patches, key=lambda p: -p.get_y())
    return [(labels[round(p.get_y() + p.get_height() / 2)], p.get_width(),
             to_hex(p.get_facecolor())) for p in bars]


def _highlight_colour(panel) -> str:
    """The one colour used by exactly one bar of a panel of three or more bars."""
    colors = [c for _, _, c in panel]
    assert len(colors) >= 3
    counts = {c: colors.count(c) for c in colors}
    assert len(counts) == 2, f"expected two bar colours: {counts}"
    (hi,) = [c for c, k in counts.items() if k == 1]
    return hi


def _highlighted(panel, colour) -> list[str]:
    return [lab for lab, _, c in panel if c == colour]


def test_drilldown_plot_hand_made():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    axes = d.plot(path={"category": "quality"})
    assert len(axes) == 3
    panels = [_panel(ax) for ax in axes]
    assert [[lab for lab, _, _ in p] for p in panels] == [
        ["delivery", "quality", "billing"], ["defect", "damaged"], ["batch", "design"]]
    np.testing.assert_allclose([w for _, w, _ in panels[0]], [50, 40, 10])
    np.testing.assert_allclose([w for _, w, _ in panels[1]], [75, 25])
    np.testing.assert_allclose([w for _, w, _ in panels[2]], [400 / 6, 200 / 6])
    hi = _highlight_colour(panels[0])
    assert [_highlighted(p, hi) for p in panels] == [["quality"], ["defect"], ["batch"]]
    # the other bars share one colour, different from the highlight
    assert len({c for p in panels for _, _, c in p if c != hi}) == 1
    for ax in axes:
        assert ax.get_title()
    _savefig_without_warnings(axes[0].figure)


def test_drilldown_plot_world_zh_cn(eworld, zh_labels):
    c = eworld.complaints
    levels = ["category", "sub_category", "root_cause"]
    d = drilldown(c, levels, locale="zh_CN")
    axes = d.plot(top=4)
    assert len(axes) == 3
    hi = _highlight_colour(_panel(axes[0]))
    chosen: dict = {}
    for lvl, ax in zip(levels, axes, strict=True):
        sub = c
        for k, v in chosen.items():
            sub = sub[sub[k].astype(str) == v]
        vc = sub[lvl].astype(str).value_counts()
        vc = vc[vc > 0]
        panel = _panel(ax)
        assert len(panel) == min(4, len(vc))
        biggest = vc.index[0]
        assert _highlighted(panel, hi) == [zh_labels[lvl].get(biggest, biggest)]
        assert panel[0][0] == zh_labels[lvl].get(biggest, biggest)
        assert panel[0][1] == pytest.approx(100 * vc.iloc[0] / vc.sum())
        assert ax.get_title()
        chosen[lvl] = biggest
    _savefig_without_warnings(axes[0].figure)


# ============================================================================ 9. the contract
# The Pareto family returns Results (complaintkit.analysis._result): a row ledger first among
# the notes, stated assumptions, a summary and a plot with ``ax`` first. Expected values are
# counted by hand from the small frames above.
from complaintkit.analysis import Result  # noqa: E402
from complaintkit.analysis.pareto import (  # noqa: E402
    DrilldownResult,
    ImprovementPlan,
    ImprovementPlanResult,
    ParetoResult,
)


def test_the_family_are_results():
    jan = _month(JAN, "2025-01")
    results = [pareto(_abcd(), "cat"), drilldown(_hier_counts(), LEVELS, weight="count"),
               improvement_plan(jan, start="2025-02-01")]
    for res, cls in zip(results, [ParetoResult, DrilldownResult, ImprovementPlanResult],
                        strict=True):
        assert type(res) is cls and isinstance(res, Result)
        assert res.model is None
        assert res.notes[0] == res.ledger.note()
        assert any("missing values are a level" in a for a in res.assumptions)
        assert "<table" in res._repr_html_()
    assert ImprovementPlan is ImprovementPlanResult  # the old name still works


def test_ledger_counts_complaints_without_weight():
    res = pareto(_abcd(), "cat")
    assert res.notes == ["all 10 complaints used"]
    assert res.ledger.total == res.ledger.used == 10


def test_ledger_counts_rows_with_weight_and_notes_the_weighted_total(joyo):
    res = pareto(joyo, "sub_type", weight="count")
    assert res.notes[0] == "all 10 rows used"
    assert res.notes[1] == "weighted total: 1,094 complaints (the sum of 'count' over 10 rows)"
    assert "each row stands for 'count' complaints" in res.assumptions[0]
    d = drilldown(joyo, ["department", "sub_type"], weight="count")
    assert d.notes[:2] == res.notes[:2]


def test_rows_weighing_zero_are_recorded_and_change_nothing():
    data = pd.DataFrame({"cat": ["a", "b", "c", "a"], "count": [2, 0, 3, 1]})
    res = pareto(data, "cat", weight="count")
    assert res.notes[0] == "3 of 4 rows used: 1 with count = 0"
    assert res.notes[1] == "weighted total: 6 complaints (the sum of 'count' over 4 rows)"
    assert list(res.table["level"]) == ["a", "c"] and list(res.table["n"]) == [3, 3]
    d = drilldown(data, ["cat"], weight="count")
    assert d.notes[0] == "3 of 4 rows used: 1 with count = 0"
    assert list(d.table["n"]) == [3, 3]


def test_improvement_plan_ledger_counts_the_rows_outside_the_filter():
    jan = _month(JAN, "2025-01")  # 30 complaints: 10 delivery_delay (6 + 3 + 1), 20 bad_batch
    plan = improvement_plan(jan, where={"sub_category": "delivery_delay"}, start="2025-02-01")
    assert plan.notes[0] == "10 of 30 complaints used: 20 outside sub_category = delivery_delay"
    assert plan.ledger.table.to_dict("list") == {
        "reason": ["outside sub_category = delivery_delay"], "n": [20]}
    # two filters, one reason each, in order: the delivery delays handled by the warehouse
    # are postal_delay 4 and picking_delay 3 (logistics 2 and customer_service 1 are outside)
    plan = improvement_plan(jan, where={"sub_category": "delivery_delay",
                                        "department": "warehouse"}, start="2025-02-01")
    assert plan.notes[0] == ("7 of 30 complaints used: 20 outside sub_category = "
                             "delivery_delay, 3 outside department = warehouse")
    assert list(plan.table["n"]) == [4, 3]
    np.testing.assert_allclose(plan.table["share"], [4 / 7, 3 / 7])
    assert improvement_plan(jan, start="2025-02-01").notes[0] == "all 30 complaints used"


def test_improvement_plan_summary():
    jan = _month(JAN, "2025-01")
    plan = improvement_plan(jan, where={"sub_category": "delivery_delay"}, start="2025-02-01",
                            deadline_days=14, follow_up_days=7)
    # postal 6 + picking 3 = 9 of 10 delivery delays; targets 4.2 + 2.1 = 6.3
    assert plan.summary() == (
        "Improvement plan for 2 root causes with 9 complaints, 90% of the complaints with "
        "sub_category = delivery_delay. The targets bring them to 6.3 by 2025-02-15; "
        "follow-up on 2025-02-22.")
    assert any("30% fewer" in a for a in plan.assumptions)


def test_improvement_plan_plot_bars_are_counts_and_targets():
    jan = _month(JAN, "2025-01")
    plan = improvement_plan(jan, where={"sub_category": "delivery_delay"}, start="2025-02-01")
    fig, ax0 = plt.subplots()
    ax = plan.plot(ax0)
    assert ax is ax0
    now, goal = ax.containers
    assert [p.get_width() for p in now] == [6, 3]
    np.testing.assert_allclose([p.get_width() for p in goal], [4.2, 2.1])
    # the plan's first row on top: its bars sit above the second row's
    assert now[0].get_y() > now[1].get_y() and goal[0].get_y() > goal[1].get_y()
    assert now[0].get_y() > goal[0].get_y()  # "now" above its target
    assert [t.get_text() for t in ax.get_yticklabels()] == ["postal_delay", "picking_delay"]
    assert sorted(t.get_text() for t in ax.texts) == sorted(["6", "3", "4.2", "2.1"])
    assert _bar_colors(now)[0] != _bar_colors(goal)[0]
    assert len(set(_bar_colors(now))) == len(set(_bar_colors(goal))) == 1
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["this period", "target"]
    assert "2025-03-03" in ax.get_title() and ax.get_xlabel() == "complaints"
    _savefig_without_warnings(ax.figure)


def test_improvement_plan_plot_follows_the_edited_table_and_labels(zh_labels):
    jan = _month(JAN, "2025-01")
    plan = improvement_plan(jan, where={"sub_category": "delivery_delay"}, start="2025-02-01",
                            locale="zh_CN")
    plan.table.loc[1, "target_n"] = 1  # a trainer sets a stricter target for picking_delay
    ax = plan.plot(title="计划")
    _, goal = ax.containers
    np.testing.assert_allclose([p.get_width() for p in goal], [4.2, 1])
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        zh_labels["root_cause"]["postal_delay"], zh_labels["root_cause"]["picking_delay"]]
    assert ax.get_title() == "计划"
    assert list(plan.table["root_cause"]) == ["postal_delay", "picking_delay"]  # codes kept
    _savefig_without_warnings(ax.figure)


def test_improvement_plan_checks_its_numbers():
    jan = _month(JAN, "2025-01")
    with pytest.raises(ValueError, match="top must be a whole number >= 1"):
        improvement_plan(jan, top=0)
    with pytest.raises(ValueError, match="deadline_days"):
        improvement_plan(jan, deadline_days=-1)
    with pytest.raises(ValueError, match="locale"):
        improvement_plan(jan, locale="xx_XX")


def test_drilldown_summary_follows_the_largest_path():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    # delivery 10 of 20, delay 9 of 10, postal 6 of 9; postal is 6 of all 20
    assert d.summary() == (
        "Drill-down of 20 complaints by category → sub_category → root_cause. The largest "
        "path, each node with its share of its parent: delivery (50%) → delay (90%) → "
        "postal (67%), 30% of all complaints.")


def test_drilldown_html_shows_empty_levels_blank():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    html = d._repr_html_()
    assert "NaN" not in html and "<table" in html
    # the table itself is unchanged: 15 nodes, of which 7 root causes (depth 3)
    assert d.table["root_cause"].isna().sum() == 15 - 7


@pytest.mark.parametrize(("path", "labels", "widths", "followed"), [
    (None, ["delivery", "quality", "billing"], [50, 40, 10], "delivery"),
    ({"category": "quality"}, ["defect", "damaged"], [75, 25], "defect"),
    ({"category": "quality", "sub_category": "defect"}, ["batch", "design"],
     [400 / 6, 200 / 6], "batch"),
    ({"category": "quality", "sub_category": "damaged", "root_cause": "storage"},
     ["storage"], [100], "storage"),
])
def test_drilldown_plot_one_axes_draws_the_panel_below_the_path(path, labels, widths, followed):
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    fig, ax0 = plt.subplots()
    ax = d.plot(ax0, path=path)
    assert ax is ax0
    panel = _panel(ax)
    assert [lab for lab, _, _ in panel] == labels
    np.testing.assert_allclose([w for _, w, _ in panel], widths)
    # the followed child (the largest here) is the top bar, in a colour of its own
    assert panel[0][0] == followed
    assert all(c != panel[0][2] for _, _, c in panel[1:])
    assert len(fig.axes) == 1 and not fig.get_suptitle()
    assert d.plot(ax0, path=path, title="mine").get_title() == "mine"


def test_drilldown_plot_axes_is_a_deprecated_alias_of_ax():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    fig, grid = plt.subplots(1, 3)
    with pytest.warns(DeprecationWarning, match="axes= is deprecated: use ax="):
        out = d.plot(path={"category": "quality"}, axes=grid)
    assert list(out) == list(grid)
    assert [[lab for lab, _, _ in _panel(a)] for a in grid] == [
        ["delivery", "quality", "billing"], ["defect", "damaged"], ["batch", "design"]]
    assert fig.get_suptitle() == "Drill-down: following the chosen path"
    # the same with ax= and an array, no warning
    fig, grid = plt.subplots(2, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = d.plot(grid, path={"category": "quality"})
    assert len(out) == 3 and not grid[1, 1].patches


def test_drilldown_plot_too_few_axes():
    d = drilldown(_hier_counts(), LEVELS, weight="count")
    fig, grid = plt.subplots(1, 2)
    with pytest.raises(ValueError, match="at least 3 Axes"):
        d.plot(grid)


def test_pareto_by_several_columns():
    data = pd.DataFrame({"cat": list("aabc"), "g1": list("xxxy"), "g2": list("ppqp")})
    res = pareto(data, "cat", by=["g1", "g2"])
    t = res.table
    assert list(t.columns) == ["g1", "g2"] + COLS
    assert [tuple(r) for r in t[["g1", "g2", "level", "n"]].itertuples(index=False)] == [
        ("x", "p", "a", 2), ("x", "q", "b", 1), ("y", "p", "c", 1)]
    assert res.vital_few == ["a"]  # the first group's
    assert "within each g1 and g2" in res.summary()
    with pytest.raises(ValueError, match="twice"):
        pareto(data, "cat", by=["g1", "g1"])
