"""The canonical schema: every table, every column, its type, unit and meaning.

This module is the one place that says what a complaint world looks like. The generator builds
tables that follow it, :func:`conform` casts a table read from CSV (or a company's own export)
to it with errors that name the column and the rows, and the datasheets are written from it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .vocab import (
    AGE_BANDS,
    EVENTS,
    INDEX_EVENTS,
    PRIORITIES,
    RATING_LEVELS,
    SURVEY_METHODS,
    TEAMS,
    TIERS,
)

# EVENTS and RATING_LEVELS are defined in complaintkit.vocab and re-exported here
__all__ = ["Column", "TABLES", "SchemaError", "columns", "conform", "EVENTS", "RATING_LEVELS"]


class SchemaError(ValueError):
    """A table does not follow the canonical schema."""


@dataclass(frozen=True)
class Column:
    """One column of the canonical schema.

    ``kind`` is one of ``id``, ``text``, ``code`` (an unordered categorical of codes),
    ``ordered`` (an ordered categorical with the levels in ``levels``), ``datetime``, ``int``,
    ``nullable_int``, ``float`` and ``bool``.
    """

    name: str
    kind: str
    meaning: str
    unit: str = ""
    levels: tuple = ()
    nullable: bool = False


def _c(name, kind, meaning, unit="", levels=(), nullable=False) -> Column:
    return Column(name, kind, meaning, unit, tuple(levels), nullable)


TABLES: dict[str, tuple[Column, ...]] = {
    "customers": (
        _c("customer_id", "id", "customer identifier"),
        _c("name", "text", "customer name (synthetic)"),
        _c("region", "code", "region of the country"),
        _c("city", "text", "city"),
        _c("age_band", "ordered", "age band", "years", AGE_BANDS),
        _c("tier", "ordered", "customer tier", "", TIERS),
        _c("signup_date", "datetime", "date the customer signed up"),
        _c("index_order_id", "id", "the order that starts the loyalty clock"),
        _c("index_event", "code", "what happened at the index order", "", INDEX_EVENTS),
        _c("index_at", "datetime", "start of the loyalty clock: complaint closed, or delivery"),
        _c("next_purchase_at", "datetime", "next purchase; empty if censored", nullable=True),
        _c("days_to_next_purchase", "float", "days from index_at to the next purchase or to "
           "the end of the period (censored)", "days"),
        _c("repurchased", "bool", "the next purchase was seen before the period ended"),
    ),
    "orders": (
        _c("order_id", "id", "order identifier"),
        _c("customer_id", "id", "customer who placed the order"),
        _c("ordered_at", "datetime", "time the order was placed"),
        _c("product_category", "code", "product category"),
        _c("amount", "float", "order amount", "currency units"),
        _c("carrier", "code", "carrier that delivered the order"),
        _c("promised_days", "int", "promised delivery time", "days"),
        _c("actual_days", "int", "actual delivery time", "days"),
        _c("delay_days", "int", "actual - promised delivery days (negative = early)", "days"),
        _c("problem", "code", "problem the customer experienced ('none' if untroubled)"),
        _c("sample_weight", "float", "orders in the company this row stands for: 1 for "
           "problem orders (all kept), 1/fraction for the sample of untroubled orders"),
    ),
    "complaints": (
        _c("complaint_id", "id", "complaint identifier"),
        _c("customer_id", "id", "customer who complained"),
        _c("order_id", "id", "order complained about"),
        _c("received_at", "datetime", "time the complaint was received"),
        _c("channel", "code", "channel the complaint came through"),
        _c("category", "code", "complaint category"),
        _c("sub_category", "code", "sub-category (the problem)"),
        _c("root_cause", "code", "root cause found by investigation"),
        _c("department", "code", "department responsible for the root cause"),
        _c("priority", "ordered", "priority from severity, scope and urgency", "", PRIORITIES),
        _c("narrative", "text", "the customer's words"),
        _c("agent_id", "id", "agent who handled the complaint"),
        _c("first_response_at", "datetime", "time of the first response to the customer"),
        _c("resolved_at", "datetime", "time of (final) resolution; empty if never resolved",
           nullable=True),
        _c("closed_at", "datetime", "time the complaint was closed"),
        _c("resolution", "code", "how it was resolved ('none' if not resolved)"),
        _c("compensation_amount", "float", "money paid back or compensated", "currency units"),
        _c("contacts", "int", "contacts needed with the customer", "contacts"),
        _c("first_contact_resolution", "bool", "resolved at the first contact"),
        _c("escalated", "bool", "escalated to the escalation team"),
        _c("reopened", "bool", "reopened after a resolution"),
        _c("sla_met", "bool", "first response within the SLA of its priority"),
    ),
    "events": (
        _c("complaint_id", "id", "complaint the event belongs to"),
        _c("seq", "int", "order of the event within its complaint (from 1)"),
        _c("event", "ordered", "life-cycle step", "", EVENTS),
        _c("at", "datetime", "time of the event"),
        _c("agent_id", "id", "agent who acted (empty for customer events)", nullable=True),
    ),
    "surveys": (
        _c("survey_id", "id", "survey identifier"),
        _c("complaint_id", "id", "complaint followed up"),
        _c("customer_id", "id", "customer asked"),
        _c("sent_at", "datetime", "time of the follow-up call or questionnaire (回访)"),
        _c("method", "code", "follow-up call or questionnaire", "", SURVEY_METHODS),
        _c("responded", "bool", "the customer answered"),
        _c("csat", "ordered", "satisfaction with the handling, 1-5", "", RATING_LEVELS, True),
        _c("nps", "nullable_int", "likelihood to recommend, 0-10", "points", (), True),
        _c("rating_response_speed", "ordered", "rating of response speed, 1-5", "",
           RATING_LEVELS, True),
        _c("rating_staff_attitude", "ordered", "rating of staff attitude, 1-5", "",
           RATING_LEVELS, True),
        _c("rating_fairness", "ordered", "rating of the fairness of the solution, 1-5", "",
           RATING_LEVELS, True),
        _c("rating_product_quality", "ordered", "rating of product quality, 1-5", "",
           RATING_LEVELS, True),
        _c("rating_price", "ordered", "rating of price reasonableness, 1-5", "",
           RATING_LEVELS, True),
    ),
    "agents": (
        _c("agent_id", "id", "agent identifier"),
        _c("name", "text", "agent name (synthetic)"),
        _c("team", "code", "team", "", TEAMS),
        _c("hired_at", "datetime", "date hired"),
        _c("tenure_years", "float", "tenure at the start of the period", "years"),
        _c("trained", "bool", "reached by the complaint-handling training programme"),
        _c("trained_at", "datetime", "date the training was completed; empty if not trained",
           nullable=True),
    ),
}


def columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table``."""
    if table not in TABLES:
        raise SchemaError(f"table must be one of {', '.join(map(repr, TABLES))}, "
                          f"but {table!r} was passed")
    return TABLES[table]


def _rows(mask: np.ndarray, index: pd.Index, limit: int = 5) -> str:
    bad = index[mask]
    shown = ", ".join(map(str, bad[:limit]))
    more = f" and {len(bad) - limit} more" if len(bad) > limit else ""
    return f"row{'s' if len(bad) > 1 else ''} {shown}{more}"


def conform(df: pd.DataFrame, table: str, *, categories: dict[str, list] | None = None,
            source: str = "") -> pd.DataFrame:
    """Cast ``df`` to the canonical dtypes of ``table``; never drops or reorders rows.

    Parameters
    ----------
    df : DataFrame
        A table read from CSV or a company's export, columns named as in the schema.
    table : str
        One of the tables in :data:`TABLES`.
    categories : dict, optional
        Category lists for code columns (to restore the generator's order); codes found in
        the data but not in the list are an error. Sorted unique values when omitted.
    source : str
        Where the table came from, for error messages (e.g. a file name).

    Raises
    ------
    SchemaError
        Naming the table, the column and the offending rows: a missing column, a value that
        is not a date / number / boolean / allowed level, or an empty value where none may be.
    """
    where = f"{source}: " if source else ""
    cols = columns(table)
    if not isinstance(df, pd.DataFrame):
        raise SchemaError(f"{where}{table} must be a pandas DataFrame, not {type(df).__name__}")
    missing = [c.name for c in cols if c.name not in df.columns]
    if missing:
        raise SchemaError(f"{where}{table} is missing column(s) {', '.join(missing)}")
    out = {}
    categories = categories or {}
    for c in cols:
        s = df[c.name]
        isna = s.isna().to_numpy()
        if isna.any() and not c.nullable:
            raise SchemaError(f"{where}{table}.{c.name} has empty values in "
                              f"{_rows(isna, df.index)}")
        try:
            out[c.name] = _cast(s, c, categories.get(c.name))
        except SchemaError as e:
            raise SchemaError(f"{where}{table}.{c.name}: {e}") from None
        bad = out[c.name].isna().to_numpy() & ~isna
        if bad.any():
            raise SchemaError(f"{where}{table}.{c.name}: cannot read "
                              f"{s[bad].iloc[0]!r} as {c.kind} in {_rows(bad, df.index)}")
    return pd.DataFrame(out, index=df.index)


def _cast(s: pd.Series, c: Column, cats: list | None) -> pd.Series:
    """``s`` cast to the dtype of the column's kind; SchemaError for values it cannot take."""
    k = c.kind
    if k in ("id", "text"):
        return s.astype("str").where(s.notna())  # keep missing as missing
    if k == "datetime":
        if pd.api.types.is_datetime64_any_dtype(s):
            return s.astype("datetime64[s]")
        return pd.to_datetime(s, errors="coerce", format="ISO8601").astype("datetime64[s]")
    if k in ("int", "float", "nullable_int"):
        return _cast_number(s, k)
    if k == "bool":
        return _cast_bool(s)
    if k in ("code", "ordered"):
        return _cast_levels(s, k, list(cats) if cats is not None else list(c.levels))
    raise AssertionError(k)  # pragma: no cover


def _cast_number(s: pd.Series, kind: str) -> pd.Series:
    num = pd.to_numeric(s, errors="coerce")
    if kind == "float":
        return num.astype("float64")
    frac = num.notna() & (num != num.round())
    if frac.any():
        raise SchemaError(f"{s[frac].iloc[0]!r} is not a whole number "
                          f"in {_rows(frac.to_numpy(), s.index)}")
    return num.astype("int64" if kind == "int" else "Int64")


_BOOLS = {"true": True, "false": False, "1": True, "0": False, "yes": True, "no": False}


def _cast_bool(s: pd.Series) -> pd.Series:
    if s.dtype == bool:
        return s
    low = s.astype("str").str.strip().str.lower()
    bad = ~low.isin(list(_BOOLS))
    if bad.any():
        raise SchemaError(f"{s[bad].iloc[0]!r} is not true/false in "
                          f"{_rows(bad.to_numpy(), s.index)}")
    return low.map(_BOOLS).astype(bool)


def _cast_levels(s: pd.Series, kind: str, levels: list) -> pd.Series:
    """A categorical of ``levels`` (sorted unique values when empty); ordered for 'ordered'."""
    vals = s
    if kind == "ordered" and levels and isinstance(levels[0], (int, np.integer)):
        vals = pd.to_numeric(s, errors="coerce").astype("Int64")
    if not levels:
        levels = sorted(vals.dropna().astype("str").unique())
    bad = vals.notna() & ~vals.isin(levels)
    if bad.any():
        raise SchemaError(f"{vals[bad].iloc[0]!r} is not one of "
                          f"{', '.join(map(str, levels))} in {_rows(bad.to_numpy(), s.index)}")
    return pd.Series(pd.Categorical(vals, categories=levels, ordered=kind == "ordered"),
                     index=s.index)
