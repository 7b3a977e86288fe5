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
# # Exercise 11 · Triage, SLA and staffing for the peak (分级、服务时限与排班)
#
# Five tasks a team lead does before a shopping festival: check the first-response SLA
# (服务时限) of the urgent complaints and of each team, find the busiest day after the
# festival, and work out the agents it needs, today and after the 60% rise of seed 002.
# After each task, run the `ex.check(...)` cell: it tells you what is right and, if something
# is not right yet, what to look at again. Replace every `...` with your answer.
#
# The session notebook `notebooks/11-triage-and-staffing.ipynb` shows the method; here you do
# it yourself.

# %%
import pandas as pd

import complaintkit as ck

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
complaints = world.complaints
ex = ck.exercises.start("11", dataset=DATASET)

# %% [markdown]
# The desk's inputs for tasks 4 and 5: 45 minutes of agent time per complaint (AHT,
# 平均处理时长), 80% of complaints answered within 2 hours (the high-priority SLA), 30% of
# paid time off the queue (人力缩减), and a desk open round the clock.

# %%
AHT, SLA_TIME, TARGET, SHRINKAGE = "45min", "2h", 0.8, 0.3
FESTIVAL = {"zh_CN": "d1111"}.get(world.locale, "black_friday")   # 11.11 or Black Friday

# %% [markdown]
# ## Task 1 · High priority in time (服务时限)
#
# What **share** of the high-priority complaints had a first response within their SLA?

# %%
res = ck.sla(complaints)  # SOLUTION
high = res.table.set_index("priority").loc["high", "share_met"]  # SOLUTION
ex.check(1, high)

# %% [markdown]
# ## Task 2 · SLA compliance by team
#
# For each team (`phone`, `digital`, `escalation`), the **share of its complaints** answered
# within their SLA. A complaint's team is its agent's team (`world.agents`).

# %%
by_team = ck.sla(complaints, by="team", agents=world.agents)  # SOLUTION
shares = by_team.table.set_index("team")["share_met"]  # SOLUTION
ex.check(2, shares)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* ask why the escalation team misses more (harder complaints, a hand-off
# before it) and what a by-channel split adds before anyone is blamed.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 3 · The festival peak
#
# Count the complaints per day (`ck.complaint_counts`, its `festival` column marks the
# festival's day). How many complaints arrived on the **busiest day of the three weeks from
# the festival** (the festival's day and the 20 days after)?

# %%
# BEGIN SOLUTION
counts = ck.complaint_counts(complaints, locale=world.locale)
day = counts.loc[counts["festival"] == FESTIVAL, "period"].iloc[0]
window = counts[(counts["period"] >= day) & (counts["period"] < day + pd.Timedelta(days=21))]
# END SOLUTION
peak = window["n"].max()  # SOLUTION
ex.check(3, peak)

# %% [markdown]
# ## Task 4 · Agents on duty for the peak (排班)
#
# How many agents must be **on duty at a time** that day so that 80% of complaints get a
# first response within 2 hours? Use the desk's inputs above (Erlang C, `ck.staffing`).

# %%
# BEGIN SOLUTION
plan = ck.staffing(peak, aht=AHT, answer_within=SLA_TIME, target=TARGET, hours_per_day=24,
                   shrinkage=SHRINKAGE)
# END SOLUTION
on_duty = plan.table["agents"].iloc[0]  # SOLUTION
ex.check(4, on_duty)

# %% [markdown]
# ## Task 5 · Seed 002: after a 60% rise
#
# The volume rises 60%. How many agents must be **scheduled** per hour on that peak day,
# with 30% shrinkage?

# %%
# BEGIN SOLUTION
after = ck.staffing(1.6 * peak, aht=AHT, answer_within=SLA_TIME, target=TARGET,
                    hours_per_day=24, shrinkage=SHRINKAGE)
# END SOLUTION
scheduled = after.table["scheduled"].iloc[0]  # SOLUTION
ex.check(5, scheduled)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the usual slips are the default 8 open hours and scaling today's team by
# 1.6. Ask why a larger team can be busier at the same service, and what the world's own
# first responses at the peak (session 11, section 4) say that the queue model does not.
# <!-- END SOLUTION -->

# %% [markdown]
# ## To go further
#
# Staff the next four weeks from a forecast: `ck.staffing(ck.forecast(counts, horizon=28),
# ...)`. Which days need the forecast's upper bound? And for a chat desk whose customers give
# up after 10 minutes, try `patience="10min"` (Erlang A).
