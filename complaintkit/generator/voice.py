"""Stage ``complaints``: which problems customers voice, and when the complaints arrive.

A problem becomes a complaint with a chance that grows with its severity, the delay and the
order amount and depends on the customer's tier; the intercept is calibrated so the mean
chance is ``voice.rate``. From an improvement's start, fewer of the problems it addresses are
voiced. A customer notices a problem at the promised date (late delivery), at once (billing,
website) or on delivery, and complains after an exponential wait; complaints that would
arrive after the period ends are not seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..scenario import Scenario
from ..vocab import TIERS
from ._random import bernoulli_calibrated, sort_positions

__all__ = ["Voiced", "arrival_chance", "draw_complaints"]


@dataclass(frozen=True)
class Voiced:
    """Output of the complaints stage.

    Attributes
    ----------
    orders : DataFrame
        The input orders with ``severity`` (0 without a problem), ``voice_p`` (chance the
        problem is voiced), ``complained`` and ``received_at`` (NaT if not voiced).
    complaints : DataFrame
        One row per complaint, in order of receipt: the order's columns, ``order_row`` (its
        row in ``orders``) and ``category``.
    intercept : float
        The calibrated intercept of the voice model (log-odds).
    after_end : int
        Problems voiced after the period ended (not in the tables).
    """

    orders: pd.DataFrame
    complaints: pd.DataFrame
    intercept: float
    after_end: int


def draw_complaints(sc: Scenario, orders: pd.DataFrame, rng: np.random.Generator) -> Voiced:
    """The complaints stage: who voices a problem, and when.

    ``orders`` needs ``problem, root_cause, amount, delay_days, promised_days, ordered_at``
    and the customer's ``tier``.
    """
    has = orders["problem"].to_numpy() >= 0
    o = pd.DataFrame({k: orders[k].to_numpy()[has] for k in _READS})   # not every column
    sev = np.array([p.severity for p in sc.problems.values()])[o["problem"].to_numpy()]
    voiced, p, intercept = bernoulli_calibrated(rng, _voice_log_odds(sc, o, sev), sc.voice.rate)
    keep = _improvement_multiplier(sc, o)
    voiced &= rng.random(len(o)) < keep
    p = p * keep
    received = _received_at(sc, o, rng)
    end = np.datetime64(sc.period.end, "s")
    out = orders.assign(
        severity=_on_rows(has, sev, 0),
        voice_p=_on_rows(has, p, 0.0),
        complained=_on_rows(has, voiced & (received < end), False),
        received_at=_on_rows(has, received.astype("datetime64[s]"), np.datetime64("NaT", "s")),
    )
    return Voiced(orders=out, complaints=_complaints(sc, out), intercept=intercept,
                  after_end=int((voiced & (received >= end)).sum()))


# the columns of the problem orders that the voice model reads
_READS = ("problem", "root_cause", "amount", "delay_days", "promised_days", "ordered_at", "tier")


def _on_rows(mask: np.ndarray, values: np.ndarray, fill) -> np.ndarray:
    """A column over all orders: ``values`` on the rows in ``mask``, ``fill`` elsewhere."""
    out = np.full(len(mask), fill, dtype=np.asarray(values).dtype)
    out[mask] = values
    return out


def _voice_log_odds(sc: Scenario, o: pd.DataFrame, sev: np.ndarray) -> np.ndarray:
    """Log-odds of voicing each problem, before the calibrated intercept."""
    v = sc.voice
    amount = o["amount"].to_numpy()
    return (v.per_severity * (sev - 3)
            + v.per_delay_day * np.maximum(o["delay_days"].to_numpy(), 0)
            + v.per_log_amount * np.log(amount / np.median(amount))
            + np.array([v.tier[t] for t in TIERS])[o["tier"].to_numpy()])


def _improvement_multiplier(sc: Scenario, o: pd.DataFrame) -> np.ndarray:
    """From their start, improvements make the problems they address less often voiced."""
    problems = list(sc.problems)
    prob = o["problem"].to_numpy()
    rc = o["root_cause"].to_numpy()
    ordered_at = o["ordered_at"].to_numpy()
    keep = np.ones(len(prob))
    for imp in sc.improvements.values():
        k = problems.index(imp.problem)
        names = list(sc.problems[imp.problem].root_causes)
        hit = ((prob == k) & _among(rc, [names.index(x) for x in imp.root_causes])
               & (ordered_at >= np.datetime64(imp.start, "s")))
        keep[hit] *= imp.voice_multiplier
    return keep


def _among(codes: np.ndarray, values: list[int]) -> np.ndarray:
    """``np.isin(codes, values)`` for integer codes (-1 for none) and a few values, by a
    lookup table (np.isin sorts half a million codes)."""
    if not len(codes) or not values or codes.dtype.kind not in "iu":
        return np.isin(codes, values)
    low = min(int(codes.min()), min(values))
    size = max(int(codes.max()), max(values)) - low + 1
    if size > len(codes) + 1024:   # codes far apart: a table would be large
        return np.isin(codes, values)
    table = np.zeros(size, dtype=bool)
    table[np.asarray(values) - low] = True
    return table[codes - low]


def _notice_days(sc: Scenario, o: pd.DataFrame) -> np.ndarray:
    """Days from the order to when the customer notices its problem (no randomness)."""
    problems = list(sc.problems)
    prob = o["problem"].to_numpy()
    promised = o["promised_days"].to_numpy()
    actual = promised + o["delay_days"].to_numpy()
    immediate = _among(prob, [problems.index(k) for k in ("billing_error", "website_error")
                               if k in problems])
    late = prob == problems.index("delivery_delay")
    return np.where(immediate, 0.0, np.where(late, promised, actual))


def _received_at(sc: Scenario, o: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """When each problem would be voiced: when the customer notices it, plus a wait."""
    notice_days = _notice_days(sc, o)
    wait = rng.exponential(sc.voice.days_to_complain, len(notice_days))
    return o["ordered_at"].to_numpy() + np.round((notice_days + wait) * 86400).astype(
        "timedelta64[s]")


def arrival_chance(sc: Scenario, o: pd.DataFrame) -> np.ndarray:
    """The chance that a problem, if voiced, arrives before the period ends (for the truth).

    The wait after noticing is exponential with mean ``voice.days_to_complain``, so a problem
    noticed ``x`` days before the end arrives in time with chance ``1 - exp(-x / mean)``
    (0 if noticed after the end). ``o`` holds problem orders only (``problem >= 0``).
    """
    end = np.datetime64(sc.period.end, "s")
    left = ((end - o["ordered_at"].to_numpy().astype("datetime64[s]"))
            / np.timedelta64(86400, "s")) - _notice_days(sc, o)
    mean = sc.voice.days_to_complain
    if mean <= 0:
        return (left > 0).astype(float)
    return np.where(left > 0, -np.expm1(-np.maximum(left, 0.0) / mean), 0.0)


def _complaints(sc: Scenario, orders: pd.DataFrame) -> pd.DataFrame:
    """The voiced problems seen in the period, one row per complaint in order of receipt."""
    import pyarrow as pa

    rows = np.flatnonzero(orders["complained"].to_numpy())
    rows = rows[sort_positions([orders["received_at"].to_numpy()[rows]])]
    c = orders.iloc[rows].reset_index(names="order_row")   # one take, in order of receipt
    # each complaint's category taken in pyarrow from the problems' (pandas' str, as a
    # column of names becomes): no Python string per complaint
    of_problem = pa.array([p.category for p in sc.problems.values()], pa.large_string())
    c["category"] = pd.array(of_problem.take(c["problem"].to_numpy()), dtype="str")
    return c
