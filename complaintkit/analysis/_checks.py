"""Input checks shared by every analysis, so their error messages read alike."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..locale import LOCALES, labels


def check_frame(data, what: str = "data") -> pd.DataFrame:
    """``data`` must be a non-empty DataFrame; explain the common mistakes."""
    if hasattr(data, "tables") and hasattr(data, "truth"):
        raise TypeError(f"{what} must be a table, not a whole World: pass one of its tables, "
                        "e.g. world.complaints")
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, not {type(data).__name__}")
    if data.empty:
        raise ValueError(f"{what} is empty (0 rows): check the filter that produced it "
                         "(e.g. the period)")
    return data


def check_columns(data: pd.DataFrame, columns: Sequence[str], what: str = "data") -> None:
    """Every name in ``columns`` must be a column of ``data``; suggest the closest."""
    for col in columns:
        if not isinstance(col, str):
            raise TypeError(f"column names must be text, not {col!r}")
        if col not in data.columns:
            have = [str(c) for c in data.columns]
            close = difflib.get_close_matches(col, have, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise KeyError(f"column {col!r} is not in {what}{hint}; its columns are: "
                           f"{', '.join(have)}")


def weights(data: pd.DataFrame, weight: str | None) -> np.ndarray:
    """The row weights: ones, or a numeric, complete, non-negative column."""
    if weight is None:
        return np.ones(len(data))
    check_columns(data, [weight])
    w = data[weight]
    if not pd.api.types.is_numeric_dtype(w) or pd.api.types.is_bool_dtype(w):
        raise TypeError(f"weight column {weight!r} must be numeric, not {w.dtype}")
    bad = w.isna() | (w < 0) | ~np.isfinite(w.astype(float))
    if bad.any():
        rows = ", ".join(map(str, w.index[bad][:5]))
        kind = "negative" if (w < 0).any() else "missing or infinite"
        raise ValueError(f"weight column {weight!r} has {kind} values in rows {rows}"
                         f"{' …' if bad.sum() > 5 else ''}; weights must be counts >= 0")
    if w.sum() == 0:
        raise ValueError(f"weight column {weight!r} sums to 0: nothing to analyse")
    return w.to_numpy(dtype=float)


def level_labels(column: str, locale: str | None, levels=()) -> dict[str, str]:
    """Code -> label for a column's levels in ``locale`` (empty when there are none).

    The column's own label family is used when the locale has one (``category`` ...);
    otherwise the family that knows every level (e.g. the Joyo table's ``sub_type`` codes are
    the kit's delivery-delay root causes).
    """
    if locale is None:
        return {}
    if locale not in LOCALES:
        raise ValueError(f"locale must be one of {', '.join(map(repr, LOCALES))}, "
                         f"but {locale!r} was passed")
    families = labels(locale)
    if column in families:
        return families[column]
    wanted = {str(v) for v in levels} - {"(missing)"}
    for name, family in families.items():
        if name not in ("column", "table") and wanted and wanted <= set(family):
            return family
    return {}


def column_label(column: str, locale: str | None) -> str:
    if locale is None:
        return column.replace("_", " ")
    return labels(locale)["column"].get(column, column.replace("_", " "))
