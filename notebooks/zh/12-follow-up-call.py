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
# # 12 · 回访与闭环
#
# 六步里的最后一步是**回访**：投诉解决之后，有人给客户回电话，问问是否满意。
# 这也是团队一忙最先被省掉的一步。这一节问四个班组长能拿来行动的问题：
#
# 1. **谁被回访了，谁没有？** 按优先级、渠道、班组、地区和年龄段看。
# 2. **解决之后隔多久才回访？**
# 3. **有多少投诉做到了闭环？** 解决了、回访了、客户也满意了。
# 4. **回访值不值？** 没人回访时，满意度（CSAT）和再次购买会怎样；
#    再做一个**回访计划**，按种子文档 002 的要求，让每位客户在一个周期内都被回访一次。
#
# 下面每个数字都从数据表算出来，所以同样的单元格也能用在你们自己的数据上。

# %% [markdown]
# ## 1 · 准备
#
# `DATASET` 用来切换英文世界和中文世界。

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import complaintkit as ck
from complaintkit.plotting import use_style

# %%
DATASET = "ecommerce_zh"   # or "ecommerce_en"
world = ck.load_dataset(DATASET)
LOCALE = world.locale
use_style(LOCALE)
complaints = world.complaints
print(f"共 {len(complaints):,} 件投诉；{complaints['followed_up'].mean():.0%} 做了"
      "回访")

# %% [markdown]
# ## 2 · 谁被回访了
#
# `ck.followup` 读取投诉和满意度调查，以及客户（地区、年龄段、等级）和客服（班组）。
# 它的说明第一行写着用了多少件投诉。

# %%
res = ck.followup(complaints, world.surveys, customers=world.customers, agents=world.agents,
                  events=world.events, truth=world.truth, locale=LOCALE)
print(res.notes[0])
print(res.summary())

# %% [markdown]
# 下面是每组投诉中被回访的比例，细线是 95% 区间：两个区间不重叠时，差别就不是偶然的。

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
res.plot(axes[0], kind="shares", by="priority")
res.plot(axes[1], kind="shares", by="team")
fig.tight_layout()

# %% [markdown]
# 同样的内容做成表，每组一行：投诉多少件、回访了多少件、比例是多少。

# %%
shares = res.shares.query("by in ['priority', 'channel', 'team']").copy()
shares["level"] = [ck.labels(LOCALE, b).get(v, v) for b, v in zip(shares["by"], shares["level"])]
ck.labelled(shares.set_index(["by", "level"])[["n", "followed_up", "share"]].round(3), LOCALE)

# %% [markdown]
# 给班组长的问题：哪个优先级回访得最少？这是某个班组的习惯（辅导这个班组），
# 还是某个渠道的问题（这个渠道的工具会不会提醒客服回访）？
# 低优先级的投诉对我们来说是小事，对客户不是。

# %% [markdown]
# ## 3 · 解决之后隔多久回访？（回访时效）
#
# 从解决到回访的天数：**中位数**代表一般的投诉，**p90** 代表最慢的那十分之一。

# %%
days = res.timing.query("by in ['all', 'priority']")
table = days.pivot(index="level", columns="stat", values="days").round(1)
ck.labelled(table, LOCALE, columns={"level": "priority"})

# %%
res.plot(kind="timing", by="priority");

# %% [markdown]
# 隔了一周才打的电话，客户早就翻篇了。如果最慢的十分之一（p90）拖得很长，
# 就定一条规矩（"两个工作日内回访"），下个月在这里再查一次。

# %% [markdown]
# ## 4 · 闭环
#
# 一件投诉要同时满足三条，才算**闭环**：
#
# - 已经**解决**；
# - 已经**回访**；
# - 客户填了满意度调查的话，答案**确认满意**（CSAT 4 分或 5 分）。
#   客户没填调查的，只要解决了、回访了，也算闭环。
#
# 下表给出闭环率，以及三条里卡在哪一条。

# %%
loop = res.closed_loop.query("by in ['all', 'team']")
cols = ["by", "level", "n", "resolved", "followed_up", "unsatisfied", "closed", "share"]
ck.labelled(loop[cols].round(3), LOCALE, columns={"level": "team"})

# %%
res.plot(kind="closed_loop", by="priority");

# %% [markdown]
# 从左往右读这几个数：没解决的投诉、没回访的投诉、说不满意的客户。
# 每一种的改法都不一样：改方案、补回访，或者改回访电话里说的话。

# %% [markdown]
# ## 5 · 回访值不值？（回访的价值）
#
# 把被回访的客户和没被回访的客户作比较。**直接比较**是不公平的：最常被省掉回访的，
# 是低优先级的投诉和新客户，这些人本来就可能没那么满意、买得也少。
# **调整后的比较**是同类跟同类比（同样的优先级、渠道、班组和客户等级）。
# 我们的世界是模拟出来的，所以真实效果是已知的：就列在估计值旁边。

# %%
effects = res.table[["outcome", "model", "estimate", "ci_lower", "ci_upper", "truth", "n"]]
ck.labelled(effects.round(2), LOCALE)

# %%
res.plot(kind="effects");

# %% [markdown]
# 怎么读：数值小于 0，表示**没有回访**时，客户更不满意（CSAT），
# 或者隔更久才再次购买（复购）。用大白话说：

# %%
e = res.table.set_index(["outcome", "model"])
csat = e.loc[("csat", "adjusted")]
lo, hi = np.exp(csat["ci_lower"]), np.exp(csat["ci_upper"])
print(f"没有回访时，客户给出更高满意度的机会变为原来的 "
      f"{np.exp(csat['estimate']):.2f} 倍（95% 区间 {lo:.2f} 到 {hi:.2f}）。")

# %%
hr = e.loc[("repurchase", "adjusted, same CSAT")]
naive = e.loc[("repurchase", "naive")]
print(f"没有回访时，客户再次购买的速度是原来的 {np.exp(hr['estimate']):.2f} 倍"
      f"（调整后）；直接比较得出的是 {np.exp(naive['estimate']):.2f} 倍。")

# %% [markdown]
# 直接比较和调整后的比较，结果可能差很多：只看直接比较的班组长，会高估（或低估）回访的价值。
# 区间跨过 0，说明数据还说不清楚；再多几个月的数据，或者做一次有计划的试点（第 04 节），就能说清。
# 另外，95% 区间大约每二十个世界里会有一个没罩住真实值：`docs/followup.md`
# 在另外十个世界上做了同样的分析。

# %% [markdown]
# ## 6 · 回访计划
#
# 种子文档 002：*每位客户都要在一个周期内被回访*。取上个月没有回访的投诉。
# 每位客户只打一次电话（一通电话覆盖他所有的投诉），最急的先打：
# 先高优先级，再未解决的，再满意度低的，最后按时间从早到晚。一周的周期需要几位客服？

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
# 如果计划说这个周期覆盖不了所有人，就调整你能控制的：回访那几天多排几个人、
# 每人每天多打几通，或者把周期拉长。试一试：

# %%
two = ck.callback_plan(due, world.surveys, n_agents=plan.agents_needed,
                       calls_per_agent_day=20, cycle_days=5)
print(two.summary())

# %% [markdown]
# 手工写的一个小名单，看规则怎么起作用：客户 B 有两件投诉，其中一件已经回访过；
# C 没有优先级，所以排在所有已知优先级的客户后面。

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
# ## 7 · 按地区和年龄段
#
# 种子文档 004 要求按地区和年龄分析投诉。是不是有些客户被回访得更少？

# %%
fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
res.plot(axes[0], kind="shares", by="region")
res.plot(axes[1], kind="shares", by="age_band")
fig.tight_layout()

# %% [markdown]
# 年长的客户可能更愿意接电话而不是填问卷；回访少的地区，可能是那边的团队人少。
# 差别不大时，先看区间再行动。

# %% [markdown]
# ## 本节要点
#
# - 回访是最先被省掉的一步：先看**谁**没被回访（优先级、班组、渠道、地区、年龄），
#   再去要求"多打电话"。
# - **闭环**要三条都做到：解决了、回访了、满意了。几个数一看就知道卡在哪一条。
# - 判断回访的价值，看**调整后的比较**，不要看直接比较：被我们漏掉回访的客户，和别的客户不一样。
# - **回访计划**把"每个人都要回访"变成需要几位客服、几天。
#
# 练习（`exercises/ex12-follow-up-call.ipynb`）请你自己把这些找出来。
