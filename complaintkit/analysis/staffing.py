"""Triage and staffing: SLA compliance by priority, and the agents a service level needs.

Two questions a team lead asks before a peak (seed 002: a volume that rose 60% in two years,
the 11.11 / Black Friday peak):

- :func:`sla` — did we answer within the first-response SLA (首次响应时限) of each
  priority, by priority, channel and team, with Wilson intervals; and does the recorded
  ``sla_met`` agree with the times (an independent recomputation; mismatches are named)?
- :func:`staffing` — how many agents each hour or day needs to answer a share ``target`` of
  complaints within ``answer_within``, from a forecast, a count table or a number: Erlang C
  (M/M/n, customers wait as long as it takes) or, with ``patience``, Erlang A (M/M/n+M,
  Palm 1943: customers abandon after an exponential patience).

The queueing formulas are also public here (:func:`erlang_b`, :func:`erlang_c`,
:func:`queue_metrics`, :func:`agents_needed`), in plain units: a rate per hour and durations.

Why the kit computes Erlang C / A itself rather than depending on a workforce library:
``pyworkforce`` (MIT licence, maintained; 0.5.1 is the version the package index here
offers) was checked. Its queueing module is a few lines of the same textbook formulas, but
the package requires Google OR-Tools (a large compiled dependency, for its shift scheduler,
which the kit does not use) and joblib; its 0.5.1 has Erlang C only (Erlang A arrived in a
later release); it takes one interval at a time and its ``asa=`` argument is the target answer
time, not the average speed of answer. A short implementation, vectorised over periods and
checked against published values, an exact rational computation, the birth-death chain and a
simulation (``tests/test_staffing.py``), costs less than the dependency.

Numerics
--------
Erlang B by the stable recursion ``B(k) = a B(k-1) / (k + a B(k-1))`` (every term in
[0, 1], no factorials), started for large loads at ``k0 = a - 20 sqrt(a)`` from the Poisson
form ``B(k0) = pmf(k0; a) / cdf(k0; a)`` in log space, so loads of thousands of Erlangs take a
few hundred steps. Erlang C is ``C = n B / (n - a (1 - B))``. Erlang A follows Mandelbaum &
Zeltyn (2007, "Service engineering in action: the Palm/Erlang-A queue, with applications to
call centers"): with ``x = n mu / theta``, ``y = lambda / theta`` and
``A(x, y) = x e^y y^-x gamma(x, y)`` (lower incomplete gamma, computed through the regularised
``scipy.special.gammainc`` and ``gammaln`` in log space, or by its series
``sum_k y^k / ((x+1)...(x+k))`` where the regularised value underflows),
``P(wait > 0) = A B / (1 + (A - 1) B)``, ``P(abandon | wait > 0) = 1/(rho A) + 1 - 1/rho``,
``P(offered wait > t | wait > 0) = P(x, y e^-theta t) / P(x, y)`` and the share answered within
``t`` (served before abandoning) in closed form through ``P(x + 1, .)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_date, fmt_int, fmt_list, fmt_pct, is_english, locale_of, tr
from . import _checks as checks
from ._ledger import RowLedger
from ._result import Result

__all__ = ["SlaResult", "StaffingResult", "agents_needed", "erlang_b", "erlang_c",
           "queue_metrics", "sla", "sla_targets", "staffing"]

#: Every user-visible message of this module (one place, for the zh catalogue of issue 13).
MESSAGES = {
    "duration_number": N_("{name} needs a unit: pass text such as '30min', '2h' or '20s', or a "
                        "pd.Timedelta, not the bare number {value!r}"),
    "duration_bad": N_("{name} must be a duration such as '30min' or '2h', not {value!r}"),
    "duration_positive": N_("{name} must be longer than 0, but {value} was passed"),
    "duration_negative": N_("{name} must be 0 or longer, but {value} was passed"),
    "share": N_("{name} must be a share between 0 and 1 (e.g. {eg}), but {value!r} was passed"),
    "hours_per_day": N_("hours_per_day must be a number of open hours between 0 and 24 (e.g. 8), "
                      "but {value!r} was passed"),
    "number": N_("{name} must be a number, not {kind}"),
    "negative": N_("{name} has a negative value ({value!r}) {where}: counts must be >= 0"),
    "infinite": N_("{name} has an infinite value {where}"),
    "demand_type": N_("demand must be a number, a count table (ck.complaint_counts(...)), a "
                    "forecast (ck.forecast(...) or its .table) or a Series of counts, not "
                    "{kind}"),
    "demand_columns": N_("demand has no count column: a count table has 'n', a forecast table "
                       "'forecast' (and 'lower', 'upper'); its columns are: {columns}"),
    "spacing": N_("demand's periods are {spacing} apart: staffing needs counts per hour "
                "(interval='hour') or per day (interval='day'); count per day with "
                "ck.complaint_counts(..., freq='D')"),
    "interval_mismatch": N_("demand's periods are {spacing} apart, but interval={interval!r} "
                          "was passed: pass interval={other!r}"),
    "all_missing": N_("demand has no period with a count: nothing to staff"),
    "pooled": N_("demand has {k:,} rows per period (groups: {cols}); they were added up and "
               "staffed as one pooled queue"),
    "sla_hours": N_("sla_hours must map each priority to hours (e.g. {{'high': 2, 'medium': 24, "
                  "'low': 48}}), but {value!r} was passed"),
    "sla_unknown": N_("sla_hours was not passed and the complaints do not say which scenario "
                    "made them: pass sla_hours={{priority: hours}} (your own SLA table)"),
    "team_needs_agents": N_("by names 'team', which the complaints lack: pass agents= (the "
                          "agents table, with agent_id and team) to join it"),
    "mismatch": N_("{k:,} complaints have a recorded sla_met that disagrees with their times "
                 "(first response vs the SLA of their priority), e.g. {ids}"),
    "agree": N_("the recorded sla_met agrees with the times for all {n:,} complaints checked"),
    "no_recorded": N_("the complaints have no sla_met column: compliance recomputed from times"),
    "boundary": N_("{k:,} complaints were answered within a second of their SLA; they count as "
                 "met and are not called mismatches"),
    "forecast": N_("staffed for the forecast's mean (agents) and for the upper bound of its "
                 "interval (agents_upper): plan on the upper bound where being short costs "
                 "more than an idle hour"),
    "model_c": N_("Erlang C (M/M/n): customers wait as long as it takes; service level = share "
                "answered within {t}"),
    "model_a": N_("Erlang A (M/M/n+M): customers abandon after an exponential patience (mean "
                "{p}); service level = share of all arrivals answered within {t} (abandons "
                "count as misses); service_level_served = the share among those answered"),
    "unreached": N_("{k:,} periods could not reach the target with up to {cap:,} agents "
                  "(e.g. {first}): their agents are missing"),
    "empty_periods": N_("{k:,} periods have no arrivals and need no agent"),
    "too_large": N_("a load of {load:.3g} Erlangs (arrivals per hour x aht){where} is beyond what "
                  "the model staffs (at most {cap:,} agents): check the units of the demand "
                  "and of aht"),
}

#: The largest load (Erlangs) and number of agents the queueing functions take.
MAX_AGENTS = 10_000_000

ASSUMPTIONS = [
    N_("arrivals within a period are Poisson at the period's mean rate, and each period "
       "reaches its steady state (no backlog carried from one period to the next)"),
    N_("handling times are exponential with mean aht; one complaint per agent at a time"),
    N_("one pooled queue served first come, first served: any agent can take any complaint"),
    N_("Erlang A only: patience is exponential (mean `patience`) and who abandons does not "
       "come back"),
    N_("agents scheduled = agents on the floor / (1 - shrinkage), rounded up"),
]

_PRIORITY_COL = "priority"


# --------------------------------------------------------------------------- arguments
def _duration(name: str, value, *, allow_zero: bool = False, lang: str | None = None) -> float:
    """A duration argument in hours: a pd.Timedelta, timedelta or text ('30min')."""
    if isinstance(value, (bool, int, float, np.number)):
        raise TypeError(tr(MESSAGES["duration_number"], lang, name=name, value=value))
    try:
        td = pd.Timedelta(value)
    except (ValueError, TypeError):
        raise ValueError(tr(MESSAGES["duration_bad"], lang, name=name, value=value)) from None
    if pd.isna(td):
        raise ValueError(tr(MESSAGES["duration_bad"], lang, name=name, value=value))
    hours = td.total_seconds() / 3600
    if hours < 0 or (hours == 0 and not allow_zero):
        key = "duration_negative" if allow_zero else "duration_positive"
        raise ValueError(tr(MESSAGES[key], lang, name=name, value=value))
    return hours


def _share(name: str, value, *, eg: str, low_closed: bool = False,
           lang: str | None = None) -> float:
    ok = (not isinstance(value, bool) and isinstance(value, (int, float, np.number))
          and math.isfinite(float(value))
          and (0 <= float(value) < 1 if low_closed else 0 < float(value) < 1))
    if not ok:
        raise ValueError(tr(MESSAGES["share"], lang, name=name, value=value, eg=eg))
    return float(value)


def _rates(name: str, value, lang: str | None = None) -> np.ndarray:
    """Arrival rates (per hour) as a float array, checked: numbers, >= 0, finite."""
    arr = np.asarray(value)
    if arr.dtype == object or arr.dtype.kind not in "iuf":
        raise TypeError(tr(MESSAGES["number"], lang, name=name, kind=type(value).__name__))
    arr = arr.astype(float)
    if (arr < 0).any():
        raise ValueError(tr(MESSAGES["negative"], lang, name=name,
                            value=arr[arr < 0][0].item(), where=""))
    if np.isinf(arr).any():
        raise ValueError(tr(MESSAGES["infinite"], lang, name=name, where=""))
    return arr


def _whole_agents(agents, lang: str | None = None) -> np.ndarray:
    """The agents argument: whole numbers >= 0."""
    n = np.asarray(agents)
    if n.dtype.kind not in "iu" or (n < 0).any():
        if is_english(lang):  # the English as the kit always wrote it
            raise ValueError(MESSAGES["number"].format(name="agents",
                                                       kind=N_("a whole number >= 0")))
        raise ValueError(tr("{name} must hold whole numbers >= 0", lang, name="agents"))
    return n


# --------------------------------------------------------------------------- Erlang B and C
def _b_start(k0: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Erlang B at ``k0`` from the Poisson form in log space (1 where k0 = 0)."""
    from scipy import stats
    with np.errstate(divide="ignore", invalid="ignore"):
        logb = stats.poisson.logpmf(k0, a) - stats.poisson.logcdf(k0, a)
    return np.where(k0 <= 0, 1.0, np.exp(np.minimum(logb, 0.0)))


def _check_load(a: np.ndarray, n: np.ndarray | None = None, periods=None,
                lang: str | None = None) -> None:
    """Refuse loads (or agents) beyond :data:`MAX_AGENTS`, naming the first."""
    big = (a > MAX_AGENTS) if n is None else (a > MAX_AGENTS) | (n > MAX_AGENTS)
    if np.any(big):
        i = int(np.flatnonzero(np.ravel(big))[0])
        where = "" if periods is None else tr(" in period {period}", lang,
                                              period=_label(periods[i], lang))
        raise ValueError(tr(MESSAGES["too_large"], lang, load=float(np.ravel(a)[i]),
                            where=where, cap=MAX_AGENTS))


def _k0(a: np.ndarray, n: np.ndarray | None = None) -> np.ndarray:
    """Where the recursion starts: 20 standard deviations below the load (0 for small)."""
    k0 = np.maximum(0, np.floor(a - 20 * np.sqrt(a))).astype(np.int64)
    return k0 if n is None else np.minimum(k0, n)


def erlang_b(agents, load):
    """Erlang B: the blocking probability of ``agents`` servers offered ``load`` Erlangs.

    Parameters
    ----------
    agents : int or array of int
        Servers (>= 0).
    load : float or array
        Offered load in Erlangs (arrival rate x mean handling time), >= 0.

    Returns
    -------
    float or ndarray

    Examples
    --------
    >>> round(float(erlang_b(10, 10.0)), 4)
    0.2146
    >>> round(float(erlang_b(5000, 4900.0)), 6)  # thousands of Erlangs: no overflow
    0.002216
    """
    n = _whole_agents(agents)
    n, a = np.broadcast_arrays(n.astype(np.int64), _rates("load", load))
    _check_load(a, n)
    k = _k0(a, n)
    b = _b_start(k, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(int((n - k).max(initial=0))):
            go = k < n
            k = k + go
            b = np.where(go, a * b / (k + a * b), b)
    b = np.where(a == 0, np.where(n == 0, 1.0, 0.0), b)
    return b if b.ndim else float(b)


def erlang_c(agents, load):
    """Erlang C: the probability that an arrival waits, with ``agents`` and ``load`` Erlangs.

    1 where ``agents <= load`` (the queue grows without bound).

    Examples
    --------
    >>> round(float(erlang_c(14, 10.0)), 4)   # 100 calls / 30 min, 3 min each
    0.1741
    """
    n = np.asarray(agents).astype(np.int64)
    a = _rates("load", load)
    b = erlang_b(n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * b / (n - a * (1 - b))
    c = np.where(n > a, c, 1.0)
    c = np.where(a == 0, 0.0, c)
    return c if np.ndim(c) else float(c)


# --------------------------------------------------------------------------- Erlang A
def _log_a(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """log A(x, y) = log(x e^y y^-x gamma(x, y)), stable for large and small arguments."""
    from scipy import special
    x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p = special.gammainc(x, y)
        out = (np.log(x) + y - x * np.log(y) + special.gammaln(x) + np.log(p))
    low = ~(p > 1e-250)
    if low.any():
        out = np.array(out, dtype=float)
        out[low] = np.log(_a_series(x[low], y[low]))
    return out


def _a_series(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """A(x, y) = sum_k y^k / ((x+1)...(x+k)), used where y is well below x (the terms fall
    at least as fast as (y/x)^k: enough of them for a relative error below 1e-15)."""
    out = np.empty(len(x))
    for j in range(len(x)):  # rows needing the series are few: well-staffed, huge x
        rho = y[j] / (x[j] + 1)
        terms = int(min(200_000, max(50, 40 / max(1e-12, 1 - rho))))
        i = np.arange(1, terms + 1)
        out[j] = 1.0 + np.cumprod(y[j] / (x[j] + i)).sum()
    return out


def _erlang_a(n, a, r, tt):
    """Erlang A in units of the mean handling time: n agents, load a, r = theta / mu,
    answer within tt handling times. Returns p_wait, p_abandon, served within tt (share of
    arrivals) and offered wait within tt.

    The ratios of incomplete gammas are taken in log space (log gamma(x, z) = x log z - z +
    log A(x, z) - log x), so huge x (long patience, many agents) neither overflows nor
    underflows; with u = y e^-(r tt), log u = log y - r tt exactly.
    """
    n, a = np.asarray(n, float), np.asarray(a, float)
    b = np.asarray(erlang_b(n.astype(np.int64), a), float)
    x, y = np.maximum(n, 1e-12) / r, np.maximum(a, 1e-300) / r
    la_xy = _log_a(x, y)
    inv_a = np.exp(-la_xy)   # 1 / A: A itself overflows when y is far above x
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p_wait = np.where(n == 0, 1.0, 1 / (1 + (1 - b) * inv_a / b))
        rho = y / x
        ab_wait = np.where(n == 0, 1.0, inv_a / rho + 1 - 1 / rho)
        u = y * np.exp(-r * tt)
        shift = -y * np.expm1(-r * tt)   # y - u
        lx1 = np.log1p(1 / x)
        served_all = np.exp(_log_a(x + 1, y) - la_xy - lx1)
        not_yet = np.exp(-(x + 1) * r * tt + shift + _log_a(x + 1, u) - la_xy - lx1)
        offered_over = np.exp(-x * r * tt + shift + _log_a(x, u) - la_xy)
    served_wait = np.where(n == 0, 0.0, np.nan_to_num(served_all - not_yet))
    offered_over = np.where(n == 0, 1.0, np.nan_to_num(offered_over))
    within = (1 - p_wait) + p_wait * np.clip(served_wait, 0, 1)
    return (np.clip(p_wait, 0, 1), np.clip(p_wait * ab_wait, 0, 1), np.clip(within, 0, 1),
            np.clip(1 - p_wait * offered_over, 0, 1))


# --------------------------------------------------------------------------- metrics
def _metrics(n, a, tt, r):
    """The queue's measures for n agents, load a (Erlangs), target tt and r = theta/mu
    (None: Erlang C); waits in handling-time units."""
    n, a = np.asarray(n, float), np.asarray(a, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        occupancy = np.where(n > 0, a / n, np.nan)
        if r is None:
            c = np.asarray(erlang_c(n.astype(np.int64), a), float)
            stable = n > a
            sl = np.where(stable, 1 - c * np.exp(-(n - a) * tt), 0.0)
            wait = np.where(stable, c / (n - a), np.inf)
            out = {"p_wait": c, "service_level": sl, "service_level_served": sl,
                   "p_abandon": np.zeros_like(a), "mean_wait": wait,
                   "occupancy": np.minimum(occupancy, 1.0)}
        else:
            p_wait, p_ab, within, _ = _erlang_a(n, a, r, tt)
            served = 1 - p_ab
            out = {"p_wait": p_wait, "service_level": within,
                   "service_level_served": np.where(served > 0, within / served, 0.0),
                   "p_abandon": p_ab, "mean_wait": p_ab / r,
                   "occupancy": np.minimum(a * served / np.maximum(n, 1e-300), 1.0)}
    idle = a == 0  # no arrivals: nobody waits
    for key, value in (("p_wait", 0.0), ("service_level", 1.0), ("service_level_served", 1.0),
                       ("p_abandon", 0.0), ("mean_wait", 0.0)):
        out[key] = np.where(idle, value, out[key])
    return out


def queue_metrics(rate, aht, agents, *, answer_within, patience=None,
                  locale: str | None = None) -> pd.DataFrame:
    """Service level, waiting, abandonment and occupancy of ``agents`` on a queue.

    Parameters
    ----------
    rate : float or array
        Arrivals per hour.
    aht : str or Timedelta
        Mean handling time per arrival ('6min', '30min').
    agents : int or array of int
        Agents answering.
    answer_within : str or Timedelta
        The service-level threshold ('20s', '2h').
    patience : str or Timedelta, optional
        Mean patience before abandoning (Erlang A); None: nobody abandons (Erlang C).
    locale : {None, "en_US", "zh_CN"}
        The language of its errors (it reads no data); None: English.

    Returns
    -------
    DataFrame
        ``agents, load`` (Erlangs), ``p_wait``, ``service_level`` (share of all arrivals
        answered within the threshold; with patience, abandons count as misses),
        ``service_level_served`` (among those answered), ``p_abandon``, ``mean_wait_hours``
        (Erlang C: the average speed of answer; Erlang A: mean time in queue of all
        arrivals, P(abandon) x patience), ``occupancy``.

    Examples
    --------
    >>> t = queue_metrics(200, "3min", [11, 12, 13, 14], answer_within="20s")
    >>> print(t[["agents", "p_wait", "service_level"]].round(4).to_string(index=False))
     agents  p_wait  service_level
         11  0.6821         0.3896
         12  0.4494         0.6402
         13  0.2853         0.7956
         14  0.1741         0.8884
    """
    lang = checks.locale(locale)
    hours = _duration("aht", aht, lang=lang)
    t = _duration("answer_within", answer_within, allow_zero=True, lang=lang)
    r = None if patience is None else hours / _duration("patience", patience, lang=lang)
    lam = _rates("rate", rate, lang)
    n = _whole_agents(agents, lang)
    n, lam = np.broadcast_arrays(np.atleast_1d(n), np.atleast_1d(lam))
    m = _metrics(n, lam * hours, t / hours, r)
    out = pd.DataFrame({"agents": n.astype(np.int64), "load": lam * hours, **m})
    out["mean_wait_hours"] = out.pop("mean_wait") * hours
    return out[["agents", "load", "p_wait", "service_level", "service_level_served",
                "p_abandon", "mean_wait_hours", "occupancy"]]


def _search(a, tt, r, target, max_occupancy, cap):
    """Smallest n per load meeting the target (and occupancy cap); -1 when not within cap."""
    a = np.asarray(a, float)
    need = np.full(a.shape, -1, dtype=np.int64)
    need[a == 0] = 0
    floor = np.floor(a).astype(np.int64) if r is None else np.floor(a * target).astype(np.int64)
    if max_occupancy is not None:
        floor = np.maximum(floor, np.floor(a / max_occupancy).astype(np.int64) - 1)
    n = np.maximum(floor, 0)
    b = np.asarray(erlang_b(n, a), float).reshape(a.shape)
    while (need < 0).any():
        n = n + 1
        with np.errstate(divide="ignore", invalid="ignore"):
            b = a * b / (n + a * b)
        todo = need < 0
        if (n[todo] > cap).all():
            break
        ok = _meets(n[todo], a[todo], b[todo], tt, r, target, max_occupancy)
        idx = np.flatnonzero(todo)[ok & (n[todo] <= cap)]
        need[idx] = n[idx]
    return need


def _meets(n, a, b, tt, r, target, max_occupancy):
    """Does each (n, a) reach the target service level (and the occupancy cap)?"""
    with np.errstate(divide="ignore", invalid="ignore"):
        if r is None:
            c = np.where(n > a, n * b / (n - a * (1 - b)), 1.0)
            sl = np.where(n > a, 1 - c * np.exp(-(n - a) * tt), 0.0)
            occ = a / n
        else:
            _, p_ab, sl, _ = _erlang_a(n, a, r, tt)
            occ = a * (1 - p_ab) / n
    ok = sl >= target
    if max_occupancy is not None:
        ok &= occ <= max_occupancy
    return ok


def agents_needed(rate, aht, *, target=0.8, answer_within, patience=None,
                  max_occupancy=None, cap: int = 1_000_000, locale: str | None = None):
    """The fewest agents that answer ``target`` of arrivals within ``answer_within``.

    Parameters
    ----------
    rate : float or array
        Arrivals per hour.
    aht : str or Timedelta
        Mean handling time ('3min').
    target : float, default 0.8
        Share to answer within ``answer_within`` (0 < target < 1); with ``patience``,
        a share of all arrivals (abandons count as misses).
    answer_within : str or Timedelta
        E.g. '20s' (the 80/20 rule) or '2h'.
    patience : str or Timedelta, optional
        Mean patience (Erlang A); None for Erlang C.
    max_occupancy : float, optional
        Also keep the agents' occupancy at or below this share (e.g. 0.85).
    cap : int
        Give up beyond this many agents (the answer is then -1).
    locale : {None, "en_US", "zh_CN"}
        The language of its errors (it reads no data); None: English.

    Returns
    -------
    int or ndarray of int

    Examples
    --------
    >>> int(agents_needed(200, "3min", answer_within="20s"))          # 80/20
    14
    >>> int(agents_needed(200, "3min", answer_within="20s", patience="2min"))
    12
    """
    lang = checks.locale(locale)
    hours = _duration("aht", aht, lang=lang)
    t = _duration("answer_within", answer_within, allow_zero=True, lang=lang)
    target = _share("target", target, eg="0.8", lang=lang)
    r = None if patience is None else hours / _duration("patience", patience, lang=lang)
    if max_occupancy is not None:
        max_occupancy = _share("max_occupancy", max_occupancy, eg="0.85", lang=lang)
    a = _rates("rate", rate, lang) * hours
    _check_load(a, lang=lang)
    out = _search(np.atleast_1d(a), t / hours, r, target, max_occupancy, cap)
    return out.reshape(np.shape(a)) if np.ndim(a) else int(out[0])


# --------------------------------------------------------------------------- staffing
@dataclass
class StaffingResult(Result):
    """What :func:`staffing` returns: agents per period and the service they give.

    ``.table``: one row per period (see :func:`staffing`); ``.model``: the queueing model's
    name ("erlang_c" or "erlang_a"); ``.inputs``: the inputs in plain units.
    """

    inputs: dict = field(default_factory=dict)

    def summary(self) -> str:
        lang = self.text_locale
        t = self.table.dropna(subset=["agents"])
        if t.empty:
            return tr("No period could be staffed to the target.", lang)
        peak = t.loc[t["agents"].idxmax()]
        i = self.inputs
        span = (tr("a period", lang) if len(t) == 1 else tr(
            "the {k} periods need {low} to {high} agents on duty at a time; the busiest, "
            "{period},", lang, k=fmt_int(len(t), lang), low=int(t["agents"].min()),
            high=int(t["agents"].max()), period=_label(peak["period"], lang)))
        head = tr("To answer {target} of complaints within {within} ({model}), {span} with "
                  "{arrivals} arrivals needs {agents} agents on duty ({scheduled} scheduled "
                  "with {shrinkage} shrinkage) for a service level of {level}.", lang,
                  target=fmt_pct(i["target"], lang), within=i["answer_within"],
                  model=self.model.replace("_", " ").title(), span=span,
                  arrivals=fmt_int(peak["demand"], lang),
                  agents=int(peak["agents"]), scheduled=int(peak["scheduled"]),
                  shrinkage=fmt_pct(i["shrinkage"], lang),
                  level=fmt_pct(peak["service_level"], lang))
        if "agents_upper" in t and t["agents_upper"].notna().any():
            head += tr(" Staffed for the forecast's upper bound instead, the busiest period "
                       "needs {k} on duty.", lang, k=int(t["agents_upper"].max()))
        return head

    def plot(self, ax=None, *, title=None):
        """Demand (left axis) and agents on duty (right axis) per period."""
        from ..plotting import fix_fonts, new_axes, plot_context

        lang = self.text_locale
        with plot_context():
            fig, ax = new_axes(ax)
            t = self.table
            x = np.arange(len(t))
            ax.bar(x, t["demand"], color="0.75", label=tr("arrivals (mean)", lang))
            ax.set_ylabel(tr("arrivals per period", lang))
            right = ax.twinx()
            right.step(x, t["agents"], where="mid", color="C0",
                       label=tr("agents on duty", lang))
            if "agents_upper" in t:
                right.step(x, t["agents_upper"], where="mid", color="C3", linestyle="--",
                           label=tr("agents for the upper bound", lang))
            right.set_ylabel(tr("agents on duty", lang))
            # headroom above the highest step, so the legend (upper left) does not cover it
            top = pd.to_numeric(t.get("agents_upper", t["agents"]), errors="coerce").max()
            top = max(float(top) if pd.notna(top) else 1.0,
                      float(pd.to_numeric(t["agents"], errors="coerce").max() or 1.0))
            right.set_ylim(0, 1.3 * top + 1)
            most = pd.to_numeric(t["demand"], errors="coerce").max()
            ax.set_ylim(0, 1.3 * (float(most) if pd.notna(most) and most > 0 else 1.0))
            ticks = x[:: max(1, len(x) // 8)]
            ax.set_xticks(ticks, [_label(p, lang) for p in t["period"].iloc[ticks]],
                          rotation=30)
            ax.set_xlabel(tr("period", lang))
            lines = ax.get_legend_handles_labels()
            more = right.get_legend_handles_labels()
            ax.legend(lines[0] + more[0], lines[1] + more[1], loc="upper left")
            ax.set_title(title or tr("Agents needed for {target} within {within}", lang,
                                     target=fmt_pct(self.inputs["target"], lang),
                                     within=self.inputs["answer_within"]))
            fix_fonts(ax, right)
        return ax


def _label(p, lang: str | None = None) -> str:
    """A period as text: ISO in English (2025-01-02, 2025-01-02 10:00), the locale's date
    elsewhere (2025年1月2日 10:00)."""
    if isinstance(p, np.datetime64):
        p = pd.Timestamp(p)
    if isinstance(p, pd.Timestamp):
        if is_english(lang):
            return str(p.date()) if p == p.normalize() else p.strftime("%Y-%m-%d %H:%M")
        day = fmt_date(p, lang)
        return day if p == p.normalize() else f"{day} {p:%H:%M}"
    return str(p)


def _demand_frame(demand, lang: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """demand as ``period, demand[, demand_upper]`` and notes."""
    if hasattr(demand, "table") and hasattr(demand, "backtest"):
        demand = demand.table
    if isinstance(demand, (bool, np.bool_)) or demand is None or isinstance(demand, str):
        raise TypeError(tr(MESSAGES["demand_type"], lang, kind=type(demand).__name__))
    if isinstance(demand, (int, float, np.number)):
        return pd.DataFrame({"period": [0], "demand": [float(demand)]}), []
    if isinstance(demand, pd.Series):
        demand = pd.DataFrame({"period": demand.index, "n": demand.to_numpy()})
    if not isinstance(demand, pd.DataFrame):
        raise TypeError(tr(MESSAGES["demand_type"], lang, kind=type(demand).__name__))
    checks.check_frame(demand, "demand")
    col = "forecast" if "forecast" in demand.columns else "n" if "n" in demand.columns else None
    if col is None:
        raise KeyError(tr(MESSAGES["demand_columns"], lang,
                          columns=fmt_list(map(str, demand.columns), lang)))
    period = demand["period"] if "period" in demand.columns else pd.Series(demand.index)
    out = pd.DataFrame({"period": period.to_numpy(), "demand": demand[col].to_numpy()})
    if col == "forecast" and "upper" in demand.columns:
        out["demand_upper"] = demand["upper"].to_numpy()
    return _pooled(out, lang)


def _pooled(out: pd.DataFrame, lang: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Several rows per period (a count table by group): add them up, say so."""
    k = int(out.groupby("period", sort=False).size().max())
    if k == 1:
        return out.reset_index(drop=True), []
    summed = out.groupby("period", sort=True).sum(min_count=1).reset_index()
    return summed, [tr(MESSAGES["pooled"], lang, k=k,
                       cols=tr("one row per group", lang))]


def _check_counts(demand: pd.DataFrame, lang: str | None = None) -> None:
    for col in [c for c in ("demand", "demand_upper") if c in demand]:
        v = demand[col]
        if not pd.api.types.is_numeric_dtype(v) or pd.api.types.is_bool_dtype(v):
            raise TypeError(tr(MESSAGES["number"], lang,
                               name=tr("demand column {col!r}", lang, col=col),
                               kind=str(v.dtype)))
        x = v.to_numpy(dtype=float, na_value=np.nan)
        for bad, key in ((x < 0, "negative"), (np.isinf(x), "infinite")):
            if bad.any():
                where = tr("in period {period}", lang,
                           period=_label(demand["period"][bad].iloc[0], lang))
                raise ValueError(tr(MESSAGES[key], lang, name="demand",
                                    value=x[bad][0].item(), where=where))


def _interval(demand: pd.DataFrame, interval: str, lang: str | None = None) -> None:
    """The periods' spacing must match ``interval`` (when they are times)."""
    p = demand["period"]
    if len(p) < 2 or not pd.api.types.is_datetime64_any_dtype(p):
        return
    step = pd.Series(p).sort_values().diff().dropna().min()
    spacing = {pd.Timedelta(hours=1): "hour", pd.Timedelta(days=1): "day"}.get(step)
    if spacing is None:
        raise ValueError(tr(MESSAGES["spacing"], lang, spacing=step))
    if spacing != interval:
        one = tr("one hour", lang) if spacing == "hour" else tr("one day", lang)
        raise ValueError(tr(MESSAGES["interval_mismatch"], lang, spacing=one,
                            interval=interval, other=spacing))


def staffing(demand, *, aht, answer_within, target: float = 0.8, patience=None,
             interval: str = "day", hours_per_day: float = 8.0, shrinkage: float = 0.0,
             max_occupancy: float | None = None, locale: str | None = None) -> StaffingResult:
    """Agents needed per hour or day to answer ``target`` of complaints within a time.

    A complaint queue as an Erlang queue: arrivals per hour (``demand`` per period, spread
    evenly over the open hours of a day when ``interval="day"``), the handling time an
    agent spends per complaint (``aht``), and the first-response SLA as ``answer_within``.
    Erlang C by default; Erlang A when ``patience`` is given (customers who give up).
    See docs/staffing.md for how complaints (not calls) map onto the model, and its limits.

    Parameters
    ----------
    demand : number, count table, forecast or Series
        A number (arrivals in one period); ``ck.complaint_counts(...)`` (``period, n``; rows
        of several groups in a period are added up, as one pooled queue); a
        ``ck.forecast(...)`` result or its ``.table``: staffed for the mean (``forecast``)
        and, in the ``*_upper`` columns, for the interval's ``upper`` bound; or a Series of
        counts indexed by period.
    aht : str or Timedelta
        Mean handling time per complaint, e.g. '30min' (agent time, not elapsed time).
    answer_within : str or Timedelta
        The first-response SLA, e.g. '2h' (high priority) or '20s' for calls.
    target : float, default 0.8
        Share of complaints to answer within ``answer_within``.
    patience : str or Timedelta, optional
        Mean time a customer waits before giving up (Erlang A). None: Erlang C.
    interval : {"day", "hour"}
        What one period of ``demand`` is; the periods' spacing is checked against it.
    hours_per_day : float, default 8
        Open hours a day (``interval="day"``): the day's arrivals are spread over them.
        24 for a round-the-clock service.
    shrinkage : float, default 0
        Share of paid time not on the queue (breaks, training, leave): scheduled agents =
        agents on duty / (1 - shrinkage).
    max_occupancy : float, optional
        Also keep occupancy at or below this share (e.g. 0.85).
    locale : {None, "en_US", "zh_CN"}
        The language of the summary, notes, errors and chart; None: the demand's own (a
        count table or forecast of a Chinese world speaks Chinese), else English.

    Returns
    -------
    StaffingResult
        ``.table``: ``period, demand`` (arrivals in the period), ``rate_per_hour``,
        ``load`` (Erlangs), ``agents`` (on duty at a time), ``scheduled`` (with shrinkage),
        ``agent_hours`` (scheduled x open hours of the period), ``service_level``,
        ``service_level_served``, ``p_wait``, ``p_abandon``, ``mean_wait_hours``,
        ``occupancy``; for a forecast also ``demand_upper, agents_upper,
        scheduled_upper``. ``agents`` is missing where the target cannot be reached.

    Examples
    --------
    >>> import complaintkit as ck
    >>> res = ck.staffing(100, aht="3min", answer_within="20s", interval="hour")
    >>> int(res.table["agents"].iloc[0]), round(float(res.table["service_level"].iloc[0]), 3)
    (8, 0.88)
    >>> counts = ck.complaint_counts(ck.load_dataset("ecommerce_en").complaints)
    >>> res = ck.staffing(counts, aht="45min", answer_within="2h", hours_per_day=24)
    >>> res.notes[0]
    'all 365 periods used'
    """
    lang = locale_of(demand, locale=checks.locale(locale))
    if lang is None and isinstance(getattr(demand, "text_locale", None), str):
        lang = demand.text_locale  # a forecast speaks its counts' language (issue 13 item 4)
    hours = _duration("aht", aht, lang=lang)
    t = _duration("answer_within", answer_within, allow_zero=True, lang=lang)
    target = _share("target", target, eg="0.8", lang=lang)
    r = None if patience is None else hours / _duration("patience", patience, lang=lang)
    checks.one_of("interval", interval, ("day", "hour"))
    open_h = _hours_per_day(hours_per_day, lang) if interval == "day" else 1.0
    shrinkage = _share("shrinkage", shrinkage, eg="0.3", low_closed=True, lang=lang)
    if max_occupancy is not None:
        max_occupancy = _share("max_occupancy", max_occupancy, eg="0.85", lang=lang)
    frame, notes = _demand_frame(demand, lang)
    _check_counts(frame, lang)
    _interval(frame, interval, lang)
    ledger = RowLedger(frame, unit="periods", locale=lang)
    used = ledger.drop(frame["demand"].isna().to_numpy(), tr("without a count", lang))
    if used.empty:
        raise ValueError(tr(MESSAGES["all_missing"], lang))
    table = _staff(used, hours, t, r, target, max_occupancy, open_h, shrinkage, lang)
    notes += _staffing_notes(table, patience, answer_within, lang)
    return StaffingResult(
        table=table, model="erlang_c" if r is None else "erlang_a",
        assumptions=[tr(a, lang) for a in ASSUMPTIONS], notes=notes, ledger=ledger,
        inputs={"aht_hours": hours, "answer_within": str(answer_within), "target": target,
                "patience": patience, "interval": interval, "open_hours": open_h,
                "shrinkage": shrinkage, "max_occupancy": max_occupancy})


def _hours_per_day(value, lang: str | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) \
            or not 0 < float(value) <= 24:
        raise ValueError(tr(MESSAGES["hours_per_day"], lang, value=value))
    return float(value)


def _staff(used, hours, t, r, target, max_occupancy, open_h, shrinkage,
           lang: str | None = None) -> pd.DataFrame:
    """One row per period: agents for the mean (and the upper bound) and their service."""
    out = used.reset_index(drop=True).copy()
    rate = out["demand"].to_numpy(float) / open_h
    out["rate_per_hour"] = rate
    out["load"] = rate * hours
    _check_load(out["load"].to_numpy(), periods=out["period"].to_numpy(), lang=lang)
    if "demand_upper" in out:
        _check_load(out["demand_upper"].to_numpy(float) / open_h * hours,
                    periods=out["period"].to_numpy(), lang=lang)
    need = _search(out["load"].to_numpy(), t / hours, r, target, max_occupancy, 100_000)
    out["agents"] = pd.array(np.where(need >= 0, need, -1), dtype="Int64")
    out.loc[need < 0, "agents"] = pd.NA
    out["scheduled"] = _scheduled(out["agents"], shrinkage)
    out["agent_hours"] = out["scheduled"].astype("Float64") * open_h
    m = _metrics(np.where(need >= 0, need, 0), out["load"].to_numpy(), t / hours, r)
    for key in ("service_level", "service_level_served", "p_wait", "p_abandon"):
        out[key] = np.where(need >= 0, m[key], np.nan)
    out["mean_wait_hours"] = np.where(need >= 0, m["mean_wait"] * hours, np.nan)
    out["occupancy"] = np.where(need > 0, m["occupancy"], np.nan)
    if "demand_upper" in out:
        up = out["demand_upper"].to_numpy(float) / open_h * hours
        n_up = _search(np.nan_to_num(up), t / hours, r, target, max_occupancy, 100_000)
        bad = (n_up < 0) | np.isnan(up)
        out["agents_upper"] = pd.array(np.where(bad, 0, n_up), dtype="Int64")
        out.loc[bad, "agents_upper"] = pd.NA
        out["scheduled_upper"] = _scheduled(out["agents_upper"], shrinkage)
    return out


def _scheduled(agents: pd.Series, shrinkage: float) -> pd.Series:
    x = agents.astype("Float64") / (1 - shrinkage)
    return np.ceil(x - 1e-9).astype("Int64")


def _staffing_notes(table: pd.DataFrame, patience, answer_within,
                    lang: str | None = None) -> list[str]:
    notes = [tr(MESSAGES["model_c" if patience is None else "model_a"], lang,
                t=answer_within, p=patience)]
    if "demand_upper" in table:
        notes.append(tr(MESSAGES["forecast"], lang))
    miss = table["agents"].isna()
    if miss.any():
        notes.append(tr(MESSAGES["unreached"], lang, k=int(miss.sum()), cap=100_000,
                        first=_label(table.loc[miss, "period"].iloc[0], lang)))
    zero = (table["demand"] == 0).sum()
    if zero:
        notes.append(tr(MESSAGES["empty_periods"], lang, k=int(zero)))
    return notes


# --------------------------------------------------------------------------- triage: the SLA
@dataclass
class SlaResult(Result):
    """What :func:`sla` returns: first-response SLA compliance by group, with intervals.

    ``.table``: one row per group; ``.mismatches``: the complaints whose recorded ``sla_met``
    disagrees with the recomputation (``complaint_id, priority, hours_to_first_response,
    sla_hours, recorded, recomputed``).
    """

    mismatches: pd.DataFrame = field(default_factory=pd.DataFrame)
    confidence: float = 0.95
    locale: str | None = None

    def _names(self) -> pd.Series:
        """Each row's group as text, in the locale's labels when one was given (or when the
        data speak another language than English); else the codes."""
        t, lang = self.table, self.text_locale
        shown = self.locale or (None if is_english(lang) else lang)
        keys = list(t.columns[: self._n_keys()])
        if not keys:
            return pd.Series([tr("all", lang)] * len(t), index=t.index)
        parts = []
        for key in keys:
            names = checks.level_labels(key, shown, t[key].astype(str).unique())
            parts.append(t[key].astype(str).map(lambda v, n=names: n.get(v, v)))
        return pd.concat(parts, axis=1).agg(" / ".join, axis=1)

    def summary(self) -> str:
        t, lang = self.table, self.text_locale
        worst_at = t["share_met"].idxmin()
        worst = t.loc[worst_at]
        all_k, all_n = int(t["met"].sum()), int(t["n"].sum())
        name = self._names()[worst_at]
        mm = (tr(" {k} recorded sla_met values disagree with the times.", lang,
                 k=fmt_int(len(self.mismatches), lang)) if len(self.mismatches) else "")
        share, lo, hi = (fmt_pct(worst[c], lang) for c in ("share_met", "ci_lower", "ci_upper"))
        lowest = (tr(" Lowest: {name}, {share} ({lo} to {hi}).", lang, name=name, share=share,
                     lo=lo, hi=hi) if len(t) > 1 else
                  tr(" ({lo} to {hi}).", lang, lo=lo, hi=hi))
        return tr("{share} of {n} complaints had a first response within the SLA of their "
                  "priority.{lowest}{mismatches}", lang, share=fmt_pct(all_k / all_n, lang),
                  n=fmt_int(all_n, lang), lowest=lowest, mismatches=mm)

    def _n_keys(self) -> int:
        return list(self.table.columns).index("n")

    def plot(self, ax=None, *, title=None):
        """Share met per group with its interval."""
        from ..plotting import fix_fonts, new_axes, plot_context

        lang = self.text_locale
        with plot_context():
            fig, ax = new_axes(ax)
            t = self.table
            names = self._names()
            y = np.arange(len(t))
            err = [(t["share_met"] - t["ci_lower"]).clip(lower=0),
                   (t["ci_upper"] - t["share_met"]).clip(lower=0)]
            ax.errorbar(t["share_met"], y, fmt="o", xerr=err)
            ax.set_yticks(y, list(names))
            ax.set_xlim(0, 1.02)
            ax.set_xlabel(tr("share answered within the SLA", lang))
            ax.set_title(title or tr("First response within the SLA ({confidence} intervals)",
                                     lang, confidence=fmt_pct(self.confidence, lang)))
            fix_fonts(ax)
        return ax


def sla_targets(priority: pd.Series, sla_hours: dict) -> pd.Series:
    """The first-response SLA (hours) of each complaint, from its priority.

    The world's rule (scenario ``handling.sla_hours``; ecommerce: high 2 h, medium 24 h,
    low 48 h): a complaint's SLA is the hours of its priority; a priority the table does not
    name, or a missing one, gets no SLA (NaN).

    Examples
    --------
    >>> sla_targets(pd.Series(["high", "low", None]), {"high": 2, "medium": 24, "low": 48})
    0     2.0
    1    48.0
    2     NaN
    dtype: float64
    """
    _check_sla_hours(sla_hours, locale_of(priority))
    return priority.astype(object).map({k: float(v) for k, v in sla_hours.items()}) \
        .astype(float)


def _check_sla_hours(sla_hours, lang: str | None = None) -> None:
    ok = isinstance(sla_hours, dict) and sla_hours and all(
        isinstance(k, str) and not isinstance(v, bool) and isinstance(v, (int, float))
        and math.isfinite(v) and v > 0 for k, v in sla_hours.items())
    if not ok:
        raise ValueError(tr(MESSAGES["sla_hours"], lang, value=sla_hours))


def _scenario_sla(data: pd.DataFrame, lang: str | None = None) -> dict:
    """The SLA table of the scenario that made ``data`` (the kit's worlds mark it)."""
    made = data.attrs.get("complaintkit") if isinstance(data.attrs, dict) else None
    name = made.get("scenario") if isinstance(made, dict) else None
    if not name:
        raise ValueError(tr(MESSAGES["sla_unknown"], lang))
    from ..scenario import get_scenario

    return dict(get_scenario(name).handling.sla_hours)


def sla(complaints: pd.DataFrame, by=_PRIORITY_COL, *, agents: pd.DataFrame | None = None,
        sla_hours: dict | None = None, confidence: float = 0.95,
        locale: str | None = None) -> SlaResult:
    """First-response SLA compliance by priority, channel or team, with Wilson intervals.

    Each complaint's SLA comes from its priority (:func:`sla_targets`); it is met when the
    first response came within it. The recorded ``sla_met`` (when the complaints have it) is
    checked against this recomputation and every disagreement is named.

    Parameters
    ----------
    complaints : DataFrame
        ``priority, received_at, first_response_at`` (date-times), optionally ``sla_met``,
        ``complaint_id``, ``agent_id`` and the ``by`` columns.
    by : str or list of str, default "priority"
        Groups (e.g. ``["priority", "channel"]``, ``"team"``); None for one row.
    agents : DataFrame, optional
        The agents table (``agent_id, team``), joined when ``by`` names ``team``.
    sla_hours : dict, optional
        Priority -> SLA hours; default the scenario that made the complaints.
    confidence : float, default 0.95
        Coverage of the Wilson intervals.
    locale : {None, "en_US", "zh_CN"}
        Show the groups in the plot and the summary as this locale's labels (高, 电话 in a zh
        world) and write every text in its language; None: the complaints' own (a Chinese
        world's speak Chinese, with labels; an English one shows the codes). The table keeps
        the codes.

    Returns
    -------
    SlaResult
        ``.table``: the ``by`` columns, ``n, met, share_met, ci_lower, ci_upper,
        median_hours`` (to first response), ``sla_hours`` (when one per group),
        ``mismatches`` (recorded vs recomputed).

    Examples
    --------
    >>> import complaintkit as ck
    >>> res = ck.sla(ck.load_dataset("ecommerce_en").complaints)
    >>> print(res.table[["priority", "sla_hours"]].to_string(index=False))
    priority  sla_hours
         low       48.0
      medium       24.0
        high        2.0
    >>> len(res.mismatches)
    0
    """
    conf = checks.confidence(confidence)
    locale = checks.locale(locale)
    lang = locale_of(complaints, locale=locale)
    data = checks.check_frame(complaints, "complaints")
    data = _with_team(data, checks.by_columns(by), agents, lang)
    keys = checks.by_columns(by, data)
    checks.check_columns(data, [_PRIORITY_COL, "received_at", "first_response_at"],
                         "complaints")
    table_sla = _scenario_sla(data, lang) if sla_hours is None else sla_hours
    _check_sla_hours(table_sla, lang)
    ledger = RowLedger(data, unit="complaints", locale=lang)
    hours = _response_hours(data)
    target = sla_targets(data[_PRIORITY_COL], table_sla)
    used = ledger.drop(hours.isna().to_numpy(), tr("without a first response", lang))
    used = ledger.drop(target[used.index].isna().to_numpy(),
                       tr("with a priority the SLA table does not name", lang), data=used)
    for key in keys:
        what = key if is_english(lang) else checks.column_label(key, lang)
        used = ledger.drop(used[key].isna().to_numpy(), tr("without a {column}", lang,
                                                           column=what), data=used)
    frame = used.assign(_hours=hours[used.index], _sla=target[used.index])
    frame["_met"] = frame["_hours"] <= frame["_sla"] + 1 / 3600
    mismatches, notes = _mismatches(frame, lang)
    table = _compliance(frame, keys, conf, mismatches)
    return SlaResult(table=table, assumptions=[tr(a, lang) for a in _SLA_ASSUMPTIONS],
                     notes=notes, ledger=ledger, mismatches=mismatches, confidence=conf,
                     locale=locale)


_SLA_ASSUMPTIONS = [
    N_("a complaint's SLA is the first-response hours of its priority, counted in elapsed "
       "(calendar) hours from received_at, not in working hours"),
    N_("complaints are independent of each other (Wilson intervals; no clustering by "
       "customer)"),
    N_("a response within one second of the SLA counts as met (times are stored to the "
       "second)"),
]


def _with_team(data: pd.DataFrame, keys: list[str], agents,
               lang: str | None = None) -> pd.DataFrame:
    if "team" not in keys or "team" in data.columns:
        return data
    if agents is None:
        raise KeyError(tr(MESSAGES["team_needs_agents"], lang))
    agents = checks.check_frame(agents, "agents")
    checks.check_columns(agents, ["agent_id", "team"], "agents")
    checks.check_columns(data, ["agent_id"], "complaints")
    team = agents.drop_duplicates("agent_id").set_index("agent_id")["team"]
    return data.assign(team=data["agent_id"].map(team))


def _response_hours(data: pd.DataFrame) -> pd.Series:
    rec = checks.times(data, "received_at", missing="keep")
    first = checks.times(data, "first_response_at", missing="keep")
    return (first - rec).dt.total_seconds() / 3600


def _mismatches(frame: pd.DataFrame,
                lang: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    cols = ["complaint_id", "priority", "hours_to_first_response", "sla_hours", "recorded",
            "recomputed"]
    if "sla_met" not in frame.columns:
        return pd.DataFrame(columns=cols), [tr(MESSAGES["no_recorded"], lang)]
    rec = frame["sla_met"].astype("boolean")
    bad = (rec != frame["_met"]).fillna(False).to_numpy(bool)
    ids = frame["complaint_id"] if "complaint_id" in frame else pd.Series(frame.index,
                                                                         index=frame.index)
    out = pd.DataFrame({"complaint_id": ids[bad].to_numpy(),
                        "priority": frame[_PRIORITY_COL][bad].astype(object).to_numpy(),
                        "hours_to_first_response": frame["_hours"][bad].to_numpy(),
                        "sla_hours": frame["_sla"][bad].to_numpy(),
                        "recorded": rec[bad].to_numpy(), "recomputed": frame["_met"][bad]
                        .to_numpy()}, columns=cols)
    notes = []
    edge = ((frame["_hours"] > frame["_sla"]) & frame["_met"]).sum()
    if edge:
        notes.append(tr(MESSAGES["boundary"], lang, k=int(edge)))
    if len(out):
        notes.append(tr(MESSAGES["mismatch"], lang, k=len(out),
                        ids=fmt_list(map(str, out["complaint_id"].head(5)), lang)))
    else:
        notes.append(tr(MESSAGES["agree"], lang, n=len(frame)))
    return out, notes


def _compliance(frame: pd.DataFrame, keys: list[str], conf: float,
                mismatches: pd.DataFrame) -> pd.DataFrame:
    from statsmodels.stats.proportion import proportion_confint
    frame = frame.assign(_mm=frame["_met"] != frame["sla_met"].astype("boolean")
                         if "sla_met" in frame else False)
    frame["_mm"] = frame["_mm"].fillna(False).astype(bool)
    group = keys or [pd.Series("all", index=frame.index, name="group")]
    out = frame.groupby(group, observed=True, sort=True).agg(
        n=("_met", "size"), met=("_met", "sum"), median_hours=("_hours", "median"),
        sla_min=("_sla", "min"), sla_max=("_sla", "max"), mismatches=("_mm", "sum"))
    out = out.reset_index()
    out["share_met"] = out["met"] / out["n"]
    lo, hi = proportion_confint(out["met"], out["n"], alpha=1 - conf, method="wilson")
    out["ci_lower"], out["ci_upper"] = lo, hi
    out["sla_hours"] = np.where(out["sla_min"] == out["sla_max"], out["sla_min"], np.nan)
    first = [c for c in out.columns if c not in ("n", "met", "share_met", "ci_lower",
                                                 "ci_upper", "median_hours", "sla_hours",
                                                 "mismatches", "sla_min", "sla_max")]
    return out[first + ["n", "met", "share_met", "ci_lower", "ci_upper", "median_hours",
                        "sla_hours", "mismatches"]]
