"""`candor batch` at research scale: a corpus of 100,000+ AnnoMI therapist turns.

Builds the corpus by writing every AnnoMI session as its own CSV file, again
and again under new ids (copy-NN/session-TTT.csv, with new transcript ids),
until it holds at least 100,000 therapist turns. Then prints:

- turns per second with 1 and with 2 local worker processes (median of runs;
  the Dask cluster's start-up is timed apart) and their ratio;
- the same corpus through `candor analyze`, one file at a time: as a command
  per file (measured on a sample of files, scaled up) and as the Python API
  in one process (whole corpus);
- peak memory of each worker and of the driving process;
- the time to finish a run killed halfway (`--resume`), against a whole run.

Run: .venv/bin/python benchmarks/batch.py [--copies N] [--runs N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import platform
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CANDOR = [sys.executable, "-m", "candor.cli"]
TARGET_TURNS = 100_000


def build_corpus(root: Path, copies: int | None) -> tuple[int, int]:
    """AnnoMI's sessions as one CSV each, repeated under new ids; returns (files, therapist turns)."""
    import pandas as pd

    annomi = pd.read_csv(DATA / "annomi" / "AnnoMI-simple.csv")
    per_copy = int((annomi["interlocutor"] == "therapist").sum())
    copies = copies or -(-TARGET_TURNS // per_copy)
    sessions = [(tid, frame) for tid, frame in annomi.groupby("transcript_id", sort=True)]
    files = 0
    for c in range(copies):
        folder = root / f"copy-{c:02d}"
        folder.mkdir(parents=True)
        for tid, frame in sessions:
            frame = frame.assign(transcript_id=c * 1000 + tid)
            frame.to_csv(folder / f"session-{tid:03d}.csv", index=False)
            files += 1
    return files, copies * per_copy


def run_on_cluster(corpus: Path, out: Path, workers: int) -> dict[str, float]:
    """One batch run on a fresh local cluster of `workers` processes, timed without the cluster's start-up."""
    from distributed import Client, LocalCluster

    from candor.batch import Job, expand, finish, run_batch

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, silence_logs=logging.CRITICAL)
    client = Client(cluster)
    startup = time.perf_counter() - started
    try:
        t0 = time.perf_counter()
        inputs, _ = expand([str(corpus)])
        result = run_batch(inputs, out, Job(), scheduler=cluster.scheduler_address)
        coded = time.perf_counter() - t0
        finish(result.out, False, Job().settings, {})
        total = time.perf_counter() - t0
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        digest = hashlib.sha256()
        for part in sorted(out.glob("*/part-*.parquet")):
            digest.update(part.relative_to(out).as_posix().encode() + part.read_bytes())
    finally:
        client.close()
        cluster.close()
    return {
        "startup_s": startup, "coded_s": coded, "with_summary_s": total,
        "turns": result.therapist_turns, "sessions": result.sessions, "parts": result.parts,
        "worker_peak_mb": max(peaks.values()) / 1e6,
        "tables_sha256": digest.hexdigest(),
    }


def analyze_per_file_cli(files: list[Path], sample: int) -> float:
    """Seconds per file for `candor analyze FILE --json`, one process per file, on a sample."""
    times = []
    for f in files[:sample]:
        t0 = time.perf_counter()
        subprocess.run([*CANDOR, "analyze", str(f), "--json"], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def analyze_per_file_api(files: list[Path]) -> float:
    """Seconds for `candor.analyze` on every file in turn, in this process."""
    import candor

    t0 = time.perf_counter()
    for f in files:
        for t in candor.read_all(f):
            candor.analyze(t)
    return time.perf_counter() - t0


def resume_after_kill(corpus: Path, out: Path) -> dict[str, float]:
    """Kill a 2-worker run (and its workers) halfway, then time `--resume`."""
    from candor.batch.tables import part_files

    args = [*CANDOR, "batch", str(corpus), "--out", str(out), "--workers", "2"]
    run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    total = None
    while run.poll() is None:
        if total is None and (out / "run.json").is_file():
            total = json.loads((out / "run.json").read_text())["parts"]
        if total and len(part_files(out, "errors")) >= total // 2:
            os.killpg(run.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    run.wait()
    done = len(part_files(out, "errors"))
    t0 = time.perf_counter()
    subprocess.run([*args, "--resume"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {"parts": total, "done_at_kill": done, "resume_s": time.perf_counter() - t0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=None, help="copies of AnnoMI (default: enough for 100,000 turns)")
    parser.add_argument("--runs", type=int, default=3, help="runs per worker count (the median is reported)")
    parser.add_argument("--cli-sample", type=int, default=40, help="files timed through `candor analyze`")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="candor-batch-bench-"))
    try:
        corpus = work / "corpus"
        files, turns = build_corpus(corpus, args.copies)
        size = sum(p.stat().st_size for p in corpus.rglob("*.csv"))
        print(f"Candor batch benchmark, {date.today()}, {platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"corpus: {files:,} session files ({size / 1e6:.0f} MB), {turns:,} therapist turns in the CSVs\n", flush=True)

        results, digests = {}, {}
        for workers in (1, 2):
            runs = []
            for i in range(args.runs):
                runs.append(run_on_cluster(corpus, work / f"out-{workers}-{i}", workers))
                print(f"  run {i + 1}: {runs[-1]['coded_s']:.1f} s", file=sys.stderr, flush=True)
            for i in range(args.runs):
                shutil.rmtree(work / f"out-{workers}-{i}")
            digests[workers] = runs
            med = statistics.median(r["coded_s"] for r in runs)
            results[workers] = med
            r0 = runs[0]
            print(f"{workers} worker(s): {r0['turns'] / med:,.0f} therapist turns/s "
                  f"(median {med:.1f} s of {args.runs} runs: {', '.join(format(r['coded_s'], '.1f') for r in runs)}); "
                  f"{r0['parts']} parts; cluster start {statistics.median(r['startup_s'] for r in runs):.1f} s; "
                  f"with summary.html {statistics.median(r['with_summary_s'] for r in runs):.1f} s; "
                  f"peak memory per worker {max(r['worker_peak_mb'] for r in runs):.0f} MB")
        print(f"ratio 2 workers / 1 worker: {results[1] / results[2]:.2f}")
        same = len({r["tables_sha256"] for runs in digests.values() for r in runs}) == 1
        print(f"tables of all {2 * args.runs} runs identical byte for byte: {'yes' if same else 'NO'}")
        print(f"driver (the candor batch process) peak memory: "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")

        paths = sorted(corpus.rglob("*.csv"))
        per_file = analyze_per_file_cli(paths, args.cli_sample)
        print(f"\n`candor analyze FILE` one process per file: median {per_file:.2f} s per file "
              f"(sample of {args.cli_sample}); whole corpus ≈ {per_file * files / 60:.0f} min, "
              f"{turns / (per_file * files):,.0f} turns/s")
        api = analyze_per_file_api(paths)
        print(f"`candor.analyze` file by file in one process: {api:.1f} s, {turns / api:,.0f} turns/s")

        r = resume_after_kill(corpus, work / "killed")
        print(f"\nkilled halfway ({r['done_at_kill']} of {r['parts']} parts written), then --resume: "
              f"{r['resume_s']:.1f} s (a whole 2-worker run: {results[2]:.1f} s plus start-up)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
