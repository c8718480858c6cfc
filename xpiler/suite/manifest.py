"""Suite kernel files and their metadata.

Each kernel file starts with one line `// xpiler-suite: {json}` that says which operator it
implements and how to call it:
  operator, model                   the operator (operators.py) and the programming model
  entry                             function to run (may carry template arguments)
  args                              for each parameter in order: a tensor name or a shape key
  dtypes                            element type per tensor (default float32)
  style, parametric                 how it is written; whether sizes are arguments
  inputs                            value distributions, copied from the operator spec
  cases                             one per shape the file serves (a fixed-size kernel serves one,
                                    a parametric kernel all of them): {"shape", "launch", "tolerance"}
                                    launch: {"grid", "block", "shared"} | {"tasks", "func_type"} | null;
                                    tolerance: per output (rtol, atol) from tolerance.py
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import XpilerError

HEADER = "// xpiler-suite: "
EXTENSIONS = {"cuda": ".cu", "hip": ".hip", "bang": ".mlu", "c": ".c"}
SUITE_ROOT = Path(__file__).resolve().parent.parent.parent / "suite"


@dataclass
class SuiteKernel:
    """One (file, shape) case of the suite."""

    path: Path
    meta: dict
    case: int = 0

    @property
    def case_meta(self) -> dict:
        return self.meta["cases"][self.case]

    @property
    def launch(self) -> dict | None:
        return self.case_meta.get("launch")

    @property
    def tolerance(self) -> dict:
        return self.case_meta["tolerance"]

    @property
    def name(self) -> str:
        return f"{self.path.stem}[{self.case}]" if len(self.meta["cases"]) > 1 else self.path.stem

    @property
    def operator(self) -> str:
        return self.meta["operator"]

    @property
    def model(self) -> str:
        return self.meta["model"]

    @property
    def shape(self) -> dict:
        return self.case_meta["shape"]

    def dtype(self, tensor: str) -> str:
        return self.meta.get("dtypes", {}).get(tensor, "float32")


def read_meta(path: Path) -> dict:
    with open(path, encoding="utf-8") as f:
        first = f.readline()
    if not first.startswith(HEADER):
        raise XpilerError(f"{path}:1: not a suite kernel (first line must start with '{HEADER.strip()}')")
    try:
        return json.loads(first[len(HEADER):])
    except json.JSONDecodeError as e:
        raise XpilerError(f"{path}:1: bad suite metadata: {e}") from None


def discover(root: Path | None = None, models=None, operators=None) -> list[SuiteKernel]:
    root = Path(root) if root else SUITE_ROOT / "kernels"
    out = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in EXTENSIONS.values() or not path.is_file():
            continue
        meta = read_meta(path)
        if models and meta["model"] not in models:
            continue
        if operators and meta["operator"] not in operators:
            continue
        out.extend(SuiteKernel(path, meta, i) for i in range(len(meta["cases"])))
    return out


def header_line(meta: dict) -> str:
    return HEADER + json.dumps(meta, separators=(", ", ": ")) + "\n"
