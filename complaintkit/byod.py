"""A messy company export, shipped for session 08 ("Bring your own data") and the readers' tests.

A real complaint export rarely reads cleanly: the system writes a title and a date above the
header, Chinese Excel saves GBK, an English one UTF-8 with a byte-order mark, a migration left
old tickets with ``dd/mm/yyyy`` dates, flags say ``Yes``/``Y``/``N/A``, a page boundary
repeats rows, and a typist once wrote 2099. This module writes such an export from a
generated world, so that everything wrong with it is known:

- ``datasets/byod/shop_export_en.csv`` (UTF-8 with BOM) and ``shop_export_zh.csv`` (GBK,
  Chinese column names and labels), one complaint per row, about 3,600 rows each;
- ``shop_export_en.toml`` and ``shop_export_zh.toml``: the column mapping a user would write
  for them (the format of ``read_complaints(mapping=...)``);
- ``injected.json``: every fault written, with its rate and the lines it is on, and the
  known effects, so tests can check that the reader and the validation find every one.

The faults, per file (rates of the data rows):

========================  ==========================================================
preamble                  2 lines before the header (the header is line 3)
encoding                  en: UTF-8 with BOM; zh: GBK; lines end in CRLF
mixed dates               tickets created before 2025-04-01 (about 24%) were migrated
                          from the old helpdesk: ``dd/mm/yyyy HH:MM`` in every date
                          column of the row; the others ISO ``yyyy-mm-dd HH:MM``
flags                     new system ``Yes``/``No`` (zh ``是``/``否``), old system
                          ``Y``/``N``; "Satisfied" is ``N/A`` (不适用) for unresolved
                          complaints (not asked) and empty when the customer did not answer
exact duplicates          1% of the rows, each repeated on the next line
impossible rows           3 rows created in 2099, 3 with a negative compensation
========================  ==========================================================

Rebuild with ``python -m complaintkit.byod`` (deterministic: the same bytes every time).

Examples
--------
>>> from complaintkit import byod
>>> byod.export_path("ecommerce_zh").name
'shop_export_zh.csv'
>>> byod.COLUMNS["en_US"]["Ticket no."]
'complaint_id'
"""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from ._files import write_bytes, write_text
from .i18n import tr

__all__ = ["EXPORTS", "COLUMNS", "FLAGS", "SEED", "N_COMPLAINTS", "export_path",
           "mapping_path", "injected", "world", "clean_frame", "build_exports"]

SEED = 808
N_COMPLAINTS = 4000
FOLDER = "byod"
EXPORTS = {"en_US": "shop_export_en.csv", "zh_CN": "shop_export_zh.csv"}
ENCODINGS = {"en_US": "utf-8-sig", "zh_CN": "gbk"}
#: tickets created before this day come from the old helpdesk: day-first dates, Y/N flags
MIGRATED_BEFORE = pd.Timestamp("2025-04-01")
DUPLICATE_RATE = 0.01
N_YEAR_2099 = 3
N_NEGATIVE = 3
HEADER_LINE = 3  # two preamble lines, then the header; data rows start on line 4

#: export column -> canonical (or new snake_case) name, in the export's order
COLUMNS = {
    "en_US": {"Ticket no.": "complaint_id", "Order no.": "order_id", "Created": "received_at",
              "Channel": "channel", "Type": "category", "Sub-type": "sub_category",
              "Priority": "priority", "Agent": "agent_id", "First reply": "first_response_at",
              "Closed": "closed_at", "Solved at first contact": "first_contact_resolution",
              "Escalated": "escalated", "Contacts": "contacts",
              "Refund/compensation": "compensation_amount", "Satisfied (follow-up)": "satisfied"},
    "zh_CN": {"工单号": "complaint_id", "订单号": "order_id", "创建时间": "received_at",
              "来源渠道": "channel", "问题类型": "category", "问题细分": "sub_category",
              "优先级": "priority", "处理人": "agent_id", "首次回复": "first_response_at",
              "结单时间": "closed_at", "一次解决": "first_contact_resolution",
              "是否升级": "escalated", "联系次数": "contacts",
              "退款/补偿金额": "compensation_amount",
              "回访满意": "satisfied"},
}
DATES = ("received_at", "first_response_at", "closed_at")
FLAGS = ("first_contact_resolution", "escalated", "satisfied")
LABELLED = ("channel", "category", "sub_category", "priority")
_WORDS = {"en_US": {"new": ("Yes", "No"), "old": ("Y", "N"), "n/a": "N/A"},
          "zh_CN": {"new": ("是", "否"), "old": ("Y", "N"), "n/a": "不适用"}}
_PREAMBLE = {
    "en_US": ("Complaint tickets export - ShopDesk 5.1",
              "Report 'All tickets 2025' generated 2026-01-05 08:30 (local time)"),
    "zh_CN": ("投诉工单导出 - 客服系统 5.1",
              "报表“2025年全部工单” 生成于 2026-01-05 08:30（本地时间）"),
}
_ISO, _DAY_FIRST = "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"


# --------------------------------------------------------------------------- where
def _locale(dataset_or_locale: str) -> str:
    key = {"ecommerce_en": "en_US", "ecommerce_zh": "zh_CN", "en": "en_US", "zh": "zh_CN"}
    loc = key.get(dataset_or_locale, dataset_or_locale)
    if loc not in EXPORTS:  # a bad name says nothing of its language: English
        raise ValueError(tr("dataset must be one of 'ecommerce_en', 'ecommerce_zh' (or a "
                            "locale 'en_US', 'zh_CN'), but {value} was passed", None,
                            value=repr(dataset_or_locale)))
    return loc


def _folder(folder=None) -> Path:
    if folder is not None:
        return Path(folder)
    from .data import data_dir

    return data_dir() / FOLDER


def export_path(dataset: str = "ecommerce_en", folder=None) -> Path:
    """The shipped messy export of the company behind ``dataset`` (or a locale)."""
    return _folder(folder) / EXPORTS[_locale(dataset)]


def mapping_path(dataset: str = "ecommerce_en", folder=None) -> Path:
    """The column mapping (TOML) written for that export."""
    return export_path(dataset, folder).with_suffix(".toml")


def injected(dataset: str = "ecommerce_en", folder=None) -> dict:
    """What was wrong with that export on purpose (from ``injected.json``)."""
    data = json.loads((_folder(folder) / "injected.json").read_text(encoding="utf-8"))
    return data[EXPORTS[_locale(dataset)]]


# --------------------------------------------------------------------------- the truth
@functools.cache
def world(dataset: str = "ecommerce_en"):
    """The generated world the export is made from (cached; about a second)."""
    from .generator import generate

    return generate("ecommerce", seed=SEED, n_complaints=N_COMPLAINTS, locale=_locale(dataset))


def clean_frame(dataset: str = "ecommerce_en") -> pd.DataFrame:
    """What a perfect read of the export gives: one row per complaint, canonical names and
    codes, times to the minute, flags as ``yes``/``no``/``n/a`` (empty: not answered).

    The impossible rows are included with their true values (the export's typos are not
    in it); ``injected()["impossible"]`` lists them.
    """
    w = world(dataset)
    c = w.complaints.copy()
    for col in DATES:
        c[col] = c[col].dt.floor("min")
    s = w.surveys.set_index("complaint_id").loc[c["complaint_id"]]
    answered = s["responded"].to_numpy()
    happy = pd.to_numeric(s["csat"].astype(object), errors="coerce").to_numpy() >= 4
    sat = np.where(answered, np.where(happy, "yes", "no"), None)
    sat = np.where(c["resolution"].to_numpy() == "none", "n/a", sat)
    yn = {True: "yes", False: "no"}
    out = c[[v for v in COLUMNS["en_US"].values() if v in c.columns]].copy()
    for col in ("first_contact_resolution", "escalated"):
        out[col] = out[col].map(yn)
    out["satisfied"] = pd.Series(sat, index=out.index, dtype=object)
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- writing
def _cells(clean: pd.DataFrame, loc: str) -> pd.DataFrame:
    """The export's text cells of the clean frame, before any fault: labels, formats, flags."""
    from .locale import labels

    old = (clean["received_at"] < MIGRATED_BEFORE).to_numpy()
    t = pd.DataFrame(index=clean.index)
    for col in clean.columns:
        if col in DATES:
            iso, dmy = clean[col].dt.strftime(_ISO), clean[col].dt.strftime(_DAY_FIRST)
            t[col] = np.where(old, dmy, iso)
        elif col in LABELLED:
            t[col] = clean[col].astype(str).map(labels(loc, col))
        elif col in FLAGS:
            t[col] = _flag_words(clean[col], old, loc)
        elif col == "compensation_amount":
            t[col] = clean[col].map(lambda x: f"{x:.2f}")
        else:
            t[col] = clean[col].astype(str)
    return t


def _flag_words(s: pd.Series, old: np.ndarray, loc: str) -> np.ndarray:
    w = _WORDS[loc]
    (ny, nn), (oy, on) = w["new"], w["old"]
    yes, no = np.where(old, oy, ny), np.where(old, on, nn)
    v = s.to_numpy(dtype=object)
    return np.select([v == "yes", v == "no", v == "n/a"], [yes, no, w["n/a"]], default="")


def _impossible(t: pd.DataFrame, clean: pd.DataFrame, rng: np.random.Generator) -> list[dict]:
    """Year 2099 in N_YEAR_2099 new-system rows, a negative amount in N_NEGATIVE rows."""
    new = np.flatnonzero((clean["received_at"] >= MIGRATED_BEFORE).to_numpy())
    paid = np.flatnonzero((clean["compensation_amount"] > 0).to_numpy())
    years = rng.choice(new, N_YEAR_2099, replace=False)
    neg = rng.choice(np.setdiff1d(paid, years), N_NEGATIVE, replace=False)
    faults = []
    for i in sorted(years):
        t.loc[i, "received_at"] = "2099" + t.loc[i, "received_at"][4:]
        faults.append({"index": int(i), "column": "received_at", "value": t.loc[i, "received_at"],
                       "reason": "created in 2099 (a typo for 2025)"})
    for i in sorted(neg):
        t.loc[i, "compensation_amount"] = "-" + t.loc[i, "compensation_amount"]
        faults.append({"index": int(i), "column": "compensation_amount",
                       "value": t.loc[i, "compensation_amount"], "reason": "negative amount"})
    return faults


def _with_duplicates(t: pd.DataFrame, rng: np.random.Generator,
                     faults: list[dict]) -> tuple[list[int], list[int]]:
    """Row order of the written file (indices of ``t``) and the positions that repeat (a row
    with an impossible value is not repeated, so each fault sits on one line)."""
    n_dup = int(round(DUPLICATE_RATE * len(t)))
    pool = np.setdiff1d(np.arange(len(t)), [f["index"] for f in faults])
    dup = set(rng.choice(pool, n_dup, replace=False).tolist())
    order, repeats = [], []
    for i in range(len(t)):
        order.append(i)
        if i in dup:
            order.append(i)
            repeats.append(len(order) - 1)
    return order, repeats


def _text(loc: str, t: pd.DataFrame, order: list[int]) -> str:
    buf = io.StringIO()
    buf.write("\r\n".join(_PREAMBLE[loc]) + "\r\n")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(list(COLUMNS[loc]))
    cols = list(COLUMNS[loc].values())
    rows = t[cols].to_numpy(dtype=object)
    for i in order:
        w.writerow(rows[i])
    return buf.getvalue()


def _record(loc: str, clean: pd.DataFrame, t: pd.DataFrame, order: list[int],
            repeats: list[int], faults: list[dict]) -> dict:
    """injected.json's entry for one export: file facts, every fault with its lines."""
    line = {i: HEADER_LINE + 1 + pos for pos, i in reversed(list(enumerate(order)))}
    old = clean["received_at"] < MIGRATED_BEFORE
    day = clean["received_at"].dt.day
    n = len(order)
    return {
        "locale": loc, "encoding": ENCODINGS[loc], "bom": ENCODINGS[loc] == "utf-8-sig",
        "line_ending": "CRLF", "preamble": list(_PREAMBLE[loc]), "header_line": HEADER_LINE,
        "rows_written": n, "complaints": len(clean),
        "columns": COLUMNS[loc],
        "dates": {"columns": list(DATES), "iso": _ISO, "day_first": _DAY_FIRST,
                  "day_first_rows": int(old.sum()), "iso_rows": int((~old).sum()),
                  "day_first_rows_with_day_above_12": int((old & (day > 12)).sum()),
                  "rule": f"tickets created before {MIGRATED_BEFORE.date()} are day-first"},
        "flags": {"columns": list(FLAGS), "words": _WORDS[loc],
                  "counts_without_duplicates": {
                      c: {str(k): int(v) for k, v in t[c].value_counts().items()}
                      for c in FLAGS}},
        "duplicates": {"rate": DUPLICATE_RATE, "rows": len(repeats),
                       "lines": [HEADER_LINE + 1 + p for p in repeats],
                       "duplicate_of_lines": [HEADER_LINE + p for p in repeats]},
        "impossible": [{"line": line[f["index"]], **{k: v for k, v in f.items() if k != "index"}}
                       for f in faults],
        "known_effects": _effects(clean),
    }


def _effects(clean: pd.DataFrame) -> dict:
    """The effects the generator put in, and what this sample realised (the clean rows)."""
    public = clean["channel"].isin(["social_media", "marketplace_review"])
    esc = clean["escalated"] == "yes"
    hours = (clean["first_response_at"] - clean["received_at"]).dt.total_seconds() / 3600
    med = hours.groupby(clean["channel"].astype(str)).median().round(3)
    return {
        "escalation_public_channels": {
            "cause": "scenario 'ecommerce': escalation log-odds +0.6 for public channels "
                     "(social_media, marketplace_review) and higher priority through scope",
            "rate_public": round(float(esc[public].mean()), 4), "n_public": int(public.sum()),
            "rate_other": round(float(esc[~public].mean()), 4), "n_other": int((~public).sum())},
        "first_response_by_channel": {
            "cause": "scenario 'ecommerce': base hours phone 0.6, online_chat 1.2, app 4, "
                     "social_media 6, email 14, marketplace_review 20 (medium priority)",
            "median_hours": med.to_dict()},
    }


def _mapping_toml(loc: str) -> str:
    name = "shop_export_" + loc[:2]
    lines = [f"# The mapping for {EXPORTS[loc]}: copy it and edit the left-hand side for your "
             "own export.",
             f'name = "{name}"',
             f'title = "ShopDesk 5.1 ticket export ({"English" if loc == "en_US" else "Chinese"})"',
             'table = "complaints"', "", "[columns]"]
    lines += [f'"{k}" = "{v}"' for k, v in COLUMNS[loc].items()]
    lines += ["", "[dates]            # every date column: the data decide day/month order"]
    lines += [f'{c} = "auto"' for c in DATES]
    lines += ["", "[flags]", "columns = [" + ", ".join(f'"{c}"' for c in FLAGS) + "]", "",
              "[detect]", "columns = [" + ", ".join(f'"{k}"' for k in list(COLUMNS[loc])[:4])
              + "]"]
    return "\n".join(lines) + "\n"


def build_exports(folder=None) -> list[Path]:
    """Write both exports, their mappings and ``injected.json`` into ``folder``
    (default ``datasets/byod``). Deterministic: the same bytes on every run."""
    out = _folder(folder)
    out.mkdir(parents=True, exist_ok=True)
    record, written = {}, []
    for k, loc in enumerate(EXPORTS):
        rng = np.random.default_rng([SEED, k])
        clean = clean_frame(loc)
        t = _cells(clean, loc)
        faults = _impossible(t, clean, rng)
        order, repeats = _with_duplicates(t, rng, faults)
        path = out / EXPORTS[loc]
        write_bytes(path, _text(loc, t, order).encode(ENCODINGS[loc]))
        mapping = path.with_suffix(".toml")
        write_text(mapping, _mapping_toml(loc))
        record[path.name] = _record(loc, clean, t, order, repeats, faults)
        written += [path, mapping]
    meta = {"built_by": "python -m complaintkit.byod",
            "world": {"scenario": "ecommerce", "seed": SEED, "n_complaints": N_COMPLAINTS}}
    write_text(out / "injected.json",
               json.dumps({**meta, **record}, ensure_ascii=False, indent=1) + "\n")
    return [*written, out / "injected.json"]


if __name__ == "__main__":  # pragma: no cover
    for p in build_exports():
        print(p)
