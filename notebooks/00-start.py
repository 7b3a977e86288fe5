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
# # Welcome to complaintkit · 投诉管理工具包
#
# A workshop and research kit on **customer complaint handling** (投诉处理). Everything here works on
# a *synthetic company*: its customers, orders, complaints, the life-cycle of each complaint, the
# follow-up calls (回访) and its agents. Because the company is simulated, we know the **true**
# effects behind the data, so you can check every estimate you make against the truth.
#
# The cases come from five source documents on complaint handling (Chinese originals), among them
# the Joyo.com delivery-timeout drill-down (配送超时), the complaint pyramid and the Pareto rule.

# %% [markdown]
# ## How to use JupyterLab
#
# - Run a cell with **Shift + Enter**; run the whole notebook with *Run → Run All Cells*.
# - The file browser on the left holds `notebooks/` (the workshop sessions) and `exercises/`
#   (your tasks, with checks that tell you what is right and what to look at again).
# - If something looks stuck, *Kernel → Restart Kernel and Run All Cells* starts afresh.

# %% [markdown]
# ## The sessions
#
# | # | session | exercise | dataset |
# |---|---|---|---|
# | 00 | this welcome page | | `ecommerce_en` |
# | 01 | [The delivery-delay drill-down](01-delivery-delay-drilldown.ipynb) (配送超时): Pareto, root causes, improvement plan | [`exercises/ex01-delivery-delay-drilldown.ipynb`](../exercises/ex01-delivery-delay-drilldown.ipynb) | `ecommerce_en`, `joyo_delivery_timeout` |
# | 02 | [What drives satisfaction after a complaint](02-satisfaction-drivers.ipynb) (满意度): the follow-up survey, drivers, the importance–performance map | [`exercises/ex02-satisfaction-drivers.ipynb`](../exercises/ex02-satisfaction-drivers.ipynb) | `ecommerce_en` |
# | 03 | [Does a fast response keep the customer?](03-response-time-and-loyalty.ipynb) (复购与忠诚): repurchase against response time, survival curves, the Cox model, the service-recovery paradox, the phone-battery case | [`exercises/ex03-response-time-and-loyalty.ipynb`](../exercises/ex03-response-time-and-loyalty.ipynb) | `ecommerce_en` |
# | 04 | [Did the training work?](04-training-effect.ipynb) (培训效果评估): who was sent, naive comparisons, difference in differences, the event study and pre-trends | [`exercises/ex04-training-effect.ipynb`](../exercises/ex04-training-effect.ipynb) | `ecommerce_en` |
# | 05 | [Forecasting next month's complaints](05-forecasting.ipynb) (投诉量预测): daily counts with festivals, decomposition, model choice by backtest, the fan chart, staffing for the festival peak | [`exercises/ex05-forecasting.ipynb`](../exercises/ex05-forecasting.ipynb) | `ecommerce_en` |
# | 06 | [Seeing trouble coming: early warning](06-early-warning.ipynb) (预警): same-weekday baselines, c-chart, EWMA and CUSUM, the courier disruption, detection delay against false alarms | [`exercises/ex06-early-warning.ipynb`](../exercises/ex06-early-warning.ipynb) | `ecommerce_en` |
# | 07 | [The complaint iceberg](07-complaint-iceberg.ipynb) (投诉冰山): the dissatisfied behind the complaints with uncertainty, a survey-based voice rate, the truth, categories that are rarely voiced | [`exercises/ex07-complaint-iceberg.ipynb`](../exercises/ex07-complaint-iceberg.ipynb) | `ecommerce_en` |
# | 08 | [Bring your own data](08-bring-your-own-data.ipynb) (自带数据): a messy export read with a report, validated, labels to codes, Pareto, KPIs with intervals, forecast, a hypothesis test, the size of a pilot | [`exercises/ex08-bring-your-own-data.ipynb`](../exercises/ex08-bring-your-own-data.ipynb) | `datasets/byod` |
# | 09 | [Reading complaints at scale](09-reading-complaints.ipynb) (大规模读投诉): narratives read, keywords, topics against the categories, routing and where it fails, anger against satisfaction, redaction before sharing, a reply from a template | [`exercises/ex09-reading-complaints.ipynb`](../exercises/ex09-reading-complaints.ipynb) | `ecommerce_en` |
# | 10 | [The six steps in our own event log](10-six-steps.ipynb) (六步): the usual path, skipped steps by team and channel, reopen loops, hand-offs, the process map, your own ticket history | [`exercises/ex10-six-steps.ipynb`](../exercises/ex10-six-steps.ipynb) | `ecommerce_en` |
# | 11 | [Triage, SLA and staffing for the peak](11-triage-and-staffing.ipynb) (分级与排班): priorities, SLA compliance by priority, channel and team, the festival peak, agents from a forecast, a 60% rise | [`exercises/ex11-triage-and-staffing.ipynb`](../exercises/ex11-triage-and-staffing.ipynb) | `ecommerce_en` |
# | 12 | [The follow-up call and the closed loop](12-follow-up-call.ipynb) (回访与闭环): who is called back and when, the closed-loop rate, what the call is worth, a call-back plan for the cycle | [`exercises/ex12-follow-up-call.ipynb`](../exercises/ex12-follow-up-call.ipynb) | `ecommerce_en` |
# | 13 | [Writing the reply](13-writing-the-reply.ipynb) (写回复): the rubric, a draft and the template's reply scored, an angry customer, the pair role play | [`exercises/ex13-writing-the-reply.ipynb`](../exercises/ex13-writing-the-reply.ipynb) | `ecommerce_en` |
#
# Every session also runs on the Chinese
# dataset `ecommerce_zh`: change `DATASET` at the top of a notebook.
#
# **Exercises.** Each session has an exercise notebook in `exercises/`. Replace each `...` with
# your answer and run the `ex.check(...)` cell below it: it says *correct*, or *not yet* and what to
# look at again. Your trainer has the worked solutions. To start exercise NN afresh, run
# `%run -m complaintkit exercises reset NN` in a cell (your file is kept as a backup beside it).

# %% [markdown]
# ## A first look at the data
#
# We load the workshop world. `DATASET` is the one line to change to work in Chinese.

# %%
import complaintkit as ck
from complaintkit.plotting import use_style

DATASET = "ecommerce_en"   # or "ecommerce_zh" for the Chinese company
world = ck.load_dataset(DATASET)
use_style(world.locale)
world.summary()

# %% [markdown]
# Each complaint records when it arrived, through which channel, what it was about, its root
# cause and the department responsible, and how it was handled. `labelled()` shows the codes
# with readable labels in the dataset's language.

# %%
world.labelled("complaints").head(3)

# %% [markdown]
# The datasets that ship with the kit, and what each is for:

# %%
ck.datasets(locale=world.locale)[["name", "title", "rows", "suits"]]

# %% [markdown]
# ### Why synthetic data with a known truth?
#
# A real complaint export tells you what happened, never *why*. Here the scenario sets, for
# example, how often a dissatisfied customer complains at all (about 1 in 10, the complaint
# pyramid of the Joyo.com article). The silent ones are not in the complaints table, but the
# truth knows them:

# %%
iceberg = world.truth.iceberg[["sub_category", "problems", "complaints", "silent"]]
ck.labelled(iceberg, world.locale).head()

# %% [markdown]
# **For discussion:** which of these problems would you never hear about if you only read the
# complaints? What would that mean for a manager who ranks problems by complaint counts?
