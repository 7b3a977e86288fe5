"""A partitioned world generated shard by shard on a Dask cluster.

:func:`generate` runs the kit's own streamed generation
(:func:`complaintkit.generator.shards.stream_world`) with a mapper that hands the shards to
Dask workers: ``client.map`` then ``client.gather`` on the cluster of the ``client`` you give
(any ``dask.distributed`` cluster: local, SSH, Kubernetes, HPC ...), or on a
``LocalCluster`` of two worker processes made for the call. The shards are the same
whatever runs them (each shard draws from its own seeded streams), so the world written
is identical to the sequential one, file for file. No scheduler of the kit's own: Dask
schedules, retries and moves the work.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..i18n import N_, tr
from ._engine import require

__all__ = ["generate", "dask_mapper"]

_MSG = {
    "client": N_("client must be a dask.distributed Client (or None for a local cluster of "
                 "two worker processes), not {type}"),
}


def dask_mapper(client):
    """A ``mapper(func, indices) -> list`` for ``stream_world``: each index a Dask task on
    ``client``'s cluster (``pure=False``: every shard is run, never taken from a cache),
    results gathered in the order of the indices. When one fails, the others are cancelled
    and its error raised (``stream_world`` then removes what was written)."""

    def mapper(func, indices):
        futures = client.map(func, list(indices), pure=False)
        try:
            return client.gather(futures)
        except BaseException:
            client.cancel(futures)
            raise

    return mapper


def generate(scenario="ecommerce", *, seed: int = 0, n_complaints: int | None = None,
             path: str | os.PathLike, locale: str = "en_US", client=None,
             chunk_size: int | None = None, start=None, end=None, check_memory: bool = True,
             progress: bool = False) -> Path:
    """Generate a world into ``path`` as partitioned Parquet, its parts built by Dask workers.

    Parameters
    ----------
    scenario, seed, n_complaints, locale, start, end, chunk_size, check_memory
        As :func:`complaintkit.generate` with ``path=`` (a world of more than 50,000
        complaints is built from shards of 50,000; ``chunk_size`` puts several shards in one
        part; the memory check is of one part, which is what a worker holds).
    path : path
        The world's folder: ``<table>/part-*.parquet``, ``truth/`` and ``world.json``. Read
        it with ``ck.read_world`` or with the DuckDB aggregates of :mod:`complaintkit.scale`.
        The workers write their parts into it, so on a cluster of several machines it must
        be on a file system they all share.
    client : dask.distributed.Client, optional
        The cluster to build the parts on (any Dask cluster). Default: a
        ``LocalCluster(n_workers=2, threads_per_worker=1, processes=True)`` started for this
        call and closed after it.
    progress : bool
        Show the generator's progress.

    Returns
    -------
    Path
        The world's folder.

    The world is the one ``ck.generate(..., path=path)`` writes in this process: the same
    tables, truth and files (tested); only where its parts are built differs.
    """
    lang = _lang(locale)
    distributed = require("distributed", "complaintkit.scale.generate", lang)
    from ..generator import shards

    if client is not None and not isinstance(client, distributed.Client):
        raise TypeError(tr(_MSG["client"], lang, type=type(client).__name__))
    sc = _scenario(scenario, seed=seed, n_complaints=n_complaints, start=start, end=end,
                   locale=locale, chunk_size=chunk_size, check_memory=check_memory)
    if client is not None:
        return shards.stream_world(sc, int(seed), locale, path, chunk_size=chunk_size,
                                   mapper=dask_mapper(client), progress=progress)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as own:
        return shards.stream_world(sc, int(seed), locale, path, chunk_size=chunk_size,
                                   mapper=dask_mapper(own), progress=progress)


def _lang(locale) -> str | None:
    from ..locale import LOCALES

    return locale if locale in LOCALES else None


def _scenario(scenario, *, seed, n_complaints, start, end, locale, chunk_size, check_memory):
    """The scenario resized, with ``ck.generate(path=...)``'s checks and messages."""
    import numpy as np

    from ..generator import pipeline
    from ..locale import check_locale
    from ..scenario import get_scenario, messages_in

    lang = _lang(locale)
    with messages_in(lang, unless_said=True):
        check_locale(locale, lang=lang)
        if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
            raise ValueError(tr("seed must be a non-negative whole number, not {value!r}",
                                lang, value=seed))
        if chunk_size is not None and (
                not isinstance(chunk_size, (int, np.integer)) or isinstance(chunk_size, bool)
                or chunk_size < 1):
            raise ValueError(tr("chunk_size must be a whole number of complaints of 1 or "
                                "more, not {value!r}", lang, value=chunk_size))
        sc = pipeline._resized(get_scenario(scenario), n_complaints=n_complaints,
                               n_customers=None, start=start, end=end)
        if check_memory and os.environ.get(pipeline.MEMORY_CHECK_ENV, "1").strip() != "0":
            pipeline._check_memory(pipeline._part_scenario(sc, chunk_size), lang)
    return sc
