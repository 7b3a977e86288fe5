"""Analysis frames: the canonical tables joined, with the derived columns analyses need.

Analyses take plain DataFrames; this module builds the usual ones from a world's tables (or a
company's own tables in the same schema), so the joining and the derived measures are written
once: hours to first response and to resolution, resolved, CSAT as a number, and so on.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_int, locale_of, tr
from . import _checks as checks
from ._checks import unique_ids

__all__ = ["complaint_frame", "hours_between"]


def absent_columns(data: pd.DataFrame, needs: Mapping[str, str], *,
                   locale: str | None = None) -> list[str]:
    """``"'column' (what needs it)"`` for each column of ``needs`` that ``data`` lacks, so an
    analysis can say which column is missing for which of its outputs, all at once. The
    ``what`` texts (marked with ``N_``) are given in ``locale`` (None: the data's language).

    >>> absent_columns(pd.DataFrame({"a": [1]}), {"a": "the counts", "tier": "the strata"})
    ["'tier' (the strata)"]
    """
    lang = locale_of(data, locale=locale)
    return [tr("{col!r} ({what})", lang, col=col, what=tr(what, lang))
            for col, what in needs.items() if col not in data.columns]


def _arrow_strings(s) -> bool:
    """Whether ``s`` (a Series or Index) holds pyarrow-backed strings."""
    return isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow"


def isin(values: pd.Series, other) -> np.ndarray:
    """``values.isin(other)`` as a boolean array, without pandas' Python loop over ``other``
    when both hold pyarrow strings (issue 14: pandas turns each of ``other``'s values into a
    Python object first, seconds for a million ids; pyarrow's ``is_in`` gives the same answer,
    missing values matching missing values as in pandas).

    >>> isin(pd.Series(["a", "b", None]), pd.Series(["b", None, "c"])).tolist()
    [False, True, True]
    """
    if isinstance(other, pd.Series | pd.Index) and _arrow_strings(values) \
            and _arrow_strings(other):
        import pyarrow as pa
        import pyarrow.compute as pc

        a = pa.array(values.array)
        found = pc.is_in(a, value_set=pa.array(other.array).cast(a.type))
        return found.to_numpy(zero_copy_only=False).astype(bool)
    return np.asarray(values.isin(other), dtype=bool)


def first_position(keys: pd.Series, values: pd.Series) -> np.ndarray:
    """For each of ``keys``, the position in ``values`` of its first occurrence (-1 where it
    does not occur): a lookup into a column that may repeat values (e.g. ten million order
    ids), without building a unique index of it first.

    >>> first_position(pd.Series(["b", "x", "a"]), pd.Series(["a", "b", "a"])).tolist()
    [1, -1, 0]
    """
    if _arrow_strings(keys) and _arrow_strings(values):
        import pyarrow as pa
        import pyarrow.compute as pc

        k = pa.array(keys.array)
        pos = pc.index_in(k, value_set=pa.array(values.array).cast(k.type))
        return pos.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    v = pd.Series(values).reset_index(drop=True)
    first = ~v.duplicated().to_numpy()
    where = np.flatnonzero(first)
    idx = pd.Index(v[first]).get_indexer(pd.Series(keys).to_numpy())
    return np.where(idx >= 0, where[np.maximum(idx, 0)] if len(where) else -1, -1)


def hours_between(start: pd.Series, end: pd.Series) -> pd.Series:
    """Hours from ``start`` to ``end`` (missing where ``end`` is missing)."""
    return (end - start).dt.total_seconds() / 3600


def complaint_frame(complaints: pd.DataFrame, surveys: pd.DataFrame | None = None, *,
                    agents: pd.DataFrame | None = None,
                    customers: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per complaint with the measures analyses use.

    Parameters
    ----------
    complaints : DataFrame
        The ``complaints`` table.
    surveys : DataFrame, optional
        The ``surveys`` table; its answers are joined on ``complaint_id`` (one survey per
        complaint; complaints without a survey keep every complaint row, with missing answers).
    agents, customers : DataFrame, optional
        Joined on ``agent_id`` / ``customer_id`` (their ``name`` columns are dropped).

    Returns
    -------
    DataFrame
        The complaint columns plus ``hours_to_first_response``, ``hours_to_resolution``,
        ``resolved``, ``extra_contacts``; with surveys ``responded``, ``csat_score`` (1-5 as a
        number), ``nps`` and the ``rating_*`` columns as numbers; with agents ``team``,
        ``tenure_years``, ``trained``, ``trained_at``; with customers their columns.
        A measure whose columns the complaints lack (a source without ``first_response_at``
        or ``contacts``) is left out, and ``frame.attrs["notes"]`` names the column each
        lacks; ``complaint_id`` is needed only to join surveys (and checked to be unique
        when present).

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> f = ck.complaint_frame(w.complaints, w.surveys)
    >>> len(f) == len(w.complaints)
    True
    >>> part = ck.complaint_frame(w.complaints[["complaint_id", "received_at", "category"]])
    >>> part.attrs["notes"][0]
    'hours_to_first_response not derived: complaints have no first_response_at column'
    """
    c = checks.check_frame(complaints, "complaints")
    lang = locale_of(c)
    if "complaint_id" in c.columns or surveys is not None:  # the survey join needs it
        checks.check_columns(c, ["complaint_id"], "complaints")
        unique_ids(c, "complaint_id", "complaints", "complaint")
    c, notes = _with_measures(c, lang)
    n = len(c)
    if surveys is not None:
        c = _join_surveys(c, _survey_answers(surveys), lang)
    if agents is not None:
        c = _join(c, agents, "agent_id", "agents", lang)
    if customers is not None:
        c = _join(c, customers, "customer_id", "customers", lang)
    assert len(c) == n  # joins never add or drop complaints
    c = c.reset_index(drop=True)
    c.attrs["notes"] = notes
    return c


def _join_surveys(c: pd.DataFrame, answers: pd.DataFrame,
                  lang: str | None = None) -> pd.DataFrame:
    """The survey answers joined on ``complaint_id`` (ids of another type are refused)."""
    numeric = [pd.api.types.is_numeric_dtype(t["complaint_id"]) for t in (c, answers)]
    if numeric[0] != numeric[1]:
        raise TypeError(tr("complaint_id is {a} in complaints but {b} in surveys: convert one, "
                           "e.g. surveys['complaint_id'].astype(str)", lang,
                           a=c["complaint_id"].dtype, b=answers["complaint_id"].dtype))
    both = [col for col in answers.columns if col != "complaint_id" and col in c.columns]
    if both:
        raise ValueError(tr("the complaints already have the survey column(s) {cols} (a frame "
                            "joined before?): pass the complaints table itself", lang,
                            cols=", ".join(map(repr, both))))
    try:
        # both sides' ids were checked unique above (unique_ids): no second check by merge
        c = c.merge(answers, on="complaint_id", how="left")
    except ValueError as err:  # e.g. text ids against numbers
        raise TypeError(tr("complaint_id cannot be matched between complaints ({a}) and "
                           "surveys ({b}): {error}", lang, a=c["complaint_id"].dtype,
                           b=answers["complaint_id"].dtype, error=err)) from None
    if not isin(c["complaint_id"], answers["complaint_id"]).any():
        raise ValueError(tr("none of the {n} surveys has a complaint_id of these complaints "
                            "(surveys: {a!r} ..., complaints: {b!r} ...): are they from the "
                            "same world, with ids written the same way?", lang,
                            n=fmt_int(len(answers), lang), a=answers["complaint_id"].iloc[0],
                            b=c["complaint_id"].iloc[0]))
    c["responded"] = c["responded"].astype("boolean").fillna(False).astype(bool)
    return c


#: each derived measure and the complaint columns it is computed from
MEASURES = {
    "hours_to_first_response": ("received_at", "first_response_at"),
    "hours_to_resolution": ("received_at", "resolved_at"),
    "resolved": ("resolved_at",),
    "extra_contacts": ("contacts",),
}

#: the messages of this module about columns a table lacks (one place, for translation)
_MSG = {
    "not_derived": N_("{measure} not derived: complaints have no {cols} column{s}"),
}


def _with_measures(complaints: pd.DataFrame,
                   lang: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The complaints with the derived measures their columns allow (hours, resolved, extra
    contacts), and a note for each measure left out, naming the column it lacks."""
    c = complaints.copy()
    for col in ("received_at", "first_response_at", "resolved_at"):  # the kit's one rule
        if col in c.columns:
            c[col] = checks.times(c, col, what=N_("complaints' date-time"), missing="keep")
    notes = []
    for measure, cols in MEASURES.items():
        lack = [col for col in cols if col not in c.columns]
        if lack:
            notes.append(tr(_MSG["not_derived"], lang, measure=measure,
                            cols=tr(" and ", lang).join(lack), s="s" if len(lack) > 1 else ""))
        elif measure == "resolved":
            c[measure] = c["resolved_at"].notna()
        elif measure == "extra_contacts":
            c[measure] = _contacts(c["contacts"], lang) - 1
        else:
            c[measure] = hours_between(c[cols[0]], c[cols[1]])
    return c, notes


def _contacts(s: pd.Series, lang: str | None = None) -> pd.Series:
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        raise TypeError(tr("complaints column 'contacts' must hold numbers, not {dtype}", lang,
                           dtype=s.dtype))
    return s


def _survey_answers(surveys: pd.DataFrame) -> pd.DataFrame:
    """One row per surveyed complaint; CSAT, NPS and the ratings as numbers."""
    s = checks.check_frame(surveys, "surveys")
    checks.check_columns(s, ["complaint_id", "responded", "csat"], "surveys")
    unique_ids(s, "complaint_id", "surveys", "survey (one per complaint)")
    s = s[[col for col in s.columns if col != "customer_id"]].copy()
    for col in [x for x in s.columns if x == "csat" or x.startswith("rating_")]:
        s[col] = _as_number(s[col])
    s = s.rename(columns={"csat": "csat_score"})
    if "nps" in s:
        s["nps"] = pd.to_numeric(s["nps"], errors="coerce").astype(float)
    return s


def _as_number(col: pd.Series) -> pd.Series:
    """``pd.to_numeric(col.astype("object"), errors="coerce").astype(float)``, reading each
    distinct value once (a million answers hold five or so; issue 14)."""
    if pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
        return pd.to_numeric(col.astype("object"), errors="coerce").astype(float)
    codes, uniq = pd.factorize(col)
    vals = pd.to_numeric(pd.Series(np.asarray(uniq, dtype=object), dtype=object),
                         errors="coerce").astype(float).to_numpy()
    out = np.where(codes >= 0, vals[np.maximum(codes, 0)] if len(vals) else np.nan, np.nan)
    return pd.Series(out, index=col.index, name=col.name)


def _join(c: pd.DataFrame, table: pd.DataFrame, key: str, what: str,
          lang: str | None = None) -> pd.DataFrame:
    """Join ``table`` (one row per ``key``) onto the complaints, without its ``name``."""
    table = checks.check_frame(table, what).drop(columns=["name"],
                                                                         errors="ignore")
    checks.check_columns(table, [key], what)
    checks.check_columns(c, [key], "complaints")
    unique_ids(table, key, what, what.rstrip("s"))
    both = [col for col in table.columns if col != key and col in c.columns]
    if both:
        raise ValueError(tr("{what} and the complaints both have the column(s) {cols}: drop or "
                            "rename them in one table before joining (e.g. "
                            "{what}.drop(columns={both!r}))", lang, what=what,
                            cols=", ".join(map(repr, both)), both=both))
    try:
        return c.merge(table, on=key, how="left")  # table's keys checked unique above
    except ValueError as err:
        raise TypeError(tr("{key} cannot be matched between complaints ({a}) and {what} ({b}): "
                           "{error}", lang, key=key, a=c[key].dtype, what=what,
                           b=table[key].dtype, error=err)) from None
