"""Beyond one machine: aggregates over Parquet larger than memory (DuckDB) and worlds
generated in parallel (Dask): the optional extra ``pip install complaintkit[scale]``.

``import complaintkit`` never imports this package, nor DuckDB or Dask; this package imports
them only when a function needs them, and says how to install them when they are missing.

- :func:`table_source` / :func:`connect`: what DuckDB reads for a table of a world folder
  (one file, or the ``part-*.parquet`` files of a partitioned world), and a connection;
- :func:`counts`, :func:`complaint_counts`, :func:`pareto`, :func:`kpis`: the aggregate
  analyses, computed in DuckDB and returned as the in-memory analyses' tables;
- :func:`read_table`: a table's columns, a period or a sample of complaints (the same in
  every table) in the kit's dtypes, for the analyses that need pandas frames;
- :func:`generate`: a partitioned world written shard by shard on a Dask cluster.

See docs/scale.md for a guide.
"""

from __future__ import annotations

from ._engine import connect, table_source
from .aggregates import KPI_UNITS, complaint_counts, counts, kpis, pareto
from .generation import dask_mapper, generate
from .reading import read_table

__all__ = ["table_source", "connect", "counts", "complaint_counts", "pareto", "kpis",
           "KPI_UNITS", "read_table", "generate", "dask_mapper"]
