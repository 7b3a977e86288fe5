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
# # 09 · Reading complaints at scale (大规模读投诉)
#
# Every complaint carries the customer's own words, the **complaint narrative** (投诉内容). A
# team lead reads a handful a day; a company receives thousands. The source documents ask for
# what lies in between: text and sentiment analysis of complaints (seed 000), automatic
# classification that **routes** a complaint to the right team, and **reply templates** for
# common problems (seed 002), all while **protecting the customer's personal data** (seed 000).
#
# This session reads a year of narratives five ways, and checks each against the truth that the
# generated world keeps:
#
# 1. **read** a few, as a person would;
# 2. **keywords** (关键词): the words that set each category apart;
# 3. **topics** (主题): groups found without labels, compared with the true categories;
# 4. **routing** (分派/路由): learn category from text, and see where it fails;
# 5. **sentiment** (情绪): an anger score, against satisfaction (CSAT);
#
# and then does what a team must before sharing any of it: **redaction** (脱敏). It ends with a
# first reply drafted from a **reply template** (回复模板).

# %% [markdown]
# ## 1 · Setup
#
# `DATASET` switches between the English world and the Chinese one; every function below reads
# either (Chinese is cut into words or character pairs by the kit's tokenizer).

# %%
# %matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

import complaintkit as ck
from complaintkit.plotting import use_style

# %%
DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
LOCALE = world.locale
use_style(LOCALE)
complaints = world.complaints
text_truth = world.truth.text  # what the generator knows about each narrative
print(f"{len(complaints):,} complaints; {complaints['narrative'].notna().mean():.0%} with text")

# %% [markdown]
# ## 2 · Read a few (读投诉)
#
# Before counting words, read. One complaint of each category, as the customer wrote it:

# %%
sample = complaints.groupby("category", observed=True).sample(1, random_state=3)
for category, narrative in zip(sample["category"], sample["narrative"]):
    print(f"[{ck.labels(LOCALE, 'category')[category]}] {narrative}\n")

# %% [markdown]
# Some are vague, some mention two problems, some quote an earlier call, a few were filed under
# the wrong category at intake. How long are they?

# %%
lengths = complaints["narrative"].str.len()
lengths.describe(percentiles=[0.1, 0.5, 0.9]).round(0)

# %% [markdown]
# ## 3 · Keywords (关键词): what sets a category apart
#
# The most *frequent* words of a category are mostly the words of every complaint ("order",
# "told", 你们). `ck.keywords` compares each category with the rest: the weighted log-odds of a
# word, shrunk by a prior from the whole corpus so a word seen twice cannot top the list
# (Monroe, Colaresi & Quinn 2008). A z-score above 2 means the word is clearly more typical of
# the group than of the others.

# %%
kw = ck.keywords(complaints, by="category", top=5, locale=LOCALE)
print(kw.summary())
kw.table.pivot(index="rank", columns="group", values="term")

# %%
kw.plot(top=3);

# %% [markdown]
# ## 4 · Topics (主题): structure found without labels
#
# Suppose nobody had labelled the complaints. Topic models (NMF on TF-IDF here) group texts by
# the words they share. Do those groups recover the categories? The **adjusted Rand index**
# (ARI) is 0 for chance and 1 for the same partition; **NMI** (normalised mutual information)
# reads the same way. Topic models are slow on a year of Chinese text: 2,000 complaints drawn
# at random show the structure as well.

# %%
subset = complaints.sample(2000, random_state=9)
tp = ck.topics(subset, truth="category", n_boot=100, locale=LOCALE)
print(tp.summary())
tp.table

# %%
tp.plot();

# %% [markdown]
# Topics follow *how people write* as much as *what happened*: read the top words of each topic
# above. Some gather what customers ask for (repair, replace, refund) or how they write
# (greetings, thanks, 谢谢), across categories. Topics are for exploring; to put a complaint in
# a given category, learn from labelled examples.

# %% [markdown]
# ## 5 · Routing (分派/路由) and where it fails
#
# `ck.route` learns text → category from complaints already labelled and scores it on
# complaints held out. The labels it learns from are the ones **filed at intake**
# (`filed_category`), some of them wrong; the world also knows the true `category`, so we can
# score against both.

# %%
rt = ck.route(complaints, label="filed_category", truth="category", n_boot=200,
              locale=LOCALE)
print(rt.summary())
rt.overall.round(3)

# %%
# NBVAL_CHECK_OUTPUT
misfiled = complaints["filed_category"] != complaints["category"]
recorded = complaints[["complaint_id"]].merge(text_truth, on="complaint_id")["misfiled"]
print(f"misfiled at intake = as the truth records: {(misfiled.to_numpy() == recorded).all()}")
o = rt.overall.iloc[0]
print(f"trained + held out = all complaints: {o['n_train'] + o['n_test'] == len(complaints)}")

# %%
print(f"{misfiled.mean():.1%} misfiled at intake; {rt.notes[0]}")

# %%
rt.plot(kind="confusion");

# %% [markdown]
# Compare the two scores in `rt.overall`: the same predictions score lower against the labels
# **as filed** than against the truth. The held-out labels are wrong for the misfiled share, so
# a router scored on filed labels alone is under-rated when it corrects the intake, and a
# router that copied the intake's mistakes would look better than it is. With your own data,
# have a sample of held-out complaints re-labelled by hand before you trust either number.
#
# The confusion matrix shows *which* categories are mixed up: read its off-diagonal cells as
# "complaints of this true category sent to that team". Per class:

# %%
rt.table[["label", "support", "precision", "recall", "f1"]].round(2)

# %% [markdown]
# Now the held-out complaints that were **misfiled at intake** (the truth records which). Does
# the router send them where they belong, or where they were filed?

# %%
held = rt.predictions.join(complaints[["complaint_id", "narrative"]])
held = held.merge(text_truth[["complaint_id", "misfiled"]], on="complaint_id", how="left")
mis = held[held["misfiled"]]
print(f"{len(mis):,} held-out complaints misfiled at intake; the router sends "
      f"{(mis['predicted'] == mis['category']).mean():.0%} to their true category, "
      f"{(mis['predicted'] == mis['filed_category']).mean():.0%} where they were filed")

# %% [markdown]
# A wrong label in training is learned only when it is the rule; a misfiled complaint is the
# exception, outvoted by the many complaints filed right. The complaints the router still gets
# wrong, if any, read in full:

# %%
wrong = held[held["predicted"] != held["category"]]
print(f"{len(wrong)} of {len(held):,} held-out complaints routed to another category\n")
for r in wrong.head(3).itertuples():
    print(f"true {r.category}, filed {r.filed_category}, routed {r.predicted}:\n"
          f"  {r.narrative}\n")

# %% [markdown]
# Most of the complaints routed wrong here are vague ones (`text_truth["vague"]`): they name no
# problem, so no router can tell their category, and a person would have to ask. Most of the
# others mention two problems, and the router picked the other one. Real narratives are harder
# still: more ways to be vague, new products, wording that drifts. The method stays the same:
# score on held-out complaints, per class, and read every kind of error; send the complaints a
# person would hesitate over to a person.

# %% [markdown]
# ## 6 · Sentiment (情绪) against satisfaction
#
# `ck.sentiment` scores each narrative with a documented lexicon of angry and negative words
# (negation and intensifiers included). Does an angrier complaint end in a less satisfied
# customer at the follow-up (回访)? And does the score track the anger the generator put into
# the text?

# %%
frame = ck.complaint_frame(complaints, world.surveys)
frame = frame.merge(text_truth[["complaint_id", "anger"]], on="complaint_id", how="left")
se = ck.sentiment(frame, against=["csat_score", "anger"], locale=LOCALE)
print(se.summary())
se.correlations.round(3)

# %%
scored = frame.assign(score=se.table.set_index("row")["score"])
bands = pd.qcut(scored["score"].rank(method="first"), 4, labels=["calm", "", " ", "angry"])
scored.groupby(bands, observed=True)["csat_score"].agg(["mean", "count"]).round(2)

# %% [markdown]
# A lexicon sees words, not meaning: sarcasm and calm words for an angry complaint are missed,
# and a score of 0 means no listed word was found, not a calm customer. Its correlation with
# CSAT is clearly negative but far from -1: satisfaction after a complaint depends on how the
# complaint was handled (session 02) as much as on how the customer first wrote.

# %% [markdown]
# ## 7 · Redaction (脱敏) before sharing
#
# Narratives carry personal data: names, phone numbers, e-mail addresses, ID numbers, card
# numbers, addresses. Before a sample goes into a training deck or to another team, mask them.
# `ck.redact` finds them and says where; the world records where they really are
# (`world.truth.pii`), so we can check.

# %%
pii = world.truth.pii
with_pii = complaints[complaints["complaint_id"].isin(pii["complaint_id"])].head(3)
red = ck.redact(with_pii["narrative"], locale=LOCALE)
for before, after in zip(with_pii["narrative"], red.text):
    print(f"{before}\n→ {after}\n")

# %%
red.spans[["row", "kind", "value"]]

# %% [markdown]
# Identifiers in other columns (customer id, order id) are not secret by themselves, but they
# join to the customer table. `ck.pseudonymize` replaces them by keyed hashes: stable for one
# key (tables still join), irreversible without it. Keep the key apart from the data.

# %%
shared = ck.pseudonymize(complaints[["complaint_id", "customer_id", "category"]],
                         ["complaint_id", "customer_id"], key="keep-this-secret")
shared.head(3)

# %% [markdown]
# ## 8 · A first reply (回复模板)
#
# The six steps of handling (seed 001) end in a reply that acknowledges, restates, explains,
# remedies and promises a follow-up. `ck.suggest_reply` fills a **reply template** with one
# complaint's details (the templates are data files a trainer edits:
# `complaintkit/text/replies/<locale>.toml`). Missing details drop their sentence, never leave a
# blank.

# %%
details = (complaints.merge(world.orders.drop(columns="customer_id"), on="order_id")
           .merge(world.customers[["customer_id", "name"]], on="customer_id"))
reply = ck.suggest_reply(details.iloc[0])
print(reply.template, "·", reply.tone)
print(reply)

# %% [markdown]
# A template is a draft, not an answer: the agent checks the facts, adds what the customer
# actually asked, and sends it. The next session practises that conversation.
#
# ## What to take away
#
# - **Read first**, then count: keywords and topics summarise thousands of narratives; every
#   number here is checked against the world's truth, and with your own data it must be checked
#   against complaints read in full.
# - **Keywords** set a group apart from the rest; frequent words do not.
# - **Topics** find structure without labels, not the categories themselves (ARI well below 1).
# - **Routing** is scored on held-out complaints, per class, against labels you trust: the
#   labels as filed are noisy too. Read the complaints it gets wrong.
# - **Sentiment** from a lexicon is a rough signal: check it against what you care about (CSAT).
# - **Redact and pseudonymise** before any narrative leaves the team.
#
# The exercise (`exercises/ex09-reading-complaints.ipynb`) asks you to do each step yourself.
