"""The command line and the workshop's tools speak the terminal's language (issue 13 item 4).

In a Chinese terminal (``COMPLAINTKIT_LOCALE=zh_CN``) every ``--help`` (argparse's own words
included: ``usage:``, ``options``, ``positional arguments``), every usual error and every
printed line is Chinese, beyond the words a user types (option strings, sub-command names,
metavars, choices, defaults, file names); in an English one nothing changed. The trainees'
folder of a Chinese room starts on a Chinese README. The library's functions speak their
``locale=`` (else the room's language, else English).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys

import pytest
from test_i18n import _CODE, english_words

import complaintkit.classroom as classroom
import complaintkit.data as data
import complaintkit.handouts as handouts
from complaintkit.cli import argparse_language, build_parser, in_language, main
from complaintkit.workshop import session, sessions, track

ZH = "zh_CN"
CJK = re.compile(r"[\u4e00-\u9fff]")
#: names of file formats and tools, written as they are in Chinese texts too ("CSV 文件")
PRODUCT_NAMES = {"complaintkit", "CSV", "TSV", "Excel", "Parquet", "UTF", "Markdown", "TOML",
                 "jupytext", "Python", "JupyterLab", "stderr"}
#: file names and paths: what a user types (notebooks/NN-slug.py, exercises/*.ipynb, /tmp/x)
FILE_NAMES = re.compile(r"[\w.*<>-]*/[\w.*/<>|-]*|[\w*-]+\.(?:py|ipynb|toml|csv|parquet|zip|gz"
                        r"|md|html|json)\b")
#: sha256 (first 16 hex digits) of each English ``--help`` as it was before the command line
#: spoke Chinese (COLUMNS=100, Python 3.11's argparse): English must not change. After a
#: deliberate change of an English help text, print the new digests with
#: ``{k: hashlib.sha256(v.encode()).hexdigest()[:16] for k, v in help_texts(None).items()}``.
ENGLISH_HELP = {
    "": "d5c18f3b0cd4e5c3",
    "generate": "d7eea2d07b938e49",
    "scenarios": "6ae43f4c9a997579",
    "datasets": "b02ca47f31a6b924",
    "datasets list": "158acc2d02e5478a",
    "datasets build": "aa573146500db446",
    "read": "d819bec0b67f1982",
    "data-dictionary": "a87c1adeac986033",
    "exercises": "b2b7f942aa6d5c34",
    "exercises build": "a019629bd7cb0336",
    "exercises reset": "49e261a2e1f8debf",
    "workshop": "fdba39e06ea5ee35",
    "workshop list": "b6ff44f2a06e7615",
    "workshop sync": "805dc9d942c4a167",
    "workshop prepare": "8c91ad0a92a9bbc9",
    "workshop render": "088594fee7d5eda0",
    "messages": "f35dff603f9a4f49",
}


# --------------------------------------------------------------------------- helpers
@pytest.fixture(autouse=True)
def _terminal(monkeypatch):
    """A 100-column terminal in English unless a test says otherwise. The rooms written here
    keep the stored kernel metadata: lab_metadata imports ipykernel, after which tqdm.auto
    draws notebook bars in this process (tests/test_cli.py's progress bar test, if it runs
    after this file in the same worker, would find nothing on stderr)."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("COMPLAINTKIT_LOCALE", "en_US")
    monkeypatch.setattr(classroom, "lab_metadata", dict)


def _speak(monkeypatch, lang):
    monkeypatch.setenv("COMPLAINTKIT_LOCALE", lang or "en_US")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def parsers(parser=None, path=()):
    """``(path, parser)`` of the command and every sub-command, nested ones included."""
    parser = parser or build_parser()
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, (*path, name))


def typed(parser) -> set[str]:
    """What a user types in ``parser``'s help: its prog, option strings, metavars, choices
    (sub-command names), defaults."""
    words = set(parser.prog.split())
    for a in parser._actions:
        words |= set(a.option_strings)
        metavar = a.metavar or (a.dest.upper() if a.option_strings else a.dest)
        words |= set(metavar if isinstance(metavar, tuple) else [metavar])
        words |= {str(c) for c in (a.choices or ())}
        if a.default not in (None, argparse.SUPPRESS) and not isinstance(a.default, bool):
            words.add(str(a.default))
    return {w for w in words if w}


def untyped_english(text: str, allowed=(), columns=()) -> list[str]:
    """The English words of ``text`` but for the ``allowed`` strings a user types, file names,
    and the names of formats and tools."""
    # file names first (NN-slug.py), code next (generate(check_memory=False) before generate)
    text = _CODE.sub(" ", FILE_NAMES.sub(" ", text))
    for s in sorted(allowed, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(s)}(?![\w-])", " ", text)
    return [w for w in english_words(text, columns) if w not in PRODUCT_NAMES]


def help_texts(lang, monkeypatch, capsys) -> dict[str, tuple[str, set[str]]]:
    """``{"workshop prepare": (its --help, what a user types there)}`` in ``lang``; what a
    user types in any of the commands (a command's help lists its sub-commands' choices)."""
    _speak(monkeypatch, lang)
    out, words = {}, set()
    for _, parser in parsers():
        words |= typed(parser)
    for path, _ in parsers():
        code, text, err = run(capsys, *path, "--help")
        assert code == 0 and not err, (path, err)
        out[" ".join(path)] = (text, words)
    return out


def last_line(err: str) -> str:
    return err.strip().splitlines()[-1]


# --------------------------------------------------------------------------- help
def test_every_help_is_chinese_in_a_chinese_terminal(monkeypatch, capsys):
    helps = help_texts(ZH, monkeypatch, capsys)
    assert set(helps) == set(ENGLISH_HELP), "a sub-command was added or removed"
    bad = {path: untyped_english(text, allowed) for path, (text, allowed) in helps.items()}
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, f"English in a Chinese --help: {bad}"
    top = helps[""][0]
    assert top.startswith("用法：complaintkit") and "\n位置参数：\n" in top and "\n选项：\n" in top
    assert "显示本帮助信息并退出" in top and "显示程序版本号并退出" in top


@pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                    reason="argparse lays help out differently in other versions")
def test_english_help_is_unchanged(monkeypatch, capsys):
    helps = help_texts(None, monkeypatch, capsys)
    digests = {k: hashlib.sha256(v.encode()).hexdigest()[:16] for k, (v, _) in helps.items()}
    changed = {k: helps[k][0] for k in helps if digests[k] != ENGLISH_HELP.get(k)}
    assert not changed, f"English --help changed: {changed}"


def test_english_help_holds_no_chinese(monkeypatch, capsys):
    helps = help_texts(None, monkeypatch, capsys)
    assert not [k for k, (text, _) in helps.items() if CJK.search(text)]
    assert helps[""][0].startswith("usage: complaintkit") and "\noptions:\n" in helps[""][0]


def test_argparse_is_left_as_it_was(monkeypatch, capsys):
    """argparse's words are ours only while the command line runs."""
    _speak(monkeypatch, ZH)
    run(capsys, "--help")
    assert argparse._("usage: ") == "usage: "
    with argparse_language(ZH):
        assert argparse._("usage: ") == "用法："
        assert argparse.ngettext("expected %s argument", "expected %s arguments", 2) \
            == "需要 %s 个值"
    assert argparse._("options") == "options"
    with argparse_language(None):
        assert argparse._("options") == "options"


# --------------------------------------------------------------------------- errors
#: the usual mistakes, per command: (name, argv, what the tmp_path holds)
def _cases(tmp):
    full = tmp / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine", encoding="utf-8")
    a_file = tmp / "a_file"
    a_file.write_text("x", encoding="utf-8")
    room = tmp / "room"
    (room / "exercises").mkdir(parents=True)
    name = session("01").exercise_name
    (room / "exercises" / f"{name}.ipynb").write_text(
        json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
        encoding="utf-8")
    empty = tmp / "no_datasets"
    empty.mkdir()
    built = tmp / "built"  # a dataset's folder holding a file the kit did not write
    (built / "ecommerce_en").mkdir(parents=True)
    (built / "ecommerce_en" / "mine.txt").write_text("x", encoding="utf-8")
    return {
        "prepare: no --track": ["workshop", "prepare", tmp / "r1"],
        "prepare: unknown track": ["workshop", "prepare", tmp / "r2", "--track", "agents"],
        "prepare: unknown lang": ["workshop", "prepare", tmp / "r3", "--track", "managers",
                                  "--lang", "fr"],
        "prepare: folder not empty": ["workshop", "prepare", full, "--track", "managers"],
        "prepare: a file": ["workshop", "prepare", a_file, "--track", "managers"],
        "reset: unknown session": ["exercises", "reset", "99", "--dir", room],
        "reset: no exercise": ["exercises", "reset", "00", "--dir", room],
        "reset: no folder": ["exercises", "reset", "01", "--dir", tmp / "nowhere"],
        "reset: not a trainee exercise": ["exercises", "reset", "01", "--dir", room],
        "reset: no number": ["exercises", "reset"],
        "render: unknown session": ["workshop", "render", "99", "--out", tmp / "o1",
                                    "--no-execute"],
        "render: folder not empty": ["workshop", "render", "00", "--to", "handout",
                                     "--out", full, "--no-execute"],
        "render: no --out": ["workshop", "render", "00"],
        "render: unknown --to": ["workshop", "render", "00", "--to", "pdf", "--out", tmp],
        "datasets: no catalogue": ["datasets"],
        "datasets: unknown action": ["datasets", "remove"],
        "datasets build: files not the kit's": ["datasets", "build", "--out", built, "--quiet"],
        "generate: seed": ["generate", "--seed", "x", "--out", tmp / "w1"],
        "generate: complaints": ["generate", "--complaints", "many", "--out", tmp / "w2"],
        "generate: format": ["generate", "--format", "xml", "--out", tmp / "w3"],
        "generate: no --out": ["generate"],
        "generate: unknown scenario": ["generate", "--scenario", "nope", "--out", tmp / "w4"],
        "generate: --out not a world": ["generate", "--out", full, "--quiet"],
        "unknown command": ["make-coffee"],
    }, empty


@pytest.mark.parametrize("lang", [ZH, None])
def test_usual_errors_speak_the_terminal_language(lang, tmp_path, monkeypatch, capsys):
    cases, empty = _cases(tmp_path)
    monkeypatch.setenv("COMPLAINTKIT_DATASETS", str(empty))
    _speak(monkeypatch, lang)
    typed_words = {str(tmp_path), "managers", "analysts", "en", "zh", "parquet", "csv",
                   "handout", "slides", "both", "COMPLAINTKIT_DATASETS", "pip install -e ."}
    for _, parser in parsers():
        typed_words |= typed(parser)
    found = {}
    for name, argv in cases.items():
        code, out, err = run(capsys, *argv)
        assert code == 2 and err, (name, out, err)
        line = last_line(err)
        if lang == ZH:
            assert re.match(r"complaintkit[\w -]*：错误：", line), (name, line)
            english = untyped_english(line, typed_words)
            if english:
                found[name] = (english, line)
        else:
            assert re.match(r"complaintkit[\w -]*: error: ", line), (name, line)
            assert not CJK.search(err), (name, err)
    assert not found, f"English in a Chinese terminal's errors: {found}"


def test_english_errors_read_as_before(tmp_path, monkeypatch, capsys):
    full = tmp_path / "full"
    full.mkdir()
    (full / "a.txt").write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "workshop", "prepare", full, "--track", "managers")
    assert err == (f"complaintkit: error: {full} is not empty (a.txt): choose a new folder, "
                   "or pass --overwrite to replace the kit's files in it (nothing else there "
                   "is touched)\n")
    code, _, err = run(capsys, "exercises", "reset", "99", "--dir", tmp_path)
    assert err.startswith("complaintkit: error: no session '99'; sessions are '00', '01', ")
    code, _, err = run(capsys, "workshop", "prepare", tmp_path / "r", "--track", "x")
    assert last_line(err) == ("complaintkit workshop prepare: error: argument --track: "
                              "invalid choice: 'x' (choose from 'managers', 'analysts')")


def test_a_chinese_error_names_the_problem(tmp_path, monkeypatch, capsys):
    _speak(monkeypatch, ZH)
    full = tmp_path / "full"
    full.mkdir()
    (full / "a.txt").write_text("x", encoding="utf-8")
    _, _, err = run(capsys, "workshop", "prepare", full, "--track", "managers")
    assert err == (f"complaintkit：错误：{full} 不是空文件夹（a.txt）：请选择新文件夹，或加上 "
                   "--overwrite 替换其中工具包的文件（其他文件不受影响）\n")
    _, _, err = run(capsys, "workshop", "prepare", tmp_path / "r", "--track", "x")
    assert last_line(err) == ("complaintkit workshop prepare：错误：参数 --track：无效的选择："
                              "'x'（可选：'managers', 'analysts'）")
    assert err.startswith("用法：complaintkit workshop prepare")


# --------------------------------------------------------------------------- what is printed
def test_printed_lines_are_chinese(tmp_path, monkeypatch, capsys):
    _speak(monkeypatch, ZH)
    code, out, err = run(capsys, "datasets")
    assert code == 0 and not err
    catalogue = data.datasets()
    names = set(catalogue["name"]) | set(catalogue["locale"])
    assert not untyped_english(out, names, columns=catalogue.columns), out
    assert "电商投诉数据，一年（英文）" in out and "模拟世界" in out

    code, out, err = run(capsys, "scenarios")
    assert code == 0 and not err and "服务补救悖论" in out
    assert not untyped_english(out, {"ecommerce", "ecommerce_recovery", "zh_CN", "en_US"}), out

    code, out, err = run(capsys, "generate", "--complaints", "200", "--start", "2025-01-01",
                         "--end", "2025-03-01", "--out", tmp_path / "w", "--quiet")
    assert code == 0 and not err and "文件已写入 " in out and "投诉 " in out
    assert not untyped_english(out, {"ecommerce", "en_US", "B", "kB", "MB"}), out

    code, out, err = run(capsys, "workshop", "list")
    assert code == 0 and not err
    slugs = {s.slug for s in sessions()}
    assert not untyped_english(out, slugs), out
    assert "欢迎使用 complaintkit" in out and "母版" in out

    room = tmp_path / "room"
    code, out, err = run(capsys, "workshop", "prepare", room, "--track", "managers")
    assert code == 0 and not err
    assert not untyped_english(out, {"managers", "en", "lab", "--ServerApp.root_dir"}), out
    assert out.startswith("已写入 ") and "打开方式：" in out

    code, out, err = run(capsys, "exercises", "reset", "01", "--dir", room)
    assert code == 0 and out.endswith("已与生成时一致：未做任何修改\n"), out
    target = room / "exercises" / f"{session('01').exercise_name}.ipynb"
    target.write_text(target.read_text(encoding="utf-8") + " ", encoding="utf-8")
    code, out, err = run(capsys, "exercises", "reset", "01", "--dir", room)
    assert code == 0 and "你的文件已保留为 " in out and "已写入 " in out, out
    assert not untyped_english(out), out


def _readme_prose(text: str) -> str:
    """The README without its code: `spans` and indented command lines."""
    text = re.sub(r"`[^`]*`", " ", text)
    return "\n".join(line for line in text.split("\n") if not line.startswith("    "))


def test_a_chinese_room_starts_on_a_chinese_readme(tmp_path, capsys):
    # an English terminal: the README speaks the room's language, the terminal English
    code, out, err = run(capsys, "workshop", "prepare", tmp_path / "zh", "--track", "managers",
                         "--lang", "zh")
    assert code == 0 and not CJK.search(out)
    readme = (tmp_path / "zh" / "README.md").read_text(encoding="utf-8")
    assert not untyped_english(_readme_prose(readme)), readme
    assert readme.startswith("# 用投诉做决策") and "投诉冰山" in readme
    assert "`DATASET = \"ecommerce_zh\"`" in readme
    code, out, err = run(capsys, "workshop", "prepare", tmp_path / "en", "--track", "managers")
    english = (tmp_path / "en" / "README.md").read_text(encoding="utf-8")
    assert english.startswith("# Decisions from complaints: a one-day track for managers")
    assert "- `notebooks/07-complaint-iceberg.ipynb`: The complaint iceberg (exercise: " \
           "`exercises/ex07-complaint-iceberg.ipynb`)" in english and not CJK.search(english)


# --------------------------------------------------------------------------- the library
def test_library_errors_speak_locale_else_the_room(tmp_path):
    with pytest.raises(ValueError, match="track 须为 'managers'、'analysts' 之一"):
        classroom.prepare_room(tmp_path / "r", "agents", lang="zh")
    with pytest.raises(ValueError, match="track must be one of 'managers', 'analysts'"):
        classroom.prepare_room(tmp_path / "r", "agents", lang="zh", locale="en_US")
    with pytest.raises(ValueError, match="track must be one of"):
        classroom.prepare_room(tmp_path / "r", "agents")
    with pytest.raises(ValueError, match="lang 须为 'en'、'zh' 之一，但传入的是 'fr'"):
        classroom.prepare_room(tmp_path / "r", "managers", lang="fr", locale=ZH)
    with pytest.raises(ValueError, match="第 00 节课程没有练习"):
        classroom.reset_exercise("00", tmp_path, lang="zh")
    with pytest.raises(KeyError, match="没有第 '99' 节课程"):
        session("99", locale=ZH)
    with pytest.raises(ValueError, match="to 须为 'slides'、'handout'、'both' 之一"):
        handouts.render_sessions(["00"], to="pdf", out=tmp_path / "o", lang="zh")
    with pytest.raises(ValueError, match="name 须为 "):
        data.load_dataset("nope", locale=ZH)
    with pytest.raises(ValueError, match="name must be one of "):
        data.load_dataset("nope")
    assert track("managers", locale=ZH) == track("managers")


def test_finished_english_messages_are_translated_by_their_template():
    assert in_language("session 07 has no exercise", ZH) == "第 07 节课程没有练习"
    assert in_language("session 07 has no exercise", "en_US") == "session 07 has no exercise"
    assert in_language("not a message of the kit", ZH) == "not a message of the kit"


def test_python_m_complaintkit_follows_a_chinese_lang():
    """The real entry point, in a terminal whose LANG is Chinese (no COMPLAINTKIT_LOCALE)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("COMPLAINTKIT_LOCALE", "LC_ALL", "LC_MESSAGES")}
    env |= {"LANG": "zh_CN.UTF-8", "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-m", "complaintkit", "workshop", "render", "--help"],
                          capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("用法：complaintkit workshop render") and "选项" in done.stdout
