"""Stage ``truth``: what the generator knows and an analyst has to estimate.

No randomness: the truth is read off the scenario and the earlier stages' outputs (calibrated
intercepts, every problem whether voiced or not, incidents, festivals, the population).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..scenario import Scenario
from ..world import Truth
from .calendar import Calendar
from .handling import Handled
from .orders import OrderFacts
from .surveys import Surveys
from .voice import Voiced

__all__ = ["build_truth"]


def build_truth(sc: Scenario, *, calendar: Calendar, order_facts: OrderFacts, voiced: Voiced,
                handled: Handled, surveys: Surveys, agents: pd.DataFrame) -> Truth:
    """The truth stage: true effects, the complaint iceberg, incidents, festivals, population.

    ``voiced.orders`` are all kept orders with ``problem, complained, voice_p, from_incident,
    ordered_at, carrier, product``.
    """
    o = voiced.orders
    return Truth(effects=_effects(sc, voiced, handled, surveys, agents),
                 iceberg=_iceberg(sc, o), categories=_categories(sc, o),
                 incidents=_incidents(sc, o), festivals=_festivals(calendar),
                 improvements=_improvements(sc),
                 population=_population(sc, o, order_facts, voiced.after_end))


def _effects(sc: Scenario, voiced: Voiced, handled: Handled, surveys: Surveys,
             agents: pd.DataFrame) -> pd.DataFrame:
    """Every number of the scenario's behaviour sections, and the calibrated intercepts."""
    rows = []
    for section in ("voice", "handling", "satisfaction", "loyalty", "training"):
        for k, v in getattr(sc, section).__dict__.items():
            if isinstance(v, dict):
                for kk, vv in v.items():
                    rows.append((f"{section}.{k}.{kk}", float(vv)))
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                rows.append((f"{section}.{k}", float(v)))
    for i, cp in enumerate(sc.satisfaction.cutpoints):
        rows.append((f"satisfaction.cutpoints.{i + 1}", float(cp)))
    rows += [
        ("voice.intercept", voiced.intercept),
        ("handling.escalation_intercept", handled.escalation_intercept),
        ("handling.fcr_intercept", handled.fcr_intercept),
        ("satisfaction.survey_intercept", surveys.intercept),
        ("training.agents_trained", float(agents["trained"].sum())),
    ]
    effects = pd.DataFrame(rows, columns=["parameter", "value"])
    effects["meaning"] = [_meaning(sc, p) for p in effects["parameter"]]
    return effects


def _problems(sc: Scenario, o: pd.DataFrame) -> pd.DataFrame:
    """The orders with a problem, with its category and sub-category codes."""
    problems = list(sc.problems)
    has = o["problem"] >= 0
    return o[has].assign(category=np.array([sc.problems[p].category for p in problems])
                         [o.loc[has, "problem"]],
                         sub_category=np.array(problems)[o.loc[has, "problem"]])


def _iceberg(sc: Scenario, o: pd.DataFrame) -> pd.DataFrame:
    """Problems, complaints and silent customers by category and sub-category."""
    ice = _problems(sc, o).groupby(["category", "sub_category"], sort=False).agg(
        problems=("complained", "size"), complaints=("complained", "sum"),
        expected_voice_rate=("voice_p", "mean")).reset_index()
    ice["silent"] = ice["problems"] - ice["complaints"]
    ice["voice_rate"] = ice["complaints"] / ice["problems"]
    return ice[["category", "sub_category", "problems", "complaints", "silent", "voice_rate",
                "expected_voice_rate"]].astype({"problems": "int64", "complaints": "int64",
                                               "silent": "int64"})


def _categories(sc: Scenario, o: pd.DataFrame) -> pd.DataFrame:
    """The complaint mix the voice chances imply, and the mix drawn."""
    cat = _problems(sc, o).groupby("category", sort=False).agg(
        p=("voice_p", "sum"), k=("complained", "sum")).reset_index()
    categories = pd.DataFrame({"category": cat["category"],
                               "expected_share": cat["p"] / cat["p"].sum(),
                               "observed_share": cat["k"] / cat["k"].sum()})
    return categories.sort_values("expected_share", ascending=False,
                                  kind="stable").reset_index(drop=True)


def _incidents(sc: Scenario, o: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for code, inc in sc.incidents.items():
        start = pd.Timestamp(inc.start)
        n_extra = int((o["from_incident"] & _incident_rows(sc, o, code)).sum())
        rows.append((code, inc.kind, inc.target, start, start + pd.Timedelta(days=inc.days),
                     inc.multiplier, inc.root_cause, n_extra))
    incidents = pd.DataFrame(rows, columns=["incident", "kind", "target", "start", "end",
                                            "multiplier", "root_cause", "problems"])
    for col in ("start", "end"):
        incidents[col] = incidents[col].astype("datetime64[s]")
    return incidents


def _incident_rows(sc: Scenario, o: pd.DataFrame, code: str) -> pd.Series:
    inc = sc.incidents[code]
    start = pd.Timestamp(inc.start)
    in_window = (o["ordered_at"] >= start) & (o["ordered_at"] < start + pd.Timedelta(days=inc.days))
    if inc.kind == "courier_disruption":
        hit = o["carrier"] == list(sc.carriers).index(inc.target)
    else:
        hit = o["product"] == list(sc.products).index(inc.target)
    return in_window & hit


def _festivals(calendar: Calendar) -> pd.DataFrame:
    fest = calendar.festivals.copy()
    fest["date"] = fest["date"].astype("datetime64[s]")
    return fest


def _improvements(sc: Scenario) -> pd.DataFrame:
    improvements = pd.DataFrame(
        [(code, imp.problem, rc, pd.Timestamp(imp.start), imp.voice_multiplier)
         for code, imp in sc.improvements.items() for rc in imp.root_causes],
        columns=["improvement", "problem", "root_cause", "start", "voice_multiplier"])
    improvements["start"] = improvements["start"].astype("datetime64[s]")
    return improvements


def _population(sc: Scenario, o: pd.DataFrame, f: OrderFacts, after_end: int) -> pd.DataFrame:
    return pd.DataFrame({
        "quantity": ["expected_orders", "expected_untroubled_orders", "baseline_fraction",
                     "baseline_weight", "problem_orders", "complaints",
                     "voiced_after_period_end", "population_customers"],
        "value": [f.expected_orders, f.expected_untroubled, f.baseline_fraction,
                  1 / f.baseline_fraction if f.baseline_fraction else 0.0,
                  float((o["problem"] >= 0).sum()), float(o["complained"].sum()),
                  float(after_end), float(sc.size.population_customers)]})


def _meaning(sc: Scenario, parameter: str) -> str:
    parts = parameter.split(".")
    section = getattr(sc, parts[0], None)
    if section is not None and dataclasses.is_dataclass(section) and len(parts) >= 2:
        for f in dataclasses.fields(section):
            if f.name == parts[1]:
                return f.metadata.get("doc", "")
    return {"voice.intercept": "calibrated intercept of the voice model (log-odds)",
            "training.agents_trained": "number of agents trained"}.get(parameter, "")
