#!/usr/bin/env python3
"""Cross-check the CPU engine against a real NVIDIA GPU on the CUDA and the HIP feature kernels.

Three steps, the middle one on the GPU machine:

  1. here:  python tests/gpu/crosscheck.py cpu --out DIR [--model cuda|hip|all]
            runs every case of tests/kernels/cuda/cases.py (CUDA engine) and/or of
            tests/kernels/hip/cases.py (HIP engine, the wave-size-independent kernels) on the CPU
            engine (fixed seeds) and writes DIR/manifest.json, DIR/<case>.in.bin (inputs),
            DIR/<case>.cpu.bin (CPU engine outputs), DIR/kernels/*.cu and DIR/kernels/hip/*.hip
            (copies), DIR/gpu/hip_to_cuda.h (the HIP -> CUDA mapping the .hip files include under
            __NVCC__) and DIR/harness_<file>.cu / DIR/harness_hip_<file>.cu (one CUDA driver per kernel
            file; a HIP one includes the .hip file, so nvcc compiles it as CUDA through hip_to_cuda.h).
            `python tests/gpu/crosscheck.py build --in DIR` compiles the harnesses with nvcc (no GPU).
  2. GPU:   python3 tests/gpu/crosscheck.py gpu --in DIR --out OUT
            needs only python3 (standard library) and nvcc: compiles the harnesses with
            `nvcc -x cu -arch=sm_90`, runs every case with the same inputs and launch configurations, and
            writes OUT/gpu_outputs.tar (one <case>.gpu.bin per case) and OUT/gpu_log.json.
  3. here:  python tests/gpu/crosscheck.py compare --in DIR --gpu OUT [--model cuda|hip|all]
            prints, per case and output, the max abs/rel (and ulp) difference between the CPU engine
            and the GPU, a verdict against the case's tolerance, and whether the GPU's own outputs
            pass the case's NumPy reference check.

Binary files hold the arguments back to back in the runner's layout (each at a 64-byte aligned
offset, in the C type's bytes; bfloat16 as its 16-bit pattern), so the GPU side needs no numpy.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KERNELS = ROOT / "tests" / "kernels" / "cuda"
HIP_KERNELS = ROOT / "tests" / "kernels" / "hip"
HIP_TO_CUDA = ROOT / "tests" / "gpu" / "hip_to_cuda.h"
MODELS = ("cuda", "hip")


# ================================================================================================ cpu
def _layout(fn, args: dict):
    """[(param, storage dtype name, offset, nbytes, shape, array)], total bytes; the runner's layout."""
    import numpy as np

    from xpiler import dtypes
    out, offset = [], 0
    for p in fn.params:
        value = args[p.name]
        storage = dtypes.numpy_name(p.ctype)
        arr = dtypes.to_storage(value, storage)
        if p.is_pointer and arr.ndim == 0:
            arr = arr.reshape(1)
        out.append((p, storage, offset, arr.nbytes, list(np.asarray(value).shape), arr))
        offset += arr.nbytes
        offset += (-offset) % 64
    return out, offset


def _blob(layout, total, values: dict | None = None) -> bytes:
    import numpy as np

    from xpiler import dtypes
    data = bytearray(total)
    for p, storage, off, nbytes, _shape, arr in layout:
        if values is not None:
            if not p.is_pointer:
                continue
            arr = dtypes.to_storage(values[p.name], storage).reshape(-1)
        data[off:off + nbytes] = np.ascontiguousarray(arr).tobytes()
    return bytes(data)


def _c_type(p) -> str:
    return ("const " if p.is_const else "") + p.ctype + "*" * p.pointer_depth


def _case_function(c, fn, layout, is_kernel: bool, launch) -> str:
    ident = "case_" + c.name
    lines = [f"static int {ident}(char* data) {{", f'  const char* cname = "{c.name}";', "  (void)cname;"]
    call_args = []
    for i, (p, _storage, off, nbytes, _shape, _arr) in enumerate(layout):
        if not p.is_pointer:
            call_args.append(f"*({p.ctype}*)(data + {off})")
        elif is_kernel:
            lines.append(f"  void* d{i} = nullptr;")
            lines.append(f"  CK(cudaMalloc(&d{i}, {max(nbytes, 1)}));")
            lines.append(f"  CK(cudaMemcpy(d{i}, data + {off}, {nbytes}, cudaMemcpyHostToDevice));")
            call_args.append(f"({_c_type(p)})d{i}")
        else:
            call_args.append(f"({_c_type(p)})(data + {off})")
    args = ", ".join(call_args)
    if is_kernel:
        g, b, s = launch.grid, launch.block, launch.shared_bytes
        lines.append(f"  {c.entry}<<<dim3({g[0]}, {g[1]}, {g[2]}), dim3({b[0]}, {b[1]}, {b[2]}), {s}>>>({args});")
        lines.append("  CK(cudaGetLastError());")
        lines.append("  CK(cudaDeviceSynchronize());")
        for i, (p, _storage, off, nbytes, _shape, _arr) in enumerate(layout):
            if p.is_pointer:
                lines.append(f"  CK(cudaMemcpy(data + {off}, d{i}, {nbytes}, cudaMemcpyDeviceToHost));")
                lines.append(f"  CK(cudaFree(d{i}));")
    else:
        lines.append(f"  {c.entry}({args});")
        lines.append("  CK(cudaDeviceSynchronize());")
        lines.append("  CK(cudaGetLastError());")
    lines += ["  return 0;", "}"]
    return "\n".join(lines)


HARNESS_MAIN = r'''
static std::vector<char> read_all(const std::string& path) {
  std::vector<char> v;
  FILE* f = fopen(path.c_str(), "rb");
  if (!f) return v;
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) v.insert(v.end(), buf, buf + n);
  fclose(f);
  return v;
}

struct CaseEntry { const char* name; int (*fn)(char*); size_t bytes; };

// usage: harness IN_DIR OUT_DIR [case...]; prints one JSON line per case
int main(int argc, char** argv) {
  if (argc < 3) { fprintf(stderr, "usage: %s IN_DIR OUT_DIR [case...]\n", argv[0]); return 2; }
  int failures = 0;
  for (const CaseEntry& c : kCases) {
    bool wanted = argc == 3;
    for (int i = 3; i < argc; ++i) wanted |= !strcmp(argv[i], c.name);
    if (!wanted) continue;
    std::vector<char> data = read_all(std::string(argv[1]) + "/" + c.name + ".in.bin");
    if (data.size() != c.bytes) {
      printf("{\"case\":\"%s\",\"ok\":false,\"error\":\"input file missing or of the wrong size\"}\n", c.name);
      ++failures;
      continue;
    }
    cudaEvent_t t0, t1;
    cudaEventCreate(&t0);
    cudaEventCreate(&t1);
    cudaEventRecord(t0);
    int rc = c.fn(data.data());
    cudaEventRecord(t1);
    cudaEventSynchronize(t1);
    float ms = 0;
    cudaEventElapsedTime(&ms, t0, t1);
    if (rc == 0) {
      FILE* f = fopen((std::string(argv[2]) + "/" + c.name + ".gpu.bin").c_str(), "wb");
      if (!f || fwrite(data.data(), 1, data.size(), f) != data.size()) rc = 1;
      if (f) fclose(f);
    }
    printf("{\"case\":\"%s\",\"ok\":%s,\"ms\":%.3f}\n", c.name, rc == 0 ? "true" : "false", ms);
    fflush(stdout);
    failures += rc != 0;
    cudaDeviceReset();
  }
  return failures ? 1 : 0;
}
'''


def _kernel_rel(model: str, file: str) -> str:
    """Where a kernel file lies inside DIR: kernels/<file> (CUDA), kernels/hip/<file> (HIP, so that its
    `#include "../../gpu/hip_to_cuda.h"` finds DIR/gpu/hip_to_cuda.h)."""
    return f"kernels/{file}" if model == "cuda" else f"kernels/{model}/{file}"


def _harness_name(model: str, file: str) -> str:
    return f"harness_{Path(file).stem}.cu" if model == "cuda" else f"harness_{model}_{Path(file).stem}.cu"


def _harness(file: str, funcs: list[str], entries: list[tuple[str, int]]) -> str:
    head = [f"// generated by tests/gpu/crosscheck.py: runs the cases of {file} on the GPU",
            "#include <cstdio>", "#include <cstdlib>", "#include <cstring>", "#include <string>", "#include <vector>",
            "#include <cuda_runtime.h>", f'#include "{file}"',
            "#define CK(x) do { cudaError_t e_ = (x); if (e_ != cudaSuccess) { fprintf(stderr, \"%s: %s (%s:%d)\\n\", "
            "cname, cudaGetErrorString(e_), __FILE__, __LINE__); return 1; } } while (0)", ""]
    table = ["static const CaseEntry kCases[] = {"] + [f'  {{"{n}", case_{n}, {b}}},' for n, b in entries] + ["};"]
    main_head, main_tail = HARNESS_MAIN.split("// usage:")
    return "\n".join(head) + "\n" + main_head + "\n\n".join(funcs) + "\n\n" + "\n".join(table) + "\n\n// usage:" + main_tail


def _load_cases(model: str = "cuda"):
    """The cases module of a model, imported under its own name (cuda_cases / hip_cases): both files
    are called cases.py, and the test files import the CUDA one as `cases`."""
    import importlib.util
    name = f"{model}_cases"
    if name in sys.modules:
        return sys.modules[name]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    path = (KERNELS if model == "cuda" else HIP_KERNELS) / "cases.py"
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        spec.loader.exec_module(mod)
    except BaseException:
        del sys.modules[name]
        raise
    return mod


def _models(arg: str) -> list[str]:
    return list(MODELS) if arg == "all" else [arg]


def cmd_cpu(args) -> int:
    import xpiler
    from xpiler.source.loader import load_source
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "kernels").mkdir(exist_ok=True)
    wanted = set(args.cases.split(",")) if args.cases else None
    selected = [(model, c) for model in _models(args.model) for c in _load_cases(model).CASES
                if wanted is None or c.name in wanted]
    if wanted is not None and wanted - {c.name for _m, c in selected}:
        print(f"unknown cases: {', '.join(sorted(wanted - {c.name for _m, c in selected}))}", file=sys.stderr)
        return 2
    manifest = {"created": time.strftime("%Y-%m-%d %H:%M:%S"), "cases": []}
    per_file: dict[tuple[str, str], tuple[list[str], list]] = {}
    for model, c in selected:
        src = load_source(c.path)
        fn = src.info.function(c.entry.split("<")[0].strip())
        is_kernel = fn in src.kernels
        inputs = c.inputs(c.rng())
        t0 = time.perf_counter()
        r = xpiler.run(src, entry=c.entry, args=inputs, launch=c.launch)
        status = "ok" if r.ok else f"error: {r.error}"
        print(f"cpu  {model:4s} {c.name:32s} {status}  ({time.perf_counter() - t0:.2f} s)")
        layout, total = _layout(fn, inputs)
        (out / f"{c.name}.in.bin").write_bytes(_blob(layout, total))
        if r.ok:
            (out / f"{c.name}.cpu.bin").write_bytes(_blob(layout, total, r.outputs))
        launch = r.launch
        funcs, entries = per_file.setdefault((model, c.file), ([], []))
        funcs.append(_case_function(c, fn, layout, is_kernel, launch))
        entries.append((c.name, total))
        manifest["cases"].append({
            "name": c.name, "model": model, "file": c.file, "entry": c.entry, "is_kernel": is_kernel, "cpu_ok": r.ok,
            "cpu_error": None if r.ok else str(r.error), "bytes": total,
            "launch": None if launch is None else {"grid": list(launch.grid), "block": list(launch.block),
                                                   "shared_bytes": launch.shared_bytes},
            "params": [{"name": p.name, "ctype": p.ctype, "pointer": p.is_pointer, "const": p.is_const,
                        "storage": storage, "offset": off, "nbytes": nbytes, "shape": shape}
                       for p, storage, off, nbytes, shape, _arr in layout]})
    for (model, file), (funcs, entries) in per_file.items():
        rel = _kernel_rel(model, file)
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy((KERNELS if model == "cuda" else HIP_KERNELS) / file, out / rel)
        if model == "hip":
            (out / "gpu").mkdir(exist_ok=True)
            shutil.copy(HIP_TO_CUDA, out / "gpu" / HIP_TO_CUDA.name)
        (out / _harness_name(model, file)).write_text(_harness(rel, funcs, entries))
    manifest["harnesses"] = [_harness_name(m, f) for m, f in per_file]
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"wrote {len(selected)} cases and {len(per_file)} harnesses to {out}")
    return 0 if all(c["cpu_ok"] for c in manifest["cases"]) else 1


# ================================================================================================ gpu
def _nvcc(src: Path, exe: Path, arch: str, link: bool = True) -> tuple[bool, str, float]:
    # -x cu: the harness includes its kernel file (.cu, or .hip compiled as CUDA through hip_to_cuda.h)
    cmd = ["nvcc", "-x", "cu", f"-arch={arch}", "-O2", "-std=c++17", "-I", str(src.parent), "-o", str(exe), str(src)]
    if not link:
        cmd.insert(1, "-c")
    t0 = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode == 0, (p.stdout + p.stderr)[-4000:], time.perf_counter() - t0


def _build_all(indir: Path, bindir: Path, arch: str, link: bool = True) -> dict:
    manifest = json.loads((indir / "manifest.json").read_text())
    bindir.mkdir(parents=True, exist_ok=True)
    jobs = {h: bindir / (Path(h).stem + (".o" if not link else "")) for h in manifest["harnesses"]}
    with ThreadPoolExecutor(max_workers=min(8, os.cpu_count() or 2)) as pool:
        futs = {h: pool.submit(_nvcc, indir / h, exe, arch, link) for h, exe in jobs.items()}
        results = {h: f.result() for h, f in futs.items()}
    for h, (ok, log, secs) in results.items():
        print(f"nvcc {h:32s} {'ok' if ok else 'FAILED'} ({secs:.1f} s)")
        if not ok:
            print(log)
    return {h: {"ok": ok, "log": log, "seconds": round(secs, 2), "exe": str(jobs[h])} for h, (ok, log, secs) in results.items()}


def cmd_build(args) -> int:
    """Compile every harness (with the kernel files it includes) with nvcc; needs no GPU."""
    import tempfile
    indir = Path(args.indir)
    with tempfile.TemporaryDirectory(prefix="xpiler-crosscheck-") as tmp:
        built = _build_all(indir, Path(args.bin or tmp), args.arch, link=not args.compile_only)
    return 0 if all(b["ok"] for b in built.values()) else 1


def cmd_gpu(args) -> int:
    indir, out = Path(args.indir), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(args.work or (out / "work"))
    bindir, res = work / "bin", work / "results"
    res.mkdir(parents=True, exist_ok=True)
    log: dict = {"started": time.strftime("%Y-%m-%d %H:%M:%S"), "arch": args.arch}
    try:
        log["nvidia_smi"] = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version,compute_cap",
                                            "--format=csv,noheader"], capture_output=True, text=True).stdout.strip()
    except OSError as e:
        log["nvidia_smi"] = f"unavailable: {e}"
    try:
        log["nvcc"] = subprocess.run(["nvcc", "--version"], capture_output=True, text=True).stdout.strip().splitlines()[-1]
    except OSError as e:
        log["nvcc"] = f"unavailable: {e}"
        print("nvcc not found", file=sys.stderr)
    log["build"] = _build_all(indir, bindir, args.arch)
    log["cases"] = {}
    for h, b in log["build"].items():
        if not b["ok"]:
            continue
        p = subprocess.run([b["exe"], str(indir), str(res)], capture_output=True, text=True, timeout=args.timeout)
        for line in p.stdout.splitlines():
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            log["cases"][rec["case"]] = rec
            print(f"gpu  {rec['case']:32s} {'ok' if rec['ok'] else 'FAILED'}")
        if p.returncode != 0:
            log.setdefault("run_errors", {})[h] = (p.stderr or "")[-4000:]
            print(p.stderr[-2000:], file=sys.stderr)
    with tarfile.open(out / "gpu_outputs.tar", "w") as tar:
        for f in sorted(res.glob("*.gpu.bin")):
            tar.add(f, arcname=f.name)
    (out / "gpu_log.json").write_text(json.dumps(log, indent=1))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    n_ok = sum(1 for r in log["cases"].values() if r.get("ok"))
    print(f"{n_ok} of {len(json.loads((indir / 'manifest.json').read_text())['cases'])} cases ran on the GPU; "
          f"outputs in {out / 'gpu_outputs.tar'}")
    return 0 if n_ok else 1


# ================================================================================================ compare
def _decode(raw: bytes, case: dict) -> dict:
    import numpy as np

    from xpiler import dtypes
    out = {}
    for p in case["params"]:
        if not p["pointer"]:
            continue
        storage = p["storage"]
        dt = np.uint16 if storage == "bfloat16" else np.dtype(storage)
        arr = np.frombuffer(raw[p["offset"]:p["offset"] + p["nbytes"]], dtype=dt).copy()
        out[p["name"]] = dtypes.from_storage(arr, storage).reshape(p["shape"] or (1,))
    return out


def _ulp_diff(a, b):
    """Distance in units of the float format (float32 or float16) between equal-typed arrays."""
    import numpy as np
    if a.dtype == np.float32:
        ia, ib = a.view(np.int32).astype(np.int64), b.view(np.int32).astype(np.int64)
        ia = np.where(ia < 0, -(ia & 0x7FFFFFFF), ia)
        ib = np.where(ib < 0, -(ib & 0x7FFFFFFF), ib)
    elif a.dtype == np.float16:
        ia, ib = a.view(np.int16).astype(np.int64), b.view(np.int16).astype(np.int64)
        ia = np.where(ia < 0, -(ia & 0x7FFF), ia)
        ib = np.where(ib < 0, -(ib & 0x7FFF), ib)
    else:
        return None
    both = ~(np.isnan(a) | np.isnan(b))
    return np.abs(ia - ib)[both]


def _diff(cpu, gpu, tol):
    import numpy as np
    if cpu.shape != gpu.shape:
        return {"verdict": "SHAPE", "text": f"shapes {cpu.shape} vs {gpu.shape}"}
    if cpu.dtype.kind in "iub":
        n = int((cpu != gpu).sum())
        d = np.abs(cpu.astype(np.int64) - gpu.astype(np.int64)).max() if cpu.size else 0
        return {"verdict": "exact" if n == 0 else "DIFF", "text": f"{n} of {cpu.size} differ (max |d| {d})"}
    c, g = cpu.astype(np.float64), gpu.astype(np.float64)
    nan_mismatch = int((np.isnan(c) != np.isnan(g)).sum())
    fin = ~(np.isnan(c) | np.isnan(g))
    with np.errstate(invalid="ignore", divide="ignore"):
        same = (c[fin] == g[fin])
        d = np.abs(c[fin] - g[fin])
        d[same] = 0
        rel = d / np.maximum(np.abs(c[fin]), 1e-30)
    ulp = _ulp_diff(cpu, gpu) if cpu.dtype in (np.float32, np.float16) else None
    max_abs = float(d.max()) if d.size else 0.0
    max_rel = float(rel.max()) if rel.size else 0.0
    text = f"max abs {max_abs:.3g}  max rel {max_rel:.3g}"
    if ulp is not None and ulp.size:
        text += f"  max ulp {int(ulp.max())}"
    if nan_mismatch:
        text += f"  NaN mismatches {nan_mismatch}"
    if nan_mismatch == 0 and (same.all() if same.size else True):
        verdict = "exact"
    else:
        atol, rtol = tol if tol else (1e-6, 1e-6)
        ok = nan_mismatch == 0 and bool(np.all(d <= atol + rtol * np.abs(c[fin])))
        verdict = "close" if ok else "DIFF"
    return {"verdict": verdict, "text": text}


def cmd_compare(args) -> int:
    import numpy as np
    indir, gdir = Path(args.indir), Path(args.gpu)
    manifest = json.loads((indir / "manifest.json").read_text())
    models = _models(args.model)
    manifest["cases"] = [c for c in manifest["cases"] if c.get("model", "cuda") in models]
    by_name = {}
    for m in {c.get("model", "cuda") for c in manifest["cases"]}:
        by_name.update(_load_cases(m).BY_NAME)
    gpu_raw: dict[str, bytes] = {}
    tar_path = gdir / "gpu_outputs.tar" if gdir.is_dir() else gdir
    with tarfile.open(tar_path) as tar:
        for m in tar.getmembers():
            gpu_raw[m.name.replace(".gpu.bin", "")] = tar.extractfile(m).read()
    log_path = (gdir if gdir.is_dir() else gdir.parent) / "gpu_log.json"
    if log_path.exists():
        log = json.loads(log_path.read_text())
        print(f"GPU: {log.get('nvidia_smi', '?')}   nvcc: {log.get('nvcc', '?')}   arch {log.get('arch')}")
    report, bad = [], 0
    for case in manifest["cases"]:
        name = case["name"]
        c = by_name.get(name)
        if not case["cpu_ok"] or name not in gpu_raw:
            why = f"the CPU engine failed: {case['cpu_error']}" if not case["cpu_ok"] else "no GPU output"
            print(f"\n{name}: {why}")
            bad += 1
            continue
        cpu = _decode((indir / f"{name}.cpu.bin").read_bytes(), case)
        gpu = _decode(gpu_raw[name], case)
        inputs = _decode((indir / f"{name}.in.bin").read_bytes(), case)
        for p in case["params"]:
            if not p["pointer"]:
                inputs[p["name"]] = _scalar((indir / f"{name}.in.bin").read_bytes(), p)
        print(f"\n{name}  ({case['file']} {case['entry']})")
        changed = [p["name"] for p in case["params"] if p["pointer"]
                   and not np.array_equal(cpu[p["name"]], inputs[p["name"]], equal_nan=True)]
        for out in changed:
            a, b = cpu[out], gpu[out]
            if c and out in c.unordered:
                a, b = np.sort(a.ravel()), np.sort(b.ravel())
            tol = c.gpu_tol.get(out) if c else None
            res = _diff(a, b, tol)
            info = c and out in c.gpu_informational
            verdict = res["verdict"] + (" (informational)" if info else "")
            if res["verdict"] in ("DIFF", "SHAPE") and not info:
                bad += 1
            print(f"  {out:16s} {verdict:24s} {res['text']}")
            report.append({"case": name, "output": out, **res, "informational": bool(info)})
            if name == "math_fast_intrinsics" and out == "out":
                math_names = _load_cases("cuda").MATH_NAMES
                for k, fname in enumerate(math_names):
                    row = _diff(a.reshape(len(math_names), -1)[k], b.reshape(len(math_names), -1)[k], tol)
                    print(f"      {fname:14s} {row['verdict']:8s} {row['text']}")
        if c:
            try:
                c.check(inputs, gpu)
                print("  NumPy reference check on the GPU outputs: pass")
            except AssertionError as e:
                print(f"  NumPy reference check on the GPU outputs: FAIL: {str(e).splitlines()[0][:300]}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    print(f"\n{len(manifest['cases'])} cases; {bad} outputs outside tolerance or missing")
    return 0 if bad == 0 else 1


def _scalar(raw: bytes, p: dict):
    import numpy as np
    return np.frombuffer(raw[p["offset"]:p["offset"] + p["nbytes"]], dtype=np.dtype(p["storage"]))[0].item()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("cpu", help="run the cases on the CPU engine; write inputs, outputs and harnesses")
    a.add_argument("--out", required=True)
    a.add_argument("--cases", help="comma-separated case names (default: all of the models chosen)")
    a.add_argument("--model", choices=("cuda", "hip", "all"), default="all",
                   help="which feature cases: tests/kernels/cuda/cases.py, tests/kernels/hip/cases.py, or both")
    a = sub.add_parser("build", help="compile the harnesses with nvcc (no GPU needed)")
    a.add_argument("--in", dest="indir", required=True)
    a.add_argument("--bin")
    a.add_argument("--arch", default="sm_90")
    a.add_argument("--compile-only", action="store_true")
    a = sub.add_parser("gpu", help="on the GPU machine: build, run, pack outputs (python3 + nvcc only)")
    a.add_argument("--in", dest="indir", required=True)
    a.add_argument("--out", required=True)
    a.add_argument("--arch", default="sm_90")
    a.add_argument("--work", help="keep binaries and per-case outputs here")
    a.add_argument("--timeout", type=float, default=300)
    a = sub.add_parser("compare", help="compare CPU engine and GPU outputs")
    a.add_argument("--in", dest="indir", required=True)
    a.add_argument("--gpu", required=True, help="the gpu step's --out folder (or its gpu_outputs.tar)")
    a.add_argument("--json", help="also write the comparison as JSON")
    a.add_argument("--model", choices=("cuda", "hip", "all"), default="all",
                   help="compare only the cases of this model (default: every case in DIR)")
    args = ap.parse_args(argv)
    return {"cpu": cmd_cpu, "build": cmd_build, "gpu": cmd_gpu, "compare": cmd_compare}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
