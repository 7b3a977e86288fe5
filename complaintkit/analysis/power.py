"""The power of a study design: how many complaints (or weeks) to detect an effect.

Three designs, one result (:class:`PowerResult`: a table of power by size, a power curve):

- ``"two_proportions"``: a rate in two groups (baseline rate, a difference);
- ``"two_means"``: a mean in two groups (a difference and a standard deviation);
- ``"generator"``: whatever a scenario makes, analysed as :func:`complaintkit.compare`
  would analyse real data: each simulated study is a world made by the generator.

The first two are simulated directly (binomial or normal draws, analysed with the same tests
as :func:`complaintkit.compare`, so thousands of studies take a second) and have an analytic
counterpart in statsmodels (``NormalIndPower`` with Cohen's h, ``TTestIndPower``);
``tests/test_power.py`` checks that the two agree within the Monte Carlo error. Their numbers
may be read from a scenario (``effect="training.response_log_mult"``): that simulates the
analysed quantity directly from the scenario's parameters, not the world the generator would
make, which has more sources of variation (see :func:`power`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import N_, tr
from . import _checks as checks
from ._ledger import RowLedger
from ._result import Result
from .compare import MAX_SKEW, MIN_EXPECTED, NUMBER_TESTS, RATE_TESTS

__all__ = ["DESIGNS", "PowerResult", "power"]

DESIGNS = ("two_proportions", "two_means", "generator")
METHODS = ("auto", "analytic", "simulate", "both")
UNITS = ("complaints", "weeks")
#: default number of simulated studies per size: direct draws are cheap, worlds are not
N_SIM = {"two_proportions": 1000, "two_means": 1000, "generator": 50}
_CHUNK = 2_000_000  # values drawn at once (memory) in the direct simulations

# every user-visible message of this module, so they can be translated in one place
MESSAGES = {
    "need_n": N_("power needs n, the sizes to try: complaints per group (two_proportions, "
              "two_means), or complaints or weeks per study (generator), e.g. n=[100, 200, 400]"),
    "bad_n": N_("n must be whole numbers >= {min} (a list of sizes, e.g. [100, 200, 400]), but "
             "{value!r} was passed"),
    "need": N_("design {design!r} needs {what}"),
    "not_for": N_("{name}= does not apply to design {design!r}: {why}"),
    "rate_range": N_("{what} must be a rate between 0 and 1, but {value!r} was passed "
                  "(baseline {base!r}, effect {effect!r})"),
    "positive": N_("{name} must be a number above 0, but {value!r} was passed"),
    "number": N_("{name} must be a number (or a scenario field such as {eg!r}), but {value!r} "
              "was passed"),
    "field": N_("{name}={value!r} is not a number of scenario {sc!r}: {err}"),
    "ratio": N_("ratio (group b's size / group a's) must be a number above 0, but {value!r} was "
             "passed"),
    "small_b": N_("ratio={ratio!r} gives group b {nb} complaints at n={n}: it needs at least 2; "
               "raise the smallest n or the ratio"),
    "analytic": N_("design 'generator' has no analytic power: use method='simulate'"),
    "test": N_("test={test!r} does not fit design {design!r}: use {allowed}"),
    "effect_in_scenario": N_("the effect of a generator design is the scenario's own: set it "
                          "with scenario=ck.get_scenario(...).replace(...)"),
    "failed": N_("{k:,} of {n:,} simulated studies could not be analysed (counted as not "
              "detecting the effect); the first: {err}"),
    "all_failed": N_("none of the {n:,} simulated studies could be analysed; the first: {err}"),
    "approx": N_("{design}: simulated from the numbers given (or the scenario's parameters), not "
              "from generated worlds: queue load, priority mix, agents and seasons add "
              "variance that these draws leave out, so real power is likely lower; "
              "design='generator' simulates whole worlds"),
    "generator_note": N_("each simulated study is a world made by ck.generate from scenario "
                      "{sc!r} ({size}), analysed as ck.compare({outcome!r}, by={by!r})"),
    "size_weeks": N_("n weeks from {start}, with the scenario's complaints per week"),
    "size_complaints": N_("about n complaints each"),
    "summary_reached": N_("Power to detect {what} at alpha {alpha:g}: {target:.0%} is first "
                       "reached at n = {n:,} {unit} ({how})."),
    "summary_not": N_("Power to detect {what} at alpha {alpha:g} stays below {target:.0%} up to "
                   "n = {n:,} {unit} ({how})."),
    "summary_solve": N_(" The analytic n for {target:.0%} power is {n_req:,.0f}."),
    "per_group": N_("{unit} per group"),
    "per_study": N_("{unit} per study"),
    "how_simulated": N_("simulated power {p:.2f}, {conf:.0%} CI {lo:.2f} to {hi:.2f}, {k:,} "
                     "studies"),
    "how_analytic": N_("analytic power {p:.2f}"),
    "x_axis": N_("n ({unit})"),
    "y_axis": N_("power (alpha {alpha:.2g})"),
    "title": N_("Power to detect {what}"),
    "no_field": N_("no such number ({e})"),
    "hours": N_("hours from {start} to {end}"),
    "what_rates": N_("a rate of {pa:.1%} against {pb:.1%}"),
    "what_means": N_("a mean difference of {d:g} (SD {sd:g}, d = {es:.2f})"),
    "what_generator": N_("a difference in {outcome} by {by} in scenario {sc!r}"),
}

ASSUMPTIONS = {
    "two_proportions": [N_("independent complaints in two groups; the simulated studies are "
                        "analysed like ck.compare (chi-square, or Fisher's exact test when an "
                        "expected count is below 5)"),
                        N_("analytic: the normal approximation on the arcsine scale (Cohen's h, "
                        "statsmodels NormalIndPower)")],
    "two_means": [N_("independent, normally distributed values with one SD in both groups; "
                  "simulated studies analysed like ck.compare (Welch, or Mann-Whitney when "
                  "a group is skewed beyond +/-1)"),
                  N_("analytic: the two-sample t test (statsmodels TTestIndPower)")],
    "generator": [N_("the scenario is a fair picture of the study's world; power is what "
                  "ck.compare detects in worlds made from it"),
                  N_("the power's interval is Wilson's over the simulated studies")],
}


#: the methods as the chart's legend shows them (English: the code itself)
SHOWN = (N_("simulate"), N_("analytic"))


def _msg(lang: str | None, key: str, **kw) -> str:
    """A message of this module in ``lang`` (:func:`complaintkit.i18n.tr`)."""
    return tr(MESSAGES[key], lang, **kw)


@dataclass(frozen=True)
class _Design:
    """A checked design: what is simulated and how it is analysed."""

    design: str
    pa: float = np.nan          # two_proportions: rates; two_means: means
    pb: float = np.nan
    sd: float = np.nan
    ratio: float = 1.0
    test: str = "auto"
    scenario: object = None     # generator
    outcome: object = None
    by: str | None = None
    groups: tuple | None = None
    unit: str = "complaints"
    from_scenario: bool = False  # a number was read from a scenario's parameters
    lang: str | None = None     # the language of the texts (locale=)


@dataclass
class PowerResult(Result):
    """Power by study size, returned by :func:`power`.

    Attributes
    ----------
    table : DataFrame
        One row per size and method: ``n, method, power, ci_lower, ci_upper, n_sim,
        n_total`` (``ci_*``: Wilson interval of a simulated power from its ``n_sim``
        studies, missing for the analytic power; ``n_total``: the complaints in a study,
        both groups, or their mean over the generated worlds).
    design, unit, what : str
    confidence : float
        ``1 - confidence`` is the tests' alpha.
    required_n : float
        The analytic size for 80% power (NaN when there is no analytic path).
    """

    design: str = ""
    unit: str = "complaints"
    what: str = ""
    confidence: float = 0.95
    required_n: float = np.nan
    per_group: bool = True
    _first: dict = field(default_factory=dict, repr=False)
    locale: str | None = None

    def n_for(self, target: float = 0.8, method: str | None = None) -> float:
        """The smallest size in the table whose power reaches ``target`` (NaN if none);
        ``method`` picks ``simulate`` or ``analytic`` (default: simulated if present)."""
        t = self.table
        method = method or ("simulate" if (t["method"] == "simulate").any() else "analytic")
        rows = t[(t["method"] == method) & (t["power"] >= target)]
        return float(rows["n"].min()) if len(rows) else np.nan

    def summary(self, target: float = 0.8) -> str:
        t, lang = self.table, self.text_locale
        method = "simulate" if (t["method"] == "simulate").any() else "analytic"
        unit = _msg(lang, "per_group" if self.per_group else "per_study",
                    unit=tr(self.unit, lang))
        n = self.n_for(target, method)
        row = t[(t["method"] == method) & (t["n"] == (t["n"].max() if np.isnan(n) else n))]
        r = row.iloc[0]
        how = (_msg(lang, "how_simulated", p=r["power"], conf=self.confidence, lo=r["ci_lower"],
                    hi=r["ci_upper"], k=int(r["n_sim"]))
               if method == "simulate" else _msg(lang, "how_analytic", p=r["power"]))
        key = "summary_not" if np.isnan(n) else "summary_reached"
        text = _msg(lang, key, what=self.what, alpha=round(1 - self.confidence, 10), target=target,
                    n=int(r["n"]), unit=unit, how=how)
        if not np.isnan(self.required_n) and target == 0.8:
            text += _msg(lang, "summary_solve", target=target, n_req=math.ceil(self.required_n))
        return text

    def plot(self, ax=None, *, target: float = 0.8, title: str | None = None):
        """The power curve: power against size per method, the simulated power's interval
        as a band, and a line at ``target``."""
        from ..plotting import new_axes, plot_context

        lang = self.text_locale
        with plot_context():
            fig, ax = new_axes(ax)
            for method, rows in self.table.groupby("method", sort=False):
                rows = rows.sort_values("n")
                line, = ax.plot(rows["n"], rows["power"], marker="o", label=tr(method, lang))
                if method == "simulate":
                    ax.fill_between(rows["n"], rows["ci_lower"], rows["ci_upper"],
                                    alpha=0.2, color=line.get_color())
            ax.axhline(target, color="grey", ls="--", lw=0.8)
            ax.set_ylim(0, 1.02)
            unit = _msg(lang, "per_group" if self.per_group else "per_study",
                        unit=tr(self.unit, lang))
            ax.set_xlabel(_msg(lang, "x_axis", unit=unit))
            ax.set_ylabel(_msg(lang, "y_axis", alpha=1 - self.confidence))
            ax.set_title(title or _msg(lang, "title", what=self.what))
            ax.legend()
        return ax


# --------------------------------------------------------------------------- the analysis
def power(design: str = "two_proportions", n=None, *, effect=None, baseline=None, sd=None,
          ratio: float = 1.0, scenario=None, outcome=None, by: str | None = None,
          groups=None, unit: str = "complaints", test: str = "auto", method: str = "auto",
          n_sim: int | None = None, confidence: float = 0.95, seed: int | None = None,
          progress: bool = False, locale: str | None = None) -> PowerResult:
    """The power of a study design, by simulation (and analytically where a formula exists).

    Parameters
    ----------
    design : {"two_proportions", "two_means", "generator"}
        ``two_proportions``: a rate (a yes/no flag) in two groups, ``baseline`` in group a
        and ``baseline + effect`` in group b. ``two_means``: a number in two groups, mean
        ``baseline`` (default 0) and ``baseline + effect``, one ``sd``. ``generator``: the
        worlds a ``scenario`` makes, analysed as ``ck.compare(frame, outcome, by,
        groups=groups)`` on ``ck.complaint_frame(complaints, surveys)``; the effect is the
        scenario's own (change it with ``Scenario.replace``).
    n : list of int
        The sizes to try: complaints in group a (group b has ``ratio`` times as many) for the
        two-group designs; complaints per world, or weeks of data (``unit="weeks"``), for
        ``generator``.
    effect, baseline, sd : float or str
        Numbers of the two-group designs, or names of scenario fields read from
        ``scenario`` (e.g. ``effect="training.response_log_mult"``,
        ``sd="handling.response_sigma"``: the training effect on log hours of first response).
        Read this way the design simulates the analysed quantity directly from the
        scenario's parameters, which is fast but leaves out what else the generator varies
        (queue load, priority, agents, seasons): it is optimistic. In the shipped world the
        SD of log hours to first response within a channel is about 1.0, not
        ``response_sigma``'s 0.6, so the example below needs about 175 complaints per group
        rather than 64 (docs/power.md); ``generator`` simulates the worlds themselves.
    ratio : float
        Group b's size over group a's (two-group designs).
    scenario : str or Scenario, optional
        A preset name, a TOML path or a :class:`~complaintkit.Scenario`.
    outcome, by, groups
        What the generator design compares (as in :func:`complaintkit.compare`).
    unit : {"complaints", "weeks"}
        For ``generator``: ``n`` counts complaints per world, or weeks from the scenario's
        start (with the scenario's complaints per week).
    test : str
        The test of each simulated study, as in :func:`complaintkit.compare` (``auto``
        follows compare's rule study by study).
    method : {"auto", "analytic", "simulate", "both"}
        ``auto``: both where an analytic power exists (the two-group designs), else
        simulation.
    n_sim : int, optional
        Simulated studies per size (default 1,000 for the two-group designs, 50 for
        ``generator``: each is a world, about a second each). The table's interval shows
        the Monte Carlo error this leaves.
    confidence : float
        ``1 - confidence`` is the alpha of the tests (0.95: alpha 0.05); also the level of
        the power's interval.
    seed : int, optional
        Same seed, same simulated studies.
    progress : bool
        Show a tqdm progress bar over the simulated studies.

    Returns
    -------
    PowerResult
        ``.table``: ``n, method, power, ci_lower, ci_upper, n_sim, n_total``; ``.plot()``:
        the power curve; ``.n_for(0.8)``: the smallest size reaching 80%; ``.required_n``:
        the analytic size for 80% power; ``.notes``: the ledger of simulated studies first.

    Examples
    --------
    >>> import complaintkit as ck
    >>> res = ck.power("two_proportions", n=[200, 400, 800], baseline=0.10, effect=0.05,
    ...                n_sim=400, seed=1)
    >>> res.table[["n", "method"]].drop_duplicates("method")["method"].tolist()
    ['analytic', 'simulate']
    >>> import math
    >>> math.ceil(res.required_n)  # per group, for 80% power at alpha 0.05
    681
    >>> hours = ck.power("two_means", n=[20, 40], scenario="ecommerce", sd=
    ...                  "handling.response_sigma", effect="training.response_log_mult",
    ...                  n_sim=200, seed=1)
    >>> hours.what
    'a mean difference of -0.3 (SD 0.6, d = -0.50)'
    """
    conf, seed = checks.confidence(confidence), checks.seed(seed)
    lang = checks.locale(locale)
    checks.one_of("design", design, DESIGNS)
    checks.one_of("method", method, METHODS)
    checks.one_of("unit", unit, UNITS)
    progress = checks.one_of("progress", progress, (False, True))
    sizes = _sizes(n, lang)
    n_sim = checks.whole_number("n_sim", N_SIM[design] if n_sim is None else n_sim, 1,
                                example=N_SIM[design])
    spec = _design(design, effect=effect, baseline=baseline, sd=sd, ratio=ratio,
                   scenario=scenario, outcome=outcome, by=by, groups=groups, unit=unit,
                   test=test, lang=lang)
    _group_b(spec, sizes)
    methods = _methods(method, design, lang)
    alpha = 1 - conf
    rows, notes = [], []
    if "analytic" in methods:
        rows.append(_analytic(spec, sizes, alpha))
    ledger = RowLedger(len(sizes) * n_sim if "simulate" in methods else len(sizes),
                       unit=N_("simulated studies") if "simulate" in methods else N_("sizes"),
                       locale=lang)
    if "simulate" in methods:
        rows.append(_simulated(spec, sizes, n_sim, conf, seed, progress, notes))
    notes += _design_notes(spec)
    return PowerResult(table=pd.concat(rows, ignore_index=True),
                       assumptions=[tr(a, lang) for a in ASSUMPTIONS[design]], notes=notes,
                       ledger=ledger, locale=lang,
                       design=design, unit=unit, what=_what(spec), confidence=conf,
                       required_n=_required_n(spec, alpha) if "analytic" in methods
                       else np.nan, per_group=design != "generator")


# --------------------------------------------------------------------------- checking
def _sizes(n, lang: str | None = None) -> list[int]:
    if n is None:
        raise ValueError(_msg(lang, "need_n"))
    values = [n] if isinstance(n, (int, np.integer)) else n
    try:
        values = list(values)
    except TypeError:
        raise ValueError(_msg(lang, "bad_n", min=2, value=n)) from None
    ok = len(values) > 0 and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                 and v >= 2 for v in values)
    if not ok:
        raise ValueError(_msg(lang, "bad_n", min=2, value=n))
    return sorted({int(v) for v in values})


def _group_b(spec: _Design, sizes: list[int]) -> None:
    """Group b (``ratio`` times group a) needs 2 complaints at the smallest size."""
    lang = spec.lang
    if spec.design != "generator" and round(spec.ratio * sizes[0]) < 2:
        raise ValueError(_msg(lang, "small_b", ratio=spec.ratio, n=sizes[0],
                              nb=round(spec.ratio * sizes[0])))


def _methods(method: str, design: str, lang: str | None = None) -> tuple[str, ...]:
    if design == "generator":
        if method == "analytic" or method == "both":
            raise ValueError(_msg(lang, "analytic"))
        return ("simulate",)
    return {"auto": ("analytic", "simulate"), "both": ("analytic", "simulate")}.get(
        method, (method,))


def _scenario(scenario):
    from ..scenario import get_scenario

    return get_scenario("ecommerce" if scenario is None else scenario)


def _number(name: str, value, sc_arg, eg: str, lang: str | None = None) -> float:
    """A number, or a scenario field (dotted name) read from ``sc_arg``."""
    if isinstance(value, str):
        sc = _scenario(sc_arg)
        try:
            node = sc.to_dict()
            for part in value.split("."):
                node = node[part]
            return float(node)
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(_msg(lang, "field", name=name, value=value, sc=sc.name,
                                  err=_msg(lang, "no_field", e=e))) from None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) \
            or not math.isfinite(value):
        raise ValueError(_msg(lang, "number", name=name, eg=eg, value=value))
    return float(value)


def _design(design: str, *, effect, baseline, sd, ratio, scenario, outcome, by, groups, unit,
            test, lang=None) -> _Design:
    spec = _checked_design(design, effect=effect, baseline=baseline, sd=sd, ratio=ratio,
                           scenario=scenario, outcome=outcome, by=by, groups=groups,
                           unit=unit, test=test, lang=lang)
    return dataclasses.replace(spec, lang=lang)


def _checked_design(design: str, *, effect, baseline, sd, ratio, scenario, outcome, by,
                    groups, unit, test, lang) -> _Design:
    if design == "generator":
        return _generator_design(effect, baseline, sd, scenario, outcome, by, groups, unit,
                                 test, lang)
    if unit != "complaints":
        raise ValueError(_msg(lang, "not_for", name="unit", design=design,
                              why=tr("the two-group designs count complaints per group",
                                     lang)))
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not ratio > 0 \
            or not math.isfinite(ratio):
        raise ValueError(_msg(lang, "ratio", value=ratio))
    if effect is None:
        raise ValueError(_msg(lang, "need", design=design,
                              what=tr("effect=, the difference to detect", lang)))
    allowed = ("auto",) + (RATE_TESTS if design == "two_proportions" else NUMBER_TESTS)
    if test not in allowed:
        raise ValueError(_msg(lang, "test", test=test, design=design, allowed=", ".join(allowed)))
    d = _number("effect", effect, scenario, "training.response_log_mult", lang)
    read = any(isinstance(v, str) for v in (effect, baseline, sd))
    if design == "two_proportions":
        return dataclasses.replace(_rates(baseline, d, scenario, float(ratio), test, lang),
                                   from_scenario=read)
    if sd is None:
        raise ValueError(_msg(lang, "need", design=design,
                              what=tr("sd=, the standard deviation", lang)))
    s = _number("sd", sd, scenario, "handling.response_sigma", lang)
    if not s > 0:
        raise ValueError(_msg(lang, "positive", name="sd", value=sd))
    mu = 0.0 if baseline is None else _number("baseline", baseline, scenario, "voice.rate",
                                              lang)
    return _Design(design, pa=mu, pb=mu + d, sd=s, ratio=float(ratio), test=test,
                   from_scenario=read)


def _rates(baseline, d: float, scenario, ratio: float, test: str,
           lang: str | None = None) -> _Design:
    if baseline is None:
        raise ValueError(_msg(lang, "need", design="two_proportions",
                              what=tr("baseline=, the rate in group a (e.g. 0.10)", lang)))
    pa = _number("baseline", baseline, scenario, "handling.escalation_rate", lang)
    pb = pa + d
    for what, p in (("baseline", pa), ("baseline + effect", pb)):
        if not 0 <= p <= 1:
            raise ValueError(_msg(lang, "rate_range", what=what, value=p, base=baseline,
                                  effect=d))
    return _Design("two_proportions", pa=pa, pb=pb, ratio=ratio, test=test)


def _generator_design(effect, baseline, sd, scenario, outcome, by, groups, unit,
                      test, lang=None) -> _Design:
    for name, value in (("effect", effect), ("baseline", baseline), ("sd", sd)):
        if value is not None:
            raise ValueError(_msg(lang, "not_for", name=name, design="generator",
                                  why=_msg(lang, "effect_in_scenario")))
    if outcome is None or by is None:
        raise ValueError(_msg(lang, "need", design="generator",
                              what=tr("outcome= and by=, what ck.compare compares", lang)))
    from .compare import TESTS

    checks.one_of("test", test, TESTS)
    return _Design("generator", scenario=_scenario(scenario), outcome=outcome, by=by,
                   groups=None if groups is None else tuple(groups), unit=unit, test=test)


def _what(spec: _Design) -> str:
    lang = spec.lang
    if spec.design == "two_proportions":
        return _msg(lang, "what_rates", pa=spec.pa, pb=spec.pb)
    if spec.design == "two_means":
        d = spec.pb - spec.pa
        return _msg(lang, "what_means", d=round(d, 10), sd=spec.sd, es=d / spec.sd)
    outcome = spec.outcome
    if isinstance(outcome, (tuple, list)):
        outcome = _msg(lang, "hours", start=outcome[0], end=outcome[-1])
    return _msg(lang, "what_generator", outcome=outcome, by=spec.by, sc=spec.scenario.name)


def _design_notes(spec: _Design) -> list[str]:
    lang = spec.lang
    if not spec.from_scenario:
        return []
    return [_msg(lang, "approx", design=spec.design)]


# --------------------------------------------------------------------------- analytic
def _effect_size(spec: _Design) -> float:
    from statsmodels.stats.proportion import proportion_effectsize

    if spec.design == "two_proportions":
        return float(proportion_effectsize(spec.pb, spec.pa))
    return (spec.pb - spec.pa) / spec.sd


def _engine(spec: _Design):
    from statsmodels.stats.power import NormalIndPower, TTestIndPower

    return NormalIndPower() if spec.design == "two_proportions" else TTestIndPower()


def _analytic(spec: _Design, sizes: list[int], alpha: float) -> pd.DataFrame:
    es, engine = _effect_size(spec), _engine(spec)
    pw = [float(engine.power(effect_size=abs(es), nobs1=n, alpha=alpha, ratio=spec.ratio))
          for n in sizes]
    return pd.DataFrame({"n": sizes, "method": "analytic", "power": pw, "ci_lower": np.nan,
                         "ci_upper": np.nan, "n_sim": 0,
                         "n_total": [n + round(spec.ratio * n) for n in sizes]})


def _required_n(spec: _Design, alpha: float, target: float = 0.8) -> float:
    """The analytic size for ``target`` power (NaN without an effect: no size is enough)."""
    if _effect_size(spec) == 0:
        return np.nan
    try:
        return float(_engine(spec).solve_power(effect_size=abs(_effect_size(spec)),
                                               alpha=alpha, power=target, ratio=spec.ratio))
    except (ValueError, RuntimeError):  # pragma: no cover - statsmodels' root finder
        return np.nan


# --------------------------------------------------------------------------- simulated
def _simulated(spec: _Design, sizes: list[int], n_sim: int, conf: float, seed,
               progress: bool, notes: list[str]) -> pd.DataFrame:
    """Detections out of ``n_sim`` studies per size, with Wilson intervals."""
    from statsmodels.stats.proportion import proportion_confint

    alpha = 1 - conf
    bar = _bar(progress, len(sizes) * n_sim)
    if spec.design == "generator":
        hits, totals = _generator_studies(spec, sizes, n_sim, alpha, seed, bar, notes)
    else:
        rng = np.random.default_rng(seed)
        study = _proportion_studies if spec.design == "two_proportions" else _mean_studies
        hits, totals = [], []
        for n in sizes:
            hits.append(int((study(spec, n, n_sim, rng) < alpha).sum()))
            totals.append(n + round(spec.ratio * n))
            bar.update(n_sim)
    bar.close()
    lo, hi = proportion_confint(np.array(hits), n_sim, alpha=alpha, method="wilson")
    return pd.DataFrame({"n": sizes, "method": "simulate", "power": np.array(hits) / n_sim,
                         "ci_lower": lo, "ci_upper": hi, "n_sim": n_sim, "n_total": totals})


class _NoBar:
    def update(self, k: int) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(progress: bool, total: int):
    if not progress:
        return _NoBar()
    from ..progress import progress_bar

    return progress_bar(total=total, unit="study", desc="simulating studies")


def _proportion_studies(spec: _Design, n: int, n_sim: int, rng) -> np.ndarray:
    """p-values of ``n_sim`` studies of two rates, tested as ck.compare tests them."""
    nb = round(spec.ratio * n)
    ka = rng.binomial(n, spec.pa, n_sim)
    kb = rng.binomial(nb, spec.pb, n_sim)
    return proportion_pvalues(ka, n, kb, nb, spec.test)


def proportion_pvalues(ka, na: int, kb, nb: int, test: str = "auto") -> np.ndarray:
    """Two-sided p-values of many 2x2 tables at once, by ck.compare's rule: the chi-square
    test without continuity correction (the pooled z-test), or Fisher's exact test where an
    expected count is below 5 (``auto``) or always (``fisher``).

    Examples
    --------
    >>> from scipy.stats import chi2_contingency
    >>> p = proportion_pvalues([30], 200, [45], 200)
    >>> bool(abs(p[0] - chi2_contingency([[30, 170], [45, 155]], correction=False)[1]) < 1e-12)
    True
    """
    from scipy import stats
    ka, kb = np.asarray(ka, dtype=float), np.asarray(kb, dtype=float)
    k = ka + kb
    pool = k / (na + nb)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (kb / nb - ka / na) / np.sqrt(pool * (1 - pool) * (1 / na + 1 / nb))
    p = np.where((k == 0) | (k == na + nb), 1.0, 2 * stats.norm.sf(np.abs(z)))
    small_k = np.minimum(k, na + nb - k)
    fisher = np.full(len(k), test == "fisher") | (
        (test == "auto") & (small_k * min(na, nb) / (na + nb) < MIN_EXPECTED))
    for i in np.flatnonzero(fisher):
        table = [[ka[i], na - ka[i]], [kb[i], nb - kb[i]]]
        p[i] = stats.fisher_exact(np.array(table, dtype=int)).pvalue
    return p


def _mean_studies(spec: _Design, n: int, n_sim: int, rng) -> np.ndarray:
    """p-values of ``n_sim`` studies of two normal samples, tested as ck.compare tests them
    (in chunks, so a large design does not hold every draw at once)."""
    nb = round(spec.ratio * n)
    per = max(1, _CHUNK // (n + nb))
    out = []
    for start in range(0, n_sim, per):
        m = min(per, n_sim - start)
        a = rng.normal(spec.pa, spec.sd, (m, n))
        b = rng.normal(spec.pb, spec.sd, (m, nb))
        out.append(mean_pvalues(a, b, spec.test))
    return np.concatenate(out)


def mean_pvalues(a: np.ndarray, b: np.ndarray, test: str = "auto") -> np.ndarray:
    """Two-sided p-values of many two-sample studies at once (one per row), by ck.compare's
    rule: Welch's t test, or Mann-Whitney where a group's sample skewness is beyond +/-1
    (``auto``), or the test named."""
    from scipy import stats
    welch = stats.ttest_ind(b, a, axis=1, equal_var=False).pvalue
    if test == "welch":
        return welch
    rank = stats.mannwhitneyu(b, a, axis=1, alternative="two-sided").pvalue
    if test == "mann_whitney":
        return rank
    skew = np.maximum(np.abs(_skews(a)), np.abs(_skews(b)))
    return np.where(skew > MAX_SKEW, rank, welch)


def _skews(x: np.ndarray) -> np.ndarray:
    from scipy import stats
    if x.shape[1] < 3:
        return np.zeros(x.shape[0])
    with np.errstate(invalid="ignore", divide="ignore"):
        s = stats.skew(x, axis=1, bias=False)
    return np.nan_to_num(s)


def _world_size(spec: _Design, n: int) -> dict:
    """The arguments of ck.generate for a study of size ``n``."""
    sc = spec.scenario
    if spec.unit == "complaints":
        return {"n_complaints": n}
    days = (sc.period.end - sc.period.start).days
    return {"n_complaints": max(10, round(sc.size.n_complaints * 7 * n / days)),
            "start": sc.period.start, "end": sc.period.start + dt.timedelta(weeks=n)}


def _generator_studies(spec, sizes, n_sim, alpha, seed, bar, notes):
    """Generate ``n_sim`` worlds per size and analyse each with ck.compare.

    The analyses never import the generator; this design is the one exception, imported
    here, when it is asked for."""
    from ..generator import generate
    from .compare import compare
    from .frames import complaint_frame

    lang = spec.lang
    seeds = np.random.SeedSequence(seed).generate_state(len(sizes) * n_sim).tolist()
    hits, totals, failed, first = [], [], 0, None
    for i, n in enumerate(sizes):
        size, k, used = _world_size(spec, n), 0, []
        for j in range(n_sim):
            w = generate(spec.scenario, seed=seeds[i * n_sim + j], **size)
            try:  # a missing column or a wrong type (KeyError, TypeError) stops at once
                res = compare(complaint_frame(w.complaints, w.surveys), spec.outcome, spec.by,
                              groups=spec.groups, test=spec.test, confidence=1 - alpha)
            except ValueError as e:  # e.g. a group without complaints in a small world
                failed, first = failed + 1, first or str(e)
            else:
                k += int(res.overall["p_value"].iloc[0] < alpha)
                used.append(res.ledger.used)
            bar.update(1)
        hits.append(k)
        totals.append(float(np.mean(used)) if used else np.nan)
    if failed == len(sizes) * n_sim:
        raise ValueError(_msg(lang, "all_failed", n=failed, err=first))
    if failed:
        notes.append(_msg(lang, "failed", k=failed, n=len(sizes) * n_sim, err=first))
    size = (_msg(lang, "size_weeks", start=spec.scenario.period.start) if spec.unit == "weeks"
            else _msg(lang, "size_complaints"))
    notes.append(_msg(lang, "generator_note", sc=spec.scenario.name, size=size,
                      outcome=spec.outcome, by=spec.by))
    return hits, totals
