"""The prose of the two agendas around the timed tables (trainer/make_tracks.py writes them)."""

TIMES = """\
Every session's minutes are **computed** from measured quantities (the notebook's prose, code
cells and run time, the exercise's tasks, the discussion questions) at stated, cited rates
(benchmarks/bench_session_time.py; trainer/README.md has the rates and the table). They are
not timed in a room: after a pilot run, replace them with the pilot's minutes (trainer/README.md
says how) and run `.venv/bin/python trainer/make_tracks.py` to rewrite this agenda and
trainer/tracks.toml."""

MANAGERS_INTRO = f"""\
# Agenda · managers and team leads (one day) · 议程：经理与班组长（一天）

Decisions from charts and tables, no formulas on screen. The morning sets up the method on one
month of complaints (the drill-down, the iceberg); the afternoon, the centre of the day, is the
handling itself: the six steps (10), triage, SLA and staffing (11), the follow-up call and the
closed loop (12), and the reply with the pair role play (13). Prepare the room with
`complaintkit workshop prepare DIR --track managers --lang zh` (or `--lang en`).

{TIMES}

How to run the code with managers: the trainer runs the cells on the projector and trainees
follow on their own laptops; the exercises are done in pairs, one laptop per pair, and the
trainer reads the "not yet" hints aloud with the room (the pitfalls in each session's note say
what to add). The discussion questions are the heart of each session: take those marked in the
notes, and keep the closing "Questions for discussion" of session 01 for the round-up if time
is short.

## The role play in session 13 (pairs)

25 minutes, three rounds, in pairs by seat. The seat number is the case's seed: each pair sets
`SEAT` in the notebook's role-play cell to its own number, so every pair gets its own cases.

1. **Customer** (客户): picks a level (`calm`, `upset`, `angry`), reads the case, and tells it to
   the partner in their own words, in character; or writes their own complaint in the cell,
   with the details both agree on.
2. **Agent** (客服): writes the reply in 8 minutes and scores it with `ck.score_reply`.
3. The customer reads the reply aloud and says how it felt; the agent reads the feedback lines.
4. **Swap roles**; one round per level, ending with `angry`.

The trainer calls the time for each round, walks round, reads the feedback with each pair and
collects the best sentences on a flip chart for the team's reply templates.

### 角色扮演（第13节，两人一组）

共25分钟，三轮，按座位两人一组。座位号就是案例的随机种子：每组把角色扮演单元格里的 `SEAT`
改成自己的座位号，这样每组拿到的案例都不同。

1. **客户**：选一个难度（`calm` 平静、`upset` 不满、`angry` 愤怒），读案例，用自己的话、以客户的
   身份讲给搭档听；也可以在单元格里写自己的投诉，细节由两人事先商定。
2. **客服**：8分钟内写好回复，用 `ck.score_reply` 打分。
3. 客户把回复读出来，说说听起来是什么感受；客服阅读反馈。
4. **交换角色**：每个难度各做一轮，最后一轮用 `angry`。

培训师负责每轮计时，巡回各组，和学员一起读反馈，把效果最好的句子写在白板上，作为团队回复模板的素材。
"""

MANAGERS_ZH = """\
### 中文议程

每节课的时长是根据测量的数量（笔记本的文字、代码单元格和运行时间、练习的题目数、讨论问题数）
按明确说明并有出处的速率**计算**出来的，不是在课堂上实测的。试讲之后，请用试讲的实际分钟数替换
（见 trainer/README.md），再运行 `.venv/bin/python trainer/make_tracks.py` 重新生成本议程。
下午的第10-13节是这一天的重点：六步流程、分级与排班、回访与闭环、写回复和角色扮演。"""

MANAGERS_OUTRO = """\
## What each block is for

- **00** opens the lab and the company; the one question is why complaint counts miss
  problems.
- **01** is the method of the day: rank, drill down to an owner, plan, check next month.
- **07** turns "complaints" into "dissatisfied customers", and sets up the afternoon: the silent
  customers are why the follow-up and the reply matter.
- **10–13** are the handling itself, the centre of the day, in the order of the six steps: where
  complaints leave the steps, who is answered first and in time, who is called back, and what
  the reply says.
- **Round-up**: each participant names one thing they will look at in their own data or team
  next week.

### 各段的目的

- **00** 打开实验环境，认识这家公司；唯一的问题是：为什么投诉数量会漏掉问题。
- **01** 是这一天的方法：排序，追到有人负责的根本原因，制定计划，下个月检查。
- **07** 把"投诉"变成"不满意的客户"，也为下午做铺垫：正是因为有沉默的客户，回访和回复才重要。
- **10–13** 是投诉处理本身，这一天的重点，按六步的顺序：投诉在哪里偏离了六步，谁先被处理、是否按时，
  谁被回访，回复里写什么。
- **总结**：每位学员说出下周要在自己的数据或团队里看的一件事。
"""

ANALYSTS_INTRO = f"""\
# Agenda · analysts (two days)

Day 1 is the modelling core: the drill-down, satisfaction drivers, loyalty with censoring and
survival models, and the training evaluation. Day 2 is prediction and monitoring, then real and
text data, then the handling process: forecasting, early warning, the iceberg, bring your own
data, reading complaints at scale, the event log, SLA and staffing, and the follow-up call.
Session 13 (the reply role play) belongs to the managers' track. Prepare the room with
`complaintkit workshop prepare DIR --track analysts --lang en`.

{TIMES}

Ask analysts to bring an anonymised export of their own for session 08 (day 2).
"""

ANALYSTS_OUTRO = """\
## What each block is for

- **Day 1 morning (00–02)**: the kit and the first two analyses; the habit of checking every
  estimate against the truth, and of reporting who answered a survey.
- **Day 1 afternoon (03–04)**: the two causal questions managers ask most (does speed keep the
  customer, did the training work), with the designs that answer them honestly.
- **Day 2 morning (05–08)**: what comes next (forecast, alarm), what is unseen (the iceberg),
  and the step from the kit's worlds to the analyst's own export.
- **Day 2 afternoon (09–12)**: text at scale, then the handling process in the event log, the
  service promise and staffing, and the follow-up call's worth.
- **Round-ups**: each analyst names the one analysis they will rerun on their own data first.

The computed days are long: if the pilot shows a day runs over, move the closing "Questions for
discussion" of 02–04 to the round-up, and present sections marked in the notes from the
projector rather than running them in pairs.
"""

AGENDA = {
    "managers": {"intro": MANAGERS_INTRO, "outro": MANAGERS_OUTRO, "zh_intro": MANAGERS_ZH},
    "analysts": {"intro": ANALYSTS_INTRO, "outro": ANALYSTS_OUTRO},
}
