"""The messy export of session 08 (complaintkit.byod): rebuilt byte for byte, every fault where
injected.json says it is, and the kit's reader and validation find every one of them.

The first part reads the files with plain pandas and the formats the builder wrote, an
independent check of the fixture against the world it came from; the second part runs
``ck.read_complaints`` and ``ck.validate`` on it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportions_ztest

import complaintkit as ck
from complaintkit import byod

DATASETS = ["ecommerce_en", "ecommerce_zh"]
DUE = 4  # the first data line (two preamble lines and the header before it)


def _raw(dataset: str) -> pd.DataFrame:
    """The export as text cells, read independently, with its file line numbers as index."""
    info = byod.injected(dataset)
    df = pd.read_csv(byod.export_path(dataset), encoding=info["encoding"], skiprows=2,
                     dtype=str, keep_default_na=False)
    df.index = pd.RangeIndex(DUE, DUE + len(df))
    return df.rename(columns=info["columns"])


@pytest.fixture(scope="module", params=DATASETS)
def dataset(request):
    return request.param


# --------------------------------------------------------------------------- the files
def test_rebuild_gives_the_same_bytes(tmp_path):
    written = byod.build_exports(tmp_path)
    for path in written:
        shipped = byod.export_path("ecommerce_en").parent / path.name
        assert path.read_bytes() == shipped.read_bytes(), f"{path.name} differs from a rebuild"


def test_files_are_small_and_encoded_as_stated(dataset):
    path, info = byod.export_path(dataset), byod.injected(dataset)
    data = path.read_bytes()
    assert len(data) < 1_000_000
    assert data.startswith(b"\xef\xbb\xbf") == info["bom"]
    text = data.decode(info["encoding"])
    if info["encoding"] == "gbk":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "工单号" in text
    lines = text.split("\r\n")
    assert lines[:2] == info["preamble"] and "\n" not in text.replace("\r\n", "")
    assert lines[info["header_line"] - 1].split(",") == list(info["columns"])
    assert len(lines) - 1 == info["header_line"] + info["rows_written"]  # ends in CRLF


def test_mapping_file_names_every_column(dataset):
    import tomllib

    m = tomllib.loads(byod.mapping_path(dataset).read_text(encoding="utf-8"))
    assert m["columns"] == byod.injected(dataset)["columns"]
    assert set(m["dates"]) == set(byod.DATES) and m["flags"]["columns"] == list(byod.FLAGS)


# --------------------------------------------------------------------------- every fault
def test_duplicates_are_where_stated_and_nowhere_else(dataset):
    raw, dup = _raw(dataset), byod.injected(dataset)["duplicates"]
    repeated = raw.index[raw.duplicated(keep="first")].tolist()
    assert repeated == dup["lines"] and dup["rows"] == len(repeated) > 0
    for line, first in zip(dup["lines"], dup["duplicate_of_lines"], strict=True):
        assert raw.loc[line].tolist() == raw.loc[first].tolist()
    assert not raw.drop(index=dup["lines"])["complaint_id"].duplicated().any()
    assert 0.005 < dup["rows"] / len(raw) < 0.02  # the stated 1% rate


def _values(s: pd.Series) -> list:
    return [None if pd.isna(v) else str(v) for v in s]


def _parse(raw: pd.DataFrame, col: str) -> pd.Series:
    iso = pd.to_datetime(raw[col], format="%Y-%m-%d %H:%M", errors="coerce")
    dmy = pd.to_datetime(raw[col], format="%d/%m/%Y %H:%M", errors="coerce")
    assert not (iso.notna() & dmy.notna()).any()
    return iso.fillna(dmy)


def test_the_export_is_the_world_plus_the_stated_faults(dataset):
    """Undo exactly what injected.json lists: the clean frame of the world comes back."""
    info, raw = byod.injected(dataset), _raw(dataset)
    raw = raw.drop(index=info["duplicates"]["lines"])
    clean = byod.clean_frame(dataset)
    assert len(raw) == len(clean) == info["complaints"]
    bad = {(f["line"], f["column"]): f for f in info["impossible"]}
    assert sorted(f["reason"] for f in bad.values()).count("negative amount") == 3
    for (line, col), f in bad.items():
        assert raw.loc[line, col] == f["value"]
        raw.loc[line, col] = f["value"].replace("2099", "2025", 1).lstrip("-")
    raw.index = clean.index
    for col in byod.DATES:
        assert (_parse(raw, col).to_numpy() == clean[col].to_numpy()).all(), col
    amount = pd.to_numeric(raw["compensation_amount"])
    np.testing.assert_allclose(amount, clean["compensation_amount"], rtol=0, atol=0.005)
    loc = info["locale"]
    for col in byod.LABELLED:
        back = {v: k for k, v in ck.labels(loc, col).items()}
        assert _values(raw[col].map(back)) == _values(clean[col]), col
    words = {w: "yes" for w in ("Yes", "Y", "是")} | {w: "no" for w in ("No", "N", "否")}
    words |= {"N/A": "n/a", "不适用": "n/a", "": None}
    for col in byod.FLAGS:
        assert _values(raw[col].map(words)) == _values(clean[col]), col


def test_dates_mix_formats_at_the_stated_rate_and_the_order_is_decidable(dataset):
    info, raw = byod.injected(dataset), _raw(dataset)
    d = info["dates"]
    raw = raw.drop(index=info["duplicates"]["lines"])
    dmy = raw["received_at"].str.match(r"\d\d/\d\d/\d{4}")
    assert int(dmy.sum()) == d["day_first_rows"] and int((~dmy).sum()) == d["iso_rows"]
    assert 0.15 < dmy.mean() < 0.35
    day = raw.loc[dmy, "received_at"].str[:2].astype(int)
    assert int((day > 12).sum()) == d["day_first_rows_with_day_above_12"] > 0
    for col in byod.DATES:  # a row is written by one system: all its dates in one format
        assert raw[col].str.match(r"\d\d/\d\d/\d{4}").equals(dmy), col


def test_flags_hold_yes_no_and_not_applicable(dataset):
    info, raw = byod.injected(dataset), _raw(dataset)
    raw = raw.drop(index=info["duplicates"]["lines"])
    for col in byod.FLAGS:
        counts = raw[col].value_counts().to_dict()
        assert counts == info["flags"]["counts_without_duplicates"][col]
        assert ck.flags.looks_like_flags(raw[col].replace("", np.nan))
    assert info["flags"]["words"]["n/a"] in set(raw["satisfied"]) and "" in set(raw["satisfied"])


def test_known_effects_are_what_the_clean_rows_show(dataset):
    eff = byod.injected(dataset)["known_effects"]
    clean = byod.clean_frame(dataset)
    esc = eff["escalation_public_channels"]
    public = clean["channel"].isin(["social_media", "marketplace_review"])
    assert esc["n_public"] == int(public.sum())
    k = (clean["escalated"] == "yes").groupby(public).sum()
    _, p = proportions_ztest([k[True], k[False]], [esc["n_public"], esc["n_other"]])
    assert esc["rate_public"] > esc["rate_other"] and p < 0.05  # the effect put in, found
    hours = eff["first_response_by_channel"]["median_hours"]
    fast, slow = ("phone", "online_chat"), ("email", "marketplace_review")
    assert max(hours[c] for c in fast) < min(hours[c] for c in slow)


# --------------------------------------------------------------------------- the kit reads it
@pytest.fixture(scope="module")
def read(dataset):
    df, report = ck.read_complaints(byod.export_path(dataset),
                                    mapping=byod.mapping_path(dataset), locale="en_US")
    return df, report


def test_reader_rejects_exactly_the_injected_rows_with_their_reasons(dataset, read):
    info, (df, report) = byod.injected(dataset), read
    assert report.rows_read == info["rows_written"]
    assert report.accepted + len(report.rejected) == report.rows_read == len(df) + len(
        report.rejected)
    reasons = report.rejected.set_index("row")["reason"]
    dup = info["duplicates"]
    bad = {f["line"]: f for f in info["impossible"]}
    assert sorted(reasons.index) == sorted(dup["lines"] + list(bad))
    for line, first in zip(dup["lines"], dup["duplicate_of_lines"], strict=True):
        assert "duplicate" in reasons[line] and f"row {first}" in reasons[line], reasons[line]
    for line, f in bad.items():
        value = f["value"] if f["column"] in byod.DATES else str(float(f["value"]))
        assert f["column"] in reasons[line] and value in reasons[line], reasons[line]


def test_reader_finds_the_preamble_and_the_encoding(dataset, read):
    info, report = byod.injected(dataset), read[1]
    assert [text for _, text in report.skipped_lines] == info["preamble"]
    assert report.encoding in ({"gbk", "gb18030"} if info["encoding"] == "gbk"
                               else {"utf-8-sig"})


def test_reader_gives_back_the_clean_frame(dataset, read):
    """Every accepted row equals the world's complaint: dates day-first where written so,
    labels as codes, flags as yes/no/n/a with empty kept apart from n/a."""
    info, df = byod.injected(dataset), read[0]
    clean = byod.clean_frame(dataset).set_index("complaint_id")
    raw = _raw(dataset)
    gone = set(raw.loc[[f["line"] for f in info["impossible"]], "complaint_id"])
    assert sorted(df["complaint_id"]) == sorted(set(clean.index) - gone)
    got = df.set_index("complaint_id")
    want = clean.loc[got.index]
    for col in byod.DATES:
        assert (got[col].to_numpy() == want[col].to_numpy()).all(), col
    for col in [*byod.LABELLED, *byod.FLAGS, "order_id", "agent_id"]:
        assert _values(got[col]) == _values(want[col]), col
    np.testing.assert_allclose(got["compensation_amount"], want["compensation_amount"],
                               rtol=0, atol=0.005)
    assert (got["contacts"].to_numpy() == want["contacts"].to_numpy()).all()


def test_reader_says_how_it_decided_the_dates(dataset, read):
    info, report = byod.injected(dataset), read[1]
    d = info["dates"]
    for col in byod.DATES:
        how = report.dates[col].how
        assert "day-first" in how and "above 12" in how, how
        formats = report.dates[col].formats  # duplicates and impossible rows left out
        n_bad = len(info["impossible"])
        assert d["day_first_rows"] - n_bad <= formats["dd/mm/yyyy"] <= d["day_first_rows"]
        assert d["iso_rows"] - n_bad <= formats["yyyy-mm-dd"] <= d["iso_rows"]


def test_validate_names_what_is_absent_and_finds_no_error(read):
    problems = ck.validate(read[0]).problems
    assert not (problems["severity"] == "error").any(), problems
    absent = set(problems.loc[problems["reason"].str.startswith("absent"), "column"])
    assert {"resolved_at", "sla_met", "reopened"} <= absent


def test_session_numbers_equal_an_independent_count(dataset, read):
    """Notebook 08's KPI and test on the reader's frame, against a hand count of the world's
    complaints (the impossible rows left out, as the reader does) and statsmodels."""
    from statsmodels.stats.proportion import proportion_confint

    info, df = byod.injected(dataset), read[0]
    raw = _raw(dataset)
    gone = set(raw.loc[[f["line"] for f in info["impossible"]], "complaint_id"])
    clean = byod.clean_frame(dataset)
    clean = clean[~clean["complaint_id"].isin(gone)]
    s = clean["satisfied"]
    yes, no = int((s == "yes").sum()), int((s == "no").sum())
    k = ck.kpis(df, kpis=[], shares=["satisfied"]).table.set_index("kpi").loc["satisfied_share"]
    lo, hi = proportion_confint(yes, yes + no, alpha=0.05, method="wilson")
    assert (k["n"], k["value"]) == (yes + no, pytest.approx(yes / (yes + no), abs=1e-12))
    assert k["ci_lower"] == pytest.approx(lo, abs=1e-9)
    assert k["ci_upper"] == pytest.approx(hi, abs=1e-9)
    public = df["channel"].isin(["social_media", "marketplace_review"])
    res = ck.compare(df.assign(where=public.map({True: "public", False: "other"})),
                     "escalated", "where", reference="other")
    row = res.table.set_index("effect").loc["risk_difference"]
    pub = clean["channel"].isin(["social_media", "marketplace_review"])
    esc = clean["escalated"] == "yes"
    counts = [int(esc[pub].sum()), int(esc[~pub].sum())]
    sizes = [int(pub.sum()), int((~pub).sum())]
    assert row["estimate"] == pytest.approx(counts[0] / sizes[0] - counts[1] / sizes[1], abs=1e-12)
    assert row["p_value"] == pytest.approx(proportions_ztest(counts, sizes)[1], rel=1e-6)
