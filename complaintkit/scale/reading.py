"""A period or a sample of a large world's table, read by DuckDB into the kit's dtypes.

The model-based analyses (drivers, training_effect, loyalty, process, the text analyses ...)
need one row per complaint in pandas. For a world larger than memory, :func:`read_table`
reads only what they need: some columns, the rows of a period (``where=``), or a sample of
the complaints that is the same in every table (``sample=``: a complaint in the sample has
its events and its survey in the sample too).
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import pandas as pd

from ..i18n import N_, tr
from . import _engine as engine
from ._engine import quote

__all__ = ["read_table"]

_MSG = {
    "sample": N_("sample must be a share above 0 and at most 1 (e.g. 0.1), not {value!r}"),
    "key": N_("sample= needs an id column to sample by (complaint_id, customer_id, order_id "
              "or agent_id); table {table} has none"),
}
#: the id a sample is drawn by: complaints first, so that every table keeps the same ones
_KEYS = ("complaint_id", "customer_id", "order_id", "agent_id")
_BUCKETS = 1_000_000


def read_table(folder: str | os.PathLike, table: str, *, columns: Sequence[str] | None = None,
               where: str | None = None, sample: float | None = None, seed: int = 0,
               con=None) -> pd.DataFrame:
    """One table of a world folder (either layout), or a part of it, as ``ck.read_world``
    types it.

    Parameters
    ----------
    folder : path
        A world folder written as Parquet.
    table : str
        ``"complaints"``, ``"events"``, ``"surveys"`` ... or a truth table (``"truth/text"``).
    columns : list of str, optional
        Only these columns (default all).
    where : str, optional
        An SQL condition, e.g. ``"received_at >= '2025-07-01' AND received_at < '2025-10-01'"``.
    sample : float, optional
        Keep this share of the complaints (of the customers, orders or agents in a table
        without ``complaint_id``), chosen by a hash of the id and ``seed``: the same
        complaints in every table and either layout, and the same on every run with the
        same DuckDB version.
    seed : int
        Which sample.

    Returns
    -------
    DataFrame
        The rows in the order ``ck.read_world`` gives them (a partitioned world's: orders
        and complaints by time, surveys and events after their complaints), every column in
        the dtype ``ck.read_world`` gives it (the code columns categorical with all their
        categories), carrying the world's mark (its locale: analyses write in the world's
        language).

    Examples
    --------
    >>> from complaintkit.data import data_dir
    >>> from complaintkit import scale
    >>> folder = data_dir() / "ecommerce_en"
    >>> c = scale.read_table(folder, "complaints", columns=["complaint_id", "channel"],
    ...                      sample=0.1, seed=1)
    >>> e = scale.read_table(folder, "events", sample=0.1, seed=1)
    >>> set(e["complaint_id"]) == set(c["complaint_id"]), str(c["channel"].dtype)
    (True, 'category')
    """
    meta = engine.manifest(folder)
    lang = meta.get("locale")
    dtypes = engine.empty_table(folder, table)
    cols = list(dtypes.columns) if columns is None else list(columns)
    engine.check_columns(dtypes, cols, table, lang)
    conds = [] if where is None else [f"({where})"]
    if sample is not None:
        conds.append(_sampled(sample, seed, dtypes, table, lang))
    sql = (f"SELECT {', '.join(quote(c) for c in cols)} FROM "
           f"({engine.positioned(folder, table)}) AS t"
           + (f" WHERE {' AND '.join(conds)}" if conds else "") + " ORDER BY _pos")
    own = con is None
    con = engine.connect() if own else con
    try:
        df = con.execute(sql).df()
    finally:
        if own:
            con.close()
    out = pd.DataFrame({c: engine.as_dtype(df[c], dtypes[c].dtype) for c in cols},
                       index=pd.RangeIndex(len(df)))
    if table.startswith("truth/"):
        out = _as_truth(out, pii=table == "truth/pii")
    from ..analysis._checks import mark_kit_made

    mark_kit_made(out, scenario=meta.get("scenario"), seed=meta.get("seed"), locale=lang)
    return out


def _as_truth(df: pd.DataFrame, pii: bool) -> pd.DataFrame:
    """A truth table typed as ``ck.read_world`` types it: its dates to the second, no
    missing text."""
    for c in df.columns:
        if c in ("start", "end", "date") and not pii:
            df[c] = pd.to_datetime(df[c]).astype("datetime64[s]")
        elif not pd.api.types.is_numeric_dtype(df[c]):
            df[c] = df[c].fillna("")
    return df


def _sampled(sample, seed: int, dtypes: pd.DataFrame, table: str, lang: str | None) -> str:
    """The SQL condition that keeps a share ``sample`` of the ids, by hash."""
    if isinstance(sample, bool) or not isinstance(sample, (int, float)) or not 0 < sample <= 1:
        raise ValueError(tr(_MSG["sample"], lang, value=sample))
    key = next((k for k in _KEYS if k in dtypes.columns), None)
    if key is None:
        raise ValueError(tr(_MSG["key"], lang, table=table))
    kept = round(float(sample) * _BUCKETS)
    return (f"hash(CAST({quote(key)} AS VARCHAR) || ':' || '{int(seed)}') % {_BUCKETS} "
            f"< {kept}")
