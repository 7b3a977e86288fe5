"""Stage ``loyalty``: time to each customer's next purchase from their index event.

The index event is the customer's first complaint if they complained, else their first problem
order (silent dissatisfied), else their first sampled order. The time to the next purchase is
exponential with the tier's daily rate times a hazard ratio (silent dissatisfaction; for
complainants recovery, CSAT, response time and a missing follow-up call,
``process.no_followup_log_hr``), censored at the end of the period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scenario import Scenario
from ..vocab import TIERS
from ._random import run_starts, sort_positions

__all__ = ["draw_loyalty"]

DAY = np.timedelta64(86400, "s")


def draw_loyalty(sc: Scenario, orders: pd.DataFrame, complaints: pd.DataFrame,
                 population: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The loyalty stage: one row per customer with an order, from their index event.

    Parameters
    ----------
    orders : DataFrame
        The orders with ``customer, complained, problem, ordered_at, promised_days,
        delay_days``.
    complaints : DataFrame
        The handled complaints in order of receipt (``customer, order_row, closed_at, csat,
        hours, followed_up``).
    population : DataFrame
        The customers of the company (``tier`` code).

    Returns
    -------
    DataFrame
        ``customer, index_row`` (row of ``orders``), ``index_event`` (0 complaint, 1 silent
        problem, 2 no problem), ``index_at, next_purchase_at, days_to_next_purchase,
        repurchased``, sorted by customer.
    """
    L = sc.loyalty
    idx, first_c = _index_events(orders, complaints)
    rate = np.array([L.daily_rate[t] for t in TIERS])[population["tier"].to_numpy()
                                                        [idx["customer"].to_numpy()]]
    log_hr = np.where(idx["kind"] == 1, L.silent_log_hr, 0.0)
    is_c = (idx["kind"] == 0).to_numpy()
    crow = first_c.loc[idx.loc[is_c, "row"].to_numpy()]
    log_hr[is_c] = (L.recovery_log_hr + L.csat_log_hr * (crow["csat"].to_numpy() - 5)
                    + L.response_log_hr * (np.log1p(crow["hours"].to_numpy()) - np.log1p(1.0))
                    + sc.process.no_followup_log_hr * ~crow["followed_up"].to_numpy(bool))
    with np.errstate(divide="ignore", over="ignore"):  # a hazard of 0: never (t = inf)
        t = rng.exponential(1.0 / (rate * np.exp(log_hr)))
    end = np.datetime64(sc.period.end, "s")
    index_at = idx["at"].to_numpy().astype("datetime64[s]")
    window = np.maximum((end - index_at) / DAY, 0.0)
    repurchased = t < window
    # only the purchases inside the window become times (a censored t may be inf or too far
    # for a timestamp; it is recorded as the window, in days)
    seconds = np.round(np.where(repurchased, t, 0.0) * 86400).astype("timedelta64[s]")
    return pd.DataFrame({
        "customer": idx["customer"].to_numpy(),
        "index_row": idx["row"].to_numpy(),
        "index_event": idx["kind"].to_numpy(),
        "index_at": index_at,
        "next_purchase_at": np.where(repurchased, index_at + seconds, np.datetime64("NaT")),
        "days_to_next_purchase": np.round(np.where(repurchased, t, window), 4),
        "repurchased": repurchased,
    })


def _index_events(orders: pd.DataFrame, complaints: pd.DataFrame
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each customer's index event (``customer, kind, at, row``) and, by order row, the
    complaints that are one (each complainant's first complaint).

    In numpy on the orders' positions (``orders`` has a RangeIndex; ``order_row`` are its
    rows), without a frame of every candidate: the candidates are each customer's orders
    without a complaint and the complaints that are a first one, sorted by customer, kind
    and time (:func:`._random.sort_positions`), and each customer's first row is kept."""
    o = orders
    customer = o["customer"].to_numpy()
    at = (o["ordered_at"].to_numpy()
          + (o["promised_days"] + o["delay_days"]).to_numpy() * DAY)   # delivered
    kind = np.where(o["complained"], 0, np.where(o["problem"] >= 0, 1, 2))
    # complaint index: closed_at of the customer's first complaint
    first_c = complaints.drop_duplicates("customer", keep="first").set_index("order_row")
    comp_rows = first_c.index.to_numpy()
    at[comp_rows] = first_c["closed_at"].to_numpy()
    keep = kind > 0
    keep[comp_rows] = True
    rows = np.flatnonzero(keep)
    rows = rows[sort_positions([customer[rows], kind[rows], at[rows]])]
    rows = rows[run_starts(customer[rows])]   # each customer's first
    return pd.DataFrame({"customer": customer[rows], "kind": kind[rows], "at": at[rows],
                         "row": rows}), first_c
