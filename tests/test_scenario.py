"""Scenarios: presets, TOML overrides, and errors that name the field and its range."""

import pandas as pd
import pytest

import complaintkit as ck
from complaintkit import Scenario, ScenarioError


def test_presets_are_listed_and_load():
    names = ck.scenarios()
    assert "ecommerce" in names
    for name in names:
        sc = ck.get_scenario(name)
        assert isinstance(sc, Scenario) and sc.name == name


def test_ecommerce_preset_follows_the_seeds(scenario):
    assert scenario.voice.rate == 0.10  # seed 004: 90% never complain
    delay = scenario.problems["delivery_delay"].root_causes
    assert len(delay) == 10  # the ten rows of the Joyo table
    assert sum(r.weight for r in delay.values()) == 1094
    assert (delay["customer_requested_next_day"].weight
            + delay["customer_requested_same_day"].weight) == 530
    assert {"d618", "d1111"} <= set(scenario.festivals_for("zh_CN"))
    assert {"black_friday", "cyber_monday"} <= set(scenario.festivals_for("en_US"))
    assert len(scenario.incidents) >= 1
    assert scenario.handling.fcr_rate == pytest.approx(0.70)


def test_replace_and_round_trip_through_dict(scenario):
    sc = scenario.replace(voice={"rate": 0.04}, size={"n_complaints": 500})
    assert sc.voice.rate == 0.04 and sc.size.n_complaints == 500
    assert sc.voice.per_delay_day == scenario.voice.per_delay_day  # untouched
    assert Scenario.from_dict(sc.to_dict()) == sc


def test_from_toml_overrides_a_preset(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('base = "ecommerce"\nname = "mine"\n[voice]\nrate = 0.04\n'
                 '[loyalty]\nrecovery_log_hr = 0.15\n', encoding="utf-8")
    sc = Scenario.from_toml(f)
    assert (sc.name, sc.voice.rate, sc.loyalty.recovery_log_hr) == ("mine", 0.04, 0.15)
    assert ck.get_scenario(str(f)) == sc
    w = ck.generate(f, n_complaints=200, seed=3)
    assert w.meta["scenario"] == "mine"


@pytest.mark.parametrize("toml,message", [
    ("[voice]\nrate = 1.5\n",
     r"voice\.rate = 1\.5 is out of range: must be a number between 0\.001 and 1$"),
    ("[voice]\nrat = 0.1\n", r"voice\.rat: unknown field 'rat' \(did you mean 'rate'\?\)"),
    ("[voice]\nrate = 'high'\n", r"voice\.rate must be a number"),
    ("[size]\nn_complaints = 10.5\n", r"size\.n_complaints = 10\.5 must be a whole number"),
    ("[period]\nend = '2024-01-01'\n", r"period\.end \(2024-01-01\) must be after period\.start"),
    ("[period]\nstart = '2025-13-01'\n", r"period\.start = '2025-13-01' is not a date"),
    ("[carriers.post]\nshare = 0.9\n", r"carriers\.\*\.share must sum to 1"),
    ("[training]\ndate = '2030-01-01'\n", r"training\.date .* must fall inside the period"),
    ("[incidents.courier_disruption]\ntarget = 'dhl'\n",
     r"incidents\.courier_disruption\.target: unknown target 'dhl'"),
    ("[problems.damaged]\ncategory = 'weather'\n", r"problems\.damaged\.category: unknown"),
    ("[satisfaction]\ncutpoints = [1, 0, 2, 3]\n", r"cutpoints must be 4 increasing numbers"),
    ('base = "nope"\n', r"unknown base scenario 'nope'"),
    ("[voice\nrate = 1\n", r"not valid TOML"),
])
def test_bad_values_name_the_field_and_the_range(tmp_path, toml, message):
    f = tmp_path / "bad.toml"
    f.write_text(toml, encoding="utf-8")
    with pytest.raises(ScenarioError, match=message) as err:
        Scenario.from_toml(f)
    assert str(f) in str(err.value)  # says which file


def test_file_problems_are_scenario_errors(tmp_path):
    with pytest.raises(ScenarioError, match="not found"):
        Scenario.from_toml(tmp_path / "missing.toml")
    f = tmp_path / "latin1.toml"
    f.write_bytes("name = 'caf\xe9'\n".encode("latin-1"))
    with pytest.raises(ScenarioError, match="not UTF-8"):
        Scenario.from_toml(f)


def test_unknown_preset_suggests_the_closest():
    with pytest.raises(ScenarioError, match=r"did you mean 'ecommerce'"):
        ck.get_scenario("ecomerce")


def test_generate_checks_its_arguments():
    with pytest.raises(ValueError, match="locale must be one of"):
        ck.generate(locale="fr_FR")
    with pytest.raises(ValueError, match="seed must be a non-negative whole number"):
        ck.generate(seed=-1)
    with pytest.raises(ScenarioError, match="size.n_complaints = 3 is out of range"):
        ck.generate(n_complaints=3)


def test_generate_period_override():
    w = ck.generate(n_complaints=300, start="2025-03-01", end="2025-09-01", seed=2)
    rec = w.complaints["received_at"]
    assert rec.min() >= pd.Timestamp("2025-03-01")
    assert rec.max() < pd.Timestamp("2025-09-01")
