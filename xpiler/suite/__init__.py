"""The native kernel suite: operators with NumPy references, and the kernel files that implement
them in every programming model."""
