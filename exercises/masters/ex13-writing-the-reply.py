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
# # Exercise 13 · Writing the reply (写回复)
#
# Three tasks: reply to a calm customer, reply to an angry one, and read a colleague's draft.
# Write your replies **in the customer's language** (the world's: English or Chinese). After
# each task, run the `ex.check(...)` cell: it scores your reply with the team's rubric and tells
# you, in the customer's language, what is missing or harmful, with an example sentence.
#
# The session notebook `notebooks/13-writing-the-reply.ipynb` shows the rubric and how to run
# the role play in pairs.

# %%
import complaintkit as ck
from complaintkit.exercises.ex13 import DRAFTS, SEED

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
LOCALE = world.locale
ex = ck.exercises.start("13", dataset=DATASET)

# %% [markdown]
# ## Task 1 · A calm customer (平静的客户)
#
# Read the case: the facts on top, then the customer's own words. The remedy agreed is what
# you may offer. Write the reply.

# %%
calm = ck.role_play_case(world, level="calm", seed=SEED)
print(calm)

# %%
reply = calm.model_reply().text  # SOLUTION
ex.check(1, reply)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the solution sends the template's reply (回复模板) as it is; the check passes
# it and says so. Ask trainees to write their own first, then compare. The usual misses: no
# time in the follow-up ("we will get back to you soon"), no detail of the customer's own
# order in the restatement, an apology that blames ("sorry you feel that way").
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 2 · An angry customer (愤怒的客户)
#
# This customer has been let down before. Acknowledge it, do not argue, and promise only what
# the policy allows.

# %%
angry = ck.role_play_case(world, level="angry", seed=SEED)
print(angry)

# %%
reply = angry.model_reply().text  # SOLUTION
ex.check(2, reply)

# %% [markdown]
# ## Task 3 · A colleague's draft (同事的草稿)
#
# A colleague drafted this reply to the angry customer. Which elements of the rubric does it
# **lack**, and which **harmful** one does it hold? Give their names as a list (the names of
# `ck.score_reply`'s table, e.g. `"restate"`, or their labels).

# %%
draft = DRAFTS[LOCALE]
print(draft)

# %%
elements = ["restate", "explain", "remedy", "follow_up", "blame"]  # SOLUTION
ex.check(3, elements)

# %% [markdown]
# ## To go further
#
# Rewrite the colleague's draft so that it passes, and check it with
# `ck.score_reply(my_draft, angry.complaint)`.
