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
# # Exercise 02 · What drives satisfaction after a complaint (投诉处理满意度)
#
# Six tasks, from the follow-up survey (回访) to the importance–performance map (重要性-表现分析).
# After each task, run the `ex.check(...)` cell: it tells you what is right and, if something is
# not right yet, what to look at again. Replace every `...` with your answer.
#
# The session notebook `notebooks/02-satisfaction-drivers.ipynb` shows the method; here you do it
# yourself. `frame` has one row per complaint: `responded` (did the customer answer the
# follow-up?), `csat_score` (1-5, missing without an answer), the five `rating_*` columns,
# `resolved`, `first_contact_resolution` and `extra_contacts`.

# %%
import complaintkit as ck

DATASET = "ecommerce_en"   # or "ecommerce_zh"
world = ck.load_dataset(DATASET)
frame = ck.complaint_frame(world.complaints, world.surveys)
ex = ck.exercises.start("02", dataset=DATASET)

# %% [markdown]
# ## Task 1 · Response rate and top-2 box
#
# What share of the complaints got an answer to the follow-up (the **response rate**, 回访应答率)?
# And among the customers who answered, what share gave CSAT 4 or 5 (the **top-2 box**)? Give
# both as shares between 0 and 1, as `(response_rate, top2)`. Use pandas; `ck.kpis(frame)` can
# confirm your numbers afterwards.
#
# *Hint:* a customer who did not answer has no `csat_score` (NaN).

# %%
response_rate = frame["responded"].mean()  # SOLUTION
top2 = frame["csat_score"].dropna().ge(4).mean()  # SOLUTION
ex.check(1, (response_rate, top2))

# %% [markdown]
# ## Task 2 · Who answers?
#
# For resolved and unresolved complaints separately, what share of the customers answered the
# follow-up? Give a pandas Series indexed by `resolved` (True / False).

# %%
rate_by_resolved = frame.groupby("resolved")["responded"].mean()  # SOLUTION
ex.check(2, rate_by_resolved)

# %% [markdown]
# ## Task 3 · What does the respondents' mean tell?
#
# The cell below prints the mean CSAT of the customers who answered. Which statement is right?
# Answer with one letter.
#
# - **A.** The mean is unbiased: every complaint was sent a follow-up, so every customer had the
#   same chance to answer.
# - **B.** It can only *understate* satisfaction: unresolved, unhappy customers answer more often.
# - **C.** It can be off in either direction: very unhappy and very pleased customers both answer
#   more, so the middle scores are under-represented; who answers shows that there is a bias,
#   not how big it is.
# - **D.** Drop the unresolved complaints, and the mean of the resolved respondents is unbiased.
#
# *Hint:* compare the response rate of the fastest- and the slowest-handled complaints too
# (`hours_to_first_response`).

# %%
print(f"mean CSAT of the respondents: {frame['csat_score'].mean():.2f}")
answer3 = "C"  # SOLUTION
ex.check(3, answer3)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the generator knows what every complainant would have said. Had everyone
# answered, the top-2 box would be about 68% (not 75%) and the mean about 3.9 (not 4.1): here the
# respondents overstate, because the many pleased customers answer more. B is the usual intuition
# ("complainers answer"); the J-shaped distribution shows that the top end is inflated too.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Task 4 · The most important driver
#
# Fit the drivers model with `ck.drivers(frame, n_boot=100, locale=world.locale)` and keep the
# result as `res`. Its default controls (resolved, first-contact resolution, extra contacts) stay
# in. Which rating is the **most important** driver of CSAT, the one with the largest share of
# the explained variance (LMG, 相对重要性)? Give its name (`"rating_fairness"`-style code or its
# label).

# %%
res = ck.drivers(frame, n_boot=100, locale=world.locale)  # SOLUTION
top_driver = res.driver_table["driver"].iloc[0]  # SOLUTION
ex.check(4, top_driver)

# %% [markdown]
# ## Task 5 · The effect of fairness, against the truth
#
# Give the **ordered-logit** coefficient of `rating_fairness` with its 95% confidence interval, as
# `(coef, lower, upper)`. The check compares it with the true effect in this world,
# `world.truth.value("satisfaction.ratings.fairness")`, which is stated on the latent scale of
# an ordered logit (log-odds per rating point).

# %%
fair = res.table.set_index("driver").loc["rating_fairness"]  # SOLUTION
fairness = (fair["ologit_coef"], fair["ologit_ci_lower"], fair["ologit_ci_upper"])  # SOLUTION
ex.check(5, fairness)

# %% [markdown]
# ## Task 6 · The importance–performance map (IPA)
#
# Place each of the five ratings in its IPA quadrant **yourself**, from `lmg_share` (importance)
# and `mean_rating` (performance) in `res.driver_table`. Split each axis at its mean across the
# five ratings ("high" = above the mean):
#
# | importance | performance | quadrant |
# |---|---|---|
# | high | low | `"concentrate here"` (重点改进区) |
# | high | high | `"keep up"` (继续保持区) |
# | low | low | `"low priority"` (低优先区) |
# | low | high | `"possible overkill"` (过度投入区) |
#
# Give the quadrant names by driver (a dict or a Series). Then compare it with the `quadrant` column.

# %%
# BEGIN SOLUTION
t = res.driver_table.set_index("driver")
high_importance = t["lmg_share"] > t["lmg_share"].mean()
high_performance = t["mean_rating"] > t["mean_rating"].mean()
names = {(True, False): "concentrate here", (True, True): "keep up",
         (False, False): "low priority", (False, True): "possible overkill"}
# END SOLUTION
quadrants = {d: names[high_importance[d], high_performance[d]] for d in t.index}  # SOLUTION
ex.check(6, quadrants)

# %% [markdown]
# <!-- BEGIN SOLUTION -->
# *For trainers:* the usual mistakes are splitting performance at the middle of the scale (3)
# instead of the mean rating, and using the coefficients as importance. Response speed sits close
# to the importance line (1/5 = 20%): it is "low priority" in `ecommerce_en` and "concentrate
# here" in `ecommerce_zh`. Use that to discuss the bootstrap intervals of the shares.
# <!-- END SOLUTION -->

# %% [markdown]
# ## Afterwards
#
# - Draw the map with `res.plot(kind="ipa")`. What would a manager do about each rating?
# - Response speed is the worst-rated aspect. How far is it from the importance line, and how
#   wide is its interval (`lmg_share_ci_lower`, `lmg_share_ci_upper`)?
# - Compare every ordered-logit interval with `world.truth.effects` (the rows
#   `satisfaction.ratings.*`). Which rating has no effect at all?
