"""The command line: in-process through ``main([...])``, plus one real ``python -m`` run."""

import io
import re
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout

import pandas as pd
import pytest

import complaintkit as ck
from complaintkit.cli import build_parser, main

ARGS = dict(seed=3, n_complaints=300, start="2025-01-01", end="2025-10-01")
CLI_ARGS = ["--seed", "3", "--complaints", "300", "--start", "2025-01-01", "--end", "2025-10-01"]


@pytest.fixture(scope="module")
def expected():
    """The world the CLI arguments below should give, generated in-process."""
    return ck.generate("ecommerce", **ARGS)


@pytest.fixture(scope="module", params=["parquet", "csv"])
def written(request, tmp_path_factory):
    """``(format, folder, stdout)`` of one ``complaintkit generate`` per format."""
    fmt, folder = request.param, tmp_path_factory.mktemp(request.param) / "world"
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["generate", "--scenario", "ecommerce", *CLI_ARGS, "--format", fmt,
                     "--out", str(folder), "--quiet"])
    assert code == 0 and err.getvalue() == "", err.getvalue()
    return fmt, folder, out.getvalue()


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_generate_round_trips(written, expected):
    _, folder, _ = written
    got = ck.read_world(folder)
    for name, df in expected.tables.items():
        pd.testing.assert_frame_equal(got.tables[name], df, obj=name)
    assert got.meta == expected.meta


def test_generate_round_trips_truth(written, expected):
    got = ck.read_world(written[1]).truth.tables()
    for name, df in expected.truth.tables().items():
        pd.testing.assert_frame_equal(got[name], df, obj=f"truth.{name}")


def test_generate_summary(written, expected):
    fmt, folder, out = written
    assert re.search(r"^scenario\s+ecommerce$", out, re.M)
    assert re.search(r"^seed\s+3$", out, re.M)
    assert re.search(r"^locale\s+en_US$", out, re.M)
    assert "2025-01-01 to 2025-10-01" in out
    for name, df in expected.tables.items():
        assert re.search(rf"^{name}\s+{len(df):,}$", out, re.M), name
    files = [f.relative_to(folder).as_posix() for f in expected.files(folder)]
    assert f"complaints.{fmt}" in files and f"truth/effects.{fmt}" in files
    for f in files:
        assert re.search(rf"^  {re.escape(f)}\s+[\d.]+ (B|kB|MB)$", out, re.M), f


def test_generate_zh_cn_with_progress_bar(capsys, tmp_path):
    code, out, err = run(capsys, "generate", "--complaints", "300", "--locale", "zh_CN",
                         "--out", str(tmp_path / "zh"))
    assert code == 0, err
    assert "stage" in err  # tqdm's bar went to stderr, not into the summary
    assert "stage" not in out and re.search(r"^locale\s+zh_CN$", out, re.M)
    narrative = ck.read_world(tmp_path / "zh").complaints["narrative"]
    assert narrative.str.contains(r"[\u4e00-\u9fff]").all()


def test_generate_replaces_an_earlier_world(capsys, tmp_path, expected):
    expected.to_parquet(tmp_path)
    code, _, err = run(capsys, "generate", "--complaints", "300", "--seed", "8",
                       "--out", str(tmp_path), "--quiet")
    assert code == 0, err
    assert ck.read_world(tmp_path).meta["seed"] == 8


@pytest.mark.parametrize("args, expect", [
    (["--scenario", "nope"], "scenario 'nope'"),
    (["--scenario", "missing.toml"], "missing.toml"),
    (["--scenario", "BAD_TOML"], "not valid TOML"),
    (["--scenario", "RANGE_TOML"], "voice.rate = 7"),
    (["--complaints", "5"], "n_complaints = 5"),
    (["--complaints", "-3"], "n_complaints = -3"),
    (["--complaints", "abc"], "--complaints must be a whole number, not 'abc'"),
    (["--seed", "1.5"], "--seed must be a whole number, not '1.5'"),
    (["--seed", "-1"], "seed must be a non-negative whole number, not -1"),
    (["--customers", "many"], "--customers must be a whole number, not 'many'"),
    (["--locale", "fr_FR"], "'fr_FR'"),
    (["--start", "2025-13-01"], "period.start = '2025-13-01'"),
    (["--end", "soon"], "period.end = 'soon'"),
    (["--out", "A_FILE"], "is not a complaintkit world"),
    (["--out", "A_FOLDER"], "is not a complaintkit world"),
])
def test_bad_arguments_give_one_error_line(capsys, tmp_path, args, expect):
    (tmp_path / "bad.toml").write_text("base = \n", encoding="utf-8")
    (tmp_path / "range.toml").write_text("[voice]\nrate = 7\n", encoding="utf-8")
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "notes.txt").write_text("keep me")
    subs = {"BAD_TOML": tmp_path / "bad.toml", "RANGE_TOML": tmp_path / "range.toml",
            "A_FILE": tmp_path / "file", "A_FOLDER": tmp_path / "folder"}
    args = [str(subs.get(a, a)) for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "world")]
    code, out, err = run(capsys, "generate", *args)
    assert code == 2
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("complaintkit: error: ")
    assert expect in lines[0]
    assert "Traceback" not in err and out == ""
    assert (tmp_path / "folder" / "notes.txt").read_text() == "keep me"
    assert not (tmp_path / "world").exists()


def test_no_memory_check_generates_what_the_check_refuses(capsys, tmp_path, monkeypatch):
    """--no-memory-check is generate(check_memory=False): with too little memory (pretended)
    the check refuses in one line that names the flag, and the flag writes the world."""
    from complaintkit.generator import pipeline
    monkeypatch.setattr(pipeline, "available_memory", lambda: 1_000_000)  # 1 MB
    argv = ["generate", "--complaints", "300", "--out", str(tmp_path / "w"), "--quiet"]
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and len(err.splitlines()) == 1, err
    assert "needs about" in err and "but 1 MB is available" in err
    assert "--no-memory-check" in err
    assert not (tmp_path / "w").exists()
    code, out, err = run(capsys, *argv, "--no-memory-check")
    assert code == 0, err
    assert len(ck.read_world(tmp_path / "w").complaints) > 0
    args = build_parser().parse_args(argv)
    assert args.check_memory is True  # the check stays on unless asked


def test_usage_errors_exit_2(capsys):
    code, out, err = run(capsys, "generate", "--complaints", "300")  # no --out
    assert code == 2 and "--out" in err.splitlines()[-1]
    code, out, err = run(capsys, "generate", "--format", "xls", "--out", "x")
    assert code == 2 and "xls" in err.splitlines()[-1]
    assert run(capsys)[0] == 2


def test_scenarios(capsys):
    code, out, err = run(capsys, "scenarios")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("ecommerce "))
    assert line.endswith(".") and "online retailer" in line


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"complaintkit {ck.__version__}"


@pytest.mark.parametrize("argv", [["datasets"], ["datasets", "list"]])
def test_datasets_list(capsys, argv):
    code, out, _ = run(capsys, *argv)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["name", "kind", "locale", "rows", "title"]
    for name in ck.datasets()["name"]:
        assert any(x.startswith(name + " ") for x in lines[1:]), name


def test_datasets_build(capsys, tmp_path):  # about 8 s: two full-size worlds
    """The documented rebuild command writes the shipped data (no stale files): the freshness
    check of the shipped worlds, here rather than a second fresh build in test_datasets.py."""
    code, out, err = run(capsys, "datasets", "build", "--out", str(tmp_path), "--quiet")
    assert code == 0, err
    for name in ("ecommerce_en", "ecommerce_zh"):
        assert str(tmp_path / name) in out
        assert (tmp_path / name / "datasheet.md").exists()
        built, shipped = ck.read_world(tmp_path / name), ck.load_dataset(name)
        assert built.locale == shipped.locale
        assert built.tables.keys() == shipped.tables.keys()
        for table, df in built.tables.items():
            pd.testing.assert_frame_equal(shipped.tables[table], df, obj=f"{name}.{table}")
    assert str(tmp_path / "datasets.csv") in out


def test_python_m_complaintkit():
    res = subprocess.run([sys.executable, "-m", "complaintkit", "scenarios"],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("ecommerce ")


# --------------------------------------------------------------------------- read
def test_read_prints_both_reports_and_writes_exactly_the_library_s_rows(capsys, tmp_path):
    from complaintkit import byod

    src, mapping = byod.export_path("ecommerce_zh"), byod.mapping_path("ecommerce_zh")
    out, rejected = tmp_path / "clean.parquet", tmp_path / "rejected.csv"
    code, text, err = run(capsys, "read", str(src), "--mapping", str(mapping),
                          "--out", str(out), "--rejected", str(rejected))
    assert code == 0 and err == ""
    lib = ck.read_complaints(src, mapping=mapping)
    assert text.startswith(lib.summary().splitlines()[0])          # the read report
    assert ck.validate(lib.frame).summary().splitlines()[0] in text  # then the validation
    got = pd.read_parquet(out).set_index("row")
    pd.testing.assert_frame_equal(got, lib.frame, check_dtype=False, check_categorical=False)
    back = pd.read_csv(rejected, dtype=str, keep_default_na=False)
    assert len(back) == len(lib.rejected) == lib.rows_read - lib.accepted
    assert back["reason"].tolist() == lib.rejected["reason"].tolist()


def test_read_refuses_to_replace_a_file_and_names_it(capsys, tmp_path):
    from complaintkit import byod

    out = tmp_path / "mine.csv"
    out.write_text("my own work\n", encoding="utf-8")
    code, text, err = run(capsys, "read", str(byod.export_path("ecommerce_en")), "--mapping",
                          str(byod.mapping_path("ecommerce_en")), "--out", str(out))
    assert code == 2 and text == ""
    assert err == (f"complaintkit: error: {out} exists: choose another name, or pass "
                   "--overwrite to replace it\n")
    assert out.read_text(encoding="utf-8") == "my own work\n"


def test_read_a_missing_or_damaged_file_is_one_error_line(capsys, tmp_path):
    code, _, err = run(capsys, "read", str(tmp_path / "nope.csv"))
    assert code == 2 and err.startswith("complaintkit: error: ") and "nope.csv" in err
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    code, _, err = run(capsys, "read", str(bad))
    assert code == 2 and err.count("\n") == 1 and "bad.xlsx" in err


def test_data_dictionary_prints_or_writes_the_schema_s_page(capsys, tmp_path):
    from complaintkit.schema import data_dictionary

    code, text, _ = run(capsys, "data-dictionary")
    assert code == 0 and text == data_dictionary()
    code, text, _ = run(capsys, "data-dictionary", "--out", str(tmp_path / "dd.md"))
    assert code == 0 and (tmp_path / "dd.md").read_text(encoding="utf-8") == data_dictionary()


def test_progress_bar_stays_text_after_ipykernel_was_imported(capsys, tmp_path):
    """tqdm.auto picks its widget bar once ipykernel.zmqshell is imported anywhere in the
    process (the lab's contents manager does): the command line's bar must stay text."""
    pytest.importorskip("ipykernel.zmqshell")
    code, _, err = run(capsys, "generate", "--complaints", "300", "--out", str(tmp_path / "w"))
    assert code == 0, err
    assert "stage" in err
