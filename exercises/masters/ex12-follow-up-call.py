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
# # Exercise 12 · The follow-up call and the closed loop (回访与闭环)
#
# Five tasks on a year of complaints: who gets the follow-up call (回访), how many loops are
# closed (闭环), what the call is worth, and a call-back plan (回访计划) for the team. After
# each task, run the `ex.check(...)` cell: it tells you what is right and, if something is
# not right yet, what to look at again. Replace every `...` with your answer.
#
# The session notebook `notebooks/12-follow-up-call.ipynb` shows the method; here you do it
# yourself.

# %%
import numpy as np
import pandas as pd

import complaintkit as ck

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
complaints = world.complaints
ex = ck.exercises.start("12", dataset=DATASET)

# %% [markdown]
# ## Task 1 · Who is called back (谁被回访)
#
# What **share** of all complaints got the follow-up call (`followed_up`)?

# %%
called = complaints["followed_up"].mean()  # SOLUTION
ex.check(1, called)

# %% [markdown]
# ## Task 2 · Called back, by priority
#
# For each priority (`low`, `medium`, `high`), the **share of its complaints** that got the
# call.

# %%
by_priority = complaints.groupby("priority", observed=True)["followed_up"].mean()  # SOLUTION
ex.check(2, by_priority)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* `ck.followup(...).shares` gives the same with intervals. Ask the room: is a
# low-priority complaint small for the customer too?
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 3 · The closed loop (闭环)
#
# A complaint's loop is **closed** when it was resolved (`resolved_at` is not empty), the
# follow-up call was made, and, **where the customer answered the survey**, the answer shows
# satisfaction (CSAT 4 or 5). A customer who did not answer counts as closed when resolved and
# called. What **share** of all complaints have a closed loop? (`ck.followup` computes it;
# or do it by hand with `world.surveys`.)

# %%
# BEGIN SOLUTION
res = ck.followup(complaints, world.surveys, customers=world.customers, agents=world.agents,
                  events=world.events)
# END SOLUTION
closed = res.closed_loop.query("by == 'all'")["share"].iloc[0]  # SOLUTION
ex.check(3, closed)

# %% [markdown]
# ## Task 4 · Is the call worth it? (回访的价值)
#
# From `ck.followup`'s effects table (`res.table`): the **adjusted** effect of *no* call on
# CSAT is a log-odds. Turn it into an **odds ratio** (`np.exp`): the factor by which the odds
# of a higher CSAT change when nobody calls.

# %%
row = res.table.query("outcome == 'csat' and model == 'adjusted'").iloc[0]  # SOLUTION
odds_ratio = np.exp(row["estimate"])  # SOLUTION
ex.check(4, odds_ratio)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* compare with the naive row. The customers we skip are not like the others
# (lower priority, newer customers): the adjusted row compares like with like.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 5 · A call-back plan (回访计划)
#
# Take the complaints received in the **last 30 days** of the data (`received_at` later than
# the latest `received_at` minus 30 days) that were **not** called back. One agent makes
# **15 calls a day**, and one call covers all of a customer's complaints. How many **days**
# does it take to call every customer once? (`ck.callback_plan` can tell you.)

# %%
last = complaints["received_at"].max() - pd.Timedelta(days=30)
due = complaints[(complaints["received_at"] > last) & ~complaints["followed_up"]]
plan = ck.callback_plan(due, n_agents=1, calls_per_agent_day=15, cycle_days=5)  # SOLUTION
days = plan.days_needed  # SOLUTION
ex.check(5, days)

# %% [markdown]
# ## To go further
#
# With `cycle_days=5`, how many agents would call everyone within the cycle
# (`plan.agents_needed`)? Split task 2 by team and by channel, and by the customers' region
# and age band (`res.shares`). Where would you start?
