"""The generator: a company and its customers over a period, with known truth.

Stages (each with its own random stream, see :mod:`._random`)::

    calendar -> orders and problems -> customers -> who complains (voice)
             -> handling, satisfaction, follow-up -> loyalty -> tables + truth

All work is vectorised with NumPy; Faker only fills pools of names that are then sampled.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextlib import nullcontext

import numpy as np
import pandas as pd

from .. import __version__
from ..locale import check_locale, load_locale
from ..scenario import (
    DEPARTMENTS,
    PRIORITIES,
    RESOLUTIONS,
    TIERS,
    Scenario,
    ScenarioError,
    get_scenario,
)
from ..schema import EVENTS, RATING_LEVELS, conform
from ..world import Truth, World
from . import calendar, handling, orders, people, text
from ._random import bernoulli_calibrated, ids, streams

__all__ = ["generate"]

DAY = np.timedelta64(86400, "s")


def generate(scenario: str | Scenario = "ecommerce", *, seed: int = 0,
             n_complaints: int | None = None, n_customers: int | None = None,
             start: str | dt.date | None = None, end: str | dt.date | None = None,
             locale: str = "en_US", progress: bool = False) -> World:
    """Generate a synthetic complaint world.

    Parameters
    ----------
    scenario : str or Scenario
        A preset name (see :func:`complaintkit.scenarios`), a path to a TOML file, or a
        :class:`~complaintkit.Scenario`.
    seed : int
        Same scenario, seed and size give identical tables; another seed, another world.
    n_complaints : int, optional
        Approximate number of complaints (default: the scenario's ``size.n_complaints``).
        Everything else scales with it.
    n_customers : int, optional
        Customers of the company (default: the scenario's ``size.population_customers``).
    start, end : str or date, optional
        Period (``end`` exclusive); default the scenario's. If the training programme's date
        falls outside a changed period, it moves to the period's midpoint.
    locale : {"en_US", "zh_CN"}
        Language of names, places, labels and narratives. Codes are the same in both.
    progress : bool
        Show a progress bar over the stages.

    Returns
    -------
    World
        Tables ``customers``, ``orders``, ``complaints``, ``events``, ``surveys``, ``agents``
        and ``truth``.

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.generate("ecommerce", seed=1, n_complaints=500)
    >>> sorted(w.tables)
    ['agents', 'complaints', 'customers', 'events', 'orders', 'surveys']
    >>> abs(len(w.complaints) - 500) < 100
    True
    """
    check_locale(locale)
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative whole number, not {seed!r}")
    sc = get_scenario(scenario)
    changes: dict = {}
    if n_complaints is not None:
        changes.setdefault("size", {})["n_complaints"] = n_complaints
    if n_customers is not None:
        changes.setdefault("size", {})["population_customers"] = n_customers
    if start is not None:
        changes.setdefault("period", {})["start"] = str(start)
    if end is not None:
        changes.setdefault("period", {})["end"] = str(end)
    if "period" in changes:
        # keep the training programme inside a changed period (at its midpoint if needed)
        new_start, new_end = (_date(changes["period"].get(k, str(getattr(sc.period, k))),
                                    f"period.{k}") for k in ("start", "end"))
        if not new_start < sc.training.date < new_end and new_start < new_end:
            mid = new_start + (new_end - new_start) / 2
            changes["training"] = {"date": mid.isoformat()}
    if changes:
        sc = sc.replace(**changes)
    return _Builder(sc, int(seed), locale, progress).run()


def _date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ScenarioError(f"{name} = {value!r} is not a date (YYYY-MM-DD)") from None


class _Builder:
    STAGES = ("orders", "customers", "complaints", "handling", "loyalty", "tables")

    def __init__(self, sc: Scenario, seed: int, locale: str, progress: bool):
        self.sc, self.seed, self.locale = sc, seed, locale
        self.rng = streams(seed)
        self.loc = load_locale(locale)
        self.progress = progress

    def run(self) -> World:
        bar = _bar(self.progress, len(self.STAGES))
        with bar as b:
            out = None
            for stage in self.STAGES:
                if b is not None:
                    b.set_description(stage)
                out = getattr(self, f"_{stage}")()
                if b is not None:
                    b.update()
        return out

    # ------------------------------------------------------------------ stages
    def _orders(self):
        sc = self.sc
        self.orders, self.pop_facts = orders.draw_orders(sc, self.locale, self.rng["orders"])
        if len(self.orders) == 0:
            raise ScenarioError("the scenario produced no orders; raise size.n_complaints")

    def _customers(self):
        sc, o = self.sc, self.orders
        r = self.rng["customers"]
        self.pop = people.population(sc, self.locale, r)
        o["customer"] = people.assign_customers(sc, self.pop, len(o), r)
        self.names = people.name_pool(self.locale, self.seed)
        o["tier"] = self.pop["tier"].to_numpy()[o["customer"].to_numpy()]
        o["age"] = self.pop["age"].to_numpy()[o["customer"].to_numpy()]

    def _complaints(self):
        """Who voices a problem, and when."""
        sc, o = self.sc, self.orders
        r = self.rng["voice"]
        problems = list(sc.problems)
        has = o["problem"].to_numpy() >= 0
        prob = o.loc[has, "problem"].to_numpy()
        sev = np.array([sc.problems[p].severity for p in problems])[prob]
        amount = o.loc[has, "amount"].to_numpy()
        x = (sc.voice.per_severity * (sev - 3)
             + sc.voice.per_delay_day * np.maximum(o.loc[has, "delay_days"].to_numpy(), 0)
             + sc.voice.per_log_amount * np.log(amount / np.median(amount))
             + np.array([sc.voice.tier[t] for t in TIERS])[o.loc[has, "tier"].to_numpy()])
        voiced, p, self.voice_intercept = bernoulli_calibrated(r, x, sc.voice.rate)
        # improvements: from their start, fewer of the addressed problems are voiced
        keep = np.ones(len(prob))
        rc = o.loc[has, "root_cause"].to_numpy()
        ordered_at = o.loc[has, "ordered_at"].to_numpy()
        for imp in sc.improvements.values():
            k = problems.index(imp.problem)
            names = list(sc.problems[imp.problem].root_causes)
            hit = ((prob == k) & np.isin(rc, [names.index(x) for x in imp.root_causes])
                   & (ordered_at >= np.datetime64(imp.start, "s")))
            keep[hit] *= imp.voice_multiplier
        voiced &= r.random(len(prob)) < keep
        p = p * keep
        o["severity"] = 0
        o.loc[has, "severity"] = sev
        o["voice_p"] = 0.0
        o.loc[has, "voice_p"] = p
        # When: the customer notices at the promised date (late) or on delivery / at once.
        ordered = o.loc[has, "ordered_at"].to_numpy()
        promised = o.loc[has, "promised_days"].to_numpy()
        actual = promised + o.loc[has, "delay_days"].to_numpy()
        immediate = np.isin(prob, [problems.index(k) for k in ("billing_error", "website_error")
                                   if k in problems])
        late = prob == problems.index("delivery_delay")
        notice_days = np.where(immediate, 0.0, np.where(late, promised, actual))
        wait = r.exponential(sc.voice.days_to_complain, len(prob))
        received = ordered + np.round((notice_days + wait) * 86400).astype("timedelta64[s]")
        end = np.datetime64(sc.period.end, "s")
        o["complained"] = False
        o.loc[has, "complained"] = voiced & (received < end)
        o["received_at"] = pd.NaT
        o.loc[has, "received_at"] = received
        self.after_end = int((voiced & (received >= end)).sum())

    def _handling(self):
        sc, o = self.sc, self.orders
        self.agents = people.agents_table(sc, self.names, self.rng["agents"])
        c = o.loc[o["complained"]].copy()
        c["received_at"] = c["received_at"].astype("datetime64[s]")
        c = c.sort_values(["received_at"], kind="stable").reset_index()
        c = c.rename(columns={"index": "order_row"})
        c["category"] = np.array([sc.problems[p].category for p in sc.problems])[c["problem"]]
        self.c, self.handling_facts = handling.handle(sc, c, self.agents, self.rng)
        self.s, self.survey_facts = handling.surveys(sc, self.c, self.rng["surveys"])

    def _loyalty(self):
        """Time to the next purchase from each customer's index event (censored at the end).

        The index event is the customer's first complaint if they complained, else their
        first problem order (silent dissatisfied), else their first sampled order.
        """
        sc, o, c = self.sc, self.orders, self.c
        r = self.rng["loyalty"]
        L = sc.loyalty
        delivered = (o["ordered_at"].to_numpy()
                     + (o["promised_days"] + o["delay_days"]).to_numpy() * DAY)
        kind = np.where(o["complained"], 0, np.where(o["problem"] >= 0, 1, 2))
        idx = pd.DataFrame({"customer": o["customer"].to_numpy(), "kind": kind,
                            "at": delivered, "row": np.arange(len(o))})
        # complaint index: closed_at of the customer's first complaint
        first_c = c.drop_duplicates("customer", keep="first").set_index("order_row")
        comp_rows = first_c.index.to_numpy()
        idx.loc[comp_rows, "at"] = first_c["closed_at"].to_numpy()
        idx = idx[(idx["kind"] > 0) | idx["row"].isin(comp_rows)]
        idx = idx.sort_values(["customer", "kind", "at"], kind="stable")
        idx = idx.drop_duplicates("customer", keep="first").reset_index(drop=True)

        rate = np.array([L.daily_rate[t] for t in TIERS])[self.pop["tier"].to_numpy()
                                                            [idx["customer"].to_numpy()]]
        log_hr = np.where(idx["kind"] == 1, L.silent_log_hr, 0.0)
        is_c = (idx["kind"] == 0).to_numpy()
        crow = first_c.loc[idx.loc[is_c, "row"].to_numpy()]
        log_hr[is_c] = (L.recovery_log_hr + L.csat_log_hr * (crow["csat"].to_numpy() - 5)
                        + L.response_log_hr * (np.log1p(crow["hours"].to_numpy()) - np.log1p(1.0)))
        t = r.exponential(1.0 / (rate * np.exp(log_hr)))
        end = np.datetime64(sc.period.end, "s")
        index_at = idx["at"].to_numpy().astype("datetime64[s]")
        window = np.maximum((end - index_at) / DAY, 0.0)
        repurchased = t < window
        self.loyalty = pd.DataFrame({
            "customer": idx["customer"].to_numpy(),
            "index_row": idx["row"].to_numpy(),
            "index_event": idx["kind"].to_numpy(),
            "index_at": index_at,
            "next_purchase_at": np.where(repurchased, index_at + np.round(t * 86400)
                                         .astype("timedelta64[s]"), np.datetime64("NaT")),
            "days_to_next_purchase": np.round(np.where(repurchased, t, window), 4),
            "repurchased": repurchased,
        })

    def _tables(self) -> World:
        sc, o, c, s, loc = self.sc, self.orders, self.c, self.s, self.loc
        problems = list(sc.problems)
        # ids
        o["order_id"] = ids("O", np.arange(1, len(o) + 1), 8)
        cust_ids = np.unique(o["customer"].to_numpy())
        first_order = (o.groupby("customer", sort=True)["ordered_at"].min()
                       .to_numpy().astype("datetime64[s]"))
        customers = people.customers_table(sc, self.locale, self.pop, cust_ids, first_order,
                                           self.names, self.rng["names"])
        ly = self.loyalty.set_index("customer").loc[cust_ids]
        customers["index_order_id"] = o["order_id"].to_numpy()[ly["index_row"].to_numpy()]
        customers["index_event"] = pd.Categorical.from_codes(
            ly["index_event"].to_numpy(), ["complaint", "silent_problem", "no_problem"])
        for col in ("index_at", "next_purchase_at", "days_to_next_purchase", "repurchased"):
            customers[col] = ly[col].to_numpy()

        orders_t = pd.DataFrame({
            "order_id": o["order_id"],
            "customer_id": ids("C", o["customer"], 7),
            "ordered_at": o["ordered_at"].astype("datetime64[s]"),
            "product_category": pd.Categorical.from_codes(o["product"], list(sc.products)),
            "amount": o["amount"],
            "carrier": pd.Categorical.from_codes(o["carrier"], list(sc.carriers)),
            "promised_days": o["promised_days"].astype("int64"),
            "actual_days": (o["promised_days"] + o["delay_days"]).astype("int64"),
            "delay_days": o["delay_days"].astype("int64"),
            "problem": pd.Categorical.from_codes(
                np.where(o["problem"] >= 0, o["problem"], len(problems)), problems + ["none"]),
            "sample_weight": o["sample_weight"],
        })

        n = len(c)
        comp_ids = ids("T", np.arange(1, n + 1), 7)
        # root causes of all problems in one flat list: problem k's j-th cause is offset[k] + j
        all_rc = [rc for p in sc.problems.values() for rc in p.root_causes]
        rc_dept = np.array([r.department for p in sc.problems.values()
                            for r in p.root_causes.values()], dtype=object)
        offset = np.cumsum([0] + [len(p.root_causes) for p in sc.problems.values()])[:-1]
        flat = offset[c["problem"].to_numpy()] + c["root_cause"].to_numpy()
        root = np.array(all_rc, dtype=object)[flat]
        dept = rc_dept[flat]
        agent_ids = self.agents["agent_id"].to_numpy()[c["agent"].to_numpy()]
        labels = loc["labels"]
        values = pd.DataFrame({
            "order_id": o["order_id"].to_numpy()[c["order_row"].to_numpy()],
            "product": np.array([labels["product_category"][p] for p in sc.products],
                                dtype=object)[c["product"].to_numpy()],
            "days": np.maximum(c["delay_days"].to_numpy(), 1),
            "amount": np.char.mod("%.2f", c["amount"].to_numpy()) if n else [],
            "carrier": np.array([labels["carrier"][k] for k in sc.carriers],
                                dtype=object)[c["carrier"].to_numpy()],
        })
        narrative = text.narratives(self.locale, np.array(problems, dtype=object)[c["problem"]],
                                    values, self.rng["text"])
        complaints = pd.DataFrame({
            "complaint_id": comp_ids,
            "customer_id": ids("C", c["customer"], 7),
            "order_id": values["order_id"].to_numpy(),
            "received_at": c["received_at"].to_numpy(),
            "channel": pd.Categorical.from_codes(c["channel"], list(sc.channels)),
            "category": pd.Categorical(c["category"], categories=sc.categories),
            "sub_category": pd.Categorical.from_codes(c["problem"], problems),
            "root_cause": pd.Categorical(root, categories=all_rc),
            "department": pd.Categorical(dept, categories=DEPARTMENTS),
            "priority": pd.Categorical.from_codes(c["priority"], PRIORITIES, ordered=True),
            "narrative": narrative,
            "agent_id": agent_ids,
            "first_response_at": c["first_response_at"].to_numpy(),
            "resolved_at": c["resolved_at"].to_numpy(),
            "closed_at": c["closed_at"].to_numpy(),
            "resolution": pd.Categorical.from_codes(c["resolution"], list(RESOLUTIONS) + ["none"]),
            "compensation_amount": c["compensation"].to_numpy(),
            "contacts": c["contacts"].to_numpy().astype("int64"),
            "first_contact_resolution": c["fcr"].to_numpy(),
            "escalated": c["escalated"].to_numpy(),
            "reopened": c["reopened"].to_numpy(),
            "sla_met": c["sla_met"].to_numpy(),
        })
        events = self._events(comp_ids, agent_ids)
        resp = s["responded"].to_numpy()

        def rating(col):
            v = np.where(resp, s[col].to_numpy(), -1)
            return pd.Categorical.from_codes(np.where(resp, v - 1, -1), RATING_LEVELS,
                                             ordered=True)

        surveys = pd.DataFrame({
            "survey_id": ids("S", np.arange(1, n + 1), 7),
            "complaint_id": comp_ids,
            "customer_id": complaints["customer_id"].to_numpy(),
            "sent_at": s["sent_at"].to_numpy(),
            "method": pd.Categorical.from_codes(s["method"], ["call", "questionnaire"]),
            "responded": resp,
            "csat": rating("csat"),
            "nps": pd.array(np.where(resp, s["nps"].to_numpy(), np.nan), dtype="Int64"),
            **{k: rating(k) for k in s.columns if k.startswith("rating_")},
        })
        tables = {"customers": customers, "orders": orders_t, "complaints": complaints,
                  "events": events, "surveys": surveys, "agents": self.agents}
        tables = {k: conform(v.reset_index(drop=True), k,
                             categories={col: list(v[col].cat.categories) for col in v.columns
                                         if isinstance(v[col].dtype, pd.CategoricalDtype)})
                  for k, v in tables.items()}
        meta = {"scenario": sc.name, "seed": self.seed, "locale": self.locale,
                "version": __version__,
                "period": [sc.period.start.isoformat(), sc.period.end.isoformat()],
                "scenario_values": sc.to_dict()}
        return World(**tables, truth=self._truth(tables), meta=meta)

    def _events(self, comp_ids: np.ndarray, agent_ids: np.ndarray) -> pd.DataFrame:
        """The life-cycle log: one row per step, in causal order within each complaint."""
        c = self.c
        r = self.rng["handling"]
        n = len(c)
        rec = c["received_at"].to_numpy().astype("datetime64[s]")
        first = c["first_response_at"].to_numpy().astype("datetime64[s]")
        span = (first - rec).astype("int64")
        assigned = rec + (span * r.uniform(0.05, 0.5, n)).astype("timedelta64[s]")
        first_res = c["first_resolved_at"].to_numpy().astype("datetime64[s]")
        resolved = c["resolved"].to_numpy()
        fcr = c["fcr"].to_numpy()
        settled = np.where(resolved, first_res, c["followup_at"].to_numpy().astype("datetime64[s]"))
        gap = (settled - first).astype("int64")
        investigated = first + (gap * r.uniform(0.1, 0.4, n)).astype("timedelta64[s]")
        escalated_at = first + (gap * r.uniform(0.4, 0.6, n)).astype("timedelta64[s]")
        proposed = first + (gap * r.uniform(0.6, 0.95, n)).astype("timedelta64[s]")
        rows = [
            ("received", np.ones(n, bool), rec, False),
            ("assigned", np.ones(n, bool), assigned, True),
            ("acknowledged", np.ones(n, bool), first, True),
            ("investigated", ~fcr, investigated, True),
            ("escalated", c["escalated"].to_numpy(), escalated_at, True),
            ("solution_proposed", resolved, proposed, True),
            ("resolved", resolved, first_res, True),
            ("reopened", c["reopened"].to_numpy(), c["reopened_at"].to_numpy(), False),
            ("resolved", c["reopened"].to_numpy(), c["resolved_at"].to_numpy(), True),
            ("follow_up", np.ones(n, bool), c["followup_at"].to_numpy(), True),
            ("closed", np.ones(n, bool), c["closed_at"].to_numpy(), True),
        ]
        parts = []
        for step, (event, mask, at, by_agent) in enumerate(rows):
            i = np.flatnonzero(mask)
            parts.append(pd.DataFrame({
                "row": i, "step": step, "event": EVENTS.index(event),
                "at": np.asarray(at)[i].astype("datetime64[s]"),
                "agent_id": agent_ids[i] if by_agent else np.full(len(i), None, dtype=object)}))
        ev = pd.concat(parts, ignore_index=True).sort_values(["row", "step"], kind="stable")
        ev["seq"] = ev.groupby("row").cumcount() + 1
        return pd.DataFrame({
            "complaint_id": comp_ids[ev["row"].to_numpy()],
            "seq": ev["seq"].to_numpy().astype("int64"),
            "event": pd.Categorical.from_codes(ev["event"].to_numpy(), EVENTS, ordered=True),
            "at": ev["at"].to_numpy(),
            "agent_id": ev["agent_id"].to_numpy(),
        })

    def _truth(self, tables: dict[str, pd.DataFrame]) -> Truth:
        sc, o = self.sc, self.orders
        problems = list(sc.problems)
        rows = []

        def add(section, obj, unit_map=None):
            for k, v in obj.__dict__.items():
                if isinstance(v, dict):
                    for kk, vv in v.items():
                        rows.append((f"{section}.{k}.{kk}", float(vv)))
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    rows.append((f"{section}.{k}", float(v)))

        for section in ("voice", "handling", "satisfaction", "loyalty", "training"):
            add(section, getattr(sc, section))
        for i, cp in enumerate(sc.satisfaction.cutpoints):
            rows.append((f"satisfaction.cutpoints.{i + 1}", float(cp)))
        rows += [
            ("voice.intercept", self.voice_intercept),
            ("handling.escalation_intercept", self.handling_facts["escalation_intercept"]),
            ("handling.fcr_intercept", self.handling_facts["fcr_intercept"]),
            ("satisfaction.survey_intercept", self.survey_facts["survey_intercept"]),
            ("training.agents_trained", float(self.agents["trained"].sum())),
        ]
        effects = pd.DataFrame(rows, columns=["parameter", "value"])
        effects["meaning"] = [_meaning(sc, p) for p in effects["parameter"]]

        has = o["problem"] >= 0
        g = o[has].assign(category=np.array([sc.problems[p].category for p in problems])
                          [o.loc[has, "problem"]],
                          sub_category=np.array(problems)[o.loc[has, "problem"]])
        ice = g.groupby(["category", "sub_category"], sort=False).agg(
            problems=("complained", "size"), complaints=("complained", "sum"),
            expected_voice_rate=("voice_p", "mean")).reset_index()
        ice["silent"] = ice["problems"] - ice["complaints"]
        ice["voice_rate"] = ice["complaints"] / ice["problems"]
        ice = ice[["category", "sub_category", "problems", "complaints", "silent", "voice_rate",
                   "expected_voice_rate"]].astype({"problems": "int64", "complaints": "int64",
                                                  "silent": "int64"})
        cat = g.groupby("category", sort=False).agg(p=("voice_p", "sum"),
                                                    k=("complained", "sum")).reset_index()
        categories = pd.DataFrame({"category": cat["category"],
                                   "expected_share": cat["p"] / cat["p"].sum(),
                                   "observed_share": cat["k"] / cat["k"].sum()})
        categories = categories.sort_values("expected_share", ascending=False,
                                            kind="stable").reset_index(drop=True)
        inc_rows = []
        for code, inc in sc.incidents.items():
            start = pd.Timestamp(inc.start)
            n_extra = int((o["from_incident"] & _incident_rows(sc, o, code)).sum())
            inc_rows.append((code, inc.kind, inc.target, start,
                             start + pd.Timedelta(days=inc.days), inc.multiplier,
                             inc.root_cause, n_extra))
        incidents = pd.DataFrame(inc_rows, columns=["incident", "kind", "target", "start", "end",
                                                    "multiplier", "root_cause", "problems"])
        for col in ("start", "end"):
            incidents[col] = incidents[col].astype("datetime64[s]")
        fest = calendar.festivals_table(sc, self.locale)
        fest["date"] = fest["date"].astype("datetime64[s]")
        improvements = pd.DataFrame(
            [(code, imp.problem, rc, pd.Timestamp(imp.start), imp.voice_multiplier)
             for code, imp in sc.improvements.items() for rc in imp.root_causes],
            columns=["improvement", "problem", "root_cause", "start", "voice_multiplier"])
        improvements["start"] = improvements["start"].astype("datetime64[s]")
        f = self.pop_facts
        population = pd.DataFrame({
            "quantity": ["expected_orders", "expected_untroubled_orders", "baseline_fraction",
                         "baseline_weight", "problem_orders", "complaints",
                         "voiced_after_period_end", "population_customers"],
            "value": [f["expected_orders"], f["expected_untroubled"], f["baseline_fraction"],
                      1 / f["baseline_fraction"] if f["baseline_fraction"] else 0.0,
                      float(has.sum()), float(o["complained"].sum()), float(self.after_end),
                      float(sc.size.population_customers)]})
        return Truth(effects=effects, iceberg=ice, categories=categories, incidents=incidents,
                     festivals=fest, improvements=improvements, population=population)


def _incident_rows(sc: Scenario, o: pd.DataFrame, code: str) -> pd.Series:
    inc = sc.incidents[code]
    start = pd.Timestamp(inc.start)
    in_window = (o["ordered_at"] >= start) & (o["ordered_at"] < start + pd.Timedelta(days=inc.days))
    if inc.kind == "courier_disruption":
        hit = o["carrier"] == list(sc.carriers).index(inc.target)
    else:
        hit = o["product"] == list(sc.products).index(inc.target)
    return in_window & hit


def _meaning(sc: Scenario, parameter: str) -> str:
    parts = parameter.split(".")
    section = getattr(sc, parts[0], None)
    if section is not None and dataclasses.is_dataclass(section) and len(parts) >= 2:
        for f in dataclasses.fields(section):
            if f.name == parts[1]:
                return f.metadata.get("doc", "")
    return {"voice.intercept": "calibrated intercept of the voice model (log-odds)",
            "training.agents_trained": "number of agents trained"}.get(parameter, "")


def _bar(show: bool, total: int):
    if not show:
        return nullcontext(None)
    from tqdm.auto import tqdm
    return tqdm(total=total, unit="stage")

