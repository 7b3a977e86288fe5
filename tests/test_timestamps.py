"""One rule for time zones and timestamps (issue 9, item 4), in every reader and analysis.

The rule is ``complaintkit.schema.TIME_RULE``: a zone-aware time is the wall-clock time of its
own zone (the local time of day decides the day); text is ISO 8601 only (readers parse it,
analyses refuse it with the line that converts it; day/month is never guessed); one zone per
column; missing times are counted and reported. Each case below gets the right answer or a
clear error: never a raw pandas traceback.
"""

import warnings

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit import schema
from complaintkit.analysis import _checks as checks

SH = "Asia/Shanghai"


# --------------------------------------------------------------------------- readers
@pytest.fixture(scope="module")
def complaints_text():
    """Four complaints of the shipped world as CSV text."""
    c = ck.load_dataset("ecommerce_en").complaints.head(4).reset_index(drop=True)
    return c.astype(str).where(c.notna())


def _conform_times(df, values, column="received_at"):
    return schema.conform(df.assign(**{column: values}), "complaints", source="c.csv")[column]


def test_conform_iso_text_with_a_zone_is_its_wall_clock_time(complaints_text):
    got = _conform_times(complaints_text, ["2025-03-31T23:30:00+08:00", "2025-03-31 23:30+0800",
                                           "2025-04-01T00:30:00.9+08:00", "2025-04-01T01:00+08"])
    assert got.dtype == "datetime64[s]"
    assert got.tolist() == [pd.Timestamp("2025-03-31 23:30"), pd.Timestamp("2025-03-31 23:30"),
                            pd.Timestamp("2025-04-01 00:30"),  # a fraction of a second floored
                            pd.Timestamp("2025-04-01 01:00")]


def test_conform_utc_text_and_zone_aware_columns(complaints_text):
    got = _conform_times(complaints_text, ["2025-03-31T15:30:00Z"] * 4)
    assert (got == pd.Timestamp("2025-03-31 15:30")).all()
    aware = pd.Series(pd.to_datetime(["2025-03-31 15:30"] * 4).tz_localize("UTC")).dt.tz_convert(SH)
    got = _conform_times(complaints_text, aware)
    assert (got == pd.Timestamp("2025-03-31 23:30")).all()  # Shanghai's clock, not UTC's


@pytest.mark.parametrize("values, match", [
    (["2025-03-04", "03-04-25", "2025-03-04", "2025-03-04"],
     r"complaints.received_at: '03-04-25' in row 1 is not an ISO 8601 date .* day and month are "
     r"not guessed; .*pd.to_datetime\(df\['received_at'\], format='%d-%m-%y'\)"),
    (["2025-03-04", "04/03/2025", "2025-03-05 10:00", "5 March 2025"],
     r"'04/03/2025' in rows 1, 3 is not an ISO 8601 date"),
    (["2025-03-04T10:00+08:00", "2025-03-04T10:00Z", "2025-03-04T10:00+08:00", "2025-03-04"],
     r"mixes time zones \(\+00:00, \+08:00, no zone\), e.g. '2025-03-04T10:00\+08:00' in row 0 "
     r"and '2025-03-04T10:00Z' in row 1: .*tz_convert"),
    (["2025-03-04"] * 3 + ["2025-02-30"], r"'2025-02-30' is not a calendar date and time in row 3"),
    ([1741046400] * 4, r"holds numbers \(int64\), not dates: .*unit='s'"),
    (["2025-03-04"] * 3 + [None], r"complaints.received_at has empty values in row 3"),
    (["2025-03-04"] * 3 + ["NaT"], r"'NaT' in row 3 is not an ISO 8601 date"),
])
def test_conform_refuses_what_it_would_have_to_guess(complaints_text, values, match):
    with pytest.raises(schema.SchemaError, match=match):
        _conform_times(complaints_text, values)


def test_conform_mixed_zone_objects_are_refused(complaints_text):
    mixed = [pd.Timestamp("2025-03-04 10:00", tz=SH), pd.Timestamp("2025-03-04 10:00", tz="UTC"),
             pd.Timestamp("2025-03-04 11:00", tz=SH), pd.Timestamp("2025-03-04 12:00", tz=SH)]
    with pytest.raises(schema.SchemaError, match=r"mixes time zones \(Asia/Shanghai, UTC\)"):
        _conform_times(complaints_text, pd.Series(mixed, dtype=object))


def test_conform_keeps_missing_where_the_schema_allows(complaints_text):
    got = _conform_times(complaints_text, ["2025-03-04 10:00", None, "", "2025-03-05"],
                         column="resolved_at")
    assert got.isna().tolist() == [False, True, True, False]


# --------------------------------------------------------------------------- analyses
def _stamps(tz=SH) -> pd.DataFrame:
    """Two complaints either side of midnight in Shanghai; both on 31 March in UTC."""
    utc = pd.Series(pd.to_datetime(["2025-03-31 15:30", "2025-03-31 16:30"])).dt.tz_localize("UTC")
    return pd.DataFrame({"received_at": utc.dt.tz_convert(tz), "x": [1, 2]})


def test_zone_aware_times_count_by_their_own_wall_clock():
    df = _stamps()
    assert ck.in_period(df, "2025-03")["x"].tolist() == [1]
    assert ck.in_period(df, "2025-04-01")["x"].tolist() == [2]
    daily = ck.complaint_counts(df, freq="D")
    assert dict(zip(daily["period"].dt.strftime("%m-%d"), daily["n"], strict=True)) == \
        {"03-31": 1, "04-01": 1}
    utc = _stamps("UTC")  # the same instants on UTC's clock: both on 31 March
    assert ck.in_period(utc, "2025-03")["x"].tolist() == [1, 2]
    assert ck.complaint_counts(utc, freq="M")["n"].tolist() == [2]


@pytest.fixture(scope="module")
def frame():
    w = ck.load_dataset("ecommerce_en")
    return ck.complaint_frame(w.complaints, w.surveys, agents=w.agents)


def test_kpis_by_month_use_the_local_clock(frame):
    """Naive times read as UTC and shown in Shanghai: periods of the times 8 hours later."""
    aware = frame.assign(received_at=frame["received_at"].dt.tz_localize("UTC")
                         .dt.tz_convert(SH))
    shifted = frame.assign(received_at=frame["received_at"] + pd.Timedelta(hours=8))
    a, b = ck.kpis(aware, freq="M"), ck.kpis(shifted, freq="M")
    pd.testing.assert_frame_equal(a.table, b.table)
    n = a.table.loc[a.table["kpi"] == "complaints"].set_index("period")["n"]
    hand = shifted["received_at"].dt.to_period("M").dt.start_time.value_counts()
    assert n.to_dict() == hand.sort_index().to_dict()
    assert any("local time in received_at (time zone Asia/Shanghai)" in x for x in a.notes)


def test_training_effect_takes_zone_aware_times_as_local(frame):
    base = ck.training_effect(frame, n_boot=0)
    aware = ck.training_effect(frame.assign(received_at=frame["received_at"].dt.tz_localize(SH)),
                               n_boot=0)
    pd.testing.assert_frame_equal(base.table, aware.table)


def _text(df, values):
    return df.assign(received_at=values)


def _analyses(df):
    """Each analysis that takes a time column, called on ``df``."""
    return {
        "in_period": lambda: ck.in_period(df, "2025-03"),
        "complaint_counts": lambda: ck.complaint_counts(df, freq="M"),
        "kpis": lambda: ck.kpis(df, freq="M"),
        "training_effect": lambda: ck.training_effect(df, n_boot=0),
    }


CASES = {
    "iso text": (lambda t: t.dt.strftime("%Y-%m-%dT%H:%M:%S"),
                 r"not \w+ \(e.g. '2025-.*'\): analyses do not parse "
                 r"text; convert the column once with df\['received_at'\] = "
                 r"pd.to_datetime\(df\['received_at'\], format='ISO8601'\)"),
    "iso text with a zone": (lambda t: t.dt.strftime("%Y-%m-%d %H:%M:%S+08:00"),
                             r"not \w+ \(e.g. '2025-.*\+08:00'\): analyses do not parse text"),
    "ambiguous text": (lambda t: t.dt.strftime("%d-%m-%y"),
                       r"not \w+: '\d\d-\d\d-25' in rows 0, 1, .* is not an ISO 8601 date .* day "
                       r"and month are not guessed; .* format='%d-%m-%y'"),
    "mixed formats": (lambda t: t.dt.strftime("%Y-%m-%d").where(
        np.arange(len(t)) % 2 == 0, t.dt.strftime("%m/%d/%Y")),
        r"not \w+: '\d\d/\d\d/2025' in rows 1, 3, 5, 7, 9 and [\d,]+ more is not an ISO 8601 date"),
    "mixed zones": (lambda t: pd.Series([v.tz_localize(SH if i % 2 else "UTC")
                                         for i, v in enumerate(t)], index=t.index, dtype=object),
                    r"not object: mixes time zones \(Asia/Shanghai, UTC\), e.g. .* in row 0 and "
                    r".* in row 1: .*pd.to_datetime\(df\['received_at'\], utc=True\)"),
    "epoch numbers": (lambda t: (t - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1),
                      r"not int64: holds numbers \(int64\), not dates: .*unit='s'"),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("analysis", ["in_period", "complaint_counts", "kpis", "training_effect"])
def test_every_analysis_gives_the_same_clear_error(frame, analysis, case):
    make, match = CASES[case]
    df = _text(frame, make(frame["received_at"]))
    with pytest.raises(TypeError, match=r"time column 'received_at' must hold dates and times, "
                       + match):
        _analyses(df)[analysis]()


def test_missing_times_are_counted_and_reported(frame):
    df = frame.copy()
    df.loc[df.index[[0, 5, 9]], "received_at"] = pd.NaT
    warn = r"time column 'received_at' is empty in 3 of 7,222 rows \(rows 0, 5, 9\)"
    with pytest.warns(UserWarning, match=warn):
        assert len(ck.in_period(df, "2025")) == len(df) - 3
    with pytest.warns(UserWarning, match=warn):
        assert ck.complaint_counts(df, freq="M")["n"].sum() == len(df) - 3
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        res = ck.kpis(df, freq="M")  # kept as a period of its own, and said so
    assert any("received_at is missing for 3 complaints" in x for x in res.notes)
    with pytest.raises(ValueError, match=warn + r": .* df.dropna\(subset=\['received_at'\]\)"):
        checks.times(df, "received_at", missing="error")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert checks.times(df, "received_at", missing="keep").isna().sum() == 3


def test_times_returns_the_wall_clock_and_keeps_the_index():
    df = _stamps().set_axis([10, 20])
    ts = checks.times(df, "received_at")
    assert ts.index.tolist() == [10, 20]
    assert ts.tolist() == [pd.Timestamp("2025-03-31 23:30"), pd.Timestamp("2025-04-01 00:30")]
    with pytest.raises(ValueError, match="missing must be one of"):
        checks.times(df, "received_at", missing="drop")


def test_the_rule_is_written_once():
    assert "local time of day decides the day" in schema.TIME_RULE
    assert "TIME_RULE" in (checks.times.__doc__ or "")
    assert "TIME_RULE" in (schema.conform.__doc__ or "")


@pytest.mark.parametrize("value, want", [
    ("2025-03-04", pd.Timestamp("2025-03-04")),
    ("2025-03-04T23:30+08:00", pd.Timestamp("2025-03-04 23:30")),
    (pd.Timestamp("2025-03-04 15:30", tz="UTC").tz_convert(SH), pd.Timestamp("2025-03-04 23:30")),
    (pd.Timestamp("2025-03-04").date(), pd.Timestamp("2025-03-04")),
    (np.datetime64("2025-03-04T10:00"), pd.Timestamp("2025-03-04 10:00")),
])
def test_date_arguments_follow_the_same_rule(value, want):
    assert checks.timestamp("start", value) == want


@pytest.mark.parametrize("value, match", [
    ("03-04-25", r"start must be a date such as '2025-07-01': '03-04-25' is not an ISO 8601 "
                 r"date .*format='%d-%m-%y'"),
    ("2025-02-30", r"'2025-02-30' is not a calendar date and time$"),
    ("", r"not an empty value"), (None, r"not None"), (20250304, r"not 20250304"),
    (True, r"not True"), (float("nan"), r"not nan"),
])
def test_date_arguments_that_would_need_a_guess_are_refused(value, match):
    with pytest.raises(ValueError, match=match):
        checks.timestamp("start", value)
