"""Transformations: plain functions kernel -> kernel, named for what they do (one per file).
The pass registry (``xpiler.ir.passes``) wraps each as a named pass."""
from .dead_store import drop_self_feeding_buffers, eliminate_dead_stores
from .vector_constants import forward_vector_constants
from .fuse import fuse_loops
from .fuse_adjacent import fuse_adjacent_loops
from .lane_sums import raise_lane_sums
from .matmul_recognition import raise_matmul
from .reorder import check_reorder, reorder_loops
from .simplify import simplify, simplify_expr
from .split import split_loop
from .unroll import unroll_loop
from .util import IllegalTransformError, TransformError

__all__ = ["drop_self_feeding_buffers", "eliminate_dead_stores", "forward_vector_constants", "fuse_loops",
           "fuse_adjacent_loops", "check_reorder", "raise_lane_sums", "raise_matmul", "reorder_loops", "simplify",
           "simplify_expr", "split_loop", "unroll_loop", "IllegalTransformError", "TransformError"]
