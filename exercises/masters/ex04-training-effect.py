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
# # Exercise 04 · Did the training work? (培训效果评估)
#
# Five tasks and an optional sixth on the evaluation of the July training programme (培训): who
# was sent, the naive after-only comparison, the difference in differences (双重差分) by hand,
# the model's estimate against the truth, the check of parallel trends (平行趋势) and, optionally,
# the effect on satisfaction (CSAT). After each task, run the `ex.check(...)` cell: it tells you
# what is right and, if something is not right yet, what to look at again. Replace every `...`
# with your answer.
#
# The session notebook `notebooks/04-training-effect.ipynb` shows the method; here you do it
# yourself.

# %%
import numpy as np
import pandas as pd

import complaintkit as ck

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
frame = ck.complaint_frame(world.complaints, world.surveys, agents=world.agents)
date = pd.Timestamp(world.agents["trained_at"].min())   # the programme date
ex = ck.exercises.start("04", dataset=DATASET)

# %% [markdown]
# `world.agents` has one row per agent (`team`, `tenure_years`, `trained`, `trained_at`).
# `frame` has one row per complaint with the handling agent's columns joined, the hours to the
# first response (`hours_to_first_response`) and, for customers who answered the survey,
# `csat_score`. The programme date is `date`.

# %%
print("programme date:", date.date())
frame[["received_at", "agent_id", "team", "tenure_years", "trained",
       "hours_to_first_response", "csat_score"]].head()

# %% [markdown]
# ## Task 1 · Who was sent?
#
# What is the **mean tenure** (`tenure_years`) of trained and of untrained agents? Average over
# the **agents** (`world.agents`, one row per agent), not over complaints. Give a Series (or a
# dict) indexed by `trained`.

# %%
tenure = world.agents.groupby("trained")["tenure_years"].mean()  # SOLUTION
ex.check(1, tenure)

# %% [markdown]
# ## Task 2 · The naive comparison after the training
#
# First-response times are skewed, so we compare **mean log hours**. Add the columns
# `log_hours` (`np.log` of `hours_to_first_response`) and `after` (received on or after `date`).
# Among the complaints received **after** the programme date, what is the difference in mean
# log hours, **trained − untrained**? One number (negative = trained agents faster).

# %%
frame["log_hours"] = np.log(frame["hours_to_first_response"])
frame["after"] = frame["received_at"] >= date
after = frame[frame["after"]]  # SOLUTION
means_after = after.groupby("trained")["log_hours"].mean()  # SOLUTION
naive_after = means_after[True] - means_after[False]  # SOLUTION
ex.check(2, naive_after)

# %% [markdown]
# ## Task 3 · Difference in differences (双重差分) by hand
#
# Make the 2×2 table of mean `log_hours`: trained and untrained agents (rows), before and after
# the programme date (columns). The difference in differences is
#
# (trained after − trained before) − (untrained after − untrained before).
#
# Give it in log hours.
#
# *Hint:* `frame.pivot_table(index="trained", columns="after", values="log_hours",
# aggfunc="mean")`.

# %%
table = frame.pivot_table("log_hours", index="trained", columns="after", aggfunc="mean")  # SOLUTION
table

# %%
# BEGIN SOLUTION
trained_change = table.loc[True, True] - table.loc[True, False]
untrained_change = table.loc[False, True] - table.loc[False, False]
# END SOLUTION
did_by_hand = trained_change - untrained_change  # SOLUTION
ex.check(3, did_by_hand)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the two usual answers are the after-only gap (task 2 again) and the trained
# agents' before-after change. The check names each: the first ignores that the groups differed
# before (juniors were sent first), the second ignores what happened anyway (the untrained
# agents got slower over the year). Ask the room which way each one errs, and why.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 4 · The model's estimate, against the truth
#
# `ck.training_effect(frame)` fits the difference in differences with agent and team-by-week
# fixed effects (it takes a few seconds). What is its estimate as a **percent change** of the
# first-response time, with its 95% CI? Give three numbers, `(percent_change, percent_ci_lower,
# percent_ci_upper)`, from the `did` row of `res.table` (or just the percent change).

# %%
res = ck.training_effect(frame)
res.table

# %%
row = res.table.set_index("term").loc["did"]  # SOLUTION
effect = (row["percent_change"], row["percent_ci_lower"], row["percent_ci_upper"])  # SOLUTION
ex.check(4, effect)

# %% [markdown]
# Our company is simulated: the scenario shifts trained agents' log first-response hours by
# `training.response_log_mult`. In percent that is 100·(e^x − 1). Is it inside your interval?

# %%
truth = world.truth.value("training.response_log_mult")
print(f"truth: {truth:+.2f} log-hours = {100 * np.expm1(truth):+.1f}%")

# %% [markdown]
# ## Task 5 · Parallel trends (平行趋势)
#
# Look at the event study (`res.plot()`) and the pre-trend test (`res.pretrend`). Is there
# **evidence of a pre-trend**, i.e. were trained and untrained agents already drifting apart
# before the programme? Answer `"yes"` or `"no"` (use the 5% level).

# %%
ax = res.plot()
res.pretrend

# %%
pre_trend = "yes" if res.pretrend_p_value < 0.05 else "no"  # SOLUTION
ex.check(5, pre_trend)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* a "no" here is not proof of parallel trends. Ask what could still break the
# estimate: anticipation (agents waiting for the course), composition (trained agents given other
# complaints afterwards), spill-over (trained agents coaching colleagues).
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 6 (optional) · Satisfaction (CSAT)
#
# CSAT is known only for customers who answered the follow-up survey. Estimate the training's
# effect on CSAT with `ck.training_effect(frame, outcome="csat_score", log=False)` (a score is
# analysed on its own scale) and give the `did` estimate, in points. Then compare the survey
# response rate of the two groups before and after: what could that do to the estimate?

# %%
csat = ck.training_effect(frame, outcome="csat_score", log=False)  # SOLUTION
csat_effect = csat.table.set_index("term").loc["did", "estimate"]  # SOLUTION
ex.check(6, csat_effect)

# %%
frame.pivot_table(index="trained", columns="after", values="responded", aggfunc="mean")

# %% [markdown]
# ## Afterwards
#
# - Run the same analysis on `hours_to_resolution` (`ck.training_effect(frame,
#   outcome="hours_to_resolution")`). Did the course shorten resolutions too?
# - A placebo test: keep only the complaints before `date` and pretend the programme happened on
#   1 April (`date="2025-04-01"`). What should the estimate be? What is it?
