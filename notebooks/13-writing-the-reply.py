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
# # 13 · Writing the reply (写回复)
#
# The reply is where handling meets the customer. The source documents ask for it in every
# step: confirm what the customer reports and wants (确认诉求), explain the cause, offer a
# solution, and follow up (回访) (seed 001); reply templates for common problems (回复模板, seed
# 002); tell the customer the solution and the progress, and check they are satisfied (seed
# 003). Seed 001 also asks for training in communication and emotion management.
#
# This session is that training. You will:
#
# 1. see what the team's **rubric** (评分标准) looks for in a first reply;
# 2. score a weak draft and the template's reply;
# 3. reply to an **angry** customer;
# 4. run the **role play** (角色扮演) in pairs: one writes as the customer, one replies, then swap.

# %% [markdown]
# ## 1 · Setup
#
# `DATASET` switches between the English world and the Chinese one. Replies are scored in the
# customer's language.

# %%
import pandas as pd

import complaintkit as ck
from complaintkit.text.rubric import RUBRIC_DIR, load_policy, load_rubric

# %%
DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
LOCALE = world.locale
rubric, policy = load_rubric(locale=LOCALE), load_policy()
print(f"{len(world.complaints):,} complaints; replies in {LOCALE}")

# %% [markdown]
# ## 2 · What a good first reply has (评分标准)
#
# Six things every first reply needs, and two it must never do. The weights say what matters
# most; a reply is **ready to send** with no harmful element and enough points (the pass mark).

# %%
print(f"pass mark: {rubric.pass_mark:.0%} of the points")
kinds = ck.labels(LOCALE, "kind")
pd.DataFrame([(e.label, kinds[e.kind], e.weight) for e in rubric.elements.values()],
             columns=["element", "kind", "weight"])

# %% [markdown]
# What an agent may **offer** is set by the reply policy (回复政策), not by the agent's mood:

# %%
cap = policy.max_compensation.get(LOCALE)
print(f"goodwill compensation: at most {policy.max_compensation_share:.0%} of the order, "
      f"and at most {cap:,.0f} (local currency)")
promises = ck.labels(LOCALE, "promise")
for kind, phrases in policy.forbidden[LOCALE].items():
    print(f"never ({promises[kind]}): {', '.join(phrases[:3])} ...")

# %% [markdown]
# Both are plain text files. A trainer edits the phrases, weights and feedback there, with no
# code: copy one, change it, and pass it as `ck.score_reply(..., rubric="my_rubric.toml")`.

# %%
print(sorted(p.name for p in RUBRIC_DIR.glob("*.toml")))

# %% [markdown]
# ## 3 · A calm customer, and a weak draft
#
# `ck.role_play_case` picks a complaint from our world at a difficulty level: **calm**,
# **upset** or **angry** (how angry the customer's words are, and how often they have
# contacted us already). Only complaints whose remedy is agreed and within policy are picked.

# %%
calm = ck.role_play_case(world, level="calm", seed=13)
print(calm)

# %% [markdown]
# A draft a new agent often sends first. The feedback says what is missing, with an example.

# %%
DRAFT = {"en_US": "We have received your message. Our team is looking into it. Please wait.",
         "zh_CN": "您的消息已收到，我们正在处理，请耐心等待。"}
weak = ck.score_reply(DRAFT[LOCALE], calm.complaint)
print(weak.feedback())

# %% [markdown]
# The table shows each element, and the sentence that shows it (the evidence):

# %%
ck.labelled(weak.table[["label", "status", "evidence"]], LOCALE)

# %% [markdown]
# ## 4 · The template's reply (回复模板)
#
# `ck.suggest_reply` fills the team's template with the complaint's details. It has every
# element: a good start, not the end. Read it as the customer would.

# %%
# NBVAL_CHECK_OUTPUT
model = calm.model_reply()
print(ck.score_reply(model, calm.complaint).lines()[0])

# %%
print(model.text)

# %% [markdown]
# Where does the template alone fall short? Score it on a sample of all our complaints, by how
# the complaint ended:

# %%
rows = world.complaints.sample(300, random_state=13)
orders = world.orders.set_index("order_id")[["product_category", "amount"]]
rows = rows.join(orders, on="order_id")
scored = [ck.score_reply(ck.suggest_reply(r, locale=LOCALE), r, locale=LOCALE)
          for _, r in rows.iterrows()]
ready = pd.Series([s.passed for s in scored], index=rows.index, name="ready to send")
ck.labelled(ready.groupby(rows["resolution"], observed=True).mean().round(2), LOCALE)

# %%
named = [[rubric.elements[k].label for k in s.missing + s.harmful] for s in scored
         if not s.passed]
lacking = pd.Series([", ".join(names) for names in named])
lacking.value_counts().head()

# %% [markdown]
# Open complaints (no remedy agreed yet) get no concrete remedy from the template, and a
# compensation above the policy's limit is flagged: those replies need an agent, and a team
# lead's approval.

# %% [markdown]
# ## 5 · An angry customer (愤怒的客户)
#
# Read this one aloud. What does the customer want first: the money, an apology, or to be
# heard?

# %%
angry = ck.role_play_case(world, level="angry", seed=13)
print(angry)

# %% [markdown]
# The usual mistake with an angry customer is to buy peace with a promise. Add one to the
# template's reply and score it:

# %%
PROMISE = {"en_US": "We guarantee this will never happen again.",
           "zh_CN": "我们保证以后再也不会发生这种情况。"}
too_much = angry.model_reply().text + "\n\n" + PROMISE[LOCALE]
print(ck.score_reply(too_much, angry.complaint).feedback())

# %% [markdown]
# With an angry customer: let them finish; say back what they said, in their words; apologise
# once, plainly; never argue about whose fault it was; offer what you can do now; and give a
# time, then keep it.

# %% [markdown]
# ## 6 · The role play in the room (角色扮演)
#
# Work in pairs, 25 minutes, three rounds:
#
# 1. **Customer** (客户): take a case at a level (`calm`, `upset`, `angry`; the seed is your
#    seat number), read it, and tell it to your partner in your own words, in character. Or
#    write your own complaint in the cell below.
# 2. **Agent** (客服): write the reply in 8 minutes, then score it with `ck.score_reply`.
# 3. The customer reads the reply aloud and says how it felt; the agent reads the feedback.
# 4. **Swap roles.** Do one round at each level; end with `angry`.
#
# The trainer walks round, reads the feedback lines with the pair, and collects the sentences
# that worked best for the team's templates.

# %%
SEAT = 1
case = ck.role_play_case(world, level="angry", seed=SEAT)
print(case)

# %%
my_reply = """
"""
ck.score_reply(my_reply, case.complaint)

# %% [markdown]
# When the customer writes their own complaint, give the details you both agreed on; the
# rubric checks that the reply uses them:

# %%
my_complaint = {"narrative": "...", "order_id": "O12345", "category": "delivery",
                "priority": "high"}
ck.score_reply(my_reply, my_complaint, locale=LOCALE)

# %% [markdown]
# ## 7 · What to take away
#
# - A reply is **ready to send** when it thanks, apologises, says back the problem and the
#   demand with the customer's details, explains, offers a concrete remedy within policy and
#   gives a time for the next contact (回访).
# - Never blame the customer, never promise what the policy forbids, however angry they are.
# - The template is a start: the customer's own words make the reply theirs.
#
# The exercise `exercises/ex13-writing-the-reply.ipynb` has a calm case, an angry case and a
# colleague's draft to fix.
