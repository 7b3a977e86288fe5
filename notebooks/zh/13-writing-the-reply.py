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
# # 13 · 写回复
#
# 回复是处理投诉时直接面对客户的地方。源文件在每一步都提到它：确认客户反映了什么、
# 要什么（确认诉求），解释原因，给出方案，再回访（种子文档 001）；
# 常见问题要有回复模板（种子文档 002）；告诉客户解决方案和进度，并确认客户满意
# （种子文档 003）。种子文档 001 还要求做沟通技巧和情绪管理的培训。
#
# 这一节就是这样的培训。你会：
#
# 1. 看团队的**评分标准**在首次回复里看重什么；
# 2. 给一份差的草稿和模板回复打分；
# 3. 回复一位**愤怒**的客户；
# 4. 两人一组做**角色扮演**：一人扮客户写投诉，一人回复，然后互换。

# %% [markdown]
# ## 1 · 准备
#
# `DATASET` 用来切换英文世界和中文世界。回复按客户使用的语言来评分。

# %%
import pandas as pd

import complaintkit as ck
from complaintkit.text.rubric import RUBRIC_DIR, load_policy, load_rubric

# %%
DATASET = "ecommerce_zh"   # or "ecommerce_en"
world = ck.load_dataset(DATASET)
LOCALE = world.locale
rubric, policy = load_rubric(locale=LOCALE), load_policy()
print(f"共 {len(world.complaints):,} 件投诉；回复语言：中文")

# %% [markdown]
# ## 2 · 一份好的首次回复要有什么（评分标准）
#
# 每份首次回复都要有六样东西，还有两样绝对不能做。权重说明哪样最要紧；
# 一份回复没有任何伤害性的内容、分数又够（及格线），才算**可以发送**。

# %%
print(f"及格线：总分的 {rubric.pass_mark:.0%}")
kinds = ck.labels(LOCALE, "kind")
pd.DataFrame([(e.label, kinds[e.kind], e.weight) for e in rubric.elements.values()],
             columns=["要素", "类型", "权重"])

# %% [markdown]
# 客服能**给**客户什么，由回复政策决定，而不是看客服的心情：

# %%
cap = policy.max_compensation.get(LOCALE)
print(f"善意补偿：最多为订单金额的 {policy.max_compensation_share:.0%}，"
      f"且不超过 {cap:,.0f}（当地货币）")
promises = ck.labels(LOCALE, "promise")
for kind, phrases in policy.forbidden[LOCALE].items():
    print(f"绝对不要（{promises[kind]}）：{'、'.join(phrases[:3])} ……")

# %% [markdown]
# 这两样都是普通的文本文件。培训师不用写代码，就能在里面改用语、权重和反馈：
# 复制一份，改好，再这样传进去：`ck.score_reply(..., rubric="my_rubric.toml")`。

# %%
print(sorted(p.name for p in RUBRIC_DIR.glob("*.toml")))

# %% [markdown]
# ## 3 · 一位平静的客户，和一份差的草稿
#
# `ck.role_play_case` 从我们的世界里按难度挑一件投诉：**平静**、**不满** 或 **愤怒**
# （看客户的话有多冲，以及已经联系过我们几次）。只挑补救办法已经谈妥、而且在政策范围内的投诉。

# %%
calm = ck.role_play_case(world, level="calm", seed=13)
print(calm)

# %% [markdown]
# 新客服常常先发出去的草稿。反馈会说缺了什么，并给出例句。

# %%
DRAFT = {"en_US": "We have received your message. Our team is looking into it. Please wait.",
         "zh_CN": "您的消息已收到，我们正在处理，请耐心等待。"}
weak = ck.score_reply(DRAFT[LOCALE], calm.complaint)
print(weak.feedback())

# %% [markdown]
# 下表列出每一项，以及体现这一项的那句话（依据）：

# %%
ck.labelled(weak.table[["label", "status", "evidence"]], LOCALE)

# %% [markdown]
# ## 4 · 模板回复
#
# `ck.suggest_reply` 把投诉的具体信息填进团队的模板。各项都齐了：这是个好开头，但还不是终点。
# 用客户的眼光读一读。

# %%
# NBVAL_CHECK_OUTPUT
model = calm.model_reply()
print(ck.score_reply(model, calm.complaint).lines()[0])

# %%
print(model.text)

# %% [markdown]
# 光靠模板，在哪些地方不够？拿我们所有投诉里抽出的一批来打分，按投诉最后的结果分组看：

# %%
rows = world.complaints.sample(300, random_state=13)
orders = world.orders.set_index("order_id")[["product_category", "amount"]]
rows = rows.join(orders, on="order_id")
scored = [ck.score_reply(ck.suggest_reply(r, locale=LOCALE), r, locale=LOCALE)
          for _, r in rows.iterrows()]
ready = pd.Series([s.passed for s in scored], index=rows.index, name="可以发送")
ck.labelled(ready.groupby(rows["resolution"], observed=True).mean().round(2), LOCALE)

# %%
named = [[rubric.elements[k].label for k in s.missing + s.harmful] for s in scored
         if not s.passed]
lacking = pd.Series(["、".join(names) for names in named])
lacking.value_counts().head()

# %% [markdown]
# 还没结案的投诉（补救办法还没谈妥），模板给不出具体的补救办法；
# 补偿金额超过政策上限的，会被标出来：这些回复需要客服亲自写，还要班组长批准。

# %% [markdown]
# ## 5 · 一位愤怒的客户
#
# 把这件投诉大声读出来。客户最先想要的是什么：钱、道歉，还是有人听他说？

# %%
angry = ck.role_play_case(world, level="angry", seed=13)
print(angry)

# %% [markdown]
# 面对愤怒的客户，常见的错误是用一句承诺来息事宁人。给模板回复加上一句，再打分：

# %%
PROMISE = {"en_US": "We guarantee this will never happen again.",
           "zh_CN": "我们保证以后再也不会发生这种情况。"}
too_much = angry.model_reply().text + "\n\n" + PROMISE[LOCALE]
print(ck.score_reply(too_much, angry.complaint).feedback())

# %% [markdown]
# 面对愤怒的客户：让他把话说完；用他自己的话把他说的复述一遍；
# 道一次歉，说得简单直接；永远不要争是谁的错；说出你现在能做什么；
# 给一个时间，然后说到做到。

# %% [markdown]
# ## 6 · 课堂上的角色扮演
#
# 两人一组，25 分钟，三轮：
#
# 1. **客户**：选一个难度的案例（`calm` 平静、`upset` 不满、`angry` 愤怒；种子就用你的座位号），
#    读完后进入角色，用自己的话讲给搭档听。也可以在下面的单元格里自己写一件投诉。
# 2. **客服**：8 分钟内写好回复，然后用 `ck.score_reply` 打分。
# 3. 客户把回复大声读出来，说说听了是什么感受；客服读反馈。
# 4. **互换角色。** 每个难度做一轮，最后一轮做 `angry`。
#
# 培训师在教室里走动，和每组一起读反馈，并把效果最好的句子收集起来，放进团队的模板。

# %%
SEAT = 1
case = ck.role_play_case(world, level="angry", seed=SEAT)
print(case)

# %%
my_reply = """
"""
ck.score_reply(my_reply, case.complaint)

# %% [markdown]
# 客户自己写投诉时，把两人商量好的具体信息填进去；评分标准会检查回复有没有用上这些信息：

# %%
my_complaint = {"narrative": "...", "order_id": "O12345", "category": "delivery",
                "priority": "high"}
ck.score_reply(my_reply, my_complaint, locale=LOCALE)

# %% [markdown]
# ## 7 · 本节要点
#
# - 一份回复要做到这些才**可以发送**：感谢、道歉、用客户的具体信息复述问题和诉求、
#   解释原因、给出政策范围内的具体补救办法，并约好下次联系（回访）的时间。
# - 不管客户多生气，都不要责怪客户，不要承诺政策不允许的事。
# - 模板只是开头：用上客户自己的话，回复才是写给他的。
#
# 练习 `exercises/ex13-writing-the-reply.ipynb` 里有一个平静的案例、一个愤怒的案例，
# 还有一份同事的草稿等你来改。
