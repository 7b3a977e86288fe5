"""Property-based tests for the reader and the date parser (issue 10, "Bad input").

Random and malformed input -- random bytes under any file name, tables written in random
encodings with random preamble lines, ragged rows and awkward cells, random frames, random
date strings -- must give a report or one of the kit's clear errors (a ValueError or
TypeError raised by the kit itself, with a message of several words), never a raw traceback
from pandas, numpy, openpyxl, pyarrow or the csv module. Every report keeps the books:
rows read = accepted + rejected, every rejected row has a reason, and the rows read are the
records after the header (counted again here with the csv module). Dates written from a known
truth in random formats are either read as that truth or refused: never swapped.

Reproducible (``derandomize=True``, no example database) and fast (seconds).
"""

from __future__ import annotations

import csv
import io
import os
import string
import traceback
from pathlib import Path

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import complaintkit as ck
from complaintkit.flags import NOT_APPLICABLE
from complaintkit.readers.dates import parse_dates

# CK_EXPLORE=N: N times the examples, fresh random ones (a bounded search for new failures)
EXPLORE = int(os.environ.get("CK_EXPLORE", "0"))
QUICK = settings(max_examples=40 * max(EXPLORE, 1), deadline=None, derandomize=not EXPLORE,
                 database=None, suppress_health_check=list(HealthCheck), print_blob=False)
FEW = settings(QUICK, max_examples=12 * max(EXPLORE, 1))


# --------------------------------------------------------------------------- the judge
def clear_error(exc: BaseException) -> None:
    """``exc`` was raised by the kit, is a ValueError/TypeError and says what is wrong."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = Path(frames[-1].filename).parts if frames else ()
    assert isinstance(exc, (ValueError, TypeError)) and not isinstance(exc, UnicodeError), (
        f"{type(exc).__name__}: {exc}")
    assert "complaintkit" in where, f"raised outside the kit: {frames[-1]} {exc!r}"
    assert len(str(exc).split()) >= 4, f"message too short: {exc!r}"


def read(obj, **kw):
    """read_complaints, judged: a report that keeps the books, or a clear error (None)."""
    try:
        r = ck.read_complaints(obj, **{"locale": "en_US", **kw})  # the English words
    except AssertionError:
        raise
    except Exception as exc:  # noqa: BLE001 - every exception is judged here
        clear_error(exc)
        return None
    assert r.rows_read == r.accepted + len(r.rejected)
    assert r.rejected["reason"].map(lambda t: isinstance(t, str) and len(t) > 3).all()
    assert set(r.frame.index).isdisjoint(set(r.rejected["row"]))
    assert r.frame.index.is_unique and r.rejected["row"].is_unique
    assert r.by_reason()["n"].sum() == len(r.rejected)
    text = r.summary()
    assert f"Read {r.rows_read:,} rows" in text and r._repr_html_().startswith("<pre>")
    return r


# --------------------------------------------------------------------------- strategies
NAMES = ["complaint_id", "received_at", "closed_at", "contacts", "priority", "escalated",
         "compensation_amount", "channel", "Notes", "日期", "产品", "row", "reason", "x", "",
         "x"]
CELLS = st.one_of(
    st.sampled_from(["", " ", "N/A", "Yes", "no", "是", "high", "高", "-1", "1e20", "inf",
                     "1.5", "007", "2024-03-05", "05-03-24", "25/12/2023", "03/25/2024",
                     "2024年3月5日", "1899-01-01", "2999-01-01", "45356", "abc", "a,b",
                     'say "hi"', "two\nlines", "x" * 50, "\u00e9t\u00e9", "\U00020000"]),
    st.integers(-5, 10**6).map(str),
    st.text(alphabet=string.printable + "投诉日期", max_size=8),
)
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "cp1252", "latin-1"]


@st.composite
def tables(draw):
    """A table as text: header, rows (some ragged), preamble lines, blank lines."""
    ncol = draw(st.integers(1, 6))
    header = draw(st.lists(st.sampled_from(NAMES), min_size=ncol, max_size=ncol))
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        width = ncol + draw(st.sampled_from([0, 0, 0, 0, -1, 1]))
        rows.append(draw(st.lists(CELLS, min_size=max(width, 0), max_size=max(width, 0))))
    if draw(st.booleans()) and rows:
        rows.append(list(rows[0]))                  # an exact duplicate
    preamble = draw(st.lists(st.sampled_from(
        ["Exported 2024-04-01", "Rows: 5, filters: none", "导出时间：2024年4月1日", "#"]),
        max_size=3))
    sep = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    for line in preamble:
        out.write(line + "\n")
    w = csv.writer(out, delimiter=sep, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
        if draw(st.integers(0, 9)) == 0:
            out.write("\n")
    return out.getvalue()


def data_records(text: str, delimiter: str) -> int:
    """Non-blank records of ``text`` (the csv module, independently of the reader)."""
    recs = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return sum(1 for f in recs if f and not (len(f) == 1 and not f[0].strip()))


# --------------------------------------------------------------------------- files
@FEW
@given(magic=st.sampled_from([b"", b"", b"PK\x03\x04", b"\x1f\x8b", b"PAR1", b"\xef\xbb\xbf",
                              b"\xff\xfe", b"a,b\n"]),
       data=st.binary(max_size=400),
       ext=st.sampled_from([".csv", ".xlsx", ".parquet", ".txt", ".tsv", ".xls", ".zip",
                            ".csv.gz", ""]),
       encoding=st.sampled_from([None, None, "gb18030", "utf-8", "latin-1"]))
def test_random_bytes_give_a_report_or_a_clear_error(tmp_path_factory, magic, data, ext,
                                                     encoding):
    path = tmp_path_factory.mktemp("bytes") / f"random{ext}"
    path.write_bytes(magic + data)
    read(path, encoding=encoding)


def _good_files() -> dict[str, bytes]:
    """One small valid file of each kind, to be damaged."""
    import gzip
    import zipfile

    frame = pd.DataFrame({"complaint_id": ["1", "2"], "received_at": ["2024-03-05", "x"]})
    text = frame.to_csv(index=False).encode("utf-8")
    xlsx, parquet, zipped = io.BytesIO(), io.BytesIO(), io.BytesIO()
    frame.to_excel(xlsx, index=False)
    frame.to_parquet(parquet)
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("complaints.csv", text)
    return {".csv": text, ".xlsx": xlsx.getvalue(), ".parquet": parquet.getvalue(),
            ".zip": zipped.getvalue(), ".csv.gz": gzip.compress(text)}


GOOD = _good_files()


@QUICK
@given(ext=st.sampled_from(sorted(GOOD)), cut=st.floats(0, 1),
       flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4))
def test_damaged_files_give_a_report_or_a_clear_error(tmp_path_factory, ext, cut, flips):
    data = bytearray(GOOD[ext][:max(1, int(len(GOOD[ext]) * cut))] if cut < 0.95
                     else GOOD[ext])
    for where, byte in flips:
        data[min(int(where * len(data)), len(data) - 1)] = byte
    path = tmp_path_factory.mktemp("damaged") / f"damaged{ext}"
    path.write_bytes(bytes(data))
    read(path)


@QUICK
@given(text=tables(), encoding=st.sampled_from(ENCODINGS),
       mapping=st.sampled_from([None, {"Notes": "narrative"},
                                {"columns": {"x": "late", "日期": "opened"},
                                 "flags": {"columns": ["late"]},
                                 "dates": {"opened": "day-first"}},
                                {"columns": {"产品": "category"},
                                 "values": {"category": {"abc": "z"}}}]))
def test_random_tables_in_random_encodings(tmp_path_factory, text, encoding, mapping):
    path = tmp_path_factory.mktemp("tables") / "export.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    r = read(path, mapping=mapping)
    if r is None or r.encoding not in ("utf-8", "utf-8-sig", "utf-16") or not r.delimiter:
        return
    # the books again, counted by the csv module: preamble + header + rows read
    decoded = path.read_bytes().decode(r.encoding)
    assert data_records(decoded, r.delimiter) == len(r.skipped_lines) + 1 + r.rows_read


@FEW
@given(text=tables())
def test_random_tables_from_text_objects_and_workbooks(tmp_path_factory, text):
    read(io.StringIO(text))
    rows = [line.split(",") for line in text.splitlines()]
    width = max(len(r) for r in rows)
    frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows])
    path = tmp_path_factory.mktemp("xlsx") / "book.xlsx"
    frame.to_excel(path, index=False, header=False)
    read(path)


# --------------------------------------------------------------------------- frames
AWKWARD = [
    pd.Series([1, 2, 2]), pd.Series([1.0, np.nan, np.inf]), pd.Series([True, False, True]),
    pd.Series(["2024-01-01", "05/06/2024", None]), pd.Series([[1], {"a": 1}, None]),
    pd.Series(pd.to_datetime(["2024-01-01", None, "2024-02-01"]).tz_localize("UTC")),
    pd.Series(pd.Categorical(["a", "b", None])), pd.Series([1e300, -1e300, 0.5]),
    pd.Series(["高", "low", "ultra"]), pd.Series([2**63 - 1, -(2**63), 0]),
    pd.Series(["N/A", "", "yes"]), pd.Series([b"bytes", 3, "x"]),
]


@QUICK
@given(cols=st.lists(st.tuples(st.sampled_from(NAMES[:-3] + ["late", "opened"]),
                               st.integers(0, len(AWKWARD) - 1)),
                     min_size=1, max_size=5, unique_by=lambda t: t[0]),
       n=st.integers(0, 3),
       mapping=st.sampled_from([None, {"columns": {"late": "late"},
                                       "flags": {"columns": ["late"]}},
                                {"columns": {"opened": "opened"},
                                 "dates": {"opened": "auto"}}]))
def test_random_frames(cols, n, mapping):
    frame = pd.DataFrame({name: AWKWARD[k].iloc[:n].reset_index(drop=True)
                          for name, k in cols})
    read(frame, mapping=mapping if mapping and set(mapping["columns"]) <= set(frame) else None)


# --------------------------------------------------------------------------- dates
DATE_TEXT = st.one_of(
    st.text(alphabet="0123456789-/.: 年月日TZ+APMapm", max_size=22),
    st.sampled_from(["N/A", "na", " n/a", "不适用", "N / A"]),
    st.text(max_size=12),
    st.builds(lambda a, b, y, s: f"{a}{s}{b}{s}{y}", st.integers(0, 40), st.integers(0, 40),
              st.sampled_from([0, 24, 99, 2024, 1850, 9999]), st.sampled_from("-/.")),
)


@QUICK
@given(values=st.lists(st.one_of(DATE_TEXT, st.none(), st.integers(-10, 10**6),
                                 st.floats(allow_nan=True), st.booleans()), max_size=12),
       order=st.sampled_from([None, "auto", "iso", "day-first", "month-first", "dmy"]),
       serial=st.booleans())
def test_parse_dates_on_random_values(values, order, serial):
    s = pd.Series(values, dtype=object)
    try:
        p = parse_dates(s, "d", order=order, excel_serial=serial)
    except ValueError as exc:
        clear_error(exc)
        assert order == "dmy"
        return
    present = s.map(lambda v: v is not None and not (isinstance(v, float) and np.isnan(v))
                    and not (isinstance(v, str) and v.strip().lower() in NOT_APPLICABLE | {""}))
    assert (p.failed <= present).all()
    assert set(p.reasons.index) == set(s.index[p.failed.to_numpy()])
    read_ok = present & ~p.failed
    assert p.values[read_ok.to_numpy()].notna().all()
    assert p.values[p.failed.to_numpy()].isna().all()
    v = p.values.dropna()
    assert ((v >= pd.Timestamp("1990-01-01")) & (v <= pd.Timestamp.today()
                                                 + pd.DateOffset(years=1))).all()
    assert p.how.startswith("d: ")


FORMATS = ["%Y-%m-%d", "%d-%m-%y", "%m-%d-%y", "%d/%m/%Y", "%m/%d/%Y", "%Y年%m月%d日",
           "%d %b %Y", "%Y-%m-%d %H:%M", "%d.%m.%Y"]
DAY_FIRST = {"%d-%m-%y", "%d/%m/%Y", "%d.%m.%Y"}
MONTH_FIRST = {"%m-%d-%y", "%m/%d/%Y"}


def look(fmt: str) -> str:
    """Formats that look alike (dd-mm-yy and mm-dd-yy): one order per look in a column,
    since no reader can tell such rows apart."""
    return fmt.replace("%d", "%n").replace("%m", "%n")


@QUICK
@given(days=st.lists(st.integers(0, 365 * 30), min_size=1, max_size=30),
       fmts=st.lists(st.sampled_from(FORMATS), min_size=1, max_size=3, unique_by=look),
       seed=st.integers(0, 1000))
def test_dates_from_a_known_truth_are_read_right_or_refused(days, fmts, seed):
    """Each row written in one of up to three formats (chosen per row): a row that is read
    is read as the date written; day and month are never swapped."""
    truth = pd.Series(pd.Timestamp("1995-01-01") + pd.to_timedelta(days, unit="D")
                      + pd.to_timedelta(np.array(days) % 24, unit="h"))
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(fmts), len(truth))
    text = pd.Series([t.strftime(fmts[k]) for t, k in zip(truth, pick, strict=True)])
    p = parse_dates(text, "d")
    ok = ~p.failed.to_numpy()
    has_time = np.array([fmts[k].endswith("%M") for k in pick])
    expected = truth.where(has_time, truth.dt.normalize())
    assert (p.values[ok] == expected[ok]).all(), p.how
    # a day above 12 in some row decides its format: then all rows of that format are read;
    # the unambiguous formats are always read
    for k, f in enumerate(fmts):
        mine = pick == k
        if f not in DAY_FIRST | MONTH_FIRST or (truth[mine].dt.day > 12).any():
            assert ok[mine].all(), (f, p.how)
