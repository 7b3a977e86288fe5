"""JupyterHub for a workshop room of about 20 trainees on one Linux server (docs/room.md).

Each trainee logs in as a local user (trainee01 … trainee20, the trainer as ``trainer``) and
gets a JupyterLab of their own, started by systemd with a memory and CPU limit, in the folder
that ``complaintkit workshop prepare`` wrote for them, opening on the start page. Idle kernels
are stopped inside each lab, and idle labs by the hub's culler. The kit is preinstalled in the
environment that runs this hub (the same Python runs every trainee's lab).

Start it as root from that environment:  jupyterhub -f room/jupyterhub_config.py
Change the figures below with the environment variables (the defaults are from docs/room.md).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 -- JupyterHub's config loader provides get_config

BIN = Path(sys.executable).parent  # the environment with complaintkit and jupyterhub
TRAINEES = int(os.environ.get("COMPLAINTKIT_TRAINEES", "20"))
#: Memory per trainee: a session's kernel and its exercise's kernel at their measured peaks,
#: plus the lab server (docs/room.md, "Memory").
MEM_LIMIT = os.environ.get("COMPLAINTKIT_MEM_LIMIT", "1536M")
CPU_LIMIT = float(os.environ.get("COMPLAINTKIT_CPU_LIMIT", "1"))
#: The folder `complaintkit workshop prepare` wrote in each trainee's home.
ROOM = os.environ.get("COMPLAINTKIT_ROOM_FOLDER", "workshop")

c.JupyterHub.bind_url = "http://:8000"
c.Authenticator.allowed_users = {f"trainee{i:02d}" for i in range(1, TRAINEES + 1)}
c.Authenticator.admin_users = {"trainer"}

# One systemd unit per trainee: the limits are enforced (malloc fails beyond MEM_LIMIT), and
# each trainee's processes share a fair slice of the CPU.
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
c.Spawner.mem_limit = MEM_LIMIT
c.Spawner.cpu_limit = CPU_LIMIT
c.SystemdSpawner.isolate_tmp = True
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = f"~/{ROOM}"
c.Spawner.default_url = "/lab/tree/notebooks/00-start.ipynb"
c.Spawner.environment = {"OPENBLAS_NUM_THREADS": "1"}  # many kernels share the cores
# Inside each lab, a kernel idle for 45 minutes is stopped (its notebook stays open and
# restarts on the next run): a trainee's memory is the sessions they are working on.
c.Spawner.args = ["--MappingKernelManager.cull_idle_timeout=2700",
                  "--MappingKernelManager.cull_interval=300"]

# A lab with no activity for 2 hours is stopped (its files stay), by the hub's idle culler.
c.JupyterHub.services = [{
    "name": "idle-culler",
    "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=7200"],
}]
c.JupyterHub.load_roles = [{
    "name": "idle-culler",
    "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    "services": ["idle-culler"],
}]
