"""The generator's fast paths give the worlds the slower code gave (issue 14 item 2).

Each shortcut is compared in-process with the code it replaced, kept here as the reference,
on inputs of every shape it meets (and a few it should refuse); and whole worlds are pinned
by digests of every table and truth table (values, dtypes and categories), computed with the
generator of commit 0d222ea, before the shortcuts. If a stage changes a world on purpose,
recompute DIGESTS with _digests() and say why in the commit.
"""

import hashlib
import json

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.generator import _random, text


# --------------------------------------------------------------------------- references
def categorical_reference(rng, p):
    p = np.atleast_2d(p)
    cum = np.cumsum(p, axis=1)
    cum /= cum[:, -1:]
    u = rng.random(p.shape[0])[:, None]
    return np.minimum((u > cum).sum(axis=1), p.shape[1] - 1)


def ids_reference(prefix, numbers, width):
    numbers = np.asarray(numbers, dtype=np.int64)
    if numbers.size == 0:
        return np.empty(numbers.shape, dtype=object)
    return np.char.add(prefix, np.char.zfill(numbers.astype(str), width)).astype(object)


def groups_reference(keys, mask=None):
    mask = np.ones(len(keys), bool) if mask is None else mask
    for key in np.unique(keys[mask]) if mask.any() else []:
        yield key, np.flatnonzero(mask & (keys == key))


HOURS = np.array([1, 1, 1, 1, 1, 2, 4, 6, 8, 9, 9, 8, 8, 8, 7, 7, 8, 9, 10, 11, 10, 8, 5, 2.])


@pytest.mark.parametrize("p", [
    np.broadcast_to(HOURS / HOURS.sum(), (20000, 24)),        # one row for all (a view)
    np.tile([0.2, 0.0, 0.5, 0.3], (3000, 1)),                 # one row for all (a copy)
    np.broadcast_to([0.0, 1.0, 0.0], (50, 3)),                # zeros at both ends
    np.broadcast_to([0.5, 0.5, 0.0], (50, 3)),
    np.broadcast_to([1 / 3] * 3, (7, 3)),                     # sums not exactly 1
    np.broadcast_to([2.0, 6.0], (9, 2)),                      # weights, not chances
    np.random.default_rng(1).random((2000, 5)),               # a row each
    np.where(np.arange(500)[:, None] % 2 == 0, [0.7, 0.2, 0.1], [0.1, 0.3, 0.6]),
    np.array([[0.1, 0.9]]),                                   # one row
    np.array([0.25, 0.75]),                                   # a vector
    np.empty((0, 3)),                                         # no rows
])
def test_categorical_draws_as_before(p):
    got = _random.categorical(np.random.default_rng(7), p)
    rng = np.random.default_rng(7)
    want = categorical_reference(rng, p)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    # and the stream is left where the reference leaves it
    after = np.random.default_rng(7)
    _random.categorical(after, p)
    assert after.random() == rng.random()


@pytest.mark.parametrize("numbers, width", [
    (np.arange(1, 5000), 8), (np.array([0, 7, 42, 9999999, 12345678, 10 ** 12]), 7),
    (np.array([5, -5, -123]), 7), (np.array([3]), 1), (np.array([], dtype=np.int64), 7),
    ([], 3), (np.arange(6).reshape(2, 3), 4), (np.array([1.0, 2.0]), 3),
])
def test_ids_as_before(numbers, width):
    got = _random.ids("O", numbers, width)
    want = ids_reference("O", numbers, width)
    assert got.dtype == want.dtype == object and got.shape == want.shape
    assert got.tolist() == want.tolist()
    assert all(type(x) is str for x in got.ravel())


def calibrated_intercept_reference(x, rate):
    from scipy import optimize, special
    if len(x) == 0:
        return float(special.logit(rate))
    f = lambda a: special.expit(a + x).mean() - rate  # noqa: E731
    return float(optimize.brentq(f, -50.0, 50.0, xtol=1e-10))


@pytest.mark.parametrize("x", [
    np.random.default_rng(0).normal(0, 2, 20000), np.random.default_rng(1).integers(0, 4, 500),
    np.array([0.3]), np.array([], dtype=float), np.zeros(7),
])
@pytest.mark.parametrize("rate", [0.02, 0.35, 0.9])
def test_calibrated_intercept_as_before(x, rate):
    assert _random.calibrated_intercept(x, rate) == calibrated_intercept_reference(x, rate)


def _keys():
    rng = np.random.default_rng(3)
    words = np.array(["delivery", "billing", "", "Zeta", "après", "投诉", "b", "a|b"],
                     dtype=object)
    return [words[rng.integers(0, len(words), 3000)], rng.integers(0, 9, 3000),
            np.array([], dtype=object), np.array(["x"], dtype=object)]


@pytest.mark.parametrize("keys", _keys())
@pytest.mark.parametrize("masked", [False, True])
def test_groups_as_before(keys, masked):
    mask = (np.arange(len(keys)) % 3 != 0) if masked else None
    got = list(text._groups(keys, mask))
    want = list(groups_reference(keys, mask))
    assert [k for k, _ in got] == [k for k, _ in want]
    for (_, a), (_, b) in zip(got, want, strict=True):
        np.testing.assert_array_equal(a, b)
    if masked:
        none = list(text._groups(keys, np.zeros(len(keys), bool)))
        assert none == []


@pytest.mark.parametrize("values", [
    np.array(["a", "b", "a", "投诉"], dtype=object), np.array([3, 10, 3, -1]),
    np.array(["1.50", "2.00"]), np.array([1.5, np.nan]), np.array([None, "a"], dtype=object),
    np.array([1, "1", 1.0, True], dtype=object), np.array([], dtype=object),
    np.array([np.int64(4), np.int64(4)], dtype=object),
])
def test_as_text_as_before(values):
    got = text._as_text(values)
    want = np.asarray(values).astype(str).astype(object)
    assert got.dtype == object and got.tolist() == want.tolist()


def _random_dates() -> np.ndarray:
    """5,000 times over 400 days from 2024-12-20 (both date tests' input)."""
    rng = np.random.default_rng(2)
    return (np.datetime64("2024-12-20T00:00:00", "ns")
            + rng.integers(0, 400 * 86400, 5000).astype("timedelta64[s]"))


def test_dates_as_before():
    d = _random_dates()
    for locale in ("en_US", "zh_CN"):
        g = text.grammar(locale)
        idx = pd.DatetimeIndex(d)
        day = idx.day.to_numpy().astype(str).astype(object)
        want = (idx.month.to_numpy().astype(str).astype(object) + "月" + day + "日"
                if locale == "zh_CN" else
                np.array(g["months"]["all"], dtype=object)[idx.month.to_numpy() - 1] + " " + day)
        assert text._dates(d, locale, g).tolist() == want.tolist()
        assert text._dates(d[:1], locale, g).tolist() == want[:1].tolist()


def lower_after_comma_reference(opener, text_):
    rows = np.flatnonzero(pd.Series(opener, dtype=object).str.endswith(", ").to_numpy())
    if not len(rows):
        return
    t = pd.Series(text_[rows], dtype=object)
    ok = (t.str[:1].str.isupper() & t.str[1:2].str.islower()
          & ~t.str.match(r"I\b")).to_numpy(dtype=bool)
    t = t[ok]
    text_[rows[ok]] = (t.str[:1].str.lower() + t.str[1:]).to_numpy(dtype=object)


def test_lower_after_comma_as_before():
    sentences = ["The box", "I am", "It broke", "I", "FedEx lost", "", "A", "Éclair",
                 "İstanbul", "ÀB", "1 day", "Ok.", "I-9", "Ia", "the box"]
    rng = np.random.default_rng(4)
    opener = np.array(["Hi, ", "Hello. ", "", "Dear team, "], dtype=object)[
        rng.integers(0, 4, 600)]
    text_ = np.array(sentences, dtype=object)[rng.integers(0, len(sentences), 600)]
    want = text_.copy()
    lower_after_comma_reference(opener, want)
    got = text_.copy()
    text._lower_after_comma(opener, got)
    assert got.tolist() == want.tolist() and got.dtype == object
    none = text_.copy()
    text._lower_after_comma(np.full(600, "Hi. ", dtype=object), none)
    assert none.tolist() == text_.tolist()


def _frame(n=4000, missing=False):
    rng = np.random.default_rng(5)
    at = np.datetime64("2025-01-01T00:00:00", "s") + rng.integers(0, 50, n).astype(
        "timedelta64[h]")
    if missing:
        at[::97] = np.datetime64("NaT")
    return pd.DataFrame({"customer": rng.integers(0, 300, n), "kind": rng.integers(0, 3, n),
                         "at": at, "x": rng.random(n), "flag": rng.random(n) < 0.5},
                        index=rng.permutation(n) + 10)


@pytest.mark.parametrize("by", [["at"], ["customer", "kind", "at"], ["flag", "x"],
                                ["kind", "customer"]])
@pytest.mark.parametrize("missing", [False, True])
def test_sort_rows_as_sort_values(by, missing):
    df = _frame(missing=missing)
    pd.testing.assert_frame_equal(_random.sort_rows(df, by), df.sort_values(by, kind="stable"))
    first = _random.sort_rows(df, ["customer", "kind", "at"])
    first = first[_random.run_starts(first["customer"].to_numpy())]
    want = df.sort_values(["customer", "kind", "at"], kind="stable").drop_duplicates(
        "customer", keep="first")
    pd.testing.assert_frame_equal(first, want)


def test_run_positions_as_cumcount():
    df = _frame().sort_values("customer", kind="stable")
    rows = df["customer"].to_numpy()
    at = np.arange(len(rows))
    seq = at - np.maximum.accumulate(np.where(_random.run_starts(rows), at, 0)) + 1
    np.testing.assert_array_equal(seq, df.groupby("customer").cumcount().to_numpy() + 1)
    assert _random.run_starts(np.array([], dtype=np.int64)).tolist() == []


# --------------------------------------------------------------------------- whole worlds
def _digest(df: pd.DataFrame) -> str:
    meta = [list(df.columns), [str(t) for t in df.dtypes]]
    meta += [(c, list(map(str, df[c].cat.categories)), bool(df[c].cat.ordered))
             for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)]
    h = pd.util.hash_pandas_object(df, index=True).to_numpy()
    return hashlib.sha256(json.dumps(meta).encode() + h.tobytes()).hexdigest()[:16]


def _digests(locale: str, seed: int) -> dict[str, str]:
    w = ck.generate("ecommerce", n_complaints=2000, seed=seed, locale=locale)
    out = {name: _digest(df) for name, df in w.tables.items()}
    out.update({f"truth/{name}": _digest(df) for name, df in w.truth.tables().items()})
    return out


DIGESTS = json.loads("""{
 "en_US/0": {
  "agents": "61de36d33bfdb04e",
  "complaints": "77838ccd2e54f043",
  "customers": "f5b8bd4994803e45",
  "events": "bf8dca56d1d1a034",
  "orders": "e2723a037425582f",
  "surveys": "0ce8b881ed861372",
  "truth/categories": "4c0bf0ac006dc9ac",
  "truth/effects": "0396ac5cabb3016e",
  "truth/festivals": "4b5b376f2d78e642",
  "truth/iceberg": "2c47968c4e35c6da",
  "truth/improvements": "fe8eb53ba5027cad",
  "truth/incidents": "e44fe8f377d30e56",
  "truth/pii": "14490725dd1f8cf9",
  "truth/population": "b1d99442b5ae1b4d",
  "truth/text": "9bac2b818e92c436"
 },
 "zh_CN/1": {
  "agents": "3c5514f9f3536dc8",
  "complaints": "b3c9532b32d63717",
  "customers": "f6b23e3ec4427ce9",
  "events": "6c9649580883d4fd",
  "orders": "bd31c5bf6c587cd1",
  "surveys": "5a44230130878685",
  "truth/categories": "c8a5bf232dc711a5",
  "truth/effects": "ab455195d2121b27",
  "truth/festivals": "c9499c43ba30f457",
  "truth/iceberg": "042d4427fc826fe9",
  "truth/improvements": "fe8eb53ba5027cad",
  "truth/incidents": "dba511639ae4ec9b",
  "truth/pii": "ae6c1f07b1943373",
  "truth/population": "0b76c949be9f964a",
  "truth/text": "560e3deedf30f248"
 }
}""")


@pytest.mark.parametrize("locale, seed", [("en_US", 0), ("zh_CN", 1)])
def test_worlds_as_before(locale, seed):
    want = DIGESTS[f"{locale}/{seed}"]
    got = _digests(locale, seed)
    assert {k: v for k, v in got.items() if v != want.get(k)} == {}


# --------------------------------------------------------------------------- GEN (session 7)
# The table-making stages' shortcuts against what they replaced: sorts on packed keys,
# ids written into Arrow buffers.
def _sort_keys(rng, dtype, n):
    if dtype is bool:
        return rng.random(n) < 0.5
    if np.dtype(dtype).kind in "mM":
        return (rng.integers(-10 ** 9, 10 ** 9, n) // rng.integers(1, 10 ** 8)).astype(dtype)
    info = np.iinfo(dtype)
    low, high = max(int(info.min), -10 ** 6), min(int(info.max), 10 ** 6)
    if rng.random() < 0.3:   # the whole range: too wide to pack, np.lexsort
        low, high = int(info.min), int(info.max)
    k = rng.integers(low, high, n, dtype=dtype, endpoint=True)
    return k[rng.integers(0, 5, n)] if rng.random() < 0.5 else k   # many ties


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int32, np.uint32, np.int64, np.uint64,
                                   bool, "datetime64[s]", "datetime64[ns]", "timedelta64[s]"])
def test_stable_order_as_lexsort(dtype):
    rng = np.random.default_rng(8)
    for _ in range(25):
        n = int(rng.integers(1, 3000))
        keys = [_sort_keys(rng, dtype, n) for _ in range(int(rng.integers(1, 4)))]
        np.testing.assert_array_equal(_random.stable_order(keys), np.lexsort(keys[::-1]))
    mixed = [np.arange(5)[::-1] % 2, np.array([0.5, 0.1, 0.5, 0.2, 0.1])]   # a float key
    np.testing.assert_array_equal(_random.stable_order(mixed), np.lexsort(mixed[::-1]))


@pytest.mark.parametrize("prefix", ["", "C", "O0003-", "投诉"])
@pytest.mark.parametrize("width", [1, 3, 4, 5, 7, 8, 9, 12, 19])
def test_text_ids_as_ids(prefix, width):
    from complaintkit.generator.tables import text_ids
    rng = np.random.default_rng(width)
    top = 10 ** min(width, 18)
    for numbers in (rng.integers(0, top, 500), np.array([0, top - 1]), np.array([5, top]),
                    rng.integers(0, 2 ** 62, 50), np.array([3, -4]), np.array([], dtype=int)):
        got = text_ids(prefix, numbers, width)
        want = pd.array(_random.ids(prefix, numbers, width), dtype="str")
        assert got.dtype == want.dtype and got.tolist() == want.tolist()
        assert got._pa_array.type == want._pa_array.type


@pytest.mark.parametrize("n", [1, 5, 1023, 1024, 7500, 60000])
@pytest.mark.parametrize("zeros", [False, True])
def test_choice_as_numpy(n, zeros):
    rng = np.random.default_rng(n)
    p = rng.random(n) * ((rng.random(n) < 0.7) if zeros else 1)
    p[0] += 0.01
    p /= p.sum()
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    want = a.choice(n, size=50_000, p=p)
    got = _random.choice(b, n, 50_000, p)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    assert a.random() == b.random()   # the stream left where numpy leaves it
    with pytest.raises(ValueError):
        _random.choice(np.random.default_rng(3), 3, 5, np.array([0.5, 0.6, -0.1]))


@pytest.mark.parametrize("side", ["left", "right"])
@pytest.mark.parametrize("size", [1, 3, 24, 5000, 200_000])
def test_searchsorted_as_numpy(side, size):
    rng = np.random.default_rng(size)
    cdf = np.cumsum(rng.random(size) * (rng.random(size) < 0.8))   # repeated values too
    cdf /= cdf[-1] if cdf[-1] > 0 else 1
    u = np.concatenate([rng.random(100_000), cdf[::7], [0.0, 1.0, -1.0, 2.0, np.nan]])
    np.testing.assert_array_equal(_random.searchsorted(cdf, u, side),
                                  np.searchsorted(cdf, u, side=side))


def index_events_reference(orders, complaints):
    o = orders
    delivered = (o["ordered_at"].to_numpy()
                 + (o["promised_days"] + o["delay_days"]).to_numpy() * np.timedelta64(86400, "s"))
    kind = np.where(o["complained"], 0, np.where(o["problem"] >= 0, 1, 2))
    idx = pd.DataFrame({"customer": o["customer"].to_numpy(), "kind": kind,
                        "at": delivered, "row": np.arange(len(o))})
    first_c = complaints.drop_duplicates("customer", keep="first").set_index("order_row")
    comp_rows = first_c.index.to_numpy()
    idx.loc[comp_rows, "at"] = first_c["closed_at"].to_numpy()
    idx = idx[(idx["kind"] > 0) | idx["row"].isin(comp_rows)]
    idx = idx.sort_values(["customer", "kind", "at"], kind="stable")
    first = np.ones(len(idx), bool)
    first[1:] = idx["customer"].to_numpy()[1:] != idx["customer"].to_numpy()[:-1]
    return idx[first].reset_index(drop=True), first_c


@pytest.mark.parametrize("missing", [False, True])
def test_index_events_as_before(missing):
    from complaintkit.generator import loyalty, pipeline
    seen = []
    real = pipeline.draw_loyalty

    def keep(sc, orders, complaints, population, rng):
        seen.append((orders, complaints))
        return real(sc, orders, complaints, population, rng)

    pipeline.draw_loyalty = keep
    try:
        ck.generate("ecommerce", n_complaints=1500, seed=5)
    finally:
        pipeline.draw_loyalty = real
    orders, complaints = seen[0]
    if missing:   # a complaint never closed: its time sorts last, as pandas sorts it
        complaints = complaints.copy()
        complaints.loc[complaints.index[::50], "closed_at"] = pd.NaT
    got, got_c = loyalty._index_events(orders, complaints)
    want, want_c = index_events_reference(orders, complaints)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    pd.testing.assert_frame_equal(got_c, want_c)


@pytest.mark.parametrize("missing", [False, True])
def test_sort_positions_as_sort_values(missing):
    df = _frame(missing=missing).reset_index(drop=True)
    df["word"] = np.array(["b", "a", "c"], dtype=object)[df["kind"].to_numpy()]
    for by in (["customer", "kind", "at"], ["at"], ["word", "x"], ["flag", "at"]):
        got = _random.sort_positions([df[c].to_numpy() for c in by])
        np.testing.assert_array_equal(got, df.sort_values(by, kind="stable").index.to_numpy())


def test_among_as_isin():
    from complaintkit.generator.voice import _among
    rng = np.random.default_rng(6)
    for i in range(300):
        codes = rng.integers(-1, int(rng.integers(1, 30)), int(rng.integers(0, 1000)))
        values = [int(v) for v in rng.integers(-3, 40, int(rng.integers(0, 5)))]
        if i % 10 == 0:
            values.append(10 ** 12)   # far apart: np.isin itself
        got, want = _among(codes, values), np.isin(codes, values)
        assert got.dtype == want.dtype and got.shape == want.shape
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("x", [
    np.random.default_rng(2).integers(0, 4, 20000).astype(float),            # a few levels
    np.round(np.random.default_rng(3).normal(0, 1, 5000), 1),                # dozens
    np.where(np.arange(3000) % 2 == 0, -0.0, 0.7),                           # signed zero
    np.random.default_rng(4).normal(0, 1, 3000),                             # all distinct
])
@pytest.mark.parametrize("rate", [0.02, 0.35, 0.9])
def test_calibrated_chances_as_before(x, rate):
    from scipy import special
    a = calibrated_intercept_reference(x, rate)
    drawn, p, got = _random.bernoulli_calibrated(np.random.default_rng(1), x, rate)
    assert got == a
    want = special.expit(a + x)
    assert p.tobytes() == want.tobytes()
    np.testing.assert_array_equal(drawn, np.random.default_rng(1).random(len(x)) < want)


# --------------------------------------------------------------------------- narratives (NARR)
# The narratives are written as cells of one string table joined by Arrow (text._fill,
# text._finish) and their key columns as codes (text._Keys); the worlds above and the
# sharded ones pin the texts. These pin the helpers that replaced a per-row formatting.
@pytest.mark.parametrize("values", [
    np.round(np.random.default_rng(5).gamma(2.0, 80.0, 20000), 2),       # amounts, in cents
    np.random.default_rng(6).random(3000) * 1000,                        # not whole cents
    np.array([0.005, 0.015, 0.125, 1.005, 2.675, 0.0, -0.0, -3.5, 1e-9, 0.01, 99.995,
              1e15, 4.5e13, 1e300, np.nan, np.inf, -np.inf, 7.0, 10.1, 1234567.89]),
    np.array([], dtype=float),
])
def test_money_as_before(values):
    got = text._money(values)
    want = np.char.mod("%.2f", values).astype(str).astype(object) if len(values) else \
        np.array([], dtype=object)
    assert got.dtype == object and got.tolist() == want.tolist()


@pytest.mark.parametrize("col", [
    pd.Series(["b", "a", "b", "投诉", ""] * 50),
    pd.Series(["b", None, "a"] * 5, dtype="str"),
    pd.Series(["b", None, "a"], dtype=object),
    pd.Series([3, 10, 3, -1]),
    pd.Series([1.5, np.nan, 1.5]),
    pd.Series([], dtype="str"),
])
def test_keys_as_text(col):
    keys = text._Keys.of(col)
    want = text._as_text(col.to_numpy())
    assert keys.text().tolist() == want.tolist()
    assert text._texts(col).tolist() == want.tolist()
    groups = {}
    for label, rows in keys.groups():
        groups.setdefault(label, []).extend(rows.tolist())
    assert {k: sorted(v) for k, v in groups.items()} == \
        {k: np.flatnonzero(want == k).tolist() for k in set(want.tolist())}


def test_date_keys_as_dates():
    d = _random_dates()
    for locale in ("en_US", "zh_CN"):
        g = text.grammar(locale)
        for x in (d, d[:1], d[:0]):
            assert text._date_keys(x, locale, g).text().tolist() == \
                text._dates(x, locale, g).tolist()


@pytest.mark.parametrize("width", [1, 2, 3, 4, 6, 8, 16])
def test_pii_digits_as_before(width):
    from complaintkit.text import pii
    rng = np.random.default_rng(width)
    a = np.concatenate([rng.integers(0, 10 ** width, 3000), [0, 10 ** width - 1]])
    want = np.char.zfill(a.astype(str), width)
    assert pii._z(a, width).tolist() == want.tolist()
    for bad in (np.array([-1, 5]), np.array([10 ** width, 5])):  # outside: zfill's own way
        assert pii._z(bad, width).tolist() == np.char.zfill(bad.astype(str), width).tolist()
    b = rng.integers(0, 10 ** min(width, 6), 3000)
    assert pii._s(b).tolist() == b.astype(str).tolist()
    assert pii._s(np.array([-3, 7])).tolist() == ["-3", "7"]
