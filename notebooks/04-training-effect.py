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
# # 04 · Did the training work? (培训效果评估)
#
# The training article among our sources (seed 001) lists the strategies of good complaint
# handling, and one of them is **training the staff in communication and emotion management**
# (沟通与情绪管理培训). The e-commerce report (seed 002) says how a complaint team is judged:
# first response time, average response time, resolution rate, average resolution time and
# customer satisfaction (the team's KPIs).
#
# Our synthetic online retailer ran such a programme (培训项目): from **1 July 2025** half of
# its 48 agents were trained. Six months later the manager asks the obvious question: *did it
# work?* Did trained agents answer faster, solve more at the first contact, satisfy more
# customers?
#
# It sounds like a comparison of two numbers. It is not, and this session shows why:
#
# 1. who was sent to the training, and why that matters;
# 2. the KPIs of trained and untrained agents month by month;
# 3. two **naive comparisons** (朴素比较), and what is wrong with each;
# 4. the **difference in differences** (双重差分, DiD): first as a 2×2 table, then as a model;
# 5. the **event study** (事件研究) and the check of **parallel trends** (平行趋势);
# 6. the estimate against the truth, the satisfaction outcome, and what DiD assumes.
#
# Our company is simulated, so the true effect of the training is known and every estimate can
# be held against it.

# %% [markdown]
# ## 1 · Setup
#
# `DATASET` is the one line to change to work on the Chinese company.

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
use_style(world.locale)

# %% [markdown]
# ## 2 · The programme and who was sent
#
# `world.agents` has one row per agent: team, tenure in years (工龄), whether the agent was
# trained (`trained`) and when (`trained_at`). Trainings are rarely handed out at random: a
# manager sends the people who *need* it, or who can be spared, or who volunteer. Here:

# %%
# NBVAL_CHECK_OUTPUT
agents = world.agents
print(agents.groupby("trained")["tenure_years"].agg(["size", "mean", "median"]).round(2))
print("programme date(s):", agents["trained_at"].dropna().dt.date.unique())

# %%
team_names = ck.labels(world.locale, "team")
rng = np.random.default_rng(4)
fig, ax = plt.subplots(figsize=(8, 3.2))
for team, g in agents.groupby("team", observed=True):
    y = g["trained"].astype(int) + rng.uniform(-0.15, 0.15, len(g))
    ax.scatter(g["tenure_years"], y, s=20, label=team_names[team])
means = agents.groupby("trained")["tenure_years"].mean()
ax.scatter(means, [0, 1], marker="|", s=600, color="black", label="group mean")
ax.set(yticks=[0, 1], yticklabels=["not trained", "trained"], xlabel="tenure (years)",
       title="Who was sent to the training: tenure of each agent", ylim=(-0.6, 1.6))
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, markerscale=0.6);

# %% [markdown]
# **The juniors went first.** Trained agents have about half the tenure of the others. Newer
# agents work differently from old hands (they may be faster on simple complaints and slower on
# hard ones), so trained and untrained agents differed *before* anybody was trained. And the
# teams differ too:

# %%
pd.crosstab(agents["team"].map(team_names), agents["trained"], margins=True)

# %% [markdown]
# **For discussion:** in your team, who would be sent first to a course on emotion management?
# How would those people differ from the others, before the course?

# %% [markdown]
# ## 3 · The KPIs of trained and untrained agents, month by month
#
# `ck.complaint_frame` with `agents=` gives one row per complaint with the handling agent's
# team, tenure and training flag. `ck.kpis(..., by="trained", freq="M")` computes the team's
# KPIs (seed 002) for each group and month, with 95% confidence intervals.

# %%
frame = ck.complaint_frame(world.complaints, world.surveys, agents=world.agents)
date = pd.Timestamp(world.agents["trained_at"].min())   # the programme date
monthly = ck.kpis(frame, by="trained", freq="M")
axes = monthly.plot(kpis=["first_response_median_hours", "first_contact_resolution_rate",
                          "survey_response_rate", "csat_mean"])
for ax in axes:
    ax.axvline(date, color="#c0392b", linestyle="--", linewidth=1)

# %% [markdown]
# The dashed line is the programme date. After it, the trained agents' median first response
# drops and their first-contact resolution rises. But look *before* the line too: the two groups
# were not equal to begin with (trained agents were already a little faster), and the untrained
# agents' times move as well over the year (queues change with the season). Reading the effect
# off this chart needs a method.

# %% [markdown]
# ## 4 · Two naive comparisons (朴素比较)
#
# First-response times are skewed (a few complaints wait days), so we compare them on the log
# scale: a difference of −0.3 in mean log hours means times about 26% shorter (e^−0.3 ≈ 0.74),
# whatever their level.

# %%
frame["log_hours"] = np.log(frame["hours_to_first_response"])
frame["after"] = frame["received_at"] >= date
after = frame[frame["after"]]
naive_after = (after.loc[after["trained"], "log_hours"].mean()
               - after.loc[~after["trained"], "log_hours"].mean())
trained = frame[frame["trained"]]
naive_before_after = (trained.loc[trained["after"], "log_hours"].mean()
                      - trained.loc[~trained["after"], "log_hours"].mean())
print(f"after only, trained - untrained:       {naive_after:+.3f} log-hours")
print(f"trained only, after - before:          {naive_before_after:+.3f} log-hours")

# %% [markdown]
# Both say "the training worked". Both are wrong, each in its own way:
#
# - **After only** (trained − untrained, after July): the two groups were never alike. Juniors,
#   other teams, other complaints. Any difference they had *before* the training is counted as
#   an effect of the training. This is **selection** (选择偏差): the comparison mixes the
#   training with who was sent.
# - **Before and after, trained only**: everything else that changed between the first and the
#   second half of the year (season, volumes, a new system, the agents' own learning) is counted
#   as an effect of the training. The untrained agents show what happened *anyway*.
#
# **For discussion:** a vendor shows you "after our course, response times fell 20%". Which of
# the two comparisons is that, most likely? What would you ask for?

# %% [markdown]
# ## 5 · Difference in differences (双重差分), by hand
#
# The idea fits in a 2×2 table of mean log hours: trained and untrained agents, before and
# after the programme date.
#
# - The **untrained** agents' change (after − before) is what happened anyway.
# - The **trained** agents' change is what happened anyway *plus* the training.
# - Their **difference** is the training: the difference of the two differences.
#
# Each group is compared with itself, so a fixed gap between the groups (juniors are just
# different) cancels; the change of the untrained removes what moved for everyone.

# %%
table = frame.pivot_table(index="trained", columns="after", values="log_hours", aggfunc="mean")
table.columns = ["before", "after"]
table["change"] = table["after"] - table["before"]
table.loc["trained - untrained"] = table.loc[True] - table.loc[False]
table.round(3)

# %%
did_by_hand = table.loc["trained - untrained", "change"]
print(f"difference in differences: {did_by_hand:+.3f} log-hours "
      f"= {100 * np.expm1(did_by_hand):+.0f}% first-response time")

# %% [markdown]
# The bottom-right cell is the difference in differences. It is much closer to the truth than
# either naive number (we will see the truth below). Still, it compares *all* complaints of the
# two groups: if trained agents work in teams whose queues changed differently, or got another
# mix of channels after July, that leaks in.

# %% [markdown]
# ## 6 · The model: `ck.training_effect`
#
# `ck.training_effect` does the same comparison with a regression that holds more fixed:
#
# - **agent fixed effects**: each agent is compared with themself (their tenure, their habits);
# - **team-by-week fixed effects**: trained and untrained agents are compared within the same
#   team and the same week, so a busy week or a slow queue affects both alike;
# - the complaint's **channel** and **priority** as controls;
# - standard errors **clustered by agent** (the complaints of one agent are not independent).

# %%
res = ck.training_effect(frame)   # first-response hours, on the log scale
print(res.summary())

# %%
res.table[["term", "estimate", "ci_lower", "ci_upper", "percent_change", "percent_ci_lower",
           "percent_ci_upper", "n_obs", "n_units"]].round(3)

# %% [markdown]
# The `did` row is the estimate; the `naive_after_only` row is the after-only comparison of
# section 4, for contrast: a different number, and a much wider interval.
#
# ### The event study (事件研究)
#
# One number hides the timing. The event study estimates the trained − untrained gap **month by
# month**, relative to June (the month before the programme, fixed at 0). Two things to read:
#
# - **before** the dashed line, the gaps should hover around 0: the two groups moved in
#   parallel (平行趋势) before the training;
# - **after** it, the gaps show the effect, and whether it lasts or fades.

# %%
res.plot(title="Trained - untrained gap in log first-response hours, by month");

# %%
res.pretrend

# %% [markdown]
# The **pre-trend test** asks whether all the months before the programme are zero together. A
# large p-value says: no sign that the groups were already drifting apart. It does not *prove*
# parallel trends (absence of evidence is not evidence of absence, and with few agents the test
# is weak), but a small p-value would be a warning to read the estimate with care.
#
# **For discussion:** the gap appears in July at full size and stays. What would you expect to
# see if the effect of the course faded after a few months? If agents had changed their work
# already in June, while waiting for the course?

# %% [markdown]
# ## 7 · Against the truth
#
# The scenario (`[training]` in `complaintkit/scenarios/ecommerce.toml`) shifts trained
# agents' log first-response hours by `response_log_mult` from the programme date. In percent,
# a shift of x in log hours is 100·(e^x − 1):

# %%
# NBVAL_CHECK_OUTPUT
truth = world.truth.value("training.response_log_mult")
did = res.table.set_index("term").loc["did"]
print(f"truth: {truth:+.2f} log-hours = {100 * np.expm1(truth):+.1f}%")
print(f"truth inside the 95% CI of the estimate: {did['ci_lower'] <= truth <= did['ci_upper']}")

# %%
rows = {"naive: after only": naive_after, "naive: trained before/after": naive_before_after,
        "DiD by hand (2x2)": did_by_hand, "training_effect (DiD)": did["estimate"]}
fig, ax = plt.subplots(figsize=(8, 3))
ax.barh(list(rows), [100 * np.expm1(v) for v in rows.values()], color="#4575b4")
ax.axvline(100 * np.expm1(truth), color="#a50026", linestyle="--", label="truth")
ax.set(xlabel="change in first-response time (%)",
       title="Four answers to 'did the training work?' against the truth")
ax.invert_yaxis()
ax.legend(loc="lower left");

# %% [markdown]
# The naive after-only comparison overstates the effect (the trained juniors were already
# faster); the before-after comparison understates it (queues got slower for everyone in the
# second half of the year, which it does not see). The difference in differences lands near the
# truth, and the model's 95% interval should hold it (about one time in twenty it will not).

# %% [markdown]
# ## 8 · Satisfaction (CSAT): only the respondents speak
#
# The course was about communication and emotion management, so satisfaction is the outcome a
# manager cares most about. CSAT comes from the follow-up survey (回访), and only about a third
# of the customers answer. **Who answers may change too**: look at the response rate, before and
# after, for the two groups.

# %%
frame.pivot_table(index="trained", columns="after", values="responded", aggfunc="mean").round(3)

# %% [markdown]
# CSAT is a score from 1 to 5, so it is analysed on its own scale (`log=False`): the estimate is
# in points. Complaints without an answer are left out, and `.notes` says how many.

# %%
csat = ck.training_effect(frame, outcome="csat_score", log=False)
print(csat.summary())
print(csat.notes[-1])

# %% [markdown]
# The trained agents' customers became more satisfied. The scenario's truth is not in CSAT
# points: the training raises the agents' *staff attitude* by `attitude_shift` standard
# deviations, which feeds into each customer's satisfaction with the handling, and their first
# contacts resolve more often (`fcr_log_odds`). The estimate is the sum of what reaches the
# respondents' CSAT.
#
# Two cautions. The estimate is about **respondents**, and the trained agents' customers answer
# the survey more often after the course: if the extra respondents are the happier ones, part of
# the rise is who answers, not how they feel (**non-response**, 无应答偏差). And with a third of
# the complaints the interval is much wider than for response times.
#
# **For discussion:** how would you check whether the survey's non-response differs between the
# groups in your own data? What could you do about it?

# %% [markdown]
# ## 9 · What DiD assumes, and what would break it
#
# Every estimate rests on assumptions the data cannot fully check. The result lists them:

# %%
for a in res.assumptions:
    print("-", a)

# %% [markdown]
# What would break them here:
#
# - **Parallel trends** (平行趋势): juniors learn fast in their first year. If the trained
#   juniors were getting faster month by month anyway, DiD would credit the course with their
#   learning. The event study's flat pre-period is the evidence against it.
# - **No anticipation**: agents who knew they would be trained in July might change in June, or
#   be slower while away on the course. Then the reference month is already affected.
# - **Composition**: if after the course the trained agents were given the harder complaints,
#   or if some juniors left and were replaced, the groups are no longer the same people doing the
#   same work. Agent fixed effects and the channel and priority controls help, not fully.
# - **No spill-over**: if trained agents coached their colleagues, the untrained improved too,
#   and DiD *understates* the effect.
# - **Nothing else changed at the same date for the same agents**: a new tool rolled out to the
#   same teams in July would be counted as training.
#
# A simple check of the method: pretend the programme happened on **1 April** and use only the
# months before July. There was no training then, so a good method should find nothing (a
# **placebo test**, 安慰剂检验):

# %%
before_july = frame[frame["received_at"] < date]
placebo = ck.training_effect(before_july, date="2025-04-01")
placebo.table.set_index("term").loc["did", ["estimate", "ci_lower", "ci_upper", "p_value"]]

# %% [markdown]
# The placebo estimate is close to 0 and its interval includes 0: before July, trained and
# untrained agents did not diverge at a made-up date.

# %% [markdown]
# ## 10 · Take-aways
#
# - **Trainings are not handed out at random** (here juniors first), so "trained vs untrained
#   after the course" mixes the course with who was sent (selection).
# - **Before vs after for the trained only** mixes the course with everything else that changed.
# - **Difference in differences** (双重差分) uses the untrained agents' change as what would
#   have happened anyway; a 2×2 table of means shows the idea, `ck.training_effect` adds agent
#   and team-by-week fixed effects, controls and honest standard errors.
# - **The event study** (事件研究) shows the effect month by month and the months before the
#   course; the **pre-trend test** looks for a gap that was growing already (平行趋势).
# - Here the estimate recovers the scenario's truth (about −26% first-response time), where the
#   naive comparisons over- and understate it.
# - **CSAT speaks for the respondents only**, and who responds can change with the course.
#
# ## Questions for discussion
#
# 1. Your company trains *everyone* on the same day. Can you still estimate the effect? What
#    would you need?
# 2. The course costs money and agent hours. Which numbers from this notebook would you put in
#    front of the budget holder, and which caveats?
# 3. If you could choose who goes first, how would you choose to make the evaluation easy?
#    (Think of a lottery, 随机分配, or of a staggered roll-out.)
# 4. Which KPI of seed 002 would you *not* trust to measure a course on emotion management, and
#    why?
#
# ## Your turn
#
# Open the exercise [`exercises/ex04-training-effect.ipynb`](../exercises/ex04-training-effect.ipynb)
# and compute the key numbers yourself: who was sent, the naive comparison, the 2×2 difference
# in differences, the model's estimate against the truth, the pre-trend verdict and the CSAT
# effect.
