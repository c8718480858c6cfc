"""Conventions of the SPMD form: what a frontend produces and `recover_loops` consumes.

A frontend lifts one kernel function into a `Kernel` whose body is the program of ONE worker
(a CUDA/HIP thread, a BANG task), exactly as the source states it:

* hardware indices are free `Var`s named in `INDEX_VARS` (uint32 for CUDA/HIP as in C, int32 for
  BANG's clusterId/coreId); launch extents (blockDim, gridDim, taskDim, coreDim, warpSize) are
  already constants;
* synchronisation is `Barrier(scope)`: "warp" (a warp / wavefront: shuffles, votes and matrix
  instructions are expressed as stores to an exchange buffer, a warp barrier, loads), "block"
  (__syncthreads; BANG __sync_cluster: the cores of one cluster), "grid" (BANG __sync_all);
* per-worker storage is `Alloc` of scope "local" (and per-core "nram"/"wram" on BANG);
  per-block storage is `Alloc` of scope "shared" (per-cluster "sram") placed at the top of the body;
  `Let` values are per worker;
* intrinsics are `IntrinsicCall`s following `models/<m>/lifting.py` (see `CallConvention`), turned
  into scalar loop nests by `detensorize`.

The kernel's `attrs` carry the hierarchy as a `Hierarchy` under the key "hierarchy".
"""
from __future__ import annotations

from dataclasses import dataclass

# name of the free variable for each hardware index, per axis name used by ir.stmt.HARDWARE_AXES
INDEX_VARS = {
    "blockIdx.x": "blockIdx_x", "blockIdx.y": "blockIdx_y", "blockIdx.z": "blockIdx_z",
    "threadIdx.x": "threadIdx_x", "threadIdx.y": "threadIdx_y", "threadIdx.z": "threadIdx_z",
    "clusterId": "clusterId", "coreId": "coreId",
}


@dataclass(frozen=True)
class Level:
    """One level of the worker hierarchy: its axes (outermost first) with extents and dtypes."""

    name: str                                  # "grid" | "block"
    axes: tuple[tuple[str, int, str], ...]     # (hardware axis, extent, dtype of its index var)

    @property
    def size(self) -> int | None:
        """The number of workers; None when an extent is a run-time expression (a grid that a
        launch rule computes from the scalar parameters, see launch_rule.py)."""
        n = 1
        for _, e, _ in self.axes:
            if not isinstance(e, int):
                return None
            n *= e
        return n


@dataclass(frozen=True)
class Hierarchy:
    """grid level (blocks / clusters) then block level (threads / cores); warp_size > 1 when the
    block level is divided into warps (CUDA 32, HIP 64), 0 for BANG."""

    grid: Level
    block: Level
    warp_size: int = 0

    @staticmethod
    def gpu(grid: tuple[int, int, int], block: tuple[int, int, int], warp_size: int) -> "Hierarchy":
        g = Level("grid", tuple((f"blockIdx.{a}", n, "uint32") for a, n in zip("zyx", grid[::-1])))
        b = Level("block", tuple((f"threadIdx.{a}", n, "uint32") for a, n in zip("zyx", block[::-1])))
        return Hierarchy(g, b, warp_size)

    @staticmethod
    def bang(clusters: int, cores: int) -> "Hierarchy":
        return Hierarchy(Level("grid", (("clusterId", clusters, "int32"),)),
                         Level("block", (("coreId", cores, "int32"),)), 0)
