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
# # Exercise 01 · The delivery-delay drill-down (配送超时)
#
# Work through six tasks, from a Pareto table by hand to your own improvement plan (改进计划).
# After each task, run the `ex.check(...)` cell: it tells you what is right and, if something is
# not right yet, what to look at again. Replace every `...` with your answer.
#
# The session notebook `notebooks/01-delivery-delay-drilldown.ipynb` shows the method; here you
# do it yourself.

# %%
import complaintkit as ck

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
january = ck.in_period(world.complaints, "2025-01")
ex = ck.exercises.start("01", dataset=DATASET)

# %% [markdown]
# ## Task 1 · Shares by category
#
# What share of January's complaints falls in each `category`? Give a pandas Series indexed by
# category, with shares between 0 and 1. Do it with pandas, without `ck.pareto`.
#
# *Hint:* `value_counts` can count and divide in one go.

# %%
shares = january["category"].value_counts(normalize=True)  # SOLUTION
ex.check(1, shares)

# %% [markdown]
# ## Task 2 · Cumulative shares in Pareto order
#
# A Pareto curve (帕累托曲线) adds the shares up, the largest first. Give the cumulative shares as a
# Series in Pareto order: its last value must be 1.

# %%
cum_shares = shares.sort_values(ascending=False).cumsum()  # SOLUTION
ex.check(2, cum_shares)

# %% [markdown]
# ## Task 3 · The vital few
#
# Which categories are the *vital few* at 80%: the fewest categories that together reach 80% of
# the complaints? Give a list of category codes. The category that takes the total *past* 80%
# belongs to the vital few.

# %%
vital_few = list(cum_shares[cum_shares.shift(fill_value=0) < 0.8].index)  # SOLUTION
ex.check(3, vital_few)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* `shift(fill_value=0)` gives the cumulative share *before* each category, so the
# condition keeps every category that is needed to reach 80%. A common mistake is
# `cum_shares <= 0.8`, which stops one category short.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 4 · Drill into delivery timeouts
#
# Among January's complaints with `sub_category == "delivery_delay"` (delivery timeout, 配送超时),
# what share does each `root_cause` have? In a drill-down, each level is a share of its
# **parent**, which here is the delivery timeouts.

# %%
delays = january[january["sub_category"] == "delivery_delay"]  # SOLUTION
root_shares = delays["root_cause"].value_counts(normalize=True)  # SOLUTION
ex.check(4, root_shares)

# %% [markdown]
# ## Task 5 · The real Joyo.com table
#
# The article behind this case says the two "customer-requested time" rows (next day, same day)
# make up 45% of its 1094 delivery timeouts. Compute the share from the table yourself.

# %%
joyo = ck.load_dataset("joyo_delivery_timeout")
requested = joyo["sub_type"].astype(str).str.startswith("customer_requested")  # SOLUTION
joyo_share = joyo.loc[requested, "count"].sum() / joyo["count"].sum()  # SOLUTION
ex.check(5, joyo_share)

# %% [markdown]
# ## Task 6 · Your improvement plan
#
# `ck.improvement_plan` drafts one row per vital-few root cause. Fill it in:
#
# - an `action` for every row (the Joyo plans are a good start: `joyo["improvement_plan"]`);
# - an owner in customer service (`owner_customer_service`) for every row;
# - a sharper target of 40% for the two customer-requested rows. Keep `target_n` in step:
#   `target_n = n × (1 − target_reduction)`.

# %%
plan = ck.improvement_plan(january, where={"sub_category": "delivery_delay"})
# BEGIN SOLUTION
joyo_plans = dict(zip(joyo["sub_type"].astype(str), joyo["improvement_plan"]))
t = plan.table
t["action"] = t["root_cause"].map(joyo_plans).fillna("Agree a fix with the department")
t["owner_customer_service"] = "Customer-service team lead"
requested_rows = t["root_cause"].str.startswith("customer_requested")
t.loc[requested_rows, "target_reduction"] = 0.4
t["target_n"] = (t["n"] * (1 - t["target_reduction"])).round(1)
# END SOLUTION
ex.check(6, plan)

# %% [markdown]
# ## Afterwards
#
# Run `plan.check(ck.in_period(world.complaints, "2025-02"))`. Which targets were met in February,
# and why those? Compare your answer with `world.truth.improvements`.
