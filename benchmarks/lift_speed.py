"""Lifting time per kernel: every suite file (smallest case), lift only (no verification, no
compilation). Prints median / max and the slowest files.

    .venv/bin/python benchmarks/lift_speed.py [--model cuda ...]
"""
from __future__ import annotations

import argparse
import statistics
import time

from xpiler.lift.pipeline import lift
from xpiler.runner import pick_entry
from xpiler.source.loader import load_source
from xpiler.suite.bench import launch_of
from xpiler.suite.lift_bench import case_arguments, representative
from xpiler.suite.manifest import discover


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", action="append")
    args = ap.parse_args()
    times = []
    for k in representative(discover(models=args.model)):
        src = load_source(str(k.path), k.model)
        fn, _ = pick_entry(src, k.meta["entry"])
        a = case_arguments(k, 1, [p.name for p in fn.params])
        t0 = time.perf_counter()
        lift(src, k.meta["entry"], args=a, launch=launch_of(k.launch))
        times.append((time.perf_counter() - t0, f"{k.model}/{k.path.name}"))
    secs = [t for t, _ in times]
    print(f"{len(secs)} files: lift median {statistics.median(secs) * 1e3:.0f} ms, "
          f"mean {statistics.mean(secs) * 1e3:.0f} ms, max {max(secs) * 1e3:.0f} ms")
    for t, name in sorted(times, reverse=True)[:5]:
        print(f"  {t * 1e3:7.0f} ms  {name}")


if __name__ == "__main__":
    main()
