"""One safe write for the kit's single files: a failure leaves the old file whole."""

import os
import stat

import pytest

from complaintkit import _files


@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary(tmp_path, monkeypatch, step):
    target = tmp_path / "data-dictionary.md"
    target.write_text("the user's version\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("mine\n", encoding="utf-8")

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if step == "write":
        monkeypatch.setattr(_files.os, "fdopen", fail)
    else:
        monkeypatch.setattr(_files.os, step, fail)
    with pytest.raises(OSError, match="No space left"):
        _files.write_text(target, "the kit's new version\n")
    assert target.read_text(encoding="utf-8") == "the user's version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data-dictionary.md", "notes.md"]


def test_a_write_replaces_the_file_keeps_its_mode_and_never_translates_newlines(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o640)
    _files.write_text(target, "第一行\r\nsecond\n", encoding="gbk")
    assert target.read_bytes() == "第一行\r\nsecond\n".encode("gbk")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]
