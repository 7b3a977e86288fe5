"""Complaint narratives: locale templates filled column-wise (no Python loop per row)."""

from __future__ import annotations

import string

import numpy as np
import pandas as pd

from ..locale import load_locale


def _pieces(template: str) -> list[tuple[str, str | None]]:
    return [(lit, field) for lit, field, _, _ in string.Formatter().parse(template)]


def narratives(locale: str, sub_category: np.ndarray, values: pd.DataFrame,
               rng: np.random.Generator) -> np.ndarray:
    """One narrative per complaint.

    Parameters
    ----------
    sub_category : array of str
        The sub-category code of each complaint (selects the templates).
    values : DataFrame
        Columns ``order_id``, ``product``, ``days``, ``amount``, ``carrier`` (already labels).
    """
    loc = load_locale(locale)
    templates = loc["narratives"]
    vals = values.astype("str").reset_index(drop=True)
    if locale == "en_US":  # "1 day", "3 days"
        days = values["days"].to_numpy()
        vals["days_phrase"] = np.where(days == 1, "1 day", vals["days"] + " days")
    out = np.empty(len(values), dtype=object)
    for code in np.unique(sub_category):
        rows = np.flatnonzero(sub_category == code)
        pick = rng.integers(0, len(templates[code]), len(rows))
        for t, template in enumerate(templates[code]):
            sel = rows[pick == t]
            if not len(sel):
                continue
            if locale == "en_US":
                template = template.replace("{days} days", "{days_phrase}")
            text = pd.Series([""] * len(sel), dtype="str")
            for lit, field in _pieces(template):
                text = text + lit
                if field:
                    text = text + vals[field].iloc[sel].reset_index(drop=True)
            out[sel] = text.to_numpy()
    return out
