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
# # 07 · The complaint iceberg (投诉冰山)
#
# The complaints table counts the customers who *spoke*. The customer-service director of
# Joyo.com (seed 004) drew the **complaint pyramid** (投诉金字塔) of his customers:
#
# | layer | share of customers |
# |---|---|
# | reached management (via customer relations) | 8% |
# | complained only to front-line staff | 23% |
# | never complained | 69% |
#
# and two rules of thumb: **90% of dissatisfied customers never complain**, and **one complaint
# speaks for about 24 customers who did not**. The complaints are the tip of an iceberg; below
# the water are the **silent dissatisfied customers** (沉默的不满客户).
#
# **Do 69% and 90% contradict each other?** No: they count different things. The pyramid is
# about customers who had a problem: 69% said nothing, 23% told only the person in front of
# them, 8% reached management. A word to a courier or a shop assistant rarely becomes a record,
# so seen from head office about 92% (69% + 23%) never complained, close to the rule's 90%. And
# "24 silent behind each complaint" is a voice rate of 1 in 25 (4%), half the pyramid's 8%. The
# figures come from different surveys; what they agree on is that a complaint that *reaches the
# company* is somewhere between 1 in 10 and 1 in 25 of the customers who had the problem. That
# range is what we use below.
#
# This session:
#
# 1. estimates the dissatisfied customers behind a month's complaints with the seed's range;
# 2. narrows the range with a small survey of dissatisfied customers;
# 3. holds the estimate against the truth of our simulated company;
# 4. shows why one voice rate for all categories misleads, and what a rate per category fixes.

# %% [markdown]
# ## 1 · Setup
#
# `DATASET` is the one line to change to work on the Chinese company.

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import complaintkit as ck
from complaintkit.plotting import use_style

# %%
DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
use_style(world.locale)

# %% [markdown]
# ## 2 · A month's complaints and the seed's voice rate
#
# The **voice rate** (发声率) is the share of dissatisfied customers who complain. Then
# *dissatisfied = complaints / voice rate*. Seed 004 gives two figures: 90% never complain (a
# voice rate of 1 in 10) and 24 silent per complaint (1 in 25). We take them as a range.
# `ck.iceberg` turns January's complaints into an estimate with an interval that carries the
# uncertainty of the voice rate and the chance variation of the count:

# %%
complaints = world.complaints
january = complaints[complaints["received_at"].dt.month == 1]
seed_range = ck.iceberg(january, voice_rate=0.10, voice_rate_ci=(1 / 25, 1 / 10))
print(seed_range.summary())

# %%
seed_range.plot();

# %% [markdown]
# The red tip is what the complaints table sees; the grey body is the estimate of the silent
# customers. The interval is wide: between 1 in 25 and 1 in 10 the iceberg is 2.5 times bigger
# or smaller. A range taken from an article about another company, twenty years ago, is a
# starting point, not a measurement.
#
# **Why is the estimate at the bottom of its interval?** Because we chose the *highest* voice
# rate of the range (1 in 10) as the point: the more customers speak, the fewer stand behind
# each complaint, so 1 in 10 gives the smallest iceberg, and the interval reaches up to what
# 1 in 25 would give. The interval is not symmetric around the estimate; it is the range of
# the voice rate carried through (with a little chance variation of the count on top). Had we
# taken 1 in 25 as the point, the estimate would sit at the top. The point we pick says which
# end of the range we believe; the survey below replaces the belief by a measurement.
#
# **For discussion:** where in your company could the silent dissatisfied leave a trace
# (returns, cancelled subscriptions, bad reviews, calls that never became a complaint)?

# %% [markdown]
# ## 3 · Measuring the voice rate: a small survey
#
# Better than a rule of thumb: ask. Suppose we call 300 customers whose order had a problem and
# ask whether they complained. Our world is simulated, so we can draw that survey from the
# truth (`world.truth.iceberg`: per problem, how many customers had it and how many complained):

# %%
# NBVAL_CHECK_OUTPUT
truth = world.truth.iceberg
true_rate = truth["complaints"].sum() / truth["problems"].sum()
rng = np.random.default_rng(1)
n_asked = 300
n_complained = int(rng.binomial(n_asked, true_rate))
print(f"asked {n_asked} dissatisfied customers: {n_complained} had complained")

# %%
survey = ck.iceberg(january, surveyed=(n_asked, n_complained))
print(survey.summary())

# %% [markdown]
# The survey gives a voice rate with a Wilson interval, and the iceberg's interval narrows a
# lot. Three hundred phone calls buy a much better estimate than any rule of thumb.

# %% [markdown]
# ## 4 · Against the truth
#
# `.compare(world.truth)` sets each estimate beside the true number of dissatisfied customers.
# The truth is for the whole year, so we estimate the whole year's complaints:

# %%
cols = ["dissatisfied", "ci_lower", "ci_upper", "true_dissatisfied", "relative_error",
        "covered"]
rows = {"seed range": ck.iceberg(complaints, voice_rate=0.10, voice_rate_ci=(1 / 25, 1 / 10)),
        "survey": ck.iceberg(complaints, surveyed=(n_asked, n_complained))}
both = pd.concat({k: r.compare(world.truth)[cols] for k, r in rows.items()})
ck.labelled(both.round(2), world.locale)

# %% [markdown]
# Our company's true voice rate lies near 1 in 11, close to the seed's "90% never complain", so
# the point estimate at 0.10 is near the truth and the range holds it. The survey's interval is
# narrower and holds it too. In another company (or another year) the seed's figures may be far
# off; a survey is the way to find out.

# %% [markdown]
# ## 5 · One voice rate for all categories misleads
#
# `world.truth.iceberg` has the true voice rate of each kind of problem. Customers complain
# about being charged twice; a page that does not load, they just leave:

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
ax.set(xlabel="dissatisfied customers (year)",
       title="One voice rate (0.10) for all categories against the truth");

# %% [markdown]
# With one voice rate, **technical problems** (技术原因) look small: few complain, so the
# estimate is far below the true number of customers who had them. **Billing** (支付扣费) is
# voiced often, so one rate overstates it. Ranking problems by complaints (the Pareto of
# session 01) ranks them by *how loudly* customers complain as much as by *how many* suffer.

# %% [markdown]
# ### A voice rate per category
#
# `ck.iceberg` takes a voice rate per group: a mapping from category to rate. In a company each
# rate comes from a small survey per category (`surveyed=` takes one `(n_asked, n_complained)`
# per category). Here we take each category's true voice rate from the truth
# (`voice.rate.<category>`: what this world realised) and set the errors side by side:

# %%
rates = {c: world.truth.value(f"voice.rate.{c}") for c in est.index}
per_cat = ck.iceberg(complaints, by="category", voice_rate=rates).compare(world.truth)
per_cat = per_cat[per_cat["category"] != "total"].set_index("category")
errors = pd.DataFrame({"error, one rate": est["relative_error"],
                       "covered, one rate": est["covered"],
                       "error, rate per category": per_cat["relative_error"],
                       "covered, rate per category": per_cat["covered"]})
ck.labelled(errors.round(2), world.locale)

# %% [markdown]
# With its own rate, each category lands within a few percent of the truth, and the 95%
# intervals hold it in nearly every category (a miss now and then is the chance variation of
# a small count). With one shared rate the intervals miss in most categories *while printing
# 95%*: the error is in the rate, which no amount of complaints narrows. That is why
# `ck.iceberg(by=...)` with one rate warns (in `.notes` and the summary; `voice_rate_source`
# is `"shared"`). It matters for decisions: quiet categories such as technical problems are
# two to three times bigger than one rate says, and climb the ranking of where customers suffer.
#
# ## 6 · What a manager should take from it
#
# - The complaints table is the **tip** (冰山一角): about 9 in 10 dissatisfied customers are
#   silent (沉默的不满客户), and they do not stay: silent customers buy less again (session 03).
# - Estimate the iceberg with a **range**, not one number; better, **measure** the voice rate
#   with a small survey of customers who had a problem.
# - The voice rate differs by category: estimate it **per category** (a small survey in each),
#   and give quiet problems (technical) other signals too (abandoned baskets, error logs).
# - Every complaint is a customer who *chose* to tell you: make complaining easy.
#
# ## Your turn
#
# Open the exercise
# [`exercises/ex07-complaint-iceberg.ipynb`](../exercises/ex07-complaint-iceberg.ipynb): the
# dissatisfied behind January's complaints, the silent ones, the true voice rate and the quietest
# category.
