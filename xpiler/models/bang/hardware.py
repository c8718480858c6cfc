"""BANG launch geometry for lifting: what taskId, coreId, clusterId, taskDim ... mean in the
SPMD form, and which synchronisation calls are barriers."""
from __future__ import annotations

from ...ir.expr import Const, Expr, Var
from ...lift.hardware import Hardware
from ...lift.spmd import INDEX_VARS, Hierarchy


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
            from .arch import get_arch
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
