"""Scenarios: every number a synthetic complaint world depends on.

A :class:`Scenario` is a tree of small frozen dataclasses. The *structure*, the allowed range
and the meaning of each field live here; the *values* of the named presets live in TOML files
in ``complaintkit/scenarios/`` (with the sources they are calibrated to). A user's TOML file
starts from a preset (``base = "ecommerce"``) and overrides any field::

    base = "ecommerce"
    [voice]
    rate = 0.04
    [loyalty]
    recovery_log_hr = 0.15      # switch the service-recovery paradox on

An empty table means none: ``incidents = {}`` (or ``festivals = {}``, ``improvements = {}``)
removes the preset's incidents, while ``[voice]`` with a few fields changes only those fields.

Wrong values raise :class:`ScenarioError` with one line naming the field and the allowed range
or form. A value that validates generates (``tests/test_scenario_limits.py`` walks every
numeric field), with one exception: problem chances per order that add up to more than 0.95 on
some day (rates times festival ``delay_strain`` or incident ``multiplier``) depend on the
calendar and are refused as the orders stage starts, before any sizable work. The limits that
are not obvious from a field's range:

- numbers must be finite; whole-number fields take whole numbers only (``2.5`` and ``true``
  are refused, ``300.0`` is read as 300);
- dates are ``YYYY-MM-DD`` between :data:`DATE_MIN` and :data:`DATE_MAX` (the analyses use
  nanosecond timestamps, 1677-09-21 to 2262-04-11, and events fall years before the period,
  e.g. sign-ups and hires, and after it, e.g. follow-ups); the period spans at least a week;
- a festival ``rule`` is a day every year has: ``'02-29'`` is refused;
- text fields and table keys must not be empty;
- ``demand.weekly`` needs a day above 0, and some problem a chance above 0;
- ``size.n_agents`` is at most 4,000 (distinct names), ``handling.escalation_rate`` and
  ``reopen_rate`` are strictly between 0 and 1 (a logistic intercept is calibrated to them);
- ``process.confirm_skip_rate`` and ``followup_skip_rate`` are at most 0.9 (a logistic
  intercept is calibrated to them; 0 means never skipped);
- the memory a world needs is checked by :func:`complaintkit.generate` before it starts;
- first-response hours are capped at ten years
  (:data:`complaintkit.generator.handling.MAX_RESPONSE_HOURS`): extremes of ``channels.*.
  base_hours``, ``handling.priority_hours``, ``load_elasticity`` and ``response_sigma`` that
  are each allowed alone can multiply past what a timestamp holds, and the queue load they
  multiply is known only once complaints are drawn; the truth counts the capped complaints
  (``handling.response_hours_capped``) where the cap binds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import math
import numbers
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .i18n import N_, MessageLanguage, tr
from .locale import LOCALES
from .vocab import (
    AGE_BANDS,
    CATEGORIES,
    DEPARTMENTS,
    PRIORITIES,
    RATINGS,
    RESOLUTIONS,
    TIERS,
)

__all__ = ["DATE_MAX", "DATE_MIN", "Scenario", "ScenarioError", "get_scenario", "scenarios"]

PRESET_DIR = Path(__file__).parent / "scenarios"

INCIDENT_KINDS = ("courier_disruption", "bad_batch")
INCIDENT_PROBLEM = {"courier_disruption": "delivery_delay", "bad_batch": "quality_defect"}
FESTIVAL_RULES = ("black_friday", "cyber_monday")

#: Earliest and latest date a scenario may name (see the module docstring for why).
DATE_MIN = dt.date(1800, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH_DAY = re.compile(r"\d{2}-\d{2}")


class ScenarioError(ValueError):
    """A scenario value is missing, unknown, of the wrong type or out of range."""


#: the language of the scenario's messages, as a 1-tuple ``(locale,)`` once said: the locale
#: of the world being generated (``generate(locale=...)``), or the caller's
#: (:func:`messages_in`, e.g. the command line's), else English. A context variable rather
#: than an argument: the checks raise deep inside the building of a scenario.
_LANGUAGE = MessageLanguage("scenario")
_lang = _LANGUAGE.get


def messages_in(locale: str | None, *, unless_said: bool = False):
    """Within the block, the scenario's errors (and ``generate``'s) are written in ``locale``.

    ``unless_said``: keep the language an enclosing block said (``generate`` uses it, so a
    caller such as the command line can have a Chinese world's errors in the terminal's
    language: ``with messages_in(cli_locale()): ck.generate(locale="zh_CN")``).

    >>> with messages_in("zh_CN"):
    ...     try:
    ...         get_scenario("ecomerce")
    ...     except ScenarioError as e:
    ...         print(str(e)[:5])
    未知的场景
    """
    return _LANGUAGE.said(locale, unless_said=unless_said)


def _f(lo: float | None = None, hi: float | None = None, doc: str = "", **kw: Any):
    """A dataclass field with an allowed closed range and a one-line meaning."""
    return field(metadata={"range": (lo, hi), "doc": doc}, **kw)


# --------------------------------------------------------------------------- sections
@dataclass(frozen=True)
class Period:
    start: dt.date = _f(doc="first day of the period")
    end: dt.date = _f(doc="day after the last day of the period (exclusive)")


@dataclass(frozen=True)
class Size:
    n_complaints: int = _f(10, 100_000_000, "approximate number of complaints in the period")
    baseline_orders: int = _f(0, 10_000_000, "weighted sample of untroubled orders kept")
    population_customers: int = _f(100, 100_000_000, "customers of the company")
    n_agents: int = _f(4, 4_000, "complaint-handling agents (each gets a distinct name "
                       "from a pool of 4,000)")


@dataclass(frozen=True)
class Customers:
    tier_share: dict[str, float] = _f(0.0, 1.0, "share of customers by tier")
    tier_activity: dict[str, float] = _f(0.01, 100.0, "relative order frequency by tier")
    age_share: dict[str, float] = _f(0.0, 1.0, "share of customers by age band")


@dataclass(frozen=True)
class Demand:
    trend_per_year: float = _f(-0.9, 5.0, "relative growth of order volume per year")
    weekly: tuple[float, ...] = _f(0.0, 10.0, "order-volume multipliers, Monday to Sunday")
    yearly_amplitude: float = _f(0.0, 0.9, "amplitude of the yearly wave")
    yearly_peak_day: int = _f(1, 366, "day of the year the yearly wave peaks")


@dataclass(frozen=True)
class Festival:
    locales: tuple[str, ...] = _f(doc="locales that celebrate it")
    rule: str = _f(doc="'MM-DD', 'black_friday' or 'cyber_monday'")
    uplift: float = _f(1.0, 20.0, "order-volume multiplier on the day")
    days_before: int = _f(0, 30, "ramp-up days before")
    days_after: int = _f(0, 30, "ramp-down days after")
    delay_strain: float = _f(1.0, 20.0, "carrier delay-rate multiplier at the peak")


@dataclass(frozen=True)
class Incident:
    kind: str = _f(doc="'courier_disruption' or 'bad_batch'")
    start: dt.date = _f(doc="first day")
    days: int = _f(1, 365, "length in days")
    target: str = _f(doc="carrier (courier_disruption) or product category (bad_batch)")
    multiplier: float = _f(1.0, 100.0, "rate multiplier while it lasts")
    root_cause: str = _f(doc="root cause recorded for the problems the incident adds")


@dataclass(frozen=True)
class Improvement:
    problem: str = _f(doc="the problem whose root causes are addressed")
    root_causes: tuple[str, ...] = _f(doc="root causes the improvement addresses")
    start: dt.date = _f(doc="first day it works")
    voice_multiplier: float = _f(0.0, 1.0, "multiplier on the chance these problems are voiced")


@dataclass(frozen=True)
class Product:
    share: float = _f(0.0, 1.0, "share of orders")
    amount_median: float = _f(0.01, 1e7, "median order amount (currency units)")
    amount_sigma: float = _f(0.0, 3.0, "log-normal sigma of the order amount")
    quality_multiplier: float = _f(0.0, 20.0, "multiplier on quality-defect rate")


@dataclass(frozen=True)
class Carrier:
    share: float = _f(0.0, 1.0, "share of orders")
    promised_days: int = _f(0, 60, "promised delivery days")
    delay_rate: float = _f(0.0, 0.5, "chance an order arrives late on a normal day")
    extra_delay_mean: float = _f(0.0, 60.0, "mean extra days beyond the first for late orders")


@dataclass(frozen=True)
class RootCause:
    weight: float = _f(0.0, 1e9, "relative frequency within the problem")
    department: str = _f(doc="responsible department")


@dataclass(frozen=True)
class Problem:
    category: str = _f(doc="complaint category it is filed under")
    rate: float = _f(0.0, 0.5, "chance per order (delivery delays: from the carriers)")
    severity: int = _f(1, 5, "severity 1 (minor) to 5 (severe)")
    root_causes: dict[str, RootCause] = _f(doc="root causes with weights and departments")


@dataclass(frozen=True)
class Voice:
    rate: float = _f(0.001, 1.0, "mean chance that a problem becomes a complaint")
    per_severity: float = _f(-5.0, 5.0, "log-odds per severity point")
    per_delay_day: float = _f(-5.0, 5.0, "log-odds per day late")
    per_log_amount: float = _f(-5.0, 5.0, "log-odds per log-unit of order amount")
    tier: dict[str, float] = _f(-5.0, 5.0, "log-odds by customer tier")
    days_to_complain: float = _f(0.0, 60.0, "mean days from noticing to complaining")


@dataclass(frozen=True)
class Channel:
    share_young: float = _f(0.0, 1.0, "share of complaints from customers under 35")
    share_old: float = _f(0.0, 1.0, "share of complaints from customers 35 and over")
    base_hours: float = _f(0.01, 1000.0, "base hours to first response")


@dataclass(frozen=True)
class Handling:
    priority_hours: dict[str, float] = _f(0.01, 100.0, "response-hour multipliers by priority")
    sla_hours: dict[str, float] = _f(0.1, 1000.0, "first-response SLA by priority (hours)")
    load_elasticity: float = _f(0.0, 5.0, "queue effect: hours x load^elasticity over capacity")
    staffing_headroom: float = _f(0.2, 20.0, "team capacity / its usual daily arrivals")
    tenure_effect: float = _f(-2.0, 2.0, "log-hours per year of agent tenure")
    response_sigma: float = _f(0.0, 3.0, "log-normal noise of response hours")
    fcr_rate: float = _f(0.01, 0.99, "first-contact resolution rate")
    fcr_per_severity: float = _f(-5.0, 5.0, "log-odds of FCR per severity point")
    resolve_rate: float = _f(0.01, 1.0, "share of complaints resolved")
    resolution_days: float = _f(0.01, 365.0, "mean days to resolve when not FCR")
    # 0 and 1 are excluded: the handling stage calibrates a logistic intercept to the rate
    escalation_rate: float = _f(0.001, 0.999, "mean escalation rate")
    reopen_rate: float = _f(0.001, 0.999, "mean reopen rate")
    resolution_mix: dict[str, float] = _f(0.0, 1.0, "mix of resolutions of resolved complaints")
    compensation_share: float = _f(0.0, 5.0, "compensation as a share of the order amount")


@dataclass(frozen=True)
class Satisfaction:
    intercept: float = _f(-20.0, 20.0, "latent satisfaction intercept")
    ratings: dict[str, float] = _f(-10.0, 10.0, "effect per point of each attribute rating "
                                   "(response_speed, staff_attitude, fairness, "
                                   "product_quality, price), centred at 3")
    resolved: float = _f(-10.0, 10.0, "resolved")
    first_contact: float = _f(-10.0, 10.0, "resolved at first contact")
    extra_contact: float = _f(-10.0, 10.0, "per contact beyond the first")
    speed_per_log_hour: float = _f(-10.0, 10.0, "perceived speed per log(1 + hours) to the "
                                   "first response (drives the speed rating)")
    cutpoints: tuple[float, ...] = _f(-20.0, 20.0, "four increasing CSAT cut points")
    response_rate: float = _f(0.01, 1.0, "mean survey response rate")
    response_extremity: float = _f(-5.0, 5.0, "log-odds per unit of |latent - centre|")
    response_positivity: float = _f(-5.0, 5.0, "log-odds per unit of latent")
    followup_days: float = _f(0.0, 60.0, "mean days from resolution to the follow-up")


@dataclass(frozen=True)
class Loyalty:
    daily_rate: dict[str, float] = _f(1e-5, 1.0, "daily repurchase hazard by tier")
    silent_log_hr: float = _f(-10.0, 10.0, "log hazard ratio, silent dissatisfied")
    recovery_log_hr: float = _f(-10.0, 10.0, "log HR of a complainant with CSAT 5 and a "
                                "one-hour first response, against no problem")
    csat_log_hr: float = _f(-10.0, 10.0, "log HR per CSAT point (the customer's CSAT, "
                            "whether or not they answered the survey)")
    response_log_hr: float = _f(-10.0, 10.0, "log HR per log(1 + hours) to first response, "
                                "at the same CSAT")


@dataclass(frozen=True)
class Training:
    date: dt.date = _f(doc="day the trained agents finish the programme")
    share: float = _f(0.0, 1.0, "share of agents trained")
    tenure_selection: float = _f(-5.0, 5.0, "log-odds of selection per year of tenure")
    response_log_mult: float = _f(-3.0, 3.0, "log-hours change in first response")
    fcr_log_odds: float = _f(-5.0, 5.0, "log-odds change in first-contact resolution")
    attitude_shift: float = _f(-5.0, 5.0, "SD change in staff attitude")


@dataclass(frozen=True)
class Process:
    """Deviations from the six handling steps (issue 12) and what they cost.

    Each rate is a mean over complaints; the generator calibrates a logistic intercept to it,
    so covariates shift the chance row by row (confirmation is skipped more under queue load
    and at low priority; the follow-up call more at low priority, on the digital team and for
    new customers: observed columns only). The effects are structural: they enter the world's
    own models, so the truth records them as ``set``.
    """

    confirm_skip_rate: float = _f(0.0, 0.9, "share of complaints whose first response does "
                                  "not confirm the content and the customer's demand "
                                  "(确认诉求)")
    confirm_skip_reopen_log_odds: float = _f(-5.0, 5.0, "log-odds change of a reopen when "
                                             "the demand was not confirmed")
    followup_skip_rate: float = _f(0.0, 0.9, "share of complaints without the follow-up call "
                                   "(回访); the customer still gets a questionnaire at closing")
    no_followup_csat: float = _f(-5.0, 5.0, "shift of latent satisfaction (ordered-logit "
                                 "scale) when there is no follow-up call")
    no_followup_log_hr: float = _f(-5.0, 5.0, "log hazard ratio of buying again when there "
                                   "was no follow-up call, at the same CSAT")
    handoff_rate: float = _f(0.0, 5.0, "mean hand-offs (转交) to another agent of a complaint "
                             "not resolved at first contact (Poisson)")
    handoff_hours: float = _f(0.0, 500.0, "mean waiting hours each hand-off adds to the "
                              "resolution (exponential)")


@dataclass(frozen=True)
class Scenario:
    """Every number a synthetic complaint world depends on.

    Build one with :func:`get_scenario` (a named preset) or :meth:`Scenario.from_toml`, and
    change fields with :meth:`Scenario.replace`. All true effects of the generated world are
    the values of this object.

    Examples
    --------
    >>> import complaintkit as ck
    >>> sc = ck.get_scenario("ecommerce")
    >>> sc.voice.rate
    0.1
    >>> sc.replace(voice={"rate": 0.04}).voice.rate
    0.04
    """

    name: str = _f(doc="preset name")
    description: str = _f(doc="what the scenario depicts")
    period: Period = _f(doc="the period simulated")
    size: Size = _f(doc="volumes")
    customers: Customers = _f(doc="the customer base")
    demand: Demand = _f(doc="order volume over time")
    festivals: dict[str, Festival] = _f(doc="sales festivals")
    incidents: dict[str, Incident] = _f(doc="injected incidents")
    improvements: dict[str, Improvement] = _f(doc="improvement actions that take effect")
    products: dict[str, Product] = _f(doc="product categories")
    carriers: dict[str, Carrier] = _f(doc="carriers")
    problems: dict[str, Problem] = _f(doc="problems, categories and root causes")
    voice: Voice = _f(doc="who complains")
    channels: dict[str, Channel] = _f(doc="complaint channels")
    handling: Handling = _f(doc="complaint handling")
    satisfaction: Satisfaction = _f(doc="satisfaction after handling")
    loyalty: Loyalty = _f(doc="repurchase after the index event")
    training: Training = _f(doc="the training programme")
    process: Process = _f(doc="deviations from the six handling steps and their effects")

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scenario:
        """Build and validate a scenario from a complete nested dict."""
        sc = _build(cls, data, "")
        _check_consistency(sc)
        return sc

    @classmethod
    def from_toml(cls, path: str | Path) -> Scenario:
        """Read a TOML file that overrides a preset (``base = "ecommerce"`` by default).

        Parameters
        ----------
        path : str or Path
            The TOML file. Its top-level ``base`` names the preset it starts from.

        Raises
        ------
        ScenarioError
            If the file is missing or unreadable, or a field is unknown or out of range.
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError(tr("scenario file not found: {path}", _lang(),
                                   path=path)) from None
        except UnicodeDecodeError as e:
            raise ScenarioError(tr("{path}: not UTF-8 text ({reason} at byte {start})", _lang(),
                                   path=path, reason=e.reason, start=e.start)) from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ScenarioError(tr("{path}: not valid TOML: {error}", _lang(), path=path,
                                   error=e)) from None
        return _from_layered(data, source=str(path))

    def replace(self, **changes: Any) -> Scenario:
        """A copy with fields changed; nested sections take dicts of their own fields.

        An empty dict for a keyed table means none: ``replace(incidents={})`` has no
        incidents, while ``replace(voice={})`` changes nothing in ``voice``.
        """
        return Scenario.from_dict(_merge(self.to_dict(), changes, Scenario))

    def to_dict(self) -> dict[str, Any]:
        """The scenario as a nested dict of plain values (dates as ISO strings)."""
        return _plain(dataclasses.asdict(self))

    # ------------------------------------------------------------------ helpers
    def festivals_for(self, locale: str) -> dict[str, Festival]:
        """The festivals celebrated in ``locale``."""
        return {k: f for k, f in self.festivals.items() if locale in f.locales}

    @property
    def categories(self) -> list[str]:
        """Complaint categories in first-seen order of the problems."""
        return list(dict.fromkeys(p.category for p in self.problems.values()))

    def _repr_html_(self) -> str:  # pragma: no cover - display only
        return f"<b>Scenario {self.name!r}</b><p>{self.description}</p>"


# --------------------------------------------------------------------------- presets
def scenarios() -> list[str]:
    """Names of the preset scenarios.

    Examples
    --------
    >>> import complaintkit as ck
    >>> "ecommerce" in ck.scenarios()
    True
    """
    return sorted(p.stem for p in PRESET_DIR.glob("*.toml"))


def get_scenario(name: str | Scenario | Path = "ecommerce") -> Scenario:
    """A preset by name, a scenario file by path, or a :class:`Scenario` unchanged."""
    if isinstance(name, Scenario):
        return name
    if isinstance(name, Path) or str(name).endswith(".toml"):
        return Scenario.from_toml(name)
    if name not in scenarios():
        raise ScenarioError(_unknown(N_("scenario"), name, scenarios()))
    return _preset(name)


def _preset(name: str) -> Scenario:
    data = tomllib.loads((PRESET_DIR / f"{name}.toml").read_text(encoding="utf-8"))
    return _from_layered(data, source=tr("preset {name!r}", _lang(), name=name))


def _from_layered(data: dict[str, Any], source: str) -> Scenario:
    data = dict(data)
    base = data.pop("base", None)
    if base is None:
        if {f.name for f in dataclasses.fields(Scenario)} <= set(data):  # a complete one
            try:
                return Scenario.from_dict(data)
            except ScenarioError as e:
                raise ScenarioError(_at(source, e)) from None
        base = "ecommerce"
    if base not in scenarios():
        raise ScenarioError(_at(source, _unknown(N_("base scenario"), base, scenarios())))
    try:
        return Scenario.from_dict(_merge(_preset(base).to_dict(), data, Scenario))
    except ScenarioError as e:
        raise ScenarioError(_at(source, e)) from None


# --------------------------------------------------------------------------- building
def _at(where: str, message) -> str:
    """``where: message`` (a field's path, a file, a preset)."""
    return tr("{where}: {message}", _lang(), where=where, message=message)


def _unknown(what: str, name: Any, allowed: list[str] | tuple[str, ...], **fields) -> str:
    """``what`` (a msgid marked N_, with ``fields``) is written in the current language."""
    what = tr(what, _lang(), **fields)
    if name in allowed:  # the checks build their message before they know it is needed
        return f"{what} {name!r}"
    close = difflib.get_close_matches(str(name), list(allowed), n=1)
    hint = tr(" (did you mean {name!r}?)", _lang(), name=close[0]) if close else ""
    return tr("unknown {what} {name!r}{hint}; must be one of {allowed}", _lang(), what=what,
              name=name, hint=hint, allowed=", ".join(map(repr, allowed)))


def _merge(base: dict, over: dict, tp: Any) -> dict:
    """``over`` laid over ``base`` field by field; ``tp`` is the type both describe.

    A section (a dataclass) is merged field by field, so ``[voice]`` with one field changes
    only that field. A keyed table (``dict[str, ...]``: festivals, incidents, voice.tier, ...)
    is merged key by key, except that an empty table replaces it: ``incidents = {}`` is none.
    """
    out = dict(base)
    for k, v in over.items():
        sub = _member_type(tp, k)
        if v == {} and typing.get_origin(sub) is dict:
            out[k] = {}
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v, sub)
        else:
            out[k] = v
    return out


def _member_type(tp: Any, key: str) -> Any:
    """The type of field or key ``key`` of ``tp`` (None if unknown: an unknown field is
    reported when the scenario is built)."""
    if dataclasses.is_dataclass(tp):
        return _hints(tp).get(key)
    if typing.get_origin(tp) is dict:
        return typing.get_args(tp)[1]
    return None


def _plain(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, dt.date):
        return obj.isoformat()
    return obj


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The field types of a section (cached: resolving them is most of a validation)."""
    return typing.get_type_hints(cls)


def _build(cls: type, data: Any, path: str) -> Any:
    where = path.rstrip(".") or "scenario"
    if not isinstance(data, dict):
        raise ScenarioError(tr("{where} must be a table of fields, not {type}", _lang(),
                               where=where, type=type(data).__name__))
    hints = _hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    for k in data:
        if k not in names:
            raise ScenarioError(_at(f"{path}{k}", _unknown(N_("field"), k, names)))
    kwargs = {}
    for f in dataclasses.fields(cls):
        p = f"{path}{f.name}"
        if f.name not in data:
            if f.default is not dataclasses.MISSING:
                kwargs[f.name] = f.default
                continue
            raise ScenarioError(tr("{path} is missing ({doc})", _lang(), path=p,
                                   doc=f.metadata.get("doc", "")))
        kwargs[f.name] = _convert(hints[f.name], data[f.name], p, f.metadata.get("range"))
    return cls(**kwargs)


def _convert(tp: Any, value: Any, path: str, rng: tuple | None) -> Any:
    """``value`` as the field type ``tp``, checked against the allowed range ``rng``."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        return _build(tp, value, path + ".")
    if origin is dict:
        return _convert_dict(tp, value, path, rng)
    if origin is tuple:
        return _convert_tuple(tp, value, path, rng)
    if tp is dt.date:
        return _convert_date(value, path)
    if tp is str:
        if not isinstance(value, str) or not value.strip():
            raise ScenarioError(tr("{path} must be non-empty text, not {value!r}", _lang(),
                                   path=path, value=value))
        return value
    if tp in (int, float):
        return _convert_number(tp, value, path, rng)
    if isinstance(tp, types.UnionType):  # pragma: no cover - not used by fields yet
        return value
    raise TypeError(tr("unsupported field type {type!r} at {path}", _lang(), type=tp,
                       path=path))  # pragma: no cover


def _convert_dict(tp: Any, value: Any, path: str, rng: tuple | None) -> dict:
    _, vt = typing.get_args(tp)
    if not isinstance(value, dict):
        raise ScenarioError(tr("{path} must be a table, not {value!r}", _lang(), path=path,
                               value=value))
    for k in value:
        if not isinstance(k, str) or not k.strip():
            raise ScenarioError(tr("{path}: key {key!r} must be non-empty text", _lang(),
                                   path=path, key=k))
    return {k: _convert(vt, v, f"{path}.{k}", rng) for k, v in value.items()}


def _convert_tuple(tp: Any, value: Any, path: str, rng: tuple | None) -> tuple:
    (et, _) = typing.get_args(tp)
    if not isinstance(value, (list, tuple)):
        raise ScenarioError(tr("{path} must be a list, not {value!r}", _lang(), path=path,
                               value=value))
    return tuple(_convert(et, v, f"{path}[{i}]", rng) for i, v in enumerate(value))


def _convert_date(value: Any, path: str) -> dt.date:
    """A date (TOML date or datetime, or 'YYYY-MM-DD' text) between DATE_MIN and DATE_MAX."""
    form = tr("a date (YYYY-MM-DD) between {low} and {high}", _lang(), low=DATE_MIN,
              high=DATE_MAX)
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            day = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ScenarioError(tr("{path} = {value!r} is not {form}", _lang(), path=path,
                                   value=value, form=form)) from None
    else:
        raise ScenarioError(tr("{path} = {value!r} is not {form}", _lang(), path=path,
                               value=value, form=form))
    if not DATE_MIN <= day <= DATE_MAX:
        raise ScenarioError(tr("{path} = {value} is out of range: must be {form}", _lang(),
                               path=path, value=day, form=form))
    return day


def _convert_number(tp: type, value: Any, path: str, rng: tuple | None) -> int | float:
    """``value`` as ``tp`` (int or float): finite, whole if ``tp`` is int, inside ``rng``.

    The checks never convert before they compare, so ``inf``, ``nan`` and huge integers get
    the field's message, not Python's.
    """
    lo, hi = rng or (None, None)
    kind = tr("a whole number", _lang()) if tp is int else tr("a number", _lang())
    form = (tr("{kind} between {low} and {high}", _lang(), kind=kind, low=_num(lo),
               high=_num(hi)) if None not in (lo, hi) else kind)
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ScenarioError(tr("{path} must be {form}, not {value!r}", _lang(), path=path,
                               form=form, value=value))
    if isinstance(value, numbers.Integral):
        value = int(value)
    elif not math.isfinite(value):
        raise ScenarioError(tr("{path} = {value!r} is not finite: must be {form}", _lang(),
                               path=path, value=value, form=form))
    else:
        value = float(value)
    if tp is int and isinstance(value, float) and not value.is_integer():
        raise ScenarioError(tr("{path} = {value!r} must be {form}", _lang(), path=path,
                               value=value, form=form))
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ScenarioError(tr("{path} = {value!r} is out of range: must be {form}", _lang(),
                               path=path, value=value, form=form))
    return tp(value)


def _num(x: float) -> str:
    """A range bound as written: 1 rather than 1.0, 5000000 rather than 5e+06."""
    return str(int(x)) if float(x).is_integer() else repr(x)


# --------------------------------------------------------------------------- consistency
def _check_consistency(sc: Scenario) -> None:
    """Checks that span fields: keys that must match, shares that must sum to one.

    The checks run in this order; the first that fails raises :class:`ScenarioError`.
    """
    _check_period(sc)
    _check_keys(sc)
    _check_shares(sc)
    _check_problems(sc)
    _check_satisfaction(sc)
    _check_festivals(sc)
    _check_incidents(sc)
    _check_improvements(sc)
    _need(sc.training.date > sc.period.start and sc.training.date < sc.period.end,
          tr("training.date ({date}) must fall inside the period ({start} to {end})", _lang(),
             date=sc.training.date, start=sc.period.start, end=sc.period.end))


def _need(cond: bool, msg: str) -> None:
    if not cond:
        raise ScenarioError(msg)


MIN_PERIOD_DAYS = 7


def _check_period(sc: Scenario) -> None:
    """The period is at least a week and has days with orders."""
    _need(sc.period.end > sc.period.start,
          tr("period.end ({end}) must be after period.start ({start})", _lang(),
             end=sc.period.end, start=sc.period.start))
    days = (sc.period.end - sc.period.start).days
    _need(days >= MIN_PERIOD_DAYS, tr("the period ({start} to {end}, {days} days) must span "
                                      "at least {min} days", _lang(), start=sc.period.start,
                                      end=sc.period.end, days=days, min=MIN_PERIOD_DAYS))
    _need(len(sc.demand.weekly) == 7, tr("demand.weekly must have 7 values (Monday..Sunday), "
                                         "not {n}", _lang(), n=len(sc.demand.weekly)))
    _need(any(w > 0 for w in sc.demand.weekly),
          tr("demand.weekly must have a day above 0 (no orders otherwise), not {values}",
             _lang(), values=list(sc.demand.weekly)))


def _check_keys(sc: Scenario) -> None:
    """Dicts keyed by a vocabulary have exactly its keys."""
    for section, key_set, label in [
        ("voice.tier", sc.voice.tier, TIERS), ("loyalty.daily_rate", sc.loyalty.daily_rate, TIERS),
        ("handling.priority_hours", sc.handling.priority_hours, PRIORITIES),
        ("handling.sla_hours", sc.handling.sla_hours, PRIORITIES),
        ("handling.resolution_mix", sc.handling.resolution_mix, RESOLUTIONS),
        ("customers.tier_share", sc.customers.tier_share, TIERS),
        ("customers.tier_activity", sc.customers.tier_activity, TIERS),
        ("customers.age_share", sc.customers.age_share, AGE_BANDS),
    ]:
        _need(set(key_set) == set(label),
              tr("{section} must have exactly the keys {keys}; got {got}", _lang(),
                 section=section, keys=", ".join(label), got=", ".join(key_set)))


def _check_shares(sc: Scenario) -> None:
    """The sections everything is drawn from are not empty; shares sum to one."""
    for section in ("products", "carriers", "problems", "channels"):
        _need(len(getattr(sc, section)) > 0,
              tr("{section} must not be empty", _lang(), section=section))
    for section, items in [("products", sc.products), ("carriers", sc.carriers)]:
        total = sum(i.share for i in items.values())
        _need(abs(total - 1) < 1e-6, tr("{section} must sum to 1, not {total:.4g}", _lang(),
                                        section=section + ".*.share", total=total))
    for section, shares in [("handling.resolution_mix", sc.handling.resolution_mix),
                            ("customers.tier_share", sc.customers.tier_share),
                            ("customers.age_share", sc.customers.age_share)]:
        total = sum(shares.values())
        _need(abs(total - 1) < 1e-6, tr("{section} must sum to 1, not {total:.4g}", _lang(),
                                        section=section, total=total))
    for col in ("share_young", "share_old"):
        total = sum(getattr(c, col) for c in sc.channels.values())
        _need(abs(total - 1) < 1e-6, tr("{section} must sum to 1, not {total:.4g}", _lang(),
                                        section="channels.*." + col, total=total))


def _check_problems(sc: Scenario) -> None:
    _need("delivery_delay" in sc.problems, tr("problems.delivery_delay is required (its rate "
                                              "comes from the carriers)", _lang()))
    _need(_base_problem_chance(sc) > 0, tr(
        "problems.*.rate and carriers.*.delay_rate give every order a zero chance of a "
        "problem, so no complaint can be drawn; raise one of them", _lang()))
    for code, p in sc.problems.items():
        _need(p.category in CATEGORIES, _at(f"problems.{code}.category",
                                            _unknown(N_("category"), p.category, CATEGORIES)))
        for rc, r in p.root_causes.items():
            _need(r.department in DEPARTMENTS, _at(
                f"problems.{code}.root_causes.{rc}.department",
                _unknown(N_("department"), r.department, DEPARTMENTS)))
        _need(sum(r.weight for r in p.root_causes.values()) > 0,
              _at(f"problems.{code}.root_causes", tr("weights must not all be zero", _lang())))


def _base_problem_chance(sc: Scenario) -> float:
    """Chance per order of any problem on an ordinary day (no festival, no incident)."""
    late = sum(c.share * c.delay_rate for c in sc.carriers.values())
    quality = sum(p.share * p.quality_multiplier for p in sc.products.values())
    return late + sum(p.rate * (quality if code == "quality_defect" else 1.0)
                      for code, p in sc.problems.items() if code != "delivery_delay")


def _check_satisfaction(sc: Scenario) -> None:
    _need(set(sc.satisfaction.ratings) == set(RATINGS),
          tr("{section} must have exactly the keys {keys}; got {got}", _lang(),
             section="satisfaction.ratings", keys=", ".join(RATINGS),
             got=", ".join(sc.satisfaction.ratings)))
    cp = sc.satisfaction.cutpoints
    _need(len(cp) == 4 and all(a < b for a, b in zip(cp, cp[1:], strict=False)),
          tr("satisfaction.cutpoints must be 4 increasing numbers, not {values}", _lang(),
             values=list(cp)))


def _check_festivals(sc: Scenario) -> None:
    for code, f in sc.festivals.items():
        for loc in f.locales:
            _need(loc in LOCALES, _at(f"festivals.{code}.locales",
                                      _unknown(N_("locale"), loc, LOCALES)))
        if f.rule not in FESTIVAL_RULES:
            _need(_is_month_day(f.rule), tr(
                "{path} = {value!r} must be 'MM-DD' of a day every year has (not '02-29'), "
                "'black_friday' or 'cyber_monday'", _lang(), path="festivals." + code + ".rule",
                value=f.rule))


def _is_month_day(rule: str) -> bool:
    """``rule`` is 'MM-DD' of a day every year has (29 February is not: a festival on it
    would be missing three years in four)."""
    if not _MONTH_DAY.fullmatch(rule):
        return False
    try:
        dt.date(2025, int(rule[:2]), int(rule[3:]))
    except ValueError:
        return False
    return True


def _check_incidents(sc: Scenario) -> None:
    for code, inc in sc.incidents.items():
        _need(inc.kind in INCIDENT_KINDS, _at(
            f"incidents.{code}.kind", _unknown(N_("incident kind"), inc.kind, INCIDENT_KINDS)))
        targets = sc.carriers if inc.kind == "courier_disruption" else sc.products
        _need(inc.target in targets, _at(f"incidents.{code}.target",
                                         _unknown(N_("target"), inc.target, list(targets))))
        problem = INCIDENT_PROBLEM[inc.kind]
        rcs = sc.problems.get(problem)
        _need(rcs is not None and inc.root_cause in rcs.root_causes, _at(
            f"incidents.{code}.root_cause",
            _unknown(N_("root cause of {problem}"), inc.root_cause,
                     list(rcs.root_causes if rcs else []), problem=problem)))


def _check_improvements(sc: Scenario) -> None:
    for code, imp in sc.improvements.items():
        _need(imp.problem in sc.problems, _at(
            f"improvements.{code}.problem", _unknown(N_("problem"), imp.problem,
                                                     list(sc.problems))))
        for rc in imp.root_causes:
            _need(rc in sc.problems[imp.problem].root_causes, _at(
                f"improvements.{code}.root_causes",
                _unknown(N_("root cause of {problem}"), rc,
                         list(sc.problems[imp.problem].root_causes), problem=imp.problem)))
