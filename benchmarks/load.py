"""Load on the web app: concurrent clients on loopback uploading transcripts and reading reports.

For each database (a SQLite file, and a throwaway PostgreSQL server started
like the test fixture), the app runs under uvicorn in its own process on a
free 127.0.0.1 port. N clients (default 20, asyncio + httpx, one process)
each sign in as their own clinician and, until the time is up, upload a
transcript, read its report page three times, its JSON once and the
sessions list once; one upload in five needs the therapist picked. Prints
p50 and p95 latency per page and the error count, then opens the database
directly and checks that every session the clients were told was stored is
there and decrypts. Targets: zero errors, zero lost sessions, report page
p95 under 300 ms.

Bounded: loopback only, --seconds per database (default 60), at most
--max-uploads uploads per client.

Run: .venv/bin/python benchmarks/load.py [--seconds 60] [--clients 20] [--backend both|sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "samples"
PASSWORD = "load test passphrase"
PGBIN = Path("/usr/lib/postgresql/15/bin")
# Transcripts whose labels name the therapist, and one whose labels do not (the picker path).
LABELLED = ["text/therapist_client.txt", "text/tc_timestamps.txt", "text/named_times.txt",
            "structured/session.csv", "structured/dialogue.srt", "chat_elan/session.eaf"]  # fmt: skip
UNLABELLED = "text/named.txt"
PAGES = ("sign in", "upload", "speaker pick", "report page", "report JSON", "sessions list")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, key_file: str, port: int) -> None:
    """The server process: the app on the store, as `candor serve` runs it."""
    import uvicorn

    from candor.store import Store
    from candor.web import create_app

    store = Store.open(url, key_file=Path(key_file))
    uvicorn.run(create_app(store), host="127.0.0.1", port=port, log_level="warning", access_log=False)


@contextlib.contextmanager
def postgres():
    """A throwaway PostgreSQL 15 server in a temporary folder (as tests/conftest.py starts it)."""
    if not (PGBIN / "initdb").exists():
        raise SystemExit(f"PostgreSQL 15 is not installed ({PGBIN}/initdb missing)")
    root = Path(tempfile.mkdtemp(prefix="candor-load-pg-"))
    as_postgres = []
    if os.geteuid() == 0:  # initdb refuses root
        shutil.chown(root, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    pg_ctl = [*as_postgres, str(PGBIN / "pg_ctl"), "-D", str(root / "data")]
    try:
        subprocess.run([*as_postgres, str(PGBIN / "initdb"), "-D", str(root / "data"), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)  # fmt: skip
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        subprocess.run([*pg_ctl, "-l", str(root / "log"), "-w", "-o", options, "start"], check=True, capture_output=True)
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True) as c:
            c.execute("CREATE DATABASE candor_load")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/candor_load"
    finally:
        subprocess.run([*pg_ctl, "-m", "fast", "-w", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def prepare(url: str, key_file: Path, clients: int) -> None:
    from candor.store import Store

    with Store.open(url, key_file=key_file) as store:
        for i in range(clients):
            store.users.add(f"clinician{i:02d}", "clinician", PASSWORD)


class Stats:
    def __init__(self) -> None:
        self.times: dict[str, list[float]] = {p: [] for p in PAGES}
        self.errors: dict[str, int] = {p: 0 for p in PAGES}
        self.uploaded: dict[str, list[int]] = {}

    async def timed(self, page: str, call):
        start = time.perf_counter()
        try:
            response = await call
        except httpx.HTTPError:
            self.errors[page] += 1
            return None
        self.times[page].append((time.perf_counter() - start) * 1000)
        if response.status_code >= 400:
            self.errors[page] += 1
            return None
        return response


async def sign_in(c: httpx.AsyncClient, name: str, stats: Stats) -> dict[str, str]:
    r = await stats.timed("sign in", c.post("/api/signin", json={"name": name, "password": PASSWORD}))
    if r is None:
        raise SystemExit(f"{name} could not sign in")
    return {"x-csrf-token": r.json()["csrf"]}


async def client(i: int, c: httpx.AsyncClient, headers: dict[str, str], files: dict[str, bytes], deadline: float,
                 max_uploads: int, stats: Stats) -> None:  # fmt: skip
    mine = stats.uploaded.setdefault(f"clinician{i:02d}", [])
    rng = random.Random(i)
    n = 0
    while time.monotonic() < deadline and n < max_uploads:
        n += 1
        sample = UNLABELLED if n % 5 == 0 else LABELLED[(i + n) % len(LABELLED)]
        form = {"pseudonym": f"Client {i}-{n % 4}", "session_date": (date(2026, 1, 1) + timedelta(days=n)).isoformat()}
        r = await stats.timed("upload", c.post("/api/uploads", headers=headers, data=form,
                                               files={"file": (Path(sample).name, files[sample])}))  # fmt: skip
        if r is not None and r.status_code == 202:
            pick = r.json()
            r = await stats.timed("speaker pick", c.post(f"/api/uploads/{pick['token']}", headers=headers,
                                                         json={"therapist": pick["guess"] or pick["speakers"][0]}))  # fmt: skip
        if r is not None:
            mine.extend(r.json()["sessions"])
        if not mine:
            continue
        for _ in range(3):
            await stats.timed("report page", c.get(f"/sessions/{rng.choice(mine)}"))
        await stats.timed("report JSON", c.get(f"/api/sessions/{rng.choice(mine)}"))
        await stats.timed("sessions list", c.get("/sessions"))


async def everyone(base: str, files: dict[str, bytes], args: argparse.Namespace, stats: Stats) -> float:
    """All clients sign in (Argon2 is slow on purpose), then run together for --seconds; returns the run's length."""
    limits = httpx.Limits(max_connections=1)
    clients = [httpx.AsyncClient(base_url=base, timeout=60, follow_redirects=False, limits=limits)
               for _ in range(args.clients)]  # fmt: skip
    try:
        headers = await asyncio.gather(*(sign_in(c, f"clinician{i:02d}", stats) for i, c in enumerate(clients)))
        started = time.monotonic()
        deadline = started + args.seconds
        await asyncio.gather(*(client(i, c, h, files, deadline, args.max_uploads, stats)
                               for i, (c, h) in enumerate(zip(clients, headers))))  # fmt: skip
        return time.monotonic() - started
    finally:
        for c in clients:
            await c.aclose()


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server process exited; see its output above")
        try:
            if httpx.get(base + "/signin", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not start within 60 s")


def verify(url: str, key_file: Path, uploaded: dict[str, list[int]]) -> tuple[int, int]:
    """(sessions the clients were told were stored, how many of them are listed and decrypt)."""
    from candor.store import Store

    told = readable = 0
    with Store.open(url, key_file=key_file) as store:
        for name, ids in uploaded.items():
            user = store.users.by_name(name)
            listed = {s.id for s in store.sessions.list(user)}
            for sid in ids:
                told += 1
                if sid in listed and store.sessions.get(user, sid).report.get("turns"):
                    readable += 1
    return told, readable


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def run(label: str, url: str, folder: Path, args: argparse.Namespace) -> bool:
    key_file = folder / "candor.key"
    prepare(url, key_file, args.clients)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, __file__, "--serve", url, str(key_file), str(port)])
    try:
        wait_until_up(base, server)
        files = {s: (SAMPLES / s).read_bytes() for s in [*LABELLED, UNLABELLED]}
        stats = Stats()
        elapsed = asyncio.run(everyone(base, files, args, stats))
    finally:
        server.terminate()
        server.wait(timeout=30)
    told, readable = verify(url, key_file, stats.uploaded)
    errors = sum(stats.errors.values())
    print(f"\n{label}  ({elapsed:.0f} s, {args.clients} clients)")
    print(f"  {'page':15} {'requests':>9} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
    for page in PAGES:
        t = stats.times[page]
        print(f"  {page:15} {len(t):9d} {len(t) / elapsed:7.1f} {percentile(t, .5):8.1f} {percentile(t, .95):8.1f} "
              f"{stats.errors[page]:7d}")  # fmt: skip
    p95 = percentile(stats.times["report page"], 0.95)
    print(f"  errors: {errors}; sessions uploaded: {told}; stored and readable: {readable}; lost: {told - readable}")
    ok = errors == 0 and told == readable and told > 0 and p95 < 300
    print(f"  target (0 errors, 0 lost, report page p95 < 300 ms): {'met' if ok else 'NOT met'}")
    return ok


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--serve":
        serve(sys.argv[2], sys.argv[3], int(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients run, per database (default 60)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--max-uploads", type=int, default=2000, help="upper bound on uploads per client")
    parser.add_argument("--backend", choices=("both", "sqlite", "postgresql"), default="both")
    args = parser.parse_args()
    print(f"Candor web load benchmark, {date.today().isoformat()}: {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}; server and clients on 127.0.0.1")  # fmt: skip
    ok = True
    if args.backend in ("both", "sqlite"):
        with tempfile.TemporaryDirectory(prefix="candor-load-") as d:
            ok &= run("SQLite (a file, WAL)", str(Path(d) / "candor.db"), Path(d), args)
    if args.backend in ("both", "postgresql"):
        with tempfile.TemporaryDirectory(prefix="candor-load-") as d, postgres() as url:
            ok &= run("PostgreSQL 15 (throwaway server)", url, Path(d), args)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
