"""The row ledger: every row an analysis does not use gets a reason, and every result says
how many rows it used ("7,912 of 8,000 complaints used: 88 without a survey").

>>> import pandas as pd
>>> df = pd.DataFrame({"csat": [5, None, 3, 4], "hours": [1.0, 2.0, None, 4.0]})
>>> ledger = RowLedger(df, unit="complaints")
>>> kept = ledger.drop(df["csat"].isna(), "without a survey")
>>> kept = ledger.drop(kept["hours"].isna(), "without a first response", data=kept)
>>> ledger.note()
'2 of 4 complaints used: 1 without a survey, 1 without a first response'
>>> ledger.table
                     reason  n
0          without a survey  1
1  without a first response  1
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_int, locale_of, tr

__all__ = ["RowLedger"]

#: the units analyses count in (translated where the line is written)
UNITS = (N_("complaints"), N_("rows"), N_("customers"), N_("days"), N_("periods"),
         N_("surveys"), N_("events"), N_("agents"), N_("orders"))


class RowLedger:
    """Rows in, rows used, and a reason for every row left out.

    Parameters
    ----------
    data : DataFrame or int
        The rows the analysis was given (or their number).
    unit : str
        What a row is, in the plural ("complaints", "customers", "days"), in English: the
        line is written in the data's language (:func:`complaintkit.i18n.locale_of`).
    locale : str, optional
        The language of the line, if not the data's. Reasons are given already translated.
    """

    def __init__(self, data: pd.DataFrame | int, unit: str = "rows", *,
                 locale: str | None = None):
        self.total = int(data if isinstance(data, (int, np.integer)) else len(data))
        self.unit = unit
        self.locale = locale_of(data, locale=locale)
        self._reasons: dict[str, int] = {}
        self._data = None if isinstance(data, (int, np.integer)) else data

    # ---- recording
    def drop(self, mask, reason: str, data: pd.DataFrame | None = None) -> pd.DataFrame:
        """Leave out the rows of ``data`` (default: the data given) where ``mask`` is true,
        for ``reason``; return the rows kept."""
        data = self._data if data is None else data
        mask = np.asarray(mask, dtype=bool)
        if data is None or len(mask) != len(data):
            raise ValueError(tr("RowLedger.drop needs a mask as long as the data", self.locale))
        self.record(int(mask.sum()), reason)
        self._data = data.loc[~mask]
        return self._data

    def record(self, n: int, reason: str) -> None:
        """Count ``n`` rows left out for ``reason`` (reasons with 0 rows are not shown)."""
        if n:
            self._reasons[reason] = self._reasons.get(reason, 0) + int(n)

    # ---- reading
    @property
    def dropped(self) -> int:
        return sum(self._reasons.values())

    @property
    def used(self) -> int:
        return self.total - self.dropped

    @property
    def table(self) -> pd.DataFrame:
        """``reason, n`` for every reason with rows left out."""
        return pd.DataFrame({"reason": list(self._reasons), "n": list(self._reasons.values())},
                            columns=["reason", "n"])

    def note(self) -> str:
        """One line: "x of n <unit> used: k <reason>, …" (or "all n <unit> used")."""
        loc = self.locale
        unit = tr(self.unit, loc)
        if not self._reasons:
            return tr("all {total} {unit} used", loc, total=fmt_int(self.total, loc), unit=unit)
        why = tr(", ", loc).join(tr("{n} {reason}", loc, n=fmt_int(n, loc), reason=r)
                                 for r, n in self._reasons.items())
        return tr("{used} of {total} {unit} used: {why}", loc, used=fmt_int(self.used, loc),
                  total=fmt_int(self.total, loc), unit=unit, why=why)

    def __repr__(self) -> str:
        return f"RowLedger({self.note()})"
