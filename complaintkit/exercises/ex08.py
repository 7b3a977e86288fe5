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
groups together, one-sided, or at another power. The feedback speaks the exercise's language
(``ctx.locale``), with labels for codes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from ..i18n import N_, fmt_int, fmt_list, fmt_pct, is_english, tr
from . import task
from .answers import (
    AnswerError,
    Msg,
    as_number,
    as_table,
    close,
    first_match,
    named,
    read_shares,
    single_number,
    to_codes,
    to_float,
    type_name,
)
from .feedback import correct, not_yet

PUBLIC = ("social_media", "marketplace_review")
PILOT = {"p_control": 0.70, "p_pilot": 0.75, "power": 0.80, "alpha": 0.05}
_PAIR = N_("(risk difference public - other, p-value), e.g. (0.10, 0.0001)")
MESSAGES = {
    "not_frame": N_("expected the complaints as a DataFrame (df from "
                    "`df, report = ck.read_complaints(EXPORT, mapping=MAPPING)`), not {kind}"),
    "unmapped": N_("the columns still have the export's names ({cols}): pass the mapping "
                   "(mapping=MAPPING) so they get the kit's names (complaint_id, received_at "
                   "...)"),
    "text_dates": N_("received_at holds {dtype} values (e.g. {value!r}), not dates: read it "
                     "with ck.read_complaints, which parses every date column and reports how"),
    "duplicates": N_("{k:,} complaint(s) appear more than once: the export repeats {n} rows (a "
                     "page boundary). Exact duplicate rows are rejected by the reader, with "
                     "their reason in report.rejected"),
    "missing": N_("{k:,} complaints are missing that were fine in the export (e.g. {ids}): a "
                  "read must keep every valid row; see report.rejected for what was left out "
                  "and why"),
    "unknown": N_("{k:,} complaint id(s) not in the export (e.g. {ids})"),
    "swapped": N_("{k:,} dates of tickets from the old helpdesk (created before April 2025, "
                  "written dd/mm/yyyy) are read month-first: {value} is {right}, not {wrong}. "
                  "The days above 12 in that column decide the order (report.dates says how)"),
    "dates_off": N_("{k:,} received_at values differ from the export (e.g. ticket {cid}: {got} "
                    "against {want})"),
}


def _msg(key: str, loc, **kw) -> str:
    return tr(MESSAGES[key], loc, **kw)


def _id_list(ids, loc) -> str:
    """Ticket numbers as the trainee types them: ``T0000001, T0000002`` in English, quoted in
    another language (where they read as code)."""
    return fmt_list(ids if is_english(loc) else map(repr, ids), loc)


def _day_month(ts, loc) -> str:
    """``05 March`` in English (as before), ``3月5日`` in Chinese."""
    if is_english(loc):
        return ts.strftime("%d %B")
    from babel.dates import format_date

    try:
        return format_date(ts.date(), format="MMMd", locale=loc)
    except (ValueError, LookupError):
        return ts.strftime("%d/%m")


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
        raise AnswerError(MESSAGES["not_frame"], kind=type_name(answer))
    return answer


def _columns_problem(df: pd.DataFrame, ctx) -> str | None:
    if "complaint_id" in df.columns and "received_at" in df.columns:
        return None
    export = [c for c in _info(ctx)["columns"] if c in df.columns]
    if export:
        return _msg("unmapped", ctx.locale, cols=", ".join(map(repr, export[:3])))
    raise AnswerError(N_("the frame has no complaint_id and received_at columns"))


def _text_dates(df: pd.DataFrame, loc) -> str | None:
    s = df["received_at"]
    if pd.api.types.is_datetime64_any_dtype(s):
        return None
    value = s.dropna().iloc[0] if s.notna().any() else None
    return _msg("text_dates", loc, dtype=repr(str(s.dtype)) if not is_english(loc)
                else str(s.dtype), value=value)


def _dates_problem(df: pd.DataFrame, ctx) -> str | None:
    clean = _clean(ctx).set_index("complaint_id")["received_at"]
    got = df.drop_duplicates("complaint_id").set_index("complaint_id")["received_at"]
    got = got[got.index.isin(clean.index) & ~got.index.isin(list(_impossible(ctx)))]
    want = clean.loc[got.index]
    got = got.dt.floor("min").dt.tz_localize(None) if got.dt.tz else got.dt.floor("min")
    off = got.to_numpy() != want.to_numpy()
    if not off.any():
        return None
    return _dates_feedback(got[off], want[off], ctx.locale)


def _dates_feedback(got: pd.Series, want: pd.Series, loc) -> str:
    swapped = (got.dt.month.to_numpy() == want.dt.day.to_numpy()) & (
        got.dt.day.to_numpy() == want.dt.month.to_numpy())
    cid = got.index[0]
    if swapped.mean() > 0.5:
        w, g = want.iloc[0], got.iloc[0]
        return _msg("swapped", loc, k=len(got), value=w.strftime("%d/%m/%Y"),
                    right=_day_month(w, loc), wrong=_day_month(g, loc))
    return _msg("dates_off", loc, k=len(got), cid=cid if is_english(loc) else repr(cid),
                got=got.iloc[0], want=want.iloc[0])


def _rows_problem(df: pd.DataFrame, ctx) -> str | None:
    loc = ctx.locale
    ids = df["complaint_id"].astype(str)
    dup = ids[ids.duplicated()]
    if len(dup):
        return _msg("duplicates", loc, k=dup.nunique(), n=_info(ctx)["duplicates"]["rows"])
    truth = set(_clean(ctx)["complaint_id"])
    unknown = sorted(set(ids) - truth)
    if unknown:
        raise AnswerError(MESSAGES["unknown"], k=len(unknown),
                          ids=lambda lang: _id_list(unknown[:3], lang))
    lost = sorted(truth - set(ids) - set(_impossible(ctx)))
    if lost:
        return _msg("missing", loc, k=len(lost), ids=_id_list(lost[:3], loc))
    return None


@task("08.1", "The export read: one row per complaint, columns mapped, dates parsed")
def read_export(answer, ctx):
    loc = ctx.locale
    df = _frame(answer)
    why = (_columns_problem(df, ctx) or _text_dates(df, loc) or _rows_problem(df, ctx)
           or _dates_problem(df, ctx))
    if why:
        return not_yet("08.1", why)
    info = _info(ctx)
    gone = len(_clean(ctx)) - len(df)
    d = info["dates"]
    fields = dict(n=fmt_int(len(df), loc), rows=fmt_int(info["rows_written"], loc),
                  dups=info["duplicates"]["rows"], gone=gone)
    first = (tr("{n} complaints from {rows} rows: {dups} repeated rows out, {gone} impossible "
                "rows set aside.", loc, **fields) if gone else
             tr("{n} complaints from {rows} rows: {dups} repeated rows out.", loc, **fields))
    return correct("08.1", first,
                   tr("{k} tickets from the old helpdesk were written day-first; {above} of "
                      "them have a day above 12, which is how the order is known rather than "
                      "guessed.", loc, k=d["day_first_rows"],
                      above=d["day_first_rows_with_day_above_12"]))


# --------------------------------------------------------------------------- task 2
def _ids(answer) -> list[str]:
    answer = as_table(answer)
    if isinstance(answer, pd.DataFrame):
        if "complaint_id" not in answer.columns:
            raise AnswerError(N_("your table has no complaint_id column: give the ticket "
                                 "numbers, e.g. ['T0000123', ...]"))
        answer = answer["complaint_id"]
    if isinstance(answer, str):   # 'T0000001, T0000002' or one id
        answer = answer.replace("，", ",").replace("、", ",").replace(",", " ").split()
    if not isinstance(answer, (list, tuple, set, pd.Series, pd.Index, np.ndarray)):
        raise AnswerError(N_("expected the ticket numbers (complaint_id) as a list, not "
                             "{kind}"), kind=type_name(answer))
    return sorted({str(a).strip().upper() for a in answer})


@task("08.2", "The tickets with an impossible value")
def impossible(answer, ctx):
    loc = ctx.locale
    bad = _impossible(ctx)
    got = set(_ids(answer))
    missed, extra = sorted(set(bad) - got), sorted(got - set(bad))
    if not missed and not extra:
        years = [k for k, v in bad.items() if v == "2099"]
        return correct("08.2", tr("{n} tickets: {k} created in 2099 (a typo for 2025: {ids}) "
                                  "and {rest} with a negative compensation.", loc, n=len(bad),
                                  k=len(years), ids=_id_list(years, loc),
                                  rest=len(bad) - len(years)),
                       tr("Each is set aside with its reason, never silently fixed: 2099 might "
                          "be 2025 or 2009, and only the source system can say.", loc))
    return not_yet("08.2", _impossible_feedback(bad, missed, extra, ctx))


def _impossible_feedback(bad: dict, missed: list, extra: list, ctx) -> str:
    loc = ctx.locale
    kinds = {bad[m] for m in missed}
    dups = set(_raw(ctx).loc[_info(ctx)["duplicates"]["lines"], "complaint_id"])
    if extra and set(extra) <= dups:
        return tr("Repeated rows are duplicates, not impossible values: each complaint in them "
                  "is fine once. Look for values no complaint can have.", loc)
    if extra:
        ids = _id_list(extra[:3], loc)
        if len(extra) == 1:
            return tr("{ids} is not impossible; look at the rows the validation reports as "
                      "errors (severity 'error').", loc, ids=ids)
        return tr("{ids} are not impossible; look at the rows the validation reports as "
                  "errors (severity 'error').", loc, ids=ids)
    if kinds == {"negative"}:
        return tr("{n} more: a compensation cannot be negative.", loc, n=len(missed))
    if kinds == {"2099"}:
        return tr("{n} more: a complaint cannot be received in 2099.", loc, n=len(missed))
    return tr("{n} tickets are missing: dates in the future and negative amounts.", loc,
              n=len(missed))


# --------------------------------------------------------------------------- task 3
def _category_pair(answer) -> tuple[str, float, float]:
    """(category code, share as read, the number as given)."""
    answer = as_table(answer)
    if isinstance(answer, pd.DataFrame) and len(answer) == 1:
        answer = answer.iloc[0]       # a table's top row, e.g. res.table.head(1)
    if isinstance(answer, pd.Series) and len(answer) > 2 and "share" in answer.index:
        name = next((answer[k] for k in ("level", "category") if k in answer.index), None)
        answer = (name, answer["share"])  # a row of the Pareto table
    if isinstance(answer, Mapping):
        answer = tuple(answer.items())[0] if len(answer) == 1 else tuple(answer.values())
    if isinstance(answer, pd.Series) and len(answer) == 1:
        answer = (answer.index[0], answer.iloc[0])
    if isinstance(answer, pd.Series) and len(answer) == 2:
        answer = tuple(answer)
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise AnswerError(N_("give two things: (the category, its share of complaints), e.g. "
                             "('delivery', 0.25)"))
    name = next((v for v in answer if isinstance(v, str)), None)
    num = [v for v in answer if not isinstance(v, str)]
    if name is None or len(num) != 1:
        raise AnswerError(N_("give (category, share): one name and one number"))
    x = to_float(num[0], N_("the share"))
    return to_codes([name.strip()], "category")[0], x, x


@task("08.3", "The largest category and its share of complaints (Pareto)")
def top_category(answer, ctx):
    loc = ctx.locale
    clean = _clean(ctx)
    shares = clean["category"].astype(str).value_counts(normalize=True)
    top, want = shares.index[0], float(shares.iloc[0])
    name, raw, _ = _category_pair(answer)
    if name not in shares.index:
        return not_yet("08.3", tr("{name} is not a category of this export; map the labels "
                                  "to codes with ck.to_codes, or give the label as written.",
                                  loc, name=repr(name)))
    count = int(round(shares.iloc[0] * len(clean)))
    if name == top and raw > 1.5 and close(raw, count, 1.0):
        return not_yet("08.3", tr("That is the count; divide by the {n} complaints.", loc,
                                  n=fmt_int(len(clean), loc)))
    got, notes = read_shares(raw, locale=loc)
    if name == top and close(got, want, 0.006):
        second = shares.index[1]
        return correct("08.3", *notes, tr("{top}: {share} of {n} complaints (next: {second}, "
                                          "{second_share}).", loc,
                                          top=named("category", top, quote=False)(loc),
                                          share=fmt_pct(want, loc, 1),
                                          n=fmt_int(len(clean), loc),
                                          second=named("category", second, quote=False)(loc),
                                          second_share=fmt_pct(shares.iloc[1], loc, 1)),
                       tr("The same Pareto chart as on the kit's worlds: the reader's canonical "
                          "frame is all the analyses need.", loc))
    if name == top:
        wrong = {N_("That is the cumulative share of the first two; give the top one's."):
                 float(shares.iloc[:2].sum())}
        why = first_match(got, wrong, 0.006)
        return not_yet("08.3", tr(why, loc) if why else
                       tr("The category is right; its share is {want}, not {got}.", loc,
                          want=fmt_pct(want, loc, 1), got=fmt_pct(got, loc, 1)))
    return not_yet("08.3", tr("{name} has {share}; another category is larger (res.table of "
                              "ck.pareto lists them from the top).", loc,
                              name=named("category", name, quote=False)(loc),
                              share=fmt_pct(shares.get(name, 0), loc, 1)))


# --------------------------------------------------------------------------- task 4
def _satisfied_truth(ctx) -> dict:
    from statsmodels.stats.proportion import proportion_confint

    s = _clean(ctx)["satisfied"]
    yes, no, na = int((s == "yes").sum()), int((s == "no").sum()), int((s == "n/a").sum())
    lo, hi = proportion_confint(yes, yes + no, alpha=0.05, method="wilson")
    return {"yes": yes, "no": no, "na": na, "all": len(s), "share": yes / (yes + no),
            "lo": float(lo), "hi": float(hi)}


def _triple(answer, loc) -> tuple[np.ndarray, list]:
    answer = as_table(answer)
    if isinstance(answer, pd.DataFrame):
        cols = [c for c in ("value", "ci_lower", "ci_upper") if c in answer.columns]
        if len(cols) != 3 or len(answer) != 1:
            raise AnswerError(N_("give one row with value, ci_lower and ci_upper, or a tuple "
                                 "(share, lower, upper)"))
        answer = answer[cols].iloc[0].tolist()
    if isinstance(answer, Mapping):
        answer = list(answer.values())
    if not isinstance(answer, (tuple, list, np.ndarray, pd.Series)) or len(answer) != 3:
        raise AnswerError(N_("give three numbers: (share, lower, upper), e.g. (0.80, 0.77, "
                             "0.83)"))
    values, notes = read_shares(tuple(to_float(v, N_("the share and its interval"))
                                      for v in answer), locale=loc)
    return np.asarray(values, dtype=float), notes


@task("08.4", "The share satisfied at the follow-up (回访), with its 95% interval")
def satisfied(answer, ctx):
    loc = ctx.locale
    t = _satisfied_truth(ctx)
    got, notes = _triple(answer, loc)
    if close(got, (t["share"], t["lo"], t["hi"]), 0.006):
        return correct("08.4", *notes, tr("{yes} of the {answered} who answered were "
                                          "satisfied: {share} ({lo} to {hi}).", loc,
                                          yes=fmt_int(t["yes"], loc),
                                          answered=fmt_int(t["yes"] + t["no"], loc),
                                          share=fmt_pct(t["share"], loc, 1),
                                          lo=fmt_pct(t["lo"], loc, 1),
                                          hi=fmt_pct(t["hi"], loc, 1)),
                       tr("{na} were N/A (unresolved, not asked) and {silent} did not answer: "
                          "neither is a 'no'.", loc, na=fmt_int(t["na"], loc),
                          silent=fmt_int(t["all"] - t["yes"] - t["no"] - t["na"], loc)))
    n = t["all"]
    wrong = {
        N_("You divided by all complaints: N/A (not asked) and empty (no answer) are not 'no'. "
           "The share is yes / (yes + no)."): t["yes"] / n,
        N_("You counted the empty answers as 'no': a customer who did not answer said "
           "nothing. The share is yes / (yes + no)."): t["yes"] / (n - t["na"]),
        N_("You counted N/A as 'no': unresolved complaints were not asked. The share is "
           "yes / (yes + no)."): t["yes"] / (t["yes"] + t["no"] + t["na"]),
        N_("That is the share who said 'no'; the task asks for the share satisfied (yes / "
           "(yes + no))."): t["no"] / (t["yes"] + t["no"]),
    }
    why = first_match(got[0], wrong, 0.006)
    if why:
        return not_yet("08.4", tr(why, loc))
    if not got[1] <= got[0] <= got[2]:
        return not_yet("08.4", tr("Give (share, lower, upper): the share lies inside its "
                                  "interval.", loc))
    if close(got[0], t["share"], 0.006):
        return not_yet("08.4", tr("The share is right; the 95% interval is {lo} to {hi} "
                                  "(Wilson, as ck.kpis gives it).", loc,
                                  lo=format(t["lo"], ".3f"), hi=format(t["hi"], ".3f")))
    return not_yet("08.4", tr("Not quite: yes / (yes + no) among the answers, with a Wilson "
                              "interval (ck.kpis(df, shares=['satisfied']) gives both).", loc))


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
    two = Msg(N_("give two numbers: {pair}"), pair=_PAIR)
    if isinstance(answer, pd.DataFrame):
        row = answer[answer["effect"] == "risk_difference"] if "effect" in answer else answer
        if {"estimate", "p_value"} <= set(row.columns) and len(row) == 1:
            return float(row["estimate"].iloc[0]), float(row["p_value"].iloc[0])
        raise AnswerError(two.msgid, **two.fields)
    if single_number(answer) is not None:
        raise AnswerError(two.msgid, **two.fields)
    if isinstance(answer, Mapping):
        answer = list(answer.values())
    if not isinstance(answer, (tuple, list, np.ndarray, pd.Series)) or len(answer) != 2:
        raise AnswerError(two.msgid, **two.fields)
    answer = list(answer)
    return (to_float(answer[0], N_("the difference")), to_float(answer[1], N_("the p-value")))


@task("08.5", "Are public channels escalated more often? The gap and its p-value")
def escalation_gap(answer, ctx):
    loc = ctx.locale
    t = _escalation(ctx)
    gap = t["public"] - t["other"]
    d, p = _gap_pair(answer)
    if not 0 <= p <= 1:
        return not_yet("08.5", tr("{p} is not a p-value (between 0 and 1): give {pair}", loc,
                                  p=format(p, "g"), pair=tr(_PAIR, loc)))
    notes = []
    if 1.5 < abs(d) <= 100.5 and close(d / 100, gap, 0.006):   # in percentage points
        d, notes = d / 100, [tr("Read as percentage points; a difference of shares (e.g. "
                                "0.05) is the usual form.", loc)]
    ok_p = p < 0.05 if t["p"] < 0.001 else abs(p - t["p"]) < 0.01
    if close(d, gap, 0.006) and ok_p:
        return correct("08.5", *notes, tr("Public channels {public}, others {other}: {points} "
                                          "percentage points (p {p}).", loc,
                                          public=fmt_pct(t["public"], loc, 1),
                                          other=fmt_pct(t["other"], loc, 1),
                                          points=format(100 * gap, "+.1f"),
                                          p=format(t["p"], ".1g")),
                       tr("The effect the scenario put in (a public complaint is escalated more "
                          "readily): the test finds it in one year of one shop's tickets.",
                          loc))
    wrong = {N_("The sign is reversed: public minus other."): -gap,
             N_("That is the ratio of the rates; give the difference (public - other)."):
                 t["public"] / t["other"],
             N_("That is the escalation rate of public channels; give the difference."):
                 t["public"],
             N_("That is the escalation rate of the other channels; give the difference "
                "(public - other)."): t["other"]}
    why = first_match(d, wrong, 0.006)
    if why:
        return not_yet("08.5", tr(why, loc))
    if close(d, gap, 0.006):
        return not_yet("08.5", *notes, tr("The gap is right; its p-value is {want}, not {p} "
                                          "(res.table's p_value).", loc,
                                          want=format(t["p"], ".1g"), p=format(p, "g")))
    return not_yet("08.5", tr("Not quite: make a column public/other from the channel, then "
                              "ck.compare(df, 'escalated', that column).", loc))


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
    loc = ctx.locale
    want = _pilot_n()
    if isinstance(answer, (bool, np.bool_)):
        raise AnswerError(N_("expected a number of complaints, not {value}"),
                          value=lambda lang: str(bool(answer)) if is_english(lang)
                          else repr(str(bool(answer))))
    if isinstance(answer, Mapping) and len(answer) == 1:
        answer = next(iter(answer.values()))
    x = as_number(answer, N_("the number of complaints per group"))
    if x <= 0:
        return not_yet("08.6", tr("{x} complaints cannot make a study: give how many "
                                  "complaints each group needs (a positive number).", loc,
                                  x=format(x, "g")))
    if close(x, want, 1.0, 0.08):
        return correct("08.6", tr("About {n} complaints in each group ({both} in all), for a "
                                  "5-point gain.", loc, n=fmt_int(want, loc),
                                  both=fmt_int(2 * want, loc)),
                       tr("A simulation (ck.power) and the textbook formula agree within its "
                          "noise; at this shop's pace that is months of complaints per group.",
                          loc))
    wrong = {
        N_("That is both groups together; the question asks per group."): 2 * want,
        N_("That is for a one-sided test; the pilot could also make things worse: two-sided."):
            _pilot_n(alternative="larger"),
        N_("That is for 90% power; the question asks for 80%."): _pilot_n(power=0.9),
        N_("That is for alpha 0.01; the question asks for 0.05."): _pilot_n(alpha=0.01),
    }
    why = first_match(x, wrong, 1.0, 0.08)
    if why:
        return not_yet("08.6", tr(why, loc))
    if 0 < x < 1:
        return not_yet("08.6", tr("{x} is a share or a power, not a number of complaints: give "
                                  "how many complaints each group needs.", loc,
                                  x=format(x, "g")))
    if x < want:
        return not_yet("08.6", tr("Too few ({x}): with that many the power stays below 80%. "
                                  "Read the size where the power curve crosses 0.8.", loc,
                                  x=fmt_int(x, loc)))
    return not_yet("08.6", tr("More than needed ({x}): read the size where the power curve "
                              "first crosses 0.8.", loc, x=fmt_int(x, loc)))
