"""Scale benchmark (issue 14): generation, memory, analyses and notebooks against the targets.

For each size, each repeat runs in a fresh subprocess (so one size does not inherit another's
peak memory): ``ck.generate(n_complaints=n, seed=1)`` timed stage by stage (the narratives
timed as in bench_generate.py), then ``World.to_parquet`` into a temporary folder; the child
reports its peak resident set (``VmHWM``) after generating and after writing. Paired with each
size, in the same run and just before it, the plain Faker per-row loop making the same
complaint fields (id, customer name, received time, channel, category, priority, a
narrative) is timed on ``--faker-sample`` rows and extrapolated linearly to the kit's
complaint count; the kit / Faker ratio is the headline. With ``--analyses``, each public
analysis (the calls of tests/test_contract.py ``ANALYSES``) runs in its own subprocess on the
world written at each size of at least 100,000 complaints, timed without loading its inputs,
and is stopped after ``--timeout`` seconds. With ``--notebooks``, the notebook suite runs as
bench_notebooks.py runs it (every session on ecommerce_en and ecommerce_zh). With ``--suite``,
``make test`` (the README's test command) is timed against its 5-minute target.

Every figure is printed beside its issue 14 target with met / missed. ``--out FILE`` writes
the markdown tables between the markers ``<!-- bench_scale:begin -->`` and
``<!-- bench_scale:end -->`` of FILE (the hand-written text around them stays).

Run:  .venv/bin/python benchmarks/bench_scale.py [--sizes 10000,100000,1000000] [--repeats N]
          [--analyses] [--notebooks] [--suite] [--out docs/performance.md]
      .venv/bin/python benchmarks/bench_scale.py --profile 100000   # cProfile, top functions
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import queue
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import ROOT, load_average, machine, peak_mib  # noqa: E402

# issue 14, "Targets"
TARGET_SECONDS_1M = 10.0        # stretch 5 s
TARGET_STRETCH_1M = 5.0
TARGET_PEAK_GB_1M = 3.0
TARGET_FAKER_RATIO = 50.0
TARGET_LINEAR = 1.2             # time(big) / time(small) <= 1.2 x size ratio (1M / 10k: 120)
TARGET_ANALYSIS_1M = 30.0
TARGET_SUITE_S = 300.0          # the full `make test`
ONE_MILLION = 1_000_000
RESULT = "BENCH_SCALE_RESULT "
LOADED = "BENCH_SCALE_LOADED "

# the pipeline's stage functions, as build_world calls them (module attribute names)
STAGE_FUNCTIONS = {"calendar": "build_calendar", "orders": "draw_orders",
                   "customers": "draw_customers", "complaints": "draw_complaints",
                   "agents": "draw_agents", "handling": "handle", "events": "draw_events",
                   "surveys": "draw_surveys", "loyalty": "draw_loyalty",
                   "tables": "world_tables", "truth": "build_truth"}


# =========================================================================== children
def _emit(tag: str, payload: dict) -> None:
    print(tag + json.dumps(payload), flush=True)


def child_generate(n: int, seed: int, locale: str, folder: Path, workers: int = 1) -> None:
    """One generation + Parquet write, in this fresh process; prints one RESULT line."""
    import complaintkit as ck
    from complaintkit.generator import pipeline, tables

    spent: dict[str, float] = {}

    def timed(name, fn):
        def wrapped(*a, **k):
            t = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
        return wrapped

    for stage, attr in STAGE_FUNCTIONS.items():
        if hasattr(pipeline, attr):
            setattr(pipeline, attr, timed(stage, getattr(pipeline, attr)))
    if hasattr(tables, "_narratives"):      # the method of bench_generate.timed_generate
        tables._narratives = timed("narratives", tables._narratives)
    base_mib = peak_mib()
    t, cpu = time.perf_counter(), time.process_time()
    world = ck.generate(n_complaints=n, seed=seed, locale=locale, workers=workers)
    t_generate, cpu_generate = time.perf_counter() - t, time.process_time() - cpu
    peak_generate = peak_mib()
    frames = [*world.tables.values(), *world.truth.tables().values()]
    world_mib = sum(int(df.memory_usage(deep=True).sum()) for df in frames) / 2**20
    del frames
    t, cpu = time.perf_counter(), time.process_time()
    world.to_parquet(folder)
    t_write, cpu_write = time.perf_counter() - t, time.process_time() - cpu
    _emit(RESULT, {"n": n, "complaints": len(world.complaints),
                   "rows": {k: len(v) for k, v in world.tables.items()},
                   "generate_s": t_generate, "write_s": t_write, "stages": spent,
                   "generate_cpu_s": cpu_generate, "write_cpu_s": cpu_write,
                   "import_mib": base_mib, "peak_generate_mib": peak_generate,
                   "world_mib": world_mib,
                   "peak_write_mib": peak_mib(),
                   "parquet_mb": sum(f.stat().st_size for f in folder.rglob("*")
                                     if f.is_file()) / 1e6})


def _contract_analyses() -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_contract import ANALYSES  # the registry of public analyses and their calls

    return ANALYSES


def child_prepare(folder: Path, cache: Path) -> None:
    """Read the world and build the inputs of tests/test_contract.py's ``data`` fixture,
    timing each preparer; pickle them into ``cache`` for the analysis children."""
    import complaintkit as ck

    spent = {}
    t = time.perf_counter()
    world = ck.read_world(folder)
    spent["read_world"] = time.perf_counter() - t
    steps = {
        "frame": ("complaint_frame", lambda: ck.complaint_frame(
            world.complaints, world.surveys, agents=world.agents, customers=world.customers)),
        "counts": ("complaint_counts(by='category')", lambda: ck.complaint_counts(
            world.complaints, by="category", locale="en_US")),
        "total": ("complaint_counts()", lambda: ck.complaint_counts(
            world.complaints, locale="en_US")),
        "loyalty": ("loyalty_frame", lambda: ck.loyalty_frame(
            world.customers, world.complaints, world.surveys, world.orders)),
    }
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "world.pkl", "wb") as f:
        pickle.dump(world, f, protocol=pickle.HIGHEST_PROTOCOL)
    with open(cache / "complaints.pkl", "wb") as f:
        pickle.dump(world.complaints, f, protocol=pickle.HIGHEST_PROTOCOL)
    for key, (label, fn) in steps.items():
        t = time.perf_counter()
        value = fn()
        spent[label] = time.perf_counter() - t
        with open(cache / f"{key}.pkl", "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    _emit(RESULT, {"prepare_s": spent, "peak_mib": peak_mib()})


class _Inputs(dict):
    """The ``data`` dict of the contract's calls, loaded from the cache on first use; the
    seconds spent loading are kept so they can be taken out of a timing."""

    KEYS = ("world", "complaints", "frame", "counts", "total", "loyalty")

    def __init__(self, cache: Path):
        super().__init__()
        self.cache, self.loading = cache, 0.0

    def __missing__(self, key):
        t = time.perf_counter()
        with open(self.cache / f"{key}.pkl", "rb") as f:
            value = pickle.load(f)
        self[key] = value
        self.loading += time.perf_counter() - t
        return value


def child_analysis(name: str, cache: Path) -> None:
    """Load what the analysis's contract call names, say LOADED, time the call."""
    import matplotlib

    matplotlib.use("Agg")
    import complaintkit  # noqa: F401  (imports outside the timing)

    call = _contract_analyses()[name]
    data = _Inputs(cache)
    named = set(getattr(call, "__code__", None) and call.__code__.co_consts or ())
    for key in _Inputs.KEYS:
        if key in named:
            data[key]  # noqa: B018  (load before timing)
    _emit(LOADED, {"load_s": data.loading})
    before = data.loading
    t, cpu = time.perf_counter(), time.process_time()
    call(data)
    seconds = time.perf_counter() - t - (data.loading - before)
    _emit(RESULT, {"seconds": seconds, "cpu_s": time.process_time() - cpu - (
        data.loading - before), "peak_mib": peak_mib()})


def child_faker(n: int, locale: str, seed: int) -> tuple[float, float]:
    """Wall and CPU seconds of the plain Faker per-row loop making ``n`` complaints' fields
    (in this process)."""
    import datetime as dt

    import pandas as pd
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    channels = ["phone", "email", "online_chat", "social_media", "app", "letter"]
    categories = ["delivery", "product_quality", "billing", "customer_service", "returns",
                  "website_app"]
    priorities = ["low", "medium", "high", "urgent"]
    start, end = dt.datetime(2025, 1, 1), dt.datetime(2026, 1, 1)
    t, cpu = time.perf_counter(), time.process_time()
    rows = []
    for i in range(n):
        rows.append({"complaint_id": f"T{i + 1:07d}", "customer_name": fake.name(),
                     "received_at": fake.date_time_between(start, end),
                     "channel": fake.random_element(channels),
                     "category": fake.random_element(categories),
                     "priority": fake.random_element(priorities),
                     "narrative": fake.paragraph(nb_sentences=3)})
    pd.DataFrame(rows)
    return time.perf_counter() - t, time.process_time() - cpu


# =========================================================================== the parent
STATE: dict = {}   # what has been measured so far, saved after each figure (--save-json)


def _save(args) -> None:
    if args.save_json:
        tmp = Path(str(args.save_json) + ".tmp")
        tmp.write_text(json.dumps(STATE, indent=1, default=str), encoding="utf-8")
        tmp.replace(args.save_json)


def _load(path: Path) -> dict:
    state = json.loads(path.read_text(encoding="utf-8"))
    if state.get("notebooks"):
        state["notebooks"]["times"] = {tuple(k.split("|")): v for k, v in
                                       state["notebooks"]["times"].items()}
    state["analyses"] = {int(n): a for n, a in (state.get("analyses") or {}).items()} or None
    return state


def _run_child(argv: list[str], *, timeout: float | None = None,
               load_timeout: float = 1800.0) -> tuple[dict | None, str]:
    """Run this script as a child with ``argv``; the timer (``timeout``) starts when the
    child prints LOADED (or at once if it never does). ``(result or None, status)`` where
    status is 'ok', 'timeout' or the error's last line."""
    cmd = [sys.executable, str(Path(__file__).resolve()), *argv]
    env = dict(os.environ, OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=ROOT)
    lines: queue.Queue = queue.Queue()
    err: list[str] = []
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout] + [lines.put(None)],
                     daemon=True).start()
    threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True).start()
    deadline = time.monotonic() + (load_timeout if timeout is not None else 1e9)
    result = None
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            proc.kill()
            proc.wait()
            return None, "timeout"
        if line is None:
            break
        if line.startswith(LOADED) and timeout is not None:
            deadline = time.monotonic() + timeout
        elif line.startswith(RESULT):
            result = json.loads(line[len(RESULT):])
    proc.wait()
    if result is None:
        tail = [x.strip() for x in err if x.strip()]
        return None, (tail[-1] if tail else f"exit code {proc.returncode}")[:160]
    return result, "ok"


def _fmt_s(x: float | None) -> str:
    return "-" if x is None else f"{x:,.1f}" if x >= 10 else f"{x:,.2f}"


def _fmt_n(x: float) -> str:
    return f"{x:,.0f}"


def _met(ok: bool | None) -> str:
    return "not measured" if ok is None else "met" if ok else "**missed**"


def measure_generation(sizes: list[int], repeats: dict[int, int], args, work: Path,
                       log) -> list[dict]:
    out = STATE.setdefault("gen", [])
    for n in sizes:
        runs, fakers = [], []
        for r in range(repeats[n]):
            fakers.append(child_faker(args.faker_sample, args.locale, r))
            folder = work / f"world_{n}_{r}"
            res, status = _run_child(["--child", "generate", "--n", str(n), "--seed",
                                      str(args.seed), "--locale", args.locale,
                                      "--folder", str(folder),
                                      "--workers", str(args.workers)])
            if res is None:
                log(f"  {n:,} complaints, repeat {r + 1}: failed ({status})")
                continue
            runs.append(res)
            log(f"  {n:,} complaints, repeat {r + 1}: {res['complaints']:,} complaints, "
                f"generate {res['generate_s']:.1f} s + write {res['write_s']:.1f} s, "
                f"peak {res['peak_write_mib']:,.0f} MiB; Faker "
                f"{args.faker_sample / fakers[-1][0]:,.0f} rows/s (load {load_average()})")
            if r < repeats[n] - 1 or n not in args.analysis_at:
                shutil.rmtree(folder, ignore_errors=True)
        if not runs:
            out.append({"n": n, "failed": status})
            continue
        med = {k: statistics.median(x[k] for x in runs) for k in
               ("generate_s", "write_s", "peak_generate_mib", "peak_write_mib", "complaints",
                "parquet_mb", "generate_cpu_s", "write_cpu_s", "world_mib")}
        stages = {s: statistics.median(x["stages"].get(s, 0.0) for x in runs)
                  for s in runs[0]["stages"]}
        faker_s_per_row = statistics.median(f[0] for f in fakers) / args.faker_sample
        faker_cpu_per_row = statistics.median(f[1] for f in fakers) / args.faker_sample
        out.append({"n": n, "repeats": len(runs), **med, "rows": runs[-1]["rows"],
                    "stages": stages, "import_mib": runs[-1]["import_mib"],
                    "faker_rows_per_s": 1 / faker_s_per_row,
                    "faker_s": faker_s_per_row * med["complaints"],
                    "faker_cpu_s": faker_cpu_per_row * med["complaints"],
                    "folder": str(work / f"world_{n}_{repeats[n] - 1}")})
        _save(args)
    return out


def measure_analyses(gen: list[dict], args, work: Path, log) -> dict:
    names = sorted(_contract_analyses())
    if args.only_analyses:
        names = [x for x in names if x in set(args.only_analyses.split(","))]
    out = STATE.setdefault("analyses", {})
    for g in gen:
        if g.get("failed") or g["n"] not in args.analysis_at:
            continue
        cache = work / f"cache_{g['n']}"
        prep, status = _run_child(["--child", "prepare", "--folder", g["folder"],
                                   "--cache", str(cache)])
        if prep is None:
            log(f"  preparing the inputs at {g['n']:,} failed: {status}")
            out[g["n"]] = {"prepare": None, "status": status, "analyses": {}}
            continue
        log(f"  inputs at {g['n']:,}: " + ", ".join(
            f"{k} {v:.1f} s" for k, v in prep["prepare_s"].items()))
        results = {}
        out[g["n"]] = {"prepare": prep, "analyses": results, "complaints": g["complaints"]}
        for name in names:
            if any(a["analyses"].get(name, (0, ""))[1] == "timeout" for m, a in out.items()
                   if m < g["n"]):
                results[name] = (None, "timeout")   # stopped at a smaller size already
                log(f"  {name} at {g['n']:,}: skipped, stopped at a smaller size")
                continue
            guess = max((a["analyses"][name][0]["seconds"] * g["complaints"] / a["complaints"]
                         for m, a in out.items()
                         if m < g["n"] and a["analyses"].get(name, (0,))[0]),
                        default=0.0)
            if args.skip_predicted and guess > args.timeout:
                results[name] = (None, f"predicted {guess:,.0f}")
                log(f"  {name} at {g['n']:,}: skipped, {guess:,.0f} s extrapolated linearly")
                continue
            res, status = _run_child(["--child", "analysis", "--name", name, "--cache",
                                      str(cache)], timeout=args.timeout)
            results[name] = (res, status)
            _save(args)
            log(f"  {name} at {g['n']:,}: " + (f"{res['seconds']:.1f} s, peak "
                                              f"{res['peak_mib']:,.0f} MiB" if res
                                              else status))
        shutil.rmtree(cache, ignore_errors=True)
    return out


def measure_suite(log) -> dict:
    """``make test`` as the README runs it (ruff, then the whole suite on every core), timed;
    pytest's own per-test seconds (a JUnit XML file, asked for through ``PYTEST_ADDOPTS``)
    give the files that take longest. The checkout's environment must be set up already
    (``make test`` once), or the time includes the install."""
    import xml.etree.ElementTree as ET

    fd, name = tempfile.mkstemp(suffix=".xml", prefix="bench_suite_")
    os.close(fd)
    env = {**os.environ, "PYTEST_ADDOPTS":
           f"{os.environ.get('PYTEST_ADDOPTS', '')} --junitxml={name}".strip()}
    t = time.perf_counter()
    proc = subprocess.run(["make", "test"], cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    lines = [m.group(1) for m in re.finditer(r"^=+ (.+ in [\d.]+s.*?) =+$", proc.stdout, re.M)]
    if proc.returncode != 0 and not lines:
        tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or [""]
        lines = [f"make test failed (exit code {proc.returncode}): {tail[0][:160]}"]
    files: dict[str, float] = {}
    try:
        for case in ET.parse(name).iter("testcase"):
            key = case.get("classname") or "?"
            files[key] = files.get(key, 0.0) + float(case.get("time") or 0)
    except (ET.ParseError, OSError):
        pass
    finally:
        Path(name).unlink(missing_ok=True)
    log(f"  make test: {wall:.0f} s, exit code {proc.returncode}")
    return {"wall_s": wall, "returncode": proc.returncode,
            "summary": lines[-1] if lines else proc.stdout[-300:],
            "test_seconds": sum(files.values()),
            "files": sorted(files.items(), key=lambda kv: -kv[1])[:6]}


def _suite_target(suite: dict) -> list[str]:
    wall = suite["wall_s"]
    ok = suite["returncode"] == 0 and wall <= TARGET_SUITE_S
    slow = ", ".join(f"{k} {v:.0f} s" for k, v in suite["files"])
    why = (f"{suite['test_seconds']:.0f} s of tests shared by the workers; the longest files: "
           f"{slow}" if suite["files"] else "")
    return [f"| `make test` <= {TARGET_SUITE_S / 60:.0f} min | {int(wall // 60)} min "
            f"{wall % 60:.0f} s ({suite['summary']}) | {_met(ok)} | {why} |"]


def measure_notebooks(args, log) -> dict:
    import bench_notebooks as bn

    only = {s.strip() for s in args.notebook_only.split(",") if s.strip()}
    paths = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
             if not only or p.name[:2] in only]
    base = bn.baseline(1)
    times = {}
    for p in paths:
        for ds in bn.DATASETS:
            try:
                times[(p.name, ds)] = bn.median_seconds(p, ds, 1)
            except Exception as e:  # a failing notebook is a figure too, not a crash
                times[(p.name, ds)] = None
                log(f"  {p.name} on {ds}: failed ({type(e).__name__})")
                continue
            log(f"  {p.name} on {ds}: {times[(p.name, ds)]:.1f} s")
    return {"baseline": base, "times": times, "subset": sorted(only)}


def _notebooks_json(notebooks: dict) -> dict:
    return {**notebooks, "times": {"|".join(k): v for k, v in notebooks["times"].items()}}


# =========================================================================== the report
def report(gen: list[dict], analyses: dict | None, notebooks: dict | None, info: dict,
           args) -> str:
    ok = [g for g in gen if not g.get("failed")]
    lines = ["### Machine and command", "", f"`{args.command}`", ""]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += _generation_lines(gen, ok)
    lines += ["", "### Targets (issue 14)", "",
              "| target | measured | | why (this run's figures) |", "|---|---|---|---|"]
    lines += _generation_targets(ok)
    if analyses:
        lines += _analysis_targets(analyses)
    if STATE.get("suite"):
        lines += _suite_target(STATE["suite"])
    if analyses:
        lines += _analysis_table(analyses, args)
    if notebooks:
        lines += _notebook_lines(notebooks)
    lines += ["", f"Load average at the end: {load_average()} (2 cores: above 2 means other "
              "jobs shared the machine, so the seconds are upper bounds)."]
    return "\n".join(lines) + "\n"


def _generation_lines(gen: list[dict], ok: list[dict]) -> list[str]:
    lines = ["", "### Generation (all tables), median per size", "",
             "| complaints asked | complaints made | repeats | generate s (CPU s) | "
             "complaints/s in memory | + Parquet s | complaints/s to Parquet | peak MiB "
             "(generate) | peak MiB (with write) | narratives share | Faker loop s, "
             "extrapolated (rows/s) | kit / Faker, wall (CPU) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for g in gen:
        if g.get("failed"):
            lines.append(f"| {_fmt_n(g['n'])} | failed: {g['failed']} |" + " |" * 10)
            continue
        total = g["generate_s"] + g["write_s"]
        lines.append(
            f"| {_fmt_n(g['n'])} | {_fmt_n(g['complaints'])} | {g['repeats']} | "
            f"{_fmt_s(g['generate_s'])} ({_fmt_s(g['generate_cpu_s'])}) | "
            f"{_fmt_n(g['complaints'] / g['generate_s'])} | "
            f"{_fmt_s(g['write_s'])} | {_fmt_n(g['complaints'] / total)} | "
            f"{_fmt_n(g['peak_generate_mib'])} | {_fmt_n(g['peak_write_mib'])} | "
            f"{g['stages'].get('narratives', 0) / g['generate_s']:.0%} | "
            f"{_fmt_s(g['faker_s'])} ({_fmt_n(g['faker_rows_per_s'])} rows/s) | "
            f"**{g['faker_s'] / g['generate_s']:.1f}x** "
            f"({g['faker_cpu_s'] / g['generate_cpu_s']:.1f}x) |")
    if not ok:
        return lines
    lines += ["", "Rows of each table (last repeat), the Parquet folder's size, and rows of all "
              "tables made per second against the Faker loop's rows per second (the loop "
              "makes one table's row per iteration, the kit every table's rows):", "",
              "| complaints asked | " + " | ".join(ok[0]["rows"]) + " | Parquet MB | "
              "rows/s, all tables | kit / Faker, per row |",
              "|---:|" + "---:|" * (len(ok[0]["rows"]) + 3)]
    for g in ok:
        per_s = sum(g["rows"].values()) / g["generate_s"]
        lines.append(f"| {_fmt_n(g['n'])} | " + " | ".join(
            _fmt_n(g["rows"].get(k, 0)) for k in ok[0]["rows"]) +
            f" | {_fmt_n(g['parquet_mb'])} | {_fmt_n(per_s)} | "
            f"{per_s / g['faker_rows_per_s']:.0f}x |")
    stages = list(ok[-1]["stages"])
    lines += ["", "Wall seconds per pipeline stage (median; the narratives are inside tables):",
              "", "| complaints asked | " + " | ".join(stages) + " |",
              "|---:|" + "---:|" * len(stages)]
    for g in ok:
        lines.append(f"| {_fmt_n(g['n'])} | " + " | ".join(
            _fmt_s(g["stages"].get(s)) for s in stages) + " |")
    return lines


def _generation_targets(ok: list[dict]) -> list[str]:
    """The generation targets' rows: target | measured | met or missed | why (this run's own
    figures: where the time goes, what the peak holds, what a complaint carries)."""
    lines = []
    big = next((g for g in ok if g["n"] >= ONE_MILLION), None)
    if big:
        t, cpu = big["generate_s"], big["generate_cpu_s"]
        lines.append(f"| 1M complaints, all tables, <= {TARGET_SECONDS_1M:.0f} s (stretch "
                     f"<= {TARGET_STRETCH_1M:.0f} s) | {t:.1f} s in memory ({cpu:.1f} s CPU), "
                     f"{t + big['write_s']:.1f} s to Parquet | {_met(t <= TARGET_SECONDS_1M)} "
                     f"| {_why_time(big)} |")
        gb = big["peak_write_mib"] * 2**20 / 1e9
        lines.append(f"| 1M complaints, peak <= {TARGET_PEAK_GB_1M:.0f} GB | {gb:.1f} GB | "
                     f"{_met(gb <= TARGET_PEAK_GB_1M)} | {_why_peak(big)} |")
    else:
        lines.append("| 1M complaints in <= 10 s and <= 3 GB | (1M not in --sizes) | "
                     f"{_met(None)} | |")
    if ok:
        head = ok[-1]
        ratio = head["faker_s"] / head["generate_s"]
        cpu = head["faker_cpu_s"] / head["generate_cpu_s"]
        lines.append(f"| >= {TARGET_FAKER_RATIO:.0f}x the Faker loop (at {_fmt_n(head['n'])})"
                     f" | {ratio:.1f}x wall ({cpu:.1f}x CPU) | "
                     f"{_met(ratio >= TARGET_FAKER_RATIO)} | {_why_faker(head)} |")
    if len(ok) >= 2:
        small, large = ok[0], ok[-1]
        ratio = large["generate_s"] / small["generate_s"]
        cpu = large["generate_cpu_s"] / small["generate_cpu_s"]
        limit = TARGET_LINEAR * large["n"] / small["n"]
        lines.append(f"| linear: time({_fmt_n(large['n'])}) / time({_fmt_n(small['n'])}) <= "
                     f"{limit:.0f} | {ratio:.1f} wall ({cpu:.1f} CPU) | "
                     f"{_met(ratio <= limit)} | |")
    return lines


def _why_time(g: dict) -> str:
    """Where the time went, from the stage medians (the narratives are inside ``tables``)."""
    stages = {k: v for k, v in g["stages"].items() if k != "narratives"}
    top = sorted(stages.items(), key=lambda kv: -kv[1])[:4]
    rest = g["generate_s"] - sum(stages.values())
    text = ", ".join(f"{k} {v:.1f} s" for k, v in top)
    if "narratives" in g["stages"]:
        text += f" (narratives {g['stages']['narratives']:.1f} s of tables)"
    return f"no single hotspot: {text}; joining the shards and the rest {max(rest, 0):.1f} s"


def _why_peak(g: dict) -> str:
    if "world_mib" not in g:
        return ""
    world = g["world_mib"] * 2**20 / 1e9
    return (f"the finished world itself holds {world:.2f} GB ({_fmt_n(sum(g['rows'].values()))} "
            f"rows); the kit after import {g['import_mib'] * 2**20 / 1e9:.2f} GB")


def _why_faker(g: dict) -> str:
    rows = sum(g["rows"].values())
    per_s = rows / g["generate_s"]
    return (f"the world has {rows / g['complaints']:.0f} rows in six tables per complaint "
            f"(the loop: one row of one table); per row the kit makes {_fmt_n(per_s)} rows/s, "
            f"{per_s / g['faker_rows_per_s']:.0f}x the loop")


def _analysis_targets(analyses: dict) -> list[str]:
    lines = []
    for n, a in analyses.items():
        done = [(k, r) for k, (r, s) in a["analyses"].items() if r]
        over = [k for k, (r, s) in a["analyses"].items()
                if (r and r["seconds"] > TARGET_ANALYSIS_1M)
                or (not r and (s == "timeout" or s.startswith("predicted")))]
        failed = [k for k, (r, s) in a["analyses"].items()
                  if not r and s != "timeout" and not s.startswith("predicted")]
        slowest = max(done, key=lambda x: x[1]["seconds"]) if done else None
        what = (f"slowest {slowest[0]} {slowest[1]['seconds']:.1f} s" if slowest
                else "none ran")
        if over:
            what += f"; over {TARGET_ANALYSIS_1M:.0f} s: " + ", ".join(over)
        if failed:
            what += "; failed: " + ", ".join(failed)
        verdict = (_met(not over) if n >= ONE_MILLION else
                   "(target at 1M)" + (": already over at this size" if over else ""))
        lines.append(f"| each analysis <= {TARGET_ANALYSIS_1M:.0f} s at 1M "
                     f"(measured at {_fmt_n(n)}) | {what} | {verdict} | |")
    return lines


def _notebook_lines(notebooks: dict) -> list[str]:
    t = [x for x in notebooks["times"].values() if x is not None]
    slow = max(notebooks["times"].items(), key=lambda kv: kv[1] or 0)
    subset = (f"Sessions {', '.join(notebooks['subset'])} only" if notebooks["subset"]
              else "Every session")
    fails = [f"{p} on {d}" for (p, d), x in notebooks["times"].items() if x is None]
    return ["", "### Notebook suite", "",
            f"{subset} on ecommerce_en and ecommerce_zh, each in a fresh "
            f"kernel (bench_notebooks.py): **{sum(t):.0f} s** in all, baseline kernel "
            f"{notebooks['baseline']:.1f} s, slowest {slow[0][0]} on {slow[0][1]} "
            f"{_fmt_s(slow[1])} s" + (f"; failed: {', '.join(fails)}" if fails else "") + "."]


def _analysis_table(analyses: dict, args) -> list[str]:
    sizes = list(analyses)
    lines = ["", "### Analyses (the calls of tests/test_contract.py ANALYSES; inputs loaded "
             "before timing; one subprocess each)", "",
             "| analysis | " + " | ".join(f"{_fmt_n(n)}: s (CPU s)" for n in sizes) +
             " | target at 1M |", "|---|" + "---:|" * len(sizes) + "---|"]
    names = sorted({k for a in analyses.values() for k in a["analyses"]})
    for name in names:
        cells, verdict = [], "not measured"
        for n in sizes:
            r, s = analyses[n]["analyses"].get(name, (None, "-"))
            if r:
                cells.append(_fmt_s(r["seconds"]) + (f" ({_fmt_s(r['cpu_s'])})"
                                                     if "cpu_s" in r else ""))
            elif s == "timeout":
                cells.append(f"> {args.timeout:.0f}")
            elif s.startswith("predicted"):
                cells.append(f"not run (~{s.split()[-1]} extrapolated)")
            else:
                cells.append("failed")
            if n >= ONE_MILLION:
                verdict = _met(bool(r) and r["seconds"] <= TARGET_ANALYSIS_1M) if (
                    r or s == "timeout" or s.startswith("predicted")) else f"failed: {s}"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {verdict} |")
    prep = {n: a["prepare"]["prepare_s"] for n, a in analyses.items() if a.get("prepare")}
    if prep:
        steps = list(next(iter(prep.values())))
        for step in steps:
            lines.append(f"| (input) {step} | " + " | ".join(
                _fmt_s(prep[n].get(step)) if n in prep else "-" for n in sizes) + " | |")
    return lines


def write_out(path: Path, text: str) -> None:
    begin, end = "<!-- bench_scale:begin -->", "<!-- bench_scale:end -->"
    block = f"{begin}\n{text}{end}"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in old and end in old:
        new = old[:old.index(begin)] + block + old[old.index(end) + len(end):]
    else:
        new = (old.rstrip() + "\n\n" if old else "# Performance\n\n") + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new, encoding="utf-8")


def profile(n: int, seed: int, locale: str, top: int) -> None:
    """cProfile one generation; print the pipeline's stages and the top functions."""
    import cProfile
    import pstats

    import complaintkit as ck

    prof = cProfile.Profile()
    prof.enable()
    w = ck.generate(n_complaints=n, seed=seed, locale=locale)
    prof.disable()
    print(f"{len(w.complaints):,} complaints")
    stats = pstats.Stats(prof)
    print("\ncumulative seconds of complaintkit functions (top by cumulative time):")
    rows = []
    for (file, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items():
        if "complaintkit" in file:
            rows.append((cumtime, tottime, ncalls, f"{Path(file).relative_to(ROOT)}:{line} "
                                                   f"{func}"))
    for cum, tot, calls, where in sorted(rows, reverse=True)[:top]:
        print(f"  {cum:7.2f} cum {tot:7.2f} own {calls:>9,} calls  {where}")
    print("\nown time (any function, top):")
    stats.sort_stats("tottime").print_stats(top)


# =========================================================================== main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000,1000000",
                    help="complaint counts, comma-separated (default 10000,100000,1000000)")
    ap.add_argument("--repeats", type=int, default=None,
                    help="runs per size (default 3 below 1M, 1 from 1M)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--locale", default="en_US")
    ap.add_argument("--workers", type=int, default=1,
                    help="processes building a large world's shards (generate(workers=)); "
                         "stage times are then the parent's only")
    ap.add_argument("--faker-sample", type=int, default=20_000,
                    help="rows of the Faker loop timed per repeat, extrapolated linearly")
    ap.add_argument("--analyses", action="store_true",
                    help="time each public analysis at each size >= --analysis-min")
    ap.add_argument("--analysis-sizes", default="",
                    help="sizes (among --sizes) to time the analyses at (default: those "
                         ">= 100000)")
    ap.add_argument("--only-analyses", default="", help="comma-separated analysis names")
    ap.add_argument("--timeout", type=float, default=300.0,
                    help="seconds an analysis may take before it is stopped")
    ap.add_argument("--no-skip-predicted", dest="skip_predicted", action="store_false",
                    help="run an analysis at a larger size even when its time at a smaller "
                         "size, extrapolated linearly, exceeds --timeout")
    ap.add_argument("--notebooks", action="store_true", help="time the notebook suite")
    ap.add_argument("--suite", action="store_true",
                    help="time `make test` (the README's test command) against its target")
    ap.add_argument("--notebook-only", default="", help="session numbers, e.g. 00,03")
    ap.add_argument("--out", type=Path, default=None,
                    help="markdown file to write the tables into (between the markers)")
    ap.add_argument("--workdir", type=Path, default=None,
                    help="where the worlds are written (default: a temporary folder)")
    ap.add_argument("--save-json", type=Path,
                    default=Path(tempfile.gettempdir()) / "bench_scale_last.json",
                    help="the figures so far, saved after each one (default: "
                         "bench_scale_last.json in the temporary folder)")
    ap.add_argument("--report-from", type=Path, default=None, metavar="JSON",
                    help="only print (and --out) the report of a saved run, e.g. one stopped "
                         "before the end")
    ap.add_argument("--profile", type=int, default=None, metavar="N",
                    help="only cProfile one generation of N complaints and print hotspots")
    ap.add_argument("--top", type=int, default=25)
    # internal: the subprocesses
    ap.add_argument("--child", choices=["generate", "prepare", "analysis"],
                    help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--name", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child == "generate":
        return child_generate(args.n, args.seed, args.locale, args.folder, args.workers)
    if args.child == "prepare":
        return child_prepare(args.folder, args.cache)
    if args.child == "analysis":
        return child_analysis(args.name, args.cache)
    if args.profile:
        return profile(args.profile, args.seed, args.locale, args.top)

    if args.report_from:
        state = _load(args.report_from)
        STATE["suite"] = state.get("suite")
        args.command, args.timeout = state["command"], state["timeout"]
        text = report(state.get("gen", []), state["analyses"], state.get("notebooks"),
                      state["info"], args)
        print(text)
        if args.out:
            write_out(args.out, text)
        return None
    args.command = shlex.join([".venv/bin/python", "benchmarks/bench_scale.py", *sys.argv[1:]])
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    repeats = {n: args.repeats or (1 if n >= ONE_MILLION else 3) for n in sizes}
    args.analysis_at = ({int(s.replace("_", "")) for s in args.analysis_sizes.split(",")
                         if s.strip()} if args.analysis_sizes else
                        {n for n in sizes if n >= 100_000}) if args.analyses else set()
    info = machine()
    STATE.update(command=args.command, timeout=args.timeout, info=info)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    log(f"machine: {info['cores']} cores, {info['memory']}, load {info['load average at start']}")
    work = Path(tempfile.mkdtemp(prefix="bench_scale_", dir=args.workdir))
    try:
        log("generation:")
        gen = measure_generation(sizes, repeats, args, work, log)
        analyses = None
        if args.analyses:
            log("analyses:")
            analyses = measure_analyses(gen, args, work, log)
        notebooks = None
        if args.notebooks:
            log("notebooks:")
            notebooks = measure_notebooks(args, log)
            STATE["notebooks"] = _notebooks_json(notebooks)
            _save(args)
        if args.suite:
            log("test suite (make test):")
            STATE["suite"] = measure_suite(log)
            _save(args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report(gen, analyses, notebooks, info, args)
    print(text)
    if args.out:
        write_out(args.out, text)
        log(f"written to {args.out}")


if __name__ == "__main__":
    main()
