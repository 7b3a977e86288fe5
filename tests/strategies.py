"""Hypothesis strategies for awkward tables around the kit's schema (issue 9, item 10).

A strategy draws a :class:`Recipe`, not a DataFrame: a short, readable description (how many
rows, which sample, which damage to which column) that :meth:`Recipe.build` applies to a base
table. Hypothesis then prints a falsifying example as a one-line recipe that can be pasted
into a test, instead of a 60-row frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from hypothesis import strategies as st

INT64_MAX = int(np.iinfo(np.int64).max)
INT64_MIN = int(np.iinfo(np.int64).min)

# what a damage does to one column (or, for the row-level ones, to the frame)
COLUMN_DAMAGE = (
    "drop",           # the column is gone
    "rename",         # the column is there under another name (upper case)
    "as_str",         # every value as text (as a CSV reader without dtypes gives it)
    "as_object",      # object dtype with a stray int in the first row
    "as_bool",        # alternating True / False
    "missing",        # None in the chosen rows
    "nan",            # float NaN in the chosen rows
    "inf",            # +inf in the chosen rows
    "neg_inf",        # -inf in the chosen rows
    "huge",           # 1e308 in the chosen rows
    "big",            # 1e20 in the chosen rows (overflows int64 when cast)
    "int64_max",      # the largest int64 in the chosen rows
    "int64_min",      # the smallest int64 in the chosen rows
    "negative",       # numbers made negative (-|x| - 1); other kinds left as they are
    "tz_aware",       # datetimes localised to UTC and shown in Asia/Shanghai
    "str_time",       # datetimes as ISO text; other kinds get an impossible date text
    "bad_date",       # an impossible date text in the chosen rows
    "unused_levels",  # categorical with levels no row uses
    "empty_text",     # "" in the chosen rows
    "far_date",       # 2999-12-31, outside pandas' nanosecond range
    "mixed_tz",       # a New York time among the column's values
)
# the column twice (two columns with one name): its own property, not in the default pool,
# so one missing check does not hide every other failure
DUP_COLUMN = "dup_column"
FRAME_DAMAGE = (
    "duplicate_rows",  # the first rows again (duplicated ids)
    "empty",           # no rows, columns kept
    "shuffle",         # rows in reverse order, index kept
    "reset_index",     # a fresh RangeIndex
    "string_index",    # index of text labels
)
DAMAGE = COLUMN_DAMAGE + FRAME_DAMAGE
ROWS = ("all", "first", "last", "every_other")


@dataclass(frozen=True)
class Damage:
    kind: str
    column: str = ""
    rows: str = "all"

    def __repr__(self) -> str:
        if self.kind in FRAME_DAMAGE:
            return f"Damage({self.kind!r})"
        return f"Damage({self.kind!r}, {self.column!r}, {self.rows!r})"


@dataclass(frozen=True)
class Recipe:
    """``n`` rows of a base table (a random sample by ``seed``, or a contiguous run starting
    at ``seed`` when ``contiguous``), then each damage in order."""

    n: int
    seed: int
    damage: tuple[Damage, ...] = ()
    contiguous: bool = False

    def rows(self, base: pd.DataFrame) -> pd.DataFrame:
        n = min(self.n, len(base))
        if self.contiguous:
            start = self.seed % max(len(base) - n + 1, 1)
            return base.iloc[start:start + n].copy()
        pick = np.random.default_rng(self.seed).choice(len(base), size=n, replace=False)
        return base.iloc[np.sort(pick)].copy()

    def build(self, base: pd.DataFrame) -> pd.DataFrame:
        df = self.rows(base)
        for d in self.damage:
            df = apply(df, d)
        return df


def _mask(df: pd.DataFrame, rows: str) -> np.ndarray:
    m = np.zeros(len(df), dtype=bool)
    if len(df) == 0:
        return m
    if rows == "all":
        m[:] = True
    elif rows == "first":
        m[0] = True
    elif rows == "last":
        m[-1] = True
    else:
        m[::2] = True
    return m


def _set(df: pd.DataFrame, col: str, mask: np.ndarray, value) -> pd.DataFrame:
    s = df[col].astype(object)
    s[mask] = value
    try:  # let pandas pick the dtype it would pick for such a column (float for NaN in ints)
        s = pd.Series(s.tolist(), index=df.index, name=col)
    except (TypeError, ValueError, OverflowError):  # pragma: no cover - keep object
        pass
    df[col] = s
    return df


def _frame_damage(df: pd.DataFrame, kind: str) -> pd.DataFrame:
    if kind == "duplicate_rows":
        return pd.concat([df, df.iloc[:3]])
    if kind == "empty":
        return df.iloc[:0]
    if kind == "shuffle":
        return df.iloc[::-1]
    if kind == "reset_index":
        return df.reset_index(drop=True)
    return df.set_axis([f"r{i}" for i in range(len(df))], axis=0)


_VALUES = {"missing": None, "nan": np.nan, "inf": np.inf, "neg_inf": -np.inf, "huge": 1e308,
           "big": 1e20, "int64_max": INT64_MAX, "int64_min": INT64_MIN, "bad_date": "2025-02-30",
           "empty_text": "", "far_date": pd.Timestamp("2999-12-31"),
           "mixed_tz": pd.Timestamp("2025-03-01 12:00", tz="America/New_York")}


def _retype(s: pd.Series, kind: str) -> pd.Series:
    is_time = pd.api.types.is_datetime64_any_dtype(s)
    if kind == "as_str":
        return s.astype(str)
    if kind == "as_object":
        out = s.astype(object)
        if len(out):
            out.iloc[0] = 7
        return out
    if kind == "as_bool":
        return pd.Series(np.arange(len(s)) % 2 == 0, index=s.index)
    if kind == "negative":
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            return -s.abs() - 1
        return s
    if kind == "tz_aware":
        if is_time:
            s = s.dt.tz_localize("UTC") if s.dt.tz is None else s
            return s.dt.tz_convert("Asia/Shanghai")
        return pd.Series(pd.Timestamp("2025-03-01 12:00", tz="Asia/Shanghai"), index=s.index)
    if kind == "str_time":
        if is_time:
            return s.dt.strftime("%Y-%m-%dT%H:%M:%S")
        return pd.Series("2025-13-45", index=s.index)
    # unused_levels
    s = s.astype("category")
    new = [c for c in ("zz_unused_level",) if c not in s.cat.categories]
    return s.cat.add_categories(new)


def apply(df: pd.DataFrame, d: Damage) -> pd.DataFrame:
    """``df`` with the damage ``d`` (a column that is not there is left alone)."""
    if d.kind in FRAME_DAMAGE:
        return _frame_damage(df, d.kind)
    if d.column not in df.columns or list(df.columns).count(d.column) > 1:
        return df  # not there, or there twice (after dup_column): left alone
    df = df.copy()
    if d.kind == "drop":
        return df.drop(columns=d.column)
    if d.kind == "dup_column":
        return pd.concat([df, df[[d.column]]], axis=1)
    if d.kind == "rename":
        return df.rename(columns={d.column: d.column.upper()})
    if d.kind in _VALUES:
        return _set(df, d.column, _mask(df, d.rows), _VALUES[d.kind])
    df[d.column] = _retype(df[d.column], d.kind)
    return df


def damages(columns, kinds=DAMAGE) -> st.SearchStrategy[Damage]:
    return st.builds(Damage, st.sampled_from(kinds), st.sampled_from(list(columns)),
                     st.sampled_from(ROWS))


def recipes(columns, *, max_rows: int = 60, min_rows: int = 0, max_damage: int = 3,
            kinds=DAMAGE, contiguous: bool = False) -> st.SearchStrategy[Recipe]:
    """Recipes of ``min_rows``..``max_rows`` rows with up to ``max_damage`` damages to
    ``columns`` (the columns an analysis reads: damage elsewhere is rarely interesting)."""
    damage = (st.lists(damages(columns, kinds), max_size=max_damage).map(tuple)
              if columns and max_damage else st.just(()))
    return st.builds(Recipe, st.integers(min_rows, max_rows), st.integers(0, 2**16), damage,
                     st.just(contiguous))
