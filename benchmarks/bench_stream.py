"""Streaming benchmark (issue 14 item 3): a world written part by part, time and memory.

For each size, in a fresh subprocess: ``ck.generate(n_complaints=n, seed=, path=tmp,
chunk_size=, workers=)``: one process, or ``--workers W`` processes building the parts (a
standard-library process pool; the world written is the same). Memory is the high-water
mark of the *sum* of the resident sets of the process and its workers, sampled every 0.2 s
from ``/proc`` (plus each process's own ``VmHWM``); the disk used is the folder's size.
Paired in the same run, the plain Faker per-row loop of bench_scale.py making the same
complaint fields on ``--faker-sample`` rows, extrapolated to the complaints made: the kit /
Faker ratio.

Run:  .venv/bin/python benchmarks/bench_stream.py --sizes 1000000,20000000 [--workers 2]
          [--chunk-size 50000] [--keep DIR] [--out docs/performance.md]

``--out`` writes the table between ``<!-- bench_stream:begin -->`` and
``<!-- bench_stream:end -->`` of the file (the text around them stays). A 20-million-complaint
world takes about 10 GB of disk (Parquet) and, on a 2-core machine, the better part of an hour.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from _common import ROOT, machine, peak_mib  # noqa: E402

RESULT = "BENCH_STREAM_RESULT "
TARGET_PEAK_GB = 3.0


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


class _TreePeak(threading.Thread):
    """The largest sum of resident sets of this process and its descendants seen."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_kib, self.stop = 0, threading.Event()

    def run(self):
        me = os.getpid()
        while not self.stop.wait(0.2):
            pids, todo = [me], [me]
            while todo:
                kids = _children(todo.pop())
                pids += kids
                todo += kids
            self.peak_kib = max(self.peak_kib, sum(_rss_kib(p) for p in pids))


def child_stream(n: int, seed: int, locale: str, folder: Path, chunk_size: int | None,
                 workers: int) -> None:
    import complaintkit as ck

    watch = _TreePeak()
    watch.start()
    base = peak_mib()
    t, cpu = time.perf_counter(), time.process_time()
    ck.generate(n_complaints=n, seed=seed, locale=locale, path=folder, chunk_size=chunk_size,
                workers=workers)
    wall = time.perf_counter() - t
    import resource

    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_all = time.process_time() - cpu + kids.ru_utime + kids.ru_stime
    watch.stop.set()
    watch.join()
    manifest = json.loads((folder / "world.json").read_text(encoding="utf-8"))
    rows = {t: sum(manifest["files"][r]["rows"] for r in rels)
            for t, rels in manifest["parts"].items() if not t.startswith("truth/")}
    print(RESULT + json.dumps({
        "n": n, "rows": rows, "complaints": rows["complaints"], "wall_s": wall,
        "cpu_s": cpu_all, "import_mib": base, "peak_self_mib": peak_mib(),
        "peak_worker_mib": kids.ru_maxrss / 1024 if workers > 1 else None,
        "peak_tree_mib": watch.peak_kib / 1024,
        "parts": len(manifest["parts"]["complaints"]),
        "disk_mb": sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6}),
        flush=True)


def _faker(rows: int, locale: str, seed: int) -> tuple[float, float]:
    from bench_scale import child_faker

    return child_faker(rows, locale, seed)


def _table(results: list[dict], args, faker: tuple[float, float, int]) -> str:
    f_wall, f_cpu, f_n = faker
    lines = [
        "### Streaming: a world written part by part",
        "",
        f"`{' '.join([Path(sys.executable).name, *sys.argv])}`",
        "",
        *[f"- {k}: {v}" for k, v in args.machine.items()],
        f"- chunk size: {args.chunk_size or 'one shard (50,000 complaints asked) per part'}; "
        f"workers: {args.workers}",
        f"- Faker loop: {f_n:,} rows in {f_wall:.1f} s wall ({f_n / f_wall:,.0f} rows/s)",
        "",
        "| complaints asked | complaints made | parts | wall s | CPU s (all processes) "
        "| complaints/s | kit / Faker (wall) | peak GB (all processes) | target 3 GB "
        "| disk GB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in results:
        rate = r["complaints"] / r["wall_s"]
        peak_gb = r["peak_tree_mib"] * 2**20 / 1e9
        lines.append(
            f"| {r['n']:,} | {r['complaints']:,} | {r['parts']} | {r['wall_s']:.0f} "
            f"| {r['cpu_s']:.0f} | {rate:,.0f} | {rate / (f_n / f_wall):.1f}x "
            f"| {peak_gb:.2f} | {'met' if peak_gb <= TARGET_PEAK_GB else 'MISSED'} "
            f"| {r['disk_mb'] / 1e3:.2f} |")
    return "\n".join(lines) + "\n"


def _write_between(file: Path, text: str) -> None:
    begin, end = "<!-- bench_stream:begin -->", "<!-- bench_stream:end -->"
    old = file.read_text(encoding="utf-8") if file.exists() else ""
    if begin in old and end in old:
        new = old[:old.index(begin) + len(begin)] + "\n" + text + old[old.index(end):]
    else:
        new = old + f"\n{begin}\n{text}{end}\n"
    file.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--locale", default="en_US")
    ap.add_argument("--chunk-size", type=int, default=None)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--faker-sample", type=int, default=20_000)
    ap.add_argument("--keep", type=Path, default=None,
                    help="write the worlds under this folder and keep them")
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child_stream(args.n, args.seed, args.locale, args.folder, args.chunk_size,
                     args.workers)
        return 0
    args.machine = machine()   # read at the start: the date and the load before the run
    f_wall, f_cpu = _faker(args.faker_sample, args.locale, args.seed)
    results = []
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-stream-"))
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            folder = root / f"w{n}"
            cmd = [sys.executable, __file__, "--child", "--n", str(n), "--folder",
                   str(folder), "--seed", str(args.seed), "--locale", args.locale,
                   "--workers", str(args.workers)]
            if args.chunk_size:
                cmd += ["--chunk-size", str(args.chunk_size)]
            env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
            out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
            line = [x for x in out.stdout.splitlines() if x.startswith(RESULT)]
            if out.returncode or not line:
                print(out.stderr[-3000:], file=sys.stderr)
                return 1
            results.append(json.loads(line[-1][len(RESULT):]))
            print(json.dumps(results[-1]), flush=True)
            if args.keep is None:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    text = _table(results, args, (f_wall, f_cpu, args.faker_sample))
    print(text)
    if args.out:
        _write_between(args.out, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
