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
# # Exercise 03 · Does a fast response keep the customer? (响应速度与客户忠诚)
#
# Six tasks on loyalty after a complaint (忠诚度, 复购): the 90-day repurchase share with
# censoring (删失) handled, fast against slow first responses, the hazard ratio of satisfaction
# (CSAT) against the truth, the silent dissatisfied, the service-recovery paradox (服务补救悖论)
# and the March battery batch. After each task, run the `ex.check(...)` cell: it tells you what is
# right and, if something is not right yet, what to look at again. Replace every `...` with your
# answer.
#
# The session notebook `notebooks/03-response-time-and-loyalty.ipynb` shows the method; here you
# do it yourself.

# %%
import numpy as np

import complaintkit as ck

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
lf = ck.loyalty_frame(world.customers, world.complaints, world.surveys, world.orders)
ex = ck.exercises.start("03", dataset=DATASET)

# %% [markdown]
# `lf` is the loyalty frame: one row per customer, with the index event (`index_event`:
# `complaint`, `silent_problem` or `no_problem`), the days to the next purchase
# (`days_to_next_purchase`; for customers who have not bought again, the days until the data
# end), `repurchased`, `days_to_period_end` (the longest follow-up possible), and for
# complainants the handling of their first complaint (`hours_to_first_response`, `csat_score` …).

# %%
lf[["index_event", "tier", "days_to_next_purchase", "repurchased", "days_to_period_end",
    "hours_to_first_response", "csat_score"]].head()

# %% [markdown]
# ## Task 1 · Who bought again within 90 days?
#
# Among the complainants (`index_event == "complaint"`), what share bought again within 90 days
# of their index event? Mind the censoring: use only the complainants who could be watched for
# 90 days (`days_to_period_end >= 90`). Give one number between 0 and 1.

# %%
complainants = lf[lf["index_event"] == "complaint"]
observable = complainants[complainants["days_to_period_end"] >= 90]  # SOLUTION
bought_90 = observable["repurchased"] & (observable["days_to_next_purchase"] <= 90)  # SOLUTION
share_90 = bought_90.mean()  # SOLUTION
ex.check(1, share_90)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the usual mistake is `complainants["repurchased"].mean()` or the 90-day share over
# all complainants. Both count the customers whose complaint closed in the last weeks of the year
# as "not bought", although nobody could have seen them buy: the check explains it. Ask the room
# why the share drops for complaints closed in October to December (the session's first chart).
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 2 · Fast against slow first responses
#
# Among the same complainants (observable for 90 days), what share bought again within 90 days
# when the first response came **within 1 hour** (`hours_to_first_response <= 1`), and what
# share when it came **after more than 24 hours** (`> 24`)? Give the two shares as a tuple
# `(fast, slow)`.

# %%
fast = observable["hours_to_first_response"] <= 1  # SOLUTION
slow = observable["hours_to_first_response"] > 24  # SOLUTION
fast_slow = (bought_90[fast].mean(), bought_90[slow].mean())  # SOLUTION
ex.check(2, fast_slow)

# %% [markdown]
# ## Task 3 · The hazard ratio of satisfaction (CSAT)
#
# `ck.loyalty` fits two Cox models of the time to the next purchase, stratified by tier. In the
# model of the **survey respondents** (`"respondents with CSAT"`), what is the **log hazard
# ratio** (`log_hr`) of CSAT, per point, at the same response time?

# %%
res = ck.loyalty(lf)
res.hazard_ratios

# %%
rows = res.hazard_ratios.set_index(["model", "term"])  # SOLUTION
csat_log_hr = rows.loc[("respondents with CSAT", "csat_score"), "log_hr"]  # SOLUTION
ex.check(3, csat_log_hr)

# %% [markdown]
# Our company is simulated, so the effect that generated the data is known. Is it inside the
# 95% confidence interval of your estimate? (The interval of `log_hr` is the log of
# `ci_lower` and `ci_upper`.)

# %%
print("truth:", world.truth.value("loyalty.csat_log_hr"))
np.log(res.hazard_ratios.set_index(["model", "term"])[["hazard_ratio", "ci_lower", "ci_upper"]])

# %% [markdown]
# ## Task 4 · The silent dissatisfied
#
# Customers who had a problem but never complained (`silent_problem`): on any given day, how
# does their chance of buying again compare with customers who had **no problem**? Give the
# **hazard ratio** (silent against no problem) from a Cox model:
#
# - keep the customers with `index_event` `"silent_problem"` or `"no_problem"` and a follow-up
#   above zero (`days_to_next_purchase > 0`);
# - a covariate `silent` (1 for silent, 0 for no problem), the event `status` (1 = bought again,
#   0 = censored), and the **tier as strata**;
# - count the follow-up in whole days (`np.ceil`), which keeps the fit fast.
#
# *Hint:* `PHReg.from_formula("days ~ silent", data, status="status", strata="tier").fit()`, as
# in section 6 of the session notebook (import it with
# `from statsmodels.duration.hazard_regression import PHReg`); its `params` are log hazard ratios.

# %%
# BEGIN SOLUTION
from statsmodels.duration.hazard_regression import PHReg

pair = lf[lf["index_event"].isin(["silent_problem", "no_problem"])
          & (lf["days_to_next_purchase"] > 0)]
pair = pair.assign(silent=(pair["index_event"] == "silent_problem").astype(float),
                   status=pair["repurchased"].astype(int),
                   days=np.ceil(pair["days_to_next_purchase"]))
silent_fit = PHReg.from_formula("days ~ silent", pair, status="status", strata="tier").fit()
# END SOLUTION
silent_hr = np.exp(silent_fit.params[0])  # SOLUTION
ex.check(4, silent_hr)

# %% [markdown]
# ## Task 5 · The service-recovery paradox (服务补救悖论)
#
# Are complainants whose complaint was handled quickly and well (CSAT 5, first response within
# 1 hour) **more** loyal than customers with no problem? `res.paradox` holds the test. Answer
# with one of three words:
#
# - `"yes"`: the paradox, the hazard ratio's 95% CI lies entirely above 1;
# - `"no"`: its opposite, the CI lies entirely below 1;
# - `"cannot tell"`: the CI includes 1.

# %%
p = res.paradox.set_index("measure").loc["hazard_ratio"]
p

# %%
verdict = "yes" if p["ci_lower"] > 1 else "no" if p["ci_upper"] < 1 else "cannot tell"  # SOLUTION
ex.check(5, verdict)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the check also shows the truth (`loyalty.paradox_group_log_hr`: the group's
# recovery effect with its response-time term). In this world it is just below zero: no
# paradox, but too small for the data to tell from none. The session
# notebook runs the same test on the `ecommerce_recovery` preset, where the paradox holds.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 6 (optional) · The March battery batch (批次质量问题)
#
# In March a bad batch of electronics multiplied the quality-defect rate by 3.5 for three weeks: the
# incident `battery_batch` in `world.truth.incidents`. Find its complaints: root cause
# `bad_batch`, product category `electronics` (on the order: join `world.orders` on
# `order_id`), ordered from the incident's `start` up to (not including) its `end`. Give the
# complaints as a table (or their `complaint_id`s); the check then tells you how fast they were
# answered and what their customers did next.

# %%
incident = world.truth.incidents.set_index("incident").loc["battery_batch"]
incident

# %%
# BEGIN SOLUTION
orders = world.orders[["order_id", "product_category", "ordered_at"]]
c = world.complaints.merge(orders, on="order_id")
in_batch = ((c["root_cause"] == "bad_batch") & (c["product_category"] == "electronics")
            & c["ordered_at"].between(incident["start"], incident["end"], inclusive="left"))
# END SOLUTION
batch = c[in_batch]  # SOLUTION
ex.check(6, batch)

# %% [markdown]
# ## Afterwards
#
# - The batch's customers: `lf[lf["complaint_id"].isin(batch["complaint_id"])]`. Run
#   `ck.loyalty(...)` on them with `bands=(1,)` and look at the hazard ratios' confidence
#   intervals. Why are they so much wider than for the whole year?
# - Your first-response target is 24 hours. From tasks 2 and 3, what would you tell a manager who
#   asks whether a 4-hour target is worth its cost?
