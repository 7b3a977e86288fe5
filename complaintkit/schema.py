"""The canonical schema: every table, every column, its type, unit and meaning.

This module is the one place that says what a complaint world looks like. The generator builds
tables that follow it, :func:`conform` casts a table read from CSV (or a company's own export)
to it with errors that name the column and the rows, and the datasheets are written from it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import flags
from .locale import code_of, label_family, locales_of, other_kinds, recode
from .locale import labels as locale_labels
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
__all__ = ["Column", "TABLES", "KEYS", "SchemaError", "RecodedWarning", "columns", "conform",
           "local_datetimes", "to_int64", "data_dictionary", "write_data_dictionary", "EVENTS",
           "RATING_LEVELS"]


class SchemaError(ValueError):
    """A table does not follow the canonical schema."""


class RecodedWarning(UserWarning):
    """:func:`conform` read kit labels (zh or en) as codes, or labelled headers as names."""


MESSAGES = {
    "not_flag": "{value} is not yes or no in {rows} (the words understood: {words})",
    "not_applicable": "{value} (not applicable) in {rows}: this column needs a yes/no answer; "
                      "a column with N/A answers is read with complaintkit.flags.read_flags",
    "headers_clash": "the columns {headers} all name {name}: keep one",
    "renamed": "column headers read as names: {pairs}",
    "recoded": "{column}: {n:,} label{s} read as codes ({pairs}){mixed}",
    "mixed": "; zh and en labels mixed",
    "recoded_intro": "{where}{table}: kit labels read back as codes (nothing else changed); ",
    "labels_hint": " ({hints})",
}


@dataclass(frozen=True)
class Column:
    """One column of the canonical schema.

    ``kind`` is one of ``id``, ``text``, ``code`` (an unordered categorical of codes),
    ``ordered`` (an ordered categorical with the levels in ``levels``), ``datetime``, ``int``,
    ``nullable_int``, ``float`` and ``bool``. ``low`` and ``high`` bound a number column
    (inclusive; None: no bound), e.g. counts and amounts cannot be negative.
    """

    name: str
    kind: str
    meaning: str
    unit: str = ""
    levels: tuple = ()
    nullable: bool = False
    low: float | None = None
    high: float | None = None


def _c(name, kind, meaning, unit="", levels=(), nullable=False, low=None, high=None) -> Column:
    return Column(name, kind, meaning, unit, tuple(levels), nullable, low, high)


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
           "the end of the period (censored)", "days", low=0),
        _c("repurchased", "bool", "the next purchase was seen before the period ended"),
    ),
    "orders": (
        _c("order_id", "id", "order identifier"),
        _c("customer_id", "id", "customer who placed the order"),
        _c("ordered_at", "datetime", "time the order was placed"),
        _c("product_category", "code", "product category"),
        _c("amount", "float", "order amount", "currency units", low=0),
        _c("carrier", "code", "carrier that delivered the order"),
        _c("promised_days", "int", "promised delivery time", "days", low=0),
        _c("actual_days", "int", "actual delivery time", "days", low=0),
        _c("delay_days", "int", "actual - promised delivery days (negative = early)", "days"),
        _c("problem", "code", "problem the customer experienced ('none' if untroubled)"),
        _c("sample_weight", "float", "orders in the company this row stands for: 1 for "
           "problem orders (all kept), 1/fraction for the sample of untroubled orders",
           low=0),
    ),
    "complaints": (
        _c("complaint_id", "id", "complaint identifier"),
        _c("customer_id", "id", "customer who complained"),
        _c("order_id", "id", "order complained about"),
        _c("received_at", "datetime", "time the complaint was received"),
        _c("channel", "code", "channel the complaint came through"),
        _c("category", "code", "complaint category"),
        _c("filed_category", "code", "category as first filed at intake; differs from "
           "category for the misfiled share (truth.text)"),
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
        _c("compensation_amount", "float", "money paid back or compensated", "currency units",
           low=0),
        _c("contacts", "int", "contacts needed with the customer", "contacts", low=0),
        _c("first_contact_resolution", "bool", "resolved at the first contact"),
        _c("escalated", "bool", "escalated to the escalation team"),
        _c("reopened", "bool", "reopened after a resolution"),
        _c("sla_met", "bool", "first response within the SLA of its priority"),
        _c("confirmed", "bool", "the first response confirmed the content and the customer's "
           "demand (确认诉求); false: it only replied"),
        _c("followed_up", "bool", "the follow-up call (回访) was made; false: only the "
           "questionnaire sent at closing"),
        _c("handoffs", "int", "times the complaint passed to another agent (转交); agent_id "
           "stays the first agent", "hand-offs", low=0),
    ),
    "events": (
        _c("complaint_id", "id", "complaint the event belongs to"),
        _c("seq", "int", "order of the event within its complaint (from 1)", low=1),
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
        _c("nps", "nullable_int", "likelihood to recommend, 0-10", "points", (), True, 0, 10),
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
        _c("tenure_years", "float", "tenure at the start of the period", "years", low=0),
        _c("trained", "bool", "reached by the complaint-handling training programme"),
        _c("trained_at", "datetime", "date the training was completed; empty if not trained",
           nullable=True),
    ),
}


#: the columns that identify a row of each table (unique together)
KEYS: dict[str, tuple[str, ...]] = {
    "customers": ("customer_id",), "orders": ("order_id",), "complaints": ("complaint_id",),
    "events": ("complaint_id", "seq"), "surveys": ("survey_id",), "agents": ("agent_id",),
}


def columns(table: str) -> tuple[Column, ...]:
    """The columns of ``table``."""
    if table not in TABLES:
        raise SchemaError(f"table must be one of {', '.join(map(repr, TABLES))}, "
                          f"but {table!r} was passed")
    return TABLES[table]


def _show(v) -> str:
    """A value as the user wrote it: 1e+20, not np.float64(1e+20)."""
    return repr(v.item() if isinstance(v, np.generic) else v)


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

    Notes
    -----
    Numbers are never damaged silently: a whole-number column refuses values that are not
    finite, not whole (nothing is rounded), true/false, or too large to hold exactly
    (see :func:`to_int64`; ``contacts = 1e20`` is an error, not -9223372036854775808); a
    decimal column refuses infinities; columns with bounds refuse values outside them (no
    negative contacts, amounts or delivery days; NPS 0-10).

    Date-times follow the kit's one rule (:data:`TIME_RULE`, :func:`local_datetimes`):
    ISO 8601 text only, a zone-aware value becomes the wall-clock time of its own zone, one
    zone per column. They are kept to the second, as the schema stores them: a fraction of
    a second is dropped (floored), the one rounding the schema does on purpose.

    Yes/no columns follow the kit's one rule (:mod:`complaintkit.flags`: yes/no, true/false,
    1/0, 是/否 ...); ``N/A`` is refused there with its rows (not applicable is not an
    answer; read such a column with ``flags.read_flags``).

    The kit's own labels are read back (:func:`complaintkit.locale.to_codes`): headers that
    are column labels (``投诉编号``, ``Complaint ID``) are read as the schema's names, and
    labels in code columns (``高`` -> ``high``, ``物流配送`` -> ``delivery``; zh and en, mixed
    too) as codes. A column with fixed levels has its labels read and anything else refused;
    a column of open codes (e.g. ``category`` without ``categories``) is read as labels only
    when every value is a code or label of its family, and is otherwise kept as given (the
    data's own coding). Nothing is recoded silently: a :class:`RecodedWarning` says what was
    read as what, and the result's ``attrs`` hold ``renamed`` ({header: name}) and
    ``recoded`` ({column: {label: (code, count)}}); a table of codes gets neither.

    Examples
    --------
    >>> import warnings
    >>> import complaintkit as ck
    >>> w = ck.generate(n_complaints=300, locale="zh_CN")
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore", RecodedWarning)
    ...     back = conform(w.labelled("complaints"), "complaints")
    >>> back["priority"].equals(w.complaints["priority"])
    True
    >>> back.attrs["renamed"]["优先级"], back.attrs["recoded"]["priority"]["高"][0]
    ('priority', 'high')
    """
    where = f"{source}: " if source else ""
    cols = columns(table)
    _check_frame(df, table, where)
    df, renamed = _canonical_headers(df, cols, table, where)
    missing = [c.name for c in cols if c.name not in df.columns]
    if missing:
        raise SchemaError(f"{where}{table} is missing column(s) {', '.join(missing)}")
    out, recoded = {}, {}
    categories = categories or {}
    for c in cols:
        out[c.name], recoded[c.name] = _conform_column(df[c.name], c, categories.get(c.name),
                                                       f"{where}{table}")
    result = pd.DataFrame(out, index=df.index, copy=False)  # columns as is: no second copy
    _say_recoded(result, f"{where}{table}", renamed, {k: v for k, v in recoded.items() if v})
    return result


def _check_frame(df, table: str, where: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise SchemaError(f"{where}{table} must be a pandas DataFrame, not {type(df).__name__}")
    twice = pd.unique(df.columns[df.columns.duplicated()])
    if len(twice):
        raise SchemaError(f"{where}{table} has two or more columns named "
                          f"{', '.join(map(repr, twice))}: keep one of each")


def canonical_headers(headers, table: str) -> dict:
    """``{header: name}`` for the headers that are column labels (zh or en, as the kit writes
    them) of ``table``'s columns, where the name itself is not a header too."""
    names = {c.name for c in columns(table)}
    present = set(headers)
    out = {}
    for h in headers:
        if isinstance(h, str) and h not in names:
            code = code_of(h, "column")
            if code in names and code not in present:
                out[h] = code
    return out


def _canonical_headers(df: pd.DataFrame, cols, table: str, where: str):
    """Labelled headers (``投诉编号``, ``Complaint ID``) renamed to the schema's names."""
    rename = canonical_headers(df.columns, table)
    if not rename:
        return df, {}
    targets = pd.Series(list(rename.values()))
    twice = targets[targets.duplicated()].unique()
    if len(twice):
        clash = [h for h, n in rename.items() if n == twice[0]]
        raise SchemaError(where + table + " " + MESSAGES["headers_clash"].format(
            headers=", ".join(map(repr, clash)), name=twice[0]))
    return df.rename(columns=rename), rename


def _conform_column(s: pd.Series, c: Column, cats, where: str) -> tuple[pd.Series, dict]:
    """One column cast to its kind, after kit labels are read as codes."""
    same = _already_canonical(s, c, cats)
    if same is not None:
        return same, {}
    s = s if c.kind == "text" else _blank_as_missing(s)
    s, recoded = _labels_to_codes(s, c, cats)
    isna = s.isna().to_numpy()
    if isna.any() and not c.nullable:
        raise SchemaError(f"{where}.{c.name} has empty values in {_rows(isna, s.index)}")
    try:
        out = _cast(s, c, cats)
    except SchemaError as e:
        raise SchemaError(f"{where}.{c.name}: {e}") from None
    bad = out.isna().to_numpy() & ~isna
    if bad.any():
        raise SchemaError(f"{where}.{c.name}: cannot read "
                          f"{_show(s[bad].iloc[0])} as {c.kind} in {_rows(bad, s.index)}")
    return out, recoded


_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # what astype("str") gives: the id/text dtype
_AS_IS = {"int": np.dtype("int64"), "float": np.dtype("float64"),
          "nullable_int": pd.Int64Dtype(), "bool": np.dtype(bool),
          "datetime": np.dtype("datetime64[s]")}


def _already_canonical(s: pd.Series, c: Column, cats) -> pd.Series | None:
    """``s`` as :func:`conform` returns it when it is already in the column's canonical dtype
    with nothing to read or refuse (the generator's own tables, a world the kit wrote to
    Parquet); None otherwise, and the column takes the full path (which also names any error).

    A shortcut with the same result, not a looser check (issue 14: the full path re-read every
    generated code column as possible labels and converted every id to text to look for blanks,
    about a third of generation time): it is taken only where the full path would return the
    values unchanged. Ids and text are pyarrow strings (``str``) with no blank id; numbers and
    dates have their exact dtype and are finite and within the bounds; a code column is a
    categorical of exactly its levels (same values, order and dtype) none of which is blank or
    a kit label; empty values only where the column may be empty. tests/test_schema_fast.py
    compares the two paths.
    """
    k, dtype = c.kind, s.dtype
    if k in ("id", "text"):
        if dtype != _STR or (k == "id" and _any_blank_str(s)):
            return None
    elif k in _AS_IS:
        if dtype != _AS_IS[k]:
            return None
        if k in ("float", "int", "nullable_int"):
            x = s.to_numpy(dtype="float64", na_value=np.nan)
            if k == "float" and np.isinf(x).any():
                return None
            if (c.low is not None and (x < c.low).any()) or (
                    c.high is not None and (x > c.high).any()):
                return None
    elif k in ("code", "ordered"):
        s = _same_levels(s, c, cats)
        if s is None:
            return None
    else:  # pragma: no cover
        return None
    if not c.nullable and s.isna().any():
        return None
    return s


def _same_levels(s: pd.Series, c: Column, cats) -> pd.Series | None:
    """A categorical ``s`` whose categories are exactly the column's levels, none blank nor a
    kit label (read as another code), as a categorical of those levels; else None."""
    if not isinstance(s.dtype, pd.CategoricalDtype):
        return None
    levels = list(cats) if cats is not None else list(c.levels)
    if not levels:
        return None
    have = s.cat.categories
    target = _levels_dtype(_typed(levels), c.kind == "ordered", str(have.dtype))
    if target is None or not have.equals(target.categories):
        return None
    if not _levels_readable(c, _typed(have), cats is not None):
        return None
    return pd.Series(pd.Categorical.from_codes(s.cat.codes.to_numpy(), dtype=target),
                     index=s.index)


def _typed(values) -> tuple:
    """A key of the values and their types (1 and 1.0 and True are one dict key otherwise)."""
    return tuple((type(v), v) for v in values)


# The verdicts below depend only on a column's levels (a few dozen) and the kit's labels (read
# once from its files): kept, they spare each table's conform rebuilding the same dtypes and
# looking the same levels up again (issue 14: a tenth of the tables stage).
@functools.lru_cache(maxsize=512)
def _levels_dtype(levels: tuple, ordered: bool, dtype: str) -> pd.CategoricalDtype | None:
    """The categorical dtype of ``levels`` if its categories have dtype ``dtype``, else None."""
    target = pd.CategoricalDtype([v for _, v in levels], ordered=ordered)
    return target if str(target.categories.dtype) == dtype else None


@functools.lru_cache(maxsize=512)
def _levels_readable(c: Column, levels: tuple, closed: bool) -> bool:
    """No level is blank or a kit label that :func:`_labels_to_codes` would read as another
    code (``closed``: the column's levels were given)."""
    categories = pd.Series(pd.Index([v for _, v in levels]))
    cats = [v for _, v in levels] if closed else None
    return not (_is_blank(categories).any() or _labels_to_codes(categories, c, cats)[1])


def _labels_to_codes(s: pd.Series, c: Column, cats) -> tuple[pd.Series, dict]:
    """Kit labels (zh or en) in a code column read as codes: ``({label: (code, n)})``.

    A column with fixed levels (the schema's, or ``cats``) has its labels read and anything
    else left to the level check; a column of open codes is read as labels only when every
    value is a code or label of its family (otherwise it is the data's own coding, kept)."""
    family = label_family(c.name)
    if c.kind not in ("code", "ordered") or family not in locale_labels("en_US") or (
            c.levels and not isinstance(c.levels[0], str)):
        return s, {}
    r = recode(s, family)
    closed = bool(c.levels) or cats is not None
    if not r.labels or (not closed and (r.unknown.any() or r.ambiguous.any())):
        return s, {}
    return r.codes, r.labels


def _say_recoded(result: pd.DataFrame, where: str, renamed: dict, recoded: dict) -> None:
    """No silent recode: what was read as what goes into a RecodedWarning and ``attrs``
    (``renamed``: {header: name}; ``recoded``: {column: {label: (code, count)}})."""
    if not renamed and not recoded:
        return  # nothing said, nothing added (attrs travel with the frame, e.g. into Parquet)
    result.attrs["renamed"] = dict(renamed)
    result.attrs["recoded"] = dict(recoded)
    table = where.rsplit(": ", 1)[-1]
    parts = []
    if renamed:
        pairs = ", ".join(f"{h} -> {n}" for h, n in list(renamed.items())[:4])
        more = f" and {len(renamed) - 4} more" if len(renamed) > 4 else ""
        parts.append(MESSAGES["renamed"].format(pairs=pairs + more))
    for column, found in recoded.items():
        n = sum(k for _, k in found.values())
        pairs = ", ".join(f"{lab} -> {code}" for lab, (code, _) in list(found.items())[:3])
        more = " ..." if len(found) > 3 else ""
        mixed = "" if locales_of(label_family(column), found) else MESSAGES["mixed"]
        parts.append(MESSAGES["recoded"].format(column=column, n=n, s="s" if n > 1 else "",
                                                pairs=pairs + more, mixed=mixed))
    intro = MESSAGES["recoded_intro"].format(where=where[:-len(table)], table=table)
    warnings.warn(RecodedWarning(intro + "; ".join(parts)), stacklevel=3)


def _blank_as_missing(s: pd.Series) -> pd.Series:
    """Empty or blank text is a missing value (as in a CSV cell), except in text columns."""
    blank = _is_blank(s)
    return s.where(~blank) if blank.any() else s


def _any_blank_str(s: pd.Series) -> bool:
    """``_is_blank(s).any()`` for a column of pandas' ``str`` (pyarrow) in one pass of
    pyarrow: blank is empty or all whitespace (``utf8_is_space``, the test of whitespace
    that ``str.strip`` uses there; tests/test_schema_fast.py checks every code point)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arrow = pa.array(s.array)   # pandas hands over its Arrow data (__arrow_array__)
    blank = pc.or_(pc.equal(arrow, ""), pc.utf8_is_space(arrow))
    return bool(pc.any(blank).as_py())


def _is_blank(s: pd.Series) -> np.ndarray:
    kind = pd.api.types.infer_dtype(s, skipna=True) if s.dtype == object else ""
    if pd.api.types.is_string_dtype(s) and kind in ("", "string"):
        return s.astype("str").str.strip().eq("").fillna(False).to_numpy(dtype=bool)
    if kind.startswith("mixed"):
        return s.map(lambda v: isinstance(v, str) and not v.strip()).to_numpy(dtype=bool)
    return np.zeros(len(s), dtype=bool)


def _cast(s: pd.Series, c: Column, cats: list | None) -> pd.Series:
    """``s`` cast to the dtype of the column's kind; SchemaError for values it cannot take."""
    k = c.kind
    if k in ("id", "text"):
        return s.astype("str").where(s.notna())  # keep missing as missing
    if k == "datetime":  # the kit's one rule (local_datetimes), kept to the second
        return local_datetimes(s, f"df[{c.name!r}]").dt.floor("s").astype("datetime64[s]")
    if k in ("int", "float", "nullable_int"):
        return _cast_number(s, c)
    if k == "bool":
        return _cast_bool(s, c)
    if k in ("code", "ordered"):
        return _cast_levels(s, k, list(cats) if cats is not None else list(c.levels),
                            label_family(c.name))
    raise AssertionError(k)  # pragma: no cover


# --------------------------------------------------------------------------- numbers
# No cast overflows or truncates silently: a value that is not finite, not whole (for a whole-
# number column), outside what the target type holds exactly, or outside the column's bounds
# is an error naming the value and the rows. Nothing is rounded.
_EXACT = 2 ** 53  # beyond this a float no longer tells which whole number it was


def _cast_number(s: pd.Series, c: Column) -> pd.Series:
    _refuse_bools(s)
    num = pd.to_numeric(s, errors="coerce")
    unread = (num.isna() & s.notna()).to_numpy()
    if unread.any():
        raise SchemaError(f"cannot read {_show(s[unread].iloc[0])} as {c.kind} in "
                          f"{_rows(unread, s.index)}")
    if c.kind == "float":
        num = num.astype("float64")
        inf = np.isinf(num.to_numpy())
        if inf.any():
            raise SchemaError(f"{_show(num[inf].iloc[0])} is not a finite number in "
                              f"{_rows(inf, s.index)}")
    else:
        num = to_int64(num, nullable=c.kind == "nullable_int")
    _check_bounds(num, c)
    return num


def _refuse_bools(s: pd.Series) -> None:
    """True/False are not numbers (pandas would silently read them as 1/0)."""
    if pd.api.types.is_bool_dtype(s):
        raise SchemaError(f"holds true/false values ({s.dtype}), not numbers")
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=True) in (
            "boolean", "mixed", "mixed-integer", "mixed-integer-float"):
        flags = s.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
        if flags.any():
            raise SchemaError(f"{_show(s[flags].iloc[0])} is true/false, not a number, in "
                              f"{_rows(flags, s.index)}")


def to_int64(num: pd.Series, *, nullable: bool = False) -> pd.Series:
    """Numbers as ``int64`` (``Int64`` when ``nullable``), or SchemaError: never wraps around.

    Every value must be finite, whole, and held exactly: within the int64 range for integer
    input, within +-2**53 for floating-point input (a float beyond that no longer says which
    whole number it was; 1e20 would otherwise become -9223372036854775808). Missing values
    stay missing (``Int64``); nothing is rounded.

    >>> to_int64(pd.Series([1.0, 2.0])).tolist()
    [1, 2]
    >>> to_int64(pd.Series([1e20]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    complaintkit.schema.SchemaError: 1e+20 is too large for a whole number (beyond ...) in row 0
    """
    target = "Int64" if nullable else "int64"
    if pd.api.types.is_integer_dtype(num):
        out = np.zeros(len(num), dtype=bool)
        if pd.api.types.is_unsigned_integer_dtype(num):  # only uint64 can exceed int64
            out = (num > np.iinfo(np.int64).max).fillna(False).to_numpy(dtype=bool)
        if out.any():
            raise SchemaError(f"{_show(num[out].iloc[0])} is outside the int64 range "
                              f"(+-9,223,372,036,854,775,807) in {_rows(out, num.index)}")
        return num.astype(target)
    x = num.to_numpy(dtype="float64", na_value=np.nan)
    if not nullable and np.isnan(x).any():
        raise SchemaError(f"is empty in {_rows(np.isnan(x), num.index)} (a whole-number "
                          "column without missing values)")
    for bad, what in _float_problems(x):
        if bad.any():
            raise SchemaError(f"{_show(num[bad].iloc[0])} {what} in {_rows(bad, num.index)}")
    seen = ~np.isnan(x)
    whole = np.where(seen, x, 0).astype(np.int64)
    if nullable:
        return pd.Series(pd.array(whole, dtype="Int64"), index=num.index,
                         name=num.name).where(seen, pd.NA)
    return pd.Series(whole, index=num.index, name=num.name)


def _float_problems(x: np.ndarray):
    """``(rows, problem)`` for the floats that are not exactly whole numbers."""
    seen = ~np.isnan(x)
    inf = np.isinf(x)
    yield inf, "is not a finite number"
    yield seen & ~inf & (np.abs(x) > _EXACT), (
        f"is too large for a whole number (beyond {_EXACT:,}, where a decimal number no "
        "longer holds an exact whole number; the int64 limit is 9,223,372,036,854,775,807)")
    yield seen & ~inf & (x != np.round(x)), "is not a whole number (nothing is rounded)"


def _check_bounds(num: pd.Series, c: Column) -> None:
    """The column's ``low`` / ``high`` bounds (e.g. no negative contacts)."""
    for bound, side, op in ((c.low, "below the smallest", np.less),
                            (c.high, "above the largest", np.greater)):
        if bound is None:
            continue
        bad = op(num.to_numpy(dtype="float64", na_value=np.nan), bound)
        if bad.any():
            raise SchemaError(f"{_show(num[bad].iloc[0])} is {side} allowed value "
                              f"({bound:g}) in {_rows(bad, num.index)}")


# --------------------------------------------------------------------------- date-times
TIME_RULE = """\
One rule for date-times, in every reader and every analysis:

- Time-zone-aware values are converted to the wall-clock time of their own zone and the zone
  is dropped: the local time of day decides the day (a complaint at 23:30 in Shanghai belongs
  to that day in Shanghai, whatever UTC says).
- Text is read only as ISO 8601 (``2025-03-04``, ``2025-03-04 10:15[:30[.5]]``, with ``T``
  or a space, optionally ending in ``Z`` or an offset such as ``+08:00``). Day/month order is
  never guessed: ``03-04-25`` is an error that says how to parse it with an explicit format.
  Readers (``conform``, ``read_world``) parse such text; analyses take date-time columns and
  refuse text with the line that converts it.
- One column holds one time zone: mixed zones (or zone-aware next to naive values) are an
  error, never a silent conversion.
- Missing values (empty, NaT) stay missing: readers refuse them where the schema says the
  column may not be empty; analyses count them and say what happened to those rows.
"""

_ISO = re.compile(r"(?P<local>\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?)"
                  r" ?(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?")
_ZONE = re.compile(r"\d:\d{2}(?::\d{2}(?:\.\d{1,9})?)? ?(?:Z|[+-]\d{2}(?::?\d{2})?)$")


def local_datetimes(s: pd.Series, name: str = "values") -> pd.Series:
    """``s`` as naive local date-times by the kit's one rule (:data:`TIME_RULE`).

    Date-time columns pass (a zone-aware one as its own wall-clock time); text must be ISO
    8601 and date-time objects one zone; missing stays NaT. Anything else is a SchemaError
    naming the value, the rows and how to convert it (``name``: the expression the hint
    converts, e.g. ``"df['received_at']"``).

    >>> local_datetimes(pd.Series(["2025-03-04 23:30+08:00", ""])).tolist()
    [Timestamp('2025-03-04 23:30:00'), NaT]
    >>> local_datetimes(pd.Series(["03-04-25"]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    complaintkit.schema.SchemaError: '03-04-25' in row 0 is not an ISO 8601 date ...
    """
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.dt.tz_localize(None) if isinstance(s.dtype, pd.DatetimeTZDtype) else s
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        raise SchemaError(f"holds numbers ({s.dtype}), not dates: if they count seconds since "
                          f"1970, convert them with pd.to_datetime({name}, unit='s')")
    text, zones = _as_text(s, name)
    _one_zone(s, text, zones, name)
    parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
    bad = (parsed.isna() & text.notna()).to_numpy()
    if bad.any():
        raise SchemaError(f"{_show(s[bad].iloc[0])} is not a calendar date and time in "
                          f"{_rows(bad, s.index)}")
    return parsed


def _as_text(s: pd.Series, name: str) -> tuple[pd.Series, pd.Series]:
    """Each value's local ISO text (no zone) and its zone (None when naive); missing: None."""
    blank = _is_blank(s)
    present = s.notna().to_numpy() & ~blank
    if pd.api.types.is_string_dtype(s) and (s.dtype != object or pd.api.types.infer_dtype(
            s, skipna=True) in ("string", "empty")):
        is_str = present
    else:
        is_str = s.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool) & present
    local = pd.Series(None, index=s.index, dtype=object)
    zones = pd.Series(None, index=s.index, dtype=object)
    stripped = s[is_str].astype("str").str.strip()
    _refuse_text(s, is_str, ~stripped.str.fullmatch(_ISO.pattern).to_numpy(dtype=bool), name)
    local[is_str] = stripped.to_numpy(dtype=object)
    zoned = stripped.str.contains(_ZONE.pattern).to_numpy(dtype=bool)
    if zoned.any():
        parts = stripped[zoned].str.extract(f"^{_ISO.pattern}$")
        where = np.flatnonzero(is_str)[zoned]
        local.iloc[where] = parts["local"].to_numpy(dtype=object)
        zones.iloc[where] = parts["zone"].map(_zone, na_action="ignore").to_numpy(dtype=object)
    for j in np.flatnonzero(present & ~is_str):
        local.iloc[j], zones.iloc[j] = _one_object(s.iloc[j], s.index[j])
    return local, zones


def _refuse_text(s: pd.Series, text: np.ndarray, failed: np.ndarray, name: str) -> None:
    if not failed.any():
        return
    bad = np.zeros(len(s), dtype=bool)
    bad[np.flatnonzero(text)[failed]] = True
    raise SchemaError(f"{_show(s[bad].iloc[0])} in {_rows(bad, s.index)} is not an ISO 8601 "
                      "date (YYYY-MM-DD, optionally with hh:mm[:ss] and a zone): day and month are "
                      "not guessed; parse the column with the format it was written in, e.g. "
                      f"pd.to_datetime({name}, format='%d-%m-%y')")


def _one_object(v, i) -> tuple[str, str | None]:
    """A date-time object's local ISO text and zone."""
    if isinstance(v, (dt.datetime, dt.date, np.datetime64)):
        t = pd.Timestamp(v)
        return (t.tz_localize(None).isoformat() if t.tz else t.isoformat(),
                str(t.tz) if t.tz else None)
    raise SchemaError(f"{v!r} in row {i} is neither a date-time nor text "
                      f"({type(v).__name__})")


def _zone(z: str | None) -> str | None:
    """'Z', '+0800', '+08' -> '+00:00', '+08:00'."""
    if z is None:
        return None
    if z == "Z":
        return "+00:00"
    digits = z[1:].replace(":", "").ljust(4, "0")
    return f"{z[0]}{digits[:2]}:{digits[2:]}"


def _one_zone(s: pd.Series, local: pd.Series, zones: pd.Series, name: str) -> None:
    """One time zone per column (all naive, or all in one zone)."""
    seen = local.notna().to_numpy()
    kinds = zones[seen].map(lambda z: "no zone" if pd.isna(z) else z)
    if kinds.nunique() > 1:
        first = kinds.iloc[0]
        j = kinds.ne(first).to_numpy().argmax()
        a, b = kinds.index[0], kinds.index[j]
        raise SchemaError(
            f"mixes time zones ({', '.join(sorted(kinds.unique()))}), e.g. {s[a]!r} in row "
            f"{a} and {s[b]!r} in row {b}: the kit does not pick a zone for you; convert the "
            f"column to one zone first, e.g. pd.to_datetime({name}, utc=True)"
            ".dt.tz_convert('Asia/Shanghai') (the local time of that zone then decides the "
            "day)")


def _cast_bool(s: pd.Series, c: Column) -> pd.Series:
    """Yes/no by the kit's one rule (:mod:`complaintkit.flags`); N/A is not an answer here."""
    if s.dtype == bool:
        return s
    unknown = flags.unknown_words(s)
    if unknown.any():
        raise SchemaError(MESSAGES["not_flag"].format(
            value=_show(s[unknown].iloc[0]), rows=_rows(unknown, s.index),
            words=flags.WORDS_UNDERSTOOD))
    coded = flags.read_flags(s, c.name)
    na = (coded == "n/a").to_numpy(dtype=bool)
    if na.any():
        raise SchemaError(MESSAGES["not_applicable"].format(value=_show(s[na].iloc[0]),
                                                            rows=_rows(na, s.index)))
    out = coded.astype(object).map({"yes": True, "no": False})
    return out.astype("boolean") if c.nullable else out.astype(bool)


def _cast_levels(s: pd.Series, kind: str, levels: list, family: str = "") -> pd.Series:
    """A categorical of ``levels`` (sorted unique values when empty); ordered for 'ordered'."""
    vals = s.astype(object) if isinstance(s.dtype, pd.CategoricalDtype) else s  # recoded
    if kind == "ordered" and levels and isinstance(levels[0], (int, np.integer)):
        vals = _whole_levels(vals)
    if not levels:  # open codes: read as text (0 and '0' are one code, not two)
        vals = vals.astype(object).where(vals.isna(), vals.astype("str"))
        levels = sorted(vals.dropna().unique())
    bad = (s.notna() & ~vals.isin(levels)).to_numpy(dtype=bool)
    if bad.any():
        first = s[bad].iloc[0]
        hints = [h for v in pd.unique(s[bad].astype(object))[:3]
                 if family and isinstance(v, str) for h in other_kinds(v, family)]
        hint = MESSAGES["labels_hint"].format(hints="; ".join(hints)) if hints else ""
        raise SchemaError(f"{_show(first)} is not one of "
                          f"{', '.join(map(str, levels))} in {_rows(bad, s.index)}" + hint)
    return pd.Series(pd.Categorical(vals, categories=levels, ordered=kind == "ordered"),
                     index=s.index)


def _whole_levels(s: pd.Series) -> pd.Series:
    """Whole-number levels (ratings 1-5) as Int64; anything else (text, 2.5, inf, true/false)
    becomes <NA>, which the level check then names with its original value."""
    if s.dtype.kind in "iuf":  # numbers (Int64 too): no true/false among them, no pass per row
        flags_ = np.zeros(len(s), dtype=bool)
    else:
        flags_ = s.map(lambda v: isinstance(v, (bool, np.bool_))).to_numpy(dtype=bool)
    num = pd.to_numeric(s.where(~flags_), errors="coerce")
    x = num.to_numpy(dtype="float64", na_value=np.nan)
    ok = np.isfinite(x) & (np.abs(np.where(np.isfinite(x), x, 0)) <= _EXACT)
    ok &= np.where(ok, x, 0) == np.round(np.where(ok, x, 0))
    whole = pd.array(np.where(ok, x, 0).astype(np.int64), dtype="Int64")
    return pd.Series(whole, index=s.index).where(ok, pd.NA)


# --------------------------------------------------------------------------- data dictionary
_KIND_TEXT = {
    "id": "identifier (text)", "text": "text", "code": "code (categorical)",
    "ordered": "ordered levels (categorical)", "datetime": "date-time (local, to the second)",
    "int": "whole number", "nullable_int": "whole number or empty", "float": "number",
    "bool": "yes/no (true/false)",
}


def data_dictionary() -> str:
    """The data dictionary (docs/data-dictionary.md) as Markdown, written from :data:`TABLES`.

    Every table and column with its type, unit, levels, bounds, whether it may be empty, its
    Chinese name and its meaning. ``docs/data-dictionary.md`` is this text; a test keeps it
    current.

    >>> data_dictionary().startswith("# Data dictionary")
    True
    """
    zh = locale_labels("zh_CN")
    lines = [
        "# Data dictionary (数据字典)", "",
        "Written from `complaintkit/schema.py` by `complaintkit.schema.data_dictionary()`; do not "
        "edit by hand (a test checks that this page is current).", "",
        "Every table the kit generates, reads (`ck.read_world`, `ck.read_complaints`) and "
        "checks (`ck.validate`). Codes are the same in every locale; `world.labelled(table)` "
        "shows them as labels and `ck.to_codes` reads labels back. Yes/no columns follow one "
        "rule (`complaintkit.flags`): yes/no, true/false, 1/0, 是/否 ... Date-times follow "
        "`complaintkit.schema.TIME_RULE` (ISO 8601 text; day and month never guessed).", "",
    ]
    for table, cols in TABLES.items():
        lines += [f"## {table} ({zh['table'].get(table, '')})", "",
                  f"One row per {_row_of(table)}; identified by "
                  f"{', '.join(f'`{k}`' for k in KEYS[table])}.", "",
                  "| column | 中文 | type | unit | levels | low | high | may be empty | meaning |",
                  "|---|---|---|---|---|---|---|---|---|"]
        lines += [_dictionary_row(c, zh) for c in cols]
        lines.append("")
    return "\n".join(lines)


def write_data_dictionary(path="docs/data-dictionary.md"):
    """Write :func:`data_dictionary` to ``path`` (UTF-8); returns the path written."""
    from ._files import write_text

    return write_text(path, data_dictionary())


def _row_of(table: str) -> str:
    return {"customers": "customer", "orders": "order", "complaints": "complaint",
            "events": "step in a complaint's life", "surveys": "follow-up (回访)",
            "agents": "agent"}[table]


def _dictionary_row(c: Column, zh: dict) -> str:
    family = label_family(c.name)
    if c.levels:
        levels = ", ".join(f"`{v}`" for v in c.levels)
    elif c.kind == "code":
        levels = "codes of the data" + (f" (kit labels: `{family}`)" if family in zh else "")
    else:
        levels = ""
    cells = [f"`{c.name}`", zh["column"].get(c.name, ""), _KIND_TEXT[c.kind], c.unit, levels,
             "" if c.low is None else f"{c.low:g}", "" if c.high is None else f"{c.high:g}",
             "yes" if c.nullable else "no", c.meaning.replace("|", "/")]
    return "| " + " | ".join(cells) + " |"
