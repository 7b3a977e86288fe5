"""Labels go both ways (issue 10, item 7): ``ck.to_codes`` reads back what ``ck.labels`` and
``world.labelled`` write, in zh and en; ``schema.conform`` (and so ``read_world``) accepts the
kit's own labels and labelled headers, says what it recoded, and never recodes silently."""

import io
import warnings

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit import locale as loc
from complaintkit import schema


@pytest.fixture(scope="module")
def world():
    return ck.generate("ecommerce", seed=7, n_complaints=300, locale="zh_CN")


def _conform(df, table, **kw):
    """conform, returning the frame and the RecodedWarnings it gave."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        out = schema.conform(df, table, **kw)
    return out, [w for w in seen if issubclass(w.category, schema.RecodedWarning)]


# --------------------------------------------------------------------------- to_codes
def test_to_codes_reads_zh_en_and_codes_in_the_shape_given():
    assert ck.to_codes(["高", "Low", "medium", " 中 "], "priority") == [
        "high", "low", "medium", "medium"]
    assert ck.to_codes("物流配送", "category") == "delivery"
    s = pd.Series(["物流配送", None, "Delivery"], index=[10, 11, 12], name="category")
    out = ck.to_codes(s, "category")
    assert out.index.tolist() == [10, 11, 12] and out.name == "category"
    assert out[10] == out[12] == "delivery" and pd.isna(out[11])


@pytest.mark.parametrize("locale", ck.locale.LOCALES)
def test_to_codes_inverts_labels_for_every_kind(locale):
    for kind, mapping in ck.labels(locale).items():
        codes = list(mapping)
        assert ck.to_codes(list(mapping.values()), kind) == codes, kind
        assert ck.to_codes(list(mapping.values()), kind, locale=locale) == codes, kind
        assert ck.to_codes(codes, kind) == codes, kind


def test_no_label_stands_for_two_codes_of_one_kind():
    """What makes locale=None safe: across both locales, each value of a kind is one code."""
    for kind in ck.labels("en_US"):
        seen = {}
        for locale in ck.locale.LOCALES:
            for code, label in ck.labels(locale, kind).items():
                for value in (code, label):
                    seen.setdefault(value, set()).add(code)
        assert {v: c for v, c in seen.items() if len(c) > 1} == {}, kind


def test_unknown_values_are_refused_with_their_rows():
    with pytest.raises(ValueError, match=r"priority: 'urgent' is not a code or a label of "
                                         r"priority in rows 1, 3; the codes are low, medium"):
        ck.to_codes(["高", "urgent", "Low", "urgent"], "priority")


def test_a_label_of_another_kind_says_whose_it_is():
    with pytest.raises(ValueError, match=r"'物流配送' is a label of category 'delivery'"):
        ck.to_codes(["电话", "物流配送"], "channel")


def test_a_label_of_the_other_locale_is_refused_when_the_locale_is_named():
    assert ck.to_codes(["高"], "priority", locale="zh_CN") == ["high"]
    with pytest.raises(ValueError, match=r"'High' is not a code or a label of priority in "
                                         r"zh_CN in row 0"):
        ck.to_codes(["High"], "priority", locale="zh_CN")


def test_an_ambiguous_label_is_refused(monkeypatch):
    table = {"X": ("high", "low"), "high": ("high",), "low": ("low",)}
    monkeypatch.setattr(loc, "_lookup", lambda kind, locale: table)
    with pytest.raises(ValueError, match=r"'X' is ambiguous \(a label of high and low\) in "
                                         r"row 1: pass locale="):
        ck.to_codes(["high", "X"], "priority")


def test_bad_kind_and_locale_are_refused():
    with pytest.raises(ValueError, match="kind must be one of"):
        ck.to_codes(["a"], "colour")
    with pytest.raises(ValueError, match="locale must be one of"):
        ck.to_codes(["a"], "priority", locale="fr_FR")


@pytest.mark.parametrize("locale", ck.locale.LOCALES)
def test_column_labels_map_back_to_every_schema_name(locale):
    names = [c.name for cols in schema.TABLES.values() for c in cols]
    headers = [ck.labels(locale, "column")[n] for n in names]
    assert ck.to_codes(headers, "column") == names


# --------------------------------------------------------------------------- conform
@pytest.mark.parametrize("locale", ck.locale.LOCALES)
@pytest.mark.parametrize("table", ck.world.TABLE_NAMES)
def test_labelled_tables_conform_back_to_the_coded_tables(world, locale, table):
    coded = world.tables[table]
    labelled = world.labelled(table, locale=locale)
    back, said = _conform(labelled, table, categories=world._categories()[table])
    pd.testing.assert_frame_equal(back, coded[back.columns])
    assert list(back.columns) == [c.name for c in schema.columns(table)]
    assert len(said) == 1  # headers at least were read, and it was said


@pytest.mark.parametrize("locale", ck.locale.LOCALES)
def test_labelled_complaints_conform_without_a_manifest(world, locale):
    """No category lists: open code columns are read as labels because every value is one."""
    back, _ = _conform(world.labelled("complaints", locale=locale), "complaints")
    for c in back.columns:
        assert back[c].astype(object).equals(world.complaints[c].astype(object)), c


def test_labelled_complaints_through_csv_text(world):
    buffer = io.StringIO()
    world.labelled("complaints", locale="zh_CN").to_csv(buffer, index=False)
    raw = pd.read_csv(io.StringIO(buffer.getvalue()), dtype=str)
    back, said = _conform(raw, "complaints", categories=world._categories()["complaints"])
    pd.testing.assert_frame_equal(back, world.complaints[back.columns])


def test_conform_says_what_it_recoded_with_counts(world):
    lab = world.labelled("complaints", locale="zh_CN")
    back, said = _conform(lab, "complaints")
    counts = lab["优先级"].astype(object).value_counts()
    recoded = back.attrs["recoded"]["priority"]
    assert {k: n for k, (_, n) in recoded.items()} == counts.to_dict()
    assert {k: code for k, (code, _) in recoded.items()} == {"高": "high", "中": "medium",
                                                             "低": "low"}
    assert back.attrs["renamed"]["优先级"] == "priority"
    assert "kit labels read back as codes" in str(said[0].message)
    assert f"priority: {len(lab):,} labels read as codes" in str(said[0].message)


def test_codes_are_read_without_a_word(world):
    back, said = _conform(world.complaints, "complaints")
    assert said == [] and "recoded" not in back.attrs and "renamed" not in back.attrs


def test_one_column_may_mix_zh_and_en_labels(world):
    df = world.complaints.copy()
    zh, en = ck.labels("zh_CN", "priority"), ck.labels("en_US", "priority")
    df["priority"] = [(zh if i % 2 else en)[v] for i, v in enumerate(df["priority"])]
    back, said = _conform(df, "complaints")
    assert back["priority"].astype(object).equals(world.complaints["priority"].astype(object))
    assert "priority: " in str(said[0].message)
    assert "zh and en labels mixed" in str(said[0].message)
    back, said = _conform(world.labelled("complaints"), "complaints")
    assert "mixed" not in str(said[0].message)


def test_an_open_column_with_other_values_is_kept_as_given(world):
    """category has no fixed levels: labels beside the data's own codes are not recoded."""
    df = world.complaints.copy()
    df["category"] = df["category"].astype(object)
    df.loc[df.index[:3], "category"] = "物流配送"
    df.loc[df.index[3], "category"] = "Mortgage"
    back, said = _conform(df, "complaints")
    assert back["category"].astype(object).equals(df["category"])
    assert "recoded" not in back.attrs and said == []


def test_a_label_of_the_wrong_kind_in_a_fixed_column_is_refused_with_a_hint(world):
    df = world.complaints.astype({"priority": object})
    df.loc[[2, 5], "priority"] = "物流配送"
    with pytest.raises(schema.SchemaError, match=r"complaints.priority: '物流配送' is not one of "
                       r"low, medium, high in rows 2, 5 \('物流配送' is a label of category "
                       r"'delivery'\)"):
        schema.conform(df, "complaints")


def test_two_headers_for_one_column_are_refused(world):
    df = world.complaints.rename(columns={"channel": "渠道"})
    df["Channel"] = df["渠道"]
    with pytest.raises(schema.SchemaError, match=r"the columns '渠道', 'Channel' all name channel"):
        schema.conform(df, "complaints")


def test_a_labelled_header_beside_its_canonical_name_is_left_alone(world):
    df = world.complaints.assign(渠道="x")
    back, said = _conform(df, "complaints")
    assert back["channel"].equals(world.complaints["channel"]) and said == []


def test_ratings_are_numbers_not_labels(world):
    """csat has no label family: conform leaves it to its levels (1-5)."""
    s = world.surveys.astype({"csat": object})
    s.loc[s.index[0], "csat"] = "高"
    with pytest.raises(schema.SchemaError, match=r"surveys.csat"):
        schema.conform(s, "surveys")
    assert s.loc[s.index[0], "csat"] == "高"


def test_no_label_reads_as_an_empty_cell_in_csv():
    """pandas reads "None", "NA", "N/A", "null" ... as missing: no label may be one of them
    (en resolution 'none' was "None": a labelled CSV lost it)."""
    na_values = {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
                 "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}
    for locale in ck.locale.LOCALES:
        for kind, mapping in ck.labels(locale).items():
            assert not set(mapping.values()) & na_values, (locale, kind)


@pytest.mark.parametrize("locale", ck.locale.LOCALES)
def test_labelled_csv_round_trip_with_pandas_defaults(world, locale):
    buffer = io.StringIO()
    world.labelled("complaints", locale=locale).to_csv(buffer, index=False)
    raw = pd.read_csv(io.StringIO(buffer.getvalue()))
    back, _ = _conform(raw, "complaints", categories=world._categories()["complaints"])
    pd.testing.assert_frame_equal(back, world.complaints[back.columns])


def _recode_row_by_row(values, kind):
    """The reference: each row looked up on its own (what recode did before it looked up each
    distinct value once, issue 14)."""
    from complaintkit.locale import _lookup

    table = _lookup(kind, None)
    codes, unknown, ambiguous, changed, counts = values.astype(object).copy(), [], [], [], {}
    for i, v in enumerate(values.astype(object)):
        missing = v is None or (isinstance(v, float) and np.isnan(v))
        hits = () if missing else table.get(str(v).strip(), ())
        unknown.append(not missing and not hits)
        ambiguous.append(len(hits) > 1)
        moved = len(hits) == 1 and str(v).strip() != hits[0]
        changed.append(moved)
        if len(hits) == 1:
            codes.iloc[i] = hits[0]
        if moved:
            label = str(v).strip()
            counts[label] = (hits[0], counts.get(label, (None, 0))[1] + 1)
    return codes, unknown, ambiguous, changed, counts


@pytest.mark.parametrize("seed", range(40))
def test_recode_equals_a_row_by_row_reading(seed):
    from complaintkit.locale import recode

    rng = np.random.default_rng(seed)
    pool = np.array(["delivery", "物流配送", " 物流配送 ", "Delivery timeout", "billing",
                     "支付扣费", None, np.nan, "xx", "", "product_quality", 3, "产品质量"],
                    dtype=object)
    n = int(rng.integers(0, 60))
    values = pd.Series(rng.choice(pool, size=n), index=rng.permutation(1000)[:n])
    if seed % 3 == 0 and values.map(lambda v: isinstance(v, str)).all():
        values = values.astype("category")
    got = recode(values, "category")
    codes, unknown, ambiguous, changed, counts = _recode_row_by_row(values, "category")
    assert got.codes.equals(codes)
    assert got.unknown.tolist() == unknown and got.ambiguous.tolist() == ambiguous
    assert got.changed.tolist() == changed
    assert list(got.labels.items()) == list(counts.items())
