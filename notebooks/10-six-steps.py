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
# # 10 · The six steps in our own event log (六步)
#
# Every complaint should pass through the six steps of handling (投诉处理六步, seed 001):
#
# | step | what the agent does |
# |---|---|
# | **receive** 受理 | take the complaint on any channel |
# | **confirm** 确认诉求 | confirm what happened and what the customer wants |
# | **analyse** 分析原因 | find the cause (product, service, logistics ...) |
# | **propose** 提出方案 | offer a solution |
# | **implement** 实施 | carry it out |
# | **follow up** 回访 | call back: is the customer satisfied? |
#
# Our ticket system writes down every status a complaint passes through: the **event log**
# (事件日志). This session reads it the way a team lead would and asks *where do our complaints
# leave the six steps?* Which step is skipped, by which team, channel and priority; which
# complaints come back (重开); how often a complaint passes from one agent to another (转交);
# and where the time goes. Every number below is computed from the log, so the same cells work
# on your own data.

# %% [markdown]
# ## 1 · Setup
#
# `DATASET` switches between the English world and the Chinese one.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

import complaintkit as ck
from complaintkit.plotting import use_style

# %%
DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
LOCALE = world.locale
use_style(LOCALE)
complaints, events = world.complaints, world.events
print(f"{len(complaints):,} complaints, {len(events):,} events in the log")

# %% [markdown]
# ## 2 · One complaint's history
#
# Before counting, read one complaint's log from top to bottom: each row is a status, with
# its time and the agent who held the complaint.

# %%
ck.labelled(events[events["complaint_id"] == complaints["complaint_id"].iloc[1]], LOCALE)

# %% [markdown]
# The log speaks in event codes. The kit knows which step each one belongs to (a status with
# no step, such as a customer chasing, maps to `None`). We give the events the names of our
# own language, and the step table the same names, so every chart below reads in it.

# %%
EVENT = ck.labels(LOCALE, "event")
named = events.assign(event=events["event"].map(lambda e: EVENT.get(e, e)))
STEPS = {EVENT.get(code, code): step for code, step in ck.analysis.STEPS.items()}
SIX = list(ck.analysis.SIX_STEPS)
STEP = dict(zip(SIX, ["受理 receive", "确认诉求 confirm", "分析原因 analyse",
                      "提出方案 propose", "实施 implement", "回访 follow-up"]))
pd.Series(STEPS, name="step").map(STEP).fillna("(no step)").to_frame()

# %% [markdown]
# ## 3 · The usual path and its variants (路径)
#
# A complaint's **path** is its events in order of time. `ck.process` finds the most common
# paths and how many complaints follow each one (with a 95% interval).

# %%
res = ck.process(named, steps=STEPS, complaints=complaints, agents=world.agents)
print(res.summary())

# %%
ax = res.plot(kind="variants")
ax.set_xlabel("share of complaints that follow the path");


# %% [markdown]
# Read the longest bars first: the usual path is the team's habit. Then read the short ones:
# each is a way to leave the six steps. A path without a confirmation, without a follow-up, or
# with a step repeated is worth a look at a few real complaints.

# %% [markdown]
# ## 4 · Which step is skipped (流程符合度), by team, channel and priority
#
# For each step, the share of complaints with **no event of that step**. Some skips are
# fine (a complaint solved at the first contact needs no separate analysis); others are not
# (no confirmation of the demand, no follow-up call). The helper below gives one row per group
# and one column per step, in % of the group's complaints.

# %%
def skipped_by(by, frame=complaints):
    """% of complaints that skip each step, one row per group (labels, not codes)."""
    r = ck.process(named, steps=STEPS, by=by, complaints=frame, agents=world.agents)
    t = r.table.query("measure == 'skipped'").pivot(index=by, columns="step", values="share")
    t = t.reindex(r.table[by].unique())[SIX].rename(columns=STEP).mul(100).round(1)
    return ck.labelled(t, LOCALE)


by_team = skipped_by("team")
by_team

# %%
ax = by_team.plot.bar(figsize=(8, 4), rot=0)
ax.set_ylabel("% of complaints that skipped the step")
ax.set_xlabel("team")
ax.set_title("Which step does each team skip?")
ax.legend(fontsize=7, ncols=2);

# %%
skipped_by("channel")

# %%
skipped_by("priority")

# %% [markdown]
# Questions for the team lead: is a skipped step the same everywhere, or one team's or one
# channel's habit? Does a high-priority complaint get every step? A skip that follows one
# channel is a tool problem (the channel has no place to record it); one that follows one team
# is a habit to coach.

# %% [markdown]
# ## 5 · Complaints that come back (重开)
#
# A **reopen loop** is a return to a step already done: the customer comes back after the
# complaint was resolved. Which complaints loop, and did we confirm their demand first?

# %%
ck.labelled(res.loops, LOCALE)

# %%
cases = res.cases.set_index("case")
confirmed = ~cases["skipped"].str.contains("confirm")
demand = confirmed.map({True: "demand confirmed 确认诉求",
                        False: "not confirmed 未确认"}).rename("demand")
shown = cases.groupby(demand)["loops"].agg(complaints="size", reopened=lambda x: (x > 0).mean())
ck.labelled(shown, LOCALE)

# %% [markdown]
# Compare the two rows (when your log has both): if complaints whose demand was never
# confirmed come back more often, the confirmation is not a formality. Reading the table is a
# comparison, not yet a proof: those complaints may differ in other ways too (session 02 shows
# how to adjust).

# %% [markdown]
# ## 6 · Hand-offs (转交)
#
# Each time a complaint passes to another agent, the customer waits and tells the story again.
# `res.handoffs` counts changes of agent (and of team) in each complaint's log.

# %%
ck.labelled(res.handoffs, LOCALE)

# %%
passes = cases["handoffs"].clip(upper=3).map(lambda k: f"{k}+" if k == 3 else str(k))
shown = cases.groupby(passes)["hours_total"].agg(complaints="size", median_hours="median")
ck.labelled(shown.round(1), LOCALE)

# %% [markdown]
# Read the median hours from the first to the last event against the number of hand-offs. If
# every hand-off adds a day, fewer transfers (or a better first routing) is faster for the
# customer than more agents.

# %% [markdown]
# ## 7 · Where the time goes (各步用时)
#
# Hours spent **in** each step: from the step's first event to the next step's. The median
# is the usual complaint; the 90th percentile (p90) is the slow one in ten.

# %%
t = res.times.query("measure == 'hours_in_step'")
in_step = t.pivot(index="step", columns="stat", values="value").reindex(SIX).rename(index=STEP)
in_step = in_step.dropna(how="all")   # the follow-up call is the last step: no time "in" it
ck.labelled(in_step.round(1), LOCALE)

# %%
ax = in_step[["median", "p90"]].plot.barh(figsize=(8, 3.5))
ax.invert_yaxis()
ax.set_xlabel("hours in the step")
ax.set_ylabel("")
ax.set_title("Where the time goes: median and slowest tenth (p90)");

# %% [markdown]
# A step with a short median but a long p90 is where a few complaints get stuck: pull those
# complaints and read them (`cases.sort_values("hours_total").tail()`). The hours in
# "implement" run from the solution to the follow-up call: the wait before we call back.

# %% [markdown]
# ## 8 · The process map (流程图)
#
# All of it in one picture: each box is a status with its number of events, each arrow a move
# from one status to the next with its count and median hours. Red arrows go **back** to an
# earlier step (loops). Moves made by fewer than 1% of complaints are hidden.

# %%
res.plot(kind="map");

# %% [markdown]
# Does the log tell the same story as the complaint records? In this world each complaint also
# records whether its demand was confirmed, whether the follow-up call was made, its hand-offs
# and whether it was reopened. With your own data, make the same check on a sample by hand.

# %%
# NBVAL_CHECK_OUTPUT
records = complaints.set_index("complaint_id").reindex(cases.index)
skips = cases["skipped"]
same = {"demand confirmed": (~skips.str.contains("confirm") == records["confirmed"]).all(),
        "follow-up call made": (~skips.str.contains("follow_up") == records["followed_up"]).all(),
        "hand-offs": (cases["handoffs"] == records["handoffs"]).all(),
        "reopened": ((cases["loops"] > 0) == records["reopened"]).all()}
for what, ok in same.items():
    print(f"the log agrees with the complaint records on {what}: {ok}")

# %% [markdown]
# ## 9 · By region and age (地区、年龄段)
#
# Seed 004 asks for complaints to be analysed by region and by age. Do some customers more
# often miss a step (a follow-up call nobody answers, a demand never confirmed)?

# %%
people = complaints.merge(world.customers[["customer_id", "region", "age_band"]],
                          on="customer_id", how="left")
skipped_by("region", people)

# %%
skipped_by("age_band", people)

# %% [markdown]
# Small differences between regions or age bands are often noise: `res.table` gives each
# share with its interval (`ci_lower`, `ci_upper`). Act on a difference that is large and
# whose intervals do not overlap.

# %% [markdown]
# ## 10 · Your own ticket system's status history
#
# A real ticket system has its own statuses and a messy export: missing times, the same event
# twice, a status nobody mapped, a row without a ticket. Below is a tiny hand-made history of
# three tickets with all of these.

# %%
rows = [("K1", "New", "2025-03-01 09:00"), ("K1", "Open", "2025-03-01 09:40"),
        ("K1", "Solved", "2025-03-02 15:00"), ("K1", "Survey sent", "2025-03-05 10:00"),
        ("K2", "New", "2025-03-01 11:00"), ("K2", "Solved", "2025-03-01 11:30"),
        ("K2", "Solved", "2025-03-01 11:30"), ("K2", "Closed", "2025-03-03 09:00"),
        ("K3", "New", "2025-03-02 08:00"), ("K3", "Open", None),
        ("K3", "Pending vendor", "2025-03-02 12:00"), (None, "Open", "2025-03-02 13:00")]
log = pd.DataFrame(rows, columns=["ticket", "status", "time"])
log["time"] = pd.to_datetime(log["time"])

# %% [markdown]
# Tell the kit which of your statuses belongs to which step with `steps=`. A status the
# table leaves out is kept in the paths, reported, and left out of the conformance.

# %%
# NBVAL_CHECK_OUTPUT
STATUS = {"New": "receive", "Open": "confirm", "Solved": "implement",
          "Survey sent": "follow_up", "Closed": "follow_up"}
mine = ck.process(log, case="ticket", activity="status", time="time", order=None,
                  agent=None, steps=STATUS, locale=LOCALE)
print(mine.notes[0])
NAMES = ck.labels(LOCALE, "process_step")
for c in mine.cases.itertuples():
    skipped = ", ".join(NAMES.get(step, step) for step in c.skipped.split(", "))
    print(f"{c.case}: {c.variant}  | skipped: {skipped}")

# %%
ck.labelled(mine.problems[["problem", "case", "row", "activity", "action"]], LOCALE)

# %% [markdown]
# Nothing is dropped in silence: every row left out or kept with a doubt is named, with what
# was done about it. Fix what you can at the source (why does K3's "Open" have no time?), and
# read the rest of the analysis knowing what was left out.

# %% [markdown]
# ## What to take away
#
# - The **usual path** is the team's habit; the other paths are where complaints leave the six
#   steps (六步). Read a few of each.
# - A **skipped step** that follows one team is a habit to coach; one that follows a channel is
#   a tool to fix. Confirming the demand (确认诉求) and the follow-up call (回访) are the two
#   steps a hurried agent drops.
# - **Reopen loops** (重开) and **hand-offs** (转交) cost the customer time: compare their
#   hours, then decide where to act.
# - Your own ticket system's history works the same way with `steps=`; its problems are named,
#   never dropped.
#
# The exercise (`exercises/ex10-six-steps.ipynb`) asks you to find these yourself.
