"""Stage ``events``: the life-cycle log of each complaint, one row per step.

The steps between the recorded times (assigned, investigated, escalated, solution proposed)
are placed at random fractions of the gaps, on the ``handling`` random stream right after the
handling stage, so they always fall in causal order. The deviations from the six steps come
from the handling stage: a first response that did not confirm the demand is logged as
``replied`` instead of ``acknowledged``; no ``follow_up`` without the follow-up call; each
hand-off is a ``handed_off`` event by the agent who takes the complaint over, and the later
agent events are theirs. The customer's chasing (``customer_contacted``, one per contact
beyond the first) falls between the first response and the final resolution (or the time the
company gave up), drawn on the ``process`` stream.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..vocab import EVENTS
from ._random import run_starts, sort_positions

__all__ = ["draw_events"]

# the rank of each kind of row when two events of a complaint share a time
_RANK = {"received": 0, "assigned": 1, "acknowledged": 2, "replied": 2, "customer_contacted": 3,
         "handed_off": 4, "investigated": 5, "escalated": 6, "solution_proposed": 7,
         "resolved": 8, "reopened": 9, "resolved_again": 10, "follow_up": 11, "closed": 12}


def draw_events(complaints: pd.DataFrame, rng: np.random.Generator, *,
                handoffs: pd.DataFrame | None = None,
                process_rng: np.random.Generator | None = None) -> pd.DataFrame:
    """The events stage: the life-cycle log, in causal order within each complaint.

    Parameters
    ----------
    complaints : DataFrame
        The handled complaints (times, ``fcr``, ``resolved``, ``escalated``, ``reopened``,
        ``agent``, ``contacts``, ``confirmed``, ``followed_up``, ``settled_at``).
    rng : Generator
        The ``handling`` stream, as the handling stage left it.
    handoffs : DataFrame, optional
        The hand-offs (``complaint, agent, at``; :attr:`.handling.Handled.handoff_log`).
    process_rng : Generator, optional
        The ``process`` stream (the customer's contacts are placed with it).

    Returns
    -------
    DataFrame
        ``complaint`` (row of ``complaints``), ``seq`` (from 1 within a complaint),
        ``event`` (ordered categorical of :data:`complaintkit.vocab.EVENTS`), ``at``,
        ``agent`` (row of the agents table who acted; -1 for the customer's events),
        ``by_agent`` (an agent acted).
    """
    c = complaints
    n = len(c)
    if process_rng is None:
        process_rng = np.random.default_rng(0)
    rec = c["received_at"].to_numpy().astype("datetime64[s]")
    first = c["first_response_at"].to_numpy().astype("datetime64[s]")
    span = (first - rec).astype("int64")
    assigned = rec + (span * rng.uniform(0.05, 0.5, n)).astype("timedelta64[s]")
    first_res = c["first_resolved_at"].to_numpy().astype("datetime64[s]")
    resolved = c["resolved"].to_numpy()
    fcr = c["fcr"].to_numpy()
    settled_at = c["settled_at"].to_numpy().astype("datetime64[s]")
    settled = np.where(resolved, first_res, settled_at)
    gap = (settled - first).astype("int64")
    investigated = first + (gap * rng.uniform(0.1, 0.4, n)).astype("timedelta64[s]")
    escalated_at = first + (gap * rng.uniform(0.4, 0.6, n)).astype("timedelta64[s]")
    proposed = first + (gap * rng.uniform(0.6, 0.95, n)).astype("timedelta64[s]")
    every = np.ones(n, bool)
    confirmed = c["confirmed"].to_numpy(bool)
    steps = [  # (event, rank, which complaints, when, by an agent)
        ("received", "received", every, rec, False),
        ("assigned", "assigned", every, assigned, True),
        ("acknowledged", "acknowledged", confirmed, first, True),
        ("replied", "replied", ~confirmed, first, True),
        ("investigated", "investigated", ~fcr, investigated, True),
        ("escalated", "escalated", c["escalated"].to_numpy(), escalated_at, True),
        ("solution_proposed", "solution_proposed", resolved, proposed, True),
        ("resolved", "resolved", resolved, first_res, True),
        ("reopened", "reopened", c["reopened"].to_numpy(), c["reopened_at"].to_numpy(), False),
        ("resolved", "resolved_again", c["reopened"].to_numpy(), c["resolved_at"].to_numpy(),
         True),
        ("follow_up", "follow_up", c["followed_up"].to_numpy(bool), c["followup_at"].to_numpy(),
         True),
        ("closed", "closed", every, c["closed_at"].to_numpy(), True),
    ]
    parts = []
    for event, rank, mask, at, by_agent in steps:
        i = np.flatnonzero(mask)
        parts.append(_part(i, event, rank, np.asarray(at)[i], by_agent))
    parts.append(_contacts(c, first, settled_at, process_rng))
    if handoffs is not None and len(handoffs):
        parts.append(_part(handoffs["complaint"].to_numpy(), "handed_off", "handed_off",
                           handoffs["at"].to_numpy(), True, handoffs["agent"].to_numpy()))
    # the parts' columns joined and sorted in numpy: no frame per part
    row, rank, event, at, by_agent, holder = (np.concatenate(col) for col in zip(*parts,
                                                                                  strict=True))
    order = sort_positions([row, at, rank])
    row, rank, event, at, by_agent, holder = (
        x[order] for x in (row, rank, event, at, by_agent, holder))
    # the agent holding the complaint: the first agent until a hand-off passes it on
    first_agent = c["agent"].to_numpy()
    starts = rank == 0
    holder[starts] = first_agent[row[starts]]
    holder = pd.Series(holder).ffill().to_numpy().astype(int)
    seq = np.arange(len(row))  # seq: position within the complaint's run of rows (sorted)
    seq = seq - np.maximum.accumulate(np.where(run_starts(row), seq, 0)) + 1
    return pd.DataFrame({
        "complaint": row,
        "seq": seq.astype("int64"),
        "event": pd.Categorical.from_codes(event, EVENTS, ordered=True),
        "at": at,
        "agent": np.where(by_agent, holder, -1),
        "by_agent": by_agent,
    })


def _part(rows: np.ndarray, event: str, rank: str, at: np.ndarray, by_agent: bool,
          holder: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """One kind of event's columns: ``row, rank, event, at, by_agent, holder`` (the agent
    who takes the complaint over at a hand-off; NaN otherwise)."""
    n = len(rows)
    return (np.asarray(rows, dtype=np.int64), np.full(n, _RANK[rank], dtype=np.int64),
            np.full(n, EVENTS.index(event), dtype=np.int64),
            np.asarray(at).astype("datetime64[s]"), np.full(n, by_agent),
            np.full(n, np.nan) if holder is None else np.asarray(holder, dtype=float))


def _contacts(c: pd.DataFrame, first: np.ndarray, settled_at: np.ndarray,
              rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """One ``customer_contacted`` per contact beyond the first, at uniform times between the
    first response and the final resolution (or when the company gave up)."""
    k = np.maximum(c["contacts"].to_numpy().astype(int) - 1, 0)
    rows = np.repeat(np.arange(len(k)), k)
    span = (settled_at - first).astype("int64")[rows]
    at = first[rows] + (span * rng.uniform(0.02, 0.98, len(rows))).astype("timedelta64[s]")
    return _part(rows, "customer_contacted", "customer_contacted", at, False)
