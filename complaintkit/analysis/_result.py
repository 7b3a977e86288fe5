"""The one result object every analysis returns.

Every public analysis returns a ``…Result`` built on :class:`Result`:

- ``.table``: tidy, snake_case columns, estimates with ``ci_lower`` / ``ci_upper``;
- ``.summary()``: a few sentences a manager can read;
- ``.plot(ax=None, ...)``: ``ax`` is always the first argument; returns the Axes;
- ``.model``: the underlying statsmodels result(s) where a model is fitted (else None);
- ``.assumptions``: stated, not hidden; ``.notes``: what the data did (rows left out …);
- ``.ledger``: the :class:`~complaintkit.analysis._ledger.RowLedger` of rows used and left out;
- an HTML view for notebooks (``_repr_html_``).

``tests/test_contract.py`` checks every public analysis against this, so it cannot drift.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..i18n import tr
from ._ledger import RowLedger


@dataclass
class Result:
    """Base class: subclasses implement ``summary`` and ``plot(ax=None, ...)``."""

    table: pd.DataFrame
    model: Any = None
    assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    ledger: RowLedger | None = field(default=None, repr=False)

    def __post_init__(self):
        # the ledger's line comes first among the notes, once
        if self.ledger is not None:
            line = self.ledger.note()
            if line not in self.notes:
                self.notes.insert(0, line)

    @property
    def text_locale(self) -> str | None:
        """The language of this result's texts (summary, notes, chart): the ``locale`` it was
        computed with, else its data's (:func:`complaintkit.i18n.locale_of`, which the row
        ledger applied to the data); None for English."""
        own = getattr(self, "locale", None)
        if isinstance(own, str):
            return own
        return getattr(self.ledger, "locale", None)

    def labelled(self) -> pd.DataFrame:
        """A copy of :attr:`table` in the language of this result's texts
        (:attr:`text_locale`): codes shown as labels, columns named by their labels
        (:func:`complaintkit.labelled`). A ``level`` column (a Pareto table's) is labelled by
        the family of the result's ``column`` and named after that column (its ``label``
        column, the same labels, is then left out).

        Examples
        --------
        >>> import complaintkit as ck
        >>> w = ck.generate(n_complaints=300, locale="zh_CN", seed=1)
        >>> res = ck.pareto(w.complaints, "category")
        >>> list(res.labelled().columns[:3])
        ['投诉类别', '投诉数', '比例']
        """
        from ..labelling import labelled

        column = getattr(self, "column", None)
        lang = self.text_locale or "en_US"
        table = self.table
        if not (isinstance(column, str) and column and "level" in table.columns
                and column not in table.columns):
            return labelled(table, lang)
        # the levels' labels (a ``label`` column) are what ``level`` shows once labelled
        table = table.drop(columns=[c for c in ("label",) if c in table.columns])
        return labelled(table.rename(columns={"level": column}), lang,
                        columns={column: column})

    def summary(self) -> str:  # pragma: no cover - overridden
        return f"{type(self).__name__} with {len(self.table)} rows"

    def plot(self, ax=None, **kwargs):  # pragma: no cover - overridden
        raise NotImplementedError(f"{type(self).__name__} has no plot")

    def _repr_html_(self) -> str:
        lang = self.text_locale
        notes_title, assume_title = tr("Notes", lang), tr("Assumptions", lang)
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        assume = "".join(f"<li>{html.escape(a)}</li>" for a in self.assumptions)
        return (f"<p>{html.escape(self.summary())}</p>"
                + self.table.to_html(index=False, na_rep="", float_format=lambda x: f"{x:.4g}")
                + (f"<p><b>{notes_title}</b></p><ul>{notes}</ul>" if notes else "")
                + (f"<details><summary>{assume_title}</summary><ul>{assume}</ul>"
                   "</details>" if assume else ""))

    def __repr__(self) -> str:
        return f"{self.summary()}\n{self.table.to_string(index=False)}"


def option_passed_as_ax(ax, value, *, name: str, default=None):
    """Old-style ``plot("ipa")`` calls, from before ``ax`` was the first argument of every
    plot: a text (or a list of texts) where ``ax`` now stands is taken as the option ``name``,
    with a DeprecationWarning. Returns ``(ax, value)``.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     option_passed_as_ax("hazard", "curve", name="kind", default="curve")
    (None, 'hazard')
    >>> print(w[0].message)
    plot('hazard') is deprecated: pass it by name, plot(kind='hazard')
    (the first argument of plot is ax)
    """
    old = isinstance(ax, str) or (isinstance(ax, (list, tuple)) and len(ax) > 0
                                  and all(isinstance(k, str) for k in ax))
    if not old:
        return ax, value
    if value is not default and value != default:
        raise TypeError(tr("plot() got {name} twice ({ax!r} and {name}={value!r}): pass "
                           "{name}= only (the first argument of plot is ax)", None, name=name,
                           ax=ax, value=value))
    warnings.warn(tr("plot({ax!r}) is deprecated: pass it by name, plot({name}={ax!r}) (the "
                     "first argument of plot is ax)", None, ax=ax, name=name),
                  DeprecationWarning, stacklevel=3)
    return None, ax
