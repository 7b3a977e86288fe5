"""Every value a scenario accepts generates; every other value is refused in one line naming
the field (issue 9, item 5).

The walk tries boundary and invalid values in every numeric field of the preset, one field at
a time, at a small size; text, date, list and table fields have their own cases below. The
memory check is tested with a pretend amount of memory, so no test depends on the machine.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import math
import re
import typing

import pytest

import complaintkit as ck
from complaintkit import Scenario, ScenarioError
from complaintkit.generator import people, pipeline
from complaintkit.scenario import _hints

# A small world: the walk generates a few hundred of them.
SMALL = {"n_complaints": 30, "baseline_orders": 50, "population_customers": 500, "n_agents": 6}


@pytest.fixture(autouse=True)
def _fast_names(monkeypatch):
    """Faker's name pool is most of a small world's time; it depends only on (locale, seed),
    so a cached copy gives the same names."""
    cached = functools.lru_cache(maxsize=8)(people.name_pool)
    monkeypatch.setattr(people, "name_pool", lambda *a, **k: cached(*a, **k).copy())


@pytest.fixture(autouse=True)
def _pretend_memory(monkeypatch):
    """Pretend 2 GB are available, whatever the machine has."""
    monkeypatch.setattr(pipeline, "available_memory", lambda: 2_000_000_000)


def small(**changes) -> Scenario:
    return ck.get_scenario("ecommerce").replace(size=SMALL).replace(**changes)


def numeric_leaves(d, path=()):
    """(path, value) of every number in a nested dict (list elements by index)."""
    for k, v in (d.items() if isinstance(d, dict) else enumerate(d)):
        if isinstance(v, (dict, list)):
            yield from numeric_leaves(v, path + (k,))
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            yield path + (k,), v


def field_range(path) -> tuple:
    """The (lo, hi) range of the scenario field at ``path`` (a dataclass walk)."""
    tp, meta = Scenario, None
    for key in path:
        origin = typing.get_origin(tp)
        if origin is dict or origin is tuple:  # a key or an index: the values' type
            tp = typing.get_args(tp)[-1 if origin is dict else 0]
            continue
        meta, tp = {f.name: f for f in dataclasses.fields(tp)}[key].metadata, _hints(tp)[key]
    return meta["range"]


def with_value(data: dict, path, value) -> dict:
    out = copy.deepcopy(data)
    node = out
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return out


def dotted(path) -> str:
    """'voice.rate' or 'demand.weekly[2]', the way messages name a field."""
    out = ""
    for k in path:
        out += f"[{k}]" if isinstance(k, int) else (f".{k}" if out else k)
    return out


def outcome(data: dict, seed: int = 0) -> str:
    """'generated' or the one-line error; anything else (another exception, several lines,
    an empty world) fails the test."""
    try:
        sc = Scenario.from_dict(data)
        w = ck.generate(sc, seed=seed)
    except ValueError as e:  # ScenarioError is one
        msg = str(e)
        assert "\n" not in msg, msg
        return msg
    assert len(w.orders) > 0 and len(w.customers) > 0
    return "generated"


LEAVES = list(numeric_leaves(small().to_dict()))


def test_the_walk_covers_every_section():
    sections = {p[0] for p, _ in LEAVES}
    assert {"size", "demand", "festivals", "incidents", "improvements", "products", "carriers",
            "problems", "voice", "channels", "handling", "satisfaction", "loyalty",
            "training", "customers"} <= sections
    assert len(LEAVES) > 150


def bad_values(path, every: bool) -> list:
    """Values no numeric field takes: not finite, outside its range, not a number (with
    ``every``, also the ones that take the same path through the checks)."""
    lo, hi = field_range(path)
    span = hi - lo
    out = [math.inf, math.nan, lo - span - 1, hi + span + 1, True]
    return out + ([-math.inf, 10**30, -(10**30), "1", None, [1]] if every else [])


def test_every_numeric_field_refuses_bad_values_in_one_line():
    """Invalid values, at every numeric field: refused at validation, naming the field."""
    base = small().to_dict()
    for i, (path, _) in enumerate(LEAVES):
        name = re.escape(dotted(path))
        for bad in bad_values(path, every=i % 5 == 0):
            try:
                Scenario.from_dict(with_value(base, path, bad))
            except ScenarioError as e:
                msg = str(e)
            else:
                pytest.fail(f"{dotted(path)} = {bad!r} was accepted")
            assert re.match(rf"^{name}(?![\w.+])", msg), (bad, msg)
            assert "\n" not in msg and re.search(r"must be (a whole number|a number) between",
                                                  msg), msg


FIELD = re.compile(r"[a-z_]+(\.[\w*+-]+)+")  # names a field: voice.rate, carriers.*.share


def check_refusal(path, value, msg: str) -> None:
    assert "\n" not in msg and FIELD.search(msg), (dotted(path), value, msg)


def accepted_singly(base: dict, value_of) -> list:
    """(path, value) of every numeric field whose ``value_of(path, value)`` validates alone;
    the refused ones are checked to name a field in one line."""
    out = []
    for path, value in LEAVES:
        v = value_of(path, value)
        try:
            Scenario.from_dict(with_value(base, path, v))
        except ScenarioError as e:
            check_refusal(path, v, str(e))
            continue
        out.append((path, v))
    return out


def generate_in_batches(base: dict, changes: list, n_batches: int) -> int:
    """Generate with the changes applied ``n_batches`` at a time (fields of several sections
    together); a batch that is refused or fails is retried one change at a time, where each
    must generate or be refused in one line naming a field. Returns the worlds generated."""
    worlds = 0
    for k in range(n_batches):
        batch = changes[k::n_batches]
        data = base
        for path, v in batch:
            data = with_value(data, path, v)
        worlds += 1
        if outcome(data) == "generated":
            continue
        for path, v in batch:
            worlds += 1
            got = outcome(with_value(base, path, v))
            if got != "generated":
                check_refusal(path, v, got)
    return worlds


@pytest.mark.parametrize("bound", ["lower", "upper"])
def test_every_numeric_field_at_its_bounds_generates_or_is_refused(bound):
    """Each numeric field at the end of its allowed range: refused at validation in one line,
    or it generates (fields that validate alone are generated many at a time, so this runs
    in seconds; the slow walk below takes them one by one, with more values)."""
    base = small().to_dict()
    i = 0 if bound == "lower" else 1
    accepted = accepted_singly(base, lambda path, value: field_range(path)[i])
    alone = [(p, v) for p, v in accepted if p[0] == "size" or is_problem_chance(p)]
    others = [(p, v) for p, v in accepted if (p, v) not in alone]
    assert len(others) > 100
    for path, v in alone:
        got = outcome(with_value(base, path, v))
        if got != "generated":
            check_refusal(path, v, got)
            if path[0] == "size":  # the largest sizes are refused by the memory check
                assert "memory" in got, got
    generate_in_batches(base, others, n_batches=6)


def is_problem_chance(path) -> bool:
    """Fields that raise the chance of a problem per order: at their upper bounds, any two
    together exceed the 0.95 the orders stage allows, so they are tried one at a time."""
    return (path[0] in ("problems", "carriers") and path[-1] in ("rate", "delay_rate")
            or path[-1] in ("delay_strain", "quality_multiplier", "multiplier"))


def boundary_values(path, value):
    lo, hi = field_range(path)
    span = hi - lo
    return sorted({lo, hi, 0, 1, lo + span / 3, value * 2, -value} - {value})


@pytest.mark.slow
def test_every_accepted_value_generates_one_field_at_a_time():
    """The full walk (about 1,300 values, 800 worlds; ten minutes on a busy machine):
    boundaries and values inside and outside the range, one field at a time."""
    base = small().to_dict()
    generated = refused = 0
    for path, value in LEAVES:
        for v in boundary_values(path, value):
            got = outcome(with_value(base, path, v))
            if got == "generated":
                generated += 1
            else:
                refused += 1
                check_refusal(path, v, got)
    assert generated > 500 and refused > 200, (generated, refused)
