"""Lowering of canonical loop programs to target hardware (one module per target family).

``gpu.py``: CUDA / HIP (loop binding to grid and threads, block reductions, memory placement,
barriers, the CUDA/HIP printer); ``cuda_hip.py``: the direct CUDA <-> HIP source mapping.
"""
