"""Peak memory of the kernel that runs each workshop notebook: what a room of trainees needs.

Each notebook runs top to bottom in a fresh kernel (as tests/nbrun.py runs it, optionally on
the Chinese dataset). After every cell the kernel process's peak resident set is read:
``VmHWM`` from ``/proc/<pid>/status`` where the system has it (Linux: the exact high-water
mark), else the current RSS from psutil, whose largest sample is a lower bound of the peak.
The baseline is a kernel that only imports the kit and matplotlib. A trainee's kernel keeps
its memory while the notebook stays open, so a room needs the peak of the sessions open at
once, per trainee (docs/room.md).

Run:  .venv/bin/python benchmarks/bench_memory.py [--only 00,01,03] [--dataset ecommerce_zh]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = 'DATASET = "ecommerce_en"'


def peak_mib(pid: int) -> tuple[float, str]:
    """The process's peak RSS in MiB, and how it was read."""
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024, "VmHWM"
    import psutil  # only where /proc is missing (macOS, Windows)

    return psutil.Process(pid).memory_info().rss / 2**20, "psutil rss (sampled)"


def run(path: Path, dataset: str | None) -> tuple[float, float, str]:
    """Run ``path`` in a fresh kernel: (peak MiB, seconds, method)."""
    nb = nbformat.read(path, as_version=4)
    if dataset:
        for cell in nb.cells:
            cell.source = cell.source.replace(DEFAULT, f'DATASET = "{dataset}"')
    seen = {"mib": 0.0, "how": ""}
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})

    def sample(**_):
        mib, how = peak_mib(client.km.provisioner.process.pid)
        seen["mib"], seen["how"] = max(seen["mib"], mib), how

    client.on_cell_executed = sample
    t = time.perf_counter()
    client.execute()
    return seen["mib"], time.perf_counter() - t, seen["how"]


def baseline() -> tuple[float, float, str]:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import complaintkit as ck\nimport matplotlib.pyplot")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baseline.ipynb"
        nbformat.write(nb, path)
        return run(path, None)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated session numbers, e.g. 00,03")
    ap.add_argument("--dataset", default="ecommerce_en", help="ecommerce_en or ecommerce_zh")
    ap.add_argument("--folder", default="notebooks", help="notebooks or exercises/solutions")
    args = ap.parse_args()
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    paths = [p for p in sorted((ROOT / args.folder).glob("*.ipynb"))
             if not only or p.name[:2] in only]
    print(f"machine: {os.cpu_count()} cores, load average "
          f"{', '.join(f'{x:.1f}' for x in os.getloadavg())} (busy if above the cores)")
    mib, secs, how = baseline()
    print(f"baseline (kernel + import complaintkit, matplotlib): {mib:.0f} MiB, {secs:.0f} s")
    print(f"{'notebook':<40} {'dataset':<13} {'peak MiB':>9} {'seconds':>8}  method")
    for p in paths:
        mib, secs, how = run(p, args.dataset)
        print(f"{p.name:<40} {args.dataset:<13} {mib:>9.0f} {secs:>8.0f}  {how}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
