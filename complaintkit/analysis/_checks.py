"""Input checks shared by every analysis, so their error messages read alike."""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_date, fmt_int, fmt_pct, locale_of, tr
from ..locale import LOCALES, labels
from ..schema import SchemaError, local_datetimes

#: what one row is, as callers of :func:`unique_ids` pass it (translated where shown)
_ONES = (N_("complaint"), N_("agent"), N_("survey (one per complaint)"))
#: roles of a date-time column in the messages of :func:`times`
_TIME_ROLES = (N_("time"), N_("period"), N_("duration"), N_("start"), N_("end"),
               N_("received"), N_("events' time"), N_("follow-up time"),
               N_("complaints' date-time"))


def check_frame(data, what: str = "data", *, locale: str | None = None) -> pd.DataFrame:
    """``data`` must be a non-empty DataFrame; explain the common mistakes. Messages are in
    ``locale``, else the data's language."""
    lang = locale_of(data, locale=locale)
    if hasattr(data, "tables") and hasattr(data, "truth"):
        raise TypeError(tr("{what} must be a table, not a whole World: pass one of its tables, "
                           "e.g. world.complaints", lang, what=what))
    if not isinstance(data, pd.DataFrame):
        raise TypeError(tr("{what} must be a pandas DataFrame, not {type}", lang, what=what,
                           type=type(data).__name__))
    unique_columns(data, what, locale=lang)
    if data.empty:
        raise ValueError(tr("{what} is empty (0 rows): check the filter that produced it "
                            "(e.g. the period)", lang, what=what))
    return data


def check_columns(data: pd.DataFrame, columns: Sequence[str], what: str = "data", *,
                  locale: str | None = None) -> None:
    """Every name in ``columns`` must be a column of ``data``; suggest the closest."""
    lang = locale_of(data, locale=locale)
    for col in columns:
        if not isinstance(col, str):
            raise TypeError(tr("column names must be text, not {col!r}", lang, col=col))
        if col not in data.columns:
            have = [str(c) for c in data.columns]
            close = difflib.get_close_matches(col, have, n=1)
            hint = tr(" (did you mean {name!r}?)", lang, name=close[0]) if close else ""
            raise KeyError(tr("column {col!r} is not in {what}{hint}; its columns are: "
                              "{have}", lang, col=col, what=what, hint=hint,
                              have=", ".join(have)))


def weights(data: pd.DataFrame, weight: str | None, *, locale: str | None = None
            ) -> np.ndarray:
    """The row weights as floats: ones, or a numeric, complete, non-negative, finite column.

    Weights are real numbers, never cast to whole numbers: huge but finite weights (1e20) are
    legitimate. Their total must be finite and above 0 (integer weights are added as floats,
    so an int64 column cannot wrap around).
    """
    if weight is None:
        return np.ones(len(data))
    lang = locale_of(data, locale=locale)
    check_columns(data, [weight], locale=lang)
    w = data[weight]
    if not pd.api.types.is_numeric_dtype(w) or pd.api.types.is_bool_dtype(w):
        raise TypeError(tr("weight column {weight!r} must be numeric, not {dtype}", lang,
                           weight=weight, dtype=w.dtype))
    x = w.to_numpy(dtype=float, na_value=np.nan)
    for bad, kind in ((np.isnan(x), N_("missing")), (x < 0, N_("negative")),
                      (np.isinf(x), N_("infinite"))):
        if bad.any():
            raise ValueError(tr("weight column {weight!r} has {kind} values in {rows} (e.g. "
                                "{value}); weights must be counts >= 0", lang, weight=weight,
                                kind=tr(kind, lang), rows=_rows(bad, w.index, lang=lang),
                                value=_value(w[bad].iloc[0])))
    with np.errstate(over="ignore"):
        total = float(np.sum(x))
    if total == 0:
        raise ValueError(tr("weight column {weight!r} sums to 0: nothing to analyse", lang,
                            weight=weight))
    if not np.isfinite(total):
        raise ValueError(tr("weight column {weight!r} adds up to more than a float can hold "
                            "(the largest weight is {largest:g}): divide the weights by a "
                            "constant; shares do not change", lang, weight=weight,
                            largest=x.max()))
    return x


def _rows(mask: np.ndarray, index: pd.Index, limit: int = 5, lang: str | None = None) -> str:
    """'rows 3, 7 and 12 more' for the rows where ``mask`` holds (in ``lang``)."""
    bad = index[np.asarray(mask, dtype=bool)]
    more = tr(" and {k:,} more", lang, k=len(bad) - limit) if len(bad) > limit else ""
    shown = ", ".join(map(str, bad[:limit]))
    if len(bad) > 1:
        return tr("rows {rows}{more}", lang, rows=shown, more=more)
    return tr("row {rows}{more}", lang, rows=shown, more=more)


def _value(v) -> str:
    """A value as the user would write it: 1e+20, not np.float64(1e+20)."""
    return repr(v.item() if isinstance(v, np.generic) else v)


def whole_numbers_or_float(values: pd.Series) -> pd.Series:
    """``values`` as int64 when every one is a whole number held exactly, else unchanged.

    For display of weighted counts: sums of whole weights print as 1,094 rather than 1094.0.
    Nothing is truncated or wrapped around: a value that is not finite, not whole (beyond a
    rounding error of the sum, 1e-9 relative), or beyond 2**53 (where a float no longer holds
    an exact whole number; 1e20 would become -9223372036854775808 as int64) keeps every
    value as a float.

    >>> whole_numbers_or_float(pd.Series([3.0, 2.0000000000000004])).tolist()
    [3, 2]
    >>> whole_numbers_or_float(pd.Series([1e20, 1.0])).tolist()
    [1e+20, 1.0]
    >>> whole_numbers_or_float(pd.Series([1.5, 1.0])).tolist()
    [1.5, 1.0]
    """
    if pd.api.types.is_integer_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values
    x = values.to_numpy(dtype=float, na_value=np.nan)
    r = np.round(x)
    exact = np.isfinite(x).all() and (np.abs(x) <= 2 ** 53).all() \
        and np.allclose(x, r, rtol=1e-9, atol=0)
    return pd.Series(r.astype(np.int64), index=values.index, name=values.name) if exact \
        else values


def level_labels(column: str, locale: str | None, levels=()) -> dict[str, str]:
    """Code -> label for a column's levels in ``locale`` (empty when there are none).

    The column's own label family is used when the locale has one (``category`` ...);
    otherwise the family that knows every level (e.g. the Joyo table's ``sub_type`` codes are
    the kit's delivery-delay root causes).
    """
    if locale is None:
        return {}
    if locale not in LOCALES:
        one_of("locale", locale, LOCALES)
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

# Each check takes ``locale=`` (keyword only), the language of its message: the caller's
# (the analysis' ``locale=``, else its data's: ``i18n.locale_of``); None writes English.

def one_of(name: str, value, allowed, *, locale: str | None = None) -> object:
    """``value`` must be one of ``allowed``: "must be one of …, but … was passed".

    >>> one_of("freq", "Y", ("D", "W"), locale="zh_CN")
    Traceback (most recent call last):
    ...
    ValueError: freq 须为 'D', 'W' 之一，但传入的是 'Y'
    """
    allowed = list(allowed)
    if value not in allowed:
        raise ValueError(tr("{name} must be one of {allowed}, but {value!r} was passed",
                            locale, name=name, allowed=", ".join(map(repr, allowed)),
                            value=value))
    return value


def confidence(value, name: str = "confidence", *, locale: str | None = None) -> float:
    """A confidence level strictly between 0 and 1 (e.g. 0.95)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
            or not 0 < float(value) < 1:
        raise ValueError(tr("{name} must be a level between 0 and 1 (e.g. 0.95), but "
                            "{value!r} was passed", locale, name=name, value=value))
    return float(value)


def whole_number(name: str, value, minimum: int = 0, example: int | None = None, *,
                 locale: str | None = None) -> int:
    """A whole number ``>= minimum`` (bools are refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        eg = tr(" (e.g. {example})", locale, example=example) if example is not None else ""
        raise ValueError(tr("{name} must be a whole number >= {minimum}{eg}, but {value!r} "
                            "was passed", locale, name=name, minimum=minimum, eg=eg,
                            value=value))
    return int(value)


def n_boot(value, minimum: int = 0, *, locale: str | None = None) -> int:
    """The number of bootstrap draws."""
    return whole_number("n_boot", value, minimum, example=999, locale=locale)


def seed(value, *, locale: str | None = None) -> int | None:
    """A random seed: a whole number >= 0, or None for fresh entropy."""
    if value is None:
        return None
    return whole_number("seed", value, 0, example=0, locale=locale)


def locale(value, *, locale: str | None = None) -> str | None:
    """None (codes as they are) or a supported locale (``locale=``: the message's language,
    as for every check)."""
    if value is None:
        return None
    return one_of("locale", value, LOCALES, locale=locale)


def column_names(name: str, value, data: pd.DataFrame | None = None, *,
                 locale: str | None = None) -> list[str]:
    """An argument naming columns (``by``, ``levels`` ...) as a list: one name or a list of
    them, each once; with ``data``, each one of its columns.

    >>> column_names("levels", ["category", "category"])
    Traceback (most recent call last):
    ...
    ValueError: levels names a column twice: 'category' (['category', 'category'])
    """
    lang = locale_of(data, locale=locale)
    if isinstance(value, str):
        out = [value]
    elif isinstance(value, Sequence):
        out = list(value)
    else:
        raise TypeError(tr("{name} must be a column name or a list of them, not {type}", lang,
                           name=name, type=type(value).__name__))
    twice = [c for i, c in enumerate(out) if c in out[:i]]
    if twice:
        raise ValueError(tr("{name} names a column twice: {col!r} ({names})", lang, name=name,
                            col=twice[0], names=out))
    if data is not None:
        check_columns(data, out, locale=lang)
    return out


def by_columns(by, data: pd.DataFrame | None = None, *, locale: str | None = None
               ) -> list[str]:
    """``by`` as a list of column names: None (no groups), one name, or a list without
    repeats (:func:`column_names`)."""
    return [] if by is None else column_names("by", by, data, locale=locale)


def times(data: pd.DataFrame, time: str, *, what: str = "time",
          missing: str = "warn", locale: str | None = None) -> pd.Series:
    """The column ``time`` of ``data`` as naive local date-times, by the kit's one rule.

    The rule (``complaintkit.schema.TIME_RULE``, the same for readers and analyses):

    - a time-zone-aware column becomes the wall-clock time of its own zone, zone dropped:
      the local time of day decides the day (and the week, month, period);
    - an analysis takes date-time columns only: text (even ISO 8601) and date-time objects
      are refused with the one line that converts them (``pd.to_datetime(...,
      format="ISO8601")``; for other text, an explicit ``format=``: day and month are never
      guessed); one column holds one time zone (mixed zones are an error);
    - missing times (NaT) stay NaT in the returned series. ``missing`` says who reports them:
      ``"warn"`` (a UserWarning counting them and naming the first rows: they fall in no
      period), ``"keep"`` (the caller counts them itself, in its ledger or notes) or
      ``"error"``.

    ``what`` names the role of the column in messages (e.g. ``"time"`` or ``"period"``);
    messages are in ``locale``, else the data's language.
    """
    lang = locale_of(data, locale=locale)
    one_of("missing", missing, ("warn", "keep", "error"), locale=lang)
    check_columns(data, [time], locale=lang)
    ts = data[time]
    if not pd.api.types.is_datetime64_any_dtype(ts):
        raise TypeError(_not_times(ts, time, what, lang))
    ts = local_datetimes(ts, f"df[{time!r}]")
    _missing_times(ts, time, what, missing, lang)
    return ts


def timestamp(name: str, value, *, locale: str | None = None) -> pd.Timestamp:
    """A date argument (``start=``, ``end=``, ``date=`` ...) by the same rule as :func:`times`.

    A Timestamp, datetime, date or ISO 8601 text; a zone-aware one becomes the wall-clock time
    of its own zone. Other text is refused, never read with a day/month guess (pandas would
    read '03-04-25' as 4 March).

    >>> timestamp("start", "2025-03-04T23:30+08:00")
    Timestamp('2025-03-04 23:30:00')
    >>> timestamp("start", "03-04-25")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: start must be a date such as '2025-07-01': '03-04-25' is not an ISO 8601 date ...
    """
    eg = tr("{name} must be a date such as '2025-07-01'", locale, name=name)
    if value is None or isinstance(value, (bool, int, float, np.number)):
        raise ValueError(tr("{eg}, not {value!r}", locale, eg=eg, value=value))
    try:
        ts = local_datetimes(pd.Series([value], dtype=object), name)
    except SchemaError as e:
        raise ValueError(tr("{eg}: {error}", locale, eg=eg,
                            error=str(e).replace(" in row 0", ""))) from None
    if pd.isna(ts.iloc[0]):
        raise ValueError(tr("{eg}, not an empty value", locale, eg=eg))
    return ts.iloc[0]


def _not_times(ts: pd.Series, time: str, what: str, lang: str | None = None) -> str:
    """Why a column is not a date-time column, and the line that converts it."""
    head = tr("{what} column {time!r} must hold dates and times, not {dtype}", lang,
              what=tr(what, lang), time=time, dtype=ts.dtype)
    try:
        parsed = local_datetimes(ts, f"df[{time!r}]")
    except SchemaError as e:  # not ISO 8601 text, mixed zones, numbers ...
        return tr("{head}: {error}", lang, head=head, error=e)
    if parsed.isna().all():
        return tr("{head}: it holds no dates at all", lang, head=head)
    return tr("{head} (e.g. {value}): analyses do not parse text; convert the column once "
              "with df[{time!r}] = pd.to_datetime(df[{time!r}], format='ISO8601'), or read "
              "the table with ck.read_world / ck.schema.conform, which do", lang, head=head,
              value=_value(ts[parsed.notna()].iloc[0]), time=time)


def _missing_times(ts: pd.Series, time: str, what: str, missing: str,
                   lang: str | None = None) -> None:
    na = ts.isna().to_numpy()
    if missing == "keep" or not na.any():
        return
    msg = tr("{what} column {time!r} is empty in {k} of {n} rows ({rows}): they have no "
             "date and fall in no period", lang, what=tr(what, lang), time=time,
             k=fmt_int(int(na.sum()), lang), n=fmt_int(len(ts), lang),
             rows=_rows(na, ts.index, lang=lang))
    if missing == "error":
        raise ValueError(tr("{msg}; drop or fill them first, e.g. df.dropna(subset=[{time!r}])",
                            lang, msg=msg, time=time))
    warnings.warn(tr("{msg} (fill or drop them to silence this warning)", lang, msg=msg),
                  UserWarning, stacklevel=3)


def freq(value, allowed=("D", "W", "M"), *, locale: str | None = None) -> str:
    """A period frequency: one of ``allowed`` (day, week, month by default)."""
    return one_of("freq", value, allowed, locale=locale)


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

    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    own = kwargs.get("locale")  # the call's locale=, else its data's
                    lang = locale_of(*args, locale=own if isinstance(own, str) else None)
                    if new in kwargs:
                        raise TypeError(tr("pass {new}= only (it replaces {old}=), not both",
                                           lang, new=new, old=old))
                    warnings.warn(tr("{old}= is deprecated: use {new}= (same meaning)", lang,
                                     old=old, new=new),
                                  DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return fn(*args, **kwargs)
        return wrapper
    return decorate


# --------------------------------------------------------------------------- keys and names
def unique_columns(table: pd.DataFrame, what: str = "data", *, locale: str | None = None
                   ) -> pd.DataFrame:
    """``table`` when no two of its columns share a name (as after a careless concat or
    merge); else a ValueError naming them (pandas would return a table for one name).

    Examples
    --------
    >>> t = pd.DataFrame([[1, 2]], columns=["n", "n"])
    >>> try:
    ...     unique_columns(t)
    ... except ValueError as e:
    ...     print(str(e).split(":")[0])
    data has two or more columns named 'n'
    """
    dup = table.columns[table.columns.duplicated()]
    if len(dup):
        names = ", ".join(map(repr, pd.unique(dup)))
        raise ValueError(tr("{what} has two or more columns named {names}: rename or drop the "
                            "copies first, e.g. {what}.loc[:, ~{what}.columns.duplicated()]",
                            locale_of(table, locale=locale), what=what, names=names))
    return table


def unique_ids(table: pd.DataFrame, key: str, what: str, one: str, *,
               locale: str | None = None) -> None:
    """Every row of ``table`` has its own, present ``key``: else a ValueError naming the first
    few duplicated ids and how many rows repeat one (a repeated row would count twice).

    Examples
    --------
    >>> t = pd.DataFrame({"complaint_id": ["C1", "C2", "C2", "C3", "C3", "C3"]})
    >>> try:
    ...     unique_ids(t, "complaint_id", "complaints", "complaint")
    ... except ValueError as e:
    ...     print(str(e).split(":")[0])
    complaints has more than one row for complaint_id 'C2', 'C3' (2 ids repeated, 3 extra rows)
    """
    lang = locale_of(table, locale=locale)
    ids = table[key]
    missing = ids.isna()
    if missing.any():
        rows = ", ".join(map(str, table.index[missing.to_numpy()][:5]))
        raise ValueError(tr("{what} has {k} rows without a {key} (rows {rows}{more}): every "
                            "{one} needs its id to be counted once and joined", lang,
                            what=what, k=fmt_int(int(missing.sum()), lang), key=key,
                            rows=rows, more=" …" if missing.sum() > 5 else "",
                            one=tr(one, lang)))
    dup = ids.duplicated(keep="first")
    if dup.any():
        repeated = pd.unique(ids[dup.to_numpy()])
        first = ", ".join(map(repr, repeated[:5]))
        more = tr(" and {k:,} more", lang, k=len(repeated) - 5) if len(repeated) > 5 else ""
        raise ValueError(tr("{what} has more than one row for {key} {first}{more} ({k} ids "
                            "repeated, {extra} extra rows): each {one} would count more than "
                            "once; keep one row per {key}, e.g. {what}.drop_duplicates({name})",
                            lang, what=what, key=key, first=first, more=more,
                            k=fmt_int(len(repeated), lang), extra=fmt_int(int(dup.sum()), lang),
                            one=tr(one, lang), name=repr(key)))


# --------------------------------------------------------------------------- provenance
KIT_MARK = "complaintkit"
"""The key of ``DataFrame.attrs`` that marks a table the kit made (a generated or shipped
world's table): ``{"scenario": ..., "seed": ...}``. pandas carries ``attrs`` through filters,
copies and column selections (and parquet files), so ``world.complaints[mask]`` keeps it; a
table read from any other source has none."""


def mark_kit_made(table: pd.DataFrame, **meta) -> pd.DataFrame:
    """Mark ``table`` (in place, and returned) as made by the kit, with ``meta`` (e.g. the
    world's scenario and seed). Only the kit's world builders call this.

    >>> t = mark_kit_made(pd.DataFrame({"n": [1]}), scenario="ecommerce", seed=0)
    >>> kit_made(t), kit_made(t[t["n"] > 0]), kit_made(pd.DataFrame({"n": [1]}))
    (True, True, False)
    """
    table.attrs[KIT_MARK] = dict(meta)
    return table


def kit_made(data) -> bool:
    """True when ``data`` is a table marked by :func:`mark_kit_made` (a kit world's table or a
    filter of one); a count, a Series or any other table is not known to be the kit's."""
    return isinstance(data, pd.DataFrame) and isinstance(data.attrs.get(KIT_MARK), dict)


# --------------------------------------------------------------------------- time coverage
# One check for every analysis that reads a series over time: is the sample spread over its
# span, or clustered in part of it, or broken by gaps? Its notes (one wording, kept here so a
# catalogue can translate them) go into the result's notes and a UserWarning.
COVERAGE_MESSAGES = {
    "clustered": N_("{share} of the {what} ({count} of {total}) fall in {block} "
                    "{label}, which holds {even} of the {n_periods} {unit} from {first} to "
                    "{last}: the sample is clustered in time (an export of part of the period, "
                    "a change in how complaints were recorded?). A baseline, trend or season "
                    "fitted across it mixes how the data were collected with how often people "
                    "complain; check the source, or analyse the busy part on its own"),
    "gap": N_("no {what} from {start} to {end} ({length} {unit} in a row), where the average "
              "rate ({rate:.3g} per {one}) expects about {expected}: a gap in the data "
              "(missing export, system outage)? Periods in a gap count as zero complaints"),
    "more_gaps": N_("{more} more such gaps"),
}
_COVERAGE_UNITS = {"D": (N_("days"), N_("day")), "W": (N_("weeks"), N_("week")),
                   "M": (N_("months"), N_("month")), "Q": (N_("quarters"), N_("quarter"))}
_GAP_EXPECTED = 10.0   # a run of empty periods is a gap when the average rate expects >= 10
_GAP_MIN = {"D": 7, "W": 2, "M": 2, "Q": 2}  # ... and it spans a whole week of days (a
# weekday pattern, e.g. no complaints at weekends, is not a gap), or two weeks, months
_CLUSTER_RATIO = 2.0   # a block holding >= 2x its even share (or the rest <= 1/2 of theirs)
_CLUSTER_P = 0.001     # ... and the excess is far beyond chance (one-sided binomial)
_CLUSTER_MIN = 30      # ... in a sample of at least 30 rows (fewer say little about a spread)


def time_coverage(times, freq: str, *, weights=None, what: str = "complaints",
                  locale: str | None = None) -> list[str]:
    """Notes on how a sample is spread over time: clustered in one quarter (or month), or
    broken by gaps. Empty when neither.

    Parameters
    ----------
    times : Series or DatetimeIndex
        One time per row (NaT ignored), or the periods of a count series with ``weights``.
    freq : {"D", "W", "M", "Q"}
        The period in which gaps are counted (the series' own period).
    weights : array-like, optional
        Rows per time (a count series' ``n``); default one each.
    what : str
        What the rows are, for the notes (e.g. "complaints"; translated).
    locale : str, optional
        The language of the notes (None: English).

    Returns
    -------
    list of str
        *Clustered*: the busiest quarter (month, for a span under half a year) holds at least
        twice its share of the periods, or the others at most half of theirs, and a one-sided
        binomial test puts the excess beyond chance (p < 0.001), in a sample of at least 30
        rows. *Gaps*: runs of periods
        without a row, at least a week of days (so that a weekday pattern such as quiet
        weekends is not one) or two weeks, months or quarters, where the average rate expects
        at least 10 rows (a Poisson chance below 1 in 20,000); at most three named.

    Examples
    --------
    >>> days = pd.Series(pd.date_range("2025-01-01", "2025-12-31"))
    >>> n = np.where(days.dt.quarter == 3, 40, 2)      # 87% of the rows in one quarter
    >>> print(time_coverage(days, "D", weights=n)[0][:61])
    87% of the complaints (3,680 of 4,226) fall in quarter 2025Q3
    >>> time_coverage(days, "D", weights=np.full(len(days), 5))
    []
    """
    one_of("freq", freq, tuple(_COVERAGE_UNITS), locale=locale)
    counts = _counts_per_period(times, freq, weights)
    total = float(counts.sum())
    if len(counts) < 2 or total <= 0:
        return []
    return (_clustered(counts, freq, total, what, locale)
            + _gaps(counts, freq, total, what, locale))


def _counts_per_period(times, freq: str, weights) -> pd.Series:
    """Rows (or weights) per period at ``freq``, every period of the span present."""
    t = pd.Series(pd.DatetimeIndex(times))
    w = pd.Series(np.ones(len(t)) if weights is None else np.asarray(weights, dtype=float))
    keep = t.notna().to_numpy()
    if not keep.any():
        return pd.Series(dtype=float)
    p = t[keep].dt.to_period(freq)
    counts = w[keep].groupby(p.to_numpy()).sum()
    full = pd.period_range(p.min(), p.max(), freq=freq)
    return counts.reindex(full, fill_value=0.0)


def _clustered(counts: pd.Series, freq: str, total: float, what: str,
               lang: str | None = None) -> list[str]:
    from scipy.stats import binom

    unit = _COVERAGE_UNITS[freq][0]
    span_days = (counts.index[-1].end_time - counts.index[0].start_time).days + 1
    block, bfreq = (N_("quarter"), "Q") if span_days >= 182 else (N_("month"), "M")
    if (span_days < 59 or freq == "Q" or (freq == "M" and bfreq == "M")
            or total < _CLUSTER_MIN):
        return []
    blocks = counts.index.asfreq(bfreq, how="start")
    per = counts.groupby(blocks).agg(["sum", "size"])
    if len(per) < 2:
        return []
    share, even = per["sum"] / total, per["size"] / len(counts)
    top = share.idxmax()
    s, e = float(share[top]), float(even[top])
    big = s >= _CLUSTER_RATIO * e or (1 - s) <= (1 - e) / _CLUSTER_RATIO
    k = int(round(per.loc[top, "sum"]))
    if not big or binom.sf(k - 1, int(round(total)), e) >= _CLUSTER_P:
        return []
    return [tr(COVERAGE_MESSAGES["clustered"], lang,
               share=fmt_pct(s, lang), what=tr(what, lang), count=fmt_int(k, lang),
               total=fmt_int(int(round(total)), lang), block=tr(block, lang), label=str(top),
               even=fmt_pct(e, lang), n_periods=fmt_int(len(counts), lang),
               unit=tr(unit, lang), first=fmt_date(counts.index[0].start_time, lang),
               last=fmt_date(counts.index[-1].end_time, lang))]


def _gaps(counts: pd.Series, freq: str, total: float, what: str,
          lang: str | None = None) -> list[str]:
    unit, one = _COVERAGE_UNITS[freq]
    rate = total / len(counts)
    empty = (counts.to_numpy() == 0).astype(np.int8)
    edges = np.flatnonzero(np.diff(np.concatenate([[0], empty, [0]])))
    runs = [(a, b) for a, b in zip(edges[::2], edges[1::2], strict=True)
            if b - a >= _GAP_MIN[freq] and rate * (b - a) >= _GAP_EXPECTED]
    runs.sort(key=lambda r: r[0] - r[1])  # longest first
    notes = [tr(COVERAGE_MESSAGES["gap"], lang,
                what=tr(what, lang), start=fmt_date(counts.index[a].start_time, lang),
                end=fmt_date(counts.index[b - 1].end_time, lang), length=fmt_int(b - a, lang),
                unit=tr(unit, lang), rate=rate, one=tr(one, lang),
                expected=fmt_int(rate * (b - a), lang)) for a, b in runs[:3]]
    if len(runs) > 3:
        notes.append(tr(COVERAGE_MESSAGES["more_gaps"], lang,
                        more=fmt_int(len(runs) - 3, lang)))
    return notes


def warn_notes(notes: list[str], stacklevel: int = 3) -> list[str]:
    """Each note as a UserWarning too (a word of caution that a script cannot miss); returns
    ``notes`` for the result's own notes."""
    for note in notes:
        warnings.warn(note, UserWarning, stacklevel=stacklevel)
    return notes
