"""Write trainer/tracks.toml and the two agendas from the trainer notes.

The notes are the one source: each ``trainer/NN-slug.md`` holds the session's computed room
time ("Computed room time: **N min**", from benchmarks/bench_session_time.py or, after a pilot,
the trainer's own; a managers' session also that of its Chinese-prose notebook, and the
managers' track plans for the longer of the two), its learning objectives and its "what to
say" (in Chinese too for the managers' sessions). This script lays the sessions of each track
out on its days with breaks and lunch, and writes

* ``trainer/tracks.toml``: per track and session ``minutes``, ``objectives``, ``say`` (and
  ``say_zh`` on the managers' track) and ``day``, the values of ``TrackSession``'s fields;
* ``trainer/agenda-managers.md`` and ``trainer/agenda-analysts.md``: the timed agendas.

After a pilot run, put the measured minutes into the notes' "Computed room time" lines (and say
"Measured in a pilot" there) and run it again:  .venv/bin/python trainer/make_tracks.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from complaintkit.workshop import TRACKS, session  # noqa: E402

START = {"managers": 9 * 60, "analysts": 8 * 60 + 30}  # when each day starts
BREAK, LUNCH, WELCOME_BACK, CLOSE = 15, 60, 5, 15

#: Each day of each track: the sessions in order, with "break" and "lunch" between them.
PLAN = {
    "managers": [["00", "01", "break", "07", "lunch", "10", "11", "break", "12", "13"]],
    "analysts": [["00", "01", "break", "02", "lunch", "03", "break", "04"],
                 ["05", "06", "break", "07", "08", "lunch", "09", "10", "break", "11", "12"]],
}

#: What each block is for, in the agenda (en, and zh for the managers' sessions).
PURPOSE = {
    "00": ("the kit, the lab, the simulated company; why a known truth",
           "认识工具包、实验环境和模拟公司；为什么要有已知的\"真相\""),
    "01": ("rank complaints, drill down to root causes and owners, write and check a plan",
           "投诉排序，追到根本原因和责任部门，制定并检查改进计划"),
    "02": ("which aspect of the handling moves satisfaction; who answers the survey", ""),
    "03": ("does a fast response keep the customer; censoring; the recovery paradox", ""),
    "04": ("did the training work: difference in differences against naive comparisons", ""),
    "05": ("a daily forecast chosen by backtest; staffing the festival peak", ""),
    "06": ("an alarm that rings before complaints pile up, and what it costs", ""),
    "07": ("the silent dissatisfied behind the complaints; voice rate per category",
           "投诉背后沉默的不满客户；按类别的发声率"),
    "08": ("your own export: read with a report, validate, analyse, test, size a pilot", ""),
    "09": ("narratives: keywords, topics, routing, sentiment, redaction", ""),
    "10": ("the six steps in the event log: skipped steps, reopen loops, hand-offs",
           "事件日志里的六步：跳过的步骤、重开、转交"),
    "11": ("triage, SLA by priority, channel and team; agents for the peak and a 60% rise",
           "分级、按优先级/渠道/团队的服务时限；大促高峰和增长60%时的排班"),
    "12": ("who is called back, the closed loop, what the call is worth, a call-back plan",
           "谁被回访、闭环率、回访的价值、回访计划"),
    "13": ("the reply rubric, an angry customer, the pair role play",
           "回复评分标准、愤怒的客户、两人一组的角色扮演"),
}
#: The second timing line of a managers' session: its Chinese-prose notebook (notebooks/zh).
ZH_MINUTES = r"Computed room time, Chinese-prose notebook \(notebooks/zh\): \*\*(\d+) min\*\*"
ZH_TITLE = {"00": "欢迎", "01": "配送超时分析", "07": "投诉冰山", "10": "六步流程",
            "11": "分级、服务时限与排班", "12": "回访与闭环", "13": "写回复"}


def note_path(number: str) -> Path:
    return HERE / f"{session(number).name}.md"


def section(text: str, title: str) -> str:
    m = re.search(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    if not m:
        raise ValueError(f"no '## {title}' section")
    return m.group(1)


def read_note(number: str) -> dict:
    """Minutes, objectives, say and say_zh of one trainer note."""
    text = note_path(number).read_text(encoding="utf-8")
    m = re.search(r"Computed room time: \*\*(\d+) min\*\*", text)
    if not m:
        raise ValueError(f"{note_path(number).name}: no 'Computed room time: **N min**' line")
    objectives = [" ".join(o.split()) for o in re.findall(
        r"^\d+\.\s+(.+(?:\n {3}.+)*)", section(text, "Learning objectives"), re.M)]
    say, _, zh = section(text, "What to say").partition("### 中文")
    zh = zh.split("\n", 1)[1] if zh else ""
    z = re.search(ZH_MINUTES, text)
    return {"minutes": int(m.group(1)), "minutes_zh": int(z.group(1)) if z else None,
            "objectives": objectives,
            "say": " ".join(say.split()),
            "say_zh": "".join(line.strip() for line in zh.strip().splitlines())}


def minutes(track: str, number: str) -> int:
    """A session's minutes on a track: the managers' track plans for the longer of its English
    and its Chinese-prose notebook (a room may run either)."""
    n = read_note(number)
    return max(n["minutes"], n["minutes_zh"] or 0) if track == "managers" else n["minutes"]


def schedule(track: str) -> list[list[tuple[int, int, str, int]]]:
    """Per day: (start, end, block, minutes) rows, sessions as their number."""
    days = []
    for plan in PLAN[track]:
        t, rows = START[track], []
        for block in plan:
            mins = {"break": BREAK, "lunch": LUNCH}.get(block) or minutes(track, block)
            rows.append((t, t + mins, block, mins))
            t += mins
        rows.append((t, t + CLOSE, "close", CLOSE))
        days.append(rows)
    return days


def hhmm(t: int) -> str:
    return f"{t // 60:02d}:{t % 60:02d}"


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_toml() -> str:
    out = ["# Per track and session, the values of complaintkit.workshop.TrackSession's fields.",
           "# Written by trainer/make_tracks.py from the trainer notes; minutes are computed",
           "# (benchmarks/bench_session_time.py) until a pilot run replaces them.", ""]
    for name in TRACKS:
        day_of = {b: i + 1 for i, plan in enumerate(PLAN[name]) for b in plan}
        out += [f"[{name}]", f"days = {len(PLAN[name])}", ""]
        for number in TRACKS[name].numbers():
            n = read_note(number)
            out += [f"[[{name}.sessions]]", f'number = "{number}"',
                    f"minutes = {minutes(name, number)}", f"day = {day_of[number]}",
                    "objectives = [", *[f"    {toml_str(o)}," for o in n["objectives"]], "]",
                    f"say = {toml_str(n['say'])}"]
            if name == "managers":
                out.append(f"say_zh = {toml_str(n['say_zh'])}")
            out.append("")
    return "\n".join(out)


def _label(block: str, zh: bool) -> str:
    if block in ("break", "lunch", "close"):
        return {"break": ("Break", "茶歇"), "lunch": ("Lunch", "午餐"),
                "close": ("Round-up: questions, what each will do next week", "总结：答疑，"
                          "下周每人要做的一件事")}[block][zh]
    title = ZH_TITLE[block] if zh else session(block).title
    return f"{block} · {title}"


def _table(rows, zh: bool) -> list[str]:
    head = ("| 开始 | 结束 | 内容 | 分钟 | 目的 |" if zh else
            "| start | end | block | minutes | what it is for |")
    out = [head, "|---|---|---|---|---|"]
    for start, end, block, mins in rows:
        purpose = PURPOSE.get(block, ("", ""))[zh]
        out.append(f"| {hhmm(start)} | {hhmm(end)} | {_label(block, zh)} | {mins} | {purpose} |")
    return out


def write_agenda(name: str, intro: str, outro: str, zh_intro: str = "") -> str:
    out = [intro.strip(), ""]
    for i, rows in enumerate(schedule(name), 1):
        sessions = sum(r[3] for r in rows if r[2] not in ("break", "lunch", "close"))
        out += [f"## Day {i}", "", *_table(rows, False), "",
                f"Sessions {sessions} min; the day ends at {hhmm(rows[-1][1])}.", ""]
        if zh_intro:
            out += [zh_intro.strip(), "", *_table(rows, True), ""]
    out.append(outro.strip())
    return "\n".join(out) + "\n"


def main() -> None:
    from agenda_text import AGENDA  # the prose around the tables

    (HERE / "tracks.toml").write_text(write_toml(), encoding="utf-8")
    for name, parts in AGENDA.items():
        (HERE / f"agenda-{name}.md").write_text(write_agenda(name, **parts), encoding="utf-8")
    print("wrote trainer/tracks.toml, " + ", ".join(f"trainer/agenda-{n}.md" for n in AGENDA))


if __name__ == "__main__":
    main()
