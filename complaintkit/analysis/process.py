"""Process analytics on an event log: the six handling steps of seed 001 in what really happened.

Seed 001 teaches six steps for handling a complaint: receive it on any channel → confirm its
content and the customer's demand → analyse the cause → propose a solution → implement it →
follow up on the customer's satisfaction (回访). :func:`process` reads any event log (the kit's
``events`` table or a real ticket system's status history: one row per event with a case id,
an activity and a time) and reports

- the usual path and its variants, with their shares of cases;
- the time to each step from the case's start and the time spent in each step (median and
  90th percentile, with distribution-free intervals);
- conformance to the six steps: which step is skipped or comes out of order, by any group
  (team, channel, priority ...);
- reopen loops (a return to a step already done) and hand-offs (the agent changes);
- a process map (nodes = activities, edges = transitions with counts and median times).

The kit's activities are mapped onto the six steps by one table, :data:`STEPS`; pass your own
(``steps=``) for a ticket system's statuses. A log from outside the kit is repaired where it
can be (duplicated events kept once, events ordered by their times) and every repair or
rejection is reported (``.problems``, ``.notes``, the row ledger), never silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_list, is_english, locale_of, tr, translated
from . import _checks as checks
from ._ledger import RowLedger
from ._result import Result
from .frames import first_position
from .kpis import _quantile, _share

__all__ = ["process", "ProcessResult", "SIX_STEPS", "STEPS"]

SIX_STEPS: tuple[str, ...] = ("receive", "confirm", "analyse", "propose", "implement",
                              "follow_up")
"""The six handling steps of seed 001, in their order."""

STEPS: dict[str, str | None] = {
    "received": "receive",
    "assigned": "receive",          # routing the complaint to an agent is part of receiving it
    "reopened": "receive",          # the customer comes back: the complaint is received again
    "acknowledged": "confirm",      # the first response confirms the content and the demand
    "investigated": "analyse",
    "escalated": "analyse",         # the cause needs the escalation team
    "solution_proposed": "propose",
    "resolved": "implement",
    "follow_up": "follow_up",       # the follow-up call (回访)
    "closed": None,                 # closing is no step: without the call, follow-up is skipped
    "replied": None,                # a first response that did not confirm the demand
    "handed_off": None,             # passed to another agent (转交): no step of its own
    "customer_contacted": None,     # the customer chasing: no step of the agent's work
}
"""The kit's events (:data:`complaintkit.vocab.EVENTS`) mapped onto :data:`SIX_STEPS`.

A mapping of your own (``process(..., steps=...)``) maps each status of your system to one of
the six steps, or to None for a status that is no step (e.g. "on hold"): it stays in the paths
and the map but is left out of conformance. A status the mapping does not name is reported
as unknown, and treated the same way.
"""

#: every message shown to users, in one place (for the zh catalogue of issue 13)
MESSAGES = {
    "steps_type": N_("steps must map each activity (status) to one of the six steps {six} or to "
                  "None, e.g. {{'New': 'receive', 'In progress': 'analyse'}}, not {value!r}"),
    "steps_value": N_("steps maps {key!r} to {value!r}, which is not one of the six steps {six} "
                   "(or None for a status that is no step)"),
    "steps_empty": N_("steps maps no activity to one of the six steps: conformance needs at least "
                   "one (e.g. {'New': 'receive'})"),
    "same_column": N_("{a} and {b} name the same column {col!r}: the case, activity and time "
                   "must be three different columns"),
    "skipped": N_("skipped"),
    "out_of_order": N_("out of order"),
    "no_case": N_("without a case id"),
    "no_activity": N_("without an activity"),
    "no_time": N_("without a time (the step may then count as skipped)"),
    "duplicate": N_("duplicates of another event (same case, activity and time)"),
    "nothing_left": N_("no event is left to analyse: {note}"),
    "unknown": N_("{k:,} events in {c:,} cases have activities that steps= does not map "
               "({which}): they stay in the paths and the map but are left out of conformance; "
               "add them to steps= (a step, or None) to silence this"),
    "unstepped": N_("{k:,} events ({which}) map to no step (None): they stay in the paths and "
                 "the map, outside conformance"),
    "backwards": N_("{k:,} events in {c:,} cases have times earlier than an event recorded before "
                 "them ({order} order), e.g. case {case!r}: the paths follow the times; check "
                 "the clock or the export"),
    "order_absent": N_("events have no {order!r} column: events with the same time keep the "
                    "order of the rows"),
    "one_case": N_("only one case: its shares are 0 or 1 and their intervals say little"),
    "few_cases": N_("{n:,} cases only: the intervals are wide"),
    "not_in_complaints": N_("{k:,} of {n:,} cases are not in complaints (e.g. {case!r}): their "
                         "groups are '(missing)'"),
    "no_events": N_("{k:,} complaints have no events (e.g. {case!r}): they are not in the "
                    "analysis"),
    "by_clash": N_("by column {col!r} clashes with a column of process()'s tables: rename it "
                "first"),
    "by_where": N_("by column {col!r} is not in events{where}"),
    "order_type": N_("order column {order!r} must hold numbers (the recorded order of events in "
                  "a case, as the kit's seq), not {dtype}; pass order=None to use the row order"),
    "no_agent": N_("events have no {agent!r} column: hand-offs are not counted"),
    "complaints_key": N_("complaints must have the case column {case!r} to be joined to the "
                         "events"),
    "agents_key": N_("agents must have an 'agent_id' column to be joined"),
    "kind": N_("kind"),
    "map_title": N_("Process map: {n:,} cases, {e:,} transitions\n(events per activity; per "
                 "transition: count · median time)"),
    "map_hidden": N_(" ({k:,} rarer transitions not drawn)"),
    "conf_title": N_("Steps skipped or out of order ({n:,} cases)"),
    "variants_title": N_("The most common paths ({n:,} cases)"),
    "other_variants": N_("other ({k:,} paths)"),
    "other_column": N_("other"),
    "share_axis": N_("share of cases"),
    "summary": N_("The usual path, {path}, is followed by {share:.0%} of {n:,} cases "
               "({lo:.0%} to {hi:.0%}); {n_var:,} paths in all."),
    "summary_skip": N_(" The step most often skipped is {step} ({share:.0%} of cases)."),
    "summary_ooo": N_(" {step} is most often out of order ({share:.0%} of cases)."),
    "summary_loops": N_(" {share:.0%} of cases loop back to a step already done (a reopening)."),
    "summary_handoffs": N_(" {share:.0%} of cases change hands at least once."),
    "summary_confirm": N_(" Median time to confirm: {h:.1f} hours."),
}

# problem codes of the .problems frame, and what was done
_ACTIONS = {"no_case": N_("left out"), "no_activity": N_("left out"),
            "no_time": N_("left out"), "duplicate": N_("left out (kept once)"),
            "unknown_activity": N_("kept outside conformance"),
            "time_backwards": N_("ordered by time")}
# the problem codes as a non-English table shows them (English keeps the codes)
_PROBLEM_LABELS = {"no_case": N_("no case id"), "no_activity": N_("no activity"),
                   "no_time": N_("no time"), "duplicate": N_("duplicate event"),
                   "unknown_activity": N_("activity not in steps="),
                   "time_backwards": N_("time earlier than the event before")}

ASSUMPTIONS = [
    N_("Events within a case are ordered by their times (ties by the order column, else the "
       "row order); a step's time is the time of its first event."),
    N_("Cases are independent of each other; the intervals of medians and 90th percentiles "
       "are distribution-free order-statistic intervals over the cases (for time in a step, "
       "over the visits, which a looping case repeats)."),
    N_("A step missing from a case counts as skipped, also for a case still open at the end "
       "of the log (filter to closed cases to judge finished work only)."),
    N_("A loop is a return to a step already done after a later one; a step done for the "
       "first time after a later step is out of order, not a loop."),
]


def _msg(name: str, lang: str | None = None, /, **fields) -> str:
    """MESSAGES[name] in ``lang``, formatted."""
    return tr(MESSAGES[name], lang, **fields)


def _shown(locale: str | None, lang: str | None) -> str | None:
    """Whose labels a text shows: ``locale=`` when given, else the data's language when it
    is not English (an English world shows the codes, as always)."""
    return locale or (None if is_english(lang) else lang)


def _activities(acts, lang: str | None) -> str:
    """A few activities named in a note: quoted codes in English, labels elsewhere (a
    status the locale does not know stays quoted)."""
    if is_english(lang):
        return ", ".join(map(repr, acts))
    names = checks.level_labels("event", lang, list(acts))
    return fmt_list([names.get(a, repr(a)) for a in acts], lang)


# --------------------------------------------------------------------------- arguments
def _steps_arg(steps, lang: str | None = None) -> dict[str, int]:
    """activity -> index in SIX_STEPS (or -1 for None)."""
    if steps is None:
        steps = STEPS
    six = ", ".join(map(repr, SIX_STEPS))
    if not isinstance(steps, Mapping):
        raise TypeError(_msg("steps_type", lang, six=six, value=steps))
    out = {}
    for key, value in steps.items():
        if value is not None and value not in SIX_STEPS:
            raise ValueError(_msg("steps_value", lang, key=key, value=value, six=six))
        out[str(key)] = -1 if value is None else SIX_STEPS.index(value)
    if not any(v >= 0 for v in out.values()):
        raise ValueError(translated(MESSAGES["steps_empty"], lang))  # braces are literal
    return out


_OUTPUT = {"step", "measure", "cases", "n", "share", "ci_lower", "ci_upper", "stat", "value",
           "case", "variant", "events", "first_at", "last_at", "hours_total", "skipped",
           "out_of_order", "loops", "loop_to", "handoffs", "with_loops", "with_handoffs",
           "team_handoffs", "with_team_handoffs",
           *(f"hours_to_{s}" for s in SIX_STEPS)}


def _by_arg(by, lang: str | None = None) -> list[str]:
    out = checks.by_columns(by)
    clash = [b for b in out if b in _OUTPUT or b.startswith("_")]
    if clash:
        raise ValueError(_msg("by_clash", lang, col=clash[0]))
    return out


@dataclass(frozen=True)
class _Cols:
    case: str
    activity: str
    time: str
    order: str | None
    agent: str | None


def _columns(events: pd.DataFrame, case, activity, time, order, agent,
             lang: str | None = None) -> tuple[_Cols, list]:
    checks.check_columns(events, [case, activity, time], "events")
    for (a, x), (b, y) in (((("case", case), ("activity", activity))),
                           ((("case", case), ("time", time))),
                           ((("activity", activity), ("time", time)))):
        if x == y:
            raise ValueError(_msg("same_column", lang, a=a, b=b, col=x))
    notes = []
    if order is not None and order not in events.columns:
        if order != "seq":  # the default names the kit's column; another name must exist
            checks.check_columns(events, [order], "events")
        notes.append(_msg("order_absent", lang, order=order))
        order = None
    if order is not None:
        o = events[order]
        if not (pd.api.types.is_numeric_dtype(o) or pd.api.types.is_datetime64_any_dtype(o)) \
                or pd.api.types.is_bool_dtype(o):
            raise TypeError(_msg("order_type", lang, order=order, dtype=o.dtype))
    if agent is not None and agent not in events.columns:
        if agent != "agent_id":
            checks.check_columns(events, [agent], "events")
        notes.append(_msg("no_agent", lang, agent=agent))
        agent = None
    return _Cols(case, activity, time, order, agent), notes


# --------------------------------------------------------------------------- cleaning
@dataclass
class _Problems:
    rows: list = field(default_factory=list)
    lang: str | None = None  # the language of detail, action and problem (English: a code)

    def add(self, code: str, frame: pd.DataFrame, detail: str) -> None:
        if len(frame):
            self.rows.append(pd.DataFrame({
                "problem": code if is_english(self.lang) else tr(_PROBLEM_LABELS[code],
                                                                     self.lang),
                "case": frame["_case"].to_numpy(),
                "row": frame.index.to_numpy(), "activity": frame["_act"].to_numpy(),
                "detail": detail, "action": tr(_ACTIONS[code], self.lang)}))

    def frame(self) -> pd.DataFrame:
        cols = ["problem", "case", "row", "activity", "detail", "action"]
        if not self.rows:
            return pd.DataFrame(columns=cols)
        return pd.concat(self.rows, ignore_index=True)[cols]


def _order_values(o: pd.Series) -> np.ndarray:
    """The order column as floats (missing: NaN, placed last by the sort)."""
    if pd.api.types.is_datetime64_any_dtype(o):
        x = o.to_numpy(dtype="datetime64[ns]").astype(np.int64).astype(float)
        return np.where(o.isna().to_numpy(), np.nan, x)
    return o.to_numpy(dtype=float, na_value=np.nan)


def _clean(events: pd.DataFrame, cols: _Cols, ledger: RowLedger, problems: _Problems,
           extra: list[str]) -> pd.DataFrame:
    """The events as ``_case, _act, _t, _order, _agent``; rows without a case, activity or
    time, and duplicated events, left out with a reason."""
    t = checks.times(events, cols.time, what="time", missing="keep")

    def obj(values):  # kept as Python objects (pandas would make them pyarrow strings, and
        # every later to_numpy would turn them back: issue 14)
        return pd.Series(values, index=events.index, dtype=object)

    case, case_code, _ = _coded(events[cols.case])
    act, _, _ = _coded(events[cols.activity], text=True)
    act_code, acts = pd.factorize(act)  # the distinct texts (few): codes and names
    if cols.agent:
        agent, agent_code, agents = _coded(events[cols.agent])
    else:
        agent = np.full(len(events), None, dtype=object)
        agent_code, agents = np.full(len(events), -1, dtype=np.int64), np.array([], object)
    ev = pd.DataFrame({
        "_case": obj(case),
        "_act": obj(act),
        "_t": t.to_numpy(),
        "_order": (_order_values(events[cols.order]) if cols.order
                   else np.arange(len(events), dtype=float)),
        "_agent": obj(agent),
        # codes of the case, activity and agent (issue 14: hashing millions of Python
        # strings again at each step was most of the time)
        "_ccode": case_code, "_ac": act_code, "_ag": agent_code,
    }, index=events.index)
    for col in extra:  # by columns of the events, carried to the cases
        ev[col] = events[col].array
    if not ev.index.is_unique:  # rows are then named by their position
        ev.index = pd.RangeIndex(len(ev))
    tests = {"no_case": lambda e: e["_ccode"] < 0, "no_activity": lambda e: e["_ac"] < 0,
             "no_time": lambda e: e["_t"].isna(),
             "duplicate": lambda e: e.duplicated(["_ccode", "_ac", "_t"], keep="first")}
    lang = ledger.locale
    for code, test in tests.items():
        mask = np.asarray(test(ev), dtype=bool)
        if mask.any():  # (a copy of every event row otherwise, for nothing)
            problems.add(code, ev.loc[mask], _msg(code, lang))
            ev = ledger.drop(mask, _msg(code, lang), data=ev)
    if ev.empty:
        raise ValueError(_msg("nothing_left", lang, note=ledger.note()))
    return ev, _Coded(acts=np.asarray(acts, dtype=object), agents=agents)


@dataclass
class _Coded:
    """The distinct activities (texts) and agents behind the codes ``_ac`` and ``_ag``."""

    acts: np.ndarray
    agents: np.ndarray


def _coded(col: pd.Series, text: bool = False):
    """A column as Python objects, as ``to_numpy(dtype=object)`` gives it (with ``text``:
    ``str`` of each value, None where missing), its codes (-1 where missing, equal codes for
    equal values) and the distinct values, from one factorisation: each distinct value is
    converted once instead of each row."""
    codes, uniq = pd.factorize(col)
    uniq = np.asarray(uniq.astype(str) if text else uniq, dtype=object)
    values = uniq[codes] if len(uniq) else np.full(len(col), None, dtype=object)
    missing = codes < 0
    if missing.any():
        values[missing] = None if text else col.to_numpy(dtype=object)[missing]
    if text:  # distinct values with the same text share a code
        text_codes, uniq = pd.factorize(uniq)
        codes = np.where(missing, -1, text_codes[codes] if len(uniq) else -1)
    return values, codes, uniq


def _place(ev: pd.DataFrame, mapping: dict[str, int], cols: _Cols,
           problems: _Problems, coded: _Coded) -> tuple[pd.DataFrame, list[str]]:
    """Order events within cases by time; give each its case code, position and step."""
    notes, lang = [], problems.lang
    ev = ev.assign(_rec=np.arange(len(ev)),
                   _cc=pd.factorize(ev["_ccode"].to_numpy(), sort=False)[0])
    # the sorts of sort_values(["_cc", "_order", "_rec"]) and (["_cc", "_t", "_pos"]) by
    # np.lexsort of the columns' values (the last key unique: one order; NaN last)
    ev = ev.take(np.lexsort((ev["_rec"].to_numpy(), ev["_order"].to_numpy(dtype=float),
                             ev["_cc"].to_numpy())))
    if cols.order is not None:  # times running backwards against the recorded order
        known = ev.loc[ev["_order"].notna()]  # an event without a position is not judged
        back = (known["_t"] < known.groupby("_cc", sort=False)["_t"].cummax()) \
            .reindex(ev.index, fill_value=False)
        if back.any():
            bad = ev.loc[back.to_numpy()]
            problems.add("time_backwards", bad, tr("earlier than an event before it in "
                                                   "{order!r} order", lang, order=cols.order))
            notes.append(_msg("backwards", lang, k=len(bad), c=bad["_case"].nunique(),
                              order=cols.order, case=bad["_case"].iloc[0]))
    ev = ev.assign(_pos=np.arange(len(ev)))
    ev = ev.take(np.lexsort((ev["_pos"].to_numpy(), _ns(ev["_t"]), ev["_cc"].to_numpy())))
    ev["_i"] = ev.groupby("_cc", sort=False).cumcount().to_numpy()
    # each distinct activity looked up once
    step = pd.Series(pd.Series(coded.acts, dtype=object).map(mapping).to_numpy()
                     [ev["_ac"].to_numpy()], index=ev.index)
    unknown = step.isna().to_numpy()
    if unknown.any():
        bad = ev.loc[unknown]
        problems.add("unknown_activity", bad, tr("not in steps=", lang))
        which = _activities(pd.unique(bad["_act"])[:5], lang)
        notes.append(_msg("unknown", lang, k=len(bad), c=bad["_case"].nunique(),
                          which=which))
    ev["_step"] = step.fillna(-1).astype(np.int64).to_numpy()
    none = (~unknown) & (ev["_step"].to_numpy() < 0)
    if none.any():
        which = _activities(pd.unique(ev.loc[none, "_act"])[:5], lang)
        notes.append(_msg("unstepped", lang, k=int(none.sum()), which=which))
    return ev.drop(columns=["_rec", "_pos"]), notes


def _ns(t: pd.Series) -> np.ndarray:
    """Date-times (no NaT) as integers that sort the same."""
    v = t.to_numpy()
    return v.view(np.int64) if v.dtype.kind == "M" else v.astype("datetime64[ns]").view(np.int64)


# --------------------------------------------------------------------------- per case
def _hours(t: np.ndarray) -> np.ndarray:
    return t.astype("datetime64[s]").astype(np.int64) / 3600.0


def _per_case(ev: pd.DataFrame, coded: _Coded) -> tuple[pd.DataFrame, np.ndarray,
                                                          np.ndarray]:
    """One row per case: variant, events, loops, hand-offs, steps skipped / out of order,
    hours from the start to each step."""
    cc = ev["_cc"].to_numpy()
    n = int(cc.max()) + 1
    h = _hours(ev["_t"].to_numpy())
    start = np.full(n, np.inf)
    np.minimum.at(start, cc, h)
    end = np.full(n, -np.inf)
    np.maximum.at(end, cc, h)
    first_pos, first_h = _first_visits(ev, n, h - start[cc])
    present = np.isfinite(first_pos)
    later = np.minimum.accumulate(first_pos[:, ::-1], axis=1)[:, ::-1]  # min over steps >= s
    later = np.concatenate([later[:, 1:], np.full((n, 1), np.inf)], axis=1)  # ... over > s
    ooo = present & (later < first_pos)
    loops, loop_to = _loops(ev, n, first_pos)
    events = np.bincount(cc, minlength=n)
    first = np.cumsum(events) - events  # ev is sorted by case: each case's first row
    out = pd.DataFrame({
        "case": ev["_case"].to_numpy()[first],
        "variant": _variants_of(ev["_act"].to_numpy(dtype=object), events),
        "events": events,
        "first_at": ev.groupby("_cc", sort=True)["_t"].min().to_numpy(),
        "last_at": ev.groupby("_cc", sort=True)["_t"].max().to_numpy(),
        "hours_total": end - start,
        "skipped": _names(~present), "out_of_order": _names(ooo),
        "loops": loops, "loop_to": loop_to, "handoffs": _handoffs(ev, n, coded)})
    for s, step in enumerate(SIX_STEPS):
        out[f"hours_to_{step}"] = first_h[:, s]
    return out, present, ooo


def _variants_of(act: np.ndarray, events: np.ndarray) -> np.ndarray:
    """Each case's activities joined by " → " (rows sorted by case, ``events`` per case),
    joined by pyarrow in one call instead of a Python join per case (issue 14)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets = pa.array(np.r_[0, np.cumsum(events)], type=pa.int64())
    lists = pa.LargeListArray.from_arrays(offsets, pa.array(act, type=pa.large_string()))
    sep = pa.scalar(" → ", type=pa.large_string())
    return pc.binary_join(lists, sep).to_numpy(zero_copy_only=False).astype(object)


def _first_visits(ev: pd.DataFrame, n: int, h_from_start: np.ndarray):
    """Per case and step: the position and the hours from the start of its first event."""
    m = ev["_step"].to_numpy() >= 0
    cc, st = ev["_cc"].to_numpy()[m], ev["_step"].to_numpy()[m]
    first_pos = np.full((n, len(SIX_STEPS)), np.inf)
    np.minimum.at(first_pos, (cc, st), ev["_i"].to_numpy()[m].astype(float))
    first_h = np.full((n, len(SIX_STEPS)), np.inf)
    np.minimum.at(first_h, (cc, st), h_from_start[m])
    first_h[~np.isfinite(first_h)] = np.nan
    return first_pos, first_h


def _mapped_sequence(ev: pd.DataFrame):
    m = ev["_step"].to_numpy() >= 0
    cc, st = ev["_cc"].to_numpy()[m], ev["_step"].to_numpy()[m]
    new_case = np.r_[True, cc[1:] != cc[:-1]][:len(cc)]
    prev = np.r_[-1, st[:-1]][:len(cc)]
    prev[new_case] = -1
    return m, cc, st, prev, new_case


def _loops(ev: pd.DataFrame, n: int, first_pos: np.ndarray):
    """Returns to a step already done, after a later step: their number per case, and the
    step of the first return."""
    m, cc, st, prev, _ = _mapped_sequence(ev)
    pos = ev["_i"].to_numpy()[m].astype(float)
    back = (st < prev) & (pos > first_pos[cc, st])
    loops = np.bincount(cc[back], minlength=n)
    loop_to = np.full(n, None, dtype=object)
    idx = np.flatnonzero(back)
    if len(idx):
        first = pd.Series(idx).groupby(cc[idx]).min()
        loop_to[first.index.to_numpy()] = np.array(SIX_STEPS, dtype=object)[st[first.to_numpy()]]
    return loops, loop_to


def _handoffs(ev: pd.DataFrame, n: int, coded: _Coded,
              teams: pd.Series | None = None) -> np.ndarray:
    """Changes of agent within a case (events without an agent, e.g. the customer's, are
    passed over); with ``teams`` (agent -> team), changes of team."""
    codes = ev["_ag"].to_numpy()  # -1: no agent
    vals = pd.Series(coded.agents, dtype=object)
    if teams is not None:  # each distinct agent's team (missing: not in agents)
        vals = vals.map(teams)
    known = vals.notna().to_numpy()
    text = np.full(len(vals), -1, dtype=np.int64)  # agents (teams) compared as text
    text[known] = pd.factorize(vals[known].astype(str).to_numpy(dtype=object))[0]
    a = np.where(codes >= 0, text[np.maximum(codes, 0)] if len(text) else -1, -1)
    m = a >= 0
    cc, ag = ev["_cc"].to_numpy()[m], a[m]
    change = np.r_[False, (cc[1:] == cc[:-1]) & (ag[1:] != ag[:-1])][:len(cc)]
    return np.bincount(cc[change], minlength=n)


def _names(flags: np.ndarray) -> np.ndarray:
    """The flagged steps of each row, comma separated: each of the 2^6 combinations named
    once, then taken by the row's bits."""
    six = np.array(SIX_STEPS, dtype=object)
    k = len(SIX_STEPS)
    bits = (np.asarray(flags, dtype=bool).reshape(-1, k) * (1 << np.arange(k))).sum(axis=1)
    names = np.array([", ".join(six[(b >> np.arange(k)) & 1 == 1]) for b in range(1 << k)],
                     dtype=object)
    return names[bits]


# --------------------------------------------------------------------------- groups
def _case_groups(cases: pd.DataFrame, ev: pd.DataFrame, by: list[str], cols: _Cols,
                 complaints, agents, lang: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The ``by`` columns per case: from complaints, from agents (through the case's agent),
    or from the events (the case's first value)."""
    notes, pos = [], None
    if complaints is not None:
        complaints = checks.check_frame(complaints, "complaints")
        if cols.case not in complaints.columns:
            raise KeyError(_msg("complaints_key", lang, case=cols.case))
        checks.unique_ids(complaints, cols.case, "complaints", "complaint")
        # each case's row in complaints, found once for the notes and every column (issue 14)
        pos = _positions(cases["case"], complaints[cols.case])
        notes += _join_notes(cases, complaints[cols.case], pos, lang)
    if agents is not None:
        agents = checks.check_frame(agents, "agents")
        if "agent_id" not in agents.columns:
            raise KeyError(_msg("agents_key", lang))
        checks.unique_ids(agents, "agent_id", "agents", "agent")
    out = pd.DataFrame(index=cases.index)
    for col in by:
        out[col] = _group_column(col, cases, ev, cols, complaints, agents, lang, pos)
    return out, notes


def _positions(keys: pd.Series, ids: pd.Series) -> np.ndarray:
    """The row of each key in ``ids`` (unique), -1 where it is not there."""
    return first_position(_like(keys, ids), ids)


def _like(values: pd.Series, other: pd.Series) -> pd.Series:
    """``values`` (the cases' ids, Python objects) as pyarrow strings when ``other`` holds
    them and every value is text, so that matching them runs in pyarrow; else as they are."""
    if isinstance(other.dtype, pd.StringDtype) and other.dtype.storage == "pyarrow" \
            and pd.api.types.infer_dtype(values, skipna=False) == "string":
        return pd.Series(pd.array(values.to_numpy(dtype=object), dtype=other.dtype),
                         index=values.index)
    return values


def _take(values: pd.Series, pos: np.ndarray):
    """``values`` at positions ``pos`` (missing where -1), keeping the dtype of ``values``
    (an ordered categorical stays one)."""
    out = values.iloc[np.maximum(pos, 0)].array.copy() if len(values) else \
        pd.array([None] * len(pos), dtype=object)
    if (pos < 0).any():
        out = pd.Series(out).where(pos >= 0).array
    return out


def _group_column(col, cases, ev, cols, complaints, agents, lang=None, pos=None) -> np.ndarray:
    if complaints is not None and col in complaints.columns:
        return _take(complaints[col], pos)
    if agents is not None and col in agents.columns:
        owner = _owner(cases, ev, cols, complaints, pos)
        return _lookup(agents.set_index("agent_id")[col], owner)
    if col in ev.columns:
        return ev.groupby("_cc", sort=True, observed=True)[col].first().array
    where = tr(" or complaints", lang) if complaints is not None else ""
    where += tr(" or agents", lang) if agents is not None else ""
    raise KeyError(_msg("by_where", lang, col=col, where=where))


def _lookup(values: pd.Series, keys: pd.Series):
    """``values`` at ``keys`` (missing where a key is not there), keeping the dtype of
    ``values`` (an ordered categorical stays one)."""
    pos = values.index.get_indexer(keys.to_numpy())
    out = values.iloc[np.maximum(pos, 0)].array.copy() if len(values) else \
        pd.array([None] * len(keys), dtype=object)
    if (pos < 0).any():
        out = pd.Series(out).where(pos >= 0).array
    return out


def _owner(cases, ev, cols, complaints, pos=None) -> pd.Series:
    """The agent of each case: complaints' agent_id, else the first agent in its events."""
    if complaints is not None and "agent_id" in complaints.columns:
        if pos is None:
            pos = _positions(cases["case"], complaints[cols.case])
        agent = complaints["agent_id"].to_numpy(dtype=object)
        return pd.Series(np.where(pos >= 0, agent[np.maximum(pos, 0)] if len(agent)
                                  else None, np.nan), index=cases.index)
    first = ev.dropna(subset=["_agent"]).groupby("_cc")["_agent"].first()
    return pd.Series(np.arange(len(cases)), index=cases.index).map(first)


def _join_notes(cases: pd.DataFrame, ids: pd.Series, pos: np.ndarray,
                lang: str | None = None) -> list[str]:
    """Cases not in complaints, complaints without events; ``pos``: each case's row in
    ``ids`` (unique), -1 where it is not there."""
    notes = []
    known = pd.Series(pos >= 0, index=cases.index)
    if not known.all():
        notes.append(_msg("not_in_complaints", lang, k=int((~known).sum()), n=len(cases),
                          case=cases.loc[~known, "case"].iloc[0]))
    seen = np.zeros(len(ids), dtype=bool)
    seen[pos[pos >= 0]] = True
    unseen = pd.Series(~seen, index=ids.index)
    if unseen.any():
        notes.append(_msg("no_events", lang, k=int(unseen.sum()), case=ids[unseen].iloc[0]))
    return notes


def _codes(groups: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Group codes per case (missing values as a group of their own, "(missing)") and the
    groups' keys, in the order of ordered categoricals (priority low, medium, high)."""
    if groups.shape[1] == 0:
        return np.zeros(len(groups), np.int64), pd.DataFrame(index=[0])
    keys = groups.copy()
    for col in keys.columns:
        if not isinstance(keys[col].dtype, pd.CategoricalDtype) or keys[col].isna().any():
            keys[col] = keys[col].astype(object).where(keys[col].notna(), "(missing)")
    try:
        grouped = keys.groupby(list(keys.columns), observed=True, sort=True)
        codes = grouped.ngroup().to_numpy()
    except TypeError:  # values that do not sort together (numbers and text): first seen first
        grouped = keys.groupby(list(keys.columns), observed=True, sort=False)
        codes = grouped.ngroup().to_numpy()
    uniq = keys.groupby(codes).first().reset_index(drop=True)
    return codes, uniq


# --------------------------------------------------------------------------- tables
def _stack(keys: pd.DataFrame, parts: list[dict]) -> pd.DataFrame:
    """One frame from per-group arrays: the group keys repeated once per part (built in one
    go: pandas' assign, column by column, is slow for many small tables)."""
    g = len(keys)
    cols = {c: np.tile(keys[c].to_numpy(dtype=object), len(parts)) for c in keys.columns}
    for name in parts[0]:
        cols[name] = np.concatenate([np.broadcast_to(np.asarray(p[name]), (g,))
                                     for p in parts])
    return pd.DataFrame(cols)


def _conformance(present, ooo, codes, keys, alpha) -> pd.DataFrame:
    g = len(keys)
    parts = []
    for s, step in enumerate(SIX_STEPS):
        for measure, flag in (("skipped", ~present[:, s]), ("out_of_order", ooo[:, s])):
            share, lo, hi, n = _share(codes, flag.astype(float), g, alpha)
            parts.append({"step": step, "measure": measure,
                          "cases": np.bincount(codes[flag], minlength=g), "n": n,
                          "share": share, "ci_lower": lo, "ci_upper": hi})
    return _stack(keys, parts)


def _flag_table(values: np.ndarray, codes, keys, alpha, name: str) -> pd.DataFrame:
    """Cases with at least one loop / hand-off, with a Wilson interval, and the total."""
    g = len(keys)
    share, lo, hi, n = _share(codes, (values > 0).astype(float), g, alpha)
    return _stack(keys, [{"cases": n,
                          f"with_{name}": np.bincount(codes[values > 0], minlength=g),
                          "share": share, "ci_lower": lo, "ci_upper": hi,
                          name: np.bincount(codes, weights=values, minlength=g)
                          .astype(np.int64)}])


def _handoff_table(ev, cases, agents, codes, keys, alpha, coded):
    """Hand-offs between agents and, with the agents' teams, between teams (the events'
    agents looked up in ``agents``; an agent not there is passed over)."""
    table = _flag_table(cases["handoffs"].to_numpy(), codes, keys, alpha, "handoffs")
    if agents is None or "team" not in agents.columns:
        return cases, table
    teams = agents.set_index("agent_id")["team"].astype(object)
    between = _handoffs(ev, len(cases), coded, teams)
    cases = cases.assign(team_handoffs=between)
    t = _flag_table(between, codes, keys, alpha, "team_handoffs")
    return cases, table.assign(with_team_handoffs=t["with_team_handoffs"].to_numpy(),
                               team_handoffs=t["team_handoffs"].to_numpy())


def _variants(cases: pd.DataFrame, top: int, alpha: float) -> pd.DataFrame:
    counts = cases["variant"].value_counts(sort=True)
    counts = counts.iloc[np.lexsort((counts.index.to_numpy(dtype=str),
                                     -counts.to_numpy()))]
    n = len(cases)
    t = pd.DataFrame({"rank": np.arange(1, len(counts) + 1), "variant": counts.index,
                      "cases": counts.to_numpy()})
    if len(t) > top:
        rest = t.iloc[top:]
        t = pd.concat([t.iloc[:top], pd.DataFrame({
            "rank": [np.nan], "variant": [MESSAGES["other_variants"].format(k=len(rest))],
            "cases": [rest["cases"].sum()]})], ignore_index=True)
    from statsmodels.stats.proportion import proportion_confint

    lo, hi = proportion_confint(t["cases"].to_numpy(), n, alpha=alpha, method="wilson")
    t["share"], t["ci_lower"], t["ci_upper"] = t["cases"] / n, lo, hi
    t["events"] = [0 if r != r else v.count(" → ") + 1
                   for r, v in zip(t["rank"], t["variant"], strict=True)]
    t["rank"] = t["rank"].astype("Int64")
    return t[["rank", "variant", "events", "cases", "share", "ci_lower", "ci_upper"]]


def _quantile_rows(values: np.ndarray, codes: np.ndarray, g: int, alpha: float,
                   **labels) -> list[dict]:
    parts = []
    for stat, q in (("median", 0.5), ("p90", 0.9)):
        value, lo, hi, n = _quantile(codes, values, g, q, alpha)
        parts.append({**labels, "stat": stat, "value": value, "ci_lower": lo, "ci_upper": hi,
                      "n": n})
    return parts


def _times(ev: pd.DataFrame, cases: pd.DataFrame, codes, keys, alpha) -> pd.DataFrame:
    """Hours from the case's start to each step, and hours spent in each step (from a visit's
    first event to the next step's first event)."""
    parts, g = [], len(keys)
    for step in SIX_STEPS:
        parts += _quantile_rows(cases[f"hours_to_{step}"].to_numpy(dtype=float), codes, g,
                                alpha, step=step, measure="hours_to_step")
    m, cc, st, prev, new_case = _mapped_sequence(ev)
    h = _hours(ev["_t"].to_numpy()[m])
    run = new_case | (st != prev)
    rc, rs, rh = cc[run], st[run], h[run]
    same_next = np.r_[rc[1:] == rc[:-1], False][:len(rc)]
    dur = np.where(same_next, np.r_[rh[1:], np.nan][:len(rh)] - rh, np.nan)
    for s, step in enumerate(SIX_STEPS):
        k = (rs == s) & same_next
        parts += _quantile_rows(dur[k], codes[rc[k]], g, alpha, step=step,
                                measure="hours_in_step")
    return _stack(keys, parts)


def _transitions(ev: pd.DataFrame, alpha: float, coded: _Coded) -> pd.DataFrame:
    cc = ev["_cc"].to_numpy()
    same = cc[1:] == cc[:-1]
    h = _hours(ev["_t"].to_numpy())
    t = pd.DataFrame({"case": cc[:-1][same], "hours": (h[1:] - h[:-1])[same]})
    cols = ["source", "target", "transitions", "cases", "median_hours", "ci_lower", "ci_upper",
            "p90_hours"]
    if t.empty:
        return pd.DataFrame(columns=cols)
    # the (source, target) pairs in sorted order, by the activities' sorted codes (issue 14:
    # a MultiIndex of a million text pairs was slow)
    order = np.argsort(coded.acts.astype(str), kind="stable")  # names sorted
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    a_codes, acts = rank[ev["_ac"].to_numpy()], coded.acts[order]
    na = max(len(acts), 1)
    pair = a_codes[:-1][same].astype(np.int64) * na + a_codes[1:][same]
    seen = np.bincount(pair, minlength=na * na) > 0
    keys = np.flatnonzero(seen)
    codes = (np.cumsum(seen) - 1)[pair]
    g = len(keys)
    med, lo, hi, n = _quantile(codes, t["hours"].to_numpy(), g, 0.5, alpha)
    p90 = _quantile(codes, t["hours"].to_numpy(), g, 0.9, alpha)[0]
    both = np.sort(t["case"].to_numpy().astype(np.int64) * g + codes)  # (case, pair) once
    both = both[np.r_[True, both[1:] != both[:-1]]]
    cases = np.bincount(both % g, minlength=g)
    names = np.asarray(acts, dtype=object)
    out = pd.DataFrame({"source": names[keys // na], "target": names[keys % na]}).assign(
        transitions=n, cases=cases, median_hours=med, ci_lower=lo, ci_upper=hi, p90_hours=p90)
    return out.sort_values("transitions", ascending=False, kind="stable")[cols] \
        .reset_index(drop=True)


def _activity_counts(ev: pd.DataFrame) -> pd.Series:
    """Events per activity, most first (ties in order of appearance), as value_counts of the
    activities as text gives them, counted by their codes."""
    vc = ev["_act"].value_counts()
    vc.index = vc.index.astype("str")
    return vc


# --------------------------------------------------------------------------- result
@dataclass
class ProcessResult(Result):
    """The six handling steps in an event log; see :func:`process`.

    ``.table`` is the conformance table; ``.variants``, ``.times``, ``.transitions``,
    ``.loops``, ``.handoffs``, ``.cases`` and ``.problems`` hold the rest.
    """

    variants: pd.DataFrame = field(default_factory=pd.DataFrame)
    times: pd.DataFrame = field(default_factory=pd.DataFrame)
    transitions: pd.DataFrame = field(default_factory=pd.DataFrame)
    loops: pd.DataFrame = field(default_factory=pd.DataFrame)
    handoffs: pd.DataFrame = field(default_factory=pd.DataFrame)
    cases: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: pd.DataFrame = field(default_factory=pd.DataFrame)
    steps: dict = field(default_factory=dict)
    by: list = field(default_factory=list)
    activities: pd.Series = field(default_factory=lambda: pd.Series(dtype="int64"))
    locale: str | None = None

    def _name(self, activity: str) -> str:
        """An activity as the locale shows it (a kit event's label; a status as it is)."""
        shown = _shown(self.locale, self.text_locale)
        return checks.level_labels("event", shown, [activity]).get(activity, activity)

    def _step_name(self, step: str) -> str:
        shown = _shown(self.locale, self.text_locale)
        return checks.level_labels("process_step", shown, [step]).get(step, step)

    def _path(self, variant: str) -> str:
        """A path as text: the codes in English, the activities' labels elsewhere."""
        if _shown(self.locale, self.text_locale) is None:
            return variant
        return " → ".join(self._name(a) for a in variant.split(" → "))

    def summary(self) -> str:
        lang = self.text_locale
        v = self.variants.iloc[0]
        n = len(self.cases)
        text = _msg("summary", lang, path=self._path(v["variant"]), share=v["share"], n=n,
                    lo=v["ci_lower"], hi=v["ci_upper"], n_var=self.cases["variant"].nunique())
        overall = self._overall(self.table)
        for measure, key in (("skipped", "summary_skip"), ("out_of_order", "summary_ooo")):
            rows = overall[overall["measure"] == measure]
            top = rows.loc[rows["share"].idxmax()] if len(rows) else None
            if top is not None and top["share"] > 0:
                text += _msg(key, lang, step=self._step_name(top["step"]), share=top["share"])
        for name, key in (("loops", "summary_loops"), ("handoffs", "summary_handoffs")):
            share = float((self.cases[name] > 0).mean())
            if share > 0:
                text += _msg(key, lang, share=share)
        h = self.cases["hours_to_confirm"].median()
        if h == h:
            text += _msg("summary_confirm", lang, h=h)
        return text

    def _overall(self, table: pd.DataFrame) -> pd.DataFrame:
        if not self.by:
            return table
        g = table.groupby(["step", "measure"], sort=False)[["cases", "n"]].sum().reset_index()
        return g.assign(share=g["cases"] / g["n"])

    def plot(self, ax=None, *, kind: str = "map", min_share: float = 0.01, title=None):
        """Draw the process map (``kind="map"``), the conformance bars (``"conformance"``) or
        the most common paths (``"variants"``); returns the Axes.

        ``min_share``: on the map, transitions made by fewer than this share of cases are not
        drawn (the title says how many).
        """
        from ..plotting import fix_fonts, new_axes, plot_context

        checks.one_of("kind", kind, ("map", "conformance", "variants"))
        with plot_context():
            fig, ax = new_axes(ax, figsize=(11, 6) if kind == "map" else (8, 4.5))
            {"map": _draw_map, "conformance": _draw_conformance,
             "variants": _draw_variants}[kind](ax, self, min_share)
            if title is not None:
                ax.set_title(title)
            fix_fonts(ax)
        return ax


# --------------------------------------------------------------------------- drawing
_DX, _DY = 1.7, 1.5  # column and row spacing of the map, in data units (equal aspect)


def _layout(result: ProcessResult) -> dict[str, tuple[float, float]]:
    """A fixed layout: one column per step in the order of the six, the activities of a step
    stacked (in the order of the steps mapping); activities outside the six steps in a last
    column."""
    acts = list(result.activities.index)
    order = list(result.steps)
    column = {a: result.steps.get(a, -1) for a in acts}
    pos = {}
    for col in sorted(set(column.values()), key=lambda c: (c < 0, c)):
        members = sorted((a for a in acts if column[a] == col),
                         key=lambda a: (order.index(a) if a in order else len(order), a))
        x = col if col >= 0 else len(SIX_STEPS)
        for i, a in enumerate(members):
            pos[a] = (x * _DX, ((len(members) - 1) / 2 - i) * _DY)
    return pos


def _draw_edge(ax, p0, p1, e, widest: int) -> None:
    import matplotlib.patches as mpatches

    (x0, y0), (x1, y1) = p0, p1
    back = x1 < x0 or (x1 == x0 and y1 > y0)
    rad = 0.3 if back else 0.1
    ax.add_patch(mpatches.FancyArrowPatch(
        p0, p1, connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>", mutation_scale=12,
        linewidth=0.6 + 4 * e["transitions"] / widest, color="#c0392b" if back else "#2c6e9b",
        alpha=0.7, shrinkA=24, shrinkB=24))
    # the curve's midpoint (a quadratic Bezier through arc3's control point)
    mx, my = (x0 + x1) / 2 + rad * (y1 - y0) / 2, (y0 + y1) / 2 - rad * (x1 - x0) / 2
    h = e["median_hours"]
    ax.text(mx, my, f"{int(e['transitions']):,} · {h:.2g} h" if h < 10 else
            f"{int(e['transitions']):,} · {h:.0f} h", fontsize=6.5, ha="center", va="center",
            color="#333333",
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85})


def _draw_map(ax, result: ProcessResult, min_share: float) -> None:
    pos = _layout(result)
    n_cases = len(result.cases)
    t = result.transitions
    shown = t[t["cases"] >= min_share * n_cases] if len(t) else t
    widest = max(int(shown["transitions"].max()) if len(shown) else 1, 1)
    for _, e in shown.iterrows():
        _draw_edge(ax, pos[e["source"]], pos[e["target"]], e, widest)
    per_act = result.activities
    for a, (x, y) in pos.items():
        name = result._name(a)
        name = name if len(name) <= 24 else name[:23] + "…"  # a long status stays readable
        ax.text(x, y, f"{name}\n{int(per_act.get(a, 0)):,}", ha="center", va="center",
                fontsize=8, bbox={"boxstyle": "round,pad=0.4", "fc": "#eef4f8",
                                  "ec": "#2c6e9b"})
    xs = sorted({x for x, _ in pos.values()})
    lang = result.text_locale
    names = [result._step_name(x) for x in SIX_STEPS] + [_msg("other_column", lang)]
    top = max(y for _, y in pos.values()) + 0.8
    for x in xs:
        ax.text(x, top, names[int(round(x / _DX))], ha="center", va="bottom",
                fontweight="bold", color="#555555")
    ax.set_xlim(min(xs) - 0.9, max(xs) + 0.9)
    ax.set_ylim(min(y for _, y in pos.values()) - 0.9, top + 0.5)
    ax.set_aspect("equal")
    ax.set_axis_off()
    hidden = len(t) - len(shown)
    ax.set_title(_msg("map_title", lang, n=n_cases, e=int(t["transitions"].sum())
                      if len(t) else 0)
                 + (_msg("map_hidden", lang, k=hidden) if hidden else ""))


def _draw_conformance(ax, result: ProcessResult, min_share: float) -> None:
    overall = result._overall(result.table)
    if result.by:  # intervals over the pooled cases
        k, n = overall["cases"].to_numpy(), overall["n"].to_numpy()
        from statsmodels.stats.proportion import proportion_confint

        lo, hi = proportion_confint(k, n, method="wilson")
        overall = overall.assign(ci_lower=lo, ci_upper=hi)
    y = np.arange(len(SIX_STEPS))[::-1]
    lang = result.text_locale
    for off, (measure, color) in zip((-0.18, 0.18), (("skipped", "#2c6e9b"),
                                                   ("out_of_order", "#c0392b")), strict=True):
        r = overall[overall["measure"] == measure].set_index("step").reindex(SIX_STEPS)
        ax.barh(y + off, r["share"], height=0.34, color=color, label=_msg(measure, lang),
                xerr=[(r["share"] - r["ci_lower"]).clip(lower=0),
                      (r["ci_upper"] - r["share"]).clip(lower=0)],
                error_kw={"elinewidth": 0.8})
    ax.set_yticks(y, [result._step_name(x) for x in SIX_STEPS])
    ax.set_xlabel(_msg("share_axis", lang))
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    ax.legend()
    ax.set_title(_msg("conf_title", lang, n=len(result.cases)))


def _short_paths(paths: list[str], real: list[bool], width: int = 70) -> list[str]:
    """Paths without the steps every listed path starts with ("… → "), cut from the left
    when still long: the differences are what a reader compares."""
    split = [p.split(" → ") for p, r in zip(paths, real, strict=True) if r]
    common = 0
    while split and all(len(x) > common + 1 and x[common] == split[0][common] for x in split):
        common += 1
    out = []
    for p, r in zip(paths, real, strict=True):
        if r and common >= 2:
            p = "… → " + " → ".join(p.split(" → ")[common:])
        out.append(p if len(p) <= width else "…" + p[-(width - 1):])
    return out


def _draw_variants(ax, result: ProcessResult, min_share: float) -> None:
    v = result.variants
    lang = result.text_locale
    y = np.arange(len(v))[::-1]
    ax.barh(y, v["share"], color="#2c6e9b",
            xerr=[v["share"] - v["ci_lower"], v["ci_upper"] - v["share"]])
    rest = result.cases["variant"].nunique() - int(v["rank"].notna().sum())
    paths = [" → ".join(result._name(a) for a in p.split(" → ")) if real
             else p if is_english(lang) else _msg("other_variants", lang, k=rest)
             for p, real in zip(v["variant"], v["rank"].notna(), strict=True)]
    labels = _short_paths(paths, v["rank"].notna().tolist())
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlabel(_msg("share_axis", lang))
    ax.grid(True, axis="x")
    ax.grid(False, axis="y")
    ax.set_title(_msg("variants_title", lang, n=len(result.cases)))


# --------------------------------------------------------------------------- the analysis
def process(events: pd.DataFrame, *, case: str = "complaint_id", activity: str = "event",
            time: str = "at", steps: Mapping | None = None, by=None,
            complaints: pd.DataFrame | None = None, agents: pd.DataFrame | None = None,
            order: str | None = "seq", agent: str | None = "agent_id", top: int = 10,
            confidence: float = 0.95, locale: str | None = None) -> ProcessResult:
    """The six handling steps (seed 001) in an event log: paths, times, conformance, loops,
    hand-offs and a process map.

    Parameters
    ----------
    events : DataFrame
        One row per event: the kit's ``events`` table, or a ticket system's status history.
    case, activity, time : str
        The columns holding the case id, the activity (status) and its date-time.
    steps : mapping, optional
        Activity -> one of :data:`SIX_STEPS` (or None: no step). Default :data:`STEPS`, the
        kit's events. Activities it does not name are reported and left out of conformance.
    by : str or list of str, optional
        Group conformance, times, loops and hand-offs by these columns, looked up in
        ``complaints`` (by the case id), then ``agents`` (through the case's agent), then the
        events (the case's first value): e.g. ``"channel"``, ``"priority"``, ``"team"``.
    complaints : DataFrame, optional
        One row per case, with the ``case`` column (e.g. the world's complaints).
    agents : DataFrame, optional
        One row per agent with ``agent_id`` (e.g. the world's agents, for ``by="team"``).
        A case's agent is its complaint's ``agent_id``, else the first agent in its events.
    order : str or None
        A column with the recorded order of events within a case (the kit's ``seq``): it
        breaks ties of time, and events whose time runs backwards against it are reported.
        Without the column (default name absent), ties keep the row order.
    agent : str or None
        The column with the agent who acted (for hand-offs); None or absent: not counted.
    top : int
        Variants listed one by one; the rest are pooled as "other".
    confidence : float
        Confidence level of the intervals.
    locale : {None, "en_US", "zh_CN"}
        Draw the plots with this locale's names of the kit's events and of the six steps
        (受理, 确认诉求 … in a zh world) and write every text in its language; None: the
        events' own (a Chinese world's speak Chinese, with labels; an English one shows the
        codes). The tables keep the codes.

    Returns
    -------
    ProcessResult
        ``.table`` (conformance): the ``by`` columns, ``step``, ``measure`` (``skipped`` or
        ``out_of_order``), ``cases`` (cases where it happened), ``n`` (cases), ``share``,
        ``ci_lower``, ``ci_upper`` (Wilson).

        ``.variants``: ``rank``, ``variant`` (the activities joined by " → "), ``events``,
        ``cases``, ``share``, ``ci_lower``, ``ci_upper`` (Wilson); the usual path first.

        ``.times``: the ``by`` columns, ``step``, ``measure`` (``hours_to_step``: from the
        case's first event to the step's first event; ``hours_in_step``: from a visit's first
        event to the next step's first event), ``stat`` (``median``, ``p90``), ``value``,
        ``ci_lower``, ``ci_upper`` (order-statistic), ``n``.

        ``.transitions`` (the process map's edges): ``source``, ``target``, ``transitions``,
        ``cases``, ``median_hours``, ``ci_lower``, ``ci_upper``, ``p90_hours``.

        ``.loops`` and ``.handoffs``: the ``by`` columns, ``cases``, ``with_loops`` /
        ``with_handoffs`` (cases with at least one), ``share``, ``ci_lower``, ``ci_upper``,
        and ``loops`` / ``handoffs`` (the total); with ``agents`` that have a ``team``,
        ``.handoffs`` adds ``with_team_handoffs`` and ``team_handoffs`` (changes of team).

        ``.cases``: one row per case: ``case``, ``variant``, ``events``, ``first_at``,
        ``last_at``, ``hours_total``, ``skipped`` and ``out_of_order`` (steps, comma
        separated), ``loops``, ``loop_to`` (the step of the first return), ``handoffs``
        (and ``team_handoffs`` with the agents' teams),
        ``hours_to_<step>`` for each step, and the ``by`` columns.

        ``.problems``: what was repaired or left out: ``problem`` (``no_case``,
        ``no_activity``, ``no_time``, ``duplicate``, ``unknown_activity``,
        ``time_backwards``; in a non-English locale their labels), ``case``, ``row`` (the
        row label in ``events``), ``activity``, ``detail``, ``action``. ``.notes`` says the
        same in sentences, after the row ledger's line (its unit is events).

    Examples
    --------
    >>> import complaintkit as ck
    >>> w = ck.load_dataset("ecommerce_en")
    >>> res = ck.process(w.events, complaints=w.complaints, agents=w.agents, by="team")
    >>> res.notes[0]  # doctest: +ELLIPSIS
    'all ... events used'
    >>> print(res.variants.loc[0, "variant"], res.variants.loc[0, "cases"])
    received → assigned → acknowledged → solution_proposed → resolved → follow_up → closed 3269
    >>> res.table.query("step == 'analyse' and measure == 'skipped'")[["team", "share"]].round(3)
              team  share
    12       phone  0.698
    13     digital  0.705
    14  escalation  0.000
    >>> int((res.cases["loops"] > 0).sum()), int(w.complaints["reopened"].sum())
    (291, 291)
    >>> import matplotlib.pyplot as plt
    >>> ax = res.plot()
    >>> plt.close("all")

    A ticket system's own statuses, mapped onto the six steps:

    >>> import pandas as pd
    >>> log = pd.DataFrame({
    ...     "ticket": ["T1", "T1", "T1", "T2", "T2"],
    ...     "status": ["New", "Solved", "Closed", "New", "Closed"],
    ...     "time": pd.to_datetime(["2025-01-01 09:00", "2025-01-01 12:00", "2025-01-02 09:00",
    ...                             "2025-01-03 10:00", "2025-01-03 11:00"])})
    >>> res = ck.process(log, case="ticket", activity="status", time="time",
    ...                  steps={"New": "receive", "Solved": "implement", "Closed": "follow_up"})
    >>> res.variants[["variant", "cases"]]
                     variant  cases
    0  New → Closed              1
    1  New → Solved → Closed     1
    """
    conf = checks.confidence(confidence)
    locale = checks.locale(locale)
    lang = locale_of(events, locale=locale)
    events = checks.check_frame(events, "events")
    mapping = _steps_arg(steps, lang)
    by = _by_arg(by, lang)
    top = checks.whole_number("top", top, 1, example=10)
    cols, notes = _columns(events, case, activity, time, order, agent, lang)
    ledger = RowLedger(events, unit="events", locale=lang)
    problems = _Problems(lang=lang)
    extra = [c for c in by if c in events.columns]
    ev, coded = _clean(events, cols, ledger, problems, extra)  # missing ids, times; duplicates
    ev, place_notes = _place(ev, mapping, cols, problems, coded)  # ordered by time, steps
    cases, present, ooo = _per_case(ev, coded)                 # one row per case
    groups, join_notes = _case_groups(cases, ev, by, cols, complaints, agents, lang)
    cases = pd.concat([cases, groups], axis=1)
    codes, keys = _codes(groups)
    alpha = 1 - conf
    loops = _flag_table(cases["loops"].to_numpy(), codes, keys, alpha, "loops")
    cases, handoffs = _handoff_table(ev, cases, agents, codes, keys, alpha, coded)
    size = [_msg("one_case", lang)] if len(cases) == 1 else \
        [_msg("few_cases", lang, n=len(cases))] if len(cases) < 30 else []
    return ProcessResult(
        table=_conformance(present, ooo, codes, keys, alpha),
        variants=_variants(cases, top, alpha), times=_times(ev, cases, codes, keys, alpha),
        transitions=_transitions(ev, alpha, coded), loops=loops, handoffs=handoffs, cases=cases,
        problems=problems.frame(), steps=mapping, by=by, ledger=ledger,
        activities=_activity_counts(ev),
        notes=notes + place_notes + join_notes + size,
        assumptions=[tr(a, lang) for a in ASSUMPTIONS], locale=locale)
