"""schema.conform's shortcut for columns already in their canonical dtype (issue 14).

``_already_canonical`` lets the generator's own tables and a world the kit wrote to Parquet
through without re-reading every value; it must give exactly what the full path gives, and
leave to the full path every column it would change or refuse (so the errors stay the same).
Each test conforms a frame twice, with the shortcut and with it switched off, and compares.
"""

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit import schema
from complaintkit.generator import tables as gen_tables

pytestmark = pytest.mark.filterwarnings("ignore::complaintkit.schema.RecodedWarning")


def _full_path(monkeypatch):
    monkeypatch.setattr(schema, "_already_canonical", lambda *a: None)


def _both(df, table, monkeypatch, **kw):
    """conform with and without the shortcut: (result or error text) of each."""
    def run():
        try:
            return schema.conform(df, table, **kw)
        except schema.SchemaError as e:
            return f"SchemaError: {e}"
    fast = run()
    with monkeypatch.context() as m:
        _full_path(m)
        slow = run()
    return fast, slow


def _same(fast, slow):
    if isinstance(slow, str) or isinstance(fast, str):
        assert fast == slow
        return
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast.attrs == slow.attrs
    for col in fast.columns:
        a, b = fast[col], slow[col]
        assert a.dtype == b.dtype, col
        if isinstance(a.dtype, pd.CategoricalDtype):
            assert a.cat.categories.dtype == b.cat.categories.dtype, col
            assert list(a.cat.categories) == list(b.cat.categories), col
            assert a.cat.ordered == b.cat.ordered, col
            np.testing.assert_array_equal(a.cat.codes, b.cat.codes)


@pytest.fixture(scope="module", params=["en_US", "zh_CN"])
def generated(request):
    """The frames the generator hands to conform, as it hands them."""
    seen = {}
    real = gen_tables.conform

    def keep(df, table, **kw):
        seen[table] = (df.copy(), kw)
        return real(df, table, **kw)

    mp = pytest.MonkeyPatch()
    mp.setattr(gen_tables, "conform", keep)
    try:
        world = ck.generate(n_complaints=1500, seed=3, locale=request.param)
    finally:
        mp.undo()
    return world, seen


def test_generated_tables_take_the_shortcut_with_the_same_result(generated, monkeypatch):
    _, seen = generated
    for table, (df, kw) in seen.items():
        cats = kw.get("categories") or {}
        for c in schema.columns(table):  # every column of the kit's own tables is canonical
            assert schema._already_canonical(df[c.name], c, cats.get(c.name)) is not None, \
                (table, c.name, df[c.name].dtype)
        _same(*_both(df, table, monkeypatch, **kw))


def test_parquet_world_reads_the_same(generated, tmp_path, monkeypatch):
    world, _ = generated
    folder = world.to_parquet(tmp_path / "w")
    fast = ck.read_world(folder)
    with monkeypatch.context() as m:
        _full_path(m)
        slow = ck.read_world(folder)
    for name in fast.tables:
        _same(fast.tables[name], slow.tables[name])
        _same(fast.tables[name], world.tables[name])


@pytest.fixture(scope="module")
def orders_once():
    return ck.generate(n_complaints=200, seed=4).orders.head(40)


@pytest.fixture()
def orders(orders_once):
    return orders_once.copy()


def _cats(df):
    return {c: list(df[c].cat.categories) for c in df.columns
            if isinstance(df[c].dtype, pd.CategoricalDtype)}


def _set(df, col, rows, value):
    s = df[col].astype(object)
    s.iloc[rows] = value
    df[col] = s.astype(df[col].dtype)
    return df


def _zh_label(df, col):
    code = df[col].cat.categories[0]
    return df[col].cat.rename_categories({code: ck.labels("zh_CN")[col].get(code)})


def _with(col, fn):
    def change(df):
        df[col] = fn(df)
        return df
    return change


CHANGES = {
    "nothing": lambda df: df,
    "blank_id": lambda df: _set(df, "order_id", [2, 5], ""),
    "space_id": lambda df: _set(df, "customer_id", [3], "  \u3000"),
    "missing_id": lambda df: _set(df, "order_id", [1], np.nan),
    "object_ids": _with("order_id", lambda df: df["order_id"].astype(object)),
    "inf_amount": lambda df: _set(df, "amount", [4], np.inf),
    "negative_amount": lambda df: _set(df, "amount", [4], -1.0),
    "nan_amount": lambda df: _set(df, "amount", [4], np.nan),
    "negative_days": lambda df: _set(df, "promised_days", [6], -3),
    "datetime_ms": _with("ordered_at", lambda df: df["ordered_at"].astype("datetime64[ms]")
                         + pd.to_timedelta(np.arange(len(df)) * 7, unit="ms")),
    "missing_date": lambda df: _set(df, "ordered_at", [3], pd.NaT),
    # a kit label among the categories: read as its code
    "label_category": _with("carrier", lambda df: _zh_label(df, "carrier")),
    "blank_category": _with("problem", lambda df: df["problem"].cat.rename_categories(
        {df["problem"].cat.categories[0]: " "})),
    "reordered_levels": _with("carrier", lambda df: df["carrier"].cat.reorder_categories(
        list(df["carrier"].cat.categories)[::-1])),
    "object_levels": _with("carrier", lambda df: pd.Categorical(
        df["carrier"].astype(object),
        categories=pd.Index(list(df["carrier"].cat.categories), dtype=object))),
    "missing_code": _with("problem", lambda df: df["problem"].where(df.index != 5)),
    "extra_level": _with("carrier", lambda df: df["carrier"].cat.add_categories(["zz_new"])),
    "ordered_flag": _with("carrier", lambda df: df["carrier"].cat.as_ordered()),
    "float_days": _with("actual_days", lambda df: df["actual_days"].astype("float64")),
    "nullable_float": _with("amount", lambda df: df["amount"].astype("Float64")),
}


@pytest.mark.parametrize("change", list(CHANGES))
@pytest.mark.parametrize("with_cats", [True, False])
def test_awkward_columns_give_what_the_full_path_gives(orders, change, with_cats, monkeypatch):
    cats = _cats(orders)
    df = CHANGES[change](orders)
    _same(*_both(df, "orders", monkeypatch, categories=cats if with_cats else None))


def test_ratings_read_from_numbers(monkeypatch):
    """Ratings stored as numbers (Parquet gives float64 with NaN) are read without a pass
    per row, the same as before; true/false among them is still refused."""
    w = ck.generate(n_complaints=300, seed=2)
    s = w.surveys.copy()
    for col in ("csat", "rating_price"):
        s[col] = s[col].astype("float64")
    _same(*_both(s, "surveys", monkeypatch))
    s["csat"] = s["csat"].astype(object)
    s.loc[s.index[0], "csat"] = True
    fast, slow = _both(s, "surveys", monkeypatch)
    assert isinstance(fast, str) and fast == slow


def test_blank_ids_found_as_the_full_path_finds_them():
    """The shortcut's test of blank ids (pyarrow's utf8_is_space, or empty) is the full
    path's (strip, then empty) for every code point, and on columns with missing values."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chars = pa.array([chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000],
                     pa.large_string())
    np.testing.assert_array_equal(
        pc.utf8_is_space(chars).to_numpy(zero_copy_only=False),
        pc.equal(pc.utf8_trim_whitespace(chars), "").to_numpy(zero_copy_only=False))
    for values in (["a", "b"], ["a", " "], ["", "x"], ["a", None], [None], [], ["\u3000"],
                   ["a\u3000"], [" a"], ["\t\n", "b"], ["\u00a0"]):
        s = pd.Series(values, dtype="str")
        assert schema._any_blank_str(s) == bool(schema._is_blank(s).any()), values


def test_level_checks_kept_per_type():
    """The kept verdicts on a column's levels tell 1, 1.0 and True apart."""
    assert len({schema._typed([1]), schema._typed([1.0]), schema._typed([True])}) == 3
