"""Invariants every generated world must satisfy: links, causal order, schema, locales."""

import re

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.schema import TABLES, conform

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_tables_follow_the_schema(world):
    for name, cols in TABLES.items():
        df = world.tables[name]
        assert list(df.columns) == [c.name for c in cols], name
        # conform() is the identity on a generated table
        again = conform(df, name, categories={c: list(df[c].cat.categories) for c in df
                                              if isinstance(df[c].dtype, pd.CategoricalDtype)})
        pd.testing.assert_frame_equal(again, df)


@pytest.mark.parametrize("table,key", [("customers", "customer_id"), ("orders", "order_id"),
                                       ("complaints", "complaint_id"), ("surveys", "survey_id"),
                                       ("agents", "agent_id")])
def test_ids_are_unique(world, table, key):
    assert world.tables[table][key].is_unique


def test_ids_link_without_orphans(world):
    cu, o, c, e, s, a = (world.tables[k] for k in
                         ("customers", "orders", "complaints", "events", "surveys", "agents"))
    assert o["customer_id"].isin(cu["customer_id"]).all()
    assert cu["customer_id"].isin(o["customer_id"]).all()  # no customer without an order
    assert c["order_id"].isin(o["order_id"]).all()
    assert c["agent_id"].isin(a["agent_id"]).all()
    owner = o.set_index("order_id")["customer_id"]
    assert (owner.loc[c["order_id"]].to_numpy() == c["customer_id"].to_numpy()).all()
    assert set(e["complaint_id"]) == set(c["complaint_id"])
    assert s["complaint_id"].is_unique and s["complaint_id"].isin(c["complaint_id"]).all()
    assert cu["index_order_id"].isin(o["order_id"]).all()
    # a complaint is about an order with a problem, filed under that problem
    prob = o.set_index("order_id")["problem"].astype(str)
    assert (prob.loc[c["order_id"]].to_numpy() == c["sub_category"].astype(str).to_numpy()).all()


def test_complaint_times_are_in_causal_order(world):
    c, o = world.complaints, world.orders
    ordered = o.set_index("order_id")["ordered_at"].loc[c["order_id"]].to_numpy()
    assert (c["received_at"].to_numpy() >= ordered).all()
    assert (c["first_response_at"] >= c["received_at"]).all()
    res = c["resolved_at"].notna()
    assert (c.loc[res, "resolved_at"] >= c.loc[res, "first_response_at"]).all()
    assert (c.loc[res, "closed_at"] >= c.loc[res, "resolved_at"]).all()
    assert (c["closed_at"] >= c["first_response_at"]).all()
    # unresolved complaints, and only they, have resolution 'none'
    assert ((c["resolution"] == "none") == ~res).all()
    sc = ck.get_scenario("ecommerce")
    assert (c["received_at"] >= pd.Timestamp(sc.period.start)).all()
    assert (c["received_at"] < pd.Timestamp(sc.period.end)).all()


def test_events_are_in_order_and_match_the_complaints(world):
    e, c = world.events, world.complaints.set_index("complaint_id")
    g = e.groupby("complaint_id", sort=False)
    assert (g["seq"].diff().dropna() == 1).all()
    assert (g["at"].diff().dropna() >= pd.Timedelta(0)).all()
    first, last = g.first(), g.last()
    assert (first["event"] == "received").all() and (last["event"] == "closed").all()
    assert (first["at"] == c.loc[first.index, "received_at"]).all()
    assert (last["at"] == c.loc[last.index, "closed_at"]).all()
    ack = e[e["event"] == "acknowledged"].set_index("complaint_id")["at"]
    assert (ack == c.loc[ack.index, "first_response_at"]).all()
    n_reopen = e[e["event"] == "reopened"]["complaint_id"]
    assert set(n_reopen) == set(c.index[c["reopened"]])
    esc = e[e["event"] == "escalated"]["complaint_id"]
    assert set(esc) == set(c.index[c["escalated"]])


def test_surveys_follow_their_complaint(world):
    s, c = world.surveys, world.complaints.set_index("complaint_id")
    cc = c.loc[s["complaint_id"]]
    assert (s["sent_at"].to_numpy() >= cc["first_response_at"].to_numpy()).all()
    assert (s["sent_at"].to_numpy() <= cc["closed_at"].to_numpy()).all()
    answered = s["responded"]
    for col in [k for k in s.columns if k.startswith("rating_")] + ["csat", "nps"]:
        assert s.loc[answered, col].notna().all() and s.loc[~answered, col].isna().all(), col
    assert s["nps"].dropna().between(0, 10).all()


def test_orders_delays_and_weights(world):
    o = world.orders
    assert (o["actual_days"] == o["promised_days"] + o["delay_days"]).all()
    assert ((o["problem"] == "delivery_delay") == (o["delay_days"] > 0)).all()
    assert (o["actual_days"] >= 0).all() and (o["amount"] > 0).all()
    troubled = o["problem"] != "none"
    assert (o.loc[troubled, "sample_weight"] == 1).all()
    w = o.loc[~troubled, "sample_weight"]
    assert w.nunique() == 1 and w.iloc[0] > 1


def test_customers_loyalty_clock(world):
    cu = world.customers
    first = world.orders.groupby("customer_id")["ordered_at"].min()
    assert (cu["signup_date"].to_numpy() <= first.loc[cu["customer_id"]].to_numpy()).all()
    assert (cu["days_to_next_purchase"] >= 0).all()
    bought = cu["repurchased"]
    assert cu.loc[bought, "next_purchase_at"].notna().all()
    assert cu.loc[~bought, "next_purchase_at"].isna().all()
    gap = (cu.loc[bought, "next_purchase_at"] - cu.loc[bought, "index_at"]).dt.total_seconds()
    np.testing.assert_allclose(gap / 86400, cu.loc[bought, "days_to_next_purchase"], atol=1e-3)
    # complainants' clocks start at their first complaint's closing
    comp = cu[cu["index_event"] == "complaint"].set_index("customer_id")
    firstc = world.complaints.drop_duplicates("customer_id").set_index("customer_id")
    assert (comp["index_at"] == firstc.loc[comp.index, "closed_at"]).all()


def test_agents_training(world, scenario):
    a = world.agents
    assert a["trained"].sum() == round(scenario.training.share * len(a))
    assert (a.loc[a["trained"], "trained_at"] == pd.Timestamp(scenario.training.date)).all()
    assert a.loc[~a["trained"], "trained_at"].isna().all()


def test_codes_are_the_same_across_locales(world, world_zh):
    for name in TABLES:
        en, zh = world.tables[name], world_zh.tables[name]
        for col in en.columns:
            if isinstance(en[col].dtype, pd.CategoricalDtype):
                assert list(en[col].cat.categories) == list(zh[col].cat.categories), (name, col)


def test_chinese_locale_has_chinese_names_places_and_text(world_zh):
    c, cu = world_zh.complaints, world_zh.customers
    assert c["narrative"].str.contains(CJK).all()
    assert cu["name"].str.contains(CJK).mean() > 0.99
    assert cu["city"].str.contains(CJK).all()
    lab = world_zh.labelled("complaints")
    sub = ck.labels("zh_CN", "column")["sub_category"]
    assert "配送超时" in set(lab[sub].astype(str))


def test_english_locale_has_no_chinese(world):
    for col in ("narrative",):
        assert not world.complaints[col].str.contains(CJK).any()
    assert not world.customers["city"].str.contains(CJK).any()


def test_english_narratives_have_no_placeholders_left(world):
    text = world.complaints["narrative"]
    assert not text.str.contains(r"[{}]").any()
    assert not text.str.contains(r"\b1 days\b").any()


def test_labelled_view_translates_codes_not_data(world_zh):
    lab = world_zh.labelled("complaints")
    assert len(lab) == len(world_zh.complaints)
    assert set(lab.columns).isdisjoint({"channel", "category"})
    en = world_zh.labelled("complaints", locale="en_US")
    assert "Channel" in en.columns
    with pytest.raises(ValueError, match="table must be one of"):
        world_zh.labelled("complaint", locale="en_US")  # a zh world: Chinese by default


def test_summary_speaks_the_worlds_language(world, world_zh):
    """A zh world's summary names its tables and headers in Chinese (issue 13 item 4);
    an English one is as it always was."""
    zh = world_zh.summary()
    assert list(zh.columns) == ["表", "行数", "列数"]
    assert list(zh["表"]) == [ck.labels("zh_CN", "table")[t] for t in world_zh.tables]
    assert not any(c.isascii() for c in zh["表"])
    en = world.summary()
    assert list(en.columns) == ["table", "rows", "columns"]
    assert list(en["table"]) == list(world.tables)


def test_truth_improvements_show_labels_in_chinese(world_zh):
    """ck.labelled shows the truth's improvement codes as labels (issue 13 item 4)."""
    shown = ck.labelled(world_zh.truth.improvements, world_zh.locale)
    assert set(shown["改进措施"]) <= set(ck.labels("zh_CN", "improvement").values())


def test_first_contact_resolution_means_one_contact(world):
    c = world.complaints
    fcr = c["first_contact_resolution"]
    assert (c.loc[fcr, "contacts"] == 1).all()
    assert not (fcr & c["reopened"]).any() and c.loc[fcr, "resolved_at"].notna().all()


def test_the_codes_of_the_tables_come_from_the_vocabulary(world):
    from complaintkit import vocab
    levels = {"priority": vocab.PRIORITIES, "department": vocab.DEPARTMENTS}
    for col, codes in levels.items():
        assert tuple(world.complaints[col].cat.categories) == codes
    assert tuple(world.customers["tier"].cat.categories) == vocab.TIERS
    assert tuple(world.agents["team"].cat.categories) == vocab.TEAMS
    assert tuple(world.events["event"].cat.categories) == vocab.EVENTS
    assert set(world.complaints["category"].cat.categories) <= set(vocab.CATEGORIES)


def test_version_is_defined_once(world):
    from complaintkit._version import __version__
    assert ck.__version__ == __version__ == world.meta["version"]


def test_the_pipeline_runs_the_stages_it_lists():
    from complaintkit.generator import STAGES
    from complaintkit.generator.pipeline import _progress
    with _progress(False) as stage:
        for name in STAGES:
            stage(name)
    with pytest.raises(AssertionError, match="not the next one"), _progress(False) as stage:
        stage(STAGES[1])


def test_ids_of_no_rows_are_no_ids():
    """An empty table gets empty identifier columns (numpy's zfill cannot size an empty
    array: a raw 'zero-size array' error before)."""
    from complaintkit.generator._random import ids
    for empty in (np.array([], dtype=np.int64), np.array([]), []):
        got = ids("C", empty, 7)
        assert got.shape == (0,) and got.dtype == object
    assert ids("T", np.array([1, 12345678]), 7).tolist() == ["T0000001", "T12345678"]


def test_truth_dates_are_read_by_the_one_time_rule(tmp_path):
    """Truth dates in CSV read back as the kit's date-times (ISO 8601 only); one changed
    by hand to day-first text, read without verifying, is refused naming the file and the
    column, not guessed."""
    w = ck.generate("ecommerce", seed=4, n_complaints=300)
    w.to_csv(tmp_path / "w")
    back = ck.read_world(tmp_path / "w").truth
    for name in ("incidents", "festivals", "improvements"):
        pd.testing.assert_frame_equal(getattr(back, name), getattr(w.truth, name), obj=name)
    f = tmp_path / "w" / "truth" / "incidents.csv"
    df = pd.read_csv(f, dtype=str)
    df.loc[0, "start"] = "03/04/2025"
    df.to_csv(f, index=False)
    with pytest.raises(ck.DamagedWorldError, match=r"incidents\.csv: column start '03/04/2025' "
                       r"in row 0 is not an ISO 8601 date"):
        ck.read_world(tmp_path / "w", verify=False)
