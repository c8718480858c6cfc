"""Writes the suite's kernel files from the templates in suite/templates/<model>/<operator>.py.

A template module defines `render(shape: dict) -> dict` returning:
  source (str, without the metadata line), entry, args, and optionally dtypes, launch, style, parametric.
The generated files are committed; run `python -m xpiler.suite.generate` after changing a template.
"""
from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from .manifest import EXTENSIONS, SUITE_ROOT, header_line
from .operators import BY_NAME
from .tolerance import tolerance


def load_template(path: Path):
    spec = importlib.util.spec_from_file_location(f"suite_template_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def generate(model: str, operator: str, out_root: Path) -> list[Path]:
    """Render every shape; shapes that render to the same source share one (parametric) file."""
    template = SUITE_ROOT / "templates" / model / f"{operator}.py"
    module = load_template(template)
    op = BY_NAME[operator]
    groups: dict[tuple, dict] = {}
    for shape in getattr(module, "SHAPES", op.shapes):
        r = module.render(dict(shape))
        dtypes = dict(r.get("dtypes", {}))
        for name in r["args"]:
            if name not in {t.name for t in op.tensors} and name not in shape:
                raise ValueError(f"{template}: arg '{name}' is neither a tensor of {operator} nor a shape key")
        key = (r["source"], r["entry"], tuple(r["args"]), tuple(sorted(dtypes.items())))
        meta = groups.setdefault(key, {
            "operator": operator, "model": model, "entry": r["entry"], "args": r["args"], "dtypes": dtypes,
            "style": r.get("style", ""), "parametric": bool(r.get("parametric", False)),
            "inputs": {t.name: t.dist for t in op.tensors if t.role != "out"}, "cases": []})
        in_dtypes = [dtypes.get(t.name, "float32") for t in op.tensors if t.role == "in"]
        meta["cases"].append({"shape": shape, "launch": r.get("launch"),
                              "tolerance": {t: tolerance(dtypes.get(t, "float32"), op.reduce_length(shape), in_dtypes)
                                            for t in op.outputs}})
    folder = out_root / model / operator
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(f"*{EXTENSIONS[model]}"):
        stale.unlink()
    written = []
    for index, ((source, *_), meta) in enumerate(groups.items()):
        name = operator if len(groups) == 1 else f"{operator}_{index}"
        path = folder / f"{name}{EXTENSIONS[model]}"
        path.write_text(header_line(meta) + source.lstrip("\n"))
        written.append(path)
    return written


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model", action="append")
    ap.add_argument("--operator", action="append")
    args = ap.parse_args(argv)
    out_root = SUITE_ROOT / "kernels"
    count = 0
    for model_dir in sorted((SUITE_ROOT / "templates").iterdir()):
        if not model_dir.is_dir() or (args.model and model_dir.name not in args.model):
            continue
        for template in sorted(model_dir.glob("*.py")):
            if template.stem.startswith("_") or (args.operator and template.stem not in args.operator):
                continue
            count += len(generate(model_dir.name, template.stem, out_root))
    print(f"wrote {count} kernel files under {out_root}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
