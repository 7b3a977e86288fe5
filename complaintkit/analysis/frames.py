"""Analysis frames: the canonical tables joined, with the derived columns analyses need.

Analyses take plain DataFrames; this module builds the usual ones from a world's tables (or a
company's own tables in the same schema), so the joining and the derived measures are written
once: hours to first response and to resolution, resolved, CSAT as a number, and so on.
"""

from __future__ import annotations

import pandas as pd

from . import _checks as checks
from ._checks import unique_ids

__all__ = ["complaint_frame", "hours_between"]


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

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> f = ck.complaint_frame(w.complaints, w.surveys)
    >>> len(f) == len(w.complaints)
    True
    """
    c = checks.check_frame(complaints, "complaints")
    checks.check_columns(c, ["complaint_id", "received_at", "first_response_at", "resolved_at",
                             "contacts"], "complaints")
    unique_ids(c, "complaint_id", "complaints", "complaint")
    c = _with_measures(c)
    n = len(c)
    if surveys is not None:
        c = _join_surveys(c, _survey_answers(surveys))
    if agents is not None:
        c = _join(c, agents, "agent_id", "agents")
    if customers is not None:
        c = _join(c, customers, "customer_id", "customers")
    assert len(c) == n  # joins never add or drop complaints
    return c.reset_index(drop=True)


def _join_surveys(c: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """The survey answers joined on ``complaint_id`` (ids of another type are refused)."""
    numeric = [pd.api.types.is_numeric_dtype(t["complaint_id"]) for t in (c, answers)]
    if numeric[0] != numeric[1]:
        raise TypeError(f"complaint_id is {c['complaint_id'].dtype} in complaints but "
                        f"{answers['complaint_id'].dtype} in surveys: convert one, e.g. "
                        "surveys['complaint_id'].astype(str)")
    both = [col for col in answers.columns if col != "complaint_id" and col in c.columns]
    if both:
        raise ValueError(f"the complaints already have the survey column(s) "
                         f"{', '.join(map(repr, both))} (a frame joined before?): pass the "
                         "complaints table itself")
    try:
        c = c.merge(answers, on="complaint_id", how="left", validate="one_to_one")
    except ValueError as err:  # e.g. text ids against numbers
        raise TypeError(f"complaint_id cannot be matched between complaints "
                        f"({c['complaint_id'].dtype}) and surveys "
                        f"({answers['complaint_id'].dtype}): {err}") from None
    if not c["complaint_id"].isin(answers["complaint_id"]).any():
        raise ValueError(f"none of the {len(answers):,} surveys has a complaint_id of these "
                         f"complaints (surveys: {answers['complaint_id'].iloc[0]!r} ..., "
                         f"complaints: {c['complaint_id'].iloc[0]!r} ...): are they from the "
                         "same world, with ids written the same way?")
    c["responded"] = c["responded"].astype("boolean").fillna(False).astype(bool)
    return c


def _with_measures(complaints: pd.DataFrame) -> pd.DataFrame:
    """The complaints with the derived measures: hours, resolved, extra contacts."""
    if not pd.api.types.is_numeric_dtype(complaints["contacts"]) \
            or pd.api.types.is_bool_dtype(complaints["contacts"]):
        raise TypeError(f"complaints column 'contacts' must hold numbers, not "
                        f"{complaints['contacts'].dtype}")
    c = complaints.copy()
    for col in ("received_at", "first_response_at", "resolved_at"):  # the kit's one rule
        c[col] = checks.times(c, col, what="complaints' date-time", missing="keep")
    c["hours_to_first_response"] = hours_between(c["received_at"], c["first_response_at"])
    c["hours_to_resolution"] = hours_between(c["received_at"], c["resolved_at"])
    c["resolved"] = c["resolved_at"].notna()
    c["extra_contacts"] = c["contacts"] - 1
    return c


def _survey_answers(surveys: pd.DataFrame) -> pd.DataFrame:
    """One row per surveyed complaint; CSAT, NPS and the ratings as numbers."""
    s = checks.check_frame(surveys, "surveys")
    checks.check_columns(s, ["complaint_id", "responded", "csat"], "surveys")
    unique_ids(s, "complaint_id", "surveys", "survey (one per complaint)")
    s = s[[col for col in s.columns if col != "customer_id"]].copy()
    for col in [x for x in s.columns if x == "csat" or x.startswith("rating_")]:
        s[col] = pd.to_numeric(s[col].astype("object"), errors="coerce").astype(float)
    s = s.rename(columns={"csat": "csat_score"})
    if "nps" in s:
        s["nps"] = pd.to_numeric(s["nps"], errors="coerce").astype(float)
    return s


def _join(c: pd.DataFrame, table: pd.DataFrame, key: str, what: str) -> pd.DataFrame:
    """Join ``table`` (one row per ``key``) onto the complaints, without its ``name``."""
    table = checks.check_frame(table, what).drop(columns=["name"],
                                                                         errors="ignore")
    checks.check_columns(table, [key], what)
    checks.check_columns(c, [key], "complaints")
    unique_ids(table, key, what, what.rstrip("s"))
    both = [col for col in table.columns if col != key and col in c.columns]
    if both:
        raise ValueError(f"{what} and the complaints both have the column(s) "
                         f"{', '.join(map(repr, both))}: drop or rename them in one table "
                         f"before joining (e.g. {what}.drop(columns={both!r}))")
    try:
        return c.merge(table, on=key, how="left", validate="many_to_one")
    except ValueError as err:
        raise TypeError(f"{key} cannot be matched between complaints ({c[key].dtype}) and "
                        f"{what} ({table[key].dtype}): {err}") from None
