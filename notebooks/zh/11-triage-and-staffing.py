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
# # 11 · 分级、服务时限与排班：为高峰做准备
#
# 大促之前，班组长要问三个问题：
#
# 1. **分级**：哪些投诉先处理？种子文档 000 按严重程度、影响范围和紧急程度分三个优先级：
#    高优先级要快速响应，中优先级在规定时间内响应，低优先级可以稍等。
# 2. **服务时限（SLA）**：我们按时回应了吗？每个优先级都有首次响应时限；
#    我们按优先级、渠道和班组来检查。
# 3. **排班**：需要多少客服在岗？种子文档 002 说两年里投诉量涨了大约 60%，
#    要求按这个量配团队，还要扛得住双十一 / 黑色星期五的高峰。
#
# 每个数字都从这个世界自己的投诉算出来，所以同样的单元格也能用在你们的数据上。

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
complaints = world.complaints
people = complaints.merge(world.customers[["customer_id", "tier", "region", "age_band"]],
                          on="customer_id", how="left")
print(f"{complaints['received_at'].dt.year.min()} 年共 {len(complaints):,} 件投诉")


# %% [markdown]
# ## 2 · 分级：谁拿到哪个优先级？
#
# 在这个世界里，满足以下任一条件的投诉就是高优先级：问题严重、客户是 VIP、
# 投诉是公开的（社交媒体、电商平台评价），或者订单金额大。
# 这在各渠道、各类客户的优先级构成上是什么样子？

# %%
def mix(column):
    """% of each group's complaints at each priority, with the locale's labels."""
    t = pd.crosstab(people[column], people["priority"], normalize="index").mul(100).round(1)
    return ck.labelled(t, LOCALE)


by_channel = mix("channel")
by_channel

# %%
ax = by_channel.plot.barh(stacked=True, figsize=(8, 3.5))
ax.set_xlabel("占该渠道投诉的百分比")
ax.set_ylabel("")
ax.set_title("各渠道投诉的优先级构成")
ax.legend(title="优先级", fontsize=8, loc="upper left", bbox_to_anchor=(1, 1));

# %%
mix("tier")

# %% [markdown]
# 公开渠道和 VIP 客户的高优先级投诉更多。这是规则在照章执行；
# 班组长要问的是：这些渠道上的客服准备好了吗？

# %% [markdown]
# ## 3 · 服务时限达成率
#
# `ck.sla` 按每件投诉的优先级取它的首次响应时限，再拿记录的时间去核对，
# 每个比例都带 95% 区间。

# %%
SLA = ck.sla(complaints)
print(SLA.summary())
cols = ["priority", "sla_hours", "n", "share_met", "ci_lower", "ci_upper", "median_hours"]
ck.labelled(SLA.table[cols], LOCALE)


# %% [markdown]
# 下面这张图画出各组按时回应的比例，带区间，还有一条 80% 的线（常用的目标）。
# 这个小函数用当前语言的名称来画。

# %%
def sla_chart(res, by, title):
    t = res.table.iloc[::-1]
    names = [ck.labels(LOCALE, by).get(v, v) for v in t[by].astype(str)]
    err = [(t["share_met"] - t["ci_lower"]).clip(lower=0),
           (t["ci_upper"] - t["share_met"]).clip(lower=0)]
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(t) + 1.4))
    ax.errorbar(t["share_met"], names, xerr=err, fmt="o")
    ax.axvline(0.8, color="grey", linestyle="--", label="80% 目标")
    ax.set(xlim=(0, 1.02), xlabel="在服务时限内回应的比例", title=title)
    ax.legend(loc="lower left")
    return ax


# %%
sla_chart(ck.sla(complaints, by="channel"), "channel", "按时首次响应：按渠道");

# %%
sla_chart(ck.sla(complaints, by="team", agents=world.agents), "team",
          "按时首次响应：按班组");

# %% [markdown]
# 最严格的时限是高优先级的。**紧急**投诉在哪里超时了？

# %%
urgent = complaints[complaints["priority"] == "high"]
sla_chart(ck.sla(urgent, by="channel"), "channel", "高优先级：按时回应，按渠道");

# %% [markdown]
# 看图最下面的几个渠道：集中批量处理的渠道（电子邮件、电商平台的评价页），
# 不管安排多少人守着，都做不到 2 小时的承诺。要么给这个渠道更快的首次响应
# （一小时内先回一句"已收到"），要么改这个渠道的承诺。种子文档 004 还要求按地区和年龄看：

# %%
by_region = ck.sla(people, by=["region"]).table
ck.labelled(by_region[["region", "n", "share_met", "ci_lower", "ci_upper"]], LOCALE)

# %% [markdown]
# ## 4 · 大促高峰时，这个世界自己的排队情况
#
# 投诉跟着订单走：大促（中文世界是双十一，英文世界是黑色星期五）之后的几周，投诉会涨上去。
# 这时候首次响应会怎样？

# %%
counts = ck.complaint_counts(complaints, locale=LOCALE)
FESTIVAL = {"zh_CN": "d1111"}.get(LOCALE, "black_friday")   # the year's big festival
day = counts.loc[counts["festival"] == FESTIVAL, "period"].iloc[0]
window = counts[(counts["period"] >= day) & (counts["period"] < day + pd.Timedelta(days=21))]
peak = window.loc[window["n"].idxmax()]
print(f"{ck.labels(LOCALE, 'festival')[FESTIVAL]} {day.date()}：之后三周最忙的一天是"
      f" {peak['period'].date()}，有 {peak['n']} 件投诉"
      f"（平常一天：{counts['n'].mean():.0f} 件）")

# %%
received = complaints["received_at"].dt.normalize()
hours = (complaints["first_response_at"] - complaints["received_at"]).dt.total_seconds() / 3600
daily = pd.DataFrame({"arrivals": received.value_counts().sort_index(),
                      "within_sla": complaints["sla_met"].groupby(received).mean(),
                      "median_hours": hours.groupby(received).median()})
in_peak = daily.index.isin(window["period"])
when = pd.Series(in_peak, index=daily.index).map({True: "大促高峰（3 周）",
                                                   False: "全年其余时间"})
ck.labelled(daily.groupby(when).agg(["mean", "median"]).round(2), LOCALE)

# %%
fig, ax = plt.subplots(figsize=(8, 4))
ax.scatter(daily["arrivals"], daily["within_sla"], s=12, alpha=0.5, label="全年其余时间")
ax.scatter(daily["arrivals"][in_peak], daily["within_sla"][in_peak], s=22, color="C3",
           label="大促高峰（3 周）")
ax.set(xlabel="当天收到的投诉数", ylabel="在服务时限内回应的比例",
       title="越忙的日子，按时回应的越少")
ax.legend();

# %% [markdown]
# 每个点是一天。当天进来的投诉一旦超过团队平时的处理量，按时回应的比例就往下掉：
# 团队的人手是按平常的日子配的，今天做不完的活只能等到明天。这正是排班要解决的问题。

# %% [markdown]
# ## 5 · 一件投诉要占用客服多少时间？（平均处理时长）
#
# 排班需要的是**平均处理时长**（AHT）：每件投诉占用的客服时间，所有接触都算上，
# 而不是从受理到解决过了几天。没有计时工具的话，可以这样估算：
# 取一次解决（第一次接触就解决）的投诉，从首次响应到解决的分钟数，
# 再乘以一件投诉平均需要的接触次数。

# %%
fcr = complaints["first_contact_resolution"]
minutes = (complaints["resolved_at"] - complaints["first_response_at"]).dt.total_seconds() / 60
AHT = round(minutes[fcr].mean() * complaints["contacts"].mean())
print(f"每件投诉大约占用客服 {AHT} 分钟")

# %% [markdown]
# ## 6 · 用预测来排接下来四周的班
#
# `ck.forecast`（第 05 节）预测每天的投诉量；`ck.staffing` 把每一天换算成两个数：
# 为了让 80% 的投诉在 2 小时内得到首次响应（高优先级的时限，最严格的一档），
# 需要多少客服**在岗**；再考虑 30% 的带薪时间用在休息、培训和请假上（人力缩减），
# 需要**排班**多少人。它按预测值排一次，也按预测的上限（比预期更忙的一天）排一次。

# %%
fc = ck.forecast(counts, horizon=28)
plan = ck.staffing(fc, aht=f"{AHT}min", answer_within="2h", target=0.8, hours_per_day=24,
                   shrinkage=0.3)
print(plan.summary())
ax = plan.plot(title="未来四周：让 80% 在 2 小时内得到回应所需的在岗客服")
ax.figure.axes[-1].set_ylim(0, plan.table["agents_upper"].max() + 1);

# %% [markdown]
# ## 7 · 种子文档 002 的问题：量涨 60%，加上大促高峰
#
# 四种情况：平常的一天和大促最忙的一天，分别看现在和涨了 60% 之后。
# 服务承诺一样（80% 在 2 小时内），平均处理时长和人力缩减一样；
# 24 小时的服务台用三班、每班 8 小时来覆盖。

# %%
days = {"平常日": counts["n"].mean(), "大促峰值日": float(peak["n"])}
days |= {f"{name} +60%": 1.6 * n for name, n in days.items()}
rows = {}
for name, per_day in days.items():
    r = ck.staffing(per_day, aht=f"{AHT}min", answer_within="2h", hours_per_day=24,
                    shrinkage=0.3).table.iloc[0]
    rows[name] = {"每天投诉数": per_day, "在岗": int(r["agents"]),
                  "排班": int(r["scheduled"]), "每天 8 小时班次": 3 * int(r["scheduled"]),
                  "2 小时内回应": r["service_level"], "占用率": r["occupancy"]}
answer = pd.DataFrame.from_dict(rows, orient="index").round(2)
answer

# %%
ax = answer[["在岗", "排班"]].plot.bar(rot=0, figsize=(8, 3.5))
ax.set_ylabel("同一时间的客服人数")
ax.set_xlabel("")
ax.set_title("种子文档 002：量涨 60% 和大促高峰各需要多少客服");

# %% [markdown]
# 怎么读这张表：
#
# - **比较团队的增长和投诉量的增长。** 在同样的服务水平下，队列越大，客服越忙得满
#   （看"占用率"那一列），所以大团队的人数涨得比投诉量慢；小团队按整人算，多一个人就是一大步。
# - **大促高峰才是真正的考验。** 高峰那几天按预测的上限排班，
#   而且要排好大促之后三周的班，不只是大促当天。
# - **小服务台要留余量。** 在岗的人少，缺一个人就是团队的一大块：
#   占用率远低于 100%，就是按时回应要付的代价。

# %% [markdown]
# ## 8 · 客户等不及就走了（Erlang A）
#
# 在线客服和电话客服会流失不愿再等的客户。假设一个在线客服台承诺 5 分钟内回复，
# 客户平均等 10 分钟就放弃。就拿量涨之后的大促最高峰那天（在线客服每天开 12 小时），
# 比较考虑和不考虑客户放弃时，各需要多少客服。

# %%
chat_share = (complaints["channel"] == "online_chat").mean()
chat = 1.6 * float(peak["n"]) * chat_share
kw = {"aht": f"{AHT}min", "answer_within": "5min", "hours_per_day": 12}
c_model = ck.staffing(chat, **kw).table.iloc[0]
a_model = ck.staffing(chat, patience="10min", **kw).table.iloc[0]
models = pd.DataFrame({"没有人放弃（Erlang C）": c_model, "客户会放弃（Erlang A）": a_model})
shown = models.loc[["demand", "agents", "service_level", "p_abandon", "occupancy"]].round(2)
ck.labelled(shown.T, LOCALE).T   # the measures' names in the data's language

# %% [markdown]
# 放弃的客户让别人排的队变短了，但每一个都是没被听到的投诉：
# `ck.staffing` 加上 `patience=` 时，把他们算作没按时回应（`service_level`），
# 并告诉你有多少人走了（`p_abandon`）。排在线客服的班，两个数都要看。

# %% [markdown]
# ## 9 · 模型没算进去的东西
#
# 把第 4 部分和第 7 部分对照着看。高峰时这个世界按时回应的比例在下降，
# 而排队模型却说几个客服就能让几乎所有人在 2 小时内得到回应——两者都对，只是说的不是一回事。
# 排队模型（Erlang）算的是一个服务台每分钟的排队。这个世界高峰时的延误，
# 来自**一天的处理能力和积压**（今天做不完的活等到明天），以及**集中批量处理的渠道**。
# 大促之后的那些天，还要按天把工作量和客服工时对起来排，积压也算进去；
# docs/staffing.md 里有更多说明。
#
# 下面两项检查，确认工具算得没错：

# %%
# NBVAL_CHECK_OUTPUT
print(f"记录的 sla_met 与时间和服务时限表一致：{SLA.mismatches.empty}")
pub = ck.staffing(200, aht="3min", answer_within="20s", interval="hour", shrinkage=0.3)
r = pub.table.iloc[0]
print("公开发表的 Erlang C 例子（每半小时 100 通电话，每通 3 分钟，80% 在 20 秒内接起）："
      f"在岗 {int(r['agents'])} 人，人力缩减 30% 时排班 {int(r['scheduled'])} 人")

# %% [markdown]
# ## 本节要点
#
# - **分级**看严重程度、影响范围和紧急程度；要确认承接紧急投诉的渠道能快速回应。
# - **服务时限**：按优先级、渠道和班组看按时比例，连同它的区间一起看；
#   集中批量处理的渠道，要么换一个承诺，要么换一种首次响应方式。
# - **排班**：从预测出发，按你们做出的承诺，算上人力缩减；高峰按上限排。
#   团队人数涨得比投诉量慢。
# - **排队模型不是全部**：大促之后那些天，要把积压算进去排班。
#
# 练习（`exercises/ex11-triage-and-staffing.ipynb`）请你把每一步自己做一遍。
