"""A batch run: plan parts, map them over Dask workers, resume, and finish the tables.

The sorted inputs are cut into parts (a few MB or a few dozen files each, so
no worker holds much at once and an interrupted run loses little). Each part
is one Dask task that writes its own part file of every table atomically;
a part is done when all four exist. `run.json` records what the run reads
and with which options, so `--resume` can refuse to mix two different runs,
then skips done parts. Every part is a pure function of its inputs and the
options, so 1 worker, 2 workers, a cluster, or a resumed run all give the
same tables.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from candor.atomic import write_atomic
from candor.batch.inputs import Input
from candor.batch.tables import TABLES, part_name
from candor.batch.work import Job, check_versions, process_part, worker_versions
from candor.errors import CandorError

SCHEMA = "candor.batch/1"
RUN_FILE = "run.json"
# A part: at most this many files or bytes. Small corpora get smaller parts
# (about TARGET_PARTS of them) so every worker has work; the plan depends on
# the inputs only, never on the number of workers.
FILES_PER_PART = 50
PART_BYTES = 4 * 1024 * 1024
TARGET_PARTS = 64
WORKER_WAIT = 120  # seconds to wait for a cluster's first worker (queued batch jobs start late)


class Progress(Protocol):
    def start(self, total_files: int, done_files: int) -> None: ...

    def advance(self, stats: dict[str, Any]) -> None: ...


@dataclass
class BatchResult:
    out: Path
    inputs: int
    parts: int
    resumed_parts: int = 0  # parts found already written
    sessions: int = 0
    turns: int = 0
    therapist_turns: int = 0
    errors: int = 0
    workers: int = 0
    seconds: float = 0.0
    versions: dict[str, str] = field(default_factory=dict)  # Candor and detector the tables were coded with
    unused_roles: list[int] = field(default_factory=list)


def auto_files_per_part(n_inputs: int) -> int:
    return max(1, min(FILES_PER_PART, -(-n_inputs // TARGET_PARTS)))


def plan(inputs: list[Input], files_per_part: int, part_bytes: int = PART_BYTES) -> list[list[Input]]:
    """Consecutive inputs grouped into parts: a new part every `files_per_part` files or `part_bytes` bytes."""
    parts: list[list[Input]] = []
    current: list[Input] = []
    size = 0
    for item in inputs:
        if current and (len(current) >= files_per_part or size + item.size > part_bytes):
            parts.append(current)
            current, size = [], 0
        current.append(item)
        size += item.size
    if current:
        parts.append(current)
    return parts


def fingerprint(inputs: list[Input]) -> str:
    h = hashlib.sha256()
    for i in inputs:
        h.update(f"{i.source}\x00{i.path}\x00{i.size}\x00{i.modified}\n".encode("utf-8"))
    return h.hexdigest()


def part_done(out: Path, part: int) -> bool:
    return all((out / name / part_name(part)).is_file() for name in TABLES)


def _record(out: Path, inputs: list[Input], job: Job, n_parts: int, sizing: tuple[int, int], versions: dict[str, str]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        **versions,
        "inputs": len(inputs),
        "inputs_sha256": fingerprint(inputs),
        "parts": n_parts,
        "files_per_part": sizing[0],
        "part_bytes": sizing[1],
        "options": job.describe(),
    }


def _check(out: Path, record: dict[str, Any], resume: bool) -> None:
    """Check the output folder suits a new run or a resume; never delete anything the user made."""
    run_file = out / RUN_FILE
    if resume:
        if not run_file.is_file():
            raise CandorError(f"{out}: there is no batch run here to resume; run without --resume to start one")
        try:
            old = json.loads(run_file.read_text(encoding="utf-8"))
        except ValueError:
            old = None
        if not isinstance(old, dict):
            raise CandorError(f"{run_file}: damaged; start again in a new folder")
        for key, what in (
            ("inputs_sha256", "the inputs"),
            ("options", "the options"),
            ("candor", "the Candor version"),
            ("detector", "the detector"),
            ("files_per_part", "the part size"),
            ("part_bytes", "the part size"),
        ):
            if old.get(key) != record[key]:
                raise CandorError(
                    f"{out}: {what} differ from the interrupted run's, so its parts cannot be reused; "
                    "resume with the same command, or start again in a new folder"
                )
        for name in TABLES:  # temp files of writes cut short: never read, now cleared
            for tmp in (out / name).glob(".part-*.tmp") if (out / name).is_dir() else ():
                tmp.unlink(missing_ok=True)
        return
    if run_file.is_file():
        raise CandorError(f"{out} already holds a batch run; add --resume to finish it, or choose a new folder")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CandorError(f"{out} is not an empty folder; choose a new or empty folder for --out")


def _start(out: Path, record: dict[str, Any]) -> None:
    """Create the output folder and its run.json: from here on the run can be resumed."""
    try:
        out.mkdir(parents=True, exist_ok=True, mode=0o700)  # the tables hold transcript text
    except OSError as e:
        raise CandorError(f"cannot create {out}: {e.strerror}; choose another folder for --out") from None
    write_atomic(out / RUN_FILE, json.dumps(record, indent=2) + "\n")


def _forget_half_started() -> None:
    """Close a LocalCluster interrupted inside its constructor, so Dask does not trip over it at exit."""
    from distributed.deploy.spec import SpecCluster

    for cluster in list(SpecCluster._instances):
        try:
            cluster.close(timeout=5)
        except BaseException:  # half built: nothing more to stop
            pass
        SpecCluster._instances.discard(cluster)


class _Cluster:
    """A Dask client on local worker processes, or on the cluster at `scheduler`."""

    def __init__(self, workers: int | None, scheduler: str | None):
        from distributed import Client, LocalCluster

        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="10s")
                self._wait_for_workers(scheduler)
            else:
                self.cluster = LocalCluster(
                    n_workers=workers or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",  # loopback only: nothing listens beyond this machine
                    dashboard_address=None,
                    # Dask's scheduler always serves health checks over HTTP; keep that on
                    # loopback too, on a free port rather than the dashboard's 8787.
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    silence_logs=logging.CRITICAL,
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as e:
            self.close()
            where = f"the Dask scheduler at {scheduler}" if scheduler else "local Dask workers"
            raise CandorError(f"cannot reach {where} ({type(e).__name__}); check the address and that it is running") from None
        except ValueError:
            self.close()
            raise CandorError(
                f"--scheduler {scheduler}: not a Dask scheduler address; write it like tcp://10.0.0.5:8786"
            ) from None
        except BaseException:  # Ctrl-C while workers start: stop the ones already running
            self.close()
            _forget_half_started()
            raise

    def _wait_for_workers(self, scheduler: str) -> None:
        """A cluster whose workers are still queued: wait a while rather than sit silent forever."""
        try:
            self.client.wait_for_workers(1, timeout=WORKER_WAIT)
        except TimeoutError:
            raise CandorError(
                f"the Dask cluster at {scheduler} has had no workers for {WORKER_WAIT} s; start workers "
                "(or wait for their jobs to begin) and run the command again"
            ) from None

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info(n_workers=-1)["workers"]) if hasattr(self, "client") else 0

    def versions(self) -> list[dict[str, str]]:
        try:
            return list(self.client.run(worker_versions).values())
        except ImportError:
            raise CandorError(
                "the cluster's workers cannot import candor; install the same Candor version on every worker"
            ) from None

    def close(self) -> None:
        for thing in (getattr(self, "client", None), self.cluster):
            if thing is not None:
                try:
                    thing.close()
                except Exception:  # shutting down after an interruption: nothing left to save
                    pass


def run_batch(
    inputs: list[Input],
    out: Path,
    job: Job,
    workers: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    progress: Progress | None = None,
    files_per_part: int | None = None,
    part_bytes: int = PART_BYTES,
) -> BatchResult:
    """Code every input into the tables under `out`; see the module docstring."""
    started = time.perf_counter()
    out = Path(out).absolute()
    files_per_part = files_per_part or auto_files_per_part(len(inputs))
    parts = plan(inputs, files_per_part, part_bytes)
    versions = worker_versions()  # what this computer codes with; every worker must match
    record = _record(out, inputs, job, len(parts), (files_per_part, part_bytes), versions)
    _check(out, record, resume)
    todo = [i for i in range(len(parts)) if not part_done(out, i)]
    result = BatchResult(out, len(inputs), len(parts), resumed_parts=len(parts) - len(todo), versions=versions)
    used: set[int] = set()
    if todo:
        # Workers first: a cluster that cannot be reached, or runs another version, leaves nothing behind.
        cluster = _Cluster(workers, scheduler)
        try:
            result.workers = cluster.workers
            # Checked here for a quick answer, and again by every part on whichever worker runs it,
            # because a cluster's workers can join after the start.
            for v in cluster.versions():
                check_versions(v, versions)
            if not resume:
                _start(out, record)
            if progress:
                pending = set(todo)
                progress.start(len(inputs), sum(len(p) for i, p in enumerate(parts) if i not in pending))
            _map(cluster.client, out, parts, todo, job, versions, progress, used, result)
        finally:
            cluster.close()
    result.unused_roles = [i for i in range(len(job.roles)) if i not in used] if not result.resumed_parts else []
    result.seconds = time.perf_counter() - started
    return result


class _CtrlC:
    """Remember a Ctrl-C (SIGINT) as well as raising it.

    Python raises KeyboardInterrupt wherever the main thread happens to be;
    if that is inside a finalizer (Dask futures release themselves in
    `__del__`), Python prints and drops it. The flag makes sure the run still
    stops at the next check.
    """

    def __init__(self) -> None:
        self.requested = False

    def __enter__(self) -> "_CtrlC":
        import signal
        import threading

        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        self.requested = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.requested:
            raise KeyboardInterrupt

    def __exit__(self, *exc) -> None:
        import signal

        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def _map(
    client, out: Path, parts: list[list[Input]], todo: list[int], job: Job, versions: dict[str, str],
    progress, used: set[int], result: BatchResult,
) -> None:
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    token = record_token(out)
    with _CtrlC() as ctrl_c:
        futures = [
            client.submit(
                process_part, str(out), i, [(x.source, x.path) for x in parts[i]], job, versions,
                key=f"candor-part-{i}-{token}", pure=False,
            )
            for i in todo
        ]
        finished = as_completed(futures)
        try:
            while not finished.is_empty():
                ctrl_c.check()
                batch = finished.next_batch(block=False)
                if not batch:
                    time.sleep(0.05)
                for future in batch:
                    try:
                        stats = future.result()
                    except KilledWorker:
                        raise CandorError(
                            "a part of the run kept killing its workers (out of memory?); give workers more "
                            "memory, then run the same command with --resume"
                        ) from None
                    result.sessions += stats["sessions"]
                    result.turns += stats["turns"]
                    result.therapist_turns += stats["therapist_turns"]
                    result.errors += stats["errors"]
                    used.update(stats["roles_used"])
                    if progress:
                        progress.advance(stats)
            ctrl_c.check()
        finally:
            for f in futures:
                f.cancel()


def record_token(out: Path) -> str:
    """A short token that keeps task keys of two runs on one shared cluster apart."""
    return hashlib.sha1(f"{out}{time.time_ns()}".encode()).hexdigest()[:8]
