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
# # Exercise 06 · Seeing trouble coming: early warning (预警)
#
# Four tasks on the early-warning chart (预警控制图): the c-chart limit by hand, the first alarm
# of the courier disruption, how late it came, and what the alarm costs in false alarms (误报).
# After each task, run the `ex.check(...)` cell: it tells you what is right and, if something is
# not right yet, what to look at again. Replace every `...` with your answer.
#
# The session notebook `notebooks/06-early-warning.ipynb` shows the method; here you do it
# yourself.

# %%
import numpy as np
import pandas as pd

import complaintkit as ck
from complaintkit.analysis import false_alarms

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
daily = ck.complaint_counts(world.complaints, freq="D", by="category")
incidents = world.truth.incidents
ex = ck.exercises.start("06", dataset=DATASET)

# %% [markdown]
# `daily` has one row per category and day (`period`, `category`, `n`, `weekday`).
# `incidents` lists the two known incidents of the simulated year (`start`, `end` exclusive).

# %%
incidents[["incident", "kind", "target", "start", "end"]]

# %% [markdown]
# ## Task 1 · The c-chart limit by hand (控制图)
#
# A day's baseline (the mean of the same weekday over the last 8 weeks) is **20** complaints.
# Complaint counts are roughly Poisson. What is the c-chart's **upper limit** at **L = 3**?
# One number.

# %%
upper = 20 + 3 * np.sqrt(20)  # SOLUTION
ex.check(1, upper)

# %% [markdown]
# ## Task 2 · The first alarm of the courier disruption
#
# Run `ck.early_warning(daily, by="category")` with its **defaults**. What is the **first
# flagged day** of the `delivery` category on or after the start of the courier disruption?
# Give a date.

# %%
res = ck.early_warning(daily, by="category")
print(res.summary())
ax = res.plot(group="delivery", incidents=incidents)

# %%
start = incidents.set_index("kind").loc["courier_disruption", "start"]
flags = res.flags  # SOLUTION
first = flags.loc[(flags["category"] == "delivery") & (flags["period"] >= start), "period"].min()  # SOLUTION
ex.check(2, first)

# %% [markdown]
# ## Task 3 · How late? (检测延迟)
#
# How many days after the disruption **began** did the alarm ring? One number of days.

# %%
delay_days = (first - start).days  # SOLUTION
ex.check(3, delay_days)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the usual slips are counting the start day as day 1 (one day too many) and
# counting from the end of the incident. Ask the room: how many customers had complained about
# delivery by the time the alarm rang? (`daily` between `start` and `first`.)
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 4 · The price of the alarm: false alarms (误报)
#
# A false alarm is a flagged day outside the incident windows (and the 14 days after them).
# `false_alarms(res, incidents)` counts them per category, with `per_month` = false alarms per
# 30 quiet monitored days. What is the **false-alarm rate per month of the `delivery`
# category**?

# %%
fa = false_alarms(res, incidents)
fa

# %%
per_month = fa.set_index("category").loc["delivery", "per_month"]  # SOLUTION
ex.check(4, per_month)

# %% [markdown]
# ## Afterwards
#
# - Try `method="cchart"` and `method="ewma"`: which finds the disruption sooner, and at how
#   many false alarms? (`res.score(incidents)`.)
# - If every alarm costs the team an hour of checking, how many hours a month does the default
#   setting cost for all seven categories? Is a day of earlier warning worth it?
