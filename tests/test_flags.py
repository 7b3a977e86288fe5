"""One yes/no/N-A rule everywhere (issue 10, item 4): complaintkit.flags reads the words,
and schema.conform and ck.validate accept and refuse exactly what it does."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit import flags, schema

WORDS = sorted(flags.YES | flags.NO | flags.NOT_APPLICABLE)


@pytest.fixture(scope="module")
def complaints():
    """Four complaints of the shipped world, as text (as a CSV reader without dtypes gives)."""
    c = ck.load_dataset("ecommerce_en").complaints.head(4).reset_index(drop=True)
    return c.astype(str).where(c.notna())


# --------------------------------------------------------------------------- the rule
def test_every_way_of_writing_a_flag():
    s = pd.Series(["Yes", " no ", "TRUE", "false", "1", "0", "Y", "N", "是", "否", "N/A", "na",
                   "Not applicable", "不适用", "", None, np.nan])
    assert flags.read_flags(s, "x").tolist() == [
        "yes", "no", "yes", "no", "yes", "no", "yes", "no", "yes", "no", "n/a", "n/a", "n/a",
        "n/a", np.nan, np.nan, np.nan]


def test_booleans_and_numbers():
    assert flags.read_flags(pd.Series([True, False])).tolist() == ["yes", "no"]
    assert flags.read_flags(pd.Series([1.0, 0.0, np.nan])).tolist() == ["yes", "no", np.nan]
    assert flags.read_flags(pd.Series(pd.array([True, None], dtype="boolean"))).tolist() == [
        "yes", np.nan]


def test_not_applicable_and_empty_stay_apart():
    s = flags.read_flags(pd.Series(["N/A", "", "Yes", "N/A"]))
    assert flags.flag_counts(s) == {"yes": 1, "no": 0, "n/a": 2, "missing": 1}
    assert flags.as_bool(s).tolist() == [pd.NA, pd.NA, True, pd.NA]


def test_an_unknown_word_names_column_value_and_rows():
    s = pd.Series(["yes", "maybe", "no", "maybe"], index=[10, 11, 12, 13])
    with pytest.raises(ValueError, match=r"column 'disputed': 'maybe' is not yes, no or N/A "
                                         r"\(rows 11, 13\); the words understood are 0, "):
        flags.read_flags(s, "disputed")
    assert flags.unknown_words(s).tolist() == [False, True, False, True]


def test_looks_like_flags():
    assert flags.looks_like_flags(pd.Series(["Yes", "No", "N/A", None]))
    assert not flags.looks_like_flags(pd.Series(["Yes", "Maybe"]))
    assert not flags.looks_like_flags(pd.Series([None, ""], dtype=object))
    assert flags.looks_like_flags(pd.Series([True]))


def test_a_categorical_of_the_levels_passes_unchanged():
    s = pd.Series(pd.Categorical(["no", "yes"], categories=["yes", "no"]))
    assert flags.read_flags(s).cat.categories.tolist() == list(flags.LEVELS)


# --------------------------------------------------------------------------- one rule in conform
@pytest.mark.parametrize("word", WORDS)
def test_conform_and_validate_read_every_word_as_the_rule_does(complaints, word):
    df = complaints.assign(escalated=[word, "no", "yes", word])
    level = flags.read_flags(pd.Series([word])).iloc[0]
    report = ck.validate(df)
    if level == "n/a":
        with pytest.raises(schema.SchemaError, match=r"complaints.escalated: .* \(not "
                                                     r"applicable\) in rows 0, 3: this column"):
            schema.conform(df, "complaints")
        assert report.errors[["column", "rows"]].values.tolist() == [["escalated", [0, 3]]]
    else:
        out = schema.conform(df, "complaints")["escalated"]
        assert out.dtype == bool
        assert out.tolist() == [level == "yes", False, True, level == "yes"]
        assert report.ok


@pytest.mark.parametrize("word", ["maybe", "2", "ja", "是否"])
def test_conform_and_validate_refuse_what_the_rule_refuses(complaints, word):
    df = complaints.assign(sla_met=["yes", word, "no", "no"])
    with pytest.raises(schema.SchemaError, match=rf"complaints.sla_met: '{word}' is not yes or "
                                                 r"no in row 1 \(the words understood: "):
        schema.conform(df, "complaints")
    errors = ck.validate(df).errors
    assert errors[["column", "rows"]].values.tolist() == [["sla_met", [1]]]
    assert errors.reason.iloc[0].startswith(f"'{word}' is not yes or no")


@settings(max_examples=20, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(WORDS + [w.upper() for w in WORDS]), st.text(max_size=4),
                          st.booleans(), st.integers(-2, 2)), min_size=4, max_size=4))
def test_conform_validate_and_flags_agree_on_any_values(complaints, values):
    df = complaints.assign(reopened=pd.Series(values, dtype=object))
    s = df["reopened"]
    blank = s.map(lambda v: isinstance(v, str) and not v.strip())
    unknown = flags.unknown_words(s).any()
    na = (not unknown) and (flags.read_flags(s) == "n/a").any()
    expect_ok = not (unknown or na or blank.any())
    assert ck.validate(df).ok == expect_ok
    try:
        out = schema.conform(df, "complaints")
    except schema.SchemaError:
        assert not expect_ok
    else:
        assert expect_ok
        assert out["reopened"].tolist() == flags.as_bool(s).tolist()


def test_an_unreadable_number_is_shown_as_the_user_wrote_it():
    with pytest.raises(ValueError, match=r"column 'x': 2 is not yes, no or N/A \(row 2\)") as e:
        flags.read_flags(pd.Series([0, 1, 2]), "x")
    assert "np." not in str(e.value)
