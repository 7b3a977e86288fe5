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
# # 10 · 六步处理：看我们自己的事件日志
#
# 每一件投诉都应该走完投诉处理六步（种子文档 001）：
#
# | 步骤 | 客服做什么 |
# |---|---|
# | **受理** | 从任何渠道接下投诉 |
# | **确认诉求** | 弄清发生了什么、客户要什么 |
# | **分析原因** | 找到原因（产品、服务、物流……） |
# | **提出方案** | 给出解决方案 |
# | **实施** | 把方案落实 |
# | **回访** | 回电话：客户满意了吗？ |
#
# 工单系统会记下每件投诉经过的每一个状态，这就是**事件日志**。
# 这一节像班组长一样读日志，问一个问题：*我们的投诉在哪里偏离了六步？*
# 哪一步被跳过，是哪个班组、哪个渠道、哪个优先级；哪些投诉又回来了（重开）；
# 一件投诉在客服之间转了几手（转交）；时间都花在哪里。
# 下面每个数字都从日志算出来，所以同样的单元格也能用在你们自己的数据上。

# %% [markdown]
# ## 1 · 准备
#
# `DATASET` 用来切换英文世界和中文世界。

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

import complaintkit as ck
from complaintkit.plotting import use_style

# %%
DATASET = "ecommerce_zh"   # or "ecommerce_en"
world = ck.load_dataset(DATASET)
LOCALE = world.locale
use_style(LOCALE)
complaints, events = world.complaints, world.events
print(f"日志里有 {len(complaints):,} 件投诉、{len(events):,} 个事件")

# %% [markdown]
# ## 2 · 先看一件投诉的经过
#
# 先别急着统计，从上到下读一件投诉的日志：每一行是一个状态，带着时间和当时经手的客服。

# %%
ck.labelled(events[events["complaint_id"] == complaints["complaint_id"].iloc[1]], LOCALE)

# %% [markdown]
# 日志里写的是事件代码。工具包知道每个代码属于哪一步（不属于任何一步的状态，
# 比如客户催单，对应 `None`）。我们把事件换成中文名称，步骤表也用同样的名称，
# 下面的图表就都是中文的了。

# %%
EVENT = ck.labels(LOCALE, "event")
named = events.assign(event=events["event"].map(lambda e: EVENT.get(e, e)))
STEPS = {EVENT.get(code, code): step for code, step in ck.analysis.STEPS.items()}
SIX = list(ck.analysis.SIX_STEPS)
STEP = dict(zip(SIX, ["受理", "确认诉求", "分析原因",
                      "提出方案", "实施", "回访"]))
pd.Series(STEPS, name="步骤").map(STEP).fillna("（不属于任何一步）").to_frame()

# %% [markdown]
# ## 3 · 常见路径和它的变体
#
# 一件投诉的**路径**，就是它按时间先后经过的事件。`ck.process` 找出最常见的几条路径，
# 以及每条路径有多少投诉在走（带 95% 区间）。

# %%
res = ck.process(named, steps=STEPS, complaints=complaints, agents=world.agents)
print(res.summary())

# %%
ax = res.plot(kind="variants")
ax.set_xlabel("走这条路径的投诉占比");


# %% [markdown]
# 先看最长的几根条：最常见的路径就是团队的习惯。再看短的：每一根都是偏离六步的一种走法。
# 没有确认诉求、没有回访、或者某一步重复了的路径，值得挑几件真实投诉看一看。

# %% [markdown]
# ## 4 · 哪一步被跳过（流程符合度）：按班组、渠道、优先级
#
# 对每一步，算出**没有这一步任何事件**的投诉占多少。有些跳过没问题
# （第一次接触就解决了的投诉，不需要单独分析原因）；有些就不行
# （没有确认诉求、没有回访）。下面这个小函数每个分组给一行、每一步给一列，
# 单位是该组投诉的百分比。

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
ax.set_ylabel("跳过该步的投诉占比（%）")
ax.set_xlabel("班组")
ax.set_title("各班组跳过了哪一步？")
ax.legend(fontsize=7, ncols=2);

# %%
skipped_by("channel")

# %%
skipped_by("priority")

# %% [markdown]
# 给班组长的问题：某一步被跳过，是各处都一样，还是某个班组、某个渠道特有的？
# 高优先级的投诉每一步都做到了吗？跟着渠道走的跳过，是工具问题（这个渠道没有地方记录）；
# 跟着班组走的跳过，是习惯问题，要辅导。

# %% [markdown]
# ## 5 · 又回来的投诉（重开）
#
# **重开**就是回到已经做过的一步：投诉已经解决了，客户又找回来。
# 哪些投诉会重开？它们当初确认过诉求吗？

# %%
ck.labelled(res.loops, LOCALE)

# %%
cases = res.cases.set_index("case")
confirmed = ~cases["skipped"].str.contains("confirm")
demand = confirmed.map({True: "已确认诉求", False: "未确认诉求"}).rename("诉求")
shown = cases.groupby(demand)["loops"].agg(complaints="size", reopened=lambda x: (x > 0).mean())
ck.labelled(shown, LOCALE)

# %% [markdown]
# 比较这两行（日志里两种情况都有的话）：如果没确认诉求的投诉重开得更多，
# 说明确认诉求不是走过场。不过看表只是比较，还不是证明：这些投诉在别的方面也可能不一样
# （第 02 节讲怎么做调整）。

# %% [markdown]
# ## 6 · 转交
#
# 投诉每转给另一位客服一次，客户就要多等一次，再把事情讲一遍。
# `res.handoffs` 数出每件投诉日志里换了几次客服（以及几次班组）。

# %%
ck.labelled(res.handoffs, LOCALE)

# %%
passes = cases["handoffs"].clip(upper=3).map(lambda k: f"{k}+" if k == 3 else str(k))
shown = cases.groupby(passes)["hours_total"].agg(complaints="size", median_hours="median")
ck.labelled(shown.round(1), LOCALE)

# %% [markdown]
# 对照转交次数，看从第一个事件到最后一个事件的小时数中位数。
# 如果每转交一次就多出一天，那么少转交（或者一开始就分对人）比多加人更能让客户快些拿到结果。

# %% [markdown]
# ## 7 · 时间花在哪里（各步用时）
#
# 每一步**之内**花的小时数：从这一步的第一个事件，到下一步开始。
# 中位数代表一般的投诉；第 90 百分位数（p90）代表最慢的那十分之一。

# %%
t = res.times.query("measure == 'hours_in_step'")
in_step = t.pivot(index="step", columns="stat", values="value").reindex(SIX).rename(index=STEP)
in_step = in_step.dropna(how="all")   # the follow-up call is the last step: no time "in" it
ck.labelled(in_step.round(1), LOCALE)

# %%
ax = in_step[["median", "p90"]].plot.barh(figsize=(8, 3.5))
ax.invert_yaxis()
ax.set_xlabel("该步用时（小时）")
ax.set_ylabel("")
ax.set_title("时间花在哪里：中位数和最慢的十分之一（p90）");

# %% [markdown]
# 中位数短、p90 却很长的一步，就是少数投诉卡住的地方：把这些投诉调出来读一读
# （`cases.sort_values("hours_total").tail()`）。"实施"这一步的小时数，
# 是从给出方案到回访电话之间的时间，也就是我们回访之前让客户等了多久。

# %% [markdown]
# ## 8 · 流程图
#
# 一张图看全部：每个方框是一个状态和它的事件数，每个箭头是从一个状态到下一个状态，
# 标着次数和小时数中位数。红色箭头是**退回**到前面的步骤（重开）。
# 不到 1% 投诉走过的箭头不画出来。

# %%
res.plot(kind="map");

# %% [markdown]
# 日志讲的和投诉记录讲的是不是一回事？在这个世界里，每件投诉还单独记着：
# 诉求确认了没有、回访做了没有、转交了几次、有没有重开。
# 用你们自己的数据时，抽一些样本手工做同样的核对。

# %%
# NBVAL_CHECK_OUTPUT
records = complaints.set_index("complaint_id").reindex(cases.index)
skips = cases["skipped"]
same = {"诉求是否确认": (~skips.str.contains("confirm") == records["confirmed"]).all(),
        "是否回访": (~skips.str.contains("follow_up") == records["followed_up"]).all(),
        "转交次数": (cases["handoffs"] == records["handoffs"]).all(),
        "是否重开": ((cases["loops"] > 0) == records["reopened"]).all()}
for what, ok in same.items():
    print(f"日志与投诉记录在「{what}」上一致：{ok}")

# %% [markdown]
# ## 9 · 按地区和年龄段
#
# 种子文档 004 要求按地区、按年龄分析投诉。是不是有些客户更容易漏掉某一步
# （回访电话没人接、诉求一直没确认）？

# %%
people = complaints.merge(world.customers[["customer_id", "region", "age_band"]],
                          on="customer_id", how="left")
skipped_by("region", people)

# %%
skipped_by("age_band", people)

# %% [markdown]
# 地区或年龄段之间的小差别，常常只是随机波动：`res.table` 给出每个比例和它的区间
# （`ci_lower`、`ci_upper`）。差别大、而且区间不重叠，才值得采取行动。

# %% [markdown]
# ## 10 · 你们自己工单系统的状态记录
#
# 真实的工单系统有自己的状态名，导出的数据也很乱：时间缺失、同一事件记了两次、
# 有的状态没人对应到步骤、有的行没有工单号。下面是手工编的三张工单的记录，这些问题全都有。

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
# 用 `steps=` 告诉工具包，你们的每个状态属于哪一步。表里没列出的状态会留在路径里、
# 会被报告出来，但不计入流程符合度。

# %%
# NBVAL_CHECK_OUTPUT
STATUS = {"New": "receive", "Open": "confirm", "Solved": "implement",
          "Survey sent": "follow_up", "Closed": "follow_up"}
mine = ck.process(log, case="ticket", activity="status", time="time", order=None,
                  agent=None, steps=STATUS, locale=LOCALE)
print(mine.notes[0])
NAMES = ck.labels(LOCALE, "process_step")
for c in mine.cases.itertuples():
    skipped = "、".join(NAMES.get(step, step) for step in c.skipped.split(", "))
    print(f"{c.case}: {c.variant}  | 跳过：{skipped}")

# %%
ck.labelled(mine.problems[["problem", "case", "row", "activity", "action"]], LOCALE)

# %% [markdown]
# 没有任何数据被悄悄丢掉：每一行被剔除或有疑问的数据都会点名，并写明怎么处理的。
# 能在源头修的就去修（K3 的"Open"为什么没有时间？），剩下的，读分析结果时心里要清楚漏掉了什么。

# %% [markdown]
# ## 本节要点
#
# - **常见路径**是团队的习惯；其他路径就是投诉偏离六步的地方。每种都挑几件读一读。
# - 跟着班组走的**跳过**是习惯，要辅导；跟着渠道走的是工具，要修。
#   确认诉求和回访，是客服一忙就最容易省掉的两步。
# - **重开**和**转交**都在耗客户的时间：先比较它们的用时，再决定在哪里下手。
# - 你们自己工单系统的记录，用 `steps=` 也一样能分析；数据里的问题都会点名，不会悄悄丢掉。
#
# 练习（`exercises/ex10-six-steps.ipynb`）请你自己把这些找出来。
