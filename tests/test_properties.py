"""Property-based tests: no raw pandas/numpy traceback, ever (issue 9, items 6 and 10).

Every reader and every analysis that takes a table is fed awkward tables built from the
shipped dataset (small samples; columns dropped, renamed, retyped; NaN, inf, 1e308, int64
limits; time-zone-aware and text timestamps; unused categorical levels; duplicated ids;
negative counts; empty frames). Each call must return a result or raise one of the kit's
clear errors (ValueError, TypeError, KeyError and the kit's own subclasses of them) with a
message that names the problem -- never an exception from pandas, numpy, pyarrow, statsmodels
or scipy, and never a bare ``KeyError: 'column'`` or ``IndexError``.

The strategies (``tests/strategies.py``) draw one-line recipes, so a falsifying example reads
as e.g. ``Recipe(n=3, seed=0, damage=(Damage('big', 'contacts', 'all'),))``. Runs are
reproducible (``derandomize=True``, no example database) and the file runs in about a minute
on one core.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import tempfile
import traceback
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from strategies import COLUMN_DAMAGE, DUP_COLUMN, Damage, Recipe, recipes

import complaintkit as ck
from complaintkit import schema

# CK_EXPLORE=N: N times the examples, fresh random ones, without the pinned examples (a
# bounded search for new failures); CK_SHRINK=1 shrinks a failure to a minimal example (slow:
# use it on one test at a time)
EXPLORE = int(os.environ.get("CK_EXPLORE", "0"))
PHASES = ([] if EXPLORE else [Phase.explicit]) + [Phase.generate] \
    + ([Phase.shrink] if os.environ.get("CK_SHRINK") else [])
FAST = settings(max_examples=60 * max(EXPLORE, 1), deadline=None, derandomize=not EXPLORE,
                database=None,
                suppress_health_check=list(HealthCheck), print_blob=False,
                phases=PHASES)
SLOW = settings(FAST, max_examples=10 * max(EXPLORE, 1))

# --------------------------------------------------------------------------- clear errors

ALLOWED = (ValueError, TypeError, KeyError)
# messages that come from pandas/numpy internals, not from the kit
FORBIDDEN = [
    r"cannot convert float NaN to integer", r"index \d+ is out of bounds", r"out of bounds",
    r"Length mismatch", r"unhashable type", r"'NoneType' object", r"object has no attribute",
    r"Cannot convert non-finite values", r"Cannot cast", r"cannot reindex",
    r"Cannot setitem on a Categorical", r"Cannot compare", r"not supported between instances",
    r"unsupported operand", r"Invalid comparison", r"Tz-aware datetime", r"tz-naive",
    r"Cannot subtract tz", r"Error tokenizing data", r"could not convert string to float",
    r"invalid literal for int", r"Expecting value: line", r"Parquet magic bytes",
    r"Couldn't deserialize thrift", r"Singular matrix", r"zero-size array",
    r"must be of the same length", r"All arrays must be", r"No objects to concatenate",
    r"cannot insert \w+, already exists", r"Grouper for", r"not 1-dimensional",
    r"Buffer has wrong number of dimensions", r"arg must be a list",
    r"cannot do .* indexing", r"setting an array element with a sequence",
    r"Unable to parse string", r"time data .* doesn't match format", r"Unknown datetime string",
    r"Given date string", r"is not in list", r"not in index", r"None of \[",
    r"The truth value of a", r"Data must be 1-dimensional", r"Out of bounds nanosecond",
]
RAW_MODULES = ("pandas", "numpy", "pyarrow", "statsmodels", "scipy", "patsy", "json",
               "matplotlib", "lifelines")


def assert_clear_error(exc: BaseException, allowed=ALLOWED) -> None:
    """``exc`` is one of the kit's clear errors; raise AssertionError (chained) otherwise."""
    kind = type(exc)
    msg = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    problems = []
    if not isinstance(exc, allowed):
        problems.append(f"{kind.__name__} is not one of the kit's clear errors")
    if kind.__module__.split(".")[0] in RAW_MODULES or isinstance(exc, UnicodeError):
        problems.append(f"{kind.__module__}.{kind.__name__} comes from a library, not the kit")
    if len(msg.split()) < 4:
        problems.append("the message does not say what is wrong (fewer than 4 words)")
    # raw = the message *is* a library message; "file: what is wrong (library detail)" is fine
    problems += [f"the message is a raw library message ({p!r})" for p in FORBIDDEN
                 if re.match(p, msg.strip())]
    if problems:
        raise AssertionError(f"{kind.__name__}: {msg!r} at {_kit_line(exc)}: "
                             + "; ".join(problems)) from exc


def _kit_line(exc: BaseException) -> str:
    """file:line of the innermost frame of the kit in ``exc``'s traceback."""
    kit = [f for f in traceback.extract_tb(exc.__traceback__)
           if "complaintkit" in Path(f.filename).parts]
    if not kit:
        return "(not in the kit)"
    f = kit[-1]
    path = Path(f.filename)
    return f"{'/'.join(path.parts[path.parts.index('complaintkit'):])}:{f.lineno} ({f.name})"


def call(fn, *args, allowed=ALLOWED, **kwargs):
    """``fn(*args, **kwargs)``, or None after a clear error; its summary() must work too."""
    try:
        out = fn(*args, **kwargs)
        if hasattr(out, "summary"):
            out.summary()
        _event("result")
        return out
    except AssertionError:
        raise
    except Exception as exc:  # noqa: BLE001 - every exception is judged here
        assert_clear_error(exc, allowed)
        _event(f"{type(exc).__name__}: {str(exc)[:60]}")
        return None


def _event(text: str) -> None:
    """Count outcomes for --hypothesis-show-statistics (results against each error)."""
    if currently_in_test_context():
        event(text)


def test_assert_clear_error_can_fail():
    """The judge itself: raw library errors and bare keys are refused, kit errors pass."""
    assert_clear_error(ck.SchemaError("complaints.contacts: 'x' is not a whole number in row 3"))
    assert_clear_error(KeyError("column 'x' is not in data (did you mean 'y'?)"))
    bad = [KeyError("category"), IndexError("index 3 is out of bounds for axis 0 with size 3"),
           ZeroDivisionError("division by zero"), AttributeError("'NoneType' object has no x"),
           np.linalg.LinAlgError("Singular matrix"), ValueError("Length mismatch: Expected"),
           pd.errors.IntCastingNaNError("Cannot convert non-finite values (NA or inf) to "
                                        "integer"), UnicodeDecodeError("utf-8", b"\xff", 0, 1, "x")]
    for exc in bad:
        with pytest.raises(AssertionError):
            assert_clear_error(exc)
    assert_clear_error(ValueError("world.json: not a readable manifest (Expecting value: line 1)"))


# --------------------------------------------------------------------------- base tables

@functools.cache
def world() -> ck.World:
    return ck.load_dataset("ecommerce_en")


@functools.cache
def frame() -> pd.DataFrame:
    w = world()
    return ck.complaint_frame(w.complaints, w.surveys, agents=w.agents, customers=w.customers)


@functools.cache
def daily(by: str | None = None) -> pd.DataFrame:
    return ck.complaint_counts(world().complaints, "D", by=by)


@functools.cache
def complainers() -> pd.DataFrame:
    """Customers who complained (so a sample of them meets complaints in loyalty_frame)."""
    w = world()
    return w.customers[w.customers["customer_id"].isin(w.complaints["customer_id"])]


@functools.cache
def loyalty_base() -> pd.DataFrame:
    w = world()
    return ck.loyalty_frame(w.customers, w.complaints, w.surveys, w.orders)


COMPLAINT_COLS = ("category", "sub_category", "root_cause", "department", "channel",
                  "priority", "complaint_id", "received_at", "contacts", "compensation_amount",
                  "customer_id", "agent_id", "resolved_at", "first_response_at", "closed_at")
FRAME_COLS = ("received_at", "channel", "category", "priority", "agent_id", "team", "trained",
              "trained_at", "hours_to_first_response", "hours_to_resolution", "csat_score",
              "resolved", "first_contact_resolution", "extra_contacts", "responded",
              "complaint_id", "sla_met", "escalated", "reopened", "nps")
COUNT_COLS = ("period", "n", "weekday", "is_weekend", "category")


# --------------------------------------------------------------------------- readers

def _csv_roundtrip(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` as read_world reads a CSV: text, empty cells missing."""
    from io import StringIO
    return pd.read_csv(StringIO(df.to_csv(index=False)), dtype="str", keep_default_na=False,
                       na_values=[""])


def _numbers_kept(raw: pd.DataFrame, out: pd.DataFrame, table: str) -> None:
    """No silent numeric damage: every number conform returns is the number it was given."""
    for c in schema.columns(table):
        if c.kind not in ("int", "float", "nullable_int") or c.name not in raw:
            continue
        given_ = pd.to_numeric(raw[c.name], errors="coerce").astype("float64").to_numpy()
        got = out[c.name].astype("Float64").astype("float64").to_numpy()
        same = (given_ == got) | (np.isnan(given_) & np.isnan(got))
        assert same.all(), (f"{table}.{c.name}: {raw[c.name][~same].iloc[0]!r} became "
                            f"{out[c.name][~same].iloc[0]!r}")


ALL_COLUMNS = sorted({c.name for cols in schema.TABLES.values() for c in cols})


@SLOW
@given(table=st.sampled_from(list(schema.TABLES)), recipe=recipes(ALL_COLUMNS),
       as_text=st.booleans())
@example(table="customers", recipe=Recipe(0, 0), as_text=False)
@example(table="complaints", recipe=Recipe(3, 0, (Damage("big", "contacts"),)), as_text=True)
@example(table="complaints", recipe=Recipe(3, 0, (Damage("tz_aware", "received_at"),)),
         as_text=False)
def test_conform_reads_or_refuses(table, recipe, as_text):
    """schema.conform: a conformed table (same rows, schema columns, the same numbers) or a
    SchemaError; never a raw error. ``as_text`` sends the table through CSV text first."""
    base = getattr(world(), table)
    cols = [c.name for c in schema.columns(table)]
    raw = recipe.build(base)
    if as_text:
        raw = _csv_roundtrip(raw)
    out = call(schema.conform, raw, table, source=f"{table}.csv")
    if out is not None:
        assert out.index.equals(raw.index)
        assert list(out.columns[:len(cols)]) == cols
        _numbers_kept(raw, out, table)


@SLOW
@given(table=st.sampled_from(list(schema.TABLES)), recipe=recipes((), max_damage=0))
def test_conform_round_trips_undamaged_csv(table, recipe):
    """The right answer: an undamaged sample read back from CSV text equals the original."""
    base = getattr(world(), table)
    df = recipe.build(base)
    cats = {c: list(df[c].cat.categories) for c in df.columns
            if isinstance(df[c].dtype, pd.CategoricalDtype)}
    out = schema.conform(_csv_roundtrip(df).set_axis(df.index), table, categories=cats)
    pd.testing.assert_frame_equal(out, df[out.columns], check_dtype=False)


@functools.cache
def _small_world_dirs() -> dict[str, Path]:
    w = ck.generate("ecommerce", seed=3, n_complaints=150)
    root = Path(tempfile.mkdtemp(prefix="ck-prop-"))
    out = {}
    for fmt in ("csv", "parquet"):
        getattr(w, f"to_{fmt}")(root / fmt)
        out[fmt] = root / fmt
    return out


DAMAGE_FILES = ("complaints", "surveys", "agents", "events", "customers")
FILE_DAMAGE = ("truncate", "flip", "delete", "append_garbage", "edit_value")


def _damage_file(path: Path, how: str, where: float) -> bool:
    """Damage ``path``; False when the damage changed nothing."""
    data = path.read_bytes()
    pos = min(int(where * len(data)), len(data) - 1)
    if how == "delete":
        path.unlink()
        return True
    if how == "truncate":
        new = data[:pos]
    elif how == "flip":
        new = data[:pos] + bytes([data[pos] ^ 0x20]) + data[pos + 1:]
    elif how == "append_garbage":
        new = data + b"\x00garbage,1,2\n"
    else:  # a hand edit of one digit
        digits = [m.start() for m in re.finditer(rb"[0-9]", data)]
        if not digits:
            return False
        i = digits[int(where * (len(digits) - 1))]
        new = data[:i] + (b"8" if data[i:i + 1] != b"8" else b"9") + data[i + 1:]
    path.write_bytes(new)
    return new != data


def _read_damaged(fmt: str, name: str, how: str, where: float) -> None:
    """ck.read_world on a copy of a small world with one file damaged: a clear error naming
    the file (a missing file may be FileNotFoundError); never a world read as if whole."""
    src = _small_world_dirs()[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        dst = Path(tmp) / "w"
        shutil.copytree(src, dst)
        file = dst / (name if "." in name else f"{name}.{fmt}")
        changed = _damage_file(file, how, where)
        note(f"damaged {file.name}: {how} at {where:.3f} (changed={changed})")
        if not changed:
            return
        try:
            ck.read_world(dst)
        except AssertionError:
            raise
        except Exception as exc:  # noqa: BLE001
            assert_clear_error(exc, ALLOWED + (FileNotFoundError,))
            assert file.name in str(exc), f"the error does not name {file.name}: {exc}"
            return
        raise AssertionError(f"{file.name} damaged ({how} at {where:.3f}) was read as whole")


@SLOW
@given(fmt=st.sampled_from(["csv", "parquet"]), name=st.sampled_from(DAMAGE_FILES),
       how=st.sampled_from(FILE_DAMAGE), where=st.floats(0, 1))
def test_read_world_refuses_damaged_tables(fmt, name, how, where):
    _read_damaged(fmt, name, how, where)


@SLOW
@given(fmt=st.sampled_from(["csv", "parquet"]), how=st.sampled_from(FILE_DAMAGE),
       where=st.floats(0, 1))
@example(fmt="parquet", how="edit_value", where=0.0)
def test_read_world_refuses_a_damaged_manifest(fmt, how, where):
    _read_damaged(fmt, "world.json", how, where)


# --------------------------------------------------------------------------- complaints

@FAST
@given(recipe=recipes(COMPLAINT_COLS),
       column=st.sampled_from(["category", "root_cause", "channel", "priority", "complaint_id",
                               "received_at", "contacts", "CATEGORY"]),
       weight=st.sampled_from([None, "contacts", "compensation_amount", "channel"]),
       by=st.sampled_from([None, "channel", "category", ["priority", "priority"]]),
       cutoff=st.sampled_from([0.8] * 5 + [0.0, 1.0, 1.5, float("nan")]))
@example(recipe=Recipe(2, 0, (Damage("as_bool", "priority"),)), column="priority", weight=None,
         by=None, cutoff=0.8)
def test_pareto(recipe, column, weight, by, cutoff):
    data = recipe.build(world().complaints)
    out = call(ck.pareto, data, column, weight=weight, by=by, cutoff=cutoff)
    if out is not None:
        num = out.table[[c for c in ("n", "share", "cum_share") if c in out.table]]
        assert not (num < 0).any().any(), f"negative counts or shares in pareto:\n{num}"
        assert np.isfinite(num.to_numpy(dtype=float)).all(), f"not finite in pareto:\n{num}"


LEVELS = ("category", "sub_category", "root_cause", "department", "channel", "n", "depth",
          "share", "complaint_id")


@FAST
@given(recipe=recipes(COMPLAINT_COLS + ("n", "depth")),
       levels=st.lists(st.sampled_from(LEVELS), min_size=0, max_size=4),
       weight=st.sampled_from([None, "contacts"]),
       extra=st.sampled_from([None, "n", "depth", "share"]))
def test_drilldown(recipe, levels, weight, extra):
    data = recipe.build(world().complaints)
    if extra is not None:
        data = data.assign(**{extra: 1})
    call(ck.drilldown, data, levels, weight=weight)


@FAST
@given(recipe=recipes(COMPLAINT_COLS),
       top=st.sampled_from([None] * 4 + [0, -1, 1, 3, 2.5, True]),
       deadline_days=st.sampled_from([30, 0, -1]),
       start=st.sampled_from([None, "2025-03-01", "not a date", "2025-02-30"]),
       target=st.sampled_from([0.3] * 5 + [0.0, 1.0, -0.1, float("inf")]))
def test_improvement_plan(recipe, top, deadline_days, start, target):
    data = recipe.build(world().complaints)
    call(ck.improvement_plan, data, top=top, deadline_days=deadline_days, start=start,
         target_reduction=target)


PERIODS = ["2025", "2025-03", "2025-W10", "2025-03-05", "2025-13", "", "March", "2025-02-30",
           "2025-Q1", "1677", "2262-05"]


@FAST
@given(recipe=recipes(COMPLAINT_COLS), period=st.sampled_from(PERIODS),
       time=st.sampled_from(["received_at", "closed_at", "resolved_at", "category"]))
def test_in_period(recipe, period, time):
    data = recipe.build(world().complaints)
    out = call(ck.in_period, data, period, time=time)
    if out is not None:
        assert set(out.index) <= set(data.index)


@FAST
@given(recipe=recipes(COMPLAINT_COLS), survey_recipe=recipes(
    ("complaint_id", "csat", "nps", "responded", "sent_at", "survey_id"), max_rows=60),
       with_surveys=st.booleans())
def test_complaint_frame(recipe, survey_recipe, with_surveys):
    c = recipe.build(world().complaints)
    s = survey_recipe.build(world().surveys) if with_surveys else None
    out = call(ck.complaint_frame, c, s)
    if out is not None:
        assert len(out) == len(c)


@FAST
@given(recipe=recipes(COMPLAINT_COLS),
       freq=st.sampled_from(["D", "W", "M", "ME", "h", "X"]),
       by=st.sampled_from([None, "category", "complaint_id", "received_at"]),
       time=st.sampled_from(["received_at", "closed_at", "channel"]))
@example(recipe=Recipe(2, 0, (Damage("far_date", "received_at", "last"),)), freq="D", by=None,
         time="received_at")
def test_complaint_counts(recipe, freq, by, time):
    data = recipe.build(world().complaints)
    out = call(ck.complaint_counts, data, freq, by=by, time=time)
    if out is not None:
        assert (out["n"] >= 0).all()
        assert out["n"].sum() <= len(data)


@FAST
@given(recipe=recipes(COMPLAINT_COLS),
       by=st.sampled_from([None, "category", "complaint_id", "received_at"]),
       voice_rate=st.sampled_from([None] * 3 + [0.1] * 3
                                  + [0.0, 1.0, 2.0, float("nan"), float("inf")]))
def test_iceberg(recipe, by, voice_rate):
    data = recipe.build(world().complaints)
    out = call(ck.iceberg, data, by=by, voice_rate=voice_rate, n_draws=200)
    if out is not None:
        keys = [by] if isinstance(by, str) else []  # group labels may be anything
        num = out.table.drop(columns=keys, errors="ignore").select_dtypes("number")
        vals = num.to_numpy(dtype=float)
        assert (np.isfinite(vals) | np.isnan(vals)).all(), f"infinite estimates:\n{num}"


# --------------------------------------------------------------------------- complaint frame

@FAST
@given(recipe=recipes(FRAME_COLS),
       by=st.sampled_from([None, None, "channel", "category", "complaint_id",
                           ["channel", "channel"]]),
       freq=st.sampled_from([None, "M", "W", "D", "ME", "X"]),
       time=st.sampled_from(["received_at", "trained_at"]))
def test_kpis(recipe, by, freq, time):
    data = recipe.build(frame())
    out = call(ck.kpis, data, by=by, freq=freq, time=time)
    if out is not None and "n" in out.table and by is None and freq is None:
        assert out.table["n"].max() <= data["complaint_id"].nunique()


@SLOW
@given(recipe=recipes(FRAME_COLS, max_rows=400),
       outcome=st.sampled_from(["csat_score"] * 4 + ["nps", "channel", "resolved"]))
def test_drivers(recipe, outcome):
    data = recipe.build(frame())
    call(ck.drivers, data, outcome, n_boot=2, seed=0)


@SLOW
@given(recipe=recipes(FRAME_COLS, max_rows=400),
       outcome=st.sampled_from(["hours_to_first_response"] * 3 + ["csat_score", "channel"]),
       log=st.booleans())
@example(recipe=Recipe(136, 136, (Damage("nan", "agent_id", "last"),)),
         outcome="hours_to_first_response", log=True)
def test_training_effect(recipe, outcome, log):
    data = recipe.build(frame())
    call(ck.training_effect, data, outcome=outcome, log=log, n_boot=0)


# --------------------------------------------------------------------------- count series

@SLOW
@given(recipe=recipes(("n", "period"), max_rows=60, contiguous=True,
                      kinds=COLUMN_DAMAGE + ("duplicate_rows", "empty", "shuffle")),
       horizon=st.integers(1, 7), folds=st.integers(1, 2),
       models=st.sampled_from([("seasonal_naive",), ("seasonal_naive", "ets")]),
       as_series=st.booleans())
def test_forecast(recipe, horizon, folds, models, as_series):
    counts = recipe.build(daily())
    if as_series and {"period", "n"} <= set(counts.columns):
        counts = counts.set_index("period")["n"]
    call(ck.forecast, counts, horizon=horizon, folds=folds, models=models, season=7)


@FAST
@given(recipe=recipes(COUNT_COLS, max_rows=60, contiguous=True),
       method=st.sampled_from(["cusum", "ewma", "cchart"]),
       baseline=st.sampled_from(["weekday", "flat"]),
       window=st.sampled_from([7, 14, 56]),
       by=st.sampled_from([None, "category"]))
@example(recipe=Recipe(8, 0, (Damage("bad_date", "weekday", "first"),), True), method="cusum",
         baseline="weekday", window=7, by=None)
def test_early_warning(recipe, method, baseline, window, by):
    counts = recipe.build(daily(by))
    call(ck.early_warning, counts, method=method, baseline=baseline, window=window, by=by)


def test_early_warning_refuses_a_missing_day_count():
    """Item 6: one NaN day must not silently stop monitoring (a clear error, or the day is
    reported as missing and monitoring carries on)."""
    counts = daily().iloc[:120].copy()
    counts["n"] = counts["n"].astype(float)
    counts.loc[counts.index[60], "n"] = np.nan
    out = call(ck.early_warning, counts, window=28)
    if out is not None:
        assert out.table["period"].nunique() >= 119 or any("missing" in n for n in out.notes)


# --------------------------------------------------------------------------- loyalty

LOYALTY_CUSTOMER_COLS = ("customer_id", "index_at", "next_purchase_at", "days_to_next_purchase",
                         "repurchased", "index_event", "tier")
LOYALTY_COLS = ("hours_to_first_response", "csat_score", "repurchased", "days_to_next_purchase",
                "index_at", "resolved", "index_event", "weight", "days_to_period_end")


@SLOW
@given(recipe=recipes(LOYALTY_CUSTOMER_COLS),
       period_end=st.sampled_from([None, "2026-01-01", "2024-01-01", "nonsense"]))
@example(recipe=Recipe(1, 0), period_end="nonsense")
def test_loyalty_frame(recipe, period_end):
    w = world()
    customers = recipe.build(complainers())
    ids = customers["customer_id"] if "customer_id" in customers else pd.Series([], dtype=str)
    complaints = w.complaints[w.complaints["customer_id"].isin(ids.astype(str))]
    surveys = w.surveys[w.surveys["complaint_id"].isin(complaints["complaint_id"])]
    out = call(ck.loyalty_frame, customers, complaints, surveys, period_end=period_end)
    if out is not None:
        assert len(out) == len(customers)


@SLOW
@given(recipe=recipes(LOYALTY_COLS, max_rows=400),
       window=st.sampled_from([90] * 4 + [0, -5, float("inf")]))
@example(recipe=Recipe(1, 0, (Damage("tz_aware", "csat_score"),)), window=90)
@example(recipe=Recipe(35, 4875, (Damage("str_time", "weight"),)), window=90)
def test_loyalty(recipe, window):
    data = recipe.build(loyalty_base())
    call(ck.loyalty, data, window=window)


# --------------------------------------------------------------------------- duplicated names

def _dup(base, column, n=35, contiguous=False):
    return Recipe(n, 0, (Damage(DUP_COLUMN, column),), contiguous).build(base)


DUPLICATED_NAME_CALLS = [
    pytest.param(lambda: ck.pareto(_dup(world().complaints, "category"), "category"),
                 id="pareto"),
    pytest.param(lambda: ck.drilldown(_dup(world().complaints, "category")), id="drilldown"),
    pytest.param(lambda: ck.improvement_plan(_dup(world().complaints, "root_cause")),
                 id="improvement_plan"),
    pytest.param(lambda: ck.in_period(_dup(world().complaints, "received_at"), "2025"),
                 id="in_period"),
    pytest.param(lambda: ck.complaint_frame(_dup(world().complaints, "first_response_at")),
                 id="complaint_frame-time"),
    pytest.param(lambda: ck.complaint_frame(_dup(world().complaints, "complaint_id")),
                 id="complaint_frame-id"),
    pytest.param(lambda: ck.complaint_counts(_dup(world().complaints, "received_at")),
                 id="complaint_counts"),
    pytest.param(lambda: ck.kpis(_dup(frame(), "hours_to_first_response")), id="kpis"),
    pytest.param(lambda: ck.iceberg(_dup(world().complaints, "category"), by="category",
                                    n_draws=200),
                 id="iceberg"),
    pytest.param(lambda: ck.forecast(_dup(daily(), "period", contiguous=True), horizon=3,
                                     folds=1, models=("seasonal_naive",)),
                 id="forecast"),
    pytest.param(lambda: ck.early_warning(_dup(daily(), "n", contiguous=True), window=7),
                 id="early_warning"),
    pytest.param(lambda: ck.drivers(_dup(frame(), "csat_score", n=300), n_boot=2),
                 id="drivers"),
    pytest.param(lambda: ck.training_effect(_dup(frame(), "agent_id", n=300), n_boot=0),
                 id="training_effect"),
    pytest.param(lambda: ck.loyalty(_dup(loyalty_base(), "csat_score", n=300)), id="loyalty"),
    pytest.param(lambda: schema.conform(_dup(world().agents, "team"), "agents"),
                 id="conform"),
]


@pytest.mark.parametrize("run", DUPLICATED_NAME_CALLS)
def test_duplicated_column_names(run):
    """A frame with two columns of one name (e.g. after a careless concat or merge): a clear
    error, never a raw one."""
    call(run)


# --------------------------------------------------------------------------- named cases

def test_recipes_are_readable():
    """A falsifying example must be pasteable: the recipe's repr rebuilds the same frame."""
    r = Recipe(n=3, seed=0, damage=(Damage("big", "contacts", "all"),))
    again = eval(repr(r), {"Recipe": Recipe, "Damage": Damage})  # noqa: S307 - our own repr
    pd.testing.assert_frame_equal(r.build(world().complaints), again.build(world().complaints))
    assert (r.build(world().complaints)["contacts"] == 1e20).all()


def test_world_meta_is_json():
    """The damage test's premise: world.json is JSON text (flipping a byte makes it not)."""
    json.loads((_small_world_dirs()["csv"] / "world.json").read_text(encoding="utf-8"))
