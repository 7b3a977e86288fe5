"""The small result object every fitted analysis returns.

``.table`` (tidy, snake_case columns, estimates with ``ci_lower``/``ci_upper``), ``.summary()``
(a few sentences a manager can read), ``.plot(ax=None)`` (returns the Axes), ``.model`` (the
underlying statsmodels result(s) for power users), ``.assumptions`` (stated, not hidden), and
an HTML view for notebooks.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Result:
    """Base class: subclasses implement ``summary`` and ``plot``."""

    table: pd.DataFrame
    model: Any = None
    assumptions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:  # pragma: no cover - overridden
        return f"{type(self).__name__} with {len(self.table)} rows"

    def plot(self, ax=None):  # pragma: no cover - overridden
        raise NotImplementedError

    def _repr_html_(self) -> str:
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in self.notes)
        assume = "".join(f"<li>{html.escape(a)}</li>" for a in self.assumptions)
        return (f"<p>{html.escape(self.summary())}</p>"
                + self.table.to_html(index=False, float_format=lambda x: f"{x:.4g}")
                + (f"<p><b>Notes</b></p><ul>{notes}</ul>" if notes else "")
                + (f"<details><summary>Assumptions</summary><ul>{assume}</ul></details>"
                   if assume else ""))

    def __repr__(self) -> str:
        return f"{self.summary()}\n{self.table.to_string(index=False)}"
