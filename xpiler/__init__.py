"""Xpiler: run and translate tensor kernels across CUDA, HIP, BANG C and C+VNNI on a plain CPU."""
from .errors import XpilerError, SourceLocation
from .source.loader import load_source
from .runner import run, Result

__all__ = ["run", "Result", "load_source", "XpilerError", "SourceLocation"]
__version__ = "0.1.0"
