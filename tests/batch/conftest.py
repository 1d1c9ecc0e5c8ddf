"""A realistic corpus and a real two-worker Dask cluster for the batch tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from candor.batch.tables import TABLES, part_files

CANDOR = [sys.executable, "-m", "candor.cli"]
SAMPLES = ("zoom_vtt/transcript.vtt", "elan_eaf/test.eaf", "chat_cha/064.cha", "teams_docx/sample_transcript.docx")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory, shared_data) -> Path:
    """40 AnnoMI sessions as one CSV file each, some other formats, and two files that cannot be read."""
    import pandas as pd

    root = tmp_path_factory.mktemp("corpus")
    annomi = pd.read_csv(shared_data / "annomi" / "AnnoMI-simple.csv")
    (root / "annomi").mkdir()
    for tid in sorted(annomi["transcript_id"].unique())[:40]:
        annomi[annomi["transcript_id"] == tid].to_csv(root / "annomi" / f"session-{tid:03d}.csv", index=False)
    (root / "other").mkdir()
    for sample in SAMPLES:
        shutil.copy(shared_data / "formats" / sample, root / "other" / Path(sample).name)
    (root / "other" / "damaged.docx").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)  # a broken Word file
    (root / "other" / "empty.vtt").write_bytes(b"")
    (root / "other" / "README.md").write_text("Notes on the corpus, not a session.\n")
    return root


def batch(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`candor batch ...` as a user runs it, in its own process."""
    return subprocess.run([*CANDOR, "batch", *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def tables(out: Path) -> dict[str, object]:
    """Every table of a run, read back whole."""
    return {name: pq.read_table(out / name) if part_files(out, name) else None for name in TABLES}


def part_bytes(out: Path) -> dict[str, bytes]:
    return {f"{p.parent.name}/{p.name}": p.read_bytes() for name in TABLES for p in part_files(out, name)}


@pytest.fixture(scope="session")
def dask_cluster():
    """A local Dask cluster with two worker processes, as a researcher would start one."""
    import logging

    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.CRITICAL,
    )
    client = Client(cluster)
    yield cluster, client
    client.close()
    cluster.close()


@pytest.fixture(scope="session")
def reference(corpus, tmp_path_factory) -> Path:
    """An uninterrupted run with one local worker: the tables every other run must equal."""
    out = tmp_path_factory.mktemp("reference") / "coded"
    done = batch("annomi", "other", "--out", str(out), "--workers", "1", "--files-per-part", "2", cwd=corpus)
    assert done.returncode == 0, done.stderr
    return out
