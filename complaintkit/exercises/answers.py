"""Reading a trainee's answer in whatever reasonable form it comes.

Answers are compared by meaning, not by form: a Series, a two-column DataFrame, a dict or a
kit result all count; index order, dtype, rounding to 3 decimals, percentages instead of shares
and labels instead of codes (in either locale) are all accepted.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..locale import LOCALES, labels

STUB = "Replace the `...` with your answer and run the cell again."


class AnswerError(ValueError):
    """The answer cannot be read; the message says what form was expected."""


def is_stub(answer) -> bool:
    return answer is Ellipsis or answer is None


def to_codes(keys, kind: str) -> list[str]:
    """Map labels (any locale) back to codes; codes stay as they are."""
    reverse = {}
    for loc in LOCALES:
        reverse.update({str(v): k for k, v in labels(loc).get(kind, {}).items()})
    return [reverse.get(str(k), str(k)) for k in keys]


def as_series(answer, kind: str, what: str = "shares") -> pd.Series:
    """A mapping-like answer as a float Series indexed by code."""
    if hasattr(answer, "table") and isinstance(answer.table, pd.DataFrame):
        answer = answer.table
    if isinstance(answer, Mapping):
        s = pd.Series(dict(answer), dtype="object")
    elif isinstance(answer, pd.Series):
        s = answer
    elif isinstance(answer, pd.DataFrame):
        df = answer
        num = [c for c in df.columns if pd.api.types.is_numeric_dtype(df[c])
               and not pd.api.types.is_bool_dtype(df[c])]
        text = [c for c in df.columns if c not in num]
        prefer = [c for c in num if str(c).lower() in (what, what.rstrip("s"), "share", "shares",
                                                      "cum_share", "proportion", "pct")]
        if not num:
            raise AnswerError(f"your table has no numeric column: put the {what} in a column")
        col = prefer[0] if prefer else num[-1]
        key = df[text[0]] if text else df.index
        s = pd.Series(df[col].to_numpy(), index=np.asarray(key))
    else:
        raise AnswerError(f"expected a pandas Series (or a table, or a dict) of {what} by "
                          f"{kind.replace('_', '-')}, but got {type(answer).__name__}")
    try:
        values = pd.to_numeric(s, errors="raise").astype(float)
    except (ValueError, TypeError):
        raise AnswerError(f"the {what} must be numbers; found {s.iloc[0]!r}") from None
    values.index = to_codes(s.index, kind)
    if values.index.has_duplicates:
        dup = values.index[values.index.duplicated()][0]
        raise AnswerError(f"{dup!r} appears more than once in your answer")
    return values


def as_number(answer, what: str = "the share") -> float:
    if isinstance(answer, (pd.Series, pd.DataFrame)) and answer.size == 1:
        answer = answer.to_numpy().ravel()[0]
    try:
        return float(answer)
    except (TypeError, ValueError):
        raise AnswerError(f"{what} must be a single number, not {type(answer).__name__}") from None


def as_list(answer, kind: str) -> list[str]:
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple, set)):
        return to_codes(list(answer), kind)
    raise AnswerError(f"expected a list of {kind.replace('_', '-')} names, "
                      f"not {type(answer).__name__}")
