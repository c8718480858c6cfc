"""The frontend: one kernel function of a parsed source (any of the four models) -> SPMD IR.
See lifter.py; the lifter's parts live in one file each (types, declarations, control, loops,
expressions, calls)."""
from .common import LiftedSPMD, _off, _VecView  # noqa: F401
from .lifter import FunctionLifter  # noqa: F401
