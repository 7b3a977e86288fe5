"""Safe writes and verified reads (issue 9, items 1 and 2).

Writes never delete a file the kit did not write, and a failure injected at every step of a
write leaves the old or the new world complete with no temporary folder behind. Reads refuse a
file cut short, corrupted, edited or missing, naming the file and what is wrong.
"""

import hashlib
import json
import os
import shutil
import warnings

import numpy as np
import pandas as pd
import pytest

import complaintkit as ck
from complaintkit import world as world_module
from complaintkit.cli import main
from complaintkit.schema import conform
from complaintkit.world import DamagedWorldError

ARGS = dict(n_complaints=300, start="2025-01-01", end="2025-07-01")


@pytest.fixture(scope="module")
def old():
    return ck.generate("ecommerce", seed=5, **ARGS)


@pytest.fixture(scope="module")
def new():
    return ck.generate("ecommerce", seed=6, **ARGS)


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _temps(parent):
    return sorted(p.name for p in parent.iterdir() if p.name.startswith("."))


def _user_files(parent):
    """Files a user keeps beside the world (and inside a sibling folder)."""
    (parent / "keep.txt").write_text("keep me", encoding="utf-8")
    (parent / "src").mkdir(exist_ok=True)
    (parent / "src" / "analysis.py").write_text("print(1)\n", encoding="utf-8")
    return _digest(parent / "src"), (parent / "keep.txt").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the manifest
@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_manifest_is_the_kits_mark_with_files_rows_and_checksums(tmp_path, old, fmt):
    folder = getattr(old, f"to_{fmt}")(tmp_path / "w", extra_files={"datasheet.md": "# hi\n"})
    m = json.loads((folder / "world.json").read_text(encoding="utf-8"))
    assert (m["manifest"], m["manifest_version"], m["format"]) == ("complaintkit-world", 2,
                                                                     fmt)
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(m["files"]) | {"world.json"} == on_disk
    for rel, entry in m["files"].items():
        data = (folder / rel).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(
            data), rel
    for name, df in old.tables.items():
        assert m["files"][f"{name}.{fmt}"]["rows"] == len(df)
    for name, df in old.truth.tables().items():
        assert m["files"][f"truth/{name}.{fmt}"]["rows"] == len(df)
    assert "rows" not in m["files"]["datasheet.md"]


@pytest.mark.parametrize("name", ["ecommerce_en", "ecommerce_zh"])
def test_shipped_manifests_are_current_and_list_every_file(name):
    folder = ck.data.data_dir() / name
    m = json.loads((folder / "world.json").read_text(encoding="utf-8"))
    assert m["manifest"] == "complaintkit-world" and m["manifest_version"] == 2
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    assert set(m["files"]) | {"world.json"} == on_disk
    assert world_module._problems(folder) == []  # every checksum and size matches
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "older format" warning
        w = ck.read_world(folder)
    assert m["files"]["complaints.parquet"]["rows"] == len(w.complaints)


def test_extra_files_must_be_plain_names_and_text(tmp_path, old):
    for bad in ["../x.md", "sub/x.md", "world.json", "complaints.parquet", "/abs.md", ""]:
        with pytest.raises(ValueError, match="extra_files"):
            old.to_parquet(tmp_path / "w", extra_files={bad: "x"})
    with pytest.raises(TypeError, match="must be text"):
        old.to_parquet(tmp_path / "w", extra_files={"a.md": b"x"})
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- refusals
def _refuses(world, folder, *names):
    before = _digest(folder)
    with pytest.raises(FileExistsError) as e:
        world.to_parquet(folder)
    msg = str(e.value)
    assert "\n" not in msg and "move those files out" in msg
    for n in names:
        assert n in msg, (n, msg)
    assert _digest(folder) == before  # nothing written, nothing deleted
    assert _temps(folder.parent) == []
    return msg


def test_a_folder_with_user_files_and_no_manifest_is_refused(tmp_path, old):
    p = tmp_path / "p"
    (p / "src").mkdir(parents=True)
    (p / "src" / "model.py").write_text("x = 1\n")
    (p / "notes.md").write_text("my notes")
    msg = _refuses(old, p, "src/", "notes.md")
    assert "is not a complaintkit world" in msg


def test_a_world_json_that_is_not_ours_is_refused(tmp_path, old):
    p = tmp_path / "p"
    p.mkdir()
    (p / "world.json").write_text('{"name": "my game world", "format": "parquet"}')
    _refuses(old, p, "world.json", "not a complaintkit manifest")
    (p / "notes.md").write_text("mine")
    (p / "src").mkdir()
    _refuses(old, p, "world.json", "notes.md", "src/")
    (p / "world.json").write_text("{ not json")
    _refuses(old, p, "world.json")


@pytest.mark.parametrize("extra", ["analysis.ipynb", "datasheet.md", "truth/mine.csv",
                                   "src/", "empty_dir/"])
def test_a_kit_world_with_a_user_file_is_refused(tmp_path, old, new, extra):
    p = old.to_parquet(tmp_path / "w")
    if extra.endswith("/"):
        (p / extra).mkdir()
        if extra == "src/":
            (p / "src" / "code.py").write_text("pass\n")
    else:
        (p / extra).write_text("the user's work", encoding="utf-8")
    msg = _refuses(new, p, extra)
    assert "holds a complaintkit world and files the kit did not write" in msg
    assert ck.read_world(p).meta["seed"] == 5  # the old world is still whole


def test_a_symlink_in_a_world_is_not_followed_or_deleted(tmp_path, old, new):
    p = old.to_parquet(tmp_path / "w")
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "precious.txt").write_text("keep")
    (p / "link").symlink_to(target, target_is_directory=True)
    _refuses(new, p, "link/")
    assert (target / "precious.txt").read_text() == "keep"


def test_a_kit_file_edited_by_the_user_is_not_overwritten(tmp_path, old, new):
    p = old.to_parquet(tmp_path / "w", extra_files={"datasheet.md": "# kit text\n"})
    (p / "datasheet.md").write_text("# kit text\nmy own notes\n")
    _refuses(new, p, "datasheet.md (changed after the kit wrote it)")


def test_a_manifest_pointing_outside_its_folder_is_not_ours(tmp_path, old, new):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    p = old.to_parquet(tmp_path / "w")
    m = json.loads((p / "world.json").read_text())
    m["files"]["../outside.txt"] = {"bytes": 4, "sha256": "0"}
    (p / "world.json").write_text(json.dumps(m))
    _refuses(new, p, "not a complaintkit manifest")
    with pytest.raises(DamagedWorldError, match="not a complaintkit manifest"):
        ck.read_world(p)
    assert outside.read_text() == "keep"


def test_writing_onto_a_file_is_refused(tmp_path, old):
    f = tmp_path / "world"
    f.write_text("a file")
    with pytest.raises(FileExistsError, match="is a file"):
        old.to_csv(f)
    assert f.read_text() == "a file"


def test_cli_generate_refuses_foreign_files_with_one_line(tmp_path, capsys):
    p = tmp_path / "p"
    (p / "src").mkdir(parents=True)
    (p / "src" / "main.py").write_text("print('mine')\n")
    (p / "notes.md").write_text("notes")
    before = _digest(p)
    code = main(["generate", "--complaints", "300", "--out", str(p), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("complaintkit: error: ")
    assert "src/" in err and "notes.md" in err and "move those files out" in err
    assert _digest(p) == before and _temps(tmp_path) == []


def test_replacing_a_kit_world_replaces_only_its_files(tmp_path, old, new):
    keep = _user_files(tmp_path)
    p = old.to_csv(tmp_path / "w", extra_files={"datasheet.md": "old sheet"})
    new.to_parquet(p)  # another format: the old csv files and datasheet are the kit's
    assert sorted(_digest(p)) == sorted(_digest(new.to_parquet(tmp_path / "ref")))
    assert ck.read_world(p).meta["seed"] == 6
    assert (_digest(tmp_path / "src"), (tmp_path / "keep.txt").read_text()) == keep
    assert _temps(tmp_path) == []


# --------------------------------------------------------------------------- injected faults
class Faults:
    """Fail the ``fail_at``-th call of any file-system step a write takes."""

    STEPS = [(os, "rename"), (os, "replace"), (os, "unlink"), (os, "remove"), (os, "rmdir"),
             (os, "mkdir"), (world_module, "_write_table"), (world_module, "_write_bytes")]

    def __init__(self, monkeypatch, fail_at):
        self.n, self.fail_at, self.hit = 0, fail_at, None
        for mod, name in self.STEPS:
            monkeypatch.setattr(mod, name, self._wrap(getattr(mod, name), name))
        # the kit must never remove folders wholesale: that is how user files were lost
        for name in ("rmtree", "move"):
            monkeypatch.setattr(shutil, name, self._forbidden(name))

    def _wrap(self, real, name):
        def step(*args, **kwargs):
            self.n += 1
            if self.n == self.fail_at:
                self.hit = name
                raise OSError(f"injected failure at step {self.n} ({name})")
            return real(*args, **kwargs)
        return step

    @staticmethod
    def _forbidden(name):
        def call(*args, **kwargs):
            raise AssertionError(f"shutil.{name} called by the kit")
        return call


def _complete(folder, seed):
    """The folder reads back, verified, as the whole world of ``seed``."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return ck.read_world(folder).meta["seed"] == seed


@pytest.mark.parametrize("before", ["absent", "empty", "old_world"])
def test_a_failure_at_every_step_leaves_the_old_or_the_new_world(tmp_path, monkeypatch, old,
                                                                 new, before):
    keep = _user_files(tmp_path)
    template = old.to_parquet(tmp_path.parent / f"{tmp_path.name}-old")
    whole_new = _digest(new.to_parquet(tmp_path.parent / f"{tmp_path.name}-new"))
    p = tmp_path / "w"
    steps, hits = 0, []
    for k in range(1, 200):
        if p.exists():
            for f in sorted(p.rglob("*"), reverse=True):
                f.rmdir() if f.is_dir() else f.unlink()
            p.rmdir()
        if before == "empty":
            p.mkdir()
        elif before == "old_world":
            shutil.copytree(template, p)
        old_digest = _digest(p) if p.exists() else None
        with monkeypatch.context() as m, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            faults = Faults(m, k)
            try:
                new.to_parquet(p)
            except OSError as e:
                assert "injected failure" in str(e) or "injected failure" in str(e.__cause__)
        assert (_digest(tmp_path / "src"), (tmp_path / "keep.txt").read_text()) == keep, k
        assert _temps(tmp_path) == [], (k, faults.hit)
        # byte for byte the whole old world (or the empty or absent folder) or the whole new
        got = _digest(p) if p.exists() else None
        assert got in (old_digest, whole_new), (k, faults.hit)
        if faults.hit is None:  # the write ran through every step without a failure
            steps = k - 1
            break
        hits.append(faults.hit)
    assert _complete(p, 6)
    # 15 tables, the mark, the manifest, the swap and the clean-up: each one failed once
    assert hits.count("_write_table") == 15 and hits.count("_write_bytes") == 2, hits
    assert {"mkdir", "unlink", "rename"} <= set(hits), hits
    if before == "old_world":
        assert hits.count("rename") == 2 and "rmdir" in hits, hits
    assert steps == len(hits)


def test_a_swap_whose_rollback_also_fails_keeps_the_old_world_and_recovers(tmp_path,
                                                                           monkeypatch, old,
                                                                           new):
    keep = _user_files(tmp_path)
    p = old.to_parquet(tmp_path / "w")
    old_digest = _digest(p)
    real = os.rename
    calls = {"n": 0}

    def rename(src, dst):  # the first rename (world -> backup) works, none after it
        calls["n"] += 1
        if calls["n"] > 1:
            raise OSError("injected: the disk went read-only")
        return real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError, match="could not be moved back: it is complete in .*"
                                      r"\.w\.complaintkit-old-"):
        new.to_parquet(p)
    monkeypatch.undo()
    assert not p.exists()
    backup = tmp_path / next(n for n in _temps(tmp_path) if "-old-" in n)
    assert _digest(backup) == old_digest  # the old world is whole, and the error says where
    with pytest.raises(FileNotFoundError, match="previous world is in .*complaintkit-old-"):
        ck.read_world(p)
    new.to_parquet(p)  # the next write moves the old world back, then replaces it
    assert _complete(p, 6) and _temps(tmp_path) == []
    assert (_digest(tmp_path / "src"), (tmp_path / "keep.txt").read_text()) == keep


def test_leftovers_of_a_crashed_run_are_recognised_by_their_mark(tmp_path, monkeypatch, old,
                                                                 new):
    p = old.to_parquet(tmp_path / "w")
    # a crash mid-write (no cleanup): a marked, half-written temporary folder stays behind
    real = world_module._write_table
    n = {"calls": 0}

    def crash(df, file, fmt):
        n["calls"] += 1
        if n["calls"] == 4:
            raise KeyboardInterrupt
        real(df, file, fmt)

    with monkeypatch.context() as m:
        m.setattr(world_module, "_write_table", crash)
        m.setattr(world_module, "_remove_kit_folder", lambda folder: None)
        with pytest.raises(KeyboardInterrupt):
            new.to_parquet(p)
    half = [n for n in _temps(tmp_path) if "-new-" in n]
    assert len(half) == 1
    # a stale backup of an earlier world, and a user's folder that only looks like the kit's
    shutil.copytree(p, tmp_path / ".w.complaintkit-old-0000")
    user = tmp_path / ".w.complaintkit-new-mine"
    user.mkdir()
    (user / "data.csv").write_text("mine")
    new.to_parquet(p)
    assert _complete(p, 6)
    assert _temps(tmp_path) == [user.name] and (user / "data.csv").read_text() == "mine"


def test_a_file_added_during_the_swap_is_not_deleted(tmp_path, monkeypatch, old, new):
    p = old.to_parquet(tmp_path / "w")
    real = os.rename

    def rename(src, dst):  # the user saves a notebook just before the old world moves
        if str(src) == str(p):
            (p / "late.ipynb").write_text("{}")
        return real(src, dst)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.warns(UserWarning, match=r"did not write \(late\.ipynb\); they were left "
                                         "there: move them out"):
        new.to_parquet(p)
    monkeypatch.undo()
    kept = [f for f in tmp_path.rglob("late.ipynb")]
    assert len(kept) == 1 and kept[0].read_text() == "{}"
    assert _complete(p, 6)
    old.to_parquet(p)  # later writes leave that folder (no longer the kit's alone) in place
    assert kept[0].read_text() == "{}" and _complete(p, 5)


# --------------------------------------------------------------------------- verified reads
def test_a_csv_cut_mid_line_is_refused(tmp_path, old):
    p = old.to_csv(tmp_path / "w")
    f = p / "complaints.csv"
    data = f.read_bytes()
    f.write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 20])  # inside the last row
    with pytest.raises(DamagedWorldError, match=r"complaints\.csv: [\d,]+ bytes where the "
                                                r"manifest says [\d,]+ \(the file was cut"):
        ck.read_world(p)


def test_a_hand_edited_file_is_refused_unless_verify_is_off(tmp_path, old):
    p = old.to_csv(tmp_path / "w")
    f = p / "orders.csv"
    df = pd.read_csv(f, dtype=str, keep_default_na=False)
    df.loc[0, "amount"] = str(float(df.loc[0, "amount"]) + 1)[: len(df.loc[0, "amount"])]
    df.to_csv(f, index=False, lineterminator="\n")
    with pytest.raises(DamagedWorldError, match=r"orders\.csv: (checksum differs from the "
                                                r"manifest|.*bytes where).*verify=False"):
        ck.read_world(p)
    back = ck.read_world(p, verify=False)
    assert back.orders["amount"].iloc[0] != old.orders["amount"].iloc[0]


def test_a_same_size_edit_is_caught_by_the_checksum(tmp_path, old):
    p = old.to_csv(tmp_path / "w")
    f = p / "truth" / "effects.csv"
    data = bytearray(f.read_bytes())
    i = next(i for i in range(len(data) - 1, 0, -1) if chr(data[i]).isdigit())
    data[i] = ord("1") if data[i] != ord("1") else ord("2")
    f.write_bytes(bytes(data))
    with pytest.raises(DamagedWorldError, match=r"effects\.csv: checksum differs from the "
                                                r"manifest \(the file was changed after the "
                                                r"kit wrote it\); if you edited it on purpose, "
                                                r"use read_world\(\.\.\., verify=False\)"):
        ck.read_world(p)


@pytest.mark.parametrize("rel", ["events.parquet", "truth/iceberg.parquet"])
def test_a_missing_file_is_named(tmp_path, old, rel):
    p = old.to_parquet(tmp_path / "w")
    (p / rel).unlink()
    with pytest.raises(FileNotFoundError, match=rf"{rel.split('/')[-1]} is missing: the "
                                                "manifest lists it"):
        ck.read_world(p)
    with pytest.raises(FileNotFoundError, match="is missing"):
        ck.read_world(p, verify=False)


def test_forty_random_corruptions_of_a_parquet_file_are_all_refused(tmp_path, old):
    p = old.to_parquet(tmp_path / "w")
    f = p / "complaints.parquet"
    good = f.read_bytes()
    categories = json.loads((p / "world.json").read_text())["categories"]["complaints"]
    rng = np.random.default_rng(2026)
    read_unverified = 0
    for i in range(40):
        data = bytearray(good)
        for pos in rng.choice(len(data), size=int(rng.integers(1, 9)), replace=False):
            data[pos] = (data[pos] + int(rng.integers(1, 256))) % 256  # always a new value
        f.write_bytes(bytes(data))
        with pytest.raises(DamagedWorldError, match=r"complaints\.parquet: checksum differs"):
            ck.read_world(p)
        try:  # without the checks, damage is either refused by name or read as if whole
            conform(world_module._read_file(f, "parquet"), "complaints",
                    categories=categories, source=str(f))
            read_unverified += 1
        except (DamagedWorldError, ck.SchemaError) as e:
            assert "complaints.parquet" in str(e), (i, e)
    f.write_bytes(good)
    assert _complete(p, 5)
    print(f"{read_unverified} of 40 corruptions read without an error when unverified")
    assert read_unverified < 40  # many pass unnoticed without the checksum: why it exists


def test_a_truncated_parquet_read_unverified_names_the_file(tmp_path, old):
    p = old.to_parquet(tmp_path / "w")
    f = p / "surveys.parquet"
    f.write_bytes(f.read_bytes()[:1000])
    with pytest.raises(DamagedWorldError, match=r"surveys\.parquet: cannot be read as parquet"):
        ck.read_world(p, verify=False)


def test_a_manifest_that_is_not_ours_or_not_json_is_refused(tmp_path, old):
    p = old.to_parquet(tmp_path / "w")
    own = json.loads((p / "world.json").read_text())["files"]
    (p / "world.json").write_text('{"manifest": "someone-else", "format": "parquet"}')
    with pytest.raises(DamagedWorldError, match=r"world\.json is not a complaintkit manifest"):
        ck.read_world(p)
    m = json.loads((ck.data.data_dir() / "ecommerce_en" / "world.json").read_text())
    m.pop("manifest_sha256")  # hand edits below: get past the manifest's own checksum
    m["manifest_version"] = 4   # 3 is a partitioned (streamed) world's
    (p / "world.json").write_text(json.dumps(m))
    with pytest.raises(DamagedWorldError, match="newer complaintkit .*version 4"):
        ck.read_world(p)
    _refuses(old, p, "not a complaintkit manifest")  # nor replaced
    m["manifest_version"], m["files"] = 2, dict(own, **{"complaints.parquet": {}})
    (p / "world.json").write_text(json.dumps(m))
    with pytest.raises(DamagedWorldError, match=r"complaints\.parquet: .*bytes where"):
        ck.read_world(p)  # a manifest entry without size or checksum verifies nothing
    m["files"] = {}
    (p / "world.json").write_text(json.dumps(m))
    with pytest.raises(DamagedWorldError, match=r"agents\.parquet: not listed in the manifest"):
        ck.read_world(p)  # a manifest that lists no table verifies nothing either
    (p / "world.json").write_text('{"manifest": "complaintkit-wor')
    with pytest.raises(DamagedWorldError, match=r"world\.json: not a readable manifest"):
        ck.read_world(p)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_user_columns_are_kept_when_verify_is_off(tmp_path, old, fmt):
    p = getattr(old, f"to_{fmt}")(tmp_path / "w")
    f = p / f"complaints.{fmt}"
    raw = pd.read_csv(f, dtype=str, keep_default_na=False) if fmt == "csv" else \
        pd.read_parquet(f)
    raw["my_tag"] = ["vip" if i % 2 else "" for i in range(len(raw))]
    raw["my_score"] = np.arange(len(raw), dtype="int64")
    raw.to_csv(f, index=False, lineterminator="\n") if fmt == "csv" else raw.to_parquet(f)
    with pytest.raises(DamagedWorldError, match="complaints"):
        ck.read_world(p)
    back = ck.read_world(p, verify=False).complaints
    assert list(back.columns[-2:]) == ["my_tag", "my_score"]
    pd.testing.assert_frame_equal(back.iloc[:, :-2], old.complaints)
    assert back["my_score"].astype(int).tolist() == list(range(len(raw)))
    assert (back["my_tag"].fillna("") == raw["my_tag"]).all()


def test_an_old_format_world_reads_with_a_warning_and_upgrades(tmp_path, old):
    p = old.to_parquet(tmp_path / "w")
    m = json.loads((p / "world.json").read_text(encoding="utf-8"))
    for k in ("manifest", "manifest_version", "files"):
        del m[k]  # the manifest as written before version 2
    (p / "world.json").write_text(json.dumps(m), encoding="utf-8")
    with pytest.warns(UserWarning, match="older complaintkit .* cannot be verified; write "
                                         "the world again to upgrade"):
        w = ck.read_world(p)
    assert w.meta == old.meta
    w.to_parquet(p)  # an old-format world is the kit's: it may be replaced, and is upgraded
    assert _complete(p, 5)
    (p / "notes.md").write_text("mine")  # but an old-format world with a user file is not
    _refuses(old, p, "notes.md")


def test_datasets_build_refuses_before_rebuilding_any_world(tmp_path):
    from complaintkit.data import build_datasets

    (tmp_path / "ecommerce_zh").mkdir()
    (tmp_path / "ecommerce_zh" / "my_notes.md").write_text("mine")
    with pytest.raises(FileExistsError, match=r"ecommerce_zh .*\(my_notes\.md\)"):
        build_datasets(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ecommerce_zh"]  # en not built
    assert (tmp_path / "ecommerce_zh" / "my_notes.md").read_text() == "mine"


def test_a_leftover_whose_truth_is_a_link_does_not_delete_through_it(tmp_path, old):
    p = old.to_parquet(tmp_path / "w")
    other = tmp_path / "other"
    other.mkdir()
    (other / "effects.parquet").write_text("the user's file, same name")
    stale = tmp_path / ".w.complaintkit-old-0001"
    shutil.copytree(p, stale)
    shutil.rmtree(stale / "truth")
    (stale / "truth").symlink_to(other, target_is_directory=True)
    with pytest.warns(UserWarning, match="truth/"):
        old.to_parquet(p)  # cleans the stale backup, but not through its link
    assert (other / "effects.parquet").read_text() == "the user's file, same name"


def test_a_hand_edit_of_the_manifest_itself_is_named(tmp_path):
    """world.json carries its own checksum: an edit of its categories is blamed on it, not on
    the table whose levels no longer match."""
    p = tmp_path / "w"
    ck.generate("ecommerce", seed=3, n_complaints=300).to_parquet(p)
    text = (p / "world.json").read_text(encoding="utf-8")
    assert '"18-24"' in text
    (p / "world.json").write_text(text.replace('"18-24"', '"88-24"', 1), encoding="utf-8")
    with pytest.raises(DamagedWorldError, match=r"world\.json: changed after the kit wrote it"):
        ck.read_world(p)
