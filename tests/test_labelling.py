"""``ck.labelled`` and ``Result.labelled()``: any table shown with labels, not codes, and its
column names as labels, in the data's language (issue 13 item 4)."""

from __future__ import annotations

import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.i18n import tr
from complaintkit.labelling import RESULT_COLUMNS

ZH = ck.labels("zh_CN")
EN = ck.labels("en_US")


@pytest.fixture(scope="module")
def zh_world():
    return ck.generate(n_complaints=400, locale="zh_CN", seed=3)


@pytest.fixture(scope="module")
def en_world():
    return ck.generate(n_complaints=400, seed=3)


def test_value_counts_in_chinese(zh_world):
    counts = zh_world.complaints["category"].value_counts()
    shown = ck.labelled(counts, "zh_CN")
    assert list(shown.index) == [ZH["category"][c] for c in counts.index]
    assert shown.index.name == "投诉类别" and shown.name == "投诉数"
    assert shown.tolist() == counts.tolist()
    assert counts.index[0] in ZH["category"]       # the original keeps its codes


def test_value_counts_in_english(en_world):
    counts = en_world.complaints["channel"].value_counts()
    shown = ck.labelled(counts)                      # no locale anywhere: English labels
    assert list(shown.index) == [EN["channel"][c] for c in counts.index]
    assert shown.index.name == "Channel" and shown.name == "count"


def test_the_tables_own_locale_is_used(zh_world):
    shown = ck.labelled(zh_world.complaints[["complaint_id", "priority", "channel"]].head())
    assert list(shown.columns) == ["投诉编号", "优先级", "渠道"]
    assert set(shown["优先级"]) <= set(ZH["priority"].values())
    assert list(ck.labelled(zh_world.complaints[["priority"]].head(), "en_US").columns) == [
        "Priority"]


def test_unknown_codes_and_other_columns_are_left_as_they_are():
    t = pd.DataFrame({"category": ["delivery", "total", None], "note": ["delivery"] * 3,
                      "n": [3, 4, 5]})
    shown = ck.labelled(t, "zh_CN")
    assert shown["投诉类别"].tolist()[:2] == ["物流配送", "total"]
    assert pd.isna(shown["投诉类别"].iloc[2])
    assert shown["note"].tolist() == ["delivery"] * 3          # not a label family's column
    assert shown["投诉数"].tolist() == [3, 4, 5]
    assert list(t.columns) == ["category", "note", "n"]        # the table itself unchanged


def test_categories_keep_their_order():
    t = pd.DataFrame({"priority": pd.Categorical(["low", "high"],
                                                 categories=["low", "medium", "high"],
                                                 ordered=True)})
    shown = ck.labelled(t, "zh_CN")["优先级"]
    assert list(shown.cat.categories) == ["低", "中", "高"] and shown.cat.ordered
    assert shown.tolist() == ["低", "高"]


def test_columns_name_the_family_or_restrict():
    t = pd.DataFrame({"level": ["delivery_delay", "oops"], "channel": ["phone", "app"]})
    by_dict = ck.labelled(t, "en_US", columns={"level": "sub_category"})
    assert by_dict["level"].tolist() == ["Delivery timeout", "oops"]
    assert by_dict["Channel"].tolist() == ["Phone", "App"]
    only = ck.labelled(t.iloc[:1], "zh_CN", columns=["level"])   # family from the values
    assert only["分组"].tolist() == ["配送超时"] and only["渠道"].tolist() == ["phone"]


def test_a_pivot_table_labels_both_axes():
    t = pd.crosstab(pd.Series(["phone", "app", "app"], name="channel"),
                    pd.Series(["low", "high", "low"], name="priority"))
    shown = ck.labelled(t, "zh_CN")
    assert shown.index.name == "渠道" and shown.columns.name == "优先级"
    assert set(shown.index) == {"电话", "App"} and set(shown.columns) == {"高", "低"}
    assert shown.loc["App", "高"] == 1


def test_a_result_table_in_its_own_language(zh_world, en_world):
    res = ck.pareto(zh_world.complaints, "category")
    shown = res.labelled()
    assert list(shown.columns[:3]) == ["投诉类别", "投诉数", "比例"]
    assert "label" not in shown.columns and "名称" not in shown.columns
    assert shown["投诉类别"].tolist() == [ZH["category"][c] for c in res.table["level"]]
    assert not any(c in shown.to_string() for c in ("cum_share", "vital_few", "product_quality"))
    en = ck.pareto(en_world.complaints, "category").labelled()
    assert en.columns[0] == "Category" and "Delivery" in set(en["Category"])
    assert "cum_share" in en.columns                       # English keeps the result's names


def test_a_drilldown_and_the_truth(zh_world):
    drill = ck.drilldown(zh_world.complaints, ["category", "sub_category"])
    kids = ck.labelled(drill.children(category="delivery"), "zh_CN")
    assert set(kids["投诉细分"].dropna()) <= set(ZH["sub_category"].values())
    truth = ck.labelled(zh_world.truth.iceberg, "zh_CN")
    assert set(truth["投诉类别"]) <= set(ZH["category"].values())


def test_multiindex():
    t = pd.DataFrame({"region": ["north", "east"], "tier": ["vip", "new"], "n": [1, 2]})
    shown = ck.labelled(t.set_index(["region", "tier"]), "zh_CN")
    assert list(shown.index) == [("华北", "VIP"), ("华东", "新客户")]
    assert list(shown.index.names) == ["地区", "客户等级"]


def test_every_result_column_has_a_chinese_name():
    assert all(tr(m, "zh_CN") != m for m in RESULT_COLUMNS.values())


def test_only_tables():
    with pytest.raises(TypeError, match="DataFrame or Series"):
        ck.labelled(["delivery"])
    with pytest.raises(TypeError, match="DataFrame 或 Series"):
        ck.labelled(["delivery"], "zh_CN")


def test_by_column_shows_the_overall_rows_as_all_in_the_language():
    t = pd.DataFrame({"by": ["all", "team"], "level": ["all", "phone"], "n": [10, 4]})
    zh = ck.labelled(t, "zh_CN")
    assert zh.iloc[0, 0] == "全部" and zh.iloc[1, 0] == "团队"
    assert ck.labelled(t, "en_US").iloc[0, 0] == "all"
