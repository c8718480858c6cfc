"""What the CUDA and HIP feature-case files share: the Case record, its registry, launch shorthand,
output poisoning and the comparison helpers."""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from xpiler.models.base import Launch

IPOISON = -0x2A2A2A2B
UPOISON = 0xDEADBEEF


@dataclass
class Case:
    name: str
    file: str                       # kernel file in this folder
    entry: str
    launch: Launch | None           # None: the engine finds it (host entry, or host code in the file)
    inputs: Callable                # rng -> {param: array or scalar}, in parameter order
    check: Callable                 # (inputs, outputs) -> None, asserts against the NumPy reference
    # GPU cross-check: outputs whose element order depends on scheduling are compared sorted;
    # tolerances (atol, rtol) per output for the verdict ("exact" when absent for integer data)
    unordered: tuple[str, ...] = ()
    gpu_tol: dict = field(default_factory=dict)
    # outputs that the GPU may legitimately compute differently (reported, not judged)
    gpu_informational: tuple[str, ...] = ()

    folder: Path = Path(".")

    @property
    def path(self) -> str:
        return str(self.folder / self.file)

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(zlib.crc32(self.name.encode()))


def registry(folder: Path):
    """(CASES list, @case decorator) for the kernel files in `folder`."""
    cases: list[Case] = []

    def case(name, file, entry, launch, **kw):
        def deco(pair):
            inputs, check = pair
            cases.append(Case(name, file, entry, launch, inputs, check, folder=folder, **kw))
            return pair
        return deco
    return cases, case


def L(grid, block, shared=0) -> Launch:
    g = tuple(grid) + (1,) * (3 - len(grid)) if isinstance(grid, tuple) else (grid, 1, 1)
    b = tuple(block) + (1,) * (3 - len(block)) if isinstance(block, tuple) else (block, 1, 1)
    return Launch(grid=g, block=b, shared_bytes=shared)


# ------------------------------------------------------------------------------------------ helpers
def fpoison(n, dtype=np.float32):
    return np.full(n, np.nan, dtype=dtype)


def ipoison(n, dtype=np.int32):
    return np.full(n, IPOISON if np.dtype(dtype).kind == "i" else UPOISON, dtype=dtype)


def close(got, ref, rtol, atol, what=""):
    got = np.asarray(got, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    assert got.shape == ref.shape, (what, got.shape, ref.shape)
    assert not np.isnan(got).any() or np.isnan(ref).any(), f"{what}: NaN (unwritten?) in output"
    bad = ~(np.isclose(got, ref, rtol=rtol, atol=atol) | (np.isnan(got) & np.isnan(ref)))
    if bad.any():
        i = np.flatnonzero(bad)[:5]
        raise AssertionError(f"{what}: {bad.sum()} of {bad.size} differ; at {i.tolist()} got "
                             f"{got.ravel()[i].tolist()} expected {ref.ravel()[i].tolist()}")


def equal(got, ref, what=""):
    got, ref = np.asarray(got), np.asarray(ref)
    assert got.shape == ref.shape, (what, got.shape, ref.shape)
    if got.dtype.kind == "f":
        same = (got == ref) | (np.isnan(got) & np.isnan(ref))
        same &= (np.signbit(got) == np.signbit(ref)) | np.isnan(ref)
    else:
        same = got == ref
    if not same.all():
        i = np.flatnonzero(~same)[:5]
        raise AssertionError(f"{what}: {(~same).sum()} of {same.size} differ; at {i.tolist()} got "
                             f"{got.ravel()[i].tolist()} expected {ref.ravel()[i].tolist()}")


