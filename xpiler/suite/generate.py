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
    template = SUITE_ROOT / "templates" / model / f"{operator}.py"
    module = load_template(template)
    op = BY_NAME[operator]
    written = []
    shapes = getattr(module, "SHAPES", op.shapes)
    for index, shape in enumerate(shapes):
        r = module.render(dict(shape))
        dtypes = dict(r.get("dtypes", {}))
        meta = {"operator": operator, "model": model, "shape": shape, "entry": r["entry"], "args": r["args"],
                "dtypes": dtypes, "launch": r.get("launch"), "style": r.get("style", ""),
                "parametric": bool(r.get("parametric", False)),
                "inputs": {t.name: t.dist for t in op.tensors if t.role != "out"},
                "tolerance": {t: tolerance(dtypes.get(t, "float32"), op.reduce_length(shape),
                                           [dtypes.get(i.name, "float32") for i in op.tensors if i.role == "in"])
                              for t in op.outputs}}
        for name in r["args"]:
            if name not in {t.name for t in op.tensors} and name not in shape:
                raise ValueError(f"{template}: arg '{name}' is neither a tensor of {operator} nor a shape key")
        path = out_root / model / operator / f"{operator}_{index}{EXTENSIONS[model]}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(header_line(meta) + r["source"].lstrip("\n"))
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
