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
# # 07 · 投诉冰山
#
# 投诉表里数到的，只是*开了口*的客户。卓越网的客服总监（种子文档 004）
# 给他的客户画过一座**投诉金字塔**：
#
# | 层级 | 占客户的比例 |
# |---|---|
# | 投诉到了管理层（通过客户关系部） | 8% |
# | 只向一线员工投诉过 | 23% |
# | 从来没投诉过 | 69% |
#
# 还有两条经验法则：**90% 不满意的客户从来不投诉**，以及**每一件投诉背后，
# 大约还有 24 位没开口的客户**。投诉只是冰山一角；水面下是**沉默的不满客户**。
#
# **69% 和 90% 矛盾吗？** 不矛盾：两者数的不是同一样东西。金字塔说的是遇到过问题的客户：
# 69% 什么也没说，23% 只跟眼前的人说了，8% 的投诉到了管理层。跟快递员或店员说一句，
# 很少会留下记录，所以从总部看，大约 92%（69% + 23%）的客户从来没投诉过，接近经验法则的 90%。
# 而“每件投诉背后有 24 位没开口”，相当于 25 人中只有 1 人投诉（4%），是金字塔 8% 的一半。
# 这些数字来自不同的调查；它们一致的是：*到达公司*的投诉，只占遇到问题客户的
# 十分之一到二十五分之一。下面用的就是这个范围。
#
# 这一节：
#
# 1. 用种子文档给的范围，估算一个月的投诉背后有多少不满意的客户；
# 2. 用一次对不满意客户的小调查，把范围缩小；
# 3. 拿估计值去对照我们这家模拟公司的真实值；
# 4. 说明为什么所有类别用同一个投诉率会误导人，以及按类别分别算能纠正什么。

# %% [markdown]
# ## 1 · 准备
#
# 要换成中文公司，只需改 `DATASET` 这一行。

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
use_style(world.locale)

# %% [markdown]
# ## 2 · 一个月的投诉，和种子文档给的投诉率
#
# **投诉率**（发声率）是不满意的客户中真的来投诉的比例。于是
# *不满意的客户 = 投诉数 ÷ 投诉率*。种子文档 004 给了两个数：90% 从不投诉
# （投诉率十分之一），每件投诉背后有 24 位沉默的客户（二十五分之一）。我们把它们当作一个范围。
# `ck.iceberg` 把一月份的投诉变成一个带区间的估计，区间里既有投诉率的不确定，
# 也有投诉数本身的随机波动：

# %%
complaints = world.complaints
january = complaints[complaints["received_at"].dt.month == 1]
seed_range = ck.iceberg(january, voice_rate=0.10, voice_rate_ci=(1 / 25, 1 / 10))
print(seed_range.summary())

# %%
seed_range.plot();

# %% [markdown]
# 红色的尖是投诉表看得到的部分；灰色的主体是对沉默客户的估计。区间很宽：
# 从二十五分之一到十分之一，冰山就能大 2.5 倍或小 2.5 倍。
# 一个取自二十年前、另一家公司的文章里的范围，只是起点，不是测量结果。
#
# **为什么估计值落在区间的最下端？** 因为我们把范围里*最高*的投诉率（十分之一）当作点估计：
# 开口的客户越多，每件投诉背后站着的客户就越少，所以十分之一给出的冰山最小；
# 区间则一直延伸到按二十五分之一算出的大小。区间并不以估计值为中心对称，
# 它是把投诉率的范围带进计算的结果（再加上投诉数本身一点随机波动）。
# 如果把二十五分之一当作点估计，估计值就会落在最上端。选哪个点，说明我们相信范围的哪一端；
# 下面的调查，就是用测量代替这个相信。
#
# **讨论：** 在你们公司，沉默的不满客户可能在哪里留下痕迹
# （退货、取消订阅、差评、打过电话却没有变成投诉）？

# %% [markdown]
# ## 3 · 测一测投诉率：做一次小调查
#
# 比经验法则更好的办法：去问。假设我们给 300 位订单出过问题的客户打电话，问他们投诉过没有。
# 我们的世界是模拟的，所以可以从真实值里抽出这次调查
# （`world.truth.iceberg`：每类问题有多少客户遇到、多少人投诉了）：

# %%
# NBVAL_CHECK_OUTPUT
truth = world.truth.iceberg
true_rate = truth["complaints"].sum() / truth["problems"].sum()
rng = np.random.default_rng(1)
n_asked = 300
n_complained = int(rng.binomial(n_asked, true_rate))
print(f"问了 {n_asked} 位不满意的客户：{n_complained} 位投诉过")

# %%
survey = ck.iceberg(january, surveyed=(n_asked, n_complained))
print(survey.summary())

# %% [markdown]
# 调查给出一个投诉率，带 Wilson 区间，冰山的区间一下子窄了很多。
# 打三百通电话，换来的估计比任何经验法则都好得多。

# %% [markdown]
# ## 4 · 对照真实值
#
# `.compare(world.truth)` 把每个估计放在不满意客户的真实人数旁边。
# 真实值是全年的，所以我们估算全年的投诉：

# %%
cols = ["dissatisfied", "ci_lower", "ci_upper", "true_dissatisfied", "relative_error",
        "covered"]
rows = {"种子文档的范围": ck.iceberg(complaints, voice_rate=0.10, voice_rate_ci=(1 / 25, 1 / 10)),
        "调查": ck.iceberg(complaints, surveyed=(n_asked, n_complained))}
both = pd.concat({k: r.compare(world.truth)[cols] for k, r in rows.items()})
ck.labelled(both.round(2), world.locale)

# %% [markdown]
# 我们这家公司真实的投诉率接近十一分之一，和种子文档说的"90% 从不投诉"很接近，
# 所以取 0.10 的估计接近真实值，范围也罩住了它。调查的区间更窄，也罩住了真实值。
# 换一家公司（或者换一年），种子文档的数字可能差得很远；要知道实情，就做调查。

# %% [markdown]
# ## 5 · 所有类别用同一个投诉率，会误导人
#
# `world.truth.iceberg` 里有每类问题真实的投诉率。被重复扣款，客户会投诉；
# 页面打不开，客户直接就走了：

# %%
# NBVAL_CHECK_OUTPUT
by_cat = truth.groupby("category", observed=True)[["problems", "complaints"]].sum()
by_cat["voice_rate"] = by_cat["complaints"] / by_cat["problems"]
print(ck.labelled(by_cat.sort_values("voice_rate").round(3), world.locale).to_string())

# %%
est = ck.iceberg(complaints, by="category", voice_rate=0.10).compare(world.truth)
est = est[est["category"] != "total"].set_index("category")
fig, ax = plt.subplots(figsize=(8, 3.5))
shown = est[["dissatisfied", "true_dissatisfied"]].sort_values("true_dissatisfied")
ck.labelled(shown, world.locale).plot.barh(ax=ax)
ax.set(xlabel="不满意的客户（全年）",
       title="所有类别用同一个投诉率（0.10），对照真实值");

# %% [markdown]
# 用同一个投诉率时，**技术原因**的问题看起来很小：投诉的人少，估计值就远低于真正遇到问题的客户数。
# **支付扣费**的问题客户常常会说出来，所以同一个投诉率会把它高估。
# 按投诉数给问题排序（第 01 节的帕累托图），排出来的既是*多少人*受了影响，
# 也是客户投诉得*多大声*。

# %% [markdown]
# ### 每个类别一个投诉率
#
# `ck.iceberg` 可以每组用一个投诉率：一个从类别到投诉率的对照表。
# 在公司里，每个投诉率来自对该类别的一次小调查（`surveyed=` 每个类别取一个
# `(n_asked, n_complained)`）。这里我们从真实值里取每个类别的真实投诉率
# （`voice.rate.<category>`：这个世界实际出现的值），把误差并排放在一起看：

# %%
rates = {c: world.truth.value(f"voice.rate.{c}") for c in est.index}
per_cat = ck.iceberg(complaints, by="category", voice_rate=rates).compare(world.truth)
per_cat = per_cat[per_cat["category"] != "total"].set_index("category")
errors = pd.DataFrame({"误差（同一个投诉率）": est["relative_error"],
                       "罩住真实值（同一个投诉率）": est["covered"],
                       "误差（各类别的投诉率）": per_cat["relative_error"],
                       "罩住真实值（各类别的投诉率）": per_cat["covered"]})
ck.labelled(errors.round(2), world.locale)

# %% [markdown]
# 用各自的投诉率，每个类别都落在真实值上下几个百分点之内，而且几乎每个类别的 95% 区间都罩住了真实值
# （偶尔没罩住，是小数目的随机波动）。用同一个投诉率，大多数类别的区间都没罩住，*却照样写着 95%*：
# 错在投诉率上，投诉再多也缩小不了这个误差。所以只用一个投诉率调用 `ck.iceberg(by=...)` 时，
# 会给出警告（在 `.notes` 和汇总里；`voice_rate_source` 是 `"shared"`）。
# 这关系到决策：技术原因这类安静的问题，比同一个投诉率算出来的大两到三倍，
# 在"客户哪里受罪最多"的排名里会往上升。
#
# ## 6 · 管理者该记住什么
#
# - 投诉表只是**冰山一角**：大约十个不满意的客户里有九个是沉默的，
#   而且他们不会一直留下：沉默的客户回头购买得更少（第 03 节）。
# - 估算冰山要给一个**范围**，不要只给一个数；更好的是，对遇到过问题的客户做一次小调查，
#   把投诉率**测出来**。
# - 不同类别的投诉率不一样：要**按类别**估算（每类做一次小调查），
#   安静的问题（技术原因）还要看别的信号（放弃的购物车、错误日志）。
# - 每一件投诉，都是一位*愿意*告诉你的客户：让投诉变得容易。
#
# ## 轮到你了
#
# 打开练习
# [`exercises/ex07-complaint-iceberg.ipynb`](../exercises/ex07-complaint-iceberg.ipynb)：
# 一月份投诉背后不满意的客户、沉默的客户、真实的投诉率，以及最安静的那个类别。
