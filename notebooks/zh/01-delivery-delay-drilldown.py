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
# # 01 · 配送超时的层层分析
#
# 2006 年 5 月，中国网上零售商**卓越网**的客服总监讲了他的团队怎样从投诉里找到价值。他们每个月：
#
# 1. 按领域统计当月的投诉并排序：这就是**帕累托分析**（**二八法则**）；
# 2. 挑出最大的领域**"配送超时"**，一层层往下分，直到**根本原因**（根因），每个根因都有数量；
# 3. 写一份**改进计划**：每个根因一条措施、一位负责人、一个目标；
# 4. 下个月检查投诉有没有降下来。
#
# 这一节，我们在模拟网店的一个一月份上照做一遍，再拿结果去对照卓越网那张真实的表。
#
# **为什么要费这个劲？** 一件一件处理投诉，解决的是一位客户的问题。把投诉放在一起分析，
# 才知道是哪几个问题造成了大部分投诉，以及谁能让它们不再发生。
# 文章里讲的顺序是：先补偿，再调查，最后吸取教训。这一节讲的就是第三步。

# %% [markdown]
# ## 1 · 准备
#
# 我们载入培训用的世界，只留 2025 年 1 月，也就是要分析的这个月（文章里的表也是一个一月份）。
# 要换成中文公司，只需改 `DATASET` 这一行；下面每个分析都传了 `locale=world.locale`，
# 所以图表会显示中文名称。表格用 `ck.labelled(...)` 或 `res.labelled()` 来显示：
# 代码换成名称，列名也换成中文（`res.table` 本身仍是代码和英文列名，写代码时用的就是它们）。
# 第一个单元格让每张图都出现在画它的单元格下面，用工具包的样式，并带有显示中文的字体。

# %%
# %matplotlib inline
import matplotlib.pyplot as plt

import complaintkit as ck
from complaintkit.plotting import use_style

# %%
DATASET = "ecommerce_zh"   # or "ecommerce_en"
world = ck.load_dataset(DATASET)
january = ck.in_period(world.complaints, "2025-01")
use_style(world.locale)

# %% [markdown]
# ## 2 · 一个月的投诉
#
# 先看最基本的事实：一月份进来多少件投诉，分在哪些类别。类别就是投诉进来时归入的大领域
# （卓越网有九个这样的领域，我们公司有七个）。像 `product_quality` 这样的代码在各种语言里都一样，
# `ck.labelled(...)` 把它们显示成这种语言里的名称（产品质量）。

# %%
print(f"2025 年 1 月共收到 {len(january):,} 件投诉")
ck.labelled(january["category"].value_counts(), world.locale).to_frame("投诉数")

# %% [markdown]
# **讨论：** 一张按数量排好序的清单，够不够用来决定在哪里下手？它没告诉你什么？

# %% [markdown]
# ## 3 · 帕累托图（二八法则）
#
# 帕累托分析把类别从大到小排好，一边排一边把占比累加起来（`cum_share`）。
# 它回答一个管理问题：**要防止大部分投诉，我们必须在哪几个类别上下功夫？**
# 文章里的经验法则：20% 的力气，能防住 80% 的投诉。
#
# 各列的意思（括号里是 `res.table` 的列名）：投诉数（`n`），比例（`share`，占当月的比例），
# 累计占比（`cum_share`）；关键少数（`vital_few`）为 True 的，就是累计到 80% 这条线所需要的那几个类别。

# %%
res = ck.pareto(january, "category", locale=world.locale)
res.labelled()

# %% [markdown]
# 图里，柱子是投诉数（看左边的轴），折线是累计占比（看右边的轴）。
# **红色的柱子就是"关键少数"**：排在它前面的类别加起来还没到 80%，它就是红的。
# 灰色的柱子是"次要多数"：它们也是真实的投诉，但在上面下功夫，对总数的影响小得多。

# %%
res.plot(title="2025 年 1 月：各类别的投诉（红色为关键少数）");

# %%
print(res.summary())

# %% [markdown]
# ## 4 · 关键少数
#
# 每月复盘时，时间应该花在这几个类别上：

# %%
# NBVAL_CHECK_OUTPUT
print([ck.labels(world.locale, "category")[c] for c in res.vital_few])

# %% [markdown]
# 卓越网那个一月份，"配送超时""技术原因"和"配送员"三个领域占了当月投诉的 85%。
# 我们公司也需要三个类别才能超过 80%，但不是同样的三个：产品质量是最大的类别，
# 和我们资料里 2022 年电商报告说的一样（大约占投诉的 40%）。配送排第二，
# 我们就在这里照着卓越网的做法往下分。
#
# **讨论**
#
# - 七个类别里占了三个，是类别的 43%，不是 20%。这算不算打破了"二八法则"？这条法则真正承诺的是什么？
# - 这里产品质量比配送大。为什么客服总监可能还是先从配送下手？（想想谁能行动、能多快见效。）

# %% [markdown]
# ## 5 · 往下分：从类别到根因
#
# "配送"太宽了，没法直接行动。没有人能"修好配送"；但有人能改进人力预测、
# 供应商合同，或者客服在电话里说的话。所以我们把每一层往下再分一层：
# **类别 → 子类别 → 根因 → 责任部门**。每一层都有自己的表，看的是在上一层*之内*的占比。

# %%
drill = ck.drilldown(january, ["category", "sub_category", "root_cause", "department"],
                     locale=world.locale)

# %% [markdown]
# 这张图每一层一个面板，从左上读到右下。每个面板显示的是上一个面板里红色柱子之内的占比
# （最多显示最大的八个）：我们沿着 配送 → 配送超时 这条路往下走，再从最大的根因走到它的部门。

# %%
fig, axes = plt.subplots(2, 2, figsize=(11, 7), layout="constrained")   # a 2 x 2 grid
drill.plot(axes.ravel(), path={"category": "delivery", "sub_category": "delivery_delay"})
fig.suptitle("2025 年 1 月：层层分析配送超时", fontweight="bold");

# %% [markdown]
# 配送类投诉几乎都是配送超时。下面把一月份配送超时的根因列成表：
# `share_of_parent` 是在配送超时里的占比，`share_of_total` 是占一月份全部投诉的比例。

# %%
delays = drill.children(category="delivery", sub_category="delivery_delay")
ck.labelled(delays[["root_cause", "n", "share_of_parent", "share_of_total"]], world.locale)

# %% [markdown]
# 把同样的根因画成帕累托图，方便和卓越网的表放在一起看：

# %%
january_delays = january[january["sub_category"] == "delivery_delay"]
delay_res = ck.pareto(january_delays, "root_cause", locale=world.locale)
delay_res.plot(title="2025 年 1 月：配送超时的根因");

# %% [markdown]
# **讨论：** 最大的两个根因都是"客户要求在指定时间送达"。客户要了一个我们从没承诺过的日子，
# 送晚了算是客户的错吗？哪个部门能让这些投诉不再发生？

# %% [markdown]
# ## 6 · 真实的表：卓越网的一个一月份（2006 年）
#
# 工具包把文章里的表 1 做成了一个数据集："配送超时"下的十个子类型，
# 每个都有根因、责任方、当月投诉数，以及团队的改进计划。这些都是真实的数字。

# %%
joyo = ck.load_dataset("joyo_delivery_timeout")
ck.labelled(joyo[["sub_type_zh", "root_cause_zh", "department", "count"]], world.locale)

# %% [markdown]
# 这张表每个子类型一行、带着数量，而不是每件投诉一行，所以我们让 `pareto` 按每行的 `count` 加权。
# `sub_type` 的代码就是工具包的根因代码，所以我们把这一列改名为 `root_cause`：
# 这样图上显示的名称就和我们自己的一样。

# %%
joyo_codes = joyo.drop(columns="root_cause").rename(columns={"sub_type": "root_cause"})
joyo_res = ck.pareto(joyo_codes, "root_cause", weight="count", locale=world.locale)
joyo_res.plot(title="卓越网的一个一月份（2006 年）：配送超时的根因");

# %% [markdown]
# 文章里最醒目的数字，是"未按客户要求时间送达"的两行（次日和当日）。我们来核对一下：

# %%
# NBVAL_CHECK_OUTPUT
total = int(joyo["count"].sum())
requested = joyo["sub_type"].isin(["customer_requested_next_day", "customer_requested_same_day"])
share = joyo.loc[requested, "count"].sum() / total
print(total, round(share, 3))

# %% [markdown]
# **1,094 件投诉里有 530 件，占 48%。** 文章说这 530 件投诉占"该类的 45%"。
# 按印出来的数字算不出 45%：530 ÷ 0.45 需要这一类有大约 1,178 件投诉。
# 要么作者的类别总数里包括了表里没有的投诉，要么这个百分比写错了。
# 我们保留印出来的数字，并把这一点说清楚。核对资料的算术也是工作的一部分；
# 一个数字被抄进管理报告，就成了"事实"。
#
# 现在把我们的一月份和卓越网的放在一起：每个根因在配送超时里的占比。
# 卓越网的 `sub_type` 代码就是工具包的根因代码，所以两张表可以按它对上。

# %%
ours = delays.set_index("root_cause")["share_of_parent"].rename("我们 2025 年 1 月")
theirs = joyo_res.table.set_index("level")["share"].rename("卓越网 2006 年")
side_by_side = theirs.to_frame().join(ours).rename_axis("root_cause")
ck.labelled(side_by_side, world.locale).round(3)

# %% [markdown]
# 两列看起来很像，这是**有意设计的，不是什么发现**：生成我们这家公司的场景，
# 就是拿卓越网的数字作为权重，来抽每件配送超时的根因
# （见 `complaintkit/scenarios/ecommerce.toml` 里的 `[problems.delivery_delay.root_causes]`）。
# 差别来自两方面：
#
# - **偶然。** 一个月的配送超时不到两百件；一个有 20 件投诉的根因，很容易变成 15 件或 25 件。
# - **我们公司不是卓越网。** 在场景里，只有走邮政的包裹才会有邮政延误，
#   而我们只有一部分订单走邮政，所以这里的"邮政延误"小一些。
#
# 这个对照真正说明的是：我们的模拟公司和真实公司问题的*形状*一样，
# 所以你在这里练的方法，就是你在自己数据上要用的方法。
#
# **讨论：** 如果你们公司的表长这样，你会把哪两行带到下次管理例会上？为什么是这两行？

# %% [markdown]
# ## 7 · 这里面有多少是客服的错？
#
# 文章提了一点，每个投诉团队都该听听：针对客服人员本身的投诉，**只占当月的 2%**。
# 另外 98% 是在别处造成的。我们可以量两样不同的东西：
#
# - **针对**客服的投诉：类别 `customer_service`（客服态度差或者慢）；
# - 根因**归**客服管的投诉：部门 `customer_service`。

# %%
about_staff = (january["category"] == "customer_service").mean()
owned_by_cs = (january["department"] == "customer_service").mean()
print(f"针对客服人员的投诉：{about_staff:.1%}")
print(f"根因归客服管的投诉：{owned_by_cs:.1%}")

# %% [markdown]
# 大约 2% 的投诉是针对客服人员的，和文章说的一样。第二个数大一些，因为根因在*客户*那边的
# （要求了指定日子、选错了配送方式、留错了地址），都归给了客服：能解决这些问题的正是客服，
# 办法是告诉客户什么能承诺、什么不能。下图显示一月份投诉的原因归哪些部门：

# %%
by_department = ck.pareto(january, "department", locale=world.locale)
by_department.plot(title="2025 年 1 月：按责任部门分的投诉");

# %% [markdown]
# 再看归客服管的，一个根因一个根因地看：

# %%
owners = ck.drilldown(january, ["department", "root_cause"], locale=world.locale)
in_cs = owners.children(department="customer_service")
ck.labelled(in_cs[["root_cause", "n", "share_of_parent"]], world.locale)

# %% [markdown]
# **这意味着什么。** 大部分投诉是在采购、物流、仓库、财务和技术部门造成的。
# 客服听到了所有投诉，但光靠自己解决不了。客服的工作，是用上面这样的数字，
# 把分析**反馈**给这些部门，并**推动他们改进**。这就是为什么改进计划既要有客服这边的负责人，
# *也*要有其他部门的负责人。

# %% [markdown]
# ## 8 · 改进计划
#
# `improvement_plan` 为一月份配送超时的每个"关键少数"根因起草一行。
# 我们把卓越网文章里的措施交给它（文章的 `improvement_plan` 列，用同样的代码对应），
# 计划从 2 月 1 日开始，给 28 天去落实：表里的 `deadline` 列因此是 3 月 1 日
# （开始后 28 天，措施必须到位），`follow_up_date` 是 3 月 31 日（复查计划的日子）。
# 下面先拿二月份的投诉看一眼：从 2 月 1 日起就见效的措施，会先在二月显出来。

# %%
actions = dict(zip(joyo["sub_type"].astype(str), joyo["improvement_plan_zh"]))
plan = ck.improvement_plan(january, where={"sub_category": "delivery_delay"},
                           actions=actions, start="2025-02-01", deadline_days=28)
plan.labelled()

# %% [markdown]
# 文章说，改进表只有每一行都写齐下面这些，才有用。计划的各列：
#
# | 列 | 是什么 |
# |---|---|
# | `root_cause`、`n`、`share` | 我们要解决什么，它在一月份有多大 |
# | `department` | 这个根因归哪个部门 |
# | `action` | 要做什么（这里用卓越网团队的计划） |
# | `owner_customer_service` | 客服这边谁负责反馈和跟进：**空着，要填** |
# | `owner_department` | 其他部门的负责人（没指定具体的人之前，先写部门） |
# | `deadline` | 措施必须落实的日期 |
# | `target_reduction`、`target_n` | 目标：要降低的比例，以及对应的数量 |
# | `follow_up_date` | 什么时候再查 |
# | `if_missed` | 没达到目标怎么办 |
#
# 草稿还不是计划。`plan.table` 就是一个普通的 pandas 数据表，所以就像普通数据表那样把它补全。
# 对"客户要求时间"的两行，我们指定客服这边的负责人，并把目标定得更高：降 40%。

# %%
requested_rows = plan.table["root_cause"].str.startswith("customer_requested")
plan.table.loc[requested_rows, "owner_customer_service"] = "电话组组长"
plan.table.loc[requested_rows, "target_reduction"] = 0.4
plan.table.loc[requested_rows, "target_n"] = (plan.table.loc[requested_rows, "n"] * 0.6).round(1)

# %%
cols = ["root_cause", "action", "owner_customer_service", "owner_department", "target_n"]
ck.labelled(plan.table[cols], world.locale)

# %% [markdown]
# **讨论：** 在你们单位，"邮政延误"这一行该由谁负责？`if_missed` 要怎么写，
# 没达到目标时才真的会有后续？

# %% [markdown]
# ## 9 · 一个月以后：有效果吗？
#
# 拿下个月的投诉来检查计划。`check` 按根因数出二月份的配送超时，和目标比较：
# `change` 是相对一月份的变化，`met` 表示数量是否不高于 `target_n`。

# %%
february = ck.in_period(world.complaints, "2025-02")
ck.labelled(plan.check(february), world.locale)

# %% [markdown]
# 先仔细读，再决定是庆祝还是追责：
#
# - **客户要求时间**的两行明显下降了，降了大约三分之一到一半。
#   能不能达到我们定的 40% 这个更高的目标，可能就差两三件投诉。
# - **其他几行**都没达到目标，有的还上升了。
# - 二月有 28 天，一月有 31 天，所以光看日历，投诉就该少大约 10%。
#   而且数量只有二三十件的时候，月与月之间上下 30% 是很平常的波动。
#   一个月只是一个初步信号，还不是结论。
#
# 用真实数据的话，分析就到此为止了：我们看得到数量，看不到它为什么变。
# 我们的公司是模拟的，所以可以看看真正发生了什么。

# %%
ck.labelled(world.truth.improvements, world.locale)

# %% [markdown]
# **真实情况。** 从 2 月 1 日起，场景里的 `expectation_setting` 改进措施让客服在电话里和帮助中心里说明：
# 客户要求的送货日子没法保证，就像卓越网团队当年做的那样。送晚了的情况照样会有，
# 但对 2 月 1 日以后下的订单，客户为此投诉的可能性减半（`voice_multiplier` 为 0.5）。
# 这就是两行"客户要求时间"下降的原因，也就是文章说的"这些投诉下个月明显下降"。
# 降幅不到一半，是因为二月初收到的投诉，有一部分是一月份下的订单，那时还没改。
#
# 其他根因什么都没做：没有做人力预测，没有监控供应商。它们二月份的数量，
# 就是一月份的水平，加上偶然波动和月份短了几天。**没人落实的计划什么也改变不了**；
# 没达到目标的那几行，正是现在该让 `if_missed` 生效的地方。
#
# **讨论：** 客户要求时间的投诉少了，可送货一点也没变快。公司真的变好了吗？你会量什么来弄清楚？

# %% [markdown]
# ## 10 · 本节要点
#
# - **先排序，再行动。** 帕累托图找出占大部分投诉的"关键少数"类别；
#   20% 的力气可以防住 80% 的投诉（二八法则）。
# - **一直往下分，分到有人能解决的根因**：类别 → 子类别 → 根因 → 部门。
#   "配送"解决不了；"客服随口承诺送货日子"可以解决。
# - **大部分投诉不是客服造成的**：客服要把分析反馈回去，推动原因所在的部门。
# - **一份改进计划要有**：措施、客服这边和其他部门各一位负责人、期限、目标、复查日期，
#   以及没达到目标时的后果。
# - **下个月复查，而且要仔细读复查结果：** 月份短了、数量小了，数字也会变。
#   资料里的算术也要核对（是 48%，不是 45%）。
#
# ## 讨论题
#
# 1. 在你自己的工作里，哪些投诉类别会是"关键少数"？不数一数，你有多大把握？
# 2. 这里最省钱的办法，是改客服在电话里说的话。你们的投诉里，哪些靠管理客户预期就能避免，
#    哪些需要别的部门改？
# 3. 管理预期让*投诉*的客户少了，却没让送货变快。什么时候这算真的改进，什么时候是在掩盖问题？
# 4. 文章希望这样的分析每天、每周、每月、每年都做。每天你会看什么？
#
# ## 轮到你了
#
# 打开练习
# [`exercises/ex01-delivery-delay-drilldown.ipynb`](../exercises/ex01-delivery-delay-drilldown.ipynb)，
# 自己把同样的步骤走一遍：帕累托分析、往下分、改进计划、复查。练习里的检查会告诉你哪里对了、哪里要再看看。
