"""read_complaints (issue 10, item 1): files and frames in, the canonical frame and a report of
every row out. Files are written here (tmp_path) with known content, so every expected value
is the value written."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.readers import read as read_module
from complaintkit.readers import sources
from complaintkit.readers.read import FileMissingError, ReadError

CFPB_HEADER = ("Date received,Product,Sub-product,Issue,Company,State,Timely response?,"
               "Consumer disputed?,Complaint ID")
CFPB = {"columns": {"Complaint ID": "complaint_id", "Date received": "received_at",
                    "Product": "category", "Timely response?": "timely_response",
                    "Consumer disputed?": "disputed"},
        "dates": {"received_at": "auto"},
        "flags": {"columns": ["timely_response", "disputed"]}}


def cfpb_text(rows: list[str], preamble=("Exported 2024-04-02 10:00 by console",
                                          "Rows: 4, filters: none")) -> str:
    return "\n".join([*preamble, CFPB_HEADER, *rows]) + "\n"


CFPB_ROWS = [
    "03/05/2024,Credit card,General,Billing dispute,Acme,CA,Yes,N/A,101",
    "03/25/2024,Mortgage,,Trouble paying,Acme,NY,No,,102",
    "04/01/2024,Credit card,General,Fees,Bank B,TX,Yes,No,103",
    "04/02/2024,Debt collection,,Attempts to collect,Bank B,,Yes,Yes,104",
]


def check_counts(r) -> None:
    assert r.rows_read == r.accepted + len(r.rejected)
    assert r.frame.index.is_unique
    assert set(r.frame.index).isdisjoint(r.rejected["row"])


# --------------------------------------------------------------------------- CSV
def test_cfpb_export_with_two_console_lines(tmp_path):
    path = tmp_path / "complaints.csv"
    path.write_text(cfpb_text(CFPB_ROWS), encoding="utf-8")
    df, r = ck.read_complaints(path, mapping=CFPB)
    check_counts(r)
    assert [n for n, _ in r.skipped_lines] == [1, 2]
    assert r.skipped_lines[0][1].startswith("Exported")
    assert df.index.tolist() == [4, 5, 6, 7]           # line numbers of the rows
    assert df["complaint_id"].tolist() == ["101", "102", "103", "104"]
    assert df["received_at"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-03-05", "2024-03-25", "2024-04-01", "2024-04-02"]
    assert "month-first, decided by row 5" in r.dates["received_at"].how
    # N/A (did not apply) and empty (unknown) stay different answers
    assert df["disputed"].astype(object).tolist()[:2] == ["n/a", np.nan]
    assert df["timely_response"].astype(str).tolist() == ["yes", "no", "yes", "yes"]
    # mapped columns first, in the schema's order; unmapped kept after them, as read
    assert list(df.columns) == ["complaint_id", "received_at", "category", "timely_response",
                                "disputed", "Sub-product", "Issue", "Company", "State"]
    assert df["Sub-product"].isna().tolist() == [False, True, False, True]
    assert r.source == "dict" and not r.detected
    text = r.summary()
    for part in ["Read 4 rows", "Skipped 2 line(s)", "Accepted 4, rejected 0",
                 "received_at:", "Columns kept as read (4)", "encoding utf-8"]:
        assert part in text


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-16", "utf-8"])
def test_chinese_encodings_are_found(tmp_path, encoding):
    rows = ["1001,2024年3月5日,信用卡,账单错误", "1002,2024年3月16日,房贷,还款困难"]
    text = "\n".join(["导出时间：2024-04-01", "投诉编号,收到日期,产品,问题", *rows]) + "\n"
    path = tmp_path / f"zh_{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    df, r = ck.read_complaints(path, mapping={"投诉编号": "complaint_id",
                                              "收到日期": "received_at"})
    assert df["产品"].tolist() == ["信用卡", "房贷"]
    assert df["问题"].tolist() == ["账单错误", "还款困难"]
    assert df["received_at"].tolist() == [pd.Timestamp("2024-03-05"),
                                          pd.Timestamp("2024-03-16")]
    assert r.skipped_lines == [(1, "导出时间：2024-04-01")]
    expected = {"gbk": "gb18030", "utf-8-sig": "utf-8-sig"}.get(encoding, encoding)
    assert r.encoding == expected


def test_gb18030_characters_outside_gbk(tmp_path):
    """GB18030 holds characters GBK does not (4-byte ones): read as GB18030, not mangled."""
    text = "编号,描述\n1,𠀀字与€符号\n2,普通文字\n"
    path = tmp_path / "gb18030.csv"
    path.write_bytes(text.encode("gb18030"))
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    df, r = ck.read_complaints(path, encoding="gb18030", locale="en_US")
    assert df["描述"].tolist() == ["𠀀字与€符号", "普通文字"]
    assert r.encoding_how == "named"


def test_wrong_encoding_named_is_a_clear_error(tmp_path):
    path = tmp_path / "zh.csv"
    path.write_bytes("编号,描述\n1,账单错误\n".encode("gbk"))
    with pytest.raises(ReadError, match=r"zh.csv is not valid utf-8 text \(line 1"):
        ck.read_complaints(path, encoding="utf-8")


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_other_delimiters(tmp_path, sep):
    path = tmp_path / "t.txt"
    path.write_text(f"id{sep}note\n1{sep}a, b\n2{sep}c\n")
    df, r = ck.read_complaints(path)
    assert df["note"].tolist() == ["a, b", "c"] and r.delimiter == sep


def test_quoted_newlines_keep_line_numbers_and_header_option():
    text = 'junk line\nid,narrative\n1,"two\nlines"\n2,one line\n'
    df, _ = ck.read_complaints(io.StringIO(text))
    assert df.index.tolist() == [3, 5]
    assert df["narrative"].tolist() == ["two\nlines", "one line"]
    df, r = ck.read_complaints(io.StringIO("a,b\nid,x\n1,2\n"), header=2)
    assert list(df.columns) == ["id", "x"] and r.skipped_lines == [(1, "a,b")]


def test_ragged_rows_are_rejected_with_their_field_counts():
    text = "id,a,b\n1,x,y\n2,x\n3,x,y,z\n4,x,y\n"
    df, r = ck.read_complaints(io.StringIO(text))
    check_counts(r)
    assert df.index.tolist() == [2, 5]
    assert r.rejected["reason"].tolist() == ["has 2 fields, the header has 3",
                                             "has 4 fields, the header has 3: ['z']"]


def test_duplicated_and_blank_header_names_are_kept_and_noted():
    df, r = ck.read_complaints(io.StringIO("id,x,x,\n1,2,3,4\n"))
    assert list(df.columns) == ["id", "x", "x.1", "unnamed_4"]
    assert any("names 'x' 2 times" in n for n in r.notes)


# --------------------------------------------------------------------------- rows refused
def test_duplicates_identical_and_conflicting():
    text = ("complaint_id,received_at,channel\n"
            "1,2024-01-02,web\n1,2024-01-02,web\n"       # identical: the second refused
            "2,2024-01-03,web\n2,2024-01-04,web\n"       # conflicting: both refused
            "3,2024-01-05,phone\n,2024-01-06,web\n,2024-01-06,web\n")   # no id: not a dup
    df, r = ck.read_complaints(io.StringIO(text))
    check_counts(r)
    assert df.index.tolist() == [2, 6, 7, 8]
    reasons = dict(zip(r.rejected["row"], r.rejected["reason"], strict=True))
    assert reasons[3] == "duplicate of row 2"
    assert reasons[4] == reasons[5]
    assert "'2' is in rows 4, 5 with different values (in received_at)" in reasons[4]
    assert r.empty["complaint_id"] == 2


def test_values_that_cannot_be_cast_reject_their_row_only():
    text = ("complaint_id,contacts,priority,escalated,compensation_amount\n"
            "1,2,high,yes,10.5\n2,abc,low,no,0\n3,-1,low,no,0\n4,1,urgent,no,0\n"
            "5,1,low,maybe,0\n6,1.5,low,no,0\n7,,,,\n")
    df, r = ck.read_complaints(io.StringIO(text))
    check_counts(r)
    assert df["complaint_id"].tolist() == ["1", "7"]
    assert str(df["contacts"].dtype) == "Int64" and df["contacts"].tolist()[0] == 2
    assert str(df["priority"].dtype) == "category" and df["priority"].cat.ordered
    reasons = r.rejected.set_index("row")["reason"]
    assert reasons[3] == "contacts: cannot read 'abc' as int"
    assert reasons[4] == "contacts: -1 is below the smallest allowed value (0)"
    assert reasons[5] == "priority: 'urgent' is not one of low, medium, high"
    assert reasons[6].startswith("escalated: 'maybe' is not ") and " row" not in reasons[6]
    assert "not a whole number" in reasons[7]
    table = r.by_reason()
    assert table["n"].sum() == len(r.rejected)
    assert "contacts: not a valid whole number" in table["reason"].tolist()


def test_flags_refuse_unknown_words_and_keep_n_a_apart():
    text = "id,late\n1,Yes\n2,N/A\n3,\n4,perhaps\n5,否\n"
    df, r = ck.read_complaints(io.StringIO(text),
                               mapping={"columns": {"id": "complaint_id", "late": "late"},
                                        "flags": {"columns": ["late"]}})
    assert df["late"].astype(object).tolist() == ["yes", "n/a", np.nan, "no"]
    assert r.rejected["reason"].tolist() == ["late: 'perhaps' is not yes, no or N/A"]
    assert ck.flags.flag_counts(df["late"]) == {"yes": 1, "no": 1, "n/a": 1, "missing": 1}


def test_dates_refused_rows_and_fcc_column(tmp_path):
    truth = pd.Series(pd.Timestamp("2023-01-01")
                      + pd.to_timedelta(np.random.default_rng(5).integers(0, 365, 80), "D"))
    written = np.where(np.arange(80) % 2, truth.dt.strftime("%Y-%m-%d"),
                       truth.dt.strftime("%d-%m-%y"))
    lines = [f"{i},{d}" for i, d in enumerate(written)] + ["80,31-02-23", "81,1985-01-01"]
    path = tmp_path / "fcc.csv"
    path.write_text("Ticket,Date\n" + "\n".join(lines) + "\n")
    df, r = ck.read_complaints(path, mapping={"Ticket": "complaint_id",
                                              "Date": "received_at"})
    check_counts(r)
    assert (df["received_at"].to_numpy() == truth.to_numpy()).all()
    assert r.rejected["row"].tolist() == [82, 83]
    assert r.rejected["reason"].str.startswith("received_at: ").all()
    assert "dd-mm-yy: day-first" in r.dates["received_at"].how


# --------------------------------------------------------------------------- mappings
def test_mapping_from_toml_with_dates_flags_values(tmp_path):
    toml = tmp_path / "tickets.toml"
    toml.write_text("""
name = "tickets"
title = "a ticket system export"
table = "complaints"
[columns]
"Ticket" = "complaint_id"
"Opened" = "received_at"
"Via" = "channel"
"SLA ok" = "sla_ok"
"Gone" = "gone"
[dates]
received_at = "day-first"
[flags]
columns = ["sla_ok"]
[values.channel]
"E-mail" = "email"
"Phone call" = "phone"
[detect]
columns = ["Ticket", "Opened"]
""", encoding="utf-8")
    text = ("Ticket,Opened,Via,SLA ok,Agent\n"
            "T1,03/04/2024,E-mail,yes,Ann\nT2,04/03/2024,Phone call,no,Bo\n"
            "T3,05/03/2024,Fax,N/A,Cy\n")
    df, r = ck.read_complaints(io.StringIO(text), mapping=toml)
    assert df["received_at"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-04-03", "2024-03-04", "2024-03-05"]
    assert "as given" in r.dates["received_at"].how
    assert df["channel"].astype(str).tolist() == ["email", "phone", "Fax"]
    assert any("[values.channel] kept as they are ('Fax' (1))" in n for n in r.notes)
    assert df["sla_ok"].astype(str).tolist() == ["yes", "no", "n/a"]
    assert r.missing == ["Gone"] and r.kept == ["Agent"] and r.source == "tickets"


def test_plain_dict_mapping_matches_names_loosely_and_refuses_clashes():
    df, r = ck.read_complaints(io.StringIO("Complaint  id,x\n1,2\n"),
                               mapping={"complaint ID": "complaint_id"})
    assert r.mapped == {"Complaint  id": "complaint_id"}
    with pytest.raises(ReadError, match="renames 'a' to 'b', but the file already has"):
        ck.read_complaints(io.StringIO("a,b\n1,2\n"), mapping={"a": "b"})


def test_bad_mappings_are_refused():
    with pytest.raises(ValueError, match="unknown key"):
        ck.read_complaints(io.StringIO("a\n1\n"), mapping={"columns": {"a": "x"}, "cols": {}})
    with pytest.raises(ValueError, match="is not one of auto"):
        ck.read_complaints(io.StringIO("a\n1\n"), mapping={"columns": {"a": "x"},
                                                           "dates": {"x": "dmy"}})
    with pytest.raises(ValueError, match="does not exist"):
        ck.read_complaints(io.StringIO("a\n1\n"), mapping="no_such_mapping.toml")


def test_source_by_name_and_detection(monkeypatch):
    monkeypatch.delattr(sources, "mapping_for", raising=False)
    with pytest.raises(ValueError, match="built-in sources are not available"):
        ck.read_complaints(io.StringIO("a\n1\n"), source="cfpb")
    monkeypatch.setattr(sources, "mapping_for", lambda name: {**CFPB, "name": name},
                        raising=False)
    monkeypatch.setattr(sources, "detect", lambda cols: "cfpb" if "Complaint ID" in cols
                        else None, raising=False)
    text = cfpb_text(CFPB_ROWS)
    df, r = ck.read_complaints(io.StringIO(text), source="cfpb")
    assert r.source == "cfpb" and not r.detected and len(df) == 4
    df, r = ck.read_complaints(io.StringIO(text))
    assert r.source == "cfpb" and r.detected
    assert "recognised from its header" in r.summary()
    df, r = ck.read_complaints(io.StringIO("a,b\n1,2\n1,2\n"))
    assert r.source == "" and list(df.columns) == ["a", "b"] and r.accepted == 2
    assert "no complaint_id column: duplicated rows were not looked for" in r.notes
    with pytest.raises(ValueError, match="not both"):
        ck.read_complaints(io.StringIO(text), source="cfpb", mapping=CFPB)


def test_detect_not_written_yet_is_ignored(monkeypatch):
    def detect(cols):
        raise NotImplementedError

    monkeypatch.setattr(sources, "detect", detect, raising=False)
    df, r = ck.read_complaints(io.StringIO("a,b\n1,2\n"))
    assert r.source == ""


# --------------------------------------------------------------------------- other inputs
def test_excel_with_title_rows_dates_serials_and_sheets(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "summary"
    ws.append(["nothing here"])
    ws2 = wb.create_sheet("导出")
    ws2.append(["Complaint report, March"])
    ws2.append([])
    ws2.append(["ID", "Opened", "Closed", "Contacts", "Note"])
    ws2.append([1, dt.datetime(2024, 3, 5, 10, 0), 45357, 2, "ok"])
    ws2.append([2, dt.datetime(2024, 3, 6), 45358.5, "x", None])
    ws2.append([3, "2024-03-07", None, 1, None, None, "beyond"])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    mapping = {"ID": "complaint_id", "Opened": "received_at", "Closed": "closed_at",
               "Contacts": "contacts"}
    df, r = ck.read_complaints(path, mapping=mapping, sheet="导出")
    check_counts(r)
    assert df.index.tolist() == [4] and r.skipped_lines == [(1, "Complaint report, March")]
    assert df["received_at"].tolist() == [pd.Timestamp("2024-03-05 10:00")]
    assert df["closed_at"].tolist() == [pd.Timestamp("2024-03-06")]   # serial 45357
    assert "Excel serial day numbers" in r.dates["closed_at"].how
    assert r.rejected.set_index("row")["reason"].to_dict() == {
        5: "contacts: cannot read 'x' as int",
        6: "has values beyond the header's 5 columns: ['beyond']"}
    assert "1 blank line(s) or row(s) skipped" in r.notes
    df1, _ = ck.read_complaints(path, mapping=mapping, sheet=1)
    assert df1.index.tolist() == [4]
    with pytest.raises(ReadError, match="export.xlsx has no sheet 'Data'; its sheets are "
                                        "'summary', '导出'"):
        ck.read_complaints(path, sheet="Data")
    with pytest.raises(ReadError, match="none of the mapping's columns"):
        ck.read_complaints(path, mapping=mapping)    # the first sheet: the wrong one


def test_parquet_and_frames(tmp_path):
    frame = pd.DataFrame({"complaint_id": [1.0, 2.0, np.nan], "x": [1, 2, 3],
                          "received_at": pd.to_datetime(["2024-01-01", "2024-01-02", None])})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path)
    df, r = ck.read_complaints(path)
    assert df["complaint_id"].tolist()[:2] == ["1", "2"] and df.index.tolist() == [1, 2, 3]
    assert df["x"].dtype == np.int64 and r.kind == "Parquet"
    df2, r2 = ck.read_complaints(frame)
    assert df2["received_at"].tolist()[:2] == [pd.Timestamp("2024-01-01"),
                                               pd.Timestamp("2024-01-02")]
    assert r2.kind == "DataFrame" and "a DataFrame" in r2.summary()


def test_report_renders_and_unpacks():
    r = ck.read_complaints(io.StringIO("complaint_id,contacts\n1,x\n2,3\n"))
    df, again = r
    assert again is r and df is r.frame
    assert "<pre>" in r._repr_html_() and str(r) == r.summary()
    assert "1 rejected" in repr(r)


# --------------------------------------------------------------------------- errors
def test_clear_errors_name_the_file(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "blank.csv").write_text("\n \n\n")
    (tmp_path / "header.csv").write_text("a,b\n")
    (tmp_path / "noise.csv").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    (tmp_path / "fake.parquet").write_text("not parquet")
    cases = {"nope.csv": "no such file", ".": "is a directory",
             "empty.csv": "is empty", "blank.csv": "is empty",
             "header.csv": r"has a header \(a, b\) but no rows",
             "noise.csv": "does not look like text", "old.xls": "old .xls format",
             "fake.xlsx": "cannot be opened as an Excel workbook",
             "fake.parquet": "cannot be read as Parquet"}
    for name, match in cases.items():
        with pytest.raises(ReadError, match=match) as err:
            ck.read_complaints(tmp_path / name)
        assert str(tmp_path / name if name != "." else tmp_path) in str(err.value)
    with pytest.raises(FileNotFoundError):
        ck.read_complaints(tmp_path / "nope.csv")
    assert issubclass(FileMissingError, ValueError)


@pytest.mark.parametrize("kw, err, match", [
    (dict(table="tickets"), ValueError, "table must be one of"),
    (dict(header=0), ValueError, "header must be the 1-based line"),
    (dict(sep=";"), TypeError, "unknown option"),
    (dict(encoding="no-such-codec"), ReadError, "not an encoding"),
])
def test_bad_arguments(kw, err, match):
    with pytest.raises(err, match=match):
        ck.read_complaints(io.StringIO("a\n1\n"), **kw)


def test_bad_objects():
    with pytest.raises(ReadError, match="not int"):
        ck.read_complaints(3)
    with pytest.raises(ReadError, match="frame has no rows"):
        ck.read_complaints(pd.DataFrame({"a": []}))
    with pytest.raises(ReadError, match="two or more columns named 'a'"):
        ck.read_complaints(pd.DataFrame([[1, 2]], columns=["a", "a"]))


def test_messages_live_in_one_place():
    assert {"missing", "directory", "empty", "header_only", "dup_same", "dup_conflict"} \
        <= set(read_module.MESSAGES)


def test_kit_labels_read_as_codes_when_the_schema_can():
    if not hasattr(ck.schema, "_labels_to_codes"):
        pytest.skip("schema does not read kit labels yet")
    df, r = ck.read_complaints(io.StringIO("complaint_id,priority\n1,高\n2,low\n3,极高\n"))
    assert df["priority"].astype(str).tolist() == ["high", "low"]
    assert r.rejected["row"].tolist() == [4]
    assert any("'高' -> 'high'" in n for n in r.notes)


def test_excel_sep_hint_and_columns_named_row_or_reason():
    text = "sep=;\nid;row;reason;opened\n1;2;x;13/05/2024\n1;2;x;13/05/2024\n"
    df, r = ck.read_complaints(io.StringIO(text), mapping={
        "columns": {"id": "complaint_id"}, "dates": {"opened": "auto"}})
    check_counts(r)
    assert r.delimiter == ";" and r.skipped_lines == [(1, "sep=;")]
    assert df.index.name == "source_row" and df["row"].tolist() == ["2"]
    assert df["opened"].tolist() == [pd.Timestamp("2024-05-13")]   # named in [dates] only
    assert list(r.rejected.columns) == ["row", "id", "row_in_source", "reason_in_source",
                                        "opened", "reason"]
    assert r.rejected["reason"].tolist() == ["duplicate of row 3"]


def test_the_mappings_table_is_the_default():
    mapping = {"table": "surveys", "columns": {"Review": "survey_id", "Score": "csat"}}
    df, r = ck.read_complaints(io.StringIO("Review,Score\nr1,5\nr2,9\nr1,5\n"), mapping=mapping)
    assert r.table == "surveys" and df["csat"].tolist() == [5]
    assert r.rejected["reason"].tolist()[1] == "duplicate of row 2"
    assert r.rejected["reason"].str.startswith("csat: ").tolist() == [True, False]
    _, r = ck.read_complaints(io.StringIO("Review,Score\nr1,5\n"), mapping=mapping,
                              table="complaints")
    assert r.table == "complaints"
    with pytest.raises(ValueError, match="table must be one of"):
        ck.read_complaints(io.StringIO("Review\nr1\n"), mapping={"table": "x",
                                                                 "columns": {"Review": "a"}})


def test_unknown_source_name_is_a_clear_error(monkeypatch):
    def mapping_for(name):
        raise KeyError(f"no source {name!r}; the sources are cfpb, tickets")

    monkeypatch.setattr(sources, "mapping_for", mapping_for, raising=False)
    with pytest.raises(ValueError, match="source='nope' is not a built-in source: no source"):
        ck.read_complaints(io.StringIO("a\n1\n"), source="nope")


def test_zip_and_gzip_archives_of_one_file(tmp_path):
    import gzip
    import zipfile

    text = cfpb_text(CFPB_ROWS).encode("utf-8")
    with zipfile.ZipFile(tmp_path / "complaints.csv.zip", "w") as z:
        z.writestr("complaints.csv", text)
    (tmp_path / "complaints.csv.gz").write_bytes(gzip.compress(text))
    for name in ["complaints.csv.zip", "complaints.csv.gz"]:
        df, r = ck.read_complaints(tmp_path / name, mapping=CFPB)
        assert len(df) == 4 and r.skipped_lines[0][0] == 1, name
    with zipfile.ZipFile(tmp_path / "two.zip", "w") as z:
        z.writestr("a.csv", "a\n1\n")
        z.writestr("b.csv", "a\n1\n")
    with pytest.raises(ReadError, match=r"two.zip is a zip archive of several files \(a.csv"):
        ck.read_complaints(tmp_path / "two.zip")
    (tmp_path / "bad.gz").write_bytes(b"\x1f\x8b" + b"junk" * 10)
    with pytest.raises(ReadError, match="bad.gz is a damaged archive"):
        ck.read_complaints(tmp_path / "bad.gz")


def test_an_unclosed_quote_is_named_with_the_lines_it_swallows():
    df, r = ck.read_complaints(io.StringIO('id,a,b\n1,x,y\n2,"broken,y\n3,x,y\n4,x,y\n'))
    check_counts(r)
    assert r.rejected[["row", "reason"]].values.tolist() == [
        [3, "has 2 fields, the header has 3 (it runs from line 3 to line 5: a quote that is "
            "not closed?)"]]


def test_a_preamble_longer_than_the_rows():
    df, r = ck.read_complaints(io.StringIO("Report\nMarch\nby console\na,b,c\n1,2,3\n"))
    assert [n for n, _ in r.skipped_lines] == [1, 2, 3] and df.index.tolist() == [5]


def test_a_mapping_of_dates_only_gives_the_order_for_canonical_columns():
    text = "complaint_id,received_at\n1,03/04/2024\n2,05/04/2024\n"
    df, r = ck.read_complaints(io.StringIO(text))
    assert r.accepted == 0 and "order='day-first'" in r.rejected["reason"].iloc[0]
    df, r = ck.read_complaints(io.StringIO(text),
                               mapping={"dates": {"received_at": "day-first"}})
    assert df["received_at"].dt.strftime("%Y-%m-%d").tolist() == ["2024-04-03", "2024-04-05"]


def test_an_unused_encoding_is_noted():
    _, r = ck.read_complaints(pd.DataFrame({"a": [1]}), encoding="gbk")
    assert "encoding='gbk' was not used: DataFrame is not encoded text" in r.notes[0]


@pytest.mark.parametrize("encoding, words", [("gbk", ["张三", "问题"]),
                                             ("big5", ["退款問題", "繁體中文"])])
def test_a_few_chinese_cells_among_many_english_rows(tmp_path, encoding, words):
    """A general detector calls such a GBK file cp1250 or cp949 (mojibake): the reader
    recognises GB18030 / Big5 by its characters being the common Chinese ones."""
    lines = ["id,name,note"] + [f"{i},Smith,ok" for i in range(2000)] + ["x," + ",".join(words)]
    path = tmp_path / "mostly_english.csv"
    path.write_bytes("\n".join(lines).encode(encoding))
    df, r = ck.read_complaints(path)
    assert df.iloc[-1].tolist() == ["x", *words]
    assert r.encoding == {"gbk": "gb18030"}.get(encoding, encoding)
    assert "common Chinese" in r.encoding_how
    western = tmp_path / "western.csv"
    western.write_bytes("id,name\n1,José café été\n2,Müller\n".encode("cp1252"))
    _, r = ck.read_complaints(western)
    assert r.encoding not in ("gb18030", "big5") and "a guess" in r.encoding_how
