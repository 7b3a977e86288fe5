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
# # 05 · Forecasting next month's complaints (投诉量预测)
#
# Two of our sources ask for a forecast. Seed 003 wants the **trend of complaints** analysed to
# predict future problems; seed 004 wants the service team to **forecast staffing from the sales
# forecast** (排班), with daily, weekly, monthly and yearly analysis. Both come down to one
# question: *how many complaints will come in, day by day, next month?*
#
# This session:
#
# 1. the daily counts of a year, with the festivals (节日) marked;
# 2. the **decomposition** into a weekly pattern (季节性) and a trend (趋势);
# 3. a 28-day **forecast** (预测) with three models, chosen by a **backtest** (回测), and its fan
#    chart;
# 4. the staffing question (排班): how many agents for the big shopping festival, decided a month
#    ahead, and what actually came in.

# %% [markdown]
# ## 1 · Setup
#
# `DATASET` is the one line to change to work on the Chinese company (its festival is 11.11,
# 双十一; the American company's is Black Friday).

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import complaintkit as ck
from complaintkit.analysis import festival_calendar
from complaintkit.plotting import use_style

# %%
DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
use_style(world.locale)
counts = ck.complaint_counts(world.complaints, freq="D", locale=world.locale)
counts[["period", "n", "weekday", "is_weekend", "festival", "days_to_festival"]].head()

# %% [markdown]
# ## 2 · A year of daily complaints
#
# `complaint_counts` gives one row per day (days without complaints count 0) with the weekday and,
# with `locale=`, the festival of the day. The year, with the festivals marked:

# %%
fest = counts[counts["festival"].astype(str) != ""]
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.plot(counts["period"], counts["n"], lw=0.8, color="#555555")
ax.plot(counts["period"], counts["n"].rolling(7, center=True).mean(), lw=2, label="7-day mean")
for _, f in fest.iterrows():
    ax.axvline(f["period"], color="#c0392b", ls=":", lw=1)
    ax.text(f["period"], ax.get_ylim()[1], f["festival"], rotation=90, va="top", fontsize=7)
ax.set(ylabel="complaints per day", title="Complaints per day, festivals dotted")
ax.legend(loc="upper left");

# %% [markdown]
# Three things to see: the day-to-day noise is large; the level drifts over the year; and the
# big peak comes **a few days after** the shopping festival, not on the day itself: complaints
# follow deliveries, and deliveries follow orders.

# %% [markdown]
# ## 3 · Weekly pattern and trend (季节性与趋势)
#
# `ck.decompose` splits the series into a trend, a weekly seasonal part and the remainder (STL).
# The weekly pattern first, as plain means per weekday:

# %%
# NBVAL_CHECK_OUTPUT
names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
by_weekday = counts.groupby("weekday")["n"].mean().round(1)
by_weekday.index = names
print(by_weekday.to_string())
print(f"days: {len(counts)}, complaints: {counts['n'].sum()}")

# %%
dec = ck.decompose(counts, periods=[7])
print(dec.summary())
dec.plot();

# %% [markdown]
# The remainder is the largest part: most of the day-to-day movement is noise that no model
# will predict. What a model can use is the weekly shape and the slow trend, and that is what
# every forecast below is made of.

# %% [markdown]
# ## 4 · A 28-day forecast, chosen by a backtest (回测)
#
# `ck.forecast` fits three models: the **seasonal naive** (next Monday = last Monday: the
# benchmark), **ETS** (exponential smoothing with a damped trend and a weekly pattern) and a
# **negative-binomial GLM** (trend, weekly terms and a festival indicator). For the GLM we pass
# the festival calendar of the forecast period (`future=`).

# %%
end = counts["period"].max()
future = festival_calendar(world.locale, end + pd.Timedelta(days=1), end + pd.Timedelta(days=28))
res = ck.forecast(counts, horizon=28, future=future)
print(res.summary())
res.backtest.round(3)

# %% [markdown]
# **Why a backtest and not the in-sample fit?** A model with more parameters always fits the
# past better; that says nothing about the next month. The backtest pretends it is six earlier
# dates (origins), fits each model on the data up to that date only, forecasts the next 28 days
# and scores them against what really came.
#
# **MASE** divides the forecast error by the error of the seasonal naive (one week back) on the
# training data: below 1 the model beats "same as last week", above 1 it does worse. *Coverage*
# is the share of actual days inside the 90% interval (it should be near 0.9). The model with the
# lowest MASE is chosen.

# %%
res.plot(history=90);

# %% [markdown]
# The **fan chart** (扇形图): the line is the expected count, the band the 90% interval. Plan
# with the band, not the line: on a day in ten the count will fall outside it.

# %% [markdown]
# ## 5 · Staffing the festival peak (排班)
#
# Seed 004: the roster for the big festival is made about a month ahead. So we forecast **from
# the data up to 30 days before the festival** only, for six weeks, and read the upper bound of
# the interval on the festival day and the week after it.
#
# *Assumption:* one agent handles **14 complaints a day** (an 8-hour shift, about 30 minutes per
# complaint with follow-ups). Change it to your own figure.

# %%
FESTIVAL = "d1111" if world.locale == "zh_CN" else "black_friday"
PER_AGENT = 14   # complaints one agent can handle per day (an assumption)
day = counts.loc[counts["festival"] == FESTIVAL, "period"].iloc[0]
cutoff = day - pd.Timedelta(days=30)
before = counts[counts["period"] < cutoff]
fut = festival_calendar(world.locale, cutoff, cutoff + pd.Timedelta(days=41))
early = ck.forecast(before, horizon=42, future=fut)
print(f"festival {day.date()}, forecast made on {cutoff.date()}: {early.summary()}")

# %%
# NBVAL_CHECK_OUTPUT
peak = early.table[early.table["period"].between(day, day + pd.Timedelta(days=7))]
peak = peak.merge(counts[["period", "n"]], on="period")
plan = int(np.ceil(peak["upper"].max() / PER_AGENT))
need = int(np.ceil(peak["n"].max() / PER_AGENT))
print(f"upper bound on the busiest peak day: {peak['upper'].max():.0f} -> {plan} agents")
print(f"the busiest day that actually came:  {peak['n'].max()} -> {need} agents")

# %%
ax = early.plot(history=60)
ax.plot(peak["period"], peak["n"], "o", color="#c0392b", ms=4, label="what came in")
ax.axhline(plan * PER_AGENT, color="#2c7a3f", ls="--", lw=1, label=f"{plan} agents x {PER_AGENT}")
# the fan chart fixed its y-axis: open it up so the peak and the staffing line both show
ax.set_ylim(0, 1.15 * max(peak["n"].max(), peak["upper"].max(), plan * PER_AGENT))
ax.legend(loc="upper left", fontsize=8);

# %% [markdown]
# **The forecast does not see the peak.** On the busiest day the count is above the upper
# bound: on the Chinese data about twice the plan; on the American data rounding up to whole
# agents saves the roster, by a hair. It is not a bad model: the data before the cut-off hold no
# festival peak of this size (the American company has no festival at all before November), and
# the festival indicator sits on the festival day while the complaints come days later. A
# complaint forecast can only repeat patterns it has seen.
#
# That is why seed 004 says *from the sales forecast*: the orders planned for the festival, times
# the complaints per order of last year's festival, lagged by the delivery time, tell the roster
# what the complaint history alone cannot.
#
# **A handful of agents, in a company of dozens?** `PER_AGENT` is a whole day of complaint work,
# so the answer counts *agent-days of complaints* (full-time equivalents, 全职人力), not people.
# The company's agents also answer questions, take orders and chase deliveries; complaints are
# a small slice of each one's day:

# %%
per_agent_day = counts["n"].mean() / len(world.agents)
print(f"{len(world.agents)} agents; {counts['n'].mean():.0f} complaints a day on average, "
      f"{per_agent_day:.2f} per agent")

# %% [markdown]
# So the roster question is how many agent-days to set aside for complaints on the peak, and who
# is taken off other work for them: the plan above, against an ordinary day's share.

# %% [markdown]
# ## 6 · Take-aways
#
# - Daily complaints = a trend + a **weekly pattern** (季节性) + a lot of noise; `ck.decompose`
#   shows the parts.
# - Choose a model by a **backtest** (回测) on data it has not seen, never by the in-sample fit;
#   **MASE** below 1 beats "same as last week".
# - Plan with the **interval**, not the point forecast, and round agents **up**.
# - A forecast from the complaint history does not know an event it has never seen: staff the
#   festival peak (排班) from the sales plan and last year's festival.
#
# ## Questions for discussion
#
# 1. The backtest's MASE is close to 1. Is a model that barely beats "same as last week" worth
#    it? What would you gain by forecasting weekly or monthly totals instead?
# 2. Who pays for too many agents on the roster, and who for too few? Would you plan with the
#    90% upper bound, the point forecast, or something in between?
# 3. What data would you need to forecast the festival peak from the sales forecast (seed 004)?
#    Who in your company has it?
# 4. Seed 003 wants to *predict future problems*. What could a rising trend in one category tell
#    you that the total hides?
#
# ## Your turn
#
# Open the exercise [`exercises/ex05-forecasting.ipynb`](../exercises/ex05-forecasting.ipynb): the
# weekly pattern, the seasonal naive by hand, the backtest's choice and the agents for the peak.
