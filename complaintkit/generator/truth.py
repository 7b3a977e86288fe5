"""Stage ``truth``: what the generator knows and an analyst has to estimate.

No randomness: the truth is read off the scenario and the earlier stages' outputs (calibrated
intercepts, every problem whether voiced or not, incidents, festivals, the population).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from ..scenario import Scenario
from ..world import Truth, empty_pii_truth, empty_text_truth
from .calendar import Calendar
from .handling import Handled
from .orders import OrderFacts
from .surveys import Surveys
from .voice import Voiced, arrival_chance

__all__ = ["build_truth", "merge_truths", "merge_weights"]


def build_truth(sc: Scenario, *, calendar: Calendar, order_facts: OrderFacts, voiced: Voiced,
                handled: Handled, surveys: Surveys, agents: pd.DataFrame,
                text: pd.DataFrame | None = None, pii: pd.DataFrame | None = None) -> Truth:
    """The truth stage: true effects, the complaint iceberg, incidents, festivals, population,
    and the narratives' truth (``text``, ``pii``: made by the tables stage, passed through;
    empty frames with their columns when not given).

    ``voiced.orders`` are all kept orders with ``problem, complained, voice_p, from_incident,
    ordered_at, carrier, product``.

    ``truth.effects`` keeps the scenario's number in ``target`` and what the world realised
    in ``value`` (``kind`` says which it is), so ``truth.value("voice.rate")`` is the
    world's voice rate, below the scenario's 0.10 after the February improvement:

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.generate("ecommerce", seed=1, n_complaints=300)
    >>> e = w.truth.effects.set_index("parameter")
    >>> float(e.loc["voice.rate", "target"]), e.loc["voice.rate", "kind"]
    (0.1, 'realised')
    >>> 0.085 < w.truth.value("voice.rate") < 0.095
    True
    >>> ice = w.truth.iceberg
    >>> rate = float(ice["expected_complaints"].sum() / ice["problems"].sum())
    >>> abs(rate - w.truth.value("voice.rate")) < 1e-12
    True
    """
    o = voiced.orders
    seen = _seen_chance(sc, o)   # computed once each: three tables use them
    problems = _problems(sc, o)
    return Truth(effects=_effects(sc, voiced, handled, surveys, agents, seen),
                 iceberg=_iceberg(sc, o, seen, problems),
                 categories=_categories(sc, o, problems),
                 incidents=_incidents(sc, o), festivals=_festivals(calendar),
                 improvements=_improvements(sc),
                 population=_population(sc, o, order_facts, voiced.after_end),
                 text=text if text is not None else empty_text_truth(),
                 pii=pii if pii is not None else empty_pii_truth())


def _effects(sc: Scenario, voiced: Voiced, handled: Handled, surveys: Surveys,
             agents: pd.DataFrame, seen: pd.Series | None = None) -> pd.DataFrame:
    """Every number of the scenario's behaviour sections, what the world realised where it
    differs from the scenario's target, and the calibrated intercepts.

    Columns ``parameter, value, target, kind, meaning``. ``kind`` says what ``value`` is:

    - ``"set"``: the scenario's number, used as is (``target`` is the same number);
    - ``"realised"``: what this world realised (``target``: the rate the scenario asked for,
      missing where it sets none) — e.g. ``voice.rate`` after the improvements and the cut
      at the period's end;
    - ``"derived"``: a number the generator worked out (calibrated intercepts, counts, the
      paradox group's hazard ratio); no target.
    """
    rows = []
    for section in ("voice", "handling", "satisfaction", "loyalty", "training", "process"):
        for k, v in getattr(sc, section).__dict__.items():
            if isinstance(v, dict):
                for kk, vv in v.items():
                    rows.append((f"{section}.{k}.{kk}", float(vv)))
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                rows.append((f"{section}.{k}", float(v)))
    for i, cp in enumerate(sc.satisfaction.cutpoints):
        rows.append((f"satisfaction.cutpoints.{i + 1}", float(cp)))
    effects = pd.DataFrame(rows, columns=["parameter", "value"])
    effects["target"] = effects["value"]
    effects["kind"] = "set"
    seen = _seen_chance(sc, voiced.orders) if seen is None else seen
    realised = _realised_rates(sc, voiced, handled, surveys, seen)
    hit = effects["parameter"].isin(realised)
    effects.loc[hit, "value"] = effects.loc[hit, "parameter"].map(realised)
    effects.loc[hit, "kind"] = "realised"
    extra = [(f"voice.rate.{cat}", rate, np.nan, "realised")
             for cat, rate in _category_voice_rates(sc, voiced.orders, seen).items()]
    extra += [
        ("voice.intercept", voiced.intercept, np.nan, "derived"),
        ("handling.escalation_intercept", handled.escalation_intercept, np.nan, "derived"),
        ("handling.fcr_intercept", handled.fcr_intercept, np.nan, "derived"),
        ("handling.reopen_intercept", handled.reopen_intercept, np.nan, "derived"),
        ("satisfaction.survey_intercept", surveys.intercept, np.nan, "derived"),
        ("training.agents_trained", float(agents["trained"].sum()), np.nan, "derived"),
        ("loyalty.paradox_group_log_hr", _paradox_group_log_hr(sc, handled, surveys),
         np.nan, "derived"),
        ("process.confirm_skip_intercept", handled.confirm_skip_intercept, np.nan, "derived"),
        ("process.followup_skip_intercept", handled.followup_skip_intercept, np.nan,
         "derived"),
    ]
    if handled.response_capped:  # only where the cap binds (not in the shipped worlds)
        extra.append(("handling.response_hours_capped", float(handled.response_capped),
                      np.nan, "derived"))
    effects = pd.concat([effects, pd.DataFrame(extra, columns=effects.columns)],
                        ignore_index=True)
    effects["meaning"] = [_meaning(sc, p, k) for p, k in zip(effects["parameter"],
                                                              effects["kind"], strict=True)]
    return effects


def _seen_chance(sc: Scenario, o: pd.DataFrame) -> pd.Series:
    """Per problem order: the chance it is a complaint in the tables (voiced, after any
    improvement, and arriving before the period ends)."""
    has = (o["problem"] >= 0).to_numpy()
    needs = ("ordered_at", "problem", "promised_days", "delay_days")  # arrival_chance's
    rows = pd.DataFrame({k: o[k].to_numpy()[has] for k in needs})     # not every column
    seen = o["voice_p"].to_numpy()[has] * arrival_chance(sc, rows)
    return pd.Series(seen, index=o.index[has])


def _realised_rates(sc: Scenario, voiced: Voiced, handled: Handled,
                    surveys: Surveys, seen: pd.Series | None = None) -> dict[str, float]:
    """The rates this world realised, for the scenario parameters that set a target.

    ``voice.rate`` is the *expected* share of this world's problems that are complaints in the
    tables (each problem's chance, averaged): the complaint count is a draw around it, so an
    iceberg fed this rate has an honest interval (the drawn share, complaints / problems, is in
    ``truth.iceberg``). The handling and survey rates are the shares drawn over all complaints
    (every complaint is in the tables, so an analyst's share estimates exactly these).
    """
    seen = _seen_chance(sc, voiced.orders) if seen is None else seen
    out = {"voice.rate": float(seen.mean())}
    c = handled.complaints
    if len(c):
        out.update({"handling.escalation_rate": float(c["escalated"].mean()),
                    "handling.fcr_rate": float(c["fcr"].mean()),
                    "handling.reopen_rate": float(c["reopened"].mean()),
                    "handling.resolve_rate": float(c["resolved"].mean()),
                    "satisfaction.response_rate": float(surveys.rows["responded"].mean()),
                    "process.confirm_skip_rate": float((~c["confirmed"]).mean()),
                    "process.followup_skip_rate": float((~c["followed_up"]).mean()),
                    "process.handoff_rate": float(c.loc[~c["fcr"], "handoffs"].mean())
                    if (~c["fcr"]).any() else float("nan")})
    return {k: v for k, v in out.items() if np.isfinite(v)}


def _category_voice_rates(sc: Scenario, o: pd.DataFrame,
                          seen: pd.Series | None = None) -> dict[str, float]:
    """Per category: the expected share of its problems that are complaints in the tables.

    ``seen`` is :func:`_seen_chance` of the same orders (its rows are their problem rows)."""
    seen = _seen_chance(sc, o) if seen is None else seen
    names, code = _category_codes(sc)
    problem = o["problem"].to_numpy()
    cats = code[problem[problem >= 0]]
    return {str(names[k]): float(v)
            for k, v in seen.groupby(cats, sort=False).mean().items()}


def _paradox_group_log_hr(sc: Scenario, handled: Handled, surveys: Surveys) -> float:
    """The true log hazard ratio of "resolved quickly and well" against no problem.

    The group the paradox test compares (``ck.loyalty``'s defaults): complainants whose first
    complaint was answered in the survey with CSAT 5 and first responded to within an hour.
    Their log hazard ratio is ``recovery_log_hr`` plus the response-time term of their own
    hours, ``response_log_hr * (log1p(hours) - log1p(1))``, and the missing follow-up call's
    ``process.no_followup_log_hr`` where there was none, averaged over the group (the CSAT
    term is 0 at CSAT 5). NaN if the world has no such complainant.
    """
    best = _paradox_group(handled, surveys)
    if best.empty:
        return float("nan")
    L = sc.loyalty
    return float(L.recovery_log_hr + (
        L.response_log_hr * (np.log1p(best["hours"].to_numpy()) - np.log1p(1.0))
        + sc.process.no_followup_log_hr * ~best["followed_up"].to_numpy(bool)).mean())


def _paradox_group(handled: Handled, surveys: Surveys) -> pd.DataFrame:
    """The first complaints of the paradox group (see :func:`_paradox_group_log_hr`): each
    customer's first complaint, in the complaints' order, answered in the survey with CSAT 5
    and first responded to within an hour (``hours, followed_up`` only)."""
    c = handled.complaints
    first = np.sort(np.unique(c["customer"].to_numpy(), return_index=True)[1])
    ok = (surveys.rows["responded"].to_numpy(bool)[first]
          & (c["csat"].to_numpy()[first] == 5) & (c["hours"].to_numpy()[first] <= 1))
    rows = first[ok]
    return pd.DataFrame({"hours": c["hours"].to_numpy()[rows],
                         "followed_up": c["followed_up"].to_numpy()[rows]})


def _category_codes(sc: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """The categories (in order of the problems) and each problem's category code."""
    of_problem = [p.category for p in sc.problems.values()]
    names = list(dict.fromkeys(of_problem))
    return (np.array(names, dtype=object),
            np.array([names.index(c) for c in of_problem], dtype=np.int64))


def _problems(sc: Scenario, o: pd.DataFrame) -> pd.DataFrame:
    """The orders with a problem: ``problem`` and its category's code ``cat`` (integer codes:
    the names go on the small aggregated tables, not on every order), ``complained,
    voice_p``."""
    has = (o["problem"] >= 0).to_numpy()
    problem = o["problem"].to_numpy()[has]
    return pd.DataFrame({"cat": _category_codes(sc)[1][problem], "problem": problem,
                         "complained": o["complained"].to_numpy()[has],
                         "voice_p": o["voice_p"].to_numpy()[has]}, index=o.index[has])


def _iceberg(sc: Scenario, o: pd.DataFrame, seen: pd.Series | None = None,
             problems: pd.DataFrame | None = None) -> pd.DataFrame:
    """Problems, complaints and silent customers by category and sub-category.

    ``voice_rate`` is the drawn share complaints / problems; ``expected_voice_rate`` the mean
    chance of voicing a problem (after improvements); ``expected_complaints`` the complaints
    expected in the tables (each problem's chance to be voiced *and* arrive before the period
    ends, summed): ``expected_complaints / problems`` is the realised voice rate of
    ``truth.value("voice.rate")``. ``seen`` and ``problems`` (:func:`_seen_chance`,
    :func:`_problems` of the same orders) are computed when not given.
    """
    p = _problems(sc, o) if problems is None else problems
    seen = _seen_chance(sc, o) if seen is None else seen
    # grouped by the problem's code in order of first appearance: the groups, their order and
    # the sums of grouping by category and sub-category names (a problem has one category),
    # without a name on every order
    ice = p.assign(seen_p=seen.to_numpy()).groupby("problem", sort=False).agg(
        problems=("complained", "size"), complaints=("complained", "sum"),
        expected_voice_rate=("voice_p", "mean"),
        expected_complaints=("seen_p", "sum")).reset_index()
    names, code = _category_codes(sc)
    ice["category"] = names[code[ice["problem"].to_numpy()]]
    ice["sub_category"] = np.array(list(sc.problems), dtype=object)[ice["problem"].to_numpy()]
    ice["silent"] = ice["problems"] - ice["complaints"]
    ice["voice_rate"] = ice["complaints"] / ice["problems"]
    return ice[["category", "sub_category", "problems", "complaints", "silent", "voice_rate",
                "expected_voice_rate", "expected_complaints"]].astype(
        {"problems": "int64", "complaints": "int64", "silent": "int64"})


def _categories(sc: Scenario, o: pd.DataFrame,
                problems: pd.DataFrame | None = None) -> pd.DataFrame:
    """The complaint mix the voice chances imply, and the mix drawn."""
    p = _problems(sc, o) if problems is None else problems
    cat = p.groupby("cat", sort=False).agg(
        p=("voice_p", "sum"), k=("complained", "sum")).reset_index()
    categories = pd.DataFrame({"category": _category_codes(sc)[0][cat["cat"].to_numpy()],
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


_DERIVED_MEANING = {
    "voice.intercept": "calibrated intercept of the voice model (log-odds)",
    "handling.escalation_intercept": "calibrated intercept of the escalation model (log-odds)",
    "handling.fcr_intercept": "calibrated intercept of the first-contact-resolution model "
                              "(log-odds)",
    "handling.reopen_intercept": "calibrated intercept of the reopen model (log-odds)",
    "satisfaction.survey_intercept": "calibrated intercept of the survey-response model "
                                     "(log-odds)",
    "training.agents_trained": "number of agents trained",
    "handling.response_hours_capped": "complaints whose first-response hours were capped at "
                                      "ten years (87,660 h), so their times stay timestamps; "
                                      "present only when the cap binds",
    "loyalty.paradox_group_log_hr": "true log hazard ratio of buying again of the paradox "
                                    "group (first complaint: survey CSAT 5, first response "
                                    "within 1 h) against customers with no problem: "
                                    "recovery_log_hr + mean over the group of "
                                    "response_log_hr * (log1p(hours) - log1p(1)) + "
                                    "process.no_followup_log_hr * (no follow-up call)",
    "process.confirm_skip_intercept": "calibrated intercept of the skipped-confirmation model "
                                      "(log-odds; NaN when the rate is 0)",
    "process.followup_skip_intercept": "calibrated intercept of the skipped-follow-up-call "
                                       "model (log-odds; NaN when the rate is 0)",
}


def _meaning(sc: Scenario, parameter: str, kind: str = "set") -> str:
    if parameter in _DERIVED_MEANING:
        return _DERIVED_MEANING[parameter]
    parts = parameter.split(".")
    if parts[:2] == ["voice", "rate"] and len(parts) == 3:
        return (f"realised voice rate of {parts[2]} problems: expected share of them that are "
                "complaints in the tables (after improvements and the period-end cut)")
    doc = ""
    section = getattr(sc, parts[0], None)
    if section is not None and dataclasses.is_dataclass(section) and len(parts) >= 2:
        for f in dataclasses.fields(section):
            if f.name == parts[1]:
                doc = f.metadata.get("doc", "")
    if kind == "realised":
        how = ("expected share of this world's problems that are complaints in the tables, "
               "after improvements and the period-end cut" if parameter == "voice.rate"
               else "mean hand-offs drawn over this world's complaints not resolved at the "
               "first contact (first_contact_resolution false)"
               if parameter == "process.handoff_rate"
               else "share drawn over this world's complaints")
        doc = f"{doc}; realised: {how} (target: the scenario's rate)"
    return doc


# --------------------------------------------------------------------------- shards
def merge_weights(sc: Scenario, *, voiced: Voiced, handled: Handled,
                  surveys: Surveys) -> dict:
    """What one shard's realised rates and intercepts are averages over (counts), so the
    shards of a large world (:mod:`.shards`) merge into the world's own rates:
    :func:`merge_truths`. Plain numbers (a shard's summary travels between processes)."""
    problem = voiced.orders["problem"].to_numpy()
    has = problem >= 0
    names, code = _category_codes(sc)
    by_cat = dict(zip(names, np.bincount(code[problem[has]], minlength=len(names)),
                      strict=True))
    c = handled.complaints
    return {"problems": int(has.sum()), "complaints": int(len(c)),
            "not_fcr": int((~c["fcr"].to_numpy(bool)).sum()),
            "paradox": int(len(_paradox_group(handled, surveys))),
            "problems_by_category": {str(k): int(v) for k, v in by_cat.items()}}


#: which count each realised rate or calibrated intercept is an average over
_WEIGHT_OF = {"voice.rate": "problems", "voice.intercept": "problems",
              "process.handoff_rate": "not_fcr", "loyalty.paradox_group_log_hr": "paradox"}
_SUMMED = ("handling.response_hours_capped",)


def _weight(parameter: str, w: dict) -> float:
    if parameter.startswith("voice.rate."):
        return float(w["problems_by_category"].get(parameter.split(".", 2)[2], 0))
    return float(w[_WEIGHT_OF.get(parameter, "complaints")])


def merge_truths(sc: Scenario, truths: list[Truth], weights: list[dict]) -> Truth:
    """One truth for a world built from independent shards (:mod:`.shards`).

    Counts add up (the iceberg, incidents' problems, the population's orders and
    complaints); a realised rate is the shards' rates weighted by what each is a share of
    (problems for the voice rates, complaints for the handling and survey rates, complaints
    not resolved at the first contact for the hand-off rate), which is the rate over the
    whole world; a calibrated intercept (each shard calibrates its own, on its own rows) is
    their mean with the same weights; the narratives' truth is the shards' rows in order.
    With one shard it returns that shard's truth unchanged.
    """
    if len(truths) == 1:
        return truths[0]
    first = truths[0]
    return Truth(effects=_merge_effects(truths, weights),
                 iceberg=(ice := _merge_iceberg([t.iceberg for t in truths])),
                 categories=_categories_from_iceberg(ice, list(first.categories["category"])),
                 incidents=_merge_incidents([t.incidents for t in truths]),
                 festivals=first.festivals, improvements=first.improvements,
                 population=_merge_population(sc, [t.population for t in truths]),
                 text=pd.concat([t.text for t in truths], ignore_index=True),
                 pii=pd.concat([t.pii for t in truths], ignore_index=True))


def _merge_effects(truths: list[Truth], weights: list[dict]) -> pd.DataFrame:
    frames = [t.effects.assign(_w=[_weight(p, w) for p in t.effects["parameter"]])
              for t, w in zip(truths, weights, strict=True)]
    allx = pd.concat(frames, ignore_index=True)
    out = allx.drop_duplicates("parameter", keep="first").set_index("parameter")
    varies = allx["kind"].isin(["realised", "derived"])
    for parameter, g in allx[varies].groupby("parameter", sort=False):
        v, wt = g["value"].to_numpy(float), g["_w"].to_numpy(float)
        if parameter in _SUMMED:
            out.loc[parameter, "value"] = float(np.nansum(v))
            continue
        ok = np.isfinite(v) & (wt > 0)
        if parameter == "training.agents_trained" or not ok.any():
            continue   # the same in every shard (the world's agents), or nowhere defined
        out.loc[parameter, "value"] = float(np.average(v[ok], weights=wt[ok]))
    return out.drop(columns="_w").reset_index()[list(truths[0].effects.columns)]


def _merge_iceberg(icebergs: list[pd.DataFrame]) -> pd.DataFrame:
    x = pd.concat(icebergs, ignore_index=True)
    x["_p"] = x["expected_voice_rate"] * x["problems"]
    ice = x.groupby(["category", "sub_category"], sort=False).agg(
        problems=("problems", "sum"), complaints=("complaints", "sum"),
        silent=("silent", "sum"), _p=("_p", "sum"),
        expected_complaints=("expected_complaints", "sum")).reset_index()
    ice["voice_rate"] = ice["complaints"] / ice["problems"]
    ice["expected_voice_rate"] = ice["_p"] / ice["problems"]
    return ice[list(icebergs[0].columns)].astype(
        {"problems": "int64", "complaints": "int64", "silent": "int64"})


def _categories_from_iceberg(ice: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """:func:`_categories` from the merged iceberg: the sum of voice chances per category is
    its sub-categories' mean chance times their problems."""
    cat = ice.assign(p=ice["expected_voice_rate"] * ice["problems"]).groupby(
        "category", sort=False).agg(p=("p", "sum"), k=("complaints", "sum"))
    cat = cat.reindex([c for c in order if c in cat.index]
                      + [c for c in cat.index if c not in order]).reset_index()
    categories = pd.DataFrame({"category": cat["category"],
                               "expected_share": cat["p"] / cat["p"].sum(),
                               "observed_share": cat["k"] / cat["k"].sum()})
    return categories.sort_values("expected_share", ascending=False,
                                  kind="stable").reset_index(drop=True)


def _merge_incidents(frames: list[pd.DataFrame]) -> pd.DataFrame:
    out = frames[0].copy()
    out["problems"] = np.sum([f["problems"].to_numpy() for f in frames], axis=0)
    return out


def _merge_population(sc: Scenario, frames: list[pd.DataFrame]) -> pd.DataFrame:
    v = pd.DataFrame({i: f.set_index("quantity")["value"] for i, f in enumerate(frames)})
    total = v.sum(axis=1)
    kept = (v.loc["baseline_fraction"] * v.loc["expected_untroubled_orders"]).sum()
    fraction = kept / total["expected_untroubled_orders"] if total[
        "expected_untroubled_orders"] else 0.0
    total["baseline_fraction"] = fraction
    total["baseline_weight"] = 1 / fraction if fraction else 0.0
    total["population_customers"] = float(sc.size.population_customers)
    out = frames[0].copy()
    out["value"] = total.loc[out["quantity"]].to_numpy(float)
    return out
