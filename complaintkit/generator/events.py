"""Stage ``events``: the life-cycle log of each complaint, one row per step.

The steps between the recorded times (assigned, investigated, escalated, solution proposed)
are placed at random fractions of the gaps, on the ``handling`` random stream right after the
handling stage, so they always fall in causal order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..vocab import EVENTS

__all__ = ["draw_events"]


def draw_events(complaints: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The events stage: the life-cycle log, in causal order within each complaint.

    Parameters
    ----------
    complaints : DataFrame
        The handled complaints (times, ``fcr``, ``resolved``, ``escalated``, ``reopened``).
    rng : Generator
        The ``handling`` stream, as the handling stage left it.

    Returns
    -------
    DataFrame
        ``complaint`` (row of ``complaints``), ``seq`` (from 1 within a complaint),
        ``event`` (ordered categorical of :data:`complaintkit.vocab.EVENTS`), ``at``,
        ``by_agent`` (the complaint's agent acted; False for customer events).
    """
    c = complaints
    n = len(c)
    rec = c["received_at"].to_numpy().astype("datetime64[s]")
    first = c["first_response_at"].to_numpy().astype("datetime64[s]")
    span = (first - rec).astype("int64")
    assigned = rec + (span * rng.uniform(0.05, 0.5, n)).astype("timedelta64[s]")
    first_res = c["first_resolved_at"].to_numpy().astype("datetime64[s]")
    resolved = c["resolved"].to_numpy()
    fcr = c["fcr"].to_numpy()
    settled = np.where(resolved, first_res, c["followup_at"].to_numpy().astype("datetime64[s]"))
    gap = (settled - first).astype("int64")
    investigated = first + (gap * rng.uniform(0.1, 0.4, n)).astype("timedelta64[s]")
    escalated_at = first + (gap * rng.uniform(0.4, 0.6, n)).astype("timedelta64[s]")
    proposed = first + (gap * rng.uniform(0.6, 0.95, n)).astype("timedelta64[s]")
    every = np.ones(n, bool)
    steps = [  # (event, which complaints, when, by the agent)
        ("received", every, rec, False),
        ("assigned", every, assigned, True),
        ("acknowledged", every, first, True),
        ("investigated", ~fcr, investigated, True),
        ("escalated", c["escalated"].to_numpy(), escalated_at, True),
        ("solution_proposed", resolved, proposed, True),
        ("resolved", resolved, first_res, True),
        ("reopened", c["reopened"].to_numpy(), c["reopened_at"].to_numpy(), False),
        ("resolved", c["reopened"].to_numpy(), c["resolved_at"].to_numpy(), True),
        ("follow_up", every, c["followup_at"].to_numpy(), True),
        ("closed", every, c["closed_at"].to_numpy(), True),
    ]
    parts = []
    for step, (event, mask, at, by_agent) in enumerate(steps):
        i = np.flatnonzero(mask)
        parts.append(pd.DataFrame({
            "row": i, "step": step, "event": EVENTS.index(event),
            "at": np.asarray(at)[i].astype("datetime64[s]"),
            "by_agent": np.full(len(i), by_agent)}))
    ev = pd.concat(parts, ignore_index=True).sort_values(["row", "step"], kind="stable")
    ev["seq"] = ev.groupby("row").cumcount() + 1
    return pd.DataFrame({
        "complaint": ev["row"].to_numpy(),
        "seq": ev["seq"].to_numpy().astype("int64"),
        "event": pd.Categorical.from_codes(ev["event"].to_numpy(), EVENTS, ordered=True),
        "at": ev["at"].to_numpy(),
        "by_agent": ev["by_agent"].to_numpy(),
    })
