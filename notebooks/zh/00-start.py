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
# # 欢迎使用 complaintkit · 投诉管理工具包
#
# 这是一套关于**投诉处理**的培训和研究工具包。这里的一切都基于一家*模拟的公司*：
# 它的客户、订单、投诉、每件投诉从受理到结案的经过、回访，以及它的客服团队。
# 因为公司是模拟出来的，我们知道数据背后**真实**的效果，所以你算出的每一个估计，
# 都可以拿真实值来核对。
#
# 案例来自五份讲投诉处理的源文件（中文原文），其中有卓越网配送超时的层层分析、
# 投诉金字塔和帕累托法则（二八法则）。

# %% [markdown]
# ## 怎么用 JupyterLab
#
# - 按 **Shift + Enter** 运行一个单元格；要运行整本笔记本，用菜单 `Run → Run All Cells`。
# - 左边的文件浏览器里有 `notebooks/`（培训的各节课）和 `exercises/`
#   （你的练习，自带检查：告诉你哪里对了、哪里要再看看）。
# - 如果卡住了，用菜单 `Kernel → Restart Kernel and Run All Cells` 从头再来。

# %% [markdown]
# ## 这一天的课程（管理者课程）
#
# | # | 课程 | 练习 | 数据集 |
# |---|---|---|---|
# | 00 | 本欢迎页 | | `ecommerce_zh` |
# | 01 | [配送超时的层层分析](01-delivery-delay-drilldown.ipynb)：帕累托图、根因、改进计划 | [`exercises/ex01-delivery-delay-drilldown.ipynb`](../exercises/ex01-delivery-delay-drilldown.ipynb) | `ecommerce_zh`、`joyo_delivery_timeout` |
# | 07 | [投诉冰山](07-complaint-iceberg.ipynb)：投诉背后还有多少不满的客户（带不确定性）、根据调查估算的投诉率、真实值、很少有人投诉的类别 | [`exercises/ex07-complaint-iceberg.ipynb`](../exercises/ex07-complaint-iceberg.ipynb) | `ecommerce_zh` |
# | 10 | [六步处理：看我们自己的事件日志](10-six-steps.ipynb)：常见路径、各班组和渠道跳过的步骤、重开、转交、流程图、你们自己的工单记录 | [`exercises/ex10-six-steps.ipynb`](../exercises/ex10-six-steps.ipynb) | `ecommerce_zh` |
# | 11 | [分级、服务时限与排班](11-triage-and-staffing.ipynb)：优先级、按优先级/渠道/班组看服务时限达成率、大促高峰、从预测算出需要的客服、投诉量涨 60% | [`exercises/ex11-triage-and-staffing.ipynb`](../exercises/ex11-triage-and-staffing.ipynb) | `ecommerce_zh` |
# | 12 | [回访与闭环](12-follow-up-call.ipynb)：谁被回访、什么时候回访、闭环率、回访值不值、一个周期的回访计划 | [`exercises/ex12-follow-up-call.ipynb`](../exercises/ex12-follow-up-call.ipynb) | `ecommerce_zh` |
# | 13 | [写回复](13-writing-the-reply.ipynb)：评分标准、给草稿和模板回复打分、愤怒的客户、两人一组的角色扮演 | [`exercises/ex13-writing-the-reply.ipynb`](../exercises/ex13-writing-the-reply.ipynb) | `ecommerce_zh` |
#
# 每节课都在中文数据集 `ecommerce_zh` 上运行；想看英文公司，把笔记本顶部的 `DATASET` 改掉就行。
#
# **练习。** 每节课在 `exercises/` 里都有一本练习笔记本。把每个 `...` 换成你的答案，
# 再运行它下面的 `ex.check(...)` 单元格：它会说*正确*，或者*还没有*，并告诉你该再看哪里。
# 完整的参考答案在培训师那里。想重做第 NN 个练习，在一个单元格里运行
# `%run -m complaintkit exercises reset NN`（你原来的文件会作为备份留在旁边）。

# %% [markdown]
# ## 先看一眼数据
#
# 我们载入培训用的世界。要切换语言，只需改 `DATASET` 这一行。

# %%
import complaintkit as ck
from complaintkit.plotting import use_style

DATASET = "ecommerce_zh"   # or "ecommerce_en"
world = ck.load_dataset(DATASET)
use_style(world.locale)
world.summary()

# %% [markdown]
# 每件投诉都记着：什么时候进来的、从哪个渠道、关于什么、根因是什么、哪个部门负责，
# 以及是怎么处理的。`labelled()` 把代码换成数据集语言里看得懂的名称。

# %%
world.labelled("complaints").head(3)

# %% [markdown]
# 工具包自带的数据集，以及每个数据集适合做什么：

# %%
ck.datasets(locale=world.locale)[["name", "title", "rows", "suits"]]

# %% [markdown]
# ### 为什么用知道真实答案的模拟数据？
#
# 真实的投诉导出数据只告诉你发生了什么，从来不告诉你*为什么*。
# 在这里，场景设定好了一些东西，比如不满意的客户里有多少会真的投诉
# （大约十个里有一个，也就是卓越网那篇文章里的投诉金字塔）。
# 沉默的客户不在投诉表里，但真实值知道他们：

# %%
iceberg = world.truth.iceberg[["sub_category", "problems", "complaints", "silent"]]
ck.labelled(iceberg, world.locale).head()

# %% [markdown]
# **讨论：** 这些问题里，哪些是你只读投诉就永远听不到的？
# 对一位按投诉数量给问题排序的管理者来说，这意味着什么？
