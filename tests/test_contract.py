"""The analysis contract (STYLE.md, CONTRIBUTING.md), enforced over every public analysis.

Every public analysis returns a ``…Result`` built on :class:`complaintkit.analysis.Result`
with ``.table``, ``.summary()``, ``.plot(ax=None, …)`` (``ax`` first), ``.model``,
``.assumptions``, ``.notes`` (the row ledger's line first) and an HTML view; its shared
arguments are keyword-only and carry the kit's one name for each idea. The data-preparation
functions (frames and count series) return DataFrames and follow the same argument rules.

A new public analysis must be added to ``ANALYSES`` (a test fails until it is), so it cannot
break the contract unnoticed.
"""

from __future__ import annotations

import ast
import inspect
import re

import matplotlib
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.analysis import Result

matplotlib.use("Agg")

# the data-preparation functions: they return DataFrames, not results
PREPARERS = {"complaint_frame", "loyalty_frame", "complaint_counts", "in_period"}

# one name per idea: a parameter of a public analysis may not use these
FORBIDDEN_NAMES = {"level": "confidence", "alpha": "confidence", "conf": "confidence",
                   "ci": "confidence", "n_bootstrap": "n_boot", "random_state": "seed",
                   "rng": "seed", "group_by": "by", "groupby": "by", "lang": "locale",
                   "weights": "weight", "date_column": "time", "period_freq": "freq"}
# shared arguments: keyword-only wherever they appear (``by`` and ``freq`` may be positional
# where they are the question itself, as in kpis(frame, "channel", "M"))
SHARED_KEYWORD_ONLY = {"confidence", "n_boot", "seed", "locale", "weight", "time"}


@pytest.fixture(scope="module")
def data():
    world = ck.load_dataset("ecommerce_en")
    frame = ck.complaint_frame(world.complaints, world.surveys, agents=world.agents,
                               customers=world.customers)
    counts = ck.complaint_counts(world.complaints, by="category", locale="en_US")
    total = ck.complaint_counts(world.complaints, locale="en_US")
    lf = ck.loyalty_frame(world.customers, world.complaints, world.surveys, world.orders)
    return {"world": world, "complaints": world.complaints, "frame": frame,
            "counts": counts, "total": total, "loyalty": lf}


# name -> how to call it cheaply on the shipped workshop world
ANALYSES = {
    "pareto": lambda d: ck.pareto(d["complaints"], "category"),
    "drilldown": lambda d: ck.drilldown(d["complaints"]),
    "improvement_plan": lambda d: ck.improvement_plan(
        d["complaints"], where={"category": "delivery"}),
    "kpis": lambda d: ck.kpis(d["frame"], by="channel"),
    "drivers": lambda d: ck.drivers(d["frame"], n_boot=20),
    "loyalty": lambda d: ck.loyalty(d["loyalty"]),
    "training_effect": lambda d: ck.training_effect(d["frame"], n_boot=19),
    "forecast": lambda d: ck.forecast(d["total"], horizon=14, folds=2),
    "decompose": lambda d: ck.decompose(d["total"]),
    "early_warning": lambda d: ck.early_warning(d["counts"], by="category"),
    "iceberg": lambda d: ck.iceberg(d["complaints"]),
    "compare": lambda d: ck.compare(d["complaints"], "escalated", "channel"),
    "route": lambda d: ck.route(d["complaints"], label="category", n_boot=20),
    "power": lambda d: ck.power("two_proportions", n=[100, 200], baseline=0.1, effect=0.05,
                                n_sim=200, seed=1),
    "sla": lambda d: ck.sla(d["complaints"], by=["priority", "channel"]),
    "staffing": lambda d: ck.staffing(d["total"], aht="45min", answer_within="2h",
                                      hours_per_day=24),
    "keywords": lambda d: ck.keywords(d["complaints"], top=3),
    "topics": lambda d: ck.topics(d["complaints"], truth="category", n_boot=20),
    "sentiment": lambda d: ck.sentiment(d["frame"], against="csat_score"),
    "process": lambda d: ck.process(d["world"].events, complaints=d["complaints"],
                                    agents=d["world"].agents, by="team"),
    "followup": lambda d: ck.followup(d["complaints"], d["world"].surveys,
                                      customers=d["world"].customers,
                                      agents=d["world"].agents, events=d["world"].events),
    "callback_plan": lambda d: ck.callback_plan(d["complaints"], n_agents=3),
}


def _public_functions():
    return {name for name in ck.__all__
            if inspect.isfunction(getattr(ck, name))
            and getattr(ck, name).__module__.startswith("complaintkit.analysis")}


def test_every_public_analysis_is_covered():
    public = _public_functions()
    missing = public - set(ANALYSES) - PREPARERS
    assert not missing, f"add these public analyses to ANALYSES in {__file__}: {missing}"
    assert not (set(ANALYSES) - public), "ANALYSES names a function that is not public"


@pytest.fixture(scope="module")
def results(data):
    return {}


def _run(name, data, results):
    if name not in results:
        results[name] = ANALYSES[name](data)
    return results[name]


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_result_contract(name, data, results):
    res = _run(name, data, results)
    cls = type(res)
    assert isinstance(res, Result), f"{name} returns {cls.__name__}, not a Result"
    assert cls.__name__.endswith("Result"), f"{cls.__name__} breaks the …Result pattern"
    assert isinstance(res.table, pd.DataFrame) and len(res.table) > 0
    bad = [c for c in map(str, res.table.columns) if not re.fullmatch(r"[a-z][a-z0-9_]*", c)]
    assert not bad, f"{name}: output columns must be snake_case identifiers: {bad}"
    text = res.summary()
    assert isinstance(text, str) and text.strip()
    assert isinstance(res.assumptions, list) and all(isinstance(a, str) for a in res.assumptions)
    assert isinstance(res.notes, list) and all(isinstance(n, str) for n in res.notes)
    assert res.ledger is not None, f"{name} keeps no row ledger"
    assert res.notes and res.notes[0] == res.ledger.note()
    assert re.search(r"\bused\b", res.notes[0])
    html = res._repr_html_()
    assert "<table" in html
    assert hasattr(res, "model")


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_plot_takes_ax_first(name, data, results):
    import matplotlib.pyplot as plt

    res = _run(name, data, results)
    params = list(inspect.signature(type(res).plot).parameters)
    assert params[:2] == ["self", "ax"], f"{type(res).__name__}.plot must take ax first: {params}"
    fig, ax = plt.subplots()
    try:
        out = res.plot(ax)
        axes = out if isinstance(out, (list, tuple)) else getattr(out, "flat", [out])
        assert ax in list(axes) or out is ax, f"{name}: plot(ax) must draw on the given Axes"
    finally:
        plt.close("all")


@pytest.mark.parametrize("name", sorted(_public_functions()))
def test_shared_argument_names(name):
    fn = getattr(ck, name)
    params = inspect.signature(fn).parameters
    for p in params.values():
        assert p.name not in FORBIDDEN_NAMES, (
            f"{name}({p.name}=…): the kit's name for this is {FORBIDDEN_NAMES[p.name]!r}")
        if p.name in SHARED_KEYWORD_ONLY:
            assert p.kind is inspect.Parameter.KEYWORD_ONLY, (
                f"{name}: {p.name} must be keyword-only")
    if "confidence" in params:
        with pytest.raises(ValueError, match=r"confidence must be a level between 0 and 1"):
            fn(pd.DataFrame({"x": [1]}), confidence=1.5)


@pytest.mark.parametrize("name", sorted(PREPARERS))
def test_preparers_return_frames(name, data):
    world = data["world"]
    out = {"complaint_frame": lambda: data["frame"], "loyalty_frame": lambda: data["loyalty"],
           "complaint_counts": lambda: data["counts"],
           "in_period": lambda: ck.in_period(world.complaints, "2025-03")}[name]()
    assert isinstance(out, pd.DataFrame) and len(out) > 0


@pytest.mark.parametrize("name", sorted(_public_functions()))
def test_public_function_reads_as_a_short_list_of_steps(name):
    """The body of a public analysis, without its docstring, fits on a screen (ruff's C901
    keeps each step simple; this keeps the list of steps short)."""
    fn = ast.parse(inspect.getsource(getattr(ck, name))).body[0]
    body = fn.body[1:] if isinstance(fn.body[0], ast.Expr) else fn.body
    lines = body[-1].end_lineno - body[0].lineno + 1
    assert lines <= 40, f"{name} has {lines} lines without its docstring: name its steps"
