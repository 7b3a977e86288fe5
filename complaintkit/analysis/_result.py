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
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

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

    def summary(self) -> str:  # pragma: no cover - overridden
        return f"{type(self).__name__} with {len(self.table)} rows"

    def plot(self, ax=None, **kwargs):  # pragma: no cover - overridden
        raise NotImplementedError(f"{type(self).__name__} has no plot")

    def _repr_html_(self) -> str:
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        assume = "".join(f"<li>{html.escape(a)}</li>" for a in self.assumptions)
        return (f"<p>{html.escape(self.summary())}</p>"
                + self.table.to_html(index=False, na_rep="", float_format=lambda x: f"{x:.4g}")
                + (f"<p><b>Notes</b></p><ul>{notes}</ul>" if notes else "")
                + (f"<details><summary>Assumptions</summary><ul>{assume}</ul></details>"
                   if assume else ""))

    def __repr__(self) -> str:
        return f"{self.summary()}\n{self.table.to_string(index=False)}"
