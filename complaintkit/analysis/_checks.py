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


# --------------------------------------------------------------------------- shared arguments
# Every analysis validates its shared arguments here, so one idea has one name and one wording
# across the kit: ``confidence`` (never ``level`` or ``alpha``), ``by``, ``time``, ``freq``,
# ``n_boot``, ``seed``, ``locale``, ``weight`` (see :func:`weights`).

def one_of(name: str, value, allowed) -> object:
    """``value`` must be one of ``allowed``: "must be one of …, but … was passed"."""
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, but "
                         f"{value!r} was passed")
    return value


def confidence(value, name: str = "confidence") -> float:
    """A confidence level strictly between 0 and 1 (e.g. 0.95)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
            or not 0 < float(value) < 1:
        raise ValueError(f"{name} must be a level between 0 and 1 (e.g. 0.95), but "
                         f"{value!r} was passed")
    return float(value)


def whole_number(name: str, value, minimum: int = 0, example: int | None = None) -> int:
    """A whole number ``>= minimum`` (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        eg = f" (e.g. {example})" if example is not None else ""
        raise ValueError(f"{name} must be a whole number >= {minimum}{eg}, but {value!r} "
                         "was passed")
    return int(value)


def n_boot(value, minimum: int = 0) -> int:
    """The number of bootstrap draws."""
    return whole_number("n_boot", value, minimum, example=999)


def seed(value) -> int | None:
    """A random seed: a whole number >= 0, or None for fresh entropy."""
    if value is None:
        return None
    return whole_number("seed", value, 0, example=0)


def locale(value) -> str | None:
    """None (codes as they are) or a supported locale."""
    if value is None:
        return None
    return one_of("locale", value, LOCALES)


def by_columns(by, data: pd.DataFrame | None = None) -> list[str]:
    """``by`` as a list of column names: None, one name, or a list without repeats.

    With ``data``, every name must be one of its columns.
    """
    if by is None:
        return []
    if isinstance(by, str):
        out = [by]
    elif isinstance(by, Sequence):
        out = list(by)
    else:
        raise TypeError(f"by must be a column name or a list of them, not {type(by).__name__}")
    if len(set(out)) < len(out):
        raise ValueError(f"by names a column twice: {out}")
    if data is not None:
        check_columns(data, out)
    return out


def times(data: pd.DataFrame, time: str, *, what: str = "time") -> pd.Series:
    """The column ``time`` of ``data`` as local date-times (a time zone is dropped: the local
    time of day decides the day); explain how to convert text."""
    check_columns(data, [time])
    ts = data[time]
    if not pd.api.types.is_datetime64_any_dtype(ts):
        raise TypeError(f"column {time!r} must hold dates and times, not {ts.dtype}: convert "
                        f"it with pd.to_datetime(df[{time!r}])")
    if isinstance(ts.dtype, pd.DatetimeTZDtype):
        ts = ts.dt.tz_localize(None)
    return ts


def freq(value, allowed=("D", "W", "M")) -> str:
    """A period frequency: one of ``allowed`` (day, week, month by default)."""
    return one_of("freq", value, allowed)


def renamed_arguments(**old_to_new: str):
    """Decorator: keep deprecated argument names working, with a DeprecationWarning.

    >>> @renamed_arguments(level="confidence")
    ... def f(*, confidence=0.9):
    ...     return confidence
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     f(level=0.8), str(w[0].message)
    (0.8, 'level= is deprecated: use confidence= (same meaning)')
    """
    import functools
    import warnings

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"pass {new}= only (it replaces {old}=), not both")
                    warnings.warn(f"{old}= is deprecated: use {new}= (same meaning)",
                                  DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return fn(*args, **kwargs)
        return wrapper
    return decorate
