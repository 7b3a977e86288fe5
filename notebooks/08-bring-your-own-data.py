# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 08 · Bring your own data (自带数据)
#
# Every session so far worked on the kit's own worlds, clean by construction. Your company's
# export is not: the helpdesk writes a title above the header, Chinese Excel saves GBK, a
# migration left old tickets with `dd/mm/yyyy` dates, flags say `Yes`, `Y` or `N/A`, a page
# boundary repeats rows, and somebody once typed 2099. Each of these can break a read loudly,
# or, worse, **silently**: a day read as a month moves a complaint across the year, and every
# analysis after it is wrong without a word.
#
# This session goes the whole way with one such export, as you would with yours:
#
# 1. **read** it, with a report of every row read, accepted and rejected (and why);
# 2. **validate** it against the kit's schema: every problem with its column, rows and reason;
# 3. **map** the labels back to codes;
# 4. **analyse**: Pareto, KPIs with intervals, daily counts and a forecast;
# 5. **test a hypothesis** and **size a study**.
#
# The export was made from a generated world, so we know the truth behind every cell, and what
# was wrong with it on purpose (`datasets/byod/injected.json`). With your own file you will not;
# that is why every step reports what it did.

# %% [markdown]
# ## 1 · Setup
#
# `DATASET` switches between the English export (UTF-8) and the Chinese one (GBK, Chinese column
# names). To work on your own export, point `EXPORT` at it and `MAPPING` at a copy of the
# mapping file, edited for your columns.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

import complaintkit as ck
from complaintkit import byod
from complaintkit.plotting import use_style

# %%
DATASET = "ecommerce_en"   # or "ecommerce_zh"
EXPORT = byod.export_path(DATASET)    # your own: EXPORT = "exports/tickets.csv"
MAPPING = byod.mapping_path(DATASET)  # your own: a copy of this file, edited
LOCALE = "zh_CN" if DATASET.endswith("_zh") else "en_US"
use_style(LOCALE)
print(EXPORT.name, f"{EXPORT.stat().st_size / 1e3:.0f} kB")

# %% [markdown]
# ## 2 · What a plain read makes of it
#
# First look at the bytes, as they are on disk, and at what `pd.read_csv` does with them:

# %%
print(EXPORT.read_bytes()[:90])
try:
    pd.read_csv(EXPORT)
except (UnicodeDecodeError, pd.errors.ParserError) as e:
    print(f"\n{type(e).__name__}: {str(e)[:120]}")

# %% [markdown]
# The English file starts with `\xef\xbb\xbf`, a *byte-order mark* (BOM) that Excel writes
# into UTF-8; the Chinese one is GBK, which UTF-8 cannot decode. Both begin with two lines of
# title, so the header is not the first line and pandas counts the wrong number of columns.
# Each fix by hand (`skiprows=2`, `encoding="gbk"`) is easy once you know; the danger is the
# faults that do **not** raise an error.

# %% [markdown]
# ## 3 · Read, with a report (读取报告)
#
# `ck.read_complaints` detects the encoding and the lines before the header, renames the columns
# by the **mapping** and parses every date column row by row. The mapping is data, a TOML file
# you can copy and edit: export column = the kit's name.

# %%
print(MAPPING.read_text(encoding="utf-8"))

# %%
df, report = ck.read_complaints(EXPORT, mapping=MAPPING)
print(report.summary())

# %%
# NBVAL_CHECK_OUTPUT
print(f"rows read {report.rows_read:,} = accepted {report.accepted:,} "
      f"+ rejected {len(report.rejected):,}")
print(f"encoding: {report.encoding}; lines before the header: {len(report.skipped_lines)}")

# %% [markdown]
# **Accepted + rejected = rows read, always**: nothing disappears. Each rejected row keeps its
# line in the file and its reason. Most are the rows the export repeated (`duplicate of row
# ...`); the others are values no complaint can have:

# %%
rej = report.rejected
rej.loc[~rej["reason"].str.startswith("duplicate"), ["row", "reason"]]

# %% [markdown]
# A ticket created in 2099 (a typo for 2025? or 2029?) and a negative compensation are refused,
# not repaired: only the source system can say what was meant. Fix them there, or leave them out
# knowingly, with the list above.

# %% [markdown]
# ### Dates: decided by the data, never guessed
#
# Tickets from the old helpdesk carry `04/01/2025`: 4 January or 1 April? One such date alone
# cannot say. But the same column also holds `13/01/2025`, and there is no 13th month: the
# column is **day-first**. The reader takes that decision only where the data make it, and says
# from which rows (and refuses, with the rows named, what stays undecidable):

# %%
for parse in report.dates.values():
    print(parse.how)

# %% [markdown]
# Compare what pandas does when told the formats are mixed (the usual fix when its plain call
# refuses this column):

# %%
three = pd.Series(["04/01/2025 16:59", "13/01/2025 00:13", "2025-04-02 09:00"])
print(pd.to_datetime(three, format="mixed").dt.strftime("%d %B %Y").tolist())

# %% [markdown]
# 4 January became 1 April, while 13 January, which cannot be month-first, stayed right: in
# one column, two orders, without a word. In this export that moves hundreds of tickets by
# months. That is the silent kind.

# %% [markdown]
# ## 4 · Validate (数据校验)
#
# Read is not the same as complete. `ck.validate` checks the frame against the kit's schema, the
# one definition the generator also follows, and lists **every** problem with its column, rows
# and reason; errors apart from warnings. It changes and drops nothing.

# %%
check = ck.validate(df)
print(check.summary())

# %% [markdown]
# No errors: the reader already refused what the schema forbids. The warnings are the columns
# this export does not have, each with what needs it: no loyalty analysis (no customer ids), no
# SLA or reopen KPI, no drill-down to root causes. Better to learn that now than from an error
# halfway through an analysis. Had there been errors, set their rows aside by name:

# %%
errors = check.problems[check.problems["severity"] == "error"]
bad = sorted({row for rows in errors["rows"] for row in rows})
ok = df.drop(index=bad)
print(f"{len(errors)} errors; kept {len(ok):,} of {len(df):,} complaints")

# %% [markdown]
# ## 5 · Labels back to codes (标签与代码)
#
# The export writes categories and channels as labels (`Product quality`, `产品质量`); the
# analyses work on codes (`product_quality`), the same in every language. The reader already
# read the kit's labels back for the mapped columns (its notes list each one). For a frame from
# elsewhere, a colleague's spreadsheet or a pivot table, `ck.to_codes` does the same, and
# refuses with the rows any value it does not know: a typo never becomes a new category.

# %%
print(ck.to_codes(["Product quality", "产品质量", "delivery"], "category"))
try:
    ck.to_codes(["Product quality", "Produkt quality"], "category")
except ValueError as e:
    print(e)

# %% [markdown]
# ## 6 · Analyse: the same functions as on the kit's worlds
#
# The frame now speaks the kit's schema, so the analyses of sessions 01 to 05 run on it as they
# are. First the **Pareto** of categories (session 01):

# %%
par = ck.pareto(ok, "category", locale=LOCALE)
print(par.summary())
par.plot();

# %% [markdown]
# **KPIs with intervals.** This export has two of the kit's flags (first-contact resolution,
# escalation), one of its own (*satisfied at the follow-up*, 回访满意) and two times. `kpis`
# reports what the columns allow: `shares=` for a flag of your own, `durations=` for any pair of
# times.

# %%
k = ck.kpis(ok, by="channel", kpis=["first_contact_resolution_rate", "escalation_rate"],
            shares=["satisfied"],
            durations={"hours_to_first_response": ("received_at", "first_response_at")})
print(k.summary())
k.notes

# %% [markdown]
# Read the note on *satisfied*: the share is over the customers who answered. `N/A` (不适用:
# the complaint was not resolved, so nobody asked) and an empty cell (no answer) are different
# from "no", and neither is counted as one. The table, one row per channel:

# %%
cols = ["first_contact_resolution_rate", "satisfied_share", "hours_to_first_response_median"]
k.wide()[["channel", *cols]].round(3)

# %% [markdown]
# **Counts and a forecast** (session 05): one row per day, then 28 days ahead, the model chosen
# by a backtest.

# %%
counts = ck.complaint_counts(ok, freq="D", locale=LOCALE)
fc = ck.forecast(counts, horizon=28)
print(fc.summary())
fc.plot(history=90);

# %% [markdown]
# ## 7 · Test a hypothesis (假设检验)
#
# A manager's question: *are complaints made in public (social media, marketplace reviews)
# escalated more often?* `ck.compare` picks the test by a stated rule (chi-square for two
# rates, Fisher's exact test when counts are small), gives the effect with its interval and
# corrects for multiple comparisons when there are more than two groups.

# %%
public = ok["channel"].isin(["social_media", "marketplace_review"])
ok["where"] = public.map({True: "public", False: "other"})
res = ck.compare(ok, "escalated", "where")
print(res.summary())

# %%
# NBVAL_CHECK_OUTPUT
g = res.groups[res.groups["measure"] == "share"]
print(g[["group", "n", "estimate", "ci_lower", "ci_upper"]].round(3).to_string(index=False))
d = res.table[res.table["effect"] == "risk_difference"].iloc[0]
print(f"difference {d['estimate']:+.3f} ({d['ci_lower']:+.3f} to {d['ci_upper']:+.3f})")

# %% [markdown]
# The truth behind this export: the generator escalates a public complaint more readily (+0.6
# on the log-odds, and a higher priority). The test finds it in one year of one shop. Here is
# what the clean rows realised, from the file that lists what was built in:

# %%
byod.injected(DATASET)["known_effects"]["escalation_public_channels"]

# %% [markdown]
# ## 8 · Size a study (样本量)
#
# The next question is a plan: a pilot of a new reply template should raise first-contact
# resolution from 70% to 75%. How many complaints in each group (pilot and control) give an 80%
# chance to see it at alpha 0.05? `ck.power` simulates the study many times at each size and
# puts the textbook (analytic) answer beside it.

# %%
pw = ck.power("two_proportions", n=[500, 750, 1000, 1250, 1500, 1750, 2000],
              baseline=0.70, effect=0.05, n_sim=400, seed=8)
print(pw.summary())
pw.plot();

# %% [markdown]
# How long would this shop need to collect that many?

# %%
per_month = len(ok) / 12
print(f"{pw.required_n:,.0f} per group, {2 * pw.required_n:,.0f} in all: "
      f"{2 * pw.required_n / per_month:.1f} months of this shop's complaints")

# %% [markdown]
# Most of a year, for a five-point gain. A smaller gain needs far more (the size grows with
# 1 / effect²): decide what gain is worth finding *before* the pilot starts, and size the pilot
# for it.

# %% [markdown]
# ## 9 · Take-aways
#
# - Read with a **report**: rows read = accepted + rejected, each rejected row with its reason.
# - **Dates** are decided by the data (a day above 12) or refused, never guessed.
# - **Validate** before you analyse, and set problem rows aside by name, never silently.
# - **N/A is not no, and empty is not no**: a share is over those who answered.
# - Once the frame speaks the schema, every analysis of the kit runs on **your** data.
#
# ## Questions for discussion
#
# 1. Which of the faults here would your own export have? Which ones would raise an error, and
#    which would pass silently?
# 2. Three tickets say 2099. Fix them to 2025, or set them aside? Who in your company can say?
# 3. The satisfied share counts only those who answered. Who answers a follow-up call (回访),
#    and what does that do to the share?
# 4. The pilot needs over a year of complaints. What would you change in the design (a larger
#    effect, a longer pilot, another outcome) to learn sooner?
#
# ## Your turn
#
# Open the exercise [`exercises/ex08-bring-your-own-data.ipynb`](../exercises/ex08-bring-your-own-data.ipynb):
# read the export, find the impossible rows, the top category, the satisfied share with its
# interval, the escalation gap and the size of a pilot.
