"""Reproducibility (byte-identical Parquet per seed) and exact, safe storage."""

import hashlib

import pandas as pd
import pytest

import complaintkit as ck
from complaintkit import world as world_module


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small():
    return ck.generate("ecommerce", seed=5, n_complaints=800, locale="zh_CN")


def test_same_seed_gives_byte_identical_parquet(tmp_path, small):
    again = ck.generate("ecommerce", seed=5, n_complaints=800, locale="zh_CN")
    a, b = small.to_parquet(tmp_path / "a"), again.to_parquet(tmp_path / "b")
    da, db = _digest(a), _digest(b)
    assert len(da) == len(small.tables) + len(small.truth.tables()) + 1  # + world.json
    assert da == db


def test_another_seed_gives_another_world(small):
    other = ck.generate("ecommerce", seed=6, n_complaints=800, locale="zh_CN")
    assert not other.complaints["received_at"].equals(small.complaints["received_at"])
    assert not other.orders["amount"].equals(small.orders["amount"])


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_round_trip_is_exact(tmp_path, small, fmt):
    folder = getattr(small, f"to_{fmt}")(tmp_path / fmt)
    back = ck.read_world(folder)
    for name, df in small.tables.items():
        pd.testing.assert_frame_equal(back.tables[name], df, obj=name)
    for name, df in small.truth.tables().items():
        pd.testing.assert_frame_equal(back.truth.tables()[name], df, obj=f"truth.{name}")
    assert back.meta == small.meta


def test_a_failed_write_loses_nothing(tmp_path, small, monkeypatch):
    folder = small.to_parquet(tmp_path / "w")
    before = _digest(folder)
    calls = {"n": 0}
    real = world_module._write_table

    def flaky(df, file, fmt):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        real(df, file, fmt)

    monkeypatch.setattr(world_module, "_write_table", flaky)
    with pytest.raises(OSError, match="disk full"):
        small.to_parquet(folder)
    assert _digest(folder) == before  # the old world is intact
    assert [p.name for p in tmp_path.iterdir()] == ["w"]  # no temporary folder left behind


def test_writing_refuses_to_overwrite_other_things(tmp_path, small):
    f = tmp_path / "file.txt"
    f.write_text("keep me")
    with pytest.raises(FileExistsError, match="是一个文件"):  # a zh world
        small.to_csv(f)
    d = tmp_path / "mine"
    d.mkdir()
    (d / "notes.md").write_text("keep me too")
    with pytest.raises(FileExistsError, match="不是 complaintkit 数据世界"):
        small.to_parquet(d)
    assert f.read_text() == "keep me" and (d / "notes.md").read_text() == "keep me too"


def test_reading_bad_folders_says_what_is_wrong(tmp_path, small):
    with pytest.raises(FileNotFoundError, match="no world.json"):
        ck.read_world(tmp_path)
    folder = small.to_csv(tmp_path / "w")
    (folder / "events.csv").unlink()
    with pytest.raises(FileNotFoundError, match="events.csv is missing: the manifest lists"):
        ck.read_world(folder, locale="en_US")


def test_a_corrupted_csv_names_the_column_and_rows(tmp_path, small):
    folder = small.to_csv(tmp_path / "w")
    f = folder / "complaints.csv"
    df = pd.read_csv(f, dtype=str)
    df.loc[3, "received_at"] = "2025-02-30 10:00:00"  # an impossible date
    df.to_csv(f, index=False)
    with pytest.raises(ck.world.DamagedWorldError, match=r"complaints\.csv: .*verify=False"):
        ck.read_world(folder, locale="en_US")  # changed after the kit wrote it (see test_safe_io)
    with pytest.raises(ck.SchemaError, match=r"complaints\.received_at: .*"
                                             r"'2025-02-30 10:00:00'.* in row 3"):
        ck.read_world(folder, verify=False)  # read anyway: the schema still checks values
    df = df.drop(columns="channel")
    df.to_csv(f, index=False)
    with pytest.raises(ck.SchemaError, match="missing column.*channel"):
        ck.read_world(folder, verify=False)
