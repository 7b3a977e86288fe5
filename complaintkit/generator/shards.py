"""Large worlds as independent shards: in memory, or streamed to partitioned Parquet.

A world asked for more than :data:`SHARD_COMPLAINTS` complaints is built as ``k`` shards
(:func:`n_shards`, fixed by the world's size alone). Each shard is a slice of the company: a
``1/k`` share of its customers (with all their orders, complaints, follow-ups and loyalty,
so nothing about a customer crosses a shard), of the complaints asked for and of the
untroubled orders kept, over the whole period, with the world's calendar, incidents and
agents. Orders are Poisson counts per day, carrier and product, so ``k`` slices each drawing
``1/k`` of the expected orders are the company's orders (Poisson thinning); the queue load
that slows first responses is a ratio to planned capacity, so it has the same law in a
slice. Each shard draws from streams of its own, spawned from the seed and the shard's
number; the agents (and each agent's manner) are the world's, drawn from the world's stream.
Rates the scenario calibrates (the voice, escalation, first-contact-resolution, reopen and
survey intercepts) are calibrated per shard; the truth merges them (:func:`.truth.merge_truths`).

Because the shards are fixed by the size, the world's content does not depend on how it is
built: in memory (:func:`build_sharded`), streamed in parts of any ``chunk_size``, or by any
number of workers (:func:`stream_world`'s ``mapper``). The tables are the shards' rows,
then in the world's order (:func:`canonical_order`: orders by time of order, complaints by
time of receipt, surveys, events and the narratives' truth following their complaints), the
same order a world read back from its parts gets.

A world of one shard (up to :data:`SHARD_COMPLAINTS` complaints: every shipped world and
every world of the sessions) is built exactly as before shards existed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import tr
from ..scenario import Scenario
from ..world import TABLE_NAMES, Truth, World
from ._random import STREAMS, streams
from .pipeline import Part, _meta, build_part
from .tables import Numbering
from .truth import merge_truths

__all__ = ["SHARD_COMPLAINTS", "build_shard", "build_sharded", "canonical_order",
           "follow_complaints", "n_shards", "shard_scenario", "stream_world", "time_order"]

#: complaints asked for per shard: a world asks for ``n_shards = ceil(n / SHARD_COMPLAINTS)``.
#: About 0.6 GB at the peak of one shard's generation (docs/performance.md).
SHARD_COMPLAINTS = 50_000
#: spawn key of the shards' streams (the world's own streams are children 0-11 of the seed)
_SHARD_KEY = 1_000


def n_shards(sc: Scenario) -> int:
    """How many shards a world of ``sc`` is built from (1 up to :data:`SHARD_COMPLAINTS`
    complaints).

    Examples
    --------
    >>> import complaintkit as ck
    >>> from complaintkit.generator.shards import n_shards
    >>> n_shards(ck.get_scenario("ecommerce"))
    1
    >>> n_shards(ck.get_scenario("ecommerce").replace(size={"n_complaints": 1_000_000}))
    20
    """
    return max(1, math.ceil(sc.size.n_complaints / SHARD_COMPLAINTS))


def _split(total: int, k: int, i: int) -> tuple[int, int]:
    """Shard ``i``'s share of ``total`` (the first ``total % k`` shards get one more) and
    where it starts."""
    base, extra = divmod(int(total), k)
    return base + (i < extra), i * base + min(i, extra)


def shard_scenario(sc: Scenario, i: int, k: int) -> Scenario:
    """The scenario of shard ``i`` of ``k``: the same behaviour, a ``1/k`` slice of the size.

    Not validated again: a slice may be smaller than a whole world's minimum (e.g. fewer
    than 100 customers), which is fine for a slice.
    """
    s = sc.size
    size = dataclasses.replace(
        s, n_complaints=_split(s.n_complaints, k, i)[0],
        population_customers=_split(s.population_customers, k, i)[0],
        baseline_orders=_split(s.baseline_orders, k, i)[0])
    return dataclasses.replace(sc, size=size)


def _shard_streams(seed: int, i: int) -> dict[str, np.random.Generator]:
    """Shard ``i``'s own streams; the agents' stream is the world's (the same agents, the
    same manner of each agent, in every shard)."""
    children = np.random.SeedSequence(seed, spawn_key=(_SHARD_KEY, i)).spawn(len(STREAMS))
    rng = {name: np.random.default_rng(s) for name, s in zip(STREAMS, children, strict=True)}
    rng["agents"] = streams(seed)["agents"]
    return rng


def build_shard(sc: Scenario, seed: int, locale: str, i: int, k: int | None = None) -> Part:
    """Shard ``i`` of the ``k`` (default :func:`n_shards`) of the world of ``sc``: its tables
    (identifiers unique in the world) and its truth (merged with the others' by
    :func:`.truth.merge_truths`)."""
    k = n_shards(sc) if k is None else k
    if not 0 <= i < k:
        raise IndexError(f"shard {i} of a world of {k} shards")
    if k == 1:
        return build_part(sc, seed, locale, streams(seed))
    if sc.size.population_customers < k:
        raise ValueError(tr("a world of {k} shards needs at least {k} customers "
                            "(size.population_customers = {n})", None, k=k,
                            n=sc.size.population_customers))
    offset = _split(sc.size.population_customers, k, i)[1]
    return build_part(shard_scenario(sc, i, k), seed, locale, _shard_streams(seed, i),
                      numbering=Numbering(tag=f"{i + 1:04d}-", customer_offset=offset))


def canonical_order(tables: dict[str, pd.DataFrame], truth: Truth | None = None
                    ) -> tuple[dict[str, pd.DataFrame], Truth | None]:
    """The world's order of rows, from its shards' rows in shard order (stable sorts).

    Orders by ``ordered_at``, complaints by ``received_at``; surveys, events and the
    narratives' truth follow their complaints (events keep their sequence). Customers and
    agents stay as they are (customers are in the company's order already). A world of one
    shard is in this order already.
    """
    out = dict(tables)
    out["orders"] = time_order(tables["orders"], "orders")
    out["complaints"] = c = time_order(tables["complaints"], "complaints")
    for name in ("surveys", "events"):
        out[name] = follow_complaints(tables[name], c)
    if truth is not None:
        truth = dataclasses.replace(truth, text=follow_complaints(truth.text, c),
                                    pii=follow_complaints(truth.pii, c))
    return out, truth


#: the column each table is in time order of (the others follow their complaints)
TIME_ORDER = {"orders": "ordered_at", "complaints": "received_at"}


def time_order(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """``orders`` or ``complaints`` in the world's order (a stable sort by time)."""
    return _sorted(df, df[TIME_ORDER[table]].to_numpy())


def follow_complaints(df: pd.DataFrame, complaints: pd.DataFrame) -> pd.DataFrame:
    """Rows keyed by ``complaint_id`` in the order of ``complaints`` (stable: a complaint's
    events keep their sequence)."""
    return _sorted(df, _ranks(complaints, [df["complaint_id"]]))


def _sorted(df: pd.DataFrame, key) -> pd.DataFrame:
    return _in_order(df, _stable_order(key))


def _in_order(df: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """``df``'s rows in ``order`` (a permutation), with a fresh index; no copy if it is
    already in order."""
    if _is_identity(order):
        return df.reset_index(drop=True)
    return df.iloc[order].reset_index(drop=True)


def _is_identity(order: np.ndarray) -> bool:
    return bool((order == np.arange(len(order))).all())


def _concat(parts: list[Part]) -> tuple[dict[str, pd.DataFrame], list[Truth], list[dict]]:
    """The parts' tables joined, table by table; each part's copy of a table is let go once
    joined (so the peak is the world plus one table, not two worlds)."""
    tables = {}
    for name in list(parts[0].tables):
        pieces = [p.tables.pop(name) for p in parts]
        tables[name] = (pieces[0] if name == "agents" or len(pieces) == 1
                        else pd.concat(pieces, ignore_index=True))
        del pieces
    return tables, [p.truth for p in parts], [p.weights for p in parts]


def build_sharded(sc: Scenario, seed: int, locale: str, *, progress: bool = False,
                  workers: int = 1) -> World:
    """A world of several shards, in memory: the shards' tables in the world's order and the
    merged truth (see the module's text). ``workers`` processes build the shards (the same
    world whatever their number)."""
    k = n_shards(sc)
    job = _ShardJob(sc, seed, locale, k)
    with _pool(workers) as pool:
        built = pool.map(job, range(k)) if pool else map(job, range(k))
        parts = list(_bar(built, progress, k))
    tables, follow = _assemble(parts)
    truths, weights = [p.truth for p in parts], [p.weights for p in parts]
    del parts
    truth = merge_truths(sc, truths, weights)
    del truths
    truth = dataclasses.replace(truth, text=follow.reorder(truth.text),
                                pii=follow.reorder(truth.pii))
    return World(**tables, truth=truth, meta=_meta(sc, seed, locale))


#: the order :func:`_assemble` joins the tables in (the complaints before the tables that
#: follow them)
_ASSEMBLY = ("orders", "complaints", "events", "surveys", "customers", "agents")


def _assemble(parts: list[Part]) -> tuple[dict[str, pd.DataFrame], _Following]:
    """The parts' tables joined in the world's order (:func:`canonical_order`'s), table by
    table and column by column (:func:`_join_in_order`), each part's copy let go as it is
    joined: the peak is the world plus a few columns, not two worlds. Also how rows that
    follow the complaints are put in order (:class:`_Following`)."""
    _give_back_freed_memory()   # what building the shards left free
    tables: dict[str, pd.DataFrame] = {}
    follow = None
    for name in _ASSEMBLY:
        pieces = [p.tables.pop(name) for p in parts]
        if name == "agents" or len(pieces) == 1:
            tables[name] = pieces[0]
            continue
        order = None
        if name in TIME_ORDER:
            order = _stable_order(np.concatenate([p[TIME_ORDER[name]].to_numpy()
                                                  for p in pieces]))
            ids = [p["complaint_id"] for p in pieces] if name == "complaints" else None
        elif name in ("events", "surveys"):
            order = follow.order_of([p["complaint_id"] for p in pieces])
        tables[name] = _join_in_order(pieces, order)
        if name == "complaints":
            follow = _Following(tables["complaints"], ids, order)
            del ids
        del pieces
        _give_back_freed_memory()
    return {name: tables[name] for name in TABLE_NAMES}, follow


def _stable_order(key) -> np.ndarray:
    return np.argsort(np.asarray(key), kind="stable")


class _Following:
    """How rows keyed by ``complaint_id`` follow the complaints into the world's order.

    A table whose shards' ids are the complaints' own, row for row (surveys, the narratives'
    truth: one row per complaint, in the shard's order), takes the complaints' own order;
    any other (events, the personal-data spans) is ranked by where its complaint stands
    (:func:`_ranks`, a hash lookup of every id)."""

    def __init__(self, complaints: pd.DataFrame, ids: list[pd.Series], order: np.ndarray):
        self.complaints, self.order = complaints, order
        self.ids = _pa_ids(pd.concat(ids, ignore_index=True))

    def order_of(self, ids: list[pd.Series]) -> np.ndarray:
        joined = pd.concat(ids, ignore_index=True) if len(ids) > 1 else ids[0]
        if len(joined) == len(self.ids) and _pa_ids(joined).equals(self.ids):
            return self.order
        return _stable_order(_ranks(self.complaints, ids))

    def reorder(self, df: pd.DataFrame) -> pd.DataFrame:
        return _in_order(df, self.order_of([df["complaint_id"]]))


def _pa_ids(col):
    """A column of ids as one Arrow large-string array (no Python string per row)."""
    import pyarrow as pa

    arr = pa.array(col, from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.cast(pa.large_string())


def _give_back_freed_memory(*, heap: bool = True) -> None:
    """Return the memory the joined pieces held to the system. The shards' columns were
    small enough for the C allocator to keep them in its heap, whose freed holes it keeps
    unless asked (glibc's ``malloc_trim``; the cure Dask's documentation gives for "memory
    not released back to the OS"); without it the joined world is allocated on top of the
    holes and the peak is two worlds. Elsewhere than glibc, nothing to do. Arrow's pool (the
    strings) is asked every time, the heap only with ``heap`` (a walk of milliseconds)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    if not heap:
        return
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None (another C library, or another system)."""
    import ctypes

    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def _ranks(complaints: pd.DataFrame, ids: list) -> np.ndarray:
    """Where each of the ``ids`` (columns of complaint ids, read as one) stands in
    ``complaints`` (its row number; ``len(complaints)`` if absent), by Arrow's hash lookup:
    no Python string per row (a pandas index of the ids was a world's peak)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.index_in(pa.chunked_array([_pa_ids(c) for c in ids], type=pa.large_string()),
                        value_set=_pa_ids(complaints["complaint_id"]))
    return found.fill_null(len(complaints)).to_numpy()


def _join_in_order(pieces: list[pd.DataFrame], order: np.ndarray | None) -> pd.DataFrame:
    """``pd.concat(pieces)`` taken in ``order`` (None: as joined), built a column at a
    time so that the pieces are let go as they are taken: each piece becomes separate columns
    (a numpy column is copied out of the piece's 2-D block, one small piece at a time, so it
    can be freed alone; ``pieces`` is emptied), then each column is joined, put in order and
    its pieces freed before the next. The peak is the world plus a column, not two worlds.
    The same frame as ``pd.concat(pieces, ignore_index=True).take(order)``; pandas has no
    ordered concat that lets its inputs go as it goes (deleting a column from a frame copies
    the rest of its block)."""
    if order is not None and _is_identity(order):
        order = None
    columns = list(pieces[0].columns)
    held = []
    while pieces:
        p = pieces.pop(0)
        held.append({c: p[c].copy() if isinstance(p[c].dtype, np.dtype) else p[c]
                     for c in columns})
        del p
    _give_back_freed_memory()   # the pieces' blocks, now copied out column by column
    done = {}
    for c in columns:
        done[c] = _join_column([h.pop(c) for h in held], order)
        _give_back_freed_memory(heap=isinstance(done[c].dtype, np.dtype))
    out = pd.DataFrame(index=pd.RangeIndex(len(done[columns[0]])))
    for c in columns:
        out[c] = done.pop(c)
    return out


def _join_column(parts: list[pd.Series], order: np.ndarray | None) -> pd.Series:
    """One column's pieces joined and put in ``order`` (None: as joined); ``parts`` is
    emptied, so each piece can go as soon as it is joined."""
    first = parts[0].dtype
    same = all(p.dtype == first for p in parts)
    if same and isinstance(first, np.dtype):
        # numpy: join and take in numpy (pandas would check the positions per column)
        joined = np.concatenate([p.to_numpy() for p in parts])
        parts.clear()
        return pd.Series(joined if order is None else joined[order], copy=False)
    if same and order is not None and getattr(first, "storage", None) == "pyarrow":
        return _take_text(parts, order)
    joined = pd.concat(parts, ignore_index=True)
    parts.clear()
    return joined if order is None else joined.take(order).reset_index(drop=True)


def _take_text(parts: list[pd.Series], order: np.ndarray) -> pd.Series:
    """Text columns (Arrow) joined, their pieces let go, then put in order: two copies of
    the column at most. (Arrow's take on the pieces would join them inside, holding three:
    220 MB more for ten million order ids.)"""
    import pyarrow as pa
    import pyarrow.compute as pc

    dtype = parts[0].dtype
    joined = pa.array(pd.concat(parts, ignore_index=True))
    parts.clear()
    if isinstance(joined, pa.ChunkedArray):
        joined = joined.combine_chunks()
    _give_back_freed_memory(heap=False)
    taken = pc.take(joined, order)
    del joined
    return pd.Series(pd.array(taken, dtype=dtype))


@dataclasses.dataclass(frozen=True)
class _ShardJob:
    """Build shard ``i`` (picklable: for worker processes, which may not share this
    process's settings, so ``k`` travels with it)."""

    sc: Scenario
    seed: int
    locale: str
    k: int

    def __call__(self, i: int) -> Part:
        return build_shard(self.sc, self.seed, self.locale, i, self.k)


@contextlib.contextmanager
def _pool(workers: int):
    """A pool of ``workers`` processes (None for one: work here). Processes are started
    fresh ("spawn"), not forked: safe in a notebook's kernel and the same on every system."""
    if workers <= 1:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers,
                             mp_context=multiprocessing.get_context("spawn")) as pool:
        yield pool


def pool_mapper(workers: int) -> Callable[[Callable, list], list]:
    """A ``mapper`` for :func:`stream_world` that runs on ``workers`` local processes."""
    def mapper(func: Callable, items: list) -> list:
        with _pool(workers) as pool:
            return list(pool.map(func, items)) if pool else [func(x) for x in items]
    return mapper


def _bar(items: Iterable, show: bool, total: int, unit: str = "shard"):
    if not show:
        return items
    from ..progress import progress_bar
    return progress_bar(items, total=total, unit=unit)


# --------------------------------------------------------------------------- streaming
def parts_of(sc: Scenario, chunk_size: int | None) -> list[list[int]]:
    """The shards each part file holds: consecutive shards, about ``chunk_size`` complaints
    per part (at least one shard; default: one shard per part)."""
    k = n_shards(sc)
    per = 1 if chunk_size is None else max(1, int(chunk_size) // SHARD_COMPLAINTS)
    return [list(range(j, min(k, j + per))) for j in range(0, k, per)]


def stream_world(sc: Scenario, seed: int, locale: str, path: str | os.PathLike, *,
                 chunk_size: int | None = None, fmt: str = "parquet",
                 mapper: Callable[[Callable, list], list] | None = None,
                 progress: bool = False, workers: int = 1) -> Path:
    """Write the world of ``sc`` to ``path`` in parts, holding one part in memory at a time.

    Each table is written as ``<table>/part-00000.parquet, part-00001...`` (the narratives'
    truth as ``truth/text/`` and ``truth/pii/``); the small truth tables, merged, under
    ``truth/``; the manifest last. ``mapper(func, items)`` returns ``[func(x) for x in
    items]`` (default: in this process, in order, or on ``workers`` local processes): pass
    one that runs them elsewhere (e.g. :func:`complaintkit.scale.generate`'s Dask mapper);
    the world written is the same.
    The write is safe as :meth:`World.to_parquet`'s is: into a marked temporary folder,
    swapped in at the end, never deleting what the kit did not write.
    """
    from ..world import write_partitioned

    groups = parts_of(sc, chunk_size)
    if mapper is None and workers > 1:
        mapper = pool_mapper(workers)
    return write_partitioned(Path(path), _PartJob(sc, seed, locale, n_shards(sc)), groups,
                             fmt=fmt,
                             mapper=mapper, progress=progress, meta=_meta(sc, seed, locale),
                             merge=_Merge(sc))


@dataclasses.dataclass(frozen=True)
class _PartJob:
    """Build the shards of one part and return their tables (picklable, for workers)."""

    sc: Scenario
    seed: int
    locale: str
    k: int

    def __call__(self, shard_indices: list[int]) -> tuple[dict, list[Truth], list[dict]]:
        parts = [build_shard(self.sc, self.seed, self.locale, i, self.k)
                 for i in shard_indices]
        return _concat(parts)


@dataclasses.dataclass(frozen=True)
class _Merge:
    sc: Scenario

    def __call__(self, truths: list[Truth], weights: list[dict]) -> Truth:
        return merge_truths(self.sc, truths, weights)
