"""Stage ``orders``: the orders and their problems, without materialising every untroubled order.

The company's orders are counted in cells (day x carrier x product category). Each cell's
orders split, by Poisson thinning, into one count per problem plus the untroubled rest, so
problem orders are all drawn as rows while untroubled orders are only sampled (a fraction
``f``, each row weighted ``1/f``). Delivery delays come from the carriers' late-delivery
rates, strained at festivals and multiplied during a courier disruption; quality defects
come from the product category and a bad batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import tr
from ..scenario import (
    Scenario,
    _lang,  # the language generate(locale=) set for the scenario's errors
)
from ._random import categorical, sort_positions
from .calendar import Calendar

__all__ = ["OrderFacts", "Orders", "draw_orders", "problem_rates"]

# Hour-of-day profile of orders (evening heavy), normalised below.
_ORDER_HOURS = np.array([2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 7, 6, 6, 6, 6, 6, 7, 8, 9, 9, 7, 4],
                        dtype=float)


@dataclass(frozen=True)
class OrderFacts:
    """What the order stage knows about the whole company (for the truth)."""

    expected_orders: float      # orders the company receives in the period, in expectation
    expected_untroubled: float  # of which without a problem
    baseline_fraction: float    # share of the untroubled orders kept as rows
    orders_scale: float         # orders per unit of calendar volume weight


@dataclass(frozen=True)
class Orders:
    """Output of the orders stage.

    Attributes
    ----------
    rows : DataFrame
        One row per kept order, sorted by ``ordered_at``, in integer codes: ``ordered_at,
        product, amount, carrier, promised_days, delay_days, problem`` (-1 none),
        ``root_cause`` (index within the problem, -1 none), ``sample_weight, from_incident``.
    facts : OrderFacts
    """

    rows: pd.DataFrame
    facts: OrderFacts


def problem_rates(sc: Scenario, cal: Calendar):
    """Expected orders and problem chances per cell.

    Returns
    -------
    cells : DataFrame
        day, carrier, product, volume weight and strain, one row per cell.
    rates : ndarray, shape (n_cells, n_problems)
        Chance per order of each problem, in the order of ``sc.problems``.
    incident_share : ndarray, shape (n_cells, n_problems)
        Share of each problem's chance that an active incident adds (for root causes).
    """
    prof = cal.days
    carriers, products, problems = list(sc.carriers), list(sc.products), list(sc.problems)
    nd, nc, npr = len(prof), len(carriers), len(products)
    di, ci, pi = (a.ravel() for a in np.meshgrid(np.arange(nd), np.arange(nc), np.arange(npr),
                                                 indexing="ij"))
    c_share = np.array([sc.carriers[c].share for c in carriers])
    p_share = np.array([sc.products[p].share for p in products])
    weight = prof["volume"].to_numpy()[di] * c_share[ci] * p_share[pi]
    strain = prof["delay_strain"].to_numpy()[di]

    rates = np.zeros((len(di), len(problems)))
    extra = np.zeros_like(rates)
    for k, code in enumerate(problems):
        rates[:, k] = sc.problems[code].rate
    k_delay = problems.index("delivery_delay")
    rates[:, k_delay] = np.array([sc.carriers[c].delay_rate for c in carriers])[ci] * strain
    if "quality_defect" in problems:
        kq = problems.index("quality_defect")
        rates[:, kq] *= np.array([sc.products[p].quality_multiplier for p in products])[pi]
    for k in (problems.index(c) for c in ("damaged", "wrong_item") if c in problems):
        rates[:, k] *= np.sqrt(strain)  # rushed packing at peaks
    windows = cal.incidents
    for code, inc in sc.incidents.items():
        if inc.kind == "courier_disruption":
            hit = windows[code][di] & (ci == carriers.index(inc.target))
            k = k_delay
        else:
            hit = windows[code][di] & (pi == products.index(inc.target))
            k = problems.index("quality_defect")
        extra[hit, k] += rates[hit, k] * (inc.multiplier - 1)
    base = rates
    rates = base + extra
    rates = np.minimum(rates, 0.8)
    total = rates.sum(axis=1)
    if (total >= 0.95).any():
        raise ValueError(tr("problem chances per order add up to more than 0.95 on some days; "
                            "lower problems.*.rate or carriers.*.delay_rate", _lang()))
    with np.errstate(invalid="ignore", divide="ignore"):
        incident_share = np.where(rates > 0, extra / rates, 0.0)
    cells = pd.DataFrame({"day": prof["day"].to_numpy()[di], "carrier": ci, "product": pi,
                          "weight": weight, "strain": strain})
    return cells, rates, incident_share


def draw_orders(sc: Scenario, cal: Calendar, rng: np.random.Generator) -> Orders:
    """The orders stage: problem orders (all) and a weighted sample of untroubled orders.

    Returns the orders (integer codes, before customers are attached) and population facts
    for the truth: expected orders, untroubled orders, sample fraction. Orders and problems
    come from one Poisson thinning of each cell's orders, so they are drawn together.
    """
    cells, rates, incident_share = problem_rates(sc, cal)
    problems = list(sc.problems)
    p_problem = rates.sum(axis=1)
    # Scale cell weights to orders so the expected number of complaints is n_complaints.
    scale = sc.size.n_complaints / (sc.voice.rate * (cells["weight"].to_numpy() * p_problem).sum())
    lam = cells["weight"].to_numpy() * scale
    expected_untroubled = float((lam * (1 - p_problem)).sum())
    frac = min(1.0, sc.size.baseline_orders / expected_untroubled) if expected_untroubled else 0.0

    # Poisson thinning: one count per (cell, problem), plus the sampled untroubled orders.
    mean = np.column_stack([lam[:, None] * rates, lam * (1 - p_problem) * frac])
    counts = rng.poisson(mean)
    cell_idx, kind = np.nonzero(counts)
    reps = counts[cell_idx, kind]
    cell_idx, kind = np.repeat(cell_idx, reps), np.repeat(kind, reps)
    n = len(cell_idx)
    problem = np.where(kind < len(problems), kind, -1)  # -1 = none

    hours = categorical(rng, np.broadcast_to(_ORDER_HOURS / _ORDER_HOURS.sum(), (n, 24)))
    seconds = hours * 3600 + rng.integers(0, 3600, n)
    ordered_at = cells["day"].to_numpy()[cell_idx] + seconds.astype("timedelta64[s]")
    carrier = cells["carrier"].to_numpy()[cell_idx]
    product = cells["product"].to_numpy()[cell_idx]
    strain = cells["strain"].to_numpy()[cell_idx]

    med = np.array([sc.products[p].amount_median for p in sc.products])[product]
    sig = np.array([sc.products[p].amount_sigma for p in sc.products])[product]
    amount = np.round(med * np.exp(sig * rng.standard_normal(n)), 2)
    amount = np.maximum(amount, 1.0)

    promised = np.array([sc.carriers[x].promised_days for x in sc.carriers])[carrier]
    k_delay = problems.index("delivery_delay")
    late = problem == k_delay
    extra_mean = np.array([sc.carriers[x].extra_delay_mean for x in sc.carriers])[carrier]
    delay = np.where(late, 1 + rng.poisson(extra_mean * np.sqrt(strain)),
                     -(rng.random(n) < 0.25).astype(int))
    delay = np.where(~late, np.maximum(delay, -promised), delay)
    in_incident = np.where(problem >= 0, incident_share[cell_idx, np.maximum(problem, 0)], 0.0)
    from_incident = rng.random(n) < in_incident
    root = _root_causes(sc, rng, problem, carrier, strain, from_incident)

    columns = {
        "ordered_at": ordered_at, "product": product, "amount": amount, "carrier": carrier,
        "promised_days": promised, "delay_days": delay, "problem": problem, "root_cause": root,
        "sample_weight": np.where(problem >= 0, 1.0, 1.0 / frac if frac else 1.0),
        "from_incident": from_incident,
    }
    # in order of time (stable), each column taken once: no frame made and then reordered,
    # and the taken columns kept as they are (copy=False: not copied again into blocks)
    order = sort_positions([ordered_at])
    orders = pd.DataFrame({k: v[order] for k, v in columns.items()}, copy=False)
    facts = OrderFacts(expected_orders=float(lam.sum()), expected_untroubled=expected_untroubled,
                       baseline_fraction=frac, orders_scale=scale)
    return Orders(rows=orders, facts=facts)


def _root_causes(sc, rng, problem, carrier, strain, from_incident) -> np.ndarray:
    """Root cause index within each order's problem (-1 for no problem).

    Weights are the scenario's; delivery delays get the Joyo structure: postal causes only for
    the postal carrier (doubled there), staffing shortages grow with the festival strain. An
    active incident's extra problems carry the incident's root cause.
    """
    out = np.full(len(problem), -1)
    carriers = list(sc.carriers)
    incident_rc = {}
    for inc in sc.incidents.values():
        prob = "delivery_delay" if inc.kind == "courier_disruption" else "quality_defect"
        incident_rc[prob] = inc.root_cause
    for k, (code, p) in enumerate(sc.problems.items()):
        rows = np.flatnonzero(problem == k)
        if not len(rows):
            continue
        names = list(p.root_causes)
        w = np.broadcast_to(np.array([p.root_causes[r].weight for r in names], dtype=float),
                            (len(rows), len(names)))   # the same weights on every row ...
        if code == "delivery_delay":   # ... but here
            w = w.copy()
            is_post = (carrier[rows] == carriers.index("post")) if "post" in carriers else False
            for r in ("postal_delay", "returned_parcel_enquiry"):
                if r in names:
                    w[:, names.index(r)] *= np.where(is_post, 2.0, 0.0)
            if "delivery_staff_shortage" in names:
                w[:, names.index("delivery_staff_shortage")] *= strain[rows] ** 2
        drawn = categorical(rng, w)
        if code in incident_rc:
            drawn = np.where(from_incident[rows], names.index(incident_rc[code]), drawn)
        out[rows] = drawn
    return out
