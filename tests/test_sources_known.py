"""Known sources (issue 10, item 3): every built-in mapping read on its fixture.

The fixtures in tests/fixtures/sources/ are written by make_fixtures.py (nothing is
downloaded). Expected values are read from the raw files with the csv module and strptime,
independently of the reader, or written here by hand from the fixture script.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit import flags
from complaintkit.readers import sources
from complaintkit.schema import TABLES

FIX = Path(__file__).parent / "fixtures" / "sources"
FILES = {"cfpb": "cfpb_modern.csv", "cfpb_legacy": "cfpb_legacy.csv",
         "cfpb_api": "cfpb_api.csv", "tickets": "tickets.csv", "nyc311": "nyc311.csv",
         "marketplace_orders": "marketplace_orders.csv",
         "marketplace_reviews": "marketplace_reviews.csv",
         "marketplace_customers": "marketplace_customers.csv"}


def raw(name: str, skip: int = 0) -> tuple[list[str], list[dict]]:
    """Header and rows of a fixture as plain text (the independent reading)."""
    with open(FIX / name, encoding="utf-8", newline="") as f:
        for _ in range(skip):
            f.readline()
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def check_counts(r) -> None:
    assert r.rows_read == r.accepted + len(r.rejected)
    assert set(r.frame.index).isdisjoint(r.rejected["row"])


def day(s: str, fmt: str) -> pd.Timestamp:
    return pd.Timestamp(dt.datetime.strptime(s, fmt))


# --------------------------------------------------------------------------- the fixtures
def test_fixtures_are_what_the_script_writes(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "HERE", tmp_path)
    mod.main()
    written = sorted(p.name for p in tmp_path.glob("*.csv"))
    assert written == sorted(FILES.values())
    for name in written:
        assert (tmp_path / name).read_bytes() == (FIX / name).read_bytes(), name


def test_known_sources_lists_every_file_and_maps_only_canonical_meanings():
    ks = ck.known_sources()
    assert ks["name"].tolist() == sorted(FILES)
    for _, row in ks.iterrows():
        m = sources.mapping_for(row["name"])
        assert Path(row["file"]).is_file() and m["name"] == row["name"]
        canon = {c.name for c in TABLES[row["table"]]}
        targets = list(m["columns"].values())
        got = [p.split(" -> ")[1] for p in row["canonical"].split(", ") if " -> " in p]
        assert set(got) == {t for t in targets if t in canon}
        for t in targets:   # the rest: snake_case names that are not canonical
            assert re.fullmatch(r"[a-z][a-z0-9_]*", t), (row["name"], t)
        assert set(m["detect"]["columns"]) <= set(m["columns"])
    # a meaning that is not there is not forced: CFPB's company response is not a resolution
    cfpb = sources.mapping_for("cfpb")["columns"]
    assert cfpb["Company response to consumer"] == "company_response"
    assert cfpb["Consumer consent provided?"] == "consumer_consent"
    assert "consumer_consent" not in sources.mapping_for("cfpb")["flags"]["columns"]


def test_mapping_for_gives_a_fresh_dict_each_time():
    a = sources.mapping_for("cfpb")
    a["columns"]["Complaint ID"] = "changed"
    assert sources.mapping_for("cfpb")["columns"]["Complaint ID"] == "complaint_id"


# --------------------------------------------------------------------------- detection
@pytest.mark.parametrize("name", sorted(FILES))
def test_detect_picks_the_layout_of_each_fixture(name):
    header, _ = raw(FILES[name], skip=2 if name == "cfpb" else 0)
    assert sources.detect(header) == name
    assert sources.detect([f"  {c.upper()} " for c in header]) == name   # spaces, case


def test_detect_says_none_for_unknown_or_ambiguous_headers():
    assert sources.detect(["id", "date", "text"]) is None
    assert sources.detect([]) is None
    assert sources.detect([1, 2.5, None]) is None
    assert sources.detect(["Complaint ID", "Date received"]) is None   # too little
    modern, _ = raw("cfpb_modern.csv", skip=2)
    assert sources.detect([*modern, "Company response"]) is None       # modern and legacy


def test_read_complaints_recognises_a_source_without_being_told():
    df, r = ck.read_complaints(FIX / "nyc311.csv")
    assert r.source == "nyc311" and r.detected and len(df) == 30


# --------------------------------------------------------------------------- CFPB
def test_cfpb_modern_export():
    header, rows = raw("cfpb_modern.csv", skip=2)
    df, r = ck.load_cfpb(FIX / "cfpb_modern.csv")
    check_counts(r)
    assert r.source == "cfpb" and len(header) == 18
    assert (r.rows_read, r.accepted) == (31, 31)
    assert [n for n, _ in r.skipped_lines] == [1, 2]
    assert list(df.columns[:5]) == ["complaint_id", "received_at", "channel", "category",
                                    "sub_category"]
    assert df["complaint_id"].tolist() == [x["Complaint ID"] for x in rows]
    # dates: yyyy-mm-dd, checked against strptime
    assert df["received_at"].tolist() == [day(x["Date received"], "%Y-%m-%d") for x in rows]
    assert df["sent_to_company_at"].tolist() == [day(x["Date sent to company"], "%Y-%m-%d")
                                                 for x in rows]
    by_id = df.set_index("complaint_id")
    # the multi-line narrative starts on line 13 and keeps its XXXX masks and line breaks
    assert by_id.index.get_loc("2480211") == 9 and df.index[9] == 13 and df.index[10] == 16
    text = by_id.loc["2480211", "narrative"]
    assert text.startswith("On XXXX XXXX, 2017") and text.count("\n") == 2
    assert '"even though"' in text
    assert by_id.loc["2101345", "narrative"].endswith("about {$450.00}.")
    assert by_id.loc["2445310", "zip_code"] == "02134"           # leading zero kept
    assert by_id.loc["2101345", "zip_code"] == "432XX"
    assert by_id.loc["2480211", "channel"] == "postal_mail"
    assert by_id.loc["2480211", "company_response"] == "Closed with explanation"
    assert by_id.loc["2480211", "consumer_consent"] == "Consent provided"


def test_cfpb_dispute_answers_keep_na_and_empty_apart():
    _, rows = raw("cfpb_modern.csv", skip=2)
    df, _ = ck.load_cfpb(FIX / "cfpb_modern.csv")
    words = [x["Consumer disputed?"] for x in rows]
    expected = {"yes": words.count("Yes"), "no": words.count("No"),
                "n/a": words.count("N/A"), "missing": words.count("")}
    assert expected["n/a"] > 0 and expected["missing"] == 2 and expected["yes"] > 0
    assert flags.flag_counts(df["disputed"]) == expected
    by_id = df.set_index("complaint_id")["disputed"]
    assert by_id["2445310"] == "no" and by_id["2480211"] == "n/a"   # 21 Apr / 15 May 2017
    assert pd.isna(by_id["7901234"]) and pd.isna(by_id["8423117"])
    # the rule: Yes/No only before the dispute option ended, N/A after
    end = pd.Timestamp("2017-04-24")
    known = df["disputed"].notna()
    before = df["received_at"] < end
    assert set(df.loc[known & before, "disputed"]) <= {"yes", "no"}
    assert set(df.loc[known & ~before, "disputed"]) == {"n/a"}
    assert flags.as_bool(df["disputed"]).isna().sum() == expected["n/a"] + 2
    assert flags.flag_counts(df["timely_response"]) == {
        "yes": sum(x["Timely response?"] == "Yes" for x in rows),
        "no": sum(x["Timely response?"] == "No" for x in rows), "n/a": 0, "missing": 0}


def test_cfpb_legacy_export():
    _, rows = raw("cfpb_legacy.csv")
    df, r = ck.load_cfpb(FIX / "cfpb_legacy.csv")
    check_counts(r)
    assert r.source == "cfpb_legacy" and (r.rows_read, r.accepted) == (20, 20)
    assert "narrative" not in df.columns
    assert df["received_at"].tolist() == [day(x["Date received"], "%m/%d/%Y") for x in rows]
    assert "month-first, as given" in r.dates["received_at"].how
    last = df.set_index("complaint_id").loc["1290516"]
    assert last["received_at"] == pd.Timestamp("2015-03-21")
    assert last["sent_to_company_at"] == pd.Timestamp("2015-03-23")
    assert pd.isna(last["disputed"]) and last["company_response"] == "In progress"
    assert last["channel"] == "referral" and last["sub_category"] == (
        "Loan servicing, payments, escrow account")
    words = [x["Consumer disputed?"] for x in rows]
    assert flags.flag_counts(df["disputed"]) == {
        "yes": words.count("Yes"), "no": words.count("No"), "n/a": 0, "missing": 1}


def test_cfpb_api_layout():
    _, rows = raw("cfpb_api.csv")
    df, r = ck.load_cfpb(FIX / "cfpb_api.csv")
    check_counts(r)
    assert r.source == "cfpb_api" and (r.rows_read, r.accepted) == (22, 22)
    # 2016-11-20T12:00:00-05:00: the wall-clock time of its own zone
    assert df["received_at"].tolist() == [
        day(x["date_received"][:19], "%Y-%m-%dT%H:%M:%S") for x in rows]
    assert df["received_at"].iloc[0] == pd.Timestamp("2016-11-20 12:00:00")
    words = [x["consumer_disputed"] for x in rows]
    counts = flags.flag_counts(df["disputed"])
    assert counts == {"yes": words.count("Yes"), "no": words.count("No"),
                      "n/a": words.count("N/A"), "missing": 1}
    assert min(counts.values()) >= 1
    assert df["has_narrative"].tolist() == [x["has_narrative"] for x in rows]   # kept as read
    assert df["narrative"].notna().sum() == sum(x["has_narrative"] == "True" for x in rows)


def test_load_cfpb_refuses_other_files_and_names_them():
    with pytest.raises(ValueError, match=r"tickets.csv is not one of the CFPB layouts .*"
                                         r"known source 'tickets'"):
        ck.load_cfpb(FIX / "tickets.csv")
    with pytest.raises(ValueError, match="is not one of the CFPB layouts"):
        ck.load_cfpb(io.StringIO("a,b\n1,2\n"))
    with pytest.raises(TypeError, match="do not pass mapping"):
        ck.load_cfpb(FIX / "cfpb_api.csv", mapping={"a": "b"})


# --------------------------------------------------------------------------- others
def test_ticket_export():
    _, rows = raw("tickets.csv")
    df, r = ck.load_source("tickets", FIX / "tickets.csv")
    check_counts(r)
    assert (r.rows_read, r.accepted, len(r.rejected)) == (38, 36, 2)
    reasons = dict(zip(r.rejected["row"], r.rejected["reason"], strict=True))
    assert reasons[23] == "duplicate of row 22"
    assert "'31/04/2024 10:00' is not a calendar date" in reasons[7]
    ok = [x for i, x in enumerate(rows, start=2) if i in set(df.index)]
    fmt = "%d/%m/%Y %H:%M"
    assert df["received_at"].tolist() == [day(x["Opened"], fmt) for x in ok]
    assert df["first_response_at"].tolist() == [day(x["First reply"], fmt) for x in ok]
    closed = [day(x["Closed"], fmt) if x["Closed"] else pd.NaT for x in ok]
    assert df["closed_at"].isna().sum() == 3
    assert df["closed_at"].fillna(pd.Timestamp(0)).tolist() == [
        pd.Timestamp(0) if pd.isna(c) else c for c in closed]
    assert "day-first, decided by rows" in r.dates["received_at"].how
    assert set(df["channel"]) == {"email", "phone", "online_chat", "web_form"}
    first = df.loc[2]
    assert (first["complaint_id"], first["agent_id"], first["csat"], first["status"]) == (
        "T-1000", "Ana Silva", "2", "closed")
    assert first["received_at"] == pd.Timestamp("2024-03-01 11:05")
    assert df["csat"].isna().sum() == sum(x["Satisfaction"] == "" for x in ok)


def test_311_export():
    _, rows = raw("nyc311.csv")
    df, r = ck.load_source("nyc311", FIX / "nyc311.csv")
    check_counts(r)
    assert (r.rows_read, r.accepted) == (30, 30)
    fmt = "%m/%d/%Y %I:%M:%S %p"
    assert df["received_at"].tolist() == [day(x["Created Date"], fmt) for x in rows]
    first = df.iloc[0]
    assert first["received_at"] == pd.Timestamp("2024-01-07 19:08:46")   # 07:08:46 PM
    assert (first["complaint_id"], first["category"], first["sub_category"],
            first["agency"], first["channel"]) == (
        "59893475", "Noise - Residential", "Loud Music/Party", "NYPD", "phone")
    open_ = df["status"] != "Closed"
    assert df.loc[open_, "closed_at"].isna().all() and df.loc[~open_, "closed_at"].notna().all()
    assert (df["closed_at"] >= df["received_at"]).where(~open_, True).all()
    assert set(df["channel"]) == {"phone", "online", "app", "unknown"}
    assert df["zip_code"].isna().sum() == sum(x["Incident Zip"] == "" for x in rows) == 2


# --------------------------------------------------------------------------- marketplace
def load_fixture_marketplace(**kw):
    return sources.load_marketplace(FIX / "marketplace_orders.csv",
                                    FIX / "marketplace_reviews.csv",
                                    FIX / "marketplace_customers.csv", **kw)


def test_marketplace_reads_and_derives_lateness_independently():
    _, orders = raw("marketplace_orders.csv")
    m = load_fixture_marketplace()
    for r in m.reports.values():
        check_counts(r)
    assert {k: r.rows_read for k, r in m.reports.items()} == {
        "orders": 34, "reviews": 34, "customers": 34}
    fmt = "%Y-%m-%d %H:%M:%S"
    o = m.orders.set_index("order_id")
    for x in orders:
        got = o.loc[x["order_id"]]
        if not x["order_delivered_customer_date"]:
            assert pd.isna(got["delay_days"])
            continue
        bought = dt.datetime.strptime(x["order_purchase_timestamp"], fmt)
        came = dt.datetime.strptime(x["order_delivered_customer_date"], fmt)
        due = dt.datetime.strptime(x["order_estimated_delivery_date"], fmt)
        delay = (came.date() - due.date()).days
        assert got["delay_days"] == delay
        assert got["actual_days"] == (came.date() - bought.date()).days
        assert got["promised_days"] == (due.date() - bought.date()).days
        assert bool(got["late"]) == (delay > 0)
        past = (came - dt.datetime.combine(due.date() + dt.timedelta(days=1),
                                           dt.time())).total_seconds() / 3600
        assert got["hours_late"] == pytest.approx(max(past, 0.0))
    # by hand, from the first row of the file
    first = o.loc["6e7f85a9d0fe9b5dfb504c6f2991d744"]
    assert (first["delay_days"], first["review_score"]) == (1, 2.0)
    assert first["hours_late"] == pytest.approx(11 + 1 / 60)


def test_marketplace_reviews_one_per_order_and_every_exclusion_noted():
    _, reviews = raw("marketplace_reviews.csv")
    m = load_fixture_marketplace()
    notes = "\n".join(m.notes)
    assert "1 review(s) with a review_score that is not a whole number 1-5" in notes
    assert "rows 35: '0'" in notes
    assert "1 review(s) are for orders not in the orders file" in notes
    assert "the latest answered was used, 1 other(s) left out (rows 4)" in notes
    assert "2 order(s) have no delivery date (status canceled 1, shipped 1)" in notes
    assert "1 delivered order(s) have no review" in notes
    twice = reviews[2]["order_id"]
    assert m.orders.set_index("order_id").loc[twice, "review_score"] == 4.0   # the later one
    delivered = m.orders["delay_days"].notna()
    assert len(m.drivers) == int((delivered & m.orders["review_score"].notna()).sum()) == 31
    assert len(m.orders) == 34
    d = m.drivers
    assert d["review_score"].between(1, 5).all() and set(d["late"]) == {0, 1}
    assert (d["late"] == (d["delay_days"] > 0)).all()


def test_marketplace_loyalty_frame_against_a_plain_computation():
    _, orders = raw("marketplace_orders.csv")
    _, customers = raw("marketplace_customers.csv")
    fmt = "%Y-%m-%d %H:%M:%S"
    person = {c["customer_id"]: c["customer_unique_id"] for c in customers}
    end = max(dt.datetime.strptime(x["order_purchase_timestamp"], fmt) for x in orders)
    first: dict = {}
    for x in sorted(orders, key=lambda x: x["order_purchase_timestamp"]):
        p = person[x["customer_id"]]
        if x["order_delivered_customer_date"] and p not in first:
            first[p] = x
    m = load_fixture_marketplace()
    lf = m.loyalty.set_index("customer_id")
    assert set(lf.index) == set(first) and len(lf) == 20
    for p, x in first.items():
        came = dt.datetime.strptime(x["order_delivered_customer_date"], fmt)
        later = [dt.datetime.strptime(y["order_purchase_timestamp"], fmt) for y in orders
                 if person[y["customer_id"]] == p
                 and dt.datetime.strptime(y["order_purchase_timestamp"], fmt) > came]
        stop = min(later) if later else end
        row = lf.loc[p]
        assert row["index_order_id"] == x["order_id"]
        assert bool(row["repurchased"]) == bool(later)
        assert row["days_to_next_purchase"] == pytest.approx(
            (stop - came).total_seconds() / 86400)
        assert row["days_to_period_end"] == pytest.approx((end - came).total_seconds() / 86400)
    assert lf["repurchased"].sum() == 8
    assert set(lf["index_event"]) == {"late_delivery", "no_problem"}
    assert (lf["index_event"] == "late_delivery").sum() == (lf["delay_days"] > 0).sum() == 4
    assert set(lf["tier"]) == {"all"} and (lf["weight"] == 1).all()
    assert "not complaints" in " ".join(m.loyalty.attrs["notes"])


def test_marketplace_frames_feed_drivers():
    m = load_fixture_marketplace()
    res = ck.drivers(m.drivers, outcome="review_score", drivers=["delay_days", "actual_days"],
                     controls=None, n_boot=0)
    assert res.n_used == 31
    assert res.table["quadrant"].isin(["", None]).all() or res.table["quadrant"].isna().all()
    assert any("not rated on the outcome's scale" in n for n in res.notes)


def _synthetic_marketplace(n: int = 500, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Orders and reviews in the Olist layout where lateness delays the next purchase."""
    rng = np.random.default_rng(seed)
    rows, revs = [], []
    for p in range(n):
        t = pd.Timestamp("2018-01-01") + pd.Timedelta(hours=int(rng.integers(0, 24 * 150)))
        for k in range(3):
            est = (t + pd.Timedelta(days=10)).normalize()
            late = rng.random() < 0.3
            came = est + pd.Timedelta(hours=int(rng.integers(30, 200)) if late
                                      else -int(rng.integers(10, 100)))
            oid = f"o{p}-{k}"
            rows.append([oid, f"c{p}", "delivered", t, t, t, came, est])
            revs.append([f"r{p}-{k}", oid, int(rng.choice([1, 2]) if late
                                                    else rng.choice([3, 4, 5])),
                         "", "", came.normalize(), came + pd.Timedelta(hours=5)])
            gap = rng.exponential(40 if late else 20)
            t = came + pd.Timedelta(days=float(gap))
            if t > pd.Timestamp("2018-12-31"):
                break
    fmt = "%Y-%m-%d %H:%M:%S"
    orders = pd.DataFrame(rows, columns=["order_id", "customer_id", "order_status",
                                         "order_purchase_timestamp", "order_approved_at",
                                         "order_delivered_carrier_date",
                                         "order_delivered_customer_date",
                                         "order_estimated_delivery_date"])
    reviews = pd.DataFrame(revs, columns=["review_id", "order_id", "review_score",
                                          "review_comment_title", "review_comment_message",
                                          "review_creation_date", "review_answer_timestamp"])
    for f in (orders, reviews):
        for c in f.columns:
            if pd.api.types.is_datetime64_any_dtype(f[c]):
                f[c] = f[c].dt.strftime(fmt)
    return orders, reviews


def test_marketplace_loyalty_frame_runs_in_loyalty_when_late_is_studied():
    orders, reviews = _synthetic_marketplace()
    m = sources.load_marketplace(orders, reviews, late_as="complaint",
                                 period_end="2018-12-31")
    lf = m.loyalty
    assert len(lf) == 500 and lf["index_event"].isin(["complaint", "no_problem"]).all()
    res = ck.loyalty(lf, hours="hours_late", window=60)
    assert len(res.hazard_ratios) >= 1 and len(res.curve) > 0
    # by default the late customers are not called complainants, and loyalty says so
    plain = sources.load_marketplace(orders, reviews, period_end="2018-12-31")
    with pytest.raises(ValueError, match="no complainants"):
        ck.loyalty(plain.loyalty, hours="hours_late")


def test_marketplace_without_people_cannot_see_repurchase():
    _, orders = raw("marketplace_orders.csv")
    m = sources.load_marketplace(FIX / "marketplace_orders.csv",
                                 FIX / "marketplace_reviews.csv")   # customer_id per order
    assert m.loyalty.empty and list(m.loyalty.columns)[:3] == [
        "customer_id", "index_order_id", "index_event"]
    assert any("repurchase cannot be seen" in n for n in m.notes)
    assert len(m.drivers) == 31
    with pytest.raises(ValueError, match="late_as must be"):
        load_fixture_marketplace(late_as="")


# --------------------------------------------------------------------------- bad mappings
def copy_mapping(tmp_path, name="cfpb") -> Path:
    path = tmp_path / f"my_{name}.toml"
    shutil.copy(sources.SOURCES_DIR / f"{name}.toml", path)
    return path


def test_hand_edited_mapping_with_an_unknown_key_names_the_file(tmp_path):
    path = copy_mapping(tmp_path)
    path.write_text(path.read_text() + '\n[colums]\n"Company" = "firm"\n')
    with pytest.raises(ValueError, match=rf"{re.escape(str(path))} has unknown key\(s\) "
                                         r"'colums'"):
        ck.load_source(path, FIX / "cfpb_modern.csv")
    path = copy_mapping(tmp_path)
    path.write_text(path.read_text().replace('[flags]\n', '[flags]\ncolums = ["x"]\n'))
    with pytest.raises(ValueError, match=rf"{re.escape(str(path))}: \[flags\] has unknown "
                                         r"key\(s\) 'colums'"):
        ck.load_source(path, FIX / "cfpb_modern.csv")


def test_hand_edited_mapping_naming_what_does_not_exist(tmp_path):
    path = copy_mapping(tmp_path)
    path.write_text(path.read_text().replace('received_at = "month-first"',
                                             'recieved_at = "month-first"'))
    with pytest.raises(ValueError, match=r"\[dates\] names 'recieved_at', which \[columns\] "
                                         r"does not produce"):
        ck.load_source(path, FIX / "cfpb_modern.csv")
    path = copy_mapping(tmp_path)
    path.write_text(path.read_text().replace('"Complaint ID" = "complaint_id"',
                                             '"Complaint Id #" = "complaint_id"'))
    with pytest.raises(ValueError) as e:
        ck.load_source(path, FIX / "tickets.csv")
    assert "[detect] names 'Complaint ID'" in str(e.value) and str(path) in str(e.value)
    path.write_text(path.read_text().replace('columns = ["Complaint ID", ',
                                             'columns = ["Complaint Id #", '))
    with pytest.raises(ValueError) as e:
        ck.load_source(path, FIX / "cfpb_modern.csv")
    msg = str(e.value)
    assert "cfpb_modern.csv has no column(s) 'Complaint Id #'" in msg
    assert str(path) in msg and "'Complaint Id #' ~ 'Complaint ID'" in msg


def test_mapping_files_that_cannot_be_read(tmp_path):
    bad = tmp_path / "broken.toml"
    bad.write_text('name = "x"\n[columns\n')
    with pytest.raises(ValueError, match=rf"{re.escape(str(bad))} is not valid TOML"):
        ck.load_source(bad, FIX / "tickets.csv")
    with pytest.raises(ValueError, match="does not exist"):
        ck.load_source(tmp_path / "nowhere.toml", FIX / "tickets.csv")
    with pytest.raises(ValueError, match=r"'tikets' is not a known source; .* \(did you mean "
                                         r"'tickets'\?\)"):
        ck.load_source("tikets", FIX / "tickets.csv")
    with pytest.raises(TypeError, match="named by text"):
        ck.load_source(3, FIX / "tickets.csv")
    path = copy_mapping(tmp_path, "tickets")
    path.write_text(path.read_text().replace('table = "complaints"', 'table = "complains"'))
    with pytest.raises(ValueError, match=r"table = 'complains' is not one of"):
        ck.load_source(path, FIX / "tickets.csv")


def test_a_mapping_as_a_dict_and_a_copied_file_read_like_the_built_in(tmp_path):
    df1, r1 = ck.load_source("tickets", FIX / "tickets.csv")
    df2, r2 = ck.load_source(copy_mapping(tmp_path, "tickets"), FIX / "tickets.csv")
    df3, r3 = ck.load_source(sources.mapping_for("tickets"), FIX / "tickets.csv")
    pd.testing.assert_frame_equal(df1, df2)
    pd.testing.assert_frame_equal(df1, df3)
    with pytest.raises(ValueError, match=r"\[values\] names 'chanel'"):
        ck.load_source({"columns": {"Channel": "channel"}, "values": {"chanel": {"a": "b"}}},
                       FIX / "tickets.csv")


def test_cfpb_frame_that_lost_its_na_gets_a_note():
    lost = pd.read_csv(FIX / "cfpb_modern.csv", skiprows=2)        # pandas: 'N/A' -> NaN
    df, r = ck.load_cfpb(lost)
    assert flags.flag_counts(df["disputed"])["n/a"] == 0
    assert any("read 'N/A' as missing" in n for n in r.notes)
    kept = pd.read_csv(FIX / "cfpb_modern.csv", skiprows=2, dtype=str, keep_default_na=False)
    df, r = ck.load_cfpb(kept)
    assert flags.flag_counts(df["disputed"])["n/a"] > 0
    assert not any("read 'N/A' as missing" in n for n in r.notes)
    assert "02134" in set(df["zip_code"])                       # text kept as text


# --------------------------------------------------------------------------- random input
_DETECT_WORDS = sorted({c for n in FILES for c in sources.mapping_for(n)["detect"]["columns"]})
QUICK = settings(max_examples=60, deadline=None, derandomize=True)


@QUICK
@given(st.lists(st.one_of(st.sampled_from(_DETECT_WORDS), st.text(max_size=12),
                          st.integers(), st.none()), max_size=14))
def test_detect_on_any_header_names_a_source_whose_columns_are_there(header):
    found = sources.detect(header)
    if found is not None:
        have = {" ".join(str(c).split()).lower() for c in header}
        want = {c.lower() for c in sources.mapping_for(found)["detect"]["columns"]}
        assert want <= have


_VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
                       lambda inner: st.one_of(st.lists(inner, max_size=3),
                                               st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=3)),
                       max_leaves=8)


@QUICK
@given(st.dictionaries(st.sampled_from(["name", "title", "table", "columns", "dates", "flags",
                                        "values", "detect", "colums"]), _VALUES, max_size=5))
def test_check_mapping_on_any_dict_checks_or_says_why(d):
    try:
        assert sources.check_mapping(d, "fuzz.toml") is d
    except ValueError as e:
        assert "fuzz.toml" in str(e) or str(e).startswith("mapping")


def test_marketplace_with_nothing_delivered_says_so():
    orders = pd.read_csv(FIX / "marketplace_orders.csv", dtype=str, keep_default_na=False)
    reviews = pd.read_csv(FIX / "marketplace_reviews.csv", dtype=str, keep_default_na=False)
    m = sources.load_marketplace(orders.assign(order_delivered_customer_date=""), reviews)
    assert m.drivers.empty and m.loyalty.empty and len(m.orders) == 34
    notes = " ".join(m.notes)
    assert "34 order(s) have no delivery date" in notes
    assert "have no delivered order" in notes and "repurchase cannot be seen" not in notes
    with pytest.raises(ValueError, match=r"has no column\(s\) 'customer_id', "
                                         r"'order_purchase_timestamp'"):
        sources.load_marketplace(reviews, orders)          # the files swapped


def test_cfpb_export_saved_as_a_workbook_reads_the_same(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    with open(FIX / "cfpb_modern.csv", encoding="utf-8", newline="") as f:
        lines = [f.readline().rstrip("\n"), f.readline().rstrip("\n")]
        rows = list(csv.reader(f))
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in lines:                       # the console lines, one cell each
        ws.append([line])
    for r in rows:
        ws.append(r)
    path = tmp_path / "complaints.xlsx"
    wb.save(path)
    df_x, r_x = ck.load_cfpb(path)
    df_c, _ = ck.load_cfpb(FIX / "cfpb_modern.csv")
    check_counts(r_x)
    assert r_x.source == "cfpb" and r_x.accepted == 31
    for col in ("complaint_id", "received_at", "disputed", "timely_response", "channel"):
        assert df_x[col].tolist() == df_c[col].tolist(), col
    assert flags.flag_counts(df_x["disputed"]) == flags.flag_counts(df_c["disputed"])


def test_cfpb_web_export_of_before_2019_with_us_dates():
    header, rows = raw("cfpb_modern.csv", skip=2)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for x in rows[:6]:   # the same rows, dates written 04/06/2016 as the older site did
        x = dict(x)
        for c in ("Date received", "Date sent to company"):
            x[c] = dt.date.fromisoformat(x[c]).strftime("%m/%d/%Y")
        w.writerow([x[c] for c in header])
    df, r = ck.load_cfpb(io.StringIO(out.getvalue()))
    assert r.source == "cfpb" and r.accepted == 6
    assert df["received_at"].tolist() == [day(x["Date received"], "%Y-%m-%d") for x in rows[:6]]
    assert "month-first, as given" in r.dates["received_at"].how
