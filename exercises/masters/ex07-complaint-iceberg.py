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
# # Exercise 07 · The complaint iceberg (投诉冰山)
#
# Four tasks on the dissatisfied customers behind the complaints: how many stand behind
# January's complaints, how many of them stayed silent (沉默的不满客户), the world's true voice
# rate, and the category whose problems are least often voiced. After each task, run the
# `ex.check(...)` cell: it tells you what is right and, if something is not right yet, what to
# look at again. Replace every `...` with your answer.
#
# The session notebook `notebooks/07-complaint-iceberg.ipynb` shows the method; here you do it
# yourself.

# %%
import numpy as np
import pandas as pd

import complaintkit as ck

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
complaints, orders = world.complaints, world.orders
ex = ck.exercises.start("07", dataset=DATASET)

# %% [markdown]
# `complaints` has one row per complaint (`received_at`, `category`, ...). `orders` has one row
# per order: `problem` names what went wrong (`"none"` if nothing did). **Every order with a
# problem is kept; the untroubled orders are a sample**, and `sample_weight` says how many real
# orders each one stands for.

# %%
orders["problem"].value_counts()

# %% [markdown]
# ## Task 1 · The dissatisfied behind January's complaints
#
# Seed 004: 90% of dissatisfied customers never complain, so the **voice rate** (the share of
# the dissatisfied who complain) is 1 in 10. How many dissatisfied customers do the complaints
# received in **January** stand for? One number.

# %%
january = complaints[complaints["received_at"].dt.month == 1]  # SOLUTION
dissatisfied = len(january) / 0.10  # SOLUTION
ex.check(1, dissatisfied)

# %% [markdown]
# ## Task 2 · The silent ones (沉默的不满客户)
#
# How many of these dissatisfied customers did **not** complain? One number.

# %%
silent = dissatisfied - len(january)  # SOLUTION
ex.check(2, silent)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the usual slip in task 1 is to multiply by 0.10 (fewer customers than
# complaints!). Ask: if 1 in 10 complains, are there more or fewer dissatisfied customers than
# complaints? In task 2 some take 24 per complaint, seed 004's other figure (a voice rate of
# 1/25): a good moment to say the voice rate is an assumption, and a range.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 3 · The true voice rate of our world
#
# Our company is simulated, so we can see every dissatisfied customer: an order with a problem
# (`problem != "none"`). What share of them complained? Take the number of complaints divided by
# the number of **problem orders**. One number between 0 and 1.

# %%
problems = (orders["problem"] != "none").sum()  # SOLUTION
true_rate = len(complaints) / problems  # SOLUTION
ex.check(3, true_rate)

# %% [markdown]
# ## Task 4 · One voice rate for all?
#
# Compute the true voice rate **per category**: complaints of the category divided by its
# problem orders. `world.truth.iceberg` maps each problem (`sub_category`) to its `category`.
# Which category has the **lowest** voice rate? Give its name.

# %%
# BEGIN SOLUTION
to_category = world.truth.iceberg.set_index("sub_category")["category"].astype(str)
problem_cat = orders.loc[orders["problem"] != "none", "problem"].map(to_category)
rates = complaints["category"].astype(str).value_counts() / problem_cat.value_counts()
# END SOLUTION
lowest = rates.idxmin()  # SOLUTION
ex.check(4, lowest)

# %% [markdown]
# ## Afterwards
#
# - Run `ck.iceberg(january, voice_rate_ci=(1/25, 1/10)).compare(world.truth)`: does the seed's
#   range hold the truth for the whole year?
# - Estimate January's dissatisfied per category with the true voice rates of task 4. Which
#   category's iceberg grows most compared with one voice rate for all?
