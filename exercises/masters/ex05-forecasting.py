# ---
# jupyter:
#   jupytext:
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Exercise 05 · Forecasting next month's complaints (投诉量预测)
#
# Four tasks on the daily complaint counts: the weekly pattern (季节性), the seasonal-naive
# forecast by hand, the model the backtest (回测) chooses, and the agents for the festival peak
# (排班). After each task, run the `ex.check(...)` cell: it tells you what is right and, if
# something is not right yet, what to look at again. Replace every `...` with your answer.
#
# The session notebook `notebooks/05-forecasting.ipynb` shows the method; here you do it
# yourself.

# %%
import math

import numpy as np
import pandas as pd

import complaintkit as ck
from complaintkit.analysis import festival_calendar

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
counts = ck.complaint_counts(world.complaints, freq="D", locale=world.locale)
ex = ck.exercises.start("05", dataset=DATASET)

# %% [markdown]
# `counts` has one row per day: `period` (the date), `n` (complaints), `weekday` (0 = Monday …
# 6 = Sunday), `is_weekend` and, on festival days, `festival`.

# %%
counts.head(10)

# %% [markdown]
# ## Task 1 · The weekly pattern
#
# What is the **mean number of complaints per day** for each weekday? Give a Series of 7 (indexed
# 0–6 or by weekday names).

# %%
by_weekday = counts.groupby("weekday")["n"].mean()  # SOLUTION
ex.check(1, by_weekday)

# %% [markdown]
# ## Task 2 · The seasonal naive by hand
#
# The **seasonal-naive** forecast says: each of the next 7 days gets the count of the same
# weekday one week before. What is it for the 7 days after the last date in `counts`? Give 7
# numbers, in order.

# %%
naive_7 = counts["n"].iloc[-7:].to_numpy()  # SOLUTION
ex.check(2, naive_7)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the usual wrong answer repeats the last day seven times (a naive forecast, not a
# *seasonal* one). Ask why the weekly version is the fairer benchmark for daily complaints.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 3 · What the backtest chooses
#
# Forecast the next 28 days with the festival calendar of that period, as below. Which model does
# the backtest choose, and what is its MASE? Give `(model, mase)`.

# %%
end = counts["period"].max()
future = festival_calendar(world.locale, end + pd.Timedelta(days=1), end + pd.Timedelta(days=28))
res = ck.forecast(counts, horizon=28, future=future)
res.backtest

# %%
choice = (res.chosen, res.backtest.set_index("model").loc[res.chosen, "mase"])  # SOLUTION
ex.check(3, choice)

# %% [markdown]
# ## Task 4 · Agents for the festival peak (排班)
#
# The roster for the big festival (11.11 for the Chinese company, Black Friday for the American)
# is made 30 days ahead. The cell below forecasts from the data before that date and keeps the
# festival day and the 7 days after it (`peak`). One agent handles **14 complaints a day**. How
# many agents are needed on the busiest peak day if you plan with the **upper bound** of the
# interval? One whole number.

# %%
FESTIVAL = "d1111" if world.locale == "zh_CN" else "black_friday"
day = counts.loc[counts["festival"] == FESTIVAL, "period"].iloc[0]
cutoff = day - pd.Timedelta(days=30)
fut = festival_calendar(world.locale, cutoff, cutoff + pd.Timedelta(days=41))
early = ck.forecast(counts[counts["period"] < cutoff], horizon=42, future=fut)
peak = early.table[early.table["period"].between(day, day + pd.Timedelta(days=7))]
peak

# %%
agents = math.ceil(peak["upper"].max() / 14)  # SOLUTION
ex.check(4, agents)

# %% [markdown]
# Now compare with what actually came in on those days:
# `counts.set_index("period").loc[peak["period"], "n"]`. Would your roster have been enough?

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* two wrong answers come up: rounding down (a fraction of an agent does not come
# to work) and the point forecast (half the days above it). Then show that even the upper bound
# misses the 11.11 peak: the complaint history holds no peak of that size; seed 004's answer is
# to staff from the sales forecast.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Afterwards
#
# - Look at `res.forecasts`: how far apart are the three models' forecasts for next month?
# - Change the 14 complaints per agent-day to your own team's figure. How many agents then?
