"""Small helpers shared by the benchmarks: medians, peak memory, the machine's description.

Only the standard library and the project's own dependencies; nothing here imports the kit,
so a benchmark's child process can import this before it starts timing.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_time(fn, repeats: int, *, warm_up: bool = False) -> float:
    """Median wall seconds of ``fn()`` over ``repeats`` calls (after one untimed call if
    ``warm_up``)."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_mib(pid: int | str = "self") -> float | None:
    """The process's peak resident set in MiB: ``VmHWM`` from ``/proc/<pid>/status`` (Linux,
    the exact high-water mark), else ``ru_maxrss`` of this process (``pid='self'`` only);
    ``None`` where neither is available."""
    status = Path(f"/proc/{pid}/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    if pid == "self":
        try:
            import resource
        except ImportError:  # Windows
            return None
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return rss / 2**20 if sys.platform == "darwin" else rss / 1024  # bytes on macOS
    return None


def reset_peak() -> bool:
    """Reset this process's ``VmHWM`` to the current RSS (Linux: write 5 to
    ``/proc/self/clear_refs``), so a later :func:`peak_mib` covers only what follows.
    ``False`` where the system does not allow it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def memory_total_gib() -> float | None:
    """Physical memory in GiB (Linux /proc/meminfo, else psutil if installed)."""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    try:
        import psutil
    except ImportError:
        return None
    return psutil.virtual_memory().total / 2**30


def load_average() -> str:
    try:
        return ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10, check=True).stdout
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain",
                                "--untracked-files=no", "--", "complaintkit"],
                               capture_output=True, text=True, timeout=10).stdout
        return out.strip() + (" (complaintkit/ has uncommitted changes)" if dirty.strip()
                              else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine() -> dict[str, str]:
    """What the figures ran on: cores, memory, Python and library versions, load, date."""
    from importlib.metadata import PackageNotFoundError, version

    def v(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "-"

    mem = memory_total_gib()
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "memory": f"{mem:.1f} GiB" if mem else "unknown",
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "libraries": ", ".join(f"{n} {v(n)}" for n in ("complaintkit", "numpy", "pandas",
                                                       "pyarrow", "Faker")),
        "commit": git_commit(),
        "load average at start": load_average(),
    }
