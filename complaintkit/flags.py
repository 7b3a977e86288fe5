"""One rule for yes / no / not-applicable answers, in every reader and analysis.

Real exports write a flag in many ways: ``Yes``/``No`` (CFPB's "Timely response?"),
``TRUE``/``FALSE``, ``1``/``0``, ``Y``/``N``, ``是``/``否``. Some also say the question did not
apply: CFPB's "Consumer disputed?" is ``N/A`` for complaints after April 2017, when the dispute
option ended. *Not applicable* and *empty* (unknown) are different answers and stay apart:

* :func:`read_flags` turns any such column into a categorical of ``yes``, ``no`` and ``n/a``;
  an empty cell stays missing. A word the rule does not know is refused with its rows, never
  guessed.
* :func:`as_bool` gives the nullable boolean an analysis counts (``n/a`` and empty are both
  <NA> there; :func:`flag_counts` says how many of each were left out).

The words are matched after trimming and lower-casing. This module is the only place that
knows them.

Examples
--------
>>> import pandas as pd
>>> from complaintkit import flags
>>> s = flags.read_flags(pd.Series(["Yes", "No", "N/A", "", "是"]), "disputed")
>>> s.tolist()
['yes', 'no', 'n/a', nan, 'yes']
>>> flags.as_bool(s).tolist()
[True, False, <NA>, <NA>, True]
>>> flags.flag_counts(s)
{'yes': 2, 'no': 1, 'n/a': 1, 'missing': 1}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .i18n import N_, locale_of, tr

__all__ = ["LEVELS", "YES", "NO", "NOT_APPLICABLE", "read_flags", "as_bool", "flag_counts",
           "looks_like_flags", "unknown_words", "WORDS_UNDERSTOOD"]

#: the three answers, in the order tables and plots show them
LEVELS = ("yes", "no", "n/a")
YES = frozenset({"yes", "y", "true", "t", "1", "1.0", "是", "是的", "有"})
NO = frozenset({"no", "n", "false", "f", "0", "0.0", "否", "不是", "没有"})
NOT_APPLICABLE = frozenset({"n/a", "na", "not applicable", "不适用"})
_WORDS = {**{w: "yes" for w in YES}, **{w: "no" for w in NO},
          **{w: "n/a" for w in NOT_APPLICABLE}}
#: every word the rule reads, for messages
WORDS_UNDERSTOOD = ", ".join(sorted(_WORDS))


def _words(s: pd.Series) -> pd.Series:
    """Trimmed, lower-cased text; missing and blank cells become NaN."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return s.map({True: "yes", False: "no"}).astype(object)
    text = s.astype(object).where(s.notna())
    text = text.map(lambda v: v if v is None or (isinstance(v, float) and np.isnan(v))
                    else str(v).strip().lower())
    return text.where(text.notna() & (text != ""))


def read_flags(s: pd.Series, name: str = "values", *, locale: str | None = None) -> pd.Series:
    """A yes/no/not-applicable column as a categorical of ``yes``, ``no``, ``n/a``.

    Parameters
    ----------
    s : pandas.Series
        Booleans, 0/1 numbers or text (``Yes``, ``no``, ``TRUE``, ``N/A``, ``是``, ``否`` ...).
    name : str
        The column's name, for error messages.
    locale : str, optional
        The language of the error: by default the data's (a kit world's mark, see
        :func:`complaintkit.i18n.locale_of`), else Chinese when the column's name or the word
        refused is, else English.

    Returns
    -------
    pandas.Series
        Categorical with categories ``("yes", "no", "n/a")``; empty cells stay missing.

    Raises
    ------
    ValueError
        A value that is not a yes/no/N/A word, naming the column, the value and its rows.

    Examples
    --------
    >>> import pandas as pd
    >>> from complaintkit.flags import read_flags
    >>> read_flags(pd.Series([True, False])).tolist()
    ['yes', 'no']
    >>> read_flags(pd.Series(["yes", "maybe"]), "timely")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: column 'timely': 'maybe' is not yes, no or N/A (row 1); ...
    """
    if isinstance(s.dtype, pd.CategoricalDtype) and set(s.cat.categories) <= set(LEVELS):
        return s.cat.set_categories(list(LEVELS))
    words = _words(s)
    coded = words.map(_WORDS)
    bad = (words.notna() & coded.isna()).to_numpy(dtype=bool)
    if bad.any():
        rows = np.flatnonzero(bad)
        where = ", ".join(str(s.index[i]) for i in rows[:5]) + (" ..." if len(rows) > 5 else "")
        first = s[bad].iloc[0]
        first = first.item() if isinstance(first, np.generic) else first  # 2, not np.int64(2)
        from .locale import text_locale

        lang = locale_of(s, locale=locale) or text_locale([name, first])
        msgid = (N_("column {name!r}: {value!r} is not yes, no or N/A (rows {rows}); the "
                    "words understood are {words}") if len(rows) > 1 else
                 N_("column {name!r}: {value!r} is not yes, no or N/A (row {rows}); the "
                    "words understood are {words}"))
        raise ValueError(tr(msgid, lang, name=name, value=first, rows=where,
                            words=WORDS_UNDERSTOOD))
    return pd.Series(pd.Categorical(coded, categories=list(LEVELS)), index=s.index, name=s.name)


def as_bool(s: pd.Series, name: str = "values", *, locale: str | None = None) -> pd.Series:
    """The flag as a nullable boolean: ``yes`` True, ``no`` False, ``n/a`` and empty <NA>."""
    coded = read_flags(s, name, locale=locale)
    out = coded.astype(object).map({"yes": True, "no": False})
    return out.astype("boolean")


def flag_counts(s: pd.Series, name: str = "values", *, locale: str | None = None
                ) -> dict[str, int]:
    """How many yes, no, n/a and missing answers a flag column holds."""
    coded = read_flags(s, name, locale=locale)
    counts = {level: int((coded == level).sum()) for level in LEVELS}
    counts["missing"] = int(coded.isna().sum())
    return counts


def unknown_words(s: pd.Series) -> np.ndarray:
    """Boolean mask of the cells that hold a value the rule does not read (empty cells: False).

    >>> import pandas as pd
    >>> unknown_words(pd.Series(["Yes", "maybe", None, "否"])).tolist()
    [False, True, False, False]
    """
    if pd.api.types.is_bool_dtype(s.dtype):
        return np.zeros(len(s), dtype=bool)
    words = _words(s)
    return (words.notna() & ~words.isin(list(_WORDS))).to_numpy(dtype=bool)


def looks_like_flags(s: pd.Series) -> bool:
    """True when every non-empty value of ``s`` is a yes/no/N/A word (and there is one)."""
    if pd.api.types.is_bool_dtype(s.dtype):
        return True
    words = _words(s)
    present = words.dropna()
    return len(present) > 0 and bool(present.isin(list(_WORDS)).all())
