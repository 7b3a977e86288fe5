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
# # Exercise 10 · The six steps in our own event log (六步)
#
# Six tasks on the event log (事件日志) of a year of complaints: the usual path, the steps
# that are skipped, the complaints that come back (重开), the time to confirm the customer's
# demand (确认诉求), a ticket system's own status history, and the cost of a hand-off (转交). After each task, run the
# `ex.check(...)` cell: it tells you what is right and, if something is not right yet, what to
# look at again. Replace every `...` with your answer.
#
# The session notebook `notebooks/10-six-steps.ipynb` shows the method; here you do it
# yourself. The six steps (seed 001): receive 受理 → confirm 确认诉求 → analyse 分析原因 →
# propose 提出方案 → implement 实施 → follow up 回访.

# %%
import pandas as pd

import complaintkit as ck

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
complaints, events = world.complaints, world.events
ex = ck.exercises.start("10", dataset=DATASET)

# %% [markdown]
# ## Task 1 · The usual path (路径)
#
# A complaint's path is its events in order of time. What **share** of the complaints follow
# the most common path?

# %%
res = ck.process(events, complaints=complaints, agents=world.agents)  # SOLUTION
share = res.variants["share"].iloc[0]  # SOLUTION
ex.check(1, share)

# %% [markdown]
# ## Task 2 · Which step is skipped (流程符合度)
#
# For each of the six steps, the **share of complaints with no event of that step**: one
# share per step (`receive`, `confirm`, `analyse`, `propose`, `implement`, `follow_up`).

# %%
skipped = res.table.query("measure == 'skipped'").set_index("step")["share"]  # SOLUTION
ex.check(2, skipped)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* ask which skips are fine (analyse, for a complaint solved at the first
# contact) and which are not (confirm, follow-up). Then split by team or channel with `by=`.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 3 · Complaints that come back (重开), by team
#
# A reopen loop is a return to a step already done. For each team (`phone`, `digital`,
# `escalation`), the **share of its complaints** with at least one loop. The team comes from
# the agents table (`agents=world.agents`).

# %%
by_team = ck.process(events, by="team", complaints=complaints, agents=world.agents)  # SOLUTION
reopened = by_team.loops.set_index("team")["share"]  # SOLUTION
ex.check(3, reopened)

# %% [markdown]
# ## Task 4 · Hours to confirm the demand (确认诉求), by priority
#
# For each priority (`low`, `medium`, `high`), the **median hours** from receiving a complaint
# to confirming its content and demand.

# %%
# BEGIN SOLUTION
by_priority = ck.process(events, by="priority", complaints=complaints)
t = by_priority.times.query("step == 'confirm' and measure == 'hours_to_step'")
# END SOLUTION
hours = t.query("stat == 'median'").set_index("priority")["value"]  # SOLUTION
ex.check(4, hours)

# %% [markdown]
# Is a high-priority complaint confirmed first? Look at the 90th percentile (`stat == 'p90'`)
# too: the customers who wait longest.

# %% [markdown]
# ## Task 5 · A ticket system's own status history
#
# A partner sends the status history of five tickets. Their statuses: `New` (receive),
# `Confirmed` (confirm), `Solved` (implement), `Call-back done` (the follow-up call, 回访);
# `Waiting for customer` and `Closed` are **no step** (closing a ticket is not a call-back).
# Which tickets got **no follow-up call**? Give their ids as a list.

# %%
rows = [("T1", "New", "2025-05-01 09:00"), ("T1", "Confirmed", "2025-05-01 09:30"),
        ("T1", "Solved", "2025-05-02 10:00"), ("T1", "Call-back done", "2025-05-04 11:00"),
        ("T1", "Closed", "2025-05-04 11:05"), ("T2", "New", "2025-05-01 10:00"),
        ("T2", "Solved", "2025-05-01 10:20"), ("T2", "Closed", "2025-05-01 10:25"),
        ("T3", "New", "2025-05-02 08:00"), ("T3", "Confirmed", "2025-05-02 08:10"),
        ("T3", "Solved", "2025-05-03 16:00"), ("T3", "Call-back done", None),
        ("T3", "Closed", "2025-05-06 09:00")]

# %%
rows += [("T4", "New", "2025-05-02 12:00"), ("T4", "Confirmed", "2025-05-02 12:30"),
         ("T4", "Waiting for customer", "2025-05-03 09:00"), ("T4", "Solved", "2025-05-05 14:00"),
         ("T4", "Call-back done", "2025-05-07 10:00"), ("T4", "Call-back done", "2025-05-07 10:00"),
         ("T4", "Closed", "2025-05-07 10:10"), ("T5", "New", "2025-05-03 09:00"),
         ("T5", "Confirmed", "2025-05-03 09:20"), ("T5", "Closed", "2025-05-03 09:30")]

# %%
log = pd.DataFrame(rows, columns=["ticket", "status", "time"])
log["time"] = pd.to_datetime(log["time"])
# BEGIN SOLUTION
STATUS = {"New": "receive", "Confirmed": "confirm", "Solved": "implement",
          "Call-back done": "follow_up", "Closed": None, "Waiting for customer": None}
mine = ck.process(log, case="ticket", activity="status", time="time", order=None,
                  agent=None, steps=STATUS)
# END SOLUTION
c = mine.cases  # SOLUTION
no_call = c.loc[c["skipped"].str.contains("follow_up"), "case"].tolist()  # SOLUTION
ex.check(5, no_call)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the usual slip is T3, whose call-back has no time: counted by hand it looks
# done. Ask what a team lead would do with it (ask the system's owner; until then, not done).
# Look at `mine.problems` together: the duplicate in T4 and the untimed row in T3.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 6 · Hand-offs (转交)
#
# Back to the world's log (task 1's result). A complaint that passes to another agent waits,
# and the customer tells the story again. How many **more hours** (median, from the first to
# the last event) does a complaint that changed hands at least once take than one that never
# did? Give the difference: with hand-offs minus without.

# %%
# BEGIN SOLUTION
hours = res.cases.groupby(res.cases["handoffs"] > 0)["hours_total"].median()
# END SOLUTION
extra = hours[True] - hours[False]  # SOLUTION
ex.check(6, extra)

# %% [markdown]
# ## To go further
#
# Split task 2 by channel and by priority (`by="channel"`), and by the customers' region and
# age band (seed 004): merge `world.customers[["customer_id", "region", "age_band"]]` into
# the complaints and pass them as `complaints=`. Where would you coach first?
