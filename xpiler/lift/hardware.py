"""What the hardware names of each model mean in the SPMD form, given the launch.

`Hardware.value(name, field)` turns `threadIdx.x`, `blockDim.y`, `taskId`, `coreDim`, ... into IR
expressions over the free index variables of `spmd.INDEX_VARS` (launch extents become constants);
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
    """CUDA / HIP: grid of blocks of threads; warps of 32 (CUDA) or 64 (HIP) lanes."""

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
            return Const(self.grid[axis], "uint32")
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


class BangHardware(Hardware):
    """BANG: a launch of `tasks` (x, y, z) as Block tasks (each its own job) or UnionN jobs of N
    clusters x 4 cores. SPMD variables: `clusterId` = the job, `coreId` = the task within the job
    (names of spmd.INDEX_VARS); the real taskId / coreId / clusterId derive from them."""

    CORES_PER_CLUSTER = 4

    def __init__(self, tasks, func_type: str):
        self.tasks = tuple(tasks) + (1,) * (3 - len(tuple(tasks)))
        self.func_type = func_type.lower()
        n = self.tasks[0] * self.tasks[1] * self.tasks[2]
        self.task_dim = n
        if self.func_type == "block":
            self.per_job = 1
        else:
            clusters = int(self.func_type.replace("union", "") or 1)
            self.per_job = clusters * self.CORES_PER_CLUSTER
        self.jobs = max(1, n // self.per_job)
        self.hierarchy = Hierarchy.bang(self.jobs, self.per_job)

    def task_id(self) -> Expr:
        job, core = Var(INDEX_VARS["clusterId"], "int32"), Var(INDEX_VARS["coreId"], "int32")
        return job * self.per_job + core if self.per_job > 1 else job

    def value(self, name, field):
        if field is not None:
            return None
        X, Y, Z = self.tasks
        tid = self.task_id()
        block = self.func_type == "block"
        table = {
            "taskId": lambda: tid,
            "taskIdX": lambda: tid % X, "taskIdY": lambda: (tid / X) % Y, "taskIdZ": lambda: tid / (X * Y),
            "taskDim": lambda: Const(self.task_dim, "int32"), "taskDimX": lambda: Const(X, "int32"),
            "taskDimY": lambda: Const(Y, "int32"), "taskDimZ": lambda: Const(Z, "int32"),
            "coreId": lambda: Const(0, "int32") if block else tid % self.CORES_PER_CLUSTER,
            "clusterId": lambda: Const(0, "int32") if block else tid / self.CORES_PER_CLUSTER,
            "coreDim": lambda: Const(1 if block else self.CORES_PER_CLUSTER, "int32"),
            "clusterDim": lambda: Const(0 if block else self.task_dim // self.CORES_PER_CLUSTER, "int32"),
        }
        f = table.get(name)
        if f is None and name in ("__MLU_NRAM_SIZE__", "__MLU_WRAM_SIZE__", "__MLU_SRAM_SIZE__", "__BANG_ARCH__"):
            from ..models.bang.arch import get_arch
            arch = get_arch(None)
            return Const({"__MLU_NRAM_SIZE__": arch.nram_kb, "__MLU_WRAM_SIZE__": arch.wram_kb,
                          "__MLU_SRAM_SIZE__": arch.sram_kb, "__BANG_ARCH__": arch.number}[name], "int32")
        return f() if f else None

    def barrier(self, name):
        if name in ("__sync_all", "__sync_all_ipu", "__sync_cluster", "__sync_all_ipu_within_cluster"):
            return "block" if self.per_job > 1 else ""
        if name in ("__sync_io", "__sync_compute", "__sync_io_move_compute", "__sync_move", "__sync",
                    "__sync_all_mpu", "__asm_sync"):
            return ""
        return None


def hardware_for(model: str, launch) -> Hardware:
    if model in ("cuda", "hip"):
        return GpuHardware(launch.grid, launch.block, 32 if model == "cuda" else 64, launch.shared_bytes or 0)
    if model == "bang":
        return BangHardware(launch.grid, launch.func_type or "union1")
    return NoHardware()
