# ---
# jupyter:
#   jupytext:
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 08 · Bring your own data (自带数据)
#
# Six tasks on a company's messy complaint export: read it by hand (and see what the kit's
# reader saves you), find the impossible rows, then the top category, the satisfied share with
# its interval, a hypothesis test and the size of a pilot. After each task, run the
# `ex.check(...)` cell: it tells you what is right and, if something is not right yet, what to
# look at again. Replace every `...` with your answer.
#
# The session notebook `notebooks/08-bring-your-own-data.ipynb` shows the method; here you do
# it yourself.

# %%
import tomllib

import pandas as pd

import complaintkit as ck
from complaintkit import byod

DATASET = "ecommerce_en"   # or "ecommerce_zh"
EXPORT = byod.export_path(DATASET)
MAPPING = byod.mapping_path(DATASET)
LOCALE = "zh_CN" if DATASET.endswith("_zh") else "en_US"
ex = ck.exercises.start("08", dataset=DATASET)

# %% [markdown]
# ## Task 1 · Read it by hand
#
# Read `EXPORT` with pandas into a frame `by_hand` with **one row per complaint**, the kit's
# column names and `received_at` as dates. What you need to know about the file:
#
# - two lines of title come before the header;
# - the English file is UTF-8 with a byte-order mark (`encoding="utf-8-sig"`), the Chinese one
#   GBK (`ENCODING` below);
# - `COLUMNS` (from the mapping file) renames the export's columns to the kit's names.
#
# The check tells you what is still wrong, one fault at a time.

# %%
COLUMNS = tomllib.loads(MAPPING.read_text(encoding="utf-8"))["columns"]
ENCODING = "gbk" if LOCALE == "zh_CN" else "utf-8-sig"
pd.read_csv(EXPORT, encoding=ENCODING, skiprows=2, dtype=str, nrows=3)

# %%
# BEGIN SOLUTION
raw = pd.read_csv(EXPORT, encoding=ENCODING, skiprows=2, dtype=str, keep_default_na=False)
raw = raw.rename(columns=COLUMNS).drop_duplicates()
iso = pd.to_datetime(raw["received_at"], format="%Y-%m-%d %H:%M", errors="coerce")
dmy = pd.to_datetime(raw["received_at"], format="%d/%m/%Y %H:%M", errors="coerce")
# END SOLUTION
by_hand = raw.assign(received_at=iso.fillna(dmy))  # SOLUTION
ex.check(1, by_hand)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the usual path is `skiprows=2`, then the duplicates, then the dates. Most
# trainees first try `pd.to_datetime(..., format="mixed")`, which reads the old tickets'
# `04/01/2025` as 1 April without a word: the check names the swapped rows. Ask how they would
# have noticed without it.
# <!-- END SOLUTION -->

# %% [markdown]
# The kit's reader does all of that, and more (every date column, the flags, the encoding
# detected), with a report of what it did:

# %%
df, report = ck.read_complaints(EXPORT, mapping=MAPPING)
print(report.summary())

# %% [markdown]
# ## Task 2 · The impossible rows
#
# Some tickets carry a value no complaint can have. Which ones? Give their ticket numbers
# (`complaint_id`) as a list. `report.rejected` and `ck.validate(df).problems` name them; so can
# your own frame.

# %%
# BEGIN SOLUTION
amount = pd.to_numeric(by_hand["compensation_amount"])
odd = (by_hand["received_at"] >= "2026-01-01") | (amount < 0)
# END SOLUTION
impossible = by_hand.loc[odd, "complaint_id"].tolist()  # SOLUTION
ex.check(2, impossible)

# %% [markdown]
# From here on, the reader's frame, with any row the validation finds an **error** in set aside
# by name (the reader has already refused the impossible ones):

# %%
check = ck.validate(df)
errors = check.problems[check.problems["severity"] == "error"]
ok = df.drop(index=sorted({row for rows in errors["rows"] for row in rows}))
print(f"{len(ok):,} complaints; {len(errors)} errors")

# %% [markdown]
# ## Task 3 · The largest category (Pareto)
#
# Which complaint category is the largest, and what share of the complaints is it? Give
# `(category, share)`.

# %%
top = ck.pareto(ok, "category").table.iloc[0]  # SOLUTION
largest = (top["level"], top["share"])  # SOLUTION
ex.check(3, largest)

# %% [markdown]
# ## Task 4 · Satisfied at the follow-up (回访), with an interval
#
# The export's `satisfied` column says whether the customer was satisfied at the follow-up
# call: yes, no, `N/A` (不适用: the complaint was not resolved, so nobody asked) or empty (no
# answer). What share of the customers **who answered** were satisfied, with its 95% interval?
# Give `(share, lower, upper)`, or the row of a `ck.kpis` table.

# %%
k = ck.kpis(ok, kpis=[], shares=["satisfied"])  # SOLUTION
satisfied = k.table[k.table["kpi"] == "satisfied_share"]  # SOLUTION
ex.check(4, satisfied)

# %% [markdown]
# ## Task 5 · Are public complaints escalated more often?
#
# `where` says whether a complaint was made in public (social media, marketplace reviews) or
# not. Compare the escalation rate of the two with `ck.compare`, and give `(difference, p)`:
# the escalation rate of public minus other, and the test's p-value.

# %%
public = ok["channel"].isin(["social_media", "marketplace_review"])
ok["where"] = public.map({True: "public", False: "other"})

# %%
res = ck.compare(ok, "escalated", "where", reference="other")  # SOLUTION
row = res.table[res.table["effect"] == "risk_difference"].iloc[0]  # SOLUTION
gap = (row["estimate"], row["p_value"])  # SOLUTION
ex.check(5, gap)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the generator escalates public complaints more readily (+0.6 log-odds and a
# higher priority), so the test should find it: `byod.injected(DATASET)["known_effects"]`.
# Ask what else differs between public and other complaints (priority, category) before
# anyone calls it a cause.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 6 · Size a pilot (样本量)
#
# A new reply template should raise first-contact resolution from **70% to 75%**. How many
# complaints are needed **in each group** (pilot and control) for **80% power** at alpha 0.05,
# two-sided? Use `ck.power("two_proportions", n=[...], baseline=0.70, effect=0.05)`, or a
# formula you trust. One number.

# %%
# BEGIN SOLUTION
pw = ck.power("two_proportions", n=[1000, 1250, 1500], baseline=0.70, effect=0.05,
              n_sim=200, seed=8)
# END SOLUTION
per_group = pw.required_n  # SOLUTION
ex.check(6, per_group)

# %% [markdown]
# ## Afterwards
#
# - Read `report.dates`: from which rows did the reader decide that the old tickets are
#   day-first?
# - Copy `MAPPING` and edit it for an export of your own company. What would you need to add
#   for its flags and its dates?
