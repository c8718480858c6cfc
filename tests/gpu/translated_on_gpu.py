#!/usr/bin/env python3
"""Translated CUDA on a real GPU: every HIP, BANG and C suite file (smallest case, or every case) is
translated to CUDA here (verified on the CPU engine first); the verified outputs become a CUDA
"suite" with the launch the translation chose (`translate.suite.save_as_suite_file`; `xpiler bench
--translate --target cuda --save DIR` writes the same), and `suite_on_gpu.py` builds and checks them
on the GPU against the operator's NumPy reference.

  here:  python tests/gpu/translated_on_gpu.py prepare --out DIR [--jobs 2] [--subset all]
  GPU:   python3 tests/gpu/suite_on_gpu.py run --dir DIR/harness
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _one(k):
    from xpiler.translate.suite import translate_case
    try:
        tr = translate_case(k, "cuda", seeds=(1,))
    except Exception as e:
        return k, None, str(e)
    return k, tr, "" if tr.ok else tr.error


def cmd_prepare(args) -> int:
    sys.path.insert(0, str(ROOT))
    from xpiler.suite.lift_bench import subset_of
    from xpiler.suite.manifest import discover
    from xpiler.translate.suite import save_as_suite_file
    out = Path(args.out)
    kernels = subset_of(discover(models=["hip", "bang", "c"]), args.subset)
    done, failed = 0, []
    with ThreadPoolExecutor(args.jobs) as pool:
        for k, tr, err in pool.map(_one, kernels):
            if tr is None or not tr.ok:
                failed.append((f"{k.path}[{k.case}]", err))
                continue
            save_as_suite_file(k, tr, out / "suite")
            done += 1
    (out / "failed.json").write_text(json.dumps(failed, indent=1))
    kroot = out / "suite" / "cuda"
    print(f"{done} verified CUDA translations written under {kroot}; {len(failed)} not verified (failed.json)")
    return subprocess.call([sys.executable, str(HERE / "suite_on_gpu.py"), "prepare", "--out", str(out / "harness"),
                            "--suite", str(kroot)])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", required=True)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--subset", choices=["files", "all"], default="files", help="smallest case of each file, or every case")
    p.set_defaults(func=cmd_prepare)
    args = ap.parse_args()
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
