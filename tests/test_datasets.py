"""The shipped datasets: catalogue, datasheets, the real Joyo counts, and freshness."""

import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.data import WORLDS, data_dir
from complaintkit.schema import TABLES


def test_catalogue_lists_every_dataset_folder():
    cat = ck.datasets()
    assert {"ecommerce_en", "ecommerce_zh", "joyo_delivery_timeout"} <= set(cat["name"])
    for name in cat["name"]:
        assert (data_dir() / name / "datasheet.md").exists(), name


def test_catalogue_speaks_the_readers_language():
    """ck.datasets(locale="zh_CN") gives the titles and uses in Chinese (issue 13 item 4);
    English is the catalogue as written."""
    import re

    zh = ck.datasets(locale="zh_CN")
    for column in ("title", "suits"):   # function names a user types may stay
        words = zh[column].str.replace(r"pareto|drilldown|improvement_plan", "", regex=True)
        assert not words.map(lambda t: bool(re.search("[A-Za-z]", t))).any(), column
    en = ck.datasets()
    assert en.equals(pd.read_csv(data_dir() / "datasets.csv", encoding="utf-8"))
    assert en.equals(ck.datasets(locale="en_US"))


@pytest.mark.parametrize("spec", WORLDS, ids=lambda s: s.name)
def test_shipped_worlds_load_with_their_locale(spec):
    """That rebuilding with the documented command gives the shipped data (no stale files) is
    tested on the command itself, tests/test_cli.py::test_datasets_build (one build, not two)."""
    shipped = ck.load_dataset(spec.name)
    assert shipped.locale == spec.locale
    assert set(shipped.tables) == set(TABLES)


@pytest.mark.parametrize("name", ["ecommerce_en", "ecommerce_zh"])
def test_datasheets_document_every_column_and_the_truth(name):
    sheet = (data_dir() / name / "datasheet.md").read_text(encoding="utf-8")
    for table, cols in TABLES.items():
        assert f"### {table}" in sheet
        for c in cols:
            assert f"| {c.name} |" in sheet, (table, c.name)
    for section in ("## Purpose", "## How it was generated", "## The truth",
                    "## Known limitations", "seed=2025"):
        assert section in sheet


def test_shipped_datasets_stay_small():
    for name in ("ecommerce_en", "ecommerce_zh"):
        size = sum(p.stat().st_size for p in (data_dir() / name).rglob("*") if p.is_file())
        assert size < 8 * 2**20, f"{name} is {size / 2**20:.1f} MB"


def test_joyo_table_has_the_published_counts():
    joyo = ck.load_dataset("joyo_delivery_timeout")
    assert len(joyo) == 10 and joyo.notna().all().all()
    assert joyo["count"].sum() == 1094
    requested = joyo["sub_type"].astype(str).str.startswith("customer_requested")
    assert joyo.loc[requested, "count"].sum() == 530
    assert joyo["count"].tolist() == [270, 270, 260, 100, 80, 34, 30, 25, 20, 5]
    assert set(joyo["department"]) <= {"logistics", "warehouse", "purchasing",
                                       "customer_service", "tech", "finance"}
    # its sub-types are the generator's delivery-delay root causes
    sc = ck.get_scenario("ecommerce")
    assert list(joyo["sub_type"].astype(str)) == list(
        sc.problems["delivery_delay"].root_causes)


def test_load_dataset_errors_are_helpful():
    with pytest.raises(ValueError, match="name must be one of .*'ecommerce_en'"):
        ck.load_dataset("ecommerce")
    with pytest.raises(TypeError, match="not DataFrame"):
        ck.load_dataset(pd.DataFrame())
