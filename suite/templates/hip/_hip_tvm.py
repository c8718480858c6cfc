"""Helpers for the TVM-style (compiler-generated) HIP templates: constant-folded index expressions of a
fused, thread-bound loop, printed the way TVM's C source printer prints them (fully parenthesised,
`((int)blockIdx.x)` casts, `%e`-formatted float literals with an `f` suffix)."""


def flt(v):
    return "%.6ef" % v


def _sum(terms):
    expr = terms[0]
    for t in terms[1:]:
        expr = f"({expr} + {t})"
    return expr


def fused_loop(n, fused_name, max_threads=256, max_blocks=256):
    """Split a fused extent n into outer x blockIdx.x x threadIdx.x (ROCm's max_num_threads is 256).

    Returns (blocks, threads, index_expr, wrap) where wrap(lines) adds the outer loop and the tail guard."""
    threads = max(1, min(max_threads, n))
    blocks = max(1, min((n + threads - 1) // threads, max_blocks))
    per_iter = blocks * threads
    outer = (n + per_iter - 1) // per_iter
    outer_var = f"{fused_name}_outer"
    terms = ([f"({outer_var} * {per_iter})"] if outer > 1 else []) + \
            ([f"(((int)blockIdx.x) * {threads})"] if blocks > 1 else []) + ["((int)threadIdx.x)"]
    idx = _sum(terms)

    def wrap(lines):
        if outer * per_iter != n:
            if outer > 1:
                guard = _sum([f"({outer_var} * {blocks})", "((int)blockIdx.x)"]) if blocks > 1 else outer_var
                # TVM hoists the thread term out of the predicate when it can prove the bound per block
                cond = f"(({guard} * {threads}) + ((int)threadIdx.x)) < {n}" if blocks > 1 else f"{idx} < {n}"
            else:
                cond = f"{idx} < {n}"
            lines = [f"if ({cond}) {{"] + ["  " + ln for ln in lines] + ["}"]
        if outer > 1:
            lines = [f"for (int {outer_var} = 0; {outer_var} < {outer}; ++{outer_var}) {{"] + \
                    ["  " + ln for ln in lines] + ["}"]
        return lines

    return blocks, threads, idx, wrap


def indent(lines, by=2):
    return "\n".join(" " * by + ln for ln in lines)


def mul(expr, k):
    """`expr * k` with TVM's constant folding of 0 and 1."""
    if k == 0:
        return None
    return expr if k == 1 else f"({expr} * {k})"


def add(*terms):
    """Left-nested sum of the non-folded terms."""
    terms = [t for t in terms if t is not None]
    return _sum(terms) if terms else "0"


def largest_divisor(n, cap):
    return max(d for d in range(1, min(n, cap) + 1) if n % d == 0)
