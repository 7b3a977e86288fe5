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
# # 03 · Does a fast response keep the customer? (响应速度与客户忠诚)
#
# A complaint is a moment of decision. The customer has had a problem, has taken the trouble to
# tell us, and now watches what we do. The training article among our sources (seed 001) puts
# the research in one line: how well a complaint is handled depends on **speed**, on the
# **fairness** of the solution and on the **communication**, and satisfaction with the handling
# drives **repurchase** (复购) and **loyalty** (忠诚度). It tells two cases:
#
# - an **e-commerce platform** with delivery-delay complaints: the team contacted each customer,
#   explained, compensated and kept communicating, and the customers posted positive reviews;
# - a **phone brand** with battery-life complaints: a technical root-cause analysis, a software
#   update and offers to the complainants, after which satisfaction rose in later surveys.
#
# Both stories end with *satisfaction*. A manager also wants to know whether the customer
# **comes back and buys again**, and whether answering faster is worth its cost. That is the
# question of this session, asked of a year of our synthetic online retailer:
#
# 1. Do customers whose complaint was answered fast buy again more often? By how much?
# 2. How does their satisfaction with the handling (CSAT, from the follow-up survey, 回访) enter?
# 3. What about the customers who had a problem and **never complained**?
# 4. Can a well-handled complaint leave a customer *more* loyal than no problem at all (the
#    **service-recovery paradox**, 服务补救悖论)?
# 5. The phone-battery case in our data: what happened to the customers of a bad batch?
#
# Our company is simulated, so every estimate can be held against the truth that generated it.

# %% [markdown]
# ## 1 · Setup
#
# `DATASET` is the one line to change to work on the Chinese company. The first cell makes
# every chart appear under the cell that draws it, in the kit's style, with a font for Chinese
# labels.

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
# ## 2 · The loyalty frame: one row per customer
#
# To ask "did the customer buy again?", each customer needs a moment from which we start
# counting, the **index event** (起点事件):
#
# - a **complainant**: the moment their first complaint was closed (the handling is over);
# - a **silent dissatisfied** customer, who had a problem but never complained: the delivery of
#   their first problem order;
# - a customer with **no problem**: the delivery of an ordinary order.
#
# From there we follow the customer (**follow-up**, 随访) until their next purchase.
# `ck.loyalty_frame` builds this table from the world's tables and adds, for complainants, how
# their first complaint was handled: hours to the first response, CSAT (1 to 5, only for those
# who answered the follow-up survey) and so on.

# %%
lf = ck.loyalty_frame(world.customers, world.complaints, world.surveys, world.orders)
lf[["customer_id", "tier", "index_event", "index_at", "days_to_next_purchase", "repurchased",
    "days_to_period_end", "hours_to_first_response", "csat_score", "weight"]].head()

# %% [markdown]
# How many customers of each kind? The customers with no problem are a **sample**: keeping every
# untroubled order of a year would make the data huge, so the generator keeps about one in 58
# and gives each kept customer a `weight` (the number of customers they stand for). Shares of
# no-problem customers below are weighted.

# %%
# NBVAL_CHECK_OUTPUT
print(lf["index_event"].value_counts().to_string())

# %% [markdown]
# ### Censoring (删失), in plain words
#
# Our data end on 31 December 2025. Take a customer whose complaint was closed on 20 December.
# We watched her for 11 days and she has not bought again. Did she leave us? **We do not
# know**: she may buy on 5 January. Her clock was stopped by the calendar, not by her. Her row
# says `repurchased = False` and `days_to_next_purchase = 11`: "no purchase *in the 11 days we
# could see*". That is a **censored** observation (删失): we stopped watching before we could
# know the outcome. `days_to_period_end` is the longest follow-up each customer could have had.
#
# For a question such as "did they buy again within 90 days?" only customers we could watch for
# 90 days can answer. Count everyone, and the late complainants, who could not have been seen
# buying, pull the share down. The chart shows it month by month:

# %%
lf["bought_90"] = lf["repurchased"] & (lf["days_to_next_purchase"] <= 90)
complainants = lf[lf["index_event"] == "complaint"]
closed_2025 = complainants[complainants["index_at"].dt.year == 2025]
by_month = closed_2025.groupby(closed_2025["index_at"].dt.month)["bought_90"].mean()
ax = by_month.plot(marker="o", figsize=(8, 3.5), label="complainants, by month closed")
ax.axvspan(9.5, 12.5, color="#f46d43", alpha=0.15, label="less than 90 days left to watch")
ax.set(title="Complainants who bought again within 90 days, by month the complaint closed",
       xlabel="month of 2025", ylabel="share bought again within 90 days", ylim=(0, 1))
ax.legend(loc="lower left");

# %% [markdown]
# From October on, the share falls: not because the customers changed, but because there was
# not enough calendar left to see them buy. The right way is to keep the customers we could
# watch for 90 days:

# %%
observable = complainants[complainants["days_to_period_end"] >= 90]
print(f"all complainants:             {complainants['bought_90'].mean():.1%} "
      f"bought again within 90 days (n = {len(complainants):,})  <- censoring bias")
print(f"observable for 90 days:       {observable['bought_90'].mean():.1%} "
      f"(n = {len(observable):,})")

# %% [markdown]
# **For discussion:** your own CRM shows "62% of last quarter's complainants have not bought
# again". Before you worry, what do you need to know about when each of them complained?

# %% [markdown]
# ## 3 · Repurchase within 90 days against the first-response time
#
# `ck.loyalty` answers the question three ways at once. The first is a **curve**: the predicted
# chance of buying again within 90 days against the hours to the first response, among the
# complainants observable for 90 days.
#
# **Why not a straight line?** First-response times are very skewed: half the complaints are
# answered within about two hours, a few wait more than a week. A straight line in hours would
# let those few long waits set the slope, and it would claim that going from 1 to 2 hours costs
# as much as going from 100 to 101 hours. The kit works on the log scale, log(1 + hours), where
# each *doubling* of the wait counts alike, and fits a **natural cubic spline** (自然三次样条)
# there: a smooth curve that may bend where the data bend, and stays straight at the ends where
# data are thin. The shaded band is its 95% confidence interval.

# %%
res = ck.loyalty(lf)   # 90-day window by default
res.curve.head()

# %% [markdown]
# The dashed grey line is what a straight line in hours (a logistic regression on raw hours)
# would have said:

# %%
import statsmodels.formula.api as smf

straight = smf.logit("bought_90 ~ hours_to_first_response",
                     observable.astype({"bought_90": int})).fit(disp=0)
grid = res.curve.rename(columns={"hours": "hours_to_first_response"})
ax = res.plot(kind="curve", title="Repurchase within 90 days by hours to first response")
ax.plot(res.curve["hours"], straight.predict(grid), "--", color="grey",
        label="straight line in hours (for comparison)")
ax.legend(fontsize=8);

# %% [markdown]
# Read the curve: customers answered within minutes come back most often, and beyond a few
# hours the chance of buying again falls steadily with each doubling of the wait. Bumps
# narrower than the shaded band are noise, not findings. The straight line in hours misses the
# shape: it is almost flat over the first day, where most complaints are, and only bends for
# the rare very long waits.

# %% [markdown]
# The curve's value at a few round response times, with its confidence interval:

# %%
res.curve.set_index("hours").loc[[1.0, 4.0, 24.0]].round(3)

# %% [markdown]
# **For discussion:** the curve is an *association*. Which complaints get a fast answer here?
# Could it be that easy complaints are answered fast *and* easy complaints leave customers
# happier, with speed itself doing little? What would convince you that speed matters?

# %% [markdown]
# ## 4 · Survival curves by response band (生存曲线)
#
# The 90-day curve throws away the late complainants. **Survival analysis** (生存分析) keeps
# everyone: each customer counts for as long as we watched them. The **Kaplan–Meier** curve is
# the share of customers who *have not yet* bought again, day by day after the complaint was
# closed. At each day it looks only at the customers still "at risk" (not yet bought, and still
# watched), so a censored customer simply leaves the count when their watching stops, without
# being counted as a loss.
#
# One curve per band of first-response time:

# %%
res.plot(kind="survival", title="Time to the next purchase by first-response band (Kaplan-Meier)");

# %% [markdown]
# A curve that falls faster means customers come back sooner. The bands line up in order, the
# fastest answers on the bottom, and they part steadily without crossing, which is what the Cox
# model below assumes (proportional hazards).

# %% [markdown]
# ## 5 · The Cox model: hazard ratios (风险比)
#
# The **hazard** (风险率) of buying again is the chance of buying on a given day among the
# customers who have not bought yet. A **hazard ratio** compares two groups: 1 means no
# difference, above 1 means they come back sooner, below 1 later. A Cox model estimates hazard
# ratios without assuming how the hazard moves over time; it is **stratified by tier** (分层):
# VIP customers buy far more often and complain more, so each tier is compared only with itself.
#
# Two models:
#
# - **all complainants**: the response time alone;
# - **respondents with CSAT**: the customers who answered the follow-up survey, with their CSAT
#   *and* the response time, so each is estimated holding the other fixed.

# %%
res.hazard_ratios[["model", "term", "log_hr", "hazard_ratio", "ci_lower", "ci_upper", "n"]]

# %%
res.plot(kind="hazard");

# %% [markdown]
# `summary()` puts the whole result into sentences a manager can read (the last one is about
# the paradox of section 7):

# %%
print(res.summary())

# %% [markdown]
# **What "per log-hour" means.** The response time enters as log(1 + hours). One unit more on
# that scale means (1 + hours) multiplied by e ≈ 2.7: from 1 to about 4.4 hours, or from 24 to
# about 67 hours. The hazard ratio is per such step. For any other comparison, raise it to the
# number of steps. From 1 hour to 24 hours:

# %%
hr = res.hazard_ratios.set_index(["model", "term"])["hazard_ratio"]
per_step = hr["all complainants", "log1p_hours_to_first_response"]
steps = np.log1p(24) - np.log1p(1)   # log(25) - log(2)
print(f"hazard ratio per log-hour {per_step:.2f}; from 1 h to 24 h: {steps:.2f} steps, "
      f"hazard ratio {per_step ** steps:.2f}")

# %% [markdown]
# A customer answered after a day comes back, on any given day, at roughly two thirds of the
# rate of one answered within the hour. The CSAT term reads the same way, per point: each point
# more of satisfaction with the handling raises the hazard of buying again by about a seventh.
#
# ### Against the truth
#
# The scenario that generated this company sets the effects (`[loyalty]` in
# `complaintkit/scenarios/ecommerce.toml`): a complainant's log hazard ratio rises by
# `csat_log_hr` per CSAT point and by `response_log_hr` per log-hour, *at the same CSAT*. Those
# are the respondents' model's two terms. Side by side, on the log scale:

# %%
fit = res.hazard_ratios.set_index(["model", "term"]).loc["respondents with CSAT"]
truth = pd.Series({"csat_score": world.truth.value("loyalty.csat_log_hr"),
                   "log1p_hours_to_first_response": world.truth.value("loyalty.response_log_hr")})
pd.DataFrame({"estimate": fit["log_hr"], "ci_lower": np.log(fit["ci_lower"]),
              "ci_upper": np.log(fit["ci_upper"]), "truth": truth}).round(3)

# %% [markdown]
# Both intervals should hold the truth (with 95% intervals, about one time in twenty one will
# not). Note what the all-complainants model's response term is *not*: it does not hold CSAT
# fixed, so it also carries the part of speed that works through satisfaction (a slow answer
# lowers CSAT, and a low CSAT lowers loyalty). It is the **total** association of speed with
# coming back, which is why it lies further from 1 than `response_log_hr`.
#
# **For discussion:** CSAT is known only for the third of complainants who answered the
# survey. If the angriest and the happiest customers answer more often (they do, here: the
# observed CSAT is J-shaped), is the respondents' model biased? What would have to be true for
# it to be?

# %% [markdown]
# ## 6 · The silent dissatisfied buy less again (沉默的不满客户)
#
# The complaint pyramid of seed 004: about 90% of dissatisfied customers never complain; one
# complaint speaks for some 24 customers who did not. In our company, the customers with a
# problem who did not complain far outnumber the complainants (see the counts above). Who comes
# back? The share who bought again within 90 days, by index event (no-problem customers
# weighted):

# %%
seen = lf[lf["days_to_period_end"] >= 90]
weighted = (seen["bought_90"] * seen["weight"]).groupby(seen["index_event"]).sum()
share_90 = weighted / seen["weight"].groupby(seen["index_event"]).sum()
names = ck.labels(world.locale, "index_event")
ax = share_90.rename(names).plot.bar(rot=0, color=["#2c7fb8", "#a50026", "#1a9850"])
ax.set(title="Bought again within 90 days, by index event", xlabel="index event",
       ylabel="share bought again within 90 days", ylim=(0, 1));

# %% [markdown]
# The silent dissatisfied come back clearly less often. The complainants look as loyal as the
# customers without a problem, but beware: many complainants are VIPs, who buy more of
# everything (and complain more). The Cox model compares within tier. statsmodels' `PHReg` fits
# it directly: the time, the event (`status`: 1 = bought again, 0 = censored) and the tier as
# strata. Customers with zero follow-up (index event at the very end) are left out. We count the
# follow-up in whole days (`np.ceil`): the estimate hardly moves, and with some 57,000
# customers the fit is ten times faster (its work grows with the number of distinct times).

# %%
from statsmodels.duration.hazard_regression import PHReg

pair = lf[lf["index_event"].isin(["silent_problem", "no_problem"])
          & (lf["days_to_next_purchase"] > 0)]
pair = pair.assign(silent=(pair["index_event"] == "silent_problem").astype(float),
                   status=pair["repurchased"].astype(int),
                   days=np.ceil(pair["days_to_next_purchase"]))
silent_cox = PHReg.from_formula("days ~ silent", pair, status="status", strata="tier").fit()
lo, hi = np.exp(silent_cox.conf_int()[0])
truth_hr = np.exp(world.truth.value("loyalty.silent_log_hr"))
print(f"silent dissatisfied vs no problem: hazard ratio {np.exp(silent_cox.params[0]):.2f} "
      f"(95% CI {lo:.2f} to {hi:.2f}); truth {truth_hr:.2f}")

# %% [markdown]
# A silent dissatisfied customer comes back at about two thirds of the rate of a customer with
# no problem, and nobody in the company knows. A complainant at least gives us the chance to
# put things right. This is the business case for making complaining **easy**: every channel
# open, no hoops to jump through.
#
# **For discussion:** your complaint numbers fall by 20% next quarter. Good news or bad news?
# What else would you look at before you decide?

# %% [markdown]
# ## 7 · The service-recovery paradox (服务补救悖论)
#
# The **service-recovery paradox** says that a customer whose problem was put right quickly and
# well ends up *more* loyal than a customer who never had a problem. It is a popular idea, and
# the research is **divided**: a meta-analysis of the studies (de Matos, Henrique & Rossi,
# *Journal of Service Research*, 2007) found the paradox in satisfaction, but not in repurchase
# intention. It may hold in one company and not in another.
#
# `ck.loyalty` tests it: complainants with CSAT 5 whose first response came within 1 hour
# ("resolved quickly and well") against the no-problem customers, as a Cox hazard ratio (by
# tier) and as a difference in the 90-day repurchase share. The verdict: **paradox** if the
# hazard ratio's 95% CI lies above 1, **opposite** if below 1, **cannot tell** if it contains 1.

# %%
res.paradox[["measure", "estimate", "ci_lower", "ci_upper", "n_recovered", "n_no_problem"]]

# %%
print(res.paradox_verdict)

# %% [markdown]
# The scenario has an answer, and it is set by hand: `recovery_log_hr`, the log hazard ratio of
# a complainant with CSAT 5 and a one-hour response against a customer with no problem. In our
# company it is slightly below zero: no paradox. The kit ships a second preset,
# `ecommerce_recovery`, where it is positive: the same company in a world where the paradox
# holds. The group we test (CSAT 5 and a first response within an hour) also carries its
# response-time term, so its true hazard ratio is in the truth as
# `loyalty.paradox_group_log_hr`. We generate a larger version of the second world (a few
# seconds) and run the same test:

# %%
recovery_world = ck.generate("ecommerce_recovery", seed=6, n_complaints=20_000,
                             n_customers=400_000, locale=world.locale)
recovery_lf = ck.loyalty_frame(recovery_world.customers, recovery_world.complaints,
                               recovery_world.surveys, recovery_world.orders)
recovery_res = ck.loyalty(recovery_lf)
recovery_res.paradox[["measure", "estimate", "ci_lower", "ci_upper", "n_recovered"]]

# %% [markdown]
# The two worlds side by side: the estimated hazard ratio of "resolved quickly and well"
# against "no problem", with its 95% CI, and the truth (a cross):

# %%
worlds = {"our company (ecommerce)": (res, world),
          "ecommerce_recovery": (recovery_res, recovery_world)}
fig, ax = plt.subplots(figsize=(8, 2.8))
for y, (r, w) in enumerate(worlds.values()):
    est, lo, hi = r.paradox.set_index("measure").loc["hazard_ratio", ["estimate", "ci_lower",
                                                                      "ci_upper"]]
    ax.errorbar(est, y, xerr=[[est - lo], [hi - est]], fmt="o", color="#2c3e50", capsize=4)
    ax.plot(np.exp(w.truth.value("loyalty.paradox_group_log_hr")), y, "x", color="#a50026")
ax.axvline(1, color="grey", ls="--")
ax.set(yticks=range(len(worlds)), yticklabels=list(worlds), ylim=(-0.6, 1.6),
       xlabel="hazard ratio of buying again (> 1: the paradox)",
       title="Resolved quickly and well vs no problem: estimate, 95% CI and truth (x)");

# %%
# NBVAL_CHECK_OUTPUT
for name, (r, w) in worlds.items():
    true_hr = np.exp(w.truth.value("loyalty.paradox_group_log_hr"))
    print(f"{name}: verdict {r.paradox_verdict!r}, true hazard ratio {true_hr:.2f}")

# %% [markdown]
# The same method, two answers, each right for its world: the test finds the paradox where the
# scenario put it, and in our company it cannot tell a hazard ratio of 0.99 from 1 (a "no
# paradox" world can look like "cannot tell" when the true effect is small). **The data decide,
# not the slogan**: whether the paradox holds for *your* customers is a question for your data,
# and a synthetic world only shows that the method can find it when it is there.
#
# **For discussion:** a manager says: "Complaints are great, a recovered customer is our most
# loyal customer." What would you ask to see before agreeing? (Think of who gives CSAT 5, and of
# what "more loyal" is measured by.)

# %% [markdown]
# ## 8 · The phone-battery case: a bad batch (批次质量问题)
#
# Seed 001's phone brand traced its battery complaints to a technical root cause and reached out
# to the complainants. Our company had its own version: in March 2025 a bad production batch of
# **electronics** (phones, power banks and the like) multiplied their quality-defect rate by 3.5
# for three weeks. The world records it as an incident:

# %%
world.truth.incidents.set_index("incident").loc["battery_batch"]

# %% [markdown]
# The complaints of the batch: quality complaints whose root cause is `bad_batch`, about
# electronics ordered while the batch was being sold. The product category is on the order,
# so we join the complaints (with their handling measures) to the orders:

# %%
incident = world.truth.incidents.set_index("incident").loc["battery_batch"]
cf = ck.complaint_frame(world.complaints, world.surveys).merge(
    world.orders[["order_id", "product_category", "ordered_at"]], on="order_id")
in_batch = ((cf["root_cause"] == "bad_batch") & (cf["product_category"] == "electronics")
            & cf["ordered_at"].between(incident["start"], incident["end"], inclusive="left"))
batch = cf[in_batch]
print(f"{len(batch)} complaints about the batch, received "
      f"{batch['received_at'].min():%d %b} to {batch['received_at'].max():%d %b}")

# %%
electronics = cf[cf["product_category"] == "electronics"]
weeks = electronics["received_at"].dt.to_period("W").dt.start_time
weekly = pd.crosstab(weeks, in_batch[electronics.index]).reindex(columns=[False, True],
                                                                 fill_value=0)
rc = ck.labels(world.locale, "root_cause")["bad_batch"]
fig, ax = plt.subplots(figsize=(9, 3.5))
ax.bar(weekly.index, weekly[False], width=6, color="#bbbbbb", label="other electronics complaints")
ax.bar(weekly.index, weekly[True], width=6, bottom=weekly[False], color="#a50026",
       label=f"{rc}: the March batch")
ax.set(title="Complaints about electronics, week by week", xlabel="week received",
       ylabel="complaints")
ax.legend(loc="upper right");

# %% [markdown]
# **How fast were they answered?** The batch complaints beside all other complaints received in
# the same weeks:

# %%
weeks_of_batch = cf["received_at"].between(batch["received_at"].min(), batch["received_at"].max())
same_weeks = cf[weeks_of_batch].assign(group=np.where(in_batch[weeks_of_batch], "battery batch",
                                                     "other complaints"))
same_weeks.groupby("group").agg(
    complaints=("complaint_id", "size"),
    median_hours_to_first_response=("hours_to_first_response", "median"),
    answered_within_1h=("hours_to_first_response", lambda h: (h <= 1).mean()),
    high_priority=("priority", lambda p: (p == "high").mean()),
    mean_csat=("csat_score", "mean"), mean_compensation=("compensation_amount", "mean"),
).round(2).T

# %% [markdown]
# The batch complaints were mostly given high priority, answered faster than the other
# complaints of those weeks and compensated more generously. Yet their CSAT is lower: a fast,
# polite answer does not undo a phone that fails. That is why the phone brand's fix was a
# technical one (root cause, software update) *and* an offer to the customers.
#
# **What did these customers do next?** The same loyalty analysis on the customers whose first
# complaint was about the batch, with two bands (answered within the hour or not):

# %%
batch_lf = lf[lf["complaint_id"].isin(batch["complaint_id"])]
batch_res = ck.loyalty(batch_lf, bands=(1,))
print(f"{len(batch_lf)} customers; bought again within 90 days: "
      f"{batch_lf['bought_90'].mean():.0%} (all complainants observable for 90 days: "
      f"{observable['bought_90'].mean():.0%})")
batch_lf.groupby(batch_lf["hours_to_first_response"] <= 1)["bought_90"].agg(["size", "mean"])

# %%
batch_res.plot(kind="survival", title="Battery-batch customers: time to the next purchase");

# %%
batch_res.hazard_ratios[["model", "term", "hazard_ratio", "ci_lower", "ci_upper", "n"]]

# %% [markdown]
# The batch's customers came back about as often as other complainants, and those answered
# within the hour tended to come back sooner. But look at the intervals: with about 120
# customers, the interval of the hazard ratio per log-hour stretches from a clear effect to
# none at all.
# The whole year's complainants, some 7,000, pin the same effect down. **One incident is too
# small to prove that handling pays**; it is the accumulated record of every complaint, handled
# and followed up (回访), that shows it. (In this world the truth is the same rule for every
# complaint: the scenario gives a bad batch no loyalty effect of its own.)
#
# **For discussion:** the phone brand made offers to *all* battery complainants. If you had to
# choose, would you spend the budget on faster first responses for everyone, or on a generous
# offer to the customers of a known bad batch? Which numbers from this notebook help decide?

# %% [markdown]
# ## 9 · Take-aways
#
# - **Loyalty after a complaint (忠诚度, 复购) can be measured**: one row per customer, an index
#   event, a follow-up until the next purchase, and **censoring** (删失) for those whose follow-up
#   the calendar cut short.
# - **Never count the censored as lost.** Keep only customers observable for the whole window, or
#   use survival methods (Kaplan–Meier, Cox) that let each customer count for as long as watched.
# - **Faster first responses go with more repurchase**, and the effect is on the log scale: each
#   doubling of the wait costs about the same. Hazard ratios per log-hour compound: 1 h → 24 h is
#   about 2.5 steps.
# - **Satisfaction with the handling (CSAT) carries its own effect** at the same response time;
#   the respondents' model recovers the scenario's truth.
# - **The silent dissatisfied buy less again**, unseen. A complaint is a chance to recover.
# - **The service-recovery paradox (服务补救悖论) is not a law**: the research is divided, and
#   the data of each company decide. Here: cannot tell (truth: no paradox); in
#   `ecommerce_recovery`: a clear paradox, as the scenario says.
# - **One incident is a small sample.** The battery batch was answered fast, yet its customers'
#   numbers cannot prove much on their own.
#
# ## Questions for discussion
#
# 1. Your first-response target is 24 hours. From the curve, what would 4 hours be worth? What
#    would it cost you?
# 2. Which is easier to improve in your team: the speed of the first response, or the
#    satisfaction with the solution? Which does this notebook say matters more?
# 3. How would you find your own silent dissatisfied customers, who never complain?
# 4. If your data showed the service-recovery paradox, would you change anything? Could that
#    finding be misused?
#
# ## Your turn
#
# Open the exercise
# [`exercises/ex03-response-time-and-loyalty.ipynb`](../exercises/ex03-response-time-and-loyalty.ipynb)
# and compute the key numbers yourself: the 90-day repurchase share with censoring handled, fast
# against slow responses, the CSAT hazard ratio against the truth, the silent dissatisfied, the
# paradox verdict and the battery batch.
