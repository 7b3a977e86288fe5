"""The room's files: the JupyterHub config parses and sets its limits, without JupyterHub
installed (traitlets' own loader, which provides ``c`` and ``get_config``), and the lab's
settings override names settings that the installed JupyterLab has."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parent.parent
ROOM = ROOT / "room"


def _load(monkeypatch, **env):
    for k in ("COMPLAINTKIT_MEM_LIMIT", "COMPLAINTKIT_CPU_LIMIT", "COMPLAINTKIT_TRAINEES"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return PyFileConfigLoader("jupyterhub_config.py", path=str(ROOM)).load_config()


def test_jupyterhub_config_sets_limits_culler_and_start_page(monkeypatch):
    c = _load(monkeypatch)
    assert c.JupyterHub.spawner_class == "systemdspawner.SystemdSpawner"
    assert c.Spawner.mem_limit == "1536M" and c.Spawner.cpu_limit == 1.0
    assert c.Spawner.default_url == "/lab/tree/notebooks/00-start.ipynb"
    assert c.Spawner.notebook_dir == "~/workshop"
    assert len(c.Authenticator.allowed_users) == 20 and "trainee20" in c.Authenticator.allowed_users
    assert any("cull_idle_timeout" in a for a in c.Spawner.args)
    (culler,) = c.JupyterHub.services
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]
    assert Path(c.Spawner.cmd[0]).name == "jupyterhub-singleuser"


def test_jupyterhub_config_takes_the_rooms_figures_from_the_environment(monkeypatch):
    c = _load(monkeypatch, COMPLAINTKIT_MEM_LIMIT="2G", COMPLAINTKIT_CPU_LIMIT="0.5",
              COMPLAINTKIT_TRAINEES="12")
    assert (c.Spawner.mem_limit, c.Spawner.cpu_limit) == ("2G", 0.5)
    assert len(c.Authenticator.allowed_users) == 12


def test_lab_overrides_silence_news_and_update_checks():
    overrides = json.loads((ROOM / "overrides.json").read_text(encoding="utf-8"))
    settings = overrides["@jupyterlab/apputils-extension:notification"]
    assert settings == {"fetchNews": "false", "checkForUpdates": False}
    schema = (Path(sys.prefix) / "share/jupyter/lab/schemas/@jupyterlab/apputils-extension"
              / "notification.json")
    if not schema.exists():
        pytest.skip("JupyterLab is not installed here (the lab extra)")
    props = json.loads(schema.read_text(encoding="utf-8"))["properties"]
    assert set(settings) <= set(props), "a setting the installed JupyterLab does not have"
    assert "room/overrides.json" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_stored_kernelspec_is_the_installed_kernels():
    """JupyterLab writes the running kernel's spec into a notebook it opens: the stored one
    must be the same, or every session opens marked modified."""
    kernelspec = pytest.importorskip("jupyter_client.kernelspec")
    from complaintkit.workshop import KERNELSPEC

    try:
        spec = kernelspec.KernelSpecManager().get_kernel_spec("python3")
    except kernelspec.NoSuchKernel:
        pytest.skip("no python3 kernel installed (the lab or test extra installs ipykernel)")
    assert KERNELSPEC == {"display_name": spec.display_name, "language": spec.language,
                          "name": "python3"}


def test_lab_hands_out_notebooks_with_this_machines_language_info(tmp_path):
    """``make lab``'s contents manager: a stored session notebook reaches the lab with the
    installed kernel's full ``language_info`` (what JupyterLab writes when the kernel starts,
    so the tab is not marked modified), the file on disk is untouched, and jupytext's pairing
    is kept (the class is jupytext's)."""
    import asyncio

    pytest.importorskip("jupytext")
    pytest.importorskip("ipykernel")
    from complaintkit.classroom import lab_metadata
    from complaintkit.labserver import ContentsManager

    name = "07-complaint-iceberg.ipynb"
    stored = (ROOT / "notebooks" / name).read_bytes()
    (tmp_path / name).write_bytes(stored)
    assert json.loads(stored)["metadata"]["language_info"] == {"name": "python"}
    cm = ContentsManager(root_dir=str(tmp_path))
    model = asyncio.run(cm.get(name))
    full = lab_metadata()["language_info"]
    assert model["content"]["metadata"]["language_info"] == full
    assert full["version"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}")
    assert (tmp_path / name).read_bytes() == stored
    assert hasattr(cm, "formats")   # jupytext's: the lab's pairing of .ipynb and .py still works
    listing = asyncio.run(cm.get("", content=True))   # a folder listing passes through
    assert listing["type"] == "directory"
    assert "--ServerApp.contents_manager_class=complaintkit.labserver.ContentsManager" in (
        ROOT / "Makefile").read_text(encoding="utf-8")
