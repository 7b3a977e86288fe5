"""ck.validate (issue 10, item 4): every problem with its column, rows and reason, errors apart
from warnings, from the one schema (pandera generated from schema.TABLES); strict raises one
readable SchemaError; validate and conform agree; the data dictionary is current."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit import schema, validation

ROOT = Path(__file__).resolve().parents[1]



def validate_en(df, *args, **kwargs):
    """ck.validate with English texts: these tests check the English words, and the world
    here is a zh one (whose validation speaks Chinese by default, issue 13 item 4;
    tests/test_i18n_data.py checks the Chinese)."""
    return ck.validate(df, *args, **{"locale": "en_US", **kwargs})

@pytest.fixture(scope="module")
def world():
    return ck.generate("ecommerce", seed=3, n_complaints=300, locale="zh_CN")


@pytest.fixture(scope="module")
def raw(world):
    """Complaints as a CSV reader without dtypes gives them (text, missing as NaN)."""
    c = world.complaints
    return c.astype(object).astype(str).where(c.notna())


def _found(report):
    """(severity, column, rows) of every problem."""
    return [(p.severity, p.column, p.rows) for p in report.problems.itertuples()]


# --------------------------------------------------------------------------- clean tables
@pytest.mark.parametrize("table", ck.world.TABLE_NAMES)
def test_every_table_of_a_world_passes(world, table):
    report = validate_en(world.tables[table], table)
    assert report.ok and report.problems.empty, report.summary()
    assert report.summary().endswith("passes the schema")


def test_text_as_read_from_csv_passes(raw):
    assert validate_en(raw).ok


def test_the_pandera_schema_is_generated_from_the_one_schema():
    for table, cols in schema.TABLES.items():
        pa_schema = validation.pandera_schema(table)
        assert list(pa_schema.columns) == [c.name for c in cols]
        for c in cols:
            column = pa_schema.columns[c.name]
            assert column.nullable == c.nullable and not column.required
            names = [k.name for k in column.checks]
            assert ("low" in names) == (c.low is not None), c.name
            assert ("high" in names) == (c.high is not None), c.name
        assert pa_schema.unique == list(schema.KEYS[table])


# --------------------------------------------------------------------------- bad values
def _bad(raw, **cells):
    df = raw.copy()
    for column, pairs in cells.items():
        df[column] = df[column].astype(object)
        for rows, value in pairs:
            df.loc[rows, column] = value
    return df


def test_wrong_types_are_errors_with_rows(raw):
    df = _bad(raw, contacts=[([1, 2], "two")], received_at=[([4], "03-04-25")],
              escalated=[([5], "maybe")], compensation_amount=[([6], "¥5")])
    report = validate_en(df)
    assert _found(report) == [("error", "received_at", [4]),
                              ("error", "compensation_amount", [6]),
                              ("error", "contacts", [1, 2]), ("error", "escalated", [5])]
    reasons = report.problems.reason.tolist()
    assert reasons[0].startswith("'03-04-25' is not an ISO 8601 date-time")
    assert reasons[1] == "'¥5' is not a number"
    assert reasons[2] == "'two' is not a number"


def test_every_problem_of_one_column_is_listed(raw):
    df = _bad(raw, contacts=[([1], "2.5"), ([2], "-1"), ([3], "1e20"), ([4], "inf"), ([5], True)])
    report = validate_en(df)
    assert dict(zip(report.problems.reason, report.problems.rows, strict=True)) == {
        "True is true/false, not a number": [5], "'inf' is not a finite number": [4],
        "'1e20' is too large to hold a whole number exactly (beyond 2**53)": [3],
        "'2.5' is not a whole number (nothing is rounded)": [1],
        "'-1' is below the smallest allowed value (0)": [2]}


def test_empty_values_where_the_schema_needs_one(raw):
    df = _bad(raw, priority=[([1, 9], np.nan)], received_at=[([3], "  ")],
              resolved_at=[([2], np.nan)])  # resolved_at may be empty
    report = validate_en(df)
    assert _found(report) == [("error", "received_at", [3]), ("error", "priority", [1, 9])]
    assert set(report.problems.reason) == {"empty where the schema needs a value"}


def test_empty_text_is_a_warning_not_an_error(raw):
    """A CFPB export publishes a narrative only with the consumer's consent: most are empty."""
    df = _bad(raw, narrative=[([0, 4, 7], np.nan)])
    report = validate_en(df)
    assert report.ok
    assert _found(report) == [("warning", "narrative", [0, 4, 7])]
    assert "kept as missing text" in report.warnings.reason.iloc[0]


def test_bounds_negative_counts_and_nps_11(world):
    s = world.surveys.astype({"nps": object})
    answered = s.index[s["nps"].notna()][:3]
    s.loc[answered[:2], "nps"] = 11
    s.loc[answered[2], "nps"] = -1
    report = validate_en(s, "surveys")
    assert _found(report) == [("error", "nps", [answered[2]]),
                              ("error", "nps", list(answered[:2]))]
    assert report.problems.reason.tolist() == [
        "-1 is below the smallest allowed value (0)", "11 is above the largest allowed value (10)"]


def test_unknown_levels_and_labels_of_the_wrong_kind(raw):
    df = _bad(raw, priority=[([3], "urgent"), ([4], "物流配送")], channel=[([0, 1], "高")])
    report = validate_en(df)
    assert _found(report) == [("error", "priority", [3, 4]), ("warning", "channel", [0, 1])]
    assert report.errors.reason.iloc[0] == (
        "'urgent', '物流配送' are not one of low, medium, high "
        "('物流配送' is a label of category 'delivery')")
    assert "'高' is a label of priority 'high'" in report.warnings.reason.iloc[0]


def test_kit_labels_are_warnings_and_mixed_locales_are_said(world):
    df = world.complaints.astype({"priority": object})
    en = ck.labels("en_US", "priority")
    zh = ck.labels("zh_CN", "priority")
    df["priority"] = [(zh if i % 2 else en)[v] for i, v in enumerate(world.complaints.priority)]
    report = validate_en(df)
    assert report.ok
    (reason,) = report.warnings.reason
    assert f"{len(df):,} values are kit labels" in reason and "zh and en labels mixed" in reason
    assert report.warnings.rows.iloc[0] == list(df.index)


def test_labelled_headers_are_read_as_names(world):
    report = validate_en(world.labelled("complaints"))
    assert report.ok
    headers = report.warnings[report.warnings.column == "(headers)"].reason.iloc[0]
    assert headers.startswith("26 headers are the kit's column labels")
    assert "渠道 -> channel" in headers


def test_duplicated_ids(raw, world):
    df = raw.copy()
    df.loc[5, "complaint_id"] = df.loc[4, "complaint_id"]
    report = validate_en(df)
    assert _found(report) == [("error", "complaint_id", [4, 5])]
    assert report.problems.reason.iloc[0] == (
        f"the same complaint_id on more than one row ({df.loc[4, 'complaint_id']!r})")
    events = world.events.copy()
    events.loc[1, ["complaint_id", "seq"]] = events.loc[0, ["complaint_id", "seq"]].to_numpy()
    assert _found(validate_en(events, "events")) == [("error", "complaint_id, seq", [0, 1])]


def test_a_key_column_absent_is_not_a_duplicate(world):
    """events without seq: complaint_id repeats by design; only the absent id is said."""
    report = validate_en(world.events.drop(columns="seq"), "events")
    assert _found(report) == [("warning", "seq", [])]


def test_numbers_in_a_date_time_column_get_the_line_that_converts_them(world):
    df = world.complaints.assign(closed_at=world.complaints["closed_at"].astype("int64"))
    reason = validate_en(df).errors.reason.iloc[0]
    assert reason.endswith("are numbers, not date-times: if they count seconds since 1970, "
                           "convert them with pd.to_datetime(df['closed_at'], unit='s')")


def test_mixed_time_zones(raw):
    df = _bad(raw, received_at=[([1], "2025-01-01 10:00+08:00")])
    assert validate_en(df).errors.reason.tolist() == [validation.MESSAGES["one_zone"]]


# --------------------------------------------------------------------------- columns
def test_absent_columns_are_warnings_that_say_what_for_except_the_id(raw):
    report = validate_en(raw.drop(columns=["complaint_id", "channel"]).assign(store="x", zip=1))
    assert _found(report) == [("error", "complaint_id", []), ("warning", "channel", []),
                              ("warning", "(extra)", [])]
    assert report.warnings.reason.tolist() == [
        "absent: needed for breakdowns by channel (kpis, pareto, compare)",
        "2 columns not in the schema of complaints, kept as they are: store, zip"]


def test_every_needed_for_names_a_real_column():
    for table, column in validation.NEEDED_FOR:
        assert column in [c.name for c in schema.columns(table)]


def test_duplicated_column_names(raw):
    df = pd.concat([raw, raw[["contacts"]]], axis=1)
    report = validate_en(df)
    assert _found(report) == [("error", "contacts", [])]
    assert report.problems.reason.iloc[0] == "2 columns have this name: keep one"


def test_empty_frame_no_columns_and_not_a_frame(raw):
    assert _found(validate_en(raw.iloc[:0])) == [("warning", "(table)", [])]
    report = validate_en(pd.DataFrame())
    assert _found(report) == [("error", "(table)", [])]
    assert report.problems.reason.iloc[0].startswith("none of the columns of complaints")
    for thing in ([1, 2], {"complaint_id": [1]}, None, raw["contacts"]):
        with pytest.raises(ck.SchemaError, match="validate takes a pandas DataFrame, but a"):
            validate_en(thing)
    with pytest.raises(ck.SchemaError, match="table must be one of"):
        validate_en(raw, "tickets")


# --------------------------------------------------------------------------- report
def test_strict_raises_one_error_listing_every_error(raw):
    df = _bad(raw, contacts=[([1], "-1")], priority=[([2], "urgent")]).drop(columns="narrative")
    with pytest.raises(ck.SchemaError) as err:
        validate_en(df, strict=True)
    lines = str(err.value).splitlines()
    assert lines[0] == ("complaints does not follow the schema (2 errors; warnings: see "
                        "ck.validate(df).summary()):")
    assert lines[1:] == ["  error    priority: 'urgent' is not one of low, medium, high (row 2)",
                         "  error    contacts: '-1' is below the smallest allowed value (0) "
                         "(row 1)"]
    assert validate_en(raw.drop(columns="narrative"), strict=True).warnings.shape[0] == 1


def test_summary_and_html(raw):
    df = _bad(raw, contacts=[(list(range(8)), "-1")])
    report = validate_en(df)
    assert report.summary().splitlines() == [
        f"complaints: {len(df):,} rows, 26 columns: 1 error",
        "  error    contacts: '-1' is below the smallest allowed value (0) (rows 0, 1, 2, 3, 4 "
        "and 3 more)"]
    assert str(report) == report.summary()
    html = report._repr_html_()
    assert "<table" in html and "rows 0, 1, 2, 3, 4 and 3 more" in html
    assert list(report.problems.columns) == ["severity", "column", "rows", "n_rows", "reason"]
    assert report.problems.n_rows.tolist() == [8]


# --------------------------------------------------------------------------- validate == conform
CELLS = st.one_of(st.none(), st.text(max_size=5), st.integers(-3, 20), st.booleans(),
                  st.floats(allow_nan=True, allow_infinity=True),
                  st.sampled_from(["2025-01-02", "2025-01-02 10:00", "02/01/2025", "yes", "否",
                                   "N/A", "high", "高", "Low", "10", "11", "2.0"]))
COLUMNS = ["received_at", "priority", "contacts", "compensation_amount", "escalated",
           "resolved_at", "category"]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(column=st.sampled_from(COLUMNS), cells=st.lists(CELLS, min_size=3, max_size=3))
def test_validate_has_errors_exactly_when_conform_refuses(raw, column, cells):
    df = raw.head(3).copy()
    df[column] = pd.Series(cells, index=df.index, dtype=object)
    report = validate_en(df)
    try:
        schema.conform(df, "complaints")
    except schema.SchemaError as e:
        assert not report.ok, f"conform refused ({e}) but validate passed"
        assert set(report.errors.column) == {column}
    else:
        assert report.ok, report.summary()


# --------------------------------------------------------------------------- data dictionary
def test_the_data_dictionary_page_is_current():
    page = (ROOT / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    assert page == schema.data_dictionary(), (
        "docs/data-dictionary.md is out of date: write it with "
        "complaintkit.schema.data_dictionary()")


def test_write_data_dictionary(tmp_path):
    out = schema.write_data_dictionary(tmp_path / "dd.md")
    assert out.read_text(encoding="utf-8") == schema.data_dictionary()


def test_the_data_dictionary_lists_every_table_and_column():
    page = schema.data_dictionary()
    for table, cols in schema.TABLES.items():
        assert f"## {table} (" in page
        for c in cols:
            row = next(line for line in page.splitlines() if line.startswith(f"| `{c.name}` |")
                       and c.meaning.replace("|", "/") in line)
            cells = [x.strip() for x in row.strip("|").split("|")]
            assert cells[5] == ("" if c.low is None else f"{c.low:g}")
            assert cells[6] == ("" if c.high is None else f"{c.high:g}")
            assert cells[7] == ("yes" if c.nullable else "no")
            assert all(f"`{v}`" in cells[4] for v in c.levels)
