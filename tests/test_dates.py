"""parse_dates: formats found per row, day/month order decided only by the data (issue 10,
item 2). Every expected date is written from a known truth (dates drawn first, then formatted),
so a swap of day and month cannot pass."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from complaintkit.readers.dates import PIVOT, parse_dates

WIDE = dict(earliest="1950-01-01", latest="2100-01-01")


def truth_dates(n: int, seed: int, start="2023-01-01", days=365) -> pd.Series:
    rng = np.random.default_rng(seed)
    return pd.Series(pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, n), unit="D"))


def ymd(p) -> list:
    return [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in p.values]


# --------------------------------------------------------------------------- the FCC case
def test_fcc_mixed_iso_and_dd_mm_yy_gives_the_true_dates():
    """A column mixing ISO and dd-mm-yy dates (the FCC export in issue 10): every row's date
    is right, where pandas' own mixed parsing moves the ambiguous rows across the year."""
    truth = truth_dates(400, seed=1)
    rng = np.random.default_rng(2)
    iso = rng.random(len(truth)) < 0.5
    text = pd.Series(np.where(iso, truth.dt.strftime("%Y-%m-%d"),
                              truth.dt.strftime("%d-%m-%y")))
    p = parse_dates(text, "date_received")
    assert not p.failed.any()
    assert (p.values == truth).all()
    assert p.formats == {"yyyy-mm-dd": int(iso.sum()), "dd-mm-yy": int((~iso).sum())}
    assert "dd-mm-yy: day-first, decided by rows" in p.how
    # the trap this avoids: pandas reads the ambiguous dd-mm-yy rows month-first
    naive = pd.to_datetime(text, format="mixed", errors="coerce")
    swapped = (naive != truth) & naive.notna()
    assert swapped.sum() > 50


def test_month_first_decided_by_a_second_field_above_12():
    truth = truth_dates(60, seed=3)
    p = parse_dates(truth.dt.strftime("%m/%d/%Y"), "received")
    assert (p.values == truth).all()
    assert "mm/dd/yyyy: month-first" in p.how and "second field above 12" in p.how


def test_each_format_is_decided_by_its_own_rows():
    """dd-mm-yy rows (day-first by their own evidence) next to mm/dd/yyyy rows (month-first)."""
    s = pd.Series(["25-03-24", "04-03-24", "03/25/2024", "04/03/2024", "2024-04-03"])
    p = parse_dates(s, "d")
    assert ymd(p) == ["2024-03-25", "2024-03-04", "2024-03-25", "2024-04-03", "2024-04-03"]
    assert p.formats == {"dd-mm-yy": 2, "mm/dd/yyyy": 2, "yyyy-mm-dd": 1}


# --------------------------------------------------------------------------- refused
def test_undecidable_rows_are_refused_with_the_rows_named():
    s = pd.Series(["03/04/2024", "05/06/2024", "07/07/2024", "2024-01-02"],
                  index=[11, 12, 13, 14])
    p = parse_dates(s, "opened")
    assert p.failed.tolist() == [True, True, False, False]
    assert list(p.reasons.index) == [11, 12]
    assert "order='day-first'" in p.reasons[11]
    assert "rows 11, 12 refused" in p.how
    # day == month reads the same either way: kept
    assert ymd(p)[2:] == ["2024-07-07", "2024-01-02"]


def test_rows_that_decide_both_ways_refuse_the_format():
    s = pd.Series(["25/03/2024", "03/25/2024", "04/05/2024"])
    p = parse_dates(s, "d")
    assert p.failed.all()
    assert "decide both ways (day-first: row 0; month-first: row 1)" in p.how
    assert p.values.isna().all()


def test_order_given_reads_and_never_swaps():
    s = pd.Series(["03/04/2024", "03/25/2024", "2024-01-05"])
    p = parse_dates(s, "d", order="day-first")
    assert ymd(p) == ["2024-04-03", None, "2024-01-05"]
    assert "would need month 25" in p.reasons[1]
    p = parse_dates(s, "d", order="month-first")
    assert ymd(p) == ["2024-03-04", "2024-03-25", "2024-01-05"]
    p = parse_dates(s, "d", order="iso")
    assert ymd(p) == [None, None, "2024-01-05"]
    assert "not ISO 8601" in p.reasons[0]


def test_not_a_date_and_unknown_text_are_refused():
    s = pd.Series(["31/02/2024", "2024-02-30", "soon", "12:30", "2023年2月29日", "", None])
    p = parse_dates(s, "d")
    assert p.failed.tolist() == [True] * 5 + [False, False]
    assert "either way" in p.reasons[0]
    assert "no month 2 with a day 30" in p.reasons[1]
    assert "not a date in a format" in p.reasons[2]


# --------------------------------------------------------------------------- range, pivot
def test_range_refuses_implausible_dates():
    future = (pd.Timestamp.today() + pd.DateOffset(years=2)).strftime("%Y-%m-%d")
    p = parse_dates(pd.Series(["1989-12-31", "1990-01-01", future]), "d")
    assert p.failed.tolist() == [True, False, True]
    assert "outside the plausible range 1990-01-01" in p.reasons[0]
    wide = parse_dates(pd.Series(["1989-12-31"]), "d", earliest="1980-01-01")
    assert not wide.failed.any()


def test_two_digit_year_pivot():
    s = pd.Series([f"13-01-{PIVOT:02d}", f"13-01-{PIVOT + 1:02d}", "13-01-00"])
    p = parse_dates(s, "d", **WIDE)
    assert ymd(p) == [f"20{PIVOT}-01-13", f"19{PIVOT + 1}-01-13", "2000-01-13"]
    assert "00-68 are 20xx, 69-99 are 19xx" in p.how


# --------------------------------------------------------------------------- other formats
def test_chinese_named_month_times_and_twelve_hour_clock():
    s = pd.Series(["2024年3月5日", "2024年3月5日 14:30", "5 Mar 2024", "March 7, 2024",
                   "05-Mar-24", "2024-03-05T10:15:30.5", "03/04/2024 1:30 PM",
                   "04/25/2024 12:05 AM"])
    p = parse_dates(s, "d")
    assert not p.failed.any(), p.reasons.tolist()
    assert p.values.tolist() == [pd.Timestamp(x) for x in [
        "2024-03-05", "2024-03-05 14:30", "2024-03-05", "2024-03-07", "2024-03-05",
        "2024-03-05 10:15:30.5", "2024-03-04 13:30", "2024-04-25 00:05"]]


def test_zones_wall_clock_and_one_zone_per_column():
    p = parse_dates(pd.Series(["2024-03-05 23:30+08:00", "2024-03-06 01:00+08:00"]), "d")
    assert p.values.tolist() == [pd.Timestamp("2024-03-05 23:30"),
                                 pd.Timestamp("2024-03-06 01:00")]
    p = parse_dates(pd.Series(["2024-03-05 23:30+08:00", "2024-03-06 01:00+08:00",
                               "2024-03-06 01:00Z"]), "d")
    assert p.failed.tolist() == [False, False, True]
    assert "one zone per column" in p.reasons[2]


def test_datetime_values_and_excel_serials():
    s = pd.Series(pd.to_datetime(["2024-01-01 10:00", None]).tz_localize("Asia/Shanghai"))
    assert parse_dates(s, "d").values.tolist()[0] == pd.Timestamp("2024-01-01 10:00")
    serial = pd.Series([45356, 45356.75, np.nan])   # 2024-03-05, 18:00
    p = parse_dates(serial, "d", excel_serial=True)
    assert p.values.tolist()[:2] == [pd.Timestamp("2024-03-05"),
                                     pd.Timestamp("2024-03-05 18:00")]
    assert "Excel serial day numbers" in p.how
    p = parse_dates(serial, "d")
    assert p.failed.tolist() == [True, True, False]
    assert "Excel serial days only in Excel files" in p.reasons[0]
    huge = parse_dates(pd.Series([106752, -3, np.inf, 45356]), "d", excel_serial=True)
    assert huge.failed.tolist() == [True, True, True, False]
    assert "not an Excel serial day" in huge.reasons[0]
    mixed = pd.Series([dt.date(2024, 1, 2), True, "2024-01-03", 5])
    p = parse_dates(mixed, "d")
    assert p.failed.tolist() == [False, True, False, True]


def test_partial_first_and_last_months_are_noted():
    p = parse_dates(pd.Series(["2024-01-10", "2024-02-15", "2024-03-31"]), "opened")
    assert p.notes == ["opened: the first month (2024-01) is covered only from day 10: "
                       "22 of its 31 days"]
    p = parse_dates(pd.Series(["2024-01-01", "2024-02-15"]), "opened")
    assert p.notes == ["opened: the last month (2024-02) is covered only to day 15: "
                       "15 of its 29 days"]


# --------------------------------------------------------------------------- arguments
@pytest.mark.parametrize("kw, match", [
    (dict(order="dmy"), "order must be one of"),
    (dict(earliest="never"), "earliest must be a date"),
    (dict(earliest="2030-01-01", latest="2020-01-01"), "must be before latest"),
])
def test_bad_arguments(kw, match):
    with pytest.raises(ValueError, match=match):
        parse_dates(pd.Series(["2024-01-01"]), "d", **kw)


def test_not_a_series():
    with pytest.raises(ValueError, match="takes a pandas Series"):
        parse_dates(["2024-01-01"], "d")


def test_round_trip_of_many_formats_against_truth():
    """Random dates written in each format come back as themselves (or refused, never
    changed): an independent check of every format's reading."""
    truth = truth_dates(300, seed=7, start="1995-01-01", days=365 * 25)
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%m-%d-%Y", "%d %b %Y", "%B %d, %Y",
                "%Y年%m月%d日", "%d/%m/%y"]:
        p = parse_dates(truth.dt.strftime(fmt), fmt)
        ok = ~p.failed
        assert ok.mean() > 0.9, (fmt, p.how)
        assert (p.values[ok] == truth[ok]).all(), fmt


def test_not_applicable_words_are_empty_and_counted():
    p = parse_dates(pd.Series(["2024-01-02", "N/A", " n/a ", "不适用", "", None, "N.A."]),
                    "closed")
    assert p.failed.tolist() == [False] * 6 + [True]
    assert p.values.notna().tolist() == [True] + [False] * 6
    assert "3 rows N/A (not applicable), kept empty" in p.how
