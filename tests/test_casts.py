"""No silent numeric damage (issue 9, item 3): every cast to a whole number is exact or an error.

Readers go through ``schema.conform`` (``_cast_number`` / ``to_int64``); analyses through
``_checks.weights`` and ``_checks.whole_numbers_or_float``. Each bad value gets an error that
names the table, the column, the rows and the value, or is kept exactly as it was given.
"""

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit import schema
from complaintkit.analysis import _checks as checks

INT64_MAX = int(np.iinfo(np.int64).max)


@pytest.fixture(scope="module")
def complaints():
    """Five complaints of the shipped world, as a CSV reader without dtypes gives them."""
    c = ck.load_dataset("ecommerce_en").complaints.head(5).reset_index(drop=True)
    return c.astype(str).where(c.notna())


@pytest.fixture(scope="module")
def surveys():
    s = ck.load_dataset("ecommerce_en").surveys.head(5).reset_index(drop=True)
    return s.astype(object).where(s.notna(), None)


def _refused(df, table, match):
    with pytest.raises(schema.SchemaError, match=match) as err:
        schema.conform(df, table, source=f"{table}.csv")
    return str(err.value)


# --------------------------------------------------------------------------- conform: int
@pytest.mark.parametrize("value, problem", [
    (1e20, r"1e\+20 is too large for a whole number"),          # was -9223372036854775808
    ("1e20", r"1e\+20 is too large for a whole number"),        # the same, read from text
    (-1e20, r"-1e\+20 is too large for a whole number"),
    (float(2 ** 53 + 2), r"9007199254740994.0 is too large"),   # no exact whole number
    ("-9223372036854775809", r"too large for a whole number"),  # would round to int64 min
    ("9223372036854775808", r"outside the int64 range"),        # int64 max + 1 (as uint64)
    (float("inf"), r"inf is not a finite number"),
    ("-inf", r"-inf is not a finite number"),
    (2.5, r"2.5 is not a whole number \(nothing is rounded\)"),
    ("3.0000001", r"3.0000001 is not a whole number"),
    (-1, r"-1 is below the smallest allowed value \(0\)"),
    ("-2", r"-2 is below the smallest allowed value \(0\)"),
    (True, r"True is true/false, not a number"),
])
def test_contacts_are_exact_or_refused(complaints, value, problem):
    df = complaints.copy()
    df["contacts"] = df["contacts"].astype(object)
    df.loc[[1, 3], "contacts"] = value
    msg = _refused(df, "complaints", problem)
    assert msg.startswith("complaints.csv: complaints.contacts: ")
    assert msg.endswith("in rows 1, 3"), msg


def test_a_bool_column_is_not_a_count(complaints):
    df = complaints.assign(contacts=[True, False, True, True, False])
    _refused(df, "complaints", r"complaints.contacts: holds true/false values \(bool\)")


def test_whole_numbers_are_kept_exactly(complaints):
    df = complaints.copy()
    df["contacts"] = ["0", "3", "9007199254740992", "7.0", " 2"]
    out = schema.conform(df, "complaints")
    assert out["contacts"].dtype == np.int64
    assert out["contacts"].tolist() == [0, 3, 2 ** 53, 7, 2]


def test_int64_limits_from_text_are_exact():
    """Text holding int64 max stays int64 max (never through a float)."""
    num = pd.to_numeric(pd.Series([str(INT64_MAX), "1"]))
    assert schema.to_int64(num).tolist() == [INT64_MAX, 1]


def test_nullable_ints_keep_missing_and_bounds(surveys):
    df = surveys.copy()
    df["nps"] = [None, "7", 10.0, "", None]
    df.loc[3, "nps"] = None
    out = schema.conform(df, "surveys")
    assert out["nps"].dtype == "Int64"
    assert out["nps"].isna().tolist() == [True, False, False, True, True]
    assert out["nps"].dropna().tolist() == [7, 10]
    for bad, problem in [(11, r"11 is above the largest allowed value \(10\)"),
                         (-1, r"-1 is below the smallest allowed value \(0\)"),
                         (1e20, r"too large for a whole number"), (6.5, "not a whole number"),
                         (float("inf"), "not a finite number")]:
        df2 = df.copy()
        df2.loc[2, "nps"] = bad
        msg = _refused(df2, "surveys", problem)
        assert "surveys.nps" in msg and msg.endswith("in row 2")


# --------------------------------------------------------------------------- conform: float
def test_decimal_columns_refuse_infinity_and_negatives(complaints):
    df = complaints.copy()
    df.loc[4, "compensation_amount"] = "inf"
    _refused(df, "complaints", r"compensation_amount: inf is not a finite number in row 4")
    df.loc[4, "compensation_amount"] = "-5"
    _refused(df, "complaints", r"compensation_amount: -5.0 is below the smallest allowed "
                               r"value \(0\) in row 4")
    df.loc[4, "compensation_amount"] = "1e308"  # huge but finite money is kept as given
    assert schema.conform(df, "complaints")["compensation_amount"].iloc[4] == 1e308


def test_text_that_is_no_number_names_the_value(complaints):
    df = complaints.copy()
    df.loc[2, "contacts"] = "three"
    _refused(df, "complaints", r"complaints.contacts: cannot read 'three' as int in row 2")


def test_to_int64_never_wraps_around():
    for values in ([1e20], [2.0 ** 63], [-(2.0 ** 63)], [np.inf], [np.nan, 2 ** 60 + 0.0]):
        with pytest.raises(schema.SchemaError, match="in row"):
            schema.to_int64(pd.Series(values))
    big = pd.Series([2 ** 64 - 1], dtype="uint64")
    with pytest.raises(schema.SchemaError, match="outside the int64 range"):
        schema.to_int64(big)
    out = schema.to_int64(pd.Series([np.nan, 4.0]), nullable=True)
    assert out.dtype == "Int64" and out.isna().tolist() == [True, False] and out[1] == 4


# --------------------------------------------------------------------------- analyses
def _w(values) -> pd.DataFrame:
    return pd.DataFrame({"x": list("aabc")[:len(values)], "w": values})


def test_weights_are_floats_never_cast():
    assert checks.weights(_w([1e20, 1e20, 1e20, 1.0]), "w").tolist() == [1e20, 1e20, 1e20, 1.0]
    w = checks.weights(_w(np.array([2 ** 62] * 3, dtype=np.int64)), "w")
    assert w.dtype == float and w.sum() == 3 * 2.0 ** 62  # an int64 sum would wrap around


@pytest.mark.parametrize("values, error, match", [
    ([1.0, np.nan, 2.0], ValueError, r"'w' has missing values in row 1 \(e.g. nan\)"),
    ([1.0, -2.0, 2.0], ValueError, r"'w' has negative values in row 1 \(e.g. -2.0\)"),
    ([1.0, np.inf, -np.inf], ValueError, r"'w' has negative values in row 2"),
    ([1.0, np.inf, 2.0], ValueError, r"'w' has infinite values in row 1 \(e.g. inf\)"),
    ([1e308, 1e308, 1.0], ValueError, r"adds up to more than a float can hold"),
    ([0.0, 0.0, 0.0], ValueError, r"sums to 0"),
    ([True, False, True], TypeError, r"must be numeric, not bool"),
    (["1", "2", "3"], TypeError, r"must be numeric"),
])
def test_bad_weights_are_refused(values, error, match):
    with pytest.raises(error, match=match):
        checks.weights(_w(values), "w")
    with pytest.raises(error, match=match):
        ck.pareto(_w(values), "x", weight="w")


def test_whole_numbers_or_float():
    f = checks.whole_numbers_or_float
    assert f(pd.Series([3.0, 0.0])).dtype == np.int64
    assert f(pd.Series([0.1 + 0.2 + 0.7, 2.0])).tolist() == [1, 2]  # a sum's rounding error
    assert f(pd.Series([1.9999999, 2.0])).tolist() == [1.9999999, 2.0]  # not truncated to 1
    assert f(pd.Series([1e20, 1.0])).tolist() == [1e20, 1.0]
    assert f(pd.Series([2.0 ** 53, 1.0])).dtype == np.int64
    assert f(pd.Series([2.0 ** 53 + 2, 1.0])).dtype == float
    assert f(pd.Series([np.inf, 1.0])).tolist() == [np.inf, 1.0]
    assert f(pd.Series([np.nan, 1.0])).dtype == float
    ints = pd.Series([1, 2], dtype=np.int64)
    assert f(ints) is ints


def test_pareto_huge_weights_give_the_right_counts_and_shares():
    """1e20 weights were counted as -9223372036854775808 (pareto's _int_if_whole)."""
    res = ck.pareto(_w([1e20, 1e20, 1e20, 1.0]), "x", weight="w")
    t = res.table.set_index("level")
    np.testing.assert_allclose(t["share"], [2 / 3, 1 / 3, 1 / 3e20], rtol=1e-12, atol=0)
    np.testing.assert_allclose(t["n"].astype(float), [2e20, 1e20, 1.0], rtol=1e-12, atol=0)
    assert "300,000,000,000,000,000,000 complaints" in res.summary()


def test_pareto_int64_weights_do_not_wrap_in_shares():
    res = ck.pareto(_w(np.array([2 ** 62] * 3, dtype=np.int64)), "x", weight="w")
    t = res.table.set_index("level")
    np.testing.assert_allclose(t["share"], [2 / 3, 1 / 3], rtol=1e-12, atol=0)


def test_pareto_whole_weights_print_as_counts():
    res = ck.pareto(_w([1.5, 1.5, 1.0, 2.0]), "x", weight="w")
    assert res.table["n"].dtype == np.int64 and res.table["n"].tolist() == [3, 2, 1]
    res = ck.pareto(_w([1.5, 1.0, 0.25, 2.0]), "x", weight="w")
    assert res.table["n"].tolist() == [2.5, 2.0, 0.25]  # not whole: kept as given
