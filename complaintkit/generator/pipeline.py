"""The generator's pipeline: the stages, called in order, each with its own random stream.

Each stage is a plain function in its own module; what it needs comes in as arguments and
what it makes goes out as a DataFrame or a small frozen dataclass::

    calendar -> orders -> customers -> complaints -> agents -> handling -> events
             -> surveys -> loyalty -> tables -> truth

A stage draws only from its own named stream (:func:`._random.streams`), so changing one
stage does not reshuffle the others; ``events`` continues the ``handling`` stream.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import numpy as np

from .._version import __version__
from ..locale import check_locale
from ..scenario import Scenario, ScenarioError, get_scenario
from ..world import World
from ._random import streams
from .calendar import build_calendar
from .events import draw_events
from .handling import handle
from .loyalty import draw_loyalty
from .orders import draw_orders
from .people import draw_agents, draw_customers
from .surveys import draw_surveys
from .tables import world_tables
from .truth import build_truth
from .voice import draw_complaints

__all__ = ["STAGES", "build_world", "generate"]

STAGES = ("calendar", "orders", "customers", "complaints", "agents", "handling", "events",
          "surveys", "loyalty", "tables", "truth")


def generate(scenario: str | Scenario = "ecommerce", *, seed: int = 0,
             n_complaints: int | None = None, n_customers: int | None = None,
             start: str | dt.date | None = None, end: str | dt.date | None = None,
             locale: str = "en_US", progress: bool = False) -> World:
    """Generate a synthetic complaint world.

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
        Show a progress bar over the stages.

    Returns
    -------
    World
        Tables ``customers``, ``orders``, ``complaints``, ``events``, ``surveys``, ``agents``
        and ``truth``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.generate("ecommerce", seed=1, n_complaints=500)
    >>> sorted(w.tables)
    ['agents', 'complaints', 'customers', 'events', 'orders', 'surveys']
    >>> abs(len(w.complaints) - 500) < 100
    True
    """
    check_locale(locale)
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative whole number, not {seed!r}")
    sc = _resized(get_scenario(scenario), n_complaints=n_complaints, n_customers=n_customers,
                  start=start, end=end)
    return build_world(sc, int(seed), locale, progress=progress)


def build_world(sc: Scenario, seed: int, locale: str, *, progress: bool = False) -> World:
    """Run the stages in order on a validated scenario; the pipeline itself.

    Examples
    --------
    >>> import complaintkit as ck
    >>> from complaintkit.generator.pipeline import build_world
    >>> sc = ck.get_scenario("ecommerce").replace(size={"n_complaints": 200})
    >>> w = build_world(sc, seed=1, locale="en_US")
    >>> w.meta["seed"], len(w.surveys) == len(w.complaints)
    (1, True)
    """
    rng = streams(seed)
    with _progress(progress) as stage:
        stage("calendar")
        calendar = build_calendar(sc, locale)
        stage("orders")
        drawn = draw_orders(sc, calendar, rng["orders"])
        if len(drawn.rows) == 0:
            raise ScenarioError("the scenario produced no orders; raise size.n_complaints")
        stage("customers")
        customers = draw_customers(sc, locale, seed, drawn.rows, rng["customers"])
        stage("complaints")
        voiced = draw_complaints(sc, customers.orders, rng["voice"])
        stage("agents")
        agents = draw_agents(sc, customers.names, rng["agents"])
        stage("handling")
        handled = handle(sc, voiced.complaints, agents, rng=rng["handling"],
                         agent_rng=rng["agents"], satisfaction_rng=rng["satisfaction"])
        stage("events")
        events = draw_events(handled.complaints, rng["handling"])
        stage("surveys")
        surveys = draw_surveys(sc, handled.complaints, rng["surveys"])
        stage("loyalty")
        loyalty = draw_loyalty(sc, voiced.orders, handled.complaints, customers.population,
                               rng["loyalty"])
        stage("tables")
        tables = world_tables(sc, locale, orders=voiced.orders, customers=customers,
                              loyalty=loyalty, complaints=handled.complaints, events=events,
                              surveys=surveys.rows, agents=agents, names_rng=rng["names"],
                              text_rng=rng["text"])
        stage("truth")
        truth = build_truth(sc, calendar=calendar, order_facts=drawn.facts, voiced=voiced,
                            handled=handled, surveys=surveys, agents=agents)
    return World(**tables, truth=truth, meta=_meta(sc, seed, locale))


def _meta(sc: Scenario, seed: int, locale: str) -> dict:
    return {"scenario": sc.name, "seed": seed, "locale": locale, "version": __version__,
            "period": [sc.period.start.isoformat(), sc.period.end.isoformat()],
            "scenario_values": sc.to_dict()}


def _resized(sc: Scenario, *, n_complaints: int | None, n_customers: int | None,
             start: str | dt.date | None, end: str | dt.date | None) -> Scenario:
    """The scenario with the size and period of the arguments that are given."""
    changes: dict = {}
    if n_complaints is not None:
        changes.setdefault("size", {})["n_complaints"] = n_complaints
    if n_customers is not None:
        changes.setdefault("size", {})["population_customers"] = n_customers
    if start is not None:
        changes.setdefault("period", {})["start"] = str(start)
    if end is not None:
        changes.setdefault("period", {})["end"] = str(end)
    if "period" in changes:
        # keep the training programme inside a changed period (at its midpoint if needed)
        new_start, new_end = (_date(changes["period"].get(k, str(getattr(sc.period, k))),
                                    f"period.{k}") for k in ("start", "end"))
        if not new_start < sc.training.date < new_end and new_start < new_end:
            mid = new_start + (new_end - new_start) / 2
            changes["training"] = {"date": mid.isoformat()}
    return sc.replace(**changes) if changes else sc


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ScenarioError(f"{name} = {value!r} is not a date (YYYY-MM-DD)") from None


@contextmanager
def _progress(show: bool):
    """``stage(name)`` marks the start of the next stage of :data:`STAGES` (checked, so the
    list stays true); with ``show``, a progress bar over the stages."""
    started: list[str] = []
    bar = None
    if show:
        from tqdm.auto import tqdm
        bar = tqdm(total=len(STAGES), unit="stage")

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
