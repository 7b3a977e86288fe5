"""Stages ``customers`` and ``agents``: who they are, with names drawn from a pool that Faker
fills once per world."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..locale import load_locale
from ..scenario import Scenario
from ..vocab import AGE_BANDS, TEAMS, TIERS
from ._random import categorical, choice
from ._random import ids as make_ids

__all__ = ["Customers", "assign_customers", "customers_table", "draw_agents", "draw_customers",
           "name_pool", "population"]

NAME_POOL = 4000


@dataclass(frozen=True)
class Customers:
    """Output of the customers stage.

    Attributes
    ----------
    population : DataFrame
        ``tier, age, region`` (integer codes): every customer of the company, one row each.
    names : ndarray
        The pool of synthetic names that customers and agents are given.
    orders : DataFrame
        The input orders with ``customer`` (row of ``population``), ``tier`` and ``age``.
    """

    population: pd.DataFrame
    names: np.ndarray
    orders: pd.DataFrame


def draw_customers(sc: Scenario, locale: str, seed: int, orders: pd.DataFrame,
                   rng: np.random.Generator) -> Customers:
    """The customers stage: the company's customers, and who placed each order."""
    pop = population(sc, locale, rng)
    customer = assign_customers(sc, pop, len(orders), rng)
    names = _pool(locale, seed).copy()
    orders = orders.assign(customer=customer, tier=pop["tier"].to_numpy()[customer],
                           age=pop["age"].to_numpy()[customer])
    return Customers(population=pop, names=names, orders=orders)


def name_pool(locale: str, seed: int, size: int = NAME_POOL) -> np.ndarray:
    """Distinct-ish synthetic names from Faker, seeded so the pool is reproducible."""
    from faker import Faker
    fake = Faker(locale)
    fake.seed_instance(seed)
    return np.array([fake.name() for _ in range(size)], dtype=object)


@functools.lru_cache(maxsize=8)
def _pool(locale: str, seed: int) -> np.ndarray:
    """:func:`name_pool`, kept for the next world of the same (locale, seed): the pool depends
    on nothing else, and Faker's 4,000 names are a third of a small world's time."""
    return name_pool(locale, seed)


def population(sc: Scenario, locale: str, rng: np.random.Generator) -> pd.DataFrame:
    """Attributes of every customer of the company (cheap integer codes, no names yet)."""
    n = sc.size.population_customers
    cu = sc.customers
    regions = load_locale(locale)["regions"]
    tier = categorical(rng, np.broadcast_to([cu.tier_share[t] for t in TIERS], (n, 3)))
    age = categorical(rng, np.broadcast_to([cu.age_share[a] for a in AGE_BANDS], (n, 5)))
    shares = np.array([regions[r]["share"] for r in regions])
    region = categorical(rng, np.broadcast_to(shares / shares.sum(), (n, len(shares))))
    return pd.DataFrame({"tier": tier, "age": age, "region": region})


def assign_customers(sc: Scenario, pop: pd.DataFrame, n_orders: int,
                     rng: np.random.Generator) -> np.ndarray:
    """A customer (row of ``pop``) for each order, more active tiers ordering more often."""
    act = np.array([sc.customers.tier_activity[t] for t in TIERS])[pop["tier"].to_numpy()]
    return choice(rng, len(pop), n_orders, act / act.sum())   # rng.choice's draws


def customers_table(sc: Scenario, locale: str, pop: pd.DataFrame, ids: np.ndarray,
                    first_order: np.ndarray, names: np.ndarray,
                    rng: np.random.Generator) -> pd.DataFrame:
    """The customers behind the kept orders (``ids`` sorted rows of ``pop``)."""
    loc = load_locale(locale)
    regions = list(loc["regions"])
    p = pop.iloc[ids]
    n = len(ids)
    region = p["region"].to_numpy()
    city = np.empty(n, dtype=object)
    for r, code in enumerate(regions):
        rows = np.flatnonzero(region == r)
        cities = np.array(loc["regions"][code]["cities"], dtype=object)
        city[rows] = cities[rng.integers(0, len(cities), len(rows))]
    tier = p["tier"].to_numpy()
    start = np.datetime64(sc.period.start, "s")
    old_days = rng.uniform(30, 5 * 365, n)
    new_days = rng.uniform(0, 60, n)
    signup = np.where(tier == 0, first_order - (new_days * 86400).astype("timedelta64[s]"),
                      start - (old_days * 86400).astype("timedelta64[s]"))
    signup = signup.astype("datetime64[D]").astype("datetime64[s]")
    return pd.DataFrame({
        "customer_id": make_ids("C", ids, 7),
        "name": names[rng.integers(0, len(names), n)],
        "region": pd.Categorical.from_codes(region, regions),
        "city": city,
        "age_band": pd.Categorical.from_codes(p["age"].to_numpy(), AGE_BANDS, ordered=True),
        "tier": pd.Categorical.from_codes(tier, TIERS, ordered=True),
        "signup_date": signup,
    })


def draw_agents(sc: Scenario, names: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """The agents stage: agents in three teams; the training programme reaches a share of them.

    Selection for training is not random: juniors are more likely to be sent
    (``training.tenure_selection``), so comparing trained and untrained agents after the
    training alone is biased; a difference in differences is not.
    """
    n = sc.size.n_agents
    n_esc = max(1, round(0.1 * n))
    n_phone = max(1, round(0.4 * n))
    team = np.array([0] * n_phone + [1] * (n - n_phone - n_esc) + [2] * n_esc)
    tenure = np.round(rng.gamma(2.0, 1.2, n), 2)
    tenure[team == 2] += 2.0  # the escalation team is senior
    start = np.datetime64(sc.period.start, "D")
    hired = start - np.round(tenure * 365.25).astype("timedelta64[D]")
    # Exactly round(share * n) agents trained, chosen with weights exp(selection * tenure)
    # (Gumbel top-k), so the share is exact and the selection bias is known.
    k = round(sc.training.share * n)
    score = sc.training.tenure_selection * tenure + rng.gumbel(size=n)
    trained = np.zeros(n, dtype=bool)
    if k:
        trained[np.argsort(-score, kind="stable")[:k]] = True
    trained_at = np.where(trained, np.datetime64(sc.training.date, "s"), np.datetime64("NaT", "s"))
    pick = rng.choice(len(names), size=n, replace=False)
    return pd.DataFrame({
        "agent_id": make_ids("A", np.arange(1, n + 1), 3),
        "name": names[pick],
        "team": pd.Categorical.from_codes(team, list(TEAMS)),
        "hired_at": hired.astype("datetime64[s]"),
        "tenure_years": tenure,
        "trained": trained,
        "trained_at": trained_at,
    })

