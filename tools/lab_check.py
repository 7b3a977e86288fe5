#!/usr/bin/env python3
"""Open notebooks in a real JupyterLab and report what a trainee sees (run by hand).

For each notebook given, the script starts the kit's JupyterLab on the notebook's folder
(a free port, a one-off token), opens the notebook in headless Chromium, waits for its kernel,
and reports whether the tab is marked modified (``jp-mod-dirty``), the kernel's status and
any dialog or toast on screen (the news "Would you like to get notified" question). Nothing
is saved: the check ends well before JupyterLab's two-minute autosave, and the lab is stopped.

Needs Chromium (Debian: ``apt-get install chromium``) and the kit's lab (``make lab``);
websocket-client comes with jupyter_server. Not part of the test suite (it needs a browser).

Usage (from the repository root)::

    .venv/bin/python tools/lab_check.py /path/to/room/notebooks/07-complaint-iceberg.ipynb
    .venv/bin/python tools/lab_check.py notebooks/07-complaint-iceberg.ipynb --wait 60

Findings (2026-12-01, JupyterLab 4.6, ipykernel 7.4): a notebook of a folder written by
``complaintkit workshop prepare`` opens unmodified with no pop-up; a stored notebook of the
kit's ``notebooks/`` is marked modified on opening, because JupyterLab writes the kernel's
full ``language_info`` (with the Python version) over the stored short one; the kernelspec
alone does not decide it. Without ``room/overrides.json`` in the lab's settings the news
question appears as a toast. Since then ``make lab`` runs the lab with
``complaintkit.labserver.ContentsManager``, which hands the lab the stored notebooks with this
machine's full ``language_info`` (checked through the lab's contents API in
``tests/test_room.py``), as the prepared folder has them.
"""

from __future__ import annotations

import argparse
import json
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROBE = """JSON.stringify({
  dirty: Array.from(document.querySelectorAll('.lm-TabBar-tab.jp-mod-dirty'))
              .map(e => e.textContent.trim()),
  kernel: Array.from(document.querySelectorAll('[title^="Kernel status"], '
                                               + '.jp-Notebook-ExecutionIndicator'))
              .map(e => (e.getAttribute('title') || e.textContent).trim()).slice(0, 1),
  popups: Array.from(document.querySelectorAll('.jp-Dialog, .Toastify__toast'))
              .map(e => e.textContent.trim().slice(0, 80))})"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def probe(url: str, wait: float) -> dict:
    """Open ``url`` in headless Chromium, wait, and evaluate :data:`PROBE` in the page."""
    import websocket  # websocket-client, a dependency of jupyter_server

    port = free_port()
    browser = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,900",
         f"--remote-debugging-port={port}", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(wait)
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
        ws = websocket.create_connection(
            next(p for p in pages if p["type"] == "page")["webSocketDebuggerUrl"])
        ws.send(json.dumps({"id": 1, "method": "Runtime.evaluate",
                            "params": {"expression": PROBE}}))
        return json.loads(json.loads(ws.recv())["result"]["result"]["value"])
    finally:
        browser.kill()


def check(notebook: Path, wait: float) -> dict:
    """Start a lab on ``notebook``'s folder, probe the notebook, stop the lab."""
    port, token = free_port(), secrets.token_hex(8)
    jupyter = Path(sys.executable).with_name("jupyter")
    lab = subprocess.Popen(
        [str(jupyter), "lab", "--allow-root", "--no-browser", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={notebook.parent}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(8)
        url = f"http://127.0.0.1:{port}/lab/tree/{notebook.name}?reset&token={token}"
        return probe(url, wait)
    finally:
        lab.terminate()
        lab.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--wait", type=float, default=45.0,
                    help="seconds to wait for the kernel (default: %(default)s; < 120)")
    args = ap.parse_args()
    for nb in args.notebooks:
        print(nb, check(nb.resolve(), min(args.wait, 100.0)))


if __name__ == "__main__":
    main()
