"""Transformations: plain functions kernel -> kernel, named for what they do (one per file).
The pass registry (``xpiler.ir.passes``) wraps each as a named pass."""
from .dead_store import eliminate_dead_stores
from .fuse import fuse_loops
from .fuse_adjacent import fuse_adjacent_loops
from .reorder import check_reorder, reorder_loops
from .simplify import simplify, simplify_expr
from .split import split_loop
from .unroll import unroll_loop
from .util import IllegalTransformError, TransformError

__all__ = ["eliminate_dead_stores", "fuse_loops", "fuse_adjacent_loops", "check_reorder", "reorder_loops", "simplify",
           "simplify_expr", "split_loop", "unroll_loop", "IllegalTransformError", "TransformError"]
