"""Handling: channel, priority, queues, response, resolution, satisfaction and follow-up.

Every step is vectorised over complaints; the only loop runs over days, to carry each team's
backlog from one day to the next (queues build up at peaks and drain afterwards).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scenario import PRIORITIES, RESOLUTIONS, Scenario
from ._random import bernoulli_calibrated, categorical

HOUR = np.timedelta64(3600, "s")
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


def handle(sc: Scenario, c: pd.DataFrame, agents: pd.DataFrame,
           rng: dict[str, np.random.Generator]) -> tuple[pd.DataFrame, dict]:
    """Add handling, satisfaction and survey columns to the complaints frame ``c``.

    ``c`` has one row per complaint with ``received_at``, ``severity``, ``amount``, ``tier``
    (code), ``age`` (code). Returns the enriched frame and intercepts for the truth.
    """
    h, s = sc.handling, sc.satisfaction
    r = rng["handling"]
    n = len(c)
    facts: dict[str, float] = {}
    sev = c["severity"].to_numpy()
    amount = c["amount"].to_numpy()
    log_amt = np.log(amount / np.median(amount)) if n else amount

    # Channel by age group.
    ch = list(sc.channels)
    young = np.isin(c["age"].to_numpy(), YOUNG)
    p_young = np.array([sc.channels[k].share_young for k in ch])
    p_old = np.array([sc.channels[k].share_old for k in ch])
    channel = categorical(r, np.where(young[:, None], p_young, p_old))
    public = np.isin(channel, [ch.index(k) for k in ("social_media", "marketplace_review")
                               if k in ch])

    # Priority from severity, scope (public channels, VIPs) and urgency (amount).
    score = (sev + 0.8 * (c["tier"].to_numpy() == 2) + 0.6 * public + 0.5 * log_amt
             + r.normal(0, 0.7, n))
    priority = np.digitize(score, [2.7, 4.3])  # 0 low, 1 medium, 2 high

    # Routing: phone complaints to the phone team, others to digital; the most severe
    # high-priority ones are escalated to the escalation team.
    esc_x = 1.2 * (priority == 2) + 0.6 * public + 0.3 * (sev - 3)
    escalated, _, facts["escalation_intercept"] = bernoulli_calibrated(r, esc_x, h.escalation_rate)
    team = np.where(channel == ch.index("phone") if "phone" in ch else False, 0, 1)
    team = np.where(escalated, 2, team)
    agent_team = agents["team"].cat.codes.to_numpy()
    agent = np.empty(n, dtype=int)
    for t in range(3):
        rows = np.flatnonzero(team == t)
        pool = np.flatnonzero(agent_team == t)
        agent[rows] = pool[r.integers(0, len(pool), len(rows))]
    received = c["received_at"].to_numpy().astype("datetime64[s]")
    trained_now = (agents["trained"].to_numpy()[agent]
                   & (received >= np.datetime64(sc.training.date, "s")))
    tenure = np.minimum(agents["tenure_years"].to_numpy()[agent], 5.0)

    # First response: base hours x priority x queue x tenure x training x noise.
    load = queue_load(received.astype("datetime64[D]"), team, 3, h.staffing_headroom)
    base = np.array([sc.channels[k].base_hours for k in ch])[channel]
    pri_mult = np.array([h.priority_hours[p] for p in PRIORITIES])[priority]
    log_h = (np.log(base * pri_mult) + h.load_elasticity * np.log(np.maximum(load, 1.0))
             + h.tenure_effect * tenure + sc.training.response_log_mult * trained_now
             + h.response_sigma * r.standard_normal(n))
    hours = np.exp(log_h)
    first_response = received + _hours(hours)
    sla = np.array([h.sla_hours[p] for p in PRIORITIES])[priority]

    # Resolution and first-contact resolution.
    resolved = r.random(n) < h.resolve_rate
    fcr_x = h.fcr_per_severity * (sev - 3) + sc.training.fcr_log_odds * trained_now
    # FCR = resolved, at the first contact, and not reopened: aim the draw so the share of
    # all complaints comes out at fcr_rate (reopens among first-contact resolutions are
    # rarer than the average reopen rate, so this lands slightly above it)
    target = min(0.999, h.fcr_rate / (h.resolve_rate * (1 - h.reopen_rate)))
    fcr_draw, _, facts["fcr_intercept"] = bernoulli_calibrated(r, fcr_x, target)
    fcr = resolved & fcr_draw
    contacts = np.where(fcr, 1, 2 + r.poisson(np.where(resolved, 0.6, 1.2)))
    res_kind = categorical(r, np.broadcast_to([h.resolution_mix[k] for k in RESOLUTIONS],
                                              (n, len(RESOLUTIONS))))
    resolution = np.where(resolved, res_kind, len(RESOLUTIONS))  # last code = none
    comp = np.where(res_kind == RESOLUTIONS.index("refund"), amount,
                    np.where(res_kind == RESOLUTIONS.index("compensation"),
                             amount * r.gamma(4.0, h.compensation_share / 4.0, n), 0.0))
    compensation = np.round(np.where(resolved, comp, 0.0), 2)

    # Perceived fairness and staff attitude (latent, in SD units).
    agent_style = rng["agents"].normal(0, 0.5, len(agents))
    fairness = (0.6 * (resolution <= RESOLUTIONS.index("compensation")) - 0.6 * (~resolved)
                + r.normal(0, 0.8, n))
    attitude = (agent_style[agent] + sc.training.attitude_shift * trained_now
                + r.normal(0, 0.85, n))

    # Reopened: more likely when the solution felt unfair or needed several contacts.
    reo_x = -0.8 * fairness - 0.6 * fcr
    reopened, _, facts["reopen_intercept"] = bernoulli_calibrated(r, reo_x, h.reopen_rate)
    reopened &= resolved
    contacts = contacts + reopened
    fcr = fcr & ~reopened  # a reopened complaint was not resolved at the first contact

    # Times: resolution, reopen and final resolution, follow-up, closing.
    fcr_gap = r.exponential(0.5, n)
    later = r.exponential(h.resolution_days * 24 * (1 + 0.3 * (contacts - 2).clip(0)), n)
    first_resolved = first_response + _hours(np.where(fcr, fcr_gap, later))
    reopened_at = first_resolved + _hours(r.exponential(24.0, n))
    final_resolved = np.where(reopened, reopened_at + _hours(r.exponential(36.0, n)),
                              first_resolved)
    gave_up = first_response + _hours(r.exponential(h.resolution_days * 48, n))
    settled = np.where(resolved, final_resolved, gave_up)
    followup = settled + _hours(r.exponential(s.followup_days * 24, n))
    closed = followup + _hours(r.exponential(6.0, n))

    # Perceptions: each attribute rating (1-5) is the customer's reading of a latent
    # quantity, given whether or not they answer the survey.
    rs = rng["satisfaction"]
    speed = s.speed_per_log_hour * (np.log1p(hours) - np.log1p(np.median(hours) if n else 1.0))
    quality = (-0.5 * (sev - 3) - 0.8 * (c["category"].to_numpy() == "product_quality") + 0.4)
    ratings = {
        "rating_response_speed": _rating(rs, speed),
        "rating_staff_attitude": _rating(rs, attitude),
        "rating_fairness": _rating(rs, fairness),
        "rating_product_quality": _rating(rs, quality),
        "rating_price": _rating(rs, rs.normal(0.3, 0.8, n)),
    }
    # Satisfaction: CSAT is an ordered logit of the perceptions and of how it ended.
    eta = (s.intercept + s.resolved * resolved + s.first_contact * fcr
           + s.extra_contact * (contacts - 1)
           + sum(s.ratings[k] * (ratings[f"rating_{k}"] - 3) for k in s.ratings))
    ystar = eta + rs.logistic(0, 1, n)
    csat = 1 + np.searchsorted(np.asarray(s.cutpoints), ystar)

    out = c.copy()
    out["channel"] = channel
    out["priority"] = priority
    out["team"] = team
    out["agent"] = agent
    out["trained_now"] = trained_now
    out["load"] = load
    out["hours"] = hours
    out["first_response_at"] = first_response
    out["sla_met"] = hours <= sla
    out["resolved"] = resolved
    out["fcr"] = fcr
    out["contacts"] = contacts
    out["resolution"] = resolution
    out["compensation"] = compensation
    out["escalated"] = escalated
    out["reopened"] = reopened
    out["first_resolved_at"] = np.where(resolved, first_resolved, np.datetime64("NaT"))
    out["reopened_at"] = reopened_at
    out["resolved_at"] = np.where(resolved, final_resolved, np.datetime64("NaT"))
    out["followup_at"] = followup
    out["closed_at"] = closed
    out["fairness"] = fairness
    out["attitude"] = attitude
    out["eta"] = eta
    out["ystar"] = ystar
    out["csat"] = csat
    for k, v in ratings.items():
        out[k] = v
    return out, facts


def _rating(rng: np.random.Generator, latent: np.ndarray) -> np.ndarray:
    """A 1-5 rating of a latent perception (ordered logit with fixed cut points)."""
    y = latent + rng.logistic(0, 0.6, len(latent))
    return 1 + np.searchsorted(np.array([-1.6, -0.6, 0.4, 1.4]), y)


def surveys(sc: Scenario, c: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, dict]:
    """The follow-up (回访) of every complaint: who answers.

    Response is not random: customers whose handling left them very pleased or very displeased
    answer more often (``response_extremity``) and the pleased a little more
    (``response_positivity``), which makes the observed CSAT J-shaped. It depends on the
    systematic part of satisfaction (the drivers), not on the noise, so a model of CSAT on
    its drivers fitted to the respondents is not biased by who answered.
    """
    s = sc.satisfaction
    n = len(c)
    centre = float(np.mean(s.cutpoints))
    z = c["eta"].to_numpy() - centre
    x = s.response_extremity * np.abs(z) + s.response_positivity * z
    responded, _, a = bernoulli_calibrated(rng, x, s.response_rate)
    method = (rng.random(n) < 0.4).astype(int)  # 0 call, 1 questionnaire
    zstar = c["ystar"].to_numpy() - centre
    nps = np.clip(np.round(5.5 + 1.5 * zstar + rng.normal(0, 1.2, n)), 0, 10)
    ratings = {k: c[k].to_numpy() for k in c.columns if k.startswith("rating_")}
    out = pd.DataFrame({"sent_at": c["followup_at"].to_numpy(), "method": method,
                        "responded": responded, "csat": c["csat"].to_numpy(), "nps": nps,
                        **ratings})
    return out, {"survey_intercept": a, "csat_centre": centre}
