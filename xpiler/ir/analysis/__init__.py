"""Analyses over the IR: polynomial (affine) forms of integer expressions, value ranges, memory
accesses and loop dependences."""
