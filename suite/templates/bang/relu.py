"""relu: compiler-generated style, fixed size (one file per shape).

The schedule a compiler derives for n elements on 16 Union1 tasks: each task owns a 128-byte-aligned
block of ceil(n / 16) elements (tasks past the end idle, the last busy task takes what is left),
split into NRAM chunks by an inner loop; everything constant-folded, pointers cast, and the
function-scope __nram__ buffer sized for one chunk."""

TASKS = 16
MAX_CHUNK = 32768


def _pad(v, a=32):
    return (v + a - 1) // a * a


def render(shape):
    n = shape["n"]
    per = _pad((n + TASKS - 1) // TASKS)
    full = n // per                    # tasks with a complete block
    tail = n - full * per              # elements of task `full`
    chunk = min(per, MAX_CHUNK)

    def at(base, const):
        """base (an expression or None) plus a folded constant, printed the way the compiler does."""
        if base is None:
            return f"({const})"
        return f"({base} + {const})" if const else f"({base})"

    def block(count, base, const, indent):
        lines = []
        outer, last = count // chunk, count % chunk
        if outer > 1:
            lines.append(f"for (int i0_inner_outer = 0; i0_inner_outer < {outer}; ++i0_inner_outer) {{")
            inner = f"(i0_inner_outer * {chunk})"
            off = f"({base}) + {inner}" if base else inner
            lines += ["  " + ln for ln in step(at(off, const), chunk)]
            lines.append("}")
        elif outer == 1:
            lines += step(at(base, const), chunk)
        if last:
            lines += step(at(base, const + outer * chunk), last)
        return [indent + ln for ln in lines]

    def step(off, count):
        return [f"__memcpy(((float *)x_local_nram + (0)), ((float *)x + {off}), {count * 4}, GDRAM2NRAM);",
                f"__bang_relu(((float *)x_local_nram + (0)), ((float *)x_local_nram + (0)), {_pad(count)});",
                f"__memcpy(((float *)out + {off}), ((float *)x_local_nram + (0)), {count * 4}, NRAM2GDRAM);"]

    body = []
    if full == TASKS:
        body += block(per, f"((int)taskId) * {per}", 0, "  ")
    elif full:
        body.append(f"  if (((int)taskId) < {full}) {{")
        body += block(per, f"((int)taskId) * {per}", 0, "    ")
        body.append("  }")
    if tail:
        body.append(f"  if (((int)taskId) == {full}) {{")
        body += block(tail, None, full * per, "    ")
        body.append("  }")
    source = f'''
#include <bang.h>

extern "C" __mlu_global__ void relu_kernel0(float* __restrict__ x, float* __restrict__ out) {{
  __nram__ float x_local_nram[{_pad(chunk)}];
''' + "\n".join(body) + "\n}\n"
    return {"source": source, "entry": "relu_kernel0", "args": ["x", "out"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated: ceil-div blocks per task, constant-folded sizes, casts, function-scope NRAM",
            "parametric": False}
