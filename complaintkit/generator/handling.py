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
customers' perceptions from the ``satisfaction`` stream. The deviations from the six handling
steps (scenario section ``process``: confirmation skipped, follow-up call skipped, hand-offs)
are drawn on their own ``process`` stream, so the other draws stay as they were; their effects
enter the world's own models (a skipped confirmation adds ``confirm_skip_reopen_log_odds`` to
the reopen log-odds, a missing follow-up call shifts latent satisfaction by
``no_followup_csat``, each hand-off adds exponential waiting of mean ``handoff_hours`` before
the resolution).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..scenario import Scenario
from ..vocab import PRIORITIES, RESOLUTIONS
from ._random import bernoulli_calibrated, calibrated_intercept, categorical

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
        The deviations from the six steps: ``confirmed, followed_up, handoffs`` (see the
        schema), ``handoff_wait`` (hours the hand-offs added) and ``settled_at`` (final
        resolution, or when the company gave up on an unresolved complaint);
        ``followup_at`` is NaT where there was no follow-up call.
    escalation_intercept, fcr_intercept, reopen_intercept : float
        Calibrated intercepts (log-odds), for the truth.
    response_capped : int
        Complaints whose first-response hours were capped at :data:`MAX_RESPONSE_HOURS`.
    handoff_log : DataFrame
        One row per hand-off: ``complaint`` (row), ``agent`` (row of the agents table the
        complaint passes to), ``at`` (time), in time order within a complaint.
    confirm_skip_intercept, followup_skip_intercept : float
        Calibrated intercepts of the two skip models (log-odds; NaN at a rate of 0).
    """

    complaints: pd.DataFrame
    escalation_intercept: float
    fcr_intercept: float
    reopen_intercept: float
    response_capped: int = 0
    handoff_log: pd.DataFrame | None = None
    confirm_skip_intercept: float = float("nan")
    followup_skip_intercept: float = float("nan")


def handle(sc: Scenario, complaints: pd.DataFrame, agents: pd.DataFrame, *,
           rng: np.random.Generator, agent_rng: np.random.Generator,
           satisfaction_rng: np.random.Generator,
           process_rng: np.random.Generator | None = None) -> Handled:
    """The handling stage: route, respond, resolve, follow up; what the customer perceives.

    ``complaints`` has one row per complaint with ``received_at``, ``severity``, ``amount``,
    ``tier`` (code), ``age`` (code) and ``category``; ``agents`` is the agents table.
    ``process_rng`` draws the deviations from the six steps (default: a stream of its own
    seeded from ``rng``'s first draw; the pipeline passes its ``process`` stream).
    """
    c = complaints
    if process_rng is None:
        process_rng = np.random.default_rng(np.random.SeedSequence(0).spawn(1)[0])
    routed, escalation_intercept = _route(sc, c, agents, rng)
    responded = _first_response(sc, c, agents, routed, rng)
    capped = int(responded.pop("capped").sum())
    settled, fcr_intercept = _resolve(sc, c, responded["trained_now"], rng)
    felt = _fairness_and_attitude(sc, agents, routed["agent"], responded["trained_now"],
                                  settled, rng, agent_rng)
    confirmed, confirm_a = _confirmation(sc, routed, responded["load"], process_rng)
    followed, followup_a = _followup_call(sc, c, routed, process_rng)
    settled, reopen_intercept = _reopen(sc, felt["fairness"], settled, rng, confirmed)
    handoffs, wait = _handoff_counts(sc, settled["fcr"], process_rng)
    times = _timeline(sc, responded["first_response_at"], settled, rng, wait, followed)
    log = _handoff_log(agents, routed["agent"], handoffs, responded["first_response_at"],
                       times, process_rng)
    rated = _satisfaction(sc, c, responded["hours"], felt, settled, satisfaction_rng, followed)
    out = c.assign(
        channel=routed["channel"], priority=routed["priority"], team=routed["team"],
        agent=routed["agent"], **responded,
        resolved=settled["resolved"], fcr=settled["fcr"], contacts=settled["contacts"],
        resolution=settled["resolution"], compensation=settled["compensation"],
        escalated=routed["escalated"], reopened=settled["reopened"], confirmed=confirmed,
        followed_up=followed, handoffs=handoffs, handoff_wait=wait, **times, **felt, **rated)
    return Handled(complaints=out, escalation_intercept=escalation_intercept,
                   fcr_intercept=fcr_intercept, reopen_intercept=reopen_intercept,
                   response_capped=capped, handoff_log=log, confirm_skip_intercept=confirm_a,
                   followup_skip_intercept=followup_a)


def _skip(rng: np.random.Generator, x: np.ndarray, rate: float) -> tuple[np.ndarray, float]:
    """Skipped or not, with mean chance ``rate`` (none at 0), and the calibrated intercept."""
    if rate <= 0 or not len(x):
        rng.random(len(x))  # the same draws whatever the rate: other draws stay aligned
        return np.zeros(len(x), bool), (float("nan") if rate <= 0
                                        else calibrated_intercept(x, rate))
    skipped, _, a = bernoulli_calibrated(rng, x, rate)
    return skipped, a


def _confirmation(sc: Scenario, routed: dict[str, np.ndarray], load: np.ndarray,
                  rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Did the first response confirm the content and the demand (确认诉求)?

    Skipped more when the team's queue is long (log-odds +1 per log-unit of the load ratio,
    read between 0.5 and 2.5: the small escalation team's chronic queue does not swamp it)
    and at low priority (+0.7; high -0.7).
    """
    pri = routed["priority"]
    x = 1.0 * np.log(np.clip(load, 0.5, 2.5)) + 0.7 * (pri == 0) - 0.7 * (pri == 2)
    skipped, a = _skip(rng, x, sc.process.confirm_skip_rate)
    return ~skipped, a


def _followup_call(sc: Scenario, c: pd.DataFrame, routed: dict[str, np.ndarray],
                   rng: np.random.Generator) -> tuple[np.ndarray, float]:
    """Was the follow-up call (回访) made? Only observed columns decide: priority (low +0.6,
    high -0.8), team (digital +0.5, escalation -0.5) and customer tier (new +0.4, VIP -0.6)."""
    pri, team, tier = routed["priority"], routed["team"], c["tier"].to_numpy()
    x = (0.6 * (pri == 0) - 0.8 * (pri == 2) + 0.5 * (team == 1) - 0.5 * (team == 2)
         + 0.4 * (tier == 0) - 0.6 * (tier == 2))
    skipped, a = _skip(rng, x, sc.process.followup_skip_rate)
    return ~skipped, a


def _handoff_counts(sc: Scenario, fcr: np.ndarray, rng: np.random.Generator
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Hand-offs (转交) of each complaint (Poisson, mean ``handoff_rate``; none when resolved
    at the first contact) and the hours of waiting they add (exponential, mean
    ``handoff_hours`` each: a sum of k is a gamma)."""
    p = sc.process
    n = len(fcr)
    k = np.where(fcr, 0, rng.poisson(p.handoff_rate, n))
    wait = np.where(k > 0, rng.gamma(np.maximum(k, 1), p.handoff_hours, n), 0.0)
    return k.astype("int64"), wait


def _handoff_log(agents: pd.DataFrame, first_agent: np.ndarray, k: np.ndarray,
                 first_response: np.ndarray, times: dict[str, np.ndarray],
                 rng: np.random.Generator) -> pd.DataFrame:
    """Who each hand-off passes the complaint to, and when.

    The new agent is another agent of the same team (70%) or an agent of another team; the
    hand-offs fall at sorted uniform points between the first response and the first
    resolution (or, unresolved, the time the company gave up), where their waiting is.
    """
    agent_team = agents["team"].cat.codes.to_numpy()
    pools = [np.flatnonzero(agent_team == t) for t in range(3)]
    rows = np.repeat(np.arange(len(k)), k)
    j = np.arange(len(rows)) - np.repeat(np.cumsum(k) - k, k)  # rank within the complaint
    new = np.empty(len(rows), dtype=int)
    holder = first_agent.copy()
    for step in range(int(k.max()) if len(k) else 0):  # one pass per hand-off rank
        at = np.flatnonzero(j == step)
        r = rows[at]
        cur = holder[r]
        team = agent_team[cur]
        other = rng.random(len(r)) >= 0.7
        shift = rng.integers(1, 3, len(r))
        team = np.where(other, (team + shift) % 3, team)
        pick = rng.random(len(r))
        for t in range(3):  # every team has agents (draw_agents)
            m = team == t
            pool = pools[t]
            i = np.minimum((pick[m] * len(pool)).astype(int), len(pool) - 1)
            # never to the same agent: the next one in the team's pool instead
            i = np.where((pool[i] == cur[m]) & (len(pool) > 1), (i + 1) % len(pool), i)
            new[at[m]] = pool[i]
        holder[r] = new[at]
    start = first_response.astype("datetime64[s]")
    end = np.where(np.isnat(times["first_resolved_at"]), times["settled_at"],
                   times["first_resolved_at"]).astype("datetime64[s]")
    frac = rng.uniform(0.05, 0.95, len(rows))
    order = np.lexsort((frac, rows))
    frac = frac[order]  # sorted within each complaint
    span = (end[rows] - start[rows]).astype("int64")
    at = start[rows] + (span * frac).astype("timedelta64[s]")
    return pd.DataFrame({"complaint": rows, "agent": new, "at": at})


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
            rng: np.random.Generator, confirmed: np.ndarray
            ) -> tuple[dict[str, np.ndarray], float]:
    """Reopened: more likely when the solution felt unfair, needed several contacts, or the
    first response did not confirm the demand (``process.confirm_skip_reopen_log_odds``).

    Returns ``settled`` with ``reopened`` added and ``contacts`` and ``fcr`` updated (a
    reopened complaint was not resolved at the first contact), and the intercept.
    """
    reo_x = (-0.8 * fairness - 0.6 * settled["fcr"]
             + sc.process.confirm_skip_reopen_log_odds * ~confirmed)
    reopened, _, intercept = bernoulli_calibrated(rng, reo_x, sc.handling.reopen_rate)
    reopened &= settled["resolved"]
    return {**settled, "reopened": reopened, "contacts": settled["contacts"] + reopened,
            "fcr": settled["fcr"] & ~reopened}, intercept


def _timeline(sc: Scenario, first_response: np.ndarray, settled: dict[str, np.ndarray],
              rng: np.random.Generator, wait: np.ndarray, followed: np.ndarray
              ) -> dict[str, np.ndarray]:
    """Times: resolution, reopen and final resolution, follow-up, closing.

    The hand-offs' waiting (``wait`` hours) comes before the first resolution (or before the
    company gives up). Without a follow-up call ``followup_at`` is NaT and the complaint is
    closed after its settling.
    """
    h = sc.handling
    n = len(first_response)
    resolved, fcr, reopened = settled["resolved"], settled["fcr"], settled["reopened"]
    fcr_gap = rng.exponential(0.5, n)
    later = rng.exponential(h.resolution_days * 24 * (1 + 0.3 * (settled["contacts"] - 2)
                                                      .clip(0)), n)
    first_resolved = first_response + _hours(np.where(fcr, fcr_gap, later) + wait)
    reopened_at = first_resolved + _hours(rng.exponential(24.0, n))
    final_resolved = np.where(reopened, reopened_at + _hours(rng.exponential(36.0, n)),
                              first_resolved)
    gave_up = first_response + _hours(rng.exponential(h.resolution_days * 48, n) + wait)
    settled_at = np.where(resolved, final_resolved, gave_up)
    followup = settled_at + _hours(rng.exponential(sc.satisfaction.followup_days * 24, n))
    closed = np.where(followed, followup, settled_at) + _hours(rng.exponential(6.0, n))
    return {"first_resolved_at": np.where(resolved, first_resolved, np.datetime64("NaT")),
            "reopened_at": reopened_at,
            "resolved_at": np.where(resolved, final_resolved, np.datetime64("NaT")),
            "settled_at": settled_at,
            "followup_at": np.where(followed, followup, np.datetime64("NaT")),
            "closed_at": closed}


def _satisfaction(sc: Scenario, c: pd.DataFrame, hours: np.ndarray,
                  felt: dict[str, np.ndarray], settled: dict[str, np.ndarray],
                  rng: np.random.Generator, followed: np.ndarray) -> dict[str, np.ndarray]:
    """Perceptions and CSAT.

    Each attribute rating (1-5) is the customer's reading of a latent quantity, given whether
    or not they answer the survey. CSAT is an ordered logit of the perceptions, of how it
    ended and of the follow-up call (``process.no_followup_csat`` without one).
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
           + sum(s.ratings[k] * (ratings[f"rating_{k}"] - 3) for k in s.ratings)
           + sc.process.no_followup_csat * ~followed)
    ystar = eta + rng.logistic(0, 1, n)
    csat = 1 + np.searchsorted(np.asarray(s.cutpoints), ystar)
    return {"eta": eta, "ystar": ystar, "csat": csat, **ratings}


def _rating(rng: np.random.Generator, latent: np.ndarray) -> np.ndarray:
    """A 1-5 rating of a latent perception (ordered logit with fixed cut points)."""
    y = latent + rng.logistic(0, 0.6, len(latent))
    return 1 + np.searchsorted(np.array([-1.6, -0.6, 0.4, 1.4]), y)
