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
# # 02 · What drives satisfaction after a complaint (投诉处理满意度)
#
# A 2022 report on an e-commerce service team (one of our source documents) found **overall
# satisfaction at 75%, and falling**. Its remedy included a **follow-up plan** (回访计划): every
# complainant is called back or sent a questionnaire about product quality, service attitude and
# delivery speed. A second source lists the satisfaction indicators to survey (product quality,
# service level, price reasonableness, response speed), and a third sums up the research: how
# well a complaint is handled depends on **speed**, the **fairness of the solution** and the
# **communication**.
#
# Knowing that satisfaction is 75% does not tell a manager what to do. The question of this
# session is: **which of these things should we improve first to raise satisfaction (满意度)?**
# That is a *key-driver analysis* (关键驱动因素分析). We will
#
# 1. look at the follow-up survey (回访) and at who answers it: the numbers are not what they seem;
# 2. model the satisfaction score on the five ratings, with two kinds of regression;
# 3. split the explained variance among the ratings: their **relative importance** (相对重要性);
# 4. draw the **importance–performance map** (重要性-表现分析, IPA), a classic management tool;
# 5. check every estimate against the truth of our synthetic company, and say what the method
#    cannot tell.

# %% [markdown]
# ## 1 · Setup
#
# As in session 01: `DATASET` is the one line to change to work on the Chinese company, and the
# analyses take `locale=world.locale`, so their charts then show Chinese labels. `names` maps
# column codes (`rating_fairness`) to readable labels in the world's language, for our own
# charts.

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
names = ck.labels(world.locale, "column")
use_style(world.locale)

# %% [markdown]
# ## 2 · The follow-up survey (回访)
#
# A few days after a complaint is settled, the company follows up (回访): a call or a
# questionnaire. The customer gives an overall satisfaction score, **CSAT** (1 = very
# dissatisfied, 5 = very satisfied), and rates five aspects of the handling from 1 to 5: response
# speed, staff attitude, fairness of the solution, product quality and price. Here are three
# follow-ups:

# %%
world.labelled("surveys").head(3)

# %% [markdown]
# `complaint_frame` joins each complaint with its follow-up and adds the measures the analyses
# need: `responded`, `csat_score` and the `rating_*` columns as numbers, `resolved`,
# `first_contact_resolution` and `extra_contacts` (contacts beyond the first). One row per
# complaint, whether or not the customer answered.

# %%
frame = ck.complaint_frame(world.complaints, world.surveys)
frame[["complaint_id", "resolved", "responded", "csat_score", "rating_fairness"]].head()

# %% [markdown]
# The survey KPIs come from `kpis` (seed 002's team KPIs, with confidence intervals): the
# **response rate** (回访应答率) over all complaints, and the mean CSAT and the **top-2-box**
# share (CSAT 4 or 5, the usual "satisfied %") over the customers who answered.

# %%
# NBVAL_CHECK_OUTPUT
survey = ck.kpis(frame).table.set_index("kpi")
print(survey.loc[["survey_response_rate", "csat_mean", "csat_top2_share"],
                 ["value", "ci_lower", "ci_upper", "n"]].round(3).to_string())

# %% [markdown]
# About a third of the complainants answer, and three quarters of those who answer are satisfied,
# close to the report's 75%. Now look at *how* they answered:

# %%
dist = frame["csat_score"].value_counts(normalize=True).sort_index() * 100
fig, ax = plt.subplots(figsize=(6.5, 3.8))
ax.bar(dist.index.astype(int).astype(str), dist.to_numpy(), color="#2c7fb8")
ax.set(xlabel="CSAT (1 = very dissatisfied, 5 = very satisfied)", ylabel="% of respondents",
       title="Follow-up survey (回访): CSAT of the customers who answered");

# %% [markdown]
# The distribution is **J-shaped** (J形分布): many 5s, a bump of 1s, few 2s, 3s and 4s. Real
# satisfaction surveys often look like this, and one reason is **who answers**. A customer who
# is delighted, or furious, picks up the phone; a customer who feels "it was all right" often
# does not. Compare the response rate of resolved and unresolved complaints:

# %%
by_resolved = ck.kpis(frame, by="resolved")
by_resolved.wide()[["resolved", "complaints", "survey_response_rate", "csat_mean"]].round(3)

# %%
fig, axes = plt.subplots(1, 2, figsize=(9, 2.8), layout="constrained")
by_resolved.plot(kpis=["survey_response_rate", "csat_mean"], ax=axes)
fig.suptitle("Who answers the follow-up? Resolved and unresolved complaints", fontweight="bold");

# %% [markdown]
# Customers whose complaint was **not** resolved answer far more often than the others (about
# 56% against 34%), and they are very unhappy. Yet the fastest-handled complaints are also
# answered more often than the slowest:

# %%
quarter = pd.qcut(frame["hours_to_first_response"], 4,
                  labels=["fastest 25%", "second 25%", "third 25%", "slowest 25%"])
rate = frame.groupby(quarter, observed=True)["responded"].mean()
rate.rename_axis("time to first response").rename("survey_response_rate").round(3)

# %% [markdown]
# So **non-response is not random** (无应答偏差): both ends of the scale answer more, the middle
# less. Our world knows why; the truth table holds the rule that decides who answers:

# %%
effects = world.truth.effects
effects[effects["parameter"].str.startswith("satisfaction.response")]

# %% [markdown]
# The chance of answering rises with the distance of a customer's satisfaction from the middle of
# the scale (`response_extremity`, in log-odds), around an average rate of 35%.
#
# **What this does to the KPIs.** The mean CSAT and the 75% describe the *respondents*, not all
# complainants. Our generator knows what everyone would have said: had every complainant
# answered, the top-2 box would be about 68%, not 75%, and the mean about 3.9, not 4.1. With
# real data you never see that number. Response rates by group (as above) tell you *that* the
# respondents are a biased sample, not *how* biased. Report the response rate next to every
# satisfaction figure.
#
# **Why the driver model can still work.** In this world, whether a customer answers depends on
# the things we measure (the ratings and how the complaint ended), not on their mood beyond
# them. Selection on the *explanatory* variables does not bias a regression's coefficients, so
# a model fitted to the respondents estimates the true effects, even though the *level* of
# satisfaction among respondents is off. With real data that is an assumption you must argue
# for, not a fact.
#
# **For discussion**
#
# - Your team's bonus depends on the top-2 box. What happens to it if agents only remind happy
#   customers to fill in the survey?
# - How would you raise the response rate of the "it was all right" customers?

# %% [markdown]
# ## 3 · The drivers model: OLS and ordered logit
#
# `drivers` models `csat_score` on the five ratings. It always keeps three **controls** in the
# model: `resolved`, `first_contact_resolution` and `extra_contacts`. How a complaint ended
# matters a lot, and it is not one of the ratings; leaving it out would let the ratings take its
# credit (a customer whose problem was solved also rates the fairness higher). Rows without an
# answer are left out, and counted in the notes.
#
# `n_boot=200` bootstrap resamples give the confidence intervals of the importances below (a
# few seconds; more resamples give steadier intervals).

# %%
res = ck.drivers(frame, n_boot=200, locale=world.locale)
res.notes

# %% [markdown]
# The model is fitted twice, because CSAT is not an ordinary number:
#
# - **OLS** (ordinary least squares, 线性回归) treats 1-5 as a measurement. Its coefficient reads
#   easily: *CSAT points per rating point*. But it assumes that the step from 4 to 5 is the same
#   size as the step from 1 to 2, and it can predict a 5.6.
# - An **ordered logit** (有序logit模型) treats CSAT as what it is, an ordered choice among five
#   answers. It supposes a hidden satisfaction (潜在满意度) that the customer translates into an
#   answer, through four cut points estimated from the data. Its coefficient is in *log-odds per
#   rating point*: how much one more rating point raises the odds of a higher answer, the same at
#   every cut point (the proportional-odds assumption).
#
# The coefficients with their 95% confidence intervals:

# %%
coefs = res.table[["driver", "role", "ols_coef", "ols_ci_lower", "ols_ci_upper",
                   "ologit_coef", "ologit_ci_lower", "ologit_ci_upper"]]
coefs.assign(label=coefs["driver"].map(names)).round(3)

# %%
res.plot(kind="coefficients");

# %% [markdown]
# The two models rank the ratings alike; their numbers differ because their scales differ. An
# ordered-logit coefficient of about 0.6 for fairness means: one more point of fairness
# multiplies the odds of a higher CSAT by about e^0.6 ≈ 1.8. Price does nothing either way: its
# intervals straddle zero.
#
# Look at the controls as well: `resolved` dwarfs every rating (about 2 CSAT points in OLS).
# **Resolving the complaint comes first**; the ratings decide how satisfied a customer is
# *given* how it ended.

# %%
np.exp(res.driver_table.set_index("driver")["ologit_coef"]).round(2).rename("odds_ratio")

# %% [markdown]
# **For discussion:** a colleague says "the OLS coefficient of fairness is 0.25, so raising
# fairness by 2 points adds half a CSAT point". What does that assume about the 1-5 scale?

# %% [markdown]
# ## 4 · Relative importance (相对重要性): who gets the credit?
#
# Coefficients answer "what if this rating rose by one point?". A manager also asks "**how much
# of the differences in satisfaction does each aspect account for?**". The ratings are
# correlated (a customer pleased with the solution tends to like the agent too), so their
# contributions overlap, and there is no single right way to split them.
#
# **LMG** (Lindeman, Merenda & Gold; the Shapley value of R²) splits the R² fairly: it adds the
# ratings to the model in every possible order, records how much each one raises R² when it
# enters, and averages. The controls are in every model, so LMG splits only the R² the ratings
# add over the controls. `lmg_share` is each rating's share of that, and the bootstrap gives a
# 95% interval. **Johnson's relative weights** are a different, faster method; when the two
# agree, the ranking does not hang on the method.

# %%
imp = res.driver_table[["driver", "lmg", "lmg_ci_lower", "lmg_ci_upper", "lmg_share",
                        "relative_weight"]]
print(f"R² of the controls {res.r2_controls:.3f}; the ratings add {res.r2_drivers:.3f}")
imp.assign(label=imp["driver"].map(names)).round(3)

# %%
res.plot(kind="importance");

# %%
print(res.summary())

# %% [markdown]
# **Fairness of the solution** (方案公平性) accounts for the largest share, two fifths to a half;
# staff attitude and response speed follow (their order differs between the English and the
# Chinese dataset, and their intervals overlap); product quality adds little and price nothing.
# Johnson's weights (the diamonds) sit on the LMG bars: the two methods agree.
#
# Two things to keep in mind. The ratings add only about 0.08 to an R² of 0.51 from the
# controls: once you know whether the complaint was resolved, the ratings explain a modest part
# of what is left. And the intervals are wide: the ranking of the middle ratings could change
# with another year's data.
#
# **For discussion:** the third source says handling effectiveness depends on speed, fairness and
# communication. Does our ranking agree? Which one would you have guessed first?

# %% [markdown]
# ## 5 · The importance–performance map (重要性-表现分析, IPA)
#
# Importance alone does not say where to act: an important aspect that customers already rate
# highly needs less attention than an important one they rate poorly. Martilla and James (1977)
# put both on one map: **importance** (the LMG share) against **performance** (the mean rating).
# Lines at the mean of each axis split the map into four quadrants:
#
# | quadrant | 中文 | importance | performance | what a manager does |
# |---|---|---|---|---|
# | **concentrate here** | 重点改进区 | high | low | improve it first: budget, training, process |
# | **keep up** | 继续保持区 | high | high | a strength; keep it there and watch it |
# | **low priority** | 低优先区 | low | low | weak but matters little; no extra effort for now |
# | **possible overkill** | 过度投入区 | low | high | more effort than it is worth? move resources |

# %%
res.plot(kind="ipa");

# %%
ipa = res.driver_table[["driver", "lmg_share", "mean_rating", "quadrant"]]
ipa.assign(label=ipa["driver"].map(names)).round(3)

# %% [markdown]
# Fairness and staff attitude are important and rated above average: **keep up**. Response speed
# has the lowest rating of all, and sits right on the importance line. The line is the mean share,
# 1/5 = 20%, and speed's share is just under it in `ecommerce_en` (**low priority**) and just over
# it in `ecommerce_zh` (**concentrate here**). Its bootstrap interval spans the line:

# %%
res.driver_table.set_index("driver")[["lmg_share", "lmg_share_ci_lower",
                                      "lmg_share_ci_upper"]].round(3)

# %% [markdown]
# So the honest reading is: **response speed is the weakest aspect, and it is about as important
# as staff attitude.** A quadrant is a summary, not a verdict: read the distance from the lines
# and the intervals, not only the corner a point falls in. And because the lines sit at the
# means, some aspect is always "below average": the map ranks the aspects against each other,
# not against a standard.
#
# **For discussion**
#
# - Product quality is rated low and matters little to *handling* satisfaction. Does that mean
#   product quality is unimportant to the company? (Think about which complaints exist at all.)
# - What would you put in next quarter's plan for response speed, and how would you check that
#   it worked?

# %% [markdown]
# ## 6 · Against the truth
#
# Our company is simulated, so we know how its customers really form their satisfaction. The
# scenario makes CSAT an ordered logit of the five ratings, plus resolved, first-contact
# resolution and extra contacts. The true effect of each rating, in log-odds per point:

# %%
truth = effects.set_index("parameter")["value"]
est = res.driver_table.set_index("driver")[["ologit_coef", "ologit_ci_lower",
                                            "ologit_ci_upper"]].copy()
est["truth"] = [truth[f"satisfaction.ratings.{d.removeprefix('rating_')}"] for d in est.index]
est["covered"] = est["truth"].between(est["ologit_ci_lower"], est["ologit_ci_upper"])

# %%
# NBVAL_CHECK_OUTPUT
print(est[["truth", "ologit_coef", "covered"]].round(2).to_string())

# %%
fig, ax = plt.subplots(figsize=(7.5, 3.8))
y = np.arange(len(est))[::-1]   # the most important on top
ax.errorbar(est["ologit_coef"], y, fmt="o", capsize=3, label="ordered logit, 95% CI",
            xerr=[est["ologit_coef"] - est["ologit_ci_lower"],
                  est["ologit_ci_upper"] - est["ologit_coef"]])
ax.plot(est["truth"], y, "D", color="#c0392b", label="true effect in this world")
ax.axvline(0, color="#555555", linewidth=0.8)
ax.set_yticks(y, [names[d] for d in est.index])
ax.set(xlabel="effect on latent satisfaction (log-odds per rating point)",
       title="Ordered logit against the truth: the five ratings")
ax.legend(loc="lower right", fontsize=8);

# %% [markdown]
# Every interval covers the true value, although the model saw only the third of the complaints
# that answered: the selection on the drivers did not bias it (section 2). The controls come out
# right too: `resolved` is estimated near its true 3.0 (`satisfaction.resolved`).
#
# Why compare the *ordered-logit* coefficients? Because the truth is stated on that scale: the
# latent satisfaction. The OLS coefficients are in CSAT points, a different unit; they are about
# 0.4 times the ordered-logit ones here, and only price's OLS interval covers its true value (zero
# is zero on every scale). That is not a failure of OLS: it answers a different question.
#
# **For discussion:** with a real company there is no truth table. What could you do instead to
# build trust in a driver analysis? (Think: another period, another survey wave, an experiment.)

# %% [markdown]
# ## 7 · What this analysis cannot tell
#
# - **Ratings are perceptions** (感知), not operations. "Response speed" is how fast the handling
#   *felt*. To move that rating, the team must change real response times; in this world, the
#   speed rating falls with the log of the hours to the first response
#   (`satisfaction.speed_per_log_hour` in the truth table). That link is the subject of the next
#   session on response time and loyalty.
# - **Importance is association, not causation.** In our world the ratings cause CSAT because the
#   scenario says so. In real surveys a customer in a good mood may rate everything higher (a
#   halo effect, 光环效应), and then every rating looks important. A driver analysis points to
#   where an experiment or a pilot is worth running; it does not promise the gain.
# - **A rating with no effect.** Price has no effect at all in this world (true effect 0), and
#   the analysis finds none. Seed 000 lists price reasonableness among the indicators to survey;
#   surveying it was still useful, because it shows that price complaints are not what lowers
#   *handling* satisfaction. That is not the same as "price does not matter to customers".
# - **Who is missing.** Everything here describes complaints whose customer answered. The model
#   is unbiased only when answering depends on what is in it, an assumption to argue for with
#   real data. The levels (the mean, the 75%) are biased either way.
# - **Only what was asked.** Communication (沟通), the third source's third factor, is not a
#   rating of its own here; it hides in "staff attitude". A driver that is not in the survey
#   cannot be found, and its share goes to the ratings correlated with it.

# %% [markdown]
# ## 8 · Take-aways
#
# - **Read the response rate first.** Survey results describe the customers who answered (回访
#   应答者). Both very unhappy and very pleased customers answer more, which makes CSAT J-shaped
#   and moves its mean and top-2 box. Report the response rate with every satisfaction figure.
# - **Model an ordered 1-5 score with an ordered logit** (有序logit), and keep OLS as an easy
#   reading in CSAT points. Keep how the complaint ended (resolved, first contact) in the model.
# - **Relative importance** (相对重要性): LMG shares out the explained variance among correlated
#   ratings; bootstrap intervals show how sure the ranking is; Johnson's weights check it.
# - **The importance–performance map** (重要性-表现分析) turns the analysis into priorities:
#   *concentrate here*, *keep up*, *low priority*, *possible overkill*. Points near a line are
#   undecided; read the intervals.
# - **Here, fairness of the solution matters most**, then staff attitude and response speed;
#   response speed is the weakest-rated. Price has no effect, as in the truth.
#
# ## Questions for discussion
#
# 1. Seed 002's team saw satisfaction fall from one survey to the next. List three reasons the
#    number could fall without the service getting worse.
# 2. Your IPA map puts "staff attitude" in *keep up*. A new manager wants to cut the training
#    budget for it. What do you answer?
# 3. The surveys of seed 000 are periodic (quarterly, half-yearly, yearly). How often would you
#    rerun this driver analysis, and what would make you act on a change?
# 4. Which aspect of complaint handling in your own work is missing from these five ratings?
#
# ## Your turn
#
# Open the exercise
# [`exercises/ex02-satisfaction-drivers.ipynb`](../exercises/ex02-satisfaction-drivers.ipynb):
# the response rate and the top-2 box, who answers, the drivers model, the fairness coefficient
# against the truth, and the IPA quadrants. Its checks tell you what is right and what to look
# at again.
