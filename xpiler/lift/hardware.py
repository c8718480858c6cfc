"""What the hardware names of each model mean in the SPMD form, given the launch.

`Hardware.value(name, field)` turns `threadIdx.x`, `blockDim.y`, `taskId`, `coreDim`, ... into IR
expressions over the free index variables of `spmd.INDEX_VARS` (launch extents become constants,
or expressions of the scalar parameters for a grid given by a launch rule);
`barrier(name)` maps a synchronisation call to a barrier scope ("" for calls that only order a
core's own pipelines and are no-ops for a sequential program).
"""
from __future__ import annotations

from ..ir.expr import Const, Expr, Var, cast
from .spmd import INDEX_VARS, Hierarchy


class Hardware:
    hierarchy: Hierarchy | None = None
    warp_size = 0

    def value(self, name: str, field: str | None) -> Expr | None:
        return None

    def barrier(self, name: str) -> str | None:
        return None

    def linear_thread(self) -> Expr:
        raise NotImplementedError


class NoHardware(Hardware):
    """C: one sequential program, no workers."""


class GpuHardware(Hardware):
    """CUDA / HIP: grid of blocks of threads; warps of 32 (CUDA) or 64 (HIP) lanes. A grid extent
    may be an IR expression of the scalar parameters (a launch rule, see launch_rule.py): gridDim
    and the grid loops then follow the sizes at run time."""

    def __init__(self, grid, block, warp_size: int, shared_bytes: int = 0):
        self.grid, self.block, self.warp_size = tuple(grid), tuple(block), warp_size
        self.shared_bytes = shared_bytes
        self.hierarchy = Hierarchy.gpu(self.grid, self.block, warp_size)

    def value(self, name, field):
        axis = {"x": 0, "y": 1, "z": 2}.get(field or "")
        if name in ("threadIdx", "blockIdx") and axis is not None:
            return Var(INDEX_VARS[f"{name}.{field}"], "uint32")
        if name == "blockDim" and axis is not None:
            return Const(self.block[axis], "uint32")
        if name == "gridDim" and axis is not None:
            g = self.grid[axis]
            return cast("uint32", g) if isinstance(g, Expr) else Const(g, "uint32")
        if name == "warpSize":
            return Const(self.warp_size, "int32")
        hip = {"hipThreadIdx_": "threadIdx", "hipBlockIdx_": "blockIdx", "hipBlockDim_": "blockDim",
               "hipGridDim_": "gridDim"}
        for prefix, real in hip.items():
            if name.startswith(prefix) and field is None:
                return self.value(real, name[len(prefix):])
        return None

    def barrier(self, name):
        if name in ("__syncthreads", "__syncthreads_or"):
            return "block"
        if name in ("__syncwarp",):
            return "warp"
        if name in ("__threadfence", "__threadfence_block", "__builtin_amdgcn_s_barrier_noop"):
            return ""
        return None

    def linear_thread(self) -> Expr:
        bx, by, _ = self.block
        t = Var("threadIdx_x", "uint32")
        if by > 1 or self.block[2] > 1:
            t = t + Const(bx, "uint32") * (Var("threadIdx_y", "uint32") + Const(by, "uint32") * Var("threadIdx_z", "uint32"))
        return cast("int32", t)


def hardware_for(model: str, launch) -> Hardware:
    """The model's own mapping (`hardware(launch)` in models/<m>/lifting.py); none: a plain C program."""
    from .pipeline import model_lifting
    make = getattr(model_lifting(model), "hardware", None)
    return make(launch) if make is not None else NoHardware()
