"""The generator's pipeline: the stages, called in order, each with its own random stream.

Each stage is a plain function in its own module; what it needs comes in as arguments and
what it makes goes out as a DataFrame or a small frozen dataclass::

    calendar -> orders -> customers -> complaints -> agents -> handling -> events
             -> surveys -> loyalty -> tables -> truth

A stage draws only from its own named stream (:func:`._random.streams`), so changing one
stage does not reshuffle the others; ``events`` continues the ``handling`` stream.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._version import __version__
from ..i18n import fmt_int, tr
from ..locale import LOCALES, check_locale
from ..scenario import DATE_MAX, DATE_MIN, Scenario, ScenarioError, get_scenario, messages_in
from ..world import Truth, World
from ._random import streams
from .calendar import build_calendar
from .events import draw_events
from .handling import handle
from .loyalty import draw_loyalty
from .orders import draw_orders
from .people import draw_agents, draw_customers
from .surveys import draw_surveys
from .tables import Numbering, world_tables
from .truth import build_truth, merge_weights
from .voice import draw_complaints

__all__ = ["MEMORY_CHECK_ENV", "STAGES", "Part", "available_memory", "build_part", "build_world",
           "estimate_memory", "generate"]

STAGES = ("calendar", "orders", "customers", "complaints", "agents", "handling", "events",
          "surveys", "loyalty", "tables", "truth")


def generate(scenario: str | Scenario = "ecommerce", *, seed: int = 0,
             n_complaints: int | None = None, n_customers: int | None = None,
             start: str | dt.date | None = None, end: str | dt.date | None = None,
             locale: str = "en_US", progress: bool = False,
             check_memory: bool = True, path: str | os.PathLike | None = None,
             chunk_size: int | None = None, format: str = "parquet",
             workers: int = 1) -> World | Path:
    """Generate a synthetic complaint world (in memory, or streamed to a folder).

    Parameters
    ----------
    scenario : str or Scenario
        A preset name (see :func:`complaintkit.scenarios`), a path to a TOML file, or a
        :class:`~complaintkit.Scenario`.
    seed : int
        Same scenario, seed and size give identical tables; another seed, another world.
    n_complaints : int, optional
        Approximate number of complaints (default: the scenario's ``size.n_complaints``).
        Everything else scales with it.
    n_customers : int, optional
        Customers of the company (default: the scenario's ``size.population_customers``).
    start, end : str or date, optional
        Period (``end`` exclusive); default the scenario's. If the training programme's date
        falls outside a changed period, it moves to the period's midpoint.
    locale : {"en_US", "zh_CN"}
        Language of names, places, labels and narratives. Codes are the same in both.
    progress : bool
        Show a progress bar over the stages (over the shards, or the parts written, for a
        world of more than 50,000 complaints).
    path : str or path, optional
        Stream the world to this folder instead of returning it: it is written part by
        part, each table as ``<table>/part-00000.parquet, ...``, holding one part in memory
        at a time, so worlds far larger than memory can be made (20 million complaints in
        under 3 GB). Returns the folder; read it with :func:`complaintkit.read_world` (the
        whole world) or query it out of core with :mod:`complaintkit.scale`. The folder is
        written as :meth:`World.to_parquet` writes (nothing of yours is deleted; a failed
        write leaves the old world whole).
    chunk_size : int, optional
        With ``path``: about how many complaints each part holds (rounded down to whole
        shards of 50,000; default one shard per part). More per part: fewer, larger files
        and more memory. The world written is the same whatever the chunk size.
    format : {"parquet", "csv"}
        With ``path``: the files' format.
    workers : int
        Processes that build the shards of a world of more than 50,000 complaints at once
        (default 1: this process). The world is the same whatever their number; each holds
        one shard (about 0.6 GB) at a time. For a cluster, see :func:`complaintkit.scale.
        generate`.
    check_memory : bool
        Before any work, estimate the memory the world needs (:func:`estimate_memory`) and
        refuse with :class:`~complaintkit.ScenarioError` if it exceeds the memory available
        (:func:`available_memory`; never refused when that is unknown). ``False``, or the
        environment variable ``COMPLAINTKIT_MEMORY_CHECK=0``, tries anyway.

    Returns
    -------
    World or Path
        Tables ``customers``, ``orders``, ``complaints``, ``events``, ``surveys``, ``agents``
        and ``truth``; with ``path``, the folder the world was written to.

    Notes
    -----
    A world of more than 50,000 complaints is built from independent shards, each a slice of
    the company's customers with all their orders and complaints
    (:mod:`complaintkit.generator.shards`), so its content is the same in memory, streamed
    in parts of any size, or built by several workers (:func:`complaintkit.scale.generate`).

    Raises
    ------
    ScenarioError
        One line naming the field and its allowed range for a value out of range (the
        scenario's, or ``n_complaints``, ``n_customers``, ``start``, ``end`` here); or the
        estimated memory, what is available and what to do when the world would not fit.
    ValueError
        ``seed`` or ``locale`` is not allowed; ``check_memory`` is not True or False.

    Every error is written in ``locale``'s language (a Chinese world: Chinese errors).

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.generate("ecommerce", seed=1, n_complaints=500)
    >>> sorted(w.tables)
    ['agents', 'complaints', 'customers', 'events', 'orders', 'surveys']
    >>> abs(len(w.complaints) - 500) < 100
    True
    """
    with messages_in(locale if locale in LOCALES else None, unless_said=True):
        check_locale(locale, lang=_scenario_lang())
        return _generate(scenario, seed=seed, n_complaints=n_complaints,
                         n_customers=n_customers, start=start, end=end, locale=locale,
                         progress=progress, check_memory=check_memory, path=path,
                         chunk_size=chunk_size, fmt=format, workers=workers)


def _generate(scenario, *, seed, n_complaints, n_customers, start, end, locale, progress,
              check_memory, path=None, chunk_size=None, fmt="parquet",
              workers=1) -> World | Path:
    lang = _scenario_lang()   # the world's language, unless a caller said another
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(tr("seed must be a non-negative whole number, not {value!r}", lang,
                            value=seed))
    if not isinstance(check_memory, bool):
        raise ValueError(tr("check_memory must be True or False, not {value!r}", lang,
                            value=check_memory))
    if chunk_size is not None and (
            not isinstance(chunk_size, (int, np.integer)) or isinstance(chunk_size, bool)
            or chunk_size < 1):
        raise ValueError(tr("chunk_size must be a whole number of complaints of 1 or more, "
                            "not {value!r}", lang, value=chunk_size))
    if not isinstance(workers, (int, np.integer)) or isinstance(workers, bool) or workers < 1:
        raise ValueError(tr("workers must be a whole number of 1 or more, not {value!r}", lang,
                            value=workers))
    if path is None and chunk_size is not None:
        raise ValueError(tr("chunk_size is for a world streamed to a folder: give path= too",
                            lang))
    sc = _resized(get_scenario(scenario), n_complaints=n_complaints, n_customers=n_customers,
                  start=start, end=end)
    if check_memory and os.environ.get(MEMORY_CHECK_ENV, "1").strip() != "0":
        _check_memory(_part_scenario(sc, chunk_size) if path is not None else sc, lang)
    if path is not None:
        from .shards import stream_world
        return stream_world(sc, int(seed), locale, path, chunk_size=chunk_size, fmt=fmt,
                            progress=progress, workers=int(workers))
    return build_world(sc, int(seed), locale, progress=progress, workers=int(workers))


def _part_scenario(sc: Scenario, chunk_size: int | None) -> Scenario:
    """The scenario whose whole world is as large as one part of a streamed world (for the
    memory check: a part is what is held in memory)."""
    from .shards import parts_of, shard_scenario

    k = len(parts_of(sc, None))
    per = len(parts_of(sc, chunk_size)[0])
    one = shard_scenario(sc, 0, k)
    size = dataclasses.replace(one.size, n_complaints=one.size.n_complaints * per,
                               baseline_orders=one.size.baseline_orders * per,
                               population_customers=one.size.population_customers * per)
    return dataclasses.replace(sc, size=size)


def build_world(sc: Scenario, seed: int, locale: str, *, progress: bool = False,
                workers: int = 1) -> World:
    """Run the stages in order on a validated scenario; the pipeline itself.

    It checks nothing beyond the scenario's own validation, not even the memory: use
    :func:`generate` unless you have already done its checks.

    Examples
    --------
    >>> import complaintkit as ck
    >>> from complaintkit.generator.pipeline import build_world
    >>> sc = ck.get_scenario("ecommerce").replace(size={"n_complaints": 200})
    >>> w = build_world(sc, seed=1, locale="en_US")
    >>> w.meta["seed"], len(w.surveys) == len(w.complaints)
    (1, True)
    """
    from .shards import build_sharded, n_shards

    if n_shards(sc) > 1:   # a large world: independent slices of the company (shards.py)
        return build_sharded(sc, seed, locale, progress=progress, workers=workers)
    with _progress(progress) as stage:
        part = build_part(sc, seed, locale, streams(seed), stage)
    return World(**part.tables, truth=part.truth, meta=_meta(sc, seed, locale))


@dataclass(frozen=True)
class Part:
    """A world, or one shard of a large one (:mod:`.shards`): the six tables, the truth, and
    the weights that merge shards' realised rates (:func:`.truth.merge_weights`)."""

    tables: dict
    truth: Truth
    weights: dict


def build_part(sc: Scenario, seed: int, locale: str, rng: dict, stage=None, *,
               numbering: Numbering | None = None) -> Part:
    """The stages in order, drawing from the streams ``rng``; ``stage(name)`` is told each
    stage's start. ``numbering`` makes a shard's identifiers unique in its world."""
    stage = stage or (lambda name: None)
    stage("calendar")
    calendar = build_calendar(sc, locale)
    stage("orders")
    drawn = draw_orders(sc, calendar, rng["orders"])
    if len(drawn.rows) == 0:
        raise ScenarioError(tr("the scenario produced no orders; raise size.n_complaints",
                               _lang(locale)))
    stage("customers")
    customers = draw_customers(sc, locale, seed, drawn.rows, rng["customers"])
    stage("complaints")
    voiced = draw_complaints(sc, customers.orders, rng["voice"])
    if len(voiced.complaints) == 0:
        raise ScenarioError(tr("the scenario produced no complaints in the period; "
                               "raise size.n_complaints or lengthen the period",
                               _lang(locale)))
    stage("agents")
    agents = draw_agents(sc, customers.names, rng["agents"])
    stage("handling")
    handled = handle(sc, voiced.complaints, agents, rng=rng["handling"],
                     agent_rng=rng["agents"], satisfaction_rng=rng["satisfaction"],
                     process_rng=rng["process"])
    stage("events")
    events = draw_events(handled.complaints, rng["handling"], handoffs=handled.handoff_log,
                         process_rng=rng["process"])
    stage("surveys")
    surveys = draw_surveys(sc, handled.complaints, rng["surveys"])
    stage("loyalty")
    loyalty = draw_loyalty(sc, voiced.orders, handled.complaints, customers.population,
                           rng["loyalty"])
    stage("tables")
    tables = world_tables(sc, locale, orders=voiced.orders, customers=customers,
                          loyalty=loyalty, complaints=handled.complaints, events=events,
                          surveys=surveys.rows, agents=agents, names_rng=rng["names"],
                          text_rng=rng["text"], numbering=numbering)
    stage("truth")
    truth = build_truth(sc, calendar=calendar, order_facts=drawn.facts, voiced=voiced,
                        handled=handled, surveys=surveys, agents=agents,
                        text=tables.pop("truth_text"), pii=tables.pop("truth_pii"))
    return Part(tables=tables, truth=truth,
                weights=merge_weights(sc, voiced=voiced, handled=handled, surveys=surveys))


def _lang(locale) -> str | None:
    """The language of build_world's errors: the one generate (or its caller) said, else
    the world's."""
    from ..scenario import _LANGUAGE

    if _LANGUAGE.get() is not None:
        return _scenario_lang()
    return locale if locale in LOCALES else None


def _meta(sc: Scenario, seed: int, locale: str) -> dict:
    return {"scenario": sc.name, "seed": seed, "locale": locale, "version": __version__,
            "period": [sc.period.start.isoformat(), sc.period.end.isoformat()],
            "scenario_values": sc.to_dict()}


# --------------------------------------------------------------------------- memory
MEMORY_CHECK_ENV = "COMPLAINTKIT_MEMORY_CHECK"

# Peak memory of build_world, fitted to 15 measurements (peak RSS from resource.getrusage in a
# fresh subprocess, minus the RSS after importing the kit; Linux x86-64, Python 3.11, pandas
# 3.1, NumPy 2; preset "ecommerce", en_US, seed 0; 2026-11-30). Runs: n_complaints 500 to
# 128,000 (1.08 GB at 128,000: 1.29 million orders); voice.rate 0.1, 0.025 and 0.01;
# population_customers 1,000 to 10 million (0.98 GB at 10 million); baseline_orders 0 to
# 300,000; periods of 1, 10 and 50 years. A non-negative least-squares fit of peak bytes on
# the row counts of _memory_rows gave: fixed 26 MB; 748 bytes per order with a problem, 481
# per untroubled order kept, 572 per complaint, 94 per customer of the population, 30 per
# calendar cell x problem; the fit is within -11% .. +4% of every run of 50 MB or more. The
# constants below are those plus 10%, so the estimate errs on the large side. At 5 million
# complaints (50 million orders with a problem) it gave 47 GB as one world (before shards;
# see below for worlds of several shards). The grammar
# narratives of issue 11 (longer texts, truth.text and truth.pii) added about 550 bytes per
# complaint at the peak (577 -> 612 MB at 64,000 complaints, zh_CN): complaints 630 -> 1,235.
_MEMORY_FIXED = 30e6
_MEMORY_BYTES = {"problem_orders": 820.0, "baseline_orders": 530.0, "complaints": 1235.0,
                 "population": 105.0, "cells": 34.0}


# A world of several shards (shards.py) holds the finished shards while it builds the next,
# then joins them (shards._assemble). Its peak is one shard's (the model above) plus the
# finished world, plus the join's working copy. The finished world's bytes per row are
# pandas' deep memory_usage of every table and truth table (ecommerce and ecommerce_recovery,
# en_US and zh_CN, 100,000 complaints, 2026-12-01): 89 per order, 925-932 per complaint asked
# (its row, events, survey, narrative truth), 104-112 per customer of the population; the
# resident memory of the finished shards grew by the same (97 MB per 50,000-complaint shard).
# The join's working copy was 0.38 of the world at 1M complaints (peak 2.86 GB: 2.17 held,
# 0.69 more while the orders were joined). The constants are those plus 10%. The estimate
# errs large: 3.3 GB at 1M complaints (measured 2.7-2.85 GB above the imported kit), 0.72
# and 1.0 GB at 100,000 and 200,000 (measured 0.45 and 0.65 GB), all on the seed it was
# fitted on (ecommerce, en_US, seed 1). Checked on worlds it was not fitted on (peak above
# the kit with its lazy imports loaded): ecommerce zh_CN seed 11 at 1M 2.59 GB (estimate
# 1.27x), ecommerce_recovery en_US seed 5 at 400,000 1.09 GB (1.45x), ecommerce_recovery
# zh_CN seed 23 at 150,000 0.54 GB (1.61x).
_WORLD_BYTES = {"problem_orders": 98.0, "baseline_orders": 98.0, "complaints": 1025.0,
                "population": 123.0, "cells": 0.0}
_JOIN_SHARE = 0.42


def estimate_memory(sc: Scenario) -> int:
    """Bytes of memory that generating a world from ``sc`` needs at its peak (an estimate).

    Linear in the rows the generator holds: orders with a problem (``n_complaints /
    voice.rate``: only a share ``voice.rate`` of problems is voiced), the untroubled orders
    kept (at most ``baseline_orders``), complaints, the company's customers
    (``population_customers``), and the calendar cells (day x carrier x product x problem,
    plus one for no problem). A world of several shards (more than 50,000 complaints) needs
    one shard's peak plus the finished world and the working copy that joins it. The
    coefficients are measured (see the comments above this function in the source).

    Examples
    --------
    >>> import complaintkit as ck
    >>> from complaintkit.generator.pipeline import estimate_memory
    >>> round(estimate_memory(ck.get_scenario("ecommerce")) / 1e9, 1)   # 8,000 complaints
    0.1
    >>> sc = ck.get_scenario("ecommerce").replace(size={"n_complaints": 1_000_000})
    >>> round(estimate_memory(sc) / 1e9, 1)                              # gigabytes
    3.3
    """
    from .shards import n_shards, shard_scenario

    k = n_shards(sc)
    if k == 1:
        rows = _memory_rows(sc)
        return int(_MEMORY_FIXED + sum(_MEMORY_BYTES[r] * n for r, n in rows.items()))
    world = sum(_WORLD_BYTES[r] * n for r, n in _memory_rows(sc).items())
    return int(estimate_memory(shard_scenario(sc, 0, k)) + world * ((k - 1) / k + _JOIN_SHARE))


def _memory_rows(sc: Scenario) -> dict[str, float]:
    """The row counts the memory model is linear in (upper bounds where not exact)."""
    s = sc.size
    days = (sc.period.end - sc.period.start).days
    return {"problem_orders": s.n_complaints / sc.voice.rate,
            "baseline_orders": s.baseline_orders,
            "complaints": s.n_complaints,
            "population": s.population_customers,
            "cells": days * len(sc.carriers) * len(sc.products) * (len(sc.problems) + 1)}


def available_memory() -> int | None:
    """Bytes of memory available to a new process, or None if it cannot be told.

    Linux: ``MemAvailable`` of ``/proc/meminfo`` (free memory plus what the kernel can
    reclaim). Elsewhere: free pages times page size from :func:`os.sysconf`, where the
    platform has them. psutil is not needed.
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, OSError, ValueError):
        return None


def _check_memory(sc: Scenario, lang: str | None = None) -> None:
    """Refuse, before any work, a world that would not fit in the memory available."""
    need, have = estimate_memory(sc), available_memory()
    if have is None or need <= have:
        return
    rows = _memory_rows(sc)
    n_fit = _complaints_that_fit(sc, have)
    fits = (tr("about {n} complaints fit", lang, n=fmt_int(n_fit, lang)) if n_fit > 10
            else tr("lower size.population_customers or size.baseline_orders too", lang))
    raise ScenarioError(tr(
        "generating this world needs about {need} of memory (size.n_complaints = "
        "{n_complaints} at voice.rate = {rate:g}, i.e. {problem_orders} orders with a "
        "problem; size.population_customers = {customers}) but {have} is available; ask for "
        "fewer complaints ({fits}), stream it to a folder part by part (generate(..., "
        "path=folder); on the command line, generate --out with --chunk-size), or pass "
        "check_memory=False "
        "(--no-memory-check on the command line, or set {env}=0) to try anyway", lang,
        need=_gb(need), n_complaints=fmt_int(sc.size.n_complaints, lang), rate=sc.voice.rate,
        problem_orders=format(rows["problem_orders"], ",.0f"),
        customers=fmt_int(sc.size.population_customers, lang), have=_gb(have), fits=fits,
        env=MEMORY_CHECK_ENV))


def _complaints_that_fit(sc: Scenario, have: int) -> int:
    """The most complaints whose world (``sc`` otherwise) the estimate fits in ``have`` bytes.

    The estimate grows with the size but drops where a world gains a shard (smaller shards):
    find the last number of shards whose smallest world fits, then bisect within it."""
    from .shards import SHARD_COMPLAINTS as per

    def fits(n: int) -> bool:
        return estimate_memory(dataclasses.replace(
            sc, size=dataclasses.replace(sc.size, n_complaints=n))) <= have

    most, k = sc.size.n_complaints, 1
    while k * per < most and fits(k * per + 1):
        k += 1
    lo, hi = ((k - 1) * per + 1 if k > 1 else 0), min(k * per, most)
    if fits(hi):
        return hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def _gb(n: float) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e8 else f"{n / 1e6:.0f} MB"


def _resized(sc: Scenario, *, n_complaints: int | None, n_customers: int | None,
             start: str | dt.date | None, end: str | dt.date | None) -> Scenario:
    """The scenario with the size and period of the arguments that are given."""
    changes: dict = {}
    if n_complaints is not None:
        changes.setdefault("size", {})["n_complaints"] = n_complaints
    if n_customers is not None:
        changes.setdefault("size", {})["population_customers"] = n_customers
    for name, value in (("start", start), ("end", end)):
        if value is not None:
            changes.setdefault("period", {})[name] = _iso(value, name)
    if "period" in changes:
        # keep the training programme inside a changed period (at its midpoint if needed)
        new_start, new_end = (_date(changes["period"].get(k, str(getattr(sc.period, k))),
                                    f"period.{k}") for k in ("start", "end"))
        if not new_start < sc.training.date < new_end and new_start < new_end:
            mid = new_start + (new_end - new_start) / 2
            changes["training"] = {"date": mid.isoformat()}
    return sc.replace(**changes) if changes else sc


def _iso(value: str | dt.date, name: str) -> str:
    """``start`` / ``end`` of :func:`generate` as 'YYYY-MM-DD' text (a datetime or Timestamp
    gives its date; the scenario then checks the form and range)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise ScenarioError(tr("{name} = {value!r} must be a date or 'YYYY-MM-DD' text",
                           _scenario_lang(), name=name, value=value))


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ScenarioError(tr("{name} = {value!r} is not a date (YYYY-MM-DD) between "
                               "{low} and {high}", _scenario_lang(), name=name, value=value,
                               low=DATE_MIN, high=DATE_MAX)) from None


def _scenario_lang() -> str | None:
    """The language ``generate`` set for the scenario's messages."""
    from ..scenario import _lang as lang

    return lang()


@contextmanager
def _progress(show: bool):
    """``stage(name)`` marks the start of the next stage of :data:`STAGES` (checked, so the
    list stays true); with ``show``, a progress bar over the stages."""
    started: list[str] = []
    bar = None
    if show:
        from ..progress import progress_bar
        bar = progress_bar(total=len(STAGES), unit="stage")

    def stage(name: str) -> None:
        if STAGES[len(started):len(started) + 1] != (name,):
            raise AssertionError(f"stage {name!r} is not the next one in STAGES {STAGES}")
        if bar is not None:
            if started:
                bar.update()
            bar.set_description(name)
        started.append(name)

    try:
        yield stage
        if bar is not None:
            bar.update()
    finally:
        if bar is not None:
            bar.close()
