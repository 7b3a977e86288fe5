"""Checks for exercise 08: bring your own data (自带数据).

The exercise works on the shipped messy export (:mod:`complaintkit.byod`): the English one
for ``ecommerce_en``, the Chinese GBK one for ``ecommerce_zh``. Each check knows the truth
from the generated world behind the export and from ``injected.json`` (what was wrong with it
on purpose), not from the kit's reader, so a frame read by hand counts as much as one from
``ck.read_complaints``. The typical wrong answers recognised: the columns not mapped, dates
left as text or read month-first, the duplicate rows kept, complaints lost; only half of the
impossible rows, or duplicates taken for impossible; the top category from rows with
duplicates or as a count; the satisfied share over all complaints (N/A and no answer counted
as "no"); the escalation gap reversed, as a ratio or as two rates; the study size for both
groups together, one-sided, or at another power.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from . import task
from .answers import (
    AnswerError,
    as_number,
    as_table,
    close,
    first_match,
    read_shares,
    single_number,
    to_codes,
    to_float,
)
from .feedback import correct, not_yet

PUBLIC = ("social_media", "marketplace_review")
PILOT = {"p_control": 0.70, "p_pilot": 0.75, "power": 0.80, "alpha": 0.05}
_PAIR = "(risk difference public - other, p-value), e.g. (0.10, 0.0001)"
MESSAGES = {
    "not_frame": "expected the complaints as a DataFrame (df from "
                 "`df, report = ck.read_complaints(EXPORT, mapping=MAPPING)`), not {kind}",
    "unmapped": "the columns still have the export's names ({cols}): pass the mapping "
                "(mapping=MAPPING) so they get the kit's names (complaint_id, received_at ...)",
    "text_dates": "received_at holds {dtype} values (e.g. {value!r}), not dates: read it with "
                  "ck.read_complaints, which parses every date column and reports how",
    "duplicates": "{k:,} complaint(s) appear more than once: the export repeats {n} rows (a page "
                  "boundary). Exact duplicate rows are rejected by the reader, with their "
                  "reason in report.rejected",
    "missing": "{k:,} complaints are missing that were fine in the export (e.g. {ids}): a read "
               "must keep every valid row; see report.rejected for what was left out and why",
    "unknown": "{k:,} complaint id(s) not in the export (e.g. {ids})",
    "swapped": "{k:,} dates of tickets from the old helpdesk (created before April 2025, "
               "written dd/mm/yyyy) are read month-first: {value} is {right}, not {wrong}. "
               "The days above 12 in that column decide the order (report.dates says how)",
    "dates_off": "{k:,} received_at values differ from the export (e.g. ticket {cid}: {got} "
                 "against {want})",
}


def _msg(key: str, **kw) -> str:
    return MESSAGES[key].format(**kw)


# --------------------------------------------------------------------------- the truth
def _dataset(ctx) -> str:
    return ctx.dataset


def _info(ctx) -> dict:
    from .. import byod

    return ctx.cached("info", lambda: byod.injected(_dataset(ctx)))


def _clean(ctx) -> pd.DataFrame:
    from .. import byod

    return ctx.cached("clean", lambda: byod.clean_frame(_dataset(ctx)))


def _raw(ctx) -> pd.DataFrame:
    """The export as text cells, read independently, indexed by file line."""
    def make():
        from .. import byod

        info = _info(ctx)
        df = pd.read_csv(byod.export_path(_dataset(ctx)), encoding=info["encoding"],
                         skiprows=info["header_line"] - 1, dtype=str, keep_default_na=False)
        df.index = pd.RangeIndex(info["header_line"] + 1, info["header_line"] + 1 + len(df))
        return df.rename(columns=info["columns"])

    return ctx.cached("raw", make)


def _impossible(ctx) -> dict[str, str]:
    """complaint_id -> why it is impossible ('2099' or 'negative')."""
    raw = _raw(ctx)
    return {raw.loc[f["line"], "complaint_id"]:
            "2099" if f["column"] == "received_at" else "negative"
            for f in _info(ctx)["impossible"]}


# --------------------------------------------------------------------------- task 1
def _frame(answer) -> pd.DataFrame:
    if isinstance(answer, tuple) and answer and isinstance(answer[0], pd.DataFrame):
        answer = answer[0]
    if hasattr(answer, "frame") and isinstance(answer.frame, pd.DataFrame):
        answer = answer.frame
    if not isinstance(answer, pd.DataFrame):
        raise AnswerError(_msg("not_frame", kind=type(answer).__name__))
    return answer


def _columns_problem(df: pd.DataFrame, ctx) -> str | None:
    if "complaint_id" in df.columns and "received_at" in df.columns:
        return None
    export = [c for c in _info(ctx)["columns"] if c in df.columns]
    if export:
        return _msg("unmapped", cols=", ".join(map(repr, export[:3])))
    raise AnswerError("the frame has no complaint_id and received_at columns")


def _text_dates(df: pd.DataFrame) -> str | None:
    s = df["received_at"]
    if pd.api.types.is_datetime64_any_dtype(s):
        return None
    value = s.dropna().iloc[0] if s.notna().any() else None
    return _msg("text_dates", dtype=str(s.dtype), value=value)


def _dates_problem(df: pd.DataFrame, ctx) -> str | None:
    clean = _clean(ctx).set_index("complaint_id")["received_at"]
    got = df.drop_duplicates("complaint_id").set_index("complaint_id")["received_at"]
    got = got[got.index.isin(clean.index) & ~got.index.isin(list(_impossible(ctx)))]
    want = clean.loc[got.index]
    got = got.dt.floor("min").dt.tz_localize(None) if got.dt.tz else got.dt.floor("min")
    off = got.to_numpy() != want.to_numpy()
    if not off.any():
        return None
    return _dates_feedback(got[off], want[off])


def _dates_feedback(got: pd.Series, want: pd.Series) -> str:
    swapped = (got.dt.month.to_numpy() == want.dt.day.to_numpy()) & (
        got.dt.day.to_numpy() == want.dt.month.to_numpy())
    cid = got.index[0]
    if swapped.mean() > 0.5:
        w, g = want.iloc[0], got.iloc[0]
        return _msg("swapped", k=len(got), value=w.strftime("%d/%m/%Y"),
                    right=w.strftime("%d %B"), wrong=g.strftime("%d %B"))
    return _msg("dates_off", k=len(got), cid=cid, got=got.iloc[0], want=want.iloc[0])


def _rows_problem(df: pd.DataFrame, ctx) -> str | None:
    ids = df["complaint_id"].astype(str)
    dup = ids[ids.duplicated()]
    if len(dup):
        return _msg("duplicates", k=dup.nunique(), n=_info(ctx)["duplicates"]["rows"])
    truth = set(_clean(ctx)["complaint_id"])
    unknown = sorted(set(ids) - truth)
    if unknown:
        raise AnswerError(_msg("unknown", k=len(unknown), ids=", ".join(unknown[:3])))
    lost = sorted(truth - set(ids) - set(_impossible(ctx)))
    if lost:
        return _msg("missing", k=len(lost), ids=", ".join(lost[:3]))
    return None


@task("08.1", "The export read: one row per complaint, columns mapped, dates parsed")
def read_export(answer, ctx):
    df = _frame(answer)
    why = (_columns_problem(df, ctx) or _text_dates(df) or _rows_problem(df, ctx)
           or _dates_problem(df, ctx))
    if why:
        return not_yet("08.1", why)
    info = _info(ctx)
    gone = len(_clean(ctx)) - len(df)
    d = info["dates"]
    return correct("08.1", f"{len(df):,} complaints from {info['rows_written']:,} rows: "
                           f"{info['duplicates']['rows']} repeated rows out"
                           + (f", {gone} impossible rows set aside" if gone else "") + ".",
                   f"{d['day_first_rows']} tickets from the old helpdesk were written "
                   f"day-first; {d['day_first_rows_with_day_above_12']} of them have a day "
                   "above 12, which is how the order is known rather than guessed.")


# --------------------------------------------------------------------------- task 2
def _ids(answer) -> list[str]:
    answer = as_table(answer)
    if isinstance(answer, pd.DataFrame):
        if "complaint_id" not in answer.columns:
            raise AnswerError("your table has no complaint_id column: give the ticket "
                              "numbers, e.g. ['T0000123', ...]")
        answer = answer["complaint_id"]
    if isinstance(answer, str):
        answer = [answer]
    if not isinstance(answer, (list, tuple, set, pd.Series, pd.Index, np.ndarray)):
        raise AnswerError("expected the ticket numbers (complaint_id) as a list, not "
                          f"{type(answer).__name__}")
    return sorted({str(a).strip() for a in answer})


@task("08.2", "The tickets with an impossible value")
def impossible(answer, ctx):
    bad = _impossible(ctx)
    got = set(_ids(answer))
    missed, extra = sorted(set(bad) - got), sorted(got - set(bad))
    if not missed and not extra:
        years = [k for k, v in bad.items() if v == "2099"]
        return correct("08.2", f"{len(bad)} tickets: {len(years)} created in 2099 (a typo "
                               f"for 2025: {', '.join(years)}) and {len(bad) - len(years)} "
                               "with a negative compensation.",
                       "Each is set aside with its reason, never silently fixed: 2099 might "
                       "be 2025 or 2009, and only the source system can say.")
    return not_yet("08.2", _impossible_feedback(bad, missed, extra, ctx))


def _impossible_feedback(bad: dict, missed: list, extra: list, ctx) -> str:
    kinds = {bad[m] for m in missed}
    dups = set(_raw(ctx).loc[_info(ctx)["duplicates"]["lines"], "complaint_id"])
    if extra and set(extra) <= dups:
        return ("Repeated rows are duplicates, not impossible values: each complaint in them "
                "is fine once. Look for values no complaint can have.")
    if extra:
        return (f"{', '.join(extra[:3])} {'is' if len(extra) == 1 else 'are'} not impossible; "
                "look at the rows the validation reports as errors (severity 'error').")
    if kinds == {"negative"}:
        return f"{len(missed)} more: a compensation cannot be negative."
    if kinds == {"2099"}:
        return f"{len(missed)} more: a complaint cannot be received in 2099."
    return f"{len(missed)} tickets are missing: dates in the future and negative amounts."


# --------------------------------------------------------------------------- task 3
def _category_pair(answer) -> tuple[str, float]:
    answer = as_table(answer)
    if isinstance(answer, Mapping):
        answer = tuple(answer.items())[0] if len(answer) == 1 else tuple(answer.values())
    if isinstance(answer, pd.Series) and len(answer) == 1:
        answer = (answer.index[0], answer.iloc[0])
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise AnswerError("give two things: (the category, its share of complaints), e.g. "
                          "('delivery', 0.25)")
    name = next((v for v in answer if isinstance(v, str)), None)
    num = [v for v in answer if not isinstance(v, str)]
    if name is None or len(num) != 1:
        raise AnswerError("give (category, share): one name and one number")
    share, _ = read_shares(to_float(num[0], "the share"))
    return to_codes([name], "category")[0], share


@task("08.3", "The largest category and its share of complaints (Pareto)")
def top_category(answer, ctx):
    clean = _clean(ctx)
    shares = clean["category"].astype(str).value_counts(normalize=True)
    top, want = shares.index[0], float(shares.iloc[0])
    name, got = _category_pair(answer)
    if name not in shares.index:
        return not_yet("08.3", f"{name!r} is not a category of this export; map the labels "
                               "to codes with ck.to_codes, or give the label as written.")
    if name == top and close(got, want, 0.006):
        second = shares.index[1]
        return correct("08.3", f"{top}: {want:.1%} of {len(clean):,} complaints (next: "
                               f"{second}, {shares.iloc[1]:.1%}).",
                       "The same Pareto chart as on the kit's worlds: the reader's canonical "
                       "frame is all the analyses need.")
    if name == top:
        count = int(shares.iloc[0] * len(clean))
        wrong = {f"That is the count; divide by the {len(clean):,} complaints.": count,
                 "That is the cumulative share of the first two; give the top one's.":
                     float(shares.iloc[:2].sum())}
        return not_yet("08.3", first_match(got, wrong, 1.0 if got > 1 else 0.006)
                       or f"The category is right; its share is {want:.1%}, not {got:.1%}.")
    return not_yet("08.3", f"{name} has {shares.get(name, 0):.1%}; another category is "
                           "larger (res.table of ck.pareto lists them from the top).")


# --------------------------------------------------------------------------- task 4
def _satisfied_truth(ctx) -> dict:
    from statsmodels.stats.proportion import proportion_confint

    s = _clean(ctx)["satisfied"]
    yes, no, na = int((s == "yes").sum()), int((s == "no").sum()), int((s == "n/a").sum())
    lo, hi = proportion_confint(yes, yes + no, alpha=0.05, method="wilson")
    return {"yes": yes, "no": no, "na": na, "all": len(s), "share": yes / (yes + no),
            "lo": float(lo), "hi": float(hi)}


def _triple(answer) -> np.ndarray:
    answer = as_table(answer)
    if isinstance(answer, pd.DataFrame):
        cols = [c for c in ("value", "ci_lower", "ci_upper") if c in answer.columns]
        if len(cols) != 3 or len(answer) != 1:
            raise AnswerError("give one row with value, ci_lower and ci_upper, or a tuple "
                              "(share, lower, upper)")
        answer = answer[cols].iloc[0].tolist()
    if isinstance(answer, Mapping):
        answer = list(answer.values())
    if not isinstance(answer, (tuple, list, np.ndarray, pd.Series)) or len(answer) != 3:
        raise AnswerError("give three numbers: (share, lower, upper), e.g. (0.80, 0.77, 0.83)")
    values, _ = read_shares(tuple(to_float(v, "the share and its interval") for v in answer))
    return np.asarray(values, dtype=float)


@task("08.4", "The share satisfied at the follow-up (回访), with its 95% interval")
def satisfied(answer, ctx):
    t = _satisfied_truth(ctx)
    got = _triple(answer)
    if close(got, (t["share"], t["lo"], t["hi"]), 0.006):
        return correct("08.4", f"{t['yes']:,} of the {t['yes'] + t['no']:,} who answered were "
                               f"satisfied: {t['share']:.1%} ({t['lo']:.1%} to "
                               f"{t['hi']:.1%}).",
                       f"{t['na']:,} were N/A (unresolved, not asked) and "
                       f"{t['all'] - t['yes'] - t['no'] - t['na']:,} did not answer: neither "
                       "is a 'no'.")
    n = t["all"]
    wrong = {
        "You divided by all complaints: N/A (not asked) and empty (no answer) are not 'no'. "
        "The share is yes / (yes + no).": t["yes"] / n,
        "You counted the empty answers as 'no': a customer who did not answer said "
        "nothing. The share is yes / (yes + no).": t["yes"] / (n - t["na"]),
        "You counted N/A as 'no': unresolved complaints were not asked. The share is "
        "yes / (yes + no).": t["yes"] / (t["yes"] + t["no"] + t["na"]),
    }
    why = first_match(got[0], wrong, 0.006)
    if why:
        return not_yet("08.4", why)
    if not got[1] <= got[0] <= got[2]:
        return not_yet("08.4", "Give (share, lower, upper): the share lies inside its "
                               "interval.")
    if close(got[0], t["share"], 0.006):
        return not_yet("08.4", f"The share is right; the 95% interval is {t['lo']:.3f} to "
                               f"{t['hi']:.3f} (Wilson, as ck.kpis gives it).")
    return not_yet("08.4", "Not quite: yes / (yes + no) among the answers, with a Wilson "
                           "interval (ck.kpis(df, shares=['satisfied']) gives both).")


# --------------------------------------------------------------------------- task 5
def _escalation(ctx) -> dict:
    from statsmodels.stats.proportion import proportions_ztest

    c = _clean(ctx)
    esc = c["escalated"] == "yes"
    public = c["channel"].astype(str).isin(PUBLIC)
    k = [int(esc[public].sum()), int(esc[~public].sum())]
    n = [int(public.sum()), int((~public).sum())]
    _, p = proportions_ztest(k, n)
    return {"public": k[0] / n[0], "other": k[1] / n[1], "p": float(p)}


def _gap_pair(answer) -> tuple[float, float]:
    answer = as_table(answer)
    if isinstance(answer, pd.DataFrame):
        row = answer[answer["effect"] == "risk_difference"] if "effect" in answer else answer
        if {"estimate", "p_value"} <= set(row.columns) and len(row) == 1:
            return float(row["estimate"].iloc[0]), float(row["p_value"].iloc[0])
        raise AnswerError(f"give two numbers: {_PAIR}")
    if single_number(answer) is not None:
        raise AnswerError(f"give two numbers: {_PAIR}")
    if isinstance(answer, Mapping):
        answer = list(answer.values())
    if not isinstance(answer, (tuple, list, np.ndarray)) or len(answer) != 2:
        raise AnswerError(f"give two numbers: {_PAIR}")
    return to_float(answer[0], "the difference"), to_float(answer[1], "the p-value")


@task("08.5", "Are public channels escalated more often? The gap and its p-value")
def escalation_gap(answer, ctx):
    t = _escalation(ctx)
    gap = t["public"] - t["other"]
    d, p = _gap_pair(answer)
    if not 0 <= p <= 1:
        return not_yet("08.5", f"{p:g} is not a p-value (between 0 and 1): give {_PAIR}")
    ok_p = p < 0.05 if t["p"] < 0.001 else abs(p - t["p"]) < 0.01
    if close(d, gap, 0.006) and ok_p:
        return correct("08.5", f"Public channels {t['public']:.1%}, others {t['other']:.1%}: "
                               f"{100 * gap:+.1f} percentage points (p {t['p']:.1g}).",
                       "The effect the scenario put in (a public complaint is escalated more "
                       "readily): the test finds it in one year of one shop's tickets.")
    wrong = {"The sign is reversed: public minus other.": -gap,
             "That is the ratio of the rates; give the difference (public - other).":
                 t["public"] / t["other"],
             "That is the escalation rate of public channels; give the difference.":
                 t["public"]}
    why = first_match(d, wrong, 0.006)
    if why:
        return not_yet("08.5", why)
    if close(d, gap, 0.006):
        return not_yet("08.5", f"The gap is right; its p-value is {t['p']:.1g}, not {p:g} "
                               "(res.table's p_value).")
    return not_yet("08.5", "Not quite: make a column public/other from the channel, then "
                           "ck.compare(df, 'escalated', that column).")


# --------------------------------------------------------------------------- task 6
def _pilot_n(alpha: float = PILOT["alpha"], power: float = PILOT["power"],
             alternative: str = "two-sided") -> float:
    from statsmodels.stats.power import NormalIndPower
    from statsmodels.stats.proportion import proportion_effectsize

    h = proportion_effectsize(PILOT["p_pilot"], PILOT["p_control"])
    return float(NormalIndPower().solve_power(h, alpha=alpha, power=power,
                                              alternative=alternative))


@task("08.6", "Complaints per group for a pilot (FCR 70% to 75%, power 80%)")
def pilot_size(answer, ctx):
    want = _pilot_n()
    if isinstance(answer, (bool, np.bool_)):
        raise AnswerError(f"expected a number of complaints, not {answer}")
    x = as_number(answer, "the number of complaints per group")
    if x <= 0:
        return not_yet("08.6", f"{x:g} complaints cannot make a study: give how many "
                               "complaints each group needs (a positive number).")
    if close(x, want, 1.0, 0.08):
        return correct("08.6", f"About {want:,.0f} complaints in each group "
                               f"({2 * want:,.0f} in all), for a 5-point gain.",
                       "A simulation (ck.power) and the textbook formula agree within its "
                       "noise; at this shop's pace that is months of complaints per group.")
    wrong = {
        "That is both groups together; the question asks per group.": 2 * want,
        "That is for a one-sided test; the pilot could also make things worse: two-sided.":
            _pilot_n(alternative="larger"),
        "That is for 90% power; the question asks for 80%.": _pilot_n(power=0.9),
        "That is for alpha 0.01; the question asks for 0.05.": _pilot_n(alpha=0.01),
    }
    why = first_match(x, wrong, 1.0, 0.08)
    if why:
        return not_yet("08.6", why)
    if x < want:
        return not_yet("08.6", f"Too few ({x:,.0f}): with that many the power stays below "
                               "80%. Read the size where the power curve crosses 0.8.")
    return not_yet("08.6", f"More than needed ({x:,.0f}): read the size where the power "
                           "curve first crosses 0.8.")
