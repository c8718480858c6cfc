#!/usr/bin/env python3
"""Run the CUDA kernels of the native suite on a real NVIDIA GPU against the NumPy references.

  here:  python tests/gpu/suite_on_gpu.py prepare --out DIR
         writes one nvcc harness per suite kernel file (all of its shape cases) and DIR/cases.json;
         needs the xpiler package (parser) but no GPU.
  GPU:   python3 tests/gpu/suite_on_gpu.py run --dir DIR [--seed 1] [--json OUT]
         needs only python3 with numpy and nvcc: builds the harnesses (-arch=sm_90), draws inputs
         with the suite's own input generator, runs each case, compares with the operator's float64
         reference and tolerance, prints a table and a count.
Inputs are generated on the GPU machine, so no tensor data travels.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SCALAR_CTYPES = {"int": ("int32", 4), "unsigned": ("uint32", 4), "unsigned int": ("uint32", 4), "float": ("float32", 4),
                 "long": ("int64", 8), "long long": ("int64", 8), "size_t": ("uint64", 8), "int64_t": ("int64", 8),
                 "int32_t": ("int32", 4), "double": ("float64", 8)}
ITEMSIZE = {"float32": 4, "float16": 2, "int32": 4, "int8": 1, "uint8": 1, "int16": 2, "float64": 8, "bfloat16": 2}


def load_module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


# ------------------------------------------------------------------------------------------ prepare
def cmd_prepare(args) -> int:
    sys.path.insert(0, str(ROOT))
    from xpiler.source.loader import load_source
    from xpiler.suite.manifest import discover
    from xpiler.suite.operators import BY_NAME
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    (out / "kernels").mkdir(parents=True)
    for module in ("operators.py", "tolerance.py"):   # pure NumPy: the GPU side imports them by path
        shutil.copy(ROOT / "xpiler" / "suite" / module, out / module)
    cases, per_file = [], {}
    root = Path(args.suite).resolve() if getattr(args, "suite", None) else ROOT / "suite" / "kernels"
    for k in discover(root, models=["cuda"]):
        src = load_source(str(k.path))
        fn = src.info.function(k.meta["entry"].split("<")[0].strip())
        op = BY_NAME[k.operator]
        tensors = {t.name: t for t in op.tensors}
        layout, offset = [], 0
        for p, name in zip(fn.params, k.meta["args"]):
            if name in tensors:
                dtype = k.dtype(name)
                dims = [int(d) for d in tensors[name].dims(k.shape)]
                n = 1
                for d in dims:
                    n *= d
                nbytes = n * ITEMSIZE[dtype]
                layout.append({"name": name, "tensor": True, "dtype": dtype, "dims": dims, "offset": offset,
                               "nbytes": nbytes, "ctype": ("const " if p.is_const else "") + p.ctype + "*"})
            else:
                dtype, nbytes = SCALAR_CTYPES[" ".join(p.ctype.split())]
                layout.append({"name": name, "tensor": False, "dtype": dtype, "value": k.shape[name],
                               "offset": offset, "nbytes": nbytes, "ctype": p.ctype})
            offset += nbytes + (-(offset + nbytes)) % 64
        rel = k.path.relative_to(root)
        case_id = f"{rel.with_suffix('').as_posix().replace('/', '__')}__{k.case}"
        launch = k.launch
        cases.append({"id": case_id, "file": rel.as_posix(), "operator": k.operator, "shape": k.shape,
                      "dtypes": k.meta.get("dtypes", {}), "layout": layout, "bytes": offset,
                      "tolerance": k.tolerance, "launch": launch})
        per_file.setdefault(rel.as_posix(), []).append((case_id, k.meta["entry"], layout, launch, offset))
    for rel, items in per_file.items():
        dest = out / "kernels" / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / rel, dest)
        (out / ("harness__" + rel.replace("/", "__").replace(".cu", "") + ".cu")).write_text(_harness(rel, items))
    (out / "cases.json").write_text(json.dumps(cases, indent=1))
    print(f"prepared {len(cases)} cases in {len(per_file)} harnesses under {out}")
    return 0


def _harness(rel: str, items) -> str:
    funcs, table = [], []
    for case_id, entry, layout, launch, total in items:
        body, call = [], []
        for i, a in enumerate(layout):
            if a["tensor"]:
                body.append(f"  void* d{i} = 0; CK(cudaMalloc(&d{i}, {max(a['nbytes'], 1)}));")
                body.append(f"  CK(cudaMemcpy(d{i}, data + {a['offset']}, {a['nbytes']}, cudaMemcpyHostToDevice));")
                call.append(f"({a['ctype']})d{i}")
            else:
                call.append(f"*({a['ctype']}*)(data + {a['offset']})")
        g, b, s = launch["grid"], launch["block"], launch.get("shared", 0)
        if s > 48 * 1024:
            body.append(f"  CK(cudaFuncSetAttribute({entry}, cudaFuncAttributeMaxDynamicSharedMemorySize, {s}));")
        body.append(f"  {entry}<<<dim3({g[0]}, {g[1]}, {g[2]}), dim3({b[0]}, {b[1]}, {b[2]}), {s}>>>({', '.join(call)});")
        body.append("  CK(cudaGetLastError()); CK(cudaDeviceSynchronize());")
        for i, a in enumerate(layout):
            if a["tensor"]:
                body.append(f"  CK(cudaMemcpy(data + {a['offset']}, d{i}, {a['nbytes']}, cudaMemcpyDeviceToHost)); CK(cudaFree(d{i}));")
        fname = "case_" + case_id.replace("-", "_")
        funcs.append(f"static int {fname}(char* data) {{\n" + "\n".join(body) + "\n  return 0;\n}")
        table.append(f'  {{"{case_id}", {fname}}},')
    return f'''// generated by tests/gpu/suite_on_gpu.py
#include <cstdio>
#include <cstring>
#include <vector>
#include <cuda_runtime.h>
#include "kernels/{rel}"
#define CK(x) do {{ cudaError_t e_ = (x); if (e_ != cudaSuccess) {{ fprintf(stderr, "%s (%s:%d)\\n", cudaGetErrorString(e_), __FILE__, __LINE__); return 1; }} }} while (0)
{chr(10).join(funcs)}
struct Case {{ const char* id; int (*fn)(char*); }};
static const Case kCases[] = {{
{chr(10).join(table)}
}};
// usage: harness CASE_ID IN OUT
int main(int argc, char** argv) {{
  if (argc != 4) return 2;
  FILE* f = fopen(argv[2], "rb");
  if (!f) return 2;
  std::vector<char> data;
  char buf[1 << 16]; size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) data.insert(data.end(), buf, buf + n);
  fclose(f);
  for (const Case& c : kCases)
    if (!strcmp(c.id, argv[1])) {{
      int rc = c.fn(data.data());
      if (rc) return rc;
      FILE* o = fopen(argv[3], "wb");
      fwrite(data.data(), 1, data.size(), o);
      fclose(o);
      return 0;
    }}
  return 2;
}}
'''


# ------------------------------------------------------------------------------------------ run (GPU)
def _nvcc(src: Path) -> tuple[Path, bool, str]:
    exe = src.with_suffix("")
    p = subprocess.run(["nvcc", "-arch=sm_90", "-O2", "-std=c++17", "-I", str(src.parent), "-o", str(exe), str(src)],
                       capture_output=True, text=True)
    return exe, p.returncode == 0, (p.stdout + p.stderr)[-2000:]


def cmd_run(args) -> int:
    import numpy as np
    d = Path(args.dir).resolve()
    ops = load_module("suite_operators", d / "operators.py")
    tol = load_module("suite_tolerance", d / "tolerance.py")
    cases = json.loads((d / "cases.json").read_text())
    harnesses = sorted(d.glob("harness__*.cu"))
    t0 = time.time()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        built = {h.stem: r for h, r in zip(harnesses, pool.map(_nvcc, harnesses))}
    print(f"nvcc: {sum(ok for _e, ok, _l in built.values())}/{len(built)} harnesses built in {time.time() - t0:.0f} s",
          flush=True)
    results = []
    for c in cases:
        op = ops.BY_NAME[c["operator"]]
        hname = "harness__" + c["file"].replace("/", "__").replace(".cu", "")
        exe, ok, log = built[hname]
        res = {"id": c["id"], "operator": c["operator"], "status": "pass", "max_abs_err": 0.0, "message": ""}
        results.append(res)
        if not ok:
            res.update(status="error", message="nvcc: " + log.strip().splitlines()[-1] if log.strip() else "nvcc failed")
            continue
        values = ops.case_inputs(op, c["shape"], lambda t: c["dtypes"].get(t, "float32"),
                                 np.random.default_rng(args.seed))
        blob = bytearray(c["bytes"])
        for a in c["layout"]:
            arr = np.asarray(values[a["name"]] if a["tensor"] else a["value"]).astype(a["dtype"])
            blob[a["offset"]:a["offset"] + a["nbytes"]] = arr.tobytes()
        inp, outp = d / f"{c['id']}.in.bin", d / f"{c['id']}.out.bin"
        inp.write_bytes(bytes(blob))
        p = subprocess.run([str(exe), c["id"], str(inp), str(outp)], capture_output=True, text=True, timeout=120)
        inp.unlink()
        if p.returncode != 0:
            res.update(status="error", message=(p.stderr or p.stdout).strip()[-300:])
            continue
        raw = outp.read_bytes()
        outp.unlink()
        ref_in = {t.name: values[t.name].astype(np.float64) for t in op.tensors if t.role != "out"}
        expected = op.reference(ref_in, c["shape"])
        for a in c["layout"]:
            if not a["tensor"] or a["name"] not in expected:
                continue
            got = np.frombuffer(raw[a["offset"]:a["offset"] + a["nbytes"]], dtype=a["dtype"]).astype(np.float64)
            ref = expected[a["name"]].reshape(-1)
            rtol, atol = c["tolerance"][a["name"]]
            worst, max_err, i = tol.compare(got, ref, rtol, atol)
            res["max_abs_err"] = max(res["max_abs_err"], max_err)
            if not worst <= 1.0:
                res.update(status="fail", message=f"{a['name']}[{i}] = {got[i]!r}, expected {ref[i]!r}")
    by_op = {}
    for r in results:
        s = by_op.setdefault(r["operator"], [0, 0, 0.0])
        s[0] += r["status"] == "pass"
        s[1] += 1
        s[2] = max(s[2], r["max_abs_err"])
    for name, (p_, n_, e_) in by_op.items():
        print(f"{name:20s} {p_}/{n_} pass   max err {e_:.2e}")
    for r in results:
        if r["status"] != "pass":
            print(f"{r['status']}: {r['id']}: {r['message']}")
    passed = sum(r["status"] == "pass" for r in results)
    print(f"GPU: {passed}/{len(results)} CUDA suite cases pass ({time.time() - t0:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0 if passed == len(results) else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--out", required=True)
    p.add_argument("--suite", help="kernel root to take CUDA files from (default: suite/kernels)")
    p.set_defaults(func=cmd_prepare)
    r = sub.add_parser("run")
    r.add_argument("--dir", required=True)
    r.add_argument("--seed", type=int, default=1)
    r.add_argument("--json")
    r.set_defaults(func=cmd_run)
    args = ap.parse_args()
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
