"""complaintkit.scale's DuckDB aggregates against the in-memory analyses (issue 14 item 4).

Each aggregate is computed twice: by DuckDB over the world's Parquet files (one file per
table, and the partitioned layout of ``part-*.parquet`` files that ck.generate(path=)
streams) and by the in-memory analysis of the same world's tables. Counts must be equal,
floats within 1e-9; the group columns' dtypes and order must be those of the in-memory table."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.data import data_dir

pytest.importorskip("duckdb")
scale = pytest.importorskip("complaintkit.scale")

TABLES = ("customers", "orders", "complaints", "events", "surveys", "agents")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A small world of three shards (shards of 1,000 complaints while it is made), written
    as one file per table and streamed in the partitioned layout (three parts per table)."""
    from complaintkit.generator import shards

    mp = pytest.MonkeyPatch()
    mp.setattr(shards, "SHARD_COMPLAINTS", 1000)
    try:
        w = ck.generate(n_complaints=3000, seed=11)
        root = tmp_path_factory.mktemp("scale_small")
        streamed = ck.generate(n_complaints=3000, seed=11, path=root / "parts")
    finally:
        mp.undo()
    assert len(list((streamed / "complaints").glob("part-*.parquet"))) == 3
    return w, {"single": w.to_parquet(root / "single"), "partitioned": streamed}


@pytest.fixture(scope="module")
def shipped():
    return {name: (ck.load_dataset(name), data_dir() / name)
            for name in ("ecommerce_en", "ecommerce_zh")}


def worlds(small, shipped, chinese: bool = True):
    """(label, world, folder) for every world and layout tested (the Chinese shipped world,
    the same company with Chinese labels and festivals, where the locale matters)."""
    w, folders = small
    out = [(f"small-{k}", w, f) for k, f in folders.items()]
    out += [(name, world, folder) for name, (world, folder) in shipped.items()
            if chinese or name != "ecommerce_zh"]
    return out


def same(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Equal frames: integer columns exactly, floats within 1e-9, dtypes and order alike."""
    got, want = got.reset_index(drop=True), want.reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-9, atol=1e-12)
    for col in want.columns:
        if pd.api.types.is_integer_dtype(want[col]):
            assert (got[col].to_numpy() == want[col].to_numpy()).all(), col


def identical(got: pd.DataFrame, want: pd.DataFrame, obj: str = "DataFrame") -> None:
    """The same columns, dtypes and values (DataFrame.equals, fast on large text columns;
    assert_frame_equal only to say where they differ)."""
    assert list(got.columns) == list(want.columns), obj
    assert got.dtypes.astype(str).tolist() == want.dtypes.astype(str).tolist(), obj
    for col in want.columns:  # the categories and their order too
        if isinstance(want[col].dtype, pd.CategoricalDtype):
            assert list(got[col].cat.categories) == list(want[col].cat.categories), col
            assert got[col].cat.ordered == want[col].cat.ordered, col
    if not got.equals(want):
        pd.testing.assert_frame_equal(got, want, obj=obj)


# --------------------------------------------------------------------------- layout
def test_table_source_reads_either_layout(small):
    w, folders = small
    one = scale.table_source(folders["single"], "complaints")
    assert one.endswith("complaints.parquet")
    parts = scale.table_source(folders["partitioned"], "complaints")
    assert parts.endswith(str(Path("complaints") / "*.parquet"))
    assert scale.table_source(folders["partitioned"], "truth/incidents").endswith(
        "incidents.parquet")
    with pytest.raises(FileNotFoundError, match="no table 'tickets'"):
        scale.table_source(folders["single"], "tickets")
    con = scale.connect()
    n = [con.execute(f"SELECT count(*) FROM read_parquet('{s}')").fetchone()[0]
         for s in (one, parts)]
    assert n[0] == n[1] == len(w.complaints)


def test_a_csv_world_or_no_world_is_refused(tmp_path):
    w = ck.generate(n_complaints=200, seed=2)
    with pytest.raises(ValueError, match="CSV world"):
        scale.counts(w.to_csv(tmp_path / "csv"), by="channel")
    with pytest.raises(FileNotFoundError, match="not a complaintkit world"):
        scale.counts(tmp_path, by="channel")


# --------------------------------------------------------------------------- counts
@pytest.mark.parametrize("by, freq", [("channel", None), (["category", "sub_category"], None),
                                      (None, "D"), ("priority", "W"), ("category", "M"),
                                      (["channel", "escalated"], "Q")])
def test_counts_equal_a_groupby(small, shipped, by, freq):
    for label, w, folder in worlds(small, shipped):
        c = w.complaints
        keys = ([] if by is None else [by] if isinstance(by, str) else list(by))
        frame = c[keys].copy()
        if freq is not None:
            frame["period"] = c["received_at"].dt.to_period(freq).dt.start_time.astype(
                "datetime64[ns]")
        want = frame.groupby(list(frame.columns), observed=True, dropna=False,
                             sort=True).size().rename("n").reset_index()
        same(scale.counts(folder, by, freq), want)
        assert scale.counts(folder)["n"].tolist() == [len(c)], label


def test_counts_of_a_truth_table_and_a_filter(small):
    w, folders = small
    got = scale.counts(folders["partitioned"], by="event", table="events",
                       where="agent_id IS NOT NULL", time="at")
    e = w.events[w.events["agent_id"].notna()]
    want = e.groupby("event", observed=True).size()
    assert dict(zip(got["event"], got["n"], strict=True)) == want.to_dict()
    assert scale.counts(folders["single"], table="truth/incidents")["n"].item() == len(
        w.truth.incidents)


@pytest.mark.parametrize("freq, by, festivals", [("D", "category", True), ("W", None, True),
                                                  ("M", ["channel", "priority"], False)])
def test_complaint_counts_equal_the_in_memory_series(small, shipped, freq, by, festivals):
    for label, w, folder in worlds(small, shipped):
        locale = w.locale if festivals else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the coverage warning, the same in both
            want = ck.complaint_counts(w.complaints, freq, by, locale=locale)
            got = scale.complaint_counts(folder, freq, by, locale=locale)
        same(got, want)
        assert got.attrs == want.attrs, label


def test_complaint_counts_with_start_and_end(small):
    w, folders = small
    kw = dict(start="2025-03-01", end="2025-05-31")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        want = ck.complaint_counts(w.complaints, "W", "channel", **kw)
        got = scale.complaint_counts(folders["partitioned"], "W", "channel", **kw)
    same(got, want)


def test_a_weekly_series_feeds_forecast(small):
    w, folders = small
    weekly = scale.complaint_counts(folders["partitioned"], "W")
    res = ck.forecast(weekly, horizon=4, models=["seasonal_naive"], season=4)
    assert len(res.table) == 4


# --------------------------------------------------------------------------- pareto
@pytest.mark.parametrize("column, by", [("category", None), ("sub_category", None),
                                        ("root_cause", "channel"),
                                        ("department", ["channel", "priority"]),
                                        ("escalated", None)])
def test_pareto_equals_the_in_memory_table(small, shipped, column, by):
    for _, w, folder in worlds(small, shipped, chinese=False):
        same(scale.pareto(folder, column, by=by), ck.pareto(w.complaints, column, by=by).table)


def test_pareto_with_labels(shipped):
    for w, folder in shipped.values():
        for locale in ("en_US", "zh_CN"):
            same(scale.pareto(folder, "sub_category", by="channel", locale=locale),
                 ck.pareto(w.complaints, "sub_category", by="channel", locale=locale).table)


def test_pareto_with_a_cutoff_a_weight_and_a_filter(small):
    w, folders = small
    o = w.orders
    got = scale.pareto(folders["partitioned"], "product_category", table="orders",
                       weight="amount", cutoff=0.5, where="amount > 20")
    want = ck.pareto(o[o["amount"] > 20], "product_category", weight="amount",
                     cutoff=0.5).table
    same(got, want)


# --------------------------------------------------------------------------- kpis
@pytest.mark.parametrize("by, freq", [(None, None), ("channel", "M"),
                                      (["category", "priority"], "W"), ("agent_id", "Q")])
def test_kpis_equal_the_in_memory_table(small, shipped, by, freq):
    for _, w, folder in worlds(small, shipped, chinese=False):
        f = ck.complaint_frame(w.complaints, w.surveys)
        same(scale.kpis(folder, by, freq), ck.kpis(f, by=by, freq=freq).table)


def test_kpis_by_an_agents_column(small):
    w, folders = small
    f = ck.complaint_frame(w.complaints, w.surveys, agents=w.agents)
    want = ck.kpis(f, by=["team", "channel"], freq="Q").table
    for folder in folders.values():
        same(scale.kpis(folder, ["team", "channel"], "Q"), want)


def test_kpis_with_a_filter_and_another_confidence(small):
    w, folders = small
    f = ck.complaint_frame(w.complaints, w.surveys)
    want = ck.kpis(f[f["channel"] == "phone"], by="priority", confidence=0.9).table
    got = scale.kpis(folders["partitioned"], "priority", confidence=0.9,
                     where="channel = 'phone'")
    same(got, want)


def test_missing_values_are_counted_as_in_memory(tmp_path):
    """Missing group values, times and flags: written as nulls in Parquet, the same
    aggregates as the in-memory analyses of the same frames."""
    w = ck.generate(n_complaints=1500, seed=5)
    folder = w.to_parquet(tmp_path / "w")
    c = w.complaints.copy()
    rng = np.random.default_rng(0)
    c.loc[rng.random(len(c)) < 0.05, "channel"] = np.nan
    c.loc[rng.random(len(c)) < 0.03, "first_response_at"] = pd.NaT
    c["sla_met"] = c["sla_met"].astype("boolean")
    c.loc[rng.random(len(c)) < 0.04, "sla_met"] = pd.NA
    c.to_parquet(folder / "complaints.parquet", index=False)
    f = ck.complaint_frame(c, w.surveys)
    same(scale.kpis(folder, "channel", "M"), ck.kpis(f, by="channel", freq="M").table)
    same(scale.pareto(folder, "channel"), ck.pareto(c, "channel").table)
    same(scale.pareto(folder, "category", by="channel"),
         ck.pareto(c, "category", by="channel").table)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        same(scale.complaint_counts(folder, "W", "channel"),
             ck.complaint_counts(c, "W", "channel"))


def test_bad_arguments_are_explained(small):
    _, folders = small
    folder = folders["single"]
    with pytest.raises(KeyError, match="column 'chanel' is not in the complaints table"):
        scale.counts(folder, by="chanel")
    with pytest.raises(KeyError, match="'chanel' is not in the complaints / agents table"):
        scale.kpis(folder, by="chanel")
    with pytest.raises(ValueError, match="freq must be one of"):
        scale.kpis(folder, freq="Y")
    with pytest.raises(ValueError, match="cutoff must be a share"):
        scale.pareto(folder, "category", cutoff=80)
    with pytest.raises(ValueError, match="by names the column being ranked"):
        scale.pareto(folder, "category", by="category")
    with pytest.raises(ValueError, match="confidence must be between 0 and 1"):
        scale.kpis(folder, confidence=95)


# --------------------------------------------------------------------------- the extra
def test_import_complaintkit_loads_neither_duckdb_nor_dask():
    code = ("import sys, complaintkit, complaintkit.scale; "
            "print(sorted(m for m in ('duckdb', 'dask', 'distributed') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_a_missing_extra_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "duckdb", None)  # import duckdb now raises ImportError
    with pytest.raises(ImportError, match=r"pip install complaintkit\[scale\]"):
        scale.connect()
    from complaintkit.scale._engine import require

    with pytest.raises(ImportError, match=r"pip install complaintkit\[scale\]") as err:
        require("duckdb", "complaintkit.scale", "zh_CN")
    assert "可选" in str(err.value)


# --------------------------------------------------------------------------- reading
def test_read_table_equals_the_world_read_in_memory(small):
    w, folders = small
    for layout, folder in folders.items():
        for name in TABLES if layout == "partitioned" else ("complaints",):
            got = scale.read_table(folder, name)
            identical(got, getattr(w, name), name)
            assert got.attrs == getattr(w, name).attrs
        for name, want in w.truth.tables().items():
            got = scale.read_table(folder, f"truth/{name}")
            identical(got, want.reset_index(drop=True), name)


def test_read_table_a_period_or_a_sample(small):
    w, folders = small
    c = w.complaints
    q3 = scale.read_table(folders["partitioned"], "complaints",
                          where="received_at >= '2025-07-01' AND received_at < '2025-10-01'")
    want = c[(c["received_at"] >= "2025-07-01") & (c["received_at"] < "2025-10-01")]
    identical(q3, want.reset_index(drop=True))
    ids = {}
    for layout, folder in folders.items():
        s = scale.read_table(folder, "complaints", columns=["complaint_id", "category"],
                             sample=0.2, seed=3)
        e = scale.read_table(folder, "events", sample=0.2, seed=3)
        assert set(e["complaint_id"]) <= set(s["complaint_id"])
        assert list(s.columns) == ["complaint_id", "category"]
        assert s["category"].dtype == c["category"].dtype
        ids[layout] = list(s["complaint_id"])
    assert ids["single"] == ids["partitioned"]
    assert 0.15 < len(ids["single"]) / len(c) < 0.25
    other = scale.read_table(folders["single"], "complaints", sample=0.2, seed=4)
    assert list(other["complaint_id"]) != ids["single"]
    with pytest.raises(ValueError, match="sample must be a share"):
        scale.read_table(folders["single"], "complaints", sample=20)
