"""Stage ``handling``: channel, priority, queues, response, resolution, satisfaction, follow-up.

Every step is vectorised over complaints; the only loop runs over days, to carry each team's
backlog from one day to the next (queues build up at peaks and drain afterwards).

First-response hours are capped at :data:`MAX_RESPONSE_HOURS` (ten years). Scenario fields
that are each allowed alone (phone ``base_hours`` 1000, ``priority_hours`` 100,
``load_elasticity`` 5 at a queue of hundreds, ``response_sigma`` 3) can multiply to more hours
than a timestamp holds; the load is only known once the complaints are drawn, so the scenario
cannot refuse these at validation. The cap does not bind in the shipped worlds (their longest
response is about 2,800 hours); where it binds, the truth says how many complaints it capped
(``handling.response_hours_capped``, a row present only then).

The steps of :func:`handle` run in a fixed order on the ``handling`` random stream (the
``events`` stage continues it); the agents' styles come from the ``agents`` stream and the
customers' perceptions from the ``satisfaction`` stream.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..scenario import Scenario
from ..vocab import PRIORITIES, RESOLUTIONS
from ._random import bernoulli_calibrated, categorical

__all__ = ["MAX_RESPONSE_HOURS", "Handled", "handle", "queue_load"]

HOUR = np.timedelta64(3600, "s")
#: The longest first response the generator draws (hours): ten years. Longer draws are set to
#: it, so every time stays a timestamp the analyses can hold (to 2262, after DATE_MAX).
MAX_RESPONSE_HOURS = 10 * 365.25 * 24
YOUNG = (0, 1)  # age bands 18-24, 25-34


def _hours(x: np.ndarray) -> np.ndarray:
    return np.round(x * 3600).astype("timedelta64[s]")


def queue_load(received_day: np.ndarray, team: np.ndarray, n_teams: int,
               headroom: float, window: int = 29) -> np.ndarray:
    """Load ratio (arrivals + backlog) / capacity per complaint's team and day.

    Staffing is planned on the normal workload: each team's capacity on a day is
    ``headroom`` times the rolling median of its daily arrivals over ``window`` days (which
    follows the trend but not the festival spikes). What is not handled one day is carried to
    the next. A ratio above 1 means a queue.
    """
    if not len(received_day):
        return np.zeros(0)
    first = received_day.min()
    di = (received_day - first).astype(int)
    n_days = int(di.max()) + 1
    arrivals = np.zeros((n_days, n_teams))
    np.add.at(arrivals, (di, team), 1)
    planned = (pd.DataFrame(arrivals).rolling(window, center=True, min_periods=1).median()
               .to_numpy())
    mean = arrivals.mean(axis=0)
    capacity = headroom * np.maximum(planned, 0.5 * mean)
    capacity = np.where(capacity > 0, capacity, 1.0)
    load = np.zeros_like(arrivals)
    backlog = np.zeros(n_teams)
    for t in range(n_days):  # one iteration per day, not per complaint
        work = backlog + arrivals[t]
        load[t] = work / capacity[t]
        backlog = np.maximum(0.0, work - capacity[t])
    return load[di, team]


@dataclass(frozen=True)
class Handled:
    """Output of the handling stage.

    Attributes
    ----------
    complaints : DataFrame
        The input complaints with how they were handled and how the customer felt:
        ``channel, priority, team, agent`` (codes / agent row), ``trained_now, load, hours,
        first_response_at, sla_met, resolved, fcr, contacts, resolution, compensation,
        escalated, reopened, first_resolved_at, reopened_at, resolved_at, followup_at,
        closed_at``, the latent ``fairness, attitude, eta, ystar``, ``csat`` and the
        ``rating_*`` columns (1-5, whether or not the customer answers the survey).
    escalation_intercept, fcr_intercept, reopen_intercept : float
        Calibrated intercepts (log-odds), for the truth.
    response_capped : int
        Complaints whose first-response hours were capped at :data:`MAX_RESPONSE_HOURS`.
    """

    complaints: pd.DataFrame
    escalation_intercept: float
    fcr_intercept: float
    reopen_intercept: float
    response_capped: int = 0


def handle(sc: Scenario, complaints: pd.DataFrame, agents: pd.DataFrame, *,
           rng: np.random.Generator, agent_rng: np.random.Generator,
           satisfaction_rng: np.random.Generator) -> Handled:
    """The handling stage: route, respond, resolve, follow up; what the customer perceives.

    ``complaints`` has one row per complaint with ``received_at``, ``severity``, ``amount``,
    ``tier`` (code), ``age`` (code) and ``category``; ``agents`` is the agents table.
    """
    c = complaints
    routed, escalation_intercept = _route(sc, c, agents, rng)
    responded = _first_response(sc, c, agents, routed, rng)
    capped = int(responded.pop("capped").sum())
    settled, fcr_intercept = _resolve(sc, c, responded["trained_now"], rng)
    felt = _fairness_and_attitude(sc, agents, routed["agent"], responded["trained_now"],
                                  settled, rng, agent_rng)
    settled, reopen_intercept = _reopen(sc, felt["fairness"], settled, rng)
    times = _timeline(sc, responded["first_response_at"], settled, rng)
    rated = _satisfaction(sc, c, responded["hours"], felt, settled, satisfaction_rng)
    out = c.assign(
        channel=routed["channel"], priority=routed["priority"], team=routed["team"],
        agent=routed["agent"], **responded,
        resolved=settled["resolved"], fcr=settled["fcr"], contacts=settled["contacts"],
        resolution=settled["resolution"], compensation=settled["compensation"],
        escalated=routed["escalated"], reopened=settled["reopened"], **times, **felt, **rated)
    return Handled(complaints=out, escalation_intercept=escalation_intercept,
                   fcr_intercept=fcr_intercept, reopen_intercept=reopen_intercept,
                   response_capped=capped)


def _route(sc: Scenario, c: pd.DataFrame, agents: pd.DataFrame,
           rng: np.random.Generator) -> tuple[dict[str, np.ndarray], float]:
    """Channel (by age group), priority, escalation, team and agent of each complaint."""
    n = len(c)
    sev = c["severity"].to_numpy()
    amount = c["amount"].to_numpy()
    log_amt = np.log(amount / np.median(amount)) if n else amount

    # Channel by age group.
    ch = list(sc.channels)
    young = np.isin(c["age"].to_numpy(), YOUNG)
    p_young = np.array([sc.channels[k].share_young for k in ch])
    p_old = np.array([sc.channels[k].share_old for k in ch])
    channel = categorical(rng, np.where(young[:, None], p_young, p_old))
    public = np.isin(channel, [ch.index(k) for k in ("social_media", "marketplace_review")
                               if k in ch])

    # Priority from severity, scope (public channels, VIPs) and urgency (amount).
    score = (sev + 0.8 * (c["tier"].to_numpy() == 2) + 0.6 * public + 0.5 * log_amt
             + rng.normal(0, 0.7, n))
    priority = np.digitize(score, [2.7, 4.3])  # 0 low, 1 medium, 2 high

    # Routing: phone complaints to the phone team, others to digital; the most severe
    # high-priority ones are escalated to the escalation team.
    esc_x = 1.2 * (priority == 2) + 0.6 * public + 0.3 * (sev - 3)
    escalated, _, intercept = bernoulli_calibrated(rng, esc_x, sc.handling.escalation_rate)
    team = np.where(channel == ch.index("phone") if "phone" in ch else False, 0, 1)
    team = np.where(escalated, 2, team)
    agent_team = agents["team"].cat.codes.to_numpy()
    agent = np.empty(n, dtype=int)
    for t in range(3):
        rows = np.flatnonzero(team == t)
        pool = np.flatnonzero(agent_team == t)
        agent[rows] = pool[rng.integers(0, len(pool), len(rows))]
    return {"channel": channel, "priority": priority, "escalated": escalated, "team": team,
            "agent": agent}, intercept


def _first_response(sc: Scenario, c: pd.DataFrame, agents: pd.DataFrame,
                    routed: dict[str, np.ndarray], rng: np.random.Generator
                    ) -> dict[str, np.ndarray]:
    """Hours to the first response: base x priority x queue x tenure x training x noise,
    at most :data:`MAX_RESPONSE_HOURS` (``capped`` marks the complaints set to it)."""
    h = sc.handling
    agent, team = routed["agent"], routed["team"]
    received = c["received_at"].to_numpy().astype("datetime64[s]")
    trained_now = (agents["trained"].to_numpy()[agent]
                   & (received >= np.datetime64(sc.training.date, "s")))
    tenure = np.minimum(agents["tenure_years"].to_numpy()[agent], 5.0)
    load = queue_load(received.astype("datetime64[D]"), team, 3, h.staffing_headroom)
    base = np.array([ch.base_hours for ch in sc.channels.values()])[routed["channel"]]
    pri_mult = np.array([h.priority_hours[p] for p in PRIORITIES])[routed["priority"]]
    log_h = (np.log(base * pri_mult) + h.load_elasticity * np.log(np.maximum(load, 1.0))
             + h.tenure_effect * tenure + sc.training.response_log_mult * trained_now
             + h.response_sigma * rng.standard_normal(len(c)))
    capped = log_h > np.log(MAX_RESPONSE_HOURS)
    hours = np.where(capped, MAX_RESPONSE_HOURS,
                     np.exp(np.minimum(log_h, np.log(MAX_RESPONSE_HOURS))))
    sla = np.array([h.sla_hours[p] for p in PRIORITIES])[routed["priority"]]
    return {"trained_now": trained_now, "load": load, "hours": hours,
            "first_response_at": received + _hours(hours), "sla_met": hours <= sla,
            "capped": capped}


def _resolve(sc: Scenario, c: pd.DataFrame, trained_now: np.ndarray,
             rng: np.random.Generator) -> tuple[dict[str, np.ndarray], float]:
    """Resolved or not, first-contact resolution, contacts, the resolution and its cost."""
    h = sc.handling
    n = len(c)
    sev = c["severity"].to_numpy()
    amount = c["amount"].to_numpy()
    resolved = rng.random(n) < h.resolve_rate
    fcr_x = h.fcr_per_severity * (sev - 3) + sc.training.fcr_log_odds * trained_now
    # FCR = resolved, at the first contact, and not reopened: aim the draw so the share of
    # all complaints comes out at fcr_rate (reopens among first-contact resolutions are
    # rarer than the average reopen rate, so this lands slightly above it)
    target = min(0.999, h.fcr_rate / (h.resolve_rate * (1 - h.reopen_rate)))
    fcr_draw, _, intercept = bernoulli_calibrated(rng, fcr_x, target)
    fcr = resolved & fcr_draw
    contacts = np.where(fcr, 1, 2 + rng.poisson(np.where(resolved, 0.6, 1.2)))
    res_kind = categorical(rng, np.broadcast_to([h.resolution_mix[k] for k in RESOLUTIONS],
                                                (n, len(RESOLUTIONS))))
    resolution = np.where(resolved, res_kind, len(RESOLUTIONS))  # last code = none
    comp = np.where(res_kind == RESOLUTIONS.index("refund"), amount,
                    np.where(res_kind == RESOLUTIONS.index("compensation"),
                             amount * rng.gamma(4.0, h.compensation_share / 4.0, n), 0.0))
    compensation = np.round(np.where(resolved, comp, 0.0), 2)
    return {"resolved": resolved, "fcr": fcr, "contacts": contacts, "resolution": resolution,
            "compensation": compensation}, intercept


def _fairness_and_attitude(sc: Scenario, agents: pd.DataFrame, agent: np.ndarray,
                           trained_now: np.ndarray, settled: dict[str, np.ndarray],
                           rng: np.random.Generator, agent_rng: np.random.Generator
                           ) -> dict[str, np.ndarray]:
    """Perceived fairness of the solution and staff attitude (latent, in SD units)."""
    n = len(agent)
    agent_style = agent_rng.normal(0, 0.5, len(agents))
    fairness = (0.6 * (settled["resolution"] <= RESOLUTIONS.index("compensation"))
                - 0.6 * (~settled["resolved"]) + rng.normal(0, 0.8, n))
    attitude = (agent_style[agent] + sc.training.attitude_shift * trained_now
                + rng.normal(0, 0.85, n))
    return {"fairness": fairness, "attitude": attitude}


def _reopen(sc: Scenario, fairness: np.ndarray, settled: dict[str, np.ndarray],
            rng: np.random.Generator) -> tuple[dict[str, np.ndarray], float]:
    """Reopened: more likely when the solution felt unfair or needed several contacts.

    Returns ``settled`` with ``reopened`` added and ``contacts`` and ``fcr`` updated (a
    reopened complaint was not resolved at the first contact), and the intercept.
    """
    reo_x = -0.8 * fairness - 0.6 * settled["fcr"]
    reopened, _, intercept = bernoulli_calibrated(rng, reo_x, sc.handling.reopen_rate)
    reopened &= settled["resolved"]
    return {**settled, "reopened": reopened, "contacts": settled["contacts"] + reopened,
            "fcr": settled["fcr"] & ~reopened}, intercept


def _timeline(sc: Scenario, first_response: np.ndarray, settled: dict[str, np.ndarray],
              rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Times: resolution, reopen and final resolution, follow-up, closing."""
    h = sc.handling
    n = len(first_response)
    resolved, fcr, reopened = settled["resolved"], settled["fcr"], settled["reopened"]
    fcr_gap = rng.exponential(0.5, n)
    later = rng.exponential(h.resolution_days * 24 * (1 + 0.3 * (settled["contacts"] - 2)
                                                      .clip(0)), n)
    first_resolved = first_response + _hours(np.where(fcr, fcr_gap, later))
    reopened_at = first_resolved + _hours(rng.exponential(24.0, n))
    final_resolved = np.where(reopened, reopened_at + _hours(rng.exponential(36.0, n)),
                              first_resolved)
    gave_up = first_response + _hours(rng.exponential(h.resolution_days * 48, n))
    settled_at = np.where(resolved, final_resolved, gave_up)
    followup = settled_at + _hours(rng.exponential(sc.satisfaction.followup_days * 24, n))
    closed = followup + _hours(rng.exponential(6.0, n))
    return {"first_resolved_at": np.where(resolved, first_resolved, np.datetime64("NaT")),
            "reopened_at": reopened_at,
            "resolved_at": np.where(resolved, final_resolved, np.datetime64("NaT")),
            "followup_at": followup, "closed_at": closed}


def _satisfaction(sc: Scenario, c: pd.DataFrame, hours: np.ndarray,
                  felt: dict[str, np.ndarray], settled: dict[str, np.ndarray],
                  rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Perceptions and CSAT.

    Each attribute rating (1-5) is the customer's reading of a latent quantity, given whether
    or not they answer the survey. CSAT is an ordered logit of the perceptions and of how it
    ended.
    """
    s = sc.satisfaction
    n = len(c)
    sev = c["severity"].to_numpy()
    speed = s.speed_per_log_hour * (np.log1p(hours) - np.log1p(np.median(hours) if n else 1.0))
    quality = (-0.5 * (sev - 3) - 0.8 * (c["category"].to_numpy() == "product_quality") + 0.4)
    ratings = {
        "rating_response_speed": _rating(rng, speed),
        "rating_staff_attitude": _rating(rng, felt["attitude"]),
        "rating_fairness": _rating(rng, felt["fairness"]),
        "rating_product_quality": _rating(rng, quality),
        "rating_price": _rating(rng, rng.normal(0.3, 0.8, n)),
    }
    eta = (s.intercept + s.resolved * settled["resolved"] + s.first_contact * settled["fcr"]
           + s.extra_contact * (settled["contacts"] - 1)
           + sum(s.ratings[k] * (ratings[f"rating_{k}"] - 3) for k in s.ratings))
    ystar = eta + rng.logistic(0, 1, n)
    csat = 1 + np.searchsorted(np.asarray(s.cutpoints), ystar)
    return {"eta": eta, "ystar": ystar, "csat": csat, **ratings}


def _rating(rng: np.random.Generator, latent: np.ndarray) -> np.ndarray:
    """A 1-5 rating of a latent perception (ordered logit with fixed cut points)."""
    y = latent + rng.logistic(0, 0.6, len(latent))
    return 1 + np.searchsorted(np.array([-1.6, -0.6, 0.4, 1.4]), y)
