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
# # 12 · The follow-up call and the closed loop (回访与闭环)
#
# The last of the six steps (六步) is the **follow-up call** (回访): after the complaint is
# solved, someone calls the customer back and asks whether they are satisfied. It is also the
# step a busy team drops first. This session asks four questions a team lead can act on:
#
# 1. **Who is called back, and who is not?** By priority, channel, team, region and age.
# 2. **How long after the solution do we call?**
# 3. **How many loops are closed (闭环)?** Solved, called, and the customer satisfied.
# 4. **Is the call worth it?** What happens to satisfaction (CSAT) and to buying again when
#    nobody calls, and a **call-back plan** (回访计划) so that every customer is called once in
#    a cycle, as seed 002 asks.
#
# Every number below is computed from the tables, so the same cells work on your own data.

# %% [markdown]
# ## 1 · Setup
#
# `DATASET` switches between the English world and the Chinese one.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import complaintkit as ck
from complaintkit.plotting import use_style

# %%
DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
LOCALE = world.locale
use_style(LOCALE)
complaints = world.complaints
print(f"{len(complaints):,} complaints; {complaints['followed_up'].mean():.0%} got the "
      "follow-up call")

# %% [markdown]
# ## 2 · Who is called back (谁被回访)
#
# `ck.followup` reads the complaints with the surveys, the customers (region, age band, tier)
# and the agents (team). The first line of its notes says how many complaints it used.

# %%
res = ck.followup(complaints, world.surveys, customers=world.customers, agents=world.agents,
                  events=world.events, truth=world.truth, locale=LOCALE)
print(res.notes[0])
print(res.summary())

# %% [markdown]
# The share of complaints called back in each group, with its 95% interval (the thin line):
# where two intervals do not overlap, the difference is not chance.

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
res.plot(axes[0], kind="shares", by="priority")
res.plot(axes[1], kind="shares", by="team")
fig.tight_layout()

# %% [markdown]
# The same as a table, one row per group: how many complaints, how many called, the share.

# %%
shares = res.shares.query("by in ['priority', 'channel', 'team']").copy()
shares["level"] = [ck.labels(LOCALE, b).get(v, v) for b, v in zip(shares["by"], shares["level"])]
ck.labelled(shares.set_index(["by", "level"])[["n", "followed_up", "share"]].round(3), LOCALE)

# %% [markdown]
# Questions for the team lead: which priority is called least? Is it one team's habit (coach
# the team) or one channel's (does the channel's tool remind the agent to call)? A low-priority
# complaint is small for us, not for the customer.

# %% [markdown]
# ## 3 · How long after the solution do we call? (回访时效)
#
# Days from the resolution to the call: the **median** is the usual complaint, the **p90** the
# slow one in ten.

# %%
days = res.timing.query("by in ['all', 'priority']")
table = days.pivot(index="level", columns="stat", values="days").round(1)
ck.labelled(table, LOCALE, columns={"level": "priority"})

# %%
res.plot(kind="timing", by="priority");

# %% [markdown]
# A call a week later reaches a customer who has moved on. If the slow tenth (p90) is long,
# set a rule ("call within two working days") and check it here next month.

# %% [markdown]
# ## 4 · The closed loop (闭环)
#
# A complaint's loop is **closed** when three things are true:
#
# - it was **solved** (resolved);
# - the follow-up call was **made**;
# - where the customer answered the survey, the answer **confirms satisfaction** (CSAT 4 or
#   5). A customer who did not answer counts as closed when solved and called.
#
# The table shows the rate and which of the three conditions fails.

# %%
loop = res.closed_loop.query("by in ['all', 'team']")
cols = ["by", "level", "n", "resolved", "followed_up", "unsatisfied", "closed", "share"]
ck.labelled(loop[cols].round(3), LOCALE, columns={"level": "team"})

# %%
res.plot(kind="closed_loop", by="priority");

# %% [markdown]
# Read the counts left to right: complaints not solved, complaints not called, customers who
# said they were not satisfied. Each is a different fix: the solution, the call, or what we
# say during the call.

# %% [markdown]
# ## 5 · Is the call worth it? (回访的价值)
#
# Compare customers who were called with those who were not. A **naive** comparison is
# unfair: the calls skipped most are of low-priority complaints and new customers, who may be
# less satisfied or buy less anyway. The **adjusted** comparison compares like with like
# (same priority, channel, team and customer tier). Our world is generated, so the true effect
# is known: it is shown beside the estimate.

# %%
effects = res.table[["outcome", "model", "estimate", "ci_lower", "ci_upper", "truth", "n"]]
ck.labelled(effects.round(2), LOCALE)

# %%
res.plot(kind="effects");

# %% [markdown]
# How to read it: a value below 0 means that **without the call** the customer is less
# satisfied (CSAT) or buys again later (repurchase). In plain words:

# %%
e = res.table.set_index(["outcome", "model"])
csat = e.loc[("csat", "adjusted")]
lo, hi = np.exp(csat["ci_lower"]), np.exp(csat["ci_upper"])
print(f"Without the call, the odds of a higher CSAT are multiplied by "
      f"{np.exp(csat['estimate']):.2f} (95% interval {lo:.2f} to {hi:.2f}).")

# %%
hr = e.loc[("repurchase", "adjusted, same CSAT")]
naive = e.loc[("repurchase", "naive")]
print(f"Without the call, customers buy again at {np.exp(hr['estimate']):.2f} times the "
      f"rate (adjusted); the naive comparison says {np.exp(naive['estimate']):.2f}.")

# %% [markdown]
# The naive and the adjusted answers can differ a lot: a team lead who reads only the naive
# one overstates (or understates) what the call is worth. An interval that crosses 0 means
# the data cannot yet tell; more months of data, or a planned trial (session 04), can. And a
# 95% interval misses the truth in about one world in twenty: `docs/followup.md` shows the
# same analysis on ten other worlds.

# %% [markdown]
# ## 6 · A call-back plan (回访计划)
#
# Seed 002: *every customer is revisited in a cycle*. Take the complaints of the last month
# that were not called back. Each customer is called once (one call covers all their
# complaints), the most urgent first: high priority, then unsolved, then low CSAT, then the
# oldest. How many agents does a one-week cycle need?

# %%
last = complaints["received_at"].max() - pd.Timedelta(days=30)
due = complaints[(complaints["received_at"] > last) & ~complaints["followed_up"]]
plan = ck.callback_plan(due, world.surveys, n_agents=1, calls_per_agent_day=20, cycle_days=5)
print(plan.summary())

# %%
plan.plot();

# %%
cols = ["rank", "customer_id", "day", "date", "priority", "unresolved", "csat"]
ck.labelled(plan.table[cols].head(8), LOCALE)

# %% [markdown]
# If the plan says the cycle cannot cover everyone, change what you control: more agents on
# call-back days, more calls per agent, or a longer cycle. Try it:

# %%
two = ck.callback_plan(due, world.surveys, n_agents=plan.agents_needed,
                       calls_per_agent_day=20, cycle_days=5)
print(two.summary())

# %% [markdown]
# A small list written by hand shows the rules at work: customer B has two complaints, one
# already called back; C has no priority, so it waits behind every known one.

# %%
# NBVAL_CHECK_OUTPUT
mini = pd.DataFrame({"customer_id": ["A", "B", "B", "C", "D"],
                     "priority": ["low", "high", "low", None, "medium"],
                     "followed_up": ["N", "N", "Y", "N", "N"]})
small = ck.callback_plan(mini, calls_per_agent_day=2, cycle_days=1, start="2025-07-01",
                         locale=LOCALE)
shown = ck.labelled(small.table[["rank", "customer_id", "day", "priority"]], LOCALE)
print(shown.to_string(index=False))
print(small.summary())

# %% [markdown]
# ## 7 · By region and age (地区、年龄段)
#
# Seed 004 asks for complaints to be analysed by region and age. Are some customers called
# back less often?

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
res.plot(axes[0], kind="shares", by="region")
res.plot(axes[1], kind="shares", by="age_band")
fig.tight_layout()

# %% [markdown]
# Older customers may prefer a call to a questionnaire; a region where fewer are called may
# have a smaller team. Check the intervals before acting on a small difference.

# %% [markdown]
# ## What to take away
#
# - The follow-up call (回访) is the step dropped first: look at **who** is not called
#   (priority, team, channel, region, age) before asking for "more calls".
# - A **closed loop** (闭环) needs three things: solved, called, satisfied. The counts show
#   which one fails.
# - Judge the call's value on the **adjusted** comparison, not the naive one: the customers
#   we skip are not like the others.
# - A **call-back plan** (回访计划) turns "call everyone" into a number of agents and days.
#
# The exercise (`exercises/ex12-follow-up-call.ipynb`) asks you to find these yourself.
