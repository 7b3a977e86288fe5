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
# # Exercise 09 · Reading complaints at scale (大规模读投诉)
#
# Six tasks on a year of complaint narratives (投诉内容): the distinctive words of a category,
# topics against the true categories, routing and where it fails, the anger score against
# satisfaction, and redaction before sharing. After each task, run the `ex.check(...)` cell: it
# tells you what is right and, if something is not right yet, what to look at again. Replace
# every `...` with your answer.
#
# The session notebook `notebooks/09-reading-complaints.ipynb` shows the method; here you do
# it yourself.

# %%
import pandas as pd

import complaintkit as ck

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
LOCALE = world.locale
complaints = world.complaints
ex = ck.exercises.start("09", dataset=DATASET)

# %% [markdown]
# ## Task 1 · Keywords (关键词)
#
# Give the **five most distinctive words** of the after-sales category (`after_sales`, 售后服务):
# the words that set its complaints apart from the other categories', as a list of strings (or
# the result of the function that finds them).

# %%
# BEGIN SOLUTION
kw = ck.keywords(complaints, by="category", top=5, locale=LOCALE)
# END SOLUTION
words = kw.table.query("group == 'after_sales'")["term"].tolist()  # SOLUTION
ex.check(1, words)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the usual first answer counts words in the category
# (`value_counts` of its tokens): "order", "refund", 订单 ... The check names it. Ask why a word
# every category uses cannot tell a category apart.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 2 · Topics (主题) against the categories
#
# Topic models are slow on a year of Chinese text, so work on `SAMPLE`, 2,000 complaints drawn
# at random. Find topics in their narratives **without** the labels, one topic per category
# (the default), and compare them with the true `category`. Give the **adjusted Rand index**
# (ARI).

# %%
SAMPLE = complaints.sample(2000, random_state=9)
tp = ck.topics(SAMPLE, truth="category", n_boot=50, locale=LOCALE)  # SOLUTION
ari = tp.scores.set_index("metric").loc["adjusted_rand", "estimate"]  # SOLUTION
ex.check(2, ari)

# %% [markdown]
# ## Task 3 · Routing (分派/路由)
#
# Train a router on the category **as filed at intake** (`filed_category`: what an
# organisation has, some of it wrong) and score it on held-out complaints against the **true**
# `category`. Give its **macro-F1** (every category counts the same).

# %%
rt = ck.route(complaints, label="filed_category", truth="category", n_boot=100, locale=LOCALE)  # SOLUTION
f1 = rt.overall.query("model == 'model' and scored_against == 'category'")["macro_f1"].iloc[0]  # SOLUTION
ex.check(3, f1)

# %% [markdown]
# ## Task 4 · Where routing fails: the misfiled complaints
#
# Some complaints were filed under the wrong category at intake; the truth records which
# (`world.truth.text`, column `misfiled`). Among the router's **held-out** complaints
# (`rt.predictions`, task 3), take those misfiled at intake: what **share** does the router send
# to their **true** category?

# %%
# BEGIN SOLUTION
held = rt.predictions.join(complaints[["complaint_id"]])
held = held.merge(world.truth.text[["complaint_id", "misfiled"]], on="complaint_id")
mis = held[held["misfiled"]]
# END SOLUTION
share = (mis["predicted"] == mis["category"]).mean()  # SOLUTION
ex.check(4, share)

# %% [markdown]
# Now read the held-out complaints it still gets wrong
# (`held[held["predicted"] != held["category"]]`, with their narratives): would you have
# routed them right?

# %% [markdown]
# ## Task 5 · Sentiment (情绪) against satisfaction
#
# Score the narratives for anger and correlate the score with the follow-up survey's
# satisfaction (`csat_score`, 回访满意度). Give the **Spearman correlation**.
# `ck.complaint_frame(complaints, world.surveys)` puts each complaint beside its survey answer.

# %%
# BEGIN SOLUTION
frame = ck.complaint_frame(complaints, world.surveys)
se = ck.sentiment(frame, against="csat_score", locale=LOCALE)
# END SOLUTION
rho = se.correlations.query("locale == 'all'")["rho"].iloc[0]  # SOLUTION
ex.check(5, rho)

# %% [markdown]
# ## Task 6 · Redaction (脱敏) before sharing
#
# A trainer wants the first 300 narratives for a workshop deck. Mask every piece of personal
# data in them (names, phone numbers, e-mail addresses, ID and card numbers, addresses) and
# give the **300 texts**, in order. The rest of each complaint must stay readable.

# %%
SHARE = complaints.head(300)
texts = ck.redact(SHARE["narrative"], locale=LOCALE).text  # SOLUTION
ex.check(6, texts)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* a common shortcut is `kinds=["name", "phone"]`: the check names the kinds
# left. Another is masking whole texts: safe, and useless. Discuss what else identifies a
# customer (order numbers, a rare product in a small city) and why `ck.pseudonymize` needs a
# key kept apart from the data.
# <!-- END SOLUTION -->

# %% [markdown]
# ## To go further
#
# Draft a first reply to one of the complaints the router got wrong with
# `ck.suggest_reply(complaints.iloc[i])`: which sentences does the template drop, and why?
