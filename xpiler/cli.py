"""Command line: `xpiler run`, `xpiler info`, `xpiler bench`."""
from __future__ import annotations

import argparse
import sys

import numpy as np

from .errors import XpilerError


def _triple(text: str) -> tuple[int, int, int]:
    vals = [int(v) for v in text.split(",") if v.strip()]
    if not 1 <= len(vals) <= 3:
        raise argparse.ArgumentTypeError(f"expected X[,Y[,Z]], got '{text}'")
    return tuple(vals + [1] * (3 - len(vals)))


def _scalar(text: str):
    try:
        return int(text, 0)
    except ValueError:
        return float(text)


def cmd_info(args) -> int:
    from .source.consteval import NotConstant
    from .source.loader import load_source
    src = load_source(args.file, args.platform)
    info = src.info
    print(f"file:     {src.path}")
    print(f"model:    {src.model.display_name} ({src.model.name})")
    print("kernels:" if src.kernels else "kernels:  none")
    for k in src.kernels:
        print(f"  {k.signature()}    [{k.location}]")
    hosts = info.host_functions()
    if hosts:
        print("host functions:" if src.kernels else "entry functions:")
        for f in hosts:
            print(f"  {f.signature()}    [{f.location}]")
    if info.launches:
        print("launches:")
        for site in info.launches:
            cfg_text = ", ".join(src.parsed.node_text(c) for c in site.config)
            ev = info.evaluator()
            try:
                launch = src.model.launch_from_config([ev.eval(c) for c in site.config[:src.model.launch_config_used]],
                                                     site.style)
                value = launch.describe()
            except (NotConstant, ValueError) as e:
                value = f"depends on run-time values ({getattr(e, 'what', e)})"
            print(f"  {site.kernel}<<<{cfg_text}>>> in {site.host_function or '?'} [{site.location}]: {value}")
    used = src.intrinsics_used()
    if used:
        print("intrinsics:")
        for name, count in used.items():
            print(f"  {name} x{count}")
    return 0


def _values(args, fn, rng) -> dict:
    """Arguments by parameter name from --inputs, --set and --random-size."""
    values = {}
    if args.inputs:
        with np.load(args.inputs) as data:
            values.update({k: data[k] for k in data.files})
    for item in args.set or []:
        name, _, val = item.partition("=")
        values[name] = _scalar(val)
    for p in fn.params:
        if p.name in values:
            continue
        if p.is_pointer and args.random_size:
            from .dtypes import numpy_name
            dt = numpy_name(p.ctype) or "float32"
            if dt in ("float32", "float64", "float16", "bfloat16"):
                values[p.name] = rng.standard_normal(args.random_size).astype("float32" if dt == "bfloat16" else dt)
            else:
                info = np.iinfo(dt)
                values[p.name] = rng.integers(max(info.min, -100), min(info.max, 100), args.random_size).astype(dt)
        else:
            raise XpilerError(f"no value for parameter '{p.describe()}' (use --inputs, --set or --random-size)")
    return values


def _launch(args):
    from .models.base import Launch
    if args.grid or args.block:
        return Launch(grid=args.grid or (1, 1, 1), block=args.block or (1, 1, 1), shared_bytes=args.shared or 0)
    if args.tasks:
        return Launch(grid=(args.tasks, 1, 1), func_type=args.func_type)
    return None


def cmd_run(args) -> int:
    from .runner import pick_entry, run
    from .source.loader import load_source
    src = load_source(args.file, args.platform)
    fn, entry_text = pick_entry(src, args.entry)
    values = _values(args, fn, np.random.default_rng(args.seed))
    launch = _launch(args)
    options = {"bang_arch": args.bang_arch} if args.bang_arch else {}
    result = run(src, entry=entry_text, args=values, launch=launch, timeout=args.timeout, options=options)
    print(f"entry:    {result.entry} ({src.model.display_name})")
    if result.launch:
        print(f"launch:   {result.launch.describe()}  [{result.launch_source}]")
    for note in result.notes:
        print(f"note:     {note}")
    if result.stdout:
        sys.stdout.write(result.stdout)
    if not result.ok:
        print(f"error:    {result.error}", file=sys.stderr)
        return 3
    print(f"time:     compile {result.compile_seconds:.2f} s, kernel {result.kernel_seconds * 1e3:.2f} ms, "
          f"total {result.wall_seconds:.2f} s")
    for name, arr in result.outputs.items():
        print(f"output:   {name} {arr.dtype}{list(arr.shape)} min {np.min(arr):.6g} max {np.max(arr):.6g}")
    if args.output:
        np.savez(args.output, **result.outputs)
        print(f"wrote:    {args.output}")
    return 0


def cmd_lift(args) -> int:
    from .lift.pipeline import lift
    from .runner import pick_entry
    from .source.loader import load_source
    from .suite.manifest import read_meta
    src = load_source(args.file, args.platform)
    try:
        meta = read_meta(src.path) if src.path != "<string>" else None
    except XpilerError:
        meta = None
    fn, entry_text = pick_entry(src, args.entry or _suite_entry(src))
    params = [p.name for p in fn.params]
    launch = _launch(args)
    suite_case = None
    if meta and not (args.set or args.inputs or args.random_size):
        from .suite.bench import launch_of
        from .suite.lift_bench import case_arguments, param_tolerance
        from .suite.manifest import SuiteKernel
        suite_case = SuiteKernel(src.path and __import__("pathlib").Path(src.path), meta, args.case)
        sets = [case_arguments(suite_case, s, params) for s in args.seeds]
        launch = launch or launch_of(suite_case.launch)
        tolerance = param_tolerance(suite_case, params)
    elif args.set or args.inputs or args.random_size:
        sets = [_values(args, fn, np.random.default_rng(s)) for s in args.seeds]
        tolerance = {}
    else:
        sets = []
    lifted = lift(src, entry_text, args=sets[0] if sets else None, launch=launch)
    from .ir.printer_c import print_c
    from .ir.printer_ir import print_ir
    text = print_ir(lifted.kernel) if args.emit_ir else print_c(lifted.kernel)
    verdict_line = "not verified: no inputs (a suite file, or --set/--random-size/--inputs, gives some)"
    ok = True
    if sets and not args.no_verify:
        from .ir.native import run_many
        from .runner import run
        from .verify import differential_test

        def reference(arg_sets):
            outs = []
            for a in arg_sets:
                r = run(src.path if src.path != "<string>" else src.text.decode(), platform=src.model.name,
                        entry=entry_text, args=[a[p] for p in params], launch=lifted.launch, timeout=args.timeout)
                if not r.ok:
                    raise RuntimeError(str(r.error))
                outs.append(r.outputs)
            return outs
        verdict = differential_test(reference, lambda a: run_many([(lifted.kernel, x) for x in a]), sets, tolerance)
        verdict_line = verdict.summary()
        ok = verdict.ok
    header = (f"/* lifted by xpiler from {src.path} ({src.model.display_name}), entry {entry_text}"
              + (f", launch {lifted.launch.describe()}" if lifted.launch else "") + "\n"
              f" * passes: {', '.join(f'{n} {t * 1e3:.0f} ms' for n, t in lifted.passes)}\n"
              f" * {verdict_line} */\n")
    if args.emit_ir:
        header = "".join("# " + l.strip(" /*") + "\n" for l in header.strip().splitlines())
    out_text = header + text
    if args.output:
        if not ok and not args.keep_unverified:
            print(f"error: {verdict_line}; nothing written (--keep-unverified writes it anyway)", file=sys.stderr)
            return 1
        from pathlib import Path
        Path(args.output).write_text(out_text)
        print(f"wrote {args.output}: {verdict_line}", file=sys.stderr)
    else:
        sys.stdout.write(out_text)
    return 0 if ok else 1


def _suite_entry(src) -> str | None:
    """The entry named in a suite file's metadata (with its template arguments), else None."""
    from pathlib import Path

    from .suite.manifest import read_meta
    try:
        return read_meta(Path(src.path)).get("entry") if src.path != "<string>" else None
    except (XpilerError, OSError):
        return None


def _argument_sets(args, src, fn, case: int = 0):
    """(arg sets, launch, tolerance, how) for verifying a file: its suite metadata, or the user's
    --set/--inputs/--random-size values over --seeds."""
    from pathlib import Path

    from .suite.manifest import read_meta
    params = [p.name for p in fn.params]
    try:
        meta = read_meta(Path(src.path)) if src.path != "<string>" else None
    except XpilerError:
        meta = None
    if meta and not (args.set or args.inputs or args.random_size):
        from .suite.bench import launch_of
        from .suite.lift_bench import case_arguments, param_tolerance
        from .suite.manifest import SuiteKernel
        k = SuiteKernel(Path(src.path), meta, case)
        return ([case_arguments(k, s, params) for s in args.seeds], _launch(args) or launch_of(k.launch),
                param_tolerance(k, params), f"suite case {case}")
    if args.set or args.inputs or args.random_size:
        return [_values(args, fn, np.random.default_rng(s)) for s in args.seeds], _launch(args), {}, "given inputs"
    return [], _launch(args), {}, ""


def _size_checks(args, src, fn) -> list:
    """A suite file's other cases, to check the translation at other sizes (unless --no-size-check
    or the user gave the inputs)."""
    from pathlib import Path

    from .suite.manifest import SuiteKernel, read_meta
    from .translate.suite import other_sizes
    if getattr(args, "no_size_check", False) or args.set or args.inputs or args.random_size or src.path == "<string>":
        return []
    try:
        meta = read_meta(Path(src.path))
    except XpilerError:
        return []
    if not meta or not meta.get("parametric", True):
        return []
    return other_sizes(SuiteKernel(Path(src.path), meta, args.case), [p.name for p in fn.params])


def cmd_translate(args) -> int:
    from pathlib import Path

    from .translate.driver import translate
    from .runner import pick_entry
    from .source.loader import load_source
    src_path = Path(args.source)
    if src_path.is_dir():
        return _translate_dir(args, src_path)
    src = load_source(args.source, args.source_model)
    fn, entry_text = pick_entry(src, args.entry or _suite_entry(src))
    if args.to == src.model.name:
        print(f"error: {args.source} is already {src.model.display_name}", file=sys.stderr)
        return 2
    if args.examine:
        return _examine(src, fn, args.to)
    sets, launch, tolerance, how = _argument_sets(args, src, fn, args.case)
    if not sets:
        raise XpilerError(f"{args.source}: no inputs to verify with; pass --set NAME=V / --random-size N "
                          "(or use a suite file)")
    tr = translate(src, args.to, sets, entry_text, launch, tolerance=tolerance, timeout=args.timeout,
                   other_sizes=_size_checks(args, src, fn))
    _report(tr, how)
    if args.output:
        if tr.emitted is None or (not tr.ok and not args.keep_unverified):
            print(f"error: not written: {tr.error or 'translation failed'} "
                  "(--keep-unverified writes a failed translation with a header saying so)", file=sys.stderr)
            return 1
        Path(args.output).write_text(tr.header() + tr.emitted.text)
        print(f"wrote {args.output}")
    elif tr.emitted is not None and (tr.ok or args.keep_unverified):
        sys.stdout.write(tr.header() + tr.emitted.text)
    return 0 if tr.ok else 1


def _report(tr, how: str) -> None:
    e = tr.emitted
    print(f"source:   {tr.source} ({tr.source_model}), entry {tr.entry}", file=sys.stderr)
    print(f"target:   {tr.target} ({tr.path or '-'} path)", file=sys.stderr)
    if e is not None:
        print(f"passes:   {', '.join(e.passes) or '-'}", file=sys.stderr)
        print(f"launch:   {e.launch.describe() if e.launch else 'host call'}", file=sys.stderr)
        print(f"uses:     {', '.join(sorted(e.features)) or 'scalar code only'}", file=sys.stderr)
        for n in e.notes:
            print(f"note:     {n}", file=sys.stderr)
    verdict = tr.verdict.summary() if tr.verdict else f"NOT verified: {tr.error}"
    print(f"verify:   {verdict} ({how})", file=sys.stderr)
    if tr.ok:
        print(f"{tr.sizes_summary().replace('sizes: ', 'sizes:    ', 1)}", file=sys.stderr)
        for label, why in tr.sizes_failed[:3]:
            print(f"          {label}: {why[:160]}", file=sys.stderr)
    times = ", ".join(f"{k} {v:.2f} s" for k, v in tr.seconds.items())
    print(f"time:     {times}", file=sys.stderr)


def _examine(src, fn, target) -> int:
    from .lift.pipeline import model_lifting
    print(f"source:     {src.path} ({src.model.display_name}), entry {fn.name}")
    print(f"target:     {target}")
    used = src.intrinsics_used()
    table = model_lifting(src.model.name)
    calls = getattr(table, "CALLS", {})
    intr = getattr(table, "INTRINSICS", {})
    for name, n in used.items():
        known = name in intr or name in calls or name.split("::")[-1] in calls
        print(f"intrinsic:  {name} x{n}: {'scalar semantics known' if known else 'NOT liftable yet'}")
    print(f"launches:   {len(src.info.launches)} in host code")
    print("nothing written (--examine)")
    return 0


def _translate_dir(args, root) -> int:
    import csv
    import json
    from pathlib import Path

    from .runner import pick_entry
    from .source.loader import load_source
    from .translate.driver import translate
    out_root = Path(args.out_root or "xpiler_out")
    ext = {"cuda": ".cu", "hip": ".hip", "bang": ".mlu", "c": ".c"}[args.to]
    rows = []
    files = sorted(p for p in root.rglob("*") if p.suffix in (".cu", ".hip", ".mlu", ".c", ".cpp"))
    for p in files:
        row = {"file": str(p), "status": "error", "sizes": "", "message": "", "output": ""}
        try:
            src = load_source(str(p), args.source_model)
            if src.model.name == args.to:
                row.update(status="skipped", message="already the target model")
                rows.append(row)
                continue
            fn, entry_text = pick_entry(src, args.entry or _suite_entry(src))
            sets, launch, tol, how = _argument_sets(args, src, fn, args.case)
            if not sets:
                row["message"] = "no inputs to verify with"
                rows.append(row)
                continue
            tr = translate(src, args.to, sets, entry_text, launch, tolerance=tol, timeout=args.timeout,
                           other_sizes=_size_checks(args, src, fn))
            row["status"] = "verified" if tr.ok else "failed"
            row["sizes"] = ("" if not tr.ok or tr.size_generic is None
                            else "all" if tr.size_generic else "specialised: " + ", ".join(f"{k}={v}" for k, v in tr.guards.items()))
            row["message"] = "" if tr.ok else tr.error[:200]
            if tr.emitted is not None and (tr.ok or args.keep_unverified):
                dst = out_root / p.relative_to(root).with_suffix(ext)
                dst.parent.mkdir(parents=True, exist_ok=True)
                dst.write_text(tr.header() + tr.emitted.text)
                row["output"] = str(dst)
        except XpilerError as e:
            row["message"] = str(e)[:200]
        rows.append(row)
        print(f"{row['status']:9} {p}" + (f"  ({row['message']})" if row["message"] else ""))
    out_root.mkdir(parents=True, exist_ok=True)
    (out_root / "report.json").write_text(json.dumps(rows, indent=1))
    with open(out_root / "report.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "status", "sizes", "message", "output"])
        w.writeheader()
        w.writerows(rows)
    ok = sum(r["status"] == "verified" for r in rows)
    print(f"{ok}/{len(rows)} verified; report: {out_root / 'report.json'}, {out_root / 'report.csv'}")
    return 0 if all(r["status"] in ("verified", "skipped") for r in rows) else 1


def _verification_args(p, seeds: list[int], timeout: float) -> None:
    """Inputs and launch for commands that verify against the source kernel (lift, translate)."""
    p.add_argument("--inputs", help=".npz with one array (or 0-d scalar) per parameter name")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="scalar parameter value")
    p.add_argument("--random-size", type=int, help="random inputs of this many elements for pointer parameters")
    p.add_argument("--seeds", type=int, nargs="+", default=seeds, help="one verification input set per seed")
    p.add_argument("--grid", type=_triple)
    p.add_argument("--block", type=_triple)
    p.add_argument("--shared", type=int, help="dynamic shared memory bytes")
    p.add_argument("--tasks", type=int, help="BANG task count (dim.x)")
    p.add_argument("--func-type", default="union1", help="BANG function type: block, union1, union2, ...")
    p.add_argument("--timeout", type=float, default=timeout)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="xpiler", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    info = sub.add_parser("info", help="show kernels, parameters, launches and intrinsics of a source file")
    info.add_argument("file")
    info.add_argument("--platform", help="cuda, hip, bang or c (default: detect)")
    info.set_defaults(func=cmd_info)
    r = sub.add_parser("run", help="run an entry point on its CPU engine")
    r.add_argument("file")
    r.add_argument("--entry", help="kernel or host function (default: the only kernel)")
    r.add_argument("--platform", help="cuda, hip, bang or c (default: detect)")
    r.add_argument("--inputs", help=".npz with one array (or 0-d scalar) per parameter name")
    r.add_argument("--set", action="append", metavar="NAME=VALUE", help="scalar parameter value")
    r.add_argument("--random-size", type=int, help="random inputs of this many elements for pointer parameters "
                                                    "not given otherwise")
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--grid", type=_triple)
    r.add_argument("--block", type=_triple)
    r.add_argument("--shared", type=int, help="dynamic shared memory bytes")
    r.add_argument("--tasks", type=int, help="BANG task count (dim.x)")
    r.add_argument("--func-type", default="union1", help="BANG function type: block, union1, union2, ...")
    r.add_argument("--bang-arch", help="BANG architecture (capacities), e.g. mtp_592, mtp_372")
    r.add_argument("--timeout", type=float, default=60.0)
    r.add_argument("-o", "--output", help="write outputs to this .npz")
    r.set_defaults(func=cmd_run)
    lf = sub.add_parser("lift", help="lift a kernel to the canonical loop program (C, or IR with --emit-ir), verified")
    lf.add_argument("file")
    lf.add_argument("--entry")
    lf.add_argument("--platform")
    lf.add_argument("--case", type=int, default=0, help="suite files: which case (launch and sizes)")
    _verification_args(lf, seeds=[1, 2], timeout=60.0)
    lf.add_argument("--emit-ir", action="store_true", help="print the IR instead of C")
    lf.add_argument("--no-verify", action="store_true")
    lf.add_argument("--keep-unverified", action="store_true", help="with -o: write even if verification fails")
    lf.add_argument("-o", "--output")
    lf.set_defaults(func=cmd_lift)
    t = sub.add_parser("translate", help="translate a kernel (or a directory) to another model, verified")
    t.add_argument("source", help="kernel file or directory")
    t.add_argument("--to", required=True, choices=["cuda", "hip", "bang", "c"])
    t.add_argument("--from", dest="source_model", help="source model (default: detect)")
    t.add_argument("--entry")
    t.add_argument("--case", type=int, default=0, help="suite files: which case (launch and sizes)")
    _verification_args(t, seeds=[1, 2, 3], timeout=120.0)
    t.add_argument("-o", "--output")
    t.add_argument("--out-root", help="directory mode: where outputs and report.json/csv go")
    t.add_argument("--keep-unverified", action="store_true", help="write a failed translation, marked unverified")
    t.add_argument("--examine", action="store_true", help="show what would be done; write nothing")
    t.add_argument("--no-size-check", action="store_true",
                   help="suite files: do not also run the output on the file's other cases (sizes)")
    t.set_defaults(func=cmd_translate)
    b = sub.add_parser("bench", help="check the kernel suite on the CPU engines")
    b.add_argument("--sources", action="store_true", help="run every suite kernel against its NumPy reference")
    b.add_argument("--lift", action="store_true", help="lift every suite kernel and verify it against the source")
    b.add_argument("--translate", action="store_true", help="translate every suite kernel to every other model")
    b.add_argument("--target", action="append", help="--translate: only these target models")
    b.add_argument("--compile", action="store_true", help="--translate: also compile outputs with nvcc / hipcc / gcc")
    b.add_argument("--save", metavar="DIR", help="--translate: write verified outputs as one-case suite files under DIR")
    b.add_argument("--sizes", action="store_true",
                   help="--translate: also run each verified output on the file's other cases (sizes)")
    b.add_argument("--subset", choices=["all", "files", "parametric", "ci"], default="all",
                   help="files: one case per file; parametric: one case per parametric file; ci: a representative subset")
    b.add_argument("--suite", help="suite kernel folder (default: suite/kernels of this checkout)")
    b.add_argument("--model", action="append", help="only these models (repeatable)")
    b.add_argument("--operator", action="append", help="only these operators (repeatable)")
    b.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    b.add_argument("-j", "--jobs", type=int, default=2)
    b.add_argument("--json", help="write per-kernel results here")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.set_defaults(func=cmd_bench)
    return p


def cmd_bench(args) -> int:
    if args.lift:
        from .suite.lift_bench import main_lift
        return main_lift(args)
    if args.translate:
        from .translate.suite import main_translate
        return main_translate(args)
    if not args.sources:
        print("xpiler bench: choose what to run (--sources or --lift)", file=sys.stderr)
        return 2
    from .suite.bench import main_sources
    return main_sources(args)


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except XpilerError as e:
        print(str(e), file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
